import { inspect } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import got, { RequestError } from 'got';
import { MAIN_API_KEY_SECRET, MAIN_API_KEY_SID } from '../../simulator/fixtures.js';
import { asConnectorError } from '../../src/protocol/errors.js';
import { errorTrace, logMessage } from '../../src/protocol/message-builders.js';
import { TwilioSource } from '../../src/source.js';
import { apiKeyConfig, catalogOf, errorsOf, expectNoSecrets, logsOf, retriesByRequest, runConnector, runInProcess } from '../helpers/connector.js';
import { refusingUrl } from '../helpers/network.js';

const AUTHORIZATION = `Basic ${Buffer.from(`${MAIN_API_KEY_SID}:${MAIN_API_KEY_SECRET}`).toString('base64')}`;

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
    const result = await runInProcess(new TwilioSource({}), 'discover', { config: apiKeyConfig }, async (writer) => {
      await writer.emit(errorTrace(asConnectorError(error)));
      await writer.emit(logMessage('ERROR', inspect(error)));
    });
    expectNoSecrets(result);
    expect(result.stdout).toContain("authorization: '****'");
    expect(errorsOf(result.messages)).toEqual([
      expect.objectContaining({ failure_type: 'system_error', message: expect.stringContaining('RequestError: connect ECONNREFUSED') }),
    ]);
  });

  it('end to end: a refused connection is retried, then reported, and no byte of output holds a credential', async () => {
    const baseUrl = await refusingUrl();
    const check = await runConnector('check', { baseUrl, config: apiKeyConfig });
    const read = await runConnector('read', { baseUrl, config: apiKeyConfig, catalog: catalogOf('conferences') });
    // check keeps to its short budget and answers FAILED; read spends the whole one and fails the stream.
    for (const [result, exitCode, attempts] of [[check, 0, 3], [read, 1, 6]] as const) {
      expectNoSecrets(result);
      expect(result.exitCode).toBe(exitCode);
      expect(result.stderr).toBe('');
      // One WARN per retry of each request (a read lists the accounts while it reads the configured one's list).
      const retried = retriesByRequest(result.messages);
      expect(retried.size).toBeGreaterThan(0);
      expect([...retried.values()].reduce((sum, count) => sum + count, 0)).toBe(logsOf(result.messages, 'WARN').length);
      expect([...retried.values()].every((count) => count === attempts - 1)).toBe(true);
      const status = result.messages.find((message) => message.type === 'CONNECTION_STATUS');
      const message = status?.type === 'CONNECTION_STATUS' ? status.connectionStatus.message : errorsOf(result.messages)[0]?.message;
      expect(message).toMatch(new RegExp(`after ${attempts} attempts \\(connect ECONNREFUSED 127\\.0\\.0\\.1:\\d+\\)`));
    }
  });
});
