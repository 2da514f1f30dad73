/**
 * Sends a run's report: one message per webhook that wants one of the run's events, and the
 * heartbeat. Nothing here fails the run: a message that cannot be sent is a warning naming the
 * kind and host (the URL is a secret), after the vendor kit's retries of 429 and 5xx within a
 * short deadline.
 */
import { createHttpClient, type HttpClient } from '../net/http.js';
import { errorMessage, USER_AGENT, type Clock, type Logger } from '../runtime.js';
import { isSuccess, sendRequest, type VendorCaller } from '../vendor/request.js';
import type { RetryPolicy } from '../vendor/retry.js';
import { discordPayload } from './discord.js';
import { heartbeatCall, type HeartbeatTarget } from './heartbeat.js';
import type { NotifySettings } from './options.js';
import { buildReport, headline, reportFor, runFailed, type ReportInputs, type RunReport } from './report.js';
import { slackPayload } from './slack.js';
import { KIND_NAMES, type NotifyTarget } from './targets.js';
import { teamsPayload } from './teams.js';
import { withoutUrl } from './url.js';
import { webhookRequest } from './webhook.js';

/** What sending needs of the run. */
export interface ReportTools {
  readonly logger: Logger;
  readonly clock: Clock;
  /** The environment: the proxy settings and the Actions run's variables (its link). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The run's HTTP client; default one with the system's trust and the environment's proxy. */
  readonly http?: HttpClient;
}

/** A report is not worth holding a job for: a few seconds, two retries. */
const REPORT_POLICY: RetryPolicy = {
  attempts: 3,
  backoffMs: 500,
  maxBackoffMs: 2_000,
  maxWaitMs: 5_000,
  deadlineMs: 15_000,
};
const REQUEST_DEADLINE_MS = 10_000;

/** A message request: its body and headers. */
interface Message {
  readonly body: string;
  readonly headers: Record<string, string>;
}

function messageFor(target: NotifyTarget, report: RunReport, secret: string | undefined): Message {
  const json = (payload: unknown): Message => ({ body: JSON.stringify(payload), headers: {} });
  switch (target.kind) {
    case 'slack':
      return json(slackPayload(report));
    case 'teams':
      return json(teamsPayload(report));
    case 'discord':
      return json(discordPayload(report));
    case 'json':
      // options.ts refuses a JSON webhook without notify-secret.
      return webhookRequest(report, secret ?? '');
  }
}

function reportClient(tools: ReportTools): HttpClient {
  return (
    tools.http ??
    createHttpClient({
      userAgent: USER_AGENT,
      env: tools.env,
      logger: tools.logger,
      timeoutMs: REQUEST_DEADLINE_MS,
      deadlineMs: REQUEST_DEADLINE_MS,
      maxResponseBytes: 64 * 1024,
    })
  );
}

/** Sends one request with the kit's retries; a warning (never a throw) when it does not arrive. */
async function deliver(
  caller: VendorCaller,
  what: string,
  url: URL,
  request: { method: 'GET' | 'POST'; body?: string; headers?: Record<string, string> },
): Promise<boolean> {
  try {
    const answer = await sendRequest(caller, {
      method: request.method,
      url: url.href,
      what,
      headers: () => ({
        ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...request.headers,
      }),
      ...(request.body !== undefined ? { body: request.body } : {}),
    });
    if (isSuccess(answer)) return true;
    caller.logger.warn(`${what}: answered HTTP ${answer.status}${answer.note}; the run's result stands`);
  } catch (error) {
    // The kit's no-answer error starts with `what` already.
    const text = withoutUrl(errorMessage(error), url);
    caller.logger.warn(`${text.startsWith(what) ? text : `${what}: ${text}`}; the run's result stands`);
  }
  return false;
}

async function notifyTarget(caller: VendorCaller, target: NotifyTarget, report: RunReport, secret?: string) {
  const what = `notify: ${KIND_NAMES[target.kind]} at ${target.host}`;
  const message = messageFor(target, report, secret);
  const sent = await deliver(caller, what, new URL(target.url), { method: 'POST', ...message });
  if (sent) caller.logger.info(`${what}: told (${report.events.join(', ')})`);
}

/** One line for a heartbeat's log: what the run did. */
function heartbeatMessage(report: RunReport): string {
  if (report.runError) return `certwright: the run failed: ${report.runError}`;
  if (report.events.length === 0) return `certwright: ${report.total} certificate(s), nothing to report`;
  return headline(report);
}

async function beat(caller: VendorCaller, target: HeartbeatTarget, report: RunReport): Promise<void> {
  const ok = !runFailed(report);
  const call = heartbeatCall(target, ok, heartbeatMessage(report));
  const what = `heartbeat: ${target.kind} at ${target.host}`;
  const url = new URL(call.url);
  const request =
    call.method === 'POST' ? { method: 'POST' as const, body: call.body ?? '' } : { method: 'GET' as const };
  const headers = call.method === 'POST' ? { 'content-type': 'text/plain; charset=utf-8' } : {};
  if (await deliver(caller, what, url, { ...request, headers }))
    caller.logger.debug(`${what}: ${ok ? 'success' : 'failure'} sent`);
}

/** Every secret of the settings, out of a text that leaves the machine. */
function secretFree(settings: NotifySettings, redact: ((text: string) => string) | undefined) {
  const secrets = [
    ...settings.targets.map((t) => t.url),
    ...(settings.heartbeat ? [settings.heartbeat.url] : []),
    ...(settings.secret ? [settings.secret] : []),
  ].filter((s) => s.length >= 6);
  return (text: string) => secrets.reduce((out, secret) => out.split(secret).join('***'), redact ? redact(text) : text);
}

/**
 * Tells the run's webhooks and heartbeat what the run did (`inputs`). Returns the report sent
 * (tests read it). Never throws: the run's own result stands whatever happens here.
 */
export async function reportRun(
  settings: NotifySettings,
  inputs: ReportInputs,
  tools: ReportTools,
): Promise<RunReport | undefined> {
  if (settings.targets.length === 0 && !settings.heartbeat) return undefined;
  try {
    const report = buildReport({ ...inputs, redact: secretFree(settings, inputs.redact) });
    const caller: VendorCaller = {
      http: reportClient(tools),
      policy: REPORT_POLICY,
      clock: tools.clock,
      logger: tools.logger,
    };
    const wanted = reportFor(report, settings.events);
    await Promise.all([
      ...(wanted ? settings.targets.map((target) => notifyTarget(caller, target, wanted, settings.secret)) : []),
      ...(settings.heartbeat ? [beat(caller, settings.heartbeat, report)] : []),
    ]);
    return report;
  } catch (error) {
    tools.logger.warn(`notify: the run's report could not be sent: ${errorMessage(error)}`);
    return undefined;
  }
}
