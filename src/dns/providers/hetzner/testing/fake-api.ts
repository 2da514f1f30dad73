/**
 * A local stand-in for the DNS part of the Hetzner Cloud API v1 (zones, RRSets, RRSet actions and
 * actions), for the Hetzner provider's tests. It answers as Hetzner does: `{error: {code, message,
 * details}}` errors (`unauthorized` 401, `forbidden` and `token_readonly` 403, `not_found` 404,
 * `invalid_input` 400, `incorrect_zone_mode` 422, `locked` 423, `rate_limit_exceeded` 429 with
 * `RateLimit-Limit`/`-Remaining`/`-Reset` and no `Retry-After`), zones addressed by ID or name,
 * pages with `page`/`per_page` and `meta.pagination`, TXT values as quoted strings of at most 255
 * characters, and writes that start an action which runs until it is polled. The shapes follow
 * the API reference (docs.hetzner.cloud/reference/cloud#dns) and lego's hetzner client fixtures.
 *
 * Accepted TXT changes are mirrored into the test bed's BIND, so Pebble validates through real DNS.
 * Requests Hetzner would refuse as malformed (a provider bug) are answered as Hetzner does *and*
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
import { unquoteTxt } from '../../txt.js';
import { applyTxtToBind, type TsigCredentials, type TxtChange } from '../../testing/bind-mirror.js';

export interface HetznerZoneOptions {
  readonly id: number;
  readonly name: string;
  /** Default `primary`; a `secondary` zone refuses RRSet changes. */
  readonly mode?: 'primary' | 'secondary';
  /** Mirror TXT changes to BIND (when `bind` is given); default true. */
  readonly mirror?: boolean;
}

export interface HetznerTokenOptions {
  /** A project API token: 64 letters and digits. */
  readonly token: string;
  readonly permission: 'read' | 'read_write';
  /** The zones of the token's project (by name); default all. */
  readonly zones?: readonly string[];
}

export interface FakeHetznerApiOptions {
  readonly zones: readonly HetznerZoneOptions[];
  readonly tokens: readonly HetznerTokenOptions[];
  readonly bind?: { readonly server: ServerAddress; readonly tsig: TsigCredentials };
  /** Caps `per_page` below Hetzner's 50, so clients must page. */
  readonly maxPerPage?: number;
}

export interface HetznerRRSetJson {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly ttl: number | null;
  readonly records: { value: string; comment: string }[];
}

export interface MalformedRequest {
  readonly method: string;
  readonly path: string;
  readonly problem: string;
}

export interface FakeHetznerApi {
  /** The API base, such as `http://127.0.0.1:41234/v1`. */
  readonly url: string;
  readonly vendor: FakeApi;
  readonly malformed: readonly MalformedRequest[];
  /** The TXT RRSet at a name (relative, `@` the apex) as held, or undefined. */
  rrset(zone: string, name: string): HetznerRRSetJson | undefined;
  /** The TXT values at `fqdn` in any zone, unquoted. */
  txt(fqdn: string): string[];
  /** Adds a TXT value (as Hetzner holds it: quoted strings) no client wrote, mirrored to BIND. */
  seedTxt(fqdn: string, value: string): Promise<void>;
  /** The next `times` requests, before authentication, get 429 with `RateLimit-Reset` in `resetSeconds`. */
  rateLimitNext(times: number, resetSeconds: number): ScriptedFailure;
  /** The next `times` write actions end in error and change nothing. */
  failActionsNext(times: number): ScriptedFailure;
  setMirroring(on: boolean): void;
  assertNoUnexpectedRequests(): void;
  close(): Promise<void>;
}

const API = '/v1';
const TOKEN_SHAPE = /^[A-Za-z0-9]{64}$/;
const QUOTED_STRINGS = /^"(?:[^"\\]|\\.)*"(?:\s+"(?:[^"\\]|\\.)*")*$/;
const RATE_LIMIT = 3600;

function failure(
  status: number,
  code: string,
  message: string,
  details: unknown = {},
  headers: Record<string, string> = {},
): FakeApiReply {
  return json(status, { error: { code, message, details } }, headers);
}

/** Hetzner's refusals. */
export const hetznerErrors = {
  unauthorized: () => failure(401, 'unauthorized', 'unable to authenticate'),
  tokenReadonly: () =>
    failure(403, 'token_readonly', 'The token you are using is only allowed to perform GET requests'),
  zoneNotFound: () => failure(404, 'not_found', 'zone not found'),
  rrsetNotFound: () => failure(404, 'not_found', 'rrset not found'),
  actionNotFound: () => failure(404, 'not_found', 'action not found'),
  noRoute: () => failure(404, 'not_found', 'not found'),
  invalidInput: (field: string, message: string) =>
    failure(400, 'invalid_input', `invalid input in field '${field}'`, {
      fields: [{ name: field, messages: [message] }],
    }),
  jsonError: () => failure(400, 'json_error', 'invalid JSON'),
  incorrectZoneMode: () => failure(422, 'incorrect_zone_mode', "This operation is not supported for this Zone's mode."),
  locked: () => failure(423, 'locked', 'Resource is locked by another action'),
  rateLimited: (resetAt: number) =>
    failure(
      429,
      'rate_limit_exceeded',
      `limit of ${RATE_LIMIT} requests per hour reached`,
      {},
      {
        'ratelimit-limit': String(RATE_LIMIT),
        'ratelimit-remaining': '0',
        'ratelimit-reset': String(resetAt),
      },
    ),
  serverError: () => failure(500, 'server_error', 'Error while processing the request'),
};

interface RRSet {
  readonly name: string;
  readonly type: string;
  ttl: number | null;
  records: { value: string; comment: string }[];
}

interface Zone {
  readonly id: number;
  readonly name: string;
  readonly mode: 'primary' | 'secondary';
  readonly mirror: boolean;
  readonly rrsets: Map<string, RRSet>;
}

interface ActionState {
  readonly id: number;
  readonly command: string;
  status: 'running' | 'success' | 'error';
  readonly zoneId: number;
  readonly error: { code: string; message: string } | null;
}

const fqdnOf = (name: string, zone: Zone) => (name === '@' ? zone.name : `${name}.${zone.name}`);

class HetznerState {
  readonly zones = new Map<number, Zone>();
  readonly tokens = new Map<string, HetznerTokenOptions>();
  readonly actions = new Map<number, ActionState>();
  readonly malformed: MalformedRequest[] = [];
  readonly rateLimits: { served: number; remaining: number; reset: number }[] = [];
  readonly actionFailures: { served: number; remaining: number }[] = [];
  mirroring = true;
  nextAction = 1;

  constructor(readonly options: FakeHetznerApiOptions) {
    for (const z of options.zones)
      this.zones.set(z.id, {
        id: z.id,
        name: z.name.toLowerCase(),
        mode: z.mode ?? 'primary',
        mirror: z.mirror ?? true,
        rrsets: new Map(),
      });
    for (const t of options.tokens) {
      if (!TOKEN_SHAPE.test(t.token))
        throw new Error(
          `hetzner endpoint: token "${t.token}" is not shaped like a Hetzner API token (64 letters and digits)`,
        );
      this.tokens.set(t.token, t);
    }
  }

  readonly admit = (request: FakeApiRequest): FakeApiReply | undefined => {
    const limit = this.rateLimits[0];
    if (limit) {
      limit.served += 1;
      limit.remaining -= 1;
      if (limit.remaining === 0) this.rateLimits.shift();
      return hetznerErrors.rateLimited(limit.reset);
    }
    const match = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '');
    if (!match) {
      this.malformed.push({ method: request.method, path: request.path, problem: 'no "Authorization: Bearer" header' });
      return hetznerErrors.unauthorized();
    }
    const token = this.tokens.get(match[1] ?? '');
    if (!token) return hetznerErrors.unauthorized();
    if (request.method !== 'GET' && token.permission === 'read') return hetznerErrors.tokenReadonly();
    return undefined;
  };

  tokenOf(request: FakeApiRequest): HetznerTokenOptions {
    const token = this.tokens.get((request.headers.authorization ?? '').replace(/^Bearer /, ''));
    if (!token) throw new Error('hetzner endpoint: a request reached a route without a known token');
    return token;
  }

  /** The zone named by ID or name in the path, if it is in the token's project. */
  zoneOf(request: FakeApiRequest): Zone | undefined {
    const key = (request.params.zone ?? '').toLowerCase();
    const zone = /^\d+$/.test(key) ? this.zones.get(Number(key)) : [...this.zones.values()].find((z) => z.name === key);
    const token = this.tokenOf(request);
    return zone && (token.zones === undefined || token.zones.includes(zone.name)) ? zone : undefined;
  }

  refuse(request: FakeApiRequest, reply: FakeApiReply, problem: string): FakeApiReply {
    this.malformed.push({ method: request.method, path: request.path, problem });
    return reply;
  }

  page<T>(request: FakeApiRequest, key: string, items: readonly T[]): FakeApiReply {
    const number = (name: string, fallback: number) => {
      const text = request.query.get(name);
      return text !== null && /^\d+$/.test(text) && Number(text) > 0 ? Number(text) : fallback;
    };
    const page = number('page', 1);
    const perPage = Math.min(number('per_page', 25), 50, this.options.maxPerPage ?? Infinity);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    return json(200, {
      [key]: items.slice((page - 1) * perPage, page * perPage),
      meta: {
        pagination: {
          page,
          per_page: perPage,
          previous_page: page > 1 ? page - 1 : null,
          next_page: page < last ? page + 1 : null,
          last_page: last,
          total_entries: items.length,
        },
      },
    });
  }

  readonly listZones = (request: FakeApiRequest): FakeApiReply => {
    const token = this.tokenOf(request);
    const name = request.query.get('name')?.toLowerCase();
    const zones = [...this.zones.values()]
      .filter((z) => token.zones === undefined || token.zones.includes(z.name))
      .filter((z) => name === undefined || z.name === name)
      .sort((a, b) => a.name.localeCompare(b.name));
    return this.page(request, 'zones', zones.map(zoneJson));
  };

  readonly getZone = (request: FakeApiRequest): FakeApiReply => {
    const zone = this.zoneOf(request);
    return zone ? json(200, { zone: zoneJson(zone) }) : hetznerErrors.zoneNotFound();
  };

  readonly listRRSets = (request: FakeApiRequest): FakeApiReply => {
    const zone = this.zoneOf(request);
    if (!zone) return hetznerErrors.zoneNotFound();
    const name = request.query.get('name');
    const type = request.query.get('type');
    const rrsets = [...zone.rrsets.values()].filter(
      (r) => (name === null || r.name === name) && (type === null || r.type === type),
    );
    return this.page(
      request,
      'rrsets',
      rrsets.map((r) => rrsetJson(r, zone)),
    );
  };

  readonly getRRSet = (request: FakeApiRequest): FakeApiReply => {
    const zone = this.zoneOf(request);
    if (!zone) return hetznerErrors.zoneNotFound();
    const rrset = zone.rrsets.get(`${request.params.name}/${request.params.type}`);
    return rrset ? json(200, { rrset: rrsetJson(rrset, zone) }) : hetznerErrors.rrsetNotFound();
  };

  readonly addRecords = (request: FakeApiRequest) => this.change(request, 'add');
  readonly removeRecords = (request: FakeApiRequest) => this.change(request, 'remove');

  async change(request: FakeApiRequest, kind: 'add' | 'remove'): Promise<FakeApiReply> {
    const zone = this.zoneOf(request);
    if (!zone) return hetznerErrors.zoneNotFound();
    if (zone.mode !== 'primary') return hetznerErrors.incorrectZoneMode();
    const { name = '', type = '' } = request.params;
    if (name !== '@' && !name.split('.').every((l) => /^(\*|[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)$/.test(l)))
      return this.refuse(request, hetznerErrors.invalidInput('name', 'invalid name'), `name "${name}"`);
    if (type !== 'TXT') return this.refuse(request, hetznerErrors.invalidInput('type', 'not modelled'), `type ${type}`);
    if (!/^application\/json/.test(request.headers['content-type'] ?? ''))
      return this.refuse(request, hetznerErrors.jsonError(), 'content type is not application/json');
    let body: { ttl?: unknown; records?: unknown };
    try {
      body = JSON.parse(request.body) as typeof body;
    } catch {
      return this.refuse(request, hetznerErrors.jsonError(), 'body is not JSON');
    }
    const records = body.records;
    if (!Array.isArray(records) || records.length === 0)
      return this.refuse(request, hetznerErrors.invalidInput('records', 'is required'), 'no records');
    const values: { value: string; comment: string }[] = [];
    for (const [i, item] of (records as unknown[]).entries()) {
      const { value, comment = '' } = (item ?? {}) as { value?: unknown; comment?: unknown };
      if (typeof value !== 'string' || !QUOTED_STRINGS.test(value) || /"(?:[^"\\]|\\.){256,}"/.test(value))
        return this.refuse(
          request,
          hetznerErrors.invalidInput(
            `records[${i}].value`,
            'TXT records must consist of quoted strings of up to 255 characters',
          ),
          `records[${i}].value ${JSON.stringify(value)}`,
        );
      values.push({ value, comment: typeof comment === 'string' ? comment : '' });
    }
    const ttl = body.ttl ?? null;
    if (kind === 'add' && ttl !== null && (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 60))
      return this.refuse(
        request,
        hetznerErrors.invalidInput('ttl', 'must be at least 60'),
        `ttl ${JSON.stringify(ttl)}`,
      );
    const failed = this.actionFailures[0];
    if (failed) {
      failed.served += 1;
      failed.remaining -= 1;
      if (failed.remaining === 0) this.actionFailures.shift();
      return json(201, {
        action: this.action(`${kind}_rrset_records`, zone, { code: 'action_failed', message: 'Action failed' }),
      });
    }
    const key = `${name}/${type}`;
    const rrset: RRSet = zone.rrsets.get(key) ?? { name, type, ttl: ttl as number | null, records: [] };
    const before = rrset.records;
    const change: TxtChange =
      kind === 'add'
        ? {
            add: values
              .filter((v) => !before.some((r) => r.value === v.value))
              .map((v) => ({ fqdn: fqdnOf(name, zone), value: unquoteTxt(v.value) })),
          }
        : {
            remove: values
              .filter((v) => before.some((r) => r.value === v.value))
              .map((v) => ({ fqdn: fqdnOf(name, zone), value: unquoteTxt(v.value) })),
          };
    // An RRSet holds each value once: adding one it holds changes nothing, removing one it lacks neither.
    rrset.records =
      kind === 'add'
        ? [
            ...before,
            ...values.filter(
              (v, i) => !before.some((r) => r.value === v.value) && values.findIndex((w) => w.value === v.value) === i,
            ),
          ]
        : before.filter((r) => !values.some((v) => v.value === r.value));
    if (rrset.records.length > 0) zone.rrsets.set(key, rrset);
    else zone.rrsets.delete(key);
    try {
      if (zone.mirror && this.mirroring && this.options.bind)
        await applyTxtToBind(this.options.bind.server, this.options.bind.tsig, change);
    } catch (error) {
      rrset.records = before;
      if (before.length > 0) zone.rrsets.set(key, rrset);
      else zone.rrsets.delete(key);
      throw error;
    }
    return json(201, { action: this.action(`${kind}_rrset_records`, zone, null) });
  }

  action(command: string, zone: Zone, error: { code: string; message: string } | null) {
    const action: ActionState = { id: this.nextAction++, command, status: 'running', zoneId: zone.id, error };
    this.actions.set(action.id, action);
    return actionJson(action);
  }

  /** An action runs until it is first polled, then ends as scripted. */
  readonly getAction = (request: FakeApiRequest): FakeApiReply => {
    const action = this.actions.get(Number(request.params.id));
    if (!action) return hetznerErrors.actionNotFound();
    const shown = actionJson(action);
    if (action.status === 'running') action.status = action.error ? 'error' : 'success';
    return json(200, { action: shown });
  };
}

function zoneJson(zone: Zone) {
  return {
    id: zone.id,
    name: zone.name,
    mode: zone.mode,
    status: 'ok',
    ttl: 3600,
    labels: {},
    protection: { delete: false },
    record_count: [...zone.rrsets.values()].reduce((n, r) => n + r.records.length, 0),
    authoritative_nameservers: {
      assigned: ['hydrogen.ns.hetzner.com.', 'oxygen.ns.hetzner.com.', 'helium.ns.hetzner.de.'],
    },
  };
}

function rrsetJson(rrset: RRSet, zone: Zone): HetznerRRSetJson & Record<string, unknown> {
  return {
    id: `${rrset.name}/${rrset.type}`,
    name: rrset.name,
    type: rrset.type,
    ttl: rrset.ttl,
    labels: {},
    protection: { change: false },
    records: rrset.records.map((r) => ({ ...r })),
    zone: zone.id,
  };
}

function actionJson(action: ActionState) {
  return {
    id: action.id,
    command: action.command,
    status: action.status,
    progress: action.status === 'running' ? 0 : 100,
    started: '2026-01-01T00:00:00+00:00',
    finished: action.status === 'running' ? null : '2026-01-01T00:00:01+00:00',
    resources: [{ id: action.zoneId, type: 'zone' }],
    error: action.status === 'error' ? action.error : null,
  };
}

/**
 * Starts the stand-in on 127.0.0.1. Routes, under `/v1`: `GET /zones`, `GET /zones/:zone`,
 * `GET /zones/:zone/rrsets`, `GET /zones/:zone/rrsets/:name/:type`,
 * `POST /zones/:zone/rrsets/:name/:type/actions/add_records` and `.../remove_records`, `GET /actions/:id`.
 */
export async function startFakeHetznerApi(options: FakeHetznerApiOptions): Promise<FakeHetznerApi> {
  const state = new HetznerState(options);
  const vendor = await startFakeApi({
    name: 'hetzner',
    auth: state.admit,
    unknownRoute: () => hetznerErrors.noRoute(),
    routes: [
      route(`GET ${API}/zones`, state.listZones),
      route(`GET ${API}/zones/:zone`, state.getZone),
      route(`GET ${API}/zones/:zone/rrsets`, state.listRRSets),
      route(`GET ${API}/zones/:zone/rrsets/:name/:type`, state.getRRSet),
      route(`POST ${API}/zones/:zone/rrsets/:name/:type/actions/add_records`, state.addRecords),
      route(`POST ${API}/zones/:zone/rrsets/:name/:type/actions/remove_records`, state.removeRecords),
      route(`GET ${API}/actions/:id`, state.getAction),
    ],
  });
  const zoneFor = (fqdn: string): { zone: Zone; name: string } => {
    const name = fqdn.toLowerCase().replace(/\.$/, '');
    const zone = [...state.zones.values()]
      .filter((z) => name === z.name || name.endsWith(`.${z.name}`))
      .sort((a, b) => b.name.length - a.name.length)[0];
    if (!zone) throw new Error(`hetzner endpoint: no zone holds ${fqdn}`);
    return { zone, name: name === zone.name ? '@' : name.slice(0, -(zone.name.length + 1)) };
  };
  return {
    url: `${vendor.url}${API}`,
    vendor,
    malformed: state.malformed,
    rrset(zoneName, name) {
      const zone = [...state.zones.values()].find((z) => z.name === zoneName);
      const rrset = zone?.rrsets.get(`${name}/TXT`);
      return zone && rrset ? rrsetJson(rrset, zone) : undefined;
    },
    txt(fqdn) {
      const { zone, name } = zoneFor(fqdn);
      return (zone.rrsets.get(`${name}/TXT`)?.records ?? []).map((r) => unquoteTxt(r.value));
    },
    async seedTxt(fqdn, value) {
      const { zone, name } = zoneFor(fqdn);
      if (!QUOTED_STRINGS.test(value)) throw new Error(`hetzner endpoint: seedTxt: ${value} is not quoted strings`);
      const key = `${name}/TXT`;
      const rrset = zone.rrsets.get(key) ?? { name, type: 'TXT', ttl: 300, records: [] };
      rrset.records = [...rrset.records, { value, comment: 'another tool' }];
      zone.rrsets.set(key, rrset);
      if (zone.mirror && state.mirroring && options.bind)
        await applyTxtToBind(options.bind.server, options.bind.tsig, {
          add: [{ fqdn: fqdnOf(name, zone), value: unquoteTxt(value) }],
        });
    },
    rateLimitNext(times, resetSeconds) {
      const limit = { served: 0, remaining: times, reset: Math.floor(Date.now() / 1000) + resetSeconds };
      state.rateLimits.push(limit);
      return limit;
    },
    failActionsNext(times) {
      const failure = { served: 0, remaining: times };
      state.actionFailures.push(failure);
      return failure;
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
      if (problems.length > 0) throw new Error(`hetzner endpoint: unexpected requests:\n  ${problems.join('\n  ')}`);
    },
    close: () => vendor.close(),
  };
}
