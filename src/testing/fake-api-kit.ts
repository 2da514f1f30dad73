/**
 * A small declarative builder for local fakes of vendor APIs (Route 53, Cloudflare, Google
 * Cloud DNS, Azure DNS, DigitalOcean, and later deploy targets' vendors), after lego's
 * `internal/tester/servermock`: routes by
 * `METHOD /path/:param`, per-route request checks, an authentication hook and scripted failures
 * (throttling, 5xx). Anything a provider gets wrong is answered with an error *and* recorded
 * (`unmatched`, `checkFailures`), so a provider bug fails the test instead of passing quietly.
 * A path the vendor does not have is answered in the vendor's own error shape (`unknownRoute`).
 * `src/dns/providers/testing/bind-mirror.ts` lets a DNS fake mirror its TXT writes into the test
 * bed's BIND, so Pebble validates through real DNS.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { isDeepStrictEqual } from 'node:util';

export interface FakeApiRequest {
  readonly method: string;
  /** The path as sent (still percent-encoded), without the query. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Header names are lower case, as Node gives them. */
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  /** Values of the route's `:param` segments, decoded; empty before routing and for unmatched requests. */
  readonly params: Readonly<Record<string, string>>;
}

export interface RecordedRequest extends FakeApiRequest {
  /** The pattern of the route that matched, if any. */
  readonly route: string | undefined;
  /** The status the endpoint answered with. */
  readonly status: number;
}

export interface FakeApiReply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** Returns why the request is wrong, or undefined when it is fine. */
export type RequestCheck = (request: FakeApiRequest) => string | undefined;
export type FakeApiHandler = (request: FakeApiRequest) => FakeApiReply | Promise<FakeApiReply>;
export type Matcher = string | RegExp;
/** A predicate fails a check by returning false or by throwing (an `assert` inside it works). */
export type Predicate<T> = (value: T) => boolean | void;

export interface FakeApiRoute {
  /** `METHOD /path/:param`, also the key for `failNext`. */
  readonly pattern: string;
  readonly handler: FakeApiHandler;
  readonly checks: readonly RequestCheck[];
}

export interface CheckFailure {
  readonly request: FakeApiRequest;
  /** `METHOD path: what was wrong`. */
  readonly message: string;
}

/** A scripted failure's progress, live. */
export interface ScriptedFailure {
  readonly served: number;
  readonly remaining: number;
}

export interface FakeApiOptions {
  /** Names the endpoint in the error bodies it sends. */
  readonly name: string;
  /** Serve HTTPS with this certificate (its SAN should cover 127.0.0.1). */
  readonly tls?: { readonly certPem: string; readonly keyPem: string };
  /** Runs before routing, for every request; return a reply to reject it (e.g. 401 with the vendor's error body). */
  readonly auth?: (request: FakeApiRequest) => FakeApiReply | undefined | Promise<FakeApiReply | undefined>;
  readonly routes: readonly FakeApiRoute[];
  /** The vendor's own answer to a path or method it does not have (recorded as unmatched all the same); default a plain 404. */
  readonly unknownRoute?: (request: FakeApiRequest) => FakeApiReply;
}

export interface FakeApi {
  /** `http(s)://127.0.0.1:port`, without a trailing slash. */
  readonly url: string;
  /** Every request, in order of arrival. */
  readonly requests: readonly RecordedRequest[];
  /** Requests no route matched (answered 404). */
  readonly unmatched: readonly RecordedRequest[];
  /** Failed request checks (answered 400) and handlers that threw (answered 500). */
  readonly checkFailures: readonly CheckFailure[];
  /**
   * The next `times` requests to `pattern` that pass its checks get `reply` instead of the
   * handler's answer. Calls queue up: `failNext(p, a); failNext(p, b)` serves a, then b.
   */
  failNext(pattern: string, reply: FakeApiReply, times?: number): ScriptedFailure;
  /** Throws, listing them, if any request was unmatched or failed a check. */
  assertNoUnexpectedRequests(): void;
  /** Answers every request this many milliseconds late, as a vendor's API does over the internet (benchmarks). */
  setLatency(ms: number): void;
  /** Stops listening and drops keep-alive connections. */
  close(): Promise<void>;
}

// Replies

export function json(status: number, value: unknown, headers: Record<string, string> = {}): FakeApiReply {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

export function xml(status: number, text: string, headers: Record<string, string> = {}): FakeApiReply {
  return { status, headers: { 'content-type': 'text/xml', ...headers }, body: text };
}

export function text(status: number, body: string, headers: Record<string, string> = {}): FakeApiReply {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, body };
}

// Routes and checks

export function route(pattern: string, handler: FakeApiHandler, ...checks: RequestCheck[]): FakeApiRoute {
  return { pattern, handler, checks };
}

function describe(matcher: Matcher): string {
  return typeof matcher === 'string' ? JSON.stringify(matcher) : String(matcher);
}

function matches(matcher: Matcher, value: string): boolean {
  return typeof matcher === 'string' ? value === matcher : matcher.test(value);
}

function shorten(value: string): string {
  return value.length > 300 ? `${value.slice(0, 300)}...` : value;
}

function runPredicate<T>(label: string, predicate: Predicate<T>, value: T, shown: string): string | undefined {
  try {
    return predicate(value) === false ? `${label} rejected: ${shorten(shown)}` : undefined;
  } catch (error) {
    return `${label} rejected: ${error instanceof Error ? error.message : String(error)}`;
  }
}

export type QueryCheck = RequestCheck & {
  /** Also fail on any query parameter not named in `expected`. */
  strict(): RequestCheck;
};

/** Each named query parameter must occur exactly once and match. */
export function checkQuery(expected: Readonly<Record<string, Matcher>>): QueryCheck {
  const check: RequestCheck = ({ query }) => {
    for (const [name, matcher] of Object.entries(expected)) {
      const values = query.getAll(name);
      const [value] = values;
      if (values.length !== 1 || value === undefined || !matches(matcher, value)) {
        const got = values.length === 0 ? 'none' : values.map((v) => JSON.stringify(v)).join(', ');
        return `query parameter "${name}": expected ${describe(matcher)}, got ${got}`;
      }
    }
    return undefined;
  };
  const strict: RequestCheck = (request) => {
    const extra = [...new Set(request.query.keys())].filter((name) => !Object.hasOwn(expected, name));
    return check(request) ?? (extra.length > 0 ? `unexpected query parameters: ${extra.join(', ')}` : undefined);
  };
  return Object.assign(check, { strict: () => strict });
}

export function checkHeader(name: string, expected: Matcher): RequestCheck {
  return ({ headers }) => {
    const raw = headers[name.toLowerCase()];
    const value = Array.isArray(raw) ? raw.join(', ') : raw;
    if (value !== undefined && matches(expected, value)) return undefined;
    return `header "${name}": expected ${describe(expected)}, got ${value === undefined ? 'none' : JSON.stringify(value)}`;
  };
}

/** A string compares the media type only (`application/json` accepts `application/json; charset=utf-8`). */
export function checkContentType(expected: Matcher): RequestCheck {
  return ({ headers }) => {
    const value = headers['content-type'];
    const actual = typeof expected === 'string' ? value?.split(';')[0]?.trim().toLowerCase() : value;
    if (actual !== undefined && matches(typeof expected === 'string' ? expected.toLowerCase() : expected, actual))
      return undefined;
    return `content type: expected ${describe(expected)}, got ${value === undefined ? 'none' : JSON.stringify(value)}`;
  };
}

/** The body must be JSON, deep-equal to `expected`, or accepted by the predicate. */
export function checkJsonBody(expected: unknown): RequestCheck {
  return ({ body }) => {
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      return `body is not JSON: ${shorten(JSON.stringify(body))}`;
    }
    if (typeof expected === 'function') return runPredicate('JSON body', expected as Predicate<unknown>, value, body);
    return isDeepStrictEqual(value, expected)
      ? undefined
      : `JSON body: expected ${JSON.stringify(expected)}, got ${shorten(body)}`;
  };
}

/** The raw body: equal to a string, matching a RegExp, or accepted by a predicate. */
export function checkBody(expected: Matcher | Predicate<string>): RequestCheck {
  return ({ body }) => {
    if (typeof expected === 'function') return runPredicate('body', expected, body, body);
    return matches(expected, body)
      ? undefined
      : `body: expected ${describe(expected)}, got ${shorten(JSON.stringify(body))}`;
  };
}

// The server

interface CompiledRoute extends FakeApiRoute {
  readonly method: string;
  readonly segments: readonly string[];
  readonly failures: { reply: FakeApiReply; served: number; remaining: number }[];
}

function compile(definition: FakeApiRoute): CompiledRoute {
  const parsed = /^([A-Z]+) (\/\S*)$/.exec(definition.pattern);
  if (!parsed)
    throw new Error(`vendor endpoint: route "${definition.pattern}" is not "METHOD /path", such as "GET /zones/:id"`);
  return { ...definition, method: parsed[1] ?? '', segments: (parsed[2] ?? '').split('/'), failures: [] };
}

function matchPath(segments: readonly string[], path: string): Record<string, string> | undefined {
  const parts = path.split('/');
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, segment] of segments.entries()) {
    const part = parts[i] ?? '';
    if (!segment.startsWith(':')) {
      if (segment !== part) return undefined;
      continue;
    }
    if (part === '') return undefined;
    try {
      params[segment.slice(1)] = decodeURIComponent(part);
    } catch {
      return undefined;
    }
  }
  return params;
}

/** What the server fills in as a request goes through it. */
type Recording = { -readonly [K in keyof RecordedRequest]: RecordedRequest[K] };

async function readBody(request: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeApi(options: FakeApiOptions): Promise<FakeApi> {
  const routes = options.routes.map(compile);
  const requests: Recording[] = [];
  const unmatched: RecordedRequest[] = [];
  const checkFailures: CheckFailure[] = [];
  let latencyMs = 0;

  const failWith = (request: FakeApiRequest, status: number, problem: string): FakeApiReply => {
    const message = `${request.method} ${request.path}: ${problem}`;
    checkFailures.push({ request, message });
    return text(status, `${options.name} endpoint: ${message}`);
  };

  const answerRoute = async (target: CompiledRoute, request: FakeApiRequest): Promise<FakeApiReply> => {
    for (const check of target.checks) {
      const problem = check(request);
      if (problem !== undefined) return failWith(request, 400, problem);
    }
    // Checks come first so a scripted failure is only spent on a request the vendor would accept.
    const failure = target.failures[0];
    if (failure) {
      failure.served += 1;
      failure.remaining -= 1;
      if (failure.remaining === 0) target.failures.shift();
      return failure.reply;
    }
    return target.handler(request);
  };

  const answer = async (request: Recording): Promise<FakeApiReply> => {
    const rejection = await options.auth?.(request);
    if (rejection) return rejection;
    for (const target of routes) {
      const params = target.method === request.method ? matchPath(target.segments, request.path) : undefined;
      if (!params) continue;
      request.params = params;
      request.route = target.pattern;
      return answerRoute(target, request);
    }
    unmatched.push(request);
    return (
      options.unknownRoute?.(request) ??
      text(404, `${options.name} endpoint: no route for ${request.method} ${request.path}`)
    );
  };

  const listener = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const body = await readBody(req);
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    const url = new URL(req.url ?? '/', 'http://endpoint');
    const request: Recording = {
      method: req.method ?? '',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
      params: {},
      route: undefined,
      status: 0,
    };
    requests.push(request);
    let reply: FakeApiReply;
    try {
      reply = await answer(request);
    } catch (error) {
      reply = failWith(request, 500, `handler threw: ${error instanceof Error ? error.message : String(error)}`);
    }
    request.status = reply.status;
    res.writeHead(reply.status, reply.headers).end(reply.body);
  };
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) =>
    void listener(req, res).catch(() => res.destroy());
  const server = options.tls
    ? https.createServer({ cert: options.tls.certPem, key: options.tls.keyPem }, onRequest)
    : http.createServer(onRequest);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    unmatched,
    checkFailures,
    failNext(pattern, reply, times = 1) {
      const target = routes.find((r) => r.pattern === pattern);
      if (!target)
        throw new Error(
          `${options.name} endpoint: failNext("${pattern}"): no such route; routes are ${routes.map((r) => `"${r.pattern}"`).join(', ')}`,
        );
      if (!Number.isInteger(times) || times < 1)
        throw new Error(`${options.name} endpoint: failNext times: expected a positive integer, got ${times}`);
      const failure = { reply, served: 0, remaining: times };
      target.failures.push(failure);
      return failure;
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    assertNoUnexpectedRequests() {
      const problems = [
        ...unmatched.map((r) => `no route for ${r.method} ${r.path}`),
        ...checkFailures.map((f) => f.message),
      ];
      if (problems.length > 0)
        throw new Error(`${options.name} endpoint: unexpected requests:\n  ${problems.join('\n  ')}`);
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
