/** One check of a release verification, passed or not, with what was compared. */
export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface VerifyResult {
  readonly verified: boolean;
  readonly checks: readonly Check[];
  readonly integrity?: string;
  readonly tarballUrl?: string;
}

/** The report a person reads: one line per check, then the verdict. */
export function formatReport(subject: string, result: VerifyResult): string {
  const lines = result.checks.map((c) => `${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
  lines.push(result.verified ? `verified: ${subject} is what was built` : `NOT verified: ${subject} differs from what was built`);
  return lines.join('\n');
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
