import * as z from 'zod';
import { defineStream, isoDateTime } from './definition.js';
import { pii } from './fields.js';
import { inMessagingService, type MessagingServiceContext } from './messaging-services.js';

export const messagingServicePhoneNumberSchema = z.object({
  sid: z.string().describe('The SID of the phone number (PN…), as in incoming_phone_numbers.'),
  account_sid: z.string().nullable(),
  service_sid: z.string().nullable(),
  phone_number: pii(z.string().nullable()),
  country_code: z.string().nullable(),
  capabilities: z.array(z.string()).nullable().describe('e.g. SMS, MMS, Voice.'),
  date_created: isoDateTime(),
  date_updated: isoDateTime(),
  url: z.string().nullable(),
});

/** The phone numbers of every Messaging Service: the senders its messages go from. */
export const messagingServicePhoneNumbers = defineStream({
  name: 'messaging_service_phone_numbers',
  description:
    '[Phone numbers](https://www.twilio.com/docs/messaging/api/phonenumber-resource) of every Messaging Service: the senders its messages go out from',
  api: 'messaging',
  path: ({ serviceSid }: MessagingServiceContext) => `/v1/Services/${encodeURIComponent(serviceSid)}/PhoneNumbers`,
  itemsKey: 'phone_numbers',
  schema: messagingServicePhoneNumberSchema,
  primaryKey: ['sid'],
  parent: inMessagingService,
  notFoundIsEmpty: true,
  scope: 'credentials',
});
