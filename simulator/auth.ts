/** HTTP Basic authentication and account scoping, as the 2010 API applies them (reference §7). */
import type { AccountFixture, Dataset, Region } from './dataset.js';
import { authenticationError, type ApiError } from './responses.js';

export interface Principal {
  account: AccountFixture;
  credential: 'auth-token' | 'api-key';
}

export type AuthOutcome = { ok: true; principal: Principal } | { ok: false; error: ApiError };

/** Account auth tokens are modelled as issued in us1, where every account's default token lives. */
const AUTH_TOKEN_REGION: Region = 'us1';

function isMainAccount(account: AccountFixture): boolean {
  return account.ownerAccountSid === account.sid;
}

export function inactiveAccountError(account: AccountFixture): ApiError {
  return authenticationError(`The account ${account.sid} is ${account.status}.`);
}

function parseBasic(header: string | undefined): { username: string; password: string } | undefined {
  const match = header === undefined ? null : /^Basic\s+(\S+)$/i.exec(header);
  if (match?.[1] === undefined) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  return separator < 0 ? undefined : { username: decoded.slice(0, separator), password: decoded.slice(separator + 1) };
}

export class Authenticator {
  private readonly keysBySid = new Map<string, { account: AccountFixture; secret: string; region: Region }>();

  constructor(
    private readonly dataset: Dataset,
    private readonly region: Region,
  ) {
    for (const account of dataset.accounts) {
      for (const key of account.apiKeys) this.keysBySid.set(key.sid, { account, secret: key.secret, region: key.region });
    }
  }

  authenticate(authorization: string | undefined): AuthOutcome {
    const credentials = parseBasic(authorization);
    const principal = credentials === undefined ? undefined : this.identify(credentials.username, credentials.password);
    if (principal === undefined) return { ok: false, error: authenticationError() };
    if (principal.account.status !== 'active') return { ok: false, error: inactiveAccountError(principal.account) };
    return { ok: true, principal };
  }

  private identify(username: string, password: string): Principal | undefined {
    if (username.startsWith('AC')) {
      const account = this.dataset.account(username);
      const valid = account !== undefined && account.authToken === password && this.region === AUTH_TOKEN_REGION;
      return valid ? { account, credential: 'auth-token' } : undefined;
    }
    if (username.startsWith('SK')) {
      const key = this.keysBySid.get(username);
      const valid = key !== undefined && key.secret === password && key.region === this.region;
      return valid ? { account: key.account, credential: 'api-key' } : undefined;
    }
    return undefined;
  }
}

/**
 * An account's own credentials reach only that account; a main account's auth token also reaches its subaccounts.
 * API keys are limited to their own account (reference §7: main-account keys and subaccounts conflict in the docs).
 */
function canAccess(principal: Principal, target: AccountFixture): boolean {
  if (principal.account.sid === target.sid) return true;
  return (
    principal.credential === 'auth-token' && isMainAccount(principal.account) && target.ownerAccountSid === principal.account.sid
  );
}

/** What `Accounts.json` lists for the caller: the caller's account plus, for a main auth token, its subaccounts. */
export function visibleAccounts(principal: Principal, dataset: Dataset): AccountFixture[] {
  return dataset.accounts.filter((account) => canAccess(principal, account));
}
