import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAIN_ACCOUNT_SID, MAIN_API_KEY_SECRET, MAIN_API_KEY_SID, MAIN_AUTH_TOKEN } from '../../simulator/fixtures.js';
import { measureNode, type Measurement } from './measured-process.js';
import type { SimulatorProcess } from './simulator-process.js';

const CONNECTOR = fileURLToPath(new URL('../../connector/main.js', import.meta.url));
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

const catalogOf = (stream: string, syncMode: 'full_refresh' | 'incremental') => ({
  streams: [
    {
      stream: { name: stream, json_schema: {}, supported_sync_modes: [syncMode] },
      sync_mode: syncMode,
      destination_sync_mode: syncMode === 'incremental' ? 'append_dedup' : 'overwrite',
    },
  ],
});

async function counted(simulator: SimulatorProcess, measure: () => Promise<Measurement>): Promise<Run> {
  await simulator.resetStats();
  const measurement = await measure();
  if (measurement.exitCode !== 0) {
    throw new Error(`A measured process exited with ${measurement.exitCode}:\n${measurement.stderr.slice(0, 2000)}`);
  }
  return { ...measurement, requests: (await simulator.stats()).requests };
}

/** `read` from the simulator, as Airbyte runs it, with the state given (as the list of STATE messages' `state`). */
async function read(simulator: SimulatorProcess, config: object, catalog: object, state?: object): Promise<Run> {
  const directory = await mkdtemp(join(tmpdir(), 'source-twilio-bench-'));
  try {
    const files = { config, catalog, ...(state === undefined ? {} : { state: [state] }) };
    const args = [CONNECTOR, 'read'];
    for (const [name, content] of Object.entries(files)) {
      const file = join(directory, `${name}.json`);
      await writeFile(file, JSON.stringify(content));
      args.push(`--${name}`, file);
    }
    return await counted(simulator, () => measureNode(args, { TWILIO_API_BASE_URL: simulator.url }));
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** `read` of the conference_participants stream. */
export function readParticipants(simulator: SimulatorProcess): Promise<Run> {
  return read(simulator, CONFIG, catalogOf('conference_participants', 'full_refresh'));
}

/** The first incremental sync of `messages` from the start of `startDate`, in day windows, as Airbyte runs it. */
export function readMessagesIncrementally(simulator: SimulatorProcess, startDate: string): Promise<Run> {
  return read(simulator, { ...CONFIG, start_date: startDate }, catalogOf('messages', 'incremental'));
}

export interface IncrementalSync {
  startDate: string;
  sliceDays: number;
  lookbackMinutes: number;
}

/**
 * An incremental `read` of the conferences stream of the main account and every active subaccount (an Auth Token,
 * so that they are listed), from the state given; the run and the last STATE message's `state`, to give the next sync.
 */
export async function readConferences(
  simulator: SimulatorProcess,
  sync: IncrementalSync,
  state?: object,
): Promise<{ run: Run; finalState: object }> {
  const config = {
    account_sid: MAIN_ACCOUNT_SID,
    credentials: { auth_type: 'auth_token', auth_token: MAIN_AUTH_TOKEN },
    max_concurrency: CONCURRENCY,
    subaccounts: 'all',
    start_date: sync.startDate,
    slice_days: sync.sliceDays,
    lookback_window: sync.lookbackMinutes,
  };
  const run = await read(simulator, config, catalogOf('conferences', 'incremental'), state);
  const last = run.stdoutTail.split('\n').findLast((line) => line.startsWith('{"type":"STATE"'));
  if (last === undefined) throw new Error('The incremental read wrote no STATE message.');
  return { run, finalState: (JSON.parse(last) as { state: object }).state };
}

/**
 * The references: got configured as the connector's client, writing each item as a record; bare `node:http` doing the
 * same (information only); and bare `node:http` downloading and parsing alone, writing nothing (the floor).
 */
export type Reference = 'got' | 'node-http' | 'floor';

/**
 * Days a reference client reads a list of, `?FILTER=DAY` each, from `from` to `to` (both included), for every account
 * the credentials list: the API key's own account, or with `authToken` the main account and its active subaccounts.
 */
export interface DayWindows {
  readonly list: string;
  readonly itemsKey: string;
  readonly filter: string;
  readonly from: string;
  readonly to: string;
  readonly authToken?: boolean;
}

/** The same download by a reference client: the participants' plan, or a list read by day windows. */
export function referenceDownload(simulator: SimulatorProcess, reference: Reference, windows?: DayWindows): Promise<Run> {
  const { authToken = false, ...days } = windows ?? {};
  const credentials = authToken ? { username: MAIN_ACCOUNT_SID, password: MAIN_AUTH_TOKEN } : { username: MAIN_API_KEY_SID, password: MAIN_API_KEY_SECRET };
  const flags = {
    transport: reference === 'got' ? 'got' : 'node-http',
    write: reference === 'floor' ? 'nothing' : 'records',
    url: simulator.url,
    account: MAIN_ACCOUNT_SID,
    ...credentials,
    concurrency: String(CONCURRENCY),
    ...days,
  };
  const args = Object.entries(flags).flatMap(([name, value]) => [`--${name}`, value]);
  return counted(simulator, async () => {
    const run = await measureNode([REFERENCE_CLIENT, ...args]);
    // The floor writes no record, only how many items it parsed.
    return reference === 'floor' ? { ...run, records: (JSON.parse(run.stdoutTail) as { records: number }).records } : run;
  });
}

export function spec(): Promise<Measurement> {
  return measureNode([CONNECTOR, 'spec']);
}

export function emptyNode(): Promise<Measurement> {
  return measureNode(['-e', '']);
}
