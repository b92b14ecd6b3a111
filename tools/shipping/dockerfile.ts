/**
 * The one Dockerfile reader, which the shipping checks, the acceptance runner's image suite and the image test share:
 * the Dockerfile read into stages of instructions, and what an image built from a stage is configured with (ENV,
 * LABEL, ENTRYPOINT, inherited from an earlier stage it starts FROM), as `docker inspect` would show it. ARG and
 * `$NAME` / `${NAME}` are substituted where Docker substitutes them (FROM, ARG, ENV, LABEL, WORKDIR).
 */
import { posix } from 'node:path';

export interface Instruction {
  /** Upper case: RUN, COPY, ENV… */
  readonly keyword: string;
  /** The `--name=value` options before the arguments, as COPY's `--from=build`; a bare `--link` has the value ''. */
  readonly flags: ReadonlyMap<string, string>;
  /** What follows the keyword and its flags, continuation lines joined. */
  readonly args: string;
  /** 1-based line where the instruction starts. */
  readonly line: number;
}

export interface Stage {
  /** Its `AS` name, or its index as text, which is how Docker names an unnamed stage. */
  readonly name: string;
  readonly index: number;
  /** The FROM image reference, the ARGs before the first FROM substituted, e.g. `node:26.12.1-bookworm-slim`. */
  readonly image: string;
  readonly line: number;
  /** Everything after FROM, in order. */
  readonly instructions: readonly Instruction[];
  /** The ARGs declared before the first FROM, with their defaults: a stage sees one it declares again. */
  readonly globalArgs: ReadonlyMap<string, string>;
}

export type Entrypoint = { form: 'exec'; argv: string[] } | { form: 'shell'; command: string };

/** What an image built from a stage is configured with. */
export interface ImageConfig {
  /** The image it starts from, following FROM an earlier stage to that stage's base. */
  readonly base: string;
  readonly env: ReadonlyMap<string, string>;
  readonly labels: ReadonlyMap<string, string>;
  /** Undefined when no stage sets one: the base image's entrypoint, which cannot be known here, applies. */
  readonly entrypoint: Entrypoint | undefined;
}

export class DockerfileError extends Error {
  constructor(message: string, line?: number) {
    super(line === undefined ? message : `Dockerfile line ${line}: ${message}`);
    this.name = 'DockerfileError';
  }
}

interface LogicalLine {
  text: string;
  line: number;
}

/** Joins continuation lines (a trailing backslash) and drops comments and blank lines, as Docker's parser does. */
function logicalLines(text: string): LogicalLine[] {
  const result: LogicalLine[] = [];
  let pending: LogicalLine | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    if (/^\s*#/.test(raw) || (raw.trim() === '' && pending === undefined)) return;
    const continues = /\\\s*$/.test(raw);
    const part = continues ? raw.replace(/\\\s*$/, '') : raw;
    pending = pending === undefined ? { text: part, line: index + 1 } : { ...pending, text: `${pending.text} ${part.trim()}` };
    if (!continues) {
      result.push(pending);
      pending = undefined;
    }
  });
  if (pending !== undefined) result.push(pending);
  return result;
}

const FLAG = /^--([a-z-]+)(?:=(\S*))?\s*/;

function parseInstruction({ text, line }: LogicalLine): Instruction {
  const match = /^\s*(\S+)\s*(.*)$/.exec(text);
  if (match === null) throw new DockerfileError('an empty instruction', line);
  const [, keyword = '', rest = ''] = match;
  const flags = new Map<string, string>();
  let args = rest;
  for (let flag = FLAG.exec(args); flag !== null; flag = FLAG.exec(args)) {
    flags.set(flag[1] ?? '', flag[2] ?? '');
    args = args.slice(flag[0].length);
  }
  if (args.includes('<<')) throw new DockerfileError('heredocs are not supported here', line);
  return { keyword: keyword.toUpperCase(), flags, args: args.trim(), line };
}

export function parseDockerfile(text: string): Stage[] {
  const globalArgs = new Map<string, string>();
  const stages: { name: string; index: number; image: string; line: number; instructions: Instruction[]; globalArgs: Map<string, string> }[] = [];
  for (const instruction of logicalLines(text).map(parseInstruction)) {
    const stage = stages.at(-1);
    if (instruction.keyword === 'FROM') {
      const [image, as, name, ...extra] = words(instruction.args, instruction.line, globalArgs);
      if (image === undefined || (as !== undefined && (as.toUpperCase() !== 'AS' || name === undefined)) || extra.length > 0) {
        throw new DockerfileError(`FROM expects "image [AS name]", got "${instruction.args}"`, instruction.line);
      }
      const index = stages.length;
      stages.push({ name: name ?? String(index), index, image, line: instruction.line, instructions: [], globalArgs });
    } else if (stage !== undefined) {
      stage.instructions.push(instruction);
    } else if (instruction.keyword === 'ARG') {
      for (const [name, value] of argsOf(instruction, globalArgs)) if (value !== undefined) globalArgs.set(name, value);
    } else {
      throw new DockerfileError(`${instruction.keyword} comes before any FROM`, instruction.line);
    }
  }
  if (stages.length === 0) throw new DockerfileError('there is no FROM instruction');
  return stages;
}

/**
 * Splits arguments into words as Docker does for FROM, ARG, ENV, LABEL and WORKDIR: quotes group, a backslash escapes,
 * and `$NAME` and `${NAME}` are substituted outside single quotes.
 */
function words(text: string, line: number, variables: ReadonlyMap<string, string>): string[] {
  const result: string[] = [];
  let current: string | undefined;
  let quote: '"' | "'" | undefined;
  for (let index = 0; index < text.length; index++) {
    const char = text.charAt(index);
    if (char === '$' && quote !== "'") {
      const match = /^\$(?:\{(\w+)\}|(\w+))/.exec(text.slice(index));
      current = (current ?? '') + (match === null ? char : (variables.get(match[1] ?? match[2] ?? '') ?? ''));
      index += match === null ? 0 : match[0].length - 1;
    } else if (quote !== undefined) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"' && index + 1 < text.length) current = (current ?? '') + text.charAt(++index);
      else current = (current ?? '') + char;
    } else if (char === '"' || char === "'") {
      quote = char;
      current ??= '';
    } else if (char === '\\' && index + 1 < text.length) {
      current = (current ?? '') + text.charAt(++index);
    } else if (/\s/.test(char)) {
      if (current !== undefined) result.push(current);
      current = undefined;
    } else {
      current = (current ?? '') + char;
    }
  }
  if (quote !== undefined) throw new DockerfileError(`an unclosed ${quote} in "${text}"`, line);
  if (current !== undefined) result.push(current);
  return result;
}

function splitPair(word: string): [string, string | undefined] {
  const equals = word.indexOf('=');
  return equals < 0 ? [word, undefined] : [word.slice(0, equals), word.slice(equals + 1)];
}

/** The names an ARG declares, each with its default if it has one. */
function argsOf(instruction: Instruction, variables: ReadonlyMap<string, string>): [string, string | undefined][] {
  return words(instruction.args, instruction.line, variables).map(splitPair);
}

/** The arguments of an exec-form instruction (a JSON array of strings), or undefined for the shell form. */
export function execForm(instruction: Instruction): string[] | undefined {
  if (!instruction.args.startsWith('[')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(instruction.args);
  } catch {
    throw new DockerfileError(`${instruction.keyword} looks like a JSON array but is not one`, instruction.line);
  }
  if (!Array.isArray(parsed) || !parsed.every((item): item is string => typeof item === 'string')) {
    throw new DockerfileError(`${instruction.keyword} must be a JSON array of strings`, instruction.line);
  }
  return parsed;
}

/** The `key=value` pairs of an ENV or LABEL instruction, including the legacy `ENV key value` form. */
export function keyValues(instruction: Instruction, variables: ReadonlyMap<string, string> = new Map()): [string, string][] {
  const parts = words(instruction.args, instruction.line, variables);
  const [first, ...rest] = parts;
  if (first !== undefined && !first.includes('=')) return [[first, rest.join(' ')]];
  return parts.map((part) => {
    const [key, value] = splitPair(part);
    if (key === '' || value === undefined) throw new DockerfileError(`${instruction.keyword} expects key=value, got "${part}"`, instruction.line);
    return [key, value];
  });
}

const instructionsOf = (stage: Stage, keyword: string): Instruction[] =>
  stage.instructions.filter((instruction) => instruction.keyword === keyword);

/**
 * What a stage's own instructions set, in order, with ARG and ENV substituted as Docker does; `env` is what the stage
 * starts with (inherited from the stage it is built FROM).
 */
function stageSettings(stage: Stage, inherited: ImageConfig | undefined) {
  const args = new Map<string, string>();
  const env = new Map(inherited?.env);
  const labels = new Map(inherited?.labels);
  let entrypoint = inherited?.entrypoint;
  for (const instruction of stage.instructions) {
    const variables = new Map([...args, ...env]);
    if (instruction.keyword === 'ARG') {
      for (const [name, value] of argsOf(instruction, variables)) {
        const fallback = value ?? stage.globalArgs.get(name);
        if (fallback !== undefined) args.set(name, fallback);
      }
    } else if (instruction.keyword === 'ENV' || instruction.keyword === 'LABEL') {
      const target = instruction.keyword === 'ENV' ? env : labels;
      for (const [name, value] of keyValues(instruction, variables)) target.set(name, value);
    } else if (instruction.keyword === 'ENTRYPOINT') {
      entrypoint = entrypointOf(instruction);
    }
  }
  return { env, labels, entrypoint };
}

function entrypointOf(instruction: Instruction): Entrypoint {
  try {
    const argv = execForm(instruction);
    if (argv !== undefined) return { form: 'exec', argv };
  } catch {
    // Docker runs a malformed JSON array as a shell command, and so does this.
  }
  return { form: 'shell', command: instruction.args };
}

const stageNamed = (stages: readonly Stage[], reference: string, before: number) =>
  stages.slice(0, before).findLast((stage) => stage.name.toLowerCase() === reference.toLowerCase() || String(stage.index) === reference);

/** What the image built from a stage (the last one by default) is configured with. */
export function imageConfigOf(stages: readonly Stage[], stage: Stage | undefined = stages.at(-1)): ImageConfig {
  if (stage === undefined) throw new DockerfileError('there is no FROM instruction');
  const parent = stageNamed(stages, stage.image, stage.index);
  const inherited = parent === undefined ? undefined : imageConfigOf(stages, parent);
  return { base: inherited?.base ?? stage.image, ...stageSettings(stage, inherited) };
}

/** The final stage's image configuration, read from the Dockerfile's text. */
export const finalImageConfig = (dockerfile: string): ImageConfig => imageConfigOf(parseDockerfile(dockerfile));

/** The working directory after a WORKDIR instruction: a relative path continues the current one, as in Docker. */
function nextWorkdir(current: string, instruction: Instruction): string {
  const [path, ...extra] = words(instruction.args, instruction.line, new Map());
  if (path === undefined || extra.length > 0) throw new DockerfileError(`WORKDIR expects one path, got "${instruction.args}"`, instruction.line);
  return posix.resolve(current, path);
}

/** The stage's working directory at its end; Docker's default is `/`. */
export const workdirOf = (stage: Stage): string => instructionsOf(stage, 'WORKDIR').reduce(nextWorkdir, '/');
