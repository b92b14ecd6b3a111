import type { Writable } from 'node:stream';
import type { AirbyteMessageInput, RecordChange } from './messages.js';
import type { SecretMasker } from './secrets.js';

/** Records are handed to stdout in batches of about this many characters: one write per batch, not per record. */
const BATCH_CHARACTERS = 64 * 1024;
const FLUSH_DELAY_MS = 200;
const DONE: Promise<void> = Promise.resolve();
/** The fields of LOG and TRACE messages that carry free text, where a secret could show up. */
const FREE_TEXT_FIELDS = new Set(['message', 'internal_message', 'stack_trace']);

/**
 * Writes Airbyte messages to stdout, one JSON document per line and nothing else. Records are batched; every other
 * message is written at once with whatever is batched before it. A call resolves when the caller may go on, which is
 * after `drain` when the consumer is slower than the connector. LOG and TRACE text is masked for secrets.
 */
export class MessageWriter {
  private batch: string[] = [];
  private batchCharacters = 0;
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
    return this.add(masked ? JSON.stringify(message, this.maskFreeText) : JSON.stringify(message), true);
  }

  /**
   * Masks the text fields before they are escaped into JSON, so that a secret holding a quote is still found and a
   * secret as short as a letter cannot mangle the message's keys and values.
   */
  private readonly maskFreeText = (key: string, value: unknown): unknown =>
    typeof value === 'string' && FREE_TEXT_FIELDS.has(key) ? this.masker.mask(value) : value;

  record(stream: string, data: Record<string, unknown>, changes?: readonly RecordChange[]): Promise<void> {
    const meta = changes && changes.length > 0 ? { meta: { changes } } : {};
    return this.add(JSON.stringify({ type: 'RECORD', record: { stream, data, emitted_at: Date.now(), ...meta } }), false);
  }

  /** Hands everything batched to stdout and resolves once it has been written out. */
  async flush(): Promise<void> {
    await this.writeBatch();
    await this.lastWrite;
  }

  private add(line: string, urgent: boolean): Promise<void> {
    if (this.closed) return DONE;
    this.batch.push(line);
    this.batchCharacters += line.length + 1;
    if (urgent || this.batchCharacters >= BATCH_CHARACTERS) return this.writeBatch();
    this.flushTimer ??= setTimeout(() => void this.writeBatch(), FLUSH_DELAY_MS).unref();
    return DONE;
  }

  private writeBatch(): Promise<void> {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
    }
    if (this.batch.length === 0 || this.closed) return DONE;
    const text = `${this.batch.join('\n')}\n`;
    this.batch = [];
    this.batchCharacters = 0;
    let accepted = true;
    this.lastWrite = new Promise<void>((resolve) => {
      accepted = this.out.write(text, () => resolve());
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
    this.batch = [];
    this.batchCharacters = 0;
    for (const listener of this.closeListeners) listener(error);
  }
}
