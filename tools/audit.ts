/**
 * `npm audit --omit=dev` as a step of `npm test`: every known advisory against a production dependency fails the
 * step, unless `audit-exceptions.ts` says why it does not apply. When the registry's audit endpoint cannot be reached
 * (no network, or a mirror without npm's audit API) the step is skipped and says so rather than failing: an outage
 * of that service says nothing about this code, and CI must not fail for it.
 */
import { spawn } from 'node:child_process';

export interface AuditOptions {
  cwd: string;
  exceptions: Readonly<Record<string, string>>;
  /** Another registry than npm's configured one. */
  registry?: string;
  timeoutMs?: number;
}

export interface AuditResult {
  passed: number;
  failed: number;
  /** What to print about the result: each advisory, each excused one, or why the audit was skipped. */
  notes: string[];
}

interface Advisory {
  title: string;
  url: string;
  severity: string;
  source?: number;
}

interface AuditReport {
  auditReportVersion: number;
  vulnerabilities: Record<string, { name: string; via: (Advisory | string)[] }>;
}

/** Where npm's audit endpoint lives on any registry; an error naming it is the endpoint's, not the audit's. */
const AUDIT_ENDPOINT = '/-/npm/v1/security/';
const DEFAULT_TIMEOUT_MS = 120_000;

export async function auditProductionDependencies(options: AuditOptions): Promise<AuditResult> {
  const args = ['audit', '--omit=dev', '--json', ...(options.registry === undefined ? [] : [`--registry=${options.registry}`])];
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const { stdout, stderr, timedOut } = await runNpm(args, options.cwd, timeoutMs);
  if (timedOut) return skipped(`the registry's audit endpoint did not answer within ${timeoutMs / 1000} s`);
  let output: unknown;
  try {
    output = JSON.parse(stdout);
  } catch {
    return { passed: 0, failed: 1, notes: [`npm audit printed no report: ${lastLine(stderr)}`] };
  }
  if (isReport(output)) return judge(output, options.exceptions);
  const message = describeFailure(output, stderr);
  if (message.includes(AUDIT_ENDPOINT)) return skipped(`the registry's audit endpoint could not be used (${message})`);
  return { passed: 0, failed: 1, notes: [`npm audit failed: ${message}`] };
}

function judge(report: AuditReport, exceptions: Readonly<Record<string, string>>): AuditResult {
  const advisories = new Map<string, { advisory: Advisory; packageName: string }>();
  for (const vulnerability of Object.values(report.vulnerabilities)) {
    for (const cause of vulnerability.via) {
      if (typeof cause !== 'string') advisories.set(advisoryId(cause), { advisory: cause, packageName: vulnerability.name });
    }
  }
  const notes: string[] = [];
  let failed = 0;
  for (const [id, { advisory, packageName }] of advisories) {
    const reason = exceptions[id];
    if (reason === undefined) {
      failed += 1;
      notes.push(`${id} (${advisory.severity}) in ${packageName}: ${advisory.title} ${advisory.url}`);
    } else {
      notes.push(`${id} in ${packageName} does not apply: ${reason}`);
    }
  }
  return { passed: failed === 0 ? 1 : 0, failed, notes };
}

function advisoryId(advisory: Advisory): string {
  return /\/(GHSA-[\w-]+)$/.exec(advisory.url)?.[1] ?? `npm advisory ${advisory.source ?? advisory.url}`;
}

function skipped(reason: string): AuditResult {
  return { passed: 0, failed: 0, notes: [`skipped, not failed: ${reason}`] };
}

function isReport(output: unknown): output is AuditReport {
  return typeof output === 'object' && output !== null && 'auditReportVersion' in output && 'vulnerabilities' in output;
}

function describeFailure(output: unknown, stderr: string): string {
  const message = typeof output === 'object' && output !== null && 'message' in output ? output.message : undefined;
  return typeof message === 'string' ? message : lastLine(stderr);
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}

function runNpm(args: string[], cwd: string, timeoutMs: number): Promise<{ stdout: string; stderr: string; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill();
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      resolve({ stdout, stderr, timedOut });
    });
  });
}
