#!/usr/bin/env node
import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import { VERSION, helpText, helpWidth } from "./chunks/start.js";
import "./chunks/start.js";
import { CLI_STORE_KINDS, UsageError, allInputs, defaultAccountKeyFile, defaultStateFile, parseCommandLine, secretsInArgv } from "./chunks/start.js";
import { RecordsInFlight, reportRun, runUntilStopped } from "./chunks/start.js";
import { RecordJournal, parseRunPlan } from "./chunks/start.js";
import { deployFailed } from "./chunks/start.js";
import "./chunks/start.js";
import "./chunks/start.js";
import "./chunks/start.js";
import "./chunks/start.js";
import { VERIFY_INPUTS } from "./chunks/start.js";
import { expiryWarnings } from "./chunks/start.js";
import { describeFallback } from "./chunks/start.js";
import { secretsIn } from "./chunks/start.js";
import { parseNotifySettings } from "./chunks/start.js";
import "./chunks/start.js";
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
import { errorMessage, neutralise, systemClock } from "./chunks/start.js";
import "./chunks/start.js";
import "./chunks/start.js";
import "./chunks/start.js";
import "./chunks/start.js";
import "./chunks/start.js";
import "./chunks/start.js";
import "./chunks/start.js";

// src/cli/main.ts
import { dirname, join } from "node:path";
var stateCommands = () => import("./chunks/state-commands-7QOVEIZL.js");
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
  const journal = new RecordJournal(join(dirname(defaultStateFile(process.env)), "records-in-flight"), logger);
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
    return (await import("./chunks/verify-TXGJ6UWB.js")).verifyReleaseCommand(argv.slice(1), process.env);
  if (argv[0] === "acme-dns") {
    const { acmeDnsCommand } = await import("./chunks/acme-dns-4FDYFSBI.js");
    return acmeDnsCommand(argv.slice(1), process.env, () => printHelp("acme-dns"));
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
      await (await import("./chunks/account-commands-OQNR3BV4.js")).accountCommand(raw, invocation, logger);
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
