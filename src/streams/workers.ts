import * as z from 'zod';
import { defineStream, isoDateTime } from './definition.js';
import { nestedObject, pii, TWILIO_PII } from './fields.js';
import { inWorkspace, workspaceList } from './workspaces.js';

export const workerSchema = z.object({
  sid: z.string(),
  account_sid: z.string().nullable(),
  workspace_sid: z.string().nullable(),
  friendly_name: pii(z.string().nullable()),
  // JSON text: the worker's skills, languages, contact URI and whatever else the contact centre keeps.
  attributes: pii(z.string().nullable(), TWILIO_PII.sensitive),
  activity_sid: z.string().nullable(),
  activity_name: z.string().nullable(),
  available: z.boolean().nullable(),
  date_status_changed: isoDateTime(),
  date_created: isoDateTime(),
  date_updated: isoDateTime(),
  url: z.string().nullable(),
  links: nestedObject(),
});

/** The workers (agents) of every workspace, with the activity each is in now. */
export const workers = defineStream({
  name: 'workers',
  description:
    '[Workers](https://www.twilio.com/docs/taskrouter/api/worker) of every TaskRouter workspace: the agents, with the activity each is in at sync time',
  api: 'taskrouter',
  path: workspaceList('Workers'),
  itemsKey: 'workers',
  schema: workerSchema,
  primaryKey: ['sid'],
  parent: inWorkspace,
  notFoundIsEmpty: true,
  scope: 'credentials',
});
