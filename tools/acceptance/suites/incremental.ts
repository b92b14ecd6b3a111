/**
 * The incremental suite: a read from the state of a first read gives different records, and a far-future state gives
 * none. While it is bypassed, the runner holds the bypass to the truth: no discovered stream may support incremental.
 */
import { z } from 'zod';
import { describeIssues } from '../../../src/protocol/inputs.js';
import { stateMessageSchema } from '../../../src/protocol/messages.js';
import { catalogJson, onlyMode, type ConfiguredStream } from '../catalogs.js';
import type { IncrementalTest } from '../config.js';
import { SECRET_CONFIG_PATH } from '../environment.js';
import { DEFAULT_TIMEOUT_SECONDS, type Harness } from '../harness.js';
import { recordsOf, type RecordLine } from '../records.js';
import type { Problem } from '../report.js';

export async function incrementalBypassSuite(harness: Harness, reason: string): Promise<void> {
  const { report } = harness;
  report.startTest(`bypassed: ${reason}`);
  const streams = await harness.discoveredStreams(SECRET_CONFIG_PATH, DEFAULT_TIMEOUT_SECONDS.discovery);
  if (streams === undefined) return;
  report.check(
    'the bypass holds: no discovered stream supports incremental',
    streams
      .filter((stream) => stream.supported_sync_modes.includes('incremental'))
      .map((stream) => ({ why: `${stream.name} supports incremental: configure the incremental suite instead of bypassing it` })),
  );
}

export async function incrementalSuite(harness: Harness, tests: readonly IncrementalTest[]): Promise<void> {
  const { report, project } = harness;
  for (const [index, test] of tests.entries()) {
    report.startTest(harness.describeReadTest(index, test));
    const timeout = test.timeout_seconds ?? DEFAULT_TIMEOUT_SECONDS.incremental;
    const configured = await harness.configuredStreams(test, timeout);
    if (configured === undefined) continue;
    const streams = onlyMode(configured, 'incremental').map((stream) => ({
      ...stream,
      cursor_field: stream.cursor_field ?? stream.stream.default_cursor_field,
    }));
    if (!report.check('the catalog has incremental streams, each with a cursor field', cursorProblems(streams))) continue;
    const config = await harness.loadConfig(test.config_path);
    const catalog = catalogJson(streams);

    const first = await harness.run('read', { config, catalog }, 'zero', timeout, 'first read');
    const firstRecords = recordsOf(first);
    const finalStates = new Map<string, unknown>();
    for (const { message } of first.messages) {
      if (message.type === 'STATE') finalStates.set(message.state.stream.stream_descriptor.name, message.state.stream.stream_state ?? {});
    }
    report.check('the first read gives records and at least one STATE', [
      ...(firstRecords.length > 0 ? [] : [{ why: 'the first read gave no records' }]),
      ...(finalStates.size > 0 ? [] : [{ why: 'the first read gave no STATE' }]),
    ]);
    report.check(
      "each stream's final state holds its cursor at its cursor_paths",
      Object.entries(test.cursor_paths).flatMap(([name, path]) => {
        const value = path.reduce<unknown>((at, key) => (typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[key] : undefined), finalStates.get(name));
        return typeof value === 'string' || typeof value === 'number'
          ? []
          : [{ why: `${name}'s final state has no cursor at ${path.join('.')}: ${JSON.stringify(finalStates.get(name))}` }];
      }),
    );
    const state = [...finalStates].map(([name, streamState]) => ({
      type: 'STREAM',
      stream: { stream_descriptor: { name }, stream_state: streamState },
    }));
    const second = await harness.run('read', { config, catalog, state }, 'zero', timeout, "from the first read's state");
    const dataOf = (records: readonly RecordLine[]) => JSON.stringify(records.map((record) => JSON.stringify(record.data)).sort());
    report.check(
      "a read from the first read's final state gives different records",
      dataOf(firstRecords) === dataOf(recordsOf(second))
        ? [{ why: 'the second read gave the same records as the first: the state was not used' }]
        : [],
    );

    const futureState = test.future_state;
    const futureName = 'a far-future state gives no records and at least one STATE';
    if (futureState?.future_state_path === undefined) {
      report.skip(futureName, futureState?.bypass_reason ?? 'future_state is not configured');
    } else {
      const states = await project.json(futureState.future_state_path);
      const missing = futureStateCoverageProblems(
        states,
        streams,
        futureState.missing_streams.map((stream) => stream.name),
        futureState.future_state_path,
      );
      const third = await harness.run('read', { config, catalog, state: states }, 'zero', timeout, 'far-future state');
      const thirdRecords = recordsOf(third);
      report.check(futureName, [
        ...missing,
        ...thirdRecords
          .slice(0, 1)
          .map((record) => ({ why: `${thirdRecords.length} records were read, starting with ${record.stream}: the state was not used` })),
        ...(third.messages.some(({ message }) => message.type === 'STATE') ? [] : [{ why: 'no STATE was emitted' }]),
      ]);
    }
    if (!test.skip_comprehensive_incremental_tests) {
      report.skip('reads from each checkpoint of the first read give the rest', 'this runner does not carry out that CAT test yet');
    }
  }
}

function cursorProblems(streams: readonly ConfiguredStream[]): Problem[] {
  if (streams.length === 0) return [{ why: 'no stream of the catalog supports incremental' }];
  return streams
    .filter((stream) => (stream.cursor_field ?? []).length === 0)
    .map(({ stream }) => ({ why: `${stream.name} has neither a configured cursor_field nor a default_cursor_field` }));
}

function futureStateCoverageProblems(
  states: unknown,
  streams: readonly ConfiguredStream[],
  missingStreams: readonly string[],
  path: string,
): Problem[] {
  const parsed = z.array(stateMessageSchema).safeParse(states);
  if (!parsed.success) {
    return [{ at: path, why: `the future state must be a JSON array of STREAM states: ${describeIssues(parsed.error)}` }];
  }
  const named = new Set(parsed.data.map((state) => state.stream.stream_descriptor.name));
  return streams
    .filter(({ stream }) => !named.has(stream.name) && !missingStreams.includes(stream.name))
    .map(({ stream }) => ({
      at: path,
      why: `${stream.name} has no state here: add one, or list it in missing_streams with a bypass_reason`,
    }));
}
