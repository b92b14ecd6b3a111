/** CAT's rules for a discovered catalog (`TestDiscovery` in `connector_acceptance_test/tests/test_core.py`). */
import type { AirbyteMessage } from '../../src/protocol/messages.js';
import { airbyteAjv } from './ajv.js';
import type { Problem } from './report.js';
import { additionalPropertiesOpen, noRefs } from './spec-rules.js';
import { fieldSchema, typesOf, walkSchema } from './schema-walk.js';

export type DiscoveredCatalog = Extract<AirbyteMessage, { type: 'CATALOG' }>['catalog'];
export type DiscoveredStream = DiscoveredCatalog['streams'][number];

const VALID_TYPES = ['null', 'string', 'number', 'integer', 'boolean', 'object', 'array'];
const VALID_FORMATS = ['date', 'date-time'];
const FORBIDDEN_KEYWORDS = ['allOf', 'not'];

const schemaPath = (stream: DiscoveredStream) => `${stream.name}/json_schema`;
const perStream = (streams: readonly DiscoveredStream[], rule: (stream: DiscoveredStream) => Problem[]) => streams.flatMap(rule);

export function uniqueStreamNames(streams: readonly DiscoveredStream[]): Problem[] {
  const names = streams.map((stream) => stream.name);
  const repeated = [...new Set(names.filter((name, index) => names.indexOf(name) !== index))];
  return repeated.map((name) => ({ at: name, why: `the stream name ${name} appears more than once` }));
}

export function validDraft7Schemas(streams: readonly DiscoveredStream[]): Problem[] {
  const ajv = airbyteAjv();
  return perStream(streams, (stream) =>
    ajv.validateSchema(stream.json_schema)
      ? []
      : [{ at: schemaPath(stream), why: `not a valid draft-07 schema: ${ajv.errorsText(ajv.errors)}` }],
  );
}

export function noRefsOrForbiddenKeywords(streams: readonly DiscoveredStream[]): Problem[] {
  return perStream(streams, (stream) => [
    ...noRefs(stream.json_schema, schemaPath(stream)),
    ...[...walkSchema(stream.json_schema, schemaPath(stream))].flatMap(({ node, path }) =>
      FORBIDDEN_KEYWORDS.filter((keyword) => keyword in node).map((keyword) => ({
        at: `${path}/${keyword}`,
        why: `${keyword} is not allowed in a stream schema`,
      })),
    ),
  ]);
}

export function openObjects(streams: readonly DiscoveredStream[]): Problem[] {
  return perStream(streams, (stream) => additionalPropertiesOpen(stream.json_schema, schemaPath(stream)));
}

export function supportedTypesAndFormats(streams: readonly DiscoveredStream[]): Problem[] {
  return perStream(streams, (stream) =>
    [...walkSchema(stream.json_schema, schemaPath(stream))].flatMap(({ node, path }) => {
      const types = typesOf(node) ?? [];
      const problems = types
        .filter((type) => !VALID_TYPES.includes(type))
        .map((type) => ({ at: `${path}/type`, why: `type "${type}" is not one of ${VALID_TYPES.join(', ')}` }));
      const format = node['format'];
      if (
        format !== undefined &&
        (!VALID_FORMATS.includes(String(format)) || !types.includes('string') || types.some((type) => !['string', 'null'].includes(type)))
      ) {
        problems.push({ at: `${path}/format`, why: `format ${JSON.stringify(format)} is allowed only as date or date-time on a string` });
      }
      return problems;
    }),
  );
}

export function primaryKeysExist(streams: readonly DiscoveredStream[]): Problem[] {
  return perStream(streams, (stream) =>
    (stream.source_defined_primary_key ?? []).flatMap((key) =>
      fieldSchema(stream.json_schema, key) === undefined
        ? [{ at: stream.name, why: `the primary key ${JSON.stringify(key)} is not a property of the stream's schema` }]
        : [],
    ),
  );
}

export function primaryKeysAreScalars(streams: readonly DiscoveredStream[]): Problem[] {
  return perStream(streams, (stream) =>
    (stream.source_defined_primary_key ?? []).flatMap((key) => compositeFieldProblems(stream, key, 'primary key')),
  );
}

/** Each default cursor field is a property of its stream, and neither an object nor an array. */
export function cursorsAreScalarProperties(streams: readonly DiscoveredStream[]): Problem[] {
  return perStream(streams, (stream) => {
    const cursor = stream.default_cursor_field ?? [];
    if (cursor.length === 0) return [];
    if (fieldSchema(stream.json_schema, cursor) === undefined) {
      return [{ at: stream.name, why: `the default cursor field ${JSON.stringify(cursor)} is not a property of the stream's schema` }];
    }
    return compositeFieldProblems(stream, cursor, 'default cursor field');
  });
}

function compositeFieldProblems(stream: DiscoveredStream, field: readonly string[], what: string): Problem[] {
  const types = typesOf(fieldSchema(stream.json_schema, field) ?? {}) ?? [];
  return types.some((type) => type === 'object' || type === 'array')
    ? [{ at: stream.name, why: `the ${what} ${JSON.stringify(field)} has type ${JSON.stringify(types)}: it cannot be an object or array` }]
    : [];
}

export function syncModesDeclared(streams: readonly DiscoveredStream[]): Problem[] {
  return perStream(streams, (stream) =>
    stream.supported_sync_modes.length === 0 ? [{ at: stream.name, why: 'supported_sync_modes is empty' }] : [],
  );
}
