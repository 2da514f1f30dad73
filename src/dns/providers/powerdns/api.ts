/**
 * The PowerDNS Authoritative Server HTTP API (v1, as in pdns 4.x) calls the provider makes, over
 * the run's HTTP client: find a zone by name, read its record sets, PATCH record sets. The key
 * goes into the X-API-Key header only. 429 and 5xx are retried (a proxy in front of the server
 * may throttle; pdns itself answers 5xx when its backend fails), and PowerDNS's answers become
 * one line that says which input to fix.
 */
import type { HttpMethod } from '../../../net/http.js';
import type { Logger } from '../../../runtime.js';
import { parseJson, shownBody } from '../../../vendor/body.js';
import { isSuccess, sendRequest, type VendorCaller } from '../../../vendor/request.js';
import { DEFAULT_RETRY_POLICY } from '../../../vendor/retry.js';
import { normalizeName } from '../../names.js';
import type { ProviderContext } from '../../provider.js';
import { Locks, oncePerKey } from '../locks.js';
import { perRun } from '../run-cache.js';

export interface PowerDnsSettings {
  /** The API origin, without `/api/v1` and without a trailing slash. */
  readonly apiUrl: string;
  readonly apiKey: string;
  readonly serverId: string;
  readonly ttl: number;
}

export interface ZoneRef {
  /** The zone's id in API paths (`example.com.`, with `=2F` for a slash). */
  readonly id: string;
  /** Its name, without the trailing dot. */
  readonly name: string;
}

/** One record of an RRset as the API gives it; `disabled` records are held but not served. */
export interface PdnsRecord {
  readonly content: string;
  readonly disabled: boolean;
}

export interface RRset {
  /** Absolute, with the trailing dot. */
  readonly name: string;
  readonly type: string;
  readonly ttl: number;
  readonly records: readonly PdnsRecord[];
}

/** One entry of a PATCH: REPLACE sets the RRset to `records` (every value of it); DELETE removes it. */
export type RRsetChange =
  | { name: string; type: 'TXT'; ttl: number; changetype: 'REPLACE'; records: PdnsRecord[] }
  | { name: string; type: 'TXT'; changetype: 'DELETE' };

/** An answer PowerDNS gave to a call, with its HTTP status. */
export class PowerDnsError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export class PowerDnsApi {
  readonly #settings: PowerDnsSettings;
  readonly #caller: VendorCaller;
  readonly #logger: Logger;
  readonly #zones = new Map<string, Promise<ZoneRef>>();
  /** One change at a time per zone in this run: a REPLACE rewrites the whole RRset. */
  readonly locks = new Locks();
  /**
   * One PATCH at a time to the server, whatever the zone: with the SQLite backend (gsqlite3), pdns
   * answers concurrent writes with 500 "database is locked".
   */
  readonly #writes = new Locks();

  constructor(settings: PowerDnsSettings, context: ProviderContext) {
    this.#settings = settings;
    this.#caller = { ...context, policy: DEFAULT_RETRY_POLICY };
    this.#logger = context.logger;
  }

  get #server(): string {
    return `/api/v1/servers/${encodeURIComponent(this.#settings.serverId)}`;
  }

  /** The zone named `zoneName` (as the DNS core found it by SOA) on the server. */
  zoneFor(zoneName: string): Promise<ZoneRef> {
    const name = normalizeName(zoneName);
    return oncePerKey(this.#zones, name, async () => {
      const zones = await this.#call<{ id?: string; name?: string }[]>(
        'GET',
        `${this.#server}/zones?zone=${encodeURIComponent(`${name}.`)}`,
        `finding zone ${name}`,
      );
      const found = (zones ?? []).find((zone) => normalizeName(zone.name ?? '') === name);
      if (!found?.id)
        throw new Error(
          `powerdns: no zone ${name} on server ${this.#settings.serverId} at ${this.#settings.apiUrl}; ` +
            'create the zone in PowerDNS, or check powerdns-api-url and powerdns-server-id',
        );
      this.#logger.debug(`powerdns: zone ${name} is ${found.id}`);
      return { id: found.id, name };
    });
  }

  /**
   * The zone's TXT RRsets by name (lower case, without the dot). The whole zone is read: pdns 4.7
   * leaves disabled records out of an answer filtered with `rrset_name`, and a REPLACE built from
   * that would delete them.
   */
  async txtSets(zone: ZoneRef): Promise<Map<string, RRset>> {
    const body = await this.#call<{ rrsets?: RRset[] }>(
      'GET',
      `${this.#server}/zones/${encodeURIComponent(zone.id)}`,
      `reading zone ${zone.name}`,
    );
    const sets = new Map<string, RRset>();
    for (const set of body?.rrsets ?? [])
      if (set.type === 'TXT') sets.set(normalizeName(set.name), { ...set, records: set.records ?? [] });
    return sets;
  }

  /** Applies the changes in one PATCH (all or nothing in pdns: one backend transaction), one PATCH at a time. */
  async patch(zone: ZoneRef, rrsets: readonly RRsetChange[]): Promise<void> {
    const names = rrsets.map((set) => set.name.replace(/\.$/, ''));
    const listed = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
    const path = `${this.#server}/zones/${encodeURIComponent(zone.id)}`;
    await this.#writes.run('PATCH', () =>
      this.#call('PATCH', path, `writing TXT ${listed} in zone ${zone.name}`, { rrsets }),
    );
  }

  async #call<T>(method: HttpMethod, path: string, what: string, body?: unknown): Promise<T | undefined> {
    const { apiUrl, apiKey } = this.#settings;
    const answer = await sendRequest(this.#caller, {
      method,
      url: `${apiUrl}${path}`,
      what: `powerdns: ${what}`,
      headers: () => ({ 'x-api-key': apiKey }),
      json: body,
    });
    if (isSuccess(answer)) return answer.body.length > 0 ? parseJson<T>(answer.body) : undefined;
    throw new PowerDnsError(
      `powerdns: ${what}: ${this.#explain(answer.status, answer.body)}${answer.note}`,
      answer.status,
    );
  }

  /** `HTTP 401 Unauthorized; <what to fix>`. */
  #explain(status: number, body: Buffer): string {
    const error = parseJson<{ error?: string }>(body)?.error;
    const shown = shownBody(Buffer.from(error ?? body.toString('utf8')), [this.#settings.apiKey]);
    const detail = `HTTP ${status}${shown ? ` ${shown}` : ''}`;
    const { serverId } = this.#settings;
    if (status === 401)
      return `${detail}; PowerDNS does not accept powerdns-api-key: set it to the server's api-key setting`;
    if (status === 403)
      return `${detail}; the server refuses this address: add the runner's address to its webserver-allow-from`;
    if (status === 404)
      return (
        `${detail}; no such server or zone: check powerdns-server-id ("${serverId}", localhost on an ` +
        'Authoritative Server) and powerdns-api-url (the origin, without /api/v1)'
      );
    if (status === 422) return `${detail}; PowerDNS refused the change as invalid`;
    return detail;
  }
}

/** The API of a run, shared by the provider of every certificate (one zone cache, one lock per zone). */
export function powerDnsApiFor(settings: PowerDnsSettings, context: ProviderContext): PowerDnsApi {
  const key = JSON.stringify(['powerdns', settings.apiKey, settings.apiUrl, settings.serverId]);
  return perRun(context, key, () => new PowerDnsApi(settings, context));
}
