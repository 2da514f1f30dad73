import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  summary
} from "./chunk-GJI5R3KT.js";
import {
  certificateInPlace,
  daysLeft,
  expiryWarning,
  renewalPoint
} from "./chunk-ABQPYDPN.js";
import {
  describeFallback
} from "./chunk-3OUG6M4G.js";
import {
  errorMessage
} from "./chunk-HXHQ2ZRY.js";

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
function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
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
  const warning = certificate ? expiryWarning(certificate, now, warnDays, renewalPoint(result)) : void 0;
  const left = certificate ? `${warning ? "\u26A0\uFE0F " : ""}${daysLeft(certificate, now)} (until ${day(certificate.notAfter)})` : "";
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
  const error = d.error ? `: ${escapeHtml(errorMessage(d.error))}` : "";
  const holds = d.action === "failed" && record ? `; still holds${record}` : record;
  return `\u21B3 deploy to ${escapeHtml(d.description)}: ${DEPLOY_MARK[d.action]}${error}${holds}`;
}
async function writeRunSummary(results, now, warnDays) {
  const failed = results.filter((r) => r.error).length;
  const deployFailed = results.flatMap((r) => r.deployments ?? []).filter((d) => d.action === "failed").length;
  const verdict = failed > 0 ? `\u274C ${failed} of ${results.length} failed` : deployFailed > 0 ? `\u274C ${deployFailed} deploy target(s) failed` : `\u2705 ${succeeded(results.length)}`;
  await summary.addHeading(`certwright: ${verdict}`, 2).addRaw(`<p>${results.length} certificate(s): ${escapeHtml(totals(results))}.</p>`, true).addTable([HEADER.map((data) => ({ data, header: true })), ...results.flatMap((r) => rows(r, now, warnDays))]).write();
}
async function writeFailureSummary(error) {
  await summary.addHeading("certwright: \u274C failed", 2).addRaw(`<p>${escapeHtml(errorMessage(error))}</p>`, true).write();
}
function succeeded(count) {
  return count === 1 ? "done" : `${count} certificates`;
}

export {
  summaryEnabled,
  status,
  escapeHtml,
  totals,
  writeRunSummary,
  writeFailureSummary
};
