import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { configError } from './errors.js';
import { configuredCatalogSchema, stateMessageSchema, type ConfiguredCatalog, type JsonObject } from './messages.js';

export type InputKind = 'config' | 'catalog' | 'state';

export async function readJsonFile(path: string, kind: InputKind): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'EISDIR' ? 'it is a directory' : describeFsError(error);
    throw configError(`Cannot read the ${kind} file ${path}: ${reason}.`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw configError(`The ${kind} file ${path} is not valid JSON: ${(error as Error).message}.`);
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
