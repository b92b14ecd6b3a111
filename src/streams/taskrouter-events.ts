import * as z from 'zod';
import { defineStream, isoDateTime } from './definition.js';
import { pii, TWILIO_PII } from './fields.js';
import { inWorkspace, workspaceList } from './workspaces.js';

/** "Events are stored for 30 days"; without `StartDate` the list gives only the last 15 minutes. */
const EVENT_RETENTION_DAYS = 30;
const EVENT_DATE = { format: 'iso', after: 'StartDate', before: 'EndDate' } as const;

export const taskrouterEventSchema = z.object({
  sid: z.string(),
  account_sid: z.string().nullable(),
  workspace_sid: z.string().nullable(),
  event_type: z.string().nullable().describe('e.g. task.created, reservation.accepted, worker.activity.update.'),
  event_date: isoDateTime(),
  event_date_ms: z.number().int().nullable().describe('event_date in milliseconds since the epoch.'),
  description: pii(z.string().nullable(), 'a sentence about the event, which names the worker (e.g. "Worker Ana updated to Idle Activity").'),
  resource_type: z.string().nullable(),
  resource_sid: z.string().nullable(),
  resource_url: z.string().nullable(),
  actor_type: z.string().nullable(),
  actor_sid: z.string().nullable(),
  actor_url: z.string().nullable(),
  // The task's or worker's state at the event, attributes included (Twilio redacts them after 30 days).
  event_data: pii(z.looseObject({}).nullable(), TWILIO_PII.sensitive),
  source: z.string().nullable(),
  source_ip_address: pii(z.string().nullable()),
  url: z.string().nullable(),
});

/** Every task, reservation and worker change of every workspace, by `event_date`, for the 30 days Twilio keeps. */
export const taskrouterEvents = defineStream({
  name: 'taskrouter_events',
  description:
    '[Events](https://www.twilio.com/docs/taskrouter/api/event) of every TaskRouter workspace: the history of every task, reservation and worker change; Twilio keeps 30 days of them',
  api: 'taskrouter',
  path: workspaceList('Events'),
  itemsKey: 'events',
  schema: taskrouterEventSchema,
  primaryKey: ['sid'],
  incremental: { cursorField: 'event_date', filter: EVENT_DATE },
  // Always asked with a StartDate: without one Twilio answers the last 15 minutes alone.
  startFilter: EVENT_DATE,
  startRequired: true,
  retentionDays: EVENT_RETENTION_DAYS,
  parent: inWorkspace,
  notFoundIsEmpty: true,
  scope: 'credentials',
});
