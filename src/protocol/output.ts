import type { Writable } from 'node:stream';
import type { AirbyteMessageInput, RecordChange } from './messages.js';
import type { SecretMasker } from './secrets.js';

/** Records are written in chunks of this size, each once it cannot take the next message. */
const CHUNK_BYTES = 64 * 1024;
/** Written chunks kept for reuse, at most: a long wait for a slow consumer must not leave a large pool behind. */
const MAX_SPARE_CHUNKS = 32;
const FLUSH_DELAY_MS = 200;
/** UTF-8 takes at most three bytes for a UTF-16 code unit. */
const MAX_UTF8_BYTES_PER_UNIT = 3;
const DONE: Promise<void> = Promise.resolve();
const NO_PREFIX = Buffer.alloc(0);
/** The fields of LOG and TRACE messages that carry free text, where a secret could show up. */
const FREE_TEXT_FIELDS = new Set(['message', 'internal_message', 'stack_trace']);

/**
 * Writes Airbyte messages to stdout, one JSON document per line and nothing else. Records are encoded straight into
 * a buffer that is written in large chunks; every other message flushes at once. `emit` resolves when the caller may
 * go on, which is after `drain` when the consumer is slower than the connector. LOG and TRACE text is masked for
 * secrets.
 */
export class MessageWriter {
  private chunk: Buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  /** Chunks the stream has finished with, used again so that output makes no garbage for the collector to age. */
  private readonly spareChunks: Buffer[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private closedReason: Error | undefined;
  private readonly closeListeners: ((error: Error) => void)[] = [];
  private readonly recordPrefixes = new Map<string, Buffer>();
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
    const line = masked ? JSON.stringify(message, this.maskFreeText) : JSON.stringify(message);
    return this.enqueue(NO_PREFIX, line, '\n', true);
  }

  /**
   * Masks the text fields before they are escaped into JSON, so that a secret holding a quote is still found and a
   * secret as short as a letter cannot mangle the message's keys and values.
   */
  private readonly maskFreeText = (key: string, value: unknown): unknown =>
    typeof value === 'string' && FREE_TEXT_FIELDS.has(key) ? this.masker.mask(value) : value;

  record(stream: string, data: Record<string, unknown>, changes?: RecordChange[]): Promise<void> {
    let prefix = this.recordPrefixes.get(stream);
    if (prefix === undefined) {
      prefix = Buffer.from(`{"type":"RECORD","record":{"stream":${JSON.stringify(stream)},"data":`);
      this.recordPrefixes.set(stream, prefix);
    }
    const meta = changes && changes.length > 0 ? `,"meta":${JSON.stringify({ changes })}` : '';
    return this.enqueue(prefix, JSON.stringify(data), `,"emitted_at":${Date.now()}${meta}}}\n`, false);
  }

  /** Hands everything buffered to stdout and resolves once it has been written out. */
  async flush(): Promise<void> {
    await this.writeBuffered();
    await this.lastWrite;
  }

  /** Encodes the message in parts, so that no string of the whole line is ever built. */
  private enqueue(prefix: Buffer, body: string, suffix: string, urgent: boolean): Promise<void> {
    if (this.closed) return DONE;
    const mostBytes = prefix.length + MAX_UTF8_BYTES_PER_UNIT * (body.length + suffix.length);
    let written = DONE;
    if (this.used + mostBytes > this.chunk.length) {
      written = this.writeBuffered();
      if (mostBytes > this.chunk.length) this.chunk = Buffer.allocUnsafe(mostBytes);
    }
    this.used += prefix.copy(this.chunk, this.used);
    this.used += this.chunk.write(body, this.used);
    this.used += this.chunk.write(suffix, this.used);
    if (urgent) return this.writeBuffered();
    this.flushTimer ??= setTimeout(() => void this.writeBuffered(), FLUSH_DELAY_MS).unref();
    return written;
  }

  private writeBuffered(): Promise<void> {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
    }
    if (this.used === 0 || this.closed) return DONE;
    const full = this.chunk;
    const chunk = full.subarray(0, this.used);
    this.chunk = this.spareChunks.pop() ?? Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
    let accepted = true;
    this.lastWrite = new Promise<void>((resolve) => {
      accepted = this.out.write(chunk, () => {
        if (full.length === CHUNK_BYTES && this.spareChunks.length < MAX_SPARE_CHUNKS) this.spareChunks.push(full);
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
