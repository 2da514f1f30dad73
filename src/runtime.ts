import { createRequire } from 'node:module';

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

/** Escapes for the characters that could end a log line or hide text (`\n`, `\r`, ANSI escapes…). */
const CONTROL_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\t' };

/**
 * `text` made safe as ONE line of a log the Actions runner (or a terminal) reads: line breaks and
 * other control characters are escaped visibly (`\n`, `\x1b`, `\u2028`), a line that would start
 * with a workflow command (`::`, after the runner trims leading spaces) has its first `:` percent-
 * encoded, and the runner's older `##[command]` form, matched anywhere in a line, is broken up the
 * same way. Applied once at the log sinks (the Action's logger, the CLI's stderr), so code that
 * logs text from outside (DNS answers, CA problem details, vendor bodies, hook output) need not
 * remember; the product's own commands (groups, masks, annotations) do not go through it.
 */
export function neutralise(text: string): string {
  const oneLine = text.replace(
    // eslint-disable-next-line no-control-regex -- control characters are what it escapes
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
    (c) =>
      CONTROL_ESCAPES[c] ??
      (c.charCodeAt(0) < 0x100
        ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`
        : `\\u${c.charCodeAt(0).toString(16)}`),
  );
  return oneLine.replace(/^(\s*):(?=:)/, '$1%3A').replace(/#(?=#\[)/g, '%23');
}

/**
 * The message of a thrown value followed by its causes (`a: b: c`), for the one error line a
 * user sees; a cause whose text is already there is not repeated.
 */
export function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const parts = [error.message];
  for (let cause = error.cause; cause !== undefined; cause = cause instanceof Error ? cause.cause : undefined) {
    // A cause that is not an Error is a string or a code as a rule; String() says what it can of anything else.
    // eslint-disable-next-line @typescript-eslint/no-base-to-string
    const text = cause instanceof Error ? cause.message : String(cause);
    if (!parts.some((part) => part.includes(text))) parts.push(text);
  }
  return parts.join(': ');
}

/** How certwright names itself to CAs, DNS APIs and registries. */
export const USER_AGENT = 'certwright/0.1 (+https://github.com/certwright/certwright)';

/** Made on first use: the start script's loader bundles this module for a call that most runs never make. */
let nodeRequire: NodeJS.Require | undefined;

/** A Node built-in through require(), which hands the module over without building its ES facade. */
export function requireBuiltin<T>(name: `node:${string}`): T {
  nodeRequire ??= createRequire(import.meta.url);
  return nodeRequire(name) as T;
}

/**
 * A Node built-in loaded on first use rather than at every start (`import` loads it, and its
 * ES facade reads every export, before the first line of certwright runs): for modules only
 * some runs need, such as node:zlib for a state or node:child_process for hooks.
 */
export function lazyBuiltin<T>(name: `node:${string}`): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireBuiltin<T>(name));
}
