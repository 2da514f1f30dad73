import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { silentLogger, type Logger } from '../runtime.js';
import { HttpsProxyAgent, proxyFor, type ProxyEnvironment, type ProxyRoute } from './proxy.js';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  readonly method: HttpMethod;
  readonly url: string;
  readonly body?: string | Uint8Array;
  readonly headers?: Record<string, string>;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
  /** The URL that answered, after redirects. */
  readonly url: string;
}

export type HttpClient = (request: HttpRequest) => Promise<HttpResponse>;

export interface HttpClientOptions {
  readonly userAgent: string;
  /** Extra PEM certificates to trust besides the system roots (a private or test CA). */
  readonly extraCaPem?: string;
  /** Per-request timeout (socket inactivity, and setting up a proxy tunnel); default 30 s. */
  readonly timeoutMs?: number;
  /**
   * Where HTTPS_PROXY / HTTP_PROXY / NO_PROXY (either case, lower case first) are read.
   * Absent: no proxy. The front ends pass their environment; nothing here reads process.env.
   */
  readonly env?: ProxyEnvironment;
  /** Redirects followed for GET and HEAD before failing; default 5. */
  readonly maxRedirects?: number;
  /** Gets the debug lines: TLS contexts built, origins reached through a proxy. */
  readonly logger?: Logger;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Headers that only go to the origin the caller asked, never to one a redirect points at. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);
const POOL = { keepAlive: true, maxSockets: 8 } as const;

/**
 * A small HTTP(S) client on node:https with keep-alive: an ACME run makes dozens of requests to
 * one host, and reusing the TLS connection is most of the speed. Follows redirects for GET and
 * HEAD, and goes through the proxy `options.env` names.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const logger = options.logger ?? silentLogger;
  const secureContext = options.extraCaPem ? buildSecureContext(options.extraCaPem, logger) : undefined;
  return followingRedirects(new Transport(options, secureContext), options.maxRedirects ?? 5);
}

/** The clients of one run: one per trust set (system roots, or system roots + an extra CA PEM), built once and shared. */
export class HttpClients {
  readonly #options: Omit<HttpClientOptions, 'extraCaPem'>;
  readonly #clients = new Map<string, HttpClient>();
  #tlsContextsBuilt = 0;

  constructor(options: Omit<HttpClientOptions, 'extraCaPem'>) {
    this.#options = options;
  }

  /** The client trusting the system roots plus `extraCaPem` (none: system roots only); memoized by PEM content. */
  forTrust(extraCaPem?: string): HttpClient {
    const pem = extraCaPem?.trim() ?? '';
    const known = this.#clients.get(pem);
    if (known) return known;
    let secureContext: tls.SecureContext | undefined;
    if (pem !== '') {
      secureContext = buildSecureContext(pem, this.#options.logger ?? silentLogger);
      this.#tlsContextsBuilt++;
    }
    const client = followingRedirects(new Transport(this.#options, secureContext), this.#options.maxRedirects ?? 5);
    this.#clients.set(pem, client);
    return client;
  }

  /** How many TLS secure contexts were built so far (tests count them). */
  get tlsContextsBuilt(): number {
    return this.#tlsContextsBuilt;
  }
}

/**
 * One secure context for every connection of a client: passing `ca` per request instead would
 * parse all the roots again for each new socket (tens of ms each, and an order opens several).
 */
function buildSecureContext(extraCaPem: string, logger: Logger): tls.SecureContext {
  // Node >= 22.15 can list its default trust (bundled roots, NODE_EXTRA_CA_CERTS, --use-system-ca);
  // Node 20 only the bundled roots.
  const defaults = (tls as { getCACertificates?: (type: 'default') => string[] }).getCACertificates?.('default') ?? tls.rootCertificates;
  let context: tls.SecureContext;
  try {
    context = tls.createSecureContext({ ca: [...defaults, extraCaPem] });
  } catch (cause) {
    throw new Error('http: the extra CA is not a valid PEM certificate', { cause });
  }
  logger.debug('net: TLS context built (system roots + extra CA)');
  return context;
}

function followingRedirects(transport: Transport, maxRedirects: number): HttpClient {
  return async (request) => {
    const original = new URL(request.url);
    const follows = request.method === 'GET' || request.method === 'HEAD';
    let hop = request;
    for (let redirects = 0; ; redirects++) {
      const response = await transport.send(hop);
      const location = response.headers.location;
      if (!follows || !REDIRECT_STATUSES.has(response.status) || location === undefined) return response;
      if (redirects >= maxRedirects) throw new Error(`http: more than ${maxRedirects} redirects from ${request.url}`);
      hop = redirectedRequest(request, original, hop.url, location);
    }
  };
}

/** The request a redirect asks for; credentials only go to the original request's origin. */
function redirectedRequest(request: HttpRequest, original: URL, from: string, location: string): HttpRequest {
  let next: URL;
  try {
    next = new URL(location, from);
  } catch (cause) {
    throw new Error(`http: ${from} redirected to an invalid Location "${location}"`, { cause });
  }
  if (new URL(from).protocol === 'https:' && next.protocol === 'http:') {
    throw new Error(`http: refusing the redirect from ${from} to ${next.href}: it would downgrade HTTPS to plain HTTP`);
  }
  const headers = next.origin === original.origin ? request.headers : withoutCredentials(request.headers);
  // GET and HEAD carry no body, so none follows the redirect.
  return { method: request.method, url: next.href, ...(headers ? { headers } : {}) };
}

function withoutCredentials(headers: Record<string, string> | undefined): Record<string, string> | undefined {
  if (headers === undefined) return undefined;
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !CREDENTIAL_HEADERS.has(name.toLowerCase())));
}

/** One request, one response: the agents, the proxy routes and the timeouts of one client. */
class Transport {
  readonly #userAgent: string;
  readonly #timeoutMs: number;
  readonly #env: ProxyEnvironment;
  readonly #logger: Logger;
  readonly #secureContext: tls.SecureContext | undefined;
  readonly #directHttps: https.Agent;
  readonly #directHttp = new http.Agent(POOL);
  /** The proxy for each origin (undefined: direct), worked out and logged once. */
  readonly #routes = new Map<string, ProxyRoute | undefined>();
  readonly #proxyAgents = new Map<string, http.Agent>();

  constructor(options: Omit<HttpClientOptions, 'extraCaPem'>, secureContext: tls.SecureContext | undefined) {
    this.#userAgent = options.userAgent;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#env = options.env ?? {};
    this.#logger = options.logger ?? silentLogger;
    this.#secureContext = secureContext;
    this.#directHttps = new https.Agent({ ...POOL, ...(secureContext ? { secureContext } : {}) });
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    const target = new URL(request.url);
    const isHttps = target.protocol === 'https:';
    if (!isHttps && target.protocol !== 'http:') {
      throw new Error(`http: unsupported URL scheme in ${request.url}; expected https:// or http://`);
    }
    const route = this.#routeFor(target);
    const headers: Record<string, string> = { 'user-agent': this.#userAgent, ...request.headers };
    if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
    const common = { method: request.method, timeout: this.#timeoutMs };
    if (isHttps) {
      const agent = route ? this.#agentFor(route, 'https') : this.#directHttps;
      return exchange(request, this.#timeoutMs, (onResponse) => https.request(target, { ...common, headers, agent }, onResponse));
    }
    if (route === undefined) {
      return exchange(request, this.#timeoutMs, (onResponse) => http.request(target, { ...common, headers, agent: this.#directHttp }, onResponse));
    }
    // Plain http through a proxy: the absolute URL as the request target, sent to the proxy.
    const proxied = { ...headers, host: target.host, ...(route.authorization ? { 'proxy-authorization': route.authorization } : {}) };
    const path = `${target.protocol}//${target.host}${target.pathname}${target.search}`;
    const agent = this.#agentFor(route, 'http');
    return exchange(
      request,
      this.#timeoutMs,
      (onResponse) => http.request({ ...common, host: route.host, port: route.port, path, headers: proxied, agent }, onResponse),
      route,
    );
  }

  #routeFor(target: URL): ProxyRoute | undefined {
    const port = target.port || (target.protocol === 'https:' ? '443' : '80');
    const origin = `${target.protocol}//${target.hostname}:${port}`;
    if (this.#routes.has(origin)) return this.#routes.get(origin);
    const route = proxyFor(target, this.#env);
    this.#routes.set(origin, route);
    if (route) this.#logger.debug(`net: ${origin} via proxy ${route.display}`);
    return route;
  }

  #agentFor(route: ProxyRoute, scheme: 'http' | 'https'): http.Agent {
    const key = `${scheme} ${route.variable} ${route.host} ${route.port} ${route.authorization ?? ''}`;
    let agent = this.#proxyAgents.get(key);
    if (agent === undefined) {
      agent =
        scheme === 'https'
          ? new HttpsProxyAgent(route, { ...POOL, connectTimeoutMs: this.#timeoutMs, ...(this.#secureContext ? { secureContext: this.#secureContext } : {}) })
          : new http.Agent(POOL);
      this.#proxyAgents.set(key, agent);
    }
    return agent;
  }
}

/**
 * Sends a request made by `start` and collects the response. With `proxy` (plain http through a
 * proxy), a failure before the connection to the proxy is up names the proxy and its variable.
 */
function exchange(
  request: HttpRequest,
  timeoutMs: number,
  start: (onResponse: (response: http.IncomingMessage) => void) => http.ClientRequest,
  proxy?: ProxyRoute,
): Promise<HttpResponse> {
  return new Promise<HttpResponse>((resolve, reject) => {
    let connected = false;
    const req = start((res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), url: request.url }));
      res.on('error', reject);
    });
    req.on('socket', (socket) => {
      if (!socket.connecting) connected = true;
      else socket.once('connect', () => (connected = true));
    });
    req.on('timeout', () => req.destroy(new Error(`http: ${request.method} ${request.url} timed out after ${timeoutMs} ms`)));
    req.on('error', (error) => {
      if (proxy && !connected) reject(new Error(`proxy: ${proxy.display} (from ${proxy.variable}) could not be reached for ${request.method} ${request.url}`, { cause: error }));
      else reject(error);
    });
    if (request.body !== undefined) req.write(request.body);
    req.end();
  });
}

/** One `Link` header entry (RFC 8288), as ACME uses them: `<url>;rel="alternate"`. */
export interface Link {
  readonly url: string;
  readonly rel: string;
}

/** Parses all `Link` headers of a response, resolving relative URLs against the request URL. */
export function parseLinks(response: HttpResponse): Link[] {
  const raw = response.headers.link;
  const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const links: Link[] = [];
  for (const value of values) {
    for (const match of value.matchAll(/<([^>]*)>\s*((?:;\s*[^;,]+)*)/g)) {
      const rel = /;\s*rel="?([^";,]+)"?/i.exec(match[2] ?? '');
      if (rel?.[1]) links.push({ url: new URL(match[1] ?? '', response.url).toString(), rel: rel[1] });
    }
  }
  return links;
}

/**
 * Seconds to wait from a `Retry-After` header (delta-seconds or an HTTP date), or undefined.
 * `now` is injected so tests and callers with a clock agree.
 */
export function retryAfterMs(response: HttpResponse, now: number): number | undefined {
  const value = response.headers['retry-after'];
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
