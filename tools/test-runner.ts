/**
 * `npm test`: the type check, the jest suites, the connector acceptance tests and the audit of production
 * dependencies, each a step that reports how many checks passed and failed, then the one summary line CI reads:
 * `tests: N passed, M failed`.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAcceptance } from './acceptance/run.js';
import { AUDIT_EXCEPTIONS } from './audit-exceptions.js';
import { auditProductionDependencies } from './audit.js';

interface Tally {
  passed: number;
  failed: number;
}

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = (path: string) => join(root, 'node_modules', path);

function run(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

async function typecheck(): Promise<Tally> {
  const code = await run([bin('typescript/bin/tsc'), '-p', 'tsconfig.test.json']);
  return code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
}

async function jest(): Promise<Tally> {
  const directory = await mkdtemp(join(tmpdir(), 'source-twilio-jest-'));
  const report = join(directory, 'report.json');
  try {
    const code = await run(['--experimental-vm-modules', bin('jest/bin/jest.js'), '--json', '--outputFile', report]);
    const result = JSON.parse(await readFile(report, 'utf8').catch(() => '{}')) as {
      numPassedTests?: number;
      numFailedTests?: number;
      numRuntimeErrorTestSuites?: number;
    };
    const failed = (result.numFailedTests ?? 0) + (result.numRuntimeErrorTestSuites ?? 0);
    // A jest that failed without reporting any failure (a crash, a bad config) still counts as one failure.
    return { passed: result.numPassedTests ?? 0, failed: code !== 0 && failed === 0 ? 1 : failed };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

async function audit(): Promise<Tally> {
  const { passed, failed, notes } = await auditProductionDependencies({ cwd: root, exceptions: AUDIT_EXCEPTIONS });
  for (const note of notes) process.stdout.write(`npm audit: ${note}\n`);
  return { passed, failed };
}

/** The acceptance suites against the built CLI and the simulator, as `npm run acceptance` runs them. */
async function acceptance(): Promise<Tally> {
  try {
    const { passed, failed } = await runAcceptance({
      configFile: join(root, 'acceptance-test-config.yml'),
      live: false,
      updateSnapshots: false,
      write: (text) => process.stdout.write(text),
    });
    return { passed, failed };
  } catch (error) {
    process.stdout.write(`acceptance runner failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return { passed: 0, failed: 1 };
  }
}

const steps: [string, () => Promise<Tally>][] = [
  ['type check', typecheck],
  ['jest', jest],
  ['acceptance suites', acceptance],
  ['npm audit', audit],
];

const total: Tally = { passed: 0, failed: 0 };
for (const [name, step] of steps) {
  const tally = await step();
  process.stdout.write(`${name}: ${tally.passed} passed, ${tally.failed} failed\n`);
  total.passed += tally.passed;
  total.failed += tally.failed;
}
process.stdout.write(`tests: ${total.passed} passed, ${total.failed} failed\n`);
process.exitCode = total.failed === 0 ? 0 : 1;
