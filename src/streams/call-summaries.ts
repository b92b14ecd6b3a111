import * as z from 'zod';
import { defineStream, isoDateTime } from './definition.js';
import { integer, nestedObject, openEnum, pii } from './fields.js';

const START_TIME = { format: 'iso', after: 'StartTime', before: 'EndTime' } as const;
/**
 * A summary is listed only after its call has ended (partial within 10 minutes), and a call lasts at most 4 hours
 * unless its `TimeLimit` says more: the cursor stays that long behind Twilio's now, so a call in progress at a sync is
 * read by a later one.
 */
const CALL_SETTLE_MINUTES = 4 * 60 + 30;

export const callSummarySchema = z
  .object({
    call_sid: z.string(),
    account_sid: z.string().nullable(),
    call_type: openEnum(['carrier', 'sip', 'trunking', 'client', 'whatsapp']),
    call_state: openEnum(['ringing', 'completed', 'busy', 'fail', 'noanswer', 'canceled', 'answered', 'undialed']),
    answered_by: openEnum(['unknown', 'machine_start', 'machine_end_beep', 'machine_end_silence', 'machine_end_other', 'human', 'fax']),
    processing_state: openEnum(['complete', 'partial']).describe(
      'partial until Twilio has assembled the summary, about 30 minutes after the call ends; the row is final once complete. Twilio may add other values, passed on as sent.',
    ),
    created_time: isoDateTime(),
    start_time: isoDateTime(),
    end_time: isoDateTime(),
    duration: integer().describe('Seconds.'),
    connect_duration: integer().describe('Seconds from the answer to the end.'),
    from: pii(nestedObject(), 'the calling party: its number or client, carrier, country and location.'),
    to: pii(nestedObject(), 'the called party: its number or client, carrier, country and location.'),
    carrier_edge: nestedObject(),
    client_edge: pii(nestedObject(), "the Voice SDK edge's metrics and properties, the caller's public IP address among them."),
    sdk_edge: pii(nestedObject(), "the SDK's metrics and properties, the device's IP address and location among them."),
    sip_edge: pii(nestedObject(), "the SIP edge's metrics and properties, the SIP endpoint's IP address among them."),
    tags: z.array(z.string()).nullable().describe('Quality conditions Voice Insights found, e.g. high_jitter, silence, high_pdd.'),
    attributes: nestedObject(),
    properties: nestedObject(),
    trust: nestedObject(),
    annotation: nestedObject(),
    url: z.string().nullable(),
  })
  .describe(
    'Voice Insights call summaries of the last 30 days (needs Voice Insights Advanced Features). A summary is partial until Twilio has assembled it; an incremental sync reads it again until it is complete.',
  );

/**
 * One row per call with its quality, carrier and tags, from Voice Insights. Each account in scope is read with its own
 * cursor, a subaccount through the `Subaccount` filter with the parent's credentials, as the conference summaries are.
 * Twilio answers the last four hours alone unless asked for a `StartTime`, so every read sends one.
 */
export const callSummaries = defineStream({
  name: 'call_summaries',
  description:
    '[Voice Insights call summaries](https://www.twilio.com/docs/voice/voice-insights/api/call/call-summaries-resource) of the last 30 days, one per call with its quality, carrier and tags; host `insights.twilio.com`; needs Advanced Features',
  api: 'insights',
  path: () => '/v1/Voice/Summaries',
  itemsKey: 'call_summaries',
  schema: callSummarySchema,
  primaryKey: ['call_sid'],
  incremental: {
    cursorField: 'start_time',
    filter: START_TIME,
    isFinal: (summary) => summary.processing_state === 'complete',
    settleMinutes: CALL_SETTLE_MINUTES,
  },
  startFilter: START_TIME,
  startRequired: true,
  retentionDays: 30,
  query: ({ accountSid: configured }, { accountSid }) => ({
    ProcessingState: 'all',
    ...(accountSid === configured ? {} : { Subaccount: accountSid }),
  }),
});
