import * as z from 'zod';
import { defineStream, twilioDateTime } from './definition.js';
import { nestedObject, pii } from './fields.js';

export const trunkSchema = z.object({
  sid: z.string(),
  account_sid: z.string().nullable(),
  domain_name: z.string().nullable(),
  disaster_recovery_method: z.enum(['GET', 'POST']).nullable(),
  disaster_recovery_url: pii(z.string().nullable()),
  friendly_name: z.string().nullable(),
  secure: z.boolean().nullable(),
  // `{"mode": "do-not-record", "trim": "do-not-trim"}`
  recording: nestedObject(),
  transfer_mode: z.enum(['disable-all', 'enable-all', 'sip-only']).nullable(),
  transfer_caller_id: z.enum(['from-transferee', 'from-transferor']).nullable(),
  cnam_lookup_enabled: z.boolean().nullable(),
  auth_type: z.string().nullable(),
  symmetric_rtp_enabled: z.boolean().nullable(),
  auth_type_set: z.array(z.string()).nullable(),
  date_created: twilioDateTime(),
  date_updated: twilioDateTime(),
  url: z.string().nullable(),
  links: nestedObject(),
});

/** Elastic SIP trunks of the credentials' account (Trunking API). */
export const trunks = defineStream({
  name: 'trunks',
  description:
    '[Elastic SIP trunks](https://www.twilio.com/docs/sip-trunking/api/trunk-resource) (`trunking.twilio.com/v1/Trunks`)',
  api: 'trunking',
  path: () => '/v1/Trunks',
  itemsKey: 'trunks',
  schema: trunkSchema,
  primaryKey: ['sid'],
  scope: 'credentials',
});
