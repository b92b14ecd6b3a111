import * as z from 'zod';
import { defineStream, isoDateTime } from './definition.js';
import { nestedObject } from './fields.js';
import { inWorkspace, workspaceList } from './workspaces.js';

export const activitySchema = z.object({
  sid: z.string(),
  account_sid: z.string().nullable(),
  workspace_sid: z.string().nullable(),
  friendly_name: z.string().nullable(),
  available: z.boolean().nullable().describe('Whether a worker in this activity can be given tasks.'),
  date_created: isoDateTime(),
  date_updated: isoDateTime(),
  url: z.string().nullable(),
  links: nestedObject(),
});

/** The activities (Available, Offline, Break…) a worker of each workspace can be in. */
export const activities = defineStream({
  name: 'activities',
  description:
    '[Activities](https://www.twilio.com/docs/taskrouter/api/activity) of every TaskRouter workspace: the states a worker can be in (Available, Offline, Break…)',
  api: 'taskrouter',
  path: workspaceList('Activities'),
  itemsKey: 'activities',
  schema: activitySchema,
  primaryKey: ['sid'],
  parent: inWorkspace,
  notFoundIsEmpty: true,
  scope: 'credentials',
});
