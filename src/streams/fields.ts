import { z } from 'zod';

/**
 * A field Twilio's OpenAPI description marks as personal data (`x-twilio.pii`, `standard` or `sensitive` handling):
 * the mark is the field's description in the discovered schema, where a destination or a reviewer can see it.
 */
export function pii<Field extends z.ZodType>(field: Field, handling: 'standard' | 'sensitive' = 'standard'): Field {
  return field.describe(`PII: personal data (Twilio handling: ${handling})`);
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
