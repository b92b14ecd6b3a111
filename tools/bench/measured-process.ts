import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { RecordCounter } from './record-counter.js';
import type { ProcessUsage } from './usage-hook.js';

const USAGE_HOOK = fileURLToPath(new URL('./usage-hook.js', import.meta.url));

export interface Measurement extends ProcessUsage {
  wallMs: number;
  records: number;
  exitCode: number | null;
  stderr: string;
  /** The end of stdout (its last 64 KB at least, in whole chunks): where the final STATE message is. */
  stdoutTail: string;
}

const TAIL_BYTES = 64 * 1024;

/** The last chunks of a stream, at least `TAIL_BYTES` of them, without copying any. */
class OutputTail {
  private readonly chunks: Buffer[] = [];
  private bytes = 0;

  add(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    for (let first = this.chunks[0]; first !== undefined && this.bytes - first.length >= TAIL_BYTES; first = this.chunks[0]) {
      this.bytes -= first.length;
      this.chunks.shift();
    }
  }

  toString(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/**
 * Runs `node ARGS` to its end and measures it: wall time from spawn to exit, CPU time and peak RSS as the process saw
 * them, and the RECORD messages it wrote to stdout.
 */
export async function measureNode(args: string[], env: Record<string, string> = {}): Promise<Measurement> {
  const directory = await mkdtemp(join(tmpdir(), 'source-twilio-bench-'));
  const usageFile = join(directory, 'usage.json');
  try {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', USAGE_HOOK, ...args], {
      env: { ...process.env, ...env, BENCH_USAGE_FILE: usageFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const counter = new RecordCounter();
    const tail = new OutputTail();
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      counter.add(chunk);
      tail.add(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    const wallMs = performance.now() - started;
    const usage = JSON.parse(await readFile(usageFile, 'utf8')) as ProcessUsage;
    return { wallMs, ...usage, records: counter.count, exitCode, stderr: Buffer.concat(stderr).toString('utf8'), stdoutTail: tail.toString() };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
