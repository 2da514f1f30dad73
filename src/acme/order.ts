import type { Clock } from '../runtime.js';
import { retryAfterMs } from '../net/http.js';
import { AcmeProblem, type ProblemDocument } from './problem.js';
import type { AcmeTransport } from './transport.js';

export interface Identifier {
  readonly type: 'dns';
  readonly value: string;
}

export type OrderStatus = 'pending' | 'ready' | 'processing' | 'valid' | 'invalid';

/** An order object (RFC 8555 §7.1.3) with its URL. */
export interface Order {
  readonly url: string;
  readonly status: OrderStatus;
  readonly identifiers: readonly Identifier[];
  readonly authorizations: readonly string[];
  readonly finalize: string;
  readonly certificate?: string;
  readonly error?: ProblemDocument;
  readonly profile?: string;
}

export interface NewOrderRequest {
  readonly domains: readonly string[];
  /** An ACME profile name the CA advertises in `meta.profiles`. */
  readonly profile?: string;
  /** ARI certificate identifier of the certificate this order replaces (RFC 9773 §5). */
  readonly replaces?: string;
}

/** Creates an order for the domains (RFC 8555 §7.4). */
export async function newOrder(transport: AcmeTransport, request: NewOrderRequest): Promise<Order> {
  const directory = await transport.directory();
  if (request.profile) {
    const profiles = directory.meta?.profiles;
    if (!profiles || !(request.profile in profiles)) {
      const offered = profiles ? Object.keys(profiles).join(', ') : 'none';
      throw new Error(
        `acme: profile "${request.profile}" is not offered by this CA (offered: ${offered}); ` +
          'pick one of those or drop the profile',
      );
    }
  }
  const payload: Record<string, unknown> = {
    identifiers: request.domains.map((value) => ({ type: 'dns', value })),
  };
  if (request.profile) payload.profile = request.profile;
  if (request.replaces) payload.replaces = request.replaces;
  const response = await transport.post<Omit<Order, 'url'>>(directory.newOrder, payload, 'newOrder');
  if (!response.location) throw new Error('acme: newOrder response has no Location header (RFC 8555 §7.4)');
  return { ...response.body, url: response.location };
}

/** Fetches the current state of an order (POST-as-GET, RFC 8555 §7.4). */
export async function getOrder(
  transport: AcmeTransport,
  url: string,
): Promise<{ order: Order; retryAfterMs?: number }> {
  const response = await transport.post<Omit<Order, 'url'>>(url, undefined, 'get order');
  const retry = retryAfterMs(response.response, Date.now());
  return { order: { ...response.body, url }, ...(retry !== undefined ? { retryAfterMs: retry } : {}) };
}

/** Sends the CSR to the order's finalize URL (RFC 8555 §7.4). `csrDer` is DER, sent base64url. */
export async function finalizeOrder(transport: AcmeTransport, order: Order, csrDer: Uint8Array): Promise<Order> {
  const csr = Buffer.from(csrDer).toString('base64url');
  const response = await transport.post<Omit<Order, 'url'>>(order.finalize, { csr }, 'finalize');
  return { ...response.body, url: order.url };
}

export interface PollOptions {
  readonly clock: Clock;
  readonly timeoutMs: number;
  /** First wait, multiplied by `factor` up to `maxIntervalMs` while the server gives no Retry-After. */
  readonly intervalMs: number;
  readonly maxIntervalMs?: number;
  /** How much each wait grows over the last; default 2. */
  readonly factor?: number;
}

/** The longest Retry-After a poll honours as asked; a longer one is cut to this. */
const MAX_POLL_RETRY_AFTER_MS = 60_000;

/**
 * The waits of one poll: `next(retryAfter)` is how long to sleep before the next request: the
 * server's Retry-After when it sent one (a CA that is slow and says so is not hammered), else
 * a backoff that starts at `intervalMs` and grows by `factor` up to `maxIntervalMs`.
 */
export function pollWaits(poll: Omit<PollOptions, 'clock' | 'timeoutMs'>): (retryAfterMs?: number) => number {
  let backoff = poll.intervalMs;
  const max = poll.maxIntervalMs ?? 5_000;
  return (retryAfterMs) => {
    const wait = retryAfterMs !== undefined ? Math.min(retryAfterMs, MAX_POLL_RETRY_AFTER_MS) : Math.min(backoff, max);
    backoff = Math.min(backoff * (poll.factor ?? 2), max);
    return wait;
  };
}

/** The order's own problem, or a plain one when the CA gave none. */
export function invalidOrderProblem(order: Order): AcmeProblem {
  return new AcmeProblem(`order ${order.url} is invalid`, order.error ?? { detail: 'no error given' }, 0, order.url);
}

/**
 * Polls an order until it leaves `processing`/`pending` (RFC 8555 §7.4), honouring Retry-After.
 * Returns the order in `ready` or `valid` (or, with `invalid: 'return'`, `invalid`, for a caller
 * that explains it better); otherwise an `invalid` order throws its problem.
 */
export async function waitForOrder(
  transport: AcmeTransport,
  order: Order,
  want: 'ready' | 'valid',
  poll: PollOptions & { readonly invalid?: 'throw' | 'return' },
): Promise<Order> {
  const deadline = poll.clock.now() + poll.timeoutMs;
  const nextWait = pollWaits(poll);
  let current = order;
  let retryAfter: number | undefined;
  for (;;) {
    if (current.status === want || (want === 'ready' && current.status === 'valid')) return current;
    if (current.status === 'invalid') {
      if (poll.invalid === 'return') return current;
      throw invalidOrderProblem(current);
    }
    if (want === 'valid' && current.status === 'ready') {
      throw new Error(`acme: order ${current.url} is ready but not finalized`);
    }
    const wait = nextWait(retryAfter);
    if (poll.clock.now() + wait > deadline) {
      throw new Error(
        `acme: order ${current.url} still ${current.status} after ${poll.timeoutMs} ms; expected ${want}`,
      );
    }
    await poll.clock.sleep(wait);
    const next = await getOrder(transport, current.url);
    current = next.order;
    retryAfter = next.retryAfterMs;
  }
}
