/**
 * Resumable full refresh: a full refresh checkpoints the partitions it has finished (accounts, parent rows to any
 * depth), and a read given that state goes on from there. Here an attempt fails part way (a partition whose list
 * answers 500 through every retry); `e2e/resumable-full-refresh.test.ts` kills the process instead.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DEFAULT_CLOCK, DEFAULT_FIXTURE, MAIN_ACCOUNT_SID, SUBACCOUNT_SID } from '../simulator/fixtures.js';
import { TwilioSimulator } from '../simulator/server.js';
import type { AirbyteMessage } from '../src/protocol/messages.js';
import { STREAMS } from '../src/streams/index.js';
import { authTokenConfig, apiKeyConfig, catalogOf, recordsOf, runSource, statesOf, type RunResult } from './helpers/connector.js';

let simulator: TwilioSimulator;
beforeEach(async () => {
  simulator = await TwilioSimulator.start({
    clock: DEFAULT_CLOCK,
    dataset: { ...DEFAULT_FIXTURE, rowCounts: { conversations: 12, 'conversation-messages': 4, flows: 3, executions: 4, steps: 2 } },
  });
});
afterEach(() => simulator.close());

const read = (stream: string, state?: unknown, config: object = { ...apiKeyConfig, max_concurrency: 2 }) =>
  runSource('read', { baseUrl: simulator.url, config, catalog: catalogOf(stream), ...(state === undefined ? {} : { state }) });

const lastState = (result: RunResult, stream: string) => statesOf(result.messages, stream).at(-1)?.stream.stream_state;
const asState = (stream: string, state: unknown) => [{ type: 'STREAM', stream: { stream_descriptor: { name: stream }, stream_state: state } }];
const sids = (messages: AirbyteMessage[], stream: string, field: string) => recordsOf(messages, stream).map((record) => String(record.data[field]));

/** The conversations in the order Twilio lists them. */
async function conversationsListed(): Promise<string[]> {
  const result = await read('conversations');
  return sids(result.messages, 'conversations', 'sid');
}

/** The SIDs a list was asked for, from the path of each request of that kind. */
const askedFor = (kind: string, sidOf: (path: string) => string | undefined) =>
  simulator
    .stats()
    .log.filter((entry) => entry.kind === kind)
    .flatMap((entry) => sidOf(entry.path) ?? []);
const conversationOf = (path: string) => /\/Conversations\/(CH\w+)\//.exec(path)?.[1];

describe('a full refresh that fails part way, read again with its last state', () => {
  it('asks for no conversation it had finished, and the two reads hold every message of every conversation', async () => {
    const listed = await conversationsListed();
    const everyMessage = sids((await read('conversation_messages')).messages, 'conversation_messages', 'sid');
    const failing = listed[6] ?? '';
    simulator.resetStats();
    simulator.faults.add({ fault: { type: 'status', status: 500 }, pathIncludes: `/Conversations/${failing}/Messages` });

    const first = await read('conversation_messages');
    expect(first.exitCode).toBe(1);
    const state = lastState(first, 'conversation_messages') as { full_refresh: { accounts: Record<string, { through?: { conversationSid: string }; also: { conversationSid: string }[] }> } };
    const progress = state.full_refresh.accounts[MAIN_ACCOUNT_SID];
    const through = listed.indexOf(progress?.through?.conversationSid ?? '');
    expect(through).toBeGreaterThanOrEqual(0);
    const finished = [...listed.slice(0, through + 1), ...(progress?.also ?? []).map((key) => key.conversationSid)];
    expect(finished).not.toContain(failing);

    simulator.faults.clear();
    simulator.resetStats();
    const second = await read('conversation_messages', asState('conversation_messages', state));
    expect(second.exitCode).toBe(0);
    const askedAgain = askedFor('conversation-messages', conversationOf);
    expect(askedAgain.filter((sid) => finished.includes(sid))).toEqual([]);
    expect(new Set(askedAgain)).toEqual(new Set(listed.filter((sid) => !finished.includes(sid))));
    const both = new Set([...sids(first.messages, 'conversation_messages', 'sid'), ...sids(second.messages, 'conversation_messages', 'sid')]);
    expect(both).toEqual(new Set(everyMessage));
    expect(lastState(second, 'conversation_messages')).toEqual({});
  });

  it('goes on two levels down: the steps of the executions not finished, of the flows not finished', async () => {
    const everyStep = sids((await read('steps')).messages, 'steps', 'sid');
    const executions = recordsOf((await read('executions')).messages, 'executions').map((record) => record.data);
    const failing = executions[5];
    simulator.resetStats();
    simulator.faults.add({ fault: { type: 'status', status: 500 }, pathIncludes: `/Executions/${String(failing?.['sid'])}/Steps` });

    const first = await read('steps');
    expect(first.exitCode).toBe(1);
    const state = lastState(first, 'steps') as { full_refresh: { accounts: Record<string, { through?: Record<string, string> }> } };
    expect(Object.keys(state.full_refresh.accounts[MAIN_ACCOUNT_SID]?.through ?? {}).sort()).toEqual(['executionSid', 'flowSid']);

    simulator.faults.clear();
    simulator.resetStats();
    const second = await read('steps', asState('steps', state));
    expect(second.exitCode).toBe(0);
    const firstSteps = sids(first.messages, 'steps', 'sid');
    const secondSteps = sids(second.messages, 'steps', 'sid');
    expect(new Set([...firstSteps, ...secondSteps])).toEqual(new Set(everyStep));
    // Only what the first read had not finished: fewer steps than all of them, those of the failed execution among them.
    expect(secondSteps.length).toBeLessThan(everyStep.length);
    const stepsAsked = askedFor('steps', (path) => /\/Executions\/(FN\w+)\//.exec(path)?.[1]);
    expect(stepsAsked).toContain(String(failing?.['sid']));
    expect(stepsAsked).not.toContain(String(executions[0]?.['sid']));
  });

  it('skips every account it had finished: a stream of the 2010 API read again asks only the account that failed', async () => {
    simulator.faults.add({ fault: { type: 'status', status: 500 }, pathIncludes: `/Accounts/${SUBACCOUNT_SID}/Calls.json` });
    const first = await read('calls', undefined, authTokenConfig);
    expect(first.exitCode).toBe(1);
    expect(lastState(first, 'calls')).toEqual({ full_refresh: { accounts: { [MAIN_ACCOUNT_SID]: { complete: true } } } });

    simulator.faults.clear();
    simulator.resetStats();
    const second = await read('calls', asState('calls', lastState(first, 'calls')), authTokenConfig);
    expect(second.exitCode).toBe(0);
    expect(askedFor('calls', (path) => /\/Accounts\/(AC\w+)\//.exec(path)?.[1])).toEqual([SUBACCOUNT_SID]);
    expect(lastState(second, 'calls')).toEqual({});
  });

  it('starts over from a state of an incremental sync (the sync mode was changed), and from an empty one', async () => {
    const everyCall = sids((await read('calls')).messages, 'calls', 'sid');
    const incrementalState = { accounts: { [MAIN_ACCOUNT_SID]: { end_time: '2025-06-01T00:00:00Z' } } };
    for (const state of [incrementalState, {}]) {
      const again = await read('calls', asState('calls', state));
      expect(again.exitCode).toBe(0);
      expect(sids(again.messages, 'calls', 'sid').sort()).toEqual([...everyCall].sort());
    }
  });
});

describe('which streams say they can resume', () => {
  it('every stream read in partitions (per account, per parent row) is resumable; a single list of the credentials\' account is not', async () => {
    const discovered = await runSource('discover', { config: apiKeyConfig });
    const catalog = discovered.messages.find((message) => message.type === 'CATALOG');
    const resumable = new Map(catalog?.type === 'CATALOG' ? catalog.catalog.streams.map((stream) => [stream.name, stream.is_resumable]) : []);
    for (const stream of STREAMS) {
      const partitioned = stream.parent !== undefined || stream.scope !== 'credentials';
      expect([stream.name, resumable.get(stream.name)]).toEqual([stream.name, partitioned]);
    }
    expect(resumable.get('conversation_messages')).toBe(true);
    expect(resumable.get('trunks')).toBe(false);
  });
});
