import type { KeyType } from '../crypto/keys.js';
import type { ChallengeRecord } from '../dns/provider.js';

/** The bundle format this certwright writes. Older versions are migrated on load; newer ones refused. */
export const BUNDLE_VERSION = 1;

/** An ACME account, one per directory URL. */
export interface AccountState {
  readonly url: string;
  /** PKCS#8 PEM. */
  readonly keyPem: string;
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
}

export function emptyBundle(): StateBundle {
  return { version: BUNDLE_VERSION, accounts: {}, lineages: {}, pendingCleanup: [] };
}

type Check = (value: unknown, path: string) => void;

function fail(path: string, expected: string): never {
  throw new Error(`state: the bundle is not valid: ${path} should be ${expected}; restore it from a backup or start from an empty state`);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const string: Check = (v, p) => void (typeof v === 'string' || fail(p, 'a string'));
const optionalString: Check = (v, p) => void (v === undefined || typeof v === 'string' || fail(p, 'a string'));
const pem = (label: string): Check => (v, p) => void (typeof v === 'string' && v.includes(`-----BEGIN ${label}`) || fail(p, `a PEM ${label.toLowerCase()}`));

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
    renewalInfo: (r, rp) => r === undefined || fields(r, rp, { windowStart: string, windowEnd: string, fetchedAt: string, retryAfter: string, explanationUrl: optionalString }),
  });

const recordCheck: Check = (v, p) => fields(v, p, { domain: string, fqdn: string, zone: string, value: string, ref: optionalString });

/**
 * Parses and validates a decrypted bundle. A bundle from a newer certwright is refused rather
 * than half-understood and written back without what it did not know.
 */
export function parseBundle(text: string): StateBundle {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error('state: the decrypted bundle is not JSON; it is corrupted, restore it from a backup or start from an empty state');
  }
  if (!isObject(value) || typeof value.version !== 'number') fail('bundle', 'an object with a numeric version');
  if (value.version > BUNDLE_VERSION) {
    throw new Error(`state: the bundle was written by a newer certwright (bundle version ${value.version}, this one reads up to ${BUNDLE_VERSION}); upgrade certwright`);
  }
  fields(value, 'bundle', {
    accounts: recordOf((a, ap) => fields(a, ap, { url: string, keyPem: pem('PRIVATE KEY') })),
    lineages: recordOf(lineageCheck),
    pendingCleanup: arrayOf((c, cp) => fields(c, cp, { certName: optionalString, provider: string, createdAt: string, records: arrayOf(recordCheck) })),
  });
  return value as unknown as StateBundle;
}

export function serializeBundle(bundle: StateBundle): string {
  return JSON.stringify(bundle);
}
