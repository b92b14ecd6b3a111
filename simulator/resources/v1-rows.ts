/** Rows of Twilio's v1 product lists (Monitor, Conversations, Studio, Trunking): counts, SIDs and ISO dates. */
import { hash } from '../hash.js';
import { seededRows, seededSid, type InstanceDeclaration, type RowList, type RowScope, type SeededRows } from '../resource.js';

/** What a row's generator gets: its SID, its creation instant and the caller's account. */
export interface RowSeed {
  readonly key: number;
  readonly index: number;
  readonly sid: string;
  /** Epoch seconds; rows are listed newest first. */
  readonly created: number;
  readonly accountSid: string;
  /** The SID of the parent row (for a list without a parent, the account's). */
  readonly parentSid: string;
}

export interface ProductList {
  kind: string;
  sidPrefix: string;
  /** Rows below each parent row unless the dataset's `productRows` says otherwise. */
  count: number;
  /** Seconds between the creation of two consecutive rows. */
  spacingSeconds: number;
}

/**
 * The rows of a v1 list below its parent row. Below the last of several parent rows there are none, so each child
 * list has an empty case (a conversation without messages, a flow never executed).
 */
export function productRows<Row extends { sid: string }>(
  scope: RowScope<RowList>,
  { kind, sidPrefix, count, spacingSeconds }: ProductList,
  generate: (seed: RowSeed) => Row,
): SeededRows<Row> {
  const { dataset, parent, principal } = scope;
  const emptyParent = parent.list.length > 1 && parent.index === parent.list.length - 1;
  const rows = emptyParent ? 0 : (dataset.options.rowCounts?.[kind] ?? count);
  const first = Math.floor(Date.parse(dataset.options.firstDateCreated) / 1000);
  const parentSid = parent.list.sidAt(parent.index);
  return seededRows(scope, kind, rows, (key, index) => {
    const chronological = rows - 1 - index;
    const created = first + (key % 3600) + chronological * spacingSeconds + (hash(key, index) % Math.max(1, Math.floor(spacingSeconds / 2)));
    return generate({ key, index, sid: seededSid(sidPrefix, key, index), created, accountSid: principal.account.sid, parentSid });
  });
}

/** ISO 8601 UTC to the second, as the v1 APIs write dates. */
export function isoDate(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A value picked by a hash. */
export function pickOf<T>(items: readonly T[], hashValue: number): T {
  return items[hashValue % items.length] as T;
}

/** Epoch seconds of a row's ISO date field, for the date filters. */
export const epochSecondsOf = (iso: string): number => Date.parse(iso) / 1000;

/** A v1 row named in paths by its SID (`{prefix}` and 32 hex digits); a malformed or unknown SID is a 404. */
export function instanceBySid<Row extends { sid: string }>(kind: string, placeholder: string, prefix: string): InstanceDeclaration<SeededRows<Row>> {
  return { kind, placeholder, sidPattern: new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), malformed: 'not-found', unknown: 'not-found' };
}
