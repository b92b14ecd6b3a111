/** The full_refresh suite: two reads in a row; the second is newer and holds everything the first read. */
import { setTimeout as sleep } from 'node:timers/promises';
import { catalogJson, onlyMode, primaryKeyOf, type ConfiguredStream } from '../catalogs.js';
import type { FullRefreshTest, NamedBypass } from '../config.js';
import { lineOf, type ConnectorRun } from '../connector.js';
import { DEFAULT_TIMEOUT_SECONDS, type Harness } from '../harness.js';
import { primaryKeyValues, recordsOf, type RecordLine } from '../records.js';
import { quote, type Problem } from '../report.js';

/** CAT waits this long between the reads so that emitted_at can tell them apart. */
const PAUSE_BETWEEN_READS_MS = 100;

export async function fullRefreshSuite(harness: Harness, tests: readonly FullRefreshTest[]): Promise<void> {
  const { report, environment } = harness;
  for (const [index, test] of tests.entries()) {
    report.startTest(harness.describeReadTest(index, test));
    const timeout = test.timeout_seconds ?? DEFAULT_TIMEOUT_SECONDS.full_refresh;
    const configured = await harness.configuredStreams(test, timeout);
    if (configured === undefined) continue;
    const streams = onlyMode(configured, 'full_refresh');
    const config = await harness.loadConfig(test.config_path);
    const first = await harness.run('read', { config, catalog: catalogJson(streams) }, 'zero', timeout, 'first read');
    await sleep(PAUSE_BETWEEN_READS_MS);
    const second = await harness.run('read', { config, catalog: catalogJson(streams) }, 'zero', timeout, 'second read');
    const reads: [Read, Read] = [
      { name: 'first', run: first, records: recordsOf(first) },
      { name: 'second', run: second, records: recordsOf(second) },
    ];
    const identity = recordIdentity(streams, test.ignored_fields ?? {});

    report.check('the first read gives records', reads[0].records.length > 0 ? [] : [{ why: 'the first read gave no records' }]);
    report.check('every emitted_at of the second read is later than all of the first', emittedAtProblems(...reads));
    report.check("the first read's records are all in the second (by primary key)", missingProblems(...reads, identity));
    const same = 'both reads give the same records (the simulator’s data does not change between them)';
    if (environment.withoutSimulatorData !== undefined) report.skip(same, environment.withoutSimulatorData);
    else report.check(same, [...missingProblems(...reads, identity), ...missingProblems(reads[1], reads[0], identity)]);
  }
}

/** What makes a record the same record: its stream and primary key, or its data minus the ignored fields. */
function recordIdentity(streams: readonly ConfiguredStream[], ignored: Record<string, NamedBypass[]>): (record: RecordLine) => string {
  return (record) => {
    const configured = streams.find(({ stream }) => stream.name === record.stream);
    const key = configured === undefined ? [] : primaryKeyOf(configured);
    if (key.length > 0) return JSON.stringify([record.stream, primaryKeyValues(record.data, key)]);
    const ignoredNames = (ignored[record.stream] ?? []).map((field) => field.name);
    return JSON.stringify([record.stream, Object.entries(record.data).filter(([name]) => !ignoredNames.includes(name))]);
  };
}

function emittedAtProblems(first: Read, second: Read): Problem[] {
  if (first.records.length === 0 || second.records.length === 0) return [];
  const latestFirst = first.records.reduce((latest, record) => Math.max(latest, record.emittedAt), -Infinity);
  const earliestSecond = second.records.reduce((earliest, record) => (record.emittedAt < earliest.emittedAt ? record : earliest));
  if (latestFirst < earliestSecond.emittedAt) return [];
  return [
    {
      at: `the second read's ${lineOf(second.run, earliestSecond.line)}: ${quote(earliestSecond.line.text)}`,
      why: `emitted_at ${earliestSecond.emittedAt} is not later than the first read's latest, ${latestFirst}: emitted_at must be when the record was emitted`,
    },
  ];
}

interface Read {
  name: 'first' | 'second';
  run: ConnectorRun;
  records: RecordLine[];
}

/** Records of one read that the other read lacks. */
function missingProblems(from: Read, other: Read, identity: (record: RecordLine) => string): Problem[] {
  const present = new Set(other.records.map(identity));
  return from.records
    .filter((record) => !present.has(identity(record)))
    .map((record) => ({
      at: `the ${from.name} read's ${lineOf(from.run, record.line)}: ${quote(record.line.text)}`,
      why: `the ${other.name} read has no such record`,
    }));
}
