/**
 * The Vultr API v2 calls the provider makes, over the run's HTTP client (its proxy, trust and
 * keep-alive): the account's domains, the records of a domain, create, delete. Lists are paged by
 * cursor (`per_page`, `cursor` from `meta.links.next`); Vultr answers a burst over its rate limit
 * with 429 (503 on older paths), retried with backoff or after `retry-after` when it sends one, and
 * 5xx or lost answers are tried again only where repeating the request does no harm (a create is
 * not). Vultr's `{error, status}` becomes one line that says what to fix. The key goes into the
 * Authorization header only.
 *
 * Why not `@vultr/vultr-node`: it brings its own fetch, bypassing the run's proxy settings and
 * trust, for four JSON calls.
 */
import type { HttpMethod, HttpResponse } from '../../../net/http.js';
import type { Logger } from '../../../runtime.js';
import { parseJson } from '../../../vendor/body.js';
import { allPages } from '../../../vendor/pages.js';
import { isSuccess, NoAnswerError, sendRequest, type VendorCaller } from '../../../vendor/request.js';
import { DEFAULT_RETRY_POLICY } from '../../../vendor/retry.js';
import { isInZone, normalizeName } from '../../names.js';
import type { ProviderContext } from '../../provider.js';
import { perRun } from '../run-cache.js';

export interface VultrSettings {
  readonly token: string;
  /** Base URL ending in `/v2`, without a trailing slash. */
  readonly apiUrl: string;
  readonly ttl: number;
}

/** A domain record as Vultr answers it; `name` is relative to the domain (`''` for the apex). */
export interface VultrRecord {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly data: string;
}

export class VultrError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

interface Meta {
  readonly meta?: { readonly links?: { readonly next?: string } };
}

/** Vultr's largest page. */
const PER_PAGE = 500;

export class VultrApi {
  readonly #settings: VultrSettings;
  readonly #caller: VendorCaller;
  readonly #logger: Logger;
  #domains: Promise<string[]> | undefined;

  constructor(settings: VultrSettings, context: ProviderContext) {
    this.#settings = settings;
    this.#caller = { ...context, policy: DEFAULT_RETRY_POLICY };
    this.#logger = context.logger;
  }

  /** The Vultr domain for a record: the account's domain named as the zone, else the most specific one holding it. */
  async domainFor(fqdn: string, zone: string): Promise<string> {
    const domains = await this.#listDomains();
    const wanted = normalizeName(zone);
    if (domains.includes(wanted)) return wanted;
    const name = normalizeName(fqdn);
    const holding = domains.filter((d) => isInZone(name, d)).sort((a, b) => b.length - a.length)[0];
    if (holding === undefined)
      throw new Error(
        `vultr: no domain of the account holds ${name} (zone ${zone}; ${domains.length} domain(s) visible); ` +
          `add ${zone} under Network → DNS, or use a key of the account that has it`,
      );
    return holding;
  }

  #listDomains(): Promise<string[]> {
    if (!this.#domains) {
      this.#domains = this.#pages<{ domain: string }>('/domains', 'domains', 'listing the domains').then((list) => {
        const names = list.map((d) => normalizeName(d.domain));
        this.#logger.debug(`vultr: ${names.length} domain(s) visible to the key`);
        return names;
      });
      this.#domains.catch(() => (this.#domains = undefined));
    }
    return this.#domains;
  }

  /** TXT records at exactly `fqdn`: Vultr filters nothing, so every page of the domain's records is read. */
  async txtRecords(domain: string, fqdn: string): Promise<VultrRecord[]> {
    const name = relativeName(normalizeName(fqdn), domain);
    const records = await this.#pages<VultrRecord>(
      `/domains/${encodeURIComponent(domain)}/records`,
      'records',
      `listing the records of domain ${domain}`,
    );
    return records.filter((r) => r.type === 'TXT' && r.name.toLowerCase() === name);
  }

  async createTxt(domain: string, fqdn: string, data: string): Promise<VultrRecord> {
    const what = `creating TXT ${normalizeName(fqdn)} in domain ${domain}`;
    const answer = await this.#call<{ record?: VultrRecord }>(
      'POST',
      `/domains/${encodeURIComponent(domain)}/records`,
      what,
      {
        body: {
          name: relativeName(normalizeName(fqdn), domain),
          type: 'TXT',
          data,
          ttl: this.#settings.ttl,
          priority: 0,
        },
        write: true,
        idempotent: false,
      },
    );
    const record = answer?.record;
    if (!record || typeof record.id !== 'string' || record.id === '')
      throw new Error(`vultr: ${what}: the answer carries no record ID`);
    return record;
  }

  /** Deletes one record; false when it was already gone. */
  async deleteRecord(domain: string, id: string): Promise<boolean> {
    try {
      await this.#call(
        'DELETE',
        `/domains/${encodeURIComponent(domain)}/records/${encodeURIComponent(id)}`,
        `deleting TXT record ${id} in domain ${domain}`,
        { write: true, idempotent: true },
      );
      return true;
    } catch (error) {
      if (error instanceof VultrError && error.status === 404) return false;
      throw error;
    }
  }

  #pages<T>(path: string, key: string, what: string): Promise<T[]> {
    return allPages<T, string>(`vultr: ${what}`, '', async (cursor) => {
      const page = await this.#call<Meta & Record<string, unknown>>('GET', path, what, {
        query: { per_page: String(PER_PAGE), ...(cursor ? { cursor } : {}) },
        write: false,
        idempotent: true,
      });
      const items = page?.[key];
      if (!Array.isArray(items)) throw new Error(`vultr: ${what}: the answer has no ${key} list`);
      const next = page?.meta?.links?.next;
      return { items: items as T[], next: typeof next === 'string' && next !== '' ? next : undefined };
    });
  }

  async #call<T>(
    method: HttpMethod,
    path: string,
    what: string,
    options: { query?: Record<string, string>; body?: unknown; write: boolean; idempotent: boolean },
  ): Promise<T | undefined> {
    const query = options.query ? `?${new URLSearchParams(options.query).toString()}` : '';
    // 429, and 503 as Vultr sent it for its rate limit, are throttling: never applied, so always safe to repeat.
    const retryWhen = (answer: HttpResponse) =>
      answer.status === 429 || answer.status === 503 || (options.idempotent && answer.status >= 500)
        ? { why: `HTTP ${answer.status}` }
        : undefined;
    const answer = await sendRequest(this.#caller, {
      method,
      url: `${this.#settings.apiUrl}${path}${query}`,
      what: `vultr: ${what}`,
      headers: () => ({ authorization: `Bearer ${this.#settings.token}` }),
      json: options.body,
      retryWhen,
      retryNoAnswer: options.idempotent,
    }).catch((error: unknown) => {
      if (error instanceof NoAnswerError && !options.idempotent)
        error.message += '; the record may have been created: cleanup removes it by name and value';
      throw error;
    });
    if (isSuccess(answer)) return answer.body.length === 0 ? undefined : parseJson<T>(answer.body);
    const error = explain(answer.status, parseJson<{ error?: string }>(answer.body), what, options.write);
    error.message += answer.note;
    throw error;
  }
}

function explain(status: number, body: { error?: string } | undefined, what: string, write: boolean): VultrError {
  const message = body?.error?.trim().replace(/\.$/, '');
  const detail = message ? `${status} ${message}` : `HTTP ${status}`;
  let advice: string;
  if (status === 401 && /ip/i.test(message ?? ''))
    advice =
      "the key's Access Control list does not allow this runner's address; add the runner's addresses " +
      '(or 0.0.0.0/0 and ::/0 for hosted runners) under Account → API';
  else if (status === 401)
    advice = 'Vultr does not accept vultr-api-key (unknown, regenerated or the API is disabled); copy the key again';
  else if (status === 403)
    advice =
      `the key's user lacks the Manage DNS permission${write ? ' needed to change records' : ''}; ` +
      'grant it under Account → Users';
  else if (status === 404) advice = 'the domain is not in the account, or is gone';
  else if (status === 429 || status === 503)
    advice = "Vultr's rate limit is used up; spread the certificates over more runs";
  else if (status === 400) advice = 'Vultr refused the record';
  else advice = 'see https://www.vultr.com/api/';
  return new VultrError(`vultr: ${what}: ${detail}; ${advice}`, status);
}

/** The record name Vultr stores: relative to the domain, `''` for the apex. */
export function relativeName(fqdn: string, domain: string): string {
  if (fqdn === domain) return '';
  if (!fqdn.endsWith(`.${domain}`)) throw new Error(`vultr: ${fqdn} is not inside domain ${domain}`);
  return fqdn.slice(0, -(domain.length + 1));
}

/** The API of a run, shared by the provider of every certificate (one domain list). */
export function vultrApiFor(settings: VultrSettings, context: ProviderContext): VultrApi {
  const key = JSON.stringify(['vultr', settings.token, settings.apiUrl, settings.ttl]);
  return perRun(context, key, () => new VultrApi(settings, context));
}
