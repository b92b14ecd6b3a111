import * as z from 'zod';
import { childOf, defineStream, twilioDateTime, type AccountContext } from './definition.js';
import { pii } from './fields.js';
import { services } from './services.js';

export const roleSchema = z.object({
  sid: z.string(),
  account_sid: z.string().nullable(),
  chat_service_sid: z.string().nullable(),
  friendly_name: pii(z.string().nullable()),
  type: z.enum(['conversation', 'service']).nullable(),
  permissions: z.array(z.string()).nullable(),
  date_created: twilioDateTime(),
  date_updated: twilioDateTime(),
  url: z.string().nullable(),
});

interface ServiceContext extends AccountContext {
  readonly serviceSid: string;
}

/** The roles of every Conversations service. */
export const roles = defineStream({
  name: 'roles',
  description:
    '[Roles](https://www.twilio.com/docs/conversations/api/service-role-resource) of every Conversations service',
  api: 'conversations',
  path: ({ serviceSid }: ServiceContext) => `/v1/Services/${encodeURIComponent(serviceSid)}/Roles`,
  itemsKey: 'roles',
  // Twilio's maximum for this list: a larger PageSize is a 400.
  pageSize: 50,
  schema: roleSchema,
  primaryKey: ['sid'],
  parent: childOf({
    stream: services,
    context: (service, { accountSid }): ServiceContext => ({ accountSid, serviceSid: service.sid }),
  }),
  notFoundIsEmpty: true,
  scope: 'credentials',
});
