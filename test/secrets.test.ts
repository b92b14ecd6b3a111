import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import got, { RequestError } from 'got';
import { MAIN_API_KEY_SECRET, MAIN_API_KEY_SID } from '../simulator/fixtures.js';
import { runCommand } from '../src/protocol/cli.js';
import { asConnectorError } from '../src/protocol/errors.js';
import { MessageWriter } from '../src/protocol/output.js';
import { SecretMasker } from '../src/protocol/secrets.js';
import { errorTrace, logMessage } from '../src/protocol/trace.js';
import { TwilioSource } from '../src/source.js';
import { apiKeyConfig, catalogOf, errorsOf, expectNoSecrets, logsOf, parseMessages, runConnector, withInputFiles } from './helpers/connector.js';

const AUTHORIZATION = `Basic ${Buffer.from(`${MAIN_API_KEY_SID}:${MAIN_API_KEY_SECRET}`).toString('base64')}`;

/** A loopback URL nothing listens on: every connection to it is refused. */
async function refusingUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

describe('errors of the HTTP library', () => {
  it('carry the Authorization header in their options, yet reach the output only masked', async () => {
    const url = await refusingUrl();
    const error = await got.get(url, { headers: { authorization: AUTHORIZATION }, retry: { limit: 0 } }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(RequestError);
    expect((error as RequestError).options.headers['authorization']).toBe(AUTHORIZATION);
    expect(inspect(error)).toContain(AUTHORIZATION);

    // The connector's own command fills the masker from the config, as in a run; then the error is printed the way
    // an unexpected error would be, and whole, options included, as a careless log line would.
    let stdout = '';
    const out = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        stdout += chunk.toString('utf8');
        callback();
      },
    });
    const masker = new SecretMasker();
    const writer = new MessageWriter(out, masker);
    const context = { signal: new AbortController().signal, log: () => undefined };
    await withInputFiles('discover', { config: apiKeyConfig }, (args) => runCommand(new TwilioSource({}), args, writer, masker, context));
    await writer.emit(errorTrace(asConnectorError(error)));
    await writer.emit(logMessage('ERROR', inspect(error)));
    await writer.flush();

    const result = { exitCode: 0, signal: null, stdout, stderr: '', messages: parseMessages(stdout) };
    expectNoSecrets(result);
    expect(stdout).toContain("authorization: '****'");
    expect(errorsOf(result.messages)).toEqual([
      expect.objectContaining({ failure_type: 'system_error', message: expect.stringContaining('RequestError: connect ECONNREFUSED') }),
    ]);
  });

  it('end to end: a refused connection is retried, then reported, and no byte of output holds a credential', async () => {
    const baseUrl = await refusingUrl();
    const check = await runConnector('check', { baseUrl, config: apiKeyConfig });
    const read = await runConnector('read', { baseUrl, config: apiKeyConfig, catalog: catalogOf('conferences') });
    for (const result of [check, read]) {
      expectNoSecrets(result);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toBe('');
      expect(logsOf(result.messages, 'WARN')).toHaveLength(5);
      expect(errorsOf(result.messages)[0]?.message).toMatch(/after 6 attempts; the last failure: connect ECONNREFUSED 127\.0\.0\.1:\d+\.$/);
    }
  });
});
