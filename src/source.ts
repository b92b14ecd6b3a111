import { basicCredentials, readConfig, type TwilioConfig } from './config.js';
import type { OpenSource, ReadRequest, RecordSink, RunContext, Source } from './protocol/connector.js';
import { ConnectorError, configError } from './protocol/errors.js';
import { toAirbyteJsonSchema } from './protocol/json-schema.js';
import type { AirbyteCatalog, AirbyteStream, ConnectionStatus, RecordChange } from './protocol/messages.js';
import { loadSpecification } from './spec.js';
import type { StreamDefinition } from './streams/definition.js';
import { STREAMS } from './streams/index.js';
import { readStream } from './streams/reader.js';
import type { NulledField } from './streams/records.js';
import { API_NAMES, APIS, apiOrigin, type ApiName } from './twilio/apis.js';
import { TwilioClient, type TwilioClientOptions } from './twilio/client.js';
import { proxySecrets, proxySettingsOf } from './twilio/proxy.js';
import {
  TwilioApiUnavailableError,
  TwilioAuthError,
  TwilioError,
  TwilioNotFoundError,
  TwilioRequestError,
  TwilioUnavailableError,
  TwilioUnreachableError,
} from './twilio/errors.js';

/**
 * The environment the source reads: `TWILIO_API_BASE_URL` replaces every Twilio host at once (the simulator serves
 * every API on one origin), `TWILIO_<API>_BASE_URL` one API's host, winning over the first. Plain http only to loopback.
 */
export type Environment = Readonly<Record<string, string | undefined>>;

/** The Airbyte source for Twilio: the protocol layer runs it, the stream definitions say what it reads. */
export class TwilioSource implements Source<TwilioConfig> {
  readonly specification = loadSpecification();
  /** How a config in an older shape was read, told once when the source is opened. */
  private configNotes: string[] = [];

  constructor(private readonly environment: Environment = process.env) {}

  parseConfig(raw: unknown): TwilioConfig {
    const { config, notes } = readConfig(raw);
    this.configNotes = notes;
    return config;
  }

  derivedSecrets(config: TwilioConfig): string[] {
    const { username, password } = basicCredentials(config);
    const encoded = Buffer.from(`${username}:${password}`).toString('base64');
    return [password, encoded, `Basic ${encoded}`, ...proxySecrets(proxySettingsOf(this.environment))];
  }

  open(config: TwilioConfig, context: RunContext): OpenSource {
    if (this.configNotes.length > 0) {
      context.log('INFO', `The config is in the shape of Airbyte's earlier Twilio connector; ${this.configNotes.join('; ')}.`);
    }
    const throttle: Throttle = {};
    const readBudget: RequestBudget = {
      timeoutMs: this.milliseconds('TWILIO_REQUEST_TIMEOUT_MS', 30_000),
      retry: { maxAttempts: 6, baseDelayMs: this.milliseconds('TWILIO_RETRY_BASE_DELAY_MS', 1_000), maxDelayMs: 30_000, maxRetryAfterMs: 120_000 },
    };
    const client = this.client(config, context, throttle, readBudget);
    return new TwilioRun(config, client, () => this.client(config, context, throttle, checkBudget(readBudget)), context, throttle);
  }

  private client(config: TwilioConfig, context: RunContext, throttle: Throttle, budget: RequestBudget): TwilioClient {
    try {
      return new TwilioClient({
        origins: this.origins(config),
        ...basicCredentials(config),
        maxConcurrency: config.max_concurrency,
        ...budget,
        signal: context.signal,
        userAgent: 'source-twilio (Airbyte source)',
        proxy: proxySettingsOf(this.environment),
        onRetry: ({ path, attempt, maxAttempts, delayMs, reason, concurrencyLimit }) => {
          if (concurrencyLimit !== undefined) throttle.onRateLimited?.(Date.now() + delayMs);
          const throttled = concurrencyLimit === undefined ? '' : ` Sending at most ${concurrencyLimit} requests at once for now.`;
          context.log(
            'WARN',
            `Retrying ${path} in ${(delayMs / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${maxAttempts}): ${reason}.${throttled}`,
          );
        },
      });
    } catch (error) {
      if (error instanceof TwilioRequestError) throw configError(`${error.message} (set by the environment)`);
      throw error;
    }
  }

  private origins(config: TwilioConfig): Partial<Record<ApiName, string>> {
    const everyApi = this.setting('TWILIO_API_BASE_URL');
    const origins: Partial<Record<ApiName, string>> = {};
    for (const name of API_NAMES) {
      const origin = this.setting(`TWILIO_${APIS[name].product.toUpperCase()}_BASE_URL`) ?? everyApi ?? apiOrigin(name, config.region);
      if (origin !== undefined) origins[name] = origin;
    }
    return origins;
  }

  private setting(name: string): string | undefined {
    const value = this.environment[name];
    return value === undefined || value === '' ? undefined : value;
  }

  private milliseconds(name: string, fallback: number): number {
    const text = this.setting(name);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isFinite(value) || value < 0) {
      throw configError(`The environment variable ${name} must be a number of milliseconds, not "${text}".`);
    }
    return value;
  }
}

/** How long one request may take and how it is retried. */
type RequestBudget = Pick<TwilioClientOptions, 'timeoutMs' | 'retry'>;

/** `check` answers a person waiting at a form: a few attempts of a few seconds, whatever a read may take. */
function checkBudget({ timeoutMs, retry }: RequestBudget): RequestBudget {
  return {
    timeoutMs: Math.min(timeoutMs, 5_000),
    retry: { maxAttempts: 3, baseDelayMs: Math.min(retry.baseDelayMs, 500), maxDelayMs: 2_000, maxRetryAfterMs: 2_000 },
  };
}

/** Where the client's 429s go: the stream being read, which reports itself RATE_LIMITED. */
interface Throttle {
  onRateLimited?: (quotaReset: number) => void;
}

/** The source opened for one run: its config and its one client. */
class TwilioRun implements OpenSource {
  constructor(
    private readonly config: TwilioConfig,
    private readonly client: TwilioClient,
    private readonly checkClient: () => TwilioClient,
    private readonly context: RunContext,
    private readonly throttle: Throttle,
  ) {}

  async check(): Promise<ConnectionStatus> {
    try {
      await this.checkClient().fetch('api', `/2010-04-01/Accounts/${this.config.account_sid}/Conferences.json`, { PageSize: '1' });
      return { status: 'SUCCEEDED' };
    } catch (error) {
      const translated = this.translate(error);
      if (translated.failureType === 'config_error') return { status: 'FAILED', message: translated.message };
      // No answer at all is a setup problem (network, proxy, firewall) for the person at the form, not a crash.
      if (error instanceof TwilioUnavailableError && error.status === undefined) {
        return { status: 'FAILED', message: `${translated.message.replace(/\.?$/, '.')} ${this.networkAdvice()}` };
      }
      throw translated;
    }
  }

  private networkAdvice(): string {
    return (
      `Check that this machine can reach Twilio in region ${this.config.region}: its network and firewall, and the proxy ` +
      'settings HTTPS_PROXY and NO_PROXY if it must go through a proxy.'
    );
  }

  async discover(): Promise<AirbyteCatalog> {
    return { streams: STREAMS.map(airbyteStreamOf) };
  }

  async read(request: ReadRequest, sink: RecordSink): Promise<void> {
    const name = request.stream.stream.name;
    const stream = STREAMS.find((candidate) => candidate.name === name);
    if (stream === undefined) throw configError(`This source has no stream "${name}".`);
    const dependencies = {
      client: this.client,
      options: { startDate: this.config.start_date },
      concurrency: this.config.max_concurrency,
      log: this.context.log,
    };
    this.throttle.onRateLimited = (quotaReset) => void sink.rateLimited(quotaReset);
    try {
      await readStream(stream, { accountSid: this.config.account_sid }, dependencies, (data, nulled) =>
        nulled.length === 0 ? sink.record(data) : sink.record(data, nulled.map(toRecordChange)),
      );
    } catch (error) {
      throw this.translate(error, stream);
    }
  }

  /** Twilio's errors in the user's terms, with the failure type Airbyte acts on. */
  private translate(error: unknown, stream?: StreamDefinition): ConnectorError {
    if (error instanceof ConnectorError) return error;
    if (!(error instanceof TwilioError)) return new ConnectorError('system_error', describe(error), { cause: error });
    const { account_sid: account, region } = this.config;
    if (error instanceof TwilioAuthError) {
      const which = this.config.credentials.auth_type === 'api_key' ? 'API key SID and secret' : 'Auth Token';
      const problem = error.status === 403 ? 'refused access to' : 'rejected the credentials for';
      return configError(
        `Twilio ${problem} account ${account} (${error.message}). Check the Account SID and the ${which}, ` +
          `that they belong to that account, and that they were issued in region ${region}.`,
        { cause: error },
      );
    }
    if (error instanceof TwilioNotFoundError) {
      return configError(`${error.message}. Check that the Account SID ${account} is right.`, { cause: error });
    }
    if (error instanceof TwilioApiUnavailableError) {
      const reader = stream === undefined ? 'This' : `Stream "${stream.name}"`;
      return configError(`${reader} reads Twilio's ${error.api} API, which Twilio does not run in region ${region}.`, { cause: error });
    }
    if (error instanceof TwilioUnreachableError && error.kind === 'dns') {
      return configError(`${error.message}. Check the region (${region}) and any TWILIO_*_BASE_URL, and the network's DNS and proxy settings.`, { cause: error });
    }
    if (error instanceof TwilioUnreachableError && error.kind === 'certificate') {
      return configError(
        `${error.message}. A proxy or firewall that inspects TLS must have its CA certificate trusted (NODE_EXTRA_CA_CERTS); ` +
          "check the proxy settings and this machine's clock.",
        { cause: error },
      );
    }
    if (error instanceof TwilioUnreachableError && error.kind === 'proxy') {
      return configError(`${error.message}. Check the proxy's address and credentials in HTTPS_PROXY, and NO_PROXY.`, { cause: error });
    }
    if (error instanceof TwilioUnavailableError) return new ConnectorError('transient_error', error.message, { cause: error });
    return new ConnectorError('system_error', error.message, { cause: error });
  }
}

/** A stream as `discover` shows it, derived from its definition alone. */
function airbyteStreamOf(stream: StreamDefinition): AirbyteStream {
  const cursorField = stream.incremental?.cursorField;
  return {
    name: stream.name,
    json_schema: toAirbyteJsonSchema(stream.schema),
    supported_sync_modes: cursorField === undefined ? ['full_refresh'] : ['full_refresh', 'incremental'],
    source_defined_primary_key: stream.primaryKey.map((field) => [field]),
    ...(cursorField === undefined ? {} : { source_defined_cursor: true, default_cursor_field: [cursorField] }),
    is_resumable: false,
  };
}

function toRecordChange(field: NulledField): RecordChange {
  return { field: field.field, change: 'NULLED', reason: 'SOURCE_SERIALIZATION_ERROR' };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
