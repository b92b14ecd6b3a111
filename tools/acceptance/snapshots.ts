/**
 * Backward compatibility without Docker: CAT compares against the previous published image; this runner compares
 * against snapshots of the spec and the discovered catalog committed in the repository. A breaking change fails until
 * the snapshot is deliberately updated with `npm run acceptance -- --update-snapshots`.
 */
import { catalogSchema } from '../../src/protocol/messages.js';
import type { DiscoveredCatalog } from './catalog-rules.js';
import { breakingCatalogChanges, breakingSpecChanges } from './compatibility.js';
import type { Harness } from './harness.js';
import { jsonDifferences } from './json-diff.js';

export const SPEC_SNAPSHOT = 'integration_tests/snapshots/spec.json';
export const CATALOG_SNAPSHOT = 'integration_tests/snapshots/catalog.json';
export const UPDATE_COMMAND = 'npm run acceptance -- --update-snapshots';

interface Snapshot {
  path: string;
  current: unknown;
  breakingChanges(previous: unknown): string[];
}

export function specSnapshot(connectionSpecification: unknown): Snapshot {
  return {
    path: SPEC_SNAPSHOT,
    current: connectionSpecification,
    breakingChanges: (previous) => breakingSpecChanges(previous, connectionSpecification),
  };
}

export function catalogSnapshot(catalog: DiscoveredCatalog): Snapshot {
  return {
    path: CATALOG_SNAPSHOT,
    current: catalog,
    breakingChanges: (previous) => {
      const parsed = catalogSchema.safeParse(previous);
      if (!parsed.success) return [`${CATALOG_SNAPSHOT} is not a catalog; recreate it with ${UPDATE_COMMAND}`];
      return breakingCatalogChanges(parsed.data.streams, catalog.streams);
    },
  };
}

export async function checkSnapshot(harness: Harness, snapshot: Snapshot): Promise<void> {
  const { report, project } = harness;
  const name = `backward compatible with ${snapshot.path}`;
  let previous: unknown;
  try {
    previous = await project.json(snapshot.path);
  } catch (error) {
    if (!harness.updateSnapshots) {
      report.check(name, [{ why: `${(error as Error).message} Create it with ${UPDATE_COMMAND} and commit it.` }]);
      return;
    }
  }
  const breaking = previous === undefined ? [] : snapshot.breakingChanges(previous);
  if (harness.updateSnapshots) {
    await project.writeJson(snapshot.path, snapshot.current);
    for (const change of breaking) report.note(`accepted breaking change: ${change}`);
    report.check(`${snapshot.path} updated`, []);
    return;
  }
  const problems = breaking.map((change) => ({
    at: snapshot.path,
    why: `breaking change: ${change}. If it is deliberate, run ${UPDATE_COMMAND} and commit the snapshot (and plan a major version).`,
  }));
  if (report.check(name, problems) && jsonDifferences(previous, snapshot.current, '').length > 0) {
    report.note(`compatible changes since ${snapshot.path}; record them with ${UPDATE_COMMAND}`);
  }
}
