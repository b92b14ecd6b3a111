/** Response values the handlers produce before delivery, and Twilio's error bodies. */
import { STATUS_CODES } from 'node:http';

export interface ApiError {
  status: number;
  code: number;
  message: string;
  detail?: string;
}

export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export const JSON_CONTENT_TYPE = 'application/json';
export const DEFAULT_AUTH_DETAIL = 'Your AccountSid or AuthToken was incorrect.';

export function jsonResponse(status: number, body: string): SimResponse {
  return { status, headers: { 'Content-Type': JSON_CONTENT_TYPE }, body };
}

/** Twilio's legacy error body, keys in the order the live API sends them. */
export function errorResponse(error: ApiError, extraHeaders: Record<string, string> = {}): SimResponse {
  const body = {
    code: error.code,
    ...(error.detail === undefined ? {} : { detail: error.detail }),
    message: error.message,
    more_info: `https://www.twilio.com/docs/errors/${error.code}`,
    status: error.status,
  };
  const headers: Record<string, string> = { 'Content-Type': JSON_CONTENT_TYPE, ...extraHeaders };
  if (error.status === 401) headers['WWW-Authenticate'] = 'Basic realm="Twilio API"';
  return { status: error.status, headers, body: JSON.stringify(body) };
}

export function authenticationError(detail: string = DEFAULT_AUTH_DETAIL): ApiError {
  return { status: 401, code: 20003, message: 'Authenticate', detail };
}

export function notFoundError(path: string): ApiError {
  return { status: 404, code: 20404, message: `The requested resource ${path} was not found` };
}

export function invalidParameterError(message: string): ApiError {
  return { status: 400, code: 20001, message };
}

export function methodNotAllowedError(): ApiError {
  return { status: 405, code: 20004, message: 'Method not allowed' };
}

/** An error for an arbitrary HTTP status, with Twilio's habit of numbering codes 20000 + status (20429, 20500...). */
export function statusError(status: number, code?: number): ApiError {
  if (status === 401) return { ...authenticationError(), ...(code === undefined ? {} : { code }) };
  return { status, code: code ?? 20_000 + status, message: STATUS_CODES[status] ?? 'Error' };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The 2010 API answers in XML without the `.json` suffix; the simulator serves only JSON, so such paths are 404. */
export function xmlNotFoundResponse(path: string): SimResponse {
  const error = notFoundError(path);
  const body =
    `<?xml version='1.0' encoding='UTF-8'?>\n<TwilioResponse><RestException><Code>${error.code}</Code>` +
    `<Message>${escapeXml(error.message)}</Message><MoreInfo>https://www.twilio.com/docs/errors/${error.code}</MoreInfo>` +
    `<Status>${error.status}</Status></RestException></TwilioResponse>`;
  return { status: 404, headers: { 'Content-Type': 'application/xml' }, body };
}
