import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  unquoteTxt
} from "./chunk-6DZFFBXI.js";
import {
  inParallel,
  perRun
} from "./chunk-SC3SLFKI.js";
import {
  isInZone,
  normalizeName
} from "./chunk-TSHVVRYQ.js";
import "./chunk-DAX5P5NA.js";

// src/dns/providers/digitalocean/ratelimit.ts
var DEFAULT_PACER_LIMITS = { lowWater: 10, maxPaceMs: 15e3, maxWaitMs: 6e4 };
function header(headers, name) {
  const raw = headers[name];
  const text = Array.isArray(raw) ? raw[0] : raw;
  return text !== void 0 && /^\s*\d+\s*$/.test(text) ? Number(text) : void 0;
}
var RateLimitPacer = class {
  #clock;
  #logger;
  #limits;
  #remaining;
  #resetAtMs;
  #inFlight = 0;
  #drained = [];
  /** Requests pass one after another, so pauses add up instead of ending together. */
  #turn = Promise.resolve();
  constructor(clock, logger, limits = DEFAULT_PACER_LIMITS) {
    this.#clock = clock;
    this.#logger = logger;
    this.#limits = limits;
  }
  /** Waits, if the budget says so, until a request may go out; call `answered` when it is done. */
  beforeRequest(what) {
    const turn = this.#turn.then(() => this.#pass(what));
    this.#turn = turn.catch(() => void 0);
    return turn;
  }
  /** A request is done: takes the budget from its answer's headers (any answer, a 429 too; none when there was no answer). */
  answered(headers) {
    const remaining = headers && header(headers, "ratelimit-remaining");
    if (remaining !== void 0) {
      const reset = header(headers ?? {}, "ratelimit-reset");
      this.#remaining = remaining;
      this.#resetAtMs = reset === void 0 ? void 0 : reset * 1e3;
    }
    this.#inFlight -= 1;
    if (this.#inFlight === 0) for (const resolve of this.#drained.splice(0)) resolve();
  }
  async #pass(what) {
    if (this.#remaining !== void 0 && this.#remaining <= this.#limits.lowWater && this.#inFlight > 0) {
      await new Promise((resolve) => this.#drained.push(resolve));
    }
    const wait = this.#delay();
    if (wait > 0) {
      this.#logger.debug(`digitalocean: ${what}: ${this.#remaining} request(s) left in the rate limit; waiting ${wait} ms`);
      await this.#clock.sleep(wait);
    }
    this.#inFlight += 1;
  }
  #delay() {
    const remaining = this.#remaining;
    const resetAt = this.#resetAtMs;
    if (remaining === void 0 || resetAt === void 0 || remaining > this.#limits.lowWater) return 0;
    const untilReset = Math.ceil(resetAt - this.#clock.now());
    if (untilReset <= 0) return 0;
    if (remaining <= 0) return untilReset <= this.#limits.maxWaitMs ? untilReset : 0;
    return Math.min(Math.ceil(untilReset / (remaining + 1)), this.#limits.maxPaceMs);
  }
};

// src/dns/providers/digitalocean/api.ts
var SCOPES = {
  read: "domain:read",
  create: "domain:update (or domain:create)",
  delete: "domain:update (or domain:delete)"
};
var DigitalOceanError = class extends Error {
  constructor(message, status, errorId, maybeApplied = false) {
    super(message);
    this.status = status;
    this.errorId = errorId;
    this.maybeApplied = maybeApplied;
  }
  status;
  errorId;
  maybeApplied;
};
var MAX_ATTEMPTS = 5;
var MAX_RETRY_WAIT_MS = 6e4;
var PER_PAGE = 200;
var MAX_PAGES = 1e3;
var DigitalOceanApi = class {
  #settings;
  #http;
  #clock;
  #logger;
  #pacer;
  #accountDomains;
  /** `domain/id` of every record this run created, so a lost answer is never mistaken for another record of the run. */
  claimed = /* @__PURE__ */ new Set();
  constructor(settings, context, pacer) {
    this.#settings = settings;
    this.#http = context.http;
    this.#clock = context.clock;
    this.#logger = context.logger;
    this.#pacer = pacer ?? new RateLimitPacer(context.clock, context.logger);
  }
  get clock() {
    return this.#clock;
  }
  /** The DigitalOcean domain for a record: from `digitalocean-domain`, else the account's domain named as the zone, else the most specific one holding it. */
  async domainFor(fqdn, zone) {
    const name = normalizeName(fqdn);
    if (!this.#settings.domains.isEmpty) {
      const given = this.#settings.domains.domainFor(name);
      if (given === void 0) throw new Error(`digitalocean: no domain in digitalocean-domain (${this.#settings.domains.describe()}) holds ${name}; add the DigitalOcean domain of zone ${zone} to it`);
      return given;
    }
    const domains = await this.#listDomains();
    if (domains.includes(normalizeName(zone))) return normalizeName(zone);
    const holding = domains.filter((domain) => isInZone(name, domain)).sort((a, b) => b.length - a.length)[0];
    if (holding === void 0) {
      throw new Error(
        `digitalocean: no domain of the token's team holds ${name} (zone ${zone}; ${domains.length} domain(s) visible); add ${zone} under Networking \u2192 Domains, use a token of the team that has it, or set digitalocean-domain`
      );
    }
    return holding;
  }
  /** The account's domains, listed once per run. */
  #listDomains() {
    if (!this.#accountDomains) {
      this.#accountDomains = this.#pages("domains", this.#url("/v2/domains", { per_page: String(PER_PAGE) }), "listing the domains", "read", {
        forbidden: "the token lacks the scope domain:read; add it, or name the domain in digitalocean-domain"
      }).then((domains) => {
        const names = domains.map((d) => normalizeName(d.name));
        this.#logger.debug(`digitalocean: ${names.length} domain(s) visible to the token`);
        return names;
      });
      this.#accountDomains.catch(() => this.#accountDomains = void 0);
    }
    return this.#accountDomains;
  }
  /** TXT records at exactly `fqdn` (DigitalOcean's `name` filter takes the fully qualified name). */
  txtRecords(domain, fqdn) {
    const url = this.#url(`/v2/domains/${encodeURIComponent(domain)}/records`, { type: "TXT", name: normalizeName(fqdn), per_page: String(PER_PAGE) });
    return this.#pages("domain_records", url, `listing TXT records at ${normalizeName(fqdn)} in domain ${domain}`, "read", { notFound: domainMissing(domain) });
  }
  /** Creates one TXT record; its name is sent relative to the domain, as DigitalOcean stores it. */
  async createTxt(domain, fqdn, value) {
    const body = { type: "TXT", name: relativeName(normalizeName(fqdn), domain), data: value, ttl: this.#settings.ttl };
    const url = this.#url(`/v2/domains/${encodeURIComponent(domain)}/records`);
    const what = `creating TXT ${normalizeName(fqdn)} in domain ${domain}`;
    const answer = await this.#call("POST", url, what, { body, need: "create", idempotent: false, notFound: domainMissing(domain) });
    const record = answer?.domain_record;
    if (!record || !Number.isSafeInteger(record.id)) throw new Error(`digitalocean: ${what}: the answer carries no record ID`);
    return record;
  }
  /** Deletes one record by ID; false when it was already gone. */
  async deleteRecord(domain, id) {
    try {
      await this.#call("DELETE", this.#url(`/v2/domains/${encodeURIComponent(domain)}/records/${id}`), `deleting TXT record ${id} in domain ${domain}`, { need: "delete", idempotent: true });
      return true;
    } catch (error) {
      if (error instanceof DigitalOceanError && error.status === 404) return false;
      throw error;
    }
  }
  #url(path, query) {
    return `${this.#settings.apiUrl}${path}${query ? `?${new URLSearchParams(query)}` : ""}`;
  }
  /** Every page of a list, following `links.pages.next` as long as it stays on the API (the token goes nowhere else). */
  async #pages(key, first2, what, need, advice = {}) {
    const all = [];
    const seen = /* @__PURE__ */ new Set();
    for (let url = first2; url !== void 0; ) {
      if (seen.has(url) || seen.size >= MAX_PAGES) throw new Error(`digitalocean: ${what}: the pages do not end (page ${seen.size + 1} links back to ${url})`);
      seen.add(url);
      const page = await this.#call("GET", url, what, { need, idempotent: true, ...advice });
      const items = page?.[key];
      if (!Array.isArray(items)) throw new Error(`digitalocean: ${what}: the answer has no ${key} list`);
      all.push(...items);
      url = this.#nextPage(page?.links?.pages?.next, what, items.length);
    }
    return all;
  }
  #nextPage(next, what, count) {
    if (!next || count === 0) return void 0;
    let resolved;
    try {
      resolved = new URL(next, `${this.#settings.apiUrl}/`);
    } catch {
      throw new Error(`digitalocean: ${what}: the next-page link is not a URL`);
    }
    if (!resolved.href.startsWith(`${this.#settings.apiUrl}/v2/`)) {
      throw new Error(`digitalocean: ${what}: the next-page link leaves ${this.#settings.apiUrl}; not following it with the token`);
    }
    return resolved.href;
  }
  async #call(method, url, what, options) {
    const headers = { authorization: `Bearer ${this.#settings.token}`, accept: "application/json" };
    if (options.body !== void 0) headers["content-type"] = "application/json";
    for (let attempt = 1; ; attempt++) {
      await this.#pacer.beforeRequest(what);
      let response;
      try {
        response = await this.#http({ method, url, headers, ...options.body !== void 0 ? { body: JSON.stringify(options.body) } : {} });
      } catch (cause) {
        this.#pacer.answered(void 0);
        const error = new DigitalOceanError(`digitalocean: ${what}: no answer from ${this.#settings.apiUrl}`, 0, void 0, !options.idempotent);
        if (!options.idempotent || attempt >= MAX_ATTEMPTS) throw Object.assign(error, { cause });
        await this.#retryAfter(backoff(attempt), what, "no answer", attempt);
        continue;
      }
      this.#pacer.answered(response.headers);
      if (response.status < 300) return response.status === 204 || response.body.length === 0 ? void 0 : parseJson(response.body);
      const body = parseJson(response.body);
      const wait = this.#retryDelay(response, attempt);
      const retryable = response.status === 429 || options.idempotent;
      if (wait === void 0 || !retryable || attempt >= MAX_ATTEMPTS) {
        const error = explain(response, body, what, options);
        if (attempt > 1) error.message += ` (after ${attempt} attempts)`;
        throw error;
      }
      await this.#retryAfter(wait, what, `HTTP ${response.status}`, attempt);
    }
  }
  async #retryAfter(ms, what, why, attempt) {
    this.#logger.debug(`digitalocean: ${what}: ${why}; retrying in ${ms} ms (attempt ${attempt + 1} of ${MAX_ATTEMPTS})`);
    await this.#clock.sleep(ms);
  }
  /** 429: as `retry-after` says, else until `ratelimit-reset`, else backoff, and never longer than a minute; 5xx: backoff. */
  #retryDelay(response, attempt) {
    if (response.status === 429) {
      const wait = retryAfterMs(response.headers["retry-after"], this.#clock.now()) ?? resetMs(response.headers["ratelimit-reset"], this.#clock.now()) ?? backoff(attempt);
      return wait > MAX_RETRY_WAIT_MS ? void 0 : wait;
    }
    if (response.status >= 500) return backoff(attempt);
    return void 0;
  }
};
function backoff(attempt) {
  return 250 * 2 ** (attempt - 1);
}
function first(value) {
  return Array.isArray(value) ? value[0] : value;
}
function retryAfterMs(raw, now) {
  const text = first(raw)?.trim();
  if (!text) return void 0;
  if (/^\d+$/.test(text)) return Number(text) * 1e3;
  const date = Date.parse(text);
  return Number.isNaN(date) ? void 0 : Math.max(0, date - now);
}
function resetMs(raw, now) {
  const text = first(raw)?.trim();
  return text && /^\d+$/.test(text) ? Math.max(0, Number(text) * 1e3 - now) : void 0;
}
function parseJson(body) {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    return void 0;
  }
}
function domainMissing(domain) {
  return `DigitalOcean has no domain ${domain} in the token's team; check digitalocean-domain, or add the domain under Networking \u2192 Domains`;
}
function explain(response, body, what, options) {
  const { status } = response;
  const detail = body?.message ? `${status} ${body.message.replace(/\.$/, "")}` : `HTTP ${status}`;
  let advice;
  if (status === 401) advice = "the token is invalid or expired; generate a new personal access token and update digitalocean-token";
  else if (status === 403) advice = options.forbidden ?? `the token lacks the scope ${SCOPES[options.need]}; generate a token with the custom scopes domain:read and domain:update`;
  else if (status === 404 && options.notFound) advice = options.notFound;
  else if (status === 429) {
    const reset = first(response.headers["ratelimit-reset"]);
    const until = reset && /^\d+$/.test(reset) ? ` until ${new Date(Number(reset) * 1e3).toISOString()}` : "";
    advice = `the token's rate limit (5,000 requests an hour, 250 a minute) is used up${until}; spread the certificates over more runs or shards`;
  } else if (status === 422) advice = "DigitalOcean refused the record";
  else advice = "see https://docs.digitalocean.com/reference/api/";
  const maybeApplied = status >= 500 && !options.idempotent;
  return new DigitalOceanError(`digitalocean: ${what}: ${detail}; ${advice}`, status, body?.id, maybeApplied);
}
function relativeName(fqdn, domain) {
  if (fqdn === domain) return "@";
  if (!fqdn.endsWith(`.${domain}`)) throw new Error(`digitalocean: ${fqdn} is not inside domain ${domain}`);
  return fqdn.slice(0, -(domain.length + 1));
}
function digitalOceanApiFor(settings, context) {
  const key = JSON.stringify(["digitalocean", settings.token, settings.domains.describe(), settings.apiUrl, settings.ttl]);
  const pacer = perRun(context, JSON.stringify(["digitalocean-rate-limit", settings.token, settings.apiUrl]), () => new RateLimitPacer(context.clock, context.logger));
  return perRun(context, key, () => new DigitalOceanApi(settings, context, pacer));
}

// src/dns/providers/digitalocean/provider.ts
var PARALLEL = 4;
var CREATE_ATTEMPTS = 3;
var DigitalOceanProvider = class {
  name = "digitalocean";
  #api;
  /** Refs this instance created, for records that reach deleteRecords without theirs. */
  #created = /* @__PURE__ */ new Map();
  constructor(settings, context) {
    this.#api = digitalOceanApiFor(settings, context);
  }
  async createRecords(records) {
    const unique = [...new Map(records.map((record) => [recordKey(record), record])).values()];
    await inParallel(unique, PARALLEL, async (record) => {
      const domain = await this.#api.domainFor(record.fqdn, record.zone);
      const id = await this.#createOne(domain, record);
      const ref = formatRef({ domain, id });
      this.#api.claimed.add(ref);
      this.#created.set(recordKey(record), ref);
    });
    return records.map((record) => ({ ...record, ref: this.#created.get(recordKey(record)) ?? "" }));
  }
  async deleteRecords(records) {
    const byKey = /* @__PURE__ */ new Map();
    for (const record of records) {
      const entry = byKey.get(recordKey(record)) ?? { record, refs: /* @__PURE__ */ new Set() };
      const ref = record.ref || this.#created.get(recordKey(record));
      if (ref) entry.refs.add(ref);
      byKey.set(recordKey(record), entry);
    }
    const found = await inParallel([...byKey.values()], PARALLEL, ({ record, refs }) => this.#findOwn(record, refs));
    const targets = [...new Map(found.flat().map((ref) => [formatRef(ref), ref])).values()];
    await inParallel(targets, PARALLEL, ({ domain, id }) => this.#api.deleteRecord(domain, id));
    for (const target of targets) this.#api.claimed.delete(formatRef(target));
    for (const key of byKey.keys()) this.#created.delete(key);
  }
  /**
   * Creates the record and returns its ID. When the answer is lost (a 5xx or none), the record may
   * exist: one at the name with the value that no other record of this run claims is taken as
   * this one (its value says it is this account's for this challenge), else the create is repeated.
   */
  async #createOne(domain, record) {
    for (let attempt = 1; ; attempt++) {
      try {
        return (await this.#api.createTxt(domain, record.fqdn, record.value)).id;
      } catch (error) {
        if (!(error instanceof DigitalOceanError && error.maybeApplied) || attempt >= CREATE_ATTEMPTS) throw error;
        const present = await this.#api.txtRecords(domain, record.fqdn).catch(() => Promise.reject(error));
        const existing = present.filter((r) => sameValue(r.data, record.value) && !this.#api.claimed.has(formatRef({ domain, id: r.id })));
        if (existing.length > 0) return Math.max(...existing.map((r) => r.id));
        await this.#api.clock.sleep(500 * attempt);
      }
    }
  }
  /** The records of this run for one name and value: its refs, else those at the name carrying the value. */
  async #findOwn(record, refs) {
    const parsed = [...refs].map(parseRef).filter((ref) => ref !== void 0);
    if (parsed.length > 0) return parsed;
    const domain = await this.#api.domainFor(record.fqdn, record.zone);
    const mine = (await this.#api.txtRecords(domain, record.fqdn)).filter((r) => sameValue(r.data, record.value));
    return mine.map((r) => ({ domain, id: r.id }));
  }
};
function recordKey(record) {
  return `${record.fqdn.toLowerCase().replace(/\.$/, "")} ${record.value}`;
}
function formatRef({ domain, id }) {
  return `${domain}/${id}`;
}
function parseRef(ref) {
  const match = /^([a-z0-9.-]+)\/(\d{1,15})$/.exec(ref);
  return match ? { domain: match[1], id: Number(match[2]) } : void 0;
}
function sameValue(data, value) {
  return data === value || unquoteTxt(data) === value;
}
export {
  DigitalOceanProvider
};
