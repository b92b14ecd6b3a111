import * as z from 'zod';
import { defineStream, twilioDateTime } from './definition.js';
import { accountList, nestedObject, openEnum, pii, price } from './fields.js';

/** Twilio's message resource, every field of its OpenAPI description. */
export const messageSchema = z.object({
  body: pii(z.string().nullable(), 'the text of the message.'),
  num_segments: z.string().nullable().describe('A count, as a string.'),
  direction: openEnum(['inbound', 'outbound-api', 'outbound-call', 'outbound-reply']),
  from: pii(z.string().nullable(), 'the sending phone number or channel address.'),
  to: pii(z.string().nullable(), 'the receiving phone number or channel address.'),
  date_updated: twilioDateTime(),
  price: price(),
  error_message: z.string().nullable(),
  uri: z.string().nullable(),
  account_sid: z.string().nullable(),
  num_media: z.string().nullable().describe('A count, as a string ("0" when the message has no media).'),
  status: openEnum([
    'queued', 'sending', 'sent', 'failed', 'delivered', 'undelivered', 'receiving', 'received', 'accepted', 'scheduled',
    'read', 'partially_delivered', 'canceled',
  ]),
  messaging_service_sid: z.string().nullable(),
  sid: z.string(),
  date_sent: twilioDateTime().describe('When the message was sent. The cursor.'),
  date_created: twilioDateTime(),
  error_code: z.number().int().nullable(),
  price_unit: z.string().nullable(),
  api_version: z.string().nullable(),
  subresource_uris: nestedObject(),
});

/** Twilio lists the messages of the last 400 days (fewer if the account says so): earlier windows are not asked for. */
export const MESSAGE_RETENTION_DAYS = 400;

export const messages = defineStream({
  name: 'messages',
  description:
    '[Messages](https://www.twilio.com/docs/messaging/api/message-resource); Twilio keeps 400 days of them (fewer if the account says so)',
  api: 'api',
  path: accountList('Messages.json'),
  itemsKey: 'messages',
  schema: messageSchema,
  primaryKey: ['sid'],
  incremental: {
    cursorField: 'date_sent',
    filter: { format: 'day', field: 'DateSent' },
  },
  retentionDays: MESSAGE_RETENTION_DAYS,
});
