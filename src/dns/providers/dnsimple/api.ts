/**
 * The DNSimple API v2 calls the provider makes, over the run's HTTP client (its proxy, trust and
 * keep-alive): the token's account (`/v2/whoami`), TXT records at a name (paged), a batch change
 * of a zone's records (`/zones/{zone}/batch`), and single creates and deletes where the batch is
 * not available. 429 is retried after `X-RateLimit-Reset` (an epoch second), 5xx with backoff
 * where repeating the request does no harm. DNSimple's errors become one line that says which
 * input to fix. The token goes into the Authorization header only.
 *
 * Why not the `dnsimple` package: it brings its own fetch, which would bypass the run's proxy
 * settings and trust, for five JSON calls the run's client makes as well.
 */
import type { HttpMethod, HttpResponse } from '../../../net/http.js';
import { parseJson, shownBody } from '../../../vendor/body.js';
import { allPages } from '../../../vendor/pages.js';
import { isSuccess, sendRequest, type VendorCaller } from '../../../vendor/request.js';
import { DEFAULT_RETRY_POLICY, type RetryVerdict } from '../../../vendor/retry.js';
import type { ProviderContext } from '../../provider.js';
import { oncePerKey } from '../locks.js';
import { perRun } from '../run-cache.js';

export interface DnsimpleSettings {
  readonly token: string;
  /** `dnsimple-account-id`; else the token's account, from `/v2/whoami`. */
  readonly accountId: string | undefined;
  /** API origin, without `/v2` and a trailing slash. */
  readonly apiUrl: string;
  readonly ttl: number;
}

/** A zone record as DNSimple answers it; `name` is relative to the zone (`''` for the apex). */
export interface ZoneRecord {
  readonly id: number;
  readonly zone_id: string;
  readonly name: string;
  readonly type: string;
  readonly content: string;
  readonly ttl?: number;
}

/** A DNSimple API error: the status, and the body's field errors. */
export class DnsimpleError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly detail: string,
  ) {
    super(message);
  }

  /** DNSimple refused a record identical to one the zone holds. */
  get duplicate(): boolean {
    return this.status === 400 && /already exists/i.test(this.detail);
  }
}

interface ErrorBody {
  readonly message?: string;
  readonly errors?: Record<string, readonly string[]>;
}

/** DNSimple's largest page. */
const PER_PAGE = 100;

/** 429 and 5xx, or only 429 for a request that must not run twice (a create). */
function retryable(idempotent: boolean) {
  return (answer: HttpResponse): RetryVerdict | undefined =>
    answer.status === 429 || (idempotent && answer.status >= 500) ? { why: `HTTP ${answer.status}` } : undefined;
}

/** The wait `X-RateLimit-Reset` (epoch seconds) asks for, when there is no Retry-After. */
function untilReset(answer: HttpResponse, now: number): number | undefined {
  const reset = Number(answer.headers['x-ratelimit-reset']);
  return Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - now) : undefined;
}

export class DnsimpleApi {
  readonly #settings: DnsimpleSettings;
  readonly #caller: VendorCaller;
  readonly #account = new Map<string, Promise<string>>();

  constructor(settings: DnsimpleSettings, context: ProviderContext) {
    this.#settings = settings;
    this.#caller = { ...context, policy: DEFAULT_RETRY_POLICY };
  }

  /** The account ID: `dnsimple-account-id`, else the account of an account token. */
  account(): Promise<string> {
    if (this.#settings.accountId) return Promise.resolve(this.#settings.accountId);
    return oncePerKey(this.#account, 'whoami', async () => {
      const who = await this.#call<{ data?: { account?: { id?: number } | null } }>('GET', '/v2/whoami', {
        what: 'reading the account of the token (/v2/whoami)',
      });
      const id = who?.data?.account?.id;
      if (id === undefined)
        throw new Error(
          'dnsimple: dnsimple-oauth-token is a user token, which names no account; ' +
            'set dnsimple-account-id to the account that holds the zones, or use an account access token',
        );
      return String(id);
    });
  }

  /** TXT records at exactly `name` (relative) in the zone, every page. */
  async txtRecords(zone: string, name: string): Promise<ZoneRecord[]> {
    const account = await this.account();
    const what = `listing TXT records at ${fqdnOf(name, zone)} in zone ${zone}`;
    return allPages(`dnsimple: ${what}`, 1, async (page) => {
      const query = new URLSearchParams({ name, type: 'TXT', page: String(page), per_page: String(PER_PAGE) });
      const answer = await this.#call<{ data?: ZoneRecord[]; pagination?: { total_pages?: number } }>(
        'GET',
        `/v2/${account}/zones/${zone}/records?${query.toString()}`,
        { what, zone },
      );
      return {
        items: (answer.data ?? []).filter((r) => r.type === 'TXT' && r.name === name),
        next: page < (answer.pagination?.total_pages ?? 1) ? page + 1 : undefined,
      };
    });
  }

  /** Creates and deletes records of one zone in one request, all or nothing; returns the created records in order. */
  async batch(
    zone: string,
    change: { creates?: readonly { name: string; content: string }[]; deletes?: readonly number[] },
  ) {
    const account = await this.account();
    const body = {
      ...(change.creates?.length
        ? {
            creates: change.creates.map(({ name, content }) => ({
              name,
              type: 'TXT',
              content,
              ttl: this.#settings.ttl,
            })),
          }
        : {}),
      ...(change.deletes?.length ? { deletes: change.deletes.map((id) => ({ id })) } : {}),
    };
    const what = change.creates?.length
      ? `creating ${change.creates.length} TXT record(s) in zone ${zone}`
      : `deleting ${change.deletes?.length ?? 0} TXT record(s) in zone ${zone}`;
    const answer = await this.#call<{ data?: { creates?: ZoneRecord[] } }>(
      'POST',
      `/v2/${account}/zones/${zone}/batch`,
      { what, zone, body, idempotent: false },
    );
    return answer?.data?.creates ?? [];
  }

  async createTxt(zone: string, name: string, content: string): Promise<ZoneRecord> {
    const account = await this.account();
    const answer = await this.#call<{ data: ZoneRecord }>('POST', `/v2/${account}/zones/${zone}/records`, {
      what: `creating TXT ${fqdnOf(name, zone)} in zone ${zone}`,
      zone,
      body: { name, type: 'TXT', content, ttl: this.#settings.ttl },
      idempotent: false,
    });
    return answer.data;
  }

  /** Deletes one record; false when it was already gone. */
  async deleteRecord(zone: string, id: number): Promise<boolean> {
    const account = await this.account();
    try {
      await this.#call('DELETE', `/v2/${account}/zones/${zone}/records/${id}`, {
        what: `deleting TXT record ${id} in zone ${zone}`,
        zone,
      });
      return true;
    } catch (error) {
      if (error instanceof DnsimpleError && error.status === 404 && /record/i.test(error.detail)) return false;
      throw error;
    }
  }

  async #call<T>(
    method: HttpMethod,
    path: string,
    options: { what: string; zone?: string; body?: unknown; idempotent?: boolean },
  ): Promise<T> {
    const { token, apiUrl } = this.#settings;
    const answer = await sendRequest(this.#caller, {
      method,
      url: `${apiUrl}${path}`,
      what: `dnsimple: ${options.what}`,
      headers: () => ({ authorization: `Bearer ${token}` }),
      json: options.body,
      retryWhen: retryable(options.idempotent ?? true),
      waitWhenUnsaid: untilReset,
    });
    if (isSuccess(answer)) return (answer.status === 204 ? undefined : parseJson<T>(answer.body)) as T;
    const body = parseJson<ErrorBody>(answer.body);
    const fields = Object.entries(body?.errors ?? {}).map(([field, problems]) => `${field} ${problems.join(', ')}`);
    const detail =
      [body?.message, ...fields].filter(Boolean).join(': ') ||
      `HTTP ${answer.status} ${shownBody(answer.body, [token])}`;
    const fix = this.#advice(answer.status, detail, options.zone);
    throw new DnsimpleError(
      `dnsimple: ${options.what}: ${answer.status} ${detail}; ${fix}${answer.note}`,
      answer.status,
      detail,
    );
  }

  #advice(status: number, detail: string, zone: string | undefined): string {
    const account = this.#settings.accountId ? `account ${this.#settings.accountId}` : "the token's account";
    if (status === 401)
      return (
        'DNSimple does not accept dnsimple-oauth-token (unknown, revoked, or for the other of production and ' +
        'sandbox: check dnsimple-api-url); create an account access token'
      );
    if (status === 402) return "the account's plan does not include this call; upgrade it or contact DNSimple";
    if (status === 403 || (status === 404 && /account/i.test(detail)))
      return `the token has no access to ${account}; check dnsimple-account-id, or use a token of that account`;
    if (status === 404 && /zone/i.test(detail))
      return `${zone ?? 'the zone'} is not a zone of ${account}; check the zone and dnsimple-account-id`;
    if (status === 429) return 'the rate limit is spent; rerun later';
    return 'see https://developer.dnsimple.com/v2/ for the call';
  }
}

function fqdnOf(name: string, zone: string): string {
  return name === '' ? zone : `${name}.${zone}`;
}

/** The API of a run, shared by the provider of every certificate (one whoami). */
export function dnsimpleApiFor(settings: DnsimpleSettings, context: ProviderContext): DnsimpleApi {
  // The token is part of what makes two APIs differ; the key stays in memory only.
  const key = JSON.stringify(['dnsimple', settings.token, settings.accountId, settings.apiUrl, settings.ttl]);
  return perRun(context, key, () => new DnsimpleApi(settings, context));
}
