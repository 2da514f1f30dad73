import { createPrivateKey } from 'node:crypto';
import { join } from 'node:path';
import type { HttpClient } from '../net/http.js';
import { accountKeyFrom } from '../acme/jws.js';
import { AcmeTransport } from '../acme/transport.js';
import type { CertonlyConfig, RenewSettings, StoreSpec } from '../config.js';
import { certificateFiles, summarizeCertificate, type CertificateSummary } from '../crypto/certificate.js';
import { importCertificateKey } from '../crypto/keys.js';
import { ensureAccount, generateAccountKey } from '../issue/account.js';
import { accountSettingsOf, httpClientFor, obtainForConfig, USER_AGENT, type EngineContext } from '../issue/certonly.js';
import { createOctokit, SecretStore } from '../store/secret-store.js';
import { writeCertificateFiles, type WrittenPaths } from '../issue/files.js';
import { errorMessage } from '../runtime.js';
import type { Lineage, PendingCleanup, RenewalInfoState } from '../store/bundle.js';
import { FileStore, type StateStore } from '../store/file-store.js';
import type { StateSession } from '../store/session.js';
import { ariCertificateId, fetchRenewalInfo } from '../acme/ari.js';
import { decideRenewal, type RenewalDecision } from './decide.js';
import { runHook, type RenewalHooks } from './hooks.js';
import { nextCronRun } from './schedule.js';

export interface RenewOptions {
  readonly forceRenewal: boolean;
  readonly reuseKey: boolean;
  /** Issue against `dryRunServer` and save nothing. */
  readonly dryRun: boolean;
  readonly dryRunServer: string;
  readonly renewBeforeDays?: number;
  readonly nextRunAt?: number;
  readonly hooks: RenewalHooks;
}

export interface RenewRequest {
  readonly config: CertonlyConfig;
  readonly session: StateSession;
  readonly options: RenewOptions;
}

export interface RenewContext extends EngineContext {
  /** The time renewal decisions are made at (tests move it; TSIG and polling use `clock`). */
  readonly now: () => number;
}

export interface RenewOutcome {
  readonly action: 'issued' | 'renewed' | 'not-due' | 'dry-run';
  readonly reason: string;
  readonly summary: CertificateSummary;
  /** Undefined for a dry run, which writes nothing. */
  readonly paths?: WrittenPaths;
  readonly renewAt?: Date;
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().every((name, i) => name === [...b].sort()[i]);
}

/** Why the lineage needs a new certificate regardless of dates, if it does. */
function changeReason(existing: Lineage | undefined, config: CertonlyConfig, options: RenewOptions): string | undefined {
  if (!existing) return 'no certificate yet';
  if (!sameNames(existing.domains, config.domains)) return `the names changed (${existing.domains.join(', ')} -> ${config.domains.join(', ')})`;
  if (existing.keyType !== config.keyType) return `the key type changed (${existing.keyType} -> ${config.keyType})`;
  if (options.forceRenewal) return 'renewal forced';
  return undefined;
}

/**
 * `certwright renew` for one lineage: issue if missing, renew if due or changed, otherwise say
 * when it will be due. The store is written only after a new certificate was issued (and to
 * note TXT records in flight), so a failure leaves the working certificate where it was.
 */
export async function runRenew(request: RenewRequest, context: RenewContext): Promise<RenewOutcome> {
  const { session, options } = request;
  const persistedProfile = session.bundle.lineages[request.config.certName]?.profile;
  // A lineage keeps the ACME profile it was issued with unless the inputs name another.
  const config = request.config.profile || !persistedProfile ? request.config : { ...request.config, profile: persistedProfile };
  const { logger, clock } = context;
  if (await removeStrayRecords(session, config, context)) await session.save();
  const server = options.dryRun ? options.dryRunServer : config.server;
  const http = await httpClientFor(config.serverCaFile);
  const stored = session.bundle.accounts[server];
  const accountKey = stored ? createPrivateKey(stored.keyPem) : generateAccountKey();
  const transport = new AcmeTransport({ http, directoryUrl: server, accountKey: await accountKeyFrom(accountKey), clock, logger });
  const existing = session.bundle.lineages[config.certName];

  let decision: RenewalDecision | undefined;
  let certificateId: string | undefined;
  const forced = changeReason(existing, config, options);
  if (existing && !forced) {
    certificateId = ariCertificateId(existing.chainPem);
    const renewalInfo = await currentRenewalInfo(existing, certificateId, transport, http, context);
    const ariChanged = renewalInfo !== existing.renewalInfo;
    if (ariChanged && renewalInfo) setLineage(session, { ...existing, renewalInfo });
    const summary = summarizeCertificate(existing.chainPem);
    decision = decideRenewal({
      notBefore: summary.notBefore,
      notAfter: summary.notAfter,
      now: context.now(),
      certificateId,
      ...(options.nextRunAt !== undefined ? { nextRunAt: options.nextRunAt } : {}),
      ...(options.renewBeforeDays !== undefined ? { renewBeforeDays: options.renewBeforeDays } : {}),
      ...(renewalInfo ? { ariWindow: { start: new Date(renewalInfo.windowStart), end: new Date(renewalInfo.windowEnd) } } : {}),
    });
    if (!decision.due && !options.dryRun) {
      logger.info(`${config.certName}: ${decision.reason}`);
      if (ariChanged) await session.save();
      context.onSecret?.(existing.keyPem);
      const paths = await writeCertificateFiles(join(config.outputDir, config.certName), certificateFiles(existing.chainPem, existing.keyPem));
      return { action: 'not-due', reason: decision.reason, summary, paths, renewAt: decision.renewAt };
    }
  }
  const reason = forced ?? decision?.reason ?? 'dry run';
  logger.info(`${config.certName}: ${options.dryRun ? 'dry run' : 'renewing'}: ${reason}`);

  if (options.hooks.pre) await runHook('pre-hook', options.hooks.pre, context.env, logger);
  try {
    const account = await ensureAccount(transport, accountSettingsOf(config), !stored);
    if (!stored && !options.dryRun) {
      const keyPem = accountKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      session.update((b) => ({ ...b, accounts: { ...b.accounts, [server]: { url: account.url, keyPem } } }));
    }
    const key = options.reuseKey && existing ? await importCertificateKey(existing.keyPem, config.keyType) : undefined;
    let pending: PendingCleanup | undefined;
    const obtained = await obtainForConfig(
      config,
      transport,
      {
        ...context,
        onRecordsPlanned: async (records) => {
          await context.onRecordsPlanned?.(records);
          const entry: PendingCleanup = { provider: config.provider.name, records, createdAt: new Date(clock.now()).toISOString() };
          pending = entry;
          session.update((b) => ({ ...b, pendingCleanup: [...b.pendingCleanup, entry] }));
          await session.save();
        },
        onRecordsRemoved: async () => {
          await context.onRecordsRemoved?.();
          session.update((b) => ({ ...b, pendingCleanup: b.pendingCleanup.filter((entry) => entry !== pending) }));
          await session.save();
        },
      },
      { ...(key ? { key } : {}), ...(certificateId && (await transport.directory()).renewalInfo ? { replaces: certificateId } : {}) },
    );
    context.onSecret?.(obtained.key.privateKeyPem);
    if (options.dryRun) {
      logger.info(`${config.certName}: dry run succeeded; nothing was saved`);
      return { action: 'dry-run', reason, summary: obtained.summary };
    }
    setLineage(session, {
      name: config.certName,
      domains: config.domains,
      keyType: config.keyType,
      server: config.server,
      provider: config.provider.name,
      ...(config.profile ? { profile: config.profile } : {}),
      keyPem: obtained.key.privateKeyPem,
      chainPem: obtained.chainPem,
      history: [
        ...(existing?.history ?? []),
        { serial: obtained.summary.serial, notBefore: obtained.summary.notBefore.toISOString(), notAfter: obtained.summary.notAfter.toISOString() },
      ],
    });
    await session.save();
    const paths = await writeCertificateFiles(join(config.outputDir, config.certName), certificateFiles(obtained.chainPem, obtained.key.privateKeyPem));
    if (options.hooks.deploy) {
      await runHook('deploy-hook', options.hooks.deploy, { ...context.env, RENEWED_LINEAGE: paths.dir, RENEWED_DOMAINS: config.domains.join(' ') }, logger);
    }
    return { action: existing ? 'renewed' : 'issued', reason, summary: obtained.summary, paths };
  } finally {
    if (options.hooks.post) {
      await runHook('post-hook', options.hooks.post, context.env, logger).catch((error: unknown) => logger.warn(errorMessage(error)));
    }
  }
}

function setLineage(session: StateSession, lineage: Lineage): void {
  session.update((b) => ({ ...b, lineages: { ...b.lineages, [lineage.name]: lineage } }));
}

/**
 * The lineage's ARI window: the stored one while the CA's Retry-After has not passed, else a
 * fresh one. Undefined when the CA has no renewalInfo; an ARI failure only warns.
 */
async function currentRenewalInfo(
  lineage: Lineage,
  certificateId: string,
  transport: AcmeTransport,
  http: HttpClient,
  context: RenewContext,
): Promise<RenewalInfoState | undefined> {
  const directory = await transport.directory();
  if (!directory.renewalInfo) return undefined;
  const stored = lineage.renewalInfo;
  const now = context.now();
  if (stored && Date.parse(stored.retryAfter) > now) return stored;
  try {
    const info = await fetchRenewalInfo(http, directory.renewalInfo, certificateId, now);
    return {
      windowStart: info.windowStart.toISOString(),
      windowEnd: info.windowEnd.toISOString(),
      ...(info.explanationUrl ? { explanationUrl: info.explanationUrl } : {}),
      fetchedAt: new Date(now).toISOString(),
      retryAfter: info.retryAfter.toISOString(),
    };
  } catch (error) {
    context.logger.warn(`ari: ${errorMessage(error)}; deciding without the CA's window`);
    return stored;
  }
}

/**
 * Removes TXT records a crashed run left behind (noted in the state before they were created)
 * that this run's provider made. Returns whether the state changed.
 */
async function removeStrayRecords(session: StateSession, config: CertonlyConfig, context: RenewContext): Promise<boolean> {
  const mine = session.bundle.pendingCleanup.filter((cleanup) => cleanup.provider === config.provider.name);
  if (mine.length === 0) return false;
  const provider = config.provider.create({ logger: context.logger, clock: context.clock, env: context.env });
  for (const cleanup of mine) {
    context.logger.info(`Removing ${cleanup.records.length} TXT record(s) left by an interrupted run at ${cleanup.createdAt}`);
    await provider.deleteRecords(cleanup.records);
    session.update((b) => ({ ...b, pendingCleanup: b.pendingCleanup.filter((entry) => entry !== cleanup) }));
  }
  return true;
}

/** The engine's options from the parsed inputs; the next run comes from next-run or the cron schedule. */
export function renewOptionsOf(settings: RenewSettings, now: number): RenewOptions {
  const nextRunAt = settings.nextRun?.getTime() ?? (settings.schedule ? nextCronRun(settings.schedule, new Date(now)).getTime() : undefined);
  return {
    forceRenewal: settings.forceRenewal,
    reuseKey: settings.reuseKey,
    dryRun: settings.dryRun,
    dryRunServer: settings.dryRunServer,
    hooks: settings.hooks,
    ...(settings.renewBeforeDays !== undefined ? { renewBeforeDays: settings.renewBeforeDays } : {}),
    ...(nextRunAt !== undefined ? { nextRunAt } : {}),
  };
}

/** The store a spec names. */
export function openStore(spec: StoreSpec): StateStore {
  if (spec.kind === 'file') return new FileStore(spec.path);
  if (spec.kind === 'artifact') throw new Error(`store: artifact:${spec.name} works only inside the GitHub Action; use file:PATH or secret:NAME here`);
  return new SecretStore(spec.target, spec.current, createOctokit(spec.token, spec.apiUrl, USER_AGENT));
}
