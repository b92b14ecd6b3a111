import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { MAIN_ACCOUNT_SID } from '../simulator/fixtures.js';
import { TwilioSimulator } from '../simulator/server.js';
import type { AirbyteMessage } from '../src/protocol/messages.js';
import { apiKeyConfig, catalogOf, errorsOf, logsOf, recordsOf, runSource, statusesOf } from './helpers/connector.js';
import { itSlow } from './helpers/tiers.js';

const BOTH = catalogOf('conferences', 'conference_participants');
const wrongSecret = { ...apiKeyConfig, credentials: { ...apiKeyConfig.credentials, api_key_secret: 'not-the-secret' } };

let simulator: TwilioSimulator;
beforeAll(async () => {
  simulator = await TwilioSimulator.start();
});
beforeEach(() => {
  simulator.faults.clear();
});
afterAll(async () => {
  await simulator.close();
});

/** Each stream's statuses and records in the order they came out: S, R, C, I for statuses, r for a record. */
function timeline(messages: AirbyteMessage[], stream: string): string {
  return messages
    .map((message) => {
      if (message.type === 'RECORD' && message.record.stream === stream) return 'r';
      if (message.type === 'TRACE' && message.trace.type === 'STREAM_STATUS' && message.trace.stream_status.stream_descriptor.name === stream) {
        return message.trace.stream_status.status[0];
      }
      return '';
    })
    .join('')
    .replace(/r+/g, 'r');
}

describe('stream statuses as the platform reads them', () => {
  it('reports RUNNING only once a stream has data, and for an empty stream before it completes', async () => {
    const ok = await runSource('read', { baseUrl: simulator.url, config: apiKeyConfig, catalog: BOTH });
    expect(ok.exitCode).toBe(0);
    expect(timeline(ok.messages, 'conferences')).toBe('SRrC');
    expect(timeline(ok.messages, 'conference_participants')).toBe('SRrC');

    const empty = await runSource('read', {
      baseUrl: simulator.url,
      config: { ...apiKeyConfig, start_date: new Date().toISOString().slice(0, 10) },
      catalog: catalogOf('conferences'),
    });
    expect(recordsOf(empty.messages, 'conferences')).toEqual([]);
    expect(timeline(empty.messages, 'conferences')).toBe('SRC');
  });

  it('does not report RUNNING for a stream that fails before any data', async () => {
    const result = await runSource('read', { baseUrl: simulator.url, config: wrongSecret, catalog: BOTH });
    expect(result.exitCode).toBe(1);
    expect(statusesOf(result.messages, 'conferences')).toEqual(['STARTED', 'INCOMPLETE']);
    expect(statusesOf(result.messages, 'conference_participants')).toEqual(['STARTED', 'INCOMPLETE']);
  });

  it('reports STARTED before INCOMPLETE for a stream it does not have or a sync mode it does not support', async () => {
    const catalog = catalogOf('no_such_stream', 'conference_participants');
    catalog.streams[1]!.sync_mode = 'incremental';
    const result = await runSource('read', { baseUrl: simulator.url, config: apiKeyConfig, catalog });
    expect(result.exitCode).toBe(1);
    expect(statusesOf(result.messages, 'no_such_stream')).toEqual(['STARTED', 'INCOMPLETE']);
    expect(statusesOf(result.messages, 'conference_participants')).toEqual(['STARTED', 'INCOMPLETE']);
  });

  itSlow('reports a throttled stream RATE_LIMITED, with when the limit should reset', async () => {
    simulator.faults.add({ fault: { type: 'status', status: 429, retryAfter: 1 }, pathIncludes: 'Conferences.json', attempts: 1 });
    const before = Date.now();
    const result = await runSource('read', { baseUrl: simulator.url, config: apiKeyConfig, catalog: catalogOf('conferences') });
    expect(result.exitCode).toBe(0);
    const reasons = result.messages.flatMap((message) =>
      message.type === 'TRACE' && message.trace.type === 'STREAM_STATUS' ? [[message.trace.stream_status.status, message.trace.stream_status.reasons]] : [],
    );
    expect(reasons).toEqual([
      ['STARTED', undefined],
      ['RUNNING', [{ type: 'RATE_LIMITED', rate_limited: { quota_reset: expect.any(Number) } }]],
      ['RUNNING', undefined],
      ['COMPLETE', undefined],
    ]);
    const [, [, [limited] = []] = []] = reasons;
    expect((limited as { rate_limited: { quota_reset: number } }).rate_limited.quota_reset).toBeGreaterThanOrEqual(before + 1000);
  });
});

describe('one failure, one trace', () => {
  it('gives a 401 one error per failing stream and a summary that does not repeat them', async () => {
    const result = await runSource('read', { baseUrl: simulator.url, config: wrongSecret, catalog: BOTH });
    const errors = errorsOf(result.messages);
    expect(errors.map((error) => error.stream_descriptor?.name)).toEqual(['conferences', 'conference_participants', undefined]);
    const summary = errors[2]?.message ?? '';
    expect(summary).toMatch(/^2 of 2 streams failed: conferences, conference_participants\. conferences, conference_participants: Twilio rejected the credentials/);
    expect(summary.split('Twilio rejected the credentials')).toHaveLength(2);
  });

  it('logs one WARN per attempt of each request, each naming its request', async () => {
    simulator.faults.add({ fault: { type: 'status', status: 500 }, pathIncludes: 'Conferences.json', attempts: 2 });
    const result = await runSource('read', { baseUrl: simulator.url, config: apiKeyConfig, catalog: BOTH });
    expect(result.exitCode).toBe(0);
    const retries = logsOf(result.messages, 'WARN').filter((text) => text.startsWith('Retrying '));
    // conferences, then Status=init and Status=in-progress for the participants: three requests, two retries each.
    expect(retries).toHaveLength(6);
    expect(new Set(retries).size).toBe(6);
    expect(retries.filter((text) => text.includes(`${MAIN_ACCOUNT_SID}/Conferences.json?Status=init`))).toHaveLength(2);
  });
});
