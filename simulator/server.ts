/** A Twilio REST API simulator: a real HTTP server on 127.0.0.1 serving the declared resources from a seeded dataset. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Authenticator } from './auth.js';
import { SimulatorClock } from './clock.js';
import { Dataset, type DatasetOptions, type Region } from './dataset.js';
import { FaultPlan, type Fault } from './faults.js';
import { parseFilters } from './filters.js';
import { DEFAULT_FIXTURE } from './fixtures.js';
import { hex32 } from './hash.js';
import { parsePageRequest, render2010Page, renderV1Page, selectPage, type ListSource } from './paging.js';
import type { ParentRow, Resource, RowList, RowScope } from './resource.js';
import { RESOURCES } from './resources/index.js';
import {
  errorResponse,
  jsonResponse,
  methodNotAllowedError,
  notFoundError,
  statusError,
  xmlNotFoundResponse,
  type ApiError,
  type SimResponse,
} from './responses.js';
import { AccountList } from './resources/accounts.js';
import { Router, type Route } from './routes.js';
import { RequestStats, type SimulatorStats } from './stats.js';

export type { RouteKind } from './routes.js';
export type { RequestLogEntry, SimulatorStats } from './stats.js';

export interface SimulatorOptions {
  /** Default: the default fixture. */
  dataset?: DatasetOptions;
  /** Default: the resources of `simulator/resources/`. */
  resources?: readonly Resource[];
  /** Credentials issued in another region get 401/20003. Default us1. */
  region?: Region;
  /** Added before every response. Default 0. */
  latencyMs?: number;
  /** Lists of live-only rows whose parent ended or vanished (participants): 200 with [] (default) or 404/20404. */
  vanishedConferenceAnswer?: 'empty' | 'not-found';
  /** A request arriving while this many are in flight gets 429/20429 (Twilio's per-account concurrency limit). */
  maxConcurrentRequests?: number;
  /** Default 0 (ephemeral). */
  port?: number;
  /** A fixed instant (ISO 8601) the simulator's clock starts at and keeps until advanced; default real time. */
  clock?: string;
}

const API_PREFIX = '/2010-04-01';
const CONTROL_STATS_PATH = '/__simulator/stats';
const CONTROL_RESET_PATH = '/__simulator/reset-stats';
const REQUEST_ID_STREAM = 0x52_51;

const HTML_PAGE =
  '<!DOCTYPE html>\n<html><head><title>Service Temporarily Unavailable</title></head>' +
  '<body><h1>Service Temporarily Unavailable</h1><p>Please try again later.</p></body></html>\n';
const NOT_JSON_BODY = 'upstream connect error or disconnect/reset before headers. reset reason: overflow';

/** Rewrites the error as a complete response; list and fetch handlers return either. */
function orError(result: SimResponse | ApiError): SimResponse {
  return 'body' in result ? result : errorResponse(result);
}

const EMPTY_LIST: ListSource = { length: 0, matches: () => false };

/** The row a path names with the resource's placeholder, or Twilio's answer when there is none. */
function lookUp(resource: Resource, list: RowList, params: Readonly<Record<string, string>>, pathname: string): number | ApiError {
  const { instance } = resource;
  const sid = instance === undefined ? undefined : params[instance.placeholder];
  if (instance === undefined || sid === undefined) return notFoundError(pathname);
  if (!instance.sidPattern.test(sid)) return instance.malformed === 'not-found' ? notFoundError(pathname) : methodNotAllowedError();
  const index = list.indexOf(sid);
  if (index !== undefined) return index;
  return instance.unknown === 'not-found' ? notFoundError(pathname) : statusError(401);
}

export class TwilioSimulator {
  readonly dataset: Dataset;
  readonly faults = new FaultPlan();
  readonly clock: SimulatorClock;
  private readonly server: Server;
  private readonly authenticator: Authenticator;
  private readonly region: Region;
  private readonly latencyMs: number;
  private readonly vanishedConferenceAnswer: 'empty' | 'not-found';
  private readonly maxConcurrentRequests: number | undefined;
  private readonly router: Router;
  private readonly requestStats: RequestStats;
  private readonly pendingDelays = new Set<NodeJS.Timeout>();
  private admittedInFlight = 0;
  private requestSequence = 0;
  private port = 0;

  private constructor(options: SimulatorOptions) {
    this.dataset = new Dataset(options.dataset ?? DEFAULT_FIXTURE);
    this.clock = new SimulatorClock(options.clock);
    this.region = options.region ?? 'us1';
    this.latencyMs = options.latencyMs ?? 0;
    this.vanishedConferenceAnswer = options.vanishedConferenceAnswer ?? 'empty';
    this.maxConcurrentRequests = options.maxConcurrentRequests;
    this.authenticator = new Authenticator(this.dataset, this.region);
    this.router = new Router(options.resources ?? RESOURCES);
    this.requestStats = new RequestStats(this.router.kinds);
    this.server = createServer((request, response) => this.onRequest(request, response));
  }

  static async start(options: SimulatorOptions = {}): Promise<TwilioSimulator> {
    const simulator = new TwilioSimulator(options);
    await new Promise<void>((resolve, reject) => {
      simulator.server.once('error', reject);
      simulator.server.listen(options.port ?? 0, '127.0.0.1', () => {
        simulator.server.off('error', reject);
        resolve();
      });
    });
    simulator.port = (simulator.server.address() as AddressInfo).port;
    return simulator;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  stats(): SimulatorStats {
    return this.requestStats.snapshot();
  }

  resetStats(): void {
    this.requestStats.reset();
  }

  /** The conference ends now, on the simulator's clock: status completed, its participants vanish. */
  completeConference(accountSid: string, conferenceSid: string): void {
    this.dataset.completeConference(accountSid, conferenceSid, this.clock.now());
  }

  /** Stops listening and destroys every open socket, including hung requests and idle keep-alive connections. */
  async close(): Promise<void> {
    for (const timer of this.pendingDelays) clearTimeout(timer);
    this.pendingDelays.clear();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private onRequest(request: IncomingMessage, response: ServerResponse): void {
    const target = request.url ?? '/';
    if (target === CONTROL_STATS_PATH || target === CONTROL_RESET_PATH) {
      this.serveControl(request, response, target);
      return;
    }
    this.serve(request, response, target).catch((error: unknown) => {
      if (!response.headersSent && !response.destroyed) {
        this.send(response, errorResponse({ status: 500, code: 20500, message: String(error) }));
      }
    });
  }

  private serveControl(request: IncomingMessage, response: ServerResponse, target: string): void {
    if (target === CONTROL_STATS_PATH && request.method === 'GET') {
      this.send(response, jsonResponse(200, JSON.stringify(this.stats())));
    } else if (target === CONTROL_RESET_PATH && request.method === 'POST') {
      this.resetStats();
      response.writeHead(204).end();
    } else {
      this.send(response, errorResponse(methodNotAllowedError()));
    }
  }

  private async serve(request: IncomingMessage, response: ServerResponse, target: string): Promise<void> {
    const queryStart = target.indexOf('?');
    const pathname = queryStart < 0 ? target : target.slice(0, queryStart);
    const query = new URLSearchParams(queryStart < 0 ? '' : target.slice(queryStart + 1));
    const route = this.router.route(pathname);
    const entry = this.requestStats.arrive(route, target);
    response.once('close', () => this.requestStats.leave());

    const admitted = this.maxConcurrentRequests === undefined || this.admittedInFlight < this.maxConcurrentRequests;
    let fault: Fault | undefined;
    let answer: SimResponse;
    if (admitted) {
      this.admittedInFlight++;
      response.once('close', () => this.admittedInFlight--);
      const canVanish = 'resource' in route && route.resource.parentIsLive !== undefined;
      fault = this.faults.pick({ kind: route.kind, pathAndQuery: target, canVanish });
      if (fault !== undefined) entry.fault = fault.type;
      if (fault?.type === 'hang') return;
      answer = this.produce(request, route, pathname, query, fault);
    } else {
      answer = errorResponse(statusError(429));
    }
    answer.headers['Twilio-Request-Id'] = `RQ${hex32(++this.requestSequence, this.dataset.options.seed, REQUEST_ID_STREAM)}`;
    answer.headers['Twilio-Concurrent-Requests'] = String(this.admittedInFlight);
    answer.headers['X-Home-Region'] = this.region;
    answer.headers['Date'] = this.clock.now().toUTCString();

    await this.delay();
    if (response.destroyed) return;
    entry.status = this.deliver(response, answer, fault);
  }

  private delay(): Promise<void> {
    if (this.latencyMs <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pendingDelays.delete(timer);
        resolve();
      }, this.latencyMs);
      this.pendingDelays.add(timer);
    });
  }

  private produce(request: IncomingMessage, route: Route, pathname: string, query: URLSearchParams, fault: Fault | undefined): SimResponse {
    switch (fault?.type) {
      case 'status': {
        const retryAfter: Record<string, string> = fault.retryAfter === undefined ? {} : { 'Retry-After': String(fault.retryAfter) };
        return errorResponse(statusError(fault.status, fault.code), retryAfter);
      }
      case 'html':
        return { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: HTML_PAGE };
      case 'not-json':
        return jsonResponse(200, NOT_JSON_BODY);
      default:
        return this.answer(request, route, pathname, query, fault?.type === 'vanished');
    }
  }

  /** Sends the response, or breaks it as the fault says; returns the status to log (0: no status line was sent). */
  private deliver(response: ServerResponse, answer: SimResponse, fault: Fault | undefined): number {
    const body = Buffer.from(answer.body);
    const partial = body.subarray(0, Math.floor(body.length / 2));
    switch (fault?.type) {
      case 'reset-before-body':
        response.socket?.destroy();
        return 0;
      case 'reset-during-body':
        response.writeHead(answer.status, { ...answer.headers, 'Content-Length': String(body.length) });
        response.write(partial, () => response.socket?.destroy());
        return answer.status;
      case 'truncated-body':
        // Without Content-Length and chunking, the body ends where the server closes the connection.
        response.useChunkedEncodingByDefault = false;
        response.writeHead(answer.status, { ...answer.headers, Connection: 'close' });
        response.end(partial);
        return answer.status;
      default:
        this.send(response, answer, body);
        return answer.status;
    }
  }

  private send(response: ServerResponse, answer: SimResponse, body: Buffer = Buffer.from(answer.body)): void {
    response.writeHead(answer.status, { ...answer.headers, 'Content-Length': String(body.length) });
    response.end(body);
  }

  private answer(request: IncomingMessage, route: Route, pathname: string, query: URLSearchParams, vanished: boolean): SimResponse {
    if (request.method !== 'GET') return errorResponse(methodNotAllowedError());
    const auth = this.authenticator.authenticate(request.headers.authorization);
    if (!auth.ok) return errorResponse(auth.error);
    if (!('resource' in route)) {
      return pathname.startsWith(API_PREFIX) && !pathname.endsWith('.json') ? xmlNotFoundResponse(pathname) : errorResponse(notFoundError(pathname));
    }
    const { resource, params } = route;
    const context = { dataset: this.dataset, principal: auth.principal, query, params, now: this.clock.now() };
    const parent = this.parentRow(resource, context, params, pathname);
    if ('code' in parent) return errorResponse(parent);
    const scope = { ...context, parent };
    const refusal = resource.refuse?.(scope);
    if (refusal !== undefined) return errorResponse(refusal);
    if (resource.document !== undefined) return jsonResponse(200, JSON.stringify(resource.document(scope)));
    const list = resource.rows(scope);
    if (!route.instance) return orError(this.listPage(resource, list, parent, pathname, query, vanished));
    const index = lookUp(resource, list, params, pathname);
    return typeof index === 'number' ? jsonResponse(200, JSON.stringify(list.at(index))) : errorResponse(index);
  }

  /** The parent row the path names, resolved from the top of the hierarchy; without a parent, the caller's account. */
  private parentRow(
    resource: Resource,
    context: Omit<RowScope<RowList>, 'parent'>,
    params: Readonly<Record<string, string>>,
    pathname: string,
  ): ParentRow<RowList> | ApiError {
    const { parent } = resource;
    if (parent === undefined) return { list: new AccountList(this.dataset, [context.principal.account]), index: 0 };
    const grandparent = this.parentRow(parent, context, params, pathname);
    if ('code' in grandparent) return grandparent;
    const scope = { ...context, parent: grandparent };
    const refusal = parent.refuse?.(scope);
    if (refusal !== undefined) return refusal;
    const list = parent.rows(scope);
    const index = lookUp(parent, list, params, pathname);
    if (typeof index !== 'number') return index;
    return parent.instance?.refuseChildren?.(list, index) ?? { list, index };
  }

  private listPage(
    resource: Resource,
    list: RowList,
    parent: ParentRow<RowList>,
    pathname: string,
    query: URLSearchParams,
    vanished: boolean,
  ): SimResponse | ApiError {
    const request = parsePageRequest(query, resource.maxPageSize);
    if ('code' in request) return request;
    const filter = parseFilters(resource.filters, query, this.clock.now());
    if ('code' in filter) return filter;
    let source: ListSource = { length: list.length, matches: (index) => filter.matches(list, index), ...filter.span(list) };
    if (resource.parentIsLive !== undefined && (vanished || !resource.parentIsLive(parent))) {
      if (this.vanishedConferenceAnswer === 'not-found') return notFoundError(pathname);
      source = EMPTY_LIST;
    }
    if (resource.paging === 'none') {
      const rows = Array.from({ length: list.length }, (_, index) => index).filter((index) => source.matches(index));
      return jsonResponse(200, `{${JSON.stringify(resource.itemsKey)}:${JSON.stringify(rows.map((index) => list.at(index)))},"uri":${JSON.stringify(pathname)}}`);
    }
    const slice = selectPage(source, request);
    const page = {
      itemsKey: resource.itemsKey,
      itemsJson: JSON.stringify(slice.indices.map((index) => list.at(index))),
      listUrl: resource.paging === 'v1' ? `${this.url}${pathname}` : pathname,
      filters: filter.echo,
      request,
      slice,
    };
    return jsonResponse(200, resource.paging === 'v1' ? renderV1Page(page) : render2010Page(page));
  }
}
