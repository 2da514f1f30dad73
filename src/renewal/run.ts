import { AcmeSession, type AccountBook } from '../issue/session.js';
import { HttpClients } from '../net/http.js';
import { USER_AGENT } from '../runtime.js';
import type { StateKey } from '../store/encryption.js';
import { StateSession } from '../store/session.js';
import type { StoreSpec } from '../store/store.js';
import { renewCertificate, type CertificateJob, type RenewOutcome } from './renew.js';
import { sharedResolvers, type EngineContext, type RunResources } from './resources.js';

/** Where a run's state lives and the key that encrypts it. */
export interface StateSpec {
  readonly store: StoreSpec;
  readonly key: StateKey;
}

/** Everything one run does: a single certificate is a plan of one. */
export interface RunPlan {
  readonly certificates: readonly CertificateJob[];
  /** How many certificates are worked on at once. */
  readonly concurrency: number;
  /** The state kept between runs; without it nothing is kept and every certificate is issued (certonly). */
  readonly state?: StateSpec;
}

export interface CertificateResult {
  readonly name: string;
  readonly outcome?: RenewOutcome;
  readonly error?: Error;
}

/** The run's HTTP clients: one per trust set, proxy settings from the environment. */
export function runHttpClients(context: EngineContext): HttpClients {
  return new HttpClients({ userAgent: USER_AGENT, env: context.env, logger: context.logger });
}

/** Opens the plan's state (or an in-memory one), read-only when `readOnly`. */
export async function openRunState(state: StateSpec | undefined, clients: HttpClients, context: EngineContext, readOnly: boolean): Promise<StateSession> {
  if (!state) return StateSession.inMemory();
  const store = await state.store.open({ http: clients.forTrust(), logger: context.logger, now: () => context.clock.now() });
  if (!readOnly) await store.preflight?.();
  return StateSession.open(store, state.key, { readOnly, ...(context.onSecret ? { onSecret: context.onSecret } : {}) });
}

/** The accounts of a state: found there, and newly registered ones kept there. */
export function accountBookOf(state: StateSession): AccountBook {
  return {
    find: (directoryUrl) => state.bundle.accounts[directoryUrl],
    remember: (directoryUrl, account) => state.update((b) => ({ ...b, accounts: { ...b.accounts, [directoryUrl]: account } })),
  };
}

/**
 * Runs a plan: one state, one ACME session and one set of HTTP clients for all its
 * certificates, at most `concurrency` at once. One certificate failing does not stop the
 * others; each result says what happened. The state is closed (an artifact uploaded) at the end.
 */
export async function runCertificates(plan: RunPlan, context: EngineContext): Promise<CertificateResult[]> {
  const clients = runHttpClients(context);
  const dryRun = plan.certificates.some((c) => c.policy.dryRun);
  const state = await openRunState(plan.state, clients, context, dryRun);
  const run: RunResources = {
    context,
    state,
    acme: new AcmeSession({ clients, accounts: accountBookOf(state), clock: context.clock, logger: context.logger }),
    http: clients.forTrust(),
    resolverFor: sharedResolvers(),
  };
  const results: CertificateResult[] = new Array(plan.certificates.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < plan.certificates.length; index = next++) {
      const job = plan.certificates[index] as CertificateJob;
      try {
        results[index] = { name: job.request.name, outcome: await renewCertificate(job, run) };
      } catch (error) {
        if (plan.certificates.length > 1) context.logger.warn(`${job.request.name}: ${(error as Error).message}`);
        results[index] = { name: job.request.name, error: error as Error };
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(plan.concurrency, plan.certificates.length) }, worker));
  } finally {
    await state.close();
  }
  return results;
}
