import { DateTime } from 'luxon';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const CANONICAL = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat), (\d\d) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d\d):(\d\d):(\d\d) \+0000$/;

/**
 * Twilio's RFC 2822 date (`Fri, 18 Feb 2022 17:24:39 +0000`) as ISO 8601 UTC (`2022-02-18T17:24:39Z`), or undefined
 * when the text is not a valid RFC 2822 date. luxon decides every form; Twilio's canonical form takes a fast path
 * that gives luxon's answer (a property test holds it to that).
 */
export function rfc2822ToIso(text: string): string | undefined {
  const match = CANONICAL.exec(text);
  if (match !== null && isValidCanonical(match)) {
    const [, , day, month, year, hour, minute, second] = match;
    return `${year}-${String(MONTHS.indexOf(month ?? '') + 1).padStart(2, '0')}-${day}T${hour}:${minute}:${second}Z`;
  }
  const parsed = DateTime.fromRFC2822(text, { zone: 'utc' });
  return parsed.isValid ? (parsed.toUTC().toISO({ suppressMilliseconds: true }) ?? undefined) : undefined;
}

function isValidCanonical(match: RegExpExecArray): boolean {
  const [, weekday, dayText, monthText, yearText, hourText, minuteText, secondText] = match;
  const day = Number(dayText);
  const month = MONTHS.indexOf(monthText ?? '');
  const year = Number(yearText);
  if (year < 1000 || Number(hourText) > 23 || Number(minuteText) > 59 || Number(secondText) > 59) return false;
  const date = new Date(Date.UTC(year, month, day));
  return date.getUTCDate() === day && date.getUTCMonth() === month && WEEKDAYS[date.getUTCDay()] === weekday;
}
