/**
 * `npm run demo`: a real `read` of every stream of the configured catalog against the bundled Twilio simulator. The
 * connector's Airbyte messages go to stdout as they would to the Airbyte platform; a summary goes to stderr.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CLOCK } from '../simulator/fixtures.js';
import { TwilioSimulator } from '../simulator/server.js';

const fromRoot = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

const simulator = await TwilioSimulator.start({ clock: DEFAULT_CLOCK });
const child = spawn(
  process.execPath,
  [
    fromRoot('dist/connector/main.js'),
    'read',
    '--config',
    fromRoot('integration_tests/sample_config.json'),
    '--catalog',
    fromRoot('integration_tests/configured_catalog.json'),
  ],
  { env: { ...process.env, TWILIO_API_BASE_URL: simulator.url }, stdio: ['ignore', 'pipe', 'inherit'] },
);

const records = new Map<string, number>();
for await (const line of createInterface({ input: child.stdout })) {
  process.stdout.write(`${line}\n`);
  const message = JSON.parse(line) as { type: string; record?: { stream: string } };
  if (message.record) records.set(message.record.stream, (records.get(message.record.stream) ?? 0) + 1);
}
const exitCode = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
await simulator.close();

const counts = [...records].map(([stream, count]) => `${count} ${stream}`).join(', ');
process.stderr.write(`\nread exited ${exitCode}: ${counts || 'no records'} from the simulator at ${simulator.url}\n`);
process.exitCode = exitCode;
