/**
 * Which webhook a `notify` URL is, from its host (or its `kind+` prefix for a self-hosted one):
 *
 * - `hooks.slack.com` -> Slack incoming webhook (slack.ts)
 * - `*.logic.azure.com`, `*.powerautomate.com`, `*.api.powerplatform.com`, `*.webhook.office.com` -> Microsoft Teams
 *   workflow webhook (teams.ts)
 * - `discord.com/api/webhooks/…` (and discordapp.com) -> Discord webhook (discord.ts)
 * - anything else -> a generic JSON webhook, signed (webhook.ts)
 */
import { hostIs, parseReportUrl } from './url.js';

export const NOTIFY_KINDS = ['slack', 'teams', 'discord', 'json'] as const;
export type NotifyKind = (typeof NOTIFY_KINDS)[number];

/** What errors and warnings call each kind. */
export const KIND_NAMES: Readonly<Record<NotifyKind, string>> = {
  slack: 'Slack webhook',
  teams: 'Teams webhook',
  discord: 'Discord webhook',
  json: 'JSON webhook',
};

export interface NotifyTarget {
  readonly kind: NotifyKind;
  /** The URL to post to (without a `kind+` prefix): a secret. */
  readonly url: string;
  /** What messages about it show: never more than the host. */
  readonly host: string;
}

const TEAMS_DOMAINS = ['logic.azure.com', 'powerautomate.com', 'api.powerplatform.com', 'webhook.office.com'];

function kindOf(url: URL): NotifyKind {
  if (hostIs(url.hostname, 'hooks.slack.com')) return 'slack';
  if (TEAMS_DOMAINS.some((domain) => hostIs(url.hostname, domain))) return 'teams';
  const discordHost = hostIs(url.hostname, 'discord.com') || hostIs(url.hostname, 'discordapp.com');
  if (discordHost && url.pathname.startsWith('/api/webhooks/')) return 'discord';
  return 'json';
}

/** Parses one `notify` URL into its target. */
export function notifyTarget(text: string): NotifyTarget {
  const { url, forced } = parseReportUrl('notify', text, NOTIFY_KINDS);
  return { kind: (forced as NotifyKind | undefined) ?? kindOf(url), url: url.href, host: url.host };
}
