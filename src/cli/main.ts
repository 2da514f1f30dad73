import { parseCertonlyConfig } from '../config.js';
import { runCertonly, type CertonlyResult } from '../issue/certonly.js';
import { errorMessage, systemClock, type Logger } from '../runtime.js';
import { helpText, VERSION } from './help.js';
import { defaultAccountKeyFile, parseCommandLine, UsageError } from './options.js';

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

function printResult(result: CertonlyResult, json: boolean): void {
  const { summary, paths } = result;
  if (json) {
    const out = { ...summary, notBefore: summary.notBefore.toISOString(), notAfter: summary.notAfter.toISOString(), paths, elapsedMs: result.elapsedMs };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return;
  }
  const lines = [
    'Successfully received certificate.',
    `Subject:   ${summary.subject}`,
    `Names:     ${summary.domains.join(', ')}`,
    `Issuer:    ${summary.issuer}`,
    `Expires:   ${summary.notAfter.toISOString()} (${daysLeft(summary.notAfter, Date.now())} days)`,
    `Serial:    ${summary.serial}`,
    `Fullchain: ${paths.fullchain}`,
    `Cert:      ${paths.cert}`,
    `Chain:     ${paths.chain}`,
    `Key:       ${paths.privkey}`,
    `Took:      ${(result.elapsedMs / 1000).toFixed(2)} s`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(argv: readonly string[]): Promise<number> {
  const invocation = parseCommandLine(argv, process.env);
  if (invocation.version) {
    process.stdout.write(`certwright ${VERSION}\n`);
    return 0;
  }
  if (invocation.help || !invocation.command || invocation.command === 'help') {
    process.stdout.write(helpText());
    return invocation.command || invocation.help ? 0 : 2;
  }
  if (invocation.command !== 'certonly') throw new UsageError(`unknown command "${invocation.command}"; expected certonly (see certwright --help)`);
  const raw = { ...invocation.raw };
  raw['account-key-file'] ??= defaultAccountKeyFile(raw.server, process.env);
  const config = parseCertonlyConfig(raw);
  const logger = consoleLogger(invocation.verbose, invocation.quiet);
  const result = await runCertonly(config, { logger, clock: systemClock, env: process.env });
  printResult(result, invocation.json);
  return 0;
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
