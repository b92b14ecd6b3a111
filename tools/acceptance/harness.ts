/** What every suite uses: the report, the project's files, the connector and where it runs. */
import { secretValuesOf } from '../../src/protocol/secrets.js';
import type { DiscoveredCatalog, DiscoveredStream } from './catalog-rules.js';
import { catalogFromDiscovered, catalogFromFile, type ConfiguredStream } from './catalogs.js';
import { lineOf, type Command, type Connector, type ConnectorInputs, type ConnectorRun } from './connector.js';
import type { Environment } from './environment.js';
import type { Project } from './project.js';
import { quote, type Problem, type Report } from './report.js';

export type ExitExpectation = 'zero' | 'non-zero';

/** A test that reads: with a config, and the catalog of a file or, without one, the discovered catalog. */
interface ReadTest {
  config_path: string;
  configured_catalog_path?: string | undefined;
}

/** CAT's default time limits per suite (`connector_acceptance_test/utils/timeouts.py`). */
export const DEFAULT_TIMEOUT_SECONDS = {
  spec: 60,
  connection: 60,
  discovery: 300,
  basic_read: 600,
  full_refresh: 1200,
  incremental: 1200,
  connector_attributes: 600,
} as const;

export class Harness {
  private readonly catalogs = new Map<string, Promise<DiscoveredCatalog | Problem>>();

  constructor(
    readonly report: Report,
    readonly project: Project,
    readonly connector: Connector,
    readonly environment: Environment,
    readonly updateSnapshots: boolean,
    /** The connection specification whose airbyte_secret properties name the values that must never be printed. */
    private readonly connectionSpecification: unknown,
  ) {}

  /** How a test's config path reads in a test's heading: with the file it stands for here, when that differs. */
  describeConfig(path: string): string {
    const file = this.environment.configFile(path);
    return file === path ? `config ${path}` : `config ${path} (${file})`;
  }

  loadConfig(path: string): Promise<unknown> {
    return this.project.json(this.environment.configFile(path));
  }

  /**
   * Runs a command and checks what every run must satisfy; returns the run for the test's own checks. The purpose
   * tells runs of one command in a test apart.
   */
  async run(
    command: Command,
    inputs: ConnectorInputs,
    exit: ExitExpectation,
    timeoutSeconds: number,
    purpose?: string,
  ): Promise<ConnectorRun> {
    const run = await this.connector.run(command, inputs, timeoutSeconds);
    const exitText = exit === 'zero' ? '0' : 'non-zero';
    const which = purpose === undefined ? `\`${command}\`` : `\`${command}\` (${purpose})`;
    this.report.check(`${which} prints only Airbyte messages, never a secret, and exits ${exitText}`, [
      ...(run.timedOut ? [{ why: `no answer within ${timeoutSeconds} s, so the process was killed` }] : []),
      ...run.invalidLines.map((line) => ({ at: `${lineOf(run, line)}: ${quote(line.text)}`, why: line.why })),
      ...this.exitProblems(run, exit),
      ...this.secretProblems(run, inputs.config),
    ]);
    return run;
  }

  /**
   * The streams `discover` gives with a config (run once per config) to build a test's catalog from. When there is no
   * catalog, the test fails here and gets undefined.
   */
  async discoveredStreams(configPath: string, timeoutSeconds: number): Promise<DiscoveredStream[] | undefined> {
    let discovered = this.catalogs.get(configPath);
    if (discovered === undefined) {
      discovered = this.discoverOnce(configPath, timeoutSeconds);
      this.catalogs.set(configPath, discovered);
    }
    const outcome = await discovered;
    if ('streams' in outcome) return outcome.streams;
    this.report.check('`discover` gives a catalog to test with', [outcome]);
    return undefined;
  }

  /**
   * The streams a read test configures: those of its configured_catalog_path, with the discovered streams in their
   * place as CAT does, else every discovered stream. When there is no catalog, the test fails here and gets undefined.
   */
  async configuredStreams(test: ReadTest, timeoutSeconds: number): Promise<ConfiguredStream[] | undefined> {
    const discovered = await this.discoveredStreams(test.config_path, timeoutSeconds);
    const path = test.configured_catalog_path;
    if (discovered === undefined) return undefined;
    if (path === undefined) return catalogFromDiscovered(discovered, []);
    const configured = catalogFromFile(await this.project.json(path), path, discovered);
    if (typeof configured !== 'string') return configured;
    this.report.check('the configured catalog names discovered streams', [{ at: path, why: configured }]);
    return undefined;
  }

  describeReadTest(index: number, test: ReadTest): string {
    return `test ${index + 1}: ${this.describeConfig(test.config_path)}, catalog ${test.configured_catalog_path ?? 'as discovered'}`;
  }

  private async discoverOnce(configPath: string, timeoutSeconds: number): Promise<DiscoveredCatalog | Problem> {
    const run = await this.connector.run('discover', { config: await this.loadConfig(configPath) }, timeoutSeconds);
    const catalogs = run.messages.flatMap(({ message }) => (message.type === 'CATALOG' ? [message.catalog] : []));
    const [catalog] = catalogs;
    if (catalogs.length === 1 && catalog !== undefined && run.invalidLines.length === 0) return catalog;
    return {
      why: `\`discover\` with ${this.describeConfig(configPath)} gave ${catalogs.length} valid CATALOG messages and exit code ${run.exitCode}`,
    };
  }

  private exitProblems(run: ConnectorRun, exit: ExitExpectation): Problem[] {
    if (run.timedOut) return [];
    if (exit === 'non-zero') return run.exitCode === 0 ? [{ why: 'exit code 0, but the command failed: it must exit non-zero' }] : [];
    if (run.exitCode === 0) return [];
    const errors = run.messages.flatMap(({ message }) =>
      message.type === 'TRACE' && message.trace.type === 'ERROR' ? [message.trace.error.message] : [],
    );
    const said = errors.at(-1) ?? run.stderr.trim().split('\n').at(-1) ?? '';
    return [{ why: `exit code ${run.exitCode}, expected 0${said === '' ? '' : `; the connector said: ${quote(said)}`}` }];
  }

  private secretProblems(run: ConnectorRun, config: unknown): Problem[] {
    const secrets = secretValuesOf(this.connectionSpecification, config);
    const why = 'a secret of the config (the value of an airbyte_secret property) is printed';
    return secrets.flatMap((secret) => [
      ...[...run.messages, ...run.invalidLines]
        .filter((line) => line.text.includes(secret))
        .map((line) => ({ at: lineOf(run, line), why })),
      ...(run.stderr.includes(secret) ? [{ at: `stderr of \`${run.command}\``, why }] : []),
    ]);
  }
}
