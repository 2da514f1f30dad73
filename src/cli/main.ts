import { describeFallback } from '../renewal/fallback.js';
import { dirname, join } from 'node:path';
import { withEnvFallbacks, type RawInputs } from '../config/inputs.js';
import { secretsIn } from '../config/secrets.js';
import { VERIFY_INPUTS } from '../config/verify.js';
import { parseRunPlan } from '../config/plan.js';
import type { CertificateSummary } from '../crypto/certificate.js';
import type { WrittenPaths } from '../issue/files.js';
import { commandEnv, idTokenRequestOf } from '../process/command.js';
import { parseNotifySettings } from '../notify/options.js';
import { reportRun } from '../notify/run-report.js';
import { RecordsInFlight, runUntilStopped } from '../renewal/interrupt.js';
import { expiryWarnings } from '../renewal/expiry.js';
import type { RenewOutcome } from '../renewal/renew.js';
import { deployFailed, type DeploymentResult } from '../renewal/deploy.js';
import type { CertificateResult } from '../renewal/run.js';
import { errorMessage, neutralise, systemClock, type Logger } from '../runtime.js';
import { RecordJournal } from '../state/journal.js';
import { helpText, helpWidth, VERSION } from './help.js';
import {
  allInputs,
  CLI_STORE_KINDS,
  defaultAccountKeyFile,
  defaultStateFile,
  parseCommandLine,
  secretsInArgv,
  UsageError,
  type CliInvocation,
  type CommandName,
} from './options.js';
// The commands other than certonly and renew are loaded when run: a run does not parse their code.
const stateCommands = () => import('./state-commands.js');

/**
 * Secret values of this run (secret inputs from flags, the environment or a config file, credentials files): never
 * printed.
 */
const secrets = new Set<string>();

/** The secrets argv and the environment give, known before anything is parsed: an error about argv is redacted too. */
function addEarlySecrets(argv: readonly string[]): void {
  const specs = [...allInputs(), ...VERIFY_INPUTS];
  const fromEnv = withEnvFallbacks({}, specs, process.env).raw;
  for (const secret of [...secretsInArgv(argv, specs), ...secretsIn(fromEnv, specs)]) secrets.add(secret);
}

/** Replaces every known secret value in `text` with `***`, as the Actions runner masks its log. */
function redact(text: string): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 6) out = out.split(secret).join('***');
  return out;
}

function consoleLogger(verbose: boolean, quiet: boolean): Logger {
  return {
    // One line per message, never a workflow command: the CLI runs in CI steps too (see neutralise).
    info: (message) => quiet || process.stderr.write(`${neutralise(redact(message))}\n`),
    warn: (message) => process.stderr.write(`warning: ${neutralise(redact(message))}\n`),
    debug: (message) => verbose && process.stderr.write(`${neutralise(redact(message))}\n`),
  };
}

function daysLeft(notAfter: Date, now: number): number {
  return Math.floor((notAfter.getTime() - now) / 86_400_000);
}

function printCertificate(
  headline: string,
  summary: CertificateSummary,
  paths: WrittenPaths | undefined,
  elapsedMs: number,
  json: boolean,
  extra: Record<string, unknown> = {},
): void {
  if (json) {
    const out = {
      ...extra,
      ...summary,
      notBefore: summary.notBefore.toISOString(),
      notAfter: summary.notAfter.toISOString(),
      paths,
      elapsedMs,
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return;
  }
  const lines = [
    headline,
    `Subject:   ${summary.subject}`,
    `Names:     ${summary.domains.join(', ')}`,
    `Issuer:    ${summary.issuer}`,
    `Expires:   ${summary.notAfter.toISOString()} (${daysLeft(summary.notAfter, Date.now())} days)`,
    `Serial:    ${summary.serial}`,
    ...(paths
      ? [
          `Fullchain: ${paths.fullchain}`,
          `Cert:      ${paths.cert}`,
          `Chain:     ${paths.chain}`,
          `Key:       ${paths.privkey}`,
        ]
      : []),
    `Took:      ${(elapsedMs / 1000).toFixed(2)} s`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** The CLI's defaults: the account key and state under XDG_CONFIG_HOME, GitHub settings from the environment. */
function withDefaults(invocation: CliInvocation): Record<string, string | undefined> {
  const raw = { ...invocation.raw };
  raw['account-key-file'] ??= defaultAccountKeyFile(raw.server, process.env);
  raw.store ??= `file:${defaultStateFile(process.env)}`;
  raw['github-repository'] ??= process.env.GITHUB_REPOSITORY;
  raw['github-api-url'] ??= process.env.GITHUB_API_URL;
  raw['github-token'] ??= process.env.GITHUB_TOKEN;
  return raw;
}

const HEADLINES: Record<RenewOutcome['action'], string> = {
  deferred: 'Deferred: the order budget of this run is spent; the current certificate was written.',
  issued: 'Successfully received certificate.',
  renewed: 'Successfully renewed certificate.',
  'dry-run': 'Dry run succeeded; nothing was saved.',
  'not-due': 'Not due for renewal',
};

/** A line per deploy target: what it holds now, or `FAILED` and why (the certificate is kept either way). */
function deploymentLines(deployments: readonly DeploymentResult[] | undefined, indent: string): string[] {
  return (deployments ?? []).map((d) => {
    const held = d.record ? `${d.record.id} (serial ${d.record.serial})` : 'nothing yet';
    const what: Record<DeploymentResult['action'], string> = {
      deployed: `deployed ${held}`,
      current: `holds    ${held}`,
      'dry-run': 'dry run: would receive it',
      failed: `FAILED   ${neutralise(redact(errorMessage(d.error)))}`,
    };
    return `${indent}${`-> ${d.target}`.padEnd(26)} ${what[d.action]}`;
  });
}

/** The deploy targets' results as JSON: what each holds and what this run did. */
function deploymentsJson(deployments: readonly DeploymentResult[] | undefined) {
  return (deployments ?? []).map((d) => ({
    target: d.target,
    key: d.key,
    action: d.action,
    ...(d.record ? { id: d.record.id, serial: d.record.serial, at: new Date(d.record.at).toISOString() } : {}),
    ...(d.error ? { error: redact(errorMessage(d.error)) } : {}),
  }));
}

function printResults(results: readonly CertificateResult[], json: boolean): void {
  if (json) {
    const out = results.map((r) => ({
      name: r.name,
      action: r.outcome?.action ?? (r.deferred ? 'deferred' : 'failed'),
      reason: r.outcome?.reason ?? r.deferred ?? redact(errorMessage(r.error)),
      notAfter: r.outcome?.summary.notAfter.toISOString(),
      paths: r.outcome?.paths,
      ...(r.outcome?.fallback ? { fallback: r.outcome.fallback } : {}),
      ...(r.deployments ? { deployed: deploymentsJson(r.deployments) } : {}),
    }));
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return;
  }
  for (const r of results) {
    const what = r.outcome
      ? `${r.outcome.action.padEnd(8)} expires ${r.outcome.summary.notAfter.toISOString()}  ${r.outcome.reason}` +
        (r.outcome.fallback ? `; ${describeFallback(r.outcome.fallback)}` : '')
      : r.deferred
        ? `deferred no certificate yet  ${r.deferred}`
        : `FAILED   ${neutralise(redact(errorMessage(r.error)))}`;
    process.stdout.write(`${[`${r.name.padEnd(28)} ${what}`, ...deploymentLines(r.deployments, '  ')].join('\n')}\n`);
  }
}

/**
 * `certonly` and `renew`, one path: the inputs (one certificate, or `--config`) become a plan
 * and the engine runs it. certonly keeps no state; renew keeps it in `store`. One certificate
 * prints its details and fails with its own error; a config prints a line per certificate.
 */
async function runPlan(
  command: 'certonly' | 'renew',
  raw: RawInputs,
  invocation: CliInvocation,
  logger: Logger,
): Promise<number> {
  const inputs = command === 'certonly' ? { ...raw, store: undefined } : raw;
  // Webhooks and the heartbeat hear of a run that fails as a whole too; their URLs are secrets.
  const notify = parseNotifySettings(raw, (secret) => secrets.add(secret));
  const report = (results: readonly CertificateResult[], warnDays: number | undefined, runError?: unknown) =>
    reportRun(
      notify,
      { results, now: systemClock.now(), warnDays, env: process.env, redact, ...(runError ? { runError } : {}) },
      { logger, clock: systemClock, env: process.env },
    );
  const failRun = async (error: unknown): Promise<never> => {
    await report([], undefined, error);
    throw error;
  };
  const plan = await parseRunPlan(inputs, {
    storeKinds: CLI_STORE_KINDS,
    onSecret: (secret) => secrets.add(secret),
  }).catch(failRun);
  const { warnDays } = plan;
  // Hooks inherit this environment: without the variables that carry the run's secrets.
  const env = commandEnv(process.env, secrets);
  const inFlight = new RecordsInFlight();
  // Records in flight are journaled next to the account keys, so a run killed with SIGKILL is cleaned up by the next.
  const journal = new RecordJournal(join(dirname(defaultStateFile(process.env)), 'records-in-flight'), logger);
  const context = {
    logger,
    clock: systemClock,
    env,
    idTokenRequest: idTokenRequestOf(process.env),
    journal,
    onRecordsPlanned: inFlight.planned,
    onRecordsRemoved: inFlight.removed,
  };
  const results = await runUntilStopped(plan, context, inFlight, {
    left: (line) =>
      logger.warn(`could not remove ${line}; the next run for that certificate removes it, or remove it by hand`),
    removed: (certName) => journal.forget(certName),
  }).catch(failRun);
  await report(results, warnDays);
  // On stderr, even with -q: since Let's Encrypt stopped its expiry e-mails, this is the warning a cron job's owner
  // gets.
  for (const { message } of expiryWarnings(results, systemClock.now(), warnDays)) logger.warn(message);
  const [single] = results;
  const deployFailures = results.some((r) => deployFailed(r.deployments));
  const deployExit = deployFailures && plan.deployFailure === 'fail' ? 1 : 0;
  // -q: nothing on success (cron mails whatever a job prints); errors still reach stderr.
  const silent = invocation.quiet && !invocation.json && results.every((r) => !r.error) && !deployFailures;
  if (raw.config || results.length !== 1 || !single) {
    if (!silent) printResults(results, invocation.json);
    return results.some((r) => r.error) ? 1 : deployExit;
  }
  if (single.error) throw single.error;
  if (silent) return 0;
  const outcome = single.outcome as RenewOutcome;
  const headline = outcome.action === 'not-due' ? `Not due for renewal: ${outcome.reason}.` : HEADLINES[outcome.action];
  const extra = {
    ...(command === 'renew' ? { action: outcome.action, reason: outcome.reason } : {}),
    ...(single.deployments ? { deployed: deploymentsJson(single.deployments) } : {}),
    ...(outcome.fallback ? { fallback: outcome.fallback } : {}),
  };
  printCertificate(headline, outcome.summary, outcome.paths, outcome.elapsedMs, invocation.json, extra);
  if (!invocation.json && outcome.fallback) process.stdout.write(`Issued by ${describeFallback(outcome.fallback)}\n`);
  if (!invocation.json && single.deployments?.length)
    process.stdout.write(`Deploy:\n${deploymentLines(single.deployments, '  ').join('\n')}\n`);
  return deployExit;
}

function printHelp(command: CommandName | undefined): void {
  process.stdout.write(helpText(command, helpWidth(process.stdout.columns, process.env)));
}

async function main(argv: readonly string[]): Promise<number> {
  addEarlySecrets(argv);
  // Loaded only for its command: Sigstore and the zip and tar readers are no part of issuing.
  if (argv[0] === 'verify-release')
    return (await import('./verify.js')).verifyReleaseCommand(argv.slice(1), process.env);
  if (argv[0] === 'acme-dns') {
    const { acmeDnsCommand } = await import('./acme-dns.js');
    return acmeDnsCommand(argv.slice(1), process.env, () => printHelp('acme-dns'));
  }
  const invocation = parseCommandLine(argv, process.env);
  if (invocation.version) {
    process.stdout.write(`certwright ${VERSION}\n`);
    return 0;
  }
  if (invocation.help || !invocation.command || invocation.command === 'help') {
    printHelp(invocation.topic ?? invocation.command);
    return invocation.command || invocation.help ? 0 : 2;
  }
  const raw = withDefaults(invocation);
  for (const secret of secretsIn(raw, allInputs())) secrets.add(secret);
  const logger = consoleLogger(invocation.verbose, invocation.quiet);
  switch (invocation.command) {
    case 'certonly':
    case 'renew':
      return runPlan(invocation.command, raw, invocation, logger);
    case 'certificates':
      await (await stateCommands()).certificatesCommand(raw, invocation);
      return 0;
    case 'revoke':
      await (await stateCommands()).revokeCommand(raw, invocation, logger);
      return 0;
    case 'delete':
      await (await stateCommands()).deleteCommand(raw);
      return 0;
    case 'account':
      await (await import('./account-commands.js')).accountCommand(raw, invocation, logger);
      return 0;
    case 'verify-release':
      throw new UsageError(
        'verify-release takes its own options: put it first, as in certwright verify-release --package NAME ...',
      );
    case 'acme-dns':
      throw new UsageError(
        'acme-dns takes its own options: put it first, ' +
          'as in certwright acme-dns register -d NAME --acme-dns-server URL',
      );
  }
}

/** Runs the command line `argv` (without node and the script): what `certwright` does (dist/cli.js calls it). */
export function runCli(argv: readonly string[]): void {
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`certwright: ${neutralise(redact(errorMessage(error)))}\n`);
      process.exitCode = error instanceof UsageError ? 2 : 1;
    },
  );
}
