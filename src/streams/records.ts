import type { z } from 'zod';

export type RecordData = Record<string, unknown>;

/** A field the source sent but the record could not carry as sent, so it is null in the record. */
export interface NulledField {
  readonly field: string;
  readonly reason: string;
}

/** An item becomes a record, or is skipped because it lacks a primary key field (it could be neither keyed nor fanned out over). */
export type MappedItem =
  | { readonly kind: 'record'; readonly data: RecordData; readonly nulled: readonly NulledField[] }
  | { readonly kind: 'skipped'; readonly field: string };

const NOTHING_NULLED: readonly NulledField[] = [];

/**
 * The one way from an item of a Twilio list to a record: pick the declared fields (absent ones null), let the zod
 * schema check and convert them, and null every field it rejects, listing it, rather than failing the sync.
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
    const picked: RecordData = {};
    for (const field of fields) picked[field] = source[field] ?? null;
    const parsed = schema.safeParse(picked);
    if (parsed.success) return { kind: 'record', data: parsed.data, nulled: NOTHING_NULLED };

    const nulled: NulledField[] = [];
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
      nulled.push({ field, reason: `${JSON.stringify(value)?.slice(0, 100)} ${problem}` });
    }
    return { kind: 'record', data: schema.parse(picked), nulled };
  };
}
