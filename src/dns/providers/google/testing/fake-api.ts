/**
 * A local stand-in for Google Cloud DNS (REST v1) and for the Google token services its clients
 * use, for the Google provider's tests. Strict where Google is strict:
 *
 * - Cloud DNS: every call carries a bearer token this endpoint issued, with a Cloud DNS scope;
 *   each method needs its IAM permission, on the project or on the one managed zone
 *   (changes.create also needs resourceRecordSets.create, .update or .delete for each set it
 *   adds, replaces or removes, as Cloud DNS checks); a change applies all or nothing, its
 *   deletions must match the existing record set exactly (412 conditionNotMet) and exist (404),
 *   its additions must not exist (409 alreadyExists); names are absolute (trailing dot) and
 *   inside the zone, TXT rrdatas are character strings of at most 255 bytes, quoted or not (Cloud
 *   DNS stores unquoted data as lego, `gcloud` and Terraform write it); changes are `pending`
 *   then `done`; lists page with maxResults/pageToken; errors carry Google's body
 *   (`{error: {code, message, errors: [{reason}], status}}`).
 * - Tokens: the STS token exchange of Workload Identity Federation (`POST /v1/token`), service
 *   account impersonation (`POST /v1/projects/-/serviceAccounts/EMAIL:generateAccessToken`), the
 *   JWT-bearer grant of a service-account key (`POST /token`, RS256 signature checked against the
 *   key's public half, `aud` https://oauth2.googleapis.com/token), and the metadata server
 *   (`/computeMetadata/v1/...`, Metadata-Flavor: Google both ways).
 *
 * Accepted TXT changes of mirrored zones are written into the test bed's BIND, so Pebble
 * validates through real DNS. Requests the real API would refuse because the client is wrong
 * (no token, a quote not closed, a relative name) are answered as Google does *and* recorded, so
 * `assertNoUnexpectedRequests` fails the test; races (412, 409) are legitimate and are not.
 */
import { createPublicKey, randomBytes, verify } from 'node:crypto';
import type { ServerAddress } from '../../../address.js';
import {
  checkContentType,
  checkJsonBody,
  json,
  route,
  startFakeApi,
  text,
  type FakeApi,
  type FakeApiHandler,
  type FakeApiReply,
  type ScriptedFailure,
  type FakeApiRequest,
} from '../../../../testing/fake-api-kit.js';
import { applyTxtToBind, type TsigCredentials, type TxtChange } from '../../testing/bind-mirror.js';

// Options and the public face

export interface GoogleZoneOptions {
  /** The managed zone's name, such as `example-test`. */
  readonly name: string;
  /** Its DNS name, such as `example.test` (trailing dot optional). */
  readonly dnsName: string;
  /** Default: the endpoint's project. */
  readonly project?: string;
  readonly visibility?: 'public' | 'private';
  /**
   * Mirror TXT writes into BIND (needs `bind`). Default: true for a public zone unless an
   * earlier zone of the same DNS name already mirrors.
   */
  readonly mirror?: boolean;
}

/** An IAM principal and what it is granted. */
export interface GooglePrincipal {
  /** `serviceAccount:EMAIL`, or a federated `principal://...`. */
  readonly name: string;
  /** IAM permissions (`dns.changes.create`); default: those of roles/dns.admin the provider uses. */
  readonly permissions?: readonly string[];
  /** Managed zone names the grant is limited to (zone-level IAM); default: the whole project. */
  readonly zones?: readonly string[];
}

export interface GoogleServiceAccount {
  readonly email: string;
  /** The public half of a key (PEM): the JWT-bearer grant accepts assertions it signed. */
  readonly publicKeyPem?: string;
  /** Principals granted roles/iam.workloadIdentityUser (or serviceAccountTokenCreator) on it. */
  readonly impersonators?: readonly string[];
}

export interface FakeGoogleApiOptions {
  /** The project zones belong to unless they say otherwise; default `certwright-test`. */
  readonly project?: string;
  readonly zones: readonly GoogleZoneOptions[];
  /** Every identity that may get a token; a service account is `serviceAccount:EMAIL`. */
  readonly principals: readonly GooglePrincipal[];
  /** The workload identity pool provider STS exchanges for: its audience, and the subject tokens it accepts. */
  readonly workloadIdentity?: {
    /** `//iam.googleapis.com/projects/N/locations/global/workloadIdentityPools/POOL/providers/PROVIDER`. */
    readonly audience: string;
    /** Subject token (the OIDC token the CI platform gives) -> the federated principal it maps to. */
    readonly subjects: Readonly<Record<string, string>>;
  };
  readonly serviceAccounts?: readonly GoogleServiceAccount[];
  /** The metadata server: its default service account and its project. */
  readonly metadata?: { readonly serviceAccount: string; readonly project: string };
  /** Where TXT writes of mirrored zones go. */
  readonly bind?: { readonly server: ServerAddress; readonly tsig: TsigCredentials };
  /** changes.get answers `pending` this many times per change before `done`; default 1. */
  readonly pendingPolls?: number;
  /** The largest page a list returns, whatever maxResults asks; default 100. */
  readonly maxPageSize?: number;
  readonly tls?: { readonly certPem: string; readonly keyPem: string };
}

/** A change the endpoint accepted. */
export interface AcceptedChange {
  readonly project: string;
  readonly zone: string;
  readonly id: string;
  readonly principal: string;
  readonly additions: readonly RecordSet[];
  readonly deletions: readonly RecordSet[];
}

/** A token grant asked for, granted or not. */
export interface TokenGrant {
  readonly kind: 'sts' | 'impersonation' | 'jwt-bearer' | 'metadata';
  readonly principal: string | undefined;
  readonly granted: boolean;
  /** Why not, as answered. */
  readonly refusal?: string;
}

export interface RecordSet {
  readonly name: string;
  readonly type: string;
  readonly ttl: number;
  readonly rrdatas: readonly string[];
}

export type CloudDnsOperation =
  'managedZones.list' | 'managedZones.get' | 'resourceRecordSets.list' | 'changes.create' | 'changes.get';

export interface FakeGoogleApi {
  /** `http(s)://127.0.0.1:port`. */
  readonly url: string;
  /** The Cloud DNS base URL (`google-api-url`). */
  readonly apiUrl: string;
  /** STS, for an external_account file's `token_url`. */
  readonly stsUrl: string;
  /** The OAuth token endpoint of the JWT-bearer grant. */
  readonly tokenUrl: string;
  /** `127.0.0.1:port`, for GCE_METADATA_HOST. */
  readonly metadataHost: string;
  /** An external_account file's `service_account_impersonation_url` for the service account. */
  impersonationUrl(email: string): string;
  readonly vendor: FakeApi;
  /** Requests answered as Google would, but that a correct client never sends. */
  readonly malformed: readonly { method: string; path: string; problem: string }[];
  readonly grants: readonly TokenGrant[];
  /** Every access token issued so far (what must never be printed). */
  issuedTokens(): string[];
  /** Who a token was issued to, with which scopes and until when (epoch ms); undefined for a token never issued. */
  tokenInfo(
    token: string,
  ): { readonly principal: string; readonly scopes: readonly string[]; readonly expiresAt: number } | undefined;
  /** The TXT values at `fqdn`, unquoted, in the mirrored zone holding it (or `zone`, a managed zone name). */
  txt(fqdn: string, zone?: string): string[];
  /** The TXT record set at `fqdn` in a managed zone, as held. */
  rrset(zone: string, fqdn: string): RecordSet | undefined;
  /** Puts a TXT set in place as someone else would (replacing one there); mirrored. */
  seedTxt(zone: string, fqdn: string, values: readonly string[], ttl?: number): Promise<void>;
  /** The same with TXT data as another tool wrote it (unquoted, several strings), kept as written. */
  seedTxtRdata(zone: string, fqdn: string, rrdatas: readonly string[], ttl?: number): Promise<void>;
  /** Runs `hook` when the next changes.create arrives, before it is judged: another writer landing between a read and a write. */
  beforeNextChange(hook: () => void | Promise<void>): void;
  /** The next `times` calls of `operation` (default changes.create) get 429 rateLimitExceeded; returns their progress. */
  throttleNext(times?: number, operation?: CloudDnsOperation): ScriptedFailure;
  changes(): readonly AcceptedChange[];
  /** Off: changes stay here and never reach BIND (a validation that must fail). */
  setMirroring(on: boolean): void;
  assertNoUnexpectedRequests(): void;
  close(): Promise<void>;
}

// Constants

const DNS = '/dns/v1/projects/:project/managedZones';
const OPERATION_ROUTES: Record<CloudDnsOperation, string> = {
  'managedZones.list': `GET ${DNS}`,
  'managedZones.get': `GET ${DNS}/:zone`,
  'resourceRecordSets.list': `GET ${DNS}/:zone/rrsets`,
  'changes.create': `POST ${DNS}/:zone/changes`,
  'changes.get': `GET ${DNS}/:zone/changes/:id`,
};
export const GOOGLE_TOKEN_AUDIENCE = 'https://oauth2.googleapis.com/token';
const CLOUD_PLATFORM = 'https://www.googleapis.com/auth/cloud-platform';
const DNS_SCOPES = {
  write: [CLOUD_PLATFORM, 'https://www.googleapis.com/auth/ndev.clouddns.readwrite'],
  read: [
    CLOUD_PLATFORM,
    'https://www.googleapis.com/auth/ndev.clouddns.readwrite',
    'https://www.googleapis.com/auth/ndev.clouddns.readonly',
    'https://www.googleapis.com/auth/cloud-platform.read-only',
  ],
};
/** The permissions of roles/dns.admin the stand-in models. */
export const DNS_ADMIN_PERMISSIONS = [
  'dns.managedZones.list',
  'dns.managedZones.get',
  'dns.resourceRecordSets.list',
  'dns.resourceRecordSets.create',
  'dns.resourceRecordSets.update',
  'dns.resourceRecordSets.delete',
  'dns.changes.create',
  'dns.changes.get',
];
const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
const SUBJECT_TOKEN_TYPES = ['urn:ietf:params:oauth:token-type:jwt', 'urn:ietf:params:oauth:token-type:id_token'];
const TOKEN_LIFETIME_S = 3599;
const RECORD_TYPES = [
  'A',
  'AAAA',
  'CAA',
  'CNAME',
  'DNSKEY',
  'DS',
  'HTTPS',
  'MX',
  'NAPTR',
  'NS',
  'PTR',
  'SOA',
  'SPF',
  'SRV',
  'SSHFP',
  'SVCB',
  'TLSA',
  'TXT',
];
const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  412: 'FAILED_PRECONDITION',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

// Google's error bodies

/** `{error: {code, message, errors: [{message, domain, reason}], status}}`, as Google's JSON APIs answer. */
export function googleError(
  code: number,
  reason: string,
  message: string,
  extra: Record<string, string> = {},
  headers: Record<string, string> = {},
): FakeApiReply {
  return json(
    code,
    {
      error: {
        code,
        message,
        errors: [{ message, domain: extra.domain ?? 'global', reason, ...omit(extra, 'domain') }],
        status: STATUS_NAMES[code] ?? 'UNKNOWN',
      },
    },
    headers,
  );
}

function omit(object: Record<string, string>, key: string): Record<string, string> {
  return Object.fromEntries(Object.entries(object).filter(([k]) => k !== key));
}

export const googleErrors = {
  rateLimited: () =>
    googleError(
      429,
      'rateLimitExceeded',
      "Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute' of service 'dns.googleapis.com' for consumer 'project_number:123456789012'.",
      { domain: 'usageLimits' },
    ),
  backendError: () => googleError(503, 'backendError', 'The service is currently unavailable.'),
  forbidden: () => googleError(403, 'forbidden', 'Forbidden'),
  unauthenticated: () =>
    googleError(
      401,
      'authError',
      'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
      { location: 'Authorization', locationType: 'header' },
      { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
    ),
  loginRequired: () =>
    googleError(
      401,
      'required',
      'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
      { location: 'Authorization', locationType: 'header' },
      { 'www-authenticate': 'Bearer realm="https://accounts.google.com/"' },
    ),
  insufficientScopes: () =>
    googleError(403, 'insufficientPermissions', 'Request had insufficient authentication scopes.'),
  invalid: (message: string) => googleError(400, 'invalid', message),
  zoneNotFound: (zone: string) =>
    googleError(404, 'notFound', `The 'parameters.managedZone' resource named '${zone}' does not exist.`),
};

/** An OAuth error, as Google's token endpoints answer (`{error, error_description}`). */
function oauthError(status: number, error: string, description: string): FakeApiReply {
  return json(status, { error, error_description: description });
}

// DNS names and TXT data

/** A name as Cloud DNS holds it: lower case, with its trailing dot. */
function absolute(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.endsWith('.') ? lower : `${lower}.`;
}

function isWithin(name: string, zoneDnsName: string): boolean {
  return name === zoneDnsName || name.endsWith(`.${zoneDnsName}`);
}

/**
 * The character strings of a TXT rdata in presentation form (RFC 1035 §5.1): each quoted (`"a b"`)
 * or a run of characters without spaces (`a`, as other tools write it), or why it is not one.
 */
function parseTxtRdata(rdata: string): string[] | { problem: string } {
  const strings: string[] = [];
  let at = 0;
  const skipSpace = () => {
    while (at < rdata.length && /\s/.test(rdata[at] ?? '')) at++;
  };
  skipSpace();
  if (at >= rdata.length) return { problem: 'it is empty' };
  while (at < rdata.length) {
    const quoted = rdata[at] === '"';
    if (quoted) at++;
    let bytes = 0;
    let value = '';
    for (;;) {
      if (at >= rdata.length && quoted) return { problem: 'a quote is not closed' };
      const c = rdata[at] ?? '';
      if (quoted ? c === '"' : at >= rdata.length || /\s/.test(c)) break;
      if (!quoted && c === '"') return { problem: 'a quote starts inside an unquoted string' };
      if (c === '\\' && /^\d{3}$/.test(rdata.slice(at + 1, at + 4))) {
        value += String.fromCharCode(Number(rdata.slice(at + 1, at + 4)));
        bytes += 1;
        at += 4;
      } else if (c === '\\') {
        value += rdata[at + 1] ?? '';
        bytes += 1;
        at += 2;
      } else {
        value += c;
        bytes += Buffer.byteLength(c);
        at++;
      }
    }
    if (bytes > 255) return { problem: 'a string is longer than 255 bytes' };
    strings.push(value);
    if (quoted) at++;
    const before = at;
    skipSpace();
    if (at < rdata.length && at === before) return { problem: 'strings are not separated by spaces' };
  }
  return strings;
}

/** The value a TXT rdata carries, its strings joined. */
function txtValue(rdata: string): string {
  const parsed = parseTxtRdata(rdata);
  return Array.isArray(parsed) ? parsed.join('') : rdata;
}

function quoteTxt(value: string): string {
  const strings = value.match(/[^]{1,255}/g) ?? [''];
  return strings.map((s) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(' ');
}

/** What two rdatas are compared by: TXT by their strings (so spacing between them does not matter). */
function rdataIdentity(type: string, rdata: string): string {
  if (type !== 'TXT' && type !== 'SPF') return rdata.trim().toLowerCase();
  const parsed = parseTxtRdata(rdata);
  return Array.isArray(parsed) ? JSON.stringify(parsed) : rdata;
}

function sameSet(a: RecordSet, b: RecordSet): boolean {
  if (a.type !== b.type || a.ttl !== b.ttl || a.rrdatas.length !== b.rrdatas.length) return false;
  const left = a.rrdatas.map((r) => rdataIdentity(a.type, r)).sort();
  const right = b.rrdatas.map((r) => rdataIdentity(b.type, r)).sort();
  return left.every((value, i) => value === right[i]);
}

const setKey = (name: string, type: string) => `${name} ${type}`;

// State

interface Zone {
  readonly project: string;
  readonly name: string;
  readonly id: string;
  /** Absolute, lower case. */
  readonly dnsName: string;
  readonly visibility: 'public' | 'private';
  readonly mirror: boolean;
  readonly creationTime: string;
  sets: Map<string, RecordSet>;
  readonly changes: Map<string, { readonly body: Record<string, unknown>; polls: number }>;
  nextChangeId: number;
}

interface Issued {
  readonly principal: string;
  readonly scopes: readonly string[];
  readonly expiresAt: number;
}

// Request bodies

/** A request answered with an error; `problem` when a correct client would never have sent it. */
interface Refusal {
  readonly reply: FakeApiReply;
  readonly problem?: string;
}

type Parsed<T> = T | Refusal;

function isRefusal<T>(value: Parsed<T>): value is Refusal {
  return typeof value === 'object' && value !== null && 'reply' in value;
}

const UNMODELED_SET_FIELDS = ['routingPolicy'];
const SET_FIELDS = new Set(['kind', 'name', 'type', 'ttl', 'rrdatas', 'signatureRrdatas', ...UNMODELED_SET_FIELDS]);

/** One rrset of a change, checked as Cloud DNS checks it; `problem` marks a client bug. */
function parseSet(raw: unknown, field: string, zone: Zone, addition: boolean): Parsed<RecordSet> {
  const invalid = (what: string, value: unknown, problem: string) => ({
    reply: googleErrors.invalid(
      `Invalid value for '${field}${what}': '${typeof value === 'string' ? value : JSON.stringify(value)}'`,
    ),
    problem,
  });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return invalid('', raw, `${field} is not an object`);
  const set = raw as Record<string, unknown>;
  for (const key of Object.keys(set)) {
    if (!SET_FIELDS.has(key)) return invalid(`.${key}`, set[key], `unknown field ${key}`);
    if (UNMODELED_SET_FIELDS.includes(key)) throw new Error(`google endpoint does not model ${key}`);
  }
  if (Array.isArray(set.signatureRrdatas) && set.signatureRrdatas.length > 0)
    throw new Error('google endpoint does not model signatureRrdatas');
  if (set.kind !== undefined && set.kind !== 'dns#resourceRecordSet')
    return invalid('.kind', set.kind, 'kind is not dns#resourceRecordSet');
  const { name, type, ttl, rrdatas } = set;
  if (typeof name !== 'string' || name === '')
    return {
      reply: googleError(400, 'required', `The '${field}.name' parameter is required but was missing.`),
      problem: 'no name',
    };
  if (!name.endsWith('.')) return invalid('.name', name, `name "${name}" is not absolute (no trailing dot)`);
  if (!isWithin(absolute(name), zone.dnsName))
    return invalid('.name', name, `name "${name}" is outside the zone ${zone.dnsName}`);
  if (typeof type !== 'string' || !RECORD_TYPES.includes(type))
    return invalid('.type', type, `type ${String(type)} is not a record type`);
  if (ttl === undefined && addition)
    return {
      reply: googleError(400, 'required', `The '${field}.ttl' parameter is required but was missing.`),
      problem: 'no ttl',
    };
  if (ttl !== undefined && (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 0 || ttl > 2_147_483_647))
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- whatever the client sent, as the vendor echoes it
    return invalid('.ttl', ttl, `ttl ${String(ttl)} is not a whole number of seconds`);
  if (!Array.isArray(rrdatas) || rrdatas.length === 0)
    return {
      reply: googleError(400, 'required', `The '${field}.rrdata' parameter is required but was missing.`),
      problem: 'no rrdatas',
    };
  for (const [i, rdata] of rrdatas.entries()) {
    if (typeof rdata !== 'string') return invalid(`.rrdata[${i}]`, rdata, 'an rrdata is not a string');
    if (type === 'TXT') {
      const parsed = parseTxtRdata(rdata);
      if (!Array.isArray(parsed))
        return invalid(`.rrdata[${i}]`, rdata, `TXT rrdata ${JSON.stringify(rdata)}: ${parsed.problem}`);
    }
  }
  const identities = (rrdatas as string[]).map((r) => rdataIdentity(type, r));
  if (new Set(identities).size !== identities.length) {
    return {
      reply: googleErrors.invalid(
        `The resource record set '${field}' is invalid because it contains duplicate records.`,
      ),
      problem: `${field} lists a value twice`,
    };
  }
  return { name: absolute(name), type, ttl: typeof ttl === 'number' ? ttl : 0, rrdatas: rrdatas as string[] };
}

function parseChange(body: string, zone: Zone): Parsed<{ additions: RecordSet[]; deletions: RecordSet[] }> {
  const change = JSON.parse(body) as Record<string, unknown>;
  for (const key of Object.keys(change)) {
    if (!['kind', 'additions', 'deletions', 'isServing'].includes(key))
      return {
        reply: googleErrors.invalid(`Invalid value for 'entity.change.${key}'`),
        problem: `unknown field ${key}`,
      };
  }
  const lists: { additions: RecordSet[]; deletions: RecordSet[] } = { additions: [], deletions: [] };
  for (const which of ['deletions', 'additions'] as const) {
    const raw = change[which] ?? [];
    if (!Array.isArray(raw))
      return {
        reply: googleErrors.invalid(`Invalid value for 'entity.change.${which}'`),
        problem: `${which} is not a list`,
      };
    for (const [i, item] of raw.entries()) {
      const set = parseSet(item, `entity.change.${which}[${i}]`, zone, which === 'additions');
      if (isRefusal(set)) return set;
      lists[which].push(set);
    }
  }
  if (lists.additions.length === 0 && lists.deletions.length === 0) {
    return {
      reply: googleError(400, 'required', "The 'entity.change' parameter is required but was missing."),
      problem: 'an empty change',
    };
  }
  return lists;
}

// JWT (the assertion of the JWT-bearer grant)

function base64urlJson(part: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

// The endpoint

export async function startFakeGoogleApi(options: FakeGoogleApiOptions): Promise<FakeGoogleApi> {
  const defaultProject = options.project ?? 'certwright-test';
  const pendingPolls = options.pendingPolls ?? 1;
  const maxPageSize = options.maxPageSize ?? 100;
  const zones: Zone[] = [];
  for (const [i, z] of options.zones.entries()) {
    const dnsName = absolute(z.dnsName);
    const visibility = z.visibility ?? 'public';
    if (!/^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/.test(z.name))
      throw new Error(
        `google endpoint: zone name "${z.name}" is not a managed zone name (a letter, then letters, digits and hyphens)`,
      );
    const project = z.project ?? defaultProject;
    if (zones.some((other) => other.project === project && other.name === z.name))
      throw new Error(`google endpoint: two zones named ${z.name} in project ${project}`);
    const mirror =
      z.mirror ?? (visibility === 'public' && !zones.some((other) => other.mirror && other.dnsName === dnsName));
    const sets = new Map<string, RecordSet>([
      [
        setKey(dnsName, 'SOA'),
        {
          name: dnsName,
          type: 'SOA',
          ttl: 21600,
          rrdatas: [`ns-cloud-a1.googledomains.com. cloud-dns-hostmaster.google.com. 1 21600 3600 259200 300`],
        },
      ],
      [
        setKey(dnsName, 'NS'),
        {
          name: dnsName,
          type: 'NS',
          ttl: 21600,
          rrdatas: [1, 2, 3, 4].map((n) => `ns-cloud-a${n}.googledomains.com.`),
        },
      ],
    ]);
    zones.push({
      project,
      name: z.name,
      id: String(4_000_000_000_000 + i * 7919),
      dnsName,
      visibility,
      mirror,
      creationTime: new Date(Date.UTC(2024, 0, 1 + i)).toISOString(),
      sets,
      changes: new Map(),
      nextChangeId: 1,
    });
  }
  const principals = new Map(
    options.principals.map((p) => [p.name, { ...p, permissions: new Set(p.permissions ?? DNS_ADMIN_PERMISSIONS) }]),
  );
  const serviceAccounts = new Map((options.serviceAccounts ?? []).map((sa) => [sa.email, sa]));
  const tokens = new Map<string, Issued>();
  const callers = new WeakMap<FakeApiRequest, Issued>();
  const malformed: { method: string; path: string; problem: string }[] = [];
  const grants: TokenGrant[] = [];
  const accepted: AcceptedChange[] = [];
  const beforeChange: (() => void | Promise<void>)[] = [];
  let mirroring = Promise.resolve();
  let mirrorOn = true;

  const refuse = (request: FakeApiRequest, reply: FakeApiReply, problem: string | undefined): FakeApiReply => {
    if (problem !== undefined) malformed.push({ method: request.method, path: request.path, problem });
    return reply;
  };

  const issue = (principal: string, scopes: readonly string[]): { token: string; lifetime: number } => {
    const token = `ya29.${randomBytes(48).toString('base64url')}`;
    tokens.set(token, { principal, scopes, expiresAt: Date.now() + TOKEN_LIFETIME_S * 1000 });
    return { token, lifetime: TOKEN_LIFETIME_S };
  };

  const zoneOf = (request: FakeApiRequest): Zone | undefined => {
    const { project, zone } = request.params;
    return zones.find((z) => z.project === project && (z.name === zone || z.id === zone));
  };

  /** Whether the caller holds `permission` on the project (no zone) or on `zone`. */
  const holds = (request: FakeApiRequest, permission: string, zone?: Zone): boolean => {
    const caller = callers.get(request);
    const principal = caller ? principals.get(caller.principal) : undefined;
    if (!principal || !principal.permissions.has(permission)) return false;
    if (principal.zones === undefined) return zones.some((z) => z.project === request.params.project);
    return zone !== undefined && principal.zones.includes(zone.name);
  };

  /** 403 if the caller lacks the permission (on the project, or on the zone), else 404 for an unknown zone. */
  const gate = (
    request: FakeApiRequest,
    permission: string,
    needsZone: boolean,
  ): { reply: FakeApiReply } | { zone: Zone | undefined } => {
    const zone = needsZone ? zoneOf(request) : undefined;
    if (!holds(request, permission, zone)) return { reply: googleErrors.forbidden() };
    if (needsZone && !zone) return { reply: googleErrors.zoneNotFound(request.params.zone ?? '') };
    return { zone };
  };

  const pageOf = <T>(request: FakeApiRequest, items: readonly T[]): Parsed<{ items: T[]; nextPageToken?: string }> => {
    const maxText = request.query.get('maxResults');
    const max = maxText === null ? maxPageSize : Number(maxText);
    if (!Number.isInteger(max) || max < 1)
      return {
        reply: googleErrors.invalid(`Invalid value for 'maxResults': '${maxText}'`),
        problem: `maxResults ${maxText}`,
      };
    const tokenText = request.query.get('pageToken');
    const start =
      tokenText === null
        ? 0
        : Number(
            Buffer.from(tokenText, 'base64url')
              .toString('utf8')
              .replace(/^offset:/, ''),
          );
    if (!Number.isInteger(start) || start < 0)
      return {
        reply: googleErrors.invalid(`Invalid value for 'pageToken': '${tokenText}'`),
        problem: 'a page token this endpoint did not give',
      };
    const size = Math.min(max, maxPageSize);
    const page = items.slice(start, start + size);
    const more = start + size < items.length;
    return {
      items: page,
      ...(more ? { nextPageToken: Buffer.from(`offset:${start + size}`).toString('base64url') } : {}),
    };
  };

  const zoneJson = (zone: Zone) => ({
    kind: 'dns#managedZone',
    name: zone.name,
    dnsName: zone.dnsName,
    description: '',
    id: zone.id,
    nameServers: zone.sets.get(setKey(zone.dnsName, 'NS'))?.rrdatas ?? [],
    creationTime: zone.creationTime,
    visibility: zone.visibility,
    ...(zone.visibility === 'private'
      ? {
          privateVisibilityConfig: {
            kind: 'dns#managedZonePrivateVisibilityConfig',
            networks: [
              {
                kind: 'dns#managedZonePrivateVisibilityConfigNetwork',
                networkUrl: `https://www.googleapis.com/compute/v1/projects/${zone.project}/global/networks/default`,
              },
            ],
          },
        }
      : {}),
  });

  const setJson = (set: RecordSet) => ({
    kind: 'dns#resourceRecordSet',
    name: set.name,
    type: set.type,
    ttl: set.ttl,
    rrdatas: set.rrdatas,
    signatureRrdatas: [],
  });

  /** Mirrors TXT changes to BIND one after another, so two quick changes land in order. */
  const mirror = (zone: Zone, before: ReadonlyMap<string, RecordSet>, keys: Iterable<string>): Promise<void> => {
    const bind = options.bind;
    if (!bind || !zone.mirror || !mirrorOn) return Promise.resolve();
    const diff: { add: { fqdn: string; value: string; ttl: number }[]; remove: { fqdn: string; value: string }[] } = {
      add: [],
      remove: [],
    };
    for (const key of new Set(keys)) {
      const [old, now] = [before.get(key), zone.sets.get(key)];
      const set = now ?? old;
      if (!set || set.type !== 'TXT') continue;
      const oldValues = (old?.rrdatas ?? []).map(txtValue);
      const newValues = (now?.rrdatas ?? []).map(txtValue);
      for (const value of oldValues.filter((v) => !newValues.includes(v))) diff.remove.push({ fqdn: set.name, value });
      for (const value of newValues.filter((v) => !oldValues.includes(v)))
        diff.add.push({ fqdn: set.name, value, ttl: now?.ttl ?? 60 });
    }
    const change: TxtChange = diff;
    mirroring = mirroring.catch(() => undefined).then(() => applyTxtToBind(bind.server, bind.tsig, change));
    return mirroring;
  };

  // Cloud DNS

  const listZones: FakeApiHandler = (request) => {
    const gated = gate(request, 'dns.managedZones.list', false);
    if ('reply' in gated) return gated.reply;
    const dnsName = request.query.get('dnsName');
    const matching = zones
      .filter((z) => z.project === request.params.project && (dnsName === null || z.dnsName === absolute(dnsName)))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const page = pageOf(request, matching);
    if (isRefusal(page)) return refuse(request, page.reply, page.problem);
    return json(200, {
      kind: 'dns#managedZonesListResponse',
      managedZones: page.items.map(zoneJson),
      nextPageToken: page.nextPageToken,
    });
  };

  const getZone: FakeApiHandler = (request) => {
    const gated = gate(request, 'dns.managedZones.get', true);
    if ('reply' in gated) return gated.reply;
    const zone = gated.zone as Zone;
    return json(200, zoneJson(zone));
  };

  const listSets: FakeApiHandler = (request) => {
    const gated = gate(request, 'dns.resourceRecordSets.list', true);
    if ('reply' in gated) return gated.reply;
    const zone = gated.zone as Zone;
    const [name, type] = [request.query.get('name'), request.query.get('type')];
    if (type !== null && name === null)
      return refuse(
        request,
        googleError(400, 'required', "The 'parameters.name' parameter is required but was missing."),
        'type without name',
      );
    if (name !== null && !name.endsWith('.'))
      return refuse(
        request,
        googleErrors.invalid(`Invalid value for 'parameters.name': '${name}'`),
        `name "${name}" is not absolute`,
      );
    const ordered = [...zone.sets.values()]
      .filter((s) => (name === null || s.name === absolute(name)) && (type === null || s.type === type))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.type < b.type ? -1 : 1));
    const page = pageOf(request, ordered);
    if (isRefusal(page)) return refuse(request, page.reply, page.problem);
    return json(200, {
      kind: 'dns#resourceRecordSetsListResponse',
      rrsets: page.items.map(setJson),
      nextPageToken: page.nextPageToken,
    });
  };

  /** The permission each set of a change needs: replacing a set is an update, adding one a create, removing one a delete. */
  const setPermissions = (change: {
    additions: readonly RecordSet[];
    deletions: readonly RecordSet[];
  }): Set<string> => {
    const added = new Set(change.additions.map((s) => setKey(s.name, s.type)));
    const deleted = new Set(change.deletions.map((s) => setKey(s.name, s.type)));
    const needed = new Set<string>();
    for (const key of new Set([...added, ...deleted])) {
      needed.add(
        added.has(key) && deleted.has(key)
          ? 'dns.resourceRecordSets.update'
          : added.has(key)
            ? 'dns.resourceRecordSets.create'
            : 'dns.resourceRecordSets.delete',
      );
    }
    return needed;
  };

  const createChange: FakeApiHandler = async (request) => {
    const gated = gate(request, 'dns.changes.create', true);
    if ('reply' in gated) return gated.reply;
    const zone = gated.zone as Zone;
    await beforeChange.shift()?.();
    const change = parseChange(request.body, zone);
    if (isRefusal(change)) return refuse(request, change.reply, change.problem);
    for (const permission of setPermissions(change))
      if (!holds(request, permission, zone)) return googleErrors.forbidden();
    const working = new Map(zone.sets);
    for (const [i, deletion] of change.deletions.entries()) {
      const key = setKey(deletion.name, deletion.type);
      const existing = working.get(key);
      if (!existing)
        return googleError(
          404,
          'notFound',
          `The 'entity.change.deletions[${i}]' resource named '${deletion.name} (${deletion.type})' does not exist.`,
        );
      if (!sameSet(existing, deletion))
        return googleError(412, 'conditionNotMet', `Precondition not met for 'entity.change.deletions[${i}]'`);
      working.delete(key);
    }
    for (const [i, addition] of change.additions.entries()) {
      const key = setKey(addition.name, addition.type);
      if (working.has(key))
        return googleError(
          409,
          'alreadyExists',
          `The resource 'entity.change.additions[${i}]' named '${addition.name} (${addition.type})' already exists`,
        );
      working.set(key, addition);
    }
    const before = zone.sets;
    zone.sets = working;
    const id = String(zone.nextChangeId++);
    const body = {
      kind: 'dns#change',
      additions: change.additions.map(setJson),
      deletions: change.deletions.map(setJson),
      startTime: new Date().toISOString(),
      id,
      status: 'pending',
    };
    zone.changes.set(id, { body, polls: 0 });
    accepted.push({
      project: zone.project,
      zone: zone.name,
      id,
      principal: callers.get(request)?.principal ?? '',
      additions: change.additions,
      deletions: change.deletions,
    });
    await mirror(
      zone,
      before,
      [...change.deletions, ...change.additions].map((s) => setKey(s.name, s.type)),
    );
    return json(200, body);
  };

  const getChange: FakeApiHandler = (request) => {
    const gated = gate(request, 'dns.changes.get', true);
    if ('reply' in gated) return gated.reply;
    const zone = gated.zone as Zone;
    const id = request.params.id ?? '';
    const change = zone.changes.get(id);
    if (!change)
      return googleError(404, 'notFound', `The 'parameters.changeId' resource named '${id}' does not exist.`);
    change.polls += 1;
    return json(200, { ...change.body, status: change.polls <= pendingPolls ? 'pending' : 'done' });
  };

  /** Bearer tokens for the Cloud DNS API, with a Cloud DNS scope. */
  const auth = (request: FakeApiRequest): FakeApiReply | undefined => {
    if (!request.path.startsWith('/dns/v1/')) return undefined;
    const header = request.headers.authorization;
    if (header === undefined) return refuse(request, googleErrors.loginRequired(), 'no Authorization header');
    const match = /^Bearer (\S+)$/.exec(header);
    const issued = match ? tokens.get(match[1] as string) : undefined;
    if (!match) return refuse(request, googleErrors.unauthenticated(), 'Authorization is not "Bearer <token>"');
    if (!issued || issued.expiresAt <= Date.now()) return googleErrors.unauthenticated();
    const needed = request.method === 'GET' ? DNS_SCOPES.read : DNS_SCOPES.write;
    if (!issued.scopes.some((scope) => needed.includes(scope))) return googleErrors.insufficientScopes();
    callers.set(request, issued);
    return undefined;
  };

  // Token services

  const form = (request: FakeApiRequest): URLSearchParams => new URLSearchParams(request.body);

  const sts: FakeApiHandler = (request) => {
    const params = form(request);
    const refused = (error: string, description: string, problem?: string): FakeApiReply => {
      grants.push({ kind: 'sts', principal: undefined, granted: false, refusal: `${error}: ${description}` });
      return refuse(request, oauthError(400, error, description), problem);
    };
    const identity = options.workloadIdentity;
    if (params.get('grant_type') !== TOKEN_EXCHANGE)
      return refused(
        'unsupported_grant_type',
        `Invalid value for "grant_type": ${params.get('grant_type')}`,
        'not a token exchange',
      );
    if (!identity || params.get('audience') !== identity.audience) {
      return refused(
        'invalid_target',
        'The target service indicated by the "audience" parameters is invalid. This might either be because the pool or provider is disabled or deleted or because it doesn\'t exist.',
      );
    }
    if (!SUBJECT_TOKEN_TYPES.includes(params.get('subject_token_type') ?? ''))
      return refused('invalid_request', 'Invalid value for "subject_token_type".', 'subject_token_type');
    if (params.get('requested_token_type') !== ACCESS_TOKEN_TYPE)
      return refused('invalid_request', 'Invalid value for "requested_token_type".', 'requested_token_type');
    const scopes = (params.get('scope') ?? '').split(' ').filter(Boolean);
    if (scopes.length === 0) return refused('invalid_request', 'The "scope" parameter is required.', 'no scope');
    const principal = identity.subjects[params.get('subject_token') ?? ''];
    if (principal === undefined) return refused('invalid_grant', 'Unable to parse the ID Token.');
    const { token, lifetime } = issue(principal, scopes);
    grants.push({ kind: 'sts', principal, granted: true });
    return json(200, {
      access_token: token,
      issued_token_type: ACCESS_TOKEN_TYPE,
      token_type: 'Bearer',
      expires_in: lifetime,
    });
  };

  const generateAccessToken: FakeApiHandler = (request) => {
    const target = request.params.account ?? '';
    const at = target.lastIndexOf(':');
    const [email, method] = [target.slice(0, at), target.slice(at + 1)];
    if (at < 0 || method !== 'generateAccessToken')
      return refuse(
        request,
        googleError(404, 'notFound', `Method not found: ${method}`),
        `${target} is not EMAIL:generateAccessToken`,
      );
    const refused = (reply: FakeApiReply, why: string, problem?: string): FakeApiReply => {
      grants.push({ kind: 'impersonation', principal: `serviceAccount:${email}`, granted: false, refusal: why });
      return refuse(request, reply, problem);
    };
    const match = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '');
    const caller = match ? tokens.get(match[1] as string) : undefined;
    if (!caller || caller.expiresAt <= Date.now())
      return refused(googleErrors.unauthenticated(), 'no valid token', match ? undefined : 'no bearer token');
    const account = serviceAccounts.get(email);
    if (!account || !(account.impersonators ?? []).includes(caller.principal)) {
      return refused(
        json(403, {
          error: {
            code: 403,
            message: "Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist).",
            status: 'PERMISSION_DENIED',
          },
        }),
        `${caller.principal} may not impersonate ${email}`,
      );
    }
    let body: { scope?: unknown; lifetime?: unknown };
    try {
      body = JSON.parse(request.body) as typeof body;
    } catch {
      return refused(googleError(400, 'parseError', 'Invalid JSON payload received.'), 'body', 'the body is not JSON');
    }
    const scopes = Array.isArray(body.scope) ? body.scope.filter((s): s is string => typeof s === 'string') : [];
    if (scopes.length === 0) return refused(googleErrors.invalid('Scope required.'), 'no scope', 'no scope');
    const { token, lifetime } = issue(`serviceAccount:${email}`, scopes);
    grants.push({ kind: 'impersonation', principal: `serviceAccount:${email}`, granted: true });
    return json(200, {
      accessToken: token,
      expireTime: new Date(Date.now() + lifetime * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    });
  };

  const jwtBearer: FakeApiHandler = (request) => {
    const params = form(request);
    const refused = (
      principal: string | undefined,
      description: string,
      problem?: string,
      error = 'invalid_grant',
    ): FakeApiReply => {
      grants.push({ kind: 'jwt-bearer', principal, granted: false, refusal: `${error}: ${description}` });
      return refuse(request, oauthError(400, error, description), problem);
    };
    if (params.get('grant_type') !== JWT_BEARER)
      return refused(
        undefined,
        `Invalid grant_type: ${params.get('grant_type') ?? ''}`,
        'not a JWT-bearer grant',
        'unsupported_grant_type',
      );
    const parts = (params.get('assertion') ?? '').split('.');
    const [header, payload] = [base64urlJson(parts[0] ?? ''), base64urlJson(parts[1] ?? '')];
    if (parts.length !== 3 || !header || !payload)
      return refused(undefined, 'Invalid JWT: could not be decoded.', 'the assertion is not a JWT');
    const email = typeof payload.iss === 'string' ? payload.iss : '';
    const account = serviceAccounts.get(email);
    if (!account?.publicKeyPem) return refused(undefined, 'Invalid grant: account not found');
    if (header.alg !== 'RS256')
      return refused(`serviceAccount:${email}`, 'Invalid JWT Signature.', `alg ${String(header.alg)}`);
    const signed = verify(
      'RSA-SHA256',
      Buffer.from(`${parts[0]}.${parts[1]}`),
      createPublicKey(account.publicKeyPem),
      Buffer.from(parts[2] ?? '', 'base64url'),
    );
    if (!signed) return refused(`serviceAccount:${email}`, 'Invalid JWT Signature.');
    if (payload.aud !== GOOGLE_TOKEN_AUDIENCE)
      return refused(`serviceAccount:${email}`, 'Invalid JWT: Failed audience check.', `aud ${String(payload.aud)}`);
    const now = Date.now() / 1000;
    const [iat, exp] = [Number(payload.iat), Number(payload.exp)];
    if (!(iat <= now + 60 && exp > now && exp - iat <= 3600)) {
      return refused(
        `serviceAccount:${email}`,
        'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.',
      );
    }
    const scopes = (typeof payload.scope === 'string' ? payload.scope : '').split(' ').filter(Boolean);
    if (scopes.length === 0)
      return refused(
        `serviceAccount:${email}`,
        'Invalid OAuth scope or ID token audience provided.',
        'no scope',
        'invalid_scope',
      );
    const { token, lifetime } = issue(`serviceAccount:${email}`, scopes);
    grants.push({ kind: 'jwt-bearer', principal: `serviceAccount:${email}`, granted: true });
    return json(200, { access_token: token, expires_in: lifetime, token_type: 'Bearer' });
  };

  // The metadata server: Metadata-Flavor: Google on the request, and on every answer.
  const metadataReply = (request: FakeApiRequest, answer: () => FakeApiReply): FakeApiReply => {
    if (request.headers['metadata-flavor'] !== 'Google')
      return refuse(request, text(403, 'Missing required header: Metadata-Flavor'), 'no Metadata-Flavor header');
    if (!options.metadata) return text(404, 'Not Found', { 'metadata-flavor': 'Google' });
    const reply = answer();
    return { ...reply, headers: { ...reply.headers, 'metadata-flavor': 'Google' } };
  };
  const metadataToken: FakeApiHandler = (request) =>
    metadataReply(request, () => {
      const account = `serviceAccount:${options.metadata?.serviceAccount}`;
      const scopes = (request.query.get('scopes') ?? CLOUD_PLATFORM).split(',').filter(Boolean);
      const { token, lifetime } = issue(account, scopes);
      grants.push({ kind: 'metadata', principal: account, granted: true });
      return json(200, { access_token: token, expires_in: lifetime, token_type: 'Bearer' });
    });
  const metadataProject: FakeApiHandler = (request) =>
    metadataReply(request, () => text(200, options.metadata?.project ?? ''));
  const metadataInstance: FakeApiHandler = (request) =>
    metadataReply(request, () => text(200, 'attributes/\nhostname\nid\nservice-accounts/\nzone\n'));

  const vendor = await startFakeApi({
    name: 'google',
    ...(options.tls ? { tls: options.tls } : {}),
    auth,
    // Google's JSON error for a method the API does not have.
    unknownRoute: () => googleError(404, 'notFound', 'Method not found.'),
    routes: [
      route(OPERATION_ROUTES['managedZones.list'], listZones),
      route(OPERATION_ROUTES['managedZones.get'], getZone),
      route(OPERATION_ROUTES['resourceRecordSets.list'], listSets),
      route(
        OPERATION_ROUTES['changes.create'],
        createChange,
        checkContentType('application/json'),
        checkJsonBody((body: unknown) => typeof body === 'object' && body !== null && !Array.isArray(body)),
      ),
      route(OPERATION_ROUTES['changes.get'], getChange),
      route('POST /v1/token', sts, checkContentType('application/x-www-form-urlencoded')),
      route('POST /token', jwtBearer, checkContentType('application/x-www-form-urlencoded')),
      route(
        'POST /v1/projects/:project/serviceAccounts/:account',
        generateAccessToken,
        checkContentType('application/json'),
      ),
      route('GET /computeMetadata/v1/instance/service-accounts/default/token', metadataToken),
      route('GET /computeMetadata/v1/project/project-id', metadataProject),
      route('GET /computeMetadata/v1/instance', metadataInstance),
    ],
  });

  const zoneNamed = (name: string): Zone => {
    const zone = zones.find((z) => z.name === name);
    if (!zone) throw new Error(`google endpoint: no zone ${name}; zones are ${zones.map((z) => z.name).join(', ')}`);
    return zone;
  };

  return {
    url: vendor.url,
    apiUrl: `${vendor.url}/dns/v1`,
    stsUrl: `${vendor.url}/v1/token`,
    tokenUrl: `${vendor.url}/token`,
    metadataHost: vendor.url.replace(/^https?:\/\//, ''),
    impersonationUrl: (email) => `${vendor.url}/v1/projects/-/serviceAccounts/${email}:generateAccessToken`,
    vendor,
    malformed,
    grants,
    issuedTokens: () => [...tokens.keys()],
    tokenInfo: (token) => tokens.get(token),
    txt(fqdn, zoneName) {
      const name = absolute(fqdn);
      const zone =
        zoneName !== undefined
          ? zoneNamed(zoneName)
          : zones
              .filter((z) => z.mirror && isWithin(name, z.dnsName))
              .sort((a, b) => b.dnsName.length - a.dnsName.length)[0];
      return (zone?.sets.get(setKey(name, 'TXT'))?.rrdatas ?? []).map(txtValue);
    },
    rrset: (zoneName, fqdn) => zoneNamed(zoneName).sets.get(setKey(absolute(fqdn), 'TXT')),
    seedTxt(zoneName, fqdn, values, ttl = 300) {
      return (this as FakeGoogleApi).seedTxtRdata(zoneName, fqdn, values.map(quoteTxt), ttl);
    },
    async seedTxtRdata(zoneName, fqdn, rrdatas, ttl = 300) {
      const zone = zoneNamed(zoneName);
      const name = absolute(fqdn);
      if (!isWithin(name, zone.dnsName)) throw new Error(`google endpoint: ${name} is not in zone ${zone.dnsName}`);
      const before = zone.sets;
      zone.sets = new Map(before).set(setKey(name, 'TXT'), { name, type: 'TXT', ttl, rrdatas: [...rrdatas] });
      await mirror(zone, before, [setKey(name, 'TXT')]);
    },
    beforeNextChange(hook) {
      beforeChange.push(hook);
    },
    throttleNext: (times = 1, operation = 'changes.create') =>
      vendor.failNext(OPERATION_ROUTES[operation], googleErrors.rateLimited(), times),
    changes: () => accepted,
    setMirroring(on) {
      mirrorOn = on;
    },
    assertNoUnexpectedRequests() {
      const problems = [
        ...vendor.unmatched.map((r) => `no route for ${r.method} ${r.path}`),
        ...vendor.checkFailures.map((f) => f.message),
        ...malformed.map((m) => `malformed ${m.method} ${m.path}: ${m.problem}`),
      ];
      if (problems.length > 0) throw new Error(`google endpoint: unexpected requests:\n  ${problems.join('\n  ')}`);
    },
    close: () => vendor.close(),
  };
}
