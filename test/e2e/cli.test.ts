import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { DEFAULT_CLOCK, DEFAULT_FIXTURE, IE1_API_KEY_SECRET, IE1_API_KEY_SID, MAIN_ACCOUNT_SID, SUSPENDED_SUBACCOUNT_AUTH_TOKEN, SUSPENDED_SUBACCOUNT_SID } from '../../simulator/fixtures.js';
import { TwilioSimulator } from '../../simulator/server.js';
import { airbyteAjv } from '../helpers/ajv.js';
import {
  apiKeyConfig,
  authTokenConfig,
  catalogOf,
  errorsOf,
  expectNoSecrets,
  FIXTURE_SECRETS,
  logsOf,
  recordsOf,
  runConnector,
  statesOf,
  statusesOf,
  type RunOptions,
} from '../helpers/connector.js';
import { STREAMS } from '../../src/streams/index.js';

const specFile: unknown = JSON.parse(readFileSync(new URL('../../spec.json', import.meta.url), 'utf8'));
const BOTH = catalogOf('conferences', 'conference_participants');

let simulator: TwilioSimulator;
const run = async (command: string, options: RunOptions = {}) => {
  const result = await runConnector(command, { baseUrl: simulator.url, ...options });
  expectNoSecrets(result, [...FIXTURE_SECRETS, 'wrong-token-value']);
  return result;
};

beforeAll(async () => {
  // The fixture's own day: Voice Insights, which keeps 30 days, then holds its conferences too.
  simulator = await TwilioSimulator.start({ clock: DEFAULT_CLOCK });
});
afterAll(async () => {
  await simulator.close();
});
beforeEach(() => {
  simulator.faults.clear();
  simulator.resetStats();
});

describe('spec', () => {
  it('prints spec.json as the one SPEC message', async () => {
    const { exitCode, messages } = await run('spec');
    expect(exitCode).toBe(0);
    expect(messages).toEqual([{ type: 'SPEC', spec: specFile }]);
  });
});

describe('check', () => {
  it.each([
    ['an API key', apiKeyConfig],
    ['an Auth Token', authTokenConfig],
  ])('succeeds with %s, saying which accounts a sync reads', async (_name, config) => {
    const { exitCode, messages } = await run('check', { config });
    expect(exitCode).toBe(0);
    expect(messages).toEqual([
      { type: 'LOG', log: { level: 'INFO', message: expect.stringMatching(/^The credentials can see \d accounts? \(AC/) } },
      { type: 'CONNECTION_STATUS', connectionStatus: { status: 'SUCCEEDED' } },
    ]);
  });

  it('fails, with what to fix, when Twilio rejects the credentials', async () => {
    const config = { ...authTokenConfig, credentials: { auth_type: 'auth_token', auth_token: 'wrong-token-value' } };
    const { exitCode, messages } = await run('check', { config });
    expect(exitCode).toBe(0);
    expect(messages).toHaveLength(1);
    const [message] = messages;
    expect(message?.type === 'CONNECTION_STATUS' && message.connectionStatus.status).toBe('FAILED');
    const text = message?.type === 'CONNECTION_STATUS' ? (message.connectionStatus.message ?? '') : '';
    expect(text).toContain(`account ${MAIN_ACCOUNT_SID}`);
    expect(text).toContain('Check the Account SID and the Auth Token');
    expect(text).toContain('20003');
  });

  it('fails for credentials of another region and says which region they must come from', async () => {
    const config = {
      ...apiKeyConfig,
      credentials: { auth_type: 'api_key', api_key_sid: IE1_API_KEY_SID, api_key_secret: IE1_API_KEY_SECRET },
    };
    const { exitCode, messages } = await run('check', { config });
    expect(exitCode).toBe(0);
    expect(JSON.stringify(messages)).toContain('issued in region us1');
  });

  it("passes on Twilio's message for a suspended account", async () => {
    const config = { account_sid: SUSPENDED_SUBACCOUNT_SID, credentials: { auth_type: 'auth_token', auth_token: SUSPENDED_SUBACCOUNT_AUTH_TOKEN } };
    const { messages } = await run('check', { config });
    const [message] = messages;
    expect(message?.type === 'CONNECTION_STATUS' && message.connectionStatus.status).toBe('FAILED');
    expect(JSON.stringify(message)).toMatch(/suspended/i);
  });

  it('fails without calling Twilio when the config breaks the spec', async () => {
    const { exitCode, messages } = await run('check', { config: { account_sid: 'AC123' } });
    expect(exitCode).toBe(0);
    expect(messages).toHaveLength(1);
    expect(JSON.stringify(messages[0])).toContain('Config validation error: account_sid must be');
    expect(simulator.stats().requests).toBe(0);
  });

  it('reports an error Twilio keeps answering as a TRACE ERROR and exits 1', async () => {
    simulator.faults.add({ fault: { type: 'status', status: 503 } });
    const { exitCode, messages } = await run('check', { config: apiKeyConfig });
    expect(exitCode).toBe(1);
    const errors = errorsOf(messages);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.failure_type).toBe('transient_error');
    expect(errors[0]?.message).toContain('HTTP 503');
  });
});

describe('discover', () => {
  it('lists every stream with its primary key, sync modes and cursor, and Airbyte-conform schemas', async () => {
    const { exitCode, messages } = await run('discover', { config: apiKeyConfig });
    expect(exitCode).toBe(0);
    expect(messages).toHaveLength(1);
    const catalog = messages[0]?.type === 'CATALOG' ? messages[0].catalog : undefined;
    // The catalog is every stream of src/streams in order, each as its definition declares it; its JSON Schema is
    // checked against Airbyte's rules by the acceptance tests' discovery suite.
    expect(catalog?.streams.map((stream) => stream.name)).toEqual(STREAMS.map((stream) => stream.name));
    for (const stream of STREAMS) {
      const discovered = catalog?.streams.find((candidate) => candidate.name === stream.name);
      const cursor = stream.incremental?.cursorField;
      expect([stream.name, discovered?.source_defined_primary_key, discovered?.supported_sync_modes, discovered?.default_cursor_field]).toEqual([
        stream.name,
        stream.primaryKey.map((field) => [field]),
        cursor === undefined ? ['full_refresh'] : ['full_refresh', 'incremental'],
        cursor === undefined ? undefined : [cursor],
      ]);
      const properties = Object.keys((discovered?.json_schema['properties'] ?? {}) as object);
      expect([stream.name, [...stream.primaryKey, ...(cursor === undefined ? [] : [cursor])].every((field) => properties.includes(field))]).toEqual([stream.name, true]);
    }
    // Decisions a reader should find here: a participant is keyed by its URI (a call can be in two conferences), a
    // user's conversation by the pair, numbers on offer by nothing; media keep their own cursor, not their message's.
    const declared = (name: string) => catalog?.streams.find((stream) => stream.name === name);
    expect(declared('conference_participants')?.source_defined_primary_key).toEqual([['uri']]);
    expect(declared('user_conversations')?.source_defined_primary_key).toEqual([['user_sid'], ['conversation_sid']]);
    expect(declared('available_phone_numbers_local')?.source_defined_primary_key).toEqual([]);
    expect(declared('message_media')?.default_cursor_field).toEqual(['date_created']);
    const messagesSchema = catalog?.streams.find((stream) => stream.name === 'messages')?.json_schema['properties'] as Record<string, { description?: string }>;
    for (const field of ['body', 'from', 'to']) expect(messagesSchema[field]?.description).toMatch(/^PII: /);
    const text = JSON.stringify(catalog);
    expect(text).not.toMatch(/"(anyOf|allOf|oneOf|\$ref|not|required)"/);
    expect(text).not.toContain('"additionalProperties":false');
  });

  it('gives a config_error TRACE and exit 1 for an invalid config', async () => {
    const { exitCode, messages } = await run('discover', { config: { ...apiKeyConfig, region: 'mars' } });
    expect(exitCode).toBe(1);
    expect(errorsOf(messages)).toEqual([expect.objectContaining({ failure_type: 'config_error', message: expect.stringContaining('region must be one of us1, ie1, au1') })]);
  });
});

describe('read', () => {
  const activeConferenceSids = () => simulator.dataset.activeConferences(MAIN_ACCOUNT_SID).map((conference) => conference.sid);

  it('reads every conference and every live participant, with statuses and counted states', async () => {
    const { exitCode, messages } = await run('read', { config: apiKeyConfig, catalog: BOTH });
    expect(exitCode).toBe(0);
    const conferences = recordsOf(messages, 'conferences');
    const participants = recordsOf(messages, 'conference_participants');
    expect(conferences).toHaveLength(simulator.dataset.conferences(MAIN_ACCOUNT_SID).length);
    expect(participants).toHaveLength(simulator.dataset.expectedParticipantCount([MAIN_ACCOUNT_SID]));
    expect(participants.length).toBeGreaterThan(0);
    expect(new Set(participants.map((record) => record.data['uri'])).size).toBe(participants.length);
    for (const stream of ['conferences', 'conference_participants']) {
      expect(statusesOf(messages, stream)).toEqual(['STARTED', 'RUNNING', 'COMPLETE']);
      const states = statesOf(messages, stream);
      expect(states.length).toBeGreaterThanOrEqual(1);
      expect(states.reduce((sum, state) => sum + (state.sourceStats?.recordCount ?? 0), 0)).toBe(recordsOf(messages, stream).length);
    }
    expect(errorsOf(messages)).toEqual([]);
  });

  it('emits records that match the discovered schema exactly, with ISO 8601 dates', async () => {
    const discovered = await run('discover', { config: apiKeyConfig });
    const catalog = discovered.messages[0]?.type === 'CATALOG' ? discovered.messages[0].catalog : undefined;
    const { messages } = await run('read', { config: apiKeyConfig, catalog: catalogOf(...(catalog?.streams ?? []).map((stream) => stream.name)) });
    const ajv = airbyteAjv();
    for (const stream of catalog?.streams ?? []) {
      const validate = ajv.compile(stream.json_schema);
      const records = recordsOf(messages, stream.name);
      expect(records.length).toBeGreaterThan(0);
      for (const record of records) {
        expect(validate(record.data)).toBe(true);
        expect(Object.keys(record.data).sort()).toEqual(Object.keys(stream.json_schema['properties'] as object).sort());
        for (const field of ['date_created', 'date_sent', 'end_time', 'create_time', 'join_time']) {
          if (typeof record.data[field] === 'string') expect(record.data[field]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
        }
      }
    }
    const participant = recordsOf(messages, 'conference_participants')[0]?.data;
    const source = simulator.dataset.participants(MAIN_ACCOUNT_SID, String(participant?.['conference_sid']));
    const matching = Array.from({ length: source.length }, (_, index) => source.at(index)).find((item) => item.uri === participant?.['uri']);
    expect(participant?.['muted']).toBe(matching?.muted);
    expect(participant?.['date_created']).toBe(new Date(String(matching?.date_created)).toISOString().replace('.000Z', 'Z'));
  });

  it('reads participants alone, asking only for live conferences and never for a completed one', async () => {
    const { exitCode, messages } = await run('read', { config: apiKeyConfig, catalog: catalogOf('conference_participants') });
    expect(exitCode).toBe(0);
    expect(recordsOf(messages, 'conferences')).toEqual([]);
    expect(recordsOf(messages, 'conference_participants')).toHaveLength(simulator.dataset.expectedParticipantCount([MAIN_ACCOUNT_SID]));
    const { log } = simulator.stats();
    const conferenceLists = log.filter((entry) => entry.kind === 'conferences').map((entry) => new URL(entry.path, 'http://x').searchParams.get('Status'));
    expect(conferenceLists.sort()).toEqual(['in-progress', 'init']);
    const asked = log.filter((entry) => entry.kind === 'participants').map((entry) => entry.conferenceSid);
    expect([...asked].sort()).toEqual([...activeConferenceSids()].sort());
  });

  it('limits conferences, not participants, by start_date', async () => {
    const view = simulator.dataset.conferences(MAIN_ACCOUNT_SID);
    const days = Array.from({ length: view.length }, (_, index) => new Date(view.dateCreatedAt(index) * 1000).toISOString().slice(0, 10)).sort();
    const startDate = days[Math.floor(days.length / 2)] ?? '';
    const { messages } = await run('read', { config: { ...apiKeyConfig, start_date: startDate }, catalog: BOTH });
    const conferences = recordsOf(messages, 'conferences');
    expect(conferences.length).toBe(days.filter((day) => day >= startDate).length);
    expect(conferences.every((record) => String(record.data['date_created']) >= startDate)).toBe(true);
    expect(recordsOf(messages, 'conference_participants')).toHaveLength(simulator.dataset.expectedParticipantCount([MAIN_ACCOUNT_SID]));
  });

  it('treats a conference that ended after it was listed as one without participants', async () => {
    const [gone, alsoGone] = activeConferenceSids();
    simulator.faults.add({ fault: { type: 'vanished' }, pathIncludes: String(gone) });
    simulator.faults.add({ fault: { type: 'status', status: 404, code: 20404 }, pathIncludes: `${String(alsoGone)}/Participants` });
    const { exitCode, messages } = await run('read', { config: apiKeyConfig, catalog: catalogOf('conference_participants') });
    expect(exitCode).toBe(0);
    const records = recordsOf(messages, 'conference_participants');
    const perConference = (sid: string | undefined) => simulator.dataset.participants(MAIN_ACCOUNT_SID, String(sid)).length;
    expect(records).toHaveLength(simulator.dataset.expectedParticipantCount([MAIN_ACCOUNT_SID]) - perConference(gone) - perConference(alsoGone));
    expect(logsOf(messages, 'INFO').some((text) => text.includes(String(alsoGone)) && text.includes('404'))).toBe(true);
    expect(statusesOf(messages, 'conference_participants')).toEqual(['STARTED', 'RUNNING', 'COMPLETE']);
  });

  it('keeps reading other streams when one fails, then ends with an error naming it', async () => {
    simulator.faults.add({ fault: { type: 'status', status: 500 }, kind: 'participants' });
    const { exitCode, messages } = await run('read', { config: apiKeyConfig, catalog: catalogOf('conference_participants', 'conferences') });
    expect(exitCode).toBe(1);
    expect(statusesOf(messages, 'conference_participants')).toEqual(['STARTED', 'INCOMPLETE']);
    expect(statusesOf(messages, 'conferences')).toEqual(['STARTED', 'RUNNING', 'COMPLETE']);
    expect(recordsOf(messages, 'conferences').length).toBeGreaterThan(0);
    const errors = errorsOf(messages);
    expect(errors[0]).toEqual(expect.objectContaining({ failure_type: 'transient_error', stream_descriptor: { name: 'conference_participants' } }));
    expect(errors.at(-1)?.message).toContain('1 of 2 streams failed: conference_participants');
    expect(errors.at(-1)?.failure_type).toBe('transient_error');
  });

  it('rejects a stream it does not have, and still reads the others', async () => {
    const { exitCode, messages } = await run('read', { config: apiKeyConfig, catalog: catalogOf('faxes', 'conferences') });
    expect(exitCode).toBe(1);
    expect(errorsOf(messages)[0]?.message).toContain('"faxes", which this source does not have');
    expect(statusesOf(messages, 'conferences')).toEqual(['STARTED', 'RUNNING', 'COMPLETE']);
  });

  it('rejects the acceptance tests\' invalid catalog with a TRACE ERROR', async () => {
    const catalog = {
      streams: [{ stream: { name: '__AIRBYTE__stream_that_does_not_exist', json_schema: {}, supported_sync_modes: ['INVALID'] }, sync_mode: 'INVALID', destination_sync_mode: 'INVALID' }],
    };
    const { exitCode, messages } = await run('read', { config: apiKeyConfig, catalog });
    expect(exitCode).toBe(1);
    expect(errorsOf(messages)).toEqual([expect.objectContaining({ failure_type: 'config_error', message: expect.stringContaining('configured catalog is invalid') })]);
  });

  it('accepts the explicit nulls acceptance tooling writes, and refuses a legacy state object rather than reading everything again', async () => {
    const catalog = {
      streams: [{
        stream: { name: 'conferences', json_schema: {}, supported_sync_modes: ['full_refresh'], namespace: null, default_cursor_field: null, source_defined_primary_key: null },
        sync_mode: 'full_refresh', destination_sync_mode: 'append', cursor_field: null, primary_key: null,
      }],
    };
    const arrayState = [{ type: 'STREAM', stream: { stream_descriptor: { name: 'conferences', namespace: null }, stream_state: null } }];
    expect((await run('read', { config: apiKeyConfig, catalog, state: arrayState })).exitCode).toBe(0);
    for (const state of [{ conferences: {} }, { data: { conferences: {} } }]) {
      const { exitCode, messages } = await run('read', { config: apiKeyConfig, catalog, state });
      expect(exitCode).toBe(1);
      expect(errorsOf(messages)).toEqual([
        expect.objectContaining({ failure_type: 'config_error', message: expect.stringContaining('a legacy state object (one object keyed by stream name) is not supported') }),
      ]);
      expect(recordsOf(messages, 'conferences')).toEqual([]);
    }
  });

  it('warns about, and ignores, the state of a stream that is not in the catalog', async () => {
    const state = [{ type: 'STREAM', stream: { stream_descriptor: { name: 'calls' }, stream_state: { cursor: 'x' } } }];
    const { exitCode, messages } = await run('read', { config: apiKeyConfig, catalog: catalogOf('conferences'), state });
    expect(exitCode).toBe(0);
    expect(logsOf(messages, 'WARN')).toContain('Ignoring the state of stream "calls": it is not in the catalog.');
  });

  it('fails with a config_error when Twilio rejects the credentials', async () => {
    const config = { ...authTokenConfig, credentials: { auth_type: 'auth_token', auth_token: 'wrong-token-value' } };
    const { exitCode, messages } = await run('read', { config, catalog: BOTH });
    expect(exitCode).toBe(1);
    expect(errorsOf(messages).at(-1)?.failure_type).toBe('config_error');
  });
});

describe('read with dates Twilio gets wrong', () => {
  let odd: TwilioSimulator;
  beforeAll(async () => {
    odd = await TwilioSimulator.start({ dataset: { ...DEFAULT_FIXTURE, nonCanonicalDates: true, unparsableDateEvery: 4 } });
  });
  afterAll(async () => {
    await odd.close();
  });

  it('nulls an unreadable date, records the change in meta.changes, warns, and loses no record', async () => {
    const { exitCode, messages } = await runConnector('read', { baseUrl: odd.url, config: apiKeyConfig, catalog: catalogOf('conference_participants') });
    expect(exitCode).toBe(0);
    const records = recordsOf(messages, 'conference_participants');
    expect(records).toHaveLength(odd.dataset.expectedParticipantCount([MAIN_ACCOUNT_SID]));
    const nulled = records.filter((record) => record.meta?.changes?.length);
    expect(nulled.length).toBeGreaterThan(0);
    for (const record of nulled) {
      expect(record.data['date_updated']).toBeNull();
      expect(record.meta?.changes).toEqual([{ field: 'date_updated', change: 'NULLED', reason: 'SOURCE_SERIALIZATION_ERROR' }]);
    }
    expect(records.every((record) => record.data['date_created'] !== null)).toBe(true);
    expect(logsOf(messages, 'WARN').some((text) => text.includes('"not a date" is not an RFC 2822 date'))).toBe(true);
  });
});
