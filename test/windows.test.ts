import { describe, expect, it } from '@jest/globals';
import { holds, rangeQuery, windowsOf } from '../src/reading/windows.js';

const ISO = { format: 'iso', after: 'StartDate', before: 'EndDate' } as const;
const DAY = { format: 'day', field: 'DateUpdated' } as const;

describe('windowsOf', () => {
  it('starts the windows of an ISO filter at the read\'s start itself (asking from a second before), each as long as asked, the last open-ended', () => {
    const windows = windowsOf({ from: '2026-11-01T13:45:07Z', now: new Date('2026-11-03T09:00:00Z'), sliceDays: 1, filter: ISO });
    expect(windows).toEqual([
      { start: '2026-11-01T13:45:07Z', end: '2026-11-02T13:45:07Z', query: { StartDate: '2026-11-01T13:45:06Z', EndDate: '2026-11-02T13:45:07Z' } },
      { start: '2026-11-02T13:45:07Z', end: undefined, query: { StartDate: '2026-11-02T13:45:06Z', EndDate: '2026-11-03T13:45:07Z' } },
    ]);
  });

  it('keeps the windows of a day filter on whole days', () => {
    const windows = windowsOf({ from: '2026-11-01T13:45:07Z', now: new Date('2026-11-02T09:00:00Z'), sliceDays: 1, filter: DAY });
    expect(windows.map(({ start, end, query }) => [start, end, query])).toEqual([
      ['2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z', { DateUpdated: '2026-11-01' }],
      ['2026-11-02T00:00:00Z', undefined, { DateUpdated: '2026-11-02' }],
    ]);
  });
});

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

describe('range filters', () => {
  it('asks a day-range filter for both days of a window, the end day included', () => {
    const filter = { format: 'day-range', onOrAfter: 'StartDate', onOrBefore: 'EndDate' } as const;
    expect(rangeQuery(filter, day('2026-11-01'), day('2026-11-02'))).toEqual({ StartDate: '2026-11-01', EndDate: '2026-11-01' });
    expect(rangeQuery(filter, day('2026-11-01'), day('2026-11-08'))).toEqual({ StartDate: '2026-11-01', EndDate: '2026-11-07' });
  });

  it('cuts windows whose day-range queries neither overlap nor leave a gap', () => {
    const windows = windowsOf({
      from: '2026-11-01T05:00:00Z',
      now: new Date('2026-11-10T12:00:00Z'),
      sliceDays: 3,
      filter: { format: 'day-range', onOrAfter: 'StartDate', onOrBefore: 'EndDate' },
    });
    expect(windows.map((window) => window.query)).toEqual([
      { StartDate: '2026-11-01', EndDate: '2026-11-03' },
      { StartDate: '2026-11-04', EndDate: '2026-11-06' },
      { StartDate: '2026-11-07', EndDate: '2026-11-09' },
      { StartDate: '2026-11-10', EndDate: '2026-11-12' },
    ]);
  });
});

describe('which window holds a row', () => {
  const first = { start: '2026-11-01T00:00:00Z', end: '2026-11-02T00:00:00Z', query: {} };
  const last = { start: '2026-11-02T00:00:00Z', end: undefined, query: {} };

  it('takes a plain day as the start of that day', () => {
    expect(holds(first, '2026-11-01T00:00:00Z', '2026-11-01')).toBe(true);
    expect(holds(last, '2026-11-01T00:00:00Z', '2026-11-01')).toBe(false);
    expect(holds(last, '2026-11-01T00:00:00Z', '2026-11-02')).toBe(true);
    expect(holds(first, '2026-11-01T06:00:00Z', '2026-11-01')).toBe(false);
  });

  it('gives a row without a cursor value (a call in progress) to the last window only', () => {
    expect(holds(first, '2026-11-01T00:00:00Z', null)).toBe(false);
    expect(holds(last, '2026-11-01T00:00:00Z', null)).toBe(true);
  });
});
