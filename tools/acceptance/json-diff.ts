/** Where two JSON values differ, as `path: expected …, got …` lines. */
import { quote } from './report.js';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function jsonDifferences(expected: unknown, actual: unknown, path: string): string[] {
  if (isObject(expected) && isObject(actual)) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])];
    return keys.flatMap((key) => jsonDifferences(expected[key], actual[key], `${path}/${key}`));
  }
  if (Array.isArray(expected) && Array.isArray(actual) && expected.length === actual.length) {
    return expected.flatMap((item, index) => jsonDifferences(item, actual[index], `${path}/${index}`));
  }
  if (JSON.stringify(expected) === JSON.stringify(actual)) return [];
  const show = (value: unknown) => (value === undefined ? 'nothing' : quote(JSON.stringify(value)));
  return [`${path}: expected ${show(expected)}, got ${show(actual)}`];
}
