/** Request counters and a bounded request log. */
import type { Route, RouteKind } from './routes.js';

export interface RequestLogEntry {
  kind: RouteKind;
  /** Path and query exactly as received. */
  path: string;
  /** The HTTP status sent; 0 while unanswered and when no status line was ever sent (hang, reset-before-body). */
  status: number;
  fault?: string;
  accountSid?: string;
  conferenceSid?: string;
}

export interface SimulatorStats {
  requests: number;
  byKind: Record<RouteKind, number>;
  /** The most requests simultaneously in flight, including ones rejected with 429 or hung by a fault. */
  maxInFlight: number;
  log: RequestLogEntry[];
}

/** Log entries kept; later requests are still counted but not logged. */
export const LOG_LIMIT = 100_000;

function zeroByKind(): Record<RouteKind, number> {
  return { account: 0, accounts: 0, conferences: 0, conference: 0, participants: 0, other: 0 };
}

export class RequestStats {
  private requests = 0;
  private byKind = zeroByKind();
  private maxInFlight = 0;
  private inFlight = 0;
  private log: RequestLogEntry[] = [];

  /** Counts an arriving request; the returned entry is updated in place once the request is answered. */
  arrive(route: Route, path: string): RequestLogEntry {
    this.requests++;
    this.byKind[route.kind]++;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const entry: RequestLogEntry = { kind: route.kind, path, status: 0 };
    if ('accountSid' in route) entry.accountSid = route.accountSid;
    if ('conferenceSid' in route) entry.conferenceSid = route.conferenceSid;
    if (this.log.length < LOG_LIMIT) this.log.push(entry);
    return entry;
  }

  leave(): void {
    this.inFlight--;
  }

  snapshot(): SimulatorStats {
    return {
      requests: this.requests,
      byKind: { ...this.byKind },
      maxInFlight: this.maxInFlight,
      log: this.log.map((entry) => ({ ...entry })),
    };
  }

  /** Zeroes the counters; requests still in flight count toward the new maximum. */
  reset(): void {
    this.requests = 0;
    this.byKind = zeroByKind();
    this.maxInFlight = this.inFlight;
    this.log = [];
  }
}
