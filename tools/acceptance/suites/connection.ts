/** The connection suite: `check` succeeds, fails (CONNECTION_STATUS FAILED, exit 0) or ends in a TRACE ERROR, as configured. */
import type { ConnectionTest } from '../config.js';
import type { ConnectorRun } from '../connector.js';
import { DEFAULT_TIMEOUT_SECONDS, type Harness } from '../harness.js';
import { quote, type Problem } from '../report.js';

export async function connectionSuite(harness: Harness, tests: readonly ConnectionTest[]): Promise<void> {
  const { report, environment } = harness;
  for (const [index, test] of tests.entries()) {
    report.startTest(`test ${index + 1}: status ${test.status}, ${harness.describeConfig(test.config_path)}`);
    if (test.status === 'exception' && environment.withoutSimulatorData !== undefined) {
      report.skip('`check` ends in one TRACE ERROR', environment.withoutSimulatorData);
      continue;
    }
    const config = await harness.loadConfig(test.config_path);
    const timeout = test.timeout_seconds ?? DEFAULT_TIMEOUT_SECONDS.connection;
    const run = await harness.run('check', { config }, test.status === 'exception' ? 'non-zero' : 'zero', timeout);
    if (test.status === 'exception')
      report.check('exactly one TRACE message, an ERROR with a message, and no CONNECTION_STATUS', exceptionProblems(run));
    else if (test.status === 'failed') report.check('exactly one CONNECTION_STATUS, FAILED, with a message', statusProblems(run, 'FAILED'));
    else report.check('exactly one CONNECTION_STATUS, SUCCEEDED', statusProblems(run, 'SUCCEEDED'));
  }
}

function statusProblems(run: ConnectorRun, expected: 'SUCCEEDED' | 'FAILED'): Problem[] {
  const statuses = run.messages.flatMap(({ message }) => (message.type === 'CONNECTION_STATUS' ? [message.connectionStatus] : []));
  const [status] = statuses;
  if (statuses.length !== 1 || status === undefined)
    return [{ why: `${statuses.length} CONNECTION_STATUS messages, expected exactly one` }];
  const problems: Problem[] = [];
  if (status.status !== expected) {
    problems.push({
      why: `the status is ${status.status}, expected ${expected}${status.message === undefined ? '' : `: ${quote(status.message)}`}`,
    });
  }
  if (expected === 'FAILED' && (status.message ?? '').trim() === '') {
    problems.push({ why: 'a FAILED status must say what is wrong in its message' });
  }
  return problems;
}

function exceptionProblems(run: ConnectorRun): Problem[] {
  const traces = run.messages.flatMap(({ message }) => (message.type === 'TRACE' ? [message.trace] : []));
  const statuses = run.messages.filter(({ message }) => message.type === 'CONNECTION_STATUS');
  const problems: Problem[] = [];
  const [trace] = traces;
  if (traces.length !== 1 || trace === undefined) problems.push({ why: `${traces.length} TRACE messages, expected exactly one` });
  else if (trace.type !== 'ERROR' || trace.error.message.trim() === '')
    problems.push({ why: `the TRACE is ${quote(trace)}, expected an ERROR with a message` });
  if (statuses.length > 0) problems.push({ why: 'a CONNECTION_STATUS was printed, but the check must end in an exception' });
  return problems;
}
