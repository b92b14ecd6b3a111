import { accounts } from './accounts.js';
import { alerts } from './alerts.js';
import { conferenceParticipantSummaries } from './conference-participant-summaries.js';
import { conferenceParticipants } from './conference-participants.js';
import { conferenceSummaries } from './conference-summaries.js';
import { conferences } from './conferences.js';
import { conversationMessages } from './conversation-messages.js';
import { conversationParticipants } from './conversation-participants.js';
import { conversations } from './conversations.js';
import type { StreamDefinition } from './definition.js';
import { executions } from './executions.js';
import { flows } from './flows.js';
import { incomingPhoneNumbers } from './incoming-phone-numbers.js';
import { roles } from './roles.js';
import { services } from './services.js';
import { steps } from './steps.js';
import { trunks } from './trunks.js';
import { userConversations } from './user-conversations.js';
import { users } from './users.js';

/** Every stream the source offers, in the order of the catalog. */
export const STREAMS: readonly StreamDefinition[] = [
  accounts,
  conferences,
  conferenceParticipants,
  conferenceSummaries,
  conferenceParticipantSummaries,
  incomingPhoneNumbers,
  // Twilio's product APIs, read for the credentials' account alone.
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
