/** `Media.json` of a message: as many media as its `num_media` says. */
import { API_VERSION } from '../dataset.js';
import { onDay } from '../filters.js';
import { seededRows, seededSid, type DatedRows, type Resource, type SeededRows } from '../resource.js';
import { epochSecondsOf } from '../rfc2822.js';
import type { MessageResource } from './messages.js';
import { messages } from './messages.js';

export interface MediaResource {
  account_sid: string;
  content_type: string;
  date_created: string;
  date_updated: string;
  parent_sid: string;
  sid: string;
  uri: string;
}

export const media: Resource<SeededRows<MediaResource>, DatedRows<MessageResource>> = {
  kind: 'media',
  path: '/2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media.json',
  itemsKey: 'media_list',
  paging: '2010',
  maxPageSize: 1000,
  parent: messages,
  rows: (scope) => {
    const message = scope.parent.list.at(scope.parent.index);
    return seededRows(scope, 'media', Number(message.num_media), (key, index) => {
      const sid = seededSid('ME', key, index);
      return {
        account_sid: message.account_sid,
        content_type: index === 0 ? 'image/jpeg' : 'image/png',
        date_created: message.date_created,
        date_updated: message.date_created,
        parent_sid: message.sid,
        sid,
        uri: `/${API_VERSION}/Accounts/${message.account_sid}/Messages/${message.sid}/Media/${sid}.json`,
      };
    });
  },
  filters: [onDay('DateCreated', (list, index) => epochSecondsOf(list.at(index).date_created))],
};
