import * as z from 'zod';
import { defineStream, twilioDateTime } from './definition.js';
import { accountList, method, openEnum } from './fields.js';

export const usageTriggerSchema = z.object({
  account_sid: z.string().nullable(),
  api_version: z.string().nullable(),
  callback_method: method('callback_url'),
  callback_url: z.string().nullable(),
  current_value: z.string().nullable(),
  date_created: twilioDateTime(),
  date_fired: twilioDateTime(),
  date_updated: twilioDateTime(),
  friendly_name: z.string().nullable(),
  recurring: openEnum(['daily', 'monthly', 'yearly', 'alltime']),
  sid: z.string(),
  trigger_by: openEnum(['count', 'usage', 'price']),
  trigger_value: z.string().nullable(),
  uri: z.string().nullable(),
  usage_category: z.string().nullable(),
  usage_record_uri: z.string().nullable(),
});

export const usageTriggers = defineStream({
  name: 'usage_triggers',
  description:
    '[Usage triggers](https://www.twilio.com/docs/usage/api/usage-trigger)',
  api: 'api',
  path: accountList('Usage/Triggers.json'),
  itemsKey: 'usage_triggers',
  schema: usageTriggerSchema,
  primaryKey: ['sid'],
});
