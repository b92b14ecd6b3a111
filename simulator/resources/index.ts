/**
 * Every resource the simulator serves. A new one is a file beside these (path, items key, paging style, page-size
 * maximum, parent, generated rows, filters) and its entry here.
 */
import type { Resource } from '../resource.js';
import { applications, keys, outgoingCallerIds, queues, transcriptions, usageTriggers } from './account-resources.js';
import { accounts } from './accounts.js';
import { addresses, dependentPhoneNumbers } from './addresses.js';
import { availableLocal, availableMobile, availableTollFree, countries } from './available-phone-numbers.js';
import { calls } from './calls.js';
import { conferences } from './conferences.js';
import { conversationMessages, conversationParticipants, conversations, roles, services, userConversations, users } from './conversations.js';
import { incomingPhoneNumbers } from './incoming-phone-numbers.js';
import { conferenceSummaries, participantSummaries, voiceSettings } from './insights.js';
import { media } from './media.js';
import { messages } from './messages.js';
import { alerts } from './monitor.js';
import { participants } from './participants.js';
import { recordings } from './recordings.js';
import { executions, flows, steps } from './studio.js';
import { trunks } from './trunking.js';
import { usageRecords } from './usage-records.js';

export const RESOURCES: readonly Resource[] = [
  accounts,
  conferences,
  participants,
  calls,
  messages,
  media,
  recordings,
  usageRecords,
  addresses,
  dependentPhoneNumbers,
  applications,
  countries,
  availableLocal,
  availableMobile,
  availableTollFree,
  keys,
  outgoingCallerIds,
  queues,
  transcriptions,
  usageTriggers,
  incomingPhoneNumbers,
  conferenceSummaries,
  participantSummaries,
  voiceSettings,
  // The v1 product APIs, on the same loopback server: their paths do not overlap the 2010 API's.
  alerts,
  conversations,
  conversationParticipants,
  conversationMessages,
  users,
  userConversations,
  services,
  roles,
  flows,
  executions,
  steps,
  trunks,
];
