/**
 * The container-equivalent run: the Dockerfile's stages carried out without Docker (tools/shipping/container.ts), then
 * the image's ENTRYPOINT run as PID 1 against the simulator, on the Node release of the base image.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MAIN_ACCOUNT_SID } from '../simulator/fixtures.js';
import { TwilioSimulator } from '../simulator/server.js';
import { ContainerBuilder, stopContainer, type BuildInput, type ContainerImage } from '../tools/shipping/container.js';
import { workdirOf } from '../tools/shipping/dockerfile.js';
import { dockerignoreMatcher } from '../tools/shipping/dockerignore.js';
import { nodeVersionOf, readImage } from '../tools/shipping/image-rules.js';
import { parsePackageJson, readShippingFiles, type ShippingFiles } from '../tools/shipping/project.js';
import {
  apiKeyConfig,
  catalogOf,
  errorsOf,
  expectNoSecrets,
  recordsOf,
  runConnector,
  statusesOf,
  type RunOptions,
} from './helpers/connector.js';

const root = fileURLToPath(new URL('..', import.meta.url));
/** A cold run downloads Node and installs every dependency twice. */
const BUILD_TIMEOUT_MS = 600_000;
/** Past docker stop's 10 s grace, so that a connector ignoring SIGTERM fails on its exit code, not on a timeout. */
const STOP_TIMEOUT_MS = 20_000;

let files: ShippingFiles;
let workspace: string;
let builder: ContainerBuilder;
let input: BuildInput;
let image: ContainerImage;
let simulator: TwilioSimulator;

beforeAll(async () => {
  files = await readShippingFiles(root);
  workspace = await mkdtemp(join(tmpdir(), 'source-twilio-image-'));
  builder = new ContainerBuilder(workspace);
  input = { context: root, dockerfile: files.dockerfile, dockerignore: files.dockerignore };
  image = await builder.build(input);
  simulator = await TwilioSimulator.start();
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  await simulator?.close();
  if (workspace !== undefined) await rm(workspace, { recursive: true, force: true });
});

/** Runs a command that succeeds; on the image's Node it must print nothing on stderr either (no deprecation warnings). */
const inContainer = async (command: string, options: RunOptions = {}) => {
  const result = await runConnector(command, { runtime: image, baseUrl: simulator.url, ...options });
  expectNoSecrets(result);
  expect(result.stderr).toBe('');
  return result;
};

function runtimeWorkdir(of: ContainerImage = image): string {
  const parsed = readImage(files.dockerfile);
  if (typeof parsed === 'string') throw new Error(parsed);
  return join(of.root, workdirOf(parsed.runtime));
}

/**
 * Every package the built connector imports, statically or lazily (luxon, say, only for an unusual date), imported on
 * the image's Node from its working directory: what is missing fails here, whatever data a read happens to see.
 */
async function importPackagesOfConnector(of: ContainerImage): Promise<{ failed: string[] }> {
  const app = runtimeWorkdir(of);
  const sources = (await readdir(join(app, 'dist', 'src'), { recursive: true })).filter((path) => path.endsWith('.js'));
  const packages = new Set<string>();
  for (const path of sources) {
    const code = await readFile(join(app, 'dist', 'src', path), 'utf8');
    for (const [, specifier = ''] of code.matchAll(/(?:from\s+|import\(\s*|require\(\s*|createRequire\([^)]*\)\(\s*)'([^'.][^']*)'/g)) {
      if (!specifier.startsWith('node:')) packages.add(specifier);
    }
  }
  expect(packages.size).toBeGreaterThan(0);
  const failed: string[] = [];
  for (const name of packages) {
    await promisify(execFile)(of.node, ['--input-type=module', '-e', `await import(${JSON.stringify(name)})`], { cwd: app }).catch(
      () => failed.push(name),
    );
  }
  return { failed };
}

describe('the image built without Docker', () => {
  it('resolves every package the connector imports, including the ones it loads only when needed', async () => {
    expect(await importPackagesOfConnector(image)).toEqual({ failed: [] });
  });

  it("holds the built connector, spec.json and the production dependencies, and nothing else", async () => {
    const app = runtimeWorkdir();
    expect((await readdir(app)).sort()).toEqual(['dist', 'node_modules', 'package-lock.json', 'package.json', 'spec.json']);
    expect(await readdir(join(app, 'dist'))).toEqual(['src']);
    const { dependencies, devDependencies } = parsePackageJson(files.packageJson);
    for (const name of Object.keys(dependencies)) expect(existsSync(join(app, 'node_modules', name))).toBe(true);
    for (const name of Object.keys(devDependencies)) expect([name, existsSync(join(app, 'node_modules', name))]).toEqual([name, false]);
  });

  it("runs on the base image's Node release", async () => {
    const from = readImage(files.dockerfile);
    const version = typeof from === 'string' ? undefined : nodeVersionOf(from.runtime.image);
    const { stdout } = await promisify(execFile)(image.node, ['--version']);
    expect(stdout.trim()).toBe(`v${String(version)}`);
  });
});

describe('the connector in the container', () => {
  it('answers spec with spec.json', async () => {
    const { exitCode, messages } = await inContainer('spec');
    expect(exitCode).toBe(0);
    expect(messages).toEqual([{ type: 'SPEC', spec: JSON.parse(files.spec) as unknown }]);
  });

  it('checks the credentials against Twilio', async () => {
    const { exitCode, messages } = await inContainer('check', { config: apiKeyConfig });
    expect(exitCode).toBe(0);
    expect(messages).toEqual([{ type: 'CONNECTION_STATUS', connectionStatus: { status: 'SUCCEEDED' } }]);
  });

  it('discovers both streams', async () => {
    const { exitCode, messages } = await inContainer('discover', { config: apiKeyConfig });
    expect(exitCode).toBe(0);
    const catalog = messages[0]?.type === 'CATALOG' ? messages[0].catalog : undefined;
    expect(catalog?.streams.map((stream) => [stream.name, stream.source_defined_primary_key])).toEqual([
      ['conferences', [['sid']]],
      ['conference_participants', [['uri']]],
    ]);
  });

  it('reads every conference and every live participant', async () => {
    const { exitCode, messages } = await inContainer('read', { config: apiKeyConfig, catalog: catalogOf('conferences', 'conference_participants') });
    expect(exitCode).toBe(0);
    expect(recordsOf(messages, 'conferences')).toHaveLength(simulator.dataset.conferences(MAIN_ACCOUNT_SID).length);
    expect(recordsOf(messages, 'conference_participants')).toHaveLength(simulator.dataset.expectedParticipantCount([MAIN_ACCOUNT_SID]));
    expect(errorsOf(messages)).toEqual([]);
  });

  it('stops at docker stop (SIGTERM to PID 1): keeps what it read, reports a TRACE ERROR and exits 143', async () => {
    const stalled = await TwilioSimulator.start();
    stalled.faults.add({ fault: { type: 'hang' }, kind: 'participants' });
    let signalFailure: unknown;
    try {
      const result = await runConnector('read', {
        runtime: image,
        baseUrl: stalled.url,
        config: apiKeyConfig,
        catalog: catalogOf('conferences', 'conference_participants'),
        onSpawn: (child) => {
          void (async () => {
            while (stalled.stats().byKind.participants === 0 && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 20));
            await stopContainer(child);
          })().catch((error: unknown) => {
            signalFailure = error;
            child.kill('SIGKILL');
          });
        },
      });
      expect(signalFailure).toBeUndefined();
      expect(result.exitCode).toBe(143);
      expect(recordsOf(result.messages, 'conferences')).toHaveLength(stalled.dataset.conferences(MAIN_ACCOUNT_SID).length);
      expect(statusesOf(result.messages, 'conferences')).toEqual(['STARTED', 'RUNNING', 'COMPLETE']);
      expect(statusesOf(result.messages, 'conference_participants')).toEqual(['STARTED', 'INCOMPLETE']);
      expect(errorsOf(result.messages).map((error) => error.message)).toContainEqual(expect.stringContaining('received SIGTERM'));
    } finally {
      await stalled.close();
    }
  }, STOP_TIMEOUT_MS);
});

describe('an image that would break', () => {
  it('fails like the real one when the Dockerfile forgets spec.json', async () => {
    const forgetful = await builder.build({ ...input, dockerfile: files.dockerfile.replace('COPY spec.json ./\n', '') });
    const { exitCode, messages, stderr } = await runConnector('spec', { runtime: forgetful });
    expect(exitCode).not.toBe(0);
    expect(messages).toEqual([]);
    expect(stderr).toContain('spec.json was not found above the connector code');
  }, BUILD_TIMEOUT_MS);

  it('fails like the real one when a runtime dependency is only a devDependency', async () => {
    const context = await mkdtemp(join(workspace, 'context-'));
    const ignored = dockerignoreMatcher(files.dockerignore);
    await cp(root, context, { recursive: true, filter: (path) => path === root || !ignored(relative(root, path)) });
    const packageJson = parsePackageJson(files.packageJson);
    const { luxon, ...dependencies } = packageJson.dependencies;
    const moved = { ...(JSON.parse(files.packageJson) as object), dependencies, devDependencies: { ...packageJson.devDependencies, luxon } };
    await writeFile(join(context, 'package.json'), JSON.stringify(moved));
    const missingLuxon = await builder.build({ ...input, context });
    // luxon is loaded only for a date not in Twilio's own form, so no ordinary command would trip over its absence.
    expect(await importPackagesOfConnector(missingLuxon)).toEqual({ failed: ['luxon'] });
  }, BUILD_TIMEOUT_MS);
});
