import * as z from 'zod';
import type { AccountContext } from './definition.js';

/** The path of a 2010 list of the account, e.g. `Calls.json`. */
export const accountList =
  (list: string) =>
  ({ accountSid }: AccountContext): string =>
    `/2010-04-01/Accounts/${accountSid}/${list}`;

/** The v1 APIs' filter of a creation instant (Verify's attempts, Video's rooms, recordings and compositions). */
export const CREATED_AFTER_BEFORE = { format: 'iso', after: 'DateCreatedAfter', before: 'DateCreatedBefore' } as const;

/** The HTTP method Twilio uses for a webhook URL. */
export const method = (url: string) => z.string().nullable().describe(`The HTTP method of ${url}. Known values: GET, POST.`);

/**
 * A decimal as the string Twilio sends (`"-0.00750"`), never a float that loses digits. Where Twilio's OpenAPI
 * description says number, Twilio still sends strings; a number, if one comes, is kept as its JSON text.
 */
export const decimal = (description: string) =>
  z
    .codec(z.union([z.string(), z.number()]), z.string(), { decode: (value) => String(value), encode: (value) => value })
    .nullable()
    .describe(description);

export const price = () =>
  decimal('A decimal number as a string, exactly as Twilio sends it (negative for a charge); null until Twilio has priced it.');

/** What Twilio's OpenAPI description says of a field it marks as personal data (`x-twilio.pii`). */
export const TWILIO_PII = {
  standard: 'personal data (Twilio handling: standard)',
  sensitive: 'personal data (Twilio handling: sensitive)',
} as const;

/**
 * A field of personal data (a phone number, a name, an address, a message's text): its description in the discovered
 * schema starts `PII:` and says what it holds, where a destination or a reviewer can see it. The one way to mark one.
 */
export function pii<Field extends z.ZodType>(field: Field, what: string = TWILIO_PII.standard): Field {
  return field.describe(`PII: ${what}`);
}

/** One of Twilio's nested objects (`links`, `timers`, a Studio `context`…), kept open and as sent. */
export const nestedObject = () => z.looseObject({}).nullable();

/** A whole number, as Twilio's `integer` fields are. */
export const integer = () => z.number().int().nullable();

/**
 * A field Twilio documents as an enum but extends without a new API version (a participant's `reconnecting`, a new
 * `reason_conference_ended`): a string in the record and the schema, the values known today in its description, so a
 * new value arrives as Twilio sent it instead of being nulled.
 */
export const openEnum = (known: readonly [string, ...string[]]) =>
  z
    .string()
    .nullable()
    .describe(`Known values: ${known.join(', ')}. Twilio may add others, which are passed on as sent.`);
