/**
 * The deSEC v1 calls the provider makes, over the run's HTTP client: read a domain (its
 * `minimum_ttl`), list its TXT record sets (cursor pages, `Link: rel="next"`), and change several
 * sets in one atomic bulk `PATCH /domains/{name}/rrsets/`. The token goes into
 * `Authorization: Token` only.
 *
 * deSEC rate-limits hard: record-set writes per domain (`dns_api_per_domain_expensive`) at 2/s,
 * 15/min, 100/h and 300/day, reads at 10/s and 50/min, with 429 and `Retry-After`. So: one read
 * and one bulk write per domain per change, writes to a domain spaced at least half a second
 * apart, a 429 waited out as `Retry-After` says up to a minute, and a longer wait (an hourly or
 * daily limit) fails at once with a line naming the limit rather than stalling the job.
 */
import type { HttpMethod } from '../../../net/http.js';
import type { Clock } from '../../../runtime.js';
import { parseJson, shownBody } from '../../../vendor/body.js';
import { allPages, nextPageUrl } from '../../../vendor/pages.js';
import { isSuccess, sendRequest, type VendorAnswer, type VendorCaller } from '../../../vendor/request.js';
import { DEFAULT_RETRY_POLICY } from '../../../vendor/retry.js';
import type { ProviderContext } from '../../provider.js';
import { Locks, oncePerKey } from '../locks.js';
import { perRun } from '../run-cache.js';

export interface DesecSettings {
  readonly token: string;
  /** Base URL, without a trailing slash (`https://desec.io/api/v1`). */
  readonly apiUrl: string;
  /** TTL of a set certwright creates; undefined: the domain's `minimum_ttl`. */
  readonly ttl: number | undefined;
}

export interface DesecDomain {
  readonly name: string;
  readonly minimum_ttl: number;
}

/** A record set as deSEC holds it: `subname` relative (`''` the apex), TXT records quoted. */
export interface RRset {
  readonly subname: string;
  readonly type: string;
  readonly ttl?: number;
  readonly records: readonly string[];
}

/** The least time between two writes to one domain: deSEC's 2 per second. */
const WRITE_SPACING_MS = 500;

export class DesecError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** deSEC's error body: `{detail}`, or per field, or (bulk) a list of those, one per set sent. */
type ErrorBody = { detail?: string } | Record<string, unknown> | readonly Record<string, unknown>[];

function describeErrors(body: ErrorBody | undefined, sent: readonly RRset[]): string | undefined {
  if (body === undefined) return undefined;
  const fields = (item: Record<string, unknown>) =>
    Object.entries(item)
      .map(
        ([field, problems]) => `${field}: ${Array.isArray(problems) ? problems.join(' ') : JSON.stringify(problems)}`,
      )
      .join(', ');
  if (Array.isArray(body))
    return (body as Record<string, unknown>[])
      .map((item, i) => (Object.keys(item).length > 0 ? `${sent[i]?.subname || '@'} ${fields(item)}` : ''))
      .filter(Boolean)
      .join('; ');
  const { detail } = body as { detail?: unknown };
  return typeof detail === 'string' ? detail : fields(body as Record<string, unknown>);
}

function advice(status: number, domain: string, names: readonly string[]): string {
  if (status === 401)
    return (
      'deSEC does not accept desec-token (unknown, expired by max_age or max_unused_period, or used from ' +
      'outside its allowed_subnets); create a new token'
    );
  if (status === 403)
    return (
      `the token's policies do not let it write TXT at ${names.join(', ') || 'these names'} in ${domain}; ` +
      `add a policy with perm_write for domain ${domain}, each subname and type TXT`
    );
  if (status === 404) return `${domain} is not a domain of the token's deSEC account`;
  if (status === 429)
    return (
      "deSEC's rate limit is spent for longer than certwright waits (record-set writes per domain: 2/s, 15/min, " +
      '100/h, 300/day); run again later, or issue for fewer names at once'
    );
  return 'see https://desec.readthedocs.io/';
}

export class DesecApi {
  readonly #settings: DesecSettings;
  readonly #caller: VendorCaller;
  readonly #clock: Clock;
  readonly #domains = new Map<string, Promise<DesecDomain>>();
  readonly #lastWrite = new Map<string, number>();
  /** One read-merge-write at a time per domain: certificates of a run take turns, and writes stay spaced. */
  readonly locks = new Locks();

  constructor(settings: DesecSettings, context: ProviderContext) {
    this.#settings = settings;
    this.#caller = { ...context, policy: DEFAULT_RETRY_POLICY };
    this.#clock = context.clock;
  }

  get ttl(): number | undefined {
    return this.#settings.ttl;
  }

  /** The domain, read once per run. */
  domain(name: string): Promise<DesecDomain> {
    return oncePerKey(this.#domains, name, async () => {
      const answer = await this.#send('GET', `${this.#base(name)}/`, `reading domain ${name}`, name);
      return parseJson<DesecDomain>(answer.body) ?? { name, minimum_ttl: 3600 };
    });
  }

  /** Every TXT set of the domain, page after page. */
  txtSets(domain: string): Promise<RRset[]> {
    const base = `${this.#base(domain)}/rrsets/`;
    const what = `listing TXT record sets of ${domain}`;
    return allPages(`desec: ${what}`, `${base}?type=TXT&cursor=`, async (url) => {
      const answer = await this.#send('GET', url, what, domain);
      const link = /<([^>]*)>\s*;\s*rel="next"/.exec(String(answer.headers.link ?? ''))?.[1];
      return {
        items: parseJson<RRset[]>(answer.body) ?? [],
        next: nextPageUrl(link, this.#settings.apiUrl, `desec: ${what}`),
      };
    });
  }

  /** Applies `sets` in one atomic bulk PATCH (records `[]` deletes a set); returns the sets as they now are. */
  async patch(domain: string, sets: readonly RRset[], what: string): Promise<RRset[]> {
    const wait = (this.#lastWrite.get(domain) ?? -Infinity) + WRITE_SPACING_MS - this.#clock.now();
    if (wait > 0) await this.#clock.sleep(wait);
    try {
      const answer = await this.#send('PATCH', `${this.#base(domain)}/rrsets/`, what, domain, sets);
      return parseJson<RRset[]>(answer.body) ?? [];
    } finally {
      this.#lastWrite.set(domain, this.#clock.now());
    }
  }

  #base(domain: string): string {
    return `${this.#settings.apiUrl}/domains/${encodeURIComponent(domain)}`;
  }

  async #send(
    method: HttpMethod,
    url: string,
    what: string,
    domain: string,
    sets?: readonly RRset[],
  ): Promise<VendorAnswer> {
    const answer = await sendRequest(this.#caller, {
      method,
      url,
      what: `desec: ${what}`,
      headers: () => ({ authorization: `Token ${this.#settings.token}` }),
      json: sets,
      // A GET does no harm twice; a lost PATCH is not sent again blindly (the next read shows what happened).
      retryNoAnswer: method === 'GET',
    });
    if (isSuccess(answer)) return answer;
    const detail =
      describeErrors(parseJson<ErrorBody>(answer.body), sets ?? []) ?? shownBody(answer.body, [this.#settings.token]);
    const names = (sets ?? []).map((set) => (set.subname ? `${set.subname}.${domain}` : domain));
    throw new DesecError(
      `desec: ${what}: ${answer.status} ${detail}; ${advice(answer.status, domain, names)}${answer.note}`,
      answer.status,
    );
  }
}

/** The API of a run, shared by the provider of every certificate (domain cache, locks, write spacing). */
export function desecApiFor(settings: DesecSettings, context: ProviderContext): DesecApi {
  const key = JSON.stringify(['desec', settings.token, settings.apiUrl, settings.ttl ?? null]);
  return perRun(context, key, () => new DesecApi(settings, context));
}
