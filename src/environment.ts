import { basicCredentials, type TwilioConfig } from './config.js';
import type { RunContext } from './protocol/connector.js';
import { configError } from './protocol/errors.js';
import { API_NAMES, APIS, apiOrigin, type ApiName } from './twilio/apis.js';
import { TwilioClient, type TwilioClientOptions } from './twilio/client.js';
import { TwilioRequestError } from './twilio/errors.js';
import { proxySettingsOf } from './twilio/proxy.js';

/**
 * The environment the source reads: `TWILIO_API_BASE_URL` replaces every Twilio host at once, the 2010 API's by the URL
 * itself and each other API's by the URL followed by its name (`…/conversations`): the simulator serves every API on
 * one origin, and two of Twilio's APIs have the same paths (`/v1/Services`). `TWILIO_<API>_BASE_URL` replaces one API's
 * host, winning over the first. Plain http only to loopback.
 * `TWILIO_REQUEST_TIMEOUT_MS`, `TWILIO_RETRY_BASE_DELAY_MS` and `TWILIO_PROGRESS_INTERVAL_MS` tune a run; the proxy
 * variables are `proxy.ts`'s.
 */
export type Environment = Readonly<Record<string, string | undefined>>;

/** How long one request may take and how it is retried. */
export type RequestBudget = Pick<TwilioClientOptions, 'timeoutMs' | 'retry'>;

/** Where the client's 429s go: the stream being read, which reports itself RATE_LIMITED. */
export interface Throttle {
  onRateLimited?: (quotaReset: number) => void;
}

export function settingOf(environment: Environment, name: string): string | undefined {
  const value = environment[name];
  return value === undefined || value === '' ? undefined : value;
}

export function millisecondsOf(environment: Environment, name: string, fallback: number): number {
  const text = settingOf(environment, name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) {
    throw configError(`The environment variable ${name} must be a number of milliseconds, not "${text}".`);
  }
  return value;
}

/** A read's budget: requests of up to 30 s, six attempts with backoff from 1 s. */
export function readBudget(environment: Environment): RequestBudget {
  return {
    timeoutMs: millisecondsOf(environment, 'TWILIO_REQUEST_TIMEOUT_MS', 30_000),
    retry: { maxAttempts: 6, baseDelayMs: millisecondsOf(environment, 'TWILIO_RETRY_BASE_DELAY_MS', 1_000), maxDelayMs: 30_000, maxRetryAfterMs: 120_000 },
  };
}

/** `check` answers a person waiting at a form: a few attempts of a few seconds, whatever a read may take. */
export function checkBudget({ timeoutMs, retry }: RequestBudget): RequestBudget {
  return {
    timeoutMs: Math.min(timeoutMs, 5_000),
    retry: { maxAttempts: 3, baseDelayMs: Math.min(retry.baseDelayMs, 500), maxDelayMs: 2_000, maxRetryAfterMs: 2_000 },
  };
}

/** The origin of each API in the configured region, as the environment may override it. */
export function originsOf(config: TwilioConfig, environment: Environment): Partial<Record<ApiName, string>> {
  const everyApi = settingOf(environment, 'TWILIO_API_BASE_URL');
  const origins: Partial<Record<ApiName, string>> = {};
  for (const name of API_NAMES) {
    // TWILIO_API_BASE_URL stands for the hosts the region has; a host of its own stands for one API wherever.
    const regional = apiOrigin(name, config.region);
    const { product } = APIS[name];
    const everyApiOrigin = everyApi === undefined || name === 'api' ? everyApi : `${everyApi.replace(/\/$/, '')}/${product}`;
    const origin = settingOf(environment, `TWILIO_${product.toUpperCase()}_BASE_URL`) ?? (regional === undefined ? undefined : (everyApiOrigin ?? regional));
    if (origin !== undefined) origins[name] = origin;
  }
  return origins;
}

/** The run's Twilio client: retries are WARNed, throttling goes to the stream being read. */
export function twilioClient(config: TwilioConfig, environment: Environment, context: RunContext, throttle: Throttle, budget: RequestBudget): TwilioClient {
  try {
    return new TwilioClient({
      origins: originsOf(config, environment),
      ...basicCredentials(config),
      maxConcurrency: config.max_concurrency,
      ...budget,
      signal: context.signal,
      userAgent: 'source-twilio (Airbyte source)',
      proxy: proxySettingsOf(environment),
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
