/**
 * The basic_read suite: a read of every discovered stream gives valid records, the expected ones among them, stream
 * statuses and states; a catalog naming a stream that does not exist ends in a TRACE ERROR.
 */
import { catalogFromDiscovered, catalogJson, type CatalogFileStream, type ConfiguredStream } from '../catalogs.js';
import type { BasicReadTest } from '../config.js';
import { DEFAULT_TIMEOUT_SECONDS, type Harness } from '../harness.js';
import { expectedRecordProblems, parseExpectedRecords, stateProblems, streamStatusProblems } from '../read-checks.js';
import { columnProblems, primaryKeyProblems, recordsOf, schemaProblems, type RecordLine } from '../records.js';
import type { Problem } from '../report.js';

/** CAT's probe: a stream that does not exist, in sync modes that do not exist. */
const INVALID_CATALOG: CatalogFileStream[] = [
  {
    stream: {
      name: '__AIRBYTE__stream_that_does_not_exist',
      json_schema: { type: 'object', properties: { f1: { type: 'string' } } },
      supported_sync_modes: ['full_refresh'],
    },
    sync_mode: 'INVALID',
    destination_sync_mode: 'INVALID',
  },
];

export async function basicReadSuite(harness: Harness, tests: readonly BasicReadTest[]): Promise<void> {
  const { report, project, environment } = harness;
  for (const [index, test] of tests.entries()) {
    report.startTest(`test ${index + 1}: ${harness.describeConfig(test.config_path)}`);
    const timeout = test.timeout_seconds ?? DEFAULT_TIMEOUT_SECONDS.basic_read;
    const discovered = await harness.discoveredStreams(test.config_path, timeout);
    if (discovered === undefined) continue;
    const emptyStreams = test.empty_streams.map((stream) => stream.name);
    const streams = catalogFromDiscovered(discovered, emptyStreams);
    const config = await harness.loadConfig(test.config_path);
    const run = await harness.run('read', { config, catalog: catalogJson(streams) }, 'zero', timeout);
    const records = recordsOf(run);
    const configuredStreams = streams.map(({ stream }) => stream);

    report.check(
      'records for every stream that is not declared empty, and only for streams of the catalog',
      coverageProblems(records, streams),
    );
    if (test.validate_schema) {
      report.check(
        'records match their stream schema: draft-07, strict integers, ISO 8601 date-times',
        schemaProblems(run, records, configuredStreams),
      );
    } else {
      report.skip('records match their stream schema', 'validate_schema is false');
    }
    if (test.fail_on_extra_columns) {
      report.check(
        'records carry only fields their schema declares, and at least one of them',
        columnProblems(run, records, configuredStreams),
      );
    } else {
      report.skip('records carry only fields their schema declares', 'fail_on_extra_columns is false');
    }
    if (test.validate_primary_keys_data_type) {
      report.check(
        'primary key values are not objects or lists, and not null in every part',
        primaryKeyProblems(run, records, configuredStreams),
      );
    } else {
      report.skip('primary key values are not objects or lists', 'validate_primary_keys_data_type is false');
    }
    const expectRecords = test.expect_records;
    const expectedName = `the expected records were read (${expectRecords?.path ?? 'no file'})`;
    if (expectRecords?.path === undefined) {
      report.skip(expectedName, expectRecords?.bypass_reason ?? 'expect_records is not configured');
    } else if (environment.withoutSimulatorData !== undefined) {
      report.skip(expectedName, environment.withoutSimulatorData);
    } else {
      const expected = parseExpectedRecords(await project.text(expectRecords.path), expectRecords.path);
      report.check(expectedName, [
        ...expected.problems,
        ...expectedRecordProblems(expected.records, records, streams, expectRecords.exact_order),
      ]);
    }
    if (test.validate_stream_statuses === false) report.skip('stream statuses', 'validate_stream_statuses is false');
    else report.check('stream statuses are STARTED, RUNNING (one or more), COMPLETE for every stream', streamStatusProblems(run, streams));
    if (test.validate_state_messages) {
      report.check('every stream checkpoints with STREAM states whose sourceStats.recordCount is exact', stateProblems(run, streams));
    } else {
      report.skip('states', 'validate_state_messages is false');
    }

    if (test.expect_trace_message_on_failure) {
      const probe = await harness.run(
        'read',
        { config, catalog: catalogJson(INVALID_CATALOG) },
        'non-zero',
        timeout,
        'a stream that does not exist',
      );
      const errors = probe.messages.filter(({ message }) => message.type === 'TRACE' && message.trace.type === 'ERROR');
      report.check(
        'a catalog naming a stream that does not exist ends in a TRACE ERROR',
        errors.length > 0 ? [] : [{ why: 'no TRACE ERROR: the platform would not know why the sync failed' }],
      );
    } else {
      report.skip('a catalog naming a stream that does not exist ends in a TRACE ERROR', 'expect_trace_message_on_failure is false');
    }
  }
}

function coverageProblems(records: readonly RecordLine[], streams: readonly ConfiguredStream[]): Problem[] {
  const names = streams.map(({ stream }) => stream.name);
  if (records.length === 0) return [{ why: 'the read gave no records at all' }];
  const problems: Problem[] = names
    .filter((name) => !records.some((record) => record.stream === name))
    .map((name) => ({ why: `${name} gave no records: seed it, or declare it in empty_streams with a bypass_reason` }));
  for (const name of new Set(records.map((record) => record.stream))) {
    if (!names.includes(name)) problems.push({ why: `records of ${name}, which is not in the catalog` });
  }
  return problems;
}
