/** Runs a connector command as CAT does: inputs written to files, stdout parsed line by line, exit code kept. */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeIssues } from '../../src/protocol/inputs.js';
import { airbyteMessageSchema, type AirbyteMessage } from '../../src/protocol/messages.js';

export type Command = 'spec' | 'check' | 'discover' | 'read';

export interface ConnectorInputs {
  config?: unknown;
  catalog?: unknown;
  state?: unknown;
}

export interface OutputLine {
  /** 1-based, as an editor shows it. */
  number: number;
  text: string;
}

export interface MessageLine extends OutputLine {
  message: AirbyteMessage;
}

export interface ConnectorRun {
  command: Command;
  exitCode: number | null;
  timedOut: boolean;
  messages: MessageLine[];
  /** Lines that are not one valid Airbyte message each, and why. */
  invalidLines: (OutputLine & { why: string })[];
  stdout: string;
  stderr: string;
}

/** Where a line came from, for a failure block. */
export const lineOf = (run: ConnectorRun, line: OutputLine): string => `stdout line ${line.number} of \`${run.command}\``;

export class Connector {
  /**
   * @param argv the program and its arguments, before the Airbyte command (`node dist/connector/main.js`)
   * @param env the whole environment of the process: CAT's containers inherit nothing from the machine
   */
  constructor(
    readonly argv: readonly string[],
    private readonly env: Record<string, string>,
    private readonly cwd: string,
  ) {
    if (argv.length === 0) throw new Error('The connector command is empty.');
  }

  async run(command: Command, inputs: ConnectorInputs, timeoutSeconds: number): Promise<ConnectorRun> {
    const directory = await mkdtemp(join(tmpdir(), 'source-twilio-acceptance-'));
    try {
      const args: string[] = [command];
      for (const input of ['config', 'catalog', 'state'] as const) {
        if (inputs[input] === undefined) continue;
        const path = join(directory, `${input}.json`);
        await writeFile(path, JSON.stringify(inputs[input]));
        args.push(`--${input}`, path);
      }
      return await this.spawn(command, args, timeoutSeconds);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }

  private spawn(command: Command, args: string[], timeoutSeconds: number): Promise<ConnectorRun> {
    const [program, ...programArgs] = this.argv as [string, ...string[]];
    const child = spawn(program, [...programArgs, ...args], { cwd: this.cwd, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutSeconds * 1000);
    return new Promise((resolve, reject) => {
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`Cannot start the connector (${this.argv.join(' ')}): ${error.message}`));
      });
      child.on('close', (exitCode) => {
        clearTimeout(timer);
        const text = Buffer.concat(stdout).toString('utf8');
        resolve({ command, exitCode, timedOut, ...parseLines(text), stdout: text, stderr: Buffer.concat(stderr).toString('utf8') });
      });
    });
  }
}

/** Every line must be exactly one Airbyte message: CAT skips other lines with a warning, this runner fails them. */
export function parseLines(stdout: string): Pick<ConnectorRun, 'messages' | 'invalidLines'> {
  const messages: MessageLine[] = [];
  const invalidLines: ConnectorRun['invalidLines'] = [];
  const lines = stdout.split('\n');
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((text, index) => {
    const line = { number: index + 1, text };
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      invalidLines.push({ ...line, why: 'the line is not JSON: stdout must carry Airbyte messages only, one per line' });
      return;
    }
    const result = airbyteMessageSchema.safeParse(parsed);
    if (result.success) messages.push({ ...line, message: result.data });
    else invalidLines.push({ ...line, why: `the line is not a valid Airbyte message: ${describeIssues(result.error)}` });
  });
  return { messages, invalidLines };
}
