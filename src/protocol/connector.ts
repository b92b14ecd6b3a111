import type {
  AirbyteCatalog,
  ConfiguredStream,
  ConnectionStatus,
  ConnectorSpecification,
  JsonObject,
  LogLevel,
  RecordChange,
} from './messages.js';

/** What every command gets besides its inputs: cancellation and a way to tell the user something. */
export interface RunContext {
  readonly signal: AbortSignal;
  log(level: LogLevel, message: string): void;
}

/** A record of the stream being read, and what of its data could not be carried as the source sent it. */
export interface SourceRecord {
  readonly data: Record<string, unknown>;
  readonly changes?: readonly RecordChange[];
}

/** Where a stream being read puts its output; awaiting each call is how backpressure reaches the reader. */
export interface RecordSink {
  /** Records in the order given, a page of them at a time: the unit the source reads in. */
  records(page: readonly SourceRecord[]): Promise<void>;
  /** Everything recorded before this call is covered by `state`. */
  checkpoint(state: JsonObject): Promise<void>;
  /** The API is throttling the stream until about `quotaReset` (ms since the epoch). */
  rateLimited(quotaReset: number): Promise<void>;
  /** The stream will have about this many records in all (a STREAM estimate); never sent when it cannot be told. */
  estimate(rows: number): Promise<void>;
}

export interface ReadRequest {
  readonly stream: ConfiguredStream;
  /** The stream's state from the previous sync; undefined on a first sync or after a reset. */
  readonly state: JsonObject | undefined;
}

/**
 * An Airbyte source. The protocol layer parses inputs, runs the commands, emits messages and decides exit codes;
 * the source only answers in its own terms. Errors it throws become TRACE messages: throw a `ConnectorError` to
 * choose the failure type and the message the user sees.
 */
export interface Source<Config> {
  readonly specification: ConnectorSpecification;
  /** Validates a raw config, throwing a config error that names the field and what is expected. */
  parseConfig(raw: unknown): Config;
  /** Forms of the credentials, beyond the spec's `airbyte_secret` values, that must never be printed. */
  derivedSecrets(config: Config): string[];
  /** Prepares, once per run, what the command needs (a client, say), so that no command builds it again. */
  open(config: Config, context: RunContext): OpenSource;
}

/** A source opened with its config for one run. */
export interface OpenSource {
  check(): Promise<ConnectionStatus>;
  discover(): Promise<AirbyteCatalog>;
  read(request: ReadRequest, sink: RecordSink): Promise<void>;
}

/**
 * How the CLI gets its source: the specification at once, the source itself only for a command that needs it, so
 * that `spec` starts without loading the source's dependencies.
 */
export interface SourceLoader<Config> {
  readonly specification: ConnectorSpecification;
  /** The connector's version, for `--version`. */
  version?(): string;
  load(): Promise<Source<Config>>;
}
