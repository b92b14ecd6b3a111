import * as z from 'zod';

/**
 * The subset of the Airbyte protocol (v0.18) a source speaks, as zod schemas. Every object is loose because the
 * protocol lets any object carry extra properties; `null` is accepted wherever a field is optional because
 * acceptance tooling writes unset optional fields as explicit nulls.
 */

const optional = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? undefined);

export const streamDescriptorSchema = z.looseObject({
  name: z.string(),
  namespace: optional(z.string()),
});
export type StreamDescriptor = z.infer<typeof streamDescriptorSchema>;

export const syncModeSchema = z.enum(['full_refresh', 'incremental']);
export type SyncMode = z.infer<typeof syncModeSchema>;

/** What the destination does with the records (`overwrite`, `append_dedup`, `soft_delete`, …): a source does not act on it. */
export const destinationSyncModeSchema = z.string();

const jsonObjectSchema = z.record(z.string(), z.unknown());
export type JsonObject = z.infer<typeof jsonObjectSchema>;

export const airbyteStreamSchema = z.looseObject({
  name: z.string(),
  json_schema: jsonObjectSchema,
  supported_sync_modes: z.array(syncModeSchema).min(1),
  source_defined_cursor: optional(z.boolean()),
  default_cursor_field: optional(z.array(z.string())),
  source_defined_primary_key: optional(z.array(z.array(z.string()))),
  namespace: optional(z.string()),
  is_resumable: optional(z.boolean()),
});
export type AirbyteStream = z.input<typeof airbyteStreamSchema>;

export const catalogSchema = z.looseObject({ streams: z.array(airbyteStreamSchema) });
export type AirbyteCatalog = z.input<typeof catalogSchema>;

export const configuredStreamSchema = z.looseObject({
  stream: airbyteStreamSchema,
  sync_mode: syncModeSchema,
  destination_sync_mode: optional(destinationSyncModeSchema),
  cursor_field: optional(z.array(z.string())),
  primary_key: optional(z.array(z.array(z.string()))),
  generation_id: optional(z.number().int()),
  minimum_generation_id: optional(z.number().int()),
  sync_id: optional(z.number().int()),
});
export type ConfiguredStream = z.infer<typeof configuredStreamSchema>;

export const configuredCatalogSchema = z.looseObject({ streams: z.array(configuredStreamSchema) });
export type ConfiguredCatalog = z.infer<typeof configuredCatalogSchema>;

export const recordChangeSchema = z.looseObject({
  field: z.string(),
  change: z.enum(['NULLED', 'TRUNCATED']),
  reason: z.enum([
    'SOURCE_RECORD_SIZE_LIMITATION',
    'DESTINATION_RECORD_SIZE_LIMITATION',
    'PLATFORM_RECORD_SIZE_LIMITATION',
    'SOURCE_FIELD_SIZE_LIMITATION',
    'DESTINATION_FIELD_SIZE_LIMITATION',
    'PLATFORM_FIELD_SIZE_LIMITATION',
    'SOURCE_SERIALIZATION_ERROR',
    'DESTINATION_SERIALIZATION_ERROR',
    'PLATFORM_SERIALIZATION_ERROR',
    'SOURCE_RETRIEVAL_ERROR',
    'DESTINATION_TYPECAST_ERROR',
  ]),
});
export type RecordChange = z.input<typeof recordChangeSchema>;

export const recordMessageSchema = z.looseObject({
  stream: z.string(),
  data: jsonObjectSchema,
  emitted_at: z.number().int(),
  namespace: optional(z.string()),
  meta: optional(z.looseObject({ changes: optional(z.array(recordChangeSchema)) })),
});

export const streamStateSchema = z.looseObject({
  stream_descriptor: streamDescriptorSchema,
  stream_state: z.nullish(jsonObjectSchema),
});

export const stateMessageSchema = z.looseObject({
  type: z.literal('STREAM'),
  stream: streamStateSchema,
  sourceStats: optional(z.looseObject({ recordCount: z.number() })),
});
export type StateMessage = z.infer<typeof stateMessageSchema>;

export const logLevelSchema = z.enum(['FATAL', 'ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE']);
export type LogLevel = z.infer<typeof logLevelSchema>;

export const logMessageSchema = z.looseObject({
  level: logLevelSchema,
  message: z.string(),
  stack_trace: optional(z.string()),
});

export const failureTypeSchema = z.enum(['system_error', 'config_error', 'transient_error']);
export type FailureType = z.infer<typeof failureTypeSchema>;

export const streamStatusSchema = z.enum(['STARTED', 'RUNNING', 'COMPLETE', 'INCOMPLETE']);
export type StreamStatus = z.infer<typeof streamStatusSchema>;

export const traceMessageSchema = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('ERROR'),
    emitted_at: z.number(),
    error: z.looseObject({
      message: z.string(),
      internal_message: optional(z.string()),
      stack_trace: optional(z.string()),
      failure_type: optional(failureTypeSchema),
      stream_descriptor: optional(streamDescriptorSchema),
    }),
  }),
  z.looseObject({
    type: z.literal('STREAM_STATUS'),
    emitted_at: z.number(),
    stream_status: z.looseObject({
      stream_descriptor: streamDescriptorSchema,
      status: streamStatusSchema,
      reasons: optional(
        z.array(
          z.looseObject({
            type: z.literal('RATE_LIMITED'),
            rate_limited: optional(z.looseObject({ quota_reset: optional(z.number().int()) })),
          }),
        ),
      ),
    }),
  }),
  z.looseObject({
    type: z.literal('ESTIMATE'),
    emitted_at: z.number(),
    estimate: z.looseObject({
      name: z.string(),
      type: z.enum(['STREAM', 'SYNC']),
      namespace: optional(z.string()),
      row_estimate: optional(z.number().int()),
      byte_estimate: optional(z.number().int()),
    }),
  }),
  z.looseObject({ type: z.literal('ANALYTICS'), emitted_at: z.number(), analytics: z.looseObject({ type: z.string() }) }),
]);

export const connectorSpecificationSchema = z.looseObject({
  documentationUrl: optional(z.url()),
  changelogUrl: optional(z.url()),
  connectionSpecification: jsonObjectSchema,
  protocol_version: optional(z.string()),
});
export type ConnectorSpecification = z.input<typeof connectorSpecificationSchema>;

export const connectionStatusSchema = z.looseObject({
  status: z.enum(['SUCCEEDED', 'FAILED']),
  message: optional(z.string()),
});
export type ConnectionStatus = z.input<typeof connectionStatusSchema>;

/** One line of a source's stdout: exactly one message whose payload matches its type. */
export const airbyteMessageSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('RECORD'), record: recordMessageSchema }),
  z.looseObject({ type: z.literal('STATE'), state: stateMessageSchema }),
  z.looseObject({ type: z.literal('LOG'), log: logMessageSchema }),
  z.looseObject({ type: z.literal('SPEC'), spec: connectorSpecificationSchema }),
  z.looseObject({ type: z.literal('CONNECTION_STATUS'), connectionStatus: connectionStatusSchema }),
  z.looseObject({ type: z.literal('CATALOG'), catalog: catalogSchema }),
  z.looseObject({ type: z.literal('TRACE'), trace: traceMessageSchema }),
]);
export type AirbyteMessageInput = z.input<typeof airbyteMessageSchema>;
export type AirbyteMessage = z.infer<typeof airbyteMessageSchema>;
