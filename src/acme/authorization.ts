import { retryAfterMs } from '../net/http.js';
import { AcmeProblem, type ProblemDocument } from './problem.js';
import type { AcmeTransport } from './transport.js';

export interface Challenge {
  readonly type: string;
  readonly url: string;
  readonly status: 'pending' | 'processing' | 'valid' | 'invalid';
  readonly token: string;
  readonly error?: ProblemDocument;
}

/** An authorization object (RFC 8555 §7.1.4) with its URL. */
export interface Authorization {
  readonly url: string;
  readonly status: 'pending' | 'valid' | 'invalid' | 'deactivated' | 'expired' | 'revoked';
  readonly identifier: { readonly type: string; readonly value: string };
  readonly challenges: readonly Challenge[];
  readonly wildcard?: boolean;
}

/** Fetches an authorization (POST-as-GET, RFC 8555 §7.5). */
export async function getAuthorization(
  transport: AcmeTransport,
  url: string,
): Promise<{ authorization: Authorization; retryAfterMs?: number }> {
  const response = await transport.post<Omit<Authorization, 'url'>>(url, undefined, 'get authorization');
  const retry = retryAfterMs(response.response, Date.now());
  return { authorization: { ...response.body, url }, ...(retry !== undefined ? { retryAfterMs: retry } : {}) };
}

/** Tells the CA the challenge is ready to be validated (RFC 8555 §7.5.1): POST `{}`. */
export async function answerChallenge(transport: AcmeTransport, challenge: Challenge): Promise<Challenge> {
  const response = await transport.post<Challenge>(challenge.url, {}, 'respond to challenge');
  return response.body;
}

/** Deactivates an authorization (RFC 8555 §7.5.2), so an abandoned one does not linger pending. */
export async function deactivateAuthorization(transport: AcmeTransport, url: string): Promise<void> {
  await transport.post(url, { status: 'deactivated' }, 'deactivate authorization');
}

/** The name an authorization proves control of, with `*.` for wildcard authorizations. */
export function authorizedName(authorization: Authorization): string {
  return authorization.wildcard ? `*.${authorization.identifier.value}` : authorization.identifier.value;
}

/** The problem of an authorization the CA decided against, naming the domain and the failed challenge's error. */
export function validationProblem(authorization: Authorization): AcmeProblem {
  const failed = authorization.challenges.find((c) => c.status === 'invalid' && c.error);
  return new AcmeProblem(
    `validation of ${authorizedName(authorization)} failed`,
    failed?.error ?? { detail: `authorization is ${authorization.status}` },
    0,
    authorization.url,
  );
}
