import type { RequestCounters } from '../twilio/client.js';
import type { AccountSample } from './estimate.js';
import { sum } from './estimate.js';
import type { FieldChange } from './records.js';
import { DAY_MS } from './windows.js';

/** The words of a stream's log lines while it is read: what a person reads, apart from what is counted. */

export const nulledField = (stream: string, { field, reason }: FieldChange) => `${stream}: field "${field}" set to null: ${reason}.`;
export const strippedUrl = (stream: string, { field, reason }: FieldChange) => `${stream}: field "${field}": ${reason}.`;
export const skippedItem = (stream: string, listed: string, field: string) =>
  `${stream}: skipped an item of ${listed} whose primary key field "${field}" is null or absent.`;
export const undeclaredField = (stream: string, field: string) =>
  `${stream}: field "${field}" is not in the schema of this version of the connector; it is left out of the records.`;

export interface ProgressSnapshot {
  readonly stream: string;
  /** The stream's parent, for a child read under each of its rows (conferences for their participants). */
  readonly parent: string | undefined;
  readonly accounts: number;
  readonly accountsStarted: number;
  readonly accountsFinished: number;
  readonly open: readonly AccountSample[];
  readonly records: number;
  readonly seconds: number;
  readonly estimate: number | undefined;
  /** 429s since the stream began, and the bound on requests in flight now. */
  readonly throttled: number;
  readonly concurrencyLimit: number;
}

/**
 * `conferences: account 3 of 12, 120 of 365 days, 45,210 records, 2,300 records/s, about 4 min left`, or with several
 * accounts being read, `conferences: 8 of 12 accounts being read, 2 done, 900 of 2,920 days, …` (their days).
 */
export function progressLine(snapshot: ProgressSnapshot): string {
  const { stream, parent, accounts, open, records, seconds, estimate } = snapshot;
  const parts =
    open.length > 1
      ? [`${open.length} of ${accounts} accounts being read, ${count(snapshot.accountsFinished)} done`]
      : [`account ${Math.max(1, snapshot.accountsStarted)} of ${accounts}`];
  const range = { doneMs: sum(open.map((account) => account.range.doneMs)), totalMs: sum(open.map((account) => account.range.totalMs)) };
  const parents = { read: sum(open.map((account) => account.parents.read)), listed: sum(open.map((account) => account.parents.listed)) };
  if (range.totalMs > 0) {
    parts.push(`${days(range.doneMs)} of ${days(range.totalMs)} days`);
  } else if (parent !== undefined && parents.listed > 0) {
    parts.push(`${count(parents.read)} of ${count(parents.listed)} ${parent} read`);
  }
  const rate = records / seconds;
  parts.push(`${count(records)} records`, `${count(Math.round(rate))} records/s`);
  if (estimate !== undefined && rate > 0) parts.push(`about ${duration((estimate - records) / rate, false)} left`);
  const throttling =
    snapshot.throttled === 0
      ? ''
      : `; Twilio answered 429 (too many requests) ${count(snapshot.throttled)} times, so at most ${snapshot.concurrencyLimit} requests are sent at once now`;
  return `${stream}: ${parts.join(', ')}${throttling}`;
}

export interface StreamTotals {
  readonly stream: string;
  /** `account AC…` when the stream read one account, else `N accounts`. */
  readonly where: string;
  readonly records: number;
  readonly nulledFields: number;
  readonly strippedUrls: number;
  readonly skippedItems: number;
  /** The client's counts during the stream. */
  readonly requests: RequestCounters;
  readonly seconds: number;
}

/** `conferences, account AC…: read 1,200 records; 14 requests, 0 retries, 0 answered 429, 14 pages, in 0.8 s.` */
export function endLine(totals: StreamTotals): string {
  const read = [`${count(totals.records)} records`];
  if (totals.nulledFields > 0) read.push(`${totals.nulledFields} fields set to null (each listed in its record's meta.changes)`);
  if (totals.strippedUrls > 0) {
    read.push(`${totals.strippedUrls} fields with a URL's user name and password removed (each listed in its record's meta.changes)`);
  }
  if (totals.skippedItems > 0) read.push(`${totals.skippedItems} items skipped for a null or absent primary key`);
  const { requests, retries, throttled, pages } = totals.requests;
  const sent = [`${count(requests)} requests`, `${count(retries)} retries`, `${count(throttled)} answered 429`, `${count(pages)} pages`];
  return `${totals.stream}, ${totals.where}: read ${read.join(', ')}; ${sent.join(', ')}, in ${duration(totals.seconds, true)}.`;
}

const count = (value: number): string => value.toLocaleString('en-US');

const days = (ms: number): string => count(Math.round(ms / DAY_MS));

/** `0.4 s` (precise) or `4 s`, `4 min`, `2 h 10 min`. */
function duration(seconds: number, precise: boolean): string {
  if (seconds < 60) return precise ? `${seconds.toFixed(1)} s` : `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return precise ? `${Math.floor(seconds / 60)} min ${Math.floor(seconds % 60)} s` : `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
