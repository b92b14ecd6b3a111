/** A walk over every subschema of a JSON schema, telling schema keywords apart from property names. */

export type SchemaNode = Record<string, unknown>;

export interface SchemaVisit {
  node: SchemaNode;
  /** Slash-separated, from the name the caller gave the root: `spec/properties/credentials/oneOf/0`. */
  path: string;
  /** Set when the node is a property's schema: the property's name and the object schema declaring it. */
  property?: { name: string; holder: SchemaNode };
}

const SCHEMA_MAPS = ['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas'];
const SCHEMA_LISTS = ['oneOf', 'anyOf', 'allOf', 'prefixItems'];
const SCHEMA_VALUES = ['not', 'if', 'then', 'else', 'additionalProperties', 'additionalItems', 'contains', 'propertyNames'];

export function isSchemaNode(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function* walkSchema(root: unknown, rootPath: string): Generator<SchemaVisit> {
  if (!isSchemaNode(root)) return;
  yield* visit({ node: root, path: rootPath });
}

function* visit(current: SchemaVisit): Generator<SchemaVisit> {
  yield current;
  const { node, path } = current;
  for (const keyword of SCHEMA_MAPS) {
    const map = node[keyword];
    if (!isSchemaNode(map)) continue;
    for (const [name, child] of Object.entries(map)) {
      if (!isSchemaNode(child)) continue;
      const property = keyword === 'properties' ? { property: { name, holder: node } } : {};
      yield* visit({ node: child, path: `${path}/${keyword}/${name}`, ...property });
    }
  }
  const items = node['items'];
  const lists: [string, unknown][] = [...SCHEMA_LISTS.map((keyword): [string, unknown] => [keyword, node[keyword]]), ['items', items]];
  for (const [keyword, list] of lists) {
    if (!Array.isArray(list)) continue;
    for (const [index, child] of list.entries()) {
      if (isSchemaNode(child)) yield* visit({ node: child, path: `${path}/${keyword}/${index}` });
    }
  }
  for (const keyword of [...SCHEMA_VALUES, 'items']) {
    const child = node[keyword];
    if (isSchemaNode(child)) yield* visit({ node: child, path: `${path}/${keyword}` });
  }
}

/** The types a schema declares, whether `type` is a string or a list; undefined when it declares none. */
export function typesOf(node: SchemaNode): string[] | undefined {
  const type = node['type'];
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((entry): entry is string => typeof entry === 'string');
  return undefined;
}

/** Paths of every object key named `key`, anywhere in a JSON value (CAT searches `$ref` this way). */
export function pathsOfKey(value: unknown, key: string, path: string): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => pathsOfKey(item, key, `${path}/${index}`));
  if (!isSchemaNode(value)) return [];
  return Object.entries(value).flatMap(([name, child]) => [
    ...(name === key ? [`${path}/${name}`] : []),
    ...pathsOfKey(child, key, `${path}/${name}`),
  ]);
}

/** The schema of a field path (`["subresource_uris", "participants"]`) through nested `properties`. */
export function fieldSchema(schema: unknown, field: readonly string[]): SchemaNode | undefined {
  let node: unknown = schema;
  for (const name of field) {
    const properties = isSchemaNode(node) ? node['properties'] : undefined;
    node = isSchemaNode(properties) ? properties[name] : undefined;
  }
  return isSchemaNode(node) ? node : undefined;
}
