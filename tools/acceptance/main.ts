/**
 * `npm run acceptance [-- OPTIONS]`: Airbyte's Connector Acceptance Tests for this connector, without Docker.
 *
 *   --live                      against real Twilio with secrets/config.json instead of the simulator
 *   --update-snapshots          accept the current spec and catalog as the backward-compatibility baseline
 *   --connector "PROGRAM ARGS"  test another connector command (split on spaces) instead of the built CLI
 *   --suites a,b                run only these suites (spec, image, connection, discovery, basic_read, ...)
 *   --acceptance-test-config F  another acceptance-test-config.yml
 *
 * The last line is `acceptance: N passed, M failed, K skipped`; the exit code is 1 when a check failed.
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { runAcceptance, SUITE_NAMES, type SuiteSelection } from './run.js';

const DEFAULT_CONFIG = fileURLToPath(new URL('../../../acceptance-test-config.yml', import.meta.url));

function isSuite(name: string): name is SuiteSelection {
  return (SUITE_NAMES as readonly string[]).includes(name);
}

function parseSuites(text: string | undefined): SuiteSelection[] | undefined {
  if (text === undefined) return undefined;
  const names = text.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !isSuite(name));
  if (unknown.length > 0) throw new Error(`--suites: unknown ${unknown.join(', ')}; the suites are ${SUITE_NAMES.join(', ')}`);
  return names.filter(isSuite);
}

async function main(): Promise<void> {
  let options;
  try {
    const { values } = parseArgs({
      args: process.argv.slice(2),
      strict: true,
      options: {
        live: { type: 'boolean', default: false },
        'update-snapshots': { type: 'boolean', default: false },
        connector: { type: 'string' },
        suites: { type: 'string' },
        'acceptance-test-config': { type: 'string' },
      },
    });
    const connector = values.connector?.split(/\s+/).filter((part) => part !== '');
    if (connector?.length === 0) throw new Error('--connector: the command is empty');
    options = {
      configFile: values['acceptance-test-config'] ?? DEFAULT_CONFIG,
      live: values.live,
      updateSnapshots: values['update-snapshots'],
      connector,
      suites: parseSuites(values.suites),
      write: (text: string) => process.stdout.write(text),
    };
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\nSee the header of tools/acceptance/main.ts for the options.\n`);
    process.exitCode = 2;
    return;
  }
  const tally = await runAcceptance(options);
  process.exitCode = tally.failed === 0 ? 0 : 1;
}

await main();
