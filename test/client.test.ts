import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { DEFAULT_FIXTURE, MAIN_ACCOUNT_SID, MAIN_API_KEY_SECRET, MAIN_API_KEY_SID } from '../simulator/fixtures.js';
import { TwilioSimulator } from '../simulator/server.js';
import { TwilioClient, type RetryEvent, type TwilioClientOptions } from '../src/twilio/client.js';
import { TwilioAuthError, TwilioNotFoundError, TwilioRequestError, TwilioUnavailableError } from '../src/twilio/errors.js';
import { TRANSIENT_FAULTS } from './helpers/faults.js';
import { describeSlow } from './helpers/tiers.js';

const CONFERENCES = `/2010-04-01/Accounts/${MAIN_ACCOUNT_SID}/Conferences.json`;
let simulator: TwilioSimulator;

function client({ baseUrl, ...overrides }: Partial<TwilioClientOptions> & { baseUrl?: string } = {}, retries: RetryEvent[] = []): TwilioClient {
  return new TwilioClient({
    origins: { api: baseUrl ?? simulator.url },
    username: MAIN_API_KEY_SID,
    password: MAIN_API_KEY_SECRET,
    maxConcurrency: 4,
    timeoutMs: 2_000,
    retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 2_000 },
    signal: new AbortController().signal,
    userAgent: 'source-twilio tests',
    onRetry: (event) => retries.push(event),
    ...overrides,
  });
}

async function listAll(twilio: TwilioClient, query: Record<string, string> = {}): Promise<unknown[]> {
  const items: unknown[] = [];
  for await (const page of twilio.pages({ api: 'api', path: CONFERENCES, itemsKey: 'conferences', query })) items.push(...page);
  return items;
}

beforeAll(async () => {
  // More conferences than one page holds, so paging is exercised.
  simulator = await TwilioSimulator.start({ dataset: { ...DEFAULT_FIXTURE, conferencesPerAccount: 2_345, activeShare: 0.02 } });
});
afterAll(async () => {
  await simulator.close();
});
beforeEach(() => {
  simulator.faults.clear();
  simulator.resetStats();
});

describe('paging', () => {
  it('asks for 1000 items a page, then follows next_page_uri exactly as Twilio gave it', async () => {
    const items = await listAll(client());
    expect(items).toHaveLength(2_345);
    const paths = simulator.stats().log.map((entry) => entry.path);
    expect(paths).toHaveLength(3);
    expect(paths[0]).toBe(`${CONFERENCES}?PageSize=1000`);
    const firstPage = (await (await fetch(`${simulator.url}${paths[0] ?? ''}`, { headers: { authorization: `Basic ${Buffer.from(`${MAIN_API_KEY_SID}:${MAIN_API_KEY_SECRET}`).toString('base64')}` } })).json()) as { next_page_uri: string };
    expect(paths[1]).toBe(firstPage.next_page_uri);
    expect(paths[2]).toContain('PageToken=');
  });

  it("sends filters in Twilio's encoded form", async () => {
    await listAll(client(), { 'DateCreated>': '2025-06-02', Status: 'completed' });
    expect(simulator.stats().log[0]?.path).toBe(`${CONFERENCES}?DateCreated%3E=2025-06-02&Status=completed&PageSize=1000`);
  });
});

describeSlow('retries', () => {
  it.each(TRANSIENT_FAULTS)('recovers from %s on every page and loses nothing', async (_name, fault) => {
    simulator.faults.add({ fault, attempts: 1 });
    const retries: RetryEvent[] = [];
    const items = await listAll(client({ timeoutMs: 1_000 }, retries), {});
    expect(new Set(items.map((item) => (item as { sid: string }).sid)).size).toBe(2_345);
    expect(items).toHaveLength(2_345);
    // At least one retry per page: a loaded machine may add a timeout of its own.
    expect(retries.length).toBeGreaterThanOrEqual(3);
    expect(simulator.stats().log.filter((entry) => entry.fault === fault.type)).toHaveLength(3);
  });

  it('waits as long as Retry-After says', async () => {
    simulator.faults.add({ fault: { type: 'status', status: 429, retryAfter: 1 }, times: 1 });
    const retries: RetryEvent[] = [];
    const started = Date.now();
    await client({}, retries).fetch('api', CONFERENCES);
    expect(retries[0]?.delayMs).toBe(1_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  });

  it('gives up after the last attempt and says why', async () => {
    simulator.faults.add({ fault: { type: 'status', status: 503 } });
    const failure = client().fetch('api', CONFERENCES);
    await expect(failure).rejects.toBeInstanceOf(TwilioUnavailableError);
    await expect(failure).rejects.toThrow(/after 4 attempts; the last failure: HTTP 503/);
    expect(simulator.stats().requests).toBe(4);
  });

  it('halves its concurrency when Twilio answers 429, and still finishes', async () => {
    const limited = await TwilioSimulator.start({ maxConcurrentRequests: 2, latencyMs: 20 });
    try {
      const retries: RetryEvent[] = [];
      const retry = { maxAttempts: 8, baseDelayMs: 5, maxDelayMs: 50, maxRetryAfterMs: 100 };
      const twilio = client({ baseUrl: limited.url, maxConcurrency: 8, retry }, retries);
      const results = await Promise.all(Array.from({ length: 24 }, () => twilio.fetch('api', CONFERENCES, { PageSize: '1' })));
      expect(results).toHaveLength(24);
      const limits = retries.flatMap((event) => (event.concurrencyLimit === undefined ? [] : [event.concurrencyLimit]));
      expect(Math.min(...limits)).toBeLessThanOrEqual(4);
    } finally {
      await limited.close();
    }
  });
});

describe('errors that retrying cannot fix', () => {
  it('reports rejected credentials at once', async () => {
    const failure = client({ password: 'wrong' }).fetch('api', CONFERENCES);
    await expect(failure).rejects.toBeInstanceOf(TwilioAuthError);
    await expect(failure).rejects.toThrow('HTTP 401, Twilio error 20003: Authenticate: Your AccountSid or AuthToken was incorrect.');
    expect(simulator.stats().requests).toBe(1);
  });

  it('retries a 401 that comes after the credentials have worked', async () => {
    const twilio = client();
    await twilio.fetch('api', CONFERENCES, { PageSize: '1' });
    simulator.faults.add({ fault: { type: 'status', status: 401, code: 20003 }, times: 1 });
    await expect(twilio.fetch('api', CONFERENCES, { PageSize: '1' })).resolves.toHaveProperty('conferences');
  });

  it('reports a missing resource as not found', async () => {
    await expect(client().fetch('api', `/2010-04-01/Accounts/${MAIN_ACCOUNT_SID}/Conferences/CF${'0'.repeat(32)}.json`)).rejects.toBeInstanceOf(TwilioNotFoundError);
  });

  it('sends credentials over plain http only to loopback', () => {
    expect(() => client({ baseUrl: 'http://api.twilio.com' })).toThrow(TwilioRequestError);
    expect(() => client({ baseUrl: 'http://api.twilio.com' })).toThrow('must use https');
    expect(() => client({ baseUrl: 'https://api.twilio.com' })).not.toThrow();
  });

  describe('against a server that compresses its answers', () => {
    let server: Server;
    let url: string;
    const acceptedEncodings: string[] = [];
    beforeAll(async () => {
      server = createServer((request, response) => {
        acceptedEncodings.push(String(request.headers['accept-encoding']));
        response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        response.end(gzipSync(JSON.stringify({ conferences: [{ sid: 'CF1' }, { sid: 'CF2' }], next_page_uri: null })));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it('asks for gzip and reads the decompressed list', async () => {
      await expect(listAll(client({ baseUrl: url }))).resolves.toEqual([{ sid: 'CF1' }, { sid: 'CF2' }]);
      expect(acceptedEncodings).toEqual([expect.stringContaining('gzip')]);
    });
  });

  describe('against a server whose next page is on another host', () => {
    let server: Server;
    let url: string;
    beforeAll(async () => {
      server = createServer((_request, response) => {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ conferences: [], next_page_uri: 'https://evil.example/2010-04-01/next.json' }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it('refuses to follow it', async () => {
      await expect(listAll(client({ baseUrl: url }))).rejects.toThrow('Refusing to follow a link to https://evil.example');
    });
  });
});
