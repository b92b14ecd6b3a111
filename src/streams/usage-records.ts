import * as z from 'zod';
import { defineStream } from './definition.js';
import { accountList, nestedObject, price } from './fields.js';

/** Twilio's daily usage record, every field of its OpenAPI description (and `description`, which Twilio sends too). */
export const usageRecordSchema = z.object({
  account_sid: z.string(),
  api_version: z.string().nullable(),
  as_of: z.string().nullable().describe('When Twilio computed the record; it changes on every read.'),
  category: z.string(),
  count: z.string().nullable(),
  count_unit: z.string().nullable(),
  description: z.string().nullable(),
  end_date: z.iso.date().nullable(),
  price: price(),
  price_unit: z.string().nullable(),
  start_date: z.iso.date().describe('The UTC day of the usage. The cursor.'),
  subresource_uris: nestedObject(),
  uri: z.string().nullable(),
  usage: z.string().nullable(),
  usage_unit: z.string().nullable(),
});

const USAGE_DAYS = { format: 'day-range', onOrAfter: 'StartDate', onOrBefore: 'EndDate' } as const;

/**
 * One record per account, category and day. Each account is asked with `IncludeSubaccounts=false`: a main account's
 * rows would otherwise include its subaccounts' usage, which the subaccounts' own rows hold too. Recent days keep
 * changing, which the lookback covers.
 */
export const usageRecords = defineStream({
  name: 'usage_records',
  description:
    '[Daily usage records](https://www.twilio.com/docs/usage/api/usage-record), one per account, category and day, each account\'s own usage only (`IncludeSubaccounts=false`, so a main account does not count its subaccounts twice)',
  api: 'api',
  path: accountList('Usage/Records/Daily.json'),
  itemsKey: 'usage_records',
  schema: usageRecordSchema,
  primaryKey: ['account_sid', 'category', 'start_date'],
  incremental: { cursorField: 'start_date', filter: USAGE_DAYS },
  // A main account's usage would count its subaccounts' too; each account in scope is read on its own.
  query: () => ({ IncludeSubaccounts: 'false' }),
  startFilter: USAGE_DAYS,
});
