/** Trunking's `/v1/Trunks`: the caller's Elastic SIP trunks (reference §8). */
import type { Resource, SeededRows } from '../resource.js';
import { isoDate, productRows } from './v1-rows.js';

export interface TrunkRow {
  account_sid: string;
  domain_name: string;
  disaster_recovery_method: 'GET' | 'POST' | null;
  disaster_recovery_url: string | null;
  friendly_name: string;
  secure: boolean;
  recording: { mode: string; trim: string };
  transfer_mode: 'disable-all' | 'enable-all' | 'sip-only';
  transfer_caller_id: 'from-transferee' | 'from-transferor';
  cnam_lookup_enabled: boolean;
  auth_type: string;
  symmetric_rtp_enabled: boolean;
  auth_type_set: string[];
  date_created: string;
  date_updated: string;
  sid: string;
  url: string;
  links: Record<string, string>;
}

export const trunks: Resource<SeededRows<TrunkRow>> = {
  product: 'trunking',
  kind: 'trunks',
  path: '/v1/Trunks',
  itemsKey: 'trunks',
  paging: 'v1',
  maxPageSize: 1000,
  rows: (scope) =>
    productRows(scope, { kind: 'trunks', sidPrefix: 'TK', count: 2, spacingSeconds: 86_400 }, ({ index, sid, created, accountSid }) => {
      const url = `https://trunking.twilio.com/v1/Trunks/${sid}`;
      return {
        account_sid: accountSid,
        domain_name: `trunk-${index}.pstn.twilio.com`,
        disaster_recovery_method: index === 0 ? 'POST' : null,
        disaster_recovery_url: index === 0 ? 'https://example.com/disaster' : null,
        friendly_name: `trunk ${index}`,
        secure: index === 0,
        recording: { mode: index === 0 ? 'record-from-answer' : 'do-not-record', trim: 'do-not-trim' },
        transfer_mode: index === 0 ? 'enable-all' : 'disable-all',
        transfer_caller_id: 'from-transferee',
        cnam_lookup_enabled: index !== 0,
        auth_type: index === 0 ? 'CREDENTIAL_LIST' : '',
        symmetric_rtp_enabled: false,
        auth_type_set: index === 0 ? ['CREDENTIAL_LIST'] : [],
        date_created: isoDate(created),
        date_updated: isoDate(created + 3600),
        sid,
        url,
        links: {
          origination_urls: `${url}/OriginationUrls`,
          credential_lists: `${url}/CredentialLists`,
          ip_access_control_lists: `${url}/IpAccessControlLists`,
          phone_numbers: `${url}/PhoneNumbers`,
        },
      };
    }),
  filters: [],
};
