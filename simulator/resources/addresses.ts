/** `Addresses.json` of an account and the phone numbers that depend on each address (the first has two). */
import { API_VERSION } from '../dataset.js';
import { seededRows, seededSid, type DatedRows, type Resource, type SeededRows } from '../resource.js';
import { accountList } from './account-list.js';

const STREETS = ['1 Main St', '742 Evergreen Terrace', '221B Baker St'];

export interface AddressResource {
  account_sid: string;
  city: string;
  customer_name: string;
  date_created: string;
  date_updated: string;
  emergency_enabled: boolean;
  friendly_name: string;
  iso_country: string;
  postal_code: string;
  region: string;
  sid: string;
  street: string;
  street_secondary: string | null;
  uri: string;
  validated: boolean;
  verified: boolean;
}

export const addresses = accountList<AddressResource>({
  kind: 'addresses',
  list: 'Addresses.json',
  itemsKey: 'addresses',
  sidPrefix: 'AD',
  count: 2,
  instance: { kind: 'address', placeholder: 'AddressSid', sidPattern: /^AD[0-9a-fA-F]{32}$/, malformed: 'not-found', unknown: 'not-found' },
  row: ({ sid, accountSid, uri, dateCreated, dateUpdated, hash, index }) => ({
    account_sid: accountSid,
    city: 'San Francisco',
    customer_name: index === 0 ? 'Jane Doe' : 'Acme Inc',
    date_created: dateCreated,
    date_updated: dateUpdated,
    emergency_enabled: index === 0,
    friendly_name: index === 0 ? 'Head office' : 'Warehouse',
    iso_country: 'US',
    postal_code: '94105',
    region: 'CA',
    sid,
    street: STREETS[hash % STREETS.length] ?? '',
    street_secondary: index === 0 ? 'Suite 400' : null,
    uri,
    validated: true,
    verified: index === 0,
  }),
});

export interface DependentPhoneNumberResource {
  sid: string;
  account_sid: string;
  friendly_name: string;
  phone_number: string;
  voice_url: string;
  voice_method: string;
  voice_fallback_method: string;
  voice_fallback_url: string | null;
  voice_caller_id_lookup: boolean;
  date_created: string;
  date_updated: string;
  sms_fallback_method: string;
  sms_fallback_url: string | null;
  sms_method: string;
  sms_url: string;
  address_requirements: string;
  capabilities: { voice: boolean; sms: boolean; mms: boolean; fax: boolean };
  status_callback: string | null;
  status_callback_method: string;
  api_version: string;
  sms_application_sid: string | null;
  voice_application_sid: string | null;
  trunk_sid: string | null;
  emergency_status: string;
  emergency_address_sid: string | null;
  uri: string;
}

export const dependentPhoneNumbers: Resource<SeededRows<DependentPhoneNumberResource>, DatedRows<AddressResource>> = {
  kind: 'dependent_phone_numbers',
  path: '/2010-04-01/Accounts/{AccountSid}/Addresses/{AddressSid}/DependentPhoneNumbers.json',
  itemsKey: 'dependent_phone_numbers',
  paging: '2010',
  maxPageSize: 1000,
  parent: addresses,
  rows: (scope) => {
    const address = scope.parent.list.at(scope.parent.index);
    return seededRows(scope, 'dependent_phone_numbers', scope.parent.index === 0 ? 2 : 0, (key, index) => ({
      sid: seededSid('PN', key, index),
      account_sid: address.account_sid,
      friendly_name: `(415) 555-01${index}0`,
      phone_number: `+141555501${index}0`,
      voice_url: 'https://demo.twilio.com/welcome/voice/',
      voice_method: 'POST',
      voice_fallback_method: 'POST',
      voice_fallback_url: null,
      voice_caller_id_lookup: false,
      date_created: address.date_created,
      date_updated: address.date_updated,
      sms_fallback_method: 'POST',
      sms_fallback_url: null,
      sms_method: 'POST',
      sms_url: 'https://demo.twilio.com/welcome/sms/reply/',
      address_requirements: 'any',
      capabilities: { voice: true, sms: true, mms: index === 0, fax: false },
      status_callback: null,
      status_callback_method: 'POST',
      api_version: API_VERSION,
      sms_application_sid: null,
      voice_application_sid: null,
      trunk_sid: null,
      emergency_status: index === 0 ? 'Active' : 'Inactive',
      emergency_address_sid: index === 0 ? address.sid : null,
      uri: `/${API_VERSION}/Accounts/${address.account_sid}/IncomingPhoneNumbers/${seededSid('PN', key, index)}.json`,
    }));
  },
  filters: [],
};
