import * as z from 'zod';
import { childOf, defineStream, isoDateTime, type AccountContext } from './definition.js';
import { integer, method, nestedObject, openEnum } from './fields.js';

export const messagingServiceSchema = z.object({
  sid: z.string(),
  account_sid: z.string().nullable(),
  friendly_name: z.string().nullable(),
  usecase: z.string().nullable().describe('e.g. notifications, marketing, verification, discussion, poll.'),
  us_app_to_person_registered: z.boolean().nullable(),
  inbound_request_url: z.string().nullable(),
  inbound_method: method('inbound_request_url'),
  fallback_url: z.string().nullable(),
  fallback_method: method('fallback_url'),
  status_callback: z.string().nullable(),
  use_inbound_webhook_on_number: z.boolean().nullable(),
  sticky_sender: z.boolean().nullable(),
  mms_converter: z.boolean().nullable(),
  smart_encoding: z.boolean().nullable(),
  scan_message_content: openEnum(['inherit', 'enable', 'disable']),
  fallback_to_long_code: z.boolean().nullable(),
  area_code_geomatch: z.boolean().nullable(),
  synchronous_validation: z.boolean().nullable(),
  validity_period: integer().describe('Seconds a message may wait in the queue.'),
  date_created: isoDateTime(),
  date_updated: isoDateTime(),
  url: z.string().nullable(),
  links: nestedObject(),
});

/** The Messaging Services of the credentials' account. */
export const messagingServices = defineStream({
  name: 'messaging_services',
  description:
    '[Messaging Services](https://www.twilio.com/docs/messaging/api/service-resource) (`messaging.twilio.com/v1/Services`); region us1',
  api: 'messaging',
  path: () => '/v1/Services',
  itemsKey: 'services',
  schema: messagingServiceSchema,
  primaryKey: ['sid'],
  scope: 'credentials',
});

export interface MessagingServiceContext extends AccountContext {
  readonly serviceSid: string;
}

/** Where a Messaging Service's own lists live: below the service. */
export const inMessagingService = childOf({
  stream: messagingServices,
  context: (service, { accountSid }): MessagingServiceContext => ({ accountSid, serviceSid: service.sid }),
});
