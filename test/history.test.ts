import { afterEach, describe, expect, it } from '@jest/globals';
import {
  DEFAULT_FIXTURE,
  IE1_API_KEY_SECRET,
  IE1_API_KEY_SID,
  MAIN_ACCOUNT_SID,
  SUBACCOUNT_SID,
} from '../simulator/fixtures.js';
import { TwilioSimulator, type SimulatorOptions } from '../simulator/server.js';
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
  statesOf,
  statusesOf,
} from './helpers/connector.js';
import { TRANSIENT_FAULTS } from './helpers/faults.js';
import { describeSlow } from './helpers/tiers.js';

const MINUTE = 60_000;
const SUMMARIES = 'conference_summaries';
const PARTICIPANTS = 'conference_participant_summaries';

const simulators: TwilioSimulator[] = [];
async function start(options: SimulatorOptions): Promise<TwilioSimulator> {
  const simulator = await TwilioSimulator.start(options);
  simulators.push(simulator);
  return simulator;
}
afterEach(async () => {
  await Promise.all(simulators.splice(0).map((simulator) => simulator.close()));
});

function read(simulator: TwilioSimulator, config: object, catalog: object, state?: unknown) {
  return runSource('read', { config, catalog, baseUrl: simulator.url, ...(state === undefined ? {} : { state }) });
}

/** The final STATE of each stream, as the platform would pass it to the next sync. */
function nextState(messages: AirbyteMessage[], ...names: string[]) {
  return names.flatMap((name) => {
    const last = statesOf(messages, name).at(-1);
    return last === undefined ? [] : [{ type: 'STREAM', stream: { stream_descriptor: { name }, stream_state: last.stream.stream_state } }];
  });
}

/** The conferences of the fixture, twenty created five minutes apart from midnight on 2025-06-01. */
const fixture = { ...DEFAULT_FIXTURE, conferencesPerAccount: 20, activeShare: 0.3, participantsPerActiveConference: 3 };

describe('a sequence of syncs while conferences start, end and their summaries become final', () => {
  it('emits every participant of every conference, and the last row of each is its final one', async () => {
    const simulator = await start({ dataset: fixture, clock: '2025-06-01T00:50:00Z' });
    const catalog = incrementalCatalogOf(SUMMARIES, PARTICIPANTS);
    const lastRow = new Map<string, Record<string, unknown>>();
    let state: unknown;
    const live = simulator.dataset.activeConferences(MAIN_ACCOUNT_SID).map((conference) => conference.sid);
    for (let sync = 0; sync < 6; sync++) {
      const { exitCode, messages } = await read(simulator, apiKeyConfig, catalog, state);
      expect(exitCode).toBe(0);
      for (const record of recordsOf(messages, PARTICIPANTS)) lastRow.set(String(record.data['participant_sid']), record.data);
      state = nextState(messages, SUMMARIES, PARTICIPANTS);
      // Conferences go on starting; one live conference ends each time; summaries finalise half an hour after.
      const ending = live[sync];
      if (ending !== undefined) simulator.completeConference(MAIN_ACCOUNT_SID, ending);
      simulator.clock.advance(20 * MINUTE);
    }
    // A last sync once everything that ended has had time to be processed.
    simulator.clock.advance(60 * MINUTE);
    const last = await read(simulator, apiKeyConfig, catalog, state);
    for (const record of recordsOf(last.messages, PARTICIPANTS)) lastRow.set(String(record.data['participant_sid']), record.data);

    const conferences = simulator.dataset.conferences(MAIN_ACCOUNT_SID);
    const existing = Array.from({ length: conferences.length }, (_, index) => index).filter(
      (index) => conferences.dateCreatedAt(index) * 1000 <= simulator.clock.now().getTime(),
    );
    const ended = existing.filter((index) => conferences.statusAt(index) === 'completed');
    for (const index of existing) {
      const sid = conferences.sidAt(index);
      const rows = [...lastRow.values()].filter((row) => row['conference_sid'] === sid);
      expect(rows.map((row) => row['call_sid']).sort()).toEqual([0, 1, 2].map((participant) => conferences.callSidAt(index, participant)).sort());
    }
    for (const index of ended) {
      const rows = [...lastRow.values()].filter((row) => row['conference_sid'] === conferences.sidAt(index));
      expect(rows.map((row) => row['processing_state'])).toEqual(['complete', 'complete', 'complete']);
    }
  });

  it('keeps the cursor at the oldest conference whose summary is not final, so the next sync reads it again', async () => {
    const simulator = await start({ dataset: fixture, clock: '2025-06-01T03:00:00Z' });
    const first = await read(simulator, apiKeyConfig, incrementalCatalogOf(SUMMARIES));
    const pending = recordsOf(first.messages, SUMMARIES).filter((record) => record.data['processing_state'] !== 'complete');
    expect(pending.length).toBeGreaterThan(0);
    const oldestPending = pending.map((record) => String(record.data['create_time'])).sort()[0];
    const cursor = (statesOf(first.messages, SUMMARIES).at(-1)?.stream.stream_state as { accounts: Record<string, { create_time: string }> })
      .accounts[MAIN_ACCOUNT_SID]?.create_time;
    expect(cursor).toBe(oldestPending);
    const second = await read(simulator, apiKeyConfig, incrementalCatalogOf(SUMMARIES), nextState(first.messages, SUMMARIES));
    const again = new Set(recordsOf(second.messages, SUMMARIES).map((record) => record.data['conference_sid']));
    for (const record of pending) expect(again.has(record.data['conference_sid'])).toBe(true);
  });
});

describe('the 30-day horizon', () => {
  it('clips a start older than 29 days with an INFO line, and never asks Twilio for older summaries', async () => {
    const simulator = await start({ dataset: fixture, clock: '2025-06-20T00:00:00Z' });
    const { exitCode, messages } = await read(simulator, { ...apiKeyConfig, start_date: '2025-01-01' }, incrementalCatalogOf(SUMMARIES));
    expect(exitCode).toBe(0);
    expect(logsOf(messages, 'INFO')).toContainEqual(expect.stringContaining('Twilio keeps 30 days, so account'));
    const afters = simulator.stats().log.map((entry) => new URL(entry.path, simulator.url).searchParams.get('CreatedAfter')).filter((value) => value !== null);
    expect(afters.sort()[0]).toBe('2025-05-21T23:59:59Z');
    expect(recordsOf(messages, SUMMARIES)).toHaveLength(20);
  });

  it('warns that the gap was lost when the saved cursor is older than 30 days', async () => {
    const simulator = await start({ dataset: fixture, clock: '2025-06-20T00:00:00Z' });
    const state = [{ type: 'STREAM', stream: { stream_descriptor: { name: SUMMARIES }, stream_state: { accounts: { [MAIN_ACCOUNT_SID]: { create_time: '2025-04-01T00:00:00Z' } } } } }];
    const { messages } = await read(simulator, apiKeyConfig, incrementalCatalogOf(SUMMARIES), state);
    expect(logsOf(messages, 'WARN')).toContainEqual(expect.stringMatching(/older than the 30 days Twilio keeps; .* lost for good/));
    expect(recordsOf(messages, SUMMARIES)).toHaveLength(20);
  });
});

describeSlow('faults', () => {
  it.each(TRANSIENT_FAULTS)('%s on every Insights request once: no row lost or doubled', async (_name, fault) => {
    const simulator = await start({ dataset: fixture, clock: '2025-06-01T12:00:00Z' });
    simulator.faults.add({ fault, pathIncludes: '/v1/Conferences', attempts: 1 });
    const { exitCode, messages } = await runSource('read', {
      config: apiKeyConfig,
      catalog: incrementalCatalogOf(SUMMARIES, PARTICIPANTS),
      baseUrl: simulator.url,
      env: { TWILIO_REQUEST_TIMEOUT_MS: '300' },
    });
    expect(exitCode).toBe(0);
    const summaries = recordsOf(messages, SUMMARIES).map((record) => record.data['conference_sid']);
    const participants = recordsOf(messages, PARTICIPANTS).map((record) => record.data['participant_sid']);
    expect(summaries).toHaveLength(20);
    expect(new Set(summaries).size).toBe(20);
    expect(participants).toHaveLength(60);
    expect(new Set(participants).size).toBe(60);
  });
});

describe('when an account cannot use Voice Insights', () => {
  const withInsightsOffForBob = {
    ...fixture,
    accounts: fixture.accounts.map((account) => (account.sid === SUBACCOUNT_SID ? { ...account, voiceInsights: false } : account)),
  };

  it('that account fails with a config_error saying what to enable, the others and the other streams complete', async () => {
    const simulator = await start({ dataset: withInsightsOffForBob, clock: '2025-06-01T12:00:00Z' });
    const catalog = { streams: [...catalogOf('conferences').streams, ...incrementalCatalogOf(SUMMARIES).streams] };
    const { exitCode, messages } = await read(simulator, authTokenConfig, catalog);
    expect(exitCode).toBe(1);
    expect(statusesOf(messages, 'conferences').at(-1)).toBe('COMPLETE');
    expect(statusesOf(messages, SUMMARIES).at(-1)).toBe('INCOMPLETE');
    const [streamError] = errorsOf(messages);
    expect(streamError?.failure_type).toBe('config_error');
    expect(streamError?.message).toMatch(new RegExp(`^1 of 2 accounts failed: account ${SUBACCOUNT_SID}: .*needs Voice Insights Advanced Features`));
    expect(streamError?.message).toContain('Voice > Settings > Voice Insights Advanced Features');
    expect(new Set(recordsOf(messages, SUMMARIES).map((record) => record.data['account_sid']))).toEqual(new Set([MAIN_ACCOUNT_SID]));
    // A refusal is an answer, not a fault: no request is retried, and no window starts after the first refusal.
    const refused = simulator.stats().log.filter((entry) => entry.status === 403).map((entry) => entry.path);
    expect(new Set(refused).size).toBe(refused.length);
    expect(refused.length).toBeLessThanOrEqual(8);
  });

  it('check still succeeds, and warns which accounts the history streams will fail for', async () => {
    const simulator = await start({ dataset: withInsightsOffForBob, clock: '2025-06-01T12:00:00Z' });
    const { exitCode, messages } = await runSource('check', { config: authTokenConfig, baseUrl: simulator.url });
    expect(exitCode).toBe(0);
    expect(messages.at(-1)).toEqual({ type: 'CONNECTION_STATUS', connectionStatus: { status: 'SUCCEEDED' } });
    expect(logsOf(messages, 'WARN')).toEqual([
      expect.stringMatching(new RegExp(`^Voice Insights Advanced Features are off for ${SUBACCOUNT_SID}: conference_summaries, conference_participant_summaries, and call_summaries will fail`)),
    ]);
  });

  // Twilio's pages disagree whether Voice Insights runs in ie1 (reference §9): both answers are designed for.
  const ie1Config = { ...apiKeyConfig, region: 'ie1', credentials: { auth_type: 'api_key', api_key_sid: IE1_API_KEY_SID, api_key_secret: IE1_API_KEY_SECRET } };
  const ie1Catalog = () => ({ streams: [...catalogOf('conferences').streams, ...incrementalCatalogOf(SUMMARIES).streams] });

  it('in ie1, reads the history streams from the Voice Insights host of that region when Twilio runs one there', async () => {
    const simulator = await start({ dataset: fixture, region: 'ie1', clock: '2025-06-01T12:00:00Z' });
    const { exitCode, messages } = await read(simulator, ie1Config, ie1Catalog());
    expect(errorsOf(messages)).toEqual([]);
    expect(exitCode).toBe(0);
    expect(statusesOf(messages, SUMMARIES).at(-1)).toBe('COMPLETE');
    expect(recordsOf(messages, SUMMARIES).length).toBeGreaterThan(0);
  });

  it('in ie1, check succeeds and warns that Twilio may not run Voice Insights there when it has no host for it', async () => {
    const simulator = await start({ dataset: fixture, region: 'ie1' });
    const { exitCode, messages } = await runSource('check', {
      config: ie1Config,
      baseUrl: simulator.url,
      env: { TWILIO_INSIGHTS_BASE_URL: 'https://insights.dublin.ie1.twilio.invalid' },
    });
    expect(exitCode).toBe(0);
    expect(messages.at(-1)).toEqual({ type: 'CONNECTION_STATUS', connectionStatus: { status: 'SUCCEEDED' } });
    expect(logsOf(messages, 'WARN')).toEqual([
      expect.stringMatching(
        /^Could not learn whether conference_summaries, conference_participant_summaries, and call_summaries can be read: Stream "conference_summaries" reads Twilio's insights API, which Twilio may not run in region ie1 /,
      ),
    ]);
  });

  it('in ie1, when Twilio has no Voice Insights host there, the history stream fails with a config_error saying so and the others complete', async () => {
    const simulator = await start({ dataset: fixture, region: 'ie1' });
    const { exitCode, messages } = await runSource('read', {
      config: ie1Config,
      catalog: ie1Catalog(),
      baseUrl: simulator.url,
      env: { TWILIO_INSIGHTS_BASE_URL: 'https://insights.dublin.ie1.twilio.invalid' },
    });
    expect(exitCode).toBe(1);
    expect(statusesOf(messages, 'conferences').at(-1)).toBe('COMPLETE');
    expect(statusesOf(messages, SUMMARIES).at(-1)).toBe('INCOMPLETE');
    expect(errorsOf(messages)[0]).toEqual(
      expect.objectContaining({
        failure_type: 'config_error',
        message: expect.stringMatching(
          /^Stream "conference_summaries" reads Twilio's insights API, which Twilio may not run in region ie1 \(its documentation disagrees\), and the attempt says it does not: The host name insights\.dublin\.ie1\.twilio\.invalid could not be resolved \(DNS\)/,
        ),
      }),
    );
});
});
