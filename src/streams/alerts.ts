import * as z from 'zod';
import { defineStream, twilioDateTime } from './definition.js';

/** Twilio keeps alerts for 30 days and refuses queries older than that (reference §5). */
const ALERT_RETENTION_DAYS = 30;
const ALERT_FILTER = { format: 'iso', after: 'StartDate', before: 'EndDate' } as const;

export const alertSchema = z.object({
  sid: z.string(),
  account_sid: z.string().nullable(),
  alert_text: z.string().nullable(),
  api_version: z.string().nullable(),
  date_created: twilioDateTime(),
  date_generated: twilioDateTime(),
  date_updated: twilioDateTime(),
  // A Twilio error code, numeric but sent as a string.
  error_code: z.string().nullable(),
  log_level: z.string().nullable(),
  more_info: z.string().nullable(),
  request_method: z.enum(['GET', 'POST']).nullable(),
  request_url: z.string().nullable(),
  // Any SID: the call, message or other resource the alert is about.
  resource_sid: z.string().nullable(),
  service_sid: z.string().nullable(),
  url: z.string().nullable(),
});

/** Debugger alerts of the credentials' account (Monitor API), by the instant Twilio generated them. */
export const alerts = defineStream({
  name: 'alerts',
  description:
    '[Alerts](https://www.twilio.com/docs/usage/monitor-alert) (`monitor.twilio.com/v1/Alerts`): the debugger\'s alerts of the last 30 days',
  api: 'monitor',
  path: () => '/v1/Alerts',
  itemsKey: 'alerts',
  schema: alertSchema,
  primaryKey: ['sid'],
  incremental: { cursorField: 'date_generated', filter: ALERT_FILTER },
  retentionDays: ALERT_RETENTION_DAYS,
  // A full refresh asks from the start date, never before what Twilio keeps (older would be refused).
  startFilter: ALERT_FILTER,
  scope: 'credentials',
});
