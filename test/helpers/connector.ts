import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Writable, type Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { runCommand } from '../../src/protocol/cli.js';
import type { AirbyteMessage } from '../../src/protocol/messages.js';
import { MessageWriter } from '../../src/protocol/output.js';
import { SecretMasker } from '../../src/protocol/secrets.js';
import type { RunContext, Source } from '../../src/protocol/connector.js';
import { TwilioSource } from '../../src/source.js';
import type { StreamDefinition } from '../../src/streams/definition.js';
import { STREAMS } from '../../src/streams/index.js';
import { parseLines } from '../../tools/acceptance/connector.js';
import { DEFAULT_FIXTURE, MAIN_ACCOUNT_SID, MAIN_API_KEY_SECRET, MAIN_API_KEY_SID, MAIN_AUTH_TOKEN } from '../../simulator/fixtures.js';

export const CLI = fileURLToPath(new URL('../../dist/connector/main.js', import.meta.url));

export const apiKeyConfig = {
  account_sid: MAIN_ACCOUNT_SID,
  credentials: { auth_type: 'api_key', api_key_sid: MAIN_API_KEY_SID, api_key_secret: MAIN_API_KEY_SECRET },
};
export const authTokenConfig = {
  account_sid: MAIN_ACCOUNT_SID,
  credentials: { auth_type: 'auth_token', auth_token: MAIN_AUTH_TOKEN },
};

/**
 * Every credential of the fixture (those inside Twilio's data included), each as the secret itself and as the base64 of `username:secret` that the Basic
 * `Authorization` header carries (so the header value `Basic …` is covered too).
 */
export const FIXTURE_SECRETS = DEFAULT_FIXTURE.accounts
  .flatMap((account) => [
    { username: account.sid, secret: account.authToken },
    ...account.apiKeys.map((key) => ({ username: key.sid, secret: key.secret })),
    // The password of the user info in a phone number's webhook URL: a credential inside Twilio's data.
    ...(account.webhookPassword === undefined ? [] : [{ username: 'twilio', secret: account.webhookPassword }]),
  ])
  .flatMap(({ username, secret }) => [secret, Buffer.from(`${username}:${secret}`).toString('base64')]);

export function catalogOf(...streams: string[]) {
  return {
    streams: streams.map((name) => ({
      stream: { name, json_schema: {}, supported_sync_modes: ['full_refresh'] },
      sync_mode: 'full_refresh',
      destination_sync_mode: 'overwrite',
    })),
  };
}

/** A configured catalog that reads these streams incrementally, each on its source-defined cursor. */
export function incrementalCatalogOf(...streams: string[]) {
  return {
    streams: streams.map((name) => ({
      stream: { name, json_schema: {}, supported_sync_modes: ['full_refresh', 'incremental'] },
      sync_mode: 'incremental',
      destination_sync_mode: 'append_dedup',
    })),
  };
}

/** How to start the connector: a command to which the Airbyte command's arguments are appended, and its environment. */
export interface ConnectorRuntime {
  readonly command: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

export type CliProcess = ChildProcessByStdio<null, Readable, Readable>;

export interface RunOptions {
  /** Default: the built CLI on this Node, with this process's environment. */
  runtime?: ConnectorRuntime;
  config?: unknown;
  catalog?: unknown;
  state?: unknown;
  baseUrl?: string;
  env?: Record<string, string>;
  /** Called with the child once it runs, e.g. to send it a signal. */
  onSpawn?: (child: CliProcess) => void;
  /**
   * Hands every RECORD line of stdout to this function instead of keeping it, for outputs too large to hold: the
   * result's `stdout` and `messages` then hold every other line.
   */
  onRecordLine?: (line: string) => void;
}

export interface RunResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  messages: AirbyteMessage[];
}

/**
 * Runs the built CLI as Airbyte does: inputs in temporary files, stdout parsed line by line. A line that is not a
 * valid Airbyte message fails the test that ran it.
 */
export async function runConnector(command: string, options: RunOptions = {}): Promise<RunResult> {
  return withInputFiles(command, options, (args) => spawnCli(args, options));
}

/** Writes the config, catalog and state given (a string as is, anything else as JSON) and passes on the arguments. */
export async function withInputFiles<T>(
  command: string,
  inputs: Pick<RunOptions, 'config' | 'catalog' | 'state'>,
  use: (args: string[]) => Promise<T>,
): Promise<T> {
  const directory = await mkdtemp(join(tmpdir(), 'source-twilio-test-'));
  try {
    const args = [command];
    for (const input of ['config', 'catalog', 'state'] as const) {
      if (inputs[input] === undefined) continue;
      const path = join(directory, `${input}.json`);
      const value = inputs[input];
      await writeFile(path, typeof value === 'string' ? value : JSON.stringify(value));
      args.push(`--${input}`, path);
    }
    return await use(args);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** Starts the built CLI with fast retries and, if given, the simulator's URL; stdout and stderr are piped. */
export function startCli(args: string[], options: Pick<RunOptions, 'baseUrl' | 'env' | 'runtime'> = {}): CliProcess {
  const env: Record<string, string | undefined> = {
    ...(options.runtime?.env ?? process.env),
    TWILIO_RETRY_BASE_DELAY_MS: '10',
    ...options.env,
  };
  if (options.baseUrl !== undefined) env['TWILIO_API_BASE_URL'] = options.baseUrl;
  const [program = process.execPath, ...prefix] = options.runtime?.command ?? [process.execPath, CLI];
  return spawn(program, [...prefix, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function spawnCli(args: string[], options: RunOptions = {}): Promise<RunResult> {
  const child = startCli(args, options);
  options.onSpawn?.(child);
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  const otherLines: string[] = [];
  const { onRecordLine } = options;
  if (onRecordLine === undefined) {
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  } else {
    createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => {
      if (line.startsWith('{"type":"RECORD"')) onRecordLine(line);
      else otherLines.push(line);
    });
  }
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode, signal) => {
      const out = onRecordLine === undefined ? Buffer.concat(stdout).toString('utf8') : otherLines.map((line) => `${line}\n`).join('');
      try {
        resolve({ exitCode, signal, stdout: out, stderr: Buffer.concat(stderr).toString('utf8'), messages: parseMessages(out) });
      } catch (error) {
        reject(error as Error);
      }
    });
  });
}

/**
 * Runs a command through the connector's own command handling in this process, for tests that run it many times;
 * `then` may write more through the same writer before it is flushed. stdout is what the writer wrote.
 */
export async function runInProcess<Config>(
  source: Source<Config>,
  command: string,
  inputs: Pick<RunOptions, 'config' | 'catalog' | 'state'>,
  then?: (writer: MessageWriter) => Promise<void>,
): Promise<RunResult> {
  let stdout = '';
  const out = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      stdout += chunk.toString('utf8');
      callback();
    },
  });
  const masker = new SecretMasker();
  const writer = new MessageWriter(out, masker);
  const context: RunContext = {
    signal: new AbortController().signal,
    log: (level, message) => void writer.emit({ type: 'LOG', log: { level, message } }),
  };
  const exitCode = await withInputFiles(command, inputs, (args) =>
    runCommand({ specification: source.specification, load: async () => source }, args, writer, masker, context),
  );
  await then?.(writer);
  await writer.flush();
  return { exitCode, signal: null, stdout, stderr: '', messages: parseMessages(stdout) };
}

/**
 * Runs a command of the source in this process, as the built CLI would run it (the same command handling, config,
 * catalog and state files, environment and message writer), against the simulator: the unit tier's way to read. The
 * streams offered are every stream of `src/streams/` unless `streams` says otherwise.
 */
export async function runSource(
  command: string,
  options: Pick<RunOptions, 'config' | 'catalog' | 'state' | 'baseUrl' | 'env'> & { streams?: readonly StreamDefinition[] } = {},
): Promise<RunResult> {
  const env: Record<string, string | undefined> = { ...process.env, TWILIO_RETRY_BASE_DELAY_MS: '10', ...options.env };
  if (options.baseUrl !== undefined) env['TWILIO_API_BASE_URL'] = options.baseUrl;
  return runInProcess(new TwilioSource(env, options.streams ?? STREAMS), command, options);
}

/** The messages of a connector's stdout; a line that is not exactly one Airbyte message fails the test. */
export function parseMessages(stdout: string): AirbyteMessage[] {
  const { messages, invalidLines } = parseLines(stdout);
  const [invalid] = invalidLines;
  if (invalid !== undefined) throw new Error(`stdout line ${invalid.number}: ${invalid.why}: ${invalid.text.slice(0, 200)}`);
  return messages.map((line) => line.message);
}

export const recordsOf = (messages: AirbyteMessage[], stream: string) =>
  messages.flatMap((message) => (message.type === 'RECORD' && message.record.stream === stream ? [message.record] : []));

export const statusesOf = (messages: AirbyteMessage[], stream: string) =>
  messages.flatMap((message) =>
    message.type === 'TRACE' &&
    message.trace.type === 'STREAM_STATUS' &&
    message.trace.stream_status.stream_descriptor.name === stream
      ? [message.trace.stream_status.status]
      : [],
  );

export const statesOf = (messages: AirbyteMessage[], stream: string) =>
  messages.flatMap((message) =>
    message.type === 'STATE' && message.state.stream.stream_descriptor.name === stream ? [message.state] : [],
  );

export const errorsOf = (messages: AirbyteMessage[]) =>
  messages.flatMap((message) => (message.type === 'TRACE' && message.trace.type === 'ERROR' ? [message.trace.error] : []));

export const logsOf = (messages: AirbyteMessage[], level?: string) =>
  messages.flatMap((message) =>
    message.type === 'LOG' && (level === undefined || message.log.level === level) ? [message.log.message] : [],
  );

/** How many times each request was retried, from the WARNs `Retrying PATH in …` (the path with its query). */
export function retriesByRequest(messages: AirbyteMessage[]): Map<string, number> {
  const retries = new Map<string, number>();
  for (const warning of logsOf(messages, 'WARN')) {
    const request = /^Retrying (\S+) in /.exec(warning)?.[1];
    if (request !== undefined) retries.set(request, (retries.get(request) ?? 0) + 1);
  }
  return retries;
}

/** Fails if any secret, in any of the given forms, appears anywhere in what the process printed. */
export function expectNoSecrets(result: Pick<RunResult, 'stdout' | 'stderr'>, secrets: string[] = FIXTURE_SECRETS): void {
  for (const secret of secrets) {
    if (result.stdout.includes(secret) || result.stderr.includes(secret)) {
      throw new Error(`A secret appeared in the output: ${secret.slice(0, 4)}…`);
    }
  }
}
