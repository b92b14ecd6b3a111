import * as z from 'zod';
import { childOf, defineStream, twilioDateTime, type AccountContext } from './definition.js';
import { integer, nestedObject, pii } from './fields.js';
import { flows } from './flows.js';

export const executionSchema = z.object({
  sid: z.string(),
  account_sid: z.string().nullable(),
  flow_sid: z.string().nullable(),
  contact_channel_address: pii(z.string().nullable()),
  contact_sid: z.string().nullable(),
  flow_version: integer(),
  // What the execution's widgets gathered, the contact's messages and answers among them.
  context: pii(nestedObject()),
  status: z.enum(['active', 'ended']).nullable(),
  date_created: twilioDateTime(),
  date_updated: twilioDateTime(),
  initiated_by: z.string().nullable(),
  url: z.string().nullable(),
  links: nestedObject(),
});

export interface FlowContext extends AccountContext {
  readonly flowSid: string;
}

const CREATED = { format: 'iso', after: 'DateCreatedFrom', before: 'DateCreatedTo' } as const;

/** The executions of every Studio flow, by creation: `DateCreatedFrom` (on or after) and `DateCreatedTo` (before). */
export const executions = defineStream({
  name: 'executions',
  description:
    '[Executions](https://www.twilio.com/docs/studio/rest-api/v2/execution) of every flow',
  api: 'studio',
  path: ({ flowSid }: FlowContext) => `/v2/Flows/${encodeURIComponent(flowSid)}/Executions`,
  itemsKey: 'executions',
  schema: executionSchema,
  primaryKey: ['sid'],
  incremental: { cursorField: 'date_created', filter: CREATED },
  startFilter: CREATED,
  parent: childOf({
    stream: flows,
    context: (flow, { accountSid }): FlowContext => ({ accountSid, flowSid: flow.sid }),
  }),
  notFoundIsEmpty: true,
  scope: 'credentials',
});
