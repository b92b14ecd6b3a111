import * as z from 'zod';
import { defineStream, twilioDateTime } from './definition.js';
import { accountList, pii } from './fields.js';

export const outgoingCallerIdSchema = z.object({
  sid: z.string(),
  date_created: twilioDateTime(),
  date_updated: twilioDateTime(),
  friendly_name: pii(z.string().nullable(), 'a name the account gave the number.'),
  account_sid: z.string().nullable(),
  phone_number: pii(z.string().nullable(), 'the verified phone number, E.164.'),
  uri: z.string().nullable(),
});

export const outgoingCallerIds = defineStream({
  name: 'outgoing_caller_ids',
  description:
    '[Verified caller IDs](https://www.twilio.com/docs/voice/api/outgoing-caller-ids)',
  api: 'api',
  path: accountList('OutgoingCallerIds.json'),
  itemsKey: 'outgoing_caller_ids',
  schema: outgoingCallerIdSchema,
  primaryKey: ['sid'],
});
