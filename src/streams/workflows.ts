import * as z from 'zod';
import { defineStream, isoDateTime } from './definition.js';
import { integer, nestedObject, pii } from './fields.js';
import { inWorkspace, workspaceList } from './workspaces.js';

export const workflowSchema = z.object({
  sid: z.string(),
  account_sid: z.string().nullable(),
  workspace_sid: z.string().nullable(),
  friendly_name: pii(z.string().nullable()),
  configuration: z.string().nullable().describe('The routing rules, as JSON text.'),
  document_content_type: z.string().nullable(),
  task_reservation_timeout: integer(),
  assignment_callback_url: z.string().nullable(),
  fallback_assignment_callback_url: z.string().nullable(),
  date_created: isoDateTime(),
  date_updated: isoDateTime(),
  url: z.string().nullable(),
  links: nestedObject(),
});

/** The workflows of every workspace: the rules that route each task to a queue. */
export const workflows = defineStream({
  name: 'workflows',
  description:
    '[Workflows](https://www.twilio.com/docs/taskrouter/api/workflow) of every TaskRouter workspace: the rules that route tasks to queues',
  api: 'taskrouter',
  path: workspaceList('Workflows'),
  itemsKey: 'workflows',
  schema: workflowSchema,
  primaryKey: ['sid'],
  parent: inWorkspace,
  notFoundIsEmpty: true,
  scope: 'credentials',
});
