import { z } from 'zod';
import type { ApiName } from '../twilio/apis.js';
import type { Query } from '../twilio/client.js';
import { rfc2822ToIso } from '../twilio/dates.js';

/** Every Twilio resource belongs to an account: the root of every stream's contexts. */
export interface AccountContext {
  readonly accountSid: string;
}

/** What the user configured that a stream's requests may depend on. */
export interface StreamOptions {
  /** `YYYY-MM-DD`: only resources created on or after this UTC day. */
  readonly startDate: string | undefined;
}

/**
 * How a list is asked for a range of its cursor. `day`: the 2010 API's day-granular filters on one field (`Field=D`,
 * `Field>=D`, `Field<=D`, inclusive or not, Twilio does not say). `day-range`: two day filters, both inclusive
 * (usage records' `StartDate`/`EndDate`). `iso`: two filters that take ISO 8601 instants.
 */
export type RangeFilter =
  | { readonly format: 'day'; readonly field: string }
  | { readonly format: 'day-range'; readonly onOrAfter: string; readonly onOrBefore: string }
  | { readonly format: 'iso'; readonly after: string; readonly before: string };

/** A field of the record that orders its changes, and the filter that asks for a range of it. */
export interface Incremental<Schema extends z.ZodObject> {
  /** An ISO 8601 date-time, or a `YYYY-MM-DD` day that stands for its start. */
  readonly cursorField: keyof z.output<Schema> & string;
  /** Absent for a child read with its parents: the windows then cut the parent's cursor (media with their messages). */
  readonly filter?: RangeFilter;
  /** How many days back Twilio lists at most: earlier windows are not asked for (a range past it is an error). */
  readonly horizonDays?: number;
}

/**
 * A child stream reads one list per record of its parent, in the context that record gives. The parent is listed
 * once per query (Twilio's filters take one value each), or with its own query when none are given.
 */
export interface ParentLink<
  ParentSchema extends z.ZodObject = z.ZodObject,
  ParentContext extends AccountContext = AccountContext,
  Context extends AccountContext = AccountContext,
> {
  readonly stream: StreamDefinition<ParentSchema, ParentContext>;
  readonly queries?: readonly Query[];
  /** Only parents that can have children are fanned out over (messages with media). */
  where?(parent: z.output<ParentSchema>): boolean;
  context(parent: z.output<ParentSchema>, parentContext: ParentContext): Context;
}

/**
 * A Twilio list as an Airbyte stream, declared rather than programmed: the API it belongs to (its host per region and
 * paging style), where the list is, which key of the answer holds the items, the record schema (the record type, its
 * runtime check and the discovered JSON schema at once), the primary key, the sync modes, the query it sends and the
 * parent it fans out over. Nothing else in the code decides any of these.
 */
export interface StreamDefinition<Schema extends z.ZodObject = z.ZodObject, Context extends AccountContext = AccountContext> {
  readonly name: string;
  readonly api: ApiName;
  path(context: Context): string;
  readonly itemsKey: string;
  /** Items asked for a page, where the list allows fewer than Twilio's usual 1000. */
  readonly pageSize?: number;
  readonly schema: Schema;
  readonly primaryKey: readonly (keyof z.output<Schema> & string)[];
  /** Declared for a stream that supports incremental sync besides full refresh. */
  readonly incremental?: Incremental<Schema>;
  query?(options: StreamOptions): Query;
  /** Filters every request of the list sends, in every sync mode (usage records' `IncludeSubaccounts=false`). */
  readonly fixedQuery?: Query;
  readonly parent?: ParentLink<z.ZodObject, AccountContext, Context>;
  /** The list answers 404 when its parent has just gone, which means it has no items. */
  readonly notFoundIsEmpty?: boolean;
}

export function defineStream<Schema extends z.ZodObject, Context extends AccountContext = AccountContext>(
  stream: StreamDefinition<Schema, Context>,
): StreamDefinition<Schema, Context> {
  return stream;
}

/** Ties a child to its parent with the parent's record type known, so `context` reads the parent's fields typed. */
export function childOf<ParentSchema extends z.ZodObject, ParentContext extends AccountContext, Context extends AccountContext>(
  link: ParentLink<ParentSchema, ParentContext, Context>,
): ParentLink<ParentSchema, ParentContext, Context> {
  return link;
}

const ISO_DATE_TIME = z.iso.datetime();

/**
 * A Twilio date-time: RFC 2822 on the wire (`Fri, 18 Feb 2022 17:24:39 +0000`), ISO 8601 UTC in the record
 * (`2022-02-18T17:24:39Z`). A value already in ISO 8601 is kept; anything else is an issue, so the field is nulled.
 */
export const twilioDateTime = () =>
  z
    .codec(z.string(), z.iso.datetime(), {
      decode: (text, context) => {
        const iso = rfc2822ToIso(text) ?? (ISO_DATE_TIME.safeParse(text).success ? text : undefined);
        if (iso !== undefined) return iso;
        context.issues.push({ code: 'custom', message: 'is not an RFC 2822 date', input: text });
        return z.NEVER;
      },
      encode: (iso) => iso,
    })
    .nullable();
