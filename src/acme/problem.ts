/** An RFC 8555 §6.7 problem document, as the server sent it. */
export interface ProblemDocument {
  readonly type?: string;
  readonly detail?: string;
  readonly status?: number;
  readonly identifier?: { readonly type: string; readonly value: string };
  readonly subproblems?: readonly ProblemDocument[];
}

const ACME_ERROR_PREFIX = 'urn:ietf:params:acme:error:';

/** Strips the ACME URN prefix: `urn:ietf:params:acme:error:badNonce` -> `badNonce`. */
export function shortProblemType(type: string | undefined): string {
  if (!type) return 'unknown';
  return type.startsWith(ACME_ERROR_PREFIX) ? type.slice(ACME_ERROR_PREFIX.length) : type;
}

function describeSubproblems(subproblems: readonly ProblemDocument[]): string {
  return subproblems
    .map((sub) => `${sub.identifier?.value ?? '?'}: ${shortProblemType(sub.type)}: ${sub.detail ?? ''}`.trim())
    .join('; ');
}

/**
 * An error the ACME server reported (RFC 8555 §6.7). Carries the problem type, detail and
 * subproblems so callers can branch on `type` and users see what the CA said.
 */
export class AcmeProblem extends Error {
  readonly type: string;
  readonly detail: string;
  readonly status: number;
  readonly subproblems: readonly ProblemDocument[];
  readonly url: string;

  constructor(context: string, document: ProblemDocument, status: number, url: string) {
    const type = document.type ?? 'about:blank';
    const detail = document.detail ?? '';
    const subproblems = document.subproblems ?? [];
    const sub = subproblems.length > 0 ? ` (${describeSubproblems(subproblems)})` : '';
    super(`acme: ${context}: ${shortProblemType(type)}: ${detail}${sub}`);
    this.name = 'AcmeProblem';
    this.type = type;
    this.detail = detail;
    this.status = status;
    this.subproblems = subproblems;
    this.url = url;
  }

  /** True when the problem has the given short type (`badNonce`, `rateLimited`, ...). */
  is(shortType: string): boolean {
    return this.type === ACME_ERROR_PREFIX + shortType;
  }
}
