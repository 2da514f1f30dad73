import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  pemToDer,
  splitPemCertificates
} from "./chunk-DQUHBUNO.js";
import {
  CORE_INPUTS,
  DEPLOY_INPUTS,
  DEPLOY_TARGETS,
  PROVIDERS,
  RENEW_INPUTS,
  nearest
} from "./chunk-3QFPO7D7.js";
import {
  parseLinks,
  retryAfterMs
} from "./chunk-6GRIDMUM.js";

// src/crypto/certificate.ts
import { createPublicKey, webcrypto, X509Certificate } from "node:crypto";
function summarizeCertificate(chainPem) {
  const [leafPem] = splitPemCertificates(chainPem);
  if (!leafPem) throw new Error("crypto: no certificate in the chain");
  const leaf = new X509Certificate(leafPem);
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
async function issuedCertificateProblems(chainPem, publicKey, domains, now) {
  const certificates = splitPemCertificates(chainPem).map((pem) => new X509Certificate(pem));
  const [leaf] = certificates;
  if (!leaf) return ["it holds no certificate"];
  const problems = [];
  const expected = createPublicKey({
    key: Buffer.from(await webcrypto.subtle.exportKey("spki", publicKey)),
    format: "der",
    type: "spki"
  });
  if (!leaf.publicKey.equals(expected)) problems.push("its public key is not the CSR's");
  const asked = new Set(domains.map((d) => d.toLowerCase()));
  const got = new Set(summarizeCertificate(chainPem).domains.map((d) => d.toLowerCase()));
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
  return problems;
}
function certificateFiles(chainPem, privateKeyPem) {
  const [leaf, ...issuers] = splitPemCertificates(chainPem);
  if (!leaf) throw new Error("crypto: no certificate in the chain");
  return { cert: leaf, chain: issuers.join(""), fullchain: [leaf, ...issuers].join(""), privkey: privateKeyPem };
}

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
var utf8String = (text) => tlv(12, Buffer.from(text, "utf8"));
var nullValue = () => tlv(5);
var bitString = (bytes) => tlv(3, Buffer.from([0]), bytes);
var smallInteger = (value) => tlv(2, Buffer.from([value]));
function objectIdentifier(dotted) {
  const [first = 0, second = 0, ...rest] = dotted.split(".").map(Number);
  const bytes = [40 * first + second];
  for (const arc of rest) {
    const base128 = [arc % 128];
    for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128))
      base128.unshift(128 | value % 128);
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
function issuerKeyAndSerial(pem) {
  const [der] = pemToDer(pem, "CERTIFICATE");
  if (!der) throw new Error("crypto: no PEM certificate to read");
  const contents = (element) => der.subarray(element.start, element.end);
  const [tbs] = childrenOf(der, readElement(der, 0));
  if (!tbs) throw new Error("crypto: a certificate without its TBSCertificate");
  const fields = childrenOf(der, tbs);
  const serial = fields.find((field) => field.tag === 2);
  if (!serial) throw new Error("crypto: a certificate without a serial number");
  const extensionsField = fields.find((field) => field.tag === 163);
  const [extensionList] = extensionsField ? childrenOf(der, extensionsField) : [];
  for (const extension of extensionList ? childrenOf(der, extensionList) : []) {
    const [id, ...rest] = childrenOf(der, extension);
    if (id?.tag !== 6 || !AUTHORITY_KEY_IDENTIFIER.equals(contents(id))) continue;
    const value = rest.at(-1);
    if (!value) break;
    const keyId = childrenOf(der, readElement(der, value.start, value.end)).find((field) => field.tag === 128);
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
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
var MINUTE = 6e4;
async function fetchRenewalInfo(http, renewalInfoUrl, certificateId, now) {
  const url = `${renewalInfoUrl.replace(/\/$/, "")}/${certificateId}`;
  const response = await http({ method: "GET", url });
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
import { X509Certificate as X509Certificate2 } from "node:crypto";
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
    certs: splitPemCertificates(chain.pem).map((pem) => new X509Certificate2(pem))
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
  const der = new X509Certificate2(leaf).raw;
  const { revokeCert } = await transport.directory();
  await transport.post(revokeCert, { certificate: der.toString("base64url"), reason }, "revokeCert");
}

// src/renewal/decide.ts
import { createHash } from "node:crypto";
var DAY = 864e5;
function stableFraction(certificateId) {
  return createHash("sha256").update(certificateId).digest().readUIntBE(0, 6) / 2 ** 48;
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
async function readCertificateFacts(chainPem, summary = summarizeCertificate(chainPem)) {
  const ariId = await ariCertificateId(chainPem).catch(() => null);
  return { subject: summary.subject, issuer: summary.issuer, domains: summary.domains, ariId };
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
  const summary = summarizeCertificate(lineage.chainPem);
  return { summary, facts: await readCertificateFacts(lineage.chainPem, summary), read: true };
}
function renewalId(summary, facts) {
  return facts.ariId ?? summary.serial;
}
function revocationReason(lineage) {
  const { revoked } = lineage;
  return revoked && `the certificate was revoked (${revoked.reason}) at ${revoked.at}`;
}
async function listLineages(bundle, now, renewBeforeDays) {
  return Promise.all(
    Object.values(bundle.lineages).map(async (lineage) => {
      const { summary, facts } = await currentCertificate(lineage);
      const { revoked } = lineage;
      const ari = lineage.renewalInfo;
      const decision = decideRenewal({
        notBefore: summary.notBefore,
        notAfter: summary.notAfter,
        now,
        certificateId: renewalId(summary, facts),
        ...renewBeforeDays !== void 0 ? { renewBeforeDays } : {},
        ...ari ? { ariWindow: { start: new Date(ari.windowStart), end: new Date(ari.windowEnd) } } : {}
      });
      return {
        name: lineage.name,
        domains: lineage.domains,
        keyType: lineage.keyType,
        notAfter: summary.notAfter,
        daysLeft: Math.floor((summary.notAfter.getTime() - now) / 864e5),
        status: summary.notAfter.getTime() <= now ? "expired" : revoked ? "revoked" : "valid",
        ...revoked ? { revoked } : {},
        nextRenewal: revoked ? new Date(revoked.at) : decision.renewAt,
        serial: summary.serial,
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
  const { levels, runWide } = placement;
  return runWide === void 0 ? { name, input, levels } : { name, input, levels, runWide };
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

export {
  summarizeCertificate,
  issuedCertificateProblems,
  certificateFiles,
  sequence,
  set,
  octetString,
  utf8String,
  nullValue,
  bitString,
  smallInteger,
  objectIdentifier,
  contextTag,
  fetchRenewalInfo,
  downloadCertificateChains,
  choosePreferredChain,
  decideRenewal,
  readCertificateFacts,
  currentCertificate,
  renewalId,
  revocationReason,
  listLineages,
  REVOCATION_REASONS,
  revokeLineage,
  markRevoked,
  deleteLineage,
  ALL_INPUTS,
  fileKeys,
  fileKeyProblem
};
