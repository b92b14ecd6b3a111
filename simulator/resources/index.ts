/**
 * Every resource the simulator serves. A new one is a file beside these (path, items key, paging style, page-size
 * maximum, parent, generated rows, filters) and its entry here.
 */
import type { Resource } from '../resource.js';
import { accounts } from './accounts.js';
import { conferences } from './conferences.js';
import { incomingPhoneNumbers } from './incoming-phone-numbers.js';
import { conferenceSummaries, participantSummaries, voiceSettings } from './insights.js';
import { participants } from './participants.js';

export const RESOURCES: readonly Resource[] = [
  accounts,
  conferences,
  participants,
  incomingPhoneNumbers,
  conferenceSummaries,
  participantSummaries,
  voiceSettings,
];
