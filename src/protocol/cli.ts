import { parseArgs } from 'node:util';
import { asConnectorError, ConnectorError, configError, InterruptedError } from './errors.js';
import type { LogLevel } from './messages.js';
import { MessageWriter } from './output.js';
import { overallFailureType, readStreams } from './read.js';
import { SecretMasker, secretValuesOf } from './secrets.js';
import type { OpenSource, RunContext, Source, SourceLoader } from './connector.js';
import { errorTrace } from './message-builders.js';

const USAGE =
  'Usage: spec | check --config CONFIG | discover --config CONFIG | read --config CONFIG --catalog CATALOG [--state STATE]';

const HELP = [
  USAGE,
  '',
  '  spec                      print the connector specification',
  '  check --config CONFIG     test the config and the connection to Twilio',
  '  discover --config CONFIG  print the catalog of streams',
  '  read --config CONFIG --catalog CATALOG [--state STATE]',
  '                            read the catalog\'s streams',
  '  --help, -h                print this help',
  '  --version, -V             print the version',
  '',
  'stdout carries Airbyte protocol messages only, one per line.',
].join('\n');

const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/** Reading inputs takes zod, which `spec` should not have to load. */
const inputs = () => import('./inputs.js');

/**
 * Runs one Airbyte command as a process: stdout carries only Airbyte messages, the exit code says whether the
 * command succeeded, and the process is never ended while output is still buffered.
 */
export async function runProcess<Config>(loader: SourceLoader<Config>, argv: string[]): Promise<void> {
  const masker = new SecretMasker();
  const writer = new MessageWriter(process.stdout, masker);
  const controller = new AbortController();
  let signalExitCode: number | undefined;

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      signalExitCode ??= SIGNAL_EXIT_CODES[signal];
      controller.abort(new InterruptedError(`the connector received ${signal} and stopped before finishing`));
    });
  }
  writer.onClose(() => controller.abort(new InterruptedError('stdout was closed by the reader')));
  const reportCrash = (error: unknown) => {
    process.exitCode = 1;
    void writer.emit(errorTrace(asConnectorError(error)));
  };
  process.on('uncaughtException', reportCrash);
  process.on('unhandledRejection', reportCrash);

  const context: RunContext = {
    signal: controller.signal,
    log: (level: LogLevel, message: string) => void writer.emit({ type: 'LOG', log: { level, message } }),
  };
  let exitCode = await runCommand(loader, argv, writer, masker, context);
  if (signalExitCode !== undefined) exitCode = signalExitCode;
  else if (writer.closed) exitCode = 1;
  await writer.flush();
  process.exitCode = exitCode;
  // Everything is written; a socket left open by a cancelled request must not keep the process alive.
  setTimeout(() => process.exit(exitCode), 500).unref();
}

export async function runCommand<Config>(
  loader: SourceLoader<Config>,
  argv: string[],
  writer: MessageWriter,
  masker: SecretMasker,
  context: RunContext,
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === '--version' || command === '-V') {
      process.stderr.write(`${loader.version?.() ?? 'unknown'}\n`);
      return 0;
    }
    // Plain text, never an Airbyte message: on stderr, so that stdout stays Airbyte's alone.
    if (argv.includes('--help') || argv.includes('-h')) {
      process.stderr.write(`${HELP}\n`);
      return 0;
    }
    switch (command) {
      case 'spec':
        parseOptions(rest, []);
        await writer.emit({ type: 'SPEC', spec: loader.specification });
        return 0;
      case 'check': {
        const options = parseOptions(rest, ['config']);
        return await check(await loader.load(), options, writer, masker, context);
      }
      case 'discover': {
        const options = parseOptions(rest, ['config']);
        const source = await openSource(await loader.load(), options, masker, context);
        await writer.emit({ type: 'CATALOG', catalog: await source.discover() });
        return 0;
      }
      case 'read': {
        const options = parseOptions(rest, ['config', 'catalog'], ['state']);
        return await read(await loader.load(), options, writer, masker, context);
      }
      default:
        throw configError(command === undefined ? `No command given. ${USAGE}` : `Unknown command "${command}". ${USAGE}`);
    }
  } catch (caught) {
    const error = asConnectorError(context.signal.aborted ? (context.signal.reason ?? caught) : caught);
    await writer.emit(errorTrace(error));
    return 1;
  }
}

type Options = Partial<Record<'config' | 'catalog' | 'state', string>>;

function parseOptions(args: string[], required: (keyof Options)[], optional: (keyof Options)[] = []): Options {
  const allowed = [...required, ...optional];
  let values: Record<string, string | boolean | undefined>;
  try {
    const parsed = parseArgs({
      args,
      options: Object.fromEntries(allowed.map((name) => [name, { type: 'string' as const }])),
      strict: true,
      allowPositionals: false,
      tokens: true,
    });
    values = parsed.values;
    const given = parsed.tokens.flatMap((token) => (token.kind === 'option' ? [token.name] : []));
    const twice = given.find((name, index) => given.indexOf(name) !== index);
    if (twice !== undefined) throw new Error(`Option '--${twice}' is given more than once`);
  } catch (error) {
    throw configError(`${(error as Error).message}. ${USAGE}`);
  }
  for (const name of required) {
    if (typeof values[name] !== 'string' || values[name] === '') {
      throw configError(`Missing --${name} FILE. ${USAGE}`);
    }
  }
  return values as Options;
}

/** Reads and checks the config, learns its secrets before anything can print them, and opens the source with it. */
async function openSource<Config>(source: Source<Config>, options: Options, masker: SecretMasker, context: RunContext): Promise<OpenSource> {
  const { readJsonFile } = await inputs();
  const raw = await readJsonFile(options.config ?? '', 'config');
  masker.add(...secretValuesOf(source.specification.connectionSpecification, raw));
  const config = source.parseConfig(raw);
  masker.add(...source.derivedSecrets(config));
  return source.open(config, context);
}

async function check<Config>(
  source: Source<Config>,
  options: Options,
  writer: MessageWriter,
  masker: SecretMasker,
  context: RunContext,
): Promise<number> {
  let status;
  try {
    status = await (await openSource(source, options, masker, context)).check();
  } catch (error) {
    if (!(error instanceof ConnectorError) || error.failureType !== 'config_error') throw error;
    status = { status: 'FAILED' as const, message: error.message };
  }
  const message = status.message ?? undefined;
  const connectionStatus = message === undefined ? { status: status.status } : { status: status.status, message: masker.mask(message) };
  await writer.emit({ type: 'CONNECTION_STATUS', connectionStatus });
  return 0;
}

async function read<Config>(
  source: Source<Config>,
  options: Options,
  writer: MessageWriter,
  masker: SecretMasker,
  context: RunContext,
): Promise<number> {
  const opened = await openSource(source, options, masker, context);
  const { parseConfiguredCatalog, parseState, readJsonFile } = await inputs();
  const catalog = parseConfiguredCatalog(await readJsonFile(options.catalog ?? '', 'catalog'));
  const states = options.state === undefined ? new Map() : parseState(await readJsonFile(options.state, 'state'));
  const failures = await readStreams({ source: opened, catalog, states, writer, context });
  if (failures.length === 0) return 0;
  // Each stream's own TRACE has told its failure: the summary names the streams and each distinct cause once.
  const names = failures.map((failure) => failure.stream).join(', ');
  const streamsByCause = new Map<string, string[]>();
  for (const { stream, error } of failures) streamsByCause.set(error.message, [...(streamsByCause.get(error.message) ?? []), stream]);
  const causes = [...streamsByCause].map(([cause, streams]) => `${streams.join(', ')}: ${cause}`);
  const summary = new ConnectorError(
    overallFailureType(failures),
    `${failures.length} of ${catalog.streams.length} streams failed: ${names}. ${causes.join(' ')}`,
  );
  await writer.emit(errorTrace(summary));
  return 1;
}
