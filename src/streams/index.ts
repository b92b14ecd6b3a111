import { conferenceParticipants } from './conference-participants.js';
import { conferences } from './conferences.js';
import type { StreamDefinition } from './definition.js';

/** Every stream the source offers, in the order of the catalog. */
export const STREAMS: readonly StreamDefinition[] = [conferences, conferenceParticipants];
