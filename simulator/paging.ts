/**
 * Twilio list paging (reference §4): the 2010 envelope and the v1 `meta` envelope share the paging parameters.
 *
 * A `PageToken` encodes a position in the underlying, never reordered list: `PA<i>` = "the page after list index i",
 * `PB<i>` = "the page before list index i" (the index base64url-encoded). Because a token names a position rather
 * than an offset into the filtered result, paging is stable when a conference completes mid-listing: the rows that
 * vanish are simply not returned, and no other row is skipped or repeated.
 */
import { invalidParameterError, type ApiError } from './responses.js';

export const DEFAULT_PAGE_SIZE = 50;

interface Cursor {
  direction: 'after' | 'before';
  index: number;
}

export interface PageRequest {
  pageSize: number;
  page: number;
  cursor: Cursor | undefined;
  /** The PageToken as received, echoed in this page's `uri`. */
  token: string | undefined;
}

/** A list to page through: its length, which indices pass the request's filters, and where they may lie. */
export interface ListSource {
  readonly length: number;
  matches(index: number): boolean;
  /** The first index that may match (default 0). */
  readonly start?: number;
  /** One past the last index that may match (default `length`). */
  readonly end?: number;
}

export interface PageSlice {
  indices: number[];
  hasNext: boolean;
}

const NON_NEGATIVE_INTEGER = /^\d+$/;

function encodeToken(direction: Cursor['direction'], index: number): string {
  return (direction === 'after' ? 'PA' : 'PB') + Buffer.from(String(index)).toString('base64url');
}

function decodeToken(token: string): Cursor | undefined {
  const direction = token.startsWith('PA') ? 'after' : token.startsWith('PB') ? 'before' : undefined;
  if (direction === undefined) return undefined;
  const position = Buffer.from(token.slice(2), 'base64url').toString('utf8');
  return NON_NEGATIVE_INTEGER.test(position) ? { direction, index: Number(position) } : undefined;
}

export function parsePageRequest(query: URLSearchParams, maxPageSize: number): PageRequest | ApiError {
  const pageSizeText = query.get('PageSize');
  const pageText = query.get('Page');
  const token = query.get('PageToken') ?? undefined;
  if (pageSizeText !== null && (!NON_NEGATIVE_INTEGER.test(pageSizeText) || Number(pageSizeText) < 1)) {
    return invalidParameterError(`Invalid PageSize: ${pageSizeText}`);
  }
  const pageSize = pageSizeText === null ? DEFAULT_PAGE_SIZE : Number(pageSizeText);
  if (pageSize > maxPageSize) {
    return { status: 400, code: 20007, message: `Page size too large. PageSize must be at most ${maxPageSize}.` };
  }
  if (pageText !== null && !NON_NEGATIVE_INTEGER.test(pageText)) return invalidParameterError(`Invalid Page: ${pageText}`);
  const page = pageText === null ? 0 : Number(pageText);
  if (token === undefined) {
    return page > 0 ? invalidParameterError('PageToken is required for paging.') : { pageSize, page, cursor: undefined, token };
  }
  const cursor = decodeToken(token);
  if (cursor === undefined) return invalidParameterError(`Invalid PageToken: ${token}`);
  return { pageSize, page, cursor, token };
}

const endOf = (source: ListSource): number => Math.min(source.length, source.end ?? source.length);

function nextMatch(source: ListSource, from: number): number | undefined {
  for (let index = Math.max(from, source.start ?? 0); index < endOf(source); index++) {
    if (source.matches(index)) return index;
  }
  return undefined;
}

export function selectPage(source: ListSource, request: PageRequest): PageSlice {
  const indices: number[] = [];
  const { cursor, pageSize } = request;
  if (cursor?.direction === 'before') {
    for (let index = Math.min(cursor.index, endOf(source)) - 1; index >= (source.start ?? 0) && indices.length < pageSize; index--) {
      if (source.matches(index)) indices.push(index);
    }
    indices.reverse();
  } else {
    const first = Math.max(cursor === undefined ? 0 : cursor.index + 1, source.start ?? 0);
    for (let index = first; index < endOf(source) && indices.length < pageSize; index++) {
      if (source.matches(index)) indices.push(index);
    }
  }
  const last = indices[indices.length - 1];
  return { indices, hasNext: last !== undefined && nextMatch(source, last + 1) !== undefined };
}

/** Query-string prefix of the recognised filters in Twilio's encoded form (`DateCreated%3E=...&`). */
function filterQuery(filters: ReadonlyArray<readonly [string, string]>): string {
  return filters.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}&`).join('');
}

/** One page of a list as the request asked for it. */
export interface Page {
  itemsKey: string;
  /** The items array, already serialised. */
  itemsJson: string;
  /** The list's path (v1: its absolute URL). */
  listUrl: string;
  filters: ReadonlyArray<readonly [string, string]>;
  request: PageRequest;
  slice: PageSlice;
}

interface PageLinks {
  first: string;
  previous: string | null;
  current: string;
  next: string | null;
}

function linksOf({ listUrl, filters, request, slice }: Page): PageLinks {
  const { page, pageSize, cursor } = request;
  const base = `${listUrl}?${filterQuery(filters)}PageSize=${pageSize}`;
  const first = slice.indices[0];
  const last = slice.indices[slice.indices.length - 1];
  let previous: string | null = null;
  if (page > 0) {
    const boundary = first ?? (cursor?.direction === 'after' ? cursor.index + 1 : (cursor?.index ?? 0));
    previous = `${base}&Page=${page - 1}&PageToken=${encodeToken('before', boundary)}`;
  }
  return {
    first: `${base}&Page=0`,
    previous,
    current: `${base}&Page=${page}` + (page > 0 && request.token !== undefined ? `&PageToken=${request.token}` : ''),
    next: slice.hasNext && last !== undefined ? `${base}&Page=${page + 1}&PageToken=${encodeToken('after', last)}` : null,
  };
}

/** The 2010 envelope: the items and exactly the eight paging keys, in the order of the reference's example. */
export function render2010Page(page: Page): string {
  const links = linksOf(page);
  const { page: number, pageSize } = page.request;
  const count = page.slice.indices.length;
  const start = count === 0 ? 0 : number * pageSize;
  const end = count === 0 ? 0 : start + count - 1;
  return (
    `{${JSON.stringify(page.itemsKey)}:${page.itemsJson},"first_page_uri":${JSON.stringify(links.first)},` +
    `"next_page_uri":${JSON.stringify(links.next)},"previous_page_uri":${JSON.stringify(links.previous)},` +
    `"uri":${JSON.stringify(links.current)},"page":${number},"page_size":${pageSize},"end":${end},"start":${start}}`
  );
}

/** The v1 envelope: the items and `meta`, with absolute URLs, in the order the live API sends them. */
export function renderV1Page(page: Page): string {
  const links = linksOf(page);
  const meta = {
    page: page.request.page,
    page_size: page.request.pageSize,
    first_page_url: links.first,
    previous_page_url: links.previous,
    url: links.current,
    next_page_url: links.next,
    key: page.itemsKey,
  };
  return `{${JSON.stringify(page.itemsKey)}:${page.itemsJson},"meta":${JSON.stringify(meta)}}`;
}
