import { createServer } from 'node:net';
import { createServer as createHttpServer } from 'node:http';

/** A loopback URL that nothing listens on: every connection to it is refused. */
export async function refusingUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

export interface LoopbackServer {
  readonly url: string;
  /** Every request's path and query, in order. */
  readonly paths: string[];
  close(): Promise<void>;
}

/** A JSON server on 127.0.0.1 that answers each request with what `answer` gives for its path and query. */
export async function jsonServer(answer: (path: string, origin: string) => unknown): Promise<LoopbackServer> {
  const paths: string[] = [];
  let origin = '';
  const server = createHttpServer((request, response) => {
    const path = request.url ?? '/';
    paths.push(path);
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(answer(path, origin)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    url: origin,
    paths,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
