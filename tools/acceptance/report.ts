/** What a check found wrong: why, and the message, record or place it is about. */
export interface Problem {
  why: string;
  at?: string | undefined;
}

export interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

const PROBLEMS_SHOWN = 5;
const QUOTE_LENGTH = 300;

/** A message, record or line as a failure block shows it: on one line, cut to a readable length. */
export function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length > QUOTE_LENGTH ? `${text.slice(0, QUOTE_LENGTH)}…` : text;
}

/**
 * Prints each check as it completes and counts them. A failure is one block saying which suite and test it belongs
 * to, what it is about and why it fails.
 */
export class Report {
  readonly tally: Tally = { passed: 0, failed: 0, skipped: 0 };
  private suite = '';
  private test = '';

  constructor(private readonly write: (text: string) => void) {}

  startSuite(name: string, detail?: string): void {
    this.suite = name;
    this.test = '';
    this.write(`\n${name}${detail === undefined ? '' : ` (${detail})`}\n`);
  }

  startTest(description: string): void {
    this.test = description;
    this.write(`  ${description}\n`);
  }

  /** Passes when there are no problems; returns whether it passed. */
  check(name: string, problems: readonly Problem[]): boolean {
    if (problems.length === 0) {
      this.tally.passed++;
      this.write(`    ✓ ${name}\n`);
      return true;
    }
    this.tally.failed++;
    const lines = [`    ✗ ${name}`, `        in:  ${this.test === '' ? this.suite : `${this.suite}, ${this.test}`}`];
    for (const problem of problems.slice(0, PROBLEMS_SHOWN)) {
      if (problem.at !== undefined) lines.push(`        at:  ${problem.at}`);
      lines.push(`        why: ${problem.why}`);
    }
    if (problems.length > PROBLEMS_SHOWN) lines.push(`        … and ${problems.length - PROBLEMS_SHOWN} more like these`);
    this.write(`${lines.join('\n')}\n`);
    return false;
  }

  skip(name: string, reason: string): void {
    this.tally.skipped++;
    this.write(`    - ${name} (skipped: ${reason})\n`);
  }

  note(text: string): void {
    this.write(`    · ${text}\n`);
  }

  summary(): string {
    const { passed, failed, skipped } = this.tally;
    return `acceptance: ${passed} passed, ${failed} failed, ${skipped} skipped`;
  }
}
