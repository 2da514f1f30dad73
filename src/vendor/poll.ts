import type { Clock } from '../runtime.js';

export interface PollTiming {
  /** The first pause; each next one is half again as long, up to `maxMs`. */
  readonly firstMs: number;
  readonly maxMs: number;
  /** Polling stops once this long has passed since `since`. */
  readonly timeoutMs: number;
  /** When the wait began (several polls may share one timeout). */
  readonly since: number;
}

/**
 * Asks `done` until it says yes (true), or the timeout has passed (false): a change the vendor applies in its own time.
 */
export async function pollUntil(clock: Clock, timing: PollTiming, done: () => Promise<boolean>): Promise<boolean> {
  for (let pause = timing.firstMs; ; pause = Math.min(pause * 1.5, timing.maxMs)) {
    if (await done()) return true;
    if (clock.now() - timing.since >= timing.timeoutMs) return false;
    await clock.sleep(pause);
  }
}
