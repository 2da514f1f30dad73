import { http, https } from './builtins.js';
import type * as HttpTypes from 'node:http';
import type * as HttpsTypes from 'node:https';
import tls from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { silentLogger, type Logger } from '../runtime.js';
import { HttpsProxyAgent, proxyFor, type ProxyEnvironment, type ProxyRoute } from './proxy.js';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  readonly method: HttpMethod;
  readonly url: string;
  readonly body?: string | Uint8Array;
  /**
   * Every header but the few of {@link PORTABLE_HEADERS} is treated as a credential: it goes
   * only to the origin of `url`, never to another one a redirect points at.
   */
  readonly headers?: Record<string, string>;
  /** `follow` (default): 3xx answers to GET and HEAD are followed; `manual`: returned as they are. */
  readonly redirect?: 'follow' | 'manual';
  /** The most bytes the response body may have; default the client's `maxResponseBytes`. */
  readonly maxResponseBytes?: number;
  /** Milliseconds the whole request (connection, redirects, body) may take; default the client's `deadlineMs`. */
  readonly deadlineMs?: number;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: HttpTypes.IncomingHttpHeaders;
  readonly body: Buffer;
  /** The URL that answered, after redirects. */
  readonly url: string;
}

export type HttpClient = (request: HttpRequest) => Promise<HttpResponse>;

export interface HttpClientOptions {
  readonly userAgent: string;
  /** Extra PEM certificates to trust besides the system roots (a private or test CA). */
  readonly extraCaPem?: string;
  /** A certificate to present to servers that ask for one (mutual TLS, such as a Kubernetes API server's users). */
  readonly clientCertificate?: ClientCertificate;
  /** Per-request timeout (socket inactivity, and setting up a proxy tunnel); default 30 s. */
  readonly timeoutMs?: number;
  /**
   * Milliseconds a request may take in all, redirects and body included, however steadily the
   * server trickles; default 60 s. A request may ask for another.
   */
  readonly deadlineMs?: number;
  /** The most bytes a response body may have; default 8 MiB (API answers). Downloads ask for their own bound. */
  readonly maxResponseBytes?: number;
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

/** A client certificate and its private key (PEM). */
export interface ClientCertificate {
  readonly certPem: string;
  readonly keyPem: string;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/**
 * The only headers that follow a redirect to another origin. Everything else may be a credential
 * (Authorization, Cookie, x-api-key, x-amz-security-token, X-Auth-Key, a vendor's own...): an
 * allow-list cannot miss one the way a list of known credential headers can. No body follows a
 * redirect (only GET and HEAD are followed), so neither does content-type.
 */
export const PORTABLE_HEADERS: ReadonlySet<string> = new Set([
  'accept',
  'accept-encoding',
  'accept-language',
  'user-agent',
]);
const POOL = { keepAlive: true, maxSockets: 8 } as const;
const DEFAULT_DEADLINE_MS = 60_000;
const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

/**
 * A small HTTP(S) client on node:https with keep-alive: an ACME run makes dozens of requests to
 * one host, and reusing the TLS connection is most of the speed. Follows redirects for GET and
 * HEAD, and goes through the proxy `options.env` names.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const logger = options.logger ?? silentLogger;
  const secureContext =
    options.extraCaPem || options.clientCertificate
      ? buildSecureContext(options.extraCaPem, logger, options.clientCertificate)
      : undefined;
  return followingRedirects(new Transport(options, secureContext), options.maxRedirects ?? 5);
}

/**
 * The clients of one run: one per trust set (system roots, or system roots + an extra CA PEM), built once and shared.
 */
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
function buildSecureContext(
  extraCaPem: string | undefined,
  logger: Logger,
  identity?: ClientCertificate,
): tls.SecureContext {
  const blocks =
    extraCaPem === undefined ? [] : extraCaPem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  for (const block of blocks ?? [null]) {
    try {
      if (block === null) throw new Error('no PEM certificate block');
      new X509Certificate(block);
    } catch (cause) {
      throw new Error('http: the extra CA is not a valid PEM certificate', { cause });
    }
  }
  const context = withExtraCa(extraCaPem, identity) ?? fromPemStrings(extraCaPem, identity);
  logger.debug(
    `net: TLS context built (system roots${extraCaPem ? ' + extra CA' : ''}${identity ? ', client certificate' : ''})`,
  );
  return context;
}

/** The native context's handle: `addCACert` adds to a copy of the default trust store. */
interface NativeContext {
  addCACert?: (pem: string) => void;
}

/**
 * Node's default trust (bundled roots, NODE_EXTRA_CA_CERTS, --use-system-ca; parsed once, in
 * C++) plus the extra CA: about 1 ms, where handing every root to `ca` as a PEM string costs
 * 20 ms at every start. Undefined where the runtime's context lacks the handle.
 */
function withExtraCa(extraCaPem: string | undefined, identity?: ClientCertificate): tls.SecureContext | undefined {
  const context = withIdentity(identity, {});
  if (extraCaPem === undefined) return context;
  const native = (context as unknown as { context?: NativeContext }).context;
  if (typeof native?.addCACert !== 'function') return undefined;
  native.addCACert(extraCaPem);
  return context;
}

/** A secure context with `options`, presenting `identity` if given; never quotes the key in an error. */
function withIdentity(identity: ClientCertificate | undefined, options: tls.SecureContextOptions): tls.SecureContext {
  if (identity === undefined) return tls.createSecureContext(options);
  try {
    return tls.createSecureContext({ ...options, cert: identity.certPem, key: identity.keyPem });
  } catch (cause) {
    throw new Error('http: the client certificate or its key is not valid PEM, or they do not match', { cause });
  }
}

function fromPemStrings(extraCaPem: string | undefined, identity?: ClientCertificate): tls.SecureContext {
  // Node >= 22.15 can list its default trust; Node 20 only the bundled roots.
  const defaults =
    (tls as { getCACertificates?: (type: 'default') => string[] }).getCACertificates?.('default') ??
    tls.rootCertificates;
  try {
    return withIdentity(identity, extraCaPem === undefined ? {} : { ca: [...defaults, extraCaPem] });
  } catch (cause) {
    if (cause instanceof Error && cause.message.startsWith('http: ')) throw cause;
    throw new Error('http: the extra CA is not a valid PEM certificate', { cause });
  }
}

/**
 * A URL as errors show it: origin and path, never the query (tokens travel there: presigned and
 * SAS URLs), the fragment or credentials in the authority.
 */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(an invalid URL)';
  }
}

function followingRedirects(transport: Transport, maxRedirects: number): HttpClient {
  return async (request) => {
    const original = new URL(request.url).origin;
    const follows = request.redirect !== 'manual' && (request.method === 'GET' || request.method === 'HEAD');
    const deadlineMs = request.deadlineMs ?? transport.deadlineMs;
    const limits = {
      deadlineMs,
      deadlineAt: Date.now() + deadlineMs,
      maxBytes: request.maxResponseBytes ?? transport.maxResponseBytes,
    };
    let hop = request;
    // Once the chain has left the first origin, credentials stay behind, even on the way back.
    let leftOrigin = false;
    for (let redirects = 0; ; redirects++) {
      const response = await transport.send(hop, limits);
      const location = response.headers.location;
      if (!follows || !REDIRECT_STATUSES.has(response.status) || location === undefined) return response;
      if (redirects >= maxRedirects)
        throw new Error(`http: more than ${maxRedirects} redirects from ${describeUrl(request.url)}`);
      const next = redirectTarget(hop.url, location);
      leftOrigin ||= next.origin !== original;
      const headers = leftOrigin ? portableHeaders(request.headers) : request.headers;
      // GET and HEAD carry no body, so none follows the redirect.
      hop = { method: request.method, url: next.href, ...(headers ? { headers } : {}) };
    }
  };
}

/** Where a redirect points; never from https down to plain http. */
function redirectTarget(from: string, location: string): URL {
  let next: URL;
  try {
    next = new URL(location, from);
  } catch (cause) {
    throw new Error(`http: ${describeUrl(from)} redirected to an invalid Location`, { cause });
  }
  if (new URL(from).protocol === 'https:' && next.protocol === 'http:') {
    throw new Error(
      `http: refusing the redirect from ${describeUrl(from)} to ${describeUrl(next.href)}: ` +
        'it would downgrade HTTPS to plain HTTP',
    );
  }
  return next;
}

function portableHeaders(headers: Record<string, string> | undefined): Record<string, string> | undefined {
  if (headers === undefined) return undefined;
  return Object.fromEntries(Object.entries(headers).filter(([name]) => PORTABLE_HEADERS.has(name.toLowerCase())));
}

/** What bounds one request: its deadline (absolute, and as configured for messages) and body size. */
interface Limits {
  readonly deadlineMs: number;
  readonly deadlineAt: number;
  readonly maxBytes: number;
}

/** One request, one response: the agents, the proxy routes and the timeouts of one client. */
class Transport {
  readonly #userAgent: string;
  readonly #timeoutMs: number;
  readonly deadlineMs: number;
  readonly maxResponseBytes: number;
  readonly #env: ProxyEnvironment;
  readonly #logger: Logger;
  readonly #secureContext: tls.SecureContext | undefined;
  readonly #directHttps: HttpsTypes.Agent;
  readonly #directHttp = new http.Agent(POOL);
  /** The proxy for each origin (undefined: direct), worked out and logged once. */
  readonly #routes = new Map<string, ProxyRoute | undefined>();
  readonly #proxyAgents = new Map<string, HttpTypes.Agent>();

  constructor(options: Omit<HttpClientOptions, 'extraCaPem'>, secureContext: tls.SecureContext | undefined) {
    this.#userAgent = options.userAgent;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.#env = options.env ?? {};
    this.#logger = options.logger ?? silentLogger;
    this.#secureContext = secureContext;
    this.#directHttps = new https.Agent({ ...POOL, ...(secureContext ? { secureContext } : {}) });
  }

  async send(request: HttpRequest, limits: Limits): Promise<HttpResponse> {
    const target = new URL(request.url);
    const isHttps = target.protocol === 'https:';
    if (!isHttps && target.protocol !== 'http:') {
      throw new Error(
        `http: unsupported URL scheme ${target.protocol} in a request to ${target.host}; expected https:// or http://`,
      );
    }
    const bounds = { ...limits, timeoutMs: this.#timeoutMs };
    const route = this.#routeFor(target);
    const headers: Record<string, string> = { 'user-agent': this.#userAgent, ...request.headers };
    if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
    const common = { method: request.method, timeout: this.#timeoutMs };
    if (isHttps) {
      const agent = route ? this.#agentFor(route, 'https') : this.#directHttps;
      return exchange(request, bounds, (onResponse) =>
        https.request(target, { ...common, headers, agent }, onResponse),
      );
    }
    if (route === undefined) {
      return exchange(request, bounds, (onResponse) =>
        http.request(target, { ...common, headers, agent: this.#directHttp }, onResponse),
      );
    }
    // Plain http through a proxy: the absolute URL as the request target, sent to the proxy.
    const proxied = {
      ...headers,
      host: target.host,
      ...(route.authorization ? { 'proxy-authorization': route.authorization } : {}),
    };
    const path = `${target.protocol}//${target.host}${target.pathname}${target.search}`;
    const agent = this.#agentFor(route, 'http');
    return exchange(
      request,
      bounds,
      (onResponse) =>
        http.request({ ...common, host: route.host, port: route.port, path, headers: proxied, agent }, onResponse),
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

  #agentFor(route: ProxyRoute, scheme: 'http' | 'https'): HttpTypes.Agent {
    const key = `${scheme} ${route.variable} ${route.host} ${route.port} ${route.authorization ?? ''}`;
    let agent = this.#proxyAgents.get(key);
    if (agent === undefined) {
      agent =
        scheme === 'https'
          ? new HttpsProxyAgent(route, {
              ...POOL,
              connectTimeoutMs: this.#timeoutMs,
              ...(this.#secureContext ? { secureContext: this.#secureContext } : {}),
            })
          : new http.Agent(POOL);
      this.#proxyAgents.set(key, agent);
    }
    return agent;
  }
}

/**
 * Sends a request made by `start` and collects the response, inside the deadline and the size
 * bound of `limits`: a server that trickles a byte at a time or never stops sending is cut off.
 * With `proxy` (plain http through a proxy), a failure before the connection to the proxy is up
 * names the proxy and its variable.
 */
function exchange(
  request: HttpRequest,
  limits: Limits & { readonly timeoutMs: number },
  start: (onResponse: (response: HttpTypes.IncomingMessage) => void) => HttpTypes.ClientRequest,
  proxy?: ProxyRoute,
): Promise<HttpResponse> {
  const where = `${request.method} ${describeUrl(request.url)}`;
  return new Promise<HttpResponse>((resolve, reject) => {
    let connected = false;
    let settled = false;
    let response: HttpTypes.IncomingMessage | undefined;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      response?.destroy();
      req.destroy();
      reject(error);
    };
    const deadline = setTimeout(
      () => fail(new Error(`http: ${where} did not finish within its deadline of ${formatMs(limits.deadlineMs)}`)),
      Math.max(0, limits.deadlineAt - Date.now()),
    );
    const tooLarge = () =>
      new Error(`http: the response to ${where} is larger than its limit of ${formatBytes(limits.maxBytes)}`);
    const req = start((res) => {
      response = res;
      if (Number(res.headers['content-length']) > limits.maxBytes) return fail(tooLarge());
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limits.maxBytes) fail(tooLarge());
        else chunks.push(chunk);
      });
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), url: request.url });
      });
      res.on('error', fail);
      res.on('close', () => fail(new Error(`http: ${where}: the connection closed before the response was complete`)));
    });
    req.on('socket', (socket) => {
      if (!socket.connecting) connected = true;
      else socket.once('connect', () => (connected = true));
    });
    req.on('timeout', () => fail(new Error(`http: ${where} timed out after ${limits.timeoutMs} ms`)));
    req.on('error', (error) => {
      if (proxy && !connected)
        fail(
          new Error(`proxy: ${proxy.display} (from ${proxy.variable}) could not be reached for ${where}`, {
            cause: error,
          }),
        );
      else fail(error);
    });
    if (request.body !== undefined) req.write(request.body);
    req.end();
  });
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function formatBytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return Number.isInteger(mib) ? `${mib} MiB` : `${bytes} bytes`;
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
