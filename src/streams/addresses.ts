import { z } from 'zod';
import { defineStream, twilioDateTime } from './definition.js';
import { accountList, piiString } from './fields.js';

export const addressSchema = z.object({
  account_sid: z.string().nullable(),
  city: piiString('the city'),
  customer_name: piiString("the customer's name"),
  date_created: twilioDateTime(),
  date_updated: twilioDateTime(),
  friendly_name: piiString('a name the account gave the address'),
  iso_country: z.string().nullable(),
  postal_code: piiString('the postal code'),
  region: z.string().nullable(),
  sid: z.string(),
  street: piiString('the street address'),
  uri: z.string().nullable(),
  emergency_enabled: z.boolean().nullable(),
  validated: z.boolean().nullable(),
  verified: z.boolean().nullable(),
  street_secondary: piiString('the second line of the street address'),
});

export const addresses = defineStream({
  name: 'addresses',
  api: 'api',
  path: accountList('Addresses.json'),
  itemsKey: 'addresses',
  schema: addressSchema,
  primaryKey: ['sid'],
});
