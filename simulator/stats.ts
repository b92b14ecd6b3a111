/** Request counters and a bounded request log. */
import type { Route, RouteKind } from './routes.js';

export interface RequestLogEntry {
  kind: RouteKind;
  /** Path and query exactly as received. */
  path: string;
  /** The HTTP status sent; 0 while unanswered and when no status line was ever sent (hang, reset-before-body). */
  status: number;
  fault?: string;
  /** The path's SIDs by placeholder, in camel case: `{AccountSid}` → `accountSid`. */
  [placeholder: `${string}Sid`]: string | undefined;
}

export interface SimulatorStats {
  requests: number;
  /** Every served kind, zero included. */
  byKind: Record<RouteKind, number>;
  /** The most requests simultaneously in flight, including ones rejected with 429 or hung by a fault. */
  maxInFlight: number;
  log: RequestLogEntry[];
}

/** Log entries kept; later requests are still counted but not logged. */
export const LOG_LIMIT = 100_000;

function isSidKey(key: string): key is `${string}Sid` {
  return key.endsWith('Sid');
}

export class RequestStats {
  private requests = 0;
  private byKind: Record<RouteKind, number>;
  private maxInFlight = 0;
  private inFlight = 0;
  private log: RequestLogEntry[] = [];

  constructor(private readonly kinds: readonly RouteKind[]) {
    this.byKind = this.zeroByKind();
  }

  private zeroByKind(): Record<RouteKind, number> {
    return Object.fromEntries(this.kinds.map((kind) => [kind, 0]));
  }

  /** Counts an arriving request; the returned entry is updated in place once the request is answered. */
  arrive(route: Route, path: string): RequestLogEntry {
    this.requests++;
    this.byKind[route.kind] = (this.byKind[route.kind] ?? 0) + 1;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const entry: RequestLogEntry = { kind: route.kind, path, status: 0 };
    if ('params' in route) {
      for (const [placeholder, sid] of Object.entries(route.params)) {
        const key = `${placeholder.charAt(0).toLowerCase()}${placeholder.slice(1)}`;
        if (isSidKey(key)) entry[key] = sid;
      }
    }
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
    this.byKind = this.zeroByKind();
    this.maxInFlight = this.inFlight;
    this.log = [];
  }
}
