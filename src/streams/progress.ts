import type { RequestCounters } from '../twilio/client.js';
import type { FieldChange } from './records.js';
import { DAY_MS } from './windows.js';

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
}

/** What the reader of one account of a stream reports as it goes. */
export interface AccountProgress {
  recorded(changes: readonly FieldChange[]): void;
  skipped(listed: string, field: string): void;
  /** The account's time range is read in windows spanning this long in all. */
  planRange(totalMs: number): void;
  windowDone(spanMs: number, records: number): Promise<void>;
  parentsListed(count: number): void;
  parentRead(children: number): Promise<void>;
}

/**
 * One stream's read as it goes, for a person and for Airbyte's progress bar: what was read (records, capped warnings),
 * how far it is (account i of n; windows of the time ranges done, or parent rows read of those listed, in the accounts
 * being read), an estimate of the records in all, made only from what is read anyway, a progress line every interval
 * while it runs and one line at the end. An account's records are extrapolated from the share of its time range done
 * (or from its children per parent row); accounts not read yet are taken to hold as many as the accounts seen so far,
 * on average.
 */
export class StreamProgress {
  private records = 0;
  private nulledFields = 0;
  private strippedUrls = 0;
  private skippedItems = 0;

  private accounts: number;
  private readonly accountTotals: number[] = [];
  private readonly open = new Set<AccountReading>();
  private accountsStarted = 0;
  private lastAccountSid: string | undefined;

  private readonly startedAt = Date.now();
  private readonly startCounters: RequestCounters;
  private readonly timer: NodeJS.Timeout;
  private lastEstimate: { rows: number; at: number } | undefined;

  constructor(private readonly options: StreamProgressOptions) {
    this.accounts = options.accounts;
    this.startCounters = options.counters();
    this.timer = setInterval(() => options.log('INFO', this.progressLine()), options.intervalMs).unref();
  }

  recorded(changes: readonly FieldChange[]): void {
    this.records += 1;
    for (const { field, change, reason } of changes) {
      if (change === 'credentials-removed') {
        this.strippedUrls += 1;
        if (this.strippedUrls <= MAX_WARNINGS) this.options.log('WARN', `${this.options.stream}: field "${field}": ${reason}.`);
        continue;
      }
      this.nulledFields += 1;
      if (this.nulledFields <= MAX_WARNINGS) this.options.log('WARN', `${this.options.stream}: field "${field}" set to null: ${reason}.`);
    }
  }

  skipped(listed: string, field: string): void {
    this.skippedItems += 1;
    if (this.skippedItems <= MAX_WARNINGS) {
      this.options.log('WARN', `${this.options.stream}: skipped an item of ${listed} whose primary key field "${field}" is null or absent.`);
    }
  }

  /** Every account the stream is read for, once they are listed. */
  accountsInScope(count: number): void {
    this.accounts = count;
  }

  /** The account's reading begins; `end()` on what this returns says it is over. */
  startAccount(accountSid: string): AccountProgress & { end(): Promise<void> } {
    const account = new AccountReading(this, async () => {
      this.open.delete(account);
      this.accountTotals.push(account.records);
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
    this.options.log('INFO', this.endLine());
    if (complete) await this.options.estimate(this.records);
  }

  /** Sends the estimate when it is known and has changed, at most once an estimate interval. */
  async update(): Promise<void> {
    const rows = this.rowEstimate();
    const now = Date.now();
    const interval = Math.min(ESTIMATE_INTERVAL_MS, this.options.intervalMs / 2);
    if (rows === undefined || rows === this.lastEstimate?.rows) return;
    if (this.lastEstimate !== undefined && now - this.lastEstimate.at < interval) return;
    this.lastEstimate = { rows, at: now };
    await this.options.estimate(rows);
  }

  private rowEstimate(): number | undefined {
    const open = [...this.open].map((account) => ({ account, estimate: account.estimate() }));
    const samples = [...this.accountTotals, ...open.flatMap(({ estimate }) => (estimate === undefined ? [] : [estimate]))];
    if (samples.length === 0) return undefined;
    const mean = sum(samples) / samples.length;
    const reading = sum(open.map(({ account, estimate }) => estimate ?? Math.max(mean, account.records)));
    const notStarted = Math.max(0, this.accounts - this.accountTotals.length - this.open.size);
    return Math.max(this.records, Math.round(sum(this.accountTotals) + reading + notStarted * mean));
  }

  /**
   * `conferences: account 3 of 12, 120 of 365 days, 45,210 records, 2,300 records/s, about 4 min left`, or with several
   * accounts being read, `conferences: 8 of 12 accounts being read, 2 done, 900 of 2,920 days, …` (their days).
   */
  private progressLine(): string {
    const { stream, parent } = this.options;
    const { accounts } = this;
    const open = [...this.open];
    const parts =
      open.length > 1
        ? [`${open.length} of ${accounts} accounts being read, ${count(this.accountTotals.length)} done`]
        : [`account ${Math.max(1, this.accountsStarted)} of ${accounts}`];
    const range = { doneMs: sum(open.map((account) => account.range.doneMs)), totalMs: sum(open.map((account) => account.range.totalMs)) };
    const parents = { read: sum(open.map((account) => account.parents.read)), listed: sum(open.map((account) => account.parents.listed)) };
    if (range.totalMs > 0) {
      parts.push(`${days(range.doneMs)} of ${days(range.totalMs)} days`);
    } else if (parent !== undefined && parents.listed > 0) {
      parts.push(`${count(parents.read)} of ${count(parents.listed)} ${parent} read`);
    }
    const seconds = (Date.now() - this.startedAt) / 1000;
    const rate = this.records / seconds;
    parts.push(`${count(this.records)} records`, `${count(Math.round(rate))} records/s`);
    const rows = this.rowEstimate();
    if (rows !== undefined && rate > 0) parts.push(`about ${duration((rows - this.records) / rate, false)} left`);
    const throttled = this.options.counters().throttled - this.startCounters.throttled;
    const throttling =
      throttled === 0 ? '' : `; Twilio answered 429 (too many requests) ${count(throttled)} times, so at most ${this.options.concurrencyLimit()} requests are sent at once now`;
    return `${stream}: ${parts.join(', ')}${throttling}`;
  }

  private endLine(): string {
    const { stream } = this.options;
    const { accounts } = this;
    const read = [`${count(this.records)} records`];
    if (this.nulledFields > 0) read.push(`${this.nulledFields} fields set to null (each listed in its record's meta.changes)`);
    if (this.strippedUrls > 0) {
      read.push(`${this.strippedUrls} fields with a URL's user name and password removed (each listed in its record's meta.changes)`);
    }
    if (this.skippedItems > 0) read.push(`${this.skippedItems} items skipped for a null or absent primary key`);
    const now = this.options.counters();
    const start = this.startCounters;
    const requests = [
      `${count(now.requests - start.requests)} requests`,
      `${count(now.retries - start.retries)} retries`,
      `${count(now.throttled - start.throttled)} answered 429`,
      `${count(now.pages - start.pages)} pages`,
    ];
    const where = accounts === 1 && this.lastAccountSid !== undefined ? `account ${this.lastAccountSid}` : `${accounts} accounts`;
    const took = duration((Date.now() - this.startedAt) / 1000, true);
    return `${stream}, ${where}: read ${read.join(', ')}; ${requests.join(', ')}, in ${took}.`;
  }
}

/** One account of the stream while it is read: its own counts, and the stream's, which it keeps up to date. */
class AccountReading implements AccountProgress {
  records = 0;
  readonly range = { totalMs: 0, doneMs: 0, records: 0 };
  readonly parents = { listed: 0, read: 0, children: 0 };

  constructor(
    private readonly stream: StreamProgress,
    readonly end: () => Promise<void>,
  ) {}

  recorded(changes: readonly FieldChange[]): void {
    this.records += 1;
    this.stream.recorded(changes);
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

  /** The account's records in all, extrapolated from its part done; undefined before any part is done. */
  estimate(): number | undefined {
    const { totalMs, doneMs } = this.range;
    if (totalMs > 0 && doneMs > 0) return Math.max(this.records, this.range.records / Math.min(1, doneMs / totalMs));
    const { listed, read, children } = this.parents;
    if (read > 0) return Math.max(this.records, (children / read) * listed);
    return undefined;
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

const count = (value: number): string => value.toLocaleString('en-US');

const days = (ms: number): string => count(Math.round(ms / DAY_MS));

/** `0.4 s` (precise) or `4 s`, `4 min`, `2 h 10 min`. */
function duration(seconds: number, precise: boolean): string {
  if (seconds < 60) return precise ? `${seconds.toFixed(1)} s` : `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return precise ? `${Math.floor(seconds / 60)} min ${Math.floor(seconds % 60)} s` : `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
