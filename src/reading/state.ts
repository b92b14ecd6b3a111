import * as z from 'zod';
import { configError } from '../protocol/errors.js';
import type { JsonObject } from '../protocol/messages.js';
import type { AccountContext } from '../streams/definition.js';
import { isoSeconds } from './windows.js';

const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;

/**
 * An incremental stream's state: a cursor per account, never one for all (`{"accounts": {"AC…": {"date_updated":
 * "2025-06-01T00:00:00Z"}}}`), under the cursor field the stream declares. Accounts that are no longer in scope keep
 * their cursor. A child read within its parent's windows keeps the point its parent's windows have reached.
 */
export class AccountCursors {
  private constructor(
    private readonly cursorField: string,
    private readonly byAccount: Map<string, string>,
  ) {}

  /**
   * The state the last sync left, checked: a state of another shape is a config error, never "no state". `legacyField`
   * is the key an earlier version kept the cursor under (a child's parent's cursor field), read as the same cursor.
   * A full refresh's progress (the sync mode was changed) holds no cursor: the read starts as a first sync.
   */
  static parse(streamName: string, cursorField: string, legacyField: string, raw: JsonObject | undefined): AccountCursors {
    const cursors = new Map<string, string>();
    if (raw === undefined || Object.keys(raw).length === 0 || FullRefreshProgress.holds(raw)) return new AccountCursors(cursorField, cursors);
    const shape = z.object({ accounts: z.record(z.string().regex(ACCOUNT_SID), z.record(z.string(), z.unknown())) }).strict();
    const parsed = shape.safeParse(raw);
    const savedUnder = (saved: Record<string, unknown>) => {
      const [key, ...others] = Object.keys(saved);
      return others.length === 0 && (key === cursorField || key === legacyField) ? key : undefined;
    };
    if (!parsed.success || Object.values(parsed.data.accounts).some((saved) => savedUnder(saved) === undefined)) {
      throw configError(
        `The state of stream "${streamName}" is not one this version keeps: expected ` +
          `{"accounts": {"AC…": {"${cursorField}": "<ISO 8601 date-time>"}}}, got ${JSON.stringify(raw).slice(0, 200)}. ` +
          'Reset the stream, or give the state a sync of this version wrote.',
      );
    }
    for (const [account, saved] of Object.entries(parsed.data.accounts)) {
      const value = saved[savedUnder(saved) ?? cursorField];
      if (typeof value !== 'string' || !z.iso.datetime({ offset: true }).safeParse(value).success) {
        throw configError(
          `The state of stream "${streamName}" holds a cursor for account ${account} that is not an ISO 8601 ` +
            `date-time: ${JSON.stringify(value)}. Reset the stream, or write a date-time such as 2025-06-01T00:00:00Z.`,
        );
      }
      cursors.set(account, isoSeconds(Date.parse(value)));
    }
    return new AccountCursors(cursorField, cursors);
  }

  cursorOf(account: string): string | undefined {
    return this.byAccount.get(account);
  }

  /** Moves one account's cursor and gives the whole state to save. */
  advance(account: string, cursor: string): JsonObject {
    this.byAccount.set(account, cursor);
    const accounts = Object.fromEntries([...this.byAccount].map(([sid, value]) => [sid, { [this.cursorField]: value }]));
    return { accounts };
  }
}

/** A partition below the account: the SIDs of the parent rows its list is read under (`{"conversationSid": "CH…"}`). */
export type PartitionKey = Readonly<Record<string, string>>;

/**
 * Where an account's full refresh can go on from: every partition up to `through` (in the order they were listed) and
 * those in `also` were read whole.
 */
export interface ResumePoint {
  readonly through?: PartitionKey;
  readonly also: readonly PartitionKey[];
}

/** How far an account's full refresh got: all of it, or its partitions up to a point. */
export type AccountProgress = { readonly complete: true } | ResumePoint;

const partitionKey = z.record(z.string(), z.string());
const progressShape = z
  .object({
    full_refresh: z.object({
      accounts: z.record(
        z.string().regex(ACCOUNT_SID),
        z.union([z.object({ complete: z.literal(true) }).strict(), z.object({ through: partitionKey.optional(), also: z.array(partitionKey) }).strict()]),
      ),
    }),
  })
  .strict();

/**
 * A full refresh under way, checkpointed by the partitions it has finished, so that an attempt that failed goes on
 * from there instead of starting over (`{"full_refresh": {"accounts": {"AC…": {"complete": true}, "AC…": {"through":
 * {"conversationSid": "CH…"}, "also": […]}}}}`). A finished full refresh leaves `{}`: the next sync reads everything.
 */
export class FullRefreshProgress {
  private constructor(private readonly byAccount: Map<string, AccountProgress>) {}

  static holds(raw: JsonObject): boolean {
    return 'full_refresh' in raw;
  }

  /** The progress of the attempt before this one; any other state (an incremental one, say) resumes nothing. */
  static parse(streamName: string, raw: JsonObject | undefined): FullRefreshProgress {
    if (raw === undefined || !FullRefreshProgress.holds(raw)) return new FullRefreshProgress(new Map());
    const parsed = progressShape.safeParse(raw);
    if (!parsed.success) {
      throw configError(
        `The state of stream "${streamName}" is not a full refresh's progress this version keeps: ` +
          `${JSON.stringify(raw).slice(0, 200)}. Reset the stream, or give the state a sync of this version wrote.`,
      );
    }
    const byAccount = new Map<string, AccountProgress>();
    for (const [account, progress] of Object.entries(parsed.data.full_refresh.accounts)) {
      if ('complete' in progress) byAccount.set(account, { complete: true });
      else byAccount.set(account, progress.through === undefined ? { also: progress.also } : { through: progress.through, also: progress.also });
    }
    return new FullRefreshProgress(byAccount);
  }

  of(account: string): AccountProgress | undefined {
    return this.byAccount.get(account);
  }

  /** Records one account's progress and gives the whole state to save. */
  advance(account: string, progress: AccountProgress | undefined): JsonObject {
    if (progress === undefined) this.byAccount.delete(account);
    else this.byAccount.set(account, progress);
    return { full_refresh: { accounts: Object.fromEntries(this.byAccount) } };
  }
}

/** The partition a context stands for below its account: its SIDs but the account's. */
export function partitionKeyOf(context: AccountContext): PartitionKey {
  const key: Record<string, string> = {};
  for (const [field, value] of Object.entries(context)) if (field !== 'accountSid' && typeof value === 'string') key[field] = value;
  return key;
}

export function samePartition(one: PartitionKey, other: PartitionKey): boolean {
  const fields = Object.keys(one);
  return fields.length === Object.keys(other).length && fields.every((field) => one[field] === other[field]);
}
