import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { DEFAULT_FIXTURE, MAIN_ACCOUNT_SID, MAIN_WEBHOOK_PASSWORD, SUBACCOUNT_SID } from '../simulator/fixtures.js';
import { TwilioSimulator } from '../simulator/server.js';
import { toAirbyteJsonSchema } from '../src/protocol/json-schema.js';
import type { AirbyteMessage } from '../src/protocol/messages.js';
import { STREAMS } from '../src/streams/index.js';
import {
  apiKeyConfig,
  authTokenConfig,
  catalogOf,
  expectNoSecrets,
  FIXTURE_SECRETS,
  logsOf,
  recordsOf,
  runSource,
  type RunResult,
} from './helpers/connector.js';
import { withSimulator } from './helpers/simulator.js';

/** A field name that says it holds a credential. */
const SECRET_NAME = /auth_?token|secret|password|credential/i;
/** How a schema says why such a field is safe to emit. */
const WHY_SAFE = /^Not a secret: ./;

type JsonSchema = { [keyword: string]: unknown };

/** Every property of a JSON schema, nested ones as `parent.child`, with the schema that declares it. */
function propertiesOf(schema: JsonSchema, prefix = ''): Array<{ path: string; schema: JsonSchema }> {
  const found: Array<{ path: string; schema: JsonSchema }> = [];
  const properties = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
  for (const [name, property] of Object.entries(properties)) {
    found.push({ path: `${prefix}${name}`, schema: property }, ...propertiesOf(property, `${prefix}${name}.`));
  }
  const items = schema['items'];
  if (typeof items === 'object' && items !== null) found.push(...propertiesOf(items as JsonSchema, `${prefix}[].`));
  return found;
}

/** The fields whose name says they are a secret and whose description does not say why they are not. */
function unexplainedSecretFields(schema: z.ZodObject): string[] {
  return propertiesOf(toAirbyteJsonSchema(schema) as JsonSchema)
    .filter(({ path }) => SECRET_NAME.test(path.split('.').at(-1) ?? ''))
    .filter(({ schema: property }) => !WHY_SAFE.test(String(property['description'] ?? '')))
    .map(({ path }) => path);
}

describe('the schemas', () => {
  it.each(STREAMS.map((stream) => [stream.name, stream] as const))(
    '%s declares no field named like a secret unless its description says why it is safe',
    (_name, stream) => {
      expect(unexplainedSecretFields(stream.schema)).toEqual([]);
    },
  );

  it('the check above catches such a field, nested ones included, and accepts one that says why it is safe', () => {
    const schema = z.object({
      sid: z.string(),
      signing_secret: z.string().nullable(),
      links: z.looseObject({ credential_lists: z.string().nullish(), sip_password: z.string().nullish() }).nullable(),
      credential_list_sid: z.string().nullable().describe('Not a secret: the SID naming a credential list.'),
    });
    expect(unexplainedSecretFields(schema)).toEqual(['signing_secret', 'links.credential_lists', 'links.sip_password']);
  });

  it('accounts: auth_token is neither discovered nor read, and the schema says it is dropped and why', () => {
    const accounts = STREAMS.find((stream) => stream.name === 'accounts');
    const schema = toAirbyteJsonSchema(accounts?.schema ?? z.object({})) as JsonSchema;
    expect(Object.keys(schema['properties'] as object)).not.toContain('auth_token');
    expect(schema['description']).toMatch(/Dropped because it holds a credential: auth_token/);
  });
});

const ALL_STREAMS = catalogOf(...STREAMS.map((stream) => stream.name));
const WEBHOOK_URL = 'https://hooks.example.com/twilio/status?number=0';

function expectCleanRun(result: RunResult): void {
  expect(result.exitCode).toBe(0);
  expect(result.stderr).toBe('');
  // Every byte of stdout and stderr: no Auth Token of any account, no API key secret, no webhook password, in
  // plain text or in base64 as a Basic Authorization header would carry it.
  expectNoSecrets(result, FIXTURE_SECRETS);
  expect(FIXTURE_SECRETS).toEqual(expect.arrayContaining([...DEFAULT_FIXTURE.accounts.map((account) => account.authToken), MAIN_WEBHOOK_PASSWORD]));
  expect(`${result.stdout}${result.stderr}`).not.toMatch(/auth_token|twilio:[^@"]*@/);
}

const accountsOf = (messages: AirbyteMessage[]) => recordsOf(messages, 'accounts');

describe('a full read of every stream', () => {
  let simulator: TwilioSimulator;
  beforeAll(async () => {
    simulator = await TwilioSimulator.start();
  });
  afterAll(async () => {
    await simulator.close();
  });

  it('with the main Auth Token: every account is listed, and no account token or webhook password reaches any output', async () => {
    const result = await runSource('read', { baseUrl: simulator.url, config: authTokenConfig, catalog: ALL_STREAMS });
    expectCleanRun(result);

    // The simulator did send the tokens: the main account and both subaccounts, each with its own.
    const listed = (await (await fetch(`${simulator.url}/2010-04-01/Accounts.json`, { headers: { authorization: basic() } })).json()) as {
      accounts: Array<Record<string, unknown>>;
    };
    expect(listed.accounts.map((account) => account['auth_token'])).toEqual(
      expect.arrayContaining(DEFAULT_FIXTURE.accounts.map((account) => account.authToken)),
    );

    const accounts = accountsOf(result.messages);
    expect(accounts.map((record) => record.data['sid']).sort()).toEqual(DEFAULT_FIXTURE.accounts.map((account) => account.sid).sort());
    for (const record of accounts) {
      expect(Object.keys(record.data)).not.toContain('auth_token');
      expect(record.meta).toBeUndefined();
    }
  });

  it('removes the user info of a webhook URL, lists the change in meta.changes and says so in a warning', async () => {
    const result = await runSource('read', { baseUrl: simulator.url, config: apiKeyConfig, catalog: ALL_STREAMS });
    expectCleanRun(result);

    const numbers = recordsOf(result.messages, 'incoming_phone_numbers');
    expect(numbers).toHaveLength(3);
    const stripped = numbers.filter((record) => record.meta !== undefined);
    expect(stripped).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({ account_sid: MAIN_ACCOUNT_SID, status_callback: WEBHOOK_URL }),
        meta: { changes: [{ field: 'status_callback', change: 'TRUNCATED', reason: 'SOURCE_SERIALIZATION_ERROR' }] },
      }),
    ]);
    // URLs without user info are kept as sent.
    expect(numbers.map((record) => record.data['voice_url'])).toEqual(Array(3).fill('https://hooks.example.com/twilio/voice'));
    expect(logsOf(result.messages, 'WARN')).toEqual([
      'incoming_phone_numbers: field "status_callback": the user info (a user name and password) of a URL in it was removed.',
    ]);
    expect(logsOf(result.messages, 'INFO')).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^incoming_phone_numbers, account ${MAIN_ACCOUNT_SID}: read 3 records, 1 fields with a URL's user name and password removed ` +
            "\\(each listed in its record's meta\\.changes\\); \\d+ requests, 0 retries, 0 answered 429, \\d+ pages, in [\\d.]+ s\\.$",
        ),
      ),
    );

    // An API key sees its own account only.
    expect(accountsOf(result.messages).map((record) => record.data['sid'])).toEqual([MAIN_ACCOUNT_SID]);
  });
});

describe('the requests of the new streams', () => {
  it('accounts is one list that names no account; incoming_phone_numbers one list per account in scope, 1000 items a page', async () => {
    await withSimulator({}, async (simulator) => {
      const result = await runSource('read', {
        baseUrl: simulator.url,
        config: authTokenConfig,
        catalog: catalogOf('accounts', 'incoming_phone_numbers'),
      });
      expectCleanRun(result);
      expect(simulator.stats().log.map((entry) => entry.path)).toEqual([
        '/2010-04-01/Accounts.json?PageSize=1000',
        // The accounts in scope, listed once for the streams read per account.
        '/2010-04-01/Accounts.json?Status=active&PageSize=1000',
        `/2010-04-01/Accounts/${MAIN_ACCOUNT_SID}/IncomingPhoneNumbers.json?PageSize=1000`,
        `/2010-04-01/Accounts/${SUBACCOUNT_SID}/IncomingPhoneNumbers.json?PageSize=1000`,
      ]);
    });
  });
});

describe('a broken answer of Accounts.json', () => {
  it.each([['truncated-body'], ['reset-during-body']] as const)(
    'a %s, retried until the stream fails, prints no token of the part that arrived',
    async (type) => {
      await withSimulator({}, async (simulator) => {
        simulator.faults.add({ fault: { type }, kind: 'accounts' });
        const result = await runSource('read', { baseUrl: simulator.url, config: authTokenConfig, catalog: catalogOf('accounts') });
        expect(result.exitCode).toBe(1);
        expect(logsOf(result.messages, 'WARN')).toHaveLength(5);
        expectNoSecrets(result, FIXTURE_SECRETS);
      });
    },
  );
});

function basic(): string {
  const { account_sid: username, credentials } = authTokenConfig;
  return `Basic ${Buffer.from(`${username}:${credentials.auth_token}`).toString('base64')}`;
}
