import * as z from 'zod';
import { defineStream, isoDateTime } from './definition.js';
import { openEnum, pii } from './fields.js';

export const MIXER_REGIONS = ['us1', 'us2', 'au1', 'br1', 'ie1', 'jp1', 'sg1', 'de1', 'in1'] as const;
const PROCESSING_STATES = ['complete', 'in_progress', 'timeout'] as const;

export const conferenceSummarySchema = z
  .object({
    conference_sid: z.string(),
    account_sid: z.string().nullable(),
    friendly_name: pii(z.string().nullable(), 'the name the conference was given.'),
    create_time: isoDateTime(),
    start_time: isoDateTime().describe('Null when the conference never started.'),
    end_time: isoDateTime(),
    duration_seconds: z.number().int().nullable(),
    connect_duration_seconds: z.number().int().nullable(),
    status: openEnum(['in_progress', 'not_started', 'completed', 'summary_timeout']),
    max_participants: z.number().int().nullable(),
    max_concurrent_participants: z.number().int().nullable(),
    unique_participants: z.number().int().nullable(),
    end_reason: openEnum([
      'last_participant_left',
      'conference_ended_via_api',
      'participant_with_end_conference_on_exit_left',
      'last_participant_kicked',
      'participant_with_end_conference_on_exit_kicked',
    ]),
    ended_by: z.string().nullable().describe('The SID of the call that ended the conference.'),
    mixer_region: openEnum(MIXER_REGIONS),
    mixer_region_requested: openEnum(MIXER_REGIONS),
    recording_enabled: z.boolean().nullable(),
    detected_issues: z.looseObject({}).nullable().describe('Counts of issues by kind, e.g. {"call_quality": 1}.'),
    tags: z.array(z.string()).nullable().describe('Tags Twilio put on the conference, e.g. low_mos, start_failure.'),
    tag_info: z.looseObject({}).nullable(),
    processing_state: openEnum(PROCESSING_STATES).describe(
      'complete, in_progress or timeout; the row is final once complete or timeout. Twilio may add others, passed on as sent.',
    ),
    url: z.string().nullable(),
    links: z.looseObject({}).nullable(),
  })
  .describe(
    'Voice Insights conference summaries of the last 30 days (needs Voice Insights Advanced Features). A summary changes until its processing_state is complete or timeout; an incremental sync reads it again until then.',
  );

/** A summary, a conference's or a participant's, is final once processed or given up on. */
export const INSIGHTS_FINAL_STATES: ReadonlySet<unknown> = new Set(['complete', 'timeout']);

/**
 * Voice Insights keeps a summary of every conference of the last 30 days. Each account in scope is read with its own
 * cursor: the configured account as itself, a subaccount through Insights' `Subaccount` filter with the parent's
 * credentials.
 */
export const conferenceSummaries = defineStream({
  name: 'conference_summaries',
  description:
    '[Voice Insights conference summaries](https://www.twilio.com/docs/voice/voice-insights/api/conference/conference-summary-resource) of the last 30 days, host `insights.twilio.com`; needs Advanced Features',
  api: 'insights',
  path: () => '/v1/Conferences',
  itemsKey: 'conferences',
  schema: conferenceSummarySchema,
  primaryKey: ['conference_sid'],
  incremental: {
    cursorField: 'create_time',
    filter: { format: 'iso', after: 'CreatedAfter', before: 'CreatedBefore' },
    isFinal: (summary) => INSIGHTS_FINAL_STATES.has(summary.processing_state),
  },
  query: ({ accountSid: configured }, { accountSid }) => (accountSid === configured ? {} : { Subaccount: accountSid }),
  retentionDays: 30,
});
