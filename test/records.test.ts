import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { twilioDateTime } from '../src/streams/definition.js';
import { recordMapper } from '../src/reading/records.js';

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
      fieldChanges: [],
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
      fieldChanges: [
        { field: 'muted', change: 'nulled', reason: '"yes" is invalid: Invalid input: expected boolean, received string' },
        { field: 'date_created', change: 'nulled', reason: '"not a date" is not an RFC 2822 date' },
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

describe('recordMapper and credentials in URLs', () => {
  const webhooks = z.object({
    sid: z.string(),
    status_callback: z.string().nullable(),
    friendly_name: z.string().nullable(),
    links: z.looseObject({}).nullable(),
    muted: z.boolean().nullable(),
  });
  const mapWebhooks = recordMapper(webhooks, ['sid']);
  const REMOVED = 'the user info (a user name and password) of a URL in it was removed';

  it.each([
    ['https://user:pa55@hooks.example.com/status', 'https://hooks.example.com/status'],
    ['HTTP://user@hooks.example.com:8080/status?a=b', 'HTTP://hooks.example.com:8080/status?a=b'],
    ['https://user:p@ss@hooks.example.com/', 'https://hooks.example.com/'],
    ['https://user:pa55@hooks.example.com', 'https://hooks.example.com'],
  ])('removes the user info of %s and lists the change', (url, kept) => {
    expect(mapWebhooks({ sid: 'PN1', status_callback: url })).toEqual({
      kind: 'record',
      data: { sid: 'PN1', status_callback: kept, friendly_name: null, links: null, muted: null },
      fieldChanges: [{ field: 'status_callback', change: 'credentials-removed', reason: REMOVED }],
    });
  });

  it.each([
    'https://hooks.example.com/status?notify=ops@example.com',
    'https://hooks.example.com/@team/status',
    'https://hooks.example.com/status#ops@example.com',
    'ops@example.com',
    'mailto:ops@example.com',
    '',
  ])('keeps %p, which holds no user info', (value) => {
    expect(mapWebhooks({ sid: 'PN1', status_callback: value, friendly_name: value })).toMatchObject({
      data: { status_callback: value, friendly_name: value },
      fieldChanges: [],
    });
  });

  it('removes it from nested objects and lists too, naming the top-level field, without changing the item', () => {
    const item = {
      sid: 'PN1',
      links: { hooks: ['https://a:b@x.example/1', 'https://x.example/2'], self: 'https://x.example/3' },
    };
    const copy = structuredClone(item);
    expect(mapWebhooks(item)).toMatchObject({
      data: { links: { hooks: ['https://x.example/1', 'https://x.example/2'], self: 'https://x.example/3' } },
      fieldChanges: [{ field: 'links', change: 'credentials-removed', reason: REMOVED }],
    });
    expect(item).toEqual(copy);
  });

  it('never quotes the credential when the field is also invalid', () => {
    const mapped = mapWebhooks({ sid: 'PN1', muted: 'https://user:pa55@hooks.example.com/' });
    expect(mapped).toMatchObject({
      data: { muted: null },
      fieldChanges: [
        { field: 'muted', change: 'credentials-removed', reason: REMOVED },
        { field: 'muted', change: 'nulled' },
      ],
    });
    expect(JSON.stringify(mapped)).not.toContain('pa55');
  });
});
