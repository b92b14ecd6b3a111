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
