/**
 * A local httpreq backend for the httpreq provider's tests: the server side of lego's httpreq
 * protocol as a careful backend implements it. `POST <base>/present` adds the value at the name,
 * `POST <base>/cleanup` removes exactly that value (and answers 200 when it is already gone);
 * optional basic authentication answers 401 with a `WWW-Authenticate` challenge. Bodies lego would
 * never send (not JSON, no trailing dot on the name, an empty value) are refused with 400 *and*
 * listed in `malformed`, so `assertNoUnexpectedRequests()` fails the test.
 *
 * Every accepted change is mirrored into the test bed's BIND (`applyTxtToBind`), so Pebble
 * validates through real DNS. Failures, throttling and slow answers can be scripted.
 */
import { timingSafeEqual } from 'node:crypto';
import type { ServerAddress } from '../../../address.js';
import {
  json,
  route,
  startFakeApi,
  text,
  type ScriptedFailure,
  type FakeApi,
  type FakeApiReply,
  type FakeApiRequest,
} from '../../../../testing/fake-api-kit.js';
import { applyTxtToBind, type TsigCredentials } from '../../testing/bind-mirror.js';

export type HttpreqAction = 'present' | 'cleanup';

export interface FakeHttpreqApiOptions {
  /** Require basic authentication with these. */
  readonly basicAuth?: { readonly username: string; readonly password: string };
  /** The path the two routes live under, such as `/acme` (so the base URL has a path); default none. */
  readonly basePath?: string;
  /** The test bed's BIND, to mirror the values into. Without it nothing is mirrored. */
  readonly bind?: { readonly server: ServerAddress; readonly tsig: TsigCredentials };
  readonly tls?: { readonly certPem: string; readonly keyPem: string };
}

export interface MalformedRequest {
  readonly method: string;
  readonly path: string;
  readonly problem: string;
}

export interface FakeHttpreqApi {
  /** The base URL to give as httpreq-endpoint, such as `http://127.0.0.1:41234/acme`. */
  readonly url: string;
  readonly vendor: FakeApi;
  readonly malformed: readonly MalformedRequest[];
  /** The values the backend holds at `fqdn`, in order of arrival. */
  txt(fqdn: string): string[];
  /** Adds a value no client sent (a foreign one), mirrored to BIND like any other. */
  seedTxt(fqdn: string, value: string): Promise<void>;
  /** The next `times` requests of `action` that pass authentication get `reply`. */
  failNext(action: HttpreqAction, reply: FakeApiReply, times?: number): ScriptedFailure;
  /** The next `times` requests of `action` get 429 with `Retry-After: <seconds>`. */
  throttleNext(action: HttpreqAction, times: number, retryAfterSeconds: number): ScriptedFailure;
  /** The next `times` requests of `action` are answered `ms` late. */
  stallNext(action: HttpreqAction, times: number, ms: number): void;
  /** Present and cleanup requests carried out so far. */
  writeCount(): number;
  /** Off: changes are kept here but never reach BIND (a validation that must fail). */
  setMirroring(on: boolean): void;
  /** Throws, listing them, if any request was unmatched, failed a check or was malformed. */
  assertNoUnexpectedRequests(): void;
  close(): Promise<void>;
}

function normalized(fqdn: string): string {
  return fqdn.trim().toLowerCase().replace(/\.$/, '');
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

class Backend {
  readonly values = new Map<string, string[]>();
  readonly malformed: MalformedRequest[] = [];
  readonly stalls: Record<HttpreqAction, { times: number; ms: number }[]> = { present: [], cleanup: [] };
  mirroring = true;
  writes = 0;

  constructor(readonly options: FakeHttpreqApiOptions) {}

  admit = (request: FakeApiRequest): FakeApiReply | undefined => {
    const auth = this.options.basicAuth;
    if (!auth) return undefined;
    const match = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(String(request.headers.authorization ?? ''));
    const given = match ? Buffer.from(match[1] as string, 'base64').toString('utf8') : '';
    if (match && sameSecret(given, `${auth.username}:${auth.password}`)) return undefined;
    return text(401, 'Unauthorized', { 'www-authenticate': 'Basic realm="httpreq"' });
  };

  handler(action: HttpreqAction) {
    return async (request: FakeApiRequest): Promise<FakeApiReply> => {
      const stall = this.stalls[action][0];
      if (stall) {
        if (--stall.times === 0) this.stalls[action].shift();
        await new Promise((resolve) => setTimeout(resolve, stall.ms));
      }
      const message = this.parse(request);
      if ('refusal' in message) return message.refusal;
      if (action === 'present') await this.add(message.fqdn, message.value);
      else await this.remove(message.fqdn, message.value);
      this.writes += 1;
      return json(200, { fqdn: message.fqdn, value: message.value });
    };
  }

  /** lego sends `{"fqdn": "<name>.", "value": "<value>"}` as JSON. */
  parse(request: FakeApiRequest): { fqdn: string; value: string } | { refusal: FakeApiReply } {
    const refuse = (problem: string) => {
      this.malformed.push({ method: request.method, path: request.path, problem });
      return { refusal: text(400, `bad request: ${problem}`) };
    };
    const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json')
      return refuse(
        `content type ${JSON.stringify(request.headers['content-type'] ?? null)}, expected application/json`,
      );
    let body: unknown;
    try {
      body = JSON.parse(request.body);
    } catch {
      return refuse(`body is not JSON: ${request.body.slice(0, 100)}`);
    }
    const { fqdn, value, ...extra } = (typeof body === 'object' && body !== null ? body : {}) as Record<
      string,
      unknown
    >;
    if (typeof fqdn !== 'string' || !/^[A-Za-z0-9_*-]+(\.[A-Za-z0-9_-]+)+\.$/.test(fqdn))
      return refuse(`fqdn ${JSON.stringify(fqdn)} is not a name with a trailing dot`);
    if (typeof value !== 'string' || value === '')
      return refuse(`value ${JSON.stringify(value)} is not a non-empty string`);
    if (Object.keys(extra).length > 0) return refuse(`unexpected fields ${Object.keys(extra).join(', ')}`);
    return { fqdn: normalized(fqdn), value };
  }

  async add(fqdn: string, value: string): Promise<void> {
    const values = this.values.get(fqdn) ?? [];
    if (values.includes(value)) return;
    this.values.set(fqdn, [...values, value]);
    await this.mirror({ add: [{ fqdn, value }] });
  }

  async remove(fqdn: string, value: string): Promise<void> {
    const values = this.values.get(fqdn) ?? [];
    if (!values.includes(value)) return;
    this.values.set(
      fqdn,
      values.filter((v) => v !== value),
    );
    await this.mirror({ remove: [{ fqdn, value }] });
  }

  async mirror(change: Parameters<typeof applyTxtToBind>[2]): Promise<void> {
    const bind = this.options.bind;
    if (bind && this.mirroring) await applyTxtToBind(bind.server, bind.tsig, change);
  }
}

/** Starts the backend on 127.0.0.1: `POST <basePath>/present` and `POST <basePath>/cleanup`. */
export async function startFakeHttpreqApi(options: FakeHttpreqApiOptions = {}): Promise<FakeHttpreqApi> {
  const base = (options.basePath ?? '').replace(/\/+$/, '');
  const backend = new Backend(options);
  const pattern = (action: HttpreqAction) => `POST ${base}/${action}`;
  const vendor = await startFakeApi({
    name: 'httpreq',
    ...(options.tls ? { tls: options.tls } : {}),
    auth: backend.admit,
    routes: [
      route(pattern('present'), backend.handler('present')),
      route(pattern('cleanup'), backend.handler('cleanup')),
    ],
  });
  return {
    url: `${vendor.url}${base}`,
    vendor,
    malformed: backend.malformed,
    txt: (fqdn) => [...(backend.values.get(normalized(fqdn)) ?? [])],
    seedTxt: (fqdn, value) => backend.add(normalized(fqdn), value),
    failNext: (action, reply, times = 1) => vendor.failNext(pattern(action), reply, times),
    throttleNext: (action, times, retryAfterSeconds) =>
      vendor.failNext(
        pattern(action),
        text(429, 'Too Many Requests', { 'retry-after': String(retryAfterSeconds) }),
        times,
      ),
    stallNext(action, times, ms) {
      backend.stalls[action].push({ times, ms });
    },
    writeCount: () => backend.writes,
    setMirroring(on) {
      backend.mirroring = on;
    },
    assertNoUnexpectedRequests() {
      const problems = [
        ...vendor.unmatched.map((r) => `no route for ${r.method} ${r.path}`),
        ...vendor.checkFailures.map((f) => f.message),
        ...backend.malformed.map((m) => `malformed ${m.method} ${m.path}: ${m.problem}`),
      ];
      if (problems.length > 0) throw new Error(`httpreq endpoint: unexpected requests:\n  ${problems.join('\n  ')}`);
    },
    close: () => vendor.close(),
  };
}
