import type { RenewalHooks } from './hooks.js';

/** When and how a certificate is renewed: everything about a run except the certificate itself. */
export interface RenewalPolicy {
  /** Renew even when not due. */
  readonly forceRenewal: boolean;
  /** Keep the certificate's key when renewing. */
  readonly reuseKey: boolean;
  /** Issue against `dryRunServer` and save nothing. */
  readonly dryRun: boolean;
  /** The ACME directory for a dry run. */
  readonly dryRunServer: string;
  /** The CAs a dry run tries after `dryRunServer` when it is down or rate limited (`dry-run-server` as a list). */
  readonly dryRunFallbacks?: readonly string[];
  /** Without ARI: renew this many days before expiry instead of at a third of the lifetime left. */
  readonly renewBeforeDays?: number;
  /**
   * When the next scheduled run starts, given the time now (from `next-run`, a cron schedule or
   * the workflow's own). A renewal due before it happens in this run.
   */
  readonly nextRun?: (now: Date) => Date | undefined;
  /** certbot's pre, post and deploy hooks. */
  readonly hooks: RenewalHooks;
}
