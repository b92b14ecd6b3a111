import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request as httpRequest } from 'node:http';
import { Dataset, type DatasetOptions, type ParticipantResource } from '../simulator/dataset.js';
import {
  DEFAULT_FIXTURE,
  IE1_API_KEY_SECRET,
  IE1_API_KEY_SID,
  MAIN_ACCOUNT_SID,
  MAIN_API_KEY_SECRET,
  MAIN_API_KEY_SID,
  MAIN_AUTH_TOKEN,
  MAIN_WEBHOOK_PASSWORD,
  SUBACCOUNT_AUTH_TOKEN,
  SUBACCOUNT_SID,
  SUSPENDED_SUBACCOUNT_AUTH_TOKEN,
  SUSPENDED_SUBACCOUNT_SID,
} from '../simulator/fixtures.js';
import { equalTo } from '../simulator/filters.js';
import { seededRows, seededSid, type Resource, type SeededRows } from '../simulator/resource.js';
import { RESOURCES } from '../simulator/resources/index.js';
import { TwilioSimulator } from '../simulator/server.js';
import { withSimulator } from './helpers/simulator.js';

interface Credentials {
  username: string;
  password: string;
}

interface Reply {
  status: number;
  headers: Headers;
  text: string;
}

type JsonObject = Record<string, unknown>;

const MAIN: Credentials = { username: MAIN_ACCOUNT_SID, password: MAIN_AUTH_TOKEN };
const ENVELOPE_KEYS = ['first_page_uri', 'next_page_uri', 'previous_page_uri', 'uri', 'page', 'page_size', 'end', 'start'];
const PARTICIPANT_KEYS = [
  'account_sid',
  'call_sid',
  'label',
  'conference_sid',
  'date_created',
  'date_updated',
  'end_conference_on_exit',
  'muted',
  'hold',
  'status',
  'start_conference_on_enter',
  'coaching',
  'call_sid_to_coach',
  'queue_time',
  'uri',
];
const CONFERENCE_KEYS = [
  'status',
  'region',
  'sid',
  'date_updated',
  'date_created',
  'subresource_uris',
  'friendly_name',
  'uri',
  'api_version',
  'account_sid',
  'reason_conference_ended',
  'call_sid_ending_conference',
];
/** The keys of the OAS example of `IncomingPhoneNumbers.json`, in its order. */
const INCOMING_PHONE_NUMBER_KEYS = [
  'account_sid', 'address_requirements', 'address_sid', 'api_version', 'beta', 'capabilities', 'date_created', 'date_updated',
  'emergency_status', 'emergency_address_sid', 'emergency_address_status', 'friendly_name', 'identity_sid', 'origin',
  'phone_number', 'sid', 'sms_application_sid', 'sms_fallback_method', 'sms_fallback_url', 'sms_method', 'sms_url',
  'status_callback', 'status_callback_method', 'trunk_sid', 'uri', 'voice_application_sid', 'voice_caller_id_lookup',
  'voice_fallback_method', 'voice_fallback_url', 'voice_method', 'voice_url', 'bundle_sid', 'voice_receive_mode', 'status',
  'type',
];
const CANONICAL_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/;
const AUTH_FAILURE_BODY = {
  code: 20003,
  detail: 'Your AccountSid or AuthToken was incorrect.',
  message: 'Authenticate',
  more_info: 'https://www.twilio.com/docs/errors/20003',
  status: 401,
};

function basic({ username, password }: Credentials): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/** `credentials: null` sends no Authorization header. */
async function get(simulator: TwilioSimulator, path: string, credentials: Credentials | null = MAIN): Promise<Reply> {
  const headers: Record<string, string> = credentials === null ? {} : { Authorization: basic(credentials) };
  const response = await fetch(simulator.url + path, { headers });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

async function getJson(simulator: TwilioSimulator, path: string, credentials: Credentials = MAIN): Promise<JsonObject> {
  const reply = await get(simulator, path, credentials);
  expect(reply.headers.get('content-type')).toBe('application/json');
  return JSON.parse(reply.text) as JsonObject;
}

/** Sends the path byte for byte (fetch would percent-encode `>`), as clients that build raw query strings do. */
function getRaw(simulator: TwilioSimulator, path: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(simulator.url);
    const options = { hostname, port, path, headers: { Authorization: basic(MAIN) } };
    const request = httpRequest(options, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          if (typeof value === 'string') headers.set(name, value);
        }
        resolve({ status: response.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    request.on('error', reject);
    request.end();
  });
}

function items(page: JsonObject, key: string): JsonObject[] {
  return page[key] as JsonObject[];
}

/** Follows next_page_uri verbatim from the first page until it is null, returning every page. */
async function allPages(simulator: TwilioSimulator, firstPath: string, credentials: Credentials = MAIN): Promise<JsonObject[]> {
  const pages: JsonObject[] = [];
  let path: string | null = firstPath;
  while (path !== null) {
    const page = await getJson(simulator, path, credentials);
    pages.push(page);
    path = page['next_page_uri'] as string | null;
  }
  return pages;
}

function conferencesPath(accountSid: string = MAIN_ACCOUNT_SID, query = ''): string {
  return `/2010-04-01/Accounts/${accountSid}/Conferences.json${query}`;
}

function participantsPath(conferenceSid: string, query = '', accountSid: string = MAIN_ACCOUNT_SID): string {
  return `/2010-04-01/Accounts/${accountSid}/Conferences/${conferenceSid}/Participants.json${query}`;
}

function datasetWith(overrides: Partial<DatasetOptions>): DatasetOptions {
  return { ...DEFAULT_FIXTURE, ...overrides };
}

function firstActiveSid(simulator: TwilioSimulator, accountSid: string = MAIN_ACCOUNT_SID): string {
  const [conference] = simulator.dataset.activeConferences(accountSid);
  if (conference === undefined) throw new Error('the fixture has no active conference');
  return conference.sid;
}

function firstCompletedSid(simulator: TwilioSimulator): string {
  const view = simulator.dataset.conferences(MAIN_ACCOUNT_SID);
  for (let index = 0; index < view.length; index++) {
    if (view.statusAt(index) === 'completed') return view.sidAt(index);
  }
  throw new Error('the fixture has no completed conference');
}

describe('dataset', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const first = new Dataset(DEFAULT_FIXTURE);
    const again = new Dataset(DEFAULT_FIXTURE);
    const other = new Dataset(datasetWith({ seed: 2 }));
    const sid = first.activeConferences(MAIN_ACCOUNT_SID)[0]?.sid ?? '';
    expect(again.conferences(MAIN_ACCOUNT_SID).at(0)).toEqual(first.conferences(MAIN_ACCOUNT_SID).at(0));
    expect(again.participants(MAIN_ACCOUNT_SID, sid).at(0)).toEqual(first.participants(MAIN_ACCOUNT_SID, sid).at(0));
    expect(other.conferences(MAIN_ACCOUNT_SID).sidAt(0)).not.toBe(first.conferences(MAIN_ACCOUNT_SID).sidAt(0));
  });

  it.each([
    [20, 0.3],
    [10_000, 0.02],
    [10_000, 0.1],
    [7, 1],
    [50, 0],
    [333, 0.5],
  ])('makes exactly round(%i * %f) conferences active, spread through the list, with both live statuses', (count, share) => {
    const dataset = new Dataset(datasetWith({ conferencesPerAccount: count, activeShare: share }));
    const view = dataset.conferences(MAIN_ACCOUNT_SID);
    const statuses = Array.from({ length: view.length }, (_, index) => view.statusAt(index));
    const active = statuses.filter((status) => status !== 'completed').length;
    expect(active).toBe(Math.round(count * share));
    expect(dataset.activeConferences(MAIN_ACCOUNT_SID)).toHaveLength(active);
    if (active >= 2) {
      expect(statuses).toContain('init');
      expect(statuses).toContain('in-progress');
    }
    if (active >= 2 && active < count) {
      const secondHalf = statuses.slice(Math.floor(count / 2));
      expect(secondHalf.some((status) => status !== 'completed')).toBe(true);
    }
  });

  it('sorts conferences and participants newest first with date_updated not before date_created', () => {
    const dataset = new Dataset(DEFAULT_FIXTURE);
    const view = dataset.conferences(MAIN_ACCOUNT_SID);
    for (let index = 0; index < view.length; index++) {
      const conference = view.at(index);
      expect(conference.date_created).toMatch(CANONICAL_DATE);
      expect(Date.parse(conference.date_updated)).toBeGreaterThanOrEqual(Date.parse(conference.date_created));
      if (index > 0) expect(view.dateCreatedAt(index)).toBeLessThan(view.dateCreatedAt(index - 1));
      const live = conference.status !== 'completed';
      expect(conference.reason_conference_ended === null).toBe(live);
    }
    for (const conference of dataset.activeConferences(MAIN_ACCOUNT_SID)) {
      const participants = dataset.participants(MAIN_ACCOUNT_SID, conference.sid);
      let previous = Infinity;
      for (let index = 0; index < participants.length; index++) {
        const participant = participants.at(index);
        const created = Date.parse(participant.date_created);
        expect(created).toBeLessThan(previous);
        expect(created).toBeGreaterThanOrEqual(Date.parse(conference.date_created));
        expect(Date.parse(participant.date_updated)).toBeGreaterThanOrEqual(created);
        previous = created;
      }
    }
  });

  it('varies participant fields, keeps their key order and sets call_sid_to_coach exactly when coaching', () => {
    const dataset = new Dataset(datasetWith({ conferencesPerAccount: 200, activeShare: 0.1, participantsPerActiveConference: 30 }));
    const participants: ParticipantResource[] = [];
    for (const conference of dataset.activeConferences(MAIN_ACCOUNT_SID)) {
      const view = dataset.participants(MAIN_ACCOUNT_SID, conference.sid);
      for (let index = 0; index < view.length; index++) participants.push(view.at(index));
    }
    expect(participants).toHaveLength(dataset.expectedParticipantCount([MAIN_ACCOUNT_SID]));
    for (const participant of participants) {
      expect(Object.keys(participant)).toEqual(PARTICIPANT_KEYS);
      expect(participant.call_sid).toMatch(/^CA[0-9a-f]{32}$/);
      expect(participant.call_sid_to_coach !== null).toBe(participant.coaching);
      expect(participant.queue_time).toBeNull();
      expect(participant.uri).toBe(
        `/2010-04-01/Accounts/${MAIN_ACCOUNT_SID}/Conferences/${participant.conference_sid}/Participants/${participant.call_sid}.json`,
      );
    }
    const statuses = new Set(participants.map((participant) => participant.status));
    expect(statuses.size).toBeGreaterThanOrEqual(4);
    const connected = participants.filter((participant) => participant.status === 'connected').length;
    expect(connected / participants.length).toBeGreaterThan(0.6);
    for (const flag of ['muted', 'hold', 'coaching', 'end_conference_on_exit', 'start_conference_on_enter'] as const) {
      expect(new Set(participants.map((participant) => participant[flag])).size).toBe(2);
    }
    expect(participants.some((participant) => participant.label === null)).toBe(true);
    expect(participants.some((participant) => participant.label !== null)).toBe(true);
    expect(new Set(participants.map((participant) => participant.call_sid)).size).toBe(participants.length);
  });

  it('serves a million participants lazily', () => {
    const dataset = new Dataset(datasetWith({ conferencesPerAccount: 10_000, activeShare: 0.1, participantsPerActiveConference: 1000 }));
    expect(dataset.expectedParticipantCount([MAIN_ACCOUNT_SID])).toBe(1_000_000);
    const active = dataset.activeConferences(MAIN_ACCOUNT_SID);
    const last = active[active.length - 1];
    expect(last).toBeDefined();
    const participants = dataset.participants(MAIN_ACCOUNT_SID, last?.sid ?? '');
    expect(participants.length).toBe(1000);
    expect(participants.at(999).conference_sid).toBe(last?.sid);
  });

  it('renders non-canonical dates for the same instants and unparsable dates when asked', () => {
    const options = datasetWith({ conferencesPerAccount: 400, activeShare: 0.5, nonCanonicalDates: true, unparsableDateEvery: 7 });
    const noisy = new Dataset(options);
    const clean = new Dataset({ ...options, nonCanonicalDates: false });
    const view = noisy.conferences(MAIN_ACCOUNT_SID);
    const dates = Array.from({ length: view.length }, (_, index) => view.at(index).date_created);
    expect(dates.some((date) => date.endsWith('-0500'))).toBe(true);
    expect(dates.some((date) => date.endsWith('+0530'))).toBe(true);
    expect(dates.some((date) => /^\w{3}, \d \w{3} /.test(date))).toBe(true);
    for (let index = 0; index < view.length; index++) {
      expect(Date.parse(view.at(index).date_created)).toBe(Date.parse(clean.conferences(MAIN_ACCOUNT_SID).at(index).date_created));
    }
    const conference = noisy.activeConferences(MAIN_ACCOUNT_SID)[0];
    const participants = noisy.participants(MAIN_ACCOUNT_SID, conference?.sid ?? '');
    const unparsable = Array.from({ length: participants.length }, (_, index) => participants.at(index).date_updated).filter(
      (date) => date === 'not a date',
    );
    expect(unparsable).toHaveLength(Math.floor(participants.length / 7));
  });
});

describe('TwilioSimulator: reads', () => {
  let simulator: TwilioSimulator;

  beforeAll(async () => {
    simulator = await TwilioSimulator.start();
  });

  afterAll(async () => {
    await simulator.close();
  });

  it('serves the account with its auth token and conferences URI', async () => {
    const account = await getJson(simulator, `/2010-04-01/Accounts/${MAIN_ACCOUNT_SID}.json`);
    expect(account).toMatchObject({
      sid: MAIN_ACCOUNT_SID,
      auth_token: MAIN_AUTH_TOKEN,
      owner_account_sid: MAIN_ACCOUNT_SID,
      status: 'active',
      uri: `/2010-04-01/Accounts/${MAIN_ACCOUNT_SID}.json`,
      subresource_uris: { conferences: `/2010-04-01/Accounts/${MAIN_ACCOUNT_SID}/Conferences.json` },
    });
  });

  it('lists each account with the fields of the OAS example, its own auth token and the 20 subresource URIs', async () => {
    const page = await getJson(simulator, '/2010-04-01/Accounts.json');
    const listed = items(page, 'accounts');
    expect(listed.map((account) => Object.keys(account))).toEqual(
      Array(3).fill(['auth_token', 'date_created', 'date_updated', 'friendly_name', 'owner_account_sid', 'sid', 'status', 'subresource_uris', 'type', 'uri']),
    );
    expect(listed.map((account) => [account['sid'], account['auth_token']])).toEqual(
      expect.arrayContaining(DEFAULT_FIXTURE.accounts.map((account) => [account.sid, account.authToken])),
    );
    const uris = listed.find((account) => account['sid'] === SUBACCOUNT_SID)?.['subresource_uris'] as JsonObject;
    expect(Object.keys(uris)).toHaveLength(20);
    expect(uris).toMatchObject({
      incoming_phone_numbers: `/2010-04-01/Accounts/${SUBACCOUNT_SID}/IncomingPhoneNumbers.json`,
      short_codes: `/2010-04-01/Accounts/${SUBACCOUNT_SID}/SMS/ShortCodes.json`,
    });
  });

  it("lists an account's phone numbers with the OAS example's keys, the first with credentials in its status callback", async () => {
    const numbers = items(await getJson(simulator, `/2010-04-01/Accounts/${MAIN_ACCOUNT_SID}/IncomingPhoneNumbers.json`), 'incoming_phone_numbers');
    expect(numbers).toHaveLength(3);
    expect(Object.keys(numbers[0] ?? {})).toEqual(INCOMING_PHONE_NUMBER_KEYS);
    expect(numbers.map((number) => number['status_callback'])).toEqual([
      `https://twilio:${MAIN_WEBHOOK_PASSWORD}@hooks.example.com/twilio/status?number=0`,
      '',
      '',
    ]);
    expect(numbers.map((number) => number['date_created'])).toEqual([...numbers.map((number) => number['date_created'])].sort(
      (left, right) => Date.parse(String(right)) - Date.parse(String(left)),
    ));
  });

  it('answers a list page with the items and exactly the eight paging keys', async () => {
    const page = await getJson(simulator, conferencesPath());
    expect(Object.keys(page)).toEqual(['conferences', ...ENVELOPE_KEYS]);
    const base = conferencesPath(MAIN_ACCOUNT_SID, '?PageSize=50&Page=0');
    expect(page).toMatchObject({ first_page_uri: base, uri: base, next_page_uri: null, previous_page_uri: null });
    expect(page).toMatchObject({ page: 0, page_size: 50, start: 0, end: 19 });
    expect(Object.keys(items(page, 'conferences')[0] ?? {})).toEqual(CONFERENCE_KEYS);
  });

  it('pages via next_page_uri without repeats, with a null next_page_uri after a full last page', async () => {
    const pages = await allPages(simulator, conferencesPath(MAIN_ACCOUNT_SID, '?PageSize=5'));
    expect(pages).toHaveLength(4);
    const sids = pages.flatMap((page) => items(page, 'conferences').map((conference) => conference['sid']));
    const view = simulator.dataset.conferences(MAIN_ACCOUNT_SID);
    expect(sids).toEqual(Array.from({ length: view.length }, (_, index) => view.sidAt(index)));
    pages.forEach((page, index) => {
      expect(page).toMatchObject({ page: index, page_size: 5, start: index * 5, end: index * 5 + 4 });
      if (index > 0) {
        expect(page['uri']).toMatch(new RegExp(`PageSize=5&Page=${index}&PageToken=PA`));
        expect(page['previous_page_uri']).toMatch(new RegExp(`PageSize=5&Page=${index - 1}&PageToken=PB`));
      }
    });
    const previous = await getJson(simulator, pages[2]?.['previous_page_uri'] as string);
    expect(items(previous, 'conferences')).toEqual(items(pages[1] ?? {}, 'conferences'));
  });

  it('pages an uneven list and reports the item count in end', async () => {
    const pages = await allPages(simulator, conferencesPath(MAIN_ACCOUNT_SID, '?PageSize=7'));
    expect(pages.map((page) => items(page, 'conferences').length)).toEqual([7, 7, 6]);
    expect(pages[2]).toMatchObject({ start: 14, end: 19, next_page_uri: null });
  });

  it('answers an empty page with start 0 and end 0', async () => {
    const page = await getJson(simulator, conferencesPath(MAIN_ACCOUNT_SID, '?DateCreated%3E=2030-01-01'));
    expect(page).toMatchObject({ conferences: [], start: 0, end: 0, next_page_uri: null, previous_page_uri: null });
  });

  it('lists every participant of every active conference, as the dataset computes them', async () => {
    let total = 0;
    for (const conference of simulator.dataset.activeConferences(MAIN_ACCOUNT_SID)) {
      const pages = await allPages(simulator, participantsPath(conference.sid, '?PageSize=2'));
      const participants = pages.flatMap((page) => items(page, 'participants'));
      const view = simulator.dataset.participants(MAIN_ACCOUNT_SID, conference.sid);
      expect(participants).toEqual(Array.from({ length: view.length }, (_, index) => view.at(index)));
      for (const participant of participants) expect(Object.keys(participant)).toEqual(PARTICIPANT_KEYS);
      total += participants.length;
    }
    expect(total).toBe(simulator.dataset.expectedParticipantCount([MAIN_ACCOUNT_SID]));
    expect(total).toBe(18);
  });

  it('filters conferences by status', async () => {
    const view = simulator.dataset.conferences(MAIN_ACCOUNT_SID);
    for (const status of ['init', 'in-progress', 'completed'] as const) {
      const page = await getJson(simulator, conferencesPath(MAIN_ACCOUNT_SID, `?Status=${status}`));
      const expected = Array.from({ length: view.length }, (_, index) => index).filter((index) => view.statusAt(index) === status);
      expect(items(page, 'conferences').map((conference) => conference['sid'])).toEqual(expected.map((index) => view.sidAt(index)));
      expect(page['first_page_uri']).toBe(conferencesPath(MAIN_ACCOUNT_SID, `?Status=${status}&PageSize=50&Page=0`));
    }
    expect(
      (await get(simulator, conferencesPath(MAIN_ACCOUNT_SID, '?Status=ended'))).status,
    ).toBe(400);
  });

  it('filters conferences by friendly name', async () => {
    const name = simulator.dataset.conferences(MAIN_ACCOUNT_SID).friendlyNameAt(3);
    const page = await getJson(simulator, conferencesPath(MAIN_ACCOUNT_SID, `?FriendlyName=${encodeURIComponent(name)}`));
    const found = items(page, 'conferences');
    expect(found.length).toBeGreaterThanOrEqual(1);
    for (const conference of found) expect(conference['friendly_name']).toBe(name);
  });

  it('answers 400/20007 for PageSize over 1000 and 400/20001 for Page>0 without PageToken', async () => {
    const tooLarge = await get(simulator, conferencesPath(MAIN_ACCOUNT_SID, '?PageSize=1001'));
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(tooLarge.text)).toMatchObject({ code: 20007, status: 400, more_info: 'https://www.twilio.com/docs/errors/20007' });
    const noToken = await get(simulator, conferencesPath(MAIN_ACCOUNT_SID, '?PageSize=5&Page=1'));
    expect(noToken.status).toBe(400);
    expect(JSON.parse(noToken.text)).toEqual({
      code: 20001,
      message: 'PageToken is required for paging.',
      more_info: 'https://www.twilio.com/docs/errors/20001',
      status: 400,
    });
    expect((await get(simulator, participantsPath(firstActiveSid(simulator), '?PageSize=1000'))).status).toBe(200);
    expect((await get(simulator, participantsPath(firstActiveSid(simulator), '?PageSize=5000'))).status).toBe(400);
  });

  it('answers 404/20404 for an unknown conference and 405/20004 for a malformed SID', async () => {
    const unknown = `CF${'0'.repeat(32)}`;
    const path = participantsPath(unknown);
    const notFound = await get(simulator, path);
    expect(notFound.status).toBe(404);
    expect(JSON.parse(notFound.text)).toMatchObject({ code: 20404, message: `The requested resource ${path} was not found` });
    expect((await get(simulator, `/2010-04-01/Accounts/${MAIN_ACCOUNT_SID}/Conferences/${unknown}.json`)).status).toBe(404);
    const malformed = await get(simulator, participantsPath('CA0123'));
    expect(malformed.status).toBe(405);
    expect(JSON.parse(malformed.text)).toMatchObject({ code: 20004 });
  });

  it('answers participants of a completed conference with an empty list', async () => {
    const sid = firstCompletedSid(simulator);
    const page = await getJson(simulator, participantsPath(sid));
    expect(page).toMatchObject({ participants: [], start: 0, end: 0, next_page_uri: null });
  });

  it('fetches one conference', async () => {
    const sid = firstActiveSid(simulator);
    const conference = await getJson(simulator, `/2010-04-01/Accounts/${MAIN_ACCOUNT_SID}/Conferences/${sid}.json`);
    expect(conference).toEqual(simulator.dataset.activeConferences(MAIN_ACCOUNT_SID)[0]);
  });

  it('answers paths without .json with 404', async () => {
    const reply = await get(simulator, `/2010-04-01/Accounts/${MAIN_ACCOUNT_SID}/Conferences`);
    expect(reply.status).toBe(404);
  });

  it('sends Twilio request headers', async () => {
    const reply = await get(simulator, conferencesPath());
    expect(reply.headers.get('twilio-request-id')).toMatch(/^RQ[0-9a-f]{32}$/);
    expect(reply.headers.get('twilio-concurrent-requests')).toBe('1');
  });
});

describe('TwilioSimulator: date filters', () => {
  const options = datasetWith({ conferencesPerAccount: 1200, activeShare: 0.05 });
  let simulator: TwilioSimulator;

  beforeAll(async () => {
    simulator = await TwilioSimulator.start({ dataset: options });
  });

  afterAll(async () => {
    await simulator.close();
  });

  function sidsWhere(predicate: (createdDay: string, updatedDay: string) => boolean): string[] {
    const view = simulator.dataset.conferences(MAIN_ACCOUNT_SID);
    const day = (epochSeconds: number): string => new Date(epochSeconds * 1000).toISOString().slice(0, 10);
    const sids: string[] = [];
    for (let index = 0; index < view.length; index++) {
      if (predicate(day(view.dateCreatedAt(index)), day(view.dateUpdatedAt(index)))) sids.push(view.sidAt(index));
    }
    return sids;
  }

  async function listedSids(query: string): Promise<string[]> {
    const pages = await allPages(simulator, conferencesPath(MAIN_ACCOUNT_SID, query));
    return pages.flatMap((page) => items(page, 'conferences').map((conference) => conference['sid'] as string));
  }

  it('spans several days', () => {
    expect(sidsWhere((created) => created === '2025-06-01').length).toBeGreaterThan(100);
    expect(sidsWhere((created) => created === '2025-06-03').length).toBeGreaterThan(100);
    expect(sidsWhere((created) => created === '2025-06-05').length).toBeGreaterThan(0);
  });

  it('accepts the encoded operator form and echoes it in paging URIs', async () => {
    const expected = sidsWhere((created) => created >= '2025-06-03');
    expect(await listedSids('?DateCreated%3E=2025-06-03&PageSize=100')).toEqual(expected);
    const page = await getJson(simulator, conferencesPath(MAIN_ACCOUNT_SID, '?DateCreated%3E=2025-06-03&PageSize=100'));
    expect(page['next_page_uri']).toMatch(/\?DateCreated%3E=2025-06-03&PageSize=100&Page=1&PageToken=PA/);
  });

  it('accepts the raw operator form with the same result', async () => {
    const raw = await getRaw(simulator, conferencesPath(MAIN_ACCOUNT_SID, '?DateCreated>=2025-06-03&DateCreated<=2025-06-03&PageSize=1000'));
    expect(raw.status).toBe(200);
    const sids = items(JSON.parse(raw.text) as JsonObject, 'conferences').map((conference) => conference['sid']);
    expect(sids).toEqual(sidsWhere((created) => created === '2025-06-03'));
    expect(await listedSids('?DateCreated=2025-06-03&PageSize=1000')).toEqual(sids);
  });

  it('filters on date_updated with inclusive days', async () => {
    expect(await listedSids('?DateUpdated%3C=2025-06-02&PageSize=1000')).toEqual(sidsWhere((_, updated) => updated <= '2025-06-02'));
  });

  it('rejects date-time values with 400', async () => {
    for (const value of ['2025-06-03T00:00:00Z', '2025-06-03 10:00', 'yesterday', '2025-02-30']) {
      const reply = await get(simulator, conferencesPath(MAIN_ACCOUNT_SID, `?DateCreated%3E=${encodeURIComponent(value)}`));
      expect(reply.status).toBe(400);
      expect(JSON.parse(reply.text)).toMatchObject({ status: 400 });
    }
  });
});

describe('TwilioSimulator: authentication', () => {
  let simulator: TwilioSimulator;

  beforeAll(async () => {
    simulator = await TwilioSimulator.start();
  });

  afterAll(async () => {
    await simulator.close();
  });

  const mainAccountPath = `/2010-04-01/Accounts/${MAIN_ACCOUNT_SID}.json`;

  it.each<[string, Credentials | null, string]>([
    ['no credentials', null, mainAccountPath],
    ['a wrong auth token', { username: MAIN_ACCOUNT_SID, password: '0'.repeat(32) }, mainAccountPath],
    ['an unknown account', { username: `AC${'9'.repeat(32)}`, password: MAIN_AUTH_TOKEN }, mainAccountPath],
    ['subaccount credentials on the main account', { username: SUBACCOUNT_SID, password: SUBACCOUNT_AUTH_TOKEN }, mainAccountPath],
    ['a key issued in another region', { username: IE1_API_KEY_SID, password: IE1_API_KEY_SECRET }, mainAccountPath],
    ['a main-account key on a subaccount', { username: MAIN_API_KEY_SID, password: MAIN_API_KEY_SECRET }, conferencesPath(SUBACCOUNT_SID)],
  ])('rejects %s with 401/20003', async (_, credentials, path) => {
    const reply = await get(simulator, path, credentials);
    expect(reply.status).toBe(401);
    expect(reply.headers.get('www-authenticate')).toBe('Basic realm="Twilio API"');
    expect(reply.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(reply.text)).toEqual(AUTH_FAILURE_BODY);
  });

  it('rejects a suspended account with a detail saying so', async () => {
    const credentials = { username: SUSPENDED_SUBACCOUNT_SID, password: SUSPENDED_SUBACCOUNT_AUTH_TOKEN };
    const reply = await get(simulator, conferencesPath(SUSPENDED_SUBACCOUNT_SID), credentials);
    expect(reply.status).toBe(401);
    const body = JSON.parse(reply.text) as JsonObject;
    expect(body).toMatchObject({ code: 20003, message: 'Authenticate', status: 401 });
    expect(body['detail']).toMatch(/suspended/);
    expect((await get(simulator, conferencesPath(SUSPENDED_SUBACCOUNT_SID))).status).toBe(401);
  });

  it('accepts a us1 API key on its own account', async () => {
    const reply = await get(simulator, conferencesPath(), { username: MAIN_API_KEY_SID, password: MAIN_API_KEY_SECRET });
    expect(reply.status).toBe(200);
  });

  it("lets the main auth token read a subaccount's resources", async () => {
    const page = await getJson(simulator, conferencesPath(SUBACCOUNT_SID));
    expect(items(page, 'conferences')).toHaveLength(20);
    const sub = { username: SUBACCOUNT_SID, password: SUBACCOUNT_AUTH_TOKEN };
    expect((await get(simulator, conferencesPath(SUBACCOUNT_SID), sub)).status).toBe(200);
  });

  it('lists the main account and its subaccounts, with a Status filter', async () => {
    const all = await getJson(simulator, '/2010-04-01/Accounts.json');
    expect(Object.keys(all)).toEqual(['accounts', ...ENVELOPE_KEYS]);
    expect(items(all, 'accounts').map((account) => account['sid']).sort()).toEqual(
      [MAIN_ACCOUNT_SID, SUBACCOUNT_SID, SUSPENDED_SUBACCOUNT_SID].sort(),
    );
    const active = await getJson(simulator, '/2010-04-01/Accounts.json?Status=active&PageSize=1');
    const pages = await allPages(simulator, '/2010-04-01/Accounts.json?Status=active&PageSize=1');
    expect(active['next_page_uri']).toMatch(/^\/2010-04-01\/Accounts\.json\?Status=active&PageSize=1&Page=1&PageToken=/);
    expect(pages.flatMap((page) => items(page, 'accounts').map((account) => account['sid'])).sort()).toEqual(
      [MAIN_ACCOUNT_SID, SUBACCOUNT_SID].sort(),
    );
    const own = await getJson(simulator, '/2010-04-01/Accounts.json', { username: SUBACCOUNT_SID, password: SUBACCOUNT_AUTH_TOKEN });
    expect(items(own, 'accounts').map((account) => account['sid'])).toEqual([SUBACCOUNT_SID]);
  });

  it('accepts only keys issued in its own region', async () => {
    await withSimulator({ region: 'ie1' }, async (ie1) => {
      expect((await get(ie1, conferencesPath(), { username: IE1_API_KEY_SID, password: IE1_API_KEY_SECRET })).status).toBe(200);
      expect((await get(ie1, conferencesPath(), { username: MAIN_API_KEY_SID, password: MAIN_API_KEY_SECRET })).status).toBe(401);
    });
  });
});

describe('TwilioSimulator: completed conferences', () => {
  it('empties participants of a conference completed at run time and keeps paging stable', async () => {
    const options = datasetWith({ conferencesPerAccount: 60, activeShare: 0.5 });
    await withSimulator({ dataset: options }, async (simulator) => {
      const live = simulator.dataset.activeConferences(MAIN_ACCOUNT_SID).map((conference) => conference.sid);
      const first = await getJson(simulator, conferencesPath(MAIN_ACCOUNT_SID, '?PageSize=4'));
      const onFirstPage = items(first, 'conferences').map((conference) => conference['sid'] as string);
      const victim = live.find((sid) => !onFirstPage.includes(sid));
      if (victim === undefined) throw new Error('expected a live conference beyond the first page');
      simulator.completeConference(MAIN_ACCOUNT_SID, victim);

      const rest = await allPages(simulator, first['next_page_uri'] as string);
      const listed = [...onFirstPage, ...rest.flatMap((page) => items(page, 'conferences').map((conference) => conference['sid']))];
      const view = simulator.dataset.conferences(MAIN_ACCOUNT_SID);
      expect(listed).toEqual(Array.from({ length: view.length }, (_, index) => view.sidAt(index)));
      const completed = await getJson(simulator, `/2010-04-01/Accounts/${MAIN_ACCOUNT_SID}/Conferences/${victim}.json`);
      expect(completed).toMatchObject({ status: 'completed', reason_conference_ended: 'conference-ended-via-api' });
      expect(await getJson(simulator, participantsPath(victim))).toMatchObject({ participants: [], end: 0 });
      expect(simulator.dataset.expectedParticipantCount([MAIN_ACCOUNT_SID])).toBe((live.length - 1) * 3);
    });
  });

  it('does not skip live conferences when one completes while paging a Status filter', async () => {
    const options = datasetWith({ conferencesPerAccount: 60, activeShare: 0.5 });
    await withSimulator({ dataset: options }, async (simulator) => {
      const inProgress = simulator.dataset
        .activeConferences(MAIN_ACCOUNT_SID)
        .filter((conference) => conference.status === 'in-progress')
        .map((conference) => conference.sid);
      const first = await getJson(simulator, conferencesPath(MAIN_ACCOUNT_SID, '?Status=in-progress&PageSize=3'));
      const firstSids = items(first, 'conferences').map((conference) => conference['sid'] as string);
      expect(firstSids).toEqual(inProgress.slice(0, 3));
      // An offset-based server would now skip the conference that moves up into the first page's range.
      simulator.completeConference(MAIN_ACCOUNT_SID, inProgress[0] ?? '');
      const rest = await allPages(simulator, first['next_page_uri'] as string);
      const restSids = rest.flatMap((page) => items(page, 'conferences').map((conference) => conference['sid']));
      expect(restSids).toEqual(inProgress.slice(3));
    });
  });

  it('answers 404/20404 for participants of a completed conference when configured so', async () => {
    await withSimulator({ vanishedConferenceAnswer: 'not-found' }, async (simulator) => {
      const reply = await get(simulator, participantsPath(firstCompletedSid(simulator)));
      expect(reply.status).toBe(404);
      expect(JSON.parse(reply.text)).toMatchObject({ code: 20404, status: 404 });
    });
  });
});

describe('TwilioSimulator: faults', () => {
  let simulator: TwilioSimulator;

  beforeAll(async () => {
    simulator = await TwilioSimulator.start();
  });

  afterAll(async () => {
    await simulator.close();
  });

  function reset(): void {
    simulator.faults.clear();
    simulator.resetStats();
  }

  it('answers a status fault with Retry-After and a Twilio error body, only for the first attempts of a URL', async () => {
    reset();
    simulator.faults.add({ fault: { type: 'status', status: 429, retryAfter: 2 }, kind: 'participants', attempts: 2 });
    const path = participantsPath(firstActiveSid(simulator));
    const first = await get(simulator, path);
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('2');
    expect(JSON.parse(first.text)).toMatchObject({ code: 20429, message: 'Too Many Requests', status: 429 });
    expect((await get(simulator, path)).status).toBe(429);
    expect((await get(simulator, path)).status).toBe(200);
    expect((await get(simulator, conferencesPath())).status).toBe(200);
    const log = simulator.stats().log;
    expect(log.map((entry) => entry.fault)).toEqual(['status', 'status', undefined, undefined]);
    expect(log.map((entry) => entry.status)).toEqual([429, 429, 200, 200]);
  });

  it('stops after the given number of hits and honours pathIncludes and code', async () => {
    reset();
    simulator.faults.add({ fault: { type: 'status', status: 503, code: 20503 }, pathIncludes: 'Status=init', times: 1 });
    const reply = await get(simulator, conferencesPath(MAIN_ACCOUNT_SID, '?Status=init'));
    expect(reply.status).toBe(503);
    expect(JSON.parse(reply.text)).toMatchObject({ code: 20503, status: 503 });
    expect((await get(simulator, conferencesPath(MAIN_ACCOUNT_SID, '?Status=init'))).status).toBe(200);
  });

  it('hits a deterministic share of distinct URLs', async () => {
    reset();
    simulator.faults.add({ fault: { type: 'status', status: 500 }, share: 0.5, seed: 7 });
    const paths = Array.from({ length: 40 }, (_, index) => conferencesPath(MAIN_ACCOUNT_SID, `?PageSize=${index + 1}`));
    const first = await Promise.all(paths.map(async (path) => (await get(simulator, path)).status));
    const again = await Promise.all(paths.map(async (path) => (await get(simulator, path)).status));
    expect(again).toEqual(first);
    const failed = first.filter((status) => status === 500).length;
    expect(failed).toBeGreaterThan(8);
    expect(failed).toBeLessThan(32);
  });

  it('resets the connection before any byte', async () => {
    reset();
    simulator.faults.add({ fault: { type: 'reset-before-body' }, times: 1 });
    await expect(get(simulator, conferencesPath())).rejects.toThrow();
    expect(simulator.stats().log[0]).toMatchObject({ fault: 'reset-before-body', status: 0 });
    const next = await get(simulator, conferencesPath());
    expect(next.headers.get('twilio-concurrent-requests')).toBe('1');
  });

  it('resets the connection in the middle of the body', async () => {
    reset();
    simulator.faults.add({ fault: { type: 'reset-during-body' }, times: 1 });
    const response = await fetch(simulator.url + conferencesPath(), { headers: { Authorization: basic(MAIN) } });
    expect(response.status).toBe(200);
    expect(Number(response.headers.get('content-length'))).toBeGreaterThan(1000);
    await expect(response.text()).rejects.toThrow();
  });

  it('truncates the body and closes the connection cleanly', async () => {
    reset();
    simulator.faults.add({ fault: { type: 'truncated-body' }, times: 1 });
    const reply = await get(simulator, conferencesPath());
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-length')).toBeNull();
    expect(reply.text.startsWith('{"conferences":[')).toBe(true);
    expect(() => JSON.parse(reply.text) as unknown).toThrow();
  });

  it('answers HTML or a body that is not JSON', async () => {
    reset();
    simulator.faults.add({ fault: { type: 'html' }, times: 1 });
    simulator.faults.add({ fault: { type: 'not-json' }, times: 1 });
    const html = await get(simulator, conferencesPath());
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    const notJson = await get(simulator, conferencesPath());
    expect(notJson.status).toBe(200);
    expect(notJson.headers.get('content-type')).toBe('application/json');
    expect(() => JSON.parse(notJson.text) as unknown).toThrow();
  });

  it('answers participants as if the conference had just completed', async () => {
    reset();
    simulator.faults.add({ fault: { type: 'vanished' }, times: 1 });
    expect((await get(simulator, conferencesPath())).status).toBe(200);
    const sid = firstActiveSid(simulator);
    expect(await getJson(simulator, participantsPath(sid))).toMatchObject({ participants: [], end: 0 });
    expect(items(await getJson(simulator, participantsPath(sid)), 'participants')).toHaveLength(3);
    expect(simulator.stats().log.map((entry) => entry.fault)).toEqual([undefined, 'vanished', undefined]);
  });

  it('hangs until close()', async () => {
    await withSimulator({}, async (hanging) => {
      hanging.faults.add({ fault: { type: 'hang' } });
      const pending = get(hanging, conferencesPath());
      const outcome = pending.then(
        () => 'answered',
        () => 'failed',
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(hanging.stats().log).toEqual([expect.objectContaining({ fault: 'hang', status: 0 })]);
      await hanging.close();
      expect(await outcome).toBe('failed');
    });
  });
});

describe('TwilioSimulator: counters and limits', () => {
  it('counts requests by kind, logs participants requests with their conference, and resets', async () => {
    await withSimulator({}, async (simulator) => {
      const sid = firstActiveSid(simulator);
      await get(simulator, `/2010-04-01/Accounts/${MAIN_ACCOUNT_SID}.json`);
      await get(simulator, conferencesPath());
      await get(simulator, participantsPath(sid));
      await get(simulator, '/nowhere');
      const stats = simulator.stats();
      expect(stats.requests).toBe(4);
      expect(stats.byKind).toMatchObject({ account: 1, accounts: 0, conferences: 1, conference: 0, participants: 1, other: 1, calls: 0, messages: 0 });
      expect(Object.values(stats.byKind).reduce((sum, count) => sum + count, 0)).toBe(4);
      expect(stats.log[2]).toEqual({
        kind: 'participants',
        path: participantsPath(sid),
        status: 200,
        accountSid: MAIN_ACCOUNT_SID,
        conferenceSid: sid,
      });
      const overHttp = (await (await fetch(`${simulator.url}/__simulator/stats`)).json()) as JsonObject;
      expect(overHttp['requests']).toBe(4);
      expect((await fetch(`${simulator.url}/__simulator/reset-stats`, { method: 'POST' })).status).toBe(204);
      expect(simulator.stats()).toMatchObject({ requests: 0, log: [] });
    });
  });

  it('records the path exactly as received', async () => {
    await withSimulator({}, async (simulator) => {
      await getRaw(simulator, conferencesPath(MAIN_ACCOUNT_SID, '?DateCreated>=2025-06-01'));
      expect(simulator.stats().log[0]?.path).toBe(conferencesPath(MAIN_ACCOUNT_SID, '?DateCreated>=2025-06-01'));
    });
  });

  it('tracks the most requests in flight and adds latency', async () => {
    await withSimulator({ latencyMs: 150 }, async (simulator) => {
      const started = Date.now();
      const replies = await Promise.all(Array.from({ length: 5 }, () => get(simulator, conferencesPath())));
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
      expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200, 200, 200]);
      expect(simulator.stats().maxInFlight).toBe(5);
    });
  });

  it('answers 429/20429 to requests beyond the concurrency limit', async () => {
    await withSimulator({ latencyMs: 150, maxConcurrentRequests: 2 }, async (simulator) => {
      const replies = await Promise.all(Array.from({ length: 5 }, () => get(simulator, conferencesPath())));
      const statuses = replies.map((reply) => reply.status).sort();
      expect(statuses).toEqual([200, 200, 429, 429, 429]);
      const rejected = replies.find((reply) => reply.status === 429);
      expect(JSON.parse(rejected?.text ?? '{}')).toMatchObject({ code: 20429, status: 429 });
      expect((await get(simulator, conferencesPath())).status).toBe(200);
    });
  });
});

interface ServiceRow {
  sid: string;
  account_sid: string;
  friendly_name: string;
}

interface RoleRow {
  sid: string;
  service_sid: string;
  type: 'conversation' | 'service';
}

/** Conversations services of the caller's account; the first has no roles, the others seven each. */
const services: Resource<SeededRows<ServiceRow>> = {
  product: 'conversations',
  kind: 'services',
  path: '/v1/Services',
  itemsKey: 'services',
  paging: 'v1',
  maxPageSize: 100,
  instance: { kind: 'service', placeholder: 'ServiceSid', sidPattern: /^IS[0-9a-f]{32}$/, malformed: 'not-found', unknown: 'not-found' },
  rows: (scope) =>
    seededRows(scope, 'services', 3, (key, index) => ({
      sid: seededSid('IS', key, index),
      account_sid: scope.parent.list.sidAt(scope.parent.index),
      friendly_name: `service-${index}`,
    })),
  filters: [],
};

const roles: Resource<SeededRows<RoleRow>, SeededRows<ServiceRow>> = {
  product: 'conversations',
  kind: 'roles',
  path: '/v1/Services/{ServiceSid}/Roles',
  itemsKey: 'roles',
  paging: 'v1',
  maxPageSize: 50,
  parent: services,
  rows: (scope) => {
    const serviceSid = scope.parent.list.sidAt(scope.parent.index);
    return seededRows(scope, 'roles', scope.parent.index === 0 ? 0 : 7, (key, index) => ({
      sid: seededSid('RL', key, index),
      service_sid: serviceSid,
      type: index % 3 === 0 ? 'service' : 'conversation',
    }));
  },
  filters: [equalTo('Type', (list, index) => list.at(index).type, ['conversation', 'service'])],
};

describe('TwilioSimulator: a declared v1 resource with a parent', () => {
  let simulator: TwilioSimulator;
  const serviceSids: string[] = [];

  beforeAll(async () => {
    // The 2010 resources and this example, without the bundled Conversations resources that serve the same paths.
    simulator = await TwilioSimulator.start({ resources: [...RESOURCES.filter((resource) => resource.paging === '2010'), services, roles] });
    const page = await getJson(simulator, '/conversations/v1/Services');
    serviceSids.push(...items(page, 'services').map((service) => String(service['sid'])));
  });
  afterAll(() => simulator.close());

  const rolesPath = (serviceIndex: number, query = ''): string => `/conversations/v1/Services/${serviceSids[serviceIndex]}/Roles${query}`;

  it('lists the parent rows of the caller\'s account in the v1 envelope, and fetches one', async () => {
    const page = await getJson(simulator, '/conversations/v1/Services');
    expect(items(page, 'services')).toHaveLength(3);
    expect(items(page, 'services')[1]).toMatchObject({ account_sid: MAIN_ACCOUNT_SID, friendly_name: 'service-1' });
    expect(page['meta']).toEqual({
      page: 0,
      page_size: 50,
      first_page_url: `${simulator.url}/conversations/v1/Services?PageSize=50&Page=0`,
      previous_page_url: null,
      url: `${simulator.url}/conversations/v1/Services?PageSize=50&Page=0`,
      next_page_url: null,
      key: 'services',
    });
    expect(await getJson(simulator, `/conversations/v1/Services/${serviceSids[2]}`)).toEqual(items(page, 'services')[2]);
  });

  it('pages the children of one parent row by following the absolute next_page_url', async () => {
    const pages: JsonObject[] = [];
    const nextUrls: string[] = [];
    let path: string | null = rolesPath(1, '?Type=conversation&PageSize=2');
    while (path !== null) {
      const page = await getJson(simulator, path);
      pages.push(page);
      const next = (page['meta'] as JsonObject)['next_page_url'] as string | null;
      if (next !== null) nextUrls.push(next);
      path = next === null ? null : next.slice(simulator.url.length);
    }
    expect(nextUrls).toEqual([expect.stringMatching(new RegExp(`^${simulator.url}${rolesPath(1)}\\?Type=conversation&PageSize=2&Page=1&PageToken=PA`))]);
    const rows = pages.flatMap((page) => items(page, 'roles'));
    expect(pages.map((page) => (page['meta'] as JsonObject)['page'])).toEqual([0, 1]);
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map((row) => row['sid'])).size).toBe(4);
    expect(rows.every((row) => row['type'] === 'conversation' && row['service_sid'] === serviceSids[1])).toBe(true);
    expect((pages[1]?.['meta'] as JsonObject)['previous_page_url']).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/conversations\/v1\/Services\/IS/);
    expect(items(await getJson(simulator, rolesPath(2)), 'roles')[0]?.['sid']).not.toBe(rows[0]?.['sid']);
  });

  it('answers an empty list with null links', async () => {
    const page = await getJson(simulator, rolesPath(0));
    expect(page['roles']).toEqual([]);
    expect(page['meta']).toMatchObject({ page: 0, next_page_url: null, previous_page_url: null, key: 'roles' });
  });

  it('rejects a PageSize above the resource\'s maximum with 400/20007', async () => {
    expect((await get(simulator, rolesPath(1, '?PageSize=50'))).status).toBe(200);
    const reply = await get(simulator, rolesPath(1, '?PageSize=51'));
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.text)).toEqual({
      code: 20007,
      message: 'Page size too large. PageSize must be at most 50.',
      more_info: 'https://www.twilio.com/docs/errors/20007',
      status: 400,
    });
    expect((await get(simulator, '/conversations/v1/Services?PageSize=100')).status).toBe(200);
  });

  it('answers 404 for an unknown parent and 400 for a filter value it does not know', async () => {
    expect((await get(simulator, `/conversations/v1/Services/IS${'0'.repeat(32)}/Roles`)).status).toBe(404);
    expect((await get(simulator, rolesPath(1, '?Type=other'))).status).toBe(400);
  });

  it('keeps serving the built-in resources and counts the declared kinds', async () => {
    simulator.resetStats();
    expect((await get(simulator, conferencesPath())).status).toBe(200);
    await get(simulator, rolesPath(1));
    expect(simulator.stats().byKind).toMatchObject({ conferences: 1, roles: 1, services: 0, service: 0 });
    expect(simulator.stats().log[1]).toMatchObject({ kind: 'roles', serviceSid: serviceSids[1] });
  });
});

describe('TwilioSimulator: the core 2010 resources', () => {
  const list = (path: string) => `/2010-04-01/Accounts/${MAIN_ACCOUNT_SID}/${path}`;
  const itemsOf = (body: JsonObject, key: string) => body[key] as JsonObject[];

  it('lists calls with EndTime on its day only, the call in progress under none', async () => {
    await withSimulator({}, async (simulator) => {
      const all = itemsOf(await getJson(simulator, list('Calls.json?PageSize=1000')), 'calls');
      expect(all.filter((call) => call['end_time'] === null).map((call) => call['status'])).toEqual(['in-progress']);
      const ended = all.find((call) => call['end_time'] !== null);
      const day = new Date(String(ended?.['end_time'])).toISOString().slice(0, 10);
      const onDay = itemsOf(await getJson(simulator, list(`Calls.json?EndTime=${day}`)), 'calls');
      expect(onDay.map((call) => call['sid'])).toContain(ended?.['sid']);
      expect(onDay.every((call) => new Date(String(call['end_time'])).toISOString().startsWith(day))).toBe(true);
    });
  });

  it('refuses a DateSent range beyond 400 days as Twilio does (400, 20004)', async () => {
    await withSimulator({}, async (simulator) => {
      const reply = await getRaw(simulator, list('Messages.json?DateSent>=2020-01-01'));
      expect(reply.status).toBe(400);
      expect(JSON.parse(reply.text)).toMatchObject({ code: 20004 });
      const recent = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
      expect((await getRaw(simulator, list(`Messages.json?DateSent>=${recent}`))).status).toBe(200);
    });
  });

  it("counts a main account's subaccounts in its usage unless IncludeSubaccounts=false", async () => {
    await withSimulator({}, async (simulator) => {
      const day = 'StartDate=2025-06-01&EndDate=2025-06-01&Category=calls';
      const own = itemsOf(await getJson(simulator, list(`Usage/Records/Daily.json?${day}&IncludeSubaccounts=false`)), 'usage_records');
      const all = itemsOf(await getJson(simulator, list(`Usage/Records/Daily.json?${day}`)), 'usage_records');
      const sub = itemsOf(
        await getJson(simulator, `/2010-04-01/Accounts/${SUBACCOUNT_SID}/Usage/Records/Daily.json?${day}&IncludeSubaccounts=false`),
        'usage_records',
      );
      expect(own.map((row) => row['start_date'])).toEqual(['2025-06-01']);
      expect(Number(all[0]?.['usage'])).toBeGreaterThanOrEqual(Number(own[0]?.['usage']) + Number(sub[0]?.['usage']));
    });
  });

  it('answers the countries in one piece, without paging keys', async () => {
    await withSimulator({}, async (simulator) => {
      const body = await getJson(simulator, list('AvailablePhoneNumbers.json'));
      expect(Object.keys(body).sort()).toEqual(['countries', 'uri']);
      expect(itemsOf(body, 'countries').map((country) => country['country_code'])).toEqual(['US', 'GB', 'DK']);
      const numbers = await getJson(simulator, list('AvailablePhoneNumbers/GB/Mobile.json'));
      expect(itemsOf(numbers, 'available_phone_numbers')[0]).not.toHaveProperty('sid');
    });
  });
});
