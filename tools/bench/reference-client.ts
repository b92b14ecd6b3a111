/**
 * The references: the least work any connector must do. A reference makes the connector's requests (the account
 * listing, the `init` and `in-progress` conference lists, then every live conference's participants, as many at once
 * as the connector), follows `next_page_uri`, parses each page (with got as the connector does, or JSON.parse) and
 * writes each item to stdout as a RECORD line, and does nothing else: no validation, no date mapping. `--transport got`
 * downloads with got the way the connector does (the targets' reference); `--transport node-http` with bare
 * `node:http`. With `--write nothing` it writes nothing: with node:http, the download-and-parse floor that no
 * connector can go under, the throughput and messages scenarios' target. With `--from DAY --to DAY` it reads instead
 * the conferences of every listed account by `DateUpdated`, one request per account and day (and its further pages),
 * all accounts' days in one queue: the incremental scenario's requests at their best overlap.
 *   node reference-client.js --transport got|node-http --url URL --account AC… --username SK… --password … --concurrency N
 *     [--write records|nothing] [--list Messages.json --itemsKey messages --filter DateSent --from YYYY-MM-DD --to YYYY-MM-DD]
 * With `--list`, it reads that list of every account the credentials list, one UTC day at a time (`FILTER=DAY`, the
 * connector's day windows), instead of the participants.
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

const recordPrefix = (stream: string): string => `{"type":"RECORD","record":{"stream":"${stream}","data":`;
const DAY_MS = 86_400_000;

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
    write: { type: 'string' },
    url: { type: 'string' },
    account: { type: 'string' },
    username: { type: 'string' },
    password: { type: 'string' },
    concurrency: { type: 'string' },
    list: { type: 'string' },
    itemsKey: { type: 'string' },
    filter: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
  },
});
const { transport, url: base = '', account = '', username = '', password = '' } = values;
const concurrency = Number(values.concurrency ?? '8');
const authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
// The connector's keep-alive agents allow two sockets beyond its concurrency; both references use the same.
const agentOptions = { keepAlive: true, maxSockets: concurrency + 2 };
const agents = { http: new HttpAgent(agentOptions), https: new HttpsAgent(agentOptions) };
if (transport !== 'got' && transport !== 'node-http') throw new Error('--transport must be got or node-http.');
if (values.write !== undefined && values.write !== 'records' && values.write !== 'nothing') throw new Error('--write must be records or nothing.');
const writesRecords = values.write !== 'nothing';
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

/** The items parsed, said in one line at the end when none is written. */
let parsed = 0;

async function writeRecords(stream: string, page: unknown[]): Promise<void> {
  parsed += page.length;
  if (!writesRecords) return;
  const emittedAt = Date.now();
  const prefix = recordPrefix(stream);
  await write(page.map((item) => `${prefix}${JSON.stringify(item)},"emitted_at":${emittedAt}}}\n`).join(''));
}

/** Runs `concurrency` workers over the paths, each path with its further pages, writing every item as a record. */
async function readAll(paths: string[], key: string, stream: string): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      const path = paths[next++] ?? '';
      for await (const page of items(path, key)) await writeRecords(stream, page);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

// The connector lists the accounts in scope before it reads any stream.
const accountSids: string[] = [];
for await (const page of items('/2010-04-01/Accounts.json?Status=active&PageSize=1000', 'accounts')) {
  for (const listed of page) accountSids.push((listed as { sid: string }).sid);
}

if (values.list !== undefined) {
  const { list, itemsKey = '', filter = '', from = '', to = '' } = values;
  const days: string[] = [];
  for (let day = Date.parse(`${from}T00:00:00Z`); day <= Date.parse(`${to}T00:00:00Z`); day += DAY_MS) days.push(new Date(day).toISOString().slice(0, 10));
  const paths = accountSids.flatMap((sid) => days.map((day) => `/2010-04-01/Accounts/${sid}/${list}?${filter}=${day}&PageSize=1000`));
  await readAll(paths, itemsKey, itemsKey);
} else {
  const conferencesPath = `/2010-04-01/Accounts/${account}/Conferences`;
  const live: string[] = [];
  for (const status of ['init', 'in-progress']) {
    for await (const page of items(`${conferencesPath}.json?Status=${status}&PageSize=1000`, 'conferences')) {
      for (const conference of page) live.push((conference as { sid: string }).sid);
    }
  }
  await readAll(live.map((sid) => `${conferencesPath}/${sid}/Participants.json?PageSize=1000`), 'participants', 'conference_participants');
}
if (!writesRecords) await write(`${JSON.stringify({ records: parsed })}\n`);
agents.http.destroy();
agents.https.destroy();
