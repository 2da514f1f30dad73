import { readFile } from 'node:fs/promises';
import { DefaultArtifactClient } from '@actions/artifact';
import * as core from '@actions/core';
import { parseConfigFile } from '../config-file.js';
import { parseCertonlyConfig, parseRenewSettings, parseStore, type CertonlyConfig, type RawInputs } from '../config.js';
import type { CertificateSummary } from '../crypto/certificate.js';
import { runCertonly, USER_AGENT, type EngineContext } from '../issue/certonly.js';
import { createOctokit } from '../store/secret-store.js';
import { ArtifactStore, finishArtifactState } from './artifact-store.js';
import type { WrittenPaths } from '../issue/files.js';
import { renewAll } from '../renewal/renew-all.js';
import { openStore, renewOptionsOf, runRenew, type RenewOutcome } from '../renewal/renew.js';
import { errorMessage, systemClock } from '../runtime.js';
import { parseStateKey } from '../store/encryption.js';
import { StateSession } from '../store/session.js';
import { actionLogger, maskPem, readActionInputs } from './inputs.js';
import type { ActionOutput } from './outputs.js';
import { nextScheduledRun } from './schedule.js';
import { PENDING_RECORDS_STATE } from './state.js';

interface StepResult {
  readonly name: string;
  readonly action: string;
  readonly renewed: boolean;
  readonly headline: string;
  readonly summary?: CertificateSummary;
  readonly paths?: WrittenPaths;
  readonly error?: string;
}

function resultEntry(result: StepResult): Record<string, string | undefined> {
  return {
    name: result.name,
    action: result.action,
    reason: result.headline,
    'not-after': result.summary?.notAfter.toISOString(),
    serial: result.summary?.serial,
    'fullchain-path': result.paths?.fullchain,
    'key-path': result.paths?.privkey,
    error: result.error,
  };
}

function setOutputs(results: readonly StepResult[]): void {
  const single = results.length === 1 ? results[0] : undefined;
  const summary = single?.summary;
  const outputs: Record<ActionOutput, string> = {
    renewed: String(results.some((r) => r.renewed)),
    'cert-name': single?.name ?? '',
    'cert-path': single?.paths?.cert ?? '',
    'chain-path': single?.paths?.chain ?? '',
    'fullchain-path': single?.paths?.fullchain ?? '',
    'key-path': single?.paths?.privkey ?? '',
    'not-after': summary?.notAfter.toISOString() ?? '',
    serial: summary?.serial ?? '',
    domains: summary?.domains.join(',') ?? '',
    certificates: JSON.stringify(results.map(resultEntry)),
  };
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
}

async function writeSummary(results: readonly StepResult[]): Promise<void> {
  await core.summary
    .addHeading('certwright', 2)
    .addTable([
      ['Certificate', 'Result', 'Names', 'Expires', 'Serial', 'Full chain'].map((data) => ({ data, header: true })),
      ...results.map((r) => [
        r.name,
        r.error ? `failed: ${r.error}` : r.headline,
        r.summary?.domains.join(', ') ?? '',
        r.summary?.notAfter.toISOString() ?? '',
        r.summary?.serial ?? '',
        r.paths?.fullchain ?? '',
      ]),
    ])
    .write();
}

/**
 * Opens the state for this step. An artifact store uploads once, when `finish` runs after the
 * work; an ageing artifact is uploaded again so it never expires under a certificate.
 */
async function openActionSession(raw: RawInputs, dryRun: boolean): Promise<{ session: StateSession; finish: () => Promise<void> }> {
  const spec = parseStore(raw);
  const store =
    spec.kind === 'artifact'
      ? new ArtifactStore(spec.name, { owner: spec.owner, repo: spec.repo, token: spec.token }, createOctokit(spec.token, spec.apiUrl, USER_AGENT), new DefaultArtifactClient(), spec.retentionDays)
      : openStore(spec);
  const session = await StateSession.open(store, parseStateKey(raw['state-key']), { readOnly: dryRun, onSecret: (value) => core.setSecret(value) });
  const finish = async () => {
    if (!(store instanceof ArtifactStore) || dryRun) return;
    if (await finishArtifactState(store, session, Date.now())) core.info(`Saved the state as ${store.description}`);
  };
  return { session, finish };
}

/** Renewal mode (a `store` is set): issue once, renew when due, otherwise do nothing. */
async function renewStep(raw: RawInputs, config: CertonlyConfig, context: EngineContext): Promise<StepResult> {
  const settings = parseRenewSettings(raw);
  const now = Date.now();
  const scheduled = settings.nextRun || settings.schedule ? undefined : await nextScheduledRun(process.env, new Date(now), actionLogger);
  const options = renewOptionsOf(scheduled ? { ...settings, nextRun: scheduled } : settings, now);
  const { session, finish } = await openActionSession(raw, options.dryRun);
  try {
    return stepResult(config.certName, await runRenew({ config, session, options }, { ...context, now: () => Date.now() }));
  } finally {
    await finish();
  }
}

function stepResult(name: string, outcome: RenewOutcome): StepResult {
  const renewed = outcome.action === 'issued' || outcome.action === 'renewed';
  return { name, action: outcome.action, renewed, headline: `${outcome.action}: ${outcome.reason}.`, summary: outcome.summary, ...(outcome.paths ? { paths: outcome.paths } : {}) };
}

/** Config mode: every certificate of the YAML file, one state, one summary; fails if any failed. */
async function configStep(raw: RawInputs, context: EngineContext): Promise<StepResult[]> {
  const path = raw.config as string;
  const file = parseConfigFile(await readFile(path, 'utf8'), path, raw);
  const dryRun = file.certificates.some((c) => c.settings.dryRun);
  const { session, finish } = await openActionSession(raw, dryRun);
  let results;
  try {
    results = await renewAll(file.certificates, session, file.concurrency, { ...context, now: () => Date.now() });
  } finally {
    await finish();
  }
  return results.map((r) =>
    r.outcome ? stepResult(r.name, r.outcome) : { name: r.name, action: 'failed', renewed: false, headline: 'failed', error: r.error?.message ?? 'unknown error' },
  );
}

/** The Action's main step: one try/catch around the engine, failures through setFailed. */
export async function run(): Promise<void> {
  try {
    const raw = readActionInputs(process.env);
    const context: EngineContext = {
      logger: actionLogger,
      clock: systemClock,
      env: process.env,
      onSecret: maskPem,
      onRecordsPlanned: (records) => core.saveState(PENDING_RECORDS_STATE, JSON.stringify(records)),
      onRecordsRemoved: () => core.saveState(PENDING_RECORDS_STATE, '[]'),
    };
    let results: StepResult[];
    if (raw.config) {
      results = await configStep(raw, context);
    } else {
      const config = parseCertonlyConfig(raw);
      if (raw.store) {
        results = [await renewStep(raw, config, context)];
      } else {
        const issued = await runCertonly(config, context);
        const headline = `issued in ${(issued.elapsedMs / 1000).toFixed(1)} s.`;
        results = [{ name: config.certName, action: 'issued', renewed: true, headline, summary: issued.summary, paths: issued.paths }];
      }
    }
    setOutputs(results);
    await writeSummary(results).catch((error: unknown) => core.warning(`job summary not written: ${errorMessage(error)}`));
    for (const r of results) core.info(`${r.name}: ${r.error ? `failed: ${r.error}` : r.headline}`);
    const failed = results.filter((r) => r.error);
    if (failed.length > 0) core.setFailed(`${failed.length} of ${results.length} certificates failed: ${failed.map((r) => `${r.name}: ${r.error}`).join('; ')}`);
  } catch (error) {
    core.setFailed(errorMessage(error));
  }
}

await run();
