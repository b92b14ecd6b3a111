/** `Calls.json` of an account: the newest call is still in progress (no end time, no price yet). */
import { API_VERSION } from '../dataset.js';
import { equalTo, onDay } from '../filters.js';
import { hash } from '../hash.js';
import { datedRows, seededSid, type DatedRows, type Resource } from '../resource.js';
import { epochSecondsOf, formatRfc2822 } from '../rfc2822.js';
import { accounts, type AccountList } from './accounts.js';

const STATUSES = ['completed', 'completed', 'completed', 'busy', 'no-answer', 'failed'] as const;

export interface CallResource {
  sid: string;
  date_created: string;
  date_updated: string;
  parent_call_sid: string | null;
  account_sid: string;
  to: string;
  to_formatted: string;
  from: string;
  from_formatted: string;
  phone_number_sid: string;
  status: string;
  start_time: string;
  end_time: string | null;
  duration: string | null;
  price: string | null;
  price_unit: string;
  direction: string;
  answered_by: null;
  api_version: string;
  forwarded_from: string | null;
  group_sid: null;
  caller_name: string | null;
  queue_time: string;
  trunk_sid: null;
  uri: string;
  subresource_uris: Record<string, string>;
}

function phone(h: number): string {
  return `+1415555${String(h % 10_000).padStart(4, '0')}`;
}

export const calls: Resource<DatedRows<CallResource>, AccountList> = {
  kind: 'calls',
  path: '/2010-04-01/Accounts/{AccountSid}/Calls.json',
  itemsKey: 'calls',
  paging: '2010',
  maxPageSize: 1000,
  parent: accounts,
  rows: (scope) => {
    const accountSid = scope.parent.list.sidAt(scope.parent.index);
    return datedRows(scope, 'calls', 12, 6 * 3600, (key, index, started) => {
      const sid = seededSid('CA', key, index);
      const h = hash(key, index);
      const inProgress = index === 0;
      const seconds = 30 + (h % 600);
      const ended = inProgress ? null : started + seconds;
      const uri = `/${API_VERSION}/Accounts/${accountSid}/Calls/${sid}`;
      return {
        sid,
        date_created: formatRfc2822(started - 2),
        date_updated: formatRfc2822(ended ?? started),
        parent_call_sid: null,
        account_sid: accountSid,
        to: phone(h >>> 4),
        to_formatted: `(415) 555-${String((h >>> 4) % 10_000).padStart(4, '0')}`,
        from: phone(h >>> 12),
        from_formatted: `(415) 555-${String((h >>> 12) % 10_000).padStart(4, '0')}`,
        phone_number_sid: seededSid('PN', key, index, 1),
        status: inProgress ? 'in-progress' : (STATUSES[h % STATUSES.length] ?? 'completed'),
        start_time: formatRfc2822(started),
        end_time: ended === null ? null : formatRfc2822(ended),
        duration: inProgress ? null : String(seconds),
        price: inProgress ? null : `-0.0${String(1000 + (h % 9000)).slice(0, 4)}`,
        price_unit: 'USD',
        direction: h % 2 === 0 ? 'inbound' : 'outbound-api',
        answered_by: null,
        api_version: API_VERSION,
        forwarded_from: h % 5 === 0 ? phone(h >>> 8) : null,
        group_sid: null,
        caller_name: h % 3 === 0 ? 'Jane Doe' : null,
        queue_time: '0',
        trunk_sid: null,
        uri: `${uri}.json`,
        subresource_uris: { notifications: `${uri}/Notifications.json`, recordings: `${uri}/Recordings.json` },
      };
    });
  },
  filters: [
    equalTo('Status', (list, index) => list.at(index).status),
    onDay('EndTime', (list, index) => epochSecondsOf(list.at(index).end_time)),
  ],
};
