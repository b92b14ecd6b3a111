/**
 * Users keep their cursors: the state each incremental stream's first sync wrote with version 0.2.0 (recorded in
 * fixtures/states-of-0.2.0.json, main Auth Token, default fixture, the simulator at DEFAULT_CLOCK) resumes without loss
 * or a full re-read. Two streams kept their parent's cursor field then and keep their own now: the saved one is read
 * as the same cursor, and the next state names their own field.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_CLOCK } from '../simulator/fixtures.js';
import { TwilioSimulator } from '../simulator/server.js';
import type { JsonObject } from '../src/protocol/messages.js';
import { STREAMS } from '../src/streams/index.js';
import { authTokenConfig, errorsOf, incrementalCatalogOf, recordsOf, runSource, statesOf } from './helpers/connector.js';

type SavedState = { accounts: Record<string, Record<string, string>> };
const SAVED = JSON.parse(readFileSync(new URL('./fixtures/states-of-0.2.0.json', import.meta.url), 'utf8')) as Record<string, SavedState>;
/** The incremental streams added since 0.2.0, which no saved state can predate. */
const ADDED_SINCE = new Set(['call_summaries', 'taskrouter_events', 'verification_attempts', 'rooms', 'room_participants', 'video_recordings', 'compositions']);
const INCREMENTAL = STREAMS.filter((stream) => stream.incremental !== undefined && !ADDED_SINCE.has(stream.name));

let simulator: TwilioSimulator;
beforeAll(async () => {
  simulator = await TwilioSimulator.start({ clock: DEFAULT_CLOCK });
});
afterAll(() => simulator.close());

async function readFrom(stream: string, state: JsonObject) {
  simulator.resetStats();
  const result = await runSource('read', {
    baseUrl: simulator.url,
    config: authTokenConfig,
    catalog: incrementalCatalogOf(stream),
    state: [{ type: 'STREAM', stream: { stream_descriptor: { name: stream }, stream_state: state } }],
  });
  const requests = simulator.stats().log.map((entry) => entry.path).sort();
  const records = recordsOf(result.messages, stream).map((record) => JSON.stringify(record.data)).sort();
  return { result, requests, records };
}

/** The same cursors under the field the stream declares now. */
const underOwnField = (saved: SavedState, field: string): JsonObject => ({
  accounts: Object.fromEntries(Object.entries(saved.accounts).map(([account, cursor]) => [account, { [field]: Object.values(cursor)[0] ?? '' }])),
});

describe('a state saved by version 0.2.0', () => {
  it('is recorded for every incremental stream of 0.2.0', () => {
    expect(Object.keys(SAVED).sort()).toEqual(INCREMENTAL.map((stream) => stream.name).sort());
    expect(STREAMS.filter((stream) => ADDED_SINCE.has(stream.name) && stream.incremental !== undefined)).toHaveLength(ADDED_SINCE.size);
  });

  it.each(INCREMENTAL.map((stream) => [stream.name, stream.incremental?.cursorField ?? ''] as const))(
    '%s resumes from its cursors: the same requests and records as from them under `%s`, and keeps them',
    async (name, cursorField) => {
      const saved = SAVED[name];
      if (saved === undefined) throw new Error(`No saved state of ${name}.`);
      const fromSaved = await readFrom(name, saved);
      expect(errorsOf(fromSaved.result.messages)).toEqual([]);
      expect(fromSaved.result.exitCode).toBe(0);
      const fromOwn = await readFrom(name, underOwnField(saved, cursorField));
      expect(fromSaved.requests).toEqual(fromOwn.requests);
      expect(fromSaved.records).toEqual(fromOwn.records);
      // Each account's cursor is where it was or later, under the stream's own cursor field.
      const next = statesOf(fromSaved.result.messages, name).at(-1)?.stream.stream_state as SavedState;
      for (const [account, cursor] of Object.entries(saved.accounts)) {
        expect(Object.keys(next.accounts[account] ?? {})).toEqual([cursorField]);
        expect((next.accounts[account]?.[cursorField] ?? '') >= (Object.values(cursor)[0] ?? '')).toBe(true);
      }
    },
  );
});
