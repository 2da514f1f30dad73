import { createHash } from 'node:crypto';

export interface RenewalInput {
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly now: number;
  /** The ARI certificate identifier (or any stable ID): picks this certificate's point in the window. */
  readonly certificateId: string;
  /** When the next scheduled run starts, if known: a renewal due before it happens now. */
  readonly nextRunAt?: number;
  /** Renew this many days before expiry, instead of the lifetime fraction. */
  readonly renewBeforeDays?: number;
  /** The CA's suggested window (RFC 9773 §4.2); it comes first when there is one. */
  readonly ariWindow?: { readonly start: Date; readonly end: Date };
  /** The CA's window was just fetched and differs from the one stored before: the CA moved it. */
  readonly ariWindowMoved?: boolean;
}

export interface RenewalDecision {
  readonly due: boolean;
  /** When this certificate should be renewed. */
  readonly renewAt: Date;
  readonly reason: string;
  /**
   * The CA asked for this renewal ahead of its own schedule: its window lies wholly in the past,
   * or it was just moved to start in the past (RFC 9773 §4.2, e.g. before a mass revocation).
   */
  readonly caAsked?: boolean;
}

const DAY = 86_400_000;

/**
 * A fraction in [0, 1) fixed for a certificate: the same certificate lands on the same point of
 * its window in every run, and different certificates spread over it (RFC 9773 §4.2 asks for a
 * random point; a stable one keeps runs from disagreeing without a random sleep).
 */
export function stableFraction(certificateId: string): number {
  return createHash('sha256').update(certificateId).digest().readUIntBE(0, 6) / 2 ** 48;
}

/**
 * Whether to renew now. With an ARI window: at this certificate's point in the window. Without:
 * when a third of the lifetime is left (half for lifetimes of 10 days or less), or
 * `renewBeforeDays` before expiry. Either way, a point that falls before the next scheduled run
 * is taken now, since that run would be too late.
 */
export function decideRenewal(input: RenewalInput): RenewalDecision {
  let renewAt: number;
  let basis: string;
  if (input.ariWindow) {
    const start = input.ariWindow.start.getTime();
    const end = Math.max(start, input.ariWindow.end.getTime());
    renewAt = start + Math.floor(stableFraction(input.certificateId) * (end - start));
    basis = `the CA's renewal window ${input.ariWindow.start.toISOString()} – ${input.ariWindow.end.toISOString()}`;
  } else if (input.renewBeforeDays !== undefined) {
    renewAt = input.notAfter.getTime() - input.renewBeforeDays * DAY;
    basis = `${input.renewBeforeDays} days before expiry`;
  } else {
    const lifetime = input.notAfter.getTime() - input.notBefore.getTime();
    const short = lifetime <= 10 * DAY;
    renewAt = input.notAfter.getTime() - (short ? lifetime / 2 : lifetime / 3);
    basis = short ? 'half of its lifetime left' : 'a third of its lifetime left';
  }
  // A window the CA moved to start in the past asks for a renewal now, not at a later point of it.
  const asked = input.ariWindow && caAskedEarly(input.ariWindow, input.now, input.ariWindowMoved === true);
  if (asked) renewAt = Math.min(renewAt, input.now);
  const at = new Date(renewAt);
  if (asked)
    return { due: true, renewAt: at, caAsked: true, reason: `due since ${at.toISOString()} (${basis}); ${asked}` };
  if (renewAt <= input.now) return { due: true, renewAt: at, reason: `due since ${at.toISOString()} (${basis})` };
  if (input.nextRunAt !== undefined && renewAt < input.nextRunAt) {
    return {
      due: true,
      renewAt: at,
      reason:
        `due at ${at.toISOString()} (${basis}), ` +
        `before the next scheduled run at ${new Date(input.nextRunAt).toISOString()}`,
    };
  }
  return { due: false, renewAt: at, reason: `not due until ${at.toISOString()} (${basis})` };
}

/** Why the CA's window means it asks for an early renewal, if it does. */
function caAskedEarly(
  window: { readonly start: Date; readonly end: Date },
  now: number,
  moved: boolean,
): string | undefined {
  if (window.end.getTime() <= now) return 'the CA asked for early renewal (its window is in the past)';
  if (moved && window.start.getTime() <= now)
    return 'the CA asked for early renewal (it moved its window into the past)';
  return undefined;
}
