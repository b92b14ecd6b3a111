import * as z from 'zod';
import { defineStream, twilioDateTime } from './definition.js';
import { accountList } from './fields.js';

export const queueSchema = z.object({
  date_updated: twilioDateTime(),
  current_size: z.number().int().nullable().describe('Calls waiting now: a live value.'),
  friendly_name: z.string().nullable(),
  uri: z.string().nullable(),
  account_sid: z.string().nullable(),
  average_wait_time: z.number().int().nullable().describe('Seconds, averaged over the calls waiting now: a live value.'),
  sid: z.string(),
  date_created: twilioDateTime(),
  max_size: z.number().int().nullable(),
});

export const queues = defineStream({
  name: 'queues',
  description:
    '[Call queues](https://www.twilio.com/docs/voice/api/queue-resource), with their size and wait time at sync time',
  api: 'api',
  path: accountList('Queues.json'),
  itemsKey: 'queues',
  schema: queueSchema,
  primaryKey: ['sid'],
});
