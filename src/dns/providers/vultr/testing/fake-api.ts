/**
 * A local stand-in for the Vultr API v2 DNS calls (domains and domain records), for the Vultr
 * provider's tests. It answers as Vultr does: `{error, status}` errors, 401 "Invalid API token."
 * for a key it does not know and "Unauthorized IP address" for a key whose Access Control list
 * leaves the caller out, 403 for a user without the Manage DNS permission, cursor pages
 * (`per_page` up to 500, `cursor`, `meta: {total, links: {next, prev}}`), record IDs as UUIDs,
 * 201 with `{record}` for a create and 204 for a delete, 429 (or 503, as older paths did) when
 * scripted. The shapes follow the API reference (www.vultr.com/api) and govultr's types.
 *
 * Accepted TXT writes are mirrored into the test bed's BIND, so Pebble validates through real DNS.
 * Requests Vultr would refuse as malformed (a provider bug) are answered as Vultr does *and*
 * listed in `malformed`, so `assertNoUnexpectedRequests()` fails the test.
 */
import { randomUUID } from 'node:crypto';
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
import { unquoteTxt } from '../../txt.js';
import { applyTxtToBind, type TsigCredentials, type TxtChange } from '../../testing/bind-mirror.js';

export interface VultrDomainOptions {
  readonly domain: string;
  /** Mirror TXT writes to BIND (when `bind` is given); default true. */
  readonly mirror?: boolean;
}

export interface VultrKeyOptions {
  /** An API key: 36 upper-case letters and digits. */
  readonly key: string;
  /** The user's Manage DNS permission (ACL `dns`); default true. */
  readonly dns?: boolean;
  /** The key's Access Control list leaves the caller (127.0.0.1) out; default false. */
  readonly ipRefused?: boolean;
}

export interface FakeVultrApiOptions {
  readonly domains: readonly VultrDomainOptions[];
  readonly keys: readonly VultrKeyOptions[];
  readonly bind?: { readonly server: ServerAddress; readonly tsig: TsigCredentials };
  /** Caps `per_page` below Vultr's 500, so clients must page. */
  readonly maxPerPage?: number;
}

export interface VultrRecordJson {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly data: string;
  readonly priority: number;
  readonly ttl: number;
}

export interface MalformedRequest {
  readonly method: string;
  readonly path: string;
  readonly problem: string;
}

export interface FakeVultrApi {
  /** The API base, such as `http://127.0.0.1:41234/v2`. */
  readonly url: string;
  readonly vendor: FakeApi;
  readonly malformed: readonly MalformedRequest[];
  records(domain: string): VultrRecordJson[];
  /** The TXT values at `fqdn` in any domain, unquoted. */
  txt(fqdn: string): string[];
  /** Adds a TXT record no client created (a foreign one), mirrored to BIND; returns its ID. */
  seedTxt(domain: string, fqdn: string, data: string): Promise<string>;
  /** The next `times` requests, before authentication, are throttled: 429 (with `retry-after` if given) or 503. */
  rateLimitNext(times: number, status: 429 | 503, retryAfterSeconds?: number): ScriptedFailure;
  setMirroring(on: boolean): void;
  assertNoUnexpectedRequests(): void;
  close(): Promise<void>;
}

const API = '/v2';
const KEY_SHAPE = /^[A-Z0-9]{36}$/;

function failure(status: number, error: string, headers: Record<string, string> = {}): FakeApiReply {
  return json(status, { error, status }, headers);
}

/** Vultr's refusals. */
export const vultrErrors = {
  invalidKey: () => failure(401, 'Invalid API token.'),
  ipRefused: () => failure(401, 'Unauthorized IP address: 127.0.0.1'),
  noDnsPermission: () => failure(403, 'Unauthorized: this user lacks the permission dns'),
  domainNotFound: () => failure(404, 'Domain not found.'),
  recordNotFound: () => failure(404, 'Record not found.'),
  noRoute: () => failure(404, 'Invalid API route.'),
  badRequest: (error: string) => failure(400, error),
  rateLimited: (status: 429 | 503 = 429, retryAfterSeconds?: number) =>
    failure(
      status,
      'Rate limit reached - please try your request again later.',
      retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) },
    ),
  serverError: () => failure(500, 'Internal server error.'),
};

interface Domain {
  readonly domain: string;
  readonly mirror: boolean;
  readonly records: Map<string, VultrRecordJson>;
}

const fqdnOf = (record: { name: string }, domain: Domain) =>
  record.name === '' ? domain.domain : `${record.name}.${domain.domain}`;

class VultrState {
  readonly domains = new Map<string, Domain>();
  readonly keys = new Map<string, VultrKeyOptions>();
  readonly malformed: MalformedRequest[] = [];
  readonly rateLimits: { served: number; remaining: number; status: 429 | 503; retryAfter?: number }[] = [];
  mirroring = true;

  constructor(readonly options: FakeVultrApiOptions) {
    for (const d of options.domains)
      this.domains.set(d.domain.toLowerCase(), {
        domain: d.domain.toLowerCase(),
        mirror: d.mirror ?? true,
        records: new Map(),
      });
    for (const k of options.keys) {
      if (!KEY_SHAPE.test(k.key)) throw new Error(`vultr endpoint: key "${k.key}" is not shaped like a Vultr API key`);
      this.keys.set(k.key, k);
    }
  }

  readonly admit = (request: FakeApiRequest): FakeApiReply | undefined => {
    const limit = this.rateLimits[0];
    if (limit) {
      limit.served += 1;
      limit.remaining -= 1;
      if (limit.remaining === 0) this.rateLimits.shift();
      return vultrErrors.rateLimited(limit.status, limit.retryAfter);
    }
    const match = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '');
    if (!match) {
      this.malformed.push({ method: request.method, path: request.path, problem: 'no "Authorization: Bearer" header' });
      return vultrErrors.invalidKey();
    }
    const key = this.keys.get(match[1] ?? '');
    if (!key) return vultrErrors.invalidKey();
    if (key.ipRefused) return vultrErrors.ipRefused();
    if (key.dns === false) return vultrErrors.noDnsPermission();
    return undefined;
  };

  refuse(request: FakeApiRequest, reply: FakeApiReply, problem: string): FakeApiReply {
    this.malformed.push({ method: request.method, path: request.path, problem });
    return reply;
  }

  /** A cursor page: the cursor is opaque to clients (here the base64 of the next offset). */
  page<T>(request: FakeApiRequest, key: string, items: readonly T[]): FakeApiReply {
    const perPageText = request.query.get('per_page') ?? '100';
    const perPage = Number(perPageText);
    if (!/^\d+$/.test(perPageText) || perPage < 1 || perPage > 500)
      return this.refuse(
        request,
        vultrErrors.badRequest('per_page must be between 1 and 500'),
        `per_page ${perPageText}`,
      );
    const cursor = request.query.get('cursor');
    let offset = 0;
    if (cursor !== null) {
      const decoded = Buffer.from(cursor, 'base64').toString('utf8');
      if (!/^next__\d+$/.test(decoded))
        return this.refuse(request, vultrErrors.badRequest('Invalid cursor.'), `cursor ${cursor}`);
      offset = Number(decoded.slice(6));
    }
    const size = Math.min(perPage, this.options.maxPerPage ?? Infinity);
    const slice = items.slice(offset, offset + size);
    const next = offset + size < items.length ? Buffer.from(`next__${offset + size}`).toString('base64') : '';
    const prev = offset > 0 ? Buffer.from(`prev__${offset}`).toString('base64') : '';
    return json(200, { [key]: slice, meta: { total: items.length, links: { next, prev } } });
  }

  domainOf(request: FakeApiRequest): Domain | undefined {
    return this.domains.get((request.params.domain ?? '').toLowerCase());
  }

  readonly listDomains = (request: FakeApiRequest): FakeApiReply =>
    this.page(
      request,
      'domains',
      [...this.domains.values()]
        .sort((a, b) => a.domain.localeCompare(b.domain))
        .map((d) => ({ domain: d.domain, date_created: '2024-01-01T00:00:00+00:00', dns_sec: 'disabled' })),
    );

  readonly listRecords = (request: FakeApiRequest): FakeApiReply => {
    const domain = this.domainOf(request);
    return domain ? this.page(request, 'records', [...domain.records.values()]) : vultrErrors.domainNotFound();
  };

  readonly createRecord = async (request: FakeApiRequest): Promise<FakeApiReply> => {
    const domain = this.domainOf(request);
    if (!domain) return vultrErrors.domainNotFound();
    if (!/^application\/json/.test(request.headers['content-type'] ?? ''))
      return this.refuse(request, vultrErrors.badRequest('Invalid JSON.'), 'content type is not application/json');
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(request.body) as Record<string, unknown>;
    } catch {
      return this.refuse(request, vultrErrors.badRequest('Invalid JSON.'), 'body is not JSON');
    }
    const draft = draftFrom(body);
    if (typeof draft === 'string') return this.refuse(request, vultrErrors.badRequest(draft), draft);
    return json(201, { record: await this.insert(domain, draft) });
  };

  readonly deleteRecord = async (request: FakeApiRequest): Promise<FakeApiReply> => {
    const domain = this.domainOf(request);
    if (!domain) return vultrErrors.domainNotFound();
    const record = domain.records.get(request.params.record_id ?? '');
    if (!record) return vultrErrors.recordNotFound();
    domain.records.delete(record.id);
    try {
      await this.mirror(domain, record, { remove: [{ fqdn: fqdnOf(record, domain), value: unquoteTxt(record.data) }] });
    } catch (error) {
      domain.records.set(record.id, record);
      throw error;
    }
    return { status: 204 };
  };

  async insert(domain: Domain, draft: Omit<VultrRecordJson, 'id'>): Promise<VultrRecordJson> {
    const record = { id: randomUUID(), ...draft };
    domain.records.set(record.id, record);
    try {
      await this.mirror(domain, record, { add: [{ fqdn: fqdnOf(record, domain), value: unquoteTxt(record.data) }] });
    } catch (error) {
      domain.records.delete(record.id);
      throw error;
    }
    return record;
  }

  async mirror(domain: Domain, record: VultrRecordJson, change: TxtChange): Promise<void> {
    if (record.type !== 'TXT' || !domain.mirror || !this.mirroring || !this.options.bind) return;
    await applyTxtToBind(this.options.bind.server, this.options.bind.tsig, change);
  }
}

/** What Vultr stores for a create body (`name` relative, `''` the apex), or why it refuses it. */
function draftFrom(body: Record<string, unknown>): Omit<VultrRecordJson, 'id'> | string {
  const { name, type, data, ttl = 300, priority = 0 } = body;
  if (typeof type !== 'string' || !['A', 'AAAA', 'CNAME', 'NS', 'MX', 'SRV', 'TXT', 'CAA', 'SSHFP'].includes(type))
    return 'Invalid record type.';
  if (typeof name !== 'string') return 'Invalid record name.';
  const relative = name.toLowerCase();
  if (
    relative.endsWith('.') ||
    (relative !== '' && !relative.split('.').every((l) => /^(\*|[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)$/.test(l)))
  )
    return 'Invalid record name.';
  if (typeof data !== 'string' || data === '') return 'Invalid record data.';
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 30) return 'Invalid TTL.';
  if (typeof priority !== 'number') return 'Invalid priority.';
  return { type, name: relative, data, ttl, priority };
}

/**
 * Starts the stand-in on 127.0.0.1. Routes, under `/v2`: `GET /domains`, `GET` and
 * `POST /domains/:domain/records`, `DELETE /domains/:domain/records/:record_id`.
 */
export async function startFakeVultrApi(options: FakeVultrApiOptions): Promise<FakeVultrApi> {
  const state = new VultrState(options);
  const vendor = await startFakeApi({
    name: 'vultr',
    auth: state.admit,
    unknownRoute: () => vultrErrors.noRoute(),
    routes: [
      route(`GET ${API}/domains`, state.listDomains),
      route(`GET ${API}/domains/:domain/records`, state.listRecords),
      route(`POST ${API}/domains/:domain/records`, state.createRecord),
      route(`DELETE ${API}/domains/:domain/records/:record_id`, state.deleteRecord),
    ],
  });
  const domain = (name: string): Domain => {
    const found = state.domains.get(name);
    if (!found) throw new Error(`vultr endpoint: no domain ${name}`);
    return found;
  };
  return {
    url: `${vendor.url}${API}`,
    vendor,
    malformed: state.malformed,
    records: (name) => [...domain(name).records.values()],
    txt: (fqdn) => {
      const name = fqdn.toLowerCase().replace(/\.$/, '');
      return [...state.domains.values()].flatMap((d) =>
        [...d.records.values()].filter((r) => r.type === 'TXT' && fqdnOf(r, d) === name).map((r) => unquoteTxt(r.data)),
      );
    },
    async seedTxt(name, fqdn, data) {
      const d = domain(name);
      const relative = fqdn === d.domain ? '' : fqdn.slice(0, -(d.domain.length + 1));
      const draft = draftFrom({ type: 'TXT', name: relative, data, ttl: 300 });
      if (typeof draft === 'string') throw new Error(`vultr endpoint: seedTxt: ${draft}`);
      return (await state.insert(d, draft)).id;
    },
    rateLimitNext(times, status, retryAfter) {
      const limit = { served: 0, remaining: times, status, ...(retryAfter === undefined ? {} : { retryAfter }) };
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
      if (problems.length > 0) throw new Error(`vultr endpoint: unexpected requests:\n  ${problems.join('\n  ')}`);
    },
    close: () => vendor.close(),
  };
}
