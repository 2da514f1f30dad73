import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);

// src/runtime.ts
var systemClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms))
};
var silentLogger = { info() {
}, warn() {
}, debug() {
} };
function prefixedLogger(logger, prefix) {
  return {
    info: (message) => logger.info(`${prefix}: ${message}`),
    warn: (message) => logger.warn(`${prefix}: ${message}`),
    debug: (message) => logger.debug(`${prefix}: ${message}`)
  };
}
var CONTROL_ESCAPES = { "\n": "\\n", "\r": "\\r", "	": "	" };
function neutralise(text) {
  const oneLine = text.replace(
    // eslint-disable-next-line no-control-regex -- control characters are what it escapes
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
    (c) => CONTROL_ESCAPES[c] ?? (c.charCodeAt(0) < 256 ? `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}` : `\\u${c.charCodeAt(0).toString(16)}`)
  );
  return oneLine.replace(/^(\s*):(?=:)/, "$1%3A").replace(/#(?=#\[)/g, "%23");
}
function errorMessage(error) {
  if (!(error instanceof Error)) return String(error);
  const parts = [error.message];
  for (let cause = error.cause; cause !== void 0; cause = cause instanceof Error ? cause.cause : void 0) {
    const text = cause instanceof Error ? cause.message : String(cause);
    if (!parts.some((part) => part.includes(text))) parts.push(text);
  }
  return parts.join(": ");
}
var USER_AGENT = "certwright/0.1 (+https://github.com/certwright/certwright)";

export {
  systemClock,
  silentLogger,
  prefixedLogger,
  neutralise,
  errorMessage,
  USER_AGENT
};
