/**
 * Real data is not ASCII: records of text in several scripts, emoji with skin tones and joiners, characters JSON must
 * escape and lone surrogates, as Twilio's JSON carries them (fixtures/world-text/twilio.ts), are written byte for byte
 * as version 0.2.0 wrote them (fixtures/world-text/expected.jsonl, its output of the same read, `emitted_at` set to 0).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runSource } from './helpers/connector.js';
import { ACCOUNT, LABELS, twilio } from './fixtures/world-text/twilio.js';

const EXPECTED = readFileSync(new URL('./fixtures/world-text/expected.jsonl', import.meta.url), 'utf8');
const CONFIG = { account_sid: ACCOUNT, credentials: { auth_type: 'auth_token', auth_token: 'a11cea11cea11cea11cea11cea11ce01' }, subaccounts: 'none' };
const CATALOG = {
  streams: ['conferences', 'conference_participants'].map((name) => ({
    stream: { name, json_schema: {}, supported_sync_modes: ['full_refresh'] },
    sync_mode: 'full_refresh',
    destination_sync_mode: 'overwrite',
  })),
};

let server: Awaited<ReturnType<typeof twilio>>;
beforeAll(async () => {
  server = await twilio();
});
afterAll(() => server.close());

describe('records of real-world text', () => {
  it('are written exactly as 0.2.0 wrote them, byte for byte but the time they were emitted', async () => {
    const { exitCode, stdout } = await runSource('read', { baseUrl: server.url, config: CONFIG, catalog: CATALOG });
    expect(exitCode).toBe(0);
    const records = stdout
      .split('\n')
      .filter((line) => line.startsWith('{"type":"RECORD"'))
      .map((line) => line.replace(/"emitted_at":\d+/, '"emitted_at":0'));
    expect(Buffer.from(`${records.join('\n')}\n`)).toEqual(Buffer.from(EXPECTED));
  });

  it('keep every label as Twilio sent it, a lone surrogate as its escape', async () => {
    const { stdout } = await runSource('read', { baseUrl: server.url, config: CONFIG, catalog: CATALOG });
    const labels = stdout
      .split('\n')
      .filter((line) => line.includes('"stream":"conference_participants"'))
      .map((line) => (JSON.parse(line) as { record: { data: { label: string } } }).record.data.label);
    expect(labels).toEqual(LABELS);
    expect(stdout).toContain('a lone high \\ud83d surrogate');
  });
});
