import { DateTime } from 'luxon';

/** Distinct date strings remembered: a page repeats the same few dates across its records and their parents. */
const MAX_REMEMBERED = 10_000;
const remembered = new Map<string, string | null>();

/**
 * Twilio's RFC 2822 date (`Fri, 18 Feb 2022 17:24:39 +0000`) as ISO 8601 UTC (`2022-02-18T17:24:39Z`), or undefined
 * when the text is not a valid RFC 2822 date. luxon decides; a string seen before is not parsed again.
 */
export function rfc2822ToIso(text: string): string | undefined {
  let iso = remembered.get(text);
  if (iso === undefined) {
    const parsed = DateTime.fromRFC2822(text, { zone: 'utc' });
    iso = parsed.isValid ? parsed.toUTC().toISO({ suppressMilliseconds: true }) : null;
    if (remembered.size >= MAX_REMEMBERED) remembered.clear();
    remembered.set(text, iso);
  }
  return iso ?? undefined;
}
