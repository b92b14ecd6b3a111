import { TwilioNotFoundError } from '../twilio/errors.js';
import type { ListRequest, Query, TwilioClient } from '../twilio/client.js';
import type { AccountContext, ParentLink, StreamDefinition, StreamOptions } from './definition.js';
import type { AccountProgress } from './progress.js';
import { recordMapper, type FieldChange, type MappedItem, type RecordData } from './records.js';

export interface StreamReaderDependencies {
  readonly client: TwilioClient;
  readonly options: StreamOptions;
  /** How many child lists (for example conferences' participants) are read at once. */
  readonly concurrency: number;
  /** The bookkeeping of the account being read: counts, warnings, progress and estimates. */
  readonly progress: AccountProgress;
  log(level: 'INFO' | 'WARN', message: string): void;
}

export type EmitRecord = (data: RecordData, changes: readonly FieldChange[]) => Promise<void>;

const mappers = new WeakMap<StreamDefinition, (item: unknown) => MappedItem>();
/** Fields Twilio sent that a stream does not declare: each is logged once per stream in a sync. */
const undeclaredFields = new WeakMap<StreamDefinition, Set<string>>();

export function mapperFor(stream: StreamDefinition): (item: unknown) => MappedItem {
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
 * slower. A child stream tells the progress how many parent rows were listed and read, and their children.
 */
export async function readStream(
  stream: StreamDefinition,
  account: AccountContext,
  dependencies: StreamReaderDependencies,
  emit: EmitRecord,
): Promise<void> {
  const { progress } = dependencies;
  const fullRefresh = stream.fullRefreshQuery?.(dependencies.options);
  const read = (context: AccountContext, to: EmitRecord) =>
    readList(stream, context, { ...stream.query?.(dependencies.options, context), ...fullRefresh }, dependencies, progress, to);
  if (stream.parent === undefined) {
    await read(account, emit);
    return;
  }
  const parents = contextsOf(stream.parent, account, dependencies, progress, (count) => progress.parentsListed(count));
  await forEachConcurrently(parents, dependencies.concurrency, async (context) => {
    let children = 0;
    await read(context, (data, changes) => {
      children += 1;
      return emit(data, changes);
    });
    await progress.parentRead(children);
  });
}

/** Reads one list of the stream and emits the items `keep` accepts, a page at a time. */
export async function readList(
  stream: StreamDefinition,
  context: AccountContext,
  query: Query,
  dependencies: StreamReaderDependencies,
  report: AccountProgress,
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
      warnAboutUndeclaredFields(stream, item, dependencies.log);
      if (mapped.kind === 'skipped') {
        report.skipped(stream.name, mapped.field);
        continue;
      }
      if (!keep(mapped.data)) continue;
      report.recorded(mapped.changes);
      written.push(emit(mapped.data, mapped.changes));
    }
    items.length = 0;
    await Promise.all(written);
  }
}

/** The pages of one list of the stream; a 404 of a list whose parent may just have gone ends it empty. */
export async function* pagesOf(
  stream: StreamDefinition,
  context: AccountContext,
  query: Query,
  { client, log }: StreamReaderDependencies,
): AsyncGenerator<unknown[]> {
  const list: ListRequest = { api: stream.api, path: stream.path(context), itemsKey: stream.itemsKey, query, ...(stream.pageSize === undefined ? {} : { pageSize: stream.pageSize }) };
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

/**
 * The contexts of a child stream: one per distinct parent record over all of the parent's lists, for every context of
 * the parent itself, read one page ahead so that the next parent page is in flight while children are read. `listed`
 * hears how many parent items each page brought, as it arrives.
 */
export async function* contextsOf(
  link: ParentLink,
  account: AccountContext,
  dependencies: StreamReaderDependencies,
  report: AccountProgress,
  listed: (count: number) => void = () => {},
): AsyncGenerator<AccountContext> {
  const parent = link.stream;
  const map = mapperFor(parent);
  const parentContexts = parent.parent === undefined ? [account] : contextsOf(parent.parent, account, dependencies, report);
  const queries = link.queries ?? [parent.fullRefreshQuery?.(dependencies.options) ?? {}];
  for await (const parentContext of parentContexts) {
    const pages = async function* (): AsyncGenerator<unknown[]> {
      for (const query of queries) {
        for await (const items of pagesOf(parent, parentContext, { ...parent.query?.(dependencies.options, parentContext), ...query }, dependencies)) {
          listed(items.length);
          yield items;
        }
      }
    };
    // A parent can move from one list to the next (init to in-progress) while they are read.
    const seen = new Set<string>();
    for await (const items of readingAhead(pages())) {
      for (const item of items) {
        const mapped = map(item);
        warnAboutUndeclaredFields(parent, item, dependencies.log);
        if (mapped.kind === 'skipped') {
          report.skipped(parent.name, mapped.field);
          continue;
        }
        if (link.where?.(mapped.data) === false) continue;
        const key = parent.primaryKey.map((field) => String(mapped.data[field])).join('\u0000');
        if (seen.has(key)) continue;
        seen.add(key);
        yield link.context(mapped.data, parentContext);
      }
    }
  }
}

/**
 * Records keep only the declared fields (Airbyte's checks fail on undeclared columns), so a field Twilio adds is
 * dropped: it is named once per stream and sync, so that a schema falling behind Twilio's is seen.
 */
function warnAboutUndeclaredFields(stream: StreamDefinition, item: unknown, log: StreamReaderDependencies['log']): void {
  let warned = undeclaredFields.get(stream);
  if (warned === undefined) {
    warned = new Set();
    undeclaredFields.set(stream, warned);
  }
  for (const field of Object.keys(item as object)) {
    if (Object.hasOwn(stream.schema.shape, field) || stream.omitted?.includes(field) || warned.has(field)) continue;
    warned.add(field);
    log('WARN', `${stream.name}: field "${field}" is not in the schema of this version of the connector; it is left out of the records.`);
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
  source: AsyncIterable<T> | Iterable<T>,
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const iterator: AsyncIterator<T> | Iterator<T> = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
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
