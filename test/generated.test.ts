import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { derivedFiles, PROJECT_ROOT } from '../tools/generate.js';

const derived = [...(await derivedFiles(PROJECT_ROOT))];

describe('the files derived from the stream definitions and the simulator resources', () => {
  it.each(derived)('%s is up to date (if not, run `npm run generate`)', async (path, expected) => {
    expect(await readFile(join(PROJECT_ROOT, path), 'utf8')).toBe(expected);
  });
});
