/** Splits a PEM bundle into its certificates, in order. */
export function splitPemCertificates(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)?.map((block) => `${block}\n`) ?? [];
}

/** The DER bytes of each `label` block of a PEM text, in order. */
export function pemToDer(pem: string, label: string): Buffer[] {
  const blocks = pem.matchAll(new RegExp(`-----BEGIN ${label}-----([\\s\\S]+?)-----END ${label}-----`, 'g'));
  return [...blocks].map((block) => Buffer.from((block[1] ?? '').replace(/\s+/g, ''), 'base64'));
}

/** One PEM block of `der`, 64 characters a line, as OpenSSL writes it. */
export function derToPem(der: Uint8Array, label: string): string {
  const base64 = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
  const lines: string[] = [];
  for (let at = 0; at < base64.length; at += 64) lines.push(base64.slice(at, at + 64));
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** A PEM chain in canonical form (64-character lines, nothing between blocks), as the state gives it back. */
export function canonicalChainPem(pem: string): string {
  return pemToDer(pem, 'CERTIFICATE')
    .map((der) => derToPem(der, 'CERTIFICATE'))
    .join('');
}
