import * as z from 'zod';
import { defineStream, twilioDateTime } from './definition.js';

/**
 * Twilio's account resource, every field of its OpenAPI description but one: `auth_token`, the account's Auth Token,
 * which Twilio sends in every item of the list (the main account's and each subaccount's). It is a credential, so it
 * is not in this schema and no record carries it.
 */
export const accountSchema = z
  .object({
    sid: z.string(),
    owner_account_sid: z.string().nullable().describe('The main account: the account itself for a main account.'),
    friendly_name: z.string().nullable(),
    status: z.string().nullable().describe('Known values: active, suspended, closed (Twilio may add others).'),
    type: z.string().nullable().describe('Known values: Trial, Full (Twilio may add others).'),
    date_created: twilioDateTime(),
    date_updated: twilioDateTime(),
    uri: z.string().nullable(),
    subresource_uris: z.looseObject({}).nullable().describe("The account's lists, each a URI relative to Twilio's API host."),
  })
  .describe(
    "A Twilio account: the credentials' own and its subaccounts. Dropped because it holds a credential: auth_token " +
      "(the account's Auth Token), which Twilio sends but this stream never emits.",
  );
export type Account = z.infer<typeof accountSchema>;

/**
 * `Accounts.json` lists the account the credentials belong to and its subaccounts (those a Standard API key cannot
 * see are not listed to it), so its path names no account.
 */
export const accounts = defineStream({
  name: 'accounts',
  description:
    '[Accounts](https://www.twilio.com/docs/iam/api/account): the account of the credentials and, with the main account\'s Auth Token, its subaccounts (an API key sees only its own account); **`auth_token` is dropped** (see below)',
  api: 'api',
  path: () => '/2010-04-01/Accounts.json',
  itemsKey: 'accounts',
  schema: accountSchema,
  primaryKey: ['sid'],
  // The list is the credentials' own account and the subaccounts they may see, whichever account is in scope.
  scope: 'credentials',
  omitted: ['auth_token'],
});
