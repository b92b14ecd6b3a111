/**
 * The references: the least work any connector must do. A reference makes the connector's requests (the account
 * listing, the `init` and `in-progress` conference lists, then every live conference's participants, as many at once
 * as the connector), follows `next_page_uri`, parses each page (with got as the connector does, or JSON.parse) and
 * writes each item to stdout as a RECORD line, and does nothing else: no validation, no date mapping. `--transport got`
 * downloads with got the way the connector does (the targets' reference); `--transport node-http` with bare
 * `node:http` (the floor, information only).
 *   node reference-client.js --transport got|node-http --url URL --account AC… --username SK… --password … --concurrency N
 *     [--list Messages.json --itemsKey messages --filter DateSent --from YYYY-MM-DD --days N]
 * With `--list`, it reads that list of the account one UTC day at a time (`FILTER=DAY`, the connector's day windows)
 * instead of the participants.
 */
import { Agent as HttpAgent, get } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { once, setMaxListeners } from 'node:events';
import { parseArgs } from 'node:util';

type Download = (url: URL) => Promise<Page>;
interface Agents {
  http: HttpAgent;
  https: HttpsAgent;
}
type Page = Record<string, unknown> & { next_page_uri?: string | null };


/**
 * got as the connector's client configures it (src/twilio/client.ts: `got.extend` with these options), mirrored here
 * rather than imported so that the reference holds still while the connector's internals change.
 */
async function gotDownload(authorization: string, agent: Agents): Promise<Download> {
  const { default: got } = await import('got');
  const signal = new AbortController().signal;
  setMaxListeners(0, signal);
  const http = got.extend({
    headers: { authorization, accept: 'application/json', 'user-agent': 'source-twilio (Airbyte source)' },
    agent,
    timeout: { request: 30_000 },
    retry: { limit: 5 },
    followRedirect: false,
    responseType: 'json',
    signal,
  });
  return async (url) => (await http.get<Page>(url)).body;
}

/** Bare `node:http` with the same keep-alive agent: the floor under any HTTP library. */
function nodeHttpDownload(authorization: string, agent: HttpAgent): Download {
  return (url) =>
    new Promise((resolve, reject) => {
      get(url, { agent, headers: { authorization, accept: 'application/json' } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          if (response.statusCode === 200) resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Page);
          else reject(new Error(`HTTP ${response.statusCode} for ${url.pathname}`));
        });
        response.on('error', reject);
      }).on('error', reject);
    });
}

const { values } = parseArgs({
  options: {
    transport: { type: 'string' },
    url: { type: 'string' },
    account: { type: 'string' },
    username: { type: 'string' },
    password: { type: 'string' },
    concurrency: { type: 'string' },
    list: { type: 'string' },
    itemsKey: { type: 'string' },
    filter: { type: 'string' },
    from: { type: 'string' },
    days: { type: 'string' },
  },
});
const { transport, url: base = '', account = '', username = '', password = '' } = values;
const concurrency = Number(values.concurrency ?? '8');
const authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
// The connector's keep-alive agents allow two sockets beyond its concurrency; both references use the same.
const agentOptions = { keepAlive: true, maxSockets: concurrency + 2 };
const agents = { http: new HttpAgent(agentOptions), https: new HttpsAgent(agentOptions) };
if (transport !== 'got' && transport !== 'node-http') throw new Error('--transport must be got or node-http.');
const download = transport === 'got' ? await gotDownload(authorization, agents) : nodeHttpDownload(authorization, agents.http);

async function* items(path: string, key: string): AsyncGenerator<unknown[]> {
  for (let next: string | null | undefined = path; typeof next === 'string'; ) {
    const url = new URL(next, base);
    const page = await download(url);
    yield page[key] as unknown[];
    next = page.next_page_uri;
  }
}

async function write(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, 'drain');
}

// The connector lists the accounts in scope before it reads any stream.
for await (const page of items('/2010-04-01/Accounts.json?Status=active&PageSize=1000', 'accounts')) page.length = 0;

/** Reads every path the source gives, `concurrency` at once, writing each page's items as RECORD lines. */
async function readAll(paths: () => Promise<string | undefined>, itemsKey: string, stream: string): Promise<void> {
  const prefix = `{"type":"RECORD","record":{"stream":${JSON.stringify(stream)},"data":`;
  const worker = async (): Promise<void> => {
    for (let path = await paths(); path !== undefined; path = await paths()) {
      for await (const page of items(path, itemsKey)) {
        const emittedAt = Date.now();
        await write(page.map((item) => `${prefix}${JSON.stringify(item)},"emitted_at":${emittedAt}}}\n`).join(''));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

if (values.list !== undefined) {
  const { list, itemsKey = '', filter = '', from = '', days = '0' } = values;
  const first = Date.parse(`${from}T00:00:00Z`);
  let day = 0;
  const next = async () => {
    if (day >= Number(days)) return undefined;
    const date = new Date(first + day++ * 86_400_000).toISOString().slice(0, 10);
    return `/2010-04-01/Accounts/${account}/${list}?${filter}=${date}&PageSize=1000`;
  };
  await readAll(next, itemsKey, itemsKey);
} else {
  const conferencesPath = `/2010-04-01/Accounts/${account}/Conferences.json`;
  const live: string[] = [];
  for (const status of ['init', 'in-progress']) {
    for await (const page of items(`${conferencesPath}?Status=${status}&PageSize=1000`, 'conferences')) {
      for (const conference of page) live.push((conference as { sid: string }).sid);
    }
  }
  let nextConference = 0;
  const next = async () => {
    const sid = live[nextConference++];
    return sid === undefined ? undefined : `/2010-04-01/Accounts/${account}/Conferences/${sid}/Participants.json?PageSize=1000`;
  };
  await readAll(next, 'participants', 'conference_participants');
}
agents.http.destroy();
agents.https.destroy();
