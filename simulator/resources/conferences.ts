/** `Conferences.json` of an account (reference §3.2). */
import type { ConferenceStatus, ConferenceView } from '../dataset.js';
import { equalTo, onDay } from '../filters.js';
import type { Resource } from '../resource.js';
import { accounts, type AccountList } from './accounts.js';

const CONFERENCE_STATUSES: readonly ConferenceStatus[] = ['init', 'in-progress', 'completed'];

export const conferences: Resource<ConferenceView, AccountList> = {
  kind: 'conferences',
  path: '/2010-04-01/Accounts/{AccountSid}/Conferences.json',
  itemsKey: 'conferences',
  paging: '2010',
  maxPageSize: 1000,
  parent: accounts,
  instance: {
    kind: 'conference',
    placeholder: 'ConferenceSid',
    sidPattern: /^CF[0-9a-fA-F]{32}$/,
    malformed: 'method-not-allowed',
    unknown: 'not-found',
  },
  rows: ({ dataset, parent }) => dataset.conferences(parent.list.sidAt(parent.index)),
  filters: [
    equalTo('Status', (list, index) => list.statusAt(index), CONFERENCE_STATUSES),
    equalTo('FriendlyName', (list, index) => list.friendlyNameAt(index)),
    onDay('DateCreated', (list, index) => list.dateCreatedAt(index)),
    onDay('DateUpdated', (list, index) => list.dateUpdatedAt(index)),
  ],
};
