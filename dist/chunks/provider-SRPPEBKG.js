import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  Locks
} from "./chunk-HJT7ENEG.js";
import {
  quoteTxt,
  unquoteTxt
} from "./chunk-6DZFFBXI.js";
import { isSuccess, sendRequest } from "./start.js";
import "./start.js";
import "./start.js";
import {
  perRun
} from "./chunk-DOPYVW4J.js";
import {
  inParallel
} from "./chunk-VYFVYXL5.js";
import { normalizeName } from "./start.js";
import { parseJson, shownBody } from "./start.js";
import { DEFAULT_RETRY_POLICY } from "./start.js";
import "./start.js";

// src/dns/providers/gandi/api.ts
var GandiError = class extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
  status;
};
function advice(status, domain) {
  if (status === 401)
    return "Gandi does not accept gandi-personal-access-token (unknown, expired or revoked); create a new personal access token";
  if (status === 403)
    return `the personal access token may not manage ${domain}; edit it: choose the organization owning ${domain}, the domain (or all domains) and "Manage domain name technical configurations"`;
  if (status === 404)
    return `${domain} is not a LiveDNS domain of the token's organization; check its nameservers are LiveDNS's`;
  return "see https://api.gandi.net/docs/livedns/";
}
var GandiApi = class {
  #settings;
  #caller;
  /** One read-merge-write at a time per record name, so two certificates of a run never undo each other. */
  locks = new Locks();
  constructor(settings, context) {
    this.#settings = settings;
    this.#caller = { ...context, policy: DEFAULT_RETRY_POLICY };
  }
  /** The TXT set at `name` (relative, `@` for the apex) of `domain`; undefined when there is none. */
  async readTxt(domain, name) {
    const answer = await this.#send("GET", domain, name, `reading TXT ${fqdnOf(name, domain)}`);
    if (answer === void 0) return void 0;
    const body = parseJson(answer) ?? {};
    return { ttl: body.rrset_ttl ?? this.#settings.ttl, values: body.rrset_values ?? [] };
  }
  /** Replaces the TXT set at `name` with exactly `set`. */
  async writeTxt(domain, name, set, what) {
    await this.#send("PUT", domain, name, what, { rrset_ttl: set.ttl, rrset_values: set.values });
  }
  /** Deletes the TXT set at `name`; gone already counts as done. */
  async deleteTxt(domain, name, what) {
    await this.#send("DELETE", domain, name, what);
  }
  /** The answer body, or undefined for a 404 to a read or a delete: no set there. */
  async #send(method, domain, name, what, json) {
    const path = `/domains/${encodeURIComponent(domain)}/records/${encodeURIComponent(name)}/TXT`;
    const answer = await sendRequest(this.#caller, {
      method,
      url: `${this.#settings.apiUrl}${path}`,
      what: `gandi: ${what}`,
      headers: () => ({ authorization: `Bearer ${this.#settings.token}` }),
      json
    });
    if (isSuccess(answer)) return answer.body;
    const error = parseJson(answer.body);
    if (answer.status === 404 && method !== "PUT") return void 0;
    const detail = error?.message ? `${answer.status} ${error.message}${(error.errors ?? []).map((e) => ` (${e.name ?? e.location ?? ""}: ${e.description ?? ""})`).join("")}` : `HTTP ${answer.status} ${shownBody(answer.body, [this.#settings.token])}`;
    throw new GandiError(`gandi: ${what}: ${detail}; ${advice(answer.status, domain)}${answer.note}`, answer.status);
  }
};
function fqdnOf(name, domain) {
  return name === "@" ? domain : `${name}.${domain}`;
}
function gandiApiFor(settings, context) {
  const key = JSON.stringify(["gandi", settings.token, settings.apiUrl, settings.ttl]);
  return perRun(context, key, () => new GandiApi(settings, context));
}

// src/dns/providers/gandi/provider.ts
var PARALLEL = 8;
var WRITE_ATTEMPTS = 3;
var GandiProvider = class {
  name = "gandi";
  #api;
  #ttl;
  constructor(settings, context) {
    this.#api = gandiApiFor(settings, context);
    this.#ttl = settings.ttl;
  }
  async createRecords(records) {
    await inParallel(byName(records), PARALLEL, (change) => this.#locked(change, () => this.#add(change)));
  }
  async deleteRecords(records) {
    await inParallel(byName(records), PARALLEL, (change) => this.#locked(change, () => this.#remove(change)));
  }
  #locked(change, work) {
    return this.#api.locks.run(`${change.domain} ${change.name}`, work);
  }
  async #add({ domain, name, values }) {
    const fqdn = fqdnOf(name, domain);
    for (let attempt = 1; ; attempt++) {
      const current = await this.#api.readTxt(domain, name);
      const present = new Set((current?.values ?? []).map(unquoteTxt));
      const missing = [...values].filter((value) => !present.has(value));
      if (missing.length === 0) return;
      if (attempt > WRITE_ATTEMPTS)
        throw new Error(
          `gandi: creating TXT ${fqdn}: another writer replaced the record set ${WRITE_ATTEMPTS} times; stop the other tool writing there, then run again`
        );
      const set = {
        ttl: current?.ttl ?? this.#ttl,
        values: [...current?.values ?? [], ...missing.map(quoteTxt)]
      };
      await this.#api.writeTxt(domain, name, set, `creating TXT ${fqdn} in ${domain}`);
    }
  }
  async #remove({ domain, name, values }) {
    const fqdn = fqdnOf(name, domain);
    const current = await this.#api.readTxt(domain, name);
    if (!current) return;
    const kept = current.values.filter((value) => !values.has(unquoteTxt(value)));
    if (kept.length === current.values.length) return;
    if (kept.length === 0) await this.#api.deleteTxt(domain, name, `deleting TXT ${fqdn} in ${domain}`);
    else
      await this.#api.writeTxt(domain, name, { ttl: current.ttl, values: kept }, `deleting TXT ${fqdn} in ${domain}`);
  }
};
function byName(records) {
  const changes = /* @__PURE__ */ new Map();
  for (const record of records) {
    const domain = normalizeName(record.zone);
    const name = relativeName(normalizeName(record.fqdn), domain);
    const key = `${domain} ${name}`;
    const change = changes.get(key) ?? { domain, name, values: /* @__PURE__ */ new Set() };
    change.values.add(record.value);
    changes.set(key, change);
  }
  return [...changes.values()];
}
function relativeName(fqdn, domain) {
  if (fqdn === domain) return "@";
  if (!fqdn.endsWith(`.${domain}`)) throw new Error(`gandi: ${fqdn} is not in the domain ${domain}`);
  return fqdn.slice(0, -domain.length - 1);
}
export {
  GandiProvider
};
