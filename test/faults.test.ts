import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Fault } from '../simulator/faults.js';
import { DEFAULT_CLOCK, DEFAULT_FIXTURE, MAIN_ACCOUNT_SID } from '../simulator/fixtures.js';
import { TwilioSimulator } from '../simulator/server.js';
import type { AirbyteMessage } from '../src/protocol/messages.js';
import {
  apiKeyConfig,
  catalogOf,
  errorsOf,
  expectNoSecrets,
  logsOf,
  recordsOf,
  runSource,
  statusesOf,
  type RunResult,
} from './helpers/connector.js';
import { TRANSIENT_FAULTS } from './helpers/faults.js';
import {
  exactlyOnce,
  expectedKeys,
  NOTHING_WRONG,
  participantUris,
  primaryKeyOf,
  recordKeys,
  type KeysByStream,
} from './helpers/records.js';
import { describeSlow } from './helpers/tiers.js';

/** Both lists page: 2,345 conferences (three pages) and five live conferences of 1,100 participants (two pages each). */
const DATASET = { ...DEFAULT_FIXTURE, conferencesPerAccount: 2_345, activeShare: 0.002, participantsPerActiveConference: 1_100 };
const BOTH = catalogOf('conferences', 'conference_participants');
/** A short request timeout for the runs against a server that never answers; the others keep the default. */
const timeoutFor = (faults: Fault[]): Record<string, string> =>
  faults.some((fault) => fault.type === 'hang') ? { TWILIO_REQUEST_TIMEOUT_MS: '300' } : {};

let simulator: TwilioSimulator;
let everything: KeysByStream;
/** Each record of a fault-free run, as JSON, by stream and primary key. */
let faultFree: Map<string, string>;

const recordId = (stream: string, data: Record<string, unknown>) => `${stream} ${primaryKeyOf(stream, data)}`;

async function read(faults: Fault[] = [], catalog: unknown = BOTH): Promise<RunResult> {
  const result = await runSource('read', { baseUrl: simulator.url, config: apiKeyConfig, catalog, env: timeoutFor(faults) });
  expectNoSecrets(result);
  return result;
}

/** Records whose data differs from the fault-free run's record of the same key. */
function changedRecords(messages: AirbyteMessage[]): string[] {
  return messages.flatMap((message) => {
    if (message.type !== 'RECORD') return [];
    const id = recordId(message.record.stream, message.record.data);
    return faultFree.get(id) === JSON.stringify(message.record.data) ? [] : [id];
  });
}

/**
 * Reads both streams with the faults already planned and expects what a user calls a good sync: exit 0, every stream
 * COMPLETE, no error, each expected record exactly once and as the fault-free run had it.
 */
async function expectCompleteSync(faults: Fault[], expected: KeysByStream = everything): Promise<RunResult> {
  const result = await read(faults);
  const { messages } = result;
  expect(errorsOf(messages)).toEqual([]);
  expect(result.exitCode).toBe(0);
  const keys = recordKeys(messages);
  for (const stream of ['conferences', 'conference_participants'] as const) {
    // A throttled stream says so in a RUNNING status of its own (RATE_LIMITED), and RUNNING again once it is not.
    expect(statusesOf(messages, stream).filter((status, index, all) => status !== all[index - 1])).toEqual(['STARTED', 'RUNNING', 'COMPLETE']);
    expect(exactlyOnce(keys[stream], expected[stream])).toEqual(NOTHING_WRONG);
  }
  expect(changedRecords(messages)).toEqual([]);
  return result;
}

/** The distinct URLs the connector asked for, and those of them a fault hit. */
function requestedAndFaulted(): { requested: Set<string>; faulted: string[] } {
  const { log } = simulator.stats();
  return { requested: new Set(log.map((entry) => entry.path)), faulted: log.flatMap((entry) => (entry.fault === undefined ? [] : [entry.path])) };
}

beforeAll(async () => {
  simulator = await TwilioSimulator.start({ dataset: DATASET });
  everything = expectedKeys(simulator.dataset, MAIN_ACCOUNT_SID);
  const { messages, exitCode } = await read();
  expect(exitCode).toBe(0);
  faultFree = new Map(messages.flatMap((message) =>
    message.type === 'RECORD' ? [[recordId(message.record.stream, message.record.data), JSON.stringify(message.record.data)] as const] : [],
  ));
});
afterAll(async () => {
  await simulator.close();
});
beforeEach(() => {
  simulator.faults.clear();
  simulator.resetStats();
});

describe('a fault-free read of lists that page', () => {
  it('emits every conference and every live participant exactly once', async () => {
    expect(everything.conferences).toHaveLength(2_345);
    expect(everything.conference_participants).toHaveLength(5 * 1_100);
    await expectCompleteSync([]);
    const paged = [...requestedAndFaulted().requested].filter((path) => path.includes('PageToken='));
    expect(paged.filter((path) => path.includes('/Participants.json'))).toHaveLength(5);
    expect(paged.filter((path) => path.includes('/Conferences.json'))).toHaveLength(2);
  });
});

describeSlow('a transient fault on the first attempt of every request', () => {
  it.each(TRANSIENT_FAULTS)('%s: every record exactly once', async (_name, fault) => {
    simulator.faults.add({ fault, attempts: 1 });
    const { messages } = await expectCompleteSync([fault]);
    const { requested, faulted } = requestedAndFaulted();
    expect(faulted.sort()).toEqual([...requested].sort());
    if (fault.type === 'status' && fault.status === 429) {
      // Throttling is said in each stream's end line, not in a WARN per retried request.
      expect(logsOf(messages, 'WARN').filter((text) => text.startsWith('Retrying '))).toEqual([]);
      expect(logsOf(messages, 'INFO').filter((text) => /: read .* [1-9][\d,]* answered 429/.test(text)).length).toBeGreaterThan(0);
    } else {
      // At least one retry a request: a machine under load may add a timeout of its own.
      expect(logsOf(messages, 'WARN').filter((text) => text.startsWith('Retrying ')).length).toBeGreaterThanOrEqual(requested.size);
    }
  });
});

describeSlow('faults at particular moments', () => {
  it('a next page (from next_page_uri) that fails once: every record exactly once', async () => {
    const fault: Fault = { type: 'status', status: 500 };
    simulator.faults.add({ fault, pathIncludes: 'PageToken=', attempts: 1 });
    await expectCompleteSync([fault]);
    const { faulted } = requestedAndFaulted();
    expect(faulted.filter((path) => path.includes('/Participants.json'))).toHaveLength(5);
    expect(faulted.filter((path) => path.includes('/Conferences.json'))).toHaveLength(2);
  });

  it('a 401 on one request after the credentials have worked: retried, every record exactly once', async () => {
    const fault: Fault = { type: 'status', status: 401, code: 20003 };
    simulator.faults.add({ fault, pathIncludes: 'PageToken=', times: 1 });
    const { messages } = await expectCompleteSync([fault]);
    expect(requestedAndFaulted().faulted).toHaveLength(1);
    expect(logsOf(messages, 'WARN')).toEqual([expect.stringMatching(/^Retrying .*: HTTP 401, Twilio error 20003/)]);
  });

  it('conferences that end while their participants are read lose exactly their own participants, and nothing fails', async () => {
    const [emptied, notFound, endedBetweenPages] = simulator.dataset.activeConferences(MAIN_ACCOUNT_SID).map((conference) => conference.sid);
    const participantsOf = (sid: string | undefined) => `Conferences/${String(sid)}/Participants.json`;
    simulator.faults.add({ fault: { type: 'vanished' }, pathIncludes: participantsOf(emptied) });
    simulator.faults.add({ fault: { type: 'status', status: 404, code: 20404 }, pathIncludes: participantsOf(notFound) });
    simulator.faults.add({ fault: { type: 'status', status: 404, code: 20404 }, pathIncludes: `${participantsOf(endedBetweenPages)}?PageSize=1000&Page=1&` });
    const lost = new Set([
      ...participantUris(simulator.dataset, MAIN_ACCOUNT_SID, String(emptied)),
      ...participantUris(simulator.dataset, MAIN_ACCOUNT_SID, String(notFound)),
      ...participantUris(simulator.dataset, MAIN_ACCOUNT_SID, String(endedBetweenPages), 1_000),
    ]);
    expect(lost.size).toBe(1_100 + 1_100 + 100);
    const { messages } = await expectCompleteSync([], {
      ...everything,
      conference_participants: everything.conference_participants.filter((uri) => !lost.has(uri)),
    });
    const info = logsOf(messages, 'INFO');
    expect(info).toContainEqual(expect.stringMatching(new RegExp(`${String(emptied)}/Participants.json has no participants`)));
    expect(info).toContainEqual(expect.stringMatching(new RegExp(`${String(notFound)}/Participants.json answered 404 after 0 participants`)));
    expect(info).toContainEqual(expect.stringMatching(new RegExp(`${String(endedBetweenPages)}/Participants.json answered 404 after 1000 participants`)));
  });
});

/** Seeds for the random shares; in the test names so that a failing run can be repeated. */
const seed = Math.floor(Math.random() * 2 ** 31);

describeSlow(`transient faults on the first attempts of a random share of requests (seed ${seed})`, () => {
  // Four faults a group, each on at most one attempt of a URL: a URL fails at most four times of six.
  const groups = [0, 4, 8].map((start) => TRANSIENT_FAULTS.slice(start, start + 4));

  it.each(groups.map((group) => [group.map(([name]) => name).join(', '), group] as const))(
    '%s: exactly the records of a fault-free run',
    async (_names, group) => {
      const faults = group.map(([, fault]) => fault);
      faults.forEach((fault, index) => simulator.faults.add({ fault, share: 0.5, seed: seed + index, attempts: 1 }));
      await expectCompleteSync(faults);
      expect(requestedAndFaulted().faulted.length).toBeGreaterThan(0);
    },
  );
});

describeSlow('when the retries run out', () => {
  const causes: [string, Fault, RegExp][] = [
    ['HTTP 503', { type: 'status', status: 503 }, /the last failure: HTTP 503, Twilio error 20503/],
    ['a reset connection', { type: 'reset-before-body' }, /the last failure: .*(socket hang up|ECONNRESET)/],
    ['a server that never answers', { type: 'hang' }, /the last failure: .*Timeout awaiting 'request' for 300ms/],
    ['an HTML page', { type: 'html' }, /the last failure: HTTP 200 with a body that is not a JSON object \(text\/html/],
  ];

  it.each(causes)(
    '%s on one conference: its stream ends INCOMPLETE with a transient_error naming it and the cause, the next stream completes, exit 1',
    async (_name, fault, cause) => {
      const failing = String(simulator.dataset.activeConferences(MAIN_ACCOUNT_SID)[2]?.sid);
      simulator.faults.add({ fault, pathIncludes: `Conferences/${failing}/Participants.json` });
      const { exitCode, messages } = await read([fault], catalogOf('conference_participants', 'conferences'));
      expect(exitCode).toBe(1);

      expect(statusesOf(messages, 'conference_participants')).toEqual(['STARTED', 'RUNNING', 'INCOMPLETE']);
      const [streamError, summary, ...more] = errorsOf(messages);
      expect(more).toEqual([]);
      expect(streamError).toEqual(expect.objectContaining({ failure_type: 'transient_error', stream_descriptor: { name: 'conference_participants' } }));
      expect(streamError?.message).toMatch(new RegExp(`did not answer .*/Conferences/${failing}/Participants.json successfully after 6 attempts`));
      expect(streamError?.message).toMatch(cause);
      expect(summary?.failure_type).toBe('transient_error');
      expect(summary?.message).toMatch(/^1 of 2 streams failed: conference_participants\. conference_participants: Twilio did not answer/);
      expect(simulator.stats().log.filter((entry) => entry.conferenceSid === failing)).toHaveLength(6);

      const participants = recordsOf(messages, 'conference_participants').map((record) => String(record.data['uri']));
      expect(exactlyOnce(participants, everything.conference_participants).duplicated).toEqual([]);
      expect(participants.some((uri) => uri.includes(failing))).toBe(false);

      expect(statusesOf(messages, 'conferences')).toEqual(['STARTED', 'RUNNING', 'COMPLETE']);
      expect(exactlyOnce(recordKeys(messages).conferences, everything.conferences)).toEqual(NOTHING_WRONG);
    },
  );
});

describeSlow('a catalog of every stream', () => {
  let every: TwilioSimulator;
  let catalog: ReturnType<typeof catalogOf>;
  let faultFreeRecords: string[];

  /** Every record of the run, as `stream JSON`, sorted: some streams have no key, so records are compared whole. */
  const recordLines = (messages: AirbyteMessage[]) =>
    messages.flatMap((message) => (message.type === 'RECORD' ? [`${message.record.stream} ${JSON.stringify(message.record.data)}`] : [])).sort();

  beforeAll(async () => {
    // The fixture's own day, so that Voice Insights, which keeps 30 days, holds its conferences too.
    every = await TwilioSimulator.start({ dataset: DEFAULT_FIXTURE, clock: DEFAULT_CLOCK });
    const discovered = await runSource('discover', { baseUrl: every.url, config: apiKeyConfig });
    const names = discovered.messages.flatMap((message) => (message.type === 'CATALOG' ? message.catalog.streams.map((stream) => stream.name) : []));
    catalog = catalogOf(...names);
    const { exitCode, messages } = await runSource('read', { baseUrl: every.url, config: apiKeyConfig, catalog });
    expect(exitCode).toBe(0);
    faultFreeRecords = recordLines(messages);
    for (const name of names) expect(recordsOf(messages, name).length).toBeGreaterThan(0);
  });
  afterAll(async () => {
    await every.close();
  });

  it.each(TRANSIENT_FAULTS)('%s on the first attempt of every request: every stream complete with the fault-free records', async (_name, fault) => {
    every.faults.clear();
    every.resetStats();
    every.faults.add({ fault, attempts: 1 });
    const result = await runSource('read', { baseUrl: every.url, config: apiKeyConfig, catalog, env: timeoutFor([fault]) });
    expectNoSecrets(result);
    expect(errorsOf(result.messages)).toEqual([]);
    expect(result.exitCode).toBe(0);
    // RUNNING once the stream has data, and again after a spell of throttling (a 429), with its RATE_LIMITED reason.
    for (const { stream } of catalog.streams) {
      const statuses = statusesOf(result.messages, stream.name);
      expect([stream.name, statuses[0], statuses.at(-1), new Set(statuses.slice(1, -1))]).toEqual([stream.name, 'STARTED', 'COMPLETE', new Set(['RUNNING'])]);
    }
    expect(recordLines(result.messages)).toEqual(faultFreeRecords);
    const faulted = every.stats().log.filter((entry) => entry.fault !== undefined);
    expect(new Set(faulted.map((entry) => entry.kind)).size).toBeGreaterThanOrEqual(catalog.streams.length - 1);
  });
});
