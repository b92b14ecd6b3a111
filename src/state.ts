import { z } from 'zod';
import { configError } from './protocol/errors.js';
import type { JsonObject } from './protocol/messages.js';
import type { StreamDefinition } from './streams/definition.js';
import { windowedStreamOf } from './streams/incremental.js';
import { isoSeconds } from './streams/windows.js';

const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;

/**
 * An incremental stream's state: a cursor per account, never one for all (`{"accounts": {"AC…": {"date_updated":
 * "2025-06-01T00:00:00Z"}}}`). Accounts that are no longer in scope keep their cursor.
 */
export class AccountCursors {
  private constructor(
    private readonly cursorField: string,
    private readonly byAccount: Map<string, string>,
  ) {}

  /** The state the last sync left for the stream, checked: a state of another shape is a config error, never "no state". */
  static parse(stream: StreamDefinition, raw: JsonObject | undefined): AccountCursors {
    const cursorField = windowedStreamOf(stream)?.incremental?.cursorField ?? '';
    const cursors = new Map<string, string>();
    if (raw === undefined || Object.keys(raw).length === 0) return new AccountCursors(cursorField, cursors);
    const shape = z.object({ accounts: z.record(z.string().regex(ACCOUNT_SID), z.object({ [cursorField]: z.string() })) }).strict();
    const parsed = shape.safeParse(raw);
    if (!parsed.success) {
      throw configError(
        `The state of stream "${stream.name}" is not one this version keeps: expected ` +
          `{"accounts": {"AC…": {"${cursorField}": "<ISO 8601 date-time>"}}}, got ${JSON.stringify(raw).slice(0, 200)}. ` +
          'Reset the stream, or give the state a sync of this version wrote.',
      );
    }
    for (const [account, cursor] of Object.entries(parsed.data.accounts)) {
      const value = cursor[cursorField];
      if (typeof value !== 'string' || !z.iso.datetime({ offset: true }).safeParse(value).success) {
        throw configError(
          `The state of stream "${stream.name}" holds a cursor for account ${account} that is not an ISO 8601 ` +
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
