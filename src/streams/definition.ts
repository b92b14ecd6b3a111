import { z } from 'zod';
import type { Query } from '../twilio/client.js';

/** Every Twilio REST resource lives under an account; later streams fan out over subaccounts through this. */
export interface AccountContext {
  readonly accountSid: string;
}

/** What the user configured that a stream's requests may depend on. */
export interface StreamOptions {
  /** `YYYY-MM-DD`: only resources created on or after this UTC day. */
  readonly startDate: string | undefined;
}

/** A child stream reads one list per parent record, found by listing the parent once per query. */
export interface ParentLink<ParentSchema extends z.ZodObject, Context extends AccountContext> {
  readonly stream: TwilioStream<ParentSchema>;
  /** One parent list per query, because Twilio's filters take a single value each. */
  readonly queries: readonly Query[];
  context(parent: z.output<ParentSchema>, account: AccountContext): Context;
}

/**
 * A Twilio list as an Airbyte stream, declared rather than programmed: where the list is, which key of the answer
 * holds the items, the record schema (the source of the record type, its runtime check and the discovered JSON
 * schema), and for a child stream the parent it fans out over.
 */
export interface TwilioStream<
  Schema extends z.ZodObject = z.ZodObject,
  Context extends AccountContext = AccountContext,
  ParentSchema extends z.ZodObject = z.ZodObject,
> {
  readonly name: string;
  readonly schema: Schema;
  readonly primaryKey: readonly (keyof z.output<Schema> & string)[];
  readonly itemsKey: string;
  path(context: Context): string;
  query?(options: StreamOptions): Query;
  readonly parent?: ParentLink<ParentSchema, Context>;
  /** The list answers 404 when its parent has just gone, which means it has no items. */
  readonly notFoundIsEmpty?: boolean;
}

export function defineStream<
  Schema extends z.ZodObject,
  Context extends AccountContext = AccountContext,
  ParentSchema extends z.ZodObject = z.ZodObject,
>(stream: TwilioStream<Schema, Context, ParentSchema>): TwilioStream<Schema, Context, ParentSchema> {
  return stream;
}

/** A Twilio date-time: RFC 2822 on the wire, ISO 8601 UTC in the record, null when absent or unreadable. */
export const twilioDateTime = () => z.iso.datetime().nullable();
