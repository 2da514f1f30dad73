import * as core from '@actions/core';
import { secretValues } from '../config/inputs.js';
import { parseRunPlan } from '../config/plan.js';
import type { ChallengeRecord } from '../dns/provider.js';
import { commandEnv } from '../process/command.js';
import { RecordsInFlight, runUntilStopped } from '../renewal/interrupt.js';
import type { CertificateResult } from '../renewal/run.js';
import { errorMessage, systemClock } from '../runtime.js';
import { fileStoreKind } from '../store/file-store.js';
import { secretStoreKind } from '../store/secret-store.js';
import { artifactStoreKind } from './artifact-store.js';
import { ACTION_INPUTS, actionLogger, maskPem, readActionInputs } from './inputs.js';
import type { ActionOutput } from './outputs.js';
import { workflowNextRun } from './schedule.js';
import { CrashJournal } from './state.js';

/** The stores the Action offers: the CLI's, plus workflow artifacts. */
export const ACTION_STORE_KINDS = [fileStoreKind, secretStoreKind, artifactStoreKind()];

function headline(result: CertificateResult): string {
  if (result.outcome) return `${result.outcome.action}: ${result.outcome.reason}.`;
  return result.deferred ? `deferred: ${result.deferred}.` : `failed: ${errorMessage(result.error)}`;
}

function resultEntry(result: CertificateResult): Record<string, string | undefined> {
  const { outcome } = result;
  return {
    name: result.name,
    action: outcome?.action ?? (result.deferred ? 'deferred' : 'failed'),
    reason: outcome?.reason ?? result.deferred,
    'not-after': outcome?.summary.notAfter.toISOString(),
    serial: outcome?.summary.serial,
    'fullchain-path': outcome?.paths?.fullchain,
    'key-path': outcome?.paths?.privkey,
    error: result.error ? errorMessage(result.error) : undefined,
  };
}

function setOutputs(results: readonly CertificateResult[]): void {
  const single = results.length === 1 ? results[0]?.outcome : undefined;
  const summary = single?.summary;
  const outputs: Record<ActionOutput, string> = {
    renewed: String(results.some((r) => r.outcome?.action === 'issued' || r.outcome?.action === 'renewed')),
    'cert-name': results.length === 1 ? (results[0]?.name ?? '') : '',
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

async function writeSummary(results: readonly CertificateResult[]): Promise<void> {
  await core.summary
    .addHeading('certwright', 2)
    .addTable([
      ['Certificate', 'Result', 'Names', 'Expires', 'Serial', 'Full chain'].map((data) => ({ data, header: true })),
      ...results.map((r) => [
        r.name,
        headline(r),
        r.outcome?.summary.domains.join(', ') ?? '',
        r.outcome?.summary.notAfter.toISOString() ?? '',
        r.outcome?.summary.serial ?? '',
        r.outcome?.paths?.fullchain ?? '',
      ]),
    ])
    .write();
}

/**
 * The Action's main step, one path for every mode: the inputs (one certificate, or a config
 * file) become a plan, the engine runs it, the results become outputs and a summary.
 */
export async function run(): Promise<void> {
  try {
    const raw = readActionInputs(process.env);
    const journal = new CrashJournal(raw.config);
    const inFlight = new RecordsInFlight();
    const defaultNextRun = raw.store ? await workflowNextRun(process.env, actionLogger) : undefined;
    const plan = await parseRunPlan(raw, { storeKinds: ACTION_STORE_KINDS, ...(defaultNextRun ? { defaultNextRun } : {}) });
    const context = {
      logger: actionLogger,
      clock: systemClock,
      // Hooks inherit this environment: without the runner's INPUT_* copies and whatever carries a secret.
      env: commandEnv(process.env, secretValues(raw, ACTION_INPUTS)),
      onSecret: maskPem,
      onRecordsPlanned: (certName: string, records: readonly ChallengeRecord[]) => {
        journal.planned(certName, records);
        inFlight.planned(certName, records);
      },
      onRecordsRemoved: (certName: string) => {
        journal.removed(certName);
        inFlight.removed(certName);
      },
    };
    // A cancelled job: SIGINT, SIGTERM 7.5 s later, then SIGKILL. Clean up in between; the post step covers the rest.
    const results = await runUntilStopped(plan, context, inFlight, {
      left: (line) => core.warning(`could not remove ${line}; the post step tries again`),
      removed: journal.removed,
      stopped: (signal) => core.setFailed(`stopped by ${signal}`),
    });
    setOutputs(results);
    await writeSummary(results).catch((error: unknown) => core.warning(`job summary not written: ${errorMessage(error)}`));
    for (const r of results) core.info(`${r.name}: ${headline(r)}`);
    const failed = results.filter((r) => r.error);
    if (results.length === 1 && failed[0]) core.setFailed(errorMessage(failed[0].error));
    else if (failed.length > 0) core.setFailed(`${failed.length} of ${results.length} certificates failed: ${failed.map((r) => `${r.name}: ${errorMessage(r.error)}`).join('; ')}`);
  } catch (error) {
    core.setFailed(errorMessage(error));
  }
}
