import type { ConnectorError } from './errors.js';
import type { AirbyteMessageInput, JsonObject, StreamStatus } from './messages.js';

/** Why a stream is in its status: protocol 0.18 knows only a rate limit, until `quota_reset` (ms since the epoch). */
export type StreamStatusReason = { type: 'RATE_LIMITED'; rate_limited: { quota_reset: number } };

export function streamStatus(stream: string, status: StreamStatus, reason?: StreamStatusReason): AirbyteMessageInput {
  const streamStatus = { stream_descriptor: { name: stream }, status, ...(reason === undefined ? {} : { reasons: [reason] }) };
  return { type: 'TRACE', trace: { type: 'STREAM_STATUS', emitted_at: Date.now(), stream_status: streamStatus } };
}

/** A stream's size as far as the source can tell: what Airbyte's progress bar is drawn from. */
export function estimateTrace(stream: string, rows: number): AirbyteMessageInput {
  return { type: 'TRACE', trace: { type: 'ESTIMATE', emitted_at: Date.now(), estimate: { name: stream, type: 'STREAM', row_estimate: rows } } };
}

export function stateMessage(stream: string, state: JsonObject, recordCount: number): AirbyteMessageInput {
  return {
    type: 'STATE',
    state: {
      type: 'STREAM',
      stream: { stream_descriptor: { name: stream }, stream_state: state },
      sourceStats: { recordCount },
    },
  };
}

export function errorTrace(error: ConnectorError, stream?: string): AirbyteMessageInput {
  const internal = error.internalMessage ?? describeCause(error.cause);
  return {
    type: 'TRACE',
    trace: {
      type: 'ERROR',
      emitted_at: Date.now(),
      error: {
        message: error.message,
        failure_type: error.failureType,
        ...(internal === undefined ? {} : { internal_message: internal }),
        ...(error.failureType === 'system_error' && error.stack ? { stack_trace: stackOf(error) } : {}),
        ...(stream === undefined ? {} : { stream_descriptor: { name: stream } }),
      },
    },
  };
}

export function logMessage(level: 'WARN' | 'INFO' | 'ERROR' | 'DEBUG', message: string): AirbyteMessageInput {
  return { type: 'LOG', log: { level, message } };
}

function describeCause(cause: unknown): string | undefined {
  if (cause instanceof Error) return `${cause.name}: ${cause.message}`;
  return cause === undefined ? undefined : String(cause);
}

function stackOf(error: Error): string {
  const cause = error.cause;
  return cause instanceof Error && cause.stack ? cause.stack : (error.stack ?? '');
}
