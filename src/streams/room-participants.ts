import * as z from 'zod';
import { defineStream, isoDateTime } from './definition.js';
import { integer, nestedObject, openEnum, pii } from './fields.js';
import { IN_PROGRESS, inRoom, type RoomContext } from './rooms.js';

/**
 * "For in-progress Rooms the default Status is connected, for completed Rooms only disconnected Participants are
 * returned": a live room is asked for each status, an ended one once.
 */
const LIVE_ROOM_STATUSES = ['connected', 'reconnecting', 'disconnected'] as const;

export const roomParticipantSchema = z.object({
  sid: z.string(),
  account_sid: z.string().nullable(),
  room_sid: z.string().nullable(),
  identity: pii(z.string().nullable(), 'the name the application gave the participant.'),
  status: openEnum(['connected', 'disconnected', 'reconnecting']),
  start_time: isoDateTime(),
  end_time: isoDateTime(),
  duration: integer().describe('Seconds; null while connected.'),
  date_created: isoDateTime(),
  date_updated: isoDateTime(),
  url: z.string().nullable(),
  links: nestedObject(),
});

/** Who was in every room: a child of rooms, read with them (a participant joins the room it is in). */
export const roomParticipants = defineStream({
  name: 'room_participants',
  description:
    '[Participants](https://www.twilio.com/docs/video/api/participants) of every video room, read with their rooms (again while the room is in progress)',
  api: 'video',
  path: ({ roomSid }: RoomContext) => `/v1/Rooms/${encodeURIComponent(roomSid)}/Participants`,
  itemsKey: 'participants',
  schema: roomParticipantSchema,
  primaryKey: ['sid'],
  // No filter of its own: read with the rooms of each window.
  incremental: { cursorField: 'date_created' },
  parent: inRoom,
  queries: ({ roomStatus }: RoomContext) => (roomStatus === IN_PROGRESS ? LIVE_ROOM_STATUSES.map((status) => ({ Status: status })) : [{}]),
  notFoundIsEmpty: true,
  scope: 'credentials',
});
