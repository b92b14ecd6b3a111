/** RFC 2822 date rendering as the Twilio 2010 API emits it, plus the non-canonical variants real clients must accept. */

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const SECONDS_PER_DAY = 86_400;

/**
 * `canonical`: `Fri, 18 Feb 2022 17:24:39 +0000` (what Twilio sends).
 * The others denote the same instant: a numeric offset other than `+0000`, or a day of month without its leading zero.
 */
export type DateStyle = 'canonical' | 'offset-minus-0500' | 'offset-plus-0530' | 'unpadded-day';

const OFFSET_MINUTES: Record<DateStyle, number> = {
  canonical: 0,
  'offset-minus-0500': -300,
  'offset-plus-0530': 330,
  'unpadded-day': 0,
};

function twoDigits(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const magnitude = Math.abs(offsetMinutes);
  return sign + twoDigits(Math.floor(magnitude / 60)) + twoDigits(magnitude % 60);
}

export function formatRfc2822(epochSeconds: number, style: DateStyle = 'canonical'): string {
  const offsetMinutes = OFFSET_MINUTES[style];
  const local = new Date((epochSeconds + offsetMinutes * 60) * 1000);
  const day = local.getUTCDate();
  const dayText = style === 'unpadded-day' ? String(day) : twoDigits(day);
  return (
    `${WEEKDAYS[local.getUTCDay()]}, ${dayText} ${MONTHS[local.getUTCMonth()]} ${local.getUTCFullYear()} ` +
    `${twoDigits(local.getUTCHours())}:${twoDigits(local.getUTCMinutes())}:${twoDigits(local.getUTCSeconds())} ` +
    formatOffset(offsetMinutes)
  );
}

/** Days since 1970-01-01 of the UTC day containing the instant. */
export function utcDayNumber(epochSeconds: number): number {
  return Math.floor(epochSeconds / SECONDS_PER_DAY);
}

/** Parses a strict `YYYY-MM-DD` calendar date into its UTC day number; undefined for anything else. */
export function parseIsoDay(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const epochMs = Date.UTC(year, month - 1, day);
  const roundTrip = new Date(epochMs);
  if (roundTrip.getUTCFullYear() !== year || roundTrip.getUTCMonth() !== month - 1 || roundTrip.getUTCDate() !== day) {
    return undefined;
  }
  return epochMs / 1000 / SECONDS_PER_DAY;
}

/** The instant of an RFC 2822 date this simulator wrote, in epoch seconds; undefined for none. */
export function epochSecondsOf(date: string | null): number | undefined {
  return date === null ? undefined : Date.parse(date) / 1000;
}
