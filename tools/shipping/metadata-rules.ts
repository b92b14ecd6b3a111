/**
 * metadata.yaml held to what the code and package.json say: the image name, the hosts the connector calls, its streams,
 * its documentation page.
 */
import { STREAMS } from '../../src/streams/index.js';
import { apiOrigin, REGIONS } from '../../src/twilio/apis.js';
import type { Metadata } from './metadata.js';
import type { PackageJson } from './project.js';

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
  // Its own image, never Airbyte's: `docker run source-twilio read …`, not airbyte/source-twilio.
  expect('dockerRepository', data.dockerRepository, packageJson.name, "the package's own image name (this is not Airbyte's connector)");
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
