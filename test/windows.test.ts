import { describe, expect, it } from '@jest/globals';
import { windowsOf } from '../src/streams/windows.js';

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
