import { z } from 'zod';
import type { AccountContext } from './definition.js';

/** The path of a 2010 list of the account, e.g. `Calls.json`. */
export const accountList =
  (list: string) =>
  ({ accountSid }: AccountContext): string =>
    `/2010-04-01/Accounts/${accountSid}/${list}`;

/** Personal data (a phone number, a name, an address, a message's text): marked so in the discovered schema. */
export const pii = (what: string) => z.string().nullable().describe(`PII: ${what}.`);

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

/** A nested object of Twilio's (`subresource_uris`, `capabilities`): kept open, whatever keys it has. */
export const openObject = () => z.looseObject({}).nullable();
