import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAIN_ACCOUNT_SID, MAIN_API_KEY_SECRET, MAIN_API_KEY_SID } from '../../simulator/fixtures.js';
import { measureNode, type Measurement } from './measured-process.js';
import type { SimulatorProcess } from './simulator-process.js';

const CONNECTOR = fileURLToPath(new URL('../../src/main.js', import.meta.url));
const REFERENCE_CLIENT = fileURLToPath(new URL('./reference-client.js', import.meta.url));

/** The connector's default, which the fan-out reference assumes too. */
export const CONCURRENCY = 8;

export interface Run extends Measurement {
  /** Requests the simulator answered during the run. */
  requests: number;
}

const CONFIG = {
  account_sid: MAIN_ACCOUNT_SID,
  credentials: { auth_type: 'api_key', api_key_sid: MAIN_API_KEY_SID, api_key_secret: MAIN_API_KEY_SECRET },
  max_concurrency: CONCURRENCY,
};

const PARTICIPANTS_CATALOG = {
  streams: [
    {
      stream: { name: 'conference_participants', json_schema: {}, supported_sync_modes: ['full_refresh'] },
      sync_mode: 'full_refresh',
      destination_sync_mode: 'overwrite',
    },
  ],
};

async function counted(simulator: SimulatorProcess, measure: () => Promise<Measurement>): Promise<Run> {
  await simulator.resetStats();
  const measurement = await measure();
  if (measurement.exitCode !== 0) {
    throw new Error(`A measured process exited with ${measurement.exitCode}:\n${measurement.stderr.slice(0, 2000)}`);
  }
  return { ...measurement, requests: (await simulator.stats()).requests };
}

/** `read` of the conference_participants stream from the simulator, as Airbyte runs it. */
export function readParticipants(simulator: SimulatorProcess): Promise<Run> {
  return read(simulator, CONFIG, PARTICIPANTS_CATALOG);
}

/** The first incremental sync of `messages` from the start of `startDate`, in day windows, as Airbyte runs it. */
export function readMessagesIncrementally(simulator: SimulatorProcess, startDate: string): Promise<Run> {
  const catalog = {
    streams: [
      {
        stream: { name: 'messages', json_schema: {}, supported_sync_modes: ['full_refresh', 'incremental'] },
        sync_mode: 'incremental',
        cursor_field: ['date_sent'],
        destination_sync_mode: 'append_dedup',
      },
    ],
  };
  return read(simulator, { ...CONFIG, start_date: startDate }, catalog);
}

async function read(simulator: SimulatorProcess, configured: object, configuredCatalog: object): Promise<Run> {
  const directory = await mkdtemp(join(tmpdir(), 'source-twilio-bench-'));
  try {
    const config = join(directory, 'config.json');
    const catalog = join(directory, 'catalog.json');
    await writeFile(config, JSON.stringify(configured));
    await writeFile(catalog, JSON.stringify(configuredCatalog));
    return await counted(simulator, () =>
      measureNode([CONNECTOR, 'read', '--config', config, '--catalog', catalog], { TWILIO_API_BASE_URL: simulator.url }),
    );
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** got configured as the connector's client (the targets' reference), or bare `node:http` (the floor, information only). */
export type Transport = 'got' | 'node-http';

/** The days a reference client reads one list of, `?DateSent=DAY` each, from `from` for `days` days. */
export interface DayWindows {
  readonly list: string;
  readonly itemsKey: string;
  readonly filter: string;
  readonly from: string;
  readonly days: number;
}

/** The same download by a reference client: the participants' plan, or a list read by day windows. */
export function referenceDownload(simulator: SimulatorProcess, transport: Transport, windows?: DayWindows): Promise<Run> {
  const flags = {
    transport,
    url: simulator.url,
    account: MAIN_ACCOUNT_SID,
    username: MAIN_API_KEY_SID,
    password: MAIN_API_KEY_SECRET,
    concurrency: String(CONCURRENCY),
  };
  const args = Object.entries({ ...flags, ...(windows === undefined ? {} : { ...windows, days: String(windows.days) }) }).flatMap(([name, value]) => [
    `--${name}`,
    value,
  ]);
  return counted(simulator, () => measureNode([REFERENCE_CLIENT, ...args]));
}

export function spec(): Promise<Measurement> {
  return measureNode([CONNECTOR, 'spec']);
}

export function emptyNode(): Promise<Measurement> {
  return measureNode(['-e', '']);
}
