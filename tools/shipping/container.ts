/**
 * The container-equivalent run: the Dockerfile's stages carried out on this machine, without a Docker engine. Each
 * stage gets a folder standing for its filesystem root; COPY copies from the build context (through .dockerignore)
 * or from an earlier stage's folder, RUN runs its npm commands with the official Node release of the stage's base
 * image, and the last stage's ENTRYPOINT runs as PID 1 of its own PID namespace, as in a container. Instructions
 * that would need Docker to mean anything are refused, so this cannot quietly drift from the Dockerfile.
 */
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, cp, mkdir, mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, posix, relative, sep } from 'node:path';
import {
  copyOf,
  copyTarget,
  DockerfileError,
  keyValues,
  nextWorkdir,
  runCommands,
  type Copy,
  type Instruction,
  type Stage,
} from './dockerfile.js';
import { dockerignoreMatcher } from './dockerignore.js';
import { entrypointOf, isRootUser, nodeVersionOf, readImage } from './image-rules.js';
import { officialNode } from './node-binary.js';
import { containerPath, runNpm } from './npm.js';

export interface BuildInput {
  /** The build context, the folder `docker build` is given. */
  readonly context: string;
  readonly dockerfile: string;
  readonly dockerignore: string;
}

export interface ContainerImage {
  /** The folder standing for the runtime image's `/`. */
  readonly root: string;
  /** The `node` of the runtime stage's base image release. */
  readonly node: string;
  /** Runs the ENTRYPOINT as PID 1 of a new PID namespace; the Airbyte command's arguments are appended. */
  readonly command: readonly string[];
  /** The image's ENV, and a PATH leading to its Node. */
  readonly env: Readonly<Record<string, string>>;
}

interface ContextSource {
  readonly source: string;
  readonly path: string;
  readonly isDirectory: boolean;
  /** Absolute paths of the files .dockerignore lets through. */
  readonly files: readonly string[];
}

interface BuiltStage {
  readonly root: string;
  readonly env: ReadonlyMap<string, string>;
  readonly nodeBinary: string;
  /** Names the stage's instructions and inputs: an equal key means an equal result, as in Docker's build cache. */
  readonly key: string;
}

/** The npm subcommands a RUN may use here: the ones that install or build into the stage's own folder. */
const REPRODUCED_NPM_COMMANDS = new Set(['ci', 'install', 'run']);

/** An image path inside the folder that stands for a stage's `/`. */
const inStage = (root: string, imagePath: string) => join(root, posix.resolve('/', imagePath));

async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

export class ContainerBuilder {
  private readonly built = new Map<string, Promise<BuiltStage>>();

  /** `workspace` holds the stages' folders; stages already built by this builder are reused when nothing changed. */
  constructor(private readonly workspace: string) {}

  async build(input: BuildInput): Promise<ContainerImage> {
    const image = readImage(input.dockerfile);
    if (typeof image === 'string') throw new Error(image);
    const entrypoint = entrypointOf(image);
    if (typeof entrypoint === 'string') throw new Error(entrypoint);
    const [program, ...args] = entrypoint;
    if (program !== 'node') throw new Error(`ENTRYPOINT starts ${program ?? 'nothing'}; only node is reproduced without Docker`);

    const stages = new Map<string, BuiltStage>();
    for (const stage of image.stages) {
      const built = await this.buildStage(stage, stages, input);
      stages.set(stage.name, built);
      stages.set(String(stage.index), built);
    }
    const runtime = stages.get(image.runtime.name);
    if (runtime === undefined) throw new Error('the runtime stage was not built');
    return {
      root: runtime.root,
      node: runtime.nodeBinary,
      command: ['unshare', '--pid', '--fork', '--kill-child', runtime.nodeBinary, ...args.map((arg) => (arg.startsWith('/') ? inStage(runtime.root, arg) : arg))],
      env: { ...Object.fromEntries(runtime.env), PATH: containerPath(dirname(runtime.nodeBinary)) },
    };
  }

  private async buildStage(stage: Stage, earlier: ReadonlyMap<string, BuiltStage>, input: BuildInput): Promise<BuiltStage> {
    const version = nodeVersionOf(stage.image);
    if (version === undefined) throw new DockerfileError(`FROM ${stage.image}: only a node:<release>-<variant> base is reproduced without Docker`, stage.line);
    const key = await this.keyOf(stage, earlier, input);
    let build = this.built.get(key);
    if (build === undefined) {
      build = this.carryOut(stage, version, key, earlier, input);
      this.built.set(key, build);
    }
    return build;
  }

  private async keyOf(stage: Stage, earlier: ReadonlyMap<string, BuiltStage>, input: BuildInput): Promise<string> {
    const hash = createHash('sha256').update(stage.image);
    for (const instruction of stage.instructions) {
      hash.update(`\n${instruction.keyword} ${JSON.stringify([...instruction.flags])} ${instruction.args}`);
      if (instruction.keyword !== 'COPY') continue;
      const copy = copyOf(instruction);
      if (copy.from !== undefined) {
        hash.update(earlier.get(copy.from)?.key ?? `missing stage ${copy.from}`);
        continue;
      }
      for (const { files } of await this.contextSources(copy, input)) {
        for (const file of files) hash.update(`${relative(input.context, file)}\0`).update(await readFile(file));
      }
    }
    return hash.digest('hex');
  }

  private async carryOut(stage: Stage, version: string, key: string, earlier: ReadonlyMap<string, BuiltStage>, input: BuildInput): Promise<BuiltStage> {
    const nodeBinary = await officialNode(version);
    const root = await mkdtemp(join(this.workspace, `stage-${stage.name}-`));
    const env = new Map<string, string>();
    let workdir = '/';
    let user: string | undefined;
    for (const instruction of stage.instructions) {
      switch (instruction.keyword) {
        case 'WORKDIR':
          workdir = nextWorkdir(workdir, instruction);
          await mkdir(inStage(root, workdir), { recursive: true });
          break;
        case 'ENV':
          for (const [name, value] of keyValues(instruction)) env.set(name, value);
          break;
        case 'COPY':
          await this.copy(copyOf(instruction), root, workdir, earlier, input);
          break;
        case 'RUN':
          if (user !== undefined) {
            throw new DockerfileError(`RUN as USER ${user} is not reproduced without Docker: install before switching user`, instruction.line);
          }
          await this.run(instruction, inStage(root, workdir), dirname(nodeBinary), env);
          break;
        case 'USER':
          user = isRootUser(instruction.args) ? undefined : instruction.args;
          break;
        case 'LABEL':
        case 'ENTRYPOINT':
        case 'CMD':
          // They describe the image and change no file; the image rules check them.
          break;
        default:
          throw new DockerfileError(`${instruction.keyword} is not reproduced without Docker`, instruction.line);
      }
    }
    return { root, env, nodeBinary, key };
  }

  /** What a COPY takes from the build context, as Docker does: each source and its files that .dockerignore admits. */
  private async contextSources(copy: Copy, input: BuildInput): Promise<ContextSource[]> {
    const ignored = dockerignoreMatcher(input.dockerignore);
    const contextPath = (path: string) => relative(input.context, path).split(sep).join('/');
    return Promise.all(
      copy.sources.map(async (source) => {
        const path = join(input.context, posix.normalize(source));
        const found = await stat(path).catch(() => undefined);
        if (contextPath(path).startsWith('..') || found === undefined || ignored(contextPath(path))) {
          throw new DockerfileError(`COPY ${source}: not in the build context (missing, or excluded by .dockerignore)`, copy.line);
        }
        const isDirectory = found.isDirectory();
        const files = (isDirectory ? await filesUnder(path) : [path]).filter((file) => !ignored(contextPath(file))).sort();
        return { source, path, isDirectory, files };
      }),
    );
  }

  private async copy(copy: Copy, root: string, workdir: string, earlier: ReadonlyMap<string, BuiltStage>, input: BuildInput): Promise<void> {
    if (copy.from === undefined) {
      for (const { source, path, isDirectory, files } of await this.contextSources(copy, input)) {
        const target = inStage(root, copyTarget(copy, source, isDirectory, workdir));
        for (const file of files) {
          const destination = isDirectory ? join(target, relative(path, file)) : target;
          await mkdir(dirname(destination), { recursive: true });
          await copyFile(file, destination);
        }
      }
      return;
    }
    const from = earlier.get(copy.from);
    if (from === undefined) throw new DockerfileError(`COPY --from=${copy.from}: no earlier stage has that name`, copy.line);
    for (const source of copy.sources) {
      const path = inStage(from.root, source);
      const found = await stat(path).catch(() => undefined);
      if (found === undefined) throw new DockerfileError(`COPY --from=${copy.from} ${source}: the stage has no such path`, copy.line);
      await cp(path, inStage(root, copyTarget(copy, source, found.isDirectory(), workdir)), { recursive: true });
    }
  }

  private async run(instruction: Instruction, cwd: string, nodeBinDirectory: string, env: ReadonlyMap<string, string>): Promise<void> {
    for (const [program, ...args] of runCommands(instruction)) {
      if (program !== 'npm' || !REPRODUCED_NPM_COMMANDS.has(args[0] ?? '')) {
        throw new DockerfileError(
          `RUN ${[program, ...args].join(' ')} is not reproduced without Docker: only npm ci, npm install and npm run are`,
          instruction.line,
        );
      }
      await runNpm(args, { cwd, nodeBinDirectory, env: Object.fromEntries(env) });
    }
  }
}

/** How long `docker stop` waits after SIGTERM before it sends SIGKILL. */
const DOCKER_STOP_GRACE_MS = 10_000;

/**
 * Stops the container as `docker stop` does, given the process that launched it: SIGTERM to its PID 1, then SIGKILL
 * if it is still running after the grace period. Like any PID 1, the connector gets no default signal handling
 * there: only a handler it installed makes it react to SIGTERM.
 */
export async function stopContainer(launcher: ChildProcess): Promise<void> {
  const children = await readFile(`/proc/${String(launcher.pid)}/task/${String(launcher.pid)}/children`, 'utf8');
  const pid = Number(children.trim().split(/\s+/)[0]);
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  if (!/^NSpid:\s+\d+\s+1$/m.test(status)) throw new Error(`process ${pid} is not PID 1 of the container launched by ${String(launcher.pid)}`);
  process.kill(pid, 'SIGTERM');
  // Killing the launcher kills the container too: it was started with --kill-child.
  const kill = setTimeout(() => launcher.kill('SIGKILL'), DOCKER_STOP_GRACE_MS);
  launcher.once('exit', () => clearTimeout(kill));
}
