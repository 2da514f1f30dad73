/**
 * Paces requests by DigitalOcean's rate-limit headers, so a run slows down before the token's
 * budget is spent instead of collecting 429s. Every answer carries `ratelimit-remaining` (requests
 * left: 5,000 an hour, 250 a minute) and `ratelimit-reset` (Unix seconds when the oldest counted
 * request expires and frees a slot; each request counts for its own window, nothing resets at
 * once). While plenty remain, requests go at once, in parallel. When few remain, they go one at
 * a time, each after the answer to the one before (so the headers are fresh), spread over the
 * time until the next slot frees; with none left, a request waits for that slot if it frees
 * within a minute, and otherwise goes anyway so that DigitalOcean's 429 and `retry-after` decide.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Clock, Logger } from '../../../runtime.js';

export interface PacerLimits {
  /** At or below this many remaining requests, requests go one at a time and spread out. */
  readonly lowWater: number;
  /** The longest pause between two requests while spreading them. */
  readonly maxPaceMs: number;
  /** The longest wait for a slot when none remain; beyond it the request goes and the API decides. */
  readonly maxWaitMs: number;
}

export const DEFAULT_PACER_LIMITS: PacerLimits = { lowWater: 10, maxPaceMs: 15_000, maxWaitMs: 60_000 };

function header(headers: IncomingHttpHeaders, name: string): number | undefined {
  const raw = headers[name];
  const text = Array.isArray(raw) ? raw[0] : raw;
  return text !== undefined && /^\s*\d+\s*$/.test(text) ? Number(text) : undefined;
}

export class RateLimitPacer {
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #limits: PacerLimits;
  #remaining: number | undefined;
  #resetAtMs: number | undefined;
  #inFlight = 0;
  #drained: (() => void)[] = [];
  /** Requests pass one after another, so pauses add up instead of ending together. */
  #turn: Promise<void> = Promise.resolve();

  constructor(clock: Clock, logger: Logger, limits: PacerLimits = DEFAULT_PACER_LIMITS) {
    this.#clock = clock;
    this.#logger = logger;
    this.#limits = limits;
  }

  /** Waits, if the budget says so, until a request may go out; call `answered` when it is done. */
  beforeRequest(what: string): Promise<void> {
    const turn = this.#turn.then(() => this.#pass(what));
    this.#turn = turn.catch(() => undefined);
    return turn;
  }

  /**
   * A request is done: takes the budget from its answer's headers (any answer, a 429 too; none when there was no
   * answer).
   */
  answered(headers: IncomingHttpHeaders | undefined): void {
    const remaining = headers && header(headers, 'ratelimit-remaining');
    if (remaining !== undefined) {
      const reset = header(headers ?? {}, 'ratelimit-reset');
      this.#remaining = remaining;
      this.#resetAtMs = reset === undefined ? undefined : reset * 1000;
    }
    this.#inFlight -= 1;
    if (this.#inFlight === 0) for (const resolve of this.#drained.splice(0)) resolve();
  }

  async #pass(what: string): Promise<void> {
    if (this.#remaining !== undefined && this.#remaining <= this.#limits.lowWater && this.#inFlight > 0) {
      await new Promise<void>((resolve) => this.#drained.push(resolve));
    }
    const wait = this.#delay();
    if (wait > 0) {
      this.#logger.debug(
        `digitalocean: ${what}: ${this.#remaining} request(s) left in the rate limit; waiting ${wait} ms`,
      );
      await this.#clock.sleep(wait);
    }
    this.#inFlight += 1;
  }

  #delay(): number {
    const remaining = this.#remaining;
    const resetAt = this.#resetAtMs;
    if (remaining === undefined || resetAt === undefined || remaining > this.#limits.lowWater) return 0;
    const untilReset = Math.ceil(resetAt - this.#clock.now());
    if (untilReset <= 0) return 0;
    if (remaining <= 0) return untilReset <= this.#limits.maxWaitMs ? untilReset : 0;
    return Math.min(Math.ceil(untilReset / (remaining + 1)), this.#limits.maxPaceMs);
  }
}
