import type { Writable } from 'node:stream';
import type { AirbyteMessageInput, RecordChange } from './messages.js';
import type { SecretMasker } from './secrets.js';

const FLUSH_BYTES = 64 * 1024;
const FLUSH_DELAY_MS = 200;
const DONE: Promise<void> = Promise.resolve();
/** The fields of LOG and TRACE messages that carry free text, where a secret could show up. */
const FREE_TEXT_FIELDS = new Set(['message', 'internal_message', 'stack_trace']);

/**
 * Writes Airbyte messages to stdout, one JSON document per line and nothing else. Records are batched into large
 * writes; every other message flushes at once. `emit` resolves when the caller may go on, which is after `drain` when
 * the consumer is slower than the connector. LOG and TRACE text is masked for secrets.
 */
export class MessageWriter {
  private pending: string[] = [];
  private pendingBytes = 0;
  private flushTimer: NodeJS.Timeout | undefined;
  private closedReason: Error | undefined;
  private readonly closeListeners: ((error: Error) => void)[] = [];
  private readonly recordPrefixes = new Map<string, string>();
  private lastWrite: Promise<void> = DONE;

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
    return this.enqueue(masked ? JSON.stringify(message, this.maskFreeText) : JSON.stringify(message), true);
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
      prefix = `{"type":"RECORD","record":{"stream":${JSON.stringify(stream)},"data":`;
      this.recordPrefixes.set(stream, prefix);
    }
    const meta = changes && changes.length > 0 ? `,"meta":${JSON.stringify({ changes })}` : '';
    return this.enqueue(`${prefix}${JSON.stringify(data)},"emitted_at":${Date.now()}${meta}}}`, false);
  }

  /** Hands everything buffered to stdout and resolves once it has been written out. */
  async flush(): Promise<void> {
    await this.writeBuffered();
    await this.lastWrite;
  }

  private enqueue(line: string, urgent: boolean): Promise<void> {
    if (this.closed) return DONE;
    this.pending.push(line, '\n');
    this.pendingBytes += line.length + 1;
    if (urgent || this.pendingBytes >= FLUSH_BYTES) return this.writeBuffered();
    this.flushTimer ??= setTimeout(() => void this.writeBuffered(), FLUSH_DELAY_MS).unref();
    return DONE;
  }

  private writeBuffered(): Promise<void> {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
    }
    if (this.pending.length === 0 || this.closed) return DONE;
    const chunk = this.pending.join('');
    this.pending = [];
    this.pendingBytes = 0;
    let accepted = true;
    this.lastWrite = new Promise<void>((resolve) => {
      accepted = this.out.write(chunk, () => resolve());
    });
    if (accepted) return DONE;
    return new Promise<void>((resolve) => {
      const done = () => {
        for (const event of ['drain', 'close', 'error']) this.out.off(event, done);
        resolve();
      };
      for (const event of ['drain', 'close', 'error']) this.out.on(event, done);
    });
  }

  private close(error: Error): void {
    if (this.closed) return;
    this.closedReason = error;
    this.pending = [];
    for (const listener of this.closeListeners) listener(error);
  }
}
