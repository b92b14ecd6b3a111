import * as z from 'zod';
import type { ApiName } from '../twilio/apis.js';
import type { Query } from '../twilio/client.js';
import { rfc2822ToIso } from '../twilio/dates.js';

/**
 * Where one list of a stream is read: the account, and for a child stream the SIDs of the parent rows its path names
 * (`{accountSid, flowSid, executionSid}` for a Studio step). Every value is a string, so that a partition can be kept
 * in a state and found again.
 */
export interface AccountContext {
  readonly accountSid: string;
}

/** What the user configured that a stream's requests may depend on. */
export interface StreamOptions {
  /** The configured account; the others in scope are its subaccounts. */
  readonly accountSid: string;
  /** `YYYY-MM-DD`: only resources created on or after this UTC day. */
  readonly startDate: string | undefined;
  /** Twilio's clock when the read began: what Twilio keeps, and for how long, is reckoned in its time. */
  readonly now: Date;
}

/**
 * How a list is asked for a range of dates. `day`: the 2010 API's day-granular filters on one field (`Field=D`,
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
  /** Absent on a child stream read within its parent's date windows (message media with their messages). */
  readonly filter?: RangeFilter;
  /**
   * For rows that Twilio still changes after they appear (a summary until it is processed): whether this one is final.
   * The state never moves past a row that is not, so later syncs read it again until it is.
   */
  isFinal?(record: z.output<Schema>): boolean;
  /**
   * Rows may first be listed this long after their cursor value (a call's summary once the call has ended, hours after
   * it started): the state never moves closer than this to Twilio's now, so that the next sync reads them.
   */
  readonly settleMinutes?: number;
}

/**
 * A child stream reads one list per record of its parent, in the context that record gives; the parent may have a
 * parent in turn, to any depth. The parent is listed once per query (Twilio's filters take one value each), or with
 * its own query when none are given.
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
 * runtime check and the discovered JSON schema at once), the primary key, the date filters it can be read by and the
 * parent it fans out over. The reader carries every definition the same way; nothing else decides any of these.
 */
export interface StreamDefinition<Schema extends z.ZodObject = z.ZodObject, Context extends AccountContext = AccountContext> {
  readonly name: string;
  /** What the stream holds, for the README's and the user documentation's tables; Markdown. */
  readonly description: string;
  readonly api: ApiName;
  path(context: Context): string;
  readonly itemsKey: string;
  /** Items asked for a page, where the list allows fewer than Twilio's usual 1000. */
  readonly pageSize?: number;
  readonly schema: Schema;
  readonly primaryKey: readonly (keyof z.output<Schema> & string)[];
  /** Declared for a stream that supports incremental sync besides full refresh. */
  readonly incremental?: Incremental<Schema>;
  /**
   * How `start_date` limits a full refresh: to the rows on or after its day by this filter (conferences created,
   * calls started). Without it a full refresh reads everything Twilio keeps.
   */
  readonly startFilter?: RangeFilter;
  /** Sent with every list of the stream, whatever the sync mode. */
  query?(options: StreamOptions, context: Context): Query;
  /**
   * Where a filter takes one value and Twilio, without one, answers for one value alone (video rooms: those in
   * progress): the list is read once with each of these, in this order, and with nothing else when it is absent.
   */
  queries?(context: Context): readonly Query[];
  /** Twilio keeps the resource this many days: a read never asks for older rows. */
  readonly retentionDays?: number;
  /**
   * Set where Twilio answers only a recent span to a list asked without a start (TaskRouter's events: 15 minutes; call
   * summaries: 4 hours): every read then sends `startFilter` from the start date, or else from `retentionDays` ago.
   */
  readonly startRequired?: boolean;
  readonly parent?: ParentLink<z.ZodObject, AccountContext, Context>;
  /**
   * `account` (the default): the path names the account, so the list is read once for every account in scope.
   * `credentials`: the list answers for the credentials' own account whatever is asked (the account list itself;
   * Twilio's product APIs but Voice Insights), so it is read once, for the configured account.
   */
  readonly scope?: 'account' | 'credentials';
  /** Fields Twilio sends that the stream leaves out on purpose (a credential): not reported as missing from the schema. */
  readonly omitted?: readonly string[];
  /** The list answers 404 when its parent has just gone, which means it has no items. */
  readonly notFoundIsEmpty?: boolean;
}

const DEFINED = new WeakSet<object>();

/** Declares a stream: an exported definition of `src/streams/` is one of the source's streams (`npm run generate`). */
export function defineStream<Schema extends z.ZodObject, Context extends AccountContext = AccountContext>(
  stream: StreamDefinition<Schema, Context>,
): StreamDefinition<Schema, Context> {
  DEFINED.add(stream);
  return stream;
}

export function isStreamDefinition(value: unknown): value is StreamDefinition {
  return typeof value === 'object' && value !== null && DEFINED.has(value);
}

/** Ties a child to its parent with the parent's record type known, so `context` reads the parent's fields typed. */
export function childOf<ParentSchema extends z.ZodObject, ParentContext extends AccountContext, Context extends AccountContext>(
  link: ParentLink<ParentSchema, ParentContext, Context>,
): ParentLink<ParentSchema, ParentContext, Context> {
  return link;
}

/** The streams from the account down to this one: `[flows, executions, steps]` for steps. */
export function lineageOf(stream: StreamDefinition): StreamDefinition[] {
  return stream.parent === undefined ? [stream] : [...lineageOf(stream.parent.stream), stream];
}

const ISO_DATE_TIME = z.iso.datetime();

/**
 * A Twilio date-time: RFC 2822 on the wire (`Fri, 18 Feb 2022 17:24:39 +0000`), ISO 8601 UTC in the record
 * (`2022-02-18T17:24:39Z`). A value already in ISO 8601 is kept; anything else is an issue, so the field is nulled.
 */
export const twilioDateTime = () =>
  z
    // The output is ISO 8601 by construction (converted here, or checked as the input): it is declared a date-time
    // for the JSON schema rather than checked again against zod's pattern, a cost on every date of every record.
    .codec(z.string(), z.string().meta({ format: 'date-time' }), {
      decode: (text, context) => {
        const iso = rfc2822ToIso(text) ?? (ISO_DATE_TIME.safeParse(text).success ? text : undefined);
        if (iso !== undefined) return iso;
        context.issues.push({ code: 'custom', message: 'is not an RFC 2822 date', input: text });
        return z.NEVER;
      },
      encode: (iso) => iso,
    })
    .nullable();

/** A date-time the v1 APIs already write in ISO 8601: checked, and nulled when it is not one. */
export const isoDateTime = () => z.iso.datetime({ offset: true }).nullable();
