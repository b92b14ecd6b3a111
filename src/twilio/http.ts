import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

export interface HttpResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface HttpTransportOptions {
  headers: Record<string, string>;
  /** Time limit of one exchange, from sending the request to the body's last byte. */
  timeoutMs: number;
  /** Connections kept open per host. */
  maxSockets: number;
  signal: AbortSignal;
}

/** A failure of the connection rather than an answer, with a code in the style of Node's own. */
export class NetworkError extends Error {
  constructor(
    readonly code: 'ETIMEDOUT' | 'ECONNRESET',
    message: string,
  ) {
    super(message);
    this.name = 'NetworkError';
  }
}

const DECODERS: Record<string, () => Transform> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/**
 * HTTP GET as a Twilio list needs it and nothing more: keep-alive connections, a time limit on the whole exchange, and
 * compressed bodies decoded. No redirects, no retries (the client decides those). Built on node:http because a general
 * client's per-request machinery cost more than the rest of the connector's work on a page.
 */
export class HttpTransport {
  private readonly http: HttpAgent;
  private readonly https: HttpsAgent;
  private readonly headers: Record<string, string>;

  constructor(private readonly options: HttpTransportOptions) {
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets };
    this.http = new HttpAgent(agentOptions);
    this.https = new HttpsAgent(agentOptions);
    this.headers = { 'accept-encoding': 'gzip, deflate, br', ...options.headers };
  }

  get(url: URL): Promise<HttpResponse> {
    const secure = url.protocol === 'https:';
    const send = secure ? httpsRequest : httpRequest;
    const { timeoutMs, signal } = this.options;
    return new Promise((resolve, reject) => {
      const request = send(url, { agent: secure ? this.https : this.http, headers: this.headers, signal });
      const timer = setTimeout(() => {
        fail(new NetworkError('ETIMEDOUT', `no complete answer within ${timeoutMs} ms`));
        request.destroy();
      }, timeoutMs);
      const fail = (error: Error) => {
        clearTimeout(timer);
        reject(error);
      };
      request.on('error', fail);
      request.on('response', (response) => {
        response.on('error', fail);
        response.on('close', () => {
          if (!response.complete) fail(new NetworkError('ECONNRESET', 'the connection closed before the whole answer arrived'));
        });
        readBody(response).then((body) => {
          clearTimeout(timer);
          resolve({ statusCode: response.statusCode ?? 0, headers: response.headers, body });
        }, fail);
      });
      request.end();
    });
  }
}

async function readBody(response: IncomingMessage): Promise<string> {
  const decoder = DECODERS[response.headers['content-encoding'] ?? ''];
  const body = decoder === undefined ? response : response.pipe(decoder());
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
