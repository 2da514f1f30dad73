#!/usr/bin/env node
import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  RecordsInFlight,
  runUntilStopped,
  secretStoreKind
} from "./chunks/chunk-TQP3OHTZ.js";
import {
  AcmeSession,
  REVOCATION_REASONS,
  acquireLockFile,
  deleteLineage,
  fileStoreKind,
  listLineages,
  loadState,
  parseRunPlan,
  parseStateSpec,
  processAlive,
  readFileIfExists,
  revokeLineage,
  runHttpClients,
  saveState,
  unavailableStore,
  writeFileAtomic
} from "./chunks/chunk-F72M27XK.js";
import {
  VERIFY_INPUTS,
  formatReport,
  parseVerifyConfig,
  runVerifyRelease,
  withNpmrcToken
} from "./chunks/chunk-J7O7MTOO.js";
import {
  CORE_INPUTS,
  PROVIDERS,
  RENEW_INPUTS,
  SERVER_ALIASES,
  commandEnv,
  inputDescription,
  parseRenewalPolicy,
  secretValues,
  withEnvFallbacks
} from "./chunks/chunk-L57W2U7G.js";
import {
  errorMessage,
  silentLogger,
  systemClock
} from "./chunks/chunk-4U7RM5TU.js";
import "./chunks/chunk-TSHVVRYQ.js";
import "./chunks/chunk-DAX5P5NA.js";

// src/cli/main.ts
import { dirname, join as join2 } from "node:path";

// src/store/journal.ts
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
    return this.change((entries) => [...entries.filter((e) => !(e.certName === entry.certName && e.pid === process.pid && e.host === mine.host)), mine]);
  }
  /** Forgets this process's records of `certName`, or exactly `entries` (left behind, now removed). */
  forget(certName, entries) {
    const host = hostname();
    const gone = (e) => entries ? entries.some((x) => x.pid === e.pid && x.host === e.host && x.createdAt === e.createdAt && x.certName === e.certName) : e.certName === certName && e.pid === process.pid && e.host === host;
    return this.change((list) => list.filter((e) => !gone(e)));
  }
  async read() {
    const text = await readFileIfExists(this.path);
    if (text === void 0) return [];
    try {
      const parsed = JSON.parse(text);
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
      const release = await acquireLockFile(`${this.path}.lock`, { what: `records journal ${this.path}`, timeoutMs: 1e4 });
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
function isEntry(value) {
  const e = value;
  return typeof e === "object" && e !== null && typeof e.certName === "string" && typeof e.provider === "string" && typeof e.pid === "number" && typeof e.host === "string" && typeof e.createdAt === "string" && Array.isArray(e.records) && e.records.every((r) => typeof r?.fqdn === "string" && typeof r?.value === "string");
}

// src/cli/help.ts
var VERSION = "0.1.0";
function describe(input) {
  const short = input.cliAliases?.filter((a) => a.length === 1).map((a) => `-${a}, `) ?? [];
  const long = [input.name, ...input.cliAliases?.filter((a) => a.length > 1) ?? []].map((n) => `--${n}`).join(", ");
  const flag = `  ${short.join("")}${long}${input.flag ? "" : " VALUE"}`;
  const def = input.default ? ` [default: ${input.default}]` : "";
  return `${flag}
      ${inputDescription(input)}${def}`;
}
function helpText() {
  const providers = PROVIDERS.map((p) => `
Provider ${p.name}: ${p.description}
${p.options.map(describe).join("\n")}`).join("\n");
  return `certwright ${VERSION}: ACME DNS-01 certificates for CI and terminals

Usage:
  certwright certonly -d NAME [-d NAME...] --dns PROVIDER [options]
  certwright renew -d NAME [-d NAME...] --dns PROVIDER --state-key KEY [options]
  certwright certificates | revoke --cert-name NAME [--reason R] | delete --cert-name NAME
  certwright verify-release --package NAME --version V --tarball FILE [--registry URL] [--tag vV]
  certwright verify-release --ecosystem pypi --package PROJECT --version V [--dist DIR] [--registry URL]

Commands:
  certonly       Obtain a certificate and write cert.pem, chain.pem, fullchain.pem, privkey.pem
  renew          Issue if missing, renew if due or changed, else say when it will be due (keeps state)
  certificates   List the certificates in the state with expiry and next renewal
  revoke         Revoke a certificate in the state (--reason unspecified, keycompromise, superseded, ...)
  delete         Remove a certificate from the state
  verify-release Check that the published npm tarball / PyPI files are the ones built here (exit 1 if not)

Options:
${CORE_INPUTS.map(describe).join("\n")}

Renewal options (renew, certificates, revoke, delete):
${RENEW_INPUTS.map(describe).join("\n")}

verify-release options:
${VERIFY_INPUTS.map(describe).join("\n")}
  -v, --verbose   Log every step (never keys or secrets)
  -q, --quiet     Log only warnings and errors; print nothing on success (for cron)
  --json          Print the result as JSON
  --version, -h --help
${providers}

Secret options can come from the environment instead: CERTWRIGHT_<OPTION> (e.g. CERTWRIGHT_RFC2136_TSIG_SECRET).
`;
}

// src/cli/options.ts
import { createHash } from "node:crypto";
import { homedir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
function allInputs() {
  return [...CORE_INPUTS, ...RENEW_INPUTS, ...PROVIDERS.flatMap((provider) => provider.options)];
}
var CLI_ONLY = {
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
  verbose: { type: "boolean", short: "v" },
  quiet: { type: "boolean", short: "q" },
  json: { type: "boolean" },
  reason: { type: "string" }
};
function parseCommandLine(argv, env) {
  const options = { ...CLI_ONLY };
  const aliasOf = /* @__PURE__ */ new Map();
  for (const input of allInputs()) {
    const short = input.cliAliases?.find((alias) => alias.length === 1);
    options[input.name] = { type: input.flag ? "boolean" : "string", multiple: !input.flag, ...short ? { short } : {} };
    for (const alias of input.cliAliases ?? []) {
      if (alias.length === 1) continue;
      options[alias] = { type: input.flag ? "boolean" : "string", multiple: !input.flag };
      aliasOf.set(alias, input.name);
    }
  }
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${error.message}; see certwright --help`);
  }
  const raw = {};
  const specs = new Map(allInputs().map((input) => [input.name, input]));
  for (const [name, value] of Object.entries(parsed.values)) {
    if (name in CLI_ONLY) continue;
    const key = aliasOf.get(name) ?? name;
    const values = Array.isArray(value) ? value.map(String) : [String(value)];
    const all = raw[key] === void 0 ? values : [raw[key], ...values];
    if (all.length > 1 && !specs.get(key)?.repeatable) {
      throw new UsageError(`--${key} was given ${all.length} times (${all.map((v) => JSON.stringify(v)).join(", ")}); give it once`);
    }
    raw[key] = all.join(",");
  }
  const flags = parsed.values;
  return {
    command: parsed.positionals[0],
    raw: withEnvFallbacks(raw, allInputs(), env).raw,
    help: flags.help === true,
    version: flags.version === true,
    verbose: flags.verbose === true,
    quiet: flags.quiet === true,
    json: flags.json === true,
    reason: typeof flags.reason === "string" ? flags.reason : void 0
  };
}
var UsageError = class extends Error {
  name = "UsageError";
};
function defaultAccountKeyFile(server, env) {
  const url = SERVER_ALIASES[server ?? "letsencrypt"] ?? server ?? "";
  let host = "server";
  try {
    host = new URL(url).host.replace(/[^A-Za-z0-9.-]/g, "_");
  } catch {
  }
  const base = env.XDG_CONFIG_HOME || join(homedir(), ".config");
  const digest = createHash("sha256").update(url).digest("hex").slice(0, 8);
  return join(base, "certwright", "accounts", `${host}-${digest}.pem`);
}
function defaultStateFile(env) {
  return join(env.XDG_CONFIG_HOME || join(homedir(), ".config"), "certwright", "state.jwe");
}

// src/cli/verify.ts
import { parseArgs as parseArgs2 } from "node:util";
async function verifyReleaseCommand(argv, env) {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(helpText());
    return 0;
  }
  const options = Object.fromEntries([
    ...VERIFY_INPUTS.map((input) => [input.name, { type: input.flag ? "boolean" : "string" }]),
    ["json", { type: "boolean" }]
  ]);
  let values;
  try {
    values = parseArgs2({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(`${error.message}; see certwright --help`);
  }
  const raw = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v === void 0 ? void 0 : String(v)]));
  const config = await withNpmrcToken(parseVerifyConfig(withEnvFallbacks(raw, VERIFY_INPUTS, env).raw), env);
  const result = await runVerifyRelease(config, { env });
  const subject = `${config.name}@${config.version} on ${config.registry}`;
  process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}
` : `${formatReport(subject, result)}
`);
  return result.verified ? 0 : 1;
}

// src/cli/main.ts
var CLI_STORE_KINDS = [fileStoreKind, secretStoreKind, unavailableStore("artifact", ["artifact:NAME"], "works only inside the GitHub Action; use file:PATH or secret:NAME here")];
var secrets = /* @__PURE__ */ new Set();
function redact(text) {
  let out = text;
  for (const secret of secrets) if (secret.length >= 6) out = out.split(secret).join("***");
  return out;
}
function consoleLogger(verbose, quiet) {
  return {
    info: (message) => quiet || process.stderr.write(`${redact(message)}
`),
    warn: (message) => process.stderr.write(`warning: ${redact(message)}
`),
    debug: (message) => verbose && process.stderr.write(`${redact(message)}
`)
  };
}
function daysLeft(notAfter, now) {
  return Math.floor((notAfter.getTime() - now) / 864e5);
}
function printCertificate(headline, summary, paths, elapsedMs, json, extra = {}) {
  if (json) {
    const out = { ...extra, ...summary, notBefore: summary.notBefore.toISOString(), notAfter: summary.notAfter.toISOString(), paths, elapsedMs };
    process.stdout.write(`${JSON.stringify(out, null, 2)}
`);
    return;
  }
  const lines = [
    headline,
    `Subject:   ${summary.subject}`,
    `Names:     ${summary.domains.join(", ")}`,
    `Issuer:    ${summary.issuer}`,
    `Expires:   ${summary.notAfter.toISOString()} (${daysLeft(summary.notAfter, Date.now())} days)`,
    `Serial:    ${summary.serial}`,
    ...paths ? [`Fullchain: ${paths.fullchain}`, `Cert:      ${paths.cert}`, `Chain:     ${paths.chain}`, `Key:       ${paths.privkey}`] : [],
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
function printResults(results, json) {
  if (json) {
    const out = results.map((r) => ({
      name: r.name,
      action: r.outcome?.action ?? (r.deferred ? "deferred" : "failed"),
      reason: r.outcome?.reason ?? r.deferred ?? errorMessage(r.error),
      notAfter: r.outcome?.summary.notAfter.toISOString(),
      paths: r.outcome?.paths
    }));
    process.stdout.write(`${JSON.stringify(out, null, 2)}
`);
    return;
  }
  for (const r of results) {
    const what = r.outcome ? `${r.outcome.action.padEnd(8)} expires ${r.outcome.summary.notAfter.toISOString()}  ${r.outcome.reason}` : r.deferred ? `deferred no certificate yet  ${r.deferred}` : `FAILED   ${errorMessage(r.error)}`;
    process.stdout.write(`${r.name.padEnd(28)} ${what}
`);
  }
}
async function runPlan(command, raw, invocation, logger) {
  const inputs = command === "certonly" ? { ...raw, store: void 0 } : raw;
  const plan = await parseRunPlan(inputs, { storeKinds: CLI_STORE_KINDS });
  const env = commandEnv(process.env, secrets);
  const inFlight = new RecordsInFlight();
  const journal = new RecordJournal(join2(dirname(defaultStateFile(process.env)), "records-in-flight.json"), logger);
  const context = { logger, clock: systemClock, env, journal, onRecordsPlanned: inFlight.planned, onRecordsRemoved: inFlight.removed };
  const results = await runUntilStopped(plan, context, inFlight, {
    left: (line) => logger.warn(`could not remove ${line}; the next run for that certificate removes it, or remove it by hand`),
    removed: (certName) => journal.forget(certName)
  });
  const [single] = results;
  const silent = invocation.quiet && !invocation.json && results.every((r) => !r.error);
  if (raw.config || results.length !== 1 || !single) {
    if (!silent) printResults(results, invocation.json);
    return results.some((r) => r.error) ? 1 : 0;
  }
  if (single.error) throw single.error;
  if (silent) return 0;
  const outcome = single.outcome;
  const headline = outcome.action === "not-due" ? `Not due for renewal: ${outcome.reason}.` : HEADLINES[outcome.action];
  const extra = command === "renew" ? { action: outcome.action, reason: outcome.reason } : {};
  printCertificate(headline, outcome.summary, outcome.paths, outcome.elapsedMs, invocation.json, extra);
  return 0;
}
async function openState(raw) {
  const spec = parseStateSpec(raw, CLI_STORE_KINDS);
  const clients = runHttpClients({ logger: silentLogger, clock: systemClock, env: process.env });
  const store = await spec.store.open({ http: clients.forTrust(), logger: silentLogger, now: systemClock.now });
  return { bundle: await loadState(store, spec.key), store, key: spec.key, clients };
}
async function certificates(raw, invocation) {
  const { bundle } = await openState(raw);
  const listing = await listLineages(bundle, Date.now(), parseRenewalPolicy(raw).renewBeforeDays);
  if (invocation.json) {
    process.stdout.write(`${JSON.stringify(listing, null, 2)}
`);
    return;
  }
  if (listing.length === 0) {
    process.stdout.write("No certificates in the state.\n");
    return;
  }
  for (const item of listing) {
    process.stdout.write(
      [
        `Certificate Name: ${item.name}`,
        `  Domains: ${item.domains.join(" ")}`,
        `  Expiry Date: ${item.notAfter.toISOString()} (VALID: ${item.daysLeft} days)`,
        `  Next Renewal: ${item.nextRenewal.toISOString()}`,
        `  Serial: ${item.serial}`
      ].join("\n") + "\n"
    );
  }
}
function certNameOf(raw) {
  const name = raw["cert-name"]?.trim();
  if (!name) throw new UsageError("cert-name: missing; expected --cert-name NAME (see certwright certificates)");
  return name;
}
async function revoke(raw, invocation, logger) {
  const reasonName = (invocation.reason ?? "unspecified").toLowerCase();
  const reason = REVOCATION_REASONS[reasonName];
  if (reason === void 0) throw new Error(`reason: "${reasonName}" is not a revocation reason; expected one of ${Object.keys(REVOCATION_REASONS).join(", ")}`);
  const { bundle, clients } = await openState(raw);
  const acme = new AcmeSession({ clients, accounts: { find: (url) => bundle.accounts[url], remember: () => void 0 }, clock: systemClock, logger });
  const serial = await revokeLineage(bundle, certNameOf(raw), reason, acme, raw["server-ca-file"]);
  process.stdout.write(`Revoked certificate ${serial} (${reasonName}).
`);
}
async function remove(raw) {
  const name = certNameOf(raw);
  const { bundle, store, key } = await openState(raw);
  await saveState(store, key, deleteLineage(bundle, name));
  process.stdout.write(`Deleted ${name} from the state.
`);
}
async function main(argv) {
  if (argv[0] === "verify-release") return verifyReleaseCommand(argv.slice(1), process.env);
  const invocation = parseCommandLine(argv, process.env);
  if (invocation.version) {
    process.stdout.write(`certwright ${VERSION}
`);
    return 0;
  }
  if (invocation.help || !invocation.command || invocation.command === "help") {
    process.stdout.write(helpText());
    return invocation.command || invocation.help ? 0 : 2;
  }
  const raw = withDefaults(invocation);
  for (const secret of secretValues(raw, allInputs())) secrets.add(secret);
  const logger = consoleLogger(invocation.verbose, invocation.quiet);
  switch (invocation.command) {
    case "certonly":
    case "renew":
      return runPlan(invocation.command, raw, invocation, logger);
    case "certificates":
      await certificates(raw, invocation);
      return 0;
    case "revoke":
      await revoke(raw, invocation, logger);
      return 0;
    case "delete":
      await remove(raw);
      return 0;
    default:
      throw new UsageError(`unknown command "${invocation.command}"; expected certonly, renew, certificates, revoke, delete or verify-release (see certwright --help)`);
  }
}
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`certwright: ${redact(errorMessage(error))}
`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  }
);
