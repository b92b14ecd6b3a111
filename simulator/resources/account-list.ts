/**
 * A list of an account's own resources, created a day (or `spacingSeconds`) apart, the newest first: most 2010 lists.
 * A row changed by `Dataset.changeRow` is served changed.
 */
import { API_VERSION } from '../dataset.js';
import { hash } from '../hash.js';
import { datedRows, seededSid, type DatedRows, type InstanceDeclaration, type Resource } from '../resource.js';
import { formatRfc2822 } from '../rfc2822.js';
import { accounts, type AccountList } from './accounts.js';

/** What a row's generator is given: its SID, account, dates already written as Twilio writes them, and a hash. */
export interface RowBasics {
  readonly sid: string;
  readonly accountSid: string;
  readonly uri: string;
  readonly dateCreated: string;
  readonly dateUpdated: string;
  readonly hash: number;
  readonly index: number;
  /** When the row was created, in epoch seconds. */
  readonly epochSeconds: number;
}

export function accountList<Row extends { sid: string }>(declaration: {
  kind: string;
  /** Below `/2010-04-01/Accounts/{AccountSid}/`, e.g. `Addresses.json`. */
  list: string;
  itemsKey: string;
  sidPrefix: string;
  count: number;
  spacingSeconds?: number;
  instance?: InstanceDeclaration<DatedRows<Row>>;
  filters?: Resource<DatedRows<Row>, AccountList>['filters'];
  row(basics: RowBasics): Row;
}): Resource<DatedRows<Row>, AccountList> {
  const { kind, list, itemsKey, sidPrefix, count, spacingSeconds = 86_400, instance, filters = [], row } = declaration;
  return {
    kind,
    path: `/${API_VERSION}/Accounts/{AccountSid}/${list}`,
    itemsKey,
    paging: '2010',
    maxPageSize: 1000,
    parent: accounts,
    ...(instance === undefined ? {} : { instance }),
    rows: (scope) => {
      const accountSid = scope.parent.list.sidAt(scope.parent.index);
      return datedRows(scope, kind, count, spacingSeconds, (key, index, created) => {
        const sid = seededSid(sidPrefix, key, index);
        const generated = row({
          sid,
          accountSid,
          uri: `/${API_VERSION}/Accounts/${accountSid}/${list.replace(/\.json$/, '')}/${sid}.json`,
          dateCreated: formatRfc2822(created),
          dateUpdated: formatRfc2822(created + 3600),
          hash: hash(key, index),
          index,
          epochSeconds: created,
        });
        const changes = scope.dataset.changesOf(sid);
        return changes === undefined ? generated : { ...generated, ...changes };
      });
    },
    filters,
  };
}
