import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  summary
} from "./chunk-Z2FULWF4.js";
import {
  certificateInPlace,
  daysLeft,
  expiryWarning
} from "./chunk-AFFV2JSZ.js";
import {
  errorMessage
} from "./chunk-3QUSWK4C.js";

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
  const warning = certificate ? expiryWarning(certificate, now, warnDays) : void 0;
  const left = certificate ? `${warning ? "\u26A0\uFE0F " : ""}${daysLeft(certificate, now)} (until ${day(certificate.notAfter)})` : "";
  const row = [
    `<code>${escapeHtml(result.name)}</code>`,
    `${MARK[what] ?? ""} ${what}`,
    names(result.error && result.requested ? result.requested : certificate?.domains ?? []),
    left,
    result.outcome?.renewAt ? inDays(result.outcome.renewAt, now) : "",
    certificate ? `<code>${certificate.serial}</code>` : ""
  ];
  const why = result.error ? `Error: ${errorMessage(result.error)}` : result.deferred ? `Deferred: ${result.deferred}` : void 0;
  return why ? [row, [{ data: escapeHtml(why), colspan: String(HEADER.length) }]] : [row];
}
async function writeRunSummary(results, now, warnDays) {
  const failed = results.filter((r) => r.error).length;
  await summary.addHeading(
    `certwright: ${failed > 0 ? `\u274C ${failed} of ${results.length} failed` : `\u2705 ${results.length === 1 ? "done" : `${results.length} certificates`}`}`,
    2
  ).addRaw(`<p>${results.length} certificate(s): ${escapeHtml(totals(results))}.</p>`, true).addTable([HEADER.map((data) => ({ data, header: true })), ...results.flatMap((r) => rows(r, now, warnDays))]).write();
}
async function writeFailureSummary(error) {
  await summary.addHeading("certwright: \u274C failed", 2).addRaw(`<p>${escapeHtml(errorMessage(error))}</p>`, true).write();
}

export {
  summaryEnabled,
  status,
  escapeHtml,
  totals,
  writeRunSummary,
  writeFailureSummary
};
