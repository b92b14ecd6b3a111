/**
 * `acceptance-test-config.yml` as CAT reads it (its pydantic models in `connector_acceptance_test/config.py`): unknown
 * keys are errors, defaults are CAT's, and `test_strictness_level: high` adds CAT's mandatory rules.
 */
import { z } from 'zod';
import type { Problem } from './report.js';

const DEFAULT_CONFIG_PATH = 'secrets/config.json';

const reason = z.string().trim().min(1, 'must say why');
const configPath = z.string().default(DEFAULT_CONFIG_PATH);
const timeoutSeconds = z.number().int().min(0).optional();
/** A CAT option this runner does not carry out: rejected rather than silently ignored. */
const unsupported = z.undefined({ error: 'is a CAT option this runner does not support' }).optional();
const namedBypass = z.strictObject({ name: z.string(), bypass_reason: reason.optional() });
export type NamedBypass = z.infer<typeof namedBypass>;

const specTest = z.strictObject({
  spec_path: z.string().default('secrets/spec.json'),
  config_path: configPath,
  timeout_seconds: timeoutSeconds,
  deployment_mode: unsupported,
  backward_compatibility_tests_config: unsupported,
  auth_default_method: unsupported,
});

const connectionTest = z.strictObject({
  config_path: configPath,
  status: z.enum(['succeed', 'failed', 'exception']).default('succeed'),
  timeout_seconds: timeoutSeconds,
  deployment_mode: unsupported,
});

const discoveryTest = z.strictObject({
  config_path: configPath,
  timeout_seconds: timeoutSeconds,
  deployment_mode: unsupported,
  backward_compatibility_tests_config: unsupported,
  validate_primary_keys_data_type: z.boolean().default(true),
});

const expectRecords = z
  .strictObject({ bypass_reason: reason.optional(), path: z.string().optional(), exact_order: z.boolean().default(false) })
  .refine((value) => (value.path === undefined) !== (value.bypass_reason === undefined), 'needs either a path or a bypass_reason');

const basicReadTest = z.strictObject({
  config_path: configPath,
  deployment_mode: unsupported,
  configured_catalog_path: z.string().optional(),
  empty_streams: z.array(namedBypass).default([]),
  expect_records: expectRecords.optional(),
  validate_schema: z.boolean().default(true),
  validate_stream_statuses: z.boolean().optional(),
  validate_state_messages: z.boolean().default(true),
  validate_primary_keys_data_type: z.boolean().default(true),
  fail_on_extra_columns: z.boolean().default(true),
  validate_data_points: z.literal(false, { error: 'true is a CAT option this runner does not support' }).optional(),
  expect_trace_message_on_failure: z.boolean().default(true),
  timeout_seconds: timeoutSeconds,
});

const fullRefreshTest = z.strictObject({
  config_path: configPath,
  configured_catalog_path: z.string().optional(),
  timeout_seconds: timeoutSeconds,
  deployment_mode: unsupported,
  ignored_fields: z.record(z.string(), z.array(namedBypass)).optional(),
});

const futureState = z.strictObject({
  future_state_path: z.string().optional(),
  missing_streams: z.array(namedBypass).default([]),
  bypass_reason: reason.optional(),
  cursor_format: unsupported,
});

const incrementalTest = z.strictObject({
  config_path: configPath,
  configured_catalog_path: z.string().optional(),
  cursor_paths: z.record(z.string(), z.array(z.string()).min(1)).default({}),
  future_state: futureState.optional(),
  timeout_seconds: timeoutSeconds,
  deployment_mode: unsupported,
  skip_comprehensive_incremental_tests: z.boolean().default(false),
});

const connectorAttributesTest = z.strictObject({
  config_path: configPath,
  timeout_seconds: timeoutSeconds,
  streams_without_primary_key: z.array(namedBypass).default([]),
  allowed_hosts: z.strictObject({ bypass_reason: reason.optional() }).optional(),
  suggested_streams: z.strictObject({ bypass_reason: reason.optional() }).optional(),
});

const documentationTest = z.strictObject({ config_path: configPath, timeout_seconds: timeoutSeconds });

/** A suite: its tests, or a reason it is bypassed; never both. */
const suite = <T extends z.ZodType>(test: T) =>
  z
    .strictObject({ bypass_reason: reason.optional(), tests: z.array(test).optional() })
    .refine((value) => !(value.bypass_reason !== undefined && value.tests !== undefined), "can't set a bypass_reason if tests are set")
    .optional();

export const acceptanceTestConfigSchema = z.strictObject({
  connector_image: z.string(),
  base_path: z.string().optional(),
  test_strictness_level: z.enum(['high', 'low']).default('low'),
  custom_environment_variables: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  acceptance_tests: z.strictObject({
    spec: suite(specTest),
    connection: suite(connectionTest),
    discovery: suite(discoveryTest),
    basic_read: suite(basicReadTest),
    full_refresh: suite(fullRefreshTest),
    incremental: suite(incrementalTest),
    connector_attributes: suite(connectorAttributesTest),
    connector_documentation: suite(documentationTest),
  }),
});

export type AcceptanceTestConfig = z.infer<typeof acceptanceTestConfigSchema>;
export type Suites = AcceptanceTestConfig['acceptance_tests'];
export type SuiteName = keyof Suites;
export type SpecTest = z.infer<typeof specTest>;
export type ConnectionTest = z.infer<typeof connectionTest>;
export type DiscoveryTest = z.infer<typeof discoveryTest>;
export type BasicReadTest = z.infer<typeof basicReadTest>;
export type FullRefreshTest = z.infer<typeof fullRefreshTest>;
export type IncrementalTest = z.infer<typeof incrementalTest>;
export type ConnectorAttributesTest = z.infer<typeof connectorAttributesTest>;

/** Suites CAT fails when a high-strictness config neither configures nor bypasses them. */
const MANDATORY_AT_HIGH: readonly SuiteName[] = ['spec', 'connection', 'discovery', 'basic_read', 'full_refresh', 'incremental'];

export function parseAcceptanceTestConfig(raw: unknown): { config: AcceptanceTestConfig; problems: Problem[] } | { problems: Problem[] } {
  const result = acceptanceTestConfigSchema.safeParse(raw);
  if (!result.success) {
    return { problems: result.error.issues.map((issue) => ({ at: issue.path.join('.') || '(top level)', why: issue.message })) };
  }
  const config = result.data;
  return { config, problems: config.test_strictness_level === 'high' ? highStrictnessProblems(config.acceptance_tests) : [] };
}

function highStrictnessProblems(suites: Suites): Problem[] {
  const problems: Problem[] = [];
  const fail = (at: string, why: string) => problems.push({ at, why: `high strictness: ${why}` });
  for (const name of MANDATORY_AT_HIGH) {
    const configured = suites[name];
    if (configured?.bypass_reason === undefined && (configured?.tests ?? []).length === 0) {
      fail(`acceptance_tests.${name}`, 'the suite must have tests or a bypass_reason');
    }
  }
  const unexplained = (at: string, entries: readonly NamedBypass[]) => {
    for (const entry of entries) if (entry.bypass_reason === undefined) fail(at, `${entry.name} needs a bypass_reason`);
  };
  suites.basic_read?.tests?.forEach((test, index) => {
    const at = `acceptance_tests.basic_read.tests.${index}`;
    if (test.configured_catalog_path !== undefined) fail(at, 'basic_read reads the discovered catalog; remove configured_catalog_path');
    if (!test.validate_schema) fail(at, 'validate_schema must be true');
    if (test.expect_records === undefined) fail(at, 'expect_records must be configured');
    unexplained(`${at}.empty_streams`, test.empty_streams);
  });
  suites.full_refresh?.tests?.forEach((test, index) => {
    unexplained(`acceptance_tests.full_refresh.tests.${index}.ignored_fields`, Object.values(test.ignored_fields ?? {}).flat());
  });
  suites.incremental?.tests?.forEach((test, index) => {
    const at = `acceptance_tests.incremental.tests.${index}`;
    if (test.future_state === undefined) fail(at, 'future_state needs a future_state_path or a bypass_reason');
    else if (test.future_state.future_state_path === undefined && test.future_state.bypass_reason === undefined) {
      fail(`${at}.future_state`, 'needs a future_state_path or a bypass_reason');
    }
    unexplained(`${at}.future_state.missing_streams`, test.future_state?.missing_streams ?? []);
  });
  return problems;
}
