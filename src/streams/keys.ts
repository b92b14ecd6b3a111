import { z } from 'zod';
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
  api: 'api',
  path: accountList('Keys.json'),
  itemsKey: 'keys',
  schema: keySchema,
  primaryKey: ['sid'],
});
