/**
 * The rules DEVELOPERS.md sets for the code, held by a test: one place for each thing (the protocol knows nothing of
 * Twilio, the Twilio client nothing of Airbyte), short functions, a short source.ts, no `any`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import ts from 'typescript';

const SRC = fileURLToPath(new URL('../src', import.meta.url));
const MAX_FUNCTION_LINES = 60;
const MAX_SOURCE_LINES = 150;

function filesOf(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesOf(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const FILES = filesOf(SRC).map((path) => ({ path: relative(SRC, path), text: readFileSync(path, 'utf8') }));

/** Every function, method, getter and arrow function of a file, with the lines it spans. */
function functionsOf(path: string, text: string): { name: string; line: number; lines: number }[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const found: { name: string; line: number; lines: number }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
      const first = source.getLineAndCharacterOfPosition(node.getStart()).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const name = 'name' in node && node.name !== undefined ? node.name.getText(source) : '(anonymous)';
      found.push({ name, line: first + 1, lines: last - first + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const importsOf = (text: string) => [...text.matchAll(/^(?:import|export)[^'"]*from '([^']+)'/gm)].map((match) => match[1] ?? '');

describe('the code of src/', () => {
  it(`has no function over ${MAX_FUNCTION_LINES} lines`, () => {
    const long = FILES.flatMap(({ path, text }) =>
      functionsOf(path, text)
        .filter((fn) => fn.lines > MAX_FUNCTION_LINES)
        .map((fn) => `${path}:${fn.line} ${fn.name} (${fn.lines} lines)`),
    );
    expect(long).toEqual([]);
  });

  it(`keeps source.ts, the wiring of spec, check, discover and read, under ${MAX_SOURCE_LINES} lines`, () => {
    const source = FILES.find((file) => file.path === 'source.ts');
    expect(source?.text.split('\n').length).toBeLessThan(MAX_SOURCE_LINES);
  });

  it("imports zod as a namespace, so that the bundle leaves out the zod it does not use (every locale of zod's messages)", () => {
    const named = FILES.filter((file) => /import (type )?\{[^}]*\bz\b[^}]*\} from 'zod'/.test(file.text)).map((file) => file.path);
    expect(named).toEqual([]);
  });

  it('has no `any`', () => {
    const withAny = FILES.filter(({ text }) => /(:\s*any\b|\bas any\b|<any>)/.test(text)).map(({ path }) => path);
    expect(withAny).toEqual([]);
  });

  it('keeps the protocol free of Twilio, and the Twilio client free of Airbyte and of the streams', () => {
    const crossing = FILES.flatMap(({ path, text }) => {
      const imports = importsOf(text);
      if (path.startsWith('protocol/')) return imports.filter((target) => !target.startsWith('./') && !['zod', 'node:fs/promises', 'node:stream', 'node:util'].includes(target)).map((target) => `${path} imports ${target}`);
      if (path.startsWith('twilio/')) return imports.filter((target) => /protocol|streams|reading/.test(target)).map((target) => `${path} imports ${target}`);
      return [];
    });
    expect(crossing).toEqual([]);
  });
});
