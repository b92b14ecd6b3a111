import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { DEFAULT_FIXTURE, MAIN_ACCOUNT_SID, MAIN_AUTH_TOKEN, SUBACCOUNT_SID } from '../simulator/fixtures.js';
import { TwilioSimulator, type RequestLogEntry } from '../simulator/server.js';
import type { AirbyteMessage } from '../src/protocol/messages.js';
import { withSimulator } from './helpers/simulator.js';
import {
  apiKeyConfig,
  authTokenConfig,
  catalogOf,
  errorsOf,
  incrementalCatalogOf,
  logsOf,
  recordsOf,
  runSource,
  statesOf,
} from './helpers/connector.js';
import { STREAMS } from '../src/streams/index.js';

let simulator: TwilioSimulator;

beforeAll(async () => {
  simulator = await TwilioSimulator.start({ dataset: DEFAULT_FIXTURE });
});
afterAll(async () => {
  await simulator.close();
});
beforeEach(() => {
  simulator.faults.clear();
  simulator.resetStats();
});

const queryOf = (entry: RequestLogEntry) => Object.fromEntries(new URL(entry.path, 'http://simulator').searchParams);
const requestsOf = (kind: string) => simulator.stats().log.filter((entry) => entry.kind === kind);

/** The rows of a list of one account as the simulator serves them (one page of up to 1000), read with the main Auth Token. */
async function truth(list: string, accountSid: string, query = '', served = simulator): Promise<Array<Record<string, unknown>>> {
  const authorization = `Basic ${Buffer.from(`${MAIN_ACCOUNT_SID}:${MAIN_AUTH_TOKEN}`).toString('base64')}`;
  const response = await fetch(`${served.url}/2010-04-01/Accounts/${accountSid}/${list}?PageSize=1000&${query}`, { headers: { authorization } });
  const body = (await response.json()) as Record<string, unknown>;
  const items = Object.values(body).find(Array.isArray);
  return (items ?? []) as Array<Record<string, unknown>>;
}

const isoOf = (rfc: unknown) => (typeof rfc === 'string' ? new Date(rfc).toISOString().replace('.000Z', 'Z') : rfc);
const lastState = (messages: AirbyteMessage[], stream: string) => statesOf(messages, stream).at(-1)?.stream.stream_state;

describe('calls', () => {
  it('reads ended calls day by day on EndTime, never the call in progress, with a cursor per account', async () => {
    const config = { ...authTokenConfig, start_date: '2025-06-01' };
    const { exitCode, messages } = await runSource('read', { baseUrl: simulator.url, config, catalog: incrementalCatalogOf('calls') });
    expect(exitCode).toBe(0);
    const expected = (await Promise.all([MAIN_ACCOUNT_SID, SUBACCOUNT_SID].map((sid) => truth('Calls.json', sid)))).flat().filter((call) => call['end_time'] !== null);
    const records = recordsOf(messages, 'calls');
    expect(records.map((record) => record.data['sid']).sort()).toEqual(expected.map((call) => call['sid']).sort());
    expect(records.every((record) => record.data['status'] !== 'in-progress')).toBe(true);
    const first = expected.find((call) => call['sid'] === records[0]?.data['sid']);
    expect(records[0]?.data['end_time']).toBe(isoOf(first?.['end_time']));
    expect(records[0]?.data['price']).toBe(first?.['price']);
    const days = requestsOf('calls').filter((entry) => entry.path.includes(MAIN_ACCOUNT_SID)).map((entry) => queryOf(entry)['EndTime']);
    expect(days[0]).toBeDefined();
    expect(new Set(days).size).toBe(days.length);
    expect(Object.keys((lastState(messages, 'calls') as { accounts: object }).accounts).sort()).toEqual([MAIN_ACCOUNT_SID, SUBACCOUNT_SID].sort());
  });

  it('reads a call that was in progress in the sync after it ends', async () => {
    const config = { ...apiKeyConfig, start_date: '2025-06-01' };
    const first = await runSource('read', { baseUrl: simulator.url, config, catalog: incrementalCatalogOf('calls') });
    expect(first.exitCode).toBe(0);
    const inProgress = (await truth('Calls.json', MAIN_ACCOUNT_SID)).find((call) => call['end_time'] === null);
    const sid = String(inProgress?.['sid']);
    expect(recordsOf(first.messages, 'calls').map((record) => record.data['sid'])).not.toContain(sid);

    // It ends after the first sync began, which is what in progress at that sync means.
    const endTime = new Date().toUTCString().replace('GMT', '+0000');
    simulator.dataset.changeRow(sid, { status: 'completed', end_time: endTime, duration: '600', price: '-0.01300' });
    try {
      const state = [{ type: 'STREAM', stream: { stream_descriptor: { name: 'calls' }, stream_state: lastState(first.messages, 'calls') } }];
      const next = await runSource('read', { baseUrl: simulator.url, config, state, catalog: incrementalCatalogOf('calls') });
      expect(next.exitCode).toBe(0);
      expect(recordsOf(next.messages, 'calls').map((record) => record.data)).toEqual([
        expect.objectContaining({ sid, status: 'completed', end_time: isoOf(endTime), price: '-0.01300' }),
      ]);
    } finally {
      simulator.dataset.changeRow(sid, { status: 'in-progress', end_time: null, duration: null, price: null });
    }
  });

  it('in a full refresh from a start date, gives the calls started since, the one in progress with no end_time nor price', async () => {
    const config = { ...apiKeyConfig, start_date: '2025-06-03' };
    const { exitCode, messages } = await runSource('read', { baseUrl: simulator.url, config, catalog: catalogOf('calls') });
    expect(exitCode).toBe(0);
    expect(requestsOf('calls').map(queryOf)).toEqual([{ 'StartTime>': '2025-06-03', PageSize: '1000' }]);
    const startedSince = (await truth('Calls.json', MAIN_ACCOUNT_SID)).filter((call) => Date.parse(String(call['start_time'])) >= Date.parse('2025-06-03T00:00:00Z'));
    expect(recordsOf(messages, 'calls').map((record) => record.data['sid']).sort()).toEqual(startedSince.map((call) => call['sid']).sort());
    expect(startedSince.length).toBeLessThan((await truth('Calls.json', MAIN_ACCOUNT_SID)).length);
    const inProgress = recordsOf(messages, 'calls').filter((record) => record.data['status'] === 'in-progress');
    expect(inProgress).toHaveLength(1);
    expect(inProgress[0]?.data).toEqual(expect.objectContaining({ end_time: null, price: null, duration: null }));
  });
});

describe('usage_records', () => {
  it("asks each account for its own usage by inclusive days, and keeps plain-day cursors", async () => {
    const config = { ...authTokenConfig, start_date: '2025-06-01', slice_days: 4 };
    const { exitCode, messages } = await runSource('read', { baseUrl: simulator.url, config, catalog: incrementalCatalogOf('usage_records') });
    expect(exitCode).toBe(0);
    const requests = requestsOf('usage_records');
    expect(requests.every((entry) => queryOf(entry)['IncludeSubaccounts'] === 'false')).toBe(true);
    const main = requests.filter((entry) => entry.path.includes(MAIN_ACCOUNT_SID)).map(queryOf);
    main.sort((left, right) => String(left['StartDate']).localeCompare(String(right['StartDate'])));
    expect(main.slice(0, 2).map(({ StartDate, EndDate }) => [StartDate, EndDate])).toEqual([
      ['2025-06-01', '2025-06-04'],
      ['2025-06-05', '2025-06-08'],
    ]);
    const own = await truth('Usage/Records/Daily.json', MAIN_ACCOUNT_SID, 'IncludeSubaccounts=false');
    const withSubaccounts = await truth('Usage/Records/Daily.json', MAIN_ACCOUNT_SID);
    const records = recordsOf(messages, 'usage_records').filter((record) => record.data['account_sid'] === MAIN_ACCOUNT_SID);
    expect(records.map((record) => [record.data['category'], record.data['start_date'], record.data['usage']]).sort()).toEqual(
      own.map((row) => [row['category'], row['start_date'], row['usage']]).sort(),
    );
    expect(own.map((row) => row['usage'])).not.toEqual(withSubaccounts.map((row) => row['usage']));
    const cursor = (lastState(messages, 'usage_records') as { accounts: Record<string, { start_date: string }> }).accounts[MAIN_ACCOUNT_SID];
    expect(cursor?.start_date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);

    simulator.resetStats();
    const state = [{ type: 'STREAM', stream: { stream_descriptor: { name: 'usage_records' }, stream_state: lastState(messages, 'usage_records') } }];
    const next = await runSource('read', { baseUrl: simulator.url, config, state, catalog: incrementalCatalogOf('usage_records') });
    expect(next.exitCode).toBe(0);
    expect(recordsOf(next.messages, 'usage_records')).toEqual([]);
    expect(requestsOf('usage_records').length).toBe(2);
  });
});

describe('messages', () => {
  it("starts no earlier than Twilio's 400 days, saying so once per account", async () => {
    const config = { ...authTokenConfig, start_date: '2020-01-01', slice_days: 30 };
    const { exitCode, messages } = await runSource('read', { baseUrl: simulator.url, config, catalog: incrementalCatalogOf('messages') });
    expect(exitCode).toBe(0);
    expect(errorsOf(messages)).toEqual([]);
    const clipped = logsOf(messages, 'INFO').filter((text) => text.includes('Twilio keeps 400 days'));
    expect(clipped).toHaveLength(2);
    const horizon = new Date(Date.now() - 399 * 86_400_000).toISOString().slice(0, 10);
    const firstDays = requestsOf('messages').map((entry) => queryOf(entry)['DateSent>'] ?? queryOf(entry)['DateSent']).sort();
    expect(firstDays[0]).toBe(horizon);
  });
});

describe('recordings', () => {
  it('from a saved cursor less the lookback: asks from that day on DateCreated, emits only rows at or after it', async () => {
    const rows = await truth('Recordings.json', MAIN_ACCOUNT_SID);
    const cursor = isoOf(rows[2]?.['date_created']) as string;
    const lookbackMinutes = 9 * 60;
    const from = new Date(Date.parse(cursor) - lookbackMinutes * 60_000).toISOString().replace('.000Z', 'Z');
    const state = [{ type: 'STREAM', stream: { stream_descriptor: { name: 'recordings' }, stream_state: { accounts: { [MAIN_ACCOUNT_SID]: { date_created: cursor } } } } }];
    simulator.resetStats();
    const config = { ...apiKeyConfig, lookback_window: lookbackMinutes };
    const { exitCode, messages } = await runSource('read', { baseUrl: simulator.url, config, state, catalog: incrementalCatalogOf('recordings') });
    expect(exitCode).toBe(0);
    const expected = rows.filter((row) => (isoOf(row['date_created']) as string) >= from).map((row) => row['sid']);
    expect(expected).toHaveLength(4);
    expect(recordsOf(messages, 'recordings').map((record) => record.data['sid']).sort()).toEqual([...expected].sort());
    const days = requestsOf('recordings').map((entry) => queryOf(entry)['DateCreated']).sort();
    expect(days[0]).toBe(from.slice(0, 10));
  });
});

describe('message_media', () => {
  it('lists the media of the messages that have any, and only theirs', async () => {
    const { exitCode, messages } = await runSource('read', { baseUrl: simulator.url, config: apiKeyConfig, catalog: catalogOf('message_media') });
    expect(exitCode).toBe(0);
    const withMedia = (await truth('Messages.json', MAIN_ACCOUNT_SID)).filter((message) => message['num_media'] !== '0');
    expect(withMedia.length).toBeGreaterThan(0);
    expect(requestsOf('media').map((entry) => entry.path.split('/')[5]).sort()).toEqual(withMedia.map((message) => message['sid']).sort());
    const media = recordsOf(messages, 'message_media');
    expect(media).toHaveLength(withMedia.reduce((sum, message) => sum + Number(message['num_media']), 0));
    expect(new Set(media.map((record) => record.data['parent_sid']))).toEqual(new Set(withMedia.map((message) => message['sid'])));
  });

  it('reads the media of the messages of its windows incrementally', async () => {
    const recent = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
    await withSimulator({ dataset: { ...DEFAULT_FIXTURE, firstDateCreated: `${recent}T00:00:00Z` } }, async (local) => {
      const config = { ...apiKeyConfig, start_date: recent };
      const { exitCode, messages } = await runSource('read', { baseUrl: local.url, config, catalog: incrementalCatalogOf('message_media') });
      expect(exitCode).toBe(0);
      const messageLists = local.stats().log.filter((entry) => entry.kind === 'messages').map(queryOf);
      const withMedia = (await truth('Messages.json', MAIN_ACCOUNT_SID, '', local)).filter((message) => message['num_media'] !== '0');
      expect(withMedia.length).toBeGreaterThan(0);
      expect(new Set(recordsOf(messages, 'message_media').map((record) => record.data['parent_sid']))).toEqual(new Set(withMedia.map((message) => message['sid'])));
      expect(messageLists.length).toBeGreaterThanOrEqual(4);
      expect(messageLists.every((query) => query['DateSent'] !== undefined)).toBe(true);
    });
  });
});

describe('children over empty or vanished parents', () => {
  it('reads an address without dependent numbers as empty, and one that vanished (404) as empty too', async () => {
    simulator.faults.add({ fault: { type: 'status', status: 404 }, kind: 'dependent_phone_numbers', times: 1 });
    const { exitCode, messages } = await runSource('read', { baseUrl: simulator.url, config: apiKeyConfig, catalog: catalogOf('dependent_phone_numbers') });
    expect(exitCode).toBe(0);
    expect(logsOf(messages, 'INFO').some((text) => /answered 404 after 0 dependent_phone_numbers|has no dependent_phone_numbers/.test(text))).toBe(true);
    expect(requestsOf('dependent_phone_numbers')).toHaveLength(2);
  });

  it('asks a country only for the number types it has', async () => {
    const { exitCode, messages } = await runSource('read', {
      baseUrl: simulator.url,
      config: apiKeyConfig,
      catalog: catalogOf('available_phone_numbers_local', 'available_phone_numbers_mobile', 'available_phone_numbers_toll_free'),
    });
    expect(exitCode).toBe(0);
    expect(requestsOf('available_phone_numbers_local').map((entry) => entry.path.split('/')[5]).sort()).toEqual(['DK', 'GB', 'US']);
    expect(requestsOf('available_phone_numbers_local').every((entry) => entry.path.includes('/Local.json?'))).toBe(true);
    expect(requestsOf('available_phone_numbers_mobile').map((entry) => entry.path.split('/')[5]).sort()).toEqual(['GB', 'US']);
    expect(requestsOf('available_phone_numbers_toll_free').map((entry) => entry.path.split('/')[5]).sort()).toEqual(['DK', 'US']);
    expect(new Set(recordsOf(messages, 'available_phone_numbers_mobile').map((record) => record.data['iso_country']))).toEqual(new Set(['GB', 'US']));
  });
});

describe('full-refresh lists of the account', () => {
  const RFC_2822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d \w{3} \d{4} \d\d:\d\d:\d\d \+0000$/;
  /** A row as its record: Twilio's RFC 2822 dates in ISO 8601, a URL's user name and password removed, the rest as sent. */
  const asRecord = (row: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(row).map(([field, value]) => [
        field,
        typeof value !== 'string' ? value : RFC_2822.test(value) ? isoOf(value) : value.replace(/^(https?:\/\/)[^/@]*@/, '$1'),
      ]),
    );

  // Every 2010 list of the account without a parent (conferences have tests of their own).
  const LISTS = STREAMS.filter((stream) => stream.api === 'api' && stream.parent === undefined && stream.scope !== 'credentials' && stream.name !== 'conferences');

  it.each(LISTS.map((stream) => [stream.name, stream] as const))('%s: one request for its list of the account, and its rows as records', async (name, stream) => {
    const { exitCode, messages } = await runSource('read', { baseUrl: simulator.url, config: apiKeyConfig, catalog: catalogOf(name) });
    expect(exitCode).toBe(0);
    const requests = simulator.stats().log.filter((entry) => entry.kind !== 'accounts').map((entry) => entry.path);
    const account = { accountSid: MAIN_ACCOUNT_SID };
    const path = stream.path(account).replace(`/2010-04-01/Accounts/${MAIN_ACCOUNT_SID}/`, '');
    const query = new URLSearchParams(stream.query?.({ accountSid: MAIN_ACCOUNT_SID, startDate: undefined, now: new Date() }, account)).toString();
    expect(requests).toEqual([`/2010-04-01/Accounts/${MAIN_ACCOUNT_SID}/${path}?${query === '' ? '' : `${query}&`}PageSize=1000`]);
    const rows = await truth(path, MAIN_ACCOUNT_SID, query);
    expect(rows.length).toBeGreaterThan(0);
    expect(recordsOf(messages, name).map((record) => record.data)).toEqual(rows.map(asRecord));
  });
});
