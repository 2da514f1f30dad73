import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import { deployFailed } from "./start.js";
import "./start.js";
import "./start.js";
import { certificateInPlace, daysLeft, expiryWarning } from "./start.js";
import { KIND_NAMES, NOTIFY_EVENTS, heartbeatCall, withoutUrl } from "./start.js";
import { isSuccess, sendRequest } from "./start.js";
import { createHttpClient } from "./start.js";
import { USER_AGENT, errorMessage } from "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";

// src/notify/report.ts
var MAX_PROBLEM = 300;
function oneLine(text) {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > MAX_PROBLEM ? `${line.slice(0, MAX_PROBLEM - 1)}\u2026` : line;
}
function eventsOf(result, now, warnDays) {
  const certificate = certificateInPlace(result);
  const happened = {
    failure: result.error !== void 0,
    renewed: result.outcome?.action === "issued" || result.outcome?.action === "renewed",
    deferred: result.deferred !== void 0 || result.outcome?.action === "deferred",
    expiring: certificate !== void 0 && expiryWarning(certificate, now, warnDays) !== void 0,
    "deploy-failure": deployFailed(result.deployments)
  };
  return NOTIFY_EVENTS.filter((event) => happened[event]);
}
function problemOf(result, redact) {
  if (result.error) return oneLine(redact(errorMessage(result.error)));
  const failed = (result.deployments ?? []).filter((d) => d.action === "failed");
  if (failed.length === 0) return void 0;
  return oneLine(redact(failed.map((d) => `deploy to ${d.target} failed: ${errorMessage(d.error)}`).join("; ")));
}
function noteOf(result, events, now, redact) {
  const certificate = certificateInPlace(result);
  const problem = problemOf(result, redact);
  const renewAt = result.outcome?.renewAt;
  return {
    name: result.name,
    events,
    status: result.outcome?.action ?? (result.error ? "failed" : "deferred"),
    ...certificate ? { notAfter: certificate.notAfter.toISOString(), daysLeft: daysLeft(certificate, now) } : {},
    ...renewAt ? { renewAt: renewAt.toISOString() } : {},
    ...problem ? { problem } : {}
  };
}
function runLink(env) {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env;
  if (!repository || !runId) return {};
  const base = (server ?? "https://github.com").replace(/\/+$/, "");
  return { url: `${base}/${repository}/actions/runs/${runId}`, repository, runId };
}
function buildReport(inputs) {
  const redact = inputs.redact ?? ((text) => text);
  const certificates = inputs.results.flatMap((result) => {
    const events = eventsOf(result, inputs.now, inputs.warnDays);
    return events.length > 0 ? [noteOf(result, events, inputs.now, redact)] : [];
  });
  const happened = new Set(certificates.flatMap((c) => c.events));
  if (inputs.runError !== void 0) happened.add("failure");
  return {
    events: NOTIFY_EVENTS.filter((event) => happened.has(event)),
    certificates,
    total: inputs.results.length,
    ...inputs.runError !== void 0 ? { runError: oneLine(redact(errorMessage(inputs.runError))) } : {},
    run: runLink(inputs.env),
    at: new Date(inputs.now).toISOString()
  };
}
function reportFor(report, wanted) {
  const events = report.events.filter((event) => wanted.has(event));
  if (events.length === 0) return void 0;
  const certificates = report.certificates.map((c) => ({ ...c, events: c.events.filter((event) => wanted.has(event)) })).filter((c) => c.events.length > 0);
  const { runError, ...rest } = report;
  return { ...rest, events, certificates, ...runError && wanted.has("failure") ? { runError } : {} };
}
function runFailed(report) {
  return report.events.includes("failure") || report.events.includes("deploy-failure");
}
var EVENT_WORDS = {
  failure: "failed",
  renewed: "renewed",
  deferred: "deferred",
  expiring: "expiring",
  "deploy-failure": "deploy failed"
};
function headline(report) {
  const counts = report.events.map((event) => {
    const count = report.certificates.filter((c) => c.events.includes(event)).length;
    return count > 0 ? `${count} ${EVENT_WORDS[event]}` : EVENT_WORDS[event];
  });
  const where = report.run.repository ? ` in ${report.run.repository}` : "";
  return `certwright: ${counts.join(", ")}${where}`;
}
function certificateLine(note) {
  const parts = [`${note.name}: ${note.events.map((e) => EVENT_WORDS[e]).join(", ")}`];
  if (note.daysLeft !== void 0) parts.push(`${note.daysLeft} days left (until ${note.notAfter})`);
  else parts.push("no certificate in place");
  parts.push(note.renewAt ? `next renewal ${note.renewAt}` : "the next run tries again");
  if (note.problem) parts.push(note.problem);
  return parts.join("; ");
}

// src/notify/discord.ts
var MAX_FIELDS = 24;
var RED = 14105161;
var AMBER = 14396169;
var GREEN = 2664261;
function colour(report) {
  if (report.events.includes("failure") || report.events.includes("deploy-failure")) return RED;
  if (report.events.includes("expiring") || report.events.includes("deferred")) return AMBER;
  return GREEN;
}
function discordPayload(report) {
  const shown = report.certificates.slice(0, MAX_FIELDS);
  const more = report.certificates.length - shown.length;
  const fields = [
    ...shown.map((note) => ({
      name: note.name.slice(0, 256),
      value: certificateLine(note).slice(note.name.length + 2, note.name.length + 2 + 1024)
    })),
    ...more > 0 ? [{ name: "More", value: `\u2026and ${more} more certificate(s)` }] : []
  ];
  const embed = {
    title: headline(report).slice(0, 256),
    ...report.run.url ? { url: report.run.url } : {},
    description: (report.runError ? `The run failed: ${report.runError}` : `${report.total} certificate(s) in the run`).slice(0, 4096),
    color: colour(report),
    fields,
    timestamp: report.at
  };
  const content = report.run.url ? `${headline(report)}: <${report.run.url}>` : headline(report);
  return { content: content.slice(0, 2e3), embeds: [embed], allowed_mentions: { parse: [] } };
}

// src/notify/slack.ts
var MAX_CERTIFICATE_BLOCKS = 40;
function escaped(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
var section = (text) => ({ type: "section", text: { type: "mrkdwn", text } });
function slackPayload(report) {
  const title = headline(report);
  const shown = report.certificates.slice(0, MAX_CERTIFICATE_BLOCKS);
  const more = report.certificates.length - shown.length;
  const link = report.run.url ? `<${report.run.url}|View the run>` : "Run outside GitHub Actions";
  const blocks = [
    { type: "header", text: { type: "plain_text", text: title.slice(0, 150) } },
    ...report.runError ? [section(`*The run failed:* ${escaped(report.runError)}`)] : [],
    ...shown.map((note) => section(escaped(certificateLine(note)).replace(/^([^:]+):/, "*$1*:"))),
    ...more > 0 ? [section(`\u2026and ${more} more certificate(s)`)] : [],
    { type: "context", elements: [{ type: "mrkdwn", text: `${link} \xB7 ${report.total} certificate(s) in the run` }] }
  ];
  return { text: report.run.url ? `${title}: ${report.run.url}` : title, blocks };
}

// src/notify/teams.ts
var MAX_FACTS = 40;
function teamsPayload(report) {
  const shown = report.certificates.slice(0, MAX_FACTS);
  const more = report.certificates.length - shown.length;
  const facts = [
    ...shown.map((note) => ({ title: note.name, value: certificateLine(note).slice(note.name.length + 2) })),
    ...more > 0 ? [{ title: "More", value: `\u2026and ${more} more certificate(s)` }] : []
  ];
  const body = [
    { type: "TextBlock", text: headline(report), weight: "Bolder", size: "Medium", wrap: true },
    ...report.runError ? [{ type: "TextBlock", text: `The run failed: ${report.runError}`, color: "Attention", wrap: true }] : [],
    { type: "FactSet", facts },
    { type: "TextBlock", text: `${report.total} certificate(s) in the run`, isSubtle: true, wrap: true }
  ];
  const card = {
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    type: "AdaptiveCard",
    version: "1.4",
    body,
    ...report.run.url ? { actions: [{ type: "Action.OpenUrl", title: "Open the run", url: report.run.url }] } : {}
  };
  return {
    type: "message",
    attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", contentUrl: null, content: card }]
  };
}

// src/notify/webhook.ts
import { createHmac } from "node:crypto";
var SIGNATURE_HEADER = "x-certwright-signature";
var TIMESTAMP_HEADER = "x-certwright-timestamp";
function signature(body, secret) {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}
function webhookRequest(report, secret) {
  const sentAt = Math.floor(Date.parse(report.at) / 1e3);
  const payload = {
    /** The first of the events, for receivers that route on one. */
    event: report.events[0],
    events: report.events,
    run: { ...report.run, at: report.at },
    sentAt,
    total: report.total,
    ...report.runError ? { error: report.runError } : {},
    certificates: report.certificates
  };
  const body = JSON.stringify(payload);
  return { body, headers: { [SIGNATURE_HEADER]: signature(body, secret), [TIMESTAMP_HEADER]: String(sentAt) } };
}

// src/notify/send.ts
var REPORT_POLICY = {
  attempts: 3,
  backoffMs: 500,
  maxBackoffMs: 2e3,
  maxWaitMs: 5e3,
  deadlineMs: 15e3
};
var REQUEST_DEADLINE_MS = 1e4;
function messageFor(target, report, secret) {
  const json = (payload) => ({ body: JSON.stringify(payload), headers: {} });
  switch (target.kind) {
    case "slack":
      return json(slackPayload(report));
    case "teams":
      return json(teamsPayload(report));
    case "discord":
      return json(discordPayload(report));
    case "json":
      return webhookRequest(report, secret ?? "");
  }
}
function reportClient(tools) {
  return tools.http ?? createHttpClient({
    userAgent: USER_AGENT,
    env: tools.env,
    logger: tools.logger,
    timeoutMs: REQUEST_DEADLINE_MS,
    deadlineMs: REQUEST_DEADLINE_MS,
    maxResponseBytes: 64 * 1024
  });
}
async function deliver(caller, what, url, request) {
  try {
    const answer = await sendRequest(caller, {
      method: request.method,
      url: url.href,
      what,
      headers: () => ({
        ...request.body !== void 0 ? { "content-type": "application/json" } : {},
        ...request.headers
      }),
      ...request.body !== void 0 ? { body: request.body } : {}
    });
    if (isSuccess(answer)) return true;
    caller.logger.warn(`${what}: answered HTTP ${answer.status}${answer.note}; the run's result stands`);
  } catch (error) {
    const text = withoutUrl(errorMessage(error), url);
    caller.logger.warn(`${text.startsWith(what) ? text : `${what}: ${text}`}; the run's result stands`);
  }
  return false;
}
async function notifyTarget(caller, target, report, secret) {
  const what = `notify: ${KIND_NAMES[target.kind]} at ${target.host}`;
  const message = messageFor(target, report, secret);
  const sent = await deliver(caller, what, new URL(target.url), { method: "POST", ...message });
  if (sent) caller.logger.info(`${what}: told (${report.events.join(", ")})`);
}
function heartbeatMessage(report) {
  if (report.runError) return `certwright: the run failed: ${report.runError}`;
  if (report.events.length === 0) return `certwright: ${report.total} certificate(s), nothing to report`;
  return headline(report);
}
async function beat(caller, target, report) {
  const ok = !runFailed(report);
  const call = heartbeatCall(target, ok, heartbeatMessage(report));
  const what = `heartbeat: ${target.kind} at ${target.host}`;
  const url = new URL(call.url);
  const request = call.method === "POST" ? { method: "POST", body: call.body ?? "" } : { method: "GET" };
  const headers = call.method === "POST" ? { "content-type": "text/plain; charset=utf-8" } : {};
  if (await deliver(caller, what, url, { ...request, headers }))
    caller.logger.debug(`${what}: ${ok ? "success" : "failure"} sent`);
}
function secretFree(settings, redact) {
  const secrets = [
    ...settings.targets.map((t) => t.url),
    ...settings.heartbeat ? [settings.heartbeat.url] : [],
    ...settings.secret ? [settings.secret] : []
  ].filter((s) => s.length >= 6);
  return (text) => secrets.reduce((out, secret) => out.split(secret).join("***"), redact ? redact(text) : text);
}
async function reportRun(settings, inputs, tools) {
  if (settings.targets.length === 0 && !settings.heartbeat) return void 0;
  try {
    const report = buildReport({ ...inputs, redact: secretFree(settings, inputs.redact) });
    const caller = {
      http: reportClient(tools),
      policy: REPORT_POLICY,
      clock: tools.clock,
      logger: tools.logger
    };
    const wanted = reportFor(report, settings.events);
    await Promise.all([
      ...wanted ? settings.targets.map((target) => notifyTarget(caller, target, wanted, settings.secret)) : [],
      ...settings.heartbeat ? [beat(caller, settings.heartbeat, report)] : []
    ]);
    return report;
  } catch (error) {
    tools.logger.warn(`notify: the run's report could not be sent: ${errorMessage(error)}`);
    return void 0;
  }
}
export {
  reportRun
};
