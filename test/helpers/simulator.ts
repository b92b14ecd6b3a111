import { TwilioSimulator, type SimulatorOptions } from '../../simulator/server.js';

/** Runs `use` against a simulator of its own, closed afterwards whatever happens. */
export async function withSimulator(options: SimulatorOptions, use: (simulator: TwilioSimulator) => Promise<void>): Promise<void> {
  const simulator = await TwilioSimulator.start(options);
  try {
    await use(simulator);
  } finally {
    await simulator.close();
  }
}
