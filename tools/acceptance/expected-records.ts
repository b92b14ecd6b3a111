/**
 * `npm run expected-records`: writes integration_tests/expected_records.jsonl from a read of every discovered stream
 * (full refresh, as basic_read reads them) of the built connector against the simulator, with the sample config. Run
 * it after a deliberate change of the streams or of the simulator's data, then review the diff and commit it.
 *
 * The file changes no more than the read does: a record already listed keeps its line's place (with the data read
 * now), a record no longer read loses its line, and new records follow, stream by stream in the catalog's order, each
 * stream's by primary key, whatever order concurrent reads emitted them in. `emitted_at` is fixed.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { catalogFromDiscovered, catalogJson } from './catalogs.js';
import { Connector } from './connector.js';
import { SIMULATOR_CONFIG_PATH, simulatorEnvironment } from './environment.js';
import { Project } from './project.js';
import { primaryKeyValues, recordsOf } from './records.js';

const EXPECTED_RECORDS_PATH = 'integration_tests/expected_records.jsonl';
/** 2026-01-01T00:00:00Z: CAT ignores `emitted_at` of expected records. */
const EMITTED_AT = 1_767_225_600_000;
const TIMEOUT_SECONDS = 300;

async function main(): Promise<void> {
  const project = new Project(process.cwd());
  const environment = await simulatorEnvironment();
  try {
    const connector = new Connector([process.execPath, join(project.basePath, 'dist/src/main.js')], { PATH: process.env['PATH'] ?? '', ...environment.connectorEnv }, project.basePath);
    const config = await project.json(SIMULATOR_CONFIG_PATH);
    const discovered = await connector.run('discover', { config }, TIMEOUT_SECONDS);
    const catalog = discovered.messages.find((line) => line.message.type === 'CATALOG')?.message;
    if (catalog?.type !== 'CATALOG') throw new Error(`discover gave no catalog (exit ${String(discovered.exitCode)}): ${discovered.stderr}`);
    const streams = catalogFromDiscovered(catalog.catalog.streams, []);
    const read = await connector.run('read', { config, catalog: catalogJson(streams) }, TIMEOUT_SECONDS);
    if (read.exitCode !== 0) throw new Error(`read exited ${String(read.exitCode)}: ${read.stderr}`);
    const keys = new Map(streams.map(({ stream }) => [stream.name, stream.source_defined_primary_key ?? []]));
    const order = streams.map(({ stream }) => stream.name);
    const records = recordsOf(read).map(({ stream, data }) => ({
      id: JSON.stringify([stream, primaryKeyValues(data, keys.get(stream) ?? [])]),
      stream,
      line: JSON.stringify({ stream, data, emitted_at: EMITTED_AT }),
    }));
    const previous = await readFile(project.resolve(EXPECTED_RECORDS_PATH), 'utf8').catch(() => '');
    const listed = new Map(
      previous
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line, index) => {
          const { stream, data } = JSON.parse(line) as { stream: string; data: Record<string, unknown> };
          return [JSON.stringify([stream, primaryKeyValues(data, keys.get(stream) ?? [])]), index] as const;
        }),
    );
    const place = (record: (typeof records)[number]) => listed.get(record.id) ?? Number.MAX_SAFE_INTEGER;
    records.sort((left, right) => place(left) - place(right) || order.indexOf(left.stream) - order.indexOf(right.stream) || left.id.localeCompare(right.id));
    const lines = records.map((record) => record.line);
    await writeFile(project.resolve(EXPECTED_RECORDS_PATH), `${lines.join('\n')}\n`);
    process.stdout.write(`${EXPECTED_RECORDS_PATH}: ${lines.length} records of ${streams.length} streams\n`);
  } finally {
    await environment.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
