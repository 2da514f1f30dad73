import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  distinctRecords,
  recordKey
} from "./chunk-UXWFPOVC.js";
import {
  allPages,
  nextPageUrl
} from "./chunk-WHZBR5V2.js";
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
import { isInZone, normalizeName } from "./start.js";
import { parseJson } from "./start.js";
import { retrying } from "./start.js";
import "./start.js";

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
  /**
   * A request is done: takes the budget from its answer's headers (any answer, a 429 too; none when there was no
   * answer).
   */
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
      this.#logger.debug(
        `digitalocean: ${what}: ${this.#remaining} request(s) left in the rate limit; waiting ${wait} ms`
      );
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
var RETRY_POLICY = {
  attempts: 5,
  backoffMs: 250,
  maxBackoffMs: 8e3,
  maxWaitMs: 6e4,
  deadlineMs: 18e4
};
var PER_PAGE = 200;
var DigitalOceanApi = class {
  #settings;
  #caller;
  #logger;
  #accountDomains;
  /** `domain/id` of every record this run created, so a lost answer is never mistaken for another record of the run. */
  claimed = /* @__PURE__ */ new Set();
  constructor(settings, context, pacer) {
    this.#settings = settings;
    this.#logger = context.logger;
    const paced = pacer ?? new RateLimitPacer(context.clock, context.logger);
    this.#caller = {
      ...context,
      policy: RETRY_POLICY,
      pacing: { before: (what) => paced.beforeRequest(what), after: (headers) => paced.answered(headers) }
    };
  }
  /**
   * The DigitalOcean domain for a record: from `digitalocean-domain`, else the account's domain named as the zone, else
   * the most specific one holding it.
   */
  async domainFor(fqdn, zone) {
    const name = normalizeName(fqdn);
    if (!this.#settings.domains.isEmpty) {
      const given = this.#settings.domains.domainFor(name);
      if (given === void 0)
        throw new Error(
          `digitalocean: no domain in digitalocean-domain (${this.#settings.domains.describe()}) holds ${name}; add the DigitalOcean domain of zone ${zone} to it`
        );
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
      this.#accountDomains = this.#pages(
        "domains",
        this.#url("/v2/domains", { per_page: String(PER_PAGE) }),
        "listing the domains",
        "read",
        {
          forbidden: "the token lacks the scope domain:read; add it, or name the domain in digitalocean-domain"
        }
      ).then((domains) => {
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
    const url = this.#url(`/v2/domains/${encodeURIComponent(domain)}/records`, {
      type: "TXT",
      name: normalizeName(fqdn),
      per_page: String(PER_PAGE)
    });
    return this.#pages(
      "domain_records",
      url,
      `listing TXT records at ${normalizeName(fqdn)} in domain ${domain}`,
      "read",
      { notFound: domainMissing(domain) }
    );
  }
  /** Creates one TXT record; its name is sent relative to the domain, as DigitalOcean stores it. */
  async createTxt(domain, fqdn, value) {
    const body = { type: "TXT", name: relativeName(normalizeName(fqdn), domain), data: value, ttl: this.#settings.ttl };
    const url = this.#url(`/v2/domains/${encodeURIComponent(domain)}/records`);
    const what = `creating TXT ${normalizeName(fqdn)} in domain ${domain}`;
    const answer = await this.#call("POST", url, what, {
      body,
      need: "create",
      idempotent: false,
      notFound: domainMissing(domain)
    });
    const record = answer?.domain_record;
    if (!record || !Number.isSafeInteger(record.id))
      throw new Error(`digitalocean: ${what}: the answer carries no record ID`);
    return record;
  }
  /** Deletes one record by ID; false when it was already gone. */
  async deleteRecord(domain, id) {
    try {
      await this.#call(
        "DELETE",
        this.#url(`/v2/domains/${encodeURIComponent(domain)}/records/${id}`),
        `deleting TXT record ${id} in domain ${domain}`,
        { need: "delete", idempotent: true }
      );
      return true;
    } catch (error) {
      if (error instanceof DigitalOceanError && error.status === 404) return false;
      throw error;
    }
  }
  #url(path, query) {
    return `${this.#settings.apiUrl}${path}${query ? `?${new URLSearchParams(query).toString()}` : ""}`;
  }
  /**
   * Every page of a list, following `links.pages.next` as long as it stays on the API (the token goes nowhere else).
   */
  #pages(key, first2, what, need, advice = {}) {
    return allPages(`digitalocean: ${what}`, first2, async (url) => {
      const page = await this.#call("GET", url, what, {
        need,
        idempotent: true,
        ...advice
      });
      const items = page?.[key];
      if (!Array.isArray(items)) throw new Error(`digitalocean: ${what}: the answer has no ${key} list`);
      return {
        items,
        next: nextPageUrl(page?.links?.pages?.next, `${this.#settings.apiUrl}/v2/`, `digitalocean: ${what}`)
      };
    });
  }
  /**
   * One call: 429 retried after `retry-after` (or `ratelimit-reset`), 5xx and lost answers only
   * where repeating the request is safe; a create whose answer was lost throws `maybeApplied`.
   */
  async #call(method, url, what, options) {
    const retryWhen = (answer2) => answer2.status === 429 || options.idempotent && answer2.status >= 500 ? { why: `HTTP ${answer2.status}` } : void 0;
    const request = {
      method,
      url,
      what: `digitalocean: ${what}`,
      headers: () => ({ authorization: `Bearer ${this.#settings.token}` }),
      json: options.body,
      retryWhen,
      waitWhenUnsaid: resetMs,
      retryNoAnswer: options.idempotent
    };
    const answer = await sendRequest(this.#caller, request).catch((error2) => {
      if (!(error2 instanceof NoAnswerError)) throw error2;
      throw Object.assign(
        new DigitalOceanError(
          `digitalocean: ${what}: no answer from ${this.#settings.apiUrl}`,
          0,
          void 0,
          !options.idempotent
        ),
        { cause: error2.cause }
      );
    });
    if (isSuccess(answer))
      return answer.status === 204 || answer.body.length === 0 ? void 0 : parseJson(answer.body);
    const error = explain(answer, parseJson(answer.body), what, options);
    error.message += answer.note;
    throw error;
  }
};
function first(value) {
  return Array.isArray(value) ? value[0] : value;
}
function resetMs(answer, now) {
  const text = first(answer.headers["ratelimit-reset"])?.trim();
  return text && /^\d+$/.test(text) ? Math.max(0, Number(text) * 1e3 - now) : void 0;
}
function domainMissing(domain) {
  return `DigitalOcean has no domain ${domain} in the token's team; check digitalocean-domain, or add the domain under Networking \u2192 Domains`;
}
function explain(response, body, what, options) {
  const { status } = response;
  const detail = body?.message ? `${status} ${body.message.replace(/\.$/, "")}` : `HTTP ${status}`;
  let advice;
  if (status === 401)
    advice = "the token is invalid or expired; generate a new personal access token and update digitalocean-token";
  else if (status === 403)
    advice = options.forbidden ?? `the token lacks the scope ${SCOPES[options.need]}; generate a token with the custom scopes domain:read and domain:update`;
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
  const key = JSON.stringify([
    "digitalocean",
    settings.token,
    settings.domains.describe(),
    settings.apiUrl,
    settings.ttl
  ]);
  const pacer = perRun(
    context,
    JSON.stringify(["digitalocean-rate-limit", settings.token, settings.apiUrl]),
    () => new RateLimitPacer(context.clock, context.logger)
  );
  return perRun(context, key, () => new DigitalOceanApi(settings, context, pacer));
}

// src/dns/providers/digitalocean/provider.ts
var PARALLEL = 4;
var CREATE_RETRIES = {
  attempts: 3,
  backoffMs: 500,
  maxBackoffMs: 2e3,
  maxWaitMs: 6e4,
  deadlineMs: 12e4
};
var DigitalOceanProvider = class {
  name = "digitalocean";
  #api;
  #run;
  /** Refs this instance created, for records that reach deleteRecords without theirs. */
  #created = /* @__PURE__ */ new Map();
  constructor(settings, context) {
    this.#api = digitalOceanApiFor(settings, context);
    this.#run = context;
  }
  async createRecords(records) {
    await inParallel(distinctRecords(records), PARALLEL, async (record) => {
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
   * exist: before creating again, one at the name with the value that no other record of this run
   * claims is taken as this one (its value says it is this account's for this challenge).
   */
  async #createOne(domain, record) {
    let lost;
    const what = `digitalocean: creating TXT ${record.fqdn} in domain ${domain}`;
    const tried = await retrying(this.#run, CREATE_RETRIES, what, async (attempt) => {
      const found = attempt > 1 ? await this.#unclaimed(domain, record, lost) : void 0;
      if (found !== void 0) return { result: found };
      try {
        return { result: (await this.#api.createTxt(domain, record.fqdn, record.value)).id };
      } catch (error) {
        if (!(error instanceof DigitalOceanError && error.maybeApplied)) throw error;
        lost = error;
        return { result: void 0, retry: { why: "the answer to the create was lost" } };
      }
    });
    if (tried.result === void 0) throw lost;
    return tried.result;
  }
  /**
   * The newest record at the name with the value that no record of this run claims; without a look (no domain:read,
   * say), `lost` is thrown: creating again could leave a second record.
   */
  async #unclaimed(domain, record, lost) {
    const present = await this.#api.txtRecords(domain, record.fqdn).catch(() => {
      throw lost;
    });
    const existing = present.filter(
      (r) => sameValue(r.data, record.value) && !this.#api.claimed.has(formatRef({ domain, id: r.id }))
    );
    return existing.length > 0 ? Math.max(...existing.map((r) => r.id)) : void 0;
  }
  /** The records of this run for one name and value: its refs, else those at the name carrying the value. */
  async #findOwn(record, refs) {
    const parsed = [...refs].map(parseRef).filter((ref) => ref !== void 0);
    if (parsed.length > 0) return this.#stillOwn(record, parsed);
    const domain = await this.#api.domainFor(record.fqdn, record.zone);
    const mine = (await this.#api.txtRecords(domain, record.fqdn)).filter((r) => sameValue(r.data, record.value));
    return mine.map((r) => ({ domain, id: r.id }));
  }
  /**
   * The refs that may be deleted: those this instance created, and journaled ones (an earlier
   * run's, or a tampered journal's) only where the ID is still a TXT record at the record's name
   * with its value. An ID alone could name any record of the account.
   */
  async #stillOwn(record, refs) {
    const journaled = refs.filter((ref) => !this.#api.claimed.has(formatRef(ref)));
    if (journaled.length === 0) return [...refs];
    const confirmed = /* @__PURE__ */ new Set();
    for (const domain of new Set(journaled.map((ref) => ref.domain))) {
      const listed = await this.#api.txtRecords(domain, record.fqdn);
      for (const r of listed) if (sameValue(r.data, record.value)) confirmed.add(formatRef({ domain, id: r.id }));
    }
    return refs.filter((ref) => this.#api.claimed.has(formatRef(ref)) || confirmed.has(formatRef(ref)));
  }
};
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
