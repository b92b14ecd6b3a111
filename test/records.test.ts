import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { twilioDateTime } from '../src/streams/definition.js';
import { recordMapper } from '../src/streams/records.js';

const schema = z.object({
  sid: z.string(),
  muted: z.boolean().nullable(),
  date_created: twilioDateTime(),
});
const map = recordMapper(schema, ['sid']);

describe('recordMapper', () => {
  it('maps an item of exactly the declared fields, converting its dates', () => {
    expect(map({ sid: 'CA1', muted: true, date_created: 'Fri, 18 Feb 2022 17:24:39 +0000' })).toEqual({
      kind: 'record',
      data: { sid: 'CA1', muted: true, date_created: '2022-02-18T17:24:39Z' },
      nulled: [],
    });
  });

  it('keeps only the declared fields, in the declared order, and fills absent ones with null', () => {
    const mapped = map({ extra: 1, date_created: 'Fri, 18 Feb 2022 17:24:39 +0000', sid: 'CA1' });
    expect(mapped.kind === 'record' && Object.entries(mapped.data)).toEqual([
      ['sid', 'CA1'],
      ['muted', null],
      ['date_created', '2022-02-18T17:24:39Z'],
    ]);
  });

  it('nulls and reports a value the schema rejects, and an unreadable date', () => {
    expect(map({ sid: 'CA1', muted: 'yes', date_created: 'not a date' })).toEqual({
      kind: 'record',
      data: { sid: 'CA1', muted: null, date_created: null },
      nulled: [
        { field: 'muted', reason: '"yes" is invalid: Invalid input: expected boolean, received string' },
        { field: 'date_created', reason: '"not a date" is not an RFC 2822 date' },
      ],
    });
  });

  it('keeps a date already written in ISO 8601', () => {
    expect(map({ sid: 'CA1', muted: null, date_created: '2022-02-18T17:24:39Z' })).toMatchObject({ data: { date_created: '2022-02-18T17:24:39Z' } });
  });

  it.each([
    ['null', null],
    ['absent', undefined],
    ['empty', ''],
  ])('skips an item whose primary key is %s, naming the field', (_name, sid) => {
    expect(map({ sid, muted: true, date_created: null })).toEqual({ kind: 'skipped', field: 'sid' });
  });

  it('fails on an invalid value of a field that cannot be null', () => {
    expect(() => map({ sid: 7, muted: true, date_created: null })).toThrow('Field "sid" of an item is invalid and cannot be null');
  });
});
