/** `Calls.json` of an account: the newest call is still in progress (no end time, no price yet). */
import { API_VERSION } from '../dataset.js';
import { equalTo, onDay } from '../filters.js';
import { epochSecondsOf, formatRfc2822 } from '../rfc2822.js';
import { accountList } from './account-list.js';

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

export const calls = accountList<CallResource>({
  kind: 'calls',
  list: 'Calls.json',
  itemsKey: 'calls',
  sidPrefix: 'CA',
  count: 12,
  spacingSeconds: 6 * 3600,
  row: ({ sid, accountSid, uri, hash: h, index, epochSeconds: started }) => {
    const inProgress = index === 0;
    const seconds = 30 + (h % 600);
    const ended = inProgress ? null : started + seconds;
    const base = uri.replace(/\.json$/, '');
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
      phone_number_sid: `PN${sid.slice(2)}`,
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
      uri,
      subresource_uris: { notifications: `${base}/Notifications.json`, recordings: `${base}/Recordings.json` },
    };
  },
  filters: [
    equalTo('Status', (list, index) => list.at(index).status),
    onDay('EndTime', (list, index) => epochSecondsOf(list.at(index).end_time)),
    onDay('StartTime', (list, index) => list.epochAt(index), { newestFirst: true }),
  ],
});
