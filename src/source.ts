import { basicCredentials, parseConfig, type TwilioConfig } from './config.js';
import { ConnectorError, configError } from './protocol/errors.js';
import { toAirbyteJsonSchema } from './protocol/json-schema.js';
import type { AirbyteCatalog, AirbyteStream, ConnectionStatus, RecordChange } from './protocol/messages.js';
import type { ReadRequest, RecordSink, RunContext, Source } from './protocol/source.js';
import { loadSpecification } from './spec.js';
import { STREAMS } from './streams/index.js';
import { readStream } from './streams/reader.js';
import type { NulledField } from './streams/records.js';
import { TwilioClient } from './twilio/client.js';
import {
  TwilioAuthError,
  TwilioError,
  TwilioNotFoundError,
  TwilioRequestError,
  TwilioUnavailableError,
} from './twilio/errors.js';
import { regionBaseUrl } from './twilio/regions.js';

/** Warnings about nulled fields are capped per stream so a systematic problem cannot flood the log. */
const MAX_NULLED_FIELD_WARNINGS = 10;

export interface Environment {
  /** Replaces the region's host, for the simulator (plain http only to loopback). */
  TWILIO_API_BASE_URL?: string | undefined;
  TWILIO_REQUEST_TIMEOUT_MS?: string | undefined;
  TWILIO_RETRY_BASE_DELAY_MS?: string | undefined;
}

/** The Airbyte source for Twilio: the protocol layer runs it, the stream definitions say what it reads. */
export class TwilioSource implements Source<TwilioConfig> {
  readonly specification = loadSpecification();
  private readonly clients = new WeakMap<RunContext, TwilioClient>();

  constructor(private readonly environment: Environment = process.env) {}

  parseConfig(raw: unknown): TwilioConfig {
    return parseConfig(raw);
  }

  derivedSecrets(config: TwilioConfig): string[] {
    const { username, password } = basicCredentials(config);
    const encoded = Buffer.from(`${username}:${password}`).toString('base64');
    return [password, encoded, `Basic ${encoded}`];
  }

  async check(config: TwilioConfig, context: RunContext): Promise<ConnectionStatus> {
    try {
      await this.client(config, context).fetch(`/2010-04-01/Accounts/${config.account_sid}/Conferences.json`, {
        PageSize: '1',
      });
      return { status: 'SUCCEEDED' };
    } catch (error) {
      const translated = this.translate(error, config);
      if (translated.failureType === 'config_error') return { status: 'FAILED', message: translated.message };
      throw translated;
    }
  }

  async discover(): Promise<AirbyteCatalog> {
    return { streams: STREAMS.map(toAirbyteStream) };
  }

  async read(config: TwilioConfig, request: ReadRequest, sink: RecordSink, context: RunContext): Promise<void> {
    const name = request.stream.stream.name;
    const stream = STREAMS.find((candidate) => candidate.name === name);
    if (stream === undefined) throw configError(`This source has no stream "${name}".`);
    let nulledFields = 0;
    const dependencies = {
      client: this.client(config, context),
      options: { startDate: config.start_date },
      concurrency: config.max_concurrency,
      info: (message: string) => context.log('INFO', message),
    };
    try {
      await readStream(stream, { accountSid: config.account_sid }, dependencies, ({ data, nulled }) => {
        if (nulled.length === 0) return sink.record(data);
        for (const field of nulled) {
          nulledFields += 1;
          if (nulledFields <= MAX_NULLED_FIELD_WARNINGS) {
            context.log('WARN', `${name}: field "${field.field}" set to null: ${field.reason}.`);
          }
        }
        return sink.record(data, nulled.map(toRecordChange));
      });
    } catch (error) {
      throw this.translate(error, config);
    }
    if (nulledFields > MAX_NULLED_FIELD_WARNINGS) {
      context.log('WARN', `${name}: ${nulledFields} fields in all were set to null; the records' meta.changes list each.`);
    }
  }

  private client(config: TwilioConfig, context: RunContext): TwilioClient {
    let client = this.clients.get(context);
    if (client !== undefined) return client;
    const baseUrl = this.environment.TWILIO_API_BASE_URL ?? regionBaseUrl(config.region);
    try {
      client = new TwilioClient({
        baseUrl,
        ...basicCredentials(config),
        maxConcurrency: config.max_concurrency,
        timeoutMs: this.positiveNumber('TWILIO_REQUEST_TIMEOUT_MS', 30_000),
        retry: {
          maxAttempts: 6,
          baseDelayMs: this.positiveNumber('TWILIO_RETRY_BASE_DELAY_MS', 1_000),
          maxDelayMs: 30_000,
          maxRetryAfterMs: 120_000,
        },
        signal: context.signal,
        userAgent: 'source-twilio (Airbyte source)',
        onRetry: ({ path, attempt, maxAttempts, delayMs, reason, concurrencyLimit }) => {
          const throttled = concurrencyLimit === undefined ? '' : ` Sending at most ${concurrencyLimit} requests at once for now.`;
          context.log(
            'WARN',
            `Retrying ${path} in ${(delayMs / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${maxAttempts}): ${reason}.${throttled}`,
          );
        },
      });
    } catch (error) {
      if (error instanceof TwilioRequestError) throw configError(`${error.message} (set by TWILIO_API_BASE_URL)`);
      throw error;
    }
    this.clients.set(context, client);
    return client;
  }

  private positiveNumber(name: 'TWILIO_REQUEST_TIMEOUT_MS' | 'TWILIO_RETRY_BASE_DELAY_MS', fallback: number): number {
    const text = this.environment[name];
    if (text === undefined || text === '') return fallback;
    const value = Number(text);
    if (!Number.isFinite(value) || value < 0) {
      throw configError(`The environment variable ${name} must be a number of milliseconds, not "${text}".`);
    }
    return value;
  }

  /** Twilio's errors in the user's terms, with the failure type Airbyte acts on. */
  private translate(error: unknown, config: TwilioConfig): ConnectorError {
    if (error instanceof ConnectorError || !(error instanceof TwilioError)) {
      return error instanceof ConnectorError ? error : new ConnectorError('system_error', describe(error), { cause: error });
    }
    const account = config.account_sid;
    if (error instanceof TwilioAuthError) {
      const which = config.credentials.auth_type === 'api_key' ? 'API key SID and secret' : 'Auth Token';
      const problem = error.status === 403 ? 'refused access to' : 'rejected the credentials for';
      return configError(
        `Twilio ${problem} account ${account} (${error.message}). Check the Account SID and the ${which}, ` +
          `that they belong to that account, and that they were issued in region ${config.region}.`,
        { cause: error },
      );
    }
    if (error instanceof TwilioNotFoundError) {
      return configError(`${error.message}. Check that the Account SID ${account} is right.`, { cause: error });
    }
    if (error instanceof TwilioUnavailableError) return new ConnectorError('transient_error', error.message, { cause: error });
    return new ConnectorError('system_error', error.message, { cause: error });
  }
}

function toAirbyteStream(stream: (typeof STREAMS)[number]): AirbyteStream {
  return {
    name: stream.name,
    json_schema: toAirbyteJsonSchema(stream.schema),
    supported_sync_modes: ['full_refresh'],
    source_defined_primary_key: stream.primaryKey.map((field) => [field]),
    is_resumable: false,
  };
}

function toRecordChange(field: NulledField): RecordChange {
  return { field: field.field, change: 'NULLED', reason: 'SOURCE_SERIALIZATION_ERROR' };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
