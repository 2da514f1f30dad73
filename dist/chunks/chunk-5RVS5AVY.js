import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);

// src/vendor/retry.ts
var DEFAULT_RETRY_POLICY = {
  attempts: 5,
  backoffMs: 250,
  maxBackoffMs: 8e3,
  maxWaitMs: 6e4,
  deadlineMs: 18e4
};
var CLOUD_API_RETRY_POLICY = {
  attempts: 6,
  backoffMs: 250,
  maxBackoffMs: 8e3,
  maxWaitMs: 6e4,
  deadlineMs: 18e4
};
function backoffMs(policy, attempt) {
  const full = Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** (attempt - 1));
  return Math.round(full * (0.5 + Math.random() / 2));
}
function nextWait(policy, verdict, attempt, elapsedMs) {
  if (attempt >= policy.attempts) return { stop: "" };
  if (verdict.afterMs !== void 0 && verdict.afterMs > policy.maxWaitMs) {
    return {
      stop: `; the vendor asked to wait ${seconds(verdict.afterMs)} s, longer than the ${seconds(policy.maxWaitMs)} s a run waits`
    };
  }
  const waitMs = verdict.afterMs ?? backoffMs(policy, attempt);
  if (elapsedMs + waitMs > policy.deadlineMs)
    return { stop: `; another try would pass the ${seconds(policy.deadlineMs)} s deadline` };
  return { waitMs };
}
function seconds(ms) {
  return String(Math.round(ms / 100) / 10);
}
async function retrying(run, policy, what, tryOnce) {
  const started = run.clock.now();
  for (let attempt = 1; ; attempt++) {
    const { result, retry } = await tryOnce(attempt);
    if (!retry) return { result, attempts: attempt, note: attempt > 1 ? ` (after ${attempt} attempts)` : "" };
    const next = nextWait(policy, retry, attempt, run.clock.now() - started);
    if ("stop" in next)
      return { result, attempts: attempt, note: attempt > 1 ? ` (after ${attempt} attempts${next.stop})` : "" };
    run.logger.debug(
      `${what}: ${retry.why}; retrying in ${next.waitMs} ms (attempt ${attempt + 1} of ${policy.attempts})`
    );
    await run.clock.sleep(next.waitMs);
  }
}
async function callWithRetries(run, policy, what, call, retryable, fail) {
  const tried = await retrying(
    run,
    policy,
    what,
    async (attempt) => {
      try {
        return { result: { ok: true, value: await call(attempt) } };
      } catch (error) {
        return { result: { ok: false, error }, retry: retryable(error) };
      }
    }
  );
  if (!tried.result.ok) throw fail(tried.result.error, tried.note);
  return tried.result.value;
}

export {
  DEFAULT_RETRY_POLICY,
  CLOUD_API_RETRY_POLICY,
  retrying,
  callWithRetries
};
