import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  HttpClients,
  parseBoolean,
  value
} from "./chunk-C5EH7K6H.js";
import {
  USER_AGENT,
  systemClock
} from "./chunk-RIJFAPDZ.js";

// src/config/verify.ts
var VERIFY_INPUTS = [
  { name: "ecosystem", description: "`npm` or `pypi`.", default: "npm" },
  { name: "package", description: "The npm package name or PyPI project.", required: true },
  { name: "version", description: "The version that was published.", required: true },
  { name: "tarball", description: "npm: the .tgz that `npm pack` wrote in this pipeline." },
  { name: "dist", description: "PyPI: the folder with the sdist and wheels this pipeline built.", default: "dist" },
  { name: "registry", description: "Registry or index URL. Default: https://registry.npmjs.org for npm, https://pypi.org for PyPI." },
  { name: "registry-token", description: "Token for a private registry (sent as a bearer token). Without it, the registry's `_authToken` from the project's and the user's .npmrc (as actions/setup-node writes it, with `${NODE_AUTH_TOKEN}`), then NODE_AUTH_TOKEN / NPM_TOKEN.", secret: true },
  { name: "tag", description: "The git tag of the release (`v1.2.3`); the version must match it." },
  { name: "require-provenance", description: "npm: fail unless the version has a provenance attestation.", default: "false", flag: true },
  { name: "timeout", description: "Seconds to wait for the registry to serve the version before declaring it missing.", default: "300" }
];
function parseVerifyConfig(raw) {
  const ecosystem = (value(raw, "ecosystem") ?? "npm").toLowerCase();
  if (ecosystem !== "npm" && ecosystem !== "pypi") throw new Error(`ecosystem: "${ecosystem}" is not supported; expected npm or pypi`);
  const name = value(raw, "package");
  if (!name) throw new Error(`package: missing; expected the ${ecosystem === "npm" ? "npm package name, such as @acme/site" : "PyPI project name"}`);
  const version = value(raw, "version");
  if (!version) throw new Error("version: missing; expected the version that was published, such as 1.2.3");
  const tarball = value(raw, "tarball");
  if (ecosystem === "npm" && !tarball) throw new Error("tarball: missing; expected the .tgz that npm pack wrote, such as acme-site-1.2.3.tgz");
  const timeoutText = value(raw, "timeout") ?? "300";
  if (!/^\d+$/.test(timeoutText)) throw new Error(`timeout: "${timeoutText}" is not a number of seconds; expected such as 300`);
  const registry = value(raw, "registry") ?? (ecosystem === "npm" ? "https://registry.npmjs.org" : "https://pypi.org");
  try {
    new URL(registry);
  } catch {
    throw new Error(`registry: "${registry}" is not a URL; expected such as https://registry.npmjs.org`);
  }
  const token = value(raw, "registry-token");
  const tag = value(raw, "tag");
  return {
    ecosystem,
    name,
    version,
    dist: value(raw, "dist") ?? "dist",
    registry,
    requireProvenance: parseBoolean(raw, "require-provenance"),
    timeoutMs: Number(timeoutText) * 1e3,
    ...tarball ? { tarball } : {},
    ...token ? { token } : {},
    ...tag ? { tag } : {}
  };
}

// src/release/report.ts
function formatReport(subject, result) {
  const lines = result.checks.map((c) => `${c.ok ? "ok  " : "FAIL"} ${c.name}: ${c.detail}`);
  lines.push(result.verified ? `verified: ${subject} is what was built` : `NOT verified: ${subject} differs from what was built`);
  return lines.join("\n");
}
async function waitFor(attempt, options) {
  const deadline = options.now() + options.timeoutMs;
  for (let wait = 1e3; ; wait = Math.min(wait * 2, 15e3)) {
    const value2 = await attempt();
    if (value2 !== void 0) return value2;
    if (options.now() + wait > deadline) return void 0;
    await options.sleep(Math.min(wait, Math.max(0, deadline - options.now())));
  }
}

// src/release/verify.ts
import { readdir, readFile as readFile2 } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";

// src/release/tarball.ts
import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
function field(block, start, length) {
  const raw = block.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString("utf8");
}
function paxPath(data) {
  return /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString("utf8"))?.[1];
}
function readTarball(tgz) {
  let tar;
  try {
    tar = gunzipSync(tgz);
  } catch (cause) {
    throw new Error("tarball: not a gzip file; expected the .tgz that npm pack wrote", { cause });
  }
  const entries = [];
  let longName;
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const size = parseInt(field(header, 124, 12).trim() || "0", 8);
    const type = String.fromCharCode(header[156] ?? 48);
    const data = tar.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === "L") {
      longName = data.toString("utf8").replace(/\0+$/, "");
      continue;
    }
    if (type === "x") {
      longName = paxPath(data) ?? longName;
      continue;
    }
    const prefix = field(header, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    longName = void 0;
    if (type !== "0" && type !== "\0") continue;
    const path = name.split("/").slice(1).join("/");
    entries.push({ path, sha256: createHash("sha256").update(data).digest("hex"), content: Buffer.from(data) });
  }
  return entries.sort((a, b) => a.path.localeCompare(b.path));
}
function diffTarballs(local, published) {
  const mine = new Map(local.map((e) => [e.path, e.sha256]));
  const theirs = new Map(published.map((e) => [e.path, e.sha256]));
  return {
    added: [...theirs.keys()].filter((p) => !mine.has(p)),
    removed: [...mine.keys()].filter((p) => !theirs.has(p)),
    changed: [...mine].filter(([p, h]) => theirs.has(p) && theirs.get(p) !== h).map(([p]) => p)
  };
}
function sri(bytes) {
  return `sha512-${createHash("sha512").update(bytes).digest("base64")}`;
}

// src/release/npm.ts
function packumentUrl(registry, name) {
  return `${registry.replace(/\/$/, "")}/${encodeURIComponent(name).replace(/^%40/, "@")}`;
}
function versionOfTag(tag) {
  return tag.replace(/^refs\/tags\//, "").replace(/^v(?=\d)/, "");
}
async function verifyNpmRelease(request, http, retry) {
  const headers = { accept: "application/json" };
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  const url = packumentUrl(request.registry, request.name);
  const manifest = await waitFor(async () => {
    const response = await http({ method: "GET", url, headers });
    if (response.status === 404) return void 0;
    if (response.status === 401 || response.status === 403) throw new Error(`verify-release: ${url} answered HTTP ${response.status}; pass registry-token for a private registry`);
    if (response.status !== 200) return void 0;
    const packument = JSON.parse(response.body.toString("utf8"));
    return packument.versions?.[request.version];
  }, retry);
  const checks = [];
  if (request.tag !== void 0) {
    const tagged = versionOfTag(request.tag);
    checks.push({ name: "tag", ok: tagged === request.version, detail: `tag ${request.tag} names ${tagged}, the package is ${request.version}` });
  }
  if (!manifest) {
    checks.push({ name: "published", ok: false, detail: `${request.name}@${request.version} is not on ${request.registry} after waiting ${Math.round(retry.timeoutMs / 1e3)} s` });
    return { verified: false, checks };
  }
  checks.push({ name: "published", ok: true, detail: `${request.name}@${request.version} is on ${request.registry}` });
  const localIntegrity = sri(request.tarball);
  const integrity = manifest.dist?.integrity;
  checks.push({ name: "integrity", ok: integrity === localIntegrity, detail: integrity === localIntegrity ? localIntegrity : `registry ${integrity ?? "none"}, local ${localIntegrity}` });
  const tarballUrl = manifest.dist?.tarball;
  let published;
  if (tarballUrl) {
    const sameOrigin = new URL(tarballUrl, request.registry).origin === new URL(request.registry).origin;
    const response = await http({ method: "GET", url: tarballUrl, headers: request.token && sameOrigin ? { authorization: `Bearer ${request.token}` } : {} });
    if (response.status === 200) published = response.body;
    checks.push({ name: "tarball", ok: published?.equals(request.tarball) ?? false, detail: published ? published.equals(request.tarball) ? `${published.length} bytes, identical` : `${published.length} bytes published, ${request.tarball.length} local, not identical` : `download failed: HTTP ${response.status}` });
  } else {
    checks.push({ name: "tarball", ok: false, detail: "the registry gives no dist.tarball" });
  }
  if (published) checks.push(...compareContents(request, published));
  if (request.requireProvenance) {
    const has = manifest.dist?.attestations?.provenance !== void 0;
    checks.push({ name: "provenance", ok: has, detail: has ? "dist.attestations.provenance present" : "no provenance attestation (publish with npm trusted publishing or --provenance)" });
  }
  const result = { verified: checks.every((c) => c.ok), checks, integrity: localIntegrity, ...tarballUrl ? { tarballUrl } : {} };
  return result;
}
function compareContents(request, published) {
  const local = readTarball(request.tarball);
  const theirs = readTarball(published);
  const diff = diffTarballs(local, theirs);
  const same = diff.added.length + diff.removed.length + diff.changed.length === 0;
  const parts = [
    diff.added.length ? `added on the registry: ${diff.added.join(", ")}` : "",
    diff.removed.length ? `missing on the registry: ${diff.removed.join(", ")}` : "",
    diff.changed.length ? `changed: ${diff.changed.join(", ")}` : ""
  ].filter(Boolean);
  const pkg = theirs.find((e) => e.path === "package.json");
  const meta = pkg ? JSON.parse(pkg.content.toString("utf8")) : {};
  const pkgOk = meta.name === request.name && meta.version === request.version;
  return [
    { name: "files", ok: same, detail: same ? `${local.length} files, identical` : parts.join("; ") },
    { name: "package.json", ok: pkgOk, detail: `published package.json says ${meta.name ?? "?"}@${meta.version ?? "?"}` }
  ];
}

// src/release/npmrc.ts
import { readFile } from "node:fs/promises";
async function tokenFromNpmrc(registry, files, env) {
  const target = registry.replace(/^https?:/, "").replace(/\/?$/, "/");
  for (const file of files) {
    const text = await readFile(file, "utf8").catch(() => "");
    let best;
    for (const line of text.split(/\r?\n/)) {
      const match = /^\s*(\/\/[^\s=]+?):_authToken\s*=\s*(.+?)\s*$/.exec(line);
      if (!match) continue;
      const scope = match[1].replace(/\/?$/, "/");
      if (!target.startsWith(scope) || best && best.scope.length >= scope.length) continue;
      const token = match[2].replace(/^"(.*)"$/, "$1").replace(/\$\{([^}]+)\}/g, (_, name) => env[name] ?? "");
      if (token) best = { scope, token };
    }
    if (best) return best.token;
  }
  return void 0;
}

// src/release/pypi.ts
import { createHash as createHash2 } from "node:crypto";
async function verifyPypiRelease(request, http, retry) {
  const url = `${request.indexUrl.replace(/\/$/, "")}/pypi/${encodeURIComponent(request.project)}/${encodeURIComponent(request.version)}/json`;
  const expected = request.files.length;
  const release = await waitFor(async () => {
    const response = await http({ method: "GET", url, headers: { accept: "application/json" } });
    if (response.status !== 200) return void 0;
    const body = JSON.parse(response.body.toString("utf8"));
    return (body.urls?.length ?? 0) >= expected ? body : void 0;
  }, retry);
  const checks = [];
  if (request.tag !== void 0) {
    const tagged = request.tag.replace(/^refs\/tags\//, "").replace(/^v(?=\d)/, "");
    checks.push({ name: "tag", ok: tagged === request.version, detail: `tag ${request.tag} names ${tagged}, the release is ${request.version}` });
  }
  if (!release) {
    checks.push({ name: "published", ok: false, detail: `${request.project} ${request.version} with ${expected} files is not on ${request.indexUrl} after waiting ${Math.round(retry.timeoutMs / 1e3)} s` });
    return { verified: false, checks };
  }
  checks.push({ name: "published", ok: release.info?.version === request.version, detail: `${request.project} ${release.info?.version ?? "?"} is on ${request.indexUrl}` });
  const published = new Map((release.urls ?? []).map((f) => [f.filename, f.digests?.sha256 ?? ""]));
  for (const file of request.files) {
    const sha256 = createHash2("sha256").update(file.bytes).digest("hex");
    const theirs = published.get(file.name);
    const ok = theirs === sha256;
    checks.push({ name: file.name, ok, detail: theirs === void 0 ? "not published" : ok ? `sha256 ${sha256}` : `sha256 differs: published ${theirs}, local ${sha256}` });
  }
  const unexpected = [...published.keys()].filter((name) => !request.files.some((f) => f.name === name));
  checks.push({ name: "unexpected files", ok: unexpected.length === 0, detail: unexpected.length === 0 ? "none" : `published but not built here: ${unexpected.join(", ")}` });
  return { verified: checks.every((c) => c.ok), checks };
}

// src/release/verify.ts
async function runVerifyRelease(config, options = {}) {
  const http = new HttpClients({ userAgent: USER_AGENT, env: options.env ?? {} }).forTrust();
  const retryOptions = { sleep: options.sleep ?? systemClock.sleep, now: options.now ?? systemClock.now, timeoutMs: config.timeoutMs };
  if (config.ecosystem === "npm") {
    const tarball = await readFile2(config.tarball).catch((cause) => {
      throw new Error(`tarball: cannot read ${config.tarball}; expected the file npm pack wrote`, { cause });
    });
    return verifyNpmRelease(
      { name: config.name, version: config.version, tarball, registry: config.registry, requireProvenance: config.requireProvenance, ...config.token ? { token: config.token } : {}, ...config.tag ? { tag: config.tag } : {} },
      http,
      retryOptions
    );
  }
  const names = (await readdir(config.dist).catch(() => [])).filter((f) => f.endsWith(".whl") || f.endsWith(".tar.gz") || f.endsWith(".zip"));
  if (names.length === 0) throw new Error(`dist: no sdist or wheel in ${config.dist}; expected the folder python -m build wrote`);
  const files = await Promise.all(names.map(async (name) => ({ name, bytes: await readFile2(join(config.dist, name)) })));
  return verifyPypiRelease({ project: config.name, version: config.version, files, indexUrl: config.registry, ...config.tag ? { tag: config.tag } : {} }, http, retryOptions);
}
async function withNpmrcToken(config, env) {
  if (config.token || config.ecosystem !== "npm") return config;
  const files = [".npmrc", env.NPM_CONFIG_USERCONFIG ?? env.npm_config_userconfig ?? join(homedir(), ".npmrc")];
  const token = await tokenFromNpmrc(config.registry, files, env) ?? env.NODE_AUTH_TOKEN ?? env.NPM_TOKEN;
  return token ? { ...config, token } : config;
}

export {
  VERIFY_INPUTS,
  parseVerifyConfig,
  formatReport,
  runVerifyRelease,
  withNpmrcToken
};
