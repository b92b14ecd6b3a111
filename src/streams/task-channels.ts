import * as z from 'zod';
import { defineStream, isoDateTime } from './definition.js';
import { nestedObject } from './fields.js';
import { inWorkspace, workspaceList } from './workspaces.js';

export const taskChannelSchema = z.object({
  sid: z.string(),
  account_sid: z.string().nullable(),
  workspace_sid: z.string().nullable(),
  friendly_name: z.string().nullable(),
  unique_name: z.string().nullable().describe('e.g. default, voice, sms, chat, video.'),
  channel_optimized_routing: z.boolean().nullable(),
  date_created: isoDateTime(),
  date_updated: isoDateTime(),
  url: z.string().nullable(),
  links: nestedObject(),
});

/** The task channels (voice, chat, SMS…) of every workspace; Twilio lists them under `channels`. */
export const taskChannels = defineStream({
  name: 'task_channels',
  description:
    '[Task channels](https://www.twilio.com/docs/taskrouter/api/task-channel) of every TaskRouter workspace (voice, chat, SMS…)',
  api: 'taskrouter',
  path: workspaceList('TaskChannels'),
  itemsKey: 'channels',
  schema: taskChannelSchema,
  primaryKey: ['sid'],
  parent: inWorkspace,
  notFoundIsEmpty: true,
  scope: 'credentials',
});
