/** Rows of Twilio's v1 product lists (every API but the 2010 one): counts, SIDs, ISO dates and the list declaration. */
import { hash } from '../hash.js';
import {
  seededRows,
  seededSid,
  type FilterDeclaration,
  type InstanceDeclaration,
  type Resource,
  type RowList,
  type RowScope,
  type SeededRows,
} from '../resource.js';
import { isoRange } from '../filters.js';
import type { ApiError } from '../responses.js';

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

/** `DateCreatedAfter` and `DateCreatedBefore`, both included, on a row's `date_created` (Verify's and Video's lists). */
export const createdAfterBefore = () =>
  isoRange('DateCreatedAfter', 'DateCreatedBefore', false, (list: SeededRows<{ sid: string; date_created: string }>, index) => epochSecondsOf(list.at(index).date_created));

/** A v1 row named in paths by its SID (`{prefix}` and 32 hex digits); a malformed or unknown SID is a 404. */
export function instanceBySid<Row extends { sid: string }>(kind: string, placeholder: string, prefix: string): InstanceDeclaration<SeededRows<Row>> {
  return { kind, placeholder, sidPattern: new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), malformed: 'not-found', unknown: 'not-found' };
}

/** A v1 list of rows made by `row` from each seed: the declaration of most product lists. */
export interface V1ListDeclaration<Row extends { sid: string }, ParentList extends RowList> {
  product: string;
  kind: string;
  path: string;
  itemsKey: string;
  /** Twilio's largest PageSize for the list; 1000 unless said. */
  maxPageSize?: number;
  parent?: Resource<ParentList>;
  // NoInfer: the row type is the one `row` makes, never guessed from an instance or a filter.
  instance?: InstanceDeclaration<SeededRows<NoInfer<Row>>>;
  rows: Omit<ProductList, 'kind'>;
  row(seed: RowSeed, scope: RowScope<ParentList>): Row;
  filters?: ReadonlyArray<FilterDeclaration<SeededRows<NoInfer<Row>>>>;
  refuse?(scope: RowScope<ParentList>): ApiError | undefined;
}

export function v1List<Row extends { sid: string }, ParentList extends RowList = RowList>(
  declaration: V1ListDeclaration<Row, ParentList>,
): Resource<SeededRows<Row>, ParentList> {
  const { rows, row, filters = [], maxPageSize = 1000, ...rest } = declaration;
  return {
    ...rest,
    paging: 'v1',
    maxPageSize,
    rows: (scope) => productRows(scope, { kind: declaration.kind, ...rows }, (seed) => row(seed, scope)),
    filters,
  };
}

/** Rows that Twilio sends without a `sid` of their own, named in the simulator by the SID they were generated with. */
export class RowsWithoutSid<Row> implements RowList {
  constructor(private readonly rows: SeededRows<Row & { sid: string }>) {}

  get length(): number {
    return this.rows.length;
  }

  at(index: number): Row {
    const { sid: _sid, ...row } = this.rows.at(index);
    return row as Row;
  }

  sidAt(index: number): string {
    return this.rows.sidAt(index);
  }

  indexOf(sid: string): number | undefined {
    return this.rows.indexOf(sid);
  }
}
