import { setMaxListeners } from 'node:events';
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import got, { RequestError, type Agents, type Got, type Response, type RetryObject } from 'got';
import { APIS, API_NAMES, type ApiName } from './apis.js';
import { AdaptiveConcurrency, type Permit } from './concurrency.js';
import { agentFor, type ProxySettings } from './proxy.js';
import {
  describeResponse,
  TwilioApiUnavailableError,
  TwilioAuthError,
  TwilioNotFoundError,
  TwilioRequestError,
  TwilioUnavailableError,
  TwilioUnreachableError,
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
  /** The origin of each API in the configured region; an API missing here does not run there. */
  origins: Partial<Record<ApiName, string>>;
  /** Basic auth: an Account SID with its Auth Token, or an API key SID with its secret. */
  username: string;
  password: string;
  maxConcurrency: number;
  timeoutMs: number;
  retry: RetryPolicy;
  signal: AbortSignal;
  userAgent: string;
  /** HTTPS_PROXY, HTTP_PROXY and NO_PROXY; none by default. */
  proxy?: ProxySettings;
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

/** A list of one API: where it is, which key of each page holds the items, and how many to ask for a page. */
export interface ListRequest {
  readonly api: ApiName;
  readonly path: string;
  readonly itemsKey: string;
  readonly query?: Query;
  readonly pageSize?: number;
}

/** What the client has sent and received since it was made; plain counts a caller may read at any time. */
export interface RequestCounters {
  /** HTTP requests sent, each attempt counted. */
  requests: number;
  /** Attempts that failed and were tried again. */
  retries: number;
  /** Answers of 429 Too Many Requests. */
  throttled: number;
  /** Pages of lists received. */
  pages: number;
}

export type JsonBody = Record<string, unknown>;
export type Query = Record<string, string>;

const PAGE_SIZE = 1000;

/** The permit of the attempt in flight, which the retry policy reads when Twilio answers 429. */
interface AttemptSlot {
  permit?: Permit;
}

/** A 2xx answer whose body is JSON but not an object: Twilio never sends one, so it is retried like a broken body. */
const NOT_AN_OBJECT = 'ERR_BODY_NOT_AN_OBJECT';

/**
 * Twilio's REST APIs over HTTP with got: Basic auth sent only to Twilio's origins, got's pagination following each
 * API's paging style, got's retry with Twilio's policy, and an adaptive bound on concurrent requests. It knows nothing
 * of Airbyte.
 */
export class TwilioClient {
  private readonly origins: Partial<Record<ApiName, URL>> = {};
  /** The agent of each origin: direct, or through the proxy the environment names for it. */
  private readonly agents = new Map<string, Agents>();
  private readonly http: Got;
  private readonly concurrency: AdaptiveConcurrency;
  private credentialsAccepted = false;
  private readonly counts: RequestCounters = { requests: 0, retries: 0, throttled: 0, pages: 0 };
  /** Twilio's clock as its last answer's `Date` header gave it, against ours when it arrived. */
  private serverClock: { readonly twilioMs: number; readonly localMs: number } | undefined;
  /** Origins no connection could be made to after every retry: later requests to them fail at once, the same way. */
  private readonly unreachable = new Map<string, TwilioUnreachableError>();

  constructor(private readonly options: TwilioClientOptions) {
    for (const name of API_NAMES) {
      const origin = options.origins[name];
      if (origin !== undefined) this.origins[name] = checkedOrigin(origin);
    }
    // Every request in flight or waiting for a slot listens for the abort: far more than Node's default of 10.
    setMaxListeners(0, options.signal);
    const agentOptions = { keepAlive: true, maxSockets: options.maxConcurrency + 2 };
    const direct = { http: new HttpAgent(agentOptions), https: new HttpsAgent(agentOptions) };
    for (const origin of Object.values(this.origins)) {
      const scheme = origin.protocol === 'https:' ? 'https' : 'http';
      this.agents.set(origin.origin, { [scheme]: agentFor(origin, options.proxy ?? {}, agentOptions, direct[scheme]) });
    }
    this.concurrency = new AdaptiveConcurrency(options.maxConcurrency);
    this.http = got.extend({
      headers: {
        authorization: `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`,
        accept: 'application/json',
        'user-agent': options.userAgent,
      },
      agent: direct,
      timeout: { request: options.timeoutMs },
      followRedirect: false,
      responseType: 'json',
      signal: options.signal,
      retry: { limit: options.retry.maxAttempts - 1, calculateDelay: (retry) => this.retryDelay(retry) },
      hooks: {
        // got's retry keeps no bound on requests in flight across calls: each attempt is made by `attempt`.
        beforeRequest: [
          (attemptOptions) => {
            const slot = slotOf(attemptOptions);
            attemptOptions.request = (url, requestOptions) => this.attempt(url, requestOptions, slot);
          },
        ],
        afterResponse: [(response) => this.accepted(response)],
      },
    });
  }

  /**
   * One attempt of a request: it waits for a permit of the concurrency bound, which it holds until the request has
   * closed, whatever ended it (an answer read whole, an error, a timeout, an abort).
   */
  private async attempt(url: URL, requestOptions: RequestOptions, slot: AttemptSlot): Promise<ClientRequest> {
    const permit = await this.concurrency.acquire(this.options.signal);
    slot.permit = permit;
    this.counts.requests += 1;
    let request: ClientRequest;
    try {
      request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, requestOptions);
    } catch (error) {
      // A request that throws before it exists never closes: its permit would be lost to the bound for good.
      permit.release();
      throw error;
    }
    request.once('close', () => permit.release());
    return request;
  }

  /** The counts so far, as a copy. */
  get counters(): RequestCounters {
    return { ...this.counts };
  }

  /** Whether Twilio has answered yet, so that `now()` is by its clock. */
  get knowsTwilioClock(): boolean {
    return this.serverClock !== undefined;
  }

  /** The concurrency bound in force now (it drops when Twilio answers 429). */
  get concurrencyLimit(): number {
    return this.concurrency.limit;
  }

  /**
   * The time now by Twilio's clock (from the `Date` header of its answers), or by ours before any answer: what Twilio
   * keeps and for how long is reckoned in its time, whatever this machine's clock says.
   */
  now(): Date {
    const clock = this.serverClock;
    return new Date(clock === undefined ? Date.now() : clock.twilioMs + (Date.now() - clock.localMs));
  }

  /** Whether the API has a host in the configured region. */
  serves(api: ApiName): boolean {
    return this.origins[api] !== undefined;
  }

  /** Fetches one resource of an API. */
  async fetch(api: ApiName, path: string, query: Query = {}): Promise<JsonBody> {
    const url = this.resolve(api, path, query);
    try {
      return (await this.http.get<JsonBody>(url, { context: { slot: {} }, responseType: 'json', agent: this.agentOf(url) })).body;
    } catch (error) {
      throw this.failure(error, url);
    }
  }

  /**
   * Yields the items of a list page by page: the first request asks for `PageSize` items (1000 unless the list allows
   * fewer), then each next-page link is followed as Twilio gave it, as long as it stays on the API's origin.
   */
  async *pages(list: ListRequest): AsyncGenerator<unknown[]> {
    const first = this.resolve(list.api, list.path, { ...list.query, PageSize: String(list.pageSize ?? PAGE_SIZE) });
    const nextLink = APIS[list.api].paging === '2010' ? next2010 : nextV1;
    let url = first;
    try {
      const pages = this.http.paginate<unknown[], JsonBody>(first, {
        context: { slot: {} },
        agent: this.agentOf(first),
        pagination: {
          // One "item" of got's pagination is a whole page: the reader writes a page out in one piece.
          transform: (response) => [itemsOf(response, list.itemsKey)],
          paginate: ({ response }) => {
            const next = nextLink(response.body);
            if (next === undefined) return false;
            url = this.resolve(list.api, next);
            return { url };
          },
          backoff: 0,
          stackAllItems: false,
        },
      });
      for await (const page of pages) {
        this.counts.pages += 1;
        yield page;
      }
    } catch (error) {
      throw this.failure(error, url);
    }
  }

  private agentOf(url: URL): Agents {
    return this.agents.get(url.origin) ?? {};
  }

  private resolve(api: ApiName, uri: string, query: Query = {}): URL {
    const origin = this.origins[api];
    if (origin === undefined) throw new TwilioApiUnavailableError(api);
    const unreachable = this.unreachable.get(origin.origin);
    if (unreachable !== undefined) throw unreachable;
    // An origin may carry a path (the simulator's `…/conversations`), which an absolute path goes below.
    const url = new URL(uri.startsWith('/') ? `${origin.pathname.replace(/\/$/, '')}${uri}` : uri, origin);
    if (url.origin !== origin.origin) {
      throw new TwilioRequestError(`Refusing to follow a link to ${url.origin}: credentials go only to ${origin.origin}.`);
    }
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    return url;
  }

  private accepted(response: Response): Response {
    if (response.ok) {
      const body: unknown = response.body;
      if (!isObject(body)) {
        const type = response.headers['content-type'] ?? 'no content type';
        throw Object.assign(new Error(`HTTP ${response.statusCode} with a body that is not a JSON object (${type}, ${response.rawBody.length} bytes)`), { code: NOT_AN_OBJECT });
      }
      this.credentialsAccepted = true;
      this.concurrency.succeeded();
      const twilioMs = Date.parse(response.headers.date ?? '');
      if (!Number.isNaN(twilioMs)) this.serverClock = { twilioMs, localMs: Date.now() };
    }
    return response;
  }

  /** Twilio's retry policy in got's terms: the delay before the next attempt, 0 for none. */
  private retryDelay({ attemptCount, error }: RetryObject): number {
    const permit = slotOf(error.options).permit;
    if (this.options.signal.aborted) return 0;
    const status = error.response?.statusCode;
    let throttled = false;
    let delayMs: number | undefined;
    if (status === 429) {
      this.counts.throttled += 1;
      if (permit !== undefined) this.concurrency.throttled(permit);
      throttled = true;
      delayMs = parseRetryAfter(error.response?.headers['retry-after'], this.options.retry.maxRetryAfterMs);
    } else if (!isRetried(status, error, this.credentialsAccepted)) {
      return 0;
    }
    if (attemptCount >= this.options.retry.maxAttempts) return 0;
    // got takes 0 for "do not retry", so a Retry-After of 0 waits a millisecond.
    delayMs = Math.max(1, delayMs ?? this.backoff(attemptCount));
    this.counts.retries += 1;
    this.options.onRetry?.({
      // With the query: the lists of one path (Status=init, Status=in-progress, each page) are different requests.
      path: error.options.url instanceof URL ? `${error.options.url.pathname}${error.options.url.search}` : String(error.options.url),
      attempt: attemptCount,
      maxAttempts: this.options.retry.maxAttempts,
      delayMs,
      reason: describeFailure(error),
      ...(throttled ? { concurrencyLimit: this.concurrency.limit } : {}),
    });
    return delayMs;
  }

  private backoff(attempt: number): number {
    const { baseDelayMs, maxDelayMs } = this.options.retry;
    const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
  }

  /** What got's final error means for the caller, in Twilio's terms. */
  private failure(error: unknown, url: URL): Error {
    this.options.signal.throwIfAborted();
    if (!(error instanceof RequestError)) return error instanceof Error ? error : new Error(String(error));
    // A 2xx whose body could not be read is a failure to answer, like a network error.
    const status = error.response?.ok === false ? error.response.statusCode : undefined;
    const body = error.response === undefined ? undefined : errorBodyOf(error.response);
    const description = describeFailure(error);
    if (status === 401 || status === 403) return new TwilioAuthError(description, status, body);
    if (status === 404) return new TwilioNotFoundError(description, status, body);
    if (status !== undefined && status < 500 && status !== 429) {
      return new TwilioRequestError(`${description} for ${url.pathname}`, status, body);
    }
    const attempts = error.request?.retryCount === undefined ? 1 : error.request.retryCount + 1;
    const connection = error.response === undefined ? connectionFailureOf(error) : undefined;
    if (connection !== undefined) {
      const unreachable = new TwilioUnreachableError(
        `${CONNECTION_FAILURES[connection](url.host)} after ${attempts} attempt${attempts === 1 ? '' : 's'} (${description})`,
        url.host,
        connection,
        error.code,
      );
      this.unreachable.set(url.origin, unreachable);
      return unreachable;
    }
    return new TwilioUnavailableError(
      `Twilio did not answer ${url.pathname} successfully after ${attempts} attempts; the last failure: ${description}.`,
      error.response?.statusCode,
    );
  }
}

/** Twilio's "Authenticate" error: the credentials were not accepted, which is passing once they have been. */
const AUTHENTICATE = 20003;
type ConnectionFailure = TwilioUnreachableError['kind'];

const CONNECTION_FAILURES: Record<ConnectionFailure, (host: string) => string> = {
  dns: (host) => `The host name ${host} could not be resolved (DNS)`,
  certificate: (host) => `The TLS certificate of ${host} could not be verified`,
  network: (host) => `No connection could be made to ${host}`,
  proxy: (host) => `The proxy refused to open a tunnel to ${host}`,
};

/** Failures that no retry mends: a name that does not resolve, a certificate that does not verify. */
const NEVER_RETRIED = new Set<ConnectionFailure | undefined>(['dns', 'certificate', 'proxy']);

/** Why no connection was made to the host, if that is what happened (a request cut short later is not this). */
function connectionFailureOf(error: RequestError): ConnectionFailure | undefined {
  const { code } = error;
  if (code === 'ENOTFOUND') return 'dns';
  if (/CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/.test(code)) return 'certificate';
  if (['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'].includes(code)) return 'network';
  // hpagent's answer when the proxy does not answer CONNECT with 200 (407: it wants other credentials).
  if (/^Bad response: \d+$/.test(error.message)) return 'proxy';
  return undefined;
}

function isRetried(status: number | undefined, error: RequestError, credentialsAccepted: boolean): boolean {
  if (status === undefined) return !NEVER_RETRIED.has(connectionFailureOf(error));
  if (status >= 200 && status < 300) return true;
  if (status >= 500) return true;
  // Once the credentials have worked in this run, their rejection is taken for a passing fault; got cannot know that.
  // Any other refusal (a product not enabled, a resource of another account) is an answer, not a fault.
  const code = error.response === undefined ? undefined : errorBodyOf(error.response)?.code;
  return (status === 401 || status === 403) && credentialsAccepted && code === AUTHENTICATE;
}

function slotOf(options: { context?: unknown }): AttemptSlot {
  return (options.context as { slot?: AttemptSlot } | undefined)?.slot ?? {};
}

function itemsOf(response: Response, itemsKey: string): unknown[] {
  const items = (response.body as JsonBody)[itemsKey];
  if (!Array.isArray(items)) {
    throw new TwilioRequestError(`Twilio's answer to ${response.requestUrl.pathname} has no "${itemsKey}" list.`);
  }
  return items;
}

/** The 2010 API: a relative `next_page_uri`, null on the last page. */
function next2010(body: unknown): string | undefined {
  const next = (body as JsonBody)['next_page_uri'];
  return typeof next === 'string' && next !== '' ? next : undefined;
}

/** The v1 APIs: an absolute `meta.next_page_url`, null on the last page. */
function nextV1(body: unknown): string | undefined {
  const meta = (body as JsonBody)['meta'];
  const next = isObject(meta) ? meta['next_page_url'] : undefined;
  return typeof next === 'string' && next !== '' ? next : undefined;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function checkedOrigin(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TwilioRequestError(`The Twilio base URL "${text}" is not a URL.`);
  }
  // 127.0.0.0/8 by its address: a host name that merely starts with `127.` is a name like any other.
  const loopback = LOOPBACK_HOSTS.has(url.hostname) || /^127(\.\d{1,3}){3}$/.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new TwilioRequestError(
      `The Twilio base URL ${url.origin} must use https: credentials go over plain http only to a loopback address.`,
    );
  }
  return url;
}

function errorBodyOf(response: Response): TwilioErrorBody | undefined {
  const body: unknown = response.body;
  if (isObject(body)) return body as TwilioErrorBody;
  if (typeof body !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    return isObject(parsed) ? (parsed as TwilioErrorBody) : undefined;
  } catch {
    return undefined;
  }
}

function describeFailure(error: RequestError): string {
  const response = error.response;
  if (response !== undefined && !response.ok) return describeResponse(response.statusCode, errorBodyOf(response));
  if (response !== undefined && error.code === 'ERR_BODY_PARSE_FAILURE') {
    const type = response.headers['content-type'] ?? 'no content type';
    return `HTTP ${response.statusCode} with a body that is not a JSON object (${type}, ${response.rawBody.length} bytes)`;
  }
  if (error.code === NOT_AN_OBJECT || error.message.includes(error.code)) return error.message;
  return `${error.code}: ${error.message}`;
}

function parseRetryAfter(header: string | undefined, maxMs: number): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Number.isFinite(ms) ? Math.min(maxMs, Math.max(0, Math.round(ms))) : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
