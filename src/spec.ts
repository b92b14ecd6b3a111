import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConnectorSpecification } from './protocol/messages.js';

/** spec.json and package.json sit at the package root, above `src/`, the built `dist/src/` and the bundle `dist/connector/`. */
function findPackageFile(name: string): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(directory, name);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`${name} was not found above the connector code.`);
    directory = parent;
  }
}

/** spec.json as written. It is not checked here, where the check would cost `spec` its quick start: the tests check it. */
export function loadSpecification(): ConnectorSpecification {
  return JSON.parse(readFileSync(findPackageFile('spec.json'), 'utf8')) as ConnectorSpecification;
}

/** The version of package.json, which a release bumps with the image's. */
export function loadVersion(): string {
  return (JSON.parse(readFileSync(findPackageFile('package.json'), 'utf8')) as { version: string }).version;
}
