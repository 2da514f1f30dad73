/**
 * The URLs a run reports to are secrets (a webhook's path is its credential), so nothing here
 * quotes one: errors name the setting, the kind and the host only.
 */
import { isLoopbackHost } from '../net/loopback.js';

/** A report URL, checked, with the kind its `kind+` prefix forces (`slack+https://…`), if any. */
export interface ReportUrl {
  readonly url: URL;
  readonly forced?: string;
}

/**
 * Parses `text` as an https URL (plain http only to this machine: the URL is a credential),
 * without credentials in its authority, after an optional `kind+` prefix out of `kinds`.
 */
export function parseReportUrl(option: string, text: string, kinds: readonly string[]): ReportUrl {
  const prefix = /^([a-z-]+)\+(?=https?:)/i.exec(text);
  const forced = prefix?.[1]?.toLowerCase();
  if (forced !== undefined && !kinds.includes(forced))
    throw new Error(`${option}: "${forced}+" is not a kind; expected one of ${kinds.map((k) => `${k}+`).join(', ')}`);
  let url: URL;
  try {
    url = new URL(prefix ? text.slice(prefix[0].length) : text);
  } catch {
    throw new Error(`${option}: a value is not a URL (not shown: it is a secret); expected one such as https://…`);
  }
  const where = `${forced ?? 'the'} URL at ${url.host}`;
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(`${option}: ${where} is not an http(s) URL; expected https://…`);
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname))
    throw new Error(
      `${option}: ${where} is plain http, so the URL (a credential) and the message would cross the network ` +
        'readable; use https (plain http only for a loopback address such as 127.0.0.1)',
    );
  if (url.username || url.password)
    throw new Error(`${option}: ${where} carries credentials in its authority; webhooks take none there`);
  return { url, ...(forced ? { forced } : {}) };
}

/** Whether `host` is `domain` or one of its subdomains. */
export function hostIs(host: string, domain: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return name === domain || name.endsWith(`.${domain}`);
}

/**
 * An error's text without any part of `url` (its path, query and the whole of it): HTTP errors
 * name the URL they were sent to, and this one is a secret.
 */
export function withoutUrl(text: string, url: URL): string {
  const replacements: [string, string][] = [
    [url.href, url.host],
    [`${url.origin}${url.pathname}`, url.host],
    [url.pathname, '/***'],
    [url.search, '?***'],
  ];
  return replacements
    .filter(([part]) => part.length > 1)
    .reduce((out, [part, shown]) => out.split(part).join(shown), text);
}
