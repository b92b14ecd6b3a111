/**
 * Every resource the simulator serves. A new one is a file beside these (path, items key, paging style, page-size
 * maximum, parent, generated rows, filters) and its entry here.
 */
import type { Resource } from '../resource.js';
import { accounts } from './accounts.js';
import { conferences } from './conferences.js';
import { incomingPhoneNumbers } from './incoming-phone-numbers.js';
import { conferenceSummaries, participantSummaries, voiceSettings } from './insights.js';
import { conversationMessages, conversationParticipants, conversations, roles, services, userConversations, users } from './conversations.js';
import { alerts } from './monitor.js';
import { participants } from './participants.js';
import { executions, flows, steps } from './studio.js';
import { trunks } from './trunking.js';

export const RESOURCES: readonly Resource[] = [
  accounts,
  conferences,
  participants,
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
