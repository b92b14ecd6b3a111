import * as z from 'zod';
import { addresses } from './addresses.js';
import { childOf, defineStream, twilioDateTime, type AccountContext } from './definition.js';
import { method, nestedObject, openEnum, pii } from './fields.js';

export const dependentPhoneNumberSchema = z.object({
  sid: z.string(),
  account_sid: z.string().nullable(),
  friendly_name: z.string().nullable(),
  phone_number: pii(z.string().nullable(), 'the phone number, E.164.'),
  voice_url: z.string().nullable(),
  voice_method: method('voice_url'),
  voice_fallback_method: method('voice_fallback_url'),
  voice_fallback_url: z.string().nullable(),
  voice_caller_id_lookup: z.boolean().nullable(),
  date_created: twilioDateTime(),
  date_updated: twilioDateTime(),
  sms_fallback_method: method('sms_fallback_url'),
  sms_fallback_url: z.string().nullable(),
  sms_method: method('sms_url'),
  sms_url: z.string().nullable(),
  address_requirements: openEnum(['none', 'any', 'local', 'foreign']),
  capabilities: nestedObject(),
  status_callback: z.string().nullable(),
  status_callback_method: method('status_callback'),
  api_version: z.string().nullable(),
  sms_application_sid: z.string().nullable(),
  voice_application_sid: z.string().nullable(),
  trunk_sid: z.string().nullable(),
  emergency_status: openEnum(['Active', 'Inactive']),
  emergency_address_sid: z.string().nullable(),
  uri: z.string().nullable(),
});

interface AddressContext extends AccountContext {
  readonly addressSid: string;
}

/**
 * The phone numbers that depend on each address. A number depends on at most one address (its `address_sid`), so its
 * `sid` is unique across the stream.
 */
export const dependentPhoneNumbers = defineStream({
  name: 'dependent_phone_numbers',
  description:
    '[Phone numbers that depend on each address](https://www.twilio.com/docs/usage/api/address#read-dependent-phone-numbers)',
  api: 'api',
  path: ({ accountSid, addressSid }: AddressContext) =>
    `/2010-04-01/Accounts/${accountSid}/Addresses/${encodeURIComponent(addressSid)}/DependentPhoneNumbers.json`,
  itemsKey: 'dependent_phone_numbers',
  schema: dependentPhoneNumberSchema,
  primaryKey: ['sid'],
  parent: childOf({
    stream: addresses,
    context: (address, { accountSid }): AddressContext => ({ accountSid, addressSid: address.sid }),
  }),
  notFoundIsEmpty: true,
});
