/**
 * TaskRouter (`taskrouter.twilio.com/v1`): the caller's workspaces and, below each, its activities, task channels,
 * queues, workflows, workers, live tasks and events. Events answer the last 15 minutes unless given a range.
 */
import { hash } from '../hash.js';
import { worldly, WORLD_NAMES } from '../text.js';
import { isoRange, recentUnless } from '../filters.js';
import type { SeededRows } from '../resource.js';
import { epochSecondsOf, instanceBySid, isoDate, pickOf, v1List } from './v1-rows.js';

const TASKROUTER = 'https://taskrouter.twilio.com/v1';
const TASK_STATUSES = ['pending', 'reserved', 'assigned', 'wrapping'] as const;
const EVENT_TYPES = ['task.created', 'reservation.created', 'reservation.accepted', 'worker.activity.update', 'task.completed'] as const;
/** "If no time range is specified, the last 15 minutes of events are returned." */
const DEFAULT_EVENT_SPAN_SECONDS = 15 * 60;

const inWorkspace = (workspaceSid: string, list: string, sid: string) => `${TASKROUTER}/Workspaces/${workspaceSid}/${list}/${sid}`;

export const workspaces = v1List({
  product: 'taskrouter',
  kind: 'workspaces',
  path: '/v1/Workspaces',
  itemsKey: 'workspaces',
  instance: instanceBySid('workspace', 'WorkspaceSid', 'WS'),
  rows: { sidPrefix: 'WS', count: 2, spacingSeconds: 3600 },
  row: ({ index, sid, created, accountSid }) => ({
    sid,
    account_sid: accountSid,
    friendly_name: index === 0 ? 'Flex Task Assignment' : 'Back office',
    default_activity_sid: `WA${sid.slice(2)}`,
    default_activity_name: 'Offline',
    timeout_activity_sid: `WA${sid.slice(2)}`,
    timeout_activity_name: 'Offline',
    event_callback_url: index === 0 ? 'https://example.com/taskrouter/events' : null,
    events_filter: index === 0 ? 'task.created,task.completed' : null,
    multi_task_enabled: index === 0,
    prioritize_queue_order: 'FIFO',
    date_created: isoDate(created),
    date_updated: isoDate(created + 600),
    url: `${TASKROUTER}/Workspaces/${sid}`,
    links: { task_queues: `${TASKROUTER}/Workspaces/${sid}/TaskQueues`, workers: `${TASKROUTER}/Workspaces/${sid}/Workers`, events: `${TASKROUTER}/Workspaces/${sid}/Events` },
  }),
});


export const activities = v1List({
  product: 'taskrouter',
  kind: 'activities',
  path: '/v1/Workspaces/{WorkspaceSid}/Activities',
  itemsKey: 'activities',
  parent: workspaces,
  rows: { sidPrefix: 'WA', count: 3, spacingSeconds: 60 },
  row: ({ index, sid, created, accountSid, parentSid }) => ({
    sid,
    account_sid: accountSid,
    workspace_sid: parentSid,
    friendly_name: ['Offline', 'Available', 'Break ☕'][index % 3] ?? 'Offline',
    available: index % 3 === 1,
    date_created: isoDate(created),
    date_updated: isoDate(created),
    url: inWorkspace(parentSid, 'Activities', sid),
    links: { workspace: `${TASKROUTER}/Workspaces/${parentSid}` },
  }),
});

export const taskChannels = v1List({
  product: 'taskrouter',
  kind: 'task-channels',
  path: '/v1/Workspaces/{WorkspaceSid}/TaskChannels',
  itemsKey: 'channels',
  parent: workspaces,
  rows: { sidPrefix: 'TC', count: 2, spacingSeconds: 60 },
  row: ({ index, sid, created, accountSid, parentSid }) => ({
    sid,
    account_sid: accountSid,
    workspace_sid: parentSid,
    friendly_name: index === 0 ? 'Voice' : 'Chat',
    unique_name: index === 0 ? 'voice' : 'chat',
    channel_optimized_routing: index !== 0,
    date_created: isoDate(created),
    date_updated: isoDate(created),
    url: inWorkspace(parentSid, 'TaskChannels', sid),
    links: { workspace: `${TASKROUTER}/Workspaces/${parentSid}` },
  }),
});

export const taskQueues = v1List({
  product: 'taskrouter',
  kind: 'task-queues',
  path: '/v1/Workspaces/{WorkspaceSid}/TaskQueues',
  itemsKey: 'task_queues',
  parent: workspaces,
  rows: { sidPrefix: 'WQ', count: 2, spacingSeconds: 120 },
  row: ({ key, index, sid, created, accountSid, parentSid }, { dataset }) => ({
    sid,
    account_sid: accountSid,
    workspace_sid: parentSid,
    friendly_name: worldly(dataset.options.text, `Queue ${index}`, hash(key, index, 1), ['Soporte en español', '中文客服', 'الدعم الفني', 'Équipe VIP ⭐']),
    target_workers: index === 0 ? 'languages HAS "es"' : '1==1',
    task_order: index === 0 ? 'FIFO' : 'LIFO',
    max_reserved_workers: 1,
    assignment_activity_sid: null,
    assignment_activity_name: null,
    reservation_activity_sid: null,
    reservation_activity_name: null,
    date_created: isoDate(created),
    date_updated: isoDate(created + 60),
    url: inWorkspace(parentSid, 'TaskQueues', sid),
    links: { workspace: `${TASKROUTER}/Workspaces/${parentSid}`, statistics: `${inWorkspace(parentSid, 'TaskQueues', sid)}/Statistics` },
  }),
});

export const workflows = v1List({
  product: 'taskrouter',
  kind: 'workflows',
  path: '/v1/Workspaces/{WorkspaceSid}/Workflows',
  itemsKey: 'workflows',
  parent: workspaces,
  rows: { sidPrefix: 'WW', count: 1, spacingSeconds: 60 },
  row: ({ sid, created, accountSid, parentSid }) => ({
    sid,
    account_sid: accountSid,
    workspace_sid: parentSid,
    friendly_name: 'Assign to Anyone',
    configuration: JSON.stringify({ task_routing: { filters: [], default_filter: { queue: `WQ${sid.slice(2)}` } } }),
    document_content_type: 'application/json',
    task_reservation_timeout: 120,
    assignment_callback_url: null,
    fallback_assignment_callback_url: null,
    date_created: isoDate(created),
    date_updated: isoDate(created),
    url: inWorkspace(parentSid, 'Workflows', sid),
    links: { workspace: `${TASKROUTER}/Workspaces/${parentSid}` },
  }),
});

export const workers = v1List({
  product: 'taskrouter',
  kind: 'workers',
  path: '/v1/Workspaces/{WorkspaceSid}/Workers',
  itemsKey: 'workers',
  parent: workspaces,
  rows: { sidPrefix: 'WK', count: 3, spacingSeconds: 300 },
  row: ({ key, index, sid, created, accountSid, parentSid }, { dataset }) => {
    const name = worldly(dataset.options.text, `agent ${index}`, hash(key, index, 1), WORLD_NAMES);
    return {
      sid,
      account_sid: accountSid,
      workspace_sid: parentSid,
      friendly_name: name,
      attributes: JSON.stringify({ full_name: name, languages: ['en', 'es'], contact_uri: `client:agent${index}` }),
      activity_sid: `WA${sid.slice(2)}`,
      activity_name: index === 0 ? 'Available' : 'Offline',
      available: index === 0,
      date_status_changed: isoDate(created + 900),
      date_created: isoDate(created),
      date_updated: isoDate(created + 900),
      url: inWorkspace(parentSid, 'Workers', sid),
      links: { workspace: `${TASKROUTER}/Workspaces/${parentSid}`, reservations: `${inWorkspace(parentSid, 'Workers', sid)}/Reservations` },
    };
  },
});

export const tasks = v1List({
  product: 'taskrouter',
  kind: 'tasks',
  path: '/v1/Workspaces/{WorkspaceSid}/Tasks',
  itemsKey: 'tasks',
  parent: workspaces,
  rows: { sidPrefix: 'WT', count: 3, spacingSeconds: 90 },
  row: ({ key, index, sid, created, accountSid, parentSid }, { dataset, now }) => ({
    sid,
    account_sid: accountSid,
    workspace_sid: parentSid,
    assignment_status: pickOf(TASK_STATUSES, hash(key, index, 1)),
    attributes: JSON.stringify({ from: '+14155550100', name: worldly(dataset.options.text, 'caller', hash(key, index, 2)) }),
    addons: null,
    age: Math.max(0, Math.floor(now.getTime() / 1000) - created),
    priority: index,
    reason: null,
    timeout: 86_400,
    task_queue_sid: `WQ${sid.slice(2)}`,
    task_queue_friendly_name: 'Queue 0',
    task_queue_entered_date: isoDate(created + 1),
    task_channel_sid: `TC${sid.slice(2)}`,
    task_channel_unique_name: 'voice',
    workflow_sid: `WW${sid.slice(2)}`,
    workflow_friendly_name: 'Assign to Anyone',
    virtual_start_time: isoDate(created),
    ignore_capacity: false,
    routing_target: null,
    date_created: isoDate(created),
    date_updated: isoDate(created + 30),
    url: inWorkspace(parentSid, 'Tasks', sid),
    links: { workspace: `${TASKROUTER}/Workspaces/${parentSid}`, reservations: `${inWorkspace(parentSid, 'Tasks', sid)}/Reservations` },
  }),
});

const eventDateOf = (list: SeededRows<{ sid: string; event_date: string }>, index: number) => epochSecondsOf(list.at(index).event_date);

export const taskrouterEvents = v1List({
  product: 'taskrouter',
  kind: 'taskrouter-events',
  path: '/v1/Workspaces/{WorkspaceSid}/Events',
  itemsKey: 'events',
  parent: workspaces,
  rows: { sidPrefix: 'EV', count: 6, spacingSeconds: 600 },
  row: ({ key, index, sid, created, accountSid, parentSid }, { dataset }) => {
    const eventType = pickOf(EVENT_TYPES, hash(key, index, 1));
    const task = `WT${sid.slice(2)}`;
    return {
      sid,
      account_sid: accountSid,
      workspace_sid: parentSid,
      event_type: eventType,
      event_date: isoDate(created),
      event_date_ms: created * 1000 + 250,
      description: `Event ${eventType}`,
      resource_type: eventType.split('.')[0] ?? 'task',
      resource_sid: task,
      resource_url: inWorkspace(parentSid, 'Tasks', task),
      actor_type: 'workspace',
      actor_sid: parentSid,
      actor_url: `${TASKROUTER}/Workspaces/${parentSid}`,
      event_data: { task_sid: task, task_attributes: JSON.stringify({ name: worldly(dataset.options.text, 'caller', hash(key, index, 2)) }) },
      source: 'twilio',
      source_ip_address: '10.0.0.1',
      url: `${TASKROUTER}/Workspaces/${parentSid}/Events/${sid}`,
    };
  },
  filters: [isoRange('StartDate', 'EndDate', false, eventDateOf), recentUnless(['StartDate', 'EndDate', 'Minutes'], DEFAULT_EVENT_SPAN_SECONDS, eventDateOf)],
});
