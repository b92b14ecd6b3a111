/**
 * What a Dockerfile's final stage sets: ENV, LABEL and ENTRYPOINT, as `docker inspect` would show them, read without
 * Docker. Handles line continuations, comments, `key=value` lists with quotes and `$VAR` substitution, the legacy
 * `ENV key value` form, several LABEL lines, and a final stage built `FROM` an earlier stage, whose settings it inherits.
 */

export type Entrypoint = { form: 'exec'; argv: string[] } | { form: 'shell'; command: string };

export interface ImageConfig {
  /** The image the final stage starts from. */
  base: string;
  env: Map<string, string>;
  labels: Map<string, string>;
  /** Undefined when no stage sets one: the base image's entrypoint, which cannot be known here, applies. */
  entrypoint: Entrypoint | undefined;
}

interface Stage extends ImageConfig {
  name: string | undefined;
  args: Map<string, string>;
}

/** The final stage's settings, or undefined when the Dockerfile has no FROM. */
export function finalImageConfig(dockerfile: string): ImageConfig | undefined {
  const globalArgs = new Map<string, string>();
  const stages: Stage[] = [];
  for (const { keyword, rest } of instructions(dockerfile)) {
    const stage = stages.at(-1);
    if (keyword === 'FROM') {
      stages.push(startStage(substitute(rest, globalArgs), stages));
    } else if (keyword === 'ARG') {
      const [definition = ''] = words(rest, stage?.args ?? globalArgs);
      const [name, value] = splitPair(definition);
      const fallback = value ?? (stage === undefined ? undefined : globalArgs.get(name));
      if (fallback !== undefined) (stage?.args ?? globalArgs).set(name, fallback);
    } else if (stage === undefined) {
      continue;
    } else if (keyword === 'ENV' || keyword === 'LABEL') {
      const target = keyword === 'ENV' ? stage.env : stage.labels;
      for (const [name, value] of pairs(rest, variables(stage))) target.set(name, value);
    } else if (keyword === 'ENTRYPOINT') {
      stage.entrypoint = parseEntrypoint(rest);
    }
  }
  const final = stages.at(-1);
  return final === undefined ? undefined : { base: final.base, env: final.env, labels: final.labels, entrypoint: final.entrypoint };
}

function startStage(from: string, earlier: readonly Stage[]): Stage {
  const [base = '', as, name] = from.split(/\s+/).filter((word) => !word.startsWith('--'));
  const stageName = as?.toUpperCase() === 'AS' ? name : undefined;
  const parent = earlier.findLast((stage) => stage.name !== undefined && stage.name.toLowerCase() === base.toLowerCase());
  return {
    name: stageName,
    base: parent?.base ?? base,
    env: new Map(parent?.env),
    labels: new Map(parent?.labels),
    entrypoint: parent?.entrypoint,
    args: new Map(),
  };
}

const variables = (stage: Stage) => new Map([...stage.args, ...stage.env]);

/** Instructions with continuation lines joined and comment lines dropped. */
function instructions(dockerfile: string): { keyword: string; rest: string }[] {
  const result: { keyword: string; rest: string }[] = [];
  let pending = '';
  for (const line of dockerfile.split(/\r?\n/)) {
    if (/^\s*#/.test(line)) continue;
    if (/\\\s*$/.test(line)) {
      pending += `${line.replace(/\\\s*$/, '')} `;
      continue;
    }
    const text = (pending + line).trim();
    pending = '';
    const match = /^(\S+)\s*(.*)$/s.exec(text);
    if (match !== null) result.push({ keyword: (match[1] ?? '').toUpperCase(), rest: match[2] ?? '' });
  }
  return result;
}

function parseEntrypoint(rest: string): Entrypoint {
  if (rest.startsWith('[')) {
    try {
      const argv: unknown = JSON.parse(rest);
      if (Array.isArray(argv) && argv.every((part) => typeof part === 'string')) return { form: 'exec', argv };
    } catch {
      // Docker runs a malformed JSON array as a shell command, and so does this.
    }
  }
  return { form: 'shell', command: rest };
}

/** `a=1 b="two words"`, or the legacy `key value with spaces`. */
function pairs(rest: string, vars: ReadonlyMap<string, string>): [string, string][] {
  const list = words(rest, vars);
  const [first = ''] = list;
  if (!first.includes('=')) {
    const legacy = /^\S+\s+(.*)$/s.exec(rest.trim())?.[1] ?? '';
    return [[first, words(legacy, vars).join(' ')]];
  }
  return list.map((word) => {
    const [name, value] = splitPair(word);
    return [name, value ?? ''];
  });
}

function splitPair(word: string): [string, string | undefined] {
  const separator = word.indexOf('=');
  return separator < 0 ? [word, undefined] : [word.slice(0, separator), word.slice(separator + 1)];
}

/** Splits on unquoted whitespace, removes quotes and escapes, and substitutes `$NAME` and `${NAME}` outside single quotes. */
function words(text: string, vars: ReadonlyMap<string, string>): string[] {
  const result: string[] = [];
  let word: string | undefined;
  let quote: '"' | "'" | undefined;
  for (let index = 0; index < text.length; index++) {
    const char = text[index] as string;
    if (quote === undefined && /\s/.test(char)) {
      if (word !== undefined) result.push(word);
      word = undefined;
      continue;
    }
    word ??= '';
    if (char === quote) {
      quote = undefined;
    } else if (quote === undefined && (char === '"' || char === "'")) {
      quote = char;
    } else if (char === '\\' && quote !== "'" && index + 1 < text.length) {
      word += text[++index];
    } else if (char === '$' && quote !== "'") {
      const match = /^\$(?:\{(\w+)\}|(\w+))/.exec(text.slice(index));
      if (match === null) {
        word += char;
      } else {
        word += vars.get(match[1] ?? match[2] ?? '') ?? '';
        index += match[0].length - 1;
      }
    } else {
      word += char;
    }
  }
  if (word !== undefined) result.push(word);
  return result;
}

function substitute(text: string, vars: ReadonlyMap<string, string>): string {
  return words(text, vars).join(' ');
}
