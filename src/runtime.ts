/** What every layer below the front ends takes instead of reaching for globals. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export const silentLogger: Logger = { info() {}, warn() {}, debug() {} };

/** The message of an unknown thrown value, with its cause chain, for logs and error lines. */
export function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause === undefined ? '' : `: ${errorMessage(error.cause)}`;
  return error.message.includes(cause.slice(2)) && cause ? error.message : error.message + cause;
}
