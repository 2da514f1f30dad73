/**
 * The heartbeat: one call at the end of every run to a dead-man's-switch service, which alerts
 * when the calls stop (a workflow disabled, a schedule that no longer fires) or say the run failed.
 * The service comes from the URL's shape, or a `kind+` prefix:
 *
 * - healthchecks.io (`hc-ping.com`, or a self-hosted `/ping/<uuid>`): POST the URL on success, `<url>/fail` on
 *   failure, a short text body either way (healthchecks shows it as the ping's log).
 * - Cronitor telemetry (`cronitor.link/p/<key>/<monitor>`, `cronitor.io`): GET with `state=complete` or `state=fail`,
 *   and `message=`.
 * - Uptime Kuma push (`/api/push/<token>`): GET with `status=up` or `status=down`, and `msg=`.
 * - anything else: GET the URL on success; on failure GET it with `status=fail` added to its query.
 */
import type { HttpMethod } from '../net/http.js';
import { hostIs, parseReportUrl } from './url.js';

export const HEARTBEAT_KINDS = ['healthchecks', 'cronitor', 'uptime-kuma', 'generic'] as const;
export type HeartbeatKind = (typeof HEARTBEAT_KINDS)[number];

export interface HeartbeatTarget {
  readonly kind: HeartbeatKind;
  /** A secret: the path or query is the check's credential. */
  readonly url: string;
  readonly host: string;
}

/** A heartbeat call, ready for the HTTP client. */
export interface HeartbeatCall {
  readonly method: HttpMethod;
  readonly url: string;
  readonly body?: string;
}

function kindOf(url: URL): HeartbeatKind {
  if (hostIs(url.hostname, 'hc-ping.com') || /^\/ping\/[^/]+/.test(url.pathname)) return 'healthchecks';
  if (hostIs(url.hostname, 'cronitor.link') || hostIs(url.hostname, 'cronitor.io')) return 'cronitor';
  if (url.pathname.startsWith('/api/push/')) return 'uptime-kuma';
  return 'generic';
}

/** Parses `heartbeat-url`. */
export function heartbeatTarget(text: string): HeartbeatTarget {
  const { url, forced } = parseReportUrl('heartbeat-url', text, HEARTBEAT_KINDS);
  return { kind: (forced as HeartbeatKind | undefined) ?? kindOf(url), url: url.href, host: url.host };
}

/** Services cut long messages; a line is what a phone shows anyway. */
const MAX_MESSAGE = 500;

function withQuery(url: string, parameters: Record<string, string>): string {
  const out = new URL(url);
  for (const [name, value] of Object.entries(parameters)) out.searchParams.set(name, value);
  return out.href;
}

/** The call that tells `target` the run succeeded (`ok`) or failed, with a one-line `message`. */
export function heartbeatCall(target: HeartbeatTarget, ok: boolean, message: string): HeartbeatCall {
  const line = message.slice(0, MAX_MESSAGE);
  switch (target.kind) {
    case 'healthchecks': {
      const url = new URL(target.url);
      if (!ok) url.pathname = `${url.pathname.replace(/\/+$/, '')}/fail`;
      return { method: 'POST', url: url.href, body: line };
    }
    case 'cronitor':
      return { method: 'GET', url: withQuery(target.url, { state: ok ? 'complete' : 'fail', message: line }) };
    case 'uptime-kuma':
      return { method: 'GET', url: withQuery(target.url, { status: ok ? 'up' : 'down', msg: line }) };
    case 'generic':
      return { method: 'GET', url: ok ? target.url : withQuery(target.url, { status: 'fail' }) };
  }
}
