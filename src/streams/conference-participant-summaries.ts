import * as z from 'zod';
import { conferenceSummaries, INSIGHTS_FINAL_STATES, MIXER_REGIONS } from './conference-summaries.js';
import { childOf, defineStream, isoDateTime, type AccountContext } from './definition.js';
import { openEnum, pii } from './fields.js';


export const participantSummarySchema = z
  .object({
    participant_sid: z.string(),
    label: pii(z.string().nullable(), 'the label the participant was given.'),
    conference_sid: z.string().nullable(),
    call_sid: z.string().nullable().describe('The call, the same as in the calls and conference_participants streams.'),
    account_sid: z.string().nullable(),
    call_direction: openEnum(['inbound', 'outbound']),
    from: pii(z.string().nullable(), 'the caller (a phone number, client or SIP address).'),
    to: pii(z.string().nullable(), 'the called party (a phone number, client or SIP address).'),
    call_status: openEnum(['answered', 'completed', 'busy', 'fail', 'noanswer', 'ringing', 'canceled']),
    country_code: z.string().nullable().describe('ISO 3166-1 alpha-2.'),
    is_moderator: z.boolean().nullable(),
    join_time: isoDateTime(),
    leave_time: isoDateTime().describe('Null while the participant is in the conference.'),
    duration_seconds: z.number().int().nullable(),
    outbound_queue_length: z.number().int().nullable(),
    outbound_time_in_queue: z.number().int().nullable(),
    jitter_buffer_size: openEnum(['large', 'small', 'medium', 'off']),
    is_coach: z.boolean().nullable(),
    coached_participants: z.array(z.string()).nullable(),
    participant_region: openEnum(MIXER_REGIONS),
    conference_region: openEnum(MIXER_REGIONS),
    call_type: openEnum(['carrier', 'client', 'sip']),
    processing_state: openEnum(['complete', 'in_progress', 'timeout']).describe(
      'complete, in_progress or timeout; the row is final once complete or timeout. Twilio may add others, passed on as sent.',
    ),
    properties: z.looseObject({}).nullable().describe('Settings of the participant, e.g. start_conference_on_enter.'),
    events: z
      .looseObject({})
      .nullable()
      .describe('Event name to the times it happened, in epoch milliseconds exactly as Twilio sends them (not ISO 8601), e.g. {"mute": [1633705131000]}.'),
    metrics: z.looseObject({}).nullable().describe('Call quality by direction: packets lost and received, jitter, latency, MOS.'),
    url: z.string().nullable(),
  })
  .describe(
    'Who was in every conference of the last 30 days, from Voice Insights (needs Advanced Features): one row per participant, read again with its conference until both are final.',
  );

interface SummaryContext extends AccountContext {
  readonly conferenceSid: string;
}

/**
 * The participants of each conference summary. Read incrementally under the conference summaries' windows: a
 * conference's participants are read whenever its summary is, so each participant's last row is its final one.
 */
export const conferenceParticipantSummaries = defineStream({
  name: 'conference_participant_summaries',
  description:
    '[Voice Insights participant summaries](https://www.twilio.com/docs/voice/voice-insights/api/conference/conference-participant-summary-resource): who was in every conference above, with join and leave times and call quality',
  api: 'insights',
  path: ({ conferenceSid }: SummaryContext) => `/v1/Conferences/${encodeURIComponent(conferenceSid)}/Participants`,
  itemsKey: 'participants',
  schema: participantSummarySchema,
  primaryKey: ['participant_sid'],
  incremental: {
    cursorField: 'join_time',
    isFinal: (participant) => INSIGHTS_FINAL_STATES.has(participant.processing_state),
  },
  parent: childOf({
    stream: conferenceSummaries,
    context: (summary, { accountSid }): SummaryContext => ({ accountSid, conferenceSid: summary.conference_sid }),
  }),
  notFoundIsEmpty: true,
});
