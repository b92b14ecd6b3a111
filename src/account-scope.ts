import type { TwilioConfig } from './config.js';
import { configError } from './protocol/errors.js';
import type { TwilioClient } from './twilio/client.js';
import { TwilioAuthError } from './twilio/errors.js';

/**
 * The accounts a sync reads, in order: the configured account first, exactly once, then every active subaccount the
 * credentials can list (unless `subaccounts` is `none`), narrowed to `account_sids` when it is set. Credentials that
 * may not list accounts (a Standard API key) read the configured account only, with one WARN that says why.
 */
export async function accountsInScope(
  client: TwilioClient,
  config: TwilioConfig,
  warn: (message: string) => void,
): Promise<string[]> {
  const configured = config.account_sid;
  const visible = [configured];
  if (config.subaccounts === 'all') {
    try {
      const list = { api: 'api', path: '/2010-04-01/Accounts.json', itemsKey: 'accounts', query: { Status: 'active' } } as const;
      for await (const page of client.pages(list)) {
        for (const item of page) {
          const sid = (item as { sid?: unknown }).sid;
          if (typeof sid === 'string' && sid !== '' && !visible.includes(sid)) visible.push(sid);
        }
      }
    } catch (error) {
      if (!(error instanceof TwilioAuthError)) throw error;
      // Credentials that are wrong altogether fail here too: then that, not the listing, is what the user must fix.
      await client.fetch('api', `/2010-04-01/Accounts/${configured}.json`);
      warn(
        `These credentials may not list the subaccounts of ${configured} (${error.message}), so only that account is ` +
          "read. To read its subaccounts too, use the account's Auth Token or a Main API key, or set subaccounts to none.",
      );
    }
  }
  const wanted = config.account_sids;
  if (wanted === undefined) return visible;
  const unknown = wanted.filter((sid) => !visible.includes(sid));
  if (unknown.length > 0) {
    throw configError(
      `account_sids lists ${unknown.join(', ')}: neither the configured account ${configured} nor an active subaccount ` +
        `these credentials can see (${visible.join(', ')}).`,
    );
  }
  return visible.filter((sid) => wanted.includes(sid));
}
