import * as z from 'zod';
import { conversations } from './conversations.js';
import { childOf, defineStream, twilioDateTime, type AccountContext } from './definition.js';
import { integer, nestedObject, pii, TWILIO_PII } from './fields.js';

export const conversationParticipantSchema = z.object({
  sid: z.string(),
  account_sid: z.string().nullable(),
  conversation_sid: z.string().nullable(),
  identity: pii(z.string().nullable()),
  attributes: pii(z.string().nullable(), TWILIO_PII.sensitive),
  // The participant's address and proxy address on SMS or WhatsApp.
  messaging_binding: pii(nestedObject()),
  role_sid: z.string().nullable(),
  date_created: twilioDateTime(),
  date_updated: twilioDateTime(),
  url: z.string().nullable(),
  last_read_message_index: integer(),
  // Twilio does not say its format.
  last_read_timestamp: z.string().nullable(),
});

export interface ConversationContext extends AccountContext {
  readonly conversationSid: string;
}

export const conversationOf = childOf({
  stream: conversations,
  context: (conversation, { accountSid }): ConversationContext => ({ accountSid, conversationSid: conversation.sid }),
});

/** The participants of every conversation. */
export const conversationParticipants = defineStream({
  name: 'conversation_participants',
  description:
    '[Participants](https://www.twilio.com/docs/conversations/api/conversation-participant-resource) of every conversation',
  api: 'conversations',
  path: ({ conversationSid }: ConversationContext) => `/v1/Conversations/${encodeURIComponent(conversationSid)}/Participants`,
  itemsKey: 'participants',
  // Twilio's maximum for this list: a larger PageSize is a 400.
  pageSize: 100,
  schema: conversationParticipantSchema,
  primaryKey: ['sid'],
  parent: conversationOf,
  notFoundIsEmpty: true,
  scope: 'credentials',
});
