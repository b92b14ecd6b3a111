/**
 * `Usage/Records/Daily.json` of an account: a record per category and day. A main account's records include its
 * subaccounts' usage unless `IncludeSubaccounts=false` (Twilio's default is true).
 */
import { API_VERSION, type Dataset } from '../dataset.js';
import { dayRange, equalTo } from '../filters.js';
import { hash, hashString } from '../hash.js';
import type { Resource, RowList } from '../resource.js';
import { invalidParameterError } from '../responses.js';
import { accounts, type AccountList } from './accounts.js';

const CATEGORIES = [
  { category: 'calls', description: 'Voice Minutes', unit: 'minutes', countUnit: 'calls', cents: 130 },
  { category: 'sms', description: 'SMS Messages', unit: 'segments', countUnit: 'messages', cents: 79 },
  { category: 'recordings', description: 'Voice Minutes Recorded', unit: 'minutes', countUnit: 'recordings', cents: 25 },
] as const;
const DAYS = 10;
const SECONDS_PER_DAY = 86_400;

export interface UsageRecordResource {
  account_sid: string;
  api_version: string;
  as_of: string;
  category: string;
  count: string;
  count_unit: string;
  description: string;
  end_date: string;
  price: string;
  price_unit: string;
  start_date: string;
  subresource_uris: Record<string, string>;
  uri: string;
  usage: string;
  usage_unit: string;
}

export class UsageDays implements RowList {
  readonly length: number;
  private readonly firstDay: number;

  constructor(
    private readonly dataset: Dataset,
    private readonly accountSid: string,
    /** The accounts whose usage the records add up: the account, and its subaccounts when they are included. */
    private readonly counted: readonly string[],
  ) {
    this.length = (dataset.options.rowCounts?.['usage_records'] ?? DAYS) * CATEGORIES.length;
    this.firstDay = Math.floor(Date.parse(dataset.options.firstDateCreated) / 1000 / SECONDS_PER_DAY);
  }

  /** Epoch seconds of the start of the row's day; the newest day first. */
  dayAt(index: number): number {
    return (this.firstDay + this.length / CATEGORIES.length - 1 - Math.floor(index / CATEGORIES.length)) * SECONDS_PER_DAY;
  }

  categoryAt(index: number): string {
    return CATEGORIES[index % CATEGORIES.length]?.category ?? '';
  }

  sidAt(index: number): string {
    return `${this.categoryAt(index)}/${this.dayAt(index)}`;
  }

  indexOf(): undefined {
    return undefined;
  }

  at(index: number): UsageRecordResource {
    const { category, description, unit, countUnit, cents } = CATEGORIES[index % CATEGORIES.length] ?? CATEGORIES[0];
    const day = new Date(this.dayAt(index) * 1000).toISOString().slice(0, 10);
    let usage = 0;
    for (const sid of this.counted) usage += hash(hashString(`${sid}/${category}`, this.dataset.options.seed), this.dayAt(index)) % 50;
    const base = `/${API_VERSION}/Accounts/${this.accountSid}/Usage/Records`;
    return {
      account_sid: this.accountSid,
      api_version: API_VERSION,
      as_of: `${day}T23:59:59+00:00`,
      category,
      count: String(usage),
      count_unit: countUnit,
      description,
      end_date: day,
      price: ((usage * cents) / 10_000).toFixed(4),
      price_unit: 'usd',
      start_date: day,
      subresource_uris: Object.fromEntries(
        ['all_time', 'daily', 'last_month', 'monthly', 'this_month', 'today', 'yearly', 'yesterday'].map((period) => [
          period,
          `${base}/${period.replace(/_(\w)/g, (_, letter: string) => letter.toUpperCase()).replace(/^\w/, (letter) => letter.toUpperCase())}.json?Category=${category}`,
        ]),
      ),
      uri: `${base}/Daily.json?Category=${category}&StartDate=${day}&EndDate=${day}`,
      usage: String(usage),
      usage_unit: unit,
    };
  }
}

export const usageRecords: Resource<UsageDays, AccountList> = {
  kind: 'usage_records',
  path: '/2010-04-01/Accounts/{AccountSid}/Usage/Records/Daily.json',
  itemsKey: 'usage_records',
  paging: '2010',
  maxPageSize: 1000,
  parent: accounts,
  rows: ({ dataset, parent, query }) => {
    const accountSid = parent.list.sidAt(parent.index);
    const includeSubaccounts = query?.get('IncludeSubaccounts')?.toLowerCase() !== 'false';
    const subaccounts = dataset.accounts.filter((account) => account.ownerAccountSid === accountSid && account.sid !== accountSid);
    return new UsageDays(dataset, accountSid, [accountSid, ...(includeSubaccounts ? subaccounts.map((account) => account.sid) : [])]);
  },
  filters: [
    equalTo('Category', (list, index) => list.categoryAt(index)),
    dayRange('StartDate', 'EndDate', (list, index) => list.dayAt(index)),
    {
      parse(query) {
        const value = query.get('IncludeSubaccounts');
        if (value === null) return { echo: [] };
        const normalised = value.toLowerCase();
        if (normalised !== 'true' && normalised !== 'false') return invalidParameterError(`Invalid IncludeSubaccounts: ${value}`);
        return { echo: [['IncludeSubaccounts', normalised]] };
      },
    },
  ],
};
