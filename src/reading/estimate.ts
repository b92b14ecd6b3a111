/** What is known of one account's read so far, to extrapolate its records from. */
export interface AccountSample {
  readonly records: number;
  /** Its date windows: their span in all, the span done and the records those gave. */
  readonly range: { readonly totalMs: number; readonly doneMs: number; readonly records: number };
  /** Its parent rows: listed, read (their children's lists done) and the children those gave. */
  readonly parents: { readonly listed: number; readonly read: number; readonly children: number };
}

/** An account's records in all, extrapolated from its part done; undefined before any part is done. */
export function accountEstimate({ records, range, parents }: AccountSample): number | undefined {
  if (range.totalMs > 0 && range.doneMs > 0) return Math.max(records, range.records / Math.min(1, range.doneMs / range.totalMs));
  if (parents.read > 0) return Math.max(records, (parents.children / parents.read) * parents.listed);
  return undefined;
}

export interface StreamSample {
  /** Records so far, over every account. */
  readonly records: number;
  /** The accounts the stream is read for. */
  readonly accounts: number;
  /** The record counts of the accounts read to the end. */
  readonly finished: readonly number[];
  /** The accounts being read. */
  readonly open: readonly AccountSample[];
}

/**
 * The stream's records in all, made only from what is read anyway: each open account extrapolated from its part done,
 * and the accounts not read yet taken to hold as many as the accounts seen so far, on average. Undefined while no
 * account tells anything.
 */
export function streamEstimate({ records, accounts, finished, open }: StreamSample): number | undefined {
  const estimates = open.map((account) => ({ account, estimate: accountEstimate(account) }));
  const samples = [...finished, ...estimates.flatMap(({ estimate }) => (estimate === undefined ? [] : [estimate]))];
  if (samples.length === 0) return undefined;
  const mean = sum(samples) / samples.length;
  const reading = sum(estimates.map(({ account, estimate }) => estimate ?? Math.max(mean, account.records)));
  const notStarted = Math.max(0, accounts - finished.length - open.length);
  return Math.max(records, Math.round(sum(finished) + reading + notStarted * mean));
}

export function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
