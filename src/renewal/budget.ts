/**
 * New orders within a CA's rate limits, by design rather than by retrying 429s: Let's Encrypt
 * allows 300 new orders per account per 3 hours, and exempts renewals that name the
 * certificate they replace inside its ARI window. A run orders what is due, most urgent first,
 * while the account's budget for the trailing 3 hours lasts (the state remembers when earlier
 * runs ordered), and defers the rest to the next run with a line that says so.
 */

/** The window Let's Encrypt counts new orders over. */
export const ORDER_WINDOW_MS = 3 * 3_600_000;

/** Below Let's Encrypt's 300, leaving room for a manual run beside the scheduled ones. */
export const DEFAULT_MAX_NEW_ORDERS = 250;

/** A certificate that is due, as the scheduler sees it. */
export interface DueCertificate {
  readonly name: string;
  /** The account it orders with (the directory URL): each has its own budget. */
  readonly directoryUrl: string;
  /** When it stops working (a missing certificate: now); the earliest goes first. */
  readonly expiresAt: number;
  /** Where its ARI window starts, to order renewals that expire together. */
  readonly windowStart?: number;
  /** An ARI renewal inside the CA's window: exempt from the limit, so it never waits. */
  readonly exempt: boolean;
}

/** Order times (ms) still inside the window at `now`. */
export function recentOrders(times: readonly number[], now: number): number[] {
  // Bundles of earlier versions rounded to the nearest second: a time up to a second ahead is this run's.
  return times.filter((t) => t > now - ORDER_WINDOW_MS && t <= now + 1000);
}

/**
 * Which due certificates this run orders and which it defers: exempt ones always, then the rest
 * by urgency (expiry, then ARI window start, then name) while each account's budget lasts.
 * `ordered` holds each account's earlier order times (ms).
 */
export function chooseOrders<T extends DueCertificate>(
  due: readonly T[],
  ordered: Readonly<Record<string, readonly number[]>>,
  maxNewOrders: number,
  now: number,
): { readonly order: T[]; readonly defer: T[] } {
  const left = new Map<string, number>();
  const order: T[] = [];
  const defer: T[] = [];
  const urgency = (a: T, b: T) =>
    a.expiresAt - b.expiresAt ||
    (a.windowStart ?? a.expiresAt) - (b.windowStart ?? b.expiresAt) ||
    a.name.localeCompare(b.name);
  const sorted = [...due].sort((a, b) => Number(b.exempt) - Number(a.exempt) || urgency(a, b));
  for (const certificate of sorted) {
    if (certificate.exempt) {
      order.push(certificate);
      continue;
    }
    const budget =
      left.get(certificate.directoryUrl) ??
      maxNewOrders - recentOrders(ordered[certificate.directoryUrl] ?? [], now).length;
    if (budget > 0) order.push(certificate);
    else defer.push(certificate);
    left.set(certificate.directoryUrl, budget - 1);
  }
  return { order, defer };
}
