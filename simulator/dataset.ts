/**
 * Deterministic Twilio data computed lazily by index from a seed.
 *
 * Per account only one small typed array (which conferences are active) and the conferences completed at run time are
 * stored; every conference and participant record is computed on demand, so a million participants never exist as
 * objects at once.
 */
import { hash, hashString, hex32 } from './hash.js';
import { formatRfc2822, type DateStyle } from './rfc2822.js';
import { worldly, type TextMix } from './text.js';

export type Region = 'us1' | 'ie1' | 'au1';
export type AccountStatus = 'active' | 'suspended' | 'closed';
export type ConferenceStatus = 'init' | 'in-progress' | 'completed';
export type ParticipantStatus = 'queued' | 'connecting' | 'ringing' | 'connected' | 'complete' | 'failed';
export type ConferenceEndReason =
  | 'conference-ended-via-api'
  | 'participant-with-end-conference-on-exit-left'
  | 'participant-with-end-conference-on-exit-kicked'
  | 'last-participant-kicked'
  | 'last-participant-left';

export interface ApiKeyFixture {
  sid: string;
  secret: string;
  region: Region;
}

export interface AccountFixture {
  sid: string;
  authToken: string;
  friendlyName: string;
  status: AccountStatus;
  ownerAccountSid: string;
  apiKeys: ApiKeyFixture[];
  /** The password in the user info of the status callback URL of the account's first phone number: a credential in Twilio's data. */
  webhookPassword?: string;
  /** Voice Insights Advanced Features (the summaries API); default on. */
  voiceInsights?: boolean;
}

export interface DatasetOptions {
  seed: number;
  /** The first is the main account; the others are its subaccounts (ownerAccountSid = main). */
  accounts: AccountFixture[];
  conferencesPerAccount: number;
  /** Share of conferences that are init or in-progress; exactly round(conferencesPerAccount * activeShare) are. */
  activeShare: number;
  participantsPerActiveConference: number;
  /** ISO date (or date-time) of the oldest conference of each account. */
  firstDateCreated: string;
  /** How many conferences each account starts a day, evenly spaced; default 288 (one every 5 minutes). */
  conferencesPerDay?: number;
  /** Render some dates in other RFC 2822 forms denoting the same instants. */
  nonCanonicalDates?: boolean;
  /** Every Nth participant (by global index, counting from 1) gets `date_updated: "not a date"`. */
  unparsableDateEvery?: number;
  /** `world` (the default): about one name, label or message body in three in another script or with an emoji; `ascii`: none. */
  text?: TextMix;
  /** Rows per parent of the declared resources, by kind (`{messages: 1_000_000}`), instead of each one's default. */
  rowCounts?: Readonly<Record<string, number>>;
  /** Seconds between two rows of a dated resource, by kind (`{messages: 34.56}`), instead of each one's default. */
  rowSpacingSeconds?: Readonly<Record<string, number>>;
}

/** Key order as the live API sends it (reference §3.3). */
export interface AccountResource {
  auth_token: string;
  date_created: string;
  date_updated: string;
  friendly_name: string;
  owner_account_sid: string;
  sid: string;
  status: AccountStatus;
  subresource_uris: Record<string, string>;
  type: 'Full';
  uri: string;
}

/** Key order as the live API sends it (reference §3.2). */
export interface ConferenceResource {
  status: ConferenceStatus;
  region: string;
  sid: string;
  date_updated: string;
  date_created: string;
  subresource_uris: { participants: string; recordings: string };
  friendly_name: string;
  uri: string;
  api_version: '2010-04-01';
  account_sid: string;
  reason_conference_ended: ConferenceEndReason | null;
  call_sid_ending_conference: string | null;
}

/** Key order as the live API sends it (reference §3.1). */
export interface ParticipantResource {
  account_sid: string;
  call_sid: string;
  label: string | null;
  conference_sid: string;
  date_created: string;
  date_updated: string;
  end_conference_on_exit: boolean;
  muted: boolean;
  hold: boolean;
  status: ParticipantStatus;
  start_conference_on_enter: boolean;
  coaching: boolean;
  call_sid_to_coach: string | null;
  queue_time: null;
  uri: string;
}

/** An account's conferences in list order (index 0 = newest `date_created`), computed per index. */
export interface ConferenceView {
  readonly accountSid: string;
  readonly length: number;
  sidAt(index: number): string;
  statusAt(index: number): ConferenceStatus;
  friendlyNameAt(index: number): string;
  dateCreatedAt(index: number): number;
  dateUpdatedAt(index: number): number;
  at(index: number): ConferenceResource;
  indexOf(conferenceSid: string): number | undefined;
  /** The call SID of a conference's participant, live or not: the same SIDs the live participants list shows. */
  callSidAt(index: number, participant: number): string;
}

/** The live participants of one conference in list order (index 0 = newest `date_created`), named by call SID. */
export interface ParticipantView {
  readonly length: number;
  sidAt(index: number): string;
  indexOf(callSid: string): number | undefined;
  mutedAt(index: number): boolean;
  holdAt(index: number): boolean;
  coachingAt(index: number): boolean;
  at(index: number): ParticipantResource;
}

export const API_VERSION = '2010-04-01';
export const UNPARSABLE_DATE = 'not a date';

const SECONDS_PER_DAY = 86_400;
const CONFERENCE_SPACING_SECONDS = 300;
const CONFERENCE_JITTER_SECONDS = 240;
/** More a day would space conferences closer than their jitter, and their list order would no longer be their creation order. */
const MAX_CONFERENCES_PER_DAY = SECONDS_PER_DAY / CONFERENCE_JITTER_SECONDS;
const PARTICIPANT_SPACING_SECONDS = 3;

/** Distinguishes the hash streams so that, e.g., a conference SID and its flags are independent. */
const Stream = {
  conference: 1,
  conferenceSid: 2,
  activePlacement: 3,
  endingCallSid: 4,
  participant: 5,
  participantDetail: 6,
  callSid: 7,
  dateStyle: 8,
  account: 9,
} as const;

const TEAMS = ['support', 'sales', 'billing', 'onboarding', 'escalations', 'partners', 'engineering', 'training'];
const PURPOSES = ['standup', 'sync', 'review', 'huddle', 'handover', 'briefing', 'retro', 'war-room'];
const LABEL_ROLES = ['agent', 'customer', 'supervisor', 'caller'];
const DATE_STYLES: readonly DateStyle[] = ['canonical', 'offset-minus-0500', 'offset-plus-0530', 'unpadded-day'];

function pick<T>(items: readonly T[], hashValue: number): T {
  return items[hashValue % items.length] as T;
}

function conferenceRegion(hashValue: number): Region {
  const roll = hashValue % 10;
  if (roll < 8) return 'us1';
  return roll === 8 ? 'ie1' : 'au1';
}

function endReason(hashValue: number): ConferenceEndReason {
  const roll = hashValue % 20;
  if (roll < 10) return 'last-participant-left';
  if (roll < 14) return 'participant-with-end-conference-on-exit-left';
  if (roll < 17) return 'conference-ended-via-api';
  if (roll < 19) return 'last-participant-kicked';
  return 'participant-with-end-conference-on-exit-kicked';
}

function participantStatus(hashValue: number): ParticipantStatus {
  const roll = hashValue % 100;
  if (roll < 85) return 'connected';
  if (roll < 89) return 'ringing';
  if (roll < 92) return 'connecting';
  if (roll < 95) return 'queued';
  if (roll < 98) return 'complete';
  return 'failed';
}

/** The keys of an account's `subresource_uris` and their lists, as the OAS example of `Accounts.json` has them. */
const ACCOUNT_SUBRESOURCES = [
  ['available_phone_numbers', 'AvailablePhoneNumbers'],
  ['calls', 'Calls'],
  ['conferences', 'Conferences'],
  ['incoming_phone_numbers', 'IncomingPhoneNumbers'],
  ['notifications', 'Notifications'],
  ['outgoing_caller_ids', 'OutgoingCallerIds'],
  ['recordings', 'Recordings'],
  ['transcriptions', 'Transcriptions'],
  ['addresses', 'Addresses'],
  ['signing_keys', 'SigningKeys'],
  ['connect_apps', 'ConnectApps'],
  ['sip', 'SIP'],
  ['authorized_connect_apps', 'AuthorizedConnectApps'],
  ['usage', 'Usage'],
  ['keys', 'Keys'],
  ['applications', 'Applications'],
  ['short_codes', 'SMS/ShortCodes'],
  ['queues', 'Queues'],
  ['messages', 'Messages'],
  ['balance', 'Balance'],
] as const;

export function accountUri(accountSid: string): string {
  return `/${API_VERSION}/Accounts/${accountSid}.json`;
}

export function conferenceUri(accountSid: string, conferenceSid: string): string {
  return `/${API_VERSION}/Accounts/${accountSid}/Conferences/${conferenceSid}.json`;
}

export function participantsUri(accountSid: string, conferenceSid: string): string {
  return `/${API_VERSION}/Accounts/${accountSid}/Conferences/${conferenceSid}/Participants.json`;
}

interface GenerationSettings {
  readonly seed: number;
  readonly firstEpochSeconds: number;
  readonly conferenceSpacingSeconds: number;
  readonly conferencesPerAccount: number;
  readonly activePerAccount: number;
  readonly participantsPerActiveConference: number;
  readonly nonCanonicalDates: boolean;
  readonly unparsableDateEvery: number | undefined;
  readonly text: TextMix;
}

class AccountConferences implements ConferenceView {
  readonly accountSid: string;
  readonly length: number;
  private readonly key: number;
  /** Per list index: the rank among the originally active conferences, or -1 if it was completed from the start. */
  private readonly activeRankByIndex: Int32Array;
  /** Conferences completed at run time: index → epoch seconds of completion. */
  private readonly completedAt = new Map<number, number>();
  /**
   * Per list index: the seeded `date_updated` (NaN until first asked for). A `DateUpdated` filter asks it of every row
   * for every page, so a year of windows would otherwise spend the simulator's time hashing, not serving.
   */
  private readonly seededDateUpdated: Float64Array;
  private indexBySid: Map<string, number> | undefined;

  constructor(
    account: AccountFixture,
    private readonly accountOrdinal: number,
    private readonly settings: GenerationSettings,
  ) {
    this.accountSid = account.sid;
    this.length = settings.conferencesPerAccount;
    this.key = hashString(account.sid, settings.seed);
    this.activeRankByIndex = this.placeActiveConferences();
    this.seededDateUpdated = new Float64Array(this.length).fill(Number.NaN);
  }

  /** One active conference per equal bucket of the list, at a hashed position inside its bucket. */
  private placeActiveConferences(): Int32Array {
    const ranks = new Int32Array(this.length).fill(-1);
    const active = this.settings.activePerAccount;
    for (let rank = 0; rank < active; rank++) {
      const bucketStart = Math.floor((rank * this.length) / active);
      const bucketEnd = Math.floor(((rank + 1) * this.length) / active);
      const offset = hash(this.key, Stream.activePlacement, rank) % (bucketEnd - bucketStart);
      ranks[bucketStart + offset] = rank;
    }
    return ranks;
  }

  private conferenceHash(index: number): number {
    return hash(this.key, Stream.conference, index);
  }

  private formatDate(epochSeconds: number, index: number, field: number): string {
    if (!this.settings.nonCanonicalDates) return formatRfc2822(epochSeconds);
    return formatRfc2822(epochSeconds, pick(DATE_STYLES, hash(this.key, Stream.dateStyle, index, field)));
  }

  /** The rank among originally active conferences if the conference is still live, else undefined. */
  liveRank(index: number): number | undefined {
    const rank = this.activeRankByIndex[index] ?? -1;
    return rank >= 0 && !this.completedAt.has(index) ? rank : undefined;
  }

  liveCount(): number {
    return this.settings.activePerAccount - this.completedAt.size;
  }

  sidAt(index: number): string {
    return `CF${hex32(this.key, Stream.conferenceSid, index)}`;
  }

  statusAt(index: number): ConferenceStatus {
    const rank = this.liveRank(index);
    if (rank === undefined) return 'completed';
    if (rank === 0) return 'in-progress';
    if (rank === 1) return 'init';
    return hash(this.key, Stream.conference, index, 1) % 4 === 0 ? 'init' : 'in-progress';
  }

  friendlyNameAt(index: number): string {
    const h = this.conferenceHash(index);
    return worldly(this.settings.text, `${pick(TEAMS, h)}-${pick(PURPOSES, h >>> 8)}`, h >>> 16);
  }

  dateCreatedAt(index: number): number {
    const chronological = this.length - 1 - index;
    return (
      this.settings.firstEpochSeconds +
      this.accountOrdinal * 17 +
      Math.floor(chronological * this.settings.conferenceSpacingSeconds) +
      (this.conferenceHash(index) % CONFERENCE_JITTER_SECONDS)
    );
  }

  dateUpdatedAt(index: number): number {
    const completedAt = this.completedAt.size === 0 ? undefined : this.completedAt.get(index);
    if (completedAt !== undefined) return completedAt;
    const known = this.seededDateUpdated[index] ?? Number.NaN;
    if (!Number.isNaN(known)) return known;
    const spread = hash(this.key, Stream.conference, index, 2);
    const wasActive = (this.activeRankByIndex[index] ?? -1) >= 0;
    const seeded = this.dateCreatedAt(index) + (wasActive ? 30 + (spread % 3600) : 120 + (spread % 7200));
    this.seededDateUpdated[index] = seeded;
    return seeded;
  }

  at(index: number): ConferenceResource {
    const sid = this.sidAt(index);
    const status = this.statusAt(index);
    const h = this.conferenceHash(index);
    let reason: ConferenceEndReason | null = null;
    let endingCallSid: string | null = null;
    if (status === 'completed') {
      reason = this.completedAt.has(index) ? 'conference-ended-via-api' : endReason(h >>> 16);
      if (reason !== 'conference-ended-via-api') endingCallSid = `CA${hex32(this.key, Stream.endingCallSid, index)}`;
    }
    return {
      status,
      region: conferenceRegion(h >>> 24),
      sid,
      date_updated: this.formatDate(this.dateUpdatedAt(index), index, 1),
      date_created: this.formatDate(this.dateCreatedAt(index), index, 0),
      subresource_uris: {
        participants: participantsUri(this.accountSid, sid),
        recordings: `/${API_VERSION}/Accounts/${this.accountSid}/Conferences/${sid}/Recordings.json`,
      },
      friendly_name: this.friendlyNameAt(index),
      uri: conferenceUri(this.accountSid, sid),
      api_version: API_VERSION,
      account_sid: this.accountSid,
      reason_conference_ended: reason,
      call_sid_ending_conference: endingCallSid,
    };
  }

  indexOf(conferenceSid: string): number | undefined {
    if (this.indexBySid === undefined) {
      this.indexBySid = new Map();
      for (let index = 0; index < this.length; index++) this.indexBySid.set(this.sidAt(index), index);
    }
    return this.indexBySid.get(conferenceSid);
  }

  callSidAt(index: number, participant: number): string {
    return `CA${hex32(hash(this.key, Stream.participant, index), Stream.callSid, participant)}`;
  }

  complete(index: number, epochSeconds: number): void {
    if (this.liveRank(index) === undefined) return;
    this.completedAt.set(index, Math.max(epochSeconds, this.dateUpdatedAt(index)));
  }

  participants(index: number): ParticipantView {
    const rank = this.liveRank(index);
    if (rank === undefined) return EMPTY_PARTICIPANTS;
    const settings = this.settings;
    const firstGlobalIndex = (this.accountOrdinal * settings.activePerAccount + rank) * settings.participantsPerActiveConference;
    return new ConferenceParticipants({
      accountSid: this.accountSid,
      conferenceSid: this.sidAt(index),
      key: hash(this.key, Stream.participant, index),
      count: settings.participantsPerActiveConference,
      conferenceCreated: this.dateCreatedAt(index),
      firstGlobalIndex,
      nonCanonicalDates: settings.nonCanonicalDates,
      unparsableDateEvery: settings.unparsableDateEvery,
      text: settings.text,
    });
  }
}

interface ParticipantGeneration {
  readonly accountSid: string;
  readonly conferenceSid: string;
  /** Hash of (account, conference): the root of every participant value of this conference. */
  readonly key: number;
  readonly count: number;
  readonly conferenceCreated: number;
  readonly firstGlobalIndex: number;
  readonly nonCanonicalDates: boolean;
  readonly unparsableDateEvery: number | undefined;
  readonly text: TextMix;
}

class ConferenceParticipants implements ParticipantView {
  readonly length: number;
  private readonly uriPrefix: string;

  constructor(private readonly generation: ParticipantGeneration) {
    this.length = generation.count;
    this.uriPrefix = `/${API_VERSION}/Accounts/${generation.accountSid}/Conferences/${generation.conferenceSid}/Participants/`;
  }

  private flags(index: number): number {
    return hash(this.generation.key, Stream.participant, index);
  }

  sidAt(index: number): string {
    return `CA${hex32(this.generation.key, Stream.callSid, index)}`;
  }

  indexOf(callSid: string): number | undefined {
    for (let index = 0; index < this.length; index++) {
      if (this.sidAt(index) === callSid) return index;
    }
    return undefined;
  }

  mutedAt(index: number): boolean {
    return (this.flags(index) >>> 16) % 5 === 0;
  }

  holdAt(index: number): boolean {
    return (this.flags(index) >>> 20) % 10 === 0;
  }

  /** Coaching needs someone else to coach, so a lone participant never coaches. */
  coachingAt(index: number): boolean {
    return this.length > 1 && (this.flags(index) >>> 12) % 10 === 0;
  }

  private formatDate(epochSeconds: number, index: number, field: number): string {
    if (!this.generation.nonCanonicalDates) return formatRfc2822(epochSeconds);
    return formatRfc2822(epochSeconds, pick(DATE_STYLES, hash(this.generation.key, Stream.dateStyle, index, field)));
  }

  private isUnparsable(index: number): boolean {
    const every = this.generation.unparsableDateEvery;
    return every !== undefined && (this.generation.firstGlobalIndex + index + 1) % every === 0;
  }

  at(index: number): ParticipantResource {
    const { generation } = this;
    const flags = this.flags(index);
    const detail = hash(generation.key, Stream.participantDetail, index);
    const chronological = this.length - 1 - index;
    const created = generation.conferenceCreated + chronological * PARTICIPANT_SPACING_SECONDS + (detail % PARTICIPANT_SPACING_SECONDS);
    const updated = created + ((detail >>> 8) % 900);
    const callSid = this.sidAt(index);
    const coaching = this.coachingAt(index);
    return {
      account_sid: generation.accountSid,
      call_sid: callSid,
      label: flags % 10 < 3 ? null : worldly(generation.text, `${pick(LABEL_ROLES, flags >>> 4)}-${(flags >>> 6) % 1000}`, detail >>> 12),
      conference_sid: generation.conferenceSid,
      date_created: this.formatDate(created, index, 0),
      date_updated: this.isUnparsable(index) ? UNPARSABLE_DATE : this.formatDate(updated, index, 1),
      end_conference_on_exit: (flags >>> 24) % 8 === 0,
      muted: this.mutedAt(index),
      hold: this.holdAt(index),
      status: participantStatus(detail >>> 20),
      start_conference_on_enter: (flags >>> 28) % 8 !== 0,
      coaching,
      call_sid_to_coach: coaching ? this.sidAt((index + 1) % this.length) : null,
      queue_time: null,
      uri: `${this.uriPrefix}${callSid}.json`,
    };
  }
}

function participantOutOfRange(index: number): never {
  throw new RangeError(`participant index ${index} out of range`);
}

const EMPTY_PARTICIPANTS: ParticipantView = {
  length: 0,
  sidAt: participantOutOfRange,
  indexOf: () => undefined,
  mutedAt: () => false,
  holdAt: () => false,
  coachingAt: () => false,
  at: participantOutOfRange,
};

function validate(options: DatasetOptions): number {
  const firstEpochMs = Date.parse(options.firstDateCreated);
  if (Number.isNaN(firstEpochMs)) throw new RangeError(`firstDateCreated is not a date: ${options.firstDateCreated}`);
  if (options.accounts.length === 0) throw new RangeError('at least one account (the main account) is required');
  if (!Number.isInteger(options.conferencesPerAccount) || options.conferencesPerAccount < 0) {
    throw new RangeError('conferencesPerAccount must be a non-negative integer');
  }
  if (!(options.activeShare >= 0 && options.activeShare <= 1)) throw new RangeError('activeShare must be within [0, 1]');
  if (!Number.isInteger(options.participantsPerActiveConference) || options.participantsPerActiveConference < 0) {
    throw new RangeError('participantsPerActiveConference must be a non-negative integer');
  }
  const perDay = options.conferencesPerDay;
  if (perDay !== undefined && !(perDay > 0 && perDay <= MAX_CONFERENCES_PER_DAY)) {
    throw new RangeError(`conferencesPerDay must be above 0 and at most ${MAX_CONFERENCES_PER_DAY}`);
  }
  const every = options.unparsableDateEvery;
  if (every !== undefined && (!Number.isInteger(every) || every < 1)) {
    throw new RangeError('unparsableDateEvery must be a positive integer');
  }
  return Math.floor(firstEpochMs / 1000);
}

export class Dataset {
  readonly options: DatasetOptions;
  private readonly settings: GenerationSettings;
  private readonly accountsBySid: Map<string, { fixture: AccountFixture; ordinal: number }>;
  private readonly conferenceTables = new Map<string, AccountConferences>();
  private readonly rowChanges = new Map<string, Readonly<Record<string, unknown>>>();

  constructor(options: DatasetOptions) {
    const firstEpochSeconds = validate(options);
    this.options = options;
    this.settings = {
      seed: options.seed,
      firstEpochSeconds,
      conferenceSpacingSeconds: options.conferencesPerDay === undefined ? CONFERENCE_SPACING_SECONDS : SECONDS_PER_DAY / options.conferencesPerDay,
      conferencesPerAccount: options.conferencesPerAccount,
      activePerAccount: Math.round(options.conferencesPerAccount * options.activeShare),
      participantsPerActiveConference: options.participantsPerActiveConference,
      nonCanonicalDates: options.nonCanonicalDates ?? false,
      unparsableDateEvery: options.unparsableDateEvery,
      text: options.text ?? 'world',
    };
    this.accountsBySid = new Map(options.accounts.map((fixture, ordinal) => [fixture.sid, { fixture, ordinal }]));
  }

  get accounts(): readonly AccountFixture[] {
    return this.options.accounts;
  }

  account(accountSid: string): AccountFixture | undefined {
    return this.accountsBySid.get(accountSid)?.fixture;
  }

  private requireAccount(accountSid: string): { fixture: AccountFixture; ordinal: number } {
    const entry = this.accountsBySid.get(accountSid);
    if (entry === undefined) throw new RangeError(`unknown account ${accountSid}`);
    return entry;
  }

  /** Accounts are created a month apart, the main account first; lists show the newest first. */
  private accountCreated(ordinal: number): number {
    return this.settings.firstEpochSeconds - (this.options.accounts.length - ordinal) * 30 * SECONDS_PER_DAY;
  }

  accountResource(accountSid: string): AccountResource {
    const { fixture, ordinal } = this.requireAccount(accountSid);
    const created = this.accountCreated(ordinal);
    const updated = created + (hash(hashString(fixture.sid, this.settings.seed), Stream.account) % (20 * SECONDS_PER_DAY));
    const prefix = `/${API_VERSION}/Accounts/${fixture.sid}`;
    return {
      auth_token: fixture.authToken,
      date_created: formatRfc2822(created),
      date_updated: formatRfc2822(updated),
      friendly_name: fixture.friendlyName,
      owner_account_sid: fixture.ownerAccountSid,
      sid: fixture.sid,
      status: fixture.status,
      subresource_uris: Object.fromEntries(ACCOUNT_SUBRESOURCES.map(([key, list]) => [key, `${prefix}/${list}.json`])),
      type: 'Full',
      uri: accountUri(fixture.sid),
    };
  }

  /** The given accounts ordered as `Accounts.json` lists them: newest `date_created` first. */
  newestFirst(accounts: readonly AccountFixture[]): AccountFixture[] {
    const ordinalOf = (account: AccountFixture): number => this.requireAccount(account.sid).ordinal;
    return [...accounts].sort((left, right) => ordinalOf(right) - ordinalOf(left));
  }

  private table(accountSid: string): AccountConferences {
    let table = this.conferenceTables.get(accountSid);
    if (table === undefined) {
      const { fixture, ordinal } = this.requireAccount(accountSid);
      table = new AccountConferences(fixture, ordinal, this.settings);
      this.conferenceTables.set(accountSid, table);
    }
    return table;
  }

  conferences(accountSid: string): ConferenceView {
    return this.table(accountSid);
  }

  /** The conferences that are `init` or `in-progress` now, in list order. */
  activeConferences(accountSid: string): ConferenceResource[] {
    const table = this.table(accountSid);
    const active: ConferenceResource[] = [];
    for (let index = 0; index < table.length; index++) {
      if (table.liveRank(index) !== undefined) active.push(table.at(index));
    }
    return active;
  }

  /** The live participants of a conference; empty for a completed or unknown conference. */
  participants(accountSid: string, conferenceSid: string): ParticipantView {
    const table = this.table(accountSid);
    const index = table.indexOf(conferenceSid);
    return index === undefined ? EMPTY_PARTICIPANTS : table.participants(index);
  }

  /** Participants a full sync of these accounts (default: every active account) would read now. */
  expectedParticipantCount(accountSids?: readonly string[]): number {
    const sids = accountSids ?? this.options.accounts.filter((account) => account.status === 'active').map((account) => account.sid);
    let total = 0;
    for (const sid of sids) total += this.table(sid).liveCount() * this.settings.participantsPerActiveConference;
    return total;
  }

  /** The row of this SID changes from now on (a call ends: its status, end time and price), for resources that ask. */
  changeRow(sid: string, fields: Readonly<Record<string, unknown>>): void {
    this.rowChanges.set(sid, { ...this.rowChanges.get(sid), ...fields });
  }

  /** The changes made to the row of this SID, if any. */
  changesOf(sid: string): Readonly<Record<string, unknown>> | undefined {
    return this.rowChanges.get(sid);
  }

  /** The conference ends at `at`: status completed, its participants vanish. No effect on an already completed one. */
  completeConference(accountSid: string, conferenceSid: string, at: Date = new Date()): void {
    const table = this.table(accountSid);
    const index = table.indexOf(conferenceSid);
    if (index === undefined) throw new RangeError(`unknown conference ${conferenceSid} of account ${accountSid}`);
    table.complete(index, Math.floor(at.getTime() / 1000));
  }
}
