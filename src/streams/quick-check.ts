import { z } from 'zod';

/** What a field may hold, as plain data: one function walks every rule, so no call in the check is megamorphic. */
type Rule = { readonly field: string; readonly nullable: boolean; readonly optional: boolean } & (
  | { readonly kind: 'string' | 'boolean' }
  | { readonly kind: 'pattern'; readonly pattern: RegExp }
  | { readonly kind: 'enum'; readonly values: ReadonlySet<unknown> }
  | { readonly kind: 'object'; readonly rules: readonly Rule[] }
);

/**
 * A check of a record worked out once from its zod schema, for the field types Twilio's records use (strings,
 * booleans, enums, ISO date-times, loose objects of those, each possibly nullable or optional). It never accepts what
 * zod rejects: a record it does not accept, or any record of a schema with other types, goes to zod, which decides
 * (a property test holds the two together). It takes the record's values in the schema's field order, as the record
 * mapper builds every record, so that no field is looked up by name: zod's own parse costs three times as much per
 * record in a sync and builds a new object for each.
 */
export function quickCheck(schema: z.ZodObject): (valuesInFieldOrder: readonly unknown[]) => boolean {
  const rules = objectRules(schema);
  if (rules === undefined) return () => false;
  return (values) => {
    if (values.length !== rules.length) return false;
    for (let index = 0; index < rules.length; index++) {
      if (!passes(rules[index] as Rule, values[index])) return false;
    }
    return true;
  };
}

function passes(rule: Rule, value: unknown): boolean {
  if (value === null) return rule.nullable;
  if (value === undefined) return rule.optional;
  switch (rule.kind) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'pattern':
      return typeof value === 'string' && rule.pattern.test(value);
    case 'enum':
      return rule.values.has(value);
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return false;
      const record = value as Record<string, unknown>;
      return rule.rules.every((inner) => passes(inner, record[inner.field]));
    }
  }
}

function objectRules(schema: z.ZodObject): Rule[] | undefined {
  if (hasChecks(schema) || schema.def.catchall instanceof z.ZodNever) return undefined;
  const rules: Rule[] = [];
  for (const [field, type] of Object.entries(schema.shape)) {
    const rule = ruleOf(field, type, false, false);
    if (rule === undefined) return undefined;
    rules.push(rule);
  }
  return rules;
}

function ruleOf(field: string, type: z.ZodType, nullable: boolean, optional: boolean): Rule | undefined {
  if (type instanceof z.ZodNullable) return ruleOf(field, type.unwrap() as z.ZodType, true, optional);
  if (type instanceof z.ZodOptional) return ruleOf(field, type.unwrap() as z.ZodType, nullable, true);
  if (hasChecks(type)) return undefined;
  const base = { field, nullable, optional };
  if (type instanceof z.ZodISODateTime) {
    // zod decides a date-time by this pattern alone.
    const pattern = type.def.pattern;
    return pattern === undefined || pattern.global || pattern.sticky ? undefined : { ...base, kind: 'pattern', pattern };
  }
  if (type instanceof z.ZodString) return type.format === null ? { ...base, kind: 'string' } : undefined;
  if (type instanceof z.ZodBoolean) return { ...base, kind: 'boolean' };
  if (type instanceof z.ZodEnum) return { ...base, kind: 'enum', values: new Set<unknown>(type.options) };
  if (type instanceof z.ZodObject) {
    const rules = objectRules(type);
    return rules === undefined ? undefined : { ...base, kind: 'object', rules };
  }
  return undefined;
}

function hasChecks(type: z.ZodType): boolean {
  return (type.def.checks?.length ?? 0) > 0;
}
