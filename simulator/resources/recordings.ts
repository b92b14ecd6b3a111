/** `Recordings.json` of an account: the newest is still processing, without a price. */
import { API_VERSION } from '../dataset.js';
import { onDay } from '../filters.js';
import { formatRfc2822 } from '../rfc2822.js';
import { accountList } from './account-list.js';

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

export const recordings = accountList<RecordingResource>({
  kind: 'recordings',
  list: 'Recordings.json',
  itemsKey: 'recordings',
  sidPrefix: 'RE',
  count: 8,
  spacingSeconds: 9 * 3600,
  row: ({ sid, accountSid, uri, hash: h, index, epochSeconds: created }) => {
    const processing = index === 0;
    const base = uri.replace(/\.json$/, '');
    return {
      account_sid: accountSid,
      api_version: API_VERSION,
      call_sid: `CA${sid.slice(2)}`,
      conference_sid: h % 3 === 0 ? `CF${sid.slice(2)}` : null,
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
      uri,
      encryption_details: null,
      subresource_uris: { add_on_results: `${base}/AddOnResults.json`, transcriptions: `${base}/Transcriptions.json` },
      media_url: `https://api.twilio.com${base}`,
    };
  },
  filters: [onDay('DateCreated', (list, index) => list.epochAt(index), { newestFirst: true })],
});
