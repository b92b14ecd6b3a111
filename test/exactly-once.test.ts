import { expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Fault, FaultRule } from '../simulator/faults.js';
import { DEFAULT_FIXTURE, MAIN_ACCOUNT_SID } from '../simulator/fixtures.js';
import { TwilioSimulator } from '../simulator/server.js';
import { TwilioSource } from '../src/source.js';
import { apiKeyConfig, catalogOf, errorsOf, expectNoSecrets, runInProcess, statusesOf, type RunResult } from './helpers/connector.js';
import { TRANSIENT_FAULTS } from './helpers/faults.js';
import { exactlyOnce, expectedKeys, NOTHING_WRONG, participantUris, recordKeys } from './helpers/records.js';
import { describeSlow } from './helpers/tiers.js';

/** Attempts per request the connector makes (the first included). */
const MAX_ATTEMPTS = 6;
const STREAM_NAMES = ['conferences', 'conference_participants'] as const;
/** Time for fast-check to shrink a failure to its smallest case, which takes many more reads than a pass. */
const SHRINKING_TIMEOUT_MS = 120_000;

interface DataShape {
  conferences: number;
  live: number;
  participantsPerLive: number;
  /** Indices of live conferences that end just before their participants are read, and how Twilio then answers. */
  ending: { index: number; answer: 'empty' | 'not-found' }[];
}

/** Sizes around Twilio's page of 1000, where paging mistakes show, and anything up to a few pages. */
const listSize = (max: number) => fc.oneof(fc.constantFrom(0, 1, 999, 1_000, 1_001, 2_000), fc.integer({ min: 0, max }));

const dataShape: fc.Arbitrary<DataShape> = fc
  .record({ conferences: listSize(2_100), live: fc.integer({ min: 0, max: 5 }), participantsPerLive: listSize(1_100) })
  .chain((shape) => {
    const live = Math.min(shape.live, shape.conferences);
    const ending = fc.uniqueArray(
      fc.record({ index: fc.integer({ min: 0, max: Math.max(0, live - 1) }), answer: fc.constantFrom('empty' as const, 'not-found' as const) }),
      { maxLength: live === 0 ? 0 : 2, selector: (entry) => entry.index },
    );
    return ending.map((chosen) => ({ ...shape, live, ending: chosen }));
  });

const REJECTED: Fault = { type: 'status', status: 401, code: 20003 };
const ANY_SCOPE: Pick<FaultRule, 'kind' | 'pathIncludes'>[] = [{}, { kind: 'conferences' }, { kind: 'participants' }, { pathIncludes: 'PageToken=' }];

/** A rule hitting a random share of the requests in scope on their first `attempts` attempts. */
const faultRule = (faults: Fault[], scopes: Pick<FaultRule, 'kind' | 'pathIncludes'>[], attempts: fc.Arbitrary<number>) =>
  fc
    .record({
      fault: fc.constantFrom(...faults),
      scope: fc.constantFrom(...scopes),
      attempts,
      share: fc.integer({ min: 1, max: 100 }).map((percent) => percent / 100),
      seed: fc.nat(),
    })
    .map(({ scope, ...rule }): FaultRule => ({ ...rule, ...scope }));

const transientFaults = TRANSIENT_FAULTS.map(([, fault]) => fault);

/**
 * Faults the retries outlast: two rules of at most two attempts each leave a request two of its six attempts (one
 * for a timeout on a machine under load). A 401 only on next pages, so after the credentials have worked.
 */
const outlastedSchedule = fc.array(
  fc.oneof(
    faultRule(transientFaults, ANY_SCOPE, fc.integer({ min: 1, max: 2 })),
    faultRule([REJECTED], [{ pathIncludes: 'PageToken=' }], fc.integer({ min: 1, max: 2 })),
  ),
  { maxLength: 2 },
);

/**
 * Schedules with at least one fault that stays for every attempt of the requests it hits, 401 included. It hits
 * participants lists more often than the rest: a conference skipped in silence is the failure to catch.
 */
const persistentSchedule = fc
  .tuple(
    faultRule([...transientFaults, REJECTED], [...ANY_SCOPE, { kind: 'participants' }, { kind: 'participants' }], fc.constant(MAX_ATTEMPTS)),
    fc.array(faultRule([...transientFaults, REJECTED], ANY_SCOPE, fc.integer({ min: 1, max: MAX_ATTEMPTS })), { maxLength: 2 }),
  )
  .map(([persistent, others]) => [persistent, ...others]);

/**
 * Request timeouts: where a spurious timeout of a busy machine could fail a read that must succeed, a generous one;
 * where any outcome is allowed, a short one, so that requests to a server that never answers cost little.
 */
const TIMEOUT_MS = { mustSucceed: 500, anyOutcome: 150 };

/** Reads both streams through the connector's own command handling, in this process, against the simulator. */
function read(url: string, timeoutMs: number): Promise<RunResult> {
  const source = new TwilioSource({ TWILIO_API_BASE_URL: url, TWILIO_REQUEST_TIMEOUT_MS: String(timeoutMs), TWILIO_RETRY_BASE_DELAY_MS: '1' });
  return runInProcess(source, 'read', { config: apiKeyConfig, catalog: catalogOf(...STREAM_NAMES) });
}

/**
 * Reads both streams of a dataset of the given shape with the given faults planned and checks the invariant: a read
 * that exits 0 emitted every expected record exactly once; a read that fails says so with TRACE errors, marks the
 * failed stream INCOMPLETE, and still emitted no record twice and none that does not exist.
 */
async function checkRead(shape: DataShape, rules: FaultRule[], timeoutMs: number): Promise<{ exitCode: number | null }> {
  const simulator = await TwilioSimulator.start({
    dataset: {
      ...DEFAULT_FIXTURE,
      conferencesPerAccount: shape.conferences,
      activeShare: shape.conferences === 0 ? 0 : shape.live / shape.conferences,
      participantsPerActiveConference: shape.participantsPerLive,
    },
  });
  try {
    const live = simulator.dataset.activeConferences(MAIN_ACCOUNT_SID).map((conference) => conference.sid);
    expect(live).toHaveLength(shape.live);
    const lost = new Set<string>();
    for (const { index, answer } of shape.ending) {
      const sid = String(live[index]);
      const fault: Fault = answer === 'empty' ? { type: 'vanished' } : { type: 'status', status: 404, code: 20404 };
      simulator.faults.add({ fault, pathIncludes: `Conferences/${sid}/Participants.json` });
      for (const uri of participantUris(simulator.dataset, MAIN_ACCOUNT_SID, sid)) lost.add(uri);
    }
    for (const rule of rules) simulator.faults.add(rule);

    const result = await read(simulator.url, timeoutMs);
    expectNoSecrets(result);
    const all = expectedKeys(simulator.dataset, MAIN_ACCOUNT_SID);
    const expected = { ...all, conference_participants: all.conference_participants.filter((uri) => !lost.has(uri)) };
    const keys = recordKeys(result.messages);
    const errors = errorsOf(result.messages);
    if (result.exitCode === 0) {
      expect(errors).toEqual([]);
    } else {
      expect(result.exitCode).toBe(1);
      expect(errors.length).toBeGreaterThanOrEqual(2);
    }
    for (const stream of STREAM_NAMES) {
      // RUNNING comes with the first record or state, again after a spell of RATE_LIMITED: none if the stream fails first.
      const statuses = statusesOf(result.messages, stream).filter((status, index, all) => status !== all[index - 1]);
      const final = statuses.at(-1);
      expect(statuses).toEqual(final === 'COMPLETE' || statuses.length === 3 ? ['STARTED', 'RUNNING', final] : ['STARTED', final]);
      const report = exactlyOnce(keys[stream], expected[stream]);
      if (final === 'COMPLETE') {
        expect(report).toEqual(NOTHING_WRONG);
      } else {
        expect(final).toBe('INCOMPLETE');
        expect(result.exitCode).toBe(1);
        expect({ ...report, missing: [] }).toEqual(NOTHING_WRONG);
        const streamErrors = errors.filter((error) => error.stream_descriptor?.name === stream);
        expect(streamErrors).toEqual([expect.objectContaining({ failure_type: expect.stringMatching(/^(transient_error|config_error)$/) })]);
      }
    }
    return { exitCode: result.exitCode };
  } finally {
    await simulator.close();
  }
}

describeSlow('exactly once, over random data shapes and fault schedules', () => {
  it('faults the retries outlast: the read completes with every record exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(dataShape, outlastedSchedule, async (shape, rules) => {
        expect(await checkRead(shape, rules, TIMEOUT_MS.mustSucceed)).toEqual({ exitCode: 0 });
      }),
      { numRuns: 25 },
    );
  }, SHRINKING_TIMEOUT_MS);

  it('faults that outlast the retries: no record is lost in a read that exits 0, and a failed read says so', async () => {
    await fc.assert(
      fc.asyncProperty(dataShape, persistentSchedule, async (shape, rules) => {
        await checkRead(shape, rules, TIMEOUT_MS.anyOutcome);
      }),
      { numRuns: 40 },
    );
  }, SHRINKING_TIMEOUT_MS);
});
