/**
 * A local stand-in for deSEC's v1 API (domains and record sets), for the desec provider's tests.
 * It answers as deSEC (Django REST framework) does: `Authorization: Token <token>` checked on every
 * request (401 `{"detail": "Invalid token."}`), token scoping policies checked on every set a write
 * touches (403 for the whole request), 404 `{"detail": "Not found."}` for a domain outside the
 * account and for unknown paths, record-set lists in cursor pages (`Link: rel="next"`, and 400 when
 * more than a page matches and no `cursor` is given), the atomic bulk `PATCH …/rrsets/` with its
 * stage-one validation answered as a list of per-set errors (a TTL under the domain's
 * `minimum_ttl`, a missing TTL for a new set, unquoted TXT data, a set named twice), and the rate
 * limit on record-set writes per domain (`dns_api_per_domain_expensive`, 2/s by default here) as 429
 * with `Retry-After` and deSEC's "Request was throttled" body; more throttling can be scripted.
 *
 * Sets hold their records as written, and every accepted change to a TXT set is mirrored into the
 * test bed's BIND, so Pebble validates through real DNS. Requests deSEC refuses as malformed (a
 * provider bug) are answered as deSEC does and listed in `malformed`, so that
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

export interface DesecDomainOptions {
  readonly name: string;
  /** deSEC's default for a new domain is 3600. */
  readonly minimumTtl?: number;
  readonly mirror?: boolean;
}

/** A token scoping policy: `null` matches any; the most specific match decides (deSEC's order). */
export interface DesecPolicy {
  readonly domain: string | null;
  readonly subname: string | null;
  readonly type: string | null;
  readonly write: boolean;
}

export interface DesecTokenOptions {
  readonly token: string;
  /** No policies: an unrestricted token. With policies, one with all three `null` (the default policy) must be there. */
  readonly policies?: readonly DesecPolicy[];
}

export interface FakeDesecApiOptions {
  readonly domains: readonly DesecDomainOptions[];
  readonly tokens: readonly DesecTokenOptions[];
  readonly bind?: { readonly server: ServerAddress; readonly tsig: TsigCredentials };
  /** Items per page of a list (deSEC: 500). */
  readonly pageSize?: number;
  /** Record-set writes allowed per domain, each `count` per `seconds` (deSEC: 2/s, 15/min, 100/h, 300/day); default 2/s. */
  readonly writeRates?: readonly { readonly count: number; readonly seconds: number }[];
}

export interface DesecRRset {
  readonly subname: string;
  readonly type: string;
  readonly ttl: number;
  readonly records: readonly string[];
}

export interface FakeDesecApi {
  /** The API base, such as `http://127.0.0.1:41234/api/v1`. */
  readonly url: string;
  readonly vendor: FakeApi;
  readonly malformed: readonly { method: string; path: string; problem: string }[];
  /** The TXT values at `fqdn`, unquoted. */
  txt(fqdn: string): string[];
  /** The TXT set at `fqdn` exactly as held. */
  rrset(fqdn: string): DesecRRset | undefined;
  /** Adds TXT records (quoted, as deSEC needs them) no client wrote, mirrored to BIND. */
  seedTxt(fqdn: string, records: readonly string[], ttl?: number): Promise<void>;
  /** The next `times` requests, before authentication, get 429 with `Retry-After: <seconds>`. */
  rateLimitNext(times: number, retryAfterSeconds: number): ScriptedFailure;
  setMirroring(on: boolean): void;
  assertNoUnexpectedRequests(): void;
  close(): Promise<void>;
}

const API = '/api/v1';
const MAX_TTL = 604_800;
const BIND_TTL = 60;
const QUOTED_TXT = /^\s*"(?:[^"\\]|\\.)*"(?:\s+"(?:[^"\\]|\\.)*")*\s*$/;

/** deSEC's refusals. */
export const desecErrors = {
  notAuthenticated: () => json(401, { detail: 'Authentication credentials were not provided.' }),
  invalidToken: () => json(401, { detail: 'Invalid token.' }),
  forbidden: () => json(403, { detail: 'You do not have permission to perform this action.' }),
  notFound: () => json(404, { detail: 'Not found.' }),
  throttled: (retryAfterSeconds: number) =>
    json(
      429,
      { detail: `Request was throttled. Expected available in ${retryAfterSeconds} seconds.` },
      { 'retry-after': String(retryAfterSeconds) },
    ),
  paginationRequired: (count: number, pageSize: number) =>
    json(400, {
      detail: `Pagination required. You cannot request more than ${pageSize} items (requested up to ${count}). Please use the \`cursor\` query parameter.`,
    }),
};

interface Domain {
  readonly name: string;
  readonly minimumTtl: number;
  readonly mirror: boolean;
  /** TXT sets by subname. */
  readonly txt: Map<string, DesecRRset>;
  /** Times of accepted writes, for the per-domain rate. */
  readonly writes: number[];
}

type Refusal = { refusal: FakeApiReply; problem?: string };
const isRefusal = (value: unknown): value is Refusal =>
  typeof value === 'object' && value !== null && 'refusal' in value;

class Desec {
  readonly domains = new Map<string, Domain>();
  readonly malformed: { method: string; path: string; problem: string }[] = [];
  readonly rateLimits: { served: number; remaining: number; retryAfter: number }[] = [];
  mirroring = true;

  constructor(readonly options: FakeDesecApiOptions) {
    for (const d of options.domains)
      this.domains.set(d.name, {
        name: d.name,
        minimumTtl: d.minimumTtl ?? 3600,
        mirror: d.mirror ?? true,
        txt: new Map(),
        writes: [],
      });
  }

  readonly admit = (request: FakeApiRequest): FakeApiReply | undefined => {
    const limit = this.rateLimits[0];
    if (limit) {
      limit.served += 1;
      limit.remaining -= 1;
      if (limit.remaining === 0) this.rateLimits.shift();
      return desecErrors.throttled(limit.retryAfter);
    }
    const header = request.headers.authorization;
    // DRF's TokenAuthentication ignores any other scheme: the request counts as unauthenticated.
    if (header === undefined || !/^Token /.test(header)) return desecErrors.notAuthenticated();
    return this.grantOf(request) ? undefined : desecErrors.invalidToken();
  };

  grantOf(request: FakeApiRequest): DesecTokenOptions | undefined {
    const token = /^Token (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
    return this.options.tokens.find((t) => t.token === token);
  }

  domainOf(request: FakeApiRequest): Domain | Refusal {
    return this.domains.get(request.params.name ?? '') ?? { refusal: desecErrors.notFound() };
  }

  refuse(request: FakeApiRequest, { refusal, problem }: Refusal): FakeApiReply {
    if (problem !== undefined) this.malformed.push({ method: request.method, path: request.path, problem });
    return refusal;
  }

  mayWrite(grant: DesecTokenOptions, domain: string, subname: string, type: string): boolean {
    if (!grant.policies) return true;
    const score = (p: DesecPolicy) =>
      (p.domain === null ? 0 : 4) + (p.subname === null ? 0 : 2) + (p.type === null ? 0 : 1);
    const matching = grant.policies
      .filter(
        (p) =>
          (p.domain === null || p.domain === domain) &&
          (p.subname === null || p.subname === subname) &&
          (p.type === null || p.type === type),
      )
      .sort((a, b) => score(b) - score(a));
    return matching[0]?.write ?? false;
  }

  domainJson(domain: Domain) {
    return {
      created: '2026-01-01T00:00:00.000000Z',
      published: '2026-01-01T00:00:00.000000Z',
      name: domain.name,
      minimum_ttl: domain.minimumTtl,
      touched: '2026-01-01T00:00:00.000000Z',
    };
  }

  rrsetJson(domain: Domain, set: DesecRRset) {
    return {
      created: '2026-01-01T00:00:00.000000Z',
      domain: domain.name,
      subname: set.subname,
      name: set.subname ? `${set.subname}.${domain.name}.` : `${domain.name}.`,
      type: 'TXT',
      records: set.records,
      ttl: set.ttl,
      touched: new Date().toISOString(),
    };
  }

  readonly listDomains = (request: FakeApiRequest): FakeApiReply => {
    const qname = request.query.get('owns_qname')?.toLowerCase().replace(/\.$/, '');
    const owning = [...this.domains.values()]
      .filter((d) => qname === undefined || qname === d.name || qname.endsWith(`.${d.name}`))
      .sort((a, b) => b.name.length - a.name.length)
      .slice(0, qname === undefined ? undefined : 1);
    return json(
      200,
      owning.map((d) => this.domainJson(d)),
    );
  };

  readonly getDomain = (request: FakeApiRequest): FakeApiReply => {
    const domain = this.domainOf(request);
    return isRefusal(domain) ? this.refuse(request, domain) : json(200, this.domainJson(domain));
  };

  readonly listRRsets = (request: FakeApiRequest): FakeApiReply => {
    const domain = this.domainOf(request);
    if (isRefusal(domain)) return this.refuse(request, domain);
    const type = request.query.get('type');
    const subname = request.query.get('subname');
    if (type !== null && type !== 'TXT') return json(200, []);
    const matching = [...domain.txt.values()].filter((set) => subname === null || set.subname === subname).reverse(); // newest first, as deSEC lists them
    const pageSize = this.options.pageSize ?? 500;
    const cursor = request.query.get('cursor');
    if (cursor === null) {
      return matching.length > pageSize
        ? desecErrors.paginationRequired(matching.length, pageSize)
        : json(
            200,
            matching.map((set) => this.rrsetJson(domain, set)),
          );
    }
    const offset = cursor === '' ? 0 : Number(Buffer.from(cursor, 'base64url').toString());
    if (!Number.isInteger(offset) || offset < 0)
      return this.refuse(request, {
        refusal: json(404, { detail: 'Invalid cursor' }),
        problem: 'cursor not given by deSEC',
      });
    const page = matching.slice(offset, offset + pageSize);
    const headers: Record<string, string> = {};
    if (offset + pageSize < matching.length) {
      const next = new URLSearchParams(request.query);
      next.set('cursor', Buffer.from(String(offset + pageSize)).toString('base64url'));
      headers.link = `<http://${request.headers.host}${request.path}?${next.toString()}>; rel="next"`;
    }
    return json(
      200,
      page.map((set) => this.rrsetJson(domain, set)),
      headers,
    );
  };

  readonly getRRset = (request: FakeApiRequest): FakeApiReply => {
    const domain = this.domainOf(request);
    if (isRefusal(domain)) return this.refuse(request, domain);
    const raw = request.params.subname ?? '';
    const subname = raw === '@' ? '' : raw.endsWith('...') ? raw.slice(0, -3) : raw;
    const set = request.params.type === 'TXT' ? domain.txt.get(subname) : undefined;
    return set ? json(200, this.rrsetJson(domain, set)) : desecErrors.notFound();
  };

  readonly patchRRsets = async (request: FakeApiRequest): Promise<FakeApiReply> => {
    const domain = this.domainOf(request);
    if (isRefusal(domain)) return this.refuse(request, domain);
    const throttled = this.throttle(domain);
    if (throttled) return throttled;
    let items: unknown;
    try {
      items = JSON.parse(request.body);
    } catch {
      return this.refuse(request, { refusal: json(400, { detail: 'JSON parse error' }), problem: 'body is not JSON' });
    }
    if (!Array.isArray(items))
      return this.refuse(request, {
        refusal: json(400, { non_field_errors: ['Expected a list of items.'] }),
        problem: 'the bulk PATCH body is not a list',
      });
    const { errors, sets } = validate(domain, items);
    if (errors.some((e) => Object.keys(e).length > 0))
      return this.refuse(request, { refusal: json(400, errors), problem: JSON.stringify(errors) });
    const grant = this.grantOf(request);
    if (!grant || sets.some((set) => !this.mayWrite(grant, domain.name, set.subname, 'TXT')))
      return desecErrors.forbidden();
    domain.writes.push(Date.now());
    for (const set of sets) await this.replace(domain, set.subname, set.records.length > 0 ? set : undefined);
    return json(
      200,
      sets.filter((set) => set.records.length > 0).map((set) => this.rrsetJson(domain, set)),
    );
  };

  /** deSEC's sliding windows over the domain's writes: the wait until one more is allowed, if any. */
  throttle(domain: Domain): FakeApiReply | undefined {
    const now = Date.now();
    let wait = 0;
    for (const { count, seconds } of this.options.writeRates ?? [{ count: 2, seconds: 1 }]) {
      const inWindow = domain.writes.filter((t) => t > now - seconds * 1000);
      if (inWindow.length >= count)
        wait = Math.max(wait, (inWindow[inWindow.length - count] ?? now) + seconds * 1000 - now);
    }
    return wait > 0 ? desecErrors.throttled(Math.ceil(wait / 1000)) : undefined;
  }

  async replace(domain: Domain, subname: string, set: DesecRRset | undefined): Promise<void> {
    const before = domain.txt.get(subname);
    if (set) domain.txt.set(subname, set);
    else domain.txt.delete(subname);
    if (!domain.mirror || !this.mirroring || !this.options.bind) return;
    const old = new Set((before?.records ?? []).map(unquoteTxt));
    const next = new Set((set?.records ?? []).map(unquoteTxt));
    const fqdn = subname ? `${subname}.${domain.name}` : domain.name;
    try {
      await applyTxtToBind(this.options.bind.server, this.options.bind.tsig, {
        remove: [...old].filter((v) => !next.has(v)).map((value) => ({ fqdn, value })),
        add: [...next].filter((v) => !old.has(v)).map((value) => ({ fqdn, value, ttl: BIND_TTL })),
      });
    } catch (error) {
      if (before) domain.txt.set(subname, before);
      else domain.txt.delete(subname);
      throw error;
    }
  }
}

/** deSEC's first validation stage for a bulk PATCH: one error object per item, `{}` for a good one. */
function validate(domain: Domain, items: unknown[]): { errors: Record<string, string[]>[]; sets: DesecRRset[] } {
  const sets: DesecRRset[] = [];
  const seen = new Map<string, number>();
  const errors = items.map((raw, i): Record<string, string[]> => {
    const item = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const subname = item.subname ?? '';
    const error: Record<string, string[]> = {};
    if (typeof subname !== 'string' || !/^(\*\.)?([a-z0-9_-]+\.)*[a-z0-9_-]*$/.test(subname))
      error.subname = [
        "Subname can only use (lowercase) a-z, 0-9, ., -, and _, may start with a '*.', or just be '*'.",
      ];
    if (item.type !== 'TXT')
      error.type = [item.type === undefined ? 'This field is required.' : 'This stand-in models TXT only.'];
    const existing = typeof subname === 'string' ? domain.txt.get(subname) : undefined;
    const ttl = item.ttl ?? existing?.ttl;
    const records = item.records ?? existing?.records;
    if (ttl === undefined && (records as unknown[] | undefined)?.length)
      error.ttl = ['This field is required for new RRsets.'];
    else if (ttl !== undefined && (typeof ttl !== 'number' || !Number.isInteger(ttl)))
      error.ttl = ['A valid integer is required.'];
    else if (typeof ttl === 'number' && ttl < domain.minimumTtl)
      error.ttl = [`Ensure this value is greater than or equal to ${domain.minimumTtl}.`];
    else if (typeof ttl === 'number' && ttl > MAX_TTL)
      error.ttl = [`Ensure this value is less than or equal to ${MAX_TTL}.`];
    if (!Array.isArray(records) || !records.every((r) => typeof r === 'string'))
      error.records = ['This field is required.'];
    else {
      const bad = records.find((r: string) => !QUOTED_TXT.test(r));
      if (bad !== undefined) error.records = [`Invalid TXT record content: ${JSON.stringify(bad)} must be quoted.`];
      else if (new Set(records.map(unquoteTxt)).size !== records.length) error.records = ['Duplicate record content.'];
    }
    if (typeof subname === 'string') {
      const earlier = seen.get(subname);
      if (earlier !== undefined)
        error.non_field_errors = [`Same subname and type as in position(s) ${earlier}, but must be unique.`];
      seen.set(subname, i);
    }
    if (Object.keys(error).length === 0)
      sets.push({ subname: subname as string, type: 'TXT', ttl: ttl as number, records: [...(records as string[])] });
    return error;
  });
  return { errors, sets };
}

/**
 * Starts the stand-in on 127.0.0.1. Routes, under `/api/v1`: `GET /domains/` (`owns_qname`),
 * `GET /domains/:name/`, `GET` (`type`, `subname`, `cursor`) and `PATCH` (bulk)
 * `/domains/:name/rrsets/`, `GET /domains/:name/rrsets/:subname/:type/`.
 */
export async function startFakeDesecApi(options: FakeDesecApiOptions): Promise<FakeDesecApi> {
  const api = new Desec(options);
  const vendor = await startFakeApi({
    name: 'desec',
    auth: api.admit,
    unknownRoute: () => desecErrors.notFound(),
    routes: [
      route(`GET ${API}/domains/`, api.listDomains),
      route(`GET ${API}/domains/:name/`, api.getDomain),
      route(`GET ${API}/domains/:name/rrsets/`, api.listRRsets),
      route(`PATCH ${API}/domains/:name/rrsets/`, api.patchRRsets),
      route(`GET ${API}/domains/:name/rrsets/:subname/:type/`, api.getRRset),
    ],
  });
  const locate = (fqdn: string): { domain: Domain; subname: string } => {
    const name = fqdn.toLowerCase().replace(/\.$/, '');
    const domain = [...api.domains.values()]
      .filter((d) => name === d.name || name.endsWith(`.${d.name}`))
      .sort((a, b) => b.name.length - a.name.length)[0];
    if (!domain) throw new Error(`desec endpoint: no domain holds ${fqdn}`);
    return { domain, subname: name === domain.name ? '' : name.slice(0, -domain.name.length - 1) };
  };
  return {
    url: `${vendor.url}${API}`,
    vendor,
    malformed: api.malformed,
    txt(fqdn) {
      const { domain, subname } = locate(fqdn);
      return (domain.txt.get(subname)?.records ?? []).map(unquoteTxt);
    },
    rrset(fqdn) {
      const { domain, subname } = locate(fqdn);
      return domain.txt.get(subname);
    },
    async seedTxt(fqdn, records, ttl) {
      const { domain, subname } = locate(fqdn);
      const current = domain.txt.get(subname);
      if (!records.every((r) => QUOTED_TXT.test(r)))
        throw new Error('desec endpoint: seedTxt: TXT records must be quoted');
      await api.replace(domain, subname, {
        subname,
        type: 'TXT',
        ttl: current?.ttl ?? ttl ?? domain.minimumTtl,
        records: [...(current?.records ?? []), ...records],
      });
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
      if (problems.length > 0) throw new Error(`desec endpoint: unexpected requests:\n  ${problems.join('\n  ')}`);
    },
    close: () => vendor.close(),
  };
}
