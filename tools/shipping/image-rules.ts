/**
 * The one set of image rules, which the shipping checks and the acceptance runner's image suite share: what a correct
 * image keeps, read from the Dockerfile and .dockerignore alone. Each rule returns what breaks it, one message per
 * problem, saying what to change. test/docker-image.test.ts holds the built image to the same things.
 */
import { posix } from 'node:path';
import {
  copiesOf,
  imageConfigOf,
  instructionsOf,
  npmCommandsOf,
  parseDockerfile,
  workdirOf,
  type ImageConfig,
  type Stage,
} from './dockerfile.js';
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

/** What the runtime stage may take from the build context: the package files and the spec the CLI reads. */
const RUNTIME_CONTEXT_FILES = ['package.json', 'package-lock.json', 'spec.json'] as const;
/** What the runtime stage may take from the build stage, relative to its WORKDIR: the connector, not the simulator or tools. */
const BUILT_CONNECTOR_DIRECTORY = 'dist/src';

/** Paths that must never reach the build context; each stands for its folder or kind of file. */
const KEPT_OUT_OF_CONTEXT = [
  'secrets/config.json',
  'node_modules/zod/package.json',
  'dist/src/main.js',
  'test/cli.test.ts',
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
const ROOT_USERS: ReadonlySet<string> = new Set(['root', '0']);

/** Whether a USER instruction's `user[:group]` is root. */
const isRootUser = (user: string) => ROOT_USERS.has(user.trim().split(':')[0] ?? '');

const nameOf = (stage: Stage) => `stage "${stage.name}" (line ${stage.line})`;

function stageNamed(image: Image, reference: string): Stage | undefined {
  return image.stages.find((stage) => stage.name === reference || String(stage.index) === reference);
}

/** The stage the runtime stage copies the built connector from. */
function buildStageOf(image: Image): Stage | undefined {
  const from = copiesOf(image.runtime).find((copy) => copy.from !== undefined)?.from;
  return from === undefined ? undefined : stageNamed(image, from);
}

export function baseImageRule(image: Image, day: string): string[] {
  const problems: string[] = [];
  const versions = new Set<string>();
  for (const stage of image.stages) {
    if (stageNamed(image, stage.image) !== undefined) continue;
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

export function stagesRule(image: Image): string[] {
  if (image.stages.length < 2) {
    return ['the Dockerfile has one stage: it must be multi-stage, a build stage (npm ci, npm run build) and a runtime stage'];
  }
  const build = buildStageOf(image);
  if (build === undefined || build === image.runtime) {
    return [`the runtime ${nameOf(image.runtime)} copies nothing from a build stage: add COPY --from=<build stage> …/${BUILT_CONNECTOR_DIRECTORY}`];
  }
  const npm = npmCommandsOf(build).map(({ args }) => args.join(' '));
  const installs = npm.findIndex((command) => /^ci\b/.test(command) && !command.includes('--omit'));
  const builds = npm.findIndex((command) => /^run build\b/.test(command));
  const problems: string[] = [];
  if (installs < 0 || builds < installs) {
    problems.push(`the build ${nameOf(build)} must run npm ci (with the devDependencies the build needs) and then npm run build`);
  }
  if (npmCommandsOf(image.runtime).some(({ args }) => args.join(' ') === 'run build')) {
    problems.push(`the runtime ${nameOf(image.runtime)} runs npm run build: build in the build stage and copy ${BUILT_CONNECTOR_DIRECTORY}`);
  }
  return problems;
}

export function runtimeContentsRule(image: Image): string[] {
  const { runtime } = image;
  const problems = instructionsOf(runtime, 'ADD').map((add) => `the runtime stage uses ADD (line ${add.line}): use COPY`);
  const build = buildStageOf(image);
  const builtConnector = build === undefined ? undefined : posix.join(workdirOf(build), BUILT_CONNECTOR_DIRECTORY);
  for (const copy of copiesOf(runtime)) {
    for (const source of copy.sources) {
      if (copy.from === undefined && !(RUNTIME_CONTEXT_FILES as readonly string[]).includes(posix.normalize(source))) {
        problems.push(
          `the runtime stage copies "${source}" from the build context (line ${copy.line}): it may copy only ${RUNTIME_CONTEXT_FILES.join(', ')}`,
        );
      }
      if (copy.from !== undefined && builtConnector !== undefined) {
        const relative = posix.relative(builtConnector, posix.resolve('/', source));
        if (relative.startsWith('..')) {
          problems.push(
            `the runtime stage copies ${source} from stage "${copy.from}" (line ${copy.line}): copy only the built connector, ` +
              `${builtConnector} (dist also holds the simulator and tools, node_modules the devDependencies)`,
          );
        }
      }
    }
  }
  if (!copiesOf(runtime).some((copy) => copy.from === undefined && copy.sources.includes('spec.json'))) {
    problems.push('the runtime stage does not copy spec.json, which the connector reads when it starts');
  }
  return problems;
}

export function productionDependenciesRule(image: Image, packageJson: PackageJson): string[] {
  const problems: string[] = [];
  let installs = 0;
  for (const { args, line } of npmCommandsOf(image.runtime)) {
    const [command] = args;
    if (command === 'install' || command === 'i' || command === 'add') {
      problems.push(`the runtime stage runs npm ${args.join(' ')} (line ${line}): use npm ci --omit=dev, which installs exactly package-lock.json`);
    } else if (command === 'ci') {
      installs++;
      if (!args.includes('--omit=dev')) {
        problems.push(
          `the runtime stage runs npm ${args.join(' ')} (line ${line}) without --omit=dev: it would put the devDependencies ` +
            `(${Object.keys(packageJson.devDependencies).slice(0, 3).join(', ')}…) into the image`,
        );
      }
    }
  }
  const needed = Object.keys(packageJson.dependencies);
  if (installs === 0 && needed.length > 0) {
    problems.push(`the runtime stage installs no dependencies, but the connector needs ${needed.join(', ')}: add RUN npm ci --omit=dev`);
  }
  return problems;
}

export function nonRootRule(image: Image): string[] {
  const user = instructionsOf(image.runtime, 'USER').at(-1);
  if (user === undefined) return ['the runtime stage never sets USER, so the connector runs as root: add USER node (the node image\'s unprivileged user)'];
  return isRootUser(user.args) ? [`the runtime stage runs as root (USER ${user.args}, line ${user.line}): use USER node`] : [];
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

export function dockerignoreRule(image: Image, dockerignore: string): string[] {
  const ignored = dockerignoreMatcher(dockerignore);
  const problems = KEPT_OUT_OF_CONTEXT.filter((path) => !ignored(path)).map(
    (path) => `.dockerignore lets ${path} into the build context: keep out ${path.includes('/') ? `${path.split('/')[0]}/` : path}`,
  );
  for (const stage of image.stages) {
    for (const copy of copiesOf(stage)) {
      if (copy.from !== undefined) continue;
      for (const source of copy.sources.filter(ignored)) {
        problems.push(`COPY ${source} (line ${copy.line}) copies what .dockerignore excludes, so docker build would fail`);
      }
    }
  }
  return problems;
}
