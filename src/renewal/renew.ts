import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchRenewalInfo } from '../acme/ari.js';
import type { Directory } from '../acme/transport.js';
import { certificateFiles, type CertificateFiles, type CertificateSummary } from '../crypto/certificate.js';
import { canonicalChainPem } from '../crypto/pem.js';
import { folderProblem } from '../fs/atomic-file.js';
import { importCertificateKey, type GeneratedKey } from '../crypto/keys.js';
import type { ChallengeRecord } from '../dns/provider.js';
import type { ConfiguredDeployTarget } from '../deploy/target.js';
import { writeCertificateFiles, type WrittenPaths } from '../issue/files.js';
import { caCandidates } from '../issue/fallback.js';
import {
  obtainCertificate,
  prepareIssuance,
  type ObtainedCertificate,
  type PreparedIssuance,
} from '../issue/obtain.js';
import type { CaSettings, CertificateRequest } from '../issue/request.js';
import { errorMessage, type Logger } from '../runtime.js';
import type { Lineage, PendingCleanup, RenewalInfoState } from '../state/bundle.js';
import { ownChallengeRecords } from '../state/journal.js';
import type { DueCertificate } from './budget.js';
import { decideRenewal, type RenewalDecision } from './decide.js';
import { orderWithFallback, type FallbackUse } from './fallback.js';
import { runHook } from './hooks.js';
import { currentCertificate, readCertificateFacts, renewalId, revocationReason } from './lineages.js';
import type { RenewalPolicy } from './policy.js';
import type { RunResources } from './resources.js';

/** One certificate of a run: what to get, and when and how to renew it. */
export interface CertificateJob {
  readonly request: CertificateRequest;
  readonly policy: RenewalPolicy;
  /** Where the certificate goes once the run has it (src/renewal/deploy.ts); none: it stays in the files. */
  readonly deploy?: readonly ConfiguredDeployTarget[];
}

export interface RenewOutcome {
  /** `deferred`: due, but the run's order budget was spent; the current certificate's files were written. */
  readonly action: 'issued' | 'renewed' | 'not-due' | 'dry-run' | 'deferred';
  readonly reason: string;
  readonly summary: CertificateSummary;
  /** Undefined for a dry run, which writes nothing. */
  readonly paths?: WrittenPaths;
  readonly renewAt?: Date;
  readonly elapsedMs: number;
  /** Issued by a fallback CA: which, and why the CAs before it were skipped. */
  readonly fallback?: FallbackUse;
  /** Renewed because the CA asked for it early, through its ARI window. */
  readonly caAsked?: boolean;
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().every((name, i) => name === [...b].sort()[i]);
}

/** Why the lineage needs a new certificate regardless of dates, if it does. */
function changeReason(existing: Lineage | undefined, job: CertificateJob, persistent: boolean): string | undefined {
  const { request, policy } = job;
  if (!existing) return persistent ? 'no certificate yet' : 'requested (no store: nothing is kept between runs)';
  const revoked = revocationReason(existing);
  if (revoked) return revoked;
  if (!sameNames(existing.domains, request.domains))
    return `the names changed (${existing.domains.join(', ')} -> ${request.domains.join(', ')})`;
  if (existing.keyType !== request.keyType) return `the key type changed (${existing.keyType} -> ${request.keyType})`;
  const profile = profileChange(existing, request.ca);
  if (profile) return profile;
  if (policy.forceRenewal) return 'renewal forced';
  return undefined;
}

/**
 * A strict `profile` other than the lineage's renews; so does a `preferred-profile` other than a
 * profile the lineage was issued with (issued with the CA's default: the preference waits for
 * the next renewal, or a CA that does not offer it would renew every run).
 */
function profileChange(existing: Lineage, ca: CertificateRequest['ca']): string | undefined {
  const was = existing.profile ?? "the CA's default";
  if (ca.profile && ca.profile !== existing.profile) return `the profile changed (${was} -> ${ca.profile})`;
  if (!ca.profile && ca.preferredProfile && existing.profile && ca.preferredProfile !== existing.profile)
    return `the preferred profile changed (${was} -> ${ca.preferredProfile})`;
  return undefined;
}

/**
 * A certificate after the cheap part of its check (state, stored facts, ARI when its
 * Retry-After has passed): done, or due with what the run's scheduler needs to order it.
 */
export type Assessment =
  | { readonly due: false; readonly outcome: RenewOutcome }
  | {
      readonly due: true;
      readonly order: DueCertificate;
      /** Orders, proves, issues and keeps the new certificate. */
      /** What its log is titled: issuing or renewing, and why. */
      readonly title: string;
      /** The certificate it has now, if any: still what a failed order leaves in place. */
      readonly current?: CertificateSummary;
      /** Orders, proves, issues and keeps the new certificate; `logger` replaces the run's for this order. */
      proceed(logger?: Logger): Promise<RenewOutcome>;
      /** Leaves it for a later run: writes the current certificate's files, if there is one. */
      defer(why: string): Promise<RenewOutcome | undefined>;
    };

/**
 * One certificate of a run: issue if missing, renew if due or changed, otherwise say when it
 * will be due. The state is written only after a new certificate was issued, so a failure
 * leaves the working certificate where it was.
 */
export async function renewCertificate(job: CertificateJob, run: RunResources): Promise<RenewOutcome> {
  const assessment = await assessCertificate(job, run);
  return assessment.due ? assessment.proceed() : assessment.outcome;
}

/** Decides whether the certificate is due; writes its files when it is not. */
export async function assessCertificate(job: CertificateJob, run: RunResources): Promise<Assessment> {
  const { policy } = job;
  const { state, context } = run;
  const { logger, clock } = context;
  const started = clock.now();
  const existing = state.bundle.lineages[job.request.name];
  // A lineage keeps the ACME profile it was issued with unless the request names another.
  const request =
    job.request.ca.profile || job.request.ca.preferredProfile || !existing?.profile
      ? job.request
      : { ...job.request, ca: { ...job.request.ca, profile: existing.profile } };
  if (await removeStrayRecords(request, run)) await state.save();
  const directoryUrl = policy.dryRun ? policy.dryRunServer : request.ca.directoryUrl;

  let decision: RenewalDecision | undefined;
  let certificateId: string | undefined;
  let current: Awaited<ReturnType<typeof currentCertificate>> | undefined;
  let window: RenewalInfoState | undefined;
  const forced = changeReason(existing, job, state.persistent);
  /** The files of the certificate the lineage has now (not due, or deferred). */
  const writeCurrent = async (
    lineage: Lineage,
    action: 'not-due' | 'deferred',
    reason: string,
    summary: CertificateSummary,
  ): Promise<RenewOutcome> => {
    context.onSecret?.(lineage.keyPem);
    const dir = join(request.outputDir, request.name);
    const paths = await writeCertificateFiles(dir, certificateFiles(lineage.chainPem, lineage.keyPem), {
      unlessSame: true,
      pfx: request.pfx,
    }).catch((error: unknown) => {
      throw new Error(`output-dir: could not write the certificate to ${dir}: ${errorMessage(error)}`, {
        cause: error,
      });
    });
    return {
      action,
      reason,
      summary,
      paths,
      ...(decision ? { renewAt: decision.renewAt } : {}),
      elapsedMs: clock.now() - started,
    };
  };
  if (existing) current = await currentCertificate(existing);
  if (existing && current && !forced) {
    const { summary } = current;
    certificateId = current.facts.ariId ?? undefined;
    window = certificateId ? await currentRenewalInfo(existing, certificateId, request, run) : undefined;
    const changed = (window !== undefined && window !== existing.renewalInfo) || current.read;
    if (changed) setLineage(run, { ...existing, ...(window ? { renewalInfo: window } : {}), facts: current.facts });
    const now = clock.now();
    const nextRunAt = policy.nextRun?.(new Date(now))?.getTime();
    decision = decideRenewal({
      notBefore: summary.notBefore,
      notAfter: summary.notAfter,
      now,
      certificateId: renewalId(summary, current.facts),
      ...(nextRunAt !== undefined ? { nextRunAt } : {}),
      ...(policy.renewBeforeDays !== undefined ? { renewBeforeDays: policy.renewBeforeDays } : {}),
      ...(window ? { ariWindow: { start: new Date(window.windowStart), end: new Date(window.windowEnd) } } : {}),
      ariWindowMoved: windowMoved(existing.renewalInfo, window),
    });
    if (!decision.due && !policy.dryRun) {
      logger.info(decision.reason);
      if (changed) await state.save();
      return { due: false, outcome: await writeCurrent(existing, 'not-due', decision.reason, summary) };
    }
  }
  const now = clock.now();
  const windowStart = window ? Date.parse(window.windowStart) : undefined;
  const reason = forced ?? decision?.reason ?? 'dry run';
  const caAsked = !forced && decision?.caAsked === true;
  if (caAsked) logger.warn(reason);
  return {
    due: true,
    title: `${policy.dryRun ? 'dry run' : existing ? 'renewing' : 'issuing'}: ${reason}`,
    ...(current ? { current: current.summary } : {}),
    order: {
      name: request.name,
      directoryUrl,
      expiresAt: current?.summary.notAfter.getTime() ?? now,
      ...(windowStart !== undefined ? { windowStart } : {}),
      // Let's Encrypt exempts a renewal that names the certificate it replaces inside its ARI window.
      exempt: !forced && certificateId !== undefined && windowStart !== undefined && windowStart <= now,
    },
    proceed: (orderLogger) => {
      const orderRun = orderLogger ? { ...run, context: { ...context, logger: orderLogger } } : run;
      return orderCertificate({
        job,
        run: orderRun,
        request,
        existing,
        reason,
        caAsked,
        certificateId,
        directoryUrl,
        started,
      });
    },
    defer: async (why) => {
      logger.info(`deferred: ${why}`);
      return existing && current ? writeCurrent(existing, 'deferred', why, current.summary) : undefined;
    },
  };
}

interface OrderContext {
  readonly job: CertificateJob;
  readonly run: RunResources;
  readonly request: CertificateRequest;
  readonly existing: Lineage | undefined;
  readonly reason: string;
  readonly caAsked: boolean;
  readonly certificateId: string | undefined;
  readonly directoryUrl: string;
  readonly started: number;
}

/** The costly part: a new order, proof over DNS, the new certificate kept in the state and files. */
async function orderCertificate(order: OrderContext): Promise<RenewOutcome> {
  const { job, run, existing, reason, caAsked, directoryUrl, started } = order;
  let { request } = order;
  const { policy } = job;
  const { context } = run;
  const { logger, clock } = context;
  if (!policy.dryRun) {
    // Before the CA is asked: a certificate that could not be written would be wasted.
    const dir = join(request.outputDir, request.name);
    const problem = await folderProblem(dir, { private: true });
    if (problem) throw new Error(`output-dir: ${dir} ${problem}`);
  }
  logger.info(`${policy.dryRun ? 'dry run' : existing ? 'renewing' : 'issuing'}: ${reason}`);

  if (policy.hooks.pre) await runHook('pre-hook', policy.hooks.pre, context.env, logger, policy.hooks.timeoutMs);
  // Ordering now (the output folder is usable, and a pre-hook may have set up the way to the CA or the
  // DNS): the CA's connection and account, the key and where the records go are all started at once.
  run.acme.warm(request.ca, directoryUrl);
  const prepared = prepareIssuance(request, run.resolverFor(request.dns), reusableKey(job, existing));
  // The records journal's folder, made while the CA is asked: noting the records is then one write.
  void context.journal?.prepare();
  try {
    // The request's CA first, then its fallbacks (`server` given as a list), while they are down or rate limited.
    const placed = await orderWithFallback(
      caCandidates(policy.dryRun ? dryRunCa(request.ca, policy) : request.ca, directoryUrl),
      (ca) => orderAt({ ...order, request: { ...request, ca } }, ca.directoryUrl, prepared),
      logger,
    );
    const { obtained, fallback } = { ...placed.result, fallback: placed.fallback };
    request = placed.result.request;
    context.onSecret?.(obtained.key.privateKeyPem);
    if (policy.dryRun) {
      logger.info('dry run succeeded; nothing was saved');
      return {
        action: 'dry-run',
        reason,
        summary: obtained.summary,
        elapsedMs: clock.now() - started,
        ...(fallback ? { fallback } : {}),
      };
    }
    // As the state gives it back, so later runs find the files unchanged.
    const chainPem = canonicalChainPem(obtained.chainPem);
    const facts = await readCertificateFacts(chainPem, obtained.summary);
    setLineage(run, {
      name: request.name,
      domains: request.domains,
      keyType: request.keyType,
      // The CA that issued it (a fallback, maybe): its ARI and revocation go there.
      server: placed.ca.directoryUrl,
      provider: request.dns.provider.name,
      ...(request.ca.profile ? { profile: request.ca.profile } : {}),
      // What the targets hold stays known: they get the new certificate in the same place.
      ...(existing?.deployed ? { deployed: existing.deployed } : {}),
      keyPem: obtained.key.privateKeyPem,
      chainPem,
      facts,
      history: [
        ...(existing?.history ?? []),
        {
          serial: obtained.summary.serial,
          notBefore: obtained.summary.notBefore.toISOString(),
          notAfter: obtained.summary.notAfter.toISOString(),
        },
      ],
    });
    const paths = await keepNewCertificate(request, certificateFiles(chainPem, obtained.key.privateKeyPem), run);
    if (policy.hooks.deploy) {
      await runHook(
        'deploy-hook',
        policy.hooks.deploy,
        { ...context.env, RENEWED_LINEAGE: paths.dir, RENEWED_DOMAINS: request.domains.join(' ') },
        logger,
        policy.hooks.timeoutMs,
      );
    }
    const { renewAt } = decideRenewal({
      notBefore: obtained.summary.notBefore,
      notAfter: obtained.summary.notAfter,
      now: clock.now(),
      certificateId: renewalId(obtained.summary, facts),
      ...(policy.renewBeforeDays !== undefined ? { renewBeforeDays: policy.renewBeforeDays } : {}),
    });
    logger.info(
      `${existing ? 'renewed' : 'issued'}: serial ${obtained.summary.serial}, ` +
        `valid until ${obtained.summary.notAfter.toISOString()}; files in ${paths.dir}`,
    );
    return {
      action: existing ? 'renewed' : 'issued',
      reason,
      summary: obtained.summary,
      paths,
      renewAt,
      elapsedMs: clock.now() - started,
      ...(caAsked ? { caAsked } : {}),
      ...(fallback ? { fallback } : {}),
    };
  } finally {
    if (policy.hooks.post) {
      await runHook('post-hook', policy.hooks.post, context.env, logger, policy.hooks.timeoutMs).catch(
        (error: unknown) => logger.warn(errorMessage(error)),
      );
    }
  }
}

/** The lineage's key, when the policy reuses it; a revoked certificate's key may be why it was revoked: never. */
function reusableKey(job: CertificateJob, existing: Lineage | undefined): Promise<GeneratedKey> | undefined {
  if (!job.policy.reuseKey || !existing || existing.revoked) return undefined;
  return Promise.resolve().then(() => importCertificateKey(existing.keyPem, job.request.keyType));
}

/** A dry run's CAs: `dry-run-server` and its own fallbacks, never the production ones. */
function dryRunCa(ca: CaSettings, policy: RenewalPolicy): CaSettings {
  const fallbacks = (policy.dryRunFallbacks ?? []).map((directoryUrl) => ({ directoryUrl }));
  return { ...ca, fallbacks };
}

/**
 * One CA's attempt: its directory and profiles, the account there, the order proven over DNS,
 * with the key `prepared` (a fallback CA gets the same one). `replaces` (RFC 9773) only at the CA
 * that issued the certificate it names.
 */
async function orderAt(
  order: OrderContext,
  directoryUrl: string,
  prepared: PreparedIssuance,
): Promise<{ obtained: ObtainedCertificate; request: CertificateRequest }> {
  const { run, existing, certificateId } = order;
  const { logger, clock, env } = run.context;
  const transport = await run.acme.transport(order.request.ca, directoryUrl);
  const request = withOfferedProfile(order.request, await transport.directory(), logger);
  await run.acme.account(request.ca, directoryUrl);
  const sameCa = existing?.server === directoryUrl;
  const replaces = certificateId && sameCa && (await transport.directory()).renewalInfo ? certificateId : undefined;
  logger.info(`ordering ${request.domains.join(', ')} from ${directoryUrl}; DNS: ${request.dns.provider.description}`);
  const obtained = await obtainCertificate(
    request,
    { prepared, ...(replaces ? { replaces } : {}) },
    {
      transport,
      provider: await request.dns.provider.create({ logger, clock, env, http: run.http }),
      resolver: run.resolverFor(request.dns),
      clock,
      logger,
      ...recordJournal(request, run),
    },
  );
  return { obtained, request };
}

/**
 * Saves the new certificate in the state and writes its files, and if either fails keeps it
 * where it could go: in the state (the next run writes the files), in the files, or, when
 * both fail, in a private rescue folder that the error names. A certificate the CA issued is
 * never thrown away; the run still fails, saying where it is.
 */
async function keepNewCertificate(
  request: CertificateRequest,
  files: CertificateFiles,
  run: RunResources,
): Promise<WrittenPaths> {
  const { state } = run;
  const dir = join(request.outputDir, request.name);
  const saveError = await state.save().then(
    () => undefined,
    (error: unknown) => error as Error,
  );
  let paths: WrittenPaths;
  try {
    paths = await writeCertificateFiles(dir, files, { pfx: request.pfx });
  } catch (writeError) {
    const written = `could not be written to ${dir} (${errorMessage(writeError)})`;
    if (!saveError && state.persistent)
      throw new Error(
        `output-dir: the new certificate ${written}; it is saved in the state, and the next run writes the files`,
        { cause: writeError },
      );
    const rescue = await mkdtemp(join(tmpdir(), `certwright-rescue-${request.name.replace(/[^A-Za-z0-9.-]/g, '_')}-`));
    await writeCertificateFiles(rescue, files, { pfx: request.pfx });
    const unsaved = saveError ? ` nor saved in the state (${errorMessage(saveError)})` : '';
    throw new Error(
      `output-dir: the new certificate ${written}${unsaved}; it is kept in ${rescue} (0700): copy it from there`,
      { cause: writeError },
    );
  }
  if (saveError)
    throw new Error(
      `${errorMessage(saveError)}; the new certificate was not saved in the state, but its files are in ${paths.dir}`,
      { cause: saveError },
    );
  return paths;
}

/**
 * Notes the records of this certificate before they are created, in the state (for the next
 * run) and through the context (the Action's post step), and forgets them once removed.
 */
function recordJournal(request: CertificateRequest, run: RunResources) {
  const { state, context } = run;
  let entry: PendingCleanup | undefined;
  return {
    // Called before the records are created, and again with the provider's refs once they exist.
    onRecordsPlanned: async (records: readonly ChallengeRecord[]) => {
      await context.onRecordsPlanned?.(request.name, records);
      const previous = entry;
      const planned: PendingCleanup = {
        certName: request.name,
        provider: request.dns.provider.name,
        records,
        createdAt: previous?.createdAt ?? new Date(context.clock.now()).toISOString(),
      };
      entry = planned;
      // The front end's records journal is small and quick; without one the state notes them.
      if (context.journal) return context.journal.note({ ...planned, certName: request.name });
      state.update((b) => ({ ...b, pendingCleanup: [...b.pendingCleanup.filter((e) => e !== previous), planned] }));
      await state.save();
    },
    onRecordsRemoved: async () => {
      await context.onRecordsRemoved?.(request.name);
      if (context.journal) return context.journal.forget(request.name);
      state.update((b) => ({ ...b, pendingCleanup: b.pendingCleanup.filter((e) => e !== entry) }));
      await state.save();
    },
  };
}

/** Whether a freshly fetched ARI window differs from the one stored before it. */
function windowMoved(stored: RenewalInfoState | undefined, fresh: RenewalInfoState | undefined): boolean {
  if (!stored || !fresh || stored === fresh) return false;
  return stored.windowStart !== fresh.windowStart || stored.windowEnd !== fresh.windowEnd;
}

/**
 * The request with the profile the CA offers (`meta.profiles`), checked before the order: a
 * strict `profile` the CA no longer offers is one line naming it and the offered ones; a
 * `preferred-profile` it does not offer falls back to the CA's default with a warning.
 */
export function withOfferedProfile(
  request: CertificateRequest,
  directory: Directory,
  logger: Logger,
): CertificateRequest {
  const { profile, preferredProfile } = request.ca;
  if (!profile && !preferredProfile) return request;
  const profiles = directory.meta?.profiles ?? {};
  const offered = Object.keys(profiles).join(', ') || 'none';
  if (profile) {
    if (profile in profiles) return request;
    throw new Error(
      `profile: "${profile}" is not offered by ${request.ca.directoryUrl} (offered: ${offered}); ` +
        "set profile to one of those, or preferred-profile to fall back to the CA's default",
    );
  }
  const { preferredProfile: _preferred, ...ca } = request.ca;
  if (preferredProfile && preferredProfile in profiles) return { ...request, ca: { ...ca, profile: preferredProfile } };
  logger.warn(
    `preferred-profile: "${preferredProfile}" is not offered by ${request.ca.directoryUrl} (offered: ${offered}); ` +
      `${request.name} is ordered with the CA's default profile`,
  );
  return { ...request, ca };
}

function setLineage(run: RunResources, lineage: Lineage): void {
  run.state.update((b) => ({ ...b, lineages: { ...b.lineages, [lineage.name]: lineage } }));
}

/** Per run and CA: its directory for asking renewal windows, or undefined when it could not be had. */
const renewalInfoDirectories = new WeakMap<RunResources['acme'], Map<string, Promise<Directory | undefined>>>();

/**
 * The directory of the CA at `directoryUrl`, to ask it a renewal window; asked once per run. A CA
 * that cannot be reached then is one warning for the run, and each of its certificates is decided
 * without its window (by its lifetime, or the window stored earlier): a certificate that is not
 * due is not a failure because its CA is down; one that is due still meets the error when ordered.
 */
function directoryForRenewalInfo(
  ca: CaSettings,
  directoryUrl: string,
  run: RunResources,
): Promise<Directory | undefined> {
  let byUrl = renewalInfoDirectories.get(run.acme);
  if (!byUrl) renewalInfoDirectories.set(run.acme, (byUrl = new Map<string, Promise<Directory | undefined>>()));
  let directory = byUrl.get(directoryUrl);
  if (!directory) {
    directory = run.acme.directory(ca, directoryUrl).catch((error: unknown) => {
      run.context.logger.warn(
        `${errorMessage(error)}; its certificates are decided without the CA's renewal window (ARI) in this run`,
      );
      return undefined;
    });
    byUrl.set(directoryUrl, directory);
  }
  return directory;
}

/**
 * The lineage's ARI window: the stored one while the CA's Retry-After has not passed, else a
 * fresh one. Undefined when the CA has no renewalInfo; an ARI failure only warns.
 */
async function currentRenewalInfo(
  lineage: Lineage,
  certificateId: string,
  request: CertificateRequest,
  run: RunResources,
): Promise<RenewalInfoState | undefined> {
  const stored = lineage.renewalInfo;
  const now = run.context.clock.now();
  // Before anything is asked of the CA: a run with no ARI answer due never connects to it.
  if (stored && Date.parse(stored.retryAfter) > now) return stored;
  // Asked of the CA that issued it, which may be a fallback CA rather than the first `server`.
  const directory = await directoryForRenewalInfo(request.ca, lineage.server, run);
  if (!directory?.renewalInfo) return directory ? undefined : stored;
  try {
    const info = await fetchRenewalInfo(run.acme.http(request.ca.trustFile), directory.renewalInfo, certificateId, now);
    return {
      windowStart: info.windowStart.toISOString(),
      windowEnd: info.windowEnd.toISOString(),
      ...(info.explanationUrl ? { explanationUrl: info.explanationUrl } : {}),
      fetchedAt: new Date(now).toISOString(),
      retryAfter: info.retryAfter.toISOString(),
    };
  } catch (error) {
    run.context.logger.warn(`${errorMessage(error)}; deciding without the CA's window`);
    return stored;
  }
}

/**
 * Removes TXT records a crashed run left behind for this certificate (noted in the state, or in
 * the CLI's records journal, before they were created), with this certificate's providers.
 * Returns whether the state changed. Entries of certwright 0.1 carry no certificate name: the
 * provider name matches them.
 */
async function removeStrayRecords(request: CertificateRequest, run: RunResources): Promise<boolean> {
  const { state, context } = run;
  const mine = state.bundle.pendingCleanup.filter((c) =>
    c.certName ? c.certName === request.name : c.provider === request.dns.provider.name,
  );
  const journaled = (await context.journal?.leftBehind(request.name, context.clock.now())) ?? [];
  if (mine.length === 0 && journaled.length === 0) return false;
  const provider = await request.dns.provider.create({
    logger: context.logger,
    clock: context.clock,
    env: context.env,
    http: run.http,
  });
  const removed = new Set<string>();
  const recordKey = (r: ChallengeRecord) => `${r.fqdn} ${r.value}`;
  const followCnames = (name: string) => run.resolverFor(request.dns).followCnames(name);
  const remove = async (cleanup: PendingCleanup) => {
    // Only records shaped like this certificate's own: the rest stay, with a warning.
    const own = await ownChallengeRecords(cleanup.records, request, followCnames, (line) => context.logger.warn(line));
    const records = own.filter((r) => !removed.has(recordKey(r)));
    if (records.length === 0) return;
    context.logger.info(`removing ${records.length} TXT record(s) left by an interrupted run at ${cleanup.createdAt}`);
    await provider.deleteRecords(records);
    for (const r of records) removed.add(recordKey(r));
  };
  for (const cleanup of mine) {
    await remove(cleanup);
    state.update((b) => ({ ...b, pendingCleanup: b.pendingCleanup.filter((entry) => entry !== cleanup) }));
  }
  for (const entry of journaled) {
    await remove(entry);
    await context.journal?.forget(request.name, [entry]);
  }
  return mine.length > 0;
}
