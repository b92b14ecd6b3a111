/**
 * The Node.js LTS lines, from the Node.js release schedule (github.com/nodejs/Release): when each became LTS and when it
 * reaches end of life (maintenance LTS is still supported). A new line is added here when it becomes LTS.
 */
interface LtsLine {
  readonly activeLts: string;
  readonly endOfLife: string;
}

const LTS_LINES: ReadonlyMap<number, LtsLine> = new Map([
  [20, { activeLts: '2023-10-24', endOfLife: '2026-04-30' }],
  [22, { activeLts: '2024-10-29', endOfLife: '2027-04-30' }],
  [24, { activeLts: '2025-10-28', endOfLife: '2028-04-30' }],
  [26, { activeLts: '2026-10-28', endOfLife: '2029-04-30' }],
]);

/** Why a Node major is not a supported LTS line on the given day (`YYYY-MM-DD`), or undefined when it is one. */
export function unsupportedLtsReason(major: number, day: string): string | undefined {
  const line = LTS_LINES.get(major);
  if (line === undefined) {
    const known = [...LTS_LINES.keys()].join(', ');
    return `Node ${major} is not among the LTS lines this check knows (${known}): use one of them, or add a line that has become LTS to tools/shipping/node-releases.ts`;
  }
  if (day < line.activeLts) return `Node ${major} becomes LTS only on ${line.activeLts}`;
  if (day >= line.endOfLife) return `Node ${major} reached end of life on ${line.endOfLife}`;
  return undefined;
}
