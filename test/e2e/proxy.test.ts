import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { TwilioSimulator } from '../../simulator/server.js';
import type { AirbyteMessage } from '../../src/protocol/messages.js';
import { apiKeyConfig, catalogOf, errorsOf, expectNoSecrets, FIXTURE_SECRETS, recordsOf, runConnector } from '../helpers/connector.js';
import { connectProxy, type ConnectProxy } from '../helpers/proxy.js';
import { TEST_CERTIFICATE_PATH } from '../helpers/tls.js';

/** Twilio's host as the connector sees it: a name that never resolves, so a request that skips the proxy fails at once. */
const TWILIO = 'https://api.twilio.invalid';
const PROXY_PASSWORD = 'pr0xy-pa55word';
const PROXY_SECRETS = [PROXY_PASSWORD, Buffer.from(`proxy-user:${PROXY_PASSWORD}`).toString('base64')];

let simulator: TwilioSimulator;
let proxy: ConnectProxy;
beforeAll(async () => {
  simulator = await TwilioSimulator.start();
  proxy = await connectProxy(Number(new URL(simulator.url).port));
});
beforeEach(() => {
  proxy.tunnels.length = 0;
});
afterAll(async () => {
  await proxy.close();
  await simulator.close();
});

const connectionStatus = (messages: AirbyteMessage[]) =>
  messages.flatMap((message) => (message.type === 'CONNECTION_STATUS' ? [message.connectionStatus] : []));

/** The environment of a connector container behind the company's proxy, which trusts the test certificate. */
const behindProxy = (extra: Record<string, string> = {}) => ({
  HTTPS_PROXY: proxy.url,
  HTTP_PROXY: proxy.url,
  NODE_EXTRA_CA_CERTS: TEST_CERTIFICATE_PATH,
  ...extra,
});

describe('behind an egress proxy', () => {
  it('sends every request through the HTTPS_PROXY, with its credentials, and never prints them', async () => {
    const check = await runConnector('check', { baseUrl: TWILIO, config: apiKeyConfig, env: behindProxy() });
    expect(connectionStatus(check.messages)).toEqual([{ status: 'SUCCEEDED' }]);
    const read = await runConnector('read', {
      baseUrl: TWILIO,
      config: apiKeyConfig,
      catalog: catalogOf('conferences', 'conference_participants'),
      env: behindProxy(),
    });
    expect(errorsOf(read.messages)).toEqual([]);
    expect(read.exitCode).toBe(0);
    expect(recordsOf(read.messages, 'conferences')).toHaveLength(20);
    expect(recordsOf(read.messages, 'conference_participants').length).toBeGreaterThan(0);
    expect(proxy.tunnels.length).toBeGreaterThan(0);
    expect(new Set(proxy.tunnels.map((tunnel) => tunnel.target))).toEqual(new Set(['api.twilio.invalid:443']));
    expect(simulator.stats().requests).toBeGreaterThan(0);
    for (const result of [check, read]) expectNoSecrets(result, [...FIXTURE_SECRETS, ...PROXY_SECRETS]);
  });

  it('answers check FAILED, naming the proxy settings, when the proxy refuses its credentials, and never prints them', async () => {
    const wrong = proxy.url.replace(PROXY_PASSWORD, 'not-the-pa55word');
    const check = await runConnector('check', { baseUrl: TWILIO, config: apiKeyConfig, env: behindProxy({ HTTPS_PROXY: wrong }) });
    expect(check.exitCode).toBe(0);
    expect(connectionStatus(check.messages)).toEqual([{ status: 'FAILED', message: expect.stringMatching(/^The proxy refused to open a tunnel to api\.twilio\.invalid after 1 attempt .*407.*HTTPS_PROXY/) }]);
    expect(proxy.tunnels).not.toHaveLength(0);
    expectNoSecrets(check, [...FIXTURE_SECRETS, ...PROXY_SECRETS, 'not-the-pa55word']);
  });

  it('goes direct to a host in NO_PROXY', async () => {
    const check = await runConnector('check', { baseUrl: TWILIO, config: apiKeyConfig, env: behindProxy({ NO_PROXY: 'localhost,.twilio.invalid' }) });
    expect(connectionStatus(check.messages)).toEqual([{ status: 'FAILED', message: expect.stringMatching(/api\.twilio\.invalid could not be resolved/) }]);
    expect(proxy.tunnels).toEqual([]);
  });

  it('never sends a loopback address through the proxy', async () => {
    const check = await runConnector('check', { baseUrl: simulator.url, config: apiKeyConfig, env: behindProxy() });
    expect(connectionStatus(check.messages)).toEqual([{ status: 'SUCCEEDED' }]);
    expect(proxy.tunnels).toEqual([]);
  });
});
