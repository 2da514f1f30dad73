import { KEY_TYPES, type KeyType } from '../crypto/keys.js';
import type { PfxSettings } from '../crypto/pkcs12.js';
import { parseServerAddress, type ServerAddress } from '../dns/address.js';
import { domainNameProblem, normalizeName } from '../dns/names.js';
import type { ConfiguredProvider } from '../dns/provider.js';
import { PROVIDERS } from '../dns/providers/index.js';
import { inOrder, type FilePlacement, type OptionSpec, type OptionValues } from '../options/option.js';
import { booleanOption, optionalOption, parseUrl, secondsOption, splitList } from '../options/parse.js';
import type { AccountSettings, CaSettings, CertificateRequest } from '../issue/request.js';
import { NOTIFY_OPTIONS } from '../notify/options.js';
import type { RenewalPolicy } from '../renewal/policy.js';
import { nextCronRun, parseCron } from '../renewal/schedule.js';
import { errorMessage } from '../runtime.js';
import { storeOptions } from '../store/kinds.js';

export {
  optionDescription as inputDescription,
  secretValues,
  withEnvFallbacks,
  type FileLevel,
} from '../options/option.js';

/** A setting of the Action and the CLI: the option model's type, as the input tables name it. */
export type InputSpec = OptionSpec;

export const SERVER_ALIASES: Readonly<Record<string, string>> = {
  letsencrypt: 'https://acme-v02.api.letsencrypt.org/directory',
  'letsencrypt-staging': 'https://acme-staging-v02.api.letsencrypt.org/directory',
};

/** Where the CLI writes certificate files when `output-dir` is not given. */
export const DEFAULT_OUTPUT_DIR = 'certificates';

export const CORE_INPUTS: readonly InputSpec[] = [
  {
    name: 'domains',
    kind: 'list',
    description:
      'Names for the certificate, separated by commas, spaces or newlines; `*.example.com` for a wildcard. The first ' +
      'is the subject.',
    required: true,
    cliAliases: ['d', 'domain'],
    repeatable: true,
  },
  {
    name: 'email',
    kind: 'list',
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
    kind: 'url',
    description:
      'ACME directory URL, or `letsencrypt` / `letsencrypt-staging`. A list (commas or newlines; CLI: repeat ' +
      '`--server`) names fallback CAs, tried in order when the one before is unreachable, keeps failing with 5xx or ' +
      'is rate limited; eab-kid / eab-hmac-key then go to the CAs that require EAB.',
    default: 'letsencrypt',
    repeatable: true,
  },
  {
    name: 'server-ca-file',
    description: 'PEM file of an extra CA to trust for the ACME server (a private CA, or Pebble in tests).',
  },
  { name: 'eab-kid', description: 'External Account Binding key ID from your CA.' },
  { name: 'eab-hmac-key', description: 'External Account Binding HMAC key (base64url) from your CA.', secret: true },
  {
    name: 'key-type',
    description:
      `Certificate key: ${KEY_TYPES.join(', ')}; \`ecdsa\` and \`rsa\` (with rsa-key-size / ` +
      `elliptic-curve) as in certbot.`,
    default: 'ecdsa-p256',
  },
  { name: 'rsa-key-size', kind: 'integer', description: 'With key-type `rsa`: 2048, 3072 or 4096.' },
  { name: 'elliptic-curve', description: 'With key-type `ecdsa`: secp256r1 or secp384r1.' },
  {
    name: 'cert-name',
    description: 'Name of the certificate and its output folder. Default: the first domain, without `*.`.',
  },
  {
    name: 'preferred-chain',
    description: 'Common name of the root (or issuer) to prefer when the CA offers alternate chains.',
  },
  {
    name: 'profile',
    description:
      "ACME profile to request, one of those in the CA's directory `meta.profiles`; strict: the run fails " +
      'when the CA does not offer it. A changed profile renews.',
  },
  {
    name: 'preferred-profile',
    description:
      "ACME profile to request when the CA offers it (`meta.profiles`); otherwise the CA's default profile, " +
      'with a warning. Not with `profile`.',
  },
  {
    name: 'dns-provider',
    description: 'DNS provider that writes the TXT records: see the provider table.',
    required: true,
    cliAliases: ['dns'],
    // A zone of a config file's entry names its own provider.
    file: { levels: ['top', 'certificate', 'zone'] },
  },
  {
    name: 'nameservers',
    kind: 'list',
    description:
      'Authoritative servers (host:port, comma-separated) to check for propagation instead of ' +
      "the zone's NS set; also asked to find zones.",
    repeatable: true,
  },
  {
    name: 'resolvers',
    kind: 'list',
    description:
      'Recursive resolvers (host:port, comma-separated) for zone discovery and CNAME following. Default: the system ' +
      'resolvers.',
    repeatable: true,
  },
  {
    name: 'propagation',
    description:
      '`check` waits until every authoritative nameserver serves the TXT values; `skip` trusts the provider.',
    default: 'check',
  },
  {
    name: 'propagation-timeout',
    kind: 'seconds',
    description: 'Seconds to wait for propagation before failing.',
    default: '120',
  },
  {
    name: 'propagation-interval',
    kind: 'seconds',
    description: 'Seconds between propagation checks (decimals allowed).',
    default: '0.5',
  },
  {
    name: 'output-dir',
    description:
      'Folder for the certificate files; they go to `<output-dir>/<cert-name>/`. Default: `certificates` in the CLI, ' +
      '`$RUNNER_TEMP/certwright` in the Action (outside the workspace, so no upload or commit picks up the key).',
  },
  {
    name: 'account-key-file',
    description: 'PEM file holding the ACME account key; created (0600) when missing. Empty: a new account each run.',
  },
  {
    name: 'pfx',
    description:
      'Also write `cert.pfx` (PKCS#12, mode 0600): the key and full chain for Windows/IIS, Azure Key Vault and Java, ' +
      'rewritten with the other files. Needs pfx-password.',
    default: 'false',
    flag: true,
  },
  {
    name: 'pfx-password',
    description:
      'Password of cert.pfx; required with pfx, since an empty one leaves the key readable and many Windows and Java ' +
      'tools refuse it.',
    secret: true,
  },
  {
    name: 'pfx-legacy',
    description:
      'Encrypt cert.pfx with 3DES and a SHA-1 MAC, for Windows Server 2016 and earlier and Java 8 before 8u301, ' +
      'instead of AES-256 and SHA-256 (as OpenSSL 3 writes).',
    default: 'false',
    flag: true,
  },
];

export type RawInputs = OptionValues;

/** The value of input `name`, trimmed; undefined when it is missing or blank. */
export const value = optionalOption;

/** Parses `domains`: normalizes, and rejects invalid names, duplicates and an empty list. */
export function parseDomains(text: string | undefined): string[] {
  const names = splitList(text).map(normalizeName);
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

/** A switch: false unless given as true (yes, 1). */
export function parseBoolean(raw: RawInputs, name: string): boolean {
  return booleanOption(raw, name, false);
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

const SERVER_URL_RULE = {
  expected:
    'an ACME directory URL such as https://acme-v02.api.letsencrypt.org/directory, or letsencrypt / ' +
    'letsencrypt-staging',
  plainHttp: 'which ACME does not allow (RFC 8555 §6.1: anyone on the path could change what the CA answers)',
  loopback: 'a loopback test server',
};

/**
 * `server` (or `dry-run-server`): one ACME directory, or an ordered list of them (commas or newlines, the CLI's
 * repeated flag), each a URL or one of SERVER_ALIASES, https (RFC 8555 §6.1) unless it is a loopback test server.
 */
export function parseServerList(raw: RawInputs, input = 'server', otherwise = 'letsencrypt'): string[] {
  const urls = splitList(value(raw, input) ?? otherwise).map((text) =>
    parseUrl(input, SERVER_ALIASES[text] ?? text, SERVER_URL_RULE),
  );
  const twice = urls.find((url, index) => urls.indexOf(url) !== index);
  if (twice) throw new Error(`${input}: ${twice} is listed twice; list each CA once, in the order to try them`);
  return urls;
}

/** The first CA of `server`: where account commands and a single-CA run go. */
function parseServer(raw: RawInputs): string {
  return parseServerList(raw)[0] as string;
}

/** An External Account Binding as a config file's `server` item gives it (`SERVER_EAB_KEY`). */
interface ServerEabItem {
  readonly server: string;
  readonly kid?: string;
  readonly hmacKey?: string;
}

/**
 * Where a config file's `server` list puts its items' own EAB (`{url, eab-kid, eab-hmac-key}`): JSON, by the
 * item's server; not an input of its own.
 */
export const SERVER_EAB_KEY = 'server-eab';

/** Each CA's own EAB from a config file's `server` list, by directory URL, checked as eab-kid / eab-hmac-key are. */
function perServerEab(raw: RawInputs): Map<string, Eab> {
  const items = JSON.parse(value(raw, SERVER_EAB_KEY) ?? '[]') as ServerEabItem[];
  const byUrl = new Map<string, Eab>();
  for (const item of items) {
    const url = parseUrl('server', SERVER_ALIASES[item.server] ?? item.server, SERVER_URL_RULE);
    try {
      const eab = parseEab({ 'eab-kid': item.kid, 'eab-hmac-key': item.hmacKey });
      if (eab) byUrl.set(url, eab);
    } catch (error) {
      throw new Error(`server: ${url}: ${errorMessage(error)}`, { cause: error });
    }
  }
  return byUrl;
}

/**
 * The CAs of a request: the first with its account's EAB, the others as fallbacks. A single server gets
 * eab-kid / eab-hmac-key as always; in a list they go only to the CAs whose directory requires EAB (Let's Encrypt
 * takes none), and a config file's item may carry its own.
 */
function parseCaServers(raw: RawInputs): Pick<CaSettings, 'directoryUrl' | 'fallbacks'> & {
  account: Pick<AccountSettings, 'eab' | 'eabIfRequired'>;
} {
  const [first, ...rest] = parseServerList(raw) as [string, ...string[]];
  const shared = parseEab(raw);
  const own = perServerEab(raw);
  const eabOf = (url: string, alone: boolean): Pick<AccountSettings, 'eab' | 'eabIfRequired'> => {
    const mine = own.get(url) ?? (alone ? shared : undefined);
    if (mine) return { eab: mine };
    return shared ? { eabIfRequired: shared } : {};
  };
  return {
    directoryUrl: first,
    account: eabOf(first, rest.length === 0),
    ...(rest.length > 0 ? { fallbacks: rest.map((url) => ({ directoryUrl: url, ...eabOf(url, false) })) } : {}),
  };
}

function parseEmails(raw: RawInputs): string[] {
  const emails = splitList(value(raw, 'email'));
  for (const email of emails) {
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
      throw new Error(`email: "${email}" is not an e-mail address; expected name@example.com`);
  }
  return emails;
}

type Eab = { kid: string; hmacKey: string };

function parseEab(raw: RawInputs): Eab | undefined {
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
      'pfx-password: missing; expected the password for cert.pfx (or set CERTWRIGHT_PFX_PASSWORD): pfx is on, and ' +
        'many Windows and Java tools refuse a PFX without one',
    );
  return { password, friendlyName, legacy };
}

function parseServers(raw: RawInputs, name: string): ServerAddress[] | undefined {
  const items = splitList(value(raw, name));
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
export function parseCertificateRequest(
  raw: RawInputs,
  provider?: ConfiguredProvider,
  /** parseCertificateSettings of these inputs, when the caller has it already. */
  settings?: CertificateSettings,
): CertificateRequest {
  const { name, domains } = parseCertificateNames(raw);
  const pfx = parsePfx(raw, name);
  return { name, domains, ...(settings ?? parseCertificateSettings(raw, provider)), ...(pfx ? { pfx } : {}) };
}

/** A certificate's names: `domains`, and `cert-name` (by default the first domain without its `*.`). */
export function parseCertificateNames(raw: RawInputs): Pick<CertificateRequest, 'name' | 'domains'> {
  const domains = parseDomains(value(raw, 'domains'));
  const name = value(raw, 'cert-name') ?? (domains[0] ?? '').replace(/^\*\./, '');
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    throw new Error(
      `cert-name: "${name}" is not a usable name; expected letters, digits, dots, hyphens or underscores`,
    );
  }
  return { name, domains };
}

/** A certificate's request without its names and PFX settings. */
export type CertificateSettings = Omit<CertificateRequest, 'name' | 'domains' | 'pfx'>;

/** The inputs that name a certificate; parseCertificateSettings never reads them. */
export const CERTIFICATE_NAME_INPUTS = ['domains', 'cert-name'] as const;

/**
 * What a certificate's request holds besides its names and PFX settings: the CA, the key type,
 * DNS and the output folder. It reads no CERTIFICATE_NAME_INPUTS, so entries of a config file
 * that differ only in their names share one (parsed once, not once per certificate).
 */
export function parseCertificateSettings(raw: RawInputs, provider?: ConfiguredProvider): CertificateSettings {
  const propagationMode = value(raw, 'propagation') ?? 'check';
  if (propagationMode !== 'check' && propagationMode !== 'skip') {
    throw new Error(`propagation: "${propagationMode}" is not a mode; expected check or skip`);
  }
  const servers = parseCaServers(raw);
  const nameservers = parseServers(raw, 'nameservers');
  const resolvers = parseServers(raw, 'resolvers');
  const trustFile = value(raw, 'server-ca-file');
  const preferredChain = value(raw, 'preferred-chain');
  const profile = value(raw, 'profile');
  const preferredProfile = value(raw, 'preferred-profile');
  if (profile && preferredProfile)
    throw new Error('preferred-profile: set either profile (strict) or preferred-profile (with a fallback), not both');
  const keyFile = value(raw, 'account-key-file');
  const emails = parseEmails(raw);
  const agreeTos = parseBoolean(raw, 'agree-tos');
  return {
    keyType: parseKeyType(raw),
    ca: {
      ...servers,
      account: { emails, agreeTos, ...servers.account, ...(keyFile ? { keyFile } : {}) },
      ...(trustFile ? { trustFile } : {}),
      ...(preferredChain ? { preferredChain } : {}),
      ...(profile ? { profile } : {}),
      ...(preferredProfile ? { preferredProfile } : {}),
    },
    dns: {
      provider: provider ?? parseProvider(raw),
      propagation: {
        mode: propagationMode,
        timeoutMs: secondsOption(raw, 'propagation-timeout', '120'),
        intervalMs: secondsOption(raw, 'propagation-interval', '0.5'),
      },
      ...(nameservers ? { nameservers } : {}),
      ...(resolvers ? { resolvers } : {}),
    },
    outputDir: value(raw, 'output-dir') ?? DEFAULT_OUTPUT_DIR,
  };
}

/** Where a renewal input that sets a certificate's own policy may stand in a config file. */
const PER_CERTIFICATE: FilePlacement = { levels: ['top', 'certificate'] };

/**
 * A renewal input a config file sets once for the whole run, at its top level, and why it cannot differ per
 * certificate.
 */
const runWide = (why: string): FilePlacement => ({ levels: ['top'], runWide: why });

/** Inputs of renewal mode (`certwright renew`, and the Action when `store` is set), the stores' settings among them. */
export const RENEW_INPUTS: readonly InputSpec[] = [
  {
    name: 'config',
    description:
      'YAML file listing several certificates (each with its domains, and optionally a DNS provider per zone); ' +
      'renewed in one run with one summary.',
    file: { refused: 'a config file cannot name another one; give config to the step (CLI: --config)' },
  },
  {
    name: 'shard',
    description:
      'With `config`: `I/N` (1 <= I <= N) handles only the certificates that a stable hash of their name puts in ' +
      'shard I of N, for a job matrix (`shard: ${{ matrix.shard }}/4`). `{shard}` in `store` becomes I, so each ' +
      'shard keeps its own state and account.',
    file: {
      refused:
        'each job of the matrix has its own shard, while all of them read the same file; give it to the step (shard: ' +
        '${{ matrix.shard }}/N; CLI: --shard)',
    },
  },
  {
    name: 'max-new-orders',
    kind: 'integer',
    description:
      "New orders per ACME account in any 3 hours (the state remembers earlier runs' orders); due certificates " +
      "beyond it are deferred to the next run, the most urgent first, ARI renewals exempt. Let's Encrypt allows 300.",
    default: '250',
    file: runWide("it is the order budget of the run's ACME account"),
  },
  // The stores' settings (src/store): in this order in the tables, a new store's after them.
  ...inOrder(storeOptions(), [
    'store',
    'state',
    'state-reset',
    'github-token',
    'artifact-retention-days',
    'artifact-branch',
    'github-repository',
    'github-api-url',
    'state-key',
  ]),
  {
    name: 'force-renewal',
    description: 'Renew even when not due.',
    default: 'false',
    flag: true,
    file: PER_CERTIFICATE,
  },
  {
    name: 'reuse-key',
    description: "Keep the certificate's key when renewing.",
    default: 'false',
    flag: true,
    file: PER_CERTIFICATE,
  },
  {
    name: 'account-rollover',
    description:
      'Replace the ACME account key at the CA (RFC 8555 §7.3.5) and in the state, at the start of this run, before ' +
      'any order; the account and its certificates stay. Needs a store. Set it for one run (a manual dispatch), not ' +
      'on a schedule: every run with it rolls the key over again.',
    default: 'false',
    flag: true,
    file: runWide("it replaces the key of the run's ACME account"),
  },
  {
    name: 'dry-run',
    description: 'Issue against dry-run-server and save nothing.',
    default: 'false',
    flag: true,
    file: runWide('a dry run saves nothing, for every certificate of the run'),
  },
  {
    name: 'dry-run-server',
    kind: 'url',
    description: 'ACME directory for dry-run; like server, a list tries the next when one is down or rate limited.',
    repeatable: true,
    default: 'letsencrypt-staging',
    file: PER_CERTIFICATE,
  },
  {
    name: 'renew-before-days',
    kind: 'integer',
    description: 'Without ARI: renew this many days before expiry instead of when a third of the lifetime is left.',
    file: PER_CERTIFICATE,
  },
  {
    name: 'warn-days',
    description:
      'Warn (an annotation in the Action, a warning line in the CLI) when a certificate expires within this many ' +
      'days, e.g. because its renewals keep failing. Default: a tenth of its lifetime, at most 7 days; `0` warns ' +
      'only once it has expired.',
    file: runWide("it is read for the run's report"),
  },
  // Webhooks and the heartbeat (src/notify): the step's own, since their URLs are secrets.
  ...NOTIFY_OPTIONS,
  {
    name: 'next-run',
    description: 'When the next scheduled run starts (ISO 8601); a renewal due before it happens now.',
    file: PER_CERTIFICATE,
  },
  {
    name: 'schedule',
    description: 'Cron schedule of the renewal workflow (UTC), to work out next-run.',
    file: PER_CERTIFICATE,
  },
  { name: 'pre-hook', description: 'Command run before an actual renewal attempt.', file: PER_CERTIFICATE },
  {
    name: 'post-hook',
    description: 'Command run after an actual renewal attempt, success or not.',
    file: PER_CERTIFICATE,
  },
  {
    name: 'deploy-hook',
    description: 'Command run once per new certificate, with RENEWED_LINEAGE (its folder) and RENEWED_DOMAINS.',
    file: PER_CERTIFICATE,
  },
];

/** `dry-run-server`: the CA of a dry run, and like `server` a list of fallbacks after it. */
function dryRunServers(raw: RawInputs): Pick<RenewalPolicy, 'dryRunServer' | 'dryRunFallbacks'> {
  const [first, ...rest] = parseServerList(raw, 'dry-run-server', 'letsencrypt-staging') as [string, ...string[]];
  return { dryRunServer: first, ...(rest.length > 0 ? { dryRunFallbacks: rest } : {}) };
}

/** `warn-days`, checked before anything is sent to a CA. */
/** The CA and its account alone (`certwright account`): no certificate, no DNS. */
export function parseAccountCa(raw: RawInputs): CaSettings {
  const trustFile = value(raw, 'server-ca-file');
  const keyFile = value(raw, 'account-key-file');
  const eab = parseEab(raw);
  return {
    directoryUrl: parseServer(raw),
    account: {
      emails: parseEmails(raw),
      agreeTos: parseBoolean(raw, 'agree-tos'),
      ...(eab ? { eab } : {}),
      ...(keyFile ? { keyFile } : {}),
    },
    ...(trustFile ? { trustFile } : {}),
  };
}

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
    ...dryRunServers(raw),
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
