// src/process/start-script.ts
import { randomBytes } from "node:crypto";
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  unlinkSync,
  writeFileSync
} from "node:fs";
import { createRequire as createRequire2 } from "node:module";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

// src/runtime.ts
import { createRequire } from "node:module";
var nodeRequire;
function requireBuiltin(name) {
  nodeRequire ??= createRequire(import.meta.url);
  return nodeRequire(name);
}

// src/process/young-generation.ts
var LARGE_CONFIG_BYTES = 16 * 1024;
var DEFAULT_GROWTH_FACTOR = 2;
var HELD = /* @__PURE__ */ Symbol.for("certwright.young-generation.held");
function setGrowthFactor(factor) {
  requireBuiltin("node:v8").setFlagsFromString(`--semi-space-growth-factor=${factor}`);
}
function releaseYoungGeneration() {
  if (globalThis[HELD] !== true) return;
  setGrowthFactor(DEFAULT_GROWTH_FACTOR);
  globalThis[HELD] = false;
}

// src/process/start-script.ts
var FULL_RUN = /* @__PURE__ */ Symbol.for("certwright.start-script.full-run");
function codeCacheFolder(env = process.env, home = homedir) {
  if (env.CERTWRIGHT_CODE_CACHE === "off" || env.CERTWRIGHT_CODE_CACHE === "0") return void 0;
  if (env.XDG_CACHE_HOME?.startsWith("/")) return join(env.XDG_CACHE_HOME, "certwright");
  try {
    const base = env.HOME?.startsWith("/") ? env.HOME : home();
    return base.startsWith("/") ? join(base, ".cache", "certwright") : void 0;
  } catch {
    return void 0;
  }
}
function privateFolder(folder, create) {
  const uid = process.getuid?.();
  if (uid === void 0) return false;
  try {
    const info2 = lstatSync(folder);
    return info2.isDirectory() && info2.uid === uid && (info2.mode & 63) === 0;
  } catch (error2) {
    if (!create || error2.code !== "ENOENT") return false;
    try {
      mkdirSync(folder, { recursive: true, mode: 448 });
    } catch {
      return false;
    }
    return privateFolder(folder, false);
  }
}
function readCache(path) {
  let fd;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    const info2 = fstatSync(fd);
    if (!info2.isFile() || info2.uid !== process.getuid?.() || (info2.mode & 18) !== 0) return void 0;
    const data = Buffer.allocUnsafe(info2.size);
    return readSync(fd, data, 0, info2.size, 0) === info2.size ? data : void 0;
  } catch {
    return void 0;
  } finally {
    if (fd !== void 0) closeSync(fd);
  }
}
var STALE_MS = 7 * 864e5;
function writeCache(folder, name, data) {
  if (!privateFolder(folder, true)) return;
  const path = join(folder, name);
  const temp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    writeFileSync(temp, data, { mode: 384, flag: "wx" });
    renameSync(temp, path);
  } catch {
    try {
      unlinkSync(temp);
    } catch {
    }
    return;
  }
  for (const other of readdirSync(folder)) {
    if (!/^start-.*\.v8$/.test(other) || other === name) continue;
    try {
      const otherPath = join(folder, other);
      const info2 = lstatSync(otherPath);
      if (Date.now() - Math.max(info2.atimeMs, info2.mtimeMs) > STALE_MS) unlinkSync(otherPath);
    } catch {
    }
  }
}
function runStartScript(url, hash, env = process.env) {
  const filename = fileURLToPath(url);
  const source = readFileSync(filename, "latin1");
  const folder = codeCacheFolder(env);
  const name = `start-${hash}-${process.version}-${process.arch}`;
  let cache = "off";
  let script;
  let used;
  if (folder) {
    const trusted = privateFolder(folder, false) || !existsSync(folder);
    cache = trusted ? "written" : "untrusted";
    for (const [kind, file] of trusted ? [
      ["full", `${name}-run.v8`],
      ["any", `${name}.v8`]
    ] : []) {
      const cachedData = readCache(join(folder, file));
      if (!cachedData) continue;
      script = new vm.Script(source, { filename, cachedData });
      if (!script.cachedDataRejected) {
        [cache, used] = ["used", kind];
        break;
      }
    }
  }
  const compiled = script ?? new vm.Script(source, { filename });
  if (folder && cache !== "untrusted") {
    process.once("exit", () => {
      const full = globalThis[FULL_RUN] === true;
      if (full ? used === "full" : used !== void 0) return;
      try {
        releaseYoungGeneration();
        writeCache(folder, `${name}${full ? "-run" : ""}.v8`, compiled.createCachedData());
      } catch {
      }
    });
  }
  const module = { exports: {} };
  const start = compiled.runInThisContext();
  start(module.exports, createRequire2(url), module, url.href, (specifier) => import(new URL(specifier, url).href));
  return { exports: module.exports, cache };
}

// src/state/early-key.ts
import { closeSync as closeSync2, constants as constants2, openSync as openSync2, readSync as readSync2 } from "node:fs";
import { pbkdf2 } from "node:crypto";
import { homedir as homedir2 } from "node:os";
import { join as join2 } from "node:path";
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
    (resolve, reject) => pbkdf2(
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
    fd = openSync2(path, constants2.O_RDONLY | constants2.O_NOFOLLOW | constants2.O_NONBLOCK);
    const buffer = Buffer.alloc(4096);
    return buffer.subarray(0, readSync2(fd, buffer, 0, 4096, 0)).toString("utf8");
  } catch {
    return void 0;
  } finally {
    if (fd !== void 0) closeSync2(fd);
  }
}
function flagValue(argv, name) {
  let found;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") break;
    if (arg === `--${name}`) found = argv[++i];
    else if (arg.startsWith(`--${name}=`)) found = arg.slice(name.length + 3);
  }
  return found;
}
function storedBundle(store, secretState) {
  if (store.startsWith("file:")) {
    const path = store.slice("file:".length);
    return path.includes("{") ? void 0 : peekBundleFile(path);
  }
  return store.startsWith("secret:") ? secretState : void 0;
}
function earlyInputs(argv, env) {
  const input = (name) => env[`INPUT_${name.toUpperCase()}`]?.trim() || void 0;
  const fallback = (name) => env[`CERTWRIGHT_${name.toUpperCase().replace(/-/g, "_")}`]?.trim() || void 0;
  let store;
  let passphrase;
  let bundle;
  if ((store = input("store")) && /(^|\/)main\.js$/.test(argv[1] ?? "")) {
    if (input("state-reset")?.toLowerCase() === "true") return void 0;
    passphrase = input("state-key") ?? fallback("state-key");
    bundle = storedBundle(store, input("state") ?? fallback("state"));
  } else if (argv.slice(2).includes("renew") && !argv.includes("--state-reset")) {
    const home = env.XDG_CONFIG_HOME || join2(homedir2(), ".config");
    store = flagValue(argv, "store") ?? `file:${join2(home, "certwright", "state.jwe")}`;
    passphrase = fallback("state-key");
    bundle = storedBundle(store, fallback("state"));
  }
  if (!passphrase || passphrase.length < 16 || passphrase.startsWith(RAW_KEY_PREFIX) || !bundle) return void 0;
  return { passphrase, bundle };
}
function deriveStateKeyEarly(argv = process.argv, env = process.env) {
  try {
    if (slot[EARLY]) return;
    const inputs = earlyInputs(argv, env);
    const derivation = inputs && passphraseDerivationOf(inputs.bundle);
    if (!inputs || !derivation) return;
    const key = derivePassphraseKey(inputs.passphrase, derivation.salt, derivation.iterations);
    key.catch(() => void 0);
    slot[EARLY] = { passphrase: inputs.passphrase, ...derivation, key };
  } catch {
  }
}

// start-loader.js
deriveStateKeyEarly();
var started = runStartScript(new URL("./start-body.cjs", import.meta.url), "27bbf1245e6afa29").exports;
var ACME_DNS_REGISTER_INPUTS = started["ACME_DNS_REGISTER_INPUTS"];
var ACM_ACTIONS = started["ACM_ACTIONS"];
var ACTION_INPUTS = started["ACTION_INPUTS"];
var ALL_INPUTS = started["ALL_INPUTS"];
var API_VERSION$19 = started["API_VERSION$19"];
var API_VERSION$5 = started["API_VERSION$5"];
var AZURE_ACTIONS = started["AZURE_ACTIONS"];
var AcmeDnsError = started["AcmeDnsError"];
var AcmeProblem = started["AcmeProblem"];
var AcmeSession = started["AcmeSession"];
var CERTIFICATE_MANAGER_PERMISSIONS = started["CERTIFICATE_MANAGER_PERMISSIONS"];
var CERTIFICATE_NAME_INPUTS = started["CERTIFICATE_NAME_INPUTS"];
var CLI_ONLY = started["CLI_ONLY"];
var CLI_STORE_KINDS = started["CLI_STORE_KINDS"];
var CLOUD_API_RETRY_POLICY = started["CLOUD_API_RETRY_POLICY"];
var COMMANDS = started["COMMANDS"];
var CORE_INPUTS = started["CORE_INPUTS"];
var CrashJournal = started["CrashJournal"];
var DEFAULT_API_URL$10 = started["DEFAULT_API_URL$10"];
var DEFAULT_API_URL$19 = started["DEFAULT_API_URL$19"];
var DEFAULT_API_URL$20 = started["DEFAULT_API_URL$20"];
var DEFAULT_OUTPUT_DIR = started["DEFAULT_OUTPUT_DIR"];
var DEFAULT_RETRY_POLICY = started["DEFAULT_RETRY_POLICY"];
var DEPLOY_INPUTS = started["DEPLOY_INPUTS"];
var DEPLOY_TARGETS = started["DEPLOY_TARGETS"];
var ExitCode = started["ExitCode"];
var FORMAT_HEADER2 = started["FORMAT_HEADER"];
var FileStore = started["FileStore"];
var GITHUB_API_URL = started["GITHUB_API_URL"];
var GITHUB_REPOSITORY = started["GITHUB_REPOSITORY"];
var GITHUB_TOKEN = started["GITHUB_TOKEN"];
var GOOGLE_DNS_PERMISSIONS = started["GOOGLE_DNS_PERMISSIONS"];
var HttpClients = started["HttpClients"];
var HttpreqClient = started["HttpreqClient"];
var IMPORT_ACTION = started["IMPORT_ACTION"];
var KIND_NAMES = started["KIND_NAMES"];
var NOTIFY_EVENTS = started["NOTIFY_EVENTS"];
var NOTIFY_OPTIONS = started["NOTIFY_OPTIONS"];
var NoAnswerError = started["NoAnswerError"];
var PBES2_ITERATIONS2 = started["PBES2_ITERATIONS"];
var PENDING_RECORDS_STATE = started["PENDING_RECORDS_STATE"];
var PROVIDERS = started["PROVIDERS"];
var RAW_KEY_PREFIX2 = started["RAW_KEY_PREFIX"];
var RENEW_INPUTS = started["RENEW_INPUTS"];
var RESOURCE_GROUP = started["RESOURCE_GROUP"];
var REVOCATION_REASONS = started["REVOCATION_REASONS"];
var ROUTE53_ACTIONS = started["ROUTE53_ACTIONS"];
var RecordJournal = started["RecordJournal"];
var RecordsInFlight = started["RecordsInFlight"];
var SERVER_ALIASES = started["SERVER_ALIASES"];
var SERVER_EAB_KEY = started["SERVER_EAB_KEY"];
var STORE_OPTIONS = started["STORE_OPTIONS"];
var SUBSCRIPTION_ID = started["SUBSCRIPTION_ID"];
var SecretWriter = started["SecretWriter"];
var USER_AGENT = started["USER_AGENT"];
var UsageError = started["UsageError"];
var VALUES_PER_ACCOUNT = started["VALUES_PER_ACCOUNT"];
var VERIFY_INPUTS = started["VERIFY_INPUTS"];
var VERSION = started["VERSION"];
var ZoneIds = started["ZoneIds"];
var __commonJS = started["__commonJS"];
var __esm = started["__esm"];
var __export = started["__export"];
var __require = started["__require"];
var __toCommonJS = started["__toCommonJS"];
var __toESM = started["__toESM"];
var accountBookOf = started["accountBookOf"];
var accountForRecord = started["accountForRecord"];
var accountKey = started["accountKey"];
var acmKey = started["acmKey"];
var acmeDnsCommand = started["acmeDnsCommand"];
var acquireLockFile = started["acquireLockFile"];
var actionLogger = started["actionLogger"];
var allInputs = started["allInputs"];
var answerText = started["answerText"];
var arnRegion = started["arnRegion"];
var bitString = started["bitString"];
var booleanOption = started["booleanOption"];
var buildPfx = started["buildPfx"];
var caCandidates = started["caCandidates"];
var callWithRetries = started["callWithRetries"];
var canonicalChainPem = started["canonicalChainPem"];
var certificateFiles = started["certificateFiles"];
var certificateIdFor = started["certificateIdFor"];
var certificateInPlace = started["certificateInPlace"];
var certificateName = started["certificateName"];
var certificateNameFor = started["certificateNameFor"];
var challengeRecordName = started["challengeRecordName"];
var choosePreferredChain = started["choosePreferredChain"];
var commandEnv = started["commandEnv"];
var contextTag = started["contextTag"];
var createHttpClient = started["createHttpClient"];
var createOctokit = started["createOctokit"];
var credentialKey = started["credentialKey"];
var currentCertificate = started["currentCertificate"];
var daysLeft = started["daysLeft"];
var deactivate = started["deactivate"];
var debug = started["debug"];
var decideRenewal = started["decideRenewal"];
var defaultAccountKeyFile = started["defaultAccountKeyFile"];
var defaultStateFile = started["defaultStateFile"];
var deleteLineage = started["deleteLineage"];
var deployCertificate = started["deployCertificate"];
var deployFailed = started["deployFailed"];
var deployItemValues = started["deployItemValues"];
var derToPem = started["derToPem"];
var derivePassphraseKey2 = started["derivePassphraseKey"];
var describeFallback = started["describeFallback"];
var describeSecretTarget = started["describeSecretTarget"];
var describeSet = started["describeSet"];
var describeUrl = started["describeUrl"];
var domainNameProblem = started["domainNameProblem"];
var downloadCertificateChains = started["downloadCertificateChains"];
var endAllCommands = started["endAllCommands"];
var endGroup = started["endGroup"];
var error = started["error"];
var errorMessage = started["errorMessage"];
var escapeHtml = started["escapeHtml"];
var expiryWarning = started["expiryWarning"];
var expiryWarnings = started["expiryWarnings"];
var fetchOver = started["fetchOver"];
var fetchRenewalInfo = started["fetchRenewalInfo"];
var fileKeyProblem = started["fileKeyProblem"];
var fileKeys = started["fileKeys"];
var folderProblem = started["folderProblem"];
var formatServerAddress = started["formatServerAddress"];
var generateCertificateKey = started["generateCertificateKey"];
var getInput = started["getInput"];
var getState = started["getState"];
var githubApiUrl = started["githubApiUrl"];
var groupByZone = started["groupByZone"];
var heartbeatCall = started["heartbeatCall"];
var helpText = started["helpText"];
var helpWidth = started["helpWidth"];
var hostNameProblem = started["hostNameProblem"];
var http = started["http"];
var idTokenRequestOf = started["idTokenRequestOf"];
var importCertificateKey = started["importCertificateKey"];
var inOrder = started["inOrder"];
var info = started["info"];
var integerOption = started["integerOption"];
var isInZone = started["isInZone"];
var isLoopbackHost = started["isLoopbackHost"];
var isSuccess = started["isSuccess"];
var isZoneRef = started["isZoneRef"];
var issuedCertificateProblems = started["issuedCertificateProblems"];
var lazyBuiltin = started["lazyBuiltin"];
var listLineages = started["listLineages"];
var listOption = started["listOption"];
var loadState = started["loadState"];
var makeFolder = started["makeFolder"];
var markRevoked = started["markRevoked"];
var markingUnreachable = started["markingUnreachable"];
var maskPem = started["maskPem"];
var metadata$10 = started["metadata$10"];
var metadata$12 = started["metadata$12"];
var metadata$19 = started["metadata$19"];
var metadata$20 = started["metadata$20"];
var metadata$4 = started["metadata$4"];
var metadata$5 = started["metadata$5"];
var nearest = started["nearest"];
var neutralise = started["neutralise"];
var nextCronRun = started["nextCronRun"];
var normalizeName = started["normalizeName"];
var notice = started["notice"];
var nullValue = started["nullValue"];
var objectIdentifier = started["objectIdentifier"];
var octetString = started["octetString"];
var octokitOptions = started["octokitOptions"];
var openRunState = started["openRunState"];
var optionDescription = started["optionDescription"];
var optionalOption = started["optionalOption"];
var orderWithFallback = started["orderWithFallback"];
var ownChallengeRecords = started["ownChallengeRecords"];
var parseAccountCa = started["parseAccountCa"];
var parseAcmSettings = started["parseAcmSettings"];
var parseAcmeDnsCredentials = started["parseAcmeDnsCredentials"];
var parseBoolean = started["parseBoolean"];
var parseCertificateId = started["parseCertificateId"];
var parseCertificateName$10 = started["parseCertificateName$10"];
var parseCertificateName$5 = started["parseCertificateName$5"];
var parseCertificateRequest = started["parseCertificateRequest"];
var parseCertificateSettings = started["parseCertificateSettings"];
var parseCommandLine = started["parseCommandLine"];
var parseCron = started["parseCron"];
var parseDeployFailure = started["parseDeployFailure"];
var parseDeployItems = started["parseDeployItems"];
var parseDeployTo = started["parseDeployTo"];
var parseFlags = started["parseFlags"];
var parseJson = started["parseJson"];
var parseJsonSecret = started["parseJsonSecret"];
var parseLinks = started["parseLinks"];
var parseLocation = started["parseLocation"];
var parseNotifySettings = started["parseNotifySettings"];
var parseProjectId = started["parseProjectId"];
var parseProvider = started["parseProvider"];
var parseRecordSetId = started["parseRecordSetId"];
var parseRenewalPolicy = started["parseRenewalPolicy"];
var parseRepository = started["parseRepository"];
var parseRunPlan = started["parseRunPlan"];
var parseSecretPlace = started["parseSecretPlace"];
var parseServerAddress = started["parseServerAddress"];
var parseStateSpec = started["parseStateSpec"];
var parseStoreSpec = started["parseStoreSpec"];
var parseUrl = started["parseUrl"];
var parseVaultUrl = started["parseVaultUrl"];
var parseVerifyConfig = started["parseVerifyConfig"];
var parseVersionId = started["parseVersionId"];
var parseWarnDays = started["parseWarnDays"];
var parseZoneTarget = started["parseZoneTarget"];
var passphraseDerivationOf2 = started["passphraseDerivationOf"];
var pemToDer = started["pemToDer"];
var pfxHolds = started["pfxHolds"];
var planCertificates = started["planCertificates"];
var planChallengeRecords = started["planChallengeRecords"];
var prefixedLogger = started["prefixedLogger"];
var processAlive = started["processAlive"];
var query = started["query"];
var quotedName = started["quotedName"];
var readActionInputs = started["readActionInputs"];
var readCertificateFacts = started["readCertificateFacts"];
var readFileIfExists = started["readFileIfExists"];
var readInputs = started["readInputs"];
var readPendingRecords = started["readPendingRecords"];
var recordSetFqdn = started["recordSetFqdn"];
var recordSetId = started["recordSetId"];
var refusePlainHttp = started["refusePlainHttp"];
var refusedAsSecret = started["refusedAsSecret"];
var refusedAsStoreSetting = started["refusedAsStoreSetting"];
var registerAccount = started["registerAccount"];
var relativeName = started["relativeName"];
var renewalId = started["renewalId"];
var renewalPoint = started["renewalPoint"];
var reportRun = started["reportRun"];
var requireBuiltin2 = started["requireBuiltin"];
var requireOption = started["requireOption"];
var resolveRegions = started["resolveRegions"];
var retryAfterMs = started["retryAfterMs"];
var retrying = started["retrying"];
var revocationReason = started["revocationReason"];
var revokeLineage = started["revokeLineage"];
var rollOverAccountKey = started["rollOverAccountKey"];
var runCertificates = started["runCertificates"];
var runCommand = started["runCommand"];
var runHttpClients = started["runHttpClients"];
var runUntilStopped = started["runUntilStopped"];
var saveState$33 = started["saveState$33"];
var saveState$36 = started["saveState$36"];
var secondsOption = started["secondsOption"];
var secretParts = started["secretParts"];
var secretValues = started["secretValues"];
var secretsIn = started["secretsIn"];
var secretsInArgv = started["secretsInArgv"];
var secretsInFiles = started["secretsInFiles"];
var selfAndParents = started["selfAndParents"];
var sendRequest = started["sendRequest"];
var sequence = started["sequence"];
var set = started["set"];
var setFailed = started["setFailed"];
var setOutput = started["setOutput"];
var setSecret = started["setSecret"];
var sharedAccountProblem = started["sharedAccountProblem"];
var sharedResolvers = started["sharedResolvers"];
var shownBody = started["shownBody"];
var shownUrl = started["shownUrl"];
var silentLogger = started["silentLogger"];
var smallInteger = started["smallInteger"];
var splitList = started["splitList"];
var splitPemCertificates = started["splitPemCertificates"];
var stageFile = started["stageFile"];
var startGroup = started["startGroup"];
var status = started["status"];
var storeKinds = started["storeKinds"];
var summarizeCertificate = started["summarizeCertificate"];
var summary = started["summary"];
var summaryEnabled = started["summaryEnabled"];
var systemClock = started["systemClock"];
var takeEarlyStateKey = started["takeEarlyStateKey"];
var throttledOrServerError = started["throttledOrServerError"];
var tokenScope = started["tokenScope"];
var tooManyValues = started["tooManyValues"];
var totals = started["totals"];
var txtValues = started["txtValues"];
var uniqueOptions = started["uniqueOptions"];
var updateTxt = started["updateTxt"];
var urlOption = started["urlOption"];
var usableIterations2 = started["usableIterations"];
var usableSecretName = started["usableSecretName"];
var usageError = started["usageError"];
var utf8String = started["utf8String"];
var value = started["value"];
var warmChallengeTargets = started["warmChallengeTargets"];
var warning = started["warning"];
var withEnvFallbacks = started["withEnvFallbacks"];
var withoutUrl = started["withoutUrl"];
var workflowFile = started["workflowFile"];
var writeFailureSummary = started["writeFailureSummary"];
var writeFileAtomic = started["writeFileAtomic"];
var writeRunSummary = started["writeRunSummary"];
var zoneFromId = started["zoneFromId"];
export {
  ACME_DNS_REGISTER_INPUTS,
  ACM_ACTIONS,
  ACTION_INPUTS,
  ALL_INPUTS,
  API_VERSION$19,
  API_VERSION$5,
  AZURE_ACTIONS,
  AcmeDnsError,
  AcmeProblem,
  AcmeSession,
  CERTIFICATE_MANAGER_PERMISSIONS,
  CERTIFICATE_NAME_INPUTS,
  CLI_ONLY,
  CLI_STORE_KINDS,
  CLOUD_API_RETRY_POLICY,
  COMMANDS,
  CORE_INPUTS,
  CrashJournal,
  DEFAULT_API_URL$10,
  DEFAULT_API_URL$19,
  DEFAULT_API_URL$20,
  DEFAULT_OUTPUT_DIR,
  DEFAULT_RETRY_POLICY,
  DEPLOY_INPUTS,
  DEPLOY_TARGETS,
  ExitCode,
  FORMAT_HEADER2 as FORMAT_HEADER,
  FileStore,
  GITHUB_API_URL,
  GITHUB_REPOSITORY,
  GITHUB_TOKEN,
  GOOGLE_DNS_PERMISSIONS,
  HttpClients,
  HttpreqClient,
  IMPORT_ACTION,
  KIND_NAMES,
  NOTIFY_EVENTS,
  NOTIFY_OPTIONS,
  NoAnswerError,
  PBES2_ITERATIONS2 as PBES2_ITERATIONS,
  PENDING_RECORDS_STATE,
  PROVIDERS,
  RAW_KEY_PREFIX2 as RAW_KEY_PREFIX,
  RENEW_INPUTS,
  RESOURCE_GROUP,
  REVOCATION_REASONS,
  ROUTE53_ACTIONS,
  RecordJournal,
  RecordsInFlight,
  SERVER_ALIASES,
  SERVER_EAB_KEY,
  STORE_OPTIONS,
  SUBSCRIPTION_ID,
  SecretWriter,
  USER_AGENT,
  UsageError,
  VALUES_PER_ACCOUNT,
  VERIFY_INPUTS,
  VERSION,
  ZoneIds,
  __commonJS,
  __esm,
  __export,
  __require,
  __toCommonJS,
  __toESM,
  accountBookOf,
  accountForRecord,
  accountKey,
  acmKey,
  acmeDnsCommand,
  acquireLockFile,
  actionLogger,
  allInputs,
  answerText,
  arnRegion,
  bitString,
  booleanOption,
  buildPfx,
  caCandidates,
  callWithRetries,
  canonicalChainPem,
  certificateFiles,
  certificateIdFor,
  certificateInPlace,
  certificateName,
  certificateNameFor,
  challengeRecordName,
  choosePreferredChain,
  commandEnv,
  contextTag,
  createHttpClient,
  createOctokit,
  credentialKey,
  currentCertificate,
  daysLeft,
  deactivate,
  debug,
  decideRenewal,
  defaultAccountKeyFile,
  defaultStateFile,
  deleteLineage,
  deployCertificate,
  deployFailed,
  deployItemValues,
  derToPem,
  derivePassphraseKey2 as derivePassphraseKey,
  describeFallback,
  describeSecretTarget,
  describeSet,
  describeUrl,
  domainNameProblem,
  downloadCertificateChains,
  endAllCommands,
  endGroup,
  error,
  errorMessage,
  escapeHtml,
  expiryWarning,
  expiryWarnings,
  fetchOver,
  fetchRenewalInfo,
  fileKeyProblem,
  fileKeys,
  folderProblem,
  formatServerAddress,
  generateCertificateKey,
  getInput,
  getState,
  githubApiUrl,
  groupByZone,
  heartbeatCall,
  helpText,
  helpWidth,
  hostNameProblem,
  http,
  idTokenRequestOf,
  importCertificateKey,
  inOrder,
  info,
  integerOption,
  isInZone,
  isLoopbackHost,
  isSuccess,
  isZoneRef,
  issuedCertificateProblems,
  lazyBuiltin,
  listLineages,
  listOption,
  loadState,
  makeFolder,
  markRevoked,
  markingUnreachable,
  maskPem,
  metadata$10,
  metadata$12,
  metadata$19,
  metadata$20,
  metadata$4,
  metadata$5,
  nearest,
  neutralise,
  nextCronRun,
  normalizeName,
  notice,
  nullValue,
  objectIdentifier,
  octetString,
  octokitOptions,
  openRunState,
  optionDescription,
  optionalOption,
  orderWithFallback,
  ownChallengeRecords,
  parseAccountCa,
  parseAcmSettings,
  parseAcmeDnsCredentials,
  parseBoolean,
  parseCertificateId,
  parseCertificateName$10,
  parseCertificateName$5,
  parseCertificateRequest,
  parseCertificateSettings,
  parseCommandLine,
  parseCron,
  parseDeployFailure,
  parseDeployItems,
  parseDeployTo,
  parseFlags,
  parseJson,
  parseJsonSecret,
  parseLinks,
  parseLocation,
  parseNotifySettings,
  parseProjectId,
  parseProvider,
  parseRecordSetId,
  parseRenewalPolicy,
  parseRepository,
  parseRunPlan,
  parseSecretPlace,
  parseServerAddress,
  parseStateSpec,
  parseStoreSpec,
  parseUrl,
  parseVaultUrl,
  parseVerifyConfig,
  parseVersionId,
  parseWarnDays,
  parseZoneTarget,
  passphraseDerivationOf2 as passphraseDerivationOf,
  pemToDer,
  pfxHolds,
  planCertificates,
  planChallengeRecords,
  prefixedLogger,
  processAlive,
  query,
  quotedName,
  readActionInputs,
  readCertificateFacts,
  readFileIfExists,
  readInputs,
  readPendingRecords,
  recordSetFqdn,
  recordSetId,
  refusePlainHttp,
  refusedAsSecret,
  refusedAsStoreSetting,
  registerAccount,
  relativeName,
  renewalId,
  renewalPoint,
  reportRun,
  requireBuiltin2 as requireBuiltin,
  requireOption,
  resolveRegions,
  retryAfterMs,
  retrying,
  revocationReason,
  revokeLineage,
  rollOverAccountKey,
  runCertificates,
  runCommand,
  runHttpClients,
  runUntilStopped,
  saveState$33,
  saveState$36,
  secondsOption,
  secretParts,
  secretValues,
  secretsIn,
  secretsInArgv,
  secretsInFiles,
  selfAndParents,
  sendRequest,
  sequence,
  set,
  setFailed,
  setOutput,
  setSecret,
  sharedAccountProblem,
  sharedResolvers,
  shownBody,
  shownUrl,
  silentLogger,
  smallInteger,
  splitList,
  splitPemCertificates,
  stageFile,
  startGroup,
  status,
  storeKinds,
  summarizeCertificate,
  summary,
  summaryEnabled,
  systemClock,
  takeEarlyStateKey,
  throttledOrServerError,
  tokenScope,
  tooManyValues,
  totals,
  txtValues,
  uniqueOptions,
  updateTxt,
  urlOption,
  usableIterations2 as usableIterations,
  usableSecretName,
  usageError,
  utf8String,
  value,
  warmChallengeTargets,
  warning,
  withEnvFallbacks,
  withoutUrl,
  workflowFile,
  writeFailureSummary,
  writeFileAtomic,
  writeRunSummary,
  zoneFromId
};
