/**
 * A local acme-dns (github.com/joohoi/acme-dns) for the acme-dns provider's tests: its HTTP API
 * as acme-dns answers it — `POST /register`, `POST /update` behind the X-Api-User / X-Api-Key
 * check and the account's `allowfrom` networks, `GET /health` — with the two rolling TXT values
 * per subdomain acme-dns keeps (an update replaces the older one). Behaviour follows acme-dns's
 * api.go, auth.go, validation.go and db.go; each rule below names where.
 *
 * acme-dns is itself the authoritative server of its zone. Here the zone is one the test bed's
 * BIND serves (`delegated.test`): every change of a subdomain's values is mirrored there with
 * `applyTxtToBind`, so `<subdomain>.<domain>` answers as acme-dns would, and Pebble validates
 * through the bed's `_acme-challenge` CNAMEs. Requests only a client bug would send (a body that
 * is not JSON, a value acme-dns refuses as `bad_txt`) are answered as acme-dns does *and* listed
 * in `malformed`, so `assertNoUnexpectedRequests()` fails the test.
 */
import { randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { ServerAddress } from '../../../address.js';
import {
  json,
  route,
  startFakeApi,
  text,
  type FakeApi,
  type FakeApiReply,
  type FakeApiRequest,
} from '../../../../testing/fake-api-kit.js';
import { inNetworks, parseCidr, type Cidr } from '../cidr.js';
import { applyTxtToBind, type TsigCredentials } from '../../testing/bind-mirror.js';

export interface FakeAcmeDnsApiOptions {
  /** The zone acme-dns serves (its `general.domain`): accounts' fulldomains are `<subdomain>.<domain>`. */
  readonly domain: string;
  /** The test bed's BIND, authoritative for `domain`, to mirror the values into. Without it nothing is mirrored. */
  readonly bind?: { readonly server: ServerAddress; readonly tsig: TsigCredentials };
  /** acme-dns's `api.disable_registration`: no /register route. */
  readonly disableRegistration?: boolean;
  /**
   * acme-dns's `api.use_header` + `header_name` (behind a reverse proxy): the client's address is
   * taken from this header, such as `X-Forwarded-For`. Otherwise it is the peer's: 127.0.0.1, the
   * only address a client of this loopback-only listener has.
   */
  readonly clientAddressHeader?: string;
  readonly tls?: { readonly certPem: string; readonly keyPem: string };
}

/** An account as the endpoint holds it (acme-dns keeps a bcrypt hash; the tests need the password). */
export interface AcmeDnsAccountRecord {
  readonly username: string;
  readonly password: string;
  readonly subdomain: string;
  readonly fulldomain: string;
  readonly allowfrom: readonly string[];
}

export interface MalformedRequest {
  readonly method: string;
  readonly path: string;
  readonly problem: string;
}

export interface FakeAcmeDnsApi {
  /** The API base URL, such as `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly domain: string;
  readonly vendor: FakeApi;
  readonly malformed: readonly MalformedRequest[];
  /** The subdomains the next registrations get, in order, instead of random UUIDs (so a bed's CNAME can lead to them). */
  nextSubdomains(...subdomains: string[]): void;
  /** Registers an account directly, as `/register` would. */
  register(allowfrom?: readonly string[]): AcmeDnsAccountRecord;
  accounts(): AcmeDnsAccountRecord[];
  /** The values acme-dns serves at `fqdn` (non-empty ones, oldest update first). */
  txt(fqdn: string): string[];
  /** Updates accepted so far. */
  updateCount(): number;
  /** Off: updates are kept here but never reach BIND (a validation that must fail). */
  setMirroring(on: boolean): void;
  /** Throws, listing them, if any request was unmatched, failed a check or was malformed. */
  assertNoUnexpectedRequests(): void;
  close(): Promise<void>;
}

// acme-dns's answers (api.go, auth.go, util.go jsonError)

const error = (status: number, code: string): FakeApiReply => json(status, { error: code });
export const acmeDnsErrors = {
  /** Auth middleware: unknown user, wrong key, address outside allowfrom, or another subdomain (auth.go). */
  forbidden: () => error(401, 'forbidden'),
  /** `txt` not 43 characters of the base64url alphabet (validation.go validTXT). */
  badTxt: () => error(400, 'bad_txt'),
  /** `subdomain` not a DNS label (validation.go validSubdomain). */
  badSubdomain: () => error(400, 'bad_subdomain'),
  /** A /register body that is not JSON (api.go webRegisterPost). */
  malformedJson: () => error(400, 'malformed_json_payload'),
  /** An allowfrom entry net.ParseCIDR refuses (api.go webRegisterPost). */
  invalidAllowfrom: () => error(400, 'invalid_allowfrom_cidr'),
};

// Shapes (validation.go, util.go)

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** sanitizeString keeps `A-Za-z0-9-_`; a key is valid when 40 characters survive it. */
const KEY = /^[A-Za-z0-9_-]{40}$/;
const TXT = /^[A-Za-z0-9_-]{43}$/;
const SUBDOMAIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const PASSWORD_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz1234567890-_';
/** acme-dns answers its records with TTL 1 (dns.go answerTXT). */
const TXT_TTL = 1;

function generatePassword(): string {
  return Array.from({ length: 40 }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]).join('');
}

/**
 * A JSON object's field as Go's encoding/json finds it: the exact name, else any case
 * (goacmedns once sent `{"SubDomain", "Txt"}`, which acme-dns took).
 */
function field(object: Record<string, unknown>, name: string): unknown {
  if (name in object) return object[name];
  const key = Object.keys(object).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : object[key];
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

interface Slot {
  value: string;
  /** Order of the last update; 0 for the two empty values a registration creates (db.go NewTXTValuesInTransaction). */
  updated: number;
}

interface Account extends AcmeDnsAccountRecord {
  readonly networks: readonly Cidr[];
  readonly slots: [Slot, Slot];
}

class AcmeDns {
  readonly accounts = new Map<string, Account>();
  readonly malformed: MalformedRequest[] = [];
  readonly presetSubdomains: string[] = [];
  mirroring = true;
  updates = 0;
  #clock = 0;
  /** acme-dns serializes database writes (db.go's mutex); so do updates here, mirroring included. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(readonly options: FakeAcmeDnsApiOptions) {}

  fulldomain(subdomain: string): string {
    return `${subdomain}.${this.options.domain}`;
  }

  createAccount(allowfrom: readonly string[]): Account {
    const subdomain = this.presetSubdomains.shift() ?? randomUUID();
    if ([...this.accounts.values()].some((a) => a.subdomain === subdomain))
      throw new Error(`acme-dns endpoint: subdomain ${subdomain} is taken`);
    const account: Account = {
      username: randomUUID(),
      password: generatePassword(),
      subdomain,
      fulldomain: this.fulldomain(subdomain),
      // ValidEntries: the brackets around IPv6 addresses are dropped.
      allowfrom: allowfrom.map((entry) => entry.replace(/[[\]]/g, '')),
      networks: allowfrom.map((entry) => parseCidr(entry) as Cidr),
      slots: [
        { value: '', updated: 0 },
        { value: '', updated: 0 },
      ],
    };
    this.accounts.set(account.username.toLowerCase(), account);
    return account;
  }

  register = (request: FakeApiRequest): FakeApiReply => {
    let allowfrom: string[] = [];
    if (request.body.length > 0) {
      let body: unknown;
      try {
        body = JSON.parse(request.body);
      } catch {
        return this.refuse(
          request,
          acmeDnsErrors.malformedJson(),
          `register body is not JSON: ${request.body.slice(0, 100)}`,
        );
      }
      const list =
        typeof body === 'object' && body !== null ? field(body as Record<string, unknown>, 'allowfrom') : undefined;
      if (list !== undefined && list !== null && !(Array.isArray(list) && list.every((e) => typeof e === 'string'))) {
        return this.refuse(request, acmeDnsErrors.malformedJson(), 'allowfrom is not a list of strings');
      }
      allowfrom = (list as string[] | undefined) ?? [];
    }
    if (allowfrom.some((entry) => !parseCidr(entry))) return acmeDnsErrors.invalidAllowfrom();
    const { username, password, fulldomain, subdomain, allowfrom: valid } = this.createAccount(allowfrom);
    return json(201, { username, password, fulldomain, subdomain, allowfrom: valid });
  };

  /** auth.go Auth + getUserFromRequest + updateAllowedFromIP, then api.go webUpdatePost. */
  update = (request: FakeApiRequest): Promise<FakeApiReply> => {
    const work = this.#queue.then(() => this.#update(request));
    this.#queue = work.catch(() => undefined);
    return work;
  };

  async #update(request: FakeApiRequest): Promise<FakeApiReply> {
    const account = this.authenticate(request);
    if (!account) return acmeDnsErrors.forbidden();
    let body: Record<string, unknown> = {};
    try {
      const parsed = JSON.parse(request.body) as unknown;
      if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
    } catch {
      // acme-dns logs the decode error and goes on with an empty update, which then names no subdomain.
      return this.refuse(request, acmeDnsErrors.forbidden(), `update body is not JSON: ${request.body.slice(0, 100)}`);
    }
    const subdomain = field(body, 'subdomain');
    const value = field(body, 'txt');
    if (subdomain !== account.subdomain) return acmeDnsErrors.forbidden();
    if (!SUBDOMAIN.test(account.subdomain)) return acmeDnsErrors.badSubdomain();
    if (typeof value !== 'string' || !TXT.test(value))
      return this.refuse(
        request,
        acmeDnsErrors.badTxt(),
        `txt ${JSON.stringify(value)} is not 43 characters of base64url`,
      );
    await this.setValue(account, value);
    this.updates += 1;
    // api.go writes this body by hand.
    return { status: 200, headers: { 'content-type': 'application/json' }, body: `{"txt": "${value}"}` };
  }

  authenticate(request: FakeApiRequest): Account | undefined {
    const username = String(request.headers['x-api-user'] ?? '');
    const key = String(request.headers['x-api-key'] ?? '');
    if (!UUID.test(username) || !KEY.test(key)) return undefined;
    const account = this.accounts.get(username.toLowerCase());
    if (!account || !sameSecret(key, account.password)) return undefined;
    return this.allowed(request, account) ? account : undefined;
  }

  /** acmetxt.go allowedFrom / allowedFromList: no networks allows anyone; else one address must be in one. */
  allowed(request: FakeApiRequest, account: Account): boolean {
    if (account.networks.length === 0) return true;
    const header = this.options.clientAddressHeader;
    const addresses = header
      ? String(request.headers[header.toLowerCase()] ?? '')
          .split(',')
          .map((a) => a.trim())
          .filter(Boolean)
      : ['127.0.0.1'];
    return addresses.some((address) => inNetworks(address, account.networks));
  }

  /** db.go Update: the value goes into the slot updated longest ago; BIND then serves the two slots' values. */
  async setValue(account: Account, value: string): Promise<void> {
    const before = served(account);
    const oldest = account.slots[0].updated <= account.slots[1].updated ? account.slots[0] : account.slots[1];
    oldest.value = value;
    oldest.updated = ++this.#clock;
    const after = served(account);
    const bind = this.options.bind;
    if (!bind || !this.mirroring) return;
    await applyTxtToBind(bind.server, bind.tsig, {
      remove: before.filter((v) => !after.includes(v)).map((v) => ({ fqdn: account.fulldomain, value: v })),
      add: after.filter((v) => !before.includes(v)).map((v) => ({ fqdn: account.fulldomain, value: v, ttl: TXT_TTL })),
    });
  }

  refuse(request: FakeApiRequest, reply: FakeApiReply, problem: string): FakeApiReply {
    this.malformed.push({ method: request.method, path: request.path, problem });
    return reply;
  }
}

/** The distinct non-empty values of an account, oldest update first (acme-dns leaves empty ones out of its answers). */
function served(account: Account): string[] {
  const slots = [...account.slots].sort((a, b) => a.updated - b.updated);
  return [...new Set(slots.map((slot) => slot.value).filter(Boolean))];
}

function publicRecord({ username, password, subdomain, fulldomain, allowfrom }: Account): AcmeDnsAccountRecord {
  return { username, password, subdomain, fulldomain, allowfrom };
}

/** Starts the stand-in on 127.0.0.1. */
export async function startFakeAcmeDnsApi(options: FakeAcmeDnsApiOptions): Promise<FakeAcmeDnsApi> {
  const domain = options.domain.toLowerCase().replace(/\.$/, '');
  const service = new AcmeDns({ ...options, domain });
  const vendor = await startFakeApi({
    name: 'acme-dns',
    ...(options.tls ? { tls: options.tls } : {}),
    // acme-dns's router (httprouter) answers with Go's http.NotFound.
    unknownRoute: () => text(404, '404 page not found\n'),
    routes: [
      ...(options.disableRegistration ? [] : [route('POST /register', service.register)]),
      route('POST /update', service.update),
      route('GET /health', () => ({ status: 200 })),
    ],
  });
  return {
    url: vendor.url,
    domain,
    vendor,
    malformed: service.malformed,
    nextSubdomains(...subdomains) {
      const bad = subdomains.find((s) => !SUBDOMAIN.test(s));
      if (bad !== undefined) throw new Error(`acme-dns endpoint: "${bad}" is not a subdomain acme-dns would accept`);
      service.presetSubdomains.push(...subdomains);
    },
    register(allowfrom = []) {
      const bad = allowfrom.find((entry) => !parseCidr(entry));
      if (bad !== undefined) throw new Error(`acme-dns endpoint: "${bad}" is not a CIDR network`);
      return publicRecord(service.createAccount(allowfrom));
    },
    accounts: () => [...service.accounts.values()].map(publicRecord),
    txt(fqdn) {
      const name = fqdn.toLowerCase().replace(/\.$/, '');
      const account = [...service.accounts.values()].find((a) => a.fulldomain === name);
      return account ? served(account) : [];
    },
    updateCount: () => service.updates,
    setMirroring(on) {
      service.mirroring = on;
    },
    assertNoUnexpectedRequests() {
      const problems = [
        ...vendor.unmatched.map((r) => `no route for ${r.method} ${r.path}`),
        ...vendor.checkFailures.map((f) => f.message),
        ...service.malformed.map((m) => `malformed ${m.method} ${m.path}: ${m.problem}`),
      ];
      if (problems.length > 0) throw new Error(`acme-dns endpoint: unexpected requests:\n  ${problems.join('\n  ')}`);
    },
    close: () => vendor.close(),
  };
}
