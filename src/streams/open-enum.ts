import { z } from 'zod';

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
