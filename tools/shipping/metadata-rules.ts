/**
 * metadata.yaml in Airbyte's format (ConnectorMetadataDefinitionV0), held to what the code and package.json say: the
 * image name, the hosts the connector calls, its streams, its documentation page.
 */
import { parse } from 'yaml';
import { z } from 'zod';
import { STREAMS } from '../../src/streams/index.js';
import { apiOrigin, REGIONS } from '../../src/twilio/apis.js';
import type { PackageJson } from './project.js';

/** Keys of `data` that Airbyte's schema allows and this connector does not set; any other key is refused. */
const OTHER_AIRBYTE_DATA_KEYS = [
  'icon',
  'connectorBuildOptions',
  'connectorTestSuitesOptions',
  'connectorIPCOptions',
  'supportsDbt',
  'supportsNormalization',
  'supportsRefreshes',
  'supportsFileTransfer',
  'supportsDataActivation',
  'externalDocumentationUrls',
  'maxSecondsBetweenMessages',
  'releaseDate',
  'protocolVersion',
  'erdUrl',
  'registryOverrides',
  'releases',
  'normalizationConfig',
  'resourceRequirements',
  'ab_internal',
  'remoteRegistries',
  'generated',
] as const;

const dataSchema = z.object({
  name: z.string().min(1),
  definitionId: z.uuid(),
  connectorType: z.literal('source'),
  connectorSubtype: z.literal('api'),
  dockerRepository: z.string(),
  dockerImageTag: z.string(),
  documentationUrl: z.url(),
  githubIssueLabel: z.string(),
  license: z.string(),
  releaseStage: z.enum(['alpha', 'beta', 'generally_available', 'custom']),
  supportLevel: z.enum(['community', 'certified', 'archived']).optional(),
  allowedHosts: z.strictObject({ hosts: z.array(z.string()) }),
  suggestedStreams: z.strictObject({ streams: z.array(z.string()) }),
  tags: z.array(z.string()),
});
const KNOWN_DATA_KEYS: ReadonlySet<string> = new Set([...Object.keys(dataSchema.shape), ...OTHER_AIRBYTE_DATA_KEYS]);
const metadataSchema = z.strictObject({ metadataSpecVersion: z.literal('1.0'), data: dataSchema });
export type Metadata = z.infer<typeof metadataSchema>;

/** The metadata, or the messages saying where it breaks Airbyte's format. */
export function parseMetadata(text: string): Metadata | string[] {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    return [`metadata.yaml is not valid YAML: ${(error as Error).message}`];
  }
  const data = z.object({ data: z.record(z.string(), z.unknown()) }).safeParse(raw).data?.data ?? {};
  const problems = Object.keys(data)
    .filter((key) => !KNOWN_DATA_KEYS.has(key))
    .map((key) => `metadata.yaml data.${key} is not a key of Airbyte's metadata format`);
  const result = metadataSchema.safeParse(raw);
  if (!result.success) problems.push(...result.error.issues.map((issue) => `metadata.yaml ${issue.path.join('.') || 'top level'}: ${issue.message}`));
  return result.success && problems.length === 0 ? result.data : problems;
}

/** Every host a stream of the connector calls, in every region. */
const TWILIO_HOSTS = [
  ...new Set(
    STREAMS.flatMap((stream) =>
      REGIONS.flatMap((region) => {
        const origin = apiOrigin(stream.api, region);
        return origin === undefined ? [] : [new URL(origin).host];
      }),
    ),
  ),
];

export function metadataRule(metadata: Metadata | string[], packageJson: PackageJson, specDocumentationUrl: unknown): string[] {
  if (Array.isArray(metadata)) return metadata;
  const { data } = metadata;
  const problems: string[] = [];
  const expect = (key: string, actual: unknown, expected: unknown, because: string) => {
    if (actual !== expected) problems.push(`metadata.yaml data.${key} is ${String(actual)} but must be ${String(expected)}, ${because}`);
  };
  expect('dockerRepository', data.dockerRepository, `airbyte/${packageJson.name}`, "Airbyte's image name for the package");
  expect('githubIssueLabel', data.githubIssueLabel, packageJson.name, 'the connector\'s name');
  expect('license', data.license, packageJson.license, "package.json's license");
  expect('documentationUrl', data.documentationUrl, specDocumentationUrl, "spec.json's documentationUrl");

  const missingHosts = TWILIO_HOSTS.filter((host) => !data.allowedHosts.hosts.includes(host));
  const strayHosts = data.allowedHosts.hosts.filter((host) => !TWILIO_HOSTS.includes(host));
  if (missingHosts.length > 0) problems.push(`metadata.yaml data.allowedHosts.hosts lacks ${missingHosts.join(', ')}, which the connector calls for its regions`);
  if (strayHosts.length > 0) problems.push(`metadata.yaml data.allowedHosts.hosts lists ${strayHosts.join(', ')}, which the connector never calls`);

  const streams: readonly string[] = STREAMS.map((stream) => stream.name);
  for (const stream of data.suggestedStreams.streams.filter((name) => !streams.includes(name))) {
    problems.push(`metadata.yaml data.suggestedStreams lists ${stream}, which is not a stream of the connector (${streams.join(', ')})`);
  }
  if (!data.tags.includes('language:typescript')) problems.push('metadata.yaml data.tags lacks language:typescript');
  return problems;
}
