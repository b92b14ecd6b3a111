import { accounts } from './accounts.js';
import { conferenceParticipantSummaries } from './conference-participant-summaries.js';
import { conferenceParticipants } from './conference-participants.js';
import { conferenceSummaries } from './conference-summaries.js';
import { conferences } from './conferences.js';
import type { StreamDefinition } from './definition.js';
import { incomingPhoneNumbers } from './incoming-phone-numbers.js';

/** Every stream the source offers, in the order of the catalog. */
export const STREAMS: readonly StreamDefinition[] = [
  accounts,
  conferences,
  conferenceParticipants,
  conferenceSummaries,
  conferenceParticipantSummaries,
  incomingPhoneNumbers,
];
