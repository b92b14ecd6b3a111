import { accounts } from './accounts.js';
import { addresses } from './addresses.js';
import { alerts } from './alerts.js';
import { applications } from './applications.js';
import {
  availablePhoneNumberCountries,
  availablePhoneNumbersLocal,
  availablePhoneNumbersMobile,
  availablePhoneNumbersTollFree,
} from './available-phone-numbers.js';
import { calls } from './calls.js';
import { conferenceParticipantSummaries } from './conference-participant-summaries.js';
import { conferenceParticipants } from './conference-participants.js';
import { conferenceSummaries } from './conference-summaries.js';
import { conferences } from './conferences.js';
import { conversationMessages } from './conversation-messages.js';
import { conversationParticipants } from './conversation-participants.js';
import { conversations } from './conversations.js';
import type { StreamDefinition } from './definition.js';
import { dependentPhoneNumbers } from './dependent-phone-numbers.js';
import { executions } from './executions.js';
import { flows } from './flows.js';
import { incomingPhoneNumbers } from './incoming-phone-numbers.js';
import { keys } from './keys.js';
import { messageMedia } from './message-media.js';
import { messages } from './messages.js';
import { outgoingCallerIds } from './outgoing-caller-ids.js';
import { queues } from './queues.js';
import { recordings } from './recordings.js';
import { roles } from './roles.js';
import { services } from './services.js';
import { steps } from './steps.js';
import { transcriptions } from './transcriptions.js';
import { trunks } from './trunks.js';
import { usageRecords } from './usage-records.js';
import { usageTriggers } from './usage-triggers.js';
import { userConversations } from './user-conversations.js';
import { users } from './users.js';

/** Every stream the source offers, in the order of the catalog. */
export const STREAMS: readonly StreamDefinition[] = [
  accounts,
  conferences,
  conferenceParticipants,
  conferenceSummaries,
  conferenceParticipantSummaries,
  calls,
  messages,
  messageMedia,
  recordings,
  usageRecords,
  addresses,
  dependentPhoneNumbers,
  applications,
  availablePhoneNumberCountries,
  availablePhoneNumbersLocal,
  availablePhoneNumbersMobile,
  availablePhoneNumbersTollFree,
  incomingPhoneNumbers,
  keys,
  outgoingCallerIds,
  queues,
  transcriptions,
  usageTriggers,
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
