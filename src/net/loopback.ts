import { isIP } from 'node:net';

/**
 * Whether `hostname` (a URL's, brackets allowed) names this machine: `localhost` and its
 * subdomains (RFC 6761 §6.3), 127.0.0.0/8 and ::1. Plain http to it never crosses a network,
 * which is why a local test server may use it when everything else must use https.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return isIP(host) === 6 && (host === '::1' || host === '0:0:0:0:0:0:0:1');
}
