import { CompactEncrypt, base64url, compactDecrypt, decodeProtectedHeader } from 'jose';

/** How the bundle is encrypted: a passphrase (PBES2) or a 256-bit key (`dir`). */
export type StateKey = { readonly kind: 'passphrase'; readonly passphrase: string } | { readonly kind: 'key'; readonly key: Uint8Array };

/** PBKDF2 iterations for PBES2-HS512+A256KW (OWASP's figure for PBKDF2-HMAC-SHA512). */
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

/** Encrypts the serialized bundle as a compact JWE. */
export async function encryptState(plaintext: string, key: StateKey): Promise<string> {
  const jwe = new CompactEncrypt(new TextEncoder().encode(plaintext));
  if (key.kind === 'key') return jwe.setProtectedHeader({ alg: 'dir', enc: 'A256GCM', cty: 'certwright-state' }).encrypt(key.key);
  return jwe
    .setProtectedHeader({ alg: 'PBES2-HS512+A256KW', enc: 'A256GCM', cty: 'certwright-state' })
    .setKeyManagementParameters({ p2c: PBES2_ITERATIONS })
    .encrypt(new TextEncoder().encode(key.passphrase));
}

/** Decrypts a compact JWE bundle; a wrong key and a damaged bundle get different messages. */
export async function decryptState(jwe: string, key: StateKey): Promise<string> {
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(jwe.trim()).alg;
  } catch {
    throw new Error('state: not an encrypted certwright bundle (no JWE header); it is corrupted or not the right secret/file');
  }
  const expected = key.kind === 'key' ? 'dir' : 'PBES2-HS512+A256KW';
  if (alg !== expected) {
    const wants = alg === 'dir' ? 'a 256-bit key' : 'a passphrase';
    throw new Error(`state-key: the bundle was encrypted with ${wants} (${String(alg)}), and state-key is ${key.kind === 'key' ? 'a key' : 'a passphrase'}; use the same state-key that wrote it`);
  }
  try {
    const secret = key.kind === 'key' ? key.key : new TextEncoder().encode(key.passphrase);
    const { plaintext } = await compactDecrypt(jwe.trim(), secret, {
      keyManagementAlgorithms: [expected],
      contentEncryptionAlgorithms: ['A256GCM'],
      maxPBES2Count: PBES2_ITERATIONS * 5,
    });
    return new TextDecoder().decode(plaintext);
  } catch (cause) {
    const code = (cause as { code?: string }).code;
    if (code === 'ERR_JWE_DECRYPTION_FAILED') {
      throw new Error('state-key: cannot decrypt the bundle: the state-key is not the one that wrote it (or the bundle was altered)');
    }
    throw new Error('state: the bundle is corrupted and cannot be decrypted; restore it from a backup or start from an empty state', { cause });
  }
}
