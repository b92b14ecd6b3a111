import { TwilioNotFoundError } from '../twilio/errors.js';
import type { ListRequest, Query, TwilioClient } from '../twilio/client.js';
import type { AccountContext, ParentLink, StreamDefinition, StreamOptions } from './definition.js';
import { recordMapper, type MappedItem, type NulledField, type RecordData } from './records.js';
import { DAY_MS, holds, isoSeconds, startOfDay, windowsOf } from './windows.js';

export interface StreamReaderDependencies {
  readonly client: TwilioClient;
  readonly options: StreamOptions;
  /** How many child lists (for example conferences' participants) are read at once. */
  readonly concurrency: number;
  log(level: 'INFO' | 'WARN', message: string): void;
}

export type EmitRecord = (data: RecordData, nulled: readonly NulledField[]) => Promise<void>;

/** Warnings of one kind per stream, at most: a systematic problem must not flood the log. */
const MAX_WARNINGS = 10;

const mappers = new WeakMap<StreamDefinition, (item: unknown) => MappedItem>();

function mapperFor(stream: StreamDefinition): (item: unknown) => MappedItem {
  let mapper = mappers.get(stream);
  if (mapper === undefined) {
    mapper = recordMapper(stream.schema, stream.primaryKey);
    mappers.set(stream, mapper);
  }
  return mapper;
}

/**
 * Carries a declared stream through the client for one account: a stream without a parent is one list, a child stream
 * one list per record of its parent (whose parent may have a parent in turn), read concurrently. Records go to `emit`
 * a page at a time; awaiting what it returns before the next page is what slows the reading down when the output is
 * slower. Ends with one INFO line that counts what was read, nulled and skipped.
 */
export async function readStream(
  stream: StreamDefinition,
  account: AccountContext,
  dependencies: StreamReaderDependencies,
  emit: EmitRecord,
): Promise<void> {
  const report = new StreamReport(stream.name, account, dependencies.log);
  const query = stream.query?.(dependencies.options) ?? {};
  const read = (context: AccountContext) => readList(stream, context, query, dependencies, report, emit);
  if (stream.parent === undefined) await read(account);
  else await forEachConcurrently(contextsOf(stream.parent, account, dependencies, report), dependencies.concurrency, read);
  report.finish();
}

export interface IncrementalRead {
  /** The cursor saved for this account by the last sync, undefined on a first sync. */
  readonly cursor: string | undefined;
  readonly lookbackMinutes: number;
  readonly sliceDays: number;
  readonly now: Date;
  /** Records emitted so far are covered by this cursor: the account's state may move to it. */
  checkpoint(cursor: string): Promise<void>;
}

/**
 * Reads what changed in one account since its saved cursor, less the lookback (or since the start date, or everything
 * on a first sync without one), in date windows read concurrently. A checkpoint goes out each time the run of completed
 * windows from the oldest one grows, so the state never moves past a window still being read.
 */
export async function readIncrementally(
  stream: StreamDefinition,
  account: AccountContext,
  read: IncrementalRead,
  dependencies: StreamReaderDependencies,
  emit: EmitRecord,
): Promise<void> {
  // A child without a filter of its own is read with its parents: the windows cut the parent's cursor.
  const windowed = stream.incremental?.filter === undefined ? stream.parent?.stream : stream;
  const incremental = windowed?.incremental;
  const filter = incremental?.filter;
  if (windowed === undefined || incremental === undefined || filter === undefined) {
    throw new TypeError(`Stream ${stream.name} has no cursor to read incrementally.`);
  }
  const now = isoSeconds(read.now.getTime());
  if (read.cursor !== undefined && read.cursor > now) {
    dependencies.log('WARN', `${stream.name}: the saved cursor ${read.cursor} of account ${account.accountSid} lies in the future, so nothing is read for it; the state is kept as it is.`);
    return;
  }
  const report = new StreamReport(stream.name, account, dependencies.log);
  const { startDate } = dependencies.options;
  const wanted =
    read.cursor !== undefined
      ? isoSeconds(Date.parse(read.cursor) - read.lookbackMinutes * 60_000)
      : startDate === undefined
        ? undefined
        : `${startDate}T00:00:00Z`;
  const from = withinHorizon(wanted, incremental.horizonDays, read.now, (horizon) =>
    dependencies.log('INFO', `${stream.name}: Twilio keeps ${incremental.horizonDays} days of ${windowed.name}, so account ${account.accountSid} is read from ${horizon}, not ${wanted}.`),
  );
  const readWindow = async (query: Query, keep: (data: RecordData) => boolean) => {
    if (stream.parent === undefined) return readList(stream, account, query, dependencies, report, emit, keep);
    // Either the parents are listed by the window and their children whole, or every parent's children by the window.
    const byParent = windowed !== stream;
    const contexts = contextsOf(stream.parent, account, dependencies, report, byParent ? { query, keep } : undefined);
    return forEachConcurrently(contexts, dependencies.concurrency, (context) =>
      byParent ? readList(stream, context, {}, dependencies, report, emit) : readList(stream, context, query, dependencies, report, emit, keep),
    );
  };
  if (from === undefined) {
    await readWindow({}, () => true);
    await read.checkpoint(now);
    report.finish();
    return;
  }
  const windows = windowsOf({ from, now: read.now, sliceDays: read.sliceDays, filter });
  const completed = windows.map(() => false);
  let completedRun = 0;
  await forEachConcurrently(inOrder(windows.entries()), dependencies.concurrency, async ([index, window]) => {
    await readWindow(window.query, (data) => holds(window, from, data[incremental.cursorField]));
    completed[index] = true;
    const before = completedRun;
    while (completedRun < windows.length && completed[completedRun]) completedRun += 1;
    if (completedRun > before) await read.checkpoint(windows[completedRun - 1]?.end ?? now);
  });
  report.finish();
}

/** `from`, or the first day Twilio still lists when `from` lies before it (told once through `clipped`). */
function withinHorizon(from: string | undefined, horizonDays: number | undefined, now: Date, clipped: (horizon: string) => void): string | undefined {
  if (from === undefined || horizonDays === undefined) return from;
  const horizon = isoSeconds(startOfDay(now.getTime()) - (horizonDays - 1) * DAY_MS);
  if (from >= horizon) return from;
  clipped(horizon);
  return horizon;
}

async function* inOrder<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}

async function readList(
  stream: StreamDefinition,
  context: AccountContext,
  query: Query,
  dependencies: StreamReaderDependencies,
  report: StreamReport,
  emit: EmitRecord,
  keep: (data: RecordData) => boolean = () => true,
): Promise<void> {
  const map = mapperFor(stream);
  for await (const items of pagesOf(stream, context, query, dependencies)) {
    // A page goes out in one piece and is let go of before waiting for the consumer. Pages written record by
    // record while waiting stayed alive, every worker's at once, long enough for the collector to move them to the
    // old generation: CPU spent collecting them, and RSS that grew to the collector's limits.
    const written: Promise<void>[] = [];
    for (const item of items) {
      const mapped = map(item);
      if (mapped.kind === 'skipped') {
        report.skipped(stream.name, mapped.field);
        continue;
      }
      if (!keep(mapped.data)) continue;
      report.recorded(mapped.nulled);
      written.push(emit(mapped.data, mapped.nulled));
    }
    items.length = 0;
    await Promise.all(written);
  }
}

/** The pages of one list of the stream; a 404 of a list whose parent may just have gone ends it empty. */
async function* pagesOf(
  stream: StreamDefinition,
  context: AccountContext,
  query: Query,
  { client, log }: StreamReaderDependencies,
): AsyncGenerator<unknown[]> {
  const list: ListRequest = { api: stream.api, path: stream.path(context), itemsKey: stream.itemsKey, query: { ...stream.fixedQuery, ...query }, ...(stream.pageSize === undefined ? {} : { pageSize: stream.pageSize }) };
  let count = 0;
  try {
    for await (const items of client.pages(list)) {
      count += items.length;
      yield items;
    }
  } catch (error) {
    if (!(error instanceof TwilioNotFoundError && stream.notFoundIsEmpty)) throw error;
    log('INFO', `${list.path} answered 404 after ${count} ${stream.itemsKey}: its parent has just ended, so there is nothing more to read.`);
    return;
  }
  if (count === 0 && stream.parent !== undefined) log('INFO', `${list.path} has no ${stream.itemsKey} (its parent may have just ended).`);
}

/** The parent's list narrowed to one window of an incremental read: the window's query, and the rows it holds. */
interface ParentWindow {
  readonly query: Query;
  keep(data: RecordData): boolean;
}

/**
 * The contexts of a child stream: one per distinct parent record over all of the parent's lists (or over one window
 * of them), for every context of the parent itself, read one page ahead so that the next parent page is in flight
 * while children are read.
 */
async function* contextsOf(
  link: ParentLink,
  account: AccountContext,
  dependencies: StreamReaderDependencies,
  report: StreamReport,
  window?: ParentWindow,
): AsyncGenerator<AccountContext> {
  const parent = link.stream;
  const map = mapperFor(parent);
  const parentContexts = parent.parent === undefined ? [account] : contextsOf(parent.parent, account, dependencies, report);
  const queries = window !== undefined ? [window.query] : (link.queries ?? [parent.query?.(dependencies.options) ?? {}]);
  for await (const parentContext of parentContexts) {
    const pages = async function* (): AsyncGenerator<unknown[]> {
      for (const query of queries) yield* pagesOf(parent, parentContext, query, dependencies);
    };
    // A parent can move from one list to the next (init to in-progress) while they are read.
    const seen = new Set<string>();
    for await (const items of readingAhead(pages())) {
      for (const item of items) {
        const mapped = map(item);
        if (mapped.kind === 'skipped') {
          report.skipped(parent.name, mapped.field);
          continue;
        }
        if (window?.keep(mapped.data) === false || link.where?.(mapped.data) === false) continue;
        const key = parent.primaryKey.map((field) => String(mapped.data[field])).join('\u0000');
        if (seen.has(key)) continue;
        seen.add(key);
        yield link.context(mapped.data, parentContext);
      }
    }
  }
}

/** What a stream's read comes to, told as it happens (capped warnings) and in one line at the end. */
class StreamReport {
  private records = 0;
  private nulledFields = 0;
  private skippedItems = 0;

  constructor(
    private readonly stream: string,
    private readonly account: AccountContext,
    private readonly log: StreamReaderDependencies['log'],
  ) {}

  recorded(nulled: readonly NulledField[]): void {
    this.records += 1;
    for (const { field, reason } of nulled) {
      this.nulledFields += 1;
      if (this.nulledFields <= MAX_WARNINGS) this.log('WARN', `${this.stream}: field "${field}" set to null: ${reason}.`);
    }
  }

  skipped(listed: string, field: string): void {
    this.skippedItems += 1;
    if (this.skippedItems <= MAX_WARNINGS) {
      this.log('WARN', `${this.stream}: skipped an item of ${listed} whose primary key field "${field}" is null or absent.`);
    }
  }

  finish(): void {
    const parts = [`${this.records} records`];
    if (this.nulledFields > 0) parts.push(`${this.nulledFields} fields set to null (each listed in its record's meta.changes)`);
    if (this.skippedItems > 0) parts.push(`${this.skippedItems} items skipped for a null or absent primary key`);
    this.log('INFO', `${this.stream}, account ${this.account.accountSid}: read ${parts.join(', ')}.`);
  }
}

/**
 * Yields what `source` yields, asking for the next item as soon as one is handed out, so that one item (a page) is
 * always on its way while the consumer works on the current one.
 */
export async function* readingAhead<T>(source: AsyncIterator<T>): AsyncGenerator<T> {
  const ahead = () => {
    const next = source.next();
    // Handled at once: a failure while the consumer works reaches it at the next await, or not at all if it stops.
    next.catch(() => undefined);
    return next;
  };
  let next = ahead();
  try {
    for (let result = await next; !result.done; result = await next) {
      next = ahead();
      yield result.value;
    }
  } finally {
    await source.return?.();
  }
}

/**
 * Runs `work` for every item of `source`, at most `limit` at a time, pulling items only as workers free up. The first
 * failure stops further items from starting and is rethrown once the running ones have settled.
 */
export async function forEachConcurrently<T>(
  source: AsyncIterable<T>,
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const iterator = source[Symbol.asyncIterator]();
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined) {
      let next: IteratorResult<T>;
      try {
        next = await iterator.next();
      } catch (error) {
        failure ??= { error };
        return;
      }
      if (next.done || failure !== undefined) return;
      try {
        await work(next.value);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, limit) }, worker));
  if (failure !== undefined) {
    await iterator.return?.();
    throw failure.error;
  }
}
