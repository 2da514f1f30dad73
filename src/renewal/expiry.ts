import type { CertificateSummary } from '../crypto/certificate.js';
import type { CertificateResult } from './run.js';

const DAY = 86_400_000;

/** Without `warn-days`: a tenth of the lifetime, at most 7 days (a 6-day certificate warns 14 h ahead). */
const DEFAULT_FRACTION = 0.1;
const DEFAULT_MAX_DAYS = 7;

/** Whole days until `notAfter`, rounded down; negative once expired. */
export function daysLeft(summary: Pick<CertificateSummary, 'notAfter'>, now: number): number {
  return Math.floor((summary.notAfter.getTime() - now) / DAY);
}

/** Lifetimes up to this long (6-day certificates) warn as soon as their renewal is overdue. */
const SHORT_LIFETIME_DAYS = 10;

/**
 * The warning for a certificate that expires within `warnDays` (or the default), if it does.
 * Since Let's Encrypt stopped sending expiry e-mails, this is the warning its users get. A
 * short-lived certificate also warns once its renewal is overdue (past `renewAt`, or half its
 * lifetime, and still valid): for a 6-day certificate a tenth of the lifetime is too late.
 */
export function expiryWarning(
  summary: CertificateSummary,
  now: number,
  warnDays?: number,
  renewAt?: Date,
): string | undefined {
  const lifetime = summary.notAfter.getTime() - summary.notBefore.getTime();
  const overdue = overdueWarning(summary, now, lifetime, renewAt);
  if (overdue) return overdue;
  const within =
    warnDays === undefined ? Math.min(lifetime * DEFAULT_FRACTION, DEFAULT_MAX_DAYS * DAY) : warnDays * DAY;
  const left = summary.notAfter.getTime() - now;
  if (left > within) return undefined;
  const when = summary.notAfter.toISOString();
  if (left <= 0) return `expired at ${when}`;
  const hours = Math.floor(left / 3_600_000);
  return `expires ${hours < 48 ? `in ${hours} h` : `in ${Math.floor(left / DAY)} days`} (${when})`;
}

function overdueWarning(
  summary: CertificateSummary,
  now: number,
  lifetime: number,
  renewAt?: Date,
): string | undefined {
  const left = summary.notAfter.getTime() - now;
  if (lifetime > SHORT_LIFETIME_DAYS * DAY || left <= 0) return undefined;
  const due = renewAt?.getTime() ?? summary.notAfter.getTime() - lifetime / 2;
  if (now < due) return undefined;
  const hours = Math.floor(left / 3_600_000);
  return (
    `expires in ${hours} h (${summary.notAfter.toISOString()}): its renewal is overdue ` +
    `since ${new Date(due).toISOString()} (a ${Math.round(lifetime / 3_600_000)} h certificate)`
  );
}

/** The certificate a result leaves in place: the new one, the one kept, or the one a failed renewal left. */
export function certificateInPlace(result: CertificateResult): CertificateSummary | undefined {
  return result.outcome?.summary ?? result.current;
}

/** When the certificate in place was due for renewal, if the run worked it out (a kept or deferred one). */
export function renewalPoint(result: CertificateResult): Date | undefined {
  const { outcome } = result;
  return outcome && (outcome.action === 'not-due' || outcome.action === 'deferred') ? outcome.renewAt : undefined;
}

/** A warning per certificate of a run close to expiry: `NAME expires in 3 days (…); its renewal failed this run`. */
export function expiryWarnings(
  results: readonly CertificateResult[],
  now: number,
  warnDays?: number,
): { name: string; message: string }[] {
  return results.flatMap((result) => {
    const certificate = certificateInPlace(result);
    const warning = certificate ? expiryWarning(certificate, now, warnDays, renewalPoint(result)) : undefined;
    if (!warning) return [];
    const why = result.error
      ? '; its renewal failed this run'
      : result.deferred || result.outcome?.action === 'deferred'
        ? '; its renewal was deferred'
        : '';
    return [{ name: result.name, message: `${result.name} ${warning}${why}` }];
  });
}
