import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { DatasetOptions } from '../../simulator/dataset.js';
import { DEFAULT_FIXTURE, mainAndActiveSubaccounts } from '../../simulator/fixtures.js';
import type { TextMix } from '../../simulator/text.js';
import type { SimulatorStats } from '../../simulator/server.js';

const SIMULATOR = fileURLToPath(new URL('../../simulator/main.js', import.meta.url));

export interface SimulatorSetup {
  conferences: number;
  activeShare: number;
  participants: number;
  latencyMs: number;
  /** The oldest row's date, for every dated resource (default the fixture's). */
  firstDate?: string;
  /** Rows per parent by resource kind, and seconds between two dated rows by kind. */
  rows?: Record<string, number>;
  spacing?: Record<string, number>;
  /** The main account and this many less one active subaccounts, instead of the default fixture's accounts. */
  accounts?: number;
  conferencesPerDay?: number;
  /** The simulator's fixed clock (ISO 8601), Twilio's "now" for the connector; default real time. */
  clock?: string;
  /** `world` (the simulator's default): names, labels and bodies in several scripts and emoji; `ascii`: none. */
  text?: TextMix;
}

/** The dataset the standalone simulator serves for these flags (its defaults are the default fixture's). */
export function datasetOf(setup: SimulatorSetup): DatasetOptions {
  return {
    ...DEFAULT_FIXTURE,
    conferencesPerAccount: setup.conferences,
    activeShare: setup.activeShare,
    participantsPerActiveConference: setup.participants,
    firstDateCreated: setup.firstDate ?? DEFAULT_FIXTURE.firstDateCreated,
    rowCounts: setup.rows ?? {},
    rowSpacingSeconds: setup.spacing ?? {},
    ...(setup.accounts === undefined ? {} : { accounts: mainAndActiveSubaccounts(setup.accounts) }),
    ...(setup.conferencesPerDay === undefined ? {} : { conferencesPerDay: setup.conferencesPerDay }),
    ...(setup.text === undefined ? {} : { text: setup.text }),
  };
}

/** The simulator in a process of its own, so that it has a core of its own and costs the measured process nothing. */
export class SimulatorProcess {
  private constructor(
    private readonly child: ChildProcessByStdio<null, Readable, null>,
    readonly url: string,
  ) {}

  static async start(setup: SimulatorSetup): Promise<SimulatorProcess> {
    const flags = {
      conferences: setup.conferences,
      'active-share': setup.activeShare,
      participants: setup.participants,
      'latency-ms': setup.latencyMs,
      accounts: setup.accounts,
      'conferences-per-day': setup.conferencesPerDay,
      clock: setup.clock,
      text: setup.text,
    };
    const args = Object.entries(flags).flatMap(([name, value]) => (value === undefined ? [] : [`--${name}`, String(value)]));
    if (setup.firstDate !== undefined) args.push('--first-date', setup.firstDate);
    for (const [kind, count] of Object.entries(setup.rows ?? {})) args.push('--rows', `${kind}=${count}`);
    for (const [kind, seconds] of Object.entries(setup.spacing ?? {})) args.push('--spacing', `${kind}=${seconds}`);
    const child = spawn(process.execPath, [SIMULATOR, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    const firstLine = new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`The simulator exited with ${code} before it was listening.`)));
    });
    const line = await firstLine;
    const { url } = JSON.parse(line) as { url?: string };
    if (url === undefined) throw new Error(`The simulator did not print its URL but ${line}.`);
    return new SimulatorProcess(child, url);
  }

  async stats(): Promise<SimulatorStats> {
    return (await (await fetch(`${this.url}/__simulator/stats`)).json()) as SimulatorStats;
  }

  async resetStats(): Promise<void> {
    await fetch(`${this.url}/__simulator/reset-stats`, { method: 'POST' });
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    await exited;
  }
}
