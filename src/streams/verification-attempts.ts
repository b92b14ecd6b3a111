import * as z from 'zod';
import { defineStream, isoDateTime } from './definition.js';
import { CREATED_AFTER_BEFORE, nestedObject, openEnum, pii } from './fields.js';

/** Twilio lists the attempts of the last 30 days. */
const ATTEMPT_RETENTION_DAYS = 30;

export const verificationAttemptSchema = z.object({
  sid: z.string(),
  account_sid: z.string().nullable(),
  service_sid: z.string().nullable(),
  verification_sid: z.string().nullable(),
  channel: openEnum(['sms', 'call', 'email', 'whatsapp', 'rbm']),
  conversion_status: openEnum(['converted', 'unconverted']).describe(
    'converted once the user gave the right code. Known values: converted, unconverted; Twilio may add others, which are passed on as sent.',
  ),
  // `{"value": "0.0500", "currency": "usd"}`, as Twilio priced the attempt; null until it has.
  price: nestedObject(),
  // The channel's details, the number or address the code went to among them.
  channel_data: pii(nestedObject()),
  date_created: isoDateTime(),
  date_updated: isoDateTime(),
  url: z.string().nullable(),
});

/** Every verification attempt of the credentials' account (each SMS, call or email sent), by creation. */
export const verificationAttempts = defineStream({
  name: 'verification_attempts',
  description:
    '[Verification attempts](https://www.twilio.com/docs/verify/api/list-verification-attempts) (`verify.twilio.com/v2/Attempts`): every code sent, with its channel, price and conversion; Twilio lists the last 30 days; region us1 only',
  api: 'verify',
  path: () => '/v2/Attempts',
  itemsKey: 'attempts',
  schema: verificationAttemptSchema,
  primaryKey: ['sid'],
  incremental: { cursorField: 'date_created', filter: CREATED_AFTER_BEFORE },
  // Twilio does not say what the list answers without dates, so every read sends them.
  startFilter: CREATED_AFTER_BEFORE,
  startRequired: true,
  retentionDays: ATTEMPT_RETENTION_DAYS,
  scope: 'credentials',
});
