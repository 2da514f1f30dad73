/**
 * A local stand-in for DigitalOcean's API v2 (domains and domain records), for the DigitalOcean
 * provider's tests. It answers as DigitalOcean does — `{id, message}` error bodies, the status
 * codes, `domain_records` / `links.pages` / `meta.total` lists, numeric record IDs, 204 on delete —
 * for what a DNS-01 client meets: a token that is missing, unknown or lacks a custom scope;
 * domains and records listed page by page; identical records, which DigitalOcean keeps side by
 * side; invalid records (422); records that are gone; the rate limit with its `ratelimit-*`
 * headers and 429. Where a detail was seen in DigitalOcean's answers, the comment says where;
 * where it was not (the exact wording of some 4xx bodies), it is marked as modelled.
 *
 * Accepted TXT writes are mirrored into the test bed's BIND (`applyTxtToBind`), so Pebble validates
 * through real DNS; identical records are counted, so BIND serves a value until its last record
 * goes. Requests DigitalOcean would refuse as malformed, or that show a client bug (a relative name
 * in the `name` filter, which matches nothing), are answered as DigitalOcean does *and* listed in
 * `malformed`, so `assertNoUnexpectedRequests()` fails the test.
 */
import { randomUUID } from 'node:crypto';
import type { ServerAddress } from '../../../address.js';
import {
  json,
  route,
  startFakeApi,
  type ScriptedFailure,
  type FakeApi,
  type FakeApiHandler,
  type FakeApiReply,
  type FakeApiRequest,
} from '../../../../testing/fake-api-kit.js';
import { applyTxtToBind, type TsigCredentials } from '../../testing/bind-mirror.js';

// Options and the returned handle

export type DomainScope = 'domain:create' | 'domain:read' | 'domain:update' | 'domain:delete';

export interface DigitalOceanDomainOptions {
  /** The apex, such as `example.test`. */
  readonly name: string;
  /** Mirror TXT writes to BIND (when `bind` is given); default true. */
  readonly mirror?: boolean;
}

export interface DigitalOceanTokenOptions {
  /** The secret sent as `Authorization: Bearer <token>`: `dop_v1_` and 64 hex digits, as DigitalOcean's personal access tokens are. */
  readonly token: string;
  /** Custom scopes, or the older all-or-nothing `read` (read everything) and `full` (read and write everything). */
  readonly scopes: 'read' | 'full' | readonly DomainScope[];
}

export interface FakeDigitalOceanApiOptions {
  readonly domains: readonly DigitalOceanDomainOptions[];
  readonly tokens: readonly DigitalOceanTokenOptions[];
  /** The test bed's BIND, to mirror TXT writes into. Without it nothing is mirrored. */
  readonly bind?: { readonly server: ServerAddress; readonly tsig: TsigCredentials };
  /** Caps `per_page` below DigitalOcean's 200, so clients must page. */
  readonly maxPerPage?: number;
  /** Requests per token per sliding hour and minute; DigitalOcean's are 5,000 and 250. */
  readonly rateLimit?: { readonly perHour?: number; readonly perMinute?: number };
  /** The endpoint's clock (ms), for rate-limit windows; a test can share a virtual one with the client. */
  readonly now?: () => number;
  /** Serve HTTPS with this certificate (its SAN should cover 127.0.0.1). */
  readonly tls?: { readonly certPem: string; readonly keyPem: string };
}

/** A domain record as the endpoint holds it; `name` relative to the domain, `@` for the apex. */
export interface DigitalOceanRecord {
  readonly id: number;
  readonly type: string;
  readonly name: string;
  readonly data: string;
  readonly ttl: number;
}

/** A request DigitalOcean refuses as malformed, or one that shows a client bug, with what was wrong. */
export interface MalformedRequest {
  readonly method: string;
  readonly path: string;
  readonly problem: string;
}

export interface FakeDigitalOceanApi {
  /** The API origin, such as `http://127.0.0.1:41234`; the routes are under `/v2`. */
  readonly url: string;
  /** The underlying endpoint: `requests`, `unmatched`, `checkFailures`, `failNext`. */
  readonly vendor: FakeApi;
  readonly malformed: readonly MalformedRequest[];
  /** Every record of the domain, in order of creation. Throws for a domain the endpoint does not hold. */
  records(domain: string): DigitalOceanRecord[];
  /** The data of the TXT records at `fqdn`, in any domain (identical records each count). */
  txt(fqdn: string): string[];
  /** Adds a TXT record no client created (a foreign one), mirrored to BIND like any other; returns its ID. */
  seedTxt(domain: string, fqdn: string, value: string, ttl?: number): Promise<number>;
  /** The next `times` valid creates store the record and then answer 500, as a create whose answer a gateway lost. */
  loseCreateAnswers(times: number): ScriptedFailure;
  /** 429 answers the rate limit gave (not scripted ones). */
  readonly rateLimited: () => number;
  /** Off: writes stay here and never reach BIND (a validation that must fail); on again: as before. */
  setMirroring(on: boolean): void;
  /** Throws, listing them, if any request was unmatched, failed a check, threw, or was malformed. */
  assertNoUnexpectedRequests(): void;
  close(): Promise<void>;
}

// DigitalOcean's answers

function failure(status: number, id: string, message: string, headers: Record<string, string> = {}): FakeApiReply {
  return json(status, { id, message, request_id: randomUUID() }, headers);
}

/** DigitalOcean's refusals, each with where it was seen or that it is modelled. */
export const digitaloceanErrors = {
  /** No, an unknown, a revoked or an expired token: 401 (the API reference's `unauthorized` response; "Unable to authenticate you" in doctl and Terraform errors). */
  unauthorized: () => failure(401, 'unauthorized', 'Unable to authenticate you'),
  /** A token without the scope the call needs: 403 (the API reference's example; "you do not have access for the attempted action", digitalocean/action-doctl#83). */
  forbidden: () => failure(403, 'forbidden', 'You do not have access for the attempted action.'),
  /** An unknown domain or record: 404 (the API reference's `not_found` response). */
  notFound: () => failure(404, 'not_found', 'The resource you were accessing could not be found.'),
  /** A TTL below 30: 422 ("422 record ttl must be greater than 30", Pelado-Nerdworks/peladonerd#44; 30 itself is accepted, lego's default). */
  ttlTooLow: () => failure(422, 'unprocessable_entity', 'record ttl must be greater than 30'),
  /** A TXT name DigitalOcean does not take, such as a wildcard: 422 (kubernetes-sigs/external-dns#1316). */
  invalidTxtName: () => failure(422, 'unprocessable_entity', 'Name is not a valid TXT record name'),
  /** Any other invalid record (no type, no data, a name outside the domain): 422; the wording is modelled. */
  invalidRecord: (message: string) => failure(422, 'unprocessable_entity', message),
  /** A body that is not JSON: 400; modelled. */
  badRequest: () => failure(400, 'bad_request', 'unable to parse the request body as JSON'),
  /** A create whose answer a gateway lost: 500 (the API reference's `server_error` response). */
  serverError: () => failure(500, 'server_error', 'Unexpected server-side error'),
  /**
   * Throttled: 429 with `ratelimit-remaining: 0`, `ratelimit-reset` and (for the per-minute burst
   * limit) `retry-after` (the API reference's "Rate Limit" section and its sample headers).
   */
  rateLimited: (retryAfterSeconds: number | undefined, resetEpochSeconds: number, limit = 5000) =>
    failure(429, 'too_many_requests', 'API Rate limit exceeded.', {
      'ratelimit-limit': String(limit),
      'ratelimit-remaining': '0',
      'ratelimit-reset': String(resetEpochSeconds),
      ...(retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) }),
    }),
};

// Shapes and values

const TOKEN_SHAPE = /^(dop|doo)_v1_[0-9a-f]{64}$/;
const RECORD_TYPES = new Set(['A', 'AAAA', 'CAA', 'CNAME', 'MX', 'NS', 'SOA', 'SRV', 'TXT']);
/** DigitalOcean's default record TTL, and the domain's. */
const DEFAULT_TTL = 1800;
const MIN_TTL = 30;
/** Lists: 20 a page unless `per_page` says otherwise, at most 200 (the API reference's "Links & Pagination"). */
const DEFAULT_PER_PAGE = 20;
const MAX_PER_PAGE = 200;
/** The bed's resolver must not hold a stale answer long, so BIND gets this TTL whatever the record says. */
const BIND_TTL = 60;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** IDs are account-wide integers, as in the API reference's examples. */
const FIRST_ID = 28448429;

function normalizedFqdn(fqdn: string): string {
  return fqdn.trim().toLowerCase().replace(/\.$/, '');
}

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

/** Where a name stands: DigitalOcean keeps names relative to the domain; a trailing dot makes one absolute (lego sends the FQDN so). */
function storedName(
  raw: unknown,
  domain: string,
  type: string,
): { name: string } | { refusal: FakeApiReply; problem: string } {
  if (typeof raw !== 'string' || raw.trim() === '')
    return {
      refusal: digitaloceanErrors.invalidRecord('Name is required'),
      problem: `name ${JSON.stringify(raw)} is not a record name`,
    };
  const text = raw.trim().toLowerCase();
  let name = text;
  if (text.endsWith('.')) {
    const absolute = text.slice(0, -1);
    if (absolute !== domain && !absolute.endsWith(`.${domain}`))
      return {
        refusal: digitaloceanErrors.invalidRecord(`Name must be within ${domain}`),
        problem: `name ${raw} is outside domain ${domain}`,
      };
    name = absolute === domain ? '@' : absolute.slice(0, -(domain.length + 1));
  }
  if (name === '@') return { name };
  const labels = name.split('.');
  const wildcard = labels[0] === '*';
  if (wildcard && type === 'TXT')
    return { refusal: digitaloceanErrors.invalidTxtName(), problem: `a TXT record cannot be a wildcard (${raw})` };
  if (!labels.every((label, i) => LABEL.test(label) || (i === 0 && wildcard))) {
    return type === 'TXT'
      ? { refusal: digitaloceanErrors.invalidTxtName(), problem: `name ${JSON.stringify(raw)} is not a DNS name` }
      : {
          refusal: digitaloceanErrors.invalidRecord('Name is invalid'),
          problem: `name ${JSON.stringify(raw)} is not a DNS name`,
        };
  }
  return { name };
}

// State

interface StoredRecord extends DigitalOceanRecord {
  /** Whether the record's value was counted into BIND. */
  mirrored: boolean;
}

interface Domain {
  readonly name: string;
  readonly mirror: boolean;
  readonly records: Map<number, StoredRecord>;
}

interface Grant {
  readonly read: boolean;
  readonly create: boolean;
  readonly delete: boolean;
}

interface Refusal {
  readonly refusal: FakeApiReply;
  readonly problem?: string;
}

function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && 'refusal' in value;
}

function grantFromOptions(options: DigitalOceanTokenOptions): Grant {
  if (!TOKEN_SHAPE.test(options.token))
    throw new Error(
      `digitalocean endpoint: token "${options.token}" is not shaped like a DigitalOcean token (dop_v1_ and 64 hex digits)`,
    );
  if (options.scopes === 'read') return { read: true, create: false, delete: false };
  if (options.scopes === 'full') return { read: true, create: true, delete: true };
  const has = (scope: DomainScope) => options.scopes.includes(scope);
  // The API reference: records are created with domain:create or domain:update, deleted with domain:delete or domain:update.
  return {
    read: has('domain:read'),
    create: has('domain:create') || has('domain:update'),
    delete: has('domain:delete') || has('domain:update'),
  };
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header?.trim() ?? '');
  return match?.[1];
}

function fqdnOf(record: DigitalOceanRecord, domain: string): string {
  return record.name === '@' ? domain : `${record.name}.${domain}`;
}

function recordJson(record: DigitalOceanRecord): unknown {
  return {
    id: record.id,
    type: record.type,
    name: record.name,
    data: record.data,
    priority: null,
    port: null,
    ttl: record.ttl,
    weight: null,
    flags: null,
    tag: null,
  };
}

function zoneFile(domain: Domain): string {
  const lines = [
    `$ORIGIN ${domain.name}.`,
    `$TTL ${DEFAULT_TTL}`,
    `${domain.name}. IN SOA ns1.digitalocean.com. hostmaster.${domain.name}. 1415982609 10800 3600 604800 1800`,
    ...['ns1', 'ns2', 'ns3'].map((ns) => `${domain.name}. ${DEFAULT_TTL} IN NS ${ns}.digitalocean.com.`),
    ...[...domain.records.values()].map(
      (r) => `${fqdnOf(r, domain.name)}. ${r.ttl} IN ${r.type} ${r.type === 'TXT' ? JSON.stringify(r.data) : r.data}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

// The rate limit

class RateLimiter {
  readonly #perHour: number;
  readonly #perMinute: number;
  readonly #now: () => number;
  readonly #requests = new Map<string, number[]>();
  limited = 0;

  constructor(options: FakeDigitalOceanApiOptions) {
    this.#perHour = options.rateLimit?.perHour ?? 5000;
    this.#perMinute = options.rateLimit?.perMinute ?? 250;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Counts a request of `token`, or refuses it. Each request counts for its own hour and minute;
   * `ratelimit-remaining` is what is left of the tighter of the two windows (DigitalOcean: "reaching
   * zero can also indicate that the burst limit ... was met"), and `ratelimit-reset` when that
   * window's oldest request expires.
   */
  admit(token: string): { headers: Record<string, string> } | { refusal: FakeApiReply } {
    const now = this.#now();
    const times = (this.#requests.get(token) ?? []).filter((t) => t > now - HOUR_MS);
    this.#requests.set(token, times);
    const inMinute = times.filter((t) => t > now - MINUTE_MS);
    const seconds = (ms: number) => Math.ceil(ms / 1000);
    if (times.length >= this.#perHour) {
      this.limited += 1;
      return {
        refusal: digitaloceanErrors.rateLimited(undefined, seconds((times[0] ?? now) + HOUR_MS), this.#perHour),
      };
    }
    if (inMinute.length >= this.#perMinute) {
      this.limited += 1;
      const freeAt = (inMinute[0] ?? now) + MINUTE_MS;
      return {
        refusal: digitaloceanErrors.rateLimited(Math.max(1, seconds(freeAt - now)), seconds(freeAt), this.#perHour),
      };
    }
    times.push(now);
    inMinute.push(now);
    const hourLeft = this.#perHour - times.length;
    const minuteLeft = this.#perMinute - inMinute.length;
    const reset = minuteLeft < hourLeft ? (inMinute[0] ?? now) + MINUTE_MS : (times[0] ?? now) + HOUR_MS;
    return {
      headers: {
        'ratelimit-limit': String(this.#perHour),
        'ratelimit-remaining': String(Math.min(hourLeft, minuteLeft)),
        'ratelimit-reset': String(seconds(reset)),
      },
    };
  }
}

// The API

class DigitalOceanApi {
  readonly domains: ReadonlyMap<string, Domain>;
  readonly grants: ReadonlyMap<string, Grant>;
  readonly malformed: MalformedRequest[] = [];
  readonly limiter: RateLimiter;
  /** The endpoint's origin, for page links; set once it listens. */
  baseUrl = '';
  mirroring = true;
  readonly lostAnswers: { served: number; remaining: number }[] = [];
  #nextId = FIRST_ID;
  /** How many mirrored records carry each `fqdn value` in BIND. */
  readonly #inBind = new Map<string, number>();
  /** Rate-limit headers for each admitted request, added to whatever the route answers. */
  readonly #rateHeaders = new WeakMap<FakeApiRequest, Record<string, string>>();

  constructor(private readonly options: FakeDigitalOceanApiOptions) {
    this.domains = new Map(
      options.domains.map((d) => [
        normalizedFqdn(d.name),
        { name: normalizedFqdn(d.name), mirror: d.mirror ?? true, records: new Map() },
      ]),
    );
    this.grants = new Map(options.tokens.map((t) => [t.token, grantFromOptions(t)]));
    this.limiter = new RateLimiter(options);
  }

  /** Runs before routing: who is asking, then the token's rate limit. */
  readonly admit = (request: FakeApiRequest): FakeApiReply | undefined => {
    const token = bearerToken(request.headers.authorization);
    if (token === undefined)
      return this.refuse(request, {
        refusal: digitaloceanErrors.unauthorized(),
        problem: 'no "Authorization: Bearer <token>" header',
      });
    if (!this.grants.has(token)) return digitaloceanErrors.unauthorized();
    const admitted = this.limiter.admit(token);
    if ('refusal' in admitted) return admitted.refusal;
    this.#rateHeaders.set(request, admitted.headers);
    return undefined;
  };

  /** A route handler whose answers carry the request's rate-limit headers. */
  limited(handler: FakeApiHandler): FakeApiHandler {
    return async (request) => {
      const reply = await handler(request);
      return { ...reply, headers: { ...reply.headers, ...this.#rateHeaders.get(request) } };
    };
  }

  readonly listDomains = (request: FakeApiRequest): FakeApiReply => {
    const denied = this.need(request, 'read');
    if (denied) return denied;
    const domains = [...this.domains.values()].sort((a, b) => a.name.localeCompare(b.name));
    return this.page(
      request,
      'domains',
      domains.map((d) => ({ name: d.name, ttl: DEFAULT_TTL, zone_file: zoneFile(d) })),
    );
  };

  readonly getDomain = (request: FakeApiRequest): FakeApiReply => {
    const found = this.domainOf(request, 'read');
    return isRefusal(found)
      ? this.refuse(request, found)
      : json(200, { domain: { name: found.name, ttl: DEFAULT_TTL, zone_file: zoneFile(found) } });
  };

  readonly listRecords = (request: FakeApiRequest): FakeApiReply => {
    const domain = this.domainOf(request, 'read');
    if (isRefusal(domain)) return this.refuse(request, domain);
    const type = request.query.get('type');
    const name = request.query.get('name');
    if (type !== null && !RECORD_TYPES.has(type))
      return this.refuse(request, {
        refusal: digitaloceanErrors.invalidRecord('type is not a valid record type'),
        problem: `type filter ${JSON.stringify(type)}`,
      });
    if (name !== null && normalizedFqdn(name) !== domain.name && !normalizedFqdn(name).endsWith(`.${domain.name}`)) {
      // DigitalOcean matches fully qualified names only: a relative one finds nothing, quietly.
      this.malformed.push({
        method: request.method,
        path: request.path,
        problem: `name filter "${name}" is not fully qualified; DigitalOcean matches nothing`,
      });
    }
    const matching = [...domain.records.values()].filter(
      (r) => (type === null || r.type === type) && (name === null || fqdnOf(r, domain.name) === normalizedFqdn(name)),
    );
    return this.page(request, 'domain_records', matching.map(recordJson));
  };

  readonly getRecord = (request: FakeApiRequest): FakeApiReply => {
    const found = this.recordOf(request, 'read');
    return isRefusal(found) ? this.refuse(request, found) : json(200, { domain_record: recordJson(found.record) });
  };

  readonly createRecord = async (request: FakeApiRequest): Promise<FakeApiReply> => {
    const domain = this.domainOf(request, 'create');
    if (isRefusal(domain)) return this.refuse(request, domain);
    let body: unknown;
    try {
      body = JSON.parse(request.body);
    } catch {
      return this.refuse(request, {
        refusal: digitaloceanErrors.badRequest(),
        problem: `body is not JSON: ${request.body.slice(0, 200)}`,
      });
    }
    const draft = draftFrom(body, domain.name);
    if (isRefusal(draft)) return this.refuse(request, draft);
    const record = await this.insert(domain, draft);
    const lost = this.lostAnswers[0];
    if (lost) {
      lost.served += 1;
      lost.remaining -= 1;
      if (lost.remaining === 0) this.lostAnswers.shift();
      return digitaloceanErrors.serverError();
    }
    return json(201, { domain_record: recordJson(record) });
  };

  readonly deleteRecord = async (request: FakeApiRequest): Promise<FakeApiReply> => {
    const found = this.recordOf(request, 'delete');
    if (isRefusal(found)) return this.refuse(request, found);
    await this.remove(found.domain, found.record);
    return { status: 204, headers: {} };
  };

  /** Stores the record, then mirrors it; undone if BIND refuses, so the two never disagree. */
  async insert(domain: Domain, draft: Omit<DigitalOceanRecord, 'id'>): Promise<StoredRecord> {
    const record: StoredRecord = { ...draft, id: this.#nextId++, mirrored: false };
    domain.records.set(record.id, record);
    if (record.type !== 'TXT' || !domain.mirror || !this.mirroring || !this.options.bind) return record;
    const key = `${fqdnOf(record, domain.name)} ${record.data}`;
    const count = (this.#inBind.get(key) ?? 0) + 1;
    this.#inBind.set(key, count);
    record.mirrored = true;
    try {
      if (count === 1)
        await applyTxtToBind(this.options.bind.server, this.options.bind.tsig, {
          add: [{ fqdn: fqdnOf(record, domain.name), value: record.data, ttl: BIND_TTL }],
        });
    } catch (error) {
      domain.records.delete(record.id);
      this.#inBind.set(key, count - 1);
      throw error;
    }
    return record;
  }

  /** Removes the record; BIND stops serving its value when no other mirrored record carries it. */
  async remove(domain: Domain, record: StoredRecord): Promise<void> {
    domain.records.delete(record.id);
    if (!record.mirrored || !this.options.bind) return;
    const key = `${fqdnOf(record, domain.name)} ${record.data}`;
    const count = (this.#inBind.get(key) ?? 1) - 1;
    this.#inBind.set(key, count);
    try {
      if (count === 0)
        await applyTxtToBind(this.options.bind.server, this.options.bind.tsig, {
          remove: [{ fqdn: fqdnOf(record, domain.name), value: record.data }],
        });
    } catch (error) {
      domain.records.set(record.id, record);
      this.#inBind.set(key, count + 1);
      throw error;
    }
  }

  domain(name: string): Domain {
    const domain = this.domains.get(normalizedFqdn(name));
    if (!domain)
      throw new Error(`digitalocean endpoint: no domain "${name}"; domains are ${[...this.domains.keys()].join(', ')}`);
    return domain;
  }

  /** A list page: `per_page` (default 20, at most 200 and `maxPerPage`), `page`, `links.pages` and `meta.total`. */
  private page(request: FakeApiRequest, key: string, items: readonly unknown[]): FakeApiReply {
    const number = (name: string): number | undefined => {
      const value = request.query.get(name);
      return value !== null && /^\d+$/.test(value) && Number(value) > 0 ? Number(value) : undefined;
    };
    const perPage = Math.min(number('per_page') ?? DEFAULT_PER_PAGE, MAX_PER_PAGE, this.options.maxPerPage ?? Infinity);
    const page = number('page') ?? 1;
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (to: number) => {
      const query = new URLSearchParams(request.query);
      query.set('page', String(to));
      return `${this.baseUrl}${request.path}?${query.toString()}`;
    };
    const pages: Record<string, string> = {};
    if (page > 1) Object.assign(pages, { first: link(1), prev: link(Math.min(page - 1, last)) });
    if (page < last) Object.assign(pages, { next: link(page + 1), last: link(last) });
    const links = Object.keys(pages).length > 0 ? { pages } : {};
    return json(200, {
      [key]: items.slice((page - 1) * perPage, page * perPage),
      links,
      meta: { total: items.length },
    });
  }

  private need(request: FakeApiRequest, what: keyof Grant): FakeApiReply | undefined {
    const grant = this.grants.get(bearerToken(request.headers.authorization) ?? '');
    if (!grant) throw new Error('digitalocean endpoint: a request reached a route without a known token');
    return grant[what] ? undefined : digitaloceanErrors.forbidden();
  }

  /** The domain a request names, if the token may do `what`; the scope is checked first, as DigitalOcean's authorization runs before the handler. */
  private domainOf(request: FakeApiRequest, what: keyof Grant): Domain | Refusal {
    const denied = this.need(request, what);
    if (denied) return { refusal: denied };
    const domain = this.domains.get(normalizedFqdn(request.params.domain ?? ''));
    return domain ?? { refusal: digitaloceanErrors.notFound() };
  }

  private recordOf(request: FakeApiRequest, what: keyof Grant): { domain: Domain; record: StoredRecord } | Refusal {
    const domain = this.domainOf(request, what);
    if (isRefusal(domain)) return domain;
    const raw = request.params.record_id ?? '';
    if (!/^\d+$/.test(raw))
      return { refusal: digitaloceanErrors.notFound(), problem: `record id "${raw}" is not a number` };
    const record = domain.records.get(Number(raw));
    return record ? { domain, record } : { refusal: digitaloceanErrors.notFound() };
  }

  refuse(request: FakeApiRequest, { refusal, problem }: Refusal): FakeApiReply {
    if (problem !== undefined) this.malformed.push({ method: request.method, path: request.path, problem });
    return refusal;
  }
}

/** A create request's record, checked as DigitalOcean does: type, name, data, TTL. */
function draftFrom(body: unknown, domain: string): Omit<DigitalOceanRecord, 'id'> | Refusal {
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const { type, data, ttl = DEFAULT_TTL } = fields;
  if (typeof type !== 'string' || !RECORD_TYPES.has(type))
    return {
      refusal: digitaloceanErrors.invalidRecord('Type is not a valid record type'),
      problem: `type ${JSON.stringify(type)} is not a record type`,
    };
  const name = storedName(fields.name, domain, type);
  if ('refusal' in name) return name;
  if (typeof data !== 'string' || data === '')
    return {
      refusal: digitaloceanErrors.invalidRecord('Data is required'),
      problem: `data ${JSON.stringify(data)} is not a non-empty string`,
    };
  if (!Number.isInteger(ttl))
    return {
      refusal: digitaloceanErrors.invalidRecord('ttl must be an integer'),
      problem: `ttl ${JSON.stringify(ttl)} is not an integer`,
    };
  if ((ttl as number) < MIN_TTL)
    return { refusal: digitaloceanErrors.ttlTooLow(), problem: `ttl ${ttl as number} is below ${MIN_TTL}` };
  return { type, name: name.name, data, ttl: ttl as number };
}

/**
 * Starts the stand-in on 127.0.0.1 with the given domains and tokens. Routes: `GET /v2/domains`,
 * `GET /v2/domains/:domain`, `GET /v2/domains/:domain/records` (`type`, `name` fully qualified,
 * `page`, `per_page`), `POST /v2/domains/:domain/records`, `GET` and
 * `DELETE /v2/domains/:domain/records/:record_id`.
 */
export async function startFakeDigitalOceanApi(options: FakeDigitalOceanApiOptions): Promise<FakeDigitalOceanApi> {
  const api = new DigitalOceanApi(options);
  const vendor = await startFakeApi({
    name: 'digitalocean',
    ...(options.tls ? { tls: options.tls } : {}),
    auth: api.admit,
    unknownRoute: () => digitaloceanErrors.notFound(),
    routes: [
      route('GET /v2/domains', api.limited(api.listDomains)),
      route('GET /v2/domains/:domain', api.limited(api.getDomain)),
      route('GET /v2/domains/:domain/records', api.limited(api.listRecords)),
      route('POST /v2/domains/:domain/records', api.limited(api.createRecord)),
      route('GET /v2/domains/:domain/records/:record_id', api.limited(api.getRecord)),
      route('DELETE /v2/domains/:domain/records/:record_id', api.limited(api.deleteRecord)),
    ],
  });
  api.baseUrl = vendor.url;
  return {
    url: vendor.url,
    vendor,
    malformed: api.malformed,
    records: (domain) =>
      [...api.domain(domain).records.values()].map(({ id, type, name, data, ttl }) => ({ id, type, name, data, ttl })),
    txt: (fqdn) =>
      [...api.domains.values()].flatMap((domain) =>
        [...domain.records.values()]
          .filter((r) => r.type === 'TXT' && fqdnOf(r, domain.name) === normalizedFqdn(fqdn))
          .map((r) => r.data),
      ),
    async seedTxt(domainName, fqdn, value, ttl = DEFAULT_TTL) {
      const domain = api.domain(domainName);
      const draft = draftFrom({ type: 'TXT', name: `${normalizedFqdn(fqdn)}.`, data: value, ttl }, domain.name);
      if (isRefusal(draft)) throw new Error(`digitalocean endpoint: seedTxt: ${draft.problem ?? 'refused'}`);
      return (await api.insert(domain, draft)).id;
    },
    loseCreateAnswers(times) {
      if (!Number.isInteger(times) || times < 1)
        throw new Error(`digitalocean endpoint: loseCreateAnswers times: expected a positive integer, got ${times}`);
      const lost = { served: 0, remaining: times };
      api.lostAnswers.push(lost);
      return lost;
    },
    rateLimited: () => api.limiter.limited,
    setMirroring(on) {
      api.mirroring = on;
    },
    assertNoUnexpectedRequests() {
      const problems = [
        ...vendor.unmatched.map((r) => `no route for ${r.method} ${r.path}`),
        ...vendor.checkFailures.map((f) => f.message),
        ...api.malformed.map((m) => `malformed ${m.method} ${m.path}: ${m.problem}`),
      ];
      if (problems.length > 0)
        throw new Error(`digitalocean endpoint: unexpected requests:\n  ${problems.join('\n  ')}`);
    },
    close: () => vendor.close(),
  };
}
