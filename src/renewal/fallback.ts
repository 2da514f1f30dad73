import { fallbackReason } from '../issue/fallback.js';
import type { CaSettings } from '../issue/request.js';
import { errorMessage, type Logger } from '../runtime.js';

/** A CA the order skipped, and why (unreachable, server errors, rate limited). */
export interface SkippedCa {
  readonly server: string;
  readonly reason: string;
}

/** A certificate issued by a fallback CA: which one, and why the ones before it were skipped. */
export interface FallbackUse {
  readonly server: string;
  readonly skipped: readonly SkippedCa[];
}

/** One line for logs and summaries: `https://b/dir (https://a/dir: rate limited (...))`. */
export function describeFallback(fallback: FallbackUse): string {
  const skipped = fallback.skipped.map((s) => `${s.server}: ${s.reason}`).join('; ');
  return `fallback CA ${fallback.server} (skipped ${skipped})`;
}

/**
 * Tries `order` at each CA in turn until one issues. Only an outage or a rate limit moves on to
 * the next (see fallbackReason); any other refusal, or the last CA's failure, is the run's error,
 * saying which CAs were skipped before it.
 */
export async function orderWithFallback<T>(
  candidates: readonly CaSettings[],
  order: (ca: CaSettings) => Promise<T>,
  logger: Logger,
): Promise<{ result: T; ca: CaSettings; fallback?: FallbackUse }> {
  const skipped: SkippedCa[] = [];
  for (const [index, ca] of candidates.entries()) {
    try {
      const result = await order(ca);
      if (skipped.length === 0) return { result, ca };
      const fallback = { server: ca.directoryUrl, skipped };
      logger.warn(`issued by ${describeFallback(fallback)}`);
      return { result, ca, fallback };
    } catch (error) {
      const reason = fallbackReason(error);
      const next = candidates[index + 1];
      if (reason && next) {
        skipped.push({ server: ca.directoryUrl, reason });
        logger.warn(`ca: ${ca.directoryUrl} is ${reason}; trying the next CA, ${next.directoryUrl}`);
        continue;
      }
      if (skipped.length === 0) throw error;
      const before = skipped.map((s) => `${s.server}: ${s.reason}`).join('; ');
      throw new Error(`${errorMessage(error)} (at fallback CA ${ca.directoryUrl}; skipped ${before})`, {
        cause: error,
      });
    }
  }
  throw new Error('ca: no server to order from; set server');
}
