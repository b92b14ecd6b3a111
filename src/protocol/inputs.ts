import { open } from 'node:fs/promises';
import * as z from 'zod';
import { configError } from './errors.js';
import { configuredCatalogSchema, stateMessageSchema, type ConfiguredCatalog, type JsonObject } from './messages.js';

export type InputKind = 'config' | 'catalog' | 'state';

/** No config, catalog or state is anywhere near this: a larger input is a wrong path, not an input. */
export const MAX_INPUT_BYTES = 10 * 1024 * 1024;

export async function readJsonFile(path: string, kind: InputKind): Promise<unknown> {
  let text: string;
  try {
    text = await readBounded(path);
  } catch (error) {
    if (error instanceof TooLargeError) {
      throw configError(`The ${kind} file ${path} is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MB, far more than any ${kind} needs; check the path.`);
    }
    const reason = (error as NodeJS.ErrnoException).code === 'EISDIR' ? 'it is a directory' : describeFsError(error);
    throw configError(`Cannot read the ${kind} file ${path}: ${reason}.`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw configError(`The ${kind} file ${path} is not valid JSON: ${(error as Error).message}.`);
  }
}

class TooLargeError extends Error {}

/** The file's text, refused before it is read whole when it is larger than the bound, whatever kind of file it is. */
async function readBounded(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (stats.size > MAX_INPUT_BYTES) throw new TooLargeError();
    // A device or a pipe tells no size (/dev/zero never ends): read in chunks and stop past the bound.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(1024 * 1024, MAX_INPUT_BYTES + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > MAX_INPUT_BYTES) throw new TooLargeError();
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    await handle.close();
  }
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  return (error as Error).message;
}

export function parseConfiguredCatalog(raw: unknown): ConfiguredCatalog {
  const result = configuredCatalogSchema.safeParse(raw);
  if (!result.success) {
    throw configError(`The configured catalog is invalid: ${describeIssues(result.error)}.`);
  }
  const seen = new Set<string>();
  for (const { stream } of result.data.streams) {
    const id = JSON.stringify([stream.namespace ?? null, stream.name]);
    if (seen.has(id)) {
      throw configError(`The configured catalog is invalid: it names stream "${stream.name}" more than once; each stream may appear once.`);
    }
    seen.add(id);
  }
  return result.data;
}

/**
 * Stream states by stream name, from the array of STREAM state messages the protocol defines. A legacy state object
 * or a GLOBAL state is refused with a message, never taken for "no state" (which would re-read everything).
 */
export function parseState(raw: unknown): Map<string, JsonObject | undefined> {
  const states = new Map<string, JsonObject | undefined>();
  if (raw === null || raw === undefined) return states;
  if (!Array.isArray(raw)) {
    throw configError(
      'The state file is invalid: expected a JSON array of STREAM state messages; a legacy state object (one ' +
        'object keyed by stream name) is not supported. Reset the connection, or convert the state to STREAM messages.',
    );
  }
  raw.forEach((message, index) => {
    const result = stateMessageSchema.safeParse(message);
    if (!result.success) {
      throw configError(
        `The state file is invalid: entry ${index} must be a STREAM state message ` +
          `({"type": "STREAM", "stream": {"stream_descriptor": {"name": ...}, "stream_state": {...}}}): ` +
          `${describeIssues(result.error)}.`,
      );
    }
    states.set(result.data.stream.stream_descriptor.name, result.data.stream.stream_state ?? undefined);
  });
  return states;
}

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}
