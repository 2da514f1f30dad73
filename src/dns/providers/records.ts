import type { ChallengeRecord } from '../provider.js';

/** A record's name and value: a wildcard and its apex may ask for the same value at the same name. */
export function recordKey(record: ChallengeRecord): string {
  return `${record.fqdn.toLowerCase().replace(/\.$/, '')} ${record.value}`;
}

/** The records with one of each name and value, in order: one vendor record serves them all. */
export function distinctRecords(records: readonly ChallengeRecord[]): ChallengeRecord[] {
  return [...new Map(records.map((record) => [recordKey(record), record])).values()];
}
