/**
 * The incremental lists of TaskRouter, Verify, Video and Voice Insights' call summaries against the simulator: the
 * requests of a first and a second sync, a start always sent to the lists that answer a recent span without one, rows
 * read again until they are final (a room in progress, a partial call summary), a vanished parent, Advanced Features
 * and the regions.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { DEFAULT_CLOCK, DEFAULT_FIXTURE, IE1_API_KEY_SECRET, IE1_API_KEY_SID, MAIN_ACCOUNT_SID, SUBACCOUNT_SID } from '../simulator/fixtures.js';
import { TwilioSimulator, type SimulatorOptions } from '../simulator/server.js';
import type { AirbyteMessage } from '../src/protocol/messages.js';
import {
  apiKeyConfig,
  authTokenConfig,
  catalogOf,
  errorsOf,
  expectNoSecrets,
  incrementalCatalogOf,
  recordsOf,
  runSource,
  type RunResult,
  statesOf,
  statusesOf,
} from './helpers/connector.js';

type Item = Record<string, unknown>;
const MINUTE = 60_000;
const DAY = 86_400_000;

const simulators: TwilioSimulator[] = [];
async function start(options: SimulatorOptions = {}): Promise<TwilioSimulator> {
  const simulator = await TwilioSimulator.start({ clock: DEFAULT_CLOCK, ...options });
  simulators.push(simulator);
  return simulator;
}
afterEach(async () => {
  await Promise.all(simulators.splice(0).map((simulator) => simulator.close()));
});

async function read(simulator: TwilioSimulator, catalog: object, options: { config?: object; state?: unknown; env?: Record<string, string> } = {}) {
  const result = await runSource('read', {
    baseUrl: simulator.url,
    config: options.config ?? apiKeyConfig,
    catalog,
    ...(options.state === undefined ? {} : { state: options.state }),
    ...(options.env === undefined ? {} : { env: options.env }),
  });
  expectNoSecrets(result);
  return result;
}

/** The final STATE of each stream, as the platform passes it to the next sync. */
const nextState = (messages: AirbyteMessage[], ...names: string[]) =>
  names.flatMap((name) => {
    const last = statesOf(messages, name).at(-1);
    return last === undefined ? [] : [{ type: 'STREAM', stream: { stream_descriptor: { name }, stream_state: last.stream.stream_state } }];
  });
const dataOf = (messages: AirbyteMessage[], stream: string) => recordsOf(messages, stream).map((record) => record.data as Item);
const queryOf = (path: string) => new URL(path, 'http://simulator').searchParams;
const requestsOf = (simulator: TwilioSimulator, kind: string) => simulator.stats().log.filter((entry) => entry.kind === kind);

function expectComplete(result: RunResult, streams: readonly string[]): void {
  expect(errorsOf(result.messages)).toEqual([]);
  expect(result.exitCode).toBe(0);
  for (const stream of streams) expect([stream, statusesOf(result.messages, stream).at(-1)]).toEqual([stream, 'COMPLETE']);
}

/**
 * Each incremental list: its simulator kind, the filter that starts its windows, its cursor, how many lists a sync
 * reads, and whether Twilio keeps only 30 days (the first sync then starts there, else it asks for everything).
 */
const INCREMENTAL = [
  { stream: 'taskrouter_events', kind: 'taskrouter-events', after: 'StartDate', cursorField: 'event_date', lists: 2, kept: true },
  { stream: 'verification_attempts', kind: 'verification-attempts', after: 'DateCreatedAfter', cursorField: 'date_created', lists: 1, kept: true },
  // One list per status: Twilio lists only the rooms in progress unless asked for another.
  { stream: 'rooms', kind: 'rooms', after: 'DateCreatedAfter', cursorField: 'date_created', lists: 3, kept: false },
  { stream: 'video_recordings', kind: 'video-recordings', after: 'DateCreatedAfter', cursorField: 'date_created', lists: 1, kept: false },
  { stream: 'compositions', kind: 'compositions', after: 'DateCreatedAfter', cursorField: 'date_created', lists: 1, kept: false },
  { stream: 'call_summaries', kind: 'call-summaries', after: 'StartTime', cursorField: 'start_time', lists: 1, kept: true },
] as const;

describe.each(INCREMENTAL)('incremental $stream', ({ stream, kind, after, cursorField, lists, kept }) => {
  it('a first sync reads one window per list; a second asks only from its cursor and emits only the rows at or after it', async () => {
    const simulator = await start();
    const catalog = incrementalCatalogOf(stream);
    // slice_days larger than the 30 days kept: one window per list and sync.
    const config = { ...apiKeyConfig, slice_days: 60 };
    const first = await read(simulator, catalog, { config });
    expectComplete(first, [stream]);
    const rows = dataOf(first.messages, stream);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    const firstRequests = requestsOf(simulator, kind);
    expect(firstRequests).toHaveLength(lists);
    for (const entry of firstRequests) {
      const start = queryOf(entry.path).get(after);
      if (kept) expect(Math.abs(Date.parse(start ?? '') - (Date.parse(DEFAULT_CLOCK) - 29 * DAY))).toBeLessThan(5 * MINUTE);
      else expect(start).toBeNull();
    }

    simulator.resetStats();
    const cursor = (statesOf(first.messages, stream).at(-1)?.stream.stream_state as { accounts: Record<string, Record<string, string>> }).accounts[MAIN_ACCOUNT_SID]?.[cursorField] ?? '';
    expect(Date.parse(cursor)).toBeGreaterThanOrEqual(Math.max(...rows.map((row) => Date.parse(String(row[cursorField])))));
    const second = await read(simulator, catalog, { config, state: nextState(first.messages, stream) });
    expectComplete(second, [stream]);
    const secondRequests = requestsOf(simulator, kind);
    expect(secondRequests).toHaveLength(lists);
    // Asked from a second before the cursor, whatever Twilio's bound includes.
    for (const entry of secondRequests) expect(queryOf(entry.path).get(after)).toBe(new Date(Date.parse(cursor) - 1000).toISOString().replace('.000Z', 'Z'));
    expect(dataOf(second.messages, stream)).toEqual(rows.filter((row) => String(row[cursorField]) >= cursor));
  });
});

describe('lists that answer a recent span alone when asked without a start', () => {
  it.each([
    ['taskrouter_events', 'taskrouter-events', 'StartDate'],
    ['call_summaries', 'call-summaries', 'StartTime'],
    ['verification_attempts', 'verification-attempts', 'DateCreatedAfter'],
  ] as const)('%s: a full refresh without a start date asks from what Twilio keeps, and gets every row', async (stream, kind, after) => {
    const simulator = await start();
    const result = await read(simulator, catalogOf(stream));
    expectComplete(result, [stream]);
    const requests = requestsOf(simulator, kind);
    expect(requests.length).toBeGreaterThan(0);
    for (const entry of requests) expect(Date.parse(queryOf(entry.path).get(after) ?? '')).toBeLessThan(Date.parse(DEFAULT_CLOCK) - 28 * DAY);
    // The simulator answers the last 15 minutes (events) or 4 hours (call summaries) without a start: none of these rows.
    expect(dataOf(result.messages, stream).length).toBeGreaterThanOrEqual(5);
  });
});

describe('rows read again until they are final', () => {
  /** Twilio's clock five minutes after the newest room was created: that room is in progress. */
  async function withNewestRoomLive() {
    const probe = await start();
    const rooms = dataOf((await read(probe, catalogOf('rooms'))).messages, 'rooms');
    const newest = rooms.map((room) => String(room['date_created'])).sort().at(-1) ?? '';
    return start({ clock: new Date(Date.parse(newest) + 5 * MINUTE).toISOString() });
  }

  it('a room in progress is emitted again by the next sync once it has ended, with its participants; the ended rooms are not', async () => {
    const simulator = await withNewestRoomLive();
    const catalog = incrementalCatalogOf('rooms', 'room_participants');
    const first = await read(simulator, catalog);
    expectComplete(first, ['rooms', 'room_participants']);
    const live = dataOf(first.messages, 'rooms').filter((room) => room['status'] === 'in-progress');
    expect(live).toHaveLength(1);
    // Of a live room Twilio lists only who is connected unless asked: the one who has left is read too.
    const inLiveRoom = dataOf(first.messages, 'room_participants').filter((participant) => participant['room_sid'] === live[0]?.['sid']);
    expect(inLiveRoom.map((participant) => participant['status']).sort()).toEqual(['connected', 'disconnected']);
    const asked = requestsOf(simulator, 'room-participants').filter((entry) => entry.path.includes(String(live[0]?.['sid'])));
    expect(asked.map((entry) => queryOf(entry.path).get('Status')).sort()).toEqual(['connected', 'disconnected', 'reconnecting']);
    // Of an ended room, one list.
    const ended = dataOf(first.messages, 'rooms').find((room) => room['status'] === 'completed');
    expect(requestsOf(simulator, 'room-participants').filter((entry) => entry.path.includes(String(ended?.['sid'])))).toHaveLength(1);

    simulator.clock.advance(2 * 60 * MINUTE);
    const second = await read(simulator, catalog, { state: nextState(first.messages, 'rooms', 'room_participants') });
    expectComplete(second, ['rooms', 'room_participants']);
    const rooms = dataOf(second.messages, 'rooms');
    expect(rooms.map((room) => [room['sid'], room['status']])).toEqual([[live[0]?.['sid'], 'completed']]);
    expect(rooms[0]?.['end_time']).not.toBeNull();
    const participants = dataOf(second.messages, 'room_participants');
    expect(participants.length).toBeGreaterThan(0);
    expect(participants.every((participant) => participant['room_sid'] === live[0]?.['sid'] && participant['status'] === 'disconnected')).toBe(true);

    // Once it is final, the next sync emits it no more.
    const third = await read(simulator, catalog, { state: nextState(second.messages, 'rooms', 'room_participants') });
    expectComplete(third, ['rooms']);
    expect(dataOf(third.messages, 'rooms').filter((room) => room['sid'] === live[0]?.['sid'])).toEqual([]);
  });

  it.each([
    ['video_recordings', 'processing'],
    ['compositions', 'enqueued'],
  ] as const)('%s: the newest, still %s, is emitted again by the next sync once it is completed, and the others are not', async (stream, pending) => {
    const probe = await start();
    const newest = dataOf((await read(probe, catalogOf(stream))).messages, stream).sort((one, other) => String(one['date_created']).localeCompare(String(other['date_created']))).at(-1);
    const simulator = await start({ clock: new Date(Date.parse(String(newest?.['date_created'])) + 30_000).toISOString() });
    const catalog = incrementalCatalogOf(stream);
    const first = await read(simulator, catalog);
    expectComplete(first, [stream]);
    expect(dataOf(first.messages, stream).filter((row) => row['status'] === pending).map((row) => row['sid'])).toEqual([newest?.['sid']]);

    simulator.clock.advance(60 * MINUTE);
    const second = await read(simulator, catalog, { state: nextState(first.messages, stream) });
    expectComplete(second, [stream]);
    expect(dataOf(second.messages, stream).map((row) => [row['sid'], row['status']])).toEqual([[newest?.['sid'], 'completed']]);
  });

  it('a partial call summary keeps the cursor before it, and the next sync emits it complete', async () => {
    const probe = await start();
    const summaries = dataOf((await read(probe, catalogOf('call_summaries'))).messages, 'call_summaries');
    const newest = summaries.sort((one, other) => String(one['start_time']).localeCompare(String(other['start_time']))).at(-1);
    // Ten minutes after the newest call ended: its summary is partial for twenty minutes more.
    const simulator = await start({ clock: new Date(Date.parse(String(newest?.['end_time'])) + 10 * MINUTE).toISOString() });
    const catalog = incrementalCatalogOf('call_summaries');
    const first = await read(simulator, catalog);
    expectComplete(first, ['call_summaries']);
    expect(requestsOf(simulator, 'call-summaries').every((entry) => queryOf(entry.path).get('ProcessingState') === 'all')).toBe(true);
    const partial = dataOf(first.messages, 'call_summaries').filter((summary) => summary['processing_state'] === 'partial');
    expect(partial.map((summary) => summary['call_sid'])).toEqual([newest?.['call_sid']]);
    const cursor = (statesOf(first.messages, 'call_summaries').at(-1)?.stream.stream_state as { accounts: Record<string, { start_time: string }> }).accounts[MAIN_ACCOUNT_SID];
    expect(Date.parse(cursor?.start_time ?? '')).toBeLessThanOrEqual(Date.parse(String(newest?.['start_time'])));

    // A call may still be in progress, its summary not listed yet: the cursor stays four and a half hours behind.
    expect(Date.parse(cursor?.start_time ?? '')).toBeLessThanOrEqual(Date.parse(String(newest?.['end_time'])) + 10 * MINUTE - 270 * MINUTE);

    simulator.clock.advance(60 * MINUTE);
    const second = await read(simulator, catalog, { state: nextState(first.messages, 'call_summaries') });
    expectComplete(second, ['call_summaries']);
    const again = dataOf(second.messages, 'call_summaries');
    expect(again.find((summary) => summary['call_sid'] === newest?.['call_sid'])?.['processing_state']).toBe('complete');
    expect(again.every((summary) => String(summary['start_time']) >= String(cursor?.start_time))).toBe(true);
  });
});

describe('call summaries of every account in scope', () => {
  it('reads each account through Insights\' Subaccount filter, each its own calls', async () => {
    const simulator = await start();
    const result = await read(simulator, catalogOf('call_summaries'), { config: authTokenConfig });
    expectComplete(result, ['call_summaries']);
    const byAccount = new Map<unknown, unknown[]>();
    for (const summary of dataOf(result.messages, 'call_summaries')) byAccount.set(summary['account_sid'], [...(byAccount.get(summary['account_sid']) ?? []), summary['call_sid']]);
    expect([...byAccount.keys()].sort()).toEqual([MAIN_ACCOUNT_SID, SUBACCOUNT_SID].sort());
    const [main, sub] = [byAccount.get(MAIN_ACCOUNT_SID) ?? [], byAccount.get(SUBACCOUNT_SID) ?? []];
    expect(main.filter((sid) => sub.includes(sid))).toEqual([]);
    expect(requestsOf(simulator, 'call-summaries').map((entry) => queryOf(entry.path).get('Subaccount')).sort()).toEqual([null, SUBACCOUNT_SID].sort());
  });

  it('an account without Advanced Features ends the stream INCOMPLETE with a config_error saying what to enable; the others are read', async () => {
    const dataset = { ...DEFAULT_FIXTURE, accounts: DEFAULT_FIXTURE.accounts.map((account) => (account.sid === SUBACCOUNT_SID ? { ...account, voiceInsights: false } : account)) };
    const simulator = await start({ dataset });
    const result = await read(simulator, { streams: [...catalogOf('calls').streams, ...incrementalCatalogOf('call_summaries').streams] }, { config: authTokenConfig });
    expect(result.exitCode).toBe(1);
    expect(statusesOf(result.messages, 'calls').at(-1)).toBe('COMPLETE');
    expect(statusesOf(result.messages, 'call_summaries').at(-1)).toBe('INCOMPLETE');
    const [error] = errorsOf(result.messages);
    expect(error?.failure_type).toBe('config_error');
    expect(error?.message).toMatch(new RegExp(`^1 of 2 accounts failed: account ${SUBACCOUNT_SID}: Stream "call_summaries" needs Voice Insights Advanced Features`));
    expect(new Set(dataOf(result.messages, 'call_summaries').map((summary) => summary['account_sid']))).toEqual(new Set([MAIN_ACCOUNT_SID]));
  });
});

describe('a parent that vanishes before its children are read', () => {
  it.each([
    ['task_queues', 'workspaces', 'workspaces', '/TaskQueues'],
    ['taskrouter_events', 'workspaces', 'workspaces', '/Events'],
    ['room_participants', 'rooms', 'rooms', '/Participants'],
    ['messaging_service_phone_numbers', 'messaging_services', 'messaging-services', '/PhoneNumbers'],
  ] as const)('%s: a 404 below one parent gives no rows for it and no error; the others are read', async (stream, parent, parentKind, list) => {
    // Three parents, the last without children as in every product list of the simulator.
    const simulator = await start({ dataset: { ...DEFAULT_FIXTURE, rowCounts: { [parentKind]: 3 } } });
    const parents = dataOf((await read(simulator, catalogOf(parent))).messages, parent);
    expect(parents.length).toBeGreaterThan(1);
    const gone = String(parents[0]?.['sid']);
    simulator.faults.add({ fault: { type: 'status', status: 404 }, pathIncludes: `/${gone}${list}` });
    const result = await read(simulator, catalogOf(stream));
    expectComplete(result, [stream]);
    const rows = dataOf(result.messages, stream);
    const parentKey = Object.keys(rows[0] ?? {}).find((key) => parents.some((row) => row['sid'] === rows[0]?.[key]));
    expect(parentKey).toBeDefined();
    expect(rows.filter((row) => row[parentKey ?? ''] === gone)).toEqual([]);
    expect(rows.length).toBeGreaterThan(0);
  });
});

describe('regions', () => {
  const ie1Config = { ...apiKeyConfig, region: 'ie1', credentials: { auth_type: 'api_key', api_key_sid: IE1_API_KEY_SID, api_key_secret: IE1_API_KEY_SECRET } };

  it('in ie1, TaskRouter is read from its ie1 host; Verify and Video, which Twilio runs in us1 alone, end INCOMPLETE with a config_error saying so', async () => {
    const simulator = await start({ region: 'ie1' });
    const result = await read(simulator, catalogOf('workspaces', 'verify_services', 'rooms'), { config: ie1Config });
    expect(statusesOf(result.messages, 'workspaces').at(-1)).toBe('COMPLETE');
    expect(dataOf(result.messages, 'workspaces').length).toBeGreaterThan(0);
    const errors = errorsOf(result.messages);
    for (const [stream, api] of [['verify_services', 'verify'], ['rooms', 'video']] as const) {
      expect(statusesOf(result.messages, stream)).toEqual(['STARTED', 'INCOMPLETE']);
      expect(errors).toContainEqual(
        expect.objectContaining({ failure_type: 'config_error', message: expect.stringContaining(`Stream "${stream}" reads Twilio's ${api} API, which Twilio does not run in region ie1.`) }),
      );
    }
    expect(simulator.stats().log.filter((entry) => entry.path.startsWith('/verify') || entry.path.startsWith('/video'))).toEqual([]);
  });

  it('in ie1, Messaging Services, which Twilio may not run there, fail saying so when its host does not exist', async () => {
    const simulator = await start({ region: 'ie1' });
    const result = await read(simulator, catalogOf('messaging_services'), { config: ie1Config, env: { TWILIO_MESSAGING_BASE_URL: 'https://messaging.dublin.ie1.twilio.invalid' } });
    expect(statusesOf(result.messages, 'messaging_services')).toEqual(['STARTED', 'INCOMPLETE']);
    expect(errorsOf(result.messages)[0]?.message).toMatch(/^Stream "messaging_services" reads Twilio's messaging API, which Twilio may not run in region ie1 \(its documentation disagrees\)/);
  });
});
