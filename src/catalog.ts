import { toAirbyteJsonSchema } from './protocol/json-schema.js';
import type { AirbyteStream } from './protocol/messages.js';
import type { StreamDefinition } from './streams/definition.js';

/**
 * Whether a full refresh of the stream can go on from where a failed attempt stopped: when it is read in several
 * partitions (every account in scope, every parent row), each saved once read. A list read once for the credentials'
 * account, without a parent, is one request sequence with nothing to go on from: it is read whole again.
 */
export function isResumable(stream: StreamDefinition): boolean {
  return stream.parent !== undefined || stream.scope !== 'credentials';
}

/** A stream as `discover` shows it, derived from its definition alone. */
export function airbyteStreamOf(stream: StreamDefinition): AirbyteStream {
  const cursorField = stream.incremental?.cursorField;
  return {
    name: stream.name,
    // Worked out when the catalog is written: a read looks only at names and sync modes, and 52 schemas cost start-up.
    get json_schema() {
      return toAirbyteJsonSchema(stream.schema);
    },
    supported_sync_modes: cursorField === undefined ? ['full_refresh'] : ['full_refresh', 'incremental'],
    source_defined_primary_key: stream.primaryKey.map((field) => [field]),
    ...(cursorField === undefined ? {} : { source_defined_cursor: true, default_cursor_field: [cursorField] }),
    is_resumable: isResumable(stream),
  };
}
