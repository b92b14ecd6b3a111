/** `Accounts.json`: the caller's account and, for a main account's auth token, its subaccounts (reference §7). */
import { inactiveAccountError, visibleAccounts } from '../auth.js';
import type { AccountFixture, AccountResource, AccountStatus, Dataset } from '../dataset.js';
import { equalTo } from '../filters.js';
import type { Resource, RowList } from '../resource.js';

const ACCOUNT_STATUSES: readonly AccountStatus[] = ['active', 'suspended', 'closed'];
const ACCOUNT_SID_PATTERN = /^AC[0-9a-fA-F]{32}$/;

export class AccountList implements RowList {
  constructor(
    private readonly dataset: Dataset,
    private readonly accounts: readonly AccountFixture[],
  ) {}

  get length(): number {
    return this.accounts.length;
  }

  fixtureAt(index: number): AccountFixture {
    const account = this.accounts[index];
    if (account === undefined) throw new RangeError(`account index ${index} out of range`);
    return account;
  }

  sidAt(index: number): string {
    return this.fixtureAt(index).sid;
  }

  indexOf(sid: string): number | undefined {
    const index = this.accounts.findIndex((account) => account.sid === sid);
    return index < 0 ? undefined : index;
  }

  at(index: number): AccountResource {
    return this.dataset.accountResource(this.sidAt(index));
  }
}

export const accounts: Resource<AccountList> = {
  kind: 'accounts',
  path: '/2010-04-01/Accounts.json',
  itemsKey: 'accounts',
  paging: '2010',
  maxPageSize: 1000,
  instance: {
    kind: 'account',
    placeholder: 'AccountSid',
    sidPattern: ACCOUNT_SID_PATTERN,
    malformed: 'not-found',
    unknown: 'unauthorized',
    // A suspended or closed account's resources answer 401/20003 even to its parent, which can still fetch the account.
    refuseChildren: (list, index) => {
      const account = list.fixtureAt(index);
      return account.status === 'active' ? undefined : inactiveAccountError(account);
    },
  },
  rows: ({ dataset, principal }) => new AccountList(dataset, dataset.newestFirst(visibleAccounts(principal, dataset))),
  filters: [
    equalTo('FriendlyName', (list, index) => list.fixtureAt(index).friendlyName),
    equalTo('Status', (list, index) => list.fixtureAt(index).status, ACCOUNT_STATUSES),
  ],
};
