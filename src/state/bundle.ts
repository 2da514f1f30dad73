import { derToPem, pemToDer } from '../crypto/pem.js';
import type { KeyType } from '../crypto/keys.js';
import type { ChallengeRecord } from '../dns/provider.js';

/**
 * The bundle format this certwright writes. Older versions are migrated on load; newer ones
 * refused. Version 2 stores keys and certificates as DER (base64), each issuing CA certificate
 * once for all lineages, dates as seconds, and the certificate facts the no-op check needs.
 */
export const BUNDLE_VERSION = 2;

/** Serials kept per lineage (newest last): enough to tell what was issued lately, bounded. */
export const HISTORY_KEPT = 5;

/** An ACME account, one per directory URL. */
export interface AccountState {
  readonly url: string;
  /** PKCS#8 PEM. */
  readonly keyPem: string;
  /**
   * A key rollover under way (RFC 8555 §7.3.5), PKCS#8 PEM: written before the CA is asked, so whichever key the CA
   * holds after a crash, the state has it. The next run keeps the one the CA knows.
   */
  readonly pendingKeyPem?: string;
}

/** The ARI window (RFC 9773 §4.2) as last fetched, and when the CA allows asking again. */
export interface RenewalInfoState {
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly explanationUrl?: string;
  readonly fetchedAt: string;
  /** Do not ask before this time (the response's Retry-After). */
  readonly retryAfter: string;
}

/** That the current certificate was revoked (`certwright revoke`): the next renewal replaces it. */
export interface RevocationState {
  /** ISO 8601. */
  readonly at: string;
  /** The RFC 5280 reason, by name (`superseded`, `keycompromise`, ...). */
  readonly reason: string;
}

export interface IssuedSerial {
  readonly serial: string;
  readonly notBefore: string;
  readonly notAfter: string;
}

/**
 * A lineage (certbot's word): a named certificate with what it takes to renew it. The
 * provider is named, never configured: DNS credentials stay out of the bundle.
 */
export interface Lineage {
  readonly name: string;
  readonly domains: readonly string[];
  readonly keyType: KeyType;
  readonly server: string;
  readonly provider: string;
  readonly profile?: string;
  /** PKCS#8 PEM of the current certificate's key. */
  readonly keyPem: string;
  /** The current chain, leaf first. */
  readonly chainPem: string;
  /** Newest last. */
  readonly history: readonly IssuedSerial[];
  readonly renewalInfo?: RenewalInfoState;
  /** What the no-op check needs of the current certificate, read once so it is never parsed again. */
  readonly facts?: CertificateFacts;
  /** Set when the current certificate was revoked; a new certificate comes without it. */
  readonly revoked?: RevocationState;
  /** What each deploy target holds, by its key (`acm:eu-west-1`): a no-op run calls none that holds the serial. */
  readonly deployed?: Readonly<Record<string, DeployedState>>;
}

/** What one deploy target holds of a lineage (src/deploy/target.ts's DeployedRecord, as the state keeps it). */
export interface DeployedState {
  /** Serial (lower-case hex) of the certificate the target holds. */
  readonly serial: string;
  /** The target's own identifier: an ARN, a secret's name, a version. */
  readonly id: string;
  /** More identifiers worth showing; never a secret. */
  readonly details?: Readonly<Record<string, string>>;
  /** When it was deployed, epoch milliseconds. */
  readonly at: number;
}

/** The current certificate's facts beyond its history entry (serial and dates). */
export interface CertificateFacts {
  readonly subject: string;
  readonly issuer: string;
  /** Its DNS names, as the certificate lists them. */
  readonly domains: readonly string[];
  /** Its ARI certificate ID (RFC 9773 §4.1); null when it has no authority key identifier. */
  readonly ariId: string | null;
}

/** TXT records a run created and has not removed yet, for the next run to clean up after a crash. */
export interface PendingCleanup {
  /** The certificate whose providers made the records (absent in bundles of certwright 0.1). */
  readonly certName?: string;
  readonly provider: string;
  readonly records: readonly ChallengeRecord[];
  readonly createdAt: string;
}

export interface StateBundle {
  readonly version: number;
  readonly accounts: Readonly<Record<string, AccountState>>;
  readonly lineages: Readonly<Record<string, Lineage>>;
  readonly pendingCleanup: readonly PendingCleanup[];
  /** When this state's runs created new orders lately (ms), by directory URL: the order budget's memory. */
  readonly orders?: Readonly<Record<string, readonly number[]>>;
}

export function emptyBundle(): StateBundle {
  return { version: BUNDLE_VERSION, accounts: {}, lineages: {}, pendingCleanup: [] };
}

type Check = (value: unknown, path: string) => void;

function fail(path: string, expected: string): never {
  throw new Error(
    `state: the bundle is not valid: ${path} should be ${expected}; restore it from a backup, or set state-reset: ` +
      `true to start over with an empty state`,
  );
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const string: Check = (v, p) => void (typeof v === 'string' || fail(p, 'a string'));
const optionalString: Check = (v, p) => void (v === undefined || typeof v === 'string' || fail(p, 'a string'));
const pem =
  (label: string): Check =>
  (v, p) =>
    void ((typeof v === 'string' && v.includes(`-----BEGIN ${label}`)) || fail(p, `a PEM ${label.toLowerCase()}`));

function fields(value: unknown, path: string, checks: Record<string, Check>): void {
  if (!isObject(value)) fail(path, 'an object');
  for (const [name, check] of Object.entries(checks)) check(value[name], `${path}.${name}`);
}

function arrayOf(check: Check): Check {
  return (v, p) => {
    if (!Array.isArray(v)) fail(p, 'a list');
    v.forEach((item, i) => check(item, `${p}[${i}]`));
  };
}

function recordOf(check: Check): Check {
  return (v, p) => {
    if (!isObject(v)) fail(p, 'an object');
    for (const [key, item] of Object.entries(v)) check(item, `${p}["${key}"]`);
  };
}

const revokedCheck: Check = (r, rp) => r === undefined || fields(r, rp, { at: string, reason: string });

const number: Check = (v, p) => void (typeof v === 'number' || fail(p, 'a number'));

/** `deployed`: optional, a record per target key (bundles before deploy targets have none). */
const deployedCheck: Check = (d, dp) =>
  d === undefined ||
  recordOf((r, rp) =>
    fields(r, rp, {
      serial: string,
      id: string,
      at: number,
      details: (x, xp) => x === undefined || recordOf(string)(x, xp),
    }),
  )(d, dp);

const lineageCheck: Check = (v, p) =>
  fields(v, p, {
    name: string,
    domains: arrayOf(string),
    keyType: string,
    server: string,
    provider: string,
    profile: optionalString,
    keyPem: pem('PRIVATE KEY'),
    chainPem: pem('CERTIFICATE'),
    history: arrayOf((h, hp) => fields(h, hp, { serial: string, notBefore: string, notAfter: string })),
    renewalInfo: (r, rp) =>
      r === undefined ||
      fields(r, rp, {
        windowStart: string,
        windowEnd: string,
        fetchedAt: string,
        retryAfter: string,
        explanationUrl: optionalString,
      }),
    revoked: revokedCheck,
    deployed: deployedCheck,
  });

const recordCheck: Check = (v, p) =>
  fields(v, p, { domain: string, fqdn: string, zone: string, value: string, ref: optionalString });

/**
 * Parses and validates a decrypted bundle (version 1 or 2). A bundle from a newer certwright is
 * refused rather than half-understood and written back without what it did not know.
 */
export function parseBundle(text: string): StateBundle {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(
      'state: the decrypted bundle is not JSON; it is corrupted, restore it from a backup, or set state-reset: true ' +
        'to start over with an empty state',
    );
  }
  if (!isObject(value) || typeof value.version !== 'number') fail('bundle', 'an object with a numeric version');
  if (value.version > BUNDLE_VERSION) {
    throw new Error(
      `state: the bundle was written by a newer certwright (bundle version ${value.version}, this one reads up to ` +
        `${BUNDLE_VERSION}); upgrade certwright`,
    );
  }
  const pendingCleanup = arrayOf((c, cp) =>
    fields(c, cp, { certName: optionalString, provider: string, createdAt: string, records: arrayOf(recordCheck) }),
  );
  if (value.version === 1) {
    fields(value, 'bundle', {
      accounts: recordOf((a, ap) => fields(a, ap, { url: string, keyPem: pem('PRIVATE KEY') })),
      lineages: recordOf(lineageCheck),
      pendingCleanup,
    });
    return { ...(value as unknown as StateBundle), version: BUNDLE_VERSION };
  }
  fields(value, 'bundle', {
    accounts: recordOf((a, ap) => fields(a, ap, { url: string, key: string, pendingKey: optionalString })),
    issuers: arrayOf(string),
    lineages: recordOf(compactLineageCheck),
    pendingCleanup,
    orders: (o, op) =>
      o === undefined || recordOf(arrayOf((n, np) => void (typeof n === 'number' || fail(np, 'a number'))))(o, op),
  });
  return expand(value as unknown as CompactBundle);
}

/** Version 2 on disk. */
interface CompactBundle {
  readonly version: 2;
  readonly accounts: Readonly<
    Record<string, { readonly url: string; readonly key: string; readonly pendingKey?: string }>
  >;
  /** Every CA certificate of every chain, once (base64 DER). */
  readonly issuers: readonly string[];
  readonly lineages: Readonly<Record<string, CompactLineage>>;
  readonly pendingCleanup: readonly PendingCleanup[];
  /** Recent new orders per directory URL, Unix seconds. */
  readonly orders?: Readonly<Record<string, readonly number[]>>;
}

interface CompactLineage {
  readonly domains: readonly string[];
  readonly keyType: KeyType;
  readonly server: string;
  readonly provider: string;
  readonly profile?: string;
  /** PKCS#8 DER, base64. */
  readonly key: string;
  /** The leaf, DER, base64. */
  readonly cert: string;
  /** Indexes into `issuers`, in chain order. */
  readonly chain: readonly number[];
  /** [serial, notBefore, notAfter] with dates in Unix seconds, newest last. */
  readonly history: readonly (readonly [string, number, number])[];
  readonly renewalInfo?: RenewalInfoState;
  /** Subject, issuer, ARI ID and, when they differ from `domains`, the certificate's names. */
  readonly facts?: {
    readonly s: string;
    readonly i: string;
    readonly a: string | null;
    readonly d?: readonly string[];
  };
  readonly revoked?: RevocationState;
  /** As in {@link Lineage}. */
  readonly deployed?: Readonly<Record<string, DeployedState>>;
}

const compactLineageCheck: Check = (v, p) =>
  fields(v, p, {
    domains: arrayOf(string),
    keyType: string,
    server: string,
    provider: string,
    profile: optionalString,
    key: string,
    cert: string,
    chain: arrayOf((n, np) => void (Number.isInteger(n) || fail(np, 'an index'))),
    history: arrayOf(
      (h, hp) =>
        void (
          (Array.isArray(h) && typeof h[0] === 'string' && typeof h[1] === 'number' && typeof h[2] === 'number') ||
          fail(hp, '[serial, notBefore, notAfter]')
        ),
    ),
    renewalInfo: (r, rp) =>
      r === undefined ||
      fields(r, rp, {
        windowStart: string,
        windowEnd: string,
        fetchedAt: string,
        retryAfter: string,
        explanationUrl: optionalString,
      }),
    facts: (f, fp) =>
      f === undefined ||
      fields(f, fp, {
        s: string,
        i: string,
        a: (a, ap) => void (a === null || typeof a === 'string' || fail(ap, 'a string or null')),
      }),
    revoked: revokedCheck,
    deployed: deployedCheck,
  });

const seconds = (iso: string) => Math.round(Date.parse(iso) / 1000);
const iso = (s: number) => new Date(s * 1000).toISOString();
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * A lineage's key and chain PEM, made from its DER when read rather than for every lineage at
 * load: a no-op check of 1,000 certificates reads each once to compare with its files, and the
 * PEM then dies young instead of 1,000 of them (3 MB and more) living through the run. Enumerable
 * getters, so a copy (`{ ...lineage }`) or JSON of the lineage has them as values.
 */
function withPems(lineage: Lineage, key: string, cert: string, chain: readonly string[]): void {
  Object.defineProperties(lineage, {
    keyPem: { enumerable: true, get: () => derToPem(Buffer.from(key, 'base64'), 'PRIVATE KEY') },
    chainPem: {
      enumerable: true,
      get: () => [derToPem(Buffer.from(cert, 'base64'), 'CERTIFICATE'), ...chain].join(''),
    },
  });
}

function expand(compact: CompactBundle): StateBundle {
  const issuers = compact.issuers.map((der) => derToPem(Buffer.from(der, 'base64'), 'CERTIFICATE'));
  const lineages: Record<string, Lineage> = {};
  for (const [name, l] of Object.entries(compact.lineages)) {
    const chain = l.chain.map((i) => issuers[i] ?? fail(`bundle.lineages["${name}"].chain`, 'indexes of issuers'));
    lineages[name] = {
      name,
      domains: l.domains,
      keyType: l.keyType,
      server: l.server,
      provider: l.provider,
      ...(l.profile !== undefined ? { profile: l.profile } : {}),
      history: l.history.map(([serial, notBefore, notAfter]) => ({
        serial,
        notBefore: iso(notBefore),
        notAfter: iso(notAfter),
      })),
      ...(l.renewalInfo ? { renewalInfo: l.renewalInfo } : {}),
      ...(l.facts
        ? { facts: { subject: l.facts.s, issuer: l.facts.i, ariId: l.facts.a, domains: l.facts.d ?? l.domains } }
        : {}),
      ...(l.revoked ? { revoked: l.revoked } : {}),
      ...(l.deployed ? { deployed: l.deployed } : {}),
    } as Omit<Lineage, 'keyPem' | 'chainPem'> as Lineage;
    withPems(lineages[name], l.key, l.cert, chain);
  }
  const accounts: Record<string, AccountState> = {};
  for (const [url, a] of Object.entries(compact.accounts))
    accounts[url] = {
      url: a.url,
      keyPem: derToPem(Buffer.from(a.key, 'base64'), 'PRIVATE KEY'),
      ...(a.pendingKey ? { pendingKeyPem: derToPem(Buffer.from(a.pendingKey, 'base64'), 'PRIVATE KEY') } : {}),
    };
  const orders = compact.orders
    ? Object.fromEntries(Object.entries(compact.orders).map(([url, times]) => [url, times.map((t) => t * 1000)]))
    : undefined;
  return {
    version: BUNDLE_VERSION,
    accounts,
    lineages,
    pendingCleanup: compact.pendingCleanup,
    ...(orders ? { orders } : {}),
  };
}

/** The bundle as version 2 JSON (then deflated and encrypted by the caller). */
export function serializeBundle(bundle: StateBundle): string {
  const issuers: string[] = [];
  const issuerIndex = new Map<string, number>();
  const der = (pem: string, label: string) => (pemToDer(pem, label)[0] ?? Buffer.alloc(0)).toString('base64');
  const lineages: Record<string, CompactLineage> = {};
  for (const [name, l] of Object.entries(bundle.lineages)) {
    const [leaf = '', ...cas] = pemToDer(l.chainPem, 'CERTIFICATE').map((d) => d.toString('base64'));
    const chain = cas.map((ca) => {
      let index = issuerIndex.get(ca);
      if (index === undefined) issuerIndex.set(ca, (index = issuers.push(ca) - 1));
      return index;
    });
    const f = l.facts;
    lineages[name] = {
      domains: l.domains,
      keyType: l.keyType,
      server: l.server,
      provider: l.provider,
      ...(l.profile !== undefined ? { profile: l.profile } : {}),
      key: der(l.keyPem, 'PRIVATE KEY'),
      cert: leaf,
      chain,
      history: l.history
        .slice(-HISTORY_KEPT)
        .map((h) => [h.serial, seconds(h.notBefore), seconds(h.notAfter)] as const),
      ...(l.renewalInfo ? { renewalInfo: l.renewalInfo } : {}),
      ...(f
        ? {
            facts: {
              s: f.subject,
              i: f.issuer,
              a: f.ariId,
              ...(sameList(f.domains, l.domains) ? {} : { d: f.domains }),
            },
          }
        : {}),
      ...(l.revoked ? { revoked: l.revoked } : {}),
      ...(l.deployed && Object.keys(l.deployed).length > 0 ? { deployed: l.deployed } : {}),
    };
  }
  const accounts: Record<string, { url: string; key: string; pendingKey?: string }> = {};
  for (const [url, a] of Object.entries(bundle.accounts))
    accounts[url] = {
      url: a.url,
      key: der(a.keyPem, 'PRIVATE KEY'),
      ...(a.pendingKeyPem ? { pendingKey: der(a.pendingKeyPem, 'PRIVATE KEY') } : {}),
    };
  const orders = bundle.orders
    ? Object.fromEntries(
        Object.entries(bundle.orders)
          .filter(([, t]) => t.length > 0)
          // Down to the second, never up: a time rounded into the future would not count yet.
          .map(([url, times]) => [url, times.map((t) => Math.floor(t / 1000))]),
      )
    : {};
  const compact: CompactBundle = {
    version: 2,
    accounts,
    issuers,
    lineages,
    pendingCleanup: bundle.pendingCleanup,
    ...(Object.keys(orders).length ? { orders } : {}),
  };
  return JSON.stringify(compact);
}
