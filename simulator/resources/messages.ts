/** `Messages.json` of an account: every third message has media; Twilio lists 400 days of them. */
import { API_VERSION } from '../dataset.js';
import { equalTo, onDay } from '../filters.js';
import { hash } from '../hash.js';
import { datedRows, seededSid, type DatedRows, type Resource } from '../resource.js';
import { formatRfc2822 } from '../rfc2822.js';
import { accounts, type AccountList } from './accounts.js';
import { WORLD_BODIES, worldly } from '../text.js';

const STATUSES = ['delivered', 'delivered', 'delivered', 'received', 'undelivered', 'failed', 'sent'] as const;
const BODIES = ['Your code is 123456', 'See you at 5?', 'Order shipped', 'Thanks!', 'Reminder: appointment tomorrow'];

export interface MessageResource {
  body: string;
  num_segments: string;
  direction: string;
  from: string;
  to: string;
  date_updated: string;
  price: string | null;
  error_message: string | null;
  uri: string;
  account_sid: string;
  num_media: string;
  status: string;
  messaging_service_sid: string | null;
  sid: string;
  date_sent: string;
  date_created: string;
  error_code: number | null;
  price_unit: string;
  api_version: string;
  subresource_uris: { media: string; feedback: string };
}

/** How many media a message has: every third one has one or two. */
export function mediaCountOf(key: number, index: number): number {
  return index % 3 === 1 ? 1 + (hash(key, index, 7) % 2) : 0;
}

export const messages: Resource<DatedRows<MessageResource>, AccountList> = {
  kind: 'messages',
  path: '/2010-04-01/Accounts/{AccountSid}/Messages.json',
  itemsKey: 'messages',
  paging: '2010',
  maxPageSize: 1000,
  parent: accounts,
  instance: { kind: 'message', placeholder: 'MessageSid', sidPattern: /^(SM|MM)[0-9a-fA-F]{32}$/, malformed: 'not-found', unknown: 'not-found' },
  rows: (scope) => {
    const accountSid = scope.parent.list.sidAt(scope.parent.index);
    let messagingServiceSid: string | undefined;
    return datedRows(scope, 'messages', 15, 4 * 3600, (key, index, sent) => {
      messagingServiceSid ??= seededSid('MG', key, 0, 1);
      const media = mediaCountOf(key, index);
      const sid = seededSid(media > 0 ? 'MM' : 'SM', key, index);
      const h = hash(key, index);
      const status = STATUSES[h % STATUSES.length] ?? 'delivered';
      const failed = status === 'failed' || status === 'undelivered';
      const uri = `/${API_VERSION}/Accounts/${accountSid}/Messages/${sid}`;
      return {
        body: worldly(scope.dataset.options.text, BODIES[(h >>> 4) % BODIES.length] ?? '', h >>> 20, WORLD_BODIES),
        num_segments: '1',
        direction: status === 'received' ? 'inbound' : 'outbound-api',
        from: `+1415555${String((h >>> 8) % 10_000).padStart(4, '0')}`,
        to: `+1628555${String((h >>> 16) % 10_000).padStart(4, '0')}`,
        date_updated: formatRfc2822(sent + 5),
        price: index === 0 ? null : '-0.00790',
        error_message: null,
        uri: `${uri}.json`,
        account_sid: accountSid,
        num_media: String(media),
        status,
        messaging_service_sid: h % 2 === 0 ? messagingServiceSid : null,
        sid,
        date_sent: formatRfc2822(sent),
        date_created: formatRfc2822(sent - 1),
        error_code: failed ? 30003 : null,
        price_unit: 'USD',
        api_version: API_VERSION,
        subresource_uris: { media: `${uri}/Media.json`, feedback: `${uri}/Feedback.json` },
      };
    });
  },
  filters: [
    equalTo('To', (list, index) => list.at(index).to),
    equalTo('From', (list, index) => list.at(index).from),
    onDay('DateSent', (list, index) => list.epochAt(index), { horizonDays: 400, newestFirst: true }),
  ],
};
