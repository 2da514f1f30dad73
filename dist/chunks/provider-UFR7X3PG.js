import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  OwnRecords,
  ZONE_RECORD_REFS,
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
import { parseJson, shownBody } from "./start.js";
import { DEFAULT_RETRY_POLICY } from "./start.js";
import "./start.js";

// src/dns/providers/dnsimple/api.ts
var DnsimpleError = class extends Error {
  constructor(message, status, detail) {
    super(message);
    this.status = status;
    this.detail = detail;
  }
  status;
  detail;
  /** DNSimple refused a record identical to one the zone holds. */
  get duplicate() {
    return this.status === 400 && /already exists/i.test(this.detail);
  }
};
var PER_PAGE = 100;
function retryable(idempotent) {
  return (answer) => answer.status === 429 || idempotent && answer.status >= 500 ? { why: `HTTP ${answer.status}` } : void 0;
}
function untilReset(answer, now) {
  const reset = Number(answer.headers["x-ratelimit-reset"]);
  return Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1e3 - now) : void 0;
}
var DnsimpleApi = class {
  #settings;
  #caller;
  #account = /* @__PURE__ */ new Map();
  constructor(settings, context) {
    this.#settings = settings;
    this.#caller = { ...context, policy: DEFAULT_RETRY_POLICY };
  }
  /** The account ID: `dnsimple-account-id`, else the account of an account token. */
  account() {
    if (this.#settings.accountId) return Promise.resolve(this.#settings.accountId);
    return oncePerKey(this.#account, "whoami", async () => {
      const who = await this.#call("GET", "/v2/whoami", {
        what: "reading the account of the token (/v2/whoami)"
      });
      const id = who?.data?.account?.id;
      if (id === void 0)
        throw new Error(
          "dnsimple: dnsimple-oauth-token is a user token, which names no account; set dnsimple-account-id to the account that holds the zones, or use an account access token"
        );
      return String(id);
    });
  }
  /** TXT records at exactly `name` (relative) in the zone, every page. */
  async txtRecords(zone, name) {
    const account = await this.account();
    const what = `listing TXT records at ${fqdnOf(name, zone)} in zone ${zone}`;
    return allPages(`dnsimple: ${what}`, 1, async (page) => {
      const query = new URLSearchParams({ name, type: "TXT", page: String(page), per_page: String(PER_PAGE) });
      const answer = await this.#call(
        "GET",
        `/v2/${account}/zones/${zone}/records?${query.toString()}`,
        { what, zone }
      );
      return {
        items: (answer.data ?? []).filter((r) => r.type === "TXT" && r.name === name),
        next: page < (answer.pagination?.total_pages ?? 1) ? page + 1 : void 0
      };
    });
  }
  /** Creates and deletes records of one zone in one request, all or nothing; returns the created records in order. */
  async batch(zone, change) {
    const account = await this.account();
    const body = {
      ...change.creates?.length ? {
        creates: change.creates.map(({ name, content }) => ({
          name,
          type: "TXT",
          content,
          ttl: this.#settings.ttl
        }))
      } : {},
      ...change.deletes?.length ? { deletes: change.deletes.map((id) => ({ id })) } : {}
    };
    const what = change.creates?.length ? `creating ${change.creates.length} TXT record(s) in zone ${zone}` : `deleting ${change.deletes?.length ?? 0} TXT record(s) in zone ${zone}`;
    const answer = await this.#call(
      "POST",
      `/v2/${account}/zones/${zone}/batch`,
      { what, zone, body, idempotent: false }
    );
    return answer?.data?.creates ?? [];
  }
  async createTxt(zone, name, content) {
    const account = await this.account();
    const answer = await this.#call("POST", `/v2/${account}/zones/${zone}/records`, {
      what: `creating TXT ${fqdnOf(name, zone)} in zone ${zone}`,
      zone,
      body: { name, type: "TXT", content, ttl: this.#settings.ttl },
      idempotent: false
    });
    return answer.data;
  }
  /** Deletes one record; false when it was already gone. */
  async deleteRecord(zone, id) {
    const account = await this.account();
    try {
      await this.#call("DELETE", `/v2/${account}/zones/${zone}/records/${id}`, {
        what: `deleting TXT record ${id} in zone ${zone}`,
        zone
      });
      return true;
    } catch (error) {
      if (error instanceof DnsimpleError && error.status === 404 && /record/i.test(error.detail)) return false;
      throw error;
    }
  }
  async #call(method, path, options) {
    const { token, apiUrl } = this.#settings;
    const answer = await sendRequest(this.#caller, {
      method,
      url: `${apiUrl}${path}`,
      what: `dnsimple: ${options.what}`,
      headers: () => ({ authorization: `Bearer ${token}` }),
      json: options.body,
      retryWhen: retryable(options.idempotent ?? true),
      waitWhenUnsaid: untilReset
    });
    if (isSuccess(answer)) return answer.status === 204 ? void 0 : parseJson(answer.body);
    const body = parseJson(answer.body);
    const fields = Object.entries(body?.errors ?? {}).map(([field, problems]) => `${field} ${problems.join(", ")}`);
    const detail = [body?.message, ...fields].filter(Boolean).join(": ") || `HTTP ${answer.status} ${shownBody(answer.body, [token])}`;
    const fix = this.#advice(answer.status, detail, options.zone);
    throw new DnsimpleError(
      `dnsimple: ${options.what}: ${answer.status} ${detail}; ${fix}${answer.note}`,
      answer.status,
      detail
    );
  }
  #advice(status, detail, zone) {
    const account = this.#settings.accountId ? `account ${this.#settings.accountId}` : "the token's account";
    if (status === 401)
      return "DNSimple does not accept dnsimple-oauth-token (unknown, revoked, or for the other of production and sandbox: check dnsimple-api-url); create an account access token";
    if (status === 402) return "the account's plan does not include this call; upgrade it or contact DNSimple";
    if (status === 403 || status === 404 && /account/i.test(detail))
      return `the token has no access to ${account}; check dnsimple-account-id, or use a token of that account`;
    if (status === 404 && /zone/i.test(detail))
      return `${zone ?? "the zone"} is not a zone of ${account}; check the zone and dnsimple-account-id`;
    if (status === 429) return "the rate limit is spent; rerun later";
    return "see https://developer.dnsimple.com/v2/ for the call";
  }
};
function fqdnOf(name, zone) {
  return name === "" ? zone : `${name}.${zone}`;
}
function dnsimpleApiFor(settings, context) {
  const key = JSON.stringify(["dnsimple", settings.token, settings.accountId, settings.apiUrl, settings.ttl]);
  return perRun(context, key, () => new DnsimpleApi(settings, context));
}

// src/dns/providers/dnsimple/provider.ts
var PARALLEL = 4;
var BATCH_SIZE = 100;
var DnsimpleProvider = class {
  name = "dnsimple";
  #api;
  /** The ref journaled for a record of this run is `zone/id`. */
  #own = new OwnRecords(ZONE_RECORD_REFS);
  constructor(settings, context) {
    this.#api = dnsimpleApiFor(settings, context);
  }
  async createRecords(records) {
    const unique = distinctRecords(records);
    const zones = unique.map((record) => zoneName(record.zone));
    await settleAll(
      groupByZone(unique, zones, (zone) => zone).map(({ zone, items }) => this.#createInZone(zone, items))
    );
    return this.#own.withRefs(records);
  }
  async deleteRecords(records) {
    const targets = await this.#own.toDelete(records, PARALLEL, (record, journaled) => this.#atName(record, journaled));
    const byZone = groupByZone(
      targets,
      targets.map((target) => target.zone),
      (zone) => zone
    );
    await settleAll(
      byZone.map(
        ({ zone, items }) => this.#deleteInZone(
          zone,
          items.map((item) => item.id)
        )
      )
    );
    this.#own.forget(records);
  }
  async #createInZone(zone, records) {
    for (const chunk of chunks(records, BATCH_SIZE)) {
      try {
        const created = await this.#api.batch(zone, {
          creates: chunk.map((record) => ({ name: nameIn(record.fqdn, zone), content: record.value }))
        });
        chunk.forEach((record, i) => this.#remember(record, zone, created[i]?.id));
      } catch (error) {
        if (!batchRefused(error)) throw error;
        await inParallel(chunk, PARALLEL, (record) => this.#createOne(zone, record));
      }
    }
  }
  async #createOne(zone, record) {
    const name = nameIn(record.fqdn, zone);
    try {
      this.#remember(record, zone, (await this.#api.createTxt(zone, name, record.value)).id);
    } catch (error) {
      if (!(error instanceof DnsimpleError && error.duplicate)) throw error;
      const existing = (await this.#api.txtRecords(zone, name)).find((r) => unquoteTxt(r.content) === record.value);
      if (!existing) throw error;
      this.#remember(record, zone, existing.id);
    }
  }
  #remember(record, zone, id) {
    if (id === void 0)
      throw new Error(`dnsimple: creating TXT ${record.fqdn} in zone ${zone}: the answer carries no record ID`);
    this.#own.created(record, { zone, id });
  }
  async #deleteInZone(zone, ids) {
    for (const chunk of chunks(ids, BATCH_SIZE)) {
      try {
        await this.#api.batch(zone, { deletes: chunk });
      } catch (error) {
        if (!batchRefused(error)) throw error;
        await inParallel(chunk, PARALLEL, (id) => this.#api.deleteRecord(zone, id));
      }
    }
  }
  /** The records at a record's name carrying its value: in the journaled ref's zone, if any. */
  async #atName(record, journaled) {
    const zone = journaled?.zone ?? zoneName(record.zone);
    return (await this.#api.txtRecords(zone, nameIn(record.fqdn, zone))).filter((r) => unquoteTxt(r.content) === record.value).map((r) => ({ zone, id: r.id }));
  }
};
function batchRefused(error) {
  if (!(error instanceof DnsimpleError)) return false;
  if (error.status === 400 || error.status === 402) return true;
  return error.status === 404 && !/zone|account/i.test(error.detail);
}
function zoneName(zone) {
  return zone.toLowerCase().replace(/\.$/, "");
}
function nameIn(fqdn, zone) {
  const name = fqdn.toLowerCase().replace(/\.$/, "");
  if (name === zone) return "";
  if (!name.endsWith(`.${zone}`)) throw new Error(`dnsimple: ${fqdn} is not in zone ${zone}`);
  return name.slice(0, -(zone.length + 1));
}
function chunks(items, size) {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}
export {
  DnsimpleProvider
};
