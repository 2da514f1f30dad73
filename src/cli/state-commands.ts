import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_OUTPUT_DIR, parseRenewalPolicy, value, type RawInputs } from '../config/inputs.js';
import { parseStateSpec } from '../config/plan.js';
import { AcmeSession } from '../issue/session.js';
import type { HttpClients } from '../net/http.js';
import {
  deleteLineage,
  listLineages,
  markRevoked,
  REVOCATION_REASONS,
  revokeLineage,
  type LineageListing,
} from '../renewal/lineages.js';
import { runHttpClients, type StateSpec } from '../renewal/run.js';
import { errorMessage, silentLogger, systemClock, type Logger } from '../runtime.js';
import type { StateBundle } from '../state/bundle.js';
import type { StateKey } from '../state/encryption.js';
import { loadState, saveState } from '../state/persist.js';
import type { StateStore } from '../state/state-store.js';
import { CLI_STORE_KINDS, UsageError, type CliInvocation } from './options.js';

/** The state of `store` for the commands that read or change it directly. */
async function openState(
  raw: RawInputs,
): Promise<{ bundle: StateBundle; store: StateStore; key: StateKey; clients: HttpClients }> {
  const spec = parseStateSpec(raw, CLI_STORE_KINDS) as StateSpec;
  const clients = runHttpClients({ logger: silentLogger, clock: systemClock, env: process.env });
  const store = await spec.store.open({ http: clients.forTrust(), logger: silentLogger, now: () => systemClock.now() });
  return { bundle: await loadState(store, spec.key), store, key: spec.key, clients };
}

const FILES = { cert: 'cert.pem', fullchain: 'fullchain.pem', privkey: 'privkey.pem' } as const;

type CertificatePaths = Partial<Record<keyof typeof FILES, string>>;

/** Where the engine writes the files of certificate `name`. */
function certificateDir(raw: RawInputs, name: string): string {
  return join(value(raw, 'output-dir') ?? DEFAULT_OUTPUT_DIR, name);
}

/** The certificate files in `dir` that exist. */
async function filesIn(dir: string): Promise<CertificatePaths> {
  const found = await Promise.all(
    Object.entries(FILES).map(async ([kind, file]) => {
      const path = join(dir, file);
      return access(path).then(
        (): [string, string][] => [[kind, path]],
        (): [string, string][] => [],
      );
    }),
  );
  return Object.fromEntries(found.flat());
}

/** `ECDSA P-256`, `RSA 2048`: the key type as certbot shows it. */
function keyTypeLabel(keyType: string): string {
  const [algorithm = '', size = ''] = keyType.split('-');
  return algorithm === 'ecdsa'
    ? `ECDSA ${size.toUpperCase().replace('P', 'P-')}`
    : `${algorithm.toUpperCase()} ${size}`;
}

/** certbot's status: `VALID: 63 days`, `VALID: 5 hour(s)`, `INVALID: EXPIRED`, `INVALID: REVOKED`. */
function validity(item: LineageListing, now: number): string {
  if (item.status !== 'valid') return `INVALID: ${item.status.toUpperCase()}`;
  if (item.daysLeft >= 1) return `VALID: ${item.daysLeft} day${item.daysLeft === 1 ? '' : 's'}`;
  return `VALID: ${Math.floor((item.notAfter.getTime() - now) / 3_600_000)} hour(s)`;
}

function describeCertificate(item: LineageListing, paths: CertificatePaths, now: number): string[] {
  const due =
    item.nextRenewal.getTime() <= now
      ? ` (due: the next renew replaces it${item.revoked ? ', as it was revoked' : ''})`
      : '';
  return [
    `Certificate Name: ${item.name}`,
    `  Serial Number: ${item.serial}`,
    `  Key Type: ${keyTypeLabel(item.keyType)}`,
    `  Domains: ${item.domains.join(' ')}`,
    `  Expiry Date: ${item.notAfter.toISOString()} (${validity(item, now)})`,
    `  Next Renewal: ${item.nextRenewal.toISOString()}${due}`,
    ...(paths.fullchain ? [`  Certificate Path: ${paths.fullchain}`] : []),
    ...(paths.cert ? [`  Cert Only Path: ${paths.cert}`] : []),
    ...(paths.privkey ? [`  Private Key Path: ${paths.privkey}`] : []),
    ...deployedLines(item),
  ];
}

/** `  Deployed to KEY: ID (serial S, DATE)`, per deploy target the state knows of. */
function deployedLines(item: LineageListing): string[] {
  return Object.entries(item.deployed ?? {}).map(([key, record]) => {
    const behind = record.serial === item.serial ? '' : '; an older certificate: the next renew deploys this one';
    const at = new Date(record.at).toISOString();
    return `  Deployed to ${key}: ${record.id} (serial ${record.serial}, ${at}${behind})`;
  });
}

/** `certwright certificates [--cert-name NAME]`: each certificate of the state, as certbot lists them. */
export async function certificatesCommand(raw: RawInputs, invocation: CliInvocation): Promise<void> {
  const { bundle } = await openState(raw);
  const now = Date.now();
  const name = value(raw, 'cert-name');
  const listing = (await listLineages(bundle, now, parseRenewalPolicy(raw).renewBeforeDays)).filter(
    (item) => !name || item.name === name,
  );
  const withPaths = await Promise.all(
    listing.map(async (item) => ({ ...item, paths: await filesIn(certificateDir(raw, item.name)) })),
  );
  if (invocation.json) {
    process.stdout.write(`${JSON.stringify(withPaths, null, 2)}\n`);
    return;
  }
  if (withPaths.length === 0) {
    process.stdout.write(name ? `No certificate named ${name} in the state.\n` : 'No certificates in the state.\n');
    return;
  }
  process.stdout.write(
    `${withPaths.map((item) => describeCertificate(item, item.paths, now).join('\n')).join('\n\n')}\n`,
  );
}

function certNameOf(raw: RawInputs): string {
  const name = value(raw, 'cert-name');
  if (!name) throw new UsageError('cert-name: missing; expected --cert-name NAME (see certwright certificates)');
  return name;
}

/** What a deleted certificate's line ends with: that its files stay where they are, if it has any. */
async function filesLeft(raw: RawInputs, name: string): Promise<string> {
  const dir = certificateDir(raw, name);
  return Object.keys(await filesIn(dir)).length > 0 ? `; its files are left in ${dir}` : '';
}

/**
 * `certwright revoke --cert-name NAME`: revokes the current certificate at the CA, then notes it
 * in the state (the next renew replaces it) or, with `--delete-after-revoke`, removes it.
 */
export async function revokeCommand(raw: RawInputs, invocation: CliInvocation, logger: Logger): Promise<void> {
  const reasonName = (invocation.reason ?? 'unspecified').toLowerCase();
  const reason = REVOCATION_REASONS[reasonName];
  if (reason === undefined)
    throw new Error(
      `reason: "${reasonName}" is not a revocation reason; ` +
        `expected one of ${Object.keys(REVOCATION_REASONS).join(', ')}`,
    );
  const name = certNameOf(raw);
  const { bundle, store, key, clients } = await openState(raw);
  const acme = new AcmeSession({
    clients,
    accounts: { find: (url) => bundle.accounts[url], remember: () => undefined },
    clock: systemClock,
    logger,
  });
  const serial = await revokeLineage(bundle, name, reason, acme, value(raw, 'server-ca-file'));
  process.stdout.write(`Revoked certificate ${serial} (${reasonName}).\n`);
  const next = invocation.deleteAfterRevoke
    ? deleteLineage(bundle, name)
    : markRevoked(bundle, name, { at: new Date(systemClock.now()).toISOString(), reason: reasonName });
  await saveState(store, key, next).catch((error: unknown) => {
    throw new Error(
      `state: ${name} was revoked, but the state could not be written (${errorMessage(error)}); ` +
        'run certwright renew --force-renewal to replace it',
      { cause: error },
    );
  });
  process.stdout.write(
    invocation.deleteAfterRevoke
      ? `Deleted ${name} from the state${await filesLeft(raw, name)}.\n`
      : `The next certwright renew of ${name} replaces it.\n`,
  );
}

/** `certwright delete --cert-name NAME`: the state forgets the certificate; its files stay. */
export async function deleteCommand(raw: RawInputs): Promise<void> {
  const name = certNameOf(raw);
  const { bundle, store, key } = await openState(raw);
  await saveState(store, key, deleteLineage(bundle, name));
  process.stdout.write(`Deleted ${name} from the state${await filesLeft(raw, name)}.\n`);
}
