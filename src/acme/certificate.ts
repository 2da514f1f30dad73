import { X509Certificate } from 'node:crypto';
import { splitPemCertificates } from '../crypto/pem.js';
import { parseLinks } from '../net/http.js';
import type { AcmeTransport } from './transport.js';

const PEM_CHAIN = 'application/pem-certificate-chain';

/** One certificate chain as the CA serves it: leaf first, then issuers (RFC 8555 §9.1). */
export interface CertificateChain {
  readonly pem: string;
  /** The URL it was downloaded from. */
  readonly url: string;
}

/**
 * Downloads the certificate and every alternate chain the CA links with
 * `Link: rel="alternate"` (RFC 8555 §7.4.2).
 */
export async function downloadCertificateChains(transport: AcmeTransport, url: string): Promise<CertificateChain[]> {
  const first = await transport.post<string>(url, undefined, 'download certificate', { accept: PEM_CHAIN });
  const chains: CertificateChain[] = [{ pem: first.body, url }];
  const alternates = parseLinks(first.response).filter((link) => link.rel === 'alternate');
  const downloaded = await Promise.all(
    alternates.map((link) =>
      transport.post<string>(link.url, undefined, 'download alternate chain', { accept: PEM_CHAIN }),
    ),
  );
  downloaded.forEach((response, i) => chains.push({ pem: response.body, url: alternates[i]?.url ?? url }));
  return chains;
}

function commonName(distinguishedName: string): string | undefined {
  return /(?:^|\n)CN=([^\n]*)/.exec(distinguishedName)?.[1];
}

/**
 * Picks the chain whose topmost certificate was issued by `preferredIssuer` (a common name),
 * or failing that the chain that contains a certificate with that issuer or subject name, as
 * certbot's `--preferred-chain` does. The default chain when nothing matches.
 */
export function choosePreferredChain(
  chains: readonly CertificateChain[],
  preferredIssuer: string | undefined,
): CertificateChain {
  const [defaultChain] = chains;
  if (!defaultChain) throw new Error('acme: the CA returned no certificate chain');
  if (!preferredIssuer) return defaultChain;
  const parsed = chains.map((chain) => ({
    chain,
    certs: splitPemCertificates(chain.pem).map((pem) => new X509Certificate(pem)),
  }));
  const byTopIssuer = parsed.find(({ certs }) => commonName(certs.at(-1)?.issuer ?? '') === preferredIssuer);
  if (byTopIssuer) return byTopIssuer.chain;
  const anywhere = parsed.find(({ certs }) =>
    certs.some((cert) => commonName(cert.issuer) === preferredIssuer || commonName(cert.subject) === preferredIssuer),
  );
  return anywhere?.chain ?? defaultChain;
}

export type RevocationReason = 0 | 1 | 3 | 4 | 5 | 9;

/** Revokes a certificate with the account key (RFC 8555 §7.6); `reason` is an RFC 5280 code. */
export async function revokeCertificate(
  transport: AcmeTransport,
  certificatePem: string,
  reason: RevocationReason = 0,
): Promise<void> {
  const [leaf] = splitPemCertificates(certificatePem);
  if (!leaf) throw new Error('acme: revoke: no certificate found in the PEM given');
  const der = new X509Certificate(leaf).raw;
  const { revokeCert } = await transport.directory();
  await transport.post(revokeCert, { certificate: der.toString('base64url'), reason }, 'revokeCert');
}
