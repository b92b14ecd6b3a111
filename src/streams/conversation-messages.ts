import * as z from 'zod';
import { conversationOf, type ConversationContext } from './conversation-participants.js';
import { defineStream, twilioDateTime } from './definition.js';
import { nestedObject, pii, TWILIO_PII } from './fields.js';

export const conversationMessageSchema = z.object({
  sid: z.string(),
  account_sid: z.string().nullable(),
  conversation_sid: z.string().nullable(),
  // Grows in the order Twilio received the messages, and may skip numbers.
  index: z.number().int().nullable(),
  author: pii(z.string().nullable()),
  body: pii(z.string().nullable(), TWILIO_PII.sensitive),
  media: pii(z.array(z.looseObject({})).nullable()),
  attributes: pii(z.string().nullable(), TWILIO_PII.sensitive),
  participant_sid: z.string().nullable(),
  date_created: twilioDateTime(),
  date_updated: twilioDateTime(),
  url: z.string().nullable(),
  // Delivery counts per status: `{"total": 2, "sent": "all", …}`
  delivery: nestedObject(),
  links: nestedObject(),
  content_sid: z.string().nullable(),
});

/** The messages of every conversation, oldest first. */
export const conversationMessages = defineStream({
  name: 'conversation_messages',
  description:
    '[Messages](https://www.twilio.com/docs/conversations/api/conversation-message-resource) of every conversation',
  api: 'conversations',
  path: ({ conversationSid }: ConversationContext) => `/v1/Conversations/${encodeURIComponent(conversationSid)}/Messages`,
  itemsKey: 'messages',
  // Twilio's maximum for this list: a larger PageSize is a 400.
  pageSize: 100,
  schema: conversationMessageSchema,
  primaryKey: ['sid'],
  parent: conversationOf,
  notFoundIsEmpty: true,
  scope: 'credentials',
});
