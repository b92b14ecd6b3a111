import * as z from 'zod';
import { defineStream, twilioDateTime } from './definition.js';
import { accountList } from './fields.js';

/** An API key's name and dates; Twilio never lists its secret. */
export const keySchema = z.object({
  sid: z.string(),
  friendly_name: z.string().nullable(),
  date_created: twilioDateTime(),
  date_updated: twilioDateTime(),
});

export const keys = defineStream({
  name: 'keys',
  description:
    '[API keys](https://www.twilio.com/docs/iam/api-keys/key-resource-v2010): name and dates, never a secret; a Standard API key may not list them',
  api: 'api',
  path: accountList('Keys.json'),
  itemsKey: 'keys',
  schema: keySchema,
  primaryKey: ['sid'],
});
