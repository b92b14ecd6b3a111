/**
 * Where a JSON text writes a number with a fraction or an exponent (`1.0`, `1e3`). JSON.parse reads `1.0` as the
 * integer 1, but CAT's Python reads it as a float and its strict integer check rejects it, so the runner looks at the
 * text itself.
 */

const NUMBER = /-?\d+(\.\d+)?([eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;
const WHITESPACE = /[ \t\n\r]*/y;

/** JSON pointers (`/record/data/count`) of the numbers written as floats; the text must be valid JSON. */
export function floatWrittenPaths(json: string): string[] {
  const paths: string[] = [];
  let position = 0;

  const skip = (pattern: RegExp): string => {
    pattern.lastIndex = position;
    const match = pattern.exec(json)?.[0] ?? '';
    position += match.length;
    return match;
  };
  const readString = (): string => {
    const start = position++;
    while (json[position] !== '"') position += json[position] === '\\' ? 2 : 1;
    position++;
    return JSON.parse(json.slice(start, position)) as string;
  };
  const readValue = (path: string): void => {
    skip(WHITESPACE);
    const char = json[position];
    if (char === '{' || char === '[') {
      position++;
      const close = char === '{' ? '}' : ']';
      for (let index = 0; ; index++) {
        skip(WHITESPACE);
        if (json[position] === close) break;
        if (index > 0) position++; // the comma
        skip(WHITESPACE);
        let key = String(index);
        if (close === '}') {
          key = readString();
          skip(WHITESPACE);
          position++; // the colon
        }
        readValue(`${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`);
      }
      position++;
    } else if (char === '"') {
      readString();
    } else if (skip(LITERAL) === '') {
      const number = skip(NUMBER);
      if (/[.eE]/.test(number)) paths.push(path);
    }
  };
  readValue('');
  return paths;
}
