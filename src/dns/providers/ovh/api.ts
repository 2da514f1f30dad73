/**
 * The OVHcloud API 1.0 calls the provider makes, over the run's HTTP client (its proxy, trust and
 * keep-alive): the server's clock, TXT record IDs at a name, one record, create, delete, and the
 * zone refresh that publishes changes. Every request is signed as OVH asks: `X-Ovh-Signature` is
 * `$1$` and the SHA-1 of the application secret, the consumer key, the method, the full URL, the
 * body and the timestamp joined by `+`, with the timestamp on OVH's clock (`GET /auth/time`, once
 * per run). 429 is retried after `retry-after`; 5xx only where a repeat does no harm (not a
 * create: OVH keeps identical records side by side). OVH's errors become one line naming the
 * key, rule or input to fix. The keys go into headers only.
 *
 * Why not the `ovh` package: it brings its own HTTPS stack (the run's proxy and trust would be
 * bypassed) and five calls need no more than the signature, which is one hash.
 */
import { createHash } from 'node:crypto';
import type { HttpMethod, HttpResponse } from '../../../net/http.js';
import { parseJson, shownBody } from '../../../vendor/body.js';
import { isSuccess, sendRequest, throttledOrServerError, type VendorCaller } from '../../../vendor/request.js';
import { DEFAULT_RETRY_POLICY } from '../../../vendor/retry.js';
import type { ProviderContext } from '../../provider.js';
import { oncePerKey } from '../locks.js';
import { perRun } from '../run-cache.js';

export interface OvhSettings {
  readonly applicationKey: string;
  readonly applicationSecret: string;
  readonly consumerKey: string;
  /** Base URL with `/1.0`, without a trailing slash. */
  readonly apiUrl: string;
  readonly ttl: number;
}

/** A zone record as OVH answers it; `subDomain` is relative to the zone (`''` for the apex). */
export interface OvhRecord {
  readonly id: number;
  readonly zone: string;
  readonly subDomain: string;
  readonly fieldType: string;
  readonly target: string;
  readonly ttl?: number;
}

/** An OVH API error: the status and the body's `errorCode` (authentication) or `class` (the API). */
export class OvhError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

interface ErrorBody {
  readonly errorCode?: string;
  readonly class?: string;
  readonly message?: string;
}

/** The signature OVH checks: `$1$` + SHA-1 hex of `AS+CK+METHOD+URL+BODY+TIMESTAMP`. */
export function ovhSignature(
  applicationSecret: string,
  consumerKey: string,
  method: string,
  url: string,
  body: string,
  timestamp: number,
): string {
  const text = [applicationSecret, consumerKey, method, url, body, String(timestamp)].join('+');
  return `$1$${createHash('sha1').update(text).digest('hex')}`;
}

/** Only 429 for a create: a 5xx may have created the record, and a second try would add another. */
const throttledOnly = (answer: HttpResponse) => (answer.status === 429 ? { why: 'HTTP 429' } : undefined);

export class OvhApi {
  readonly #settings: OvhSettings;
  readonly #caller: VendorCaller;
  readonly #skew = new Map<string, Promise<number>>();

  constructor(settings: OvhSettings, context: ProviderContext) {
    this.#settings = settings;
    this.#caller = { ...context, policy: DEFAULT_RETRY_POLICY };
  }

  /** IDs of the TXT records at `subDomain` (OVH answers IDs only, the whole list at once). */
  txtIds(zone: string, subDomain: string): Promise<number[]> {
    const query = new URLSearchParams({ fieldType: 'TXT', subDomain }).toString();
    return this.#call<number[]>('GET', `/domain/zone/${zone}/record?${query}`, zone, {
      what: `listing TXT records at ${fqdnOf(subDomain, zone)}`,
    }).then((ids) => (Array.isArray(ids) ? ids : []));
  }

  /** One record, or undefined when it is gone. */
  async record(zone: string, id: number): Promise<OvhRecord | undefined> {
    try {
      return await this.#call<OvhRecord>('GET', `/domain/zone/${zone}/record/${id}`, zone, {
        what: `reading record ${id}`,
      });
    } catch (error) {
      if (error instanceof OvhError && error.status === 404) return undefined;
      throw error;
    }
  }

  createTxt(zone: string, subDomain: string, target: string): Promise<OvhRecord> {
    return this.#call<OvhRecord>('POST', `/domain/zone/${zone}/record`, zone, {
      what: `creating TXT ${fqdnOf(subDomain, zone)}`,
      body: { fieldType: 'TXT', subDomain, target, ttl: this.#settings.ttl },
      retryWhen: throttledOnly,
    });
  }

  /** Deletes one record; false when it was already gone. */
  async deleteRecord(zone: string, id: number): Promise<boolean> {
    try {
      await this.#call('DELETE', `/domain/zone/${zone}/record/${id}`, zone, { what: `deleting TXT record ${id}` });
      return true;
    } catch (error) {
      if (error instanceof OvhError && error.status === 404 && error.code === 'Client::NotFound') return false;
      throw error;
    }
  }

  /** Publishes the zone's changes: OVH serves a record only after this. */
  async refresh(zone: string): Promise<void> {
    await this.#call('POST', `/domain/zone/${zone}/refresh`, zone, { what: 'refreshing the zone' });
  }

  /** Seconds to add to this machine's clock to be on OVH's, asked once per run and endpoint. */
  #clockSkew(): Promise<number> {
    return oncePerKey(this.#skew, this.#settings.apiUrl, async () => {
      const answer = await sendRequest(this.#caller, {
        method: 'GET',
        url: `${this.#settings.apiUrl}/auth/time`,
        what: 'ovh: reading the API clock (/auth/time)',
        headers: () => ({}),
        retryNoAnswer: true,
      });
      const server = parseJson<unknown>(answer.body);
      if (!isSuccess(answer) || typeof server !== 'number')
        throw new Error(
          `ovh: reading the API clock at ${this.#settings.apiUrl}/auth/time: HTTP ${answer.status} ` +
            `${shownBody(answer.body, [])}; check ovh-endpoint`,
        );
      return server - Math.floor(this.#caller.clock.now() / 1000);
    });
  }

  async #call<T>(
    method: HttpMethod,
    path: string,
    zone: string,
    options: { what: string; body?: unknown; retryWhen?: (answer: HttpResponse) => { why: string } | undefined },
  ): Promise<T> {
    const skew = await this.#clockSkew();
    const { applicationKey, applicationSecret, consumerKey, apiUrl } = this.#settings;
    const url = `${apiUrl}${path}`;
    const body = options.body === undefined ? '' : JSON.stringify(options.body);
    const what = `${options.what} in zone ${zone}`;
    const answer = await sendRequest(this.#caller, {
      method,
      url,
      what: `ovh: ${what}`,
      ...(body === '' ? {} : { body }),
      headers: () => {
        const timestamp = Math.floor(this.#caller.clock.now() / 1000) + skew;
        return {
          ...(body === '' ? {} : { 'content-type': 'application/json' }),
          'x-ovh-application': applicationKey,
          'x-ovh-consumer': consumerKey,
          'x-ovh-timestamp': String(timestamp),
          'x-ovh-signature': ovhSignature(applicationSecret, consumerKey, method, url, body, timestamp),
        };
      },
      retryWhen: options.retryWhen ?? throttledOrServerError,
    });
    if (isSuccess(answer)) return parseJson<T>(answer.body) as T;
    const error = parseJson<ErrorBody>(answer.body);
    const code = error?.errorCode ?? error?.class;
    const detail = error?.message ?? shownBody(answer.body, [applicationKey, applicationSecret, consumerKey]);
    const fix = advice(answer.status, code, detail, method, path, zone);
    throw new OvhError(
      `ovh: ${what}: ${answer.status}${code ? ` ${code}` : ''} ${detail}; ${fix}${answer.note}`,
      answer.status,
      code,
    );
  }
}

/** What to fix for an OVH error, by its code. */
function advice(status: number, code: string | undefined, detail: string, method: string, path: string, zone: string) {
  switch (code) {
    case 'INVALID_KEY':
      return 'OVH does not know ovh-application-key at this endpoint (keys belong to one region: check ovh-endpoint)';
    case 'INVALID_SIGNATURE':
      return 'OVH refused the signature: check ovh-application-secret (the secret of ovh-application-key)';
    case 'QUERY_TIME_OUT':
      return "the request's timestamp is off OVH's clock; rerun, and check the runner's clock";
    case 'INVALID_CREDENTIAL':
    case 'NOT_CREDENTIAL':
      return (
        'ovh-consumer-key is unknown, expired, revoked, not validated, or of another application; ' +
        `request a new one for this application key with GET, POST and DELETE on /domain/zone/${zone}/*`
      );
    case 'NOT_GRANTED_CALL':
      return (
        `the consumer key's rules do not allow ${method} ${path.split('?')[0]}; ` +
        `request a consumer key with GET, POST and DELETE on /domain/zone/${zone}/*`
      );
  }
  if (status === 404 && /service does not exist/i.test(detail))
    return `${zone} is not a DNS zone of this OVH account at this endpoint; check the zone and ovh-endpoint`;
  if (status === 401) return 'set ovh-application-key, ovh-application-secret and ovh-consumer-key';
  return 'see https://api.ovh.com/console/ for the call';
}

/** `sub.zone`, or the zone for the apex. */
function fqdnOf(subDomain: string, zone: string): string {
  return subDomain === '' ? zone : `${subDomain}.${zone}`;
}

/** The API of a run, shared by the provider of every certificate (one clock reading). */
export function ovhApiFor(settings: OvhSettings, context: ProviderContext): OvhApi {
  // The keys are part of what makes two APIs differ; the key stays in memory only.
  const { applicationKey, applicationSecret, consumerKey, apiUrl, ttl } = settings;
  const key = JSON.stringify(['ovh', applicationKey, applicationSecret, consumerKey, apiUrl, ttl]);
  return perRun(context, key, () => new OvhApi(settings, context));
}
