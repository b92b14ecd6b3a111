import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { auditProductionDependencies } from '../../tools/audit.js';
import { refusingUrl } from '../helpers/network.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const ADVISORY = {
  id: 1,
  url: 'https://github.com/advisories/GHSA-test-test-test',
  title: 'A flaw found in every version',
  severity: 'high',
  vulnerable_versions: '<1000.0.0',
  cwe: [],
  cvss: { score: 7.5, vectorString: null },
};

/** A registry whose audit endpoint gives the answer set last: advisories by package, or an HTTP status. */
let answer: { advisories: Record<string, unknown[]> } | { status: number };
let registry: Server;
let registryUrl: string;

beforeAll(async () => {
  registry = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      if (request.method === 'POST' && request.url?.startsWith('/-/npm/v1/security/advisories/bulk')) {
        if ('status' in answer) response.writeHead(answer.status).end();
        else response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer.advisories));
      } else {
        response.writeHead(404, { 'content-type': 'application/json' }).end('{}');
      }
    });
  });
  await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
  registryUrl = `http://127.0.0.1:${(registry.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await new Promise((resolve) => registry.close(resolve));
});

const audit = (exceptions: Record<string, string> = {}, url = registryUrl) => auditProductionDependencies({ cwd: root, exceptions, registry: url });

describe('the npm audit step of npm test', () => {
  it('passes when no advisory concerns a production dependency', async () => {
    answer = { advisories: {} };
    expect(await audit()).toEqual({ passed: 1, failed: 0, notes: [] });
  });

  it('fails for an advisory against a production dependency, naming it', async () => {
    answer = { advisories: { got: [ADVISORY] } };
    expect(await audit()).toEqual({
      passed: 0,
      failed: 1,
      notes: ['GHSA-test-test-test (high) in got: A flaw found in every version https://github.com/advisories/GHSA-test-test-test'],
    });
  });

  it('passes for an advisory whose reason for not applying is written down, and prints the reason', async () => {
    answer = { advisories: { got: [ADVISORY] } };
    expect(await audit({ 'GHSA-test-test-test': 'only the server side of got is affected' })).toEqual({
      passed: 1,
      failed: 0,
      notes: ['GHSA-test-test-test in got does not apply: only the server side of got is affected'],
    });
  });

  it('is skipped, not failed, when the registry has no audit endpoint (a mirror answering 405)', async () => {
    answer = { status: 405 };
    const result = await audit();
    expect({ passed: result.passed, failed: result.failed }).toEqual({ passed: 0, failed: 0 });
    expect(result.notes).toEqual([expect.stringMatching(/^skipped, not failed: the registry's audit endpoint could not be used \(405 Method Not Allowed - POST /)]);
  });

  it('is skipped, not failed, when the registry cannot be reached', async () => {
    const result = await audit({}, await refusingUrl());
    expect({ passed: result.passed, failed: result.failed }).toEqual({ passed: 0, failed: 0 });
    expect(result.notes).toEqual([expect.stringMatching(/^skipped, not failed: .*ECONNREFUSED/)]);
  });
});
