/** Checks of a read's stream statuses and states, and of the records it should contain. */
import { recordMessageSchema } from '../../src/protocol/messages.js';
import { describeIssues } from '../../src/protocol/inputs.js';
import type { ConfiguredStream } from './catalogs.js';
import { lineOf, type ConnectorRun } from './connector.js';
import { jsonDifferences } from './json-diff.js';
import { primaryKeyValues, type RecordLine } from './records.js';
import { quote, type Problem } from './report.js';

/** Per configured stream: STARTED, then one or more RUNNING, then COMPLETE; no statuses for other streams. */
export function streamStatusProblems(run: ConnectorRun, streams: readonly ConfiguredStream[]): Problem[] {
  const statuses = new Map<string, string[]>();
  for (const { message } of run.messages) {
    if (message.type !== 'TRACE' || message.trace.type !== 'STREAM_STATUS') continue;
    const { stream_descriptor: descriptor, status } = message.trace.stream_status;
    statuses.set(descriptor.name, [...(statuses.get(descriptor.name) ?? []), status]);
  }
  const configured = streams.map(({ stream }) => stream.name);
  const problems: Problem[] = [...statuses.keys()]
    .filter((name) => !configured.includes(name))
    .map((name) => ({ why: `statuses for ${name}, which is not in the catalog` }));
  for (const name of configured) {
    const list = statuses.get(name) ?? [];
    const middle = list.slice(1, -1);
    const valid =
      list[0] === 'STARTED' && list.at(-1) === 'COMPLETE' && middle.length > 0 && middle.every((status) => status === 'RUNNING');
    if (!valid) {
      problems.push({
        why: `${name}: ${list.length === 0 ? 'no statuses' : list.join(' → ')}; expected STARTED → RUNNING (one or more) → COMPLETE`,
      });
    }
  }
  return problems;
}

/**
 * Per configured stream: at least one STREAM state, every state with `sourceStats`, whose `recordCount` is the number
 * of the stream's records since its previous state, and no record after the stream's last state.
 */
export function stateProblems(run: ConnectorRun, streams: readonly ConfiguredStream[]): Problem[] {
  const problems: Problem[] = [];
  const pending = new Map<string, number>(streams.map(({ stream }) => [stream.name, 0]));
  const checkpointed = new Set<string>();
  for (const line of run.messages) {
    const { message } = line;
    if (message.type === 'RECORD') pending.set(message.record.stream, (pending.get(message.record.stream) ?? 0) + 1);
    if (message.type !== 'STATE') continue;
    const name = message.state.stream.stream_descriptor.name;
    checkpointed.add(name);
    const count = pending.get(name) ?? 0;
    pending.set(name, 0);
    const at = `${lineOf(run, line)}: ${quote(line.text)}`;
    const stats = message.state.sourceStats;
    if (stats === undefined) problems.push({ at, why: 'the STATE has no sourceStats' });
    else if (stats.recordCount !== count) {
      problems.push({
        at,
        why: `sourceStats.recordCount is ${stats.recordCount}, but ${count} ${name} records came since its previous STATE`,
      });
    }
  }
  for (const { stream } of streams) {
    if (!checkpointed.has(stream.name))
      problems.push({ why: `${stream.name} has no STATE message; every stream must checkpoint at least once` });
    else if ((pending.get(stream.name) ?? 0) > 0) {
      problems.push({ why: `${pending.get(stream.name)} ${stream.name} records came after its last STATE, which must cover them` });
    }
  }
  return problems;
}

export interface ExpectedRecord {
  /** Where the record is written, e.g. `integration_tests/expected_records.jsonl line 3`. */
  at: string;
  stream: string;
  data: Record<string, unknown>;
}

/** expected_records.jsonl: one RECORD payload (`{"stream", "data", "emitted_at"}`) per line, as CAT reads it. */
export function parseExpectedRecords(text: string, path: string): { records: ExpectedRecord[]; problems: Problem[] } {
  const records: ExpectedRecord[] = [];
  const problems: Problem[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const at = `${path} line ${index + 1}`;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      problems.push({ at, why: 'not JSON' });
      return;
    }
    const result = recordMessageSchema.safeParse(parsed);
    if (result.success) records.push({ at, stream: result.data.stream, data: result.data.data });
    else problems.push({ at, why: `not a record message: ${describeIssues(result.error)}` });
  });
  return { records, problems };
}

/**
 * Every configured stream not declared empty has expected records, and every expected record was read: found by
 * primary key (in order with `exact_order`) with the same value in each field it lists, or equal as a whole for a
 * stream without a key.
 */
export function expectedRecordProblems(
  expected: readonly ExpectedRecord[],
  actual: readonly RecordLine[],
  streams: readonly ConfiguredStream[],
  exactOrder: boolean,
): Problem[] {
  const problems: Problem[] = [];
  for (const { stream } of streams) {
    if (!expected.some((record) => record.stream === stream.name)) {
      problems.push({ why: `${stream.name} has no expected records: add them (npm run expected-records -- ${stream.name}), or declare it in empty_streams with a bypass_reason` });
    }
  }
  for (const name of new Set(expected.map((record) => record.stream))) {
    const configured = streams.find(({ stream }) => stream.name === name);
    const wanted = expected.filter((record) => record.stream === name);
    const read = actual.filter((record) => record.stream === name);
    if (configured === undefined) {
      problems.push({ at: wanted[0]?.at, why: `expected records of ${name}, which is not in the catalog` });
      continue;
    }
    const key = configured.stream.source_defined_primary_key ?? [];
    const keyOf = (data: Record<string, unknown>) => JSON.stringify(key.length > 0 ? primaryKeyValues(data, key) : data);
    const readByKey = new Map(read.map((record) => [keyOf(record.data), record]));
    wanted.forEach((record, index) => {
      const found = readByKey.get(keyOf(record.data));
      const what =
        key.length > 0
          ? `the ${name} record with ${JSON.stringify(key)} = ${keyOf(record.data)}`
          : `the ${name} record ${quote(record.data)}`;
      if (found === undefined) {
        problems.push({ at: record.at, why: `${what} was not read` });
      } else if (exactOrder && read[index] !== found) {
        problems.push({
          at: record.at,
          why: `${what} was read at position ${read.indexOf(found) + 1}, expected ${index + 1} (exact_order)`,
        });
      } else {
        const subset = Object.fromEntries(Object.keys(record.data).map((field) => [field, found.data[field]]));
        for (const difference of jsonDifferences(record.data, subset, ''))
          problems.push({ at: record.at, why: `${what} differs: ${difference}` });
      }
    });
  }
  return problems;
}
