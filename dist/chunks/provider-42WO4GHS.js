import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  OwnRecords,
  ZONE_RECORD_REFS,
  distinctRecords
} from "./chunk-UXWFPOVC.js";
import {
  oncePerKey
} from "./chunk-HJT7ENEG.js";
import {
  unquoteTxt
} from "./chunk-6DZFFBXI.js";
import { isSuccess, sendRequest, throttledOrServerError } from "./start.js";
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

// src/dns/providers/ovh/api.ts
import { createHash } from "node:crypto";
var OvhError = class extends Error {
  constructor(message, status, code) {
    super(message);
    this.status = status;
    this.code = code;
  }
  status;
  code;
};
function ovhSignature(applicationSecret, consumerKey, method, url, body, timestamp) {
  const text = [applicationSecret, consumerKey, method, url, body, String(timestamp)].join("+");
  return `$1$${createHash("sha1").update(text).digest("hex")}`;
}
var throttledOnly = (answer) => answer.status === 429 ? { why: "HTTP 429" } : void 0;
var OvhApi = class {
  #settings;
  #caller;
  #skew = /* @__PURE__ */ new Map();
  constructor(settings, context) {
    this.#settings = settings;
    this.#caller = { ...context, policy: DEFAULT_RETRY_POLICY };
  }
  /** IDs of the TXT records at `subDomain` (OVH answers IDs only, the whole list at once). */
  txtIds(zone, subDomain) {
    const query = new URLSearchParams({ fieldType: "TXT", subDomain }).toString();
    return this.#call("GET", `/domain/zone/${zone}/record?${query}`, zone, {
      what: `listing TXT records at ${fqdnOf(subDomain, zone)}`
    }).then((ids) => Array.isArray(ids) ? ids : []);
  }
  /** One record, or undefined when it is gone. */
  async record(zone, id) {
    try {
      return await this.#call("GET", `/domain/zone/${zone}/record/${id}`, zone, {
        what: `reading record ${id}`
      });
    } catch (error) {
      if (error instanceof OvhError && error.status === 404) return void 0;
      throw error;
    }
  }
  createTxt(zone, subDomain, target) {
    return this.#call("POST", `/domain/zone/${zone}/record`, zone, {
      what: `creating TXT ${fqdnOf(subDomain, zone)}`,
      body: { fieldType: "TXT", subDomain, target, ttl: this.#settings.ttl },
      retryWhen: throttledOnly
    });
  }
  /** Deletes one record; false when it was already gone. */
  async deleteRecord(zone, id) {
    try {
      await this.#call("DELETE", `/domain/zone/${zone}/record/${id}`, zone, { what: `deleting TXT record ${id}` });
      return true;
    } catch (error) {
      if (error instanceof OvhError && error.status === 404 && error.code === "Client::NotFound") return false;
      throw error;
    }
  }
  /** Publishes the zone's changes: OVH serves a record only after this. */
  async refresh(zone) {
    await this.#call("POST", `/domain/zone/${zone}/refresh`, zone, { what: "refreshing the zone" });
  }
  /** Seconds to add to this machine's clock to be on OVH's, asked once per run and endpoint. */
  #clockSkew() {
    return oncePerKey(this.#skew, this.#settings.apiUrl, async () => {
      const answer = await sendRequest(this.#caller, {
        method: "GET",
        url: `${this.#settings.apiUrl}/auth/time`,
        what: "ovh: reading the API clock (/auth/time)",
        headers: () => ({}),
        retryNoAnswer: true
      });
      const server = parseJson(answer.body);
      if (!isSuccess(answer) || typeof server !== "number")
        throw new Error(
          `ovh: reading the API clock at ${this.#settings.apiUrl}/auth/time: HTTP ${answer.status} ${shownBody(answer.body, [])}; check ovh-endpoint`
        );
      return server - Math.floor(this.#caller.clock.now() / 1e3);
    });
  }
  async #call(method, path, zone, options) {
    const skew = await this.#clockSkew();
    const { applicationKey, applicationSecret, consumerKey, apiUrl } = this.#settings;
    const url = `${apiUrl}${path}`;
    const body = options.body === void 0 ? "" : JSON.stringify(options.body);
    const what = `${options.what} in zone ${zone}`;
    const answer = await sendRequest(this.#caller, {
      method,
      url,
      what: `ovh: ${what}`,
      ...body === "" ? {} : { body },
      headers: () => {
        const timestamp = Math.floor(this.#caller.clock.now() / 1e3) + skew;
        return {
          ...body === "" ? {} : { "content-type": "application/json" },
          "x-ovh-application": applicationKey,
          "x-ovh-consumer": consumerKey,
          "x-ovh-timestamp": String(timestamp),
          "x-ovh-signature": ovhSignature(applicationSecret, consumerKey, method, url, body, timestamp)
        };
      },
      retryWhen: options.retryWhen ?? throttledOrServerError
    });
    if (isSuccess(answer)) return parseJson(answer.body);
    const error = parseJson(answer.body);
    const code = error?.errorCode ?? error?.class;
    const detail = error?.message ?? shownBody(answer.body, [applicationKey, applicationSecret, consumerKey]);
    const fix = advice(answer.status, code, detail, method, path, zone);
    throw new OvhError(
      `ovh: ${what}: ${answer.status}${code ? ` ${code}` : ""} ${detail}; ${fix}${answer.note}`,
      answer.status,
      code
    );
  }
};
function advice(status, code, detail, method, path, zone) {
  switch (code) {
    case "INVALID_KEY":
      return "OVH does not know ovh-application-key at this endpoint (keys belong to one region: check ovh-endpoint)";
    case "INVALID_SIGNATURE":
      return "OVH refused the signature: check ovh-application-secret (the secret of ovh-application-key)";
    case "QUERY_TIME_OUT":
      return "the request's timestamp is off OVH's clock; rerun, and check the runner's clock";
    case "INVALID_CREDENTIAL":
    case "NOT_CREDENTIAL":
      return `ovh-consumer-key is unknown, expired, revoked, not validated, or of another application; request a new one for this application key with GET, POST and DELETE on /domain/zone/${zone}/*`;
    case "NOT_GRANTED_CALL":
      return `the consumer key's rules do not allow ${method} ${path.split("?")[0]}; request a consumer key with GET, POST and DELETE on /domain/zone/${zone}/*`;
  }
  if (status === 404 && /service does not exist/i.test(detail))
    return `${zone} is not a DNS zone of this OVH account at this endpoint; check the zone and ovh-endpoint`;
  if (status === 401) return "set ovh-application-key, ovh-application-secret and ovh-consumer-key";
  return "see https://api.ovh.com/console/ for the call";
}
function fqdnOf(subDomain, zone) {
  return subDomain === "" ? zone : `${subDomain}.${zone}`;
}
function ovhApiFor(settings, context) {
  const { applicationKey, applicationSecret, consumerKey, apiUrl, ttl } = settings;
  const key = JSON.stringify(["ovh", applicationKey, applicationSecret, consumerKey, apiUrl, ttl]);
  return perRun(context, key, () => new OvhApi(settings, context));
}

// src/dns/providers/ovh/provider.ts
var PARALLEL = 4;
var OvhProvider = class {
  name = "ovh";
  #api;
  /** The ref journaled for a record of this run is `zone/id`. */
  #own = new OwnRecords(ZONE_RECORD_REFS);
  constructor(settings, context) {
    this.#api = ovhApiFor(settings, context);
  }
  async createRecords(records) {
    const unique = distinctRecords(records);
    const zones = unique.map((record) => zoneName(record.zone));
    await settleAll(
      groupByZone(unique, zones, (zone) => zone).map(async ({ zone, items }) => {
        let created = 0;
        const creates = inParallel(items, PARALLEL, async (record) => {
          const { id } = await this.#api.createTxt(zone, subDomainOf(record.fqdn, zone), record.value);
          this.#own.created(record, { zone, id });
          created += 1;
        });
        const failed = await creates.then(
          () => void 0,
          (error) => ({ error })
        );
        if (created > 0) {
          try {
            await this.#api.refresh(zone);
          } catch (error) {
            throw failed ? failed.error : error;
          }
        }
        if (failed) throw failed.error;
      })
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
      byZone.map(async ({ zone, items }) => {
        const deleted = await inParallel(items, PARALLEL, ({ id }) => this.#api.deleteRecord(zone, id));
        if (deleted.some(Boolean)) await this.#api.refresh(zone);
      })
    );
    this.#own.forget(records);
  }
  /** The records at a record's name carrying its value: in the journaled ref's zone, if any. */
  async #atName(record, journaled) {
    const zone = journaled?.zone ?? zoneName(record.zone);
    const subDomain = subDomainOf(record.fqdn, zone);
    const ids = await this.#api.txtIds(zone, subDomain);
    const held = await inParallel(ids, PARALLEL, (id) => this.#api.record(zone, id));
    return held.filter((r) => r !== void 0).filter((r) => r.fieldType === "TXT" && r.subDomain === subDomain && unquoteTxt(r.target) === record.value).map((r) => ({ zone, id: r.id }));
  }
};
function zoneName(zone) {
  return zone.toLowerCase().replace(/\.$/, "");
}
function subDomainOf(fqdn, zone) {
  const name = fqdn.toLowerCase().replace(/\.$/, "");
  if (name === zone) return "";
  if (!name.endsWith(`.${zone}`)) throw new Error(`ovh: ${fqdn} is not in zone ${zone}`);
  return name.slice(0, -(zone.length + 1));
}
export {
  OvhProvider
};
