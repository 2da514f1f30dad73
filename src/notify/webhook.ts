/**
 * A generic JSON webhook: the report as JSON, signed so the receiver can tell it comes from this
 * run's owner. `X-Certwright-Signature: sha256=<hex>` is HMAC-SHA256 over the exact body bytes with
 * `notify-secret`; `X-Certwright-Timestamp` (Unix seconds) repeats the body's `sentAt`, which the
 * signature covers, so a receiver can refuse a replayed message.
 */
import { createHmac } from 'node:crypto';
import type { RunReport } from './report.js';

export const SIGNATURE_HEADER = 'x-certwright-signature';
export const TIMESTAMP_HEADER = 'x-certwright-timestamp';

/** The signature header's value for `body`. */
export function signature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** The body (`{event, events, run, certificates, …}`) and its headers. */
export function webhookRequest(
  report: RunReport,
  secret: string,
): { readonly body: string; readonly headers: Record<string, string> } {
  const sentAt = Math.floor(Date.parse(report.at) / 1000);
  const payload = {
    /** The first of the events, for receivers that route on one. */
    event: report.events[0],
    events: report.events,
    run: { ...report.run, at: report.at },
    sentAt,
    total: report.total,
    ...(report.runError ? { error: report.runError } : {}),
    certificates: report.certificates,
  };
  const body = JSON.stringify(payload);
  return { body, headers: { [SIGNATURE_HEADER]: signature(body, secret), [TIMESTAMP_HEADER]: String(sentAt) } };
}
