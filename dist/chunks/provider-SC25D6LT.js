import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  distinctRecords
} from "./chunk-UXWFPOVC.js";
import {
  Locks,
  oncePerKey
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
  groupByZone,
  settleAll
} from "./chunk-VYFVYXL5.js";
import { normalizeName } from "./start.js";
import { parseJson, shownBody } from "./start.js";
import { DEFAULT_RETRY_POLICY, callWithRetries } from "./start.js";
import "./start.js";

// src/dns/providers/powerdns/api.ts
var PowerDnsError = class extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
  status;
};
var PowerDnsApi = class {
  #settings;
  #caller;
  #logger;
  #zones = /* @__PURE__ */ new Map();
  /** One change at a time per zone in this run: a REPLACE rewrites the whole RRset. */
  locks = new Locks();
  /**
   * One PATCH at a time to the server, whatever the zone: with the SQLite backend (gsqlite3), pdns
   * answers concurrent writes with 500 "database is locked".
   */
  #writes = new Locks();
  constructor(settings, context) {
    this.#settings = settings;
    this.#caller = { ...context, policy: DEFAULT_RETRY_POLICY };
    this.#logger = context.logger;
  }
  get #server() {
    return `/api/v1/servers/${encodeURIComponent(this.#settings.serverId)}`;
  }
  /** The zone named `zoneName` (as the DNS core found it by SOA) on the server. */
  zoneFor(zoneName) {
    const name = normalizeName(zoneName);
    return oncePerKey(this.#zones, name, async () => {
      const zones = await this.#call(
        "GET",
        `${this.#server}/zones?zone=${encodeURIComponent(`${name}.`)}`,
        `finding zone ${name}`
      );
      const found = (zones ?? []).find((zone) => normalizeName(zone.name ?? "") === name);
      if (!found?.id)
        throw new Error(
          `powerdns: no zone ${name} on server ${this.#settings.serverId} at ${this.#settings.apiUrl}; create the zone in PowerDNS, or check powerdns-api-url and powerdns-server-id`
        );
      this.#logger.debug(`powerdns: zone ${name} is ${found.id}`);
      return { id: found.id, name };
    });
  }
  /**
   * The zone's TXT RRsets by name (lower case, without the dot). The whole zone is read: pdns 4.7
   * leaves disabled records out of an answer filtered with `rrset_name`, and a REPLACE built from
   * that would delete them.
   */
  async txtSets(zone) {
    const body = await this.#call(
      "GET",
      `${this.#server}/zones/${encodeURIComponent(zone.id)}`,
      `reading zone ${zone.name}`
    );
    const sets = /* @__PURE__ */ new Map();
    for (const set of body?.rrsets ?? [])
      if (set.type === "TXT") sets.set(normalizeName(set.name), { ...set, records: set.records ?? [] });
    return sets;
  }
  /** Applies the changes in one PATCH (all or nothing in pdns: one backend transaction), one PATCH at a time. */
  async patch(zone, rrsets) {
    const names = rrsets.map((set) => set.name.replace(/\.$/, ""));
    const listed = names.length > 3 ? `${names.slice(0, 3).join(", ")} and ${names.length - 3} more` : names.join(", ");
    const path = `${this.#server}/zones/${encodeURIComponent(zone.id)}`;
    await this.#writes.run(
      "PATCH",
      () => this.#call("PATCH", path, `writing TXT ${listed} in zone ${zone.name}`, { rrsets })
    );
  }
  async #call(method, path, what, body) {
    const { apiUrl, apiKey } = this.#settings;
    const answer = await sendRequest(this.#caller, {
      method,
      url: `${apiUrl}${path}`,
      what: `powerdns: ${what}`,
      headers: () => ({ "x-api-key": apiKey }),
      json: body
    });
    if (isSuccess(answer)) return answer.body.length > 0 ? parseJson(answer.body) : void 0;
    throw new PowerDnsError(
      `powerdns: ${what}: ${this.#explain(answer.status, answer.body)}${answer.note}`,
      answer.status
    );
  }
  /** `HTTP 401 Unauthorized; <what to fix>`. */
  #explain(status, body) {
    const error = parseJson(body)?.error;
    const shown = shownBody(Buffer.from(error ?? body.toString("utf8")), [this.#settings.apiKey]);
    const detail = `HTTP ${status}${shown ? ` ${shown}` : ""}`;
    const { serverId } = this.#settings;
    if (status === 401)
      return `${detail}; PowerDNS does not accept powerdns-api-key: set it to the server's api-key setting`;
    if (status === 403)
      return `${detail}; the server refuses this address: add the runner's address to its webserver-allow-from`;
    if (status === 404)
      return `${detail}; no such server or zone: check powerdns-server-id ("${serverId}", localhost on an Authoritative Server) and powerdns-api-url (the origin, without /api/v1)`;
    if (status === 422) return `${detail}; PowerDNS refused the change as invalid`;
    return detail;
  }
};
function powerDnsApiFor(settings, context) {
  const key = JSON.stringify(["powerdns", settings.apiKey, settings.apiUrl, settings.serverId]);
  return perRun(context, key, () => new PowerDnsApi(settings, context));
}

// src/dns/providers/powerdns/provider.ts
var CHANGE_ATTEMPTS = { ...DEFAULT_RETRY_POLICY, attempts: 5 };
var ChangeNotHeld = class extends Error {
};
var PowerDnsProvider = class {
  name = "powerdns";
  #api;
  #settings;
  #context;
  constructor(settings, context) {
    this.#settings = settings;
    this.#context = context;
    this.#api = powerDnsApiFor(settings, context);
  }
  async createRecords(records) {
    await this.#inEachZone(records, "add");
  }
  async deleteRecords(records) {
    await this.#inEachZone(records, "remove");
  }
  async #inEachZone(records, mode) {
    const unique = distinctRecords(records);
    const zones = await Promise.all(unique.map((record) => this.#api.zoneFor(record.zone)));
    await settleAll(
      groupByZone(unique, zones, (zone) => zone.id).map(({ zone, items }) => this.#rewrite(zone, items, mode))
    );
  }
  /** One PATCH for every name of the zone, read back; rebuilt from a fresh read when it did not hold. */
  #rewrite(zone, records, mode) {
    const wanted = /* @__PURE__ */ new Map();
    for (const record of records) {
      const name = normalizeName(record.fqdn);
      wanted.set(name, (wanted.get(name) ?? /* @__PURE__ */ new Set()).add(record.value));
    }
    const change = async () => {
      const changes = mergedChanges(wanted, await this.#api.txtSets(zone), mode, this.#settings.ttl);
      if (changes.length === 0) return;
      await this.#api.patch(zone, changes);
      const missing = notHeld(wanted, await this.#api.txtSets(zone), mode);
      if (missing.length > 0)
        throw new ChangeNotHeld(
          `powerdns: ${mode === "add" ? "writing" : "removing"} TXT in zone ${zone.name}: the zone read back ${mode === "add" ? "lacks" : "still holds"} ${missing.join(", ")}, as another writer keeps replacing the RRset`
        );
    };
    const crossed = (error) => error instanceof ChangeNotHeld ? { why: "the change did not hold; reading the zone again", afterMs: 0 } : void 0;
    return this.#api.locks.run(
      zone.id,
      () => callWithRetries(
        this.#context,
        CHANGE_ATTEMPTS,
        `powerdns: zone ${zone.name}`,
        change,
        crossed,
        (error, note) => error instanceof ChangeNotHeld ? new Error(`${error.message}${note}`) : error
      )
    );
  }
};
function mergedChanges(wanted, current, mode, ttl) {
  const changes = [];
  for (const [name, values] of wanted) {
    const set = current.get(name);
    const existing = set?.records ?? [];
    const held = new Set(existing.map((record) => unquoteTxt(record.content)));
    const absolute = set?.name ?? `${name}.`;
    if (mode === "add") {
      const missing = [...values].filter((value) => !held.has(value));
      if (missing.length === 0) continue;
      const records = [
        ...existing.map(({ content, disabled }) => ({ content, disabled })),
        ...missing.map((value) => ({ content: quoteTxt(value), disabled: false }))
      ];
      changes.push({ name: absolute, type: "TXT", ttl: set?.ttl ?? ttl, changetype: "REPLACE", records });
      continue;
    }
    const kept = existing.filter((record) => !values.has(unquoteTxt(record.content)));
    if (kept.length === existing.length) continue;
    changes.push(
      kept.length === 0 ? { name: absolute, type: "TXT", changetype: "DELETE" } : {
        name: absolute,
        type: "TXT",
        ttl: set?.ttl ?? ttl,
        changetype: "REPLACE",
        records: kept.map(({ content, disabled }) => ({ content, disabled }))
      }
    );
  }
  return changes;
}
function notHeld(wanted, after, mode) {
  return [...wanted].flatMap(([name, values]) => {
    const held = new Set((after.get(name)?.records ?? []).map((record) => unquoteTxt(record.content)));
    return [...values].filter((value) => held.has(value) !== (mode === "add")).map((value) => `${name} "${value}"`);
  });
}
export {
  PowerDnsProvider,
  mergedChanges
};
