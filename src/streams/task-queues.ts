import * as z from 'zod';
import { defineStream, isoDateTime } from './definition.js';
import { integer, nestedObject, openEnum, pii } from './fields.js';
import { inWorkspace, workspaceList } from './workspaces.js';

export const taskQueueSchema = z.object({
  sid: z.string(),
  account_sid: z.string().nullable(),
  workspace_sid: z.string().nullable(),
  friendly_name: pii(z.string().nullable()),
  target_workers: z.string().nullable().describe('The expression that picks the workers of the queue, e.g. `languages HAS "es"`.'),
  task_order: openEnum(['FIFO', 'LIFO']),
  max_reserved_workers: integer(),
  assignment_activity_sid: z.string().nullable(),
  assignment_activity_name: z.string().nullable(),
  reservation_activity_sid: z.string().nullable(),
  reservation_activity_name: z.string().nullable(),
  date_created: isoDateTime(),
  date_updated: isoDateTime(),
  url: z.string().nullable(),
  links: nestedObject(),
});

/** The task queues of every workspace: where tasks wait for a worker. */
export const taskQueues = defineStream({
  name: 'task_queues',
  description:
    '[Task queues](https://www.twilio.com/docs/taskrouter/api/task-queue) of every TaskRouter workspace: where tasks wait for a worker',
  api: 'taskrouter',
  path: workspaceList('TaskQueues'),
  itemsKey: 'task_queues',
  schema: taskQueueSchema,
  primaryKey: ['sid'],
  parent: inWorkspace,
  notFoundIsEmpty: true,
  scope: 'credentials',
});
