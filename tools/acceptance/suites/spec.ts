/** The spec suite: one SPEC equal to the committed spec file, obeying CAT's rules, compatible with the snapshot. */
import { airbyteAjv } from '../ajv.js';
import type { SpecTest } from '../config.js';
import { DEFAULT_TIMEOUT_SECONDS, type Harness } from '../harness.js';
import { jsonDifferences } from '../json-diff.js';
import type { Problem } from '../report.js';
import { isSchemaNode } from '../schema-walk.js';
import { checkSnapshot, specSnapshot } from '../snapshots.js';
import { SPEC_RULES } from '../spec-rules.js';

export async function specSuite(harness: Harness, tests: readonly SpecTest[]): Promise<void> {
  const { report, project } = harness;
  for (const [index, test] of tests.entries()) {
    report.startTest(`test ${index + 1}: ${test.spec_path}, ${harness.describeConfig(test.config_path)}`);
    const run = await harness.run('spec', {}, 'zero', test.timeout_seconds ?? DEFAULT_TIMEOUT_SECONDS.spec);
    const specs = run.messages.flatMap(({ message }) => (message.type === 'SPEC' ? [message.spec] : []));
    const [spec] = specs;
    const expected = await project.json(test.spec_path);
    report.check(`exactly one SPEC, equal to ${test.spec_path}`, [
      ...(specs.length === 1 ? [] : [{ why: `${specs.length} SPEC messages, expected exactly one` }]),
      ...(spec === undefined ? [] : jsonDifferences(expected, spec, 'spec').map((why) => ({ at: test.spec_path, why }))),
    ]);
    if (spec === undefined || !isSchemaNode(spec.connectionSpecification)) continue;
    const { connectionSpecification } = spec;
    report.check(
      `the spec is a valid schema and ${test.config_path} matches it`,
      configProblems(connectionSpecification, await harness.loadConfig(test.config_path), test.config_path),
    );
    for (const [name, rule] of SPEC_RULES) report.check(name, rule(connectionSpecification, 'connectionSpecification'));
    await checkSnapshot(harness, specSnapshot(connectionSpecification));
  }
}

/** The config, minus CAT's `_`-prefixed technical keys, validated by ajv against the spec it receives. */
function configProblems(connectionSpecification: Record<string, unknown>, config: unknown, path: string): Problem[] {
  const ajv = airbyteAjv();
  let validate;
  try {
    validate = ajv.compile(connectionSpecification);
  } catch (error) {
    return [{ at: 'connectionSpecification', why: `not a valid JSON schema: ${(error as Error).message}` }];
  }
  const withoutTechnicalKeys = isSchemaNode(config)
    ? Object.fromEntries(Object.entries(config).filter(([key]) => !key.startsWith('_')))
    : config;
  if (validate(withoutTechnicalKeys)) return [];
  return (validate.errors ?? []).map((error) => ({
    at: path,
    why: `${error.instancePath || '(the config)'} ${error.message ?? 'is invalid'}`,
  }));
}
