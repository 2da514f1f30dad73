import type { ConfiguredCertificate } from '../config-file.js';
import type { StateSession } from '../store/session.js';
import { renewOptionsOf, runRenew, type RenewContext, type RenewOutcome } from './renew.js';

export interface CertificateResult {
  readonly name: string;
  readonly outcome?: RenewOutcome;
  readonly error?: Error;
}

/**
 * Renews several lineages in one run, at most `concurrency` at once, over one state session.
 * One certificate failing does not stop the others; each result says what happened.
 */
export async function renewAll(
  certificates: readonly ConfiguredCertificate[],
  session: StateSession,
  concurrency: number,
  context: RenewContext,
): Promise<CertificateResult[]> {
  const results: CertificateResult[] = new Array(certificates.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < certificates.length; index = next++) {
      const { config, settings } = certificates[index] as ConfiguredCertificate;
      try {
        const outcome = await runRenew({ config, session, options: renewOptionsOf(settings, context.now()) }, context);
        results[index] = { name: config.certName, outcome };
      } catch (error) {
        context.logger.warn(`${config.certName}: ${(error as Error).message}`);
        results[index] = { name: config.certName, error: error as Error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, certificates.length) }, worker));
  return results;
}
