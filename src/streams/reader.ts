import type { z } from 'zod';
import type { TwilioClient } from '../twilio/client.js';
import { TwilioNotFoundError } from '../twilio/errors.js';
import type { AccountContext, StreamOptions, TwilioStream } from './definition.js';
import { recordMapper, type MappedRecord } from './records.js';

export interface StreamReaderDependencies {
  readonly client: TwilioClient;
  readonly options: StreamOptions;
  /** How many child lists (for example conferences' participants) are read at once. */
  readonly concurrency: number;
  info(message: string): void;
}

export type EmitRecord = (record: MappedRecord) => Promise<void>;

const mappers = new WeakMap<z.ZodObject, (item: unknown) => MappedRecord>();

function mapperFor(schema: z.ZodObject): (item: unknown) => MappedRecord {
  let mapper = mappers.get(schema);
  if (mapper === undefined) {
    mapper = recordMapper(schema);
    mappers.set(schema, mapper);
  }
  return mapper;
}

/**
 * Carries a declarative stream through the client: a plain stream is one list, a child stream is one list per parent
 * record, read concurrently. Records go to `emit` a page at a time; awaiting what it returns before the next page is
 * what slows the reading down when the output is slower.
 */
export async function readStream<Context extends AccountContext, ParentSchema extends z.ZodObject>(
  stream: TwilioStream<z.ZodObject, Context, ParentSchema>,
  account: AccountContext,
  dependencies: StreamReaderDependencies,
  emit: EmitRecord,
): Promise<void> {
  const { parent } = stream;
  if (parent === undefined) {
    // Without a parent the stream's context is the account itself.
    await readList(stream, account as Context, stream.query?.(dependencies.options) ?? {}, dependencies, emit);
    return;
  }
  const contexts = childContexts(stream, account, dependencies);
  await forEachConcurrently(contexts, dependencies.concurrency, (context) =>
    readList(stream, context, {}, dependencies, emit),
  );
}

async function readList<Context extends AccountContext>(
  stream: TwilioStream<z.ZodObject, Context, z.ZodObject>,
  context: Context,
  query: Record<string, string>,
  { client, info }: StreamReaderDependencies,
  emit: EmitRecord,
): Promise<void> {
  const map = mapperFor(stream.schema);
  const path = stream.path(context);
  let count = 0;
  try {
    for await (const items of client.pages(path, stream.itemsKey, query)) {
      // A page goes out in one piece and is let go of before waiting for the consumer. Pages written record by
      // record while waiting stayed alive, every worker's at once, long enough for the collector to move them to the
      // old generation: CPU spent collecting them, and RSS that grew to the collector's limits.
      const written = Promise.all(items.map((item) => emit(map(item))));
      count += items.length;
      items.length = 0;
      await written;
    }
  } catch (error) {
    if (!(error instanceof TwilioNotFoundError && stream.notFoundIsEmpty)) throw error;
    info(`${path} answered 404 after ${count} ${stream.itemsKey}: its parent has just ended, so there is nothing more to read.`);
    return;
  }
  if (count === 0 && stream.parent !== undefined) info(`${path} has no ${stream.itemsKey} (its parent may have just ended).`);
}

/**
 * The contexts of a child stream: one per distinct parent record over all of the parent's lists, read one page ahead
 * so that the next parent page (the `in-progress` list after the `init` one) is in flight while children are read.
 */
async function* childContexts<Context extends AccountContext, ParentSchema extends z.ZodObject>(
  stream: TwilioStream<z.ZodObject, Context, ParentSchema>,
  account: AccountContext,
  { client }: StreamReaderDependencies,
): AsyncGenerator<Context> {
  const parent = stream.parent;
  if (parent === undefined) return;
  const map = mapperFor(parent.stream.schema);
  const seen = new Set<string>();
  const path = parent.stream.path(account);
  const pages = async function* (): AsyncGenerator<unknown[]> {
    for (const query of parent.queries) yield* client.pages(path, parent.stream.itemsKey, query);
  };
  for await (const items of readingAhead(pages())) {
    for (const item of items) {
      const record = map(item).data as z.output<ParentSchema>;
      const key = parent.stream.primaryKey.map((field) => String(record[field])).join('\u0000');
      // A parent can move from one list to the next (init to in-progress) while they are read.
      if (seen.has(key)) continue;
      seen.add(key);
      yield parent.context(record, account);
    }
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
