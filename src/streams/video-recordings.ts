import * as z from 'zod';
import { defineStream, isoDateTime } from './definition.js';
import { CREATED_AFTER_BEFORE, integer, method, nestedObject, openEnum, pii } from './fields.js';


export const videoRecordingSchema = z.object({
  sid: z.string(),
  account_sid: z.string().nullable(),
  source_sid: z.string().nullable().describe('The SID of the track recorded.'),
  grouping_sids: z.looseObject({}).nullable().describe('The room and participant of the track: {"room_sid": …, "participant_sid": …}.'),
  track_name: pii(z.string().nullable(), 'the name the application gave the track.'),
  status: openEnum(['processing', 'completed', 'deleted', 'failed']),
  type: openEnum(['audio', 'video', 'data']),
  codec: openEnum(['VP8', 'H264', 'OPUS', 'PCMU']),
  container_format: openEnum(['mka', 'mkv']),
  duration: integer().describe('Seconds.'),
  size: integer().describe('Bytes.'),
  offset: integer().describe('Milliseconds from the room\'s start to the track\'s.'),
  media_external_location: z.string().nullable(),
  status_callback: z.string().nullable(),
  status_callback_method: method('status_callback'),
  date_created: isoDateTime(),
  url: z.string().nullable(),
  links: nestedObject(),
});

/** The track recordings of the credentials' account's video rooms, by creation. */
export const videoRecordings = defineStream({
  name: 'video_recordings',
  description:
    '[Video recordings](https://www.twilio.com/docs/video/api/recordings-resource) (`video.twilio.com/v1/Recordings`): one per recorded track of every room, read again while it is still processing; region us1 only',
  api: 'video',
  path: () => '/v1/Recordings',
  itemsKey: 'recordings',
  // Twilio's maximum for this list: a larger PageSize is a 400.
  pageSize: 100,
  schema: videoRecordingSchema,
  primaryKey: ['sid'],
  // A track is `processing` while it is recorded: read again until its size and duration are known.
  incremental: { cursorField: 'date_created', filter: CREATED_AFTER_BEFORE, isFinal: (recording) => recording.status !== 'processing' },
  startFilter: CREATED_AFTER_BEFORE,
  scope: 'credentials',
});
