/**
 * The Gandi LiveDNS v5 calls the provider makes, over the run's HTTP client: read the TXT record
 * set at a name, write it whole (`PUT …/records/{name}/TXT` with `rrset_values`), delete it. LiveDNS
 * keeps every TXT value of a name in that one set, so the provider reads, merges and writes back.
 * The personal access token goes into `Authorization: Bearer` only (the `Apikey` scheme of the
 * old API keys is deprecated by Gandi and not used). 429 and 5xx are retried, 429 after its
 * `Retry-After`; Gandi's error bodies (`{code, message, object, cause, errors}`) become one line
 * naming what to fix.
 */
import type { HttpMethod } from '../../../net/http.js';
import { parseJson, shownBody } from '../../../vendor/body.js';
import { isSuccess, sendRequest, type VendorCaller } from '../../../vendor/request.js';
import { DEFAULT_RETRY_POLICY } from '../../../vendor/retry.js';
import type { ProviderContext } from '../../provider.js';
import { Locks } from '../locks.js';
import { perRun } from '../run-cache.js';

export interface GandiSettings {
  readonly token: string;
  /** Base URL, without a trailing slash (`https://api.gandi.net/v5/livedns`). */
  readonly apiUrl: string;
  /** TTL of a record set certwright creates; a set that exists keeps its own. */
  readonly ttl: number;
}

/** A TXT record set as LiveDNS holds it: values as written (usually quoted). */
export interface TxtSet {
  readonly ttl: number;
  readonly values: readonly string[];
}

/** A LiveDNS error answer: the HTTP status and Gandi's `object`/`cause`. */
export class GandiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

interface GandiErrorBody {
  readonly code?: number;
  readonly message?: string;
  readonly object?: string;
  readonly cause?: string;
  readonly errors?: readonly { location?: string; name?: string; description?: string }[];
}

interface RrsetBody {
  readonly rrset_ttl?: number;
  readonly rrset_values?: readonly string[];
}

function advice(status: number, domain: string): string {
  if (status === 401)
    return (
      'Gandi does not accept gandi-personal-access-token (unknown, expired or revoked); ' +
      'create a new personal access token'
    );
  if (status === 403)
    return (
      `the personal access token may not manage ${domain}; edit it: choose the organization owning ${domain}, ` +
      'the domain (or all domains) and "Manage domain name technical configurations"'
    );
  if (status === 404)
    return `${domain} is not a LiveDNS domain of the token's organization; check its nameservers are LiveDNS's`;
  return 'see https://api.gandi.net/docs/livedns/';
}

export class GandiApi {
  readonly #settings: GandiSettings;
  readonly #caller: VendorCaller;
  /** One read-merge-write at a time per record name, so two certificates of a run never undo each other. */
  readonly locks = new Locks();

  constructor(settings: GandiSettings, context: ProviderContext) {
    this.#settings = settings;
    this.#caller = { ...context, policy: DEFAULT_RETRY_POLICY };
  }

  /** The TXT set at `name` (relative, `@` for the apex) of `domain`; undefined when there is none. */
  async readTxt(domain: string, name: string): Promise<TxtSet | undefined> {
    const answer = await this.#send('GET', domain, name, `reading TXT ${fqdnOf(name, domain)}`);
    if (answer === undefined) return undefined;
    const body = parseJson<RrsetBody>(answer) ?? {};
    return { ttl: body.rrset_ttl ?? this.#settings.ttl, values: body.rrset_values ?? [] };
  }

  /** Replaces the TXT set at `name` with exactly `set`. */
  async writeTxt(domain: string, name: string, set: TxtSet, what: string): Promise<void> {
    await this.#send('PUT', domain, name, what, { rrset_ttl: set.ttl, rrset_values: set.values });
  }

  /** Deletes the TXT set at `name`; gone already counts as done. */
  async deleteTxt(domain: string, name: string, what: string): Promise<void> {
    await this.#send('DELETE', domain, name, what);
  }

  /** The answer body, or undefined for a 404 to a read or a delete: no set there. */
  async #send(
    method: HttpMethod,
    domain: string,
    name: string,
    what: string,
    json?: unknown,
  ): Promise<Buffer | undefined> {
    const path = `/domains/${encodeURIComponent(domain)}/records/${encodeURIComponent(name)}/TXT`;
    const answer = await sendRequest(this.#caller, {
      method,
      url: `${this.#settings.apiUrl}${path}`,
      what: `gandi: ${what}`,
      headers: () => ({ authorization: `Bearer ${this.#settings.token}` }),
      json,
    });
    if (isSuccess(answer)) return answer.body;
    const error = parseJson<GandiErrorBody>(answer.body);
    // A name without a TXT set is 404 (as lego reads it too, whatever the message); so is a domain LiveDNS does not
    // hold, which the PUT then reports.
    if (answer.status === 404 && method !== 'PUT') return undefined;
    const detail = error?.message
      ? `${answer.status} ${error.message}${(error.errors ?? [])
          .map((e) => ` (${e.name ?? e.location ?? ''}: ${e.description ?? ''})`)
          .join('')}`
      : `HTTP ${answer.status} ${shownBody(answer.body, [this.#settings.token])}`;
    throw new GandiError(`gandi: ${what}: ${detail}; ${advice(answer.status, domain)}${answer.note}`, answer.status);
  }
}

export function fqdnOf(name: string, domain: string): string {
  return name === '@' ? domain : `${name}.${domain}`;
}

/** The API of a run, shared by the provider of every certificate (one set of locks). */
export function gandiApiFor(settings: GandiSettings, context: ProviderContext): GandiApi {
  const key = JSON.stringify(['gandi', settings.token, settings.apiUrl, settings.ttl]);
  return perRun(context, key, () => new GandiApi(settings, context));
}
