/**
 * ACM's import rules (the ImportCertificate API reference and the user guide's "Prerequisites for
 * importing"), checked before anything is sent, so a certificate ACM would refuse fails with one
 * line that says what to change. No error here quotes the key.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { splitPemCertificates } from '../../crypto/pem.js';
import type { IssuedCertificate } from '../target.js';

/** ImportCertificate's size limits, in bytes. */
export const MAX_CERTIFICATE_BYTES = 32_768;
export const MAX_CHAIN_BYTES = 2_097_152;
export const MAX_PRIVATE_KEY_BYTES = 5_120;

/** The key algorithms ACM imports, as its API names them (KeyAlgorithm). */
const RSA_SIZES = [1024, 2048, 3072, 4096];
const EC_CURVES: Readonly<Record<string, string>> = {
  prime256v1: 'EC_prime256v1',
  secp384r1: 'EC_secp384r1',
  secp521r1: 'EC_secp521r1',
};
const SUPPORTED = 'RSA 1024, 2048, 3072 or 4096 bits, or ECDSA P-256, P-384 or P-521';

/** What ImportCertificate is sent: the PEM bytes, checked. */
export interface ImportMaterial {
  readonly certificate: Uint8Array;
  /** Absent for a self-signed certificate. */
  readonly chain: Uint8Array | undefined;
  /** Never logged. */
  readonly privateKey: Uint8Array;
  /** ACM's name for the key's algorithm (`RSA_2048`, `EC_prime256v1`). */
  readonly keyAlgorithm: string;
}

function fail(why: string): never {
  throw new Error(`acm: ${why}`);
}

/** ACM's KeyAlgorithm for the key, or a one-line refusal naming the key type to use instead. */
export function acmKeyAlgorithm(key: KeyObject): string {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa' && RSA_SIZES.includes(details.modulusLength ?? 0))
    return `RSA_${details.modulusLength}`;
  const curve = key.asymmetricKeyType === 'ec' ? EC_CURVES[details.namedCurve ?? ''] : undefined;
  if (curve) return curve;
  const what =
    key.asymmetricKeyType === 'rsa'
      ? `RSA ${details.modulusLength} bits`
      : key.asymmetricKeyType === 'ec'
        ? `ECDSA ${details.namedCurve}`
        : (key.asymmetricKeyType ?? 'of an unknown type');
  return fail(
    `the certificate's key is ${what}; ACM imports ${SUPPORTED} keys: set key-type to ecdsa-p256 or rsa-2048`,
  );
}

function privateKeyOf(keyPem: string): KeyObject {
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(keyPem))
    fail('the private key is encrypted; ACM imports unencrypted keys only: give it the key without a passphrase');
  if (Buffer.byteLength(keyPem) > MAX_PRIVATE_KEY_BYTES)
    fail(`the private key is ${Buffer.byteLength(keyPem)} bytes of PEM; ACM takes at most ${MAX_PRIVATE_KEY_BYTES}`);
  try {
    return createPrivateKey(keyPem);
  } catch {
    // The parser's message is not passed on: it could quote what it read.
    return fail('the private key is not a PEM private key ACM can read; expected PKCS#8 or PKCS#1 PEM');
  }
}

function parseCertificate(pem: string, what: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch (cause) {
    throw new Error(`acm: the ${what} is not a PEM certificate`, { cause });
  }
}

/** The chain must start with the leaf's issuer and each certificate must certify the one before. */
function checkChainOrder(leaf: X509Certificate, chain: readonly X509Certificate[]): void {
  if (chain.some((ca) => ca.raw.equals(leaf.raw)))
    fail('the chain holds the certificate itself; ACM wants the intermediates only (chain.pem, not fullchain.pem)');
  let child = leaf;
  for (const [i, ca] of chain.entries()) {
    if (!child.checkIssued(ca) || !child.verify(ca.publicKey))
      fail(
        `the chain is out of order: certificate ${i + 1} of the chain (${ca.subject.replace(/\n/g, ', ')}) ` +
          `did not issue ${i === 0 ? 'the certificate' : `certificate ${i}`}; ` +
          "ACM wants the leaf's issuer first, then its issuer",
      );
    child = ca;
  }
}

/**
 * The certificate, chain and key as ACM takes them, after checking every import rule certwright
 * can check locally: sizes, key type, key not encrypted and matching, validity now, chain order.
 */
export function checkImportRules(certificate: IssuedCertificate, nowMs: number): ImportMaterial {
  const leafPems = splitPemCertificates(certificate.certPem);
  if (leafPems.length !== 1)
    fail(`the certificate holds ${leafPems.length} certificates; ACM imports one, with the others as its chain`);
  if (Buffer.byteLength(certificate.certPem) > MAX_CERTIFICATE_BYTES)
    fail(
      `the certificate is ${Buffer.byteLength(certificate.certPem)} bytes; ACM takes at most ${MAX_CERTIFICATE_BYTES}`,
    );
  if (Buffer.byteLength(certificate.chainPem) > MAX_CHAIN_BYTES)
    fail(`the chain is ${Buffer.byteLength(certificate.chainPem)} bytes; ACM takes at most ${MAX_CHAIN_BYTES}`);
  const leaf = parseCertificate(certificate.certPem, 'certificate');
  const chain = splitPemCertificates(certificate.chainPem).map((pem, i) =>
    parseCertificate(pem, `chain's certificate ${i + 1}`),
  );
  const key = privateKeyOf(certificate.keyPem);
  const keyAlgorithm = acmKeyAlgorithm(key);
  if (!leaf.checkPrivateKey(key)) fail('the private key does not belong to the certificate; ACM refuses the pair');
  const [from, until] = [Date.parse(leaf.validFrom), Date.parse(leaf.validTo)];
  if (nowMs < from || nowMs > until)
    fail(
      `the certificate is valid from ${leaf.validFrom} to ${leaf.validTo}, not now; ` +
        'ACM imports only a current certificate',
    );
  const selfSigned = leaf.checkIssued(leaf);
  if (chain.length === 0 && !selfSigned)
    fail("the chain is empty; ACM needs the intermediates of a certificate a CA issued (the issuer's chain.pem)");
  checkChainOrder(leaf, chain);
  return {
    certificate: Buffer.from(certificate.certPem),
    chain: chain.length > 0 ? Buffer.from(certificate.chainPem) : undefined,
    privateKey: Buffer.from(certificate.keyPem),
    keyAlgorithm,
  };
}
