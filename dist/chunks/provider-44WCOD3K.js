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
  oncePerKey
} from "./chunk-HJT7ENEG.js";
import {
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
import { normalizeName } from "./start.js";
import { parseJson } from "./start.js";
import { DEFAULT_RETRY_POLICY } from "./start.js";
import "./start.js";

// src/dns/providers/linode/api.ts
var LinodeError = class extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
  status;
};
var PAGE_SIZE = 500;
var LinodeApi = class {
  #settings;
  #caller;
  #logger;
  #domains = /* @__PURE__ */ new Map();
  constructor(settings, context) {
    this.#settings = settings;
    this.#caller = { ...context, policy: DEFAULT_RETRY_POLICY };
    this.#logger = context.logger;
  }
  /** The Linode domain of a zone the DNS core found, looked up once per run. */
  domainFor(zone) {
    const name = normalizeName(zone);
    return oncePerKey(this.#domains, name, async () => {
      const found = await this.#pages("/domains", { domain: name }, `finding domain ${name}`);
      const domain = found.find((d) => normalizeName(d.domain) === name);
      if (!domain)
        throw new Error(
          `linode: no domain ${name} is visible to linode-token; add it in Cloud Manager \u2192 Domains, or use a token of the account that has it`
        );
      if (domain.type === "slave")
        throw new Error(
          `linode: domain ${name} (${domain.id}) is a secondary (slave) domain, whose records come from its primary; create the TXT records on the primary nameserver, or make the domain a primary one at Linode`
        );
      this.#logger.debug(`linode: domain ${name} is ${domain.id}`);
      return domain;
    });
  }
  /** TXT records at exactly `fqdn` in the domain. */
  async txtRecords(domain, fqdn) {
    const name = relativeName(normalizeName(fqdn), normalizeName(domain.domain));
    const records = await this.#pages(
      `/domains/${domain.id}/records`,
      { type: "TXT", name },
      `listing TXT records at ${normalizeName(fqdn)} in domain ${domain.domain} (${domain.id})`
    );
    return records.filter((r) => r.type === "TXT" && r.name.toLowerCase() === name);
  }
  async createTxt(domain, fqdn, value) {
    const name = relativeName(normalizeName(fqdn), normalizeName(domain.domain));
    const what = `creating TXT ${normalizeName(fqdn)} in domain ${domain.domain} (${domain.id})`;
    const record = await this.#call("POST", `/domains/${domain.id}/records`, what, {
      body: { type: "TXT", name, target: value, ttl_sec: this.#settings.ttl },
      write: true,
      idempotent: false
    });
    if (!record || !Number.isSafeInteger(record.id))
      throw new Error(`linode: ${what}: the answer carries no record ID`);
    return record;
  }
  /** Deletes one record; false when it was already gone. */
  async deleteRecord(domainId, recordId) {
    try {
      await this.#call(
        "DELETE",
        `/domains/${domainId}/records/${recordId}`,
        `deleting TXT record ${recordId} in domain ${domainId}`,
        { write: true, idempotent: true }
      );
      return true;
    } catch (error) {
      if (error instanceof LinodeError && error.status === 404) return false;
      throw error;
    }
  }
  #pages(path, filter, what) {
    return allPages(`linode: ${what}`, 1, async (page) => {
      const answer = await this.#call("GET", path, what, {
        query: { page: String(page), page_size: String(PAGE_SIZE) },
        filter,
        write: false,
        idempotent: true
      });
      if (!Array.isArray(answer?.data)) throw new Error(`linode: ${what}: the answer has no data list`);
      return { items: answer.data, next: page < (answer.pages ?? 1) ? page + 1 : void 0 };
    });
  }
  async #call(method, path, what, options) {
    const query = options.query ? `?${new URLSearchParams(options.query).toString()}` : "";
    const retryWhen = (answer2) => answer2.status === 429 || options.idempotent && answer2.status >= 500 ? { why: `HTTP ${answer2.status}` } : void 0;
    const answer = await sendRequest(this.#caller, {
      method,
      url: `${this.#settings.apiUrl}${path}${query}`,
      what: `linode: ${what}`,
      headers: () => ({
        authorization: `Bearer ${this.#settings.token}`,
        ...options.filter ? { "x-filter": JSON.stringify(options.filter) } : {}
      }),
      json: options.body,
      retryWhen,
      retryNoAnswer: options.idempotent
    }).catch((error2) => {
      if (error2 instanceof NoAnswerError && !options.idempotent)
        error2.message += "; the record may have been created: the next run removes it (it is in the crash record by name and value)";
      throw error2;
    });
    if (isSuccess(answer)) return parseJson(answer.body);
    const error = explain(answer.status, parseJson(answer.body), what, options.write);
    error.message += answer.note;
    throw error;
  }
};
function explain(status, body, what, write) {
  const reasons = (body?.errors ?? []).map((e) => `${e.field ? `${e.field}: ` : ""}${e.reason ?? ""}`.trim());
  const detail = `${status} ${reasons.join("; ") || "no reason given"}`;
  const text = reasons.join(" ").toLowerCase();
  let advice;
  if ((status === 401 || status === 403) && /not authorized|scope|unauthorized/.test(text) && !/invalid token/.test(text))
    advice = write ? "linode-token lacks the scope Domains: Read/Write; create a personal access token with Domains set to Read/Write" : "linode-token lacks the scope Domains (Read Only or Read/Write); create a token with Domains set to Read/Write";
  else if (status === 401)
    advice = "Linode does not accept linode-token (unknown, expired or revoked); create a new personal access token";
  else if (status === 403)
    advice = "the token's user may not change this domain; give the user read-write access to it in Cloud Manager \u2192 Users";
  else if (status === 404) advice = "the domain is gone or not visible to the token";
  else if (status === 429)
    advice = "Linode's rate limit for the token is used up; spread the certificates over more runs";
  else if (status === 400) advice = "Linode refused the record";
  else advice = "see https://techdocs.akamai.com/linode-api/reference/api";
  return new LinodeError(`linode: ${what}: ${detail}; ${advice}`, status);
}
function relativeName(fqdn, domain) {
  if (fqdn === domain) return "";
  if (!fqdn.endsWith(`.${domain}`)) throw new Error(`linode: ${fqdn} is not inside domain ${domain}`);
  return fqdn.slice(0, -(domain.length + 1));
}
function linodeApiFor(settings, context) {
  const key = JSON.stringify(["linode", settings.token, settings.apiUrl, settings.ttl]);
  return perRun(context, key, () => new LinodeApi(settings, context));
}

// src/dns/providers/linode/provider.ts
var PARALLEL = 4;
var LinodeProvider = class {
  name = "linode";
  #api;
  #own = new OwnRecords({
    format: ({ domainId, id }) => `${domainId}/${id}`,
    parse: (text) => {
      const match = /^(\d{1,15})\/(\d{1,15})$/.exec(text);
      return match ? { domainId: Number(match[1]), id: Number(match[2]) } : void 0;
    },
    same: (a, b) => a.domainId === b.domainId && a.id === b.id
  });
  constructor(settings, context) {
    this.#api = linodeApiFor(settings, context);
  }
  async createRecords(records) {
    await inParallel(distinctRecords(records), PARALLEL, async (record) => {
      const domain = await this.#api.domainFor(record.zone);
      const created = await this.#api.createTxt(domain, record.fqdn, record.value);
      this.#own.created(record, { domainId: domain.id, id: created.id });
    });
    return this.#own.withRefs(records);
  }
  async deleteRecords(records) {
    const targets = await this.#own.toDelete(records, PARALLEL, async (record) => {
      const domain = await this.#api.domainFor(record.zone);
      return (await this.#api.txtRecords(domain, record.fqdn)).filter((r) => sameValue(r.target, record.value)).map((r) => ({ domainId: domain.id, id: r.id }));
    });
    await inParallel(targets, PARALLEL, ({ domainId, id }) => this.#api.deleteRecord(domainId, id));
    this.#own.forget(records);
  }
};
function sameValue(target, value) {
  return target === value || unquoteTxt(target) === value;
}
export {
  LinodeProvider
};
