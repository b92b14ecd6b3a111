import { accounts } from './accounts.js';
import { conferenceParticipants } from './conference-participants.js';
import { conferences } from './conferences.js';
import type { StreamDefinition } from './definition.js';
import { incomingPhoneNumbers } from './incoming-phone-numbers.js';

/** Every stream the source offers, in the order of the catalog. */
export const STREAMS: readonly StreamDefinition[] = [accounts, conferences, conferenceParticipants, incomingPhoneNumbers];
