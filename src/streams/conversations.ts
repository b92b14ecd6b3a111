import * as z from 'zod';
import { defineStream, twilioDateTime } from './definition.js';
import { nestedObject, pii, TWILIO_PII } from './fields.js';

export const conversationSchema = z.object({
  sid: z.string(),
  account_sid: z.string().nullable(),
  chat_service_sid: z.string().nullable(),
  messaging_service_sid: z.string().nullable(),
  friendly_name: pii(z.string().nullable()),
  unique_name: pii(z.string().nullable()),
  // JSON text, as the conversation's owner wrote it.
  attributes: pii(z.string().nullable(), TWILIO_PII.sensitive),
  state: z.enum(['initializing', 'inactive', 'active', 'closed']).nullable(),
  date_created: twilioDateTime(),
  date_updated: twilioDateTime(),
  // `{"date_inactive": …, "date_closed": …}`
  timers: nestedObject(),
  url: z.string().nullable(),
  links: nestedObject(),
  bindings: nestedObject(),
});

/** The conversations of the credentials' account's default Conversations service. */
export const conversations = defineStream({
  name: 'conversations',
  description:
    '[Conversations](https://www.twilio.com/docs/conversations/api/conversation-resource) (`conversations.twilio.com/v1/Conversations`) of the default Conversations service',
  api: 'conversations',
  path: () => '/v1/Conversations',
  itemsKey: 'conversations',
  // Twilio's maximum for this list: a larger PageSize is a 400.
  pageSize: 100,
  schema: conversationSchema,
  primaryKey: ['sid'],
  scope: 'credentials',
});
