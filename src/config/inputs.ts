import { KEY_TYPES, type KeyType } from '../crypto/keys.js';
import type { PfxSettings } from '../crypto/pkcs12.js';
import { parseServerAddress, type ServerAddress } from '../dns/address.js';
import { isLoopbackHost } from '../net/loopback.js';
import { domainNameProblem, normalizeName } from '../dns/names.js';
import { optionEnvName, type ConfiguredProvider } from '../dns/provider.js';
import { PROVIDERS } from '../dns/providers/index.js';
import type { CertificateRequest } from '../issue/request.js';
import type { RenewalPolicy } from '../renewal/policy.js';
import { nextCronRun, parseCron } from '../renewal/schedule.js';

/** One setting shared by the Action and the CLI. action.yml and the README tables come from these. */
export interface InputSpec {
  readonly name: string;
  readonly description: string;
  readonly default?: string;
  readonly required?: boolean;
  /** Masked in logs, and read from `CERTWRIGHT_<NAME>` when not given (keeps it off command lines). */
  readonly secret?: boolean;
  /** For a secret: more variables to read it from, after `CERTWRIGHT_<NAME>` (the vendor's own, such as CLOUDFLARE_API_TOKEN). */
  readonly envAliases?: readonly string[];
  /** A path to a file of secrets (a credentials file): what it holds is masked in logs as a secret value is. */
  readonly secretFile?: boolean;
  /** CLI-only spellings (`-d`, certbot's flag names). */
  readonly cliAliases?: readonly string[];
  /** A list: on the command line it may be given more than once (`-d a -d b`), and the values join. */
  readonly repeatable?: boolean;
  /** A CLI switch without a value. */
  readonly flag?: boolean;
  /** The default in action.yml when it differs (an expression such as `${{ github.token }}`). */
  readonly actionDefault?: string;
}

export const SERVER_ALIASES: Readonly<Record<string, string>> = {
  letsencrypt: 'https://acme-v02.api.letsencrypt.org/directory',
  'letsencrypt-staging': 'https://acme-staging-v02.api.letsencrypt.org/directory',
};

/** Where the CLI writes certificate files when `output-dir` is not given. */
export const DEFAULT_OUTPUT_DIR = 'certificates';

export const CORE_INPUTS: readonly InputSpec[] = [
  {
    name: 'domains',
    description:
      'Names for the certificate, separated by commas, spaces or newlines; `*.example.com` for a wildcard. The first is the subject.',
    required: true,
    cliAliases: ['d', 'domain'],
    repeatable: true,
  },
  {
    name: 'email',
    description: 'Contact e-mail(s) for the ACME account, comma-separated.',
    cliAliases: ['m'],
    repeatable: true,
  },
  {
    name: 'agree-tos',
    description: "Accept the CA's terms of service (required by most CAs to register).",
    default: 'false',
    flag: true,
  },
  {
    name: 'server',
    description: 'ACME directory URL, or `letsencrypt` / `letsencrypt-staging`.',
    default: 'letsencrypt',
  },
  {
    name: 'server-ca-file',
    description: 'PEM file of an extra CA to trust for the ACME server (a private CA, or Pebble in tests).',
  },
  { name: 'eab-kid', description: 'External Account Binding key ID from your CA.' },
  { name: 'eab-hmac-key', description: 'External Account Binding HMAC key (base64url) from your CA.', secret: true },
  {
    name: 'key-type',
    description: `Certificate key: ${KEY_TYPES.join(', ')}; \`ecdsa\` and \`rsa\` (with rsa-key-size / elliptic-curve) as in certbot.`,
    default: 'ecdsa-p256',
  },
  { name: 'rsa-key-size', description: 'With key-type `rsa`: 2048, 3072 or 4096.' },
  { name: 'elliptic-curve', description: 'With key-type `ecdsa`: secp256r1 or secp384r1.' },
  {
    name: 'cert-name',
    description: 'Name of the certificate and its output folder. Default: the first domain, without `*.`.',
  },
  {
    name: 'preferred-chain',
    description: 'Common name of the root (or issuer) to prefer when the CA offers alternate chains.',
  },
  { name: 'profile', description: "ACME profile to request, one of those in the CA's directory `meta.profiles`." },
  {
    name: 'dns-provider',
    description: 'DNS provider that writes the TXT records: see the provider table.',
    required: true,
    cliAliases: ['dns'],
  },
  {
    name: 'nameservers',
    description:
      "Authoritative servers (host:port, comma-separated) to check for propagation instead of the zone's NS set; also asked to find zones.",
    repeatable: true,
  },
  {
    name: 'resolvers',
    description:
      'Recursive resolvers (host:port, comma-separated) for zone discovery and CNAME following. Default: the system resolvers.',
    repeatable: true,
  },
  {
    name: 'propagation',
    description:
      '`check` waits until every authoritative nameserver serves the TXT values; `skip` trusts the provider.',
    default: 'check',
  },
  { name: 'propagation-timeout', description: 'Seconds to wait for propagation before failing.', default: '120' },
  {
    name: 'propagation-interval',
    description: 'Seconds between propagation checks (decimals allowed).',
    default: '0.5',
  },
  {
    name: 'output-dir',
    description:
      'Folder for the certificate files; they go to `<output-dir>/<cert-name>/`. Default: `certificates` in the CLI, `$RUNNER_TEMP/certwright` in the Action (outside the workspace, so no upload or commit picks up the key).',
  },
  {
    name: 'account-key-file',
    description: 'PEM file holding the ACME account key; created (0600) when missing. Empty: a new account each run.',
  },
  {
    name: 'pfx',
    description:
      'Also write `cert.pfx` (PKCS#12, mode 0600): the key and full chain for Windows/IIS, Azure Key Vault and Java, rewritten with the other files. Needs pfx-password.',
    default: 'false',
    flag: true,
  },
  {
    name: 'pfx-password',
    description:
      'Password of cert.pfx; required with pfx, since an empty one leaves the key readable and many Windows and Java tools refuse it.',
    secret: true,
  },
  {
    name: 'pfx-legacy',
    description:
      'Encrypt cert.pfx with 3DES and a SHA-1 MAC, for Windows Server 2016 and earlier and Java 8 before 8u301, instead of AES-256 and SHA-256 (as OpenSSL 3 writes).',
    default: 'false',
    flag: true,
  },
];

/** An input's description as action.yml, the README and `--help` show it: with its environment fallback. */
export function inputDescription(spec: InputSpec): string {
  if (spec.secretFile) return `${spec.description} The secrets in the file are masked in logs.`;
  if (!spec.secret) return spec.description;
  const variables = [optionEnvName(spec.name), ...(spec.envAliases ?? [])];
  return `${spec.description} Also read from ${variables.join(' or ')}.`;
}

export type RawInputs = Readonly<Record<string, string | undefined>>;

/**
 * Fills secret inputs that were not given from their `CERTWRIGHT_<NAME>` variables, as both
 * front ends promise (`state-key` from CERTWRIGHT_STATE_KEY, ...). Returns the names filled.
 */
export function withEnvFallbacks(
  raw: RawInputs,
  specs: readonly InputSpec[],
  env: Readonly<Record<string, string | undefined>>,
): { raw: RawInputs; filled: string[] } {
  const out: Record<string, string | undefined> = { ...raw };
  const filled: string[] = [];
  for (const spec of specs) {
    if (!spec.secret || out[spec.name]?.trim()) continue;
    const fromEnv = [optionEnvName(spec.name), ...(spec.envAliases ?? [])]
      .map((name) => env[name]?.trim())
      .find((text) => text);
    if (fromEnv) {
      out[spec.name] = fromEnv;
      filled.push(spec.name);
    }
  }
  return { raw: out, filled };
}

/** The values of the secret inputs given (after environment fallbacks): what no log and no hook may see. */
export function secretValues(raw: RawInputs, specs: readonly InputSpec[]): string[] {
  return specs
    .filter((spec) => spec.secret)
    .flatMap((spec) => (raw[spec.name]?.trim() ? [raw[spec.name]?.trim() as string] : []));
}

export function value(raw: RawInputs, name: string): string | undefined {
  const text = raw[name]?.trim();
  return text === '' ? undefined : text;
}

function list(text: string | undefined): string[] {
  return (text ?? '').split(/[\s,]+/).filter((item) => item !== '');
}

/** Parses `domains`: normalizes, and rejects invalid names, duplicates and an empty list. */
export function parseDomains(text: string | undefined): string[] {
  const names = list(text).map(normalizeName);
  if (names.length === 0)
    throw new Error('domains: empty; expected at least one name, such as example.com, *.example.com');
  const seen = new Set<string>();
  for (const name of names) {
    const problem = domainNameProblem(name);
    if (problem) throw new Error(`domains: "${name}" is not a valid certificate name: ${problem}`);
    if (seen.has(name)) throw new Error(`domains: "${name}" is listed twice; list each name once`);
    seen.add(name);
  }
  if (names.length > 100)
    throw new Error(
      `domains: ${names.length} names; CAs accept at most 100 per certificate, split them into several certificates`,
    );
  return names;
}

export function parseBoolean(raw: RawInputs, name: string): boolean {
  const text = (value(raw, name) ?? 'false').toLowerCase();
  if (['true', 'yes', '1'].includes(text)) return true;
  if (['false', 'no', '0'].includes(text)) return false;
  throw new Error(`${name}: "${text}" is not a boolean; expected true or false`);
}

function parseSeconds(raw: RawInputs, name: string, fallback: string): number {
  const text = value(raw, name) ?? fallback;
  const seconds = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || seconds <= 0)
    throw new Error(`${name}: "${text}" is not a duration; expected seconds, such as ${fallback}`);
  return Math.round(seconds * 1000);
}

export function parseKeyType(raw: RawInputs): KeyType {
  const text = (value(raw, 'key-type') ?? 'ecdsa-p256').toLowerCase();
  const rsaSize = value(raw, 'rsa-key-size');
  const curve = value(raw, 'elliptic-curve');
  let keyType: string = text;
  if (text === 'rsa') keyType = `rsa-${rsaSize ?? '2048'}`;
  if (text === 'ecdsa') {
    const curves: Record<string, string> = {
      secp256r1: 'ecdsa-p256',
      'p-256': 'ecdsa-p256',
      secp384r1: 'ecdsa-p384',
      'p-384': 'ecdsa-p384',
    };
    const mapped = curves[(curve ?? 'secp256r1').toLowerCase()];
    if (!mapped) throw new Error(`elliptic-curve: "${curve}" is not supported; expected secp256r1 or secp384r1`);
    keyType = mapped;
  }
  if (!(KEY_TYPES as readonly string[]).includes(keyType)) {
    const what =
      text === 'rsa'
        ? `rsa-key-size: "${rsaSize}" is not supported; expected 2048, 3072 or 4096`
        : `key-type: "${text}" is not supported; expected one of ${KEY_TYPES.join(', ')}, ecdsa or rsa`;
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
    throw new Error(
      `server: "${text}" is not a URL; expected an ACME directory URL such as https://acme-v02.api.letsencrypt.org/directory, or letsencrypt / letsencrypt-staging`,
    );
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new Error(`server: "${text}" is not an http(s) URL; expected an ACME directory URL`);
  }
  if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)) {
    throw new Error(
      `server: ${parsed.origin}${parsed.pathname} is plain http, which ACME does not allow (RFC 8555 §6.1: anyone on the path could change what the CA answers); use https (plain http only for a loopback test server such as 127.0.0.1)`,
    );
  }
  return url;
}

function parseEmails(raw: RawInputs): string[] {
  const emails = list(value(raw, 'email'));
  for (const email of emails) {
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
      throw new Error(`email: "${email}" is not an e-mail address; expected name@example.com`);
  }
  return emails;
}

function parseEab(raw: RawInputs): { kid: string; hmacKey: string } | undefined {
  const kid = value(raw, 'eab-kid');
  const hmacKey = value(raw, 'eab-hmac-key');
  if (!kid && !hmacKey) return undefined;
  if (!kid) throw new Error('eab-kid: missing; eab-hmac-key was given, and External Account Binding needs both');
  if (!hmacKey) throw new Error('eab-hmac-key: missing; eab-kid was given, and External Account Binding needs both');
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(hmacKey))
    throw new Error('eab-hmac-key: not base64url; paste the HMAC key exactly as your CA shows it');
  return { kid, hmacKey };
}

/** `pfx`, `pfx-password` and `pfx-legacy`: how to write cert.pfx, or undefined without pfx. */
function parsePfx(raw: RawInputs, friendlyName: string): PfxSettings | undefined {
  const legacy = parseBoolean(raw, 'pfx-legacy');
  if (!parseBoolean(raw, 'pfx')) return undefined;
  const password = value(raw, 'pfx-password');
  if (!password)
    throw new Error(
      'pfx-password: missing; expected the password for cert.pfx (or set CERTWRIGHT_PFX_PASSWORD): pfx is on, and many Windows and Java tools refuse a PFX without one',
    );
  return { password, friendlyName, legacy };
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
 * Turns raw inputs (Action inputs or CLI flags, by input name) into the engine's request for
 * one certificate. Each error names the input, quotes the value and says what is expected.
 * `provider` replaces `dns-provider` (a config file's per-zone routing).
 */
export function parseCertificateRequest(raw: RawInputs, provider?: ConfiguredProvider): CertificateRequest {
  const domains = parseDomains(value(raw, 'domains'));
  const name = value(raw, 'cert-name') ?? (domains[0] ?? '').replace(/^\*\./, '');
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    throw new Error(
      `cert-name: "${name}" is not a usable name; expected letters, digits, dots, hyphens or underscores`,
    );
  }
  const propagationMode = value(raw, 'propagation') ?? 'check';
  if (propagationMode !== 'check' && propagationMode !== 'skip') {
    throw new Error(`propagation: "${propagationMode}" is not a mode; expected check or skip`);
  }
  const eab = parseEab(raw);
  const nameservers = parseServers(raw, 'nameservers');
  const resolvers = parseServers(raw, 'resolvers');
  const trustFile = value(raw, 'server-ca-file');
  const preferredChain = value(raw, 'preferred-chain');
  const profile = value(raw, 'profile');
  const keyFile = value(raw, 'account-key-file');
  const emails = parseEmails(raw);
  const agreeTos = parseBoolean(raw, 'agree-tos');
  const pfx = parsePfx(raw, name);
  return {
    name,
    domains,
    keyType: parseKeyType(raw),
    ca: {
      directoryUrl: parseServer(raw),
      account: { emails, agreeTos, ...(eab ? { eab } : {}), ...(keyFile ? { keyFile } : {}) },
      ...(trustFile ? { trustFile } : {}),
      ...(preferredChain ? { preferredChain } : {}),
      ...(profile ? { profile } : {}),
    },
    dns: {
      provider: provider ?? parseProvider(raw),
      propagation: {
        mode: propagationMode,
        timeoutMs: parseSeconds(raw, 'propagation-timeout', '120'),
        intervalMs: parseSeconds(raw, 'propagation-interval', '0.5'),
      },
      ...(nameservers ? { nameservers } : {}),
      ...(resolvers ? { resolvers } : {}),
    },
    outputDir: value(raw, 'output-dir') ?? DEFAULT_OUTPUT_DIR,
    ...(pfx ? { pfx } : {}),
  };
}

/** Inputs of renewal mode (`certwright renew`, and the Action when `store` is set). */
export const RENEW_INPUTS: readonly InputSpec[] = [
  {
    name: 'config',
    description:
      'YAML file listing several certificates (each with its domains, and optionally a DNS provider per zone); renewed in one run with one summary.',
  },
  {
    name: 'shard',
    description:
      'With `config`: `I/N` (1 <= I <= N) handles only the certificates that a stable hash of their name puts in shard I of N, for a job matrix (`shard: ${{ matrix.shard }}/4`). `{shard}` in `store` becomes I, so each shard keeps its own state and account.',
  },
  {
    name: 'max-new-orders',
    description:
      "New orders per ACME account in any 3 hours (the state remembers earlier runs' orders); due certificates beyond it are deferred to the next run, the most urgent first, ARI renewals exempt. Let's Encrypt allows 300.",
    default: '250',
  },
  {
    name: 'store',
    description:
      'Where the encrypted state (account, certificates, keys) lives between runs: `file:PATH`; a GitHub Actions secret: `secret:NAME` (this repository), `secret:environments/ENV/NAME`, `secret:orgs/ORG/NAME`; or a workflow artifact: `artifact:NAME` (Action only). With it the Action issues once, renews when due and otherwise does nothing.',
  },
  {
    name: 'state',
    description:
      'With a secret store: the current state, i.e. the secret itself (`${{ secrets.CERTWRIGHT_STATE }}`); empty on the first run. Empty while the secret exists stops the run (a mistyped name, or a job the secret does not reach), unless state-reset is true.',
    secret: true,
  },
  {
    name: 'state-reset',
    description:
      "Start over with an empty state: what the store holds is not read, and this run's first write replaces it (a new ACME account, every certificate issued again). Without it, a state that exists but is empty or cannot be read (wrong state-key, damaged, unreadable) stops the run and is never overwritten.",
    default: 'false',
    flag: true,
  },
  {
    name: 'github-token',
    description:
      'With a secret store: a token that may write secrets (GITHUB_TOKEN cannot): a fine-grained PAT or GitHub App token with "Secrets: Read and write". With an artifact store the job token (actions: read) does.',
    secret: true,
    actionDefault: '${{ github.token }}',
  },
  {
    name: 'artifact-retention-days',
    description:
      'With an artifact store: days the state artifact is kept (1-90). An artifact past half of it is uploaded again.',
    default: '90',
  },
  {
    name: 'artifact-branch',
    description:
      'With an artifact store: the branch whose runs of this workflow may have written the state. Default: the default branch. Artifacts of forks, pull requests, other workflows and tags named like the branch are never used (a run that was not scheduled must have its commit on the branch, which takes contents: read).',
  },
  {
    name: 'github-repository',
    description:
      'With a secret store: owner/repo whose secret is written. Default: the current repository (GITHUB_REPOSITORY).',
  },
  { name: 'github-api-url', description: 'GitHub REST API URL. Default: GITHUB_API_URL, else https://api.github.com.' },
  {
    name: 'state-key',
    description:
      'Passphrase (16+ characters, always stretched with PBKDF2) or raw 256-bit key that encrypts the state. A raw key is `cwk1:` followed by 32 random bytes in base64url without padding (43 characters); anything else is a passphrase, however random it looks. A key of an earlier version (43 or 44 base64 characters) still opens the state it wrote, which is then written again with the key stretched.',
    secret: true,
  },
  { name: 'force-renewal', description: 'Renew even when not due.', default: 'false', flag: true },
  { name: 'reuse-key', description: "Keep the certificate's key when renewing.", default: 'false', flag: true },
  { name: 'dry-run', description: 'Issue against dry-run-server and save nothing.', default: 'false', flag: true },
  { name: 'dry-run-server', description: 'ACME directory for dry-run.', default: 'letsencrypt-staging' },
  {
    name: 'renew-before-days',
    description: 'Without ARI: renew this many days before expiry instead of when a third of the lifetime is left.',
  },
  {
    name: 'warn-days',
    description:
      'Warn (an annotation in the Action, a warning line in the CLI) when a certificate expires within this many days, e.g. because its renewals keep failing. Default: a tenth of its lifetime, at most 7 days; `0` warns only once it has expired.',
  },
  {
    name: 'next-run',
    description: 'When the next scheduled run starts (ISO 8601); a renewal due before it happens now.',
  },
  { name: 'schedule', description: 'Cron schedule of the renewal workflow (UTC), to work out next-run.' },
  { name: 'pre-hook', description: 'Command run before an actual renewal attempt.' },
  { name: 'post-hook', description: 'Command run after an actual renewal attempt, success or not.' },
  {
    name: 'deploy-hook',
    description: 'Command run once per new certificate, with RENEWED_LINEAGE (its folder) and RENEWED_DOMAINS.',
  },
];

/** `warn-days`, checked before anything is sent to a CA. */
export function parseWarnDays(raw: RawInputs): number | undefined {
  const text = value(raw, 'warn-days');
  if (text === undefined || text === '') return undefined;
  if (!/^\d+(\.\d+)?$/.test(text))
    throw new Error(`warn-days: "${text}" is not a number of days; expected a number such as 7`);
  return Number(text);
}

/**
 * Parses the renewal inputs into the engine's policy. The next run comes from `next-run`, else
 * `schedule` (parsed here, once), else `defaultNextRun` (the Action: its workflow's schedule).
 */
export function parseRenewalPolicy(raw: RawInputs, defaultNextRun?: (now: Date) => Date | undefined): RenewalPolicy {
  const daysText = value(raw, 'renew-before-days');
  if (daysText !== undefined && (!/^\d+$/.test(daysText) || Number(daysText) < 1)) {
    throw new Error(`renew-before-days: "${daysText}" is not a number of days; expected a whole number such as 30`);
  }
  const nextRunText = value(raw, 'next-run');
  const nextRunAt = nextRunText === undefined ? undefined : new Date(nextRunText);
  if (nextRunAt && Number.isNaN(nextRunAt.getTime()))
    throw new Error(`next-run: "${nextRunText}" is not a time; expected ISO 8601 such as 2026-11-22T04:17:00Z`);
  const scheduleText = value(raw, 'schedule');
  const schedule = scheduleText ? parseCron(scheduleText) : undefined;
  const nextRun = nextRunAt ? () => nextRunAt : schedule ? (now: Date) => nextCronRun(schedule, now) : defaultNextRun;
  const pre = value(raw, 'pre-hook');
  const post = value(raw, 'post-hook');
  const deploy = value(raw, 'deploy-hook');
  // Renewal hooks share the exec hooks' limit: one knob for every command the run starts.
  const hookTimeout = value(raw, 'exec-timeout');
  if (hookTimeout !== undefined && (!/^\d+$/.test(hookTimeout) || Number(hookTimeout) < 1)) {
    throw new Error(`exec-timeout: "${hookTimeout}" is not a duration; expected whole seconds, such as 120`);
  }
  return {
    forceRenewal: parseBoolean(raw, 'force-renewal'),
    reuseKey: parseBoolean(raw, 'reuse-key'),
    dryRun: parseBoolean(raw, 'dry-run'),
    dryRunServer: parseServer({ server: value(raw, 'dry-run-server') ?? 'letsencrypt-staging' }),
    ...(daysText !== undefined ? { renewBeforeDays: Number(daysText) } : {}),
    ...(nextRun ? { nextRun } : {}),
    hooks: {
      ...(pre ? { pre } : {}),
      ...(post ? { post } : {}),
      ...(deploy ? { deploy } : {}),
      ...(hookTimeout ? { timeoutMs: Number(hookTimeout) * 1000 } : {}),
    },
  };
}
