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
