import type { AccountContext, ParentLink, StreamDefinition } from '../streams/definition.js';
import type { Query } from '../twilio/client.js';
import { readingAhead } from './concurrency.js';
import { pagesOf, recordsOf, type ReadDependencies } from './lists.js';
import type { AccountProgress } from './progress.js';
import type { RecordData } from './records.js';

/**
 * Where one list of a stream is read: its context (the account, or the SIDs of its parent rows), and, below a parent
 * read within date windows, that parent row's cursor, which the state may not move past while the row is not final.
 */
export interface Partition {
  readonly context: AccountContext;
  readonly windowed?: { readonly cursor: unknown; readonly final: boolean };
}

/** How the lists of a lineage are asked for and which parent rows count, in one account and date window. */
export interface PartitionWalk {
  readonly dependencies: ReadDependencies;
  readonly progress: AccountProgress;
  /** The queries of one list of `stream` in `context`; `link` is the parent link `stream` is listed for. */
  queriesOf(stream: StreamDefinition, context: AccountContext, link: ParentLink | undefined): readonly Query[];
  /** For the stream the date windows filter: whether a row of it is in the window, and whether it is final. */
  windowedRow?(stream: StreamDefinition, row: RecordData): { readonly inWindow: boolean; readonly final: boolean } | undefined;
  /** The partitions of a stream when they do not depend on the window (listed once, read under every window). */
  shared?(stream: StreamDefinition): AsyncIterable<Partition> | undefined;
}

/**
 * The partitions `stream`'s list is read in: the account alone for a stream without a parent; else one per distinct
 * row of its parent's lists, read in the parent's own partitions, to any depth. Parent pages are read one ahead, so
 * the next is in flight while the children of this one are read. `listed` hears how many rows each parent page held.
 */
export async function* partitionsOf(
  stream: StreamDefinition,
  account: AccountContext,
  walk: PartitionWalk,
  listed: (count: number) => void = () => {},
): AsyncGenerator<Partition> {
  const link = stream.parent;
  if (link === undefined) {
    yield { context: account };
    return;
  }
  const parent = link.stream;
  for await (const above of walk.shared?.(parent) ?? partitionsOf(parent, account, walk)) {
    const pages = async function* (): AsyncGenerator<unknown[]> {
      for (const query of walk.queriesOf(parent, above.context, link)) {
        for await (const items of pagesOf(parent, parent.path(above.context), query, walk.dependencies)) {
          listed(items.length);
          yield items;
        }
      }
    };
    yield* childrenOf(link, above, readingAhead(pages()), walk);
  }
}

/** The child partitions of one parent partition: one per distinct parent row that can have children. */
async function* childrenOf(link: ParentLink, above: Partition, pages: AsyncIterable<unknown[]>, walk: PartitionWalk): AsyncGenerator<Partition> {
  const parent = link.stream;
  // A parent can move from one list to the next (init to in-progress) while they are read.
  const seen = new Set<string>();
  const recordOf = recordsOf(parent, walk.progress, walk.dependencies);
  for await (const items of pages) {
    for (const item of items) {
      const mapped = recordOf(item);
      if (mapped.kind === 'skipped') continue;
      const row = mapped.data;
      const dated = walk.windowedRow?.(parent, row);
      if (dated?.inWindow === false) continue;
      const key = parent.primaryKey.map((field) => String(row[field])).join('\u0000');
      if (seen.has(key) || link.where?.(row) === false) continue;
      seen.add(key);
      const windowed = dated === undefined ? above.windowed : { cursor: row[parent.incremental?.cursorField ?? ''], final: dated.final };
      yield { context: link.context(row, above.context), ...(windowed === undefined ? {} : { windowed }) };
    }
  }
}
