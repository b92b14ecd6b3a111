/**
 * `npm run expected-records [-- STREAM ... | --missing]`: writes `integration_tests/expected_records.jsonl` from a `read`
 * of `integration_tests/configured_catalog.json` with `integration_tests/sample_config.json` against the simulator, as
 * the acceptance tests' basic_read then expects it. With stream names, only those streams' lines are written anew and
 * the other lines are kept as they are; with `--missing` (as `npm run generate` runs it), only the streams that have
 * none yet. Review the diff before committing it: it is what the connector is held to.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Connector } from './acceptance/connector.js';
import { simulatorEnvironment } from './acceptance/environment.js';

const fromRoot = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const EXPECTED = fromRoot('integration_tests/expected_records.jsonl');
/** A fixed `emitted_at` (2026-01-01T00:00:00Z): CAT ignores it, and a fixed one keeps the file's diffs to the data. */
const EMITTED_AT = 1_767_225_600_000;

const catalog = JSON.parse(await readFile(fromRoot('integration_tests/configured_catalog.json'), 'utf8')) as {
  streams: Array<{ stream: { name: string } }>;
};
const catalogStreams = catalog.streams.map(({ stream }) => stream.name);
const kept = (await readFile(EXPECTED, 'utf8')).split('\n').filter((line) => line.trim() !== '');
const missing = process.argv.includes('--missing');
const withLines = new Set(kept.map((line) => (JSON.parse(line) as { stream: string }).stream));
const chosen = missing ? catalogStreams.filter((name) => !withLines.has(name)) : process.argv.slice(2);
const unknown = chosen.filter((name) => !catalogStreams.includes(name));
if (unknown.length > 0) throw new Error(`Not in integration_tests/configured_catalog.json: ${unknown.join(', ')}.`);
if (missing && chosen.length === 0) process.exit(0);
const rewritten = new Set(chosen.length > 0 ? chosen : catalogStreams);

const environment = await simulatorEnvironment();
let run;
try {
  const env = { PATH: process.env['PATH'] ?? '', ...environment.connectorEnv };
  const connector = new Connector([process.execPath, fromRoot('dist/connector/main.js')], env, fromRoot('.'));
  const config = JSON.parse(await readFile(fromRoot('integration_tests/sample_config.json'), 'utf8')) as unknown;
  run = await connector.run('read', { config, catalog }, 600);
} finally {
  await environment.close();
}
if (run.exitCode !== 0 || run.invalidLines.length > 0) {
  throw new Error(`The read exited ${run.exitCode} with ${run.invalidLines.length} invalid lines; nothing was written.\n${run.stderr}`);
}

const lines = new Map<string, string[]>(catalogStreams.map((name) => [name, []]));
for (const line of kept) {
  const { stream } = JSON.parse(line) as { stream: string };
  if (!rewritten.has(stream)) lines.get(stream)?.push(line);
}
for (const { message } of run.messages) {
  if (message.type !== 'RECORD' || !rewritten.has(message.record.stream)) continue;
  const { stream, data } = message.record;
  lines.get(stream)?.push(JSON.stringify({ stream, data, emitted_at: EMITTED_AT }));
}
const all = [...lines.values()].flat();
await writeFile(EXPECTED, `${all.join('\n')}\n`);
process.stdout.write(`${EXPECTED}: ${[...lines].map(([name, records]) => `${records.length} ${name}`).join(', ')}\n`);
