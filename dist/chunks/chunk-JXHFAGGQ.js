import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  domainNameProblem,
  isInZone,
  normalizeName
} from "./chunk-OYDUDBUO.js";

// src/dns/providers/azure/names.ts
var SUBSCRIPTION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
var RESOURCE_GROUP = /^[-\w.()\p{L}]{0,89}[-\w()\p{L}]$/u;
var ZONE_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/dnszones\/([^/]+)$/i;
var RECORD_SET_ID = /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/dnszones\/[^/]+)\/TXT\/([^/]+)$/i;
function parseZoneTarget(text) {
  const id = ZONE_ID.exec(text);
  if (id) {
    const [, subscriptionId = "", resourceGroup = "", zone = ""] = id;
    if (!SUBSCRIPTION_ID.test(subscriptionId))
      throw new Error(`azure-zone: "${text}" names the subscription "${subscriptionId}", which is not a GUID`);
    const problem2 = domainNameProblem(normalizeName(zone));
    if (problem2)
      throw new Error(`azure-zone: "${text}" names the zone "${zone}", which is not a DNS name (${problem2})`);
    return { subscriptionId: subscriptionId.toLowerCase(), resourceGroup, name: normalizeName(zone) };
  }
  if (text.startsWith("/")) {
    throw new Error(
      `azure-zone: "${text}" is not a DNS zone resource ID; expected /subscriptions/<ID>/resourceGroups/<group>/providers/Microsoft.Network/dnszones/<zone>`
    );
  }
  const name = normalizeName(text);
  const problem = domainNameProblem(name);
  if (problem || name.startsWith("*."))
    throw new Error(
      `azure-zone: "${text}" is not a zone name (${problem ?? "no wildcards"}); expected one such as example.com, or a zone resource ID`
    );
  return { name };
}
function isZoneRef(target) {
  return "resourceGroup" in target;
}
function zoneId(zone) {
  const group = `/subscriptions/${zone.subscriptionId}/resourceGroups/${zone.resourceGroup}`;
  return `${group}/providers/Microsoft.Network/dnszones/${zone.name}`;
}
function zoneFromId(id) {
  const match = ZONE_ID.exec(id);
  if (!match) return void 0;
  return {
    subscriptionId: (match[1] ?? "").toLowerCase(),
    resourceGroup: match[2] ?? "",
    name: normalizeName(match[3] ?? "")
  };
}
function relativeName(fqdn, zone) {
  const name = normalizeName(fqdn);
  if (!isInZone(name, zone)) throw new Error(`azure: ${name} is not in zone ${zone}; check azure-zone`);
  return name === zone ? "@" : name.slice(0, -(zone.length + 1));
}
function recordSetId(set) {
  return `${zoneId(set.zone)}/TXT/${set.name}`;
}
function parseRecordSetId(ref) {
  const match = RECORD_SET_ID.exec(ref);
  const zone = match ? zoneFromId(match[1] ?? "") : void 0;
  return zone && match?.[2] ? { zone, name: match[2].toLowerCase() } : void 0;
}
function recordSetFqdn(set) {
  return set.name === "@" ? set.zone.name : `${set.name}.${set.zone.name}`;
}
function describeSet(set) {
  return `TXT ${recordSetFqdn(set)} in zone ${set.zone.name} (resource group ${set.zone.resourceGroup})`;
}

// src/dns/providers/azure/metadata.ts
var DEFAULT_API_URL = "https://management.azure.com";
var API_VERSION = "2018-05-01";
var AZURE_ACTIONS = [
  "Microsoft.Network/dnsZones/read",
  "Microsoft.Network/dnsZones/TXT/read",
  "Microsoft.Network/dnsZones/TXT/write",
  "Microsoft.Network/dnsZones/TXT/delete"
];
var metadata = {
  name: "azure",
  description: "Azure DNS through the Resource Manager API, with @azure/identity's DefaultAzureCredential (GitHub OIDC with azure/login, workload identity, managed identity)",
  options: [
    {
      name: "azure-subscription-id",
      description: "Subscription that holds the DNS zone(s). Default: `AZURE_SUBSCRIPTION_ID` from the environment.",
      envAliases: ["AZURE_SUBSCRIPTION_ID"]
    },
    {
      name: "azure-resource-group",
      description: "Resource group of the DNS zone(s). With it, certwright goes straight to the zone the DNS core found (DNS Zone Contributor on the zone is enough); without it, it finds the zone's resource group by listing the subscription's DNS zones.",
      envAliases: ["AZURE_RESOURCE_GROUP"]
    },
    {
      name: "azure-zone",
      description: "DNS zone to write into instead of the one found by SOA: a zone name, or a zone resource ID (`/subscriptions/\u2026/resourceGroups/\u2026/providers/Microsoft.Network/dnszones/example.com`, no lookup at all), or `zone=\u2026` pairs of either, comma-separated."
    },
    {
      name: "azure-ttl",
      description: "TTL of a TXT record set certwright creates, in seconds (an existing set keeps its own).",
      default: "60"
    },
    {
      name: "azure-api-url",
      description: "Azure Resource Manager endpoint: `https://management.usgovcloudapi.net` or `https://management.chinacloudapi.cn` for those clouds, or a local test endpoint. Tokens are requested for `<url>/.default`.",
      default: DEFAULT_API_URL
    }
  ]
};

export {
  DEFAULT_API_URL,
  API_VERSION,
  AZURE_ACTIONS,
  metadata,
  SUBSCRIPTION_ID,
  RESOURCE_GROUP,
  parseZoneTarget,
  isZoneRef,
  zoneFromId,
  relativeName,
  recordSetId,
  parseRecordSetId,
  recordSetFqdn,
  describeSet
};
