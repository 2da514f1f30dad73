import * as core from '@actions/core';
import { secretValues } from '../config/inputs.js';
import { parseRunPlan } from '../config/plan.js';
import type { ChallengeRecord } from '../dns/provider.js';
import { commandEnv, idTokenRequestOf } from '../process/command.js';
import { parseNotifySettings, type NotifySettings } from '../notify/options.js';
import { reportRun } from '../notify/run-report.js';
import { RecordsInFlight, runUntilStopped } from '../renewal/interrupt.js';
import { certificateInPlace, daysLeft, expiryWarnings } from '../renewal/expiry.js';
import type { CertificateResult } from '../renewal/run.js';
import { errorMessage, neutralise, systemClock } from '../runtime.js';
import { storeKinds } from '../store/kinds.js';
import { defaultTransfer } from './artifact-store.js';
import { annotateDeployFailures, deployedEntry, deployedIds } from './deployments.js';
import { actionOctokit } from './github.js';
import { ACTION_INPUTS, actionLogger, maskPem, readActionInputs } from './inputs.js';
import { CertificateGroups } from './log.js';
import { status, summaryEnabled, totals, writeFailureSummary, writeRunSummary } from './summary.js';
import type { ActionOutput } from './outputs.js';
import { workflowNextRun } from './schedule.js';
import { CrashJournal } from './state.js';

/** The stores the Action offers: the CLI's, plus workflow artifacts. */
export const ACTION_STORE_KINDS = storeKinds({ github: actionOctokit, artifacts: defaultTransfer });

function resultEntry(result: CertificateResult, now: number): Record<string, unknown> {
  const { outcome } = result;
  const certificate = certificateInPlace(result);
  return {
    name: result.name,
    action: outcome?.action ?? (result.deferred ? 'deferred' : 'failed'),
    reason: outcome?.reason ?? result.deferred,
    'not-after': certificate?.notAfter.toISOString(),
    'expires-in-days': certificate ? daysLeft(certificate, now) : undefined,
    'renew-at': outcome?.renewAt?.toISOString(),
    serial: certificate?.serial,
    'fullchain-path': outcome?.paths?.fullchain,
    'key-path': outcome?.paths?.privkey,
    'pfx-path': outcome?.paths?.pfx,
    error: result.error ? errorMessage(result.error) : undefined,
    deployed: deployedEntry(result.deployments),
  };
}

function setOutputs(results: readonly CertificateResult[], now: number): void {
  const [first] = results;
  const single = results.length === 1 ? first?.outcome : undefined;
  const summary = single?.summary;
  const current = results.length === 1 && first ? certificateInPlace(first) : undefined;
  const outputs: Record<ActionOutput, string> = {
    renewed: String(results.some((r) => r.outcome?.action === 'issued' || r.outcome?.action === 'renewed')),
    'cert-name': results.length === 1 ? (results[0]?.name ?? '') : '',
    'cert-path': single?.paths?.cert ?? '',
    'chain-path': single?.paths?.chain ?? '',
    'fullchain-path': single?.paths?.fullchain ?? '',
    'key-path': single?.paths?.privkey ?? '',
    'pfx-path': single?.paths?.pfx ?? '',
    'not-after': summary?.notAfter.toISOString() ?? '',
    'expires-in-days': current ? String(daysLeft(current, now)) : '',
    'renew-at': single?.renewAt?.toISOString() ?? '',
    serial: summary?.serial ?? '',
    domains: summary?.domains.join(',') ?? '',
    certificates: JSON.stringify(results.map((r) => resultEntry(r, now))),
    deployed: results.length === 1 ? deployedIds(first?.deployments) : '',
  };
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
}

/**
 * One line per certificate in the log, and one annotation for what needs an eye: an error per
 * failed certificate, a notice per new one, a warning per certificate close to expiry.
 */
function annotate(results: readonly CertificateResult[], now: number, warnDays: number | undefined): void {
  for (const result of results) {
    const { name, outcome } = result;
    if (result.error) core.error(neutralise(errorMessage(result.error)), { title: `certwright: ${name} failed` });
    else if (outcome?.action === 'issued' || outcome?.action === 'renewed') {
      core.notice(
        `${name}: ${outcome.action}; valid until ${outcome.summary.notAfter.toISOString()}, ` +
          `serial ${outcome.summary.serial}`,
        { title: `certwright: ${name} ${outcome.action}` },
      );
    } else core.info(neutralise(`${name}: ${status(result)}: ${outcome?.reason ?? result.deferred ?? ''}`));
  }
  for (const { name, message } of expiryWarnings(results, now, warnDays))
    core.warning(message, { title: `certwright: ${name} expires soon` });
}

/** What the run's report (webhooks, heartbeat) is sent with. */
const reportTools = { logger: actionLogger, clock: systemClock, env: process.env };

/**
 * The Action's main step, one path for every mode: the inputs (one certificate, or a config
 * file) become a plan, the engine runs it, the results become outputs and a summary.
 */
export async function run(): Promise<void> {
  if (process.platform === 'win32') {
    // Hooks run under /bin/sh in process groups, key files rely on POSIX modes: not on Windows yet.
    core.setFailed(
      'certwright: Windows runners are not supported yet; use ubuntu-latest or macos-latest (or a Linux container)',
    );
    return;
  }
  // Webhooks and the heartbeat (their URLs masked): told of a run that fails as a whole too.
  let notify: NotifySettings | undefined;
  let redact: ((text: string) => string) | undefined;
  try {
    const raw = readActionInputs(process.env);
    notify = parseNotifySettings(raw, (secret) => core.setSecret(secret));
    const secrets = secretValues(raw, ACTION_INPUTS).filter((secret) => secret.length >= 6);
    redact = (text) => secrets.reduce((out, secret) => out.split(secret).join('***'), text);
    const journal = new CrashJournal(raw.config);
    const inFlight = new RecordsInFlight();
    const defaultNextRun = raw.store ? await workflowNextRun(process.env, actionLogger) : undefined;
    // Secrets of the config file and of credentials files: masked before anything can print them.
    const plan = await parseRunPlan(raw, {
      storeKinds: ACTION_STORE_KINDS,
      onSecret: (secret) => core.setSecret(secret),
      ...(defaultNextRun ? { defaultNextRun } : {}),
    });
    const { warnDays } = plan;
    const groups = new CertificateGroups(actionLogger);
    const context = {
      logger: actionLogger,
      clock: systemClock,
      // Hooks inherit this environment: without the runner's INPUT_* copies and whatever carries a secret.
      env: commandEnv(process.env, secretValues(raw, ACTION_INPUTS)),
      idTokenRequest: idTokenRequestOf(process.env),
      onSecret: maskPem,
      certificateLog: (name: string, title: string) => groups.open(name, title),
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
      left: (line) => core.warning(neutralise(`could not remove ${line}; the post step tries again`)),
      removed: journal.removed,
      stopped: (signal) => core.setFailed(`stopped by ${signal}`),
    });
    const now = systemClock.now();
    setOutputs(results, now);
    annotate(results, now, warnDays);
    if (summaryEnabled(process.env))
      await writeRunSummary(results, now, warnDays).catch((error: unknown) =>
        core.warning(neutralise(`job summary not written: ${errorMessage(error)}`)),
      );
    await reportRun(notify, { results, now, warnDays, env: process.env, redact }, reportTools);
    const failed = results.filter((r) => r.error).length;
    const deployFailures = annotateDeployFailures(results);
    if (results.length > 1) core.info(`${results.length} certificates: ${totals(results)}`);
    // Each failure has its annotation already; the exit code alone fails the step.
    if (failed > 0 || (deployFailures > 0 && plan.deployFailure === 'fail')) process.exitCode = core.ExitCode.Failure;
  } catch (error) {
    core.setFailed(neutralise(errorMessage(error)));
    if (summaryEnabled(process.env)) await writeFailureSummary(error).catch(() => undefined);
    if (notify) {
      const failure = { results: [], now: systemClock.now(), warnDays: undefined, env: process.env, runError: error };
      await reportRun(notify, { ...failure, ...(redact ? { redact } : {}) }, reportTools);
    }
  }
}
