/** A slot held for one request; report how it went through the limiter, then release it. */
export interface Permit {
  readonly generation: number;
  release(): void;
}

/**
 * Bounds the requests in flight and adapts the bound to Twilio's per-account concurrency limit (AIMD): a 429 halves
 * it, once per generation so that a burst of 429s from requests sent together counts once; a run of successes as
 * long as the current bound raises it by one, up to the configured maximum.
 */
export class AdaptiveConcurrency {
  private currentLimit: number;
  private active = 0;
  private generation = 0;
  private successes = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly max: number) {
    this.currentLimit = max;
  }

  get limit(): number {
    return this.currentLimit;
  }

  async acquire(signal: AbortSignal): Promise<Permit> {
    while (this.active >= this.currentLimit) {
      signal.throwIfAborted();
      await new Promise<void>((resolve) => {
        const wake = () => {
          signal.removeEventListener('abort', wake);
          resolve();
        };
        this.waiting.push(wake);
        signal.addEventListener('abort', wake, { once: true });
      });
    }
    signal.throwIfAborted();
    this.active += 1;
    let released = false;
    return {
      generation: this.generation,
      release: () => {
        if (released) return;
        released = true;
        this.active -= 1;
        this.wake();
      },
    };
  }

  throttled(permit: Permit): void {
    if (permit.generation !== this.generation) return;
    this.generation += 1;
    this.successes = 0;
    this.currentLimit = Math.max(1, Math.floor(this.currentLimit / 2));
  }

  succeeded(): void {
    if (this.currentLimit >= this.max) return;
    this.successes += 1;
    if (this.successes >= this.currentLimit) {
      this.successes = 0;
      this.currentLimit += 1;
      this.wake();
    }
  }

  private wake(): void {
    let free = this.currentLimit - this.active;
    while (free > 0 && this.waiting.length > 0) {
      this.waiting.shift()?.();
      free -= 1;
    }
  }
}
