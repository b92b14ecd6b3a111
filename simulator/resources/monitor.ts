/** Monitor's `/v1/Alerts`: the caller's debugger alerts, newest first (reference §5). */
import { hash } from '../hash.js';
import { equalTo, isoRange } from '../filters.js';
import type { Resource, SeededRows } from '../resource.js';
import { epochSecondsOf, isoDate, pickOf, productRows } from './v1-rows.js';

const LOG_LEVELS = ['error', 'warning', 'notice', 'debug'] as const;
const ERRORS = [
  { code: '11200', text: 'HTTP retrieval failure', resource: 'CA' },
  { code: '30003', text: 'Unreachable destination handset', resource: 'SM' },
  { code: '82002', text: 'Error on Twilio Function response', resource: 'ZS' },
] as const;

export interface AlertRow {
  account_sid: string;
  alert_text: string;
  api_version: string;
  date_created: string;
  date_generated: string;
  date_updated: string;
  error_code: string;
  log_level: string;
  more_info: string;
  request_method: 'GET' | 'POST';
  request_url: string;
  resource_sid: string;
  sid: string;
  url: string;
  service_sid: string | null;
}

export const alerts: Resource<SeededRows<AlertRow>> = {
  product: 'monitor',
  kind: 'alerts',
  path: '/v1/Alerts',
  itemsKey: 'alerts',
  paging: 'v1',
  maxPageSize: 1000,
  rows: (scope) =>
    productRows(scope, { kind: 'alerts', sidPrefix: 'NO', count: 12, spacingSeconds: 6 * 3600 }, ({ key, index, sid, created, accountSid }) => {
      const error = pickOf(ERRORS, hash(key, index, 1));
      return {
        account_sid: accountSid,
        alert_text: `Msg=${error.text}&sourceComponent=14100`,
        api_version: '2010-04-01',
        date_created: isoDate(created + 1),
        date_generated: isoDate(created),
        date_updated: isoDate(created + 2),
        error_code: error.code,
        log_level: pickOf(LOG_LEVELS, hash(key, index, 2)),
        more_info: `https://www.twilio.com/docs/errors/${error.code}`,
        request_method: index % 3 === 0 ? 'GET' : 'POST',
        request_url: `https://example.com/hooks/${index}`,
        resource_sid: `${error.resource}${sid.slice(2)}`,
        sid,
        url: `https://monitor.twilio.com/v1/Alerts/${sid}`,
        service_sid: index % 4 === 0 ? `MG${sid.slice(2)}` : null,
      };
    }),
  filters: [
    equalTo('LogLevel', (list, index) => list.at(index).log_level, LOG_LEVELS),
    isoRange('StartDate', 'EndDate', false, (list, index) => epochSecondsOf(list.at(index).date_generated)),
  ],
};
