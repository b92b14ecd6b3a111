import * as z from 'zod';
import { defineStream, twilioDateTime } from './definition.js';
import { nestedObject, pii } from './fields.js';

export const serviceSchema = z.object({
  sid: z.string(),
  account_sid: z.string().nullable(),
  friendly_name: pii(z.string().nullable()),
  date_created: twilioDateTime(),
  date_updated: twilioDateTime(),
  url: z.string().nullable(),
  links: nestedObject(),
});

/** The Conversations services of the credentials' account (Programmable Chat's `chat.twilio.com/v2` is end-of-life). */
export const services = defineStream({
  name: 'services',
  description:
    '[Conversations services](https://www.twilio.com/docs/conversations/api/service-resource) (`conversations.twilio.com/v1/Services`)',
  api: 'conversations',
  path: () => '/v1/Services',
  itemsKey: 'services',
  // Twilio's maximum for this list: a larger PageSize is a 400.
  pageSize: 100,
  schema: serviceSchema,
  primaryKey: ['sid'],
  scope: 'credentials',
});
