import * as core from '@actions/core';
import { certificateInPlace, daysLeft, expiryWarning, renewalPoint } from '../renewal/expiry.js';
import type { DeploymentResult } from '../renewal/deploy.js';
import { describeFallback } from '../renewal/fallback.js';
import type { CertificateResult } from '../renewal/run.js';
import { errorMessage } from '../runtime.js';

/** `CERTWRIGHT_SUMMARY=false` leaves the job summary alone (a workflow that writes its own). */
export function summaryEnabled(env: Readonly<Record<string, string | undefined>>): boolean {
  return !/^(false|0|no|off)$/i.test(env.CERTWRIGHT_SUMMARY?.trim() ?? '');
}

/** What happened to a certificate, in one word or two. */
export function status(result: CertificateResult): string {
  if (result.error) return 'failed';
  if (result.deferred) return 'deferred';
  return result.outcome?.action === 'not-due' ? 'not due' : (result.outcome?.action.replace('-', ' ') ?? 'failed');
}

const MARK: Record<string, string> = {
  issued: '🆕',
  renewed: '🔄',
  'not due': '✔️',
  deferred: '⏳',
  'dry run': '🧪',
  failed: '❌',
};

/** Text for an HTML cell: the summary is HTML, and an error line may hold `<`, `&` or a quote. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function names(domains: readonly string[], shown = 4): string {
  const listed = domains.slice(0, shown).map(escapeHtml).join(', ');
  return domains.length > shown ? `${listed} and ${domains.length - shown} more` : listed;
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function inDays(date: Date, now: number): string {
  const days = Math.round((date.getTime() - now) / 86_400_000);
  return days <= 0 ? `${day(date)} (now)` : `${day(date)} (in ${days} d)`;
}

/** `2 issued, 1 not due, 1 failed`, in the order certificates were listed. */
export function totals(results: readonly CertificateResult[]): string {
  const counts = new Map<string, number>();
  for (const result of results) counts.set(status(result), (counts.get(status(result)) ?? 0) + 1);
  return [...counts].map(([what, count]) => `${count} ${what}`).join(', ');
}

type SummaryTableRow = Parameters<typeof core.summary.addTable>[0][number];

const HEADER = ['Certificate', 'Status', 'Names', 'Days left', 'Next renewal', 'Serial'];

function rows(result: CertificateResult, now: number, warnDays: number | undefined): SummaryTableRow[] {
  const certificate = certificateInPlace(result);
  const what = status(result);
  const warning = certificate ? expiryWarning(certificate, now, warnDays, renewalPoint(result)) : undefined;
  const left = certificate
    ? `${warning ? '⚠️ ' : ''}${daysLeft(certificate, now)} (until ${day(certificate.notAfter)})`
    : '';
  const row: SummaryTableRow = [
    `<code>${escapeHtml(result.name)}</code>`,
    `${MARK[what] ?? ''} ${what}`,
    names(result.error && result.requested ? result.requested : (certificate?.domains ?? [])),
    left,
    result.outcome?.renewAt ? inDays(result.outcome.renewAt, now) : '',
    certificate ? `<code>${certificate.serial}</code>` : '',
  ];
  const why = result.error
    ? `Error: ${errorMessage(result.error)}`
    : result.deferred
      ? `Deferred: ${result.deferred}`
      : result.outcome?.caAsked
        ? `Renewed early, because the CA asked for it: ${result.outcome.reason}`
        : undefined;
  const fallback = result.outcome?.fallback
    ? [escapeHtml(`Issued by ${describeFallback(result.outcome.fallback)}`)]
    : [];
  const below = [...(why ? [escapeHtml(why)] : []), ...fallback, ...(result.deployments ?? []).map(deploymentLine)].map(
    (data): SummaryTableRow => [{ data, colspan: String(HEADER.length) }],
  );
  return [row, ...below];
}

const DEPLOY_MARK: Record<DeploymentResult['action'], string> = {
  deployed: '🚀 deployed',
  current: '✔️ holds it',
  failed: '❌ failed',
  'dry-run': '🧪 would receive it',
};

/** A row under the certificate for each deploy target: what it holds (id, serial, since when), or why it failed. */
function deploymentLine(d: DeploymentResult): string {
  const record = d.record
    ? ` <code>${escapeHtml(d.record.id)}</code>, serial <code>${escapeHtml(d.record.serial)}</code>, since ` +
      `${new Date(d.record.at).toISOString().replace('T', ' ').slice(0, 16)} UTC`
    : '';
  const error = d.error ? `: ${escapeHtml(errorMessage(d.error))}` : '';
  const holds = d.action === 'failed' && record ? `; still holds${record}` : record;
  return `↳ deploy to ${escapeHtml(d.description)}: ${DEPLOY_MARK[d.action]}${error}${holds}`;
}

/** The job summary of a run: totals, then a row per certificate, each error on its own row below. */
export async function writeRunSummary(
  results: readonly CertificateResult[],
  now: number,
  warnDays?: number,
): Promise<void> {
  const failed = results.filter((r) => r.error).length;
  const deployFailed = results.flatMap((r) => r.deployments ?? []).filter((d) => d.action === 'failed').length;
  const verdict =
    failed > 0
      ? `❌ ${failed} of ${results.length} failed`
      : deployFailed > 0
        ? `❌ ${deployFailed} deploy target(s) failed`
        : `✅ ${succeeded(results.length)}`;
  await core.summary
    .addHeading(`certwright: ${verdict}`, 2)
    .addRaw(`<p>${results.length} certificate(s): ${escapeHtml(totals(results))}.</p>`, true)
    .addTable([HEADER.map((data) => ({ data, header: true })), ...results.flatMap((r) => rows(r, now, warnDays))])
    .write();
}

/** The job summary of a step that failed before any certificate result: the error, never an empty page. */
export async function writeFailureSummary(error: unknown): Promise<void> {
  await core.summary
    .addHeading('certwright: ❌ failed', 2)
    .addRaw(`<p>${escapeHtml(errorMessage(error))}</p>`, true)
    .write();
}

/** The heading's word for a run where nothing failed. */
function succeeded(count: number): string {
  return count === 1 ? 'done' : `${count} certificates`;
}
