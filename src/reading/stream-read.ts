import type { TwilioConfig } from '../config.js';
import type { RecordSink, RunContext } from '../protocol/connector.js';
import { ConnectorError } from '../protocol/errors.js';
import type { RecordChange } from '../protocol/messages.js';
import type { TwilioClient } from '../twilio/client.js';
import { forEachConcurrently } from './concurrency.js';
import type { EmitRecords, ReadDependencies, UndeclaredFields } from './lists.js';
import { accountRead, type StreamPlan } from './plan.js';
import { StreamProgress } from './progress.js';
import { readAccount, type AccountSink } from './reader.js';
import type { FieldChange } from './records.js';

export interface StreamRun {
  readonly config: TwilioConfig;
  readonly client: TwilioClient;
  readonly context: RunContext;
  /** How often a stream being read logs its progress. */
  readonly progressIntervalMs: number;
  /** The fields named as missing from the schemas so far in this sync: each is named once. */
  readonly undeclared: UndeclaredFields;
  /** A failure in the user's terms, with the account being read. */
  translate(error: unknown, account: string): ConnectorError;
}

/**
 * Runs a stream's plan: its accounts several at once (their requests share the client's bound), each with a progress
 * of its own. An account that fails does not stop the others: the stream then fails at the end, naming each failed
 * account in scope order. A full refresh saves the accounts it has finished, and ends with an empty state.
 */
export async function readPlannedStream(plan: StreamPlan, run: StreamRun, sink: RecordSink): Promise<void> {
  for (const note of plan.notes) run.context.log(note.level, note.message);
  await new StreamReading(plan, run, sink).read();
}

/** One stream's read of its accounts: what is known of the scope, their progress and their failures. */
class StreamReading {
  private readonly accounts: string[];
  /** Whether every account in scope is known (the listing has answered). */
  private listed = false;
  private finished = 0;
  private readonly failures: { account: string; error: ConnectorError }[] = [];
  private readonly progress: StreamProgress;
  private readonly dependencies: ReadDependencies;
  private readonly emit: EmitRecords;

  constructor(
    private readonly plan: StreamPlan,
    private readonly run: StreamRun,
    private readonly sink: RecordSink,
  ) {
    const { config, client, context } = run;
    this.accounts = [...plan.accounts.known];
    this.progress = new StreamProgress({
      stream: plan.stream.name,
      accounts: this.accounts.length,
      ...(plan.stream.parent === undefined ? {} : { parent: plan.stream.parent.stream.name }),
      intervalMs: run.progressIntervalMs,
      log: context.log,
      estimate: (rows) => sink.estimate(rows),
      counters: () => client.counters,
      concurrencyLimit: () => client.concurrencyLimit,
    });
    this.dependencies = {
      client,
      options: { accountSid: config.account_sid, startDate: config.start_date, now: plan.now },
      concurrency: config.max_concurrency,
      undeclared: run.undeclared,
      log: context.log,
    };
    // A record whose fields Twilio sent as they are (most) goes on as it is.
    this.emit = (page) =>
      sink.records(page.some((record) => record.fieldChanges.length > 0) ? page.map(({ data, fieldChanges }) => ({ data, changes: fieldChanges.map(toRecordChange) })) : page);
  }

  async read(): Promise<void> {
    let complete = false;
    try {
      // As many accounts at once as requests: one request each is all most accounts need of a small list or of a
      // sync that finds little new, and the client's bound holds the requests in flight, whatever reads them.
      await forEachConcurrently(this.inScope(), this.run.config.max_concurrency, (accountSid) => this.readAccount(accountSid));
      complete = this.failures.length === 0;
    } finally {
      await this.progress.finish(complete);
    }
    if (complete && this.plan.state.kind === 'progress') await this.sink.checkpoint({});
    throwFailures(this.failures, this.accounts);
  }

  /** The accounts known at once, then the others once listed. */
  private async *inScope(): AsyncGenerator<string> {
    const { known, all } = this.plan.accounts;
    yield* known;
    for (const accountSid of await all) if (!this.accounts.includes(accountSid)) this.accounts.push(accountSid);
    this.listed = true;
    this.progress.accountsInScope(this.accounts.length);
    yield* this.accounts.slice(known.length);
  }

  private async readAccount(accountSid: string): Promise<void> {
    const { plan, run, sink } = this;
    const progress = this.progress.startAccount(accountSid);
    const { read, notes } = accountRead(plan, accountSid, run.config);
    for (const note of notes) run.context.log(note.level, note.message);
    try {
      if (read !== undefined) await readAccount(read, this.dependencies, accountSink(plan, accountSid, progress, this.emit, sink));
      this.finished += 1;
      // A finished account is worth saving while another may still be read.
      const more = !this.listed || this.finished < this.accounts.length;
      if (plan.state.kind === 'progress' && more) await sink.checkpoint(plan.state.progress.advance(accountSid, { complete: true }));
    } catch (error) {
      run.context.signal.throwIfAborted();
      this.failures.push({ account: accountSid, error: run.translate(error, accountSid) });
    }
    await progress.end();
  }
}

function accountSink(plan: StreamPlan, accountSid: string, progress: AccountSink['progress'], emit: EmitRecords, sink: RecordSink): AccountSink {
  const { state } = plan;
  return {
    progress,
    emit,
    cursorReached: async (cursor) => {
      if (state.kind === 'cursors') await sink.checkpoint(state.cursors.advance(accountSid, cursor));
    },
    partitionsFinished: async (point) => {
      if (state.kind === 'progress') await sink.checkpoint(state.progress.advance(accountSid, point));
    },
  };
}

/** The stream's failure, if any account failed: that account's own with one account, else all of them in scope order. */
function throwFailures(failures: { account: string; error: ConnectorError }[], accounts: readonly string[]): void {
  failures.sort((one, other) => accounts.indexOf(one.account) - accounts.indexOf(other.account));
  const [only] = failures;
  if (only === undefined) return;
  if (accounts.length === 1) throw only.error;
  const types = new Set(failures.map((failure) => failure.error.failureType));
  throw new ConnectorError(
    types.size === 1 ? only.error.failureType : 'system_error',
    `${failures.length} of ${accounts.length} accounts failed: ` + failures.map(({ account, error }) => `account ${account}: ${error.message}`).join(' '),
  );
}

/**
 * Airbyte's reasons name no credential. A URL without its user info is the value shortened, so TRUNCATED; and, like a
 * value that could not be read, it is one the source could not write as Twilio sent it, so SOURCE_SERIALIZATION_ERROR
 * (the protocol's "the field could not be read or written"), the honest reason closest to "it held a credential".
 */
function toRecordChange({ field, change }: FieldChange): RecordChange {
  return { field, change: change === 'nulled' ? 'NULLED' : 'TRUNCATED', reason: 'SOURCE_SERIALIZATION_ERROR' };
}
