/**
 * The static check of how the connector ships: the Dockerfile, .dockerignore, metadata.yaml, the versions and the
 * docs page, in what a built image cannot show. Every rule reports each problem as a message naming the rule.
 */
import { baseImageRule, dockerignoreRule, entrypointRule, labelsRule, readImage } from './image-rules.js';
import { parseMetadata } from './metadata.js';
import { metadataRule } from './metadata-rules.js';
import { parsePackageJson, type ShippingFiles } from './project.js';
import { docsRule, versionsRule } from './release-rules.js';

export const RULES = [
  'dockerfile',
  'base-image',
  'entrypoint',
  'labels',
  'dockerignore',
  'metadata',
  'versions',
  'docs',
] as const;
export type Rule = (typeof RULES)[number];

export interface Violation {
  readonly rule: Rule;
  readonly message: string;
}

export const formatViolation = (violation: Violation) => `[${violation.rule}] ${violation.message}`;

/** Checks every rule; `day` (`YYYY-MM-DD`) decides which Node LTS lines are still supported. */
export function checkShipping(files: ShippingFiles, day: string): Violation[] {
  const packageJson = parsePackageJson(files.packageJson);
  const metadata = parseMetadata(files.metadata);
  const specDocumentationUrl: unknown = (JSON.parse(files.spec) as { documentationUrl?: unknown }).documentationUrl;
  const image = readImage(files.dockerfile);

  const checks: [Rule, () => string[]][] = [
    ['metadata', () => metadataRule(metadata, packageJson, specDocumentationUrl)],
    ['versions', () => versionsRule(packageJson, metadata, files.docs)],
    ['docs', () => docsRule(files.docs)],
    ['dockerignore', () => dockerignoreRule(files.dockerignore)],
  ];
  if (typeof image === 'string') {
    checks.push(['dockerfile', () => [image]]);
  } else {
    checks.push(
      ['base-image', () => baseImageRule(image, day)],
      ['entrypoint', () => entrypointRule(image, packageJson)],
      // Without a readable metadata.yaml there is nothing to compare the labels with; the metadata rule reports why.
      ['labels', () => (Array.isArray(metadata) ? [] : labelsRule(image.config, metadata.data))],
    );
  }
  return checks.flatMap(([rule, check]) => {
    try {
      return check().map((message) => ({ rule, message }));
    } catch (error) {
      // A rule that meets syntax it cannot read (a shell operator, a bad JSON array) reports it as its problem.
      return [{ rule, message: (error as Error).message }];
    }
  });
}
