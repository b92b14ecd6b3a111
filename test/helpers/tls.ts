import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { fileURLToPath } from 'node:url';

/**
 * A self-signed certificate for api.twilio.com, made for the tests alone (its key is no secret): untrusted it is a
 * certificate that does not verify; trusted through NODE_EXTRA_CA_CERTS it lets a test serve "api.twilio.com" locally.
 */
export const TEST_CERTIFICATE_PATH = fileURLToPath(new URL('../fixtures/tls/api.twilio.com.crt', import.meta.url));
export const TEST_TLS = {
  cert: readFileSync(TEST_CERTIFICATE_PATH),
  key: readFileSync(fileURLToPath(new URL('../fixtures/tls/api.twilio.com.key', import.meta.url))),
};

/** An HTTPS server on 127.0.0.1 with the test certificate that answers every request with an empty JSON object. */
export async function httpsServer(): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = createServer(TEST_TLS, (_request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `https://127.0.0.1:${port}`,
    server,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
