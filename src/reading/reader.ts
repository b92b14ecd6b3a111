import type { AccountContext, ParentLink, StreamDefinition } from '../streams/definition.js';
import type { Query } from '../twilio/client.js';
import { notFinishedIn, PartitionCheckpoints, WindowCheckpoints } from './checkpoints.js';
import { forEachConcurrently, replayable } from './concurrency.js';
import { readList, type EmitRecords, type ReadDependencies } from './lists.js';
import { partitionsOf, type Partition, type PartitionWalk } from './partitions.js';
import type { AccountProgress } from './progress.js';
import type { RecordData } from './records.js';
import { partitionKeyOf, type ResumePoint } from './state.js';
import { fullRefreshWindow, holds, isoSeconds, spanOf, type Window } from './windows.js';

/** What to read of one account of a stream, as its plan says. */
export interface AccountRead {
  readonly stream: StreamDefinition;
  readonly account: AccountContext;
  readonly windows: readonly Window[];
  /**
   * The stream of the lineage whose list the windows filter (the stream, or the parent it is read under); undefined for
   * a full refresh, where every list asks for its own start date.
   */
  readonly windowed: StreamDefinition | undefined;
  /** The earliest cursor value an incremental read emits; undefined: everything. */
  readonly from: string | undefined;
  /** Where an earlier attempt of a full refresh left off. */
  readonly resume: ResumePoint | undefined;
}

/** Where the read of one account reports: its progress, and the states to save as it goes. */
export interface AccountSink {
  readonly progress: AccountProgress;
  readonly emit: EmitRecords;
  /** An incremental read's cursor has moved. */
  cursorReached(cursor: string): Promise<void>;
  /** A full refresh has read these partitions whole. */
  partitionsFinished(point: ResumePoint): Promise<void>;
}

/**
 * Reads one account of a stream: its date windows several at once, in each the stream's partitions (the account, or
 * one per parent row, to any depth) several at once, each partition one list. An incremental read moves its cursor as
 * the windows complete; a full refresh of a child stream saves the partitions it has finished, so that a later attempt
 * goes on from them.
 */
export async function readAccount(read: AccountRead, dependencies: ReadDependencies, sink: AccountSink): Promise<void> {
  const { stream, windows, windowed } = read;
  const now = dependencies.options.now;
  if (read.from !== undefined) sink.progress.planRange(windows.reduce((total, window) => total + spanOf(window, now), 0));
  const settleMs = (windowed?.incremental?.settleMinutes ?? 0) * 60_000;
  const checkpoints = new WindowCheckpoints(windows, isoSeconds(now.getTime() - settleMs));
  const partitions = new PartitionCheckpoints(read.resume);
  const shared = sharedPartitions(read, dependencies, sink.progress);
  await forEachConcurrently(windows.entries(), dependencies.concurrency, async ([index, window]) => {
    const walk = walkOf(read, dependencies, sink.progress, window, shared);
    const all = shared?.(stream) ?? partitionsOf(stream, read.account, walk, (count) => sink.progress.parentsListed(count));
    const toRead = windowed === undefined ? notFinishedIn(all, read.resume, (key) => partitions.reach(key)) : all;
    let records = 0;
    await forEachConcurrently(toRead, dependencies.concurrency, async (partition) => {
      const children = await readPartition(read, partition, index, walk, checkpoints, sink);
      records += children;
      if (stream.parent === undefined) return;
      await sink.progress.parentRead(children);
      if (windowed === undefined) await sink.partitionsFinished(partitions.finish(partitionKeyOf(partition.context)));
    });
    const cursor = windowed === undefined ? undefined : checkpoints.complete(index);
    if (cursor !== undefined) await sink.cursorReached(cursor);
    if (read.from !== undefined) await sink.progress.windowDone(spanOf(window, now), records);
  });
}

/** Reads the stream's list of one partition within one window; the records it emitted. */
async function readPartition(
  read: AccountRead,
  partition: Partition,
  index: number,
  walk: PartitionWalk,
  checkpoints: WindowCheckpoints,
  sink: AccountSink,
): Promise<number> {
  const { stream } = read;
  if (partition.windowed?.final === false) checkpoints.notFinal(index, partition.windowed.cursor);
  const keep = windowKeep(read, partition, index, walk, checkpoints);
  let emitted = 0;
  for (const query of walk.queriesOf(stream, partition.context, undefined)) {
    emitted += await readList({ stream, path: stream.path(partition.context), query }, walk.dependencies, sink.progress, sink.emit, keep);
  }
  return emitted;
}

/**
 * Within an incremental read's window: the records of the windowed stream that belong to it, and the oldest cursor of
 * a row not final yet (the record's own, or below a windowed parent the parent's). A full refresh keeps every record.
 */
function windowKeep(
  read: AccountRead,
  partition: Partition,
  index: number,
  walk: PartitionWalk,
  checkpoints: WindowCheckpoints,
): ((data: RecordData) => boolean) | undefined {
  const { stream } = read;
  const isFinal = (data: RecordData) => stream.incremental?.isFinal?.(data) ?? true;
  if (stream === read.windowed) {
    const cursorField = stream.incremental?.cursorField ?? '';
    return (data) => {
      const dated = walk.windowedRow?.(stream, data);
      if (dated?.inWindow === true && !dated.final) checkpoints.notFinal(index, data[cursorField]);
      return dated?.inWindow !== false;
    };
  }
  const { windowed } = partition;
  if (windowed === undefined) return undefined;
  return (data) => {
    if (!isFinal(data)) checkpoints.notFinal(index, windowed.cursor);
    return true;
  };
}

/** How the lists of the stream's lineage are asked for within one window. */
function walkOf(
  read: AccountRead,
  dependencies: ReadDependencies,
  progress: AccountProgress,
  window: Window,
  shared: ((stream: StreamDefinition) => AsyncIterable<Partition> | undefined) | undefined,
): PartitionWalk {
  const { options } = dependencies;
  const queriesOf = (stream: StreamDefinition, context: AccountContext, link: ParentLink | undefined): Query[] => {
    const own = stream.query?.(options, context) ?? {};
    const dates = stream === read.windowed ? window.query : link?.queries !== undefined ? {} : fullRefreshWindow(stream, options.startDate, options.now).query;
    return (link?.queries ?? stream.queries?.(context) ?? [{}]).map((query) => ({ ...own, ...dates, ...query }));
  };
  const windowedRow = (stream: StreamDefinition, row: RecordData) => {
    if (stream !== read.windowed) return undefined;
    const final = stream.incremental?.isFinal?.(row) ?? true;
    return { inWindow: holds(window, read.from ?? '', row[stream.incremental?.cursorField ?? '']), final };
  };
  return { dependencies, progress, queriesOf, windowedRow, ...(shared === undefined ? {} : { shared }) };
}

/**
 * The partitions of the windowed stream do not depend on the window, only on its parents: with several windows they
 * are listed once (Studio's flows, for the executions of every window) and read under each.
 */
function sharedPartitions(
  read: AccountRead,
  dependencies: ReadDependencies,
  progress: AccountProgress,
): ((stream: StreamDefinition) => AsyncIterable<Partition> | undefined) | undefined {
  const { windowed, windows } = read;
  const [first] = windows;
  if (windowed?.parent === undefined || first === undefined || windows.length < 2) return undefined;
  const listing = replayable(partitionsOf(windowed, read.account, walkOf(read, dependencies, progress, first, undefined)));
  return (stream) => (stream === windowed ? listing : undefined);
}
