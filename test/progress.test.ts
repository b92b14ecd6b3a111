import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_FIXTURE, MAIN_ACCOUNT_SID, SUBACCOUNT_SID } from '../simulator/fixtures.js';
import { TwilioSimulator } from '../simulator/server.js';
import { airbyteMessageSchema, type AirbyteMessage } from '../src/protocol/messages.js';
import {
  authTokenConfig,
  catalogOf,
  incrementalCatalogOf,
  logsOf,
  recordsOf,
  runSource,
  type RunResult,
} from './helpers/connector.js';
import { describeSlow } from './helpers/tiers.js';

/** The simulator spaces an account's conferences five minutes apart: 288 a day, one page per day window. */
const CONFERENCES_PER_DAY = 288;
const DAYS = 40;
/** Noon of the day after the last conference: 41 day windows per account, the last half a day long. */
const CLOCK = '2025-07-11T12:00:00Z';
const INTERVAL_MS = 400;

/** Two accounts (the main one and its active subaccount) read at once, two requests at once, each page slowed down. */
const windowedConfig = { ...authTokenConfig, start_date: '2025-06-01', slice_days: 1, max_concurrency: 2 };

let simulator: TwilioSimulator;

beforeAll(async () => {
  simulator = await TwilioSimulator.start({
    latencyMs: 40,
    clock: CLOCK,
    dataset: { ...DEFAULT_FIXTURE, conferencesPerAccount: DAYS * CONFERENCES_PER_DAY },
  });
});
afterAll(async () => {
  await simulator.close();
});

function read(intervalMs: number, catalog: unknown = incrementalCatalogOf('conferences'), config: object = windowedConfig): Promise<RunResult> {
  return runSource('read', { config, catalog, baseUrl: simulator.url, env: { TWILIO_PROGRESS_INTERVAL_MS: String(intervalMs) } });
}

/** One account being read (`account 2 of 2`), or both at once (`2 of 2 accounts being read, 0 done`); the days are theirs. */
const PROGRESS_LINE =
  /^conferences: (?:account (\d) of 2|(2) of 2 accounts being read, 0 done), (\d+) of (\d+) days, ([\d,]+) records, ([\d,]+) records\/s(?:, about (\d+) (s|min) left)?$/;
const progressLinesOf = (messages: AirbyteMessage[]) => logsOf(messages, 'INFO').filter((text) => /^conferences: (account \d+ of|\d+ of \d+ accounts)/.test(text));

/** Each ESTIMATE with the records of its stream written before it. */
function estimatesOf(messages: AirbyteMessage[], stream: string): { rows: number | undefined; recordsBefore: number }[] {
  let records = 0;
  return messages.flatMap((message) => {
    if (message.type === 'RECORD' && message.record.stream === stream) records += 1;
    if (message.type !== 'TRACE' || message.trace.type !== 'ESTIMATE' || message.trace.estimate.name !== stream) return [];
    return [{ rows: message.trace.estimate.row_estimate, recordsBefore: records }];
  });
}

/**
 * The estimates before the last that were in force once a fifth of the records had been written: those sent after that
 * point and the one sent last before it (an estimate that does not change is not sent again).
 */
function inForceOnceAFifthIsRead(estimates: ReturnType<typeof estimatesOf>, total: number): (number | undefined)[] {
  const earlier = estimates.slice(0, -1);
  const first = earlier.findIndex(({ recordsBefore }) => recordsBefore >= total / 5);
  const from = first === -1 ? earlier.length - 1 : Math.max(0, first - 1);
  return earlier.slice(from).map(({ rows }) => rows);
}

describeSlow('a read that lasts some seconds (two accounts, 41 day windows each, slow answers)', () => {
  let run: RunResult;
  let durationMs: number;
  let requests: { all: number; conferences: number };
  const total = 2 * DAYS * CONFERENCES_PER_DAY;

  beforeAll(async () => {
    simulator.resetStats();
    const started = Date.now();
    run = await read(INTERVAL_MS);
    durationMs = Date.now() - started;
    const stats = simulator.stats();
    requests = { all: stats.requests, conferences: stats.log.filter((entry) => entry.kind === 'conferences').length };
  });

  it('reads every conference of both accounts', () => {
    expect(run.exitCode).toBe(0);
    expect(recordsOf(run.messages, 'conferences')).toHaveLength(total);
  });

  it('sends valid STREAM estimates, the last equal to the record count, the earlier ones within a factor of two once a fifth is read', () => {
    const traces = run.messages.filter((message) => message.type === 'TRACE' && message.trace.type === 'ESTIMATE');
    for (const trace of traces) {
      expect(airbyteMessageSchema.safeParse(trace).success).toBe(true);
      expect(trace).toEqual({
        type: 'TRACE',
        trace: { type: 'ESTIMATE', emitted_at: expect.any(Number), estimate: { name: 'conferences', type: 'STREAM', row_estimate: expect.any(Number) } },
      });
    }
    const estimates = estimatesOf(run.messages, 'conferences');
    expect(estimates.at(-1)).toEqual({ rows: total, recordsBefore: total });
    const informed = inForceOnceAFifthIsRead(estimates, total);
    expect(informed.length).toBeGreaterThanOrEqual(2);
    for (const rows of informed) {
      expect(rows).toBeGreaterThanOrEqual(total / 2);
      expect(rows).toBeLessThanOrEqual(total * 2);
    }
    // Never per record: far fewer estimates than windows.
    expect(estimates.length).toBeLessThan(2 * (DAYS + 1));
  });

  it('logs a progress line every interval, saying the account, the days, the records and a falling time left', () => {
    const lines = progressLinesOf(run.messages);
    const expected = durationMs / INTERVAL_MS;
    expect(lines.length).toBeGreaterThanOrEqual(Math.max(3, Math.floor(expected / 3)));
    expect(lines.length).toBeLessThanOrEqual(Math.ceil(expected) + 1);
    const parsed = lines.map((line) => {
      const match = PROGRESS_LINE.exec(line);
      expect(match).not.toBeNull();
      const [, account, both, done, days, records, , left, unit] = match ?? [];
      return {
        reading: both === undefined ? 1 : 2,
        account: Number(account ?? both),
        done: Number(done),
        days: Number(days),
        records: Number(records?.replaceAll(',', '')),
        leftSeconds: left === undefined ? undefined : Number(left) * (unit === 'min' ? 60 : 1),
      };
    });
    for (const line of parsed) {
      // 41 day windows per account, the last half a day long.
      expect(Math.abs(line.days - line.reading * (DAYS + 0.5))).toBeLessThanOrEqual(line.reading);
      expect(line.done).toBeLessThanOrEqual(line.days);
    }
    // Both accounts are read at once until one is done; the other is then the second of two.
    expect(parsed[0]?.reading).toBe(2);
    expect(parsed.map((line) => line.reading)).toEqual([...parsed.map((line) => line.reading)].sort().reverse());
    expect(parsed.every((line) => line.account === 2)).toBe(true);
    const records = parsed.map((line) => line.records);
    expect(records).toEqual([...records].sort((a, b) => a - b));
    const left = parsed.flatMap((line) => (line.leftSeconds === undefined ? [] : [line.leftSeconds]));
    expect(left.length).toBeGreaterThanOrEqual(2);
    expect(left.at(-1)).toBeLessThan(left[0] ?? 0);
  });

  it('ends the stream with one line: records, requests, retries, 429s, pages and duration', () => {
    const ends = logsOf(run.messages, 'INFO').filter((text) => text.startsWith('conferences, '));
    expect(ends).toEqual([
      expect.stringMatching(
        new RegExp(`^conferences, 2 accounts: read ${total.toLocaleString('en-US')} records; ${requests.conferences} requests, 0 retries, 0 answered 429, ${requests.conferences} pages, in \\d+\\.\\d s\\.$`),
      ),
    ]);
    // No per-account line besides it.
    expect(logsOf(run.messages).filter((text) => text.includes(MAIN_ACCOUNT_SID) || text.includes(SUBACCOUNT_SID))).toEqual([]);
  });

  it('costs no request: the same read without progress lines asks Twilio the same', async () => {
    expect(progressLinesOf(run.messages).length).toBeGreaterThan(0);
    simulator.resetStats();
    const quiet = await read(600_000);
    expect(quiet.exitCode).toBe(0);
    expect(progressLinesOf(quiet.messages)).toEqual([]);
    expect(simulator.stats().requests).toBe(requests.all);
  });
});

describe('a fast read', () => {
  it('logs no progress line, and still ends with an estimate equal to its count and its one end line', async () => {
    const { exitCode, messages } = await read(10_000, catalogOf('incoming_phone_numbers'), authTokenConfig);
    expect(exitCode).toBe(0);
    const records = recordsOf(messages, 'incoming_phone_numbers').length;
    expect(records).toBeGreaterThan(0);
    expect(logsOf(messages, 'INFO').filter((text) => /records\/s/.test(text))).toEqual([]);
    expect(estimatesOf(messages, 'incoming_phone_numbers').at(-1)).toEqual({ rows: records, recordsBefore: records });
    expect(logsOf(messages, 'INFO').filter((text) => text.startsWith('incoming_phone_numbers, '))).toHaveLength(1);
  });
});

describeSlow('a child stream (participants of 150 live conferences in each of two accounts, slow answers)', () => {
  let participants: TwilioSimulator;
  let run: RunResult;

  beforeAll(async () => {
    participants = await TwilioSimulator.start({
      latencyMs: 40,
      dataset: { ...DEFAULT_FIXTURE, conferencesPerAccount: 300, activeShare: 0.5, participantsPerActiveConference: 3 },
    });
    run = await runSource('read', {
      config: { ...authTokenConfig, max_concurrency: 2 },
      catalog: catalogOf('conference_participants'),
      baseUrl: participants.url,
      env: { TWILIO_PROGRESS_INTERVAL_MS: String(INTERVAL_MS) },
    });
  });
  afterAll(async () => {
    await participants.close();
  });

  it('estimates from the conferences listed times the participants per conference read, the last equal to the count', () => {
    expect(run.exitCode).toBe(0);
    const total = recordsOf(run.messages, 'conference_participants').length;
    expect(total).toBe(2 * 150 * 3);
    const estimates = estimatesOf(run.messages, 'conference_participants');
    expect(estimates.at(-1)).toEqual({ rows: total, recordsBefore: total });
    const informed = inForceOnceAFifthIsRead(estimates, total);
    expect(informed.length).toBeGreaterThanOrEqual(1);
    for (const rows of informed) {
      expect(rows).toBeGreaterThanOrEqual(total / 2);
      expect(rows).toBeLessThanOrEqual(total * 2);
    }
  });

  it('says in its progress lines how many of the conferences listed have been read', () => {
    const lines = logsOf(run.messages, 'INFO').filter((text) => /^conference_participants: (account|\d+ of 2 accounts)/.test(text));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) {
      // The conferences listed and read are those of the accounts being read: both at once, then the one left.
      const match = /^conference_participants: (?:account [12] of 2|(2) of 2 accounts being read, 0 done), (\d+) of (\d+) conferences read, [\d,]+ records, /.exec(line);
      expect(match).not.toBeNull();
      expect(Number(match?.[2])).toBeLessThanOrEqual(Number(match?.[3]));
      expect(Number(match?.[3])).toBeLessThanOrEqual(match?.[1] === undefined ? 150 : 300);
    }
  });
});

describeSlow('a read that Twilio throttles (at most 2 requests at once, 8 sent)', () => {
  it('says so in its progress lines, and counts the 429s, retries and requests in its end line', async () => {
    const throttling = await TwilioSimulator.start({
      latencyMs: 40,
      maxConcurrentRequests: 2,
      clock: '2025-06-21T12:00:00Z',
      dataset: { ...DEFAULT_FIXTURE, conferencesPerAccount: 20 * CONFERENCES_PER_DAY },
    });
    try {
      const { exitCode, messages } = await runSource('read', {
        config: { ...windowedConfig, max_concurrency: 8 },
        catalog: incrementalCatalogOf('conferences'),
        baseUrl: throttling.url,
        env: { TWILIO_PROGRESS_INTERVAL_MS: '200' },
      });
      expect(exitCode).toBe(0);
      const log = throttling.stats().log.filter((entry) => entry.kind === 'conferences');
      const tooMany = log.filter((entry) => entry.status === 429).length;
      expect(tooMany).toBeGreaterThan(0);
      const lines = progressLinesOf(messages);
      expect(lines).toContainEqual(
        expect.stringMatching(/; Twilio answered 429 \(too many requests\) [\d,]+ times, so at most [1-7] requests are sent at once now$/),
      );
      const end = logsOf(messages, 'INFO').find((text) => text.startsWith('conferences, 2 accounts: read '));
      const counts = /; (\d+) requests, (\d+) retries, (\d+) answered 429, (\d+) pages, in /.exec(end ?? '');
      expect(counts?.slice(1).map(Number)).toEqual([log.length, expect.any(Number), tooMany, log.length - tooMany]);
      expect(Number(counts?.[2])).toBeGreaterThanOrEqual(tooMany);
    } finally {
      await throttling.close();
    }
  });
});
