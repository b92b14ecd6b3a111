import { recordsPerSecond, type Row, type TargetCheck } from './results.js';

const whole = (value: number): string => Math.round(value).toLocaleString('en');

/** The rows as a Markdown table, ready for the README. */
export function rowsTable(rows: Row[]): string {
  const header = ['scenario', 'records', 'requests (made / minimum)', 'wall', 'CPU', 'peak RSS', 'records/s', 'reference', 'ratio'];
  const lines = rows.map((row) => [
    row.scenario,
    whole(row.records),
    row.minimumRequests === 0 ? '–' : `${whole(row.requests)} / ${whole(row.minimumRequests)}`,
    `${whole(row.wallMs)} ms`,
    `${whole(row.cpuMs)} ms`,
    `${whole(row.peakRssMb)} MB`,
    row.records === 0 ? '–' : whole(recordsPerSecond(row)),
    row.comparisons.length === 0 ? '–' : row.comparisons.map((comparison) => comparison.reference).join('; '),
    row.comparisons.length === 0 ? '–' : row.comparisons.map((comparison) => `${comparison.ratio.toFixed(2)}×`).join('; '),
  ]);
  return markdown(header, lines);
}

export function targetsTable(targets: TargetCheck[]): string {
  return markdown(
    ['target', 'figure', 'met'],
    targets.map((check) => [check.target, check.figure, check.met ? 'yes' : '**NO**']),
  );
}

function markdown(header: string[], lines: string[][]): string {
  const rule = header.map(() => '---');
  return [header, rule, ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
