import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  distinctRecords,
  recordKey
} from "./chunk-UXWFPOVC.js";
import {
  allPages
} from "./chunk-WHZBR5V2.js";
import {
  oncePerKey
} from "./chunk-HJT7ENEG.js";
import {
  unquoteTxt
} from "./chunk-6DZFFBXI.js";
import { NoAnswerError, isSuccess, sendRequest } from "./start.js";
import { createHttpClient } from "./start.js";
import { USER_AGENT } from "./start.js";
import {
  perRun
} from "./chunk-DOPYVW4J.js";
import {
  groupByZone,
  inParallel,
  settleAll
} from "./chunk-VYFVYXL5.js";
import { normalizeName } from "./start.js";
import { parseJson, shownBody } from "./start.js";
import { DEFAULT_RETRY_POLICY } from "./start.js";
import "./start.js";

// src/dns/providers/infoblox/provider.ts
import { readFile } from "node:fs/promises";

// src/dns/providers/infoblox/api.ts
var InfobloxError = class extends Error {
  constructor(message, status, code) {
    super(message);
    this.status = status;
    this.code = code;
  }
  status;
  code;
};
var PAGE_SIZE = 1e3;
var TXT_FIELDS = "name,text,view";
var COMMENT = "certwright dns-01 challenge";
var UNTRUSTED = /* @__PURE__ */ new Set([
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_GET_ISSUER_CERT",
  "CERT_UNTRUSTED",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "ERR_TLS_CERT_ALTNAME_INVALID"
]);
var InfobloxApi = class {
  #settings;
  #caller;
  #logger;
  #authorization;
  #zones = /* @__PURE__ */ new Map();
  constructor(settings, context, http) {
    this.#settings = settings;
    this.#caller = { clock: context.clock, logger: context.logger, http, policy: DEFAULT_RETRY_POLICY };
    this.#logger = context.logger;
    this.#authorization = `Basic ${Buffer.from(`${settings.username}:${settings.password}`).toString("base64")}`;
  }
  get view() {
    return this.#settings.view;
  }
  /** The authoritative zone `zoneName` in the view, checked once per run: its name as NIOS holds it. */
  zoneFor(zoneName) {
    return oncePerKey(this.#zones, zoneName, async () => {
      const where = `zone ${zoneName} in DNS view ${this.#settings.view}`;
      const zones = await this.#call("GET", "zone_auth", `finding ${where}`, {
        query: { fqdn: zoneName, view: this.#settings.view, _return_fields: "fqdn,view" }
      });
      const zone = zones.find((z) => normalizeName(z.fqdn ?? "") === zoneName);
      if (!zone)
        throw new Error(
          `infoblox: no authoritative ${where} is visible to ${this.#settings.username}; check infoblox-view, or give the user's admin group read permission on the zone`
        );
      this.#logger.debug(`infoblox: ${where} found`);
      return zoneName;
    });
  }
  /** Every TXT record at exactly `fqdn` in the view, page by page. */
  txtRecords(fqdn) {
    const what = `listing TXT records at ${fqdn} in DNS view ${this.#settings.view}`;
    const first = {
      name: fqdn,
      view: this.#settings.view,
      _return_fields: TXT_FIELDS,
      _paging: "1",
      _max_results: String(PAGE_SIZE),
      _return_as_object: "1"
    };
    return allPages(`infoblox: ${what}`, first, async (query) => {
      const page = await this.#call("GET", "record:txt", what, {
        query
      });
      return {
        items: (page.result ?? []).filter((r) => normalizeName(r.name) === normalizeName(fqdn)),
        next: page.next_page_id ? { _page_id: page.next_page_id } : void 0
      };
    });
  }
  /** Creates one TXT record; its `_ref` comes back with it. */
  createTxt(fqdn, value) {
    return this.#call("POST", "record:txt", `creating TXT ${fqdn} in DNS view ${this.#settings.view}`, {
      query: { _return_fields: TXT_FIELDS },
      body: this.#txtData(fqdn, value),
      write: true
    });
  }
  /** Creates several TXT records in one multiple-object request; their references come back in order. */
  async createMany(zone, records) {
    const body = records.map(({ fqdn, value }) => ({
      method: "POST",
      object: "record:txt",
      data: this.#txtData(fqdn, value),
      args: { _return_fields: TXT_FIELDS }
    }));
    const names = [...new Set(records.map((r) => r.fqdn))];
    const listed = names.length > 5 ? `${names.slice(0, 5).join(", ")} and ${names.length - 5} more` : names.join(", ");
    const what = `creating TXT ${listed} in zone ${zone} (DNS view ${this.#settings.view})`;
    const created = await this.#call("POST", "request", what, { body, write: true });
    if (!Array.isArray(created) || created.length !== records.length || !created.every(isTxtRecord))
      throw new Error(`infoblox: ${what}: the answer does not list the ${records.length} record(s) created`);
    return created;
  }
  /** Deletes one record by its reference; false when it was already gone. */
  async deleteRef(ref) {
    try {
      await this.#call("DELETE", ref, `deleting TXT record ${ref}`, { write: true });
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }
  /** Deletes several records in one multiple-object request. */
  async deleteMany(zone, refs) {
    const body = refs.map((ref) => ({ method: "DELETE", object: ref }));
    const what = `deleting ${refs.length} TXT record(s) in zone ${zone} (DNS view ${this.#settings.view})`;
    await this.#call("POST", "request", what, { body, write: true });
  }
  #txtData(fqdn, value) {
    return {
      name: fqdn,
      text: value,
      view: this.#settings.view,
      ttl: this.#settings.ttl,
      use_ttl: true,
      comment: COMMENT
    };
  }
  async #call(method, path, what, options = {}) {
    const query = options.query ? `?${new URLSearchParams(options.query).toString()}` : "";
    const url = `${this.#settings.baseUrl}/${path.split("/").map(pathSegment).join("/")}${query}`;
    let answer;
    try {
      answer = await sendRequest(this.#caller, {
        method,
        url,
        what: `infoblox: ${what}`,
        headers: () => ({ authorization: this.#authorization }),
        json: options.body
      });
    } catch (error2) {
      throw this.#untrusted(error2, what) ?? error2;
    }
    const body = parseJson(answer.body);
    if (isSuccess(answer)) return body;
    const error = this.#explain(answer.status, body, answer.body, what, options.write ?? false);
    error.message += answer.note;
    throw error;
  }
  /** A connection refused for the Grid Manager's certificate: what to set, never "turn verification off". */
  #untrusted(error, what) {
    if (!(error instanceof NoAnswerError)) return void 0;
    for (let cause = error.cause; cause instanceof Error; cause = cause.cause) {
      const code = cause.code;
      if (typeof code !== "string" || !UNTRUSTED.has(code)) continue;
      const origin = new URL(this.#settings.baseUrl).origin;
      const fix = code === "ERR_TLS_CERT_ALTNAME_INVALID" ? "set infoblox-host to a name its certificate carries" : code === "CERT_HAS_EXPIRED" || code === "CERT_NOT_YET_VALID" ? "renew the Grid Manager certificate (Grid \u2192 Certificates)" : this.#settings.caFile ? `infoblox-ca-file (${this.#settings.caFile}) does not hold the CA that signed it; put that CA's PEM there` : "set infoblox-ca-file to the PEM of the CA that signed it (the appliance's self-signed or your private CA)";
      return new InfobloxError(
        `infoblox: ${what}: the Grid Manager at ${origin} presented a certificate this run does not trust (${code}); ${fix}`,
        0,
        code
      );
    }
    return void 0;
  }
  #explain(status, body, raw, what, write) {
    const code = body?.code ?? "";
    const text = body?.text ?? body?.Error ?? "";
    const detail = code || text ? `${code}${code && text ? ": " : ""}${text}` : status === 401 ? "HTTP 401 Authorization Required" : `HTTP ${status} ${shownBody(raw, this.#secrets())}`.trim();
    let advice;
    if (status === 401)
      advice = "the Grid Manager does not accept infoblox-username and infoblox-password (wrong or expired, the user disabled, or its admin group not allowed the API: Administration \u2192 Admin Groups \u2192 Roles / Allowed Interfaces)";
    else if (status === 403 || code === "Client.Ibap.Auth" || /permission/i.test(text))
      advice = this.#permissionAdvice(write);
    else if (code === "Client.Ibap.Data.NotFound" && /view/i.test(text))
      advice = `check infoblox-view: "${this.#settings.view}" is not a DNS view of this grid`;
    else if (/version/i.test(text) || status === 404 && !code)
      advice = `check infoblox-wapi-version (${this.#settings.wapiVersion}): the grid's own list is at /wapi/v1.0/?_schema`;
    else advice = "see the WAPI reference at https://<grid manager>/wapidoc/";
    const shown = shownBody(Buffer.from(detail), this.#secrets());
    return new InfobloxError(`infoblox: ${what}: ${shown}; ${advice}`, status, code);
  }
  #permissionAdvice(write) {
    const { username, view } = this.#settings;
    return write ? `${username}'s admin group lacks Read/Write permission on the zone's TXT records in DNS view ${view}; grant it (Administration \u2192 Permissions \u2192 the zone \u2192 Resource Records: TXT)` : `${username}'s admin group cannot read the zone in DNS view ${view}; grant it Read-Only`;
  }
  #secrets() {
    return [this.#settings.password, this.#authorization.slice("Basic ".length)];
  }
};
function isTxtRecord(value) {
  const record = value;
  return typeof record?._ref === "string" && typeof record.name === "string" && typeof record.text === "string";
}
function isNotFound(error) {
  return error instanceof InfobloxError && error.code === "Client.Ibap.Data.NotFound";
}
function isConflict(error) {
  return error instanceof InfobloxError && error.code === "Client.Ibap.Data.Conflict" && /already exists/i.test(error.message);
}
function pathSegment(segment) {
  return encodeURIComponent(segment).replace(/%3A/gi, ":").replace(/%40/g, "@");
}

// src/dns/providers/infoblox/provider.ts
var BATCH_SIZE = 100;
var PARALLEL = 4;
var InfobloxProvider = class {
  name = "infoblox";
  #api;
  /** Refs this instance created, for records that reach deleteRecords without theirs. */
  #created = /* @__PURE__ */ new Map();
  constructor(api) {
    this.#api = api;
  }
  async createRecords(records) {
    const unique = distinctRecords(records);
    const zones = await Promise.all(unique.map((record) => this.#api.zoneFor(record.zone)));
    await settleAll(
      groupByZone(unique, zones, (zone) => zone).map(({ zone, items }) => this.#createInZone(zone, items))
    );
    return records.map((record) => ({ ...record, ref: this.#created.get(recordKey(record)) ?? "" }));
  }
  async deleteRecords(records) {
    const targets = await inParallel(distinctRecords(records), PARALLEL, (record) => this.#findOwn(record));
    const byZone = groupByZone(
      targets,
      targets.map((target) => target.zone),
      (zone) => zone
    );
    await settleAll(
      byZone.map(({ zone, items }) => this.#deleteInZone(zone, [...new Set(items.flatMap((t) => t.refs))]))
    );
    for (const record of records) this.#created.delete(recordKey(record));
  }
  async #createInZone(zone, records) {
    for (let i = 0; i < records.length; i += BATCH_SIZE) {
      const chunk = records.slice(i, i + BATCH_SIZE);
      if (chunk.length === 1) {
        await this.#createOne(chunk[0]);
        continue;
      }
      try {
        const created = await this.#api.createMany(zone, chunk);
        chunk.forEach((record, n) => this.#remember(record, created[n]));
      } catch (error) {
        if (!isConflict(error)) throw error;
        await inParallel(chunk, PARALLEL, (record) => this.#createOne(record));
      }
    }
  }
  async #createOne(record) {
    try {
      this.#remember(record, await this.#api.createTxt(record.fqdn, record.value));
    } catch (error) {
      if (!isConflict(error)) throw error;
      const existing = (await this.#api.txtRecords(record.fqdn)).find((r) => this.#holds(r, record));
      if (!existing) throw error;
      this.#remember(record, existing);
    }
  }
  #remember(record, created) {
    if (!created?._ref)
      throw new Error(`infoblox: creating TXT ${record.fqdn}: the answer carries no object reference (_ref)`);
    this.#created.set(recordKey(record), created._ref);
  }
  /** A TXT record of the view at the record's name holding exactly its value (quoted or not). */
  #holds(candidate, record) {
    return candidate.view === this.#api.view && unquoteTxt(candidate.text) === record.value;
  }
  /** The references of a record of this run: its own ref, else the records at its name that carry its value. */
  async #findOwn(record) {
    const created = this.#created.get(recordKey(record));
    if (created && (!record.ref || record.ref === created)) return { zone: record.zone, refs: [created] };
    const mine = (await this.#api.txtRecords(record.fqdn)).filter((r) => this.#holds(r, record));
    const exact = mine.filter((r) => r._ref === record.ref);
    return { zone: record.zone, refs: (exact.length > 0 ? exact : mine).map((r) => r._ref) };
  }
  async #deleteInZone(zone, refs) {
    for (let i = 0; i < refs.length; i += BATCH_SIZE) {
      const chunk = refs.slice(i, i + BATCH_SIZE);
      if (chunk.length > 1) {
        try {
          await this.#api.deleteMany(zone, chunk);
          continue;
        } catch (error) {
          if (!isNotFound(error)) throw error;
        }
      }
      await inParallel(chunk, PARALLEL, (ref) => this.#api.deleteRef(ref));
    }
  }
};
async function clientFor(settings, context) {
  const file = settings.caFile;
  if (file === void 0) return context.http;
  let pem;
  try {
    pem = await readFile(file, "utf8");
  } catch (cause) {
    throw new Error(
      `infoblox-ca-file: cannot read ${file}; expected a PEM file with the CA that signed the Grid Manager's certificate`,
      { cause }
    );
  }
  try {
    return createHttpClient({ userAgent: USER_AGENT, env: context.env, logger: context.logger, extraCaPem: pem });
  } catch (cause) {
    throw new Error(`infoblox-ca-file: ${file} holds no valid PEM certificate; expected the CA's certificate in PEM`, {
      cause
    });
  }
}
async function createInfobloxProvider(settings, context) {
  const key = JSON.stringify([
    "infoblox",
    settings.baseUrl,
    settings.username,
    settings.password,
    settings.view,
    settings.caFile ?? "",
    settings.ttl
  ]);
  const api = await perRun(
    context,
    key,
    async () => new InfobloxApi(settings, context, await clientFor(settings, context))
  );
  return new InfobloxProvider(api);
}
export {
  InfobloxProvider,
  createInfobloxProvider
};
