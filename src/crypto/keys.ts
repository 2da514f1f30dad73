import { createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';

/** Certificate key types certwright generates. ECDSA P-256 is the default. */
export const KEY_TYPES = ['ecdsa-p256', 'ecdsa-p384', 'rsa-2048', 'rsa-3072', 'rsa-4096'] as const;
export type KeyType = (typeof KEY_TYPES)[number];

export interface GeneratedKey {
  readonly keyType: KeyType;
  readonly keys: { readonly privateKey: KeyObject; readonly publicKey: KeyObject };
  /** PKCS#8 PEM of the private key. Never log it. */
  readonly privateKeyPem: string;
}

/**
 * Generates a certificate key pair on libuv's thread pool (node:crypto's KeyObjects: no
 * WebCrypto layer between a run and its key).
 */
export function generateCertificateKey(keyType: KeyType): Promise<GeneratedKey> {
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, publicKey: KeyObject, privateKey: KeyObject) => {
      if (error) return reject(error);
      const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      resolve({ keyType, keys: { privateKey, publicKey }, privateKeyPem });
    };
    if (keyType === 'ecdsa-p256' || keyType === 'ecdsa-p384')
      generateKeyPair('ec', { namedCurve: keyType === 'ecdsa-p256' ? 'P-256' : 'P-384' }, done);
    else generateKeyPair('rsa', { modulusLength: Number(keyType.slice('rsa-'.length)), publicExponent: 0x10001 }, done);
  });
}

/** Imports a saved PKCS#8 PEM key for reuse, checking it is of the type asked for. */
export function importCertificateKey(savedPem: string, keyType: KeyType): GeneratedKey {
  const keyObject = createPrivateKey(savedPem);
  if (keyTypeOf(keyObject) !== keyType) {
    throw new Error(
      `crypto: the saved key is ${keyTypeOf(keyObject) ?? 'of an unsupported type'}, not ${keyType}; ` +
        'drop reuse-key or the key type change',
    );
  }
  const privateKeyPem = keyObject.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { keyType, keys: { privateKey: keyObject, publicKey: createPublicKey(keyObject) }, privateKeyPem };
}

/** The KeyType of a private key, or undefined for one certwright does not issue. */
export function keyTypeOf(key: KeyObject): KeyType | undefined {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'ec') {
    if (details?.namedCurve === 'prime256v1') return 'ecdsa-p256';
    if (details?.namedCurve === 'secp384r1') return 'ecdsa-p384';
  }
  if (key.asymmetricKeyType === 'rsa') {
    const candidate = `rsa-${details?.modulusLength}`;
    return (KEY_TYPES as readonly string[]).includes(candidate) ? (candidate as KeyType) : undefined;
  }
  return undefined;
}
