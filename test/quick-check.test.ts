import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { z } from 'zod';
import { Dataset } from '../simulator/dataset.js';
import { DEFAULT_FIXTURE, MAIN_ACCOUNT_SID } from '../simulator/fixtures.js';
import { participantSchema } from '../src/streams/conference-participants.js';
import { conferenceSchema } from '../src/streams/conferences.js';
import { quickCheck } from '../src/streams/quick-check.js';
import { recordMapper } from '../src/streams/records.js';

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** Date-time text of every shape zod might see, most of them wrong in some part. */
const dateTimeLike = fc
  .record({
    year: fc.integer({ min: 0, max: 10_999 }),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 25 }),
    minute: fc.integer({ min: 0, max: 61 }),
    second: fc.integer({ min: 0, max: 61 }),
    fraction: fc.constantFrom('', '.5', '.123', '.'),
    zone: fc.constantFrom('Z', 'z', '+00:00', '', ' Z'),
  })
  .map(({ year, month, day, hour, minute, second, fraction, zone }) =>
    `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}${fraction}${zone}`,
  );

/** For a field of the schema: its own kind of value, right or wrong, or anything at all. */
function valueFor(type: z.ZodType): fc.Arbitrary<unknown> {
  const nearMisses = fc.oneof(fc.constant(null), fc.constant(undefined), fc.string(), fc.boolean(), fc.integer(), fc.constant({}), fc.constant([]));
  let inner: z.ZodType = type;
  while (inner instanceof z.ZodNullable || inner instanceof z.ZodOptional) inner = inner.unwrap() as z.ZodType;
  if (inner instanceof z.ZodISODateTime) return fc.oneof(dateTimeLike, nearMisses);
  if (inner instanceof z.ZodEnum) return fc.oneof(fc.constantFrom(...(inner.options as string[])), fc.constantFrom('Connected', 'init ', ''), nearMisses);
  if (inner instanceof z.ZodObject) return fc.oneof(recordFor(inner), nearMisses);
  return fc.oneof(nearMisses, fc.anything());
}

function recordFor(schema: z.ZodObject): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(Object.fromEntries(Object.entries(schema.shape).map(([field, type]) => [field, valueFor(type)])));
}

/** A record zod accepts with one or two of its fields replaced by any value such a field might hold. */
function perturbed(schema: z.ZodObject, valid: Record<string, unknown>[]): fc.Arbitrary<Record<string, unknown>> {
  const fields = Object.keys(schema.shape);
  return fc
    .tuple(fc.constantFrom(...valid), fc.subarray(fields, { minLength: 1, maxLength: 2 }))
    .chain(([record, chosen]) =>
      fc.tuple(...chosen.map((field) => valueFor(schema.shape[field] as z.ZodType))).map((values) => ({
        ...record,
        ...Object.fromEntries(chosen.map((field, index) => [field, values[index]])),
      })),
    );
}

/** What the connector makes of the simulator's items: records zod accepts. */
function simulatorRecords(): { conferences: Record<string, unknown>[]; participants: Record<string, unknown>[] } {
  const dataset = new Dataset({ ...DEFAULT_FIXTURE, conferencesPerAccount: 40, activeShare: 0.5, participantsPerActiveConference: 5 });
  const view = dataset.conferences(MAIN_ACCOUNT_SID);
  const indices = Array.from({ length: view.length }, (_, index) => index);
  const items = indices.flatMap((index) => {
    const participants = dataset.participants(MAIN_ACCOUNT_SID, view.sidAt(index));
    return Array.from({ length: participants.length }, (_, position) => participants.at(position));
  });
  return {
    conferences: indices.map((index) => recordMapper(conferenceSchema)(view.at(index)).data),
    participants: items.map((item) => recordMapper(participantSchema)(item).data),
  };
}

describe('quickCheck', () => {
  const records = simulatorRecords();

  it.each([
    ['conferences', conferenceSchema, records.conferences],
    ['conference_participants', participantSchema, records.participants],
  ] as const)('accepts every %s record the simulator serves', (_name, schema, served) => {
    expect(served.length).toBeGreaterThan(0);
    const accepts = quickCheck(schema);
    expect(served.filter((record) => !accepts(Object.values(record)))).toEqual([]);
  });

  it.each([
    ['conferences', conferenceSchema, records.conferences],
    ['conference_participants', participantSchema, records.participants],
  ] as const)('never accepts a %s record that zod rejects', (_name, schema, served) => {
    const accepts = quickCheck(schema);
    const candidates = fc.oneof(perturbed(schema, served), recordFor(schema));
    fc.assert(
      fc.property(candidates, (record) => !accepts(Object.values(record)) || schema.safeParse(record).success),
      { numRuns: 20_000 },
    );
  });

  it.each([
    ['a number', z.object({ count: z.number() }), { count: 1 }],
    ['a length rule', z.object({ sid: z.string().min(2) }), { sid: 'CA1' }],
    ['a pattern rule', z.object({ sid: z.string().regex(/^CA/) }), { sid: 'CA1' }],
    ['a refinement', z.object({ sid: z.string().refine((sid) => sid.startsWith('CA')) }), { sid: 'CA1' }],
    ['a strict object', z.object({ nested: z.strictObject({ sid: z.string() }) }), { nested: { sid: 'CA1' } }],
  ])('leaves a schema with %s to zod', (_name, schema, record) => {
    expect(schema.safeParse(record).success).toBe(true);
    expect(quickCheck(schema)(Object.values(record))).toBe(false);
  });
});
