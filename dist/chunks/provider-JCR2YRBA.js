import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  allPages,
  nextPageUrl
} from "./chunk-WHZBR5V2.js";
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
import { DEFAULT_RETRY_POLICY } from "./start.js";
import "./start.js";

// src/dns/providers/desec/api.ts
var WRITE_SPACING_MS = 500;
var DesecError = class extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
  status;
};
function describeErrors(body, sent) {
  if (body === void 0) return void 0;
  const fields = (item) => Object.entries(item).map(
    ([field, problems]) => `${field}: ${Array.isArray(problems) ? problems.join(" ") : JSON.stringify(problems)}`
  ).join(", ");
  if (Array.isArray(body))
    return body.map((item, i) => Object.keys(item).length > 0 ? `${sent[i]?.subname || "@"} ${fields(item)}` : "").filter(Boolean).join("; ");
  const { detail } = body;
  return typeof detail === "string" ? detail : fields(body);
}
function advice(status, domain, names) {
  if (status === 401)
    return "deSEC does not accept desec-token (unknown, expired by max_age or max_unused_period, or used from outside its allowed_subnets); create a new token";
  if (status === 403)
    return `the token's policies do not let it write TXT at ${names.join(", ") || "these names"} in ${domain}; add a policy with perm_write for domain ${domain}, each subname and type TXT`;
  if (status === 404) return `${domain} is not a domain of the token's deSEC account`;
  if (status === 429)
    return "deSEC's rate limit is spent for longer than certwright waits (record-set writes per domain: 2/s, 15/min, 100/h, 300/day); run again later, or issue for fewer names at once";
  return "see https://desec.readthedocs.io/";
}
var DesecApi = class {
  #settings;
  #caller;
  #clock;
  #domains = /* @__PURE__ */ new Map();
  #lastWrite = /* @__PURE__ */ new Map();
  /** One read-merge-write at a time per domain: certificates of a run take turns, and writes stay spaced. */
  locks = new Locks();
  constructor(settings, context) {
    this.#settings = settings;
    this.#caller = { ...context, policy: DEFAULT_RETRY_POLICY };
    this.#clock = context.clock;
  }
  get ttl() {
    return this.#settings.ttl;
  }
  /** The domain, read once per run. */
  domain(name) {
    return oncePerKey(this.#domains, name, async () => {
      const answer = await this.#send("GET", `${this.#base(name)}/`, `reading domain ${name}`, name);
      return parseJson(answer.body) ?? { name, minimum_ttl: 3600 };
    });
  }
  /** Every TXT set of the domain, page after page. */
  txtSets(domain) {
    const base = `${this.#base(domain)}/rrsets/`;
    const what = `listing TXT record sets of ${domain}`;
    return allPages(`desec: ${what}`, `${base}?type=TXT&cursor=`, async (url) => {
      const answer = await this.#send("GET", url, what, domain);
      const link = /<([^>]*)>\s*;\s*rel="next"/.exec(String(answer.headers.link ?? ""))?.[1];
      return {
        items: parseJson(answer.body) ?? [],
        next: nextPageUrl(link, this.#settings.apiUrl, `desec: ${what}`)
      };
    });
  }
  /** Applies `sets` in one atomic bulk PATCH (records `[]` deletes a set); returns the sets as they now are. */
  async patch(domain, sets, what) {
    const wait = (this.#lastWrite.get(domain) ?? -Infinity) + WRITE_SPACING_MS - this.#clock.now();
    if (wait > 0) await this.#clock.sleep(wait);
    try {
      const answer = await this.#send("PATCH", `${this.#base(domain)}/rrsets/`, what, domain, sets);
      return parseJson(answer.body) ?? [];
    } finally {
      this.#lastWrite.set(domain, this.#clock.now());
    }
  }
  #base(domain) {
    return `${this.#settings.apiUrl}/domains/${encodeURIComponent(domain)}`;
  }
  async #send(method, url, what, domain, sets) {
    const answer = await sendRequest(this.#caller, {
      method,
      url,
      what: `desec: ${what}`,
      headers: () => ({ authorization: `Token ${this.#settings.token}` }),
      json: sets,
      // A GET does no harm twice; a lost PATCH is not sent again blindly (the next read shows what happened).
      retryNoAnswer: method === "GET"
    });
    if (isSuccess(answer)) return answer;
    const detail = describeErrors(parseJson(answer.body), sets ?? []) ?? shownBody(answer.body, [this.#settings.token]);
    const names = (sets ?? []).map((set) => set.subname ? `${set.subname}.${domain}` : domain);
    throw new DesecError(
      `desec: ${what}: ${answer.status} ${detail}; ${advice(answer.status, domain, names)}${answer.note}`,
      answer.status
    );
  }
};
function desecApiFor(settings, context) {
  const key = JSON.stringify(["desec", settings.token, settings.apiUrl, settings.ttl ?? null]);
  return perRun(context, key, () => new DesecApi(settings, context));
}

// src/dns/providers/desec/provider.ts
var DesecProvider = class {
  name = "desec";
  #api;
  constructor(settings, context) {
    this.#api = desecApiFor(settings, context);
  }
  async createRecords(records) {
    await settleAll(byDomain(records).map(({ zone, items }) => this.#locked(zone, () => this.#add(zone, items))));
  }
  async deleteRecords(records) {
    await settleAll(byDomain(records).map(({ zone, items }) => this.#locked(zone, () => this.#remove(zone, items))));
  }
  #locked(domain, work) {
    return this.#api.locks.run(domain, work);
  }
  async #add(domain, records) {
    const { minimum_ttl: minimum } = await this.#api.domain(domain);
    const ttl = this.#api.ttl ?? minimum;
    if (ttl < minimum)
      throw new Error(
        `desec-ttl: ${ttl} is below the minimum TTL of ${domain} (${minimum}); set desec-ttl to ${minimum} or more, or leave it unset`
      );
    const current = await this.#current(domain);
    const sets = [];
    for (const [subname, values] of valuesByName(domain, records)) {
      const set = current.get(subname);
      const present = new Set((set?.records ?? []).map(unquoteTxt));
      const missing = [...values].filter((value) => !present.has(value));
      if (missing.length === 0) continue;
      const merged = [...set?.records ?? [], ...missing.map(quoteTxt)];
      sets.push(set ? { subname, type: "TXT", records: merged } : { subname, type: "TXT", ttl, records: merged });
    }
    if (sets.length === 0) return;
    const written = await this.#api.patch(domain, sets, `creating TXT ${describe(domain, sets)}`);
    for (const [subname, values] of valuesByName(domain, records)) {
      const held = new Set((written.find((s) => s.subname === subname)?.records ?? []).map(unquoteTxt));
      if ([...values].some((value) => !held.has(value)))
        throw new Error(`desec: creating TXT ${nameOf(subname, domain)}: deSEC's answer does not hold the new value`);
    }
  }
  async #remove(domain, records) {
    const current = await this.#current(domain);
    const sets = [];
    for (const [subname, values] of valuesByName(domain, records)) {
      const set = current.get(subname);
      if (!set) continue;
      const kept = set.records.filter((record) => !values.has(unquoteTxt(record)));
      if (kept.length < set.records.length) sets.push({ subname, type: "TXT", records: kept });
    }
    if (sets.length > 0) await this.#api.patch(domain, sets, `deleting TXT ${describe(domain, sets)}`);
  }
  async #current(domain) {
    return new Map((await this.#api.txtSets(domain)).map((set) => [set.subname, set]));
  }
};
function byDomain(records) {
  return groupByZone(
    records,
    records.map((record) => normalizeName(record.zone)),
    (zone) => zone
  );
}
function valuesByName(domain, records) {
  const names = /* @__PURE__ */ new Map();
  for (const record of records) {
    const fqdn = normalizeName(record.fqdn);
    if (fqdn !== domain && !fqdn.endsWith(`.${domain}`))
      throw new Error(`desec: ${fqdn} is not in the domain ${domain}`);
    const subname = fqdn === domain ? "" : fqdn.slice(0, -domain.length - 1);
    names.set(subname, (names.get(subname) ?? /* @__PURE__ */ new Set()).add(record.value));
  }
  return names;
}
function nameOf(subname, domain) {
  return subname ? `${subname}.${domain}` : domain;
}
function describe(domain, sets) {
  const names = sets.map((set) => nameOf(set.subname, domain));
  return names.length > 5 ? `${names.slice(0, 5).join(", ")} and ${names.length - 5} more` : names.join(", ");
}
export {
  DesecProvider
};
