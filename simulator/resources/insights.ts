/**
 * Voice Insights (`insights.twilio.com/v1`, reference §1–§3): a summary of every conference of the last 30 days and of
 * each of its participants, and of calls, for accounts with Advanced Features. The summaries are of the same conferences as the
 * 2010 API's (same SIDs; the live participants' call SIDs too), and become final half an hour after their conference
 * ends, on the simulator's clock.
 */
import { visibleAccounts } from '../auth.js';
import type { AccountFixture, ConferenceView, Dataset } from '../dataset.js';
import { hash } from '../hash.js';
import { echoed, equalTo, isoRange, recentUnless } from '../filters.js';
import type { FilterDeclaration, Resource, RowList, RowScope } from '../resource.js';
import { invalidParameterError, type ApiError } from '../responses.js';
import { AccountList } from './accounts.js';
import { epochSecondsOf, pickOf, productRows, RowsWithoutSid, type RowSeed } from './v1-rows.js';

const HORIZON_SECONDS = 30 * 86_400;
/** "A completed Conference Summary may take up to 30 minutes to generate following the end of the conference." */
const FINAL_AFTER_SECONDS = 30 * 60;
const INSIGHTS_HOST_PATH = '/v1/Conferences';
const CONFERENCE_SID = /^CF[0-9a-fA-F]{32}$/;

const iso = (epochSeconds: number): string => new Date(epochSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

function forbidden(detail: string): ApiError {
  return { status: 403, code: 17000, message: 'Forbidden to access data', detail };
}

/**
 * The account the request reads: `Subaccount=` names one the caller may see; a path that names a conference reads the
 * account that holds it (parent credentials may read a subaccount's summaries); else the caller's own.
 */
function targetAccount({ dataset, principal, query, params }: RowScope<RowList>): AccountFixture | ApiError {
  const visible = visibleAccounts(principal, dataset);
  const wanted = query.get('Subaccount');
  if (wanted !== null) {
    return visible.find((candidate) => candidate.sid === wanted) ?? forbidden(`Account ${wanted} is not one these credentials may read.`);
  }
  const conference = params['ConferenceSid'];
  const holder = conference === undefined ? undefined : visible.find((account) => dataset.conferences(account.sid).indexOf(conference) !== undefined);
  return holder ?? principal.account;
}

function refusal(scope: RowScope<RowList>): ApiError | undefined {
  const account = targetAccount(scope);
  if ('code' in account) return account;
  return account.voiceInsights === false
    ? forbidden(`Voice Insights Advanced Features are not enabled on account ${account.sid}.`)
    : undefined;
}

/** The conference summaries of an account within the horizon, newest first as the 2010 list orders them. */
export class ConferenceSummaries implements RowList {
  private readonly indices: number[] = [];

  constructor(
    readonly conferences: ConferenceView,
    readonly nowSeconds: number,
    readonly participantsPerConference: number,
  ) {
    for (let index = 0; index < conferences.length; index++) {
      const created = conferences.dateCreatedAt(index);
      if (created <= nowSeconds && created >= nowSeconds - HORIZON_SECONDS) this.indices.push(index);
    }
  }

  get length(): number {
    return this.indices.length;
  }

  conferenceIndex(index: number): number {
    const conference = this.indices[index];
    if (conference === undefined) throw new RangeError(`summary index ${index} out of range`);
    return conference;
  }

  sidAt(index: number): string {
    return this.conferences.sidAt(this.conferenceIndex(index));
  }

  indexOf(sid: string): number | undefined {
    const conference = this.conferences.indexOf(sid);
    const index = conference === undefined ? -1 : this.indices.indexOf(conference);
    return index < 0 ? undefined : index;
  }

  createTimeAt(index: number): number {
    return this.conferences.dateCreatedAt(this.conferenceIndex(index));
  }

  /** When the conference ended, or undefined while it is live. */
  endTimeAt(index: number): number | undefined {
    const conference = this.conferenceIndex(index);
    return this.conferences.statusAt(conference) === 'completed' ? this.conferences.dateUpdatedAt(conference) : undefined;
  }

  processingStateAt(index: number): 'complete' | 'in_progress' {
    const ended = this.endTimeAt(index);
    return ended !== undefined && this.nowSeconds >= ended + FINAL_AFTER_SECONDS ? 'complete' : 'in_progress';
  }

  at(index: number): Record<string, unknown> {
    const conference = this.conferenceIndex(index);
    const row = this.conferences.at(conference);
    const created = this.createTimeAt(index);
    const ended = this.endTimeAt(index);
    const sid = row.sid;
    return {
      conference_sid: sid,
      account_sid: row.account_sid,
      friendly_name: row.friendly_name,
      create_time: iso(created),
      start_time: iso(created + 5),
      end_time: ended === undefined ? null : iso(ended),
      duration_seconds: ended === undefined ? null : ended - created,
      connect_duration_seconds: ended === undefined ? null : ended - created - 5,
      status: ended === undefined ? 'in_progress' : 'completed',
      max_participants: 250,
      max_concurrent_participants: this.participantsPerConference,
      unique_participants: this.participantsPerConference,
      end_reason: row.reason_conference_ended === null ? null : row.reason_conference_ended.replace(/-/g, '_'),
      ended_by: row.call_sid_ending_conference,
      mixer_region: row.region,
      mixer_region_requested: null,
      recording_enabled: false,
      detected_issues: { call_quality: 0, region_configuration: 0, participant_behavior: 0 },
      tags: [],
      tag_info: null,
      processing_state: this.processingStateAt(index),
      url: `https://insights.twilio.com/v1/Conferences/${sid}`,
      links: { conference_participants: `https://insights.twilio.com/v1/Conferences/${sid}/Participants` },
    };
  }
}

/** The participant summaries of one conference summary: everyone who was in it, live or not. */
class ParticipantSummaries implements RowList {
  constructor(
    private readonly summaries: ConferenceSummaries,
    private readonly summary: number,
  ) {}

  get length(): number {
    return this.summaries.participantsPerConference;
  }

  /** A participant summary's own SID, named after its call. */
  sidAt(index: number): string {
    return `CP${this.callSid(index).slice(2)}`;
  }

  indexOf(sid: string): number | undefined {
    for (let index = 0; index < this.length; index++) if (this.sidAt(index) === sid) return index;
    return undefined;
  }

  private callSid(index: number): string {
    return this.summaries.conferences.callSidAt(this.summaries.conferenceIndex(this.summary), index);
  }

  at(index: number): Record<string, unknown> {
    const { summaries, summary } = this;
    const conferenceSid = summaries.sidAt(summary);
    const joined = summaries.createTimeAt(summary) + 5 + index * 7;
    const left = summaries.endTimeAt(summary);
    const moderator = index === 0;
    return {
      participant_sid: this.sidAt(index),
      label: moderator ? 'moderator' : `guest-${index}`,
      conference_sid: conferenceSid,
      call_sid: this.callSid(index),
      account_sid: summaries.conferences.accountSid,
      call_direction: moderator ? 'outbound' : 'inbound',
      from: `+1555010${String(index).padStart(4, '0')}`,
      to: '+15550199999',
      call_status: left === undefined ? 'answered' : 'completed',
      country_code: 'US',
      is_moderator: moderator,
      join_time: iso(joined),
      leave_time: left === undefined ? null : iso(left),
      duration_seconds: left === undefined ? null : left - joined,
      outbound_queue_length: 0,
      outbound_time_in_queue: 0,
      jitter_buffer_size: 'small',
      is_coach: false,
      coached_participants: null,
      participant_region: 'us1',
      conference_region: 'us1',
      call_type: 'carrier',
      processing_state: summaries.processingStateAt(summary),
      properties: { start_conference_on_enter: moderator, end_conference_on_exit: moderator, enter_muted: false },
      events: left === undefined ? {} : { mute: [joined * 1000 + 1500] },
      metrics: { inbound: { total_packets_lost: 0, total_packets_received: 4000, packet_loss_percentage: 0, mos: 4.4 } },
      url: `https://insights.twilio.com/v1/Conferences/${conferenceSid}/Participants/${this.sidAt(index)}`,
    };
  }
}

function summariesOf(dataset: Dataset, account: AccountFixture, now: Date): ConferenceSummaries {
  return new ConferenceSummaries(dataset.conferences(account.sid), Math.floor(now.getTime() / 1000), dataset.options.participantsPerActiveConference);
}

export const conferenceSummaries: Resource<ConferenceSummaries> = {
  product: 'insights',
  kind: 'conference-summaries',
  path: INSIGHTS_HOST_PATH,
  itemsKey: 'conferences',
  paging: 'v1',
  maxPageSize: 1000,
  instance: { kind: 'conference-summary', placeholder: 'ConferenceSid', sidPattern: CONFERENCE_SID, malformed: 'not-found', unknown: 'not-found' },
  refuse: refusal,
  rows: (scope) => {
    const account = targetAccount(scope);
    return summariesOf(scope.dataset, 'code' in account ? scope.principal.account : account, scope.now);
  },
  filters: [
    isoRange('CreatedAfter', 'CreatedBefore', true, (list, index) => list.createTimeAt(index)),
    equalTo('Status', (list, index) => (list.endTimeAt(index) === undefined ? 'in_progress' : 'completed')),
    echoed('Subaccount'),
  ],
};

export const participantSummaries: Resource<ParticipantSummaries, ConferenceSummaries> = {
  product: 'insights',
  kind: 'participant-summaries',
  path: `${INSIGHTS_HOST_PATH}/{ConferenceSid}/Participants`,
  itemsKey: 'participants',
  paging: 'v1',
  maxPageSize: 1000,
  parent: conferenceSummaries,
  rows: ({ parent }) => new ParticipantSummaries(parent.list, parent.index),
  filters: [],
};

/** `GET /v1/Voice/Settings`: whether the account has Advanced Features, one object. */
export const voiceSettings: Resource<AccountList> = {
  product: 'insights',
  kind: 'voice-settings',
  path: '/v1/Voice/Settings',
  itemsKey: 'settings',
  paging: 'v1',
  maxPageSize: 1,
  rows: ({ dataset }) => new AccountList(dataset, []),
  document: (scope) => {
    const wanted = scope.query.get('SubaccountSid');
    const account = wanted === null ? scope.principal.account : (scope.dataset.account(wanted) ?? scope.principal.account);
    return {
      account_sid: account.sid,
      advanced_features: account.voiceInsights !== false,
      voice_trace: false,
      url: 'https://insights.twilio.com/v1/Voice/Settings',
    };
  },
  filters: [],
};

/** Call summaries: one per call of the account the request reads, partial until half an hour after the call ends. */
const CALL_TYPES = ['carrier', 'sip', 'client', 'trunking'] as const;
const CALL_STATES = ['completed', 'completed', 'busy', 'noanswer', 'fail'] as const;
/** "If not provided, StartTime defaults to 4h": a list without a StartTime answers the last four hours. */
const DEFAULT_SUMMARY_SPAN_SECONDS = 4 * 3600;
const PROCESSING_STATES = ['completed', 'partial', 'started', 'all'] as const;

const startTimeOf = (list: RowsWithoutSid<CallSummaryRow>, index: number) => epochSecondsOf(list.at(index).start_time);

/** `ProcessingState=completed|partial` narrows; `all`, `started` and no value list every summary. */
const processingState: FilterDeclaration<RowsWithoutSid<CallSummaryRow>> = {
  parse(query) {
    const value = query.get('ProcessingState');
    if (value === null) return { echo: [] };
    if (!(PROCESSING_STATES as readonly string[]).includes(value)) return invalidParameterError(`Invalid ProcessingState: ${value}`);
    const wanted = value === 'completed' ? 'complete' : value === 'partial' ? 'partial' : undefined;
    return { echo: [['ProcessingState', value]], ...(wanted === undefined ? {} : { matches: (list, index) => list.at(index).processing_state === wanted }) };
  },
};

/** The scope of the account the request reads, so that each account's summaries are its own calls. */
function readScope(scope: RowScope<RowList>): RowScope<RowList> {
  const account = targetAccount(scope);
  if ('code' in account) return scope;
  return { ...scope, principal: { ...scope.principal, account }, parent: { list: new AccountList(scope.dataset, [account]), index: 0 } };
}

function callSummaryRow({ key, index, sid, created, accountSid }: RowSeed, now: Date) {
  const seconds = 20 + (hash(key, index, 1) % 900);
  const ended = created + 2 + seconds;
  const party = (number: string) => ({ caller: number, carrier: 'Verizon Wireless', country_code: 'US', number_prefix: number.slice(0, 5), location: { lat: 37.77, lon: -122.41 } });
  return {
    account_sid: accountSid,
    call_sid: sid,
    sid,
    call_type: pickOf(CALL_TYPES, hash(key, index, 2)),
    call_state: pickOf(CALL_STATES, hash(key, index, 3)),
    answered_by: index % 2 === 0 ? 'human' : 'unknown',
    processing_state: now.getTime() / 1000 >= ended + FINAL_AFTER_SECONDS ? 'complete' : 'partial',
    created_time: iso(created),
    start_time: iso(created + 2),
    end_time: iso(ended),
    duration: seconds + 2,
    connect_duration: seconds,
    from: party(`+1415555${String(index).padStart(4, '0')}`),
    to: party('+14155550199'),
    carrier_edge: { properties: { direction: 'outbound_to_pstn', edge_location: 'ashburn' }, metrics: { inbound: { jitter: { avg: 0.8 } } } },
    client_edge: null,
    sdk_edge: null,
    sip_edge: null,
    tags: index % 3 === 0 ? ['high_jitter'] : [],
    attributes: { conference_participant: false },
    properties: { direction: 'outbound_api', disconnected_by: 'callee', queue_time: 0 },
    trust: null,
    annotation: null,
    url: `https://insights.twilio.com/v1/Voice/${sid}/Summary`,
  };
}

type CallSummaryRow = Omit<ReturnType<typeof callSummaryRow>, 'sid'>;

export const callSummaries: Resource<RowsWithoutSid<CallSummaryRow>> = {
  product: 'insights',
  kind: 'call-summaries',
  path: '/v1/Voice/Summaries',
  itemsKey: 'call_summaries',
  paging: 'v1',
  maxPageSize: 1000,
  refuse: refusal,
  rows: (scope) =>
    new RowsWithoutSid(productRows(readScope(scope), { kind: 'call-summaries', sidPrefix: 'CA', count: 5, spacingSeconds: 5400 }, (seed) => callSummaryRow(seed, scope.now))),
  filters: [
    isoRange('StartTime', 'EndTime', false, startTimeOf),
    recentUnless(['StartTime'], DEFAULT_SUMMARY_SPAN_SECONDS, startTimeOf),
    processingState,
    echoed('Subaccount'),
  ],
};
