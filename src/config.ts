import { KEY_TYPES, type KeyType } from './crypto/keys.js';
import { parseServerAddress, type ServerAddress } from './dns/address.js';
import { domainNameProblem, normalizeName } from './dns/names.js';
import type { ConfiguredProvider } from './dns/provider.js';
import { PROVIDERS } from './dns/providers/index.js';
import { parseCron } from './renewal/schedule.js';
import type { SecretTarget } from './store/secret-store.js';
import type { PropagationSettings } from './issue/obtain.js';

/** One setting shared by the Action and the CLI. action.yml and the README tables come from these. */
export interface InputSpec {
  readonly name: string;
  readonly description: string;
  readonly default?: string;
  readonly required?: boolean;
  readonly secret?: boolean;
  /** CLI-only spellings (`-d`, certbot's flag names). */
  readonly cliAliases?: readonly string[];
  /** A CLI switch without a value. */
  readonly flag?: boolean;
  /** The default in action.yml when it differs (an expression such as `${{ github.token }}`). */
  readonly actionDefault?: string;
}

export const SERVER_ALIASES: Readonly<Record<string, string>> = {
  letsencrypt: 'https://acme-v02.api.letsencrypt.org/directory',
  'letsencrypt-staging': 'https://acme-staging-v02.api.letsencrypt.org/directory',
};

export const CORE_INPUTS: readonly InputSpec[] = [
  { name: 'domains', description: 'Names for the certificate, separated by commas, spaces or newlines; `*.example.com` for a wildcard. The first is the subject.', required: true, cliAliases: ['d'] },
  { name: 'email', description: 'Contact e-mail(s) for the ACME account, comma-separated.', cliAliases: ['m'] },
  { name: 'agree-tos', description: "Accept the CA's terms of service (required by most CAs to register).", default: 'false', flag: true },
  { name: 'server', description: 'ACME directory URL, or `letsencrypt` / `letsencrypt-staging`.', default: 'letsencrypt' },
  { name: 'server-ca-file', description: 'PEM file of an extra CA to trust for the ACME server (a private CA, or Pebble in tests).' },
  { name: 'eab-kid', description: 'External Account Binding key ID from your CA.' },
  { name: 'eab-hmac-key', description: 'External Account Binding HMAC key (base64url) from your CA.', secret: true },
  { name: 'key-type', description: `Certificate key: ${KEY_TYPES.join(', ')}; \`ecdsa\` and \`rsa\` (with rsa-key-size / elliptic-curve) as in certbot.`, default: 'ecdsa-p256' },
  { name: 'rsa-key-size', description: 'With key-type `rsa`: 2048, 3072 or 4096.' },
  { name: 'elliptic-curve', description: 'With key-type `ecdsa`: secp256r1 or secp384r1.' },
  { name: 'cert-name', description: 'Name of the certificate and its output folder. Default: the first domain, without `*.`.' },
  { name: 'preferred-chain', description: 'Common name of the root (or issuer) to prefer when the CA offers alternate chains.' },
  { name: 'profile', description: "ACME profile to request, one of those in the CA's directory `meta.profiles`." },
  { name: 'dns-provider', description: 'DNS provider that writes the TXT records: see the provider table.', required: true, cliAliases: ['dns'] },
  { name: 'nameservers', description: "Authoritative servers (host:port, comma-separated) to check for propagation instead of the zone's NS set; also asked to find zones." },
  { name: 'resolvers', description: 'Recursive resolvers (host:port, comma-separated) for zone discovery and CNAME following. Default: the system resolvers.' },
  { name: 'propagation', description: '`check` waits until every authoritative nameserver serves the TXT values; `skip` trusts the provider.', default: 'check' },
  { name: 'propagation-timeout', description: 'Seconds to wait for propagation before failing.', default: '120' },
  { name: 'propagation-interval', description: 'Seconds between propagation checks (decimals allowed).', default: '0.5' },
  { name: 'output-dir', description: 'Folder for the certificate files; they go to `<output-dir>/<cert-name>/`. Default: `certificates` in the CLI, `$RUNNER_TEMP/certwright` in the Action (outside the workspace, so no upload or commit picks up the key).' },
  { name: 'account-key-file', description: 'PEM file holding the ACME account key; created (0600) when missing. Empty: a new account each run.' },
];

export interface CertonlyConfig {
  readonly domains: readonly string[];
  readonly certName: string;
  readonly emails: readonly string[];
  readonly agreeTos: boolean;
  readonly server: string;
  readonly serverCaFile?: string;
  readonly eab?: { readonly kid: string; readonly hmacKey: string };
  readonly keyType: KeyType;
  readonly preferredChain?: string;
  readonly profile?: string;
  readonly provider: ConfiguredProvider;
  readonly nameservers?: readonly ServerAddress[];
  readonly resolvers?: readonly ServerAddress[];
  readonly propagation: PropagationSettings;
  readonly outputDir: string;
  readonly accountKeyFile?: string;
}

export type RawInputs = Readonly<Record<string, string | undefined>>;

function value(raw: RawInputs, name: string): string | undefined {
  const text = raw[name]?.trim();
  return text === '' ? undefined : text;
}

function list(text: string | undefined): string[] {
  return (text ?? '').split(/[\s,]+/).filter((item) => item !== '');
}

/** Parses `domains`: normalizes, and rejects invalid names, duplicates and an empty list. */
export function parseDomains(text: string | undefined): string[] {
  const names = list(text).map(normalizeName);
  if (names.length === 0) throw new Error('domains: empty; expected at least one name, such as example.com, *.example.com');
  const seen = new Set<string>();
  for (const name of names) {
    const problem = domainNameProblem(name);
    if (problem) throw new Error(`domains: "${name}" is not a valid certificate name: ${problem}`);
    if (seen.has(name)) throw new Error(`domains: "${name}" is listed twice; list each name once`);
    seen.add(name);
  }
  if (names.length > 100) throw new Error(`domains: ${names.length} names; CAs accept at most 100 per certificate, split them into several certificates`);
  return names;
}

function parseBoolean(raw: RawInputs, name: string): boolean {
  const text = (value(raw, name) ?? 'false').toLowerCase();
  if (['true', 'yes', '1'].includes(text)) return true;
  if (['false', 'no', '0'].includes(text)) return false;
  throw new Error(`${name}: "${text}" is not a boolean; expected true or false`);
}

function parseSeconds(raw: RawInputs, name: string, fallback: string): number {
  const text = value(raw, name) ?? fallback;
  const seconds = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || seconds <= 0) throw new Error(`${name}: "${text}" is not a duration; expected seconds, such as ${fallback}`);
  return Math.round(seconds * 1000);
}

export function parseKeyType(raw: RawInputs): KeyType {
  const text = (value(raw, 'key-type') ?? 'ecdsa-p256').toLowerCase();
  const rsaSize = value(raw, 'rsa-key-size');
  const curve = value(raw, 'elliptic-curve');
  let keyType: string = text;
  if (text === 'rsa') keyType = `rsa-${rsaSize ?? '2048'}`;
  if (text === 'ecdsa') {
    const curves: Record<string, string> = { secp256r1: 'ecdsa-p256', 'p-256': 'ecdsa-p256', secp384r1: 'ecdsa-p384', 'p-384': 'ecdsa-p384' };
    const mapped = curves[(curve ?? 'secp256r1').toLowerCase()];
    if (!mapped) throw new Error(`elliptic-curve: "${curve}" is not supported; expected secp256r1 or secp384r1`);
    keyType = mapped;
  }
  if (!(KEY_TYPES as readonly string[]).includes(keyType)) {
    const what = text === 'rsa' ? `rsa-key-size: "${rsaSize}" is not supported; expected 2048, 3072 or 4096` : `key-type: "${text}" is not supported; expected one of ${KEY_TYPES.join(', ')}, ecdsa or rsa`;
    throw new Error(what);
  }
  return keyType as KeyType;
}

function parseServer(raw: RawInputs): string {
  const text = value(raw, 'server') ?? 'letsencrypt';
  const url = SERVER_ALIASES[text] ?? text;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`server: "${text}" is not a URL; expected an ACME directory URL such as https://acme-v02.api.letsencrypt.org/directory, or letsencrypt / letsencrypt-staging`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new Error(`server: "${text}" is not an http(s) URL; expected an ACME directory URL`);
  }
  return url;
}

function parseEmails(raw: RawInputs): string[] {
  const emails = list(value(raw, 'email'));
  for (const email of emails) {
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new Error(`email: "${email}" is not an e-mail address; expected name@example.com`);
  }
  return emails;
}

function parseEab(raw: RawInputs): CertonlyConfig['eab'] {
  const kid = value(raw, 'eab-kid');
  const hmacKey = value(raw, 'eab-hmac-key');
  if (!kid && !hmacKey) return undefined;
  if (!kid) throw new Error('eab-kid: missing; eab-hmac-key was given, and External Account Binding needs both');
  if (!hmacKey) throw new Error('eab-hmac-key: missing; eab-kid was given, and External Account Binding needs both');
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(hmacKey)) throw new Error('eab-hmac-key: not base64url; paste the HMAC key exactly as your CA shows it');
  return { kid, hmacKey };
}

function parseServers(raw: RawInputs, name: string): ServerAddress[] | undefined {
  const items = list(value(raw, name));
  return items.length === 0 ? undefined : items.map((item) => parseServerAddress(item, name));
}

/** Picks and configures the DNS provider named by `dns-provider`. */
export function parseProvider(raw: RawInputs): ConfiguredProvider {
  const name = value(raw, 'dns-provider');
  const names = PROVIDERS.map((p) => p.name).join(', ');
  if (!name) throw new Error(`dns-provider: missing; expected one of ${names}`);
  const definition = PROVIDERS.find((p) => p.name === name.toLowerCase());
  if (!definition) throw new Error(`dns-provider: "${name}" is not a known provider; expected one of ${names}`);
  return definition.configure(raw);
}

/**
 * Turns raw inputs (Action inputs or CLI flags, by input name) into a validated config. Each
 * error names the input, quotes the value and says what is expected.
 */
export function parseCertonlyConfig(raw: RawInputs, provider?: ConfiguredProvider): CertonlyConfig {
  const domains = parseDomains(value(raw, 'domains'));
  const certName = value(raw, 'cert-name') ?? (domains[0] ?? '').replace(/^\*\./, '');
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(certName)) {
    throw new Error(`cert-name: "${certName}" is not a usable name; expected letters, digits, dots, hyphens or underscores`);
  }
  const propagationMode = value(raw, 'propagation') ?? 'check';
  if (propagationMode !== 'check' && propagationMode !== 'skip') {
    throw new Error(`propagation: "${propagationMode}" is not a mode; expected check or skip`);
  }
  const eab = parseEab(raw);
  const nameservers = parseServers(raw, 'nameservers');
  const resolvers = parseServers(raw, 'resolvers');
  const serverCaFile = value(raw, 'server-ca-file');
  const preferredChain = value(raw, 'preferred-chain');
  const profile = value(raw, 'profile');
  const accountKeyFile = value(raw, 'account-key-file');
  return {
    domains,
    certName,
    emails: parseEmails(raw),
    agreeTos: parseBoolean(raw, 'agree-tos'),
    server: parseServer(raw),
    keyType: parseKeyType(raw),
    provider: provider ?? parseProvider(raw),
    propagation: {
      mode: propagationMode,
      timeoutMs: parseSeconds(raw, 'propagation-timeout', '120'),
      intervalMs: parseSeconds(raw, 'propagation-interval', '0.5'),
    },
    outputDir: value(raw, 'output-dir') ?? 'certificates',
    ...(serverCaFile ? { serverCaFile } : {}),
    ...(eab ? { eab } : {}),
    ...(preferredChain ? { preferredChain } : {}),
    ...(profile ? { profile } : {}),
    ...(nameservers ? { nameservers } : {}),
    ...(resolvers ? { resolvers } : {}),
    ...(accountKeyFile ? { accountKeyFile } : {}),
  };
}

/** Inputs of renewal mode (`certwright renew`, and the Action when `store` is set). */
export const RENEW_INPUTS: readonly InputSpec[] = [
  { name: 'config', description: 'YAML file listing several certificates (each with its domains, and optionally a DNS provider per zone); renewed in one run with one summary.' },
  { name: 'store', description: 'Where the encrypted state (account, certificates, keys) lives between runs: `file:PATH`; a GitHub Actions secret: `secret:NAME` (this repository), `secret:environments/ENV/NAME`, `secret:orgs/ORG/NAME`; or a workflow artifact: `artifact:NAME` (Action only). With it the Action issues once, renews when due and otherwise does nothing.' },
  { name: 'state', description: 'With a secret store: the current state, i.e. the secret itself (`${{ secrets.CERTWRIGHT_STATE }}`); empty on the first run.', secret: true },
  { name: 'github-token', description: 'With a secret store: a token that may write secrets (GITHUB_TOKEN cannot): a fine-grained PAT or GitHub App token with "Secrets: Read and write". With an artifact store the job token (actions: read) does.', secret: true, actionDefault: '${{ github.token }}' },
  { name: 'artifact-retention-days', description: 'With an artifact store: days the state artifact is kept (1-90). An artifact past half of it is uploaded again.', default: '90' },
  { name: 'github-repository', description: 'With a secret store: owner/repo whose secret is written. Default: the current repository (GITHUB_REPOSITORY).' },
  { name: 'github-api-url', description: 'GitHub REST API URL. Default: GITHUB_API_URL, else https://api.github.com.' },
  { name: 'state-key', description: 'Passphrase (16+ characters) or 256-bit key (base64) that encrypts the state. Also read from CERTWRIGHT_STATE_KEY.', secret: true },
  { name: 'force-renewal', description: 'Renew even when not due.', default: 'false', flag: true },
  { name: 'reuse-key', description: "Keep the certificate's key when renewing.", default: 'false', flag: true },
  { name: 'dry-run', description: 'Issue against dry-run-server and save nothing.', default: 'false', flag: true },
  { name: 'dry-run-server', description: 'ACME directory for dry-run.', default: 'letsencrypt-staging' },
  { name: 'renew-before-days', description: 'Without ARI: renew this many days before expiry instead of when a third of the lifetime is left.' },
  { name: 'next-run', description: 'When the next scheduled run starts (ISO 8601); a renewal due before it happens now.' },
  { name: 'schedule', description: 'Cron schedule of the renewal workflow (UTC), to work out next-run.' },
  { name: 'pre-hook', description: 'Command run before an actual renewal attempt.' },
  { name: 'post-hook', description: 'Command run after an actual renewal attempt, success or not.' },
  { name: 'deploy-hook', description: 'Command run once per new certificate, with RENEWED_LINEAGE (its folder) and RENEWED_DOMAINS.' },
];

export type StoreSpec =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'artifact'; readonly name: string; readonly owner: string; readonly repo: string; readonly token: string; readonly apiUrl: string; readonly retentionDays: number }
  | { readonly kind: 'secret'; readonly target: SecretTarget; readonly token: string; readonly apiUrl: string; readonly current?: string };

const STORE_FORMS = 'file:PATH, secret:NAME, secret:environments/ENV/NAME, secret:orgs/ORG/NAME or artifact:NAME';

/** `github-repository` as owner and repo; `purpose` says in the error what it is needed for. */
function parseRepository(raw: RawInputs, purpose: string): { owner: string; repo: string } {
  const repository = value(raw, 'github-repository') ?? '';
  const [owner, repo, ...rest] = repository.split('/');
  if (!owner || !repo || rest.length > 0) throw new Error(`github-repository: "${repository}" is not owner/repo; it names the repository ${purpose}`);
  return { owner, repo };
}

function parseSecretTarget(text: string, raw: RawInputs): SecretTarget {
  const parts = text.split('/');
  const valid = (name: string | undefined) => name !== undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !/^GITHUB_/i.test(name);
  const name = parts.at(-1);
  if (!valid(name)) {
    throw new Error(`store: "${name ?? ''}" is not a usable secret name; expected letters, digits and underscores, not starting with a digit or GITHUB_`);
  }
  if (parts[0] === 'orgs' && parts.length === 3 && parts[1]) return { kind: 'organization', org: parts[1], name: name as string };
  const { owner, repo } = parseRepository(raw, 'whose secret certwright writes');
  if (parts.length === 1) return { kind: 'repository', owner, repo, name: name as string };
  if (parts[0] === 'environments' && parts.length === 3 && parts[1]) return { kind: 'environment', owner, repo, environment: parts[1], name: name as string };
  throw new Error(`store: "secret:${text}" is not a secret; expected ${STORE_FORMS}`);
}

/** Parses `store` (and, for a secret, the token, repository and current value). */
export function parseStore(raw: RawInputs): StoreSpec {
  const text = value(raw, 'store');
  if (!text) throw new Error(`store: missing; expected ${STORE_FORMS}`);
  const colon = text.indexOf(':');
  const kind = colon > 0 ? text.slice(0, colon) : '';
  const target = text.slice(colon + 1);
  if (kind === 'file' && target !== '') return { kind: 'file', path: target };
  if (kind === 'secret' && target !== '') {
    const secret = parseSecretTarget(target, raw);
    const token = value(raw, 'github-token');
    if (!token) throw new Error('github-token: missing; writing a secret needs a token that may write secrets (GITHUB_TOKEN cannot): a fine-grained PAT or GitHub App token with "Secrets: Read and write"');
    const current = value(raw, 'state');
    return { kind: 'secret', target: secret, token, apiUrl: value(raw, 'github-api-url') ?? 'https://api.github.com', ...(current ? { current } : {}) };
  }
  if (kind === 'artifact' && target !== '') return parseArtifactStore(target, raw);
  throw new Error(`store: "${text}" is not a store; expected ${STORE_FORMS}`);
}

function parseArtifactStore(name: string, raw: RawInputs): StoreSpec {
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new Error(`store: "artifact:${name}" has an unusable artifact name; expected letters, digits, dots, hyphens or underscores`);
  const { owner, repo } = parseRepository(raw, 'whose artifacts hold the state');
  const token = value(raw, 'github-token');
  if (!token) throw new Error('github-token: missing; listing and downloading artifacts of earlier runs needs a token with actions: read (the job token works)');
  const daysText = value(raw, 'artifact-retention-days') ?? '90';
  const retentionDays = Number(daysText);
  if (!/^\d+$/.test(daysText) || retentionDays < 1 || retentionDays > 90) {
    throw new Error(`artifact-retention-days: "${daysText}" is not supported; expected whole days from 1 to 90, longer than the time between renewals`);
  }
  return { kind: 'artifact', name, owner, repo, token, apiUrl: value(raw, 'github-api-url') ?? 'https://api.github.com', retentionDays };
}

export interface RenewSettings {
  readonly forceRenewal: boolean;
  readonly reuseKey: boolean;
  readonly dryRun: boolean;
  readonly dryRunServer: string;
  readonly renewBeforeDays?: number;
  readonly nextRun?: Date;
  readonly schedule?: string;
  readonly hooks: { readonly pre?: string; readonly post?: string; readonly deploy?: string };
}

/** Parses the renewal inputs, with messages that name the input. */
export function parseRenewSettings(raw: RawInputs): RenewSettings {
  const daysText = value(raw, 'renew-before-days');
  if (daysText !== undefined && (!/^\d+$/.test(daysText) || Number(daysText) < 1)) {
    throw new Error(`renew-before-days: "${daysText}" is not a number of days; expected a whole number such as 30`);
  }
  const nextRunText = value(raw, 'next-run');
  const nextRun = nextRunText === undefined ? undefined : new Date(nextRunText);
  if (nextRun && Number.isNaN(nextRun.getTime())) throw new Error(`next-run: "${nextRunText}" is not a time; expected ISO 8601 such as 2026-11-22T04:17:00Z`);
  const schedule = value(raw, 'schedule');
  if (schedule) parseCron(schedule);
  const pre = value(raw, 'pre-hook');
  const post = value(raw, 'post-hook');
  const deploy = value(raw, 'deploy-hook');
  return {
    forceRenewal: parseBoolean(raw, 'force-renewal'),
    reuseKey: parseBoolean(raw, 'reuse-key'),
    dryRun: parseBoolean(raw, 'dry-run'),
    dryRunServer: parseServer({ server: value(raw, 'dry-run-server') ?? 'letsencrypt-staging' }),
    ...(daysText !== undefined ? { renewBeforeDays: Number(daysText) } : {}),
    ...(nextRun ? { nextRun } : {}),
    ...(schedule ? { schedule } : {}),
    hooks: { ...(pre ? { pre } : {}), ...(post ? { post } : {}), ...(deploy ? { deploy } : {}) },
  };
}
