var __certwrightLoaderUrl = require("node:url").pathToFileURL(__filename).href;
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __esm = (fn, res, err) => function __init() {
  if (err) throw err[0];
  try {
    return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
  } catch (e) {
    throw err = [e], e;
  }
};
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

// src/runtime.ts
function requireBuiltin(name) {
  nodeRequire ??= (0, import_node_module.createRequire)(__certwrightLoaderUrl);
  return nodeRequire(name);
}
var import_node_module, nodeRequire;
var init_runtime = __esm({
  "src/runtime.ts"() {
    "use strict";
    import_node_module = require("node:module");
  }
});

// src/process/young-generation.ts
function setGrowthFactor(factor) {
  requireBuiltin("node:v8").setFlagsFromString(`--semi-space-growth-factor=${factor}`);
}
function releaseYoungGeneration() {
  if (globalThis[HELD] !== true) return;
  setGrowthFactor(DEFAULT_GROWTH_FACTOR);
  globalThis[HELD] = false;
}
var LARGE_CONFIG_BYTES, DEFAULT_GROWTH_FACTOR, HELD;
var init_young_generation = __esm({
  "src/process/young-generation.ts"() {
    "use strict";
    init_runtime();
    LARGE_CONFIG_BYTES = 16 * 1024;
    DEFAULT_GROWTH_FACTOR = 2;
    HELD = /* @__PURE__ */ Symbol.for("certwright.young-generation.held");
  }
});

// src/process/start-script.ts
var start_script_exports = {};
__export(start_script_exports, {
  codeCacheFolder: () => codeCacheFolder,
  markFullRun: () => markFullRun,
  runStartScript: () => runStartScript
});
function markFullRun() {
  globalThis[FULL_RUN] = true;
}
function codeCacheFolder(env = process.env, home = import_node_os.homedir) {
  if (env.CERTWRIGHT_CODE_CACHE === "off" || env.CERTWRIGHT_CODE_CACHE === "0") return void 0;
  if (env.XDG_CACHE_HOME?.startsWith("/")) return (0, import_node_path.join)(env.XDG_CACHE_HOME, "certwright");
  try {
    const base = env.HOME?.startsWith("/") ? env.HOME : home();
    return base.startsWith("/") ? (0, import_node_path.join)(base, ".cache", "certwright") : void 0;
  } catch {
    return void 0;
  }
}
function privateFolder(folder, create) {
  const uid = process.getuid?.();
  if (uid === void 0) return false;
  try {
    const info = (0, import_node_fs.lstatSync)(folder);
    return info.isDirectory() && info.uid === uid && (info.mode & 63) === 0;
  } catch (error) {
    if (!create || error.code !== "ENOENT") return false;
    try {
      (0, import_node_fs.mkdirSync)(folder, { recursive: true, mode: 448 });
    } catch {
      return false;
    }
    return privateFolder(folder, false);
  }
}
function readCache(path) {
  let fd;
  try {
    fd = (0, import_node_fs.openSync)(path, import_node_fs.constants.O_RDONLY | import_node_fs.constants.O_NOFOLLOW | import_node_fs.constants.O_NONBLOCK);
    const info = (0, import_node_fs.fstatSync)(fd);
    if (!info.isFile() || info.uid !== process.getuid?.() || (info.mode & 18) !== 0) return void 0;
    const data = Buffer.allocUnsafe(info.size);
    return (0, import_node_fs.readSync)(fd, data, 0, info.size, 0) === info.size ? data : void 0;
  } catch {
    return void 0;
  } finally {
    if (fd !== void 0) (0, import_node_fs.closeSync)(fd);
  }
}
function writeCache(folder, name, data) {
  if (!privateFolder(folder, true)) return;
  const path = (0, import_node_path.join)(folder, name);
  const temp = `${path}.${(0, import_node_crypto.randomBytes)(6).toString("hex")}.tmp`;
  try {
    (0, import_node_fs.writeFileSync)(temp, data, { mode: 384, flag: "wx" });
    (0, import_node_fs.renameSync)(temp, path);
  } catch {
    try {
      (0, import_node_fs.unlinkSync)(temp);
    } catch {
    }
    return;
  }
  for (const other of (0, import_node_fs.readdirSync)(folder)) {
    if (!/^start-.*\.v8$/.test(other) || other === name) continue;
    try {
      const otherPath = (0, import_node_path.join)(folder, other);
      const info = (0, import_node_fs.lstatSync)(otherPath);
      if (Date.now() - Math.max(info.atimeMs, info.mtimeMs) > STALE_MS) (0, import_node_fs.unlinkSync)(otherPath);
    } catch {
    }
  }
}
function runStartScript(url, hash, env = process.env) {
  const filename = (0, import_node_url.fileURLToPath)(url);
  const source = (0, import_node_fs.readFileSync)(filename, "latin1");
  const folder = codeCacheFolder(env);
  const name = `start-${hash}-${process.version}-${process.arch}`;
  let cache = "off";
  let script;
  let used;
  if (folder) {
    const trusted = privateFolder(folder, false) || !(0, import_node_fs.existsSync)(folder);
    cache = trusted ? "written" : "untrusted";
    for (const [kind, file] of trusted ? [
      ["full", `${name}-run.v8`],
      ["any", `${name}.v8`]
    ] : []) {
      const cachedData = readCache((0, import_node_path.join)(folder, file));
      if (!cachedData) continue;
      script = new import_node_vm.default.Script(source, { filename, cachedData });
      if (!script.cachedDataRejected) {
        [cache, used] = ["used", kind];
        break;
      }
    }
  }
  const compiled = script ?? new import_node_vm.default.Script(source, { filename });
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
  const module2 = { exports: {} };
  const start = compiled.runInThisContext();
  start(module2.exports, (0, import_node_module2.createRequire)(url), module2, url.href, (specifier) => import(new URL(specifier, url).href));
  return { exports: module2.exports, cache };
}
var import_node_crypto, import_node_fs, import_node_module2, import_node_os, import_node_path, import_node_url, import_node_vm, FULL_RUN, STALE_MS;
var init_start_script = __esm({
  "src/process/start-script.ts"() {
    "use strict";
    import_node_crypto = require("node:crypto");
    import_node_fs = require("node:fs");
    import_node_module2 = require("node:module");
    import_node_os = require("node:os");
    import_node_path = require("node:path");
    import_node_url = require("node:url");
    import_node_vm = __toESM(require("node:vm"), 1);
    init_young_generation();
    FULL_RUN = /* @__PURE__ */ Symbol.for("certwright.start-script.full-run");
    STALE_MS = 7 * 864e5;
  }
});

// src/state/early-key.ts
var early_key_exports = {};
__export(early_key_exports, {
  FORMAT_HEADER: () => FORMAT_HEADER,
  PBES2_ITERATIONS: () => PBES2_ITERATIONS,
  RAW_KEY_PREFIX: () => RAW_KEY_PREFIX,
  derivePassphraseKey: () => derivePassphraseKey,
  deriveStateKeyEarly: () => deriveStateKeyEarly,
  passphraseDerivationOf: () => passphraseDerivationOf,
  peekBundleFile: () => peekBundleFile,
  takeEarlyStateKey: () => takeEarlyStateKey,
  usableIterations: () => usableIterations
});
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
    (resolve, reject) => (0, import_node_crypto2.pbkdf2)(
      passphrase,
      Buffer.from(salt, "base64url"),
      iterations,
      32,
      "sha512",
      (error, bytes) => error ? reject(error) : resolve(new Uint8Array(bytes))
    )
  );
}
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
    const home = env.XDG_CONFIG_HOME || (0, import_node_path2.join)((0, import_node_os2.homedir)(), ".config");
    store = flagValue(argv, "store") ?? `file:${(0, import_node_path2.join)(home, "certwright", "state.jwe")}`;
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
function takeEarlyStateKey(passphrase, salt, iterations) {
  const early = slot[EARLY];
  if (!early || early.passphrase !== passphrase || early.salt !== salt || early.iterations !== iterations)
    return void 0;
  delete slot[EARLY];
  return early.key;
}
var import_node_fs2, import_node_crypto2, import_node_os2, import_node_path2, PBES2_ITERATIONS, RAW_KEY_PREFIX, FORMAT_HEADER, usableIterations, EARLY, slot;
var init_early_key = __esm({
  "src/state/early-key.ts"() {
    "use strict";
    import_node_fs2 = require("node:fs");
    import_node_crypto2 = require("node:crypto");
    import_node_os2 = require("node:os");
    import_node_path2 = require("node:path");
    PBES2_ITERATIONS = 21e4;
    RAW_KEY_PREFIX = "cwk1:";
    FORMAT_HEADER = "cwf";
    usableIterations = (count) => Number.isInteger(count) && count >= 1e4 && count <= PBES2_ITERATIONS * 5;
    EARLY = /* @__PURE__ */ Symbol.for("certwright.state-key.early");
    slot = globalThis;
  }
});

// start-loader.cjs
var { runStartScript: runStartScript2 } = (init_start_script(), __toCommonJS(start_script_exports));
var { deriveStateKeyEarly: deriveStateKeyEarly2 } = (init_early_key(), __toCommonJS(early_key_exports));
deriveStateKeyEarly2();
module.exports = runStartScript2(new URL("./start-body.cjs", __certwrightLoaderUrl), "0ea4ded5d5680aa6").exports;
