/**
 * The failure table of `src/twilio/errors.ts`, a test per row: each failure brought about for real (the simulator's
 * faults and fixtures, a certificate that does not verify, a proxy that refuses, a host that does not resolve) and
 * what the user is told: the row that covers it, the failure type and the sentence.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_CLOCK, DEFAULT_FIXTURE, IE1_API_KEY_SECRET, IE1_API_KEY_SID, MAIN_ACCOUNT_SID, SUBACCOUNT_SID } from '../simulator/fixtures.js';
import { TwilioSimulator, type SimulatorOptions } from '../simulator/server.js';
import type { AirbyteMessage } from '../src/protocol/messages.js';
import { FAILURES } from '../src/twilio/errors.js';
import { apiKeyConfig, authTokenConfig, catalogOf, errorsOf, runSource, type RunResult } from './helpers/connector.js';
import { connectProxy, type ConnectProxy } from './helpers/proxy.js';
import { httpsServer } from './helpers/tls.js';

interface Scenario {
  /** What the read or check is given, with the simulator's URL. */
  run(url: string): Promise<RunResult>;
  readonly simulator?: SimulatorOptions;
  faults?(simulator: TwilioSimulator): void;
  readonly failureType: 'config_error' | 'transient_error' | 'system_error';
  readonly message: RegExp;
}

const read = (stream: string, url: string, config: object = apiKeyConfig, env: Record<string, string> = {}) =>
  runSource('read', { baseUrl: url, config, catalog: catalogOf(stream), env });
const ie1 = { ...apiKeyConfig, region: 'ie1', credentials: { auth_type: 'api_key', api_key_sid: IE1_API_KEY_SID, api_key_secret: IE1_API_KEY_SECRET } };
const wrongToken = { ...authTokenConfig, credentials: { auth_type: 'auth_token', auth_token: '0'.repeat(32) } };

let tls: Awaited<ReturnType<typeof httpsServer>>;
let proxy: ConnectProxy;
beforeAll(async () => {
  tls = await httpsServer();
  proxy = await connectProxy(1);
});
afterAll(async () => {
  await tls.close();
  await proxy.close();
});

const SCENARIOS: Record<string, Scenario> = {
  'voice-insights-off': {
    simulator: { dataset: { ...DEFAULT_FIXTURE, accounts: DEFAULT_FIXTURE.accounts.map((account) => ({ ...account, voiceInsights: false })) } },
    run: (url) => read('conference_summaries', url),
    failureType: 'config_error',
    message: /^Stream "conference_summaries" needs Voice Insights Advanced Features, which Twilio says are not enabled .*Voice > Settings/,
  },
  'api-maybe-not-in-region': {
    simulator: { region: 'ie1' },
    run: (url) => read('conference_summaries', url, ie1, { TWILIO_INSIGHTS_BASE_URL: 'https://insights.dublin.ie1.twilio.invalid' }),
    failureType: 'config_error',
    message: /^Stream "conference_summaries" reads Twilio's insights API, which Twilio may not run in region ie1 \(its documentation disagrees\)/,
  },
  'subaccount-refused': {
    faults: (simulator) => simulator.faults.add({ fault: { type: 'status', status: 401, code: 20003 }, pathIncludes: `/Accounts/${SUBACCOUNT_SID}/Calls` }),
    run: (url) => read('calls', url, authTokenConfig),
    failureType: 'config_error',
    message: new RegExp(`account ${SUBACCOUNT_SID}: Twilio refused to read subaccount ${SUBACCOUNT_SID} .*Set account_sids to leave it out\\.$`),
  },
  'credentials-refused': {
    run: (url) => read('calls', url, wrongToken),
    failureType: 'config_error',
    message: new RegExp(`^Twilio rejected the credentials for account ${MAIN_ACCOUNT_SID} \\(HTTP 401, Twilio error 20003.*Check the Account SID and the Auth Token`),
  },
  'product-list-missing': {
    faults: (simulator) => simulator.faults.add({ fault: { type: 'status', status: 404 }, kind: 'trunks' }),
    run: (url) => read('trunks', url),
    failureType: 'config_error',
    message: /^HTTP 404, Twilio error 20404: Not Found\. Twilio's trunking API has no list for stream "trunks"/,
  },
  'account-not-found': {
    faults: (simulator) => simulator.faults.add({ fault: { type: 'status', status: 404 }, kind: 'calls' }),
    run: (url) => read('calls', url),
    failureType: 'config_error',
    message: new RegExp(`^HTTP 404, Twilio error 20404: Not Found\\. Check that the Account SID ${MAIN_ACCOUNT_SID} is right\\.$`),
  },
  'api-not-in-region': {
    run: (url) => read('conversations', url, { ...apiKeyConfig, region: 'au1' }),
    failureType: 'config_error',
    message: /^Stream "conversations" reads Twilio's conversations API, which Twilio does not run in region au1\.$/,
  },
  'host-unknown': {
    run: () => read('calls', 'https://api.twilio.invalid'),
    failureType: 'config_error',
    message: /^The host name api\.twilio\.invalid could not be resolved \(DNS\) .*Check the region \(us1\)/,
  },
  'certificate-unverified': {
    run: () => read('calls', tls.url),
    failureType: 'config_error',
    message: /^The TLS certificate of 127\.0\.0\.1:\d+ could not be verified .*NODE_EXTRA_CA_CERTS/,
  },
  'proxy-refused': {
    run: () => read('calls', 'https://api.twilio.invalid', apiKeyConfig, { HTTPS_PROXY: proxy.url.replace('pr0xy-pa55word', 'wrong') }),
    failureType: 'config_error',
    message: /^The proxy refused to open a tunnel to api\.twilio\.invalid .*Check the proxy's address and credentials in HTTPS_PROXY/,
  },
  unavailable: {
    faults: (simulator) => simulator.faults.add({ fault: { type: 'status', status: 503 }, kind: 'calls' }),
    run: (url) => read('calls', url),
    failureType: 'transient_error',
    message: /^Twilio did not answer \/2010-04-01\/Accounts\/\w+\/Calls\.json successfully after 6 attempts; the last failure: HTTP 503/,
  },
  'request-refused': {
    faults: (simulator) => simulator.faults.add({ fault: { type: 'status', status: 400, code: 20001 }, kind: 'calls' }),
    run: (url) => read('calls', url),
    failureType: 'system_error',
    message: /^HTTP 400, Twilio error 20001.* for \/2010-04-01\/Accounts\/\w+\/Calls\.json$/,
  },
};

const streamError = (messages: AirbyteMessage[]) => errorsOf(messages).find((error) => error.stream_descriptor !== undefined);

describe('the failure table', () => {
  it('has a scenario below for every row, and no scenario without a row', () => {
    expect(Object.keys(SCENARIOS).sort()).toEqual(FAILURES.map((rule) => rule.name).sort());
  });

  it.each(FAILURES.map((rule) => [rule.name, rule.when, rule] as const))('%s (%s)', async (name, _when, rule) => {
    const scenario = SCENARIOS[name];
    if (scenario === undefined) throw new Error(`No scenario for ${name}.`);
    const simulator = await TwilioSimulator.start({ clock: DEFAULT_CLOCK, ...scenario.simulator });
    try {
      scenario.faults?.(simulator);
      const { exitCode, messages } = await scenario.run(simulator.url);
      expect(exitCode).toBe(1);
      const error = streamError(messages);
      expect({ failure_type: error?.failure_type, message: error?.message }).toEqual({ failure_type: scenario.failureType, message: expect.stringMatching(scenario.message) });
      expect(rule.blame).toBe({ config_error: 'configuration', transient_error: 'transient', system_error: 'unexpected' }[scenario.failureType]);
    } finally {
      await simulator.close();
    }
  });
});
