/**
 * A local stand-in for the OVHcloud API 1.0 (`/auth/time` and DNS zone records), for the OVH
 * provider's tests. It checks what OVH checks: the application key, the signature
 * (`$1$` + SHA-1 of `AS+CK+METHOD+URL+BODY+TIMESTAMP`), the timestamp against its own clock
 * (which can be set off this machine's, so a client must read `/auth/time`), the consumer key and
 * its access rules (method and path, `*` matching anything). It answers in OVH's two error shapes:
 * `{errorCode, httpCode, message}` from the authentication layer (INVALID_KEY, INVALID_SIGNATURE,
 * QUERY_TIME_OUT, INVALID_CREDENTIAL, NOT_GRANTED_CALL, as python-ovh and php-ovh users report
 * them: ovh/php-ovh#56, #62, #80; ovh/python-ovh#86, #103) and `{class, message}` from the API
 * (Client::NotFound "This service does not exist", Client::BadRequest).
 *
 * Like OVH, it publishes a zone's record changes only on `POST /domain/zone/{zone}/refresh`: only
 * then do they reach the test bed's BIND, so a provider that forgets the refresh fails validation.
 * OVH lists record IDs without paging (the whole list in one answer), so there is no paging to
 * model. OVH documents no rate limit (fair use, about 60 requests a minute per consumer key:
 * ovh/python-ovh#81); scripted throttling answers 429 with `retry-after`.
 */
import { createHash } from 'node:crypto';
import type { ServerAddress } from '../../../address.js';
import {
  json,
  route,
  startFakeApi,
  type FakeApi,
  type FakeApiReply,
  type FakeApiRequest,
} from '../../../../testing/fake-api-kit.js';
import { applyTxtToBind, type TsigCredentials } from '../../testing/bind-mirror.js';

export interface OvhApplicationOptions {
  readonly applicationKey: string;
  readonly applicationSecret: string;
}

export interface OvhAccessRule {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Relative to `/1.0`, `*` matching anything (slashes included): `/domain/zone/example.test/*`. */
  readonly path: string;
}

export interface OvhConsumerKeyOptions {
  readonly consumerKey: string;
  /** The application key it was requested for. */
  readonly applicationKey: string;
  readonly rules: readonly OvhAccessRule[];
}

export interface FakeOvhApiOptions {
  /** Zone names held by the account, such as `example.test`. */
  readonly zones: readonly string[];
  readonly applications: readonly OvhApplicationOptions[];
  readonly consumerKeys: readonly OvhConsumerKeyOptions[];
  readonly bind?: { readonly server: ServerAddress; readonly tsig: TsigCredentials };
  /** The server's clock minus this machine's, in seconds (default 0). */
  readonly clockSkewSeconds?: number;
}

export interface OvhRecordShape {
  readonly id: number;
  readonly zone: string;
  readonly subDomain: string;
  readonly fieldType: string;
  readonly target: string;
  readonly ttl: number;
}

export interface FakeOvhApi {
  /** The API base, `http://127.0.0.1:PORT/1.0`. */
  readonly url: string;
  readonly vendor: FakeApi;
  /** Requests OVH would refuse as malformed (a provider bug). */
  readonly malformed: readonly { method: string; path: string; problem: string }[];
  records(zone: string): OvhRecordShape[];
  /** TXT values at `fqdn` at the vendor (published or not), unquoted. */
  txt(fqdn: string): string[];
  /** Adds a record no client created and refreshes the zone; returns its ID. */
  seedTxt(zone: string, fqdn: string, target: string): Promise<number>;
  /** Refreshes done per zone. */
  refreshes(zone: string): number;
  setMirroring(on: boolean): void;
  assertNoUnexpectedRequests(): void;
  close(): Promise<void>;
}

const API = '/1.0';
/** How far a request's timestamp may be from the server's clock. OVH does not document it; this stand-in takes 180 s. */
const TIME_WINDOW_S = 180;
const BIND_TTL = 60;
const FIELD_TYPES = new Set([
  'A',
  'AAAA',
  'CAA',
  'CNAME',
  'DKIM',
  'DMARC',
  'DNAME',
  'LOC',
  'MX',
  'NAPTR',
  'NS',
  'PTR',
  'SPF',
  'SRV',
  'SSHFP',
  'TLSA',
  'TXT',
]);

function authError(status: number, errorCode: string, message: string): FakeApiReply {
  const reason: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden' };
  return json(status, { errorCode, httpCode: `${status} ${reason[status]}`, message });
}

function apiError(status: number, klass: string, message: string): FakeApiReply {
  return json(status, { class: klass, message });
}

/** OVH's refusals. */
export const ovhErrors = {
  notAuthenticated: () => authError(401, 'NOT_AUTHENTICATED', 'You must login first'),
  invalidKey: () => authError(403, 'INVALID_KEY', 'This application key is invalid'),
  invalidSignature: () => authError(400, 'INVALID_SIGNATURE', 'Invalid signature'),
  queryTimeOut: () => authError(400, 'QUERY_TIME_OUT', 'Query out of time'),
  invalidCredential: () => authError(403, 'INVALID_CREDENTIAL', 'This credential is not valid'),
  notGranted: () => authError(403, 'NOT_GRANTED_CALL', 'This call has not been granted'),
  noService: () => apiError(404, 'Client::NotFound', 'This service does not exist'),
  noRecord: (id: string) => apiError(404, 'Client::NotFound', `The requested object (id = ${id}) does not exist`),
  badRequest: (message: string) => apiError(400, 'Client::BadRequest', message),
  noRoute: () => apiError(404, 'Client::NotFound', 'Got an invalid (or empty) URL'),
  rateLimited: (retryAfterSeconds: number) =>
    json(429, { message: 'Too many requests, please retry later' }, { 'retry-after': String(retryAfterSeconds) }),
};

interface Zone {
  readonly name: string;
  readonly records: Map<number, OvhRecordShape>;
  /** What BIND serves: the records as of the last refresh. */
  published: Map<number, OvhRecordShape>;
  refreshes: number;
}

function txtValue(target: string): string {
  const text = target.trim();
  const quoted = /^"((?:[^"\\]|\\.)*)"$/.exec(text);
  return quoted ? (quoted[1] ?? '').replace(/\\(.)/g, '$1') : target;
}

function ruleMatches(rule: OvhAccessRule, method: string, path: string): boolean {
  const pattern = new RegExp(
    `^${rule.path
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return rule.method === method && pattern.test(path);
}

class OvhState {
  readonly zones = new Map<string, Zone>();
  readonly malformed: { method: string; path: string; problem: string }[] = [];
  mirroring = true;
  /** The server's origin, such as `http://127.0.0.1:PORT`; request paths start with `/1.0`. */
  origin = '';
  nextId = 5_000_000_001;

  constructor(readonly options: FakeOvhApiOptions) {
    for (const name of options.zones)
      this.zones.set(name, { name, records: new Map(), published: new Map(), refreshes: 0 });
  }

  now(): number {
    return Math.floor(Date.now() / 1000) + (this.options.clockSkewSeconds ?? 0);
  }

  readonly admit = (request: FakeApiRequest): FakeApiReply | undefined => {
    if (request.path === `${API}/auth/time`) return undefined;
    const header = (name: string) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const [ak, ck, ts, sig] = ['x-ovh-application', 'x-ovh-consumer', 'x-ovh-timestamp', 'x-ovh-signature'].map(header);
    if (!ak) return this.refuse(request, 'no X-Ovh-Application header', ovhErrors.notAuthenticated());
    const application = this.options.applications.find((a) => a.applicationKey === ak);
    if (!application) return ovhErrors.invalidKey();
    if (!ck || !ts || !sig)
      return this.refuse(
        request,
        'X-Ovh-Consumer, X-Ovh-Timestamp or X-Ovh-Signature missing',
        ovhErrors.notAuthenticated(),
      );
    if (!/^\d+$/.test(ts) || Math.abs(Number(ts) - this.now()) > TIME_WINDOW_S) return ovhErrors.queryTimeOut();
    const query = request.query.toString();
    const url = `${this.origin}${request.path}${query ? `?${query}` : ''}`;
    const text = [application.applicationSecret, ck, request.method, url, request.body, ts].join('+');
    if (sig !== `$1$${createHash('sha1').update(text).digest('hex')}`) return ovhErrors.invalidSignature();
    const consumer = this.options.consumerKeys.find((c) => c.consumerKey === ck && c.applicationKey === ak);
    if (!consumer) return ovhErrors.invalidCredential();
    const path = request.path.slice(API.length);
    if (!consumer.rules.some((rule) => ruleMatches(rule, request.method, path))) return ovhErrors.notGranted();
    return undefined;
  };

  readonly time = (): FakeApiReply => json(200, this.now());

  readonly listRecords = (request: FakeApiRequest): FakeApiReply => {
    const zone = this.zones.get(request.params.zone ?? '');
    if (!zone) return ovhErrors.noService();
    const fieldType = request.query.get('fieldType');
    const subDomain = request.query.get('subDomain');
    const ids = [...zone.records.values()]
      .filter(
        (r) =>
          (fieldType === null || r.fieldType === fieldType) &&
          (subDomain === null || r.subDomain === subDomain.toLowerCase()),
      )
      .map((r) => r.id);
    return json(200, ids);
  };

  readonly getRecord = (request: FakeApiRequest): FakeApiReply => {
    const zone = this.zones.get(request.params.zone ?? '');
    if (!zone) return ovhErrors.noService();
    const record = zone.records.get(Number(request.params.id));
    return record ? json(200, record) : ovhErrors.noRecord(request.params.id ?? '');
  };

  readonly createRecord = (request: FakeApiRequest): FakeApiReply => {
    const zone = this.zones.get(request.params.zone ?? '');
    if (!zone) return ovhErrors.noService();
    if (!/^application\/json/.test(request.headers['content-type'] ?? ''))
      return this.refuse(
        request,
        'body without Content-Type: application/json',
        ovhErrors.badRequest('Invalid JSON body'),
      );
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(request.body) as Record<string, unknown>;
    } catch {
      return this.refuse(request, 'body is not JSON', ovhErrors.badRequest('Invalid JSON body'));
    }
    const problem = recordProblem(body);
    if (problem) return this.refuse(request, problem, ovhErrors.badRequest(problem));
    return json(
      200,
      this.insert(
        zone,
        typeof body.subDomain === 'string' ? body.subDomain : '',
        String(body.fieldType),
        String(body.target),
        Number(body.ttl ?? 0),
      ),
    );
  };

  readonly deleteRecord = (request: FakeApiRequest): FakeApiReply => {
    const zone = this.zones.get(request.params.zone ?? '');
    if (!zone) return ovhErrors.noService();
    const id = Number(request.params.id);
    if (!zone.records.delete(id)) return ovhErrors.noRecord(request.params.id ?? '');
    return json(200, null);
  };

  readonly refresh = async (request: FakeApiRequest): Promise<FakeApiReply> => {
    const zone = this.zones.get(request.params.zone ?? '');
    if (!zone) return ovhErrors.noService();
    await this.publish(zone);
    return json(200, null);
  };

  insert(zone: Zone, subDomain: string, fieldType: string, target: string, ttl: number): OvhRecordShape {
    const record = { id: this.nextId++, zone: zone.name, subDomain: subDomain.toLowerCase(), fieldType, target, ttl };
    zone.records.set(record.id, record);
    return record;
  }

  /** Sends BIND what changed since the last refresh. With mirroring off, nothing is published. */
  async publish(zone: Zone): Promise<void> {
    zone.refreshes += 1;
    if (!this.mirroring || !this.options.bind) return;
    const fqdn = (r: OvhRecordShape) => (r.subDomain ? `${r.subDomain}.${zone.name}` : zone.name);
    const txt = (from: Map<number, OvhRecordShape>, not: Map<number, OvhRecordShape>) =>
      [...from.values()].filter((r) => r.fieldType === 'TXT' && !not.has(r.id));
    const add = txt(zone.records, zone.published).map((r) => ({
      fqdn: fqdn(r),
      value: txtValue(r.target),
      ttl: BIND_TTL,
    }));
    const remove = txt(zone.published, zone.records).map((r) => ({ fqdn: fqdn(r), value: txtValue(r.target) }));
    if (add.length + remove.length > 0)
      await applyTxtToBind(this.options.bind.server, this.options.bind.tsig, { add, remove });
    zone.published = new Map(zone.records);
  }

  refuse(request: FakeApiRequest, problem: string, reply: FakeApiReply): FakeApiReply {
    this.malformed.push({ method: request.method, path: request.path, problem });
    return reply;
  }
}

function recordProblem(body: Record<string, unknown>): string | undefined {
  if (typeof body.fieldType !== 'string' || !FIELD_TYPES.has(body.fieldType))
    return `[fieldType] Given data (${String(body.fieldType)}) does not belong to the NamespaceType enum`;
  if (
    body.subDomain !== undefined &&
    (typeof body.subDomain !== 'string' || !/^([a-z0-9_*-]+(\.[a-z0-9_-]+)*)?$/i.test(body.subDomain))
  )
    return `[subDomain] Given data (${JSON.stringify(body.subDomain)}) is not a valid sub-domain`;
  if (typeof body.target !== 'string' || body.target === '') return '[target] Property is mandatory';
  if (body.ttl !== undefined && (!Number.isInteger(body.ttl) || (body.ttl as number) < 0))
    return `[ttl] Given data (${JSON.stringify(body.ttl)}) is not a positive integer`;
  return undefined;
}

/** Starts the stand-in on 127.0.0.1. */
export async function startFakeOvhApi(options: FakeOvhApiOptions): Promise<FakeOvhApi> {
  const state = new OvhState(options);
  const vendor = await startFakeApi({
    name: 'ovh',
    auth: state.admit,
    unknownRoute: () => ovhErrors.noRoute(),
    routes: [
      route(`GET ${API}/auth/time`, state.time),
      route(`GET ${API}/domain/zone/:zone/record`, state.listRecords),
      route(`POST ${API}/domain/zone/:zone/record`, state.createRecord),
      route(`GET ${API}/domain/zone/:zone/record/:id`, state.getRecord),
      route(`DELETE ${API}/domain/zone/:zone/record/:id`, state.deleteRecord),
      route(`POST ${API}/domain/zone/:zone/refresh`, state.refresh),
    ],
  });
  state.origin = vendor.url;
  const zone = (name: string) => {
    const found = state.zones.get(name);
    if (!found) throw new Error(`ovh endpoint: no zone ${name}; zones are ${[...state.zones.keys()].join(', ')}`);
    return found;
  };
  return {
    url: `${vendor.url}${API}`,
    vendor,
    malformed: state.malformed,
    records: (name) => [...zone(name).records.values()],
    txt: (fqdn) =>
      [...state.zones.values()]
        .flatMap((z) =>
          [...z.records.values()].map((r) => ({ r, name: r.subDomain ? `${r.subDomain}.${z.name}` : z.name })),
        )
        .filter(({ r, name }) => r.fieldType === 'TXT' && name === fqdn.toLowerCase().replace(/\.$/, ''))
        .map(({ r }) => txtValue(r.target)),
    async seedTxt(name, fqdn, target) {
      const z = zone(name);
      const sub = fqdn === name ? '' : fqdn.slice(0, -(name.length + 1));
      const record = state.insert(z, sub, 'TXT', target, 0);
      await state.publish(z);
      return record.id;
    },
    refreshes: (name) => zone(name).refreshes,
    setMirroring(on) {
      state.mirroring = on;
    },
    assertNoUnexpectedRequests() {
      const problems = [
        ...vendor.unmatched.map((r) => `no route for ${r.method} ${r.path}`),
        ...vendor.checkFailures.map((f) => f.message),
        ...state.malformed.map((m) => `malformed ${m.method} ${m.path}: ${m.problem}`),
      ];
      if (problems.length > 0) throw new Error(`ovh endpoint: unexpected requests:\n  ${problems.join('\n  ')}`);
    },
    close: () => vendor.close(),
  };
}
