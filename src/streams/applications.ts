import * as z from 'zod';
import { defineStream, twilioDateTime } from './definition.js';
import { accountList, method } from './fields.js';

export const applicationSchema = z.object({
  account_sid: z.string().nullable(),
  api_version: z.string().nullable(),
  date_created: twilioDateTime(),
  date_updated: twilioDateTime(),
  friendly_name: z.string().nullable(),
  message_status_callback: z.string().nullable(),
  sid: z.string(),
  sms_fallback_method: method('sms_fallback_url'),
  sms_fallback_url: z.string().nullable(),
  sms_method: method('sms_url'),
  sms_status_callback: z.string().nullable(),
  sms_url: z.string().nullable(),
  status_callback: z.string().nullable(),
  status_callback_method: method('status_callback'),
  uri: z.string().nullable(),
  voice_caller_id_lookup: z.boolean().nullable(),
  voice_fallback_method: method('voice_fallback_url'),
  voice_fallback_url: z.string().nullable(),
  voice_method: method('voice_url'),
  voice_url: z.string().nullable(),
  public_application_connect_enabled: z.boolean().nullable(),
});

export const applications = defineStream({
  name: 'applications',
  description:
    '[TwiML applications](https://www.twilio.com/docs/usage/api/applications)',
  api: 'api',
  path: accountList('Applications.json'),
  itemsKey: 'applications',
  schema: applicationSchema,
  primaryKey: ['sid'],
});
