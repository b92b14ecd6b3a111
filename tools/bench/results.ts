/** One measured line of the benchmark's table. */
export interface Row {
  scenario: string;
  records: number;
  requests: number;
  minimumRequests: number;
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
  /** What the run is compared with: each reference and its figure, and the run's ratio to it. */
  comparisons: Comparison[];
}

export interface Comparison {
  reference: string;
  ratio: number;
}

export interface TargetCheck {
  target: string;
  figure: string;
  met: boolean;
}

export interface ScenarioResult {
  rows: Row[];
  targets: TargetCheck[];
  notes: string[];
}

export const recordsPerSecond = (row: Pick<Row, 'records' | 'wallMs'>): number => (row.records * 1000) / row.wallMs;

/** The run with the least of `measure`: the one least disturbed by whatever else the machine was doing. */
export function least<T>(runs: T[], measure: (run: T) => number): T {
  const [first, ...rest] = runs;
  if (first === undefined) throw new Error('No runs to choose from.');
  return rest.reduce((best, run) => (measure(run) < measure(best) ? run : best), first);
}

export function median<T extends { wallMs: number }>(runs: T[]): T {
  const sorted = [...runs].sort((left, right) => left.wallMs - right.wallMs);
  const middle = sorted[Math.floor(sorted.length / 2)];
  if (middle === undefined) throw new Error('No runs to choose from.');
  return middle;
}

/** The spread of wall times over repeated runs, as a note on how steady the machine was. */
export function spread(label: string, runs: { wallMs: number }[]): string {
  const times = runs.map((run) => Math.round(run.wallMs));
  return `${label}: wall times of ${runs.length} runs ${times.join(', ')} ms`;
}

/** An absolute rate, for information: it moves with the machine, so it is never a target (the ratios are). */
export function ratePerSecond(label: string, rate: number): string {
  return `${label}: ${Math.round(rate).toLocaleString('en-US')} records/s end to end on this machine (information only: absolute rates move with the machine; the ratios are the targets).`;
}
