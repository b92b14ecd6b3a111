import { Dataset, type DatasetOptions } from '../../simulator/dataset.js';
import { AccountList } from '../../simulator/resources/accounts.js';
import { messages } from '../../simulator/resources/messages.js';

/** The requests a participants sync needs for a dataset: what the data allows at best. */
export interface RequestPlan {
  /** The listing of the accounts in scope, which a read makes once, before any stream. */
  accountLists: number;
  conferenceLists: number;
  liveConferences: number;
  participantLists: number;
  participants: number;
}

/** Twilio's largest page, which the connector asks for; set here, not imported, so that the plan stays independent of the connector. */
const PAGE_SIZE = 1000;

export const totalRequests = (plan: RequestPlan): number => plan.accountLists + plan.conferenceLists + plan.participantLists;

const pagesFor = (items: number, pageSize: number): number => Math.max(1, Math.ceil(items / pageSize));

/**
 * The fewest requests for the participants of an account: the listing of the accounts in scope (the account alone,
 * for the API key the benchmark uses), one `Status=init` and one `Status=in-progress` conference list, and every live
 * conference's participants, all at `PageSize=1000`. Worked out from the simulator's own dataset,
 * independently of the connector.
 */
export function minimumRequests(options: DatasetOptions, accountSid: string): RequestPlan {
  const dataset = new Dataset(options);
  const conferences = dataset.conferences(accountSid);
  const byStatus = { init: 0, 'in-progress': 0, completed: 0 };
  let participantLists = 0;
  let participants = 0;
  for (let index = 0; index < conferences.length; index++) {
    const status = conferences.statusAt(index);
    byStatus[status] += 1;
    if (status === 'completed') continue;
    const count = dataset.participants(accountSid, conferences.sidAt(index)).length;
    participantLists += pagesFor(count, PAGE_SIZE);
    participants += count;
  }
  return {
    accountLists: 1,
    conferenceLists: pagesFor(byStatus.init, PAGE_SIZE) + pagesFor(byStatus['in-progress'], PAGE_SIZE),
    liveConferences: byStatus.init + byStatus['in-progress'],
    participantLists,
    participants,
  };
}

/**
 * The requests of the peers' strategy, a fan-out over every conference: the whole conference list, then every
 * conference's participants, completed or not (at `PageSize=1000`, the kinder of the peers' page sizes).
 */
export function fanOutOverAllConferences(options: DatasetOptions, accountSid: string): number {
  const dataset = new Dataset(options);
  const conferences = dataset.conferences(accountSid);
  let requests = pagesFor(conferences.length, PAGE_SIZE);
  for (let index = 0; index < conferences.length; index++) {
    requests += pagesFor(dataset.participants(accountSid, conferences.sidAt(index)).length, PAGE_SIZE);
  }
  return requests;
}

/**
 * The fewest requests for an incremental read of an account's messages in UTC day windows from `from` for `days` days:
 * the listing of the accounts, then every day's list (one request for an empty day), at `PageSize=1000`. Counted from
 * the simulator's own rows. Returned as a plan whose "participants" are the messages read.
 */
export function minimumDayWindowRequests(options: DatasetOptions, accountSid: string, from: string, days: number): RequestPlan {
  const dataset = new Dataset(options);
  const account = dataset.account(accountSid);
  if (account === undefined) throw new Error(`No account ${accountSid} in the dataset.`);
  const rows = messages.rows({
    dataset,
    principal: { account, credential: 'auth-token' },
    query: new URLSearchParams(),
    params: {},
    now: new Date(),
    parent: { list: new AccountList(dataset, [account]), index: 0 },
  });
  const firstDay = Math.floor(Date.parse(`${from}T00:00:00Z`) / 86_400_000);
  const perDay = new Array<number>(days).fill(0);
  for (let index = 0; index < rows.length; index++) {
    const day = Math.floor(rows.epochAt(index) / 86_400) - firstDay;
    if (day >= 0 && day < days) perDay[day] = (perDay[day] ?? 0) + 1;
  }
  return {
    accountLists: 1,
    conferenceLists: 0,
    liveConferences: 0,
    participantLists: perDay.reduce((sum, count) => sum + pagesFor(count, PAGE_SIZE), 0),
    participants: perDay.reduce((sum, count) => sum + count, 0),
  };
}

/** The requests an incremental conferences sync needs for a dataset, in one-day windows: what the data allows at best. */
export interface WindowPlan {
  /** The listing of the accounts in scope: one page. */
  accountLists: number;
  accounts: number;
  /** One-day windows per account, from the start day to the day of now, both included. */
  windowsPerAccount: number;
  /** Pages over every window of every account: a window with at most 1,000 rows (or none) is one page. */
  windowRequests: number;
  conferences: number;
}

const DAY_SECONDS = 86_400;

export const totalWindowRequests = (plan: WindowPlan): number => plan.accountLists + plan.windowRequests;

/**
 * The fewest requests for the conferences of every account of a dataset updated from `startDay` (YYYY-MM-DD) to `now`:
 * the account listing, then for each account each UTC day's conferences by `date_updated` at `PageSize=1000`. Worked
 * out from the simulator's own dataset, independently of the connector.
 */
export function minimumWindowRequests(options: DatasetOptions, startDay: string, now: string): WindowPlan {
  const dataset = new Dataset(options);
  const firstDay = Date.parse(`${startDay}T00:00:00Z`) / 1000 / DAY_SECONDS;
  const lastDay = Math.floor(Date.parse(now) / 1000 / DAY_SECONDS);
  const windowsPerAccount = lastDay - firstDay + 1;
  let windowRequests = 0;
  let conferences = 0;
  const accounts = dataset.accounts.filter((account) => account.status === 'active');
  for (const account of accounts) {
    const view = dataset.conferences(account.sid);
    const perDay = new Int32Array(windowsPerAccount);
    for (let index = 0; index < view.length; index++) {
      const day = Math.floor(view.dateUpdatedAt(index) / DAY_SECONDS) - firstDay;
      if (day < 0 || day >= windowsPerAccount) continue;
      perDay[day] = (perDay[day] ?? 0) + 1;
      conferences += 1;
    }
    for (const rows of perDay) windowRequests += pagesFor(rows, PAGE_SIZE);
  }
  return { accountLists: 1, accounts: accounts.length, windowsPerAccount, windowRequests, conferences };
}
