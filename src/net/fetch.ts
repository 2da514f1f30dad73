/**
 * `fetch` on top of the project's HttpClient, for SDKs that take a fetch implementation (Octokit:
 * `new Octokit({ request: { fetch } })`), so their requests use the same proxy, trust and
 * keep-alive pools as everything else, and its rules: on a redirect to another origin only the
 * client's portable headers travel (fetch itself would keep all but Authorization), within a
 * deadline and a size bound. Buffered, like the client: fine for API calls.
 */
import { http } from './builtins.js';
import { describeUrl, type HttpClient, type HttpMethod, type HttpResponse } from './http.js';

const METHODS: readonly HttpMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
/** Set by the client from the request itself; a caller's copy could only contradict it. */
const CLIENT_HEADERS = new Set(['host', 'content-length', 'connection', 'keep-alive', 'transfer-encoding']);
/** Statuses whose responses have no body (Fetch standard, "null body status"). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export function fetchOver(client: HttpClient): typeof fetch {
  return async function fetchThroughClient(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    // The signal is checked here rather than handed to Request, which would tie a listener to it.
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    if (signal?.aborted) throw signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
    // Request does the normalizing fetch does: URL, header lists, and every kind of body.
    const request = new Request(input, { ...init, signal: null });
    const method = METHODS.find((known) => known === request.method.toUpperCase());
    if (method === undefined)
      throw new TypeError(`fetch: method ${request.method} is not supported; expected one of ${METHODS.join(', ')}`);
    const headers: Record<string, string> = {};
    for (const [name, value] of request.headers) if (!CLIENT_HEADERS.has(name)) headers[name] = value;
    const body = request.body === null ? undefined : new Uint8Array(await request.arrayBuffer());
    // `manual` and `error` see the 3xx itself; `follow` lets the client follow it by its rules.
    const redirect = request.redirect === 'follow' ? 'follow' : 'manual';
    let response: HttpResponse;
    try {
      response = await client({ method, url: request.url, headers, redirect, ...(body === undefined ? {} : { body }) });
    } catch (error) {
      // A network failure rejects fetch with a TypeError; SDKs look at its cause.
      throw new TypeError(`fetch: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    if (request.redirect === 'error' && REDIRECT_STATUSES.has(response.status)) {
      throw new TypeError(
        `fetch: ${method} ${describeUrl(request.url)} answered a redirect (HTTP ${response.status}), ` +
          'and redirect is "error"',
      );
    }
    return toResponse(response, method, request.url);
  };
}

function toResponse(response: HttpResponse, method: HttpMethod, requestedUrl: string): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    if (value === undefined) continue;
    if (!Array.isArray(value)) headers.set(name, value);
    else if (name === 'set-cookie') for (const cookie of value) headers.append(name, cookie);
    else headers.set(name, value.join(', '));
  }
  const noBody = method === 'HEAD' || NULL_BODY_STATUSES.has(response.status);
  const result = new Response(noBody ? null : response.body, {
    status: response.status,
    statusText: http.STATUS_CODES[response.status] ?? '',
    headers,
  });
  // Response's url and redirected are read-only getters that only fetch itself may set.
  Object.defineProperty(result, 'url', { value: response.url });
  Object.defineProperty(result, 'redirected', { value: response.url !== requestedUrl });
  return result;
}
