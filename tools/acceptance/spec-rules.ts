/** CAT's rules for a connection specification (`TestSpec` in `connector_acceptance_test/tests/test_core.py`). */
import type { Problem } from './report.js';
import { isSchemaNode, pathsOfKey, typesOf, walkSchema, type SchemaNode } from './schema-walk.js';

/** CAT's exact list of property names that must hold secrets. */
const CAT_SECRET_NAMES = [
  'client_token',
  'access_token',
  'api_token',
  'token',
  'secret',
  'client_secret',
  'password',
  'key',
  'service_account_info',
  'service_account',
  'tenant_id',
  'certificate',
  'jwt',
  'credentials',
  'app_id',
  'appid',
  'refresh_token',
];
/** Twilio's own secrets, which CAT's list does not name. */
const TWILIO_SECRET_NAMES = ['auth_token', 'api_key_secret'];
const SECRET_NAMES = new Set([...CAT_SECRET_NAMES, ...TWILIO_SECRET_NAMES]);

const FORBIDDEN_KEYWORDS = [
  'not',
  'anyOf',
  'patternProperties',
  'prefixItems',
  'allOf',
  'if',
  'then',
  'else',
  'dependentSchemas',
  'dependentRequired',
];
const ARRAY_ITEM_TYPES = ['object', 'string', 'number', 'integer'];
const SECRET_TYPES = ['string', 'integer', 'number'];

export type SpecRule = (schema: SchemaNode, path: string) => Problem[];

export const SPEC_RULES: readonly [string, SpecRule][] = [
  ['no $ref', noRefs],
  ['additionalProperties is true wherever it is set', additionalPropertiesOpen],
  [`none of ${FORBIDDEN_KEYWORDS.join(', ')}`, noForbiddenKeywords],
  ['every type is one type, or one type and "null"', typesAreSingleOrNullable],
  ['every nested object has properties', objectsHaveProperties],
  ['every array has one item type: object, string, number, integer or an enum', arraysHaveOneItemType],
  ['enums have no duplicate values', enumsAreDistinct],
  ['oneOf groups are objects sharing exactly one const discriminator', oneOfsHaveConstDiscriminator],
  ['secret-named properties and Twilio credentials are airbyte_secret, and only properties that can hold one', secretsAreMarked],
  ['order is unique within each group of an object', ordersAreUnique],
  ['group is set on top-level properties only', groupsAreTopLevel],
  ['display_type is dropdown or radio, and only on a oneOf', displayTypesBelongToOneOf],
];

export function noRefs(schema: SchemaNode, path: string): Problem[] {
  return pathsOfKey(schema, '$ref', path).map((at) => ({ at, why: '$ref is not allowed: inline the definition' }));
}

export function additionalPropertiesOpen(schema: SchemaNode, path: string): Problem[] {
  return [...walkSchema(schema, path)].flatMap(({ node, path: at }) =>
    'additionalProperties' in node && node['additionalProperties'] !== true
      ? [
          {
            at,
            why: `additionalProperties is ${JSON.stringify(node['additionalProperties'])}: set it to true or leave it out, so that removing a property later is not a breaking change`,
          },
        ]
      : [],
  );
}

function noForbiddenKeywords(schema: SchemaNode, path: string): Problem[] {
  return [...walkSchema(schema, path)].flatMap(({ node, path: at }) =>
    FORBIDDEN_KEYWORDS.filter((keyword) => keyword in node).map((keyword) => ({
      at: `${at}/${keyword}`,
      why: `${keyword} is not allowed: the Airbyte UI cannot render it${keyword === 'anyOf' ? ' (use oneOf)' : ''}`,
    })),
  );
}

function typesAreSingleOrNullable(schema: SchemaNode, path: string): Problem[] {
  return [...walkSchema(schema, path)].flatMap(({ node, path: at }) => {
    const type = node['type'];
    if (!Array.isArray(type) || type.length === 1 || (type.length === 2 && type[1] === 'null')) return [];
    return [{ at: `${at}/type`, why: `type ${JSON.stringify(type)} must be a single type or [type, "null"]` }];
  });
}

function objectsHaveProperties(schema: SchemaNode, path: string): Problem[] {
  return [...walkSchema(schema, path)].flatMap(({ node, path: at }) => {
    if (node === schema || !typesOf(node)?.includes('object') || 'oneOf' in node) return [];
    const properties = node['properties'];
    if (isSchemaNode(properties) && Object.keys(properties).length > 0) return [];
    return [{ at, why: 'an object without properties cannot be shown in the UI: declare its properties or remove it' }];
  });
}

function arraysHaveOneItemType(schema: SchemaNode, path: string): Problem[] {
  return [...walkSchema(schema, path)].flatMap(({ node, path: at }) => {
    const items = node['items'];
    if (!typesOf(node)?.includes('array') || items === undefined) return [];
    if (!isSchemaNode(items)) return [{ at: `${at}/items`, why: 'items must be a single schema, not a list' }];
    const itemType = items['type'];
    if ((typeof itemType === 'string' && ARRAY_ITEM_TYPES.includes(itemType)) || 'enum' in items) return [];
    return [{ at: `${at}/items`, why: `items must be of type ${ARRAY_ITEM_TYPES.join(', ')} or define an enum` }];
  });
}

function enumsAreDistinct(schema: SchemaNode, path: string): Problem[] {
  return [...walkSchema(schema, path)].flatMap(({ node, path: at }) => {
    const values = node['enum'];
    if (!Array.isArray(values)) return [];
    const seen = new Set(values.map((value) => JSON.stringify(value)));
    return seen.size === values.length ? [] : [{ at: `${at}/enum`, why: `the enum ${JSON.stringify(values)} repeats a value` }];
  });
}

function oneOfsHaveConstDiscriminator(schema: SchemaNode, path: string): Problem[] {
  return [...walkSchema(schema, path)].flatMap(({ node, path: at }) => {
    const variants = node['oneOf'];
    if (!Array.isArray(variants)) return [];
    const problems: Problem[] = [];
    const fail = (why: string) => problems.push({ at: `${at}/oneOf`, why });
    if (node['type'] !== 'object') fail('the schema holding a oneOf must have type "object"');
    const variantProperties = variants.map((variant) =>
      isSchemaNode(variant) && isSchemaNode(variant['properties']) ? variant['properties'] : undefined,
    );
    if (variantProperties.some((properties) => properties === undefined)) {
      fail('every oneOf variant must be an object schema with properties');
      return problems;
    }
    const propertyMaps = variantProperties as SchemaNode[];
    const common = Object.keys(propertyMaps[0] ?? {}).filter((name) => propertyMaps.every((properties) => name in properties));
    const discriminators = common.filter((name) =>
      propertyMaps.every((properties) => isSchemaNode(properties[name]) && 'const' in properties[name]),
    );
    if (discriminators.length !== 1) {
      fail(
        `the variants must share exactly one property with a const (found ${discriminators.length === 0 ? 'none' : discriminators.join(', ')})`,
      );
      return problems;
    }
    const discriminator = discriminators[0] as string;
    propertyMaps.forEach((properties, index) => {
      const property = properties[discriminator] as SchemaNode;
      const { const: constant, default: fallback, enum: values } = property;
      if ('default' in property && JSON.stringify(fallback) !== JSON.stringify(constant)) {
        fail(`variant ${index}: ${discriminator}.default must equal its const ${JSON.stringify(constant)}`);
      }
      if ('enum' in property && !(Array.isArray(values) && values.length === 1 && JSON.stringify(values[0]) === JSON.stringify(constant))) {
        fail(`variant ${index}: ${discriminator}.enum must be the single value ${JSON.stringify(constant)}`);
      }
    });
    return problems;
  });
}

function canHoldSecret(node: SchemaNode): boolean {
  const types = typesOf(node) ?? [];
  return types.some((type) => SECRET_TYPES.includes(type)) && !node['const'];
}

function secretsAreMarked(schema: SchemaNode, path: string): Problem[] {
  return [...walkSchema(schema, path)].flatMap(({ node, path: at, property }) => {
    if (property === undefined) return [];
    const marked = node['airbyte_secret'] === true;
    if (marked && !canHoldSecret(node)) {
      return [{ at, why: 'airbyte_secret is set on a property that cannot hold a secret (not a string or number, or a const)' }];
    }
    if (!marked && SECRET_NAMES.has(property.name.toLowerCase()) && canHoldSecret(node)) {
      return [{ at, why: `"${property.name}" names a secret: mark it "airbyte_secret": true so Airbyte hides and encrypts it` }];
    }
    return [];
  });
}

function ordersAreUnique(schema: SchemaNode, path: string): Problem[] {
  return [...walkSchema(schema, path)].flatMap(({ node, path: at }) => {
    const properties = node['properties'];
    if (node['type'] !== 'object' || !isSchemaNode(properties)) return [];
    const seen = new Map<string, string>();
    const problems: Problem[] = [];
    for (const [name, property] of Object.entries(properties)) {
      if (!isSchemaNode(property) || !('order' in property)) continue;
      const key = `${String(property['group'] ?? '')}\u0000${JSON.stringify(property['order'])}`;
      const other = seen.get(key);
      if (other !== undefined) {
        problems.push({ at: `${at}/properties`, why: `${other} and ${name} share order ${JSON.stringify(property['order'])}` });
      }
      seen.set(key, name);
    }
    return problems;
  });
}

function groupsAreTopLevel(schema: SchemaNode, path: string): Problem[] {
  return [...walkSchema(schema, path)].flatMap(({ node, path: at, property }) =>
    'group' in node && property?.holder !== schema ? [{ at: `${at}/group`, why: 'group is allowed on top-level properties only' }] : [],
  );
}

function displayTypesBelongToOneOf(schema: SchemaNode, path: string): Problem[] {
  return [...walkSchema(schema, path)].flatMap(({ node, path: at }) => {
    if (!('display_type' in node)) return [];
    const problems: Problem[] = [];
    if (!('oneOf' in node)) problems.push({ at: `${at}/display_type`, why: 'display_type is allowed only on a property with a oneOf' });
    if (node['display_type'] !== 'dropdown' && node['display_type'] !== 'radio') {
      problems.push({
        at: `${at}/display_type`,
        why: `display_type must be "dropdown" or "radio", not ${JSON.stringify(node['display_type'])}`,
      });
    }
    return problems;
  });
}
