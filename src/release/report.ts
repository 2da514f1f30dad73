/** One check of a release verification, passed or not, with what was compared. */
export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** One package of a verification: every check, and the verdict. */
export interface PackageReport {
  readonly ecosystem: 'npm' | 'pypi';
  readonly name: string;
  readonly version: string;
  readonly registry: string;
  readonly verified: boolean;
  readonly checks: readonly Check[];
  /** npm: the local tarball's SRI (sha512). */
  readonly integrity?: string;
  readonly tarballUrl?: string;
}

/**
 * A verification of one or several packages: what `--json` prints and the Action's `report` output keep as evidence.
 */
export interface VerifyReport {
  readonly verified: boolean;
  /** When the check ran, ISO 8601. */
  readonly checkedAt: string;
  readonly packages: readonly PackageReport[];
}

/** `@acme/site@1.2.3 on https://registry.npmjs.org`. */
export function subjectOf(report: PackageReport): string {
  return `${report.name}@${report.version} on ${report.registry}`;
}

/** The report a person reads: per package, one line per check, then the verdict. */
export function formatReport(report: VerifyReport): string {
  return report.packages
    .map((p) => {
      const lines = p.checks.map((c) => `${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
      lines.push(
        p.verified
          ? `verified: ${subjectOf(p)} is what was built`
          : `NOT verified: ${subjectOf(p)} differs from what was built`,
      );
      return lines.join('\n');
    })
    .join('\n\n');
}

export interface RetryOptions {
  readonly timeoutMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
}

/**
 * Polls `attempt` until it returns a value, with backoff from 1 s doubling to 15 s, up to the
 * timeout: registries take a while to serve a version that was just published.
 */
export async function waitFor<T>(attempt: () => Promise<T | undefined>, options: RetryOptions): Promise<T | undefined> {
  const deadline = options.now() + options.timeoutMs;
  for (let wait = 1_000; ; wait = Math.min(wait * 2, 15_000)) {
    const value = await attempt();
    if (value !== undefined) return value;
    if (options.now() + wait > deadline) return undefined;
    await options.sleep(Math.min(wait, Math.max(0, deadline - options.now())));
  }
}
