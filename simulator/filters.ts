/** The kinds of list filter a resource declares, with Twilio's validation and day semantics (reference §5). */
import type { FilterDeclaration, IndexSpan, ParsedFilter } from './resource.js';
import { invalidParameterError, type ApiError } from './responses.js';
import { parseIsoDay, utcDayNumber } from './rfc2822.js';

type ValueAt<List, Value> = (list: List, index: number) => Value;

const ABSENT: ParsedFilter<never> = { echo: [] };

/**
 * `Key=value` keeps rows whose value is equal; with `allowed`, any other value is a 400. Without the key every row is
 * kept, or, for a list that has a default (video rooms: those in progress), the rows `byDefault` keeps.
 */
export function equalTo<List>(
  key: string,
  valueAt: ValueAt<List, string>,
  allowed?: readonly string[],
  byDefault?: (list: List, index: number) => boolean,
): FilterDeclaration<List> {
  return {
    parse(query) {
      const value = query.get(key);
      if (value === null) return byDefault === undefined ? ABSENT : { echo: [], matches: byDefault };
      if (allowed !== undefined && !allowed.includes(value)) return invalidParameterError(`Invalid ${key}: ${value}`);
      return { echo: [[key, value]], matches: (list, index) => valueAt(list, index) === value };
    },
  };
}

/** `Key=true|false`, in any letter case, echoed in lower case. */
export function booleanEqualTo<List>(key: string, valueAt: ValueAt<List, boolean>): FilterDeclaration<List> {
  return {
    parse(query) {
      const value = query.get(key);
      if (value === null) return ABSENT;
      const normalised = value.toLowerCase();
      if (normalised !== 'true' && normalised !== 'false') return invalidParameterError(`Invalid ${key}: ${value}`);
      const wanted = normalised === 'true';
      return { echo: [[key, normalised]], matches: (list, index) => valueAt(list, index) === wanted };
    },
  };
}

/**
 * `Field` is the UTC day itself, `Field<` on or before it, `Field>` on or after it (the 2010 API's day granularity).
 * A row without the value (a call in progress has no end time) matches no bound. With `horizonDays`, a day before the
 * horizon is Twilio's 400/20004 (messages are kept 400 days). With `newestFirst`, the list is ordered by the value,
 * newest first, so the matching rows are found by bisection rather than by a scan of the whole list.
 */
export function onDay<List extends { readonly length: number }>(
  field: string,
  epochSecondsAt: ValueAt<List, number | undefined>,
  { horizonDays, newestFirst = false }: { horizonDays?: number; newestFirst?: boolean } = {},
): FilterDeclaration<List> {
  const bounds = [
    { key: field, before: true, after: true },
    { key: `${field}<`, before: true, after: false },
    { key: `${field}>`, before: false, after: true },
  ];
  return dayBounds(bounds, epochSecondsAt, horizonDays, newestFirst);
}

/** `onOrAfter` and `onOrBefore` name UTC days, both included (usage records' `StartDate` and `EndDate`). */
export function dayRange<List extends { readonly length: number }>(onOrAfter: string, onOrBefore: string, epochSecondsAt: ValueAt<List, number>): FilterDeclaration<List> {
  const bounds = [
    { key: onOrAfter, before: false, after: true },
    { key: onOrBefore, before: true, after: false },
  ];
  return dayBounds(bounds, epochSecondsAt);
}

function dayBounds<List extends { readonly length: number }>(
  bounds: ReadonlyArray<{ key: string; before: boolean; after: boolean }>,
  epochSecondsAt: ValueAt<List, number | undefined>,
  horizonDays?: number,
  newestFirst = false,
): FilterDeclaration<List> {
  return {
    parse(query, now) {
      const echo: Array<readonly [string, string]> = [];
      let min = -Infinity;
      let max = Infinity;
      for (const { key, before, after } of bounds) {
        const value = query.get(key);
        if (value === null) continue;
        const day = parseIsoDay(value);
        if (day === undefined) return invalidParameterError(`Invalid ${key}: ${value} is not a date in YYYY-MM-DD format`);
        if (horizonDays !== undefined && day < utcDayNumber(now.getTime() / 1000) - (horizonDays - 1)) {
          return {
            status: 400,
            code: 20004,
            message: `Date range specified in query is partially or entirely outside of retention window of ${horizonDays} days`,
          };
        }
        if (after) min = Math.max(min, day);
        if (before) max = Math.min(max, day);
        echo.push([key, value]);
      }
      if (echo.length === 0) return ABSENT;
      const dayAt = (list: List, index: number) => {
        const epochSeconds = epochSecondsAt(list, index);
        return epochSeconds === undefined ? undefined : utcDayNumber(epochSeconds);
      };
      const parsed: ParsedFilter<List> = {
        echo,
        matches: (list, index) => {
          const day = dayAt(list, index);
          return day !== undefined && day >= min && day <= max;
        },
      };
      if (newestFirst) {
        // Newest first: the rows after `max` come before the span, those before `min` after it.
        parsed.span = (list): IndexSpan => ({
          start: firstIndex(list.length, (index) => (dayAt(list, index) ?? -Infinity) <= max),
          end: firstIndex(list.length, (index) => (dayAt(list, index) ?? -Infinity) < min),
        });
      }
      return parsed;
    },
  };
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2}))?$/;

/**
 * Two ISO 8601 filters on an instant, as the v1 APIs take them (Monitor's `StartDate`/`EndDate`, Studio's
 * `DateCreatedFrom`/`DateCreatedTo`): on or after `after`'s value, and on or before `before`'s (before it, when
 * `beforeIsExclusive`). A date alone stands for its midnight UTC; anything else is a 400.
 */
export function isoRange<List>(
  after: string,
  before: string,
  beforeIsExclusive: boolean,
  epochSecondsAt: ValueAt<List, number>,
): FilterDeclaration<List> {
  return {
    parse(query) {
      const echo: Array<readonly [string, string]> = [];
      const bounds: Array<number | undefined> = [];
      for (const key of [after, before]) {
        const value = query.get(key);
        if (value === null) {
          bounds.push(undefined);
          continue;
        }
        const ms = ISO_INSTANT.test(value) ? Date.parse(value) : Number.NaN;
        if (Number.isNaN(ms)) return invalidParameterError(`Invalid ${key}: ${value} is not an ISO 8601 date-time`);
        bounds.push(ms / 1000);
        echo.push([key, value]);
      }
      if (echo.length === 0) return ABSENT;
      const [min = -Infinity, max = Infinity] = bounds;
      return {
        echo,
        matches: (list, index) => {
          const seconds = epochSecondsAt(list, index);
          return seconds >= min && (beforeIsExclusive ? seconds < max : seconds <= max);
        },
      };
    },
  };
}

/**
 * A list that answers only its last `seconds` unless one of `keys` is given (TaskRouter's events: 15 minutes; Voice
 * Insights' call summaries: 4 hours).
 */
export function recentUnless<List>(keys: readonly string[], seconds: number, epochSecondsAt: ValueAt<List, number>): FilterDeclaration<List> {
  return {
    parse(query, now) {
      if (keys.some((key) => query.get(key) !== null)) return ABSENT;
      const since = now.getTime() / 1000 - seconds;
      return { echo: [], matches: (list, index) => epochSecondsAt(list, index) >= since };
    },
  };
}

/** A parameter the rows already answered (it chose whose rows they are): echoed in paging links, narrowing nothing. */
export function echoed<List>(key: string): FilterDeclaration<List> {
  return {
    parse(query) {
      const value = query.get(key);
      return value === null ? ABSENT : { echo: [[key, value]] };
    },
  };
}

/** The first index in `[0, length)` for which `holds` is true, `holds` being false up to some index and true after it. */
function firstIndex(length: number, holds: (index: number) => boolean): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (holds(middle)) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** All of a resource's filters as the request states them, or the first one's error. */
export function parseFilters<List extends { readonly length: number }>(
  declarations: ReadonlyArray<FilterDeclaration<List>>,
  query: URLSearchParams,
  now: Date,
): Required<ParsedFilter<List>> | ApiError {
  const echo: Array<readonly [string, string]> = [];
  const predicates: Array<(list: List, index: number) => boolean> = [];
  const spans: Array<(list: List) => IndexSpan> = [];
  for (const declaration of declarations) {
    const parsed = declaration.parse(query, now);
    if ('code' in parsed) return parsed;
    echo.push(...parsed.echo);
    if (parsed.matches !== undefined) predicates.push(parsed.matches);
    if (parsed.span !== undefined) spans.push(parsed.span);
  }
  return {
    echo,
    matches: (list, index) => predicates.every((matches) => matches(list, index)),
    span: (list) =>
      spans.reduce<IndexSpan>((narrowest, span) => {
        const { start, end } = span(list);
        return { start: Math.max(narrowest.start, start), end: Math.min(narrowest.end, end) };
      }, { start: 0, end: list.length }),
  };
}
