/**
 * acme-dns accounts as the tools that register them store them, so existing files work
 * unchanged: an object keyed by domain whose values are what `POST /register` answered —
 * certbot's acme-dns-auth.py and certbot-dns-acmedns (`/etc/letsencrypt/acmedns.json`, with
 * `allowfrom`), cert-manager's `acmedns.json`, lego's `ACME_DNS_STORAGE_PATH` file (goacmedns,
 * with `server_url`) — or a single account object, for every name CNAMEd to its fulldomain.
 * Messages never quote a password or the JSON itself.
 */
import { challengeRecordName, domainNameProblem, normalizeName } from '../../names.js';
import type { ChallengeRecord } from '../../provider.js';
import { parseJsonSecret, refusePlainHttp } from '../options.js';

/** One acme-dns account: it may update the TXT values of its own subdomain, nothing else. */
export interface AcmeDnsAccount {
  readonly username: string;
  readonly password: string;
  /** `<subdomain>.<acme-dns domain>`, lower case, no trailing dot: where `_acme-challenge` CNAMEs point. */
  readonly fulldomain: string;
  readonly subdomain: string;
  /** The API the account lives on: its own `server_url`, else `acme-dns-server`. */
  readonly server: string;
  /** The keys it is listed under (`''` for a single unkeyed account), for messages. */
  readonly names: readonly string[];
}

export interface AcmeDnsCredentials {
  /** Where they came from, for messages: `acme-dns-credentials` or `acme-dns-credentials-file (PATH)`. */
  readonly source: string;
  /**
   * By the domain registered for, without `*.` (a wildcard and its apex share `_acme-challenge`); `''`: the single
   * unkeyed account.
   */
  readonly byDomain: ReadonlyMap<string, AcmeDnsAccount>;
  /** Each account once. */
  readonly accounts: readonly AcmeDnsAccount[];
}

/** acme-dns keeps this many TXT values per subdomain: the most recent ones. */
export const VALUES_PER_ACCOUNT = 2;

const FIELDS = ['username', 'password', 'fulldomain', 'subdomain'] as const;

/** What identifies an account across entries: the server and its subdomain. */
export function accountKey(account: AcmeDnsAccount): string {
  return `${account.server} ${account.subdomain.toLowerCase()}`;
}

/** `*.Example.com.` -> `example.com`: the name an account is stored under. */
export function credentialKey(domain: string): string {
  return normalizeName(domain).replace(/^\*\./, '');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses credentials text. `defaultServer`: `acme-dns-server`, for accounts without a
 * `server_url`. Throws one line naming `source` and the entry.
 */
export function parseAcmeDnsCredentials(
  text: string,
  source: string,
  defaultServer: string | undefined,
): AcmeDnsCredentials {
  const document = parseJsonSecret(
    source,
    text,
    "the object acme-dns /register answers, keyed by domain as certbot's and lego's acme-dns files are",
  );
  if (!isObject(document))
    throw new Error(
      `${source}: not a JSON object; expected {"example.com": {"username": ..., "password": ..., "fulldomain": ` +
        '..., "subdomain": ...}}',
    );
  const single = FIELDS.some((field) => field in document);
  const entries: [string, unknown][] = single ? [['', document]] : Object.entries(document);
  if (entries.length === 0)
    throw new Error(`${source}: holds no account; register one with certwright acme-dns register -d example.com`);
  const byDomain = new Map<string, AcmeDnsAccount>();
  const accounts = new Map<string, AcmeDnsAccount>();
  const listedAs = new Map<string, string>();
  for (const [rawKey, entry] of entries) {
    const key = single ? '' : credentialKey(rawKey);
    const label = single ? 'the account' : `the entry for "${rawKey}"`;
    if (!single) {
      const problem = domainNameProblem(key);
      if (problem)
        throw new Error(
          `${source}: key "${rawKey}" is not a domain name (${problem}); expected entries such as "example.com": {...}`,
        );
    }
    const parsed = accountFrom(entry, label, source, defaultServer);
    const known = accounts.get(accountKey(parsed));
    const earlier = byDomain.get(key);
    if (earlier && accountKey(earlier) !== accountKey(parsed)) {
      throw new Error(
        `${source}: keys "${listedAs.get(key)}" and "${rawKey}" both name ${key} ` +
          `(a wildcard and its apex share _acme-challenge.${key}, so one account); keep one`,
      );
    }
    const account = { ...(known ?? parsed), names: [...new Set([...(known?.names ?? []), key])] };
    accounts.set(accountKey(account), account);
    byDomain.set(key, account);
    listedAs.set(key, rawKey);
  }
  // Entries point at the final account objects (with every name they are listed under).
  for (const [key, account] of byDomain) byDomain.set(key, accounts.get(accountKey(account)) as AcmeDnsAccount);
  return { source, byDomain, accounts: [...accounts.values()] };
}

function accountFrom(entry: unknown, label: string, source: string, defaultServer: string | undefined): AcmeDnsAccount {
  if (!isObject(entry))
    throw new Error(
      `${source}: ${label} is not an object; ` +
        'expected {"username", "password", "fulldomain", "subdomain"} as acme-dns /register answers',
    );
  const fields: Record<string, string> = {};
  for (const field of FIELDS) {
    const value = entry[field];
    if (typeof value !== 'string' || value.trim() === '') {
      throw new Error(
        `${source}: ${label} has no ${field}; ` +
          'expected "username", "password", "fulldomain" and "subdomain" as acme-dns /register answers',
      );
    }
    fields[field] = value.trim();
  }
  const fulldomain = normalizeName(fields.fulldomain as string);
  if (!/^[a-z0-9_-]+(\.[a-z0-9_-]+)+$/.test(fulldomain))
    throw new Error(`${source}: ${label} has fulldomain "${fields.fulldomain}", which is not a domain name`);
  const server = serverOf(entry.server_url, label, source) ?? defaultServer;
  if (!server) {
    throw new Error(
      'acme-dns-server: missing; expected the acme-dns API URL, ' +
        `such as https://auth.acme-dns.io (${label} in ${source} carries no server_url)`,
    );
  }
  return {
    username: fields.username as string,
    password: fields.password as string,
    fulldomain,
    subdomain: fields.subdomain as string,
    server,
    names: [],
  };
}

const EXAMPLE_SERVER = 'https://auth.acme-dns.io';

function serverOf(value: unknown, label: string, source: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const problem = `${source}: ${label} has a server_url that is not an http(s) URL; expected such as ${EXAMPLE_SERVER}`;
  if (typeof value !== 'string') throw new Error(problem);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(problem);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) throw new Error(problem);
  refusePlainHttp(`${source}: server_url of ${label}`, url, 'the account password');
  return value.replace(/\/+$/, '');
}

/** `a, b and 3 more`. */
function brief(names: readonly string[]): string {
  return names.length <= 4 ? names.join(', ') : `${names.slice(0, 4).join(', ')} and ${names.length - 4} more`;
}

/** The one line for more challenge values on one account than acme-dns keeps. */
export function tooManyValues(account: AcmeDnsAccount, domains: readonly string[]): string {
  return (
    `acme-dns: ${domains.length} names of this certificate need TXT values on one acme-dns account ` +
    `(${account.fulldomain}: ${brief(domains)}), ` +
    `but acme-dns keeps only the ${VALUES_PER_ACCOUNT} most recent, so the CA could not see them all; ` +
    'split the certificate (a name and its wildcard per account) or use separate acme-dns accounts ' +
    '(certwright acme-dns register -d NAME)'
  );
}

/**
 * Before anything is sent: the certificate's names that share a keyed account, if more than
 * acme-dns keeps values for. Names without an entry are left to `accountForRecord` (they may
 * reach an account through their CNAME, or belong to another provider's zone).
 */
export function sharedAccountProblem(credentials: AcmeDnsCredentials, domains: readonly string[]): string | undefined {
  const byAccount = new Map<AcmeDnsAccount, string[]>();
  for (const domain of new Set(domains.map((d) => normalizeName(d)))) {
    const account = credentials.byDomain.get(credentialKey(domain));
    if (account) byAccount.set(account, [...(byAccount.get(account) ?? []), domain]);
  }
  const crowded = [...byAccount].find(([, names]) => names.length > VALUES_PER_ACCOUNT);
  return crowded ? tooManyValues(crowded[0], crowded[1]) : undefined;
}

/**
 * The account a record is for. The DNS core followed `_acme-challenge.<domain>` through its
 * CNAME, so `record.fqdn` is an account's fulldomain when the delegation is in place: that
 * account, preferring the one listed under the record's domain. Otherwise the delegation is
 * missing or points elsewhere, which acme-dns cannot fix: the error says which CNAME to create.
 */
export function accountForRecord(credentials: AcmeDnsCredentials, record: ChallengeRecord): AcmeDnsAccount {
  const fqdn = normalizeName(record.fqdn);
  const key = credentialKey(record.domain);
  const entry = credentials.byDomain.get(key) ?? credentials.byDomain.get('');
  if (entry?.fulldomain === fqdn) return entry;
  const target = credentials.accounts.find((account) => account.fulldomain === fqdn);
  if (target) return target;
  const name = challengeRecordName(key);
  if (entry) {
    const now = fqdn === name ? `${name} is not a CNAME` : `${name} leads to ${fqdn}`;
    return fail(
      `acme-dns: ${now}, but the acme-dns account for ${key} is ${entry.fulldomain}; ` +
        `create the record "${name}. CNAME ${entry.fulldomain}." in the zone of ${key} (once), then run again`,
    );
  }
  return fail(
    `acme-dns: ${credentials.source} has no account for ${key}, and ${fqdn} is no account's fulldomain; ` +
      `register one with certwright acme-dns register -d ${key}, create the CNAME it prints and add the credentials`,
  );
}

function fail(message: string): never {
  throw new Error(message);
}
