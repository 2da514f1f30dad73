/**
 * The Linode API v4 calls the provider makes, over the run's HTTP client (its proxy, trust and
 * keep-alive): the domain of a zone (`GET /domains` filtered with `X-Filter`), the TXT records at
 * a name, create, delete. Lists are paged with `page`/`pages`; 429 is retried after its
 * `retry-after`, 5xx and lost answers only where repeating the request does no harm (a create
 * is not repeated: Linode keeps identical records side by side). Linode's `errors[].reason`
 * becomes one line that says which scope or input to fix. The token goes into the
 * Authorization header only.
 *
 * Why not `@linode/api-v4`: it brings axios, which bypasses the run's proxy settings and trust
 * unless re-plumbed, for four JSON calls.
 */
import type { HttpMethod, HttpResponse } from '../../../net/http.js';
import type { Logger } from '../../../runtime.js';
import { parseJson } from '../../../vendor/body.js';
import { allPages } from '../../../vendor/pages.js';
import { isSuccess, NoAnswerError, sendRequest, type VendorCaller } from '../../../vendor/request.js';
import { DEFAULT_RETRY_POLICY } from '../../../vendor/retry.js';
import { normalizeName } from '../../names.js';
import type { ProviderContext } from '../../provider.js';
import { oncePerKey } from '../locks.js';
import { perRun } from '../run-cache.js';

export interface LinodeSettings {
  readonly token: string;
  /** Base URL ending in `/v4`, without a trailing slash. */
  readonly apiUrl: string;
  readonly ttl: number;
}

export interface LinodeDomain {
  readonly id: number;
  readonly domain: string;
  readonly type?: string;
  readonly status?: string;
}

/** A domain record as Linode answers it; `name` is relative to the domain (`''` for the apex). */
export interface LinodeRecord {
  readonly id: number;
  readonly type: string;
  readonly name: string;
  readonly target: string;
}

/** A Linode API error: the status and the reasons of its `errors` list. */
export class LinodeError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

interface Paged<T> {
  readonly data?: T[];
  readonly page?: number;
  readonly pages?: number;
}

interface ErrorBody {
  readonly errors?: readonly { reason?: string; field?: string }[];
}

/** Linode's largest page. */
const PAGE_SIZE = 500;

export class LinodeApi {
  readonly #settings: LinodeSettings;
  readonly #caller: VendorCaller;
  readonly #logger: Logger;
  readonly #domains = new Map<string, Promise<LinodeDomain>>();

  constructor(settings: LinodeSettings, context: ProviderContext) {
    this.#settings = settings;
    this.#caller = { ...context, policy: DEFAULT_RETRY_POLICY };
    this.#logger = context.logger;
  }

  /** The Linode domain of a zone the DNS core found, looked up once per run. */
  domainFor(zone: string): Promise<LinodeDomain> {
    const name = normalizeName(zone);
    return oncePerKey(this.#domains, name, async () => {
      const found = await this.#pages<LinodeDomain>('/domains', { domain: name }, `finding domain ${name}`);
      const domain = found.find((d) => normalizeName(d.domain) === name);
      if (!domain)
        throw new Error(
          `linode: no domain ${name} is visible to linode-token; add it in Cloud Manager → Domains, ` +
            'or use a token of the account that has it',
        );
      if (domain.type === 'slave')
        throw new Error(
          `linode: domain ${name} (${domain.id}) is a secondary (slave) domain, whose records come from its primary; ` +
            'create the TXT records on the primary nameserver, or make the domain a primary one at Linode',
        );
      this.#logger.debug(`linode: domain ${name} is ${domain.id}`);
      return domain;
    });
  }

  /** TXT records at exactly `fqdn` in the domain. */
  async txtRecords(domain: LinodeDomain, fqdn: string): Promise<LinodeRecord[]> {
    const name = relativeName(normalizeName(fqdn), normalizeName(domain.domain));
    const records = await this.#pages<LinodeRecord>(
      `/domains/${domain.id}/records`,
      { type: 'TXT', name },
      `listing TXT records at ${normalizeName(fqdn)} in domain ${domain.domain} (${domain.id})`,
    );
    return records.filter((r) => r.type === 'TXT' && r.name.toLowerCase() === name);
  }

  async createTxt(domain: LinodeDomain, fqdn: string, value: string): Promise<LinodeRecord> {
    const name = relativeName(normalizeName(fqdn), normalizeName(domain.domain));
    const what = `creating TXT ${normalizeName(fqdn)} in domain ${domain.domain} (${domain.id})`;
    const record = await this.#call<LinodeRecord>('POST', `/domains/${domain.id}/records`, what, {
      body: { type: 'TXT', name, target: value, ttl_sec: this.#settings.ttl },
      write: true,
      idempotent: false,
    });
    if (!record || !Number.isSafeInteger(record.id))
      throw new Error(`linode: ${what}: the answer carries no record ID`);
    return record;
  }

  /** Deletes one record; false when it was already gone. */
  async deleteRecord(domainId: number, recordId: number): Promise<boolean> {
    try {
      await this.#call(
        'DELETE',
        `/domains/${domainId}/records/${recordId}`,
        `deleting TXT record ${recordId} in domain ${domainId}`,
        { write: true, idempotent: true },
      );
      return true;
    } catch (error) {
      if (error instanceof LinodeError && error.status === 404) return false;
      throw error;
    }
  }

  #pages<T>(path: string, filter: Record<string, string>, what: string): Promise<T[]> {
    return allPages(`linode: ${what}`, 1, async (page) => {
      const answer = await this.#call<Paged<T>>('GET', path, what, {
        query: { page: String(page), page_size: String(PAGE_SIZE) },
        filter,
        write: false,
        idempotent: true,
      });
      if (!Array.isArray(answer?.data)) throw new Error(`linode: ${what}: the answer has no data list`);
      return { items: answer.data, next: page < (answer.pages ?? 1) ? page + 1 : undefined };
    });
  }

  async #call<T>(
    method: HttpMethod,
    path: string,
    what: string,
    options: {
      query?: Record<string, string>;
      filter?: Record<string, string>;
      body?: unknown;
      write: boolean;
      idempotent: boolean;
    },
  ): Promise<T | undefined> {
    const query = options.query ? `?${new URLSearchParams(options.query).toString()}` : '';
    const retryWhen = (answer: HttpResponse) =>
      answer.status === 429 || (options.idempotent && answer.status >= 500)
        ? { why: `HTTP ${answer.status}` }
        : undefined;
    const answer = await sendRequest(this.#caller, {
      method,
      url: `${this.#settings.apiUrl}${path}${query}`,
      what: `linode: ${what}`,
      headers: () => ({
        authorization: `Bearer ${this.#settings.token}`,
        ...(options.filter ? { 'x-filter': JSON.stringify(options.filter) } : {}),
      }),
      json: options.body,
      retryWhen,
      retryNoAnswer: options.idempotent,
    }).catch((error: unknown) => {
      if (error instanceof NoAnswerError && !options.idempotent)
        error.message +=
          '; the record may have been created: the next run removes it (it is in the crash record by name and value)';
      throw error;
    });
    if (isSuccess(answer)) return parseJson<T>(answer.body);
    const error = explain(answer.status, parseJson<ErrorBody>(answer.body), what, options.write);
    error.message += answer.note;
    throw error;
  }
}

/** `what: 401 reason; what to fix`. */
function explain(status: number, body: ErrorBody | undefined, what: string, write: boolean): LinodeError {
  const reasons = (body?.errors ?? []).map((e) => `${e.field ? `${e.field}: ` : ''}${e.reason ?? ''}`.trim());
  const detail = `${status} ${reasons.join('; ') || 'no reason given'}`;
  const text = reasons.join(' ').toLowerCase();
  let advice: string;
  if (
    (status === 401 || status === 403) &&
    /not authorized|scope|unauthorized/.test(text) &&
    !/invalid token/.test(text)
  )
    advice = write
      ? 'linode-token lacks the scope Domains: Read/Write; ' +
        'create a personal access token with Domains set to Read/Write'
      : 'linode-token lacks the scope Domains (Read Only or Read/Write); create a token with Domains set to Read/Write';
  else if (status === 401)
    advice = 'Linode does not accept linode-token (unknown, expired or revoked); create a new personal access token';
  else if (status === 403)
    advice =
      "the token's user may not change this domain; give the user read-write access to it in Cloud Manager → Users";
  else if (status === 404) advice = 'the domain is gone or not visible to the token';
  else if (status === 429)
    advice = "Linode's rate limit for the token is used up; spread the certificates over more runs";
  else if (status === 400) advice = 'Linode refused the record';
  else advice = 'see https://techdocs.akamai.com/linode-api/reference/api';
  return new LinodeError(`linode: ${what}: ${detail}; ${advice}`, status);
}

/** The record name Linode stores: relative to the domain, `''` for the apex. */
export function relativeName(fqdn: string, domain: string): string {
  if (fqdn === domain) return '';
  if (!fqdn.endsWith(`.${domain}`)) throw new Error(`linode: ${fqdn} is not inside domain ${domain}`);
  return fqdn.slice(0, -(domain.length + 1));
}

/** The API of a run, shared by the provider of every certificate (one domain cache). */
export function linodeApiFor(settings: LinodeSettings, context: ProviderContext): LinodeApi {
  const key = JSON.stringify(['linode', settings.token, settings.apiUrl, settings.ttl]);
  return perRun(context, key, () => new LinodeApi(settings, context));
}
