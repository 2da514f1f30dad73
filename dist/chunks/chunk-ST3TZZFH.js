import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  CORE_INPUTS,
  PROVIDERS,
  RENEW_INPUTS,
  answerText,
  formatServerAddress,
  generateCertificateKey,
  groupByZone,
  importCertificateKey,
  optionEnvName,
  parseCertificateRequest,
  parseProvider,
  parseRenewalPolicy,
  parseServerAddress,
  parseWarnDays,
  planChallengeRecords,
  query,
  runCommand,
  secretsIn,
  secretsInFiles,
  signingAlgorithm,
  txtValues,
  value
} from "./chunk-NF7WY4IJ.js";
import {
  HttpClients,
  parseLinks,
  retryAfterMs
} from "./chunk-SB7LR6QT.js";
import {
  USER_AGENT,
  errorMessage,
  prefixedLogger
} from "./chunk-3QUSWK4C.js";
import {
  challengeRecordName,
  hostNameProblem,
  isInZone,
  normalizeName,
  quotedName,
  selfAndParents
} from "./chunk-FW5QD7ZG.js";
import {
  __export
} from "./chunk-DAX5P5NA.js";

// src/config/plan.ts
import { readdir as readdir2, readFile as readFile3 } from "node:fs/promises";
import { basename as basename2, dirname as dirname4, join as join3 } from "node:path";

// src/renewal/budget.ts
var ORDER_WINDOW_MS = 3 * 36e5;
var DEFAULT_MAX_NEW_ORDERS = 250;
function recentOrders(times, now) {
  return times.filter((t) => t > now - ORDER_WINDOW_MS && t <= now);
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
import { createHash } from "node:crypto";
function shardOf(name, count) {
  return createHash("sha256").update(name).digest().readUInt32BE(0) % count + 1;
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

// src/store/file-store.ts
import { access, constants as constants2 } from "node:fs/promises";
import { dirname as dirname3 } from "node:path";

// src/fs/atomic-file.ts
import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { chmod, lstat, mkdir, open, readFile, rename, rm, rmdir, stat } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
async function readFileIfExists(path) {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if (error.code === "ENOENT") return void 0;
    throw error;
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
async function secureExistingFolder(dir) {
  const info = await lstat(dir);
  if (info.isSymbolicLink()) throw new UnsafeFolderError(dir, `is a symbolic link; ${FIX_LINK}`);
  if (!info.isDirectory()) throw Object.assign(new Error(`${dir} is not a folder`), { code: "ENOTDIR", path: dir });
  const uid = process.getuid?.();
  if (uid !== void 0 && info.uid !== uid) {
    throw new UnsafeFolderError(
      dir,
      `is owned by another user (uid ${info.uid}), who could read or replace the keys; use a folder of this user (uid ${uid}), or chown it`
    );
  }
  if (info.mode & 2)
    throw new UnsafeFolderError(
      dir,
      "is writable by every user, who could plant links in it; use a private folder, or chmod 700 it"
    );
  const parent = await stat(dirname(dir));
  if (parent.mode & 2 && !(parent.mode & STICKY_BIT)) {
    throw new UnsafeFolderError(
      dir,
      `lies in ${dirname(dir)}, which every user may write without the sticky bit, so anyone could swap it for a link; use another folder, or chmod o-w it`
    );
  }
  if (info.mode & 63) await chmod(dir, 448);
}
async function makeFolder(dir, options) {
  if (!options.private) return mkdir(dir, { recursive: true });
  const existing = await lstat(dir).catch((error) => {
    if (error.code === "ENOENT") return void 0;
    throw error;
  });
  if (existing?.isSymbolicLink()) throw new UnsafeFolderError(dir, `is a symbolic link; ${FIX_LINK}`);
  const first = await mkdir(dir, { recursive: true, mode: 448 });
  if (first !== void 0) {
    let path = first;
    await chmod(path, 448);
    for (const part of relative(first, dir).split(sep).filter(Boolean)) await chmod(path = join(path, part), 448);
  }
  await secureExistingFolder(dir);
  return first;
}
async function removeCreatedFolders(dir, first) {
  if (first === void 0) return;
  for (let path = dir; ; path = dirname(path)) {
    try {
      await rmdir(path);
    } catch {
      return;
    }
    if (path === first || dirname(path) === path) return;
  }
}
function createNew(path, mode) {
  return open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
}
async function writeFileAtomic(path, content, mode) {
  await makeFolder(dirname(path), { private: (mode & 63) === 0 });
  const temp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  const handle = await createNew(temp, mode);
  try {
    try {
      await handle.writeFile(content);
      await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
async function folderProblem(dir, options) {
  let created;
  try {
    created = await makeFolder(dir, options);
    const probe = join(dir, `.certwright-probe-${randomBytes(6).toString("hex")}`);
    await (await createNew(probe, 384)).close();
    await rm(probe, { force: true });
    await removeCreatedFolders(dir, created);
    return void 0;
  } catch (error) {
    await removeCreatedFolders(dir, created);
    return problemSentence(dir, error);
  }
}
function problemSentence(dir, error) {
  if (error instanceof UnsafeFolderError)
    return error.path === dir ? error.problem : `cannot be used: ${error.message}`;
  const { code, path } = error;
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
      return `cannot be written: ${error.message}`;
  }
}

// src/fs/lock-file.ts
import { randomBytes as randomBytes2 } from "node:crypto";
import { lstat as lstat2, mkdir as mkdir2, readdir, readFile as readFile2, rename as rename2, rm as rm2, rmdir as rmdir2, unlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { basename, dirname as dirname2, join as join2 } from "node:path";
var HOLDER_FILE = /^holder-[0-9a-f]{32}\.json$/;
var holderFile = (token) => `holder-${token}.json`;
var stagingPath = (path, token) => `${path}.${token}.new`;
var RACED = /* @__PURE__ */ new Set(["ENOENT", "ENOTEMPTY", "EEXIST", "ENOTDIR", "EISDIR", "EPERM"]);
function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}
async function readHolder(path) {
  try {
    return JSON.parse(await readFile2(path, "utf8"));
  } catch {
    return void 0;
  }
}
function isStale(holder) {
  return holder !== void 0 && holder.host === hostname() && !processAlive(holder.pid);
}
var ignoreRaces = (error) => {
  if (!RACED.has(error.code ?? "")) throw error;
};
async function acquireLockFile(path, options) {
  const timeoutMs = options.timeoutMs ?? 6e4;
  const started = Date.now();
  await makeFolder(dirname2(path), { private: true });
  const me = {
    pid: process.pid,
    host: hostname(),
    since: (/* @__PURE__ */ new Date()).toISOString(),
    token: randomBytes2(16).toString("hex")
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
    await rm2(staging, { recursive: true, force: true });
  }
}
async function stageLock(path, me) {
  const staging = stagingPath(path, me.token);
  await mkdir2(staging, { mode: 448 });
  await writeFile(join2(staging, holderFile(me.token)), JSON.stringify(me), { mode: 384 });
  return staging;
}
async function installLock(staging, path) {
  try {
    await rename2(staging, path);
    return true;
  } catch (error) {
    ignoreRaces(error);
    return false;
  }
}
async function clearIfStale(path) {
  const entry = await lstat2(path).catch(
    (error) => error.code === "ENOENT" ? void 0 : Promise.reject(error)
  );
  if (entry === void 0) return "cleared";
  if (entry.isFile()) {
    const holder = await readHolder(path);
    if (!isStale(holder)) return holder;
    await unlink(path).catch(ignoreRaces);
    return "cleared";
  }
  if (!entry.isDirectory())
    throw new Error(`lock: ${path} is neither a lock folder nor a lock file; remove it if no certwright is running`);
  const names = (await readdir(path).catch(() => [])).filter((name) => HOLDER_FILE.test(name));
  if (names.length === 0) {
    await rmdir2(path).catch(ignoreRaces);
    return "cleared";
  }
  let live;
  for (const name of names) {
    const holder = await readHolder(join2(path, name));
    if (!isStale(holder)) {
      live ??= holder;
      continue;
    }
    await unlink(join2(path, name)).catch(ignoreRaces);
  }
  return live ?? "cleared";
}
async function releaseLock(path, token) {
  await rm2(join2(path, holderFile(token)), { force: true });
  await rmdir2(path).catch(ignoreRaces);
}
async function removeAbandonedStaging(path) {
  const prefix = `${basename(path)}.`;
  const names = await readdir(dirname2(path)).catch(() => []);
  for (const name of names) {
    const token = name.startsWith(prefix) && name.endsWith(".new") ? name.slice(prefix.length, -".new".length) : void 0;
    if (token === void 0 || !/^[0-9a-f]{32}$/.test(token)) continue;
    const staging = join2(dirname2(path), name);
    if (isStale(await readHolder(join2(staging, holderFile(token)))))
      await rm2(staging, { recursive: true, force: true });
  }
}

// src/store/file-store.ts
var FileStore = class {
  constructor(path) {
    this.path = path;
    this.description = `file ${path}`;
  }
  path;
  description;
  load() {
    return readFileIfExists(this.path).catch((error) => {
      const why = error.code === "EISDIR" ? "is a folder; file:PATH names the state file itself" : error.code === "ENOTDIR" ? "lies under a file, not a folder" : `cannot be read (${error.code ?? error.message}), and a new state is not written over one that could not be loaded; fix its mode or owner, or set state-reset: true to start over`;
      throw new Error(`store: ${this.path} ${why}`, { cause: error });
    });
  }
  save(encrypted) {
    return writeFileAtomic(this.path, encrypted, 384);
  }
  async preflight() {
    const problem = await folderProblem(dirname3(this.path), { private: true });
    if (problem) throw new Error(`store: the folder of ${this.path} ${problem}`);
    await access(this.path, constants2.W_OK).catch((error) => {
      if (error.code !== "ENOENT")
        throw new Error(
          `store: ${this.path} is not writable (${error.code}); fix its mode or owner, or choose another file:PATH`
        );
    });
  }
  /** `PATH.lock` beside the file, held only while a save reads, merges and writes. */
  lock() {
    return acquireLockFile(`${this.path}.lock`, { what: `state file ${this.path}` });
  }
};
var fileStoreKind = {
  kind: "file",
  forms: ["file:PATH"],
  configure: (path) => ({ kind: "file", description: `file ${path}`, open: async () => new FileStore(path) })
};

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
  const body = Buffer.from(der).toString("base64").replace(/(.{64})(?=.)/g, "$1\n");
  return `-----BEGIN ${label}-----
${body}
-----END ${label}-----
`;
}
function canonicalChainPem(pem2) {
  return pemToDer(pem2, "CERTIFICATE").map((der) => derToPem(der, "CERTIFICATE")).join("");
}

// src/store/bundle.ts
var BUNDLE_VERSION = 2;
var HISTORY_KEPT = 5;
function emptyBundle() {
  return { version: BUNDLE_VERSION, accounts: {}, lineages: {}, pendingCleanup: [] };
}
function fail(path, expected) {
  throw new Error(
    `state: the bundle is not valid: ${path} should be ${expected}; restore it from a backup, or set state-reset: true to start over with an empty state`
  );
}
var isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
var string = (v, p) => void (typeof v === "string" || fail(p, "a string"));
var optionalString = (v, p) => void (v === void 0 || typeof v === "string" || fail(p, "a string"));
var pem = (label) => (v, p) => void (typeof v === "string" && v.includes(`-----BEGIN ${label}`) || fail(p, `a PEM ${label.toLowerCase()}`));
function fields(value2, path, checks) {
  if (!isObject(value2)) fail(path, "an object");
  for (const [name, check2] of Object.entries(checks)) check2(value2[name], `${path}.${name}`);
}
function arrayOf(check2) {
  return (v, p) => {
    if (!Array.isArray(v)) fail(p, "a list");
    v.forEach((item, i) => check2(item, `${p}[${i}]`));
  };
}
function recordOf(check2) {
  return (v, p) => {
    if (!isObject(v)) fail(p, "an object");
    for (const [key, item] of Object.entries(v)) check2(item, `${p}["${key}"]`);
  };
}
var revokedCheck = (r, rp) => r === void 0 || fields(r, rp, { at: string, reason: string });
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
  revoked: revokedCheck
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
  if (!isObject(value2) || typeof value2.version !== "number") fail("bundle", "an object with a numeric version");
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
    accounts: recordOf((a, ap) => fields(a, ap, { url: string, key: string })),
    issuers: arrayOf(string),
    lineages: recordOf(compactLineageCheck),
    pendingCleanup,
    orders: (o, op) => o === void 0 || recordOf(arrayOf((n, np) => void (typeof n === "number" || fail(np, "a number"))))(o, op)
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
  chain: arrayOf((n, np) => void (Number.isInteger(n) || fail(np, "an index"))),
  history: arrayOf(
    (h, hp) => void (Array.isArray(h) && typeof h[0] === "string" && typeof h[1] === "number" && typeof h[2] === "number" || fail(hp, "[serial, notBefore, notAfter]"))
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
    a: (a, ap) => void (a === null || typeof a === "string" || fail(ap, "a string or null"))
  }),
  revoked: revokedCheck
});
var seconds = (iso2) => Math.round(Date.parse(iso2) / 1e3);
var iso = (s) => new Date(s * 1e3).toISOString();
var sameList = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
function expand(compact) {
  const issuers = compact.issuers.map((der) => derToPem(Buffer.from(der, "base64"), "CERTIFICATE"));
  const lineages = {};
  for (const [name, l] of Object.entries(compact.lineages)) {
    const chain = l.chain.map((i) => issuers[i] ?? fail(`bundle.lineages["${name}"].chain`, "indexes of issuers"));
    lineages[name] = {
      name,
      domains: l.domains,
      keyType: l.keyType,
      server: l.server,
      provider: l.provider,
      ...l.profile !== void 0 ? { profile: l.profile } : {},
      keyPem: derToPem(Buffer.from(l.key, "base64"), "PRIVATE KEY"),
      chainPem: [derToPem(Buffer.from(l.cert, "base64"), "CERTIFICATE"), ...chain].join(""),
      history: l.history.map(([serial, notBefore, notAfter]) => ({
        serial,
        notBefore: iso(notBefore),
        notAfter: iso(notAfter)
      })),
      ...l.renewalInfo ? { renewalInfo: l.renewalInfo } : {},
      ...l.facts ? { facts: { subject: l.facts.s, issuer: l.facts.i, ariId: l.facts.a, domains: l.facts.d ?? l.domains } } : {},
      ...l.revoked ? { revoked: l.revoked } : {}
    };
  }
  const accounts = {};
  for (const [url, a] of Object.entries(compact.accounts))
    accounts[url] = { url: a.url, keyPem: derToPem(Buffer.from(a.key, "base64"), "PRIVATE KEY") };
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
      history: l.history.slice(-HISTORY_KEPT).map((h) => [h.serial, seconds(h.notBefore), seconds(h.notAfter)]),
      ...l.renewalInfo ? { renewalInfo: l.renewalInfo } : {},
      ...f ? {
        facts: {
          s: f.subject,
          i: f.issuer,
          a: f.ariId,
          ...sameList(f.domains, l.domains) ? {} : { d: f.domains }
        }
      } : {},
      ...l.revoked ? { revoked: l.revoked } : {}
    };
  }
  const accounts = {};
  for (const [url, a] of Object.entries(bundle.accounts))
    accounts[url] = { url: a.url, key: der(a.keyPem, "PRIVATE KEY") };
  const orders = bundle.orders ? Object.fromEntries(
    Object.entries(bundle.orders).filter(([, t]) => t.length > 0).map(([url, times]) => [url, times.map((t) => Math.round(t / 1e3))])
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

// src/store/encryption.ts
import { pbkdf2, randomBytes as randomBytes3 } from "node:crypto";
import { deflateRawSync, inflateRawSync } from "node:zlib";

// node_modules/jose/dist/webapi/lib/buffer_utils.js
var encoder = new TextEncoder();
var decoder = new TextDecoder();
var strictDecoder = new TextDecoder("utf-8", { fatal: true });
var UINT32_RANGE = 2 ** 32;
function concat(...buffers) {
  const size = buffers.reduce((acc, { length }) => acc + length, 0), buf = new Uint8Array(size);
  let i = 0;
  for (const buffer of buffers)
    buf.set(buffer, i), i += buffer.length;
  return buf;
}
function writeUInt32BE(buf, value2, offset) {
  if (value2 < 0 || value2 >= UINT32_RANGE)
    throw new RangeError(`value must be >= 0 and <= ${UINT32_RANGE - 1}. Received ${value2}`);
  buf.set([value2 >>> 24, value2 >>> 16, value2 >>> 8, value2 & 255], offset);
}
function uint64be(value2) {
  const high = Math.floor(value2 / UINT32_RANGE), low = value2 % UINT32_RANGE, buf = new Uint8Array(8);
  return writeUInt32BE(buf, high, 0), writeUInt32BE(buf, low, 4), buf;
}
function uint32be(value2) {
  const buf = new Uint8Array(4);
  return writeUInt32BE(buf, value2), buf;
}
var NON_ASCII = /[^\x00-\x7f]/;
function encode(string2) {
  if (typeof string2 == "string" && string2.length >= 128) {
    if (NON_ASCII.test(string2))
      throw new TypeError("non-ASCII string encountered in encode()");
    return encoder.encode(string2);
  }
  const bytes = new Uint8Array(string2.length);
  for (let i = 0; i < string2.length; i++) {
    const code = string2.charCodeAt(i);
    if (code > 127)
      throw new TypeError("non-ASCII string encountered in encode()");
    bytes[i] = code;
  }
  return bytes;
}
function encodeBase64(input, url = false) {
  if (Uint8Array.prototype.toBase64)
    return input.toBase64({ alphabet: url ? "base64url" : "base64", omitPadding: url });
  const CHUNK_SIZE = 32768, arr = [];
  for (let i = 0; i < input.length; i += CHUNK_SIZE)
    arr.push(String.fromCharCode.apply(null, input.subarray(i, i + CHUNK_SIZE)));
  const encoded = btoa(arr.join(""));
  return url ? encoded.replace(/=/g, "").replace(/\+/g, "-").replace(/\//g, "_") : encoded;
}
function decodeBase64(encoded, url = false) {
  if (Uint8Array.fromBase64)
    return Uint8Array.fromBase64(encoded, { alphabet: url ? "base64url" : "base64" });
  if (url) {
    if (encoded.includes("+") || encoded.includes("/"))
      throw new TypeError("Invalid base64url");
    encoded = encoded.replace(/-/g, "+").replace(/_/g, "/");
  }
  const binary = atob(encoded), bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++)
    bytes[i] = binary.charCodeAt(i);
  return bytes;
}
async function digest(algorithm, data) {
  const subtleDigest = `SHA-${algorithm.slice(-3)}`;
  return new Uint8Array(await crypto.subtle.digest(subtleDigest, data));
}

// node_modules/jose/dist/webapi/util/errors.js
var JOSEError = class extends Error {
  static code = "ERR_JOSE_GENERIC";
  code = "ERR_JOSE_GENERIC";
  constructor(message2, options) {
    super(message2, options), this.name = this.constructor.name, Error.captureStackTrace?.(this, this.constructor);
  }
};
var JOSEAlgNotAllowed = class extends JOSEError {
  static code = "ERR_JOSE_ALG_NOT_ALLOWED";
  code = "ERR_JOSE_ALG_NOT_ALLOWED";
};
var JOSENotSupported = class extends JOSEError {
  static code = "ERR_JOSE_NOT_SUPPORTED";
  code = "ERR_JOSE_NOT_SUPPORTED";
};
var JWEDecryptionFailed = class extends JOSEError {
  static code = "ERR_JWE_DECRYPTION_FAILED";
  code = "ERR_JWE_DECRYPTION_FAILED";
  constructor(message2 = "decryption operation failed", options) {
    super(message2, options);
  }
};
var JWEInvalid = class extends JOSEError {
  static code = "ERR_JWE_INVALID";
  code = "ERR_JWE_INVALID";
};
var JWSInvalid = class extends JOSEError {
  static code = "ERR_JWS_INVALID";
  code = "ERR_JWS_INVALID";
};
var JWKInvalid = class extends JOSEError {
  static code = "ERR_JWK_INVALID";
  code = "ERR_JWK_INVALID";
};

// node_modules/jose/dist/webapi/util/base64url.js
var base64url_exports = {};
__export(base64url_exports, {
  decode: () => decode,
  encode: () => encode2
});
var invalid = "The input to be decoded is not correctly encoded.";
function decode(input) {
  try {
    return decodeBase64(typeof input == "string" ? input : decoder.decode(input), true);
  } catch (cause) {
    throw new TypeError(invalid, { cause });
  }
}
function encode2(input) {
  return encodeBase64(typeof input == "string" ? encoder.encode(input) : input, true);
}

// node_modules/jose/dist/webapi/lib/validate.js
function assertUint8Array(input, label) {
  if (!(input instanceof Uint8Array))
    throw new TypeError(`${label} must be an instance of Uint8Array`);
}
function isObject2(input) {
  if (typeof input != "object" || input === null || Object.prototype.toString.call(input) !== "[object Object]")
    return false;
  const prototype = Object.getPrototypeOf(input);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}
function isDisjoint(...headers) {
  const parameters = /* @__PURE__ */ new Set();
  for (const header of headers)
    if (header)
      for (const parameter of Object.keys(header)) {
        if (parameters.has(parameter))
          return false;
        parameters.add(parameter);
      }
  return true;
}
function assertNotSet(value2, name) {
  if (value2 !== void 0)
    throw new TypeError(`${name} can only be called once`);
}
function decodeBase64url(value2, label, ErrorClass) {
  try {
    return decode(value2);
  } catch (cause) {
    throw new ErrorClass(`Failed to base64url decode the ${label}`, { cause });
  }
}
function encodeAsciiMember(value2, label, ErrorClass) {
  try {
    return encode(value2);
  } catch (cause) {
    throw new ErrorClass(`The ${label} is not a valid base64url string`, { cause });
  }
}
function parseJoseHeader(encodedProtectedHeader, ErrorClass, message2) {
  let parsed;
  try {
    parsed = JSON.parse(strictDecoder.decode(decode(encodedProtectedHeader)));
  } catch (cause) {
    throw new ErrorClass(message2, { cause });
  }
  if (!isObject2(parsed))
    throw new ErrorClass(message2);
  return parsed;
}
var JWS_RECOGNIZED = { __proto__: null, b64: true };
var JWE_RECOGNIZED = { __proto__: null };
function validateAlgorithms(option, algorithms) {
  if (algorithms !== void 0 && (!Array.isArray(algorithms) || algorithms.some((s) => typeof s != "string")))
    throw new TypeError(`"${option}" option must be an array of strings`);
  return algorithms === void 0 ? void 0 : new Set(algorithms);
}
function validateCritDuplicates(Err, protectedHeader) {
  const { crit } = protectedHeader ?? {};
  if (Array.isArray(crit) && new Set(crit).size !== crit.length)
    throw new Err('"crit" (Critical) Header Parameter MUST NOT contain duplicate values');
}
function validateCrit(Err, recognizedDefault, recognizedOption, protectedHeader, joseHeader) {
  if (joseHeader.crit !== void 0 && protectedHeader?.crit === void 0)
    throw new Err('"crit" (Critical) Header Parameter MUST be integrity protected');
  if (!protectedHeader || protectedHeader.crit === void 0)
    return [];
  if (!Array.isArray(protectedHeader.crit) || protectedHeader.crit.length === 0 || protectedHeader.crit.some((input) => typeof input != "string" || input.length === 0))
    throw new Err('"crit" (Critical) Header Parameter MUST be an array of non-empty strings when present');
  const recognized = recognizedOption === void 0 ? recognizedDefault : { __proto__: null, ...recognizedOption, ...recognizedDefault };
  for (const parameter of protectedHeader.crit) {
    if (!(parameter in recognized))
      throw new JOSENotSupported(`Extension Header Parameter "${parameter}" is not recognized`);
    if (!Object.hasOwn(joseHeader, parameter) || joseHeader[parameter] === void 0)
      throw new Err(`Extension Header Parameter "${parameter}" is missing`);
    if (recognized[parameter] && (!Object.hasOwn(protectedHeader, parameter) || protectedHeader[parameter] === void 0))
      throw new Err(`Extension Header Parameter "${parameter}" MUST be integrity protected`);
  }
  return protectedHeader.crit;
}
function validateB64(protectedHeader, extensions) {
  if (extensions.includes("b64")) {
    const b64 = protectedHeader.b64;
    if (typeof b64 != "boolean")
      throw new JWSInvalid('The "b64" (base64url-encode payload) Header Parameter must be a boolean');
    return b64;
  }
  return true;
}
function serializeJoseHeader(Err, header) {
  let serialized, parsed;
  try {
    serialized = JSON.stringify(header), parsed = JSON.parse(serialized);
  } catch (cause) {
    throw new Err("JOSE Header is not valid JSON", { cause });
  }
  if (!isObject2(parsed))
    throw new Err("JOSE Header is not a JSON object");
  return [parsed, serialized];
}

// node_modules/jose/dist/webapi/lib/key.js
var tag = (key) => key[Symbol.toStringTag];
var jwkMatchesOp = (entry, key, usage) => {
  const { alg } = entry;
  if (key.use !== void 0) {
    const expected = usage === "sign" || usage === "verify" ? "sig" : "enc";
    if (key.use !== expected)
      throw new TypeError(`Invalid key for this operation, its "use" must be "${expected}" when present`);
  }
  if (key.alg !== void 0 && key.alg !== alg)
    throw new TypeError(`Invalid key for this operation, its "alg" must be "${alg}" when present`);
  if (Array.isArray(key.key_ops)) {
    const expectedKeyOp = usage === "encrypt" || usage === "decrypt" ? entry.ops?.[usage === "encrypt" ? 0 : 1] : usage;
    if (expectedKeyOp && !key.key_ops.includes(expectedKeyOp))
      throw new TypeError(`Invalid key for this operation, its "key_ops" must include "${expectedKeyOp}" when present`);
  }
};
async function prepareKey(entry, key, usage) {
  const { alg, secret } = entry, requiresPrivateKey = usage === "decrypt" || usage === "sign";
  if (secret && key instanceof Uint8Array)
    return key;
  let normalized, keyObject;
  if (isObject2(key)) {
    if (normalized = normalizeJwk(key), typeof normalized.kty != "string")
      throw invalidKeyType(alg, key, secret);
    if (!(secret ? normalized.kty === "oct" && typeof normalized.k == "string" : normalized.kty !== "oct" && (requiresPrivateKey ? normalized.kty === "AKP" && typeof normalized.priv == "string" || typeof normalized.d == "string" : normalized.d === void 0 && normalized.priv === void 0)))
      throw new TypeError(secret ? 'JSON Web Key for symmetric algorithms must have JWK "kty" (Key Type) equal to "oct" and the JWK "k" (Key Value) present' : `JSON Web Key for this operation must be a ${requiresPrivateKey ? "private" : "public"} JWK`);
    if (jwkMatchesOp(entry, normalized, usage), normalized.kty === "oct")
      return decode(normalized.k);
    if (!Object.isFrozen(key)) {
      const { key_ops } = key;
      Array.isArray(key_ops) && Object.freeze(key_ops), Object.freeze(key);
    }
  } else {
    if (!isKeyLike(key))
      throw invalidKeyType(alg, key, secret);
    const expectedType = secret ? "secret" : requiresPrivateKey ? "private" : "public";
    if (key.type !== expectedType && (secret || ["secret", "public", "private"].includes(key.type)))
      throw new TypeError(`${tag(key)} instances must be of type "${expectedType}" for the ${alg} algorithm`);
    if (isCryptoKey(key))
      return key;
    if (keyObject = key, keyObject.type === "secret")
      return keyObject.export();
  }
  cache ||= /* @__PURE__ */ new WeakMap();
  const cacheKey = key;
  let cached = cache.get(cacheKey);
  if (cached?.[alg])
    return cached[alg];
  if (cached || cache.set(cacheKey, cached = {}), keyObject && typeof keyObject.toCryptoKey == "function") {
    const isPublic = keyObject.type === "public", crv = nist[keyObject.asymmetricKeyDetails?.namedCurve], params = entry.resolve?.({ crv, asymmetricKeyType: keyObject.asymmetricKeyType }) ?? entry.subtle;
    return cached[alg] = keyObject.toCryptoKey(params, isPublic, entry.usages[isPublic ? 0 : 1]);
  }
  return normalized ??= keyObject.export({ format: "jwk" }), normalized.alg = alg, cached[alg] = await jwkToKey(entry, normalized);
}
var cache;
var nist = {
  __proto__: null,
  prime256v1: "P-256",
  secp384r1: "P-384",
  secp521r1: "P-521"
};
function assertCryptoKey(key) {
  if (!isCryptoKey(key))
    throw new Error("CryptoKey instance expected");
}
var isCryptoKey = (key) => {
  if (key?.[Symbol.toStringTag] === "CryptoKey")
    return true;
  try {
    return key instanceof CryptoKey;
  } catch {
    return false;
  }
};
var isKeyObject = (key) => key?.[Symbol.toStringTag] === "KeyObject";
var isKeyLike = (key) => isCryptoKey(key) || isKeyObject(key);
function message(msg, actual, ...types) {
  if (types.length > 2) {
    const last = types.pop();
    msg += `one of type ${types.join(", ")}, or ${last}.`;
  } else types.length === 2 ? msg += `one of type ${types[0]} or ${types[1]}.` : msg += `of type ${types[0]}.`;
  return actual == null ? msg += ` Received ${actual}` : typeof actual == "function" && actual.name ? msg += ` Received function ${actual.name}` : typeof actual == "object" && actual != null && actual.constructor?.name && (msg += ` Received an instance of ${actual.constructor.name}`), msg;
}
var invalidKeyInput = (actual, ...types) => message("Key must be ", actual, ...types);
function invalidKeyType(alg, actual, secret) {
  const types = ["CryptoKey", "KeyObject", "JSON Web Key"];
  return secret && types.push("Uint8Array"), new TypeError(message(`Key for the ${alg} algorithm must be `, actual, ...types));
}
var unusable = (name, prop = "algorithm.name") => new TypeError(`CryptoKey does not support this operation, its ${prop} must be ${name}`);
function checkUsage(key, usage) {
  if (usage && !key.usages.includes(usage))
    throw new TypeError(`CryptoKey does not support this operation, its usages must include ${usage}.`);
}
function checkModulusLength(alg, key) {
  const { modulusLength } = key.algorithm;
  if (typeof modulusLength != "number" || modulusLength < 2048)
    throw new TypeError(`${alg} requires key modulusLength to be 2048 bits or larger`);
}
function checkCryptoKey(key, expected, usage) {
  const algorithm = key.algorithm;
  if (algorithm.name !== expected.name)
    throw unusable(expected.name);
  if (expected.hash && algorithm.hash?.name !== expected.hash)
    throw unusable(expected.hash, "algorithm.hash");
  if (expected.namedCurve && algorithm.namedCurve !== expected.namedCurve)
    throw unusable(expected.namedCurve, "algorithm.namedCurve");
  if (expected.length !== void 0 && algorithm.length !== expected.length)
    throw unusable(expected.length, "algorithm.length");
  checkUsage(key, usage);
}
function snapshotJwk(jwk) {
  return { __proto__: null, ...jwk };
}
function normalizeJwk(jwk) {
  const normalized = snapshotJwk(jwk);
  if (normalized.ext !== void 0 && typeof normalized.ext != "boolean")
    throw new TypeError('"ext" (Extractable) Parameter must be a boolean');
  if (normalized.key_ops !== void 0) {
    const value2 = normalized.key_ops, keyOps = Array.isArray(value2) ? [...value2] : void 0;
    if (!keyOps || keyOps.some((operation) => typeof operation != "string") || new Set(keyOps).size !== keyOps.length)
      throw new TypeError('"key_ops" (Key Operations) Parameter must be an array of unique strings');
    normalized.key_ops = keyOps;
  }
  return normalized;
}
async function jwkToKey(entry, jwk, extractable) {
  if (!entry.kty.includes(jwk.kty))
    throw new JOSENotSupported('Invalid or unsupported JWK "alg" (Algorithm) Parameter value');
  const algorithm = entry.resolve?.({ kty: jwk.kty, crv: jwk.crv }) ?? entry.subtle, isPrivate = !!(jwk.d || jwk.priv), keyData = { ...jwk, ext: extractable ?? jwk.ext };
  return keyData.kty !== "AKP" && delete keyData.alg, delete keyData.use, crypto.subtle.importKey("jwk", keyData, algorithm, keyData.ext ?? !isPrivate, jwk.key_ops ?? entry.usages[isPrivate ? 1 : 0]);
}
async function rawKey(key, expected, usage, extractable = false) {
  return key instanceof Uint8Array && (key = await crypto.subtle.importKey("raw", key, expected, extractable, [usage])), checkCryptoKey(key, expected, usage), key;
}

// node_modules/jose/dist/webapi/lib/content_encryption.js
var generateCek = (enc) => crypto.getRandomValues(new Uint8Array(enc.cekBits >> 3));
function checkCekLength(cek, expected) {
  const actual = cek.byteLength << 3;
  if (actual !== expected)
    throw new JWEInvalid(`Invalid Content Encryption Key length. Expected ${expected} bits, got ${actual} bits`);
}
var generateIv = (enc) => crypto.getRandomValues(new Uint8Array(enc.ivBits >> 3));
function checkIvLength(enc, iv) {
  if (iv.length << 3 !== enc.ivBits)
    throw new JWEInvalid("Invalid Initialization Vector length");
}
async function cbcKeySetup(enc, cek, usage) {
  if (!(cek instanceof Uint8Array))
    throw new TypeError(invalidKeyInput(cek, "Uint8Array"));
  const keyLengthBits = enc.cekBits >> 1, encKey = await crypto.subtle.importKey("raw", cek.subarray(keyLengthBits >> 3), "AES-CBC", false, [usage]), macKey = await crypto.subtle.importKey("raw", cek.subarray(0, keyLengthBits >> 3), {
    hash: `SHA-${keyLengthBits << 1}`,
    name: "HMAC"
  }, false, ["sign"]);
  return [encKey, macKey, keyLengthBits];
}
async function cbcHmacTag(macKey, macData, keyLengthBits) {
  return new Uint8Array((await crypto.subtle.sign("HMAC", macKey, macData)).slice(0, keyLengthBits >> 3));
}
async function cbcEncrypt(enc, plaintext, cek, iv, aad) {
  const [encKey, macKey, keyLengthBits] = await cbcKeySetup(enc, cek, "encrypt"), ciphertext = new Uint8Array(await crypto.subtle.encrypt({
    iv,
    name: "AES-CBC"
  }, encKey, plaintext)), al = uint64be(aad.length * 8), macData = concat(aad, iv, ciphertext, al), tag2 = await cbcHmacTag(macKey, macData, keyLengthBits);
  return { ciphertext, tag: tag2, iv };
}
async function timingSafeEqual(a, b) {
  const algorithm = { name: "HMAC", hash: "SHA-256" }, key = await crypto.subtle.generateKey(algorithm, false, ["sign", "verify"]), aHmac = await crypto.subtle.sign(algorithm, key, a);
  return crypto.subtle.verify(algorithm, key, aHmac, b);
}
async function cbcDecrypt(enc, cek, ciphertext, iv, tag2, aad) {
  const [encKey, macKey, keyLengthBits] = await cbcKeySetup(enc, cek, "decrypt"), al = uint64be(aad.length * 8), macData = concat(aad, iv, ciphertext, al), expectedTag = await cbcHmacTag(macKey, macData, keyLengthBits);
  try {
    if (await timingSafeEqual(tag2, expectedTag))
      return new Uint8Array(await crypto.subtle.decrypt({ iv, name: "AES-CBC" }, encKey, ciphertext));
  } catch {
  }
  throw new JWEDecryptionFailed();
}
async function encrypt(enc, plaintext, cek, iv, aad) {
  if (!isCryptoKey(cek) && !(cek instanceof Uint8Array))
    throw new TypeError(invalidKeyInput(cek, "CryptoKey", "KeyObject", "Uint8Array", "JSON Web Key"));
  if (iv ? checkIvLength(enc, iv) : iv = generateIv(enc), cek instanceof Uint8Array && checkCekLength(cek, enc.cekBits), enc.cbc)
    return cbcEncrypt(enc, plaintext, cek, iv, aad);
  const encKey = await rawKey(cek, enc.subtle, "encrypt"), encrypted = new Uint8Array(await crypto.subtle.encrypt({
    additionalData: aad,
    iv,
    name: "AES-GCM",
    tagLength: 128
  }, encKey, plaintext));
  return { ciphertext: encrypted.subarray(0, -16), tag: encrypted.subarray(-16), iv };
}
async function decrypt(enc, cek, ciphertext, iv, tag2, aad) {
  if (!isCryptoKey(cek) && !(cek instanceof Uint8Array))
    throw new TypeError(invalidKeyInput(cek, "CryptoKey", "KeyObject", "Uint8Array", "JSON Web Key"));
  if (!iv)
    throw new JWEInvalid("JWE Initialization Vector missing");
  if (!tag2)
    throw new JWEInvalid("JWE Authentication Tag missing");
  if (!enc.cbc && tag2.length !== 16)
    throw new JWEInvalid("Invalid Authentication Tag length");
  if (checkIvLength(enc, iv), cek instanceof Uint8Array && checkCekLength(cek, enc.cekBits), enc.cbc)
    return cbcDecrypt(enc, cek, ciphertext, iv, tag2, aad);
  const encKey = await rawKey(cek, enc.subtle, "decrypt");
  try {
    return new Uint8Array(await crypto.subtle.decrypt({
      additionalData: aad,
      iv,
      name: "AES-GCM",
      tagLength: 128
    }, encKey, concat(ciphertext, tag2)));
  } catch {
    throw new JWEDecryptionFailed();
  }
}

// node_modules/jose/dist/webapi/lib/key_descriptor.js
function table(entries) {
  const out = { __proto__: null };
  for (const alg in entries)
    out[alg] = { ...entries[alg], alg };
  return out;
}

// node_modules/jose/dist/webapi/lib/jwe_algorithms.js
var wrap = [
  ["encrypt", "wrapKey"],
  ["decrypt", "unwrapKey"]
];
var derive = [[], ["deriveBits"]];
var none = [[], []];
function rsaes(bits) {
  return {
    kty: ["RSA"],
    mode: "key-encryption",
    subtle: { name: "RSA-OAEP", hash: `SHA-${bits}` },
    usages: wrap,
    ops: ["wrapKey", "unwrapKey"]
  };
}
function ecdh(mode) {
  return {
    kty: ["EC", "OKP"],
    mode,
    subtle: { name: "ECDH" },
    resolve: ({ kty, crv, asymmetricKeyType }) => {
      if (crv === "X25519" || asymmetricKeyType === "x25519")
        return { name: "X25519" };
      if (kty === "OKP")
        throw new JOSENotSupported('Invalid or unsupported JWK "alg" (Algorithm) Parameter value');
      return { name: "ECDH", namedCurve: crv };
    },
    usages: derive,
    ops: [void 0, "deriveBits"]
  };
}
function aeskw(bits, gcm = false) {
  return {
    kty: ["oct"],
    mode: "key-wrapping",
    secret: true,
    subtle: { name: gcm ? "AES-GCM" : "AES-KW", length: bits },
    usages: none,
    ops: gcm ? ["encrypt", "decrypt"] : ["wrapKey", "unwrapKey"]
  };
}
function pbes2() {
  return {
    kty: ["oct"],
    mode: "key-wrapping",
    secret: true,
    subtle: { name: "PBKDF2" },
    usages: none,
    ops: ["deriveBits", "deriveBits"]
  };
}
var JWE = table({
  dir: {
    kty: ["oct"],
    mode: "direct-encryption",
    secret: true,
    subtle: { name: "AES-GCM" },
    usages: none,
    ops: ["encrypt", "decrypt"]
  },
  "RSA-OAEP": rsaes(1),
  "RSA-OAEP-256": rsaes(256),
  "RSA-OAEP-384": rsaes(384),
  "RSA-OAEP-512": rsaes(512),
  "ECDH-ES": ecdh("direct-key-agreement"),
  "ECDH-ES+A128KW": ecdh("key-agreement-with-key-wrapping"),
  "ECDH-ES+A192KW": ecdh("key-agreement-with-key-wrapping"),
  "ECDH-ES+A256KW": ecdh("key-agreement-with-key-wrapping"),
  A128KW: aeskw(128),
  A192KW: aeskw(192),
  A256KW: aeskw(256),
  A128GCMKW: aeskw(128, true),
  A192GCMKW: aeskw(192, true),
  A256GCMKW: aeskw(256, true),
  "PBES2-HS256+A128KW": pbes2(),
  "PBES2-HS384+A192KW": pbes2(),
  "PBES2-HS512+A256KW": pbes2()
});
var contentOps = ["encrypt", "decrypt"];
function contentEncryption(bits, cbc = false) {
  return {
    kty: ["oct"],
    secret: true,
    subtle: { name: cbc ? "AES-CBC" : "AES-GCM", length: bits },
    usages: none,
    ops: contentOps,
    cekBits: bits,
    ivBits: cbc ? 128 : 96,
    cbc
  };
}
var ENC = table({
  A128GCM: contentEncryption(128),
  A192GCM: contentEncryption(192),
  A256GCM: contentEncryption(256),
  "A128CBC-HS256": contentEncryption(256, true),
  "A192CBC-HS384": contentEncryption(384, true),
  "A256CBC-HS512": contentEncryption(512, true)
});
function unsupported(parameter, name) {
  throw new JOSENotSupported(`Invalid or unsupported "${parameter}" (JWE ${name}) header value`);
}
function jweAlgorithm(alg) {
  return (typeof alg == "string" ? JWE[alg] : void 0) ?? unsupported("alg", "Algorithm");
}
function isJWECEKTransport(algorithm) {
  return algorithm.mode === "key-wrapping" || algorithm.mode === "key-encryption" || algorithm.mode === "key-agreement-with-key-wrapping";
}
function jweEncryption(enc) {
  return (typeof enc == "string" ? ENC[enc] : void 0) ?? unsupported("enc", "Encryption Algorithm");
}

// node_modules/jose/dist/webapi/lib/key_management.js
function checkEcdhCryptoKey(key, usage) {
  if (key.algorithm.name !== "ECDH" && key.algorithm.name !== "X25519")
    throw new TypeError("CryptoKey does not support this operation, its algorithm.name must be ECDH or X25519");
  checkUsage(key, usage);
}
async function aeskwWrap(alg, key, cek) {
  const cryptoKey = await rawKey(key, jweAlgorithm(alg).subtle, "wrapKey", true), cryptoKeyCek = await crypto.subtle.importKey("raw", cek, { hash: "SHA-256", name: "HMAC" }, true, ["sign"]);
  return new Uint8Array(await crypto.subtle.wrapKey("raw", cryptoKeyCek, cryptoKey, "AES-KW"));
}
async function aeskwUnwrap(alg, key, encryptedKey) {
  const cryptoKey = await rawKey(key, jweAlgorithm(alg).subtle, "unwrapKey", true), cryptoKeyCek = await crypto.subtle.unwrapKey("raw", encryptedKey, cryptoKey, "AES-KW", { hash: "SHA-256", name: "HMAC" }, true, ["sign"]);
  return new Uint8Array(await crypto.subtle.exportKey("raw", cryptoKeyCek));
}
function checkRsaKey(alg, key, usage) {
  checkCryptoKey(key, jweAlgorithm(alg).subtle, usage), checkModulusLength(alg, key);
}
async function deriveKey(p2s, alg, p2c, key) {
  if (!(p2s instanceof Uint8Array) || p2s.length < 8)
    throw new JWEInvalid("PBES2 Salt Input must be 8 or more octets");
  if (!Number.isSafeInteger(p2c) || Math.sign(p2c) !== 1)
    throw new JWEInvalid("PBES2 Count Input must be a positive integer");
  const salt = concat(encode(alg), Uint8Array.of(0), p2s), keyLengthBits = parseInt(alg.slice(13, 16), 10), subtleAlg = {
    hash: `SHA-${alg.slice(8, 11)}`,
    iterations: p2c,
    name: "PBKDF2",
    salt
  }, cryptoKey = await rawKey(key, jweAlgorithm(alg).subtle, "deriveBits");
  return new Uint8Array(await crypto.subtle.deriveBits(subtleAlg, cryptoKey, keyLengthBits));
}
function lengthAndInput(input) {
  return concat(uint32be(input.length), input);
}
async function concatKdf(Z, keyDataLength, OtherInfo) {
  const dkLen = keyDataLength >> 3, hashLen = 32, reps = Math.ceil(dkLen / hashLen), dk = new Uint8Array(reps * hashLen);
  for (let i = 1; i <= reps; i++) {
    const hashResult = await digest("sha256", concat(uint32be(i), Z, OtherInfo));
    dk.set(hashResult, (i - 1) * hashLen);
  }
  return dk.slice(0, dkLen);
}
async function ecdhesDeriveKey(publicKey, privateKey, algorithmId, keyDataLength, apu = new Uint8Array(), apv = new Uint8Array()) {
  checkEcdhCryptoKey(publicKey), checkEcdhCryptoKey(privateKey, "deriveBits");
  const otherInfo = concat(lengthAndInput(encode(algorithmId)), lengthAndInput(apu), lengthAndInput(apv), uint32be(keyDataLength)), Z = new Uint8Array(await crypto.subtle.deriveBits({
    name: publicKey.algorithm.name,
    public: publicKey
  }, privateKey, publicKey.algorithm.name === "X25519" ? 256 : Math.ceil(parseInt(publicKey.algorithm.namedCurve.slice(-3), 10) / 8) << 3));
  return concatKdf(Z, keyDataLength, otherInfo);
}
function assertEcdhKey(key) {
  assertCryptoKey(key);
  const curve = key.algorithm.namedCurve;
  if (curve !== "P-256" && curve !== "P-384" && curve !== "P-521" && key.algorithm.name !== "X25519")
    throw new JOSENotSupported("ECDH with the provided key is not allowed or not supported by your javascript runtime");
}
function partyInfo(joseHeader, name) {
  const value2 = joseHeader[name];
  if (value2 !== void 0) {
    if (typeof value2 != "string")
      throw new JWEInvalid(`JOSE Header "${name}" (Agreement Party${name === "apu" ? "U" : "V"}Info) invalid`);
    return decodeBase64url(value2, name, JWEInvalid);
  }
}
function checkPartyInfo(apu, apv) {
  if (!(apu === void 0 || apv === void 0 || apu.byteLength !== apv.byteLength)) {
    for (let i = 0; i < apu.byteLength; i++)
      if (apu[i] !== apv[i])
        return;
    throw new JWEInvalid('JOSE Header "apu" and "apv" values must be distinct');
  }
}
function assertEncryptedKey(encryptedKey) {
  if (encryptedKey === void 0)
    throw new JWEInvalid("JWE Encrypted Key missing");
}
function assertNoEncryptedKey(encryptedKey) {
  if (encryptedKey !== void 0)
    throw new JWEInvalid("Encountered unexpected JWE Encrypted Key");
}
function validateMaxPBES2Count(value2) {
  if (value2 !== void 0 && value2 !== 1 / 0 && (!Number.isSafeInteger(value2) || value2 < 1))
    throw new TypeError("maxPBES2Count must be a positive safe integer or Infinity");
}
async function decryptKeyManagement(entry, enc, key, encryptedKey, joseHeader, maxPBES2Count) {
  const { alg } = entry, mode = entry.mode;
  if (mode === "direct-encryption")
    return assertNoEncryptedKey(encryptedKey), key;
  const direct = mode === "direct-key-agreement";
  switch (direct ? assertNoEncryptedKey(encryptedKey) : assertEncryptedKey(encryptedKey), entry.subtle.name) {
    case "ECDH": {
      const { epk } = joseHeader;
      if (!isObject2(epk) || ["d", "k", "p", "q", "dp", "dq", "qi", "oth", "priv"].some((parameter) => Object.hasOwn(epk, parameter)))
        throw new JWEInvalid('JOSE Header "epk" (Ephemeral Public Key) missing or invalid');
      assertEcdhKey(key);
      const ephemeralPublicKey = await jwkToKey(entry, epk), partyUInfo = partyInfo(joseHeader, "apu"), partyVInfo = partyInfo(joseHeader, "apv");
      checkPartyInfo(partyUInfo, partyVInfo);
      const derivedKey2 = await ecdhesDeriveKey(ephemeralPublicKey, key, direct ? enc.alg : alg, direct ? enc.cekBits : parseInt(alg.slice(-5, -2), 10), partyUInfo, partyVInfo);
      if (direct)
        return derivedKey2;
      key = derivedKey2;
      break;
    }
    case "RSA-OAEP":
      return assertCryptoKey(key), checkRsaKey(alg, key, "decrypt"), new Uint8Array(await crypto.subtle.decrypt("RSA-OAEP", key, encryptedKey));
    case "PBKDF2": {
      if (typeof joseHeader.p2c != "number")
        throw new JWEInvalid('JOSE Header "p2c" (PBES2 Count) missing or invalid');
      const p2cLimit = maxPBES2Count ?? 1e4;
      if (joseHeader.p2c > p2cLimit)
        throw new JWEInvalid('JOSE Header "p2c" (PBES2 Count) out is of acceptable bounds');
      if (typeof joseHeader.p2s != "string")
        throw new JWEInvalid('JOSE Header "p2s" (PBES2 Salt) missing or invalid');
      const p2s = decodeBase64url(joseHeader.p2s, "p2s", JWEInvalid);
      key = await deriveKey(p2s, alg, joseHeader.p2c, key);
      break;
    }
    case "AES-GCM": {
      if (typeof joseHeader.iv != "string")
        throw new JWEInvalid('JOSE Header "iv" (Initialization Vector) missing or invalid');
      if (typeof joseHeader.tag != "string")
        throw new JWEInvalid('JOSE Header "tag" (Authentication Tag) missing or invalid');
      const iv = decodeBase64url(joseHeader.iv, "iv", JWEInvalid), tag2 = decodeBase64url(joseHeader.tag, "tag", JWEInvalid);
      if (iv.byteLength !== 12)
        throw new JWEInvalid("Invalid Initialization Vector length");
      if (tag2.byteLength !== 16)
        throw new JWEInvalid("Invalid Authentication Tag length");
      return decrypt(jweEncryption(alg.slice(0, -2)), key, encryptedKey, iv, tag2, new Uint8Array());
    }
  }
  return aeskwUnwrap(alg.slice(-6), key, encryptedKey);
}
async function encryptKeyManagement(entry, enc, inputKey2, joseHeader, providedCek, providedParameters = {}) {
  const { alg, mode } = entry, transport = isJWECEKTransport(entry);
  if (providedCek !== void 0 && !transport)
    throw new TypeError(`setContentEncryptionKey cannot be called with JWE "alg" (Algorithm) Header ${alg}`);
  let key = await prepareKey(mode === "direct-encryption" ? enc : entry, inputKey2, "encrypt");
  if (mode === "direct-encryption")
    return [key, void 0, void 0];
  const cek = transport ? providedCek ?? generateCek(enc) : void 0;
  cek && checkCekLength(cek, enc.cekBits);
  let encryptedKey, parameters;
  switch (entry.subtle.name) {
    case "ECDH": {
      assertEcdhKey(key);
      const { apu: providedApu, apv: providedApv } = providedParameters;
      providedApu !== void 0 && assertUint8Array(providedApu, '"apu"'), providedApv !== void 0 && assertUint8Array(providedApv, '"apv"');
      const apu = providedApu ?? partyInfo(joseHeader, "apu"), apv = providedApv ?? partyInfo(joseHeader, "apv");
      checkPartyInfo(apu, apv);
      let ephemeralPrivateKey;
      providedParameters.epk !== void 0 ? ephemeralPrivateKey = await prepareKey(entry, providedParameters.epk, "decrypt") : ephemeralPrivateKey = (await crypto.subtle.generateKey(key.algorithm, true, ["deriveBits"])).privateKey;
      const subtle = crypto.subtle;
      let exportableEpk = ephemeralPrivateKey;
      if (!exportableEpk.extractable) {
        if (typeof subtle.getPublicKey != "function")
          throw new TypeError('CryptoKey for "epk" must be extractable');
        exportableEpk = await subtle.getPublicKey(ephemeralPrivateKey, []);
      }
      const { x, y, crv, kty } = await subtle.exportKey("jwk", exportableEpk), direct = mode === "direct-key-agreement", derivedKey2 = await ecdhesDeriveKey(key, ephemeralPrivateKey, direct ? enc.alg : alg, direct ? enc.cekBits : parseInt(alg.slice(-5, -2), 10), apu, apv), epk = { x, crv, kty };
      if (kty === "EC" && (epk.y = y), parameters = { epk }, providedApu !== void 0 && (parameters.apu = encode2(providedApu)), providedApv !== void 0 && (parameters.apv = encode2(providedApv)), direct)
        return [derivedKey2, void 0, parameters];
      key = derivedKey2;
      break;
    }
    case "RSA-OAEP": {
      assertCryptoKey(key), checkRsaKey(alg, key, "encrypt"), encryptedKey = new Uint8Array(await crypto.subtle.encrypt("RSA-OAEP", key, cek));
      break;
    }
    case "PBKDF2": {
      const { p2c = 2048, p2s = crypto.getRandomValues(new Uint8Array(16)) } = providedParameters;
      key = await deriveKey(p2s, alg, p2c, key), parameters = { p2c, p2s: encode2(p2s) };
      break;
    }
    case "AES-GCM": {
      const iv = providedParameters.iv === void 0 ? crypto.getRandomValues(new Uint8Array(12)) : providedParameters.iv;
      if (!(iv instanceof Uint8Array))
        throw new TypeError('"iv" must be an instance of Uint8Array');
      const wrapped = await encrypt(jweEncryption(alg.slice(0, -2)), cek, key, iv, new Uint8Array());
      encryptedKey = wrapped.ciphertext, parameters = { iv: encode2(wrapped.iv), tag: encode2(wrapped.tag) };
    }
  }
  if (encryptedKey ??= await aeskwWrap(alg.slice(-6), key, cek), !(encryptedKey instanceof Uint8Array) || !encryptedKey.byteLength)
    throw new TypeError("JWE key management algorithm did not produce an Encrypted Key");
  return [cek, encryptedKey, parameters];
}

// node_modules/jose/dist/webapi/lib/deflate.js
function validateZip(joseHeader, protectedHeader) {
  if (joseHeader.zip !== void 0 && joseHeader.zip !== "DEF")
    throw new JOSENotSupported('Unsupported JWE "zip" (Compression Algorithm) Header Parameter value.');
  if (joseHeader.zip !== void 0 && !protectedHeader?.zip)
    throw new JWEInvalid('JWE "zip" (Compression Algorithm) Header Parameter MUST be in a protected header.');
}
function supported(name) {
  if (typeof globalThis[name] > "u")
    throw new JOSENotSupported(`JWE "zip" (Compression Algorithm) Header Parameter requires the ${name} API.`);
}
async function transform(stream, input, maxLength = 1 / 0) {
  const writer = stream.writable.getWriter();
  writer.write(input).catch(() => {
  }), writer.close().catch(() => {
  });
  const chunks = [];
  let length = 0;
  const reader = stream.readable.getReader();
  for (; ; ) {
    const { value: value2, done } = await reader.read();
    if (done)
      break;
    if (chunks.push(value2), length += value2.byteLength, maxLength !== 1 / 0 && length > maxLength)
      throw await reader.cancel().catch(() => {
      }), new JWEInvalid("Decompressed plaintext exceeded the configured limit");
  }
  return concat(...chunks);
}
async function compress(input) {
  return supported("CompressionStream"), transform(new CompressionStream("deflate-raw"), input);
}
async function decompress(input, maxLength) {
  return supported("DecompressionStream"), transform(new DecompressionStream("deflate-raw"), input, maxLength);
}

// node_modules/jose/dist/webapi/lib/jwe_decrypt.js
function shareJWE(jwe) {
  const { protected: encodedProtected, ciphertext, iv, tag: tag2, aad } = jwe;
  let protectedHeader;
  return encodedProtected !== void 0 && (protectedHeader = parseJoseHeader(encodedProtected, JWEInvalid, "JWE Protected Header is invalid")), [
    protectedHeader,
    decodeBase64url(ciphertext, "ciphertext", JWEInvalid),
    iv !== void 0 ? decodeBase64url(iv, "iv", JWEInvalid) : void 0,
    tag2 !== void 0 ? decodeBase64url(tag2, "tag", JWEInvalid) : void 0,
    encodeAsciiMember((encodedProtected ?? "") + (aad !== void 0 ? `.${aad}` : ""), "aad", JWEInvalid)
  ];
}
function prepareDecrypt(options) {
  const keyManagementAlgorithms = options && validateAlgorithms("keyManagementAlgorithms", options.keyManagementAlgorithms), contentEncryptionAlgorithms = options && validateAlgorithms("contentEncryptionAlgorithms", options.contentEncryptionAlgorithms), { crit, maxPBES2Count, maxDecompressedLength } = options ?? {};
  validateMaxPBES2Count(maxPBES2Count);
  const decompressionLimit = maxDecompressedLength ?? 25e4;
  if (decompressionLimit !== 0 && decompressionLimit !== 1 / 0 && (!Number.isSafeInteger(decompressionLimit) || decompressionLimit < 1))
    throw new TypeError("maxDecompressedLength must be 0, a positive safe integer, or Infinity");
  return [
    keyManagementAlgorithms,
    contentEncryptionAlgorithms,
    crit,
    maxPBES2Count,
    maxDecompressedLength
  ];
}
async function decryptJWE(jwe, shared, key, token = shareJWE(jwe)) {
  const [protectedHeader, ciphertext, iv, tag2, additionalAuthenticatedData] = token, { header, unprotected, aad } = jwe;
  let joseHeader;
  if (header !== void 0 || unprotected !== void 0) {
    if (!isDisjoint(protectedHeader, header, unprotected))
      throw new JWEInvalid("JWE Protected, JWE Unprotected Header, and JWE Per-Recipient Unprotected Header Parameter names must be disjoint");
    joseHeader = { ...protectedHeader, ...header, ...unprotected };
  } else
    joseHeader = protectedHeader ?? {};
  const [keyManagementAlgorithms, contentEncryptionAlgorithms, crit, maxPBES2Count, maxDecompressedLength] = shared, { encrypted_key: encodedKey } = jwe;
  validateCrit(JWEInvalid, JWE_RECOGNIZED, crit, protectedHeader, joseHeader), validateZip(joseHeader, protectedHeader);
  const { alg, enc } = joseHeader;
  if (typeof alg != "string" || !alg)
    throw new JWEInvalid("missing JWE Algorithm (alg) in JWE Header");
  const selected = JWE[alg];
  if (encodedKey === "" && (!selected || !isJWECEKTransport(selected)))
    throw new JWEInvalid("JWE Encrypted Key incorrect type");
  const integrated = selected?.mode === "integrated-encryption";
  if (!integrated && (typeof enc != "string" || !enc))
    throw new JWEInvalid("missing JWE Encryption Algorithm (enc) in JWE Header");
  if (keyManagementAlgorithms && !keyManagementAlgorithms.has(alg) || !keyManagementAlgorithms && alg.startsWith("PBES2"))
    throw new JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed');
  let encEntry;
  if (integrated) {
    if (enc !== void 0)
      throw new JWEInvalid('JWE "enc" (Encryption Algorithm) Header Parameter must not be present for integrated encryption');
    if (iv?.byteLength)
      throw new JWEInvalid("JWE Initialization Vector must be empty for integrated encryption");
    if (tag2?.byteLength)
      throw new JWEInvalid("JWE Authentication Tag must be empty for integrated encryption");
  } else {
    if (contentEncryptionAlgorithms && !contentEncryptionAlgorithms.has(enc))
      throw new JOSEAlgNotAllowed('"enc" (Encryption Algorithm) Header Parameter value not allowed');
    encEntry = jweEncryption(enc);
  }
  let encryptedKey;
  if (encodedKey !== void 0)
    try {
      encryptedKey = decodeBase64url(encodedKey, "encrypted_key", JWEInvalid);
    } catch (error) {
      if (!selected || !isJWECEKTransport(selected))
        throw error;
      encryptedKey = new Uint8Array();
    }
  let resolvedKey = false;
  typeof key == "function" && (key = await key(protectedHeader, jwe), resolvedKey = true);
  const algEntry = selected ?? jweAlgorithm(alg);
  isJWECEKTransport(algEntry) && encryptedKey === void 0 && (encryptedKey = new Uint8Array());
  const k = await prepareKey(algEntry.mode === "direct-encryption" ? encEntry : algEntry, key, "decrypt");
  let plaintext;
  if (algEntry.mode === "integrated-encryption")
    plaintext = await algEntry.decrypt(k, encryptedKey, ciphertext, additionalAuthenticatedData, protectedHeader, joseHeader);
  else {
    const encryption = encEntry;
    let cek;
    try {
      cek = await decryptKeyManagement(algEntry, encryption, k, encryptedKey, joseHeader, maxPBES2Count), isJWECEKTransport(algEntry) && cek instanceof Uint8Array && cek.byteLength << 3 !== encryption.cekBits && (cek = generateCek(encryption));
    } catch (err) {
      if (err instanceof TypeError || err instanceof JWEInvalid || err instanceof JOSENotSupported)
        throw err;
      cek = generateCek(encryption);
    }
    plaintext = await decrypt(encryption, cek, ciphertext, iv, tag2, additionalAuthenticatedData);
  }
  if (joseHeader.zip === "DEF") {
    const decompressionLimit = maxDecompressedLength ?? 25e4;
    if (decompressionLimit === 0)
      throw new JOSENotSupported('JWE "zip" (Compression Algorithm) Header Parameter is not supported.');
    plaintext = await decompress(plaintext, decompressionLimit).catch((cause) => {
      throw cause instanceof JWEInvalid ? cause : new JWEInvalid("Failed to decompress plaintext", { cause });
    });
  }
  return {
    plaintext,
    ...protectedHeader && { protectedHeader },
    ...aad !== void 0 && {
      additionalAuthenticatedData: decodeBase64url(aad, "aad", JWEInvalid)
    },
    ...unprotected && { sharedUnprotectedHeader: unprotected },
    ...header && { unprotectedHeader: header },
    ...resolvedKey && { key: k }
  };
}
async function decryptCompact(jwe, shared, key) {
  if (jwe instanceof Uint8Array && (jwe = decoder.decode(jwe)), typeof jwe != "string")
    throw new JWEInvalid("Compact JWE must be a string or Uint8Array");
  const { 0: protectedHeader, 1: encryptedKey, 2: iv, 3: ciphertext, 4: tag2, length } = jwe.split(".");
  if (length !== 5)
    throw new JWEInvalid("Invalid Compact JWE");
  return decryptJWE({
    ciphertext,
    iv: iv || void 0,
    protected: protectedHeader,
    tag: tag2 || void 0,
    encrypted_key: encryptedKey || void 0
  }, shared, key);
}

// node_modules/jose/dist/webapi/jwe/compact/decrypt.js
async function compactDecrypt(jwe, key, options) {
  return decryptCompact(jwe, prepareDecrypt(options), key);
}

// node_modules/jose/dist/webapi/lib/jwe_encrypt.js
function checkDisjoint(protectedHeader, unprotectedHeader, sharedUnprotectedHeader) {
  if (!isDisjoint(protectedHeader, unprotectedHeader, sharedUnprotectedHeader))
    throw new JWEInvalid("JWE Protected, JWE Shared Unprotected and JWE Per-Recipient Header Parameter names must be disjoint");
}
function checkEncryptHeaders(input, options, sharedHeadersNormalized = false) {
  if (!input[1] && !input[2] && !input[3])
    throw new JWEInvalid("either setProtectedHeader, setUnprotectedHeader, or sharedUnprotectedHeader must be called before #encrypt()");
  options !== void 0 && (input[8] = options?.crit);
  let [, protectedHeader, unprotectedHeader, sharedUnprotectedHeader, aad, cek, iv, keyManagementParameters, crit] = input;
  if (aad !== void 0 && assertUint8Array(aad, "JWE Additional Authenticated Data"), cek !== void 0 && assertUint8Array(cek, "JWE Content Encryption Key"), iv !== void 0 && assertUint8Array(iv, "JWE Initialization Vector"), !sharedHeadersNormalized && protectedHeader !== void 0 && (protectedHeader = serializeJoseHeader(JWEInvalid, protectedHeader)[0], input[1] = protectedHeader), unprotectedHeader !== void 0 && (unprotectedHeader = serializeJoseHeader(JWEInvalid, unprotectedHeader)[0], input[2] = unprotectedHeader), !sharedHeadersNormalized && sharedUnprotectedHeader !== void 0 && (sharedUnprotectedHeader = serializeJoseHeader(JWEInvalid, sharedUnprotectedHeader)[0], input[3] = sharedUnprotectedHeader), keyManagementParameters !== void 0 && !isObject2(keyManagementParameters))
    throw new TypeError("JWE Key Management Parameters must be an object");
  checkDisjoint(protectedHeader, unprotectedHeader, sharedUnprotectedHeader);
  const joseHeader = {
    ...protectedHeader,
    ...unprotectedHeader,
    ...sharedUnprotectedHeader
  };
  validateCritDuplicates(JWEInvalid, protectedHeader), validateCrit(JWEInvalid, JWE_RECOGNIZED, crit, protectedHeader, joseHeader), validateZip(joseHeader, protectedHeader);
  const { alg, enc } = joseHeader;
  if (typeof alg != "string" || !alg)
    throw new JWEInvalid('JWE "alg" (Algorithm) Header Parameter missing or invalid');
  const algEntry = JWE[alg];
  if (algEntry?.mode === "integrated-encryption") {
    if (enc !== void 0)
      throw new JWEInvalid('JWE "enc" (Encryption Algorithm) Header Parameter must not be present for integrated encryption');
    if (cek !== void 0)
      throw new TypeError(`setContentEncryptionKey cannot be called with JWE "alg" (Algorithm) Header ${alg}`);
    if (iv !== void 0)
      throw new TypeError(`setInitializationVector cannot be called with JWE "alg" (Algorithm) Header ${alg}`);
    return [joseHeader, void 0, algEntry];
  }
  if (typeof enc != "string" || !enc)
    throw new JWEInvalid('JWE "enc" (Encryption Algorithm) Header Parameter missing or invalid');
  return [joseHeader, jweEncryption(enc), algEntry];
}
async function encryptJWE(input, checked, key) {
  const [joseHeader, encEntry, selected] = checked, [inputPlaintext, inputProtectedHeader, inputUnprotectedHeader, sharedUnprotectedHeader, aad, providedCek, inputIv, keyManagementParameters, , unprotectedParameters] = input;
  let protectedHeader = inputProtectedHeader, unprotectedHeader = inputUnprotectedHeader;
  const algEntry = selected ?? jweAlgorithm(joseHeader.alg);
  let encryptedKey, parameters, cek;
  algEntry.mode === "integrated-encryption" ? cek = await prepareKey(algEntry, key, "encrypt") : [cek, encryptedKey, parameters] = await encryptKeyManagement(algEntry, encEntry, key, joseHeader, providedCek, keyManagementParameters), parameters && (unprotectedParameters ? unprotectedHeader = unprotectedHeader ? { ...unprotectedHeader, ...parameters } : parameters : protectedHeader = protectedHeader ? { ...protectedHeader, ...parameters } : parameters, checkDisjoint(protectedHeader, unprotectedHeader, sharedUnprotectedHeader));
  const encodedProtectedHeader = protectedHeader ? encode2(JSON.stringify(protectedHeader)) : "", encodedAad = aad?.byteLength ? encode2(aad) : void 0, additionalAuthenticatedData = encode(encodedAad ? `${encodedProtectedHeader}.${encodedAad}` : encodedProtectedHeader);
  let plaintext = inputPlaintext;
  joseHeader.zip === "DEF" && (plaintext = await compress(plaintext).catch((cause) => {
    throw new JWEInvalid("Failed to compress plaintext", { cause });
  }));
  let ciphertext, tag2, iv;
  algEntry.mode === "integrated-encryption" ? [encryptedKey, ciphertext] = await algEntry.encrypt(cek, plaintext, additionalAuthenticatedData, protectedHeader, joseHeader, keyManagementParameters) : { ciphertext, tag: tag2, iv } = await encrypt(encEntry, plaintext, cek, inputIv, additionalAuthenticatedData);
  const jwe = {
    ciphertext: encode2(ciphertext)
  };
  return iv && (jwe.iv = encode2(iv)), tag2 && (jwe.tag = encode2(tag2)), encryptedKey?.byteLength && (jwe.encrypted_key = encode2(encryptedKey)), encodedAad && (jwe.aad = encodedAad), protectedHeader && (jwe.protected = encodedProtectedHeader), sharedUnprotectedHeader && (jwe.unprotected = sharedUnprotectedHeader), unprotectedHeader && (jwe.header = unprotectedHeader), jwe;
}
async function createJWE(input, key, options) {
  return encryptJWE(input, checkEncryptHeaders(input, options), key);
}
function compactJWE(jwe) {
  return [jwe.protected, jwe.encrypted_key, jwe.iv, jwe.ciphertext, jwe.tag].join(".");
}

// node_modules/jose/dist/webapi/lib/jws_algorithms.js
var sig = [["verify"], ["sign"]];
function hmac(bits) {
  const subtle = { name: "HMAC", hash: `SHA-${bits}` };
  return { kty: ["oct"], secret: true, subtle, signing: subtle, usages: sig };
}
function rsa(bits, saltLength) {
  const subtle = { name: saltLength ? "RSA-PSS" : "RSASSA-PKCS1-v1_5", hash: `SHA-${bits}` };
  return {
    kty: ["RSA"],
    subtle,
    signing: saltLength ? { ...subtle, saltLength } : subtle,
    usages: sig,
    minRsaBits: 2048
  };
}
function ecdsa(crv, bits) {
  return {
    kty: ["EC"],
    crv,
    subtle: { name: "ECDSA", namedCurve: crv },
    signing: { name: "ECDSA", hash: `SHA-${bits}` },
    usages: sig
  };
}
function eddsa() {
  const subtle = { name: "Ed25519" };
  return {
    kty: ["OKP"],
    crv: "Ed25519",
    subtle,
    signing: subtle,
    usages: sig
  };
}
function mldsa(parameterSet) {
  const subtle = { name: `ML-DSA-${parameterSet}` };
  return {
    kty: ["AKP"],
    subtle,
    signing: subtle,
    usages: sig
  };
}
var JWS = table({
  HS256: hmac(256),
  HS384: hmac(384),
  HS512: hmac(512),
  RS256: rsa(256),
  RS384: rsa(384),
  RS512: rsa(512),
  PS256: rsa(256, 32),
  PS384: rsa(384, 48),
  PS512: rsa(512, 64),
  ES256: ecdsa("P-256", 256),
  ES384: ecdsa("P-384", 384),
  ES512: ecdsa("P-521", 512),
  EdDSA: eddsa(),
  Ed25519: eddsa(),
  "ML-DSA-44": mldsa(44),
  "ML-DSA-65": mldsa(65),
  "ML-DSA-87": mldsa(87)
});
function jwsAlgorithm(alg) {
  const entry = typeof alg == "string" ? JWS[alg] : void 0;
  if (!entry)
    throw new JOSENotSupported(`alg ${alg} is not supported either by JOSE or your javascript runtime`);
  return entry;
}

// node_modules/jose/dist/webapi/jwe/compact/encrypt.js
var CompactEncrypt = class {
  #input;
  constructor(plaintext) {
    assertUint8Array(plaintext, "plaintext"), this.#input = [plaintext];
  }
  setContentEncryptionKey(cek) {
    return assertNotSet(this.#input[5], "setContentEncryptionKey"), this.#input[5] = cek, this;
  }
  setInitializationVector(iv) {
    return assertNotSet(this.#input[6], "setInitializationVector"), this.#input[6] = iv, this;
  }
  setProtectedHeader(protectedHeader) {
    return assertNotSet(this.#input[1], "setProtectedHeader"), this.#input[1] = protectedHeader, this;
  }
  setKeyManagementParameters(parameters) {
    return assertNotSet(this.#input[7], "setKeyManagementParameters"), this.#input[7] = parameters, this;
  }
  async encrypt(key, options) {
    return compactJWE(await createJWE([...this.#input], key, options));
  }
};

// node_modules/jose/dist/webapi/lib/jws_sign.js
async function createSignature(input, key, rejectUnencoded) {
  let [payload, protectedHeader, unprotectedHeader, crit] = input, encodedProtectedHeader = "";
  if (protectedHeader !== void 0) {
    const normalized = serializeJoseHeader(JWSInvalid, protectedHeader);
    protectedHeader = normalized[0], encodedProtectedHeader = encode2(normalized[1]);
  }
  if (unprotectedHeader !== void 0 && (unprotectedHeader = serializeJoseHeader(JWSInvalid, unprotectedHeader)[0]), !protectedHeader && !unprotectedHeader)
    throw new JWSInvalid("either setProtectedHeader or setUnprotectedHeader must be called before #sign()");
  if (!isDisjoint(protectedHeader, unprotectedHeader))
    throw new JWSInvalid("JWS Protected and JWS Unprotected Header Parameter names must be disjoint");
  const joseHeader = { ...protectedHeader, ...unprotectedHeader };
  validateCritDuplicates(JWSInvalid, protectedHeader);
  const b64 = validateB64(protectedHeader, validateCrit(JWSInvalid, JWS_RECOGNIZED, crit, protectedHeader, joseHeader));
  b64 || rejectUnencoded?.();
  const { alg } = joseHeader;
  if (typeof alg != "string" || !alg)
    throw new JWSInvalid('JWS "alg" (Algorithm) Header Parameter missing or invalid');
  const entry = jwsAlgorithm(alg);
  let encodedPayload = "", signingPayload = payload, signingInput;
  if (b64) {
    const encodedPayloadCache = input[4];
    encodedPayloadCache ? (encodedPayload = encodedPayloadCache[0] ??= encode2(payload), signingPayload = encodedPayloadCache[1] ??= encode(encodedPayload)) : (encodedPayload = encode2(payload), signingInput = encoder.encode(`${encodedProtectedHeader}.${encodedPayload}`));
  }
  signingInput ??= concat(encode(encodedProtectedHeader), encode("."), signingPayload);
  const signingKey = await rawKey(await prepareKey(entry, key, "sign"), entry.subtle, "sign");
  entry.minRsaBits && checkModulusLength(entry.alg, signingKey);
  const jws = {
    signature: encode2(new Uint8Array(await crypto.subtle.sign(entry.signing, signingKey, signingInput))),
    payload: encodedPayload
  };
  return protectedHeader && (jws.protected = encodedProtectedHeader), unprotectedHeader && (jws.header = unprotectedHeader), [jws, b64];
}

// node_modules/jose/dist/webapi/jws/flattened/sign.js
var FlattenedSign = class {
  #input;
  constructor(payload) {
    assertUint8Array(payload, "payload"), this.#input = [payload];
  }
  setProtectedHeader(protectedHeader) {
    return assertNotSet(this.#input[1], "setProtectedHeader"), this.#input[1] = protectedHeader, this;
  }
  setUnprotectedHeader(unprotectedHeader) {
    return assertNotSet(this.#input[2], "setUnprotectedHeader"), this.#input[2] = unprotectedHeader, this;
  }
  async sign(key, options) {
    const input = [...this.#input];
    input[3] = options?.crit;
    const [jws] = await createSignature(input, key);
    return jws;
  }
};

// node_modules/jose/dist/webapi/key/export.js
async function exportJWK(key) {
  if (isKeyObject(key))
    if (key.type === "secret")
      key = key.export();
    else
      return key.export({ format: "jwk" });
  if (key instanceof Uint8Array)
    return {
      kty: "oct",
      k: encode2(key)
    };
  if (!isCryptoKey(key))
    throw new TypeError(invalidKeyInput(key, "CryptoKey", "KeyObject", "Uint8Array"));
  if (!key.extractable)
    throw new TypeError("non-extractable CryptoKey cannot be exported as a JWK");
  const jwk = await crypto.subtle.exportKey("jwk", key);
  delete jwk.ext, delete jwk.key_ops, delete jwk.use, jwk.kty !== "AKP" && delete jwk.alg;
  for (const parameter of Object.keys(jwk))
    jwk[parameter] === void 0 && delete jwk[parameter];
  return jwk;
}

// node_modules/jose/dist/webapi/jwk/thumbprint.js
var check = (value2, description) => {
  if (typeof value2 != "string" || !value2)
    throw new JWKInvalid(`${description} missing or invalid`);
};
async function calculateJwkThumbprint(key, digestAlgorithm) {
  let jwk;
  if (isObject2(key)) {
    if (jwk = snapshotJwk(key), typeof jwk.kty != "string")
      throw new TypeError(invalidKeyInput(key, "CryptoKey", "KeyObject", "JSON Web Key"));
  } else if (isKeyLike(key))
    jwk = snapshotJwk(await exportJWK(key));
  else
    throw new TypeError(invalidKeyInput(key, "CryptoKey", "KeyObject", "JSON Web Key"));
  if (digestAlgorithm ??= "sha256", digestAlgorithm !== "sha256" && digestAlgorithm !== "sha384" && digestAlgorithm !== "sha512")
    throw new TypeError('digestAlgorithm must one of "sha256", "sha384", or "sha512"');
  let requiredMembers;
  switch (jwk.kty) {
    case "AKP":
      check(jwk.alg, '"alg" (Algorithm) Parameter'), check(jwk.pub, '"pub" (Public key) Parameter'), requiredMembers = { alg: jwk.alg, kty: jwk.kty, pub: jwk.pub };
      break;
    case "EC":
      check(jwk.crv, '"crv" (Curve) Parameter'), check(jwk.x, '"x" (X Coordinate) Parameter'), check(jwk.y, '"y" (Y Coordinate) Parameter'), requiredMembers = { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y };
      break;
    case "OKP":
      check(jwk.crv, '"crv" (Subtype of Key Pair) Parameter'), check(jwk.x, '"x" (Public Key) Parameter'), requiredMembers = { crv: jwk.crv, kty: jwk.kty, x: jwk.x };
      break;
    case "RSA":
      check(jwk.e, '"e" (Exponent) Parameter'), check(jwk.n, '"n" (Modulus) Parameter'), requiredMembers = { e: jwk.e, kty: jwk.kty, n: jwk.n };
      break;
    case "oct":
      if (typeof jwk.k != "string")
        throw new JWKInvalid('"k" (Key Value) Parameter missing or invalid');
      requiredMembers = { k: jwk.k, kty: jwk.kty };
      break;
    default:
      throw new JOSENotSupported('"kty" (Key Type) Parameter missing or unsupported');
  }
  const thumbprintInput = encode(JSON.stringify(requiredMembers));
  return encode2(await digest(digestAlgorithm, thumbprintInput));
}

// node_modules/jose/dist/webapi/util/decode_protected_header.js
function decodeProtectedHeader(token) {
  let encodedProtectedHeader;
  if (typeof token == "string") {
    const parts = token.split(".");
    (parts.length === 3 || parts.length === 5) && ([encodedProtectedHeader] = parts);
  } else if (typeof token == "object" && token)
    if ("protected" in token)
      encodedProtectedHeader = token.protected;
    else
      throw new TypeError("Token does not contain a Protected Header");
  const invalid2 = "Invalid Token or Protected Header formatting";
  if (typeof encodedProtectedHeader != "string" || !encodedProtectedHeader)
    throw new TypeError(invalid2);
  return parseJoseHeader(encodedProtectedHeader, TypeError, invalid2);
}

// src/store/encryption.ts
var PBES2_ITERATIONS = 21e4;
var RAW_KEY_PREFIX = "cwk1:";
var RAW_KEY_HOWTO = `${RAW_KEY_PREFIX} followed by 32 random bytes in base64url, e.g. from: echo "${RAW_KEY_PREFIX}$(openssl rand -base64 32 | tr '+/' '-_' | tr -d '=')"`;
function legacyRawKey(value2) {
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(value2)) return void 0;
  const key = base64url_exports.decode(value2.replace(/=$/, "").replace(/\+/g, "-").replace(/\//g, "_"));
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
    const key = /^[A-Za-z0-9_-]{43}$/.test(encoded) ? base64url_exports.decode(encoded) : void 0;
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
var FORMAT_HEADER = "cwf";
var derivedKeys = /* @__PURE__ */ new WeakMap();
function derivedKey(key, salt, iterations) {
  let cache2 = derivedKeys.get(key);
  if (!cache2) derivedKeys.set(key, cache2 = { bySalt: /* @__PURE__ */ new Map() });
  cache2.current ??= salt;
  const id = `${salt}.${iterations}`;
  let derived = cache2.bySalt.get(id);
  if (!derived) {
    derived = new Promise(
      (resolve, reject) => pbkdf2(
        key.passphrase,
        Buffer.from(salt, "base64url"),
        iterations,
        32,
        "sha512",
        (error, bytes) => error ? reject(error) : resolve(new Uint8Array(bytes))
      )
    );
    cache2.bySalt.set(id, derived);
  }
  return derived;
}
async function encryptState(plaintext, key) {
  const jwe = new CompactEncrypt(deflateRawSync(Buffer.from(plaintext, "utf8"), { level: 9 }));
  if (key.kind === "key")
    return jwe.setProtectedHeader({ alg: "dir", enc: "A256GCM", cty: "certwright-state", [FORMAT_HEADER]: { z: "deflate" } }).encrypt(key.key);
  const salt = derivedKeys.get(key)?.current ?? randomBytes3(16).toString("base64url");
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
  if (!Number.isInteger(iterations) || iterations < 1e4 || iterations > PBES2_ITERATIONS * 5)
    throw new Error(`state: the bundle names an unusable key derivation; it is corrupted, ${START_OVER_HINT}`);
  return { secret: await derivedKey(key, format.s, iterations), legacy: false };
}
async function decryptStateText(jwe, key) {
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
    return { text: inflateRawSync(plaintext).toString("utf8"), legacyKey: legacy };
  } catch (cause) {
    throw new Error(`state: the bundle decrypts but does not inflate; it is corrupted, ${START_OVER_HINT}`, { cause });
  }
}

// src/store/state.ts
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
  const text2 = values["state-reset"]?.trim().toLowerCase() || "false";
  if (["true", "yes", "1"].includes(text2)) return true;
  if (["false", "no", "0"].includes(text2)) return false;
  throw new Error(
    `state-reset: "${text2}" is not a boolean; expected true (start over with an empty state, replacing the stored one) or false`
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

// src/config/nearest.ts
function editDistance(a, b) {
  const rows = Array.from(
    { length: a.length + 1 },
    (_, i) => Array.from({ length: b.length + 1 }, (_2, j) => i === 0 ? j : j === 0 ? i : 0)
  );
  const at = (i, j) => rows[i]?.[j] ?? Infinity;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      rows[i][j] = best;
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

// src/config/file-keys.ts
var ALL_INPUTS = [
  ...CORE_INPUTS,
  ...RENEW_INPUTS,
  ...PROVIDERS.flatMap((p) => p.options)
];
var PER_CERTIFICATE = /* @__PURE__ */ new Set([
  "force-renewal",
  "reuse-key",
  "dry-run-server",
  "renew-before-days",
  "next-run",
  "schedule",
  "pre-hook",
  "post-hook",
  "deploy-hook"
]);
var RUN_WIDE = {
  "max-new-orders": "it is the order budget of the run's ACME account",
  "dry-run": "a dry run saves nothing, for every certificate of the run",
  "warn-days": "it is read for the run's report"
};
var secretReason = (name) => `a secret does not belong in a file kept in a repository; pass it as the ${name} input from a secret (CLI: the ${optionEnvName(name)} variable)`;
var storeReason = (name) => `a setting of the store, which the step's inputs name; give ${name} there too (CLI: --${name})`;
var REFUSED = {
  config: "a config file cannot name another one; give config to the step (CLI: --config)",
  shard: "each job of the matrix has its own shard, while all of them read the same file; give it to the step (shard: ${{ matrix.shard }}/N; CLI: --shard)",
  store: "where the state lives goes with state and state-key, which a file may not hold; give store to the step (CLI: --store)",
  state: secretReason("state"),
  "state-key": secretReason("state-key"),
  "github-token": secretReason("github-token"),
  "github-api-url": "the github-token is sent there, so it is the step's to say; give it to the step (CLI: --github-api-url)",
  "github-repository": storeReason("github-repository"),
  "artifact-branch": storeReason("artifact-branch"),
  "artifact-retention-days": storeReason("artifact-retention-days")
};
function inputKey(input) {
  const core = CORE_INPUTS.includes(input);
  const provider = !core && !RENEW_INPUTS.includes(input);
  if (core || provider)
    return {
      name: input.name,
      input,
      levels: input.name === "dns-provider" || provider ? ["top", "certificate", "zone"] : ["top", "certificate"]
    };
  if (PER_CERTIFICATE.has(input.name)) return { name: input.name, input, levels: ["top", "certificate"] };
  const runWide = RUN_WIDE[input.name];
  if (runWide) return { name: input.name, input, levels: ["top"], runWide };
  const refused = REFUSED[input.name] ?? `it is read for the whole run from the step's inputs; give it there (CLI: --${input.name})`;
  return { name: input.name, input, levels: [], refused };
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
  return near ? `unknown key "${name}"; did you mean "${near}"?` : `unknown key "${name}"; expected an input named in the README's input tables (the file's JSON Schema checks keys as you type)`;
}
function fileKeyProblem(name, level, keys = fileKeys()) {
  const key = keys.get(name);
  if (!key) return unknown(name, level, keys);
  if (key.refused) return `${name}: not read from a config file: ${key.refused}`;
  return key.levels.includes(level) ? void 0 : misplaced(key, level);
}

// src/dns/routing.ts
function routeByZone(routes, fallback) {
  const ordered = [...routes].sort((a, b) => b.zone.length - a.zone.length);
  const parts = [...ordered.map((r) => `${r.zone}=${r.provider.name}`), ...fallback ? [`*=${fallback.name}`] : []];
  return {
    name: `zones(${parts.join(",")})`,
    description: `per zone: ${[...ordered.map((r) => `${r.zone}: ${r.provider.description}`), ...fallback ? [`others: ${fallback.description}`] : []].join("; ")}`,
    async create(context) {
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
      return {
        name: "zones",
        async createRecords(records) {
          const created = /* @__PURE__ */ new Map();
          for (const { batch, result } of await dispatch(records, (provider, batch2) => provider.createRecords(batch2))) {
            if (result) batch.forEach((record, i) => created.set(record, result[i] ?? record));
          }
          return created.size > 0 ? records.map((record) => created.get(record) ?? record) : void 0;
        },
        deleteRecords: async (records) => void await dispatch(records, (provider, batch) => provider.deleteRecords(batch))
      };
    }
  };
}

// src/config/file.ts
var isObject3 = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
var isScalar = (v) => v === null || ["string", "number", "boolean"].includes(typeof v);
function text(key, value2) {
  if (value2 === void 0 || value2 === null) return void 0;
  if (Array.isArray(value2) ? !value2.every(isScalar) : !isScalar(value2)) {
    throw new Error(`${key}: a mapping is not a value here; expected text, a number, true/false or a list of them`);
  }
  return Array.isArray(value2) ? value2.map(String).join(",") : String(value2);
}
function inputsOf(entry, skip) {
  return Object.fromEntries(
    Object.entries(entry).filter(([key]) => !skip.includes(key)).map(([key, value2]) => [key, text(key, value2)])
  );
}
function placesOf(document, certificates) {
  const places = [{ where: "", level: "top", mapping: document }];
  certificates.forEach((entry, index) => {
    const where = `certificates[${index}]: `;
    if (!isObject3(entry)) throw new Error(`${where}not a mapping; expected keys such as domains and cert-name`);
    places.push({ where, level: "certificate", mapping: entry });
    if (entry.zones === void 0) return;
    if (!isObject3(entry.zones)) throw new Error(`${where}zones: expected a mapping of zone name to provider inputs`);
    for (const [zone, inputs] of Object.entries(entry.zones)) {
      if (!isObject3(inputs))
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
  for (const { mapping } of places) {
    const given = Object.fromEntries(
      Object.entries(mapping).map(([key, value2]) => [key, isScalar(value2) ? String(value2 ?? "") : void 0])
    );
    for (const secret of [...secretsIn(given, ALL_INPUTS), ...await secretsInFiles(given, ALL_INPUTS)])
      onSecret(secret);
  }
}
function parseConcurrency(document) {
  const concurrencyText = text("concurrency", document.concurrency) ?? "2";
  const concurrency = Number(concurrencyText);
  if (!/^\d+$/.test(concurrencyText) || concurrency < 1 || concurrency > 16) {
    throw new Error(`concurrency "${concurrencyText}" is not supported; expected a whole number from 1 to 16`);
  }
  return concurrency;
}
function parseEntry(entry, shared, defaultNextRun) {
  const raw = { ...shared, ...inputsOf(entry, ["zones"]) };
  const routes = Object.entries(isObject3(entry.zones) ? entry.zones : {}).map(([zone, inputs]) => ({
    zone: normalizeName(zone),
    provider: parseProvider({ ...raw, ...inputsOf(inputs, []) })
  }));
  const provider = routes.length > 0 ? routeByZone(routes, raw["dns-provider"] ? parseProvider(raw) : void 0) : void 0;
  return { request: parseCertificateRequest(raw, provider), policy: parseRenewalPolicy(raw, defaultNextRun) };
}
async function parseConfigFile(source, path, base, options = {}) {
  const { parse } = (await import("./dist-ASDPNZGO.js")).default;
  let document;
  try {
    document = parse(source);
  } catch (error) {
    throw new Error(`config: ${path} is not valid YAML: ${error.message.split("\n")[0]}`);
  }
  if (!isObject3(document) || !Array.isArray(document.certificates) || document.certificates.length === 0) {
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
    const runInputs = { ...base, ...inputsOf(document, ["certificates", "concurrency"]) };
    const names = /* @__PURE__ */ new Set();
    const certificates = entries.map((entry, index) => {
      try {
        const job = parseEntry(entry, runInputs, options.defaultNextRun);
        if (names.has(job.request.name))
          throw new Error(`cert-name: "${job.request.name}" is used twice; give each certificate its own cert-name`);
        names.add(job.request.name);
        return job;
      } catch (error) {
        throw new Error(`certificates[${index}]: ${error.message}`, { cause: error });
      }
    });
    return { certificates, concurrency, runInputs };
  } catch (error) {
    throw new Error(`config: ${path}: ${error.message}`, { cause: error });
  }
}

// src/config/plan.ts
async function planCertificates(raw, options = {}) {
  if (options.onSecret) for (const secret of await secretsInFiles(raw, ALL_INPUTS)) options.onSecret(secret);
  const path = options.configPath ?? value(raw, "config");
  if (!path)
    return {
      certificates: [
        { request: parseCertificateRequest(raw), policy: parseRenewalPolicy(raw, options.defaultNextRun) }
      ],
      concurrency: 1,
      runInputs: raw
    };
  const source = await readFile3(path, "utf8").catch((cause) => {
    throw new Error(`config: cannot read ${path}; expected a YAML file with a certificates list`, { cause });
  });
  return parseConfigFile(source, path, raw, options);
}
function parseStateSpec(raw, storeKinds) {
  const store = value(raw, "store");
  if (!store) return void 0;
  const shard = parseShard(value(raw, "shard"));
  return {
    store: parseStoreSpec(storeForShard(store, shard), raw, storeKinds),
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
  const [before = "", after = ""] = basename2(pattern).split("{shard}");
  const own = storeForShard(pattern, shard);
  return async () => {
    const dir = dirname4(pattern);
    const names = await readdir2(dir).catch(() => []);
    const key = parseStateKey(value(raw, "state-key"));
    const paths = names.filter(
      (n) => n.startsWith(before) && n.endsWith(after) && /^\d+$/.test(n.slice(before.length, n.length - after.length))
    ).map((n) => join3(dir, n)).filter((p) => p !== own);
    return Promise.all(
      paths.map(async (path) => ({ description: `file ${path}`, bundle: await loadState(new FileStore(path), key) }))
    );
  };
}
async function parseRunPlan(raw, options) {
  const state = parseStateSpec(raw, options.storeKinds);
  const planned = await planCertificates(raw, options);
  const maxNewOrders = parseMaxNewOrders(planned.runInputs);
  const warnDays = parseWarnDays(planned.runInputs);
  const { certificates, concurrency } = planned;
  const shard = parseShard(value(raw, "shard"));
  if (!shard) return { certificates, concurrency, maxNewOrders, warnDays, ...state ? { state } : {} };
  if (!value(raw, "config"))
    throw new Error(
      "shard: only splits the certificates of a config file; set config, or drop shard for a single certificate"
    );
  const names = certificates.map((c) => c.request.name);
  const siblings = siblingStates(raw, shard);
  return {
    certificates: certificates.filter((c) => shardOf(c.request.name, shard.count) === shard.index),
    concurrency,
    maxNewOrders,
    warnDays,
    shard: { ...shard, names, ...siblings ? { siblings } : {} },
    ...state ? { state } : {}
  };
}

// src/store/journal.ts
import { hostname as hostname2 } from "node:os";
import { rm as rm3 } from "node:fs/promises";
var FOREIGN_HOST_GRACE_MS = 864e5;
var RecordJournal = class {
  constructor(path, logger) {
    this.path = path;
    this.logger = logger;
  }
  path;
  logger;
  pending = [];
  written = Promise.resolve();
  /** The journal as last read for leftBehind. */
  snapshot;
  /** The entries of `certName` whose run is gone. */
  async leftBehind(certName, now) {
    const host = hostname2();
    this.snapshot ??= this.read();
    return (await this.snapshot).filter(
      (e) => e.certName === certName && (e.host === host ? e.pid !== process.pid && !processAlive(e.pid) : now - Date.parse(e.createdAt) > FOREIGN_HOST_GRACE_MS)
    );
  }
  /** Notes this process's records of a certificate (replacing what it noted before for it). */
  note(entry) {
    const mine = { ...entry, pid: process.pid, host: hostname2() };
    return this.change((entries) => [
      ...entries.filter((e) => !(e.certName === entry.certName && e.pid === process.pid && e.host === mine.host)),
      mine
    ]);
  }
  /** Forgets this process's records of `certName`, or exactly `entries` (left behind, now removed). */
  forget(certName, entries) {
    const host = hostname2();
    const gone = (e) => entries ? entries.some(
      (x) => x.pid === e.pid && x.host === e.host && x.createdAt === e.createdAt && x.certName === e.certName
    ) : e.certName === certName && e.pid === process.pid && e.host === host;
    return this.change((list) => list.filter((e) => !gone(e)));
  }
  async read() {
    const text2 = await readFileIfExists(this.path);
    if (text2 === void 0) return [];
    try {
      const parsed = JSON.parse(text2);
      if (!Array.isArray(parsed.entries)) throw new Error("no entries list");
      return parsed.entries.filter(isEntry);
    } catch (error) {
      this.logger.warn(`${this.path} is not a records journal (${error.message}); starting a new one`);
      return [];
    }
  }
  /**
   * Read, change and write under a lock beside the file, so concurrent runs keep each other's
   * entries. Changes of this process made while a write is under way are applied together by
   * the next one (sixteen certificates at once do not queue on the lock file).
   */
  change(update) {
    this.pending.push(update);
    this.written = this.written.catch(() => void 0).then(async () => {
      const updates = this.pending.splice(0);
      if (updates.length === 0) return;
      this.snapshot = void 0;
      const release = await acquireLockFile(`${this.path}.lock`, {
        what: `records journal ${this.path}`,
        timeoutMs: 1e4
      });
      try {
        const before = await this.read();
        const after = updates.reduce((entries, apply) => apply(entries), before);
        if (after.length === 0) {
          if (before.length > 0) await rm3(this.path, { force: true });
          return;
        }
        await writeFileAtomic(this.path, `${JSON.stringify({ entries: after }, null, 2)}
`, 384);
      } finally {
        await release();
      }
    });
    return this.written;
  }
};
function isEntry(value2) {
  const e = value2;
  return typeof e === "object" && e !== null && typeof e.certName === "string" && typeof e.provider === "string" && typeof e.pid === "number" && typeof e.host === "string" && typeof e.createdAt === "string" && Array.isArray(e.records) && e.records.every((r) => typeof r?.fqdn === "string" && typeof r?.value === "string");
}
var KEY_AUTHORIZATION_DIGEST = /^[A-Za-z0-9_-]{43}$/;
function recordShapeProblem(record, domains) {
  if (typeof record !== "object" || record === null) return "it is not a record";
  const { type, domain, fqdn, zone, value: value2 } = record;
  if (type !== void 0 && type !== "TXT") return `its type is ${quotedName(String(type))}, not TXT`;
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
  } catch (error) {
    return `it is not ${expected}, and following its CNAMEs failed (${errorMessage(error)})`;
  }
}

// src/issue/session.ts
import { createPrivateKey as createPrivateKey2 } from "node:crypto";
import { readFile as readFile4 } from "node:fs/promises";

// src/acme/jws.ts
import { createHash as createHash2, createPublicKey } from "node:crypto";
async function accountKeyFrom(privateKey) {
  const details = privateKey.asymmetricKeyDetails;
  let alg;
  if (privateKey.asymmetricKeyType === "ec" && details?.namedCurve === "prime256v1") alg = "ES256";
  else if (privateKey.asymmetricKeyType === "ec" && details?.namedCurve === "secp384r1") alg = "ES384";
  else if (privateKey.asymmetricKeyType === "rsa") alg = "RS256";
  else
    throw new Error(
      `acme: unsupported account key type ${privateKey.asymmetricKeyType} ${details?.namedCurve ?? ""}; use EC P-256, P-384 or RSA`
    );
  const { kty, crv, x, y, n, e } = await exportJWK(createPublicKey(privateKey));
  const publicJwk = Object.fromEntries(
    Object.entries({ kty, crv, x, y, n, e }).filter(([, v]) => v !== void 0)
  );
  return { privateKey, alg, publicJwk };
}
async function signAcmeRequest(key, header, payload) {
  const body = payload === void 0 ? new Uint8Array(0) : new TextEncoder().encode(JSON.stringify(payload));
  const protectedHeader = {
    alg: key.alg,
    nonce: header.nonce,
    url: header.url,
    ...header.kid ? { kid: header.kid } : { jwk: key.publicJwk }
  };
  const jws = await new FlattenedSign(body).setProtectedHeader(protectedHeader).sign(key.privateKey);
  return { protected: jws.protected ?? "", payload: jws.payload, signature: jws.signature };
}
async function externalAccountBinding(key, binding, newAccountUrl) {
  const secret = base64url_exports.decode(binding.hmacKey);
  const jws = await new FlattenedSign(new TextEncoder().encode(JSON.stringify(key.publicJwk))).setProtectedHeader({ alg: "HS256", kid: binding.kid, url: newAccountUrl }).sign(secret);
  return { protected: jws.protected ?? "", payload: jws.payload, signature: jws.signature };
}
async function dns01TxtValue(token, key) {
  const thumbprint = await calculateJwkThumbprint(key.publicJwk, "sha256");
  return createHash2("sha256").update(`${token}.${thumbprint}`).digest("base64url");
}

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
  constructor(context, document, status, url) {
    const type = document.type ?? "about:blank";
    const detail = document.detail ?? "";
    const subproblems = document.subproblems ?? [];
    const sub = subproblems.length > 0 ? ` (${describeSubproblems(subproblems)})` : "";
    super(`acme: ${context}: ${shortProblemType(type)}: ${detail}${sub}`);
    this.name = "AcmeProblem";
    this.type = type;
    this.detail = detail;
    this.status = status;
    this.subproblems = subproblems;
    this.url = url;
  }
  /** True when the problem has the given short type (`badNonce`, `rateLimited`, ...). */
  is(shortType) {
    return this.type === ACME_ERROR_PREFIX + shortType;
  }
};

// src/acme/transport.ts
var JOSE_CONTENT_TYPE = "application/jose+json";
var AcmeTransport = class {
  constructor(options) {
    this.options = options;
    this.maxRetries = options.maxRetries ?? 6;
    this.badNonceBudgetMs = options.badNonceBudgetMs ?? 3e4;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 6e4;
  }
  options;
  directoryPromise;
  nonces = [];
  accountUrl;
  maxRetries;
  badNonceBudgetMs;
  maxRetryAfterMs;
  get accountKey() {
    return this.options.accountKey;
  }
  get kid() {
    return this.accountUrl;
  }
  /** Sets the account URL used as `kid` once the account is known (§7.3). */
  setAccountUrl(url) {
    this.accountUrl = url;
  }
  /** The directory (§7.1.1), fetched once per transport. */
  directory() {
    this.directoryPromise ??= this.fetchDirectory().catch((error) => {
      this.directoryPromise = void 0;
      throw error;
    });
    return this.directoryPromise;
  }
  async fetchDirectory() {
    const url = this.options.directoryUrl;
    let response;
    try {
      response = await this.options.http({ method: "GET", url });
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
  keepNonce(response) {
    const nonce = response.headers["replay-nonce"];
    if (typeof nonce === "string" && nonce !== "") this.nonces.push(nonce);
  }
  /** A fresh nonce: from the pool, else from newNonce (§7.2). */
  async nonce() {
    const pooled = this.nonces.pop();
    if (pooled) return pooled;
    const { newNonce } = await this.directory();
    const response = await this.options.http({ method: "HEAD", url: newNonce });
    const nonce = response.headers["replay-nonce"];
    if (typeof nonce !== "string" || nonce === "") {
      throw new Error(`acme: newNonce ${newNonce} returned no Replay-Nonce header (HTTP ${response.status})`);
    }
    return nonce;
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
    const attempts = { badNonce: 0, other: 0, started: this.options.clock.now() };
    for (; ; ) {
      const nonce = await this.nonce();
      const body = JSON.stringify(
        await signAcmeRequest(this.options.accountKey, { nonce, url, ...kid ? { kid } : {} }, payload)
      );
      const headers = { "content-type": JOSE_CONTENT_TYPE };
      if (options.accept) headers.accept = options.accept;
      const response = await this.options.http({ method: "POST", url, body, headers });
      this.keepNonce(response);
      if (response.status < 400) return this.parse(response, options.accept);
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
    let document = { detail: `HTTP ${response.status}` };
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

// src/issue/account.ts
import { generateKeyPairSync, createPrivateKey } from "node:crypto";

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
  return accountFrom(transport, response.location, response.body);
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
    return accountFrom(transport, response.location, response.body);
  } catch (error) {
    if (error instanceof Error && "type" in error && error.type.endsWith(":accountDoesNotExist")) {
      return void 0;
    }
    throw error;
  }
}
function accountFrom(transport, location, body) {
  if (!location) throw new Error("acme: newAccount response has no Location header (RFC 8555 \xA77.3)");
  if (body.status !== "valid") throw new Error(`acme: account ${location} is ${body.status}; expected valid`);
  transport.setAccountUrl(location);
  return { url: location, status: body.status, ...body.contact ? { contact: body.contact } : {} };
}

// src/issue/account.ts
function generateAccountKey() {
  return generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
}
async function loadOrCreateAccountKey(path) {
  const pem2 = path ? await readFileIfExists(path) : void 0;
  if (pem2 !== void 0) {
    try {
      return { key: createPrivateKey(pem2), isNew: false };
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
  return newAccount(transport, {
    emails: settings.emails,
    termsOfServiceAgreed: settings.agreeTos,
    ...settings.eab ? { externalAccountBinding: settings.eab } : {}
  });
}

// src/issue/session.ts
var AcmeSession = class {
  constructor(options) {
    this.options = options;
  }
  options;
  connections = /* @__PURE__ */ new Map();
  trustPems = /* @__PURE__ */ new Map();
  /** The HTTP client that trusts the system roots plus `trustFile`, if given. */
  async http(trustFile) {
    if (!trustFile) return this.options.clients.forTrust();
    let pem2 = this.trustPems.get(trustFile);
    if (!pem2) {
      pem2 = readFile4(trustFile, "utf8").catch((cause) => {
        this.trustPems.delete(trustFile);
        throw new Error(
          `server-ca-file: cannot read ${trustFile}; expected a PEM file with the CA that signed the ACME server's certificate`,
          { cause }
        );
      });
      this.trustPems.set(trustFile, pem2);
    }
    return this.options.clients.forTrust(await pem2);
  }
  /** The signed-request transport for the CA at `directoryUrl` (default: the request's). */
  async transport(ca, directoryUrl = ca.directoryUrl) {
    return (await this.connection(ca, directoryUrl)).transport;
  }
  /** The CA's directory, fetched once per run. */
  async directory(ca, directoryUrl = ca.directoryUrl) {
    return (await this.transport(ca, directoryUrl)).directory();
  }
  /**
   * The account at the CA, looked up or registered once per run (RFC 8555 §7.3). A newly
   * registered account goes into the account book.
   */
  async account(ca, directoryUrl = ca.directoryUrl) {
    const connection = await this.connection(ca, directoryUrl);
    connection.account ??= this.lookUp(connection, ca, directoryUrl);
    return connection.account;
  }
  async lookUp(connection, ca, directoryUrl) {
    const account = await ensureAccount(connection.transport, ca.account, connection.source === "new").catch(
      (error) => {
        connection.account = void 0;
        throw error;
      }
    );
    this.options.logger.debug(`acme: account ${account.url} at ${directoryUrl}`);
    if (connection.source !== "state") {
      this.options.accounts.remember(directoryUrl, {
        url: account.url,
        keyPem: connection.key.export({ type: "pkcs8", format: "pem" }).toString()
      });
    }
    return account;
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
    const stored = this.options.accounts.find(directoryUrl);
    let key;
    let source;
    if (stored) {
      [key, source] = [createPrivateKey2(stored.keyPem), "state"];
    } else if (ca.account.keyFile) {
      const loaded3 = await loadOrCreateAccountKey(ca.account.keyFile);
      [key, source] = [loaded3.key, loaded3.isNew ? "new" : "file"];
    } else {
      [key, source] = [generateAccountKey(), "new"];
    }
    const http = await this.http(ca.trustFile);
    const transport = new AcmeTransport({ http, directoryUrl, accountKey: await accountKeyFrom(key), clock, logger });
    return { transport, key, source };
  }
};

// src/crypto/x509.ts
import { webcrypto } from "node:crypto";
var loaded;
function loadX509() {
  loaded ??= (async () => {
    await import("./Reflect-D3WTTGVD.js");
    const module = await import("./x509.cjs-GNC6X3T6.js");
    const x509 = module.default ?? module;
    x509.cryptoProvider.set(webcrypto);
    return x509;
  })();
  return loaded;
}

// src/acme/ari.ts
async function ariCertificateId(chainPem) {
  const x509 = await loadX509();
  const [leafPem] = splitPemCertificates(chainPem);
  if (!leafPem) throw new Error("ari: no certificate in the chain");
  const leaf = new x509.X509Certificate(leafPem);
  const aki = leaf.getExtension(x509.AuthorityKeyIdentifierExtension);
  if (!aki?.keyId) throw new Error("ari: the certificate has no authority key identifier; ARI cannot name it");
  let serial = Buffer.from(leaf.serialNumber.replace(/^(00)+(?=[0-9a-f]{2})/i, ""), "hex");
  if ((serial[0] ?? 0) & 128) serial = Buffer.concat([Buffer.from([0]), serial]);
  return `${Buffer.from(aki.keyId, "hex").toString("base64url")}.${serial.toString("base64url")}`;
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
import { X509Certificate } from "node:crypto";
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
    certs: splitPemCertificates(chain.pem).map((pem2) => new X509Certificate(pem2))
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
  const der = new X509Certificate(leaf).raw;
  const { revokeCert } = await transport.directory();
  await transport.post(revokeCert, { certificate: der.toString("base64url"), reason }, "revokeCert");
}

// src/crypto/certificate.ts
import { createPublicKey as createPublicKey2, webcrypto as webcrypto2, X509Certificate as X509Certificate2 } from "node:crypto";
function summarizeCertificate(chainPem) {
  const [leafPem] = splitPemCertificates(chainPem);
  if (!leafPem) throw new Error("crypto: no certificate in the chain");
  const leaf = new X509Certificate2(leafPem);
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
  const certificates = splitPemCertificates(chainPem).map((pem2) => new X509Certificate2(pem2));
  const [leaf] = certificates;
  if (!leaf) return ["it holds no certificate"];
  const problems = [];
  const expected = createPublicKey2({
    key: Buffer.from(await webcrypto2.subtle.exportKey("spki", publicKey)),
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

// src/renewal/decide.ts
import { createHash as createHash3 } from "node:crypto";
var DAY = 864e5;
function stableFraction(certificateId) {
  return createHash3("sha256").update(certificateId).digest().readUIntBE(0, 6) / 2 ** 48;
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
  const at = new Date(renewAt);
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
        serial: summary.serial
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

// src/renewal/resources.ts
import { getServers } from "node:dns";

// src/dns/resolver.ts
import { isIP } from "node:net";
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
function memoized(cache2, key, lookup) {
  let pending = cache2.get(key);
  if (!pending) {
    pending = lookup();
    cache2.set(key, pending);
    pending.catch(() => cache2.delete(key));
  }
  return pending;
}
var DnsResolver = class {
  constructor(settings) {
    this.settings = settings;
  }
  settings;
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
      } catch (error) {
        failures.push(`${formatServerAddress(server)}: ${error.message}`);
      }
    }
    const list = servers.map(formatServerAddress).join(", ") || "none";
    throw new Error(
      `dns: no server could answer ${type} ${name} (asked ${list}: ${failures.join("; ")}); check the nameservers / resolver setting`
    );
  }
  /** Follows `name` through CNAMEs (RFC 8555 §8.4 delegation of _acme-challenge) to the final name. */
  async followCnames(name) {
    const chain = [name];
    for (let hop = 0; hop < MAX_CNAME_HOPS; hop++) {
      const current = chain.at(-1);
      const reply = await this.ask(current, "CNAME");
      const cname = reply.answers.find((answer) => answer.type === "CNAME" && owner(answer) === current);
      if (!cname) return current;
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
  async lookupZone(name) {
    for (const candidate of selfAndParents(name)) {
      const reply = await this.ask(candidate, "SOA");
      if (reply.answers.some((answer) => answer.type === "SOA" && owner(answer) === candidate)) return candidate;
      const soa = reply.authorities.find(
        (record) => record.type === "SOA" && owner(record) !== "" && isInZone(name, owner(record))
      );
      if (soa) return checkedHostName([`SOA of ${name}`], owner(soa), `check the zone that holds ${name}`);
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
        return [...v4.answers, ...v6?.answers ?? []].filter((a) => (a.type === "A" || a.type === "AAAA") && owner(a) === host && isIP(answerText(a)) !== 0).map((a) => ({ host: answerText(a), port: 53 }));
      })
    );
    const flat = addresses.flat();
    if (flat.length === 0) throw new Error(`dns: no addresses for the nameservers of ${zone} (${hosts.join(", ")})`);
    return flat;
  }
};

// src/renewal/resources.ts
function systemResolvers() {
  return getServers().map((server) => parseServerAddress(server, "system resolver"));
}
function sharedResolvers() {
  const resolvers = /* @__PURE__ */ new Map();
  return (dns) => {
    const key = JSON.stringify([dns.resolvers ?? null, dns.nameservers ?? null]);
    let resolver = resolvers.get(key);
    if (!resolver) {
      resolver = new DnsResolver({
        resolvers: dns.resolvers ?? systemResolvers(),
        ...dns.nameservers ? { nameservers: dns.nameservers } : {}
      });
      resolvers.set(key, resolver);
    }
    return resolver;
  };
}

// src/store/session.ts
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
        this.baseText = await saveState(store, key, this.current, this.onSecret);
        this.base = this.current;
      } finally {
        await release?.();
      }
    });
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

// src/renewal/renew.ts
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join as join5 } from "node:path";

// src/issue/files.ts
import { lstat as lstat3, readFile as readFile5 } from "node:fs/promises";
import { join as join4 } from "node:path";

// src/crypto/pkcs12.ts
import {
  createCipheriv,
  createDecipheriv,
  createHash as createHash4,
  createPrivateKey as createPrivateKey3,
  randomBytes as randomBytes4,
  timingSafeEqual as timingSafeEqual2,
  webcrypto as webcrypto3
} from "node:crypto";
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
var loaded2;
function loadPkcs12() {
  loaded2 ??= (async () => {
    const [pkijs, asn1js] = await Promise.all([import("./build-YF5ABABN.js"), import("./build-A435MLGF.js")]);
    class Pkcs12Engine extends pkijs.CryptoEngine {
      async encryptEncryptedContentInfo(parameters) {
        let algorithm;
        let encrypted;
        if (parameters.contentEncryptionAlgorithm.name === TRIPLE_DES_PBE) {
          const salt = randomBytes4(8);
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
          const info = await super.encryptEncryptedContentInfo(parameters);
          algorithm = info.contentEncryptionAlgorithm;
          encrypted = info.getEncryptedContent();
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
        const info = parameters.encryptedContentInfo;
        if (info.contentEncryptionAlgorithm.algorithmId !== OID.tripleDesPbe)
          return super.decryptEncryptedContentInfo(parameters);
        const [salt, iterations] = info.contentEncryptionAlgorithm.algorithmParams.valueBlock.value;
        const plain = tripleDesPbe(
          "decrypt",
          parameters.password,
          salt.valueBlock.valueHexView,
          iterations.valueBlock.valueDec,
          info.getEncryptedContent()
        );
        return toArrayBuffer(plain);
      }
    }
    return {
      pkijs,
      asn1js,
      engine: new Pkcs12Engine({
        name: "certwright",
        crypto: webcrypto3
      })
    };
  })();
  return loaded2;
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
      values: [new asn1js.OctetString({ valueHex: createHash4("sha1").update(leaf).digest() })]
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
  const keyDer = createPrivateKey3(files.privkey).export({ type: "pkcs8", format: "der" });
  const key = await engine.encryptEncryptedContentInfo({
    ...encryption,
    contentType: OID.data,
    contentToEncrypt: toArrayBuffer(keyDer)
  });
  const keyBag = new pkijs.SafeBag({
    bagId: OID.keyBag,
    bagValue: new pkijs.PKCS8ShroudedKeyBag({
      encryptionAlgorithm: key.contentEncryptionAlgorithm,
      encryptedData: key.encryptedContent
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
  const key = createPrivateKey3(files.privkey).export({ type: "pkcs8", format: "der" });
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
  for (const info of pfx.parsedValue?.authenticatedSafe?.safeContents ?? []) {
    let contents;
    if (info.contentType === OID.encryptedData) {
      const encrypted = new pkijs.EncryptedData({ schema: info.content });
      opened.encryptionOids.push(encrypted.encryptedContentInfo.contentEncryptionAlgorithm.algorithmId);
      contents = await encrypted.decrypt({ password }, engine);
    } else if (info.contentType === OID.data) {
      contents = info.content.getValue();
    } else {
      throw new Error(`pkcs12: a safe of content type ${info.contentType}, which certwright does not write`);
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
  return a !== void 0 && b !== void 0 && a.length === b.length && timingSafeEqual2(a, b);
}
function tripleDesPbe(direction, password, salt, iterations, data) {
  const text2 = new TextDecoder().decode(password);
  const key = pkcs12Kdf(text2, salt, iterations, 1, 24);
  const iv = pkcs12Kdf(text2, salt, iterations, 2, 8);
  const cipher = direction === "encrypt" ? createCipheriv("des-ede3-cbc", key, iv) : createDecipheriv("des-ede3-cbc", key, iv);
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
    let digest2 = createHash4("sha1").update(Buffer.alloc(v, id)).update(input).digest();
    for (let i = 1; i < iterations; i++) digest2 = createHash4("sha1").update(digest2).digest();
    blocks.push(digest2);
    for (let start = 0; start < input.length; start += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = (input[start + k] ?? 0) + (digest2[k % digest2.length] ?? 0) + carry;
        input[start + k] = sum & 255;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(blocks).subarray(0, length);
}

// src/issue/files.ts
async function holds(path, content, mode) {
  try {
    const [text2, info] = await Promise.all([readFile5(path, "utf8"), lstat3(path)]);
    return info.isFile() && text2 === content && (info.mode & 511) === mode;
  } catch {
    return false;
  }
}
async function holdsPfx(path, files, settings) {
  try {
    const [der, info] = await Promise.all([readFile5(path), lstat3(path)]);
    return info.isFile() && (info.mode & 511) === 384 && await pfxHolds(der, files, settings);
  } catch {
    return false;
  }
}
async function writeCertificateFiles(dir, files, options = {}) {
  const paths = {
    dir,
    cert: join4(dir, "cert.pem"),
    chain: join4(dir, "chain.pem"),
    fullchain: join4(dir, "fullchain.pem"),
    privkey: join4(dir, "privkey.pem")
  };
  const write = async (path, content, mode) => {
    if (!(options.unlessSame && await holds(path, content, mode))) await writeFileAtomic(path, content, mode);
  };
  await makeFolder(dir, { private: true });
  await write(paths.privkey, files.privkey, 384);
  await Promise.all([
    write(paths.cert, files.cert, 420),
    write(paths.chain, files.chain, 420),
    write(paths.fullchain, files.fullchain, 420)
  ]);
  if (!options.pfx) return paths;
  const pfx = join4(dir, "cert.pfx");
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
async function waitForAuthorization(transport, url, poll) {
  const deadline = poll.clock.now() + poll.timeoutMs;
  let interval = poll.intervalMs;
  for (; ; ) {
    const { authorization, retryAfterMs: retry } = await getAuthorization(transport, url);
    if (authorization.status === "valid") return authorization;
    if (authorization.status !== "pending") {
      const failed = authorization.challenges.find((c) => c.status === "invalid" && c.error);
      const name = authorizedName(authorization);
      throw new AcmeProblem(
        `validation of ${name} failed`,
        failed?.error ?? { detail: `authorization is ${authorization.status}` },
        0,
        url
      );
    }
    const wait = Math.min(retry ?? interval, poll.maxIntervalMs ?? 5e3);
    if (poll.clock.now() + wait > deadline) {
      throw new Error(
        `acme: authorization of ${authorizedName(authorization)} still pending after ${poll.timeoutMs} ms`
      );
    }
    await poll.clock.sleep(wait);
    interval = Math.min(interval * 2, poll.maxIntervalMs ?? 5e3);
  }
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
async function waitForOrder(transport, order, want, poll) {
  const deadline = poll.clock.now() + poll.timeoutMs;
  let interval = poll.intervalMs;
  let current = order;
  for (; ; ) {
    if (current.status === want || want === "ready" && current.status === "valid") return current;
    if (current.status === "invalid") {
      throw new AcmeProblem(
        `order ${current.url} is invalid`,
        current.error ?? { detail: "no error given" },
        0,
        current.url
      );
    }
    if (want === "valid" && current.status === "ready") {
      throw new Error(`acme: order ${current.url} is ready but not finalized`);
    }
    const wait = Math.min(interval, poll.maxIntervalMs ?? 5e3);
    if (poll.clock.now() + wait > deadline) {
      throw new Error(
        `acme: order ${current.url} still ${current.status} after ${poll.timeoutMs} ms; expected ${want}`
      );
    }
    await poll.clock.sleep(wait);
    const next = await getOrder(transport, current.url);
    current = next.order;
    interval = next.retryAfterMs ?? interval * 2;
  }
}

// src/crypto/csr.ts
async function createCsr(key, domains) {
  const x509 = await loadX509();
  const [first] = domains;
  if (!first) throw new Error("crypto: a CSR needs at least one domain");
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    ...first.length <= 64 ? { name: [{ CN: [first] }] } : {},
    keys: key.keys,
    signingAlgorithm: signingAlgorithm(key.keyType),
    extensions: [new x509.SubjectAlternativeNameExtension(domains.map((value2) => ({ type: "dns", value: value2 })))]
  });
  return new Uint8Array(csr.rawData);
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
    const results = await Promise.all(pending.map((check2) => isServed(check2)));
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
async function isServed(check2) {
  try {
    const reply = await query(check2.server, check2.fqdn, "TXT", { timeoutMs: 2e3 });
    const seen = new Set(txtValues(reply.answers, check2.fqdn));
    const missing = [...check2.expected].filter((value2) => !seen.has(value2));
    check2.lastSeen = missing.length === 0 ? "ok" : `${reply.rcode}, ${missing.length} of ${check2.expected.size} values missing`;
    return missing.length === 0;
  } catch (error) {
    check2.lastSeen = error.message;
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
var POLL = { timeoutMs: 18e4, intervalMs: 100, maxIntervalMs: 5e3 };
async function obtainCertificate(request, options, deps) {
  const { transport, logger, clock } = deps;
  const started = clock.now();
  const keyPromise = options.key ? Promise.resolve(options.key) : generateCertificateKey(request.keyType);
  keyPromise.catch(() => void 0);
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
  if (pending.length > 0) await proveControl(pending, request, deps);
  order = await waitForOrder(transport, order, "ready", { ...POLL, clock });
  const key = await keyPromise;
  order = await finalizeOrder(transport, order, await createCsr(key, request.domains));
  order = await waitForOrder(transport, order, "valid", { ...POLL, clock });
  const chainPem = await download(transport, order, request.ca.preferredChain);
  const problems = await issuedCertificateProblems(chainPem, key.keys.publicKey, request.domains, clock.now());
  if (problems.length > 0) {
    throw new Error(
      `acme: the certificate the CA sent for order ${order.url} is not the one ordered (${problems.join("; ")}); it was not written: try again, and tell the CA if it repeats`
    );
  }
  logger.debug(`acme: certificate for ${request.domains.join(", ")} in ${clock.now() - started} ms`);
  return { chainPem, key, summary: summarizeCertificate(chainPem), orderUrl: order.url };
}
function brief(items, shown = 3) {
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
async function proveControl(pending, request, deps) {
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
  try {
    const created = await provider.createRecords(records);
    if (created) {
      records = created;
      await deps.onRecordsPlanned?.(records);
    }
    logger.info(
      `${records.length} TXT record(s) created with ${provider.name} in ${clock.now() - planned} ms: ${brief([...new Set(records.map((r) => r.fqdn))])}`
    );
    if (request.dns.propagation.mode === "check") {
      await waitForTxtOnAuthoritativeNameservers(records, resolver, { ...request.dns.propagation, clock, logger });
    }
    await Promise.all(pending.map(({ challenge }) => answerChallenge(transport, challenge)));
    const results = await Promise.allSettled(
      pending.map(({ authorization }) => waitForAuthorization(transport, authorization.url, { ...POLL, clock }))
    );
    const errors = results.filter((r) => r.status === "rejected").map((r) => r.reason);
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new Error(errors.map(errorMessage).join("; "), { cause: errors[0] });
    logger.info(
      `validated: the CA saw ${pending.length === 1 ? "the TXT record" : `all ${pending.length} TXT records`}`
    );
  } catch (error) {
    await deactivatePending(transport, pending, logger);
    throw error;
  } finally {
    if (await removeRecords(provider, records, deps)) await deps.onRecordsRemoved?.();
  }
}
async function deactivatePending(transport, pending, logger) {
  await Promise.all(
    pending.map(async ({ authorization, domain }) => {
      try {
        const { authorization: current } = await getAuthorization(transport, authorization.url);
        if (current.status !== "pending") return;
        await deactivateAuthorization(transport, authorization.url);
        logger.debug(`acme: deactivated the pending authorization of ${domain} (${authorization.url})`);
      } catch (error) {
        logger.warn(`acme: could not deactivate the authorization of ${domain}: ${errorMessage(error)}`);
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
  } catch (error) {
    const { served, unchecked } = await recordsStillServed(records, resolver);
    if (served.length === 0 && unchecked.length === 0) {
      logger.debug(
        `${provider.name}: removing the TXT records failed (${errorMessage(error)}), but no nameserver serves them: none is left`
      );
      return true;
    }
    const names = (list) => [...new Set(list.map((r) => r.fqdn))].join(", ");
    const where = [
      served.length > 0 ? `at ${names(served)}` : "",
      unchecked.length > 0 ? `perhaps at ${names(unchecked)} (no nameserver answered)` : ""
    ].filter(Boolean).join(", and ");
    logger.warn(
      `${provider.name}: could not remove TXT records ${where}: ${errorMessage(error)}; they stay noted for the next cleanup (the Action's post step, or the next run for this certificate)`
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
  } catch (error) {
    throw new Error(`${kind}: could not start "${command}"`, { cause: error });
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
  if (policy.forceRenewal) return "renewal forced";
  return void 0;
}
async function assessCertificate(job, run) {
  const { policy } = job;
  const { state, context } = run;
  const { logger, clock } = context;
  const started = clock.now();
  const existing = state.bundle.lineages[job.request.name];
  const request = job.request.ca.profile || !existing?.profile ? job.request : { ...job.request, ca: { ...job.request.ca, profile: existing.profile } };
  if (await removeStrayRecords(request, run)) await state.save();
  const directoryUrl = policy.dryRun ? policy.dryRunServer : request.ca.directoryUrl;
  let decision;
  let certificateId;
  let current;
  let window;
  const forced = changeReason(existing, job, state.persistent);
  const writeCurrent = async (lineage, action, reason2, summary) => {
    context.onSecret?.(lineage.keyPem);
    const dir = join5(request.outputDir, request.name);
    const paths = await writeCertificateFiles(dir, certificateFiles(lineage.chainPem, lineage.keyPem), {
      unlessSame: true,
      pfx: request.pfx
    }).catch((error) => {
      throw new Error(`output-dir: could not write the certificate to ${dir}: ${errorMessage(error)}`, {
        cause: error
      });
    });
    return {
      action,
      reason: reason2,
      summary,
      paths,
      ...decision ? { renewAt: decision.renewAt } : {},
      elapsedMs: clock.now() - started
    };
  };
  if (existing) current = await currentCertificate(existing);
  if (existing && current && !forced) {
    const { summary } = current;
    certificateId = current.facts.ariId ?? void 0;
    window = certificateId ? await currentRenewalInfo(existing, certificateId, request, run) : void 0;
    const changed = window !== void 0 && window !== existing.renewalInfo || current.read;
    if (changed) setLineage(run, { ...existing, ...window ? { renewalInfo: window } : {}, facts: current.facts });
    const now2 = clock.now();
    const nextRunAt = policy.nextRun?.(new Date(now2))?.getTime();
    decision = decideRenewal({
      notBefore: summary.notBefore,
      notAfter: summary.notAfter,
      now: now2,
      certificateId: renewalId(summary, current.facts),
      ...nextRunAt !== void 0 ? { nextRunAt } : {},
      ...policy.renewBeforeDays !== void 0 ? { renewBeforeDays: policy.renewBeforeDays } : {},
      ...window ? { ariWindow: { start: new Date(window.windowStart), end: new Date(window.windowEnd) } } : {}
    });
    if (!decision.due && !policy.dryRun) {
      logger.info(decision.reason);
      if (changed) await state.save();
      return { due: false, outcome: await writeCurrent(existing, "not-due", decision.reason, summary) };
    }
  }
  const now = clock.now();
  const windowStart = window ? Date.parse(window.windowStart) : void 0;
  const reason = forced ?? decision?.reason ?? "dry run";
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
      const orderRun = orderLogger ? { ...run, context: { ...context, logger: orderLogger } } : run;
      return orderCertificate({ job, run: orderRun, request, existing, reason, certificateId, directoryUrl, started });
    },
    defer: async (why) => {
      logger.info(`deferred: ${why}`);
      return existing && current ? writeCurrent(existing, "deferred", why, current.summary) : void 0;
    }
  };
}
async function orderCertificate(order) {
  const { job, run, request, existing, reason, certificateId, directoryUrl, started } = order;
  const { policy } = job;
  const { context } = run;
  const { logger, clock } = context;
  if (!policy.dryRun) {
    const dir = join5(request.outputDir, request.name);
    const problem = await folderProblem(dir, { private: true });
    if (problem) throw new Error(`output-dir: ${dir} ${problem}`);
  }
  logger.info(`${policy.dryRun ? "dry run" : existing ? "renewing" : "issuing"}: ${reason}`);
  if (policy.hooks.pre) await runHook("pre-hook", policy.hooks.pre, context.env, logger, policy.hooks.timeoutMs);
  try {
    const transport = await run.acme.transport(request.ca, directoryUrl);
    await run.acme.account(request.ca, directoryUrl);
    const key = policy.reuseKey && existing && !existing.revoked ? await importCertificateKey(existing.keyPem, request.keyType) : void 0;
    const replaces = certificateId && (await transport.directory()).renewalInfo ? certificateId : void 0;
    logger.info(
      `ordering ${request.domains.join(", ")} from ${directoryUrl}; DNS: ${request.dns.provider.description}`
    );
    const obtained = await obtainCertificate(
      request,
      { ...key ? { key } : {}, ...replaces ? { replaces } : {} },
      {
        transport,
        provider: await request.dns.provider.create({ logger, clock, env: context.env, http: run.http }),
        resolver: run.resolverFor(request.dns),
        clock,
        logger,
        ...recordJournal(request, run)
      }
    );
    context.onSecret?.(obtained.key.privateKeyPem);
    if (policy.dryRun) {
      logger.info("dry run succeeded; nothing was saved");
      return { action: "dry-run", reason, summary: obtained.summary, elapsedMs: clock.now() - started };
    }
    const chainPem = canonicalChainPem(obtained.chainPem);
    const facts = await readCertificateFacts(chainPem, obtained.summary);
    setLineage(run, {
      name: request.name,
      domains: request.domains,
      keyType: request.keyType,
      server: request.ca.directoryUrl,
      provider: request.dns.provider.name,
      ...request.ca.profile ? { profile: request.ca.profile } : {},
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
    const paths = await keepNewCertificate(request, certificateFiles(chainPem, obtained.key.privateKeyPem), run);
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
      elapsedMs: clock.now() - started
    };
  } finally {
    if (policy.hooks.post) {
      await runHook("post-hook", policy.hooks.post, context.env, logger, policy.hooks.timeoutMs).catch(
        (error) => logger.warn(errorMessage(error))
      );
    }
  }
}
async function keepNewCertificate(request, files, run) {
  const { state } = run;
  const dir = join5(request.outputDir, request.name);
  const saveError = await state.save().then(
    () => void 0,
    (error) => error
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
    const rescue = await mkdtemp(join5(tmpdir(), `certwright-rescue-${request.name.replace(/[^A-Za-z0-9.-]/g, "_")}-`));
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
function recordJournal(request, run) {
  const { state, context } = run;
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
function setLineage(run, lineage) {
  run.state.update((b) => ({ ...b, lineages: { ...b.lineages, [lineage.name]: lineage } }));
}
async function currentRenewalInfo(lineage, certificateId, request, run) {
  const stored = lineage.renewalInfo;
  const now = run.context.clock.now();
  if (stored && Date.parse(stored.retryAfter) > now) return stored;
  const directory = await run.acme.directory(request.ca);
  if (!directory.renewalInfo) return void 0;
  try {
    const info = await fetchRenewalInfo(
      await run.acme.http(request.ca.trustFile),
      directory.renewalInfo,
      certificateId,
      now
    );
    return {
      windowStart: info.windowStart.toISOString(),
      windowEnd: info.windowEnd.toISOString(),
      ...info.explanationUrl ? { explanationUrl: info.explanationUrl } : {},
      fetchedAt: new Date(now).toISOString(),
      retryAfter: info.retryAfter.toISOString()
    };
  } catch (error) {
    run.context.logger.warn(`ari: ${errorMessage(error)}; deciding without the CA's window`);
    return stored;
  }
}
async function removeStrayRecords(request, run) {
  const { state, context } = run;
  const mine = state.bundle.pendingCleanup.filter(
    (c) => c.certName ? c.certName === request.name : c.provider === request.dns.provider.name
  );
  const journaled = await context.journal?.leftBehind(request.name, context.clock.now()) ?? [];
  if (mine.length === 0 && journaled.length === 0) return false;
  const provider = await request.dns.provider.create({
    logger: context.logger,
    clock: context.clock,
    env: context.env,
    http: run.http
  });
  const removed = /* @__PURE__ */ new Set();
  const recordKey = (r) => `${r.fqdn} ${r.value}`;
  const followCnames = (name) => run.resolverFor(request.dns).followCnames(name);
  const remove = async (cleanup) => {
    const own = await ownChallengeRecords(cleanup.records, request, followCnames, context.logger.warn);
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
function accountBookOf(state) {
  return {
    find: (directoryUrl) => state.bundle.accounts[directoryUrl],
    remember: (directoryUrl, account) => state.update((b) => ({ ...b, accounts: { ...b.accounts, [directoryUrl]: account } }))
  };
}
async function runCertificates(plan, context) {
  const clients = runHttpClients(context);
  const dryRun = plan.certificates.some((c) => c.policy.dryRun);
  const state = await openRunState(plan.state, clients, context, dryRun);
  const run = {
    context,
    state,
    acme: new AcmeSession({ clients, accounts: accountBookOf(state), clock: context.clock, logger: context.logger }),
    http: clients.forTrust(),
    resolverFor: sharedResolvers()
  };
  if (plan.shard) await settleShard(plan, plan.shard, state, context);
  const failed = (job, error) => ({
    name: job.request.name,
    error,
    requested: job.request.domains
  });
  const runFor = (name) => ({
    ...run,
    context: { ...context, logger: prefixedLogger(context.logger, name) }
  });
  try {
    const results = new Array(plan.certificates.length);
    const assessed = await eachLimited(plan.certificates, plan.concurrency, async (job, index) => {
      try {
        const assessment = await assessCertificate(job, runFor(job.request.name));
        if (!assessment.due) results[index] = { name: job.request.name, outcome: assessment.outcome };
        return assessment.due ? { ...assessment.order, index, assessment } : void 0;
      } catch (error) {
        results[index] = failed(job, error);
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
      } catch (error) {
        results[d.index] = failed(job, error);
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
      } catch (error) {
        results[o.index] = {
          ...failed(job, error),
          ...o.assessment.current ? { current: o.assessment.current } : {}
        };
      } finally {
        log?.end();
      }
    });
    if (state.changed)
      await state.save().catch(
        (error) => context.logger.warn(`state: could not write the last changes: ${errorMessage(error)}`)
      );
    return results;
  } finally {
    await state.close();
  }
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

export {
  fileStoreKind,
  loadState,
  saveState,
  unavailableStore,
  parseStateReset,
  nearest,
  planCertificates,
  parseStateSpec,
  parseRunPlan,
  AcmeSession,
  RecordJournal,
  ownChallengeRecords,
  listLineages,
  REVOCATION_REASONS,
  revokeLineage,
  markRevoked,
  deleteLineage,
  sharedResolvers,
  runHttpClients,
  runCertificates
};
