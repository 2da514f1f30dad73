import type { ChallengeRecord, DnsProvider, ProviderContext } from '../../provider.js';
import { unquoteTxt } from '../txt.js';
import { distinctRecords, recordKey } from '../records.js';
import { DigitalOceanError, digitalOceanApiFor, type DigitalOceanApi, type DigitalOceanSettings } from './api.js';
import { inParallel } from '../../../vendor/parallel.js';
import { retrying, type RetryPolicy, type RunTools } from '../../../vendor/retry.js';

/** Requests in flight at once: DigitalOcean has no batch call, and allows 250 requests a minute. */
const PARALLEL = 4;
/** Creates of one record, when answers get lost. */
const CREATE_RETRIES: RetryPolicy = {
  attempts: 3,
  backoffMs: 500,
  maxBackoffMs: 2_000,
  maxWaitMs: 60_000,
  deadlineMs: 120_000,
};

/** A record of this run at DigitalOcean: the ref journaled for it is `domain/id`. */
interface RecordRef {
  readonly domain: string;
  readonly id: number;
}

/**
 * DigitalOcean keeps one record per TXT value, each with a numeric ID, and keeps identical
 * records side by side. So the provider never reads or rewrites what is there: it creates one
 * record per value, returns `domain/id` as each record's ref for the crash record, and deletes
 * exactly those IDs, which leaves any other record alone, even one with the same name and value.
 * A record without a ref (the crash came before the IDs were journaled) is found by name and
 * exact value: a dns-01 value is the account's digest of one challenge token, so no one else's
 * record carries it.
 */
export class DigitalOceanProvider implements DnsProvider {
  readonly name = 'digitalocean';
  readonly #api: DigitalOceanApi;
  readonly #run: RunTools;
  /** Refs this instance created, for records that reach deleteRecords without theirs. */
  readonly #created = new Map<string, string>();

  constructor(settings: DigitalOceanSettings, context: ProviderContext) {
    this.#api = digitalOceanApiFor(settings, context);
    this.#run = context;
  }

  async createRecords(records: readonly ChallengeRecord[]): Promise<ChallengeRecord[]> {
    // A wildcard and its apex may carry the same value at the same name: one record serves both.
    await inParallel(distinctRecords(records), PARALLEL, async (record) => {
      const domain = await this.#api.domainFor(record.fqdn, record.zone);
      const id = await this.#createOne(domain, record);
      const ref = formatRef({ domain, id });
      this.#api.claimed.add(ref);
      this.#created.set(recordKey(record), ref);
    });
    return records.map((record) => ({ ...record, ref: this.#created.get(recordKey(record)) ?? '' }));
  }

  async deleteRecords(records: readonly ChallengeRecord[]): Promise<void> {
    const byKey = new Map<string, { record: ChallengeRecord; refs: Set<string> }>();
    for (const record of records) {
      const entry = byKey.get(recordKey(record)) ?? { record, refs: new Set<string>() };
      const ref = record.ref || this.#created.get(recordKey(record));
      if (ref) entry.refs.add(ref);
      byKey.set(recordKey(record), entry);
    }
    const found = await inParallel([...byKey.values()], PARALLEL, ({ record, refs }) => this.#findOwn(record, refs));
    const targets = [...new Map(found.flat().map((ref) => [formatRef(ref), ref])).values()];
    await inParallel(targets, PARALLEL, ({ domain, id }) => this.#api.deleteRecord(domain, id));
    for (const target of targets) this.#api.claimed.delete(formatRef(target));
    for (const key of byKey.keys()) this.#created.delete(key);
  }

  /**
   * Creates the record and returns its ID. When the answer is lost (a 5xx or none), the record may
   * exist: before creating again, one at the name with the value that no other record of this run
   * claims is taken as this one (its value says it is this account's for this challenge).
   */
  async #createOne(domain: string, record: ChallengeRecord): Promise<number> {
    let lost: unknown;
    const what = `digitalocean: creating TXT ${record.fqdn} in domain ${domain}`;
    const tried = await retrying<number | undefined>(this.#run, CREATE_RETRIES, what, async (attempt) => {
      const found = attempt > 1 ? await this.#unclaimed(domain, record, lost) : undefined;
      if (found !== undefined) return { result: found };
      try {
        return { result: (await this.#api.createTxt(domain, record.fqdn, record.value)).id };
      } catch (error) {
        if (!(error instanceof DigitalOceanError && error.maybeApplied)) throw error;
        lost = error;
        return { result: undefined, retry: { why: 'the answer to the create was lost' } };
      }
    });
    if (tried.result === undefined) throw lost;
    return tried.result;
  }

  /**
   * The newest record at the name with the value that no record of this run claims; without a look (no domain:read,
   * say), `lost` is thrown: creating again could leave a second record.
   */
  async #unclaimed(domain: string, record: ChallengeRecord, lost: unknown): Promise<number | undefined> {
    const present = await this.#api.txtRecords(domain, record.fqdn).catch(() => {
      throw lost;
    });
    const existing = present.filter(
      (r) => sameValue(r.data, record.value) && !this.#api.claimed.has(formatRef({ domain, id: r.id })),
    );
    return existing.length > 0 ? Math.max(...existing.map((r) => r.id)) : undefined;
  }

  /** The records of this run for one name and value: its refs, else those at the name carrying the value. */
  async #findOwn(record: ChallengeRecord, refs: ReadonlySet<string>): Promise<RecordRef[]> {
    const parsed = [...refs].map(parseRef).filter((ref): ref is RecordRef => ref !== undefined);
    if (parsed.length > 0) return this.#stillOwn(record, parsed);
    const domain = await this.#api.domainFor(record.fqdn, record.zone);
    const mine = (await this.#api.txtRecords(domain, record.fqdn)).filter((r) => sameValue(r.data, record.value));
    return mine.map((r) => ({ domain, id: r.id }));
  }

  /**
   * The refs that may be deleted: those this instance created, and journaled ones (an earlier
   * run's, or a tampered journal's) only where the ID is still a TXT record at the record's name
   * with its value. An ID alone could name any record of the account.
   */
  async #stillOwn(record: ChallengeRecord, refs: readonly RecordRef[]): Promise<RecordRef[]> {
    const journaled = refs.filter((ref) => !this.#api.claimed.has(formatRef(ref)));
    if (journaled.length === 0) return [...refs];
    const confirmed = new Set<string>();
    for (const domain of new Set(journaled.map((ref) => ref.domain))) {
      const listed = await this.#api.txtRecords(domain, record.fqdn);
      for (const r of listed) if (sameValue(r.data, record.value)) confirmed.add(formatRef({ domain, id: r.id }));
    }
    return refs.filter((ref) => this.#api.claimed.has(formatRef(ref)) || confirmed.has(formatRef(ref)));
  }
}

function formatRef({ domain, id }: RecordRef): string {
  return `${domain}/${id}`;
}

function parseRef(ref: string): RecordRef | undefined {
  const match = /^([a-z0-9.-]+)\/(\d{1,15})$/.exec(ref);
  return match ? { domain: match[1] as string, id: Number(match[2]) } : undefined;
}

/** DigitalOcean answers TXT data unquoted; a record written quoted by another tool is the same value. */
function sameValue(data: string, value: string): boolean {
  return data === value || unquoteTxt(data) === value;
}
