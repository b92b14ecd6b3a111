import type { AccountContext } from '../streams/definition.js';
import { partitionKeyOf, samePartition, type PartitionKey, type ResumePoint } from './state.js';
import type { Window } from './windows.js';

/**
 * The windows of one account's incremental read, completed in any order. The cursor moves each time the run of
 * completed windows from the oldest grows, to the end of that run, but never past the oldest cursor of a row that is
 * not final yet, so later syncs read such a row again until it is.
 */
export class WindowCheckpoints {
  private readonly completed: boolean[];
  private readonly oldestPending: (string | undefined)[];
  private completedRun = 0;

  constructor(
    private readonly windows: readonly Window[],
    /** Twilio's now, where the last window ends, less the time the stream's rows take to settle: no cursor passes it. */
    private readonly settled: string,
  ) {
    this.completed = windows.map(() => false);
    this.oldestPending = windows.map(() => undefined);
  }

  /** A row of window `index` that is not final, by its (or its parent's) cursor value. */
  notFinal(index: number, cursor: unknown): void {
    const current = this.oldestPending[index];
    if (typeof cursor === 'string' && (current === undefined || cursor < current)) this.oldestPending[index] = cursor;
  }

  /** Window `index` is read whole; the cursor to save when the run of completed windows grew, else undefined. */
  complete(index: number): string | undefined {
    this.completed[index] = true;
    const before = this.completedRun;
    while (this.completedRun < this.windows.length && this.completed[this.completedRun]) this.completedRun += 1;
    if (this.completedRun === before) return undefined;
    const windowEnd = this.windows[this.completedRun - 1]?.end;
    const end = windowEnd !== undefined && windowEnd < this.settled ? windowEnd : this.settled;
    const notFinal = this.oldestPending.slice(0, this.completedRun).filter((cursor) => cursor !== undefined);
    return notFinal.reduce((oldest, cursor) => (cursor < oldest ? cursor : oldest), end);
  }
}

/**
 * The partitions of one account's full refresh in the order they were listed, finished in any order. What is saved is
 * the last partition of the run finished from the first (`through`) and the finished ones after it (`also`): a state
 * whose size does not grow with the account's history, as a list of every finished partition would.
 */
export class PartitionCheckpoints {
  private through: PartitionKey | undefined;
  /** Partitions an earlier attempt finished after its `through` that this one has not come to yet. */
  private readonly earlierAlso: PartitionKey[];
  /** Partitions reached after `through`, in list order, and whether each is finished. */
  private readonly reached: { readonly key: PartitionKey; finished: boolean }[] = [];

  constructor(resumed: ResumePoint | undefined) {
    this.through = resumed?.through;
    this.earlierAlso = [...(resumed?.also ?? [])];
  }

  /** The partition comes next in list order, to be read, or skipped when an earlier attempt finished it. */
  reach(key: PartitionKey): void {
    const earlier = this.earlierAlso.findIndex((done) => samePartition(done, key));
    if (earlier >= 0) this.earlierAlso.splice(earlier, 1);
    this.reached.push({ key, finished: earlier >= 0 });
  }

  /** The partition's list was read whole: the point to save from now on. */
  finish(key: PartitionKey): ResumePoint {
    const entry = this.reached.find((candidate) => !candidate.finished && samePartition(candidate.key, key));
    if (entry !== undefined) entry.finished = true;
    for (let next = this.reached[0]; next?.finished === true; next = this.reached[0]) {
      this.through = next.key;
      this.reached.shift();
    }
    const also = [...this.earlierAlso, ...this.reached.filter((candidate) => candidate.finished).map((candidate) => candidate.key)];
    return this.through === undefined ? { also } : { through: this.through, also };
  }
}

/**
 * The partitions of an account still to read, in list order: all of them on a first attempt; on a later one, those
 * after the saved `through` that are not in `also`. Until `through` comes, partitions are held back; if it never comes
 * (the row is gone), every one held back is read after all, so a changed list means partitions read twice, never lost.
 */
export async function* notFinishedIn<Partition extends { readonly context: AccountContext }>(
  partitions: AsyncIterable<Partition>,
  resumed: ResumePoint | undefined,
  reached: (key: PartitionKey) => void,
): AsyncGenerator<Partition> {
  const isAlso = (key: PartitionKey) => resumed?.also.some((done) => samePartition(done, key)) ?? false;
  const held: Partition[] = [];
  let passed = resumed?.through === undefined;
  for await (const partition of partitions) {
    const key = partitionKeyOf(partition.context);
    if (!passed) {
      if (resumed?.through !== undefined && samePartition(key, resumed.through)) {
        passed = true;
        held.length = 0;
      } else {
        held.push(partition);
      }
      continue;
    }
    reached(key);
    if (!isAlso(key)) yield partition;
  }
  for (const partition of passed ? [] : held) {
    const key = partitionKeyOf(partition.context);
    reached(key);
    if (!isAlso(key)) yield partition;
  }
}
