/** The docker CLI as the image tests use it: whether an engine answers, and commands run to their end. */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

export interface DockerResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

export interface DockerOptions {
  /** Variables on top of this process's environment, e.g. DOCKER_BUILDKIT. */
  env?: Record<string, string>;
  /** The docker CLI to run; default `docker` on the PATH. */
  cli?: string;
  /** Called once the CLI runs, e.g. to stop its container from outside. */
  onSpawn?: (child: ChildProcessWithoutNullStreams) => void;
}

/**
 * Runs the docker CLI to its end. Its stdin is a pipe left open until it exits, as the platform leaves a connector's
 * stdin open: `docker run -i` then passes it on, and the connector must neither wait for it nor stop at its end.
 */
export function docker(args: readonly string[], options: DockerOptions = {}): Promise<DockerResult> {
  const child = spawn(options.cli ?? 'docker', args, { env: { ...process.env, ...options.env }, stdio: 'pipe' });
  options.onSpawn?.(child);
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode) => {
      child.stdin.destroy();
      resolve({ exitCode, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });
    });
  });
}

/** Runs a docker command that must succeed and returns its stdout; a failure carries docker's own message. */
export async function dockerOutput(args: readonly string[], options: DockerOptions = {}): Promise<string> {
  const result = await docker(args, options);
  if (result.exitCode !== 0) throw new Error(`docker ${args.join(' ')} exited ${String(result.exitCode)}:\n${result.stderr.trim()}`);
  return result.stdout;
}

const succeeds = (program: string, args: string[]) =>
  promisify(execFile)(program, args, { timeout: 20_000 }).then(
    () => true,
    () => false,
  );

/** Why no Docker engine can be used here, or undefined when one answers. */
export async function engineUnavailableReason(): Promise<string | undefined> {
  if (await succeeds('docker', ['info'])) return undefined;
  const root = process.getuid?.() === 0;
  const aptGet = existsSync('/usr/bin/apt-get');
  const canStart = root && aptGet;
  return canStart
    ? 'no Docker engine answers `docker info`; start one with `tools/docker/engine.sh start`'
    : `no Docker engine answers \`docker info\`, and tools/docker/engine.sh cannot start one here (it needs ${[
        root ? undefined : 'root',
        aptGet ? undefined : 'apt-get',
      ]
        .filter((need) => need !== undefined)
        .join(' and ')})`;
}

/**
 * A docker CLI that builds with BuildKit: the one on the PATH when it has the buildx plugin, else the CLI that Debian's
 * docker.io ships beside its engine, which has BuildKit built in.
 */
export async function buildKitCli(): Promise<string | undefined> {
  if (await succeeds('docker', ['buildx', 'version'])) return 'docker';
  const packaged = '/usr/bin/docker';
  return existsSync(packaged) && (await succeeds(packaged, ['version'])) ? packaged : undefined;
}
