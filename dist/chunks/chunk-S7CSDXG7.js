import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  optionalOption,
  parseJsonSecret,
  refusePlainHttp
} from "./chunk-K34JUBMG.js";
import {
  challengeRecordName,
  domainNameProblem,
  isInZone,
  normalizeName
} from "./chunk-OYDUDBUO.js";

// src/options/zone-ids.ts
var ZoneIds = class _ZoneIds {
  constructor(option, all, byZone) {
    this.option = option;
    this.all = all;
    this.byZone = byZone;
  }
  option;
  all;
  byZone;
  static parse(values, option, idPattern, idExample) {
    const text = optionalOption(values, option);
    if (text === void 0) return new _ZoneIds(option, void 0, /* @__PURE__ */ new Map());
    const parts = text.split(",").map((part) => part.trim()).filter((part) => part !== "");
    const checkId = (id) => {
      if (!idPattern.test(id))
        throw new Error(`${option}: "${id}" is not a zone ID; expected one such as ${idExample}`);
      return id;
    };
    if (parts.length === 1 && !parts[0]?.includes("=")) return new _ZoneIds(option, checkId(parts[0] ?? ""), /* @__PURE__ */ new Map());
    const byZone = /* @__PURE__ */ new Map();
    for (const part of parts) {
      const at = part.indexOf("=");
      if (at < 0)
        throw new Error(
          `${option}: "${part}" is not zone=ID; give one ID alone, or zone=ID pairs such as example.com=${idExample}`
        );
      const zone = normalizeName(part.slice(0, at));
      const problem = domainNameProblem(zone);
      if (problem || zone.startsWith("*."))
        throw new Error(
          `${option}: "${part.slice(0, at)}" is not a zone name (${problem ?? "no wildcards"}); expected zone=ID pairs such as example.com=${idExample}`
        );
      if (byZone.has(zone)) throw new Error(`${option}: zone ${zone} is listed twice; give each zone one ID`);
      byZone.set(zone, checkId(part.slice(at + 1).trim()));
    }
    return new _ZoneIds(option, void 0, byZone);
  }
  /** The ID given for the zone holding `name` (the most specific pair), if any. */
  idFor(name) {
    if (this.all !== void 0) return this.all;
    let best;
    for (const [zone, id] of this.byZone) {
      if (isInZone(name, zone) && (best === void 0 || zone.length > best[0].length)) best = [zone, id];
    }
    return best?.[1];
  }
  /** The zone a pair names for `name` (the one the user gave the ID for), if any. */
  zoneFor(name) {
    return [...this.byZone.keys()].filter((zone) => isInZone(name, zone)).sort((a, b) => b.length - a.length)[0];
  }
  get isEmpty() {
    return this.all === void 0 && this.byZone.size === 0;
  }
  describe() {
    if (this.all !== void 0) return this.all;
    return [...this.byZone].map(([zone, id]) => `${zone}=${id}`).join(",");
  }
};

// src/dns/providers/acme-dns/credentials.ts
var VALUES_PER_ACCOUNT = 2;
var FIELDS = ["username", "password", "fulldomain", "subdomain"];
function accountKey(account) {
  return `${account.server} ${account.subdomain.toLowerCase()}`;
}
function credentialKey(domain) {
  return normalizeName(domain).replace(/^\*\./, "");
}
function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function parseAcmeDnsCredentials(text, source, defaultServer) {
  const document = parseJsonSecret(
    source,
    text,
    "the object acme-dns /register answers, keyed by domain as certbot's and lego's acme-dns files are"
  );
  if (!isObject(document))
    throw new Error(
      `${source}: not a JSON object; expected {"example.com": {"username": ..., "password": ..., "fulldomain": ..., "subdomain": ...}}`
    );
  const single = FIELDS.some((field) => field in document);
  const entries = single ? [["", document]] : Object.entries(document);
  if (entries.length === 0)
    throw new Error(`${source}: holds no account; register one with certwright acme-dns register -d example.com`);
  const byDomain = /* @__PURE__ */ new Map();
  const accounts = /* @__PURE__ */ new Map();
  const listedAs = /* @__PURE__ */ new Map();
  for (const [rawKey, entry] of entries) {
    const key = single ? "" : credentialKey(rawKey);
    const label = single ? "the account" : `the entry for "${rawKey}"`;
    if (!single) {
      const problem = domainNameProblem(key);
      if (problem)
        throw new Error(
          `${source}: key "${rawKey}" is not a domain name (${problem}); expected entries such as "example.com": {...}`
        );
    }
    const parsed = accountFrom(entry, label, source, defaultServer);
    const known = accounts.get(accountKey(parsed));
    const earlier = byDomain.get(key);
    if (earlier && accountKey(earlier) !== accountKey(parsed)) {
      throw new Error(
        `${source}: keys "${listedAs.get(key)}" and "${rawKey}" both name ${key} (a wildcard and its apex share _acme-challenge.${key}, so one account); keep one`
      );
    }
    const account = { ...known ?? parsed, names: [.../* @__PURE__ */ new Set([...known?.names ?? [], key])] };
    accounts.set(accountKey(account), account);
    byDomain.set(key, account);
    listedAs.set(key, rawKey);
  }
  for (const [key, account] of byDomain) byDomain.set(key, accounts.get(accountKey(account)));
  return { source, byDomain, accounts: [...accounts.values()] };
}
function accountFrom(entry, label, source, defaultServer) {
  if (!isObject(entry))
    throw new Error(
      `${source}: ${label} is not an object; expected {"username", "password", "fulldomain", "subdomain"} as acme-dns /register answers`
    );
  const fields = {};
  for (const field of FIELDS) {
    const value = entry[field];
    if (typeof value !== "string" || value.trim() === "") {
      throw new Error(
        `${source}: ${label} has no ${field}; expected "username", "password", "fulldomain" and "subdomain" as acme-dns /register answers`
      );
    }
    fields[field] = value.trim();
  }
  const fulldomain = normalizeName(fields.fulldomain);
  if (!/^[a-z0-9_-]+(\.[a-z0-9_-]+)+$/.test(fulldomain))
    throw new Error(`${source}: ${label} has fulldomain "${fields.fulldomain}", which is not a domain name`);
  const server = serverOf(entry.server_url, label, source) ?? defaultServer;
  if (!server) {
    throw new Error(
      `acme-dns-server: missing; expected the acme-dns API URL, such as https://auth.acme-dns.io (${label} in ${source} carries no server_url)`
    );
  }
  return {
    username: fields.username,
    password: fields.password,
    fulldomain,
    subdomain: fields.subdomain,
    server,
    names: []
  };
}
var EXAMPLE_SERVER = "https://auth.acme-dns.io";
function serverOf(value, label, source) {
  if (value === void 0 || value === null || value === "") return void 0;
  const problem = `${source}: ${label} has a server_url that is not an http(s) URL; expected such as ${EXAMPLE_SERVER}`;
  if (typeof value !== "string") throw new Error(problem);
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new Error(problem);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:" || url.username || url.password) throw new Error(problem);
  refusePlainHttp(`${source}: server_url of ${label}`, url, "the account password");
  return value.replace(/\/+$/, "");
}
function brief(names) {
  return names.length <= 4 ? names.join(", ") : `${names.slice(0, 4).join(", ")} and ${names.length - 4} more`;
}
function tooManyValues(account, domains) {
  return `acme-dns: ${domains.length} names of this certificate need TXT values on one acme-dns account (${account.fulldomain}: ${brief(domains)}), but acme-dns keeps only the ${VALUES_PER_ACCOUNT} most recent, so the CA could not see them all; split the certificate (a name and its wildcard per account) or use separate acme-dns accounts (certwright acme-dns register -d NAME)`;
}
function sharedAccountProblem(credentials, domains) {
  const byAccount = /* @__PURE__ */ new Map();
  for (const domain of new Set(domains.map((d) => normalizeName(d)))) {
    const account = credentials.byDomain.get(credentialKey(domain));
    if (account) byAccount.set(account, [...byAccount.get(account) ?? [], domain]);
  }
  const crowded = [...byAccount].find(([, names]) => names.length > VALUES_PER_ACCOUNT);
  return crowded ? tooManyValues(crowded[0], crowded[1]) : void 0;
}
function accountForRecord(credentials, record) {
  const fqdn = normalizeName(record.fqdn);
  const key = credentialKey(record.domain);
  const entry = credentials.byDomain.get(key) ?? credentials.byDomain.get("");
  if (entry?.fulldomain === fqdn) return entry;
  const target = credentials.accounts.find((account) => account.fulldomain === fqdn);
  if (target) return target;
  const name = challengeRecordName(key);
  if (entry) {
    const now = fqdn === name ? `${name} is not a CNAME` : `${name} leads to ${fqdn}`;
    return fail(
      `acme-dns: ${now}, but the acme-dns account for ${key} is ${entry.fulldomain}; create the record "${name}. CNAME ${entry.fulldomain}." in the zone of ${key} (once), then run again`
    );
  }
  return fail(
    `acme-dns: ${credentials.source} has no account for ${key}, and ${fqdn} is no account's fulldomain; register one with certwright acme-dns register -d ${key}, create the CNAME it prints and add the credentials`
  );
}
function fail(message) {
  throw new Error(message);
}

export {
  ZoneIds,
  VALUES_PER_ACCOUNT,
  accountKey,
  credentialKey,
  parseAcmeDnsCredentials,
  tooManyValues,
  sharedAccountProblem,
  accountForRecord
};
