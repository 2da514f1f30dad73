/**
 * A Discord webhook message: `content` (the headline) and one embed whose fields are the
 * certificates. Discord takes at most 25 fields per embed, 256 characters per field name and
 * 1024 per value: past 24 certificates, the last field says how many more.
 */
import { certificateLine, headline, type RunReport } from './report.js';

const MAX_FIELDS = 24;
const RED = 0xd73a49;
const AMBER = 0xdbab09;
const GREEN = 0x28a745;

function colour(report: RunReport): number {
  if (report.events.includes('failure') || report.events.includes('deploy-failure')) return RED;
  if (report.events.includes('expiring') || report.events.includes('deferred')) return AMBER;
  return GREEN;
}

export function discordPayload(report: RunReport): Record<string, unknown> {
  const shown = report.certificates.slice(0, MAX_FIELDS);
  const more = report.certificates.length - shown.length;
  const fields = [
    ...shown.map((note) => ({
      name: note.name.slice(0, 256),
      value: certificateLine(note).slice(note.name.length + 2, note.name.length + 2 + 1024),
    })),
    ...(more > 0 ? [{ name: 'More', value: `…and ${more} more certificate(s)` }] : []),
  ];
  const embed = {
    title: headline(report).slice(0, 256),
    ...(report.run.url ? { url: report.run.url } : {}),
    description: (report.runError
      ? `The run failed: ${report.runError}`
      : `${report.total} certificate(s) in the run`
    ).slice(0, 4096),
    color: colour(report),
    fields,
    timestamp: report.at,
  };
  const content = report.run.url ? `${headline(report)}: <${report.run.url}>` : headline(report);
  // No @everyone or role pings from a certificate's name or an error text.
  return { content: content.slice(0, 2000), embeds: [embed], allowed_mentions: { parse: [] } };
}
