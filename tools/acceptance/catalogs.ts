/** Configured catalogs built as CAT builds them (`connector_acceptance_test/utils/common.py`) and written as it writes them. */
import { configuredCatalogSchema, type AirbyteStream, type SyncMode } from '../../src/protocol/messages.js';
import { describeIssues } from '../../src/protocol/inputs.js';
import type { DiscoveredStream } from './catalog-rules.js';

/** A stream of a configured catalog file, which CAT's invalid-catalog probe fills with modes that do not exist. */
export interface CatalogFileStream {
  stream: AirbyteStream;
  sync_mode: SyncMode | 'INVALID';
  destination_sync_mode: string;
  cursor_field?: string[] | undefined;
  primary_key?: string[][] | undefined;
}

export interface ConfiguredStream extends CatalogFileStream {
  stream: DiscoveredStream;
  sync_mode: SyncMode;
}

/** basic_read's catalog: every discovered stream but the declared empty ones, in its first sync mode. */
export function catalogFromDiscovered(streams: readonly DiscoveredStream[], emptyStreams: readonly string[]): ConfiguredStream[] {
  return streams
    .filter((stream) => !emptyStreams.includes(stream.name))
    .map((stream) => ({
      stream,
      sync_mode: stream.supported_sync_modes[0] ?? 'full_refresh',
      destination_sync_mode: 'append',
      cursor_field: stream.default_cursor_field,
      primary_key: stream.source_defined_primary_key,
    }));
}

/** A configured catalog file with each stream replaced by the discovered one of the same name. */
export function catalogFromFile(raw: unknown, path: string, discovered: readonly DiscoveredStream[]): ConfiguredStream[] | string {
  const parsed = configuredCatalogSchema.safeParse(raw);
  if (!parsed.success) return `${path} is not a configured catalog: ${describeIssues(parsed.error)}`;
  const streams: ConfiguredStream[] = [];
  for (const configured of parsed.data.streams) {
    const stream = discovered.find((candidate) => candidate.name === configured.stream.name);
    if (stream === undefined) return `the stream ${configured.stream.name} of ${path} is not in the discovered catalog`;
    streams.push({ ...configured, stream, destination_sync_mode: configured.destination_sync_mode ?? 'append' });
  }
  return streams;
}

/** Only the streams that support the mode, configured in it (CAT's full_refresh_only_catalog and incremental_only_catalog). */
export function onlyMode(streams: readonly ConfiguredStream[], mode: SyncMode): ConfiguredStream[] {
  return streams
    .filter((configured) => configured.stream.supported_sync_modes.includes(mode))
    .map((configured) => ({ ...configured, sync_mode: mode }));
}

/** The primary key a comparison uses: the configured one, else the source-defined one. */
export const primaryKeyOf = (configured: ConfiguredStream): string[][] =>
  configured.primary_key ?? configured.stream.source_defined_primary_key ?? [];

const STREAM_OPTIONAL_FIELDS = ['source_defined_cursor', 'default_cursor_field', 'source_defined_primary_key', 'namespace', 'is_resumable'];
const CONFIGURED_OPTIONAL_FIELDS = ['cursor_field', 'primary_key', 'generation_id', 'minimum_generation_id', 'sync_id'];

/** The catalog file as CAT writes it with pydantic: every unset optional field is an explicit null. */
export function catalogJson(streams: readonly CatalogFileStream[]): unknown {
  const withNulls = (value: object, fields: readonly string[]) =>
    Object.fromEntries([
      ...fields.map((field): [string, unknown] => [field, null]),
      ...Object.entries(value).filter(([, entry]) => entry !== undefined),
    ]);
  return {
    streams: streams.map((configured) =>
      withNulls({ ...configured, stream: withNulls(configured.stream, STREAM_OPTIONAL_FIELDS) }, CONFIGURED_OPTIONAL_FIELDS),
    ),
  };
}
