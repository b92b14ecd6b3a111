/**
 * Backward compatibility against a committed snapshot, CAT's `backward_compatibility.py` without Docker: what a
 * change breaks for configs that users already saved (spec) or for tables already synced (catalog).
 */
import type { DiscoveredStream } from './catalog-rules.js';
import { isSchemaNode, typesOf, type SchemaNode } from './schema-walk.js';

/** A spec may widen a type (old configs stay valid); a record schema may only become nullable. */
type Direction = 'spec' | 'catalog';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const list = (values: readonly unknown[]) => values.map((value) => JSON.stringify(value)).join(', ');
const changed = (what: string, before: unknown, after: unknown) =>
  `${what} changed from ${JSON.stringify(before)} to ${JSON.stringify(after)}`;

export function breakingSpecChanges(previous: unknown, current: unknown): string[] {
  const changes: string[] = [];
  compareSchemas(previous, current, 'connectionSpecification', 'spec', changes);
  return changes;
}

export function breakingCatalogChanges(previous: readonly DiscoveredStream[], current: readonly DiscoveredStream[]): string[] {
  const changes: string[] = [];
  for (const before of previous) {
    const after = current.find((stream) => stream.name === before.name);
    if (after === undefined) {
      changes.push(`the stream ${before.name} was removed`);
      continue;
    }
    compareSchemas(before.json_schema, after.json_schema, `${before.name}/json_schema`, 'catalog', changes);
    const [cursorBefore, cursorAfter] = [before.default_cursor_field ?? [], after.default_cursor_field ?? []];
    if (!same(cursorBefore, cursorAfter)) changes.push(`${before.name}: ${changed('default_cursor_field', cursorBefore, cursorAfter)}`);
    const [keyBefore, keyAfter] = [before.source_defined_primary_key ?? [], after.source_defined_primary_key ?? []];
    if (!same(keyBefore, keyAfter)) changes.push(`${before.name}: ${changed('the primary key', keyBefore, keyAfter)}`);
    const lostModes = before.supported_sync_modes.filter((mode) => !after.supported_sync_modes.includes(mode));
    if (lostModes.length > 0) changes.push(`${before.name}: no longer supports ${lostModes.join(', ')}`);
  }
  return changes;
}

function compareSchemas(previous: unknown, current: unknown, path: string, direction: Direction, changes: string[]): void {
  if (!isSchemaNode(previous) || !isSchemaNode(current)) return;
  compareTypes(previous, current, path, direction, changes);
  compareEnums(previous, current, path, changes);

  const required = (node: SchemaNode) => (Array.isArray(node['required']) ? (node['required'] as unknown[]) : []);
  const newlyRequired = required(current).filter((name) => !required(previous).includes(name));
  if (newlyRequired.length > 0) changes.push(`${path}: ${list(newlyRequired)} became required`);

  const before = isSchemaNode(previous['properties']) ? previous['properties'] : {};
  const after = isSchemaNode(current['properties']) ? current['properties'] : {};
  for (const [name, schema] of Object.entries(before)) {
    if (name in after) compareSchemas(schema, after[name], `${path}/properties/${name}`, direction, changes);
    else if (direction === 'catalog') changes.push(`${path}/properties/${name} was removed`);
  }
  compareSchemas(previous['items'], current['items'], `${path}/items`, direction, changes);
  compareVariants(previous, current, path, direction, changes);
}

function compareTypes(previous: SchemaNode, current: SchemaNode, path: string, direction: Direction, changes: string[]): void {
  const before = typesOf(previous);
  const after = typesOf(current);
  if (after === undefined) return;
  if (before === undefined) {
    changes.push(`${path}: type ${JSON.stringify(current['type'])} was declared where any type was allowed`);
    return;
  }
  const lost = before.filter((type) => !after.includes(type));
  const gained = after.filter((type) => !before.includes(type) && type !== 'null');
  if (lost.length > 0 || (direction === 'catalog' && gained.length > 0)) {
    changes.push(`${path}: ${changed('type', previous['type'], current['type'])}`);
  }
}

function compareEnums(previous: SchemaNode, current: SchemaNode, path: string, changes: string[]): void {
  const before = previous['enum'];
  const after = current['enum'];
  if (!Array.isArray(after)) return;
  if (!Array.isArray(before)) {
    changes.push(`${path}: an enum was declared on an existing property`);
    return;
  }
  const removed = before.filter((value) => !after.some((candidate) => same(candidate, value)));
  if (removed.length > 0) changes.push(`${path}: the enum no longer allows ${list(removed)}`);
}

/** oneOf variants are matched by their const discriminators, or by position when they have none. */
function compareVariants(previous: SchemaNode, current: SchemaNode, path: string, direction: Direction, changes: string[]): void {
  const before = Array.isArray(previous['oneOf']) ? previous['oneOf'] : [];
  const after = Array.isArray(current['oneOf']) ? current['oneOf'] : [];
  before.forEach((variant, index) => {
    const key = discriminatorOf(variant);
    const match = key === undefined ? after[index] : after.find((candidate) => discriminatorOf(candidate) === key);
    if (match === undefined) changes.push(`${path}/oneOf: the variant ${key ?? index} was removed`);
    else compareSchemas(variant, match, `${path}/oneOf/${key ?? index}`, direction, changes);
  });
}

function discriminatorOf(variant: unknown): string | undefined {
  const properties = isSchemaNode(variant) && isSchemaNode(variant['properties']) ? variant['properties'] : {};
  const constants = Object.entries(properties).flatMap(([name, property]) =>
    isSchemaNode(property) && 'const' in property ? [`${name}=${JSON.stringify(property['const'])}`] : [],
  );
  return constants.length > 0 ? constants.join(',') : undefined;
}
