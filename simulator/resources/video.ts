/**
 * Video (`video.twilio.com/v1`): the caller's rooms, each in progress until it ends on the simulator's clock (listed,
 * as Twilio does, only while in progress unless asked for another `Status`), who was in each (of a room in progress,
 * only those connected unless asked), the recorded tracks and the compositions (100 a page at most).
 */
import { hash } from '../hash.js';
import { worldly, type TextMix } from '../text.js';
import { equalTo } from '../filters.js';
import type { Resource, SeededRows } from '../resource.js';
import { createdAfterBefore, epochSecondsOf, instanceBySid, isoDate, pickOf, productRows, v1List, type RowSeed } from './v1-rows.js';

const VIDEO = 'https://video.twilio.com/v1';
const ROOM_TYPES = ['group', 'group-small', 'peer-to-peer', 'go'] as const;
const ROOM_STATUSES = ['in-progress', 'completed', 'failed'] as const;
const PARTICIPANT_STATUSES = ['connected', 'disconnected', 'reconnecting'] as const;
const COMPOSING_SECONDS = 600;

/** A room lasts 20 to 40 minutes from its creation. */
const roomSeconds = (key: number, index: number) => 1200 + (hash(key, index, 3) % 1200);

export const rooms = v1List({
  product: 'video',
  kind: 'rooms',
  path: '/v1/Rooms',
  itemsKey: 'rooms',
  instance: instanceBySid('room', 'RoomSid', 'RM'),
  rows: { sidPrefix: 'RM', count: 3, spacingSeconds: 2 * 3600 },
  row: ({ key, index, sid, created, accountSid }, { now }) => {
    const ends = created + roomSeconds(key, index);
    const live = now.getTime() / 1000 < ends;
    return {
      sid,
      account_sid: accountSid,
      unique_name: `standup-${index}`,
      status: live ? 'in-progress' : 'completed',
      type: pickOf(ROOM_TYPES, hash(key, index, 1)),
      date_created: isoDate(created),
      date_updated: isoDate(live ? created : ends),
      end_time: live ? null : isoDate(ends),
      duration: live ? null : ends - created,
      max_participants: 50,
      max_participant_duration: 14_400,
      max_concurrent_published_tracks: 170,
      empty_room_timeout: 5,
      unused_room_timeout: 5,
      record_participants_on_connect: index === 0,
      enable_turn: true,
      audio_only: false,
      large_room: false,
      video_codecs: ['VP8', 'H264'],
      media_region: 'us1',
      status_callback: null,
      status_callback_method: 'POST',
      url: `${VIDEO}/Rooms/${sid}`,
      links: { participants: `${VIDEO}/Rooms/${sid}/Participants`, recordings: `${VIDEO}/Rooms/${sid}/Recordings` },
    };
  },
  filters: [
    createdAfterBefore(),
    equalTo('Status', (list: SeededRows<{ sid: string; status: string }>, index) => list.at(index).status, ROOM_STATUSES, (list, index) => list.at(index).status === 'in-progress'),
  ],
});

type Room = ReturnType<ReturnType<typeof rooms.rows>['at']>;

/** Who is in a room: the last of several left a minute after joining; everyone leaves when the room ends. */
function participantRow({ key, index, sid, accountSid, parentSid }: RowSeed, room: Room, text: TextMix | undefined) {
  const joined = epochSecondsOf(room.date_created) + 10 + index * 30;
  const roomEnd = room.end_time === null ? undefined : epochSecondsOf(room.end_time);
  const left = roomEnd ?? (index > 0 && index % 2 === 1 ? joined + 60 : undefined);
  return {
    sid,
    account_sid: accountSid,
    room_sid: parentSid,
    identity: worldly(text, `guest-${index}`, hash(key, index, 1)),
    status: left === undefined ? 'connected' : 'disconnected',
    start_time: isoDate(joined),
    end_time: left === undefined ? null : isoDate(left),
    duration: left === undefined ? null : left - joined,
    date_created: isoDate(joined),
    date_updated: isoDate(left ?? joined),
    url: `${VIDEO}/Rooms/${parentSid}/Participants/${sid}`,
    links: { published_tracks: `${VIDEO}/Rooms/${parentSid}/Participants/${sid}/PublishedTracks` },
  };
}

type ParticipantRows = SeededRows<ReturnType<typeof participantRow>> & { readonly roomLive: boolean };

/** "For in-progress Rooms the default Status is connected, for completed Rooms only disconnected Participants are returned." */
export const roomParticipants: Resource<ParticipantRows, ReturnType<typeof rooms.rows>> = {
  product: 'video',
  kind: 'room-participants',
  path: '/v1/Rooms/{RoomSid}/Participants',
  itemsKey: 'participants',
  paging: 'v1',
  maxPageSize: 1000,
  parent: rooms,
  rows: (scope) => {
    const room = scope.parent.list.at(scope.parent.index);
    const rows = productRows(scope, { kind: 'room-participants', sidPrefix: 'PA', count: 2, spacingSeconds: 30 }, (seed) => participantRow(seed, room, scope.dataset.options.text));
    return Object.assign(rows, { roomLive: room.status === 'in-progress' });
  },
  filters: [
    equalTo('Status', (list, index) => list.at(index).status, PARTICIPANT_STATUSES, (list, index) => !list.roomLive || list.at(index).status === 'connected'),
  ],
};

export const videoRecordings = v1List({
  product: 'video',
  kind: 'video-recordings',
  path: '/v1/Recordings',
  itemsKey: 'recordings',
  maxPageSize: 100,
  rows: { sidPrefix: 'RT', count: 4, spacingSeconds: 3600 },
  row: ({ key, index, sid, created, accountSid }, { now }) => {
    const audio = index % 2 === 0;
    const duration = 60 + (hash(key, index, 1) % 1200);
    // Processing while the track is recorded.
    const processing = now.getTime() / 1000 < created + duration;
    return {
      sid,
      account_sid: accountSid,
      source_sid: `${audio ? 'MT' : 'MV'}${sid.slice(2)}`,
      grouping_sids: { room_sid: `RM${sid.slice(2)}`, participant_sid: `PA${sid.slice(2)}` },
      track_name: audio ? 'microphone' : 'camera 📷',
      status: processing ? 'processing' : 'completed',
      type: audio ? 'audio' : 'video',
      codec: audio ? 'OPUS' : 'VP8',
      container_format: audio ? 'mka' : 'mkv',
      duration: processing ? null : duration,
      size: processing ? null : 100_000 + (hash(key, index, 2) % 5_000_000),
      offset: 10_000 + index,
      media_external_location: null,
      status_callback: null,
      status_callback_method: 'POST',
      date_created: isoDate(created),
      url: `${VIDEO}/Recordings/${sid}`,
      links: { media: `${VIDEO}/Recordings/${sid}/Media` },
    };
  },
  filters: [createdAfterBefore()],
});

export const compositions = v1List({
  product: 'video',
  kind: 'compositions',
  path: '/v1/Compositions',
  itemsKey: 'compositions',
  maxPageSize: 100,
  rows: { sidPrefix: 'CJ', count: 2, spacingSeconds: 3 * 3600 },
  row: ({ key, index, sid, created, accountSid }, { now }) => {
    // Enqueued for a minute, then processing for nine.
    const age = now.getTime() / 1000 - created;
    const status = age < 60 ? 'enqueued' : age < COMPOSING_SECONDS ? 'processing' : 'completed';
    return {
      sid,
      account_sid: accountSid,
      room_sid: `RM${sid.slice(2)}`,
      status,
      audio_sources: ['*'],
      audio_sources_excluded: index === 0 ? [] : ['screen'],
      video_layout: { grid: { video_sources: ['*'] } },
      resolution: '1280x720',
      format: index === 0 ? 'mp4' : 'webm',
      trim: true,
      bitrate: 1200,
      duration: 300 + (hash(key, index, 1) % 1800),
      size: 1_000_000 + (hash(key, index, 2) % 50_000_000),
      media_external_location: null,
      status_callback: null,
      status_callback_method: 'POST',
      date_created: isoDate(created),
      date_completed: status === 'completed' ? isoDate(created + COMPOSING_SECONDS) : null,
      date_deleted: null,
      url: `${VIDEO}/Compositions/${sid}`,
      links: { media: `${VIDEO}/Compositions/${sid}/Media` },
    };
  },
  filters: [createdAfterBefore()],
});
