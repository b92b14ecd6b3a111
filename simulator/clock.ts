/**
 * The simulator's time: real time by default, or a fixed instant that only moves when a test advances it. Every
 * answer carries it in its `Date` header, as Twilio's servers do, and what depends on time (Voice Insights' 30-day
 * horizon, when a summary becomes final) reads it here.
 */
export class SimulatorClock {
  private offsetMs = 0;

  constructor(private readonly fixedAt?: string) {
    if (fixedAt !== undefined && Number.isNaN(Date.parse(fixedAt))) throw new RangeError(`clock: ${fixedAt} is not a date-time`);
  }

  now(): Date {
    return new Date((this.fixedAt === undefined ? Date.now() : Date.parse(this.fixedAt)) + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
