/** `Participants.json` of a conference: its live participants only (reference §3.1). */
import type { ConferenceView, ParticipantView } from '../dataset.js';
import { booleanEqualTo } from '../filters.js';
import type { Resource } from '../resource.js';
import { conferences } from './conferences.js';

export const participants: Resource<ParticipantView, ConferenceView> = {
  kind: 'participants',
  path: '/2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants.json',
  itemsKey: 'participants',
  paging: '2010',
  maxPageSize: 1000,
  parent: conferences,
  rows: ({ dataset, parent }) => dataset.participants(parent.list.accountSid, parent.list.sidAt(parent.index)),
  parentIsLive: ({ list, index }) => list.statusAt(index) !== 'completed',
  filters: [
    booleanEqualTo('Muted', (list, index) => list.mutedAt(index)),
    booleanEqualTo('Hold', (list, index) => list.holdAt(index)),
    booleanEqualTo('Coaching', (list, index) => list.coachingAt(index)),
  ],
};
