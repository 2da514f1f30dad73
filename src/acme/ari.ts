import { retryAfterMs, type HttpClient } from '../net/http.js';
import { splitPemCertificates } from '../crypto/pem.js';
import { loadX509 } from '../crypto/x509.js';

/**
 * The ARI certificate identifier (RFC 9773 §4.1): base64url of the authority key identifier,
 * a dot, and base64url of the serial number's DER integer bytes.
 */
export async function ariCertificateId(chainPem: string): Promise<string> {
  const x509 = await loadX509();
  const [leafPem] = splitPemCertificates(chainPem);
  if (!leafPem) throw new Error('ari: no certificate in the chain');
  const leaf = new x509.X509Certificate(leafPem);
  const aki = leaf.getExtension(x509.AuthorityKeyIdentifierExtension);
  if (!aki?.keyId) throw new Error('ari: the certificate has no authority key identifier; ARI cannot name it');
  let serial = Buffer.from(leaf.serialNumber.replace(/^(00)+(?=[0-9a-f]{2})/i, ''), 'hex');
  if ((serial[0] ?? 0) & 0x80) serial = Buffer.concat([Buffer.from([0]), serial]); // DER keeps it positive
  return `${Buffer.from(aki.keyId, 'hex').toString('base64url')}.${serial.toString('base64url')}`;
}

export interface RenewalInfo {
  readonly windowStart: Date;
  readonly windowEnd: Date;
  readonly explanationUrl?: string;
  /** When to ask again: Retry-After, clamped to [1 minute, 1 day], 6 hours when absent. */
  readonly retryAfter: Date;
}

const MINUTE = 60_000;

/** Fetches the suggested renewal window (RFC 9773 §4.3): an unauthenticated GET. */
export async function fetchRenewalInfo(
  http: HttpClient,
  renewalInfoUrl: string,
  certificateId: string,
  now: number,
): Promise<RenewalInfo> {
  const url = `${renewalInfoUrl.replace(/\/$/, '')}/${certificateId}`;
  const response = await http({ method: 'GET', url });
  if (response.status !== 200) throw new Error(`ari: ${url} answered HTTP ${response.status}`);
  const body = JSON.parse(response.body.toString('utf8')) as {
    suggestedWindow?: { start?: string; end?: string };
    explanationURL?: string;
  };
  const start = Date.parse(body.suggestedWindow?.start ?? '');
  const end = Date.parse(body.suggestedWindow?.end ?? '');
  if (Number.isNaN(start) || Number.isNaN(end) || end < start)
    throw new Error(`ari: ${url} returned no valid suggestedWindow`);
  const wait = Math.min(Math.max(retryAfterMs(response, now) ?? 6 * 60 * MINUTE, MINUTE), 24 * 60 * MINUTE);
  return {
    windowStart: new Date(start),
    windowEnd: new Date(end),
    ...(body.explanationURL ? { explanationUrl: body.explanationURL } : {}),
    retryAfter: new Date(now + wait),
  };
}
