import * as z from 'zod';
import { childOf, defineStream, isoDateTime, type AccountContext } from './definition.js';
import { CREATED_AFTER_BEFORE, integer, method, nestedObject, openEnum } from './fields.js';


export const roomSchema = z.object({
  sid: z.string(),
  account_sid: z.string().nullable(),
  unique_name: z.string().nullable(),
  status: openEnum(['in-progress', 'completed', 'failed']).describe(
    'in-progress while anyone may join; the row is final once completed or failed. Twilio may add other values, passed on as sent.',
  ),
  type: openEnum(['group', 'go', 'peer-to-peer', 'group-small']),
  date_created: isoDateTime(),
  date_updated: isoDateTime(),
  end_time: isoDateTime(),
  duration: integer().describe('Seconds; null until the room ends.'),
  max_participants: integer(),
  max_participant_duration: integer(),
  max_concurrent_published_tracks: integer(),
  empty_room_timeout: integer(),
  unused_room_timeout: integer(),
  record_participants_on_connect: z.boolean().nullable(),
  enable_turn: z.boolean().nullable(),
  audio_only: z.boolean().nullable(),
  large_room: z.boolean().nullable(),
  video_codecs: z.array(z.string()).nullable(),
  media_region: z.string().nullable(),
  status_callback: z.string().nullable(),
  status_callback_method: method('status_callback'),
  url: z.string().nullable(),
  links: nestedObject(),
});

export const IN_PROGRESS = 'in-progress';
/** Twilio lists only the rooms in progress unless asked for another status: each status is asked, the live first. */
const ROOM_STATUSES = [IN_PROGRESS, 'completed', 'failed'] as const;

/** Video rooms of the credentials' account, by creation; a room in progress is read again until it has ended. */
export const rooms = defineStream({
  name: 'rooms',
  description:
    '[Video rooms](https://www.twilio.com/docs/video/api/rooms-resource) (`video.twilio.com/v1/Rooms`) of every status; a room in progress is read again by each incremental sync until it has ended; region us1 only',
  api: 'video',
  path: () => '/v1/Rooms',
  itemsKey: 'rooms',
  schema: roomSchema,
  primaryKey: ['sid'],
  incremental: { cursorField: 'date_created', filter: CREATED_AFTER_BEFORE, isFinal: (room) => room.status !== IN_PROGRESS },
  startFilter: CREATED_AFTER_BEFORE,
  // A room that ends between the lists is in both (twice, never lost): the live ones are asked first.
  queries: () => ROOM_STATUSES.map((status) => ({ Status: status })),
  scope: 'credentials',
});

export interface RoomContext extends AccountContext {
  readonly roomSid: string;
  /** The room's status when it was listed: what its lists answer depends on it. */
  readonly roomStatus: string;
}

/** Where a room's own lists live: below the room. */
export const inRoom = childOf({
  stream: rooms,
  context: (room, { accountSid }): RoomContext => ({ accountSid, roomSid: room.sid, roomStatus: room.status ?? '' }),
});
