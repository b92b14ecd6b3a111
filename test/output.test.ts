import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { MessageWriter } from '../src/protocol/output.js';
import { SecretMasker, secretValuesOf } from '../src/protocol/secrets.js';

/** A consumer that takes one chunk and then waits until the test lets it go on. */
function slowConsumer() {
  const lines: string[] = [];
  let release: (() => void) | undefined;
  const out = new Writable({
    highWaterMark: 16,
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      release = () => callback();
    },
  });
  return { out, lines, release: () => release?.() };
}

describe('MessageWriter', () => {
  it('writes one JSON message per line and waits for the consumer to drain', async () => {
    const { out, lines, release } = slowConsumer();
    const writer = new MessageWriter(out, new SecretMasker());
    let done = false;
    const emitted = writer.emit({ type: 'LOG', log: { level: 'INFO', message: 'x'.repeat(100) } }).then(() => {
      done = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(false);
    release();
    await emitted;
    expect(done).toBe(true);
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([{ type: 'LOG', log: { level: 'INFO', message: 'x'.repeat(100) } }]);
  });

  it('batches records and delivers every one of them in order by the final flush', async () => {
    const lines: string[] = [];
    const out = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        callback();
      },
    });
    const writer = new MessageWriter(out, new SecretMasker());
    for (let index = 0; index < 5_000; index += 1) await writer.records('stream', [{ data: { index } }]);
    await writer.flush();
    const records = lines.map((line) => JSON.parse(line) as { record: { data: { index: number }; emitted_at: number } });
    expect(records.map((message) => message.record.data.index)).toEqual(Array.from({ length: 5_000 }, (_, index) => index));
    expect(Number.isInteger(records[0]?.record.emitted_at)).toBe(true);
  });

  it('delivers every record intact to a consumer that reads each chunk only later', async () => {
    const lines: string[] = [];
    const out = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, callback) {
        setImmediate(() => {
          lines.push(...chunk.toString().split('\n').filter(Boolean));
          callback();
        });
      },
    });
    const writer = new MessageWriter(out, new SecretMasker());
    // Pages of records at a time, as the reader writes them, so that chunks pile up while the consumer is behind.
    for (let page = 0; page < 20; page += 1) {
      const indices = Array.from({ length: 1_000 }, (_, offset) => page * 1_000 + offset);
      await writer.records('stream', indices.map((index) => ({ data: { index, text: `record ${index}` } })));
    }
    await writer.flush();
    expect(lines.map((line) => (JSON.parse(line) as { record: { data: { index: number } } }).record.data.index)).toEqual(
      Array.from({ length: 20_000 }, (_, index) => index),
    );
  });

  it('holds a page of records back until a slow consumer has taken what came before: constant memory', async () => {
    let mostQueued = 0;
    const out = new Writable({
      highWaterMark: 64 * 1024,
      write(_chunk: Buffer, _encoding, callback) {
        setTimeout(callback, 1);
      },
    });
    const writer = new MessageWriter(out, new SecretMasker());
    const text = ['Zoë Ørsted', '王芳', 'محمد', '👩‍💼 supervisor 👋🏽', 'plain'];
    for (let page = 0; page < 200; page += 1) {
      const records = Array.from({ length: 100 }, (_, index) => ({ data: { index, label: text[index % text.length], filler: 'x'.repeat(400) } }));
      await writer.records('stream', records);
      mostQueued = Math.max(mostQueued, out.writableLength);
    }
    await writer.flush();
    // 200 pages of about 45 KB each went out; what waited in memory was never more than a few batches.
    expect(mostQueued).toBeLessThan(4 * 64 * 1024);
  });

  it('writes any text as UTF-8, however long the line', async () => {
    const chunks: Buffer[] = [];
    const out = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
    });
    const writer = new MessageWriter(out, new SecretMasker());
    const names = ['Zoë', '会議', '🎧 standup', 'x'.repeat(200_000)];
    for (const name of names) await writer.records('conferences', [{ data: { friendly_name: name } }]);
    await writer.flush();
    const lines = Buffer.concat(chunks).toString('utf8').split('\n').filter(Boolean);
    expect(lines.map((line) => (JSON.parse(line) as { record: { data: { friendly_name: string } } }).record.data.friendly_name)).toEqual(names);
  });

  it('holds every caller up on one drain of the consumer, however many wait', async () => {
    const { out, lines, release } = slowConsumer();
    const writer = new MessageWriter(out, new SecretMasker());
    const messages = Array.from({ length: 20 }, (_, index) => writer.emit({ type: 'LOG', log: { level: 'INFO', message: `m${index}` } }));
    expect(out.listenerCount('drain')).toBe(1);
    let settled = false;
    void Promise.all(messages).then(() => {
      settled = true;
    });
    while (!settled) {
      release();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(lines).toHaveLength(20);
  });

  it('masks secrets, in every form it was given, in LOG and TRACE messages', async () => {
    const lines: string[] = [];
    const out = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(chunk.toString());
        callback();
      },
    });
    const masker = new SecretMasker();
    const spec = { properties: { credentials: { oneOf: [{ properties: { token: { type: 'string', airbyte_secret: true } } }] } } };
    masker.add(...secretValuesOf(spec, { credentials: { token: 's3cr3t' } }), 'czNjcjN0');
    const writer = new MessageWriter(out, masker);
    await writer.emit({ type: 'LOG', log: { level: 'ERROR', message: 'token s3cr3t, header Basic czNjcjN0' } });
    await writer.emit({ type: 'TRACE', trace: { type: 'ERROR', emitted_at: 1, error: { message: 'failed with s3cr3t', stack_trace: 'at s3cr3t' } } });
    expect(lines.join('')).not.toMatch(/s3cr3t|czNjcjN0/);
    expect(lines.join('')).toContain('token ****, header Basic ****');
  });

  it('masks the text before it is escaped into JSON: a secret with a quote is caught, a one-letter one breaks nothing', async () => {
    let written = '';
    const out = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        written += chunk.toString();
        callback();
      },
    });
    const masker = new SecretMasker();
    masker.add('p"ss\\word', 'e');
    const writer = new MessageWriter(out, masker);
    await writer.emit({ type: 'TRACE', trace: { type: 'ERROR', emitted_at: 1, error: { message: 'bad p"ss\\word', failure_type: 'config_error' } } });
    expect(written).not.toContain(JSON.stringify('p"ss\\word').slice(1, -1));
    expect(JSON.parse(written)).toEqual({ type: 'TRACE', trace: { type: 'ERROR', emitted_at: 1, error: { message: 'bad ****', failure_type: 'config_error' } } });
  });

  it('drops output quietly once the consumer has gone, and says so once', async () => {
    const out = new Writable({
      write(_chunk, _encoding, callback) {
        callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    const writer = new MessageWriter(out, new SecretMasker());
    const closes: Error[] = [];
    writer.onClose((error) => closes.push(error));
    await writer.emit({ type: 'LOG', log: { level: 'INFO', message: 'first' } });
    await new Promise((resolve) => setImmediate(resolve));
    await writer.emit({ type: 'LOG', log: { level: 'INFO', message: 'second' } });
    await writer.flush();
    expect(writer.closed).toBe(true);
    expect(closes.map((error) => error.message)).toEqual(['write EPIPE']);
  });
});
