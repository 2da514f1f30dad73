/**
 * The deploy engine: after a run has the certificate it wants (issued, renewed, or already
 * current), each deploy target of the certificate that does not hold it yet gets it. The state
 * keeps, per lineage and target key, what each target holds, so a no-op run creates no target
 * (no SDK loaded, no call) and a renewal goes into the same place. A target that fails is
 * reported and tried again by the next run; the certificate stays, no new order.
 */
import { certificateFiles } from '../crypto/certificate.js';
import type { ConfiguredDeployTarget, DeployedRecord, IssuedCertificate } from '../deploy/target.js';
import { errorMessage } from '../runtime.js';
import type { DeployedState, Lineage } from '../state/bundle.js';
import type { RenewOutcome } from './renew.js';
import type { RunResources } from './resources.js';

/** What became of one target of a certificate in this run. */
export interface DeploymentResult {
  /** The target's kind (`acm`, `github-secret`). */
  readonly target: string;
  /** Where it deploys (the state's key for it). */
  readonly key: string;
  /** One line: where the certificate goes; never a secret. */
  readonly description: string;
  /**
   * `deployed`: this run put the certificate there; `current`: it held it already (not called);
   * `failed`: it was called and failed (`error`); `dry-run`: what it would receive, nothing sent.
   */
  readonly action: 'deployed' | 'current' | 'failed' | 'dry-run';
  /** What the target holds now, as the state records it (after a failure: what it held before, if anything). */
  readonly record?: DeployedState;
  readonly error?: Error;
}

/** Whether the results of a certificate include a target that failed. */
export function deployFailed(deployments: readonly DeploymentResult[] | undefined): boolean {
  return (deployments ?? []).some((d) => d.action === 'failed');
}

/** The certificate as targets take it, from the lineage the state holds now. */
function issuedCertificate(lineage: Lineage, outcome: RenewOutcome): IssuedCertificate {
  const files = certificateFiles(lineage.chainPem, lineage.keyPem);
  return {
    name: lineage.name,
    domains: lineage.domains,
    certPem: files.cert,
    chainPem: files.chain,
    keyPem: lineage.keyPem,
    serial: outcome.summary.serial,
    notAfter: outcome.summary.notAfter,
  };
}

/**
 * A target's error as one line without key material: a target promises never to put the key
 * in an error, and this makes sure of it (a vendor body echoing a request, say).
 */
function withoutKey(message: string, keyPem: string): string {
  let out = message;
  for (const line of keyPem.split('\n'))
    if (line.length >= 16 && !line.startsWith('-----')) out = out.split(line).join('***');
  return out.split('\n')[0] ?? '';
}

/** Deploys to one target that does not hold the certificate yet; never throws. */
async function deployTo(
  target: ConfiguredDeployTarget,
  certificate: IssuedCertificate,
  previous: DeployedState | undefined,
  run: RunResources,
): Promise<DeploymentResult> {
  const { logger, clock, idTokenRequest } = run.context;
  const base = { target: target.name, key: target.key, description: target.description };
  // A target sees the job's OIDC token request; hooks, which share `env`, never do.
  const env = idTokenRequest
    ? {
        ...run.context.env,
        ACTIONS_ID_TOKEN_REQUEST_URL: idTokenRequest.url,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: idTokenRequest.token,
      }
    : run.context.env;
  try {
    const deployer = await target.create({ logger, clock, env, http: run.http });
    const record: DeployedRecord = await deployer.deploy(certificate, previous);
    logger.info(`deployed serial ${record.serial} to ${target.description}: ${record.id}`);
    return { ...base, action: 'deployed', record };
  } catch (error) {
    const message = `deploy to ${target.description} failed: ${withoutKey(errorMessage(error), certificate.keyPem)}`;
    logger.warn(`${message}; the certificate is kept, and the next run tries this target again`);
    return { ...base, action: 'failed', error: new Error(message), ...(previous ? { record: previous } : {}) };
  }
}

/** A dry run: what each target would receive, nothing sent, nothing created. */
function dryRunDeployments(targets: readonly ConfiguredDeployTarget[], outcome: RenewOutcome, run: RunResources) {
  const { domains, serial } = outcome.summary;
  return targets.map((target): DeploymentResult => {
    run.context.logger.info(
      `dry run: ${target.description} would receive the certificate for ${domains.join(', ')}, serial ${serial}`,
    );
    return { target: target.name, key: target.key, description: target.description, action: 'dry-run' };
  });
}

/**
 * Puts the certificate of `outcome` into each of `targets` that does not hold its serial, side by
 * side, and notes in the state what each now holds (written with the run's last save). A target
 * that holds it is not created at all.
 */
export async function deployCertificate(
  name: string,
  targets: readonly ConfiguredDeployTarget[],
  outcome: RenewOutcome,
  run: RunResources,
): Promise<DeploymentResult[]> {
  if (targets.length === 0) return [];
  if (outcome.action === 'dry-run') return dryRunDeployments(targets, outcome, run);
  const lineage = run.state.bundle.lineages[name];
  if (!lineage) return [];
  const { serial } = outcome.summary;
  const held = (target: ConfiguredDeployTarget) => lineage.deployed?.[target.key];
  const pending = targets.filter((target) => held(target)?.serial !== serial);
  const certificate = pending.length > 0 ? issuedCertificate(lineage, outcome) : undefined;
  const results = await Promise.all(
    targets.map(async (target): Promise<DeploymentResult> => {
      const record = held(target);
      if (!certificate || !pending.includes(target))
        return {
          target: target.name,
          key: target.key,
          description: target.description,
          action: 'current',
          ...(record ? { record } : {}),
        };
      return deployTo(target, certificate, record, run);
    }),
  );
  rememberDeployments(name, results, run);
  return results;
}

/** Notes in the state what the targets deployed in this run hold. */
function rememberDeployments(name: string, results: readonly DeploymentResult[], run: RunResources): void {
  const deployed = results.filter((r) => r.action === 'deployed' && r.record);
  if (deployed.length === 0) return;
  run.state.update((bundle) => {
    const lineage = bundle.lineages[name];
    if (!lineage) return bundle;
    const records = { ...lineage.deployed };
    for (const result of deployed) records[result.key] = stateRecord(result.record as DeployedState);
    return { ...bundle, lineages: { ...bundle.lineages, [name]: { ...lineage, deployed: records } } };
  });
}

/** Only the record's own fields, whatever else a target returned. */
function stateRecord(record: DeployedState): DeployedState {
  const { serial, id, details, at } = record;
  return { serial, id, at, ...(details && Object.keys(details).length > 0 ? { details: { ...details } } : {}) };
}
