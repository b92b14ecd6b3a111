/**
 * The connector_attributes suite. CAT runs it only for certified connectors (ql ≥ 400); this runner always does:
 * every stream has a primary key, and metadata.yaml declares the hosts it calls and the streams it suggests.
 */
import type { ConnectorAttributesTest } from '../config.js';
import { DEFAULT_TIMEOUT_SECONDS, type Harness } from '../harness.js';
import { METADATA_PATH, readMetadata } from '../../shipping/metadata.js';

export async function connectorAttributesSuite(harness: Harness, tests: readonly ConnectorAttributesTest[]): Promise<void> {
  const { report, project } = harness;
  const { data: metadata } = readMetadata(await project.text(METADATA_PATH));
  for (const [index, test] of tests.entries()) {
    report.startTest(`test ${index + 1}: ${harness.describeConfig(test.config_path)}`);
    const streams = await harness.discoveredStreams(test.config_path, test.timeout_seconds ?? DEFAULT_TIMEOUT_SECONDS.connector_attributes);
    if (streams === undefined) continue;
    const withoutKey = test.streams_without_primary_key.map((stream) => stream.name);
    report.check(
      'every stream defines a primary key, unless listed in streams_without_primary_key',
      streams
        .filter((stream) => (stream.source_defined_primary_key ?? []).length === 0 && !withoutKey.includes(stream.name))
        .map((stream) => ({ why: `${stream.name} has no source_defined_primary_key` })),
    );
    const hostsName = `${METADATA_PATH} lists the hosts the connector calls (allowedHosts.hosts)`;
    if (test.allowed_hosts?.bypass_reason !== undefined) report.skip(hostsName, test.allowed_hosts.bypass_reason);
    else
      report.check(
        hostsName,
        metadata.allowedHosts.hosts.length > 0 ? [] : [{ at: METADATA_PATH, why: 'data.allowedHosts.hosts is missing or empty' }],
      );
    const suggestedName = `${METADATA_PATH} suggests streams (suggestedStreams.streams), all of them discovered`;
    const suggested = metadata.suggestedStreams.streams;
    if (test.suggested_streams?.bypass_reason !== undefined) report.skip(suggestedName, test.suggested_streams.bypass_reason);
    else {
      report.check(suggestedName, [
        ...(suggested.length > 0 ? [] : [{ at: METADATA_PATH, why: 'data.suggestedStreams.streams is missing or empty' }]),
        ...suggested
          .filter((name) => !streams.some((stream) => stream.name === name))
          .map((name) => ({ at: METADATA_PATH, why: `the suggested stream ${name} is not in the discovered catalog` })),
      ]);
    }
  }
}
