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
}

export interface RenewalDecision {
  readonly due: boolean;
  /** When this certificate should be renewed. */
  readonly renewAt: Date;
  readonly reason: string;
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
  const at = new Date(renewAt);
  if (renewAt <= input.now) return { due: true, renewAt: at, reason: `due since ${at.toISOString()} (${basis})` };
  if (input.nextRunAt !== undefined && renewAt < input.nextRunAt) {
    return {
      due: true,
      renewAt: at,
      reason: `due at ${at.toISOString()} (${basis}), before the next scheduled run at ${new Date(input.nextRunAt).toISOString()}`,
    };
  }
  return { due: false, renewAt: at, reason: `not due until ${at.toISOString()} (${basis})` };
}
