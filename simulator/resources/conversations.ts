/**
 * The Conversations API (`/v1`): the caller's conversations with their participants and messages, users with their
 * conversations, services with their roles (reference §6). Page-size maxima: 100, and 50 for users, user
 * conversations and roles.
 */
import { hash } from '../hash.js';
import { equalTo } from '../filters.js';
import type { Resource, SeededRows } from '../resource.js';
import { instanceBySid, isoDate, pickOf, productRows, RowsWithoutSid } from './v1-rows.js';
import { WORLD_BODIES, worldly } from '../text.js';

const CONVERSATIONS = 'https://conversations.twilio.com/v1';
const CONVERSATION_STATES = ['initializing', 'inactive', 'active', 'closed'] as const;
const NAMES = ['Ada', 'Grace', 'Linus', 'Margaret', 'Ken', 'Barbara'] as const;

export interface ConversationRow {
  account_sid: string;
  chat_service_sid: string;
  messaging_service_sid: string;
  sid: string;
  friendly_name: string;
  unique_name: string | null;
  attributes: string;
  state: (typeof CONVERSATION_STATES)[number];
  date_created: string;
  date_updated: string;
  timers: { date_inactive?: string; date_closed?: string };
  url: string;
  links: Record<string, string>;
  bindings: null;
}

export interface ConversationParticipantRow {
  account_sid: string;
  conversation_sid: string;
  sid: string;
  identity: string | null;
  attributes: string;
  messaging_binding: { type: string; address: string; proxy_address: string } | null;
  role_sid: string;
  date_created: string;
  date_updated: string;
  url: string;
  last_read_message_index: number | null;
  last_read_timestamp: string | null;
}

export interface ConversationMessageRow {
  account_sid: string;
  conversation_sid: string;
  sid: string;
  index: number;
  author: string;
  body: string;
  media: null;
  attributes: string;
  participant_sid: string;
  date_created: string;
  date_updated: string;
  url: string;
  delivery: null;
  links: Record<string, string>;
  content_sid: null;
}

export interface UserRow {
  sid: string;
  account_sid: string;
  chat_service_sid: string;
  role_sid: string;
  identity: string;
  friendly_name: string;
  attributes: string;
  is_online: boolean | null;
  is_notifiable: boolean | null;
  date_created: string;
  date_updated: string;
  url: string;
  links: Record<string, string>;
}

export interface UserConversationRow {
  account_sid: string;
  chat_service_sid: string;
  conversation_sid: string;
  unread_messages_count: number;
  last_read_message_index: number;
  participant_sid: string;
  user_sid: string;
  friendly_name: string;
  conversation_state: 'inactive' | 'active' | 'closed';
  timers: Record<string, string>;
  attributes: string;
  date_created: string;
  date_updated: string;
  created_by: string;
  notification_level: 'default' | 'muted';
  unique_name: string;
  url: string;
  links: Record<string, string>;
}

export interface ServiceRow {
  account_sid: string;
  sid: string;
  friendly_name: string;
  date_created: string;
  date_updated: string;
  url: string;
  links: Record<string, string>;
}

export interface RoleRow {
  sid: string;
  account_sid: string;
  chat_service_sid: string;
  friendly_name: string;
  type: 'conversation' | 'service';
  permissions: string[];
  date_created: string;
  date_updated: string;
  url: string;
}

/** The default Conversations service of an account: every list of this file outside `/v1/Services` belongs to it. */
const defaultServiceOf = (accountSid: string) => `IS${accountSid.slice(2)}`;

export const conversations: Resource<SeededRows<ConversationRow>> = {
  product: 'conversations',
  kind: 'conversations',
  path: '/v1/Conversations',
  itemsKey: 'conversations',
  paging: 'v1',
  maxPageSize: 100,
  instance: instanceBySid('conversation', 'ConversationSid', 'CH'),
  rows: (scope) =>
    productRows(scope, { kind: 'conversations', sidPrefix: 'CH', count: 3, spacingSeconds: 86_400 }, ({ key, index, sid, created, accountSid }) => {
      const state = pickOf(CONVERSATION_STATES.slice(1), hash(key, index, 1));
      const url = `${CONVERSATIONS}/Conversations/${sid}`;
      return {
        account_sid: accountSid,
        chat_service_sid: defaultServiceOf(accountSid),
        messaging_service_sid: `MG${accountSid.slice(2)}`,
        sid,
        friendly_name: worldly(scope.dataset.options.text, `Support case ${index}`, hash(key, index, 2), WORLD_BODIES),
        unique_name: index === 0 ? null : `case-${index}`,
        attributes: JSON.stringify({ topic: index % 2 === 0 ? 'billing' : 'support' }),
        state,
        date_created: isoDate(created),
        date_updated: isoDate(created + 1800),
        timers: state === 'active' ? { date_inactive: isoDate(created + 86_400), date_closed: isoDate(created + 2 * 86_400) } : {},
        url,
        links: { participants: `${url}/Participants`, messages: `${url}/Messages`, webhooks: `${url}/Webhooks` },
        bindings: null,
      };
    }),
  filters: [equalTo('State', (list, index) => list.at(index).state, CONVERSATION_STATES)],
};

export const conversationParticipants: Resource<SeededRows<ConversationParticipantRow>, SeededRows<ConversationRow>> = {
  product: 'conversations',
  kind: 'conversation-participants',
  path: '/v1/Conversations/{ConversationSid}/Participants',
  itemsKey: 'participants',
  paging: 'v1',
  maxPageSize: 100,
  parent: conversations,
  rows: (scope) =>
    productRows(scope, { kind: 'conversation-participants', sidPrefix: 'MB', count: 2, spacingSeconds: 60 }, ({ key, index, sid, created, accountSid, parentSid }) => {
      const bySms = index % 2 === 1;
      return {
        account_sid: accountSid,
        conversation_sid: parentSid,
        sid,
        identity: bySms ? null : pickOf(NAMES, hash(key, index)).toLowerCase(),
        attributes: '{}',
        messaging_binding: bySms ? { type: 'sms', address: '+14155551234', proxy_address: '+14155550000' } : null,
        role_sid: `RL${sid.slice(2)}`,
        date_created: isoDate(created),
        date_updated: isoDate(created + 30),
        url: `${CONVERSATIONS}/Conversations/${parentSid}/Participants/${sid}`,
        last_read_message_index: bySms ? null : index,
        last_read_timestamp: bySms ? null : isoDate(created + 120),
      };
    }),
  filters: [],
};

export const conversationMessages: Resource<SeededRows<ConversationMessageRow>, SeededRows<ConversationRow>> = {
  product: 'conversations',
  kind: 'conversation-messages',
  path: '/v1/Conversations/{ConversationSid}/Messages',
  itemsKey: 'messages',
  paging: 'v1',
  maxPageSize: 100,
  parent: conversations,
  rows: (scope) =>
    productRows(scope, { kind: 'conversation-messages', sidPrefix: 'IM', count: 3, spacingSeconds: 45 }, ({ key, index, sid, created, accountSid, parentSid }) => ({
      account_sid: accountSid,
      conversation_sid: parentSid,
      sid,
      // Listed oldest first (Order=asc, Twilio's default), with gaps as Twilio allows.
      index: index * 2,
      author: pickOf(NAMES, hash(key, index)).toLowerCase(),
      body: worldly(scope.dataset.options.text, `Message ${index}`, hash(key, index, 3), WORLD_BODIES),
      media: null,
      attributes: '{}',
      participant_sid: `MB${sid.slice(2)}`,
      date_created: isoDate(created),
      date_updated: isoDate(created),
      url: `${CONVERSATIONS}/Conversations/${parentSid}/Messages/${sid}`,
      delivery: null,
      links: { delivery_receipts: `${CONVERSATIONS}/Conversations/${parentSid}/Messages/${sid}/Receipts` },
      content_sid: null,
    })),
  filters: [],
};

export const users: Resource<SeededRows<UserRow>> = {
  product: 'conversations',
  kind: 'users',
  path: '/v1/Users',
  itemsKey: 'users',
  paging: 'v1',
  maxPageSize: 50,
  instance: instanceBySid('user', 'UserSid', 'US'),
  rows: (scope) =>
    productRows(scope, { kind: 'users', sidPrefix: 'US', count: 2, spacingSeconds: 86_400 }, ({ key, index, sid, created, accountSid }) => {
      const name = pickOf(NAMES, hash(key, index));
      return {
        sid,
        account_sid: accountSid,
        chat_service_sid: defaultServiceOf(accountSid),
        role_sid: `RL${accountSid.slice(2)}`,
        identity: `${name.toLowerCase()}-${index}`,
        friendly_name: worldly(scope.dataset.options.text, name, hash(key, index, 4)),
        attributes: '{}',
        is_online: index === 0 ? true : null,
        is_notifiable: null,
        date_created: isoDate(created),
        date_updated: isoDate(created + 60),
        url: `${CONVERSATIONS}/Users/${sid}`,
        links: { user_conversations: `${CONVERSATIONS}/Users/${sid}/Conversations` },
      };
    }),
  filters: [],
};

export const userConversations: Resource<RowsWithoutSid<UserConversationRow>, SeededRows<UserRow>> = {
  product: 'conversations',
  kind: 'user-conversations',
  path: '/v1/Users/{UserSid}/Conversations',
  itemsKey: 'conversations',
  paging: 'v1',
  maxPageSize: 50,
  parent: users,
  rows: (scope) =>
    new RowsWithoutSid(productRows(scope, { kind: 'user-conversations', sidPrefix: 'CH', count: 2, spacingSeconds: 3600 }, ({ index, sid, created, accountSid, parentSid }) => ({
      account_sid: accountSid,
      chat_service_sid: defaultServiceOf(accountSid),
      conversation_sid: sid,
      unread_messages_count: index * 3,
      last_read_message_index: index,
      participant_sid: `MB${sid.slice(2)}`,
      user_sid: parentSid,
      friendly_name: `Support case ${index}`,
      conversation_state: index === 0 ? 'active' : 'closed',
      timers: {},
      attributes: '{}',
      date_created: isoDate(created),
      date_updated: isoDate(created + 60),
      created_by: 'system',
      notification_level: index === 0 ? 'default' : 'muted',
      unique_name: `case-${index}`,
      url: `${CONVERSATIONS}/Users/${parentSid}/Conversations/${sid}`,
      links: { participant: `${CONVERSATIONS}/Conversations/${sid}/Participants/MB${sid.slice(2)}`, conversation: `${CONVERSATIONS}/Conversations/${sid}` },
      sid,
    }))),
  filters: [],
};

export const services: Resource<SeededRows<ServiceRow>> = {
  product: 'conversations',
  kind: 'services',
  path: '/v1/Services',
  itemsKey: 'services',
  paging: 'v1',
  maxPageSize: 100,
  instance: instanceBySid('service', 'ChatServiceSid', 'IS'),
  rows: (scope) =>
    productRows(scope, { kind: 'services', sidPrefix: 'IS', count: 2, spacingSeconds: 30 * 86_400 }, ({ index, sid, created, accountSid }) => ({
      account_sid: accountSid,
      sid,
      friendly_name: index === 0 ? 'Default Conversations Service' : `service ${index}`,
      date_created: isoDate(created),
      date_updated: isoDate(created + 86_400),
      url: `${CONVERSATIONS}/Services/${sid}`,
      links: { conversations: `${CONVERSATIONS}/Services/${sid}/Conversations`, users: `${CONVERSATIONS}/Services/${sid}/Users`, roles: `${CONVERSATIONS}/Services/${sid}/Roles` },
    })),
  filters: [],
};

export const roles: Resource<SeededRows<RoleRow>, SeededRows<ServiceRow>> = {
  product: 'conversations',
  kind: 'roles',
  path: '/v1/Services/{ChatServiceSid}/Roles',
  itemsKey: 'roles',
  paging: 'v1',
  maxPageSize: 50,
  parent: services,
  rows: (scope) =>
    productRows(scope, { kind: 'roles', sidPrefix: 'RL', count: 2, spacingSeconds: 60 }, ({ index, sid, created, accountSid, parentSid }) => ({
      sid,
      account_sid: accountSid,
      chat_service_sid: parentSid,
      friendly_name: index === 0 ? 'service admin' : 'channel user',
      type: index === 0 ? 'service' : 'conversation',
      permissions: index === 0 ? ['createConversation', 'editAnyMessage'] : ['sendMessage', 'leaveConversation'],
      date_created: isoDate(created),
      date_updated: isoDate(created),
      url: `${CONVERSATIONS}/Services/${parentSid}/Roles/${sid}`,
    })),
  filters: [],
};
