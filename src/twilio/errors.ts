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
