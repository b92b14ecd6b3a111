import { basicCredentials, readConfig, type TwilioConfig } from './config.js';
import type { OpenSource, ReadRequest, RecordSink, RunContext, Source } from './protocol/connector.js';
import { ConnectorError, configError } from './protocol/errors.js';
import { toAirbyteJsonSchema } from './protocol/json-schema.js';
import type { AirbyteCatalog, AirbyteStream, ConnectionStatus, RecordChange } from './protocol/messages.js';
import { accountsInScope } from './account-scope.js';
import { loadSpecification } from './spec.js';
import { AccountCursors } from './state.js';
import type { StreamDefinition } from './streams/definition.js';
import { STREAMS } from './streams/index.js';
import { readIncrementally } from './streams/incremental.js';
import { StreamProgress } from './streams/progress.js';
import { forEachConcurrently, readStream, type EmitRecord } from './streams/reader.js';
import type { FieldChange } from './streams/records.js';
import { API_NAMES, APIS, apiOrigin, isUnconfirmedIn, type ApiName } from './twilio/apis.js';
import { TwilioClient, type Query, type TwilioClientOptions } from './twilio/client.js';
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
    const progressIntervalMs = Math.max(1, this.milliseconds('TWILIO_PROGRESS_INTERVAL_MS', 10_000));
    return new TwilioRun(config, client, () => this.client(config, context, throttle, checkBudget(readBudget)), context, throttle, progressIntervalMs);
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
          // Throttling is said once in the stream's progress and end lines (429s and the bound now), not per request.
          if (concurrencyLimit !== undefined) {
            throttle.onRateLimited?.(Date.now() + delayMs);
            return;
          }
          context.log('WARN', `Retrying ${path} in ${(delayMs / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${maxAttempts}): ${reason}.`);
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
      // TWILIO_API_BASE_URL stands for the hosts the region has; a host of its own stands for one API wherever.
      const regional = apiOrigin(name, config.region);
      const origin = this.setting(`TWILIO_${APIS[name].product.toUpperCase()}_BASE_URL`) ?? (regional === undefined ? undefined : (everyApi ?? regional));
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
  private scope: Promise<string[]> | undefined;

  constructor(
    private readonly config: TwilioConfig,
    private readonly client: TwilioClient,
    private readonly checkClient: () => TwilioClient,
    private readonly context: RunContext,
    private readonly throttle: Throttle,
    /** How often a stream being read logs its progress. */
    private readonly progressIntervalMs: number,
  ) {}

  async check(): Promise<ConnectionStatus> {
    const client = this.checkClient();
    let accounts: string[] | undefined;
    try {
      accounts = await accountsInScope(client, this.config, (message) => this.context.log('WARN', message));
      await client.fetch('api', `/2010-04-01/Accounts/${this.config.account_sid}/Conferences.json`, { PageSize: '1' });
      this.context.log('INFO', `The credentials can see ${describeAccounts(accounts)} in scope; a sync reads each of them.`);
      await this.logVoiceInsights(client, accounts);
      return { status: 'SUCCEEDED' };
    } catch (error) {
      const translated = this.translate(error);
      const seen = accounts === undefined ? '' : ` (the credentials can see ${describeAccounts(accounts)})`;
      if (translated.failureType === 'config_error') return { status: 'FAILED', message: `${translated.message}${seen}` };
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

  /**
   * Whether the history streams can be read in each account: said in the log, never a reason for `check` to fail, since
   * the other streams need no Advanced Features.
   */
  private async logVoiceInsights(client: TwilioClient, accounts: readonly string[]): Promise<void> {
    const insights = STREAMS.filter((stream) => stream.api === 'insights');
    const streams = insights.map((stream) => stream.name).join(' and ');
    const off: string[] = [];
    try {
      for (const accountSid of accounts) {
        const query: Query = accountSid === this.config.account_sid ? {} : { SubaccountSid: accountSid };
        const settings = await client.fetch('insights', '/v1/Voice/Settings', query);
        if (settings['advanced_features'] !== true) off.push(accountSid);
      }
    } catch (error) {
      // In the streams' terms: in a region where Twilio may not run Voice Insights, that is what a failure says.
      const reason = error instanceof TwilioApiUnavailableError ? error.message : this.translate(error, insights[0]).message;
      this.context.log('WARN', `Could not learn whether ${streams} can be read: ${reason}`);
      return;
    }
    if (off.length === 0) return;
    this.context.log(
      'WARN',
      `Voice Insights Advanced Features are off for ${off.join(', ')}: ${streams} will fail there until they are enabled ` +
        '(Twilio Console > Voice > Settings > Voice Insights Advanced Features). The other streams are not affected.',
    );
  }

  async discover(): Promise<AirbyteCatalog> {
    return { streams: STREAMS.map(airbyteStreamOf) };
  }

  /**
   * Reads the stream for every account in scope, several accounts at once. An account that fails does not stop the
   * others: the stream then fails at the end, naming each failed account in the order of the scope. Progress lines and
   * estimates go out while it runs, and one line at the end.
   */
  async read(request: ReadRequest, sink: RecordSink): Promise<void> {
    const name = request.stream.stream.name;
    const stream = STREAMS.find((candidate) => candidate.name === name);
    if (stream === undefined) throw configError(`This source has no stream "${name}".`);
    const incremental = request.stream.sync_mode === 'incremental';
    const cursors = incremental ? AccountCursors.parse(stream, request.state) : undefined;
    const emit: EmitRecord = (data, changes) => (changes.length === 0 ? sink.record(data) : sink.record(data, changes.map(toRecordChange)));
    this.throttle.onRateLimited = (quotaReset) => void sink.rateLimited(quotaReset);
    const listed = this.accountsOf(stream).catch((error: unknown) => Promise.reject(this.translate(error, stream)));
    // Awaited once the configured account's reading has begun; a failure then ends the stream, never the process.
    listed.catch(() => undefined);
    // The configured account needs no listing, so its reading starts while its subaccounts are listed, unless the read
    // needs Twilio's clock (which the listing's answer gives: what Twilio keeps is reckoned in its time) or
    // `account_sids` may leave it out. A full refresh asks relative to now only from a start date, of a list Twilio
    // keeps for a while.
    const needsTwilioClock = cursors !== undefined || (stream.retentionDays !== undefined && this.config.start_date !== undefined);
    const known = needsTwilioClock || this.config.account_sids !== undefined ? await listed : [this.config.account_sid];
    // A list read for the credentials' account alone has no listing to learn Twilio's clock from.
    if (needsTwilioClock && !this.client.knowsTwilioClock) await this.learnTwilioClock();
    const accounts = [...known];
    const progress = new StreamProgress({
      stream: name,
      accounts: accounts.length,
      ...(stream.parent === undefined ? {} : { parent: stream.parent.stream.name }),
      intervalMs: this.progressIntervalMs,
      log: this.context.log,
      estimate: (rows) => sink.estimate(rows),
      counters: () => this.client.counters,
      concurrencyLimit: () => this.client.concurrencyLimit,
    });
    const now = this.client.now();
    const failures: { account: string; error: ConnectorError }[] = [];
    const readAccount = async (accountSid: string) => {
      const account = progress.startAccount(accountSid);
      const dependencies = {
        client: this.client,
        options: { accountSid: this.config.account_sid, startDate: this.config.start_date, now },
        concurrency: this.config.max_concurrency,
        progress: account,
        log: this.context.log,
      };
      try {
        if (cursors !== undefined) {
          const read = {
            cursor: cursors.cursorOf(accountSid),
            lookbackMinutes: this.config.lookback_window,
            sliceDays: this.config.slice_days,
            checkpoint: (cursor: string) => sink.checkpoint(cursors.advance(accountSid, cursor)),
          };
          await readIncrementally(stream, { accountSid }, read, dependencies, emit);
        } else {
          await readStream(stream, { accountSid }, dependencies, emit);
        }
      } catch (error) {
        this.context.signal.throwIfAborted();
        failures.push({ account: accountSid, error: this.translate(error, stream, accountSid) });
      }
      await account.end();
    };
    let complete = false;
    try {
      const inScope = async function* (): AsyncGenerator<string> {
        yield* known;
        for (const accountSid of await listed) if (!accounts.includes(accountSid)) accounts.push(accountSid);
        progress.accountsInScope(accounts.length);
        yield* accounts.slice(known.length);
      };
      // As many accounts at once as requests: one request each is all most accounts need of a small list or of a
      // sync that finds little new, and the client's bound holds the requests in flight, whatever reads them.
      await forEachConcurrently(inScope(), this.config.max_concurrency, readAccount);
      complete = failures.length === 0;
    } finally {
      await progress.finish(complete);
    }
    failures.sort((one, other) => accounts.indexOf(one.account) - accounts.indexOf(other.account));
    const [only] = failures;
    if (only === undefined) return;
    if (accounts.length === 1) throw only.error;
    const types = new Set(failures.map((failure) => failure.error.failureType));
    throw new ConnectorError(
      types.size === 1 ? only.error.failureType : 'system_error',
      `${failures.length} of ${accounts.length} accounts failed: ` +
        failures.map(({ account, error }) => `account ${account}: ${error.message}`).join(' '),
    );
  }

  /**
   * The accounts a stream is read for: every account in scope, or, for a list of a product API that answers only for
   * the credentials' own account, the configured account alone (reading it per account would repeat its rows).
   */
  private async accountsOf(stream: StreamDefinition): Promise<string[]> {
    if (stream.scope !== 'credentials') return this.accounts();
    // The account list is the one 2010 list of that kind, and it does list the subaccounts: nothing to say of it.
    if (stream.api !== 'api') {
      this.context.log(
        'INFO',
        `${stream.name}: Twilio's ${stream.api} API answers only for the account the credentials belong to, so this ` +
          `stream reads account ${this.config.account_sid} alone, not its subaccounts.`,
      );
    }
    return [this.config.account_sid];
  }

  /**
   * Asks Twilio for the configured account, whose answer's `Date` header gives Twilio's clock. If that fails, the read
   * goes on by this machine's clock: the stream's own requests then tell what is wrong, if anything is.
   */
  private async learnTwilioClock(): Promise<void> {
    await this.client.fetch('api', `/2010-04-01/Accounts/${this.config.account_sid}.json`).catch(() => undefined);
  }

  /** The accounts in scope, listed once per run. */
  private accounts(): Promise<string[]> {
    this.scope ??= accountsInScope(this.client, this.config, (message) => this.context.log('WARN', message));
    return this.scope;
  }

  /** Twilio's errors in the user's terms, with the failure type Airbyte acts on; `account` is the one being read. */
  private translate(error: unknown, stream?: StreamDefinition, account = this.config.account_sid): ConnectorError {
    if (error instanceof ConnectorError) return error;
    if (!(error instanceof TwilioError)) return new ConnectorError('system_error', describe(error), { cause: error });
    const { region } = this.config;
    const code = error.body?.code;
    if (code !== undefined && INSIGHTS_NOT_ENABLED.has(code)) {
      return configError(
        `${stream === undefined ? 'Voice Insights' : `Stream "${stream.name}"`} needs Voice Insights Advanced Features, which Twilio says ` +
          `are not enabled for the account it read (${error.message}). Enable them in the Twilio Console under Voice > ` +
          'Settings > Voice Insights Advanced Features, for each account (subaccounts included) you want history of; ' +
          'summaries exist only for conferences after that.',
        { cause: error },
      );
    }
    const missingHost = error instanceof TwilioUnreachableError && error.kind === 'dns';
    if (stream !== undefined && isUnconfirmedIn(stream.api, region) && (missingHost || error instanceof TwilioNotFoundError)) {
      return configError(
        `Stream "${stream.name}" reads Twilio's ${stream.api} API, which Twilio may not run in region ${region} (its ` +
          `documentation disagrees), and the attempt says it does not: ${error.message.replace(/\.$/, '')}.`,
        { cause: error },
      );
    }
    if (error instanceof TwilioAuthError && account !== this.config.account_sid) {
      return configError(
        `Twilio refused to read subaccount ${account} (${error.message}): it may have been suspended or closed since it ` +
          'was listed, or these credentials may not reach it. Set account_sids to leave it out.',
        { cause: error },
      );
    }
    if (error instanceof TwilioAuthError) {
      const which = this.config.credentials.auth_type === 'api_key' ? 'API key SID and secret' : 'Auth Token';
      const problem = error.status === 403 ? 'refused access to' : 'rejected the credentials for';
      return configError(
        `Twilio ${problem} account ${account} (${error.message}). Check the Account SID and the ${which}, ` +
          `that they belong to that account, and that they were issued in region ${region}.`,
        { cause: error },
      );
    }
    if (error instanceof TwilioNotFoundError && stream?.scope === 'credentials') {
      return configError(
        `${error.message}. Twilio's ${stream.api} API has no list for stream "${stream.name}" in account ${account}: ` +
          `check that the account uses this product and that it is available in region ${region}.`,
        { cause: error },
      );
    }
    if (error instanceof TwilioNotFoundError) {
      return configError(`${error.message}. Check that the Account SID ${this.config.account_sid} is right.`, { cause: error });
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

/** 17000 "Forbidden to access data" and 17007 "Voice Insights not enabled": Advanced Features are off. */
const INSIGHTS_NOT_ENABLED: ReadonlySet<number> = new Set([17000, 17007]);

/** A stream as `discover` shows it, derived from its definition alone. */
function airbyteStreamOf(stream: StreamDefinition): AirbyteStream {
  const cursorField = stream.incremental?.cursorField;
  return {
    name: stream.name,
    // Worked out when the catalog is written: a read looks only at names and sync modes, and 35 schemas cost start-up.
    get json_schema() {
      return toAirbyteJsonSchema(stream.schema);
    },
    supported_sync_modes: cursorField === undefined ? ['full_refresh'] : ['full_refresh', 'incremental'],
    source_defined_primary_key: stream.primaryKey.map((field) => [field]),
    ...(cursorField === undefined ? {} : { source_defined_cursor: true, default_cursor_field: [cursorField] }),
    is_resumable: false,
  };
}

function describeAccounts(accounts: readonly string[]): string {
  return accounts.length === 1 ? `1 account (${accounts[0]})` : `${accounts.length} accounts (${accounts.join(', ')})`;
}

/**
 * Airbyte's reasons name no credential. A URL without its user info is the value shortened, so TRUNCATED; and, like a
 * value that could not be read, it is one the source could not write as Twilio sent it, so SOURCE_SERIALIZATION_ERROR
 * (the protocol's "the field could not be read or written"), the honest reason closest to "it held a credential".
 */
function toRecordChange({ field, change }: FieldChange): RecordChange {
  return { field, change: change === 'nulled' ? 'NULLED' : 'TRUNCATED', reason: 'SOURCE_SERIALIZATION_ERROR' };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
