/**
 * The settings of a run's report to the outside: webhooks (`notify`, `notify-on`, `notify-secret`) and a dead-man's
 * switch (`heartbeat-url`). Read once from the run's inputs (never a config file: the URLs are secrets, and one run
 * sends one message), checked before anything is sent to a CA.
 */
import type { OptionSpec, OptionValues } from '../options/option.js';
import { optionalOption, splitList } from '../options/parse.js';
import { heartbeatTarget, type HeartbeatTarget } from './heartbeat.js';
import { notifyTarget, type NotifyTarget } from './targets.js';

/** What a run can tell its webhooks about; `expiring` is a certificate within `warn-days` of its end. */
export const NOTIFY_EVENTS = ['failure', 'renewed', 'deferred', 'expiring', 'deploy-failure'] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

/** Without `notify-on`: what needs an eye, not the good news. */
export const DEFAULT_NOTIFY_ON: readonly NotifyEvent[] = ['failure', 'expiring', 'deploy-failure'];

export const NOTIFY_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'notify',
    kind: 'list',
    description:
      'Webhook URL(s) told about the run, one message per run grouping its certificates: Slack incoming webhook, ' +
      'Microsoft Teams workflow webhook, Discord webhook, or any other URL as a signed JSON webhook (see ' +
      'docs/action.md, Notifications). `slack+https://`, `teams+https://`, `discord+https://` or `json+https://` ' +
      'forces the kind for a self-hosted URL.',
    secret: true,
    repeatable: true,
  },
  {
    name: 'notify-on',
    kind: 'list',
    description:
      'Events that send a notification: failure, renewed (issued too), deferred, expiring (within warn-days), ' +
      'deploy-failure.',
    default: DEFAULT_NOTIFY_ON.join(', '),
  },
  {
    name: 'notify-secret',
    description:
      'HMAC-SHA256 key that signs a generic JSON webhook (header X-Certwright-Signature: sha256=<hex> over the ' +
      'body); required with one.',
    secret: true,
  },
  {
    name: 'heartbeat-url',
    kind: 'url',
    description:
      "Dead-man's-switch URL called at the end of every run, with the service's failure form when the run failed: " +
      'healthchecks.io, Cronitor, Uptime Kuma push, or any URL (GET; `?status=fail` on failure).',
    secret: true,
  },
];

/** Where a run reports, parsed. */
export interface NotifySettings {
  readonly targets: readonly NotifyTarget[];
  readonly events: ReadonlySet<NotifyEvent>;
  /** The HMAC key of generic JSON webhooks. */
  readonly secret?: string;
  readonly heartbeat?: HeartbeatTarget;
}

function parseEvents(values: OptionValues): Set<NotifyEvent> {
  const given = splitList(optionalOption(values, 'notify-on'));
  const events = new Set<NotifyEvent>();
  for (const item of given.length > 0 ? given : DEFAULT_NOTIFY_ON) {
    const event = item.toLowerCase();
    if (!(NOTIFY_EVENTS as readonly string[]).includes(event))
      throw new Error(`notify-on: "${item}" is not an event; expected some of ${NOTIFY_EVENTS.join(', ')}`);
    events.add(event as NotifyEvent);
  }
  return events;
}

/**
 * `notify`, `notify-on`, `notify-secret` and `heartbeat-url`. Each URL is told to `onSecret` (the front end masks
 * it: a list input is masked whole, and a message could show one URL of it).
 */
export function parseNotifySettings(values: OptionValues, onSecret?: (secret: string) => void): NotifySettings {
  const urls = splitList(optionalOption(values, 'notify'));
  for (const url of urls) onSecret?.(url);
  const targets = urls.map((url) => notifyTarget(url));
  // As posted (without a `kind+` prefix, normalized) too.
  for (const target of targets) if (!urls.includes(target.url)) onSecret?.(target.url);
  const secret = optionalOption(values, 'notify-secret');
  const unsigned = targets.find((t) => t.kind === 'json');
  if (unsigned && !secret)
    throw new Error(
      `notify-secret: missing; the JSON webhook at ${unsigned.host} is signed with it so its receiver can tell the ` +
        'message comes from certwright; set notify-secret (or CERTWRIGHT_NOTIFY_SECRET)',
    );
  const heartbeatUrl = optionalOption(values, 'heartbeat-url');
  if (heartbeatUrl) onSecret?.(heartbeatUrl);
  const heartbeat = heartbeatUrl ? heartbeatTarget(heartbeatUrl) : undefined;
  if (heartbeat && heartbeat.url !== heartbeatUrl) onSecret?.(heartbeat.url);
  return { targets, events: parseEvents(values), ...(secret ? { secret } : {}), ...(heartbeat ? { heartbeat } : {}) };
}

/** Whether the run reports anywhere (a no-op run without these settings builds nothing). */
export function reportsAnywhere(settings: NotifySettings): boolean {
  return settings.targets.length > 0 || settings.heartbeat !== undefined;
}
