/**
 * A local stand-in for the DNSimple API v2 (`/v2/whoami` and zone records, including the batch
 * change of a zone's records), for the DNSimple provider's tests. It answers as DNSimple does:
 * `{"data": ...}` with `pagination` on lists (`page`, `per_page` up to 100), `{"message", "errors"}`
 * on refusals (401 "Authentication failed", 404 "Zone `x` not found", 400 "Validation failed"
 * with field errors), and the rate-limit headers on every answer (`X-RateLimit-Limit`,
 * `-Remaining`, `-Reset` in epoch seconds; 429 when scripted). Account tokens name one account
 * (`whoami` gives it); user tokens name none and reach the accounts their user belongs to.
 *
 * The batch call (`POST /v2/{account}/zones/{zone}/batch`: `creates`, `updates`, `deletes`,
 * added to the API in 2025, dnsimple/dnsimple-python#477) is applied all or nothing here; it can be
 * switched off (`batch: false`: the route is unknown, as on an API without it). Accepted TXT
 * writes are mirrored into the test bed's BIND at once, as DNSimple publishes them.
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

export interface DnsimpleTokenOptions {
  readonly token: string;
  /** An account token's account; without it, a user token reaching `accounts`. */
  readonly account?: number;
  readonly accounts?: readonly number[];
}

export interface FakeDnsimpleApiOptions {
  readonly accounts: readonly { readonly id: number; readonly zones: readonly string[] }[];
  readonly tokens: readonly DnsimpleTokenOptions[];
  readonly bind?: { readonly server: ServerAddress; readonly tsig: TsigCredentials };
  /** Caps `per_page` below DNSimple's 100, so clients must page. */
  readonly maxPerPage?: number;
  /** The batch call exists (default true). */
  readonly batch?: boolean;
}

export interface DnsimpleRecordShape {
  readonly id: number;
  readonly zone_id: string;
  readonly parent_id: null;
  readonly name: string;
  readonly content: string;
  readonly ttl: number;
  readonly priority: null;
  readonly type: string;
  readonly regions: readonly string[];
  readonly system_record: boolean;
  readonly created_at: string;
  readonly updated_at: string;
}

export interface FakeDnsimpleApi {
  /** The API origin, `http://127.0.0.1:PORT` (the `/v2` paths are under it). */
  readonly url: string;
  readonly vendor: FakeApi;
  readonly malformed: readonly { method: string; path: string; problem: string }[];
  records(zone: string): DnsimpleRecordShape[];
  txt(fqdn: string): string[];
  seedTxt(zone: string, fqdn: string, content: string): Promise<number>;
  /** The next `times` requests get 429, with `X-RateLimit-Reset` this many seconds ahead. */
  rateLimitNext(times: number, resetInSeconds: number): ScriptedFailure;
  setMirroring(on: boolean): void;
  assertNoUnexpectedRequests(): void;
  close(): Promise<void>;
}

const RATE_LIMIT = 2400;
const MAX_PER_PAGE = 100;
const MIN_TTL = 60;
const BIND_TTL = 60;
const TYPES = new Set([
  'A',
  'AAAA',
  'ALIAS',
  'CAA',
  'CNAME',
  'HINFO',
  'MX',
  'NAPTR',
  'NS',
  'PTR',
  'SPF',
  'SRV',
  'SSHFP',
  'TXT',
  'URL',
]);

/** DNSimple's refusals. */
export const dnsimpleErrors = {
  authentication: () => json(401, { message: 'Authentication failed' }),
  accountNotFound: (account: string) => json(404, { message: `Account \`${account}\` not found` }),
  zoneNotFound: (zone: string) => json(404, { message: `Zone \`${zone}\` not found` }),
  recordNotFound: (id: string) => json(404, { message: `Record \`${id}\` not found` }),
  notFound: () => json(404, { message: 'Not found' }),
  validation: (errors: Record<string, string[]>) => json(400, { message: 'Validation failed', errors }),
  rateLimited: (resetAt: number) =>
    json(
      429,
      { message: `API rate limit exceeded (${RATE_LIMIT} requests per hour)` },
      { 'x-ratelimit-limit': String(RATE_LIMIT), 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(resetAt) },
    ),
};

interface Zone {
  readonly id: number;
  readonly name: string;
  readonly account: number;
  readonly records: Map<number, DnsimpleRecordShape>;
}

interface Draft {
  readonly name: string;
  readonly type: string;
  readonly content: string;
  readonly ttl: number;
}

function txtValue(content: string): string {
  const quoted = /^"((?:[^"\\]|\\.)*)"$/.exec(content.trim());
  return quoted ? (quoted[1] ?? '').replace(/\\(.)/g, '$1') : content;
}

function draftFrom(body: unknown): Draft | Record<string, string[]> {
  const { name = '', type, content, ttl = 3600 } = (body ?? {}) as Record<string, unknown>;
  const errors: Record<string, string[]> = {};
  if (typeof name !== 'string' || !/^([a-z0-9_*-]+(\.[a-z0-9_-]+)*)?$/i.test(name)) errors.name = ['is invalid'];
  if (typeof type !== 'string' || !TYPES.has(type)) errors.type = ['is not included in the list'];
  if (typeof content !== 'string' || content === '') errors.content = ["can't be blank"];
  if (!Number.isInteger(ttl) || (ttl as number) < MIN_TTL) errors.ttl = [`must be greater than or equal to ${MIN_TTL}`];
  if (Object.keys(errors).length > 0) return errors;
  return { name: (name as string).toLowerCase(), type: type as string, content: content as string, ttl: ttl as number };
}

function isDraft(value: Draft | Record<string, string[]>): value is Draft {
  return typeof (value as Draft).type === 'string' && typeof (value as Draft).content === 'string';
}

class DnsimpleState {
  readonly zones = new Map<string, Zone>();
  readonly malformed: { method: string; path: string; problem: string }[] = [];
  readonly limits: { served: number; remaining: number; resetIn: number }[] = [];
  mirroring = true;
  nextId = 1_000_001;
  remaining = RATE_LIMIT;

  constructor(readonly options: FakeDnsimpleApiOptions) {
    let zoneId = 1;
    for (const account of options.accounts)
      for (const name of account.zones)
        this.zones.set(`${account.id}/${name}`, { id: zoneId++, name, account: account.id, records: new Map() });
  }

  tokenOf(request: FakeApiRequest): DnsimpleTokenOptions | undefined {
    const match = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '');
    return this.options.tokens.find((t) => t.token === match?.[1]);
  }

  readonly admit = (request: FakeApiRequest): FakeApiReply | undefined => {
    const limit = this.limits[0];
    if (limit) {
      limit.served += 1;
      limit.remaining -= 1;
      if (limit.remaining === 0) this.limits.shift();
      return dnsimpleErrors.rateLimited(Math.floor(Date.now() / 1000) + limit.resetIn);
    }
    if (!request.headers.authorization) {
      this.malformed.push({ method: request.method, path: request.path, problem: 'no Authorization header' });
      return dnsimpleErrors.authentication();
    }
    if (!this.tokenOf(request)) return dnsimpleErrors.authentication();
    return undefined;
  };

  readonly whoami = (request: FakeApiRequest): FakeApiReply => {
    const token = this.tokenOf(request);
    const account =
      token?.account === undefined
        ? null
        : {
            id: token.account,
            email: 'ops@example.test',
            plan_identifier: 'teams-v2-monthly',
            created_at: '2024-01-01T00:00:00Z',
            updated_at: '2024-01-01T00:00:00Z',
          };
    const user = token?.account === undefined ? { id: 7, email: 'user@example.test' } : null;
    return json(200, { data: { user, account } });
  };

  /** The zone a request names, if its token reaches the account. */
  zoneOf(request: FakeApiRequest): Zone | FakeApiReply {
    const token = this.tokenOf(request);
    const account = Number(request.params.account);
    const reaches =
      token?.account !== undefined ? token.account === account : (token?.accounts ?? []).includes(account);
    if (!reaches) return dnsimpleErrors.accountNotFound(request.params.account ?? '');
    return (
      this.zones.get(`${account}/${request.params.zone ?? ''}`) ??
      dnsimpleErrors.zoneNotFound(request.params.zone ?? '')
    );
  }

  readonly listRecords = (request: FakeApiRequest): FakeApiReply => {
    const zone = this.zoneOf(request);
    if (!('records' in zone)) return zone;
    const name = request.query.get('name');
    const type = request.query.get('type');
    const matching = [...zone.records.values()].filter(
      (r) => (name === null || r.name === name.toLowerCase()) && (type === null || r.type === type),
    );
    const number = (key: string, fallback: number) => {
      const value = Number(request.query.get(key) ?? fallback);
      return Number.isInteger(value) && value > 0 ? value : fallback;
    };
    const page = number('page', 1);
    const perPage = Math.min(number('per_page', 30), MAX_PER_PAGE, this.options.maxPerPage ?? MAX_PER_PAGE);
    return json(200, {
      data: matching.slice((page - 1) * perPage, page * perPage),
      pagination: {
        current_page: page,
        per_page: perPage,
        total_entries: matching.length,
        total_pages: Math.max(1, Math.ceil(matching.length / perPage)),
      },
    });
  };

  readonly createRecord = async (request: FakeApiRequest): Promise<FakeApiReply> => {
    const zone = this.zoneOf(request);
    if (!('records' in zone)) return zone;
    const draft = this.parse(request, (body) => draftFrom(body));
    if (!isDraft(draft)) return this.invalid(request, draft);
    if (this.duplicate(zone, draft)) return dnsimpleErrors.validation({ base: ['Zone record already exists'] });
    const [record] = await this.apply(zone, [draft], []);
    return json(201, { data: record });
  };

  readonly deleteRecord = async (request: FakeApiRequest): Promise<FakeApiReply> => {
    const zone = this.zoneOf(request);
    if (!('records' in zone)) return zone;
    const record = zone.records.get(Number(request.params.id));
    if (!record) return dnsimpleErrors.recordNotFound(request.params.id ?? '');
    await this.apply(zone, [], [record]);
    return { status: 204 };
  };

  /** Creates and deletes in one change, all or nothing; `updates` are not modelled. */
  readonly batchChange = async (request: FakeApiRequest): Promise<FakeApiReply> => {
    // An API without the batch call answers as for any path it does not have.
    if (this.options.batch === false) return dnsimpleErrors.notFound();
    const zone = this.zoneOf(request);
    if (!('records' in zone)) return zone;
    const body = this.parse(request, (value) => value as Record<string, unknown>);
    const { creates = [], updates = [], deletes = [] } = (body ?? {}) as Record<string, unknown>;
    if (!Array.isArray(creates) || !Array.isArray(deletes) || !Array.isArray(updates) || updates.length > 0)
      return this.invalid(request, { base: ['creates and deletes must be lists; updates are not modelled'] });
    const doomed: DnsimpleRecordShape[] = [];
    for (const item of deletes as unknown[]) {
      const id = (item as { id?: unknown } | null)?.id;
      const record = typeof id === 'number' ? zone.records.get(id) : undefined;
      if (!record) return dnsimpleErrors.validation({ deletes: [`record ${String(id)} not found`] });
      doomed.push(record);
    }
    const drafts: Draft[] = [];
    for (const item of creates as unknown[]) {
      const draft = draftFrom(item);
      if (!isDraft(draft)) return this.invalid(request, draft);
      if (this.duplicate(zone, draft, doomed) || drafts.some((d) => same(d, draft)))
        return dnsimpleErrors.validation({ creates: ['Zone record already exists'] });
      drafts.push(draft);
    }
    const created = await this.apply(zone, drafts, doomed);
    return json(200, { data: { creates: created, updates: [], deletes: doomed.map((r) => ({ id: r.id })) } });
  };

  duplicate(zone: Zone, draft: Draft, except: readonly DnsimpleRecordShape[] = []): boolean {
    return [...zone.records.values()].some((r) => !except.includes(r) && same(r, draft));
  }

  /** Stores the change, then mirrors it; undone if BIND refuses, so the two never disagree. */
  async apply(
    zone: Zone,
    drafts: readonly Draft[],
    doomed: readonly DnsimpleRecordShape[],
  ): Promise<DnsimpleRecordShape[]> {
    const now = new Date().toISOString();
    const created = drafts.map((d): DnsimpleRecordShape => ({
      id: this.nextId++,
      zone_id: zone.name,
      parent_id: null,
      ...d,
      priority: null,
      regions: ['global'],
      system_record: false,
      created_at: now,
      updated_at: now,
    }));
    for (const r of doomed) zone.records.delete(r.id);
    for (const r of created) zone.records.set(r.id, r);
    const fqdn = (r: DnsimpleRecordShape) => (r.name ? `${r.name}.${zone.name}` : zone.name);
    const change: TxtChange = {
      remove: doomed.filter((r) => r.type === 'TXT').map((r) => ({ fqdn: fqdn(r), value: txtValue(r.content) })),
      add: created
        .filter((r) => r.type === 'TXT')
        .map((r) => ({ fqdn: fqdn(r), value: txtValue(r.content), ttl: BIND_TTL })),
    };
    try {
      if (this.mirroring && this.options.bind && (change.add?.length ?? 0) + (change.remove?.length ?? 0) > 0)
        await applyTxtToBind(this.options.bind.server, this.options.bind.tsig, change);
    } catch (error) {
      for (const r of created) zone.records.delete(r.id);
      for (const r of doomed) zone.records.set(r.id, r);
      throw error;
    }
    return created;
  }

  parse<T>(request: FakeApiRequest, read: (body: unknown) => T): T | Record<string, string[]> {
    if (!/^application\/json/.test(request.headers['content-type'] ?? ''))
      return { base: ['Content-Type must be application/json'] };
    try {
      return read(JSON.parse(request.body));
    } catch {
      return { base: ['Body is not JSON'] };
    }
  }

  invalid(request: FakeApiRequest, errors: Record<string, string[]>): FakeApiReply {
    this.malformed.push({ method: request.method, path: request.path, problem: JSON.stringify(errors) });
    return dnsimpleErrors.validation(errors);
  }
}

function same(a: { name: string; type: string; content: string }, b: Draft): boolean {
  return a.name === b.name && a.type === b.type && a.content === b.content;
}

/** Starts the stand-in on 127.0.0.1. */
export async function startFakeDnsimpleApi(options: FakeDnsimpleApiOptions): Promise<FakeDnsimpleApi> {
  const state = new DnsimpleState(options);
  // Every answer carries the rate-limit headers, as DNSimple's do.
  const withLimits =
    (handler: (request: FakeApiRequest) => FakeApiReply | Promise<FakeApiReply>) =>
    async (request: FakeApiRequest): Promise<FakeApiReply> => {
      const reply = await handler(request);
      state.remaining = Math.max(0, state.remaining - 1);
      return {
        ...reply,
        headers: {
          ...reply.headers,
          'x-ratelimit-limit': String(RATE_LIMIT),
          'x-ratelimit-remaining': String(state.remaining),
          'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
        },
      };
    };
  const vendor = await startFakeApi({
    name: 'dnsimple',
    auth: state.admit,
    unknownRoute: () => dnsimpleErrors.notFound(),
    routes: [
      route('GET /v2/whoami', withLimits(state.whoami)),
      route('GET /v2/:account/zones/:zone/records', withLimits(state.listRecords)),
      route('POST /v2/:account/zones/:zone/records', withLimits(state.createRecord)),
      route('DELETE /v2/:account/zones/:zone/records/:id', withLimits(state.deleteRecord)),
      route('POST /v2/:account/zones/:zone/batch', withLimits(state.batchChange)),
    ],
  });
  const zone = (name: string) => {
    const found = [...state.zones.values()].find((z) => z.name === name);
    if (!found) throw new Error(`dnsimple endpoint: no zone ${name}`);
    return found;
  };
  return {
    url: vendor.url,
    vendor,
    malformed: state.malformed,
    records: (name) => [...zone(name).records.values()],
    txt: (fqdn) =>
      [...state.zones.values()]
        .flatMap((z) => [...z.records.values()].map((r) => ({ r, name: r.name ? `${r.name}.${z.name}` : z.name })))
        .filter(({ r, name }) => r.type === 'TXT' && name === fqdn.toLowerCase().replace(/\.$/, ''))
        .map(({ r }) => txtValue(r.content)),
    async seedTxt(name, fqdn, content) {
      const z = zone(name);
      const draft = { name: fqdn === name ? '' : fqdn.slice(0, -(name.length + 1)), type: 'TXT', content, ttl: 3600 };
      const [record] = await state.apply(z, [draft], []);
      return record?.id ?? 0;
    },
    rateLimitNext(times, resetInSeconds) {
      const limit = { served: 0, remaining: times, resetIn: resetInSeconds };
      state.limits.push(limit);
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
      if (problems.length > 0) throw new Error(`dnsimple endpoint: unexpected requests:\n  ${problems.join('\n  ')}`);
    },
    close: () => vendor.close(),
  };
}
