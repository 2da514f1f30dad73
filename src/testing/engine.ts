import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RawInputs } from '../config/inputs.js';
import { parseRunPlan } from '../config/plan.js';
import type { WrittenPaths } from '../issue/files.js';
import type { RenewOutcome } from '../renewal/renew.js';
import { runCertificates, type CertificateResult } from '../renewal/run.js';
import { systemClock, type Clock, type Logger } from '../runtime.js';
import { RecordJournal, type JournalEntry } from '../state/journal.js';
import { createOctokit } from '../store/github.js';
import { storeKinds } from '../store/kinds.js';
import type { StoreDefinition } from '../store/store.js';
import type { Testbed } from './testbed.js';

/** Raw inputs pointing the engine at the bed over rfc2136, as a user would write them. */
export function bedInputs(
  bed: Testbed,
  domains: readonly string[],
  extra: RawInputs = {},
): Record<string, string | undefined> {
  return {
    domains: domains.join(','),
    server: bed.directoryUrl,
    'server-ca-file': bed.serverCaFile,
    'agree-tos': 'true',
    email: 'ops@example.test',
    'dns-provider': 'rfc2136',
    'rfc2136-server': `127.0.0.1:${bed.dns.port}`,
    'rfc2136-tsig-key': bed.tsig.name,
    'rfc2136-tsig-secret': bed.tsig.secret,
    nameservers: `127.0.0.1:${bed.dns.port}`,
    'propagation-interval': '0.1',
    ...extra,
  };
}

export interface CapturedLog extends Logger {
  readonly lines: string[];
}

export function captureLogger(): CapturedLog {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(`info: ${m}`),
    warn: (m) => lines.push(`warn: ${m}`),
    debug: (m) => lines.push(`debug: ${m}`),
  };
}

/**
 * A clock for deciding "in the future": it reads `start` until something sleeps, and each
 * sleep (which really waits) moves it on by as much, so deadlines still come.
 */
export function clockFrom(start: number | undefined): Clock {
  if (start === undefined) return systemClock;
  let now = start;
  return {
    now: () => now,
    sleep: async (ms) => {
      await systemClock.sleep(ms);
      now += ms;
    },
  };
}

/** The outcome of a run of one certificate, or its error thrown. */
export function only(results: readonly CertificateResult[]): RenewOutcome {
  const [result] = results;
  if (!result || results.length !== 1) throw new Error(`expected one result, got ${results.length}`);
  if (result.error) throw result.error;
  return result.outcome as RenewOutcome;
}

/** The CLI's records journal under a config home (XDG_CONFIG_HOME): a folder, one file per run and certificate. */
export function journalFolder(configHome: string): string {
  return join(configHome, 'certwright', 'records-in-flight');
}

/** The entries of the CLI's records journal under `configHome`, read from its files (none when it has none). */
export async function journalEntries(configHome: string): Promise<JournalEntry[]> {
  const folder = journalFolder(configHome);
  const names = await readdir(folder).catch(() => []);
  return Promise.all(
    names
      .filter((n) => n.endsWith('.json'))
      .map(async (n) => JSON.parse(await readFile(join(folder, n), 'utf8')) as JournalEntry),
  );
}

/** Runs a plan parsed from raw inputs in-process, as the front ends do. */
export async function runInputs(
  raw: RawInputs,
  options: {
    logger?: Logger;
    now?: number;
    storeKinds?: readonly StoreDefinition[];
    journal?: string;
    /** The environment SDK credential chains read (none by default: the bed needs none). */
    env?: Readonly<Record<string, string | undefined>>;
  } = {},
): Promise<CertificateResult[]> {
  const plan = await parseRunPlan(raw, { storeKinds: options.storeKinds ?? storeKinds({ github: createOctokit }) });
  const logger = options.logger ?? captureLogger();
  return runCertificates(plan, {
    logger,
    clock: clockFrom(options.now),
    env: options.env ?? {},
    ...(options.journal ? { journal: new RecordJournal(options.journal, logger) } : {}),
  });
}

/** Runs `certonly` in-process against the bed (no store), into a fresh output folder. */
export async function issueOnBed(
  bed: Testbed,
  domains: readonly string[],
  extra: RawInputs = {},
  logger = captureLogger(),
): Promise<RenewOutcome & { paths: WrittenPaths }> {
  const outputDir = await mkdtemp(join(tmpdir(), 'certwright-out-'));
  const outcome = only(await runInputs(bedInputs(bed, domains, { 'output-dir': outputDir, ...extra }), { logger }));
  if (!outcome.paths) throw new Error('certonly wrote no files');
  return { ...outcome, paths: outcome.paths };
}

export const STATE_KEY = 'a test passphrase for the state';

/** Runs `renew` in-process against the bed with a state file, at time `now`. */
export async function renewOnBed(
  bed: Testbed,
  domains: readonly string[],
  /** `journal`: the records journal file, as the CLI keeps one. */
  options: {
    statePath: string;
    outputDir: string;
    now?: number;
    extra?: RawInputs;
    logger?: CapturedLog;
    directoryUrl?: string;
    journal?: string;
  },
): Promise<RenewOutcome> {
  const raw = bedInputs(bed, domains, {
    'output-dir': options.outputDir,
    store: `file:${options.statePath}`,
    'state-key': STATE_KEY,
    'dry-run-server': bed.directoryUrl,
    ...(options.directoryUrl ? { server: options.directoryUrl } : {}),
    ...options.extra,
  });
  return only(
    await runInputs(raw, {
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.now !== undefined ? { now: options.now } : {}),
      ...(options.journal ? { journal: options.journal } : {}),
    }),
  );
}
