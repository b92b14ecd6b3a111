import { accountsInScope } from './account-scope.js';
import type { TwilioConfig } from './config.js';
import type { RunContext } from './protocol/connector.js';
import type { ConnectorError } from './protocol/errors.js';
import type { ConnectionStatus } from './protocol/messages.js';
import type { StreamDefinition } from './streams/definition.js';
import type { Query, TwilioClient } from './twilio/client.js';
import { TwilioApiUnavailableError, TwilioUnavailableError } from './twilio/errors.js';

export interface CheckInputs {
  readonly config: TwilioConfig;
  /** A client with `check`'s short budget. */
  readonly client: TwilioClient;
  readonly streams: readonly StreamDefinition[];
  readonly context: RunContext;
  translate(error: unknown, stream?: StreamDefinition): ConnectorError;
}

/**
 * Whether a sync can run: the accounts in scope are listed and the first page of the first stream this configuration
 * reads per account is asked for, for the first of them. A failure the user can mend is a FAILED status saying how;
 * whether the history streams can be read is said in the log, never a reason to fail.
 */
export async function checkConnection({ config, client, streams, context, translate }: CheckInputs): Promise<ConnectionStatus> {
  let accounts: string[] | undefined;
  try {
    accounts = await accountsInScope(client, config, (message) => context.log('WARN', message));
    const probe = streams.find((stream) => stream.parent === undefined && stream.scope !== 'credentials' && client.serves(stream.api));
    const [first = config.account_sid] = accounts;
    if (probe !== undefined) {
      const options = { accountSid: config.account_sid, startDate: config.start_date, now: client.now() };
      const account = { accountSid: first };
      await client.fetch(probe.api, probe.path(account), { ...probe.query?.(options, account), PageSize: '1' });
    }
    context.log('INFO', `The credentials can see ${describeAccounts(accounts)} in scope; a sync reads each of them.`);
    await logVoiceInsights({ config, client, streams, context, translate }, accounts);
    return { status: 'SUCCEEDED' };
  } catch (error) {
    const translated = translate(error);
    const seen = accounts === undefined ? '' : ` (the credentials can see ${describeAccounts(accounts)})`;
    if (translated.failureType === 'config_error') return { status: 'FAILED', message: `${translated.message}${seen}` };
    // No answer at all is a setup problem (network, proxy, firewall) for the person at the form, not a crash.
    if (error instanceof TwilioUnavailableError && error.status === undefined) {
      const advice =
        `Check that this machine can reach Twilio in region ${config.region}: its network and firewall, and the proxy ` +
        'settings HTTPS_PROXY and NO_PROXY if it must go through a proxy.';
      return { status: 'FAILED', message: `${translated.message.replace(/\.?$/, '.')} ${advice}` };
    }
    throw translated;
  }
}

/** Whether the history streams can be read in each account: said in the log, since the other streams need no Advanced Features. */
async function logVoiceInsights({ config, client, streams, context, translate }: CheckInputs, accounts: readonly string[]): Promise<void> {
  const insights = streams.filter((stream) => stream.api === 'insights');
  if (insights.length === 0) return;
  const names = new Intl.ListFormat('en').format(insights.map((stream) => stream.name));
  const off: string[] = [];
  try {
    for (const accountSid of accounts) {
      const query: Query = accountSid === config.account_sid ? {} : { SubaccountSid: accountSid };
      const settings = await client.fetch('insights', '/v1/Voice/Settings', query);
      if (settings['advanced_features'] !== true) off.push(accountSid);
    }
  } catch (error) {
    // In the streams' terms: in a region where Twilio may not run Voice Insights, that is what a failure says.
    const reason = error instanceof TwilioApiUnavailableError ? error.message : translate(error, insights[0]).message;
    context.log('WARN', `Could not learn whether ${names} can be read: ${reason}`);
    return;
  }
  if (off.length === 0) return;
  context.log(
    'WARN',
    `Voice Insights Advanced Features are off for ${off.join(', ')}: ${names} will fail there until they are enabled ` +
      '(Twilio Console > Voice > Settings > Voice Insights Advanced Features). The other streams are not affected.',
  );
}

function describeAccounts(accounts: readonly string[]): string {
  return accounts.length === 1 ? `1 account (${accounts[0]})` : `${accounts.length} accounts (${accounts.join(', ')})`;
}
