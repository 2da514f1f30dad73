/**
 * A local stand-in for the Linode (Akamai) API v4 DNS Manager calls (domains and domain records),
 * for the Linode provider's tests. It answers as Linode does: `{data, page, pages, results}` pages
 * (`page`, `page_size` 25..500), `X-Filter` JSON filters on filterable fields, `{errors: [{reason,
 * field?}]}` errors, 401 for an unknown token and for a token without the Domains scope the call
 * needs, numeric IDs, identical records kept side by side, `ttl_sec` rounded up to Linode's
 * steps, 429 with `retry-after` when scripted. The shapes follow the API reference
 * (techdocs.akamai.com/linode-api/reference) and linodego's types.
 *
 * Accepted TXT writes are mirrored into the test bed's BIND, so Pebble validates through real DNS.
 * Requests Linode would refuse as malformed (a provider bug) are answered as Linode does *and*
 * listed in `malformed`, so `assertNoUnexpectedRequests()` fails the test.
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
import { applyTxtToBind, type TsigCredentials, type TxtChange } from '../../testing/bind-mirror.js';

export interface LinodeDomainOptions {
  readonly id: number;
  /** The apex, such as `example.test`. */
  readonly domain: string;
  /** Default `master`; a `slave` domain refuses record writes. */
  readonly type?: 'master' | 'slave';
  /** Mirror TXT writes to BIND (when `bind` is given); default true. */
  readonly mirror?: boolean;
}

export interface LinodeTokenOptions {
  /** A personal access token: 64 hex characters. */
  readonly token: string;
  /** The token's Domains scope: `read_write`, `read_only`, or none (a token for other products). */
  readonly domains: 'read_write' | 'read_only' | 'none';
}

export interface FakeLinodeApiOptions {
  readonly domains: readonly LinodeDomainOptions[];
  readonly tokens: readonly LinodeTokenOptions[];
  readonly bind?: { readonly server: ServerAddress; readonly tsig: TsigCredentials };
  /** Caps `page_size` below Linode's 25..500, so clients must page. */
  readonly maxPageSize?: number;
}

export interface LinodeRecordJson {
  readonly id: number;
  readonly type: string;
  readonly name: string;
  readonly target: string;
  readonly ttl_sec: number;
}

export interface MalformedRequest {
  readonly method: string;
  readonly path: string;
  readonly problem: string;
}

export interface FakeLinodeApi {
  /** The API base, such as `http://127.0.0.1:41234/v4`. */
  readonly url: string;
  readonly vendor: FakeApi;
  readonly malformed: readonly MalformedRequest[];
  /** Every record of the domain, in order of creation. */
  records(domainId: number): LinodeRecordJson[];
  /** The TXT targets at `fqdn` in any domain, as stored. */
  txt(fqdn: string): string[];
  /** Adds a TXT record no client created (a foreign one), mirrored to BIND; returns its ID. */
  seedTxt(domainId: number, fqdn: string, target: string): Promise<number>;
  /** The next `times` requests, before authentication, get 429 with `retry-after`. */
  rateLimitNext(times: number, retryAfterSeconds: number): ScriptedFailure;
  setMirroring(on: boolean): void;
  assertNoUnexpectedRequests(): void;
  close(): Promise<void>;
}

const API = '/v4';
const TOKEN_SHAPE = /^[0-9a-f]{64}$/;
/** `ttl_sec` values Linode keeps; any other is rounded up to the next (0 means the domain's default). */
const TTL_STEPS = [300, 3600, 7200, 14400, 28800, 57600, 86400, 172800, 345600, 604800, 1209600, 2419200];
const RECORD_FILTERS = new Set(['type', 'name', 'target', 'tag']);
const DOMAIN_FILTERS = new Set(['domain', 'type', 'status', 'tags', 'group']);

function errors(status: number, list: { reason: string; field?: string }[], headers: Record<string, string> = {}) {
  return json(status, { errors: list }, headers);
}

/** Linode's refusals. */
export const linodeErrors = {
  /** No token, a malformed one, or one Linode does not know. */
  invalidToken: () => errors(401, [{ reason: 'Invalid Token' }]),
  /** A token without the scope the call needs (Linode answers 401 for a missing OAuth scope). */
  notAuthorized: () => errors(401, [{ reason: 'Your OAuth token is not authorized to use this endpoint.' }]),
  notFound: () => errors(404, [{ reason: 'Not found' }]),
  badRequest: (reason: string, field?: string) => errors(400, [{ reason, ...(field ? { field } : {}) }]),
  rateLimited: (retryAfterSeconds: number) =>
    errors(429, [{ reason: 'Too Many Requests' }], { 'retry-after': String(retryAfterSeconds) }),
  serverError: () => errors(500, [{ reason: 'Please try again' }]),
};

interface Stored extends LinodeRecordJson {
  readonly created: string;
}

interface Domain {
  readonly id: number;
  readonly domain: string;
  readonly type: 'master' | 'slave';
  readonly mirror: boolean;
  readonly records: Map<number, Stored>;
}

function fqdnOf(record: { name: string }, domain: Domain): string {
  return record.name === '' ? domain.domain : `${record.name}.${domain.domain}`;
}

/** Quoted TXT data (as another tool may send it) is served unquoted, as DNS holds it. */
function dnsValue(target: string): string {
  const match = /^"((?:[^"\\]|\\.)*)"$/.exec(target);
  return match ? (match[1] ?? '').replace(/\\(.)/g, '$1') : target;
}

class LinodeState {
  readonly domains = new Map<number, Domain>();
  readonly tokens = new Map<string, LinodeTokenOptions['domains']>();
  readonly malformed: MalformedRequest[] = [];
  readonly rateLimits: { served: number; remaining: number; retryAfter: number }[] = [];
  mirroring = true;
  nextId = 1_000_000;

  constructor(readonly options: FakeLinodeApiOptions) {
    for (const d of options.domains) {
      if (!Number.isSafeInteger(d.id) || d.id < 1)
        throw new Error(`linode endpoint: domain id ${d.id} is not a positive integer`);
      this.domains.set(d.id, {
        id: d.id,
        domain: d.domain.toLowerCase(),
        type: d.type ?? 'master',
        mirror: d.mirror ?? true,
        records: new Map(),
      });
    }
    for (const t of options.tokens) {
      if (!TOKEN_SHAPE.test(t.token))
        throw new Error(
          `linode endpoint: token "${t.token}" is not shaped like a Linode personal access token (64 hex)`,
        );
      this.tokens.set(t.token, t.domains);
    }
  }

  readonly admit = (request: FakeApiRequest): FakeApiReply | undefined => {
    const limit = this.rateLimits[0];
    if (limit) {
      limit.served += 1;
      limit.remaining -= 1;
      if (limit.remaining === 0) this.rateLimits.shift();
      return linodeErrors.rateLimited(limit.retryAfter);
    }
    const match = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '');
    if (!match) {
      this.malformed.push({ method: request.method, path: request.path, problem: 'no "Authorization: Bearer" header' });
      return linodeErrors.invalidToken();
    }
    return this.tokens.has(match[1] ?? '') ? undefined : linodeErrors.invalidToken();
  };

  scopeOf(request: FakeApiRequest): LinodeTokenOptions['domains'] {
    return this.tokens.get((request.headers.authorization ?? '').replace(/^Bearer /, '')) ?? 'none';
  }

  refuse(request: FakeApiRequest, reply: FakeApiReply, problem: string): FakeApiReply {
    this.malformed.push({ method: request.method, path: request.path, problem });
    return reply;
  }

  /** `X-Filter` as Linode reads it: a JSON object of field: value (the `+and`/`+or` operators are not modelled). */
  filterOf(
    request: FakeApiRequest,
    allowed: Set<string>,
  ): { filter: Record<string, unknown> } | { reply: FakeApiReply } {
    const raw = request.headers['x-filter'];
    if (raw === undefined) return { filter: {} };
    let parsed: unknown;
    try {
      parsed = JSON.parse(String(raw));
    } catch {
      return {
        reply: this.refuse(request, linodeErrors.badRequest('Invalid JSON', 'X-Filter'), 'X-Filter is not JSON'),
      };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      return {
        reply: this.refuse(request, linodeErrors.badRequest('Invalid filter', 'X-Filter'), 'X-Filter is not an object'),
      };
    for (const key of Object.keys(parsed))
      if (!allowed.has(key))
        return {
          reply: this.refuse(
            request,
            linodeErrors.badRequest(`Cannot filter on ${key}`, 'X-Filter'),
            `filter on ${key}`,
          ),
        };
    return { filter: parsed as Record<string, unknown> };
  }

  page<T>(request: FakeApiRequest, items: readonly T[]): FakeApiReply {
    const number = (name: string, fallback: number) => {
      const text = request.query.get(name);
      return text === null ? fallback : /^\d+$/.test(text) ? Number(text) : NaN;
    };
    const page = number('page', 1);
    const size = number('page_size', 100);
    if (!(page >= 1))
      return this.refuse(request, linodeErrors.badRequest('Must be a positive integer', 'page'), 'page');
    if (!(size >= 25 && size <= 500))
      return this.refuse(request, linodeErrors.badRequest('Must be 25-500', 'page_size'), `page_size ${size}`);
    const perPage = Math.min(size, this.options.maxPageSize ?? Infinity);
    const pages = Math.max(1, Math.ceil(items.length / perPage));
    return json(200, {
      data: items.slice((page - 1) * perPage, page * perPage),
      page,
      pages,
      results: items.length,
    });
  }

  domainOf(request: FakeApiRequest): Domain | undefined {
    const id = request.params.domain_id ?? '';
    return /^\d+$/.test(id) ? this.domains.get(Number(id)) : undefined;
  }

  readonly listDomains = (request: FakeApiRequest): FakeApiReply => {
    if (this.scopeOf(request) === 'none') return linodeErrors.notAuthorized();
    const parsed = this.filterOf(request, DOMAIN_FILTERS);
    if ('reply' in parsed) return parsed.reply;
    const { filter } = parsed;
    const matching = [...this.domains.values()]
      .filter((d) => filter.domain === undefined || d.domain === filter.domain)
      .filter((d) => filter.type === undefined || d.type === filter.type)
      .sort((a, b) => a.domain.localeCompare(b.domain));
    return this.page(request, matching.map(domainJson));
  };

  readonly getDomain = (request: FakeApiRequest): FakeApiReply => {
    if (this.scopeOf(request) === 'none') return linodeErrors.notAuthorized();
    const domain = this.domainOf(request);
    return domain ? json(200, domainJson(domain)) : linodeErrors.notFound();
  };

  readonly listRecords = (request: FakeApiRequest): FakeApiReply => {
    if (this.scopeOf(request) === 'none') return linodeErrors.notAuthorized();
    const domain = this.domainOf(request);
    if (!domain) return linodeErrors.notFound();
    const parsed = this.filterOf(request, RECORD_FILTERS);
    if ('reply' in parsed) return parsed.reply;
    const wanted = parsed.filter;
    const matching = [...domain.records.values()].filter((r) =>
      Object.entries(wanted).every(([key, value]) => (r as unknown as Record<string, unknown>)[key] === value),
    );
    return this.page(request, matching.map(recordJson));
  };

  readonly getRecord = (request: FakeApiRequest): FakeApiReply => {
    if (this.scopeOf(request) === 'none') return linodeErrors.notAuthorized();
    const record = this.domainOf(request)?.records.get(Number(request.params.record_id));
    return record ? json(200, recordJson(record)) : linodeErrors.notFound();
  };

  readonly createRecord = async (request: FakeApiRequest): Promise<FakeApiReply> => {
    if (this.scopeOf(request) !== 'read_write') return linodeErrors.notAuthorized();
    const domain = this.domainOf(request);
    if (!domain) return linodeErrors.notFound();
    if (!/^application\/json/.test(request.headers['content-type'] ?? ''))
      return this.refuse(request, linodeErrors.badRequest('Invalid JSON'), 'content type is not application/json');
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(request.body) as Record<string, unknown>;
    } catch {
      return this.refuse(request, linodeErrors.badRequest('Invalid JSON'), 'body is not JSON');
    }
    const draft = draftFrom(body, domain);
    if (typeof draft === 'string')
      return this.refuse(request, linodeErrors.badRequest(draft.split('|')[1] ?? draft, draft.split('|')[0]), draft);
    if (domain.type === 'slave') return linodeErrors.badRequest('Cannot create records on a slave domain');
    return json(200, recordJson(await this.insert(domain, draft)));
  };

  readonly deleteRecord = async (request: FakeApiRequest): Promise<FakeApiReply> => {
    if (this.scopeOf(request) !== 'read_write') return linodeErrors.notAuthorized();
    const domain = this.domainOf(request);
    const record = domain?.records.get(Number(request.params.record_id));
    if (!domain || !record) return linodeErrors.notFound();
    domain.records.delete(record.id);
    try {
      await this.mirror(domain, record, { remove: [{ fqdn: fqdnOf(record, domain), value: dnsValue(record.target) }] });
    } catch (error) {
      domain.records.set(record.id, record);
      throw error;
    }
    return json(200, {});
  };

  async insert(domain: Domain, draft: Omit<Stored, 'id' | 'created'>): Promise<Stored> {
    const record: Stored = { ...draft, id: this.nextId++, created: new Date().toISOString() };
    domain.records.set(record.id, record);
    try {
      await this.mirror(domain, record, { add: [{ fqdn: fqdnOf(record, domain), value: dnsValue(record.target) }] });
    } catch (error) {
      domain.records.delete(record.id);
      throw error;
    }
    return record;
  }

  async mirror(domain: Domain, record: Stored, change: TxtChange): Promise<void> {
    if (record.type !== 'TXT' || !domain.mirror || !this.mirroring || !this.options.bind) return;
    await applyTxtToBind(this.options.bind.server, this.options.bind.tsig, change);
  }
}

/** What Linode stores for a create body, or `field|reason` for a refusal. */
function draftFrom(body: Record<string, unknown>, domain: Domain): Omit<Stored, 'id' | 'created'> | string {
  const { type, name = '', target, ttl_sec: ttl = 0 } = body;
  if (typeof type !== 'string' || !['A', 'AAAA', 'NS', 'MX', 'CNAME', 'TXT', 'SRV', 'PTR', 'CAA'].includes(type))
    return 'type|type is required';
  if (typeof name !== 'string' || name.length > 100) return 'name|Length must be 0-100 characters';
  // A fully qualified name is taken relative to the domain, as Linode does.
  let relative = name.toLowerCase().replace(/\.$/, '');
  if (relative === domain.domain) relative = '';
  else if (relative.endsWith(`.${domain.domain}`)) relative = relative.slice(0, -(domain.domain.length + 1));
  if (relative !== '' && !relative.split('.').every((l) => /^(\*|[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)$/.test(l)))
    return `name|Invalid record name ${name}`;
  if (typeof target !== 'string' || target === '' || target.length > 65_535) return 'target|target is required';
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 0) return 'ttl_sec|Must be a positive integer';
  const rounded = ttl === 0 ? 0 : (TTL_STEPS.find((step) => step >= ttl) ?? 2_419_200);
  return { type, name: relative, target, ttl_sec: rounded };
}

function domainJson(domain: Domain) {
  return {
    id: domain.id,
    domain: domain.domain,
    type: domain.type,
    status: 'active',
    soa_email: `hostmaster@${domain.domain}`,
    ttl_sec: 0,
    tags: [],
  };
}

function recordJson(record: Stored): LinodeRecordJson & Record<string, unknown> {
  return {
    id: record.id,
    type: record.type,
    name: record.name,
    target: record.target,
    ttl_sec: record.ttl_sec,
    priority: 0,
    weight: 0,
    port: 0,
    service: null,
    protocol: null,
    tag: null,
    created: record.created,
    updated: record.created,
  };
}

/**
 * Starts the stand-in on 127.0.0.1. Routes, under `/v4`: `GET /domains`, `GET /domains/:domain_id`,
 * `GET` and `POST /domains/:domain_id/records`, `GET` and `DELETE /domains/:domain_id/records/:record_id`.
 */
export async function startFakeLinodeApi(options: FakeLinodeApiOptions): Promise<FakeLinodeApi> {
  const state = new LinodeState(options);
  const vendor = await startFakeApi({
    name: 'linode',
    auth: state.admit,
    unknownRoute: () => linodeErrors.notFound(),
    routes: [
      route(`GET ${API}/domains`, state.listDomains),
      route(`GET ${API}/domains/:domain_id`, state.getDomain),
      route(`GET ${API}/domains/:domain_id/records`, state.listRecords),
      route(`POST ${API}/domains/:domain_id/records`, state.createRecord),
      route(`GET ${API}/domains/:domain_id/records/:record_id`, state.getRecord),
      route(`DELETE ${API}/domains/:domain_id/records/:record_id`, state.deleteRecord),
    ],
  });
  const domain = (id: number): Domain => {
    const found = state.domains.get(id);
    if (!found) throw new Error(`linode endpoint: no domain ${id}`);
    return found;
  };
  return {
    url: `${vendor.url}${API}`,
    vendor,
    malformed: state.malformed,
    records: (id) =>
      [...domain(id).records.values()].map(({ id: rid, type, name, target, ttl_sec }) => ({
        id: rid,
        type,
        name,
        target,
        ttl_sec,
      })),
    txt: (fqdn) => {
      const name = fqdn.toLowerCase().replace(/\.$/, '');
      return [...state.domains.values()].flatMap((d) =>
        [...d.records.values()].filter((r) => r.type === 'TXT' && fqdnOf(r, d) === name).map((r) => r.target),
      );
    },
    async seedTxt(id, fqdn, target) {
      const d = domain(id);
      const draft = draftFrom({ type: 'TXT', name: fqdn, target, ttl_sec: 300 }, d);
      if (typeof draft === 'string') throw new Error(`linode endpoint: seedTxt: ${draft}`);
      return (await state.insert(d, draft)).id;
    },
    rateLimitNext(times, retryAfter) {
      const limit = { served: 0, remaining: times, retryAfter };
      state.rateLimits.push(limit);
      return limit;
    },
    setMirroring(on) {
      state.mirroring = on;
    },
    assertNoUnexpectedRequests() {
      const problems = [
        ...vendor.unmatched.map((r) => `no route for ${r.method} ${r.path}`),
        ...vendor.checkFailures.map((f) => f.message),
        ...state.malformed.map((m) => `malformed ${m.method} ${m.path}: ${m.problem}`),
      ];
      if (problems.length > 0) throw new Error(`linode endpoint: unexpected requests:\n  ${problems.join('\n  ')}`);
    },
    close: () => vendor.close(),
  };
}
