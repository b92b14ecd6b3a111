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

/**
 * An async iterable that reads `source` once however many times it is iterated, each iteration from the start: the
 * first to get ahead drives the source, the others follow what it has buffered. For parents listed once and read under
 * every date window.
 */
export function replayable<T>(source: AsyncIterable<T>): AsyncIterable<T> {
  const buffered: T[] = [];
  const iterator = source[Symbol.asyncIterator]();
  let end: { failure?: unknown } | undefined;
  let pending: Promise<void> | undefined;
  const fetchNext = (): Promise<void> =>
    (pending ??= iterator
      .next()
      .then(
        (result) => {
          if (result.done) end = {};
          else buffered.push(result.value);
        },
        (failure: unknown) => {
          end = { failure };
        },
      )
      .finally(() => (pending = undefined)));
  return {
    async *[Symbol.asyncIterator]() {
      for (let index = 0; ; index += 1) {
        while (index >= buffered.length && end === undefined) await fetchNext();
        if (index < buffered.length) yield buffered[index] as T;
        else if (end !== undefined && 'failure' in end) throw end.failure;
        else return;
      }
    },
  };
}
