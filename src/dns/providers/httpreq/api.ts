/**
 * lego's httpreq protocol (default mode), over the run's HTTP client: `POST <endpoint>/present`
 * and `POST <endpoint>/cleanup` with `{"fqdn": "<name>.", "value": "<TXT value>"}`, optional basic
 * authentication. Any 2xx is success. 429 (after `Retry-After`) and 502/503/504 are retried with
 * bounded backoff; any other status fails with the status and a bounded piece of the body, the
 * password cut out. Each request has its own deadline (`httpreq-timeout`).
 */
import { STATUS_CODES } from 'node:http';
import type { HttpClient, HttpResponse } from '../../../net/http.js';
import type { Clock, Logger } from '../../../runtime.js';
import type { ProviderContext } from '../../provider.js';
import { shownBody } from '../body.js';

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

const MAX_ATTEMPTS = 5;
/** The longest `Retry-After` honoured; a longer one fails now rather than stall the job. */
const MAX_RETRY_AFTER_S = 60;
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
  readonly #http: HttpClient;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #secrets: string[];

  constructor(settings: HttpreqSettings, context: ProviderContext) {
    this.#settings = settings;
    this.#http = context.http;
    this.#clock = context.clock;
    this.#logger = context.logger;
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
    const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/json' };
    if (this.#settings.auth) headers.authorization = `Basic ${Buffer.from(`${this.#settings.auth.username}:${this.#settings.auth.password}`).toString('base64')}`;
    const body = JSON.stringify({ fqdn: name, value });
    for (let attempt = 1; ; attempt++) {
      const response = await this.#post(url, headers, body, what);
      if (response.status >= 200 && response.status < 300) return;
      const wait = retryDelay(response, attempt);
      if (wait === undefined || attempt >= MAX_ATTEMPTS) throw this.#failure(response, what, attempt);
      this.#logger.debug(`httpreq: ${what}: HTTP ${response.status}; retrying in ${wait} ms (attempt ${attempt + 1} of ${MAX_ATTEMPTS})`);
      await this.#clock.sleep(wait);
    }
  }

  /** One POST within `timeoutMs`; past it the request is abandoned (the run's HTTP client takes no abort signal). */
  async #post(url: URL, headers: Record<string, string>, body: string, what: string): Promise<HttpResponse> {
    let timer: NodeJS.Timeout | undefined;
    const seconds = this.#settings.timeoutMs / 1000;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new HttpreqError(`httpreq: ${what}: no answer within ${seconds} s (httpreq-timeout)`, 0)), this.#settings.timeoutMs);
    });
    try {
      return await Promise.race([this.#http({ method: 'POST', url: url.href, headers, body }), deadline]);
    } catch (error) {
      if (error instanceof HttpreqError) throw error;
      // The HTTP client's message names the full URL, query included: show it without.
      const message = (error as Error).message.split(url.href).join(shownUrl(url));
      throw new HttpreqError(`httpreq: ${what}: no answer (${(error as NodeJS.ErrnoException).code ?? message})`, 0);
    } finally {
      clearTimeout(timer);
    }
  }

  #failure(response: HttpResponse, what: string, attempt: number): HttpreqError {
    const body = shownBody(response.body, this.#secrets);
    const status = `HTTP ${response.status}${STATUS_CODES[response.status] ? ` ${STATUS_CODES[response.status]}` : ''}`;
    let advice = '';
    if (response.status === 401 || response.status === 403) {
      advice = this.#settings.auth ? '; the backend refused httpreq-username and httpreq-password' : '; the backend wants credentials: set httpreq-username and httpreq-password';
    } else if (response.status === 404 || response.status === 405) {
      advice = `; no httpreq route there: httpreq-endpoint must be the base URL, to which /present and /cleanup are added`;
    }
    const after = attempt > 1 ? ` (after ${attempt} attempts)` : '';
    return new HttpreqError(`httpreq: ${what}: ${status}${body ? `: ${body}` : ''}${advice}${after}`, response.status);
  }
}

/** How long to wait before retrying: 429 as `retry-after` says (bounded), 502/503/504 with backoff; undefined: do not retry. */
function retryDelay(response: HttpResponse, attempt: number): number | undefined {
  if (!RETRIED.has(response.status)) return undefined;
  const header = response.headers['retry-after'];
  const seconds = Number(Array.isArray(header) ? header[0] : header);
  if (header !== undefined && Number.isFinite(seconds) && seconds >= 0) return seconds > MAX_RETRY_AFTER_S ? undefined : seconds * 1000;
  return 500 * 2 ** (attempt - 1);
}
