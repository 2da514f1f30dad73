import * as core from '@actions/core';
import { parseCertonlyConfig, parseRenewSettings, parseStore, type CertonlyConfig, type RawInputs } from '../config.js';
import type { CertificateSummary } from '../crypto/certificate.js';
import { runCertonly, type EngineContext } from '../issue/certonly.js';
import type { WrittenPaths } from '../issue/files.js';
import { openStore, renewOptionsOf, runRenew } from '../renewal/renew.js';
import { errorMessage, systemClock } from '../runtime.js';
import { parseStateKey } from '../store/encryption.js';
import { StateSession } from '../store/session.js';
import { actionLogger, maskPem, readActionInputs } from './inputs.js';
import type { ActionOutput } from './outputs.js';
import { nextScheduledRun } from './schedule.js';
import { PENDING_RECORDS_STATE } from './state.js';

interface StepResult {
  readonly renewed: boolean;
  readonly headline: string;
  readonly summary: CertificateSummary;
  readonly paths?: WrittenPaths;
}

function setOutputs(certName: string, result: StepResult): void {
  const { summary, paths } = result;
  const outputs: Record<ActionOutput, string> = {
    renewed: String(result.renewed),
    'cert-name': certName,
    'cert-path': paths?.cert ?? '',
    'chain-path': paths?.chain ?? '',
    'fullchain-path': paths?.fullchain ?? '',
    'key-path': paths?.privkey ?? '',
    'not-after': summary.notAfter.toISOString(),
    serial: summary.serial,
    domains: summary.domains.join(','),
  };
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
}

async function writeSummary(certName: string, result: StepResult): Promise<void> {
  const { summary, paths } = result;
  await core.summary
    .addHeading('certwright', 2)
    .addTable([
      ['Certificate', 'Names', 'Issuer', 'Expires', 'Serial', 'Full chain'].map((data) => ({ data, header: true })),
      [certName, summary.domains.join(', '), summary.issuer, summary.notAfter.toISOString(), summary.serial, paths?.fullchain ?? '(dry run)'],
    ])
    .addRaw(result.headline, true)
    .write();
}

/** Renewal mode (a `store` is set): issue once, renew when due, otherwise do nothing. */
async function renewStep(raw: RawInputs, config: CertonlyConfig, context: EngineContext): Promise<StepResult> {
  const settings = parseRenewSettings(raw);
  const now = Date.now();
  const scheduled = settings.nextRun || settings.schedule ? undefined : await nextScheduledRun(process.env, new Date(now), actionLogger);
  const options = renewOptionsOf(scheduled ? { ...settings, nextRun: scheduled } : settings, now);
  const outcome = await runRenew(
    { config, session: await StateSession.open(openStore(parseStore(raw)), parseStateKey(raw['state-key']), { readOnly: options.dryRun }), options },
    { ...context, now: () => Date.now() },
  );
  const renewed = outcome.action === 'issued' || outcome.action === 'renewed';
  return { renewed, headline: `${outcome.action}: ${outcome.reason}.`, summary: outcome.summary, ...(outcome.paths ? { paths: outcome.paths } : {}) };
}

/** The Action's main step: one try/catch around the engine, failures through setFailed. */
export async function run(): Promise<void> {
  try {
    const raw = readActionInputs(process.env);
    const config = parseCertonlyConfig(raw);
    const context: EngineContext = {
      logger: actionLogger,
      clock: systemClock,
      env: process.env,
      onSecret: maskPem,
      onRecordsPlanned: (records) => core.saveState(PENDING_RECORDS_STATE, JSON.stringify(records)),
      onRecordsRemoved: () => core.saveState(PENDING_RECORDS_STATE, '[]'),
    };
    let result: StepResult;
    if (raw.store) {
      result = await renewStep(raw, config, context);
    } else {
      const issued = await runCertonly(config, context);
      result = { renewed: true, headline: `Issued in ${(issued.elapsedMs / 1000).toFixed(1)} s.`, summary: issued.summary, paths: issued.paths };
    }
    setOutputs(config.certName, result);
    await writeSummary(config.certName, result);
    core.info(`${config.certName}: ${result.headline} Valid until ${result.summary.notAfter.toISOString()}.`);
  } catch (error) {
    core.setFailed(errorMessage(error));
  }
}

await run();
