import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  AzureTokens
} from "./chunk-YV7PULRH.js";
import "./chunk-B6RY3UDC.js";
import "./chunk-F5LBTMML.js";
import "./chunk-WO4UHE7A.js";
import "./chunk-JSEFSRRM.js";
import {
  allPages,
  nextPageUrl
} from "./chunk-WHZBR5V2.js";
import {
  Locks
} from "./chunk-HJT7ENEG.js";
import "./chunk-F725RPWM.js";
import { API_VERSION$20 as API_VERSION, AZURE_ACTIONS, describeSet, isZoneRef, parseRecordSetId, parseZoneTarget, recordSetFqdn, recordSetId, relativeName, zoneFromId } from "./start.js";
import { isSuccess, sendRequest, throttledOrServerError } from "./start.js";
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
import { CLOUD_API_RETRY_POLICY, DEFAULT_RETRY_POLICY, callWithRetries } from "./start.js";
import "./chunk-XZJCQAZ7.js";
import "./start.js";

// src/dns/providers/azure/api.ts
var AzureError = class extends Error {
  constructor(message, status, code) {
    super(message);
    this.status = status;
    this.code = code;
  }
  status;
  code;
};
function isPreconditionFailed(error) {
  return error instanceof AzureError && error.status === 412;
}
var RETRY_POLICY = { ...CLOUD_API_RETRY_POLICY, backoffMs: 500 };
var ROLE_ACTIONS = `${AZURE_ACTIONS[1]}, write and delete and ${AZURE_ACTIONS[0]}`;
var AzureApi = class {
  #settings;
  #caller;
  #logger;
  #tokens;
  #origin;
  /** The public DNS zones of each subscription, listed once per run. */
  #zones = /* @__PURE__ */ new Map();
  /** Read-merge-write of one record set at a time: the certificates of a run may share a name. */
  locks = new Locks();
  constructor(settings, context, tokens) {
    this.#settings = settings;
    this.#caller = { ...context, policy: RETRY_POLICY };
    this.#logger = context.logger;
    this.#origin = new URL(settings.apiUrl).origin;
    this.#tokens = tokens;
  }
  /**
   * The zone for a record: the one `azure-zone` names, else the DNS zone found by SOA, in the resource group given or
   * found.
   */
  async zoneFor(record) {
    const given = this.#settings.zones.idFor(record.fqdn);
    const target = given === void 0 ? { name: normalizeName(record.zone) } : parseZoneTarget(given);
    if (isZoneRef(target)) return target;
    const subscriptionId = this.#settings.subscriptionId;
    if (subscriptionId === void 0) {
      throw new Error(
        `azure-subscription-id: missing for zone ${target.name}; expected the ID of the subscription that holds it (or set AZURE_SUBSCRIPTION_ID, or give azure-zone its resource ID)`
      );
    }
    if (this.#settings.resourceGroup !== void 0)
      return { subscriptionId, resourceGroup: this.#settings.resourceGroup, name: target.name };
    const named = (await this.#zonesOf(subscriptionId)).filter((zone) => zone.name === target.name);
    if (named.length === 0) {
      throw new Error(
        `azure: no DNS zone named ${target.name} in subscription ${subscriptionId}; create it there, or check azure-subscription-id (a private DNS zone cannot answer ACME challenges)`
      );
    }
    if (named.length > 1) {
      const groups = named.map((zone) => zone.resourceGroup).join(", ");
      throw new Error(
        `azure: ${named.length} DNS zones named ${target.name} in subscription ${subscriptionId} (resource groups ${groups}); set azure-resource-group, or azure-zone to the zone's resource ID, to pick the one the domain is delegated to`
      );
    }
    return named[0];
  }
  /** The subscription's zones, listed once per run (by the first record that needs them). */
  #zonesOf(subscriptionId) {
    let zones = this.#zones.get(subscriptionId);
    if (!zones) {
      zones = this.#listZones(subscriptionId);
      this.#zones.set(subscriptionId, zones);
      zones.then(
        (found) => this.#logger.debug(
          `azure: subscription ${subscriptionId} holds ${found.length} public DNS zone(s): ${found.map((z) => `${z.name} (${z.resourceGroup})`).join(", ")}`
        ),
        () => this.#zones.delete(subscriptionId)
      );
    }
    return zones;
  }
  /** Every public DNS zone of the subscription, page by page (`nextLink`). */
  async #listZones(subscriptionId) {
    const what = `listing the DNS zones of subscription ${subscriptionId}`;
    const first = this.#url(
      `/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.Network/dnszones`
    );
    const listed = await allPages(`azure: ${what}`, first, async (url) => {
      const { json } = await this.#call("GET", url, { operation: "list", what });
      return {
        items: json?.value ?? [],
        next: nextPageUrl(json?.nextLink, this.#origin, `azure: ${what}`)
      };
    });
    return listed.flatMap((item) => {
      const zone = zoneFromId(item.id ?? "");
      return zone && (item.properties?.zoneType ?? "Public") === "Public" ? [zone] : [];
    });
  }
  /** The TXT record set, or undefined when there is none. */
  async readTxt(set) {
    const answer = await this.#call("GET", this.#setUrl(set), {
      operation: "read",
      what: `reading ${describeSet(set)}`,
      expect: [404],
      zone: set.zone
    });
    if (answer.status === 404) {
      const code = errorCode(answer.json);
      if (code === "NotFound") return void 0;
      throw this.#explain(`reading ${describeSet(set)}`, "read", answer, "", set.zone);
    }
    return txtSetFrom(answer.json, this.#settings.ttl);
  }
  /** Replaces the set with `content` if it is still as read (or still absent); 412 (AzureError) when not. */
  async writeTxt(set, content, condition) {
    const headers = "ifMatch" in condition ? { "if-match": condition.ifMatch } : { "if-none-match": "*" };
    const body = {
      properties: {
        TTL: content.ttl,
        TXTRecords: content.records.map((record) => ({ value: [...record.value] })),
        metadata: content.metadata
      }
    };
    await this.#call("PUT", this.#setUrl(set), {
      operation: "write",
      what: `writing ${describeSet(set)}`,
      body,
      headers,
      zone: set.zone
    });
  }
  /** Deletes the set if it is still as read; 412 (AzureError) when not. Gone already counts as done. */
  async deleteTxt(set, etag) {
    await this.#call("DELETE", this.#setUrl(set), {
      operation: "delete",
      what: `deleting ${describeSet(set)}`,
      headers: { "if-match": etag },
      zone: set.zone
    });
  }
  #setUrl(set) {
    const { subscriptionId, resourceGroup, name } = set.zone;
    const path = [
      "subscriptions",
      subscriptionId,
      "resourceGroups",
      resourceGroup,
      "providers",
      "Microsoft.Network",
      "dnsZones",
      name,
      "TXT",
      set.name
    ].map(encodeURIComponent);
    return this.#url(`/${path.join("/")}`);
  }
  #url(path) {
    return `${this.#settings.apiUrl}${path}?api-version=${API_VERSION}`;
  }
  /**
   * One Resource Manager call: 429 and 5xx retried (after Retry-After, else with backoff) and lost
   * connections too, a refused token (401) once at once with a new one; anything else that is not
   * expected becomes an AzureError naming the operation, the target and Azure's code.
   */
  async #call(method, url, call) {
    let tokenRenewed = false;
    const retryWhen = (answer2) => {
      if (call.expect?.includes(answer2.status)) return void 0;
      if (answer2.status === 401 && !tokenRenewed) {
        tokenRenewed = true;
        this.#tokens.discard();
        return { why: "HTTP 401, the token refused; with a new one", afterMs: 0 };
      }
      const verdict = throttledOrServerError(answer2);
      return verdict && { why: `${verdict.why} ${errorCode(parseJson(answer2.body)) ?? ""}`.trim() };
    };
    const headers = async () => ({ authorization: `Bearer ${await this.#tokens.bearer()}`, ...call.headers });
    const request = {
      method,
      url,
      what: `azure: ${call.what}`,
      headers,
      json: call.body,
      retryWhen,
      retryNoAnswer: true
    };
    const response = await sendRequest(this.#caller, request);
    const answer = { status: response.status, json: jsonObject(response.body) };
    if (isSuccess(response) || call.expect?.includes(response.status)) return answer;
    throw this.#explain(call.what, call.operation, answer, response.note, call.zone);
  }
  #explain(what, operation, answer, retried, zone) {
    const body = answer.json;
    const code = errorCode(body) ?? `HTTP ${answer.status}`;
    const message = (body?.error?.message ?? body?.message ?? "").trim();
    const advice = adviceFor(code, operation, zone, this.#settings);
    return new AzureError(
      `azure: ${what}: ${code}${retried}${message ? `: ${message}` : ""}${advice ? `; ${advice}` : ""}`,
      answer.status,
      code
    );
  }
};
function adviceFor(code, operation, zone, settings) {
  switch (code) {
    case "AuthorizationFailed":
    case "LinkedAuthorizationFailed":
      if (operation === "list") {
        return "listing needs Microsoft.Network/dnsZones/read on the subscription (Reader, or the custom role in the azure section of docs/providers.md); or set azure-resource-group to go straight to the zone";
      }
      return `give the identity "DNS Zone Contributor" on the zone, or a custom role with ${ROLE_ACTIONS} (see the azure section of docs/providers.md)`;
    case "InvalidAuthenticationTokenAudience":
      return `the token is for another cloud's Resource Manager; set azure-api-url (now ${settings.apiUrl}) to the cloud the sign-in step signed in to`;
    case "InvalidAuthenticationTokenTenant":
      return "the subscription belongs to another tenant than the one signed in to; check azure/login tenant-id (AZURE_TENANT_ID) and azure-subscription-id";
    case "AuthenticationFailed":
    case "InvalidAuthenticationToken":
    case "ExpiredAuthenticationToken":
      return "Resource Manager refused the token; check the sign-in step before this one (azure/login)";
    case "SubscriptionNotFound":
    case "InvalidSubscriptionId":
      return "check azure-subscription-id (or AZURE_SUBSCRIPTION_ID), and that the identity has a role in that subscription";
    case "ResourceGroupNotFound":
      return `no resource group ${zone?.resourceGroup ?? settings.resourceGroup ?? ""} in subscription ${zone?.subscriptionId ?? settings.subscriptionId ?? ""}; check azure-resource-group and azure-zone`;
    case "ParentResourceNotFound":
    case "ResourceNotFound":
      return zone ? `no DNS zone ${zone.name} in resource group ${zone.resourceGroup}; check azure-resource-group and azure-zone, or leave azure-resource-group out to find the zone by name` : void 0;
    default:
      return void 0;
  }
}
function errorCode(json) {
  const body = json;
  return body?.error?.code ?? body?.code;
}
function jsonObject(body) {
  const value = parseJson(body);
  return value !== null && typeof value === "object" ? value : void 0;
}
function txtSetFrom(json, fallbackTtl) {
  const properties = json?.properties ?? {};
  return {
    etag: typeof json?.etag === "string" ? json.etag : "",
    ttl: typeof properties.TTL === "number" ? properties.TTL : fallbackTtl,
    records: (properties.TXTRecords ?? []).map((record) => ({ value: record.value ?? [] })),
    ...properties.metadata && Object.keys(properties.metadata).length > 0 ? { metadata: properties.metadata } : {}
  };
}
function azureApiFor(settings, context) {
  const tokens = perRun(
    context,
    JSON.stringify(["azure-token", settings.apiUrl]),
    () => new AzureTokens({
      scope: `${settings.apiUrl}/.default`,
      component: "azure",
      unknownResourceAdvice: "check azure-api-url (the Resource Manager endpoint of your cloud)",
      env: context.env,
      clock: context.clock,
      logger: context.logger
    })
  );
  const key = JSON.stringify([
    "azure",
    settings.subscriptionId ?? null,
    settings.resourceGroup ?? null,
    settings.zones.describe(),
    settings.apiUrl,
    settings.ttl
  ]);
  return perRun(context, key, () => new AzureApi(settings, context, tokens));
}

// src/dns/providers/azure/provider.ts
var CONFLICT_RETRIES = { ...DEFAULT_RETRY_POLICY, attempts: 5 };
var PARALLEL = 8;
var STRING_LENGTH = 255;
var AzureProvider = class {
  name = "azure";
  #api;
  #settings;
  #context;
  constructor(settings, context) {
    this.#settings = settings;
    this.#context = context;
    this.#api = azureApiFor(settings, context);
  }
  async createRecords(records) {
    const sets = await Promise.all(records.map((record) => this.#setOf(record, false)));
    await this.#applyAll(records, sets, "add");
    return records.map((record, i) => ({ ...record, ref: recordSetId(sets[i]) }));
  }
  async deleteRecords(records) {
    const sets = await Promise.all(records.map((record) => this.#setOf(record, true)));
    await this.#applyAll(records, sets, "remove");
  }
  /** The record set of a record: from its ref (a record set ID) when cleaning up, else its zone and name. */
  async #setOf(record, fromRef) {
    const journaled = fromRef && record.ref ? parseRecordSetId(record.ref) : void 0;
    if (journaled && recordSetFqdn(journaled).toLowerCase() === record.fqdn.toLowerCase().replace(/\.$/, ""))
      return journaled;
    const zone = await this.#api.zoneFor(record);
    return { zone, name: relativeName(record.fqdn, zone.name) };
  }
  async #applyAll(records, sets, mode) {
    const setKey = (set) => recordSetId(set).toLowerCase();
    const changes = groupByZone(records, sets, setKey).map(({ zone: set, items }) => ({
      set,
      values: new Set(items.map((record) => record.value))
    }));
    await inParallel(
      changes,
      PARALLEL,
      (change) => this.#api.locks.run(setKey(change.set), () => this.#apply(change, mode))
    );
  }
  /** Adds or removes the values at one name, read-merge-write on the set's ETag until no one interferes. */
  async #apply({ set, values }, mode) {
    const swap = async () => {
      const current = await this.#api.readTxt(set);
      const next = mergedRecords(current, values, mode);
      if (next === void 0) return;
      if (current && next.length === 0) return this.#api.deleteTxt(set, current.etag);
      const content = {
        ttl: current?.ttl ?? this.#settings.ttl,
        records: next,
        ...current?.metadata ? { metadata: current.metadata } : {}
      };
      await this.#api.writeTxt(set, content, current ? { ifMatch: current.etag } : { ifNoneMatch: "*" });
    };
    const conflict = (error) => isPreconditionFailed(error) ? { why: "changed while certwright wrote it (412); reading it again", afterMs: 0 } : void 0;
    await callWithRetries(
      this.#context,
      CONFLICT_RETRIES,
      `azure: ${describeSet(set)}`,
      swap,
      conflict,
      (error) => error
    );
  }
};
function valueOf(record) {
  return record.value.join("");
}
function mergedRecords(current, values, mode) {
  const existing = current?.records ?? [];
  if (mode === "add") {
    const present = new Set(existing.map(valueOf));
    const missing = [...values].filter((value) => !present.has(value));
    if (missing.length === 0) return void 0;
    return [
      ...existing,
      ...missing.map((value) => ({ value: value.match(new RegExp(`[^]{1,${STRING_LENGTH}}`, "g")) ?? [""] }))
    ];
  }
  const kept = existing.filter((record) => !values.has(valueOf(record)));
  return kept.length === existing.length ? void 0 : kept;
}
export {
  AzureProvider,
  mergedRecords
};
