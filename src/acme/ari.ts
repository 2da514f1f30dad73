import { retryAfterMs, type HttpClient } from '../net/http.js';
import { splitPemCertificates } from '../crypto/pem.js';
import { issuerKeyAndSerial } from '../crypto/certificate-id.js';

/**
 * The ARI certificate identifier (RFC 9773 §4.1): base64url of the authority key identifier,
 * a dot, and base64url of the serial number's DER integer bytes.
 */
export function ariCertificateId(chainPem: string): Promise<string> {
  const [leafPem] = splitPemCertificates(chainPem);
  if (!leafPem) return Promise.reject(new Error('ari: no certificate in the chain'));
  try {
    const { authorityKeyId, serial } = issuerKeyAndSerial(leafPem);
    if (!authorityKeyId) throw new Error('ari: the certificate has no authority key identifier; ARI cannot name it');
    return Promise.resolve(`${authorityKeyId.toString('base64url')}.${serial.toString('base64url')}`);
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
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
