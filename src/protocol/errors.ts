import type { FailureType } from './messages.js';

/** An error whose message is written for the person running the connector, with Airbyte's failure type. */
export class ConnectorError extends Error {
  readonly failureType: FailureType;
  readonly internalMessage: string | undefined;

  constructor(failureType: FailureType, message: string, options: { cause?: unknown; internalMessage?: string } = {}) {
    super(message, { cause: options.cause });
    this.name = 'ConnectorError';
    this.failureType = failureType;
    this.internalMessage = options.internalMessage;
  }
}

export const configError = (message: string, options?: { cause?: unknown; internalMessage?: string }) =>
  new ConnectorError('config_error', message, options);

/** Thrown into running work when the process is told to stop (SIGTERM, SIGINT or a closed stdout). */
export class InterruptedError extends Error {
  constructor(readonly reason: string) {
    super(`Interrupted: ${reason}`);
    this.name = 'InterruptedError';
  }
}

export function asConnectorError(error: unknown): ConnectorError {
  if (error instanceof ConnectorError) return error;
  if (error instanceof InterruptedError) return new ConnectorError('transient_error', error.message, { cause: error });
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new ConnectorError('system_error', `Unexpected error: ${text}`, { cause: error });
}
