/** The kinds of list filter a resource declares, with Twilio's validation and day semantics (reference §5). */
import type { FilterDeclaration, ParsedFilter } from './resource.js';
import { invalidParameterError, type ApiError } from './responses.js';
import { parseIsoDay, utcDayNumber } from './rfc2822.js';

type ValueAt<List, Value> = (list: List, index: number) => Value;

const ABSENT: ParsedFilter<never> = { echo: [] };

/** `Key=value` keeps rows whose value is equal; with `allowed`, any other value is a 400. */
export function equalTo<List>(key: string, valueAt: ValueAt<List, string>, allowed?: readonly string[]): FilterDeclaration<List> {
  return {
    parse(query) {
      const value = query.get(key);
      if (value === null) return ABSENT;
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

/** `Field` is the UTC day itself, `Field<` on or before it, `Field>` on or after it (the 2010 API's day granularity). */
export function onDay<List>(field: string, epochSecondsAt: ValueAt<List, number>): FilterDeclaration<List> {
  const bounds = [
    { key: field, before: true, after: true },
    { key: `${field}<`, before: true, after: false },
    { key: `${field}>`, before: false, after: true },
  ];
  return {
    parse(query) {
      const echo: Array<readonly [string, string]> = [];
      let min = -Infinity;
      let max = Infinity;
      for (const { key, before, after } of bounds) {
        const value = query.get(key);
        if (value === null) continue;
        const day = parseIsoDay(value);
        if (day === undefined) return invalidParameterError(`Invalid ${key}: ${value} is not a date in YYYY-MM-DD format`);
        if (after) min = Math.max(min, day);
        if (before) max = Math.min(max, day);
        echo.push([key, value]);
      }
      if (echo.length === 0) return ABSENT;
      return {
        echo,
        matches: (list, index) => {
          const day = utcDayNumber(epochSecondsAt(list, index));
          return day >= min && day <= max;
        },
      };
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

/** A parameter the rows already answered (it chose whose rows they are): echoed in paging links, narrowing nothing. */
export function echoed<List>(key: string): FilterDeclaration<List> {
  return {
    parse(query) {
      const value = query.get(key);
      return value === null ? ABSENT : { echo: [[key, value]] };
    },
  };
}

/** All of a resource's filters as the request states them, or the first one's error. */
export function parseFilters<List>(
  declarations: ReadonlyArray<FilterDeclaration<List>>,
  query: URLSearchParams,
): Required<ParsedFilter<List>> | ApiError {
  const echo: Array<readonly [string, string]> = [];
  const predicates: Array<(list: List, index: number) => boolean> = [];
  for (const declaration of declarations) {
    const parsed = declaration.parse(query);
    if ('code' in parsed) return parsed;
    echo.push(...parsed.echo);
    if (parsed.matches !== undefined) predicates.push(parsed.matches);
  }
  return { echo, matches: (list, index) => predicates.every((matches) => matches(list, index)) };
}
