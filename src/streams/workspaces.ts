import * as z from 'zod';
import { childOf, defineStream, isoDateTime, type AccountContext } from './definition.js';
import { nestedObject, openEnum, pii } from './fields.js';

export const workspaceSchema = z.object({
  sid: z.string(),
  account_sid: z.string().nullable(),
  friendly_name: pii(z.string().nullable()),
  default_activity_sid: z.string().nullable(),
  default_activity_name: z.string().nullable(),
  timeout_activity_sid: z.string().nullable(),
  timeout_activity_name: z.string().nullable(),
  event_callback_url: z.string().nullable(),
  events_filter: z.string().nullable().describe('The event types sent to event_callback_url, comma-separated; null for all of them.'),
  multi_task_enabled: z.boolean().nullable(),
  prioritize_queue_order: openEnum(['FIFO', 'LIFO']),
  date_created: isoDateTime(),
  date_updated: isoDateTime(),
  url: z.string().nullable(),
  links: nestedObject(),
});

/** The TaskRouter workspaces of the credentials' account: the contact centre under Twilio Flex. */
export const workspaces = defineStream({
  name: 'workspaces',
  description:
    '[TaskRouter workspaces](https://www.twilio.com/docs/taskrouter/api/workspace) (`taskrouter.twilio.com/v1/Workspaces`), the contact centre under Twilio Flex',
  api: 'taskrouter',
  path: () => '/v1/Workspaces',
  itemsKey: 'workspaces',
  schema: workspaceSchema,
  primaryKey: ['sid'],
  scope: 'credentials',
});

export interface WorkspaceContext extends AccountContext {
  readonly workspaceSid: string;
}

/** Where every TaskRouter list lives: below its workspace. */
export const inWorkspace = childOf({
  stream: workspaces,
  context: (workspace, { accountSid }): WorkspaceContext => ({ accountSid, workspaceSid: workspace.sid }),
});

/** The path of a list of the workspace, e.g. `TaskQueues`. */
export const workspaceList =
  (list: string) =>
  ({ workspaceSid }: WorkspaceContext): string =>
    `/v1/Workspaces/${encodeURIComponent(workspaceSid)}/${list}`;
