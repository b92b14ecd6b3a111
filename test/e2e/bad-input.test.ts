import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { IE1_API_KEY_SECRET, IE1_API_KEY_SID, MAIN_ACCOUNT_SID, SUSPENDED_SUBACCOUNT_AUTH_TOKEN, SUSPENDED_SUBACCOUNT_SID } from '../../simulator/fixtures.js';
import { TwilioSimulator } from '../../simulator/server.js';
import type { AirbyteMessage } from '../../src/protocol/messages.js';
import {
  apiKeyConfig,
  authTokenConfig,
  catalogOf,
  expectNoSecrets,
  spawnCli,
  withInputFiles,
  type RunOptions,
  type RunResult,
} from '../helpers/connector.js';

const CATALOG = catalogOf('conferences');
const tokenConfig = (fields: Record<string, unknown>) => ({ ...authTokenConfig, ...fields });
const keyCredentials = (fields: Record<string, unknown>) => ({ ...apiKeyConfig, credentials: { ...apiKeyConfig.credentials, ...fields } });

let simulator: TwilioSimulator;
beforeAll(async () => {
  simulator = await TwilioSimulator.start();
});
afterAll(async () => {
  await simulator.close();
});

/** An input given as a file's content, or as a path that is not a readable file. */
type Input = { content: unknown } | { path: string };

async function run(command: string, inputs: { config: Input; catalog?: Input; state?: Input }, extra: RunOptions = {}): Promise<RunResult> {
  const files: RunOptions = {};
  const paths: string[] = [];
  for (const [name, input] of Object.entries(inputs)) {
    if ('content' in input) files[name as 'config' | 'catalog' | 'state'] = input.content;
    else paths.push(`--${name}`, input.path);
  }
  const result = await withInputFiles(command, files, (args) => spawnCli([...args, ...paths], { baseUrl: simulator.url, ...extra }));
  expectNoSecrets(result);
  return result;
}

/** The one message a bad input may produce: a config_error TRACE whose message is text for a person, no stack. */
function expectOneConfigError(result: RunResult, expected: RegExp): void {
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(1);
  expect(result.messages).toEqual([
    { type: 'TRACE', trace: { type: 'ERROR', emitted_at: expect.any(Number), error: { message: expect.stringMatching(expected), failure_type: 'config_error' } } },
  ]);
  expectReadableMessage(result.messages);
}

function expectReadableMessage(messages: AirbyteMessage[]): void {
  for (const message of messages) expect(JSON.stringify(message)).not.toMatch(/\\n\s+at |stack_trace/);
}

describe('a bad config', () => {
  const cases: [string, Input, RegExp][] = [
    ['a directory, not a file', { path: '/' }, /^Cannot read the config file \/: it is a directory\.$/],
    ['a file that does not exist', { path: '/nonexistent/config.json' }, /^Cannot read the config file \/nonexistent\/config\.json: no such file\.$/],
    ['not JSON', { content: '{"account_sid": ' }, /^The config file .*config\.json is not valid JSON: /],
    ['JSON but not an object', { content: [apiKeyConfig] }, /^Config validation error: the config must be a JSON object\.$/],
    ['no account_sid', { content: { credentials: authTokenConfig.credentials } }, /account_sid is required: the Account SID, "AC" followed by 32 hexadecimal characters/],
    ['an account SID of the wrong shape', { content: tokenConfig({ account_sid: 'AC123' }) }, /account_sid must be "AC" followed by 32 hexadecimal characters/],
    ['an API key SID that is not SK…', { content: keyCredentials({ api_key_sid: MAIN_ACCOUNT_SID }) }, /credentials\.api_key_sid must be "SK" followed by 32 hexadecimal characters/],
    ['an empty API key secret', { content: keyCredentials({ api_key_secret: '' }) }, /credentials\.api_key_secret must not be empty/],
    ['an empty Auth Token', { content: tokenConfig({ credentials: { auth_type: 'auth_token', auth_token: '' } }) }, /credentials\.auth_token must not be empty/],
    ['no credentials', { content: { account_sid: MAIN_ACCOUNT_SID } }, /credentials is required: an object whose "auth_type" is "api_key" .* or "auth_token"/],
    ['an unknown region', { content: tokenConfig({ region: 'eu1' }) }, /region must be one of us1, ie1, au1/],
    ['a start_date that is not a date', { content: tokenConfig({ start_date: 'last week' }) }, /start_date must be a date written YYYY-MM-DD, such as 2024-01-01/],
    ['a start_date that is not a calendar day', { content: tokenConfig({ start_date: '2025-02-30' }) }, /start_date is not a calendar date/],
    ['a start_date in the future', { content: tokenConfig({ start_date: '2999-01-01' }) }, /start_date lies in the future/],
    ['a max_concurrency of the wrong type', { content: tokenConfig({ max_concurrency: '8' }) }, /max_concurrency must be a whole number from 1 to 32/],
    ['a secret of the wrong type', { content: keyCredentials({ api_key_secret: 42 }) }, /credentials\.api_key_secret must be the API key's secret/],
    [
      'every field of the wrong type',
      { content: { account_sid: 42, credentials: 'token', region: 1, start_date: 20240101, max_concurrency: [] } },
      /account_sid must be .*; credentials must be an object .*; region must be one of .*; start_date must be a date .*; max_concurrency must be a whole number/,
    ],
  ];

  it.each(cases)('%s: read gives one config_error naming the field, exit 1; check answers FAILED, exit 0', async (_name, config, expected) => {
    const [read, check] = await Promise.all([run('read', { config, catalog: { content: CATALOG } }), run('check', { config })]);
    expectOneConfigError(read, expected);
    expect(check.stderr).toBe('');
    expect(check.exitCode).toBe(0);
    expect(check.messages).toEqual([{ type: 'CONNECTION_STATUS', connectionStatus: { status: 'FAILED', message: expect.stringMatching(expected) } }]);
    expectReadableMessage(check.messages);
  });

  it('with a secret so short it occurs in every message: masked inside the text only, the message still valid', async () => {
    const result = await run('read', { config: { content: tokenConfig({ credentials: { auth_type: 'auth_token', auth_token: 'e' }, region: 'mars' }) }, catalog: { content: CATALOG } });
    expectOneConfigError(result, /^Config validation \*\*\*\*rror: r\*\*\*\*gion must b\*\*\*\* on\*\*\*\* of us1, i\*\*\*\*1, au1\.$/);
  });
});

describe('a bad catalog', () => {
  const cases: [string, Input | undefined, RegExp][] = [
    ['missing from the command line', undefined, /^Missing --catalog FILE\. Usage: /],
    ['a file that does not exist', { path: '/nonexistent/catalog.json' }, /^Cannot read the catalog file \/nonexistent\/catalog\.json: no such file\.$/],
    ['not JSON', { content: 'streams: [conferences]' }, /^The catalog file .*catalog\.json is not valid JSON: /],
    ['without a streams array', { content: { stream: CATALOG.streams } }, /^The configured catalog is invalid: streams: Invalid input: expected array, received undefined\.$/],
    ['with streams that are not an array', { content: { streams: 'conferences' } }, /^The configured catalog is invalid: streams: Invalid input: expected array, received string\.$/],
  ];

  it.each(cases)('%s: one config_error saying what is wrong, exit 1', async (_name, catalog, expected) => {
    const result = await run('read', catalog === undefined ? { config: { content: apiKeyConfig } } : { config: { content: apiKeyConfig }, catalog });
    expectOneConfigError(result, expected);
  });

  it('asking for a sync mode the stream does not support: that stream fails with a config_error saying which it supports', async () => {
    const incremental = { ...catalogOf('conference_participants').streams[0], sync_mode: 'incremental' };
    const { exitCode, messages, stderr } = await run('read', { config: { content: apiKeyConfig }, catalog: { content: { streams: [incremental] } } });
    expect(stderr).toBe('');
    expect(exitCode).toBe(1);
    const expected = 'Stream "conference_participants" does not support sync mode "incremental"; it supports full_refresh.';
    expect(messages.filter((message) => message.type === 'TRACE' && message.trace.type === 'ERROR')).toEqual([
      expect.objectContaining({ trace: expect.objectContaining({ error: { message: expected, failure_type: 'config_error', stream_descriptor: { name: 'conference_participants' } } }) }),
      expect.objectContaining({ trace: expect.objectContaining({ error: { message: expect.stringContaining(expected), failure_type: 'config_error' } }) }),
    ]);
    expect(messages.some((message) => message.type === 'RECORD')).toBe(false);
    expectReadableMessage(messages);
  });
});

describe('a bad state', () => {
  const cases: [string, Input, RegExp][] = [
    ['not JSON', { content: '[{"type": "STREAM",' }, /^The state file .*state\.json is not valid JSON: /],
    ['neither an array nor an object', { content: 42 }, /^The state file is invalid: expected a JSON array of STREAM state messages; a legacy state object .* is not supported/],
    ['an entry that is not a STREAM state', { content: [{ type: 'GLOBAL', global: {} }] }, /^The state file is invalid: entry 0 must be a STREAM state message .*: type: Invalid input: expected "STREAM"/],
    [
      'a STREAM state without its stream descriptor',
      { content: [{ type: 'STREAM', stream: { stream_state: {} } }] },
      /^The state file is invalid: entry 0 must be a STREAM state message .*: stream\.stream_descriptor: Invalid input: expected object/,
    ],
  ];

  it.each(cases)('%s: one config_error saying what is expected, exit 1', async (_name, state, expected) => {
    const result = await run('read', { config: { content: apiKeyConfig }, catalog: { content: CATALOG }, state });
    expectOneConfigError(result, expected);
  });
});

describe('credentials Twilio does not accept, in a read', () => {
  const cases: [string, unknown, RegExp][] = [
    [
      'credentials issued in another region',
      keyCredentials({ api_key_sid: IE1_API_KEY_SID, api_key_secret: IE1_API_KEY_SECRET }),
      /^Twilio rejected the credentials for account AC\w+ \(HTTP 401, Twilio error 20003: .*\)\. Check the Account SID and the API key SID and secret, .* issued in region us1\.$/,
    ],
    [
      'a suspended account',
      { account_sid: SUSPENDED_SUBACCOUNT_SID, credentials: { auth_type: 'auth_token', auth_token: SUSPENDED_SUBACCOUNT_AUTH_TOKEN } },
      new RegExp(`^Twilio rejected the credentials for account ${SUSPENDED_SUBACCOUNT_SID} \\(HTTP 401, Twilio error 20003: Authenticate: The account ${SUSPENDED_SUBACCOUNT_SID} is suspended\\.\\)`),
    ],
  ];

  it.each(cases)('%s: the stream fails with a config_error passing on what Twilio said, exit 1', async (_name, config, expected) => {
    const { exitCode, messages, stderr } = await run('read', { config: { content: config }, catalog: { content: CATALOG } });
    expect(stderr).toBe('');
    expect(exitCode).toBe(1);
    const errors = messages.flatMap((message) => (message.type === 'TRACE' && message.trace.type === 'ERROR' ? [message.trace.error] : []));
    expect(errors).toEqual([
      expect.objectContaining({ message: expect.stringMatching(expected), failure_type: 'config_error', stream_descriptor: { name: 'conferences' } }),
      expect.objectContaining({ message: expect.stringMatching(/^1 of 1 streams failed: conferences\. conferences: Twilio rejected/), failure_type: 'config_error' }),
    ]);
    expectReadableMessage(messages);
  });
});

describe('a config that is fine', () => {
  it('passes every check above (so each failure is the input, not the test)', async () => {
    const result = await run('read', { config: { content: apiKeyConfig }, catalog: { content: CATALOG } });
    expect(result.exitCode).toBe(0);
  });
});
