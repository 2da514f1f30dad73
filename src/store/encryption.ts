import { pbkdf2, randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { CompactEncrypt, base64url, compactDecrypt, decodeProtectedHeader } from 'jose';

/** How the bundle is encrypted: a passphrase (PBES2) or a 256-bit key (`dir`). */
export type StateKey = { readonly kind: 'passphrase'; readonly passphrase: string } | { readonly kind: 'key'; readonly key: Uint8Array };

/** PBKDF2-HMAC-SHA512 iterations for a passphrase (OWASP's figure). */
const PBES2_ITERATIONS = 210_000;

/**
 * Reads the `state-key` input: 32 bytes in base64 or base64url is a key, anything else of at
 * least 16 characters a passphrase.
 */
export function parseStateKey(text: string | undefined): StateKey {
  const value = text?.trim() ?? '';
  if (value === '') throw new Error('state-key: missing; expected a passphrase (16+ characters) or a 256-bit key in base64, e.g. from: openssl rand -base64 32');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) {
    const key = base64url.decode(value.replace(/=$/, '').replace(/\+/g, '-').replace(/\//g, '_'));
    if (key.length === 32) return { kind: 'key', key };
  }
  if (value.length < 16) throw new Error('state-key: too short; expected a passphrase of 16 or more characters, or a 256-bit key in base64');
  return { kind: 'passphrase', passphrase: value };
}

/** The protected header parameter of certwright's own format: how the plaintext was packed and the key derived. */
const FORMAT_HEADER = 'cwf';

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
    derived = new Promise((resolve, reject) =>
      pbkdf2(key.passphrase, Buffer.from(salt, 'base64url'), iterations, 32, 'sha512', (error, bytes) => (error ? reject(error) : resolve(new Uint8Array(bytes)))),
    );
    cache.bySalt.set(id, derived);
  }
  return derived;
}

/**
 * Encrypts the serialized bundle as a compact JWE: A256GCM with the 256-bit key (`dir`), or
 * with a key derived from the passphrase (PBKDF2, salt and iterations in the header, derived
 * once per run). The JSON is deflated first (certificates repeat much of their text).
 */
export async function encryptState(plaintext: string, key: StateKey): Promise<string> {
  const jwe = new CompactEncrypt(deflateRawSync(Buffer.from(plaintext, 'utf8'), { level: 9 }));
  if (key.kind === 'key') return jwe.setProtectedHeader({ alg: 'dir', enc: 'A256GCM', cty: 'certwright-state', [FORMAT_HEADER]: { z: 'deflate' } }).encrypt(key.key);
  const salt = derivedKeys.get(key)?.current ?? randomBytes(16).toString('base64url');
  const format: FormatHeader = { z: 'deflate', s: salt, c: PBES2_ITERATIONS };
  return jwe.setProtectedHeader({ alg: 'dir', enc: 'A256GCM', cty: 'certwright-state', [FORMAT_HEADER]: format }).encrypt(await derivedKey(key, salt, PBES2_ITERATIONS));
}

/**
 * Decrypts a compact JWE bundle: this format, or the PBES2-HS512+A256KW / `dir` bundles of
 * earlier versions. A wrong key and a damaged bundle get different messages.
 */
export async function decryptState(jwe: string, key: StateKey): Promise<string> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jwe.trim());
  } catch {
    throw new Error('state: not an encrypted certwright bundle (no JWE header); it is corrupted or not the right secret/file');
  }
  const format = (header[FORMAT_HEADER] ?? {}) as FormatHeader;
  const byPassphrase = header.alg === 'PBES2-HS512+A256KW' || (header.alg === 'dir' && typeof format.s === 'string');
  if (byPassphrase !== (key.kind === 'passphrase')) {
    const wants = byPassphrase ? 'a passphrase' : 'a 256-bit key';
    throw new Error(`state-key: the bundle was encrypted with ${wants}, and state-key is ${key.kind === 'key' ? 'a key' : 'a passphrase'}; use the same state-key that wrote it`);
  }
  let secret: Uint8Array;
  if (key.kind === 'key') secret = key.key;
  else if (header.alg === 'dir') {
    const iterations = format.c ?? 0;
    if (!Number.isInteger(iterations) || iterations < 10_000 || iterations > PBES2_ITERATIONS * 5) throw new Error('state: the bundle names an unusable key derivation; it is corrupted, restore it from a backup');
    secret = await derivedKey(key, format.s as string, iterations);
  } else secret = new TextEncoder().encode(key.passphrase);
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
      throw new Error('state-key: cannot decrypt the bundle: the state-key is not the one that wrote it (or the bundle was altered)');
    }
    throw new Error('state: the bundle is corrupted and cannot be decrypted; restore it from a backup or start from an empty state', { cause });
  }
  if (format.z !== 'deflate') return new TextDecoder().decode(plaintext);
  try {
    return inflateRawSync(plaintext).toString('utf8');
  } catch (cause) {
    throw new Error('state: the bundle decrypts but does not inflate; it is corrupted, restore it from a backup or start from an empty state', { cause });
  }
}
