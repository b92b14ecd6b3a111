import type { AccountContext, StreamDefinition } from './definition.js';
import type { AccountProgress } from './progress.js';
import { contextsOf, forEachConcurrently, mapperFor, pagesOf, readList, type EmitRecord, type StreamReaderDependencies } from './reader.js';
import type { RecordData } from './records.js';
import { DAY_MS, holds, isoSeconds, retentionHorizon, windowsOf, type Window } from './windows.js';

/** A first sync without a start date reads one unbounded window: everything Twilio keeps. */
const EVERYTHING: Window = { start: '', end: undefined, query: {} };

export interface IncrementalRead {
  /** The cursor saved for this account by the last sync, undefined on a first sync or a full refresh. */
  readonly cursor: string | undefined;
  readonly lookbackMinutes: number;
  readonly sliceDays: number;
  /** Records emitted so far are covered by this cursor: the account's state may move to it. */
  checkpoint(cursor: string): Promise<void>;
}

/**
 * The stream whose cursor orders the windows: the stream itself, or for a child without a range filter of its own
 * (participant summaries) its parent, whose rows it is read under.
 */
export function windowedStreamOf(stream: StreamDefinition): StreamDefinition | undefined {
  if (stream.incremental?.filter !== undefined) return stream;
  const parent = stream.parent?.stream;
  return stream.incremental !== undefined && parent?.incremental?.filter !== undefined ? parent : undefined;
}

/**
 * Reads what changed in one account since its saved cursor, less the lookback (or since the start date, or everything
 * on a first sync without one; never before the retention horizon), in date windows read concurrently. A checkpoint
 * goes out each time the run of completed windows from the oldest one grows: it never moves past a window still being
 * read, nor past a row that is not final yet, so later syncs read such a row again until it is.
 */
export async function readIncrementally(
  stream: StreamDefinition,
  account: AccountContext,
  read: IncrementalRead,
  dependencies: StreamReaderDependencies,
  emit: EmitRecord,
): Promise<void> {
  const windowed = windowedStreamOf(stream);
  const cursorField = windowed?.incremental?.cursorField;
  const filter = windowed?.incremental?.filter;
  if (windowed === undefined || cursorField === undefined || filter === undefined) {
    throw new TypeError(`Stream ${stream.name} has no cursor to read incrementally.`);
  }
  const twilioNow = dependencies.options.now;
  const now = isoSeconds(twilioNow.getTime());
  if (read.cursor !== undefined && read.cursor > now) {
    dependencies.log(
      'WARN',
      `${stream.name}: the saved cursor ${read.cursor} of account ${account.accountSid} lies in the future, so nothing is read for it; the state is kept as it is.`,
    );
    return;
  }
  const from = startOf(stream, windowed, account, read, dependencies);
  const windows = from === undefined ? [EVERYTHING] : windowsOf({ from, now: twilioNow, sliceDays: read.sliceDays, filter });
  const report = dependencies.progress;
  const spanOf = (window: Window) => Math.max(0, (window.end === undefined ? twilioNow.getTime() : Date.parse(window.end)) - Date.parse(window.start));
  if (from !== undefined) report.planRange(windows.reduce((total, window) => total + spanOf(window), 0));
  // A child with a range filter of its own (Studio's executions) is asked for each window under every parent, listed
  // once: parents such as flows are few.
  const contexts = windowed === stream && stream.parent !== undefined ? await collect(contextsOf(stream.parent, account, dependencies, report)) : undefined;
  const oldestPending: (string | undefined)[] = windows.map(() => undefined);
  const completed = windows.map(() => false);
  let completedRun = 0;

  await forEachConcurrently(windows.entries(), dependencies.concurrency, async ([index, window]) => {
    const pending = (cursor: unknown) => {
      const current = oldestPending[index];
      if (typeof cursor === 'string' && (current === undefined || cursor < current)) oldestPending[index] = cursor;
    };
    const inWindow = (data: RecordData) => holds(window, from ?? '', data[cursorField]);
    let records = 0;
    const counted: EmitRecord = (data, changes) => {
      records += 1;
      return emit(data, changes);
    };
    if (windowed === stream) {
      for (const context of contexts ?? [account]) {
        const query = { ...stream.query?.(dependencies.options, context), ...window.query };
        await readList(stream, context, query, dependencies, report, counted, (data) => {
          if (!inWindow(data)) return false;
          if (!isFinal(stream, data)) pending(data[cursorField]);
          return true;
        });
      }
    } else {
      const query = { ...windowed.query?.(dependencies.options, account), ...window.query };
      for (const parent of await parentsIn(windowed, account, query, inWindow, dependencies, report)) {
        if (!isFinal(windowed, parent)) pending(parent[cursorField]);
        if (stream.parent?.where?.(parent) === false) continue;
        const context = stream.parent?.context(parent, account) ?? account;
        await readList(stream, context, { ...stream.query?.(dependencies.options, context) }, dependencies, report, counted, (data) => {
          if (!isFinal(stream, data)) pending(parent[cursorField]);
          return true;
        });
      }
    }
    completed[index] = true;
    const before = completedRun;
    while (completedRun < windows.length && completed[completedRun]) completedRun += 1;
    if (completedRun > before) {
      const end = windows[completedRun - 1]?.end ?? now;
      const notFinal = oldestPending.slice(0, completedRun).filter((cursor) => cursor !== undefined);
      await read.checkpoint(notFinal.reduce((oldest, cursor) => (cursor < oldest ? cursor : oldest), end));
    }
    if (from !== undefined) await report.windowDone(spanOf(window), records);
  });
}

/**
 * Where the read starts: the saved cursor less the lookback, else the start date, else (for a stream Twilio keeps for a
 * while only) the start of its horizon, else nowhere in particular (undefined: everything). Never before the horizon,
 * with an INFO line when the start is clipped to it and a WARN when a saved cursor shows history already gone.
 */
function startOf(
  stream: StreamDefinition,
  windowed: StreamDefinition,
  account: AccountContext,
  read: IncrementalRead,
  { options, log }: StreamReaderDependencies,
): string | undefined {
  const wanted =
    read.cursor !== undefined
      ? isoSeconds(Date.parse(read.cursor) - read.lookbackMinutes * 60_000)
      : options.startDate === undefined
        ? undefined
        : `${options.startDate}T00:00:00Z`;
  const retention = windowed.retentionDays;
  if (retention === undefined) return wanted;
  const horizon = retentionHorizon(options.now, retention, windowed.incremental?.filter);
  const lost = isoSeconds(options.now.getTime() - retention * DAY_MS);
  if (read.cursor !== undefined && read.cursor < lost) {
    log(
      'WARN',
      `${stream.name}: the saved cursor ${read.cursor} of account ${account.accountSid} is older than the ${retention} days ` +
        `Twilio keeps; what happened between it and ${horizon} is lost for good. Sync at least every ${retention - 1} days to avoid gaps.`,
    );
  } else if (wanted !== undefined && wanted < horizon) {
    log('INFO', `${stream.name}: Twilio keeps ${retention} days, so account ${account.accountSid} is read from ${horizon}; history older than that is gone for good.`);
  }
  return wanted === undefined || wanted < horizon ? horizon : wanted;
}

/** The parent rows of one window, in list order, each once. */
async function parentsIn(
  parent: StreamDefinition,
  account: AccountContext,
  query: Record<string, string>,
  inWindow: (data: RecordData) => boolean,
  dependencies: StreamReaderDependencies,
  report: AccountProgress,
): Promise<RecordData[]> {
  const map = mapperFor(parent);
  const rows: RecordData[] = [];
  for await (const items of pagesOf(parent, account, query, dependencies)) {
    for (const item of items) {
      const mapped = map(item);
      if (mapped.kind === 'skipped') report.skipped(parent.name, mapped.field);
      else if (inWindow(mapped.data)) rows.push(mapped.data);
    }
  }
  return rows;
}

function isFinal(stream: StreamDefinition, data: RecordData): boolean {
  return stream.incremental?.isFinal?.(data) ?? true;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
