/** The account's small lists: applications, keys, outgoing caller IDs, queues, transcriptions and usage triggers. */
import { API_VERSION } from '../dataset.js';
import { accountList } from './account-list.js';

const WEBHOOKS = 'https://hooks.example.com';

export const applications = accountList({
  kind: 'applications',
  list: 'Applications.json',
  itemsKey: 'applications',
  sidPrefix: 'AP',
  count: 2,
  row: ({ sid, accountSid, uri, dateCreated, dateUpdated, index }) => ({
    account_sid: accountSid,
    api_version: API_VERSION,
    date_created: dateCreated,
    date_updated: dateUpdated,
    friendly_name: index === 0 ? 'IVR' : 'Support line',
    message_status_callback: null,
    sid,
    sms_fallback_method: 'POST',
    sms_fallback_url: null,
    sms_method: 'POST',
    sms_status_callback: null,
    sms_url: `${WEBHOOKS}/sms`,
    status_callback: index === 0 ? `${WEBHOOKS}/status` : null,
    status_callback_method: 'POST',
    uri,
    voice_caller_id_lookup: false,
    voice_fallback_method: 'POST',
    voice_fallback_url: null,
    voice_method: 'GET',
    voice_url: `${WEBHOOKS}/voice`,
    public_application_connect_enabled: index === 1,
  }),
});

export const keys = accountList({
  kind: 'keys',
  list: 'Keys.json',
  itemsKey: 'keys',
  sidPrefix: 'SK',
  count: 2,
  row: ({ sid, dateCreated, dateUpdated, index }) => ({
    sid,
    friendly_name: index === 0 ? 'CI' : 'Airbyte',
    date_created: dateCreated,
    date_updated: dateUpdated,
  }),
});

export const outgoingCallerIds = accountList({
  kind: 'outgoing_caller_ids',
  list: 'OutgoingCallerIds.json',
  itemsKey: 'outgoing_caller_ids',
  sidPrefix: 'PN',
  count: 2,
  row: ({ sid, accountSid, uri, dateCreated, dateUpdated, index }) => ({
    sid,
    date_created: dateCreated,
    date_updated: dateUpdated,
    friendly_name: index === 0 ? 'Front desk' : '(628) 555-0142',
    account_sid: accountSid,
    phone_number: `+162855501${index}2`,
    uri,
  }),
});

export const queues = accountList({
  kind: 'queues',
  list: 'Queues.json',
  itemsKey: 'queues',
  sidPrefix: 'QU',
  count: 2,
  row: ({ sid, accountSid, uri, dateCreated, dateUpdated, hash, index }) => ({
    date_updated: dateUpdated,
    current_size: hash % 4,
    friendly_name: index === 0 ? 'support' : 'sales',
    uri,
    account_sid: accountSid,
    average_wait_time: hash % 120,
    sid,
    date_created: dateCreated,
    max_size: 100,
  }),
});

export const transcriptions = accountList({
  kind: 'transcriptions',
  list: 'Transcriptions.json',
  itemsKey: 'transcriptions',
  sidPrefix: 'TR',
  count: 3,
  row: ({ sid, accountSid, uri, dateCreated, dateUpdated, hash, index }) => ({
    account_sid: accountSid,
    api_version: API_VERSION,
    date_created: dateCreated,
    date_updated: dateUpdated,
    duration: String(5 + (hash % 60)),
    price: index === 0 ? null : '-0.05000',
    price_unit: 'USD',
    recording_sid: `RE${sid.slice(2)}`,
    sid,
    status: index === 0 ? 'in-progress' : 'completed',
    transcription_text: index === 0 ? null : 'Hi, please call me back about my order.',
    type: 'fast',
    uri,
  }),
});

export const usageTriggers = accountList({
  kind: 'usage_triggers',
  list: 'Usage/Triggers.json',
  itemsKey: 'usage_triggers',
  sidPrefix: 'UT',
  count: 2,
  row: ({ sid, accountSid, uri, dateCreated, dateUpdated, index }) => ({
    account_sid: accountSid,
    api_version: API_VERSION,
    callback_method: 'POST',
    callback_url: `${WEBHOOKS}/usage`,
    current_value: index === 0 ? '42' : '3.20',
    date_created: dateCreated,
    date_fired: index === 0 ? null : dateUpdated,
    date_updated: dateUpdated,
    friendly_name: index === 0 ? 'Many calls' : 'Spend alert',
    recurring: index === 0 ? 'daily' : 'monthly',
    sid,
    trigger_by: index === 0 ? 'count' : 'price',
    trigger_value: index === 0 ? '1000' : '100.00',
    uri,
    usage_category: index === 0 ? 'calls' : 'totalprice',
    usage_record_uri: `/${API_VERSION}/Accounts/${accountSid}/Usage/Records.json?Category=${index === 0 ? 'calls' : 'totalprice'}`,
  }),
});
