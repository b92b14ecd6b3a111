import type { Query } from '../twilio/client.js';
import type { RangeFilter } from './definition.js';

export const DAY_MS = 86_400_000;

/** A range of a stream's cursor, `[start, end)`; the last window of a sync has no end. */
export interface Window {
  readonly start: string;
  readonly end: string | undefined;
  /** Twilio's filters for a range that holds this window (a day-granular one may hold more). */
  readonly query: Query;
}

export interface WindowPlan {
  /** The earliest cursor value to emit: the saved cursor less the lookback, or the start date. */
  readonly from: string;
  readonly now: Date;
  readonly sliceDays: number;
  readonly filter: RangeFilter;
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

/**
 * The windows from `from` to now, `sliceDays` long, the last open-ended. Day-granular filters cannot start mid-day, so
 * their windows are day-aligned, the first starting at the start of `from`'s day; ISO filters start at `from` itself
 * (a list that keeps 30 days may refuse an earlier start). Each window's query asks for a range that holds it whatever
 * Twilio's bounds mean; `holds` then keeps exactly the window's rows, so none is emitted twice by two windows of one
 * sync.
 */
export function windowsOf({ from, now, sliceDays, filter }: WindowPlan): Window[] {
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
