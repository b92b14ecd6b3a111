/**
 * The one set of image rules, which the shipping checks and the acceptance runner's image suite share, read from the
 * Dockerfile and .dockerignore alone: what the built image cannot show (the Node LTS line, what stays out of the build
 * context), and what Airbyte reads from it (AIRBYTE_ENTRYPOINT, the labels) held to metadata.yaml and package.json.
 * Each rule returns what breaks it, one message per problem, saying what to change. What the built image shows (its
 * user, its contents, its dependencies) test/e2e/docker-image.test.ts checks on the image itself.
 */
import { posix } from 'node:path';
import { imageConfigOf, parseDockerfile, workdirOf, type ImageConfig, type Stage } from './dockerfile.js';
import { dockerignoreMatcher } from './dockerignore.js';
import type { Metadata } from './metadata.js';
import { unsupportedLtsReason } from './node-releases.js';
import { connectorBin, type PackageJson } from './project.js';

/** The Dockerfile's stages; the last one is the image Airbyte runs, configured as `config` says. */
export interface Image {
  readonly stages: readonly Stage[];
  readonly runtime: Stage;
  readonly config: ImageConfig;
}

/** The image's stages, or why the Dockerfile cannot be read. */
export function readImage(dockerfile: string): Image | string {
  try {
    const stages = parseDockerfile(dockerfile);
    const runtime = stages.at(-1);
    return runtime === undefined ? 'the Dockerfile has no stage' : { stages, runtime, config: imageConfigOf(stages, runtime) };
  } catch (error) {
    return (error as Error).message;
  }
}

/** Paths that must never reach the build context; each stands for its folder or kind of file. */
const KEPT_OUT_OF_CONTEXT = [
  'secrets/config.json',
  'node_modules/zod/package.json',
  'dist/src/main.js',
  'test/e2e/cli.test.ts',
  'simulator/server.ts',
  'tools/demo.ts',
  'integration_tests/sample_config.json',
  '.git/HEAD',
  'coverage/lcov.info',
  'bench-results/latest.json',
  'connector.log',
  '.env',
] as const;

const NODE_IMAGE =
  /^node:(?<version>(?<major>\d+)\.\d+\.\d+)-(?:(?:bookworm|trixie)(?:-slim)?|alpine(?:\d+\.\d+)?)(?:@sha256:[0-9a-f]{64})?$/;
const nameOf = (stage: Stage) => `stage "${stage.name}" (line ${stage.line})`;

const isStage = (image: Image, reference: string) => image.stages.some((stage) => stage.name === reference || String(stage.index) === reference);

export function baseImageRule(image: Image, day: string): string[] {
  const problems: string[] = [];
  const versions = new Set<string>();
  for (const stage of image.stages) {
    if (isStage(image, stage.image)) continue;
    const match = NODE_IMAGE.exec(stage.image);
    const version = match?.groups?.['version'];
    if (version === undefined) {
      problems.push(
        `${nameOf(stage)} starts FROM ${stage.image}: use the official node image pinned to one Node release and a ` +
          'Debian or Alpine variant, e.g. node:26.12.1-bookworm-slim',
      );
      continue;
    }
    versions.add(version);
    const reason = unsupportedLtsReason(Number(match?.groups?.['major']), day);
    if (reason !== undefined) problems.push(`${nameOf(stage)} starts FROM ${stage.image}: ${reason}. Use the active Node LTS.`);
  }
  if (versions.size > 1) {
    problems.push(`the stages use different Node releases (${[...versions].join(', ')}): build with the Node the image runs`);
  }
  return problems;
}

/** The image's exec-form ENTRYPOINT, or a message saying why there is none. */
export function entrypointOf(config: ImageConfig): string[] | string {
  const { entrypoint } = config;
  if (entrypoint === undefined) return `the final stage sets no ENTRYPOINT, so ${config.base}'s own entrypoint would run`;
  if (entrypoint.form === 'shell') {
    return `ENTRYPOINT ${entrypoint.command} uses the shell form: use the exec form, a JSON array, so that node runs as PID 1 and receives SIGTERM (sh -c does not pass it on)`;
  }
  return entrypoint.argv;
}

/** Airbyte runs the connector with AIRBYTE_ENTRYPOINT: it must be the exec-form ENTRYPOINT joined by spaces. */
export function airbyteEntrypointRule(config: ImageConfig): string[] {
  const entrypoint = entrypointOf(config);
  const declared = config.env.get('AIRBYTE_ENTRYPOINT');
  const problems = typeof entrypoint === 'string' ? [entrypoint] : [];
  const joined = typeof entrypoint === 'string' ? undefined : entrypoint.join(' ');
  if (declared === undefined || declared === '') {
    const equalTo = joined === undefined ? '' : `, "${joined}"`;
    problems.unshift(`ENV AIRBYTE_ENTRYPOINT is not set in the final stage: Airbyte needs it equal to the ENTRYPOINT joined by spaces${equalTo}`);
  } else if (joined !== undefined && declared !== joined) {
    problems.push(`ENV AIRBYTE_ENTRYPOINT is "${declared}" but the ENTRYPOINT joined by spaces is "${joined}": they must be equal`);
  }
  return problems;
}

export function entrypointRule(image: Image, packageJson: PackageJson): string[] {
  const entrypoint = entrypointOf(image.config);
  const problems: string[] = [];
  const expected = ['node', posix.join(workdirOf(image.runtime), connectorBin(packageJson))];
  if (typeof entrypoint !== 'string' && entrypoint.join('\u0000') !== expected.join('\u0000')) {
    problems.push(`ENTRYPOINT is ${JSON.stringify(entrypoint)}, but the connector's CLI runs as ${JSON.stringify(expected)} (package.json bin under WORKDIR)`);
  }
  return [...problems, ...airbyteEntrypointRule(image.config)];
}

/** The labels Airbyte reads the image's name and version from, as metadata.yaml states them. */
export function labelsRule(config: ImageConfig, metadata: Pick<Metadata['data'], 'dockerRepository' | 'dockerImageTag'>): string[] {
  const expected: [string, string, string][] = [
    ['io.airbyte.name', 'dockerRepository', metadata.dockerRepository],
    ['io.airbyte.version', 'dockerImageTag', metadata.dockerImageTag],
  ];
  return expected.flatMap(([label, key, value]) => {
    const actual = config.labels.get(label);
    return actual === value ? [] : [`LABEL ${label} is ${actual ?? 'not set in the final stage'} but metadata.yaml's data.${key} is ${value}`];
  });
}

/** What never reaches the build context, which the built image cannot show: secrets, tests, local folders. */
export function dockerignoreRule(dockerignore: string): string[] {
  const ignored = dockerignoreMatcher(dockerignore);
  return KEPT_OUT_OF_CONTEXT.filter((path) => !ignored(path)).map(
    (path) => `.dockerignore lets ${path} into the build context: keep out ${path.includes('/') ? `${path.split('/')[0]}/` : path}`,
  );
}
