/**
 * A local stand-in for an Infoblox NIOS Grid Manager's WAPI (`/wapi/v2.x/`), for the infoblox
 * provider's tests: `zone_auth` and `record:txt` searches (filters, `_return_fields`, paging with
 * `_paging`, `_max_results`, `_return_as_object` and `_page_id`), `record:txt` create and delete
 * by reference, and the multiple-object `request`, run as one transaction. It answers as WAPI
 * does: HTTP basic authentication (a refusal is the web server's 401 page), errors as
 * `{"Error": "AdmCon…Error: …", "code": "Client.Ibap.…", "text": "…"}`, unknown objects and
 * arguments refused. It serves HTTPS only, with a certificate from its own private CA, as an
 * appliance does with its self-signed one: clients must be given `caFile`.
 *
 * Where the answers come from: the WAPI reference (`/wapidoc/`, objects `record:txt`,
 * `zone_auth`, `request`; paging) and error bodies users quote (IB.Data.Conflict "already
 * exists", "A parent was not found", AdmConDataNotFoundError for a view, "_return_as_object needs
 * to be enabled for paging requests"). Permission refusals and throttling are modelled on the
 * same shapes (a 403 `Client.Ibap.Auth`; 429 with Retry-After from the web server in front) and
 * not taken from an appliance.
 *
 * Accepted TXT writes are mirrored into the test bed's BIND, so Pebble validates through real
 * DNS. Requests WAPI refuses as malformed (a provider bug) are answered as WAPI does *and* listed
 * in `malformed`, so `assertNoUnexpectedRequests()` fails the test.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerAddress } from '../../../address.js';
import {
  json,
  route,
  startFakeApi,
  text,
  type FakeApi,
  type FakeApiReply,
  type FakeApiRequest,
  type ScriptedFailure,
} from '../../../../testing/fake-api-kit.js';
import { makeServerCertificate } from '../../../../testing/testbed.js';
import { applyTxtToBind, type TsigCredentials, type TxtChange } from '../../testing/bind-mirror.js';

export interface InfobloxZoneOptions {
  /** The zone's FQDN, such as `example.test`. */
  readonly fqdn: string;
  /** The DNS view that holds it; default `default`. */
  readonly view?: string;
  /** Mirror TXT writes to BIND (when `bind` is given); default true. */
  readonly mirror?: boolean;
}

export interface InfobloxUserOptions {
  readonly username: string;
  readonly password: string;
  /** Zones (FQDNs) the user's admin group has permissions on; `all`: every zone. */
  readonly zones: 'all' | readonly string[];
  /** Read/Write on the TXT records of those zones; default false (Read-Only). */
  readonly write?: boolean;
}

export interface FakeInfobloxApiOptions {
  readonly zones: readonly InfobloxZoneOptions[];
  readonly users: readonly InfobloxUserOptions[];
  /** DNS views besides those of the zones (a view with no zone). */
  readonly views?: readonly string[];
  /** The WAPI versions served; default 2.0 to 2.13. */
  readonly versions?: readonly string[];
  /** The test bed's BIND, to mirror TXT writes into. */
  readonly bind?: { readonly server: ServerAddress; readonly tsig: TsigCredentials };
  /** Caps `_max_results` of a paged search, so clients must follow `next_page_id`. */
  readonly maxPageSize?: number;
  /**
   * false: a multiple-object request that fails keeps what its operations before the failing one
   * did (the provider must not count on the rollback); default true, all or nothing.
   */
  readonly atomicRequests?: boolean;
}

/** A `record:txt` as the fake holds it. */
export interface InfobloxTxtRecord {
  readonly _ref: string;
  readonly name: string;
  readonly text: string;
  readonly view: string;
  readonly ttl?: number;
  readonly use_ttl: boolean;
  readonly comment?: string;
}

export interface MalformedRequest {
  readonly method: string;
  readonly path: string;
  readonly problem: string;
}

export interface FakeInfobloxApi {
  /** `127.0.0.1`: what `infoblox-host` is set to. */
  readonly host: string;
  readonly port: number;
  /** The PEM of the CA that signed the fake's certificate, and a file holding it (`infoblox-ca-file`). */
  readonly caPem: string;
  readonly caFile: string;
  readonly vendor: FakeApi;
  readonly malformed: readonly MalformedRequest[];
  /** Every `record:txt`, in order of creation. */
  records(): InfobloxTxtRecord[];
  /** The TXT values at `fqdn` in any view, unquoted. */
  txt(fqdn: string): string[];
  /** Adds a TXT record no client created (a foreign one, `text` as another tool wrote it), mirrored to BIND; returns its reference. */
  seedTxt(fqdn: string, text: string, view?: string): Promise<string>;
  /** The next `times` requests, to any path and before authentication, get 429 with `retry-after: <seconds>`. */
  rateLimitNext(times: number, retryAfterSeconds: number): ScriptedFailure;
  setMirroring(on: boolean): void;
  assertNoUnexpectedRequests(): void;
  close(): Promise<void>;
}

// WAPI's answers

function wapiError(status: number, error: string, code: string, detail: string): FakeApiReply {
  return json(status, { Error: `${error}: ${detail}`, code, text: detail });
}

export const infobloxErrors = {
  /** Basic authentication refused: the web server's page, not WAPI JSON. */
  unauthorized: () =>
    text(
      401,
      '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head><title>401 Authorization Required</title></head>' +
        '<body><h1>Authorization Required</h1></body></html>',
      { 'content-type': 'text/html; charset=iso-8859-1', 'www-authenticate': 'Basic realm="InfoBlox ONE Platform"' },
    ),
  unknownObject: (object: string) =>
    wapiError(400, 'AdmConProtoError', 'Client.Ibap.Proto', `Unknown object type (${object})`),
  unknownArgument: (name: string) =>
    wapiError(400, 'AdmConProtoError', 'Client.Ibap.Proto', `Unknown argument/field: '${name}'`),
  badVersion: (version: string) =>
    wapiError(400, 'AdmConProtoError', 'Client.Ibap.Proto', `Unsupported WAPI version: ${version}`),
  pagingNeedsObject: () =>
    wapiError(
      400,
      'AdmConProtoError',
      'Client.Ibap.Proto',
      '_return_as_object needs to be enabled for paging requests.',
    ),
  tooLarge: (max: number) => wapiError(400, 'AdmConProtoError', 'Client.Ibap.Proto', `Result set too large (> ${max})`),
  badJson: (why: string) =>
    wapiError(400, 'AdmConProtoError', 'Client.Ibap.Proto.JSONDecoding', `JSON Decoding: ${why}`),
  fieldRequired: (field: string) =>
    wapiError(400, 'AdmConProtoError', 'Client.Ibap.Proto', `Field is not writable or missing: ${field}`),
  badValue: (field: string, value: unknown) =>
    wapiError(400, 'AdmConProtoError', 'Client.Ibap.Proto', `Invalid value for ${field}: ${JSON.stringify(value)}`),
  viewNotFound: (view: string) =>
    wapiError(400, 'AdmConDataNotFoundError', 'Client.Ibap.Data.NotFound', `View ${view} not found`),
  refNotFound: (ref: string) =>
    wapiError(404, 'AdmConDataNotFoundError', 'Client.Ibap.Data.NotFound', `Reference ${ref} not found`),
  duplicate: (name: string) =>
    json(400, {
      Error: `AdmConDataError: None (IBDataConflictError: IB.Data.Conflict:The record '${name}' already exists.)`,
      code: 'Client.Ibap.Data.Conflict',
      text: `The record '${name}' already exists.`,
    }),
  noParent: () =>
    json(400, {
      Error:
        'AdmConDataError: None (IBDataConflictError: IB.Data.Conflict:The action is not allowed. A parent was not found.)',
      code: 'Client.Ibap.Data.Conflict',
      text: 'The action is not allowed. A parent was not found.',
    }),
  /** A write the user's admin group has no Read/Write permission for (modelled, see the file's comment). */
  noWritePermission: (name: string) =>
    wapiError(
      403,
      'AdmConAuthError',
      'Client.Ibap.Auth',
      `Write permission denied for record:txt '${name}' (no Read/Write permission on the zone)`,
    ),
  rateLimited: (retryAfterSeconds: number) =>
    text(429, '429 Too Many Requests', { 'retry-after': String(retryAfterSeconds) }),
};

// Shapes

const DEFAULT_VERSIONS = Array.from({ length: 14 }, (_, i) => `2.${i}`);
const TXT_DEFAULT_FIELDS = ['name', 'text', 'view'];
const TXT_FIELDS = new Set(['name', 'text', 'view', 'ttl', 'use_ttl', 'comment', 'zone', 'disable', 'creator']);
const TXT_WRITABLE = new Set(['name', 'text', 'view', 'ttl', 'use_ttl', 'comment', 'disable', 'creator', 'extattrs']);
const ZONE_FIELDS = new Set(['fqdn', 'view', 'comment', 'zone_format']);
const SEARCH_ARGS = new Set([
  '_return_fields',
  '_return_fields+',
  '_max_results',
  '_paging',
  '_return_as_object',
  '_page_id',
]);
const REQUEST_KEYS = new Set(['method', 'object', 'data', 'args', 'enable_substitution', 'assign_state', 'discard']);
/** The bed's resolver must not hold a stale answer long. */
const BIND_TTL = 60;
const DEFAULT_MAX_RESULTS = 1000;

function normalized(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

/** The DNS value of WAPI `text`: quoted strings are unquoted and joined; unquoted text is the value. */
function txtValue(raw: string): string {
  const trimmed = raw.trim();
  if (!trimmed.startsWith('"')) return raw;
  const strings: string[] = [];
  const quoted = /"((?:[^"\\]|\\.)*)"\s*/y;
  let end = 0;
  for (let match = quoted.exec(trimmed); match; match = quoted.exec(trimmed)) {
    strings.push((match[1] ?? '').replace(/\\(.)/g, '$1'));
    end = quoted.lastIndex;
  }
  return end === trimmed.length ? strings.join('') : raw;
}

interface Zone {
  readonly fqdn: string;
  readonly view: string;
  readonly mirror: boolean;
}

interface User {
  readonly password: string;
  readonly zones: 'all' | ReadonlySet<string>;
  readonly write: boolean;
}

interface StoredTxt extends InfobloxTxtRecord {
  readonly zone: Zone;
}

interface Refusal {
  readonly refusal: FakeApiReply;
  readonly problem?: string;
}

function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && 'refusal' in value;
}

/** One operation of a transaction, staged; applied only when every one of them passed. */
type Staged = { add: StoredTxt } | { remove: StoredTxt };

class Grid {
  readonly zones: Zone[];
  readonly views: Set<string>;
  readonly users = new Map<string, User>();
  readonly records = new Map<string, StoredTxt>();
  readonly malformed: MalformedRequest[] = [];
  readonly pages = new Map<string, { items: unknown[]; at: number; size: number }>();
  readonly rateLimits: { served: number; remaining: number; retryAfter: number }[] = [];
  mirroring = true;

  constructor(readonly options: FakeInfobloxApiOptions) {
    this.zones = options.zones.map((z) => ({
      fqdn: normalized(z.fqdn),
      view: z.view ?? 'default',
      mirror: z.mirror ?? true,
    }));
    this.views = new Set(['default', ...(options.views ?? []), ...this.zones.map((z) => z.view)]);
    for (const user of options.users)
      this.users.set(user.username, {
        password: user.password,
        zones: user.zones === 'all' ? 'all' : new Set(user.zones.map(normalized)),
        write: user.write ?? false,
      });
  }

  /** Throttling first (the web server in front), then basic authentication. */
  readonly admit = (request: FakeApiRequest): FakeApiReply | undefined => {
    const limit = this.rateLimits[0];
    if (limit) {
      limit.served += 1;
      limit.remaining -= 1;
      if (limit.remaining === 0) this.rateLimits.shift();
      return infobloxErrors.rateLimited(limit.retryAfter);
    }
    const user = this.userOf(request);
    if (!user) return infobloxErrors.unauthorized();
    const version = request.path.split('/')[2] ?? '';
    if (!(this.options.versions ?? DEFAULT_VERSIONS).includes(version.replace(/^v/, '')))
      return infobloxErrors.badVersion(version);
    return undefined;
  };

  userOf(request: FakeApiRequest): User | undefined {
    const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(request.headers.authorization ?? '');
    if (!match) return undefined;
    const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
    const at = decoded.indexOf(':');
    const user = this.users.get(decoded.slice(0, at));
    return at > 0 && user?.password === decoded.slice(at + 1) ? user : undefined;
  }

  sees(user: User, zone: Zone): boolean {
    return user.zones === 'all' || user.zones.has(zone.fqdn);
  }

  /** The most specific zone of `view` that holds `name`. */
  zoneOf(name: string, view: string): Zone | undefined {
    return this.zones
      .filter((z) => z.view === view && (name === z.fqdn || name.endsWith(`.${z.fqdn}`)))
      .sort((a, b) => b.fqdn.length - a.fqdn.length)[0];
  }

  readonly searchZones = (request: FakeApiRequest): FakeApiReply => {
    const user = this.userOf(request) as User;
    const query = this.searchQuery(request, ZONE_FIELDS, ['fqdn', 'view']);
    if (isRefusal(query)) return this.refuse(request, query);
    const view = query.filters.view;
    if (view !== undefined && !this.views.has(view)) return infobloxErrors.viewNotFound(view);
    const found = this.zones
      .filter((z) => this.sees(user, z))
      .filter((z) => query.filters.fqdn === undefined || z.fqdn === normalized(query.filters.fqdn))
      .filter((z) => view === undefined || z.view === view)
      .map((z) =>
        this.project(
          { _ref: `zone_auth/${refId(`zone ${z.fqdn} ${z.view}`)}:${z.fqdn}/${z.view}`, fqdn: z.fqdn, view: z.view },
          query.fields,
        ),
      );
    return this.answerSearch(request, found, query);
  };

  readonly searchTxt = (request: FakeApiRequest): FakeApiReply => {
    const user = this.userOf(request) as User;
    const query = this.searchQuery(request, TXT_FIELDS, ['name', 'view', 'text', 'zone', 'comment']);
    if (isRefusal(query)) return this.refuse(request, query);
    const { name, view, text: wanted, zone } = query.filters;
    if (view !== undefined && !this.views.has(view)) return infobloxErrors.viewNotFound(view);
    const found = [...this.records.values()]
      .filter((r) => this.sees(user, r.zone))
      .filter((r) => name === undefined || r.name === normalized(name))
      .filter((r) => view === undefined || r.view === view)
      .filter((r) => wanted === undefined || r.text === wanted)
      .filter((r) => zone === undefined || r.zone.fqdn === normalized(zone))
      .map((r) => this.project(txtJson(r), query.fields));
    return this.answerSearch(request, found, query);
  };

  readonly createTxt = async (request: FakeApiRequest): Promise<FakeApiReply> => {
    const user = this.userOf(request) as User;
    const args = this.args(request, new Set(['_return_fields', '_return_fields+']));
    if (isRefusal(args)) return this.refuse(request, args);
    const body = parseBody(request);
    if (isRefusal(body)) return this.refuse(request, body);
    const staged = this.stageCreate(user, body, [...this.records.values()]);
    if (isRefusal(staged)) return this.refuse(request, staged);
    await this.commit([{ add: staged }]);
    return json(201, this.createdAnswer(staged, args._return_fields));
  };

  readonly deleteTxt = async (request: FakeApiRequest): Promise<FakeApiReply> => {
    const user = this.userOf(request) as User;
    const ref = `record:txt/${request.params.id ?? ''}/${request.params.view ?? ''}`;
    const staged = this.stageDelete(user, ref, this.records);
    if (isRefusal(staged)) return this.refuse(request, staged);
    await this.commit([{ remove: staged }]);
    return json(200, ref);
  };

  readonly getTxt = (request: FakeApiRequest): FakeApiReply => {
    const user = this.userOf(request) as User;
    const ref = `record:txt/${request.params.id ?? ''}/${request.params.view ?? ''}`;
    const record = this.records.get(ref);
    if (!record || !this.sees(user, record.zone)) return infobloxErrors.refNotFound(ref);
    return json(200, txtJson(record));
  };

  /**
   * `POST request`: a list of operations run in order as one transaction. Any refusal refuses
   * the whole request, with that operation's error, and changes nothing.
   */
  readonly multiple = async (request: FakeApiRequest): Promise<FakeApiReply> => {
    const user = this.userOf(request) as User;
    if ([...request.query.keys()].length > 0)
      return this.refuse(request, {
        refusal: infobloxErrors.unknownArgument([...request.query.keys()][0] ?? ''),
        problem: 'request takes no URI arguments',
      });
    const body = parseBody(request);
    if (isRefusal(body)) return this.refuse(request, body);
    if (!Array.isArray(body))
      return this.refuse(request, {
        refusal: infobloxErrors.badValue('request', body),
        problem: 'expected a list of operations (a multiple object body request)',
      });
    const view = new Map(this.records);
    const staged: Staged[] = [];
    const results: unknown[] = [];
    for (const item of body as unknown[]) {
      const operation = item as Record<string, unknown> | null;
      const unknown = Object.keys(operation ?? {}).find((key) => !REQUEST_KEYS.has(key));
      if (operation === null || typeof operation !== 'object' || unknown !== undefined)
        return this.refuse(request, {
          refusal: infobloxErrors.unknownArgument(unknown ?? 'request'),
          problem: `operation ${JSON.stringify(item)}`,
        });
      const {
        method,
        object,
        data,
        args = {},
      } = operation as { method?: unknown; object?: unknown; data?: unknown; args?: Record<string, unknown> };
      if (method === 'POST' && object === 'record:txt') {
        const extra = Object.keys(args).find((key) => !['_return_fields', '_return_fields+'].includes(key));
        if (extra !== undefined)
          return this.refuse(request, { refusal: infobloxErrors.unknownArgument(extra), problem: `args ${extra}` });
        const add = this.stageCreate(user, data, [...view.values()]);
        if (isRefusal(add)) return this.failMultiple(request, add, staged);
        view.set(add._ref, add);
        staged.push({ add });
        results.push(
          this.createdAnswer(add, typeof args._return_fields === 'string' ? args._return_fields : undefined),
        );
      } else if (method === 'DELETE' && typeof object === 'string') {
        if (!object.startsWith('record:txt/'))
          return this.refuse(request, {
            refusal: infobloxErrors.refNotFound(object),
            problem: `deleting ${object}, not a record:txt`,
          });
        const remove = this.stageDelete(user, object, view);
        if (isRefusal(remove)) return this.failMultiple(request, remove, staged);
        view.delete(object);
        staged.push({ remove });
        results.push(object);
      } else {
        return this.refuse(request, {
          refusal: infobloxErrors.badValue('method', method),
          problem: `operation ${String(method)} ${String(object)} is not modelled`,
        });
      }
    }
    await this.commit(staged);
    return json(200, results);
  };

  /** A refused operation of a multiple-object request: nothing changes, or (not atomic) what came before it stays. */
  async failMultiple(request: FakeApiRequest, refusal: Refusal, staged: readonly Staged[]): Promise<FakeApiReply> {
    if (this.options.atomicRequests === false) await this.commit(staged);
    return this.refuse(request, refusal);
  }

  stageCreate(user: User, body: unknown, existing: readonly StoredTxt[]): StoredTxt | Refusal {
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      return { refusal: infobloxErrors.badValue('data', body), problem: 'the record is not a JSON object' };
    const data = body as Record<string, unknown>;
    const unknown = Object.keys(data).find((key) => !TXT_WRITABLE.has(key));
    if (unknown !== undefined) return { refusal: infobloxErrors.unknownArgument(unknown), problem: `field ${unknown}` };
    if (typeof data.name !== 'string' || data.name.trim() === '')
      return { refusal: infobloxErrors.fieldRequired('name'), problem: 'no name' };
    if (typeof data.text !== 'string') return { refusal: infobloxErrors.fieldRequired('text'), problem: 'no text' };
    if (
      data.ttl !== undefined &&
      (!Number.isInteger(data.ttl) || (data.ttl as number) < 0 || (data.ttl as number) > 4_294_967_295)
    )
      return { refusal: infobloxErrors.badValue('ttl', data.ttl), problem: `ttl ${JSON.stringify(data.ttl)}` };
    if (data.use_ttl !== undefined && typeof data.use_ttl !== 'boolean')
      return {
        refusal: infobloxErrors.badValue('use_ttl', data.use_ttl),
        problem: `use_ttl ${JSON.stringify(data.use_ttl)}`,
      };
    const view =
      data.view === undefined ? 'default' : typeof data.view === 'string' ? data.view : JSON.stringify(data.view);
    if (!this.views.has(view)) return { refusal: infobloxErrors.viewNotFound(view) };
    const name = normalized(data.name);
    if (/[\s"\\]/.test(name))
      return { refusal: infobloxErrors.badValue('name', data.name), problem: `name ${data.name}` };
    const zone = this.zoneOf(name, view);
    if (!zone || !this.sees(user, zone)) return { refusal: infobloxErrors.noParent() };
    if (!user.write) return { refusal: infobloxErrors.noWritePermission(name) };
    if (existing.some((r) => r.name === name && r.view === view && r.text === data.text))
      return { refusal: infobloxErrors.duplicate(name) };
    return {
      _ref: `record:txt/${refId(`${name} ${view} ${data.text} ${randomBytes(4).toString('hex')}`)}:${name}/${view}`,
      name,
      text: data.text,
      view,
      ...(typeof data.ttl === 'number' ? { ttl: data.ttl } : {}),
      use_ttl: data.use_ttl === true || (data.use_ttl === undefined && data.ttl !== undefined),
      ...(typeof data.comment === 'string' ? { comment: data.comment } : {}),
      zone,
    };
  }

  stageDelete(user: User, ref: string, records: ReadonlyMap<string, StoredTxt>): StoredTxt | Refusal {
    const record = records.get(ref);
    if (!record || !this.sees(user, record.zone)) return { refusal: infobloxErrors.refNotFound(ref) };
    if (!user.write) return { refusal: infobloxErrors.noWritePermission(record.name) };
    return record;
  }

  createdAnswer(record: StoredTxt, fields: string | undefined): unknown {
    if (fields === undefined) return record._ref;
    return this.project(
      txtJson(record),
      fields.split(',').filter((f) => f !== ''),
    );
  }

  /** Applies a transaction, then mirrors it; undone if BIND refuses, so the two never disagree. */
  async commit(staged: readonly Staged[]): Promise<void> {
    for (const op of staged) if ('add' in op) this.records.set(op.add._ref, op.add);
    for (const op of staged) if ('remove' in op) this.records.delete(op.remove._ref);
    const mirrored = (r: StoredTxt) => r.zone.mirror && this.mirroring && this.options.bind !== undefined;
    const change: TxtChange = {
      remove: staged.flatMap((op) =>
        'remove' in op && mirrored(op.remove) ? [{ fqdn: op.remove.name, value: txtValue(op.remove.text) }] : [],
      ),
      add: staged.flatMap((op) =>
        'add' in op && mirrored(op.add) ? [{ fqdn: op.add.name, value: txtValue(op.add.text), ttl: BIND_TTL }] : [],
      ),
    };
    if (!this.options.bind || (change.add?.length ?? 0) + (change.remove?.length ?? 0) === 0) return;
    try {
      await applyTxtToBind(this.options.bind.server, this.options.bind.tsig, change);
    } catch (error) {
      for (const op of staged) if ('add' in op) this.records.delete(op.add._ref);
      for (const op of staged) if ('remove' in op) this.records.set(op.remove._ref, op.remove);
      throw error;
    }
  }

  /** The filters and arguments of a search, checked as WAPI checks them. */
  searchQuery(
    request: FakeApiRequest,
    fields: ReadonlySet<string>,
    searchable: readonly string[],
  ): { filters: Record<string, string>; fields: string[]; paging: boolean; max: number; pageId?: string } | Refusal {
    const filters: Record<string, string> = {};
    for (const [key, value] of request.query) {
      if (SEARCH_ARGS.has(key)) continue;
      if (!searchable.includes(key))
        return { refusal: infobloxErrors.unknownArgument(key), problem: `search argument ${key}` };
      filters[key] = value;
    }
    const asked = request.query.get('_return_fields');
    const chosen = asked === null ? [] : asked.split(',').filter((f) => f !== '');
    const bad = chosen.find((f) => !fields.has(f));
    if (bad !== undefined) return { refusal: infobloxErrors.unknownArgument(bad), problem: `return field ${bad}` };
    const paging = request.query.get('_paging') === '1';
    const pageId = request.query.get('_page_id') ?? undefined;
    if ((paging || pageId !== undefined) && request.query.get('_return_as_object') !== '1' && pageId === undefined)
      return { refusal: infobloxErrors.pagingNeedsObject(), problem: 'paging without _return_as_object=1' };
    const maxText = request.query.get('_max_results');
    const max = maxText === null ? DEFAULT_MAX_RESULTS : Math.abs(Number(maxText));
    if (!Number.isInteger(max) || max === 0)
      return { refusal: infobloxErrors.badValue('_max_results', maxText), problem: `_max_results ${maxText}` };
    return {
      filters,
      fields: asked === null ? TXT_DEFAULT_FIELDS : chosen,
      paging,
      max,
      ...(pageId ? { pageId } : {}),
    };
  }

  answerSearch(
    request: FakeApiRequest,
    found: unknown[],
    query: { paging: boolean; max: number; pageId?: string },
  ): FakeApiReply {
    if (query.pageId !== undefined) {
      const cursor = this.pages.get(query.pageId);
      if (!cursor)
        return this.refuse(request, {
          refusal: infobloxErrors.badValue('_page_id', query.pageId),
          problem: 'unknown _page_id',
        });
      this.pages.delete(query.pageId);
      return this.page(cursor.items, cursor.at, cursor.size);
    }
    const asObject = request.query.get('_return_as_object') === '1';
    if (query.paging) return this.page(found, 0, Math.min(query.max, this.options.maxPageSize ?? Infinity));
    if (found.length > query.max) return infobloxErrors.tooLarge(query.max);
    return json(200, asObject ? { result: found } : found);
  }

  page(items: unknown[], at: number, size: number): FakeApiReply {
    const result = items.slice(at, at + size);
    if (at + size >= items.length) return json(200, { result });
    const id = randomBytes(18).toString('base64url');
    this.pages.set(id, { items, at: at + size, size });
    return json(200, { result, next_page_id: id });
  }

  project(object: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
    const entries: [string, unknown][] = [
      ['_ref', object._ref],
      ...fields.filter((f) => f in object).map((f): [string, unknown] => [f, object[f]]),
    ];
    return Object.fromEntries(entries);
  }

  args(request: FakeApiRequest, allowed: ReadonlySet<string>): Record<string, string> | Refusal {
    const extra = [...request.query.keys()].find((key) => !allowed.has(key));
    if (extra !== undefined) return { refusal: infobloxErrors.unknownArgument(extra), problem: `argument ${extra}` };
    return Object.fromEntries(request.query);
  }

  refuse(request: FakeApiRequest, { refusal, problem }: Refusal): FakeApiReply {
    if (problem !== undefined) this.malformed.push({ method: request.method, path: request.path, problem });
    return refusal;
  }
}

function refId(seed: string): string {
  return Buffer.from(`dns.bind_txt$.${seed}`).toString('base64url');
}

function txtJson(record: StoredTxt): Record<string, unknown> {
  return {
    _ref: record._ref,
    name: record.name,
    text: record.text,
    view: record.view,
    ttl: record.ttl,
    use_ttl: record.use_ttl,
    comment: record.comment,
    zone: record.zone.fqdn,
    disable: false,
    creator: 'STATIC',
  };
}

function parseBody(request: FakeApiRequest): unknown {
  const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json')
    return { refusal: infobloxErrors.badJson('expected application/json'), problem: `content type ${String(type)}` };
  try {
    return JSON.parse(request.body) as unknown;
  } catch {
    return { refusal: infobloxErrors.badJson('not valid JSON'), problem: 'body is not JSON' };
  }
}

/**
 * Starts the stand-in on 127.0.0.1 over HTTPS. Routes, under `/wapi/v<version>`: `GET zone_auth`,
 * `GET record:txt`, `POST record:txt`, `GET` and `DELETE record:txt/<id>:<name>/<view>`, `POST request`.
 */
export async function startFakeInfobloxApi(options: FakeInfobloxApiOptions): Promise<FakeInfobloxApi> {
  const grid = new Grid(options);
  const { caPem, certPem, keyPem } = await makeServerCertificate(
    'CN=certwright fake Infoblox grid CA',
    'CN=localhost',
    30,
  );
  const dir = await mkdtemp(join(tmpdir(), 'certwright-infoblox-'));
  const caFile = join(dir, 'grid-ca.pem');
  await writeFile(caFile, caPem);
  const vendor = await startFakeApi({
    name: 'infoblox',
    tls: { certPem, keyPem },
    auth: grid.admit,
    unknownRoute: (request) => {
      const object = decodeURIComponent(request.path.split('/').slice(3).join('/'));
      return infobloxErrors.unknownObject(object);
    },
    routes: [
      route('GET /wapi/:version/zone_auth', grid.searchZones),
      route('GET /wapi/:version/record:txt', grid.searchTxt),
      route('POST /wapi/:version/record:txt', grid.createTxt),
      route('GET /wapi/:version/record:txt/:id/:view', grid.getTxt),
      route('DELETE /wapi/:version/record:txt/:id/:view', grid.deleteTxt),
      route('POST /wapi/:version/request', grid.multiple),
    ],
  });
  const port = Number(new URL(vendor.url).port);
  return {
    host: '127.0.0.1',
    port,
    caPem,
    caFile,
    vendor,
    malformed: grid.malformed,
    records: () => [...grid.records.values()].map(({ zone: _zone, ...record }) => record),
    txt: (fqdn) => [...grid.records.values()].filter((r) => r.name === normalized(fqdn)).map((r) => txtValue(r.text)),
    async seedTxt(fqdn, text, view = 'default') {
      const record = grid.stageCreate(
        { password: '', zones: 'all', write: true },
        { name: fqdn, text, view, ttl: 300, use_ttl: true },
        [...grid.records.values()],
      );
      if (isRefusal(record)) throw new Error(`infoblox endpoint: seedTxt: refused (${record.refusal.body ?? ''})`);
      await grid.commit([{ add: record }]);
      return record._ref;
    },
    rateLimitNext(times, retryAfterSeconds) {
      const limit = { served: 0, remaining: times, retryAfter: retryAfterSeconds };
      grid.rateLimits.push(limit);
      return limit;
    },
    setMirroring(on) {
      grid.mirroring = on;
    },
    assertNoUnexpectedRequests() {
      const problems = [
        ...vendor.unmatched.map((r) => `no route for ${r.method} ${r.path}`),
        ...vendor.checkFailures.map((f) => f.message),
        ...grid.malformed.map((m) => `malformed ${m.method} ${m.path}: ${m.problem}`),
      ];
      if (problems.length > 0) throw new Error(`infoblox endpoint: unexpected requests:\n  ${problems.join('\n  ')}`);
    },
    close: () => vendor.close(),
  };
}
