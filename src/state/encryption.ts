import { randomBytes } from 'node:crypto';
import type * as Zlib from 'node:zlib';
import { lazyBuiltin } from '../runtime.js';
import {
  derivePassphraseKey,
  FORMAT_HEADER,
  passphraseDerivationOf,
  PBES2_ITERATIONS,
  RAW_KEY_PREFIX,
  takeEarlyStateKey,
  usableIterations,
} from './early-key.js';
// jose is loaded when a bundle is read or written: runs without a store never load it.
import type { CompactJWEHeaderParameters } from 'jose';

const zlib = lazyBuiltin<typeof Zlib>('node:zlib');

/**
 * How the bundle is encrypted: a passphrase (stretched by PBKDF2) or a raw 256-bit key (`dir`).
 * `legacyKey`: the 32 bytes a passphrase stood for under the rule of earlier certwright versions
 * (43 or 44 base64 characters were a raw key), kept only to open bundles written that way.
 */
export type StateKey =
  | { readonly kind: 'passphrase'; readonly passphrase: string; readonly legacyKey?: Uint8Array }
  | { readonly kind: 'key'; readonly key: Uint8Array };

/** The prefix of a raw key: no passphrase a person types starts with it by chance. */
export { RAW_KEY_PREFIX };

/** How to make a raw key, for messages and docs. */
const RAW_KEY_HOWTO =
  `${RAW_KEY_PREFIX} followed by 32 random bytes in base64url, e.g. from: echo "${RAW_KEY_PREFIX}` +
  `$(openssl rand -base64 32 | tr '+/' '-_' | tr -d '=')"`;

/** What counted as a raw key before the prefix: 32 bytes in base64 or base64url. */
function legacyRawKey(value: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) return undefined;
  const key = new Uint8Array(Buffer.from(value.replace(/=$/, '').replace(/\+/g, '-').replace(/\//g, '_'), 'base64url'));
  return key.length === 32 ? key : undefined;
}

/**
 * Reads the `state-key` input. Only `cwk1:` + 43 base64url characters (32 bytes) is a raw key;
 * anything else of at least 16 characters is a passphrase and goes through PBKDF2, however
 * random it looks. A value that was a raw key under the old rule still opens the bundles it wrote.
 */
export function parseStateKey(text: string | undefined): StateKey {
  const value = text?.trim() ?? '';
  if (value === '')
    throw new Error(
      `state-key: missing; expected a passphrase (16+ characters) or a raw 256-bit key: ${RAW_KEY_HOWTO}`,
    );
  if (value.startsWith(RAW_KEY_PREFIX)) {
    const encoded = value.slice(RAW_KEY_PREFIX.length);
    const key = /^[A-Za-z0-9_-]{43}$/.test(encoded) ? new Uint8Array(Buffer.from(encoded, 'base64url')) : undefined;
    if (key?.length !== 32)
      throw new Error(
        `state-key: starts with ${RAW_KEY_PREFIX} but is not a raw 256-bit key; expected ${RAW_KEY_HOWTO}`,
      );
    return { kind: 'key', key };
  }
  if (value.length < 16)
    throw new Error(
      `state-key: too short; expected a passphrase of 16 or more characters, or a raw 256-bit key: ${RAW_KEY_HOWTO}`,
    );
  const legacyKey = legacyRawKey(value);
  return { kind: 'passphrase', passphrase: value, ...(legacyKey ? { legacyKey } : {}) };
}

interface FormatHeader {
  /** `deflate`: the plaintext is raw DEFLATE (RFC 1951) of the JSON. */
  readonly z?: 'deflate';
  /** For a passphrase: PBKDF2-HMAC-SHA512 salt (base64url) and iterations of the `dir` key. */
  readonly s?: string;
  readonly c?: number;
}

/**
 * A passphrase's derived keys, by salt, per StateKey (one per run). PBKDF2 at 210,000
 * iterations costs about 0.2 s: a run derives once, when it reads the bundle, and its writes
 * reuse that salt and key. AES-GCM with a fresh random IV per write is safe far beyond the
 * number of writes a state sees.
 */
const derivedKeys = new WeakMap<StateKey, { current?: string; bySalt: Map<string, Promise<Uint8Array>> }>();

function derivedKey(key: StateKey & { kind: 'passphrase' }, salt: string, iterations: number): Promise<Uint8Array> {
  let cache = derivedKeys.get(key);
  if (!cache) derivedKeys.set(key, (cache = { bySalt: new Map() }));
  cache.current ??= salt;
  const id = `${salt}.${iterations}`;
  let derived = cache.bySalt.get(id);
  if (!derived) {
    // The start script's loader may have started this one already (src/state/early-key.ts).
    derived =
      takeEarlyStateKey(key.passphrase, salt, iterations) ?? derivePassphraseKey(key.passphrase, salt, iterations);
    cache.bySalt.set(id, derived);
  }
  return derived;
}

/**
 * Starts deriving the passphrase key that a stored bundle names, so PBKDF2 (about 0.1 to 0.2 s,
 * on libuv's pool) runs while the run parses its config rather than after. `stored` is read
 * early and without a lock: it may be stale, cut short or not a bundle at all. Nothing is taken
 * from it but a salt and an iteration count within the bounds decryption accepts, and whatever
 * it names, decryption derives the key of the bundle it reads then (this one's, from the cache,
 * when they agree).
 */
export function prepareStateKey(stored: string, key: StateKey): void {
  if (key.kind !== 'passphrase') return;
  const derivation = passphraseDerivationOf(stored);
  if (!derivation) return; // not a bundle of a passphrase: decryption will say what it is
  // A failure shows when the bundle is read.
  derivedKey(key, derivation.salt, derivation.iterations).catch(() => undefined);
}

/**
 * Encrypts the serialized bundle as a compact JWE: A256GCM with the 256-bit key (`dir`), or
 * with a key derived from the passphrase (PBKDF2, salt and iterations in the header, derived
 * once per run). The JSON is deflated first (certificates repeat much of their text).
 */
export async function encryptState(plaintext: string, key: StateKey): Promise<string> {
  const { CompactEncrypt } = await import('jose');
  const jwe = new CompactEncrypt(zlib().deflateRawSync(Buffer.from(plaintext, 'utf8'), { level: 9 }));
  if (key.kind === 'key')
    return jwe
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', cty: 'certwright-state', [FORMAT_HEADER]: { z: 'deflate' } })
      .encrypt(key.key);
  const salt = derivedKeys.get(key)?.current ?? randomBytes(16).toString('base64url');
  const format: FormatHeader = { z: 'deflate', s: salt, c: PBES2_ITERATIONS };
  return jwe
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', cty: 'certwright-state', [FORMAT_HEADER]: format })
    .encrypt(await derivedKey(key, salt, PBES2_ITERATIONS));
}

/** What a refused bundle's message ends with: the two ways on. */
export const START_OVER_HINT = 'restore it from a backup, or set state-reset: true to start over with an empty state';

/**
 * The key material for a bundle's header, or an error when state-key is of the other kind; `legacy`: the old raw-key
 * reading.
 */
async function secretFor(
  header: CompactJWEHeaderParameters,
  format: FormatHeader,
  key: StateKey,
): Promise<{ secret: Uint8Array; legacy: boolean }> {
  const byPassphrase = header.alg === 'PBES2-HS512+A256KW' || (header.alg === 'dir' && typeof format.s === 'string');
  if (!byPassphrase) {
    if (key.kind === 'key') return { secret: key.key, legacy: false };
    if (key.legacyKey) return { secret: key.legacyKey, legacy: true };
    throw new Error(
      `state-key: the bundle was encrypted with a raw 256-bit key, and state-key is a passphrase; use the state-key ` +
        `that wrote it (a raw key is written ${RAW_KEY_PREFIX}...), or set state-reset: true to start over`,
    );
  }
  if (key.kind === 'key')
    throw new Error(
      'state-key: the bundle was encrypted with a passphrase, and state-key is a raw key; use the state-key that ' +
        'wrote it, or set state-reset: true to start over',
    );
  if (header.alg !== 'dir') return { secret: new TextEncoder().encode(key.passphrase), legacy: false };
  const iterations = format.c ?? 0;
  if (!usableIterations(iterations))
    throw new Error(`state: the bundle names an unusable key derivation; it is corrupted, ${START_OVER_HINT}`);
  return { secret: await derivedKey(key, format.s as string, iterations), legacy: false };
}

/**
 * Decrypts a compact JWE bundle: this format, or the PBES2-HS512+A256KW / `dir` bundles of
 * earlier versions. A wrong key and a damaged bundle get different messages.
 */
export async function decryptState(jwe: string, key: StateKey): Promise<string> {
  return (await decryptStateText(jwe, key)).text;
}

/**
 * {@link decryptState}, also telling whether the bundle was opened with a passphrase read as a
 * raw key (the old rule): such a bundle should be written again, so its key is stretched.
 */
export async function decryptStateText(jwe: string, key: StateKey): Promise<{ text: string; legacyKey: boolean }> {
  const { compactDecrypt, decodeProtectedHeader } = await import('jose');
  let header: CompactJWEHeaderParameters;
  try {
    header = decodeProtectedHeader(jwe.trim()) as CompactJWEHeaderParameters;
  } catch {
    throw new Error(
      `state: not an encrypted certwright bundle (no JWE header); it is corrupted or not the right secret/file: ` +
        `${START_OVER_HINT}`,
    );
  }
  const format = (header[FORMAT_HEADER] ?? {}) as FormatHeader;
  const { secret, legacy } = await secretFor(header, format, key);
  let plaintext: Uint8Array;
  try {
    ({ plaintext } = await compactDecrypt(jwe.trim(), secret, {
      keyManagementAlgorithms: [header.alg === 'dir' ? 'dir' : 'PBES2-HS512+A256KW'],
      contentEncryptionAlgorithms: ['A256GCM'],
      maxPBES2Count: PBES2_ITERATIONS * 5,
    }));
  } catch (cause) {
    const code = (cause as { code?: string }).code;
    if (code === 'ERR_JWE_DECRYPTION_FAILED') {
      // jose's cause ("decryption operation failed") adds nothing, and the CLI would print it after the message.
      // eslint-disable-next-line preserve-caught-error
      throw new Error(
        'state-key: cannot decrypt the bundle: the state-key is not the one that wrote it (or the bundle was ' +
          'altered); use the state-key that wrote it, or set state-reset: true to start over with an empty state',
      );
    }
    throw new Error(`state: the bundle is corrupted and cannot be decrypted; ${START_OVER_HINT}`, { cause });
  }
  if (format.z !== 'deflate') return { text: new TextDecoder().decode(plaintext), legacyKey: legacy };
  try {
    return { text: zlib().inflateRawSync(plaintext).toString('utf8'), legacyKey: legacy };
  } catch (cause) {
    throw new Error(`state: the bundle decrypts but does not inflate; it is corrupted, ${START_OVER_HINT}`, { cause });
  }
}
