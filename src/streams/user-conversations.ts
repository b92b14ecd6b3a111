import * as z from 'zod';
import { childOf, defineStream, twilioDateTime, type AccountContext } from './definition.js';
import { integer, nestedObject, pii, TWILIO_PII } from './fields.js';
import { users } from './users.js';

export const userConversationSchema = z.object({
  user_sid: z.string(),
  conversation_sid: z.string(),
  account_sid: z.string().nullable(),
  chat_service_sid: z.string().nullable(),
  unread_messages_count: integer(),
  last_read_message_index: integer(),
  participant_sid: z.string().nullable(),
  friendly_name: pii(z.string().nullable()),
  conversation_state: z.enum(['inactive', 'active', 'closed']).nullable(),
  timers: nestedObject(),
  attributes: pii(z.string().nullable(), TWILIO_PII.sensitive),
  date_created: twilioDateTime(),
  date_updated: twilioDateTime(),
  created_by: z.string().nullable(),
  notification_level: z.enum(['default', 'muted']).nullable(),
  unique_name: pii(z.string().nullable()),
  url: z.string().nullable(),
  links: nestedObject(),
});

interface UserContext extends AccountContext {
  readonly userSid: string;
}

/**
 * The conversations each user takes part in. An item has no SID of its own: it is one user in one conversation, so
 * the key is the pair (Airbyte's `account_sid` key made every row of an account one).
 */
export const userConversations = defineStream({
  name: 'user_conversations',
  description:
    '[User conversations](https://www.twilio.com/docs/conversations/api/user-conversation-resource): each user\'s place in each conversation; a row has no SID of its own, so the key is the pair',
  api: 'conversations',
  path: ({ userSid }: UserContext) => `/v1/Users/${encodeURIComponent(userSid)}/Conversations`,
  itemsKey: 'conversations',
  // Twilio's maximum for this list: a larger PageSize is a 400.
  pageSize: 50,
  schema: userConversationSchema,
  primaryKey: ['user_sid', 'conversation_sid'],
  parent: childOf({
    stream: users,
    context: (user, { accountSid }): UserContext => ({ accountSid, userSid: user.sid }),
  }),
  notFoundIsEmpty: true,
  scope: 'credentials',
});
