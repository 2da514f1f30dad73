import { sign } from 'node:crypto';
import {
  bitString,
  contextTag,
  nullValue,
  objectIdentifier,
  octetString,
  sequence,
  set,
  smallInteger,
  utf8String,
} from './der.js';
import type { GeneratedKey, KeyType } from './keys.js';

const OIDS = {
  commonName: '2.5.4.3',
  subjectAltName: '2.5.29.17',
  extensionRequest: '1.2.840.113549.1.9.14',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
  sha256WithRsa: '1.2.840.113549.1.1.11',
} as const;

/** The hash and the AlgorithmIdentifier (RFC 5758 §3.2, RFC 4055 §5) a key of this type signs the CSR with. */
function signatureAlgorithm(keyType: KeyType): { hash: string; identifier: Buffer } {
  if (keyType === 'ecdsa-p256') return { hash: 'sha256', identifier: sequence(objectIdentifier(OIDS.ecdsaWithSha256)) };
  if (keyType === 'ecdsa-p384') return { hash: 'sha384', identifier: sequence(objectIdentifier(OIDS.ecdsaWithSha384)) };
  return { hash: 'sha256', identifier: sequence(objectIdentifier(OIDS.sha256WithRsa), nullValue()) };
}

/**
 * A PKCS#10 CSR (RFC 2986, DER) for the domains, all in subjectAltName (RFC 8555 §7.4). The
 * first domain is also the subject CN when it fits the 64-character limit of RFC 5280.
 * Written with node:crypto alone: no X.509 library on the way to a certificate.
 */
export function createCsr(key: GeneratedKey, domains: readonly string[]): Uint8Array {
  const [first] = domains;
  if (!first) throw new Error('crypto: a CSR needs at least one domain');
  const subject =
    first.length <= 64 ? sequence(set(sequence(objectIdentifier(OIDS.commonName), utf8String(first)))) : sequence();
  const names = sequence(...domains.map((name) => contextTag(2, false, Buffer.from(name, 'ascii'))));
  const extensions = sequence(sequence(objectIdentifier(OIDS.subjectAltName), octetString(names)));
  const attributes = contextTag(0, true, sequence(objectIdentifier(OIDS.extensionRequest), set(extensions)));
  const publicKey = key.keys.publicKey.export({ type: 'spki', format: 'der' });
  const info = sequence(smallInteger(0), subject, publicKey, attributes);
  const { hash, identifier } = signatureAlgorithm(key.keyType);
  const signature = sign(hash, info, key.keys.privateKey);
  return new Uint8Array(sequence(info, identifier, bitString(signature)));
}
