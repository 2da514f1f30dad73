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
 * `http` for one CA: a request that gets no answer, and a directory that answers 5xx, become
 * CaUnreachableError, so the run can tell "the CA is down" from a DNS provider's network trouble.
 */
export function markingUnreachable(http: HttpClient, directoryUrl: string): HttpClient {
  return async (request) => {
    let response;
    try {
      response = await http(request);
    } catch (cause) {
      // The message as it was (a proxy's refusal says what to fix); the class says whose it is.
      throw new CaUnreachableError(cause instanceof Error ? cause.message : String(cause), { cause });
    }
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
