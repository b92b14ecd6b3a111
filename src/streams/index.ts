import { conferenceParticipants } from './conference-participants.js';
import { conferences } from './conferences.js';

/** Every stream the source offers, in the order of the catalog. */
export const STREAMS = [conferences, conferenceParticipants] as const;
