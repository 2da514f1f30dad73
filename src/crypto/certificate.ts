import { X509Certificate, type KeyObject } from 'node:crypto';
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
  return summarize(new X509Certificate(leafPem));
}

function summarize(leaf: X509Certificate): CertificateSummary {
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

/**
 * What is wrong with a chain the CA sent for an order, or nothing: the leaf must carry the CSR's
 * public key and exactly the names asked for, not be expired, and each certificate must be issued
 * and signed by the next one. A CA (or anything between it and us) that answers with another
 * certificate must not get it written next to a key it does not belong to. With the problems, the
 * leaf's summary, read from the same parse.
 */
export function issuedCertificateProblems(
  chainPem: string,
  publicKey: KeyObject,
  domains: readonly string[],
  now: number,
): { problems: string[]; summary?: CertificateSummary } {
  const certificates = splitPemCertificates(chainPem).map((pem) => new X509Certificate(pem));
  const [leaf] = certificates;
  if (!leaf) return { problems: ['it holds no certificate'] };
  const problems: string[] = [];
  if (!leaf.publicKey.equals(publicKey)) problems.push("its public key is not the CSR's");
  const summary = summarize(leaf);
  const asked = new Set(domains.map((d) => d.toLowerCase()));
  const got = new Set(summary.domains.map((d) => d.toLowerCase()));
  const missing = [...asked].filter((d) => !got.has(d));
  const extra = [...got].filter((d) => !asked.has(d));
  if (missing.length > 0) problems.push(`it lacks ${missing.join(', ')}`);
  if (extra.length > 0) problems.push(`it names ${extra.join(', ')}, not asked for`);
  if (Date.parse(leaf.validTo) <= now) problems.push(`it expired at ${new Date(leaf.validTo).toISOString()}`);
  certificates.slice(1).forEach((issuer, i) => {
    const subject = certificates[i] as X509Certificate;
    if (!subject.checkIssued(issuer) || !subject.verify(issuer.publicKey))
      problems.push(`certificate ${i + 1} of the chain is not issued by certificate ${i + 2}`);
  });
  return { problems, summary };
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
