import type { StreamDefinition, StreamOptions } from '../streams/definition.js';
import type { ListRequest, Query, TwilioClient } from '../twilio/client.js';
import { TwilioNotFoundError } from '../twilio/errors.js';
import type { AccountProgress } from './progress.js';
import { recordMapper, type FieldChange, type MappedItem, type RecordData } from './records.js';
import { undeclaredField } from './wording.js';

/** What reading a list needs besides the list: the client, the user's options, the bound on lists read at once. */
export interface ReadDependencies {
  readonly client: TwilioClient;
  readonly options: StreamOptions;
  /** How many lists (windows, or the children of parents) are read at once. */
  readonly concurrency: number;
  /** Fields Twilio sent that a stream (or a parent it is read under) does not declare, named once per stream read. */
  readonly undeclared: UndeclaredFields;
  log(level: 'INFO' | 'WARN', message: string): void;
}

/** Hands a page's records on, in order; what it returns settles when the reader may go on. */
export type EmitRecords = (page: readonly MappedRecord[]) => Promise<void>;

export interface MappedRecord {
  readonly data: RecordData;
  readonly fieldChanges: readonly FieldChange[];
}

const mappers = new WeakMap<StreamDefinition, (item: unknown) => MappedItem>();

/**
 * How items of the stream's lists become records: as a record, or skipped for a missing key (the progress counts it),
 * every field the schema does not declare named.
 */
export function recordsOf(stream: StreamDefinition, progress: AccountProgress, { undeclared, log }: ReadDependencies): (item: unknown) => MappedItem {
  let map = mappers.get(stream);
  if (map === undefined) {
    map = recordMapper(stream.schema, stream.primaryKey);
    mappers.set(stream, map);
  }
  const mapper = map;
  const warned = undeclared.of(stream);
  return (item) => {
    const mapped = mapper(item);
    warned(item, log);
    if (mapped.kind === 'skipped') progress.skipped(stream.name, mapped.field);
    return mapped;
  };
}

/** The pages of one list of the stream; a 404 of a list whose parent may just have gone ends it empty. */
export async function* pagesOf(stream: StreamDefinition, path: string, query: Query, { client, log }: ReadDependencies): AsyncGenerator<unknown[]> {
  const list: ListRequest = { api: stream.api, path, itemsKey: stream.itemsKey, query, ...(stream.pageSize === undefined ? {} : { pageSize: stream.pageSize }) };
  let count = 0;
  try {
    for await (const items of client.pages(list)) {
      count += items.length;
      yield items;
    }
  } catch (error) {
    if (!(error instanceof TwilioNotFoundError && stream.notFoundIsEmpty)) throw error;
    log('INFO', `${path} answered 404 after ${count} ${stream.itemsKey}: its parent has just ended, so there is nothing more to read.`);
    return;
  }
  if (count === 0 && stream.parent !== undefined) log('INFO', `${path} has no ${stream.itemsKey} (its parent may have just ended).`);
}

/**
 * Reads one list and emits the records `keep` accepts, a page at a time; the count of records emitted. Awaiting what
 * `emit` returns before the next page is what slows the reading down when the output is slower.
 */
export async function readList(
  list: { readonly stream: StreamDefinition; readonly path: string; readonly query: Query },
  dependencies: ReadDependencies,
  progress: AccountProgress,
  emit: EmitRecords,
  keep?: (data: RecordData) => boolean,
): Promise<number> {
  let emitted = 0;
  const recordOf = recordsOf(list.stream, progress, dependencies);
  for await (const items of pagesOf(list.stream, list.path, list.query, dependencies)) {
    // A page goes out in one piece and is let go of before waiting for the consumer. Pages written record by
    // record while waiting stayed alive, every worker's at once, long enough for the collector to move them to the
    // old generation: CPU spent collecting them, and RSS that grew to the collector's limits.
    const page: MappedRecord[] = [];
    for (const item of items) {
      const mapped = recordOf(item);
      if (mapped.kind === 'skipped' || keep?.(mapped.data) === false) continue;
      if (mapped.fieldChanges.length > 0) progress.changed(mapped.fieldChanges);
      page.push(mapped);
    }
    items.length = 0;
    emitted += page.length;
    progress.recorded(page.length);
    if (page.length > 0) await emit(page);
  }
  return emitted;
}

/**
 * Records keep only the declared fields (Airbyte's checks fail on undeclared columns), so a field Twilio adds is
 * dropped: it is named once per stream and sync, so that a schema falling behind Twilio's is seen.
 */
export class UndeclaredFields {
  private readonly warned = new Map<StreamDefinition, Set<string>>();

  /** The check of the stream's items: each field it does not declare is named once. */
  of(stream: StreamDefinition): (item: unknown, log: ReadDependencies['log']) => void {
    let warned = this.warned.get(stream);
    if (warned === undefined) {
      warned = new Set();
      this.warned.set(stream, warned);
    }
    const named = warned;
    const { shape } = stream.schema;
    return (item, log) => {
      for (const field in item as object) {
        if (Object.hasOwn(shape, field) || stream.omitted?.includes(field) || named.has(field)) continue;
        named.add(field);
        log('WARN', undeclaredField(stream.name, field));
      }
    };
  }
}
