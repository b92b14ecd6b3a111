import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { STREAMS } from '../src/streams/index.js';
import { checkShipping, formatViolation, RULES, type Rule } from '../tools/shipping/check.js';
import { keyValues, parseDockerfile } from '../tools/shipping/dockerfile.js';
import { dockerignoreMatcher } from '../tools/shipping/dockerignore.js';
import { readShippingFiles, type ShippingFiles } from '../tools/shipping/project.js';

const root = fileURLToPath(new URL('..', import.meta.url));
/** A fixed day for the broken variants, so that they fail for the reason they were made to, whatever the date. */
const DAY = '2026-11-27';

let files: ShippingFiles;
beforeAll(async () => {
  files = await readShippingFiles(root);
});

function edited(file: keyof ShippingFiles, from: string | RegExp, to: string): ShippingFiles {
  const text = files[file];
  if (!(typeof from === 'string' ? text.includes(from) : from.test(text))) throw new Error(`${file} does not contain ${String(from)}`);
  return { ...files, [file]: text.replace(from, to) };
}

const violations = (variant: ShippingFiles) => checkShipping(variant, DAY).map(formatViolation);
const violationsOf = (variant: ShippingFiles, rule: Rule) =>
  checkShipping(variant, DAY).filter((violation) => violation.rule === rule).map((violation) => violation.message);

describe('the repository as it is', () => {
  it.each(RULES)('keeps the %s rule today', (rule) => {
    const today = new Date().toISOString().slice(0, 10);
    expect(checkShipping(files, today).filter((violation) => violation.rule === rule).map(formatViolation)).toEqual([]);
  });
});

describe('the base image', () => {
  it('must be a supported LTS line', () => {
    const variant = edited('dockerfile', /node:26\.12\.1-bookworm-slim/g, 'node:20.19.5-bookworm-slim');
    expect(violations(variant)).toEqual([
      expect.stringMatching(/^\[base-image\] stage "build" \(line \d+\) starts FROM node:20\.19\.5-bookworm-slim: Node 20 reached end of life on 2026-04-30/),
      expect.stringMatching(/^\[base-image\] stage "1" .*Node 20 reached end of life/),
    ]);
  });

  it('must pin a full Node release', () => {
    const variant = edited('dockerfile', 'FROM node:26.12.1-bookworm-slim AS build', 'FROM node:26-bookworm-slim AS build');
    expect(violations(variant)).toEqual([expect.stringContaining('[base-image] stage "build" (line 5) starts FROM node:26-bookworm-slim: use the official node image pinned to one Node release')]);
  });

  it('must be the same release in every stage', () => {
    const variant = edited('dockerfile', 'FROM node:26.12.1-bookworm-slim AS build', 'FROM node:26.10.0-bookworm-slim AS build');
    expect(violations(variant)).toEqual(['[base-image] the stages use different Node releases (26.10.0, 26.12.1): build with the Node the image runs']);
  });

  it('knows no odd release as LTS', () => {
    const variant = edited('dockerfile', /node:26\.12\.1/g, 'node:25.9.0');
    expect(violationsOf(variant, 'base-image')).toEqual([
      expect.stringContaining('Node 25 is not among the LTS lines this check knows'),
      expect.stringContaining('Node 25 is not among the LTS lines this check knows'),
    ]);
  });
});

describe('the entrypoint', () => {
  it('has an exec-form ENTRYPOINT that AIRBYTE_ENTRYPOINT repeats', () => {
    const variant = edited('dockerfile', 'AIRBYTE_ENTRYPOINT="node /airbyte/integration_code/dist/connector/main.js"', 'AIRBYTE_ENTRYPOINT="node /airbyte/integration_code/main.js"');
    expect(violations(variant)).toEqual([
      '[entrypoint] ENV AIRBYTE_ENTRYPOINT is "node /airbyte/integration_code/main.js" but the ENTRYPOINT joined by spaces is "node /airbyte/integration_code/dist/connector/main.js": they must be equal',
    ]);
    const shellForm = edited('dockerfile', 'ENTRYPOINT ["node", "/airbyte/integration_code/dist/connector/main.js"]', 'ENTRYPOINT node /airbyte/integration_code/dist/connector/main.js');
    expect(violations(shellForm)).toEqual([
      expect.stringContaining('[entrypoint] ENTRYPOINT node /airbyte/integration_code/dist/connector/main.js uses the shell form: use the exec form'),
    ]);
  });

  it('runs the CLI that package.json declares', () => {
    const variant = edited('dockerfile', /dist\/connector\/main\.js/g, 'dist/main.js');
    expect(violations(variant)).toEqual([expect.stringContaining(`[entrypoint] ENTRYPOINT is ["node","/airbyte/integration_code/dist/main.js"], but the connector's CLI runs as ["node","/airbyte/integration_code/dist/connector/main.js"]`)]);
  });
});

describe('labels, metadata and versions', () => {
  it('labels the image as metadata.yaml names it', () => {
    const variant = edited('dockerfile', 'io.airbyte.name=source-twilio', 'io.airbyte.name=airbyte/source-twilio');
    expect(violations(variant)).toEqual([
      "[labels] LABEL io.airbyte.name is airbyte/source-twilio but metadata.yaml's data.dockerRepository is source-twilio",
    ]);
  });

  it('says which files disagree when only package.json is bumped', () => {
    const variant = edited('packageJson', '"version": "0.3.0"', '"version": "0.4.0"');
    expect(violations(variant)).toEqual([
      expect.stringContaining("[versions] metadata.yaml data.dockerImageTag is 0.3.0 but package.json's version is 0.4.0: bump package.json, metadata.yaml"),
      expect.stringContaining("[versions] the changelog's latest entry in docs/twilio.md is 0.3.0 but package.json's version is 0.4.0"),
    ]);
    const labelOnly = edited('dockerfile', 'io.airbyte.version=0.3.0', 'io.airbyte.version=0.4.0');
    expect(violations(labelOnly)).toEqual(["[labels] LABEL io.airbyte.version is 0.4.0 but metadata.yaml's data.dockerImageTag is 0.3.0"]);
  });

  it('agrees when everything is bumped together', () => {
    let variant = edited('packageJson', '"version": "0.3.0"', '"version": "0.4.0"');
    variant = { ...variant, metadata: variant.metadata.replace('dockerImageTag: 0.3.0', 'dockerImageTag: 0.4.0') };
    variant = { ...variant, dockerfile: variant.dockerfile.replace('io.airbyte.version=0.3.0', 'io.airbyte.version=0.4.0') };
    variant = { ...variant, docs: variant.docs.replace('|:--|:--|:--|\n| 0.3.0', '|:--|:--|:--|\n| 0.4.0 | 2026-12-08 | Something new |\n| 0.3.0') };
    expect(violations(variant)).toEqual([]);
  });

  it('wants the changelog newest first', () => {
    const variant = edited('docs', '|:--|:--|:--|\n| 0.3.0 | 2026-12-07 |', '|:--|:--|:--|\n| 0.3.0 | 2026-12-07 | First |\n| 0.3.1 | 2026-12-08 |');
    expect(violations(variant)).toEqual(['[versions] the changelog lists 0.3.0 above 0.3.1: newest first, each version once']);
  });

  it("holds metadata.yaml to Airbyte's format and to the code", () => {
    expect(violations(edited('metadata', '      - api.sydney.au1.twilio.com\n', ''))).toEqual([
      '[metadata] metadata.yaml data.allowedHosts.hosts lacks api.sydney.au1.twilio.com, which the connector calls for its regions',
    ]);
    expect(violations(edited('metadata', 'connectorType: source', 'connectorType: destination'))).toEqual([
      '[metadata] metadata.yaml data.connectorType: Invalid input: expected "source"',
    ]);
    expect(violations(edited('metadata', 'releaseStage: alpha', 'releaseStage: alpha\n  dockerImageTagg: 0.1.0'))).toEqual([
      "[metadata] metadata.yaml data.dockerImageTagg is not a key of Airbyte's metadata format",
    ]);
    expect(violations(edited('metadata', '      - conferences\n', '      - faxes\n'))).toEqual([
      `[metadata] metadata.yaml data.suggestedStreams lists faxes, which is not a stream of the connector (${STREAMS.map((stream) => stream.name).join(', ')})`,
    ]);
  });

  it('holds allowedHosts to the hosts of every API a stream reads, in every region where Twilio runs it', () => {
    expect(violations(edited('metadata', '      - studio.dublin.ie1.twilio.com\n', ''))).toEqual([
      '[metadata] metadata.yaml data.allowedHosts.hosts lacks studio.dublin.ie1.twilio.com, which the connector calls for its regions',
    ]);
    expect(violations(edited('metadata', '      - studio.twilio.com\n', '      - studio.twilio.com\n      - studio.sydney.au1.twilio.com\n'))).toEqual([
      '[metadata] metadata.yaml data.allowedHosts.hosts lists studio.sydney.au1.twilio.com, which the connector never calls',
    ]);
    expect(violations(edited('metadata', '      - conversations.twilio.com\n', '      - conversations.twilio.com\n      - chat.twilio.com\n'))).toEqual([
      '[metadata] metadata.yaml data.allowedHosts.hosts lists chat.twilio.com, which the connector never calls',
    ]);
  });
});

describe('.dockerignore and the docs page', () => {
  it('keeps secrets, tests and node_modules out of the build context', () => {
    const variant = edited('dockerignore', /^\*$/m, '');
    expect(violations(variant)).toEqual(expect.arrayContaining([
      '[dockerignore] .dockerignore lets secrets/config.json into the build context: keep out secrets/',
      '[dockerignore] .dockerignore lets node_modules/zod/package.json into the build context: keep out node_modules/',
      '[dockerignore] .dockerignore lets test/e2e/cli.test.ts into the build context: keep out test/',
    ]));
  });

  it("keeps Airbyte's sections and lists every stream with its primary key", () => {
    expect(violations(edited('docs', '## Performance considerations', '## Performance'))).toEqual([
      '[docs] docs/twilio.md has no "## Performance considerations" section',
    ]);
    expect(violations(edited('docs', '| `conference_participants` | `uri` |', '| `conference_participants` | `call_sid` |'))).toEqual([
      '[docs] docs/twilio.md does not list the stream conference_participants with its primary key uri in a table',
    ]);
  });
});

describe('reading Dockerfiles and .dockerignore as Docker does', () => {
  it('joins continuation lines, skips comments and keeps quoted values whole', () => {
    const [stage] = parseDockerfile('# comment\nFROM node:26.12.1-alpine AS base\nENV A="one two" \\\n  # inside\n  B=three\nRUN npm ci && \\\n  npm run build\n');
    expect(stage?.name).toBe('base');
    const [env, run] = stage?.instructions ?? [];
    expect(env && keyValues(env)).toEqual([['A', 'one two'], ['B', 'three']]);
    expect(run?.args.split(/\s+/)).toEqual(['npm', 'ci', '&&', 'npm', 'run', 'build']);
  });

  it('lets the last matching pattern win and matches folders with their contents', () => {
    const ignored = dockerignoreMatcher('# keep only the code\n*\n!src\nsrc/**/*.test.ts\n/secrets/\n');
    expect(['README.md', 'secrets/config.json', 'src/a.test.ts', 'src/deep/b.test.ts', '.env'].every(ignored)).toBe(true);
    expect(['src', 'src/main.ts', 'src/deep/c.ts'].some(ignored)).toBe(false);
  });
});
