import * as z from 'zod';
import { conferences } from './conferences.js';
import { childOf, defineStream, twilioDateTime, type AccountContext } from './definition.js';
import { openEnum } from './fields.js';

export const participantSchema = z.object({
  account_sid: z.string().nullable(),
  call_sid: z.string().nullable(),
  label: z.string().nullable(),
  conference_sid: z.string().nullable(),
  date_created: twilioDateTime(),
  date_updated: twilioDateTime(),
  end_conference_on_exit: z.boolean().nullable(),
  muted: z.boolean().nullable(),
  hold: z.boolean().nullable(),
  // Null before Twilio's 2019-09 fix, so null stays valid.
  status: openEnum(['queued', 'connecting', 'ringing', 'connected', 'complete', 'failed']),
  start_conference_on_enter: z.boolean().nullable(),
  coaching: z.boolean().nullable(),
  call_sid_to_coach: z.string().nullable(),
  // Milliseconds as a string, and only in the answer that creates a participant: null in lists.
  queue_time: z.string().nullable(),
  uri: z.string(),
});
export type Participant = z.infer<typeof participantSchema>;

interface ConferenceContext extends AccountContext {
  readonly conferenceSid: string;
}

/**
 * Twilio lists participants only while their conference is not completed, so the fan-out asks for init conferences
 * and then in-progress ones (in that order, so one that starts in between is still seen) and never for completed
 * ones. `start_date` does not apply: a conference created before it can still be live.
 */
export const conferenceParticipants = defineStream({
  name: 'conference_participants',
  description:
    '[Conference participants](https://www.twilio.com/docs/voice/api/conference-participant-resource) of every conference that is live (`init` or `in-progress`) at sync time',
  api: 'api',
  path: ({ accountSid, conferenceSid }: ConferenceContext) =>
    `/2010-04-01/Accounts/${accountSid}/Conferences/${encodeURIComponent(conferenceSid)}/Participants.json`,
  itemsKey: 'participants',
  schema: participantSchema,
  primaryKey: ['uri'],
  parent: childOf({
    stream: conferences,
    queries: [{ Status: 'init' }, { Status: 'in-progress' }],
    context: (conference, { accountSid }): ConferenceContext => ({ accountSid, conferenceSid: conference.sid }),
  }),
  notFoundIsEmpty: true,
});
