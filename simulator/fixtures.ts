/** The default fixture: one main account, an active and a suspended subaccount. All credentials are fake. */
import type { AccountFixture, DatasetOptions } from './dataset.js';

export const MAIN_ACCOUNT_SID = 'ACa11ce000000000000000000000000001';
export const MAIN_AUTH_TOKEN = 'a11cea11cea11cea11cea11cea11ce01';
/** A key of the main account issued in us1. */
export const MAIN_API_KEY_SID = 'SKa11ce000000000000000000000000001';
export const MAIN_API_KEY_SECRET = '5ec7e7a11ce5ec7e7a11ce5ec7e7a101';
/** A key of the main account issued in ie1: rejected (401/20003) by a us1 simulator. */
export const IE1_API_KEY_SID = 'SKa11ce0000000000000000000000001e1';
export const IE1_API_KEY_SECRET = '5ec7e7a11ce5ec7e7a11ce5ec7e71e01';

/** Passwords in the user info of a phone number's status callback URL (`https://twilio:…@hooks.example.com/…`). */
export const MAIN_WEBHOOK_PASSWORD = 'w3bh00k5ec7e7a11ce';
export const SUBACCOUNT_WEBHOOK_PASSWORD = 'w3bh00k5ec7e7b0b02';

export const SUBACCOUNT_SID = 'ACb0b00000000000000000000000000002';
export const SUBACCOUNT_AUTH_TOKEN = 'b0bb0bb0bb0bb0bb0bb0bb0bb0bb0b02';

export const SUSPENDED_SUBACCOUNT_SID = 'ACca401000000000000000000000000003';
export const SUSPENDED_SUBACCOUNT_AUTH_TOKEN = 'ca401ca401ca401ca401ca401ca40103';

/**
 * The clock of a simulator that shows the default fixture to a person or a recorded test (the demo, the acceptance
 * tests, the image test): noon of the day of its conferences, so that Voice Insights, which keeps 30 days, holds all
 * of them, and the expected records do not change with the day they are read on.
 */
export const DEFAULT_CLOCK = '2025-06-01T12:00:00Z';

export const DEFAULT_FIXTURE: DatasetOptions = {
  seed: 1,
  accounts: [
    {
      sid: MAIN_ACCOUNT_SID,
      authToken: MAIN_AUTH_TOKEN,
      friendlyName: 'Alice Main Account',
      status: 'active',
      ownerAccountSid: MAIN_ACCOUNT_SID,
      apiKeys: [
        { sid: MAIN_API_KEY_SID, secret: MAIN_API_KEY_SECRET, region: 'us1' },
        { sid: IE1_API_KEY_SID, secret: IE1_API_KEY_SECRET, region: 'ie1' },
      ],
      webhookPassword: MAIN_WEBHOOK_PASSWORD,
    },
    {
      sid: SUBACCOUNT_SID,
      authToken: SUBACCOUNT_AUTH_TOKEN,
      friendlyName: 'Bob Subaccount',
      status: 'active',
      ownerAccountSid: MAIN_ACCOUNT_SID,
      apiKeys: [],
      webhookPassword: SUBACCOUNT_WEBHOOK_PASSWORD,
    },
    {
      sid: SUSPENDED_SUBACCOUNT_SID,
      authToken: SUSPENDED_SUBACCOUNT_AUTH_TOKEN,
      friendlyName: 'Carol Suspended Subaccount',
      status: 'suspended',
      ownerAccountSid: MAIN_ACCOUNT_SID,
      apiKeys: [],
    },
  ],
  conferencesPerAccount: 20,
  activeShare: 0.3,
  participantsPerActiveConference: 3,
  firstDateCreated: '2025-06-01T00:00:00Z',
};

/**
 * `count` accounts for runs at scale: the default fixture's main account (its credentials list the others) and
 * `count - 1` active subaccounts of it.
 */
export function mainAndActiveSubaccounts(count: number): AccountFixture[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError('the number of accounts must be a positive integer');
  const [main] = DEFAULT_FIXTURE.accounts;
  if (main === undefined) throw new RangeError('the default fixture has no main account');
  const subaccounts = Array.from({ length: count - 1 }, (_, index): AccountFixture => {
    const number = (index + 1).toString(16).padStart(28, '0');
    return {
      sid: `AC5ab0${number}`,
      authToken: `5ab0${number}`,
      friendlyName: `Subaccount ${index + 1}`,
      status: 'active',
      ownerAccountSid: main.sid,
      apiKeys: [],
    };
  });
  return [main, ...subaccounts];
}
