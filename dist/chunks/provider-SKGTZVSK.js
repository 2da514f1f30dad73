import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  OwnRecords,
  distinctRecords
} from "./chunk-UXWFPOVC.js";
import {
  allPages
} from "./chunk-WHZBR5V2.js";
import {
  quoteTxt,
  unquoteTxt
} from "./chunk-6DZFFBXI.js";
import { NoAnswerError, isSuccess, sendRequest } from "./start.js";
import "./start.js";
import "./start.js";
import {
  perRun
} from "./chunk-DOPYVW4J.js";
import {
  inParallel
} from "./chunk-VYFVYXL5.js";
import { isInZone, normalizeName } from "./start.js";
import { parseJson } from "./start.js";
import { DEFAULT_RETRY_POLICY } from "./start.js";
import "./start.js";

// src/dns/providers/vultr/api.ts
var VultrError = class extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
  status;
};
var PER_PAGE = 500;
var VultrApi = class {
  #settings;
  #caller;
  #logger;
  #domains;
  constructor(settings, context) {
    this.#settings = settings;
    this.#caller = { ...context, policy: DEFAULT_RETRY_POLICY };
    this.#logger = context.logger;
  }
  /** The Vultr domain for a record: the account's domain named as the zone, else the most specific one holding it. */
  async domainFor(fqdn, zone) {
    const domains = await this.#listDomains();
    const wanted = normalizeName(zone);
    if (domains.includes(wanted)) return wanted;
    const name = normalizeName(fqdn);
    const holding = domains.filter((d) => isInZone(name, d)).sort((a, b) => b.length - a.length)[0];
    if (holding === void 0)
      throw new Error(
        `vultr: no domain of the account holds ${name} (zone ${zone}; ${domains.length} domain(s) visible); add ${zone} under Network \u2192 DNS, or use a key of the account that has it`
      );
    return holding;
  }
  #listDomains() {
    if (!this.#domains) {
      this.#domains = this.#pages("/domains", "domains", "listing the domains").then((list) => {
        const names = list.map((d) => normalizeName(d.domain));
        this.#logger.debug(`vultr: ${names.length} domain(s) visible to the key`);
        return names;
      });
      this.#domains.catch(() => this.#domains = void 0);
    }
    return this.#domains;
  }
  /** TXT records at exactly `fqdn`: Vultr filters nothing, so every page of the domain's records is read. */
  async txtRecords(domain, fqdn) {
    const name = relativeName(normalizeName(fqdn), domain);
    const records = await this.#pages(
      `/domains/${encodeURIComponent(domain)}/records`,
      "records",
      `listing the records of domain ${domain}`
    );
    return records.filter((r) => r.type === "TXT" && r.name.toLowerCase() === name);
  }
  async createTxt(domain, fqdn, data) {
    const what = `creating TXT ${normalizeName(fqdn)} in domain ${domain}`;
    const answer = await this.#call(
      "POST",
      `/domains/${encodeURIComponent(domain)}/records`,
      what,
      {
        body: {
          name: relativeName(normalizeName(fqdn), domain),
          type: "TXT",
          data,
          ttl: this.#settings.ttl,
          priority: 0
        },
        write: true,
        idempotent: false
      }
    );
    const record = answer?.record;
    if (!record || typeof record.id !== "string" || record.id === "")
      throw new Error(`vultr: ${what}: the answer carries no record ID`);
    return record;
  }
  /** Deletes one record; false when it was already gone. */
  async deleteRecord(domain, id) {
    try {
      await this.#call(
        "DELETE",
        `/domains/${encodeURIComponent(domain)}/records/${encodeURIComponent(id)}`,
        `deleting TXT record ${id} in domain ${domain}`,
        { write: true, idempotent: true }
      );
      return true;
    } catch (error) {
      if (error instanceof VultrError && error.status === 404) return false;
      throw error;
    }
  }
  #pages(path, key, what) {
    return allPages(`vultr: ${what}`, "", async (cursor) => {
      const page = await this.#call("GET", path, what, {
        query: { per_page: String(PER_PAGE), ...cursor ? { cursor } : {} },
        write: false,
        idempotent: true
      });
      const items = page?.[key];
      if (!Array.isArray(items)) throw new Error(`vultr: ${what}: the answer has no ${key} list`);
      const next = page?.meta?.links?.next;
      return { items, next: typeof next === "string" && next !== "" ? next : void 0 };
    });
  }
  async #call(method, path, what, options) {
    const query = options.query ? `?${new URLSearchParams(options.query).toString()}` : "";
    const retryWhen = (answer2) => answer2.status === 429 || answer2.status === 503 || options.idempotent && answer2.status >= 500 ? { why: `HTTP ${answer2.status}` } : void 0;
    const answer = await sendRequest(this.#caller, {
      method,
      url: `${this.#settings.apiUrl}${path}${query}`,
      what: `vultr: ${what}`,
      headers: () => ({ authorization: `Bearer ${this.#settings.token}` }),
      json: options.body,
      retryWhen,
      retryNoAnswer: options.idempotent
    }).catch((error2) => {
      if (error2 instanceof NoAnswerError && !options.idempotent)
        error2.message += "; the record may have been created: cleanup removes it by name and value";
      throw error2;
    });
    if (isSuccess(answer)) return answer.body.length === 0 ? void 0 : parseJson(answer.body);
    const error = explain(answer.status, parseJson(answer.body), what, options.write);
    error.message += answer.note;
    throw error;
  }
};
function explain(status, body, what, write) {
  const message = body?.error?.trim().replace(/\.$/, "");
  const detail = message ? `${status} ${message}` : `HTTP ${status}`;
  let advice;
  if (status === 401 && /ip/i.test(message ?? ""))
    advice = "the key's Access Control list does not allow this runner's address; add the runner's addresses (or 0.0.0.0/0 and ::/0 for hosted runners) under Account \u2192 API";
  else if (status === 401)
    advice = "Vultr does not accept vultr-api-key (unknown, regenerated or the API is disabled); copy the key again";
  else if (status === 403)
    advice = `the key's user lacks the Manage DNS permission${write ? " needed to change records" : ""}; grant it under Account \u2192 Users`;
  else if (status === 404) advice = "the domain is not in the account, or is gone";
  else if (status === 429 || status === 503)
    advice = "Vultr's rate limit is used up; spread the certificates over more runs";
  else if (status === 400) advice = "Vultr refused the record";
  else advice = "see https://www.vultr.com/api/";
  return new VultrError(`vultr: ${what}: ${detail}; ${advice}`, status);
}
function relativeName(fqdn, domain) {
  if (fqdn === domain) return "";
  if (!fqdn.endsWith(`.${domain}`)) throw new Error(`vultr: ${fqdn} is not inside domain ${domain}`);
  return fqdn.slice(0, -(domain.length + 1));
}
function vultrApiFor(settings, context) {
  const key = JSON.stringify(["vultr", settings.token, settings.apiUrl, settings.ttl]);
  return perRun(context, key, () => new VultrApi(settings, context));
}

// src/dns/providers/vultr/provider.ts
var PARALLEL = 4;
var VultrProvider = class {
  name = "vultr";
  #api;
  #own = new OwnRecords({
    format: ({ domain, id }) => `${domain}/${id}`,
    parse: (text) => {
      const match = /^([a-z0-9.-]+)\/([0-9a-f-]{36})$/.exec(text);
      return match ? { domain: match[1], id: match[2] } : void 0;
    },
    // The domain is where the records were listed: the journaled one only while the name is in it.
    same: (a, b) => a.id === b.id
  });
  constructor(settings, context) {
    this.#api = vultrApiFor(settings, context);
  }
  async createRecords(records) {
    await inParallel(distinctRecords(records), PARALLEL, async (record) => {
      const domain = await this.#api.domainFor(record.fqdn, record.zone);
      const created = await this.#api.createTxt(domain, record.fqdn, quoteTxt(record.value));
      this.#own.created(record, { domain, id: created.id });
    });
    return this.#own.withRefs(records);
  }
  async deleteRecords(records) {
    const listings = /* @__PURE__ */ new Map();
    const listed = (domain, fqdn) => {
      const key = `${domain} ${fqdn}`;
      if (!listings.has(key)) listings.set(key, this.#api.txtRecords(domain, fqdn));
      return listings.get(key);
    };
    const targets = await this.#own.toDelete(records, PARALLEL, async (record, journaled) => {
      const domain = journaled && isInZone(normalizeName(record.fqdn), journaled.domain) ? journaled.domain : await this.#api.domainFor(record.fqdn, record.zone);
      return (await listed(domain, record.fqdn)).filter((r) => unquoteTxt(r.data) === record.value).map((r) => ({ domain, id: r.id }));
    });
    await inParallel(targets, PARALLEL, ({ domain, id }) => this.#api.deleteRecord(domain, id));
    this.#own.forget(records);
  }
};
export {
  VultrProvider
};
