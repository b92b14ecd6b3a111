import * as z from 'zod';
import { defineStream, twilioDateTime } from './definition.js';
import { accountList, pii } from './fields.js';

export const addressSchema = z.object({
  account_sid: z.string().nullable(),
  city: pii(z.string().nullable(), 'the city.'),
  customer_name: pii(z.string().nullable(), "the customer's name."),
  date_created: twilioDateTime(),
  date_updated: twilioDateTime(),
  friendly_name: pii(z.string().nullable(), 'a name the account gave the address.'),
  iso_country: z.string().nullable(),
  postal_code: pii(z.string().nullable(), 'the postal code.'),
  region: z.string().nullable(),
  sid: z.string(),
  street: pii(z.string().nullable(), 'the street address.'),
  uri: z.string().nullable(),
  emergency_enabled: z.boolean().nullable(),
  validated: z.boolean().nullable(),
  verified: z.boolean().nullable(),
  street_secondary: pii(z.string().nullable(), 'the second line of the street address.'),
});

export const addresses = defineStream({
  name: 'addresses',
  description:
    '[Addresses](https://www.twilio.com/docs/usage/api/address)',
  api: 'api',
  path: accountList('Addresses.json'),
  itemsKey: 'addresses',
  schema: addressSchema,
  primaryKey: ['sid'],
});
