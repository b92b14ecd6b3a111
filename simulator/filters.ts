/** The list filters the simulated endpoints accept, with Twilio's validation and day semantics (reference §5). */
import type { AccountFixture, AccountStatus, ConferenceStatus, ConferenceView, ParticipantView } from './dataset.js';
import { invalidParameterError, type ApiError } from './responses.js';
import { parseIsoDay, utcDayNumber } from './rfc2822.js';

/** A parsed filter: the recognised parameters to echo in paging URIs, and the predicate they define. */
export interface Filter<Subject> {
  echo: Array<readonly [string, string]>;
  matches(subject: Subject, index: number): boolean;
}

const CONFERENCE_STATUSES: readonly ConferenceStatus[] = ['init', 'in-progress', 'completed'];
const ACCOUNT_STATUSES: readonly AccountStatus[] = ['active', 'suspended', 'closed'];

interface DayRange {
  min: number;
  max: number;
}

/** `Date*` is the UTC day itself, `Date*<` on or before it, `Date*>` on or after it. */
const DAY_FILTERS = [
  { key: 'DateCreated', field: 'created', bound: 'on' },
  { key: 'DateCreated<', field: 'created', bound: 'on-or-before' },
  { key: 'DateCreated>', field: 'created', bound: 'on-or-after' },
  { key: 'DateUpdated', field: 'updated', bound: 'on' },
  { key: 'DateUpdated<', field: 'updated', bound: 'on-or-before' },
  { key: 'DateUpdated>', field: 'updated', bound: 'on-or-after' },
] as const;

function oneOf<T extends string>(allowed: readonly T[], value: string): value is T {
  return (allowed as readonly string[]).includes(value);
}

function narrow(range: DayRange, bound: (typeof DAY_FILTERS)[number]['bound'], day: number): void {
  if (bound !== 'on-or-before') range.min = Math.max(range.min, day);
  if (bound !== 'on-or-after') range.max = Math.min(range.max, day);
}

function inRange(range: DayRange, epochSeconds: number): boolean {
  const day = utcDayNumber(epochSeconds);
  return day >= range.min && day <= range.max;
}

export function parseConferenceFilter(query: URLSearchParams): Filter<ConferenceView> | ApiError {
  const echo: Array<readonly [string, string]> = [];
  const status = query.get('Status');
  if (status !== null) {
    if (!oneOf(CONFERENCE_STATUSES, status)) return invalidParameterError(`Invalid Status: ${status}`);
    echo.push(['Status', status]);
  }
  const friendlyName = query.get('FriendlyName');
  if (friendlyName !== null) echo.push(['FriendlyName', friendlyName]);
  const created: DayRange = { min: -Infinity, max: Infinity };
  const updated: DayRange = { min: -Infinity, max: Infinity };
  for (const { key, field, bound } of DAY_FILTERS) {
    const value = query.get(key);
    if (value === null) continue;
    const day = parseIsoDay(value);
    if (day === undefined) return invalidParameterError(`Invalid ${key}: ${value} is not a date in YYYY-MM-DD format`);
    narrow(field === 'created' ? created : updated, bound, day);
    echo.push([key, value]);
  }
  const filtersCreated = created.min !== -Infinity || created.max !== Infinity;
  const filtersUpdated = updated.min !== -Infinity || updated.max !== Infinity;
  return {
    echo,
    matches: (view, index) =>
      (status === null || view.statusAt(index) === status) &&
      (friendlyName === null || view.friendlyNameAt(index) === friendlyName) &&
      (!filtersCreated || inRange(created, view.dateCreatedAt(index))) &&
      (!filtersUpdated || inRange(updated, view.dateUpdatedAt(index))),
  };
}

function parseBoolean(query: URLSearchParams, key: string): boolean | undefined | ApiError {
  const value = query.get(key);
  if (value === null) return undefined;
  const normalised = value.toLowerCase();
  if (normalised !== 'true' && normalised !== 'false') return invalidParameterError(`Invalid ${key}: ${value}`);
  return normalised === 'true';
}

export function parseParticipantFilter(query: URLSearchParams): Filter<ParticipantView> | ApiError {
  const muted = parseBoolean(query, 'Muted');
  const hold = parseBoolean(query, 'Hold');
  const coaching = parseBoolean(query, 'Coaching');
  for (const value of [muted, hold, coaching]) {
    if (typeof value === 'object') return value;
  }
  const echo: Array<readonly [string, string]> = [];
  if (typeof muted === 'boolean') echo.push(['Muted', String(muted)]);
  if (typeof hold === 'boolean') echo.push(['Hold', String(hold)]);
  if (typeof coaching === 'boolean') echo.push(['Coaching', String(coaching)]);
  return {
    echo,
    matches: (view, index) =>
      (muted === undefined || view.mutedAt(index) === muted) &&
      (hold === undefined || view.holdAt(index) === hold) &&
      (coaching === undefined || view.coachingAt(index) === coaching),
  };
}

export function parseAccountFilter(query: URLSearchParams): Filter<AccountFixture> | ApiError {
  const echo: Array<readonly [string, string]> = [];
  const friendlyName = query.get('FriendlyName');
  if (friendlyName !== null) echo.push(['FriendlyName', friendlyName]);
  const status = query.get('Status');
  if (status !== null) {
    if (!oneOf(ACCOUNT_STATUSES, status)) return invalidParameterError(`Invalid Status: ${status}`);
    echo.push(['Status', status]);
  }
  return {
    echo,
    matches: (account) =>
      (friendlyName === null || account.friendlyName === friendlyName) && (status === null || account.status === status),
  };
}
