import { signingAlgorithm, type GeneratedKey } from './keys.js';
import { loadX509 } from './x509.js';

/**
 * A PKCS#10 CSR (DER) for the domains, all in subjectAltName (RFC 8555 §7.4). The first
 * domain is also the subject CN when it fits the 64-character limit of RFC 5280.
 */
export async function createCsr(key: GeneratedKey, domains: readonly string[]): Promise<Uint8Array> {
  const x509 = await loadX509();
  const [first] = domains;
  if (!first) throw new Error('crypto: a CSR needs at least one domain');
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    ...(first.length <= 64 ? { name: [{ CN: [first] }] } : {}),
    keys: key.keys,
    signingAlgorithm: signingAlgorithm(key.keyType),
    extensions: [new x509.SubjectAlternativeNameExtension(domains.map((value) => ({ type: 'dns' as const, value })))],
  });
  return new Uint8Array(csr.rawData);
}
