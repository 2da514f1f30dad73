/**
 * One HTTP request to a vendor's API with retries (retry.ts): 429 and 5xx by default, or what the
 * vendor's predicate says (its throttling codes), each after the answer's `Retry-After` when it
 * has one. The answer that ends the tries comes back whatever its status, for the vendor's code to
 * explain in its own words; a request that got no answer throws `NoAnswerError`.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { retryAfterMs, type HttpClient, type HttpMethod, type HttpResponse } from '../net/http.js';
import { retrying, type RetryPolicy, type RetryVerdict, type RunTools } from './retry.js';

/** The vendor's API as a run reaches it. */
export interface VendorCaller extends RunTools {
  /** The run's HTTP client (its proxy, trust and keep-alive), or one wrapped with a per-request deadline. */
  readonly http: HttpClient;
  readonly policy: RetryPolicy;
  /** Around every request, answered or not: a pacer that reads the vendor's rate-limit headers. */
  readonly pacing?: {
    before(what: string): Promise<void>;
    after(headers: IncomingHttpHeaders | undefined): void;
  };
}

export interface VendorRequest {
  readonly method: HttpMethod;
  readonly url: string;
  /** `cloudflare: creating TXT x in zone y`: starts the retry lines and the no-answer error. */
  readonly what: string;
  /** Made again for each try: a token may be renewed in between. */
  readonly headers: () => Record<string, string> | Promise<Record<string, string>>;
  /** Sent as JSON, with its content type. */
  readonly json?: unknown;
  /** Sent as it is, when the bytes matter (a signed body); `headers` give its content type. */
  readonly body?: string;
  /** Which answers to try again (the vendor's throttling codes); default: 429 and 5xx. */
  readonly retryWhen?: (answer: HttpResponse) => RetryVerdict | undefined;
  /** The wait when a retried answer has no `Retry-After` (a rate-limit reset header); else backoff. */
  readonly waitWhenUnsaid?: (answer: HttpResponse, now: number) => number | undefined;
  /** A lost answer is tried again: only for a request that does no harm twice. */
  readonly retryNoAnswer?: boolean;
}

/** The answer that ended the tries, and the note on them for an error line. */
export interface VendorAnswer extends HttpResponse {
  readonly attempts: number;
  /** `''` after one try, else ` (after 3 attempts)` and why they stopped. */
  readonly note: string;
}

/** No answer came (connection refused or reset, a timeout), on the last try. */
export class NoAnswerError extends Error {
  constructor(
    message: string,
    readonly attempts: number,
    options: { cause: unknown },
  ) {
    super(message, options);
  }
}

/** 429 and 5xx: throttled, or the vendor's own failure. */
export function throttledOrServerError(answer: HttpResponse): RetryVerdict | undefined {
  return answer.status === 429 || answer.status >= 500 ? { why: `HTTP ${answer.status}` } : undefined;
}

export function isSuccess(answer: HttpResponse): boolean {
  return answer.status >= 200 && answer.status < 300;
}

type Outcome = { answer: HttpResponse } | { lost: unknown };

/** Sends `request` until an answer needs no retry or the caller's policy says stop. */
export async function sendRequest(caller: VendorCaller, request: VendorRequest): Promise<VendorAnswer> {
  const retryWhen = request.retryWhen ?? throttledOrServerError;
  const tried = await retrying<Outcome>(caller, caller.policy, request.what, async () => {
    const outcome = await sendOnce(caller, request);
    if ('lost' in outcome) return { result: outcome, retry: request.retryNoAnswer ? { why: 'no answer' } : undefined };
    if (isSuccess(outcome.answer)) return { result: outcome };
    const verdict = retryWhen(outcome.answer);
    return { result: outcome, retry: verdict && withVendorWait(verdict, outcome.answer, caller.clock.now(), request) };
  });
  if ('lost' in tried.result) {
    throw new NoAnswerError(
      `${request.what}: no answer from ${new URL(request.url).origin}${tried.note}`,
      tried.attempts,
      { cause: tried.result.lost },
    );
  }
  return Object.assign(tried.result.answer, { attempts: tried.attempts, note: tried.note });
}

async function sendOnce(caller: VendorCaller, request: VendorRequest): Promise<Outcome> {
  const headers: Record<string, string> = { accept: 'application/json', ...(await request.headers()) };
  if (request.json !== undefined) headers['content-type'] = 'application/json';
  await caller.pacing?.before(request.what);
  try {
    const answer = await caller.http({
      method: request.method,
      url: request.url,
      headers,
      ...(request.json !== undefined ? { body: JSON.stringify(request.json) } : {}),
      ...(request.json === undefined && request.body !== undefined ? { body: request.body } : {}),
    });
    caller.pacing?.after(answer.headers);
    return { answer };
  } catch (lost) {
    caller.pacing?.after(undefined);
    return { lost };
  }
}

/**
 * The verdict with the vendor's wait: as its predicate said, else `Retry-After`, else what the caller reads from other
 * headers.
 */
function withVendorWait(
  verdict: RetryVerdict,
  answer: HttpResponse,
  now: number,
  request: VendorRequest,
): RetryVerdict {
  if (verdict.afterMs !== undefined) return verdict;
  const afterMs = retryAfterMs(answer, now) ?? request.waitWhenUnsaid?.(answer, now);
  return afterMs === undefined ? verdict : { ...verdict, afterMs };
}
