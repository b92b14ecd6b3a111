/**
 * Backpressure through a real pipe: the built connector stops asking Twilio while nobody reads its stdout, and
 * finishes once somebody does.
 */
import { describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DatasetOptions } from '../../simulator/dataset.js';
import { DEFAULT_FIXTURE, MAIN_ACCOUNT_SID } from '../../simulator/fixtures.js';
import type { TwilioSimulator } from '../../simulator/server.js';
import { minimumRequests, totalRequests } from '../../tools/bench/request-plan.js';
import { apiKeyConfig, catalogOf, recordsOf, runConnector, type RunResult } from '../helpers/connector.js';
import { withSimulator } from '../helpers/simulator.js';

const PARTICIPANTS = catalogOf('conference_participants');

function dataset(conferences: number, activeShare: number, participants: number): DatasetOptions {
  return { ...DEFAULT_FIXTURE, conferencesPerAccount: conferences, activeShare, participantsPerActiveConference: participants };
}

/** Every participant of every live conference, each exactly once. */
function expectEveryParticipantOnce(simulator: TwilioSimulator, result: RunResult): void {
  expect(result.exitCode).toBe(0);
  const uris = recordsOf(result.messages, 'conference_participants').map((record) => record.data['uri']);
  expect(uris).toHaveLength(simulator.dataset.expectedParticipantCount([MAIN_ACCOUNT_SID]));
  expect(new Set(uris).size).toBe(uris.length);
}

describe('backpressure', () => {
  it('stops asking Twilio while its output is not read, and finishes once it is', async () => {
    await withSimulator({ dataset: dataset(200, 1, 100) }, async (simulator) => {
      const plan = minimumRequests(simulator.dataset.options, MAIN_ACCOUNT_SID);
      let resume = () => {};
      const running = runConnector('read', {
        baseUrl: simulator.url,
        config: apiKeyConfig,
        catalog: PARTICIPANTS,
        onSpawn: (child) => {
          child.stdout?.pause();
          resume = () => child.stdout?.resume();
        },
      });
      const stalledAt = await requestsOnceSettled(simulator);
      expect(stalledAt).toBeGreaterThan(plan.conferenceLists);
      expect(stalledAt).toBeLessThan(totalRequests(plan) / 2);
      resume();
      expectEveryParticipantOnce(simulator, await running);
      expect(simulator.stats().requests).toBe(totalRequests(plan));
    });
  });
});

/** The simulator's request count once it has not moved for half a second. */
async function requestsOnceSettled(simulator: TwilioSimulator): Promise<number> {
  let last = -1;
  let unchanged = 0;
  while (unchanged < 5) {
    await sleep(100);
    const { requests } = simulator.stats();
    unchanged = requests === last && requests > 0 ? unchanged + 1 : 0;
    last = requests;
  }
  return last;
}
