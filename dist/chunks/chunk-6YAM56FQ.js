import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  ALL_INPUTS,
  bitString,
  certificateFiles,
  choosePreferredChain,
  contextTag,
  currentCertificate,
  decideRenewal,
  downloadCertificateChains,
  fetchRenewalInfo,
  fileKeyProblem,
  fileKeys,
  issuedCertificateProblems,
  nullValue,
  objectIdentifier,
  octetString,
  readCertificateFacts,
  renewalId,
  revocationReason,
  sequence,
  set,
  smallInteger,
  summarizeCertificate,
  utf8String
} from "./chunk-DMZG5Z4S.js";
import {
  buildPfx,
  pfxHolds
} from "./chunk-TZL7KYRD.js";
import {
  canonicalChainPem,
  derToPem,
  pemToDer
} from "./chunk-DQUHBUNO.js";
import {
  AcmeProblem,
  caCandidates,
  markingUnreachable,
  orderWithFallback
} from "./chunk-3OUG6M4G.js";
import {
  CERTIFICATE_NAME_INPUTS,
  FileStore,
  SERVER_EAB_KEY,
  acquireLockFile,
  answerText,
  deployItemValues,
  folderProblem,
  formatServerAddress,
  generateCertificateKey,
  groupByZone,
  importCertificateKey,
  makeFolder,
  parseBoolean,
  parseCertificateRequest,
  parseCertificateSettings,
  parseDeployFailure,
  parseDeployItems,
  parseDeployTo,
  parseProvider,
  parseRenewalPolicy,
  parseServerAddress,
  parseStoreSpec,
  parseWarnDays,
  planChallengeRecords,
  processAlive,
  query,
  readFileIfExists,
  secretsIn,
  secretsInFiles,
  txtValues,
  value,
  warmChallengeTargets,
  writeFileAtomic
} from "./chunk-3QFPO7D7.js";
import {
  runCommand
} from "./chunk-OB4OUFN5.js";
import {
  HttpClients,
  retryAfterMs
} from "./chunk-6GRIDMUM.js";
import {
  USER_AGENT,
  errorMessage,
  prefixedLogger
} from "./chunk-HXHQ2ZRY.js";
import {
  challengeRecordName,
  hostNameProblem,
  isInZone,
  normalizeName,
  quotedName,
  selfAndParents
} from "./chunk-OYDUDBUO.js";

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
async function deployTo(target, certificate, previous, run) {
  const { logger, clock, idTokenRequest } = run.context;
  const base = { target: target.name, key: target.key, description: target.description };
  const env = idTokenRequest ? {
    ...run.context.env,
    ACTIONS_ID_TOKEN_REQUEST_URL: idTokenRequest.url,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: idTokenRequest.token
  } : run.context.env;
  try {
    const deployer = await target.create({ logger, clock, env, http: run.http });
    const record = await deployer.deploy(certificate, previous);
    logger.info(`deployed serial ${record.serial} to ${target.description}: ${record.id}`);
    return { ...base, action: "deployed", record };
  } catch (error) {
    const message = `deploy to ${target.description} failed: ${withoutKey(errorMessage(error), certificate.keyPem)}`;
    logger.warn(`${message}; the certificate is kept, and the next run tries this target again`);
    return { ...base, action: "failed", error: new Error(message), ...previous ? { record: previous } : {} };
  }
}
function dryRunDeployments(targets, outcome, run) {
  const { domains, serial } = outcome.summary;
  return targets.map((target) => {
    run.context.logger.info(
      `dry run: ${target.description} would receive the certificate for ${domains.join(", ")}, serial ${serial}`
    );
    return { target: target.name, key: target.key, description: target.description, action: "dry-run" };
  });
}
async function deployCertificate(name, targets, outcome, run) {
  if (targets.length === 0) return [];
  if (outcome.action === "dry-run") return dryRunDeployments(targets, outcome, run);
  const lineage = run.state.bundle.lineages[name];
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
      return deployTo(target, certificate, record, run);
    })
  );
  rememberDeployments(name, results, run);
  return results;
}
function rememberDeployments(name, results, run) {
  const deployed = results.filter((r) => r.action === "deployed" && r.record);
  if (deployed.length === 0) return;
  run.state.update((bundle) => {
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

// src/state/journal.ts
import { hostname } from "node:os";
import { rm } from "node:fs/promises";
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
    const host = hostname();
    this.snapshot ??= this.read();
    return (await this.snapshot).filter(
      (e) => e.certName === certName && (e.host === host ? e.pid !== process.pid && !processAlive(e.pid) : now - Date.parse(e.createdAt) > FOREIGN_HOST_GRACE_MS)
    );
  }
  /** Notes this process's records of a certificate (replacing what it noted before for it). */
  note(entry) {
    const mine = { ...entry, pid: process.pid, host: hostname() };
    return this.change((entries) => [
      ...entries.filter((e) => !(e.certName === entry.certName && e.pid === process.pid && e.host === mine.host)),
      mine
    ]);
  }
  /** Forgets this process's records of `certName`, or exactly `entries` (left behind, now removed). */
  forget(certName, entries) {
    const host = hostname();
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
          if (before.length > 0) await rm(this.path, { force: true });
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
  } catch (error) {
    return `it is not ${expected}, and following its CNAMEs failed (${errorMessage(error)})`;
  }
}

// src/config/plan.ts
import { readdir, readFile as readFile3 } from "node:fs/promises";
import { basename, dirname, join as join3 } from "node:path";

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

// src/issue/account-changes.ts
import { createPrivateKey as createPrivateKey2 } from "node:crypto";

// src/acme/jws.ts
import { createHash, createHmac, createPublicKey, sign } from "node:crypto";
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
  const { kty, crv, x, y, n, e } = createPublicKey(privateKey).export({ format: "jwk" });
  const publicJwk = Object.fromEntries(
    Object.entries({ kty, crv, x, y, n, e }).filter(([, v]) => v !== void 0)
  );
  return Promise.resolve({ privateKey, alg, publicJwk, thumbprint: jwkThumbprint(publicJwk) });
}
function jwkThumbprint(jwk) {
  const required = jwk.kty === "EC" ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y } : { e: jwk.e, kty: jwk.kty, n: jwk.n };
  return createHash("sha256").update(JSON.stringify(required)).digest("base64url");
}
var base64url = (text2) => Buffer.from(text2, "utf8").toString("base64url");
function signAcmeRequest(key, header, payload) {
  const protectedHeader = base64url(
    JSON.stringify({
      alg: key.alg,
      // keyChange's inner JWS has none (§7.3.5).
      ...header.nonce === void 0 ? {} : { nonce: header.nonce },
      url: header.url,
      ...header.kid ? { kid: header.kid } : { jwk: key.publicJwk }
    })
  );
  const encodedPayload = payload === void 0 ? "" : base64url(JSON.stringify(payload));
  const { hash, dsaEncoding } = SIGNERS[key.alg];
  const signature = sign(hash, Buffer.from(`${protectedHeader}.${encodedPayload}`), {
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
  const signature = createHmac("sha256", secret).update(`${protectedHeader}.${payload}`).digest("base64url");
  return Promise.resolve({ protected: protectedHeader, payload, signature });
}
function dns01TxtValue(token, key) {
  return Promise.resolve(createHash("sha256").update(`${token}.${key.thumbprint}`).digest("base64url"));
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
import { generateKeyPairSync, createPrivateKey } from "node:crypto";
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
function keyNotKnown(error) {
  return error instanceof AcmeProblem && (error.is("accountDoesNotExist") || error.is("unauthorized") || error.is("malformed"));
}
async function accountOfKey(transport, url) {
  try {
    const account = await findAccount(transport);
    return account?.url === url ? account : void 0;
  } catch (error) {
    if (keyNotKnown(error)) return void 0;
    throw error;
  }
}
async function settleRollover(stored, transportFor, logger) {
  const current = createPrivateKey2(stored.keyPem);
  if (await accountOfKey(await transportFor(current), stored.url)) {
    logger.info(`acme: an earlier account key rollover did not reach the CA; ${stored.url} keeps its key`);
    return current;
  }
  const pending = createPrivateKey2(stored.pendingKeyPem);
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
import { createPrivateKey as createPrivateKey3 } from "node:crypto";
import { readFile } from "node:fs/promises";

// src/acme/transport.ts
var JOSE_CONTENT_TYPE = "application/jose+json";
var AcmeTransport = class {
  constructor(options) {
    this.options = options;
    this.maxRetries = options.maxRetries ?? 6;
    this.badNonceBudgetMs = options.badNonceBudgetMs ?? 3e4;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 6e4;
    this.lanes = new Lanes(options.maxConcurrent ?? 8);
    this.prefetchedDirectory = options.directory;
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
  /** Sets the account URL used as `kid` once the account is known (§7.3). */
  setAccountUrl(url) {
    this.accountUrl = url;
  }
  /** The directory (§7.1.1), fetched once per transport (a fetch that failed is tried again). */
  directory() {
    const prefetched = this.prefetchedDirectory;
    this.prefetchedDirectory = void 0;
    this.directoryPromise ??= (prefetched ?? fetchDirectory(this.options.http, this.options.directoryUrl)).catch(
      (error) => {
        this.directoryPromise = void 0;
        throw error;
      }
    );
    return this.directoryPromise;
  }
  /**
   * Starts what every first signed request waits for: the directory, and a nonce in the pool,
   * so they arrive while the caller does other work (loads the account key, plans DNS).
   */
  warmUp() {
    this.warming ??= this.directory().then(() => this.fetchNonce()).then((nonce) => void this.nonces.push(nonce)).catch(() => void 0).finally(() => this.warming = void 0);
  }
  keepNonce(response) {
    const nonce = response.headers["replay-nonce"];
    if (typeof nonce === "string" && nonce !== "") this.nonces.push(nonce);
  }
  /**
   * A fresh nonce: from the pool, else from newNonce (§7.2). GET, which the RFC lets clients use,
   * rather than HEAD: a HEAD answer without Content-Length (Pebble's) makes Node close the
   * connection, and each nonce would then cost a new TLS connection.
   */
  async nonce() {
    if (this.nonces.length === 0 && this.warming) await this.warming;
    return this.nonces.pop() ?? this.fetchNonce();
  }
  async fetchNonce() {
    const { newNonce } = await this.directory();
    this.noncesFetched++;
    const response = await this.options.http({ method: "GET", url: newNonce });
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
    return this.lanes.run(() => this.send(url, payload, context, kid, options.accept));
  }
  async send(url, payload, context, kid, accept) {
    const attempts = { badNonce: 0, other: 0, started: this.options.clock.now() };
    for (; ; ) {
      const nonce = await this.nonce();
      const body = JSON.stringify(
        await signAcmeRequest(this.options.accountKey, { nonce, url, ...kid ? { kid } : {} }, payload)
      );
      const headers = { "content-type": JOSE_CONTENT_TYPE };
      if (accept) headers.accept = accept;
      const response = await this.options.http({ method: "POST", url, body, headers });
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
async function fetchDirectory(http, url) {
  let response;
  try {
    response = await http({ method: "GET", url });
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
  /** The HTTP client that trusts the system roots plus `trustFile`, if given. */
  async http(trustFile) {
    if (!trustFile) return this.options.clients.forTrust();
    let pem2 = this.trustPems.get(trustFile);
    if (!pem2) {
      pem2 = readFile(trustFile, "utf8").catch((cause) => {
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
    const http = markingUnreachable(await this.http(ca.trustFile), directoryUrl);
    const directory = fetchDirectory(http, directoryUrl);
    directory.catch(() => void 0);
    const stored = this.options.accounts.find(directoryUrl);
    let key;
    let source;
    if (stored?.pendingKeyPem) {
      const transportFor = async (k) => new AcmeTransport({ http, directoryUrl, directory, accountKey: await accountKeyFrom(k), clock, logger });
      key = await settleRollover({ ...stored, pendingKeyPem: stored.pendingKeyPem }, transportFor, logger);
      source = "state";
      this.options.accounts.remember(directoryUrl, {
        url: stored.url,
        keyPem: key.export({ type: "pkcs8", format: "pem" }).toString()
      });
    } else if (stored) {
      [key, source] = [createPrivateKey3(stored.keyPem), "state"];
    } else if (ca.account.keyFile) {
      const loaded = await loadOrCreateAccountKey(ca.account.keyFile);
      [key, source] = [loaded.key, loaded.isNew ? "new" : "file"];
    } else {
      [key, source] = [generateAccountKey(), "new"];
    }
    const accountKey = await accountKeyFrom(key);
    const transport = new AcmeTransport({ http, directoryUrl, directory, accountKey, clock, logger });
    transport.warmUp();
    return { transport, key, source };
  }
};

// src/state/encryption.ts
import { pbkdf2, randomBytes } from "node:crypto";
import { deflateRawSync, inflateRawSync } from "node:zlib";
var PBES2_ITERATIONS = 21e4;
var RAW_KEY_PREFIX = "cwk1:";
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
var FORMAT_HEADER = "cwf";
var derivedKeys = /* @__PURE__ */ new WeakMap();
function derivedKey(key, salt, iterations) {
  let cache = derivedKeys.get(key);
  if (!cache) derivedKeys.set(key, cache = { bySalt: /* @__PURE__ */ new Map() });
  cache.current ??= salt;
  const id = `${salt}.${iterations}`;
  let derived = cache.bySalt.get(id);
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
    cache.bySalt.set(id, derived);
  }
  return derived;
}
var usableIterations = (count) => Number.isInteger(count) && count >= 1e4 && count <= PBES2_ITERATIONS * 5;
function prepareStateKey(stored, key) {
  if (key.kind !== "passphrase") return;
  let format;
  try {
    const header = JSON.parse(Buffer.from(stored.trim().split(".")[0] ?? "", "base64url").toString("utf8"));
    if (header.alg === "dir") format = header[FORMAT_HEADER];
  } catch {
    return;
  }
  if (typeof format?.s !== "string" || !usableIterations(format.c)) return;
  derivedKey(key, format.s, format.c).catch(() => void 0);
}
async function encryptState(plaintext, key) {
  const { CompactEncrypt } = await import("./webapi-C4UDR4ZX.js");
  const jwe = new CompactEncrypt(deflateRawSync(Buffer.from(plaintext, "utf8"), { level: 9 }));
  if (key.kind === "key")
    return jwe.setProtectedHeader({ alg: "dir", enc: "A256GCM", cty: "certwright-state", [FORMAT_HEADER]: { z: "deflate" } }).encrypt(key.key);
  const salt = derivedKeys.get(key)?.current ?? randomBytes(16).toString("base64url");
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
  const { compactDecrypt, decodeProtectedHeader } = await import("./webapi-C4UDR4ZX.js");
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

// src/state/bundle.ts
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
  for (const [name, check] of Object.entries(checks)) check(value2[name], `${path}.${name}`);
}
function arrayOf(check) {
  return (v, p) => {
    if (!Array.isArray(v)) fail(p, "a list");
    v.forEach((item, i) => check(item, `${p}[${i}]`));
  };
}
function recordOf(check) {
  return (v, p) => {
    if (!isObject(v)) fail(p, "an object");
    for (const [key, item] of Object.entries(v)) check(item, `${p}["${key}"]`);
  };
}
var revokedCheck = (r, rp) => r === void 0 || fields(r, rp, { at: string, reason: string });
var number = (v, p) => void (typeof v === "number" || fail(p, "a number"));
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
    accounts: recordOf((a, ap) => fields(a, ap, { url: string, key: string, pendingKey: optionalString })),
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
  revoked: revokedCheck,
  deployed: deployedCheck
});
var seconds = (iso2) => Math.round(Date.parse(iso2) / 1e3);
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
    const chain = l.chain.map((i) => issuers[i] ?? fail(`bundle.lineages["${name}"].chain`, "indexes of issuers"));
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

// src/renewal/shard.ts
import { createHash as createHash2 } from "node:crypto";
function shardOf(name, count) {
  return createHash2("sha256").update(name).digest().readUInt32BE(0) % count + 1;
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
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join as join2 } from "node:path";

// src/issue/files.ts
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { lstat, readFile as readFile2 } from "node:fs/promises";
import { join } from "node:path";
function holds(path, content, mode) {
  let fd;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    const info = fstatSync(fd);
    const expected = Buffer.from(content);
    if (!info.isFile() || (info.mode & 511) !== mode || info.size !== expected.length) return false;
    const found = Buffer.allocUnsafe(expected.length + 1);
    return readSync(fd, found, 0, found.length, 0) === expected.length && expected.equals(found.subarray(0, expected.length));
  } catch {
    return false;
  } finally {
    if (fd !== void 0) closeSync(fd);
  }
}
async function holdsPfx(path, files, settings) {
  try {
    const [der, info] = await Promise.all([readFile2(path), lstat(path)]);
    return info.isFile() && (info.mode & 511) === 384 && await pfxHolds(der, files, settings);
  } catch {
    return false;
  }
}
async function writeCertificateFiles(dir, files, options = {}) {
  const paths = {
    dir,
    cert: join(dir, "cert.pem"),
    chain: join(dir, "chain.pem"),
    fullchain: join(dir, "fullchain.pem"),
    privkey: join(dir, "privkey.pem")
  };
  const write = async (path, content, mode) => {
    if (!(options.unlessSame && holds(path, content, mode))) await writeFileAtomic(path, content, mode);
  };
  await makeFolder(dir, { private: true });
  await write(paths.privkey, files.privkey, 384);
  await Promise.all([
    write(paths.cert, files.cert, 420),
    write(paths.chain, files.chain, 420),
    write(paths.fullchain, files.fullchain, 420)
  ]);
  if (!options.pfx) return paths;
  const pfx = join(dir, "cert.pfx");
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
  const nextWait = pollWaits(poll);
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
    const wait = nextWait(retryAfter);
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
import { KeyObject, sign as sign2 } from "node:crypto";
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
  const names = sequence(...domains.map((name) => contextTag(2, false, Buffer.from(name, "ascii"))));
  const extensions = sequence(sequence(objectIdentifier(OIDS.subjectAltName), octetString(names)));
  const attributes = contextTag(0, true, sequence(objectIdentifier(OIDS.extensionRequest), set(extensions)));
  const publicKey = KeyObject.from(key.keys.publicKey).export({ type: "spki", format: "der" });
  const info = sequence(smallInteger(0), subject, publicKey, attributes);
  const { hash, identifier } = signatureAlgorithm(key.keyType);
  const signature = sign2(hash, info, KeyObject.from(key.keys.privateKey));
  return new Uint8Array(sequence(info, identifier, bitString(signature)));
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
  } catch (error) {
    check.lastSeen = error.message;
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
var POLL = { timeoutMs: 18e4, intervalMs: 2, factor: 1.5, maxIntervalMs: 5e3 };
async function obtainCertificate(request, options, deps) {
  const { transport, logger, clock } = deps;
  const started = clock.now();
  const keyPromise = options.key ? Promise.resolve(options.key) : generateCertificateKey(request.keyType);
  const csrPromise = keyPromise.then((key2) => createCsr(key2, request.domains));
  csrPromise.catch(() => void 0);
  warmChallengeTargets(request.domains, deps.resolver);
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
  const proof = pending.length > 0 ? await proveControl(order, pending, request, deps) : void 0;
  const { chainPem, key } = await whileRemoving(proof?.removal, async () => {
    const ready = await waitForOrder(transport, proof?.order ?? order, "ready", { ...POLL, clock });
    const [key2, csr] = await Promise.all([keyPromise, csrPromise]);
    order = await finalizeOrder(transport, ready, csr);
    order = await waitForOrder(transport, order, "valid", { ...POLL, clock });
    return { chainPem: await download(transport, order, request.ca.preferredChain), key: key2 };
  });
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
async function whileRemoving(removal, work) {
  removal?.catch(() => void 0);
  let result;
  try {
    result = await work();
  } catch (error) {
    await removal?.catch(() => void 0);
    throw error;
  }
  await removal;
  return result;
}
async function proveControl(order, pending, request, deps) {
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
      `${records.length} TXT record(s) created with ${provider.name} in ${clock.now() - planned} ms: ${brief([...new Set(records.map((r) => r.fqdn))])}`
    );
    if (request.dns.propagation.mode === "check") {
      await waitForTxtOnAuthoritativeNameservers(records, resolver, { ...request.dns.propagation, clock, logger });
    }
    await Promise.all(pending.map(({ challenge }) => answerChallenge(transport, challenge)));
    const decided = await waitForOrder(transport, order, "ready", { ...POLL, clock, invalid: "return" });
    if (decided.status === "invalid") throw await validationFailure(transport, decided, pending);
    logger.info(
      `validated: the CA saw ${pending.length === 1 ? "the TXT record" : `all ${pending.length} TXT records`}`
    );
    removal = remove();
    return { order: decided, removal };
  } catch (error) {
    await deactivatePending(transport, pending, logger);
    throw error;
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
async function assessCertificate(job, run) {
  const { policy } = job;
  const { state, context } = run;
  const { logger, clock } = context;
  const started = clock.now();
  const existing = state.bundle.lineages[job.request.name];
  const request = job.request.ca.profile || job.request.ca.preferredProfile || !existing?.profile ? job.request : { ...job.request, ca: { ...job.request.ca, profile: existing.profile } };
  if (await removeStrayRecords(request, run)) await state.save();
  const directoryUrl = policy.dryRun ? policy.dryRunServer : request.ca.directoryUrl;
  let decision;
  let certificateId;
  let current;
  let window;
  const forced = changeReason(existing, job, state.persistent);
  const writeCurrent = async (lineage, action, reason2, summary) => {
    context.onSecret?.(lineage.keyPem);
    const dir = join2(request.outputDir, request.name);
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
      ...window ? { ariWindow: { start: new Date(window.windowStart), end: new Date(window.windowEnd) } } : {},
      ariWindowMoved: windowMoved(existing.renewalInfo, window)
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
      const orderRun = orderLogger ? { ...run, context: { ...context, logger: orderLogger } } : run;
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
  const { job, run, existing, reason, caAsked, directoryUrl, started } = order;
  let { request } = order;
  const { policy } = job;
  const { context } = run;
  const { logger, clock } = context;
  if (!policy.dryRun) {
    const dir = join2(request.outputDir, request.name);
    const problem = await folderProblem(dir, { private: true });
    if (problem) throw new Error(`output-dir: ${dir} ${problem}`);
  }
  logger.info(`${policy.dryRun ? "dry run" : existing ? "renewing" : "issuing"}: ${reason}`);
  if (policy.hooks.pre) await runHook("pre-hook", policy.hooks.pre, context.env, logger, policy.hooks.timeoutMs);
  try {
    const placed = await orderWithFallback(
      caCandidates(policy.dryRun ? dryRunCa(request.ca, policy) : request.ca, directoryUrl),
      (ca) => orderAt({ ...order, request: { ...request, ca } }, ca.directoryUrl),
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
    setLineage(run, {
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
      elapsedMs: clock.now() - started,
      ...caAsked ? { caAsked } : {},
      ...fallback ? { fallback } : {}
    };
  } finally {
    if (policy.hooks.post) {
      await runHook("post-hook", policy.hooks.post, context.env, logger, policy.hooks.timeoutMs).catch(
        (error) => logger.warn(errorMessage(error))
      );
    }
  }
}
function dryRunCa(ca, policy) {
  const fallbacks = (policy.dryRunFallbacks ?? []).map((directoryUrl) => ({ directoryUrl }));
  return { ...ca, fallbacks };
}
async function orderAt(order, directoryUrl) {
  const { job, run, existing, certificateId } = order;
  const { logger, clock, env } = run.context;
  const transport = await run.acme.transport(order.request.ca, directoryUrl);
  const request = withOfferedProfile(order.request, await transport.directory(), logger);
  await run.acme.account(request.ca, directoryUrl);
  const key = job.policy.reuseKey && existing && !existing.revoked ? await importCertificateKey(existing.keyPem, request.keyType) : void 0;
  const sameCa = existing?.server === directoryUrl;
  const replaces = certificateId && sameCa && (await transport.directory()).renewalInfo ? certificateId : void 0;
  logger.info(`ordering ${request.domains.join(", ")} from ${directoryUrl}; DNS: ${request.dns.provider.description}`);
  const obtained = await obtainCertificate(
    request,
    { ...key ? { key } : {}, ...replaces ? { replaces } : {} },
    {
      transport,
      provider: await request.dns.provider.create({ logger, clock, env, http: run.http }),
      resolver: run.resolverFor(request.dns),
      clock,
      logger,
      ...recordJournal(request, run)
    }
  );
  return { obtained, request };
}
async function keepNewCertificate(request, files, run) {
  const { state } = run;
  const dir = join2(request.outputDir, request.name);
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
    const rescue = await mkdtemp(join2(tmpdir(), `certwright-rescue-${request.name.replace(/[^A-Za-z0-9.-]/g, "_")}-`));
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
function setLineage(run, lineage) {
  run.state.update((b) => ({ ...b, lineages: { ...b.lineages, [lineage.name]: lineage } }));
}
async function currentRenewalInfo(lineage, certificateId, request, run) {
  const stored = lineage.renewalInfo;
  const now = run.context.clock.now();
  if (stored && Date.parse(stored.retryAfter) > now) return stored;
  const directory = await run.acme.directory(request.ca, lineage.server);
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
    run.context.logger.warn(`${errorMessage(error)}; deciding without the CA's window`);
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
      } catch (error) {
        failures.push(`${formatServerAddress(server)}: ${error.message}`);
      }
    }
    const list = servers.map(formatServerAddress).join(", ") || "none";
    throw new Error(
      `dns: no server could answer ${type} ${name} (asked ${list}: ${failures.join("; ")}); check the nameservers / resolver setting`
    );
  }
  /**
   * Follows `name` through CNAMEs (RFC 8555 §8.4 delegation of _acme-challenge) to the final
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
async function rollOverAccounts(plan, run) {
  const { state, acme, context } = run;
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
  if (plan.accountRollover && !dryRun) await rollOverAccounts(plan, run);
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
    await deployAll(plan, results, runFor);
    if (state.changed)
      await state.save().catch(
        (error) => context.logger.warn(`state: could not write the last changes: ${errorMessage(error)}`)
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
var isObject2 = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
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
  if (!items.some(isObject2)) return [["server", text("server", value2)]];
  const eabs = items.filter(isObject2).map((item) => {
    const unknown = Object.keys(item).find((key) => !SERVER_ITEM_KEYS.includes(key));
    if (unknown)
      throw new Error(`server: "${unknown}" is not a key of a server item; expected url, eab-kid, eab-hmac-key`);
    if (typeof item.url !== "string" || item.url.trim() === "")
      throw new Error("server: an item without url; expected {url: https://..., eab-kid: ..., eab-hmac-key: ...}");
    return {
      server: item.url.trim(),
      kid: text("eab-kid", item["eab-kid"]),
      hmacKey: text("eab-hmac-key", item["eab-hmac-key"])
    };
  });
  const urls = items.map((item) => isObject2(item) ? item.url.trim() : text("server", item));
  return [
    ["server", urls.join(",")],
    [SERVER_EAB_KEY, JSON.stringify(eabs)]
  ];
}
function placesOf(document, certificates) {
  const places = [{ where: "", level: "top", mapping: document }];
  certificates.forEach((entry, index) => {
    const where = `certificates[${index}]: `;
    if (!isObject2(entry)) throw new Error(`${where}not a mapping; expected keys such as domains and cert-name`);
    places.push({ where, level: "certificate", mapping: entry });
    if (entry.zones === void 0) return;
    if (!isObject2(entry.zones)) throw new Error(`${where}zones: expected a mapping of zone name to provider inputs`);
    for (const [zone, inputs] of Object.entries(entry.zones)) {
      if (!isObject2(inputs))
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
      const given = Object.fromEntries(
        Object.entries(mapping).map(([key, value2]) => [key, isScalar(value2) ? String(value2 ?? "") : void 0])
      );
      for (const secret of [...secretsIn(given, specs), ...await secretsInFiles(given, specs)]) onSecret(secret);
    }
    for (const item of Array.isArray(mapping.server) ? mapping.server : [])
      if (isObject2(item) && isScalar(item["eab-hmac-key"]) && item["eab-hmac-key"])
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
function parseEntry(entry, context) {
  const raw = { ...context.inherited, ...inputsOf(entry, ["zones", "deploy"]) };
  const rest = Object.fromEntries(
    Object.entries(raw).filter(([key2]) => !CERTIFICATE_NAME_INPUTS.includes(key2))
  );
  const key = entry.zones === void 0 ? JSON.stringify(rest) : void 0;
  let parts = key === void 0 ? void 0 : context.shared.get(key);
  if (!parts) {
    const routes = Object.entries(isObject2(entry.zones) ? entry.zones : {}).map(([zone, inputs]) => ({
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
  const { parseYaml } = await import("./yaml-SPVWTNLL.js");
  let document;
  try {
    document = parseYaml(source);
  } catch (error) {
    throw new Error(`config: ${path} ${error.message}`, { cause: error });
  }
  if (!isObject2(document) || !Array.isArray(document.certificates) || document.certificates.length === 0) {
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
    const names = /* @__PURE__ */ new Set();
    const shared = /* @__PURE__ */ new Map();
    const certificates = entries.map((entry, index) => {
      try {
        const job = parseEntry(entry, {
          inherited: runInputs,
          defaultNextRun: options.defaultNextRun,
          deploy: document.deploy,
          shared
        });
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
  if (!path) {
    const deploy = parseDeployTo(raw);
    const job = { request: parseCertificateRequest(raw), policy: parseRenewalPolicy(raw, options.defaultNextRun) };
    return { certificates: [deploy.length > 0 ? { ...job, deploy } : job], concurrency: 1, runInputs: raw };
  }
  if (value(raw, "deploy-to"))
    throw new Error(
      "deploy-to: with config, each certificate lists its targets in the file, as deploy: [{ target: NAME, ... }]"
    );
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
  const [before = "", after = ""] = basename(pattern).split("{shard}");
  const own = storeForShard(pattern, shard);
  return async () => {
    const dir = dirname(pattern);
    const names = await readdir(dir).catch(() => []);
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
  const names = certificates.map((c) => c.request.name);
  const siblings = siblingStates(raw, shard);
  return {
    certificates: certificates.filter((c) => shardOf(c.request.name, shard.count) === shard.index),
    concurrency,
    maxNewOrders,
    warnDays,
    deployFailure,
    accountRollover,
    shard: { ...shard, names, ...siblings ? { siblings } : {} },
    ...state ? { state } : {}
  };
}

export {
  rollOverAccountKey,
  deactivate,
  AcmeSession,
  loadState,
  saveState,
  deployFailed,
  RecordJournal,
  ownChallengeRecords,
  sharedResolvers,
  runHttpClients,
  openRunState,
  accountBookOf,
  runCertificates,
  planCertificates,
  parseStateSpec,
  parseRunPlan
};
