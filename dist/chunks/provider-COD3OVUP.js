import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  distinctRecords
} from "./chunk-UXWFPOVC.js";
import {
  pollUntil
} from "./chunk-IWGVAPVI.js";
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
  inParallel
} from "./chunk-VYFVYXL5.js";
import { normalizeName } from "./start.js";
import { parseJson } from "./start.js";
import { DEFAULT_RETRY_POLICY } from "./start.js";
import "./start.js";

// src/dns/providers/hetzner/api.ts
var HetznerError = class extends Error {
  constructor(message, status, code, vendorMessage = "") {
    super(message);
    this.status = status;
    this.code = code;
    this.vendorMessage = vendorMessage;
  }
  status;
  code;
  vendorMessage;
};
var ACTION_TIMEOUT_MS = 12e4;
var HetznerApi = class {
  #settings;
  #caller;
  #clock;
  constructor(settings, context) {
    this.#settings = settings;
    this.#caller = { ...context, policy: DEFAULT_RETRY_POLICY };
    this.#clock = context.clock;
  }
  /** The TXT RRSet at `name` (relative, `@` for the apex), or undefined when there is none. */
  async txtRRSet(zone, name) {
    try {
      const answer = await this.#call(
        "GET",
        this.#rrsetPath(zone, name),
        `reading TXT ${fqdn(name, zone)}`,
        {
          zone,
          write: false
        }
      );
      return answer?.rrset;
    } catch (error) {
      if (error instanceof HetznerError && error.status === 404 && !/zone/i.test(error.vendorMessage)) return void 0;
      throw error;
    }
  }
  /** Adds TXT values (quoted character-strings) at `name`, creating the RRSet with the TTL if it is new, and waits. */
  async addTxt(zone, name, values) {
    const what = `adding ${values.length} TXT value(s) at ${fqdn(name, zone)}`;
    const answer = await this.#call(
      "POST",
      `${this.#rrsetPath(zone, name)}/actions/add_records`,
      what,
      {
        zone,
        write: true,
        body: {
          ttl: this.#settings.ttl,
          records: values.map((value) => ({ value, comment: "certwright dns-01 challenge" }))
        }
      }
    );
    await this.#await(answer?.action, what);
  }
  /** Removes exactly these TXT values (as Hetzner holds them) at `name`, and waits. */
  async removeTxt(zone, name, values) {
    const what = `removing ${values.length} TXT value(s) at ${fqdn(name, zone)}`;
    const answer = await this.#call(
      "POST",
      `${this.#rrsetPath(zone, name)}/actions/remove_records`,
      what,
      { zone, write: true, body: { records: values.map((value) => ({ value })) } }
    );
    await this.#await(answer?.action, what);
  }
  #rrsetPath(zone, name) {
    return `/zones/${encodeURIComponent(zone)}/rrsets/${encodeURIComponent(name)}/TXT`;
  }
  /** Waits for an action to end; an action that ends in error throws its error. */
  async #await(action, what) {
    if (!action || !Number.isSafeInteger(action.id)) throw new Error(`hetzner: ${what}: the answer carries no action`);
    let current = action;
    const done = await pollUntil(
      this.#clock,
      { firstMs: 200, maxMs: 2e3, timeoutMs: ACTION_TIMEOUT_MS, since: this.#clock.now() },
      async () => {
        if (current.status !== "running") return true;
        const answer = await this.#call(
          "GET",
          `/actions/${current.id}`,
          `${what}: action ${current.id}`,
          {
            write: false
          }
        );
        current = answer?.action ?? current;
        return current.status !== "running";
      }
    );
    if (!done) throw new Error(`hetzner: ${what}: action ${action.id} still runs after ${ACTION_TIMEOUT_MS / 1e3} s`);
    if (current.status === "error")
      throw new Error(
        `hetzner: ${what}: action ${action.id} failed: ` + `${current.error?.code ?? "error"} ${current.error?.message ?? ""}`.trim()
      );
  }
  async #call(method, path, what, options) {
    const retryWhen = (answer2) => {
      const code = parseJson(answer2.body)?.error?.code;
      return answer2.status === 429 || answer2.status >= 500 || code === "locked" || code === "conflict" ? { why: `HTTP ${answer2.status}${code ? ` ${code}` : ""}` } : void 0;
    };
    const answer = await sendRequest(this.#caller, {
      method,
      url: `${this.#settings.apiUrl}${path}`,
      what: `hetzner: ${what}`,
      headers: () => ({ authorization: `Bearer ${this.#settings.token}` }),
      json: options.body,
      retryWhen,
      waitWhenUnsaid: resetMs,
      // Adding or removing the same values again leaves the same RRSet.
      retryNoAnswer: true
    });
    if (isSuccess(answer)) return parseJson(answer.body);
    const error = explain(answer.status, parseJson(answer.body), what, options);
    error.message += answer.note;
    throw error;
  }
};
function fqdn(name, zone) {
  return name === "@" ? zone : `${name}.${zone}`;
}
function resetMs(answer, now) {
  const raw = answer.headers["ratelimit-reset"];
  const text = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  return text && /^\d+$/.test(text) ? Math.max(0, Number(text) * 1e3 - now) : void 0;
}
function explain(status, body, what, options) {
  const code = body?.error?.code;
  const fields = (body?.error?.details?.fields ?? []).map((f) => `${f.name}: ${(f.messages ?? []).join(", ")}`);
  const detail = `${status} ${code ?? ""} ${body?.error?.message ?? ""}${fields.length ? ` (${fields.join("; ")})` : ""}`.replace(/\s+/g, " ").trim();
  let advice;
  if (status === 401)
    advice = "Hetzner does not accept hetzner-api-token (unknown, deleted, or a token of the old DNS Console); create an API token in the Hetzner Console: the project \u2192 Security \u2192 API tokens, with Read & Write";
  else if (code === "token_readonly" || status === 403 && options.write)
    advice = "hetzner-api-token is read-only; create a token with Read & Write in the project that holds the zone";
  else if (status === 404 && options.zone !== void 0 && /zone/i.test(body?.error?.message ?? ""))
    advice = `zone ${options.zone} is not in the project of hetzner-api-token; use a token of the project that holds it, or migrate the zone from the old DNS Console to the Hetzner Console`;
  else if (code === "incorrect_zone_mode")
    advice = `zone ${options.zone ?? ""} is a secondary zone at Hetzner; create the records on its primary nameserver`;
  else if (code === "protected")
    advice = "the RRSet has change protection; lift it in the Hetzner Console, or leave the name to certwright";
  else if (status === 429)
    advice = "the project's rate limit (3,600 requests an hour) is used up; spread the certificates over more runs";
  else if (status === 400 || status === 422) advice = "Hetzner refused the record";
  else advice = "see https://docs.hetzner.cloud/reference/cloud#dns";
  return new HetznerError(`hetzner: ${what}: ${detail}; ${advice}`, status, code, body?.error?.message ?? "");
}
function hetznerApiFor(settings, context) {
  const key = JSON.stringify(["hetzner", settings.token, settings.apiUrl, settings.ttl]);
  return perRun(context, key, () => new HetznerApi(settings, context));
}

// src/dns/providers/hetzner/provider.ts
var PARALLEL = 4;
var HetznerProvider = class {
  name = "hetzner";
  #api;
  constructor(settings, context) {
    this.#api = hetznerApiFor(settings, context);
  }
  async createRecords(records) {
    const groups = byName(distinctRecords(records));
    await inParallel(
      groups,
      PARALLEL,
      ({ zone: place, items }) => this.#api.addTxt(
        place.zone,
        place.name,
        items.map((record) => quoteTxt(record.value))
      )
    );
  }
  async deleteRecords(records) {
    const groups = byName(distinctRecords(records));
    await inParallel(groups, PARALLEL, async ({ zone: place, items }) => {
      const rrset = await this.#api.txtRRSet(place.zone, place.name);
      const ours = new Set(items.map((record) => record.value));
      const held = (rrset?.records ?? []).map((r) => r.value).filter((value) => ours.has(unquoteTxt(value)));
      if (held.length > 0) await this.#api.removeTxt(place.zone, place.name, held);
    });
  }
};
function byName(records) {
  const places = records.map((record) => {
    const zone = normalizeName(record.zone);
    const fqdn2 = normalizeName(record.fqdn);
    if (fqdn2 !== zone && !fqdn2.endsWith(`.${zone}`)) throw new Error(`hetzner: ${fqdn2} is not inside zone ${zone}`);
    return { zone, name: fqdn2 === zone ? "@" : fqdn2.slice(0, -(zone.length + 1)) };
  });
  return groupByZone(records, places, (place) => `${place.zone} ${place.name}`);
}
export {
  HetznerProvider
};
