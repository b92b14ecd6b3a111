import type { Fault } from '../../simulator/faults.js';

/** Every fault the client must ride out by retrying, by the name tests report it under. */
export const TRANSIENT_FAULTS: [string, Fault][] = [
  ['429 with Retry-After', { type: 'status', status: 429, code: 20429, retryAfter: 0 }],
  ['429 without Retry-After', { type: 'status', status: 429, code: 20429 }],
  ['500', { type: 'status', status: 500 }],
  ['502', { type: 'status', status: 502 }],
  ['503', { type: 'status', status: 503 }],
  ['504', { type: 'status', status: 504 }],
  ['a reset before the body', { type: 'reset-before-body' }],
  ['a reset during the body', { type: 'reset-during-body' }],
  ['a truncated body', { type: 'truncated-body' }],
  ['an HTML page', { type: 'html' }],
  ['a body that is not JSON', { type: 'not-json' }],
  ['a server that never answers', { type: 'hang' }],
];
