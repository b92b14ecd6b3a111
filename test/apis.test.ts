import { afterEach, describe, expect, it } from '@jest/globals';
import { parseConfig } from '../src/config.js';
import { originsOf } from '../src/environment.js';
import { TwilioClient, type TwilioClientOptions } from '../src/twilio/client.js';
import { TwilioApiUnavailableError } from '../src/twilio/errors.js';
import { apiKeyConfig, catalogOf, logsOf, recordsOf, runSource } from './helpers/connector.js';
import { jsonServer, type LoopbackServer } from './helpers/network.js';

const servers: LoopbackServer[] = [];
async function serve(answer: (path: string, origin: string) => unknown): Promise<LoopbackServer> {
  const server = await jsonServer(answer);
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function client(origins: TwilioClientOptions['origins']): TwilioClient {
  return new TwilioClient({
    origins,
    username: 'SK0',
    password: 'secret',
    maxConcurrency: 2,
    timeoutMs: 2_000,
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 10 },
    signal: new AbortController().signal,
    userAgent: 'source-twilio tests',
  });
}

async function pagesOf(twilio: TwilioClient, list: Parameters<TwilioClient['pages']>[0]): Promise<unknown[][]> {
  const pages: unknown[][] = [];
  for await (const page of twilio.pages(list)) pages.push([...page]);
  return pages;
}

/** A v1 list of two pages whose second page's link is absolute, as Twilio's v1 APIs write it. */
const v1List = (nextOrigin: (origin: string) => string) => (path: string, origin: string) =>
  path.includes('Page=1')
    ? { conferences: [{ conference_sid: 'CF2' }], meta: { key: 'conferences', page: 1, next_page_url: null } }
    : {
        conferences: [{ conference_sid: 'CF1' }],
        meta: { key: 'conferences', page: 0, next_page_url: `${nextOrigin(origin)}/v1/Conferences?PageSize=1000&Page=1&PageToken=PA1` },
      };

describe('the v1 paging style', () => {
  it('follows the absolute meta.next_page_url until it is null', async () => {
    const insights = await serve(v1List((origin) => origin));
    const pages = await pagesOf(client({ insights: insights.url }), { api: 'insights', path: '/v1/Conferences', itemsKey: 'conferences' });
    expect(pages).toEqual([[{ conference_sid: 'CF1' }], [{ conference_sid: 'CF2' }]]);
    expect(insights.paths).toEqual(['/v1/Conferences?PageSize=1000', '/v1/Conferences?PageSize=1000&Page=1&PageToken=PA1']);
  });

  it("asks for the list's own page size where it allows fewer than 1000", async () => {
    const conversations = await serve(() => ({ users: [], meta: { key: 'users', next_page_url: null } }));
    await pagesOf(client({ conversations: conversations.url }), { api: 'conversations', path: '/v1/Users', itemsKey: 'users', pageSize: 50 });
    expect(conversations.paths).toEqual(['/v1/Users?PageSize=50']);
  });

  it("refuses a next page on another API's origin: credentials go only where they were meant to", async () => {
    const api = await serve(() => ({}));
    const insights = await serve(v1List(() => api.url));
    const twilio = client({ api: api.url, insights: insights.url });
    await expect(pagesOf(twilio, { api: 'insights', path: '/v1/Conferences', itemsKey: 'conferences' })).rejects.toThrow(
      `Refusing to follow a link to ${api.url}: credentials go only to ${insights.url}.`,
    );
    expect(api.paths).toEqual([]);
  });
});

describe('origins', () => {
  it('sends each request to the origin of its own API', async () => {
    const api = await serve(() => ({ conferences: [], next_page_uri: null }));
    const monitor = await serve(() => ({ alerts: [], meta: { next_page_url: null } }));
    const twilio = client({ api: api.url, monitor: monitor.url });
    await pagesOf(twilio, { api: 'monitor', path: '/v1/Alerts', itemsKey: 'alerts' });
    await pagesOf(twilio, { api: 'api', path: '/2010-04-01/Accounts/AC1/Conferences.json', itemsKey: 'conferences' });
    expect(monitor.paths).toEqual(['/v1/Alerts?PageSize=1000']);
    expect(api.paths).toEqual(['/2010-04-01/Accounts/AC1/Conferences.json?PageSize=1000']);
  });

  it('an origin with a path: the list below it, and its next page followed as Twilio linked it', async () => {
    const origin = (server: LoopbackServer) => `${server.url}/messaging`;
    const messaging = await serve((path, url) =>
      path.includes('Page=1')
        ? { services: [{ sid: 'MG2' }], meta: { next_page_url: null } }
        : { services: [{ sid: 'MG1' }], meta: { next_page_url: `${url}/messaging/v1/Services?PageSize=1000&Page=1&PageToken=PA1` } },
    );
    const pages = await pagesOf(client({ messaging: origin(messaging) }), { api: 'messaging', path: '/v1/Services', itemsKey: 'services' });
    expect(pages).toEqual([[{ sid: 'MG1' }], [{ sid: 'MG2' }]]);
    expect(messaging.paths).toEqual(['/messaging/v1/Services?PageSize=1000', '/messaging/v1/Services?PageSize=1000&Page=1&PageToken=PA1']);
  });

  it('TWILIO_API_BASE_URL stands for the 2010 API at the URL and every other API below the URL and its name', () => {
    const config = parseConfig({ ...apiKeyConfig, region: 'us1' });
    const origins = originsOf(config, { TWILIO_API_BASE_URL: 'http://127.0.0.1:9/', TWILIO_VIDEO_BASE_URL: 'https://video.example' });
    expect(origins).toMatchObject({
      api: 'http://127.0.0.1:9/',
      conversations: 'http://127.0.0.1:9/conversations',
      messaging: 'http://127.0.0.1:9/messaging',
      taskrouter: 'http://127.0.0.1:9/taskrouter',
      video: 'https://video.example',
    });
    // In ie1 Twilio runs no Verify: no origin, whatever the variable says.
    expect(originsOf(parseConfig({ ...apiKeyConfig, region: 'ie1' }), { TWILIO_API_BASE_URL: 'http://127.0.0.1:9' }).verify).toBeUndefined();
  });

  it('refuses an API that has no origin in the region, without a request', async () => {
    const twilio = client({ api: 'https://api.twilio.com' });
    await expect(twilio.fetch('studio', '/v2/Flows')).rejects.toBeInstanceOf(TwilioApiUnavailableError);
  });
});

describe('environment overrides of the hosts', () => {
  it('TWILIO_<API>_BASE_URL is checked like TWILIO_API_BASE_URL and wins over it', async () => {
    const api = await serve(() => ({ conferences: [], next_page_uri: null }));
    const result = await runSource('check', {
      config: apiKeyConfig,
      baseUrl: api.url,
      env: { TWILIO_INSIGHTS_BASE_URL: 'http://insights.example' },
    });
    expect(result.messages).toEqual([
      expect.objectContaining({
        connectionStatus: {
          status: 'FAILED',
          message: expect.stringContaining('The Twilio base URL http://insights.example must use https'),
        },
      }),
    ]);
    expect(api.paths).toEqual([]);
  });
});

describe('items without a primary key', () => {
  const conference = (sid: string | null | undefined) => ({
    ...(sid === undefined ? {} : { sid }),
    account_sid: apiKeyConfig.account_sid,
    status: 'in-progress',
    date_created: 'Fri, 18 Feb 2022 17:24:39 +0000',
  });

  it('never become records or child requests, and each is named in a WARN and counted in the final line', async () => {
    const twilio = await serve((path) => {
      if (path.startsWith('/2010-04-01/Accounts.json')) return { accounts: [], next_page_uri: null };
      if (path.includes('/Participants.json')) {
        return { participants: [{ call_sid: 'CA1', uri: `${path.split('?')[0]}/CA1.json` }, { call_sid: 'CA2', uri: null }], next_page_uri: null };
      }
      return { conferences: [conference(null), conference(undefined), conference('CF1')], next_page_uri: null };
    });
    const { exitCode, messages } = await runSource('read', {
      config: apiKeyConfig,
      catalog: catalogOf('conferences', 'conference_participants'),
      baseUrl: twilio.url,
    });
    expect(exitCode).toBe(0);
    expect(recordsOf(messages, 'conferences').map((record) => record.data['sid'])).toEqual(['CF1']);
    expect(recordsOf(messages, 'conference_participants').map((record) => record.data['call_sid'])).toEqual(['CA1']);
    expect(twilio.paths.filter((path) => path.includes('/Participants.json'))).toEqual([
      expect.stringMatching(/\/Conferences\/CF1\/Participants\.json\?PageSize=1000$/),
    ]);
    const warnings = logsOf(messages, 'WARN');
    expect(warnings.filter((text) => text === 'conferences: skipped an item of conferences whose primary key field "sid" is null or absent.')).toHaveLength(2);
    expect(warnings).toContain('conference_participants: skipped an item of conference_participants whose primary key field "uri" is null or absent.');
    // The parent is listed once for init and once for in-progress conferences: its two keyless items, twice.
    expect(warnings).toContain('conference_participants: skipped an item of conferences whose primary key field "sid" is null or absent.');
    const endOf = (stream: string) => logsOf(messages, 'INFO').find((text) => text.startsWith(`${stream}, account ${apiKeyConfig.account_sid}: read `));
    expect(endOf('conferences')).toMatch(/: read 1 records, 2 items skipped for a null or absent primary key; \d+ requests, /);
    expect(endOf('conference_participants')).toMatch(/: read 1 records, 5 items skipped for a null or absent primary key; \d+ requests, /);
  });
});
