import { readFile } from 'node:fs/promises';
import { parseConfigFile } from '../config-file.js';
import { parseCertonlyConfig, parseRenewSettings, parseStore, type RawInputs } from '../config.js';
import { renewAll } from '../renewal/renew-all.js';
import type { CertificateSummary } from '../crypto/certificate.js';
import { httpClientFor, runCertonly, type CertonlyResult } from '../issue/certonly.js';
import type { WrittenPaths } from '../issue/files.js';
import { deleteLineage, listLineages, REVOCATION_REASONS, revokeLineage } from '../renewal/lineages.js';
import { openStore, renewOptionsOf, runRenew } from '../renewal/renew.js';
import { errorMessage, systemClock, type Logger } from '../runtime.js';
import { parseStateKey } from '../store/encryption.js';
import { StateSession } from '../store/session.js';
import { loadState, saveState } from '../store/state.js';
import { helpText, VERSION } from './help.js';
import { verifyReleaseCommand } from './verify.js';
import { defaultAccountKeyFile, defaultStateFile, parseCommandLine, UsageError, type CliInvocation } from './options.js';

function consoleLogger(verbose: boolean, quiet: boolean): Logger {
  return {
    info: (message) => quiet || process.stderr.write(`${message}\n`),
    warn: (message) => process.stderr.write(`warning: ${message}\n`),
    debug: (message) => verbose && process.stderr.write(`${message}\n`),
  };
}

function daysLeft(notAfter: Date, now: number): number {
  return Math.floor((notAfter.getTime() - now) / 86_400_000);
}

function printCertificate(headline: string, summary: CertificateSummary, paths: WrittenPaths | undefined, elapsedMs: number, json: boolean, extra: Record<string, unknown> = {}): void {
  if (json) {
    const out = { ...extra, ...summary, notBefore: summary.notBefore.toISOString(), notAfter: summary.notAfter.toISOString(), paths, elapsedMs };
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
    ...(paths ? [`Fullchain: ${paths.fullchain}`, `Cert:      ${paths.cert}`, `Chain:     ${paths.chain}`, `Key:       ${paths.privkey}`] : []),
    `Took:      ${(elapsedMs / 1000).toFixed(2)} s`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

function withDefaults(invocation: CliInvocation): Record<string, string | undefined> {
  const raw = { ...invocation.raw };
  raw['account-key-file'] ??= defaultAccountKeyFile(raw.server, process.env);
  raw.store ??= `file:${defaultStateFile(process.env)}`;
  raw['state-key'] ??= process.env.CERTWRIGHT_STATE_KEY;
  raw['github-repository'] ??= process.env.GITHUB_REPOSITORY;
  raw['github-api-url'] ??= process.env.GITHUB_API_URL;
  raw['github-token'] ??= process.env.GITHUB_TOKEN;
  return raw;
}

async function certonly(raw: RawInputs, invocation: CliInvocation, logger: Logger): Promise<void> {
  const result: CertonlyResult = await runCertonly(parseCertonlyConfig(raw), { logger, clock: systemClock, env: process.env });
  printCertificate('Successfully received certificate.', result.summary, result.paths, result.elapsedMs, invocation.json);
}

/** `renew --config FILE`: every certificate of the file, one line each; exit 1 if any failed. */
async function renewFromFile(raw: RawInputs, invocation: CliInvocation, logger: Logger): Promise<number> {
  const path = raw.config as string;
  const file = parseConfigFile(await readFile(path, 'utf8').catch(() => {
    throw new Error(`config: cannot read ${path}`);
  }), path, raw);
  const dryRun = file.certificates.some((c) => c.settings.dryRun);
  const session = await StateSession.open(openStore(parseStore(raw)), parseStateKey(raw['state-key']), { readOnly: dryRun });
  const results = await renewAll(file.certificates, session, file.concurrency, { logger, clock: systemClock, env: process.env, now: () => Date.now() });
  if (invocation.json) {
    const out = results.map((r) => ({ name: r.name, action: r.outcome?.action ?? 'failed', reason: r.outcome?.reason ?? r.error?.message, notAfter: r.outcome?.summary.notAfter.toISOString(), paths: r.outcome?.paths }));
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    for (const r of results) {
      const what = r.outcome ? `${r.outcome.action.padEnd(8)} expires ${r.outcome.summary.notAfter.toISOString()}  ${r.outcome.reason}` : `FAILED   ${r.error?.message}`;
      process.stdout.write(`${r.name.padEnd(28)} ${what}\n`);
    }
  }
  return results.some((r) => r.error) ? 1 : 0;
}

async function renew(raw: RawInputs, invocation: CliInvocation, logger: Logger): Promise<number> {
  if (raw.config) return renewFromFile(raw, invocation, logger);
  const config = parseCertonlyConfig(raw);
  const settings = parseRenewSettings(raw);
  const started = Date.now();
  const outcome = await runRenew(
    { config, session: await StateSession.open(openStore(parseStore(raw)), parseStateKey(raw['state-key']), { readOnly: settings.dryRun }), options: renewOptionsOf(settings, Date.now()) },
    { logger, clock: systemClock, env: process.env, now: () => Date.now() },
  );
  const headline = {
    issued: 'Successfully received certificate.',
    renewed: 'Successfully renewed certificate.',
    'dry-run': 'Dry run succeeded; nothing was saved.',
    'not-due': `Not due for renewal: ${outcome.reason}.`,
  }[outcome.action];
  printCertificate(headline, outcome.summary, outcome.paths, Date.now() - started, invocation.json, { action: outcome.action, reason: outcome.reason });
  return 0;
}

async function certificates(raw: RawInputs, invocation: CliInvocation): Promise<void> {
  const bundle = await loadState(openStore(parseStore(raw)), parseStateKey(raw['state-key']));
  const listing = listLineages(bundle, Date.now(), parseRenewSettings(raw).renewBeforeDays);
  if (invocation.json) {
    process.stdout.write(`${JSON.stringify(listing, null, 2)}\n`);
    return;
  }
  if (listing.length === 0) {
    process.stdout.write('No certificates in the state.\n');
    return;
  }
  for (const item of listing) {
    process.stdout.write(
      [
        `Certificate Name: ${item.name}`,
        `  Domains: ${item.domains.join(' ')}`,
        `  Expiry Date: ${item.notAfter.toISOString()} (VALID: ${item.daysLeft} days)`,
        `  Next Renewal: ${item.nextRenewal.toISOString()}`,
        `  Serial: ${item.serial}`,
      ].join('\n') + '\n',
    );
  }
}

function certNameOf(raw: RawInputs): string {
  const name = raw['cert-name']?.trim();
  if (!name) throw new UsageError('cert-name: missing; expected --cert-name NAME (see certwright certificates)');
  return name;
}

async function revoke(raw: RawInputs, invocation: CliInvocation, logger: Logger): Promise<void> {
  const reasonName = (invocation.reason ?? 'unspecified').toLowerCase();
  const reason = REVOCATION_REASONS[reasonName];
  if (reason === undefined) throw new Error(`reason: "${reasonName}" is not a revocation reason; expected one of ${Object.keys(REVOCATION_REASONS).join(', ')}`);
  const bundle = await loadState(openStore(parseStore(raw)), parseStateKey(raw['state-key']));
  const http = await httpClientFor(raw['server-ca-file']);
  const serial = await revokeLineage(bundle, certNameOf(raw), reason, { http, clock: systemClock, logger });
  process.stdout.write(`Revoked certificate ${serial} (${reasonName}).\n`);
}

async function remove(raw: RawInputs): Promise<void> {
  const store = openStore(parseStore(raw));
  const key = parseStateKey(raw['state-key']);
  const name = certNameOf(raw);
  await saveState(store, key, deleteLineage(await loadState(store, key), name));
  process.stdout.write(`Deleted ${name} from the state.\n`);
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv[0] === 'verify-release') return verifyReleaseCommand(argv.slice(1), process.env);
  const invocation = parseCommandLine(argv, process.env);
  if (invocation.version) {
    process.stdout.write(`certwright ${VERSION}\n`);
    return 0;
  }
  if (invocation.help || !invocation.command || invocation.command === 'help') {
    process.stdout.write(helpText());
    return invocation.command || invocation.help ? 0 : 2;
  }
  const raw = withDefaults(invocation);
  const logger = consoleLogger(invocation.verbose, invocation.quiet);
  switch (invocation.command) {
    case 'certonly':
      await certonly(raw, invocation, logger);
      return 0;
    case 'renew':
      return renew(raw, invocation, logger);
    case 'certificates':
      await certificates(raw, invocation);
      return 0;
    case 'revoke':
      await revoke(raw, invocation, logger);
      return 0;
    case 'delete':
      await remove(raw);
      return 0;
    default:
      throw new UsageError(`unknown command "${invocation.command}"; expected certonly, renew, certificates, revoke, delete or verify-release (see certwright --help)`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`certwright: ${errorMessage(error)}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  },
);
