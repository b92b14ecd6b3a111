import * as z from 'zod';
import { defineStream, twilioDateTime } from './definition.js';
import { pii } from './fields.js';

const method = (url: string) => z.string().nullable().describe(`The HTTP method of ${url}. Known values: GET, POST (Twilio may add others).`);
const webhook = (what: string) =>
  z.string().nullable().describe(`${what}. A user name and password in the URL are removed, and the record's meta.changes says so.`);

/** Twilio's incoming phone number resource, every field of its OpenAPI description. */
export const incomingPhoneNumberSchema = z
  .object({
    account_sid: z.string().nullable(),
    address_sid: z.string().nullable(),
    address_requirements: z.string().nullable().describe('Known values: none, any, local, foreign (Twilio may add others).'),
    api_version: z.string().nullable(),
    beta: z.boolean().nullable(),
    capabilities: z
      .looseObject({ mms: z.boolean().nullish(), sms: z.boolean().nullish(), voice: z.boolean().nullish(), fax: z.boolean().nullish() })
      .nullable(),
    date_created: twilioDateTime(),
    date_updated: twilioDateTime(),
    friendly_name: z.string().nullable(),
    identity_sid: z.string().nullable(),
    phone_number: pii(z.string().nullable(), 'the phone number, E.164, such as +14155550100.'),
    origin: z.string().nullable().describe('Known values: twilio, hosted (Twilio may add others).'),
    sid: z.string(),
    // Twilio's own examples send "" where no application is set.
    sms_application_sid: z.string().nullable(),
    sms_fallback_method: method('sms_fallback_url'),
    sms_fallback_url: webhook('Called when retrieving or running the TwiML of sms_url fails'),
    sms_method: method('sms_url'),
    sms_url: webhook('Called when the number receives an SMS'),
    status_callback: webhook('Called with status information'),
    status_callback_method: method('status_callback'),
    trunk_sid: z.string().nullable(),
    uri: z.string().nullable(),
    voice_receive_mode: z.string().nullable().describe('Known values: voice, fax (Twilio may add others).'),
    voice_application_sid: z.string().nullable(),
    voice_caller_id_lookup: z.boolean().nullable(),
    voice_fallback_method: method('voice_fallback_url'),
    voice_fallback_url: webhook('Called when retrieving or running the TwiML of voice_url fails'),
    voice_method: method('voice_url'),
    voice_url: webhook('Called when the number receives a call'),
    emergency_status: z.string().nullable().describe('Known values: Active, Inactive (Twilio may add others).'),
    emergency_address_sid: z.string().nullable(),
    emergency_address_status: z
      .string()
      .nullable()
      .describe(
        'Known values: registered, unregistered, pending-registration, registration-failure, pending-unregistration, ' +
          'unregistration-failure (Twilio may add others).',
      ),
    bundle_sid: z.string().nullable(),
    status: z.string().nullable(),
    type: z.string().nullable().describe('The phone number type, such as local, mobile or tollfree.'),
  })
  .describe(
    "The phone numbers of an account. No field is dropped: none holds a credential, but a webhook URL may carry a user " +
      'name and password (https://user:password@host/), which are removed from it.',
  );
export type IncomingPhoneNumber = z.infer<typeof incomingPhoneNumberSchema>;

export const incomingPhoneNumbers = defineStream({
  name: 'incoming_phone_numbers',
  description:
    '[Phone numbers](https://www.twilio.com/docs/phone-numbers/api/incomingphonenumber-resource) the account owns',
  api: 'api',
  path: ({ accountSid }) => `/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers.json`,
  itemsKey: 'incoming_phone_numbers',
  schema: incomingPhoneNumberSchema,
  primaryKey: ['sid'],
});
