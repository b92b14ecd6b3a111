import type { Dataset } from '../../simulator/dataset.js';
import type { AirbyteMessage } from '../../src/protocol/messages.js';
import { STREAMS } from '../../src/streams/index.js';

export type StreamName = 'conferences' | 'conference_participants';
export type KeysByStream = Record<StreamName, string[]>;

/** A record's primary key as one string, by the stream's own definition. */
export function primaryKeyOf(stream: string, data: Record<string, unknown>): string {
  const definition = STREAMS.find((candidate) => candidate.name === stream);
  if (definition === undefined) throw new Error(`A record of an unknown stream "${stream}".`);
  return definition.primaryKey.map((field) => String(data[field])).join('\u0000');
}

/** The records' primary keys by stream, in the order they came. */
export function recordKeys(messages: AirbyteMessage[]): KeysByStream {
  const keys: KeysByStream = { conferences: [], conference_participants: [] };
  for (const message of messages) {
    if (message.type !== 'RECORD') continue;
    const { stream, data } = message.record;
    const list: string[] | undefined = keys[stream as StreamName];
    if (list === undefined) throw new Error(`A record of an unknown stream "${stream}".`);
    list.push(primaryKeyOf(stream, data));
  }
  return keys;
}

/**
 * What a complete read of the account must emit, worked out from the simulator's data rather than from a run:
 * every conference, and every participant of every live conference.
 */
export function expectedKeys(dataset: Dataset, accountSid: string): KeysByStream {
  const conferences = dataset.conferences(accountSid);
  const participants = dataset.activeConferences(accountSid).flatMap((conference) => participantUris(dataset, accountSid, conference.sid));
  return { conferences: Array.from({ length: conferences.length }, (_, index) => conferences.sidAt(index)), conference_participants: participants };
}

/** The URIs (the primary key) of a live conference's participants, in list order; `from` skips the first ones. */
export function participantUris(dataset: Dataset, accountSid: string, conferenceSid: string, from = 0): string[] {
  const participants = dataset.participants(accountSid, conferenceSid);
  return Array.from({ length: Math.max(0, participants.length - from) }, (_, index) => participants.at(from + index).uri);
}

export interface ExactlyOnceReport {
  duplicated: string[];
  missing: string[];
  unexpected: string[];
}

const EXAMPLES = 5;

/**
 * Compares the keys that came with the keys that should have: all three lists are empty when every expected record
 * came exactly once and nothing else came. Each list shows its first few keys and how many more there are.
 */
export function exactlyOnce(actual: Iterable<string>, expected: Iterable<string>): ExactlyOnceReport {
  const wanted = new Set(expected);
  const seen = new Set<string>();
  const duplicated: string[] = [];
  const unexpected: string[] = [];
  for (const key of actual) {
    if (seen.has(key)) duplicated.push(key);
    else if (!wanted.has(key)) unexpected.push(key);
    seen.add(key);
  }
  const missing = [...wanted].filter((key) => !seen.has(key));
  return { duplicated: examples(duplicated), missing: examples(missing), unexpected: examples(unexpected) };
}

function examples(keys: string[]): string[] {
  return keys.length <= EXAMPLES ? keys : [...keys.slice(0, EXAMPLES), `…and ${keys.length - EXAMPLES} more`];
}

export const NOTHING_WRONG: ExactlyOnceReport = { duplicated: [], missing: [], unexpected: [] };
