/** The fault plan: rules, added at run time, that make chosen requests fail in chosen ways. */
import { hashString, unitInterval } from './hash.js';
import type { RouteKind } from './routes.js';

export type Fault =
  | { type: 'status'; status: number; retryAfter?: number; code?: number }
  /** Destroy the socket before any response bytes. */
  | { type: 'reset-before-body' }
  /** Send the headers (with the real Content-Length) and part of the body, then destroy the socket. */
  | { type: 'reset-during-body' }
  /** Send part of the JSON body without Content-Length and close the connection cleanly: a short body. */
  | { type: 'truncated-body' }
  /** Accept the request and never answer (until close()). */
  | { type: 'hang' }
  /** 200 with an HTML page instead of JSON. */
  | { type: 'html' }
  /** 200 application/json whose body is not JSON. */
  | { type: 'not-json' }
  /** A list of live-only rows (participants) answered as if its parent had just ended; applies to those lists only. */
  | { type: 'vanished' };

export interface FaultRule {
  fault: Fault;
  /** Only requests of this kind. */
  kind?: RouteKind;
  /** Only requests whose path+query contains this. */
  pathIncludes?: string;
  /** Total number of requests this rule hits; default unlimited. */
  times?: number;
  /** Hit only the first N attempts of each distinct path+query (a retry of the same URL is attempt 2); default every attempt. */
  attempts?: number;
  /** 0..1: only this share of distinct path+query strings, chosen deterministically by a hash with `seed`. */
  share?: number;
  seed?: number;
}

export interface FaultRequest {
  kind: RouteKind;
  pathAndQuery: string;
  /** Whether the request lists rows that vanish with their parent. */
  canVanish: boolean;
}

/** Distinct URLs whose attempts a rule remembers; beyond it the oldest are forgotten (and would count from 1 again). */
const REMEMBERED_URLS_PER_RULE = 100_000;

class ActiveRule {
  private hits = 0;
  private readonly attemptsByUrl = new Map<string, number>();

  constructor(readonly rule: FaultRule) {}

  private selects(request: FaultRequest): boolean {
    const { rule } = this;
    if (rule.fault.type === 'vanished' && !request.canVanish) return false;
    if (rule.kind !== undefined && rule.kind !== request.kind) return false;
    if (rule.pathIncludes !== undefined && !request.pathAndQuery.includes(rule.pathIncludes)) return false;
    if (rule.share !== undefined && unitInterval(hashString(request.pathAndQuery, rule.seed ?? 0)) >= rule.share) return false;
    return true;
  }

  private countAttempt(pathAndQuery: string): number {
    const attempt = (this.attemptsByUrl.get(pathAndQuery) ?? 0) + 1;
    // Re-inserting moves the URL to the back, so eviction drops the least recently seen one.
    this.attemptsByUrl.delete(pathAndQuery);
    this.attemptsByUrl.set(pathAndQuery, attempt);
    if (this.attemptsByUrl.size > REMEMBERED_URLS_PER_RULE) {
      const oldest = this.attemptsByUrl.keys().next();
      if (oldest.done !== true) this.attemptsByUrl.delete(oldest.value);
    }
    return attempt;
  }

  /** Whether this rule decides the request; counts the attempt and the hit as a side effect. */
  applies(request: FaultRequest): boolean {
    if (!this.selects(request)) return false;
    const { attempts, times } = this.rule;
    if (attempts !== undefined && this.countAttempt(request.pathAndQuery) > attempts) return false;
    if (times !== undefined && this.hits >= times) return false;
    this.hits++;
    return true;
  }
}

function validateRule(rule: FaultRule): void {
  const { times, attempts, share } = rule;
  if (times !== undefined && !(Number.isInteger(times) && times >= 0)) throw new RangeError('times must be a non-negative integer');
  if (attempts !== undefined && !(Number.isInteger(attempts) && attempts >= 0)) {
    throw new RangeError('attempts must be a non-negative integer');
  }
  if (share !== undefined && !(share >= 0 && share <= 1)) throw new RangeError('share must be within [0, 1]');
}

export class FaultPlan {
  private rules: ActiveRule[] = [];

  add(rule: FaultRule): void {
    validateRule(rule);
    this.rules.push(new ActiveRule(rule));
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault of the first matching rule that still applies, if any. */
  pick(request: FaultRequest): Fault | undefined {
    for (const active of this.rules) {
      if (active.applies(request)) return active.rule.fault;
    }
    return undefined;
  }
}
