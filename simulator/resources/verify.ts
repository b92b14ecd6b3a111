/** Verify (`verify.twilio.com/v2`): the caller's services (25 a page at most, error 60373) and its verification attempts. */
import { hash } from '../hash.js';
import { createdAfterBefore, isoDate, pickOf, v1List } from './v1-rows.js';

const VERIFY = 'https://verify.twilio.com/v2';
const CHANNELS = ['sms', 'sms', 'whatsapp', 'call', 'email'] as const;

export const verifyServices = v1List({
  product: 'verify',
  kind: 'verify-services',
  path: '/v2/Services',
  itemsKey: 'services',
  maxPageSize: 25,
  rows: { sidPrefix: 'VA', count: 2, spacingSeconds: 86_400 },
  row: ({ index, sid, created, accountSid }) => ({
    sid,
    account_sid: accountSid,
    friendly_name: index === 0 ? 'Login codes' : 'Checkout ✅',
    code_length: 6,
    lookup_enabled: index === 0,
    psd2_enabled: false,
    skip_sms_to_landlines: false,
    dtmf_input_required: true,
    tts_name: null,
    do_not_share_warning_enabled: false,
    custom_code_enabled: false,
    default_template_sid: null,
    verify_event_subscription_enabled: false,
    push: { include_date: true, apn_credential_sid: null, fcm_credential_sid: null },
    totp: { issuer: 'Example', time_step: 30, code_length: 6, skew: 1 },
    whatsapp: { msg_service_sid: null, from: null },
    passkeys: { relying_party: null, authenticator_attachment: null, discoverable_credentials: null, user_verification: null },
    date_created: isoDate(created),
    date_updated: isoDate(created + 3600),
    url: `${VERIFY}/Services/${sid}`,
    links: { verifications: `${VERIFY}/Services/${sid}/Verifications`, verification_checks: `${VERIFY}/Services/${sid}/VerificationCheck` },
  }),
});

export const verificationAttempts = v1List({
  product: 'verify',
  kind: 'verification-attempts',
  path: '/v2/Attempts',
  itemsKey: 'attempts',
  rows: { sidPrefix: 'VL', count: 5, spacingSeconds: 3600 },
  row: ({ key, index, sid, created, accountSid }) => {
    const channel = pickOf(CHANNELS, hash(key, index, 1));
    return {
      sid,
      account_sid: accountSid,
      service_sid: `VA${accountSid.slice(2)}`,
      verification_sid: `VE${sid.slice(2)}`,
      channel,
      conversion_status: index % 3 === 1 ? 'unconverted' : 'converted',
      price: { value: channel === 'email' ? '0.00' : '0.0500', currency: 'usd' },
      channel_data: channel === 'email' ? { to: 'zoë@example.com' } : { to: `+1415555${String(index).padStart(4, '0')}`, carrier: { name: 'Verizon' } },
      date_created: isoDate(created),
      date_updated: isoDate(created + 40),
      url: `${VERIFY}/Attempts/${sid}`,
    };
  },
  filters: [createdAfterBefore()],
});
