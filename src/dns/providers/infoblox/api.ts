/**
 * The NIOS WAPI calls the provider makes (`/wapi/v2.x/`): the zone in a DNS view (`zone_auth`),
 * TXT records at a name (`record:txt`, paged), create, delete, and several of them in one
 * multiple-object `request`. Authentication is
 * HTTP basic on every request; the password goes into that header only. Errors come back in
 * WAPI's shape (`{"Error": "AdmConDataError: …", "code": "Client.Ibap.Data…", "text": "…"}`)
 * and become one line that says which input or permission to fix.
 */
import type { HttpClient, HttpMethod } from '../../../net/http.js';
import type { Logger } from '../../../runtime.js';
import { parseJson, shownBody } from '../../../vendor/body.js';
import { allPages } from '../../../vendor/pages.js';
import { isSuccess, NoAnswerError, sendRequest, type VendorCaller } from '../../../vendor/request.js';
import { DEFAULT_RETRY_POLICY } from '../../../vendor/retry.js';
import { normalizeName } from '../../names.js';
import type { ProviderContext } from '../../provider.js';
import { oncePerKey } from '../locks.js';
import type { InfobloxSettings } from './settings.js';

/** A `record:txt` as the WAPI returns it with the fields asked for. */
export interface TxtRecord {
  readonly _ref: string;
  readonly name: string;
  readonly text: string;
  readonly view: string;
}

/** A WAPI error: the HTTP status and the answer's `code` (`Client.Ibap.Data.NotFound`). */
export class InfobloxError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
  }
}

interface WapiError {
  readonly Error?: string;
  readonly code?: string;
  readonly text?: string;
}

/** Objects per page of a paged search (WAPI's largest page is far above what one name holds). */
const PAGE_SIZE = 1000;
const TXT_FIELDS = 'name,text,view';
const COMMENT = 'certwright dns-01 challenge';
/** TLS failures that mean the Grid Manager's certificate is not trusted (or not for this name). */
const UNTRUSTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export class InfobloxApi {
  readonly #settings: InfobloxSettings;
  readonly #caller: VendorCaller;
  readonly #logger: Logger;
  readonly #authorization: string;
  readonly #zones = new Map<string, Promise<string>>();

  constructor(settings: InfobloxSettings, context: ProviderContext, http: HttpClient) {
    this.#settings = settings;
    this.#caller = { clock: context.clock, logger: context.logger, http, policy: DEFAULT_RETRY_POLICY };
    this.#logger = context.logger;
    this.#authorization = `Basic ${Buffer.from(`${settings.username}:${settings.password}`).toString('base64')}`;
  }

  get view(): string {
    return this.#settings.view;
  }

  /** The authoritative zone `zoneName` in the view, checked once per run: its name as NIOS holds it. */
  zoneFor(zoneName: string): Promise<string> {
    return oncePerKey(this.#zones, zoneName, async () => {
      const where = `zone ${zoneName} in DNS view ${this.#settings.view}`;
      const zones = await this.#call<{ fqdn?: string; view?: string }[]>('GET', 'zone_auth', `finding ${where}`, {
        query: { fqdn: zoneName, view: this.#settings.view, _return_fields: 'fqdn,view' },
      });
      const zone = zones.find((z) => normalizeName(z.fqdn ?? '') === zoneName);
      if (!zone)
        throw new Error(
          `infoblox: no authoritative ${where} is visible to ${this.#settings.username}; check infoblox-view, or ` +
            "give the user's admin group read permission on the zone",
        );
      this.#logger.debug(`infoblox: ${where} found`);
      return zoneName;
    });
  }

  /** Every TXT record at exactly `fqdn` in the view, page by page. */
  txtRecords(fqdn: string): Promise<TxtRecord[]> {
    const what = `listing TXT records at ${fqdn} in DNS view ${this.#settings.view}`;
    const first: Record<string, string> = {
      name: fqdn,
      view: this.#settings.view,
      _return_fields: TXT_FIELDS,
      _paging: '1',
      _max_results: String(PAGE_SIZE),
      _return_as_object: '1',
    };
    return allPages(`infoblox: ${what}`, first, async (query) => {
      const page = await this.#call<{ result?: TxtRecord[]; next_page_id?: string }>('GET', 'record:txt', what, {
        query,
      });
      return {
        items: (page.result ?? []).filter((r) => normalizeName(r.name) === normalizeName(fqdn)),
        next: page.next_page_id ? { _page_id: page.next_page_id } : undefined,
      };
    });
  }

  /** Creates one TXT record; its `_ref` comes back with it. */
  createTxt(fqdn: string, value: string): Promise<TxtRecord> {
    return this.#call<TxtRecord>('POST', 'record:txt', `creating TXT ${fqdn} in DNS view ${this.#settings.view}`, {
      query: { _return_fields: TXT_FIELDS },
      body: this.#txtData(fqdn, value),
      write: true,
    });
  }

  /** Creates several TXT records in one multiple-object request; their references come back in order. */
  async createMany(zone: string, records: readonly { fqdn: string; value: string }[]): Promise<TxtRecord[]> {
    const body = records.map(({ fqdn, value }) => ({
      method: 'POST',
      object: 'record:txt',
      data: this.#txtData(fqdn, value),
      args: { _return_fields: TXT_FIELDS },
    }));
    const names = [...new Set(records.map((r) => r.fqdn))];
    const listed = names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
    const what = `creating TXT ${listed} in zone ${zone} (DNS view ${this.#settings.view})`;
    const created = await this.#call<unknown[]>('POST', 'request', what, { body, write: true });
    if (!Array.isArray(created) || created.length !== records.length || !created.every(isTxtRecord))
      throw new Error(`infoblox: ${what}: the answer does not list the ${records.length} record(s) created`);
    return created;
  }

  /** Deletes one record by its reference; false when it was already gone. */
  async deleteRef(ref: string): Promise<boolean> {
    try {
      await this.#call('DELETE', ref, `deleting TXT record ${ref}`, { write: true });
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  /** Deletes several records in one multiple-object request. */
  async deleteMany(zone: string, refs: readonly string[]): Promise<void> {
    const body = refs.map((ref) => ({ method: 'DELETE', object: ref }));
    const what = `deleting ${refs.length} TXT record(s) in zone ${zone} (DNS view ${this.#settings.view})`;
    await this.#call('POST', 'request', what, { body, write: true });
  }

  #txtData(fqdn: string, value: string) {
    return {
      name: fqdn,
      text: value,
      view: this.#settings.view,
      ttl: this.#settings.ttl,
      use_ttl: true,
      comment: COMMENT,
    };
  }

  async #call<T>(
    method: HttpMethod,
    path: string,
    what: string,
    options: { query?: Record<string, string>; body?: unknown; write?: boolean } = {},
  ): Promise<T> {
    const query = options.query ? `?${new URLSearchParams(options.query).toString()}` : '';
    // A reference (`record:txt/ZG5z…:name/view`) is a path under the version; its slashes stay.
    const url = `${this.#settings.baseUrl}/${path.split('/').map(pathSegment).join('/')}${query}`;
    let answer;
    try {
      answer = await sendRequest(this.#caller, {
        method,
        url,
        what: `infoblox: ${what}`,
        headers: () => ({ authorization: this.#authorization }),
        json: options.body,
      });
    } catch (error) {
      throw this.#untrusted(error, what) ?? error;
    }
    const body = parseJson<T & WapiError>(answer.body);
    if (isSuccess(answer)) return body as T;
    const error = this.#explain(answer.status, body, answer.body, what, options.write ?? false);
    error.message += answer.note;
    throw error;
  }

  /** A connection refused for the Grid Manager's certificate: what to set, never "turn verification off". */
  #untrusted(error: unknown, what: string): Error | undefined {
    if (!(error instanceof NoAnswerError)) return undefined;
    for (let cause: unknown = error.cause; cause instanceof Error; cause = cause.cause) {
      const code = (cause as { code?: unknown }).code;
      if (typeof code !== 'string' || !UNTRUSTED.has(code)) continue;
      const origin = new URL(this.#settings.baseUrl).origin;
      const fix =
        code === 'ERR_TLS_CERT_ALTNAME_INVALID'
          ? 'set infoblox-host to a name its certificate carries'
          : code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID'
            ? 'renew the Grid Manager certificate (Grid → Certificates)'
            : this.#settings.caFile
              ? `infoblox-ca-file (${this.#settings.caFile}) does not hold the CA that signed it; ` +
                "put that CA's PEM there"
              : 'set infoblox-ca-file to the PEM of the CA that signed it ' +
                "(the appliance's self-signed or your private CA)";
      return new InfobloxError(
        `infoblox: ${what}: the Grid Manager at ${origin} presented a certificate this run does not trust ` +
          `(${code}); ${fix}`,
        0,
        code,
      );
    }
    return undefined;
  }

  #explain(status: number, body: WapiError | undefined, raw: Buffer, what: string, write: boolean): InfobloxError {
    const code = body?.code ?? '';
    const text = body?.text ?? body?.Error ?? '';
    // A 401 comes from the web server in front of the WAPI, as an HTML page: its status says it all.
    const detail =
      code || text
        ? `${code}${code && text ? ': ' : ''}${text}`
        : status === 401
          ? 'HTTP 401 Authorization Required'
          : `HTTP ${status} ${shownBody(raw, this.#secrets())}`.trim();
    let advice: string;
    if (status === 401)
      advice =
        'the Grid Manager does not accept infoblox-username and infoblox-password (wrong or expired, the user ' +
        'disabled, or its admin group not allowed the API: Administration → Admin Groups → Roles / Allowed Interfaces)';
    else if (status === 403 || code === 'Client.Ibap.Auth' || /permission/i.test(text))
      advice = this.#permissionAdvice(write);
    else if (code === 'Client.Ibap.Data.NotFound' && /view/i.test(text))
      advice = `check infoblox-view: "${this.#settings.view}" is not a DNS view of this grid`;
    else if (/version/i.test(text) || (status === 404 && !code))
      advice =
        `check infoblox-wapi-version (${this.#settings.wapiVersion}): ` +
        "the grid's own list is at /wapi/v1.0/?_schema";
    else advice = 'see the WAPI reference at https://<grid manager>/wapidoc/';
    const shown = shownBody(Buffer.from(detail), this.#secrets());
    return new InfobloxError(`infoblox: ${what}: ${shown}; ${advice}`, status, code);
  }

  #permissionAdvice(write: boolean): string {
    const { username, view } = this.#settings;
    return write
      ? `${username}'s admin group lacks Read/Write permission on the zone's TXT records in DNS view ${view}; ` +
          'grant it (Administration → Permissions → the zone → Resource Records: TXT)'
      : `${username}'s admin group cannot read the zone in DNS view ${view}; grant it Read-Only`;
  }

  #secrets(): string[] {
    return [this.#settings.password, this.#authorization.slice('Basic '.length)];
  }
}

function isTxtRecord(value: unknown): value is TxtRecord {
  const record = value as Partial<TxtRecord> | null;
  return typeof record?._ref === 'string' && typeof record.name === 'string' && typeof record.text === 'string';
}

/** `Client.Ibap.Data.NotFound`: the reference names no object (deleted meanwhile). */
export function isNotFound(error: unknown): boolean {
  return error instanceof InfobloxError && error.code === 'Client.Ibap.Data.NotFound';
}

/** `Client.Ibap.Data.Conflict` "already exists": the record (name, text, view) is there already. */
export function isConflict(error: unknown): boolean {
  return (
    error instanceof InfobloxError &&
    error.code === 'Client.Ibap.Data.Conflict' &&
    /already exists/i.test(error.message)
  );
}

/** A path segment percent-encoded, keeping `:` and `@` as RFC 3986 allows (`record:txt`, a reference's `id:name`). */
function pathSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/%3A/gi, ':').replace(/%40/g, '@');
}
