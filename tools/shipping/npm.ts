import { execFile } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface NpmOptions {
  readonly cwd: string;
  /**
   * A folder holding the `node` that runs npm and every script npm starts. The PATH is then a container's (that
   * folder and the system folders), so nothing from this machine's PATH, such as the repository's
   * `node_modules/.bin` that `npm test` adds, can stand in for what the image lacks.
   */
  readonly nodeBinDirectory?: string;
  /** Variables the command sets, as a Dockerfile's ENV does. */
  readonly env?: Readonly<Record<string, string>>;
}

const SYSTEM_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** A container's PATH: its Node first, then the system folders, and nothing of this machine's own PATH. */
export const containerPath = (nodeBinDirectory: string) => [nodeBinDirectory, ...SYSTEM_PATH].join(delimiter);

/** Variables an outer `npm test` sets about itself and its folder; the machine's npm settings (`npm_config_*`) stay. */
const OUTER_RUN_VARIABLE = /^(npm_lifecycle_|npm_package_|npm_command$|npm_execpath$|npm_node_execpath$|npm_config_local_prefix$|INIT_CWD$|NODE$)/;

function machineEnvironment(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).flatMap(([name, value]) => (value === undefined || OUTER_RUN_VARIABLE.test(name) ? [] : [[name, value]])),
  );
}

/** npm's own script on this machine, to run with another node. */
function npmCli(): string {
  const fromOuterRun = process.env['npm_execpath'];
  if (fromOuterRun !== undefined && existsSync(fromOuterRun)) return fromOuterRun;
  const onPath = (process.env['PATH'] ?? '').split(delimiter).map((folder) => join(folder, 'npm')).find((path) => existsSync(path));
  if (onPath === undefined) throw new Error('npm is not on the PATH');
  return realpathSync(onPath);
}

/** Runs npm with these arguments; on failure the error carries npm's own output. */
export function runNpm(args: readonly string[], options: NpmOptions): Promise<void> {
  const { nodeBinDirectory } = options;
  const machine = machineEnvironment();
  // Exact versions come from package-lock.json or the caller, so npm's cache may answer without asking the registry.
  const env: Record<string, string> = { ...machine, npm_config_prefer_offline: 'true', npm_config_update_notifier: 'false', ...options.env };
  if (nodeBinDirectory !== undefined) env['PATH'] = containerPath(nodeBinDirectory);
  const [program, programArgs] =
    nodeBinDirectory === undefined ? ['npm', [...args]] : [join(nodeBinDirectory, 'node'), [npmCli(), ...args]];
  return new Promise((resolve, reject) => {
    execFile(program, programArgs, { cwd: options.cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error === null) {
        resolve();
        return;
      }
      const output = `${stdout}${stderr}`.trim().split('\n').slice(-30).join('\n');
      reject(new Error(`npm ${args.join(' ')} failed in ${options.cwd} (exit ${String(error.code)}):\n${output}`));
    });
  });
}
