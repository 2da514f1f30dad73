/**
 * A Microsoft Teams message for a workflow webhook ("Post to a channel when a webhook request is
 * received"): a `message` with one Adaptive Card attachment, a FactSet of the certificates and
 * an "Open the run" action. Teams takes about 28 KB per message: the builder keeps to 40 facts.
 */
import { certificateLine, headline, type RunReport } from './report.js';

const MAX_FACTS = 40;

export function teamsPayload(report: RunReport): Record<string, unknown> {
  const shown = report.certificates.slice(0, MAX_FACTS);
  const more = report.certificates.length - shown.length;
  const facts = [
    ...shown.map((note) => ({ title: note.name, value: certificateLine(note).slice(note.name.length + 2) })),
    ...(more > 0 ? [{ title: 'More', value: `…and ${more} more certificate(s)` }] : []),
  ];
  const body = [
    { type: 'TextBlock', text: headline(report), weight: 'Bolder', size: 'Medium', wrap: true },
    ...(report.runError
      ? [{ type: 'TextBlock', text: `The run failed: ${report.runError}`, color: 'Attention', wrap: true }]
      : []),
    { type: 'FactSet', facts },
    { type: 'TextBlock', text: `${report.total} certificate(s) in the run`, isSubtle: true, wrap: true },
  ];
  const card = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body,
    ...(report.run.url ? { actions: [{ type: 'Action.OpenUrl', title: 'Open the run', url: report.run.url }] } : {}),
  };
  return {
    type: 'message',
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }],
  };
}
