/**
 * Proxies from the environment, the way curl reads them: HTTPS_PROXY / HTTP_PROXY / NO_PROXY
 * (lower case first). Implemented here rather than through Node 24's NODE_USE_ENV_PROXY so it
 * works the same on Node 20, and so errors can name the variable they came from.
 */
import { http, https } from './builtins.js';
import type * as HttpTypes from 'node:http';
import type * as HttpsTypes from 'node:https';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';

/** The environment variables a proxy is read from. */
export type ProxyEnvironment = Readonly<Record<string, string | undefined>>;

/** Where requests to one origin go instead of straight to it. */
export interface ProxyRoute {
  /** The proxy's host name or address (IPv6 without brackets). */
  readonly host: string;
  readonly port: number;
  /** The variable the proxy came from, as spelled in the environment (`https_proxy`, `HTTPS_PROXY`, ...). */
  readonly variable: string;
  /** The proxy URL for messages and logs, credentials replaced by `***`: `http://***@proxy:3128`. */
  readonly display: string;
  /** `Basic ...` from the credentials in the proxy URL, if any. */
  readonly authorization?: string;
}

/**
 * The proxy a request to `target` goes through, or undefined to connect directly. https targets
 * use `https_proxy` ?? `HTTPS_PROXY`, http targets `http_proxy` ?? `HTTP_PROXY`; `no_proxy` ??
 * `NO_PROXY` lists the exceptions (see {@link bypassesProxy}). Throws when the variable is not an
 * http:// proxy URL.
 */
export function proxyFor(target: URL, env: ProxyEnvironment): ProxyRoute | undefined {
  const scheme = target.protocol === 'https:' ? 'https' : target.protocol === 'http:' ? 'http' : undefined;
  if (scheme === undefined) return undefined;
  const lower = `${scheme}_proxy`;
  const upper = lower.toUpperCase();
  const variable = env[lower] !== undefined ? lower : upper;
  const value = env[variable]?.trim();
  // Set but empty (`https_proxy=`) means no proxy, as in curl: it does not fall back to upper case.
  if (!value) return undefined;
  if (bypassesProxy(target, env.no_proxy ?? env.NO_PROXY ?? '')) return undefined;
  return parseProxyUrl(value, variable);
}

/**
 * Replaces the credentials of a URL with `***`, for messages that quote it. Everything up to the
 * last `@` goes: a value that failed to parse may have `/`, `#` or `@` in its password.
 */
export function redactCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)?.*@/i, (_, scheme: string | undefined) => `${scheme ?? ''}***@`);
}

function parseProxyUrl(value: string, variable: string): ProxyRoute {
  // A bare `host:port` is an http proxy, as curl and Go read it.
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new Error(
      `proxy: ${variable} is not a valid URL: "${redactCredentials(withScheme)}"; ` +
        'expected http://[user:password@]host[:port]',
    );
  }
  const credentials = url.username !== '' || url.password !== '';
  const port = url.port === '' ? 80 : Number(url.port);
  const display = `http://${credentials ? '***@' : ''}${url.hostname}:${port}`;
  if (url.protocol !== 'http:') {
    throw new Error(
      `proxy: ${variable} must be an http:// proxy URL; ` +
        `got ${url.protocol}//${credentials ? '***@' : ''}${url.host} ` +
        `(${url.protocol.slice(0, -1)} proxies are not supported)`,
    );
  }
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const route = { host, port, variable, display };
  return credentials ? { ...route, authorization: basicAuthorization(url, variable) } : route;
}

function basicAuthorization(url: URL, variable: string): string {
  try {
    const userPass = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    return `Basic ${Buffer.from(userPass, 'utf8').toString('base64')}`;
  } catch (cause) {
    // The message must not quote the credentials it could not decode.
    throw new Error(
      `proxy: the credentials in ${variable} are not valid percent-encoding; encode special characters (%40 for @)`,
      { cause },
    );
  }
}

/**
 * Whether NO_PROXY exempts `target`. Entries are separated by commas or spaces; `*` matches every
 * host; a name matches itself and its subdomains (a leading `.` or `*.` means the same); an IP
 * address matches itself and an IPv4 CIDR (`10.0.0.0/8`) its range; `:port` after an entry limits
 * it to that port. Case-insensitive. Loopback is not special: like curl, 127.0.0.1 and localhost
 * go through the proxy unless listed. Entries that are none of these match nothing.
 */
export function bypassesProxy(target: URL, noProxy: string): boolean {
  const host = normalizeHost(target.hostname);
  const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
  return noProxy
    .split(/[\s,]+/)
    .filter((entry) => entry !== '')
    .some((entry) => entryMatches(entry.toLowerCase(), host, port));
}

function entryMatches(entry: string, host: string, port: number): boolean {
  if (entry === '*') return true;
  const parsed = splitPort(entry);
  if (parsed === undefined || (parsed.port !== undefined && parsed.port !== port)) return false;
  const pattern = parsed.host;
  const slash = pattern.indexOf('/');
  if (slash >= 0) return inIpv4Cidr(host, pattern.slice(0, slash), pattern.slice(slash + 1));
  if (net.isIP(pattern) !== 0) return net.isIP(host) !== 0 && normalizeHost(pattern) === host;
  if (net.isIP(host) !== 0) return false;
  const domain = normalizeHost(pattern.replace(/^\*?\./, ''));
  return domain !== '' && (host === domain || host.endsWith(`.${domain}`));
}

/** `host`, `host:port`, `[v6]`, `[v6]:port` or a bare IPv6 address (which has no port). */
function splitPort(entry: string): { host: string; port?: number } | undefined {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed)
    return bracketed[2] === undefined
      ? { host: bracketed[1] ?? '' }
      : { host: bracketed[1] ?? '', port: Number(bracketed[2]) };
  if (entry.startsWith('[')) return undefined;
  const colons = entry.split(':').length - 1;
  if (colons !== 1) return { host: entry };
  const [host = '', port = ''] = entry.split(':');
  return /^\d+$/.test(port) ? { host, port: Number(port) } : undefined;
}

/** Lower case, no brackets around IPv6, IPv6 in its canonical form, no trailing dot. */
function normalizeHost(host: string): string {
  const bare = host
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
  if (net.isIPv6(bare)) return new URL(`http://[${bare}]/`).hostname.slice(1, -1);
  return bare;
}

function inIpv4Cidr(host: string, network: string, bits: string): boolean {
  if (!net.isIPv4(host) || !net.isIPv4(network) || !/^\d+$/.test(bits) || Number(bits) > 32) return false;
  const prefix = Number(bits);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return (ipv4ToNumber(host) & mask) >>> 0 === (ipv4ToNumber(network) & mask) >>> 0;
}

function ipv4ToNumber(address: string): number {
  return address.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
}

/** `host:port` for a CONNECT request line and Host header, IPv6 in brackets. */
function authorityOf(host: string, port: number): string {
  return `${net.isIPv6(host) ? `[${host}]` : host}:${port}`;
}

export interface HttpsProxyAgentOptions extends HttpsTypes.AgentOptions {
  /** How long the proxy may take to connect and answer CONNECT. */
  readonly connectTimeoutMs: number;
}

/**
 * An https agent whose connections are tunnels through an http proxy: TCP to the proxy,
 * `CONNECT host:port`, then TLS to the target inside the tunnel, with the agent's trust options.
 * Connections are pooled and kept alive per target like the ones of a plain https.Agent.
 */
export class HttpsProxyAgent extends https.Agent {
  readonly #route: ProxyRoute;
  readonly #connectTimeoutMs: number;

  constructor(route: ProxyRoute, options: HttpsProxyAgentOptions) {
    const { connectTimeoutMs, ...agentOptions } = options;
    super(agentOptions);
    this.#route = route;
    this.#connectTimeoutMs = connectTimeoutMs;
  }

  /** Node's agent accepts the socket through `callback` when this returns undefined. */
  override createConnection(
    options: HttpsTypes.RequestOptions & Pick<tls.ConnectionOptions, 'secureContext'>,
    callback?: (error: Error | null, stream: Duplex) => void,
  ): undefined {
    // Node's callback takes no stream with an error.
    const done = callback as ((error: Error | null, stream?: Duplex) => void) | undefined;
    const host = options.host ?? options.hostname ?? 'localhost';
    const port = Number(options.port ?? 443);
    openTunnel(this.#route, authorityOf(host, port), this.#connectTimeoutMs).then(
      (socket) => {
        const tlsSocket = tls.connect({
          socket,
          host,
          // SNI carries names only; for an address the certificate is checked against `host`.
          ...(net.isIP(host) === 0 ? { servername: options.servername || host } : {}),
          ...(options.secureContext ? { secureContext: options.secureContext } : {}),
          ...(options.ca ? { ca: options.ca } : {}),
          ...(options.rejectUnauthorized !== undefined ? { rejectUnauthorized: options.rejectUnauthorized } : {}),
        });
        done?.(null, tlsSocket);
      },
      (error: Error) => done?.(error),
    );
    return undefined;
  }
}

/** Opens a CONNECT tunnel to `authority` through the proxy; resolves with the raw tunnel socket. */
function openTunnel(route: ProxyRoute, authority: string, timeoutMs: number): Promise<net.Socket> {
  const proxy = `proxy: ${route.display} (from ${route.variable})`;
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host: authority };
    if (route.authorization) headers['proxy-authorization'] = route.authorization;
    const request = http.request({
      host: route.host,
      port: route.port,
      method: 'CONNECT',
      path: authority,
      headers,
      agent: false,
    });
    const timer = setTimeout(
      () => request.destroy(new Error(`${proxy} did not set up a tunnel to ${authority} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    // A TLS server speaks only after the client hello, so nothing arrives before it (no `head`).
    request.once('connect', (response: HttpTypes.IncomingMessage, socket: net.Socket) => {
      clearTimeout(timer);
      const status = response.statusCode ?? 0;
      if (status >= 200 && status < 300) {
        socket.setNoDelay(true);
        resolve(socket);
        return;
      }
      socket.destroy();
      reject(
        new Error(
          `${proxy} refused CONNECT to ${authority}: HTTP ${status} ${response.statusMessage ?? ''}`.trimEnd() +
            refusalHint(status, route),
        ),
      );
    });
    request.once('error', (error) => {
      clearTimeout(timer);
      reject(
        error.message.startsWith('proxy: ')
          ? error
          : new Error(`${proxy} could not be reached for CONNECT to ${authority}`, { cause: error }),
      );
    });
    request.end();
  });
}

function refusalHint(status: number, route: ProxyRoute): string {
  if (status !== 407) return '';
  return route.authorization
    ? `; check the proxy credentials in ${route.variable}`
    : `; the proxy wants credentials: set ${route.variable} to http://user:password@host:port`;
}
