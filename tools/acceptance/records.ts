/** Checks of the records a read emits against the discovered stream schemas. */
import type { ValidateFunction } from 'ajv';
import { airbyteAjv } from './ajv.js';
import type { DiscoveredStream } from './catalog-rules.js';
import { lineOf, type ConnectorRun, type MessageLine } from './connector.js';
import { floatWrittenPaths } from './json-numbers.js';
import { quote, type Problem } from './report.js';
import { isSchemaNode, typesOf, type SchemaNode } from './schema-walk.js';

export interface RecordLine {
  line: MessageLine;
  stream: string;
  data: Record<string, unknown>;
  emittedAt: number;
}

export function recordsOf(run: ConnectorRun): RecordLine[] {
  return run.messages.flatMap((line) =>
    line.message.type === 'RECORD'
      ? [{ line, stream: line.message.record.stream, data: line.message.record.data, emittedAt: line.message.record.emitted_at }]
      : [],
  );
}

const DATA_POINTER = '/record/data';

/** Every record against its stream's schema: ajv draft-07 with formats, and integers never written as floats. */
export function schemaProblems(run: ConnectorRun, records: readonly RecordLine[], streams: readonly DiscoveredStream[]): Problem[] {
  const ajv = airbyteAjv();
  const validators = new Map<string, ValidateFunction | Problem>();
  const validatorOf = (stream: DiscoveredStream): ValidateFunction | Problem => {
    let validator = validators.get(stream.name);
    if (validator === undefined) {
      try {
        validator = ajv.compile(stream.json_schema);
      } catch (error) {
        validator = { at: stream.name, why: `the stream's schema does not compile: ${(error as Error).message}` };
      }
      validators.set(stream.name, validator);
    }
    return validator;
  };
  const problems: Problem[] = [];
  for (const record of records) {
    const stream = streams.find((candidate) => candidate.name === record.stream);
    if (stream === undefined) continue;
    const validator = validatorOf(stream);
    if (typeof validator !== 'function') {
      if (!problems.includes(validator)) problems.push(validator);
      continue;
    }
    const at = `${lineOf(run, record.line)}: ${quote(record.line.text)}`;
    if (!validator(record.data)) {
      for (const error of validator.errors ?? []) {
        const value = JSON.stringify(valueAt(record.data, error.instancePath)) ?? 'nothing';
        problems.push({ at, why: `${error.instancePath || '/'} ${error.message ?? 'is invalid'} (the value is ${quote(value)})` });
      }
    }
    for (const pointer of floatWrittenPaths(record.line.text)) {
      if (!pointer.startsWith(`${DATA_POINTER}/`)) continue;
      const field = pointer.slice(DATA_POINTER.length);
      const types = typesOf(schemaAt(stream.json_schema, field) ?? {}) ?? [];
      if (types.includes('integer') && !types.includes('number')) {
        problems.push({ at, why: `${field} is an integer field written as a float (like 1.0); CAT's strict integer check rejects it` });
      }
    }
  }
  return problems;
}

/** `fail_on_extra_columns`: no top-level field the schema does not declare, and at least one field it does. */
export function columnProblems(run: ConnectorRun, records: readonly RecordLine[], streams: readonly DiscoveredStream[]): Problem[] {
  return records.flatMap((record) => {
    const stream = streams.find((candidate) => candidate.name === record.stream);
    const properties =
      stream !== undefined && isSchemaNode(stream.json_schema['properties']) ? stream.json_schema['properties'] : undefined;
    if (properties === undefined) return [];
    const at = `${lineOf(run, record.line)}: ${quote(record.line.text)}`;
    const fields = Object.keys(record.data);
    const undeclared = fields.filter((field) => !(field in properties));
    const problems = undeclared.map((field) => ({ at, why: `the field "${field}" is not declared in the ${record.stream} schema` }));
    if (fields.length === undeclared.length) problems.push({ at, why: `the record has none of the ${record.stream} schema's fields` });
    return problems;
  });
}

export function primaryKeyValues(data: Record<string, unknown>, key: readonly (readonly string[])[]): unknown[] {
  return key.map((path) => path.reduce<unknown>((value, name) => (isSchemaNode(value) ? value[name] : undefined), data));
}

/** Primary key values are neither lists nor objects, and not null in every part. */
export function primaryKeyProblems(run: ConnectorRun, records: readonly RecordLine[], streams: readonly DiscoveredStream[]): Problem[] {
  return records.flatMap((record) => {
    const key = streams.find((stream) => stream.name === record.stream)?.source_defined_primary_key ?? [];
    if (key.length === 0) return [];
    const values = primaryKeyValues(record.data, key);
    const at = `${lineOf(run, record.line)}: ${quote(record.line.text)}`;
    const problems: Problem[] = [];
    if (values.some((value) => typeof value === 'object' && value !== null)) {
      problems.push({ at, why: `the primary key ${JSON.stringify(key)} is ${quote(values)}: a key part cannot be an object or a list` });
    }
    if (values.every((value) => value === null || value === undefined)) {
      problems.push({ at, why: `every part of the primary key ${JSON.stringify(key)} is null` });
    }
    return problems;
  });
}

const segmentsOf = (pointer: string) =>
  pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));

function valueAt(data: unknown, pointer: string): unknown {
  return segmentsOf(pointer).reduce<unknown>(
    (value, name) => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined),
    data,
  );
}

/** The schema of a field given as a JSON pointer into the record: through `properties`, and `items` for list indices. */
function schemaAt(schema: unknown, pointer: string): SchemaNode | undefined {
  let node: unknown = schema;
  for (const name of segmentsOf(pointer)) {
    if (!isSchemaNode(node)) return undefined;
    const properties = node['properties'];
    node = isSchemaNode(properties) && name in properties ? properties[name] : node['items'];
  }
  return isSchemaNode(node) ? node : undefined;
}
