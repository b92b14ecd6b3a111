import * as z from 'zod';
import { defineStream, twilioDateTime } from './definition.js';
import { accountList, nestedObject, openEnum, pii, price } from './fields.js';

/** Twilio's call resource, every field of its OpenAPI description. */
export const callSchema = z.object({
  sid: z.string(),
  date_created: twilioDateTime(),
  date_updated: twilioDateTime(),
  parent_call_sid: z.string().nullable(),
  account_sid: z.string().nullable(),
  to: pii(z.string().nullable(), 'the called phone number, SIP address or client identifier.'),
  to_formatted: pii(z.string().nullable(), 'the called phone number, formatted for display.'),
  from: pii(z.string().nullable(), 'the calling phone number, SIP address or client identifier.'),
  from_formatted: pii(z.string().nullable(), 'the calling phone number, formatted for display.'),
  phone_number_sid: z.string().nullable(),
  status: openEnum(['queued', 'ringing', 'in-progress', 'completed', 'busy', 'failed', 'no-answer', 'canceled']),
  start_time: twilioDateTime(),
  end_time: twilioDateTime().describe('When the call ended; null while it is in progress. The cursor.'),
  duration: z.string().nullable().describe('Seconds, as a string.'),
  price: price(),
  price_unit: z.string().nullable(),
  direction: openEnum(['inbound', 'outbound-api', 'outbound-dial', 'trunking-terminating', 'trunking-originating']),
  answered_by: z.string().nullable(),
  api_version: z.string().nullable(),
  forwarded_from: pii(z.string().nullable(), 'the phone number that forwarded the call.'),
  group_sid: z.string().nullable(),
  caller_name: pii(z.string().nullable(), "the caller's name (CNAM lookup)."),
  queue_time: z.string().nullable().describe('Milliseconds, as a string.'),
  trunk_sid: z.string().nullable(),
  uri: z.string().nullable(),
  subresource_uris: nestedObject(),
});

/**
 * A call is read once it has ended, in the window of its `end_time`; its price comes later, which the lookback covers.
 * A call in progress has no `end_time`: it is read by the sync after it ends.
 */
export const calls = defineStream({
  name: 'calls',
  description:
    '[Calls](https://www.twilio.com/docs/voice/api/call-resource) that have ended; a call in progress has no `end_time` and is read by the sync after it ends',
  api: 'api',
  path: accountList('Calls.json'),
  itemsKey: 'calls',
  schema: callSchema,
  primaryKey: ['sid'],
  incremental: { cursorField: 'end_time', filter: { format: 'day', field: 'EndTime' } },
  // A full refresh asks for the calls started on or after the start date, those in progress included.
  startFilter: { format: 'day', field: 'StartTime' },
});
