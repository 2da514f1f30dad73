(function (exports, require, module, __certwrightUrl, __certwrightLoad) {
var __certwrightBuiltin = (mod) => Object.create(mod, { default: { value: mod, enumerable: true } });
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);
var import_node_module = require("node:module");
var import_node_module2 = require("node:module");
var import_node_crypto = require("node:crypto");
var import_node_module3 = require("node:module");
var import_node_module4 = require("node:module");
var import_node_module5 = require("node:module");
var import_node_module6 = require("node:module");
var import_node_net = require("node:net");
var import_node_module7 = require("node:module");
var import_node_module8 = require("node:module");
var import_node_module9 = require("node:module");
var import_node_module10 = require("node:module");
var import_node_tls = __certwrightBuiltin(require("node:tls"));
var import_node_crypto2 = require("node:crypto");
var import_node_net2 = __certwrightBuiltin(require("node:net"));
var import_node_tls2 = __certwrightBuiltin(require("node:tls"));
var import_node_module11 = require("node:module");
var import_node_module12 = require("node:module");
var import_node_module13 = require("node:module");
var import_node_module14 = require("node:module");
var import_node_module15 = require("node:module");
var import_node_module16 = require("node:module");
var import_node_module17 = require("node:module");
var import_node_module18 = require("node:module");
var import_node_module19 = require("node:module");
var import_node_module20 = require("node:module");
var import_node_module21 = require("node:module");
var import_node_url = require("node:url");
var import_node_module22 = require("node:module");
var import_node_module23 = require("node:module");
var import_node_module24 = require("node:module");
var import_node_module25 = require("node:module");
var import_node_module26 = require("node:module");
var import_node_crypto3 = require("node:crypto");
var import_node_fs = require("node:fs");
var import_promises = require("node:fs/promises");
var import_node_path = require("node:path");
var import_node_util = require("node:util");
var import_node_fs2 = require("node:fs");
var import_node_crypto4 = require("node:crypto");
var import_node_fs3 = require("node:fs");
var import_promises2 = require("node:fs/promises");
var import_node_path2 = require("node:path");
var import_node_crypto5 = require("node:crypto");
var import_promises3 = require("node:fs/promises");
var import_node_os = require("node:os");
var import_node_path3 = require("node:path");
var import_node_crypto6 = require("node:crypto");
var import_node_net3 = require("node:net");
var import_promises4 = require("node:fs/promises");
var import_node_crypto7 = require("node:crypto");
var import_node_dgram = __certwrightBuiltin(require("node:dgram"));
var import_node_crypto8 = require("node:crypto");
var import_node_net4 = __certwrightBuiltin(require("node:net"));
var import_node_net5 = require("node:net");
var import_promises5 = require("node:fs/promises");
var import_node_module27 = require("node:module");
var import_node_crypto9 = require("node:crypto");
var import_node_crypto10 = require("node:crypto");
var import_node_module28 = require("node:module");
var import_node_crypto11 = require("node:crypto");
var import_node_module29 = require("node:module");
var import_node_module30 = require("node:module");
var import_node_crypto12 = require("node:crypto");
var import_node_crypto13 = require("node:crypto");
var import_node_crypto14 = require("node:crypto");
var import_node_crypto15 = require("node:crypto");
var import_node_fs4 = require("node:fs");
var import_node_crypto16 = require("node:crypto");
var import_node_crypto17 = require("node:crypto");
var import_node_fs5 = require("node:fs");
var import_promises6 = require("node:fs/promises");
var import_node_os2 = require("node:os");
var import_node_path4 = require("node:path");
var import_node_net6 = require("node:net");
var import_node_crypto18 = require("node:crypto");
var import_promises7 = require("node:fs/promises");
var import_node_os3 = require("node:os");
var import_node_path5 = require("node:path");
var import_node_fs6 = require("node:fs");
var import_promises8 = require("node:fs/promises");
var import_node_path6 = require("node:path");
var import_node_crypto19 = require("node:crypto");
var import_promises9 = require("node:fs/promises");
var import_node_path7 = require("node:path");
var import_node_module31 = require("node:module");
var import_node_module32 = require("node:module");
var import_os = require("os");
var import_fs = require("fs");
var os = __certwrightBuiltin(require("os"));
var crypto = __certwrightBuiltin(require("crypto"));
var fs = __certwrightBuiltin(require("fs"));
var os2 = __certwrightBuiltin(require("os"));
var os3 = __certwrightBuiltin(require("os"));
var import_node_module33 = require("node:module");
var import_node_module34 = require("node:module");
var import_node_module35 = require("node:module");
var import_node_module36 = require("node:module");
var import_node_path8 = require("node:path");
var import_node_module37 = require("node:module");
var import_node_crypto20 = require("node:crypto");
var import_node_os4 = require("node:os");
var import_node_path9 = require("node:path");
var import_node_util2 = require("node:util");
var import_node_module38 = require("node:module");
var import_node_module39 = require("node:module");
var import_node_net7 = require("node:net");
var import_node_module40 = require("node:module");
var import_node_module41 = require("node:module");
var import_node_module42 = require("node:module");
var import_promises10 = require("node:fs/promises");
var import_node_path10 = require("node:path");
var import_node_module43 = require("node:module");
var import_node_path11 = require("node:path");
var require2 = (0, import_node_module.createRequire)(__certwrightUrl);
// src/crypto/pem.ts
function splitPemCertificates(pem2) {
  return pem2.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)?.map((block) => `${block}
`) ?? [];
}
function pemToDer(pem2, label) {
  const blocks = pem2.matchAll(new RegExp(`-----BEGIN ${label}-----([\\s\\S]+?)-----END ${label}-----`, "g"));
  return [...blocks].map((block) => Buffer.from((block[1] ?? "").replace(/\s+/g, ""), "base64"));
}
function derToPem(der, label) {
  const base64 = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString("base64");
  const lines = [];
  for (let at = 0; at < base64.length; at += 64) lines.push(base64.slice(at, at + 64));
  return `-----BEGIN ${label}-----
${lines.join("\n")}
-----END ${label}-----
`;
}
function canonicalChainPem(pem2) {
  return pemToDer(pem2, "CERTIFICATE").map((der) => derToPem(der, "CERTIFICATE")).join("");
}
var require3 = require2;
// src/crypto/certificate.ts
function summarizeCertificate(chainPem) {
  const [leafPem] = splitPemCertificates(chainPem);
  if (!leafPem) throw new Error("crypto: no certificate in the chain");
  return summarize(new import_node_crypto.X509Certificate(leafPem));
}
function summarize(leaf) {
  const domains = (leaf.subjectAltName ?? "").split(", ").filter((entry) => entry.startsWith("DNS:")).map((entry) => entry.slice(4));
  return {
    subject: leaf.subject.replace(/\n/g, ", "),
    domains,
    issuer: leaf.issuer.replace(/\n/g, ", "),
    notBefore: new Date(leaf.validFrom),
    notAfter: new Date(leaf.validTo),
    serial: leaf.serialNumber.toLowerCase()
  };
}
function issuedCertificateProblems(chainPem, publicKey, domains, now) {
  const certificates = splitPemCertificates(chainPem).map((pem2) => new import_node_crypto.X509Certificate(pem2));
  const [leaf] = certificates;
  if (!leaf) return { problems: ["it holds no certificate"] };
  const problems = [];
  if (!leaf.publicKey.equals(publicKey)) problems.push("its public key is not the CSR's");
  const summary2 = summarize(leaf);
  const asked = new Set(domains.map((d) => d.toLowerCase()));
  const got = new Set(summary2.domains.map((d) => d.toLowerCase()));
  const missing = [...asked].filter((d) => !got.has(d));
  const extra = [...got].filter((d) => !asked.has(d));
  if (missing.length > 0) problems.push(`it lacks ${missing.join(", ")}`);
  if (extra.length > 0) problems.push(`it names ${extra.join(", ")}, not asked for`);
  if (Date.parse(leaf.validTo) <= now) problems.push(`it expired at ${new Date(leaf.validTo).toISOString()}`);
  certificates.slice(1).forEach((issuer, i) => {
    const subject = certificates[i];
    if (!subject.checkIssued(issuer) || !subject.verify(issuer.publicKey))
      problems.push(`certificate ${i + 1} of the chain is not issued by certificate ${i + 2}`);
  });
  return { problems, summary: summary2 };
}
function certificateFiles(chainPem, privateKeyPem) {
  const [leaf, ...issuers] = splitPemCertificates(chainPem);
  if (!leaf) throw new Error("crypto: no certificate in the chain");
  return { cert: leaf, chain: issuers.join(""), fullchain: [leaf, ...issuers].join(""), privkey: privateKeyPem };
}
var require4 = require2;
// src/runtime.ts
var systemClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms))
};
var silentLogger = { info() {
}, warn() {
}, debug() {
} };
function prefixedLogger(logger, prefix) {
  return {
    info: (message) => logger.info(`${prefix}: ${message}`),
    warn: (message) => logger.warn(`${prefix}: ${message}`),
    debug: (message) => logger.debug(`${prefix}: ${message}`)
  };
}
var CONTROL_ESCAPES = { "\n": "\\n", "\r": "\\r", "	": "	" };
function neutralise(text2) {
  const oneLine = text2.replace(
    // eslint-disable-next-line no-control-regex -- control characters are what it escapes
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
    (c) => CONTROL_ESCAPES[c] ?? (c.charCodeAt(0) < 256 ? `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}` : `\\u${c.charCodeAt(0).toString(16)}`)
  );
  return oneLine.replace(/^(\s*):(?=:)/, "$1%3A").replace(/#(?=#\[)/g, "%23");
}
function errorMessage(error2) {
  if (!(error2 instanceof Error)) return String(error2);
  const parts = [error2.message];
  for (let cause = error2.cause; cause !== void 0; cause = cause instanceof Error ? cause.cause : void 0) {
    const text2 = cause instanceof Error ? cause.message : String(cause);
    if (!parts.some((part) => part.includes(text2))) parts.push(text2);
  }
  return parts.join(": ");
}
var USER_AGENT = "certwright/0.1 (+https://github.com/certwright/certwright)";
var nodeRequire;
function requireBuiltin(name) {
  nodeRequire ??= (0, import_node_module4.createRequire)(__certwrightUrl);
  return nodeRequire(name);
}
function lazyBuiltin(name) {
  let loaded2;
  return () => loaded2 ??= requireBuiltin(name);
}
var require5 = require2;
// src/renewal/deploy.ts
function deployFailed(deployments) {
  return (deployments ?? []).some((d) => d.action === "failed");
}
function issuedCertificate(lineage, outcome) {
  const files = certificateFiles(lineage.chainPem, lineage.keyPem);
  return {
    name: lineage.name,
    domains: lineage.domains,
    certPem: files.cert,
    chainPem: files.chain,
    keyPem: lineage.keyPem,
    serial: outcome.summary.serial,
    notAfter: outcome.summary.notAfter
  };
}
function withoutKey(message, keyPem) {
  let out = message;
  for (const line of keyPem.split("\n"))
    if (line.length >= 16 && !line.startsWith("-----")) out = out.split(line).join("***");
  return out.split("\n")[0] ?? "";
}
async function deployTo(target, certificate, previous, run2) {
  const { logger, clock, idTokenRequest } = run2.context;
  const base = { target: target.name, key: target.key, description: target.description };
  const env = idTokenRequest ? {
    ...run2.context.env,
    ACTIONS_ID_TOKEN_REQUEST_URL: idTokenRequest.url,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: idTokenRequest.token
  } : run2.context.env;
  try {
    const deployer = await target.create({ logger, clock, env, http: run2.http });
    const record = await deployer.deploy(certificate, previous);
    logger.info(`deployed serial ${record.serial} to ${target.description}: ${record.id}`);
    return { ...base, action: "deployed", record };
  } catch (error2) {
    const message = `deploy to ${target.description} failed: ${withoutKey(errorMessage(error2), certificate.keyPem)}`;
    logger.warn(`${message}; the certificate is kept, and the next run tries this target again`);
    return { ...base, action: "failed", error: new Error(message), ...previous ? { record: previous } : {} };
  }
}
function dryRunDeployments(targets, outcome, run2) {
  const { domains, serial } = outcome.summary;
  return targets.map((target) => {
    run2.context.logger.info(
      `dry run: ${target.description} would receive the certificate for ${domains.join(", ")}, serial ${serial}`
    );
    return { target: target.name, key: target.key, description: target.description, action: "dry-run" };
  });
}
async function deployCertificate(name, targets, outcome, run2) {
  if (targets.length === 0) return [];
  if (outcome.action === "dry-run") return dryRunDeployments(targets, outcome, run2);
  const lineage = run2.state.bundle.lineages[name];
  if (!lineage) return [];
  const { serial } = outcome.summary;
  const held = (target) => lineage.deployed?.[target.key];
  const pending = targets.filter((target) => held(target)?.serial !== serial);
  const certificate = pending.length > 0 ? issuedCertificate(lineage, outcome) : void 0;
  const results = await Promise.all(
    targets.map(async (target) => {
      const record = held(target);
      if (!certificate || !pending.includes(target))
        return {
          target: target.name,
          key: target.key,
          description: target.description,
          action: "current",
          ...record ? { record } : {}
        };
      return deployTo(target, certificate, record, run2);
    })
  );
  rememberDeployments(name, results, run2);
  return results;
}
function rememberDeployments(name, results, run2) {
  const deployed = results.filter((r) => r.action === "deployed" && r.record);
  if (deployed.length === 0) return;
  run2.state.update((bundle) => {
    const lineage = bundle.lineages[name];
    if (!lineage) return bundle;
    const records = { ...lineage.deployed };
    for (const result of deployed) records[result.key] = stateRecord(result.record);
    return { ...bundle, lineages: { ...bundle.lineages, [name]: { ...lineage, deployed: records } } };
  });
}
function stateRecord(record) {
  const { serial, id, details, at } = record;
  return { serial, id, at, ...details && Object.keys(details).length > 0 ? { details: { ...details } } : {} };
}
var require6 = require2;
// src/net/loopback.ts
function isLoopbackHost(hostname3) {
  const host = hostname3.replace(/^\[|\]$/g, "").toLowerCase().replace(/\.$/, "");
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if ((0, import_node_net.isIP)(host) === 4) return host.startsWith("127.");
  return (0, import_node_net.isIP)(host) === 6 && (host === "::1" || host === "0:0:0:0:0:0:0:1");
}
// src/options/parse.ts
function optionalOption(values, name) {
  const value2 = values[name]?.trim();
  return value2 ? value2 : void 0;
}
function requireOption(values, name, expected) {
  const value2 = optionalOption(values, name);
  if (!value2) throw new Error(`${name}: missing; expected ${expected}`);
  return value2;
}
function booleanOption(values, name, fallback, expected = "true or false") {
  const text2 = optionalOption(values, name)?.toLowerCase();
  if (text2 === void 0) return fallback;
  if (["true", "yes", "1"].includes(text2)) return true;
  if (["false", "no", "0"].includes(text2)) return false;
  throw new Error(`${name}: "${text2}" is not a boolean; expected ${expected}`);
}
function integerOption(values, name, fallback, min, max, unit, hint) {
  const text2 = optionalOption(values, name) ?? String(fallback);
  const number2 = Number(text2);
  if (/^\d+$/.test(text2) && number2 >= min && number2 <= max) return number2;
  const expected = `expected whole ${unit} from ${min} to ${max}`;
  throw new Error(
    hint ? `${name}: "${text2}" is not supported; ${expected}, ${hint}` : `${name}: "${text2}" is out of range; ${expected}`
  );
}
function secondsOption(values, name, fallback) {
  const text2 = optionalOption(values, name) ?? fallback;
  const seconds3 = Number(text2);
  if (!/^\d+(\.\d+)?$/.test(text2) || seconds3 <= 0)
    throw new Error(`${name}: "${text2}" is not a duration; expected seconds, such as ${fallback}`);
  return Math.round(seconds3 * 1e3);
}
function listOption(values, name) {
  return splitList(values[name]);
}
function splitList(text2) {
  return (text2 ?? "").split(/[\s,]+/).filter((item) => item !== "");
}
function refusePlainHttp(name, url, what) {
  refuseHttpOffLoopback(name, url, `so ${what} would cross the network readable`, "a loopback address");
}
function refuseHttpOffLoopback(name, url, why, loopback) {
  if (url.protocol !== "http:" || isLoopbackHost(url.hostname)) return;
  const shown = `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
  throw new Error(
    `${name}: ${shown} is plain http, ${why}; use https (plain http only for ${loopback} such as 127.0.0.1)`
  );
}
var acceptedUrls = /* @__PURE__ */ new Set();
function parseUrl(name, text2, rule) {
  const accepted = `${rule.credentialsGo === void 0 ? "any" : "bare"} ${text2}`;
  if (acceptedUrls.has(accepted)) return text2;
  let url;
  try {
    url = new URL(text2);
  } catch {
    throw new Error(`${name}: "${text2}" is not a URL; expected ${rule.expected}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new Error(`${name}: "${text2}" is not an http(s) URL; expected ${rule.expected}`);
  if (rule.credentialsGo !== void 0 && (url.username || url.password))
    throw new Error(`${name}: the URL carries credentials; ${rule.credentialsGo}`);
  refuseHttpOffLoopback(name, url, rule.plainHttp, rule.loopback ?? "a loopback address");
  acceptedUrls.add(accepted);
  return text2;
}
function urlOption(values, name, example) {
  const text2 = optionalOption(values, name);
  if (text2 === void 0) return void 0;
  const url = parseUrl(name, text2, {
    expected: `one such as ${example}`,
    plainHttp: "so the provider's credentials would cross the network readable",
    credentialsGo: "pass them through the provider's credential inputs instead"
  });
  return url.replace(/\/+$/, "");
}
function parseJsonSecret(source, text2, expected) {
  try {
    return JSON.parse(text2);
  } catch {
    throw new Error(`${source}: not valid JSON; expected ${expected}`);
  }
}
var require7 = require2;
// src/notify/url.ts
function parseReportUrl(option, text2, kinds) {
  const prefix = /^([a-z-]+)\+(?=https?:)/i.exec(text2);
  const forced = prefix?.[1]?.toLowerCase();
  if (forced !== void 0 && !kinds.includes(forced))
    throw new Error(`${option}: "${forced}+" is not a kind; expected one of ${kinds.map((k) => `${k}+`).join(", ")}`);
  let url;
  try {
    url = new URL(prefix ? text2.slice(prefix[0].length) : text2);
  } catch {
    throw new Error(`${option}: a value is not a URL (not shown: it is a secret); expected one such as https://\u2026`);
  }
  const where = `${forced ?? "the"} URL at ${url.host}`;
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new Error(`${option}: ${where} is not an http(s) URL; expected https://\u2026`);
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname))
    throw new Error(
      `${option}: ${where} is plain http, so the URL (a credential) and the message would cross the network readable; use https (plain http only for a loopback address such as 127.0.0.1)`
    );
  if (url.username || url.password)
    throw new Error(`${option}: ${where} carries credentials in its authority; webhooks take none there`);
  return { url, ...forced ? { forced } : {} };
}
function hostIs(host, domain) {
  const name = host.toLowerCase().replace(/\.$/, "");
  return name === domain || name.endsWith(`.${domain}`);
}
function withoutUrl(text2, url) {
  const replacements = [
    [url.href, url.host],
    [`${url.origin}${url.pathname}`, url.host],
    [url.pathname, "/***"],
    [url.search, "?***"]
  ];
  return replacements.filter(([part]) => part.length > 1).reduce((out, [part, shown]) => out.split(part).join(shown), text2);
}
// src/notify/heartbeat.ts
var HEARTBEAT_KINDS = ["healthchecks", "cronitor", "uptime-kuma", "generic"];
function kindOf(url) {
  if (hostIs(url.hostname, "hc-ping.com") || /^\/ping\/[^/]+/.test(url.pathname)) return "healthchecks";
  if (hostIs(url.hostname, "cronitor.link") || hostIs(url.hostname, "cronitor.io")) return "cronitor";
  if (url.pathname.startsWith("/api/push/")) return "uptime-kuma";
  return "generic";
}
function heartbeatTarget(text2) {
  const { url, forced } = parseReportUrl("heartbeat-url", text2, HEARTBEAT_KINDS);
  return { kind: forced ?? kindOf(url), url: url.href, host: url.host };
}
var MAX_MESSAGE = 500;
function withQuery(url, parameters) {
  const out = new URL(url);
  for (const [name, value2] of Object.entries(parameters)) out.searchParams.set(name, value2);
  return out.href;
}
function heartbeatCall(target, ok, message) {
  const line = message.slice(0, MAX_MESSAGE);
  switch (target.kind) {
    case "healthchecks": {
      const url = new URL(target.url);
      if (!ok) url.pathname = `${url.pathname.replace(/\/+$/, "")}/fail`;
      return { method: "POST", url: url.href, body: line };
    }
    case "cronitor":
      return { method: "GET", url: withQuery(target.url, { state: ok ? "complete" : "fail", message: line }) };
    case "uptime-kuma":
      return { method: "GET", url: withQuery(target.url, { status: ok ? "up" : "down", msg: line }) };
    case "generic":
      return { method: "GET", url: ok ? target.url : withQuery(target.url, { status: "fail" }) };
  }
}
// src/notify/targets.ts
var NOTIFY_KINDS = ["slack", "teams", "discord", "json"];
var KIND_NAMES = {
  slack: "Slack webhook",
  teams: "Teams webhook",
  discord: "Discord webhook",
  json: "JSON webhook"
};
var TEAMS_DOMAINS = ["logic.azure.com", "powerautomate.com", "api.powerplatform.com", "webhook.office.com"];
function kindOf2(url) {
  if (hostIs(url.hostname, "hooks.slack.com")) return "slack";
  if (TEAMS_DOMAINS.some((domain) => hostIs(url.hostname, domain))) return "teams";
  const discordHost = hostIs(url.hostname, "discord.com") || hostIs(url.hostname, "discordapp.com");
  if (discordHost && url.pathname.startsWith("/api/webhooks/")) return "discord";
  return "json";
}
function notifyTarget(text2) {
  const { url, forced } = parseReportUrl("notify", text2, NOTIFY_KINDS);
  return { kind: forced ?? kindOf2(url), url: url.href, host: url.host };
}
// src/notify/options.ts
var NOTIFY_EVENTS = ["failure", "renewed", "deferred", "expiring", "deploy-failure"];
var DEFAULT_NOTIFY_ON = ["failure", "expiring", "deploy-failure"];
var NOTIFY_OPTIONS = [
  {
    name: "notify",
    kind: "list",
    description: "Webhook URL(s) told about the run, one message per run grouping its certificates: Slack incoming webhook, Microsoft Teams workflow webhook, Discord webhook, or any other URL as a signed JSON webhook (see docs/action.md, Notifications). `slack+https://`, `teams+https://`, `discord+https://` or `json+https://` forces the kind for a self-hosted URL.",
    secret: true,
    repeatable: true
  },
  {
    name: "notify-on",
    kind: "list",
    description: "Events that send a notification: failure, renewed (issued too), deferred, expiring (within warn-days), deploy-failure.",
    default: DEFAULT_NOTIFY_ON.join(", ")
  },
  {
    name: "notify-secret",
    description: "HMAC-SHA256 key that signs a generic JSON webhook (header X-Certwright-Signature: sha256=<hex> over the body); required with one.",
    secret: true
  },
  {
    name: "heartbeat-url",
    kind: "url",
    description: "Dead-man's-switch URL called at the end of every run, with the service's failure form when the run failed: healthchecks.io, Cronitor, Uptime Kuma push, or any URL (GET; `?status=fail` on failure).",
    secret: true
  }
];
function parseEvents(values) {
  const given2 = splitList(optionalOption(values, "notify-on"));
  const events = /* @__PURE__ */ new Set();
  for (const item of given2.length > 0 ? given2 : DEFAULT_NOTIFY_ON) {
    const event = item.toLowerCase();
    if (!NOTIFY_EVENTS.includes(event))
      throw new Error(`notify-on: "${item}" is not an event; expected some of ${NOTIFY_EVENTS.join(", ")}`);
    events.add(event);
  }
  return events;
}
function parseNotifySettings(values, onSecret) {
  const urls = splitList(optionalOption(values, "notify"));
  for (const url of urls) onSecret?.(url);
  const targets = urls.map((url) => notifyTarget(url));
  for (const target of targets) if (!urls.includes(target.url)) onSecret?.(target.url);
  const secret = optionalOption(values, "notify-secret");
  const unsigned = targets.find((t) => t.kind === "json");
  if (unsigned && !secret)
    throw new Error(
      `notify-secret: missing; the JSON webhook at ${unsigned.host} is signed with it so its receiver can tell the message comes from certwright; set notify-secret (or CERTWRIGHT_NOTIFY_SECRET)`
    );
  const heartbeatUrl = optionalOption(values, "heartbeat-url");
  if (heartbeatUrl) onSecret?.(heartbeatUrl);
  const heartbeat = heartbeatUrl ? heartbeatTarget(heartbeatUrl) : void 0;
  if (heartbeat && heartbeat.url !== heartbeatUrl) onSecret?.(heartbeat.url);
  return { targets, events: parseEvents(values), ...secret ? { secret } : {}, ...heartbeat ? { heartbeat } : {} };
}
var require8 = require2;
// src/deploy/acm/metadata.ts
var ACM_ACTIONS = [
  "acm:ImportCertificate",
  "acm:DescribeCertificate",
  "acm:ListCertificates",
  "acm:AddTagsToCertificate"
];
var metadata = {
  name: "acm",
  description: "AWS Certificate Manager: imported once per region, then re-imported into the same ARN at each renewal, so load balancers, CloudFront and API Gateway keep it (the AWS SDK default credential chain, GitHub OIDC with aws-actions/configure-aws-credentials)",
  options: [
    {
      name: "acm-regions",
      kind: "list",
      description: "Regions to import into, comma-separated (CloudFront uses us-east-1 only). Default: the region of the certificates adopted with acm-certificate-arn, else AWS_REGION or AWS_DEFAULT_REGION."
    },
    {
      name: "acm-certificate-arn",
      kind: "list",
      description: "Existing imported certificates to re-import into instead of creating new ones, at most one per region (each ARN names its region), comma-separated. Regions without one get a new certificate."
    },
    {
      name: "acm-endpoint",
      kind: "url",
      description: "ACM API URL for every region instead of the default (a VPC endpoint, a local test endpoint); requests are still signed for each region."
    },
    {
      name: "acm-tags",
      kind: "list",
      description: "Tags as `key=value` pairs, comma-separated, put on a certificate when certwright first imports or adopts it (ACM takes no tags on a re-import)."
    }
  ]
};
// src/deploy/acm/settings.ts
var REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
var CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:([a-z]{2}(?:-[a-z]+)+-\d+):\d{12}:certificate\/[0-9a-f-]{36}$/;
var TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
var MAX_TAGS = 50;
function arnRegion(arn) {
  return CERTIFICATE_ARN.exec(arn)?.[1];
}
function parseRegions(values) {
  const regions = [...new Set(listOption(values, "acm-regions"))].sort();
  const bad = regions.find((region) => !REGION.test(region));
  if (bad !== void 0)
    throw new Error(`acm-regions: "${bad}" is not an AWS region; expected regions such as us-east-1, eu-west-1`);
  return regions.length > 0 ? regions : void 0;
}
function parseAdopted(values) {
  const adopted = /* @__PURE__ */ new Map();
  for (const arn of listOption(values, "acm-certificate-arn")) {
    const region = arnRegion(arn);
    if (region === void 0)
      throw new Error(
        `acm-certificate-arn: "${arn}" is not an ACM certificate ARN; expected one such as arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012`
      );
    const other = adopted.get(region);
    if (other !== void 0)
      throw new Error(
        `acm-certificate-arn: two certificates in ${region} (${other}, ${arn}); give at most one per region`
      );
    adopted.set(region, arn);
  }
  return adopted;
}
function parseTag(pair) {
  const at = pair.indexOf("=");
  const [Key, Value] = at < 0 ? [pair, void 0] : [pair.slice(0, at), pair.slice(at + 1)];
  if (Value === void 0 || Key === "")
    throw new Error(`acm-tags: "${pair}" is not key=value; expected pairs such as team=web,env=prod`);
  if (Key.length > 128 || Value.length > 256 || !TAG_TEXT.test(Key) || !TAG_TEXT.test(Value))
    throw new Error(
      `acm-tags: "${pair}" breaks ACM's tag rules; keys up to 128 and values up to 256 characters, of letters, digits, spaces and _ . : / = + - @`
    );
  if (Key.toLowerCase().startsWith("aws:"))
    throw new Error(`acm-tags: "${Key}" starts with aws:, which AWS keeps for itself; pick another key`);
  return { Key, Value };
}
function parseTags(values) {
  const tags = listOption(values, "acm-tags").map(parseTag);
  const keys = tags.map((tag) => tag.Key);
  const twice = keys.find((key, i) => keys.indexOf(key) !== i);
  if (twice !== void 0) throw new Error(`acm-tags: the key "${twice}" is given twice; give each key once`);
  if (tags.length > MAX_TAGS)
    throw new Error(`acm-tags: ${tags.length} tags; ACM keeps at most ${MAX_TAGS} per certificate`);
  return tags;
}
function parseAcmSettings(values) {
  const regions = parseRegions(values);
  const adopted = parseAdopted(values);
  const outside = [...adopted].find(([region]) => regions !== void 0 && !regions.includes(region));
  if (outside)
    throw new Error(
      `acm-certificate-arn: ${outside[1]} is in ${outside[0]}, which acm-regions (${regions?.join(", ")}) does not list; add ${outside[0]} to acm-regions or drop the ARN`
    );
  return {
    regions: regions ?? (adopted.size > 0 ? [...adopted.keys()].sort() : void 0),
    adopted,
    endpoint: urlOption(values, "acm-endpoint", "https://acm.us-east-1.amazonaws.com"),
    tags: parseTags(values)
  };
}
function resolveRegions(settings, env) {
  if (settings.regions) return settings.regions;
  const region = (env.AWS_REGION || env.AWS_DEFAULT_REGION)?.trim();
  if (!region)
    throw new Error(
      "acm-regions: not set, and neither is AWS_REGION or AWS_DEFAULT_REGION; set acm-regions (us-east-1 for CloudFront) or aws-region in aws-actions/configure-aws-credentials"
    );
  if (!REGION.test(region))
    throw new Error(`acm-regions: not set, and AWS_REGION "${region}" is not an AWS region; set acm-regions`);
  return [region];
}
function acmKey(settings) {
  const regions = settings.regions?.join(",") ?? "AWS_REGION";
  const adopted = [...settings.adopted.values()].sort().map((arn) => arn.replace(/^.*\//, ""));
  return adopted.length > 0 ? `acm:${regions}:${adopted.join(",")}` : `acm:${regions}`;
}
var require9 = require2;
// src/deploy/azure-key-vault/metadata.ts
var API_VERSION = "2025-07-01";
var IMPORT_ACTION = "Microsoft.KeyVault/vaults/certificates/import/action";
var metadata2 = {
  name: "azure-key-vault",
  description: "Azure Key Vault: each certificate imported as a new version of a named Key Vault certificate (App Gateway and Front Door follow the latest version), with @azure/identity's DefaultAzureCredential",
  options: [
    {
      name: "azure-key-vault-url",
      description: "The vault: its URL (`https://NAME.vault.azure.net`, or another cloud's `vault.azure.cn`, `vault.usgovcloudapi.net`), or only its name for the public cloud.",
      required: true
    },
    {
      name: "azure-key-vault-certificate",
      description: "Name of the Key Vault certificate the versions go to (letters, digits and dashes, up to 127). Default: the certificate's `cert-name` with every other character made a dash (`www.example.com` -> `www-example-com`)."
    },
    {
      name: "azure-key-vault-tags",
      description: "Tags set on each version, as `name=value` pairs separated by commas or newlines (at most 15; names up to 512 characters, values up to 256)."
    }
  ]
};
// src/deploy/azure-key-vault/names.ts
var VAULT_NAME = /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;
var CERTIFICATE_NAME = /^[0-9a-zA-Z-]{1,127}$/;
var CLOUDS = [
  { suffix: ".vault.azure.net", resource: "https://vault.azure.net" },
  { suffix: ".vault.azure.cn", resource: "https://vault.azure.cn" },
  { suffix: ".vault.usgovcloudapi.net", resource: "https://vault.usgovcloudapi.net" },
  { suffix: ".vault.microsoftazure.de", resource: "https://vault.microsoftazure.de" }
];
function parseVaultUrl(text2) {
  if (VAULT_NAME.test(text2)) return `https://${text2.toLowerCase()}.vault.azure.net`;
  if (!text2.includes("/") && !text2.includes(".")) {
    throw new Error(
      `azure-key-vault-url: "${text2}" is not a vault name; expected 3 to 24 letters, digits and dashes starting with a letter, or the vault URL such as https://my-vault.vault.azure.net`
    );
  }
  const url = new URL(
    parseUrl("azure-key-vault-url", text2, {
      expected: "the vault URL, such as https://my-vault.vault.azure.net, or the vault name",
      plainHttp: "so the certificate and its key would cross the network readable",
      credentialsGo: "certwright signs in with DefaultAzureCredential (azure/login), not with the URL"
    })
  );
  if (url.pathname.replace(/\/+$/, "") !== "" || url.search !== "") {
    throw new Error(
      `azure-key-vault-url: "${text2}" has a path; expected the vault URL alone, such as https://my-vault.vault.azure.net`
    );
  }
  return url.origin;
}
function tokenScope(vaultUrl) {
  const host = new URL(vaultUrl).hostname.toLowerCase();
  const cloud = CLOUDS.find((c) => host.endsWith(c.suffix)) ?? CLOUDS[0];
  return `${cloud?.resource ?? "https://vault.azure.net"}/.default`;
}
function parseCertificateName(text2) {
  if (CERTIFICATE_NAME.test(text2)) return text2;
  throw new Error(
    `azure-key-vault-certificate: "${text2}" is not a Key Vault certificate name; expected 1 to 127 letters, digits and dashes, such as www-example-com`
  );
}
function certificateNameFor(certName) {
  const name = certName.replace(/[^0-9a-zA-Z]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 127).replace(/-+$/, "");
  return name === "" ? "certificate" : name;
}
function parseVersionId(id, vaultUrl) {
  let url;
  try {
    url = new URL(id);
  } catch {
    return void 0;
  }
  const match = /^\/certificates\/([0-9a-zA-Z-]{1,127})\/([0-9a-zA-Z]+)$/.exec(url.pathname);
  if (url.origin.toLowerCase() !== vaultUrl.toLowerCase() || !match) return void 0;
  return { vaultUrl, name: match[1] ?? "", version: match[2] ?? "" };
}
var require10 = require2;
// src/net/builtins.ts
var http = requireBuiltin("node:http");
var https = requireBuiltin("node:https");
// src/net/http.ts
// src/net/proxy.ts
function proxyFor(target, env) {
  const scheme = target.protocol === "https:" ? "https" : target.protocol === "http:" ? "http" : void 0;
  if (scheme === void 0) return void 0;
  const lower = `${scheme}_proxy`;
  const upper = lower.toUpperCase();
  const variable = env[lower] !== void 0 ? lower : upper;
  const value2 = env[variable]?.trim();
  if (!value2) return void 0;
  if (bypassesProxy(target, env.no_proxy ?? env.NO_PROXY ?? "")) return void 0;
  return parseProxyUrl(value2, variable);
}
function redactCredentials(url) {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)?.*@/i, (_, scheme) => `${scheme ?? ""}***@`);
}
function parseProxyUrl(value2, variable) {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value2) ? value2 : `http://${value2}`;
  let url;
  try {
    url = new URL(withScheme);
  } catch {
    throw new Error(
      `proxy: ${variable} is not a valid URL: "${redactCredentials(withScheme)}"; expected http://[user:password@]host[:port]`
    );
  }
  const credentials = url.username !== "" || url.password !== "";
  const port = url.port === "" ? 80 : Number(url.port);
  const display = `http://${credentials ? "***@" : ""}${url.hostname}:${port}`;
  if (url.protocol !== "http:") {
    throw new Error(
      `proxy: ${variable} must be an http:// proxy URL; got ${url.protocol}//${credentials ? "***@" : ""}${url.host} (${url.protocol.slice(0, -1)} proxies are not supported)`
    );
  }
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  const route = { host, port, variable, display };
  return credentials ? { ...route, authorization: basicAuthorization(url, variable) } : route;
}
function basicAuthorization(url, variable) {
  try {
    const userPass = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    return `Basic ${Buffer.from(userPass, "utf8").toString("base64")}`;
  } catch (cause) {
    throw new Error(
      `proxy: the credentials in ${variable} are not valid percent-encoding; encode special characters (%40 for @)`,
      { cause }
    );
  }
}
function bypassesProxy(target, noProxy) {
  const host = normalizeHost(target.hostname);
  const port = Number(target.port || (target.protocol === "https:" ? 443 : 80));
  return noProxy.split(/[\s,]+/).filter((entry) => entry !== "").some((entry) => entryMatches(entry.toLowerCase(), host, port));
}
function entryMatches(entry, host, port) {
  if (entry === "*") return true;
  const parsed = splitPort(entry);
  if (parsed === void 0 || parsed.port !== void 0 && parsed.port !== port) return false;
  const pattern = parsed.host;
  const slash = pattern.indexOf("/");
  if (slash >= 0) return inIpv4Cidr(host, pattern.slice(0, slash), pattern.slice(slash + 1));
  if (import_node_net2.default.isIP(pattern) !== 0) return import_node_net2.default.isIP(host) !== 0 && normalizeHost(pattern) === host;
  if (import_node_net2.default.isIP(host) !== 0) return false;
  const domain = normalizeHost(pattern.replace(/^\*?\./, ""));
  return domain !== "" && (host === domain || host.endsWith(`.${domain}`));
}
function splitPort(entry) {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed)
    return bracketed[2] === void 0 ? { host: bracketed[1] ?? "" } : { host: bracketed[1] ?? "", port: Number(bracketed[2]) };
  if (entry.startsWith("[")) return void 0;
  const colons = entry.split(":").length - 1;
  if (colons !== 1) return { host: entry };
  const [host = "", port = ""] = entry.split(":");
  return /^\d+$/.test(port) ? { host, port: Number(port) } : void 0;
}
function normalizeHost(host) {
  const bare = host.toLowerCase().replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "");
  if (import_node_net2.default.isIPv6(bare)) return new URL(`http://[${bare}]/`).hostname.slice(1, -1);
  return bare;
}
function inIpv4Cidr(host, network, bits) {
  if (!import_node_net2.default.isIPv4(host) || !import_node_net2.default.isIPv4(network) || !/^\d+$/.test(bits) || Number(bits) > 32) return false;
  const prefix = Number(bits);
  const mask = prefix === 0 ? 0 : 4294967295 << 32 - prefix >>> 0;
  return (ipv4ToNumber(host) & mask) >>> 0 === (ipv4ToNumber(network) & mask) >>> 0;
}
function ipv4ToNumber(address) {
  return address.split(".").reduce((value2, octet) => value2 * 256 + Number(octet), 0);
}
function authorityOf(host, port) {
  return `${import_node_net2.default.isIPv6(host) ? `[${host}]` : host}:${port}`;
}
var HttpsProxyAgent = class extends https.Agent {
  #route;
  #connectTimeoutMs;
  constructor(route, options) {
    const { connectTimeoutMs, ...agentOptions } = options;
    super(agentOptions);
    this.#route = route;
    this.#connectTimeoutMs = connectTimeoutMs;
  }
  /** Node's agent accepts the socket through `callback` when this returns undefined. */
  createConnection(options, callback) {
    const done = callback;
    const host = options.host ?? options.hostname ?? "localhost";
    const port = Number(options.port ?? 443);
    openTunnel(this.#route, authorityOf(host, port), this.#connectTimeoutMs).then(
      (socket) => {
        const tlsSocket = import_node_tls2.default.connect({
          socket,
          host,
          // SNI carries names only; for an address the certificate is checked against `host`.
          ...import_node_net2.default.isIP(host) === 0 ? { servername: options.servername || host } : {},
          ...options.secureContext ? { secureContext: options.secureContext } : {},
          ...options.ca ? { ca: options.ca } : {},
          ...options.rejectUnauthorized !== void 0 ? { rejectUnauthorized: options.rejectUnauthorized } : {}
        });
        done?.(null, tlsSocket);
      },
      (error2) => done?.(error2)
    );
    return void 0;
  }
};
function openTunnel(route, authority, timeoutMs) {
  const proxy = `proxy: ${route.display} (from ${route.variable})`;
  return new Promise((resolve, reject) => {
    const headers = { host: authority };
    if (route.authorization) headers["proxy-authorization"] = route.authorization;
    const request = http.request({
      host: route.host,
      port: route.port,
      method: "CONNECT",
      path: authority,
      headers,
      agent: false
    });
    const timer = setTimeout(
      () => request.destroy(new Error(`${proxy} did not set up a tunnel to ${authority} within ${timeoutMs} ms`)),
      timeoutMs
    );
    request.once("connect", (response, socket) => {
      clearTimeout(timer);
      const status2 = response.statusCode ?? 0;
      if (status2 >= 200 && status2 < 300) {
        socket.setNoDelay(true);
        resolve(socket);
        return;
      }
      socket.destroy();
      reject(
        new Error(
          `${proxy} refused CONNECT to ${authority}: HTTP ${status2} ${response.statusMessage ?? ""}`.trimEnd() + refusalHint(status2, route)
        )
      );
    });
    request.once("error", (error2) => {
      clearTimeout(timer);
      reject(
        error2.message.startsWith("proxy: ") ? error2 : new Error(`${proxy} could not be reached for CONNECT to ${authority}`, { cause: error2 })
      );
    });
    request.end();
  });
}
function refusalHint(status2, route) {
  if (status2 !== 407) return "";
  return route.authorization ? `; check the proxy credentials in ${route.variable}` : `; the proxy wants credentials: set ${route.variable} to http://user:password@host:port`;
}
// src/net/http.ts
var REDIRECT_STATUSES = /* @__PURE__ */ new Set([301, 302, 303, 307, 308]);
var PORTABLE_HEADERS = /* @__PURE__ */ new Set([
  "accept",
  "accept-encoding",
  "accept-language",
  "user-agent"
]);
var POOL = { keepAlive: true, maxSockets: 8 };
var DEFAULT_DEADLINE_MS = 6e4;
var DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
function createHttpClient(options) {
  const logger = options.logger ?? silentLogger;
  const secureContext = options.extraCaPem || options.clientCertificate ? buildSecureContext(options.extraCaPem, logger, options.clientCertificate) : void 0;
  return followingRedirects(new Transport(options, secureContext), options.maxRedirects ?? 5);
}
var HttpClients = class {
  #options;
  #clients = /* @__PURE__ */ new Map();
  #tlsContextsBuilt = 0;
  constructor(options) {
    this.#options = options;
  }
  /** The client trusting the system roots plus `extraCaPem` (none: system roots only); memoized by PEM content. */
  forTrust(extraCaPem) {
    const pem2 = extraCaPem?.trim() ?? "";
    const known = this.#clients.get(pem2);
    if (known) return known;
    let secureContext;
    if (pem2 !== "") {
      secureContext = buildSecureContext(pem2, this.#options.logger ?? silentLogger);
      this.#tlsContextsBuilt++;
    }
    const client = followingRedirects(new Transport(this.#options, secureContext), this.#options.maxRedirects ?? 5);
    this.#clients.set(pem2, client);
    return client;
  }
  /** How many TLS secure contexts were built so far (tests count them). */
  get tlsContextsBuilt() {
    return this.#tlsContextsBuilt;
  }
};
function buildSecureContext(extraCaPem, logger, identity) {
  const blocks = extraCaPem === void 0 ? [] : extraCaPem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  for (const block of blocks ?? [null]) {
    try {
      if (block === null) throw new Error("no PEM certificate block");
      new import_node_crypto2.X509Certificate(block);
    } catch (cause) {
      throw new Error("http: the extra CA is not a valid PEM certificate", { cause });
    }
  }
  const context = withExtraCa(extraCaPem, identity) ?? fromPemStrings(extraCaPem, identity);
  logger.debug(
    `net: TLS context built (system roots${extraCaPem ? " + extra CA" : ""}${identity ? ", client certificate" : ""})`
  );
  return context;
}
function withExtraCa(extraCaPem, identity) {
  const context = withIdentity(identity, {});
  if (extraCaPem === void 0) return context;
  const native = context.context;
  if (typeof native?.addCACert !== "function") return void 0;
  native.addCACert(extraCaPem);
  return context;
}
function withIdentity(identity, options) {
  if (identity === void 0) return import_node_tls.default.createSecureContext(options);
  try {
    return import_node_tls.default.createSecureContext({ ...options, cert: identity.certPem, key: identity.keyPem });
  } catch (cause) {
    throw new Error("http: the client certificate or its key is not valid PEM, or they do not match", { cause });
  }
}
function fromPemStrings(extraCaPem, identity) {
  const defaults = import_node_tls.default.getCACertificates?.("default") ?? import_node_tls.default.rootCertificates;
  try {
    return withIdentity(identity, extraCaPem === void 0 ? {} : { ca: [...defaults, extraCaPem] });
  } catch (cause) {
    if (cause instanceof Error && cause.message.startsWith("http: ")) throw cause;
    throw new Error("http: the extra CA is not a valid PEM certificate", { cause });
  }
}
function describeUrl(url) {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return "(an invalid URL)";
  }
}
function followingRedirects(transport, maxRedirects) {
  return async (request) => {
    const original = new URL(request.url).origin;
    const follows = request.redirect !== "manual" && (request.method === "GET" || request.method === "HEAD");
    const deadlineMs = request.deadlineMs ?? transport.deadlineMs;
    const limits = {
      deadlineMs,
      deadlineAt: Date.now() + deadlineMs,
      maxBytes: request.maxResponseBytes ?? transport.maxResponseBytes
    };
    let hop = request;
    let leftOrigin = false;
    for (let redirects = 0; ; redirects++) {
      const response = await transport.send(hop, limits);
      const location = response.headers.location;
      if (!follows || !REDIRECT_STATUSES.has(response.status) || location === void 0) return response;
      if (redirects >= maxRedirects)
        throw new Error(`http: more than ${maxRedirects} redirects from ${describeUrl(request.url)}`);
      const next = redirectTarget(hop.url, location);
      leftOrigin ||= next.origin !== original;
      const headers = leftOrigin ? portableHeaders(request.headers) : request.headers;
      hop = { method: request.method, url: next.href, ...headers ? { headers } : {} };
    }
  };
}
function redirectTarget(from, location) {
  let next;
  try {
    next = new URL(location, from);
  } catch (cause) {
    throw new Error(`http: ${describeUrl(from)} redirected to an invalid Location`, { cause });
  }
  if (new URL(from).protocol === "https:" && next.protocol === "http:") {
    throw new Error(
      `http: refusing the redirect from ${describeUrl(from)} to ${describeUrl(next.href)}: it would downgrade HTTPS to plain HTTP`
    );
  }
  return next;
}
function portableHeaders(headers) {
  if (headers === void 0) return void 0;
  return Object.fromEntries(Object.entries(headers).filter(([name]) => PORTABLE_HEADERS.has(name.toLowerCase())));
}
var Transport = class {
  #userAgent;
  #timeoutMs;
  deadlineMs;
  maxResponseBytes;
  #env;
  #logger;
  #secureContext;
  #directHttps;
  #directHttp = new http.Agent(POOL);
  /** The proxy for each origin (undefined: direct), worked out and logged once. */
  #routes = /* @__PURE__ */ new Map();
  #proxyAgents = /* @__PURE__ */ new Map();
  constructor(options, secureContext) {
    this.#userAgent = options.userAgent;
    this.#timeoutMs = options.timeoutMs ?? 3e4;
    this.deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.#env = options.env ?? {};
    this.#logger = options.logger ?? silentLogger;
    this.#secureContext = secureContext;
    this.#directHttps = new https.Agent({ ...POOL, ...secureContext ? { secureContext } : {} });
  }
  async send(request, limits) {
    const target = new URL(request.url);
    const isHttps = target.protocol === "https:";
    if (!isHttps && target.protocol !== "http:") {
      throw new Error(
        `http: unsupported URL scheme ${target.protocol} in a request to ${target.host}; expected https:// or http://`
      );
    }
    const bounds = { ...limits, timeoutMs: this.#timeoutMs };
    const route = this.#routeFor(target);
    const headers = { "user-agent": this.#userAgent, ...request.headers };
    if (request.body !== void 0) headers["content-length"] = String(Buffer.byteLength(request.body));
    const common = { method: request.method, timeout: this.#timeoutMs };
    if (isHttps) {
      const agent2 = route ? this.#agentFor(route, "https") : this.#directHttps;
      return exchange(
        request,
        bounds,
        (onResponse) => https.request(target, { ...common, headers, agent: agent2 }, onResponse)
      );
    }
    if (route === void 0) {
      return exchange(
        request,
        bounds,
        (onResponse) => http.request(target, { ...common, headers, agent: this.#directHttp }, onResponse)
      );
    }
    const proxied = {
      ...headers,
      host: target.host,
      ...route.authorization ? { "proxy-authorization": route.authorization } : {}
    };
    const path = `${target.protocol}//${target.host}${target.pathname}${target.search}`;
    const agent = this.#agentFor(route, "http");
    return exchange(
      request,
      bounds,
      (onResponse) => http.request({ ...common, host: route.host, port: route.port, path, headers: proxied, agent }, onResponse),
      route
    );
  }
  #routeFor(target) {
    const port = target.port || (target.protocol === "https:" ? "443" : "80");
    const origin = `${target.protocol}//${target.hostname}:${port}`;
    if (this.#routes.has(origin)) return this.#routes.get(origin);
    const route = proxyFor(target, this.#env);
    this.#routes.set(origin, route);
    if (route) this.#logger.debug(`net: ${origin} via proxy ${route.display}`);
    return route;
  }
  #agentFor(route, scheme) {
    const key = `${scheme} ${route.variable} ${route.host} ${route.port} ${route.authorization ?? ""}`;
    let agent = this.#proxyAgents.get(key);
    if (agent === void 0) {
      agent = scheme === "https" ? new HttpsProxyAgent(route, {
        ...POOL,
        connectTimeoutMs: this.#timeoutMs,
        ...this.#secureContext ? { secureContext: this.#secureContext } : {}
      }) : new http.Agent(POOL);
      this.#proxyAgents.set(key, agent);
    }
    return agent;
  }
};
function exchange(request, limits, start, proxy) {
  const where = `${request.method} ${describeUrl(request.url)}`;
  return new Promise((resolve, reject) => {
    let connected = false;
    let settled2 = false;
    let response;
    const fail3 = (error2) => {
      if (settled2) return;
      settled2 = true;
      clearTimeout(deadline);
      response?.destroy();
      req.destroy();
      reject(error2);
    };
    const deadline = setTimeout(
      () => fail3(new Error(`http: ${where} did not finish within its deadline of ${formatMs(limits.deadlineMs)}`)),
      Math.max(0, limits.deadlineAt - Date.now())
    );
    const tooLarge = () => new Error(`http: the response to ${where} is larger than its limit of ${formatBytes(limits.maxBytes)}`);
    const req = start((res) => {
      response = res;
      if (Number(res.headers["content-length"]) > limits.maxBytes) return fail3(tooLarge());
      const chunks = [];
      let size = 0;
      res.on("data", (chunk) => {
        size += chunk.length;
        if (size > limits.maxBytes) fail3(tooLarge());
        else chunks.push(chunk);
      });
      res.on("end", () => {
        if (settled2) return;
        settled2 = true;
        clearTimeout(deadline);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), url: request.url });
      });
      res.on("error", fail3);
      res.on("close", () => fail3(new Error(`http: ${where}: the connection closed before the response was complete`)));
    });
    req.on("socket", (socket) => {
      if (!socket.connecting) connected = true;
      else socket.once("connect", () => connected = true);
    });
    req.on("timeout", () => fail3(new Error(`http: ${where} timed out after ${limits.timeoutMs} ms`)));
    req.on("error", (error2) => {
      if (proxy && !connected)
        fail3(
          new Error(`proxy: ${proxy.display} (from ${proxy.variable}) could not be reached for ${where}`, {
            cause: error2
          })
        );
      else fail3(error2);
    });
    if (request.body !== void 0) req.write(request.body);
    req.end();
  });
}
function formatMs(ms) {
  return ms % 1e3 === 0 ? `${ms / 1e3} s` : `${ms} ms`;
}
function formatBytes(bytes) {
  const mib = bytes / (1024 * 1024);
  return Number.isInteger(mib) ? `${mib} MiB` : `${bytes} bytes`;
}
function parseLinks(response) {
  const raw = response.headers.link;
  const values = raw === void 0 ? [] : Array.isArray(raw) ? raw : [raw];
  const links = [];
  for (const value2 of values) {
    for (const match of value2.matchAll(/<([^>]*)>\s*((?:;\s*[^;,]+)*)/g)) {
      const rel = /;\s*rel="?([^";,]+)"?/i.exec(match[2] ?? "");
      if (rel?.[1]) links.push({ url: new URL(match[1] ?? "", response.url).toString(), rel: rel[1] });
    }
  }
  return links;
}
function retryAfterMs(response, now) {
  const value2 = response.headers["retry-after"];
  if (typeof value2 !== "string" || value2.trim() === "") return void 0;
  if (/^\d+$/.test(value2.trim())) return Number(value2.trim()) * 1e3;
  const date = Date.parse(value2);
  return Number.isNaN(date) ? void 0 : Math.max(0, date - now);
}
var require11 = require2;
// src/net/fetch.ts
var METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];
var CLIENT_HEADERS = /* @__PURE__ */ new Set(["host", "content-length", "connection", "keep-alive", "transfer-encoding"]);
var NULL_BODY_STATUSES = /* @__PURE__ */ new Set([101, 103, 204, 205, 304]);
var REDIRECT_STATUSES2 = /* @__PURE__ */ new Set([301, 302, 303, 307, 308]);
function fetchOver(client) {
  return async function fetchThroughClient(input, init) {
    const signal = init?.signal ?? (input instanceof Request ? input.signal : void 0);
    if (signal?.aborted) throw signal.reason ?? new DOMException("This operation was aborted", "AbortError");
    const request = new Request(input, { ...init, signal: null });
    const method = METHODS.find((known) => known === request.method.toUpperCase());
    if (method === void 0)
      throw new TypeError(`fetch: method ${request.method} is not supported; expected one of ${METHODS.join(", ")}`);
    const headers = {};
    for (const [name, value2] of request.headers) if (!CLIENT_HEADERS.has(name)) headers[name] = value2;
    const body = request.body === null ? void 0 : new Uint8Array(await request.arrayBuffer());
    const redirect = request.redirect === "follow" ? "follow" : "manual";
    let response;
    try {
      response = await client({ method, url: request.url, headers, redirect, ...body === void 0 ? {} : { body } });
    } catch (error2) {
      throw new TypeError(`fetch: ${error2 instanceof Error ? error2.message : String(error2)}`, { cause: error2 });
    }
    if (request.redirect === "error" && REDIRECT_STATUSES2.has(response.status)) {
      throw new TypeError(
        `fetch: ${method} ${describeUrl(request.url)} answered a redirect (HTTP ${response.status}), and redirect is "error"`
      );
    }
    return toResponse(response, method, request.url);
  };
}
function toResponse(response, method, requestedUrl) {
  const headers = new Headers();
  for (const [name, value2] of Object.entries(response.headers)) {
    if (value2 === void 0) continue;
    if (!Array.isArray(value2)) headers.set(name, value2);
    else if (name === "set-cookie") for (const cookie of value2) headers.append(name, cookie);
    else headers.set(name, value2.join(", "));
  }
  const noBody = method === "HEAD" || NULL_BODY_STATUSES.has(response.status);
  const result = new Response(noBody ? null : response.body, {
    status: response.status,
    statusText: http.STATUS_CODES[response.status] ?? "",
    headers
  });
  Object.defineProperty(result, "url", { value: response.url });
  Object.defineProperty(result, "redirected", { value: response.url !== requestedUrl });
  return result;
}
var require12 = require2;
// src/options/option.ts
function optionEnvName(option) {
  return `CERTWRIGHT_${option.toUpperCase().replace(/-/g, "_")}`;
}
function optionDescription(spec) {
  if (spec.secretFile) return `${spec.description} The secrets in the file are masked in logs.`;
  const variables = envNamesOf(spec);
  return variables.length > 0 ? `${spec.description} Also read from ${variables.join(" or ")}.` : spec.description;
}
var envNames = /* @__PURE__ */ new WeakMap();
function envNamesOf(spec) {
  let names2 = envNames.get(spec);
  if (!names2) {
    names2 = [...spec.secret ? [optionEnvName(spec.name)] : [], ...spec.envAliases ?? []];
    envNames.set(spec, names2);
  }
  return names2;
}
function withEnvFallbacks(values, specs, env) {
  const out = { ...values };
  const filled = [];
  const vars = new Map(Object.entries(env));
  for (const spec of specs) {
    if (out[spec.name]?.trim()) continue;
    const fromEnv = envNamesOf(spec).map((name) => vars.get(name)?.trim()).find((text2) => text2);
    if (fromEnv) {
      out[spec.name] = fromEnv;
      filled.push(spec.name);
    }
  }
  return { raw: out, filled };
}
function secretValues(values, specs) {
  return specs.flatMap((spec) => {
    const text2 = spec.secret ? values[spec.name]?.trim() : void 0;
    return text2 ? [text2] : [];
  });
}
function inOrder(specs, order) {
  const rank = (spec) => {
    const at = order.indexOf(spec.name);
    return at < 0 ? order.length : at;
  };
  return [...specs].sort((a, b) => rank(a) - rank(b));
}
function uniqueOptions(specs) {
  const seen = /* @__PURE__ */ new Set();
  return specs.filter((spec) => !seen.has(spec.name) && seen.add(spec.name));
}
// src/store/options.ts
function refusedAsSecret(name) {
  return {
    refused: `a secret does not belong in a file kept in a repository; pass it as the ${name} input from a secret (CLI: the ${optionEnvName(name)} variable)`
  };
}
function refusedAsStoreSetting(name) {
  return { refused: `a setting of the store, which the step's inputs name; give ${name} there too (CLI: --${name})` };
}
var STORE = {
  name: "store",
  description: "Where the encrypted state (account, certificates, keys) lives between runs: `file:PATH`; a GitHub Actions secret: `secret:NAME` (this repository), `secret:environments/ENV/NAME`, `secret:orgs/ORG/NAME`; or a workflow artifact: `artifact:NAME` (Action only). With it the Action issues once, renews when due and otherwise does nothing.",
  file: {
    refused: "where the state lives goes with state and state-key, which a file may not hold; give store to the step (CLI: --store)"
  }
};
var STATE_RESET = {
  name: "state-reset",
  kind: "boolean",
  description: "Start over with an empty state: what the store holds is not read, and this run's first write replaces it (a new ACME account, every certificate issued again). Without it, a state that exists but is empty or cannot be read (wrong state-key, damaged, unreadable) stops the run and is never overwritten.",
  default: "false",
  flag: true
};
var STATE_KEY = {
  name: "state-key",
  description: "Passphrase (16+ characters, always stretched with PBKDF2) or raw 256-bit key that encrypts the state. A raw key is `cwk1:` followed by 32 random bytes in base64url without padding (43 characters); anything else is a passphrase, however random it looks. A key of an earlier version (43 or 44 base64 characters) still opens the state it wrote, which is then written again with the key stretched.",
  secret: true,
  file: refusedAsSecret("state-key")
};
var STORE_OPTIONS = [STORE, STATE_RESET, STATE_KEY];
// src/store/github.ts
var GITHUB_TOKEN = {
  name: "github-token",
  description: 'With a secret store: a token that may write secrets (GITHUB_TOKEN cannot): a fine-grained PAT or GitHub App token with "Secrets: Read and write". With an artifact store the job token (actions: read) does.',
  secret: true,
  actionDefault: "${{ github.token }}",
  file: refusedAsSecret("github-token")
};
var GITHUB_REPOSITORY = {
  name: "github-repository",
  description: "With a secret store: owner/repo whose secret is written. Default: the current repository (GITHUB_REPOSITORY).",
  file: refusedAsStoreSetting("github-repository")
};
var GITHUB_API_URL = {
  name: "github-api-url",
  kind: "url",
  description: "GitHub REST API URL. Default: GITHUB_API_URL, else https://api.github.com.",
  file: {
    refused: "the github-token is sent there, so it is the step's to say; give it to the step (CLI: --github-api-url)"
  }
};
function parseRepository(values, purpose) {
  const repository = values["github-repository"]?.trim() ?? "";
  const [owner2, repo, ...rest] = repository.split("/");
  if (!owner2 || !repo || rest.length > 0)
    throw new Error(`github-repository: "${repository}" is not owner/repo; it names the repository ${purpose}`);
  return { owner: owner2, repo };
}
function workflowFile(ref) {
  return ref?.match(/^[^/]+\/[^/]+\/(.+?)@/)?.[1];
}
function githubApiUrl(values) {
  return parseUrl("github-api-url", optionalOption(values, "github-api-url") ?? "https://api.github.com", {
    expected: "https://api.github.com or your GHES's https://HOST/api/v3",
    plainHttp: "so the GitHub token would cross the network readable",
    credentialsGo: "pass the token as github-token instead"
  });
}
var quiet = () => void 0;
function octokitOptions(baseUrl, http2) {
  return {
    baseUrl,
    request: { fetch: fetchOver(http2) },
    log: { debug: quiet, info: quiet, warn: quiet, error: quiet }
  };
}
var createOctokit = async (token, baseUrl, http2) => {
  const { Octokit } = await __certwrightLoad("./dist-src-UKKHWPBR.js");
  return new Octokit({ auth: token, ...octokitOptions(baseUrl, http2) });
};
var require13 = require2;
// src/deploy/google-certificate-manager/metadata.ts
var DEFAULT_API_URL = "https://certificatemanager.googleapis.com";
var CERTIFICATE_MANAGER_PERMISSIONS = [
  "certificatemanager.certs.create",
  "certificatemanager.certs.update",
  "certificatemanager.operations.get"
];
var metadata3 = {
  name: "google-certificate-manager",
  description: "Google Cloud Certificate Manager: a self-managed certificate created, then updated in place on each renewal (the certificate maps and load balancers that use it keep it), with Application Default Credentials (Workload Identity Federation)",
  options: [
    {
      name: "google-certificate-manager-project",
      description: "Project that holds the certificate. Default: the credentials' project (`GOOGLE_CLOUD_PROJECT`, which google-github-actions/auth sets, or the key file's)."
    },
    {
      name: "google-certificate-manager-location",
      description: "Location of the certificate: `global` for global external Application Load Balancers, or a region (`europe-west1`) for regional ones.",
      default: "global"
    },
    {
      name: "google-certificate-manager-certificate",
      description: "ID of the certificate (a lower-case letter, then up to 62 lower-case letters, digits and hyphens, not ending in a hyphen). Default: the certificate's `cert-name` made into one (`www.example.com` -> `www-example-com`)."
    },
    {
      name: "google-certificate-manager-api-url",
      description: "Certificate Manager API base URL instead of the public one (a local test endpoint).",
      default: DEFAULT_API_URL
    }
  ]
};
// src/deploy/google-certificate-manager/names.ts
var CERTIFICATE_ID = /^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
var PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
var LOCATION = /^(global|[a-z]+-[a-z]+[0-9]+)$/;
function parseCertificateId(text2) {
  if (CERTIFICATE_ID.test(text2)) return text2;
  throw new Error(
    `google-certificate-manager-certificate: "${text2}" is not a certificate ID; expected a lower-case letter, then up to 62 lower-case letters, digits and hyphens, not ending in a hyphen, such as www-example-com`
  );
}
function parseProjectId(text2, name) {
  if (PROJECT_ID.test(text2)) return text2;
  throw new Error(
    `${name}: "${text2}" is not a project ID; expected 6 to 30 lower-case letters, digits and hyphens starting with a letter, such as my-project-123`
  );
}
function parseLocation(text2) {
  if (LOCATION.test(text2)) return text2;
  throw new Error(
    `google-certificate-manager-location: "${text2}" is not a location; expected global or a region such as europe-west1`
  );
}
function certificateIdFor(certName) {
  let id = certName.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  if (!/^[a-z]/.test(id)) id = `cert-${id}`;
  return id.slice(0, 63).replace(/-+$/, "");
}
function certificateName(project, location, id) {
  return `projects/${project}/locations/${location}/certificates/${id}`;
}
function parseCertificateName2(name) {
  const match = /^projects\/([^/]+)\/locations\/([^/]+)\/certificates\/([^/]+)$/.exec(name);
  return match ? { project: match[1] ?? "", location: match[2] ?? "", id: match[3] ?? "" } : void 0;
}
var require14 = require2;
// src/process/command.ts
var childProcesses = lazyBuiltin("node:child_process");
var DEFAULT_MAX_OUTPUT = 64 * 1024;
var KILL_GRACE_MS = 1e3;
var DRAIN_MS = 500;
var running = /* @__PURE__ */ new Set();
function signalGroup(child, signal) {
  if (child.pid === void 0) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
  }
}
function endGroup(child) {
  signalGroup(child, "SIGTERM");
  setTimeout(() => signalGroup(child, "SIGKILL"), KILL_GRACE_MS).unref();
}
function endAllCommands() {
  for (const child of running) endGroup(child);
}
function bounded(stream, max) {
  const chunks = [];
  let kept = 0;
  let dropped = 0;
  stream.on("data", (chunk) => {
    const part = chunk.subarray(0, Math.max(0, max - kept));
    chunks.push(part);
    kept += part.length;
    dropped += chunk.length - part.length;
  });
  return () => Buffer.concat(chunks).toString("utf8") + (dropped > 0 ? `
[${dropped} more bytes not kept]` : "");
}
function runCommand(options) {
  const max = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  return new Promise((resolve, reject) => {
    const child = childProcesses().spawn("/bin/sh", ["-c", options.command], {
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true
    });
    running.add(child);
    const stdout = bounded(child.stdout, max);
    const stderr = bounded(child.stderr, max);
    let timedOut = false;
    const timer = options.timeoutMs === void 0 ? void 0 : setTimeout(() => {
      timedOut = true;
      endGroup(child);
    }, options.timeoutMs);
    let settled2 = false;
    const finish = (code, signal) => {
      if (settled2) return;
      settled2 = true;
      clearTimeout(timer);
      running.delete(child);
      signalGroup(child, "SIGKILL");
      child.stdout.destroy();
      child.stderr.destroy();
      resolve({ code, signal, stdout: stdout(), stderr: stderr(), timedOut });
    };
    child.on("error", (error2) => {
      clearTimeout(timer);
      running.delete(child);
      settled2 = true;
      reject(error2);
    });
    child.on("close", finish);
    child.on("exit", (code, signal) => setTimeout(() => finish(code, signal), DRAIN_MS).unref());
  });
}
var RUNNER_CHANNELS = /* @__PURE__ */ new Set(["GITHUB_ENV", "GITHUB_OUTPUT", "GITHUB_PATH", "GITHUB_STATE", "GITHUB_STEP_SUMMARY"]);
function isRunnerChannel(name) {
  return RUNNER_CHANNELS.has(name) || name.startsWith("ACTIONS_") || name.startsWith("STATE_") || name.startsWith("INPUT_");
}
function idTokenRequestOf(env) {
  const url = env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const token = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  return url && token ? { url, token } : void 0;
}
function commandEnv(env, secrets2) {
  const known = [...secrets2].filter((secret) => secret.length >= 6);
  const out = {};
  for (const [name, value2] of Object.entries(env)) {
    if (value2 === void 0 || isRunnerChannel(name)) continue;
    if (known.some((secret) => value2.includes(secret))) continue;
    out[name] = value2;
  }
  return out;
}
var require15 = require2;
// src/dns/providers/route53/metadata.ts
var ROUTE53_ACTIONS = [
  "route53:ListHostedZonesByName",
  "route53:ListResourceRecordSets",
  "route53:ChangeResourceRecordSets",
  "route53:GetChange"
];
var metadata4 = {
  name: "route53",
  description: "Amazon Route 53 through the official AWS SDK and its default credential chain (GitHub OIDC with aws-actions/configure-aws-credentials)",
  options: [
    {
      name: "route53-hosted-zone-id",
      description: "Hosted zone ID to use instead of looking it up: one ID for every record, or `zone=ID` pairs, comma-separated (`example.com=Z1,example.org=Z2`). Needed when two zones share a name.",
      envAliases: ["AWS_HOSTED_ZONE_ID"]
    },
    {
      name: "route53-private-zone",
      description: "Look up private hosted zones instead of public ones (true/false).",
      default: "false"
    },
    {
      name: "route53-assume-role-arn",
      description: "IAM role to assume (STS AssumeRole, chained from the default credentials), for a central DNS account.",
      envAliases: ["AWS_ASSUME_ROLE_ARN"]
    },
    {
      name: "route53-external-id",
      description: "External ID the role to assume requires.",
      secret: true,
      envAliases: ["AWS_EXTERNAL_ID"]
    },
    {
      name: "route53-region",
      description: "Region requests are signed for (Route 53 is global; other partitions need their own, such as cn-north-1).",
      default: "us-east-1"
    },
    {
      name: "route53-endpoint",
      description: "Route 53 API URL instead of the default (a VPC endpoint, another partition, a local test endpoint)."
    },
    {
      name: "route53-wait-insync",
      description: "Wait until Route 53 reports the change INSYNC before the authoritative check (true/false).",
      default: "true"
    },
    {
      name: "route53-ttl",
      description: "TTL of a TXT record set certwright creates, in seconds (an existing set keeps its own).",
      default: "60"
    }
  ]
};
var require16 = require2;
// src/store/secret/secret-writer.ts
var REPOSITORIES_PAGE = 100;
function secretsPath(target) {
  switch (target.kind) {
    case "repository":
      return `/repos/${target.owner}/${target.repo}/actions/secrets`;
    case "environment":
      return `/repos/${target.owner}/${target.repo}/environments/${encodeURIComponent(target.environment)}/secrets`;
    case "organization":
      return `/orgs/${target.org}/actions/secrets`;
  }
}
function describeSecretTarget(target) {
  switch (target.kind) {
    case "repository":
      return `repository secret ${target.name} of ${target.owner}/${target.repo}`;
    case "environment":
      return `secret ${target.name} of environment ${target.environment} in ${target.owner}/${target.repo}`;
    case "organization":
      return `organisation secret ${target.name} of ${target.org}`;
  }
}
function usableSecretName(name) {
  return name !== void 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !/^GITHUB_/i.test(name);
}
function parseSecretPlace(text2, syntax, repository) {
  const parts = text2.split("/");
  const name = parts.at(-1);
  if (!usableSecretName(name)) {
    throw new Error(
      `${syntax.option}: "${name ?? ""}" is not a usable secret name; expected letters, digits and underscores, not starting with a digit or GITHUB_`
    );
  }
  if (parts[0] === "orgs" && parts.length === 3 && parts[1]) return { kind: "organization", org: parts[1], name };
  if (parts.length === 1) return { kind: "repository", ...repository(), name };
  if (parts[0] === "environments" && parts.length === 3 && parts[1])
    return { kind: "environment", ...repository(), environment: parts[1], name };
  throw new Error(`${syntax.option}: "${syntax.shown}" is not a secret; expected ${syntax.forms.join(", ")}`);
}
var SecretWriter = class {
  constructor(octokit, options) {
    this.octokit = octokit;
    this.options = options;
  }
  octokit;
  options;
  /** The secret's metadata, or undefined when there is no such secret. */
  async metadata(target) {
    try {
      const response = await this.octokit.request(`GET ${secretsPath(target)}/{secret_name}`, {
        secret_name: target.name
      });
      return response.data;
    } catch (error2) {
      if (error2.status === 404) return void 0;
      throw this.explain(target, error2, "read the metadata of");
    }
  }
  /**
   * Seals `value` with the scope's public key and PUTs it; an organisation secret keeps the
   * audience `metadata` (as read before the write) gives it.
   */
  async write(target, value2, metadata28) {
    const publicKey = await this.scopeKey(target);
    const { default: sodium } = await __certwrightLoad("./libsodium-wrappers-4BEFB4AD.js");
    await sodium.ready;
    const sealed = sodium.crypto_box_seal(
      sodium.from_string(value2),
      sodium.from_base64(publicKey.key, sodium.base64_variants.ORIGINAL)
    );
    const audience = target.kind === "organization" ? await this.audience(target, metadata28) : {};
    try {
      await this.octokit.request(`PUT ${secretsPath(target)}/{secret_name}`, {
        secret_name: target.name,
        encrypted_value: sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL),
        key_id: publicKey.key_id,
        ...audience
      });
    } catch (error2) {
      throw this.explain(target, error2, "write");
    }
  }
  /** The public key of the target's scope, for sealing. */
  async scopeKey(target) {
    try {
      return (await this.octokit.request(`GET ${secretsPath(target)}/public-key`)).data;
    } catch (error2) {
      throw this.explain(target, error2, "read the public key of");
    }
  }
  /**
   * Who may read the organisation secret after the write: whoever could before (GitHub's PUT
   * sets the audience anew, so it is read first, `selected` repositories included). A new
   * secret is readable by the run's repository alone, or, when that is not known, by the
   * organisation's private repositories, which the log says.
   */
  async audience(target, metadata28) {
    if (metadata28?.visibility === "selected")
      return { visibility: "selected", selected_repository_ids: await this.selectedRepositoryIds(target) };
    if (metadata28?.visibility) return { visibility: metadata28.visibility };
    const description = describeSecretTarget(target);
    const repository = await this.repositoryId();
    if (repository) {
      this.options.logger.info(
        `Creating the ${description} readable by ${repository.name} only (visibility selected); add repositories in the organisation's settings`
      );
      return { visibility: "selected", selected_repository_ids: [repository.id] };
    }
    this.options.logger.warn(
      `Creating the ${description} readable by every private repository of ${target.org} (visibility private), as github-repository is not known; narrow it to selected repositories in the organisation's settings, or set github-repository`
    );
    return { visibility: "private" };
  }
  /** The ids of the repositories a `selected` organisation secret is shared with, every page. */
  async selectedRepositoryIds(target) {
    const ids = [];
    for (let page = 1; ; page++) {
      let data;
      try {
        ({ data } = await this.octokit.request("GET /orgs/{org}/actions/secrets/{secret_name}/repositories", {
          org: target.org,
          secret_name: target.name,
          per_page: REPOSITORIES_PAGE,
          page
        }));
      } catch (error2) {
        throw this.explain(target, error2, "list the repositories that may read");
      }
      ids.push(...data.repositories.map((r) => Number(r.id)));
      if (data.repositories.length < REPOSITORIES_PAGE || ids.length >= data.total_count) return ids;
    }
  }
  /** The id of the run's repository, or undefined (logged) when it is not set or cannot be read. */
  async repositoryId() {
    const repository = this.options.repository;
    if (!repository) return void 0;
    const name = `${repository.owner}/${repository.repo}`;
    try {
      const { data } = await this.octokit.request("GET /repos/{owner}/{repo}", repository);
      return { id: Number(data.id), name };
    } catch (error2) {
      this.options.logger.warn(`could not read the id of ${name} (${errorMessage(error2)})`);
      return void 0;
    }
  }
  /** An error about `target`, prefixed with the writer's component, with the token advice where it applies. */
  explain(target, error2, what) {
    const status2 = error2.status;
    const detail = error2 instanceof Error ? error2.message : String(error2);
    const { component, tokenHelp } = this.options;
    const description = describeSecretTarget(target);
    if (status2 === 401 || status2 === 403 || status2 === 404) {
      return new Error(`${component}: cannot ${what} the ${description} (HTTP ${status2}: ${detail}); ${tokenHelp}`, {
        cause: error2
      });
    }
    return new Error(`${component}: cannot ${what} the ${description}: ${detail}`, { cause: error2 });
  }
};
var require17 = require2;
// src/vendor/retry.ts
var DEFAULT_RETRY_POLICY = {
  attempts: 5,
  backoffMs: 250,
  maxBackoffMs: 8e3,
  maxWaitMs: 6e4,
  deadlineMs: 18e4
};
var CLOUD_API_RETRY_POLICY = {
  attempts: 6,
  backoffMs: 250,
  maxBackoffMs: 8e3,
  maxWaitMs: 6e4,
  deadlineMs: 18e4
};
function backoffMs(policy, attempt) {
  const full = Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** (attempt - 1));
  return Math.round(full * (0.5 + Math.random() / 2));
}
function nextWait(policy, verdict, attempt, elapsedMs) {
  if (attempt >= policy.attempts) return { stop: "" };
  if (verdict.afterMs !== void 0 && verdict.afterMs > policy.maxWaitMs) {
    return {
      stop: `; the vendor asked to wait ${seconds(verdict.afterMs)} s, longer than the ${seconds(policy.maxWaitMs)} s a run waits`
    };
  }
  const waitMs = verdict.afterMs ?? backoffMs(policy, attempt);
  if (elapsedMs + waitMs > policy.deadlineMs)
    return { stop: `; another try would pass the ${seconds(policy.deadlineMs)} s deadline` };
  return { waitMs };
}
function seconds(ms) {
  return String(Math.round(ms / 100) / 10);
}
async function retrying(run2, policy, what, tryOnce) {
  const started = run2.clock.now();
  for (let attempt = 1; ; attempt++) {
    const { result, retry } = await tryOnce(attempt);
    if (!retry) return { result, attempts: attempt, note: attempt > 1 ? ` (after ${attempt} attempts)` : "" };
    const next = nextWait(policy, retry, attempt, run2.clock.now() - started);
    if ("stop" in next)
      return { result, attempts: attempt, note: attempt > 1 ? ` (after ${attempt} attempts${next.stop})` : "" };
    run2.logger.debug(
      `${what}: ${retry.why}; retrying in ${next.waitMs} ms (attempt ${attempt + 1} of ${policy.attempts})`
    );
    await run2.clock.sleep(next.waitMs);
  }
}
async function callWithRetries(run2, policy, what, call, retryable, fail3) {
  const tried = await retrying(
    run2,
    policy,
    what,
    async (attempt) => {
      try {
        return { result: { ok: true, value: await call(attempt) } };
      } catch (error2) {
        return { result: { ok: false, error: error2 }, retry: retryable(error2) };
      }
    }
  );
  if (!tried.result.ok) throw fail3(tried.result.error, tried.note);
  return tried.result.value;
}
var require18 = require2;
// src/vendor/request.ts
var NoAnswerError = class extends Error {
  constructor(message, attempts, options) {
    super(message, options);
    this.attempts = attempts;
  }
  attempts;
};
function throttledOrServerError(answer) {
  return answer.status === 429 || answer.status >= 500 ? { why: `HTTP ${answer.status}` } : void 0;
}
function isSuccess(answer) {
  return answer.status >= 200 && answer.status < 300;
}
async function sendRequest(caller, request) {
  const retryWhen = request.retryWhen ?? throttledOrServerError;
  const tried = await retrying(caller, caller.policy, request.what, async () => {
    const outcome = await sendOnce(caller, request);
    if ("lost" in outcome) return { result: outcome, retry: request.retryNoAnswer ? { why: "no answer" } : void 0 };
    if (isSuccess(outcome.answer)) return { result: outcome };
    const verdict = retryWhen(outcome.answer);
    return { result: outcome, retry: verdict && withVendorWait(verdict, outcome.answer, caller.clock.now(), request) };
  });
  if ("lost" in tried.result) {
    throw new NoAnswerError(
      `${request.what}: no answer from ${new URL(request.url).origin}${tried.note}`,
      tried.attempts,
      { cause: tried.result.lost }
    );
  }
  return Object.assign(tried.result.answer, { attempts: tried.attempts, note: tried.note });
}
async function sendOnce(caller, request) {
  const headers = { accept: "application/json", ...await request.headers() };
  if (request.json !== void 0) headers["content-type"] = "application/json";
  await caller.pacing?.before(request.what);
  try {
    const answer = await caller.http({
      method: request.method,
      url: request.url,
      headers,
      ...request.json !== void 0 ? { body: JSON.stringify(request.json) } : {},
      ...request.json === void 0 && request.body !== void 0 ? { body: request.body } : {}
    });
    caller.pacing?.after(answer.headers);
    return { answer };
  } catch (lost) {
    caller.pacing?.after(void 0);
    return { lost };
  }
}
function withVendorWait(verdict, answer, now, request) {
  if (verdict.afterMs !== void 0) return verdict;
  const afterMs = retryAfterMs(answer, now) ?? request.waitWhenUnsaid?.(answer, now);
  return afterMs === void 0 ? verdict : { ...verdict, afterMs };
}
var require19 = require2;
// src/vendor/body.ts
var BODY_SHOWN = 200;
function shownBody(body, secrets2) {
  let text2 = body.toString("utf8");
  for (const secret of secrets2) if (secret.length >= 4) text2 = text2.split(secret).join("***");
  text2 = text2.replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/\s+/g, " ").trim();
  return text2.length > BODY_SHOWN ? `${text2.slice(0, BODY_SHOWN)}\u2026` : text2;
}
function parseJson(body) {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    return void 0;
  }
}
var require20 = require2;
// src/dns/providers/httpreq/api.ts
var HttpreqError = class extends Error {
  constructor(message, status2) {
    super(message);
    this.status = status2;
  }
  status;
};
var RETRY_POLICY = {
  attempts: 5,
  backoffMs: 500,
  maxBackoffMs: 8e3,
  maxWaitMs: 6e4,
  deadlineMs: 18e4
};
var RETRIED = /* @__PURE__ */ new Set([429, 502, 503, 504]);
function shownUrl(url) {
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}
function actionUrl(endpoint, action) {
  const url = new URL(endpoint.href);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/${action}`;
  return url;
}
var HttpreqClient = class {
  #settings;
  #caller;
  #secrets;
  constructor(settings, context) {
    this.#settings = settings;
    this.#caller = { ...context, http: withDeadline(context.http, settings.timeoutMs), policy: RETRY_POLICY };
    const { auth } = settings;
    this.#secrets = auth ? [auth.password, Buffer.from(`${auth.username}:${auth.password}`).toString("base64")] : [];
    for (const [, value2] of settings.endpoint.searchParams) this.#secrets.push(value2);
  }
  /** Sends one present or cleanup; `fqdn` gets its trailing dot, as lego sends it. */
  async send(action, fqdn, value2, domain) {
    const url = actionUrl(this.#settings.endpoint, action);
    const name = fqdn.endsWith(".") ? fqdn : `${fqdn}.`;
    const what = `${action} ${name} (for ${domain}) at ${shownUrl(url)}`;
    const { auth } = this.#settings;
    const headers = () => auth ? { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString("base64")}` } : {};
    const retryWhen = (answer2) => RETRIED.has(answer2.status) ? { why: `HTTP ${answer2.status}` } : void 0;
    const answer = await sendRequest(this.#caller, {
      method: "POST",
      url: url.href,
      what: `httpreq: ${what}`,
      headers,
      json: { fqdn: name, value: value2 },
      retryWhen
    }).catch((error2) => {
      throw error2 instanceof NoAnswerError ? noAnswer(error2.cause, url, what) : error2;
    });
    if (!isSuccess(answer)) throw this.#failure(answer, what, answer.note);
  }
  #failure(response, what, retried) {
    const body = shownBody(response.body, this.#secrets);
    const reason = http.STATUS_CODES[response.status];
    const status2 = `HTTP ${response.status}${reason ? ` ${reason}` : ""}`;
    let advice = "";
    if (response.status === 401 || response.status === 403) {
      advice = this.#settings.auth ? "; the backend refused httpreq-username and httpreq-password" : "; the backend wants credentials: set httpreq-username and httpreq-password";
    } else if (response.status === 404 || response.status === 405) {
      advice = "; no httpreq route there: httpreq-endpoint must be the base URL, to which /present and /cleanup are added";
    }
    return new HttpreqError(
      `httpreq: ${what}: ${status2}${body ? `: ${body}` : ""}${advice}${retried}`,
      response.status
    );
  }
};
function withDeadline(http2, timeoutMs) {
  return async (request) => {
    let timer;
    const deadline = new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new HttpreqError(`no answer within ${timeoutMs / 1e3} s (httpreq-timeout)`, 0)),
        timeoutMs
      );
    });
    try {
      return await Promise.race([http2(request), deadline]);
    } finally {
      clearTimeout(timer);
    }
  };
}
function noAnswer(cause, url, what) {
  if (cause instanceof HttpreqError) return new HttpreqError(`httpreq: ${what}: ${cause.message}`, 0);
  const message = cause.message.split(url.href).join(shownUrl(url));
  return new HttpreqError(`httpreq: ${what}: no answer (${cause.code ?? message})`, 0);
}
var require21 = require2;
// src/dns/names.ts
function normalizeName(name) {
  const trimmed = name.trim().replace(/\.$/, "").toLowerCase();
  if (!new RegExp("\\P{ASCII}", "u").test(trimmed)) return trimmed;
  const wildcard = trimmed.startsWith("*.");
  const ascii = (0, import_node_url.domainToASCII)(wildcard ? trimmed.slice(2) : trimmed);
  return ascii === "" ? trimmed : (wildcard ? "*." : "") + ascii;
}
function domainNameProblem(name) {
  if (name === "") return "it is empty";
  const body = name.startsWith("*.") ? name.slice(2) : name;
  if (body.includes("*")) return "a wildcard must be the whole left-most label, as in *.example.com";
  if (name.length > 253) return "it is longer than 253 characters";
  const labels = body.split(".");
  if (labels.length < 2) return "it needs at least two labels, as in example.com";
  for (const label of labels) {
    if (label === "") return "it has an empty label (two dots in a row, or a leading dot)";
    if (label.length > 63) return `the label "${label.slice(0, 20)}\u2026" is longer than 63 characters`;
    if (!/^[a-z0-9-]+$/.test(label))
      return `the label "${label}" has characters other than letters, digits and hyphens`;
    if (label.startsWith("-") || label.endsWith("-")) return `the label "${label}" starts or ends with a hyphen`;
  }
  if (/^\d+$/.test(labels.at(-1) ?? "")) return "it looks like an IP address; certwright issues for DNS names only";
  return void 0;
}
function challengeRecordName(domain) {
  return `_acme-challenge.${domain.startsWith("*.") ? domain.slice(2) : domain}`;
}
function isInZone(name, zone) {
  const n = name.toLowerCase().replace(/\.$/, "");
  const z = zone.toLowerCase().replace(/\.$/, "");
  return z === "" || n === z || n.endsWith(`.${z}`);
}
function hostNameProblem(name) {
  if (name === "") return "it is empty";
  if (Buffer.byteLength(name) > 253) return "it is longer than 253 octets";
  for (const label of name.split(".")) {
    if (label === "") return "it has an empty label";
    if (Buffer.byteLength(label) > 63) return "a label is longer than 63 octets";
    if (!/^[A-Za-z0-9_-]+$/.test(label)) return "a label has characters other than letters, digits, '-' and '_'";
  }
  return void 0;
}
function quotedName(text2) {
  return JSON.stringify(text2).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
function selfAndParents(name) {
  const labels = name.split(".");
  return labels.map((_, i) => labels.slice(i).join("."));
}
var require22 = require2;
// src/dns/providers/azure/names.ts
var SUBSCRIPTION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
var RESOURCE_GROUP = /^[-\w.()\p{L}]{0,89}[-\w()\p{L}]$/u;
var ZONE_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/dnszones\/([^/]+)$/i;
var RECORD_SET_ID = /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/dnszones\/[^/]+)\/TXT\/([^/]+)$/i;
function parseZoneTarget(text2) {
  const id = ZONE_ID.exec(text2);
  if (id) {
    const [, subscriptionId = "", resourceGroup = "", zone = ""] = id;
    if (!SUBSCRIPTION_ID.test(subscriptionId))
      throw new Error(`azure-zone: "${text2}" names the subscription "${subscriptionId}", which is not a GUID`);
    const problem2 = domainNameProblem(normalizeName(zone));
    if (problem2)
      throw new Error(`azure-zone: "${text2}" names the zone "${zone}", which is not a DNS name (${problem2})`);
    return { subscriptionId: subscriptionId.toLowerCase(), resourceGroup, name: normalizeName(zone) };
  }
  if (text2.startsWith("/")) {
    throw new Error(
      `azure-zone: "${text2}" is not a DNS zone resource ID; expected /subscriptions/<ID>/resourceGroups/<group>/providers/Microsoft.Network/dnszones/<zone>`
    );
  }
  const name = normalizeName(text2);
  const problem = domainNameProblem(name);
  if (problem || name.startsWith("*."))
    throw new Error(
      `azure-zone: "${text2}" is not a zone name (${problem ?? "no wildcards"}); expected one such as example.com, or a zone resource ID`
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
function recordSetId(set2) {
  return `${zoneId(set2.zone)}/TXT/${set2.name}`;
}
function parseRecordSetId(ref) {
  const match = RECORD_SET_ID.exec(ref);
  const zone = match ? zoneFromId(match[1] ?? "") : void 0;
  return zone && match?.[2] ? { zone, name: match[2].toLowerCase() } : void 0;
}
function recordSetFqdn(set2) {
  return set2.name === "@" ? set2.zone.name : `${set2.name}.${set2.zone.name}`;
}
function describeSet(set2) {
  return `TXT ${recordSetFqdn(set2)} in zone ${set2.zone.name} (resource group ${set2.zone.resourceGroup})`;
}
// src/dns/providers/azure/metadata.ts
var DEFAULT_API_URL2 = "https://management.azure.com";
var API_VERSION2 = "2018-05-01";
var AZURE_ACTIONS = [
  "Microsoft.Network/dnsZones/read",
  "Microsoft.Network/dnsZones/TXT/read",
  "Microsoft.Network/dnsZones/TXT/write",
  "Microsoft.Network/dnsZones/TXT/delete"
];
var metadata5 = {
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
      default: DEFAULT_API_URL2
    }
  ]
};
var require23 = require2;
// src/dns/providers/google/metadata.ts
var DEFAULT_API_URL3 = "https://dns.googleapis.com/dns/v1";
var GOOGLE_DNS_PERMISSIONS = [
  "dns.managedZones.list",
  "dns.resourceRecordSets.list",
  "dns.changes.create",
  "dns.changes.get",
  "dns.resourceRecordSets.create",
  "dns.resourceRecordSets.update",
  "dns.resourceRecordSets.delete"
];
var metadata6 = {
  name: "google",
  description: "Google Cloud DNS through its REST API, with Application Default Credentials (Workload Identity Federation with google-github-actions/auth)",
  options: [
    {
      name: "google-project",
      description: "Project that holds the managed zones (its ID). Default: the Application Default Credentials' project: GOOGLE_CLOUD_PROJECT or GCLOUD_PROJECT (google-github-actions/auth sets them), the key file's project_id, gcloud's configured project, or the metadata server's.",
      envAliases: ["GCE_PROJECT"]
    },
    {
      name: "google-managed-zone",
      description: "Managed zone to use instead of finding it by DNS name: one zone name (or ID) for every record, or `zone=name` pairs, comma-separated (`example.com=example-com,example.org=example-org`). With it, dns.managedZones.list is not needed."
    },
    {
      name: "google-private-zones",
      description: "Also consider private managed zones when finding a zone by DNS name (true/false); by default only public zones are, since a public CA validates through public DNS.",
      default: "false"
    },
    {
      name: "google-ttl",
      description: "TTL of a TXT record set certwright creates, in seconds (an existing set keeps its own).",
      default: "60"
    },
    {
      name: "google-api-url",
      description: "Cloud DNS API base URL instead of the public v1 API (a Private Service Connect endpoint, a local test endpoint).",
      default: DEFAULT_API_URL3
    }
  ]
};
var require24 = require2;
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
    const text2 = optionalOption(values, option);
    if (text2 === void 0) return new _ZoneIds(option, void 0, /* @__PURE__ */ new Map());
    const parts = text2.split(",").map((part) => part.trim()).filter((part) => part !== "");
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
function isObject(value2) {
  return typeof value2 === "object" && value2 !== null && !Array.isArray(value2);
}
function parseAcmeDnsCredentials(text2, source, defaultServer) {
  const document = parseJsonSecret(
    source,
    text2,
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
  const fields2 = {};
  for (const field of FIELDS) {
    const value2 = entry[field];
    if (typeof value2 !== "string" || value2.trim() === "") {
      throw new Error(
        `${source}: ${label} has no ${field}; expected "username", "password", "fulldomain" and "subdomain" as acme-dns /register answers`
      );
    }
    fields2[field] = value2.trim();
  }
  const fulldomain = normalizeName(fields2.fulldomain);
  if (!/^[a-z0-9_-]+(\.[a-z0-9_-]+)+$/.test(fulldomain))
    throw new Error(`${source}: ${label} has fulldomain "${fields2.fulldomain}", which is not a domain name`);
  const server = serverOf(entry.server_url, label, source) ?? defaultServer;
  if (!server) {
    throw new Error(
      `acme-dns-server: missing; expected the acme-dns API URL, such as https://auth.acme-dns.io (${label} in ${source} carries no server_url)`
    );
  }
  return {
    username: fields2.username,
    password: fields2.password,
    fulldomain,
    subdomain: fields2.subdomain,
    server,
    names: []
  };
}
var EXAMPLE_SERVER = "https://auth.acme-dns.io";
function serverOf(value2, label, source) {
  if (value2 === void 0 || value2 === null || value2 === "") return void 0;
  const problem = `${source}: ${label} has a server_url that is not an http(s) URL; expected such as ${EXAMPLE_SERVER}`;
  if (typeof value2 !== "string") throw new Error(problem);
  let url;
  try {
    url = new URL(value2);
  } catch {
    throw new Error(problem);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:" || url.username || url.password) throw new Error(problem);
  refusePlainHttp(`${source}: server_url of ${label}`, url, "the account password");
  return value2.replace(/\/+$/, "");
}
function brief(names2) {
  return names2.length <= 4 ? names2.join(", ") : `${names2.slice(0, 4).join(", ")} and ${names2.length - 4} more`;
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
  const crowded = [...byAccount].find(([, names2]) => names2.length > VALUES_PER_ACCOUNT);
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
var require25 = require2;
var __create2 = Object.create;
var __defProp2 = Object.defineProperty;
var __getOwnPropDesc2 = Object.getOwnPropertyDescriptor;
var __getOwnPropNames2 = Object.getOwnPropertyNames;
var __getProtoOf2 = Object.getPrototypeOf;
var __hasOwnProp2 = Object.prototype.hasOwnProperty;
var __require = /* @__PURE__ */ ((x) => typeof require25 !== "undefined" ? require25 : typeof Proxy !== "undefined" ? new Proxy(x, {
  get: (a, b) => (typeof require25 !== "undefined" ? require25 : a)[b]
}) : x)(function(x) {
  if (typeof require25 !== "undefined") return require25.apply(this, arguments);
  throw Error('Dynamic require of "' + x + '" is not supported');
});
var __esm = (fn, res, err) => function __init() {
  if (err) throw err[0];
  try {
    return fn && (res = (0, fn[__getOwnPropNames2(fn)[0]])(fn = 0)), res;
  } catch (e) {
    throw err = [e], e;
  }
};
var __commonJS = (cb, mod) => function __require2() {
  try {
    return mod || (0, cb[__getOwnPropNames2(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};
var __export2 = (target, all) => {
  for (var name in all)
    __defProp2(target, name, { get: all[name], enumerable: true });
};
var __copyProps2 = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames2(from))
      if (!__hasOwnProp2.call(to, key) && key !== except)
        __defProp2(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc2(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM2 = (mod, isNodeMode, target) => (target = mod != null ? __create2(__getProtoOf2(mod)) : {}, __copyProps2(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp2(target, "default", { value: mod, enumerable: true }) : target,
  mod
));
var __toCommonJS2 = (mod) => __copyProps2(__defProp2({}, "__esModule", { value: true }), mod);
var require26 = require2;
// node_modules/dns-packet/types.js
var require_types = __commonJS({
  "node_modules/dns-packet/types.js"(exports2) {
    "use strict";
    exports2.toString = function(type) {
      switch (type) {
        case 1:
          return "A";
        case 10:
          return "NULL";
        case 28:
          return "AAAA";
        case 18:
          return "AFSDB";
        case 42:
          return "APL";
        case 257:
          return "CAA";
        case 60:
          return "CDNSKEY";
        case 59:
          return "CDS";
        case 37:
          return "CERT";
        case 5:
          return "CNAME";
        case 49:
          return "DHCID";
        case 32769:
          return "DLV";
        case 39:
          return "DNAME";
        case 48:
          return "DNSKEY";
        case 43:
          return "DS";
        case 55:
          return "HIP";
        case 13:
          return "HINFO";
        case 45:
          return "IPSECKEY";
        case 25:
          return "KEY";
        case 36:
          return "KX";
        case 29:
          return "LOC";
        case 15:
          return "MX";
        case 35:
          return "NAPTR";
        case 2:
          return "NS";
        case 47:
          return "NSEC";
        case 50:
          return "NSEC3";
        case 51:
          return "NSEC3PARAM";
        case 12:
          return "PTR";
        case 46:
          return "RRSIG";
        case 17:
          return "RP";
        case 24:
          return "SIG";
        case 6:
          return "SOA";
        case 99:
          return "SPF";
        case 33:
          return "SRV";
        case 44:
          return "SSHFP";
        case 32768:
          return "TA";
        case 249:
          return "TKEY";
        case 52:
          return "TLSA";
        case 250:
          return "TSIG";
        case 16:
          return "TXT";
        case 252:
          return "AXFR";
        case 251:
          return "IXFR";
        case 41:
          return "OPT";
        case 255:
          return "ANY";
      }
      return "UNKNOWN_" + type;
    };
    exports2.toType = function(name) {
      switch (name.toUpperCase()) {
        case "A":
          return 1;
        case "NULL":
          return 10;
        case "AAAA":
          return 28;
        case "AFSDB":
          return 18;
        case "APL":
          return 42;
        case "CAA":
          return 257;
        case "CDNSKEY":
          return 60;
        case "CDS":
          return 59;
        case "CERT":
          return 37;
        case "CNAME":
          return 5;
        case "DHCID":
          return 49;
        case "DLV":
          return 32769;
        case "DNAME":
          return 39;
        case "DNSKEY":
          return 48;
        case "DS":
          return 43;
        case "HIP":
          return 55;
        case "HINFO":
          return 13;
        case "IPSECKEY":
          return 45;
        case "KEY":
          return 25;
        case "KX":
          return 36;
        case "LOC":
          return 29;
        case "MX":
          return 15;
        case "NAPTR":
          return 35;
        case "NS":
          return 2;
        case "NSEC":
          return 47;
        case "NSEC3":
          return 50;
        case "NSEC3PARAM":
          return 51;
        case "PTR":
          return 12;
        case "RRSIG":
          return 46;
        case "RP":
          return 17;
        case "SIG":
          return 24;
        case "SOA":
          return 6;
        case "SPF":
          return 99;
        case "SRV":
          return 33;
        case "SSHFP":
          return 44;
        case "TA":
          return 32768;
        case "TKEY":
          return 249;
        case "TLSA":
          return 52;
        case "TSIG":
          return 250;
        case "TXT":
          return 16;
        case "AXFR":
          return 252;
        case "IXFR":
          return 251;
        case "OPT":
          return 41;
        case "ANY":
          return 255;
        case "*":
          return 255;
      }
      if (name.toUpperCase().startsWith("UNKNOWN_")) return parseInt(name.slice(8));
      return 0;
    };
  }
});
// node_modules/dns-packet/rcodes.js
var require_rcodes = __commonJS({
  "node_modules/dns-packet/rcodes.js"(exports2) {
    "use strict";
    exports2.toString = function(rcode) {
      switch (rcode) {
        case 0:
          return "NOERROR";
        case 1:
          return "FORMERR";
        case 2:
          return "SERVFAIL";
        case 3:
          return "NXDOMAIN";
        case 4:
          return "NOTIMP";
        case 5:
          return "REFUSED";
        case 6:
          return "YXDOMAIN";
        case 7:
          return "YXRRSET";
        case 8:
          return "NXRRSET";
        case 9:
          return "NOTAUTH";
        case 10:
          return "NOTZONE";
        case 11:
          return "RCODE_11";
        case 12:
          return "RCODE_12";
        case 13:
          return "RCODE_13";
        case 14:
          return "RCODE_14";
        case 15:
          return "RCODE_15";
      }
      return "RCODE_" + rcode;
    };
    exports2.toRcode = function(code) {
      switch (code.toUpperCase()) {
        case "NOERROR":
          return 0;
        case "FORMERR":
          return 1;
        case "SERVFAIL":
          return 2;
        case "NXDOMAIN":
          return 3;
        case "NOTIMP":
          return 4;
        case "REFUSED":
          return 5;
        case "YXDOMAIN":
          return 6;
        case "YXRRSET":
          return 7;
        case "NXRRSET":
          return 8;
        case "NOTAUTH":
          return 9;
        case "NOTZONE":
          return 10;
        case "RCODE_11":
          return 11;
        case "RCODE_12":
          return 12;
        case "RCODE_13":
          return 13;
        case "RCODE_14":
          return 14;
        case "RCODE_15":
          return 15;
      }
      return 0;
    };
  }
});
// node_modules/dns-packet/opcodes.js
var require_opcodes = __commonJS({
  "node_modules/dns-packet/opcodes.js"(exports2) {
    "use strict";
    exports2.toString = function(opcode) {
      switch (opcode) {
        case 0:
          return "QUERY";
        case 1:
          return "IQUERY";
        case 2:
          return "STATUS";
        case 3:
          return "OPCODE_3";
        case 4:
          return "NOTIFY";
        case 5:
          return "UPDATE";
        case 6:
          return "OPCODE_6";
        case 7:
          return "OPCODE_7";
        case 8:
          return "OPCODE_8";
        case 9:
          return "OPCODE_9";
        case 10:
          return "OPCODE_10";
        case 11:
          return "OPCODE_11";
        case 12:
          return "OPCODE_12";
        case 13:
          return "OPCODE_13";
        case 14:
          return "OPCODE_14";
        case 15:
          return "OPCODE_15";
      }
      return "OPCODE_" + opcode;
    };
    exports2.toOpcode = function(code) {
      switch (code.toUpperCase()) {
        case "QUERY":
          return 0;
        case "IQUERY":
          return 1;
        case "STATUS":
          return 2;
        case "OPCODE_3":
          return 3;
        case "NOTIFY":
          return 4;
        case "UPDATE":
          return 5;
        case "OPCODE_6":
          return 6;
        case "OPCODE_7":
          return 7;
        case "OPCODE_8":
          return 8;
        case "OPCODE_9":
          return 9;
        case "OPCODE_10":
          return 10;
        case "OPCODE_11":
          return 11;
        case "OPCODE_12":
          return 12;
        case "OPCODE_13":
          return 13;
        case "OPCODE_14":
          return 14;
        case "OPCODE_15":
          return 15;
      }
      return 0;
    };
  }
});
// node_modules/dns-packet/classes.js
var require_classes = __commonJS({
  "node_modules/dns-packet/classes.js"(exports2) {
    "use strict";
    exports2.toString = function(klass) {
      switch (klass) {
        case 1:
          return "IN";
        case 2:
          return "CS";
        case 3:
          return "CH";
        case 4:
          return "HS";
        case 255:
          return "ANY";
      }
      return "UNKNOWN_" + klass;
    };
    exports2.toClass = function(name) {
      switch (name.toUpperCase()) {
        case "IN":
          return 1;
        case "CS":
          return 2;
        case "CH":
          return 3;
        case "HS":
          return 4;
        case "ANY":
          return 255;
      }
      return 0;
    };
  }
});
// node_modules/dns-packet/optioncodes.js
var require_optioncodes = __commonJS({
  "node_modules/dns-packet/optioncodes.js"(exports2) {
    "use strict";
    exports2.toString = function(type) {
      switch (type) {
        // list at
        // https://www.iana.org/assignments/dns-parameters/dns-parameters.xhtml#dns-parameters-11
        case 1:
          return "LLQ";
        case 2:
          return "UL";
        case 3:
          return "NSID";
        case 5:
          return "DAU";
        case 6:
          return "DHU";
        case 7:
          return "N3U";
        case 8:
          return "CLIENT_SUBNET";
        case 9:
          return "EXPIRE";
        case 10:
          return "COOKIE";
        case 11:
          return "TCP_KEEPALIVE";
        case 12:
          return "PADDING";
        case 13:
          return "CHAIN";
        case 14:
          return "KEY_TAG";
        case 26946:
          return "DEVICEID";
      }
      if (type < 0) {
        return null;
      }
      return `OPTION_${type}`;
    };
    exports2.toCode = function(name) {
      if (typeof name === "number") {
        return name;
      }
      if (!name) {
        return -1;
      }
      switch (name.toUpperCase()) {
        case "OPTION_0":
          return 0;
        case "LLQ":
          return 1;
        case "UL":
          return 2;
        case "NSID":
          return 3;
        case "OPTION_4":
          return 4;
        case "DAU":
          return 5;
        case "DHU":
          return 6;
        case "N3U":
          return 7;
        case "CLIENT_SUBNET":
          return 8;
        case "EXPIRE":
          return 9;
        case "COOKIE":
          return 10;
        case "TCP_KEEPALIVE":
          return 11;
        case "PADDING":
          return 12;
        case "CHAIN":
          return 13;
        case "KEY_TAG":
          return 14;
        case "DEVICEID":
          return 26946;
        case "OPTION_65535":
          return 65535;
      }
      const m = name.match(/_(\d+)$/);
      if (m) {
        return parseInt(m[1], 10);
      }
      return -1;
    };
  }
});
// node_modules/@leichtgewicht/ip-codec/index.cjs
var require_ip_codec = __commonJS({
  "node_modules/@leichtgewicht/ip-codec/index.cjs"(exports2, module2) {
    var ipCodec = (function(exports22) {
      "use strict";
      Object.defineProperty(exports22, "__esModule", {
        value: true
      });
      exports22.decode = decode;
      exports22.encode = encode;
      exports22.familyOf = familyOf;
      exports22.name = void 0;
      exports22.sizeOf = sizeOf;
      exports22.v6 = exports22.v4 = void 0;
      const v4Regex = /^(\d{1,3}\.){3,3}\d{1,3}$/;
      const v4Size = 4;
      const v6Regex = /^(::)?(((\d{1,3}\.){3}(\d{1,3}){1})?([0-9a-f]){0,4}:{0,2}){1,8}(::)?$/i;
      const v6Size = 16;
      const v4 = {
        name: "v4",
        size: v4Size,
        isFormat: (ip) => v4Regex.test(ip),
        encode(ip, buff, offset) {
          offset = ~~offset;
          buff = buff || new Uint8Array(offset + v4Size);
          const max = ip.length;
          let n = 0;
          for (let i = 0; i < max; ) {
            const c = ip.charCodeAt(i++);
            if (c === 46) {
              buff[offset++] = n;
              n = 0;
            } else {
              n = n * 10 + (c - 48);
            }
          }
          buff[offset] = n;
          return buff;
        },
        decode(buff, offset) {
          offset = ~~offset;
          return `${buff[offset++]}.${buff[offset++]}.${buff[offset++]}.${buff[offset]}`;
        }
      };
      exports22.v4 = v4;
      const v6 = {
        name: "v6",
        size: v6Size,
        isFormat: (ip) => ip.length > 0 && v6Regex.test(ip),
        encode(ip, buff, offset) {
          offset = ~~offset;
          let end = offset + v6Size;
          let fill = -1;
          let hexN = 0;
          let decN = 0;
          let prevColon = true;
          let useDec = false;
          buff = buff || new Uint8Array(offset + v6Size);
          for (let i = 0; i < ip.length; i++) {
            let c = ip.charCodeAt(i);
            if (c === 58) {
              if (prevColon) {
                if (fill !== -1) {
                  if (offset < end) buff[offset] = 0;
                  if (offset < end - 1) buff[offset + 1] = 0;
                  offset += 2;
                } else if (offset < end) {
                  fill = offset;
                }
              } else {
                if (useDec === true) {
                  if (offset < end) buff[offset] = decN;
                  offset++;
                } else {
                  if (offset < end) buff[offset] = hexN >> 8;
                  if (offset < end - 1) buff[offset + 1] = hexN & 255;
                  offset += 2;
                }
                hexN = 0;
                decN = 0;
              }
              prevColon = true;
              useDec = false;
            } else if (c === 46) {
              if (offset < end) buff[offset] = decN;
              offset++;
              decN = 0;
              hexN = 0;
              prevColon = false;
              useDec = true;
            } else {
              prevColon = false;
              if (c >= 97) {
                c -= 87;
              } else if (c >= 65) {
                c -= 55;
              } else {
                c -= 48;
                decN = decN * 10 + c;
              }
              hexN = (hexN << 4) + c;
            }
          }
          if (prevColon === false) {
            if (useDec === true) {
              if (offset < end) buff[offset] = decN;
              offset++;
            } else {
              if (offset < end) buff[offset] = hexN >> 8;
              if (offset < end - 1) buff[offset + 1] = hexN & 255;
              offset += 2;
            }
          } else if (fill === 0) {
            if (offset < end) buff[offset] = 0;
            if (offset < end - 1) buff[offset + 1] = 0;
            offset += 2;
          } else if (fill !== -1) {
            offset += 2;
            for (let i = Math.min(offset - 1, end - 1); i >= fill + 2; i--) {
              buff[i] = buff[i - 2];
            }
            buff[fill] = 0;
            buff[fill + 1] = 0;
            fill = offset;
          }
          if (fill !== offset && fill !== -1) {
            if (offset > end - 2) {
              offset = end - 2;
            }
            while (end > fill) {
              buff[--end] = offset < end && offset > fill ? buff[--offset] : 0;
            }
          } else {
            while (offset < end) {
              buff[offset++] = 0;
            }
          }
          return buff;
        },
        decode(buff, offset) {
          offset = ~~offset;
          let result = "";
          for (let i = 0; i < v6Size; i += 2) {
            if (i !== 0) {
              result += ":";
            }
            result += (buff[offset + i] << 8 | buff[offset + i + 1]).toString(16);
          }
          return result.replace(/(^|:)0(:0)*:0(:|$)/, "$1::$3").replace(/:{3,4}/, "::");
        }
      };
      exports22.v6 = v6;
      const name = "ip";
      exports22.name = name;
      function sizeOf(ip) {
        if (v4.isFormat(ip)) return v4.size;
        if (v6.isFormat(ip)) return v6.size;
        throw Error(`Invalid ip address: ${ip}`);
      }
      function familyOf(string2) {
        return sizeOf(string2) === v4.size ? 1 : 2;
      }
      function encode(ip, buff, offset) {
        offset = ~~offset;
        const size = sizeOf(ip);
        if (typeof buff === "function") {
          buff = buff(offset + size);
        }
        if (size === v4.size) {
          return v4.encode(ip, buff, offset);
        }
        return v6.encode(ip, buff, offset);
      }
      function decode(buff, offset, length) {
        offset = ~~offset;
        length = length || buff.length - offset;
        if (length === v4.size) {
          return v4.decode(buff, offset, length);
        }
        if (length === v6.size) {
          return v6.decode(buff, offset, length);
        }
        throw Error(`Invalid buffer size needs to be ${v4.size} for v4 or ${v6.size} for v6.`);
      }
      return "default" in exports22 ? exports22.default : exports22;
    })({});
    if (typeof define === "function" && define.amd) define([], function() {
      return ipCodec;
    });
    else if (typeof module2 === "object" && typeof exports2 === "object") module2.exports = ipCodec;
  }
});
// node_modules/dns-packet/index.js
var require_dns_packet = __commonJS({
  "node_modules/dns-packet/index.js"(exports2) {
    "use strict";
    var Buffer2 = __require("buffer").Buffer;
    var types = require_types();
    var rcodes = require_rcodes();
    var opcodes = require_opcodes();
    var classes = require_classes();
    var optioncodes = require_optioncodes();
    var ip = require_ip_codec();
    var QUERY_FLAG = 0;
    var RESPONSE_FLAG = 1 << 15;
    var FLUSH_MASK = 1 << 15;
    var NOT_FLUSH_MASK = ~FLUSH_MASK;
    var QU_MASK = 1 << 15;
    var NOT_QU_MASK = ~QU_MASK;
    var name = exports2.name = {};
    name.encode = function(str, buf, offset, { mail = false } = {}) {
      if (!buf) buf = Buffer2.alloc(name.encodingLength(str));
      if (!offset) offset = 0;
      const oldOffset = offset;
      const n = str.replace(/^\.|\.$/gm, "");
      if (n.length) {
        let list = [];
        if (mail) {
          let localPart = "";
          n.split(".").forEach((label) => {
            if (label.endsWith("\\")) {
              localPart += (localPart.length ? "." : "") + label.slice(0, -1);
            } else {
              if (list.length === 0 && localPart.length) {
                list.push(localPart + "." + label);
              } else {
                list.push(label);
              }
            }
          });
        } else {
          list = n.split(".");
        }
        for (let i = 0; i < list.length; i++) {
          const len = buf.write(list[i], offset + 1);
          buf[offset] = len;
          offset += len + 1;
        }
      }
      buf[offset++] = 0;
      name.encode.bytes = offset - oldOffset;
      return buf;
    };
    name.encode.bytes = 0;
    name.decode = function(buf, offset, { mail = false } = {}) {
      if (!offset) offset = 0;
      const list = [];
      let oldOffset = offset;
      let totalLength = 0;
      let consumedBytes = 0;
      let jumped = false;
      while (true) {
        if (offset >= buf.length) {
          throw new Error("Cannot decode name (buffer overflow)");
        }
        const len = buf[offset++];
        consumedBytes += jumped ? 0 : 1;
        if (len === 0) {
          break;
        } else if ((len & 192) === 0) {
          if (offset + len > buf.length) {
            throw new Error("Cannot decode name (buffer overflow)");
          }
          totalLength += len + 1;
          if (totalLength > 254) {
            throw new Error("Cannot decode name (name too long)");
          }
          let label = buf.toString("utf-8", offset, offset + len);
          if (mail) {
            label = label.replace(/\./g, "\\.");
          }
          list.push(label);
          offset += len;
          consumedBytes += jumped ? 0 : len;
        } else if ((len & 192) === 192) {
          if (offset + 1 > buf.length) {
            throw new Error("Cannot decode name (buffer overflow)");
          }
          const jumpOffset = buf.readUInt16BE(offset - 1) - 49152;
          if (jumpOffset >= oldOffset) {
            throw new Error("Cannot decode name (bad pointer)");
          }
          offset = jumpOffset;
          oldOffset = jumpOffset;
          consumedBytes += jumped ? 0 : 1;
          jumped = true;
        } else {
          throw new Error("Cannot decode name (bad label)");
        }
      }
      name.decode.bytes = consumedBytes;
      return list.length === 0 ? "." : list.join(".");
    };
    name.decode.bytes = 0;
    name.encodingLength = function(n) {
      if (n === "." || n === "..") return 1;
      return Buffer2.byteLength(n.replace(/^\.|\.$/gm, "")) + 2;
    };
    var string2 = {};
    string2.encode = function(s, buf, offset) {
      if (!buf) buf = Buffer2.alloc(string2.encodingLength(s));
      if (!offset) offset = 0;
      const len = buf.write(s, offset + 1);
      buf[offset] = len;
      string2.encode.bytes = len + 1;
      return buf;
    };
    string2.encode.bytes = 0;
    string2.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const len = buf[offset];
      const s = buf.toString("utf-8", offset + 1, offset + 1 + len);
      string2.decode.bytes = len + 1;
      return s;
    };
    string2.decode.bytes = 0;
    string2.encodingLength = function(s) {
      return Buffer2.byteLength(s) + 1;
    };
    var header = {};
    header.encode = function(h, buf, offset) {
      if (!buf) buf = header.encodingLength(h);
      if (!offset) offset = 0;
      const flags = (h.flags || 0) & 32767;
      const type = h.type === "response" ? RESPONSE_FLAG : QUERY_FLAG;
      buf.writeUInt16BE(h.id || 0, offset);
      buf.writeUInt16BE(flags | type, offset + 2);
      buf.writeUInt16BE(h.questions.length, offset + 4);
      buf.writeUInt16BE(h.answers.length, offset + 6);
      buf.writeUInt16BE(h.authorities.length, offset + 8);
      buf.writeUInt16BE(h.additionals.length, offset + 10);
      return buf;
    };
    header.encode.bytes = 12;
    header.decode = function(buf, offset) {
      if (!offset) offset = 0;
      if (buf.length < 12) throw new Error("Header must be 12 bytes");
      const flags = buf.readUInt16BE(offset + 2);
      return {
        id: buf.readUInt16BE(offset),
        type: flags & RESPONSE_FLAG ? "response" : "query",
        flags: flags & 32767,
        flag_qr: (flags >> 15 & 1) === 1,
        opcode: opcodes.toString(flags >> 11 & 15),
        flag_aa: (flags >> 10 & 1) === 1,
        flag_tc: (flags >> 9 & 1) === 1,
        flag_rd: (flags >> 8 & 1) === 1,
        flag_ra: (flags >> 7 & 1) === 1,
        flag_z: (flags >> 6 & 1) === 1,
        flag_ad: (flags >> 5 & 1) === 1,
        flag_cd: (flags >> 4 & 1) === 1,
        rcode: rcodes.toString(flags & 15),
        questions: new Array(buf.readUInt16BE(offset + 4)),
        answers: new Array(buf.readUInt16BE(offset + 6)),
        authorities: new Array(buf.readUInt16BE(offset + 8)),
        additionals: new Array(buf.readUInt16BE(offset + 10))
      };
    };
    header.decode.bytes = 12;
    header.encodingLength = function() {
      return 12;
    };
    var runknown = exports2.unknown = {};
    runknown.encode = function(data, buf, offset) {
      if (!buf) buf = Buffer2.alloc(runknown.encodingLength(data));
      if (!offset) offset = 0;
      buf.writeUInt16BE(data.length, offset);
      data.copy(buf, offset + 2);
      runknown.encode.bytes = data.length + 2;
      return buf;
    };
    runknown.encode.bytes = 0;
    runknown.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const len = buf.readUInt16BE(offset);
      const data = buf.slice(offset + 2, offset + 2 + len);
      runknown.decode.bytes = len + 2;
      return data;
    };
    runknown.decode.bytes = 0;
    runknown.encodingLength = function(data) {
      return data.length + 2;
    };
    var rns = exports2.ns = {};
    rns.encode = function(data, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rns.encodingLength(data));
      if (!offset) offset = 0;
      name.encode(data, buf, offset + 2);
      buf.writeUInt16BE(name.encode.bytes, offset);
      rns.encode.bytes = name.encode.bytes + 2;
      return buf;
    };
    rns.encode.bytes = 0;
    rns.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const len = buf.readUInt16BE(offset);
      const dd = name.decode(buf, offset + 2);
      rns.decode.bytes = len + 2;
      return dd;
    };
    rns.decode.bytes = 0;
    rns.encodingLength = function(data) {
      return name.encodingLength(data) + 2;
    };
    var rsoa = exports2.soa = {};
    rsoa.encode = function(data, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rsoa.encodingLength(data));
      if (!offset) offset = 0;
      const oldOffset = offset;
      offset += 2;
      name.encode(data.mname, buf, offset);
      offset += name.encode.bytes;
      name.encode(data.rname, buf, offset, { mail: true });
      offset += name.encode.bytes;
      buf.writeUInt32BE(data.serial || 0, offset);
      offset += 4;
      buf.writeUInt32BE(data.refresh || 0, offset);
      offset += 4;
      buf.writeUInt32BE(data.retry || 0, offset);
      offset += 4;
      buf.writeUInt32BE(data.expire || 0, offset);
      offset += 4;
      buf.writeUInt32BE(data.minimum || 0, offset);
      offset += 4;
      buf.writeUInt16BE(offset - oldOffset - 2, oldOffset);
      rsoa.encode.bytes = offset - oldOffset;
      return buf;
    };
    rsoa.encode.bytes = 0;
    rsoa.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const data = {};
      offset += 2;
      data.mname = name.decode(buf, offset);
      offset += name.decode.bytes;
      data.rname = name.decode(buf, offset, { mail: true });
      offset += name.decode.bytes;
      data.serial = buf.readUInt32BE(offset);
      offset += 4;
      data.refresh = buf.readUInt32BE(offset);
      offset += 4;
      data.retry = buf.readUInt32BE(offset);
      offset += 4;
      data.expire = buf.readUInt32BE(offset);
      offset += 4;
      data.minimum = buf.readUInt32BE(offset);
      offset += 4;
      rsoa.decode.bytes = offset - oldOffset;
      return data;
    };
    rsoa.decode.bytes = 0;
    rsoa.encodingLength = function(data) {
      return 22 + name.encodingLength(data.mname) + name.encodingLength(data.rname);
    };
    var rtxt = exports2.txt = {};
    rtxt.encode = function(data, buf, offset) {
      if (!Array.isArray(data)) data = [data];
      for (let i = 0; i < data.length; i++) {
        if (typeof data[i] === "string") {
          data[i] = Buffer2.from(data[i]);
        }
        if (!Buffer2.isBuffer(data[i])) {
          throw new Error("Must be a Buffer");
        }
      }
      if (!buf) buf = Buffer2.alloc(rtxt.encodingLength(data));
      if (!offset) offset = 0;
      const oldOffset = offset;
      offset += 2;
      data.forEach(function(d) {
        buf[offset++] = d.length;
        d.copy(buf, offset, 0, d.length);
        offset += d.length;
      });
      buf.writeUInt16BE(offset - oldOffset - 2, oldOffset);
      rtxt.encode.bytes = offset - oldOffset;
      return buf;
    };
    rtxt.encode.bytes = 0;
    rtxt.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      let remaining = buf.readUInt16BE(offset);
      offset += 2;
      let data = [];
      while (remaining > 0) {
        const len = buf[offset++];
        --remaining;
        if (remaining < len) {
          throw new Error("Buffer overflow");
        }
        data.push(buf.slice(offset, offset + len));
        offset += len;
        remaining -= len;
      }
      rtxt.decode.bytes = offset - oldOffset;
      return data;
    };
    rtxt.decode.bytes = 0;
    rtxt.encodingLength = function(data) {
      if (!Array.isArray(data)) data = [data];
      let length = 2;
      data.forEach(function(buf) {
        if (typeof buf === "string") {
          length += Buffer2.byteLength(buf) + 1;
        } else {
          length += buf.length + 1;
        }
      });
      return length;
    };
    var rnull = exports2.null = {};
    rnull.encode = function(data, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rnull.encodingLength(data));
      if (!offset) offset = 0;
      if (typeof data === "string") data = Buffer2.from(data);
      if (!data) data = Buffer2.alloc(0);
      const oldOffset = offset;
      offset += 2;
      const len = data.length;
      data.copy(buf, offset, 0, len);
      offset += len;
      buf.writeUInt16BE(offset - oldOffset - 2, oldOffset);
      rnull.encode.bytes = offset - oldOffset;
      return buf;
    };
    rnull.encode.bytes = 0;
    rnull.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const len = buf.readUInt16BE(offset);
      offset += 2;
      const data = buf.slice(offset, offset + len);
      offset += len;
      rnull.decode.bytes = offset - oldOffset;
      return data;
    };
    rnull.decode.bytes = 0;
    rnull.encodingLength = function(data) {
      if (!data) return 2;
      return (Buffer2.isBuffer(data) ? data.length : Buffer2.byteLength(data)) + 2;
    };
    var rhinfo = exports2.hinfo = {};
    rhinfo.encode = function(data, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rhinfo.encodingLength(data));
      if (!offset) offset = 0;
      const oldOffset = offset;
      offset += 2;
      string2.encode(data.cpu, buf, offset);
      offset += string2.encode.bytes;
      string2.encode(data.os, buf, offset);
      offset += string2.encode.bytes;
      buf.writeUInt16BE(offset - oldOffset - 2, oldOffset);
      rhinfo.encode.bytes = offset - oldOffset;
      return buf;
    };
    rhinfo.encode.bytes = 0;
    rhinfo.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const data = {};
      offset += 2;
      data.cpu = string2.decode(buf, offset);
      offset += string2.decode.bytes;
      data.os = string2.decode(buf, offset);
      offset += string2.decode.bytes;
      rhinfo.decode.bytes = offset - oldOffset;
      return data;
    };
    rhinfo.decode.bytes = 0;
    rhinfo.encodingLength = function(data) {
      return string2.encodingLength(data.cpu) + string2.encodingLength(data.os) + 2;
    };
    var rptr = exports2.ptr = {};
    var rcname = exports2.cname = rptr;
    var rdname = exports2.dname = rptr;
    rptr.encode = function(data, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rptr.encodingLength(data));
      if (!offset) offset = 0;
      name.encode(data, buf, offset + 2);
      buf.writeUInt16BE(name.encode.bytes, offset);
      rptr.encode.bytes = name.encode.bytes + 2;
      return buf;
    };
    rptr.encode.bytes = 0;
    rptr.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const data = name.decode(buf, offset + 2);
      rptr.decode.bytes = name.decode.bytes + 2;
      return data;
    };
    rptr.decode.bytes = 0;
    rptr.encodingLength = function(data) {
      return name.encodingLength(data) + 2;
    };
    var rsrv = exports2.srv = {};
    rsrv.encode = function(data, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rsrv.encodingLength(data));
      if (!offset) offset = 0;
      buf.writeUInt16BE(data.priority || 0, offset + 2);
      buf.writeUInt16BE(data.weight || 0, offset + 4);
      buf.writeUInt16BE(data.port || 0, offset + 6);
      name.encode(data.target, buf, offset + 8);
      const len = name.encode.bytes + 6;
      buf.writeUInt16BE(len, offset);
      rsrv.encode.bytes = len + 2;
      return buf;
    };
    rsrv.encode.bytes = 0;
    rsrv.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const len = buf.readUInt16BE(offset);
      const data = {};
      data.priority = buf.readUInt16BE(offset + 2);
      data.weight = buf.readUInt16BE(offset + 4);
      data.port = buf.readUInt16BE(offset + 6);
      data.target = name.decode(buf, offset + 8);
      rsrv.decode.bytes = len + 2;
      return data;
    };
    rsrv.decode.bytes = 0;
    rsrv.encodingLength = function(data) {
      return 8 + name.encodingLength(data.target);
    };
    var rcaa = exports2.caa = {};
    rcaa.ISSUER_CRITICAL = 1 << 7;
    rcaa.encode = function(data, buf, offset) {
      const len = rcaa.encodingLength(data);
      if (!buf) buf = Buffer2.alloc(rcaa.encodingLength(data));
      if (!offset) offset = 0;
      if (data.issuerCritical) {
        data.flags = rcaa.ISSUER_CRITICAL;
      }
      buf.writeUInt16BE(len - 2, offset);
      offset += 2;
      buf.writeUInt8(data.flags || 0, offset);
      offset += 1;
      string2.encode(data.tag, buf, offset);
      offset += string2.encode.bytes;
      buf.write(data.value, offset);
      offset += Buffer2.byteLength(data.value);
      rcaa.encode.bytes = len;
      return buf;
    };
    rcaa.encode.bytes = 0;
    rcaa.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const len = buf.readUInt16BE(offset);
      offset += 2;
      const oldOffset = offset;
      const data = {};
      data.flags = buf.readUInt8(offset);
      offset += 1;
      data.tag = string2.decode(buf, offset);
      offset += string2.decode.bytes;
      data.value = buf.toString("utf-8", offset, oldOffset + len);
      data.issuerCritical = !!(data.flags & rcaa.ISSUER_CRITICAL);
      rcaa.decode.bytes = len + 2;
      return data;
    };
    rcaa.decode.bytes = 0;
    rcaa.encodingLength = function(data) {
      return string2.encodingLength(data.tag) + string2.encodingLength(data.value) + 2;
    };
    var rmx = exports2.mx = {};
    rmx.encode = function(data, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rmx.encodingLength(data));
      if (!offset) offset = 0;
      const oldOffset = offset;
      offset += 2;
      buf.writeUInt16BE(data.preference || 0, offset);
      offset += 2;
      name.encode(data.exchange, buf, offset);
      offset += name.encode.bytes;
      buf.writeUInt16BE(offset - oldOffset - 2, oldOffset);
      rmx.encode.bytes = offset - oldOffset;
      return buf;
    };
    rmx.encode.bytes = 0;
    rmx.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const data = {};
      offset += 2;
      data.preference = buf.readUInt16BE(offset);
      offset += 2;
      data.exchange = name.decode(buf, offset);
      offset += name.decode.bytes;
      rmx.decode.bytes = offset - oldOffset;
      return data;
    };
    rmx.encodingLength = function(data) {
      return 4 + name.encodingLength(data.exchange);
    };
    var ra = exports2.a = {};
    ra.encode = function(host, buf, offset) {
      if (!buf) buf = Buffer2.alloc(ra.encodingLength(host));
      if (!offset) offset = 0;
      buf.writeUInt16BE(4, offset);
      offset += 2;
      ip.v4.encode(host, buf, offset);
      ra.encode.bytes = 6;
      return buf;
    };
    ra.encode.bytes = 0;
    ra.decode = function(buf, offset) {
      if (!offset) offset = 0;
      offset += 2;
      const host = ip.v4.decode(buf, offset);
      ra.decode.bytes = 6;
      return host;
    };
    ra.decode.bytes = 0;
    ra.encodingLength = function() {
      return 6;
    };
    var raaaa = exports2.aaaa = {};
    raaaa.encode = function(host, buf, offset) {
      if (!buf) buf = Buffer2.alloc(raaaa.encodingLength(host));
      if (!offset) offset = 0;
      buf.writeUInt16BE(16, offset);
      offset += 2;
      ip.v6.encode(host, buf, offset);
      raaaa.encode.bytes = 18;
      return buf;
    };
    raaaa.encode.bytes = 0;
    raaaa.decode = function(buf, offset) {
      if (!offset) offset = 0;
      offset += 2;
      const host = ip.v6.decode(buf, offset);
      raaaa.decode.bytes = 18;
      return host;
    };
    raaaa.decode.bytes = 0;
    raaaa.encodingLength = function() {
      return 18;
    };
    var roption = exports2.option = {};
    roption.encode = function(option, buf, offset) {
      if (!buf) buf = Buffer2.alloc(roption.encodingLength(option));
      if (!offset) offset = 0;
      const oldOffset = offset;
      const code = optioncodes.toCode(option.code);
      buf.writeUInt16BE(code, offset);
      offset += 2;
      if (option.data) {
        buf.writeUInt16BE(option.data.length, offset);
        offset += 2;
        option.data.copy(buf, offset);
        offset += option.data.length;
      } else {
        switch (code) {
          // case 3: NSID.  No encode makes sense.
          // case 5,6,7: Not implementable
          case 8:
            const spl = option.sourcePrefixLength || 0;
            const fam = option.family || ip.familyOf(option.ip);
            const ipBuf = ip.encode(option.ip, Buffer2.alloc);
            const ipLen = Math.ceil(spl / 8);
            buf.writeUInt16BE(ipLen + 4, offset);
            offset += 2;
            buf.writeUInt16BE(fam, offset);
            offset += 2;
            buf.writeUInt8(spl, offset++);
            buf.writeUInt8(option.scopePrefixLength || 0, offset++);
            ipBuf.copy(buf, offset, 0, ipLen);
            offset += ipLen;
            break;
          // case 9: EXPIRE (experimental)
          // case 10: COOKIE.  No encode makes sense.
          case 11:
            if (option.timeout) {
              buf.writeUInt16BE(2, offset);
              offset += 2;
              buf.writeUInt16BE(option.timeout, offset);
              offset += 2;
            } else {
              buf.writeUInt16BE(0, offset);
              offset += 2;
            }
            break;
          case 12:
            const len = option.length || 0;
            buf.writeUInt16BE(len, offset);
            offset += 2;
            buf.fill(0, offset, offset + len);
            offset += len;
            break;
          // case 13:  CHAIN.  Experimental.
          case 14:
            const tagsLen = option.tags.length * 2;
            buf.writeUInt16BE(tagsLen, offset);
            offset += 2;
            for (const tag of option.tags) {
              buf.writeUInt16BE(tag, offset);
              offset += 2;
            }
            break;
          default:
            throw new Error(`Unknown roption code: ${option.code}`);
        }
      }
      roption.encode.bytes = offset - oldOffset;
      return buf;
    };
    roption.encode.bytes = 0;
    roption.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const option = {};
      option.code = buf.readUInt16BE(offset);
      option.type = optioncodes.toString(option.code);
      offset += 2;
      const len = buf.readUInt16BE(offset);
      offset += 2;
      option.data = buf.slice(offset, offset + len);
      switch (option.code) {
        // case 3: NSID.  No decode makes sense.
        case 8:
          option.family = buf.readUInt16BE(offset);
          offset += 2;
          option.sourcePrefixLength = buf.readUInt8(offset++);
          option.scopePrefixLength = buf.readUInt8(offset++);
          const padded = Buffer2.alloc(option.family === 1 ? 4 : 16);
          buf.copy(padded, 0, offset, offset + len - 4);
          option.ip = ip.decode(padded);
          break;
        // case 12: Padding.  No decode makes sense.
        case 11:
          if (len > 0) {
            option.timeout = buf.readUInt16BE(offset);
            offset += 2;
          }
          break;
        case 14:
          option.tags = [];
          for (let i = 0; i < len; i += 2) {
            option.tags.push(buf.readUInt16BE(offset));
            offset += 2;
          }
      }
      roption.decode.bytes = len + 4;
      return option;
    };
    roption.decode.bytes = 0;
    roption.encodingLength = function(option) {
      if (option.data) {
        return option.data.length + 4;
      }
      const code = optioncodes.toCode(option.code);
      switch (code) {
        case 8:
          const spl = option.sourcePrefixLength || 0;
          return Math.ceil(spl / 8) + 8;
        case 11:
          return typeof option.timeout === "number" ? 6 : 4;
        case 12:
          return option.length + 4;
        case 14:
          return 4 + option.tags.length * 2;
      }
      throw new Error(`Unknown roption code: ${option.code}`);
    };
    var ropt = exports2.opt = {};
    ropt.encode = function(options, buf, offset) {
      if (!buf) buf = Buffer2.alloc(ropt.encodingLength(options));
      if (!offset) offset = 0;
      const oldOffset = offset;
      const rdlen = encodingLengthList(options, roption);
      buf.writeUInt16BE(rdlen, offset);
      offset = encodeList(options, roption, buf, offset + 2);
      ropt.encode.bytes = offset - oldOffset;
      return buf;
    };
    ropt.encode.bytes = 0;
    ropt.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const options = [];
      let rdlen = buf.readUInt16BE(offset);
      offset += 2;
      let o = 0;
      while (rdlen > 0) {
        options[o++] = roption.decode(buf, offset);
        offset += roption.decode.bytes;
        rdlen -= roption.decode.bytes;
      }
      ropt.decode.bytes = offset - oldOffset;
      return options;
    };
    ropt.decode.bytes = 0;
    ropt.encodingLength = function(options) {
      return 2 + encodingLengthList(options || [], roption);
    };
    var rdnskey = exports2.dnskey = {};
    rdnskey.PROTOCOL_DNSSEC = 3;
    rdnskey.ZONE_KEY = 128;
    rdnskey.SECURE_ENTRYPOINT = 32768;
    rdnskey.encode = function(key, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rdnskey.encodingLength(key));
      if (!offset) offset = 0;
      const oldOffset = offset;
      const keydata = key.key;
      if (!Buffer2.isBuffer(keydata)) {
        throw new Error("Key must be a Buffer");
      }
      offset += 2;
      buf.writeUInt16BE(key.flags, offset);
      offset += 2;
      buf.writeUInt8(rdnskey.PROTOCOL_DNSSEC, offset);
      offset += 1;
      buf.writeUInt8(key.algorithm, offset);
      offset += 1;
      keydata.copy(buf, offset, 0, keydata.length);
      offset += keydata.length;
      rdnskey.encode.bytes = offset - oldOffset;
      buf.writeUInt16BE(rdnskey.encode.bytes - 2, oldOffset);
      return buf;
    };
    rdnskey.encode.bytes = 0;
    rdnskey.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      var key = {};
      var length = buf.readUInt16BE(offset);
      offset += 2;
      key.flags = buf.readUInt16BE(offset);
      offset += 2;
      if (buf.readUInt8(offset) !== rdnskey.PROTOCOL_DNSSEC) {
        throw new Error("Protocol must be 3");
      }
      offset += 1;
      key.algorithm = buf.readUInt8(offset);
      offset += 1;
      key.key = buf.slice(offset, oldOffset + length + 2);
      offset += key.key.length;
      rdnskey.decode.bytes = offset - oldOffset;
      return key;
    };
    rdnskey.decode.bytes = 0;
    rdnskey.encodingLength = function(key) {
      return 6 + Buffer2.byteLength(key.key);
    };
    var rrrsig = exports2.rrsig = {};
    rrrsig.encode = function(sig, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rrrsig.encodingLength(sig));
      if (!offset) offset = 0;
      const oldOffset = offset;
      const signature = sig.signature;
      if (!Buffer2.isBuffer(signature)) {
        throw new Error("Signature must be a Buffer");
      }
      offset += 2;
      buf.writeUInt16BE(types.toType(sig.typeCovered), offset);
      offset += 2;
      buf.writeUInt8(sig.algorithm, offset);
      offset += 1;
      buf.writeUInt8(sig.labels, offset);
      offset += 1;
      buf.writeUInt32BE(sig.originalTTL, offset);
      offset += 4;
      buf.writeUInt32BE(sig.expiration, offset);
      offset += 4;
      buf.writeUInt32BE(sig.inception, offset);
      offset += 4;
      buf.writeUInt16BE(sig.keyTag, offset);
      offset += 2;
      name.encode(sig.signersName, buf, offset);
      offset += name.encode.bytes;
      signature.copy(buf, offset, 0, signature.length);
      offset += signature.length;
      rrrsig.encode.bytes = offset - oldOffset;
      buf.writeUInt16BE(rrrsig.encode.bytes - 2, oldOffset);
      return buf;
    };
    rrrsig.encode.bytes = 0;
    rrrsig.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      var sig = {};
      var length = buf.readUInt16BE(offset);
      offset += 2;
      sig.typeCovered = types.toString(buf.readUInt16BE(offset));
      offset += 2;
      sig.algorithm = buf.readUInt8(offset);
      offset += 1;
      sig.labels = buf.readUInt8(offset);
      offset += 1;
      sig.originalTTL = buf.readUInt32BE(offset);
      offset += 4;
      sig.expiration = buf.readUInt32BE(offset);
      offset += 4;
      sig.inception = buf.readUInt32BE(offset);
      offset += 4;
      sig.keyTag = buf.readUInt16BE(offset);
      offset += 2;
      sig.signersName = name.decode(buf, offset);
      offset += name.decode.bytes;
      sig.signature = buf.slice(offset, oldOffset + length + 2);
      offset += sig.signature.length;
      rrrsig.decode.bytes = offset - oldOffset;
      return sig;
    };
    rrrsig.decode.bytes = 0;
    rrrsig.encodingLength = function(sig) {
      return 20 + name.encodingLength(sig.signersName) + Buffer2.byteLength(sig.signature);
    };
    var rrp = exports2.rp = {};
    rrp.encode = function(data, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rrp.encodingLength(data));
      if (!offset) offset = 0;
      const oldOffset = offset;
      offset += 2;
      name.encode(data.mbox || ".", buf, offset, { mail: true });
      offset += name.encode.bytes;
      name.encode(data.txt || ".", buf, offset);
      offset += name.encode.bytes;
      rrp.encode.bytes = offset - oldOffset;
      buf.writeUInt16BE(rrp.encode.bytes - 2, oldOffset);
      return buf;
    };
    rrp.encode.bytes = 0;
    rrp.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const data = {};
      offset += 2;
      data.mbox = name.decode(buf, offset, { mail: true }) || ".";
      offset += name.decode.bytes;
      data.txt = name.decode(buf, offset) || ".";
      offset += name.decode.bytes;
      rrp.decode.bytes = offset - oldOffset;
      return data;
    };
    rrp.decode.bytes = 0;
    rrp.encodingLength = function(data) {
      return 2 + name.encodingLength(data.mbox || ".") + name.encodingLength(data.txt || ".");
    };
    var typebitmap = {};
    typebitmap.encode = function(typelist, buf, offset) {
      if (!buf) buf = Buffer2.alloc(typebitmap.encodingLength(typelist));
      if (!offset) offset = 0;
      const oldOffset = offset;
      var typesByWindow = [];
      for (var i = 0; i < typelist.length; i++) {
        var typeid = types.toType(typelist[i]);
        if (typesByWindow[typeid >> 8] === void 0) {
          typesByWindow[typeid >> 8] = [];
        }
        typesByWindow[typeid >> 8][typeid >> 3 & 31] |= 1 << 7 - (typeid & 7);
      }
      for (i = 0; i < typesByWindow.length; i++) {
        if (typesByWindow[i] !== void 0) {
          var windowBuf = Buffer2.from(typesByWindow[i]);
          buf.writeUInt8(i, offset);
          offset += 1;
          buf.writeUInt8(windowBuf.length, offset);
          offset += 1;
          windowBuf.copy(buf, offset);
          offset += windowBuf.length;
        }
      }
      typebitmap.encode.bytes = offset - oldOffset;
      return buf;
    };
    typebitmap.encode.bytes = 0;
    typebitmap.decode = function(buf, offset, length) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      var typelist = [];
      while (offset - oldOffset < length) {
        var window = buf.readUInt8(offset);
        offset += 1;
        var windowLength = buf.readUInt8(offset);
        offset += 1;
        for (var i = 0; i < windowLength; i++) {
          var b = buf.readUInt8(offset + i);
          for (var j = 0; j < 8; j++) {
            if (b & 1 << 7 - j) {
              var typeid = types.toString(window << 8 | i << 3 | j);
              typelist.push(typeid);
            }
          }
        }
        offset += windowLength;
      }
      typebitmap.decode.bytes = offset - oldOffset;
      return typelist;
    };
    typebitmap.decode.bytes = 0;
    typebitmap.encodingLength = function(typelist) {
      var extents = [];
      for (var i = 0; i < typelist.length; i++) {
        var typeid = types.toType(typelist[i]);
        extents[typeid >> 8] = Math.max(extents[typeid >> 8] || 0, typeid & 255);
      }
      var len = 0;
      for (i = 0; i < extents.length; i++) {
        if (extents[i] !== void 0) {
          len += 2 + Math.ceil((extents[i] + 1) / 8);
        }
      }
      return len;
    };
    var rnsec = exports2.nsec = {};
    rnsec.encode = function(record, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rnsec.encodingLength(record));
      if (!offset) offset = 0;
      const oldOffset = offset;
      offset += 2;
      name.encode(record.nextDomain, buf, offset);
      offset += name.encode.bytes;
      typebitmap.encode(record.rrtypes, buf, offset);
      offset += typebitmap.encode.bytes;
      rnsec.encode.bytes = offset - oldOffset;
      buf.writeUInt16BE(rnsec.encode.bytes - 2, oldOffset);
      return buf;
    };
    rnsec.encode.bytes = 0;
    rnsec.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      var record = {};
      var length = buf.readUInt16BE(offset);
      offset += 2;
      record.nextDomain = name.decode(buf, offset);
      offset += name.decode.bytes;
      record.rrtypes = typebitmap.decode(buf, offset, length - (offset - oldOffset));
      offset += typebitmap.decode.bytes;
      rnsec.decode.bytes = offset - oldOffset;
      return record;
    };
    rnsec.decode.bytes = 0;
    rnsec.encodingLength = function(record) {
      return 2 + name.encodingLength(record.nextDomain) + typebitmap.encodingLength(record.rrtypes);
    };
    var rnsec3 = exports2.nsec3 = {};
    rnsec3.encode = function(record, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rnsec3.encodingLength(record));
      if (!offset) offset = 0;
      const oldOffset = offset;
      const salt = record.salt;
      if (!Buffer2.isBuffer(salt)) {
        throw new Error("salt must be a Buffer");
      }
      const nextDomain = record.nextDomain;
      if (!Buffer2.isBuffer(nextDomain)) {
        throw new Error("nextDomain must be a Buffer");
      }
      offset += 2;
      buf.writeUInt8(record.algorithm, offset);
      offset += 1;
      buf.writeUInt8(record.flags, offset);
      offset += 1;
      buf.writeUInt16BE(record.iterations, offset);
      offset += 2;
      buf.writeUInt8(salt.length, offset);
      offset += 1;
      salt.copy(buf, offset, 0, salt.length);
      offset += salt.length;
      buf.writeUInt8(nextDomain.length, offset);
      offset += 1;
      nextDomain.copy(buf, offset, 0, nextDomain.length);
      offset += nextDomain.length;
      typebitmap.encode(record.rrtypes, buf, offset);
      offset += typebitmap.encode.bytes;
      rnsec3.encode.bytes = offset - oldOffset;
      buf.writeUInt16BE(rnsec3.encode.bytes - 2, oldOffset);
      return buf;
    };
    rnsec3.encode.bytes = 0;
    rnsec3.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      var record = {};
      var length = buf.readUInt16BE(offset);
      offset += 2;
      record.algorithm = buf.readUInt8(offset);
      offset += 1;
      record.flags = buf.readUInt8(offset);
      offset += 1;
      record.iterations = buf.readUInt16BE(offset);
      offset += 2;
      const saltLength = buf.readUInt8(offset);
      offset += 1;
      record.salt = buf.slice(offset, offset + saltLength);
      offset += saltLength;
      const hashLength = buf.readUInt8(offset);
      offset += 1;
      record.nextDomain = buf.slice(offset, offset + hashLength);
      offset += hashLength;
      record.rrtypes = typebitmap.decode(buf, offset, length - (offset - oldOffset));
      offset += typebitmap.decode.bytes;
      rnsec3.decode.bytes = offset - oldOffset;
      return record;
    };
    rnsec3.decode.bytes = 0;
    rnsec3.encodingLength = function(record) {
      return 8 + record.salt.length + record.nextDomain.length + typebitmap.encodingLength(record.rrtypes);
    };
    var rds = exports2.ds = {};
    rds.encode = function(digest, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rds.encodingLength(digest));
      if (!offset) offset = 0;
      const oldOffset = offset;
      const digestdata = digest.digest;
      if (!Buffer2.isBuffer(digestdata)) {
        throw new Error("Digest must be a Buffer");
      }
      offset += 2;
      buf.writeUInt16BE(digest.keyTag, offset);
      offset += 2;
      buf.writeUInt8(digest.algorithm, offset);
      offset += 1;
      buf.writeUInt8(digest.digestType, offset);
      offset += 1;
      digestdata.copy(buf, offset, 0, digestdata.length);
      offset += digestdata.length;
      rds.encode.bytes = offset - oldOffset;
      buf.writeUInt16BE(rds.encode.bytes - 2, oldOffset);
      return buf;
    };
    rds.encode.bytes = 0;
    rds.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      var digest = {};
      var length = buf.readUInt16BE(offset);
      offset += 2;
      digest.keyTag = buf.readUInt16BE(offset);
      offset += 2;
      digest.algorithm = buf.readUInt8(offset);
      offset += 1;
      digest.digestType = buf.readUInt8(offset);
      offset += 1;
      digest.digest = buf.slice(offset, oldOffset + length + 2);
      offset += digest.digest.length;
      rds.decode.bytes = offset - oldOffset;
      return digest;
    };
    rds.decode.bytes = 0;
    rds.encodingLength = function(digest) {
      return 6 + Buffer2.byteLength(digest.digest);
    };
    var rsshfp = exports2.sshfp = {};
    rsshfp.getFingerprintLengthForHashType = function getFingerprintLengthForHashType(hashType) {
      switch (hashType) {
        case 1:
          return 20;
        case 2:
          return 32;
      }
    };
    rsshfp.encode = function encode(record, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rsshfp.encodingLength(record));
      if (!offset) offset = 0;
      const oldOffset = offset;
      offset += 2;
      buf[offset] = record.algorithm;
      offset += 1;
      buf[offset] = record.hash;
      offset += 1;
      const fingerprintBuf = Buffer2.from(record.fingerprint.toUpperCase(), "hex");
      if (fingerprintBuf.length !== rsshfp.getFingerprintLengthForHashType(record.hash)) {
        throw new Error("Invalid fingerprint length");
      }
      fingerprintBuf.copy(buf, offset);
      offset += fingerprintBuf.byteLength;
      rsshfp.encode.bytes = offset - oldOffset;
      buf.writeUInt16BE(rsshfp.encode.bytes - 2, oldOffset);
      return buf;
    };
    rsshfp.encode.bytes = 0;
    rsshfp.decode = function decode(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const record = {};
      offset += 2;
      record.algorithm = buf[offset];
      offset += 1;
      record.hash = buf[offset];
      offset += 1;
      const fingerprintLength = rsshfp.getFingerprintLengthForHashType(record.hash);
      record.fingerprint = buf.slice(offset, offset + fingerprintLength).toString("hex").toUpperCase();
      offset += fingerprintLength;
      rsshfp.decode.bytes = offset - oldOffset;
      return record;
    };
    rsshfp.decode.bytes = 0;
    rsshfp.encodingLength = function(record) {
      return 4 + Buffer2.from(record.fingerprint, "hex").byteLength;
    };
    var rnaptr = exports2.naptr = {};
    rnaptr.encode = function(data, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rnaptr.encodingLength(data));
      if (!offset) offset = 0;
      const oldOffset = offset;
      offset += 2;
      buf.writeUInt16BE(data.order || 0, offset);
      offset += 2;
      buf.writeUInt16BE(data.preference || 0, offset);
      offset += 2;
      string2.encode(data.flags, buf, offset);
      offset += string2.encode.bytes;
      string2.encode(data.services, buf, offset);
      offset += string2.encode.bytes;
      string2.encode(data.regexp, buf, offset);
      offset += string2.encode.bytes;
      name.encode(data.replacement, buf, offset);
      offset += name.encode.bytes;
      rnaptr.encode.bytes = offset - oldOffset;
      buf.writeUInt16BE(rnaptr.encode.bytes - 2, oldOffset);
      return buf;
    };
    rnaptr.encode.bytes = 0;
    rnaptr.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const data = {};
      offset += 2;
      data.order = buf.readUInt16BE(offset);
      offset += 2;
      data.preference = buf.readUInt16BE(offset);
      offset += 2;
      data.flags = string2.decode(buf, offset);
      offset += string2.decode.bytes;
      data.services = string2.decode(buf, offset);
      offset += string2.decode.bytes;
      data.regexp = string2.decode(buf, offset);
      offset += string2.decode.bytes;
      data.replacement = name.decode(buf, offset);
      offset += name.decode.bytes;
      rnaptr.decode.bytes = offset - oldOffset;
      return data;
    };
    rnaptr.decode.bytes = 0;
    rnaptr.encodingLength = function(data) {
      return string2.encodingLength(data.flags) + string2.encodingLength(data.services) + string2.encodingLength(data.regexp) + name.encodingLength(data.replacement) + 6;
    };
    var rtlsa = exports2.tlsa = {};
    rtlsa.encode = function(cert, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rtlsa.encodingLength(cert));
      if (!offset) offset = 0;
      const oldOffset = offset;
      const certdata = cert.certificate;
      if (!Buffer2.isBuffer(certdata)) {
        throw new Error("Certificate must be a Buffer");
      }
      offset += 2;
      buf.writeUInt8(cert.usage, offset);
      offset += 1;
      buf.writeUInt8(cert.selector, offset);
      offset += 1;
      buf.writeUInt8(cert.matchingType, offset);
      offset += 1;
      certdata.copy(buf, offset, 0, certdata.length);
      offset += certdata.length;
      rtlsa.encode.bytes = offset - oldOffset;
      buf.writeUInt16BE(rtlsa.encode.bytes - 2, oldOffset);
      return buf;
    };
    rtlsa.encode.bytes = 0;
    rtlsa.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const cert = {};
      const length = buf.readUInt16BE(offset);
      offset += 2;
      cert.usage = buf.readUInt8(offset);
      offset += 1;
      cert.selector = buf.readUInt8(offset);
      offset += 1;
      cert.matchingType = buf.readUInt8(offset);
      offset += 1;
      cert.certificate = buf.slice(offset, oldOffset + length + 2);
      offset += cert.certificate.length;
      rtlsa.decode.bytes = offset - oldOffset;
      return cert;
    };
    rtlsa.decode.bytes = 0;
    rtlsa.encodingLength = function(cert) {
      return 5 + Buffer2.byteLength(cert.certificate);
    };
    var renc = exports2.record = function(type) {
      switch (type.toUpperCase()) {
        case "A":
          return ra;
        case "PTR":
          return rptr;
        case "CNAME":
          return rcname;
        case "DNAME":
          return rdname;
        case "TXT":
          return rtxt;
        case "NULL":
          return rnull;
        case "AAAA":
          return raaaa;
        case "SRV":
          return rsrv;
        case "HINFO":
          return rhinfo;
        case "CAA":
          return rcaa;
        case "NS":
          return rns;
        case "SOA":
          return rsoa;
        case "MX":
          return rmx;
        case "OPT":
          return ropt;
        case "DNSKEY":
          return rdnskey;
        case "RRSIG":
          return rrrsig;
        case "RP":
          return rrp;
        case "NSEC":
          return rnsec;
        case "NSEC3":
          return rnsec3;
        case "SSHFP":
          return rsshfp;
        case "DS":
          return rds;
        case "NAPTR":
          return rnaptr;
        case "TLSA":
          return rtlsa;
      }
      return runknown;
    };
    var answer = exports2.answer = {};
    answer.encode = function(a, buf, offset) {
      if (!buf) buf = Buffer2.alloc(answer.encodingLength(a));
      if (!offset) offset = 0;
      const oldOffset = offset;
      name.encode(a.name, buf, offset);
      offset += name.encode.bytes;
      buf.writeUInt16BE(types.toType(a.type), offset);
      if (a.type.toUpperCase() === "OPT") {
        if (a.name !== ".") {
          throw new Error("OPT name must be root.");
        }
        buf.writeUInt16BE(a.udpPayloadSize || 4096, offset + 2);
        buf.writeUInt8(a.extendedRcode || 0, offset + 4);
        buf.writeUInt8(a.ednsVersion || 0, offset + 5);
        buf.writeUInt16BE(a.flags || 0, offset + 6);
        offset += 8;
        ropt.encode(a.options || [], buf, offset);
        offset += ropt.encode.bytes;
      } else {
        let klass = classes.toClass(a.class === void 0 ? "IN" : a.class);
        if (a.flush) klass |= FLUSH_MASK;
        buf.writeUInt16BE(klass, offset + 2);
        buf.writeUInt32BE(a.ttl || 0, offset + 4);
        offset += 8;
        const enc = renc(a.type);
        enc.encode(a.data, buf, offset);
        offset += enc.encode.bytes;
      }
      answer.encode.bytes = offset - oldOffset;
      return buf;
    };
    answer.encode.bytes = 0;
    answer.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const a = {};
      const oldOffset = offset;
      a.name = name.decode(buf, offset);
      offset += name.decode.bytes;
      a.type = types.toString(buf.readUInt16BE(offset));
      if (a.type === "OPT") {
        a.udpPayloadSize = buf.readUInt16BE(offset + 2);
        a.extendedRcode = buf.readUInt8(offset + 4);
        a.ednsVersion = buf.readUInt8(offset + 5);
        a.flags = buf.readUInt16BE(offset + 6);
        a.flag_do = (a.flags >> 15 & 1) === 1;
        a.options = ropt.decode(buf, offset + 8);
        offset += 8 + ropt.decode.bytes;
      } else {
        const klass = buf.readUInt16BE(offset + 2);
        a.ttl = buf.readUInt32BE(offset + 4);
        a.class = classes.toString(klass & NOT_FLUSH_MASK);
        a.flush = !!(klass & FLUSH_MASK);
        const enc = renc(a.type);
        a.data = enc.decode(buf, offset + 8);
        offset += 8 + enc.decode.bytes;
      }
      answer.decode.bytes = offset - oldOffset;
      return a;
    };
    answer.decode.bytes = 0;
    answer.encodingLength = function(a) {
      const data = a.data !== null && a.data !== void 0 ? a.data : a.options;
      return name.encodingLength(a.name) + 8 + renc(a.type).encodingLength(data);
    };
    var question = exports2.question = {};
    question.encode = function(q, buf, offset) {
      if (!buf) buf = Buffer2.alloc(question.encodingLength(q));
      if (!offset) offset = 0;
      const oldOffset = offset;
      name.encode(q.name, buf, offset);
      offset += name.encode.bytes;
      buf.writeUInt16BE(types.toType(q.type), offset);
      offset += 2;
      buf.writeUInt16BE(classes.toClass(q.class === void 0 ? "IN" : q.class), offset);
      offset += 2;
      question.encode.bytes = offset - oldOffset;
      return q;
    };
    question.encode.bytes = 0;
    question.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const q = {};
      q.name = name.decode(buf, offset);
      offset += name.decode.bytes;
      q.type = types.toString(buf.readUInt16BE(offset));
      offset += 2;
      q.class = classes.toString(buf.readUInt16BE(offset));
      offset += 2;
      const qu = !!(q.class & QU_MASK);
      if (qu) q.class &= NOT_QU_MASK;
      question.decode.bytes = offset - oldOffset;
      return q;
    };
    question.decode.bytes = 0;
    question.encodingLength = function(q) {
      return name.encodingLength(q.name) + 4;
    };
    exports2.AUTHORITATIVE_ANSWER = 1 << 10;
    exports2.TRUNCATED_RESPONSE = 1 << 9;
    exports2.RECURSION_DESIRED = 1 << 8;
    exports2.RECURSION_AVAILABLE = 1 << 7;
    exports2.AUTHENTIC_DATA = 1 << 5;
    exports2.CHECKING_DISABLED = 1 << 4;
    exports2.DNSSEC_OK = 1 << 15;
    exports2.encode = function(result, buf, offset) {
      const allocing = !buf;
      if (allocing) buf = Buffer2.alloc(exports2.encodingLength(result));
      if (!offset) offset = 0;
      const oldOffset = offset;
      if (!result.questions) result.questions = [];
      if (!result.answers) result.answers = [];
      if (!result.authorities) result.authorities = [];
      if (!result.additionals) result.additionals = [];
      header.encode(result, buf, offset);
      offset += header.encode.bytes;
      offset = encodeList(result.questions, question, buf, offset);
      offset = encodeList(result.answers, answer, buf, offset);
      offset = encodeList(result.authorities, answer, buf, offset);
      offset = encodeList(result.additionals, answer, buf, offset);
      exports2.encode.bytes = offset - oldOffset;
      if (allocing && exports2.encode.bytes !== buf.length) {
        return buf.slice(0, exports2.encode.bytes);
      }
      return buf;
    };
    exports2.encode.bytes = 0;
    exports2.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const result = header.decode(buf, offset);
      offset += header.decode.bytes;
      offset = decodeList(result.questions, question, buf, offset);
      offset = decodeList(result.answers, answer, buf, offset);
      offset = decodeList(result.authorities, answer, buf, offset);
      offset = decodeList(result.additionals, answer, buf, offset);
      exports2.decode.bytes = offset - oldOffset;
      return result;
    };
    exports2.decode.bytes = 0;
    exports2.encodingLength = function(result) {
      return header.encodingLength(result) + encodingLengthList(result.questions || [], question) + encodingLengthList(result.answers || [], answer) + encodingLengthList(result.authorities || [], answer) + encodingLengthList(result.additionals || [], answer);
    };
    exports2.streamEncode = function(result) {
      const buf = exports2.encode(result);
      const sbuf = Buffer2.alloc(2);
      sbuf.writeUInt16BE(buf.byteLength);
      const combine = Buffer2.concat([sbuf, buf]);
      exports2.streamEncode.bytes = combine.byteLength;
      return combine;
    };
    exports2.streamEncode.bytes = 0;
    exports2.streamDecode = function(sbuf) {
      const len = sbuf.readUInt16BE(0);
      if (sbuf.byteLength < len + 2) {
        return null;
      }
      const result = exports2.decode(sbuf.slice(2));
      exports2.streamDecode.bytes = exports2.decode.bytes;
      return result;
    };
    exports2.streamDecode.bytes = 0;
    function encodingLengthList(list, enc) {
      let len = 0;
      for (let i = 0; i < list.length; i++) len += enc.encodingLength(list[i]);
      return len;
    }
    function encodeList(list, enc, buf, offset) {
      for (let i = 0; i < list.length; i++) {
        enc.encode(list[i], buf, offset);
        offset += enc.encode.bytes;
      }
      return offset;
    }
    function decodeList(list, enc, buf, offset) {
      for (let i = 0; i < list.length; i++) {
        list[i] = enc.decode(buf, offset);
        offset += enc.decode.bytes;
      }
      return offset;
    }
  }
});
// src/fs/atomic-file.ts
async function readFileIfExists(path) {
  try {
    return await (0, import_promises.readFile)(path, "utf8");
  } catch (error2) {
    if (error2.code === "ENOENT") return void 0;
    throw error2;
  }
}
var UnsafeFolderError = class extends Error {
  constructor(path, problem) {
    super(`${path} ${problem}`);
    this.path = path;
    this.problem = problem;
  }
  path;
  problem;
};
var STICKY_BIT = 512;
var FIX_LINK = "certwright never writes keys through a link: name the real folder, or remove the link";
function secureExistingFolder(dir) {
  const info2 = (0, import_node_fs.lstatSync)(dir);
  if (info2.isSymbolicLink()) throw new UnsafeFolderError(dir, `is a symbolic link; ${FIX_LINK}`);
  if (!info2.isDirectory()) throw Object.assign(new Error(`${dir} is not a folder`), { code: "ENOTDIR", path: dir });
  const uid = process.getuid?.();
  if (uid !== void 0 && info2.uid !== uid) {
    throw new UnsafeFolderError(
      dir,
      `is owned by another user (uid ${info2.uid}), who could read or replace the keys; use a folder of this user (uid ${uid}), or chown it`
    );
  }
  if (info2.mode & 2)
    throw new UnsafeFolderError(
      dir,
      "is writable by every user, who could plant links in it; use a private folder, or chmod 700 it"
    );
  const parent = (0, import_node_fs.statSync)((0, import_node_path.dirname)(dir));
  if (parent.mode & 2 && !(parent.mode & STICKY_BIT)) {
    throw new UnsafeFolderError(
      dir,
      `lies in ${(0, import_node_path.dirname)(dir)}, which every user may write without the sticky bit, so anyone could swap it for a link; use another folder, or chmod o-w it`
    );
  }
  if (info2.mode & 63) (0, import_node_fs.chmodSync)(dir, 448);
}
function privateAsIs(dir) {
  try {
    const info2 = (0, import_node_fs.lstatSync)(dir);
    if (!info2.isDirectory() || info2.mode & 63 || info2.uid !== process.getuid?.()) return false;
    const parent = (0, import_node_fs.statSync)((0, import_node_path.dirname)(dir));
    return !(parent.mode & 2) || (parent.mode & STICKY_BIT) !== 0;
  } catch {
    return false;
  }
}
function makeFolder(dir, options) {
  return settled(() => makeFolderNow(dir, options));
}
function settled(run2) {
  return new Promise((resolve) => resolve(run2()));
}
function makeFolderNow(dir, options) {
  if (!options.private) return (0, import_node_fs.mkdirSync)(dir, { recursive: true });
  if (privateAsIs(dir)) return void 0;
  let existing;
  try {
    existing = (0, import_node_fs.lstatSync)(dir);
  } catch (error2) {
    if (error2.code !== "ENOENT") throw error2;
  }
  if (existing?.isSymbolicLink()) throw new UnsafeFolderError(dir, `is a symbolic link; ${FIX_LINK}`);
  const first = (0, import_node_fs.mkdirSync)(dir, { recursive: true, mode: 448 });
  if (first !== void 0) {
    let path = first;
    (0, import_node_fs.chmodSync)(path, 448);
    for (const part of (0, import_node_path.relative)(first, dir).split(import_node_path.sep).filter(Boolean)) (0, import_node_fs.chmodSync)(path = (0, import_node_path.join)(path, part), 448);
  }
  secureExistingFolder(dir);
  return first;
}
function removeCreatedFolders(dir, first) {
  if (first === void 0) return;
  for (let path = dir; ; path = (0, import_node_path.dirname)(path)) {
    try {
      (0, import_node_fs.rmdirSync)(path);
    } catch {
      return;
    }
    if (path === first || (0, import_node_path.dirname)(path) === path) return;
  }
}
function createNew(path, mode) {
  return (0, import_node_fs.openSync)(path, import_node_fs.constants.O_WRONLY | import_node_fs.constants.O_CREAT | import_node_fs.constants.O_EXCL | import_node_fs.constants.O_NOFOLLOW, mode);
}
async function writeFileAtomic(path, content, mode, options = {}) {
  await (await stageFile(path, content, mode, options)).commit();
}
var fsyncOnPool = (0, import_node_util.promisify)(import_node_fs.fsync);
async function stageFile(path, content, mode, options = {}) {
  makeFolderNow((0, import_node_path.dirname)(path), { private: (mode & 63) === 0 });
  const temp = `${path}.${(0, import_node_crypto3.randomBytes)(6).toString("hex")}.tmp`;
  const abandon = () => (0, import_promises.rm)(temp, { force: true });
  const fd = createNew(temp, mode);
  try {
    try {
      (0, import_node_fs.writeFileSync)(fd, content);
      (0, import_node_fs.fchmodSync)(fd, mode);
      if (options.sync !== false) await fsyncOnPool(fd);
    } finally {
      (0, import_node_fs.closeSync)(fd);
    }
  } catch (error2) {
    await abandon();
    throw error2;
  }
  return {
    commit: async () => {
      try {
        (0, import_node_fs.renameSync)(temp, path);
      } catch (error2) {
        await abandon();
        throw error2;
      }
    },
    abandon
  };
}
function folderProblem(dir, options) {
  return settled(() => folderProblemNow(dir, options));
}
function folderProblemNow(dir, options) {
  let created;
  try {
    created = makeFolderNow(dir, options);
    const probe = (0, import_node_path.join)(dir, `.certwright-probe-${(0, import_node_crypto3.randomBytes)(6).toString("hex")}`);
    (0, import_node_fs.closeSync)(createNew(probe, 384));
    (0, import_node_fs.unlinkSync)(probe);
    return void 0;
  } catch (error2) {
    return problemSentence(dir, error2);
  } finally {
    removeCreatedFolders(dir, created);
  }
}
function problemSentence(dir, error2) {
  if (error2 instanceof UnsafeFolderError)
    return error2.path === dir ? error2.problem : `cannot be used: ${error2.message}`;
  const { code, path } = error2;
  const where = path && path !== dir && !path.includes(".certwright-probe-") ? ` (${path})` : "";
  switch (code) {
    case "EACCES":
    case "EPERM":
      return `is not writable by this user${where}; choose a folder it may write, or change the folder's owner or mode`;
    case "ENOTDIR":
    case "EEXIST":
      return `is a file, or lies under one${where}, not a folder; choose a folder`;
    case "EROFS":
      return `is on a read-only file system${where}; choose a writable folder`;
    case "ENOSPC":
      return `is on a full disk${where}; free some space`;
    default:
      return `cannot be written: ${error2.message}`;
  }
}
// src/store/store.ts
function unavailableStore(kind, forms, why) {
  return {
    kind,
    forms,
    configure(target) {
      throw new Error(`store: ${kind}:${target} ${why}`);
    }
  };
}
function parseStoreSpec(text2, values, kinds) {
  const all = kinds.flatMap((k) => k.forms);
  const forms = all.length > 1 ? `${all.slice(0, -1).join(", ")} or ${all.at(-1)}` : all[0] ?? "";
  if (!text2) throw new Error(`store: missing; expected ${forms}`);
  const colon = text2.indexOf(":");
  const kind = kinds.find((k) => colon > 0 && k.kind === text2.slice(0, colon));
  const target = text2.slice(colon + 1);
  if (!kind || target === "") throw new Error(`store: "${text2}" is not a store; expected ${forms}`);
  const spec = kind.configure(target, values);
  return parseStateReset(values) ? startingOverSpec(spec) : spec;
}
function parseStateReset(values) {
  return booleanOption(
    values,
    "state-reset",
    false,
    "true (start over with an empty state, replacing the stored one) or false"
  );
}
function startingOverSpec(spec) {
  return {
    ...spec,
    open: async (context) => {
      const store = await spec.open(context);
      context.logger.warn(
        `state-reset: starting over with an empty state; this run's first write replaces what the ${store.description} holds`
      );
      return startingOver(store);
    }
  };
}
function startingOver(inner) {
  let written = false;
  return {
    description: inner.description,
    ...inner.maxBytes !== void 0 ? { maxBytes: inner.maxBytes } : {},
    load: async () => written ? inner.load() : void 0,
    save: async (encrypted) => {
      await inner.save(encrypted);
      written = true;
    },
    ...inner.close ? { close: inner.close.bind(inner) } : {},
    ...inner.lock ? { lock: inner.lock.bind(inner) } : {},
    ...inner.preflight ? { preflight: inner.preflight.bind(inner) } : {}
  };
}
// src/store/artifact/metadata.ts
var metadata7 = {
  kind: "artifact",
  description: "A workflow artifact of this repository, written once per run (Action only)",
  forms: ["artifact:NAME"],
  rank: 3,
  concurrentWrites: "Last upload wins: an artifact never changes once uploaded and each run uploads its own at the end of its step, so a later run loads the newest and an earlier run's changes are lost unless every writer shares one `concurrency:` group.",
  testedAgainst: "The store contract suite and the store's own tests against a local artifact service at the `@actions/artifact` boundary (`src/testing/artifact-service.ts`) and the local GitHub REST API (artifact listing, runs, branches).",
  options: [
    GITHUB_TOKEN,
    {
      name: "artifact-retention-days",
      kind: "integer",
      description: "With an artifact store: days the state artifact is kept (1-90). An artifact past half of it is uploaded again.",
      default: "90",
      file: refusedAsStoreSetting("artifact-retention-days")
    },
    {
      name: "artifact-branch",
      description: "With an artifact store: the branch whose runs of this workflow may have written the state. Default: the default branch. Artifacts of forks, pull requests, other workflows and tags named like the branch are never used (a run that was not scheduled must have its commit on the branch, which takes contents: read).",
      file: refusedAsStoreSetting("artifact-branch")
    },
    GITHUB_REPOSITORY,
    GITHUB_API_URL
  ]
};
// src/store/artifact/index.ts
var UNUSABLE_BRANCH = /[\x00-\x20\x7f~^:?*[\\]|\.\.|@\{|\/\/|^[-/]|\/$|\.$|\.lock(\/|$)|(^|\/)\./;
function parseArtifactBranch(values) {
  const text2 = values["artifact-branch"]?.trim();
  if (!text2) return void 0;
  if (text2.startsWith("refs/"))
    throw new Error(
      `artifact-branch: "${text2}" is a ref; expected the branch name alone, such as ${text2.replace(/^refs\/[^/]+\//, "")}`
    );
  if (text2 === "@" || UNUSABLE_BRANCH.test(text2))
    throw new Error(
      `artifact-branch: "${text2}" is not a usable branch name; expected a branch of this repository, such as main or release/v2`
    );
  return text2;
}
function enterpriseServer(serverUrl2) {
  let host;
  try {
    host = serverUrl2 ? new URL(serverUrl2).hostname.toLowerCase() : void 0;
  } catch {
    return void 0;
  }
  if (!host || host === "github.com" || host.endsWith(".ghe.com") || host === "localhost" || host === "127.0.0.1")
    return void 0;
  return host;
}
function artifactKind(transfer, github) {
  return {
    kind: "artifact",
    forms: metadata7.forms,
    configure(name, values) {
      if (!/^[A-Za-z0-9._-]+$/.test(name))
        throw new Error(
          `store: "artifact:${name}" has an unusable artifact name; expected letters, digits, dots, hyphens or underscores`
        );
      const { owner: owner2, repo } = parseRepository(values, "whose artifacts hold the state");
      const token = values["github-token"]?.trim();
      if (!token)
        throw new Error(
          "github-token: missing; listing and downloading artifacts of earlier runs needs a token with actions: read (the job token works)"
        );
      const retentionDays = integerOption(
        values,
        "artifact-retention-days",
        90,
        1,
        90,
        "days",
        "longer than the time between renewals"
      );
      const server = enterpriseServer(values["github-server-url"]);
      if (server)
        throw new Error(
          `store: artifact:${name} cannot work on GitHub Enterprise Server (${server}): @actions/artifact does not support it; use secret:NAME or file:PATH`
        );
      const trust = {
        branch: parseArtifactBranch(values),
        workflow: workflowFile(values["github-workflow-ref"]?.trim())
      };
      const apiUrl = githubApiUrl(values);
      return {
        kind: "artifact",
        description: `artifact ${name} of ${owner2}/${repo}`,
        // The store's code is loaded by the runs that open it.
        open: async ({ http: http2, now, logger }) => new (await __certwrightLoad("./artifact-store-HXL6EAZZ.js")).ArtifactStore(
          name,
          { owner: owner2, repo, token },
          trust,
          await github(token, apiUrl, http2),
          await transfer(),
          retentionDays,
          now,
          logger
        )
      };
    }
  };
}
var definition = {
  ...metadata7,
  offer: (services) => services.artifacts ? artifactKind(services.artifacts, services.github) : unavailableStore(
    "artifact",
    metadata7.forms,
    "works only inside the GitHub Action; use file:PATH or secret:NAME here"
  )
};
// src/state/early-key.ts
var PBES2_ITERATIONS = 21e4;
var RAW_KEY_PREFIX = "cwk1:";
var FORMAT_HEADER = "cwf";
var usableIterations = (count) => Number.isInteger(count) && count >= 1e4 && count <= PBES2_ITERATIONS * 5;
function passphraseDerivationOf(stored) {
  try {
    const header = JSON.parse(Buffer.from(stored.trim().split(".")[0] ?? "", "base64url").toString("utf8"));
    const format = header.alg === "dir" ? header[FORMAT_HEADER] : void 0;
    if (typeof format?.s !== "string" || !usableIterations(format.c)) return void 0;
    return { salt: format.s, iterations: format.c };
  } catch {
    return void 0;
  }
}
function derivePassphraseKey(passphrase, salt, iterations) {
  return new Promise(
    (resolve, reject) => (0, import_node_crypto4.pbkdf2)(
      passphrase,
      Buffer.from(salt, "base64url"),
      iterations,
      32,
      "sha512",
      (error2, bytes) => error2 ? reject(error2) : resolve(new Uint8Array(bytes))
    )
  );
}
var EARLY = /* @__PURE__ */ Symbol.for("certwright.state-key.early");
var slot = globalThis;
function peekBundleFile(path) {
  let fd;
  try {
    fd = (0, import_node_fs2.openSync)(path, import_node_fs2.constants.O_RDONLY | import_node_fs2.constants.O_NOFOLLOW | import_node_fs2.constants.O_NONBLOCK);
    const buffer = Buffer.alloc(4096);
    return buffer.subarray(0, (0, import_node_fs2.readSync)(fd, buffer, 0, 4096, 0)).toString("utf8");
  } catch {
    return void 0;
  } finally {
    if (fd !== void 0) (0, import_node_fs2.closeSync)(fd);
  }
}
function takeEarlyStateKey(passphrase, salt, iterations) {
  const early = slot[EARLY];
  if (!early || early.passphrase !== passphrase || early.salt !== salt || early.iterations !== iterations)
    return void 0;
  delete slot[EARLY];
  return early.key;
}
// src/store/file/file-store.ts
// src/fs/lock-file.ts
var HOLDER_FILE = /^holder-[0-9a-f]{32}\.json$/;
var holderFile = (token) => `holder-${token}.json`;
var stagingPath = (path, token) => `${path}.${token}.new`;
var RACED = /* @__PURE__ */ new Set(["ENOENT", "ENOTEMPTY", "EEXIST", "ENOTDIR", "EISDIR", "EPERM"]);
function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error2) {
    return error2.code === "EPERM";
  }
}
async function readHolder(path) {
  try {
    return JSON.parse(await (0, import_promises3.readFile)(path, "utf8"));
  } catch {
    return void 0;
  }
}
function isStale(holder) {
  return holder !== void 0 && holder.host === (0, import_node_os.hostname)() && !processAlive(holder.pid);
}
var ignoreRaces = (error2) => {
  if (!RACED.has(error2.code ?? "")) throw error2;
};
async function acquireLockFile(path, options) {
  const timeoutMs = options.timeoutMs ?? 6e4;
  const started = Date.now();
  await makeFolder((0, import_node_path3.dirname)(path), { private: true });
  const me = {
    pid: process.pid,
    host: (0, import_node_os.hostname)(),
    since: (/* @__PURE__ */ new Date()).toISOString(),
    token: (0, import_node_crypto5.randomBytes)(16).toString("hex")
  };
  const token = me.token;
  const staging = await stageLock(path, me);
  try {
    for (let wait = 20; ; wait = Math.min(wait * 2, 500)) {
      if (await installLock(staging, path)) {
        await removeAbandonedStaging(path);
        return () => releaseLock(path, token);
      }
      const holder = await clearIfStale(path);
      if (holder === "cleared") continue;
      if (Date.now() - started >= timeoutMs) {
        const who = holder ? `process ${holder.pid} on ${holder.host} (since ${holder.since})` : "another process";
        throw new Error(
          `${options.what} is locked by ${who} for more than ${Math.round(timeoutMs / 1e3)} s; if no certwright is running, delete ${path}`
        );
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  } finally {
    await (0, import_promises3.rm)(staging, { recursive: true, force: true });
  }
}
async function stageLock(path, me) {
  const staging = stagingPath(path, me.token);
  await (0, import_promises3.mkdir)(staging, { mode: 448 });
  await (0, import_promises3.writeFile)((0, import_node_path3.join)(staging, holderFile(me.token)), JSON.stringify(me), { mode: 384 });
  return staging;
}
async function installLock(staging, path) {
  try {
    await (0, import_promises3.rename)(staging, path);
    return true;
  } catch (error2) {
    ignoreRaces(error2);
    return false;
  }
}
async function clearIfStale(path) {
  const entry = await (0, import_promises3.lstat)(path).catch(
    (error2) => error2.code === "ENOENT" ? void 0 : Promise.reject(error2)
  );
  if (entry === void 0) return "cleared";
  if (entry.isFile()) {
    const holder = await readHolder(path);
    if (!isStale(holder)) return holder;
    await (0, import_promises3.unlink)(path).catch(ignoreRaces);
    return "cleared";
  }
  if (!entry.isDirectory())
    throw new Error(`lock: ${path} is neither a lock folder nor a lock file; remove it if no certwright is running`);
  const names2 = (await (0, import_promises3.readdir)(path).catch(() => [])).filter((name) => HOLDER_FILE.test(name));
  if (names2.length === 0) {
    await (0, import_promises3.rmdir)(path).catch(ignoreRaces);
    return "cleared";
  }
  let live;
  for (const name of names2) {
    const holder = await readHolder((0, import_node_path3.join)(path, name));
    if (!isStale(holder)) {
      live ??= holder;
      continue;
    }
    await (0, import_promises3.unlink)((0, import_node_path3.join)(path, name)).catch(ignoreRaces);
  }
  return live ?? "cleared";
}
async function releaseLock(path, token) {
  await (0, import_promises3.rm)((0, import_node_path3.join)(path, holderFile(token)), { force: true });
  await (0, import_promises3.rmdir)(path).catch(ignoreRaces);
}
async function removeAbandonedStaging(path) {
  const prefix = `${(0, import_node_path3.basename)(path)}.`;
  const names2 = await (0, import_promises3.readdir)((0, import_node_path3.dirname)(path)).catch(() => []);
  for (const name of names2) {
    const token = name.startsWith(prefix) && name.endsWith(".new") ? name.slice(prefix.length, -".new".length) : void 0;
    if (token === void 0 || !/^[0-9a-f]{32}$/.test(token)) continue;
    const staging = (0, import_node_path3.join)((0, import_node_path3.dirname)(path), name);
    if (isStale(await readHolder((0, import_node_path3.join)(staging, holderFile(token)))))
      await (0, import_promises3.rm)(staging, { recursive: true, force: true });
  }
}
// src/store/file/file-store.ts
var FileStore = class {
  constructor(path) {
    this.path = path;
    this.description = `file ${path}`;
  }
  path;
  description;
  load() {
    return readFileIfExists(this.path).catch((error2) => {
      const why = error2.code === "EISDIR" ? "is a folder; file:PATH names the state file itself" : error2.code === "ENOTDIR" ? "lies under a file, not a folder" : `cannot be read (${error2.code ?? error2.message}), and a new state is not written over one that could not be loaded; fix its mode or owner, or set state-reset: true to start over`;
      throw new Error(`store: ${this.path} ${why}`, { cause: error2 });
    });
  }
  save(encrypted) {
    return writeFileAtomic(this.path, encrypted, 384);
  }
  async preflight() {
    const problem = await folderProblem((0, import_node_path2.dirname)(this.path), { private: true });
    if (problem) throw new Error(`store: the folder of ${this.path} ${problem}`);
    await (0, import_promises2.access)(this.path, import_node_fs3.constants.W_OK).catch((error2) => {
      if (error2.code !== "ENOENT")
        throw new Error(
          `store: ${this.path} is not writable (${error2.code}); fix its mode or owner, or choose another file:PATH`
        );
    });
  }
  /** `PATH.lock` beside the file, held only while a save reads, merges and writes. */
  lock() {
    return acquireLockFile(`${this.path}.lock`, { what: `state file ${this.path}` });
  }
};
// src/store/file/metadata.ts
var metadata8 = {
  kind: "file",
  description: "A file on disk, written atomically with mode 0600 and locked while a run merges into it",
  forms: ["file:PATH"],
  rank: 1,
  options: [],
  concurrentWrites: "Merges: each save takes `PATH.lock` (naming its holder; a lock of a killed process is taken over), reads the file again and puts this run's changes on top of what the other run wrote, so neither loses a certificate.",
  testedAgainst: "The store contract suite (`src/store/testing/contract.ts`) on a real file in a temporary folder, with a second store writing the same file between this run's load and save."
};
// src/store/file/index.ts
var fileStoreKind = {
  kind: "file",
  forms: metadata8.forms,
  configure: (path) => ({
    kind: "file",
    description: `file ${path}`,
    open: () => Promise.resolve(new FileStore(path)),
    // Read at once, not through the thread pool: the passphrase's key derivation that starts from
    // it is then under way before the run's next synchronous work (parsing a large config).
    peek: () => Promise.resolve(peekBundleFile(path))
  })
};
var definition2 = { ...metadata8, offer: () => fileStoreKind };
// src/store/secret/metadata.ts
var metadata9 = {
  kind: "secret",
  description: "A GitHub Actions secret (a repository's, an environment's or an organisation's), written through the REST API",
  forms: ["secret:NAME", "secret:environments/ENV/NAME", "secret:orgs/ORG/NAME"],
  rank: 2,
  concurrentWrites: "Refuses: a secret cannot be read back to merge, so the store notes the secret's `updated_at` when it opens and refuses to write over a secret another run changed since, naming `concurrency:`.",
  testedAgainst: "The store contract suite and the store's own tests against the local GitHub REST API in `src/testing/github-api.ts` (real Octokit, real libsodium sealing, the secret's `updated_at`), and through `dist/main.js`.",
  options: [
    {
      name: "state",
      description: "With a secret store: the current state, i.e. the secret itself (`${{ secrets.CERTWRIGHT_STATE }}`); empty on the first run. Empty while the secret exists stops the run (a mistyped name, or a job the secret does not reach), unless state-reset is true.",
      secret: true,
      file: refusedAsSecret("state")
    },
    GITHUB_TOKEN,
    GITHUB_REPOSITORY,
    GITHUB_API_URL
  ]
};
// src/store/secret/index.ts
function optionalRepository(values) {
  return values["github-repository"]?.trim() ? parseRepository(values, "whose workflows read the organisation secret") : void 0;
}
function parseSecretTarget(text2, values) {
  return parseSecretPlace(
    text2,
    { option: "store", shown: `secret:${text2}`, forms: metadata9.forms },
    () => parseRepository(values, "whose secret certwright writes")
  );
}
function secretKind(createClient) {
  return {
    kind: "secret",
    forms: metadata9.forms,
    configure(text2, values) {
      const target = parseSecretTarget(text2, values);
      const token = values["github-token"]?.trim();
      if (!token)
        throw new Error(
          'github-token: missing; writing a secret needs a token that may write secrets (GITHUB_TOKEN cannot): a fine-grained PAT or GitHub App token with "Secrets: Read and write"'
        );
      const current = values.state?.trim() || void 0;
      const apiUrl = githubApiUrl(values);
      const reset = parseStateReset(values);
      const repository = target.kind === "organization" ? optionalRepository(values) : { owner: target.owner, repo: target.repo };
      return {
        kind: "secret",
        description: describeSecretTarget(target),
        // The bundle is the `state` input: its key's derivation can start while the run parses its config.
        ...current && !reset ? { peek: () => Promise.resolve(current) } : {},
        // The store's code is loaded by the runs that open it.
        open: async ({ http: http2, logger }) => new (await __certwrightLoad("./secret-store-R5SBF2SL.js")).SecretStore(
          target,
          current,
          await createClient(token, apiUrl, http2),
          {
            reset,
            repository,
            logger
          }
        ).open()
      };
    }
  };
}
var definition3 = { ...metadata9, offer: (services) => secretKind(services.github) };
// src/store/index.ts
var STORES = [definition, definition2, definition3];
// src/store/kinds.ts
function storePlugins() {
  return [...STORES].sort((a, b) => a.rank - b.rank);
}
function storeKinds(services) {
  return storePlugins().map((plugin) => plugin.offer(services));
}
function storeOptions() {
  return uniqueOptions([...STORE_OPTIONS, ...storePlugins().flatMap((plugin) => plugin.options)]);
}
// src/crypto/keys.ts
var KEY_TYPES = ["ecdsa-p256", "ecdsa-p384", "rsa-2048", "rsa-3072", "rsa-4096"];
function generateCertificateKey(keyType) {
  return new Promise((resolve, reject) => {
    const done = (error2, publicKey, privateKey) => {
      if (error2) return reject(error2);
      const privateKeyPem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
      resolve({ keyType, keys: { privateKey, publicKey }, privateKeyPem });
    };
    if (keyType === "ecdsa-p256" || keyType === "ecdsa-p384")
      (0, import_node_crypto6.generateKeyPair)("ec", { namedCurve: keyType === "ecdsa-p256" ? "P-256" : "P-384" }, done);
    else (0, import_node_crypto6.generateKeyPair)("rsa", { modulusLength: Number(keyType.slice("rsa-".length)), publicExponent: 65537 }, done);
  });
}
function importCertificateKey(savedPem, keyType) {
  const keyObject = (0, import_node_crypto6.createPrivateKey)(savedPem);
  if (keyTypeOf(keyObject) !== keyType) {
    throw new Error(
      `crypto: the saved key is ${keyTypeOf(keyObject) ?? "of an unsupported type"}, not ${keyType}; drop reuse-key or the key type change`
    );
  }
  const privateKeyPem = keyObject.export({ type: "pkcs8", format: "pem" }).toString();
  return { keyType, keys: { privateKey: keyObject, publicKey: (0, import_node_crypto6.createPublicKey)(keyObject) }, privateKeyPem };
}
function keyTypeOf(key) {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === "ec") {
    if (details?.namedCurve === "prime256v1") return "ecdsa-p256";
    if (details?.namedCurve === "secp384r1") return "ecdsa-p384";
  }
  if (key.asymmetricKeyType === "rsa") {
    const candidate = `rsa-${details?.modulusLength}`;
    return KEY_TYPES.includes(candidate) ? candidate : void 0;
  }
  return void 0;
}
// src/dns/address.ts
function parseServerAddress(value2, input, defaultPort = 53) {
  const text2 = value2.trim();
  let host = text2;
  let port = String(defaultPort);
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text2);
  if (bracketed) {
    host = bracketed[1] ?? "";
    port = bracketed[2] ?? port;
  } else if (!isBareIpv6(text2)) {
    const colon = text2.lastIndexOf(":");
    if (colon >= 0) {
      host = text2.slice(0, colon);
      port = text2.slice(colon + 1);
    }
  }
  const portNumber = Number(port);
  if (host === "" || !/^\d+$/.test(port) || portNumber < 1 || portNumber > 65535) {
    throw new Error(
      `${input}: "${value2}" is not a server address; expected host, host:port or [ipv6]:port, such as 127.0.0.1:5353`
    );
  }
  return { host, port: portNumber };
}
function isBareIpv6(text2) {
  return text2.indexOf(":") !== text2.lastIndexOf(":") && (0, import_node_net3.isIP)(text2) === 6;
}
function formatServerAddress(address) {
  return (0, import_node_net3.isIP)(address.host) === 6 ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}
// src/dns/providers/acme-dns/index.ts
// src/dns/providers/acme-dns/metadata.ts
var metadata10 = {
  name: "acme-dns",
  description: "acme-dns (joohoi/acme-dns): `_acme-challenge` CNAMEd to an acme-dns subdomain, so CI holds no credentials for the real zone",
  options: [
    {
      name: "acme-dns-server",
      description: "Base URL of the acme-dns API (its `/update`), such as https://auth.example.org. An account that carries its own `server_url` (lego's files) uses that instead.",
      envAliases: ["ACME_DNS_API_BASE"]
    },
    {
      name: "acme-dns-credentials",
      description: 'The accounts as JSON, keyed by domain (`{"example.com": {"username", "password", "fulldomain", "subdomain"}}`, the file certbot\'s and lego\'s acme-dns integrations write), or one account object. From a secret; or use acme-dns-credentials-file.',
      secret: true
    },
    {
      name: "acme-dns-credentials-file",
      description: "Path of a JSON file in the same format (`/etc/letsencrypt/acmedns.json`, lego's ACME_DNS_STORAGE_PATH file), instead of acme-dns-credentials.",
      secretFile: true
    }
  ]
};
// src/dns/providers/acme-dns/index.ts
var definition4 = {
  ...metadata10,
  configure(values) {
    const server = urlOption(values, "acme-dns-server", "https://auth.acme-dns.io");
    const inline = values["acme-dns-credentials"]?.trim() || void 0;
    const file = values["acme-dns-credentials-file"]?.trim() || void 0;
    if (inline && file) throw new Error("acme-dns-credentials-file: given with acme-dns-credentials; give one of them");
    if (!inline && !file) {
      throw new Error(
        "acme-dns-credentials: missing; expected the accounts JSON (from a secret, or CERTWRIGHT_ACME_DNS_CREDENTIALS), or set acme-dns-credentials-file; certwright acme-dns register creates an account"
      );
    }
    const domains = (values.domains ?? "").split(/[\s,]+/).filter(Boolean);
    const check = (credentials) => {
      const problem = sharedAccountProblem(credentials, domains);
      if (problem) throw new Error(problem);
      return credentials;
    };
    const parsed = inline ? check(parseAcmeDnsCredentials(inline, "acme-dns-credentials", server)) : void 0;
    const where = server ? ` at ${server}` : "";
    return {
      name: "acme-dns",
      description: parsed ? `acme-dns (${parsed.accounts.length} account(s)${where})` : `acme-dns (accounts from ${file}${where})`,
      async create(context) {
        const credentials = parsed ?? check(await readCredentialsFile(file, server));
        const { AcmeDnsProvider } = await __certwrightLoad("./provider-BEEUK72S.js");
        return new AcmeDnsProvider(credentials, context);
      }
    };
  }
};
async function readCredentialsFile(path, server) {
  let text2;
  try {
    text2 = await (0, import_promises4.readFile)(path, "utf8");
  } catch (error2) {
    const code = error2.code ?? "unreadable";
    throw new Error(
      `acme-dns-credentials-file: cannot read ${path} (${code}); expected the acme-dns accounts JSON that certbot or lego wrote, or certwright acme-dns register printed`,
      { cause: error2 }
    );
  }
  return parseAcmeDnsCredentials(text2, `acme-dns-credentials-file (${path})`, server);
}
// src/dns/providers/azure/index.ts
var definition5 = {
  ...metadata5,
  configure(values) {
    const subscriptionId = values["azure-subscription-id"]?.trim() || void 0;
    if (subscriptionId !== void 0 && !SUBSCRIPTION_ID.test(subscriptionId)) {
      throw new Error(
        `azure-subscription-id: "${subscriptionId}" is not a subscription ID; expected a GUID such as 00000000-0000-0000-0000-000000000000`
      );
    }
    const resourceGroup = values["azure-resource-group"]?.trim() || void 0;
    if (resourceGroup !== void 0 && !RESOURCE_GROUP.test(resourceGroup)) {
      throw new Error(
        `azure-resource-group: "${resourceGroup}" is not a resource group name; expected up to 90 letters, digits, '-', '_', '.', '(' or ')', not ending in '.'`
      );
    }
    const zones = ZoneIds.parse(values, "azure-zone", /^\S+$/, "example.com");
    for (const target of zones.describe().split(",").filter((part) => part !== ""))
      parseZoneTarget(target.slice(target.indexOf("=") + 1));
    const ttl = integerOption(values, "azure-ttl", 60, 1, 2147483647, "seconds");
    const apiUrl = urlOption(values, "azure-api-url", DEFAULT_API_URL2) ?? DEFAULT_API_URL2;
    const where = [
      zones.isEmpty ? resourceGroup ? `zones found by name in resource group ${resourceGroup}` : "zones found by name" : `zone ${zones.describe()}`,
      ...apiUrl !== DEFAULT_API_URL2 ? [`at ${apiUrl}`] : []
    ];
    return {
      name: "azure",
      description: `azure (${where.join(", ")})`,
      async create(context) {
        const subscription = subscriptionId ?? context.env.AZURE_SUBSCRIPTION_ID?.trim();
        if (!subscription && !zones.describe().includes("/subscriptions/")) {
          throw new Error(
            "azure-subscription-id: missing; expected the ID of the subscription that holds the DNS zone (or set AZURE_SUBSCRIPTION_ID)"
          );
        }
        if (subscription && !SUBSCRIPTION_ID.test(subscription)) {
          throw new Error(
            `azure-subscription-id: "${subscription}" (from AZURE_SUBSCRIPTION_ID) is not a subscription ID; expected a GUID such as 00000000-0000-0000-0000-000000000000`
          );
        }
        const { AzureProvider } = await __certwrightLoad("./provider-6CH4WM5O.js");
        return new AzureProvider(
          { subscriptionId: subscription || void 0, resourceGroup, zones, ttl, apiUrl },
          context
        );
      }
    };
  }
};
// src/dns/providers/cloudflare/metadata.ts
var DEFAULT_API_URL4 = "https://api.cloudflare.com/client/v4";
var metadata11 = {
  name: "cloudflare",
  description: "Cloudflare DNS through the v4 API with a scoped API token (DNS:Edit on the zone)",
  options: [
    {
      name: "cloudflare-api-token",
      description: "Cloudflare API token with Zone:Read and DNS:Edit on the zone (a user API token, not the Global API Key).",
      required: true,
      secret: true,
      envAliases: ["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_DNS_API_TOKEN", "CF_DNS_API_TOKEN"]
    },
    {
      name: "cloudflare-zone-id",
      description: "Zone ID to use instead of looking it up: one ID for every record, or `zone=ID` pairs, comma-separated. With it, a token with DNS:Edit alone (no Zone:Read) is enough."
    },
    {
      name: "cloudflare-ttl",
      description: "TTL of the TXT records, in seconds (60 to 86400; 1 means automatic).",
      default: "60"
    },
    {
      name: "cloudflare-api-url",
      description: "Cloudflare API base URL instead of the public v4 API (a local test endpoint).",
      default: DEFAULT_API_URL4
    }
  ]
};
// src/dns/providers/cloudflare/index.ts
var definition6 = {
  ...metadata11,
  configure(values) {
    const token = requireOption(
      values,
      "cloudflare-api-token",
      "a Cloudflare API token with DNS:Edit (or set CLOUDFLARE_API_TOKEN)"
    );
    if (/\s/.test(token))
      throw new Error("cloudflare-api-token: contains whitespace; paste the token exactly as Cloudflare showed it");
    const zoneIds = ZoneIds.parse(values, "cloudflare-zone-id", /^[0-9a-f]{32}$/, "023e105f4ecef8ad9ca31a8372d0c353");
    const ttl = integerOption(values, "cloudflare-ttl", 60, 1, 86400, "seconds");
    if (ttl > 1 && ttl < 60)
      throw new Error(`cloudflare-ttl: "${ttl}" is below Cloudflare's minimum; expected 1 (automatic) or 60 to 86400`);
    const apiUrl = urlOption(values, "cloudflare-api-url", DEFAULT_API_URL4) ?? DEFAULT_API_URL4;
    const settings = { token, zoneIds, apiUrl, ttl };
    const where = [
      zoneIds.isEmpty ? "zones found by name" : `zone ${zoneIds.describe()}`,
      ...apiUrl !== DEFAULT_API_URL4 ? [`at ${apiUrl}`] : []
    ];
    return {
      name: "cloudflare",
      description: `cloudflare (${where.join(", ")})`,
      async create(context) {
        const { CloudflareProvider } = await __certwrightLoad("./provider-5IZY36IG.js");
        return new CloudflareProvider(settings, context);
      }
    };
  }
};
// src/dns/providers/desec/metadata.ts
var DEFAULT_API_URL5 = "https://desec.io/api/v1";
var MAX_TTL = 604800;
var metadata12 = {
  name: "desec",
  description: "deSEC through the v1 API with a token scoped by policies to TXT at the challenge names",
  options: [
    {
      name: "desec-token",
      description: "deSEC API token; best one restricted by policies to writing TXT at the domain's challenge names.",
      required: true,
      secret: true,
      envAliases: ["DESEC_TOKEN"]
    },
    {
      name: "desec-ttl",
      description: "TTL of the TXT record sets certwright creates, in seconds; default the domain's `minimum_ttl` (3600 for most domains), which deSEC does not let a record set go below."
    },
    {
      name: "desec-api-url",
      description: "deSEC API URL instead of the public v1 one (a local test endpoint).",
      default: DEFAULT_API_URL5
    }
  ]
};
// src/dns/providers/desec/index.ts
var definition7 = {
  ...metadata12,
  configure(values) {
    const token = requireOption(values, "desec-token", "a deSEC API token (or set DESEC_TOKEN)");
    if (/\s/.test(token))
      throw new Error('desec-token: contains whitespace; paste the token exactly as deSEC showed it, without "Token"');
    const ttl = !values["desec-ttl"]?.trim() ? void 0 : integerOption(values, "desec-ttl", 0, 1, MAX_TTL, "seconds");
    const apiUrl = urlOption(values, "desec-api-url", DEFAULT_API_URL5) ?? DEFAULT_API_URL5;
    const settings = { token, apiUrl, ttl };
    return {
      name: "desec",
      description: `desec (${apiUrl !== DEFAULT_API_URL5 ? `at ${apiUrl}` : "desec.io"})`,
      async create(context) {
        const { DesecProvider } = await __certwrightLoad("./provider-JCR2YRBA.js");
        return new DesecProvider(settings, context);
      }
    };
  }
};
// src/dns/providers/digitalocean/domains.ts
var OPTION = "digitalocean-domain";
var EXPECTED = "domains such as example.com, example.org, or zone=domain pairs such as sub.example.com=example.com";
function checkName(text2, what) {
  const name = normalizeName(text2);
  const problem = domainNameProblem(name) ?? (name.startsWith("*.") ? "a wildcard is no domain" : void 0);
  if (problem) throw new Error(`${OPTION}: "${text2}" is not a ${what} name (${problem}); expected ${EXPECTED}`);
  return name;
}
function mostSpecific(names2, fqdn) {
  return [...names2].filter((name) => isInZone(fqdn, name)).sort((a, b) => b.length - a.length)[0];
}
var DomainChoice = class _DomainChoice {
  constructor(domains, byZone) {
    this.domains = domains;
    this.byZone = byZone;
  }
  domains;
  byZone;
  static parse(values) {
    const text2 = values[OPTION]?.trim() ?? "";
    const domains = [];
    const byZone = /* @__PURE__ */ new Map();
    for (const part of text2.split(",").map((p) => p.trim()).filter((p) => p !== "")) {
      const at = part.indexOf("=");
      if (at < 0) {
        const domain2 = checkName(part, "domain");
        if (domains.includes(domain2)) throw new Error(`${OPTION}: domain ${domain2} is listed twice`);
        domains.push(domain2);
        continue;
      }
      const zone = checkName(part.slice(0, at).trim(), "zone");
      const domain = checkName(part.slice(at + 1).trim(), "domain");
      if (byZone.has(zone)) throw new Error(`${OPTION}: zone ${zone} is listed twice; give each zone one domain`);
      if (!isInZone(zone, domain))
        throw new Error(
          `${OPTION}: "${part}": zone ${zone} is not inside domain ${domain}; a record can only go to a domain that holds its name`
        );
      byZone.set(zone, domain);
    }
    return new _DomainChoice(domains, byZone);
  }
  get isEmpty() {
    return this.domains.length === 0 && this.byZone.size === 0;
  }
  /**
   * The domain for a record at `fqdn`: the pair of the most specific zone holding it, else the most specific domain
   * holding it.
   */
  domainFor(fqdn) {
    const zone = mostSpecific(this.byZone.keys(), fqdn);
    return zone === void 0 ? mostSpecific(this.domains, fqdn) : this.byZone.get(zone);
  }
  describe() {
    return [...this.domains, ...[...this.byZone].map(([zone, domain]) => `${zone}=${domain}`)].join(",");
  }
};
// src/dns/providers/digitalocean/metadata.ts
var DEFAULT_API_URL6 = "https://api.digitalocean.com";
var MIN_TTL = 30;
var metadata13 = {
  name: "digitalocean",
  description: "DigitalOcean DNS through the API v2 with a custom-scoped personal access token (domain:read and domain:update)",
  options: [
    {
      name: "digitalocean-token",
      description: "DigitalOcean personal access token (`dop_v1_\u2026`) with the custom scopes domain:read and domain:update.",
      required: true,
      secret: true,
      envAliases: ["DIGITALOCEAN_ACCESS_TOKEN", "DIGITALOCEAN_TOKEN", "DO_AUTH_TOKEN"]
    },
    {
      name: "digitalocean-domain",
      description: "The DigitalOcean domain(s) the records go to, instead of listing the account's domains: domains comma-separated (each record goes to the most specific one holding its name), or `zone=domain` pairs."
    },
    {
      name: "digitalocean-ttl",
      description: "TTL of the TXT records, in seconds (30, DigitalOcean's minimum, to 86400).",
      default: String(MIN_TTL)
    },
    {
      name: "digitalocean-api-url",
      description: "DigitalOcean API URL instead of the public one (a local test endpoint); the `/v2` paths are appended.",
      default: DEFAULT_API_URL6
    }
  ]
};
// src/dns/providers/digitalocean/index.ts
var definition8 = {
  ...metadata13,
  configure(values) {
    const token = requireOption(
      values,
      "digitalocean-token",
      "a DigitalOcean personal access token with domain:read and domain:update (or set DIGITALOCEAN_ACCESS_TOKEN)"
    );
    if (/\s/.test(token))
      throw new Error("digitalocean-token: contains whitespace; paste the token exactly as DigitalOcean showed it");
    if (token.startsWith("dor_v1_"))
      throw new Error(
        "digitalocean-token: is an OAuth refresh token (dor_v1_\u2026), which the API does not accept; generate a personal access token (dop_v1_\u2026)"
      );
    const domains = DomainChoice.parse(values);
    const ttl = integerOption(values, "digitalocean-ttl", MIN_TTL, MIN_TTL, 86400, "seconds");
    const apiUrl = (urlOption(values, "digitalocean-api-url", DEFAULT_API_URL6) ?? DEFAULT_API_URL6).replace(/\/v2$/, "");
    const settings = { token, domains, apiUrl, ttl };
    const where = [
      domains.isEmpty ? "domains found by listing" : `domain ${domains.describe()}`,
      ...apiUrl !== DEFAULT_API_URL6 ? [`at ${apiUrl}`] : []
    ];
    return {
      name: "digitalocean",
      description: `digitalocean (${where.join(", ")})`,
      async create(context) {
        const { DigitalOceanProvider } = await __certwrightLoad("./provider-CTMH7YPI.js");
        return new DigitalOceanProvider(settings, context);
      }
    };
  }
};
// src/dns/providers/dnsimple/metadata.ts
var DEFAULT_API_URL7 = "https://api.dnsimple.com";
var MIN_TTL2 = 60;
var metadata14 = {
  name: "dnsimple",
  description: "DNSimple DNS through the API v2 with an account access token",
  options: [
    {
      name: "dnsimple-oauth-token",
      description: "DNSimple account access token (Account \u2192 Access tokens), or a user token with dnsimple-account-id.",
      required: true,
      secret: true,
      envAliases: ["DNSIMPLE_OAUTH_TOKEN"]
    },
    {
      name: "dnsimple-account-id",
      description: "The numeric ID of the DNSimple account that holds the zones, instead of asking `/v2/whoami` (needed with a user token)."
    },
    {
      name: "dnsimple-ttl",
      description: "TTL of the TXT records, in seconds (60 to 86400).",
      default: String(MIN_TTL2)
    },
    {
      name: "dnsimple-api-url",
      description: `DNSimple API URL instead of the production one: \`https://api.sandbox.dnsimple.com\` for the sandbox, or a local test endpoint; the \`/v2\` paths are appended. ${DEFAULT_API_URL7} when neither it nor DNSIMPLE_BASE_URL is set.`,
      envAliases: ["DNSIMPLE_BASE_URL"]
    }
  ]
};
// src/dns/providers/dnsimple/index.ts
function apiOrigin(url) {
  return url.replace(/\/v2$/, "");
}
var definition9 = {
  ...metadata14,
  configure(values) {
    const token = requireOption(
      values,
      "dnsimple-oauth-token",
      "a DNSimple account access token (or set DNSIMPLE_OAUTH_TOKEN)"
    );
    if (/\s/.test(token))
      throw new Error("dnsimple-oauth-token: contains whitespace; paste the token exactly as DNSimple showed it");
    const accountId = values["dnsimple-account-id"]?.trim() || void 0;
    if (accountId !== void 0 && !/^\d{1,15}$/.test(accountId))
      throw new Error(
        `dnsimple-account-id: "${accountId}" is not an account ID; expected the number in the account's URL, such as 1385`
      );
    const ttl = integerOption(values, "dnsimple-ttl", MIN_TTL2, MIN_TTL2, 86400, "seconds");
    const given2 = values["dnsimple-api-url"]?.trim() ? urlOption(values, "dnsimple-api-url", DEFAULT_API_URL7) : void 0;
    const where = [
      accountId ? `account ${accountId}` : "account of the token",
      ...given2 && given2 !== DEFAULT_API_URL7 ? [`at ${given2}`] : []
    ];
    return {
      name: "dnsimple",
      description: `dnsimple (${where.join(", ")})`,
      async create(context) {
        const apiUrl = apiOrigin(given2 ?? DEFAULT_API_URL7);
        const { DnsimpleProvider } = await __certwrightLoad("./provider-UFR7X3PG.js");
        return new DnsimpleProvider({ token, accountId, apiUrl, ttl }, context);
      }
    };
  }
};
// src/dns/providers/exec/metadata.ts
var metadata15 = {
  name: "exec",
  description: "Your own commands, with certbot's manual-hook environment (existing certbot hook scripts work unchanged)",
  options: [
    {
      name: "exec-auth-hook",
      description: "Command run (by /bin/sh) once per challenge to create the TXT record, with CERTBOT_DOMAIN, CERTBOT_VALIDATION, CERTBOT_ALL_DOMAINS, CERTBOT_REMAINING_CHALLENGES, and CERTWRIGHT_FQDN / CERTWRIGHT_ZONE.",
      required: true,
      cliAliases: ["manual-auth-hook"]
    },
    {
      name: "exec-cleanup-hook",
      description: "Command run once per challenge to delete the record, with the same variables plus CERTBOT_AUTH_OUTPUT (what the auth hook printed; empty when the post step cleans up after a crash).",
      cliAliases: ["manual-cleanup-hook"]
    },
    {
      name: "exec-timeout",
      description: "Seconds one hook run may take before it is killed with everything it started: the auth and cleanup hooks here, and pre-hook, post-hook and deploy-hook.",
      default: "120"
    }
  ]
};
// src/dns/providers/exec/provider.ts
function baseDomain(domain) {
  return domain.startsWith("*.") ? domain.slice(2) : domain;
}
function refuseOddNames(record) {
  const names2 = {
    CERTBOT_DOMAIN: baseDomain(record.domain),
    CERTWRIGHT_FQDN: record.fqdn,
    CERTWRIGHT_ZONE: record.zone
  };
  for (const [variable, name] of Object.entries(names2)) {
    const problem = hostNameProblem(name);
    if (problem)
      throw new Error(
        `exec: refusing to run a hook with ${variable}=${quotedName(name)}: not a host name (${problem})`
      );
  }
}
var ExecProvider = class {
  constructor(settings, context) {
    this.settings = settings;
    this.context = context;
  }
  settings;
  context;
  name = "exec";
  authOutputs = /* @__PURE__ */ new Map();
  async createRecords(records) {
    records.forEach(refuseOddNames);
    const allDomains = records.map((r) => baseDomain(r.domain)).join(",");
    for (const [index, record] of records.entries()) {
      const env = this.hookEnv(record, allDomains, records.length - index - 1);
      const { stdout } = await this.run("auth", this.settings.authHook, record, env);
      this.authOutputs.set(`${record.fqdn} ${record.value}`, stdout.trim());
    }
  }
  async deleteRecords(records) {
    const hook = this.settings.cleanupHook;
    if (!hook) return;
    records.forEach(refuseOddNames);
    const allDomains = records.map((r) => baseDomain(r.domain)).join(",");
    const failures = [];
    for (const [index, record] of records.entries()) {
      const output = this.authOutputs.get(`${record.fqdn} ${record.value}`) ?? "";
      const env = { ...this.hookEnv(record, allDomains, records.length - index - 1), CERTBOT_AUTH_OUTPUT: output };
      try {
        await this.run("cleanup", hook, record, env);
        this.authOutputs.delete(`${record.fqdn} ${record.value}`);
      } catch (error2) {
        failures.push(error2.message);
      }
    }
    if (failures.length > 0) throw new Error(failures.join("; "));
  }
  hookEnv(record, allDomains, remaining) {
    return {
      ...this.context.env,
      CERTBOT_DOMAIN: baseDomain(record.domain),
      CERTBOT_VALIDATION: record.value,
      CERTBOT_ALL_DOMAINS: allDomains,
      CERTBOT_REMAINING_CHALLENGES: String(remaining),
      // certwright's own additions: where the core found the record should go.
      CERTWRIGHT_FQDN: record.fqdn,
      CERTWRIGHT_ZONE: record.zone
    };
  }
  async run(kind, command, record, env) {
    let result;
    try {
      result = await runCommand({ command, env, timeoutMs: this.settings.timeoutMs });
    } catch (error2) {
      throw new Error(`exec: ${kind} hook for ${record.domain} could not start`, { cause: error2 });
    }
    const { code, signal, stdout, stderr, timedOut } = result;
    if (stderr.trim()) this.context.logger.debug(`exec: ${kind} hook for ${record.domain}: ${stderr.trim()}`);
    if (code === 0 && !timedOut) return { stdout };
    const why = timedOut ? `ran over exec-timeout (${this.settings.timeoutMs / 1e3} s) and was stopped with everything it started` : signal ? `was killed (${signal})` : `exited with ${code}`;
    const tail = stderr.trim().split("\n").slice(-3).join(" | ");
    throw new Error(`exec: ${kind} hook for ${record.domain} ${why}${tail ? `: ${tail}` : ""}`);
  }
};
// src/dns/providers/exec/index.ts
var definition10 = {
  ...metadata15,
  configure(values) {
    const authHook = values["exec-auth-hook"]?.trim();
    if (!authHook)
      throw new Error(
        "exec-auth-hook: missing; expected the command that creates the TXT record (certbot --manual-auth-hook)"
      );
    const cleanupHook = values["exec-cleanup-hook"]?.trim() || void 0;
    const timeoutText = values["exec-timeout"]?.trim() || "120";
    if (!/^\d+$/.test(timeoutText) || Number(timeoutText) < 1) {
      throw new Error(`exec-timeout: "${timeoutText}" is not a duration; expected whole seconds, such as 120`);
    }
    const settings = {
      authHook,
      ...cleanupHook ? { cleanupHook } : {},
      timeoutMs: Number(timeoutText) * 1e3
    };
    return {
      name: "exec",
      description: `exec hooks (auth${cleanupHook ? " + cleanup" : ", no cleanup hook"})`,
      create: (context) => Promise.resolve(new ExecProvider(settings, context))
    };
  }
};
// src/dns/providers/gandi/metadata.ts
var DEFAULT_API_URL8 = "https://api.gandi.net/v5/livedns";
var MIN_TTL3 = 300;
var MAX_TTL2 = 2592e3;
var metadata16 = {
  name: "gandi",
  description: "Gandi LiveDNS through the v5 API with a personal access token (manage technical configurations)",
  options: [
    {
      name: "gandi-personal-access-token",
      description: 'Gandi personal access token with "Manage domain name technical configurations" on the domains (not the deprecated API key).',
      required: true,
      secret: true,
      envAliases: ["GANDIV5_PERSONAL_ACCESS_TOKEN"]
    },
    {
      name: "gandi-ttl",
      description: "TTL of the TXT records certwright creates, in seconds (300, LiveDNS's minimum, to 2592000).",
      default: String(MIN_TTL3)
    },
    {
      name: "gandi-api-url",
      description: "Gandi LiveDNS API URL instead of the public v5 one (a local test endpoint).",
      default: DEFAULT_API_URL8
    }
  ]
};
// src/dns/providers/gandi/index.ts
var definition11 = {
  ...metadata16,
  configure(values) {
    const token = requireOption(
      values,
      "gandi-personal-access-token",
      "a Gandi personal access token (or set GANDIV5_PERSONAL_ACCESS_TOKEN; API keys, GANDIV5_API_KEY, are deprecated by Gandi and not taken)"
    );
    if (/\s/.test(token))
      throw new Error(
        'gandi-personal-access-token: contains whitespace; paste the token exactly as Gandi showed it, without "Bearer"'
      );
    const ttl = integerOption(values, "gandi-ttl", MIN_TTL3, MIN_TTL3, MAX_TTL2, "seconds");
    const apiUrl = urlOption(values, "gandi-api-url", DEFAULT_API_URL8) ?? DEFAULT_API_URL8;
    const settings = { token, apiUrl, ttl };
    return {
      name: "gandi",
      description: `gandi (LiveDNS v5${apiUrl !== DEFAULT_API_URL8 ? ` at ${apiUrl}` : ""})`,
      async create(context) {
        const { GandiProvider } = await __certwrightLoad("./provider-SRPPEBKG.js");
        return new GandiProvider(settings, context);
      }
    };
  }
};
// src/dns/providers/google/index.ts
var PROJECT_ID2 = /^([a-z0-9][a-z0-9.-]*[a-z0-9]:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
var MANAGED_ZONE = /^([a-z]([a-z0-9-]{0,61}[a-z0-9])?|\d{1,20})$/;
var definition12 = {
  ...metadata6,
  configure(values) {
    const project = values["google-project"]?.trim() || void 0;
    if (project !== void 0 && !PROJECT_ID2.test(project)) {
      throw new Error(
        `google-project: "${project}" is not a project ID; expected one such as my-dns-project (the ID, not the display name)`
      );
    }
    const managedZones = ZoneIds.parse(values, "google-managed-zone", MANAGED_ZONE, "example-com");
    const apiUrl = urlOption(values, "google-api-url", DEFAULT_API_URL3) ?? DEFAULT_API_URL3;
    const settings = {
      ...project ? { project } : {},
      managedZones,
      privateZones: booleanOption(values, "google-private-zones", false),
      ttl: integerOption(values, "google-ttl", 60, 1, 86400, "seconds"),
      apiUrl
    };
    const parts = [
      managedZones.isEmpty ? `${settings.privateZones ? "public and private" : "public"} zones found by name` : `managed zone ${managedZones.describe()}`,
      ...project ? [`project ${project}`] : [],
      ...apiUrl !== DEFAULT_API_URL3 ? [`at ${apiUrl}`] : []
    ];
    return {
      name: "google",
      description: `google (${parts.join(", ")})`,
      async create(context) {
        const { GoogleProvider } = await __certwrightLoad("./provider-DMGUB2YK.js");
        return new GoogleProvider(settings, context);
      }
    };
  }
};
// src/dns/providers/hetzner/metadata.ts
var DEFAULT_API_URL9 = "https://api.hetzner.cloud/v1";
var MIN_TTL4 = 60;
var metadata17 = {
  name: "hetzner",
  description: "Hetzner DNS through the Hetzner Cloud API v1 (zones and RRSets) with a project API token (Read & Write)",
  options: [
    {
      name: "hetzner-api-token",
      description: "Hetzner Cloud API token (Read & Write) of the project that holds the zone. A token of the old DNS Console (dns.hetzner.com) does not work with this API.",
      required: true,
      secret: true,
      envAliases: ["HETZNER_API_TOKEN", "HCLOUD_TOKEN"]
    },
    {
      name: "hetzner-ttl",
      description: "TTL of the TXT RRSets certwright creates, in seconds (60, Hetzner's minimum, to 86400).",
      default: String(MIN_TTL4)
    },
    {
      name: "hetzner-api-url",
      description: "Hetzner Cloud API base URL instead of the public v1 API (a local test endpoint).",
      default: DEFAULT_API_URL9
    }
  ]
};
// src/dns/providers/hetzner/index.ts
var definition13 = {
  ...metadata17,
  configure(values) {
    const token = requireOption(
      values,
      "hetzner-api-token",
      "a Hetzner Cloud API token with Read & Write of the project holding the zone (or set HETZNER_API_TOKEN)"
    );
    if (/\s/.test(token))
      throw new Error("hetzner-api-token: contains whitespace; paste the token exactly as Hetzner showed it");
    const ttl = integerOption(values, "hetzner-ttl", MIN_TTL4, MIN_TTL4, 86400, "seconds");
    const apiUrl = urlOption(values, "hetzner-api-url", DEFAULT_API_URL9) ?? DEFAULT_API_URL9;
    if (/dns\.hetzner\.com/i.test(apiUrl))
      throw new Error(
        `hetzner-api-url: ${apiUrl} is the old DNS Console API, which Hetzner retired; leave hetzner-api-url unset (the Cloud API) and migrate the zone to the Hetzner Console`
      );
    const settings = { token, apiUrl, ttl };
    return {
      name: "hetzner",
      description: `hetzner (zones by name${apiUrl !== DEFAULT_API_URL9 ? `, at ${apiUrl}` : ""})`,
      async create(context) {
        const { HetznerProvider } = await __certwrightLoad("./provider-COD3OVUP.js");
        return new HetznerProvider(settings, context);
      }
    };
  }
};
// src/dns/providers/httpreq/metadata.ts
var metadata18 = {
  name: "httpreq",
  description: "Your own DNS backend behind lego's httpreq protocol: POST /present and /cleanup with {fqdn, value}",
  options: [
    {
      name: "httpreq-endpoint",
      description: "Base URL of the backend (lego's HTTPREQ_ENDPOINT): certwright POSTs to `<endpoint>/present` and `<endpoint>/cleanup`.",
      required: true,
      envAliases: ["HTTPREQ_ENDPOINT"]
    },
    {
      name: "httpreq-username",
      description: "Basic authentication user name (lego's HTTPREQ_USERNAME); needs httpreq-password.",
      envAliases: ["HTTPREQ_USERNAME"]
    },
    {
      name: "httpreq-password",
      description: "Basic authentication password (lego's HTTPREQ_PASSWORD); needs httpreq-username.",
      secret: true,
      envAliases: ["HTTPREQ_PASSWORD"]
    },
    {
      name: "httpreq-timeout",
      description: "Seconds one request may take before it counts as failed (lego's HTTPREQ_HTTP_TIMEOUT).",
      default: "30"
    }
  ]
};
// src/dns/providers/httpreq/index.ts
var definition14 = {
  ...metadata18,
  configure(values) {
    const text2 = requireOption(
      values,
      "httpreq-endpoint",
      "the base URL of your httpreq backend, such as https://dns-api.example.com/acme"
    );
    const endpoint = endpointUrl(text2);
    const username = values["httpreq-username"]?.trim() || void 0;
    const password = values["httpreq-password"] || void 0;
    if (username && !password)
      throw new Error(
        "httpreq-password: missing; httpreq-username was given, and basic authentication needs both (or set CERTWRIGHT_HTTPREQ_PASSWORD)"
      );
    if (password && !username)
      throw new Error("httpreq-username: missing; httpreq-password was given, and basic authentication needs both");
    if (username?.includes(":"))
      throw new Error(
        `httpreq-username: "${username}" contains ":", which basic authentication cannot carry in a user name`
      );
    if (password) refusePlainHttp("httpreq-endpoint", endpoint, "the basic authentication password");
    if (endpoint.search) refusePlainHttp("httpreq-endpoint", endpoint, "the key in its query");
    const timeoutMs = integerOption(values, "httpreq-timeout", 30, 1, 600, "seconds") * 1e3;
    const settings = {
      endpoint,
      ...username && password ? { auth: { username, password } } : {},
      timeoutMs
    };
    return {
      name: "httpreq",
      description: `httpreq (${shownUrl(endpoint)}${settings.auth ? `, basic auth as ${username}` : ""})`,
      async create(context) {
        const { HttpreqProvider } = await __certwrightLoad("./provider-SJE2RBU4.js");
        return new HttpreqProvider(settings, context);
      }
    };
  }
};
function endpointUrl(text2) {
  let url;
  try {
    url = new URL(text2);
  } catch {
    throw new Error(
      `httpreq-endpoint: "${text2}" is not a URL; expected the base URL of your backend, such as https://dns-api.example.com/acme`
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new Error(
      `httpreq-endpoint: "${shownUrl(url)}" is not an http(s) URL; expected such as https://dns-api.example.com/acme`
    );
  if (url.username || url.password)
    throw new Error(
      "httpreq-endpoint: the URL carries credentials; pass them as httpreq-username and httpreq-password instead"
    );
  url.hash = "";
  return url;
}
// src/dns/providers/infoblox/metadata.ts
var DEFAULT_WAPI_VERSION = "2.11";
var DEFAULT_VIEW = "default";
var DEFAULT_PORT = 443;
var metadata19 = {
  name: "infoblox",
  description: "Infoblox NIOS (on-premises Grid Manager) through its WAPI, with a WAPI user and password",
  options: [
    {
      name: "infoblox-host",
      description: "Host name or address of the Grid Manager (or a WAPI-serving member), without scheme or path.",
      required: true,
      envAliases: ["INFOBLOX_HOST"]
    },
    {
      name: "infoblox-port",
      description: `HTTPS port of the WAPI; ${DEFAULT_PORT} when neither it nor INFOBLOX_PORT is set.`,
      envAliases: ["INFOBLOX_PORT"]
    },
    {
      name: "infoblox-username",
      description: "WAPI user (an admin with API access and DNS permissions on the zone).",
      required: true,
      envAliases: ["INFOBLOX_USERNAME"]
    },
    {
      name: "infoblox-password",
      description: "The WAPI user's password.",
      required: true,
      secret: true,
      envAliases: ["INFOBLOX_PASSWORD"]
    },
    {
      name: "infoblox-view",
      description: `DNS view that holds the zones and gets the TXT records; \`${DEFAULT_VIEW}\` when neither it nor INFOBLOX_DNS_VIEW is set.`,
      envAliases: ["INFOBLOX_DNS_VIEW"]
    },
    {
      name: "infoblox-wapi-version",
      description: `WAPI version in the URL (\`/wapi/v${DEFAULT_WAPI_VERSION}/\`), 2.x; ${DEFAULT_WAPI_VERSION} when neither it nor INFOBLOX_WAPI_VERSION is set.`,
      envAliases: ["INFOBLOX_WAPI_VERSION"]
    },
    {
      name: "infoblox-ca-file",
      description: "PEM file with the CA that signed the Grid Manager's HTTPS certificate (its self-signed or private CA), trusted for this provider only, beside the system roots.",
      envAliases: ["INFOBLOX_CA_CERTIFICATE"]
    },
    {
      name: "infoblox-ttl",
      description: "TTL of the TXT records, in seconds.",
      default: "60"
    }
  ]
};
// src/dns/providers/infoblox/settings.ts
function given(values, name) {
  const value2 = optionalOption(values, name);
  return value2 === void 0 ? void 0 : { value: value2, source: name };
}
function parseHost(host, port) {
  if (/^http:\/\//i.test(host.value))
    throw new Error(`${host.source}: "${host.value}" is plain http; the WAPI is served over https only`);
  let url;
  try {
    url = new URL(/^https:\/\//i.test(host.value) ? host.value : `https://${host.value}`);
  } catch {
    throw new Error(`${host.source}: "${host.value}" is not a host name; expected one such as gm.example.com`);
  }
  if (url.username || url.password || url.search || url.hash || url.pathname.replace(/\/+$/, "") !== "")
    throw new Error(
      `${host.source}: "${host.value}" is not a host name; expected the Grid Manager's name alone, such as gm.example.com (the path /wapi/v\u2026 is added, credentials go in infoblox-username and infoblox-password)`
    );
  let portNumber = url.port === "" ? DEFAULT_PORT : Number(url.port);
  if (port !== void 0) {
    const number2 = Number(port.value);
    if (!/^\d+$/.test(port.value) || number2 < 1 || number2 > 65535)
      throw new Error(`${port.source}: "${port.value}" is not a port; expected a number from 1 to 65535`);
    if (url.port !== "" && number2 !== portNumber)
      throw new Error(`${port.source}: "${port.value}" differs from the port in ${host.source}; give the port once`);
    portNumber = number2;
  }
  return { origin: `https://${url.hostname}:${portNumber}` };
}
function parseVersion(version) {
  if (version === void 0) return DEFAULT_WAPI_VERSION;
  const text2 = version.value.replace(/^v/i, "");
  if (!/^2\.\d{1,2}(\.\d{1,2})?$/.test(text2))
    throw new Error(`${version.source}: "${version.value}" is not a WAPI version; expected 2.x, such as 2.11`);
  return text2;
}
function parseView(view) {
  if (view === void 0) return DEFAULT_VIEW;
  if (/[\u0000-\u001f\u007f]/.test(view.value) || view.value.length > 64)
    throw new Error(`${view.source}: "${view.value}" is not a DNS view name; expected a name such as default`);
  return view.value;
}
function parseUsername(username) {
  if (username === void 0)
    throw new Error("infoblox-username: missing; expected the WAPI user (or set INFOBLOX_USERNAME)");
  if (username.value.includes(":"))
    throw new Error(`${username.source}: contains ":", which HTTP basic authentication cannot carry in a user name`);
  return username.value;
}
function parseSettings(values) {
  const host = given(values, "infoblox-host");
  if (host === void 0)
    throw new Error(
      "infoblox-host: missing; expected the host name of the Grid Manager, such as gm.example.com (or set INFOBLOX_HOST)"
    );
  const { origin } = parseHost(host, given(values, "infoblox-port"));
  const wapiVersion = parseVersion(given(values, "infoblox-wapi-version"));
  const username = parseUsername(given(values, "infoblox-username"));
  const password = optionalOption(values, "infoblox-password") ?? "";
  if (password === "")
    throw new Error("infoblox-password: missing; expected the WAPI user's password (or set INFOBLOX_PASSWORD)");
  return {
    baseUrl: `${origin}/wapi/v${wapiVersion}`,
    username,
    password,
    view: parseView(given(values, "infoblox-view")),
    wapiVersion,
    caFile: given(values, "infoblox-ca-file")?.value,
    ttl: integerOption(values, "infoblox-ttl", 60, 0, 2147483647, "seconds")
  };
}
function asksToSkipVerification(env) {
  return ["false", "0", "no"].includes(env.INFOBLOX_SSL_VERIFY?.trim().toLowerCase() ?? "");
}
// src/dns/providers/infoblox/index.ts
var definition15 = {
  ...metadata19,
  configure(values) {
    const settings = parseSettings(values);
    return {
      name: "infoblox",
      description: `infoblox (view ${settings.view} at ${settings.baseUrl})`,
      async create(context) {
        if (asksToSkipVerification(context.env))
          context.logger.warn(
            "infoblox: INFOBLOX_SSL_VERIFY asks not to verify the Grid Manager certificate; certwright always verifies it: set infoblox-ca-file to the PEM of its CA instead"
          );
        const { createInfobloxProvider } = await __certwrightLoad("./provider-CXE7W7PZ.js");
        return createInfobloxProvider(settings, context);
      }
    };
  }
};
// src/dns/providers/linode/metadata.ts
var DEFAULT_API_URL10 = "https://api.linode.com/v4";
var MIN_TTL5 = 300;
var metadata20 = {
  name: "linode",
  description: "Linode (Akamai) DNS Manager through the API v4 with a personal access token (Domains: Read/Write)",
  options: [
    {
      name: "linode-token",
      description: "Linode personal access token with the scope Domains: Read/Write (`domains:read_write`), nothing else.",
      required: true,
      secret: true,
      envAliases: ["LINODE_TOKEN"]
    },
    {
      name: "linode-ttl",
      description: "TTL of the TXT records, in seconds (300, Linode's minimum, to 604800; Linode rounds up to its own steps).",
      default: String(MIN_TTL5)
    },
    {
      name: "linode-api-url",
      description: "Linode API base URL instead of the public v4 API (a local test endpoint).",
      default: DEFAULT_API_URL10
    }
  ]
};
// src/dns/providers/linode/index.ts
var definition16 = {
  ...metadata20,
  configure(values) {
    const token = requireOption(
      values,
      "linode-token",
      "a Linode personal access token with Domains: Read/Write (or set LINODE_TOKEN)"
    );
    if (/\s/.test(token))
      throw new Error("linode-token: contains whitespace; paste the token exactly as Linode showed it");
    const ttl = integerOption(values, "linode-ttl", MIN_TTL5, MIN_TTL5, 604800, "seconds");
    const apiUrl = urlOption(values, "linode-api-url", DEFAULT_API_URL10) ?? DEFAULT_API_URL10;
    const settings = { token, apiUrl, ttl };
    return {
      name: "linode",
      description: `linode (domains found by name${apiUrl !== DEFAULT_API_URL10 ? `, at ${apiUrl}` : ""})`,
      async create(context) {
        const { LinodeProvider } = await __certwrightLoad("./provider-44WCOD3K.js");
        return new LinodeProvider(settings, context);
      }
    };
  }
};
// src/dns/providers/ovh/metadata.ts
var ENDPOINTS = {
  "ovh-eu": "https://eu.api.ovh.com/1.0",
  "ovh-ca": "https://ca.api.ovh.com/1.0",
  "ovh-us": "https://api.us.ovhcloud.com/1.0",
  "kimsufi-eu": "https://eu.api.kimsufi.com/1.0",
  "kimsufi-ca": "https://ca.api.kimsufi.com/1.0",
  "soyoustart-eu": "https://eu.api.soyoustart.com/1.0",
  "soyoustart-ca": "https://ca.api.soyoustart.com/1.0"
};
var DEFAULT_ENDPOINT = "ovh-eu";
var MIN_TTL6 = 60;
var metadata21 = {
  name: "ovh",
  description: "OVHcloud DNS through the API 1.0 with signed requests (application key and secret, a consumer key limited to the zone)",
  options: [
    {
      name: "ovh-application-key",
      description: "OVH application key (AK), from createApp or createToken on the endpoint of your region.",
      required: true,
      secret: true,
      envAliases: ["OVH_APPLICATION_KEY"]
    },
    {
      name: "ovh-application-secret",
      description: "OVH application secret (AS) of that application key; it signs every request.",
      required: true,
      secret: true,
      envAliases: ["OVH_APPLICATION_SECRET"]
    },
    {
      name: "ovh-consumer-key",
      description: "OVH consumer key (CK) validated for the application, with GET, POST and DELETE on /domain/zone/<zone>/* only.",
      required: true,
      secret: true,
      envAliases: ["OVH_CONSUMER_KEY"]
    },
    {
      name: "ovh-endpoint",
      description: "OVH API endpoint: ovh-eu, ovh-ca, ovh-us, kimsufi-eu, kimsufi-ca, soyoustart-eu, soyoustart-ca, or a URL (a local test endpoint); ovh-eu when neither it nor OVH_ENDPOINT is set.",
      envAliases: ["OVH_ENDPOINT"]
    },
    {
      name: "ovh-ttl",
      description: "TTL of the TXT records, in seconds (60 to 86400).",
      default: String(MIN_TTL6)
    }
  ]
};
// src/dns/providers/ovh/index.ts
function endpointUrl2(text2, source) {
  const named = ENDPOINTS[text2.trim().toLowerCase()];
  if (named) return named;
  if (!/^https?:\/\//i.test(text2.trim()))
    throw new Error(
      `ovh-endpoint: "${text2}"${source} is neither an endpoint name (${Object.keys(ENDPOINTS).join(", ")}) nor a URL`
    );
  return urlOption({ "ovh-endpoint": text2.trim() }, "ovh-endpoint", ENDPOINTS[DEFAULT_ENDPOINT]);
}
function secretKey(values, name, variable) {
  const value2 = requireOption(values, name, `the OVH ${name.slice(4).replace(/-/g, " ")} (or set ${variable})`);
  if (/\s/.test(value2)) throw new Error(`${name}: contains whitespace; paste it exactly as OVH showed it`);
  return value2;
}
var definition17 = {
  ...metadata21,
  configure(values) {
    const applicationKey = secretKey(values, "ovh-application-key", "OVH_APPLICATION_KEY");
    const applicationSecret = secretKey(values, "ovh-application-secret", "OVH_APPLICATION_SECRET");
    const consumerKey = secretKey(values, "ovh-consumer-key", "OVH_CONSUMER_KEY");
    const given2 = values["ovh-endpoint"]?.trim();
    const apiUrl = endpointUrl2(given2 || DEFAULT_ENDPOINT, "");
    const ttl = integerOption(values, "ovh-ttl", MIN_TTL6, MIN_TTL6, 86400, "seconds");
    return {
      name: "ovh",
      description: `ovh (${given2 || DEFAULT_ENDPOINT})`,
      async create(context) {
        const { OvhProvider } = await __certwrightLoad("./provider-42WO4GHS.js");
        return new OvhProvider({ applicationKey, applicationSecret, consumerKey, apiUrl, ttl }, context);
      }
    };
  }
};
// src/dns/providers/powerdns/metadata.ts
var DEFAULT_SERVER_ID = "localhost";
var metadata22 = {
  name: "powerdns",
  description: "PowerDNS Authoritative Server through its HTTP API (v1) with the X-API-Key",
  options: [
    {
      name: "powerdns-api-url",
      description: "PowerDNS API origin, such as https://pdns.example.com:8081 (the server's `webserver-address` and `webserver-port`, or a TLS proxy in front of them); the `/api/v1` paths are appended. Plain http only to a loopback address.",
      required: true
    },
    {
      name: "powerdns-api-key",
      description: "PowerDNS API key (the server's `api-key` setting), sent as X-API-Key.",
      required: true,
      secret: true,
      envAliases: ["PDNS_API_KEY"]
    },
    {
      name: "powerdns-server-id",
      description: "Server id in the API paths (`/api/v1/servers/<id>`); `localhost` on every Authoritative Server.",
      default: DEFAULT_SERVER_ID
    },
    {
      name: "powerdns-ttl",
      description: "TTL of a TXT record set certwright creates, in seconds (a set that exists keeps its TTL).",
      default: "60"
    }
  ]
};
// src/dns/providers/powerdns/index.ts
var definition18 = {
  ...metadata22,
  configure(values) {
    const given2 = requireOption(
      values,
      "powerdns-api-url",
      "the PowerDNS API origin, such as https://pdns.example.com:8081 (the server's webserver address)"
    );
    const apiUrl = (urlOption(values, "powerdns-api-url", "https://pdns.example.com:8081") ?? given2).replace(
      /\/api(\/v1)?$/,
      ""
    );
    const apiKey = requireOption(
      values,
      "powerdns-api-key",
      "the PowerDNS API key, the server's api-key setting (or set PDNS_API_KEY)"
    );
    if (/\s/.test(apiKey))
      throw new Error("powerdns-api-key: contains whitespace; paste the key exactly as the server's api-key holds it");
    const serverId = values["powerdns-server-id"]?.trim() || DEFAULT_SERVER_ID;
    if (!/^[A-Za-z0-9._-]+$/.test(serverId))
      throw new Error(`powerdns-server-id: "${serverId}" is not a server id; expected one such as localhost`);
    const ttl = integerOption(values, "powerdns-ttl", 60, 1, 86400, "seconds");
    const settings = { apiUrl, apiKey, serverId, ttl };
    return {
      name: "powerdns",
      description: `powerdns (server ${serverId} at ${apiUrl})`,
      async create(context) {
        const { PowerDnsProvider } = await __certwrightLoad("./provider-SC25D6LT.js");
        return new PowerDnsProvider(settings, context);
      }
    };
  }
};
// src/dns/providers/rfc2136/tsig.ts
// src/dns/wire.ts
var import_dns_packet = __toESM2(require_dns_packet(), 1);
function newMessageId() {
  return (0, import_node_crypto8.randomInt)(0, 65536);
}
function messageKey(message) {
  try {
    if (message.length < 12) return void 0;
    const flags = message.readUInt16BE(2);
    const questions = [];
    let offset = 12;
    for (let i = 0; i < message.readUInt16BE(4); i++) {
      const name = nameCodec.decode(message, offset);
      offset += nameCodec.decode.bytes;
      questions.push(
        `${name.toLowerCase().replace(/\.$/, "")} ${message.readUInt16BE(offset)} ${message.readUInt16BE(offset + 2)}`
      );
      offset += 4;
    }
    return {
      id: message.readUInt16BE(0),
      response: (flags & 32768) !== 0,
      opcode: flags >> 11 & 15,
      rcode: flags & 15,
      questions
    };
  } catch {
    return void 0;
  }
}
var FORMERR = 1;
var NOTIMP = 4;
function answersQuery(query2, reply) {
  const asked = messageKey(query2);
  const got = messageKey(reply);
  if (!asked || !got || !got.response || got.id !== asked.id || got.opcode !== asked.opcode) return false;
  if (got.questions.length === 0 && (got.rcode === FORMERR || got.rcode === NOTIMP)) return true;
  return got.questions.length === asked.questions.length && got.questions.every((q, i) => q === asked.questions[i]);
}
var nodeDns = lazyBuiltin("node:dns");
function lookupAddress(host, family, callback) {
  const version = (0, import_node_net5.isIP)(host);
  if (version !== 0) process.nextTick(callback, null, host, version);
  else nodeDns().lookup(host, typeof family === "number" ? { family } : family, callback);
}
function exchangeUdp(server, message, timeoutMs) {
  return new Promise((resolve, reject) => {
    const socket = import_node_dgram.default.createSocket({ type: (0, import_node_net5.isIP)(server.host) === 6 ? "udp6" : "udp4", lookup: lookupAddress });
    let ignored = 0;
    const timer = setTimeout(() => {
      const why = ignored > 0 ? ` (ignored ${ignored} repl${ignored === 1 ? "y" : "ies"} to another query)` : "";
      finish(new Error(`dns: no UDP answer from ${formatServerAddress(server)} within ${timeoutMs} ms${why}`));
    }, timeoutMs);
    function finish(error2, reply) {
      clearTimeout(timer);
      socket.close();
      if (error2) reject(error2);
      else resolve(reply);
    }
    socket.on("message", (reply) => {
      if (answersQuery(message, reply)) finish(void 0, reply);
      else ignored++;
    });
    socket.on(
      "error",
      (error2) => finish(new Error(`dns: UDP to ${formatServerAddress(server)} failed`, { cause: error2 }))
    );
    socket.once("connect", () => socket.send(message));
    socket.connect(server.port, server.host);
  });
}
function exchangeTcp(server, message, timeoutMs) {
  return new Promise((resolve, reject) => {
    const socket = import_node_net4.default.connect({ host: server.host, port: server.port });
    let received = Buffer.alloc(0);
    socket.setTimeout(
      timeoutMs,
      () => socket.destroy(new Error(`dns: no TCP answer from ${formatServerAddress(server)} within ${timeoutMs} ms`))
    );
    socket.on("connect", () => {
      const length = Buffer.alloc(2);
      length.writeUInt16BE(message.length);
      socket.write(Buffer.concat([length, message]));
    });
    socket.on("data", (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= 2 && received.length >= 2 + received.readUInt16BE(0)) {
        socket.end();
        const reply = received.subarray(2, 2 + received.readUInt16BE(0));
        if (answersQuery(message, reply)) resolve(reply);
        else reject(new Error(`dns: ${formatServerAddress(server)} answered another query over TCP`));
      }
    });
    socket.on(
      "error",
      (error2) => reject(new Error(`dns: TCP to ${formatServerAddress(server)} failed`, { cause: error2 }))
    );
    socket.on(
      "close",
      () => reject(new Error(`dns: ${formatServerAddress(server)} closed the TCP connection without a full answer`))
    );
  });
}
var TRUNCATED = 1 << 9;
async function exchange2(server, message, options = {}) {
  const timeoutMs = options.timeoutMs ?? 3e3;
  if (options.tcp || message.length > 512) return exchangeTcp(server, message, timeoutMs);
  const reply = await exchangeUdp(server, message, timeoutMs);
  if (reply.length >= 4 && reply.readUInt16BE(2) & TRUNCATED) return exchangeTcp(server, message, timeoutMs);
  return reply;
}
async function query(server, name, type, options = {}) {
  const message = import_dns_packet.default.encode({
    type: "query",
    id: newMessageId(),
    flags: options.recursive ? import_dns_packet.default.RECURSION_DESIRED : 0,
    questions: [{ type, name, class: "IN" }]
  });
  const reply = import_dns_packet.default.decode(await exchange2(server, message, options));
  return {
    rcode: reply.rcode ?? "NOERROR",
    authoritative: ((reply.flags ?? 0) & import_dns_packet.default.AUTHORITATIVE_ANSWER) !== 0,
    answers: reply.answers ?? [],
    authorities: reply.authorities ?? []
  };
}
function txtValues(answers, name) {
  return answers.filter((answer) => answer.type === "TXT" && answer.name.toLowerCase() === name).map((answer) => {
    const data = answer.data;
    return Array.isArray(data) ? data.map((part) => part.toString()).join("") : data.toString();
  });
}
function answerText(answer) {
  return String(answer.data);
}
var nameCodec = import_dns_packet.default.name;
function encodeName(name) {
  return nameCodec.encode(name);
}
function decodeName(buf, offset) {
  return nameCodec.decode(buf, offset);
}
// src/dns/providers/rfc2136/tsig.ts
var TSIG_ALGORITHMS = ["hmac-sha256", "hmac-sha384", "hmac-sha512", "hmac-sha224", "hmac-sha1"];
var TYPE_TSIG = 250;
var CLASS_ANY = 255;
var DEFAULT_FUDGE = 300;
var TSIG_ERRORS = { 16: "BADSIG", 17: "BADKEY", 18: "BADTIME", 22: "BADTRUNC" };
function wireName(name) {
  return encodeName(name.toLowerCase().replace(/\.$/, ""));
}
function hmacName(algorithm) {
  return algorithm.slice("hmac-".length);
}
function uint48(value2) {
  const buf = Buffer.alloc(6);
  buf.writeUIntBE(value2, 0, 6);
  return buf;
}
function uint16(value2) {
  const buf = Buffer.alloc(2);
  buf.writeUInt16BE(value2);
  return buf;
}
function tsigVariables(key, timeSigned, fudge, error2, other) {
  return Buffer.concat([
    wireName(key.name),
    uint16(CLASS_ANY),
    Buffer.alloc(4),
    // TTL 0
    wireName(key.algorithm),
    uint48(timeSigned),
    uint16(fudge),
    uint16(error2),
    uint16(other.length),
    other
  ]);
}
function signMessage(message, key, timeSigned) {
  const mac = (0, import_node_crypto7.createHmac)(hmacName(key.algorithm), key.secret).update(message).update(tsigVariables(key, timeSigned, DEFAULT_FUDGE, 0, Buffer.alloc(0))).digest();
  const rdata = Buffer.concat([
    wireName(key.algorithm),
    uint48(timeSigned),
    uint16(DEFAULT_FUDGE),
    uint16(mac.length),
    mac,
    message.subarray(0, 2),
    // original ID
    uint16(0),
    uint16(0)
  ]);
  const record = Buffer.concat([
    wireName(key.name),
    uint16(TYPE_TSIG),
    uint16(CLASS_ANY),
    Buffer.alloc(4),
    uint16(rdata.length),
    rdata
  ]);
  const signed = Buffer.concat([message, record]);
  signed.writeUInt16BE(message.readUInt16BE(10) + 1, 10);
  return { signed, mac };
}
function skipName(buf, offset) {
  for (; ; ) {
    const length = buf.readUInt8(offset);
    if (length === 0) return offset + 1;
    if ((length & 192) === 192) return offset + 2;
    offset += length + 1;
  }
}
function lastRecordOffset(buf) {
  const counts = [buf.readUInt16BE(4), buf.readUInt16BE(6), buf.readUInt16BE(8), buf.readUInt16BE(10)];
  const [questions = 0, ...sections] = counts;
  const records = sections.reduce((sum, n) => sum + n, 0);
  if (records === 0) return void 0;
  let offset = 12;
  for (let i = 0; i < questions; i++) offset = skipName(buf, offset) + 4;
  let last = offset;
  for (let i = 0; i < records; i++) {
    last = offset;
    offset = skipName(buf, offset);
    offset += 10 + buf.readUInt16BE(offset + 8);
  }
  return last;
}
function hasTsig(reply) {
  const offset = lastRecordOffset(reply);
  return offset !== void 0 && reply.readUInt16BE(skipName(reply, offset)) === TYPE_TSIG;
}
function verifyReply(reply, key, requestMac, now) {
  const offset = lastRecordOffset(reply);
  const nameEnd = offset === void 0 ? 0 : skipName(reply, offset);
  if (offset === void 0 || reply.readUInt16BE(nameEnd) !== TYPE_TSIG) {
    throw new Error("tsig: the reply is not signed; the server may not know the key");
  }
  const ownerName = decodeName(reply, offset).toLowerCase();
  let p = nameEnd + 10;
  const algorithm = decodeName(reply, p).toLowerCase();
  p = skipName(reply, p);
  const timeSigned = reply.readUIntBE(p, 6);
  const fudge = reply.readUInt16BE(p + 6);
  const macSize = reply.readUInt16BE(p + 8);
  const mac = reply.subarray(p + 10, p + 10 + macSize);
  p += 10 + macSize;
  const originalId = reply.readUInt16BE(p);
  const error2 = reply.readUInt16BE(p + 2);
  const other = reply.subarray(p + 6, p + 6 + reply.readUInt16BE(p + 4));
  if (error2 !== 0) {
    throw new Error(
      `tsig: the server rejected the signature: ${TSIG_ERRORS[error2] ?? `error ${error2}`}; check the key name, algorithm and secret`
    );
  }
  if (ownerName !== key.name.toLowerCase().replace(/\.$/, "") || algorithm !== key.algorithm) {
    throw new Error(`tsig: the reply is signed with ${ownerName}/${algorithm}, not ${key.name}/${key.algorithm}`);
  }
  const unsigned = Buffer.from(reply.subarray(0, offset));
  unsigned.writeUInt16BE(originalId, 0);
  unsigned.writeUInt16BE(unsigned.readUInt16BE(10) - 1, 10);
  const expected = (0, import_node_crypto7.createHmac)(hmacName(key.algorithm), key.secret).update(uint16(requestMac.length)).update(requestMac).update(unsigned).update(tsigVariables(key, timeSigned, fudge, error2, other)).digest();
  if (mac.length !== expected.length || !(0, import_node_crypto7.timingSafeEqual)(mac, expected)) {
    throw new Error("tsig: the reply signature does not verify; the reply may be forged or the secret differs");
  }
  if (Math.abs(now - timeSigned) > fudge) {
    throw new Error(
      `tsig: the reply was signed ${Math.abs(now - timeSigned)} s away from this clock (fudge ${fudge} s); check the clocks`
    );
  }
}
// src/dns/providers/rfc2136/metadata.ts
var metadata23 = {
  name: "rfc2136",
  description: "RFC 2136 dynamic DNS updates signed with TSIG (BIND, Knot, PowerDNS, ...)",
  options: [
    {
      name: "rfc2136-server",
      description: "Primary server that accepts UPDATEs, as host or host:port (port 53 by default).",
      required: true,
      envAliases: ["RFC2136_NAMESERVER"]
    },
    {
      name: "rfc2136-tsig-key",
      description: "TSIG key name, as in the server configuration.",
      required: true,
      envAliases: ["RFC2136_TSIG_KEY"]
    },
    {
      name: "rfc2136-tsig-secret",
      description: "TSIG secret, base64 (the `secret` of `tsig-keygen` output).",
      required: true,
      secret: true,
      envAliases: ["RFC2136_TSIG_SECRET"]
    },
    {
      name: "rfc2136-tsig-algorithm",
      description: `TSIG algorithm: ${TSIG_ALGORITHMS.join(", ")}.`,
      default: "hmac-sha256"
    },
    { name: "rfc2136-ttl", description: "TTL of the TXT records, in seconds.", default: "60" }
  ]
};
// src/dns/plan.ts
async function planChallengeRecords(challenges, resolver) {
  const targets = /* @__PURE__ */ new Map();
  const targetOf = (name) => {
    let target = targets.get(name);
    if (!target) {
      target = resolver.followCnames(name).then(async (fqdn) => ({ fqdn, zone: await resolver.findZone(fqdn) }));
      targets.set(name, target);
    }
    return target;
  };
  return Promise.all(
    challenges.map(async ({ domain, value: value2 }) => ({ domain, value: value2, ...await targetOf(challengeRecordName(domain)) }))
  );
}
function warmChallengeTargets(domains, resolver) {
  for (const name of new Set(domains.map(challengeRecordName))) {
    resolver.followCnames(name).then((fqdn) => resolver.findZone(fqdn)).catch(() => void 0);
  }
}
function groupByZone(records) {
  const groups = /* @__PURE__ */ new Map();
  for (const record of records) {
    const group = groups.get(record.zone) ?? [];
    group.push(record);
    groups.set(record.zone, group);
  }
  return groups;
}
// src/dns/providers/rfc2136/update.ts
var OPCODE_UPDATE = 5;
var TYPE_TXT = 16;
var TYPE_SOA = 6;
var CLASS_IN = 1;
var CLASS_NONE = 254;
function txtRdata(value2) {
  const bytes = Buffer.from(value2, "utf8");
  const parts = [];
  for (let i = 0; i < bytes.length || i === 0; i += 255) {
    const chunk = bytes.subarray(i, i + 255);
    parts.push(Buffer.from([chunk.length]), chunk);
  }
  return Buffer.concat(parts);
}
function resourceRecord(name, klass, ttl, rdata) {
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(TYPE_TXT, 0);
  fixed.writeUInt16BE(klass, 2);
  fixed.writeUInt32BE(ttl, 4);
  fixed.writeUInt16BE(rdata.length, 8);
  return Buffer.concat([encodeName(name), fixed, rdata]);
}
function buildUpdateMessage(id, zone, changes) {
  const updates = [
    ...(changes.add ?? []).map((c) => resourceRecord(c.name, CLASS_IN, changes.ttl, txtRdata(c.value))),
    ...(changes.remove ?? []).map((c) => resourceRecord(c.name, CLASS_NONE, 0, txtRdata(c.value)))
  ];
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(OPCODE_UPDATE << 11, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(0, 6);
  header.writeUInt16BE(updates.length, 8);
  header.writeUInt16BE(0, 10);
  const zoneSection = Buffer.concat([encodeName(zone), Buffer.from([0, TYPE_SOA, 0, CLASS_IN])]);
  return Buffer.concat([header, zoneSection, ...updates]);
}
var RCODES = [
  "NOERROR",
  "FORMERR",
  "SERVFAIL",
  "NXDOMAIN",
  "NOTIMP",
  "REFUSED",
  "YXDOMAIN",
  "YXRRSET",
  "NXRRSET",
  "NOTAUTH",
  "NOTZONE"
];
function replyCode(reply) {
  const code = reply.readUInt16BE(2) & 15;
  return RCODES[code] ?? `RCODE ${code}`;
}
// src/dns/providers/rfc2136/provider.ts
function tsigTime() {
  return Math.floor(Date.now() / 1e3);
}
function unsignedRefusal(where, rcode, zone, key) {
  return `rfc2136: ${where} answered ${rcode} to the UPDATE of zone ${zone} without signing the answer: it did not accept key ${key.name}; check that rfc2136-tsig-key (${key.name}), rfc2136-tsig-algorithm (${key.algorithm}) and rfc2136-tsig-secret match a key the server has, and that this key may update TXT records in zone ${zone} (BIND: update-policy; PowerDNS: the zone's TSIG-ALLOW-DNSUPDATE metadata and allow-dnsupdate-from)`;
}
var Rfc2136Provider = class {
  constructor(settings, context) {
    this.settings = settings;
    this.context = context;
  }
  settings;
  context;
  name = "rfc2136";
  async createRecords(records) {
    await Promise.all(
      [...groupByZone(records)].map(
        ([zone, zoneRecords]) => this.update(zone, { add: zoneRecords.map((r) => ({ name: r.fqdn, value: r.value })) })
      )
    );
  }
  async deleteRecords(records) {
    await Promise.all(
      [...groupByZone(records)].map(
        ([zone, zoneRecords]) => this.update(zone, { remove: zoneRecords.map((r) => ({ name: r.fqdn, value: r.value })) })
      )
    );
  }
  async update(zone, changes) {
    const { server, key, ttl, timeoutMs } = this.settings;
    const message = buildUpdateMessage(newMessageId(), zone, { ...changes, ttl });
    const { signed, mac } = signMessage(message, key, tsigTime());
    const where = `${formatServerAddress(server)} (rfc2136-server)`;
    let reply;
    try {
      reply = await exchange2(server, signed, { timeoutMs });
    } catch (udpError) {
      try {
        reply = await exchange2(server, signed, { timeoutMs, tcp: true });
      } catch (cause) {
        throw new Error(`rfc2136: no answer from ${where} to the UPDATE of zone ${zone}; check the address and port`, {
          cause
        });
      }
      this.context.logger.debug(`rfc2136: UDP failed (${udpError.message}); TCP answered`);
    }
    const rcode = replyCode(reply);
    if (rcode === "NOTAUTH" || rcode === "REFUSED") {
      if (!hasTsig(reply)) throw new Error(unsignedRefusal(where, rcode, zone, key));
      try {
        verifyReply(reply, key, mac, tsigTime());
      } catch (cause) {
        throw new Error(
          `rfc2136: ${where} answered ${rcode} to the UPDATE of zone ${zone}: ${cause.message}`,
          { cause }
        );
      }
      throw new Error(
        `rfc2136: ${where} answered ${rcode} to the UPDATE of zone ${zone}; check that key ${key.name} may update TXT records there (BIND: update-policy; PowerDNS: the zone's TSIG-ALLOW-DNSUPDATE metadata)`
      );
    }
    try {
      verifyReply(reply, key, mac, tsigTime());
    } catch (cause) {
      throw new Error(`rfc2136: the reply from ${where} failed TSIG verification`, { cause });
    }
    if (rcode !== "NOERROR") {
      throw new Error(
        `rfc2136: ${where} answered ${rcode} to the UPDATE of zone ${zone}; is it the primary server for ${zone}?`
      );
    }
  }
};
// src/dns/providers/rfc2136/index.ts
function requireValue(values, name, expected) {
  const value2 = values[name]?.trim();
  if (!value2) throw new Error(`${name}: missing; expected ${expected}`);
  return value2;
}
var definition19 = {
  ...metadata23,
  configure(values) {
    const server = parseServerAddress(
      requireValue(values, "rfc2136-server", "the primary server as host:port, such as 127.0.0.1:53"),
      "rfc2136-server"
    );
    const keyName = requireValue(values, "rfc2136-tsig-key", "the TSIG key name, such as certwright-key");
    const secretText = requireValue(
      values,
      "rfc2136-tsig-secret",
      "the base64 TSIG secret (or set CERTWRIGHT_RFC2136_TSIG_SECRET)"
    );
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(secretText) || secretText.length % 4 !== 0) {
      throw new Error(
        'rfc2136-tsig-secret: not valid base64; expected the secret line of tsig-keygen output, such as "kH3...=="'
      );
    }
    const algorithm = (values["rfc2136-tsig-algorithm"]?.trim() || "hmac-sha256").toLowerCase().replace(/\.$/, "");
    if (!TSIG_ALGORITHMS.includes(algorithm)) {
      throw new Error(
        `rfc2136-tsig-algorithm: "${algorithm}" is not supported; expected one of ${TSIG_ALGORITHMS.join(", ")}`
      );
    }
    const ttlText = values["rfc2136-ttl"]?.trim() || "60";
    const ttl = Number(ttlText);
    if (!/^\d+$/.test(ttlText) || ttl < 1 || ttl > 86400) {
      throw new Error(`rfc2136-ttl: "${ttlText}" is not a TTL; expected whole seconds from 1 to 86400`);
    }
    const settings = {
      server,
      key: { name: keyName, algorithm, secret: Buffer.from(secretText, "base64") },
      ttl,
      timeoutMs: 5e3
    };
    return {
      name: "rfc2136",
      description: `rfc2136 at ${formatServerAddress(server)} with TSIG key ${keyName} (${algorithm})`,
      create: (context) => Promise.resolve(new Rfc2136Provider(settings, context))
    };
  }
};
// src/dns/providers/route53/index.ts
var ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
var definition20 = {
  ...metadata4,
  configure(values) {
    const zoneIds = ZoneIds.parse(
      values,
      "route53-hosted-zone-id",
      /^(\/?hostedzone\/)?[A-Z0-9]{1,32}$/,
      "Z0123456789EXAMPLE"
    );
    const roleArn = values["route53-assume-role-arn"]?.trim();
    if (roleArn && !ROLE_ARN.test(roleArn)) {
      throw new Error(
        `route53-assume-role-arn: "${roleArn}" is not an IAM role ARN; expected one such as arn:aws:iam::123456789012:role/certwright-dns`
      );
    }
    const externalId = values["route53-external-id"]?.trim();
    if (externalId && !roleArn)
      throw new Error("route53-external-id: given without route53-assume-role-arn; set the role that requires it");
    const region = values["route53-region"]?.trim() || "us-east-1";
    if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region))
      throw new Error(`route53-region: "${region}" is not an AWS region; expected one such as us-east-1`);
    const endpoint = urlOption(values, "route53-endpoint", "https://route53.amazonaws.com");
    const settings = {
      zoneIds,
      privateZone: booleanOption(values, "route53-private-zone", false),
      ...roleArn ? { assumeRole: { arn: roleArn, ...externalId ? { externalId } : {} } } : {},
      region,
      ...endpoint ? { endpoint } : {},
      waitInsync: booleanOption(values, "route53-wait-insync", true),
      ttl: integerOption(values, "route53-ttl", 60, 1, 172800, "seconds")
    };
    const parts = [
      zoneIds.isEmpty ? `${settings.privateZone ? "private" : "public"} zones found by name` : `hosted zone ${zoneIds.describe()}`,
      ...roleArn ? [`as ${roleArn}`] : [],
      ...endpoint ? [`at ${endpoint}`] : []
    ];
    return {
      name: "route53",
      description: `route53 (${parts.join(", ")})`,
      async create(context) {
        const { Route53Provider } = await __certwrightLoad("./provider-UWCD7NUB.js");
        return new Route53Provider(settings, context);
      }
    };
  }
};
// src/dns/providers/vultr/metadata.ts
var DEFAULT_API_URL11 = "https://api.vultr.com/v2";
var metadata24 = {
  name: "vultr",
  description: "Vultr DNS through the API v2 with an API key (a user limited to the Manage DNS permission)",
  options: [
    {
      name: "vultr-api-key",
      description: "Vultr API key, best of a user with only the Manage DNS permission, and an Access Control list allowing the runner's addresses.",
      required: true,
      secret: true,
      envAliases: ["VULTR_API_KEY"]
    },
    {
      name: "vultr-ttl",
      description: "TTL of the TXT records, in seconds (30 to 86400).",
      default: "120"
    },
    {
      name: "vultr-api-url",
      description: "Vultr API base URL instead of the public v2 API (a local test endpoint).",
      default: DEFAULT_API_URL11
    }
  ]
};
// src/dns/providers/vultr/index.ts
var definition21 = {
  ...metadata24,
  configure(values) {
    const token = requireOption(values, "vultr-api-key", "a Vultr API key (or set VULTR_API_KEY)");
    if (/\s/.test(token))
      throw new Error("vultr-api-key: contains whitespace; paste the key exactly as Vultr showed it");
    const ttl = integerOption(values, "vultr-ttl", 120, 30, 86400, "seconds");
    const apiUrl = urlOption(values, "vultr-api-url", DEFAULT_API_URL11) ?? DEFAULT_API_URL11;
    const settings = { token, apiUrl, ttl };
    return {
      name: "vultr",
      description: `vultr (domains found by listing${apiUrl !== DEFAULT_API_URL11 ? `, at ${apiUrl}` : ""})`,
      async create(context) {
        const { VultrProvider } = await __certwrightLoad("./provider-SKGTZVSK.js");
        return new VultrProvider(settings, context);
      }
    };
  }
};
// src/dns/providers/index.ts
var PROVIDERS = [
  definition4,
  definition5,
  definition6,
  definition7,
  definition8,
  definition9,
  definition10,
  definition11,
  definition12,
  definition13,
  definition14,
  definition15,
  definition16,
  definition17,
  definition18,
  definition19,
  definition20,
  definition21
];
// src/renewal/schedule.ts
var FIELDS2 = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  {
    name: "month",
    min: 1,
    max: 12,
    names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
  },
  { name: "day of week", min: 0, max: 6, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] }
];
function parseValue(text2, field, expression) {
  const names2 = "names" in field ? field.names : [];
  const byName = names2.indexOf(text2.toUpperCase());
  const value2 = byName >= 0 ? byName + field.min : Number(text2);
  const ok = Number.isInteger(value2) && /^\w+$/.test(text2) && value2 >= field.min && (value2 <= field.max || field.name === "day of week" && value2 === 7);
  if (!ok)
    throw new Error(`schedule: "${expression}": ${field.name} "${text2}" is out of range ${field.min}-${field.max}`);
  return field.name === "day of week" && value2 === 7 ? 0 : value2;
}
function parseCron(expression) {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5)
    throw new Error(`schedule: "${expression}" is not a cron expression; expected five fields, such as "17 4 * * *"`);
  const sets = parts.map((part, i) => {
    const field = FIELDS2[i];
    const set2 = /* @__PURE__ */ new Set();
    for (const item of part.split(",")) {
      const [range = "", stepText] = item.split("/");
      const step = stepText === void 0 ? 1 : Number(stepText);
      if (!Number.isInteger(step) || step < 1)
        throw new Error(`schedule: "${expression}": bad step "${stepText}" in the ${field.name} field`);
      let [from, to] = [field.min, field.max];
      if (range !== "*") {
        const [a = "", b] = range.split("-");
        from = parseValue(a, field, expression);
        to = b === void 0 ? stepText === void 0 ? from : field.max : parseValue(b, field, expression);
      }
      for (let v = from; v <= to; v += step) set2.add(v);
    }
    return set2;
  });
  return { expression: expression.trim(), sets, anyDay: parts[2] === "*", anyWeekday: parts[4] === "*" };
}
function dayMatches(cron, date) {
  const [, , days, , weekdays] = cron.sets;
  const dom = days.has(date.getUTCDate());
  const dow = weekdays.has(date.getUTCDay());
  if (!cron.anyDay && !cron.anyWeekday) return dom || dow;
  return dom && dow;
}
function nextCronRun(cron, after) {
  const [minutes, hours, , months] = cron.sets;
  const t = new Date(after.getTime());
  t.setUTCSeconds(0, 0);
  t.setUTCMinutes(t.getUTCMinutes() + 1);
  const limit = after.getTime() + 5 * 366 * 864e5;
  while (t.getTime() <= limit) {
    if (!months.has(t.getUTCMonth() + 1)) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1);
      t.setUTCHours(0, 0);
    } else if (!dayMatches(cron, t)) {
      t.setUTCDate(t.getUTCDate() + 1);
      t.setUTCHours(0, 0);
    } else if (!hours.has(t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0);
    } else if (!minutes.has(t.getUTCMinutes())) {
      t.setUTCMinutes(t.getUTCMinutes() + 1);
    } else {
      return t;
    }
  }
  throw new Error(`schedule: "${cron.expression}" never fires`);
}
// src/config/inputs.ts
var SERVER_ALIASES = {
  letsencrypt: "https://acme-v02.api.letsencrypt.org/directory",
  "letsencrypt-staging": "https://acme-staging-v02.api.letsencrypt.org/directory"
};
var DEFAULT_OUTPUT_DIR = "certificates";
var CORE_INPUTS = [
  {
    name: "domains",
    kind: "list",
    description: "Names for the certificate, separated by commas, spaces or newlines; `*.example.com` for a wildcard. The first is the subject.",
    required: true,
    cliAliases: ["d", "domain"],
    repeatable: true
  },
  {
    name: "email",
    kind: "list",
    description: "Contact e-mail(s) for the ACME account, comma-separated.",
    cliAliases: ["m"],
    repeatable: true
  },
  {
    name: "agree-tos",
    description: "Accept the CA's terms of service (required by most CAs to register).",
    default: "false",
    flag: true
  },
  {
    name: "server",
    kind: "url",
    description: "ACME directory URL, or `letsencrypt` / `letsencrypt-staging`. A list (commas or newlines; CLI: repeat `--server`) names fallback CAs, tried in order when the one before is unreachable, keeps failing with 5xx or is rate limited; eab-kid / eab-hmac-key then go to the CAs that require EAB.",
    default: "letsencrypt",
    repeatable: true
  },
  {
    name: "server-ca-file",
    description: "PEM file of an extra CA to trust for the ACME server (a private CA, or Pebble in tests)."
  },
  { name: "eab-kid", description: "External Account Binding key ID from your CA." },
  { name: "eab-hmac-key", description: "External Account Binding HMAC key (base64url) from your CA.", secret: true },
  {
    name: "key-type",
    description: `Certificate key: ${KEY_TYPES.join(", ")}; \`ecdsa\` and \`rsa\` (with rsa-key-size / elliptic-curve) as in certbot.`,
    default: "ecdsa-p256"
  },
  { name: "rsa-key-size", kind: "integer", description: "With key-type `rsa`: 2048, 3072 or 4096." },
  { name: "elliptic-curve", description: "With key-type `ecdsa`: secp256r1 or secp384r1." },
  {
    name: "cert-name",
    description: "Name of the certificate and its output folder. Default: the first domain, without `*.`."
  },
  {
    name: "preferred-chain",
    description: "Common name of the root (or issuer) to prefer when the CA offers alternate chains."
  },
  {
    name: "profile",
    description: "ACME profile to request, one of those in the CA's directory `meta.profiles`; strict: the run fails when the CA does not offer it. A changed profile renews."
  },
  {
    name: "preferred-profile",
    description: "ACME profile to request when the CA offers it (`meta.profiles`); otherwise the CA's default profile, with a warning. Not with `profile`."
  },
  {
    name: "dns-provider",
    description: "DNS provider that writes the TXT records: see the provider table.",
    required: true,
    cliAliases: ["dns"],
    // A zone of a config file's entry names its own provider.
    file: { levels: ["top", "certificate", "zone"] }
  },
  {
    name: "nameservers",
    kind: "list",
    description: "Authoritative servers (host:port, comma-separated) to check for propagation instead of the zone's NS set; also asked to find zones.",
    repeatable: true
  },
  {
    name: "resolvers",
    kind: "list",
    description: "Recursive resolvers (host:port, comma-separated) for zone discovery and CNAME following. Default: the system resolvers.",
    repeatable: true
  },
  {
    name: "propagation",
    description: "`check` waits until every authoritative nameserver serves the TXT values; `skip` trusts the provider.",
    default: "check"
  },
  {
    name: "propagation-timeout",
    kind: "seconds",
    description: "Seconds to wait for propagation before failing.",
    default: "120"
  },
  {
    name: "propagation-interval",
    kind: "seconds",
    description: "Seconds between propagation checks (decimals allowed).",
    default: "0.5"
  },
  {
    name: "output-dir",
    description: "Folder for the certificate files; they go to `<output-dir>/<cert-name>/`. Default: `certificates` in the CLI, `$RUNNER_TEMP/certwright` in the Action (outside the workspace, so no upload or commit picks up the key)."
  },
  {
    name: "account-key-file",
    description: "PEM file holding the ACME account key; created (0600) when missing. Empty: a new account each run."
  },
  {
    name: "pfx",
    description: "Also write `cert.pfx` (PKCS#12, mode 0600): the key and full chain for Windows/IIS, Azure Key Vault and Java, rewritten with the other files. Needs pfx-password.",
    default: "false",
    flag: true
  },
  {
    name: "pfx-password",
    description: "Password of cert.pfx; required with pfx, since an empty one leaves the key readable and many Windows and Java tools refuse it.",
    secret: true
  },
  {
    name: "pfx-legacy",
    description: "Encrypt cert.pfx with 3DES and a SHA-1 MAC, for Windows Server 2016 and earlier and Java 8 before 8u301, instead of AES-256 and SHA-256 (as OpenSSL 3 writes).",
    default: "false",
    flag: true
  }
];
var value = optionalOption;
function parseDomains(text2) {
  const names2 = splitList(text2).map(normalizeName);
  if (names2.length === 0)
    throw new Error("domains: empty; expected at least one name, such as example.com, *.example.com");
  const seen = /* @__PURE__ */ new Set();
  for (const name of names2) {
    const problem = domainNameProblem(name);
    if (problem) throw new Error(`domains: "${name}" is not a valid certificate name: ${problem}`);
    if (seen.has(name)) throw new Error(`domains: "${name}" is listed twice; list each name once`);
    seen.add(name);
  }
  if (names2.length > 100)
    throw new Error(
      `domains: ${names2.length} names; CAs accept at most 100 per certificate, split them into several certificates`
    );
  return names2;
}
function parseBoolean(raw, name) {
  return booleanOption(raw, name, false);
}
function parseKeyType(raw) {
  const text2 = (value(raw, "key-type") ?? "ecdsa-p256").toLowerCase();
  const rsaSize = value(raw, "rsa-key-size");
  const curve = value(raw, "elliptic-curve");
  let keyType = text2;
  if (text2 === "rsa") keyType = `rsa-${rsaSize ?? "2048"}`;
  if (text2 === "ecdsa") {
    const curves = {
      secp256r1: "ecdsa-p256",
      "p-256": "ecdsa-p256",
      secp384r1: "ecdsa-p384",
      "p-384": "ecdsa-p384"
    };
    const mapped = curves[(curve ?? "secp256r1").toLowerCase()];
    if (!mapped) throw new Error(`elliptic-curve: "${curve}" is not supported; expected secp256r1 or secp384r1`);
    keyType = mapped;
  }
  if (!KEY_TYPES.includes(keyType)) {
    const what = text2 === "rsa" ? `rsa-key-size: "${rsaSize}" is not supported; expected 2048, 3072 or 4096` : `key-type: "${text2}" is not supported; expected one of ${KEY_TYPES.join(", ")}, ecdsa or rsa`;
    throw new Error(what);
  }
  return keyType;
}
var SERVER_URL_RULE = {
  expected: "an ACME directory URL such as https://acme-v02.api.letsencrypt.org/directory, or letsencrypt / letsencrypt-staging",
  plainHttp: "which ACME does not allow (RFC 8555 \xA76.1: anyone on the path could change what the CA answers)",
  loopback: "a loopback test server"
};
function parseServerList(raw, input = "server", otherwise = "letsencrypt") {
  const urls = splitList(value(raw, input) ?? otherwise).map(
    (text2) => parseUrl(input, SERVER_ALIASES[text2] ?? text2, SERVER_URL_RULE)
  );
  const twice = urls.find((url, index) => urls.indexOf(url) !== index);
  if (twice) throw new Error(`${input}: ${twice} is listed twice; list each CA once, in the order to try them`);
  return urls;
}
function parseServer(raw) {
  return parseServerList(raw)[0];
}
var SERVER_EAB_KEY = "server-eab";
function perServerEab(raw) {
  const items = JSON.parse(value(raw, SERVER_EAB_KEY) ?? "[]");
  const byUrl = /* @__PURE__ */ new Map();
  for (const item of items) {
    const url = parseUrl("server", SERVER_ALIASES[item.server] ?? item.server, SERVER_URL_RULE);
    try {
      const eab = parseEab({ "eab-kid": item.kid, "eab-hmac-key": item.hmacKey });
      if (eab) byUrl.set(url, eab);
    } catch (error2) {
      throw new Error(`server: ${url}: ${errorMessage(error2)}`, { cause: error2 });
    }
  }
  return byUrl;
}
function parseCaServers(raw) {
  const [first, ...rest] = parseServerList(raw);
  const shared = parseEab(raw);
  const own = perServerEab(raw);
  const eabOf = (url, alone) => {
    const mine = own.get(url) ?? (alone ? shared : void 0);
    if (mine) return { eab: mine };
    return shared ? { eabIfRequired: shared } : {};
  };
  return {
    directoryUrl: first,
    account: eabOf(first, rest.length === 0),
    ...rest.length > 0 ? { fallbacks: rest.map((url) => ({ directoryUrl: url, ...eabOf(url, false) })) } : {}
  };
}
function parseEmails(raw) {
  const emails = splitList(value(raw, "email"));
  for (const email of emails) {
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
      throw new Error(`email: "${email}" is not an e-mail address; expected name@example.com`);
  }
  return emails;
}
function parseEab(raw) {
  const kid = value(raw, "eab-kid");
  const hmacKey = value(raw, "eab-hmac-key");
  if (!kid && !hmacKey) return void 0;
  if (!kid) throw new Error("eab-kid: missing; eab-hmac-key was given, and External Account Binding needs both");
  if (!hmacKey) throw new Error("eab-hmac-key: missing; eab-kid was given, and External Account Binding needs both");
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(hmacKey))
    throw new Error("eab-hmac-key: not base64url; paste the HMAC key exactly as your CA shows it");
  return { kid, hmacKey };
}
function parsePfx(raw, friendlyName) {
  const legacy = parseBoolean(raw, "pfx-legacy");
  if (!parseBoolean(raw, "pfx")) return void 0;
  const password = value(raw, "pfx-password");
  if (!password)
    throw new Error(
      "pfx-password: missing; expected the password for cert.pfx (or set CERTWRIGHT_PFX_PASSWORD): pfx is on, and many Windows and Java tools refuse a PFX without one"
    );
  return { password, friendlyName, legacy };
}
function parseServers(raw, name) {
  const items = splitList(value(raw, name));
  return items.length === 0 ? void 0 : items.map((item) => parseServerAddress(item, name));
}
function parseProvider(raw) {
  const name = value(raw, "dns-provider");
  const names2 = PROVIDERS.map((p) => p.name).join(", ");
  if (!name) throw new Error(`dns-provider: missing; expected one of ${names2}`);
  const definition28 = PROVIDERS.find((p) => p.name === name.toLowerCase());
  if (!definition28) throw new Error(`dns-provider: "${name}" is not a known provider; expected one of ${names2}`);
  return definition28.configure(raw);
}
function parseCertificateRequest(raw, provider, settings) {
  const { name, domains } = parseCertificateNames(raw);
  const pfx = parsePfx(raw, name);
  return { name, domains, ...settings ?? parseCertificateSettings(raw, provider), ...pfx ? { pfx } : {} };
}
function parseCertificateNames(raw) {
  const domains = parseDomains(value(raw, "domains"));
  const name = value(raw, "cert-name") ?? (domains[0] ?? "").replace(/^\*\./, "");
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    throw new Error(
      `cert-name: "${name}" is not a usable name; expected letters, digits, dots, hyphens or underscores`
    );
  }
  return { name, domains };
}
var CERTIFICATE_NAME_INPUTS = ["domains", "cert-name"];
function parseCertificateSettings(raw, provider) {
  const propagationMode = value(raw, "propagation") ?? "check";
  if (propagationMode !== "check" && propagationMode !== "skip") {
    throw new Error(`propagation: "${propagationMode}" is not a mode; expected check or skip`);
  }
  const servers = parseCaServers(raw);
  const nameservers = parseServers(raw, "nameservers");
  const resolvers = parseServers(raw, "resolvers");
  const trustFile = value(raw, "server-ca-file");
  const preferredChain = value(raw, "preferred-chain");
  const profile = value(raw, "profile");
  const preferredProfile = value(raw, "preferred-profile");
  if (profile && preferredProfile)
    throw new Error("preferred-profile: set either profile (strict) or preferred-profile (with a fallback), not both");
  const keyFile = value(raw, "account-key-file");
  const emails = parseEmails(raw);
  const agreeTos = parseBoolean(raw, "agree-tos");
  return {
    keyType: parseKeyType(raw),
    ca: {
      ...servers,
      account: { emails, agreeTos, ...servers.account, ...keyFile ? { keyFile } : {} },
      ...trustFile ? { trustFile } : {},
      ...preferredChain ? { preferredChain } : {},
      ...profile ? { profile } : {},
      ...preferredProfile ? { preferredProfile } : {}
    },
    dns: {
      provider: provider ?? parseProvider(raw),
      propagation: {
        mode: propagationMode,
        timeoutMs: secondsOption(raw, "propagation-timeout", "120"),
        intervalMs: secondsOption(raw, "propagation-interval", "0.5")
      },
      ...nameservers ? { nameservers } : {},
      ...resolvers ? { resolvers } : {}
    },
    outputDir: value(raw, "output-dir") ?? DEFAULT_OUTPUT_DIR
  };
}
var PER_CERTIFICATE = { levels: ["top", "certificate"] };
var runWide = (why) => ({ levels: ["top"], runWide: why });
var RENEW_INPUTS = [
  {
    name: "config",
    description: "YAML file listing several certificates (each with its domains, and optionally a DNS provider per zone); renewed in one run with one summary.",
    file: { refused: "a config file cannot name another one; give config to the step (CLI: --config)" }
  },
  {
    name: "shard",
    description: "With `config`: `I/N` (1 <= I <= N) handles only the certificates that a stable hash of their name puts in shard I of N, for a job matrix (`shard: ${{ matrix.shard }}/4`). `{shard}` in `store` becomes I, so each shard keeps its own state and account.",
    file: {
      refused: "each job of the matrix has its own shard, while all of them read the same file; give it to the step (shard: ${{ matrix.shard }}/N; CLI: --shard)"
    }
  },
  {
    name: "max-new-orders",
    kind: "integer",
    description: "New orders per ACME account in any 3 hours (the state remembers earlier runs' orders); due certificates beyond it are deferred to the next run, the most urgent first, ARI renewals exempt. Let's Encrypt allows 300.",
    default: "250",
    file: runWide("it is the order budget of the run's ACME account")
  },
  // The stores' settings (src/store): in this order in the tables, a new store's after them.
  ...inOrder(storeOptions(), [
    "store",
    "state",
    "state-reset",
    "github-token",
    "artifact-retention-days",
    "artifact-branch",
    "github-repository",
    "github-api-url",
    "state-key"
  ]),
  {
    name: "force-renewal",
    description: "Renew even when not due.",
    default: "false",
    flag: true,
    file: PER_CERTIFICATE
  },
  {
    name: "reuse-key",
    description: "Keep the certificate's key when renewing.",
    default: "false",
    flag: true,
    file: PER_CERTIFICATE
  },
  {
    name: "account-rollover",
    description: "Replace the ACME account key at the CA (RFC 8555 \xA77.3.5) and in the state, at the start of this run, before any order; the account and its certificates stay. Needs a store. Set it for one run (a manual dispatch), not on a schedule: every run with it rolls the key over again.",
    default: "false",
    flag: true,
    file: runWide("it replaces the key of the run's ACME account")
  },
  {
    name: "dry-run",
    description: "Issue against dry-run-server and save nothing.",
    default: "false",
    flag: true,
    file: runWide("a dry run saves nothing, for every certificate of the run")
  },
  {
    name: "dry-run-server",
    kind: "url",
    description: "ACME directory for dry-run; like server, a list tries the next when one is down or rate limited.",
    repeatable: true,
    default: "letsencrypt-staging",
    file: PER_CERTIFICATE
  },
  {
    name: "renew-before-days",
    kind: "integer",
    description: "Without ARI: renew this many days before expiry instead of when a third of the lifetime is left.",
    file: PER_CERTIFICATE
  },
  {
    name: "warn-days",
    description: "Warn (an annotation in the Action, a warning line in the CLI) when a certificate expires within this many days, e.g. because its renewals keep failing. Default: a tenth of its lifetime, at most 7 days; `0` warns only once it has expired.",
    file: runWide("it is read for the run's report")
  },
  // Webhooks and the heartbeat (src/notify): the step's own, since their URLs are secrets.
  ...NOTIFY_OPTIONS,
  {
    name: "next-run",
    description: "When the next scheduled run starts (ISO 8601); a renewal due before it happens now.",
    file: PER_CERTIFICATE
  },
  {
    name: "schedule",
    description: "Cron schedule of the renewal workflow (UTC), to work out next-run.",
    file: PER_CERTIFICATE
  },
  { name: "pre-hook", description: "Command run before an actual renewal attempt.", file: PER_CERTIFICATE },
  {
    name: "post-hook",
    description: "Command run after an actual renewal attempt, success or not.",
    file: PER_CERTIFICATE
  },
  {
    name: "deploy-hook",
    description: "Command run once per new certificate, with RENEWED_LINEAGE (its folder) and RENEWED_DOMAINS.",
    file: PER_CERTIFICATE
  }
];
function dryRunServers(raw) {
  const [first, ...rest] = parseServerList(raw, "dry-run-server", "letsencrypt-staging");
  return { dryRunServer: first, ...rest.length > 0 ? { dryRunFallbacks: rest } : {} };
}
function parseAccountCa(raw) {
  const trustFile = value(raw, "server-ca-file");
  const keyFile = value(raw, "account-key-file");
  const eab = parseEab(raw);
  return {
    directoryUrl: parseServer(raw),
    account: {
      emails: parseEmails(raw),
      agreeTos: parseBoolean(raw, "agree-tos"),
      ...eab ? { eab } : {},
      ...keyFile ? { keyFile } : {}
    },
    ...trustFile ? { trustFile } : {}
  };
}
function parseWarnDays(raw) {
  const text2 = value(raw, "warn-days");
  if (text2 === void 0 || text2 === "") return void 0;
  if (!/^\d+(\.\d+)?$/.test(text2))
    throw new Error(`warn-days: "${text2}" is not a number of days; expected a number such as 7`);
  return Number(text2);
}
function parseRenewalPolicy(raw, defaultNextRun) {
  const daysText = value(raw, "renew-before-days");
  if (daysText !== void 0 && (!/^\d+$/.test(daysText) || Number(daysText) < 1)) {
    throw new Error(`renew-before-days: "${daysText}" is not a number of days; expected a whole number such as 30`);
  }
  const nextRunText = value(raw, "next-run");
  const nextRunAt = nextRunText === void 0 ? void 0 : new Date(nextRunText);
  if (nextRunAt && Number.isNaN(nextRunAt.getTime()))
    throw new Error(`next-run: "${nextRunText}" is not a time; expected ISO 8601 such as 2026-11-22T04:17:00Z`);
  const scheduleText = value(raw, "schedule");
  const schedule = scheduleText ? parseCron(scheduleText) : void 0;
  const nextRun = nextRunAt ? () => nextRunAt : schedule ? (now) => nextCronRun(schedule, now) : defaultNextRun;
  const pre = value(raw, "pre-hook");
  const post2 = value(raw, "post-hook");
  const deploy = value(raw, "deploy-hook");
  const hookTimeout = value(raw, "exec-timeout");
  if (hookTimeout !== void 0 && (!/^\d+$/.test(hookTimeout) || Number(hookTimeout) < 1)) {
    throw new Error(`exec-timeout: "${hookTimeout}" is not a duration; expected whole seconds, such as 120`);
  }
  return {
    forceRenewal: parseBoolean(raw, "force-renewal"),
    reuseKey: parseBoolean(raw, "reuse-key"),
    dryRun: parseBoolean(raw, "dry-run"),
    ...dryRunServers(raw),
    ...daysText !== void 0 ? { renewBeforeDays: Number(daysText) } : {},
    ...nextRun ? { nextRun } : {},
    hooks: {
      ...pre ? { pre } : {},
      ...post2 ? { post: post2 } : {},
      ...deploy ? { deploy } : {},
      ...hookTimeout ? { timeoutMs: Number(hookTimeout) * 1e3 } : {}
    }
  };
}
// src/config/secrets.ts
function secretParts(value2) {
  const parts = [value2];
  const walk = (node, key) => {
    if (typeof node === "string") {
      if (/pass|secret|token|key/i.test(key) && node.length >= 4) parts.push(node);
    } else if (node && typeof node === "object") for (const [name, child] of Object.entries(node)) walk(child, name);
  };
  try {
    walk(JSON.parse(value2), "");
  } catch {
  }
  return parts;
}
function secretsIn(raw, specs) {
  return specs.flatMap((spec) => {
    const text2 = spec.secret ? raw[spec.name]?.trim() : void 0;
    return text2 ? secretParts(text2) : [];
  });
}
async function secretsInFiles(raw, specs) {
  const paths = specs.flatMap(
    (spec) => spec.secretFile && raw[spec.name]?.trim() ? [raw[spec.name]?.trim()] : []
  );
  const texts = await Promise.all(paths.map((path) => (0, import_promises5.readFile)(path, "utf8").catch(() => "")));
  return texts.flatMap((text2) => text2.trim() ? secretParts(text2.trim()) : []);
}
// src/deploy/acm/index.ts
var definition22 = {
  ...metadata,
  configure(values) {
    const settings = parseAcmSettings(values);
    const where = [
      settings.regions ? settings.regions.join(", ") : "the region of AWS_REGION",
      ...settings.adopted.size > 0 ? [`re-importing into ${[...settings.adopted.values()].join(", ")}`] : [],
      ...settings.endpoint ? [`at ${settings.endpoint}`] : []
    ];
    return {
      name: "acm",
      description: `acm (${where.join("; ")})`,
      key: acmKey(settings),
      async create(context) {
        const { AcmTarget } = await __certwrightLoad("./target-DB3SB5H2.js");
        return new AcmTarget(settings, context);
      }
    };
  }
};
// src/deploy/azure-key-vault/index.ts
var MAX_TAGS2 = 15;
var MAX_TAG_NAME = 512;
var MAX_TAG_VALUE = 256;
function parseTags2(text2) {
  const tags = {};
  const pairs = (text2 ?? "").split(/[,\n]/).map((pair) => pair.trim()).filter((pair) => pair !== "");
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    const [name, value2] = [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
    if (at <= 0 || name.length > MAX_TAG_NAME || value2.length > MAX_TAG_VALUE) {
      throw new Error(
        `azure-key-vault-tags: "${pair}" is not a tag; expected name=value (a name of up to ${MAX_TAG_NAME} characters, a value of up to ${MAX_TAG_VALUE}), such as env=prod`
      );
    }
    tags[name] = value2;
  }
  if (Object.keys(tags).length > MAX_TAGS2)
    throw new Error(`azure-key-vault-tags: ${Object.keys(tags).length} tags; Key Vault keeps at most ${MAX_TAGS2}`);
  return tags;
}
var definition23 = {
  ...metadata2,
  configure(values) {
    const vaultUrl = parseVaultUrl(
      requireOption(values, "azure-key-vault-url", "the vault URL, such as https://my-vault.vault.azure.net")
    );
    const given2 = optionalOption(values, "azure-key-vault-certificate");
    const certificateName2 = given2 === void 0 ? void 0 : parseCertificateName(given2);
    const tags = parseTags2(optionalOption(values, "azure-key-vault-tags"));
    const which = certificateName2 ? `certificate ${certificateName2}` : "a certificate named after cert-name";
    return {
      name: "azure-key-vault",
      description: `azure-key-vault (${which} in ${vaultUrl})`,
      key: `azure-key-vault:${new URL(vaultUrl).host}${certificateName2 ? `/${certificateName2}` : ""}`,
      async create(context) {
        const { KeyVaultTarget } = await __certwrightLoad("./target-GGTOS3KM.js");
        return new KeyVaultTarget({ vaultUrl, certificateName: certificateName2, tags }, context);
      }
    };
  }
};
// src/deploy/github-secret/metadata.ts
var NAME_FORMS = ["PREFIX", "environments/ENV/PREFIX", "orgs/ORG/PREFIX"];
var metadata25 = {
  name: "github-secret",
  description: "GitHub Actions secrets (a repository's, an environment's or an organisation's) holding the PEMs or a PFX, sealed as the secret store seals the state",
  options: [
    {
      name: "github-secret-name",
      description: "Where the secrets go and how they are named: `PREFIX` (secrets of github-secret-repository), `environments/ENV/PREFIX` or `orgs/ORG/PREFIX`; they are PREFIX_FULLCHAIN and PREFIX_PRIVKEY (PREFIX_PFX with github-secret-format pfx).",
      required: true
    },
    {
      name: "github-secret-repository",
      description: "owner/repo whose secrets are written (another repository than this one, say). Default: github-repository, the current repository."
    },
    {
      name: "github-secret-token",
      description: 'A token that may write those secrets ("Secrets: Read and write" on the repository; "Environments: Read" too for an environment; "Organization secrets: Read and write" for the organisation). Default: github-token.',
      secret: true
    },
    {
      name: "github-secret-format",
      description: "`pem`: PREFIX_FULLCHAIN (certificate and intermediates) and PREFIX_PRIVKEY (PKCS#8); `pfx`: PREFIX_PFX, a base64 PKCS#12 of both, protected by github-secret-pfx-password.",
      default: "pem"
    },
    {
      name: "github-secret-fullchain-name",
      description: "Name of the full-chain secret instead of PREFIX_FULLCHAIN."
    },
    {
      name: "github-secret-key-name",
      description: "Name of the private key secret instead of PREFIX_PRIVKEY."
    },
    {
      name: "github-secret-pfx-name",
      description: "Name of the PFX secret instead of PREFIX_PFX."
    },
    {
      name: "github-secret-pfx-password",
      description: "Password of the PFX (required with github-secret-format pfx).",
      secret: true
    }
  ]
};
// src/deploy/github-secret/settings.ts
function repositoryOf(values) {
  const repository = optionalOption(values, "github-secret-repository");
  if (repository === void 0)
    return parseRepository(values, "whose secrets the github-secret target writes (or set github-secret-repository)");
  const [owner2, repo, ...rest] = repository.split("/");
  if (!owner2 || !repo || rest.length > 0)
    throw new Error(`github-secret-repository: "${repository}" is not owner/repo; it names the repository to write to`);
  return { owner: owner2, repo };
}
function secretName(values, option, fallback) {
  const name = optionalOption(values, option) ?? fallback;
  if (!usableSecretName(name))
    throw new Error(
      `${option}: "${String(name)}" is not a usable secret name; expected letters, digits and underscores, not starting with a digit or GITHUB_`
    );
  return name;
}
function scopeOf(target) {
  switch (target.kind) {
    case "repository":
      return `repository ${target.owner}/${target.repo}`;
    case "environment":
      return `environment ${target.environment} of ${target.owner}/${target.repo}`;
    case "organization":
      return `organisation ${target.org}`;
  }
}
function parseFormat(values) {
  const format = (optionalOption(values, "github-secret-format") ?? "pem").toLowerCase();
  if (format !== "pem" && format !== "pfx")
    throw new Error(`github-secret-format: "${format}" is not a format; expected pem or pfx`);
  return format;
}
function parseToken(values) {
  const token = optionalOption(values, "github-secret-token") ?? optionalOption(values, "github-token");
  if (!token)
    throw new Error(
      'github-secret-token: missing; expected a token that may write the secrets (a fine-grained PAT or GitHub App token with "Secrets: Read and write"), or set github-token'
    );
  return token;
}
function parseGithubSecretSettings(values) {
  const text2 = requireOption(values, "github-secret-name", `${NAME_FORMS.join(", ")}, such as TLS`);
  const place = parseSecretPlace(
    text2,
    { option: "github-secret-name", shown: text2, forms: NAME_FORMS },
    () => repositoryOf(values)
  );
  const prefix = place.name;
  const format = parseFormat(values);
  const at = (name) => ({ ...place, name });
  const slots = format === "pem" ? [
    { target: at(secretName(values, "github-secret-fullchain-name", `${prefix}_FULLCHAIN`)), holds: "fullchain" },
    { target: at(secretName(values, "github-secret-key-name", `${prefix}_PRIVKEY`)), holds: "privkey" }
  ] : [{ target: at(secretName(values, "github-secret-pfx-name", `${prefix}_PFX`)), holds: "pfx" }];
  const pfxPassword = optionalOption(values, "github-secret-pfx-password");
  if (format === "pfx" && !pfxPassword)
    throw new Error(
      "github-secret-pfx-password: missing; expected the password of the PFX (or set CERTWRIGHT_GITHUB_SECRET_PFX_PASSWORD): github-secret-format is pfx"
    );
  const repository = place.kind === "organization" ? optionalOption(values, "github-repository") || optionalOption(values, "github-secret-repository") ? repositoryOf(values) : void 0 : { owner: place.owner, repo: place.repo };
  return {
    slots,
    token: parseToken(values),
    apiUrl: githubApiUrl(values),
    repository,
    scope: scopeOf(place),
    ...format === "pfx" && pfxPassword ? { pfxPassword } : {}
  };
}
function scopePath(target) {
  switch (target.kind) {
    case "repository":
      return `${target.owner}/${target.repo}`;
    case "environment":
      return `${target.owner}/${target.repo}/environments/${target.environment}`;
    case "organization":
      return `orgs/${target.org}`;
  }
}
function githubSecretKey(settings) {
  const [first] = settings.slots;
  const scope = first ? scopePath(first.target) : "";
  return `github-secret:${scope}/${settings.slots.map((s) => s.target.name).join(",")}`;
}
// src/deploy/github-secret/index.ts
var definition24 = {
  ...metadata25,
  configure(values) {
    const settings = parseGithubSecretSettings(values);
    const names2 = settings.slots.map((slot2) => slot2.target.name).join(", ");
    return {
      name: "github-secret",
      description: `github-secret (${names2} in ${settings.scope})`,
      key: githubSecretKey(settings),
      async create(context) {
        const { GithubSecretTarget } = await __certwrightLoad("./target-RXJ45G6M.js");
        return GithubSecretTarget.create(settings, context);
      }
    };
  }
};
// src/deploy/google-certificate-manager/index.ts
var definition25 = {
  ...metadata3,
  configure(values) {
    const projectText = optionalOption(values, "google-certificate-manager-project");
    const project = projectText === void 0 ? void 0 : parseProjectId(projectText, "google-certificate-manager-project");
    const location = parseLocation(optionalOption(values, "google-certificate-manager-location") ?? "global");
    const idText = optionalOption(values, "google-certificate-manager-certificate");
    const certificateId = idText === void 0 ? void 0 : parseCertificateId(idText);
    const apiUrl = urlOption(values, "google-certificate-manager-api-url", DEFAULT_API_URL) ?? DEFAULT_API_URL;
    const where = [
      certificateId ? `certificate ${certificateId}` : "a certificate named after cert-name",
      `in ${project ? `project ${project}` : "the credentials' project"}, ${location}`,
      ...apiUrl !== DEFAULT_API_URL ? [`at ${apiUrl}`] : []
    ];
    const place = [project ?? "(credentials)", location, ...certificateId ? [certificateId] : []];
    return {
      name: "google-certificate-manager",
      description: `google-certificate-manager (${where.join(" ")})`,
      key: `google-certificate-manager:${place.join("/")}`,
      async create(context) {
        const { CertificateManagerTarget } = await __certwrightLoad("./target-5J6WYCT5.js");
        return new CertificateManagerTarget({ project, location, certificateId, apiUrl }, context);
      }
    };
  }
};
// src/deploy/kubernetes/metadata.ts
var metadata26 = {
  name: "kubernetes",
  description: "A kubernetes.io/tls Secret, created or updated through the API server (kubeconfig, exec plugins, in-cluster)",
  options: [
    {
      name: "kubernetes-secret",
      description: "The Secret to write, as `namespace/name` (type `kubernetes.io/tls`: `tls.crt` with the full chain, `tls.key`).",
      required: true
    },
    {
      name: "kubernetes-context",
      description: "The kubeconfig context to use (as set by aws eks update-kubeconfig, get-gke-credentials or aks-set-context); default the kubeconfig's current-context."
    },
    {
      name: "kubernetes-kubeconfig",
      description: "Path of the kubeconfig; default `KUBECONFIG` (a colon-separated list is merged as kubectl does), then `~/.kube/config`, then the in-cluster service account."
    },
    {
      name: "kubernetes-include-ca",
      description: "Also write `ca.crt` with the issuer's chain (the certificate without the leaf).",
      kind: "boolean",
      default: "false"
    }
  ]
};
// src/deploy/kubernetes/index.ts
var NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
var SECRET_NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
function parseSecretRef(text2) {
  const [namespace = "", name = "", ...rest] = text2.split("/");
  const expected = "expected namespace/name, such as ingress/example-com-tls";
  if (rest.length > 0 || name === "")
    throw new Error(`kubernetes-secret: "${text2}" is not namespace/name; ${expected}`);
  if (!NAMESPACE.test(namespace))
    throw new Error(
      `kubernetes-secret: "${namespace}" is not a namespace name (lower-case letters, digits, -); ${expected}`
    );
  if (!SECRET_NAME.test(name))
    throw new Error(
      `kubernetes-secret: "${name}" is not a Secret name (lower-case letters, digits, - and .); ${expected}`
    );
  return { namespace, name };
}
var definition26 = {
  ...metadata26,
  configure(values) {
    const secret = parseSecretRef(
      requireOption(values, "kubernetes-secret", "namespace/name, such as ingress/web-tls")
    );
    const context = optionalOption(values, "kubernetes-context");
    const kubeconfig = optionalOption(values, "kubernetes-kubeconfig");
    const includeCa = booleanOption(values, "kubernetes-include-ca", false, "true to also write ca.crt");
    const settings = { ...secret, context, kubeconfig, includeCa };
    const where = `${secret.namespace}/${secret.name}`;
    return {
      name: "kubernetes",
      description: `kubernetes (Secret ${where}, ${context ? `context ${context}` : "current context"})`,
      key: `kubernetes:${context ?? ""}/${where}`,
      async create(deployContext) {
        const { KubernetesTarget } = await __certwrightLoad("./target-QYDSUF3N.js");
        return new KubernetesTarget(settings, deployContext);
      }
    };
  }
};
// src/deploy/vault/metadata.ts
var metadata27 = {
  name: "vault",
  description: "HashiCorp Vault or OpenBao KV v2: a new version of a secret, logging in with the job's GitHub OIDC token or a token",
  options: [
    {
      name: "vault-addr",
      description: "Vault's address, such as https://vault.example.com:8200; default `VAULT_ADDR`.",
      kind: "url"
    },
    {
      name: "vault-path",
      description: "Where to write, as `mount/path` of a KV v2 secrets engine, such as `secret/certs/example.com` (the first segment is the mount).",
      required: true
    },
    {
      name: "vault-role",
      description: "The JWT auth role to log in as with the job's GitHub OIDC token (needs `permissions: id-token: write`); not needed with `vault-token`."
    },
    {
      name: "vault-auth-mount",
      description: "Where the JWT auth method is mounted.",
      default: "jwt"
    },
    {
      name: "vault-token",
      description: "A Vault token to write with instead of logging in with OIDC.",
      secret: true,
      envAliases: ["VAULT_TOKEN"]
    },
    {
      name: "vault-namespace",
      description: "The Vault Enterprise / HCP Vault namespace (`X-Vault-Namespace`); default `VAULT_NAMESPACE`."
    },
    {
      name: "vault-oidc-audience",
      description: "The audience of the GitHub OIDC token, as the role's `bound_audiences` expects; default GitHub's (`https://github.com/OWNER`)."
    }
  ]
};
// src/deploy/vault/index.ts
var SEGMENT = /^[A-Za-z0-9_.@+-]+$/;
function parseKvPath(text2) {
  const expected = "expected mount/path of a KV v2 engine, such as secret/certs/example.com";
  const segments = text2.replace(/^\/+|\/+$/g, "").split("/");
  if (segments.length < 2) throw new Error(`vault-path: "${text2}" has no path after the mount; ${expected}`);
  if (segments.some((s) => !SEGMENT.test(s) || s === "." || s === ".."))
    throw new Error(`vault-path: "${text2}" has an empty or invalid segment; ${expected}`);
  if (segments[1] === "data" || segments[1] === "metadata")
    throw new Error(
      `vault-path: "${text2}" names the API's ${segments[1]}/ segment; give the secret's path without it, ${expected}`
    );
  const [mount = "", ...rest] = segments;
  return { mount, path: rest.join("/") };
}
var definition27 = {
  ...metadata27,
  configure(values) {
    const { mount, path } = parseKvPath(
      requireOption(values, "vault-path", "mount/path, such as secret/certs/example.com")
    );
    const addr = urlOption(values, "vault-addr", "https://vault.example.com:8200");
    const token = optionalOption(values, "vault-token");
    const role = optionalOption(values, "vault-role");
    if (!token && !role)
      throw new Error(
        "vault-role: missing; expected the JWT auth role to log in as with the job's OIDC token, or set vault-token (VAULT_TOKEN)"
      );
    const authMount = optionalOption(values, "vault-auth-mount") ?? "jwt";
    if (!/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/.test(authMount))
      throw new Error(`vault-auth-mount: "${authMount}" is not a mount path; expected such as jwt or github-jwt`);
    const settings = {
      addr,
      mount,
      path,
      auth: token ? { kind: "token", token } : { kind: "jwt", role: role ?? "", authMount },
      namespace: optionalOption(values, "vault-namespace"),
      audience: optionalOption(values, "vault-oidc-audience")
    };
    const how = token ? "token" : `JWT role ${role}`;
    return {
      name: "vault",
      description: `vault (KV v2 ${mount}/${path}${addr ? ` at ${addr}` : ""}, ${how})`,
      key: `vault:${settings.namespace ? `${settings.namespace}:` : ""}${mount}/${path}`,
      async create(context) {
        const { VaultTarget } = await __certwrightLoad("./target-R4QMK2TO.js");
        return new VaultTarget(settings, context);
      }
    };
  }
};
// src/deploy/index.ts
var DEPLOY_TARGETS = [
  definition22,
  definition23,
  definition24,
  definition25,
  definition26,
  definition27
];
// src/config/nearest.ts
function editDistance(a, b) {
  const rows2 = Array.from(
    { length: a.length + 1 },
    (_, i) => Array.from({ length: b.length + 1 }, (_2, j) => i === 0 ? j : j === 0 ? i : 0)
  );
  const at = (i, j) => rows2[i]?.[j] ?? Infinity;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      rows2[i][j] = best;
    }
  }
  return at(a.length, b.length);
}
function nearest(word, candidates) {
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}
// src/config/deploy.ts
var DEPLOY_INPUTS = [
  {
    name: "deploy-to",
    kind: "list",
    description: "Deploy targets the certificate goes to once the run has it (issued, renewed, or current but not there yet), comma-separated: see docs/deploy.md; each takes its own inputs (`acm-regions`, `kubernetes-secret`, ...). The state remembers what each holds: a target that holds the certificate is not called.",
    repeatable: true,
    file: {
      refused: "a config file lists them per certificate (or at its top level for all) as deploy: [{ target: NAME, ... }]"
    }
  },
  {
    name: "deploy-failure",
    description: "`fail`: a deploy target that failed fails the run (exit code 1); `warn`: it is reported and the run succeeds. Either way the certificate is kept and the next run tries that target again, without a new order.",
    default: "fail",
    file: { levels: ["top"], runWide: "it decides how the run ends" }
  }
];
function parseDeployFailure(values) {
  const text2 = (optionalOption(values, "deploy-failure") ?? "fail").toLowerCase();
  if (text2 !== "fail" && text2 !== "warn")
    throw new Error(`deploy-failure: "${text2}" is not a policy; expected fail or warn`);
  return text2;
}
function targetNamed(name, where) {
  const definition28 = DEPLOY_TARGETS.find((t) => t.name === name.toLowerCase());
  if (definition28) return definition28;
  const names2 = DEPLOY_TARGETS.map((t) => t.name);
  const near = nearest(name.toLowerCase(), names2);
  throw new Error(
    `${where}: "${name}" is not a deploy target; ${near ? `did you mean "${near}"? ` : ""}expected one of ${names2.join(", ")}`
  );
}
function distinct(targets, where) {
  const seen = /* @__PURE__ */ new Set();
  for (const target of targets) {
    if (seen.has(target.key)) throw new Error(`${where}: ${target.description} is listed twice; list each place once`);
    seen.add(target.key);
  }
  return [...targets];
}
function parseDeployTo(values) {
  const targets = splitList(values["deploy-to"]).map((name) => targetNamed(name, "deploy-to").configure(values));
  return distinct(targets, "deploy-to");
}
var isObject2 = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
function settingText(where, value2) {
  if (value2 === void 0 || value2 === null) return void 0;
  const items = Array.isArray(value2) ? value2 : [value2];
  if (!items.every((v) => v === null || ["string", "number", "boolean"].includes(typeof v)))
    throw new Error(`${where}: a mapping is not a value here; expected text, a number, true/false or a list of them`);
  return items.map(String).join(",");
}
function deployItemValues(item, where) {
  if (!isObject2(item) || typeof item.target !== "string")
    throw new Error(
      `${where}: expected a mapping with target: NAME and the target's settings, such as { target: acm }`
    );
  const definition28 = targetNamed(item.target, `${where}: target`);
  const prefix = `${definition28.name}-`;
  const settings = definition28.options.map((o) => o.name.slice(prefix.length));
  const values = {};
  for (const [key, value2] of Object.entries(item)) {
    if (key === "target") continue;
    const setting = key.startsWith(prefix) ? key.slice(prefix.length) : key;
    if (!settings.includes(setting)) {
      const near = nearest(setting, settings);
      throw new Error(
        `${where}: unknown key "${key}" for target ${definition28.name}; ` + (near ? `did you mean "${near}"?` : `expected target or one of ${settings.join(", ") || "none"}`)
      );
    }
    values[`${prefix}${setting}`] = settingText(`${where}: ${key}`, value2);
  }
  return { definition: definition28, values };
}
function parseDeployItems(items, inherited, where = "deploy") {
  if (items === void 0 || items === null) return [];
  if (!Array.isArray(items))
    throw new Error(`${where}: expected a list of targets, such as [{ target: kubernetes, secret: ns/name }]`);
  const targets = items.map((item, index) => {
    const at = `${where}[${index}]`;
    const { definition: definition28, values } = deployItemValues(item, at);
    try {
      return definition28.configure({ ...inherited, ...values });
    } catch (error2) {
      throw new Error(`${at}: ${error2.message}`, { cause: error2 });
    }
  });
  return distinct(targets, where);
}
var require27 = require2;
// src/crypto/der.ts
function tlv(tag, ...contents) {
  const body = Buffer.concat(contents);
  return Buffer.concat([Buffer.from([tag]), encodeLength(body.length), body]);
}
function encodeLength(length) {
  if (length < 128) return Buffer.from([length]);
  const bytes = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([128 | bytes.length, ...bytes]);
}
var sequence = (...items) => tlv(48, ...items);
var set = (...items) => tlv(49, ...items);
var octetString = (bytes) => tlv(4, bytes);
var utf8String = (text2) => tlv(12, Buffer.from(text2, "utf8"));
var nullValue = () => tlv(5);
var bitString = (bytes) => tlv(3, Buffer.from([0]), bytes);
var smallInteger = (value2) => tlv(2, Buffer.from([value2]));
function objectIdentifier(dotted) {
  const [first = 0, second = 0, ...rest] = dotted.split(".").map(Number);
  const bytes = [40 * first + second];
  for (const arc of rest) {
    const base128 = [arc % 128];
    for (let value2 = Math.floor(arc / 128); value2 > 0; value2 = Math.floor(value2 / 128))
      base128.unshift(128 | value2 % 128);
    bytes.push(...base128);
  }
  return tlv(6, Buffer.from(bytes));
}
var contextTag = (n, constructed, ...contents) => tlv((constructed ? 160 : 128) + n, ...contents);
function readElement(der, offset, limit = der.length) {
  const tag = der[offset];
  let lengthByte = der[offset + 1];
  if (tag === void 0 || lengthByte === void 0) throw new Error("der: truncated element");
  let start = offset + 2;
  let length = lengthByte;
  if (lengthByte & 128) {
    const count = lengthByte & 127;
    if (count === 0 || count > 4) throw new Error("der: unsupported length form");
    length = 0;
    for (let i = 0; i < count; i++) {
      lengthByte = der[start + i];
      if (lengthByte === void 0) throw new Error("der: truncated length");
      length = length * 256 + lengthByte;
    }
    start += count;
  }
  if (start + length > limit) throw new Error("der: element longer than its container");
  return { tag, start, end: start + length };
}
function childrenOf(der, parent) {
  const children = [];
  for (let offset = parent.start; offset < parent.end; ) {
    const child = readElement(der, offset, parent.end);
    children.push(child);
    offset = child.end;
  }
  return children;
}
// src/crypto/certificate-id.ts
var AUTHORITY_KEY_IDENTIFIER = Buffer.from([85, 29, 35]);
function issuerKeyAndSerial(pem2) {
  const [der] = pemToDer(pem2, "CERTIFICATE");
  if (!der) throw new Error("crypto: no PEM certificate to read");
  const contents = (element) => der.subarray(element.start, element.end);
  const [tbs] = childrenOf(der, readElement(der, 0));
  if (!tbs) throw new Error("crypto: a certificate without its TBSCertificate");
  const fields2 = childrenOf(der, tbs);
  const serial = fields2.find((field) => field.tag === 2);
  if (!serial) throw new Error("crypto: a certificate without a serial number");
  const extensionsField = fields2.find((field) => field.tag === 163);
  const [extensionList] = extensionsField ? childrenOf(der, extensionsField) : [];
  for (const extension of extensionList ? childrenOf(der, extensionList) : []) {
    const [id, ...rest] = childrenOf(der, extension);
    if (id?.tag !== 6 || !AUTHORITY_KEY_IDENTIFIER.equals(contents(id))) continue;
    const value2 = rest.at(-1);
    if (!value2) break;
    const keyId = childrenOf(der, readElement(der, value2.start, value2.end)).find((field) => field.tag === 128);
    if (keyId) return { authorityKeyId: Buffer.from(contents(keyId)), serial: Buffer.from(contents(serial)) };
  }
  return { serial: Buffer.from(contents(serial)) };
}
// src/acme/ari.ts
function ariCertificateId(chainPem) {
  const [leafPem] = splitPemCertificates(chainPem);
  if (!leafPem) return Promise.reject(new Error("ari: no certificate in the chain"));
  try {
    const { authorityKeyId, serial } = issuerKeyAndSerial(leafPem);
    if (!authorityKeyId) throw new Error("ari: the certificate has no authority key identifier; ARI cannot name it");
    return Promise.resolve(`${authorityKeyId.toString("base64url")}.${serial.toString("base64url")}`);
  } catch (error2) {
    return Promise.reject(error2 instanceof Error ? error2 : new Error(String(error2)));
  }
}
var MINUTE = 6e4;
async function fetchRenewalInfo(http2, renewalInfoUrl, certificateId, now) {
  const url = `${renewalInfoUrl.replace(/\/$/, "")}/${certificateId}`;
  const response = await http2({ method: "GET", url });
  if (response.status !== 200) throw new Error(`ari: ${url} answered HTTP ${response.status}`);
  const body = JSON.parse(response.body.toString("utf8"));
  const start = Date.parse(body.suggestedWindow?.start ?? "");
  const end = Date.parse(body.suggestedWindow?.end ?? "");
  if (Number.isNaN(start) || Number.isNaN(end) || end < start)
    throw new Error(`ari: ${url} returned no valid suggestedWindow`);
  const wait = Math.min(Math.max(retryAfterMs(response, now) ?? 6 * 60 * MINUTE, MINUTE), 24 * 60 * MINUTE);
  return {
    windowStart: new Date(start),
    windowEnd: new Date(end),
    ...body.explanationURL ? { explanationUrl: body.explanationURL } : {},
    retryAfter: new Date(now + wait)
  };
}
// src/acme/certificate.ts
var PEM_CHAIN = "application/pem-certificate-chain";
async function downloadCertificateChains(transport, url) {
  const first = await transport.post(url, void 0, "download certificate", { accept: PEM_CHAIN });
  const chains = [{ pem: first.body, url }];
  const alternates = parseLinks(first.response).filter((link) => link.rel === "alternate");
  const downloaded = await Promise.all(
    alternates.map(
      (link) => transport.post(link.url, void 0, "download alternate chain", { accept: PEM_CHAIN })
    )
  );
  downloaded.forEach((response, i) => chains.push({ pem: response.body, url: alternates[i]?.url ?? url }));
  return chains;
}
function commonName(distinguishedName) {
  return /(?:^|\n)CN=([^\n]*)/.exec(distinguishedName)?.[1];
}
function choosePreferredChain(chains, preferredIssuer) {
  const [defaultChain] = chains;
  if (!defaultChain) throw new Error("acme: the CA returned no certificate chain");
  if (!preferredIssuer) return defaultChain;
  const parsed = chains.map((chain) => ({
    chain,
    certs: splitPemCertificates(chain.pem).map((pem2) => new import_node_crypto9.X509Certificate(pem2))
  }));
  const byTopIssuer = parsed.find(({ certs }) => commonName(certs.at(-1)?.issuer ?? "") === preferredIssuer);
  if (byTopIssuer) return byTopIssuer.chain;
  const anywhere = parsed.find(
    ({ certs }) => certs.some((cert) => commonName(cert.issuer) === preferredIssuer || commonName(cert.subject) === preferredIssuer)
  );
  return anywhere?.chain ?? defaultChain;
}
async function revokeCertificate(transport, certificatePem, reason = 0) {
  const [leaf] = splitPemCertificates(certificatePem);
  if (!leaf) throw new Error("acme: revoke: no certificate found in the PEM given");
  const der = new import_node_crypto9.X509Certificate(leaf).raw;
  const { revokeCert } = await transport.directory();
  await transport.post(revokeCert, { certificate: der.toString("base64url"), reason }, "revokeCert");
}
// src/renewal/decide.ts
var DAY = 864e5;
function stableFraction(certificateId) {
  return (0, import_node_crypto10.createHash)("sha256").update(certificateId).digest().readUIntBE(0, 6) / 2 ** 48;
}
function decideRenewal(input) {
  let renewAt;
  let basis;
  if (input.ariWindow) {
    const start = input.ariWindow.start.getTime();
    const end = Math.max(start, input.ariWindow.end.getTime());
    renewAt = start + Math.floor(stableFraction(input.certificateId) * (end - start));
    basis = `the CA's renewal window ${input.ariWindow.start.toISOString()} \u2013 ${input.ariWindow.end.toISOString()}`;
  } else if (input.renewBeforeDays !== void 0) {
    renewAt = input.notAfter.getTime() - input.renewBeforeDays * DAY;
    basis = `${input.renewBeforeDays} days before expiry`;
  } else {
    const lifetime = input.notAfter.getTime() - input.notBefore.getTime();
    const short = lifetime <= 10 * DAY;
    renewAt = input.notAfter.getTime() - (short ? lifetime / 2 : lifetime / 3);
    basis = short ? "half of its lifetime left" : "a third of its lifetime left";
  }
  const asked = input.ariWindow && caAskedEarly(input.ariWindow, input.now, input.ariWindowMoved === true);
  if (asked) renewAt = Math.min(renewAt, input.now);
  const at = new Date(renewAt);
  if (asked)
    return { due: true, renewAt: at, caAsked: true, reason: `due since ${at.toISOString()} (${basis}); ${asked}` };
  if (renewAt <= input.now) return { due: true, renewAt: at, reason: `due since ${at.toISOString()} (${basis})` };
  if (input.nextRunAt !== void 0 && renewAt < input.nextRunAt) {
    return {
      due: true,
      renewAt: at,
      reason: `due at ${at.toISOString()} (${basis}), before the next scheduled run at ${new Date(input.nextRunAt).toISOString()}`
    };
  }
  return { due: false, renewAt: at, reason: `not due until ${at.toISOString()} (${basis})` };
}
function caAskedEarly(window, now, moved) {
  if (window.end.getTime() <= now) return "the CA asked for early renewal (its window is in the past)";
  if (moved && window.start.getTime() <= now)
    return "the CA asked for early renewal (it moved its window into the past)";
  return void 0;
}
// src/renewal/lineages.ts
async function readCertificateFacts(chainPem, summary2 = summarizeCertificate(chainPem)) {
  const ariId = await ariCertificateId(chainPem).catch(() => null);
  return { subject: summary2.subject, issuer: summary2.issuer, domains: summary2.domains, ariId };
}
async function currentCertificate(lineage) {
  const newest = lineage.history.at(-1);
  if (lineage.facts && newest) {
    const { subject, issuer, domains } = lineage.facts;
    return {
      facts: lineage.facts,
      read: false,
      summary: {
        subject,
        issuer,
        domains,
        serial: newest.serial,
        notBefore: new Date(newest.notBefore),
        notAfter: new Date(newest.notAfter)
      }
    };
  }
  const summary2 = summarizeCertificate(lineage.chainPem);
  return { summary: summary2, facts: await readCertificateFacts(lineage.chainPem, summary2), read: true };
}
function renewalId(summary2, facts) {
  return facts.ariId ?? summary2.serial;
}
function revocationReason(lineage) {
  const { revoked } = lineage;
  return revoked && `the certificate was revoked (${revoked.reason}) at ${revoked.at}`;
}
async function listLineages(bundle, now, renewBeforeDays) {
  return Promise.all(
    Object.values(bundle.lineages).map(async (lineage) => {
      const { summary: summary2, facts } = await currentCertificate(lineage);
      const { revoked } = lineage;
      const ari = lineage.renewalInfo;
      const decision = decideRenewal({
        notBefore: summary2.notBefore,
        notAfter: summary2.notAfter,
        now,
        certificateId: renewalId(summary2, facts),
        ...renewBeforeDays !== void 0 ? { renewBeforeDays } : {},
        ...ari ? { ariWindow: { start: new Date(ari.windowStart), end: new Date(ari.windowEnd) } } : {}
      });
      return {
        name: lineage.name,
        domains: lineage.domains,
        keyType: lineage.keyType,
        notAfter: summary2.notAfter,
        daysLeft: Math.floor((summary2.notAfter.getTime() - now) / 864e5),
        status: summary2.notAfter.getTime() <= now ? "expired" : revoked ? "revoked" : "valid",
        ...revoked ? { revoked } : {},
        nextRenewal: revoked ? new Date(revoked.at) : decision.renewAt,
        serial: summary2.serial,
        ...lineage.deployed ? { deployed: lineage.deployed } : {}
      };
    })
  );
}
var REVOCATION_REASONS = {
  unspecified: 0,
  keycompromise: 1,
  affiliationchanged: 3,
  superseded: 4,
  cessationofoperation: 5
};
async function revokeLineage(bundle, name, reason, acme, trustFile) {
  const lineage = lineageNamed(bundle, name);
  if (lineage.revoked) {
    throw new Error(
      `cert-name: ${name} was already revoked (${lineage.revoked.reason}) at ${lineage.revoked.at}; certwright renew replaces it, certwright delete removes it from the state`
    );
  }
  if (!bundle.accounts[lineage.server])
    throw new Error(`state: no account for ${lineage.server} in the state, so ${name} cannot be revoked from here`);
  const ca = {
    directoryUrl: lineage.server,
    account: { emails: [], agreeTos: false },
    ...trustFile ? { trustFile } : {}
  };
  await acme.account(ca);
  await revokeCertificate(await acme.transport(ca), lineage.chainPem, reason);
  return summarizeCertificate(lineage.chainPem).serial;
}
function markRevoked(bundle, name, revoked) {
  return { ...bundle, lineages: { ...bundle.lineages, [name]: { ...lineageNamed(bundle, name), revoked } } };
}
function deleteLineage(bundle, name) {
  lineageNamed(bundle, name);
  const { [name]: _removed, ...lineages } = bundle.lineages;
  return { ...bundle, lineages };
}
function lineageNamed(bundle, name) {
  const lineage = bundle.lineages[name];
  if (!lineage) throw new Error(`cert-name: no certificate named "${name}" in the state; see certwright certificates`);
  return lineage;
}
// src/config/file-keys.ts
var PLUG_IN_LEVELS = { levels: ["top", "certificate", "zone"] };
var ALL_INPUTS = [
  ...CORE_INPUTS,
  ...RENEW_INPUTS,
  ...DEPLOY_INPUTS,
  ...PROVIDERS.flatMap((p) => p.options),
  ...DEPLOY_TARGETS.flatMap((t) => t.options)
];
var DEPLOY_TARGET_LEVELS = { levels: ["top", "certificate"] };
var DEPLOY_TARGET_OPTIONS = new Set(DEPLOY_TARGETS.flatMap((t) => t.options));
function defaultPlacement(input) {
  if (CORE_INPUTS.includes(input)) return { levels: ["top", "certificate"] };
  if (DEPLOY_TARGET_OPTIONS.has(input)) return DEPLOY_TARGET_LEVELS;
  if (!RENEW_INPUTS.includes(input)) return PLUG_IN_LEVELS;
  return { refused: `it is read for the whole run from the step's inputs; give it there (CLI: --${input.name})` };
}
function inputKey(input) {
  const placement = input.file ?? defaultPlacement(input);
  const { name } = input;
  if ("refused" in placement) return { name, input, levels: [], refused: placement.refused };
  const { levels, runWide: runWide2 } = placement;
  return runWide2 === void 0 ? { name, input, levels } : { name, input, levels, runWide: runWide2 };
}
var FILE_ONLY = [
  {
    name: "concurrency",
    levels: ["top"],
    runWide: "it is how many certificates the run works on at once",
    description: "How many certificates are worked on at once: 1 to 16 (default 2)."
  },
  {
    name: "certificates",
    levels: ["top"],
    description: "The certificates, one entry each: its domains and any input of its own, over those of the top level."
  },
  {
    name: "deploy",
    levels: ["top", "certificate"],
    description: "Deploy targets the certificate goes to, one item each: target: NAME and its settings without the target's prefix (`{ target: acm, regions: [us-east-1] }`); at the top level, for every certificate without its own."
  },
  {
    name: "zones",
    levels: ["certificate"],
    description: "A DNS provider per zone for this certificate: zone name -> dns-provider and that provider's inputs."
  }
];
function fileKeys() {
  return new Map([...FILE_ONLY, ...ALL_INPUTS.map(inputKey)].map((key) => [key.name, key]));
}
var LEVEL_NAMES = {
  top: "the top level of the file",
  certificate: "a certificate entry",
  zone: "a zone"
};
function misplaced(key, level) {
  if (key.runWide) return `${key.name} applies to the whole run (${key.runWide}); set it at the top level of the file`;
  if (level === "zone")
    return `${key.name} is not read in a zone, which takes dns-provider and that provider's inputs; set it on the certificate`;
  return `${key.name} is not read at ${LEVEL_NAMES[level]}; set it in ${key.levels.map((l) => LEVEL_NAMES[l]).join(" or ")}`;
}
function unknown(name, level, keys) {
  const spelled = ALL_INPUTS.find((input) => input.cliAliases?.includes(name));
  if (spelled) return `unknown key "${name}"; did you mean "${spelled.name}"? (${name} is its command-line spelling)`;
  const near = nearest(
    name,
    [...keys.values()].filter((key) => key.levels.includes(level)).map((key) => key.name)
  );
  return near ? `unknown key "${name}"; did you mean "${near}"?` : `unknown key "${name}"; expected an input named in docs/inputs.md (the file's JSON Schema checks keys as you type)`;
}
function fileKeyProblem(name, level, keys = fileKeys()) {
  const key = keys.get(name);
  if (!key) return unknown(name, level, keys);
  if (key.refused) return `${name}: not read from a config file: ${key.refused}`;
  return key.levels.includes(level) ? void 0 : misplaced(key, level);
}
var require28 = require2;
// src/crypto/pkcs12.ts
var ITERATIONS = 2048;
var TRIPLE_DES_PBE = "pbeWithSHAAnd3-KeyTripleDES-CBC";
var OID = {
  data: "1.2.840.113549.1.7.1",
  encryptedData: "1.2.840.113549.1.7.6",
  pbes2: "1.2.840.113549.1.5.13",
  tripleDesPbe: "1.2.840.113549.1.12.1.3",
  keyBag: "1.2.840.113549.1.12.10.1.2",
  certBag: "1.2.840.113549.1.12.10.1.3",
  x509Certificate: "1.2.840.113549.1.9.22.1",
  friendlyName: "1.2.840.113549.1.9.20",
  localKeyId: "1.2.840.113549.1.9.21",
  sha1: "1.3.14.3.2.26",
  sha256: "2.16.840.1.101.3.4.2.1"
};
var SCHEMES = {
  modern: {
    encryption: { name: "AES-CBC", length: 256 },
    prfHash: "SHA-256",
    encryptionOid: OID.pbes2,
    macHash: "SHA-256",
    macOid: OID.sha256
  },
  legacy: {
    encryption: { name: TRIPLE_DES_PBE },
    prfHash: "SHA-1",
    encryptionOid: OID.tripleDesPbe,
    macHash: "SHA-1",
    macOid: OID.sha1
  }
};
var loaded;
function loadPkcs12() {
  loaded ??= (async () => {
    const [pkijs, asn1js] = await Promise.all([__certwrightLoad("./build-YF5ABABN.js"), __certwrightLoad("./build-A435MLGF.js")]);
    class Pkcs12Engine extends pkijs.CryptoEngine {
      async encryptEncryptedContentInfo(parameters) {
        let algorithm;
        let encrypted;
        if (parameters.contentEncryptionAlgorithm.name === TRIPLE_DES_PBE) {
          const salt = (0, import_node_crypto11.randomBytes)(8);
          const params = new asn1js.Sequence({
            value: [
              new asn1js.OctetString({ valueHex: salt }),
              new asn1js.Integer({ value: parameters.iterationCount })
            ]
          });
          algorithm = new pkijs.AlgorithmIdentifier({ algorithmId: OID.tripleDesPbe, algorithmParams: params });
          encrypted = tripleDesPbe(
            "encrypt",
            parameters.password,
            salt,
            parameters.iterationCount,
            parameters.contentToEncrypt
          );
        } else {
          const info2 = await super.encryptEncryptedContentInfo(parameters);
          algorithm = info2.contentEncryptionAlgorithm;
          encrypted = info2.getEncryptedContent();
        }
        const encryptedContent = new asn1js.OctetString({ valueHex: encrypted });
        return new pkijs.EncryptedContentInfo({
          contentType: parameters.contentType,
          contentEncryptionAlgorithm: algorithm,
          encryptedContent,
          disableSplit: true
        });
      }
      async decryptEncryptedContentInfo(parameters) {
        const info2 = parameters.encryptedContentInfo;
        if (info2.contentEncryptionAlgorithm.algorithmId !== OID.tripleDesPbe)
          return super.decryptEncryptedContentInfo(parameters);
        const [salt, iterations] = info2.contentEncryptionAlgorithm.algorithmParams.valueBlock.value;
        const plain = tripleDesPbe(
          "decrypt",
          parameters.password,
          salt.valueBlock.valueHexView,
          iterations.valueBlock.valueDec,
          info2.getEncryptedContent()
        );
        return toArrayBuffer(plain);
      }
    }
    return {
      pkijs,
      asn1js,
      engine: new Pkcs12Engine({
        name: "certwright",
        crypto: import_node_crypto11.webcrypto
      })
    };
  })();
  return loaded;
}
async function buildPfx(files, settings) {
  const { pkijs, asn1js, engine } = await loadPkcs12();
  const scheme = settings.legacy ? SCHEMES.legacy : SCHEMES.modern;
  const password = passwordBytes(settings.password);
  const encryption = {
    password,
    contentEncryptionAlgorithm: scheme.encryption,
    hmacHashAlgorithm: scheme.prfHash,
    iterationCount: ITERATIONS
  };
  const [leaf, ...issuers] = [...pemToDer(files.cert, "CERTIFICATE"), ...pemToDer(files.chain, "CERTIFICATE")];
  if (!leaf) throw new Error("pkcs12: no certificate to put in the PFX");
  const attributes = [
    new pkijs.Attribute({ type: OID.friendlyName, values: [new asn1js.BmpString({ value: settings.friendlyName })] }),
    new pkijs.Attribute({
      type: OID.localKeyId,
      values: [new asn1js.OctetString({ valueHex: (0, import_node_crypto11.createHash)("sha1").update(leaf).digest() })]
    })
  ];
  const certBags = [leaf, ...issuers].map(
    (der, index) => new pkijs.SafeBag({
      bagId: OID.certBag,
      bagValue: new pkijs.CertBag({
        certId: OID.x509Certificate,
        certValue: new asn1js.OctetString({ valueHex: der })
      }),
      ...index === 0 ? { bagAttributes: attributes } : {}
    })
  );
  const certSafe = await engine.encryptEncryptedContentInfo({
    ...encryption,
    contentType: OID.data,
    contentToEncrypt: toBer(new pkijs.SafeContents({ safeBags: certBags }))
  });
  const keyDer = (0, import_node_crypto11.createPrivateKey)(files.privkey).export({ type: "pkcs8", format: "der" });
  const key = await engine.encryptEncryptedContentInfo({
    ...encryption,
    contentType: OID.data,
    contentToEncrypt: toArrayBuffer(keyDer)
  });
  const keyBag = new pkijs.SafeBag({
    bagId: OID.keyBag,
    bagValue: new pkijs.PKCS8ShroudedKeyBag({
      encryptionAlgorithm: key.contentEncryptionAlgorithm,
      ...key.encryptedContent ? { encryptedData: key.encryptedContent } : {}
    }),
    bagAttributes: attributes
  });
  const authenticatedSafe = new pkijs.AuthenticatedSafe({
    safeContents: [
      new pkijs.ContentInfo({
        contentType: OID.encryptedData,
        content: new pkijs.EncryptedData({ encryptedContentInfo: certSafe }).toSchema()
      }),
      new pkijs.ContentInfo({
        contentType: OID.data,
        content: new asn1js.OctetString({ valueHex: toBer(new pkijs.SafeContents({ safeBags: [keyBag] })) })
      })
    ]
  });
  const pfx = new pkijs.PFX({ parsedValue: { integrityMode: 0, authenticatedSafe } });
  await pfx.makeInternalValues(
    {
      password,
      iterations: ITERATIONS,
      hmacHashAlgorithm: scheme.macHash,
      pbkdf2HashAlgorithm: { name: scheme.macHash }
    },
    engine
  );
  return new Uint8Array(toBer(pfx));
}
async function pfxHolds(der, files, settings) {
  const scheme = settings.legacy ? SCHEMES.legacy : SCHEMES.modern;
  let opened;
  try {
    opened = await openPfx(der, passwordBytes(settings.password));
  } catch {
    return false;
  }
  const key = (0, import_node_crypto11.createPrivateKey)(files.privkey).export({ type: "pkcs8", format: "der" });
  const certificates = [...pemToDer(files.cert, "CERTIFICATE"), ...pemToDer(files.chain, "CERTIFICATE")];
  return opened.macOid === scheme.macOid && opened.encryptionOids.length > 0 && opened.encryptionOids.every((oid) => oid === scheme.encryptionOid) && opened.keys.length === 1 && sameBytes(opened.keys[0], key) && opened.certificates.length === certificates.length && opened.certificates.every((certificate, i) => sameBytes(certificate, certificates[i]));
}
async function openPfx(der, password) {
  const { pkijs, engine } = await loadPkcs12();
  const pfx = pkijs.PFX.fromBER(toArrayBuffer(der));
  await pfx.parseInternalValues({ password, checkIntegrity: true }, engine);
  const opened = {
    macOid: pfx.macData?.mac.digestAlgorithm.algorithmId,
    encryptionOids: [],
    certificates: [],
    keys: []
  };
  for (const info2 of pfx.parsedValue?.authenticatedSafe?.safeContents ?? []) {
    let contents;
    if (info2.contentType === OID.encryptedData) {
      const encrypted = new pkijs.EncryptedData({ schema: info2.content });
      opened.encryptionOids.push(encrypted.encryptedContentInfo.contentEncryptionAlgorithm.algorithmId);
      contents = await encrypted.decrypt({ password }, engine);
    } else if (info2.contentType === OID.data) {
      contents = info2.content.getValue();
    } else {
      throw new Error(`pkcs12: a safe of content type ${info2.contentType}, which certwright does not write`);
    }
    for (const { bagValue } of pkijs.SafeContents.fromBER(contents).safeBags) {
      if (bagValue instanceof pkijs.CertBag)
        opened.certificates.push(Buffer.from(bagValue.certValue.valueBlock.valueHexView));
      if (bagValue instanceof pkijs.PKCS8ShroudedKeyBag) {
        opened.encryptionOids.push(bagValue.encryptionAlgorithm.algorithmId);
        const encryptedContentInfo = new pkijs.EncryptedContentInfo({
          contentEncryptionAlgorithm: bagValue.encryptionAlgorithm,
          encryptedContent: bagValue.encryptedData
        });
        opened.keys.push(Buffer.from(await engine.decryptEncryptedContentInfo({ password, encryptedContentInfo })));
      }
    }
  }
  return opened;
}
function passwordBytes(password) {
  return toArrayBuffer(new TextEncoder().encode(password));
}
function toArrayBuffer(bytes) {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}
function toBer(value2) {
  return value2.toSchema().toBER(false);
}
function sameBytes(a, b) {
  return a !== void 0 && b !== void 0 && a.length === b.length && (0, import_node_crypto11.timingSafeEqual)(a, b);
}
function tripleDesPbe(direction, password, salt, iterations, data) {
  const text2 = new TextDecoder().decode(password);
  const key = pkcs12Kdf(text2, salt, iterations, 1, 24);
  const iv = pkcs12Kdf(text2, salt, iterations, 2, 8);
  const cipher = direction === "encrypt" ? (0, import_node_crypto11.createCipheriv)("des-ede3-cbc", key, iv) : (0, import_node_crypto11.createDecipheriv)("des-ede3-cbc", key, iv);
  return Buffer.concat([cipher.update(new Uint8Array(data)), cipher.final()]);
}
function pkcs12Kdf(password, salt, iterations, id, length) {
  const v = 64;
  const u = 20;
  const bmp = Buffer.alloc(password.length * 2 + 2);
  for (let i = 0; i < password.length; i++) bmp.writeUInt16BE(password.charCodeAt(i), i * 2);
  const fill = (data) => Buffer.from(Array.from({ length: v * Math.ceil(data.length / v) }, (_, i) => data[i % data.length] ?? 0));
  const input = Buffer.concat([fill(salt), fill(bmp)]);
  const blocks = [];
  for (let size = 0; size < length; size += u) {
    let digest = (0, import_node_crypto11.createHash)("sha1").update(Buffer.alloc(v, id)).update(input).digest();
    for (let i = 1; i < iterations; i++) digest = (0, import_node_crypto11.createHash)("sha1").update(digest).digest();
    blocks.push(digest);
    for (let start = 0; start < input.length; start += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = (input[start + k] ?? 0) + (digest[k % digest.length] ?? 0) + carry;
        input[start + k] = sum & 255;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(blocks).subarray(0, length);
}
var require29 = require2;
// src/acme/problem.ts
var ACME_ERROR_PREFIX = "urn:ietf:params:acme:error:";
function shortProblemType(type) {
  if (!type) return "unknown";
  return type.startsWith(ACME_ERROR_PREFIX) ? type.slice(ACME_ERROR_PREFIX.length) : type;
}
function describeSubproblems(subproblems) {
  return subproblems.map((sub) => `${sub.identifier?.value ?? "?"}: ${shortProblemType(sub.type)}: ${sub.detail ?? ""}`.trim()).join("; ");
}
var AcmeProblem = class extends Error {
  type;
  detail;
  status;
  subproblems;
  url;
  constructor(context, document, status2, url) {
    const type = document.type ?? "about:blank";
    const detail = document.detail ?? "";
    const subproblems = document.subproblems ?? [];
    const sub = subproblems.length > 0 ? ` (${describeSubproblems(subproblems)})` : "";
    super(`acme: ${context}: ${shortProblemType(type)}: ${detail}${sub}`);
    this.name = "AcmeProblem";
    this.type = type;
    this.detail = detail;
    this.status = status2;
    this.subproblems = subproblems;
    this.url = url;
  }
  /** True when the problem has the given short type (`badNonce`, `rateLimited`, ...). */
  is(shortType) {
    return this.type === ACME_ERROR_PREFIX + shortType;
  }
};
// src/issue/fallback.ts
var CaUnreachableError = class extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = "CaUnreachableError";
  }
};
var UNANSWERED_IN_A_ROW = 16;
function markingUnreachable(http2, directoryUrl) {
  let unanswered = 0;
  let down;
  return async (request) => {
    if (down !== void 0) throw new CaUnreachableError(down);
    let response;
    try {
      response = await http2(request);
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      if (++unanswered >= UNANSWERED_IN_A_ROW)
        down ??= `acme: the CA at ${directoryUrl} did not answer ${unanswered} requests in a row (the last: ${message}); it is not asked again in this run, and the next run tries it again`;
      throw new CaUnreachableError(message, { cause });
    }
    unanswered = 0;
    if (request.url === directoryUrl && response.status >= 500)
      throw new CaUnreachableError(`acme: directory ${directoryUrl} answered HTTP ${response.status}`);
    return response;
  };
}
function fallbackReason(error2) {
  for (let e = error2; e instanceof Error; e = e.cause) {
    if (e instanceof AcmeProblem) {
      if (e.is("rateLimited")) return `rate limited (${e.detail || "rateLimited"})`;
      if (e.status >= 500) return `server error HTTP ${e.status} after retries`;
      return void 0;
    }
    if (e instanceof CaUnreachableError) return `unreachable (${e.message})`;
  }
  return void 0;
}
function caCandidates(ca, firstUrl = ca.directoryUrl) {
  const { fallbacks = [], ...first } = ca;
  const { eab: _eab, eabIfRequired: _shared, keyFile: _keyFile, ...account } = ca.account;
  return [
    { ...first, directoryUrl: firstUrl },
    ...fallbacks.map((fallback) => ({
      ...first,
      directoryUrl: fallback.directoryUrl,
      account: {
        ...account,
        ...fallback.eab ? { eab: fallback.eab } : {},
        ...fallback.eabIfRequired ? { eabIfRequired: fallback.eabIfRequired } : {}
      }
    }))
  ];
}
// src/renewal/fallback.ts
function describeFallback(fallback) {
  const skipped = fallback.skipped.map((s) => `${s.server}: ${s.reason}`).join("; ");
  return `fallback CA ${fallback.server} (skipped ${skipped})`;
}
async function orderWithFallback(candidates, order, logger) {
  const skipped = [];
  for (const [index, ca] of candidates.entries()) {
    try {
      const result = await order(ca);
      if (skipped.length === 0) return { result, ca };
      const fallback = { server: ca.directoryUrl, skipped };
      logger.warn(`issued by ${describeFallback(fallback)}`);
      return { result, ca, fallback };
    } catch (error2) {
      const reason = fallbackReason(error2);
      const next = candidates[index + 1];
      if (reason && next) {
        skipped.push({ server: ca.directoryUrl, reason });
        logger.warn(`ca: ${ca.directoryUrl} is ${reason}; trying the next CA, ${next.directoryUrl}`);
        continue;
      }
      if (skipped.length === 0) throw error2;
      const before = skipped.map((s) => `${s.server}: ${s.reason}`).join("; ");
      throw new Error(`${errorMessage(error2)} (at fallback CA ${ca.directoryUrl}; skipped ${before})`, {
        cause: error2
      });
    }
  }
  throw new Error("ca: no server to order from; set server");
}
var require30 = require2;
// src/issue/account-changes.ts
// src/acme/jws.ts
var SIGNERS = {
  ES256: { hash: "sha256", dsaEncoding: "ieee-p1363" },
  ES384: { hash: "sha384", dsaEncoding: "ieee-p1363" },
  RS256: { hash: "sha256", dsaEncoding: void 0 }
};
function accountKeyFrom(privateKey) {
  const details = privateKey.asymmetricKeyDetails;
  let alg;
  if (privateKey.asymmetricKeyType === "ec" && details?.namedCurve === "prime256v1") alg = "ES256";
  else if (privateKey.asymmetricKeyType === "ec" && details?.namedCurve === "secp384r1") alg = "ES384";
  else if (privateKey.asymmetricKeyType === "rsa") alg = "RS256";
  else
    return Promise.reject(
      new Error(
        `acme: unsupported account key type ${privateKey.asymmetricKeyType} ${details?.namedCurve ?? ""}; use EC P-256, P-384 or RSA`
      )
    );
  const { kty, crv, x, y, n, e } = (0, import_node_crypto13.createPublicKey)(privateKey).export({ format: "jwk" });
  const publicJwk = Object.fromEntries(
    Object.entries({ kty, crv, x, y, n, e }).filter(([, v]) => v !== void 0)
  );
  return Promise.resolve({ privateKey, alg, publicJwk, thumbprint: jwkThumbprint(publicJwk) });
}
function jwkThumbprint(jwk) {
  const required = jwk.kty === "EC" ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y } : { e: jwk.e, kty: jwk.kty, n: jwk.n };
  return (0, import_node_crypto13.createHash)("sha256").update(JSON.stringify(required)).digest("base64url");
}
var base64url = (text2) => Buffer.from(text2, "utf8").toString("base64url");
function signAcmeRequest(key, header, payload) {
  const protectedHeader = base64url(
    JSON.stringify({
      alg: key.alg,
      // keyChange's inner JWS has none (\u00a77.3.5).
      ...header.nonce === void 0 ? {} : { nonce: header.nonce },
      url: header.url,
      ...header.kid ? { kid: header.kid } : { jwk: key.publicJwk }
    })
  );
  const encodedPayload = payload === void 0 ? "" : base64url(JSON.stringify(payload));
  const { hash, dsaEncoding } = SIGNERS[key.alg];
  const signature = (0, import_node_crypto13.sign)(hash, Buffer.from(`${protectedHeader}.${encodedPayload}`), {
    key: key.privateKey,
    ...dsaEncoding ? { dsaEncoding } : {}
  });
  return Promise.resolve({
    protected: protectedHeader,
    payload: encodedPayload,
    signature: signature.toString("base64url")
  });
}
function externalAccountBinding(key, binding, newAccountUrl) {
  const secret = Buffer.from(binding.hmacKey, "base64url");
  const protectedHeader = base64url(JSON.stringify({ alg: "HS256", kid: binding.kid, url: newAccountUrl }));
  const payload = base64url(JSON.stringify(key.publicJwk));
  const signature = (0, import_node_crypto13.createHmac)("sha256", secret).update(`${protectedHeader}.${payload}`).digest("base64url");
  return Promise.resolve({ protected: protectedHeader, payload, signature });
}
function dns01TxtValue(token, key) {
  return Promise.resolve((0, import_node_crypto13.createHash)("sha256").update(`${token}.${key.thumbprint}`).digest("base64url"));
}
// src/acme/account.ts
async function newAccount(transport, request) {
  const directory = await transport.directory();
  if (directory.meta?.externalAccountRequired && !request.externalAccountBinding) {
    throw new Error(
      "acme: this CA requires External Account Binding; pass eab-kid and eab-hmac-key from your CA account"
    );
  }
  const payload = {
    termsOfServiceAgreed: request.termsOfServiceAgreed,
    contact: request.emails.map((email) => `mailto:${email}`)
  };
  if (request.externalAccountBinding) {
    payload.externalAccountBinding = await externalAccountBinding(
      transport.accountKey,
      request.externalAccountBinding,
      directory.newAccount
    );
  }
  const response = await transport.post(
    directory.newAccount,
    payload,
    "newAccount",
    {
      useJwk: true
    }
  );
  return accountFrom2(transport, response.location, response.body);
}
async function findAccount(transport) {
  const directory = await transport.directory();
  try {
    const response = await transport.post(
      directory.newAccount,
      { onlyReturnExisting: true },
      "find account",
      { useJwk: true }
    );
    return accountFrom2(transport, response.location, response.body);
  } catch (error2) {
    if (error2 instanceof Error && "type" in error2 && error2.type.endsWith(":accountDoesNotExist")) {
      return void 0;
    }
    throw error2;
  }
}
function accountFrom2(transport, location, body) {
  if (!location) throw new Error("acme: newAccount response has no Location header (RFC 8555 \xA77.3)");
  if (body.status !== "valid") throw new Error(`acme: account ${location} is ${body.status}; expected valid`);
  transport.setAccountUrl(location);
  return { url: location, status: body.status, ...body.contact ? { contact: body.contact } : {} };
}
async function changeAccountKey(transport, newKey) {
  const directory = await transport.directory();
  const account = transport.kid;
  if (!directory.keyChange) throw new Error("acme: this CA offers no keyChange (RFC 8555 \xA77.3.5); the key stays");
  if (!account) throw new Error("acme: keyChange: no account yet; look up the account first");
  const inner = await signAcmeRequest(
    newKey,
    { url: directory.keyChange },
    { account, oldKey: transport.accountKey.publicJwk }
  );
  await transport.post(directory.keyChange, inner, "keyChange");
}
async function deactivateAccount(transport) {
  const response = await transport.post(
    accountUrlOf(transport, "deactivate"),
    { status: "deactivated" },
    "deactivate account"
  );
  return accountBody(accountUrlOf(transport, "deactivate"), response.body);
}
async function updateAccountContact(transport, emails) {
  const url = accountUrlOf(transport, "update contact");
  const response = await transport.post(
    url,
    { contact: emails.map((email) => `mailto:${email}`) },
    "update account contact"
  );
  return accountBody(url, response.body);
}
function accountUrlOf(transport, what) {
  if (!transport.kid) throw new Error(`acme: ${what}: no account yet; look up the account first`);
  return transport.kid;
}
function accountBody(url, body) {
  return { url, status: body.status, ...body.contact ? { contact: body.contact } : {} };
}
// src/issue/account.ts
function generateAccountKey() {
  return (0, import_node_crypto14.generateKeyPairSync)("ec", { namedCurve: "P-256" }).privateKey;
}
async function loadOrCreateAccountKey(path) {
  const pem2 = path ? await readFileIfExists(path) : void 0;
  if (pem2 !== void 0) {
    try {
      return { key: (0, import_node_crypto14.createPrivateKey)(pem2), isNew: false };
    } catch (cause) {
      throw new Error(
        `account-key-file: ${path} is not a PEM private key; fix or remove it to register a new account`,
        { cause }
      );
    }
  }
  const key = generateAccountKey();
  if (path) {
    await writeFileAtomic(path, key.export({ type: "pkcs8", format: "pem" }).toString(), 384).catch(
      (cause) => {
        throw new Error(`account-key-file: cannot keep the new account key in ${path}: ${cause.message}`, {
          cause
        });
      }
    );
  }
  return { key, isNew: true };
}
async function ensureAccount(transport, settings, keyIsNew) {
  if (!keyIsNew) {
    const existing = await findAccount(transport);
    if (existing) return existing;
  }
  const directory = await transport.directory();
  const terms = directory.meta?.termsOfService;
  if (terms && !settings.agreeTos) {
    throw new Error(
      `agree-tos: the CA asks you to accept its terms of service (${terms}); set agree-tos: true (CLI: --agree-tos) to accept them`
    );
  }
  const eab = settings.eab ?? (directory.meta?.externalAccountRequired ? settings.eabIfRequired : void 0);
  return newAccount(transport, {
    emails: settings.emails,
    termsOfServiceAgreed: settings.agreeTos,
    ...eab ? { externalAccountBinding: eab } : {}
  });
}
// src/issue/account-changes.ts
var pemOf = (key) => key.export({ type: "pkcs8", format: "pem" }).toString();
async function rollOverAccountKey(acme, ca, hooks) {
  const current = await acme.storedAccount(ca);
  const newKey = generateAccountKey();
  const pending = { ...current, pendingKeyPem: pemOf(newKey) };
  await hooks.keep(pending).catch((cause) => {
    throw new Error("state: cannot write the new account key before the rollover; nothing was changed at the CA", {
      cause
    });
  });
  hooks.reached?.("pending-saved");
  await changeAccountKey(await acme.transport(ca), await accountKeyFrom(newKey));
  hooks.reached?.("key-changed");
  const rolled = { url: current.url, keyPem: pemOf(newKey) };
  acme.forget(ca.directoryUrl);
  await hooks.keep(rolled).catch((cause) => {
    throw new Error(
      "state: the CA now holds the new account key, but the state could not be written with it promoted; the state still holds it as pending, and the next run finishes the rollover",
      { cause }
    );
  });
  hooks.reached?.("promoted");
  return rolled;
}
function keyNotKnown(error2) {
  return error2 instanceof AcmeProblem && (error2.is("accountDoesNotExist") || error2.is("unauthorized") || error2.is("malformed"));
}
async function accountOfKey(transport, url) {
  try {
    const account = await findAccount(transport);
    return account?.url === url ? account : void 0;
  } catch (error2) {
    if (keyNotKnown(error2)) return void 0;
    throw error2;
  }
}
async function settleRollover(stored, transportFor, logger) {
  const current = (0, import_node_crypto12.createPrivateKey)(stored.keyPem);
  if (await accountOfKey(await transportFor(current), stored.url)) {
    logger.info(`acme: an earlier account key rollover did not reach the CA; ${stored.url} keeps its key`);
    return current;
  }
  const pending = (0, import_node_crypto12.createPrivateKey)(stored.pendingKeyPem);
  if (await accountOfKey(await transportFor(pending), stored.url)) {
    logger.info(`acme: finished the account key rollover of ${stored.url} an earlier run left unfinished`);
    return pending;
  }
  throw new Error(
    `acme: the CA knows neither the account key nor the rollover's new key of ${stored.url}; was it deactivated elsewhere? Restore the state from a backup, or start over with state-reset: true`
  );
}
async function keepContactCurrent(transport, account, emails, logger) {
  if (emails.length === 0) return account;
  const wanted = emails.map((email) => `mailto:${email}`).sort();
  const held = [...account.contact ?? []].sort();
  if (wanted.length === held.length && wanted.every((c, i) => c === held[i])) return account;
  const updated = await updateAccountContact(transport, emails);
  logger.info(`acme: account contact of ${account.url} is now ${emails.join(", ")}`);
  return updated;
}
async function deactivate(acme, ca) {
  await acme.account(ca);
  const account = await deactivateAccount(await acme.transport(ca));
  acme.forget(ca.directoryUrl);
  return account;
}
// src/issue/session.ts
// src/acme/transport.ts
var JOSE_CONTENT_TYPE = "application/jose+json";
var UNANSWERED_READ_RETRIES = 2;
var AcmeTransport = class {
  constructor(options) {
    this.options = options;
    this.maxRetries = options.maxRetries ?? 6;
    this.badNonceBudgetMs = options.badNonceBudgetMs ?? 3e4;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 6e4;
    this.lanes = new Lanes(options.maxConcurrent ?? 8);
    this.prefetchedDirectory = options.directory;
    if (options.nonce) {
      this.noncesFetched++;
      this.warm(options.nonce);
    }
  }
  options;
  directoryPromise;
  prefetchedDirectory;
  warming;
  nonces = [];
  accountUrl;
  maxRetries;
  badNonceBudgetMs;
  maxRetryAfterMs;
  lanes;
  /** newNonce requests sent (tests count them). */
  noncesFetched = 0;
  get accountKey() {
    return this.options.accountKey;
  }
  get kid() {
    return this.accountUrl;
  }
  /** Sets the account URL used as `kid` once the account is known (\u00a77.3). */
  setAccountUrl(url) {
    this.accountUrl = url;
  }
  /** The directory (\u00a77.1.1), fetched once per transport (a fetch that failed is tried again). */
  directory() {
    const prefetched = this.prefetchedDirectory;
    this.prefetchedDirectory = void 0;
    this.directoryPromise ??= (prefetched ?? fetchDirectory(this.options.http, this.options.directoryUrl)).catch(
      (error2) => {
        this.directoryPromise = void 0;
        throw error2;
      }
    );
    return this.directoryPromise;
  }
  /** Puts a nonce fetched before the transport into the pool once it arrives; requests meanwhile wait for it. */
  warm(nonce) {
    this.warming = nonce.then((value2) => void this.nonces.push(value2)).catch(() => void 0).finally(() => this.warming = void 0);
  }
  keepNonce(response) {
    const nonce = response.headers["replay-nonce"];
    if (typeof nonce === "string" && nonce !== "") this.nonces.push(nonce);
  }
  /** A fresh nonce: from the pool, else from newNonce (\u00a77.2). */
  async nonce() {
    if (this.nonces.length === 0 && this.warming) await this.warming;
    return this.nonces.pop() ?? this.fetchNonce();
  }
  async fetchNonce() {
    const { newNonce } = await this.directory();
    this.noncesFetched++;
    return fetchNonce(this.options.http, newNonce);
  }
  /**
   * A signed POST (or POST-as-GET when `payload` is undefined). `useJwk` signs with the public
   * key instead of the account URL, as newAccount requires. `context` names the operation in
   * errors.
   */
  async post(url, payload, context, options = {}) {
    const kid = options.useJwk ? void 0 : this.accountUrl;
    if (!options.useJwk && !kid)
      throw new Error(`acme: ${context}: no account yet; register or look up the account first`);
    return this.lanes.run(() => this.send(url, payload, context, kid, options.accept));
  }
  async send(url, payload, context, kid, accept) {
    const attempts = { badNonce: 0, other: 0, unanswered: 0, started: this.options.clock.now() };
    for (; ; ) {
      const nonce = await this.nonce();
      const body = JSON.stringify(
        await signAcmeRequest(this.options.accountKey, { nonce, url, ...kid ? { kid } : {} }, payload)
      );
      const headers = { "content-type": JOSE_CONTENT_TYPE };
      if (accept) headers.accept = accept;
      let response;
      try {
        response = await this.options.http({ method: "POST", url, body, headers });
      } catch (error2) {
        if (payload !== void 0 || attempts.unanswered >= UNANSWERED_READ_RETRIES) throw error2;
        attempts.unanswered++;
        this.options.logger.debug(`acme: ${context}: no answer (${errorMessage(error2)}); asking again`);
        await this.options.clock.sleep(250 * 2 ** (attempts.unanswered - 1));
        continue;
      }
      this.keepNonce(response);
      if (response.status < 400) return this.parse(response, accept);
      const problem = this.problemOf(response, context);
      const wait = this.retryDelay(problem, response, attempts);
      if (wait === void 0) {
        const retried = attempts.badNonce + attempts.other - 1;
        if (retried > 0)
          problem.message += ` (after ${retried} ${retried === 1 ? "retry" : "retries"} in ${((this.options.clock.now() - attempts.started) / 1e3).toFixed(1)} s)`;
        throw problem;
      }
      this.options.logger.debug(`${problem.message}; retrying in ${wait} ms`);
      if (wait > 0) await this.options.clock.sleep(wait);
    }
  }
  /** How long to wait before retrying, or undefined when the error is final. */
  retryDelay(problem, response, attempts) {
    if (problem.is("badNonce")) {
      attempts.badNonce++;
      if (this.options.clock.now() - attempts.started >= this.badNonceBudgetMs) return void 0;
      return attempts.badNonce <= 5 ? 0 : Math.min(25 * attempts.badNonce, 500);
    }
    const attempt = attempts.other++;
    if (attempt >= this.maxRetries) return void 0;
    const retryAfter = retryAfterMs(response, this.options.clock.now());
    if (response.status === 429 || response.status === 503) {
      if (retryAfter === void 0 || retryAfter > this.maxRetryAfterMs) return void 0;
      return retryAfter;
    }
    if (response.status >= 500) return Math.min(retryAfter ?? 500 * 2 ** attempt, this.maxRetryAfterMs);
    return void 0;
  }
  problemOf(response, context) {
    let document;
    try {
      document = JSON.parse(response.body.toString("utf8"));
    } catch {
      document = { detail: `HTTP ${response.status}: ${response.body.toString("utf8").slice(0, 200)}` };
    }
    return new AcmeProblem(context, document, response.status, response.url);
  }
  parse(response, accept) {
    const location = typeof response.headers.location === "string" ? response.headers.location : void 0;
    const text2 = response.body.toString("utf8");
    const isJson = (response.headers["content-type"] ?? "").includes("json");
    const body = accept && !isJson ? text2 : text2 === "" ? {} : JSON.parse(text2);
    return { status: response.status, body, response, ...location ? { location } : {} };
  }
};
async function fetchDirectory(http2, url) {
  let response;
  try {
    response = await http2({ method: "GET", url });
  } catch (cause) {
    const viaProxy = cause instanceof Error && cause.message.startsWith("proxy:");
    throw new Error(
      `acme: cannot reach the ACME directory at ${url}${viaProxy ? "" : "; check the server URL and that the CA is up"}`,
      { cause }
    );
  }
  if (response.status !== 200) {
    throw new Error(`acme: directory ${url} answered HTTP ${response.status}; expected 200 with a JSON directory`);
  }
  let directory;
  try {
    directory = JSON.parse(response.body.toString("utf8"));
  } catch (cause) {
    throw new Error(`acme: directory ${url} is not JSON; is this an ACME directory URL?`, { cause });
  }
  for (const field of ["newNonce", "newAccount", "newOrder"]) {
    if (typeof directory[field] !== "string") {
      throw new Error(`acme: directory ${url} has no ${field}; is this an ACME (RFC 8555) directory URL?`);
    }
  }
  return directory;
}
async function fetchNonce(http2, newNonce) {
  const response = await http2({ method: "GET", url: newNonce });
  const nonce = response.headers["replay-nonce"];
  if (typeof nonce !== "string" || nonce === "") {
    throw new Error(`acme: newNonce ${newNonce} returned no Replay-Nonce header (HTTP ${response.status})`);
  }
  return nonce;
}
var Lanes = class {
  constructor(size) {
    this.size = size;
  }
  size;
  running = 0;
  waiting = [];
  async run(task) {
    if (this.running >= this.size) await new Promise((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
};
// src/issue/session.ts
var AcmeSession = class {
  constructor(options) {
    this.options = options;
  }
  options;
  connections = /* @__PURE__ */ new Map();
  trustPems = /* @__PURE__ */ new Map();
  /** Started by warm() and not asked for yet: the first to ask gets them, failed or not. */
  warmed = /* @__PURE__ */ new Map();
  /** The HTTP client that trusts the system roots plus `trustFile`, if given; throws when it cannot be read. */
  http(trustFile) {
    if (!trustFile) return this.options.clients.forTrust();
    let pem2 = this.trustPems.get(trustFile);
    if (pem2 === void 0) {
      try {
        pem2 = (0, import_node_fs4.readFileSync)(trustFile, "utf8");
      } catch (cause) {
        throw new Error(
          `server-ca-file: cannot read ${trustFile}; expected a PEM file with the CA that signed the ACME server's certificate`,
          { cause }
        );
      }
      this.trustPems.set(trustFile, pem2);
    }
    return this.options.clients.forTrust(pem2);
  }
  /**
   * Starts the connection to the CA at `directoryUrl` (the TLS connection, the directory, a nonce,
   * the account key) and the account, for a certificate that will be ordered: they arrive while
   * the run does its other checks. The first transport() and account() get what this started,
   * failed or not, so a CA that is down is not asked twice.
   */
  warm(ca, directoryUrl = ca.directoryUrl) {
    if (this.connections.has(directoryUrl)) return;
    const connection = this.connection(ca, directoryUrl);
    const account = this.account(ca, directoryUrl);
    connection.catch(() => void 0);
    account.catch(() => void 0);
    this.warmed.set(directoryUrl, { connection, account });
  }
  /** The signed-request transport for the CA at `directoryUrl` (default: the request's). */
  async transport(ca, directoryUrl = ca.directoryUrl) {
    const warmed = this.warmed.get(directoryUrl);
    const connection = warmed?.connection ?? this.connection(ca, directoryUrl);
    if (warmed) warmed.connection = void 0;
    return (await connection).transport;
  }
  /** The CA's directory, fetched once per run. */
  async directory(ca, directoryUrl = ca.directoryUrl) {
    return (await this.transport(ca, directoryUrl)).directory();
  }
  /**
   * The account at the CA, looked up or registered once per run (RFC 8555 \u00a77.3). A newly
   * registered account goes into the account book.
   */
  async account(ca, directoryUrl = ca.directoryUrl) {
    const warmed = this.warmed.get(directoryUrl)?.account;
    if (warmed) {
      this.warmed.delete(directoryUrl);
      return warmed;
    }
    const connection = await this.connection(ca, directoryUrl);
    connection.account ??= this.lookUp(connection, ca, directoryUrl);
    return connection.account;
  }
  async lookUp(connection, ca, directoryUrl) {
    const account = await ensureAccount(connection.transport, ca.account, connection.source === "new").catch(
      (error2) => {
        connection.account = void 0;
        throw error2;
      }
    );
    this.options.logger.debug(`acme: account ${account.url} at ${directoryUrl}`);
    if (connection.source !== "state") {
      this.options.accounts.remember(directoryUrl, {
        url: account.url,
        keyPem: connection.key.export({ type: "pkcs8", format: "pem" }).toString()
      });
    }
    if (connection.source === "new") return account;
    return keepContactCurrent(connection.transport, account, ca.account.emails, this.options.logger);
  }
  /** The account and its key, as the state keeps them. */
  async storedAccount(ca, directoryUrl = ca.directoryUrl) {
    const account = await this.account(ca, directoryUrl);
    const { key } = await this.connection(ca, directoryUrl);
    return { url: account.url, keyPem: key.export({ type: "pkcs8", format: "pem" }).toString() };
  }
  /** Drops what this run knows of the CA's account (its key changed): the next request reads the account book. */
  forget(directoryUrl) {
    this.connections.delete(directoryUrl);
    this.warmed.delete(directoryUrl);
  }
  connection(ca, directoryUrl) {
    let connection = this.connections.get(directoryUrl);
    if (!connection) {
      connection = this.connect(ca, directoryUrl);
      connection.catch(() => this.connections.delete(directoryUrl));
      this.connections.set(directoryUrl, connection);
    }
    return connection;
  }
  async connect(ca, directoryUrl) {
    const { clock, logger } = this.options;
    const http2 = markingUnreachable(this.http(ca.trustFile), directoryUrl);
    const directory = fetchDirectory(http2, directoryUrl);
    const nonce = directory.then((d) => fetchNonce(http2, d.newNonce));
    directory.catch(() => void 0);
    nonce.catch(() => void 0);
    const stored = this.options.accounts.find(directoryUrl);
    let key;
    let source;
    if (stored?.pendingKeyPem) {
      const transportFor = async (k) => new AcmeTransport({ http: http2, directoryUrl, directory, accountKey: await accountKeyFrom(k), clock, logger });
      key = await settleRollover({ ...stored, pendingKeyPem: stored.pendingKeyPem }, transportFor, logger);
      source = "state";
      this.options.accounts.remember(directoryUrl, {
        url: stored.url,
        keyPem: key.export({ type: "pkcs8", format: "pem" }).toString()
      });
    } else if (stored) {
      [key, source] = [(0, import_node_crypto15.createPrivateKey)(stored.keyPem), "state"];
    } else if (ca.account.keyFile) {
      const loaded2 = await loadOrCreateAccountKey(ca.account.keyFile);
      [key, source] = [loaded2.key, loaded2.isNew ? "new" : "file"];
    } else {
      [key, source] = [generateAccountKey(), "new"];
    }
    const accountKey2 = await accountKeyFrom(key);
    const transport = new AcmeTransport({ http: http2, directoryUrl, directory, nonce, accountKey: accountKey2, clock, logger });
    return { transport, key, source };
  }
};
// src/state/bundle.ts
var BUNDLE_VERSION = 2;
var HISTORY_KEPT = 5;
function emptyBundle() {
  return { version: BUNDLE_VERSION, accounts: {}, lineages: {}, pendingCleanup: [] };
}
function fail2(path, expected) {
  throw new Error(
    `state: the bundle is not valid: ${path} should be ${expected}; restore it from a backup, or set state-reset: true to start over with an empty state`
  );
}
var isObject3 = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
var string = (v, p) => void (typeof v === "string" || fail2(p, "a string"));
var optionalString = (v, p) => void (v === void 0 || typeof v === "string" || fail2(p, "a string"));
var pem = (label) => (v, p) => void (typeof v === "string" && v.includes(`-----BEGIN ${label}`) || fail2(p, `a PEM ${label.toLowerCase()}`));
function fields(value2, path, checks) {
  if (!isObject3(value2)) fail2(path, "an object");
  for (const [name, check] of Object.entries(checks)) check(value2[name], `${path}.${name}`);
}
function arrayOf(check) {
  return (v, p) => {
    if (!Array.isArray(v)) fail2(p, "a list");
    v.forEach((item, i) => check(item, `${p}[${i}]`));
  };
}
function recordOf(check) {
  return (v, p) => {
    if (!isObject3(v)) fail2(p, "an object");
    for (const [key, item] of Object.entries(v)) check(item, `${p}["${key}"]`);
  };
}
var revokedCheck = (r, rp) => r === void 0 || fields(r, rp, { at: string, reason: string });
var number = (v, p) => void (typeof v === "number" || fail2(p, "a number"));
var deployedCheck = (d, dp) => d === void 0 || recordOf(
  (r, rp) => fields(r, rp, {
    serial: string,
    id: string,
    at: number,
    details: (x, xp) => x === void 0 || recordOf(string)(x, xp)
  })
)(d, dp);
var lineageCheck = (v, p) => fields(v, p, {
  name: string,
  domains: arrayOf(string),
  keyType: string,
  server: string,
  provider: string,
  profile: optionalString,
  keyPem: pem("PRIVATE KEY"),
  chainPem: pem("CERTIFICATE"),
  history: arrayOf((h, hp) => fields(h, hp, { serial: string, notBefore: string, notAfter: string })),
  renewalInfo: (r, rp) => r === void 0 || fields(r, rp, {
    windowStart: string,
    windowEnd: string,
    fetchedAt: string,
    retryAfter: string,
    explanationUrl: optionalString
  }),
  revoked: revokedCheck,
  deployed: deployedCheck
});
var recordCheck = (v, p) => fields(v, p, { domain: string, fqdn: string, zone: string, value: string, ref: optionalString });
function parseBundle(text2) {
  let value2;
  try {
    value2 = JSON.parse(text2);
  } catch {
    throw new Error(
      "state: the decrypted bundle is not JSON; it is corrupted, restore it from a backup, or set state-reset: true to start over with an empty state"
    );
  }
  if (!isObject3(value2) || typeof value2.version !== "number") fail2("bundle", "an object with a numeric version");
  if (value2.version > BUNDLE_VERSION) {
    throw new Error(
      `state: the bundle was written by a newer certwright (bundle version ${value2.version}, this one reads up to ${BUNDLE_VERSION}); upgrade certwright`
    );
  }
  const pendingCleanup = arrayOf(
    (c, cp) => fields(c, cp, { certName: optionalString, provider: string, createdAt: string, records: arrayOf(recordCheck) })
  );
  if (value2.version === 1) {
    fields(value2, "bundle", {
      accounts: recordOf((a, ap) => fields(a, ap, { url: string, keyPem: pem("PRIVATE KEY") })),
      lineages: recordOf(lineageCheck),
      pendingCleanup
    });
    return { ...value2, version: BUNDLE_VERSION };
  }
  fields(value2, "bundle", {
    accounts: recordOf((a, ap) => fields(a, ap, { url: string, key: string, pendingKey: optionalString })),
    issuers: arrayOf(string),
    lineages: recordOf(compactLineageCheck),
    pendingCleanup,
    orders: (o, op) => o === void 0 || recordOf(arrayOf((n, np) => void (typeof n === "number" || fail2(np, "a number"))))(o, op)
  });
  return expand(value2);
}
var compactLineageCheck = (v, p) => fields(v, p, {
  domains: arrayOf(string),
  keyType: string,
  server: string,
  provider: string,
  profile: optionalString,
  key: string,
  cert: string,
  chain: arrayOf((n, np) => void (Number.isInteger(n) || fail2(np, "an index"))),
  history: arrayOf(
    (h, hp) => void (Array.isArray(h) && typeof h[0] === "string" && typeof h[1] === "number" && typeof h[2] === "number" || fail2(hp, "[serial, notBefore, notAfter]"))
  ),
  renewalInfo: (r, rp) => r === void 0 || fields(r, rp, {
    windowStart: string,
    windowEnd: string,
    fetchedAt: string,
    retryAfter: string,
    explanationUrl: optionalString
  }),
  facts: (f, fp) => f === void 0 || fields(f, fp, {
    s: string,
    i: string,
    a: (a, ap) => void (a === null || typeof a === "string" || fail2(ap, "a string or null"))
  }),
  revoked: revokedCheck,
  deployed: deployedCheck
});
var seconds2 = (iso2) => Math.round(Date.parse(iso2) / 1e3);
var iso = (s) => new Date(s * 1e3).toISOString();
var sameList = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
function withPems(lineage, key, cert, chain) {
  Object.defineProperties(lineage, {
    keyPem: { enumerable: true, get: () => derToPem(Buffer.from(key, "base64"), "PRIVATE KEY") },
    chainPem: {
      enumerable: true,
      get: () => [derToPem(Buffer.from(cert, "base64"), "CERTIFICATE"), ...chain].join("")
    }
  });
}
function expand(compact) {
  const issuers = compact.issuers.map((der) => derToPem(Buffer.from(der, "base64"), "CERTIFICATE"));
  const lineages = {};
  for (const [name, l] of Object.entries(compact.lineages)) {
    const chain = l.chain.map((i) => issuers[i] ?? fail2(`bundle.lineages["${name}"].chain`, "indexes of issuers"));
    lineages[name] = {
      name,
      domains: l.domains,
      keyType: l.keyType,
      server: l.server,
      provider: l.provider,
      ...l.profile !== void 0 ? { profile: l.profile } : {},
      history: l.history.map(([serial, notBefore, notAfter]) => ({
        serial,
        notBefore: iso(notBefore),
        notAfter: iso(notAfter)
      })),
      ...l.renewalInfo ? { renewalInfo: l.renewalInfo } : {},
      ...l.facts ? { facts: { subject: l.facts.s, issuer: l.facts.i, ariId: l.facts.a, domains: l.facts.d ?? l.domains } } : {},
      ...l.revoked ? { revoked: l.revoked } : {},
      ...l.deployed ? { deployed: l.deployed } : {}
    };
    withPems(lineages[name], l.key, l.cert, chain);
  }
  const accounts = {};
  for (const [url, a] of Object.entries(compact.accounts))
    accounts[url] = {
      url: a.url,
      keyPem: derToPem(Buffer.from(a.key, "base64"), "PRIVATE KEY"),
      ...a.pendingKey ? { pendingKeyPem: derToPem(Buffer.from(a.pendingKey, "base64"), "PRIVATE KEY") } : {}
    };
  const orders = compact.orders ? Object.fromEntries(Object.entries(compact.orders).map(([url, times]) => [url, times.map((t) => t * 1e3)])) : void 0;
  return {
    version: BUNDLE_VERSION,
    accounts,
    lineages,
    pendingCleanup: compact.pendingCleanup,
    ...orders ? { orders } : {}
  };
}
function serializeBundle(bundle) {
  const issuers = [];
  const issuerIndex = /* @__PURE__ */ new Map();
  const der = (pem2, label) => (pemToDer(pem2, label)[0] ?? Buffer.alloc(0)).toString("base64");
  const lineages = {};
  for (const [name, l] of Object.entries(bundle.lineages)) {
    const [leaf = "", ...cas] = pemToDer(l.chainPem, "CERTIFICATE").map((d) => d.toString("base64"));
    const chain = cas.map((ca) => {
      let index = issuerIndex.get(ca);
      if (index === void 0) issuerIndex.set(ca, index = issuers.push(ca) - 1);
      return index;
    });
    const f = l.facts;
    lineages[name] = {
      domains: l.domains,
      keyType: l.keyType,
      server: l.server,
      provider: l.provider,
      ...l.profile !== void 0 ? { profile: l.profile } : {},
      key: der(l.keyPem, "PRIVATE KEY"),
      cert: leaf,
      chain,
      history: l.history.slice(-HISTORY_KEPT).map((h) => [h.serial, seconds2(h.notBefore), seconds2(h.notAfter)]),
      ...l.renewalInfo ? { renewalInfo: l.renewalInfo } : {},
      ...f ? {
        facts: {
          s: f.subject,
          i: f.issuer,
          a: f.ariId,
          ...sameList(f.domains, l.domains) ? {} : { d: f.domains }
        }
      } : {},
      ...l.revoked ? { revoked: l.revoked } : {},
      ...l.deployed && Object.keys(l.deployed).length > 0 ? { deployed: l.deployed } : {}
    };
  }
  const accounts = {};
  for (const [url, a] of Object.entries(bundle.accounts))
    accounts[url] = {
      url: a.url,
      key: der(a.keyPem, "PRIVATE KEY"),
      ...a.pendingKeyPem ? { pendingKey: der(a.pendingKeyPem, "PRIVATE KEY") } : {}
    };
  const orders = bundle.orders ? Object.fromEntries(
    Object.entries(bundle.orders).filter(([, t]) => t.length > 0).map(([url, times]) => [url, times.map((t) => Math.floor(t / 1e3))])
  ) : {};
  const compact = {
    version: 2,
    accounts,
    issuers,
    lineages,
    pendingCleanup: bundle.pendingCleanup,
    ...Object.keys(orders).length ? { orders } : {}
  };
  return JSON.stringify(compact);
}
// src/state/encryption.ts
var zlib = lazyBuiltin("node:zlib");
var RAW_KEY_HOWTO = `${RAW_KEY_PREFIX} followed by 32 random bytes in base64url, e.g. from: echo "${RAW_KEY_PREFIX}$(openssl rand -base64 32 | tr '+/' '-_' | tr -d '=')"`;
function legacyRawKey(value2) {
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(value2)) return void 0;
  const key = new Uint8Array(Buffer.from(value2.replace(/=$/, "").replace(/\+/g, "-").replace(/\//g, "_"), "base64url"));
  return key.length === 32 ? key : void 0;
}
function parseStateKey(text2) {
  const value2 = text2?.trim() ?? "";
  if (value2 === "")
    throw new Error(
      `state-key: missing; expected a passphrase (16+ characters) or a raw 256-bit key: ${RAW_KEY_HOWTO}`
    );
  if (value2.startsWith(RAW_KEY_PREFIX)) {
    const encoded = value2.slice(RAW_KEY_PREFIX.length);
    const key = /^[A-Za-z0-9_-]{43}$/.test(encoded) ? new Uint8Array(Buffer.from(encoded, "base64url")) : void 0;
    if (key?.length !== 32)
      throw new Error(
        `state-key: starts with ${RAW_KEY_PREFIX} but is not a raw 256-bit key; expected ${RAW_KEY_HOWTO}`
      );
    return { kind: "key", key };
  }
  if (value2.length < 16)
    throw new Error(
      `state-key: too short; expected a passphrase of 16 or more characters, or a raw 256-bit key: ${RAW_KEY_HOWTO}`
    );
  const legacyKey = legacyRawKey(value2);
  return { kind: "passphrase", passphrase: value2, ...legacyKey ? { legacyKey } : {} };
}
var derivedKeys = /* @__PURE__ */ new WeakMap();
function derivedKey(key, salt, iterations) {
  let cache = derivedKeys.get(key);
  if (!cache) derivedKeys.set(key, cache = { bySalt: /* @__PURE__ */ new Map() });
  cache.current ??= salt;
  const id = `${salt}.${iterations}`;
  let derived = cache.bySalt.get(id);
  if (!derived) {
    derived = takeEarlyStateKey(key.passphrase, salt, iterations) ?? derivePassphraseKey(key.passphrase, salt, iterations);
    cache.bySalt.set(id, derived);
  }
  return derived;
}
function prepareStateKey(stored, key) {
  if (key.kind !== "passphrase") return;
  const derivation = passphraseDerivationOf(stored);
  if (!derivation) return;
  derivedKey(key, derivation.salt, derivation.iterations).catch(() => void 0);
}
async function encryptState(plaintext, key) {
  const { CompactEncrypt } = await __certwrightLoad("./webapi-C4UDR4ZX.js");
  const jwe = new CompactEncrypt(zlib().deflateRawSync(Buffer.from(plaintext, "utf8"), { level: 9 }));
  if (key.kind === "key")
    return jwe.setProtectedHeader({ alg: "dir", enc: "A256GCM", cty: "certwright-state", [FORMAT_HEADER]: { z: "deflate" } }).encrypt(key.key);
  const salt = derivedKeys.get(key)?.current ?? (0, import_node_crypto16.randomBytes)(16).toString("base64url");
  const format = { z: "deflate", s: salt, c: PBES2_ITERATIONS };
  return jwe.setProtectedHeader({ alg: "dir", enc: "A256GCM", cty: "certwright-state", [FORMAT_HEADER]: format }).encrypt(await derivedKey(key, salt, PBES2_ITERATIONS));
}
var START_OVER_HINT = "restore it from a backup, or set state-reset: true to start over with an empty state";
async function secretFor(header, format, key) {
  const byPassphrase = header.alg === "PBES2-HS512+A256KW" || header.alg === "dir" && typeof format.s === "string";
  if (!byPassphrase) {
    if (key.kind === "key") return { secret: key.key, legacy: false };
    if (key.legacyKey) return { secret: key.legacyKey, legacy: true };
    throw new Error(
      `state-key: the bundle was encrypted with a raw 256-bit key, and state-key is a passphrase; use the state-key that wrote it (a raw key is written ${RAW_KEY_PREFIX}...), or set state-reset: true to start over`
    );
  }
  if (key.kind === "key")
    throw new Error(
      "state-key: the bundle was encrypted with a passphrase, and state-key is a raw key; use the state-key that wrote it, or set state-reset: true to start over"
    );
  if (header.alg !== "dir") return { secret: new TextEncoder().encode(key.passphrase), legacy: false };
  const iterations = format.c ?? 0;
  if (!usableIterations(iterations))
    throw new Error(`state: the bundle names an unusable key derivation; it is corrupted, ${START_OVER_HINT}`);
  return { secret: await derivedKey(key, format.s, iterations), legacy: false };
}
async function decryptStateText(jwe, key) {
  const { compactDecrypt, decodeProtectedHeader } = await __certwrightLoad("./webapi-C4UDR4ZX.js");
  let header;
  try {
    header = decodeProtectedHeader(jwe.trim());
  } catch {
    throw new Error(
      `state: not an encrypted certwright bundle (no JWE header); it is corrupted or not the right secret/file: ${START_OVER_HINT}`
    );
  }
  const format = header[FORMAT_HEADER] ?? {};
  const { secret, legacy } = await secretFor(header, format, key);
  let plaintext;
  try {
    ({ plaintext } = await compactDecrypt(jwe.trim(), secret, {
      keyManagementAlgorithms: [header.alg === "dir" ? "dir" : "PBES2-HS512+A256KW"],
      contentEncryptionAlgorithms: ["A256GCM"],
      maxPBES2Count: PBES2_ITERATIONS * 5
    }));
  } catch (cause) {
    const code = cause.code;
    if (code === "ERR_JWE_DECRYPTION_FAILED") {
      throw new Error(
        "state-key: cannot decrypt the bundle: the state-key is not the one that wrote it (or the bundle was altered); use the state-key that wrote it, or set state-reset: true to start over with an empty state"
      );
    }
    throw new Error(`state: the bundle is corrupted and cannot be decrypted; ${START_OVER_HINT}`, { cause });
  }
  if (format.z !== "deflate") return { text: new TextDecoder().decode(plaintext), legacyKey: legacy };
  try {
    return { text: zlib().inflateRawSync(plaintext).toString("utf8"), legacyKey: legacy };
  } catch (cause) {
    throw new Error(`state: the bundle decrypts but does not inflate; it is corrupted, ${START_OVER_HINT}`, { cause });
  }
}
// src/state/persist.ts
async function loadState(store, key) {
  return (await loadStateText(store, key)).bundle;
}
async function loadStateText(store, key, read) {
  const encrypted = read ?? await store.load();
  if (encrypted === void 0) return { bundle: emptyBundle(), encrypted, legacyKey: false };
  if (encrypted.trim() === "")
    throw new Error(
      `state: the ${store.description} exists but is empty, so it cannot be loaded, and a new state is not written over it; ${START_OVER_HINT}`
    );
  const { text: text2, legacyKey } = await decryptStateText(encrypted, key);
  return { bundle: parseBundle(text2), encrypted, legacyKey };
}
async function saveState(store, key, bundle, onSecret) {
  const encrypted = await encryptState(serializeBundle(bundle), key);
  onSecret?.(encrypted);
  const size = Buffer.byteLength(encrypted);
  if (store.maxBytes !== void 0 && size > store.maxBytes) {
    const lineages = Object.keys(bundle.lineages).length;
    throw new Error(
      `state: the encrypted bundle is ${Math.ceil(size / 1024)} KB (${lineages} certificates) and ${store.description} holds at most ${Math.floor(store.maxBytes / 1024)} KB; nothing was written. Use store: artifact:NAME or file:PATH, or split the certificates over several secrets`
    );
  }
  await store.save(encrypted);
  return encrypted;
}
// src/state/journal.ts
var FOREIGN_HOST_GRACE_MS = 864e5;
var RecordJournal = class {
  constructor(folder, logger) {
    this.folder = folder;
    this.logger = logger;
  }
  folder;
  logger;
  /** The folder's file names, listed once per run: this run adds only its own files, which leftBehind skips. */
  listing;
  /** Where each left-behind entry was read, for forget. */
  files = /* @__PURE__ */ new WeakMap();
  /** This process's writes per certificate, in the order they were asked for. */
  writes = /* @__PURE__ */ new Map();
  /** The folder being made (private), once per run; forgotten if that failed, so the next note tries again. */
  folderMade;
  /** This machine's name, asked once per run (a no-op check of 1,000 certificates asked it 1,000 times). */
  get host() {
    return this.#host ??= (0, import_node_os2.hostname)();
  }
  #host;
  /** The entries of `certName` whose run is gone. */
  async leftBehind(certName, now) {
    this.listing ??= this.list();
    const names2 = await this.listing;
    if (names2.length === 0) return [];
    const prefix = `${fileStem(certName)}.`;
    const entries = [];
    for (const name of names2) {
      if (!name.startsWith(prefix) || !name.endsWith(".json")) continue;
      const path = (0, import_node_path4.join)(this.folder, name);
      const entry = await this.read(path);
      if (!entry || entry.certName !== certName || entry.pid === process.pid) continue;
      const gone = entry.host === this.host ? !processAlive(entry.pid) : now - Date.parse(entry.createdAt) > FOREIGN_HOST_GRACE_MS;
      if (!gone) continue;
      this.files.set(entry, path);
      entries.push(entry);
    }
    return entries;
  }
  /**
   * Makes the folder (0700) now, for a run about to order: noting the records, which happens on
   * the order's way between the CA's challenge and the DNS change, is then one write. A failure is
   * not thrown here: the note that needs the folder throws it.
   */
  prepare() {
    if (!this.folderMade) {
      const made = makeFolder(this.folder, { private: true });
      this.folderMade = made;
      made.catch(() => {
        if (this.folderMade === made) this.folderMade = void 0;
      });
    }
    return this.folderMade;
  }
  /** Notes this process's records of a certificate (replacing what it noted before for it). */
  note(entry) {
    const mine = { ...entry, pid: process.pid, host: this.host };
    const text2 = `${JSON.stringify(mine, null, 2)}
`;
    return this.inOrder(entry.certName, async () => {
      await this.prepare();
      await writeFileAtomic(this.ownFile(entry.certName), text2, 384, { sync: false });
    });
  }
  /** Forgets this process's records of `certName`, or exactly `entries` (left behind, now removed). */
  forget(certName, entries) {
    if (!entries) return this.inOrder(certName, () => removeFile(this.ownFile(certName)));
    const paths = entries.map((entry) => this.files.get(entry)).filter((path) => path !== void 0);
    return Promise.all(paths.map(removeFile)).then(() => void 0);
  }
  /** `<certificate>.<hash>.<pid>.<host>.json`: the name says whose it is; the content is checked all the same. */
  ownFile(certName) {
    return entryFile(this.folder, certName, process.pid, this.host);
  }
  inOrder(certName, write) {
    const next = (this.writes.get(certName) ?? Promise.resolve()).catch(() => void 0).then(write);
    this.writes.set(certName, next);
    return next;
  }
  /** Two system calls, synchronous: every run that orders lists the folder before its first order. */
  async list() {
    if ((0, import_node_fs5.existsSync)(`${this.folder}.json`)) await this.adoptSingleFile();
    try {
      return (0, import_node_fs5.readdirSync)(this.folder);
    } catch (error2) {
      if (error2.code === "ENOENT") return [];
      throw error2;
    }
  }
  async read(path) {
    const text2 = await readFileIfExists(path);
    if (text2 === void 0) return void 0;
    try {
      const entry = JSON.parse(text2);
      if (!isEntry(entry)) throw new Error("not an entry of records in flight");
      return entry;
    } catch (error2) {
      this.logger.warn(`${path} is not a records journal entry (${errorMessage(error2)}); ignoring it`);
      return void 0;
    }
  }
  /**
   * Earlier versions kept every run's entries in one file, `records-in-flight.json`, beside the
   * folder, changed under a lock: its entries become files of the folder, then it goes.
   */
  async adoptSingleFile() {
    const single = `${this.folder}.json`;
    if (await readFileIfExists(single) === void 0) return;
    const release = await acquireLockFile(`${single}.lock`, { what: `records journal ${single}`, timeoutMs: 1e4 });
    try {
      const text2 = await readFileIfExists(single);
      if (text2 === void 0) return;
      let entries = [];
      try {
        const parsed = JSON.parse(text2);
        if (!Array.isArray(parsed.entries)) throw new Error("no entries list");
        entries = parsed.entries;
      } catch (error2) {
        this.logger.warn(`${single} is not a records journal (${errorMessage(error2)}); removing it`);
      }
      for (const entry of entries.filter(isEntry)) {
        const path = entryFile(this.folder, entry.certName, entry.pid, entry.host);
        await writeFileAtomic(path, `${JSON.stringify(entry, null, 2)}
`, 384);
      }
      await removeFile(single);
    } finally {
      await release();
    }
  }
};
function entryFile(folder, certName, pid, host) {
  return (0, import_node_path4.join)(folder, `${fileStem(certName)}.${pid}.${safePart(host)}.json`);
}
function fileStem(certName) {
  return `${safePart(certName)}.${(0, import_node_crypto17.createHash)("sha256").update(certName).digest("hex").slice(0, 12)}`;
}
function safePart(text2) {
  return text2.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 64);
}
async function removeFile(path) {
  try {
    await (0, import_promises6.unlink)(path);
  } catch (error2) {
    if (error2.code !== "ENOENT") throw error2;
  }
}
function isEntry(value2) {
  const e = value2;
  return typeof e === "object" && e !== null && typeof e.certName === "string" && typeof e.provider === "string" && typeof e.pid === "number" && typeof e.host === "string" && typeof e.createdAt === "string" && Array.isArray(e.records) && e.records.every((r) => {
    const record = r;
    return typeof record?.fqdn === "string" && typeof record.value === "string";
  });
}
var KEY_AUTHORIZATION_DIGEST = /^[A-Za-z0-9_-]{43}$/;
function recordShapeProblem(record, domains) {
  if (typeof record !== "object" || record === null) return "it is not a record";
  const { type, domain, fqdn, zone, value: value2 } = record;
  if (type !== void 0 && type !== "TXT")
    return `its type is ${quotedName(typeof type === "string" ? type : JSON.stringify(type) ?? "")}, not TXT`;
  if (typeof value2 !== "string" || !KEY_AUTHORIZATION_DIGEST.test(value2))
    return "its value is not a key authorization digest (43 base64url characters)";
  if (typeof domain !== "string" || !domains.has(normalizeName(domain)))
    return `${quotedName(String(domain))} is not a name of this certificate`;
  if (typeof fqdn !== "string" || hostNameProblem(fqdn)) return "its name is not a host name";
  if (typeof zone !== "string" || hostNameProblem(zone) || !isInZone(fqdn, zone))
    return `its zone ${quotedName(String(zone))} does not hold it`;
  return void 0;
}
async function ownChallengeRecords(records, certificate, followCnames, warn) {
  const domains = new Set(certificate.domains.map(normalizeName));
  const own = [];
  for (const record of records) {
    const problem = recordShapeProblem(record, domains) ?? await placeProblem(record, followCnames);
    if (problem === void 0) own.push(record);
    else
      warn(
        `not removing a record noted for ${certificate.name} (${quotedName(String(record?.fqdn))}): ${problem}; it does not look like one certwright wrote, so check it and remove it by hand if it is stale`
      );
  }
  return own;
}
async function placeProblem(record, followCnames) {
  const fqdn = normalizeName(record.fqdn);
  const expected = challengeRecordName(normalizeName(record.domain));
  if (fqdn === expected) return void 0;
  try {
    if (normalizeName(await followCnames(expected)) === fqdn) return void 0;
    return `it is neither ${expected} nor where its CNAMEs lead`;
  } catch (error2) {
    return `it is not ${expected}, and following its CNAMEs failed (${errorMessage(error2)})`;
  }
}
// src/dns/resolver.ts
var MAX_CNAME_HOPS = 10;
function owner(answer) {
  return answer.name.toLowerCase().replace(/\.$/, "");
}
function targetName(answer) {
  return answerText(answer).replace(/\.$/, "");
}
function checkedHostName(chain, target, fix) {
  const problem = hostNameProblem(target);
  if (problem === void 0) return target.toLowerCase();
  throw new Error(`dns: ${[...chain, quotedName(target)].join(" \u2192 ")}: not a host name (${problem}); ${fix}`);
}
function zoneOfNegativeAnswer(name, reply) {
  const soa = reply.authorities.find(
    (record) => record.type === "SOA" && owner(record) !== "" && isInZone(name, owner(record))
  );
  return soa ? checkedHostName([`SOA of ${name}`], owner(soa), `check the zone that holds ${name}`) : void 0;
}
function memoized(cache, key, lookup) {
  let pending = cache.get(key);
  if (!pending) {
    pending = lookup();
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
  }
  return pending;
}
var DnsResolver = class {
  constructor(settings) {
    this.settings = settings;
  }
  settings;
  cnameTargets = /* @__PURE__ */ new Map();
  zones = /* @__PURE__ */ new Map();
  zoneServers = /* @__PURE__ */ new Map();
  get discoveryServers() {
    const override = this.settings.nameservers;
    return override && override.length > 0 ? { servers: override, recursive: false } : { servers: this.settings.resolvers, recursive: true };
  }
  /** Asks the discovery servers in turn until one gives a usable answer. */
  async ask(name, type) {
    const { servers, recursive } = this.discoveryServers;
    const failures = [];
    for (const server of servers) {
      try {
        const reply = await query(server, name, type, { recursive, timeoutMs: this.settings.queryTimeoutMs ?? 3e3 });
        if (reply.rcode === "NOERROR" || reply.rcode === "NXDOMAIN") return reply;
        failures.push(`${formatServerAddress(server)} answered ${reply.rcode}`);
      } catch (error2) {
        failures.push(`${formatServerAddress(server)}: ${error2.message}`);
      }
    }
    const list = servers.map(formatServerAddress).join(", ") || "none";
    throw new Error(
      `dns: no server could answer ${type} ${name} (asked ${list}: ${failures.join("; ")}); check the nameservers / resolver setting`
    );
  }
  /**
   * Follows `name` through CNAMEs (RFC 8555 \u00a78.4 delegation of _acme-challenge) to the final
   * name; once per name and run.
   */
  followCnames(name) {
    return memoized(this.cnameTargets, name, () => this.lookupCnameTarget(name));
  }
  async lookupCnameTarget(name) {
    const chain = [name];
    for (let hop = 0; hop < MAX_CNAME_HOPS; hop++) {
      const current = chain.at(-1);
      const reply = await this.ask(current, "CNAME");
      const cname = reply.answers.find((answer) => answer.type === "CNAME" && owner(answer) === current);
      if (!cname) {
        this.noteZone(current, reply);
        return current;
      }
      const target = checkedHostName(chain, targetName(cname), `fix the CNAME record of ${current}`);
      if (chain.includes(target)) throw new Error(`dns: CNAME loop at ${target} while following ${name}`);
      chain.push(target);
    }
    throw new Error(`dns: more than ${MAX_CNAME_HOPS} CNAMEs from ${name}`);
  }
  /** The zone that holds `name`: the closest enclosing name with an SOA record. */
  findZone(name) {
    return memoized(this.zones, name, () => this.lookupZone(name));
  }
  /**
   * Keeps the zone a negative answer about `name` names (the CNAME query at the end of a chain
   * is one), so finding the zone of the name a record goes to costs no query of its own.
   */
  noteZone(name, reply) {
    if (this.zones.has(name) || reply.answers.length > 0) return;
    const zone = zoneOfNegativeAnswer(name, reply);
    if (zone !== void 0) this.zones.set(name, Promise.resolve(zone));
  }
  async lookupZone(name) {
    for (const candidate of selfAndParents(name)) {
      const reply = await this.ask(candidate, "SOA");
      if (reply.answers.some((answer) => answer.type === "SOA" && owner(answer) === candidate)) return candidate;
      const zone = zoneOfNegativeAnswer(name, reply);
      if (zone !== void 0) return zone;
    }
    throw new Error(`dns: found no zone (SOA) for ${name}; is the domain delegated, and do the resolvers see it?`);
  }
  /** The servers to check for a zone: the `nameservers` override, or the zone's NS set. */
  authoritativeServers(zone) {
    const override = this.settings.nameservers;
    if (override && override.length > 0) return Promise.resolve([...override]);
    return memoized(this.zoneServers, zone, () => this.lookupNameservers(zone));
  }
  async lookupNameservers(zone) {
    const reply = await this.ask(zone, "NS");
    const hosts = reply.answers.filter((a) => a.type === "NS" && owner(a) === zone).map((a) => checkedHostName([`NS of ${zone}`], targetName(a), `fix the NS records of ${zone}`));
    if (hosts.length === 0) throw new Error(`dns: zone ${zone} has no NS records`);
    const addresses = await Promise.all(
      hosts.map(async (host) => {
        const [v4, v6] = await Promise.all([this.ask(host, "A"), this.ask(host, "AAAA").catch(() => void 0)]);
        return [...v4.answers, ...v6?.answers ?? []].filter((a) => (a.type === "A" || a.type === "AAAA") && owner(a) === host && (0, import_node_net6.isIP)(answerText(a)) !== 0).map((a) => ({ host: answerText(a), port: 53 }));
      })
    );
    const flat = addresses.flat();
    if (flat.length === 0) throw new Error(`dns: no addresses for the nameservers of ${zone} (${hosts.join(", ")})`);
    return flat;
  }
};
// src/renewal/resources.ts
var dns = lazyBuiltin("node:dns");
function systemResolvers() {
  return dns().getServers().map((server) => parseServerAddress(server, "system resolver"));
}
function sharedResolvers() {
  const resolvers = /* @__PURE__ */ new Map();
  return (dns2) => {
    const key = JSON.stringify([dns2.resolvers ?? null, dns2.nameservers ?? null]);
    let resolver = resolvers.get(key);
    if (!resolver) {
      const configured = dns2.resolvers;
      let system;
      resolver = new DnsResolver({
        // The system's resolvers are read when discovery first asks them: with nameservers set,
        // it never does.
        get resolvers() {
          return configured ?? (system ??= systemResolvers());
        },
        ...dns2.nameservers ? { nameservers: dns2.nameservers } : {}
      });
      resolvers.set(key, resolver);
    }
    return resolver;
  };
}
// src/process/young-generation.ts
var LARGE_CONFIG_BYTES = 16 * 1024;
var HELD = /* @__PURE__ */ Symbol.for("certwright.young-generation.held");
function setGrowthFactor(factor) {
  requireBuiltin("node:v8").setFlagsFromString(`--semi-space-growth-factor=${factor}`);
}
function holdYoungGeneration() {
  if (globalThis[HELD] === true) return;
  setGrowthFactor(1);
  globalThis[HELD] = true;
}
// src/process/start-script.ts
var FULL_RUN = /* @__PURE__ */ Symbol.for("certwright.start-script.full-run");
function markFullRun() {
  globalThis[FULL_RUN] = true;
}
var STALE_MS = 7 * 864e5;
// src/state/session.ts
var StateSession = class _StateSession {
  constructor(store, key, current, baseText, readOnly, onSecret) {
    this.store = store;
    this.key = key;
    this.current = current;
    this.readOnly = readOnly;
    this.onSecret = onSecret;
    this.base = current;
    this.baseText = baseText;
  }
  store;
  key;
  current;
  readOnly;
  onSecret;
  writes = Promise.resolve();
  /** A write that has not started yet. */
  queued;
  /** The bundle as last read from or written to the store, and its encrypted text. */
  base;
  baseText;
  /** `onSecret` is told each encrypted bundle before it is written (the Action masks it). */
  static async open(store, key, options = {}) {
    const { bundle, encrypted, legacyKey } = await loadStateText(store, key);
    const session = new _StateSession(store, key, bundle, encrypted, options.readOnly ?? false, options.onSecret);
    if (legacyKey) session.update((b) => ({ ...b }));
    return session;
  }
  /** A state that lives only for this run and is never written: runs without a store (certonly). */
  static inMemory() {
    return new _StateSession(void 0, void 0, emptyBundle(), void 0, true, void 0);
  }
  /** Whether this state outlives the run. */
  get persistent() {
    return this.store !== void 0;
  }
  get bundle() {
    return this.current;
  }
  update(change) {
    this.current = change(this.current);
  }
  /** Whether the bundle changed since it was last read or written. */
  get changed() {
    return this.current !== this.base;
  }
  /**
   * Writes the bundle as it is now, after any write already under way. Saves asked for while
   * a write waits to start share it: sixteen certificates finishing together cost one write.
   */
  save() {
    const { store, key } = this;
    if (this.readOnly || !store || !key) return Promise.resolve();
    if (this.queued) return this.queued;
    const next = this.writes.catch(() => void 0).then(async () => {
      this.queued = void 0;
      const release = await store.lock?.();
      try {
        if (release) {
          const text2 = await store.load();
          if (text2 !== this.baseText)
            this.current = mergeChanges((await loadStateText(store, key, text2)).bundle, this.base, this.current);
        }
        const written = this.current;
        this.baseText = await saveState(store, key, written, this.onSecret);
        this.base = written;
      } finally {
        await release?.();
      }
    });
    this.queued = next;
    this.writes = next;
    return next;
  }
  /** Waits for the last write, then lets the store finish (an artifact uploads once, here). */
  async close() {
    await this.writes.catch(() => void 0);
    if (!this.readOnly) await this.store?.close?.();
  }
};
function applyRecordChanges(into, base, mine) {
  const out = { ...into };
  for (const [name, entry] of Object.entries(mine)) if (base[name] !== entry) out[name] = entry;
  for (const name of Object.keys(base)) if (!(name in mine)) delete out[name];
  return out;
}
function mergeChanges(stored, base, mine) {
  const key = (entry) => JSON.stringify([entry.certName, entry.createdAt, entry.records.map((r) => [r.fqdn, r.value])]);
  const removed = new Set(base.pendingCleanup.filter((e) => !mine.pendingCleanup.includes(e)).map(key));
  const added = mine.pendingCleanup.filter((e) => !base.pendingCleanup.includes(e));
  return {
    ...stored,
    accounts: applyRecordChanges(stored.accounts, base.accounts, mine.accounts),
    lineages: applyRecordChanges(stored.lineages, base.lineages, mine.lineages),
    pendingCleanup: [...stored.pendingCleanup.filter((e) => !removed.has(key(e))), ...added],
    orders: mergeOrders(stored.orders ?? {}, base.orders ?? {}, mine.orders ?? {})
  };
}
function mergeOrders(stored, base, mine) {
  const out = Object.fromEntries(
    Object.entries(stored).map(([url, times]) => [url, [...times]])
  );
  for (const [url, times] of Object.entries(mine)) {
    const before = [...base[url] ?? []];
    const added = times.filter((t) => {
      const at = before.indexOf(t);
      if (at < 0) return true;
      before.splice(at, 1);
      return false;
    });
    out[url] = [...out[url] ?? [], ...added];
  }
  return out;
}
// src/renewal/budget.ts
var ORDER_WINDOW_MS = 3 * 36e5;
var DEFAULT_MAX_NEW_ORDERS = 250;
function recentOrders(times, now) {
  return times.filter((t) => t > now - ORDER_WINDOW_MS && t <= now + 1e3);
}
function chooseOrders(due, ordered, maxNewOrders, now) {
  const left = /* @__PURE__ */ new Map();
  const order = [];
  const defer = [];
  const urgency = (a, b) => a.expiresAt - b.expiresAt || (a.windowStart ?? a.expiresAt) - (b.windowStart ?? b.expiresAt) || a.name.localeCompare(b.name);
  const sorted = [...due].sort((a, b) => Number(b.exempt) - Number(a.exempt) || urgency(a, b));
  for (const certificate of sorted) {
    if (certificate.exempt) {
      order.push(certificate);
      continue;
    }
    const budget = left.get(certificate.directoryUrl) ?? maxNewOrders - recentOrders(ordered[certificate.directoryUrl] ?? [], now).length;
    if (budget > 0) order.push(certificate);
    else defer.push(certificate);
    left.set(certificate.directoryUrl, budget - 1);
  }
  return { order, defer };
}
// src/renewal/shard.ts
function shardOf(name, count) {
  return (0, import_node_crypto18.createHash)("sha256").update(name).digest().readUInt32BE(0) % count + 1;
}
function parseShard(text2) {
  const value2 = text2?.trim();
  if (!value2) return void 0;
  const match = /^(\d+)\s*\/\s*(\d+)$/.exec(value2);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || count > 256 || index < 1 || index > count) {
    throw new Error(
      `shard: "${value2}" is not a shard; expected I/N with 1 <= I <= N <= 256, e.g. shard: \${{ matrix.shard }}/4 with matrix.shard: [1, 2, 3, 4]`
    );
  }
  return { index, count };
}
function storeForShard(store, shard) {
  return shard ? store.replaceAll("{shard}", String(shard.index)) : store;
}
// src/renewal/renew.ts
// src/issue/files.ts
function holds(path, content, mode) {
  let fd;
  try {
    fd = (0, import_node_fs6.openSync)(path, import_node_fs6.constants.O_RDONLY | import_node_fs6.constants.O_NOFOLLOW | import_node_fs6.constants.O_NONBLOCK);
    const info2 = (0, import_node_fs6.fstatSync)(fd);
    const expected = Buffer.from(content);
    if (!info2.isFile() || (info2.mode & 511) !== mode || info2.size !== expected.length) return false;
    const found = Buffer.allocUnsafe(expected.length + 1);
    return (0, import_node_fs6.readSync)(fd, found, 0, found.length, 0) === expected.length && expected.equals(found.subarray(0, expected.length));
  } catch {
    return false;
  } finally {
    if (fd !== void 0) (0, import_node_fs6.closeSync)(fd);
  }
}
async function holdsPfx(path, files, settings) {
  try {
    const [der, info2] = await Promise.all([(0, import_promises8.readFile)(path), (0, import_promises8.lstat)(path)]);
    return info2.isFile() && (info2.mode & 511) === 384 && await pfxHolds(der, files, settings);
  } catch {
    return false;
  }
}
async function writeCertificateFiles(dir, files, options = {}) {
  const paths = {
    dir,
    cert: (0, import_node_path6.join)(dir, "cert.pem"),
    chain: (0, import_node_path6.join)(dir, "chain.pem"),
    fullchain: (0, import_node_path6.join)(dir, "fullchain.pem"),
    privkey: (0, import_node_path6.join)(dir, "privkey.pem")
  };
  await makeFolder(dir, { private: true });
  const wanted = [
    [paths.privkey, files.privkey, 384],
    [paths.cert, files.cert, 420],
    [paths.chain, files.chain, 420],
    [paths.fullchain, files.fullchain, 420]
  ];
  const changed = wanted.filter(([path, content, mode]) => !(options.unlessSame && holds(path, content, mode)));
  const staged = await Promise.allSettled(changed.map(([path, content, mode]) => stageFile(path, content, mode)));
  const ready = staged.flatMap((s) => s.status === "fulfilled" ? [s.value] : []);
  const failed = staged.find((s) => s.status === "rejected");
  if (failed) {
    await Promise.all(ready.map((file) => file.abandon()));
    throw failed.reason;
  }
  const key = changed[0]?.[0] === paths.privkey ? ready.shift() : void 0;
  try {
    await key?.commit();
  } catch (error2) {
    await Promise.all(ready.map((file) => file.abandon()));
    throw error2;
  }
  await Promise.all(ready.map((file) => file.commit()));
  if (!options.pfx) return paths;
  const pfx = (0, import_node_path6.join)(dir, "cert.pfx");
  if (!(options.unlessSame && await holdsPfx(pfx, files, options.pfx)))
    await writeFileAtomic(pfx, await buildPfx(files, options.pfx), 384);
  return { ...paths, pfx };
}
// src/acme/authorization.ts
async function getAuthorization(transport, url) {
  const response = await transport.post(url, void 0, "get authorization");
  const retry = retryAfterMs(response.response, Date.now());
  return { authorization: { ...response.body, url }, ...retry !== void 0 ? { retryAfterMs: retry } : {} };
}
async function answerChallenge(transport, challenge) {
  const response = await transport.post(challenge.url, {}, "respond to challenge");
  return response.body;
}
async function deactivateAuthorization(transport, url) {
  await transport.post(url, { status: "deactivated" }, "deactivate authorization");
}
function authorizedName(authorization) {
  return authorization.wildcard ? `*.${authorization.identifier.value}` : authorization.identifier.value;
}
function validationProblem(authorization) {
  const failed = authorization.challenges.find((c) => c.status === "invalid" && c.error);
  return new AcmeProblem(
    `validation of ${authorizedName(authorization)} failed`,
    failed?.error ?? { detail: `authorization is ${authorization.status}` },
    0,
    authorization.url
  );
}
// src/acme/order.ts
async function newOrder(transport, request) {
  const directory = await transport.directory();
  if (request.profile) {
    const profiles = directory.meta?.profiles;
    if (!profiles || !(request.profile in profiles)) {
      const offered = profiles ? Object.keys(profiles).join(", ") : "none";
      throw new Error(
        `acme: profile "${request.profile}" is not offered by this CA (offered: ${offered}); pick one of those or drop the profile`
      );
    }
  }
  const payload = {
    identifiers: request.domains.map((value2) => ({ type: "dns", value: value2 }))
  };
  if (request.profile) payload.profile = request.profile;
  if (request.replaces) payload.replaces = request.replaces;
  const response = await transport.post(directory.newOrder, payload, "newOrder");
  if (!response.location) throw new Error("acme: newOrder response has no Location header (RFC 8555 \xA77.4)");
  return { ...response.body, url: response.location };
}
async function getOrder(transport, url) {
  const response = await transport.post(url, void 0, "get order");
  const retry = retryAfterMs(response.response, Date.now());
  return { order: { ...response.body, url }, ...retry !== void 0 ? { retryAfterMs: retry } : {} };
}
async function finalizeOrder(transport, order, csrDer) {
  const csr = Buffer.from(csrDer).toString("base64url");
  const response = await transport.post(order.finalize, { csr }, "finalize");
  return { ...response.body, url: order.url };
}
var MAX_POLL_RETRY_AFTER_MS = 6e4;
function pollWaits(poll) {
  let backoff = poll.intervalMs;
  const max = poll.maxIntervalMs ?? 5e3;
  return (retryAfterMs2) => {
    const wait = retryAfterMs2 !== void 0 ? Math.min(retryAfterMs2, MAX_POLL_RETRY_AFTER_MS) : Math.min(backoff, max);
    backoff = Math.min(backoff * (poll.factor ?? 2), max);
    return wait;
  };
}
function invalidOrderProblem(order) {
  return new AcmeProblem(`order ${order.url} is invalid`, order.error ?? { detail: "no error given" }, 0, order.url);
}
async function waitForOrder(transport, order, want, poll) {
  const deadline = poll.clock.now() + poll.timeoutMs;
  const nextWait2 = pollWaits(poll);
  let current = order;
  let retryAfter;
  for (; ; ) {
    if (current.status === want || want === "ready" && current.status === "valid") return current;
    if (current.status === "invalid") {
      if (poll.invalid === "return") return current;
      throw invalidOrderProblem(current);
    }
    if (want === "valid" && current.status === "ready") {
      throw new Error(`acme: order ${current.url} is ready but not finalized`);
    }
    const wait = nextWait2(retryAfter);
    if (poll.clock.now() + wait > deadline) {
      throw new Error(
        `acme: order ${current.url} still ${current.status} after ${poll.timeoutMs} ms; expected ${want}`
      );
    }
    await poll.clock.sleep(wait);
    const next = await getOrder(transport, current.url);
    current = next.order;
    retryAfter = next.retryAfterMs;
  }
}
// src/crypto/csr.ts
var OIDS = {
  commonName: "2.5.4.3",
  subjectAltName: "2.5.29.17",
  extensionRequest: "1.2.840.113549.1.9.14",
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  ecdsaWithSha384: "1.2.840.10045.4.3.3",
  sha256WithRsa: "1.2.840.113549.1.1.11"
};
function signatureAlgorithm(keyType) {
  if (keyType === "ecdsa-p256") return { hash: "sha256", identifier: sequence(objectIdentifier(OIDS.ecdsaWithSha256)) };
  if (keyType === "ecdsa-p384") return { hash: "sha384", identifier: sequence(objectIdentifier(OIDS.ecdsaWithSha384)) };
  return { hash: "sha256", identifier: sequence(objectIdentifier(OIDS.sha256WithRsa), nullValue()) };
}
function createCsr(key, domains) {
  const [first] = domains;
  if (!first) throw new Error("crypto: a CSR needs at least one domain");
  const subject = first.length <= 64 ? sequence(set(sequence(objectIdentifier(OIDS.commonName), utf8String(first)))) : sequence();
  const names2 = sequence(...domains.map((name) => contextTag(2, false, Buffer.from(name, "ascii"))));
  const extensions = sequence(sequence(objectIdentifier(OIDS.subjectAltName), octetString(names2)));
  const attributes = contextTag(0, true, sequence(objectIdentifier(OIDS.extensionRequest), set(extensions)));
  const publicKey = key.keys.publicKey.export({ type: "spki", format: "der" });
  const info2 = sequence(smallInteger(0), subject, publicKey, attributes);
  const { hash, identifier } = signatureAlgorithm(key.keyType);
  const signature = (0, import_node_crypto19.sign)(hash, info2, key.keys.privateKey);
  return new Uint8Array(sequence(info2, identifier, bitString(signature)));
}
// src/dns/propagation.ts
async function waitForTxtOnAuthoritativeNameservers(records, resolver, options) {
  const expectedByName = /* @__PURE__ */ new Map();
  for (const record of records) {
    const entry = expectedByName.get(record.fqdn) ?? { zone: record.zone, values: /* @__PURE__ */ new Set() };
    entry.values.add(record.value);
    expectedByName.set(record.fqdn, entry);
  }
  let pending = (await Promise.all(
    [...expectedByName].map(
      async ([fqdn, { zone, values }]) => (await resolver.authoritativeServers(zone)).map((server) => ({
        fqdn,
        server,
        expected: values,
        lastSeen: "not asked yet"
      }))
    )
  )).flat();
  const servers = new Set(pending.map((c) => formatServerAddress(c.server))).size;
  const started = options.clock.now();
  const deadline = started + options.timeoutMs;
  const every = Math.min(PROGRESS_EVERY_MS, Math.max(1e3, options.timeoutMs / 5));
  let nextReport = started + every;
  for (; ; ) {
    const results = await Promise.all(pending.map((check) => isServed(check)));
    pending = pending.filter((_, i) => !results[i]);
    const now = options.clock.now();
    if (pending.length === 0) {
      options.logger.info(
        `TXT records served by all ${servers} authoritative nameserver(s) after ${formatSeconds(now - started)}`
      );
      return;
    }
    if (now >= nextReport) {
      options.logger.info(
        `waiting for ${describePending(pending)}: ${formatSeconds(now - started)} of ${formatSeconds(options.timeoutMs)}`
      );
      nextReport = now + every;
    }
    if (options.clock.now() + options.intervalMs > deadline) {
      const missing = pending.map((c) => `${c.fqdn} at ${formatServerAddress(c.server)} (${c.lastSeen})`).join("; ");
      throw new Error(
        `dns: TXT records not visible on the authoritative nameservers after ${options.timeoutMs} ms: ${missing}; check that the provider writes to the zone those servers serve, or raise propagation-timeout`
      );
    }
    await options.clock.sleep(options.intervalMs);
  }
}
var PROGRESS_EVERY_MS = 1e4;
function formatSeconds(ms) {
  return ms < 1e4 ? `${(ms / 1e3).toFixed(1)} s` : `${Math.round(ms / 1e3)} s`;
}
function describePending(pending) {
  const [first] = pending;
  if (!first) return "nothing";
  const more = pending.length > 1 ? `, and ${pending.length - 1} more` : "";
  return `${first.fqdn} on ${formatServerAddress(first.server)} (${first.lastSeen})${more}`;
}
async function isServed(check) {
  try {
    const reply = await query(check.server, check.fqdn, "TXT", { timeoutMs: 2e3 });
    const seen = new Set(txtValues(reply.answers, check.fqdn));
    const missing = [...check.expected].filter((value2) => !seen.has(value2));
    check.lastSeen = missing.length === 0 ? "ok" : `${reply.rcode}, ${missing.length} of ${check.expected.size} values missing`;
    return missing.length === 0;
  } catch (error2) {
    check.lastSeen = error2.message;
    return false;
  }
}
async function recordsStillServed(records, resolver) {
  const served = [];
  const unchecked = [];
  await Promise.all(
    records.map(async (record) => {
      const servers = await resolver.authoritativeServers(record.zone).catch(() => []);
      const answers = await Promise.all(
        servers.map(
          (server) => query(server, record.fqdn, "TXT", { timeoutMs: 2e3 }).then(
            (reply) => txtValues(reply.answers, record.fqdn),
            () => void 0
          )
        )
      );
      const known = answers.filter((a) => a !== void 0);
      if (known.some((values) => values.includes(record.value))) served.push(record);
      else if (known.length === 0) unchecked.push(record);
    })
  );
  return { served, unchecked };
}
// src/issue/obtain.ts
function prepareIssuance(request, resolver, key) {
  const keyPromise = key ?? generateCertificateKey(request.keyType);
  keyPromise.catch(() => void 0);
  let csr;
  warmChallengeTargets(request.domains, resolver);
  return {
    key: keyPromise,
    csr: () => {
      csr ??= keyPromise.then((made) => createCsr(made, request.domains));
      csr.catch(() => void 0);
      return csr;
    }
  };
}
var POLL = { timeoutMs: 18e4, intervalMs: 2, factor: 1.5, maxIntervalMs: 5e3 };
async function obtainCertificate(request, options, deps) {
  const { transport, logger, clock } = deps;
  const started = clock.now();
  const { prepared } = options;
  let order = await newOrder(transport, {
    domains: request.domains,
    ...request.ca.profile ? { profile: request.ca.profile } : {},
    ...options.replaces ? { replaces: options.replaces } : {}
  });
  logger.debug(`acme: order ${order.url} is ${order.status}`);
  const pending = await pendingChallenges(transport, order);
  const reused = order.authorizations.length - pending.length;
  logger.info(
    `order placed: ${pending.length} name(s) to prove${reused > 0 ? `, ${reused} still valid from an earlier proof` : ""}`
  );
  const proof = pending.length > 0 ? await proveControl(order, pending, request, deps, () => void prepared.csr()) : void 0;
  const { chainPem, key } = await whileRemoving(proof?.removal, async () => {
    const ready = await waitForOrder(transport, proof?.order ?? order, "ready", { ...POLL, clock });
    const [key2, csr] = await Promise.all([prepared.key, prepared.csr()]);
    order = await finalizeOrder(transport, ready, csr);
    order = await waitForOrder(transport, order, "valid", { ...POLL, clock });
    return { chainPem: await download(transport, order, request.ca.preferredChain), key: key2 };
  });
  const { problems, summary: summary2 } = issuedCertificateProblems(chainPem, key.keys.publicKey, request.domains, clock.now());
  if (problems.length > 0 || !summary2) {
    throw new Error(
      `acme: the certificate the CA sent for order ${order.url} is not the one ordered (${problems.join("; ")}); it was not written: try again, and tell the CA if it repeats`
    );
  }
  logger.debug(`acme: certificate for ${request.domains.join(", ")} in ${clock.now() - started} ms`);
  return { chainPem, key, summary: summary2, orderUrl: order.url };
}
function brief2(items, shown = 3) {
  return items.length <= shown ? items.join(", ") : `${items.slice(0, shown).join(", ")} and ${items.length - shown} more`;
}
async function pendingChallenges(transport, order) {
  const authorizations = await Promise.all(order.authorizations.map((url) => getAuthorization(transport, url)));
  const pending = [];
  for (const { authorization } of authorizations) {
    if (authorization.status === "valid") continue;
    const domain = authorizedName(authorization);
    if (authorization.status !== "pending") {
      throw new Error(`acme: authorization for ${domain} is ${authorization.status}; start a new order`);
    }
    const challenge = authorization.challenges.find((c) => c.type === "dns-01");
    if (!challenge) {
      const offered = authorization.challenges.map((c) => c.type).join(", ");
      throw new Error(`acme: the CA offers no dns-01 challenge for ${domain} (offered: ${offered})`);
    }
    pending.push({ authorization, challenge, domain });
  }
  return pending;
}
async function whileRemoving(removal, work) {
  removal?.catch(() => void 0);
  let result;
  try {
    result = await work();
  } catch (error2) {
    await removal?.catch(() => void 0);
    throw error2;
  }
  await removal;
  return result;
}
async function proveControl(order, pending, request, deps, whileValidating) {
  const { transport, provider, resolver, logger, clock } = deps;
  const challenges = await Promise.all(
    pending.map(async ({ challenge, domain }) => ({
      domain,
      value: await dns01TxtValue(challenge.token, transport.accountKey)
    }))
  );
  let records = await planChallengeRecords(challenges, resolver);
  for (const record of records) logger.debug(`dns: ${record.domain} -> TXT ${record.fqdn} in zone ${record.zone}`);
  const planned = clock.now();
  await deps.onRecordsPlanned?.(records);
  const remove = async () => {
    if (await removeRecords(provider, records, deps)) await deps.onRecordsRemoved?.();
  };
  let removal;
  try {
    const created = await provider.createRecords(records);
    if (created) {
      records = created;
      await deps.onRecordsPlanned?.(records);
    }
    logger.info(
      `${records.length} TXT record(s) created with ${provider.name} in ${clock.now() - planned} ms: ${brief2([...new Set(records.map((r) => r.fqdn))])}`
    );
    if (request.dns.propagation.mode === "check") {
      await waitForTxtOnAuthoritativeNameservers(records, resolver, { ...request.dns.propagation, clock, logger });
    }
    await Promise.all(pending.map(({ challenge }) => answerChallenge(transport, challenge)));
    whileValidating?.();
    const decided = await waitForOrder(transport, order, "ready", { ...POLL, clock, invalid: "return" });
    if (decided.status === "invalid") throw await validationFailure(transport, decided, pending);
    logger.info(
      `validated: the CA saw ${pending.length === 1 ? "the TXT record" : `all ${pending.length} TXT records`}`
    );
    removal = remove();
    return { order: decided, removal };
  } catch (error2) {
    await deactivatePending(transport, pending, logger);
    throw error2;
  } finally {
    if (!removal) await remove();
  }
}
async function validationFailure(transport, order, pending) {
  const current = await Promise.all(
    pending.map(
      ({ authorization }) => getAuthorization(transport, authorization.url).then(
        (fetched) => fetched.authorization,
        () => void 0
      )
    )
  );
  const errors = current.filter((authorization) => authorization !== void 0).filter((authorization) => authorization.status !== "valid" && authorization.status !== "pending").map(validationProblem);
  const [first] = errors;
  if (!first) return invalidOrderProblem(order);
  return errors.length === 1 ? first : new Error(errors.map(errorMessage).join("; "), { cause: first });
}
async function deactivatePending(transport, pending, logger) {
  await Promise.all(
    pending.map(async ({ authorization, domain }) => {
      try {
        const { authorization: current } = await getAuthorization(transport, authorization.url);
        if (current.status !== "pending") return;
        await deactivateAuthorization(transport, authorization.url);
        logger.debug(`acme: deactivated the pending authorization of ${domain} (${authorization.url})`);
      } catch (error2) {
        logger.warn(`acme: could not deactivate the authorization of ${domain}: ${errorMessage(error2)}`);
      }
    })
  );
}
var CLEANUP_BOUND_MS = 1e4;
async function removeRecords(provider, records, deps) {
  const { logger, resolver } = deps;
  let timer;
  const bound = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not removed within ${CLEANUP_BOUND_MS / 1e3} s`)), CLEANUP_BOUND_MS);
  });
  try {
    await Promise.race([provider.deleteRecords(records), bound]);
    logger.info(`${records.length} TXT record(s) removed`);
    return true;
  } catch (error2) {
    const { served, unchecked } = await recordsStillServed(records, resolver);
    if (served.length === 0 && unchecked.length === 0) {
      logger.debug(
        `${provider.name}: removing the TXT records failed (${errorMessage(error2)}), but no nameserver serves them: none is left`
      );
      return true;
    }
    const names2 = (list) => [...new Set(list.map((r) => r.fqdn))].join(", ");
    const where = [
      served.length > 0 ? `at ${names2(served)}` : "",
      unchecked.length > 0 ? `perhaps at ${names2(unchecked)} (no nameserver answered)` : ""
    ].filter(Boolean).join(", and ");
    logger.warn(
      `${provider.name}: could not remove TXT records ${where}: ${errorMessage(error2)}; they stay noted for the next cleanup (the Action's post step, or the next run for this certificate)`
    );
    return false;
  } finally {
    clearTimeout(timer);
  }
}
async function download(transport, order, preferredChain) {
  if (!order.certificate) throw new Error(`acme: order ${order.url} is valid but has no certificate URL`);
  const chains = await downloadCertificateChains(transport, order.certificate);
  return choosePreferredChain(chains, preferredChain).pem;
}
// src/renewal/hooks.ts
var DEFAULT_HOOK_TIMEOUT_MS = 12e4;
async function runHook(kind, command, env, logger, timeoutMs = DEFAULT_HOOK_TIMEOUT_MS) {
  logger.info(`Running ${kind}: ${command}`);
  let result;
  try {
    result = await runCommand({ command, env, timeoutMs });
  } catch (error2) {
    throw new Error(`${kind}: could not start "${command}"`, { cause: error2 });
  }
  for (const line of `${result.stdout}
${result.stderr}`.split(/\r?\n/))
    if (line.trim()) logger.info(`${kind}: ${line.trimEnd()}`);
  if (result.timedOut)
    throw new Error(
      `${kind}: "${command}" ran over exec-timeout (${timeoutMs / 1e3} s) and was stopped with everything it started; raise exec-timeout if it needs longer`
    );
  if (result.code !== 0)
    throw new Error(
      `${kind}: "${command}" ${result.signal ? `was killed (${result.signal})` : `exited with ${result.code}`}`
    );
}
// src/renewal/renew.ts
function sameNames(a, b) {
  return a.length === b.length && [...a].sort().every((name, i) => name === [...b].sort()[i]);
}
function changeReason(existing, job, persistent) {
  const { request, policy } = job;
  if (!existing) return persistent ? "no certificate yet" : "requested (no store: nothing is kept between runs)";
  const revoked = revocationReason(existing);
  if (revoked) return revoked;
  if (!sameNames(existing.domains, request.domains))
    return `the names changed (${existing.domains.join(", ")} -> ${request.domains.join(", ")})`;
  if (existing.keyType !== request.keyType) return `the key type changed (${existing.keyType} -> ${request.keyType})`;
  const profile = profileChange(existing, request.ca);
  if (profile) return profile;
  if (policy.forceRenewal) return "renewal forced";
  return void 0;
}
function profileChange(existing, ca) {
  const was = existing.profile ?? "the CA's default";
  if (ca.profile && ca.profile !== existing.profile) return `the profile changed (${was} -> ${ca.profile})`;
  if (!ca.profile && ca.preferredProfile && existing.profile && ca.preferredProfile !== existing.profile)
    return `the preferred profile changed (${was} -> ${ca.preferredProfile})`;
  return void 0;
}
async function assessCertificate(job, run2) {
  const { policy } = job;
  const { state, context } = run2;
  const { logger, clock } = context;
  const started = clock.now();
  const existing = state.bundle.lineages[job.request.name];
  const request = job.request.ca.profile || job.request.ca.preferredProfile || !existing?.profile ? job.request : { ...job.request, ca: { ...job.request.ca, profile: existing.profile } };
  if (await removeStrayRecords(request, run2)) await state.save();
  const directoryUrl = policy.dryRun ? policy.dryRunServer : request.ca.directoryUrl;
  let decision;
  let certificateId;
  let current;
  let window;
  const forced = changeReason(existing, job, state.persistent);
  const writeCurrent = async (lineage, action, reason2, summary2) => {
    context.onSecret?.(lineage.keyPem);
    const dir = (0, import_node_path5.join)(request.outputDir, request.name);
    const paths = await writeCertificateFiles(dir, certificateFiles(lineage.chainPem, lineage.keyPem), {
      unlessSame: true,
      pfx: request.pfx
    }).catch((error2) => {
      throw new Error(`output-dir: could not write the certificate to ${dir}: ${errorMessage(error2)}`, {
        cause: error2
      });
    });
    return {
      action,
      reason: reason2,
      summary: summary2,
      paths,
      ...decision ? { renewAt: decision.renewAt } : {},
      elapsedMs: clock.now() - started
    };
  };
  if (existing) current = await currentCertificate(existing);
  if (existing && current && !forced) {
    const { summary: summary2 } = current;
    certificateId = current.facts.ariId ?? void 0;
    window = certificateId ? await currentRenewalInfo(existing, certificateId, request, run2) : void 0;
    const changed = window !== void 0 && window !== existing.renewalInfo || current.read;
    if (changed) setLineage(run2, { ...existing, ...window ? { renewalInfo: window } : {}, facts: current.facts });
    const now2 = clock.now();
    const nextRunAt = policy.nextRun?.(new Date(now2))?.getTime();
    decision = decideRenewal({
      notBefore: summary2.notBefore,
      notAfter: summary2.notAfter,
      now: now2,
      certificateId: renewalId(summary2, current.facts),
      ...nextRunAt !== void 0 ? { nextRunAt } : {},
      ...policy.renewBeforeDays !== void 0 ? { renewBeforeDays: policy.renewBeforeDays } : {},
      ...window ? { ariWindow: { start: new Date(window.windowStart), end: new Date(window.windowEnd) } } : {},
      ariWindowMoved: windowMoved(existing.renewalInfo, window)
    });
    if (!decision.due && !policy.dryRun) {
      logger.info(decision.reason);
      if (changed) await state.save();
      return { due: false, outcome: await writeCurrent(existing, "not-due", decision.reason, summary2) };
    }
  }
  const now = clock.now();
  const windowStart = window ? Date.parse(window.windowStart) : void 0;
  const reason = forced ?? decision?.reason ?? "dry run";
  const caAsked = !forced && decision?.caAsked === true;
  if (caAsked) logger.warn(reason);
  return {
    due: true,
    title: `${policy.dryRun ? "dry run" : existing ? "renewing" : "issuing"}: ${reason}`,
    ...current ? { current: current.summary } : {},
    order: {
      name: request.name,
      directoryUrl,
      expiresAt: current?.summary.notAfter.getTime() ?? now,
      ...windowStart !== void 0 ? { windowStart } : {},
      // Let's Encrypt exempts a renewal that names the certificate it replaces inside its ARI window.
      exempt: !forced && certificateId !== void 0 && windowStart !== void 0 && windowStart <= now
    },
    proceed: (orderLogger) => {
      const orderRun = orderLogger ? { ...run2, context: { ...context, logger: orderLogger } } : run2;
      return orderCertificate({
        job,
        run: orderRun,
        request,
        existing,
        reason,
        caAsked,
        certificateId,
        directoryUrl,
        started
      });
    },
    defer: async (why) => {
      logger.info(`deferred: ${why}`);
      return existing && current ? writeCurrent(existing, "deferred", why, current.summary) : void 0;
    }
  };
}
async function orderCertificate(order) {
  const { job, run: run2, existing, reason, caAsked, directoryUrl, started } = order;
  let { request } = order;
  const { policy } = job;
  const { context } = run2;
  const { logger, clock } = context;
  if (!policy.dryRun) {
    const dir = (0, import_node_path5.join)(request.outputDir, request.name);
    const problem = await folderProblem(dir, { private: true });
    if (problem) throw new Error(`output-dir: ${dir} ${problem}`);
  }
  logger.info(`${policy.dryRun ? "dry run" : existing ? "renewing" : "issuing"}: ${reason}`);
  if (policy.hooks.pre) await runHook("pre-hook", policy.hooks.pre, context.env, logger, policy.hooks.timeoutMs);
  run2.acme.warm(request.ca, directoryUrl);
  const prepared = prepareIssuance(request, run2.resolverFor(request.dns), reusableKey(job, existing));
  void context.journal?.prepare();
  try {
    const placed = await orderWithFallback(
      caCandidates(policy.dryRun ? dryRunCa(request.ca, policy) : request.ca, directoryUrl),
      (ca) => orderAt({ ...order, request: { ...request, ca } }, ca.directoryUrl, prepared),
      logger
    );
    const { obtained, fallback } = { ...placed.result, fallback: placed.fallback };
    request = placed.result.request;
    context.onSecret?.(obtained.key.privateKeyPem);
    if (policy.dryRun) {
      logger.info("dry run succeeded; nothing was saved");
      return {
        action: "dry-run",
        reason,
        summary: obtained.summary,
        elapsedMs: clock.now() - started,
        ...fallback ? { fallback } : {}
      };
    }
    const chainPem = canonicalChainPem(obtained.chainPem);
    const facts = await readCertificateFacts(chainPem, obtained.summary);
    setLineage(run2, {
      name: request.name,
      domains: request.domains,
      keyType: request.keyType,
      // The CA that issued it (a fallback, maybe): its ARI and revocation go there.
      server: placed.ca.directoryUrl,
      provider: request.dns.provider.name,
      ...request.ca.profile ? { profile: request.ca.profile } : {},
      // What the targets hold stays known: they get the new certificate in the same place.
      ...existing?.deployed ? { deployed: existing.deployed } : {},
      keyPem: obtained.key.privateKeyPem,
      chainPem,
      facts,
      history: [
        ...existing?.history ?? [],
        {
          serial: obtained.summary.serial,
          notBefore: obtained.summary.notBefore.toISOString(),
          notAfter: obtained.summary.notAfter.toISOString()
        }
      ]
    });
    const paths = await keepNewCertificate(request, certificateFiles(chainPem, obtained.key.privateKeyPem), run2);
    if (policy.hooks.deploy) {
      await runHook(
        "deploy-hook",
        policy.hooks.deploy,
        { ...context.env, RENEWED_LINEAGE: paths.dir, RENEWED_DOMAINS: request.domains.join(" ") },
        logger,
        policy.hooks.timeoutMs
      );
    }
    const { renewAt } = decideRenewal({
      notBefore: obtained.summary.notBefore,
      notAfter: obtained.summary.notAfter,
      now: clock.now(),
      certificateId: renewalId(obtained.summary, facts),
      ...policy.renewBeforeDays !== void 0 ? { renewBeforeDays: policy.renewBeforeDays } : {}
    });
    logger.info(
      `${existing ? "renewed" : "issued"}: serial ${obtained.summary.serial}, valid until ${obtained.summary.notAfter.toISOString()}; files in ${paths.dir}`
    );
    return {
      action: existing ? "renewed" : "issued",
      reason,
      summary: obtained.summary,
      paths,
      renewAt,
      elapsedMs: clock.now() - started,
      ...caAsked ? { caAsked } : {},
      ...fallback ? { fallback } : {}
    };
  } finally {
    if (policy.hooks.post) {
      await runHook("post-hook", policy.hooks.post, context.env, logger, policy.hooks.timeoutMs).catch(
        (error2) => logger.warn(errorMessage(error2))
      );
    }
  }
}
function reusableKey(job, existing) {
  if (!job.policy.reuseKey || !existing || existing.revoked) return void 0;
  return Promise.resolve().then(() => importCertificateKey(existing.keyPem, job.request.keyType));
}
function dryRunCa(ca, policy) {
  const fallbacks = (policy.dryRunFallbacks ?? []).map((directoryUrl) => ({ directoryUrl }));
  return { ...ca, fallbacks };
}
async function orderAt(order, directoryUrl, prepared) {
  const { run: run2, existing, certificateId } = order;
  const { logger, clock, env } = run2.context;
  const transport = await run2.acme.transport(order.request.ca, directoryUrl);
  const request = withOfferedProfile(order.request, await transport.directory(), logger);
  await run2.acme.account(request.ca, directoryUrl);
  const sameCa = existing?.server === directoryUrl;
  const replaces = certificateId && sameCa && (await transport.directory()).renewalInfo ? certificateId : void 0;
  logger.info(`ordering ${request.domains.join(", ")} from ${directoryUrl}; DNS: ${request.dns.provider.description}`);
  const obtained = await obtainCertificate(
    request,
    { prepared, ...replaces ? { replaces } : {} },
    {
      transport,
      provider: await request.dns.provider.create({ logger, clock, env, http: run2.http }),
      resolver: run2.resolverFor(request.dns),
      clock,
      logger,
      ...recordJournal(request, run2)
    }
  );
  return { obtained, request };
}
async function keepNewCertificate(request, files, run2) {
  const { state } = run2;
  const dir = (0, import_node_path5.join)(request.outputDir, request.name);
  const saveError = await state.save().then(
    () => void 0,
    (error2) => error2
  );
  let paths;
  try {
    paths = await writeCertificateFiles(dir, files, { pfx: request.pfx });
  } catch (writeError) {
    const written = `could not be written to ${dir} (${errorMessage(writeError)})`;
    if (!saveError && state.persistent)
      throw new Error(
        `output-dir: the new certificate ${written}; it is saved in the state, and the next run writes the files`,
        { cause: writeError }
      );
    const rescue = await (0, import_promises7.mkdtemp)((0, import_node_path5.join)((0, import_node_os3.tmpdir)(), `certwright-rescue-${request.name.replace(/[^A-Za-z0-9.-]/g, "_")}-`));
    await writeCertificateFiles(rescue, files, { pfx: request.pfx });
    const unsaved = saveError ? ` nor saved in the state (${errorMessage(saveError)})` : "";
    throw new Error(
      `output-dir: the new certificate ${written}${unsaved}; it is kept in ${rescue} (0700): copy it from there`,
      { cause: writeError }
    );
  }
  if (saveError)
    throw new Error(
      `${errorMessage(saveError)}; the new certificate was not saved in the state, but its files are in ${paths.dir}`,
      { cause: saveError }
    );
  return paths;
}
function recordJournal(request, run2) {
  const { state, context } = run2;
  let entry;
  return {
    // Called before the records are created, and again with the provider's refs once they exist.
    onRecordsPlanned: async (records) => {
      await context.onRecordsPlanned?.(request.name, records);
      const previous = entry;
      const planned = {
        certName: request.name,
        provider: request.dns.provider.name,
        records,
        createdAt: previous?.createdAt ?? new Date(context.clock.now()).toISOString()
      };
      entry = planned;
      if (context.journal) return context.journal.note({ ...planned, certName: request.name });
      state.update((b) => ({ ...b, pendingCleanup: [...b.pendingCleanup.filter((e) => e !== previous), planned] }));
      await state.save();
    },
    onRecordsRemoved: async () => {
      await context.onRecordsRemoved?.(request.name);
      if (context.journal) return context.journal.forget(request.name);
      state.update((b) => ({ ...b, pendingCleanup: b.pendingCleanup.filter((e) => e !== entry) }));
      await state.save();
    }
  };
}
function windowMoved(stored, fresh) {
  if (!stored || !fresh || stored === fresh) return false;
  return stored.windowStart !== fresh.windowStart || stored.windowEnd !== fresh.windowEnd;
}
function withOfferedProfile(request, directory, logger) {
  const { profile, preferredProfile } = request.ca;
  if (!profile && !preferredProfile) return request;
  const profiles = directory.meta?.profiles ?? {};
  const offered = Object.keys(profiles).join(", ") || "none";
  if (profile) {
    if (profile in profiles) return request;
    throw new Error(
      `profile: "${profile}" is not offered by ${request.ca.directoryUrl} (offered: ${offered}); set profile to one of those, or preferred-profile to fall back to the CA's default`
    );
  }
  const { preferredProfile: _preferred, ...ca } = request.ca;
  if (preferredProfile && preferredProfile in profiles) return { ...request, ca: { ...ca, profile: preferredProfile } };
  logger.warn(
    `preferred-profile: "${preferredProfile}" is not offered by ${request.ca.directoryUrl} (offered: ${offered}); ${request.name} is ordered with the CA's default profile`
  );
  return { ...request, ca };
}
function setLineage(run2, lineage) {
  run2.state.update((b) => ({ ...b, lineages: { ...b.lineages, [lineage.name]: lineage } }));
}
var renewalInfoDirectories = /* @__PURE__ */ new WeakMap();
function directoryForRenewalInfo(ca, directoryUrl, run2) {
  let byUrl = renewalInfoDirectories.get(run2.acme);
  if (!byUrl) renewalInfoDirectories.set(run2.acme, byUrl = /* @__PURE__ */ new Map());
  let directory = byUrl.get(directoryUrl);
  if (!directory) {
    directory = run2.acme.directory(ca, directoryUrl).catch((error2) => {
      run2.context.logger.warn(
        `${errorMessage(error2)}; its certificates are decided without the CA's renewal window (ARI) in this run`
      );
      return void 0;
    });
    byUrl.set(directoryUrl, directory);
  }
  return directory;
}
async function currentRenewalInfo(lineage, certificateId, request, run2) {
  const stored = lineage.renewalInfo;
  const now = run2.context.clock.now();
  if (stored && Date.parse(stored.retryAfter) > now) return stored;
  const directory = await directoryForRenewalInfo(request.ca, lineage.server, run2);
  if (!directory?.renewalInfo) return directory ? void 0 : stored;
  try {
    const info2 = await fetchRenewalInfo(run2.acme.http(request.ca.trustFile), directory.renewalInfo, certificateId, now);
    return {
      windowStart: info2.windowStart.toISOString(),
      windowEnd: info2.windowEnd.toISOString(),
      ...info2.explanationUrl ? { explanationUrl: info2.explanationUrl } : {},
      fetchedAt: new Date(now).toISOString(),
      retryAfter: info2.retryAfter.toISOString()
    };
  } catch (error2) {
    run2.context.logger.warn(`${errorMessage(error2)}; deciding without the CA's window`);
    return stored;
  }
}
async function removeStrayRecords(request, run2) {
  const { state, context } = run2;
  const mine = state.bundle.pendingCleanup.filter(
    (c) => c.certName ? c.certName === request.name : c.provider === request.dns.provider.name
  );
  const journaled = await context.journal?.leftBehind(request.name, context.clock.now()) ?? [];
  if (mine.length === 0 && journaled.length === 0) return false;
  const provider = await request.dns.provider.create({
    logger: context.logger,
    clock: context.clock,
    env: context.env,
    http: run2.http
  });
  const removed = /* @__PURE__ */ new Set();
  const recordKey = (r) => `${r.fqdn} ${r.value}`;
  const followCnames = (name) => run2.resolverFor(request.dns).followCnames(name);
  const remove = async (cleanup) => {
    const own = await ownChallengeRecords(cleanup.records, request, followCnames, (line) => context.logger.warn(line));
    const records = own.filter((r) => !removed.has(recordKey(r)));
    if (records.length === 0) return;
    context.logger.info(`removing ${records.length} TXT record(s) left by an interrupted run at ${cleanup.createdAt}`);
    await provider.deleteRecords(records);
    for (const r of records) removed.add(recordKey(r));
  };
  for (const cleanup of mine) {
    await remove(cleanup);
    state.update((b) => ({ ...b, pendingCleanup: b.pendingCleanup.filter((entry) => entry !== cleanup) }));
  }
  for (const entry of journaled) {
    await remove(entry);
    await context.journal?.forget(request.name, [entry]);
  }
  return mine.length > 0;
}
// src/renewal/run.ts
async function eachLimited(items, concurrency, work) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++)
      results[index] = await work(items[index], index);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
function runHttpClients(context) {
  return new HttpClients({ userAgent: USER_AGENT, env: context.env, logger: context.logger });
}
function prepareRunState(state) {
  state.store.peek?.().then((stored) => stored && prepareStateKey(stored, state.key)).catch(() => void 0);
}
async function openRunState(state, clients, context, readOnly) {
  if (!state) return StateSession.inMemory();
  const store = await state.store.open({
    http: clients.forTrust(),
    logger: context.logger,
    now: () => context.clock.now()
  });
  if (!readOnly) await store.preflight?.();
  return StateSession.open(store, state.key, { readOnly, ...context.onSecret ? { onSecret: context.onSecret } : {} });
}
async function rollOverAccounts(plan, run2) {
  const { state, acme, context } = run2;
  const cas = new Map(plan.certificates.map((job) => [job.request.ca.directoryUrl, job.request.ca]));
  for (const [directoryUrl, ca] of cas) {
    if (!state.bundle.accounts[directoryUrl]) {
      context.logger.info(`account-rollover: no account at ${directoryUrl} yet; the new one gets a fresh key`);
      continue;
    }
    const rolled = await rollOverAccountKey(acme, ca, {
      keep: async (account) => {
        state.update((b) => ({ ...b, accounts: { ...b.accounts, [directoryUrl]: account } }));
        await state.save();
      }
    });
    context.logger.info(`account-rollover: the account ${rolled.url} at ${directoryUrl} has a new key`);
  }
}
function accountBookOf(state) {
  return {
    find: (directoryUrl) => state.bundle.accounts[directoryUrl],
    remember: (directoryUrl, account) => state.update((b) => ({ ...b, accounts: { ...b.accounts, [directoryUrl]: account } }))
  };
}
async function runCertificates(plan, context) {
  markFullRun();
  const clients = runHttpClients(context);
  const dryRun = plan.certificates.some((c) => c.policy.dryRun);
  const state = await openRunState(plan.state, clients, context, dryRun);
  const run2 = {
    context,
    state,
    acme: new AcmeSession({ clients, accounts: accountBookOf(state), clock: context.clock, logger: context.logger }),
    http: clients.forTrust(),
    resolverFor: sharedResolvers()
  };
  if (plan.shard) await settleShard(plan, plan.shard, state, context);
  if (plan.accountRollover && !dryRun) await rollOverAccounts(plan, run2);
  const failed = (job, error2) => ({
    name: job.request.name,
    error: error2,
    requested: job.request.domains
  });
  const runFor = (name) => ({
    ...run2,
    context: { ...context, logger: prefixedLogger(context.logger, name) }
  });
  try {
    const results = new Array(plan.certificates.length);
    const assessed = await eachLimited(plan.certificates, plan.concurrency, async (job, index) => {
      try {
        const assessment = await assessCertificate(job, runFor(job.request.name));
        if (!assessment.due) results[index] = { name: job.request.name, outcome: assessment.outcome };
        return assessment.due ? { ...assessment.order, index, assessment } : void 0;
      } catch (error2) {
        results[index] = failed(job, error2);
        return void 0;
      }
    });
    const due = assessed.filter((a) => a !== void 0);
    const maxNewOrders = plan.maxNewOrders ?? DEFAULT_MAX_NEW_ORDERS;
    const now = context.clock.now();
    const { order, defer } = chooseOrders(due, state.bundle.orders ?? {}, maxNewOrders, now);
    if (defer.length > 0) {
      context.logger.warn(
        `${defer.length} due certificate(s) deferred to the next run: max-new-orders (${maxNewOrders} new orders per account in 3 hours) is spent; the most urgent went first, and ARI renewals (exempt from the limit) were not held back`
      );
    }
    await eachLimited(defer, plan.concurrency, async (d) => {
      const job = plan.certificates[d.index];
      const why = `max-new-orders (${maxNewOrders} per 3 hours) is spent for ${d.directoryUrl}; the next run orders it`;
      try {
        const outcome = await d.assessment.defer(why);
        results[d.index] = outcome ? { name: d.name, outcome } : { name: d.name, deferred: why };
      } catch (error2) {
        results[d.index] = failed(job, error2);
      }
    });
    if (!dryRun) {
      const counted = order.filter((o) => !o.exempt);
      if (counted.length > 0) {
        state.update((b) => {
          const orders = { ...b.orders ?? {} };
          for (const o of counted) orders[o.directoryUrl] = [...recentOrders(orders[o.directoryUrl] ?? [], now)];
          for (const o of counted) orders[o.directoryUrl].push(now);
          return { ...b, orders };
        });
      }
    }
    await eachLimited(order, plan.concurrency, async (o) => {
      const job = plan.certificates[o.index];
      const log = context.certificateLog?.(o.name, o.assessment.title);
      try {
        results[o.index] = { name: o.name, outcome: await o.assessment.proceed(log) };
      } catch (error2) {
        results[o.index] = {
          ...failed(job, error2),
          ...o.assessment.current ? { current: o.assessment.current } : {}
        };
      } finally {
        log?.end();
      }
    });
    await deployAll(plan, results, runFor);
    if (state.changed)
      await state.save().catch(
        (error2) => context.logger.warn(`state: could not write the last changes: ${errorMessage(error2)}`)
      );
    return results;
  } finally {
    await state.close();
  }
}
async function deployAll(plan, results, runFor) {
  await eachLimited(plan.certificates, plan.concurrency, async (job, index) => {
    const result = results[index];
    if (!result?.outcome || !job.deploy?.length) return;
    const deployments = await deployCertificate(job.request.name, job.deploy, result.outcome, runFor(result.name));
    results[index] = { ...result, deployments };
  });
}
async function settleShard(plan, shard, state, context) {
  const mine = new Set(plan.certificates.map((c) => c.request.name));
  for (const name of Object.keys(state.bundle.lineages)) {
    if (mine.has(name) || !shard.names.includes(name)) continue;
    context.logger.info(
      `${name}: moved to shard ${shardOf(name, shard.count)}/${shard.count} (a stable hash of its name); that shard renews it from now on`
    );
  }
  const missing = [...mine].filter((name) => !state.bundle.lineages[name]);
  if (missing.length === 0) return;
  if (!shard.siblings) {
    context.logger.debug(
      `shard: ${missing.length} certificate(s) not in this shard's state; the store cannot read the other shards', so they are issued here if new`
    );
    return;
  }
  const siblings = await shard.siblings();
  for (const name of missing) {
    const found = siblings.map((s) => ({ ...s, lineage: s.bundle.lineages[name] })).filter((s) => s.lineage).sort(
      (a, b) => Date.parse(b.lineage?.history.at(-1)?.notBefore ?? "") - Date.parse(a.lineage?.history.at(-1)?.notBefore ?? "")
    )[0];
    if (!found?.lineage) continue;
    const lineage = found.lineage;
    state.update((b) => ({ ...b, lineages: { ...b.lineages, [name]: lineage } }));
    context.logger.info(
      `${name}: moved here (shard ${shard.index}/${shard.count}) from ${found.description}; its certificate is kept, no new order`
    );
  }
}
// src/config/plan.ts
// src/dns/routing.ts
function routeByZone(routes, fallback) {
  const ordered = [...routes].sort((a, b) => b.zone.length - a.zone.length);
  const parts = [...ordered.map((r) => `${r.zone}=${r.provider.name}`), ...fallback ? [`*=${fallback.name}`] : []];
  return {
    name: `zones(${parts.join(",")})`,
    description: "per zone: " + [
      ...ordered.map((r) => `${r.zone}: ${r.provider.description}`),
      ...fallback ? [`others: ${fallback.description}`] : []
    ].join("; "),
    create(context) {
      const providers = /* @__PURE__ */ new Map();
      const instance = (configured) => {
        let provider = providers.get(configured);
        if (!provider) providers.set(configured, provider = configured.create(context));
        return provider;
      };
      const route = (record) => {
        const match = ordered.find((r) => isInZone(record.zone, r.zone))?.provider ?? fallback;
        if (!match) {
          throw new Error(
            `zones: no DNS provider for zone ${record.zone} (record ${record.fqdn} for ${record.domain}); add the zone under zones, or set dns-provider for the rest`
          );
        }
        return match;
      };
      const dispatch = async (records, act) => {
        const batches = /* @__PURE__ */ new Map();
        for (const [, zoneRecords] of groupByZone(records)) {
          const configured = route(zoneRecords[0]);
          batches.set(configured, [...batches.get(configured) ?? [], ...zoneRecords]);
        }
        const work = [...batches].map(async ([configured, batch]) => ({
          batch,
          result: await act(await instance(configured), batch)
        }));
        const results = await Promise.allSettled(work);
        const failed = results.filter((r) => r.status === "rejected");
        if (failed.length > 0) throw failed[0]?.reason;
        return results.flatMap((r) => r.status === "fulfilled" ? [r.value] : []);
      };
      return Promise.resolve({
        name: "zones",
        async createRecords(records) {
          const created = /* @__PURE__ */ new Map();
          for (const { batch, result } of await dispatch(records, (provider, batch2) => provider.createRecords(batch2))) {
            if (result) batch.forEach((record, i) => created.set(record, result[i] ?? record));
          }
          return created.size > 0 ? records.map((record) => created.get(record) ?? record) : void 0;
        },
        deleteRecords: async (records) => void await dispatch(records, (provider, batch) => provider.deleteRecords(batch))
      });
    }
  };
}
// src/config/file.ts
var isObject22 = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
var isScalar = (v) => v === null || ["string", "number", "boolean"].includes(typeof v);
function text(key, value2) {
  if (value2 === void 0 || value2 === null) return void 0;
  const scalars = Array.isArray(value2) ? value2 : [value2];
  if (!scalars.every(isScalar)) {
    throw new Error(`${key}: a mapping is not a value here; expected text, a number, true/false or a list of them`);
  }
  return scalars.map(String).join(",");
}
function inputsOf(entry, skip) {
  return Object.fromEntries(
    Object.entries(entry).filter(([key]) => !skip.includes(key)).flatMap(([key, value2]) => key === "server" ? serverInputs(value2) : [[key, text(key, value2)]])
  );
}
var SERVER_ITEM_KEYS = ["url", "eab-kid", "eab-hmac-key"];
function serverInputs(value2) {
  const items = Array.isArray(value2) ? value2 : [value2];
  if (!items.some(isObject22)) return [["server", text("server", value2)]];
  const eabs = items.filter(isObject22).map((item) => {
    const unknown2 = Object.keys(item).find((key) => !SERVER_ITEM_KEYS.includes(key));
    if (unknown2)
      throw new Error(`server: "${unknown2}" is not a key of a server item; expected url, eab-kid, eab-hmac-key`);
    if (typeof item.url !== "string" || item.url.trim() === "")
      throw new Error("server: an item without url; expected {url: https://..., eab-kid: ..., eab-hmac-key: ...}");
    return {
      server: item.url.trim(),
      kid: text("eab-kid", item["eab-kid"]),
      hmacKey: text("eab-hmac-key", item["eab-hmac-key"])
    };
  });
  const urls = items.map((item) => isObject22(item) ? item.url.trim() : text("server", item));
  return [
    ["server", urls.join(",")],
    [SERVER_EAB_KEY, JSON.stringify(eabs)]
  ];
}
function placesOf(document, certificates) {
  const places = [{ where: "", level: "top", mapping: document }];
  certificates.forEach((entry, index) => {
    const where = `certificates[${index}]: `;
    if (!isObject22(entry)) throw new Error(`${where}not a mapping; expected keys such as domains and cert-name`);
    places.push({ where, level: "certificate", mapping: entry });
    if (entry.zones === void 0) return;
    if (!isObject22(entry.zones)) throw new Error(`${where}zones: expected a mapping of zone name to provider inputs`);
    for (const [zone, inputs] of Object.entries(entry.zones)) {
      if (!isObject22(inputs))
        throw new Error(`${where}zones: ${zone} should map to provider inputs such as dns-provider`);
      places.push({ where: `certificates[${index}].zones.${zone}: `, level: "zone", mapping: inputs });
    }
  });
  return places;
}
function checkKeys(places) {
  const keys = fileKeys();
  for (const { where, level, mapping } of places) {
    for (const name of Object.keys(mapping)) {
      const problem = fileKeyProblem(name, level, keys);
      if (problem) throw new Error(`${where}${problem}`);
    }
  }
}
async function revealSecrets(places, onSecret) {
  if (!onSecret) return;
  const secretInputs = new Map(ALL_INPUTS.filter((spec) => spec.secret || spec.secretFile).map((s) => [s.name, s]));
  const specsOf = (values) => Object.keys(values).flatMap((key) => secretInputs.get(key) ?? []);
  for (const { mapping } of places) {
    const specs = specsOf(mapping);
    if (specs.length > 0) {
      const given2 = Object.fromEntries(
        Object.entries(mapping).map(([key, value2]) => [key, isScalar(value2) ? String(value2 ?? "") : void 0])
      );
      for (const secret of [...secretsIn(given2, specs), ...await secretsInFiles(given2, specs)]) onSecret(secret);
    }
    for (const item of Array.isArray(mapping.server) ? mapping.server : [])
      if (isObject22(item) && isScalar(item["eab-hmac-key"]) && item["eab-hmac-key"])
        onSecret(String(item["eab-hmac-key"]));
    for (const values of deploySettings(mapping.deploy))
      for (const secret of secretsIn(values, specsOf(values))) onSecret(secret);
  }
}
function deploySettings(items) {
  if (!Array.isArray(items)) return [];
  return items.flatMap((item) => {
    try {
      return [deployItemValues(item, "deploy").values];
    } catch {
      return [];
    }
  });
}
function parseConcurrency(document) {
  const concurrencyText = text("concurrency", document.concurrency) ?? "2";
  const concurrency = Number(concurrencyText);
  if (!/^\d+$/.test(concurrencyText) || concurrency < 1 || concurrency > 16) {
    throw new Error(`concurrency "${concurrencyText}" is not supported; expected a whole number from 1 to 16`);
  }
  return concurrency;
}
var withoutNames = (inputs) => Object.fromEntries(
  Object.entries(inputs).filter(([key]) => !CERTIFICATE_NAME_INPUTS.includes(key))
);
function parseEntry(entry, context) {
  const own = inputsOf(entry, ["zones", "deploy"]);
  const raw = { ...context.inherited, ...own };
  const key = entry.zones === void 0 ? JSON.stringify(withoutNames(own)) : void 0;
  let parts = key === void 0 ? void 0 : context.shared.get(key);
  if (!parts) {
    const rest = withoutNames(raw);
    const routes = Object.entries(isObject22(entry.zones) ? entry.zones : {}).map(([zone, inputs]) => ({
      zone: normalizeName(zone),
      provider: parseProvider({ ...rest, ...inputsOf(inputs, []) })
    }));
    const provider = routes.length > 0 ? routeByZone(routes, rest["dns-provider"] ? parseProvider(rest) : void 0) : void 0;
    parts = {
      settings: parseCertificateSettings(rest, provider),
      policy: parseRenewalPolicy(rest, context.defaultNextRun)
    };
    if (key !== void 0) context.shared.set(key, parts);
  }
  const deploy = parseDeployItems(entry.deploy ?? context.deploy, raw);
  return {
    request: parseCertificateRequest(raw, void 0, parts.settings),
    policy: parts.policy,
    ...deploy.length > 0 ? { deploy } : {}
  };
}
async function parseConfigFile(source, path, base, options = {}) {
  const { parseYaml } = await __certwrightLoad("./yaml-SPVWTNLL.js");
  let document;
  try {
    document = parseYaml(source);
  } catch (error2) {
    throw new Error(`config: ${path} ${error2.message}`, { cause: error2 });
  }
  if (!isObject22(document) || !Array.isArray(document.certificates) || document.certificates.length === 0) {
    throw new Error(
      `config: ${path} has no certificates list; expected "certificates:" with at least one entry that has domains`
    );
  }
  const entries = document.certificates;
  try {
    const places = placesOf(document, entries);
    await revealSecrets(places, options.onSecret);
    checkKeys(places);
    const concurrency = parseConcurrency(document);
    const runInputs = { ...base, ...inputsOf(document, ["certificates", "concurrency", "deploy"]) };
    const names2 = /* @__PURE__ */ new Set();
    const shared = /* @__PURE__ */ new Map();
    const certificates = entries.map((entry, index) => {
      try {
        const job = parseEntry(entry, {
          inherited: runInputs,
          defaultNextRun: options.defaultNextRun,
          deploy: document.deploy,
          shared
        });
        if (names2.has(job.request.name))
          throw new Error(`cert-name: "${job.request.name}" is used twice; give each certificate its own cert-name`);
        names2.add(job.request.name);
        return job;
      } catch (error2) {
        throw new Error(`certificates[${index}]: ${error2.message}`, { cause: error2 });
      }
    });
    return { certificates, concurrency, runInputs };
  } catch (error2) {
    throw new Error(`config: ${path}: ${error2.message}`, { cause: error2 });
  }
}
// src/config/plan.ts
async function planCertificates(raw, options = {}) {
  if (options.onSecret) for (const secret of await secretsInFiles(raw, ALL_INPUTS)) options.onSecret(secret);
  const path = options.configPath ?? value(raw, "config");
  if (!path) {
    const deploy = parseDeployTo(raw);
    const job = { request: parseCertificateRequest(raw), policy: parseRenewalPolicy(raw, options.defaultNextRun) };
    return { certificates: [deploy.length > 0 ? { ...job, deploy } : job], concurrency: 1, runInputs: raw };
  }
  if (value(raw, "deploy-to"))
    throw new Error(
      "deploy-to: with config, each certificate lists its targets in the file, as deploy: [{ target: NAME, ... }]"
    );
  const source = await (0, import_promises9.readFile)(path, "utf8").catch((cause) => {
    throw new Error(`config: cannot read ${path}; expected a YAML file with a certificates list`, { cause });
  });
  if (source.length >= LARGE_CONFIG_BYTES) holdYoungGeneration();
  return parseConfigFile(source, path, raw, options);
}
function parseStateSpec(raw, storeKinds2) {
  const store = value(raw, "store");
  if (!store) return void 0;
  const shard = parseShard(value(raw, "shard"));
  return {
    store: parseStoreSpec(storeForShard(store, shard), raw, storeKinds2),
    key: parseStateKey(value(raw, "state-key"))
  };
}
function parseMaxNewOrders(raw) {
  const text2 = value(raw, "max-new-orders") ?? String(DEFAULT_MAX_NEW_ORDERS);
  const count = Number(text2);
  if (!/^\d+$/.test(text2) || count < 1)
    throw new Error(
      `max-new-orders: "${text2}" is not a count; expected a whole number of new orders per account in 3 hours, such as 250 (Let's Encrypt allows 300)`
    );
  return count;
}
function siblingStates(raw, shard) {
  const store = value(raw, "store") ?? "";
  if (!store.startsWith("file:") || !store.includes("{shard}")) return void 0;
  const pattern = store.slice("file:".length);
  const [before = "", after = ""] = (0, import_node_path7.basename)(pattern).split("{shard}");
  const own = storeForShard(pattern, shard);
  return async () => {
    const dir = (0, import_node_path7.dirname)(pattern);
    const names2 = await (0, import_promises9.readdir)(dir).catch(() => []);
    const key = parseStateKey(value(raw, "state-key"));
    const paths = names2.filter(
      (n) => n.startsWith(before) && n.endsWith(after) && /^\d+$/.test(n.slice(before.length, n.length - after.length))
    ).map((n) => (0, import_node_path7.join)(dir, n)).filter((p) => p !== own);
    return Promise.all(
      paths.map(async (path) => ({ description: `file ${path}`, bundle: await loadState(new FileStore(path), key) }))
    );
  };
}
async function parseRunPlan(raw, options) {
  const state = parseStateSpec(raw, options.storeKinds);
  if (state) prepareRunState(state);
  const planned = await planCertificates(raw, options);
  const maxNewOrders = parseMaxNewOrders(planned.runInputs);
  const warnDays = parseWarnDays(planned.runInputs);
  const deployFailure = parseDeployFailure(planned.runInputs);
  const accountRollover = parseBoolean(planned.runInputs, "account-rollover");
  if (accountRollover && !state)
    throw new Error(
      "account-rollover: needs a store, or the new account key would be lost with the run; set store, or use certwright account rollover with the CLI"
    );
  const { certificates, concurrency } = planned;
  const shard = parseShard(value(raw, "shard"));
  if (!shard)
    return {
      certificates,
      concurrency,
      maxNewOrders,
      warnDays,
      deployFailure,
      accountRollover,
      ...state ? { state } : {}
    };
  if (!value(raw, "config"))
    throw new Error(
      "shard: only splits the certificates of a config file; set config, or drop shard for a single certificate"
    );
  const names2 = certificates.map((c) => c.request.name);
  const siblings = siblingStates(raw, shard);
  return {
    certificates: certificates.filter((c) => shardOf(c.request.name, shard.count) === shard.index),
    concurrency,
    maxNewOrders,
    warnDays,
    deployFailure,
    accountRollover,
    shard: { ...shard, names: names2, ...siblings ? { siblings } : {} },
    ...state ? { state } : {}
  };
}
var require31 = require2;
// src/notify/run-report.ts
async function reportRun(settings, inputs, tools) {
  if (settings.targets.length === 0 && !settings.heartbeat) return void 0;
  const send = await __certwrightLoad("./send-NALPXUFD.js");
  return send.reportRun(settings, inputs, tools);
}
// src/renewal/interrupt.ts
var STOP_CLEANUP_MS = 5e3;
var RecordsInFlight = class {
  #entries = /* @__PURE__ */ new Map();
  planned = (certName, records) => {
    this.#entries.set(certName, records);
  };
  removed = (certName) => {
    this.#entries.delete(certName);
  };
  get size() {
    return this.#entries.size;
  }
  /**
   * Removes every record in flight with `providerFor(certName)`, all certificates at once,
   * within `timeoutMs`. Returns a line for each certificate whose records may remain.
   */
  async removeAll(providerFor, context, timeoutMs, onRemoved) {
    const errors = /* @__PURE__ */ new Map();
    const work = [...this.#entries].map(async ([certName, records]) => {
      try {
        const configured = providerFor(certName);
        if (!configured) throw new Error(`no provider for ${certName}`);
        await (await configured.create(context)).deleteRecords(records);
        this.#entries.delete(certName);
        await onRemoved?.(certName);
      } catch (error2) {
        errors.set(certName, errorMessage(error2));
      }
    });
    let timer;
    const deadline = new Promise((resolve) => timer = setTimeout(resolve, timeoutMs));
    await Promise.race([Promise.all(work), deadline]);
    clearTimeout(timer);
    return [...this.#entries].map(([certName, records]) => {
      const names2 = [...new Set(records.map((r) => r.fqdn))].join(", ");
      return `${certName}: TXT at ${names2}: ${errors.get(certName) ?? `not removed within ${timeoutMs / 1e3} s`}`;
    });
  }
};
function onStopSignals(stop, logger) {
  let stopping = false;
  const handler = (signal) => {
    const code = signal === "SIGINT" ? 130 : 143;
    if (stopping) process.exit(code);
    stopping = true;
    logger.warn(`Received ${signal}: stopping, and removing the TXT records in flight`);
    endAllCommands();
    void stop(signal).catch((error2) => logger.warn(`could not clean up: ${errorMessage(error2)}`)).finally(() => process.exit(code));
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return () => {
    process.off("SIGINT", handler);
    process.off("SIGTERM", handler);
  };
}
async function runUntilStopped(plan, context, inFlight, report) {
  const release = onStopSignals(async (signal) => {
    const providerFor = (name) => plan.certificates.find((c) => c.request.name === name)?.request.dns.provider;
    const left = await inFlight.removeAll(
      providerFor,
      { ...context, http: runHttpClients(context).forTrust() },
      STOP_CLEANUP_MS,
      (certName) => report.removed?.(certName)
    );
    for (const line of left) report.left(line);
    report.stopped?.(signal);
  }, context.logger);
  try {
    return await runCertificates(plan, context);
  } finally {
    release();
    endAllCommands();
  }
}
var require32 = require2;
// node_modules/@actions/core/lib/summary.js
var __awaiter = function(thisArg, _arguments, P, generator) {
  function adopt(value2) {
    return value2 instanceof P ? value2 : new P(function(resolve) {
      resolve(value2);
    });
  }
  return new (P || (P = Promise))(function(resolve, reject) {
    function fulfilled(value2) {
      try {
        step(generator.next(value2));
      } catch (e) {
        reject(e);
      }
    }
    function rejected(value2) {
      try {
        step(generator["throw"](value2));
      } catch (e) {
        reject(e);
      }
    }
    function step(result) {
      result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected);
    }
    step((generator = generator.apply(thisArg, _arguments || [])).next());
  });
};
var { access: access2, appendFile, writeFile: writeFile2 } = import_fs.promises;
var SUMMARY_ENV_VAR = "GITHUB_STEP_SUMMARY";
var Summary = class {
  constructor() {
    this._buffer = "";
  }
  /**
   * Finds the summary file path from the environment, rejects if env var is not found or file does not exist
   * Also checks r/w permissions.
   *
   * @returns step summary file path
   */
  filePath() {
    return __awaiter(this, void 0, void 0, function* () {
      if (this._filePath) {
        return this._filePath;
      }
      const pathFromEnv = process.env[SUMMARY_ENV_VAR];
      if (!pathFromEnv) {
        throw new Error(`Unable to find environment variable for $${SUMMARY_ENV_VAR}. Check if your runtime environment supports job summaries.`);
      }
      try {
        yield access2(pathFromEnv, import_fs.constants.R_OK | import_fs.constants.W_OK);
      } catch (_a) {
        throw new Error(`Unable to access summary file: '${pathFromEnv}'. Check if the file has correct read/write permissions.`);
      }
      this._filePath = pathFromEnv;
      return this._filePath;
    });
  }
  /**
   * Wraps content in an HTML tag, adding any HTML attributes
   *
   * @param {string} tag HTML tag to wrap
   * @param {string | null} content content within the tag
   * @param {[attribute: string]: string} attrs key-value list of HTML attributes to add
   *
   * @returns {string} content wrapped in HTML element
   */
  wrap(tag, content, attrs = {}) {
    const htmlAttrs = Object.entries(attrs).map(([key, value2]) => ` ${key}="${value2}"`).join("");
    if (!content) {
      return `<${tag}${htmlAttrs}>`;
    }
    return `<${tag}${htmlAttrs}>${content}</${tag}>`;
  }
  /**
   * Writes text in the buffer to the summary buffer file and empties buffer. Will append by default.
   *
   * @param {SummaryWriteOptions} [options] (optional) options for write operation
   *
   * @returns {Promise<Summary>} summary instance
   */
  write(options) {
    return __awaiter(this, void 0, void 0, function* () {
      const overwrite = !!(options === null || options === void 0 ? void 0 : options.overwrite);
      const filePath = yield this.filePath();
      const writeFunc = overwrite ? writeFile2 : appendFile;
      yield writeFunc(filePath, this._buffer, { encoding: "utf8" });
      return this.emptyBuffer();
    });
  }
  /**
   * Clears the summary buffer and wipes the summary file
   *
   * @returns {Summary} summary instance
   */
  clear() {
    return __awaiter(this, void 0, void 0, function* () {
      return this.emptyBuffer().write({ overwrite: true });
    });
  }
  /**
   * Returns the current summary buffer as a string
   *
   * @returns {string} string of summary buffer
   */
  stringify() {
    return this._buffer;
  }
  /**
   * If the summary buffer is empty
   *
   * @returns {boolen} true if the buffer is empty
   */
  isEmptyBuffer() {
    return this._buffer.length === 0;
  }
  /**
   * Resets the summary buffer without writing to summary file
   *
   * @returns {Summary} summary instance
   */
  emptyBuffer() {
    this._buffer = "";
    return this;
  }
  /**
   * Adds raw text to the summary buffer
   *
   * @param {string} text content to add
   * @param {boolean} [addEOL=false] (optional) append an EOL to the raw text (default: false)
   *
   * @returns {Summary} summary instance
   */
  addRaw(text2, addEOL = false) {
    this._buffer += text2;
    return addEOL ? this.addEOL() : this;
  }
  /**
   * Adds the operating system-specific end-of-line marker to the buffer
   *
   * @returns {Summary} summary instance
   */
  addEOL() {
    return this.addRaw(import_os.EOL);
  }
  /**
   * Adds an HTML codeblock to the summary buffer
   *
   * @param {string} code content to render within fenced code block
   * @param {string} lang (optional) language to syntax highlight code
   *
   * @returns {Summary} summary instance
   */
  addCodeBlock(code, lang) {
    const attrs = Object.assign({}, lang && { lang });
    const element = this.wrap("pre", this.wrap("code", code), attrs);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML list to the summary buffer
   *
   * @param {string[]} items list of items to render
   * @param {boolean} [ordered=false] (optional) if the rendered list should be ordered or not (default: false)
   *
   * @returns {Summary} summary instance
   */
  addList(items, ordered = false) {
    const tag = ordered ? "ol" : "ul";
    const listItems = items.map((item) => this.wrap("li", item)).join("");
    const element = this.wrap(tag, listItems);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML table to the summary buffer
   *
   * @param {SummaryTableCell[]} rows table rows
   *
   * @returns {Summary} summary instance
   */
  addTable(rows2) {
    const tableBody = rows2.map((row) => {
      const cells = row.map((cell) => {
        if (typeof cell === "string") {
          return this.wrap("td", cell);
        }
        const { header, data, colspan, rowspan } = cell;
        const tag = header ? "th" : "td";
        const attrs = Object.assign(Object.assign({}, colspan && { colspan }), rowspan && { rowspan });
        return this.wrap(tag, data, attrs);
      }).join("");
      return this.wrap("tr", cells);
    }).join("");
    const element = this.wrap("table", tableBody);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds a collapsable HTML details element to the summary buffer
   *
   * @param {string} label text for the closed state
   * @param {string} content collapsable content
   *
   * @returns {Summary} summary instance
   */
  addDetails(label, content) {
    const element = this.wrap("details", this.wrap("summary", label) + content);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML image tag to the summary buffer
   *
   * @param {string} src path to the image you to embed
   * @param {string} alt text description of the image
   * @param {SummaryImageOptions} options (optional) addition image attributes
   *
   * @returns {Summary} summary instance
   */
  addImage(src, alt, options) {
    const { width, height } = options || {};
    const attrs = Object.assign(Object.assign({}, width && { width }), height && { height });
    const element = this.wrap("img", null, Object.assign({ src, alt }, attrs));
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML section heading element
   *
   * @param {string} text heading text
   * @param {number | string} [level=1] (optional) the heading level, default: 1
   *
   * @returns {Summary} summary instance
   */
  addHeading(text2, level) {
    const tag = `h${level}`;
    const allowedTag = ["h1", "h2", "h3", "h4", "h5", "h6"].includes(tag) ? tag : "h1";
    const element = this.wrap(allowedTag, text2);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML thematic break (<hr>) to the summary buffer
   *
   * @returns {Summary} summary instance
   */
  addSeparator() {
    const element = this.wrap("hr", null);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML line break (<br>) to the summary buffer
   *
   * @returns {Summary} summary instance
   */
  addBreak() {
    const element = this.wrap("br", null);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML blockquote to the summary buffer
   *
   * @param {string} text quote text
   * @param {string} cite (optional) citation url
   *
   * @returns {Summary} summary instance
   */
  addQuote(text2, cite) {
    const attrs = Object.assign({}, cite && { cite });
    const element = this.wrap("blockquote", text2, attrs);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML anchor tag to the summary buffer
   *
   * @param {string} text link text/content
   * @param {string} href hyperlink
   *
   * @returns {Summary} summary instance
   */
  addLink(text2, href) {
    const element = this.wrap("a", text2, { href });
    return this.addRaw(element).addEOL();
  }
};
var _summary = new Summary();
var summary = _summary;
// node_modules/@actions/core/lib/command.js
// node_modules/@actions/core/lib/utils.js
function toCommandValue(input) {
  if (input === null || input === void 0) {
    return "";
  } else if (typeof input === "string" || input instanceof String) {
    return input;
  }
  return JSON.stringify(input);
}
function toCommandProperties(annotationProperties) {
  if (!Object.keys(annotationProperties).length) {
    return {};
  }
  return {
    title: annotationProperties.title,
    file: annotationProperties.file,
    line: annotationProperties.startLine,
    endLine: annotationProperties.endLine,
    col: annotationProperties.startColumn,
    endColumn: annotationProperties.endColumn
  };
}
// node_modules/@actions/core/lib/command.js
function issueCommand(command, properties, message) {
  const cmd = new Command(command, properties, message);
  process.stdout.write(cmd.toString() + os.EOL);
}
function issue(name, message = "") {
  issueCommand(name, {}, message);
}
var CMD_STRING = "::";
var Command = class {
  constructor(command, properties, message) {
    if (!command) {
      command = "missing.command";
    }
    this.command = command;
    this.properties = properties;
    this.message = message;
  }
  toString() {
    let cmdStr = CMD_STRING + this.command;
    if (this.properties && Object.keys(this.properties).length > 0) {
      cmdStr += " ";
      let first = true;
      for (const key in this.properties) {
        if (this.properties.hasOwnProperty(key)) {
          const val = this.properties[key];
          if (val) {
            if (first) {
              first = false;
            } else {
              cmdStr += ",";
            }
            cmdStr += `${key}=${escapeProperty(val)}`;
          }
        }
      }
    }
    cmdStr += `${CMD_STRING}${escapeData(this.message)}`;
    return cmdStr;
  }
};
function escapeData(s) {
  return toCommandValue(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escapeProperty(s) {
  return toCommandValue(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/:/g, "%3A").replace(/,/g, "%2C");
}
// node_modules/@actions/core/lib/file-command.js
function issueFileCommand(command, message) {
  const filePath = process.env[`GITHUB_${command}`];
  if (!filePath) {
    throw new Error(`Unable to find environment variable for file command ${command}`);
  }
  if (!fs.existsSync(filePath)) {
    throw new Error(`Missing file at path: ${filePath}`);
  }
  fs.appendFileSync(filePath, `${toCommandValue(message)}${os2.EOL}`, {
    encoding: "utf8"
  });
}
function prepareKeyValueMessage(key, value2) {
  const delimiter = `ghadelimiter_${crypto.randomUUID()}`;
  const convertedValue = toCommandValue(value2);
  if (key.includes(delimiter)) {
    throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
  }
  if (convertedValue.includes(delimiter)) {
    throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
  }
  return `${key}<<${delimiter}${os2.EOL}${convertedValue}${os2.EOL}${delimiter}`;
}
// node_modules/@actions/core/lib/core.js
var ExitCode;
(function(ExitCode2) {
  ExitCode2[ExitCode2["Success"] = 0] = "Success";
  ExitCode2[ExitCode2["Failure"] = 1] = "Failure";
})(ExitCode || (ExitCode = {}));
function setSecret(secret) {
  issueCommand("add-mask", {}, secret);
}
function getInput(name, options) {
  const val = process.env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] || "";
  if (options && options.required && !val) {
    throw new Error(`Input required and not supplied: ${name}`);
  }
  if (options && options.trimWhitespace === false) {
    return val;
  }
  return val.trim();
}
function setOutput(name, value2) {
  const filePath = process.env["GITHUB_OUTPUT"] || "";
  if (filePath) {
    return issueFileCommand("OUTPUT", prepareKeyValueMessage(name, value2));
  }
  process.stdout.write(os3.EOL);
  issueCommand("set-output", { name }, toCommandValue(value2));
}
function setFailed(message) {
  process.exitCode = ExitCode.Failure;
  error(message);
}
function debug(message) {
  issueCommand("debug", {}, message);
}
function error(message, properties = {}) {
  issueCommand("error", toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
function warning(message, properties = {}) {
  issueCommand("warning", toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
function notice(message, properties = {}) {
  issueCommand("notice", toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
function info(message) {
  process.stdout.write(message + os3.EOL);
}
function startGroup(name) {
  issue("group", name);
}
function endGroup2() {
  issue("endgroup");
}
function saveState2(name, value2) {
  const filePath = process.env["GITHUB_STATE"] || "";
  if (filePath) {
    return issueFileCommand("STATE", prepareKeyValueMessage(name, value2));
  }
  issueCommand("save-state", { name }, toCommandValue(value2));
}
function getState(name) {
  return process.env[`STATE_${name}`] || "";
}
var require33 = require2;
// src/action/state.ts
var PENDING_RECORDS_STATE = "pending-records";
var CrashJournal = class {
  constructor(configPath) {
    this.configPath = configPath;
    saveState2(PENDING_RECORDS_STATE, "[]");
  }
  configPath;
  entries = /* @__PURE__ */ new Map();
  planned = (certName, records) => {
    this.entries.set(certName, { certName, ...this.configPath ? { config: this.configPath } : {}, records });
    this.write();
  };
  removed = (certName) => {
    this.entries.delete(certName);
    this.write();
  };
  write() {
    saveState2(PENDING_RECORDS_STATE, JSON.stringify([...this.entries.values()]));
  }
};
function readPendingRecords(saved) {
  if (!saved) return [];
  const parsed = JSON.parse(saved);
  if (!Array.isArray(parsed)) return [];
  return parsed.filter(isPendingRecords);
}
function isPendingRecords(entry) {
  const candidate = entry;
  return typeof candidate?.certName === "string" && Array.isArray(candidate.records);
}
var require34 = require2;
// src/renewal/expiry.ts
var DAY2 = 864e5;
var DEFAULT_FRACTION = 0.1;
var DEFAULT_MAX_DAYS = 7;
function daysLeft(summary2, now) {
  return Math.floor((summary2.notAfter.getTime() - now) / DAY2);
}
var SHORT_LIFETIME_DAYS = 10;
function expiryWarning(summary2, now, warnDays, renewAt) {
  const lifetime = summary2.notAfter.getTime() - summary2.notBefore.getTime();
  const overdue = overdueWarning(summary2, now, lifetime, renewAt);
  if (overdue) return overdue;
  const within = warnDays === void 0 ? Math.min(lifetime * DEFAULT_FRACTION, DEFAULT_MAX_DAYS * DAY2) : warnDays * DAY2;
  const left = summary2.notAfter.getTime() - now;
  if (left > within) return void 0;
  const when = summary2.notAfter.toISOString();
  if (left <= 0) return `expired at ${when}`;
  const hours = Math.floor(left / 36e5);
  return `expires ${hours < 48 ? `in ${hours} h` : `in ${Math.floor(left / DAY2)} days`} (${when})`;
}
function overdueWarning(summary2, now, lifetime, renewAt) {
  const left = summary2.notAfter.getTime() - now;
  if (lifetime > SHORT_LIFETIME_DAYS * DAY2 || left <= 0) return void 0;
  const due = renewAt?.getTime() ?? summary2.notAfter.getTime() - lifetime / 2;
  if (now < due) return void 0;
  const hours = Math.floor(left / 36e5);
  return `expires in ${hours} h (${summary2.notAfter.toISOString()}): its renewal is overdue since ${new Date(due).toISOString()} (a ${Math.round(lifetime / 36e5)} h certificate)`;
}
function certificateInPlace(result) {
  return result.outcome?.summary ?? result.current;
}
function renewalPoint(result) {
  const { outcome } = result;
  return outcome && (outcome.action === "not-due" || outcome.action === "deferred") ? outcome.renewAt : void 0;
}
function expiryWarnings(results, now, warnDays) {
  return results.flatMap((result) => {
    const certificate = certificateInPlace(result);
    const warning2 = certificate ? expiryWarning(certificate, now, warnDays, renewalPoint(result)) : void 0;
    if (!warning2) return [];
    const why = result.error ? "; its renewal failed this run" : result.deferred || result.outcome?.action === "deferred" ? "; its renewal was deferred" : "";
    return [{ name: result.name, message: `${result.name} ${warning2}${why}` }];
  });
}
var require35 = require2;
// src/action/summary.ts
function summaryEnabled(env) {
  return !/^(false|0|no|off)$/i.test(env.CERTWRIGHT_SUMMARY?.trim() ?? "");
}
function status(result) {
  if (result.error) return "failed";
  if (result.deferred) return "deferred";
  return result.outcome?.action === "not-due" ? "not due" : result.outcome?.action.replace("-", " ") ?? "failed";
}
var MARK = {
  issued: "\u{1F195}",
  renewed: "\u{1F504}",
  "not due": "\u2714\uFE0F",
  deferred: "\u23F3",
  "dry run": "\u{1F9EA}",
  failed: "\u274C"
};
function escapeHtml(text2) {
  return text2.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
function names(domains, shown = 4) {
  const listed = domains.slice(0, shown).map(escapeHtml).join(", ");
  return domains.length > shown ? `${listed} and ${domains.length - shown} more` : listed;
}
function day(date) {
  return date.toISOString().slice(0, 10);
}
function inDays(date, now) {
  const days = Math.round((date.getTime() - now) / 864e5);
  return days <= 0 ? `${day(date)} (now)` : `${day(date)} (in ${days} d)`;
}
function totals(results) {
  const counts = /* @__PURE__ */ new Map();
  for (const result of results) counts.set(status(result), (counts.get(status(result)) ?? 0) + 1);
  return [...counts].map(([what, count]) => `${count} ${what}`).join(", ");
}
var HEADER = ["Certificate", "Status", "Names", "Days left", "Next renewal", "Serial"];
function rows(result, now, warnDays) {
  const certificate = certificateInPlace(result);
  const what = status(result);
  const warning2 = certificate ? expiryWarning(certificate, now, warnDays, renewalPoint(result)) : void 0;
  const left = certificate ? `${warning2 ? "\u26A0\uFE0F " : ""}${daysLeft(certificate, now)} (until ${day(certificate.notAfter)})` : "";
  const row = [
    `<code>${escapeHtml(result.name)}</code>`,
    `${MARK[what] ?? ""} ${what}`,
    names(result.error && result.requested ? result.requested : certificate?.domains ?? []),
    left,
    result.outcome?.renewAt ? inDays(result.outcome.renewAt, now) : "",
    certificate ? `<code>${certificate.serial}</code>` : ""
  ];
  const why = result.error ? `Error: ${errorMessage(result.error)}` : result.deferred ? `Deferred: ${result.deferred}` : result.outcome?.caAsked ? `Renewed early, because the CA asked for it: ${result.outcome.reason}` : void 0;
  const fallback = result.outcome?.fallback ? [escapeHtml(`Issued by ${describeFallback(result.outcome.fallback)}`)] : [];
  const below = [...why ? [escapeHtml(why)] : [], ...fallback, ...(result.deployments ?? []).map(deploymentLine)].map(
    (data) => [{ data, colspan: String(HEADER.length) }]
  );
  return [row, ...below];
}
var DEPLOY_MARK = {
  deployed: "\u{1F680} deployed",
  current: "\u2714\uFE0F holds it",
  failed: "\u274C failed",
  "dry-run": "\u{1F9EA} would receive it"
};
function deploymentLine(d) {
  const record = d.record ? ` <code>${escapeHtml(d.record.id)}</code>, serial <code>${escapeHtml(d.record.serial)}</code>, since ${new Date(d.record.at).toISOString().replace("T", " ").slice(0, 16)} UTC` : "";
  const error2 = d.error ? `: ${escapeHtml(errorMessage(d.error))}` : "";
  const holds2 = d.action === "failed" && record ? `; still holds${record}` : record;
  return `\u21B3 deploy to ${escapeHtml(d.description)}: ${DEPLOY_MARK[d.action]}${error2}${holds2}`;
}
async function writeRunSummary(results, now, warnDays) {
  const failed = results.filter((r) => r.error).length;
  const deployFailed2 = results.flatMap((r) => r.deployments ?? []).filter((d) => d.action === "failed").length;
  const verdict = failed > 0 ? `\u274C ${failed} of ${results.length} failed` : deployFailed2 > 0 ? `\u274C ${deployFailed2} deploy target(s) failed` : `\u2705 ${succeeded(results.length)}`;
  await summary.addHeading(`certwright: ${verdict}`, 2).addRaw(`<p>${results.length} certificate(s): ${escapeHtml(totals(results))}.</p>`, true).addTable([HEADER.map((data) => ({ data, header: true })), ...results.flatMap((r) => rows(r, now, warnDays))]).write();
}
async function writeFailureSummary(error2) {
  await summary.addHeading("certwright: \u274C failed", 2).addRaw(`<p>${escapeHtml(errorMessage(error2))}</p>`, true).write();
}
function succeeded(count) {
  return count === 1 ? "done" : `${count} certificates`;
}
var require36 = require2;
// src/action/inputs.ts
var ACTION_INPUTS = [
  ...CORE_INPUTS,
  ...RENEW_INPUTS,
  ...DEPLOY_INPUTS,
  ...PROVIDERS.flatMap((p) => p.options),
  ...DEPLOY_TARGETS.flatMap((t) => t.options)
];
function readInputs(specs, env) {
  const given2 = {};
  for (const input of specs) {
    const value2 = getInput(input.name);
    if (value2 !== "") given2[input.name] = value2;
  }
  const { raw } = withEnvFallbacks(given2, specs, env);
  for (const secret of secretsIn(raw, specs)) setSecret(secret);
  return raw;
}
function readActionInputs(env) {
  const raw = { ...readInputs(ACTION_INPUTS, env) };
  if (raw["output-dir"] === void 0 && env.RUNNER_TEMP) raw["output-dir"] = (0, import_node_path8.join)(env.RUNNER_TEMP, "certwright");
  raw["github-repository"] ??= env.GITHUB_REPOSITORY;
  raw["github-api-url"] ??= env.GITHUB_API_URL;
  raw["github-workflow-ref"] = env.GITHUB_WORKFLOW_REF;
  raw["github-server-url"] = env.GITHUB_SERVER_URL;
  return raw;
}
function maskPem(pem2) {
  setSecret(pem2);
  for (const line of pem2.split("\n")) if (line.length >= 16 && !line.startsWith("-----")) setSecret(line);
}
var actionLogger = {
  info: (message) => info(neutralise(message)),
  warn: (message) => warning(neutralise(message)),
  debug: (message) => debug(neutralise(message))
};
var require37 = require2;
// src/cli/options.ts
// src/cli/argv.ts
function scanArgv(argv, options, allowPositionals) {
  const known = (name) => Object.prototype.hasOwnProperty.call(options, name) ? options[name] : void 0;
  const longOf = /* @__PURE__ */ new Map();
  for (const [name, option] of Object.entries(options)) if (option.short) longOf.set(option.short, name);
  const forShort = (letter) => longOf.get(letter) ?? letter;
  const values = /* @__PURE__ */ Object.create(null);
  const positionals = [];
  const store = (name, value2) => {
    const option = known(name);
    if (!option) return false;
    if (option.type === "boolean") {
      if (value2 !== void 0) return false;
      values[name] = true;
      return true;
    }
    if (value2 === void 0) return false;
    if (option.multiple) {
      const list = values[name];
      if (Array.isArray(list)) list.push(value2);
      else values[name] = [value2];
    } else values[name] = value2;
    return true;
  };
  const plainValue = (value2) => value2 !== void 0 && !(value2.length > 1 && value2[0] === "-");
  const args = [...argv];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") {
      if (!allowPositionals && i + 1 < args.length) return void 0;
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg.length < 2 || arg[0] !== "-") {
      if (!allowPositionals) return void 0;
      positionals.push(arg);
      continue;
    }
    if (arg[1] !== "-") {
      const letter = arg[1];
      const name2 = forShort(letter);
      const option = known(name2);
      if (arg.length === 2) {
        if (option?.type === "string") {
          const value2 = args[i + 1];
          if (!plainValue(value2)) return void 0;
          i++;
          if (!store(name2, value2)) return void 0;
        } else if (!store(name2, void 0)) return void 0;
        continue;
      }
      if (option?.type === "string") {
        if (!store(name2, arg.slice(2))) return void 0;
        continue;
      }
      const expanded = [];
      for (let at = 1; at < arg.length; at++) {
        const short = arg[at];
        if (known(forShort(short))?.type !== "string" || at === arg.length - 1) expanded.push(`-${short}`);
        else {
          expanded.push(`-${arg.slice(at)}`);
          break;
        }
      }
      args.splice(i + 1, 0, ...expanded);
      continue;
    }
    const equals = arg.indexOf("=");
    if (equals >= 0) {
      if (!store(arg.slice(2, equals), arg.slice(equals + 1))) return void 0;
      continue;
    }
    const name = arg.slice(2);
    if (known(name)?.type === "string") {
      const value2 = args[i + 1];
      if (!plainValue(value2)) return void 0;
      i++;
      if (!store(name, value2)) return void 0;
    } else if (!store(name, void 0)) return void 0;
  }
  return { values: { ...values }, positionals };
}
// src/cli/options.ts
var COMMANDS = [
  "certonly",
  "renew",
  "certificates",
  "revoke",
  "delete",
  "account",
  "verify-release",
  "acme-dns",
  "help"
];
var ENGINE_COMMANDS = ["certonly", "renew", "certificates", "revoke", "delete", "account"];
var CLI_STORE_KINDS = storeKinds({ github: createOctokit });
var CLI_ONLY = [
  { name: "help", description: "Show this help and exit.", flag: true, cliAliases: ["h"], commands: COMMANDS },
  { name: "version", description: "Print the version of certwright and exit.", flag: true, commands: ["help"] },
  {
    name: "verbose",
    description: "Log every step (never keys or secrets).",
    flag: true,
    cliAliases: ["v"],
    commands: ENGINE_COMMANDS
  },
  {
    name: "quiet",
    description: "Log only warnings and errors; print nothing on success (for cron).",
    flag: true,
    cliAliases: ["q"],
    commands: ENGINE_COMMANDS
  },
  {
    name: "non-interactive",
    description: "Accepted as in certbot; certwright never prompts.",
    flag: true,
    cliAliases: ["n"],
    commands: ENGINE_COMMANDS
  },
  {
    name: "json",
    description: "Print the result as JSON.",
    flag: true,
    commands: ["certonly", "renew", "certificates", "verify-release"]
  },
  {
    name: "staging",
    description: "Use Let's Encrypt's staging server, as `--server letsencrypt-staging` (certificates no browser trusts, for trying things out).",
    flag: true,
    cliAliases: ["test-cert"],
    commands: ["certonly", "renew"]
  },
  {
    name: "reason",
    description: `Why it is revoked: ${Object.keys(REVOCATION_REASONS).join(", ")}.`,
    default: "unspecified",
    commands: ["revoke"]
  },
  {
    name: "delete-after-revoke",
    description: "Remove the certificate from the state once it is revoked (its files are left in place).",
    flag: true,
    commands: ["revoke"]
  },
  {
    name: "yes",
    description: "Deactivate without asking (`account deactivate`); also implied by --non-interactive or no terminal.",
    flag: true,
    cliAliases: ["y"],
    commands: ["account"]
  }
];
function allInputs() {
  return [...ALL_INPUTS];
}
var UsageError = class extends Error {
  name = "UsageError";
};
function usageError(problem, command) {
  return new UsageError(`${problem} (certwright help${command ? ` ${command}` : ""})`);
}
function argsOptions(specs) {
  const options = {};
  const nameOf = /* @__PURE__ */ new Map();
  for (const spec of specs) {
    const type = spec.flag ? "boolean" : "string";
    const short = spec.cliAliases?.find((alias) => alias.length === 1);
    options[spec.name] = { type, multiple: !spec.flag, ...short ? { short } : {} };
    for (const alias of spec.cliAliases ?? []) {
      if (alias.length === 1) continue;
      options[alias] = { type, multiple: !spec.flag };
      nameOf.set(alias, spec.name);
    }
  }
  return { options, nameOf };
}
function parseFlags(argv, specs, command) {
  const { options, nameOf } = argsOptions(specs);
  const parsed = scanArgv(argv, options, command === void 0);
  if (!parsed) {
    const [problem, topic] = argvProblem(argv, options, command);
    throw usageError(problem, topic);
  }
  const repeatable = new Set(specs.filter((spec) => spec.repeatable).map((spec) => spec.name));
  const values = {};
  for (const [option, value2] of Object.entries(parsed.values)) {
    const name = nameOf.get(option) ?? option;
    const given2 = [
      ...values[name] === void 0 ? [] : [values[name]],
      ...(Array.isArray(value2) ? value2 : [value2]).map(String)
    ];
    if (given2.length > 1 && !repeatable.has(name)) {
      throw new UsageError(
        `--${name} was given ${given2.length} times (${given2.map((v) => JSON.stringify(v)).join(", ")}); give it once`
      );
    }
    values[name] = given2.join(",");
  }
  return { values, positionals: parsed.positionals };
}
function secretsInArgv(argv, specs) {
  const long = /* @__PURE__ */ new Set();
  const short = /* @__PURE__ */ new Set();
  for (const spec of specs) {
    if (!spec.secret) continue;
    long.add(spec.name);
    for (const alias of spec.cliAliases ?? []) (alias.length === 1 ? short : long).add(alias);
  }
  const found = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") break;
    let inline;
    if (arg.startsWith("--")) {
      const equals = arg.indexOf("=");
      if (!long.has(equals < 0 ? arg.slice(2) : arg.slice(2, equals))) continue;
      if (equals >= 0) inline = arg.slice(equals + 1);
    } else if (arg.length >= 2 && arg[0] === "-" && short.has(arg[1])) {
      if (arg.length > 2) inline = arg.slice(2);
    } else continue;
    const value2 = inline ?? argv[++i];
    if (value2 !== void 0) found.push(...secretParts(value2));
  }
  return found;
}
function argvProblem(argv, options, command) {
  const { tokens } = (0, import_node_util2.parseArgs)({ args: [...argv], options, allowPositionals: true, strict: false, tokens: true });
  const topic = command ?? tokens.flatMap((t) => t.kind === "positional" && isCommand(t.value) ? [t.value] : [])[0];
  for (const token of tokens) {
    if (token.kind === "positional" && command) return [`unexpected argument ${token.value}`, topic];
    if (token.kind !== "option") continue;
    const type = options[token.name]?.type;
    if (!type) return [`unknown option ${token.rawName}${suggestion(token.rawName, Object.keys(options))}`, topic];
    if (type === "string" && (token.value === void 0 || !token.inlineValue && token.value.startsWith("-")))
      return [`option ${token.rawName} needs a value`, topic];
    if (type === "boolean" && token.value !== void 0) return [`option ${token.rawName} takes no value`, topic];
  }
  return ["the command line cannot be read", topic];
}
function isCommand(word) {
  return COMMANDS.includes(word);
}
function suggestion(rawName, names2) {
  if (!rawName.startsWith("--")) return "";
  const near = nearest(
    rawName.slice(2),
    names2.filter((name) => name.length > 1)
  );
  return near ? `; did you mean --${near}?` : "";
}
function commandNamed(word) {
  if (word === void 0 || isCommand(word)) return word;
  const near = nearest(word, COMMANDS);
  throw usageError(`unknown command ${word}${near ? `; did you mean ${near}?` : ""}`);
}
function withStaging(raw, staging, command) {
  if (!staging) return raw;
  const alias = "letsencrypt-staging";
  const server = raw.server?.trim();
  if (server && (SERVER_ALIASES[server] ?? server) !== SERVER_ALIASES[alias]) {
    throw usageError(
      `--staging (--test-cert) means Let's Encrypt's staging server, but --server names ${server}; give one of them`,
      command
    );
  }
  return { ...raw, server: alias };
}
function parseCommandLine(argv, env) {
  const { values, positionals } = parseFlags(argv, [...CLI_ONLY, ...allInputs()]);
  const [word, topicWord, ...extra] = positionals;
  const command = commandNamed(word);
  const topic = command === "help" ? commandNamed(topicWord) : void 0;
  const unexpected = command === "help" || command === "account" ? extra[0] : topicWord;
  if (unexpected !== void 0) throw usageError(`unexpected argument ${unexpected}`, command);
  const cliOnly = new Set(CLI_ONLY.map((option) => option.name));
  const raw = Object.fromEntries(Object.entries(values).filter(([name]) => !cliOnly.has(name)));
  const flag = (name) => values[name] === "true";
  return {
    command,
    topic,
    raw: withEnvFallbacks(withStaging(raw, flag("staging"), command), allInputs(), env).raw,
    help: flag("help"),
    version: flag("version"),
    verbose: flag("verbose"),
    quiet: flag("quiet"),
    json: flag("json"),
    reason: values.reason,
    deleteAfterRevoke: flag("delete-after-revoke"),
    accountAction: command === "account" ? topicWord : void 0,
    assumeYes: flag("yes") || flag("non-interactive")
  };
}
function defaultAccountKeyFile(server, env) {
  const first = server?.split(/[\s,]+/).find((item) => item !== "");
  const url = SERVER_ALIASES[first ?? "letsencrypt"] ?? first ?? "";
  let host = "server";
  try {
    host = new URL(url).host.replace(/[^A-Za-z0-9.-]/g, "_");
  } catch {
  }
  const base = env.XDG_CONFIG_HOME || (0, import_node_path9.join)((0, import_node_os4.homedir)(), ".config");
  const digest = (0, import_node_crypto20.createHash)("sha256").update(url).digest("hex").slice(0, 8);
  return (0, import_node_path9.join)(base, "certwright", "accounts", `${host}-${digest}.pem`);
}
function defaultStateFile(env) {
  return (0, import_node_path9.join)(env.XDG_CONFIG_HOME || (0, import_node_path9.join)((0, import_node_os4.homedir)(), ".config"), "certwright", "state.jwe");
}
var require38 = require2;
// src/dns/providers/acme-dns/api.ts
var AcmeDnsError = class extends Error {
  constructor(message, status2, code) {
    super(message);
    this.status = status2;
    this.code = code;
  }
  status;
  code;
  /** Throttled by a proxy in front, or a server error (acme-dns's `db_error`): worth another try. */
  get retryable() {
    return this.status === 429 || this.status >= 500;
  }
};
function errorCode(response) {
  const code = parseJson(response.body)?.error;
  return typeof code === "string" ? code : void 0;
}
function answerOf(response, secrets2) {
  const code = errorCode(response);
  if (code) return `${response.status} ${code}`;
  const body = shownBody(response.body, secrets2);
  return `HTTP ${response.status}${body ? `: ${body}` : ""}`;
}
async function post(http2, url, headers, body, what) {
  try {
    return await http2({
      method: "POST",
      url,
      headers: {
        accept: "application/json",
        ...body === void 0 ? {} : { "content-type": "application/json" },
        ...headers
      },
      ...body === void 0 ? {} : { body }
    });
  } catch (cause) {
    throw new AcmeDnsError(
      `acme-dns: ${what}: no answer from ${new URL(url).origin} (${cause.message})`,
      0,
      void 0
    );
  }
}
async function updateTxt(http2, account, value2, what) {
  const headers = { "x-api-user": account.username, "x-api-key": account.password };
  const response = await post(
    http2,
    `${account.server}/update`,
    headers,
    JSON.stringify({ subdomain: account.subdomain, txt: value2 }),
    what
  );
  if (response.status === 200) return;
  const code = errorCode(response);
  const answer = answerOf(response, [account.password, account.username]);
  let advice;
  if (response.status === 401 || code === "forbidden") {
    advice = `acme-dns refused the account: a wrong username or password, a subdomain other than the account's, or an address outside the account's allowfrom; check the entry for ${account.names.filter(Boolean).join(", ") || account.fulldomain} in the credentials, and allowfrom against the runner's address`;
  } else if (code === "bad_txt") advice = "acme-dns takes only 43-character values (a dns-01 digest)";
  else if (code === "bad_subdomain")
    advice = `the subdomain "${account.subdomain}" in the credentials is not one acme-dns accepts`;
  else if (response.status === 404 || response.status === 405)
    advice = `${account.server} has no acme-dns /update; acme-dns-server (or the account's server_url) must be the API's base URL`;
  else advice = "the acme-dns server or a proxy in front of it failed";
  throw new AcmeDnsError(`acme-dns: ${what}: ${answer}; ${advice}`, response.status, code);
}
async function registerAccount(http2, server, allowFrom) {
  const what = `registering an account at ${server}`;
  const body = allowFrom.length > 0 ? JSON.stringify({ allowfrom: allowFrom }) : void 0;
  const response = await post(http2, `${server}/register`, {}, body, what);
  if (response.status !== 201 && response.status !== 200) {
    const code = errorCode(response);
    let advice;
    if (code === "invalid_allowfrom_cidr")
      advice = "an allowfrom entry is not a network in CIDR notation, such as 192.0.2.0/24";
    else if (response.status === 404 || response.status === 405)
      advice = `${server} does not register accounts (acme-dns with disable_registration, or not the API's base URL); ask its operator for an account`;
    else advice = "the acme-dns server or a proxy in front of it failed";
    throw new AcmeDnsError(`acme-dns: ${what}: ${answerOf(response, [])}; ${advice}`, response.status, code);
  }
  const parsed = parseJson(response.body);
  if (typeof parsed !== "object" || parsed === null)
    throw new AcmeDnsError(
      `acme-dns: ${what}: the answer is not JSON; is ${server} an acme-dns API?`,
      response.status,
      void 0
    );
  const { username, password, fulldomain, subdomain, allowfrom } = parsed;
  if (typeof username !== "string" || typeof password !== "string" || typeof fulldomain !== "string" || typeof subdomain !== "string" || !username || !password || !fulldomain || !subdomain) {
    throw new AcmeDnsError(
      `acme-dns: ${what}: the answer lacks username, password, fulldomain or subdomain; is ${server} an acme-dns API?`,
      response.status,
      void 0
    );
  }
  return {
    username,
    password,
    fulldomain,
    subdomain,
    allowfrom: Array.isArray(allowfrom) ? allowfrom.filter((a) => typeof a === "string") : []
  };
}
var require39 = require2;
// src/dns/providers/acme-dns/cidr.ts
function parseCidr(text2) {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text2.trim().replace(/[[\]]/g, ""));
  if (!match) return void 0;
  const address = match[1];
  const prefix = Number(match[2]);
  const version = (0, import_node_net7.isIP)(address);
  if (version === 0 || prefix > (version === 4 ? 32 : 128)) return void 0;
  return { address, prefix, family: version === 4 ? "ipv4" : "ipv6" };
}
// src/dns/providers/acme-dns/register.ts
async function registerAcmeDnsAccount(options, http2) {
  const domain = credentialKey(options.domain);
  const problem = domainNameProblem(domain);
  if (problem) throw new Error(`domains: "${options.domain}" is not a domain name: ${problem}`);
  const server = serverUrl(options.server);
  const allowFrom = (options.allowFrom ?? []).map((text2) => text2.trim()).filter(Boolean);
  const bad = allowFrom.find((text2) => !parseCidr(text2));
  if (bad !== void 0)
    throw new Error(
      `acme-dns-allowfrom: "${bad}" is not a network in CIDR notation; expected such as 192.0.2.0/24 or 2001:db8::/32`
    );
  const account = await registerAccount(http2, server, allowFrom);
  const fulldomain = account.fulldomain.replace(/\.$/, "");
  return {
    credentials: {
      [domain]: {
        username: account.username,
        password: account.password,
        fulldomain,
        subdomain: account.subdomain,
        allowfrom: account.allowfrom,
        server_url: server
      }
    },
    cname: `${challengeRecordName(domain)}. CNAME ${fulldomain}.`
  };
}
function serverUrl(text2) {
  let url;
  try {
    url = new URL(text2.trim());
  } catch {
    throw new Error(
      `acme-dns-server: "${text2}" is not a URL; expected the acme-dns API, such as https://auth.acme-dns.io`
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new Error(`acme-dns-server: "${text2}" is not an http(s) URL; expected such as https://auth.acme-dns.io`);
  refusePlainHttp("acme-dns-server", url, "the new account's password");
  return text2.trim().replace(/\/+$/, "");
}
// src/cli/acme-dns.ts
var ACME_DNS_REGISTER_INPUTS = [
  {
    name: "acme-dns-server",
    description: "Base URL of the acme-dns API to register with, such as https://auth.acme-dns.io.",
    required: true
  },
  {
    name: "domains",
    description: "The name to register an account for (`*.example.com` shares the account of example.com); given more than once, one account per name.",
    required: true,
    cliAliases: ["d", "domain"],
    repeatable: true
  },
  {
    name: "acme-dns-allowfrom",
    description: "A network (CIDR) the account's updates may come from, such as 192.0.2.0/24; repeatable. Without it: from anywhere.",
    repeatable: true
  }
];
async function acmeDnsCommand(argv, env, showHelp) {
  const [subcommand, ...rest] = argv;
  if (subcommand === void 0 || subcommand === "help" || subcommand === "--help" || subcommand === "-h") {
    showHelp();
    return subcommand === void 0 ? 2 : 0;
  }
  if (subcommand !== "register")
    throw usageError(`unknown acme-dns command ${subcommand}; expected register`, "acme-dns");
  const own = CLI_ONLY.filter((option) => option.commands.includes("acme-dns"));
  const { values } = parseFlags(rest, [...ACME_DNS_REGISTER_INPUTS, ...own], "acme-dns");
  if (values.help) {
    showHelp();
    return 0;
  }
  const server = values["acme-dns-server"];
  if (!server)
    throw usageError(
      "--acme-dns-server is missing; give the acme-dns API URL, such as https://auth.acme-dns.io",
      "acme-dns"
    );
  const names2 = [
    ...new Set(
      (values.domains ?? "").split(/[\s,]+/).filter(Boolean).map((name) => name.toLowerCase().replace(/^\*\./, "").replace(/\.$/, ""))
    )
  ];
  if (names2.length === 0) throw usageError("-d NAME is missing; give the name to register an account for", "acme-dns");
  const allowFrom = (values["acme-dns-allowfrom"] ?? "").split(",").filter(Boolean);
  const http2 = createHttpClient({ userAgent: USER_AGENT, env });
  const credentials = {};
  const cnames = [];
  for (const domain of names2) {
    const registration = await registerAcmeDnsAccount({ server, domain, allowFrom }, http2);
    Object.assign(credentials, registration.credentials);
    cnames.push(registration.cname);
  }
  const limit = allowFrom.length > 0 ? `, updates only from ${allowFrom.join(", ")}` : "";
  process.stderr.write(
    [
      `Registered ${names2.length === 1 ? "an acme-dns account" : `${names2.length} acme-dns accounts`} at ${server}${limit}.`,
      `Create ${cnames.length === 1 ? "this record" : "these records"} once, in the zone of each name:`,
      ...cnames.map((cname) => `  ${cname}`),
      "Then store the credentials printed below as a secret (e.g. ... | gh secret set ACME_DNS_CREDENTIALS) and pass it as acme-dns-credentials.",
      ""
    ].join("\n")
  );
  process.stdout.write(`${JSON.stringify(credentials, null, 2)}
`);
  return 0;
}
var require40 = require2;
// src/config/verify.ts
var VERIFY_INPUTS = [
  { name: "ecosystem", description: "`npm` or `pypi`.", default: "npm" },
  {
    name: "package",
    description: "The npm package name or PyPI project; several released together at one version, comma-separated (one report).",
    required: true
  },
  { name: "version", description: "The version that was published.", required: true },
  {
    name: "tarball",
    description: "npm: the .tgz that `npm pack` wrote in this pipeline, or the folder with the tarballs of several packages."
  },
  { name: "dist", description: "PyPI: the folder with the sdists and wheels this pipeline built.", default: "dist" },
  {
    name: "registry",
    description: "Registry or index URL. npm: default npm's own configuration (`npm view` and `npm pack` do the reading, so .npmrc files, scoped registries, `_auth`, cafile and proxy apply). PyPI: default https://pypi.org."
  },
  {
    name: "registry-token",
    description: "npm: a token for a private registry, given to npm as NODE_AUTH_TOKEN (what the .npmrc of actions/setup-node reads). Without it, npm uses its own configuration.",
    secret: true
  },
  { name: "tag", description: "The git tag of the release (`v1.2.3`); the version must match it." },
  {
    name: "require-provenance",
    description: "Fail unless there is provenance: npm's SLSA attestation, or a PEP 740 attestation for every PyPI file. Provenance that is there is always verified (Sigstore signature, subject digest, source).",
    default: "false",
    flag: true
  },
  {
    name: "expect-repository",
    description: "The repository the provenance must come from (`owner/repo`). In the Action, with `require-provenance`, default the workflow's own repository (`github.repository`): name another one here if it builds the package."
  },
  {
    name: "expect-workflow",
    description: "The workflow file the provenance must name, e.g. `.github/workflows/release.yml` (`@refs/tags/v1.2.3` to pin the ref)."
  },
  {
    name: "allow-pull-request-target",
    description: "Accept provenance from a build started by `pull_request_target`, which runs with the repository's credentials on behalf of a pull request. Refused by default.",
    default: "false",
    flag: true
  },
  {
    name: "trusted-root",
    description: "A Sigstore trusted root JSON file to verify provenance with. Default: Sigstore's public-good root, fetched with TUF."
  },
  {
    name: "timeout",
    description: "Seconds to wait for the registry to serve the version before declaring it missing.",
    default: "300"
  }
];
function parseVerifyConfig(raw, context = {}) {
  const ecosystem = (value(raw, "ecosystem") ?? "npm").toLowerCase();
  if (ecosystem !== "npm" && ecosystem !== "pypi")
    throw new Error(`ecosystem: "${ecosystem}" is not supported; expected npm or pypi`);
  const names2 = (value(raw, "package") ?? "").split(/[\s,]+/).filter(Boolean);
  if (names2.length === 0)
    throw new Error(
      `package: missing; expected the ${ecosystem === "npm" ? "npm package name, such as @acme/site" : "PyPI project name"}`
    );
  const version = value(raw, "version");
  if (!version) throw new Error("version: missing; expected the version that was published, such as 1.2.3");
  const tarball = value(raw, "tarball");
  if (ecosystem === "npm" && !tarball)
    throw new Error(
      "tarball: missing; expected the .tgz that npm pack wrote, such as acme-site-1.2.3.tgz, or its folder"
    );
  const timeoutText = value(raw, "timeout") ?? "300";
  if (!/^\d+$/.test(timeoutText))
    throw new Error(`timeout: "${timeoutText}" is not a number of seconds; expected such as 300`);
  const registry = value(raw, "registry");
  if (registry !== void 0) {
    try {
      new URL(registry);
    } catch {
      throw new Error(`registry: "${registry}" is not a URL; expected such as https://registry.npmjs.org`);
    }
  }
  const requireProvenance = parseBoolean(raw, "require-provenance");
  const given2 = value(raw, "expect-repository");
  const expectRepositoryIsDefault = given2 === void 0 && requireProvenance && Boolean(context.workflowRepository);
  const expectRepository = expectRepositoryIsDefault ? context.workflowRepository : given2;
  if (expectRepository !== void 0 && !/^([\w.-]+\/[\w.-]+|https:\/\/\S+)$/.test(expectRepository))
    throw new Error(`expect-repository: "${expectRepository}" is not a repository; expected owner/repo`);
  const optional = (name, key) => {
    const text2 = value(raw, name);
    return text2 === void 0 ? {} : { [key]: text2 };
  };
  return {
    ecosystem,
    names: names2,
    version,
    dist: value(raw, "dist") ?? "dist",
    requireProvenance,
    allowPullRequestTarget: parseBoolean(raw, "allow-pull-request-target"),
    timeoutMs: Number(timeoutText) * 1e3,
    ...tarball ? { tarball } : {},
    ...registry ? { registry: registry.replace(/\/+$/, "") } : {},
    ...optional("registry-token", "token"),
    ...optional("tag", "tag"),
    ...optional("expect-workflow", "expectWorkflow"),
    ...optional("trusted-root", "trustedRoot"),
    ...expectRepository ? { expectRepository } : {},
    ...expectRepositoryIsDefault ? { expectRepositoryIsDefault } : {}
  };
}
var require41 = require2;
// src/cli/help.ts
var VERSION = "0.1.0";
function inputsNamed(...names2) {
  const specs = new Map(allInputs().map((spec) => [spec.name, spec]));
  return names2.map((name) => {
    const spec = specs.get(name);
    if (!spec) throw new Error(`help: no input named ${name}`);
    return spec;
  });
}
var stateSection = () => ({
  title: "State options",
  options: inputsNamed("store", "state-key", "state", "shard", "github-token", "github-repository", "github-api-url")
});
var providerSections = () => PROVIDERS.map((p) => ({ title: `Provider ${p.name}: ${p.description}`, options: p.options }));
var certificateSection = { title: "Certificate options", options: CORE_INPUTS };
var deploySections = () => [
  { title: "Deploy options", options: DEPLOY_INPUTS },
  ...DEPLOY_TARGETS.map((t) => ({ title: `Deploy target ${t.name}: ${t.description}`, options: t.options }))
];
var COMMAND_HELP = {
  certonly: {
    summary: "Obtain a certificate and write cert.pem, chain.pem, fullchain.pem, privkey.pem",
    usage: ["certwright certonly -d NAME [-d NAME...] --dns PROVIDER [options]"],
    sections: () => [certificateSection, ...providerSections(), ...deploySections()]
  },
  renew: {
    summary: "Issue if missing, renew if due, changed or revoked, else say when it will be due (keeps state)",
    usage: [
      "certwright renew -d NAME [-d NAME...] --dns PROVIDER --state-key KEY [options]",
      "certwright renew --config FILE --state-key KEY [options]"
    ],
    sections: () => [
      certificateSection,
      { title: "Renewal options", options: RENEW_INPUTS },
      ...providerSections(),
      ...deploySections()
    ]
  },
  certificates: {
    summary: "List the certificates in the state: names, key type, expiry, next renewal and files",
    usage: ["certwright certificates [--cert-name NAME] [--store file:PATH] [--json]"],
    sections: () => [
      { title: "Options", options: inputsNamed("cert-name", "output-dir", "renew-before-days") },
      stateSection()
    ]
  },
  revoke: {
    summary: "Revoke a certificate in the state; the next renew replaces it",
    usage: ["certwright revoke --cert-name NAME [--reason REASON] [--delete-after-revoke]"],
    sections: () => [
      { title: "Options", options: inputsNamed("cert-name", "server-ca-file", "output-dir") },
      stateSection()
    ]
  },
  delete: {
    summary: "Remove a certificate from the state (its files are left in place)",
    usage: ["certwright delete --cert-name NAME"],
    sections: () => [{ title: "Options", options: inputsNamed("cert-name", "output-dir") }, stateSection()]
  },
  account: {
    summary: "Roll the ACME account key over, deactivate the account, or update its contact (keeps state)",
    usage: [
      "certwright account rollover [--server URL] [--state-key KEY]",
      "certwright account deactivate [--server URL] [--yes]",
      "certwright account update -m EMAIL [-m EMAIL...] [--server URL]"
    ],
    sections: () => [
      { title: "Options", options: inputsNamed("server", "email", "server-ca-file", "account-key-file") },
      stateSection()
    ]
  },
  "verify-release": {
    summary: "Check that the published npm tarball / PyPI files are the ones built here (exit 1 if not)",
    usage: [
      "certwright verify-release --package NAME --version V --tarball FILE [--registry URL] [--tag vV]",
      "certwright verify-release --ecosystem pypi --package PROJECT --version V [--dist DIR] [--registry URL]"
    ],
    sections: () => [{ title: "Options", options: VERIFY_INPUTS }]
  },
  "acme-dns": {
    summary: "Register an acme-dns account: prints the CNAME to create and the credentials JSON to store",
    usage: ["certwright acme-dns register -d NAME [-d NAME...] --acme-dns-server URL [--acme-dns-allowfrom CIDR...]"],
    sections: () => [{ title: "Options", options: ACME_DNS_REGISTER_INPUTS }]
  },
  help: {
    summary: "Show the usage and options of a command",
    usage: ["certwright help COMMAND", "certwright COMMAND --help"],
    sections: () => []
  }
};
function helpWidth(columns, env) {
  const width = columns ?? Number(env.COLUMNS);
  return Math.max(40, Number.isInteger(width) && width > 0 ? width : 80);
}
function wrap(text2, width, first, indent = first) {
  const room = width - Math.max(first.length, indent.length);
  const pieces = text2.split(/\s+/).filter(Boolean).flatMap((word) => word.match(new RegExp(`.{1,${room}}`, "g")) ?? []);
  const lines = [];
  let line = first;
  let empty = true;
  for (const piece of pieces) {
    if (!empty && line.length + 1 + piece.length > width) {
      lines.push(line);
      [line, empty] = [indent, true];
    }
    line += `${empty ? "" : " "}${piece}`;
    empty = false;
  }
  return [...lines, line];
}
function describe(input, width) {
  const aliases = input.cliAliases ?? [];
  const flags = [
    ...aliases.filter((a) => a.length === 1).map((a) => `-${a}`),
    ...[input.name, ...aliases.filter((a) => a.length > 1)].map((n) => `--${n}`)
  ];
  const def = input.default ? ` [default: ${input.default}]` : "";
  return [
    ...wrap(`${flags.join(", ")}${input.flag ? "" : " VALUE"}`, width, "  ", "      "),
    ...wrap(`${optionDescription(input)}${def}`, width, "      ")
  ];
}
function section(title, body, width) {
  return ["", ...wrap(title, width, "", "  "), ...body];
}
function cliOptionsOf(command) {
  return CLI_ONLY.filter((option) => option.commands.includes(command));
}
function withCliOptions(command, sections) {
  const own = cliOptionsOf(command);
  const [first, ...others] = sections;
  if (!first) return [{ title: "General options", options: own }];
  const alone = own.filter((option) => option.commands.length === 1);
  const shared = own.filter((option) => option.commands.length > 1);
  return [
    { ...first, options: [...first.options, ...alone] },
    ...others,
    { title: "General options", options: shared }
  ];
}
function overview(width) {
  const commands = COMMANDS.flatMap(
    (name) => wrap(COMMAND_HELP[name].summary, width, `  ${name.padEnd(16)}`, " ".repeat(18))
  );
  return [
    ...wrap(`certwright ${VERSION}: ACME DNS-01 certificates for CI and terminals`, width, ""),
    ...section("Usage:", wrap("certwright COMMAND [options]", width, "  "), width),
    ...section("Commands:", commands, width),
    ...section(
      "Options:",
      cliOptionsOf("help").flatMap((o) => describe(o, width)),
      width
    ),
    "",
    ...wrap(
      '"certwright help COMMAND" (or certwright COMMAND --help) shows the usage and options of a command.',
      width,
      ""
    ),
    ...wrap(
      "Secret options can come from the environment instead: CERTWRIGHT_<OPTION> (e.g. CERTWRIGHT_STATE_KEY).",
      width,
      ""
    )
  ];
}
function commandHelp(command, width) {
  const help = COMMAND_HELP[command];
  const sections = withCliOptions(command, help.sections()).filter((s) => s.options.length > 0);
  return [
    ...wrap(`certwright ${command}: ${help.summary}`, width, ""),
    ...section(
      "Usage:",
      help.usage.flatMap((line) => wrap(line, width, "  ", "      ")),
      width
    ),
    ...sections.flatMap(
      (s) => section(
        `${s.title}:`,
        s.options.flatMap((o) => describe(o, width)),
        width
      )
    )
  ];
}
function helpText(command, width) {
  const lines = command === void 0 || command === "help" ? overview(width) : commandHelp(command, width);
  return `${lines.join("\n")}
`;
}
var require42 = require2;
// src/action/github.ts
var actionOctokit = async (token, baseUrl, http2) => {
  const { getOctokit } = await __certwrightLoad("./github-64DTF5WA.js");
  return getOctokit(token, octokitOptions(baseUrl, http2));
};
// src/action/artifact-store.ts
async function defaultTransfer() {
  const { DefaultArtifactClient } = await __certwrightLoad("./artifact-PXMED7WH.js");
  return new DefaultArtifactClient();
}
// src/action/deployments.ts
function deployedEntry(deployments) {
  return Object.fromEntries(
    (deployments ?? []).map((d) => [
      d.key,
      {
        target: d.target,
        id: d.record?.id,
        serial: d.record?.serial,
        at: d.record ? new Date(d.record.at).toISOString() : void 0,
        action: d.action,
        error: d.error ? errorMessage(d.error) : void 0
      }
    ])
  );
}
function deployedIds(deployments) {
  return JSON.stringify(Object.fromEntries((deployments ?? []).map((d) => [d.key, d.record?.id ?? ""])));
}
function annotateDeployFailures(results) {
  let failed = 0;
  for (const result of results) {
    for (const d of result.deployments ?? []) {
      if (d.action !== "failed") continue;
      failed++;
      error(neutralise(`${result.name}: ${errorMessage(d.error)}`), {
        title: `certwright: ${result.name} deploy to ${d.target} failed`
      });
    }
  }
  return failed;
}
// src/action/log.ts
var CertificateGroups = class {
  #logger;
  #queue = [];
  constructor(logger) {
    this.#logger = logger;
  }
  open(name, title) {
    const entry = { name, title, lines: [], ended: false };
    this.#queue.push(entry);
    if (this.#queue.length === 1) startGroup(`${name}: ${title}`);
    const named = prefixedLogger(this.#logger, name);
    const write = (level) => (message) => {
      if (this.#queue[0] === entry) named[level](message);
      else entry.lines.push([level, message]);
    };
    return {
      info: write("info"),
      warn: write("warn"),
      debug: write("debug"),
      end: () => {
        entry.ended = true;
        if (this.#queue[0] === entry) this.#next();
      }
    };
  }
  /** Closes the live group and replays the held ones until one is still running. */
  #next() {
    endGroup2();
    this.#queue.shift();
    for (let entry = this.#queue[0]; entry; entry = this.#queue[0]) {
      startGroup(`${entry.name}: ${entry.title}`);
      const named = prefixedLogger(this.#logger, entry.name);
      for (const [level, message] of entry.lines.splice(0)) named[level](message);
      if (!entry.ended) return;
      endGroup2();
      this.#queue.shift();
    }
  }
};
// src/action/schedule.ts
async function workflowNextRun(env, logger) {
  const ref = env.GITHUB_WORKFLOW_REF;
  const workspace = env.GITHUB_WORKSPACE;
  const path = workflowFile(ref);
  if (!path || !workspace) return void 0;
  let text2;
  try {
    text2 = await (0, import_promises10.readFile)((0, import_node_path10.join)(workspace, path), "utf8");
  } catch {
    logger.debug(
      `schedule: ${path} is not in the checkout; set schedule or next-run to plan renewals around the next run`
    );
    return void 0;
  }
  const { parseYaml } = await __certwrightLoad("./yaml-SPVWTNLL.js");
  const workflow = parseYaml(text2);
  const crons = (workflow?.on?.schedule ?? []).map((entry) => entry.cron).filter((cron) => typeof cron === "string").map(parseCron);
  if (crons.length === 0) return void 0;
  logger.debug(`schedule: ${path} runs at ${crons.map((c) => c.expression).join(", ")}`);
  return (now) => new Date(Math.min(...crons.map((cron) => nextCronRun(cron, now).getTime())));
}
// src/action/main.ts
var ACTION_STORE_KINDS = storeKinds({ github: actionOctokit, artifacts: defaultTransfer });
function resultEntry(result, now) {
  const { outcome } = result;
  const certificate = certificateInPlace(result);
  return {
    name: result.name,
    action: outcome?.action ?? (result.deferred ? "deferred" : "failed"),
    reason: outcome?.reason ?? result.deferred,
    "not-after": certificate?.notAfter.toISOString(),
    "expires-in-days": certificate ? daysLeft(certificate, now) : void 0,
    "renew-at": outcome?.renewAt?.toISOString(),
    serial: certificate?.serial,
    "fullchain-path": outcome?.paths?.fullchain,
    "key-path": outcome?.paths?.privkey,
    "pfx-path": outcome?.paths?.pfx,
    error: result.error ? errorMessage(result.error) : void 0,
    deployed: deployedEntry(result.deployments)
  };
}
function setOutputs(results, now) {
  const [first] = results;
  const single = results.length === 1 ? first?.outcome : void 0;
  const summary2 = single?.summary;
  const current = results.length === 1 && first ? certificateInPlace(first) : void 0;
  const outputs = {
    renewed: String(results.some((r) => r.outcome?.action === "issued" || r.outcome?.action === "renewed")),
    "cert-name": results.length === 1 ? results[0]?.name ?? "" : "",
    "cert-path": single?.paths?.cert ?? "",
    "chain-path": single?.paths?.chain ?? "",
    "fullchain-path": single?.paths?.fullchain ?? "",
    "key-path": single?.paths?.privkey ?? "",
    "pfx-path": single?.paths?.pfx ?? "",
    "not-after": summary2?.notAfter.toISOString() ?? "",
    "expires-in-days": current ? String(daysLeft(current, now)) : "",
    "renew-at": single?.renewAt?.toISOString() ?? "",
    serial: summary2?.serial ?? "",
    domains: summary2?.domains.join(",") ?? "",
    certificates: JSON.stringify(results.map((r) => resultEntry(r, now))),
    deployed: results.length === 1 ? deployedIds(first?.deployments) : ""
  };
  for (const [name, value2] of Object.entries(outputs)) setOutput(name, value2);
}
function annotate(results, now, warnDays) {
  for (const result of results) {
    const { name, outcome } = result;
    if (result.error) error(neutralise(errorMessage(result.error)), { title: `certwright: ${name} failed` });
    else if (outcome?.action === "issued" || outcome?.action === "renewed") {
      notice(
        `${name}: ${outcome.action}; valid until ${outcome.summary.notAfter.toISOString()}, serial ${outcome.summary.serial}`,
        { title: `certwright: ${name} ${outcome.action}` }
      );
    } else info(neutralise(`${name}: ${status(result)}: ${outcome?.reason ?? result.deferred ?? ""}`));
  }
  for (const { name, message } of expiryWarnings(results, now, warnDays))
    warning(message, { title: `certwright: ${name} expires soon` });
}
var reportTools = { logger: actionLogger, clock: systemClock, env: process.env };
async function run() {
  if (process.platform === "win32") {
    setFailed(
      "certwright: Windows runners are not supported yet; use ubuntu-latest or macos-latest (or a Linux container)"
    );
    return;
  }
  let notify;
  let redact2;
  try {
    const raw = readActionInputs(process.env);
    notify = parseNotifySettings(raw, (secret) => setSecret(secret));
    const secrets2 = secretValues(raw, ACTION_INPUTS).filter((secret) => secret.length >= 6);
    redact2 = (text2) => secrets2.reduce((out, secret) => out.split(secret).join("***"), text2);
    const journal = new CrashJournal(raw.config);
    const inFlight = new RecordsInFlight();
    const defaultNextRun = raw.store ? await workflowNextRun(process.env, actionLogger) : void 0;
    const plan = await parseRunPlan(raw, {
      storeKinds: ACTION_STORE_KINDS,
      onSecret: (secret) => setSecret(secret),
      ...defaultNextRun ? { defaultNextRun } : {}
    });
    const { warnDays } = plan;
    const groups = new CertificateGroups(actionLogger);
    const context = {
      logger: actionLogger,
      clock: systemClock,
      // Hooks inherit this environment: without the runner's INPUT_* copies and whatever carries a secret.
      env: commandEnv(process.env, secretValues(raw, ACTION_INPUTS)),
      idTokenRequest: idTokenRequestOf(process.env),
      onSecret: maskPem,
      certificateLog: (name, title) => groups.open(name, title),
      onRecordsPlanned: (certName, records) => {
        journal.planned(certName, records);
        inFlight.planned(certName, records);
      },
      onRecordsRemoved: (certName) => {
        journal.removed(certName);
        inFlight.removed(certName);
      }
    };
    const results = await runUntilStopped(plan, context, inFlight, {
      left: (line) => warning(neutralise(`could not remove ${line}; the post step tries again`)),
      removed: journal.removed,
      stopped: (signal) => setFailed(`stopped by ${signal}`)
    });
    const now = systemClock.now();
    setOutputs(results, now);
    annotate(results, now, warnDays);
    if (summaryEnabled(process.env))
      await writeRunSummary(results, now, warnDays).catch(
        (error2) => warning(neutralise(`job summary not written: ${errorMessage(error2)}`))
      );
    await reportRun(notify, { results, now, warnDays, env: process.env, redact: redact2 }, reportTools);
    const failed = results.filter((r) => r.error).length;
    const deployFailures = annotateDeployFailures(results);
    if (results.length > 1) info(`${results.length} certificates: ${totals(results)}`);
    if (failed > 0 || deployFailures > 0 && plan.deployFailure === "fail") process.exitCode = ExitCode.Failure;
  } catch (error2) {
    setFailed(neutralise(errorMessage(error2)));
    if (summaryEnabled(process.env)) await writeFailureSummary(error2).catch(() => void 0);
    if (notify) {
      const failure = { results: [], now: systemClock.now(), warnDays: void 0, env: process.env, runError: error2 };
      await reportRun(notify, { ...failure, ...redact2 ? { redact: redact2 } : {} }, reportTools);
    }
  }
}
var require43 = require2;
// src/cli/main.ts
var stateCommands = () => __certwrightLoad("./state-commands-A4BRA5VD.js");
var secrets = /* @__PURE__ */ new Set();
function addEarlySecrets(argv) {
  const specs = [...allInputs(), ...VERIFY_INPUTS];
  const fromEnv = withEnvFallbacks({}, specs, process.env).raw;
  for (const secret of [...secretsInArgv(argv, specs), ...secretsIn(fromEnv, specs)]) secrets.add(secret);
}
function redact(text2) {
  let out = text2;
  for (const secret of secrets) if (secret.length >= 6) out = out.split(secret).join("***");
  return out;
}
function consoleLogger(verbose, quiet2) {
  return {
    // One line per message, never a workflow command: the CLI runs in CI steps too (see neutralise).
    info: (message) => quiet2 || process.stderr.write(`${neutralise(redact(message))}
`),
    warn: (message) => process.stderr.write(`warning: ${neutralise(redact(message))}
`),
    debug: (message) => verbose && process.stderr.write(`${neutralise(redact(message))}
`)
  };
}
function daysLeft2(notAfter, now) {
  return Math.floor((notAfter.getTime() - now) / 864e5);
}
function printCertificate(headline, summary2, paths, elapsedMs, json, extra = {}) {
  if (json) {
    const out = {
      ...extra,
      ...summary2,
      notBefore: summary2.notBefore.toISOString(),
      notAfter: summary2.notAfter.toISOString(),
      paths,
      elapsedMs
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}
`);
    return;
  }
  const lines = [
    headline,
    `Subject:   ${summary2.subject}`,
    `Names:     ${summary2.domains.join(", ")}`,
    `Issuer:    ${summary2.issuer}`,
    `Expires:   ${summary2.notAfter.toISOString()} (${daysLeft2(summary2.notAfter, Date.now())} days)`,
    `Serial:    ${summary2.serial}`,
    ...paths ? [
      `Fullchain: ${paths.fullchain}`,
      `Cert:      ${paths.cert}`,
      `Chain:     ${paths.chain}`,
      `Key:       ${paths.privkey}`
    ] : [],
    `Took:      ${(elapsedMs / 1e3).toFixed(2)} s`
  ];
  process.stdout.write(`${lines.join("\n")}
`);
}
function withDefaults(invocation) {
  const raw = { ...invocation.raw };
  raw["account-key-file"] ??= defaultAccountKeyFile(raw.server, process.env);
  raw.store ??= `file:${defaultStateFile(process.env)}`;
  raw["github-repository"] ??= process.env.GITHUB_REPOSITORY;
  raw["github-api-url"] ??= process.env.GITHUB_API_URL;
  raw["github-token"] ??= process.env.GITHUB_TOKEN;
  return raw;
}
var HEADLINES = {
  deferred: "Deferred: the order budget of this run is spent; the current certificate was written.",
  issued: "Successfully received certificate.",
  renewed: "Successfully renewed certificate.",
  "dry-run": "Dry run succeeded; nothing was saved.",
  "not-due": "Not due for renewal"
};
function deploymentLines(deployments, indent) {
  return (deployments ?? []).map((d) => {
    const held = d.record ? `${d.record.id} (serial ${d.record.serial})` : "nothing yet";
    const what = {
      deployed: `deployed ${held}`,
      current: `holds    ${held}`,
      "dry-run": "dry run: would receive it",
      failed: `FAILED   ${neutralise(redact(errorMessage(d.error)))}`
    };
    return `${indent}${`-> ${d.target}`.padEnd(26)} ${what[d.action]}`;
  });
}
function deploymentsJson(deployments) {
  return (deployments ?? []).map((d) => ({
    target: d.target,
    key: d.key,
    action: d.action,
    ...d.record ? { id: d.record.id, serial: d.record.serial, at: new Date(d.record.at).toISOString() } : {},
    ...d.error ? { error: redact(errorMessage(d.error)) } : {}
  }));
}
function printResults(results, json) {
  if (json) {
    const out = results.map((r) => ({
      name: r.name,
      action: r.outcome?.action ?? (r.deferred ? "deferred" : "failed"),
      reason: r.outcome?.reason ?? r.deferred ?? redact(errorMessage(r.error)),
      notAfter: r.outcome?.summary.notAfter.toISOString(),
      paths: r.outcome?.paths,
      ...r.outcome?.fallback ? { fallback: r.outcome.fallback } : {},
      ...r.deployments ? { deployed: deploymentsJson(r.deployments) } : {}
    }));
    process.stdout.write(`${JSON.stringify(out, null, 2)}
`);
    return;
  }
  for (const r of results) {
    const what = r.outcome ? `${r.outcome.action.padEnd(8)} expires ${r.outcome.summary.notAfter.toISOString()}  ${r.outcome.reason}` + (r.outcome.fallback ? `; ${describeFallback(r.outcome.fallback)}` : "") : r.deferred ? `deferred no certificate yet  ${r.deferred}` : `FAILED   ${neutralise(redact(errorMessage(r.error)))}`;
    process.stdout.write(`${[`${r.name.padEnd(28)} ${what}`, ...deploymentLines(r.deployments, "  ")].join("\n")}
`);
  }
}
async function runPlan(command, raw, invocation, logger) {
  const inputs = command === "certonly" ? { ...raw, store: void 0 } : raw;
  const notify = parseNotifySettings(raw, (secret) => secrets.add(secret));
  const report = (results2, warnDays2, runError) => reportRun(
    notify,
    { results: results2, now: systemClock.now(), warnDays: warnDays2, env: process.env, redact, ...runError ? { runError } : {} },
    { logger, clock: systemClock, env: process.env }
  );
  const failRun = async (error2) => {
    await report([], void 0, error2);
    throw error2;
  };
  const plan = await parseRunPlan(inputs, {
    storeKinds: CLI_STORE_KINDS,
    onSecret: (secret) => secrets.add(secret)
  }).catch(failRun);
  const { warnDays } = plan;
  const env = commandEnv(process.env, secrets);
  const inFlight = new RecordsInFlight();
  const journal = new RecordJournal((0, import_node_path11.join)((0, import_node_path11.dirname)(defaultStateFile(process.env)), "records-in-flight"), logger);
  const context = {
    logger,
    clock: systemClock,
    env,
    idTokenRequest: idTokenRequestOf(process.env),
    journal,
    onRecordsPlanned: inFlight.planned,
    onRecordsRemoved: inFlight.removed
  };
  const results = await runUntilStopped(plan, context, inFlight, {
    left: (line) => logger.warn(`could not remove ${line}; the next run for that certificate removes it, or remove it by hand`),
    removed: (certName) => journal.forget(certName)
  }).catch(failRun);
  await report(results, warnDays);
  for (const { message } of expiryWarnings(results, systemClock.now(), warnDays)) logger.warn(message);
  const [single] = results;
  const deployFailures = results.some((r) => deployFailed(r.deployments));
  const deployExit = deployFailures && plan.deployFailure === "fail" ? 1 : 0;
  const silent = invocation.quiet && !invocation.json && results.every((r) => !r.error) && !deployFailures;
  if (raw.config || results.length !== 1 || !single) {
    if (!silent) printResults(results, invocation.json);
    return results.some((r) => r.error) ? 1 : deployExit;
  }
  if (single.error) throw single.error;
  if (silent) return 0;
  const outcome = single.outcome;
  const headline = outcome.action === "not-due" ? `Not due for renewal: ${outcome.reason}.` : HEADLINES[outcome.action];
  const extra = {
    ...command === "renew" ? { action: outcome.action, reason: outcome.reason } : {},
    ...single.deployments ? { deployed: deploymentsJson(single.deployments) } : {},
    ...outcome.fallback ? { fallback: outcome.fallback } : {}
  };
  printCertificate(headline, outcome.summary, outcome.paths, outcome.elapsedMs, invocation.json, extra);
  if (!invocation.json && outcome.fallback) process.stdout.write(`Issued by ${describeFallback(outcome.fallback)}
`);
  if (!invocation.json && single.deployments?.length)
    process.stdout.write(`Deploy:
${deploymentLines(single.deployments, "  ").join("\n")}
`);
  return deployExit;
}
function printHelp(command) {
  process.stdout.write(helpText(command, helpWidth(process.stdout.columns, process.env)));
}
async function main(argv) {
  addEarlySecrets(argv);
  if (argv[0] === "verify-release")
    return (await __certwrightLoad("./verify-HHJHVRJM.js")).verifyReleaseCommand(argv.slice(1), process.env);
  if (argv[0] === "acme-dns") {
    const { acmeDnsCommand: acmeDnsCommand2 } = await __certwrightLoad("./acme-dns-BEM2DKMW.js");
    return acmeDnsCommand2(argv.slice(1), process.env, () => printHelp("acme-dns"));
  }
  const invocation = parseCommandLine(argv, process.env);
  if (invocation.version) {
    process.stdout.write(`certwright ${VERSION}
`);
    return 0;
  }
  if (invocation.help || !invocation.command || invocation.command === "help") {
    printHelp(invocation.topic ?? invocation.command);
    return invocation.command || invocation.help ? 0 : 2;
  }
  const raw = withDefaults(invocation);
  for (const secret of secretsIn(raw, allInputs())) secrets.add(secret);
  const logger = consoleLogger(invocation.verbose, invocation.quiet);
  switch (invocation.command) {
    case "certonly":
    case "renew":
      return runPlan(invocation.command, raw, invocation, logger);
    case "certificates":
      await (await stateCommands()).certificatesCommand(raw, invocation);
      return 0;
    case "revoke":
      await (await stateCommands()).revokeCommand(raw, invocation, logger);
      return 0;
    case "delete":
      await (await stateCommands()).deleteCommand(raw);
      return 0;
    case "account":
      await (await __certwrightLoad("./account-commands-GYWBQBFW.js")).accountCommand(raw, invocation, logger);
      return 0;
    case "verify-release":
      throw new UsageError(
        "verify-release takes its own options: put it first, as in certwright verify-release --package NAME ..."
      );
    case "acme-dns":
      throw new UsageError(
        "acme-dns takes its own options: put it first, as in certwright acme-dns register -d NAME --acme-dns-server URL"
      );
  }
}
function runCli(argv) {
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error2) => {
      process.stderr.write(`certwright: ${neutralise(redact(errorMessage(error2)))}
`);
      process.exitCode = error2 instanceof UsageError ? 2 : 1;
    }
  );
}
// Annotate the CommonJS export names for ESM import in node:
module.exports = {
  ACME_DNS_REGISTER_INPUTS: ACME_DNS_REGISTER_INPUTS,
  ACM_ACTIONS: ACM_ACTIONS,
  ACTION_INPUTS: ACTION_INPUTS,
  ACTION_STORE_KINDS: ACTION_STORE_KINDS,
  ALL_INPUTS: ALL_INPUTS,
  API_VERSION$20: API_VERSION2,
  API_VERSION$7: API_VERSION,
  AZURE_ACTIONS: AZURE_ACTIONS,
  AcmeDnsError: AcmeDnsError,
  AcmeProblem: AcmeProblem,
  AcmeSession: AcmeSession,
  CERTIFICATE_MANAGER_PERMISSIONS: CERTIFICATE_MANAGER_PERMISSIONS,
  CERTIFICATE_NAME_INPUTS: CERTIFICATE_NAME_INPUTS,
  CLI_ONLY: CLI_ONLY,
  CLI_STORE_KINDS: CLI_STORE_KINDS,
  CLOUD_API_RETRY_POLICY: CLOUD_API_RETRY_POLICY,
  COMMANDS: COMMANDS,
  CORE_INPUTS: CORE_INPUTS,
  CrashJournal: CrashJournal,
  DEFAULT_API_URL$11: DEFAULT_API_URL,
  DEFAULT_API_URL$20: DEFAULT_API_URL2,
  DEFAULT_API_URL$21: DEFAULT_API_URL3,
  DEFAULT_OUTPUT_DIR: DEFAULT_OUTPUT_DIR,
  DEFAULT_RETRY_POLICY: DEFAULT_RETRY_POLICY,
  DEPLOY_INPUTS: DEPLOY_INPUTS,
  DEPLOY_TARGETS: DEPLOY_TARGETS,
  ExitCode: ExitCode,
  FORMAT_HEADER: FORMAT_HEADER,
  FileStore: FileStore,
  GITHUB_API_URL: GITHUB_API_URL,
  GITHUB_REPOSITORY: GITHUB_REPOSITORY,
  GITHUB_TOKEN: GITHUB_TOKEN,
  GOOGLE_DNS_PERMISSIONS: GOOGLE_DNS_PERMISSIONS,
  HttpClients: HttpClients,
  HttpreqClient: HttpreqClient,
  IMPORT_ACTION: IMPORT_ACTION,
  KIND_NAMES: KIND_NAMES,
  NOTIFY_EVENTS: NOTIFY_EVENTS,
  NOTIFY_OPTIONS: NOTIFY_OPTIONS,
  NoAnswerError: NoAnswerError,
  PBES2_ITERATIONS: PBES2_ITERATIONS,
  PENDING_RECORDS_STATE: PENDING_RECORDS_STATE,
  PROVIDERS: PROVIDERS,
  RAW_KEY_PREFIX: RAW_KEY_PREFIX,
  RENEW_INPUTS: RENEW_INPUTS,
  RESOURCE_GROUP: RESOURCE_GROUP,
  REVOCATION_REASONS: REVOCATION_REASONS,
  ROUTE53_ACTIONS: ROUTE53_ACTIONS,
  RecordJournal: RecordJournal,
  RecordsInFlight: RecordsInFlight,
  SERVER_ALIASES: SERVER_ALIASES,
  SERVER_EAB_KEY: SERVER_EAB_KEY,
  STORE_OPTIONS: STORE_OPTIONS,
  SUBSCRIPTION_ID: SUBSCRIPTION_ID,
  SecretWriter: SecretWriter,
  USER_AGENT: USER_AGENT,
  UsageError: UsageError,
  VALUES_PER_ACCOUNT: VALUES_PER_ACCOUNT,
  VERIFY_INPUTS: VERIFY_INPUTS,
  VERSION: VERSION,
  ZoneIds: ZoneIds,
  __commonJS: __commonJS,
  __esm: __esm,
  __export: __export2,
  __require: __require,
  __toCommonJS: __toCommonJS2,
  __toESM: __toESM2,
  accountBookOf: accountBookOf,
  accountForRecord: accountForRecord,
  accountKey: accountKey,
  acmKey: acmKey,
  acmeDnsCommand: acmeDnsCommand,
  acquireLockFile: acquireLockFile,
  actionLogger: actionLogger,
  allInputs: allInputs,
  answerText: answerText,
  arnRegion: arnRegion,
  bitString: bitString,
  booleanOption: booleanOption,
  buildPfx: buildPfx,
  caCandidates: caCandidates,
  callWithRetries: callWithRetries,
  canonicalChainPem: canonicalChainPem,
  certificateFiles: certificateFiles,
  certificateIdFor: certificateIdFor,
  certificateInPlace: certificateInPlace,
  certificateName: certificateName,
  certificateNameFor: certificateNameFor,
  challengeRecordName: challengeRecordName,
  choosePreferredChain: choosePreferredChain,
  commandEnv: commandEnv,
  contextTag: contextTag,
  createHttpClient: createHttpClient,
  createOctokit: createOctokit,
  credentialKey: credentialKey,
  currentCertificate: currentCertificate,
  daysLeft: daysLeft,
  deactivate: deactivate,
  debug: debug,
  decideRenewal: decideRenewal,
  defaultAccountKeyFile: defaultAccountKeyFile,
  defaultStateFile: defaultStateFile,
  deleteLineage: deleteLineage,
  deployCertificate: deployCertificate,
  deployFailed: deployFailed,
  deployItemValues: deployItemValues,
  derToPem: derToPem,
  derivePassphraseKey: derivePassphraseKey,
  describeFallback: describeFallback,
  describeSecretTarget: describeSecretTarget,
  describeSet: describeSet,
  describeUrl: describeUrl,
  domainNameProblem: domainNameProblem,
  downloadCertificateChains: downloadCertificateChains,
  endAllCommands: endAllCommands,
  endGroup: endGroup2,
  error: error,
  errorMessage: errorMessage,
  escapeHtml: escapeHtml,
  expiryWarning: expiryWarning,
  expiryWarnings: expiryWarnings,
  fetchOver: fetchOver,
  fetchRenewalInfo: fetchRenewalInfo,
  fileKeyProblem: fileKeyProblem,
  fileKeys: fileKeys,
  folderProblem: folderProblem,
  formatServerAddress: formatServerAddress,
  generateCertificateKey: generateCertificateKey,
  getInput: getInput,
  getState: getState,
  githubApiUrl: githubApiUrl,
  groupByZone: groupByZone,
  heartbeatCall: heartbeatCall,
  helpText: helpText,
  helpWidth: helpWidth,
  hostNameProblem: hostNameProblem,
  http: http,
  idTokenRequestOf: idTokenRequestOf,
  importCertificateKey: importCertificateKey,
  inOrder: inOrder,
  info: info,
  integerOption: integerOption,
  isInZone: isInZone,
  isLoopbackHost: isLoopbackHost,
  isSuccess: isSuccess,
  isZoneRef: isZoneRef,
  issuedCertificateProblems: issuedCertificateProblems,
  lazyBuiltin: lazyBuiltin,
  listLineages: listLineages,
  listOption: listOption,
  loadState: loadState,
  makeFolder: makeFolder,
  markRevoked: markRevoked,
  markingUnreachable: markingUnreachable,
  maskPem: maskPem,
  metadata$11: metadata3,
  metadata$13: metadata4,
  metadata$20: metadata5,
  metadata$21: metadata6,
  metadata$6: metadata,
  metadata$7: metadata2,
  nearest: nearest,
  neutralise: neutralise,
  nextCronRun: nextCronRun,
  normalizeName: normalizeName,
  notice: notice,
  nullValue: nullValue,
  objectIdentifier: objectIdentifier,
  octetString: octetString,
  octokitOptions: octokitOptions,
  openRunState: openRunState,
  optionDescription: optionDescription,
  optionalOption: optionalOption,
  orderWithFallback: orderWithFallback,
  ownChallengeRecords: ownChallengeRecords,
  parseAccountCa: parseAccountCa,
  parseAcmSettings: parseAcmSettings,
  parseAcmeDnsCredentials: parseAcmeDnsCredentials,
  parseBoolean: parseBoolean,
  parseCertificateId: parseCertificateId,
  parseCertificateName$11: parseCertificateName2,
  parseCertificateName$7: parseCertificateName,
  parseCertificateRequest: parseCertificateRequest,
  parseCertificateSettings: parseCertificateSettings,
  parseCommandLine: parseCommandLine,
  parseCron: parseCron,
  parseDeployFailure: parseDeployFailure,
  parseDeployItems: parseDeployItems,
  parseDeployTo: parseDeployTo,
  parseFlags: parseFlags,
  parseJson: parseJson,
  parseJsonSecret: parseJsonSecret,
  parseLinks: parseLinks,
  parseLocation: parseLocation,
  parseNotifySettings: parseNotifySettings,
  parseProjectId: parseProjectId,
  parseProvider: parseProvider,
  parseRecordSetId: parseRecordSetId,
  parseRenewalPolicy: parseRenewalPolicy,
  parseRepository: parseRepository,
  parseRunPlan: parseRunPlan,
  parseSecretPlace: parseSecretPlace,
  parseServerAddress: parseServerAddress,
  parseStateSpec: parseStateSpec,
  parseStoreSpec: parseStoreSpec,
  parseUrl: parseUrl,
  parseVaultUrl: parseVaultUrl,
  parseVerifyConfig: parseVerifyConfig,
  parseVersionId: parseVersionId,
  parseWarnDays: parseWarnDays,
  parseZoneTarget: parseZoneTarget,
  passphraseDerivationOf: passphraseDerivationOf,
  pemToDer: pemToDer,
  pfxHolds: pfxHolds,
  planCertificates: planCertificates,
  planChallengeRecords: planChallengeRecords,
  prefixedLogger: prefixedLogger,
  processAlive: processAlive,
  query: query,
  quotedName: quotedName,
  readActionInputs: readActionInputs,
  readCertificateFacts: readCertificateFacts,
  readFileIfExists: readFileIfExists,
  readInputs: readInputs,
  readPendingRecords: readPendingRecords,
  recordSetFqdn: recordSetFqdn,
  recordSetId: recordSetId,
  refusePlainHttp: refusePlainHttp,
  refusedAsSecret: refusedAsSecret,
  refusedAsStoreSetting: refusedAsStoreSetting,
  registerAccount: registerAccount,
  relativeName: relativeName,
  renewalId: renewalId,
  renewalPoint: renewalPoint,
  reportRun: reportRun,
  requireBuiltin: requireBuiltin,
  requireOption: requireOption,
  resolveRegions: resolveRegions,
  retryAfterMs: retryAfterMs,
  retrying: retrying,
  revocationReason: revocationReason,
  revokeLineage: revokeLineage,
  rollOverAccountKey: rollOverAccountKey,
  run: run,
  runCertificates: runCertificates,
  runCli: runCli,
  runCommand: runCommand,
  runHttpClients: runHttpClients,
  runUntilStopped: runUntilStopped,
  saveState$28: saveState,
  saveState$30: saveState2,
  secondsOption: secondsOption,
  secretParts: secretParts,
  secretValues: secretValues,
  secretsIn: secretsIn,
  secretsInArgv: secretsInArgv,
  secretsInFiles: secretsInFiles,
  selfAndParents: selfAndParents,
  sendRequest: sendRequest,
  sequence: sequence,
  set: set,
  setFailed: setFailed,
  setOutput: setOutput,
  setSecret: setSecret,
  sharedAccountProblem: sharedAccountProblem,
  sharedResolvers: sharedResolvers,
  shownBody: shownBody,
  shownUrl: shownUrl,
  silentLogger: silentLogger,
  smallInteger: smallInteger,
  splitList: splitList,
  splitPemCertificates: splitPemCertificates,
  stageFile: stageFile,
  startGroup: startGroup,
  status: status,
  storeKinds: storeKinds,
  summarizeCertificate: summarizeCertificate,
  summary: summary,
  summaryEnabled: summaryEnabled,
  systemClock: systemClock,
  takeEarlyStateKey: takeEarlyStateKey,
  throttledOrServerError: throttledOrServerError,
  tokenScope: tokenScope,
  tooManyValues: tooManyValues,
  totals: totals,
  txtValues: txtValues,
  uniqueOptions: uniqueOptions,
  updateTxt: updateTxt,
  urlOption: urlOption,
  usableIterations: usableIterations,
  usableSecretName: usableSecretName,
  usageError: usageError,
  utf8String: utf8String,
  value: value,
  warmChallengeTargets: warmChallengeTargets,
  warning: warning,
  withEnvFallbacks: withEnvFallbacks,
  withoutUrl: withoutUrl,
  workflowFile: workflowFile,
  writeFailureSummary: writeFailureSummary,
  writeFileAtomic: writeFileAtomic,
  writeRunSummary: writeRunSummary,
  zoneFromId: zoneFromId,
};
})
