import { z } from 'zod';
import { defineStream, twilioDateTime } from './definition.js';
import { accountList, piiString } from './fields.js';

export const outgoingCallerIdSchema = z.object({
  sid: z.string(),
  date_created: twilioDateTime(),
  date_updated: twilioDateTime(),
  friendly_name: piiString('a name the account gave the number'),
  account_sid: z.string().nullable(),
  phone_number: piiString('the verified phone number, E.164'),
  uri: z.string().nullable(),
});

export const outgoingCallerIds = defineStream({
  name: 'outgoing_caller_ids',
  api: 'api',
  path: accountList('OutgoingCallerIds.json'),
  itemsKey: 'outgoing_caller_ids',
  schema: outgoingCallerIdSchema,
  primaryKey: ['sid'],
});
