/**
 * A local stand-in for Gandi's LiveDNS v5 API (domains and record sets), for the gandi provider's
 * tests. It answers as LiveDNS does: `Authorization: Bearer <personal access token>` (or the
 * deprecated `Apikey <key>`) checked on every request, 401 and 403 in Gandi's error body
 * (`{code, message, object, cause}`), 400 with `errors: [{location, name, description}]` for a
 * record set LiveDNS refuses (a TTL under 300, no values, a TXT string over 255 characters), 404
 * for a domain it does not hold and for a name without a set, the domain list paged with `page`,
 * `per_page` and a `Total-Count` header, and scripted 429 throttling with `Retry-After`.
 *
 * Record sets hold their values as written (LiveDNS hands TXT values back quoted; lego writes them
 * unquoted), and every accepted change to a TXT set is mirrored into the test bed's BIND, so Pebble
 * validates through real DNS. Requests LiveDNS refuses as malformed (a provider bug, not a case a
 * test sets up) are answered as LiveDNS does and listed in `malformed`, so that
 * `assertNoUnexpectedRequests()` fails the test.
 */
import type { ServerAddress } from '../../../address.js';
import {
  json,
  route,
  startFakeApi,
  type FakeApi,
  type FakeApiReply,
  type FakeApiRequest,
  type ScriptedFailure,
} from '../../../../testing/fake-api-kit.js';
import { applyTxtToBind, type TsigCredentials } from '../../testing/bind-mirror.js';
import { unquoteTxt } from '../../txt.js';

export interface GandiDomainOptions {
  /** The domain, such as `example.test`. */
  readonly fqdn: string;
  /** Mirror TXT writes to BIND (when `bind` is given); default true. */
  readonly mirror?: boolean;
}

export interface GandiTokenOptions {
  /** A personal access token (sent as `Bearer`), or with `apiKey` a deprecated API key (sent as `Apikey`). */
  readonly token: string;
  readonly apiKey?: boolean;
  /** The domains the token is restricted to, or every domain of the organization. */
  readonly domains: 'all' | readonly string[];
  /** "Manage domain name technical configurations": needed to write records; default true. */
  readonly manageDns?: boolean;
}

export interface FakeGandiApiOptions {
  readonly domains: readonly GandiDomainOptions[];
  readonly tokens: readonly GandiTokenOptions[];
  readonly bind?: { readonly server: ServerAddress; readonly tsig: TsigCredentials };
  /** Caps `per_page` of the domain list, so clients must page. */
  readonly maxPerPage?: number;
}

export interface FakeGandiApi {
  /** The API base, such as `http://127.0.0.1:41234/v5/livedns`. */
  readonly url: string;
  readonly vendor: FakeApi;
  readonly malformed: readonly { method: string; path: string; problem: string }[];
  /** The TXT values at `fqdn`, unquoted. */
  txt(fqdn: string): string[];
  /** The TXT set at `fqdn` exactly as held, or undefined. */
  rrset(fqdn: string): { ttl: number; values: string[] } | undefined;
  /** Writes TXT values no client wrote (another tool's), as given, mirrored to BIND. */
  seedTxt(fqdn: string, values: readonly string[], ttl?: number): Promise<void>;
  /**
   * Right after the next accepted PUT at `fqdn`, the set becomes exactly `values`, as if another
   * tool's read-modify-write had landed just then (LiveDNS has no conditional write to stop it).
   */
  raceNextWrite(fqdn: string, values: readonly string[]): void;
  /** The next `times` requests, before authentication, get 429 with `Retry-After: <seconds>`. */
  rateLimitNext(times: number, retryAfterSeconds: number): ScriptedFailure;
  setMirroring(on: boolean): void;
  assertNoUnexpectedRequests(): void;
  close(): Promise<void>;
}

const API = '/v5/livedns';
const MIN_TTL = 300;
const MAX_TTL = 2_592_000;
const DEFAULT_TTL = 10_800;
const BIND_TTL = 60;

function gandiError(status: number, object: string, cause: string, message: string, extra: object = {}): FakeApiReply {
  return json(status, { code: status, message, object, cause, ...extra });
}

/** LiveDNS's refusals. */
export const gandiErrors = {
  unauthorized: () =>
    gandiError(
      401,
      'HTTPUnauthorized',
      'Unauthorized',
      'The server could not verify that you authorized to access the document you requested. Either you supplied the wrong credentials (e.g., bad api key), or your access token has expired',
    ),
  forbidden: () => gandiError(403, 'HTTPForbidden', 'Forbidden', 'Access was denied to this resource.'),
  domainNotFound: () => gandiError(404, 'HTTPNotFound', 'Not Found', 'The resource could not be found.'),
  recordNotFound: () => gandiError(404, 'dns-record', 'Not Found', "Can't find the DNS record for this name and type"),
  badRequest: (errors: { location: string; name: string; description: string }[]) =>
    gandiError(400, 'HTTPBadRequest', 'Bad Request', 'Bad Request', { errors }),
  notJson: () => gandiError(415, 'HTTPUnsupportedMediaType', 'Unsupported Media Type', 'Unsupported Media Type'),
  /** Gandi's limit is 1,000 requests a minute per IP; the answer's headers are not documented, `Retry-After` is assumed. */
  rateLimited: (retryAfterSeconds: number) =>
    json(
      429,
      { code: 429, message: 'Too Many Requests', object: 'HTTPTooManyRequests', cause: 'Too Many Requests' },
      { 'retry-after': String(retryAfterSeconds) },
    ),
};

interface Rrset {
  ttl: number;
  values: string[];
}

interface Domain {
  readonly fqdn: string;
  readonly mirror: boolean;
  /** TXT sets by relative name (`@` for the apex). */
  readonly txt: Map<string, Rrset>;
}

type Refusal = { refusal: FakeApiReply; problem?: string };
const isRefusal = (value: unknown): value is Refusal =>
  typeof value === 'object' && value !== null && 'refusal' in value;

class LiveDns {
  readonly domains = new Map<string, Domain>();
  readonly malformed: { method: string; path: string; problem: string }[] = [];
  readonly rateLimits: { served: number; remaining: number; retryAfter: number }[] = [];
  mirroring = true;
  /** Sets another writer puts right after certwright's next PUT, by `domain name`. */
  readonly races = new Map<string, string[]>();

  constructor(readonly options: FakeGandiApiOptions) {
    for (const domain of options.domains)
      this.domains.set(domain.fqdn, { fqdn: domain.fqdn, mirror: domain.mirror ?? true, txt: new Map() });
  }

  readonly admit = (request: FakeApiRequest): FakeApiReply | undefined => {
    const limit = this.rateLimits[0];
    if (limit) {
      limit.served += 1;
      limit.remaining -= 1;
      if (limit.remaining === 0) this.rateLimits.shift();
      return gandiErrors.rateLimited(limit.retryAfter);
    }
    return this.grantOf(request) ? undefined : gandiErrors.unauthorized();
  };

  grantOf(request: FakeApiRequest): GandiTokenOptions | undefined {
    const match = /^(Bearer|Apikey) (\S+)$/.exec(request.headers.authorization ?? '');
    if (!match) return undefined;
    return this.options.tokens.find((t) => t.token === match[2] && (match[1] === 'Apikey') === (t.apiKey ?? false));
  }

  /** The domain of the path, if the token may see it (and write it, for `write`). */
  access(request: FakeApiRequest, write: boolean): Domain | Refusal {
    const grant = this.grantOf(request);
    const domain = this.domains.get(request.params.fqdn ?? '');
    if (!grant || !domain) return { refusal: gandiErrors.domainNotFound() };
    if (grant.domains !== 'all' && !grant.domains.includes(domain.fqdn)) return { refusal: gandiErrors.forbidden() };
    if (write && grant.manageDns === false) return { refusal: gandiErrors.forbidden() };
    return domain;
  }

  refuse(request: FakeApiRequest, { refusal, problem }: Refusal): FakeApiReply {
    if (problem !== undefined) this.malformed.push({ method: request.method, path: request.path, problem });
    return refusal;
  }

  readonly listDomains = (request: FakeApiRequest): FakeApiReply => {
    const grant = this.grantOf(request);
    const visible = [...this.domains.values()]
      .filter((d) => grant?.domains === 'all' || grant?.domains.includes(d.fqdn))
      .sort((a, b) => a.fqdn.localeCompare(b.fqdn));
    const number = (name: string, fallback: number) => {
      const text = request.query.get(name);
      return text !== null && /^[1-9]\d*$/.test(text) ? Number(text) : fallback;
    };
    const perPage = Math.min(number('per_page', 100), this.options.maxPerPage ?? Infinity);
    const page = number('page', 1);
    const slice = visible.slice((page - 1) * perPage, page * perPage);
    return json(
      200,
      slice.map((d) => this.domainJson(d)),
      { 'total-count': String(visible.length) },
    );
  };

  readonly getDomain = (request: FakeApiRequest): FakeApiReply => {
    const domain = this.access(request, false);
    return isRefusal(domain) ? this.refuse(request, domain) : json(200, this.domainJson(domain));
  };

  readonly getTxt = (request: FakeApiRequest): FakeApiReply => {
    const domain = this.access(request, false);
    if (isRefusal(domain)) return this.refuse(request, domain);
    const name = request.params.name ?? '';
    const set = domain.txt.get(name);
    return set ? json(200, this.rrsetJson(domain, name, set)) : gandiErrors.recordNotFound();
  };

  readonly getName = (request: FakeApiRequest): FakeApiReply => {
    const domain = this.access(request, false);
    if (isRefusal(domain)) return this.refuse(request, domain);
    const name = request.params.name ?? '';
    const set = domain.txt.get(name);
    return json(200, set ? [this.rrsetJson(domain, name, set)] : []);
  };

  readonly putTxt = async (request: FakeApiRequest): Promise<FakeApiReply> => {
    const domain = this.access(request, true);
    if (isRefusal(domain)) return this.refuse(request, domain);
    if (!/^application\/json\b/.test(request.headers['content-type'] ?? ''))
      return this.refuse(request, { refusal: gandiErrors.notJson(), problem: 'no JSON content type' });
    const set = parseRrset(request.body);
    if (isRefusal(set)) return this.refuse(request, set);
    const name = request.params.name ?? '';
    await this.replace(domain, name, set);
    const race = this.races.get(`${domain.fqdn} ${name}`);
    if (race) {
      this.races.delete(`${domain.fqdn} ${name}`);
      await this.replace(domain, name, { ttl: set.ttl, values: race });
    }
    return json(201, { message: 'DNS Record Created' });
  };

  readonly deleteTxt = async (request: FakeApiRequest): Promise<FakeApiReply> => {
    const domain = this.access(request, true);
    if (isRefusal(domain)) return this.refuse(request, domain);
    const name = request.params.name ?? '';
    if (!domain.txt.has(name)) return gandiErrors.recordNotFound();
    await this.replace(domain, name, undefined);
    return { status: 204 };
  };

  /** Sets (or with undefined removes) the TXT set at `name`, mirroring the difference into BIND; undone if BIND refuses. */
  async replace(domain: Domain, name: string, set: Rrset | undefined): Promise<void> {
    const before = domain.txt.get(name);
    if (set) domain.txt.set(name, set);
    else domain.txt.delete(name);
    const old = new Set((before?.values ?? []).map(unquoteTxt));
    const next = new Set((set?.values ?? []).map(unquoteTxt));
    const fqdn = name === '@' ? domain.fqdn : `${name}.${domain.fqdn}`;
    if (!domain.mirror || !this.mirroring || !this.options.bind) return;
    try {
      await applyTxtToBind(this.options.bind.server, this.options.bind.tsig, {
        remove: [...old].filter((v) => !next.has(v)).map((value) => ({ fqdn, value })),
        add: [...next].filter((v) => !old.has(v)).map((value) => ({ fqdn, value, ttl: BIND_TTL })),
      });
    } catch (error) {
      if (before) domain.txt.set(name, before);
      else domain.txt.delete(name);
      throw error;
    }
  }

  domainJson(domain: Domain) {
    const href = `https://api.gandi.net${API}/domains/${domain.fqdn}`;
    return {
      fqdn: domain.fqdn,
      domain_href: href,
      domain_records_href: `${href}/records`,
      domain_keys_href: `${href}/keys`,
      automatic_snapshots: true,
    };
  }

  rrsetJson(domain: Domain, name: string, set: Rrset) {
    return {
      rrset_name: name,
      rrset_type: 'TXT',
      rrset_ttl: set.ttl,
      rrset_values: set.values,
      rrset_href: `https://api.gandi.net${API}/domains/${domain.fqdn}/records/${encodeURIComponent(name)}/TXT`,
    };
  }
}

/** A PUT body as LiveDNS validates it: `rrset_values` a non-empty list of TXT strings, `rrset_ttl` 300 to 30 days. */
function parseRrset(body: string): Rrset | Refusal {
  let value: { rrset_ttl?: unknown; rrset_values?: unknown };
  try {
    value = JSON.parse(body) as typeof value;
  } catch {
    return { refusal: gandiErrors.badRequest([]), problem: 'body is not JSON' };
  }
  const field = (name: string, description: string): Refusal => ({
    refusal: gandiErrors.badRequest([{ location: 'body', name, description }]),
    problem: `${name}: ${description}`,
  });
  const ttl = value.rrset_ttl ?? DEFAULT_TTL;
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < MIN_TTL || ttl > MAX_TTL)
    return field('rrset_ttl', `${JSON.stringify(ttl)} is not between ${MIN_TTL} and ${MAX_TTL}`);
  const values = value.rrset_values;
  if (!Array.isArray(values) || values.length === 0 || !values.every((v) => typeof v === 'string' && v !== ''))
    return field('rrset_values', 'Shorter than minimum length 1');
  const strings = values as string[];
  const tooLong = strings.find((v) => !v.trim().startsWith('"') && Buffer.byteLength(v) > 255);
  if (tooLong !== undefined)
    return field('rrset_values', 'TXT value longer than 255 characters must be split into quoted strings');
  if (new Set(strings.map(unquoteTxt)).size !== strings.length)
    return field('rrset_values', 'the same value is listed twice');
  return { ttl, values: [...strings] };
}

/**
 * Starts the stand-in on 127.0.0.1. Routes, under `/v5/livedns`: `GET /domains` (`page`,
 * `per_page`), `GET /domains/:fqdn`, `GET /domains/:fqdn/records/:name`,
 * `GET`, `PUT` and `DELETE /domains/:fqdn/records/:name/TXT`.
 */
export async function startFakeGandiApi(options: FakeGandiApiOptions): Promise<FakeGandiApi> {
  const api = new LiveDns(options);
  const vendor = await startFakeApi({
    name: 'gandi',
    auth: api.admit,
    unknownRoute: () => gandiErrors.domainNotFound(),
    routes: [
      route(`GET ${API}/domains`, api.listDomains),
      route(`GET ${API}/domains/:fqdn`, api.getDomain),
      route(`GET ${API}/domains/:fqdn/records/:name`, api.getName),
      route(`GET ${API}/domains/:fqdn/records/:name/TXT`, api.getTxt),
      route(`PUT ${API}/domains/:fqdn/records/:name/TXT`, api.putTxt),
      route(`DELETE ${API}/domains/:fqdn/records/:name/TXT`, api.deleteTxt),
    ],
  });
  const locate = (fqdn: string): { domain: Domain; name: string } => {
    const name = fqdn.toLowerCase().replace(/\.$/, '');
    const domain = [...api.domains.values()]
      .filter((d) => name === d.fqdn || name.endsWith(`.${d.fqdn}`))
      .sort((a, b) => b.fqdn.length - a.fqdn.length)[0];
    if (!domain) throw new Error(`gandi endpoint: no domain holds ${fqdn}`);
    return { domain, name: name === domain.fqdn ? '@' : name.slice(0, -domain.fqdn.length - 1) };
  };
  return {
    url: `${vendor.url}${API}`,
    vendor,
    malformed: api.malformed,
    txt: (fqdn) => {
      const { domain, name } = locate(fqdn);
      return (domain.txt.get(name)?.values ?? []).map(unquoteTxt);
    },
    rrset: (fqdn) => {
      const { domain, name } = locate(fqdn);
      const set = domain.txt.get(name);
      return set && { ttl: set.ttl, values: [...set.values] };
    },
    async seedTxt(fqdn, values, ttl = MIN_TTL) {
      const { domain, name } = locate(fqdn);
      const current = domain.txt.get(name);
      await api.replace(domain, name, { ttl: current?.ttl ?? ttl, values: [...(current?.values ?? []), ...values] });
    },
    raceNextWrite(fqdn, values) {
      const { domain, name } = locate(fqdn);
      api.races.set(`${domain.fqdn} ${name}`, [...values]);
    },
    rateLimitNext(times, retryAfterSeconds) {
      const limit = { served: 0, remaining: times, retryAfter: retryAfterSeconds };
      api.rateLimits.push(limit);
      return limit;
    },
    setMirroring(on) {
      api.mirroring = on;
    },
    assertNoUnexpectedRequests() {
      const problems = [
        ...vendor.unmatched.map((r) => `no route for ${r.method} ${r.path}`),
        ...vendor.checkFailures.map((f) => f.message),
        ...api.malformed.map((m) => `malformed ${m.method} ${m.path}: ${m.problem}`),
      ];
      if (problems.length > 0) throw new Error(`gandi endpoint: unexpected requests:\n  ${problems.join('\n  ')}`);
    },
    close: () => vendor.close(),
  };
}
