/**
 * Where the connector's Twilio is. In simulator mode (the default, and CI's) the runner starts the project's
 * simulator, points the connector at it, and reads `secrets/config.json` as the simulator's credentials in
 * `integration_tests/sample_config.json`, so no secret is needed. In live mode the connector talks to real Twilio with
 * the credentials a user put in `secrets/config.json`, and the checks that rely on the simulator's data are skipped.
 */
import { DEFAULT_CLOCK, SUBACCOUNT_SID } from '../../simulator/fixtures.js';
import { TwilioSimulator } from '../../simulator/server.js';

export const SECRET_CONFIG_PATH = 'secrets/config.json';
export const SIMULATOR_CONFIG_PATH = 'integration_tests/sample_config.json';

/**
 * Every request for this fixture account answers 500 in simulator mode, so a config naming it makes `check` fail with
 * an exception (the connection test with `status: exception`).
 */
export const FAILING_ACCOUNT_SID = SUBACCOUNT_SID;

/** The connector retries 5xx with exponential backoff; 10 ms instead of 1 s keeps the exception test short. */
const SIMULATOR_RETRY_BASE_DELAY_MS = '10';

export interface Environment {
  readonly mode: 'simulator' | 'live';
  readonly description: string;
  /** Variables the connector process gets on top of PATH and the config's custom_environment_variables. */
  readonly connectorEnv: Record<string, string>;
  /** The file a config path of acceptance-test-config.yml stands for here. */
  configFile(path: string): string;
  /** Why a check that depends on the simulator's data cannot run here; undefined when it can. */
  readonly withoutSimulatorData: string | undefined;
  close(): Promise<void>;
}

export async function simulatorEnvironment(): Promise<Environment> {
  const simulator = await TwilioSimulator.start({ clock: DEFAULT_CLOCK });
  simulator.faults.add({ fault: { type: 'status', status: 500 }, pathIncludes: `/Accounts/${FAILING_ACCOUNT_SID}/` });
  return {
    mode: 'simulator',
    description: `the Twilio simulator at ${simulator.url}; ${SECRET_CONFIG_PATH} reads as ${SIMULATOR_CONFIG_PATH}`,
    connectorEnv: { TWILIO_API_BASE_URL: simulator.url, TWILIO_RETRY_BASE_DELAY_MS: SIMULATOR_RETRY_BASE_DELAY_MS },
    configFile: (path) => (path === SECRET_CONFIG_PATH ? SIMULATOR_CONFIG_PATH : path),
    withoutSimulatorData: undefined,
    close: () => simulator.close(),
  };
}

export function liveEnvironment(): Environment {
  return {
    mode: 'live',
    description: `real Twilio with the credentials in ${SECRET_CONFIG_PATH}`,
    connectorEnv: {},
    configFile: (path) => path,
    withoutSimulatorData: 'it relies on the simulator’s data and faults (run without --live)',
    close: async () => {},
  };
}
