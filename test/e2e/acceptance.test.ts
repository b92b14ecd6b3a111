/**
 * The acceptance runner fails a connector that breaks a rule, and points at the rule: each test runs the real
 * connector with one defect (test/fixtures/acceptance/defective-connector.mjs) through the suites that should catch it,
 * and expects exactly the checks of that rule to fail.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runAcceptance, type SuiteSelection } from '../../tools/acceptance/run.js';

const CONFIG_FILE = fileURLToPath(new URL('../../acceptance-test-config.yml', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/acceptance/${name}`, import.meta.url));

interface Outcome {
  output: string;
  failed: string[];
  passed: number;
}

async function acceptance(connector: string[], suites: SuiteSelection[], configFile = CONFIG_FILE): Promise<Outcome> {
  let output = '';
  const tally = await runAcceptance({
    configFile,
    live: false,
    updateSnapshots: false,
    connector,
    suites,
    write: (text) => (output += text),
  });
  const failed = [...output.matchAll(/^ {4}✗ (.*)$/gm)].map((match) => match[1] ?? '');
  expect(failed).toHaveLength(tally.failed);
  return { output, failed, passed: tally.passed };
}

const withDefect = (defect: string, suites: SuiteSelection[]) =>
  acceptance([process.execPath, fixture('defective-connector.mjs'), defect], suites);

describe('the acceptance runner fails a connector that', () => {
  it('prints a line that is not JSON', async () => {
    const { failed, output } = await withDefect('banner-line', ['spec']);
    expect(failed).toEqual(['`spec` prints only Airbyte messages, never a secret, and exits 0']);
    expect(output).toContain('at:  stdout line 1 of `spec`: Starting source-twilio…');
    expect(output).toContain('why: the line is not JSON: stdout must carry Airbyte messages only, one per line');
  });

  it('prints JSON that is not a valid Airbyte message', async () => {
    const { failed, output } = await withDefect('log-without-level', ['spec']);
    expect(failed).toEqual(['`spec` prints only Airbyte messages, never a secret, and exits 0']);
    expect(output).toMatch(
      /at: {2}stdout line 2 of `spec`: \{"type":"LOG","log":\{"message":"no level"\}\}\n {8}why: the line is not a valid Airbyte message: log\.level/,
    );
  });

  it('uses anyOf in its spec', async () => {
    const { failed, output } = await withDefect('anyof-in-spec', ['spec']);
    expect(failed).toEqual([
      'exactly one SPEC, equal to spec.json',
      'none of not, anyOf, patternProperties, prefixItems, allOf, if, then, else, dependentSchemas, dependentRequired',
    ]);
    expect(output).toContain('at:  connectionSpecification/properties/region/anyOf');
  });

  it('does not mark a secret airbyte_secret', async () => {
    const { failed, output } = await withDefect('unmarked-secret', ['spec']);
    expect(failed).toEqual([
      'exactly one SPEC, equal to spec.json',
      'secret-named properties and Twilio credentials are airbyte_secret, and only properties that can hold one',
    ]);
    expect(output).toContain('at:  connectionSpecification/properties/credentials/oneOf/0/properties/api_key_secret');
    expect(output).toContain('why: "api_key_secret" names a secret: mark it "airbyte_secret": true');
  });

  it('makes a field required, breaking saved configs', async () => {
    const { failed, output } = await withDefect('new-required-field', ['spec']);
    expect(failed).toEqual([
      'exactly one SPEC, equal to spec.json',
      'the spec is a valid schema and secrets/config.json matches it',
      'backward compatible with integration_tests/snapshots/spec.json',
    ]);
    expect(output).toContain("why: (the config) must have required property 'start_date'");
    expect(output).toContain('why: breaking change: connectionSpecification: "start_date" became required.');
    expect(output).toContain('npm run acceptance -- --update-snapshots');
  });

  it('exits non-zero after a successful check', async () => {
    const { failed, output } = await withDefect('check-exits-1', ['connection']);
    // The exception test expects a non-zero exit; the other three expect 0.
    expect(failed).toEqual(Array(3).fill('`check` prints only Airbyte messages, never a secret, and exits 0'));
    expect(output).toContain('why: exit code 1, expected 0');
  });

  it('prints a secret', async () => {
    const { failed, output } = await withDefect('secret-in-log', ['connection']);
    // The two configs with an API key secret: secrets/config.json and integration_tests/invalid_config.json.
    expect(failed).toEqual(Array(2).fill('`check` prints only Airbyte messages, never a secret, and exits 0'));
    expect(output).toMatch(
      /at: {2}stdout line 3 of `check`\n {8}why: a secret of the config \(the value of an airbyte_secret property\) is printed/,
    );
    expect(output).not.toContain('5ec7e7a11ce5ec7e7a11ce5ec7e7a101');
  });

  it('puts $ref in a stream schema', async () => {
    const { failed, output } = await withDefect('ref-in-schema', ['discovery']);
    expect(failed).toEqual(['no $ref, allOf or not in any json_schema']);
    expect(output).toContain('at:  conferences/json_schema/properties/region/$ref');
  });

  it('narrows a column type', async () => {
    const { failed, output } = await withDefect('narrowed-type', ['discovery']);
    expect(failed).toEqual(['backward compatible with integration_tests/snapshots/catalog.json']);
    expect(output).toContain(
      'why: breaking change: conferences/json_schema/properties/friendly_name: type changed from ["string","null"] to "string".',
    );
  });

  it('emits a record field its schema does not declare', async () => {
    const { failed, output } = await withDefect('undeclared-field', ['basic_read']);
    expect(failed).toEqual(['records carry only fields their schema declares, and at least one of them']);
    expect(output).toMatch(
      /at: {2}stdout line \d+ of `read`: \{"type":"RECORD","record":\{"stream":"conferences".*\n {8}why: the field "extra_column" is not declared in the conferences schema/,
    );
  });

  it('emits RFC 2822 dates where the schema says date-time', async () => {
    const { failed, output } = await withDefect('rfc2822-dates', ['basic_read']);
    expect(failed).toEqual([
      'records match their stream schema: draft-07, strict integers, ISO 8601 date-times',
      'the expected records were read (integration_tests/expected_records.jsonl)',
    ]);
    expect(output).toContain('why: /date_created must match format "date-time" (the value is "Fri, 18 Feb 2022 17:24:39 +0000")');
    expect(output).toMatch(
      /why: the conference_participants record with .* differs: \/date_created: expected "2025-06-01T\d\d:\d\d:\d\dZ", got "Fri, 18 Feb 2022 17:24:39 \+0000"/,
    );
  });

  it('loses an expected participant', async () => {
    const { failed, output } = await withDefect('missing-participant', ['basic_read']);
    expect(failed).toEqual(['the expected records were read (integration_tests/expected_records.jsonl)']);
    expect(output).toMatch(
      /at: {2}integration_tests\/expected_records\.jsonl line \d+\n {8}why: the conference_participants record with \[\["uri"\]\] = \["\/2010-04-01\/Accounts\/.*\.json"\] was not read/,
    );
  });

  it('omits the RUNNING status', async () => {
    const { failed, output } = await withDefect('no-running', ['basic_read']);
    expect(failed).toEqual(['stream statuses are STARTED, RUNNING (one or more), COMPLETE for every stream']);
    expect(output).toContain('why: conferences: STARTED → COMPLETE; expected STARTED → RUNNING (one or more) → COMPLETE');
  });

  it('emits no state', async () => {
    const { failed, output } = await withDefect('no-states', ['basic_read']);
    expect(failed).toEqual(['every stream checkpoints with STREAM states whose sourceStats.recordCount is exact']);
    expect(output).toContain('why: conferences has no STATE message; every stream must checkpoint at least once');
  });

  it('answers a catalog naming a stream that does not exist with silence and exit code 0', async () => {
    const { failed } = await withDefect('unknown-stream-succeeds', ['basic_read']);
    expect(failed).toEqual([
      '`read` (a stream that does not exist) prints only Airbyte messages, never a secret, and exits non-zero',
      'a catalog naming a stream that does not exist ends in a TRACE ERROR',
    ]);
  });

  it('stamps records with an emitted_at that does not move on', async () => {
    const { failed, output } = await withDefect('constant-emitted-at', ['full_refresh']);
    expect(failed).toEqual(['every emitted_at of the second read is later than all of the first']);
    expect(output).toMatch(/at: {2}the second read's stdout line \d+ of `read`: \{"type":"RECORD","record":\{"stream":"conferences"/);
  });
});

describe('the incremental suite', () => {
  let directory: string;
  const writeConfig = async (incremental: string) => {
    const file = join(directory, 'acceptance-test-config.yml');
    await writeFile(file, `connector_image: test/source-events:dev\nacceptance_tests:\n  incremental:\n${incremental}`);
    return file;
  };
  const events = (mode: string[], configFile: string) =>
    acceptance([process.execPath, fixture('incremental-connector.mjs'), ...mode], ['incremental'], configFile);

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'acceptance-incremental-'));
    await writeFile(join(directory, 'config.json'), '{}');
    // A bypassed suite has no config of its own: the runner discovers with secrets/config.json, the simulator's config.
    await mkdir(join(directory, 'integration_tests'));
    await writeFile(join(directory, 'integration_tests', 'sample_config.json'), '{}');
    await writeFile(
      join(directory, 'abnormal_state.json'),
      JSON.stringify([{ type: 'STREAM', stream: { stream_descriptor: { name: 'events' }, stream_state: { id: 1e9 } } }]),
    );
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  const tests = [
    '    tests:',
    '      - config_path: "config.json"',
    '        future_state: { future_state_path: "abnormal_state.json" }',
    '        skip_comprehensive_incremental_tests: true',
    '',
  ].join('\n');

  it('passes a connector that reads on from its state', async () => {
    const { failed, passed } = await events([], await writeConfig(tests));
    expect(failed).toEqual([]);
    expect(passed).toBe(9);
  });

  it("fails a connector whose state does not hold the cursor at the test's cursor_paths", async () => {
    const withPaths = tests.replace('        skip_comprehensive', '        cursor_paths: { events: ["accounts", "AC1", "id"] }\n        skip_comprehensive');
    const { failed, output } = await events([], await writeConfig(withPaths));
    expect(failed).toEqual(["each stream's final state holds its cursor at its cursor_paths"]);
    expect(output).toContain("events's final state has no cursor at accounts.AC1.id");
  });

  it('fails a connector that ignores its state', async () => {
    const { failed } = await events(['ignores-state'], await writeConfig(tests));
    expect(failed).toEqual([
      "a read from the first read's final state gives different records",
      'a far-future state gives no records and at least one STATE',
    ]);
  });

  it('fails a bypass whose reason is not true', async () => {
    const { failed, output } = await events([], await writeConfig('    bypass_reason: "no stream is incremental"\n'));
    expect(failed).toEqual(['the bypass holds: no discovered stream supports incremental']);
    expect(output).toContain('why: events supports incremental: configure the incremental suite instead of bypassing it');
  });
});

describe('live mode', () => {
  it('stops at once, saying where the credentials go, when secrets/config.json does not exist', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'acceptance-live-'));
    try {
      const configFile = join(directory, 'acceptance-test-config.yml');
      await writeFile(configFile, 'connector_image: airbyte/source-twilio:dev\nacceptance_tests: {}\n');
      let output = '';
      const tally = await runAcceptance({ configFile, live: true, updateSnapshots: false, write: (text) => (output += text) });
      expect(tally).toEqual({ passed: 1, failed: 1, skipped: 0 });
      expect(output).toContain('✗ live mode has credentials');
      expect(output).toContain(
        'at:  secrets/config.json\n        why: no such file: put the real Twilio config there (see README, Acceptance tests)',
      );
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
