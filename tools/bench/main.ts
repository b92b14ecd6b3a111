/**
 * `npm run bench`: the connector against the simulator, each in a process of its own, in five scenarios (fan-out,
 * throughput, scale, start-up, messages, incremental), or only those named on the command line. Prints a Markdown table and the targets,
 * writes bench-results/latest.json, and exits 1 if a target is not met. Timings are compared only with references
 * measured in the same run: the ideal, `node -e ''`, and a bare client downloading with got as the connector does. A
 * bare `node:http` client, the floor under any HTTP library, is shown beside it as information, never as a target.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { rowsTable, targetsTable } from './report.js';
import type { ScenarioResult } from './results.js';
import { fanOut, incremental, messages, scale, startUp, throughput } from './scenarios.js';

const RESULTS_DIRECTORY = fileURLToPath(new URL('../../../bench-results/', import.meta.url));

const scenarios: [string, () => Promise<ScenarioResult>][] = [
  ['fan-out', fanOut],
  ['throughput', throughput],
  ['scale', scale],
  ['start-up', startUp],
  ['messages', messages],
  ['incremental', incremental],
];

const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !scenarios.some(([known]) => known === name));
if (unknown.length > 0) throw new Error(`Unknown scenario ${unknown.join(', ')}; the scenarios are ${scenarios.map(([name]) => name).join(', ')}.`);

const started = Date.now();
const results: ScenarioResult[] = [];
for (const [name, scenario] of scenarios) {
  if (chosen.length > 0 && !chosen.includes(name)) continue;
  process.stderr.write(`bench: ${name}…\n`);
  results.push(await scenario());
}
const rows = results.flatMap((result) => result.rows);
const targets = results.flatMap((result) => result.targets);
const notes = results.flatMap((result) => result.notes);
const machine = `Node.js ${process.version}, ${availableParallelism()} cores`;

process.stdout.write(`${rowsTable(rows)}\n\n${targetsTable(targets)}\n\n${notes.map((note) => `- ${note}`).join('\n')}\n`);
process.stdout.write(`\n${machine}; the benchmark took ${Math.round((Date.now() - started) / 1000)} s.\n`);

await mkdir(RESULTS_DIRECTORY, { recursive: true });
const report = { date: new Date().toISOString(), machine, rows, targets, notes };
await writeFile(`${RESULTS_DIRECTORY}latest.json`, `${JSON.stringify(report, null, 2)}\n`);
process.exitCode = targets.every((check) => check.met) ? 0 : 1;
