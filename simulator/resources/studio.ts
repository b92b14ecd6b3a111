/** Studio v2: the caller's flows, their executions (newest first) and each execution's steps (reference §7). */
import { equalTo, isoRange } from '../filters.js';
import type { Resource, SeededRows } from '../resource.js';
import { epochSecondsOf, instanceBySid, isoDate, productRows } from './v1-rows.js';

const STUDIO = 'https://studio.twilio.com/v2';
const EXECUTION_STATUSES = ['active', 'ended'] as const;

export interface FlowRow {
  sid: string;
  account_sid: string;
  author_sid: string;
  friendly_name: string;
  definition: { description: string; states: Array<{ name: string; type: string }>; initial_state: string };
  status: 'draft' | 'published';
  revision: number;
  commit_message: string | null;
  valid: boolean;
  errors: unknown[];
  warnings: unknown[];
  date_created: string;
  date_updated: string;
  webhook_url: string;
  url: string;
  links: Record<string, string>;
}

export interface ExecutionRow {
  sid: string;
  account_sid: string;
  flow_sid: string;
  contact_channel_address: string;
  contact_sid: string;
  flow_version: number;
  context: { flow: { data: Record<string, string> } };
  status: 'active' | 'ended';
  date_created: string;
  date_updated: string;
  initiated_by: string;
  url: string;
  links: Record<string, string>;
}

export interface StepRow {
  sid: string;
  account_sid: string;
  flow_sid: string;
  execution_sid: string;
  parent_step_sid: string | null;
  name: string;
  context: Record<string, unknown>;
  transitioned_from: string;
  transitioned_to: string;
  type: string;
  date_created: string;
  date_updated: string;
  url: string;
  links: Record<string, string>;
}

export const flows: Resource<SeededRows<FlowRow>> = {
  product: 'studio',
  kind: 'flows',
  path: '/v2/Flows',
  itemsKey: 'flows',
  paging: 'v1',
  maxPageSize: 1000,
  instance: instanceBySid('flow', 'FlowSid', 'FW'),
  rows: (scope) =>
    productRows(scope, { kind: 'flows', sidPrefix: 'FW', count: 2, spacingSeconds: 7 * 86_400 }, ({ index, sid, created, accountSid }) => ({
      sid,
      account_sid: accountSid,
      author_sid: `US${sid.slice(2)}`,
      friendly_name: index === 0 ? 'IVR' : 'Survey',
      definition: { description: 'A New Flow', states: [{ name: 'Trigger', type: 'trigger' }], initial_state: 'Trigger' },
      status: index === 0 ? 'published' : 'draft',
      revision: index + 1,
      commit_message: index === 0 ? 'first draft' : null,
      valid: true,
      errors: [],
      warnings: [],
      date_created: isoDate(created),
      date_updated: isoDate(created + 600),
      webhook_url: `https://webhooks.twilio.com/v1/Accounts/${accountSid}/Flows/${sid}`,
      url: `${STUDIO}/Flows/${sid}`,
      links: { test_users: `${STUDIO}/Flows/${sid}/TestUsers`, revisions: `${STUDIO}/Flows/${sid}/Revisions`, executions: `${STUDIO}/Flows/${sid}/Executions` },
    })),
  filters: [],
};

export const executions: Resource<SeededRows<ExecutionRow>, SeededRows<FlowRow>> = {
  product: 'studio',
  kind: 'executions',
  path: '/v2/Flows/{FlowSid}/Executions',
  itemsKey: 'executions',
  paging: 'v1',
  maxPageSize: 1000,
  parent: flows,
  instance: instanceBySid('execution', 'ExecutionSid', 'FN'),
  rows: (scope) =>
    productRows(scope, { kind: 'executions', sidPrefix: 'FN', count: 3, spacingSeconds: 3 * 3600 }, ({ index, sid, created, accountSid, parentSid }) => ({
      sid,
      account_sid: accountSid,
      flow_sid: parentSid,
      contact_channel_address: `+1415555${String(1000 + index).slice(-4)}`,
      contact_sid: `FC${sid.slice(2)}`,
      flow_version: 1,
      context: { flow: { data: { reason: index % 2 === 0 ? 'billing' : 'support' } } },
      status: index === 0 ? 'active' : 'ended',
      date_created: isoDate(created),
      date_updated: isoDate(created + 90),
      initiated_by: `CA${sid.slice(2)}`,
      url: `${STUDIO}/Flows/${parentSid}/Executions/${sid}`,
      links: { steps: `${STUDIO}/Flows/${parentSid}/Executions/${sid}/Steps`, execution_context: `${STUDIO}/Flows/${parentSid}/Executions/${sid}/Context` },
    })),
  filters: [
    equalTo('status', (list, index) => list.at(index).status, EXECUTION_STATUSES),
    isoRange('DateCreatedFrom', 'DateCreatedTo', true, (list, index) => epochSecondsOf(list.at(index).date_created)),
  ],
};

export const steps: Resource<SeededRows<StepRow>, SeededRows<ExecutionRow>> = {
  product: 'studio',
  kind: 'steps',
  path: '/v2/Flows/{FlowSid}/Executions/{ExecutionSid}/Steps',
  itemsKey: 'steps',
  paging: 'v1',
  maxPageSize: 1000,
  parent: executions,
  rows: (scope) => {
    const execution = scope.parent.list.at(scope.parent.index);
    return productRows(scope, { kind: 'steps', sidPrefix: 'FT', count: 2, spacingSeconds: 10 }, ({ index, sid, created, accountSid, parentSid }) => ({
      sid,
      account_sid: accountSid,
      flow_sid: execution.flow_sid,
      execution_sid: parentSid,
      parent_step_sid: null,
      name: index === 0 ? 'Trigger' : 'say_hello',
      context: { widget: { index } },
      transitioned_from: index === 0 ? 'Trigger' : 'say_hello',
      transitioned_to: index === 0 ? 'say_hello' : 'Ended',
      type: index === 0 ? 'trigger' : 'say-play',
      date_created: isoDate(created),
      date_updated: isoDate(created + 1),
      url: `${STUDIO}/Flows/${execution.flow_sid}/Executions/${parentSid}/Steps/${sid}`,
      links: { step_context: `${STUDIO}/Flows/${execution.flow_sid}/Executions/${parentSid}/Steps/${sid}/Context` },
    }));
  },
  filters: [],
};
