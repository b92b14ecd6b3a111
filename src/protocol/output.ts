import type { Writable } from 'node:stream';
import type { SourceRecord } from './connector.js';
import type { AirbyteMessageInput } from './messages.js';
import type { SecretMasker } from './secrets.js';

/** Records are handed to stdout in batches of about this many bytes: one write per batch, not per record. */
const BATCH_BYTES = 64 * 1024;
/** UTF-8 takes at most 3 bytes per UTF-16 code unit (a surrogate pair, 2 units, takes 4). */
const MAX_BYTES_PER_UNIT = 3;
const NEWLINE = 0x0a;
const FLUSH_DELAY_MS = 200;
const DONE: Promise<void> = Promise.resolve();
/** The fields of LOG and TRACE messages that carry free text, where a secret could show up. */
const FREE_TEXT_FIELDS = new Set(['message', 'internal_message', 'stack_trace']);

/**
 * Writes Airbyte messages to stdout, one JSON document per line and nothing else. Records are batched; every other
 * message is written at once with whatever is batched before it. A call resolves when the caller may go on, which is
 * after `drain` when the consumer is slower than the connector. LOG and TRACE text is masked for secrets.
 *
 * Each line is encoded to UTF-8 as it comes, into the batch's bytes: what a line costs does not depend on the others.
 * Joined into one string, a batch becomes two-byte as soon as one of its lines holds a character beyond Latin-1
 * (a name in Chinese, an emoji), and both the join and the batch's encoding then cost many times as much.
 */
export class MessageWriter {
  private batch: Buffer = Buffer.allocUnsafe(BATCH_BYTES);
  private used = 0;
  /** A batch's bytes the stream has written out, to fill again. */
  private spare: Buffer | undefined;
  private readonly heads = new Map<string, Buffer>();
  private flushTimer: NodeJS.Timeout | undefined;
  private closedReason: Error | undefined;
  private readonly closeListeners: ((error: Error) => void)[] = [];
  private lastWrite: Promise<void> = DONE;
  private drained: Promise<void> | undefined;

  constructor(
    private readonly out: Writable,
    private readonly masker: SecretMasker,
  ) {
    out.on('error', (error: Error) => this.close(error));
  }

  get closed(): boolean {
    return this.closedReason !== undefined;
  }

  /** Called once if the consumer goes away (EPIPE): nothing more can be delivered. */
  onClose(listener: (error: Error) => void): void {
    this.closeListeners.push(listener);
  }

  emit(message: AirbyteMessageInput): Promise<void> {
    const masked = message.type === 'LOG' || message.type === 'TRACE';
    return this.add(masked ? JSON.stringify(message, this.maskFreeText) : JSON.stringify(message));
  }

  /**
   * Masks the text fields before they are escaped into JSON, so that a secret holding a quote is still found and a
   * secret as short as a letter cannot mangle the message's keys and values.
   */
  private readonly maskFreeText = (key: string, value: unknown): unknown =>
    typeof value === 'string' && FREE_TEXT_FIELDS.has(key) ? this.masker.mask(value) : value;

  /**
   * RECORD messages of one stream, as `JSON.stringify` would write `{type, record: {stream, data, emitted_at, meta}}`,
   * the envelope around each record's data written once for the page.
   */
  records(stream: string, page: readonly SourceRecord[]): Promise<void> {
    if (this.closed) return DONE;
    const head = this.headOf(stream);
    const emittedAt = `,"emitted_at":${Date.now()}`;
    const end = Buffer.from(`${emittedAt}}}\n`);
    const held: Promise<void>[] = [];
    for (const { data, changes } of page) {
      const json = JSON.stringify(data);
      const tail = changes === undefined || changes.length === 0 ? end : Buffer.from(`${emittedAt},"meta":${JSON.stringify({ changes })}}}\n`);
      const bound = head.length + json.length * MAX_BYTES_PER_UNIT + tail.length;
      // A line the bound says may not fit is measured: a long ASCII one need not start a batch or get bytes of its own.
      const written = this.reserve(bound <= this.batch.length - this.used ? bound : head.length + Buffer.byteLength(json) + tail.length);
      if (written !== DONE) held.push(written);
      this.used += head.copy(this.batch, this.used);
      this.used += this.batch.write(json, this.used);
      this.used += tail.copy(this.batch, this.used);
      if (this.used >= BATCH_BYTES) held.push(this.writeBatch());
    }
    this.flushTimer ??= setTimeout(() => void this.writeBatch(), FLUSH_DELAY_MS).unref();
    return held.length === 0 ? DONE : Promise.all(held).then(() => undefined);
  }

  /** `{"type":"RECORD","record":{"stream":"…","data":`, as bytes, once per stream. */
  private headOf(stream: string): Buffer {
    let head = this.heads.get(stream);
    if (head === undefined) {
      head = Buffer.from(`{"type":"RECORD","record":{"stream":${JSON.stringify(stream)},"data":`);
      this.heads.set(stream, head);
    }
    return head;
  }

  /** Hands everything batched to stdout and resolves once it has been written out. */
  async flush(): Promise<void> {
    await this.writeBatch();
    await this.lastWrite;
  }

  /** A message other than a record: written at once, with whatever is batched before it. */
  private add(line: string): Promise<void> {
    if (this.closed) return DONE;
    const written = this.reserve(line.length * MAX_BYTES_PER_UNIT + 1);
    this.used += this.batch.write(line, this.used);
    this.batch[this.used++] = NEWLINE;
    return Promise.all([written, this.writeBatch()]).then(() => undefined);
  }

  /**
   * Makes room for `most` bytes in the batch: the batch goes out first when they may not fit, and a line longer than a
   * batch (a record with a very long text) gets bytes of its own. What the batch's write returned, when it went out.
   */
  private reserve(most: number): Promise<void> {
    if (most <= this.batch.length - this.used) return DONE;
    const written = this.writeBatch();
    if (most > this.batch.length) this.batch = Buffer.allocUnsafe(most);
    return written;
  }

  private writeBatch(): Promise<void> {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
    }
    if (this.used === 0 || this.closed) return DONE;
    const batch = this.batch;
    const bytes = batch.subarray(0, this.used);
    // The stream holds the bytes until they are out; then they serve the next batch but one.
    this.batch = this.spare ?? Buffer.allocUnsafe(BATCH_BYTES);
    this.spare = undefined;
    this.used = 0;
    let accepted = true;
    this.lastWrite = new Promise<void>((resolve) => {
      accepted = this.out.write(bytes, () => {
        if (batch.length === BATCH_BYTES) this.spare = batch;
        resolve();
      });
    });
    return accepted ? DONE : this.drain();
  }

  /** One wait for `drain` shared by every caller, however many are held up. */
  private drain(): Promise<void> {
    this.drained ??= new Promise<void>((resolve) => {
      const done = () => {
        for (const event of ['drain', 'close', 'error']) this.out.off(event, done);
        this.drained = undefined;
        resolve();
      };
      for (const event of ['drain', 'close', 'error']) this.out.on(event, done);
    });
    return this.drained;
  }

  private close(error: Error): void {
    if (this.closed) return;
    this.closedReason = error;
    this.used = 0;
    for (const listener of this.closeListeners) listener(error);
  }
}
