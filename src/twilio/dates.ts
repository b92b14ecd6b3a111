import { createRequire } from 'node:module';

type Luxon = typeof import('luxon');

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Twilio's own form with a time of day that exists; whether the day exists is decided once per day. */
const CANONICAL =
  /^(?:Sun|Mon|Tue|Wed|Thu|Fri|Sat), \d\d (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} (?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d \+0000$/;
/** `Fri, 18 Feb 2022` in `Fri, 18 Feb 2022 17:24:39 +0000`. */
const DAY_END = 16;
/** `17:24:39` in `Fri, 18 Feb 2022 17:24:39 +0000`. */
const TIME_START = 17;
const TIME_END = 25;

/** luxon is loaded on the first date that is not in Twilio's own form, which most syncs never meet. */
let luxon: Luxon | undefined;
const loadLuxon = (): Luxon => (luxon ??= createRequire(import.meta.url)('luxon') as Luxon);

/** ISO days of the canonical days seen so far, null for a day that does not exist; a sync sees few distinct days. */
const isoDays = new Map<string, string | null>();
const MAX_CACHED_DAYS = 10_000;

/**
 * Twilio's RFC 2822 date (`Fri, 18 Feb 2022 17:24:39 +0000`) as ISO 8601 UTC (`2022-02-18T17:24:39Z`), or undefined
 * when the text is not a valid RFC 2822 date. luxon decides every form; Twilio's canonical form takes a fast path
 * that gives luxon's answer (a property test holds it to that).
 */
export function rfc2822ToIso(text: string): string | undefined {
  if (CANONICAL.test(text)) {
    const day = isoDayOf(text.slice(0, DAY_END));
    if (day !== null) return `${day}T${text.slice(TIME_START, TIME_END)}Z`;
  }
  const parsed = loadLuxon().DateTime.fromRFC2822(text, { zone: 'utc' });
  return parsed.isValid ? (parsed.toUTC().toISO({ suppressMilliseconds: true }) ?? undefined) : undefined;
}

function isoDayOf(canonicalDay: string): string | null {
  let day = isoDays.get(canonicalDay);
  if (day === undefined) {
    if (isoDays.size >= MAX_CACHED_DAYS) isoDays.clear();
    day = existingIsoDay(canonicalDay);
    isoDays.set(canonicalDay, day);
  }
  return day;
}

/** `2022-02-18` for `Fri, 18 Feb 2022`; null unless that day exists and is that weekday (then luxon decides). */
function existingIsoDay(canonicalDay: string): string | null {
  const [weekday, dayText = '', monthText = '', yearText = ''] = canonicalDay.replace(',', '').split(' ');
  const day = Number(dayText);
  const month = MONTHS.indexOf(monthText);
  const year = Number(yearText);
  if (year < 1000) return null;
  const date = new Date(Date.UTC(year, month, day));
  const exists = date.getUTCDate() === day && date.getUTCMonth() === month && WEEKDAYS[date.getUTCDay()] === weekday;
  return exists ? `${yearText}-${String(month + 1).padStart(2, '0')}-${dayText}` : null;
}
