/**
 * A full refresh of `conversation_messages` killed half-way (SIGKILL: no chance to say goodbye), then read again with
 * the last state it wrote, as the Airbyte platform retries a failed attempt.
 */
import { createInterface } from 'node:readline';
import { describe, expect, it } from '@jest/globals';
import { DEFAULT_CLOCK, DEFAULT_FIXTURE, MAIN_ACCOUNT_SID } from '../../simulator/fixtures.js';
import type { AirbyteMessage } from '../../src/protocol/messages.js';
import { apiKeyConfig, catalogOf, parseMessages, recordsOf, runConnector, startCli, statesOf, withInputFiles } from '../helpers/connector.js';
import { withSimulator } from '../helpers/simulator.js';

const CATALOG = catalogOf('conversation_messages');
const CONFIG = { ...apiKeyConfig, max_concurrency: 2 };
const DATASET = { ...DEFAULT_FIXTURE, rowCounts: { conversations: 30, 'conversation-messages': 3 } };

interface Progress {
  through?: { conversationSid: string };
  also: { conversationSid: string }[];
}

/** Runs a read and kills it once it has written a state that has finished some conversations; what it wrote by then. */
async function readUntilKilled(baseUrl: string): Promise<AirbyteMessage[]> {
  return withInputFiles('read', { config: CONFIG, catalog: CATALOG }, async (args) => {
    const child = startCli(args, { baseUrl });
    const lines: string[] = [];
    let killed = false;
    await new Promise<void>((resolve) => {
      // What comes after the kill may end in a line cut short: the lines up to the state are what the platform keeps.
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (killed) return;
        lines.push(line);
        killed = line.includes('"through"') && child.kill('SIGKILL');
      });
      child.on('close', () => resolve());
    });
    return parseMessages(lines.map((line) => `${line}\n`).join(''));
  });
}

describe('a full refresh killed half-way', () => {
  it('read again with its last state asks for no conversation it had finished, and the two reads hold every message', async () => {
    await withSimulator({ clock: DEFAULT_CLOCK, dataset: DATASET, latencyMs: 30 }, async (simulator) => {
      const whole = await runConnector('read', { baseUrl: simulator.url, config: CONFIG, catalog: CATALOG });
      const everyMessage = new Set(recordsOf(whole.messages, 'conversation_messages').map((record) => record.data['sid']));
      const listed = recordsOf((await runConnector('read', { baseUrl: simulator.url, config: CONFIG, catalog: catalogOf('conversations') })).messages, 'conversations').map((record) =>
        String(record.data['sid']),
      );

      const killed = await readUntilKilled(simulator.url);
      const state = statesOf(killed, 'conversation_messages').at(-1)?.stream.stream_state as { full_refresh: { accounts: Record<string, Progress> } };
      const progress = state.full_refresh.accounts[MAIN_ACCOUNT_SID];
      const through = listed.indexOf(progress?.through?.conversationSid ?? '');
      const finished = new Set([...listed.slice(0, through + 1), ...(progress?.also ?? []).map((key) => key.conversationSid)]);
      expect(through).toBeGreaterThanOrEqual(0);
      expect(finished.size).toBeLessThan(listed.length);

      simulator.resetStats();
      const again = await runConnector('read', {
        baseUrl: simulator.url,
        config: CONFIG,
        catalog: CATALOG,
        state: [{ type: 'STREAM', stream: { stream_descriptor: { name: 'conversation_messages' }, stream_state: state } }],
      });
      expect(again.exitCode).toBe(0);
      const asked = simulator
        .stats()
        .log.filter((entry) => entry.kind === 'conversation-messages')
        .map((entry) => /\/Conversations\/(CH\w+)\//.exec(entry.path)?.[1]);
      expect(asked.filter((sid) => sid !== undefined && finished.has(sid))).toEqual([]);
      const both = new Set([...recordsOf(killed, 'conversation_messages'), ...recordsOf(again.messages, 'conversation_messages')].map((record) => record.data['sid']));
      expect(both).toEqual(everyMessage);
      expect(statesOf(again.messages, 'conversation_messages').at(-1)?.stream.stream_state).toEqual({});
    });
  });
});
