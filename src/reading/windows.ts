import type { RangeFilter, StreamDefinition } from '../streams/definition.js';
import type { Query } from '../twilio/client.js';

export const DAY_MS = 86_400_000;

/** A range of dates a list is asked for, `[start, end)`; the last window of a read has no end, an unbounded one no start. */
export interface Window {
  readonly start: string;
  readonly end: string | undefined;
  /** Twilio's filters for a range that holds this window (a day-granular one may hold more). */
  readonly query: Query;
}

/** A read without dates: everything Twilio keeps, in one window. */
export const EVERYTHING: Window = { start: '', end: undefined, query: {} };

/** Something the planning of a read has to tell the user. */
export interface Note {
  readonly level: 'INFO' | 'WARN';
  readonly message: string;
}

/** Where an account's incremental read starts and the windows it asks for, or why it asks for nothing. */
export type IncrementalWindows =
  | { readonly kind: 'windows'; readonly from: string | undefined; readonly windows: readonly Window[]; readonly notes: readonly Note[] }
  | { readonly kind: 'nothing'; readonly notes: readonly Note[] };

export interface IncrementalStart {
  /** The stream whose list the windows filter: the stream itself, or the parent it is read under. */
  readonly windowed: StreamDefinition;
  readonly streamName: string;
  readonly accountSid: string;
  /** The cursor saved for the account by the last sync; undefined on a first sync. */
  readonly cursor: string | undefined;
  readonly lookbackMinutes: number;
  readonly sliceDays: number;
  readonly startDate: string | undefined;
  /** Twilio's clock. */
  readonly now: Date;
}

/**
 * An account's incremental read: from its saved cursor less the lookback (or the start date, or everything on a first
 * sync without one), never before the retention horizon, to Twilio's now, cut into `sliceDays` windows. A cursor in the
 * future reads nothing (WARN); a start clipped to the horizon says so (INFO), and a cursor older than the horizon warns
 * that the gap is lost.
 */
export function incrementalWindows(start: IncrementalStart): IncrementalWindows {
  const { windowed, streamName, accountSid, cursor, now } = start;
  const filter = windowed.incremental?.filter;
  if (filter === undefined) throw new TypeError(`Stream ${windowed.name} has no date filter to read incrementally.`);
  if (cursor !== undefined && cursor > isoSeconds(now.getTime())) {
    const message = `${streamName}: the saved cursor ${cursor} of account ${accountSid} lies in the future, so nothing is read for it; the state is kept as it is.`;
    return { kind: 'nothing', notes: [{ level: 'WARN', message }] };
  }
  const wanted =
    cursor !== undefined
      ? isoSeconds(Date.parse(cursor) - start.lookbackMinutes * 60_000)
      : start.startDate === undefined
        ? undefined
        : `${start.startDate}T00:00:00Z`;
  const { from, notes } = clippedToRetention(windowed, wanted, { ...start, filter });
  const windows = from === undefined ? [EVERYTHING] : windowsOf({ from, now, sliceDays: start.sliceDays, filter });
  return { kind: 'windows', from, windows, notes };
}

function clippedToRetention(
  windowed: StreamDefinition,
  wanted: string | undefined,
  { streamName, accountSid, cursor, now, filter }: Pick<IncrementalStart, 'streamName' | 'accountSid' | 'cursor' | 'now'> & { filter: RangeFilter },
): { from: string | undefined; notes: Note[] } {
  const retention = windowed.retentionDays;
  if (retention === undefined) return { from: wanted, notes: [] };
  const horizon = retentionHorizon(now, retention, filter);
  const notes: Note[] = [];
  if (cursor !== undefined && cursor < isoSeconds(now.getTime() - retention * DAY_MS)) {
    notes.push({
      level: 'WARN',
      message:
        `${streamName}: the saved cursor ${cursor} of account ${accountSid} is older than the ${retention} days Twilio ` +
        `keeps; what happened between it and ${horizon} is lost for good. Sync at least every ${retention - 1} days to avoid gaps.`,
    });
  } else if (wanted !== undefined && wanted < horizon) {
    notes.push({
      level: 'INFO',
      message: `${streamName}: Twilio keeps ${retention} days, so account ${accountSid} is read from ${horizon}; history older than that is gone for good.`,
    });
  }
  return { from: wanted === undefined || wanted < horizon ? horizon : wanted, notes };
}

/**
 * The one window of a full refresh: from the start date by the stream's start filter (never before what Twilio keeps,
 * which it would refuse), from what Twilio keeps for a list that needs a start, or everything when the stream has no
 * start filter or no start date is set.
 */
export function fullRefreshWindow(stream: StreamDefinition, startDate: string | undefined, now: Date): Window {
  const filter = stream.startFilter;
  if (filter === undefined || (startDate === undefined && stream.startRequired !== true)) return EVERYTHING;
  const wanted = startDate === undefined ? undefined : `${startDate}T00:00:00Z`;
  const horizon = stream.retentionDays === undefined ? undefined : retentionHorizon(now, stream.retentionDays, filter);
  const start = wanted === undefined || (horizon !== undefined && horizon > wanted) ? horizon : wanted;
  if (start === undefined) throw new TypeError(`Stream ${stream.name} needs a start but keeps no retentionDays to start from.`);
  return { start, end: undefined, query: onOrAfterQuery(filter, start) };
}

/**
 * The oldest instant a read asks for of a list Twilio keeps `retentionDays`, by Twilio's clock `now`: a day short of
 * what it keeps, so that a window is never cut by it while the read runs. A day-granular filter asks for whole days,
 * so for one the horizon is that day's start (Twilio keeps that day whole).
 */
export function retentionHorizon(now: Date, retentionDays: number, filter: RangeFilter | undefined): string {
  const nearest = now.getTime() - (retentionDays - 1) * DAY_MS;
  return isoSeconds(filter?.format === 'iso' ? nearest : startOfDay(nearest));
}

export interface WindowCut {
  /** The earliest cursor value to emit: the saved cursor less the lookback, or the start date. */
  readonly from: string;
  readonly now: Date;
  readonly sliceDays: number;
  readonly filter: RangeFilter;
}

/**
 * The windows from `from` to now, `sliceDays` long, the last open-ended. Day-granular filters cannot start mid-day, so
 * their windows are day-aligned, the first starting at the start of `from`'s day; ISO filters start at `from` itself
 * (a list that keeps 30 days may refuse an earlier start). Each window's query asks for a range that holds it whatever
 * Twilio's bounds mean; `holds` then keeps exactly the window's rows, so none is emitted twice by two windows of one
 * sync.
 */
export function windowsOf({ from, now, sliceDays, filter }: WindowCut): Window[] {
  const windows: Window[] = [];
  const byDay = filter.format !== 'iso';
  const last = byDay ? startOfDay(now.getTime()) : now.getTime();
  const first = byDay ? startOfDay(Date.parse(from)) : Date.parse(from);
  for (let start = first; start <= last; start += sliceDays * DAY_MS) {
    const end = start + sliceDays * DAY_MS;
    windows.push({
      start: isoSeconds(start),
      end: end > last ? undefined : isoSeconds(end),
      query: rangeQuery(filter, start, end),
    });
  }
  return windows;
}

/** How long a window is by Twilio's clock, for the progress of a read: its last one runs to now. */
export function spanOf(window: Window, now: Date): number {
  if (window.start === '') return 0;
  return Math.max(0, (window.end === undefined ? now.getTime() : Date.parse(window.end)) - Date.parse(window.start));
}

const PLAIN_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Whether a row's cursor value belongs to the window and is not older than `from`. A plain day (`YYYY-MM-DD`) stands
 * for its start. A row without a value (a call still in progress has no `end_time`) belongs to the last window only,
 * so that a sync emits it once however many windows Twilio answers it in.
 */
export function holds(window: Window, from: string, value: unknown): boolean {
  if (typeof value !== 'string') return window.end === undefined;
  const instant = PLAIN_DAY.test(value) ? `${value}T00:00:00Z` : value;
  return instant >= from && instant >= window.start && (window.end === undefined || instant < window.end);
}

/** The filters that ask for `[start, end)` or a range that holds it (`start` and `end` at the start of a UTC day). */
export function rangeQuery(filter: RangeFilter, start: number, end: number): Query {
  // Whether Twilio's `after` includes its instant is not said: a second earlier holds the window's start either way.
  if (filter.format === 'iso') return { [filter.after]: isoSeconds(start - 1000), [filter.before]: isoSeconds(end) };
  if (filter.format === 'day-range') return { [filter.onOrAfter]: isoDay(start), [filter.onOrBefore]: isoDay(end - DAY_MS) };
  // One day is asked for by equality, which means the same whether Twilio's `<` includes its day or not; a longer
  // window asks up to its end day, a range that holds the window either way.
  if (end - start === DAY_MS) return { [filter.field]: isoDay(start) };
  return { [`${filter.field}>`]: isoDay(start), [`${filter.field}<`]: isoDay(end) };
}

/** The filter that asks for the rows on or after an instant (a day filter: on or after its day). */
function onOrAfterQuery(filter: RangeFilter, start: string): Query {
  if (filter.format === 'iso') return { [filter.after]: start };
  const day = start.slice(0, 10);
  return filter.format === 'day-range' ? { [filter.onOrAfter]: day } : { [`${filter.field}>`]: day };
}

export function startOfDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** ISO 8601 UTC to the second, the form of every cursor in records and state. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
