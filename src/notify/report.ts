/**
 * What a run tells the outside, built once from its results: the events that happened, each
 * certificate that has one (its days left and next renewal), and where the run can be seen.
 * The payload builders (slack.ts, teams.ts, discord.ts, webhook.ts) only lay this out.
 */
import { deployFailed } from '../renewal/deploy.js';
import { certificateInPlace, daysLeft, expiryWarning } from '../renewal/expiry.js';
import type { CertificateResult } from '../renewal/run.js';
import { errorMessage } from '../runtime.js';
import { NOTIFY_EVENTS, type NotifyEvent } from './options.js';

/** One certificate as a message shows it. */
export interface CertificateNote {
  readonly name: string;
  /** The events it has, in NOTIFY_EVENTS order. */
  readonly events: readonly NotifyEvent[];
  /** `issued`, `renewed`, `not-due`, `deferred`, `failed`… */
  readonly status: string;
  readonly notAfter?: string;
  readonly daysLeft?: number;
  /** When the next renewal is planned (a failed one: the next run tries again). */
  readonly renewAt?: string;
  /** Why it failed, or a deploy target failed: one line, shortened. */
  readonly problem?: string;
}

/** Where the run can be seen: the Actions run page when in Actions. */
export interface RunLink {
  readonly url?: string;
  readonly repository?: string;
  readonly runId?: string;
}

/** One run's report. */
export interface RunReport {
  /** The events of the run, in NOTIFY_EVENTS order. */
  readonly events: readonly NotifyEvent[];
  readonly certificates: readonly CertificateNote[];
  /** How many certificates the run had in all. */
  readonly total: number;
  /** A run that failed before or around its certificates (bad settings, a state that cannot be read). */
  readonly runError?: string;
  readonly run: RunLink;
  /** ISO 8601, on the run's clock. */
  readonly at: string;
}

/** Longest problem line a message carries: a chat message, not a log. */
const MAX_PROBLEM = 300;

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_PROBLEM ? `${line.slice(0, MAX_PROBLEM - 1)}…` : line;
}

function eventsOf(result: CertificateResult, now: number, warnDays: number | undefined): NotifyEvent[] {
  const certificate = certificateInPlace(result);
  const happened: Record<NotifyEvent, boolean> = {
    failure: result.error !== undefined,
    renewed: result.outcome?.action === 'issued' || result.outcome?.action === 'renewed',
    deferred: result.deferred !== undefined || result.outcome?.action === 'deferred',
    expiring: certificate !== undefined && expiryWarning(certificate, now, warnDays) !== undefined,
    'deploy-failure': deployFailed(result.deployments),
  };
  return NOTIFY_EVENTS.filter((event) => happened[event]);
}

function problemOf(result: CertificateResult, redact: (text: string) => string): string | undefined {
  if (result.error) return oneLine(redact(errorMessage(result.error)));
  const failed = (result.deployments ?? []).filter((d) => d.action === 'failed');
  if (failed.length === 0) return undefined;
  return oneLine(redact(failed.map((d) => `deploy to ${d.target} failed: ${errorMessage(d.error)}`).join('; ')));
}

function noteOf(
  result: CertificateResult,
  events: NotifyEvent[],
  now: number,
  redact: (text: string) => string,
): CertificateNote {
  const certificate = certificateInPlace(result);
  const problem = problemOf(result, redact);
  const renewAt = result.outcome?.renewAt;
  return {
    name: result.name,
    events,
    status: result.outcome?.action ?? (result.error ? 'failed' : 'deferred'),
    ...(certificate ? { notAfter: certificate.notAfter.toISOString(), daysLeft: daysLeft(certificate, now) } : {}),
    ...(renewAt ? { renewAt: renewAt.toISOString() } : {}),
    ...(problem ? { problem } : {}),
  };
}

/** The Actions run page, from the runner's variables (none outside Actions). */
export function runLink(env: Readonly<Record<string, string | undefined>>): RunLink {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env;
  if (!repository || !runId) return {};
  const base = (server ?? 'https://github.com').replace(/\/+$/, '');
  return { url: `${base}/${repository}/actions/runs/${runId}`, repository, runId };
}

export interface ReportInputs {
  readonly results: readonly CertificateResult[];
  readonly now: number;
  readonly warnDays: number | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** A run that failed as a whole (its error). */
  readonly runError?: unknown;
  /** Takes the run's secrets out of error text before it leaves the machine. */
  readonly redact?: (text: string) => string;
}

/** The report of a run: every certificate with an event, grouped into one. */
export function buildReport(inputs: ReportInputs): RunReport {
  const redact = inputs.redact ?? ((text: string) => text);
  const certificates = inputs.results.flatMap((result) => {
    const events = eventsOf(result, inputs.now, inputs.warnDays);
    return events.length > 0 ? [noteOf(result, events, inputs.now, redact)] : [];
  });
  const happened = new Set<NotifyEvent>(certificates.flatMap((c) => c.events));
  if (inputs.runError !== undefined) happened.add('failure');
  return {
    events: NOTIFY_EVENTS.filter((event) => happened.has(event)),
    certificates,
    total: inputs.results.length,
    ...(inputs.runError !== undefined ? { runError: oneLine(redact(errorMessage(inputs.runError))) } : {}),
    run: runLink(inputs.env),
    at: new Date(inputs.now).toISOString(),
  };
}

/** The report as one of its receivers asked for it: only its events and their certificates; undefined if none. */
export function reportFor(report: RunReport, wanted: ReadonlySet<NotifyEvent>): RunReport | undefined {
  const events = report.events.filter((event) => wanted.has(event));
  if (events.length === 0) return undefined;
  const certificates = report.certificates
    .map((c) => ({ ...c, events: c.events.filter((event) => wanted.has(event)) }))
    .filter((c) => c.events.length > 0);
  const { runError, ...rest } = report;
  return { ...rest, events, certificates, ...(runError && wanted.has('failure') ? { runError } : {}) };
}

/** Whether the run failed (a certificate, a deploy target or the run itself): the heartbeat's failure form. */
export function runFailed(report: RunReport): boolean {
  return report.events.includes('failure') || report.events.includes('deploy-failure');
}

const EVENT_WORDS: Record<NotifyEvent, string> = {
  failure: 'failed',
  renewed: 'renewed',
  deferred: 'deferred',
  expiring: 'expiring',
  'deploy-failure': 'deploy failed',
};

/** `certwright: 1 failed, 2 renewed in owner/repo`: the headline every kind starts with. */
export function headline(report: RunReport): string {
  const counts = report.events.map((event) => {
    const count = report.certificates.filter((c) => c.events.includes(event)).length;
    return count > 0 ? `${count} ${EVENT_WORDS[event]}` : EVENT_WORDS[event];
  });
  const where = report.run.repository ? ` in ${report.run.repository}` : '';
  return `certwright: ${counts.join(', ')}${where}`;
}

/** One line per certificate: `name: renewed; 89 days left (2027-…); next renewal 2027-…`. */
export function certificateLine(note: CertificateNote): string {
  const parts = [`${note.name}: ${note.events.map((e) => EVENT_WORDS[e]).join(', ')}`];
  if (note.daysLeft !== undefined) parts.push(`${note.daysLeft} days left (until ${note.notAfter})`);
  else parts.push('no certificate in place');
  parts.push(note.renewAt ? `next renewal ${note.renewAt}` : 'the next run tries again');
  if (note.problem) parts.push(note.problem);
  return parts.join('; ');
}
