/**
 * A local stand-in for Cloudflare's API v4 (zones and DNS records), for the Cloudflare provider's
 * tests. It answers as Cloudflare does — the `{success, errors, messages, result}` envelope, the
 * status codes, error codes and messages — for the cases a DNS-01 client meets: credentials that
 * are missing, malformed, unknown or too narrow; zones and records listed page by page; identical
 * records; records that are gone; throttling. Each answer cites where Cloudflare was seen giving it.
 *
 * Accepted TXT writes are mirrored into the test bed's BIND (`applyTxtToBind`), so Pebble validates
 * through real DNS. Requests Cloudflare would refuse as malformed (a provider bug, not a situation
 * a test sets up) are answered as Cloudflare does *and* listed in `malformed`, so that
 * `assertNoUnexpectedRequests()` fails the test instead of letting the bug pass quietly.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ServerAddress } from '../../../address.js';
import {
  json,
  route,
  startFakeApi,
  type ScriptedFailure,
  type FakeApi,
  type FakeApiReply,
  type FakeApiRequest,
} from '../../../../testing/fake-api-kit.js';
import { applyTxtToBind, type TsigCredentials, type TxtChange } from '../../testing/bind-mirror.js';

// Options and the returned handle

export interface CloudflareZoneOptions {
  /** Zone identifier: 32 lower-case hex characters, as Cloudflare's are. */
  readonly id: string;
  /** The apex, such as `example.test`. */
  readonly name: string;
  /** Default `active`; only shown and filtered on (Cloudflare lets you write records to a pending zone). */
  readonly status?: 'active' | 'pending';
  /** Mirror TXT writes to BIND (when `bind` is given); default true. */
  readonly mirror?: boolean;
}

export interface CloudflareTokenOptions {
  /** The secret sent as `Authorization: Bearer <token>`. Shaped like Cloudflare's: 40 or more of `A-Z a-z 0-9 _ -`. */
  readonly token: string;
  /** Zone resources the token covers: every zone, or these zone IDs. DNS:Read on them is implied. */
  readonly zones: 'all' | readonly string[];
  /** Zone:Read on those zones, needed to list them and to read one; default true. */
  readonly zoneRead?: boolean;
  /** DNS:Edit on those zones, needed to create and delete records; default false (DNS:Read only). */
  readonly dnsEdit?: boolean;
}

export interface FakeCloudflareApiOptions {
  readonly zones: readonly CloudflareZoneOptions[];
  readonly tokens: readonly CloudflareTokenOptions[];
  /** The test bed's BIND, to mirror TXT writes into. Without it nothing is mirrored. */
  readonly bind?: { readonly server: ServerAddress; readonly tsig: TsigCredentials };
  /** Caps `per_page` below Cloudflare's own limits (zones 5..50, records 1..5,000,000), so clients must page. */
  readonly maxPerPage?: number;
  /**
   * The answer to an identical record: 81058 "An identical record already exists." (default, what
   * Cloudflare answers since late 2024, jeessy2/ddns-go#1378) or the older 81057 "Record already
   * exists." (jeessy2/ddns-go#1149, joshuaavalon/docker-cloudflare#76; "The record already exists."
   * before 2019, NewFuture/DDNS#21). certbot accepts both (certbot/certbot#10725).
   */
  readonly duplicateCode?: 81057 | 81058;
  /** Serve HTTPS with this certificate (its SAN should cover 127.0.0.1). */
  readonly tls?: { readonly certPem: string; readonly keyPem: string };
}

/** A DNS record as the endpoint holds it; `content` as the client sent it (TXT possibly quoted). */
export interface CloudflareRecord {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly content: string;
  readonly ttl: number;
  readonly comment?: string;
}

/** A request Cloudflare refuses as malformed, with what was wrong with it. */
export interface MalformedRequest {
  readonly method: string;
  readonly path: string;
  readonly problem: string;
}

export interface FakeCloudflareApi {
  /** The API base, such as `http://127.0.0.1:41234/client/v4`, without a trailing slash. */
  readonly url: string;
  /** The underlying endpoint: `requests`, `unmatched`, `checkFailures`. */
  readonly vendor: FakeApi;
  /** Requests refused as malformed: no or a badly formed Authorization header, an identifier that is not 32 hex characters, a body that is not JSON or not a valid record. */
  readonly malformed: readonly MalformedRequest[];
  /** Every record in the zone, in order of creation. Throws for a zone the endpoint does not hold. */
  records(zoneId: string): CloudflareRecord[];
  /** The TXT values at `fqdn` in any zone, unquoted (`"abc"` and `abc` both give `abc`). */
  txt(fqdn: string): string[];
  /** Adds a TXT record no client created (a foreign one), mirrored to BIND like any other; returns its ID. */
  seedTxt(zoneId: string, fqdn: string, content: string, ttl?: number): Promise<string>;
  /**
   * The next `times` requests, to any route and before authentication (Cloudflare's limit is per
   * token and per IP, 1200 per five minutes), get 429 with `retry-after: <seconds>` and code 971.
   */
  rateLimitNext(times: number, retryAfterSeconds: number): ScriptedFailure;
  /** Off: writes stay here and never reach BIND (a validation that must fail); on again: as before. */
  setMirroring(on: boolean): void;
  /** Throws, listing them, if any request was unmatched, failed a check, threw, or was malformed. */
  assertNoUnexpectedRequests(): void;
  close(): Promise<void>;
}

// Cloudflare's answers

interface CloudflareError {
  readonly code: number;
  readonly message: string;
  readonly error_chain?: readonly CloudflareError[];
}

interface ResultInfo {
  readonly page: number;
  readonly per_page: number;
  readonly count: number;
  readonly total_count: number;
  readonly total_pages: number;
}

function failure(
  status: number,
  errors: readonly CloudflareError[],
  headers: Record<string, string> = {},
): FakeApiReply {
  return json(status, { success: false, errors, messages: [], result: null }, headers);
}

function success(result: unknown, resultInfo?: ResultInfo, messages: readonly unknown[] = []): FakeApiReply {
  return json(200, { result, success: true, errors: [], messages, result_info: resultInfo });
}

/** Cloudflare's refusals, each with where it was seen. */
export const cloudflareErrors = {
  /** A path or method the API does not have: 404 7000 (the envelope Cloudflare answers unknown URIs with). */
  noRoute: () => failure(404, [{ code: 7000, message: 'No route for that URI' }]),
  /** No credentials at all: 400 9106 (measured on api.cloudflare.com, and DNS writes failing so: cloudflared tunnel logs). */
  missingCredentials: () =>
    failure(400, [{ code: 9106, message: 'Missing X-Auth-Key, X-Auth-Email or Authorization headers' }]),
  /** Authorization that is not `Bearer <token-shaped>`, e.g. a Global API Key: 400 6003 + 6111 (jeessy2/ddns-go#658, #916; cloudflare/workers-sdk#5175). */
  malformedAuthorization: () =>
    failure(400, [
      {
        code: 6003,
        message: 'Invalid request headers',
        error_chain: [{ code: 6111, message: 'Invalid format for Authorization header' }],
      },
    ]),
  /** Global API Key headers (this stand-in knows no keys): 403 9103. */
  unknownApiKey: () => failure(403, [{ code: 9103, message: 'Unknown X-Auth-Key or X-Auth-Email' }]),
  /** A well-formed token Cloudflare does not know (revoked, mistyped): 403 9109 (cert-manager/cert-manager#4465, home-assistant/addons#3243). */
  unknownToken: () => failure(403, [{ code: 9109, message: 'Invalid access token' }]),
  /** The same on /user/tokens/verify: 401 1000. */
  unknownTokenOnVerify: () => failure(401, [{ code: 1000, message: 'Invalid API Token' }]),
  /** A zone outside the token's resources, or Zone:Read missing: 403 9109 (octodns/octodns-cloudflare#60; favonia/cloudflare-ddns). */
  outOfScope: () => failure(403, [{ code: 9109, message: 'Unauthorized to access requested resource' }]),
  /** A write without DNS:Edit: 403 10000 (traefik/traefik#9522 "failed to create TXT record: Authentication error (10000)"). */
  noPermission: () => failure(403, [{ code: 10000, message: 'Authentication error' }]),
  /** An identifier that is not 32 hex characters: 400 7003 + 7000 (cloudflare/cloudflare-go#118, timothymiller/cloudflare-ddns#152). */
  badIdentifier: (path: string) =>
    failure(400, [
      { code: 7003, message: `Could not route to ${path}, perhaps your object identifier is invalid?` },
      { code: 7000, message: 'No route for that URI' },
    ]),
  /** A body sent without `Content-Type: application/json`: 400 9207 (timothymiller/cloudflare-ddns#61, tiredofit/docker-traefik-cloudflare-companion#77). */
  notJson: () => failure(400, [{ code: 9207, message: 'Content-type must be application/json.' }]),
  /** A body that does not parse: 400 6007. */
  malformedJson: () => failure(400, [{ code: 6007, message: 'Malformed JSON in request body' }]),
  /** A missing or invalid name (an empty body gets this first): 400 9000 (timothymiller/cloudflare-ddns#91, and a probe with `{}`). */
  invalidName: () => failure(400, [{ code: 9000, message: 'DNS name is invalid.' }]),
  /** A TTL other than 1 or 60..86400: 400 1004 + 9021 (timothymiller/cloudflare-ddns#179, 2024). */
  invalidTtl: () =>
    failure(400, [
      {
        code: 1004,
        message: 'DNS Validation Error',
        error_chain: [{ code: 9021, message: 'TTL must be between 60 and 86400 seconds, or 1 for Automatic.' }],
      },
    ]),
  /** `proxied: true` on a TXT (or other non-proxiable) record: 400 9004 (kubernetes-sigs/external-dns#360). */
  notProxiable: () => failure(400, [{ code: 9004, message: 'This record type cannot be proxied.' }]),
  /** Any other invalid record (missing type or content, unknown type): 400 1004; the inner code Cloudflare adds is not reproduced. */
  invalidRecord: () => failure(400, [{ code: 1004, message: 'DNS Validation Error' }]),
  /** An identical record (type, name, content) exists: 400 81058 or 81057, see `duplicateCode`. */
  duplicate: (code: 81057 | 81058) =>
    failure(400, [
      { code, message: code === 81057 ? 'Record already exists.' : 'An identical record already exists.' },
    ]),
  /** A record ID the zone does not hold: 404 81044 (zanjie1999/cloudflare-api-v4-ddns#5; 404 measured). */
  recordNotFound: () => failure(404, [{ code: 81044, message: 'Record does not exist.' }]),
  /** Throttled: 429 971 with Retry-After (Cloudflare changelog 2025-09 "rate limiting headers"; code and message as Terraform and wrangler users see them). */
  rateLimited: (retryAfterSeconds: number) =>
    failure(429, [{ code: 971, message: 'Please wait and consider throttling your request speed' }], {
      'retry-after': String(retryAfterSeconds),
    }),
};

// Shapes and values

const API = '/client/v4';
const IDENTIFIER = /^[0-9a-f]{32}$/;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{40,}$/;
const ACCOUNT = { id: '6b5e37fc6b073588e9981ebbd74d1840', name: 'certwright test account' };
const RECORD_TYPES = new Set([
  'A',
  'AAAA',
  'CAA',
  'CERT',
  'CNAME',
  'DNSKEY',
  'DS',
  'HTTPS',
  'LOC',
  'MX',
  'NAPTR',
  'NS',
  'PTR',
  'SMIMEA',
  'SRV',
  'SSHFP',
  'SVCB',
  'TLSA',
  'TXT',
  'URI',
]);
const PROXIABLE = new Set(['A', 'AAAA', 'CNAME']);
/** The bed's resolver must not hold a stale answer long, so BIND gets this TTL whatever the record says. */
const BIND_TTL = 60;
/** Operations one batch may hold on the Free plan (Pro and above: 3,500). */
const BATCH_LIMIT = 200;

interface PageLimits {
  readonly defaultPerPage: number;
  readonly min: number;
  readonly max: number;
  /** Cloudflare says 0 pages for an empty zone list but 1 for an empty record list (both in acmesh-official/acme.sh#2789, #3074). */
  readonly emptyTotalPages: 0 | 1;
}
const ZONE_PAGES: PageLimits = { defaultPerPage: 20, min: 5, max: 50, emptyTotalPages: 0 };
const RECORD_PAGES: PageLimits = { defaultPerPage: 100, min: 1, max: 5_000_000, emptyTotalPages: 1 };

function newIdentifier(): string {
  return randomBytes(16).toString('hex');
}

/** `page` and `per_page` as Cloudflare reads them: missing or nonsense gives the default, `per_page` is held to the limits. */
function paginate<T>(
  items: readonly T[],
  query: URLSearchParams,
  limits: PageLimits,
  cap: number,
): { slice: T[]; info: ResultInfo } {
  const number = (name: string): number | undefined => {
    const value = query.get(name);
    return value !== null && /^\d+$/.test(value) && Number(value) > 0 ? Number(value) : undefined;
  };
  const page = number('page') ?? 1;
  const perPage = Math.min(Math.max(number('per_page') ?? limits.defaultPerPage, limits.min), limits.max, cap);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const totalPages = items.length === 0 ? limits.emptyTotalPages : Math.ceil(items.length / perPage);
  return {
    slice,
    info: { page, per_page: perPage, count: slice.length, total_count: items.length, total_pages: totalPages },
  };
}

/**
 * The DNS value of TXT content: quoted character-strings (`"a" "b"`, which Cloudflare now
 * recommends and lego sends since go-acme/lego#2521) are unquoted and joined; anything else is
 * the value as is.
 */
function txtValue(content: string): string {
  const text = content.trim();
  if (!text.startsWith('"')) return content;
  const strings: string[] = [];
  const quoted = /"((?:[^"\\]|\\.)*)"\s*/y;
  let end = 0;
  for (let match = quoted.exec(text); match; match = quoted.exec(text)) {
    strings.push((match[1] ?? '').replace(/\\(.)/g, '$1'));
    end = quoted.lastIndex;
  }
  return end === text.length ? strings.join('') : content;
}

function isDnsName(name: string): boolean {
  return (
    name.length <= 253 && name.split('.').every((label) => /^(\*|[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)$/.test(label))
  );
}

/**
 * The record name Cloudflare stores: lower case, `@` is the apex, and a name that does not end in
 * the zone gets the zone appended, without an error (records for `mail.wangjihe.cf` sent to zone
 * `cnproxy.tk` became `mail.wangjihe.cf.cnproxy.tk`, NewFuture/DDNS#21). A trailing dot is dropped.
 */
function storedName(raw: unknown, zone: string): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const name = raw.trim().toLowerCase().replace(/\.$/, '');
  if (name === '') return undefined;
  const absolute = name === '@' ? zone : name === zone || name.endsWith(`.${zone}`) ? name : `${name}.${zone}`;
  return isDnsName(absolute) ? absolute : undefined;
}

function normalizedFqdn(fqdn: string): string {
  return fqdn.trim().toLowerCase().replace(/\.$/, '');
}

// State

interface StoredRecord extends CloudflareRecord {
  readonly proxied: boolean;
  readonly createdOn: string;
}

interface Zone {
  readonly id: string;
  readonly name: string;
  readonly status: 'active' | 'pending';
  readonly mirror: boolean;
  readonly createdOn: string;
  readonly records: Map<string, StoredRecord>;
}

interface Grant {
  readonly id: string;
  readonly zones: 'all' | ReadonlySet<string>;
  readonly zoneRead: boolean;
  readonly dnsEdit: boolean;
}

/** What a request body asks to create, once validated. */
type Draft = Omit<StoredRecord, 'id' | 'createdOn'>;

/** A refusal; `problem` is set when the request was malformed (a client bug). */
interface Refusal {
  readonly refusal: FakeApiReply;
  readonly problem?: string;
}

function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && 'refusal' in value;
}

function zoneFromOptions(options: CloudflareZoneOptions): Zone {
  if (!IDENTIFIER.test(options.id))
    throw new Error(
      `cloudflare endpoint: zone id "${options.id}" is not 32 lower-case hex characters, as Cloudflare's are`,
    );
  const name = normalizedFqdn(options.name);
  return {
    id: options.id,
    name,
    status: options.status ?? 'active',
    mirror: options.mirror ?? true,
    createdOn: new Date().toISOString(),
    records: new Map(),
  };
}

function grantFromOptions(options: CloudflareTokenOptions, zones: ReadonlyMap<string, Zone>): Grant {
  if (!TOKEN_SHAPE.test(options.token))
    throw new Error(
      `cloudflare endpoint: token "${options.token}" is not shaped like a Cloudflare API token (40 or more of A-Z a-z 0-9 _ -)`,
    );
  const unknown = options.zones === 'all' ? [] : options.zones.filter((id) => !zones.has(id));
  if (unknown.length > 0) throw new Error(`cloudflare endpoint: token covers unknown zone ids ${unknown.join(', ')}`);
  return {
    id: createHash('sha256').update(options.token).digest('hex').slice(0, 32),
    zones: options.zones === 'all' ? 'all' : new Set(options.zones),
    zoneRead: options.zoneRead ?? true,
    dnsEdit: options.dnsEdit ?? false,
  };
}

function covers(grant: Grant, zoneId: string): boolean {
  return grant.zones === 'all' || grant.zones.has(zoneId);
}

function bearerToken(header: string): string | undefined {
  const match = /^Bearer ([^\s]+)$/i.exec(header.trim());
  return match?.[1] !== undefined && TOKEN_SHAPE.test(match[1]) ? match[1] : undefined;
}

// JSON Cloudflare sends back

function zoneJson(zone: Zone, grant: Grant): unknown {
  return {
    id: zone.id,
    name: zone.name,
    status: zone.status,
    paused: false,
    type: 'full',
    development_mode: 0,
    name_servers: ['ada.ns.cloudflare.com', 'bob.ns.cloudflare.com'],
    original_name_servers: null,
    original_registrar: null,
    original_dnshost: null,
    created_on: zone.createdOn,
    modified_on: zone.createdOn,
    activated_on: zone.status === 'active' ? zone.createdOn : null,
    account: ACCOUNT,
    permissions: ['#zone:read', '#dns_records:read', ...(grant.dnsEdit ? ['#dns_records:edit'] : [])],
    plan: {
      id: '0feeeeeeeeeeeeeeeeeeeeeeeeeeeeee',
      name: 'Free Website',
      price: 0,
      currency: 'USD',
      frequency: '',
      is_subscribed: false,
      can_subscribe: false,
      legacy_id: 'free',
      legacy_discount: false,
      externally_managed: false,
    },
  };
}

function recordJson(record: StoredRecord, zone: Zone): unknown {
  return {
    id: record.id,
    zone_id: zone.id,
    zone_name: zone.name,
    name: record.name,
    type: record.type,
    content: record.content,
    proxiable: PROXIABLE.has(record.type),
    proxied: record.proxied,
    ttl: record.ttl,
    settings: {},
    meta: {},
    comment: record.comment ?? null,
    tags: [],
    created_on: record.createdOn,
    modified_on: record.createdOn,
  };
}

// Validating a create request

function parseBody(request: FakeApiRequest): unknown {
  const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json')
    return {
      refusal: cloudflareErrors.notJson(),
      problem: `content type ${JSON.stringify(request.headers['content-type'] ?? null)}, expected application/json`,
    };
  try {
    return JSON.parse(request.body) as unknown;
  } catch {
    return { refusal: cloudflareErrors.malformedJson(), problem: `body is not JSON: ${request.body.slice(0, 200)}` };
  }
}

function validTtl(ttl: unknown): ttl is number {
  return ttl === 1 || (Number.isInteger(ttl) && (ttl as number) >= 60 && (ttl as number) <= 86400);
}

/** Checks in the order Cloudflare reports them: name first (an empty body gets 9000), then type, content, TTL, proxying. */
function draftFrom(body: unknown, zone: Zone): Draft | Refusal {
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const name = storedName(fields.name, zone.name);
  if (name === undefined)
    return {
      refusal: cloudflareErrors.invalidName(),
      problem: `name ${JSON.stringify(fields.name)} is not a DNS name`,
    };
  const { type, content, ttl = 1, proxied = false, comment = null } = fields;
  if (typeof type !== 'string' || !RECORD_TYPES.has(type))
    return { refusal: cloudflareErrors.invalidRecord(), problem: `type ${JSON.stringify(type)} is not a record type` };
  if (typeof content !== 'string' || content === '')
    return {
      refusal: cloudflareErrors.invalidRecord(),
      problem: `content ${JSON.stringify(content)} is not a non-empty string`,
    };
  if (comment !== null && typeof comment !== 'string')
    return { refusal: cloudflareErrors.invalidRecord(), problem: `comment ${JSON.stringify(comment)} is not a string` };
  if (!validTtl(ttl))
    return { refusal: cloudflareErrors.invalidTtl(), problem: `ttl ${JSON.stringify(ttl)} is not 1 or 60..86400` };
  if (typeof proxied !== 'boolean')
    return {
      refusal: cloudflareErrors.invalidRecord(),
      problem: `proxied ${JSON.stringify(proxied)} is not a boolean`,
    };
  if (proxied && !PROXIABLE.has(type))
    return { refusal: cloudflareErrors.notProxiable(), problem: `a ${type} record cannot be proxied` };
  return { type, name, content, ttl, proxied, ...(comment === null ? {} : { comment }) };
}

/** Identical as Cloudflare's duplicate check sees it: TXT `"abc"` and `abc` are the same value. */
function identical(a: Draft, b: Draft): boolean {
  if (a.type !== b.type || a.name !== b.name) return false;
  return a.type === 'TXT' ? txtValue(a.content) === txtValue(b.content) : a.content === b.content;
}

// The API

function matchesRecordQuery(record: StoredRecord, query: URLSearchParams): boolean {
  const equal = (param: string, actual: string, normalize: (value: string) => string): boolean => {
    const wanted = query.get(param);
    return wanted === null || normalize(wanted) === normalize(actual);
  };
  const name = (value: string): string => normalizedFqdn(value);
  const exact = (value: string): string => value;
  return (
    equal('type', record.type, (value) => value.toUpperCase()) &&
    equal('name', record.name, name) &&
    equal('name.exact', record.name, name) &&
    equal('content', record.content, exact) &&
    equal('content.exact', record.content, exact)
  );
}

class CloudflareApi {
  readonly zones: ReadonlyMap<string, Zone>;
  readonly grants: ReadonlyMap<string, Grant>;
  readonly malformed: MalformedRequest[] = [];
  mirroring = true;
  private readonly rateLimits: { served: number; remaining: number; retryAfter: number }[] = [];

  constructor(private readonly options: FakeCloudflareApiOptions) {
    this.zones = new Map(options.zones.map((zone) => [zone.id, zoneFromOptions(zone)]));
    this.grants = new Map(options.tokens.map((token) => [token.token, grantFromOptions(token, this.zones)]));
  }

  /** Runs before routing: throttling first, then who is asking. */
  readonly admit = (request: FakeApiRequest): FakeApiReply | undefined => this.throttle() ?? this.authenticate(request);

  readonly verifyToken = (request: FakeApiRequest): FakeApiReply => {
    const grant = this.grantOf(request);
    return success({ id: grant.id, status: 'active' }, undefined, [
      { code: 10000, message: 'This API Token is valid and active', type: null },
    ]);
  };

  readonly listZones = (request: FakeApiRequest): FakeApiReply => {
    const grant = this.grantOf(request);
    const name = request.query.get('name');
    const status = request.query.get('status');
    const visible = [...this.zones.values()]
      .filter((zone) => grant.zoneRead && covers(grant, zone.id))
      .filter(
        (zone) => (name === null || normalizedFqdn(name) === zone.name) && (status === null || status === zone.status),
      )
      .sort((a, b) => a.name.localeCompare(b.name));
    const { slice, info } = paginate(visible, request.query, ZONE_PAGES, this.options.maxPerPage ?? Infinity);
    return success(
      slice.map((zone) => zoneJson(zone, grant)),
      info,
    );
  };

  readonly getZone = (request: FakeApiRequest): FakeApiReply => {
    const access = this.access(request, 'zone');
    return isRefusal(access) ? this.refuse(request, access) : success(zoneJson(access.zone, access.grant));
  };

  readonly listRecords = (request: FakeApiRequest): FakeApiReply => {
    const access = this.access(request, 'dns');
    if (isRefusal(access)) return this.refuse(request, access);
    const matching = [...access.zone.records.values()].filter((record) => matchesRecordQuery(record, request.query));
    const { slice, info } = paginate(matching, request.query, RECORD_PAGES, this.options.maxPerPage ?? Infinity);
    return success(
      slice.map((record) => recordJson(record, access.zone)),
      info,
    );
  };

  readonly getRecord = (request: FakeApiRequest): FakeApiReply => {
    const found = this.recordAccess(request, 'dns');
    return isRefusal(found) ? this.refuse(request, found) : success(recordJson(found.record, found.zone));
  };

  readonly createRecord = async (request: FakeApiRequest): Promise<FakeApiReply> => {
    const access = this.access(request, 'edit');
    if (isRefusal(access)) return this.refuse(request, access);
    const body = parseBody(request);
    const draft = isRefusal(body) ? body : draftFrom(body, access.zone);
    if (isRefusal(draft)) return this.refuse(request, draft);
    if ([...access.zone.records.values()].some((record) => identical(record, draft))) {
      return cloudflareErrors.duplicate(this.options.duplicateCode ?? 81058);
    }
    return success(recordJson(await this.insert(access.zone, draft), access.zone));
  };

  readonly deleteRecord = async (request: FakeApiRequest): Promise<FakeApiReply> => {
    const found = this.recordAccess(request, 'edit');
    if (isRefusal(found)) return this.refuse(request, found);
    await this.remove(found.zone, found.record);
    return success({ id: found.record.id });
  };

  /**
   * `POST /zones/:zone_id/dns_records/batch`: deletes, then posts, in one transaction (Cloudflare
   * runs deletes, patches, puts, posts in that order; patches and puts are not modelled). Any
   * failure (a record not found, an invalid or identical record) fails the whole batch and
   * changes nothing. At most 200 operations, the Free plan's limit.
   */
  readonly batchRecords = async (request: FakeApiRequest): Promise<FakeApiReply> => {
    const access = this.access(request, 'edit');
    if (isRefusal(access)) return this.refuse(request, access);
    const body = parseBody(request);
    if (isRefusal(body)) return this.refuse(request, body);
    const { deletes = [], posts = [], patches = [], puts = [] } = (body ?? {}) as Record<string, unknown>;
    if (!Array.isArray(deletes) || !Array.isArray(posts) || !Array.isArray(patches) || !Array.isArray(puts)) {
      return this.refuse(request, {
        refusal: cloudflareErrors.invalidRecord(),
        problem: 'deletes, patches, puts and posts must be arrays',
      });
    }
    if (patches.length > 0 || puts.length > 0)
      return this.refuse(request, {
        refusal: cloudflareErrors.invalidRecord(),
        problem: 'patches and puts are not modelled by this stand-in',
      });
    if (deletes.length + posts.length > BATCH_LIMIT)
      return this.refuse(request, {
        refusal: cloudflareErrors.invalidRecord(),
        problem: `${deletes.length + posts.length} operations; the limit is ${BATCH_LIMIT}`,
      });
    const { zone } = access;
    const doomed: StoredRecord[] = [];
    for (const item of deletes as unknown[]) {
      const id = (item as { id?: unknown } | null)?.id;
      if (typeof id !== 'string' || !IDENTIFIER.test(id))
        return this.refuse(request, {
          refusal: cloudflareErrors.badIdentifier(request.path),
          problem: `delete id ${JSON.stringify(id)} is not 32 hex characters`,
        });
      const record = zone.records.get(id);
      if (!record) return cloudflareErrors.recordNotFound();
      doomed.push(record);
    }
    const kept = [...zone.records.values()].filter((record) => !doomed.includes(record));
    const drafts: Draft[] = [];
    for (const post of posts as unknown[]) {
      const draft = draftFrom(post, zone);
      if (isRefusal(draft)) return this.refuse(request, draft);
      if ([...kept, ...drafts].some((other) => identical(other, draft)))
        return cloudflareErrors.duplicate(this.options.duplicateCode ?? 81058);
      drafts.push(draft);
    }
    const created = drafts.map((draft): StoredRecord => ({
      ...draft,
      id: newIdentifier(),
      createdOn: new Date().toISOString(),
    }));
    for (const record of doomed) zone.records.delete(record.id);
    for (const record of created) zone.records.set(record.id, record);
    try {
      const txt = (records: StoredRecord[]) => records.filter((r) => r.type === 'TXT');
      await this.mirrorAll(zone, {
        remove: txt(doomed).map((r) => ({ fqdn: r.name, value: txtValue(r.content) })),
        add: txt(created).map((r) => ({ fqdn: r.name, value: txtValue(r.content), ttl: BIND_TTL })),
      });
    } catch (error) {
      for (const record of created) zone.records.delete(record.id);
      for (const record of doomed) zone.records.set(record.id, record);
      throw error;
    }
    return success({
      deletes: doomed.map((r) => recordJson(r, zone)),
      patches: [],
      puts: [],
      posts: created.map((r) => recordJson(r, zone)),
    });
  };

  /** Stores the record, then mirrors it; undone if BIND refuses, so the two never disagree. */
  async insert(zone: Zone, draft: Draft): Promise<StoredRecord> {
    const record: StoredRecord = { ...draft, id: newIdentifier(), createdOn: new Date().toISOString() };
    zone.records.set(record.id, record);
    try {
      await this.mirror(zone, record, { add: [{ fqdn: record.name, value: txtValue(record.content), ttl: BIND_TTL }] });
    } catch (error) {
      zone.records.delete(record.id);
      throw error;
    }
    return record;
  }

  async remove(zone: Zone, record: StoredRecord): Promise<void> {
    zone.records.delete(record.id);
    try {
      await this.mirror(zone, record, { remove: [{ fqdn: record.name, value: txtValue(record.content) }] });
    } catch (error) {
      zone.records.set(record.id, record);
      throw error;
    }
  }

  rateLimitNext(times: number, retryAfter: number): ScriptedFailure {
    if (!Number.isInteger(times) || times < 1)
      throw new Error(`cloudflare endpoint: rateLimitNext times: expected a positive integer, got ${times}`);
    if (!Number.isInteger(retryAfter) || retryAfter < 0)
      throw new Error(`cloudflare endpoint: rateLimitNext retry-after: expected whole seconds, got ${retryAfter}`);
    const limit = { served: 0, remaining: times, retryAfter };
    this.rateLimits.push(limit);
    return limit;
  }

  zone(zoneId: string): Zone {
    const zone = this.zones.get(zoneId);
    if (!zone)
      throw new Error(
        `cloudflare endpoint: no zone with id "${zoneId}"; zones are ${[...this.zones.values()].map((z) => `${z.id} (${z.name})`).join(', ')}`,
      );
    return zone;
  }

  private async mirrorAll(zone: Zone, change: TxtChange): Promise<void> {
    if (!zone.mirror || !this.mirroring || !this.options.bind) return;
    if ((change.add?.length ?? 0) + (change.remove?.length ?? 0) === 0) return;
    await applyTxtToBind(this.options.bind.server, this.options.bind.tsig, change);
  }

  private async mirror(zone: Zone, record: StoredRecord, change: TxtChange): Promise<void> {
    if (record.type !== 'TXT' || !zone.mirror || !this.mirroring || !this.options.bind) return;
    await applyTxtToBind(this.options.bind.server, this.options.bind.tsig, change);
  }

  private throttle(): FakeApiReply | undefined {
    const limit = this.rateLimits[0];
    if (!limit) return undefined;
    limit.served += 1;
    limit.remaining -= 1;
    if (limit.remaining === 0) this.rateLimits.shift();
    return cloudflareErrors.rateLimited(limit.retryAfter);
  }

  private authenticate(request: FakeApiRequest): FakeApiReply | undefined {
    const header = request.headers.authorization;
    if (header === undefined) {
      if (request.headers['x-auth-key'] !== undefined || request.headers['x-auth-email'] !== undefined)
        return cloudflareErrors.unknownApiKey();
      return this.refuse(request, {
        refusal: cloudflareErrors.missingCredentials(),
        problem: 'no Authorization header',
      });
    }
    const token = bearerToken(header);
    if (token === undefined)
      return this.refuse(request, {
        refusal: cloudflareErrors.malformedAuthorization(),
        problem: `Authorization is not "Bearer <token>": ${JSON.stringify(header.slice(0, 12))}...`,
      });
    if (this.grants.has(token)) return undefined;
    return request.path === `${API}/user/tokens/verify`
      ? cloudflareErrors.unknownTokenOnVerify()
      : cloudflareErrors.unknownToken();
  }

  /** The grant of a request that passed `authenticate`. */
  private grantOf(request: FakeApiRequest): Grant {
    const grant = this.grants.get(bearerToken(request.headers.authorization ?? '') ?? '');
    if (!grant) throw new Error('cloudflare endpoint: a request reached a route without a known token');
    return grant;
  }

  /** The zone a request names, if the token may do `need` there; Cloudflare checks this before the body. */
  private access(request: FakeApiRequest, need: 'zone' | 'dns' | 'edit'): { zone: Zone; grant: Grant } | Refusal {
    const grant = this.grantOf(request);
    const zoneId = request.params.zone_id ?? '';
    if (!IDENTIFIER.test(zoneId))
      return {
        refusal: cloudflareErrors.badIdentifier(request.path),
        problem: `zone id "${zoneId}" is not 32 hex characters`,
      };
    const zone = this.zones.get(zoneId);
    if (!zone || !covers(grant, zoneId) || (need === 'zone' && !grant.zoneRead))
      return { refusal: cloudflareErrors.outOfScope() };
    if (need === 'edit' && !grant.dnsEdit) return { refusal: cloudflareErrors.noPermission() };
    return { zone, grant };
  }

  private recordAccess(request: FakeApiRequest, need: 'dns' | 'edit'): { zone: Zone; record: StoredRecord } | Refusal {
    const access = this.access(request, need);
    if (isRefusal(access)) return access;
    const recordId = request.params.record_id ?? '';
    if (!IDENTIFIER.test(recordId))
      return {
        refusal: cloudflareErrors.badIdentifier(request.path),
        problem: `record id "${recordId}" is not 32 hex characters`,
      };
    const record = access.zone.records.get(recordId);
    return record ? { zone: access.zone, record } : { refusal: cloudflareErrors.recordNotFound() };
  }

  private refuse(request: FakeApiRequest, { refusal, problem }: Refusal): FakeApiReply {
    if (problem !== undefined) this.malformed.push({ method: request.method, path: request.path, problem });
    return refusal;
  }
}

/**
 * Starts the stand-in on 127.0.0.1 with the given zones and tokens. Routes, under `/client/v4`:
 * `GET /user/tokens/verify`, `GET /zones` (`name`, `status`, `page`, `per_page`),
 * `GET /zones/:zone_id`, `GET /zones/:zone_id/dns_records` (`type`, `name`, `name.exact`,
 * `content`, `content.exact`, `page`, `per_page`; filters are combined with AND),
 * `POST /zones/:zone_id/dns_records`, `POST /zones/:zone_id/dns_records/batch`, `GET` and
 * `DELETE /zones/:zone_id/dns_records/:record_id`.
 */
export async function startFakeCloudflareApi(options: FakeCloudflareApiOptions): Promise<FakeCloudflareApi> {
  const api = new CloudflareApi(options);
  const vendor = await startFakeApi({
    name: 'cloudflare',
    ...(options.tls ? { tls: options.tls } : {}),
    auth: api.admit,
    unknownRoute: () => cloudflareErrors.noRoute(),
    routes: [
      route(`GET ${API}/user/tokens/verify`, api.verifyToken),
      route(`GET ${API}/zones`, api.listZones),
      route(`GET ${API}/zones/:zone_id`, api.getZone),
      route(`GET ${API}/zones/:zone_id/dns_records`, api.listRecords),
      route(`POST ${API}/zones/:zone_id/dns_records`, api.createRecord),
      route(`POST ${API}/zones/:zone_id/dns_records/batch`, api.batchRecords),
      route(`GET ${API}/zones/:zone_id/dns_records/:record_id`, api.getRecord),
      route(`DELETE ${API}/zones/:zone_id/dns_records/:record_id`, api.deleteRecord),
    ],
  });
  return {
    url: `${vendor.url}${API}`,
    vendor,
    malformed: api.malformed,
    records: (zoneId) =>
      [...api.zone(zoneId).records.values()].map(({ id, type, name, content, ttl, comment }) => ({
        id,
        type,
        name,
        content,
        ttl,
        ...(comment === undefined ? {} : { comment }),
      })),
    txt: (fqdn) =>
      [...api.zones.values()]
        .flatMap((zone) => [...zone.records.values()])
        .filter((r) => r.type === 'TXT' && r.name === normalizedFqdn(fqdn))
        .map((r) => txtValue(r.content)),
    async seedTxt(zoneId, fqdn, content, ttl = 1) {
      const zone = api.zone(zoneId);
      const draft = draftFrom({ type: 'TXT', name: fqdn, content, ttl }, zone);
      if (isRefusal(draft)) throw new Error(`cloudflare endpoint: seedTxt: ${draft.problem ?? 'refused'}`);
      if ([...zone.records.values()].some((record) => identical(record, draft)))
        throw new Error(`cloudflare endpoint: seedTxt: an identical record exists at ${draft.name}`);
      return (await api.insert(zone, draft)).id;
    },
    rateLimitNext: (times, retryAfterSeconds) => api.rateLimitNext(times, retryAfterSeconds),
    setMirroring(on) {
      api.mirroring = on;
    },
    assertNoUnexpectedRequests() {
      const problems = [
        ...vendor.unmatched.map((r) => `no route for ${r.method} ${r.path}`),
        ...vendor.checkFailures.map((f) => f.message),
        ...api.malformed.map((m) => `malformed ${m.method} ${m.path}: ${m.problem}`),
      ];
      if (problems.length > 0) throw new Error(`cloudflare endpoint: unexpected requests:\n  ${problems.join('\n  ')}`);
    },
    close: () => vendor.close(),
  };
}
