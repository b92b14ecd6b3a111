import { asConnectorError, ConnectorError, configError } from './errors.js';
import type { AirbyteCatalog, ConfiguredCatalog, ConfiguredStream, FailureType, JsonObject } from './messages.js';
import type { MessageWriter } from './output.js';
import type { OpenSource, RecordSink, RunContext } from './connector.js';
import { errorTrace, estimateTrace, stateMessage, streamStatus } from './message-builders.js';

export interface ReadInputs {
  source: OpenSource;
  catalog: ConfiguredCatalog;
  states: Map<string, JsonObject | undefined>;
  writer: MessageWriter;
  context: RunContext;
}

interface StreamFailure {
  stream: string;
  error: ConnectorError;
}

/**
 * Reads every configured stream in turn: STARTED, RUNNING, records and states, then COMPLETE or INCOMPLETE. A
 * failing stream does not stop the others; the result lists the failures so the caller can end with an error.
 */
export async function readStreams(inputs: ReadInputs): Promise<StreamFailure[]> {
  const { source, catalog, states, writer, context } = inputs;
  const known = await source.discover();
  warnAboutStatesOfUnconfiguredStreams(catalog, states, context);

  const failures: StreamFailure[] = [];
  for (const configured of catalog.streams) {
    if (context.signal.aborted) break;
    const name = configured.stream.name;
    try {
      await writer.emit(streamStatus(name, 'STARTED'));
      assertReadable(configured, known);
      await readOne(source, configured, states.get(name), writer);
      await writer.emit(streamStatus(name, 'COMPLETE'));
    } catch (caught) {
      const error = asConnectorError(context.signal.aborted ? (context.signal.reason ?? caught) : caught);
      failures.push({ stream: name, error });
      await writer.emit(streamStatus(name, 'INCOMPLETE'));
      await writer.emit(errorTrace(error, name));
    }
  }
  return failures;
}

async function readOne(
  source: OpenSource,
  configured: ConfiguredStream,
  state: JsonObject | undefined,
  writer: MessageWriter,
): Promise<void> {
  const name = configured.stream.name;
  let recordsSinceState = 0;
  let latestState: JsonObject | undefined;
  // RUNNING once there is something to show (the first record or state), and again when a rate limit has passed.
  let running = false;
  let rateLimitedUntil: number | undefined;
  const announce = (): Promise<void> | undefined => {
    if (running && (rateLimitedUntil === undefined || Date.now() < rateLimitedUntil)) return undefined;
    running = true;
    rateLimitedUntil = undefined;
    return writer.emit(streamStatus(name, 'RUNNING'));
  };
  const sink: RecordSink = {
    records(page) {
      recordsSinceState += page.length;
      const announced = announce();
      const written = writer.records(name, page);
      return announced === undefined ? written : Promise.all([announced, written]).then(() => undefined);
    },
    async rateLimited(quotaReset) {
      // One status per spell of throttling, however many requests of it Twilio answers 429.
      if (rateLimitedUntil !== undefined && Date.now() < rateLimitedUntil) {
        rateLimitedUntil = Math.max(rateLimitedUntil, quotaReset);
        return;
      }
      running = true;
      rateLimitedUntil = quotaReset;
      await writer.emit(streamStatus(name, 'RUNNING', { type: 'RATE_LIMITED', rate_limited: { quota_reset: quotaReset } }));
    },
    async checkpoint(newState) {
      await announce();
      latestState = newState;
      const count = recordsSinceState;
      recordsSinceState = 0;
      await writer.emit(stateMessage(name, newState, count));
    },
    estimate(rows) {
      return writer.emit(estimateTrace(name, rows));
    },
  };
  await source.read({ stream: configured, state }, sink);
  await announce();
  // A read that checkpointed nothing (a full refresh, or an incremental one with nothing new) ends with the state it
  // was given, so that the platform's saved state is never lost.
  if (latestState === undefined || recordsSinceState > 0) {
    await writer.emit(stateMessage(name, latestState ?? state ?? {}, recordsSinceState));
  }
}

function assertReadable(configured: ConfiguredStream, known: AirbyteCatalog): void {
  const name = configured.stream.name;
  const stream = known.streams.find((candidate) => candidate.name === name);
  if (!stream) {
    const names = known.streams.map((candidate) => candidate.name).join(', ');
    throw configError(`The catalog asks for stream "${name}", which this source does not have. Streams: ${names}.`);
  }
  if (!stream.supported_sync_modes.includes(configured.sync_mode)) {
    throw configError(
      `Stream "${name}" does not support sync mode "${configured.sync_mode}"; ` +
        `it supports ${stream.supported_sync_modes.join(', ')}.`,
    );
  }
}

function warnAboutStatesOfUnconfiguredStreams(
  catalog: ConfiguredCatalog,
  states: Map<string, JsonObject | undefined>,
  context: RunContext,
): void {
  const configured = new Set(catalog.streams.map((stream) => stream.stream.name));
  for (const name of states.keys()) {
    if (!configured.has(name)) context.log('WARN', `Ignoring the state of stream "${name}": it is not in the catalog.`);
  }
}

/** The failure type of a whole sync: config or transient only when every failure was of that kind. */
export function overallFailureType(failures: { error: ConnectorError }[]): FailureType {
  const types = new Set(failures.map((failure) => failure.error.failureType));
  const [only] = types;
  return types.size === 1 && only !== undefined ? only : 'system_error';
}
