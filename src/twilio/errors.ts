import { isUnconfirmedIn, type ApiName, type Region } from './apis.js';

/** Twilio's error body: `{"code": 20003, "message": "Authenticate", "more_info": "...", "status": 401}`. */
export interface TwilioErrorBody {
  code?: number;
  message?: string;
  detail?: string;
  more_info?: string;
}

/** Base of every error the client throws; `describe` says what happened in words fit for the user. */
export class TwilioError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly body?: TwilioErrorBody,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 401/403: the credentials were rejected, or lack permission, for this account. */
export class TwilioAuthError extends TwilioError {}

/** 404: the resource does not exist (for example a conference that just ended). */
export class TwilioNotFoundError extends TwilioError {}

/** Any other 4xx, or a response the client cannot understand: retrying will not help. */
export class TwilioRequestError extends TwilioError {}

/** 429, 5xx, network failures, timeouts and unreadable bodies that persisted through every retry. */
export class TwilioUnavailableError extends TwilioError {}

/**
 * No HTTP answer at all: the host's name did not resolve (`dns`), its certificate did not verify (`certificate`), or
 * no connection could be made or kept (`network`). `host` is the one tried; `code` Node's error code.
 */
export class TwilioUnreachableError extends TwilioUnavailableError {
  constructor(
    message: string,
    readonly host: string,
    readonly kind: 'dns' | 'certificate' | 'network' | 'proxy',
    readonly code: string,
  ) {
    super(message);
  }
}

/** `HTTP 401, Twilio error 20003: Authenticate (Your AccountSid or AuthToken was incorrect.)` */
export function describeResponse(status: number, body: TwilioErrorBody | undefined): string {
  const parts = [`HTTP ${status}`];
  if (body?.code !== undefined) parts.push(`Twilio error ${body.code}`);
  const text = [body?.message, body?.detail].filter((value) => typeof value === 'string' && value !== '').join(': ');
  return text === '' ? parts.join(', ') : `${parts.join(', ')}: ${text}`;
}

/** The API has no host in the configured region. */
export class TwilioApiUnavailableError extends TwilioError {
  constructor(readonly api: string) {
    super(`Twilio's ${api} API is not available in the configured region.`);
  }
}

/** Who can mend a failure: the user (credentials, region, what the account has), nobody (it passes), or the code. */
export type Blame = 'configuration' | 'transient' | 'unexpected';

/** What a failure happened in: the stream being read (if any), the account, and the settings a message names. */
export interface FailureContext {
  readonly stream?: { readonly name: string; readonly api: ApiName; readonly scope?: 'account' | 'credentials' };
  /** The account being read when it failed. */
  readonly account: string;
  readonly configuredAccount: string;
  readonly region: Region;
  readonly credentials: 'api_key' | 'auth_token';
}

/** One row of the table: the failures it covers (status, Twilio error code, kind of error), whose they are, and what a person reads. */
export interface FailureRule {
  /** A row's name, for its test and for a reader of the table. */
  readonly name: string;
  readonly when: string;
  readonly blame: Blame;
  matches(error: TwilioError, context: FailureContext): boolean;
  message(error: TwilioError, context: FailureContext): string;
}

/** 17000 "Forbidden to access data" and 17007 "Voice Insights not enabled": Advanced Features are off. */
const INSIGHTS_NOT_ENABLED: ReadonlySet<number> = new Set([17000, 17007]);

const unreachable = (kind: TwilioUnreachableError['kind']) => (error: TwilioError) => error instanceof TwilioUnreachableError && error.kind === kind;
const readerOf = ({ stream }: FailureContext) => (stream === undefined ? 'This' : `Stream "${stream.name}"`);
const withoutStop = (text: string) => text.replace(/\.$/, '');

/**
 * Every Twilio failure a read or a check can end with, first match wins: which are the user's to mend (and how), which
 * pass, and which are a fault of this code. `explain` applies it.
 */
export const FAILURES: readonly FailureRule[] = [
  {
    name: 'voice-insights-off',
    when: 'Twilio error 17000 or 17007 (any status)',
    blame: 'configuration',
    matches: (error) => error.body?.code !== undefined && INSIGHTS_NOT_ENABLED.has(error.body.code),
    message: (error, { stream }) =>
      `${stream === undefined ? 'Voice Insights' : `Stream "${stream.name}"`} needs Voice Insights Advanced Features, which Twilio says ` +
      `are not enabled for the account it read (${error.message}). Enable them in the Twilio Console under Voice > ` +
      'Settings > Voice Insights Advanced Features, for each account (subaccounts included) you want history of; ' +
      'summaries exist only for conferences and calls after that.',
  },
  {
    name: 'api-maybe-not-in-region',
    when: 'a host that does not resolve, or 404, from an API Twilio may not run in the region',
    blame: 'configuration',
    matches: (error, { stream, region }) =>
      stream !== undefined && isUnconfirmedIn(stream.api, region) && (unreachable('dns')(error) || error instanceof TwilioNotFoundError),
    message: (error, { stream, region }) =>
      `Stream "${stream?.name}" reads Twilio's ${stream?.api} API, which Twilio may not run in region ${region} (its ` +
      `documentation disagrees), and the attempt says it does not: ${withoutStop(error.message)}.`,
  },
  {
    name: 'subaccount-refused',
    when: 'HTTP 401 or 403 for a subaccount',
    blame: 'configuration',
    matches: (error, { account, configuredAccount }) => error instanceof TwilioAuthError && account !== configuredAccount,
    message: (error, { account }) =>
      `Twilio refused to read subaccount ${account} (${error.message}): it may have been suspended or closed since it ` +
      'was listed, or these credentials may not reach it. Set account_sids to leave it out.',
  },
  {
    name: 'credentials-refused',
    when: 'HTTP 401 or 403 for the configured account',
    blame: 'configuration',
    matches: (error) => error instanceof TwilioAuthError,
    message: (error, { account, credentials, region }) =>
      `Twilio ${error.status === 403 ? 'refused access to' : 'rejected the credentials for'} account ${account} (${error.message}). ` +
      `Check the Account SID and the ${credentials === 'api_key' ? 'API key SID and secret' : 'Auth Token'}, ` +
      `that they belong to that account, and that they were issued in region ${region}.`,
  },
  {
    name: 'product-list-missing',
    when: "HTTP 404 from a list of the credentials' account",
    blame: 'configuration',
    matches: (error, { stream }) => error instanceof TwilioNotFoundError && stream?.scope === 'credentials',
    message: (error, { stream, account, region }) =>
      `${error.message}. Twilio's ${stream?.api} API has no list for stream "${stream?.name}" in account ${account}: ` +
      `check that the account uses this product and that it is available in region ${region}.`,
  },
  {
    name: 'account-not-found',
    when: 'HTTP 404 from a list of an account',
    blame: 'configuration',
    matches: (error) => error instanceof TwilioNotFoundError,
    message: (error, { configuredAccount }) => `${error.message}. Check that the Account SID ${configuredAccount} is right.`,
  },
  {
    name: 'api-not-in-region',
    when: 'an API without a host in the region',
    blame: 'configuration',
    matches: (error) => error instanceof TwilioApiUnavailableError,
    message: (error, context) => `${readerOf(context)} reads Twilio's ${(error as TwilioApiUnavailableError).api} API, which Twilio does not run in region ${context.region}.`,
  },
  {
    name: 'host-unknown',
    when: 'a host name that does not resolve (DNS)',
    blame: 'configuration',
    matches: unreachable('dns'),
    message: (error, { region }) =>
      `${error.message}. Check the region (${region}) and any TWILIO_*_BASE_URL, and the network's DNS and proxy settings.`,
  },
  {
    name: 'certificate-unverified',
    when: 'a TLS certificate that does not verify',
    blame: 'configuration',
    matches: unreachable('certificate'),
    message: (error) =>
      `${error.message}. A proxy or firewall that inspects TLS must have its CA certificate trusted (NODE_EXTRA_CA_CERTS); ` +
      "check the proxy settings and this machine's clock.",
  },
  {
    name: 'proxy-refused',
    when: 'a proxy that refuses the tunnel',
    blame: 'configuration',
    matches: unreachable('proxy'),
    message: (error) => `${error.message}. Check the proxy's address and credentials in HTTPS_PROXY, and NO_PROXY.`,
  },
  {
    name: 'unavailable',
    when: 'HTTP 429 or 5xx, a timeout, a broken or unreadable answer, or no connection, after every retry',
    blame: 'transient',
    matches: (error) => error instanceof TwilioUnavailableError,
    message: (error) => error.message,
  },
  {
    name: 'request-refused',
    when: 'any other HTTP 4xx, or an answer without its list',
    blame: 'unexpected',
    matches: () => true,
    message: (error) => error.message,
  },
];

/** The first row of the table that covers the failure: whose it is and the sentence a person reads. */
export function explain(error: TwilioError, context: FailureContext): { rule: FailureRule; blame: Blame; message: string } {
  const rule = FAILURES.find((candidate) => candidate.matches(error, context)) ?? FAILURES[FAILURES.length - 1];
  if (rule === undefined) throw new TypeError('The failure table is empty.');
  return { rule, blame: rule.blame, message: rule.message(error, context) };
}
