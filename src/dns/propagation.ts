import type { Clock, Logger } from '../runtime.js';
import { formatServerAddress, type ServerAddress } from './address.js';
import type { ChallengeRecord } from './provider.js';
import type { DnsResolver } from './resolver.js';
import { query, txtValues } from './wire.js';

/** How the DNS core proves the records are served before the CA is asked to look. */
export interface PropagationSettings {
  /** `check` asks every authoritative nameserver; `skip` trusts the provider (hooks that wait themselves). */
  readonly mode: 'check' | 'skip';
  /** Give up after this long, naming what was missing where. */
  readonly timeoutMs: number;
  /** Pause between two rounds of queries. */
  readonly intervalMs: number;
}

export interface PropagationOptions {
  readonly timeoutMs: number;
  readonly intervalMs: number;
  readonly clock: Clock;
  readonly logger: Logger;
}

interface Check {
  readonly fqdn: string;
  readonly server: ServerAddress;
  readonly expected: ReadonlySet<string>;
  lastSeen: string;
}

/**
 * Waits until every authoritative nameserver of each record's zone serves every TXT value
 * (asked directly, without recursion, so no cache is in the way). Returns as soon as all do;
 * throws at the timeout naming what was missing where.
 */
export async function waitForTxtOnAuthoritativeNameservers(
  records: readonly ChallengeRecord[],
  resolver: DnsResolver,
  options: PropagationOptions,
): Promise<void> {
  const expectedByName = new Map<string, { zone: string; values: Set<string> }>();
  for (const record of records) {
    const entry = expectedByName.get(record.fqdn) ?? { zone: record.zone, values: new Set<string>() };
    entry.values.add(record.value);
    expectedByName.set(record.fqdn, entry);
  }
  let pending: Check[] = (
    await Promise.all(
      [...expectedByName].map(async ([fqdn, { zone, values }]) =>
        (await resolver.authoritativeServers(zone)).map((server) => ({
          fqdn,
          server,
          expected: values,
          lastSeen: 'not asked yet',
        })),
      ),
    )
  ).flat();
  const servers = new Set(pending.map((c) => formatServerAddress(c.server))).size;
  const started = options.clock.now();
  const deadline = started + options.timeoutMs;
  // Every 10 s; sooner for a short timeout, so it still says where it stood before giving up.
  const every = Math.min(PROGRESS_EVERY_MS, Math.max(1_000, options.timeoutMs / 5));
  let nextReport = started + every;
  for (;;) {
    const results = await Promise.all(pending.map((check) => isServed(check)));
    pending = pending.filter((_, i) => !results[i]);
    const now = options.clock.now();
    if (pending.length === 0) {
      options.logger.info(
        `TXT records served by all ${servers} authoritative nameserver(s) after ${formatSeconds(now - started)}`,
      );
      return;
    }
    if (now >= nextReport) {
      // A long wait shows where it stands, never silence.
      options.logger.info(
        `waiting for ${describePending(pending)}: ` +
          `${formatSeconds(now - started)} of ${formatSeconds(options.timeoutMs)}`,
      );
      nextReport = now + every;
    }
    if (options.clock.now() + options.intervalMs > deadline) {
      const missing = pending.map((c) => `${c.fqdn} at ${formatServerAddress(c.server)} (${c.lastSeen})`).join('; ');
      throw new Error(
        `dns: TXT records not visible on the authoritative nameservers after ${options.timeoutMs} ms: ${missing}; ` +
          'check that the provider writes to the zone those servers serve, or raise propagation-timeout',
      );
    }
    await options.clock.sleep(options.intervalMs);
  }
}

/** How often a wait for propagation says where it stands. */
const PROGRESS_EVERY_MS = 10_000;

function formatSeconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/** `_acme-challenge.a.example on ns1 (192.0.2.1:53), and 2 more`. */
function describePending(pending: readonly Check[]): string {
  const [first] = pending;
  if (!first) return 'nothing';
  const more = pending.length > 1 ? `, and ${pending.length - 1} more` : '';
  return `${first.fqdn} on ${formatServerAddress(first.server)} (${first.lastSeen})${more}`;
}

async function isServed(check: Check): Promise<boolean> {
  try {
    const reply = await query(check.server, check.fqdn, 'TXT', { timeoutMs: 2_000 });
    const seen = new Set(txtValues(reply.answers, check.fqdn));
    const missing = [...check.expected].filter((value) => !seen.has(value));
    check.lastSeen =
      missing.length === 0 ? 'ok' : `${reply.rcode}, ${missing.length} of ${check.expected.size} values missing`;
    return missing.length === 0;
  } catch (error) {
    check.lastSeen = (error as Error).message;
    return false;
  }
}

/**
 * Which of `records` an authoritative nameserver of its zone still serves (asked once, each
 * server at most 2 s), and which could not be checked because no server answered. Used after
 * a failed removal, so only records that exist are reported.
 */
export async function recordsStillServed(
  records: readonly ChallengeRecord[],
  resolver: DnsResolver,
): Promise<{ served: ChallengeRecord[]; unchecked: ChallengeRecord[] }> {
  const served: ChallengeRecord[] = [];
  const unchecked: ChallengeRecord[] = [];
  await Promise.all(
    records.map(async (record) => {
      const servers = await resolver.authoritativeServers(record.zone).catch(() => []);
      const answers = await Promise.all(
        servers.map((server) =>
          query(server, record.fqdn, 'TXT', { timeoutMs: 2_000 }).then(
            (reply) => txtValues(reply.answers, record.fqdn),
            () => undefined,
          ),
        ),
      );
      const known = answers.filter((a): a is string[] => a !== undefined);
      if (known.some((values) => values.includes(record.value))) served.push(record);
      else if (known.length === 0) unchecked.push(record);
    }),
  );
  return { served, unchecked };
}
