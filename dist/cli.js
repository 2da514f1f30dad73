#!/usr/bin/env node
import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import { CLI_STORE_KINDS, UsageError, VERSION, acmeDnsCommand, allInputs, defaultAccountKeyFile, defaultStateFile, helpText, helpWidth, parseCommandLine, secretsInArgv, usageError } from "./chunks/start.js";
import { RecordsInFlight, reportRun, runUntilStopped } from "./chunks/start.js";
import { AcmeSession, RecordJournal, accountBookOf, deactivate, deployFailed, loadState, openRunState, parseRunPlan, parseStateSpec, rollOverAccountKey, runHttpClients, saveState$26 as saveState } from "./chunks/start.js";
import { REVOCATION_REASONS, deleteLineage, listLineages, markRevoked, revokeLineage } from "./chunks/start.js";
import "./chunks/start.js";
import "./chunks/start.js";
import { VERIFY_INPUTS } from "./chunks/start.js";
import { expiryWarnings } from "./chunks/start.js";
import { describeFallback } from "./chunks/start.js";
import "./chunks/start.js";
import { DEFAULT_OUTPUT_DIR, parseAccountCa, parseNotifySettings, parseRenewalPolicy, readFileIfExists, secretsIn, value, writeFileAtomic } from "./chunks/start.js";
import "./chunks/start.js";
import { withEnvFallbacks } from "./chunks/start.js";
import "./chunks/start.js";
import { commandEnv, idTokenRequestOf } from "./chunks/start.js";
import "./chunks/start.js";
import "./chunks/start.js";
import "./chunks/start.js";
import "./chunks/start.js";
import "./chunks/start.js";
import "./chunks/start.js";
import "./chunks/start.js";
import "./chunks/start.js";
import { errorMessage, neutralise, silentLogger, systemClock } from "./chunks/start.js";
import "./chunks/start.js";
import "./chunks/start.js";
import "./chunks/start.js";
import "./chunks/start.js";
import "./chunks/start.js";
import "./chunks/start.js";
import "./chunks/start.js";

// src/cli/main.ts
import { dirname, join as join2 } from "node:path";

// src/cli/state-commands.ts
import { access } from "node:fs/promises";
import { join } from "node:path";
async function openState(raw) {
  const spec = parseStateSpec(raw, CLI_STORE_KINDS);
  const clients = runHttpClients({ logger: silentLogger, clock: systemClock, env: process.env });
  const store = await spec.store.open({ http: clients.forTrust(), logger: silentLogger, now: () => systemClock.now() });
  return { bundle: await loadState(store, spec.key), store, key: spec.key, clients };
}
var FILES = { cert: "cert.pem", fullchain: "fullchain.pem", privkey: "privkey.pem" };
function certificateDir(raw, name) {
  return join(value(raw, "output-dir") ?? DEFAULT_OUTPUT_DIR, name);
}
async function filesIn(dir) {
  const found = await Promise.all(
    Object.entries(FILES).map(async ([kind, file]) => {
      const path = join(dir, file);
      return access(path).then(
        () => [[kind, path]],
        () => []
      );
    })
  );
  return Object.fromEntries(found.flat());
}
function keyTypeLabel(keyType) {
  const [algorithm = "", size = ""] = keyType.split("-");
  return algorithm === "ecdsa" ? `ECDSA ${size.toUpperCase().replace("P", "P-")}` : `${algorithm.toUpperCase()} ${size}`;
}
function validity(item, now) {
  if (item.status !== "valid") return `INVALID: ${item.status.toUpperCase()}`;
  if (item.daysLeft >= 1) return `VALID: ${item.daysLeft} day${item.daysLeft === 1 ? "" : "s"}`;
  return `VALID: ${Math.floor((item.notAfter.getTime() - now) / 36e5)} hour(s)`;
}
function describeCertificate(item, paths, now) {
  const due = item.nextRenewal.getTime() <= now ? ` (due: the next renew replaces it${item.revoked ? ", as it was revoked" : ""})` : "";
  return [
    `Certificate Name: ${item.name}`,
    `  Serial Number: ${item.serial}`,
    `  Key Type: ${keyTypeLabel(item.keyType)}`,
    `  Domains: ${item.domains.join(" ")}`,
    `  Expiry Date: ${item.notAfter.toISOString()} (${validity(item, now)})`,
    `  Next Renewal: ${item.nextRenewal.toISOString()}${due}`,
    ...paths.fullchain ? [`  Certificate Path: ${paths.fullchain}`] : [],
    ...paths.cert ? [`  Cert Only Path: ${paths.cert}`] : [],
    ...paths.privkey ? [`  Private Key Path: ${paths.privkey}`] : [],
    ...deployedLines(item)
  ];
}
function deployedLines(item) {
  return Object.entries(item.deployed ?? {}).map(([key, record]) => {
    const behind = record.serial === item.serial ? "" : "; an older certificate: the next renew deploys this one";
    const at = new Date(record.at).toISOString();
    return `  Deployed to ${key}: ${record.id} (serial ${record.serial}, ${at}${behind})`;
  });
}
async function certificatesCommand(raw, invocation) {
  const { bundle } = await openState(raw);
  const now = Date.now();
  const name = value(raw, "cert-name");
  const listing = (await listLineages(bundle, now, parseRenewalPolicy(raw).renewBeforeDays)).filter(
    (item) => !name || item.name === name
  );
  const withPaths = await Promise.all(
    listing.map(async (item) => ({ ...item, paths: await filesIn(certificateDir(raw, item.name)) }))
  );
  if (invocation.json) {
    process.stdout.write(`${JSON.stringify(withPaths, null, 2)}
`);
    return;
  }
  if (withPaths.length === 0) {
    process.stdout.write(name ? `No certificate named ${name} in the state.
` : "No certificates in the state.\n");
    return;
  }
  process.stdout.write(
    `${withPaths.map((item) => describeCertificate(item, item.paths, now).join("\n")).join("\n\n")}
`
  );
}
function certNameOf(raw) {
  const name = value(raw, "cert-name");
  if (!name) throw new UsageError("cert-name: missing; expected --cert-name NAME (see certwright certificates)");
  return name;
}
async function filesLeft(raw, name) {
  const dir = certificateDir(raw, name);
  return Object.keys(await filesIn(dir)).length > 0 ? `; its files are left in ${dir}` : "";
}
async function revokeCommand(raw, invocation, logger) {
  const reasonName = (invocation.reason ?? "unspecified").toLowerCase();
  const reason = REVOCATION_REASONS[reasonName];
  if (reason === void 0)
    throw new Error(
      `reason: "${reasonName}" is not a revocation reason; expected one of ${Object.keys(REVOCATION_REASONS).join(", ")}`
    );
  const name = certNameOf(raw);
  const { bundle, store, key, clients } = await openState(raw);
  const acme = new AcmeSession({
    clients,
    accounts: { find: (url) => bundle.accounts[url], remember: () => void 0 },
    clock: systemClock,
    logger
  });
  const serial = await revokeLineage(bundle, name, reason, acme, value(raw, "server-ca-file"));
  process.stdout.write(`Revoked certificate ${serial} (${reasonName}).
`);
  const next = invocation.deleteAfterRevoke ? deleteLineage(bundle, name) : markRevoked(bundle, name, { at: new Date(systemClock.now()).toISOString(), reason: reasonName });
  await saveState(store, key, next).catch((error) => {
    throw new Error(
      `state: ${name} was revoked, but the state could not be written (${errorMessage(error)}); run certwright renew --force-renewal to replace it`,
      { cause: error }
    );
  });
  process.stdout.write(
    invocation.deleteAfterRevoke ? `Deleted ${name} from the state${await filesLeft(raw, name)}.
` : `The next certwright renew of ${name} replaces it.
`
  );
}
async function deleteCommand(raw) {
  const name = certNameOf(raw);
  const { bundle, store, key } = await openState(raw);
  await saveState(store, key, deleteLineage(bundle, name));
  process.stdout.write(`Deleted ${name} from the state${await filesLeft(raw, name)}.
`);
}

// src/cli/account-commands.ts
import { createPrivateKey } from "node:crypto";
import { rename } from "node:fs/promises";
import { createInterface } from "node:readline/promises";
var ACTIONS = ["rollover", "deactivate", "update"];
function killAtForTests(step) {
  if (process.env.CERTWRIGHT_TEST_KILL_AT === step) process.kill(process.pid, "SIGKILL");
}
async function accountCommand(raw, invocation, logger) {
  const action = invocation.accountAction;
  if (!action || !ACTIONS.includes(action))
    throw usageError(`account: expected one of ${ACTIONS.join(", ")}, as in certwright account rollover`, "account");
  const ca = parseAccountCa(raw);
  if (action === "update" && ca.account.emails.length === 0)
    throw usageError("email: missing; expected certwright account update -m NEW@EXAMPLE.ORG", "account");
  const clients = runHttpClients({ logger, clock: systemClock, env: process.env });
  const state = await openRunState(
    parseStateSpec(raw, CLI_STORE_KINDS),
    clients,
    {
      logger,
      clock: systemClock,
      env: process.env
    },
    false
  );
  const acme = new AcmeSession({ clients, accounts: accountBookOf(state), clock: systemClock, logger });
  try {
    if (action === "rollover") await rollover(acme, ca, state);
    else if (action === "deactivate") await deactivateCommand(acme, ca, state, invocation.assumeYes);
    else {
      const account = await acme.account(ca);
      await state.save();
      process.stdout.write(`Account ${account.url} contact: ${(account.contact ?? []).join(", ")}
`);
    }
  } finally {
    await state.close();
  }
}
async function rollover(acme, ca, state) {
  const old = await acme.storedAccount(ca);
  const rolled = await rollOverAccountKey(acme, ca, {
    keep: async (account) => {
      state.update((b) => ({ ...b, accounts: { ...b.accounts, [ca.directoryUrl]: account } }));
      await state.save();
    },
    reached: killAtForTests
  });
  await replaceKeyFile(ca.account.keyFile, old.keyPem, rolled.keyPem);
  process.stdout.write(`Rolled over the account key of ${rolled.url}.
`);
}
async function replaceKeyFile(path, oldPem, newPem) {
  if (!path || !await holdsKey(path, oldPem)) return;
  await writeFileAtomic(path, newPem, 384);
}
async function holdsKey(path, pem) {
  const text = await readFileIfExists(path);
  if (text === void 0) return false;
  try {
    const der = (p) => createPrivateKey(p).export({ type: "pkcs8", format: "der" });
    return der(text).equals(der(pem));
  } catch {
    return false;
  }
}
async function confirmed(question) {
  if (!process.stdin.isTTY) return false;
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}
async function deactivateCommand(acme, ca, state, assumeYes) {
  const { url, keyPem } = await acme.storedAccount(ca);
  const ask = `Deactivate the ACME account ${url}? The CA refuses it from now on; this cannot be undone. [y/N] `;
  if (!assumeYes && !await confirmed(ask))
    throw new Error(
      `account: ${url} was not deactivated; answer yes, or pass --yes (or --non-interactive) where no one can answer`
    );
  await deactivate(acme, ca);
  state.update((b) => ({
    ...b,
    accounts: Object.fromEntries(Object.entries(b.accounts).filter(([server]) => server !== ca.directoryUrl))
  }));
  await state.save();
  const keyFile = ca.account.keyFile;
  if (keyFile && await holdsKey(keyFile, keyPem)) await rename(keyFile, `${keyFile}.deactivated`);
  process.stdout.write(`Deactivated the account ${url}; the next run registers a new one.
`);
}

// src/cli/main.ts
var secrets = /* @__PURE__ */ new Set();
function addEarlySecrets(argv) {
  const specs = [...allInputs(), ...VERIFY_INPUTS];
  const fromEnv = withEnvFallbacks({}, specs, process.env).raw;
  for (const secret of [...secretsInArgv(argv, specs), ...secretsIn(fromEnv, specs)]) secrets.add(secret);
}
function redact(text) {
  let out = text;
  for (const secret of secrets) if (secret.length >= 6) out = out.split(secret).join("***");
  return out;
}
function consoleLogger(verbose, quiet) {
  return {
    // One line per message, never a workflow command: the CLI runs in CI steps too (see neutralise).
    info: (message) => quiet || process.stderr.write(`${neutralise(redact(message))}
`),
    warn: (message) => process.stderr.write(`warning: ${neutralise(redact(message))}
`),
    debug: (message) => verbose && process.stderr.write(`${neutralise(redact(message))}
`)
  };
}
function daysLeft(notAfter, now) {
  return Math.floor((notAfter.getTime() - now) / 864e5);
}
function printCertificate(headline, summary, paths, elapsedMs, json, extra = {}) {
  if (json) {
    const out = {
      ...extra,
      ...summary,
      notBefore: summary.notBefore.toISOString(),
      notAfter: summary.notAfter.toISOString(),
      paths,
      elapsedMs
    };
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
  const failRun = async (error) => {
    await report([], void 0, error);
    throw error;
  };
  const plan = await parseRunPlan(inputs, {
    storeKinds: CLI_STORE_KINDS,
    onSecret: (secret) => secrets.add(secret)
  }).catch(failRun);
  const { warnDays } = plan;
  const env = commandEnv(process.env, secrets);
  const inFlight = new RecordsInFlight();
  const journal = new RecordJournal(join2(dirname(defaultStateFile(process.env)), "records-in-flight.json"), logger);
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
    return (await import("./chunks/verify-EIO2F2RH.js")).verifyReleaseCommand(argv.slice(1), process.env);
  if (argv[0] === "acme-dns") return acmeDnsCommand(argv.slice(1), process.env, () => printHelp("acme-dns"));
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
      await certificatesCommand(raw, invocation);
      return 0;
    case "revoke":
      await revokeCommand(raw, invocation, logger);
      return 0;
    case "delete":
      await deleteCommand(raw);
      return 0;
    case "account":
      await accountCommand(raw, invocation, logger);
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
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`certwright: ${neutralise(redact(errorMessage(error)))}
`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  }
);
