/** `IncomingPhoneNumbers.json` of an account: its phone numbers, with fields and key order as Twilio's OAS example. */
import { API_VERSION } from '../dataset.js';
import { equalTo } from '../filters.js';
import { hash } from '../hash.js';
import { seededRows, seededSid, type Resource, type SeededRows } from '../resource.js';
import { formatRfc2822 } from '../rfc2822.js';
import { accounts, type AccountList } from './accounts.js';

const PHONE_NUMBERS_PER_ACCOUNT = 3;
const DAYS_APART = 7 * 86_400;
const ORIGINS = ['twilio', 'hosted'] as const;

export interface IncomingPhoneNumberResource {
  account_sid: string;
  address_requirements: 'none' | 'any' | 'local' | 'foreign';
  address_sid: string | null;
  api_version: typeof API_VERSION;
  beta: boolean | null;
  capabilities: { voice: boolean; sms: boolean; mms: boolean; fax: boolean };
  date_created: string;
  date_updated: string;
  emergency_status: 'Active' | 'Inactive';
  emergency_address_sid: string | null;
  emergency_address_status: 'registered' | 'unregistered';
  friendly_name: string;
  identity_sid: string | null;
  origin: (typeof ORIGINS)[number];
  phone_number: string;
  sid: string;
  sms_application_sid: string;
  sms_fallback_method: 'GET' | 'POST';
  sms_fallback_url: string;
  sms_method: 'GET' | 'POST';
  sms_url: string;
  status_callback: string;
  status_callback_method: 'GET' | 'POST';
  trunk_sid: string | null;
  uri: string;
  voice_application_sid: string;
  voice_caller_id_lookup: boolean;
  voice_fallback_method: 'GET' | 'POST';
  voice_fallback_url: string | null;
  voice_method: 'GET' | 'POST';
  voice_url: string | null;
  bundle_sid: string | null;
  voice_receive_mode: 'voice' | 'fax';
  status: string;
  type: 'local' | 'mobile' | 'tollfree';
}

const TYPES = ['local', 'mobile', 'tollfree'] as const;

/**
 * Three numbers per account, a week apart, the newest first. The first number's status callback carries a user name
 * and the account fixture's `webhookPassword` in its URL, as Twilio allows for webhooks behind basic authentication.
 */
export const incomingPhoneNumbers: Resource<SeededRows<IncomingPhoneNumberResource>, AccountList> = {
  kind: 'incoming_phone_numbers',
  path: '/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json',
  itemsKey: 'incoming_phone_numbers',
  paging: '2010',
  maxPageSize: 1000,
  parent: accounts,
  rows: (scope) => {
    const account = scope.parent.list.fixtureAt(scope.parent.index);
    const newest = Date.parse(scope.dataset.options.firstDateCreated) / 1000;
    return seededRows(scope, 'incoming_phone_numbers', PHONE_NUMBERS_PER_ACCOUNT, (key, index) => {
      const sid = seededSid('PN', key, index);
      const roll = hash(key, index);
      const digits = String(2_000_000 + (roll % 7_000_000)).padStart(7, '0');
      const created = Math.floor(newest) - (index + 1) * DAYS_APART;
      const hooks = 'hooks.example.com/twilio';
      const password = index === 0 ? account.webhookPassword : undefined;
      const type = TYPES[index % TYPES.length] ?? 'local';
      return {
        account_sid: account.sid,
        address_requirements: 'none',
        address_sid: null,
        api_version: API_VERSION,
        beta: false,
        capabilities: { voice: true, sms: index !== 2, mms: index === 0, fax: false },
        date_created: formatRfc2822(created),
        date_updated: formatRfc2822(created + (roll % 86_400)),
        emergency_status: index === 0 ? 'Active' : 'Inactive',
        emergency_address_sid: index === 0 ? seededSid('AD', key, index, 1) : null,
        emergency_address_status: index === 0 ? 'registered' : 'unregistered',
        friendly_name: `(415) ${digits.slice(0, 3)}-${digits.slice(3)}`,
        identity_sid: null,
        origin: ORIGINS[roll % 10 === 0 ? 1 : 0] ?? 'twilio',
        phone_number: `+1415${digits}`,
        sid,
        sms_application_sid: '',
        sms_fallback_method: 'POST',
        sms_fallback_url: '',
        sms_method: 'POST',
        sms_url: `https://${hooks}/sms`,
        status_callback: password === undefined ? '' : `https://twilio:${password}@${hooks}/status?number=${index}`,
        status_callback_method: 'POST',
        trunk_sid: null,
        uri: `/${API_VERSION}/Accounts/${account.sid}/IncomingPhoneNumbers/${sid}.json`,
        voice_application_sid: '',
        voice_caller_id_lookup: false,
        voice_fallback_method: 'POST',
        voice_fallback_url: null,
        voice_method: index === 1 ? 'GET' : 'POST',
        voice_url: `https://${hooks}/voice`,
        bundle_sid: null,
        voice_receive_mode: 'voice',
        status: 'in-use',
        type,
      };
    });
  },
  filters: [
    equalTo('FriendlyName', (list, index) => list.at(index).friendly_name),
    equalTo('Origin', (list, index) => list.at(index).origin, ORIGINS),
  ],
};
