/**
 * A Dockerfile read into stages of instructions: the part of Docker's syntax that the image rules and the
 * container-equivalent run need. What lies beyond it (variables, heredocs, shell operators) is refused with a
 * message rather than guessed at.
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
  /** The FROM image reference, e.g. `node:26.12.1-bookworm-slim`. */
  readonly image: string;
  readonly line: number;
  /** Everything after FROM, in order. */
  readonly instructions: readonly Instruction[];
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
  const stages: { name: string; index: number; image: string; line: number; instructions: Instruction[] }[] = [];
  for (const instruction of logicalLines(text).map(parseInstruction)) {
    if (instruction.keyword === 'FROM') {
      const [image, as, name, ...extra] = words(instruction.args, instruction.line);
      if (image === undefined || (as !== undefined && (as.toUpperCase() !== 'AS' || name === undefined)) || extra.length > 0) {
        throw new DockerfileError(`FROM expects "image [AS name]", got "${instruction.args}"`, instruction.line);
      }
      const index = stages.length;
      stages.push({ name: name ?? String(index), index, image, line: instruction.line, instructions: [] });
    } else {
      const stage = stages.at(-1);
      if (stage === undefined) throw new DockerfileError(`${instruction.keyword} comes before any FROM`, instruction.line);
      stage.instructions.push(instruction);
    }
  }
  if (stages.length === 0) throw new DockerfileError('there is no FROM instruction');
  return stages;
}

/**
 * Splits shell-form arguments into words as /bin/sh would for plain commands: quotes group, a backslash escapes,
 * `&&` stands alone. Variables, pipes, redirections and other operators are refused.
 */
function words(text: string, line: number): string[] {
  const result: string[] = [];
  let current: string | undefined;
  let quote: '"' | "'" | undefined;
  for (let index = 0; index < text.length; index++) {
    const char = text.charAt(index);
    if (quote !== undefined) {
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
    } else if (char === '&' && text.charAt(index + 1) === '&' && current === undefined) {
      result.push('&&');
      index++;
    } else if ('$`|;<>&(){}*?'.includes(char)) {
      throw new DockerfileError(`"${char}" in "${text}" is shell or wildcard syntax, which is not supported here`, line);
    } else {
      current = (current ?? '') + char;
    }
  }
  if (quote !== undefined) throw new DockerfileError(`an unclosed ${quote} in "${text}"`, line);
  if (current !== undefined) result.push(current);
  return result;
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

/** The arguments of a command that takes both forms, as COPY does. */
function argumentsOf(instruction: Instruction): string[] {
  return execForm(instruction) ?? words(instruction.args, instruction.line);
}

/** The `key=value` pairs of an ENV or LABEL instruction, including the legacy `ENV key value` form. */
export function keyValues(instruction: Instruction): [string, string][] {
  const parts = words(instruction.args, instruction.line);
  const [first, ...rest] = parts;
  if (first !== undefined && !first.includes('=')) return [[first, rest.join(' ')]];
  return parts.map((part) => {
    const equals = part.indexOf('=');
    if (equals <= 0) throw new DockerfileError(`${instruction.keyword} expects key=value, got "${part}"`, instruction.line);
    return [part.slice(0, equals), part.slice(equals + 1)];
  });
}

export const instructionsOf = (stage: Stage, keyword: string): Instruction[] =>
  stage.instructions.filter((instruction) => instruction.keyword === keyword);

/** The values an ENV or LABEL keyword sets in a stage; a later one wins, as in Docker. */
export function settingsOf(stage: Stage, keyword: 'ENV' | 'LABEL'): Map<string, string> {
  return new Map(instructionsOf(stage, keyword).flatMap(keyValues));
}

/** The working directory after a WORKDIR instruction: a relative path continues the current one, as in Docker. */
export function nextWorkdir(current: string, instruction: Instruction): string {
  const [path, ...extra] = words(instruction.args, instruction.line);
  if (path === undefined || extra.length > 0) throw new DockerfileError(`WORKDIR expects one path, got "${instruction.args}"`, instruction.line);
  return posix.resolve(current, path);
}

/** The stage's working directory at its end; Docker's default is `/`. */
export const workdirOf = (stage: Stage): string => instructionsOf(stage, 'WORKDIR').reduce(nextWorkdir, '/');

/** The commands of a RUN instruction, split at `&&`, each as its words. */
export function runCommands(instruction: Instruction): string[][] {
  const exec = execForm(instruction);
  if (exec !== undefined) return [exec];
  const commands: string[][] = [[]];
  for (const word of words(instruction.args, instruction.line)) {
    if (word === '&&') commands.push([]);
    else commands.at(-1)?.push(word);
  }
  if (commands.some((command) => command.length === 0)) throw new DockerfileError(`RUN has an empty command: "${instruction.args}"`, instruction.line);
  return commands;
}

export interface Copy {
  /** The stage it copies from (`--from`), or undefined for the build context. */
  readonly from: string | undefined;
  readonly sources: readonly string[];
  readonly destination: string;
  readonly line: number;
}

export function copyOf(instruction: Instruction): Copy {
  const parts = argumentsOf(instruction);
  const destination = parts.at(-1);
  if (parts.length < 2 || destination === undefined) throw new DockerfileError('COPY needs a source and a destination', instruction.line);
  return { from: instruction.flags.get('from'), sources: parts.slice(0, -1), destination, line: instruction.line };
}

export const copiesOf = (stage: Stage): Copy[] => instructionsOf(stage, 'COPY').map(copyOf);

/**
 * Where one source of a COPY lands, as an absolute image path: a directory's contents go into the destination; a
 * file goes into it when it ends with `/` or there are several sources, and otherwise becomes it.
 */
export function copyTarget(copy: Copy, source: string, isDirectory: boolean, workdir: string): string {
  const destination = posix.resolve(workdir, copy.destination);
  if (isDirectory) return destination;
  return copy.destination.endsWith('/') || copy.sources.length > 1 ? posix.join(destination, posix.basename(source)) : destination;
}

/** The npm commands a stage runs, each as its arguments after `npm`. */
export function npmCommandsOf(stage: Stage): { args: string[]; line: number }[] {
  return instructionsOf(stage, 'RUN').flatMap((instruction) =>
    runCommands(instruction).flatMap(([program, ...args]) => (program === 'npm' ? [{ args, line: instruction.line }] : [])),
  );
}
