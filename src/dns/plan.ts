import { challengeRecordName } from './names.js';
import type { ChallengeRecord } from './provider.js';
import type { DnsResolver } from './resolver.js';

/**
 * Works out where each challenge's TXT value goes: `_acme-challenge.<domain>`, followed
 * through CNAMEs, in the zone found by SOA. A wildcard and its apex land on the same name and
 * keep both values.
 */
export async function planChallengeRecords(
  challenges: readonly { domain: string; value: string }[],
  resolver: DnsResolver,
): Promise<ChallengeRecord[]> {
  const targets = new Map<string, Promise<{ fqdn: string; zone: string }>>();
  const targetOf = (name: string) => {
    let target = targets.get(name);
    if (!target) {
      target = resolver.followCnames(name).then(async (fqdn) => ({ fqdn, zone: await resolver.findZone(fqdn) }));
      targets.set(name, target);
    }
    return target;
  };
  return Promise.all(
    challenges.map(async ({ domain, value }) => ({ domain, value, ...(await targetOf(challengeRecordName(domain))) })),
  );
}

/**
 * Starts working out where the domains' records go, so the answers are in the resolver's cache
 * when the records are planned: the names are known before the CA hands out a challenge. A
 * failure here is met again, and reported, by the plan itself.
 */
export function warmChallengeTargets(domains: readonly string[], resolver: DnsResolver): void {
  for (const name of new Set(domains.map(challengeRecordName))) {
    resolver
      .followCnames(name)
      .then((fqdn) => resolver.findZone(fqdn))
      .catch(() => undefined);
  }
}

/** Records grouped by zone, for one change per zone. */
export function groupByZone(records: readonly ChallengeRecord[]): Map<string, ChallengeRecord[]> {
  const groups = new Map<string, ChallengeRecord[]>();
  for (const record of records) {
    const group = groups.get(record.zone) ?? [];
    group.push(record);
    groups.set(record.zone, group);
  }
  return groups;
}
