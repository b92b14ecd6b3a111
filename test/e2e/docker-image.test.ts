/**
 * The real image, built and run by a Docker engine: `docker build` with the legacy builder and with BuildKit, the
 * image's settings, then `spec`, `check`, `discover` and `read` against the simulator on the host, the way the Airbyte
 * platform launches a connector, and `docker stop` during a read. The base image is pulled, or stood in for by
 * tools/docker/node-base.sh when no registry is reachable. Without an engine the tests are skipped and say why, except
 * in CI (CI=true), where that is a failure.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_CLOCK, MAIN_ACCOUNT_SID } from '../../simulator/fixtures.js';
import { TwilioSimulator } from '../../simulator/server.js';
import { parseExpectedRecords } from '../../tools/acceptance/read-checks.js';
import { entrypointOf, readImage, type Image } from '../../tools/shipping/image-rules.js';
import { readMetadata, type Metadata } from '../../tools/shipping/metadata.js';
import { parsePackageJson, readShippingFiles, type PackageJson, type ShippingFiles } from '../../tools/shipping/project.js';
import { errorsOf, expectNoSecrets, parseMessages, recordsOf, statusesOf } from '../helpers/connector.js';
import { buildKitCli, docker, dockerOutput, engineUnavailableReason, type DockerResult } from '../helpers/docker.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const EXPECTED_RECORDS = 'integration_tests/expected_records.jsonl';
const SAMPLE_CONFIG = 'integration_tests/sample_config.json';
const CONFIGURED_CATALOG = 'integration_tests/configured_catalog.json';
/** A cold run builds the stand-in base (about a minute) and then the image twice. */
const BUILD_TIMEOUT_MS = 600_000;
const RUN_TIMEOUT_MS = 60_000;
/** What the image may add to its base: the bundled connector (about 2 MB today). */
const APP_LAYERS_BOUND_MB = 5;
/** From `docker stop` until the connector has exited, as the platform waits for it. */
const STOP_BOUND_MS = 1_000;
/** Another uid than the image's `node` (1000), as a platform may run it. */
const OTHER_USER = '4242:4242';

const unavailable = await engineUnavailableReason();
const inCi = process.env['CI'] === 'true';

interface ImageConfig {
  User: string;
  Cmd: string[] | null;
  Entrypoint: string[] | null;
  Env: string[];
  Labels: Record<string, string> | null;
  WorkingDir: string;
}

let files: ShippingFiles;
let packageJson: PackageJson;
let metadata: Metadata;
let dockerfile: Image;
let tag: string;
let simulator: TwilioSimulator;
/** Folders mounted into containers; readable by any uid, as the platform's are. */
let inputs: string;

async function inspect(image: string): Promise<{ Size: number; Config: ImageConfig }> {
  const [parsed] = JSON.parse(await dockerOutput(['image', 'inspect', image])) as { Size: number; Config: ImageConfig }[];
  if (parsed === undefined) throw new Error(`docker image inspect ${image} returned nothing`);
  return parsed;
}

/** What a user of the image meets: how it runs, as whom, where, and what it says it is. */
const settingsOf = ({ User, Entrypoint, Cmd, Env, Labels, WorkingDir }: ImageConfig) => ({ User, Entrypoint, Cmd, Env, Labels, WorkingDir });

const megabytes = (bytes: number) => Math.round(bytes / 1e5) / 10;

/** The image's ENTRYPOINT, read from the Dockerfile. */
function dockerfileEntrypoint(): string[] {
  const entrypoint = entrypointOf(dockerfile.config);
  if (typeof entrypoint === 'string') throw new Error(entrypoint);
  return entrypoint;
}

/** Runs the image; every stdout line must be an Airbyte message, and no secret may appear anywhere. */
async function runImage(dockerArgs: string[], command: string[], image = tag) {
  const result = await docker(['run', '--rm', ...dockerArgs, image, ...command]);
  expectNoSecrets(result);
  return { ...result, messages: parseMessages(result.stdout) };
}

/** Runs against the simulator on the host as a user would: the host's network, the inputs mounted read-only. */
const againstSimulator = (command: string[], extra: string[] = [], url = simulator.url) =>
  runImage(['--network', 'host', '-e', `TWILIO_API_BASE_URL=${url}`, '-v', `${inputs}:/inputs:ro`, ...extra], command);

const configArgs = ['--config', '/inputs/config.json'];
const readArgs = ['read', ...configArgs, '--catalog', '/inputs/catalog.json'];

/** Records as comparable values: stream and data, in a stable order, whatever the order of reading or of keys. */
function comparable(records: { stream: string; data: Record<string, unknown> }[]) {
  const canonical = (value: unknown): string =>
    JSON.stringify(value, (_key, inner: unknown) =>
      inner !== null && typeof inner === 'object' && !Array.isArray(inner)
        ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
        : inner,
    );
  return records.map(({ stream, data }) => ({ stream, data })).sort((a, b) => canonical(a).localeCompare(canonical(b)));
}

async function expectedRecords() {
  const { records, problems } = parseExpectedRecords(await readFile(join(root, EXPECTED_RECORDS), 'utf8'), EXPECTED_RECORDS);
  expect(problems).toEqual([]);
  expect(records.length).toBeGreaterThan(0);
  return comparable(records);
}

const readRecords = (messages: ReturnType<typeof parseMessages>) =>
  comparable(messages.flatMap((message) => (message.type === 'RECORD' ? [message.record] : [])));

/** A clean run: exit 0 and nothing on stderr. */
function expectClean(result: DockerResult) {
  expect({ exitCode: result.exitCode, stderr: result.stderr }).toEqual({ exitCode: 0, stderr: '' });
}

describe('the real image', () => {
  if (unavailable !== undefined) {
    if (inCi) {
      it('runs in CI, where a Docker engine must be available', () => {
        throw new Error(`The image cannot be built and run: ${unavailable}.`);
      });
    } else {
      console.warn(`The real image is not built or run: ${unavailable}.`);
      it.skip(`is skipped: ${unavailable}`, () => {});
    }
    return;
  }

  beforeAll(async () => {
    files = await readShippingFiles(root);
    packageJson = parsePackageJson(files.packageJson);
    metadata = readMetadata(files.metadata);
    const image = readImage(files.dockerfile);
    if (typeof image === 'string') throw new Error(image);
    dockerfile = image;
    tag = `source-twilio:${packageJson.version}`;

    const bases = new Set(dockerfile.stages.map((stage) => stage.image).filter((from) => !dockerfile.stages.some((stage) => stage.name === from)));
    for (const base of bases) await promisify(execFile)(join(root, 'tools/docker/node-base.sh'), [base], { timeout: BUILD_TIMEOUT_MS });
    const started = Date.now();
    await dockerOutput(['build', '-t', tag, root], { env: { DOCKER_BUILDKIT: '0' } });
    console.log(`docker build (legacy builder) of ${tag}: ${((Date.now() - started) / 1000).toFixed(1)} s`);

    simulator = await TwilioSimulator.start({ clock: DEFAULT_CLOCK });
    inputs = await mkdtemp(join(tmpdir(), 'source-twilio-image-inputs-'));
    await chmod(inputs, 0o755);
    for (const [name, source] of [
      ['config.json', SAMPLE_CONFIG],
      ['catalog.json', CONFIGURED_CATALOG],
    ] as const) {
      await writeFile(join(inputs, name), await readFile(join(root, source)), { mode: 0o644 });
    }
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await simulator?.close();
    if (inputs !== undefined) await rm(inputs, { recursive: true, force: true });
  });

  describe('built', () => {
    it(
      'with BuildKit too, into an image with the same settings',
      async () => {
        const cli = await buildKitCli();
        expect(cli).toBeDefined();
        const buildKitTag = `${tag}-buildkit`;
        const started = Date.now();
        await dockerOutput(['build', '-t', buildKitTag, root], { env: { DOCKER_BUILDKIT: '1' }, ...(cli === undefined ? {} : { cli }) });
        console.log(`docker build (BuildKit) of ${buildKitTag}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
        try {
          expect(settingsOf((await inspect(buildKitTag)).Config)).toEqual(settingsOf((await inspect(tag)).Config));
          const spec = await runImage([], ['spec'], buildKitTag);
          expectClean(spec);
          expect(spec.messages).toEqual([{ type: 'SPEC', spec: JSON.parse(files.spec) as unknown }]);
        } finally {
          await dockerOutput(['image', 'rm', buildKitTag]);
        }
      },
      BUILD_TIMEOUT_MS,
    );

    it("is labelled as metadata.yaml names it, runs the Dockerfile's exec-form ENTRYPOINT as AIRBYTE_ENTRYPOINT says, as node", async () => {
      const { Config } = await inspect(tag);
      expect(Config.Labels?.['io.airbyte.name']).toBe(metadata.data.dockerRepository);
      expect(Config.Labels?.['io.airbyte.version']).toBe(metadata.data.dockerImageTag);
      expect(Config.Entrypoint).toEqual(dockerfileEntrypoint());
      expect(Config.Env).toContain(`AIRBYTE_ENTRYPOINT=${dockerfileEntrypoint().join(' ')}`);
      expect(dockerfile.config.env.get('AIRBYTE_ENTRYPOINT')).toBe(dockerfileEntrypoint().join(' '));
      expect(Config.User).toBe('node');
    });

    it('holds the bundled connector, spec.json and package.json, and nothing else: no sources, tests or tools', async () => {
      const { WorkingDir } = (await inspect(tag)).Config;
      const list = async (folder: string) => (await dockerOutput(['run', '--rm', '--entrypoint', 'ls', tag, '-A', folder])).split('\n').filter(Boolean);
      expect(await list(WorkingDir)).toEqual(['dist', 'package.json', 'spec.json']);
      expect(await list(`${WorkingDir}/dist`)).toEqual(['connector']);
      // What npm leaves when it runs as root during the build (its cache, its compile cache) is not added to the base.
      const leftovers = (image: string) => dockerOutput(['run', '--rm', '--user', '0', '--entrypoint', 'find', image, '/root', '/tmp', '-mindepth', '1']);
      expect(await leftovers(tag)).toBe(await leftovers(dockerfile.runtime.image));
    });

    it('loads every module of its bundle without node_modules', async () => {
      // Every chunk but the CLI itself, which would run: the ones `read` loads only when needed (the source, the
      // inputs' checks) are loaded too, so a dependency left out of the bundle cannot hide behind a command.
      const script = `
        import { readdirSync } from 'node:fs';
        const chunks = readdirSync('dist/connector').filter((file) => file !== 'main.js');
        const failed = [];
        for (const chunk of chunks) await import('./dist/connector/' + chunk).catch((error) => failed.push(chunk + ': ' + error.message));
        console.log(JSON.stringify({ loaded: chunks.length, failed }));`;
      const result = JSON.parse(await dockerOutput(['run', '--rm', '--entrypoint', 'node', tag, '--input-type=module', '-e', script])) as {
        loaded: number;
        failed: string[];
      };
      expect(result.loaded).toBeGreaterThan(1);
      expect(result.failed).toEqual([]);
    });

    it(`adds at most ${APP_LAYERS_BOUND_MB} MB to its base image`, async () => {
      const base = dockerfile.runtime.image;
      const [image, baseImage] = [await inspect(tag), await inspect(base)];
      const added = megabytes(image.Size - baseImage.Size);
      console.log(`${tag}: ${megabytes(image.Size)} MB, of which ${added} MB above ${base} (${megabytes(baseImage.Size)} MB)`);
      expect(added).toBeLessThanOrEqual(APP_LAYERS_BOUND_MB);
    });
  });

  describe('run', () => {
    it('answers spec with spec.json', async () => {
      const result = await runImage([], ['spec']);
      expectClean(result);
      expect(result.messages).toEqual([{ type: 'SPEC', spec: JSON.parse(files.spec) as unknown }]);
    });

    it('checks the sample config against the simulator on the host', async () => {
      const result = await againstSimulator(['check', ...configArgs]);
      expectClean(result);
      expect(result.messages.at(-1)).toEqual({ type: 'CONNECTION_STATUS', connectionStatus: { status: 'SUCCEEDED' } });
    });

    it('discovers the streams of the configured catalog', async () => {
      const result = await againstSimulator(['discover', ...configArgs]);
      expectClean(result);
      const catalog = result.messages[0]?.type === 'CATALOG' ? result.messages[0].catalog : undefined;
      const configured = JSON.parse(await readFile(join(root, CONFIGURED_CATALOG), 'utf8')) as { streams: { stream: { name: string } }[] };
      expect(catalog?.streams.map((stream) => stream.name).sort()).toEqual(configured.streams.map(({ stream }) => stream.name).sort());
    });

    it(`reads exactly the records of ${EXPECTED_RECORDS}`, async () => {
      const result = await againstSimulator(readArgs);
      expectClean(result);
      expect(errorsOf(result.messages)).toEqual([]);
      expect(readRecords(result.messages)).toEqual(await expectedRecords());
    }, RUN_TIMEOUT_MS);

    it('reads the same as the platform launches it: --init -i, its own working directory, relative paths, another uid, a read-only root', async () => {
      const result = await runImage(
        ['--init', '-i', '--read-only', '--user', OTHER_USER, '--network', 'host', '-e', `TWILIO_API_BASE_URL=${simulator.url}`, '-v', `${inputs}:/config:ro`, '-w', '/config'],
        ['read', '--config', 'config.json', '--catalog', 'catalog.json'],
      );
      expectClean(result);
      expect(readRecords(result.messages)).toEqual(await expectedRecords());
    }, RUN_TIMEOUT_MS);
  });

  describe('docker stop during a read', () => {
    /** The processes in a container: pid, parent, uid and command line of each, read from its /proc. */
    async function processesIn(container: string) {
      const script = `
        const { readdirSync, readFileSync } = require('node:fs');
        const field = (status, name) => Number(new RegExp('^' + name + ':\\\\s+(\\\\d+)', 'm').exec(status)?.[1]);
        const processes = readdirSync('/proc').filter((pid) => /^\\d+$/.test(pid)).flatMap((pid) => {
          try {
            const status = readFileSync('/proc/' + pid + '/status', 'utf8');
            const argv = readFileSync('/proc/' + pid + '/cmdline', 'utf8').split('\\0').filter(Boolean);
            return [{ pid: Number(pid), ppid: field(status, 'PPid'), uid: field(status, 'Uid'), argv }];
          } catch {
            return []; // a process that ended meanwhile, such as the one reading
          }
        });
        console.log(JSON.stringify(processes));`;
      return JSON.parse(await dockerOutput(['exec', container, 'node', '-e', script])) as { pid: number; ppid: number; uid: number; argv: string[] }[];
    }

    it.each([
      ['as PID 1', []],
      ['under --init', ['--init']],
    ])(
      'stops the connector %s: a TRACE ERROR and exit 143 within a second, what it read kept',
      async (_how, extra: string[]) => {
        const stalled = await TwilioSimulator.start();
        stalled.faults.add({ fault: { type: 'hang' }, kind: 'participants' });
        const container = `source-twilio-stop-${process.pid}-${extra.length}`;
        let stoppedAt = 0;
        let exitedAt = 0;
        let processes: Awaited<ReturnType<typeof processesIn>> = [];
        try {
          const run = docker(
            ['run', '--rm', '--name', container, ...extra, '--network', 'host', '-e', `TWILIO_API_BASE_URL=${stalled.url}`, '-v', `${inputs}:/inputs:ro`, tag, ...readArgs],
          ).then((done) => {
            exitedAt = Date.now();
            return done;
          });
          while (stalled.stats().byKind.participants === 0 && exitedAt === 0) await new Promise((resolve) => setTimeout(resolve, 20));
          processes = await processesIn(container);
          stoppedAt = Date.now();
          await dockerOutput(['stop', container]);
          const done = await run;
          expectNoSecrets(done);
          const messages = parseMessages(done.stdout);
          expect(done.exitCode).toBe(143);
          expect(exitedAt - stoppedAt).toBeLessThan(STOP_BOUND_MS);
          expect(done.stderr).toBe('');
          expect(recordsOf(messages, 'conferences')).toHaveLength(stalled.dataset.conferences(MAIN_ACCOUNT_SID).length);
          // Stopped before its first record: RUNNING comes only with data.
          expect(statusesOf(messages, 'conference_participants')).toEqual(['STARTED', 'INCOMPLETE']);
          expect(errorsOf(messages).map((error) => error.message)).toContainEqual(expect.stringContaining('received SIGTERM'));
        } finally {
          await stalled.close();
          await docker(['rm', '-f', container]);
        }
        const connector = processes.find((each) => each.argv.join(' ') === [...dockerfileEntrypoint(), ...readArgs].join(' '));
        expect(connector?.uid).toBe(1000);
        const init = processes.find((each) => each.pid === 1);
        if (extra.includes('--init')) expect([connector?.ppid, init?.argv[0]]).toEqual([1, '/sbin/docker-init']);
        else expect(connector?.pid).toBe(1);
      },
      RUN_TIMEOUT_MS,
    );
  });
});
