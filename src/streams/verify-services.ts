import * as z from 'zod';
import { defineStream, isoDateTime } from './definition.js';
import { integer, nestedObject } from './fields.js';

export const verifyServiceSchema = z.object({
  sid: z.string(),
  account_sid: z.string().nullable(),
  friendly_name: z.string().nullable(),
  code_length: integer(),
  lookup_enabled: z.boolean().nullable(),
  psd2_enabled: z.boolean().nullable(),
  skip_sms_to_landlines: z.boolean().nullable(),
  dtmf_input_required: z.boolean().nullable(),
  tts_name: z.string().nullable(),
  do_not_share_warning_enabled: z.boolean().nullable(),
  custom_code_enabled: z.boolean().nullable(),
  default_template_sid: z.string().nullable(),
  verify_event_subscription_enabled: z.boolean().nullable(),
  push: nestedObject(),
  totp: nestedObject(),
  whatsapp: nestedObject(),
  passkeys: nestedObject(),
  date_created: isoDateTime(),
  date_updated: isoDateTime(),
  url: z.string().nullable(),
  links: nestedObject(),
});

/** The Verify services of the credentials' account. */
export const verifyServices = defineStream({
  name: 'verify_services',
  description:
    '[Verify services](https://www.twilio.com/docs/verify/api/service) (`verify.twilio.com/v2/Services`), region us1 only',
  api: 'verify',
  path: () => '/v2/Services',
  itemsKey: 'services',
  // Twilio's pages disagree (the reference says up to 1000, error 60373 says 1 to 25, Airbyte's connector was refused
  // above 100): the smallest is asked, which a handful of services never notices.
  pageSize: 25,
  schema: verifyServiceSchema,
  primaryKey: ['sid'],
  scope: 'credentials',
});
