import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { rfc2822ToIso } from '../src/twilio/dates.js';

/** luxon is the reference for every RFC 2822 form. */
function luxonIso(text: string): string | undefined {
  const parsed = DateTime.fromRFC2822(text, { zone: 'utc' });
  return parsed.isValid ? (parsed.toUTC().toISO({ suppressMilliseconds: true }) ?? undefined) : undefined;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Fry', 'sun'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec', 'Foo', 'jan'];
const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** Canonical-looking strings with every part free to be out of range, misspelt or inconsistent. */
const canonicalShaped = fc
  .record({
    weekday: fc.constantFrom(...WEEKDAYS),
    day: fc.integer({ min: 0, max: 39 }),
    month: fc.constantFrom(...MONTHS),
    year: fc.integer({ min: 0, max: 9999 }),
    hour: fc.integer({ min: 0, max: 29 }),
    minute: fc.integer({ min: 0, max: 69 }),
    second: fc.integer({ min: 0, max: 69 }),
    offset: fc.constantFrom('+0000', '-0000', '+0100', '-0500', '+0530', 'GMT', 'UT', 'Z', 'EST', '+000'),
    dayWidth: fc.constantFrom(1, 2),
  })
  .map(({ weekday, day, month, year, hour, minute, second, offset, dayWidth }) =>
    `${weekday}, ${pad(day, dayWidth)} ${month} ${pad(year, 4)} ${pad(hour)}:${pad(minute)}:${pad(second)} ${offset}`,
  );

/** Real instants written the way Twilio writes them, so the weekday always agrees. */
const twilioDates = fc
  .date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true })
  .map((date) => DateTime.fromJSDate(date, { zone: 'utc' }).toFormat("ccc, dd LLL yyyy HH:mm:ss '+0000'"));

describe('rfc2822ToIso', () => {
  it.each([
    ['Fri, 18 Feb 2022 17:24:39 +0000', '2022-02-18T17:24:39Z'],
    ['Fri, 11 Dec 2020 04:28:40 -0500', '2020-12-11T09:28:40Z'],
    ['Sat, 1 Jan 2022 23:59:59 +0200', '2022-01-01T21:59:59Z'],
    ['Tue, 29 Feb 2000 00:00:00 +0000', '2000-02-29T00:00:00Z'],
    ['18 Feb 2022 17:24:39 +0000', '2022-02-18T17:24:39Z'],
  ])('maps %s to %s', (text, iso) => {
    expect(rfc2822ToIso(text)).toBe(iso);
  });

  it.each(['not a date', '', 'Mon, 18 Feb 2022 17:24:39 +0000', 'Thu, 29 Feb 2001 00:00:00 +0000', '2022-02-18T17:24:39Z'])(
    'rejects %j',
    (text) => {
      expect(rfc2822ToIso(text)).toBeUndefined();
    },
  );

  it("gives luxon's answer for every date Twilio could write", () => {
    fc.assert(fc.property(twilioDates, (text) => rfc2822ToIso(text) === luxonIso(text)), { numRuns: 5000 });
  });

  it("gives luxon's answer for canonical-looking text that is wrong in any part", () => {
    fc.assert(fc.property(canonicalShaped, (text) => rfc2822ToIso(text) === luxonIso(text)), { numRuns: 20000 });
  });

  it("gives luxon's answer for arbitrary text", () => {
    fc.assert(fc.property(fc.string(), (text) => rfc2822ToIso(text) === luxonIso(text)), { numRuns: 2000 });
  });
});
