/**
 * A simulated Twilio list resource is one declaration: where it lives, how it pages, whose rows it lists, how its rows
 * are generated and which filters it honours. `simulator/resources/` holds one file per resource; the router, the
 * pager and the filters in this folder serve any of them.
 */
import type { Principal } from './auth.js';
import type { Dataset } from './dataset.js';
import { hashString, hex32 } from './hash.js';
import type { ApiError } from './responses.js';

/**
 * `2010`: the flat envelope with relative `*_page_uri` keys; `v1`: items plus `meta` with absolute `*_url` keys;
 * `none`: every row at once with only the list's `uri` (available phone number countries).
 */
export type PagingStyle = '2010' | 'v1' | 'none';

/** The rows of one resource below one parent row, in list order, computed per index. */
export interface RowList {
  readonly length: number;
  at(index: number): unknown;
  /** The SID naming the row in paths (a participant's is its `call_sid`). */
  sidAt(index: number): string;
  indexOf(sid: string): number | undefined;
}

export interface ParentRow<ParentList extends RowList> {
  list: ParentList;
  index: number;
}

export interface RowScope<ParentList extends RowList> {
  dataset: Dataset;
  principal: Principal;
  /** The request's query, for a resource whose rows depend on it (Voice Insights' `Subaccount`, usage's subaccounts). */
  query: URLSearchParams;
  /** The SIDs the path names, by placeholder. */
  params: Readonly<Record<string, string>>;
  /** The simulator's clock at the request. */
  now: Date;
  /** The parent row named in the path; for a resource without a declared parent, the caller's account. */
  parent: ParentRow<ParentList>;
}

/** A filter as the request states it: the parameters to echo in paging links and, if it narrows, the predicate. */
export interface ParsedFilter<List> {
  echo: ReadonlyArray<readonly [string, string]>;
  matches?(list: List, index: number): boolean;
  /** `[start, end)`: the list indices outside which nothing matches, for a list ordered by the filtered value. */
  span?(list: List): IndexSpan;
}

export interface IndexSpan {
  readonly start: number;
  readonly end: number;
}

export interface FilterDeclaration<List> {
  /** `now` is the simulator's clock, for filters that refuse ranges older than what Twilio keeps. */
  parse(query: URLSearchParams, now: Date): ParsedFilter<List> | ApiError;
}

/** How the path names one row: `{placeholder}` in the child paths and in the instance path. */
export interface InstanceDeclaration<List extends RowList> {
  /** The route kind of a single-row fetch, e.g. `conference`. */
  kind: string;
  placeholder: string;
  sidPattern: RegExp;
  /** Twilio's answer to a SID of the wrong form differs per resource. */
  malformed: 'not-found' | 'method-not-allowed';
  /** `unauthorized` hides whether the row exists (accounts). */
  unknown: 'not-found' | 'unauthorized';
  /** Why the children of a row may not be read (a suspended account's), if they may not. */
  refuseChildren?(list: List, index: number): ApiError | undefined;
}

export interface Resource<List extends RowList = RowList, ParentList extends RowList = RowList> {
  /** The route kind of the list: counted in stats, matched by fault rules. */
  kind: string;
  /**
   * The API's host label (`conversations`) for every API but the 2010 one: its paths are served below `/<product>`,
   * since two of Twilio's APIs have the same paths (`/v1/Services`) and the simulator serves them all on one origin.
   */
  product?: string;
  /** Path template with the ancestors' placeholders, e.g. `/v1/Services/{ServiceSid}/Roles`. */
  path: string;
  itemsKey: string;
  paging: PagingStyle;
  maxPageSize: number;
  parent?: Resource<ParentList>;
  /** Present when rows can be fetched one at a time, and needed to name a row as a parent. */
  instance?: InstanceDeclaration<List>;
  rows(scope: RowScope<ParentList>): List;
  /** Why the caller may not read this resource at all (a product not enabled on the account), if it may not. */
  refuse?(scope: RowScope<ParentList>): ApiError | undefined;
  /** For a path that answers one object rather than a list (Voice Insights' settings): that object. */
  document?(scope: RowScope<ParentList>): unknown;
  /** Echoed in paging links in this order. */
  filters: ReadonlyArray<FilterDeclaration<List>>;
  /**
   * Rows that exist only while the parent is live (participants of a conference): otherwise the list is answered as
   * vanished, empty or 404 as the simulator is configured.
   */
  parentIsLive?(parent: ParentRow<ParentList>): boolean;
}

/** Rows computed on demand from a key: the generator of a declared resource's fields. */
export class SeededRows<Row extends { sid: string }> implements RowList {
  private indexBySid: Map<string, number> | undefined;

  constructor(
    readonly length: number,
    private readonly key: number,
    private readonly generate: (key: number, index: number) => Row,
  ) {}

  at(index: number): Row {
    return this.generate(this.key, index);
  }

  sidAt(index: number): string {
    return this.at(index).sid;
  }

  indexOf(sid: string): number | undefined {
    if (this.indexBySid === undefined) {
      this.indexBySid = new Map(Array.from({ length: this.length }, (_, index) => [this.sidAt(index), index]));
    }
    return this.indexBySid.get(sid);
  }
}

/** `count` rows of `kind` below the scope's parent row, seeded by the dataset's seed and the parent's SID. */
export function seededRows<Row extends { sid: string }>(
  scope: RowScope<RowList>,
  kind: string,
  count: number,
  generate: (key: number, index: number) => Row,
): SeededRows<Row> {
  const parentSid = scope.parent.list.sidAt(scope.parent.index);
  return new SeededRows(count, hashString(`${parentSid}/${kind}`, scope.dataset.options.seed), generate);
}

/** How many rows of `kind` each parent has: the dataset's `rowCounts` if it names the kind, else the declaration's. */
export function rowCount(scope: RowScope<RowList>, kind: string, fallback: number): number {
  return scope.dataset.options.rowCounts?.[kind] ?? fallback;
}

/**
 * Rows of `kind` one `spacingSeconds` apart (or the dataset's `rowSpacingSeconds` for the kind), the newest first, the oldest at the dataset's `firstDateCreated` (plus a
 * few seconds per account, so accounts differ): `epochAt` gives a row's instant without generating it, for filters.
 */
export class DatedRows<Row extends { sid: string }> extends SeededRows<Row> {
  constructor(
    length: number,
    key: number,
    readonly firstEpochSeconds: number,
    private readonly spacingSeconds: number,
    generate: (key: number, index: number, epochSeconds: number) => Row,
  ) {
    super(length, key, (rowKey, index) => generate(rowKey, index, this.epochAt(index)));
  }

  epochAt(index: number): number {
    return this.firstEpochSeconds + Math.floor((this.length - 1 - index) * this.spacingSeconds);
  }
}

export function datedRows<Row extends { sid: string }>(
  scope: RowScope<RowList>,
  kind: string,
  count: number,
  spacingSeconds: number,
  generate: (key: number, index: number, epochSeconds: number) => Row,
): DatedRows<Row> {
  const parentSid = scope.parent.list.sidAt(scope.parent.index);
  const key = hashString(`${parentSid}/${kind}`, scope.dataset.options.seed);
  const first = Math.floor(Date.parse(scope.dataset.options.firstDateCreated) / 1000) + (key % 600);
  const spacing = scope.dataset.options.rowSpacingSeconds?.[kind] ?? spacingSeconds;
  return new DatedRows(rowCount(scope, kind, count), key, first, spacing, generate);
}

/** A SID of the given prefix, the `stream`-th of row `index`. */
export function seededSid(prefix: string, key: number, index: number, stream = 0): string {
  return `${prefix}${hex32(key, stream, index)}`;
}
