import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  GoogleCredentials
} from "./chunk-LKADYW5L.js";
import {
  pollUntil
} from "./chunk-IWGVAPVI.js";
import "./chunk-WO4UHE7A.js";
import "./chunk-JSEFSRRM.js";
import {
  allPages
} from "./chunk-WHZBR5V2.js";
import {
  Locks,
  oncePerKey
} from "./chunk-HJT7ENEG.js";
import {
  quoteTxt,
  unquoteTxt
} from "./chunk-6DZFFBXI.js";
import { GOOGLE_DNS_PERMISSIONS } from "./start.js";
import "./start.js";
import { isSuccess, sendRequest } from "./start.js";
import "./start.js";
import "./start.js";
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
import { CLOUD_API_RETRY_POLICY, DEFAULT_RETRY_POLICY, callWithRetries } from "./start.js";
import "./start.js";

// src/dns/providers/google/api.ts
var CloudDnsError = class extends Error {
  constructor(message, status, reason, detail) {
    super(message);
    this.status = status;
    this.reason = reason;
    this.detail = detail;
  }
  status;
  reason;
  detail;
};
var RETRY_POLICY = CLOUD_API_RETRY_POLICY;
var RATE_LIMIT_REASONS = /* @__PURE__ */ new Set(["rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded"]);
var DONE_TIMEOUT_MS = 12e4;
var PAGE_SIZE = 100;
function zoneKey(zone) {
  return `projects/${zone.project}/managedZones/${zone.name}`;
}
function describeZone(zone) {
  const dns = zone.dnsName && zone.dnsName !== zone.name ? `${zone.dnsName}, ` : "";
  return `managed zone ${zone.name} (${dns}project ${zone.project})`;
}
var CloudDnsApi = class {
  #settings;
  #caller;
  #clock;
  #logger;
  #credentials;
  #project;
  #zones = /* @__PURE__ */ new Map();
  /** Read-merge-write of one managed zone at a time: certificates of a run may share a name. */
  locks = new Locks();
  /**
   * The TXT sets this run last wrote (undefined: deleted), by zone and name: what is there, unless someone else wrote
   * since.
   */
  written = /* @__PURE__ */ new Map();
  constructor(settings, context) {
    this.#settings = settings;
    this.#caller = { ...context, policy: RETRY_POLICY };
    this.#clock = context.clock;
    this.#logger = context.logger;
    this.#credentials = new GoogleCredentials({
      ...context,
      component: "google",
      projectAdvice: "set google-project to the ID of the project that holds the managed zones"
    });
  }
  /** The project: `google-project`, else the credentials'. */
  project() {
    if (this.#settings.project) return Promise.resolve(this.#settings.project);
    if (!this.#project) {
      const found = this.#credentials.project();
      this.#project = found.then(({ id }) => id);
      found.then(
        ({ id, source }) => this.#logger.debug(`google: project ${id} (from ${source})`),
        () => this.#project = void 0
      );
    }
    return this.#project;
  }
  /**
   * The managed zone of a record: its ref (`projects/P/managedZones/Z`, journaled by the run that created it),
   * else the zone the user named, else the one zone of that DNS name in the project.
   */
  async zoneFor(record) {
    const ref = parseRef(record.ref);
    if (ref) return { ...ref, dnsName: record.zone };
    const given = this.#settings.managedZones.idFor(record.fqdn);
    if (given !== void 0)
      return {
        project: await this.project(),
        name: given,
        dnsName: this.#settings.managedZones.zoneFor(record.fqdn) ?? record.zone
      };
    return oncePerKey(this.#zones, record.zone, () => this.#discover(record.zone));
  }
  async #discover(dnsName) {
    const project = await this.project();
    const what = { operation: "managedZones.list", target: `zones named ${dnsName} in project ${project}` };
    const listed = await allPages(
      `google: ${what.operation} for ${what.target}`,
      "",
      async (pageToken) => {
        const query = {
          dnsName: `${dnsName}.`,
          maxResults: String(PAGE_SIZE),
          ...pageToken ? { pageToken } : {}
        };
        const page = await this.#call(
          "GET",
          `/projects/${enc(project)}/managedZones`,
          what,
          { query }
        );
        return { items: page.managedZones ?? [], next: page.nextPageToken || void 0 };
      }
    );
    const found = listed.filter((zone2) => normalizeName(zone2.dnsName ?? "") === dnsName).map((zone2) => ({ name: zone2.name ?? "", visibility: zone2.visibility ?? "public" }));
    const candidates = found.filter((z) => z.visibility === "public" || this.#settings.privateZones);
    const kind = this.#settings.privateZones ? "managed zone" : "public managed zone";
    if (candidates.length === 0) {
      const privates = found.filter((z) => z.visibility !== "public").map((z) => z.name);
      const hint = privates.length > 0 ? `; there is a private one (${privates.join(", ")}): set google-private-zones: true if the CA resolves through it` : "; create it, or set google-managed-zone (and google-project)";
      throw new Error(`google: no ${kind} for ${dnsName} in project ${project} is visible to these credentials${hint}`);
    }
    if (candidates.length > 1) {
      const listed2 = candidates.map((z) => `${z.name} (${z.visibility})`).join(", ");
      throw new Error(
        `google: ${candidates.length} managed zones for ${dnsName} in project ${project} (${listed2}); set google-managed-zone: ${dnsName}=<name> to pick the one the domain is delegated to`
      );
    }
    const zone = { project, name: candidates[0]?.name ?? "", dnsName };
    this.#logger.debug(`google: zone ${dnsName} is ${describeZone(zone)}`);
    return zone;
  }
  /** The TXT record set at `fqdn` (with its trailing dot), if there is one. */
  async readTxt(zone, fqdn) {
    const page = await this.#call(
      "GET",
      `${zonePath(zone)}/rrsets`,
      { operation: "resourceRecordSets.list", target: `TXT ${fqdn} in ${describeZone(zone)}` },
      {
        query: { name: fqdn, type: "TXT" }
      }
    );
    const set = (page.rrsets ?? []).find((s) => s.type === "TXT" && normalizeName(s.name) === normalizeName(fqdn));
    if (set?.routingPolicy !== void 0) {
      throw new Error(
        `google: the TXT record set at ${fqdn} in ${describeZone(zone)} has a routing policy; certwright writes plain record sets only`
      );
    }
    return set ? { name: set.name, type: "TXT", ttl: set.ttl, rrdatas: set.rrdatas ?? [] } : void 0;
  }
  /** Sends one change to the zone; returns its ID and status. */
  async createChange(zone, change) {
    const names = [...new Set([...change.deletions, ...change.additions].map((set) => set.name))];
    const listed = names.length > 4 ? `${names.slice(0, 4).join(", ")} and ${names.length - 4} more` : names.join(", ");
    const result = await this.#call(
      "POST",
      `${zonePath(zone)}/changes`,
      { operation: "changes.create", target: `${listed} in ${describeZone(zone)}` },
      {
        body: { kind: "dns#change", additions: change.additions, deletions: change.deletions }
      }
    );
    this.#logger.debug(
      `google: change ${result.id ?? "?"} in ${describeZone(zone)} (${change.deletions.length} deletion(s), ${change.additions.length} addition(s)): ${result.status ?? ""}`
    );
    return { id: result.id ?? "", status: result.status ?? "pending" };
  }
  /** Polls every pending change until Cloud DNS reports it `done`, together, within DONE_TIMEOUT_MS. */
  async waitDone(changes) {
    const started = this.#clock.now();
    const timing = { firstMs: 200, maxMs: 5e3, timeoutMs: DONE_TIMEOUT_MS, since: started };
    await Promise.all(
      changes.map(async ({ zone, id }) => {
        let status;
        const what = { operation: "changes.get", target: `change ${id} in ${describeZone(zone)}` };
        const done = await pollUntil(
          this.#clock,
          timing,
          async () => (status = (await this.#call("GET", `${zonePath(zone)}/changes/${enc(id)}`, what)).status) === "done"
        );
        if (!done)
          this.#logger.warn(
            `google: change ${id} in ${describeZone(zone)} is still ${status ?? "pending"} after ${DONE_TIMEOUT_MS / 1e3} s; going on to the authoritative check`
          );
      })
    );
    if (changes.length > 0)
      this.#logger.debug(`google: ${changes.length} change(s) done in ${this.#clock.now() - started} ms`);
  }
  async #call(method, path, what, options = {}) {
    const query = options.query ? `?${new URLSearchParams(options.query).toString()}` : "";
    const url = `${this.#settings.apiUrl}${path}${query}`;
    const request = {
      method,
      url,
      what: `google: ${what.operation} for ${what.target}`,
      headers: () => this.#credentials.headers(),
      json: options.body,
      retryWhen: throttled
    };
    const answer = await sendRequest(this.#caller, request);
    if (isSuccess(answer)) return parseJson(answer.body) ?? {};
    const { status, reason, detail } = googleError(answer.status, answer.body);
    throw this.#explain(what, status, reason, detail, answer.note);
  }
  #explain(what, status, reason, detail, retried) {
    let advice = "";
    if (status === 401)
      advice = "; Google did not accept the access token: check the credentials step before this one (google-github-actions/auth)";
    else if (status === 403 && reason === "insufficientPermissions")
      advice = "; the access token lacks the cloud-platform scope";
    else if (status === 403) {
      const list = what.operation === "managedZones.list" ? ", or set google-managed-zone so no listing is needed" : "";
      advice = `; the credentials need roles/dns.admin, or a custom role with ${GOOGLE_DNS_PERMISSIONS.join(", ")}, on the project or the managed zone${list}; see the google section of docs/providers.md`;
    } else if (status === 404 && /managedZone/.test(detail)) {
      advice = this.#settings.managedZones.isEmpty ? "; check google-project" : `; check google-managed-zone (${this.#settings.managedZones.describe()}) and google-project`;
    }
    return new CloudDnsError(
      `google: ${what.operation} for ${what.target}: ${reason} (${status}: ${detail})${retried}${advice}`,
      status,
      reason,
      detail
    );
  }
};
function parseRef(ref) {
  const match = /^projects\/([^/\s]+)\/managedZones\/([^/\s]+)$/.exec(ref ?? "");
  return match ? { project: match[1], name: match[2] } : void 0;
}
function enc(segment) {
  return encodeURIComponent(segment);
}
function zonePath(zone) {
  return `/projects/${enc(zone.project)}/managedZones/${enc(zone.name)}`;
}
function googleError(status, body) {
  const error = parseJson(body)?.error;
  return {
    status,
    reason: error?.errors?.[0]?.reason ?? error?.status ?? `HTTP ${status}`,
    detail: error?.message ?? shownBody(body, [])
  };
}
function throttled(answer) {
  const { reason } = googleError(answer.status, answer.body);
  return answer.status === 429 || answer.status >= 500 || RATE_LIMIT_REASONS.has(reason) ? { why: `${answer.status} ${reason}` } : void 0;
}
function cloudDnsApiFor(settings, context) {
  const key = JSON.stringify([
    "google",
    settings.project ?? null,
    settings.managedZones.describe(),
    settings.privateZones,
    settings.apiUrl
  ]);
  return perRun(context, key, () => new CloudDnsApi(settings, context));
}

// src/dns/providers/google/provider.ts
var CONFLICT_RETRIES = { ...DEFAULT_RETRY_POLICY, attempts: 5 };
var READ_PARALLEL = 8;
var GoogleProvider = class {
  name = "google";
  #api;
  #settings;
  #context;
  constructor(settings, context) {
    this.#settings = settings;
    this.#context = context;
    this.#api = cloudDnsApiFor(settings, context);
  }
  async createRecords(records) {
    const { batches, zones } = await this.#byManagedZone(records);
    const changes = await settleAll(batches.map((batch) => this.#rewrite(batch, "add")));
    await this.#api.waitDone(
      changes.filter(
        (c) => c !== void 0 && c.status !== "done"
      )
    );
    return records.map((record, i) => ({ ...record, ref: zoneKey(zones[i]) }));
  }
  /** Removes the run's values; the change is not awaited to `done`: nothing waits on a removal. */
  async deleteRecords(records) {
    const { batches } = await this.#byManagedZone(records);
    await settleAll(batches.map((batch) => this.#rewrite(batch, "remove")));
  }
  async #byManagedZone(records) {
    const zones = await Promise.all(records.map((record) => this.#api.zoneFor(record)));
    const batches = groupByZone(records, zones, zoneKey);
    return { batches, zones };
  }
  /**
   * Adds or removes the run's values at every name of one managed zone in one change; returns the
   * change, if anything changed. A set this run wrote last is taken as it left it (so cleanup
   * costs no read); any other is read first. When Cloud DNS refuses the change because a set is
   * not as assumed, every set is read again and the change rebuilt.
   */
  async #rewrite({ zone, items: records }, mode) {
    const names = /* @__PURE__ */ new Map();
    for (const record of records) {
      const fqdn = `${normalizeName(record.fqdn)}.`;
      names.set(fqdn, (names.get(fqdn) ?? /* @__PURE__ */ new Set()).add(record.value));
    }
    const swap = async (attempt) => {
      const current = await this.#current(zone, [...names.keys()], attempt === 1);
      const change = mergedChange(
        [...names].map(([fqdn, values], i) => ({ fqdn, values, current: current[i] })),
        mode,
        this.#settings.ttl
      );
      if (change.additions.length === 0 && change.deletions.length === 0) return void 0;
      const result = await this.#api.createChange(zone, change);
      this.#remember(zone, change);
      return { zone, ...result };
    };
    const conflict = (error) => isConflict(error) ? { why: `changed since it was read (${error.reason}); reading it again`, afterMs: 0 } : void 0;
    const what = `google: ${describeZone(zone)}`;
    return this.#api.locks.run(
      zoneKey(zone),
      () => callWithRetries(this.#context, CONFLICT_RETRIES, what, swap, conflict, (error) => error)
    );
  }
  /** The sets at `fqdns`: as this run last wrote them when `trustWritten` and it did, else read, a few at a time. */
  async #current(zone, fqdns, trustWritten) {
    const sets = new Array(fqdns.length);
    const toRead = fqdns.map((fqdn, i) => ({ fqdn, i })).filter(({ fqdn, i }) => {
      const key = writtenKey(zone, fqdn);
      if (!trustWritten || !this.#api.written.has(key)) return true;
      sets[i] = this.#api.written.get(key);
      return false;
    });
    await inParallel(toRead, READ_PARALLEL, async ({ fqdn, i }) => sets[i] = await this.#api.readTxt(zone, fqdn));
    return sets;
  }
  #remember(zone, change) {
    for (const set of change.deletions) this.#api.written.set(writtenKey(zone, set.name), void 0);
    for (const set of change.additions) this.#api.written.set(writtenKey(zone, set.name), set);
  }
};
function writtenKey(zone, fqdn) {
  return `${zoneKey(zone)} ${normalizeName(fqdn)}`;
}
function mergedChange(sets, mode, ttl) {
  const additions = [];
  const deletions = [];
  for (const { fqdn, values, current } of sets) {
    const existing = current?.rrdatas ?? [];
    const present = new Set(existing.map(unquoteTxt));
    let next;
    if (mode === "add") {
      const missing = [...values].filter((value) => !present.has(value));
      if (missing.length === 0) continue;
      next = [...existing, ...missing.map(quoteTxt)];
    } else {
      next = existing.filter((rdata) => !values.has(unquoteTxt(rdata)));
      if (next.length === existing.length) continue;
    }
    const seen = /* @__PURE__ */ new Set();
    next = next.filter((rdata) => !seen.has(unquoteTxt(rdata)) && seen.add(unquoteTxt(rdata)));
    if (current) deletions.push({ name: current.name, type: "TXT", ttl: current.ttl, rrdatas: current.rrdatas });
    if (next.length > 0)
      additions.push({ name: current?.name ?? fqdn, type: "TXT", ttl: current?.ttl ?? ttl, rrdatas: next });
  }
  return { additions, deletions };
}
function isConflict(error) {
  if (!(error instanceof CloudDnsError)) return false;
  if (error.status === 412 || error.reason === "conditionNotMet") return true;
  if (error.status === 409 || error.reason === "alreadyExists") return true;
  return error.status === 404 && /entity\.change\.deletions/.test(error.detail);
}
export {
  GoogleProvider,
  mergedChange
};
