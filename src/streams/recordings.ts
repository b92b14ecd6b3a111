import * as z from 'zod';
import { defineStream, twilioDateTime } from './definition.js';
import { accountList, nestedObject, openEnum, price } from './fields.js';

/** Twilio's recording resource, every field of its OpenAPI description. */
export const recordingSchema = z.object({
  account_sid: z.string().nullable(),
  api_version: z.string().nullable(),
  call_sid: z.string().nullable(),
  conference_sid: z.string().nullable(),
  date_created: twilioDateTime().describe('When the recording was created. The cursor.'),
  date_updated: twilioDateTime(),
  start_time: twilioDateTime(),
  duration: z.string().nullable().describe('Seconds, as a string.'),
  sid: z.string(),
  price: price(),
  price_unit: z.string().nullable(),
  status: openEnum(['in-progress', 'paused', 'stopped', 'processing', 'completed', 'absent', 'deleted']),
  channels: z.number().int().nullable(),
  source: openEnum([
    'DialVerb', 'Conference', 'OutboundAPI', 'Trunking', 'RecordVerb', 'StartCallRecordingAPI', 'StartConferenceRecordingAPI',
  ]),
  error_code: z.number().int().nullable(),
  uri: z.string().nullable(),
  encryption_details: nestedObject(),
  subresource_uris: nestedObject(),
  media_url: z.string().nullable(),
});

/** A recording's status goes from processing to completed and its price comes later: the lookback covers both. */
export const recordings = defineStream({
  name: 'recordings',
  description:
    '[Recordings](https://www.twilio.com/docs/voice/api/recording) of calls and conferences',
  api: 'api',
  path: accountList('Recordings.json'),
  itemsKey: 'recordings',
  schema: recordingSchema,
  primaryKey: ['sid'],
  incremental: { cursorField: 'date_created', filter: { format: 'day', field: 'DateCreated' } },
  startFilter: { format: 'day', field: 'DateCreated' },
});
