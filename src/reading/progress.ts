import type { RequestCounters } from '../twilio/client.js';
import { streamEstimate, type AccountSample } from './estimate.js';
import type { FieldChange } from './records.js';
import { endLine, nulledField, progressLine, skippedItem, strippedUrl } from './wording.js';

/** Warnings of one kind per stream, at most: a systematic problem must not flood the log. */
const MAX_WARNINGS = 10;
/** Estimates go out at most this often (or twice a progress interval, when that is shorter). */
const ESTIMATE_INTERVAL_MS = 5_000;

export interface StreamProgressOptions {
  readonly stream: string;
  /** The accounts the stream is read for, several at once, as far as they are known when it starts. */
  readonly accounts: number;
  /** The stream's parent, for a child stream read under each of its rows (conferences for their participants). */
  readonly parent?: string;
  /** How often a progress line is logged while the stream runs. */
  readonly intervalMs: number;
  log(level: 'INFO' | 'WARN', message: string): void;
  /** Sends an estimate of the stream's record count. */
  estimate(rows: number): Promise<void>;
  /** The client's counts: the stream's own are the difference between its end and its start. */
  counters(): RequestCounters;
  /** The bound on requests in flight now. */
  concurrencyLimit(): number;
  /** Milliseconds since the epoch; `Date.now` but in tests. */
  clock?(): number;
}

/** What the reader of one account of a stream reports as it goes. */
export interface AccountProgress {
  /** This many more records were read. */
  recorded(count: number): void;
  /** A record carries fields that could not be carried as Twilio sent them. */
  changed(changes: readonly FieldChange[]): void;
  skipped(listed: string, field: string): void;
  /** The account's time range is read in windows spanning this long in all. */
  planRange(totalMs: number): void;
  windowDone(spanMs: number, records: number): Promise<void>;
  parentsListed(count: number): void;
  parentRead(children: number): Promise<void>;
}

/**
 * One stream's read as it goes, for a person and for Airbyte's progress bar: the records and capped warnings, how far
 * each account being read is, an estimate of the records in all (`estimate.ts`), a progress line every interval while
 * it runs and one line at the end (`wording.ts`).
 */
export class StreamProgress {
  private records = 0;
  private nulledFields = 0;
  private strippedUrls = 0;
  private skippedItems = 0;

  private accounts: number;
  private readonly finished: number[] = [];
  private readonly open = new Set<AccountReading>();
  private accountsStarted = 0;
  private lastAccountSid: string | undefined;

  private readonly clock: () => number;
  private readonly startedAt: number;
  private readonly startCounters: RequestCounters;
  private readonly timer: NodeJS.Timeout;
  private lastEstimate: { rows: number; at: number } | undefined;

  constructor(private readonly options: StreamProgressOptions) {
    this.accounts = options.accounts;
    this.clock = options.clock ?? Date.now;
    this.startedAt = this.clock();
    this.startCounters = options.counters();
    this.timer = setInterval(() => options.log('INFO', progressLine(this.snapshot())), options.intervalMs).unref();
  }

  recorded(count: number): void {
    this.records += count;
  }

  changed(changes: readonly FieldChange[]): void {
    for (const change of changes) {
      if (change.change === 'credentials-removed') {
        this.strippedUrls += 1;
        if (this.strippedUrls <= MAX_WARNINGS) this.options.log('WARN', strippedUrl(this.options.stream, change));
      } else {
        this.nulledFields += 1;
        if (this.nulledFields <= MAX_WARNINGS) this.options.log('WARN', nulledField(this.options.stream, change));
      }
    }
  }

  skipped(listed: string, field: string): void {
    this.skippedItems += 1;
    if (this.skippedItems <= MAX_WARNINGS) this.options.log('WARN', skippedItem(this.options.stream, listed, field));
  }

  /** Every account the stream is read for, once they are listed. */
  accountsInScope(count: number): void {
    this.accounts = count;
  }

  /** The account's reading begins; `end()` on what this returns says it is over. */
  startAccount(accountSid: string): AccountProgress & { end(): Promise<void> } {
    const account = new AccountReading(this, async () => {
      this.open.delete(account);
      this.finished.push(account.records);
      await this.update();
    });
    this.open.add(account);
    this.accountsStarted += 1;
    this.lastAccountSid = accountSid;
    return account;
  }

  /** Stops the progress lines and logs the stream's last line; a complete stream's last estimate is its count. */
  async finish(complete: boolean): Promise<void> {
    clearInterval(this.timer);
    const now = this.options.counters();
    const start = this.startCounters;
    this.options.log(
      'INFO',
      endLine({
        stream: this.options.stream,
        where: this.accounts === 1 && this.lastAccountSid !== undefined ? `account ${this.lastAccountSid}` : `${this.accounts} accounts`,
        records: this.records,
        nulledFields: this.nulledFields,
        strippedUrls: this.strippedUrls,
        skippedItems: this.skippedItems,
        requests: {
          requests: now.requests - start.requests,
          retries: now.retries - start.retries,
          throttled: now.throttled - start.throttled,
          pages: now.pages - start.pages,
        },
        seconds: this.seconds(),
      }),
    );
    if (complete) await this.options.estimate(this.records);
  }

  /** Sends the estimate when it is known and has changed, at most once an estimate interval. */
  async update(): Promise<void> {
    const rows = this.estimate();
    const now = this.clock();
    const interval = Math.min(ESTIMATE_INTERVAL_MS, this.options.intervalMs / 2);
    if (rows === undefined || rows === this.lastEstimate?.rows) return;
    if (this.lastEstimate !== undefined && now - this.lastEstimate.at < interval) return;
    this.lastEstimate = { rows, at: now };
    await this.options.estimate(rows);
  }

  private estimate(): number | undefined {
    return streamEstimate({ records: this.records, accounts: this.accounts, finished: this.finished, open: [...this.open] });
  }

  private seconds(): number {
    return (this.clock() - this.startedAt) / 1000;
  }

  private snapshot() {
    return {
      stream: this.options.stream,
      parent: this.options.parent,
      accounts: this.accounts,
      accountsStarted: this.accountsStarted,
      accountsFinished: this.finished.length,
      open: [...this.open],
      records: this.records,
      seconds: this.seconds(),
      estimate: this.estimate(),
      throttled: this.options.counters().throttled - this.startCounters.throttled,
      concurrencyLimit: this.options.concurrencyLimit(),
    };
  }
}

/** One account of the stream while it is read: its own counts, and the stream's, which it keeps up to date. */
class AccountReading implements AccountProgress, AccountSample {
  records = 0;
  readonly range = { totalMs: 0, doneMs: 0, records: 0 };
  readonly parents = { listed: 0, read: 0, children: 0 };

  constructor(
    private readonly stream: StreamProgress,
    readonly end: () => Promise<void>,
  ) {}

  recorded(count: number): void {
    this.records += count;
    this.stream.recorded(count);
  }

  changed(changes: readonly FieldChange[]): void {
    this.stream.changed(changes);
  }

  skipped(listed: string, field: string): void {
    this.stream.skipped(listed, field);
  }

  planRange(totalMs: number): void {
    this.range.totalMs = totalMs;
  }

  async windowDone(spanMs: number, records: number): Promise<void> {
    this.range.doneMs += spanMs;
    this.range.records += records;
    await this.stream.update();
  }

  parentsListed(count: number): void {
    this.parents.listed += count;
  }

  async parentRead(children: number): Promise<void> {
    this.parents.read += 1;
    this.parents.children += children;
    await this.stream.update();
  }
}
