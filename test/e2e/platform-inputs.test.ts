import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAIN_ACCOUNT_SID, MAIN_AUTH_TOKEN } from '../../simulator/fixtures.js';
import { TwilioSimulator } from '../../simulator/server.js';
import {
  apiKeyConfig,
  catalogOf,
  errorsOf,
  expectNoSecrets,
  logsOf,
  recordsOf,
  runConnector,
  spawnCli,
  statusesOf,
  withInputFiles,
  type RunResult,
} from '../helpers/connector.js';

let simulator: TwilioSimulator;
let directory: string;
beforeAll(async () => {
  simulator = await TwilioSimulator.start();
  directory = await mkdtemp(join(tmpdir(), 'source-twilio-inputs-'));
});
afterAll(async () => {
  await simulator.close();
  await rm(directory, { recursive: true, force: true });
});

const statusOf = (result: RunResult) =>
  result.messages.flatMap((message) => (message.type === 'CONNECTION_STATUS' ? [message.connectionStatus] : []));
const utcDay = (daysFromNow: number) => new Date(Date.now() + daysFromNow * 86_400_000).toISOString().slice(0, 10);

describe('what a real platform sends', () => {
  it('accepts any destination_sync_mode, which a source does not act on', async () => {
    const catalog = catalogOf('conferences', 'conference_participants');
    catalog.streams[0]!.destination_sync_mode = 'soft_delete';
    catalog.streams[1]!.destination_sync_mode = 'a_mode_of_the_future';
    const result = await runConnector('read', { baseUrl: simulator.url, config: apiKeyConfig, catalog });
    expect(errorsOf(result.messages)).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(recordsOf(result.messages, 'conferences').length).toBeGreaterThan(0);
  });

  it('takes optional config fields sent as null for "not set"', async () => {
    const config = { ...apiKeyConfig, start_date: null, region: null, max_concurrency: null };
    const check = await runConnector('check', { baseUrl: simulator.url, config });
    expect(statusOf(check)).toEqual([{ status: 'SUCCEEDED' }]);
    const read = await runConnector('read', { baseUrl: simulator.url, config, catalog: catalogOf('conferences') });
    expect(read.exitCode).toBe(0);
    expect(recordsOf(read.messages, 'conferences')).toHaveLength(20);
  });

  it('refuses a catalog that names a stream twice, naming it, before reading anything', async () => {
    const result = await runConnector('read', {
      baseUrl: simulator.url,
      config: apiKeyConfig,
      catalog: catalogOf('conference_participants', 'conferences', 'conferences'),
    });
    expect(result.exitCode).toBe(1);
    expect(result.messages).toEqual([
      {
        type: 'TRACE',
        trace: {
          type: 'ERROR',
          emitted_at: expect.any(Number),
          error: { message: expect.stringMatching(/names stream "conferences" more than once/), failure_type: 'config_error' },
        },
      },
    ]);
  });

  it('judges a start_date "in the future" with a day of slack', async () => {
    const tomorrow = await runConnector('check', { baseUrl: simulator.url, config: { ...apiKeyConfig, start_date: utcDay(1) } });
    expect(statusOf(tomorrow)).toEqual([{ status: 'SUCCEEDED' }]);
    const later = await runConnector('check', { baseUrl: simulator.url, config: { ...apiKeyConfig, start_date: utcDay(2) } });
    expect(statusOf(later)).toEqual([{ status: 'FAILED', message: expect.stringMatching(/start_date lies in the future/) }]);
  });

  it("reads the flat config of Airbyte's earlier connector, with a date-time start_date, saying so once", async () => {
    const config = { account_sid: MAIN_ACCOUNT_SID, auth_token: MAIN_AUTH_TOKEN, start_date: '2020-10-01T00:00:00Z', lookback_window: 0 };
    const check = await runConnector('check', { baseUrl: simulator.url, config });
    expect(statusOf(check)).toEqual([{ status: 'SUCCEEDED' }]);
    expectNoSecrets(check);

    simulator.resetStats();
    const read = await runConnector('read', { baseUrl: simulator.url, config, catalog: catalogOf('conferences') });
    expectNoSecrets(read);
    expect(read.exitCode).toBe(0);
    expect(recordsOf(read.messages, 'conferences').length).toBeGreaterThan(0);
    expect(logsOf(read.messages, 'INFO').filter((message) => message.includes('earlier Twilio connector'))).toEqual([
      expect.stringMatching(/auth_token is read as credentials .*start_date 2020-10-01T00:00:00Z is read as the UTC day 2020-10-01/),
    ]);
    // The flat config's Auth Token lists the subaccounts too: every account's conferences, from the start day.
    const conferenceLists = simulator.stats().log.map((entry) => decodeURIComponent(entry.path)).filter((path) => path.includes('Conferences.json'));
    expect(conferenceLists.length).toBeGreaterThan(0);
    expect(conferenceLists.every((path) => path.includes('Conferences.json?DateCreated>=2020-10-01'))).toBe(true);
  });

  it('still shows only the new shape in spec.json', async () => {
    const spec = JSON.parse(readFileSync(new URL('../../spec.json', import.meta.url), 'utf8')) as {
      connectionSpecification: { properties: Record<string, { format?: string }> };
    };
    expect(Object.keys(spec.connectionSpecification.properties)).not.toContain('auth_token');
    expect(spec.connectionSpecification.properties['start_date']?.format).toBe('date');
  });
});

describe('inputs too large to be what they claim', () => {
  const expectRefused = (result: RunResult, kind: string) => {
    expect(result.exitCode).toBe(1);
    expect(errorsOf(result.messages)).toEqual([
      { message: expect.stringMatching(new RegExp(`^The ${kind} file .* is larger than 10 MB`)), failure_type: 'config_error' },
    ]);
  };

  it('refuses /dev/zero as a config, without reading it whole', async () => {
    expectRefused(await spawnCli(['discover', '--config', '/dev/zero']), 'config');
  });

  it('refuses a 600 MB catalog or state before reading it', async () => {
    const huge = join(directory, 'huge.json');
    await writeFile(huge, '');
    await truncate(huge, 600 * 1024 * 1024);
    const catalog = await withInputFiles('read', { config: apiKeyConfig }, (args) =>
      spawnCli([...args, '--catalog', huge], { baseUrl: simulator.url }),
    );
    expectRefused(catalog, 'catalog');
    const state = await withInputFiles('read', { config: apiKeyConfig, catalog: catalogOf('conferences') }, (args) =>
      spawnCli([...args, '--state', huge], { baseUrl: simulator.url }),
    );
    expectRefused(state, 'state');
  });
});

describe('the command line', () => {
  it('prints the usage on stderr for --help and exits 0', async () => {
    for (const args of [['--help'], ['read', '--help']]) {
      const result = await spawnCli(args);
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^Usage: spec \| check --config CONFIG/);
    }
  });

  it('prints the version for --version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const result = await spawnCli(['--version']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`${version}\n`);
  });

  it('refuses an option given twice', async () => {
    const result = await withInputFiles('read', { config: apiKeyConfig, catalog: catalogOf('conferences') }, (args) =>
      spawnCli([...args, '--config', '/dev/null'], { baseUrl: simulator.url }),
    );
    expect(result.exitCode).toBe(1);
    expect(errorsOf(result.messages)).toEqual([
      { message: expect.stringMatching(/^Option '--config' is given more than once\. Usage: /), failure_type: 'config_error' },
    ]);
    expect(statusesOf(result.messages, 'conferences')).toEqual([]);
  });
});
