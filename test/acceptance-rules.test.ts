/** The acceptance runner's rules, on small inputs: what each one reports, and that it passes what it should. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse as parseYaml } from 'yaml';
import { airbyteStreamSchema } from '../src/protocol/messages.js';
import {
  cursorsAreScalarProperties,
  noRefsOrForbiddenKeywords,
  openObjects,
  primaryKeysAreScalars,
  primaryKeysExist,
  supportedTypesAndFormats,
  uniqueStreamNames,
  validDraft7Schemas,
} from '../tools/acceptance/catalog-rules.js';
import { breakingCatalogChanges, breakingSpecChanges } from '../tools/acceptance/compatibility.js';
import { parseAcceptanceTestConfig } from '../tools/acceptance/config.js';
import { parseLines } from '../tools/acceptance/connector.js';
import { floatWrittenPaths } from '../tools/acceptance/json-numbers.js';
import { recordsOf, schemaProblems } from '../tools/acceptance/records.js';
import { SPEC_RULES } from '../tools/acceptance/spec-rules.js';
import { finalImageConfig } from '../tools/shipping/dockerfile.js';
import { airbyteEntrypointRule, labelsRule } from '../tools/shipping/image-rules.js';

const repositoryFile = (name: string) => readFileSync(new URL(`../${name}`, import.meta.url), 'utf8');

describe('acceptance-test-config.yml', () => {
  it("of this repository follows CAT's format at high strictness", () => {
    const parsed = parseAcceptanceTestConfig(parseYaml(repositoryFile('acceptance-test-config.yml')));
    expect(parsed.problems).toEqual([]);
    expect('config' in parsed && parsed.config.test_strictness_level).toBe('high');
  });

  const suites = {
    spec: { tests: [{ spec_path: 'spec.json' }] },
    discovery: { tests: [{}] },
    basic_read: { tests: [{ configured_catalog_path: 'catalog.json', empty_streams: [{ name: 'conferences' }] }] },
    full_refresh: { tests: [{}] },
  };

  it('fails a suite with both tests and a bypass_reason', () => {
    const parsed = parseAcceptanceTestConfig({
      connector_image: 'airbyte/source-twilio:dev',
      acceptance_tests: { ...suites, connection: { bypass_reason: 'none', tests: [{ status: 'succeed' }] } },
    });
    expect(parsed.problems).toEqual([{ at: 'acceptance_tests.connection', why: "can't set a bypass_reason if tests are set" }]);
  });

  it('fails, naming the place, what CAT rejects at high strictness', () => {
    const parsed = parseAcceptanceTestConfig({
      connector_image: 'airbyte/source-twilio:dev',
      test_strictness_level: 'high',
      acceptance_tests: suites,
    });
    expect(parsed.problems.map((problem) => `${problem.at}: ${problem.why}`)).toEqual([
      'acceptance_tests.connection: high strictness: the suite must have tests or a bypass_reason',
      'acceptance_tests.incremental: high strictness: the suite must have tests or a bypass_reason',
      'acceptance_tests.basic_read.tests.0: high strictness: basic_read reads the discovered catalog; remove configured_catalog_path',
      'acceptance_tests.basic_read.tests.0: high strictness: expect_records must be configured',
      'acceptance_tests.basic_read.tests.0.empty_streams: high strictness: conferences needs a bypass_reason',
    ]);
  });

  it('rejects unknown keys and CAT options the runner does not carry out', () => {
    const parsed = parseAcceptanceTestConfig({
      connector_image: 'x:dev',
      acceptance_tests: { spec: { tests: [{ deployment_mode: 'oss', spec_pth: 'spec.json' }] } },
    });
    expect(parsed.problems.map((problem) => `${problem.at}: ${problem.why}`)).toEqual([
      'acceptance_tests.spec.tests.0.deployment_mode: is a CAT option this runner does not support',
      'acceptance_tests.spec.tests.0: Unrecognized key: "spec_pth"',
    ]);
  });
});

describe('the image rules', () => {
  const metadata = { dockerRepository: 'airbyte/source-twilio', dockerImageTag: '1.2.3' };

  it('read the final stage of a multi-stage Dockerfile, with continuations, quotes, several LABELs and ARGs', () => {
    const image = finalImageConfig(
      [
        'ARG NODE=22',
        'FROM node:${NODE}-bookworm AS build',
        'LABEL io.airbyte.version=0.0.0-build',
        'ENTRYPOINT ["npm", "run"]',
        '# escape hatch: comments and continuations',
        'FROM node:${NODE}-bookworm-slim AS runtime',
        'ARG VERSION=1.2.3',
        'ENV APP=/airbyte/integration_code \\',
        '    AIRBYTE_ENTRYPOINT="node /airbyte/integration_code/dist/connector/main.js"',
        'LABEL "io.airbyte.name"=airbyte/source-twilio maintainer=\'Twilio team\'',
        'label io.airbyte.version=$VERSION',
        'ENTRYPOINT ["node", "/airbyte/integration_code/dist/connector/main.js"]',
      ].join('\n'),
    );
    expect(image.base).toBe('node:22-bookworm-slim');
    expect(image.labels).toEqual(
      new Map([
        ['io.airbyte.name', 'airbyte/source-twilio'],
        ['maintainer', 'Twilio team'],
        ['io.airbyte.version', '1.2.3'],
      ]),
    );
    expect(airbyteEntrypointRule(image)).toEqual([]);
    expect(labelsRule(image, metadata)).toEqual([]);
  });

  it("give a final stage built FROM an earlier stage that stage's settings", () => {
    const image = finalImageConfig(
      [
        'FROM node:22 AS base',
        'ENV AIRBYTE_ENTRYPOINT "node main.js"',
        'ENTRYPOINT ["node", "main.js"]',
        'FROM base',
        'LABEL io.airbyte.name=airbyte/source-twilio io.airbyte.version=1.2.3',
      ].join('\n'),
    );
    expect(image.env.get('AIRBYTE_ENTRYPOINT')).toBe('node main.js');
    expect(airbyteEntrypointRule(image)).toEqual([]);
    expect(labelsRule(image, metadata)).toEqual([]);
  });

  it('fail an entrypoint that differs, is in shell form or is missing, and labels that differ', () => {
    const why = (dockerfile: string) => airbyteEntrypointRule(finalImageConfig(dockerfile));
    expect(why('FROM node:22\nENV AIRBYTE_ENTRYPOINT="node main.js"\nENTRYPOINT ["node", "dist/main.js"]')).toEqual([
      'ENV AIRBYTE_ENTRYPOINT is "node main.js" but the ENTRYPOINT joined by spaces is "node dist/main.js": they must be equal',
    ]);
    expect(why('FROM node:22\nENV AIRBYTE_ENTRYPOINT="node main.js"\nENTRYPOINT node main.js')).toEqual([
      'ENTRYPOINT node main.js uses the shell form: use the exec form, a JSON array, so that node runs as PID 1 and receives SIGTERM (sh -c does not pass it on)',
    ]);
    expect(why('FROM node:22 AS build\nENV AIRBYTE_ENTRYPOINT="node main.js"\nENTRYPOINT ["node", "main.js"]\nFROM node:22-slim')).toEqual([
      'ENV AIRBYTE_ENTRYPOINT is not set in the final stage: Airbyte needs it equal to the ENTRYPOINT joined by spaces',
      "the final stage sets no ENTRYPOINT, so node:22-slim's own entrypoint would run",
    ]);
    expect(labelsRule(finalImageConfig('FROM node:22\nLABEL io.airbyte.name=airbyte/source-twilio-ts'), metadata)).toEqual([
      "LABEL io.airbyte.name is airbyte/source-twilio-ts but metadata.yaml's data.dockerRepository is airbyte/source-twilio",
      "LABEL io.airbyte.version is not set in the final stage but metadata.yaml's data.dockerImageTag is 1.2.3",
    ]);
  });
});

describe('the spec rules', () => {
  const spec = JSON.parse(repositoryFile('spec.json')) as { connectionSpecification: Record<string, unknown> };

  it("pass this connector's spec.json", () => {
    for (const [name, rule] of SPEC_RULES) expect([name, rule(spec.connectionSpecification, 'spec')]).toEqual([name, []]);
  });

  it('report each breach of CAT’s rules where it is', () => {
    const broken = {
      type: 'object',
      additionalProperties: false,
      properties: {
        password: { type: 'string', order: 0 },
        verbose: { type: 'boolean', airbyte_secret: true, order: 0 },
        window: { type: ['integer', 'string'], group: 'advanced' },
        options: { type: 'object', display_type: 'tabs', properties: { nested: { type: 'string', group: 'advanced' } } },
        empty: { type: 'object' },
        mode: { type: 'string', enum: ['a', 'b', 'a'] },
        auth: {
          type: 'object',
          oneOf: [
            { type: 'object', properties: { method: { const: 'key' }, key: { type: 'string', airbyte_secret: true } } },
            { type: 'object', properties: { kind: { const: 'token' } } },
          ],
        },
        linked: { $ref: '#/definitions/linked' },
        either: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
      },
    };
    const found = SPEC_RULES.flatMap(([, rule]) => rule(broken, 'spec').map((problem) => `${problem.at}: ${problem.why}`));
    expect(found).toEqual([
      'spec/properties/linked/$ref: $ref is not allowed: inline the definition',
      'spec: additionalProperties is false: set it to true or leave it out, so that removing a property later is not a breaking change',
      'spec/properties/either/anyOf: anyOf is not allowed: the Airbyte UI cannot render it (use oneOf)',
      'spec/properties/window/type: type ["integer","string"] must be a single type or [type, "null"]',
      'spec/properties/empty: an object without properties cannot be shown in the UI: declare its properties or remove it',
      'spec/properties/mode/enum: the enum ["a","b","a"] repeats a value',
      'spec/properties/auth/oneOf: the variants must share exactly one property with a const (found none)',
      'spec/properties/password: "password" names a secret: mark it "airbyte_secret": true so Airbyte hides and encrypts it',
      'spec/properties/verbose: airbyte_secret is set on a property that cannot hold a secret (not a string or number, or a const)',
      'spec/properties: password and verbose share order 0',
      'spec/properties/options/properties/nested/group: group is allowed on top-level properties only',
      'spec/properties/options/display_type: display_type is allowed only on a property with a oneOf',
      'spec/properties/options/display_type: display_type must be "dropdown" or "radio", not "tabs"',
    ]);
  });
});

describe('the catalog rules', () => {
  it('report each breach of CAT’s rules on discovered streams', () => {
    const stream = (name: string, jsonSchema: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      airbyteStreamSchema.parse({ name, json_schema: jsonSchema, supported_sync_modes: ['full_refresh'], ...extra });
    const streams = [
      stream(
        'calls',
        { type: 'object', properties: { sid: { type: 'object', properties: { id: { type: 'string' } } } } },
        {
          source_defined_primary_key: [['sid'], ['missing']],
          default_cursor_field: ['updated'],
        },
      ),
      stream('calls', { type: 'object', properties: { at: { type: 'integer', format: 'date-time' }, n: { type: 'decimal' } }, allOf: [] }),
      stream('broken', { type: 'object', properties: 'none', additionalProperties: false }),
    ];
    const found = [
      uniqueStreamNames,
      validDraft7Schemas,
      noRefsOrForbiddenKeywords,
      openObjects,
      supportedTypesAndFormats,
      primaryKeysExist,
      primaryKeysAreScalars,
      cursorsAreScalarProperties,
    ].flatMap((rule) => rule(streams).map((problem) => `${problem.at}: ${problem.why}`));
    expect(found).toEqual([
      'calls: the stream name calls appears more than once',
      'calls/json_schema: not a valid draft-07 schema: data/properties/n/type must be equal to one of the allowed values, data/properties/n/type must be array, data/properties/n/type must match a schema in anyOf, data/allOf must NOT have fewer than 1 items',
      'broken/json_schema: not a valid draft-07 schema: data/properties must be object',
      'calls/json_schema/allOf: allOf is not allowed in a stream schema',
      'broken/json_schema: additionalProperties is false: set it to true or leave it out, so that removing a property later is not a breaking change',
      'calls/json_schema/properties/at/format: format "date-time" is allowed only as date or date-time on a string',
      'calls/json_schema/properties/n/type: type "decimal" is not one of null, string, number, integer, boolean, object, array',
      'calls: the primary key ["missing"] is not a property of the stream\'s schema',
      'calls: the primary key ["sid"] has type ["object"]: it cannot be an object or array',
      'calls: the default cursor field ["updated"] is not a property of the stream\'s schema',
    ]);
  });
});

describe('backward compatibility', () => {
  const spec = {
    type: 'object',
    required: ['account_sid'],
    properties: {
      account_sid: { type: 'string' },
      region: { type: 'string', enum: ['us1', 'ie1', 'au1'] },
      credentials: {
        type: 'object',
        oneOf: [
          { type: 'object', required: ['auth_type'], properties: { auth_type: { const: 'api_key' }, secret: { type: 'string' } } },
          { type: 'object', required: ['auth_type'], properties: { auth_type: { const: 'auth_token' }, token: { type: 'string' } } },
        ],
      },
    },
  };
  const edit = (change: (copy: typeof spec) => void) => {
    const copy = structuredClone(spec);
    change(copy);
    return breakingSpecChanges(spec, copy);
  };

  it('of the spec accepts widening and new optional fields', () => {
    expect(edit((copy) => Object.assign(copy.properties, { start_date: { type: 'string' } }))).toEqual([]);
    expect(edit((copy) => copy.properties.region.enum.push('jp1'))).toEqual([]);
    expect(edit((copy) => Object.assign(copy.properties.account_sid, { type: ['string', 'null'] }))).toEqual([]);
  });

  it('of the spec names new required fields, narrowed types and enums, and removed variants', () => {
    expect(edit((copy) => copy.required.push('region'))).toEqual(['connectionSpecification: "region" became required']);
    expect(edit((copy) => copy.properties.credentials.oneOf[0]?.required.push('secret'))).toEqual([
      'connectionSpecification/properties/credentials/oneOf/auth_type="api_key": "secret" became required',
    ]);
    expect(edit((copy) => copy.properties.region.enum.pop())).toEqual([
      'connectionSpecification/properties/region: the enum no longer allows "au1"',
    ]);
    expect(edit((copy) => Object.assign(copy.properties.account_sid, { type: 'integer' }))).toEqual([
      'connectionSpecification/properties/account_sid: type changed from "string" to "integer"',
    ]);
    expect(edit((copy) => copy.properties.credentials.oneOf.pop())).toEqual([
      'connectionSpecification/properties/credentials/oneOf: the variant auth_type="auth_token" was removed',
    ]);
  });

  it('of the catalog names removed streams and fields, changed types, keys and cursors', () => {
    const stream = airbyteStreamSchema.parse({
      name: 'conferences',
      json_schema: { type: 'object', properties: { sid: { type: 'string' }, status: { type: ['string', 'null'] } } },
      supported_sync_modes: ['full_refresh', 'incremental'],
      default_cursor_field: ['date_created'],
      source_defined_primary_key: [['sid']],
    });
    const other = { ...stream, name: 'conference_participants' };
    expect(breakingCatalogChanges([stream, other], [stream, other])).toEqual([]);
    const changed = airbyteStreamSchema.parse({
      name: 'conferences',
      json_schema: { type: 'object', properties: { sid: { type: ['string', 'integer'] } } },
      supported_sync_modes: ['full_refresh'],
      default_cursor_field: ['date_updated'],
      source_defined_primary_key: [['uri']],
    });
    expect(breakingCatalogChanges([stream, other], [changed])).toEqual([
      'conferences/json_schema/properties/sid: type changed from "string" to ["string","integer"]',
      'conferences/json_schema/properties/status was removed',
      'conferences: default_cursor_field changed from ["date_created"] to ["date_updated"]',
      'conferences: the primary key changed from [["sid"]] to [["uri"]]',
      'conferences: no longer supports incremental',
      'the stream conference_participants was removed',
    ]);
  });
});

describe('strict integers', () => {
  it('are found where the JSON text writes a number with a fraction or an exponent', () => {
    expect(floatWrittenPaths('{"a": 1.0, "b": [2, 3e2], "c": {"d/e": -0.5, "s": "1.0"}, "f": true, "g": 7}')).toEqual([
      '/a',
      '/b/1',
      '/c/d~1e',
    ]);
  });

  it('fail a record that writes an integer field as 1.0, as CAT does', () => {
    const run = {
      command: 'read' as const,
      exitCode: 0,
      timedOut: false,
      stdout: '',
      stderr: '',
      ...parseLines('{"type":"RECORD","record":{"stream":"calls","data":{"duration":61.0,"price":1.0},"emitted_at":1}}\n'),
    };
    const stream = airbyteStreamSchema.parse({
      name: 'calls',
      json_schema: { type: 'object', properties: { duration: { type: ['integer', 'null'] }, price: { type: 'number' } } },
      supported_sync_modes: ['full_refresh'],
    });
    expect(schemaProblems(run, recordsOf(run), [stream]).map((problem) => problem.why)).toEqual([
      "/duration is an integer field written as a float (like 1.0); CAT's strict integer check rejects it",
    ]);
  });
});
