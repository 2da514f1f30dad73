/**
 * The DigitalOcean API v2 calls the provider makes, over the run's HTTP client (its proxy, trust
 * and keep-alive): domains, TXT records at a name, create, delete. Requests are paced by the
 * rate-limit headers (ratelimit.ts); 429 is retried after `retry-after` (or `ratelimit-reset`),
 * 5xx with backoff where repeating the request is safe. A create is not: DigitalOcean keeps
 * identical records side by side, so a create whose answer was lost throws `maybeApplied` and the
 * provider looks before it creates again. DigitalOcean's errors become one line that says what
 * to fix. The token goes into the Authorization header only.
 *
 * Why not an SDK: DigitalOcean publishes none for Node.js (godo, pydo and droplet_kit are Go,
 * Python and Ruby), and the community packages bring their own HTTP stacks, which would bypass
 * the run's proxy settings and trust. Four JSON calls need no more than the client everything
 * else uses.
 */
import type { HttpMethod, HttpResponse } from '../../../net/http.js';
import type { Logger } from '../../../runtime.js';
import { parseJson } from '../../../vendor/body.js';
import { allPages, nextPageUrl } from '../../../vendor/pages.js';
import { isSuccess, NoAnswerError, sendRequest, type VendorCaller } from '../../../vendor/request.js';
import type { RetryPolicy } from '../../../vendor/retry.js';
import { isInZone, normalizeName } from '../../names.js';
import type { ProviderContext } from '../../provider.js';
import { perRun } from '../run-cache.js';
import type { DomainChoice } from './domains.js';
import { RateLimitPacer } from './ratelimit.js';

export interface DigitalOceanSettings {
  readonly token: string;
  /** Domains the user gave (`digitalocean-domain`); preferred over listing the account's. */
  readonly domains: DomainChoice;
  /** API origin without a trailing slash and without `/v2`. */
  readonly apiUrl: string;
  readonly ttl: number;
}

/** A domain record as DigitalOcean answers it; `name` is relative to the domain (`@` for the apex). */
export interface DomainRecord {
  readonly id: number;
  readonly type: string;
  readonly name: string;
  readonly data: string;
  readonly ttl?: number;
}

/** What a call needs of the token, to name the missing scope on 403. */
type Need = 'read' | 'create' | 'delete';

const SCOPES: Record<Need, string> = {
  read: 'domain:read',
  create: 'domain:update (or domain:create)',
  delete: 'domain:update (or domain:delete)',
};

/** A DigitalOcean API error: the status, the body's `id`, and whether the request may have taken effect. */
export class DigitalOceanError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly errorId: string | undefined,
    /** A create that got a 5xx or no answer: the record may exist. */
    readonly maybeApplied = false,
  ) {
    super(message);
  }
}

interface ErrorBody {
  readonly id?: string;
  readonly message?: string;
}

interface Page {
  readonly links?: { readonly pages?: { readonly next?: string } };
}

interface CallOptions {
  readonly body?: unknown;
  readonly need: Need;
  /** Repeating it after a 5xx or a lost answer does no harm (GET, DELETE). */
  readonly idempotent: boolean;
  /** Advice for a 404. */
  readonly notFound?: string;
  /** Advice for a 403, instead of naming the scope `need` stands for. */
  readonly forbidden?: string;
}

const RETRY_POLICY: RetryPolicy = {
  attempts: 5,
  backoffMs: 250,
  maxBackoffMs: 8_000,
  maxWaitMs: 60_000,
  deadlineMs: 180_000,
};
/** DigitalOcean's largest page. */
const PER_PAGE = 200;

export class DigitalOceanApi {
  readonly #settings: DigitalOceanSettings;
  readonly #caller: VendorCaller;
  readonly #logger: Logger;
  #accountDomains: Promise<string[]> | undefined;
  /** `domain/id` of every record this run created, so a lost answer is never mistaken for another record of the run. */
  readonly claimed = new Set<string>();

  constructor(settings: DigitalOceanSettings, context: ProviderContext, pacer?: RateLimitPacer) {
    this.#settings = settings;
    this.#logger = context.logger;
    const paced = pacer ?? new RateLimitPacer(context.clock, context.logger);
    this.#caller = {
      ...context,
      policy: RETRY_POLICY,
      pacing: { before: (what) => paced.beforeRequest(what), after: (headers) => paced.answered(headers) },
    };
  }

  /**
   * The DigitalOcean domain for a record: from `digitalocean-domain`, else the account's domain named as the zone, else
   * the most specific one holding it.
   */
  async domainFor(fqdn: string, zone: string): Promise<string> {
    const name = normalizeName(fqdn);
    if (!this.#settings.domains.isEmpty) {
      const given = this.#settings.domains.domainFor(name);
      if (given === undefined)
        throw new Error(
          `digitalocean: no domain in digitalocean-domain (${this.#settings.domains.describe()}) holds ${name}; ` +
            `add the DigitalOcean domain of zone ${zone} to it`,
        );
      return given;
    }
    const domains = await this.#listDomains();
    if (domains.includes(normalizeName(zone))) return normalizeName(zone);
    const holding = domains.filter((domain) => isInZone(name, domain)).sort((a, b) => b.length - a.length)[0];
    if (holding === undefined) {
      throw new Error(
        `digitalocean: no domain of the token's team holds ${name} (zone ${zone}; ` +
          `${domains.length} domain(s) visible); ` +
          `add ${zone} under Networking → Domains, use a token of the team that has it, or set digitalocean-domain`,
      );
    }
    return holding;
  }

  /** The account's domains, listed once per run. */
  #listDomains(): Promise<string[]> {
    if (!this.#accountDomains) {
      this.#accountDomains = this.#pages<{ name: string }>(
        'domains',
        this.#url('/v2/domains', { per_page: String(PER_PAGE) }),
        'listing the domains',
        'read',
        {
          forbidden: 'the token lacks the scope domain:read; add it, or name the domain in digitalocean-domain',
        },
      ).then((domains) => {
        const names = domains.map((d) => normalizeName(d.name));
        this.#logger.debug(`digitalocean: ${names.length} domain(s) visible to the token`);
        return names;
      });
      this.#accountDomains.catch(() => (this.#accountDomains = undefined));
    }
    return this.#accountDomains;
  }

  /** TXT records at exactly `fqdn` (DigitalOcean's `name` filter takes the fully qualified name). */
  txtRecords(domain: string, fqdn: string): Promise<DomainRecord[]> {
    const url = this.#url(`/v2/domains/${encodeURIComponent(domain)}/records`, {
      type: 'TXT',
      name: normalizeName(fqdn),
      per_page: String(PER_PAGE),
    });
    return this.#pages<DomainRecord>(
      'domain_records',
      url,
      `listing TXT records at ${normalizeName(fqdn)} in domain ${domain}`,
      'read',
      { notFound: domainMissing(domain) },
    );
  }

  /** Creates one TXT record; its name is sent relative to the domain, as DigitalOcean stores it. */
  async createTxt(domain: string, fqdn: string, value: string): Promise<DomainRecord> {
    const body = { type: 'TXT', name: relativeName(normalizeName(fqdn), domain), data: value, ttl: this.#settings.ttl };
    const url = this.#url(`/v2/domains/${encodeURIComponent(domain)}/records`);
    const what = `creating TXT ${normalizeName(fqdn)} in domain ${domain}`;
    const answer = await this.#call<{ domain_record?: DomainRecord }>('POST', url, what, {
      body,
      need: 'create',
      idempotent: false,
      notFound: domainMissing(domain),
    });
    const record = answer?.domain_record;
    if (!record || !Number.isSafeInteger(record.id))
      throw new Error(`digitalocean: ${what}: the answer carries no record ID`);
    return record;
  }

  /** Deletes one record by ID; false when it was already gone. */
  async deleteRecord(domain: string, id: number): Promise<boolean> {
    try {
      await this.#call(
        'DELETE',
        this.#url(`/v2/domains/${encodeURIComponent(domain)}/records/${id}`),
        `deleting TXT record ${id} in domain ${domain}`,
        { need: 'delete', idempotent: true },
      );
      return true;
    } catch (error) {
      if (error instanceof DigitalOceanError && error.status === 404) return false;
      throw error;
    }
  }

  #url(path: string, query?: Record<string, string>): string {
    return `${this.#settings.apiUrl}${path}${query ? `?${new URLSearchParams(query).toString()}` : ''}`;
  }

  /**
   * Every page of a list, following `links.pages.next` as long as it stays on the API (the token goes nowhere else).
   */
  #pages<T>(
    key: string,
    first: string,
    what: string,
    need: Need,
    advice: Pick<CallOptions, 'notFound' | 'forbidden'> = {},
  ): Promise<T[]> {
    return allPages<T, string>(`digitalocean: ${what}`, first, async (url) => {
      const page = await this.#call<Page & Record<string, unknown>>('GET', url, what, {
        need,
        idempotent: true,
        ...advice,
      });
      const items = page?.[key];
      if (!Array.isArray(items)) throw new Error(`digitalocean: ${what}: the answer has no ${key} list`);
      return {
        items: items as T[],
        next: nextPageUrl(page?.links?.pages?.next, `${this.#settings.apiUrl}/v2/`, `digitalocean: ${what}`),
      };
    });
  }

  /**
   * One call: 429 retried after `retry-after` (or `ratelimit-reset`), 5xx and lost answers only
   * where repeating the request is safe; a create whose answer was lost throws `maybeApplied`.
   */
  async #call<T>(method: HttpMethod, url: string, what: string, options: CallOptions): Promise<T | undefined> {
    const retryWhen = (answer: HttpResponse) =>
      answer.status === 429 || (options.idempotent && answer.status >= 500)
        ? { why: `HTTP ${answer.status}` }
        : undefined;
    const request = {
      method,
      url,
      what: `digitalocean: ${what}`,
      headers: () => ({ authorization: `Bearer ${this.#settings.token}` }),
      json: options.body,
      retryWhen,
      waitWhenUnsaid: resetMs,
      retryNoAnswer: options.idempotent,
    };
    const answer = await sendRequest(this.#caller, request).catch((error: unknown) => {
      if (!(error instanceof NoAnswerError)) throw error;
      throw Object.assign(
        new DigitalOceanError(
          `digitalocean: ${what}: no answer from ${this.#settings.apiUrl}`,
          0,
          undefined,
          !options.idempotent,
        ),
        { cause: error.cause },
      );
    });
    if (isSuccess(answer))
      return answer.status === 204 || answer.body.length === 0 ? undefined : parseJson<T>(answer.body);
    const error = explain(answer, parseJson<ErrorBody>(answer.body), what, options);
    error.message += answer.note;
    throw error;
  }
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** `ratelimit-reset` (Unix seconds), in ms from now. */
function resetMs(answer: HttpResponse, now: number): number | undefined {
  const text = first(answer.headers['ratelimit-reset'])?.trim();
  return text && /^\d+$/.test(text) ? Math.max(0, Number(text) * 1000 - now) : undefined;
}

function domainMissing(domain: string): string {
  return (
    `DigitalOcean has no domain ${domain} in the token's team; ` +
    'check digitalocean-domain, or add the domain under Networking → Domains'
  );
}

/** `what: 403 message; what to fix`, with the scope a 403 means is missing. */
function explain(
  response: HttpResponse,
  body: ErrorBody | undefined,
  what: string,
  options: CallOptions,
): DigitalOceanError {
  const { status } = response;
  const detail = body?.message ? `${status} ${body.message.replace(/\.$/, '')}` : `HTTP ${status}`;
  let advice: string;
  if (status === 401)
    advice = 'the token is invalid or expired; generate a new personal access token and update digitalocean-token';
  else if (status === 403)
    advice =
      options.forbidden ??
      `the token lacks the scope ${SCOPES[options.need]}; ` +
        'generate a token with the custom scopes domain:read and domain:update';
  else if (status === 404 && options.notFound) advice = options.notFound;
  else if (status === 429) {
    const reset = first(response.headers['ratelimit-reset']);
    const until = reset && /^\d+$/.test(reset) ? ` until ${new Date(Number(reset) * 1000).toISOString()}` : '';
    advice =
      `the token's rate limit (5,000 requests an hour, 250 a minute) is used up${until}; ` +
      'spread the certificates over more runs or shards';
  } else if (status === 422) advice = 'DigitalOcean refused the record';
  else advice = 'see https://docs.digitalocean.com/reference/api/';
  const maybeApplied = status >= 500 && !options.idempotent;
  return new DigitalOceanError(`digitalocean: ${what}: ${detail}; ${advice}`, status, body?.id, maybeApplied);
}

/** The record name DigitalOcean stores: relative to the domain, `@` for the apex. */
export function relativeName(fqdn: string, domain: string): string {
  if (fqdn === domain) return '@';
  if (!fqdn.endsWith(`.${domain}`)) throw new Error(`digitalocean: ${fqdn} is not inside domain ${domain}`);
  return fqdn.slice(0, -(domain.length + 1));
}

/** The API of a run, shared by the provider of every certificate (one domain list, one rate-limit budget). */
export function digitalOceanApiFor(settings: DigitalOceanSettings, context: ProviderContext): DigitalOceanApi {
  // The token is part of what makes two APIs differ; the key stays in memory only.
  const key = JSON.stringify([
    'digitalocean',
    settings.token,
    settings.domains.describe(),
    settings.apiUrl,
    settings.ttl,
  ]);
  // The rate limit is the token's, whatever else the settings say.
  const pacer = perRun(
    context,
    JSON.stringify(['digitalocean-rate-limit', settings.token, settings.apiUrl]),
    () => new RateLimitPacer(context.clock, context.logger),
  );
  return perRun(context, key, () => new DigitalOceanApi(settings, context, pacer));
}
