import { createServer, type IncomingHttpHeaders } from 'node:http';
import { connect, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { TEST_TLS } from './tls.js';

export interface ConnectProxy {
  /** `http://user:password@127.0.0.1:port` */
  readonly url: string;
  /** The target (`host:port`) and headers of every CONNECT, in order. */
  readonly tunnels: { target: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

/**
 * A real HTTP CONNECT proxy on 127.0.0.1 that asks for Basic credentials (407 without them) and tunnels every
 * CONNECT, whatever host it names, to a TLS endpoint with the test certificate in front of `upstreamPort` (the
 * simulator's plain HTTP): so "api.twilio.invalid" is served locally and nothing leaves the machine.
 */
export async function connectProxy(upstreamPort: number, credentials = { username: 'proxy-user', password: 'pr0xy-pa55word' }): Promise<ConnectProxy> {
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const terminator = createTlsServer(TEST_TLS, (secure) => {
    const upstream = connect(upstreamPort, '127.0.0.1');
    track(upstream);
    secure.on('error', () => upstream.destroy());
    secure.pipe(upstream).pipe(secure);
  });
  await new Promise<void>((resolve) => terminator.listen(0, '127.0.0.1', resolve));
  const terminatorPort = (terminator.address() as { port: number }).port;

  const expected = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  const tunnels: ConnectProxy['tunnels'] = [];
  const proxy = createServer((_request, response) => {
    response.statusCode = 405;
    response.end();
  });
  proxy.on('connect', (request, client: Socket, head: Buffer) => {
    track(client);
    tunnels.push({ target: request.url ?? '', headers: request.headers });
    if (request.headers['proxy-authorization'] !== expected) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\n\r\n');
      return;
    }
    const upstream = connect(terminatorPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    track(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const port = (proxy.address() as { port: number }).port;
  return {
    url: `http://${credentials.username}:${credentials.password}@127.0.0.1:${port}`,
    tunnels,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await Promise.all([terminator, proxy].map((server) => new Promise((resolve) => server.close(resolve))));
    },
  };
}
