import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';

export interface HttpResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
  readonly url: string;
}

export interface HttpRequest {
  readonly method: 'GET' | 'HEAD' | 'POST';
  readonly url: string;
  readonly body?: string;
  readonly headers?: Record<string, string>;
}

export type HttpClient = (request: HttpRequest) => Promise<HttpResponse>;

export interface HttpClientOptions {
  /** Extra PEM certificates to trust besides the system roots (a private or test CA). */
  readonly extraCaPem?: string;
  readonly userAgent: string;
  /** Per-request timeout. */
  readonly timeoutMs?: number;
}

/**
 * A small HTTP(S) client on node:https with keep-alive: an ACME run makes dozens of requests to
 * one host, and reusing the TLS connection is most of the speed.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  // One secure context for every connection: passing `ca` instead would parse all the system
  // roots again for each new socket (tens of ms each, and an order opens several at once).
  const secureContext = options.extraCaPem ? tls.createSecureContext({ ca: [...tls.rootCertificates, options.extraCaPem] }) : undefined;
  const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 8, ...(secureContext ? { secureContext } : {}) });
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const timeoutMs = options.timeoutMs ?? 30_000;
  return (request) =>
    new Promise<HttpResponse>((resolve, reject) => {
      const target = new URL(request.url);
      const isHttps = target.protocol === 'https:';
      if (!isHttps && target.protocol !== 'http:') {
        reject(new Error(`http: unsupported URL scheme in ${request.url}; expected https:// or http://`));
        return;
      }
      const headers: Record<string, string> = { 'user-agent': options.userAgent, ...request.headers };
      if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
      const req = (isHttps ? https : http).request(
        target,
        { method: request.method, headers, agent: isHttps ? httpsAgent : httpAgent, timeout: timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), url: request.url }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`http: ${request.method} ${request.url} timed out after ${timeoutMs} ms`)));
      req.on('error', reject);
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
