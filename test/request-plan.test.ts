import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DatasetOptions } from '../simulator/dataset.js';
import { DEFAULT_FIXTURE, MAIN_ACCOUNT_SID, mainAndActiveSubaccounts } from '../simulator/fixtures.js';
import { TwilioSimulator, type RequestLogEntry } from '../simulator/server.js';
import { minimumRequests, minimumWindowRequests, totalRequests, totalWindowRequests } from '../tools/bench/request-plan.js';
import {
  apiKeyConfig,
  authTokenConfig,
  catalogOf,
  incrementalCatalogOf,
  logsOf,
  recordsOf,
  runSource,
  type RunResult,
  statesOf,
} from './helpers/connector.js';
import { withSimulator } from './helpers/simulator.js';
import { describeSlow } from './helpers/tiers.js';

const PARTICIPANTS = catalogOf('conference_participants');
const BOTH = catalogOf('conferences', 'conference_participants');

function dataset(conferences: number, activeShare: number, participants: number): DatasetOptions {
  return { ...DEFAULT_FIXTURE, conferencesPerAccount: conferences, activeShare, participantsPerActiveConference: participants };
}

const statusOf = (entry: RequestLogEntry) => new URL(entry.path, 'http://simulator').searchParams.get('Status');

function liveConferenceSids(simulator: TwilioSimulator): string[] {
  const view = simulator.dataset.conferences(MAIN_ACCOUNT_SID);
  return Array.from({ length: view.length }, (_, index) => index)
    .filter((index) => view.statusAt(index) !== 'completed')
    .map((index) => view.sidAt(index));
}

/** Every participant of every live conference, each exactly once. */
function expectEveryParticipantOnce(simulator: TwilioSimulator, result: RunResult): void {
  expect(result.exitCode).toBe(0);
  const uris = recordsOf(result.messages, 'conference_participants').map((record) => record.data['uri']);
  expect(uris).toHaveLength(simulator.dataset.expectedParticipantCount([MAIN_ACCOUNT_SID]));
  expect(new Set(uris).size).toBe(uris.length);
}

/**
 * The participants' requests in the simulator's log: the `init` conference list page by page, then the `in-progress`
 * one, and the participants of exactly the live conferences, page by page; nothing else.
 */
function expectParticipantsPlan(simulator: TwilioSimulator, log: RequestLogEntry[]): void {
  const plan = minimumRequests(simulator.dataset.options, MAIN_ACCOUNT_SID);
  const statusLists = log.filter((entry) => entry.kind === 'conferences' && statusOf(entry) !== null);
  expect(statusLists[0]?.path).toBe(`/2010-04-01/Accounts/${MAIN_ACCOUNT_SID}/Conferences.json?Status=init&PageSize=1000`);
  const statuses = statusLists.map(statusOf);
  expect(statuses).toEqual([...statuses].sort((left, right) => Number(left === 'in-progress') - Number(right === 'in-progress')));
  expect(statusLists).toHaveLength(plan.conferenceLists);

  const participantLists = log.filter((entry) => entry.kind === 'participants');
  expect(new Set(participantLists.map((entry) => entry.conferenceSid))).toEqual(new Set(liveConferenceSids(simulator)));
  expect(participantLists).toHaveLength(plan.participantLists);
  expect(participantLists.filter((entry) => !entry.path.includes('PageToken')).every((entry) => entry.path.endsWith('?PageSize=1000'))).toBe(true);
}

describe('the request plan', () => {
  describeSlow('with more live conferences than one page holds', () => {
    let simulator: TwilioSimulator;
    beforeAll(async () => {
      simulator = await TwilioSimulator.start({ dataset: dataset(2_500, 0.9, 1) });
    });
    afterAll(async () => {
      await simulator.close();
    });

    it('reads participants alone with the fewest requests, never listing conferences in full', async () => {
      simulator.resetStats();
      const result = await runSource('read', { baseUrl: simulator.url, config: apiKeyConfig, catalog: PARTICIPANTS });
      expectEveryParticipantOnce(simulator, result);
      const { log, requests } = simulator.stats();
      expect(requests).toBe(totalRequests(minimumRequests(simulator.dataset.options, MAIN_ACCOUNT_SID)));
      expectParticipantsPlan(simulator, log);
      expect(log.filter((entry) => entry.kind === 'conferences' && statusOf(entry) === null)).toEqual([]);
    });

    it('with both streams, adds only the full conference list that the conferences stream reads', async () => {
      simulator.resetStats();
      const result = await runSource('read', { baseUrl: simulator.url, config: apiKeyConfig, catalog: BOTH });
      expectEveryParticipantOnce(simulator, result);
      expect(recordsOf(result.messages, 'conferences')).toHaveLength(2_500);
      const { log, requests } = simulator.stats();
      const fullList = log.filter((entry) => entry.kind === 'conferences' && statusOf(entry) === null);
      expect(fullList).toHaveLength(3);
      expect(requests).toBe(fullList.length + totalRequests(minimumRequests(simulator.dataset.options, MAIN_ACCOUNT_SID)));
      expectParticipantsPlan(simulator, log.filter((entry) => !fullList.includes(entry)));
    });
  });

  it('pages through a conference with more than 1000 participants and asks nothing of completed ones', async () => {
    await withSimulator({ dataset: dataset(10, 0.3, 1_500) }, async (simulator) => {
      const result = await runSource('read', { baseUrl: simulator.url, config: apiKeyConfig, catalog: PARTICIPANTS });
      expectEveryParticipantOnce(simulator, result);
      const { log, requests } = simulator.stats();
      expect(requests).toBe(1 + 2 + 3 * 2);
      expectParticipantsPlan(simulator, log);
    });
  });
});

describe('the window plan of an incremental sync', () => {
  const days = 30;
  const clock = '2025-07-01T12:00:00Z';
  const setup = {
    clock,
    dataset: {
      ...DEFAULT_FIXTURE,
      accounts: mainAndActiveSubaccounts(3),
      conferencesPerAccount: days * 50,
      conferencesPerDay: 50,
      activeShare: 0,
      participantsPerActiveConference: 0,
    },
  };
  const config = { ...authTokenConfig, start_date: '2025-06-01', slice_days: 1, subaccounts: 'all', max_concurrency: 8 };
  const catalog = incrementalCatalogOf('conferences');

  it('lists the accounts once and asks each account for each day once, then only for today from the saved state', async () => {
    await withSimulator(setup, async (simulator) => {
      const plan = minimumWindowRequests(simulator.dataset.options, config.start_date, clock);
      expect(plan).toMatchObject({ accounts: 3, windowsPerAccount: days + 1, windowRequests: 3 * (days + 1), conferences: 3 * days * 50 });
      const first = await runSource('read', { baseUrl: simulator.url, config, catalog });
      expect(first.exitCode).toBe(0);
      expect(recordsOf(first.messages, 'conferences')).toHaveLength(plan.conferences);
      const { log, requests } = simulator.stats();
      expect(requests).toBe(totalWindowRequests(plan));
      const windows = log.filter((entry) => entry.kind === 'conferences').map((entry) => entry.path);
      expect(new Set(windows).size).toBe(plan.windowRequests);
      expect(windows.every((path) => /\?DateUpdated=\d{4}-\d{2}-\d{2}&PageSize=1000$/.test(path))).toBe(true);

      simulator.resetStats();
      const state = statesOf(first.messages, 'conferences').at(-1);
      const second = await runSource('read', { baseUrl: simulator.url, config, catalog, state: [state] });
      expect(second.exitCode).toBe(0);
      expect(simulator.stats().requests).toBe(plan.accounts + plan.accountLists);
    });
  });

  it('asks the accounts of a second sync several at once, as a first sync does', async () => {
    const many = { ...setup, latencyMs: 20, dataset: { ...setup.dataset, accounts: mainAndActiveSubaccounts(20), conferencesPerAccount: 50 } };
    await withSimulator(many, async (simulator) => {
      const cursors = Object.fromEntries(many.dataset.accounts.map((account) => [account.sid, { date_updated: clock }]));
      const state = { type: 'STREAM', stream: { stream_descriptor: { name: 'conferences' }, stream_state: { accounts: cursors } } };
      const second = await runSource('read', { baseUrl: simulator.url, config, catalog, state: [state] });
      expect(second.exitCode).toBe(0);
      const { requests, maxInFlight } = simulator.stats();
      // The listing, then one window (today) for each of the 20 accounts: at most 8 at once, and 8 at once indeed.
      expect(requests).toBe(21);
      expect(maxInFlight).toBe(config.max_concurrency);
    });
  });
});

describe('concurrency', () => {
  it('reads up to max_concurrency lists at once, never more', async () => {
    await withSimulator({ dataset: dataset(100, 0.4, 2), latencyMs: 25 }, async (simulator) => {
      const config = { ...apiKeyConfig, max_concurrency: 4 };
      const result = await runSource('read', { baseUrl: simulator.url, config, catalog: PARTICIPANTS });
      expectEveryParticipantOnce(simulator, result);
      expect(simulator.stats().maxInFlight).toBe(4);
    });
  });

  it('slows down when Twilio answers 429, and still reads every record exactly once', async () => {
    await withSimulator({ dataset: dataset(100, 0.4, 5), latencyMs: 10, maxConcurrentRequests: 2 }, async (simulator) => {
      const config = { ...apiKeyConfig, max_concurrency: 8 };
      const result = await runSource('read', { baseUrl: simulator.url, config, catalog: PARTICIPANTS });
      expectEveryParticipantOnce(simulator, result);
      const { log } = simulator.stats();
      expect(log.some((entry) => entry.status === 429)).toBe(true);
      expect(log.filter((entry) => entry.status === 200)).toHaveLength(totalRequests(minimumRequests(simulator.dataset.options, MAIN_ACCOUNT_SID)));
      // Said once, in the stream's end line, rather than in a WARN per retried request.
      expect(logsOf(result.messages, 'WARN').filter((text) => text.startsWith('Retrying '))).toEqual([]);
      expect(logsOf(result.messages, 'INFO').some((text) => /^conference_participants, .*: read .* [1-9][\d,]* answered 429/.test(text))).toBe(true);
    });
  });
});

