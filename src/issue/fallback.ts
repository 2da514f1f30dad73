import { AcmeProblem } from '../acme/problem.js';
import type { HttpClient } from '../net/http.js';
import type { CaSettings } from './request.js';

/**
 * The CA could not be reached at all (connection refused or reset, a timeout, a name that does
 * not resolve), or its directory answered with a server error: a reason to try the next CA.
 */
export class CaUnreachableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CaUnreachableError';
  }
}

/**
 * Requests to one CA that got no answer in a row (nothing answered in between) after which the
 * run takes it as down: at 16 certificates at once, one round of timeouts. Without this, a CA
 * that stops answering mid-run costs each remaining certificate its own timeouts (30 s each,
 * reads asked three times): an hour for 1,000.
 */
export const UNANSWERED_IN_A_ROW = 16;

/**
 * `http` for one CA: a request that gets no answer, and a directory that answers 5xx, become
 * CaUnreachableError, so the run can tell "the CA is down" from a DNS provider's network trouble.
 * After UNANSWERED_IN_A_ROW requests without an answer, the CA is not asked again in this run:
 * each later request fails at once, as unreachable (so a fallback CA takes over, or the
 * certificate fails and the next run tries again).
 */
export function markingUnreachable(http: HttpClient, directoryUrl: string): HttpClient {
  let unanswered = 0;
  let down: string | undefined;
  return async (request) => {
    if (down !== undefined) throw new CaUnreachableError(down);
    let response;
    try {
      response = await http(request);
    } catch (cause) {
      // The message as it was (a proxy's refusal says what to fix); the class says whose it is.
      const message = cause instanceof Error ? cause.message : String(cause);
      if (++unanswered >= UNANSWERED_IN_A_ROW)
        down ??=
          `acme: the CA at ${directoryUrl} did not answer ${unanswered} requests in a row (the last: ${message}); ` +
          'it is not asked again in this run, and the next run tries it again';
      throw new CaUnreachableError(message, { cause });
    }
    unanswered = 0;
    if (request.url === directoryUrl && response.status >= 500)
      throw new CaUnreachableError(`acme: directory ${directoryUrl} answered HTTP ${response.status}`);
    return response;
  };
}

/**
 * Why a failed order may go to the next CA, or undefined when it must not. Only an outage or a
 * rate limit falls through (unreachable, 5xx after the transport's retries, `rateLimited`):
 * a refusal about the account, the names or the request (`unauthorized`, `caa`,
 * `rejectedIdentifier`, `externalAccountRequired`, `malformed`...) would meet the user's own
 * mistake again elsewhere, or hide it, so it stops here.
 */
export function fallbackReason(error: unknown): string | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e instanceof AcmeProblem) {
      if (e.is('rateLimited')) return `rate limited (${e.detail || 'rateLimited'})`;
      if (e.status >= 500) return `server error HTTP ${e.status} after retries`;
      return undefined;
    }
    if (e instanceof CaUnreachableError) return `unreachable (${e.message})`;
  }
  return undefined;
}

/** The CAs to try for an order, first the request's (at `firstUrl`, a dry run's), then its fallbacks. */
export function caCandidates(ca: CaSettings, firstUrl = ca.directoryUrl): CaSettings[] {
  const { fallbacks = [], ...first } = ca;
  // The first CA's account key file is that CA's: a fallback keeps its account in the state.
  const { eab: _eab, eabIfRequired: _shared, keyFile: _keyFile, ...account } = ca.account;
  return [
    { ...first, directoryUrl: firstUrl },
    ...fallbacks.map((fallback): CaSettings => ({
      ...first,
      directoryUrl: fallback.directoryUrl,
      account: {
        ...account,
        ...(fallback.eab ? { eab: fallback.eab } : {}),
        ...(fallback.eabIfRequired ? { eabIfRequired: fallback.eabIfRequired } : {}),
      },
    })),
  ];
}
