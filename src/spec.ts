import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConnectorSpecification } from './protocol/messages.js';

/** spec.json sits at the package root, above both `src/` and the built `dist/src/`. */
function findSpecFile(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(directory, 'spec.json');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(directory);
    if (parent === directory) throw new Error('spec.json was not found above the connector code.');
    directory = parent;
  }
}

/** spec.json as written. It is not checked here, where the check would cost `spec` its quick start: the tests check it. */
export function loadSpecification(): ConnectorSpecification {
  return JSON.parse(readFileSync(findSpecFile(), 'utf8')) as ConnectorSpecification;
}
