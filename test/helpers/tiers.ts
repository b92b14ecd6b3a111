import { describe, it } from '@jest/globals';

/**
 * `npm run test:unit` sets SOURCE_TWILIO_TEST_TIER=unit: the tests that take no real time, for a run of a few seconds
 * while working. `npm test` runs every test.
 */
export const UNIT_TIER = process.env['SOURCE_TWILIO_TEST_TIER'] === 'unit';

/**
 * A block of tests that waits on real time (timeouts, backoff, progress intervals, slow answers) or on fault matrices
 * and large data: `npm test` runs it, the unit tier leaves it out.
 */
export const describeSlow: typeof describe.skip = UNIT_TIER ? describe.skip : describe;

/** One test of that kind. */
export const itSlow: typeof it.skip = UNIT_TIER ? it.skip : it;
