import { createPrivateKey, createPublicKey, webcrypto, type KeyObject } from 'node:crypto';

/** Certificate key types certwright generates. ECDSA P-256 is the default. */
export const KEY_TYPES = ['ecdsa-p256', 'ecdsa-p384', 'rsa-2048', 'rsa-3072', 'rsa-4096'] as const;
export type KeyType = (typeof KEY_TYPES)[number];

/** The WebCrypto algorithm that generates, and signs CSRs with, a key of this type. */
export function signingAlgorithm(
  keyType: KeyType,
): webcrypto.RsaHashedKeyGenParams | (webcrypto.EcKeyGenParams & { hash: string }) {
  switch (keyType) {
    case 'ecdsa-p256':
      return { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
    case 'ecdsa-p384':
      return { name: 'ECDSA', namedCurve: 'P-384', hash: 'SHA-384' };
    default: {
      const modulusLength = Number(keyType.slice('rsa-'.length));
      return { name: 'RSASSA-PKCS1-v1_5', modulusLength, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
    }
  }
}

export interface GeneratedKey {
  readonly keyType: KeyType;
  readonly keys: webcrypto.CryptoKeyPair;
  /** PKCS#8 PEM of the private key. Never log it. */
  readonly privateKeyPem: string;
}

/** Generates a certificate key pair (node:crypto's WebCrypto, extractable so it can be saved). */
export async function generateCertificateKey(keyType: KeyType): Promise<GeneratedKey> {
  const keys = await webcrypto.subtle.generateKey(signingAlgorithm(keyType), true, ['sign', 'verify']);
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  return { keyType, keys, privateKeyPem: toPem(pkcs8, 'PRIVATE KEY') };
}

/** Imports a saved PKCS#8 PEM key for reuse, checking it is of the type asked for. */
export async function importCertificateKey(privateKeyPem: string, keyType: KeyType): Promise<GeneratedKey> {
  const keyObject = createPrivateKey(privateKeyPem);
  if (keyTypeOf(keyObject) !== keyType) {
    throw new Error(
      `crypto: the saved key is ${keyTypeOf(keyObject) ?? 'of an unsupported type'}, not ${keyType}; ` +
        'drop reuse-key or the key type change',
    );
  }
  const pkcs8 = keyObject.export({ type: 'pkcs8', format: 'der' });
  const algorithm = signingAlgorithm(keyType);
  const privateKey = await webcrypto.subtle.importKey('pkcs8', pkcs8, algorithm, true, ['sign']);
  const publicJwk = createPublicKey(keyObject).export({ format: 'jwk' });
  const publicKey = await webcrypto.subtle.importKey('jwk', publicJwk, algorithm, true, ['verify']);
  return { keyType, keys: { privateKey, publicKey }, privateKeyPem: toPem(pkcs8, 'PRIVATE KEY') };
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

function toPem(der: Buffer, label: string): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
