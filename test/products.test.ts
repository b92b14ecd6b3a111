/**
 * The streams of Twilio's v1 product APIs (alerts, Conversations, Studio, Trunking) against the simulator: the requests
 * each makes, its records against the simulator's own lists, v1 paging and page-size maxima, parents of parents, a
 * vanished or empty parent, faults, incremental windows, the credentials' account and the regions.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { DatasetOptions } from '../simulator/dataset.js';
import {
  DEFAULT_CLOCK,
  DEFAULT_FIXTURE,
  IE1_API_KEY_SECRET,
  IE1_API_KEY_SID,
  MAIN_ACCOUNT_SID,
  MAIN_API_KEY_SECRET,
  MAIN_API_KEY_SID,
  SUBACCOUNT_SID,
} from '../simulator/fixtures.js';
import { TwilioSimulator } from '../simulator/server.js';
import type { AirbyteMessage } from '../src/protocol/messages.js';
import { STREAMS } from '../src/streams/index.js';
import {
  apiKeyConfig,
  authTokenConfig,
  catalogOf,
  errorsOf,
  expectNoSecrets,
  incrementalCatalogOf,
  logsOf,
  recordsOf,
  runSource,
  type RunResult,
  statesOf,
  statusesOf,
} from './helpers/connector.js';
import { TRANSIENT_FAULTS } from './helpers/faults.js';
import { withSimulator } from './helpers/simulator.js';
import { describeSlow } from './helpers/tiers.js';

type Item = Record<string, unknown>;

/** Each product stream: its list (a path below its parent's item), items key and the page size it must ask for. */
interface ListShape {
  readonly api: 'monitor' | 'conversations' | 'studio' | 'trunking' | 'taskrouter' | 'verify' | 'video' | 'messaging';
  readonly itemsKey: string;
  /** What the truth is listed with besides PageSize, for a list that answers a recent span alone without it. */
  readonly query?: string;
  readonly pageSize: number;
  readonly kind: string;
  /** The paths of its lists, given the simulator's truth of its parent stream. */
  paths(parents: Item[]): string[];
  readonly parent?: ProductStream;
}

const PRODUCT_STREAMS = [
  'alerts',
  'conversations',
  'conversation_participants',
  'conversation_messages',
  'users',
  'user_conversations',
  'services',
  'roles',
  'flows',
  'executions',
  'steps',
  'trunks',
  'workspaces',
  'activities',
  'task_channels',
  'task_queues',
  'workflows',
  'workers',
  'tasks',
  'taskrouter_events',
  'verify_services',
  'verification_attempts',
  'rooms',
  'room_participants',
  'video_recordings',
  'compositions',
  'messaging_services',
  'messaging_service_phone_numbers',
] as const;
type ProductStream = (typeof PRODUCT_STREAMS)[number];
/** Rooms and their participants are asked once per status (test/product-history.test.ts). */
const ONE_LIST_PER_PARENT = PRODUCT_STREAMS.filter((stream) => stream !== 'rooms' && stream !== 'room_participants');

const top = (path: string) => () => [path];
/** A list below each row of its parent stream, at `pathOf` that row. */
const below = (parent: ProductStream, pathOf: (parent: Item) => string, shape: Omit<ListShape, 'paths' | 'parent'>): ListShape => ({
  ...shape,
  parent,
  paths: (parents) => parents.map(pathOf),
});
const inWorkspace = (itemsKey: string, list: string, kind: string) =>
  below('workspaces', (workspace) => `/v1/Workspaces/${String(workspace['sid'])}/${list}`, { api: 'taskrouter', itemsKey, pageSize: 1000, kind });
const LISTS: Record<ProductStream, ListShape> = {
  alerts: { api: 'monitor', itemsKey: 'alerts', pageSize: 1000, kind: 'alerts', paths: top('/v1/Alerts') },
  conversations: { api: 'conversations', itemsKey: 'conversations', pageSize: 100, kind: 'conversations', paths: top('/v1/Conversations') },
  conversation_participants: {
    api: 'conversations',
    itemsKey: 'participants',
    pageSize: 100,
    kind: 'conversation-participants',
    parent: 'conversations',
    paths: (conversations) => conversations.map((conversation) => `/v1/Conversations/${String(conversation['sid'])}/Participants`),
  },
  conversation_messages: {
    api: 'conversations',
    itemsKey: 'messages',
    pageSize: 100,
    kind: 'conversation-messages',
    parent: 'conversations',
    paths: (conversations) => conversations.map((conversation) => `/v1/Conversations/${String(conversation['sid'])}/Messages`),
  },
  users: { api: 'conversations', itemsKey: 'users', pageSize: 50, kind: 'users', paths: top('/v1/Users') },
  user_conversations: {
    api: 'conversations',
    itemsKey: 'conversations',
    pageSize: 50,
    kind: 'user-conversations',
    parent: 'users',
    paths: (users) => users.map((user) => `/v1/Users/${String(user['sid'])}/Conversations`),
  },
  services: { api: 'conversations', itemsKey: 'services', pageSize: 100, kind: 'services', paths: top('/v1/Services') },
  roles: {
    api: 'conversations',
    itemsKey: 'roles',
    pageSize: 50,
    kind: 'roles',
    parent: 'services',
    paths: (services) => services.map((service) => `/v1/Services/${String(service['sid'])}/Roles`),
  },
  flows: { api: 'studio', itemsKey: 'flows', pageSize: 1000, kind: 'flows', paths: top('/v2/Flows') },
  executions: {
    api: 'studio',
    itemsKey: 'executions',
    pageSize: 1000,
    kind: 'executions',
    parent: 'flows',
    paths: (flows) => flows.map((flow) => `/v2/Flows/${String(flow['sid'])}/Executions`),
  },
  steps: {
    api: 'studio',
    itemsKey: 'steps',
    pageSize: 1000,
    kind: 'steps',
    parent: 'executions',
    paths: (executions) => executions.map((execution) => `/v2/Flows/${String(execution['flow_sid'])}/Executions/${String(execution['sid'])}/Steps`),
  },
  trunks: { api: 'trunking', itemsKey: 'trunks', pageSize: 1000, kind: 'trunks', paths: top('/v1/Trunks') },
  workspaces: { api: 'taskrouter', itemsKey: 'workspaces', pageSize: 1000, kind: 'workspaces', paths: top('/v1/Workspaces') },
  activities: inWorkspace('activities', 'Activities', 'activities'),
  task_channels: inWorkspace('channels', 'TaskChannels', 'task-channels'),
  task_queues: inWorkspace('task_queues', 'TaskQueues', 'task-queues'),
  workflows: inWorkspace('workflows', 'Workflows', 'workflows'),
  workers: inWorkspace('workers', 'Workers', 'workers'),
  tasks: inWorkspace('tasks', 'Tasks', 'tasks'),
  taskrouter_events: { ...inWorkspace('events', 'Events', 'taskrouter-events'), query: 'StartDate=2000-01-01T00:00:00Z' },
  verify_services: { api: 'verify', itemsKey: 'services', pageSize: 25, kind: 'verify-services', paths: top('/v2/Services') },
  verification_attempts: { api: 'verify', itemsKey: 'attempts', pageSize: 1000, kind: 'verification-attempts', paths: top('/v2/Attempts') },
  // At the fixture's clock every room has ended: Twilio lists them when asked for completed rooms.
  rooms: { api: 'video', itemsKey: 'rooms', pageSize: 1000, kind: 'rooms', paths: top('/v1/Rooms'), query: 'Status=completed' },
  room_participants: below('rooms', (room) => `/v1/Rooms/${String(room['sid'])}/Participants`, { api: 'video', itemsKey: 'participants', pageSize: 1000, kind: 'room-participants' }),
  video_recordings: { api: 'video', itemsKey: 'recordings', pageSize: 100, kind: 'video-recordings', paths: top('/v1/Recordings') },
  compositions: { api: 'video', itemsKey: 'compositions', pageSize: 100, kind: 'compositions', paths: top('/v1/Compositions') },
  messaging_services: { api: 'messaging', itemsKey: 'services', pageSize: 1000, kind: 'messaging-services', paths: top('/v1/Services') },
  messaging_service_phone_numbers: below('messaging_services', (service) => `/v1/Services/${String(service['sid'])}/PhoneNumbers`, {
    api: 'messaging',
    itemsKey: 'phone_numbers',
    pageSize: 1000,
    kind: 'messaging-service-phone-numbers',
  }),
};

/** Where the simulator serves a Twilio path of the API: below the API's name, as the connector asks it. */
const served = (api: string, path: string) => `/${api}${path}`;

const basic = (username: string, secret: string) => `Basic ${Buffer.from(`${username}:${secret}`).toString('base64')}`;
const MAIN_KEY = basic(MAIN_API_KEY_SID, MAIN_API_KEY_SECRET);

/** Every item of one list as the simulator serves it, following `meta.next_page_url`. */
async function listAll(simulator: TwilioSimulator, path: string, { api, itemsKey, pageSize, query }: ListShape, authorization: string): Promise<Item[]> {
  const items: Item[] = [];
  let url: string | null = `${simulator.url}${served(api, path)}?PageSize=${pageSize}${query === undefined ? '' : `&${query}`}`;
  while (url !== null) {
    const response = await fetch(url, { headers: { authorization } });
    expect(response.status).toBe(200);
    const page = (await response.json()) as Record<string, unknown>;
    items.push(...(page[itemsKey] as Item[]));
    url = (page['meta'] as { next_page_url: string | null }).next_page_url;
  }
  return items;
}

/** The simulator's truth of a stream: every item of every one of its lists, its parents' lists walked first. */
async function truthOf(simulator: TwilioSimulator, stream: ProductStream, authorization = MAIN_KEY): Promise<Item[]> {
  const shape = LISTS[stream];
  const parents = shape.parent === undefined ? [] : await truthOf(simulator, shape.parent, authorization);
  const lists = await Promise.all(shape.paths(parents).map((path) => listAll(simulator, path, shape, authorization)));
  return lists.flat();
}

/** Items in the order of their primary key (a user conversation's is its user and conversation). */
const keyOf = (item: Item) => String(item['sid'] ?? `${String(item['user_sid'])} ${String(item['conversation_sid'])}`);
const bySid = (left: Item, right: Item) => keyOf(left).localeCompare(keyOf(right));
const dataOf = (messages: AirbyteMessage[], stream: string) => recordsOf(messages, stream).map((record) => record.data as Item).sort(bySid);
const pathOf = (entry: { path: string }) => entry.path.split('?')[0] ?? '';
const queryOf = (entry: { path: string }) => new URL(entry.path, 'http://simulator').searchParams;

async function read(simulator: TwilioSimulator, streams: readonly string[], options: { config?: object; env?: Record<string, string>; state?: unknown; catalog?: unknown } = {}): Promise<RunResult> {
  const result = await runSource('read', {
    baseUrl: simulator.url,
    config: options.config ?? apiKeyConfig,
    catalog: options.catalog ?? catalogOf(...streams),
    ...(options.state === undefined ? {} : { state: options.state }),
    ...(options.env === undefined ? {} : { env: options.env }),
  });
  expectNoSecrets(result);
  return result;
}

function expectComplete(result: RunResult, streams: readonly string[]): void {
  expect(errorsOf(result.messages)).toEqual([]);
  expect(result.exitCode).toBe(0);
  // RUNNING comes once the stream has data, and again after a spell of throttling (with its RATE_LIMITED reason).
  for (const stream of streams) {
    const statuses = statusesOf(result.messages, stream);
    expect([stream, statuses[0], statuses.at(-1), new Set(statuses.slice(1, -1))]).toEqual([stream, 'STARTED', 'COMPLETE', new Set(['RUNNING'])]);
  }
}

describe('every product stream against the default fixture', () => {
  let simulator: TwilioSimulator;
  let result: RunResult;

  beforeAll(async () => {
    // Twilio's clock on the day of the fixture's rows: the lists that keep 30 days hold all of them.
    simulator = await TwilioSimulator.start({ clock: DEFAULT_CLOCK });
    result = await read(simulator, PRODUCT_STREAMS);
  });
  afterAll(() => simulator.close());

  it('completes every stream without an error or a warning', () => {
    expectComplete(result, PRODUCT_STREAMS);
    expect(logsOf(result.messages, 'WARN')).toEqual([]);
  });

  it.each(PRODUCT_STREAMS)('%s: emits exactly the items Twilio lists, each once, as sent', async (stream) => {
    const truth = (await truthOf(simulator, stream)).sort(bySid);
    expect(truth.length).toBeGreaterThan(0);
    const records = dataOf(result.messages, stream);
    if (stream === 'user_conversations') {
      // Twilio sends no `sid` for a user conversation: the record is the item, keyed by user and conversation.
      expect(truth.every((item) => !('sid' in item))).toBe(true);
      expect(new Set(records.map((record) => `${String(record['user_sid'])} ${String(record['conversation_sid'])}`)).size).toBe(records.length);
    } else {
      expect(new Set(records.map((record) => record['sid'])).size).toBe(records.length);
    }
    expect(records).toEqual(truth);
  });

  it('reads steps through executions through flows, and an empty list below the last parent is no error', async () => {
    const flows = await truthOf(simulator, 'flows');
    const executions = await truthOf(simulator, 'executions');
    const steps = dataOf(result.messages, 'steps');
    expect(flows).toHaveLength(2);
    // The second flow was never executed, and the last execution of the first has no steps.
    expect(new Set(executions.map((execution) => execution['flow_sid']))).toEqual(new Set([flows[0]?.['sid']]));
    expect(new Set(steps.map((step) => step['execution_sid']))).toEqual(new Set(executions.slice(0, -1).map((execution) => execution['sid'])));
    expect(steps.every((step) => step['flow_sid'] === flows[0]?.['sid'])).toBe(true);
    const lastExecution = executions[executions.length - 1];
    expect(logsOf(result.messages, 'INFO')).toContain(`/v2/Flows/${String(flows[0]?.['sid'])}/Executions/${String(lastExecution?.['sid'])}/Steps has no steps (its parent may have just ended).`);
  });

  it('marks personal data in the discovered schema and keeps nested objects open', async () => {
    const discovered = await runSource('discover', { config: apiKeyConfig });
    const catalog = discovered.messages[0]?.type === 'CATALOG' ? discovered.messages[0].catalog : undefined;
    const properties = (name: string) => catalog?.streams.find((stream) => stream.name === name)?.json_schema['properties'] as Record<string, Record<string, unknown>>;
    expect(properties('conversation_messages')['body']).toEqual({ type: ['string', 'null'], description: 'PII: personal data (Twilio handling: sensitive)' });
    expect(properties('executions')['contact_channel_address']?.['description']).toBe('PII: personal data (Twilio handling: standard)');
    expect(properties('executions')['context']).toMatchObject({ type: ['object', 'null'], additionalProperties: true });
    expect(properties('trunks')['sid']?.['description']).toBeUndefined();
    expect(properties('alerts')['date_generated']).toMatchObject({ type: ['string', 'null'], format: 'date-time' });
  });
});

describe('v1 paging and page-size maxima', () => {
  /** Services: exactly one full page of 100; users: three pages of 50; roles: none; trunks: three pages of 1000. */
  const DATASET: DatasetOptions = { ...DEFAULT_FIXTURE, rowCounts: { services: 100, users: 120, roles: 0, 'user-conversations': 1, trunks: 2001 } };
  let simulator: TwilioSimulator;
  let result: RunResult;
  const STREAMS = ['services', 'roles', 'users', 'user_conversations', 'trunks'] as const;

  beforeAll(async () => {
    simulator = await TwilioSimulator.start({ dataset: DATASET });
    result = await read(simulator, STREAMS);
  });
  afterAll(() => simulator.close());

  it('reads every item of lists of one full page, several pages and none, following meta.next_page_url', async () => {
    expectComplete(result, STREAMS);
    const { log } = simulator.stats();
    const pagesOf = (kind: string) => log.filter((entry) => entry.kind === kind);
    // One page for the services stream, one for roles, which lists its parents itself.
    expect(pagesOf('services').map((entry) => entry.path)).toEqual(['/conversations/v1/Services?PageSize=100', '/conversations/v1/Services?PageSize=100']);
    expect(dataOf(result.messages, 'services')).toHaveLength(100);
    // Three pages for the users stream, three for user_conversations, which lists its parents itself.
    expect(pagesOf('users').map((entry) => queryOf(entry).get('Page'))).toEqual([null, '1', '2', null, '1', '2']);
    expect(pagesOf('users').every((entry) => queryOf(entry).get('PageSize') === '50')).toBe(true);
    expect(dataOf(result.messages, 'users')).toEqual((await truthOf(simulator, 'users')).sort(bySid));
    expect(dataOf(result.messages, 'users')).toHaveLength(120);
    // One conversation for each user but the last.
    expect(dataOf(result.messages, 'user_conversations')).toHaveLength(119);
    expect(pagesOf('roles')).toHaveLength(100);
    expect(dataOf(result.messages, 'roles')).toEqual([]);
    expect(pagesOf('trunks').map((entry) => queryOf(entry).get('Page'))).toEqual([null, '1', '2']);
    expect(dataOf(result.messages, 'trunks')).toHaveLength(2001);
  });

  it('the simulator answers a PageSize above a list\'s maximum with a 400 and Twilio\'s error body', async () => {
    const response = await fetch(`${simulator.url}/conversations/v1/Users?PageSize=51`, { headers: { authorization: MAIN_KEY } });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      code: 20007,
      message: 'Page size too large. PageSize must be at most 50.',
      more_info: 'https://www.twilio.com/docs/errors/20007',
      status: 400,
    });
    expect((await fetch(`${simulator.url}/conversations/v1/Conversations?PageSize=101`, { headers: { authorization: MAIN_KEY } })).status).toBe(400);
    expect((await fetch(`${simulator.url}/conversations/v1/Conversations?PageSize=100`, { headers: { authorization: MAIN_KEY } })).status).toBe(200);
  });
});

describe.each([
  ['exactly one full page', (maximum: number) => maximum, 1],
  ['three pages', (maximum: number) => 2 * maximum + 1, 3],
  ['no items', () => 0, 1],
] as const)('every v1 list with %s', (_case, rowsFor, pagesPerList) => {
  it.each(ONE_LIST_PER_PARENT)('%s: every item once, each list of each parent read page by page at its largest PageSize', async (stream) => {
    const shape = LISTS[stream];
    const rows = rowsFor(shape.pageSize);
    await withSimulator({ dataset: { ...DEFAULT_FIXTURE, rowCounts: { [shape.kind]: rows } }, clock: DEFAULT_CLOCK }, async (simulator) => {
      const result = await read(simulator, [stream]);
      expectComplete(result, [stream]);
      const parents = shape.parent === undefined ? [{}] : await truthOf(simulator, shape.parent);
      // Below the last of several parents there are no items.
      const listsWithItems = parents.length > 1 ? parents.length - 1 : parents.length;
      const records = dataOf(result.messages, stream);
      expect(records).toHaveLength(rows * listsWithItems);
      expect(new Set(records.map(keyOf)).size).toBe(records.length);
      const requests = simulator.stats().log.filter((entry) => entry.kind === shape.kind);
      const pages = rows === 0 ? parents.length : listsWithItems * pagesPerList + (parents.length - listsWithItems);
      expect(requests).toHaveLength(pages);
      expect(requests.every((entry) => queryOf(entry).get('PageSize') === String(shape.pageSize))).toBe(true);
      expect(requests.filter((entry) => entry.path.includes('PageToken='))).toHaveLength(rows === 0 ? 0 : listsWithItems * (pagesPerList - 1));
      // Each list below each parent, on its own API's path; read once, for the credentials' account: nothing of the
      // 2010 API, not even the list of accounts, but for a list asked from what Twilio keeps the one request for the
      // account whose answer tells Twilio's clock.
      expect([...new Set(requests.map(pathOf))].sort()).toEqual(shape.paths(parents).map((path) => served(shape.api, path)).sort());
      const fromRetention = STREAMS.find((definition) => definition.name === stream)?.startRequired === true;
      expect(simulator.stats().log.filter((entry) => entry.path.startsWith('/2010-04-01')).map((entry) => entry.kind)).toEqual(fromRetention ? ['account'] : []);
      expect(logsOf(result.messages, 'INFO')).toContain(
        `${stream}: Twilio's ${shape.api} API answers only for the account the credentials belong to, so this stream reads account ${MAIN_ACCOUNT_SID} alone, not its subaccounts.`,
      );
    });
  });
});

describeSlow('faults on the product APIs', () => {
  const STREAMS = ['alerts', 'user_conversations', 'steps', 'trunks', 'taskrouter_events', 'verify_services', 'room_participants', 'messaging_service_phone_numbers'] as const;
  const DATASET: DatasetOptions = { ...DEFAULT_FIXTURE, rowCounts: { users: 60, alerts: 1500, 'taskrouter-events': 1200, 'verify-services': 30 } };
  let simulator: TwilioSimulator;
  let faultFree: Record<string, Item[]>;

  beforeAll(async () => {
    simulator = await TwilioSimulator.start({ dataset: DATASET, clock: DEFAULT_CLOCK });
    const result = await read(simulator, STREAMS);
    expectComplete(result, STREAMS);
    faultFree = Object.fromEntries(STREAMS.map((stream) => [stream, dataOf(result.messages, stream)]));
  });
  afterAll(() => simulator.close());
  beforeEach(() => {
    simulator.faults.clear();
    simulator.resetStats();
  });

  it.each(TRANSIENT_FAULTS)('%s on the first attempt of every request: every record exactly once', async (_name, fault) => {
    simulator.faults.add({ fault, attempts: 1 });
    const result = await read(simulator, STREAMS, fault.type === 'hang' ? { env: { TWILIO_REQUEST_TIMEOUT_MS: '300' } } : {});
    expectComplete(result, STREAMS);
    for (const stream of STREAMS) expect([stream, dataOf(result.messages, stream)]).toEqual([stream, faultFree[stream]]);
    const { log } = simulator.stats();
    expect(log.filter((entry) => entry.path.includes('PageToken=') && entry.fault !== undefined).length).toBeGreaterThanOrEqual(2);
  });

  it('a parent that vanishes before its children are read (404) gives no rows and no error; the others are read', async () => {
    const executions = await truthOf(simulator, 'executions');
    const [gone, kept] = executions;
    simulator.faults.add({ fault: { type: 'status', status: 404 }, pathIncludes: `/Executions/${String(gone?.['sid'])}/Steps` });
    const result = await read(simulator, ['steps']);
    expectComplete(result, ['steps']);
    const steps = dataOf(result.messages, 'steps');
    expect(steps.filter((step) => step['execution_sid'] === gone?.['sid'])).toEqual([]);
    expect(steps).toEqual(faultFree['steps']?.filter((step) => step['execution_sid'] !== gone?.['sid']));
    expect(steps.some((step) => step['execution_sid'] === kept?.['sid'])).toBe(true);
    expect(logsOf(result.messages, 'INFO')).toContain(
      `/v2/Flows/${String(gone?.['flow_sid'])}/Executions/${String(gone?.['sid'])}/Steps answered 404 after 0 steps: its parent has just ended, so there is nothing more to read.`,
    );
  });

  it('a 404 of a list without a parent fails its stream alone, in the user\'s terms', async () => {
    simulator.faults.add({ fault: { type: 'status', status: 404 }, kind: 'trunks' });
    const result = await read(simulator, ['trunks', 'alerts']);
    expect(statusesOf(result.messages, 'trunks')).toEqual(['STARTED', 'INCOMPLETE']);
    expect(statusesOf(result.messages, 'alerts')).toEqual(['STARTED', 'RUNNING', 'COMPLETE']);
    expect(dataOf(result.messages, 'alerts')).toEqual(faultFree['alerts']);
    expect(errorsOf(result.messages)[0]).toMatchObject({
      failure_type: 'config_error',
      message:
        `HTTP 404, Twilio error 20404: Not Found. Twilio's trunking API has no list for stream "trunks" in account ${MAIN_ACCOUNT_SID}: ` +
        'check that the account uses this product and that it is available in region us1.',
    });
    expect(result.exitCode).toBe(1);
  });
});

const stateOf = (stream: string, cursorField: string, cursors: Record<string, string>) => [
  {
    type: 'STREAM',
    stream: {
      stream_descriptor: { name: stream },
      stream_state: { accounts: Object.fromEntries(Object.entries(cursors).map(([account, cursor]) => [account, { [cursorField]: cursor }])) },
    },
  },
];
const lastStateOf = (messages: AirbyteMessage[], stream: string) => statesOf(messages, stream).at(-1)?.stream.stream_state;
const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const DAY_MS = 86_400_000;

describe('incremental alerts: date_generated, StartDate/EndDate, 30 days kept', () => {
  const now = Date.now();
  /** 200 alerts six hours apart, from 45 days ago to about 5 days ago. */
  const DATASET: DatasetOptions = { ...DEFAULT_FIXTURE, firstDateCreated: isoSeconds(now - 45 * DAY_MS), rowCounts: { alerts: 160 } };
  let simulator: TwilioSimulator;
  let alerts: Item[];
  beforeAll(async () => {
    simulator = await TwilioSimulator.start({ dataset: DATASET });
    alerts = await truthOf(simulator, 'alerts');
  });
  afterAll(() => simulator.close());
  beforeEach(() => simulator.resetStats());

  it('starts a read whose cursor is older than 30 days at the horizon, says so, and emits exactly the alerts after it', async () => {
    const old = isoSeconds(now - 60 * DAY_MS);
    const result = await read(simulator, [], { catalog: incrementalCatalogOf('alerts'), state: stateOf('alerts', 'date_generated', { [MAIN_ACCOUNT_SID]: old }), config: { ...apiKeyConfig, slice_days: 10 } });
    expectComplete(result, ['alerts']);
    const requests = simulator.stats().log.filter((entry) => entry.kind === 'alerts');
    const first = queryOf(requests[0] ?? { path: '/' });
    const start = first.get('StartDate') ?? '';
    expect(Date.parse(start)).toBeGreaterThan(now - 30 * DAY_MS);
    expect(Date.parse(start)).toBeLessThan(Date.now() - 29 * DAY_MS + 10 * 60_000);
    // Each window is asked from a second before its start, whatever Twilio's StartDate includes.
    const windowStart = isoSeconds(Date.parse(start) + 1000);
    expect(first.get('EndDate')).toBe(isoSeconds(Date.parse(windowStart) + 10 * DAY_MS));
    expect(logsOf(result.messages, 'WARN')).toContainEqual(
      expect.stringMatching(new RegExp(`^alerts: the saved cursor ${old} of account ${MAIN_ACCOUNT_SID} is older than the 30 days Twilio keeps; what happened between it and ${windowStart} is lost for good`)),
    );
    const expected = alerts.filter((alert) => String(alert['date_generated']) >= windowStart).sort(bySid);
    expect(expected.length).toBeGreaterThan(50);
    expect(expected.length).toBeLessThan(alerts.length);
    expect(dataOf(result.messages, 'alerts')).toEqual(expected);
    // Read once, for the configured account, whose cursor moves to the end of the read.
    const state = lastStateOf(result.messages, 'alerts') as { accounts: Record<string, { date_generated: string }> };
    expect(Object.keys(state.accounts)).toEqual([MAIN_ACCOUNT_SID]);
    expect(Date.parse(state.accounts[MAIN_ACCOUNT_SID]?.date_generated ?? '')).toBeGreaterThanOrEqual(Date.parse(String(alerts[0]?.['date_generated'])));
  });

  it('reads from a cursor inside the 30 days exactly: the alert at the cursor again, none before it, no INFO about the horizon', async () => {
    const cursor = String(alerts[20]?.['date_generated']);
    const result = await read(simulator, [], { catalog: incrementalCatalogOf('alerts'), state: stateOf('alerts', 'date_generated', { [MAIN_ACCOUNT_SID]: cursor }), config: { ...apiKeyConfig, slice_days: 1 } });
    expectComplete(result, ['alerts']);
    const requests = simulator.stats().log.filter((entry) => entry.kind === 'alerts').map(queryOf);
    expect(requests.map((query) => query.get('StartDate')).sort()[0]).toBe(isoSeconds(Date.parse(cursor) - 1000));
    expect(requests.every((query) => Date.parse(query.get('EndDate') ?? '') - Date.parse(query.get('StartDate') ?? '') === DAY_MS + 1000)).toBe(true);
    expect(dataOf(result.messages, 'alerts')).toEqual(alerts.slice(0, 21).sort(bySid));
    expect(logsOf(result.messages).filter((line) => line.includes('Twilio keeps'))).toEqual([]);
  });

  it('a full refresh with a start date older than 30 days asks from the horizon', async () => {
    const result = await read(simulator, ['alerts'], { config: { ...apiKeyConfig, start_date: isoSeconds(now - 40 * DAY_MS).slice(0, 10) } });
    expectComplete(result, ['alerts']);
    const [request] = simulator.stats().log.filter((entry) => entry.kind === 'alerts');
    const start = queryOf(request ?? { path: '/' }).get('StartDate') ?? '';
    expect(Math.abs(Date.parse(start) - (now - 29 * DAY_MS))).toBeLessThan(10 * 60_000);
    expect(dataOf(result.messages, 'alerts')).toEqual(alerts.filter((alert) => String(alert['date_generated']) >= start).sort(bySid));
  });

  /**
   * Twilio's clock (the simulator's Date header) 40 days behind ours, and the alerts it keeps: this machine's horizon
   * would lie in Twilio's future and ask for nothing.
   */
  const twilioNow = now - 40 * DAY_MS;
  async function withTwilioClockBehind(use: (simulator: TwilioSimulator, kept: Item[]) => Promise<void>): Promise<void> {
    const behind = await TwilioSimulator.start({ dataset: { ...DATASET, firstDateCreated: isoSeconds(twilioNow - 45 * DAY_MS) }, clock: isoSeconds(twilioNow) });
    try {
      const kept = (await truthOf(behind, 'alerts')).filter((alert) => Date.parse(String(alert['date_generated'])) <= twilioNow);
      behind.resetStats();
      await use(behind, kept);
    } finally {
      await behind.close();
    }
  }

  it("reckons a full refresh's horizon by Twilio's clock, not this machine's", async () => {
    await withTwilioClockBehind(async (behind, kept) => {
      // The account listing for conferences answers first: its Date header gives Twilio's clock to the streams after it.
      const result = await read(behind, ['conferences', 'alerts'], { config: { ...apiKeyConfig, start_date: isoSeconds(twilioNow - 40 * DAY_MS).slice(0, 10) } });
      expectComplete(result, ['conferences', 'alerts']);
      const [request] = behind.stats().log.filter((entry) => entry.kind === 'alerts');
      const start = queryOf(request ?? { path: '/' }).get('StartDate') ?? '';
      expect(Math.abs(Date.parse(start) - (twilioNow - 29 * DAY_MS))).toBeLessThan(10 * 60_000);
      const expected = kept.filter((alert) => String(alert['date_generated']) >= start);
      expect(expected.length).toBeGreaterThan(50);
      expect(dataOf(result.messages, 'alerts').filter((alert) => Date.parse(String(alert['date_generated'])) <= twilioNow)).toEqual(expected.sort(bySid));
    });
  });

  it("alone in the catalog, learns Twilio's clock from the account before planning an incremental read by it", async () => {
    await withTwilioClockBehind(async (behind, kept) => {
      const result = await read(behind, [], { catalog: incrementalCatalogOf('alerts'), config: { ...apiKeyConfig, slice_days: 10 } });
      expectComplete(result, ['alerts']);
      const { log } = behind.stats();
      // One request for the account, before any of the alerts' windows; never the account listing.
      expect(log.map((entry) => entry.kind).filter((kind) => kind !== 'alerts')).toEqual(['account']);
      expect(log[0]?.kind).toBe('account');
      const starts = log.filter((entry) => entry.kind === 'alerts').map((entry) => Date.parse(queryOf(entry).get('StartDate') ?? ''));
      expect(Math.abs(Math.min(...starts) - (twilioNow - 29 * DAY_MS))).toBeLessThan(10 * 60_000);
      const first = isoSeconds(Math.min(...starts) + 1000);
      const expected = kept.filter((alert) => String(alert['date_generated']) >= first);
      expect(expected.length).toBeGreaterThan(50);
      expect(dataOf(result.messages, 'alerts').filter((alert) => Date.parse(String(alert['date_generated'])) <= twilioNow)).toEqual(expected.sort(bySid));
      // The cursor is Twilio's time, not this machine's (40 days later).
      const state = lastStateOf(result.messages, 'alerts') as { accounts: Record<string, { date_generated: string }> };
      expect(Date.parse(state.accounts[MAIN_ACCOUNT_SID]?.date_generated ?? '')).toBeLessThanOrEqual(twilioNow + 60_000);
    });
  });
});

describe('incremental executions: date_created, DateCreatedFrom/DateCreatedTo for every flow', () => {
  const DATASET: DatasetOptions = { ...DEFAULT_FIXTURE, rowCounts: { flows: 3, executions: 40 } };
  let simulator: TwilioSimulator;
  let executions: Item[];
  beforeAll(async () => {
    simulator = await TwilioSimulator.start({ dataset: DATASET });
    executions = await truthOf(simulator, 'executions');
  });
  afterAll(() => simulator.close());
  beforeEach(() => simulator.resetStats());

  it('reads each window for every flow, emits the executions at or after the cursor, and keeps the cursor of the configured account', async () => {
    const cursor = String(executions[10]?.['date_created']);
    const config = { ...authTokenConfig, slice_days: 365 };
    const result = await read(simulator, [], { catalog: incrementalCatalogOf('executions'), state: stateOf('executions', 'date_created', { [MAIN_ACCOUNT_SID]: cursor, [SUBACCOUNT_SID]: cursor }), config });
    expectComplete(result, ['executions']);
    const expected = executions.filter((execution) => String(execution['date_created']) >= cursor).sort(bySid);
    expect(expected.length).toBeGreaterThan(10);
    expect(dataOf(result.messages, 'executions')).toEqual(expected);
    const { log } = simulator.stats();
    const flows = await truthOf(simulator, 'flows');
    const requests = log.filter((entry) => entry.kind === 'executions');
    const windows = new Set(requests.map((entry) => queryOf(entry).get('DateCreatedFrom')));
    expect([...windows].sort()[0]).toBe(isoSeconds(Date.parse(cursor) - 1000));
    expect(requests).toHaveLength(windows.size * flows.length);
    expect(requests.every((entry) => Date.parse(queryOf(entry).get('DateCreatedTo') ?? '') - Date.parse(queryOf(entry).get('DateCreatedFrom') ?? '') === 365 * DAY_MS + 1000)).toBe(true);
    expect(log.filter((entry) => entry.kind === 'flows')).toHaveLength(1);
    // The auth token could list the subaccount, but Studio answers for the credentials' account: its cursor stays.
    expect(log.filter((entry) => entry.kind === 'accounts')).toEqual([]);
    const state = lastStateOf(result.messages, 'executions') as { accounts: Record<string, { date_created: string }> };
    expect(state.accounts[SUBACCOUNT_SID]).toEqual({ date_created: cursor });
    expect(Date.parse(state.accounts[MAIN_ACCOUNT_SID]?.date_created ?? '')).toBeGreaterThan(Date.parse(cursor));
  });

  it('steps of every execution of every flow, with start_date limiting the executions', async () => {
    const startDate = String(executions[5]?.['date_created']).slice(0, 10);
    const result = await read(simulator, ['steps'], { config: { ...apiKeyConfig, start_date: startDate } });
    expectComplete(result, ['steps']);
    const listed = simulator.stats().log.filter((entry) => entry.kind === 'executions');
    expect(listed.every((entry) => queryOf(entry).get('DateCreatedFrom') === `${startDate}T00:00:00Z`)).toBe(true);
    const read_ = new Set(simulator.stats().log.filter((entry) => entry.kind === 'steps').map((entry) => entry.executionSid));
    expect(read_).toEqual(new Set(executions.filter((execution) => String(execution['date_created']) >= `${startDate}T00:00:00Z`).map((execution) => execution['sid'])));
  });
});

describe('the credentials\' account and subaccounts', () => {
  it('reads a product stream once, for the configured account, while a 2010 stream reads every account in scope', async () => {
    await withSimulator({}, async (simulator) => {
      const result = await read(simulator, ['conferences', 'trunks'], { config: authTokenConfig });
      expectComplete(result, ['conferences', 'trunks']);
      const accountsOf = (stream: string) => new Set(recordsOf(result.messages, stream).map((record) => record.data['account_sid']));
      expect(accountsOf('conferences')).toEqual(new Set([MAIN_ACCOUNT_SID, SUBACCOUNT_SID]));
      expect(accountsOf('trunks')).toEqual(new Set([MAIN_ACCOUNT_SID]));
      expect(simulator.stats().log.filter((entry) => entry.kind === 'trunks')).toHaveLength(1);
      expect(dataOf(result.messages, 'trunks')).toEqual((await truthOf(simulator, 'trunks')).sort(bySid));
    });
  });

  it("a subaccount's own credentials read the subaccount's product data", async () => {
    await withSimulator({}, async (simulator) => {
      const subaccount = DEFAULT_FIXTURE.accounts[1];
      const config = { account_sid: SUBACCOUNT_SID, credentials: { auth_type: 'auth_token', auth_token: subaccount?.authToken } };
      const result = await read(simulator, ['flows'], { config });
      expectComplete(result, ['flows']);
      const flows = dataOf(result.messages, 'flows');
      expect(flows.length).toBeGreaterThan(0);
      expect(flows.every((flow) => flow['account_sid'] === SUBACCOUNT_SID)).toBe(true);
      expect(flows).toEqual((await truthOf(simulator, 'flows', basic(SUBACCOUNT_SID, String(subaccount?.authToken)))).sort(bySid));
    });
  });
});

describe('regions', () => {
  it('in ie1, every product stream is read from its ie1 host, alerts too (Twilio may run Monitor there)', async () => {
    await withSimulator({ region: 'ie1' }, async (simulator) => {
      const config = { ...apiKeyConfig, region: 'ie1', credentials: { auth_type: 'api_key', api_key_sid: IE1_API_KEY_SID, api_key_secret: IE1_API_KEY_SECRET } };
      const result = await read(simulator, ['alerts', 'conversations', 'flows', 'trunks'], { config });
      expectComplete(result, ['alerts', 'conversations', 'flows', 'trunks']);
      expect(recordsOf(result.messages, 'alerts').length).toBeGreaterThan(0);
    });
  });

  it('in au1, trunks are read, alerts fail saying Twilio may not run Monitor there when it does not, and the others say Twilio does not run them', async () => {
    const AU1_KEY = { sid: `SK${'a'.repeat(30)}a1`, secret: 'a'.repeat(32) };
    const [main, ...others] = DEFAULT_FIXTURE.accounts;
    if (main === undefined) throw new Error('the fixture has no main account');
    const dataset: DatasetOptions = { ...DEFAULT_FIXTURE, accounts: [{ ...main, apiKeys: [...main.apiKeys, { ...AU1_KEY, region: 'au1' }] }, ...others] };
    await withSimulator({ region: 'au1', dataset }, async (simulator) => {
      const config = { ...apiKeyConfig, region: 'au1', credentials: { auth_type: 'api_key', api_key_sid: AU1_KEY.sid, api_key_secret: AU1_KEY.secret } };
      const streams = ['alerts', 'users', 'executions', 'trunks'];
      const result = await read(simulator, streams, { config, env: { TWILIO_MONITOR_BASE_URL: 'https://monitor.sydney.au1.twilio.invalid' } });
      expect(statusesOf(result.messages, 'trunks')).toEqual(['STARTED', 'RUNNING', 'COMPLETE']);
      expect(recordsOf(result.messages, 'trunks').length).toBeGreaterThan(0);
      const errors = errorsOf(result.messages).map((error) => error.message);
      for (const [stream, api] of [['users', 'conversations'], ['executions', 'studio']] as const) {
        expect(statusesOf(result.messages, stream)).toEqual(['STARTED', 'INCOMPLETE']);
        expect(errors).toContainEqual(expect.stringContaining(`Stream "${stream}" reads Twilio's ${api} API, which Twilio does not run in region au1.`));
      }
      expect(statusesOf(result.messages, 'alerts')).toEqual(['STARTED', 'INCOMPLETE']);
      expect(errors).toContainEqual(
        expect.stringMatching(/^Stream "alerts" reads Twilio's monitor API, which Twilio may not run in region au1 \(its documentation disagrees\), and the attempt says it does not: The host name monitor\.sydney\.au1\.twilio\.invalid could not be resolved \(DNS\)/),
      );
      expect(simulator.stats().log.filter((entry) => entry.kind !== 'trunks')).toEqual([]);
    });
  });
});
