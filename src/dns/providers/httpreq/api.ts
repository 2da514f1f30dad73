/**
 * lego's httpreq protocol (default mode), over the run's HTTP client: `POST <endpoint>/present`
 * and `POST <endpoint>/cleanup` with `{"fqdn": "<name>.", "value": "<TXT value>"}`, optional basic
 * authentication. Any 2xx is success. 429 (after `Retry-After`) and 502/503/504 are retried with
 * bounded backoff; any other status fails with the status and a bounded piece of the body, the
 * password cut out. Each request has its own deadline (`httpreq-timeout`).
 */
import { http } from '../../../net/builtins.js';
import type { HttpClient, HttpResponse } from '../../../net/http.js';
import { shownBody } from '../../../vendor/body.js';
import { isSuccess, NoAnswerError, sendRequest, type VendorCaller } from '../../../vendor/request.js';
import type { RetryPolicy } from '../../../vendor/retry.js';
import type { ProviderContext } from '../../provider.js';

export interface HttpreqSettings {
  /** The backend's base URL: `/present` and `/cleanup` are added to its path; a query is kept. */
  readonly endpoint: URL;
  /** Basic authentication, when the backend wants it. */
  readonly auth?: { readonly username: string; readonly password: string };
  /** How long one request may take. */
  readonly timeoutMs: number;
}

export type HttpreqAction = 'present' | 'cleanup';

export class HttpreqError extends Error {
  constructor(
    message: string,
    /** 0 when no answer came. */
    readonly status: number,
  ) {
    super(message);
  }
}

const RETRY_POLICY: RetryPolicy = {
  attempts: 5,
  backoffMs: 500,
  maxBackoffMs: 8_000,
  maxWaitMs: 60_000,
  deadlineMs: 180_000,
};
const RETRIED = new Set([429, 502, 503, 504]);

/** Origin and path only: a query may hold a key. */
export function shownUrl(url: URL): string {
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** `<endpoint>/<action>`, the query kept (lego's JoinPath). */
export function actionUrl(endpoint: URL, action: HttpreqAction): URL {
  const url = new URL(endpoint.href);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${action}`;
  return url;
}

export class HttpreqClient {
  readonly #settings: HttpreqSettings;
  readonly #caller: VendorCaller;
  readonly #secrets: string[];

  constructor(settings: HttpreqSettings, context: ProviderContext) {
    this.#settings = settings;
    this.#caller = { ...context, http: withDeadline(context.http, settings.timeoutMs), policy: RETRY_POLICY };
    const { auth } = settings;
    this.#secrets = auth ? [auth.password, Buffer.from(`${auth.username}:${auth.password}`).toString('base64')] : [];
    // A query may carry a key too: never quoted back either.
    for (const [, value] of settings.endpoint.searchParams) this.#secrets.push(value);
  }

  /** Sends one present or cleanup; `fqdn` gets its trailing dot, as lego sends it. */
  async send(action: HttpreqAction, fqdn: string, value: string, domain: string): Promise<void> {
    const url = actionUrl(this.#settings.endpoint, action);
    const name = fqdn.endsWith('.') ? fqdn : `${fqdn}.`;
    const what = `${action} ${name} (for ${domain}) at ${shownUrl(url)}`;
    const { auth } = this.#settings;
    const headers = (): Record<string, string> =>
      auth ? { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` } : {};
    const retryWhen = (answer: HttpResponse) =>
      RETRIED.has(answer.status) ? { why: `HTTP ${answer.status}` } : undefined;
    const answer = await sendRequest(this.#caller, {
      method: 'POST',
      url: url.href,
      what: `httpreq: ${what}`,
      headers,
      json: { fqdn: name, value },
      retryWhen,
    }).catch((error: unknown) => {
      throw error instanceof NoAnswerError ? noAnswer(error.cause, url, what) : error;
    });
    if (!isSuccess(answer)) throw this.#failure(answer, what, answer.note);
  }

  #failure(response: HttpResponse, what: string, retried: string): HttpreqError {
    const body = shownBody(response.body, this.#secrets);
    const reason = http.STATUS_CODES[response.status];
    const status = `HTTP ${response.status}${reason ? ` ${reason}` : ''}`;
    let advice = '';
    if (response.status === 401 || response.status === 403) {
      advice = this.#settings.auth
        ? '; the backend refused httpreq-username and httpreq-password'
        : '; the backend wants credentials: set httpreq-username and httpreq-password';
    } else if (response.status === 404 || response.status === 405) {
      advice =
        '; no httpreq route there: httpreq-endpoint must be the base URL, ' +
        'to which /present and /cleanup are added';
    }
    return new HttpreqError(
      `httpreq: ${what}: ${status}${body ? `: ${body}` : ''}${advice}${retried}`,
      response.status,
    );
  }
}

/**
 * The run's client with a deadline on each request (`httpreq-timeout`); past it the request is
 * abandoned (the run's HTTP client takes no abort signal).
 */
function withDeadline(http: HttpClient, timeoutMs: number): HttpClient {
  return async (request) => {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new HttpreqError(`no answer within ${timeoutMs / 1000} s (httpreq-timeout)`, 0)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([http(request), deadline]);
    } finally {
      clearTimeout(timer);
    }
  };
}

/** The error for a request that got no answer: the deadline's, or the client's code, never the URL's query. */
function noAnswer(cause: unknown, url: URL, what: string): HttpreqError {
  if (cause instanceof HttpreqError) return new HttpreqError(`httpreq: ${what}: ${cause.message}`, 0);
  // The HTTP client's message names the full URL, query included: show it without.
  const message = (cause as Error).message.split(url.href).join(shownUrl(url));
  return new HttpreqError(`httpreq: ${what}: no answer (${(cause as NodeJS.ErrnoException).code ?? message})`, 0);
}
