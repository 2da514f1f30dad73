import type { ChallengeRecord } from '../provider.js';
import { inParallel } from '../../vendor/parallel.js';

/** A record's name and value: a wildcard and its apex may ask for the same value at the same name. */
export function recordKey(record: ChallengeRecord): string {
  return `${record.fqdn.toLowerCase().replace(/\.$/, '')} ${record.value}`;
}

/** The records with one of each name and value, in order: one vendor record serves them all. */
export function distinctRecords(records: readonly ChallengeRecord[]): ChallengeRecord[] {
  return [...new Map(records.map((record) => [recordKey(record), record])).values()];
}

/** How a provider that keeps one record per value writes the ref it journals for a record (`zone/id`), and reads it. */
export interface RecordRefs<Ref> {
  format(ref: Ref): string;
  /** The ref, or undefined when the text is not one (a tampered or foreign journal). */
  parse(text: string): Ref | undefined;
  /** Whether two refs name the same record. */
  same(a: Ref, b: Ref): boolean;
}

/**
 * What a provider that keeps one record per TXT value, each with an ID (linode, vultr, ovh,
 * dnsimple), created in this run, and which records are its own at cleanup. Each created
 * record's ref goes into the crash record. At cleanup, a record this instance created goes by
 * its ref. Any other (a ref journaled by an earlier run or written into a tampered journal, or
 * no ref at all) goes only as the vendor lists it now: among the records at its name carrying
 * its value, the journaled one alone when it is there, else all of them. An ID alone could name
 * any record of the account; a dns-01 value is the account's digest of one challenge token.
 */
export class OwnRecords<Ref> {
  readonly #refs: RecordRefs<Ref>;
  /** Refs this instance created, by record key: for records that reach cleanup without theirs. */
  readonly #created = new Map<string, string>();

  constructor(refs: RecordRefs<Ref>) {
    this.#refs = refs;
  }

  /** Notes that this run created `record` as `ref`. */
  created(record: ChallengeRecord, ref: Ref): void {
    this.#created.set(recordKey(record), this.#refs.format(ref));
  }

  /** `records` with the refs of those this run created (empty for the others), for the crash record. */
  withRefs(records: readonly ChallengeRecord[]): ChallengeRecord[] {
    return records.map((record) => ({ ...record, ref: this.#created.get(recordKey(record)) ?? '' }));
  }

  /**
   * The records to delete for `records`, each once. `atName` lists the records at a record's name
   * carrying its value, as refs; it is given the journaled ref, if any, to know where to look.
   */
  async toDelete(
    records: readonly ChallengeRecord[],
    parallel: number,
    atName: (record: ChallengeRecord, journaled: Ref | undefined) => Promise<Ref[]>,
  ): Promise<Ref[]> {
    const found = await inParallel(distinctRecords(records), parallel, async (record) => {
      const created = this.#created.get(recordKey(record));
      const given = record.ref || created;
      const ref = given ? this.#refs.parse(given) : undefined;
      if (ref && given === created) return [ref];
      const mine = await atName(record, ref);
      const exact = ref ? mine.filter((candidate) => this.#refs.same(candidate, ref)) : [];
      return exact.length > 0 ? exact : mine;
    });
    return [...new Map(found.flat().map((ref) => [this.#refs.format(ref), ref])).values()];
  }

  /** Forgets `records`, deleted. */
  forget(records: readonly ChallengeRecord[]): void {
    for (const record of records) this.#created.delete(recordKey(record));
  }
}

/** A record's ref as `zone/id`, for vendors whose record IDs are numbers within a zone (ovh, dnsimple). */
export interface ZoneRecordRef {
  readonly zone: string;
  readonly id: number;
}

export const ZONE_RECORD_REFS: RecordRefs<ZoneRecordRef> = {
  format: ({ zone, id }) => `${zone}/${id}`,
  parse: (text) => {
    const match = /^([a-z0-9.-]+)\/(\d{1,15})$/.exec(text);
    return match ? { zone: match[1] as string, id: Number(match[2]) } : undefined;
  },
  same: (a, b) => a.zone === b.zone && a.id === b.id,
};
