import { addresses } from './addresses.js';
import { applications } from './applications.js';
import {
  availablePhoneNumberCountries,
  availablePhoneNumbersLocal,
  availablePhoneNumbersMobile,
  availablePhoneNumbersTollFree,
} from './available-phone-numbers.js';
import { calls } from './calls.js';
import { conferenceParticipants } from './conference-participants.js';
import { conferences } from './conferences.js';
import type { StreamDefinition } from './definition.js';
import { dependentPhoneNumbers } from './dependent-phone-numbers.js';
import { incomingPhoneNumbers } from './incoming-phone-numbers.js';
import { keys } from './keys.js';
import { messageMedia } from './message-media.js';
import { messages } from './messages.js';
import { outgoingCallerIds } from './outgoing-caller-ids.js';
import { queues } from './queues.js';
import { recordings } from './recordings.js';
import { transcriptions } from './transcriptions.js';
import { usageRecords } from './usage-records.js';
import { usageTriggers } from './usage-triggers.js';

/** Every stream the source offers, in the order of the catalog. */
export const STREAMS: readonly StreamDefinition[] = [
  conferences,
  conferenceParticipants,
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
  keys,
  outgoingCallerIds,
  queues,
  transcriptions,
  usageTriggers,
  incomingPhoneNumbers,
];
