import * as z from 'zod';
import { defineStream, isoDateTime } from './definition.js';
import { integer, nestedObject, openEnum, pii, TWILIO_PII } from './fields.js';
import { inWorkspace, workspaceList } from './workspaces.js';

export const taskSchema = z.object({
  sid: z.string(),
  account_sid: z.string().nullable(),
  workspace_sid: z.string().nullable(),
  assignment_status: openEnum(['pending', 'reserved', 'assigned', 'canceled', 'completed', 'wrapping']),
  // JSON text: what the task is about (the caller, the channel, the customer's data).
  attributes: pii(z.string().nullable(), TWILIO_PII.sensitive),
  addons: z.string().nullable(),
  age: integer().describe('Seconds since the task was created.'),
  priority: integer(),
  reason: z.string().nullable(),
  timeout: integer(),
  task_queue_sid: z.string().nullable(),
  task_queue_friendly_name: pii(z.string().nullable()),
  task_queue_entered_date: isoDateTime(),
  task_channel_sid: z.string().nullable(),
  task_channel_unique_name: z.string().nullable(),
  workflow_sid: z.string().nullable(),
  workflow_friendly_name: pii(z.string().nullable()),
  virtual_start_time: isoDateTime(),
  ignore_capacity: z.boolean().nullable(),
  routing_target: z.string().nullable(),
  date_created: isoDateTime(),
  date_updated: isoDateTime(),
  url: z.string().nullable(),
  links: nestedObject(),
});

/**
 * The tasks of every workspace that exist at sync time. Twilio deletes a task about five minutes after it is completed
 * or canceled, so this is what is live now; `taskrouter_events` is the history.
 */
export const tasks = defineStream({
  name: 'tasks',
  description:
    '[Tasks](https://www.twilio.com/docs/taskrouter/api/task) of every TaskRouter workspace that exist at sync time: Twilio deletes a task about five minutes after it is completed or canceled, so their history is in `taskrouter_events`',
  api: 'taskrouter',
  path: workspaceList('Tasks'),
  itemsKey: 'tasks',
  schema: taskSchema,
  primaryKey: ['sid'],
  parent: inWorkspace,
  notFoundIsEmpty: true,
  scope: 'credentials',
});
