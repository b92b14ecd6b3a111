/**
 * Adding a stream is one stream file and one simulator declaration, as DEVELOPERS.md shows: this test writes both for
 * a stream the connector does not have (`conversation_tags`, two levels below the account: every tag of every
 * conversation), finds them the way `npm run generate` does, and reads the stream end to end, incrementally too.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_CLOCK, DEFAULT_FIXTURE } from '../simulator/fixtures.js';
import type { Resource } from '../simulator/resource.js';
import { RESOURCES } from '../simulator/resources/index.js';
import { TwilioSimulator } from '../simulator/server.js';
import type { StreamDefinition } from '../src/streams/definition.js';
import { STREAMS } from '../src/streams/index.js';
import { PROJECT_ROOT, registries } from '../tools/generate.js';
import { apiKeyConfig, catalogOf, errorsOf, incrementalCatalogOf, recordsOf, runSource, statesOf } from './helpers/connector.js';

const from = (path: string) => join(PROJECT_ROOT, path);

/** What a developer writes as `src/streams/conversation-tags.ts`. */
const STREAM_FILE = `
import * as z from 'zod';
import { conversationOf, type ConversationContext } from '${from('src/streams/conversation-participants.ts')}';
import { defineStream, isoDateTime } from '${from('src/streams/definition.ts')}';

export const conversationTagSchema = z.object({
  sid: z.string(),
  conversation_sid: z.string().nullable(),
  label: z.string().nullable(),
  date_created: isoDateTime(),
});

export const conversationTags = defineStream({
  name: 'conversation_tags',
  description: 'The tags of every conversation',
  api: 'conversations',
  path: ({ conversationSid }: ConversationContext) => \`/v1/Conversations/\${conversationSid}/Tags\`,
  itemsKey: 'tags',
  pageSize: 50,
  schema: conversationTagSchema,
  primaryKey: ['sid'],
  incremental: { cursorField: 'date_created', filter: { format: 'iso', after: 'CreatedAfter', before: 'CreatedBefore' } },
  parent: conversationOf,
  notFoundIsEmpty: true,
  scope: 'credentials',
});
`;

/** What a developer writes as `simulator/resources/conversation-tags.ts`. */
const RESOURCE_FILE = `
import { conversations } from '${from('simulator/resources/conversations.ts')}';
import { isoDate, v1List } from '${from('simulator/resources/v1-rows.ts')}';
import { isoRange } from '${from('simulator/filters.ts')}';

export const conversationTags = v1List({
  product: 'conversations',
  kind: 'conversation-tags',
  path: '/v1/Conversations/{ConversationSid}/Tags',
  itemsKey: 'tags',
  maxPageSize: 50,
  parent: conversations,
  rows: { sidPrefix: 'TG', count: 3, spacingSeconds: 3600 },
  row: ({ index, sid, created, parentSid }) => ({
    sid,
    conversation_sid: parentSid,
    label: ['billing', 'urgent', 'résumé ✓'][index % 3],
    date_created: isoDate(created),
  }),
  filters: [isoRange('CreatedAfter', 'CreatedBefore', true, (list, index) => Date.parse(list.at(index).date_created) / 1000)],
});
`;

let folder: string;
let stream: StreamDefinition;
let resource: Resource;
let simulator: TwilioSimulator;

beforeAll(async () => {
  // In the project, where its files' packages (zod) resolve.
  folder = await mkdtemp(join(PROJECT_ROOT, '.new-stream-'));
  await writeFile(join(folder, 'conversation-tags.ts'), STREAM_FILE);
  await writeFile(join(folder, 'conversation-tags-resource.ts'), RESOURCE_FILE);
  // As in this project: its modules are ES modules.
  await writeFile(join(folder, 'package.json'), '{"type": "module"}');
  const found = await registries({ streams: folder, resources: folder });
  const [definition] = found.streams;
  const [declaration] = found.resources;
  if (definition === undefined || declaration === undefined) throw new Error('The files declare no stream or no resource.');
  stream = definition;
  resource = declaration;
  simulator = await TwilioSimulator.start({ clock: DEFAULT_CLOCK, dataset: DEFAULT_FIXTURE, resources: [...RESOURCES, resource] });
});
afterAll(async () => {
  await simulator?.close();
  await rm(folder, { recursive: true, force: true });
});

const streams = () => [...STREAMS, stream];

describe('a stream added as one stream file and one simulator declaration', () => {
  it('is found by the generator as a stream and a resource, and nothing else is needed', () => {
    expect(stream?.name).toBe('conversation_tags');
    expect(resource?.kind).toBe('conversation-tags');
  });

  it('is discovered with its key, cursor and schema', async () => {
    const result = await runSource('discover', { config: apiKeyConfig, streams: streams() });
    const catalog = result.messages.find((message) => message.type === 'CATALOG');
    const discovered = catalog?.type === 'CATALOG' ? catalog.catalog.streams.find((candidate) => candidate.name === 'conversation_tags') : undefined;
    expect(discovered).toMatchObject({ source_defined_primary_key: [['sid']], default_cursor_field: ['date_created'], is_resumable: true });
  });

  it('reads every tag of every conversation, at its page size, with its text as Twilio sent it', async () => {
    simulator.resetStats();
    const result = await runSource('read', { baseUrl: simulator.url, config: apiKeyConfig, catalog: catalogOf('conversation_tags'), streams: streams() });
    expect(errorsOf(result.messages)).toEqual([]);
    const tags = recordsOf(result.messages, 'conversation_tags').map((record) => record.data);
    const lists = simulator.stats().log.filter((entry) => entry.kind === 'conversation-tags');
    // Three conversations in the default fixture, the last without tags (the simulator's empty case).
    expect(lists.map((entry) => entry.path.split('?')[1])).toEqual(['PageSize=50', 'PageSize=50', 'PageSize=50']);
    expect(tags).toHaveLength(6);
    expect(tags.map((tag) => tag['label'])).toContain('résumé ✓');
  });

  it('reads incrementally by its own date filter under every conversation, and a second sync asks only from its cursor', async () => {
    const first = await runSource('read', { baseUrl: simulator.url, config: apiKeyConfig, catalog: incrementalCatalogOf('conversation_tags'), streams: streams() });
    expect(errorsOf(first.messages)).toEqual([]);
    expect(recordsOf(first.messages, 'conversation_tags')).toHaveLength(6);
    const state = statesOf(first.messages, 'conversation_tags').at(-1);
    expect(state?.stream.stream_state).toEqual({ accounts: { [apiKeyConfig.account_sid]: { date_created: expect.any(String) } } });
    const second = await runSource('read', {
      baseUrl: simulator.url,
      config: apiKeyConfig,
      catalog: incrementalCatalogOf('conversation_tags'),
      state: [state],
      streams: streams(),
    });
    expect(recordsOf(second.messages, 'conversation_tags').length).toBeLessThan(6);
  });
});
