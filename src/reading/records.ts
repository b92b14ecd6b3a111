import type * as z from 'zod';

export type RecordData = Record<string, unknown>;

/**
 * A field the record could not carry as Twilio sent it: `nulled` when its value could not be read, `credentials-removed`
 * when it was a URL with user info (`https://user:secret@host/`), which the record carries without it. The reason never
 * quotes a removed credential.
 */
export interface FieldChange {
  readonly field: string;
  readonly change: 'nulled' | 'credentials-removed';
  readonly reason: string;
}

/** An item becomes a record, or is skipped because it lacks a primary key field (it could be neither keyed nor fanned out over). */
export type MappedItem =
  | { readonly kind: 'record'; readonly data: RecordData; readonly fieldChanges: readonly FieldChange[] }
  | { readonly kind: 'skipped'; readonly field: string };

const NO_CHANGES: readonly FieldChange[] = [];

/**
 * The one way from an item of a Twilio list to a record: pick the declared fields (absent ones null), so that a
 * field the schema leaves out (a credential such as an account's `auth_token`) never reaches a record; remove the
 * user info of every URL in them; let the zod schema check and convert them, and null every field it rejects,
 * listing it, rather than failing the sync.
 */
export function recordMapper(schema: z.ZodObject, primaryKey: readonly string[]): (item: unknown) => MappedItem {
  const fields = Object.keys(schema.shape);
  const nullable = new Set(fields.filter((field) => schema.shape[field]?.safeParse(null).success));

  return (item) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new TypeError(`Expected an object in the list, got ${JSON.stringify(item)?.slice(0, 100)}.`);
    }
    const source = item as RecordData;
    for (const field of primaryKey) {
      const value = source[field];
      if (value === null || value === undefined || value === '') return { kind: 'skipped', field };
    }
    // Most items carry every declared field and only valid values: zod then picks and converts them in one pass.
    const direct = schema.safeParse(source);
    if (direct.success) {
      const data = direct.data;
      let removed: FieldChange[] | undefined;
      for (const field of fields) {
        const value = data[field];
        const stripped = withoutUserInfo(value);
        if (stripped === value) continue;
        data[field] = stripped;
        (removed ??= []).push({ field, change: 'credentials-removed', reason: CREDENTIALS_REMOVED });
      }
      return { kind: 'record', data, fieldChanges: removed ?? NO_CHANGES };
    }
    const picked: RecordData = {};
    let changes: FieldChange[] | undefined;
    for (const field of fields) {
      const value = source[field] ?? null;
      picked[field] = withoutUserInfo(value);
      if (picked[field] !== value) (changes ??= []).push({ field, change: 'credentials-removed', reason: CREDENTIALS_REMOVED });
    }
    const parsed = schema.safeParse(picked);
    if (parsed.success) return { kind: 'record', data: parsed.data, fieldChanges: changes ?? NO_CHANGES };

    changes ??= [];
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      const value = picked[field];
      if (value === null) continue;
      if (!nullable.has(field)) {
        throw new TypeError(`Field "${field}" of an item is invalid and cannot be null: ${issue.message}.`);
      }
      picked[field] = null;
      // Our own (custom) issues are worded to follow the value: `"x" is not an RFC 2822 date`.
      const problem = issue.code === 'custom' ? issue.message : `is invalid: ${issue.message}`;
      changes.push({ field, change: 'nulled', reason: `${JSON.stringify(value)?.slice(0, 100)} ${problem}` });
    }
    return { kind: 'record', data: schema.parse(picked), fieldChanges: changes };
  };
}

const CREDENTIALS_REMOVED = 'the user info (a user name and password) of a URL in it was removed';

/**
 * The user info of a URL, `user:password@` in `https://user:password@host/path`: everything between `//` and the last
 * `@` before the path, query or fragment (which end the authority, as WHATWG URL parsing has it).
 */
const USER_INFO = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#\\]*@/i;

/**
 * The value with the user info removed from every URL in it, nested objects and lists included; the value itself
 * (the same object) when it holds none. Strings without an `@` cost one scan.
 */
function withoutUserInfo(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('@') ? value.replace(USER_INFO, '$1') : value;
  if (typeof value !== 'object' || value === null) return value;
  let copy: unknown[] | RecordData | undefined;
  for (const [key, item] of Object.entries(value)) {
    const stripped = withoutUserInfo(item);
    if (stripped === item) continue;
    copy ??= Array.isArray(value) ? [...(value as unknown[])] : { ...(value as RecordData) };
    (copy as RecordData)[key] = stripped;
  }
  return copy ?? value;
}
