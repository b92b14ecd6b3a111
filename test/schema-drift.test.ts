import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MAIN_ACCOUNT_SID } from '../simulator/fixtures.js';
import { apiKeyConfig, catalogOf, logsOf, recordsOf, runSource } from './helpers/connector.js';
import { jsonServer, type LoopbackServer } from './helpers/network.js';

const CONFERENCE_SID = 'CF00000000000000000000000000000001';
const DATE = 'Fri, 18 Feb 2022 17:24:39 +0000';

/** What Twilio may answer one day: enum values this version does not know, and fields it does not declare. */
const conference = (sid: string) => ({
  sid,
  account_sid: MAIN_ACCOUNT_SID,
  friendly_name: 'standup',
  status: 'init',
  region: 'us1',
  date_created: DATE,
  date_updated: DATE,
  api_version: '2010-04-01',
  uri: `/2010-04-01/Accounts/${MAIN_ACCOUNT_SID}/Conferences/${sid}.json`,
  subresource_uris: null,
  reason_conference_ended: 'conference-ended-by-a-new-reason',
  call_sid_ending_conference: null,
  ai_summary: 'added by Twilio after this version',
});
const participant = (callSid: string) => ({
  account_sid: MAIN_ACCOUNT_SID,
  call_sid: callSid,
  label: null,
  conference_sid: CONFERENCE_SID,
  date_created: DATE,
  date_updated: DATE,
  end_conference_on_exit: false,
  muted: false,
  hold: false,
  status: 'reconnecting',
  start_conference_on_enter: true,
  coaching: false,
  call_sid_to_coach: null,
  queue_time: null,
  uri: `/2010-04-01/Accounts/${MAIN_ACCOUNT_SID}/Conferences/${CONFERENCE_SID}/Participants/${callSid}.json`,
  network_quality: 'good',
});

let twilio: LoopbackServer;
beforeAll(async () => {
  twilio = await jsonServer((path) => {
    if (path.startsWith('/2010-04-01/Accounts.json')) return { accounts: [], next_page_uri: null };
    return path.includes('/Participants.json')
      ? { participants: [participant('CA01'), participant('CA02')], next_page_uri: null }
      : { conferences: [conference(CONFERENCE_SID)], next_page_uri: null };
  });
});
afterAll(async () => {
  await twilio.close();
});

describe('Twilio adds to its API without a new version', () => {
  it('passes on an enum value this version does not know, as sent, and declares such fields as strings', async () => {
    const result = await runSource('read', {
      baseUrl: twilio.url,
      config: apiKeyConfig,
      catalog: catalogOf('conferences', 'conference_participants'),
    });
    expect(result.exitCode).toBe(0);
    const participants = recordsOf(result.messages, 'conference_participants');
    expect(participants.map((record) => [record.data['status'], record.meta])).toEqual([
      ['reconnecting', undefined],
      ['reconnecting', undefined],
    ]);
    const conferences = recordsOf(result.messages, 'conferences');
    expect(conferences.map((record) => record.data['reason_conference_ended'])).toEqual([
      'conference-ended-by-a-new-reason',
    ]);
    expect(logsOf(result.messages, 'WARN').filter((message) => message.includes('set to null'))).toEqual([]);

    const discovered = await runSource('discover', { config: apiKeyConfig });
    const catalog = discovered.messages.find((message) => message.type === 'CATALOG');
    const schemaOf = (stream: string) =>
      catalog?.type === 'CATALOG' ? catalog.catalog.streams.find((candidate) => candidate.name === stream)?.json_schema : undefined;
    const status = (schemaOf('conference_participants')?.['properties'] as Record<string, Record<string, unknown>>)['status'];
    expect(status).toEqual({ type: ['string', 'null'], description: expect.stringContaining('connected') });
  });

  it('names each undeclared field once per stream and sync, and keeps it out of the records', async () => {
    const result = await runSource('read', {
      baseUrl: twilio.url,
      config: apiKeyConfig,
      catalog: catalogOf('conferences', 'conference_participants'),
    });
    expect(result.exitCode).toBe(0);
    const warnings = logsOf(result.messages, 'WARN').filter((message) => message.includes('not in the schema of this version'));
    expect(warnings).toEqual([
      expect.stringMatching(/^conferences: field "ai_summary" is not in the schema of this version/),
      expect.stringMatching(/^conference_participants: field "network_quality" is not in the schema of this version/),
    ]);
    for (const record of result.messages.flatMap((message) => (message.type === 'RECORD' ? [message.record] : []))) {
      expect(Object.keys(record.data)).not.toContain('ai_summary');
      expect(Object.keys(record.data)).not.toContain('network_quality');
    }
  });
});
