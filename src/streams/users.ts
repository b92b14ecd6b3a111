import * as z from 'zod';
import { defineStream, twilioDateTime } from './definition.js';
import { nestedObject, pii, TWILIO_PII } from './fields.js';

export const userSchema = z.object({
  sid: z.string(),
  account_sid: z.string().nullable(),
  chat_service_sid: z.string().nullable(),
  role_sid: z.string().nullable(),
  identity: pii(z.string().nullable()),
  friendly_name: pii(z.string().nullable()),
  attributes: pii(z.string().nullable(), TWILIO_PII.sensitive),
  is_online: z.boolean().nullable(),
  is_notifiable: z.boolean().nullable(),
  date_created: twilioDateTime(),
  date_updated: twilioDateTime(),
  url: z.string().nullable(),
  links: nestedObject(),
});

/** The users of the credentials' account's default Conversations service. */
export const users = defineStream({
  name: 'users',
  description:
    '[Users](https://www.twilio.com/docs/conversations/api/user-resource) (`conversations.twilio.com/v1/Users`) of the default Conversations service',
  api: 'conversations',
  path: () => '/v1/Users',
  itemsKey: 'users',
  // Twilio's maximum for this list: a larger PageSize is a 400.
  pageSize: 50,
  schema: userSchema,
  primaryKey: ['sid'],
  scope: 'credentials',
});
