import type { TwilioConfig } from '../config.js';
import type { JsonObject, SyncMode } from '../protocol/messages.js';
import { lineageOf, type StreamDefinition } from '../streams/definition.js';
import type { AccountRead } from './reader.js';
import { AccountCursors, FullRefreshProgress } from './state.js';
import { EVERYTHING, incrementalWindows, type Note } from './windows.js';

/** The accounts of a run: the configured one at once, and every one in scope once listed (once per run). */
export interface AccountScope {
  readonly configured: string;
  /** Whether the configured account may be left out (`account_sids`): then nothing is read before the listing. */
  readonly narrowed: boolean;
  listed(): Promise<readonly string[]>;
}

/**
 * What one stream's read asks for, decided before any of its records is read: the accounts (in scope order; the first
 * may be read while the others are listed), Twilio's clock, the stream of its lineage that date windows filter, and
 * the state it goes on from. `accountRead` gives each account's windows and partitions.
 */
export interface StreamPlan {
  readonly stream: StreamDefinition;
  /** Twilio's clock when the read began. */
  readonly now: Date;
  /** The accounts known before the listing answers, then every account in scope. */
  readonly accounts: { readonly known: readonly string[]; readonly all: Promise<readonly string[]> };
  /** The stream itself or the parent it is read under (incremental); undefined for a full refresh. */
  readonly windowed: StreamDefinition | undefined;
  readonly state: { readonly kind: 'cursors'; readonly cursors: AccountCursors } | { readonly kind: 'progress'; readonly progress: FullRefreshProgress };
  readonly notes: readonly Note[];
}

export interface PlanInputs {
  readonly stream: StreamDefinition;
  readonly mode: SyncMode;
  readonly state: JsonObject | undefined;
  readonly config: TwilioConfig;
  readonly scope: AccountScope;
  readonly clock: TwilioClock;
}

/** Twilio's clock as its answers tell it (this machine's before any answer), and a way to ask it. */
export interface TwilioClock {
  now(): Date;
  /** Asks Twilio for its time unless an answer has told it already. */
  learn(): Promise<void>;
}

/** The stream whose cursor orders the windows: the stream, or for a child without a range filter its parent. */
export function windowedStreamOf(stream: StreamDefinition): StreamDefinition | undefined {
  if (stream.incremental?.filter !== undefined) return stream;
  const parent = stream.parent?.stream;
  return stream.incremental !== undefined && parent?.incremental?.filter !== undefined ? parent : undefined;
}

export async function planStream({ stream, mode, state, config, scope, clock }: PlanInputs): Promise<StreamPlan> {
  const incremental = mode === 'incremental';
  const windowed = incremental ? windowedStreamOf(stream) : undefined;
  if (incremental && windowed === undefined) throw new TypeError(`Stream ${stream.name} has no cursor to read incrementally.`);
  const notes: Note[] = [];
  const forCredentials = stream.scope === 'credentials';
  // The account list is the one 2010 list of that kind, and it does list the subaccounts: nothing to say of it.
  if (forCredentials && stream.api !== 'api') {
    notes.push({
      level: 'INFO',
      message:
        `${stream.name}: Twilio's ${stream.api} API answers only for the account the credentials belong to, so this ` +
        `stream reads account ${config.account_sid} alone, not its subaccounts.`,
    });
  }
  const all = forCredentials ? Promise.resolve([scope.configured]) : scope.listed();
  // Awaited once the configured account's reading has begun; a failure then ends the stream, never the process.
  all.catch(() => undefined);
  // What Twilio keeps, and so the windows, is reckoned by its clock, which the listing's answer gives.
  const needsClock =
    incremental ||
    lineageOf(stream).some(
      (member) => member.retentionDays !== undefined && member.startFilter !== undefined && (config.start_date !== undefined || member.startRequired === true),
    );
  const known = needsClock || scope.narrowed ? await all : [scope.configured];
  if (needsClock) await clock.learn();
  const now = clock.now();
  const cursorField = stream.incremental?.cursorField ?? '';
  const parsed = incremental
    ? { kind: 'cursors' as const, cursors: AccountCursors.parse(stream.name, cursorField, windowed?.incremental?.cursorField ?? cursorField, state) }
    : { kind: 'progress' as const, progress: FullRefreshProgress.parse(stream.name, state) };
  return { stream, now, accounts: { known, all }, windowed, state: parsed, notes };
}

/** What one account of the planned stream reads, or nothing (its cursor lies in the future), and what to tell the user. */
export function accountRead(plan: StreamPlan, accountSid: string, config: TwilioConfig): { read: AccountRead | undefined; notes: readonly Note[] } {
  const account = { accountSid };
  const { stream, windowed, state } = plan;
  if (state.kind === 'progress') {
    const progress = state.progress.of(accountSid);
    if (progress !== undefined && 'complete' in progress) return { read: undefined, notes: [] };
    return { read: { stream, account, windows: [EVERYTHING], windowed: undefined, from: undefined, resume: progress }, notes: [] };
  }
  if (windowed === undefined) throw new TypeError(`Stream ${stream.name} has no cursor to read incrementally.`);
  const planned = incrementalWindows({
    windowed,
    streamName: stream.name,
    accountSid,
    cursor: state.cursors.cursorOf(accountSid),
    lookbackMinutes: config.lookback_window,
    sliceDays: config.slice_days,
    startDate: config.start_date,
    now: plan.now,
  });
  if (planned.kind === 'nothing') return { read: undefined, notes: planned.notes };
  return { read: { stream, account, windows: planned.windows, windowed, from: planned.from, resume: undefined }, notes: planned.notes };
}
