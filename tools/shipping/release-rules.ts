/**
 * One version everywhere it is written (package.json, metadata.yaml, the changelog in the docs page), and a docs page
 * in Airbyte's layout that lists every stream the code has.
 */
import { STREAMS } from '../../src/streams/index.js';
import type { Metadata } from './metadata.js';
import type { PackageJson } from './project.js';

const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*)?$/;

/** Semver precedence: negative when `left` is older. Build metadata is ignored; a pre-release is older than its release. */
function compareVersions(left: string, right: string): number {
  const [a, b] = [SEMVER.exec(left), SEMVER.exec(right)];
  if (a === null || b === null) throw new Error(`not a semantic version: ${a === null ? left : right}`);
  for (const part of [1, 2, 3]) {
    const difference = Number(a[part]) - Number(b[part]);
    if (difference !== 0) return difference;
  }
  const [preA, preB] = [a[4], b[4]];
  if (preA === undefined || preB === undefined) return (preA === undefined ? 1 : 0) - (preB === undefined ? 1 : 0);
  return preA.localeCompare(preB, 'en', { numeric: true });
}

interface ChangelogEntry {
  readonly version: string;
  readonly date: string;
  readonly change: string;
}

const cells = (row: string) => row.trim().replace(/^\||\|$/g, '').split('|').map((cell) => cell.trim());

/** The rows of the first table under the docs page's `## Changelog` heading, as written (newest first). */
function changelogOf(docs: string): ChangelogEntry[] {
  const lines = docs.split(/\r?\n/);
  const heading = lines.findIndex((line) => /^##\s+changelog\s*$/i.test(line));
  if (heading < 0) return [];
  const table = lines.slice(heading + 1).filter((line) => line.trim().startsWith('|'));
  const [header, , ...rows] = table;
  const columns = cells(header ?? '').map((name) => name.toLowerCase());
  const column = (row: string[], name: string) => row[columns.indexOf(name)] ?? '';
  return rows.map(cells).map((row) => ({ version: column(row, 'version'), date: column(row, 'date'), change: column(row, 'change') }));
}

export function versionsRule(packageJson: PackageJson, metadata: Metadata | string[], docs: string): string[] {
  const { version } = packageJson;
  if (!SEMVER.test(version)) return [`package.json's version ${version} is not a semantic version (MAJOR.MINOR.PATCH)`];
  const problems: string[] = [];
  const bumpTogether = 'bump package.json, metadata.yaml, the Dockerfile label and the changelog together';
  if (!Array.isArray(metadata) && metadata.data.dockerImageTag !== version) {
    problems.push(`metadata.yaml data.dockerImageTag is ${metadata.data.dockerImageTag} but package.json's version is ${version}: ${bumpTogether}`);
  }
  const changelog = changelogOf(docs);
  const latest = changelog[0];
  if (latest === undefined) return [...problems, 'docs/twilio.md has no changelog table (Version | Date | Change) under "## Changelog"'];
  if (latest.version !== version) {
    problems.push(`the changelog's latest entry in docs/twilio.md is ${latest.version || 'empty'} but package.json's version is ${version}: ${bumpTogether}`);
  }
  changelog.forEach((entry, index) => {
    if (!SEMVER.test(entry.version)) problems.push(`changelog entry "${entry.version}" is not a semantic version`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(entry.date) || Number.isNaN(Date.parse(entry.date))) {
      problems.push(`changelog entry ${entry.version} has the date "${entry.date}"; write YYYY-MM-DD`);
    }
    if (entry.change === '') problems.push(`changelog entry ${entry.version} does not say what changed`);
    const older = changelog[index + 1];
    if (older !== undefined && SEMVER.test(entry.version) && SEMVER.test(older.version) && compareVersions(entry.version, older.version) <= 0) {
      problems.push(`the changelog lists ${entry.version} above ${older.version}: newest first, each version once`);
    }
  });
  return problems;
}

/** The sections of an Airbyte connector page, as `## ` headings. */
const DOCS_SECTIONS = ['Prerequisites', 'Setup guide', 'Supported sync modes', 'Supported streams', 'Performance considerations', 'Changelog'] as const;

export function docsRule(docs: string): string[] {
  const headings = docs.split(/\r?\n/).flatMap((line) => (/^##\s/.test(line) ? [line.slice(3).trim().toLowerCase()] : []));
  const problems = DOCS_SECTIONS.filter((section) => !headings.includes(section.toLowerCase())).map(
    (section) => `docs/twilio.md has no "## ${section}" section`,
  );
  for (const stream of STREAMS) {
    const keys = stream.primaryKey.map((key) => `\`${key}\``);
    const listed = docs.split(/\r?\n/).some((line) => line.startsWith('|') && line.includes(`\`${stream.name}\``) && keys.every((key) => line.includes(key)));
    if (!listed) problems.push(`docs/twilio.md does not list the stream ${stream.name} with its primary key ${stream.primaryKey.join(', ')} in a table`);
  }
  return problems;
}
