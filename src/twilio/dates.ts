import { DateTime } from 'luxon';

/** Distinct date strings remembered: a page repeats the same few dates across its records and their parents. */
const MAX_REMEMBERED = 10_000;
const remembered = new Map<string, string | null>();

/** The form Twilio writes every date in: two-digit day, four-digit year, UTC. */
const CANONICAL = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat), (\d\d) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([1-9]\d{3}) (\d\d):(\d\d):(\d\d) \+0000$/;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Twilio's own form read directly, as luxon reads it (a day, time or weekday that does not exist is invalid): a
 * million records carry millions of distinct dates, and luxon's general parser costs several times this. Null when the
 * text is of that form but not a date; undefined when it is of another form, for luxon to decide.
 */
function canonicalToIso(text: string): string | null | undefined {
  const match = CANONICAL.exec(text);
  if (match === null) return undefined;
  const [, weekday = '', day = '', month = '', year = '', hour = '', minute = '', second = ''] = match;
  const monthIndex = MONTHS.indexOf(month);
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return null;
  const date = new Date(Date.UTC(Number(year), monthIndex, Number(day)));
  if (date.getUTCDate() !== Number(day) || date.getUTCMonth() !== monthIndex || WEEKDAYS[date.getUTCDay()] !== weekday) return null;
  return `${year}-${String(monthIndex + 1).padStart(2, '0')}-${day}T${hour}:${minute}:${second}Z`;
}

/**
 * Twilio's RFC 2822 date (`Fri, 18 Feb 2022 17:24:39 +0000`) as ISO 8601 UTC (`2022-02-18T17:24:39Z`), or undefined
 * when the text is not a valid RFC 2822 date. Twilio's own form is read directly, any other by luxon; a string seen
 * before is not parsed again.
 */
export function rfc2822ToIso(text: string): string | undefined {
  const canonical = canonicalToIso(text);
  if (canonical !== undefined) return canonical ?? undefined;
  let iso = remembered.get(text);
  if (iso === undefined) {
    const parsed = DateTime.fromRFC2822(text, { zone: 'utc' });
    iso = parsed.isValid ? parsed.toUTC().toISO({ suppressMilliseconds: true }) : null;
    if (remembered.size >= MAX_REMEMBERED) remembered.clear();
    remembered.set(text, iso);
  }
  return iso ?? undefined;
}
