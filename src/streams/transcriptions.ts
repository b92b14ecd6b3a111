import * as z from 'zod';
import { defineStream, twilioDateTime } from './definition.js';
import { accountList, openEnum, pii, price } from './fields.js';

export const transcriptionSchema = z.object({
  account_sid: z.string().nullable(),
  api_version: z.string().nullable(),
  date_created: twilioDateTime(),
  date_updated: twilioDateTime(),
  duration: z.string().nullable().describe('Seconds, as a string.'),
  price: price(),
  price_unit: z.string().nullable(),
  recording_sid: z.string().nullable(),
  sid: z.string(),
  status: openEnum(['in-progress', 'completed', 'failed']),
  transcription_text: pii(z.string().nullable(), 'the text of the recorded speech.'),
  type: z.string().nullable(),
  uri: z.string().nullable(),
});

export const transcriptions = defineStream({
  name: 'transcriptions',
  description:
    '[Transcriptions](https://www.twilio.com/docs/voice/api/recording-transcription) of recordings',
  api: 'api',
  path: accountList('Transcriptions.json'),
  itemsKey: 'transcriptions',
  schema: transcriptionSchema,
  primaryKey: ['sid'],
});
