import { DateTime } from 'luxon';

/** Distinct date strings remembered: a page repeats the same few dates across its records and their parents. */
const MAX_REMEMBERED = 10_000;
const remembered = new Map<string, string | null>();

/** Three letters as one number, so that a name is found without cutting it out of the text. */
const codeOf = (text: string, at: number): number => (text.charCodeAt(at) << 16) | (text.charCodeAt(at + 1) << 8) | text.charCodeAt(at + 2);
const WEEKDAYS = new Map(['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].map((name, index) => [codeOf(name, 0), index]));
const MONTHS = new Map(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].map((name, index) => [codeOf(name, 0), index]));
const MONTH_NUMBERS = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'];
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DAY_MS = 86_400_000;
/** Twilio's own form, `Fri, 18 Feb 2022 17:24:39 +0000`: its length, and where its separators are (`,` ` ` `:`). */
const CANONICAL_LENGTH = 31;
const SEPARATOR_AT = [3, 4, 7, 11, 16, 19, 22, 25];
const SEPARATOR_CODE = [44, 32, 32, 32, 32, 58, 58, 32];

/** The number of two digits at `at`, or -1. */
function twoDigits(text: string, at: number): number {
  const tens = text.charCodeAt(at) - 48;
  const ones = text.charCodeAt(at + 1) - 48;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : -1;
}

/**
 * Twilio's own form (two-digit day, four-digit year, UTC) read directly by the positions of its parts, as luxon reads
 * it (a day, time or weekday that does not exist is invalid): a million records carry millions of distinct dates, and
 * luxon's general parser costs many times this. Null when the text is of that form but not a date; undefined when it
 * is of another form, for luxon to decide.
 */
function canonicalToIso(text: string): string | null | undefined {
  if (text.length !== CANONICAL_LENGTH || !text.endsWith('+0000')) return undefined;
  for (let index = 0; index < SEPARATOR_AT.length; index += 1) {
    if (text.charCodeAt(SEPARATOR_AT[index] ?? 0) !== SEPARATOR_CODE[index]) return undefined;
  }
  const weekday = WEEKDAYS.get(codeOf(text, 0));
  const month = MONTHS.get(codeOf(text, 8));
  const day = twoDigits(text, 5);
  const century = twoDigits(text, 12);
  const years = twoDigits(text, 14);
  const hour = twoDigits(text, 17);
  const minute = twoDigits(text, 20);
  const second = twoDigits(text, 23);
  if (weekday === undefined || month === undefined || day < 0 || century < 10 || years < 0 || hour < 0 || minute < 0 || second < 0) return undefined;
  const year = century * 100 + years;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const lastDay = month === 1 && leap ? 29 : (DAYS_IN_MONTH[month] ?? 0);
  if (day < 1 || day > lastDay || hour > 23 || minute > 59 || second > 59) return null;
  // 1970-01-01 was a Thursday (4).
  if ((((Date.UTC(year, month, day) / DAY_MS + 4) % 7) + 7) % 7 !== weekday) return null;
  return `${text.slice(12, 16)}-${MONTH_NUMBERS[month]}-${text.slice(5, 7)}T${text.slice(17, 25)}Z`;
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
