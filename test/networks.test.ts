import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { TwilioSimulator } from '../simulator/server.js';
import type { AirbyteMessage } from '../src/protocol/messages.js';
import { apiKeyConfig, catalogOf, errorsOf, logsOf, retriesByRequest, runSource, statusesOf, type RunResult } from './helpers/connector.js';
import { refusingUrl } from './helpers/network.js';
import { httpsServer } from './helpers/tls.js';
import { describeSlow } from './helpers/tiers.js';

const BOTH = catalogOf('conferences', 'conference_participants');
/** A name that never resolves (RFC 2606): the lookup fails at once, nothing leaves the machine. */
const UNKNOWN_HOST = 'https://api.twilio.invalid';

const connectionStatus = (messages: AirbyteMessage[]) =>
  messages.flatMap((message) => (message.type === 'CONNECTION_STATUS' ? [message.connectionStatus] : []));
const retries = (result: RunResult) => logsOf(result.messages, 'WARN').filter((text) => text.startsWith('Retrying '));

async function timed(run: () => Promise<RunResult>): Promise<RunResult & { seconds: number }> {
  const started = Date.now();
  const result = await run();
  return { ...result, seconds: (Date.now() - started) / 1000 };
}

let tls: Awaited<ReturnType<typeof httpsServer>>;
beforeAll(async () => {
  tls = await httpsServer();
});
afterAll(async () => {
  await tls.close();
});

describeSlow('check on a network that fails for good', () => {
  it('answers FAILED within seconds for a refused connection, even with the read\'s slow retries, saying what to check', async () => {
    const url = await refusingUrl();
    const result = await timed(() => runSource('check', { baseUrl: url, config: apiKeyConfig, env: { TWILIO_RETRY_BASE_DELAY_MS: '1000' } }));
    expect(result.exitCode).toBe(0);
    expect(connectionStatus(result.messages)).toEqual([
      { status: 'FAILED', message: expect.stringMatching(/^No connection could be made to 127\.0\.0\.1:\d+ after 3 attempts .*proxy/) },
    ]);
    expect(errorsOf(result.messages)).toEqual([]);
    expect(result.seconds).toBeLessThan(5);
  });

  it('answers FAILED at once for a host name that does not resolve, naming the host and the region', async () => {
    const result = await timed(() => runSource('check', { baseUrl: UNKNOWN_HOST, config: apiKeyConfig, env: { TWILIO_RETRY_BASE_DELAY_MS: '1000' } }));
    expect(result.exitCode).toBe(0);
    expect(connectionStatus(result.messages)).toEqual([
      { status: 'FAILED', message: expect.stringMatching(/^The host name api\.twilio\.invalid could not be resolved \(DNS\) after 1 attempt .*region \(us1\)/) },
    ]);
    expect(result.seconds).toBeLessThan(5);
  });

  it('answers FAILED at once for a certificate that does not verify, pointing at the proxy and its CA', async () => {
    const result = await timed(() => runSource('check', { baseUrl: tls.url, config: apiKeyConfig, env: { TWILIO_RETRY_BASE_DELAY_MS: '1000' } }));
    expect(result.exitCode).toBe(0);
    expect(connectionStatus(result.messages)).toEqual([
      { status: 'FAILED', message: expect.stringMatching(/^The TLS certificate of 127\.0\.0\.1:\d+ could not be verified after 1 attempt .*NODE_EXTRA_CA_CERTS/) },
    ]);
    expect(result.seconds).toBeLessThan(5);
  });

  it('keeps to a short budget against a server that never answers, whatever the read\'s timeout', async () => {
    const simulator = await TwilioSimulator.start();
    try {
      simulator.faults.add({ fault: { type: 'hang' } });
      const result = await timed(() =>
        runSource('check', { baseUrl: simulator.url, config: apiKeyConfig, env: { TWILIO_REQUEST_TIMEOUT_MS: '120000', TWILIO_RETRY_BASE_DELAY_MS: '1000' } }),
      );
      expect(connectionStatus(result.messages)).toEqual([
        { status: 'FAILED', message: expect.stringMatching(/after 3 attempts; the last failure: ETIMEDOUT.*proxy/) },
      ]);
      expect(simulator.stats().requests).toBe(3);
      expect(result.seconds).toBeLessThan(25);
    } finally {
      await simulator.close();
    }
  }, 40_000);
});

describeSlow('read on a network that fails for good', () => {
  it('fails a host name that does not resolve as a config_error, without retries', async () => {
    const result = await runSource('read', { baseUrl: UNKNOWN_HOST, config: apiKeyConfig, catalog: catalogOf('conferences') });
    expect(result.exitCode).toBe(1);
    expect(retries(result)).toEqual([]);
    expect(errorsOf(result.messages).map((error) => [error.failure_type, error.message])).toEqual([
      ['config_error', expect.stringMatching(/^The host name api\.twilio\.invalid could not be resolved/)],
      ['config_error', expect.stringMatching(/^1 of 1 streams failed/)],
    ]);
  });

  it('fails a certificate that does not verify as a config_error, without retries', async () => {
    const result = await runSource('read', { baseUrl: tls.url, config: apiKeyConfig, catalog: catalogOf('conferences') });
    expect(result.exitCode).toBe(1);
    expect(retries(result)).toEqual([]);
    expect(errorsOf(result.messages)[0]).toEqual({
      message: expect.stringMatching(/^The TLS certificate of 127\.0\.0\.1:\d+ could not be verified/),
      failure_type: 'config_error',
      internal_message: expect.any(String),
      stream_descriptor: { name: 'conferences' },
    });
  });

  it('retries a refused connection, then fails the next streams on that host at once with the same message', async () => {
    const result = await runSource('read', { baseUrl: await refusingUrl(), config: apiKeyConfig, catalog: BOTH });
    expect(result.exitCode).toBe(1);
    // The account listing and the configured account's first list go out at once: each is tried 6 times, no more.
    const retried = retriesByRequest(result.messages);
    // Never the participants' lists of conferences (`?Status=init`): that stream fails at once.
    expect([...retried.keys()].every((path) => /\/Accounts\.json\?Status=active&PageSize=1000$|\/Conferences\.json\?PageSize=1000$/.test(path))).toBe(true);
    expect([...retried.values()].every((count) => count === 5)).toBe(true);
    const [conferences, participants] = errorsOf(result.messages);
    expect(conferences?.failure_type).toBe('transient_error');
    expect(conferences?.message).toMatch(/^No connection could be made to 127\.0\.0\.1:\d+ after 6 attempts/);
    expect(participants?.message).toBe(conferences?.message);
    expect(statusesOf(result.messages, 'conference_participants')).toEqual(['STARTED', 'INCOMPLETE']);
  });
});
