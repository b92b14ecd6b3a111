import { z } from 'zod';
import { rfc2822ToIso } from '../twilio/dates.js';
import { quickCheck } from './quick-check.js';

export type RecordData = Record<string, unknown>;

/** A field the source sent but the record could not carry as sent, so it is null in the record. */
export interface NulledField {
  field: string;
  reason: string;
}

export interface MappedRecord {
  data: RecordData;
  nulled: NulledField[];
}

const NOTHING_NULLED: NulledField[] = [];
const isoDateTime = z.iso.datetime();

/**
 * Turns an item of a Twilio list into a record of the schema: exactly the declared fields (absent ones null),
 * Twilio's dates as ISO 8601, and a value the schema rejects nulled and reported rather than failing the sync.
 * Everything that depends only on the schema is worked out once, here, not per record.
 */
export function recordMapper(schema: z.ZodObject): (item: unknown) => MappedRecord {
  const fields = Object.keys(schema.shape);
  const dateFields = fields.filter((field) => isDateTime(schema.shape[field]));
  const nullable = new Set(fields.filter((field) => schema.shape[field]?.safeParse(null).success));
  const accepts = quickCheck(schema);

  return (item) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new TypeError(`Expected an object in the list, got ${JSON.stringify(item)?.slice(0, 100)}.`);
    }
    // Twilio's items usually hold exactly the declared fields in the declared order: then the item becomes the record.
    const data = hasExactly(item as RecordData, fields) ? (item as RecordData) : pick(item as RecordData, fields);
    let nulled = NOTHING_NULLED;
    for (const field of dateFields) {
      const value = data[field];
      if (typeof value !== 'string') continue;
      const iso = rfc2822ToIso(value) ?? (isoDateTime.safeParse(value).success ? value : undefined);
      if (iso === undefined) {
        if (nulled === NOTHING_NULLED) nulled = [];
        nulled.push({ field, reason: `"${value.slice(0, 100)}" is not an RFC 2822 date` });
      }
      data[field] = iso ?? null;
    }
    // Both ways of building `data` give it exactly the declared fields, in the declared order.
    if (accepts(Object.values(data))) return { data, nulled };
    const result = schema.safeParse(data);
    if (result.success) return { data, nulled };

    if (nulled === NOTHING_NULLED) nulled = [];
    for (const issue of result.error.issues) {
      const field = String(issue.path[0] ?? '');
      const value = data[field];
      if (value === null) continue;
      if (!nullable.has(field)) {
        throw new TypeError(`Field "${field}" of an item is invalid and cannot be null: ${issue.message}.`);
      }
      data[field] = null;
      nulled.push({ field, reason: `${JSON.stringify(value)?.slice(0, 100)} is invalid: ${issue.message}` });
    }
    return { data, nulled };
  };
}

function hasExactly(item: RecordData, fields: readonly string[]): boolean {
  const keys = Object.keys(item);
  if (keys.length !== fields.length) return false;
  for (let index = 0; index < keys.length; index++) {
    if (keys[index] !== fields[index]) return false;
  }
  return true;
}

function pick(item: RecordData, fields: readonly string[]): RecordData {
  const data: RecordData = {};
  for (const field of fields) data[field] = item[field] ?? null;
  return data;
}

function isDateTime(field: z.ZodType | undefined): boolean {
  let inner: unknown = field;
  while (inner instanceof z.ZodNullable || inner instanceof z.ZodOptional) inner = inner.unwrap();
  return inner instanceof z.ZodISODateTime;
}
