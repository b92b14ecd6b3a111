/** The simulated 2010-04-01 endpoints and how a request path maps onto them. */

export type RouteKind = 'account' | 'accounts' | 'conferences' | 'conference' | 'participants' | 'other';

export type Route =
  | { kind: 'accounts' }
  | { kind: 'account'; accountSid: string }
  | { kind: 'conferences'; accountSid: string }
  | { kind: 'conference'; accountSid: string; conferenceSid: string }
  | { kind: 'participants'; accountSid: string; conferenceSid: string }
  | { kind: 'other' };

export const ACCOUNT_SID_PATTERN = /^AC[0-9a-fA-F]{32}$/;
export const CONFERENCE_SID_PATTERN = /^CF[0-9a-fA-F]{32}$/;

const ACCOUNTS_PATH = /^\/2010-04-01\/Accounts\.json$/;
const ACCOUNT_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\.json$/;
const CONFERENCES_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Conferences\.json$/;
const CONFERENCE_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Conferences\/([^/]+)\.json$/;
const PARTICIPANTS_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Conferences\/([^/]+)\/Participants\.json$/;

/** Classifies a path (without its query). Only `.json` paths are routes; anything else is `other`. */
export function parseRoute(pathname: string): Route {
  if (ACCOUNTS_PATH.test(pathname)) return { kind: 'accounts' };
  let match = PARTICIPANTS_PATH.exec(pathname);
  if (match?.[1] !== undefined && match[2] !== undefined) {
    return { kind: 'participants', accountSid: match[1], conferenceSid: match[2] };
  }
  match = CONFERENCE_PATH.exec(pathname);
  if (match?.[1] !== undefined && match[2] !== undefined) {
    return { kind: 'conference', accountSid: match[1], conferenceSid: match[2] };
  }
  match = CONFERENCES_PATH.exec(pathname);
  if (match?.[1] !== undefined) return { kind: 'conferences', accountSid: match[1] };
  match = ACCOUNT_PATH.exec(pathname);
  if (match?.[1] !== undefined) return { kind: 'account', accountSid: match[1] };
  return { kind: 'other' };
}
