/**
 * The request handler of the AWS SDK v3 (Smithy clients: `new Route53Client({ requestHandler })`)
 * on top of the project's HttpClient, so SDK calls, and the STS calls of its credential chain,
 * use the same proxy settings, trust and keep-alive pools as everything else. Typed structurally:
 * only what the SDK reads and writes is named here.
 */
import { Readable } from 'node:stream';
import type { HttpClient, HttpMethod } from './http.js';

/** What the SDK hands a request handler (`@smithy/protocol-http` HttpRequest). */
export interface SmithyRequest {
  readonly method: string;
  readonly protocol: string;
  readonly hostname: string;
  readonly port?: number;
  readonly path: string;
  readonly query?: Record<string, string | readonly string[] | null | undefined>;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}

/** What it expects back (`@smithy/protocol-http` HttpResponse): the body as a Node stream. */
export interface SmithyResponse {
  readonly statusCode: number;
  readonly reason?: string;
  readonly headers: Record<string, string>;
  readonly body: Readable;
}

export interface SmithyHandler {
  handle(
    request: SmithyRequest,
    options?: { abortSignal?: { aborted: boolean } },
  ): Promise<{ response: SmithyResponse }>;
  updateHttpClientConfig(key: never, value: never): void;
  httpHandlerConfigs(): Record<string, never>;
  destroy(): void;
}

const METHODS: readonly HttpMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
/** Set by the client from the request itself. */
const CLIENT_HEADERS = new Set(['content-length', 'connection', 'transfer-encoding']);

/** RFC 3986 escaping, as SigV4 canonicalizes a query: encodeURIComponent leaves !'()* alone. */
function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function requestUrl(request: SmithyRequest): string {
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(request.query ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (value === undefined) continue;
    if (value === null) pairs.push(escapeUri(name));
    else
      for (const item of typeof value === 'string' ? [value] : value)
        pairs.push(`${escapeUri(name)}=${escapeUri(item)}`);
  }
  const port = request.port === undefined ? '' : `:${request.port}`;
  const query = pairs.length > 0 ? `?${pairs.join('&')}` : '';
  return `${request.protocol}//${request.hostname}${port}${request.path}${query}`;
}

async function bodyBytes(body: unknown): Promise<string | Uint8Array | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body instanceof Readable) {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
    return Buffer.concat(chunks);
  }
  throw new TypeError(`smithy: request bodies of type ${Object.prototype.toString.call(body)} are not supported`);
}

export function smithyHandlerOver(client: HttpClient): SmithyHandler {
  return {
    async handle(request, options) {
      if (options?.abortSignal?.aborted) throw Object.assign(new Error('Request aborted'), { name: 'AbortError' });
      const method = METHODS.find((known) => known === request.method.toUpperCase());
      if (method === undefined) throw new TypeError(`smithy: method ${request.method} is not supported`);
      const headers = Object.fromEntries(
        Object.entries(request.headers).filter(([name]) => !CLIENT_HEADERS.has(name.toLowerCase())),
      );
      const body = await bodyBytes(request.body);
      // As the SDK's own handler: a 3xx goes back to the SDK (a SigV4 signature is for one URL
      // anyway), and no signed header, x-amz-security-token included, is sent anywhere else.
      const response = await client({
        method,
        url: requestUrl(request),
        headers,
        redirect: 'manual',
        ...(body === undefined ? {} : { body }),
      });
      const flat: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers)) {
        if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      return {
        response: {
          statusCode: response.status,
          headers: flat,
          body: Readable.from([response.body], { objectMode: false }),
        },
      };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
    // The HttpClient's pools belong to the run, not to one SDK client.
    destroy() {},
  };
}
