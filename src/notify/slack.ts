/**
 * A Slack incoming webhook message: `text` (the notification and fallback line) and Block Kit
 * `blocks`: a header, a section per certificate (mrkdwn), a context line with the run's link.
 * Slack takes at most 50 blocks: past MAX_CERTIFICATE_BLOCKS certificates, one line says how many more.
 */
import { certificateLine, headline, type RunReport } from './report.js';

const MAX_CERTIFICATE_BLOCKS = 40;

/** Slack mrkdwn treats `&`, `<` and `>` as markup. */
function escaped(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

export function slackPayload(report: RunReport): Record<string, unknown> {
  const title = headline(report);
  const shown = report.certificates.slice(0, MAX_CERTIFICATE_BLOCKS);
  const more = report.certificates.length - shown.length;
  const link = report.run.url ? `<${report.run.url}|View the run>` : 'Run outside GitHub Actions';
  const blocks = [
    { type: 'header', text: { type: 'plain_text', text: title.slice(0, 150) } },
    ...(report.runError ? [section(`*The run failed:* ${escaped(report.runError)}`)] : []),
    ...shown.map((note) => section(escaped(certificateLine(note)).replace(/^([^:]+):/, '*$1*:'))),
    ...(more > 0 ? [section(`…and ${more} more certificate(s)`)] : []),
    { type: 'context', elements: [{ type: 'mrkdwn', text: `${link} · ${report.total} certificate(s) in the run` }] },
  ];
  return { text: report.run.url ? `${title}: ${report.run.url}` : title, blocks };
}
