import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { configSchema, parseConfig } from '../src/config.js';
import { airbyteAjv } from './helpers/ajv.js';

const spec = JSON.parse(readFileSync(new URL('../spec.json', import.meta.url), 'utf8')) as {
  connectionSpecification: {
    required: string[];
    properties: Record<string, { enum?: string[]; default?: unknown; oneOf?: { properties: Record<string, unknown>; required: string[] }[] }>;
  };
};
const connectionSpecification = spec.connectionSpecification;
const validateAgainstSpec = airbyteAjv().compile(connectionSpecification);

const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';
const KEY = 'SK0123456789abcdef0123456789abcdef';
const token = { auth_type: 'auth_token', auth_token: 'a-token' };
const apiKey = { auth_type: 'api_key', api_key_sid: KEY, api_key_secret: 'a-secret' };

describe('the config schema and spec.json', () => {
  it('declare the same properties, required fields, enums and defaults', () => {
    const shape = configSchema.shape;
    expect(Object.keys(shape).sort()).toEqual(Object.keys(connectionSpecification.properties).sort());
    const required = Object.entries(shape)
      .filter(([, field]) => !field.safeParse(undefined).success)
      .map(([name]) => name);
    expect(required.sort()).toEqual([...connectionSpecification.required].sort());
    expect(shape.region.unwrap().options).toEqual(connectionSpecification.properties['region']?.enum);
    expect(shape.region.parse(undefined)).toBe(connectionSpecification.properties['region']?.default);
    expect(shape.max_concurrency.parse(undefined)).toBe(connectionSpecification.properties['max_concurrency']?.default);
  });

  it('offer the same credential choices with the same fields', () => {
    const variants = connectionSpecification.properties['credentials']?.oneOf ?? [];
    const fromSpec = variants.map((variant) => Object.keys(variant.properties).sort()).sort();
    const fromZod = configSchema.shape.credentials.options.map((option) => Object.keys(option.shape).sort()).sort();
    expect(fromZod).toEqual(fromSpec);
  });

  // The spec cannot say "not a calendar date" or "in the future", so those cases are only in the zod schema.
  const cases: [string, unknown, boolean][] = [
    ['auth token', { account_sid: ACCOUNT, credentials: token }, true],
    ['API key with every option', { account_sid: ACCOUNT, credentials: apiKey, region: 'ie1', start_date: '2024-01-31', max_concurrency: 4 }, true],
    ['unknown extra fields', { account_sid: ACCOUNT, credentials: token, something_else: 1 }, true],
    ['missing account_sid', { credentials: token }, false],
    ['an account SID of the wrong shape', { account_sid: 'AC123', credentials: token }, false],
    ['an SK where the AC belongs', { account_sid: KEY, credentials: token }, false],
    ['missing credentials', { account_sid: ACCOUNT }, false],
    ['an unknown auth_type', { account_sid: ACCOUNT, credentials: { auth_type: 'password', password: 'x' } }, false],
    ['an API key SID that is not SK', { account_sid: ACCOUNT, credentials: { ...apiKey, api_key_sid: ACCOUNT } }, false],
    ['an empty API key secret', { account_sid: ACCOUNT, credentials: { ...apiKey, api_key_secret: '' } }, false],
    ['an empty auth token', { account_sid: ACCOUNT, credentials: { ...token, auth_token: '' } }, false],
    ['an unknown region', { account_sid: ACCOUNT, credentials: token, region: 'eu1' }, false],
    ['a start date with a time', { account_sid: ACCOUNT, credentials: token, start_date: '2024-01-01T00:00:00Z' }, false],
    ['a concurrency of 0', { account_sid: ACCOUNT, credentials: token, max_concurrency: 0 }, false],
    ['a concurrency as text', { account_sid: ACCOUNT, credentials: token, max_concurrency: '8' }, false],
    ['a fractional concurrency', { account_sid: ACCOUNT, credentials: token, max_concurrency: 2.5 }, false],
  ];

  it.each(cases)('agree on %s', (_name, config, valid) => {
    expect(validateAgainstSpec(config)).toBe(valid);
    expect(configSchema.safeParse(config).success).toBe(valid);
  });
});

describe('parseConfig', () => {
  const problem = (config: unknown) => {
    try {
      parseConfig(config);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('expected the config to be rejected');
  };

  it('names the field and what it expects', () => {
    expect(problem({ account_sid: 'AC123', credentials: token })).toBe(
      'Config validation error: account_sid must be "AC" followed by 32 hexadecimal characters.',
    );
    expect(problem({ account_sid: ACCOUNT, credentials: { ...apiKey, api_key_sid: 'AC1' } })).toContain(
      'credentials.api_key_sid must be "SK" followed by 32 hexadecimal characters',
    );
    expect(problem({ account_sid: ACCOUNT })).toContain('credentials is required');
    expect(problem({ account_sid: ACCOUNT, credentials: token, region: 'eu1' })).toContain('region must be one of us1, ie1, au1');
    expect(problem({ account_sid: ACCOUNT, credentials: token, start_date: 'yesterday' })).toContain(
      'start_date must be a date written YYYY-MM-DD',
    );
    expect(problem({ account_sid: ACCOUNT, credentials: token, start_date: '2023-02-29' })).toContain(
      'start_date is not a calendar date',
    );
    expect(problem({ account_sid: ACCOUNT, credentials: token, start_date: '2999-01-01' })).toContain(
      'start_date lies in the future',
    );
    expect(problem([])).toBe('Config validation error: the config must be a JSON object.');
  });

  it('never repeats a secret it rejects', () => {
    const message = problem({ account_sid: 'bad', credentials: { ...apiKey, api_key_sid: 'SKsecretish', api_key_secret: 42 } });
    expect(message).not.toContain('42');
    expect(message).not.toContain('SKsecretish');
  });

  it('fills in the defaults', () => {
    expect(parseConfig({ account_sid: ACCOUNT, credentials: token })).toEqual({
      account_sid: ACCOUNT,
      credentials: token,
      region: 'us1',
      max_concurrency: 8,
      subaccounts: 'all',
      lookback_window: 0,
      slice_days: 1,
    });
  });
});
