/**
 * metadata.yaml in Airbyte's format (ConnectorMetadataDefinitionV0): the one schema of it, which the shipping checks and
 * the acceptance runner both read it with.
 */
import { parse } from 'yaml';
import { z } from 'zod';

export const METADATA_PATH = 'metadata.yaml';

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

/** The metadata, or an error listing where it breaks Airbyte's format. */
export function readMetadata(text: string): Metadata {
  const metadata = parseMetadata(text);
  if (Array.isArray(metadata)) throw new Error(metadata.join('; '));
  return metadata;
}
