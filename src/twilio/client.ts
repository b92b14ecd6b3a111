import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import got, { type Got, type Response } from 'got';
import { AdaptiveConcurrency, type Permit } from './concurrency.js';
import {
  describeResponse,
  TwilioAuthError,
  TwilioNotFoundError,
  TwilioRequestError,
  TwilioUnavailableError,
  type TwilioErrorBody,
} from './errors.js';

export interface RetryPolicy {
  /** Attempts per request, the first included. */
  maxAttempts: number;
  /** Backoff before retry n is up to baseDelayMs × 2^(n-1), half of it random, capped at maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A `Retry-After` longer than this is cut to it. */
  maxRetryAfterMs: number;
}

export interface TwilioClientOptions {
  baseUrl: string;
  /** Basic auth: an Account SID with its Auth Token, or an API key SID with its secret. */
  username: string;
  password: string;
  maxConcurrency: number;
  timeoutMs: number;
  retry: RetryPolicy;
  signal: AbortSignal;
  userAgent: string;
  onRetry?: (event: RetryEvent) => void;
}

export interface RetryEvent {
  path: string;
  attempt: number;
  maxAttempts: number;
  delayMs: number;
  reason: string;
  /** Set when Twilio limited concurrency (429): the bound now in force. */
  concurrencyLimit?: number;
}

export type JsonBody = Record<string, unknown>;
export type Query = Record<string, string>;

export const PAGE_SIZE = 1000;

type Outcome =
  | { kind: 'ok'; body: JsonBody }
  | { kind: 'retry'; reason: string; retryAfterMs?: number; throttled?: boolean; authFailure?: TwilioAuthError }
  | { kind: 'fail'; error: Error };

/**
 * Twilio's REST API over HTTP: Basic auth, list paging by `next_page_uri`, bounded retries with backoff, and an
 * adaptive bound on concurrent requests. It knows nothing of Airbyte.
 */
export class TwilioClient {
  private readonly base: URL;
  private readonly http: Got;
  private readonly concurrency: AdaptiveConcurrency;
  private credentialsAccepted = false;

  constructor(private readonly options: TwilioClientOptions) {
    this.base = checkedBaseUrl(options.baseUrl);
    // Every request in flight or waiting for a slot listens for the abort: far more than Node's default of 10.
    setMaxListeners(0, options.signal);
    const agentOptions = { keepAlive: true, maxSockets: options.maxConcurrency + 2 };
    this.http = got.extend({
      headers: {
        authorization: `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`,
        accept: 'application/json',
        'user-agent': options.userAgent,
      },
      agent: { http: new HttpAgent(agentOptions), https: new HttpsAgent(agentOptions) },
      timeout: { request: options.timeoutMs },
      retry: { limit: 0 },
      throwHttpErrors: false,
      followRedirect: false,
      responseType: 'text',
      signal: options.signal,
    });
    this.concurrency = new AdaptiveConcurrency(options.maxConcurrency);
  }

  /** The concurrency bound in force now (it drops when Twilio answers 429). */
  get concurrencyLimit(): number {
    return this.concurrency.limit;
  }

  /** Fetches one resource, `path` relative to the base URL. */
  async fetch(path: string, query: Query = {}): Promise<JsonBody> {
    return this.request(this.resolve(path, query));
  }

  /**
   * Yields the items of a list page by page: the first request asks for `PageSize=1000`, then every `next_page_uri`
   * is followed as given until it is null.
   */
  async *pages(path: string, itemsKey: string, query: Query = {}): AsyncGenerator<unknown[]> {
    let url: URL | undefined = this.resolve(path, { ...query, PageSize: String(PAGE_SIZE) });
    while (url !== undefined) {
      const body = await this.request(url);
      const items = body[itemsKey];
      if (!Array.isArray(items)) {
        throw new TwilioRequestError(`Twilio's answer to ${url.pathname} has no "${itemsKey}" list.`);
      }
      yield items;
      const next = body['next_page_uri'];
      url = typeof next === 'string' && next !== '' ? this.resolve(next) : undefined;
    }
  }

  private resolve(uri: string, query: Query = {}): URL {
    const url = new URL(uri, this.base);
    if (url.origin !== this.base.origin) {
      throw new TwilioRequestError(`Refusing to follow a link to ${url.origin}: credentials go only to ${this.base.origin}.`);
    }
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    return url;
  }

  private async request(url: URL): Promise<JsonBody> {
    const { maxAttempts } = this.options.retry;
    for (let attempt = 1; ; attempt += 1) {
      const permit = await this.concurrency.acquire(this.options.signal);
      let outcome: Outcome;
      try {
        outcome = await this.attempt(url, permit);
      } finally {
        permit.release();
      }
      if (outcome.kind === 'ok') return outcome.body;
      if (outcome.kind === 'fail') throw outcome.error;
      if (attempt >= maxAttempts) {
        if (outcome.authFailure) throw outcome.authFailure;
        throw new TwilioUnavailableError(
          `Twilio did not answer ${url.pathname} successfully after ${attempt} attempts; the last failure: ${outcome.reason}.`,
        );
      }
      const delayMs = outcome.retryAfterMs ?? this.backoff(attempt);
      this.options.onRetry?.({
        path: url.pathname,
        attempt,
        maxAttempts,
        delayMs,
        reason: outcome.reason,
        ...(outcome.throttled ? { concurrencyLimit: this.concurrency.limit } : {}),
      });
      await sleep(delayMs, undefined, { signal: this.options.signal }).catch(() => this.options.signal.throwIfAborted());
    }
  }

  private async attempt(url: URL, permit: Permit): Promise<Outcome> {
    let response: Response<string>;
    try {
      response = await this.http.get(url);
    } catch (error) {
      this.options.signal.throwIfAborted();
      return { kind: 'retry', reason: describeNetworkError(error) };
    }
    const status = response.statusCode;
    if (status >= 200 && status < 300) {
      const body = parseObject(response.body);
      if (body === undefined) {
        const type = response.headers['content-type'] ?? 'no content type';
        return { kind: 'retry', reason: `HTTP ${status} with a body that is not a JSON object (${type}, ${response.body.length} bytes)` };
      }
      this.credentialsAccepted = true;
      this.concurrency.succeeded();
      return { kind: 'ok', body };
    }

    const errorBody = parseObject(response.body) as TwilioErrorBody | undefined;
    const description = describeResponse(status, errorBody);
    if (status === 429) {
      this.concurrency.throttled(permit);
      const retryAfterMs = parseRetryAfter(response.headers['retry-after'], this.options.retry.maxRetryAfterMs);
      return { kind: 'retry', reason: description, throttled: true, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
    }
    if (status >= 500) return { kind: 'retry', reason: description };
    if (status === 401 || status === 403) {
      const error = new TwilioAuthError(description, status, errorBody);
      // Once the credentials have worked in this run, a rejection is taken for a passing fault and retried.
      return this.credentialsAccepted ? { kind: 'retry', reason: description, authFailure: error } : { kind: 'fail', error };
    }
    if (status === 404) return { kind: 'fail', error: new TwilioNotFoundError(description, status, errorBody) };
    return { kind: 'fail', error: new TwilioRequestError(`${description} for ${url.pathname}`, status, errorBody) };
  }

  private backoff(attempt: number): number {
    const { baseDelayMs, maxDelayMs } = this.options.retry;
    const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
  }
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function checkedBaseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TwilioRequestError(`The Twilio base URL "${text}" is not a URL.`);
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname) || url.hostname.startsWith('127.');
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new TwilioRequestError(
      `The Twilio base URL ${url.origin} must use https: credentials go over plain http only to a loopback address.`,
    );
  }
  return url;
}

function parseObject(text: string): JsonBody | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonBody) : undefined;
  } catch {
    return undefined;
  }
}

function parseRetryAfter(header: string | undefined, maxMs: number): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Number.isFinite(ms) ? Math.min(maxMs, Math.max(0, Math.round(ms))) : undefined;
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
}
