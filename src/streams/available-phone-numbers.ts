import * as z from 'zod';
import { childOf, defineStream, type AccountContext } from './definition.js';
import { accountList, decimal, nestedObject, pii } from './fields.js';

export const countrySchema = z.object({
  country_code: z.string().nullable(),
  country: z.string().nullable(),
  uri: z.string().describe("The country's list of number types; it names the account, so it is the key."),
  beta: z.boolean().nullable(),
  subresource_uris: nestedObject().describe('The number types Twilio offers in the country (local, mobile, toll_free, …).'),
});

/** The countries where Twilio offers numbers to the account. Twilio answers it in one piece, without paging. */
export const availablePhoneNumberCountries = defineStream({
  name: 'available_phone_number_countries',
  description:
    '[Countries](https://www.twilio.com/docs/phone-numbers/api/availablephonenumber-resource) where Twilio offers numbers; a country has no SID, its `uri` names it and the account',
  api: 'api',
  path: accountList('AvailablePhoneNumbers.json'),
  itemsKey: 'countries',
  schema: countrySchema,
  primaryKey: ['uri'],
});

export const availablePhoneNumberSchema = z.object({
  friendly_name: z.string().nullable(),
  phone_number: pii(z.string().nullable(), 'a phone number on offer, E.164.'),
  lata: z.string().nullable(),
  locality: z.string().nullable(),
  rate_center: z.string().nullable(),
  latitude: decimal('Degrees, as the string Twilio sends.'),
  longitude: decimal('Degrees, as the string Twilio sends.'),
  region: z.string().nullable(),
  postal_code: z.string().nullable(),
  iso_country: z.string().nullable(),
  address_requirements: z.string().nullable().describe('Known values: none, any, local, foreign.'),
  beta: z.boolean().nullable(),
  capabilities: nestedObject(),
});

interface CountryContext extends AccountContext {
  readonly countryCode: string;
}

/**
 * The numbers of one type Twilio offers now, in every country that has the type: a search result that changes from
 * one request to the next, with no key (the same number can be offered twice), so a snapshot to overwrite.
 */
function availablePhoneNumbers(type: 'local' | 'mobile' | 'toll_free', list: string, description: string) {
  return defineStream({
    name: `available_phone_numbers_${type}`,
    description,
    api: 'api',
    path: ({ accountSid, countryCode }: CountryContext) =>
      `/2010-04-01/Accounts/${accountSid}/AvailablePhoneNumbers/${encodeURIComponent(countryCode)}/${list}`,
    itemsKey: 'available_phone_numbers',
    schema: availablePhoneNumberSchema,
    primaryKey: [],
    parent: childOf({
      stream: availablePhoneNumberCountries,
      where: (country) => country.country_code !== null && country.subresource_uris?.[type] !== undefined,
      context: (country, { accountSid }): CountryContext => ({ accountSid, countryCode: country.country_code ?? '' }),
    }),
    notFoundIsEmpty: true,
  });
}

export const availablePhoneNumbersLocal = availablePhoneNumbers(
  'local',
  'Local.json',
  'Local numbers on offer now in each country that has them: a search result, without a key',
);
export const availablePhoneNumbersMobile = availablePhoneNumbers('mobile', 'Mobile.json', 'Mobile numbers on offer now, likewise');
export const availablePhoneNumbersTollFree = availablePhoneNumbers('toll_free', 'TollFree.json', 'Toll-free numbers on offer now, likewise');
