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
  inParallel,
  settleAll
} from "./chunk-VYFVYXL5.js";
import { normalizeName } from "./start.js";
import { parseJson } from "./start.js";
import { DEFAULT_RETRY_POLICY } from "./start.js";
import "./start.js";

// src/dns/providers/cloudflare/api.ts
var CloudflareError = class extends Error {
  constructor(message, status, codes) {
    super(message);
    this.status = status;
    this.codes = codes;
  }
  status;
  codes;
};
var PER_PAGE = 100;
function explain(status, envelope, what, write) {
  const errors = envelope?.errors ?? [];
  const codes = errors.flatMap((e) => [e.code ?? 0, ...(e.error_chain ?? []).map((c) => c.code ?? 0)]);
  const detail = errors.map((e) => `${e.code} ${e.message}${(e.error_chain ?? []).map((c) => `: ${c.code} ${c.message}`).join("")}`).join("; ") || `HTTP ${status}`;
  const has = (...wanted) => wanted.some((code) => codes.includes(code));
  const unknownToken = has(1e3, 9103) || status === 401 || errors.some((e) => /invalid (access|api) token/i.test(e.message ?? ""));
  let advice;
  if (has(6003, 6111, 6103))
    advice = "cloudflare-api-token is not an API token in the expected form (a Global API Key, or a stray character?); create an API token and paste it exactly";
  else if (unknownToken)
    advice = "Cloudflare does not accept cloudflare-api-token (unknown, expired, revoked or IP-filtered); create a new API token";
  else if (has(1e4, 9109) || status === 403) {
    advice = write ? "the token lacks DNS:Edit on this zone; edit the token: Zone \u2192 DNS \u2192 Edit, with the zone under Zone Resources" : "the token cannot read this zone; give it Zone \u2192 Zone \u2192 Read on the zone, or set cloudflare-zone-id";
  } else if (has(7003, 7e3, 1001) || status === 404)
    advice = "the zone is not visible to the token, or the ID is wrong; check cloudflare-zone-id and the token's Zone Resources";
  else advice = "see https://developers.cloudflare.com/api/ for the code";
  return new CloudflareError(`cloudflare: ${what}: ${detail}; ${advice}`, status, codes);
}
var CloudflareApi = class {
  #settings;
  #caller;
  #logger;
  #zones = /* @__PURE__ */ new Map();
  constructor(settings, context) {
    this.#settings = settings;
    this.#caller = { ...context, policy: DEFAULT_RETRY_POLICY };
    this.#logger = context.logger;
  }
  /** The zone for a record: the ID the user gave, else the one zone named as the DNS core found. */
  zoneFor(fqdn, zoneName) {
    const given = this.#settings.zoneIds.idFor(fqdn);
    if (given !== void 0)
      return Promise.resolve({ id: given, name: this.#settings.zoneIds.zoneFor(fqdn) ?? zoneName });
    return oncePerKey(this.#zones, zoneName, () => this.#discover(zoneName));
  }
  async #discover(zoneName) {
    const zones = await this.#pages(
      "/zones",
      { name: zoneName },
      `finding zone ${zoneName}`
    );
    const named = zones.filter((z) => normalizeName(z.name) === zoneName);
    const active = named.filter((z) => (z.status ?? "active") === "active");
    const candidates = active.length > 0 ? active : named;
    if (candidates.length === 0) {
      throw new Error(
        `cloudflare: no zone named ${zoneName} is visible to the token; give it Zone \u2192 Zone \u2192 Read on the zone, or set cloudflare-zone-id: ${zoneName}=<ID>`
      );
    }
    if (candidates.length > 1) {
      const ids = candidates.map((z) => `${z.id}${z.account?.name ? ` (account ${z.account.name})` : ""}`).join(", ");
      throw new Error(
        `cloudflare: ${candidates.length} zones named ${zoneName} are visible to the token (${ids}); set cloudflare-zone-id: ${zoneName}=<ID> to pick one`
      );
    }
    const zone = { id: candidates[0]?.id ?? "", name: zoneName };
    this.#logger.debug(`cloudflare: zone ${zoneName} is ${zone.id}`);
    return zone;
  }
  /** TXT records at exactly `fqdn`. */
  txtRecords(zone, fqdn) {
    return this.#pages(
      `/zones/${zone.id}/dns_records`,
      { type: "TXT", name: fqdn },
      `listing TXT records at ${fqdn} in zone ${zone.name} (${zone.id})`
    );
  }
  async createTxt(zone, fqdn, content) {
    const body = this.#txtBody(fqdn, content);
    return this.#call(
      "POST",
      `/zones/${zone.id}/dns_records`,
      `creating TXT ${fqdn} in zone ${zone.name} (${zone.id})`,
      { body, write: true }
    );
  }
  /**
   * Deletes and creates records in one transaction (`dns_records/batch`): all of it happens or
   * none. Returns the created records in the order of `posts`.
   */
  async batch(zone, change) {
    const body = {
      ...change.deletes?.length ? { deletes: change.deletes.map((id) => ({ id })) } : {},
      ...change.posts?.length ? { posts: change.posts.map(({ fqdn, content }) => this.#txtBody(fqdn, content)) } : {}
    };
    const where = zone.name === zone.id ? `zone ${zone.id}` : `zone ${zone.name} (${zone.id})`;
    const names = [...new Set((change.posts ?? []).map((post) => post.fqdn))];
    const listed = names.length > 5 ? `${names.slice(0, 5).join(", ")} and ${names.length - 5} more` : names.join(", ");
    const what = change.posts?.length ? `creating TXT ${listed} in ${where}` : `deleting ${change.deletes?.length ?? 0} TXT record(s) in ${where}`;
    const result = await this.#call("POST", `/zones/${zone.id}/dns_records/batch`, what, {
      body,
      write: true
    });
    return result?.posts ?? [];
  }
  #txtBody(fqdn, content) {
    return { type: "TXT", name: fqdn, content, ttl: this.#settings.ttl, comment: "certwright dns-01 challenge" };
  }
  /** Deletes one record; false when it was already gone. */
  async deleteRecord(zoneId, recordId, what) {
    try {
      await this.#call("DELETE", `/zones/${zoneId}/dns_records/${encodeURIComponent(recordId)}`, `deleting ${what}`, {
        write: true
      });
      return true;
    } catch (error) {
      if (error instanceof CloudflareError && (error.codes.includes(81044) || error.status === 404 && error.codes.length === 0))
        return false;
      throw error;
    }
  }
  #pages(path, query, what) {
    return allPages(`cloudflare: ${what}`, 1, async (page) => {
      const envelope = await this.#call("GET", path, what, {
        query: { ...query, page: String(page), per_page: String(PER_PAGE) },
        envelope: true
      });
      return {
        items: envelope.result ?? [],
        next: page < (envelope.result_info?.total_pages ?? 1) ? page + 1 : void 0
      };
    });
  }
  async #call(method, path, what, options = {}) {
    const query = options.query ? `?${new URLSearchParams(options.query).toString()}` : "";
    const url = `${this.#settings.apiUrl}${path}${query}`;
    const headers = () => ({ authorization: `Bearer ${this.#settings.token}` });
    const answer = await sendRequest(this.#caller, {
      method,
      url,
      what: `cloudflare: ${what}`,
      headers,
      json: options.body
    });
    const envelope = parseJson(answer.body);
    if (isSuccess(answer) && envelope?.success !== false)
      return options.envelope ? envelope ?? {} : envelope?.result;
    const error = explain(answer.status, envelope, what, options.write ?? false);
    error.message += answer.note;
    throw error;
  }
};
function cloudflareApiFor(settings, context) {
  const key = JSON.stringify(["cloudflare", settings.token, settings.zoneIds.describe(), settings.apiUrl]);
  return perRun(context, key, () => new CloudflareApi(settings, context));
}

// src/dns/providers/cloudflare/provider.ts
var DUPLICATE_CODES = [81057, 81058];
var BATCH_SIZE = 200;
var PARALLEL = 8;
var CloudflareProvider = class {
  name = "cloudflare";
  #api;
  /** Refs this instance created, for records that reach deleteRecords without theirs. */
  #created = /* @__PURE__ */ new Map();
  constructor(settings, context) {
    this.#api = cloudflareApiFor(settings, context);
  }
  async createRecords(records) {
    const unique = distinctRecords(records);
    const zones = await Promise.all(unique.map((record) => this.#api.zoneFor(record.fqdn, record.zone)));
    await settleAll(
      groupByZone(unique, zones, (zone) => zone.id).map(({ zone, items }) => this.#createInZone(zone, items))
    );
    return records.map((record) => ({ ...record, ref: this.#created.get(recordKey(record)) ?? "" }));
  }
  async deleteRecords(records) {
    const targets = await inParallel(distinctRecords(records), PARALLEL, (record) => this.#findOwn(record));
    const byZone = groupByZone(
      targets,
      targets.map((target) => target.zoneId),
      (zoneId) => zoneId
    );
    await settleAll(
      byZone.map(
        ({ zone, items }) => this.#deleteInZone(
          zone,
          items.flatMap((target) => target.ids)
        )
      )
    );
    for (const record of records) this.#created.delete(recordKey(record));
  }
  async #createInZone(zone, records) {
    for (const chunk of chunks(records, BATCH_SIZE)) {
      try {
        const created = await this.#api.batch(zone, {
          posts: chunk.map((r) => ({ fqdn: r.fqdn, content: quoteTxt(r.value) }))
        });
        chunk.forEach((record, i) => this.#remember(record, zone, created[i]?.id));
      } catch (error) {
        if (!isDuplicate(error) && !batchUnavailable(error)) throw error;
        await inParallel(chunk, PARALLEL, (record) => this.#createOne(zone, record));
      }
    }
  }
  async #createOne(zone, record) {
    try {
      this.#remember(record, zone, (await this.#api.createTxt(zone, record.fqdn, quoteTxt(record.value))).id);
    } catch (error) {
      if (!isDuplicate(error)) throw error;
      const existing = (await this.#api.txtRecords(zone, record.fqdn)).find(
        (r) => unquoteTxt(r.content) === record.value
      );
      if (!existing) throw error;
      this.#remember(record, zone, existing.id);
    }
  }
  #remember(record, zone, id) {
    if (!id)
      throw new Error(
        `cloudflare: creating TXT ${record.fqdn} in zone ${zone.name} (${zone.id}): the answer carries no record ID`
      );
    this.#created.set(recordKey(record), `${zone.id}/${id}`);
  }
  /** The zone and IDs of a record of this run: its ref, else the records at its name that carry its value. */
  async #findOwn(record) {
    const created = this.#created.get(recordKey(record));
    const ref = record.ref || created;
    if (ref) {
      const [zoneId = "", id = ""] = ref.split("/");
      if (ref === created) return { zoneId, ids: [id] };
      const mine2 = (await this.#api.txtRecords({ id: zoneId, name: record.zone }, record.fqdn)).filter(
        (r) => unquoteTxt(r.content) === record.value
      );
      const exact = mine2.filter((r) => r.id === id);
      return { zoneId, ids: (exact.length > 0 ? exact : mine2).map((r) => r.id) };
    }
    const zone = await this.#api.zoneFor(record.fqdn, record.zone);
    const mine = (await this.#api.txtRecords(zone, record.fqdn)).filter((r) => unquoteTxt(r.content) === record.value);
    return { zoneId: zone.id, ids: mine.map((r) => r.id) };
  }
  async #deleteInZone(zoneId, ids) {
    const zone = { id: zoneId, name: zoneId };
    for (const chunk of chunks([...new Set(ids)], BATCH_SIZE)) {
      try {
        await this.#api.batch(zone, { deletes: chunk });
      } catch (error) {
        if (!(error instanceof CloudflareError && error.codes.includes(81044)) && !batchUnavailable(error)) throw error;
        await inParallel(
          chunk,
          PARALLEL,
          (id) => this.#api.deleteRecord(zoneId, id, `TXT record ${id} in zone ${zoneId}`)
        );
      }
    }
  }
};
function isDuplicate(error) {
  return error instanceof CloudflareError && DUPLICATE_CODES.some((code) => error.codes.includes(code));
}
function batchUnavailable(error) {
  return error instanceof CloudflareError && (error.codes.includes(7e3) || error.status === 404 && error.codes.length === 0 || error.status === 405);
}
function chunks(items, size) {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}
export {
  CloudflareProvider
};
