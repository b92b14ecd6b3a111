import * as z from 'zod';
import type { JsonObject } from './messages.js';

type JsonSchema = { [keyword: string]: unknown };

/**
 * The JSON schema Airbyte expects for a record schema: draft-07, nullable types written as `["T", "null"]` rather
 * than `anyOf`, every object open (`additionalProperties: true`), no `required` (a destination must accept a record
 * that lacks a field), and `date-time` strings without zod's long validation pattern.
 */
export function toAirbyteJsonSchema(schema: z.ZodType): JsonObject {
  const generated = z.toJSONSchema(schema, { target: 'draft-7', io: 'output' }) as JsonSchema;
  return normalise(generated);
}

function normalise(schema: JsonSchema): JsonSchema {
  const variants = schema['anyOf'];
  if (Array.isArray(variants)) return normalise(mergeNullable(schema, variants as JsonSchema[]));

  const result: JsonSchema = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === 'required') continue;
    if (keyword === 'pattern' && (schema['format'] === 'date-time' || schema['format'] === 'date')) continue;
    if (keyword === 'properties') {
      result[keyword] = Object.fromEntries(
        Object.entries(value as Record<string, JsonSchema>).map(([name, property]) => [name, normalise(property)]),
      );
    } else if (keyword === 'items') {
      result[keyword] = normalise(value as JsonSchema);
    } else {
      result[keyword] = value;
    }
  }
  if (includesType(result, 'object')) result['additionalProperties'] = true;
  return result;
}

function mergeNullable(schema: JsonSchema, variants: JsonSchema[]): JsonSchema {
  const nonNull = variants.filter((variant) => variant['type'] !== 'null');
  const [only] = nonNull;
  if (nonNull.length !== 1 || only === undefined || variants.length !== 2 || typeof only['type'] !== 'string') {
    throw new Error(`Airbyte schemas cannot express this union: ${JSON.stringify(schema)}`);
  }
  const { anyOf: _anyOf, ...rest } = schema;
  const merged: JsonSchema = { ...rest, ...only, type: [only['type'], 'null'] };
  if (Array.isArray(only['enum'])) merged['enum'] = [...(only['enum'] as unknown[]), null];
  return merged;
}

function includesType(schema: JsonSchema, type: string): boolean {
  const declared = schema['type'];
  return declared === type || (Array.isArray(declared) && declared.includes(type));
}
