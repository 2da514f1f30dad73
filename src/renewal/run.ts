import { markFullRun } from '../process/start-script.js';
import { rollOverAccountKey } from '../issue/account-changes.js';
import { AcmeSession, type AccountBook } from '../issue/session.js';
import { HttpClients } from '../net/http.js';
import type { CertificateSummary } from '../crypto/certificate.js';
import { errorMessage, prefixedLogger, USER_AGENT } from '../runtime.js';
import { prepareStateKey, type StateKey } from '../state/encryption.js';
import { StateSession } from '../state/session.js';
import type { StoreSpec } from '../store/store.js';
import type { StateBundle } from '../state/bundle.js';
import { DEFAULT_MAX_NEW_ORDERS, chooseOrders, recentOrders } from './budget.js';
import { shardOf, type Shard } from './shard.js';
import { deployCertificate, type DeploymentResult } from './deploy.js';
import { assessCertificate, type CertificateJob, type RenewOutcome } from './renew.js';
import { sharedResolvers, type EngineContext, type RunResources } from './resources.js';

/** Where a run's state lives and the key that encrypts it. */
export interface StateSpec {
  readonly store: StoreSpec;
  readonly key: StateKey;
}

/** One shard of a matrix run (`shard: I/N`). */
export interface ShardPlan extends Shard {
  /** Every certificate name of the config, all shards. */
  readonly names: readonly string[];
  /** The other shards' states, when this store can read them: where certificates that moved are found. */
  readonly siblings?: () => Promise<{ readonly description: string; readonly bundle: StateBundle }[]>;
}

/** Everything one run does: a single certificate is a plan of one. */
export interface RunPlan {
  readonly certificates: readonly CertificateJob[];
  /** How many certificates are worked on at once. */
  readonly concurrency: number;
  /** New orders per account in any 3 hours (`max-new-orders`); ARI renewals do not count. */
  readonly maxNewOrders?: number;
  /** `account-rollover`: replace each account's key at its CA before anything is ordered. */
  readonly accountRollover?: boolean;
  /** This run is one shard of a matrix: `certificates` are its share of the config. */
  readonly shard?: ShardPlan;
  /** The state kept between runs; without it nothing is kept and every certificate is issued (certonly). */
  readonly state?: StateSpec;
}

export interface CertificateResult {
  readonly name: string;
  readonly outcome?: RenewOutcome;
  readonly error?: Error;
  /** The names a failed certificate asked for (the summary shows them when no certificate is in place). */
  readonly requested?: readonly string[];
  /** Due but left for a later run (the order budget was spent), and there is no certificate yet. */
  readonly deferred?: string;
  /** After a failed order: the certificate still in place, if there is one. */
  readonly current?: CertificateSummary;
  /** Each deploy target of the certificate: what it holds, deployed in this run or before, or its failure. */
  readonly deployments?: readonly DeploymentResult[];
}

/** Runs `work` over `items`, at most `concurrency` at once, each result at its item's index. */
async function eachLimited<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++)
      results[index] = await work(items[index] as T, index);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** The run's HTTP clients: one per trust set, proxy settings from the environment. */
export function runHttpClients(context: EngineContext): HttpClients {
  return new HttpClients({ userAgent: USER_AGENT, env: context.env, logger: context.logger });
}

/** Opens the plan's state (or an in-memory one), read-only when `readOnly`. */
/**
 * Starts what opening the state will need and can begin now: the passphrase's key, derived from
 * the salt the stored bundle names (the file store's; others wait for the read). Never fails.
 */
export function prepareRunState(state: StateSpec): void {
  state.store
    .peek?.()
    .then((stored) => stored && prepareStateKey(stored, state.key))
    .catch(() => undefined);
}

export async function openRunState(
  state: StateSpec | undefined,
  clients: HttpClients,
  context: EngineContext,
  readOnly: boolean,
): Promise<StateSession> {
  if (!state) return StateSession.inMemory();
  const store = await state.store.open({
    http: clients.forTrust(),
    logger: context.logger,
    now: () => context.clock.now(),
  });
  if (!readOnly) await store.preflight?.();
  return StateSession.open(store, state.key, { readOnly, ...(context.onSecret ? { onSecret: context.onSecret } : {}) });
}

/**
 * `account-rollover`: each account of the run's CAs that the state holds gets a new key at its CA
 * (RFC 8555 §7.3.5), before anything is ordered. The new key is saved as pending before the CA is
 * asked, so a crash at any step leaves a state whose account the next run can still use.
 */
async function rollOverAccounts(plan: RunPlan, run: RunResources): Promise<void> {
  const { state, acme, context } = run;
  const cas = new Map(plan.certificates.map((job) => [job.request.ca.directoryUrl, job.request.ca]));
  for (const [directoryUrl, ca] of cas) {
    if (!state.bundle.accounts[directoryUrl]) {
      context.logger.info(`account-rollover: no account at ${directoryUrl} yet; the new one gets a fresh key`);
      continue;
    }
    const rolled = await rollOverAccountKey(acme, ca, {
      keep: async (account) => {
        state.update((b) => ({ ...b, accounts: { ...b.accounts, [directoryUrl]: account } }));
        await state.save();
      },
    });
    context.logger.info(`account-rollover: the account ${rolled.url} at ${directoryUrl} has a new key`);
  }
}

/** The accounts of a state: found there, and newly registered ones kept there. */
export function accountBookOf(state: StateSession): AccountBook {
  return {
    find: (directoryUrl) => state.bundle.accounts[directoryUrl],
    remember: (directoryUrl, account) =>
      state.update((b) => ({ ...b, accounts: { ...b.accounts, [directoryUrl]: account } })),
  };
}

/**
 * Runs a plan: one state, one ACME session and one set of HTTP clients for all its
 * certificates, at most `concurrency` at once. First every certificate is checked (cheap: the
 * state's facts, ARI only when its Retry-After has passed); then the due ones are ordered,
 * ARI renewals first, then by urgency, while each account's order budget lasts; the rest are
 * deferred with a line that says why. One certificate failing does not stop the others; each
 * result says what happened. The state is written once more at the end if anything is left
 * unwritten, then closed (an artifact uploaded).
 */
export async function runCertificates(plan: RunPlan, context: EngineContext): Promise<CertificateResult[]> {
  markFullRun();
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
  if (plan.shard) await settleShard(plan, plan.shard, state, context);
  if (plan.accountRollover && !dryRun) await rollOverAccounts(plan, run);
  const failed = (job: CertificateJob, error: unknown): CertificateResult => ({
    name: job.request.name,
    error: error as Error,
    requested: job.request.domains,
  });
  // Every line about a certificate carries its name.
  const runFor = (name: string): RunResources => ({
    ...run,
    context: { ...context, logger: prefixedLogger(context.logger, name) },
  });
  try {
    const results = new Array<CertificateResult>(plan.certificates.length);
    const assessed = await eachLimited(plan.certificates, plan.concurrency, async (job, index) => {
      try {
        const assessment = await assessCertificate(job, runFor(job.request.name));
        if (!assessment.due) results[index] = { name: job.request.name, outcome: assessment.outcome };
        return assessment.due ? { ...assessment.order, index, assessment } : undefined;
      } catch (error) {
        results[index] = failed(job, error);
        return undefined;
      }
    });
    const due = assessed.filter((a) => a !== undefined);
    const maxNewOrders = plan.maxNewOrders ?? DEFAULT_MAX_NEW_ORDERS;
    const now = context.clock.now();
    const { order, defer } = chooseOrders(due, state.bundle.orders ?? {}, maxNewOrders, now);
    if (defer.length > 0) {
      context.logger.warn(
        `${defer.length} due certificate(s) deferred to the next run: ` +
          `max-new-orders (${maxNewOrders} new orders per account in 3 hours) is spent; ` +
          'the most urgent went first, and ARI renewals (exempt from the limit) were not held back',
      );
    }
    await eachLimited(defer, plan.concurrency, async (d) => {
      const job = plan.certificates[d.index] as CertificateJob;
      const why = `max-new-orders (${maxNewOrders} per 3 hours) is spent for ${d.directoryUrl}; the next run orders it`;
      try {
        const outcome = await d.assessment.defer(why);
        results[d.index] = outcome ? { name: d.name, outcome } : { name: d.name, deferred: why };
      } catch (error) {
        results[d.index] = failed(job, error);
      }
    });
    if (!dryRun) {
      // Counted when ordered, as the CA counts them: a failed order uses the budget too.
      const counted = order.filter((o) => !o.exempt);
      if (counted.length > 0) {
        state.update((b) => {
          const orders = { ...(b.orders ?? {}) };
          for (const o of counted) orders[o.directoryUrl] = [...recentOrders(orders[o.directoryUrl] ?? [], now)];
          for (const o of counted) (orders[o.directoryUrl] as number[]).push(now);
          return { ...b, orders };
        });
      }
    }
    await eachLimited(order, plan.concurrency, async (o) => {
      const job = plan.certificates[o.index] as CertificateJob;
      const log = context.certificateLog?.(o.name, o.assessment.title);
      try {
        results[o.index] = { name: o.name, outcome: await o.assessment.proceed(log) };
      } catch (error) {
        results[o.index] = {
          ...failed(job, error),
          ...(o.assessment.current ? { current: o.assessment.current } : {}),
        };
      } finally {
        log?.end();
      }
    });
    await deployAll(plan, results, runFor);
    // What no certificate's own save wrote (order times, facts read once, certificates taken over from another shard).
    if (state.changed)
      await state
        .save()
        .catch((error: unknown) =>
          context.logger.warn(`state: could not write the last changes: ${errorMessage(error)}`),
        );
    return results;
  } finally {
    await state.close();
  }
}

/**
 * Every certificate the run has (issued, renewed, current) goes to its targets that do not hold
 * it yet; what they hold is saved with the run's last write. A failed certificate deploys nothing.
 */
async function deployAll(
  plan: RunPlan,
  results: CertificateResult[],
  runFor: (name: string) => RunResources,
): Promise<void> {
  await eachLimited(plan.certificates, plan.concurrency, async (job, index) => {
    const result = results[index];
    if (!result?.outcome || !job.deploy?.length) return;
    const deployments = await deployCertificate(job.request.name, job.deploy, result.outcome, runFor(result.name));
    results[index] = { ...result, deployments };
  });
}

/**
 * Certificates that moved when the shard count changed: one of this shard's found in another
 * shard's state is taken over as it is (no new order), and one in this state that now belongs
 * to another shard is left for that shard. Both are said.
 */
async function settleShard(
  plan: RunPlan,
  shard: ShardPlan,
  state: StateSession,
  context: EngineContext,
): Promise<void> {
  const mine = new Set(plan.certificates.map((c) => c.request.name));
  for (const name of Object.keys(state.bundle.lineages)) {
    if (mine.has(name) || !shard.names.includes(name)) continue;
    context.logger.info(
      `${name}: moved to shard ${shardOf(name, shard.count)}/${shard.count} (a stable hash of its name); ` +
        'that shard renews it from now on',
    );
  }
  const missing = [...mine].filter((name) => !state.bundle.lineages[name]);
  if (missing.length === 0) return;
  if (!shard.siblings) {
    context.logger.debug(
      `shard: ${missing.length} certificate(s) not in this shard's state; ` +
        `the store cannot read the other shards', so they are issued here if new`,
    );
    return;
  }
  const siblings = await shard.siblings();
  for (const name of missing) {
    const found = siblings
      .map((s) => ({ ...s, lineage: s.bundle.lineages[name] }))
      .filter((s) => s.lineage)
      .sort(
        (a, b) =>
          Date.parse(b.lineage?.history.at(-1)?.notBefore ?? '') -
          Date.parse(a.lineage?.history.at(-1)?.notBefore ?? ''),
      )[0];
    if (!found?.lineage) continue;
    const lineage = found.lineage;
    state.update((b) => ({ ...b, lineages: { ...b.lineages, [name]: lineage } }));
    context.logger.info(
      `${name}: moved here (shard ${shard.index}/${shard.count}) from ${found.description}; ` +
        'its certificate is kept, no new order',
    );
  }
}
