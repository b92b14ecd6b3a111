import * as z from 'zod';
import { defineStream, isoDateTime } from './definition.js';
import { CREATED_AFTER_BEFORE, integer, method, nestedObject, openEnum, pii } from './fields.js';

const PENDING: ReadonlySet<string | null> = new Set(['enqueued', 'processing']);

export const compositionSchema = z.object({
  sid: z.string(),
  account_sid: z.string().nullable(),
  room_sid: z.string().nullable(),
  status: openEnum(['enqueued', 'processing', 'completed', 'deleted', 'failed']),
  audio_sources: pii(z.array(z.string()).nullable(), 'the names of the tracks mixed, which may name the participants.'),
  audio_sources_excluded: pii(z.array(z.string()).nullable(), 'the names of the tracks left out, which may name the participants.'),
  video_layout: pii(z.looseObject({}).nullable(), 'the layout of the video tracks, by their names.'),
  resolution: z.string().nullable().describe('e.g. 640x480.'),
  format: openEnum(['mp4', 'webm']),
  trim: z.boolean().nullable(),
  bitrate: integer().describe('Kilobits a second.'),
  duration: integer().describe('Seconds.'),
  size: integer().describe('Bytes.'),
  media_external_location: z.string().nullable(),
  status_callback: z.string().nullable(),
  status_callback_method: method('status_callback'),
  date_created: isoDateTime(),
  date_completed: isoDateTime(),
  date_deleted: isoDateTime(),
  url: z.string().nullable(),
  links: nestedObject(),
});

/** The compositions (rooms' recordings mixed into one file) of the credentials' account, by creation. */
export const compositions = defineStream({
  name: 'compositions',
  description:
    '[Compositions](https://www.twilio.com/docs/video/api/compositions-resource) (`video.twilio.com/v1/Compositions`): the recordings of a room mixed into one file, read again until it is made; region us1 only',
  api: 'video',
  path: () => '/v1/Compositions',
  itemsKey: 'compositions',
  // Twilio's maximum for this list: a larger PageSize is a 400.
  pageSize: 100,
  schema: compositionSchema,
  primaryKey: ['sid'],
  // Enqueued or processing until the file is made: read again until then.
  incremental: { cursorField: 'date_created', filter: CREATED_AFTER_BEFORE, isFinal: (composition) => !PENDING.has(composition.status) },
  startFilter: CREATED_AFTER_BEFORE,
  scope: 'credentials',
});
