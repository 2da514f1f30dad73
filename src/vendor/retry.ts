/**
 * Retrying a vendor call: jittered exponential backoff, the vendor's own wait (`Retry-After`)
 * honoured up to a bound, an attempt limit and a deadline on the run's clock, and one debug
 * line per retry. The loop is the same whether a try is an HTTP request (request.ts) or an SDK
 * call (`callWithRetries`): each vendor only says which of its answers are worth another try.
 */
import type { Clock, Logger } from '../runtime.js';

/** What a vendor call needs of the run: its clock (waits, the deadline) and its logger. */
export interface RunTools {
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface RetryPolicy {
  /** Tries in all, the first included. */
  readonly attempts: number;
  /** The first backoff; it doubles with each retry, up to `maxBackoffMs`, jittered (half to all of it). */
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
  /** The longest wait a vendor may ask for (`Retry-After`); a longer one fails now rather than stall the job. */
  readonly maxWaitMs: number;
  /** No retry starts later than this after the first try, on the run's clock. */
  readonly deadlineMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 5,
  backoffMs: 250,
  maxBackoffMs: 8_000,
  maxWaitMs: 60_000,
  deadlineMs: 180_000,
};

/**
 * The big clouds' APIs (AWS, Google Cloud, Azure Resource Manager, Key Vault): one more try and a
 * 3-minute deadline, as their throttling can last longer than a small vendor's.
 */
export const CLOUD_API_RETRY_POLICY: RetryPolicy = {
  attempts: 6,
  backoffMs: 250,
  maxBackoffMs: 8_000,
  maxWaitMs: 60_000,
  deadlineMs: 180_000,
};

/** Why a try is worth repeating, and how long the vendor asked to wait, if it did. */
export interface RetryVerdict {
  /** For the log line: `HTTP 429`, `429 rateLimitExceeded`, `Throttling`, `no answer`. */
  readonly why: string;
  /** The vendor's own wait (a `Retry-After`); absent: backoff. */
  readonly afterMs?: number;
}

/** One try's result, and whether to try again. */
export interface Try<T> {
  readonly result: T;
  readonly retry?: RetryVerdict | undefined;
}

/**
 * The last try's result; `note` says for an error line how many tries it took and why they stopped early (`''` after
 * one try).
 */
export interface Tried<T> {
  readonly result: T;
  readonly attempts: number;
  readonly note: string;
}

/** Exponential backoff for the retry after try `attempt` (1-based), capped, jittered so retrying runs spread out. */
export function backoffMs(policy: Pick<RetryPolicy, 'backoffMs' | 'maxBackoffMs'>, attempt: number): number {
  const full = Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** (attempt - 1));
  return Math.round(full * (0.5 + Math.random() / 2));
}

/** How long to wait before the next try, or why not to try again. */
function nextWait(
  policy: RetryPolicy,
  verdict: RetryVerdict,
  attempt: number,
  elapsedMs: number,
): { waitMs: number } | { stop: string } {
  if (attempt >= policy.attempts) return { stop: '' };
  if (verdict.afterMs !== undefined && verdict.afterMs > policy.maxWaitMs) {
    return {
      stop:
        `; the vendor asked to wait ${seconds(verdict.afterMs)} s, ` +
        `longer than the ${seconds(policy.maxWaitMs)} s a run waits`,
    };
  }
  const waitMs = verdict.afterMs ?? backoffMs(policy, attempt);
  if (elapsedMs + waitMs > policy.deadlineMs)
    return { stop: `; another try would pass the ${seconds(policy.deadlineMs)} s deadline` };
  return { waitMs };
}

function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

/**
 * Tries until a try needs no retry or the policy says stop, and gives the last result. `what`
 * starts each retry's log line (`cloudflare: creating TXT x in zone y`).
 */
export async function retrying<T>(
  run: RunTools,
  policy: RetryPolicy,
  what: string,
  tryOnce: (attempt: number) => Promise<Try<T>>,
): Promise<Tried<T>> {
  const started = run.clock.now();
  for (let attempt = 1; ; attempt++) {
    const { result, retry } = await tryOnce(attempt);
    if (!retry) return { result, attempts: attempt, note: attempt > 1 ? ` (after ${attempt} attempts)` : '' };
    const next = nextWait(policy, retry, attempt, run.clock.now() - started);
    if ('stop' in next)
      return { result, attempts: attempt, note: attempt > 1 ? ` (after ${attempt} attempts${next.stop})` : '' };
    run.logger.debug(
      `${what}: ${retry.why}; retrying in ${next.waitMs} ms (attempt ${attempt + 1} of ${policy.attempts})`,
    );
    await run.clock.sleep(next.waitMs);
  }
}

/**
 * An SDK call (or any call that throws) with retries: `retryable` names the vendor's throttling
 * and server errors (or a conflict to read again for, with `afterMs: 0`); the last error goes
 * through `fail`, with the note on the tries, to become the one error line.
 */
export async function callWithRetries<T>(
  run: RunTools,
  policy: RetryPolicy,
  what: string,
  call: (attempt: number) => Promise<T>,
  retryable: (error: unknown) => RetryVerdict | undefined,
  fail: (error: unknown, note: string) => Error,
): Promise<T> {
  const tried = await retrying<{ ok: true; value: T } | { ok: false; error: unknown }>(
    run,
    policy,
    what,
    async (attempt) => {
      try {
        return { result: { ok: true, value: await call(attempt) } };
      } catch (error) {
        return { result: { ok: false, error }, retry: retryable(error) };
      }
    },
  );
  if (!tried.result.ok) throw fail(tried.result.error, tried.note);
  return tried.result.value;
}
