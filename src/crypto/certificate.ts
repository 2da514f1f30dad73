import { X509Certificate } from 'node:crypto';
import { splitPemCertificates } from './pem.js';

/** What users want to know about an issued certificate. */
export interface CertificateSummary {
  readonly subject: string;
  readonly domains: readonly string[];
  readonly issuer: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly serial: string;
}

/** Reads the leaf of a PEM chain. */
export function summarizeCertificate(chainPem: string): CertificateSummary {
  const [leafPem] = splitPemCertificates(chainPem);
  if (!leafPem) throw new Error('crypto: no certificate in the chain');
  const leaf = new X509Certificate(leafPem);
  const domains = (leaf.subjectAltName ?? '')
    .split(', ')
    .filter((entry) => entry.startsWith('DNS:'))
    .map((entry) => entry.slice(4));
  return {
    subject: leaf.subject.replace(/\n/g, ', '),
    domains,
    issuer: leaf.issuer.replace(/\n/g, ', '),
    notBefore: new Date(leaf.validFrom),
    notAfter: new Date(leaf.validTo),
    serial: leaf.serialNumber.toLowerCase(),
  };
}

/** The files a certificate is written as, with certbot's names and meaning. */
export interface CertificateFiles {
  readonly cert: string;
  readonly chain: string;
  readonly fullchain: string;
  readonly privkey: string;
}

/** Splits a downloaded chain into certbot's four files' contents. */
export function certificateFiles(chainPem: string, privateKeyPem: string): CertificateFiles {
  const [leaf, ...issuers] = splitPemCertificates(chainPem);
  if (!leaf) throw new Error('crypto: no certificate in the chain');
  return { cert: leaf, chain: issuers.join(''), fullchain: [leaf, ...issuers].join(''), privkey: privateKeyPem };
}
