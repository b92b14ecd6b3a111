import { accountsInScope } from './account-scope.js';
import { airbyteStreamOf } from './catalog.js';
import { checkConnection } from './check.js';
import { basicCredentials, readConfig, type TwilioConfig } from './config.js';
import { checkBudget, millisecondsOf, readBudget, twilioClient, type Environment, type Throttle } from './environment.js';
import type { OpenSource, ReadRequest, RecordSink, RunContext, Source } from './protocol/connector.js';
import { ConnectorError, configError } from './protocol/errors.js';
import type { AirbyteCatalog, ConnectionStatus, FailureType } from './protocol/messages.js';
import { UndeclaredFields } from './reading/lists.js';
import { planStream, type AccountScope } from './reading/plan.js';
import { readPlannedStream } from './reading/stream-read.js';
import { loadSpecification } from './spec.js';
import type { StreamDefinition } from './streams/definition.js';
import { STREAMS } from './streams/index.js';
import type { TwilioClient } from './twilio/client.js';
import { explain, TwilioError, type Blame } from './twilio/errors.js';
import { proxySecrets, proxySettingsOf } from './twilio/proxy.js';

export type { Environment } from './environment.js';

/** The Airbyte source for Twilio: the protocol layer runs it, the stream definitions say what it reads. */
export class TwilioSource implements Source<TwilioConfig> {
  readonly specification = loadSpecification();
  /** How a config in an older shape was read, told once when the source is opened. */
  private configNotes: string[] = [];

  constructor(
    private readonly environment: Environment = process.env,
    /** The streams it offers; every one of `src/streams/` but in tests. */
    private readonly streams: readonly StreamDefinition[] = STREAMS,
  ) {}

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
    const budget = readBudget(this.environment);
    const client = twilioClient(config, this.environment, context, throttle, budget);
    const progressIntervalMs = Math.max(1, millisecondsOf(this.environment, 'TWILIO_PROGRESS_INTERVAL_MS', 10_000));
    const checkClient = () => twilioClient(config, this.environment, context, throttle, checkBudget(budget));
    return new TwilioRun({ config, client, checkClient, context, throttle, progressIntervalMs, streams: this.streams });
  }
}

interface RunParts {
  readonly config: TwilioConfig;
  readonly client: TwilioClient;
  readonly checkClient: () => TwilioClient;
  readonly context: RunContext;
  readonly throttle: Throttle;
  readonly progressIntervalMs: number;
  readonly streams: readonly StreamDefinition[];
}

const FAILURE_TYPES: Record<Blame, FailureType> = { configuration: 'config_error', transient: 'transient_error', unexpected: 'system_error' };

/** The source opened for one run: its config, its one client, and the accounts in scope, listed once. */
class TwilioRun implements OpenSource {
  private listing: Promise<string[]> | undefined;
  private readonly undeclared = new UndeclaredFields();

  constructor(private readonly parts: RunParts) {}

  check(): Promise<ConnectionStatus> {
    const { config, checkClient, streams, context } = this.parts;
    return checkConnection({ config, client: checkClient(), streams, context, translate: (error, stream) => this.translate(error, stream) });
  }

  async discover(): Promise<AirbyteCatalog> {
    return { streams: this.parts.streams.map(airbyteStreamOf) };
  }

  /** Plans the stream's read (accounts, Twilio's clock, windows, the state it goes on from), then runs the plan. */
  async read(request: ReadRequest, sink: RecordSink): Promise<void> {
    const { config, client, context, throttle, progressIntervalMs, streams } = this.parts;
    const name = request.stream.stream.name;
    const stream = streams.find((candidate) => candidate.name === name);
    if (stream === undefined) throw configError(`This source has no stream "${name}".`);
    throttle.onRateLimited = (quotaReset) => void sink.rateLimited(quotaReset);
    const translate = (error: unknown, account = config.account_sid) => this.translate(error, stream, account);
    const scope: AccountScope = {
      configured: config.account_sid,
      narrowed: config.account_sids !== undefined,
      listed: () => this.accounts().catch((error: unknown) => Promise.reject(translate(error))),
    };
    const clock = {
      now: () => client.now(),
      // Asks for the configured account, whose answer's Date header gives the clock. If that fails, the read goes on
      // by this machine's clock: the stream's own requests then tell what is wrong, if anything is.
      learn: async () => {
        if (!client.knowsTwilioClock) await client.fetch('api', `/2010-04-01/Accounts/${config.account_sid}.json`).catch(() => undefined);
      },
    };
    const plan = await planStream({ stream, mode: request.stream.sync_mode, state: request.state, config, scope, clock }).catch((error: unknown) =>
      Promise.reject(translate(error)),
    );
    await readPlannedStream(plan, { config, client, context, progressIntervalMs, undeclared: this.undeclared, translate }, sink);
  }

  /** The accounts in scope, listed once per run; a failure to list them is kept, to fail each stream that needs them. */
  private accounts(): Promise<string[]> {
    const { client, config, context } = this.parts;
    this.listing ??= accountsInScope(client, config, (message) => context.log('WARN', message));
    // Handled here too: a stream that reads the configured account first may end before it asks for the listing.
    this.listing.catch(() => undefined);
    return this.listing;
  }

  /** Twilio's errors in the user's terms (`FAILURES` of `twilio/errors.ts`), with the failure type Airbyte acts on. */
  private translate(error: unknown, stream?: StreamDefinition, account = this.parts.config.account_sid): ConnectorError {
    if (error instanceof ConnectorError) return error;
    if (!(error instanceof TwilioError)) {
      return new ConnectorError('system_error', error instanceof Error ? `${error.name}: ${error.message}` : String(error), { cause: error });
    }
    const { config } = this.parts;
    const context = { account, configuredAccount: config.account_sid, region: config.region, credentials: config.credentials.auth_type };
    const { blame, message } = explain(error, stream === undefined ? context : { ...context, stream });
    return new ConnectorError(FAILURE_TYPES[blame], message, { cause: error });
  }
}
