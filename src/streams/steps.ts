import * as z from 'zod';
import { childOf, defineStream, twilioDateTime } from './definition.js';
import { executions, type FlowContext } from './executions.js';
import { nestedObject, pii } from './fields.js';

export const stepSchema = z.object({
  sid: z.string(),
  account_sid: z.string().nullable(),
  flow_sid: z.string().nullable(),
  execution_sid: z.string().nullable(),
  parent_step_sid: z.string().nullable(),
  name: z.string().nullable(),
  context: pii(nestedObject()),
  transitioned_from: z.string().nullable(),
  transitioned_to: z.string().nullable(),
  type: z.string().nullable(),
  date_created: twilioDateTime(),
  date_updated: twilioDateTime(),
  url: z.string().nullable(),
  links: nestedObject(),
});

interface ExecutionContext extends FlowContext {
  readonly executionSid: string;
}

/** The steps of every execution of every flow: a child of executions, themselves children of flows. */
export const steps = defineStream({
  name: 'steps',
  description:
    '[Steps](https://www.twilio.com/docs/studio/rest-api/v2/step) of every execution of every flow',
  api: 'studio',
  path: ({ flowSid, executionSid }: ExecutionContext) =>
    `/v2/Flows/${encodeURIComponent(flowSid)}/Executions/${encodeURIComponent(executionSid)}/Steps`,
  itemsKey: 'steps',
  schema: stepSchema,
  primaryKey: ['sid'],
  parent: childOf({
    stream: executions,
    context: (execution, flow: FlowContext): ExecutionContext => ({ ...flow, executionSid: execution.sid }),
  }),
  notFoundIsEmpty: true,
  scope: 'credentials',
});
