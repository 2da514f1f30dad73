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

/** A logger that starts every line with `prefix: ` (a certificate's name, so interleaved lines stay readable). */
export function prefixedLogger(logger: Logger, prefix: string): Logger {
  return {
    info: (message) => logger.info(`${prefix}: ${message}`),
    warn: (message) => logger.warn(`${prefix}: ${message}`),
    debug: (message) => logger.debug(`${prefix}: ${message}`),
  };
}

/**
 * The message of a thrown value followed by its causes (`a: b: c`), for the one error line a
 * user sees; a cause whose text is already there is not repeated.
 */
export function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const parts = [error.message];
  for (let cause = error.cause; cause !== undefined; cause = cause instanceof Error ? cause.cause : undefined) {
    const text = cause instanceof Error ? cause.message : String(cause);
    if (!parts.some((part) => part.includes(text))) parts.push(text);
  }
  return parts.join(': ');
}

/** How certwright names itself to CAs, DNS APIs and registries. */
export const USER_AGENT = 'certwright/0.1 (+https://github.com/certwright/certwright)';
