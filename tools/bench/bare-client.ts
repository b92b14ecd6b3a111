/**
 * The throughput reference: the least work any connector must do. It makes the connector's requests (the `init` and
 * `in-progress` conference lists, then every live conference's participants, as many at once as the connector), parses
 * each page with JSON.parse and writes each item to stdout as a RECORD line, and does nothing else: no validation, no
 * date mapping, no retries.
 *   node bare-client.js --url URL --account AC… --username SK… --password … --concurrency N
 */
import { Agent, get } from 'node:http';
import { once } from 'node:events';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    account: { type: 'string' },
    username: { type: 'string' },
    password: { type: 'string' },
    concurrency: { type: 'string' },
  },
});
const { url: base = '', account = '', username = '', password = '' } = values;
const concurrency = Number(values.concurrency ?? '8');
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
const RECORD_PREFIX = '{"type":"RECORD","record":{"stream":"conference_participants","data":';

type Page = Record<string, unknown> & { next_page_uri?: string | null };

function download(path: string): Promise<Page> {
  return new Promise((resolve, reject) => {
    get(new URL(path, base), { agent, headers: { authorization, accept: 'application/json' } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Page));
      response.on('error', reject);
    }).on('error', reject);
  });
}

async function* items(path: string, key: string): AsyncGenerator<unknown[]> {
  for (let next: string | null | undefined = path; typeof next === 'string'; ) {
    const page = await download(next);
    yield page[key] as unknown[];
    next = page.next_page_uri;
  }
}

async function write(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, 'drain');
}

const conferencesPath = `/2010-04-01/Accounts/${account}/Conferences.json`;
const live: string[] = [];
for (const status of ['init', 'in-progress']) {
  for await (const page of items(`${conferencesPath}?Status=${status}&PageSize=1000`, 'conferences')) {
    for (const conference of page) live.push((conference as { sid: string }).sid);
  }
}

let nextConference = 0;
async function worker(): Promise<void> {
  while (nextConference < live.length) {
    const sid = live[nextConference++];
    const path = `/2010-04-01/Accounts/${account}/Conferences/${sid}/Participants.json?PageSize=1000`;
    for await (const page of items(path, 'participants')) {
      const emittedAt = Date.now();
      await write(page.map((item) => `${RECORD_PREFIX}${JSON.stringify(item)},"emitted_at":${emittedAt}}}\n`).join(''));
    }
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
agent.destroy();
