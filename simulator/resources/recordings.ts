/** `Recordings.json` of an account: the newest is still processing, without a price. */
import { API_VERSION } from '../dataset.js';
import { onDay } from '../filters.js';
import { hash } from '../hash.js';
import { datedRows, seededSid, type DatedRows, type Resource } from '../resource.js';
import { formatRfc2822 } from '../rfc2822.js';
import { accounts, type AccountList } from './accounts.js';

export interface RecordingResource {
  account_sid: string;
  api_version: string;
  call_sid: string;
  conference_sid: string | null;
  date_created: string;
  date_updated: string;
  start_time: string;
  duration: string;
  sid: string;
  price: string | null;
  price_unit: string;
  status: string;
  channels: number;
  source: string;
  error_code: null;
  uri: string;
  encryption_details: null;
  subresource_uris: { add_on_results: string; transcriptions: string };
  media_url: string;
}

export const recordings: Resource<DatedRows<RecordingResource>, AccountList> = {
  kind: 'recordings',
  path: '/2010-04-01/Accounts/{AccountSid}/Recordings.json',
  itemsKey: 'recordings',
  paging: '2010',
  maxPageSize: 1000,
  parent: accounts,
  rows: (scope) => {
    const accountSid = scope.parent.list.sidAt(scope.parent.index);
    return datedRows(scope, 'recordings', 8, 9 * 3600, (key, index, created) => {
      const sid = seededSid('RE', key, index);
      const h = hash(key, index);
      const processing = index === 0;
      const uri = `/${API_VERSION}/Accounts/${accountSid}/Recordings/${sid}`;
      return {
        account_sid: accountSid,
        api_version: API_VERSION,
        call_sid: seededSid('CA', key, index, 1),
        conference_sid: h % 3 === 0 ? seededSid('CF', key, index, 2) : null,
        date_created: formatRfc2822(created),
        date_updated: formatRfc2822(created + 60),
        start_time: formatRfc2822(created - 120),
        duration: String(10 + (h % 300)),
        sid,
        price: processing ? null : '-0.00250',
        price_unit: 'USD',
        status: processing ? 'processing' : 'completed',
        channels: 1 + (h % 2),
        source: h % 2 === 0 ? 'DialVerb' : 'RecordVerb',
        error_code: null,
        uri: `${uri}.json`,
        encryption_details: null,
        subresource_uris: { add_on_results: `${uri}/AddOnResults.json`, transcriptions: `${uri}/Transcriptions.json` },
        media_url: `https://api.twilio.com${uri}`,
      };
    });
  },
  filters: [onDay('DateCreated', (list, index) => list.epochAt(index), { newestFirst: true })],
};
