import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  DEFAULT_FIXTURE,
  MAIN_ACCOUNT_SID,
  SUBACCOUNT_SID,
  SUSPENDED_SUBACCOUNT_SID,
} from '../simulator/fixtures.js';
import { TwilioSimulator } from '../simulator/server.js';
import type { AirbyteMessage } from '../src/protocol/messages.js';
import {
  apiKeyConfig,
  authTokenConfig,
  catalogOf,
  errorsOf,
  incrementalCatalogOf,
  logsOf,
  recordsOf,
  runSource,
  type RunResult,
  statesOf,
  statusesOf,
} from './helpers/connector.js';

const CONFERENCES_PER_ACCOUNT = 20;
let simulator: TwilioSimulator;

/** The auth token of the main account sees its active subaccount; the fixture's data starts on 2025-06-01. */
const everyAccount = { ...authTokenConfig, start_date: '2025-06-01', slice_days: 30 };

type State = { accounts: Record<string, { date_updated: string }> };
const stateMessage = (state: State) => [{ type: 'STREAM', stream: { stream_descriptor: { name: 'conferences' }, stream_state: state } }];

function read(config: object, state?: unknown): Promise<RunResult> {
  return runSource('read', { config, catalog: incrementalCatalogOf('conferences'), baseUrl: simulator.url, ...(state === undefined ? {} : { state }) });
}

const sidsOf = (messages: AirbyteMessage[]) => recordsOf(messages, 'conferences').map((record) => String(record.data['sid']));
const lastState = (messages: AirbyteMessage[]) => statesOf(messages, 'conferences').at(-1)?.stream.stream_state as State | undefined;

function conferenceSids(account: string): string[] {
  const list = simulator.dataset.conferences(account);
  return Array.from({ length: list.length }, (_, index) => list.sidAt(index));
}

beforeAll(async () => {
  simulator = await TwilioSimulator.start({ dataset: { ...DEFAULT_FIXTURE, conferencesPerAccount: CONFERENCES_PER_ACCOUNT } });
});
afterAll(async () => {
  await simulator.close();
});
beforeEach(() => {
  simulator.faults.clear();
  simulator.resetStats();
});

describe('the first incremental sync', () => {
  it('reads every conference of every active account once, and saves a cursor per account', async () => {
    const { exitCode, messages } = await read(everyAccount);
    expect(exitCode).toBe(0);
    expect(sidsOf(messages).sort()).toEqual([...conferenceSids(MAIN_ACCOUNT_SID), ...conferenceSids(SUBACCOUNT_SID)].sort());
    const state = lastState(messages);
    expect(Object.keys(state?.accounts ?? {}).sort()).toEqual([MAIN_ACCOUNT_SID, SUBACCOUNT_SID].sort());
    expect(JSON.stringify(messages)).not.toContain(SUSPENDED_SUBACCOUNT_SID);
  });

  it('without a start date reads all history in one pass per account', async () => {
    const { exitCode, messages } = await read(authTokenConfig);
    expect(exitCode).toBe(0);
    expect(sidsOf(messages)).toHaveLength(2 * CONFERENCES_PER_ACCOUNT);
    // The account listing, then one list per account.
    expect(simulator.stats().requests).toBe(3);
  });

  it('asks for windows of one day by default, each by equality: no day is asked for twice', async () => {
    const { exitCode, messages } = await read({ ...apiKeyConfig, start_date: '2025-05-30' });
    expect(exitCode).toBe(0);
    expect(sidsOf(messages).sort()).toEqual(conferenceSids(MAIN_ACCOUNT_SID).sort());
    // Windows are read several at once, so they reach the simulator in no set order.
    const windows = simulator.stats().log.map((entry) => entry.path).filter((path) => path.includes('Conferences.json')).sort();
    expect(windows.slice(0, 3)).toEqual(
      ['2025-05-30', '2025-05-31', '2025-06-01'].map((day) => `/2010-04-01/Accounts/${MAIN_ACCOUNT_SID}/Conferences.json?DateUpdated=${day}&PageSize=1000`),
    );
    expect(new Set(windows).size).toBe(windows.length);
    // Checkpoints at window ends, moving forward only; the last one at the time the sync started.
    const cursors = statesOf(messages, 'conferences').map((state) => String((state.stream.stream_state as State).accounts[MAIN_ACCOUNT_SID]?.date_updated));
    expect(cursors.length).toBeGreaterThan(100);
    expect([...cursors].sort()).toEqual(cursors);
    expect(cursors.slice(0, -1).every((cursor) => cursor >= '2025-05-31T00:00:00Z' && cursor.endsWith('T00:00:00Z'))).toBe(true);
    expect(Date.parse(cursors.at(-1) ?? '')).toBeGreaterThan(Date.now() - 600_000);
  });
});

describe('the next sync', () => {
  it('with nothing new reads nothing and asks only for the listing and the windows from the cursor', async () => {
    const first = await read(everyAccount);
    simulator.resetStats();
    const second = await read(everyAccount, stateMessage(lastState(first.messages) as State));
    expect(second.exitCode).toBe(0);
    expect(sidsOf(second.messages)).toEqual([]);
    expect(simulator.stats().requests).toBe(1 + 2);
    expect(Object.keys(lastState(second.messages)?.accounts ?? {}).sort()).toEqual([MAIN_ACCOUNT_SID, SUBACCOUNT_SID].sort());
  });

  it('picks up a conference that changed after it was first read', async () => {
    const first = await read(everyAccount);
    const live = simulator.dataset.activeConferences(SUBACCOUNT_SID)[0]?.sid ?? '';
    simulator.dataset.completeConference(SUBACCOUNT_SID, live, new Date(Date.now() + 1_000));
    const second = await read(everyAccount, stateMessage(lastState(first.messages) as State));
    expect(sidsOf(second.messages)).toEqual([live]);
    expect(recordsOf(second.messages, 'conferences')[0]?.data['status']).toBe('completed');
  });

  it('re-reads the lookback window before the cursor, and keeps every row it re-reads', async () => {
    const cursor = '2025-06-01T01:00:00Z';
    const state = stateMessage({ accounts: { [MAIN_ACCOUNT_SID]: { date_updated: cursor } } });
    const { messages } = await read({ ...apiKeyConfig, lookback_window: 120 }, state);
    const updated = recordsOf(messages, 'conferences').map((record) => String(record.data['date_updated']));
    expect(updated.length).toBeGreaterThan(0);
    expect(updated.every((value) => value >= '2025-05-31T23:00:00Z')).toBe(true);
    expect(updated.some((value) => value < cursor)).toBe(true);
  });
});

describe('day boundaries', () => {
  let late: string;
  let midnight: string;
  beforeAll(() => {
    [late = '', midnight = ''] = simulator.dataset.activeConferences(MAIN_ACCOUNT_SID).map((conference) => conference.sid);
    simulator.dataset.completeConference(MAIN_ACCOUNT_SID, late, new Date('2025-07-01T23:59:59Z'));
    simulator.dataset.completeConference(MAIN_ACCOUNT_SID, midnight, new Date('2025-07-02T00:00:00Z'));
  });

  it.each([1, 2, 7])('with windows of %i days, loses neither 23:59:59 nor 00:00:00 and emits each once', async (sliceDays) => {
    const { messages } = await read({ ...apiKeyConfig, start_date: '2025-06-25', slice_days: sliceDays });
    const sids = sidsOf(messages);
    expect(sids.filter((sid) => sid === late)).toHaveLength(1);
    expect(sids.filter((sid) => sid === midnight)).toHaveLength(1);
    expect(new Set(sids).size).toBe(sids.length);
  });

  it('resumed from midnight re-reads nothing of the day before', async () => {
    const state = stateMessage({ accounts: { [MAIN_ACCOUNT_SID]: { date_updated: '2025-07-02T00:00:00Z' } } });
    const sids = sidsOf((await read(apiKeyConfig, state)).messages);
    expect(sids).toContain(midnight);
    expect(sids).not.toContain(late);
  });
});

describe('a sync that stops part way', () => {
  it('resumed from any of its checkpoints loses nothing, and re-reads only from that checkpoint on', async () => {
    const config = { ...apiKeyConfig, start_date: '2025-05-20', slice_days: 3 };
    const full = await read(config);
    const everything = new Set(sidsOf(full.messages));
    const checkpoints = full.messages.flatMap((message, index) => (message.type === 'STATE' ? [index] : []));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...checkpoints.slice(0, -1)), async (killedAfter) => {
        const before = sidsOf(full.messages.slice(0, killedAfter + 1));
        const state = (full.messages[killedAfter] as Extract<AirbyteMessage, { type: 'STATE' }>).state.stream.stream_state as State;
        const rerun = await read(config, stateMessage(state));
        expect(new Set([...before, ...sidsOf(rerun.messages)])).toEqual(everything);
        const cursor = state.accounts[MAIN_ACCOUNT_SID]?.date_updated ?? '';
        for (const record of recordsOf(rerun.messages, 'conferences')) expect(String(record.data['date_updated']) >= cursor).toBe(true);
      }),
      { numRuns: 6 },
    );
  });

  it('failing in one window checkpoints only the windows before it, and the rerun from there completes', async () => {
    const config = { ...apiKeyConfig, start_date: '2025-05-25' };
    simulator.faults.add({ fault: { type: 'status', status: 503 }, pathIncludes: 'DateUpdated=2025-06-01' });
    const failed = await read(config);
    expect(failed.exitCode).toBe(1);
    expect(statusesOf(failed.messages, 'conferences').at(-1)).toBe('INCOMPLETE');
    const cursor = lastState(failed.messages)?.accounts[MAIN_ACCOUNT_SID]?.date_updated ?? '';
    expect(cursor <= '2025-06-01T00:00:00Z').toBe(true);
    simulator.faults.clear();
    const rerun = await read(config, stateMessage(lastState(failed.messages) as State));
    expect(rerun.exitCode).toBe(0);
    expect(new Set([...sidsOf(failed.messages), ...sidsOf(rerun.messages)])).toEqual(new Set(conferenceSids(MAIN_ACCOUNT_SID)));
  });
});

describe('subaccounts', () => {
  it('subaccounts "none" reads the configured account only, without listing accounts', async () => {
    const { messages } = await read({ ...everyAccount, subaccounts: 'none' });
    expect(sidsOf(messages).sort()).toEqual(conferenceSids(MAIN_ACCOUNT_SID).sort());
    expect(simulator.stats().log.some((entry) => entry.path.startsWith('/2010-04-01/Accounts.json'))).toBe(false);
  });

  it('account_sids narrows the accounts read', async () => {
    const { messages } = await read({ ...everyAccount, account_sids: [SUBACCOUNT_SID] });
    expect(sidsOf(messages).sort()).toEqual(conferenceSids(SUBACCOUNT_SID).sort());
    expect(Object.keys(lastState(messages)?.accounts ?? {})).toEqual([SUBACCOUNT_SID]);
  });

  it('account_sids naming an account out of reach is a config error that names it', async () => {
    const { exitCode, messages } = await read({ ...everyAccount, account_sids: [SUSPENDED_SUBACCOUNT_SID] });
    expect(exitCode).toBe(1);
    expect(errorsOf(messages)[0]).toEqual(
      expect.objectContaining({ failure_type: 'config_error', message: expect.stringContaining(`account_sids lists ${SUSPENDED_SUBACCOUNT_SID}`) }),
    );
    expect(sidsOf(messages)).toEqual([]);
  });

  it('credentials that may not list accounts read the configured account, with one WARN saying how to read the rest', async () => {
    simulator.faults.add({ fault: { type: 'status', status: 403, code: 20403 }, pathIncludes: '/Accounts.json' });
    const { exitCode, messages } = await read(everyAccount);
    expect(exitCode).toBe(0);
    expect(sidsOf(messages).sort()).toEqual(conferenceSids(MAIN_ACCOUNT_SID).sort());
    const warnings = logsOf(messages, 'WARN').filter((text) => text.includes('may not list the subaccounts'));
    expect(warnings).toEqual([expect.stringContaining("use the account's Auth Token or a Main API key")]);
  });

  it('an account that fails does not stop the others: the stream ends INCOMPLETE naming it, nothing else lost', async () => {
    simulator.faults.add({ fault: { type: 'status', status: 401, code: 20003 }, pathIncludes: `/Accounts/${SUBACCOUNT_SID}/` });
    const { exitCode, messages } = await read(everyAccount);
    expect(exitCode).toBe(1);
    expect(sidsOf(messages).sort()).toEqual(conferenceSids(MAIN_ACCOUNT_SID).sort());
    expect(statusesOf(messages, 'conferences').at(-1)).toBe('INCOMPLETE');
    expect(errorsOf(messages)[0]?.message).toMatch(
      new RegExp(`^1 of 2 accounts failed: account ${SUBACCOUNT_SID}: Twilio refused to read subaccount ${SUBACCOUNT_SID} .*suspended or closed`),
    );
    expect(Object.keys(lastState(messages)?.accounts ?? {})).toEqual([MAIN_ACCOUNT_SID]);
  });

  it("keeps the cursor of an account that is no longer in scope", async () => {
    const gone = `AC${'9'.repeat(32)}`;
    const state = stateMessage({ accounts: { [gone]: { date_updated: '2025-01-01T00:00:00Z' } } });
    const { messages } = await read({ ...apiKeyConfig, start_date: '2026-11-01' }, state);
    expect(lastState(messages)?.accounts[gone]).toEqual({ date_updated: '2025-01-01T00:00:00Z' });
  });

  it('check says how many accounts the credentials can see', async () => {
    const { messages } = await runSource('check', { config: authTokenConfig, baseUrl: simulator.url });
    expect(logsOf(messages, 'INFO')).toContain(
      `The credentials can see 2 accounts (${MAIN_ACCOUNT_SID}, ${SUBACCOUNT_SID}) in scope; a sync reads each of them.`,
    );
  });

  it('check asks for the first page of the first stream read per account, for the first account in scope', async () => {
    simulator.resetStats();
    const { messages } = await runSource('check', { config: { ...authTokenConfig, account_sids: [SUBACCOUNT_SID] }, baseUrl: simulator.url });
    expect(messages.at(-1)).toEqual({ type: 'CONNECTION_STATUS', connectionStatus: { status: 'SUCCEEDED' } });
    const probes = simulator.stats().log.filter((entry) => entry.kind !== 'accounts' && !entry.path.startsWith('/insights/v1/Voice/Settings'));
    expect(probes.map((entry) => entry.path)).toEqual([`/2010-04-01/Accounts/${SUBACCOUNT_SID}/Conferences.json?PageSize=1`]);
  });
});

describe('a saved state the sync cannot use', () => {
  it.each([
    ['of another shape', { date_updated: '2025-06-01T00:00:00Z' }, /state of stream "conferences" is not one this version keeps: expected \{"accounts"/],
    ['whose cursor is not a date', { accounts: { [MAIN_ACCOUNT_SID]: { date_updated: 'yesterday' } } }, /cursor for account .* that is not an ISO 8601 date-time: "yesterday"/],
  ])('%s is a config error naming the stream and what is expected', async (_name, streamState, message) => {
    const state = [{ type: 'STREAM', stream: { stream_descriptor: { name: 'conferences' }, stream_state: streamState } }];
    const { exitCode, messages } = await read(apiKeyConfig, state);
    expect(exitCode).toBe(1);
    expect(errorsOf(messages)[0]).toEqual(expect.objectContaining({ failure_type: 'config_error', message: expect.stringMatching(message) }));
    expect(sidsOf(messages)).toEqual([]);
  });

  it('in the future gives a WARN, no records, no request for the account, and the state unchanged', async () => {
    const future = { accounts: { [MAIN_ACCOUNT_SID]: { date_updated: '2999-01-01T00:00:00Z' } } };
    const { exitCode, messages } = await read(apiKeyConfig, stateMessage(future));
    expect(exitCode).toBe(0);
    expect(sidsOf(messages)).toEqual([]);
    expect(logsOf(messages, 'WARN')).toEqual([expect.stringContaining('lies in the future')]);
    expect(lastState(messages)).toEqual(future);
    expect(simulator.stats().log.filter((entry) => entry.path.includes('Conferences.json'))).toEqual([]);
  });

  it('a GLOBAL state is refused, not taken for no state', async () => {
    const { exitCode, messages } = await read(apiKeyConfig, [{ type: 'GLOBAL', global: { stream_states: [] } }]);
    expect(exitCode).toBe(1);
    expect(errorsOf(messages)[0]?.failure_type).toBe('config_error');
    expect(sidsOf(messages)).toEqual([]);
  });
});

describe('a full refresh of the incremental stream', () => {
  it('reads everything of every account and keeps no cursor', async () => {
    const { messages } = await runSource('read', { config: authTokenConfig, catalog: catalogOf('conferences'), baseUrl: simulator.url });
    expect(sidsOf(messages)).toHaveLength(2 * CONFERENCES_PER_ACCOUNT);
    expect(lastState(messages)).toEqual({});
  });
});
