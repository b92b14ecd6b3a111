/** The discovery suite: one CATALOG whose streams obey CAT's rules and stay compatible with the snapshot. */
import {
  cursorsAreScalarProperties,
  noRefsOrForbiddenKeywords,
  openObjects,
  primaryKeysAreScalars,
  primaryKeysExist,
  supportedTypesAndFormats,
  syncModesDeclared,
  uniqueStreamNames,
  validDraft7Schemas,
} from '../catalog-rules.js';
import type { DiscoveryTest } from '../config.js';
import { DEFAULT_TIMEOUT_SECONDS, type Harness } from '../harness.js';
import { catalogSnapshot, checkSnapshot } from '../snapshots.js';

export async function discoverySuite(harness: Harness, tests: readonly DiscoveryTest[]): Promise<void> {
  const { report } = harness;
  for (const [index, test] of tests.entries()) {
    report.startTest(`test ${index + 1}: ${harness.describeConfig(test.config_path)}`);
    const config = await harness.loadConfig(test.config_path);
    const run = await harness.run('discover', { config }, 'zero', test.timeout_seconds ?? DEFAULT_TIMEOUT_SECONDS.discovery);
    const catalogs = run.messages.flatMap(({ message }) => (message.type === 'CATALOG' ? [message.catalog] : []));
    const [catalog] = catalogs;
    report.check('exactly one CATALOG, with streams', [
      ...(catalogs.length === 1 ? [] : [{ why: `${catalogs.length} CATALOG messages, expected exactly one` }]),
      ...(catalog !== undefined && catalog.streams.length === 0 ? [{ why: 'the catalog has no streams' }] : []),
    ]);
    if (catalog === undefined) continue;
    const { streams } = catalog;
    report.check('stream names are unique', uniqueStreamNames(streams));
    report.check('every json_schema is a valid draft-07 schema', validDraft7Schemas(streams));
    report.check('no $ref, allOf or not in any json_schema', noRefsOrForbiddenKeywords(streams));
    report.check('additionalProperties is true wherever it is set', openObjects(streams));
    report.check('types are JSON types; format is only date or date-time, on strings', supportedTypesAndFormats(streams));
    report.check('primary keys are properties of their stream', primaryKeysExist(streams));
    if (test.validate_primary_keys_data_type) report.check('primary keys are neither objects nor arrays', primaryKeysAreScalars(streams));
    else report.skip('primary keys are neither objects nor arrays', 'validate_primary_keys_data_type is false');
    report.check('default cursor fields are properties of their stream, neither objects nor arrays', cursorsAreScalarProperties(streams));
    report.check('every stream supports at least one sync mode', syncModesDeclared(streams));
    await checkSnapshot(harness, catalogSnapshot(catalog));
  }
}
