import * as z from 'zod';
import { defineStream, twilioDateTime } from './definition.js';
import { openEnum } from './fields.js';

export const conferenceSchema = z.object({
  sid: z.string(),
  account_sid: z.string().nullable(),
  friendly_name: z.string().nullable(),
  status: openEnum(['init', 'in-progress', 'completed']),
  // Twilio documents us1, us2, ie1, de1, sg1, br1, au1 and jp1 but answers "unknown" too: not an enum.
  region: z.string().nullable(),
  date_created: twilioDateTime(),
  date_updated: twilioDateTime(),
  api_version: z.string().nullable(),
  uri: z.string().nullable(),
  subresource_uris: z.looseObject({ participants: z.string().nullish(), recordings: z.string().nullish() }).nullable(),
  reason_conference_ended: openEnum([
    'conference-ended-via-api',
    'participant-with-end-conference-on-exit-left',
    'participant-with-end-conference-on-exit-kicked',
    'last-participant-kicked',
    'last-participant-left',
  ]),
  call_sid_ending_conference: z.string().nullable(),
});
export type Conference = z.infer<typeof conferenceSchema>;

export const conferences = defineStream({
  name: 'conferences',
  description:
    '[Conferences](https://www.twilio.com/docs/voice/api/conference-resource): every conference of every account in scope',
  api: 'api',
  path: ({ accountSid }) => `/2010-04-01/Accounts/${accountSid}/Conferences.json`,
  itemsKey: 'conferences',
  schema: conferenceSchema,
  primaryKey: ['sid'],
  // A conference changes until it completes, so its last update orders its changes, not its creation.
  incremental: { cursorField: 'date_updated', filter: { format: 'day', field: 'DateUpdated' } },
  // A full refresh from a start date asks for the conferences created from that day on.
  startFilter: { format: 'day', field: 'DateCreated' },
});
