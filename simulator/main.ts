/**
 * Standalone simulator:
 *   node dist/simulator/main.js [--port N] [--seed N] [--conferences N] [--active-share F] [--participants N]
 *     [--accounts N]  (the main account and N-1 active subaccounts, instead of the default fixture's three accounts)
 *     [--conferences-per-day N]  (how many conferences each account starts a day; default 288)
 *     [--latency-ms N] [--region us1|ie1|au1] [--max-concurrent-requests N] [--vanished-answer empty|not-found]
 *     [--clock ISO-8601]  (a fixed time that the simulator's clock keeps; default real time)
 *     [--first-date ISO] [--rows KIND=N]... [--spacing KIND=SECONDS]...
 *     [--text world|ascii]  (world, the default: about one name, label or message body in three in another script)
 * Prints `{"url":"http://127.0.0.1:PORT"}` once listening; runs until SIGTERM/SIGINT.
 */
import { parseArgs } from 'node:util';
import type { DatasetOptions, Region } from './dataset.js';
import { DEFAULT_FIXTURE, mainAndActiveSubaccounts } from './fixtures.js';
import { TwilioSimulator, type SimulatorOptions } from './server.js';

const REGIONS: readonly Region[] = ['us1', 'ie1', 'au1'];

function isRegion(text: string): text is Region {
  return (REGIONS as readonly string[]).includes(text);
}

function numberFlag(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new Error(`--${name} expects a number, got ${text}`);
  return value;
}

/** `KIND=N` flags as `{KIND: N}`. */
function byKind(name: string, texts: readonly string[] | undefined): Record<string, number> {
  const entries = (texts ?? []).map((text) => {
    const [kind, value] = text.split('=');
    const number = numberFlag(name, value);
    if (kind === undefined || kind === '' || number === undefined) throw new Error(`--${name} expects KIND=N, got ${text}`);
    return [kind, number] as const;
  });
  return Object.fromEntries(entries);
}

function parseOptions(argv: string[]): SimulatorOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' },
      seed: { type: 'string' },
      conferences: { type: 'string' },
      accounts: { type: 'string' },
      'conferences-per-day': { type: 'string' },
      'active-share': { type: 'string' },
      participants: { type: 'string' },
      'latency-ms': { type: 'string' },
      region: { type: 'string' },
      'max-concurrent-requests': { type: 'string' },
      'vanished-answer': { type: 'string' },
      clock: { type: 'string' },
      'first-date': { type: 'string' },
      rows: { type: 'string', multiple: true },
      spacing: { type: 'string', multiple: true },
      text: { type: 'string' },
    },
  });
  const region = values.region;
  if (region !== undefined && !isRegion(region)) {
    throw new Error(`--region expects one of ${REGIONS.join(', ')}, got ${region}`);
  }
  const vanished = values['vanished-answer'];
  if (vanished !== undefined && vanished !== 'empty' && vanished !== 'not-found') {
    throw new Error(`--vanished-answer expects empty or not-found, got ${vanished}`);
  }
  const dataset: DatasetOptions = {
    ...DEFAULT_FIXTURE,
    seed: numberFlag('seed', values.seed) ?? DEFAULT_FIXTURE.seed,
    conferencesPerAccount: numberFlag('conferences', values.conferences) ?? DEFAULT_FIXTURE.conferencesPerAccount,
    activeShare: numberFlag('active-share', values['active-share']) ?? DEFAULT_FIXTURE.activeShare,
    participantsPerActiveConference:
      numberFlag('participants', values.participants) ?? DEFAULT_FIXTURE.participantsPerActiveConference,
    firstDateCreated: values['first-date'] ?? DEFAULT_FIXTURE.firstDateCreated,
    rowCounts: byKind('rows', values.rows),
    rowSpacingSeconds: byKind('spacing', values.spacing),
  };
  const accounts = numberFlag('accounts', values.accounts);
  if (accounts !== undefined) dataset.accounts = mainAndActiveSubaccounts(accounts);
  const conferencesPerDay = numberFlag('conferences-per-day', values['conferences-per-day']);
  if (conferencesPerDay !== undefined) dataset.conferencesPerDay = conferencesPerDay;
  const text = values.text;
  if (text !== undefined && text !== 'world' && text !== 'ascii') throw new Error(`--text expects world or ascii, got ${text}`);
  if (text !== undefined) dataset.text = text;
  const options: SimulatorOptions = { dataset };
  const port = numberFlag('port', values.port);
  if (port !== undefined) options.port = port;
  const latencyMs = numberFlag('latency-ms', values['latency-ms']);
  if (latencyMs !== undefined) options.latencyMs = latencyMs;
  const maxConcurrentRequests = numberFlag('max-concurrent-requests', values['max-concurrent-requests']);
  if (maxConcurrentRequests !== undefined) options.maxConcurrentRequests = maxConcurrentRequests;
  if (region !== undefined && isRegion(region)) options.region = region;
  if (vanished !== undefined) options.vanishedConferenceAnswer = vanished;
  if (values.clock !== undefined) options.clock = values.clock;
  return options;
}

async function main(): Promise<void> {
  let options: SimulatorOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error: unknown) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
  const simulator = await TwilioSimulator.start(options);
  process.stdout.write(`${JSON.stringify({ url: simulator.url })}\n`);
  const stop = (): void => {
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

await main();
