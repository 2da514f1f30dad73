/**
 * The Cloudflare v4 calls the provider makes, over the run's HTTP client (its proxy, trust and
 * keep-alive): zones by name, TXT records by name, create, delete. 429 and 5xx answers are
 * retried (429 after its `retry-after`), and Cloudflare's error codes become one line that says
 * which permission or input is wrong. The token goes into the Authorization header only.
 *
 * Why not the official `cloudflare` package: it brings its own fetch shim, so requests would
 * bypass the run's proxy settings and trust unless re-plumbed, and it weighs far more than
 * the four calls used here. These calls are plain JSON over the client everything else uses.
 */
import type { HttpMethod } from '../../../net/http.js';
import type { Logger } from '../../../runtime.js';
import { parseJson } from '../../../vendor/body.js';
import { allPages } from '../../../vendor/pages.js';
import { isSuccess, sendRequest, type VendorCaller } from '../../../vendor/request.js';
import { DEFAULT_RETRY_POLICY } from '../../../vendor/retry.js';
import { normalizeName } from '../../names.js';
import type { ProviderContext } from '../../provider.js';
import type { ZoneIds } from '../options.js';
import { perRun } from '../run-cache.js';
import { oncePerKey } from '../locks.js';

export interface CloudflareSettings {
  readonly token: string;
  /** Zone IDs the user gave (`cloudflare-zone-id`); preferred over discovery. */
  readonly zoneIds: ZoneIds;
  /** Base URL, without a trailing slash. */
  readonly apiUrl: string;
  readonly ttl: number;
}

export interface ZoneRef {
  readonly id: string;
  readonly name: string;
}

export interface DnsRecord {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly content: string;
}

/** A Cloudflare API error: the HTTP status and the envelope's codes. */
export class CloudflareError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly codes: readonly number[],
  ) {
    super(message);
  }
}

interface Envelope<T> {
  readonly success?: boolean;
  readonly errors?: readonly {
    code?: number;
    message?: string;
    error_chain?: readonly { code?: number; message?: string }[];
  }[];
  readonly result?: T;
  readonly result_info?: { page?: number; total_pages?: number };
}

const PER_PAGE = 100;

/** `zone 023e…: what went wrong (code message)`, with the permission a code means is missing. */
function explain(
  status: number,
  envelope: Envelope<unknown> | undefined,
  what: string,
  write: boolean,
): CloudflareError {
  const errors = envelope?.errors ?? [];
  const codes = errors.flatMap((e) => [e.code ?? 0, ...(e.error_chain ?? []).map((c) => c.code ?? 0)]);
  const detail =
    errors
      .map((e) => `${e.code} ${e.message}${(e.error_chain ?? []).map((c) => `: ${c.code} ${c.message}`).join('')}`)
      .join('; ') || `HTTP ${status}`;
  const has = (...wanted: number[]) => wanted.some((code) => codes.includes(code));
  const unknownToken =
    has(1000, 9103) || status === 401 || errors.some((e) => /invalid (access|api) token/i.test(e.message ?? ''));
  let advice: string;
  if (has(6003, 6111, 6103))
    advice =
      'cloudflare-api-token is not an API token in the expected form (a Global API Key, or a stray character?); ' +
      'create an API token and paste it exactly';
  else if (unknownToken)
    advice =
      'Cloudflare does not accept cloudflare-api-token (unknown, expired, revoked or IP-filtered); ' +
      'create a new API token';
  else if (has(10000, 9109) || status === 403) {
    advice = write
      ? 'the token lacks DNS:Edit on this zone; edit the token: Zone → DNS → Edit, with the zone under Zone Resources'
      : 'the token cannot read this zone; give it Zone → Zone → Read on the zone, or set cloudflare-zone-id';
  } else if (has(7003, 7000, 1001) || status === 404)
    advice =
      'the zone is not visible to the token, or the ID is wrong; ' +
      "check cloudflare-zone-id and the token's Zone Resources";
  else advice = 'see https://developers.cloudflare.com/api/ for the code';
  return new CloudflareError(`cloudflare: ${what}: ${detail}; ${advice}`, status, codes);
}

export class CloudflareApi {
  readonly #settings: CloudflareSettings;
  readonly #caller: VendorCaller;
  readonly #logger: Logger;
  readonly #zones = new Map<string, Promise<ZoneRef>>();

  constructor(settings: CloudflareSettings, context: ProviderContext) {
    this.#settings = settings;
    this.#caller = { ...context, policy: DEFAULT_RETRY_POLICY };
    this.#logger = context.logger;
  }

  /** The zone for a record: the ID the user gave, else the one zone named as the DNS core found. */
  zoneFor(fqdn: string, zoneName: string): Promise<ZoneRef> {
    const given = this.#settings.zoneIds.idFor(fqdn);
    if (given !== undefined)
      return Promise.resolve({ id: given, name: this.#settings.zoneIds.zoneFor(fqdn) ?? zoneName });
    return oncePerKey(this.#zones, zoneName, () => this.#discover(zoneName));
  }

  async #discover(zoneName: string): Promise<ZoneRef> {
    const zones = await this.#pages<{ id: string; name: string; status?: string; account?: { name?: string } }>(
      '/zones',
      { name: zoneName },
      `finding zone ${zoneName}`,
    );
    const named = zones.filter((z) => normalizeName(z.name) === zoneName);
    const active = named.filter((z) => (z.status ?? 'active') === 'active');
    const candidates = active.length > 0 ? active : named;
    if (candidates.length === 0) {
      throw new Error(
        `cloudflare: no zone named ${zoneName} is visible to the token; ` +
          `give it Zone → Zone → Read on the zone, or set cloudflare-zone-id: ${zoneName}=<ID>`,
      );
    }
    if (candidates.length > 1) {
      const ids = candidates.map((z) => `${z.id}${z.account?.name ? ` (account ${z.account.name})` : ''}`).join(', ');
      throw new Error(
        `cloudflare: ${candidates.length} zones named ${zoneName} are visible to the token (${ids}); ` +
          `set cloudflare-zone-id: ${zoneName}=<ID> to pick one`,
      );
    }
    const zone = { id: candidates[0]?.id ?? '', name: zoneName };
    this.#logger.debug(`cloudflare: zone ${zoneName} is ${zone.id}`);
    return zone;
  }

  /** TXT records at exactly `fqdn`. */
  txtRecords(zone: ZoneRef, fqdn: string): Promise<DnsRecord[]> {
    return this.#pages<DnsRecord>(
      `/zones/${zone.id}/dns_records`,
      { type: 'TXT', name: fqdn },
      `listing TXT records at ${fqdn} in zone ${zone.name} (${zone.id})`,
    );
  }

  async createTxt(zone: ZoneRef, fqdn: string, content: string): Promise<DnsRecord> {
    const body = this.#txtBody(fqdn, content);
    return this.#call<DnsRecord>(
      'POST',
      `/zones/${zone.id}/dns_records`,
      `creating TXT ${fqdn} in zone ${zone.name} (${zone.id})`,
      { body, write: true },
    );
  }

  /**
   * Deletes and creates records in one transaction (`dns_records/batch`): all of it happens or
   * none. Returns the created records in the order of `posts`.
   */
  async batch(
    zone: ZoneRef,
    change: { deletes?: readonly string[]; posts?: readonly { fqdn: string; content: string }[] },
  ): Promise<DnsRecord[]> {
    const body = {
      ...(change.deletes?.length ? { deletes: change.deletes.map((id) => ({ id })) } : {}),
      ...(change.posts?.length ? { posts: change.posts.map(({ fqdn, content }) => this.#txtBody(fqdn, content)) } : {}),
    };
    const where = zone.name === zone.id ? `zone ${zone.id}` : `zone ${zone.name} (${zone.id})`;
    const names = [...new Set((change.posts ?? []).map((post) => post.fqdn))];
    const listed = names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
    const what = change.posts?.length
      ? `creating TXT ${listed} in ${where}`
      : `deleting ${change.deletes?.length ?? 0} TXT record(s) in ${where}`;
    const result = await this.#call<{ posts?: DnsRecord[] }>('POST', `/zones/${zone.id}/dns_records/batch`, what, {
      body,
      write: true,
    });
    return result?.posts ?? [];
  }

  #txtBody(fqdn: string, content: string) {
    return { type: 'TXT', name: fqdn, content, ttl: this.#settings.ttl, comment: 'certwright dns-01 challenge' };
  }

  /** Deletes one record; false when it was already gone. */
  async deleteRecord(zoneId: string, recordId: string, what: string): Promise<boolean> {
    try {
      await this.#call('DELETE', `/zones/${zoneId}/dns_records/${encodeURIComponent(recordId)}`, `deleting ${what}`, {
        write: true,
      });
      return true;
    } catch (error) {
      if (
        error instanceof CloudflareError &&
        (error.codes.includes(81044) || (error.status === 404 && error.codes.length === 0))
      )
        return false;
      throw error;
    }
  }

  #pages<T>(path: string, query: Record<string, string>, what: string): Promise<T[]> {
    return allPages(`cloudflare: ${what}`, 1, async (page) => {
      const envelope = await this.#call<T[]>('GET', path, what, {
        query: { ...query, page: String(page), per_page: String(PER_PAGE) },
        envelope: true,
      });
      return {
        items: envelope.result ?? [],
        next: page < (envelope.result_info?.total_pages ?? 1) ? page + 1 : undefined,
      };
    });
  }

  async #call<T>(
    method: HttpMethod,
    path: string,
    what: string,
    options: { query?: Record<string, string>; body?: unknown; write?: boolean; envelope: true },
  ): Promise<Envelope<T>>;
  async #call<T>(
    method: HttpMethod,
    path: string,
    what: string,
    options?: { query?: Record<string, string>; body?: unknown; write?: boolean; envelope?: false },
  ): Promise<T>;
  async #call<T>(
    method: HttpMethod,
    path: string,
    what: string,
    options: { query?: Record<string, string>; body?: unknown; write?: boolean; envelope?: boolean } = {},
  ): Promise<T | Envelope<T>> {
    const query = options.query ? `?${new URLSearchParams(options.query).toString()}` : '';
    const url = `${this.#settings.apiUrl}${path}${query}`;
    const headers = () => ({ authorization: `Bearer ${this.#settings.token}` });
    const answer = await sendRequest(this.#caller, {
      method,
      url,
      what: `cloudflare: ${what}`,
      headers,
      json: options.body,
    });
    const envelope = parseJson<Envelope<T>>(answer.body);
    if (isSuccess(answer) && envelope?.success !== false)
      return options.envelope ? (envelope ?? {}) : (envelope?.result as T);
    const error = explain(answer.status, envelope, what, options.write ?? false);
    error.message += answer.note;
    throw error;
  }
}

/** The API of a run, shared by the provider of every certificate (one zone cache). */
export function cloudflareApiFor(settings: CloudflareSettings, context: ProviderContext): CloudflareApi {
  // The token is part of what makes two APIs differ; the key stays in memory only.
  const key = JSON.stringify(['cloudflare', settings.token, settings.zoneIds.describe(), settings.apiUrl]);
  return perRun(context, key, () => new CloudflareApi(settings, context));
}
