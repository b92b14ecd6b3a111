/**
 * The acceptance runner: reads acceptance-test-config.yml and runs each configured suite against the connector, as
 * Airbyte's Connector Acceptance Tests would, but without Docker and at least as strictly.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseAcceptanceTestConfig, type AcceptanceTestConfig } from './config.js';
import { Connector } from './connector.js';
import { liveEnvironment, SECRET_CONFIG_PATH, simulatorEnvironment } from './environment.js';
import { Harness } from './harness.js';
import { Project } from './project.js';
import { Report, type Tally } from './report.js';
import { isSchemaNode } from './schema-walk.js';
import { basicReadSuite } from './suites/basic-read.js';
import { connectionSuite } from './suites/connection.js';
import { connectorAttributesSuite } from './suites/connector-attributes.js';
import { discoverySuite } from './suites/discovery.js';
import { fullRefreshSuite } from './suites/full-refresh.js';
import { imageSuite } from './suites/image.js';
import { incrementalBypassSuite, incrementalSuite } from './suites/incremental.js';
import { specSuite } from './suites/spec.js';

/** The suites in the order they run; `image` is CAT's image tests, which it runs along with the spec suite. */
export const SUITE_NAMES = [
  'spec',
  'image',
  'connection',
  'discovery',
  'basic_read',
  'full_refresh',
  'incremental',
  'connector_attributes',
  'connector_documentation',
] as const;
export type SuiteSelection = (typeof SUITE_NAMES)[number];

/** The connector under test unless another command is given: the built CLI, run by this Node.js. */
const BUILT_CLI = 'dist/connector/main.js';

export interface AcceptanceOptions {
  /** The path of acceptance-test-config.yml; the files it names are relative to its folder (or its base_path). */
  configFile: string;
  live: boolean;
  updateSnapshots: boolean;
  /** The connector's program and arguments, before the Airbyte command. */
  connector?: readonly string[] | undefined;
  /** Only these suites; all when undefined. */
  suites?: readonly SuiteSelection[] | undefined;
  write(text: string): void;
}

export async function runAcceptance(options: AcceptanceOptions): Promise<Tally> {
  const report = new Report(options.write);
  const configFile = resolve(options.configFile);
  report.startSuite('acceptance-test-config.yml', configFile);
  const config = await loadConfig(report, configFile);
  if (config === undefined) return finish(report, options);
  const project = new Project(resolve(dirname(configFile), config.base_path ?? '.'));
  if (options.live && !existsSync(project.resolve(SECRET_CONFIG_PATH))) {
    report.check('live mode has credentials', [
      { at: SECRET_CONFIG_PATH, why: 'no such file: put the real Twilio config there (see README, Acceptance tests)' },
    ]);
    return finish(report, options);
  }
  const environment = options.live ? liveEnvironment() : await simulatorEnvironment();
  try {
    const connector = new Connector(
      options.connector ?? [process.execPath, project.resolve(BUILT_CLI)],
      { PATH: process.env['PATH'] ?? '', ...environment.connectorEnv, ...stringValues(config.custom_environment_variables) },
      project.basePath,
    );
    report.note(`connector: ${connector.argv.join(' ')}`);
    report.note(`Twilio: ${environment.description}`);
    // The spec suite reports a spec file it cannot read; here it only names the secrets that must never be printed.
    const specPath = config.acceptance_tests.spec?.tests?.[0]?.spec_path;
    const specFile = specPath === undefined ? undefined : await project.json(specPath).catch(() => undefined);
    const connectionSpecification = isSchemaNode(specFile) ? specFile['connectionSpecification'] : undefined;
    const harness = new Harness(report, project, connector, environment, options.updateSnapshots, connectionSpecification);
    for (const name of SUITE_NAMES) {
      if (options.suites === undefined || options.suites.includes(name)) await runSuite(name, harness, config);
    }
  } finally {
    await environment.close();
  }
  return finish(report, options);
}

async function loadConfig(report: Report, path: string): Promise<AcceptanceTestConfig | undefined> {
  const name = 'follows CAT’s format and, at high strictness, its mandatory rules';
  let raw: unknown;
  try {
    raw = parseYaml(await readFile(path, 'utf8'));
  } catch (error) {
    report.check(name, [{ at: path, why: (error as Error).message }]);
    return undefined;
  }
  const parsed = parseAcceptanceTestConfig(raw);
  report.check(name, parsed.problems);
  return 'config' in parsed ? parsed.config : undefined;
}

function finish(report: Report, options: AcceptanceOptions): Tally {
  options.write(`\n${report.summary()}\n`);
  return report.tally;
}

const stringValues = (values: Record<string, string | number | boolean>) =>
  Object.fromEntries(Object.entries(values).map(([name, value]) => [name, String(value)]));

async function runSuite(name: SuiteSelection, harness: Harness, config: AcceptanceTestConfig): Promise<void> {
  const suites = config.acceptance_tests;
  const { report } = harness;
  try {
    switch (name) {
      case 'spec':
        return await inSuite(harness, name, suites.spec, (tests) => specSuite(harness, tests));
      case 'image':
        if (suites.spec?.tests === undefined) return;
        report.startSuite('image', 'CAT runs these with the spec suite; read from the Dockerfile, without Docker');
        return await imageSuite(harness, config.connector_image);
      case 'connection':
        return await inSuite(harness, name, suites.connection, (tests) => connectionSuite(harness, tests));
      case 'discovery':
        return await inSuite(harness, name, suites.discovery, (tests) => discoverySuite(harness, tests));
      case 'basic_read':
        return await inSuite(harness, name, suites.basic_read, (tests) => basicReadSuite(harness, tests));
      case 'full_refresh':
        return await inSuite(harness, name, suites.full_refresh, (tests) => fullRefreshSuite(harness, tests));
      case 'incremental':
        return await inSuite(
          harness,
          name,
          suites.incremental,
          (tests) => incrementalSuite(harness, tests),
          (reason) => incrementalBypassSuite(harness, reason),
        );
      case 'connector_attributes':
        return await inSuite(harness, name, suites.connector_attributes, (tests) => connectorAttributesSuite(harness, tests));
      case 'connector_documentation':
        return await inSuite(harness, name, suites.connector_documentation, async () =>
          report.skip('the documentation', 'CAT reads it from the Airbyte monorepo’s docs/ folder, which this runner does not have'),
        );
    }
  } catch (error) {
    report.check(`the ${name} suite runs to the end`, [{ why: error instanceof Error ? error.message : String(error) }]);
  }
}

async function inSuite<Test>(
  harness: Harness,
  name: string,
  suite: { bypass_reason?: string | undefined; tests?: Test[] | undefined } | undefined,
  run: (tests: Test[]) => Promise<void>,
  whenBypassed?: (reason: string) => Promise<void>,
): Promise<void> {
  const { report } = harness;
  report.startSuite(name);
  if (suite?.bypass_reason !== undefined) {
    if (whenBypassed === undefined) report.skip(`the ${name} suite`, `bypassed: ${suite.bypass_reason}`);
    else await whenBypassed(suite.bypass_reason);
  } else if (suite?.tests === undefined || suite.tests.length === 0) {
    report.skip(`the ${name} suite`, 'not configured in acceptance-test-config.yml');
  } else {
    await run(suite.tests);
  }
}
