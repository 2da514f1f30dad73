import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCertonlyConfig, parseRenewSettings, type RawInputs } from '../../src/config.js';
import { renewOptionsOf, runRenew, type RenewOutcome } from '../../src/renewal/renew.js';
import { parseStateKey } from '../../src/store/encryption.js';
import { FileStore } from '../../src/store/file-store.js';
import { StateSession } from '../../src/store/session.js';
import { runCertonly, type CertonlyResult } from '../../src/issue/certonly.js';
import { systemClock, type Logger } from '../../src/runtime.js';
import type { Testbed } from './testbed.js';

/** Raw inputs pointing the engine at the bed over rfc2136, as a user would write them. */
export function bedInputs(bed: Testbed, domains: readonly string[], extra: RawInputs = {}): Record<string, string | undefined> {
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

/** Runs `certonly` in-process against the bed, into a fresh output folder. */
export async function issueOnBed(bed: Testbed, domains: readonly string[], extra: RawInputs = {}, logger = captureLogger()): Promise<CertonlyResult> {
  const outputDir = await mkdtemp(join(tmpdir(), 'certwright-out-'));
  const config = parseCertonlyConfig(bedInputs(bed, domains, { 'output-dir': outputDir, ...extra }));
  return runCertonly(config, { logger, clock: systemClock, env: process.env });
}

export const STATE_KEY = 'a test passphrase for the state';

/** Runs `renew` in-process against the bed with a state file, at time `now`. */
export async function renewOnBed(
  bed: Testbed,
  domains: readonly string[],
  options: { statePath: string; outputDir: string; now?: number; extra?: RawInputs; logger?: CapturedLog; directoryUrl?: string },
): Promise<RenewOutcome> {
  const raw = { ...bedInputs(bed, domains, { 'output-dir': options.outputDir, ...(options.directoryUrl ? { server: options.directoryUrl } : {}), ...options.extra }) };
  const config = parseCertonlyConfig(raw);
  const settings = parseRenewSettings({ 'dry-run-server': bed.directoryUrl, ...raw });
  const now = options.now ?? Date.now();
  return runRenew(
    { config, session: await StateSession.open(new FileStore(options.statePath), parseStateKey(STATE_KEY), { readOnly: settings.dryRun }), options: renewOptionsOf(settings, now) },
    { logger: options.logger ?? captureLogger(), clock: systemClock, env: process.env, now: () => now },
  );
}
