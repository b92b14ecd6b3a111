/** Messaging (`messaging.twilio.com/v1`): the caller's Messaging Services and the sender numbers of each. */
import { hash } from '../hash.js';
import { worldly } from '../text.js';
import { instanceBySid, isoDate, v1List } from './v1-rows.js';

const MESSAGING = 'https://messaging.twilio.com/v1';

export const messagingServices = v1List({
  product: 'messaging',
  kind: 'messaging-services',
  path: '/v1/Services',
  itemsKey: 'services',
  instance: instanceBySid('messaging-service', 'ServiceSid', 'MG'),
  rows: { sidPrefix: 'MG', count: 2, spacingSeconds: 7 * 86_400 },
  row: ({ key, index, sid, created, accountSid }, { dataset }) => ({
    sid,
    account_sid: accountSid,
    friendly_name: worldly(dataset.options.text, `Notifications ${index}`, hash(key, index, 1), ['Rappels de rendez-vous', '订单通知', 'إشعارات 📣']),
    usecase: index === 0 ? 'notifications' : 'marketing',
    us_app_to_person_registered: index === 0,
    inbound_request_url: index === 0 ? 'https://example.com/sms/inbound' : null,
    inbound_method: 'POST',
    fallback_url: null,
    fallback_method: 'POST',
    status_callback: null,
    use_inbound_webhook_on_number: false,
    sticky_sender: true,
    mms_converter: true,
    smart_encoding: true,
    scan_message_content: 'inherit',
    fallback_to_long_code: true,
    area_code_geomatch: true,
    synchronous_validation: false,
    validity_period: 14_400,
    date_created: isoDate(created),
    date_updated: isoDate(created + 600),
    url: `${MESSAGING}/Services/${sid}`,
    links: { phone_numbers: `${MESSAGING}/Services/${sid}/PhoneNumbers`, short_codes: `${MESSAGING}/Services/${sid}/ShortCodes` },
  }),
});

export const messagingServicePhoneNumbers = v1List({
  product: 'messaging',
  kind: 'messaging-service-phone-numbers',
  path: '/v1/Services/{ServiceSid}/PhoneNumbers',
  itemsKey: 'phone_numbers',
  parent: messagingServices,
  rows: { sidPrefix: 'PN', count: 2, spacingSeconds: 60 },
  row: ({ index, sid, created, accountSid, parentSid }) => ({
    sid,
    account_sid: accountSid,
    service_sid: parentSid,
    phone_number: `+1415555${String(2000 + index).slice(-4)}`,
    country_code: 'US',
    capabilities: index === 0 ? ['SMS', 'MMS', 'Voice'] : ['SMS'],
    date_created: isoDate(created),
    date_updated: isoDate(created),
    url: `${MESSAGING}/Services/${parentSid}/PhoneNumbers/${sid}`,
  }),
});
