import type { ChallengeRecord, DnsProvider, ProviderContext } from '../../provider.js';
import { isInZone, normalizeName } from '../../names.js';
import { distinctRecords, recordKey } from '../records.js';
import { quoteTxt, unquoteTxt } from '../txt.js';
import { inParallel } from '../../../vendor/parallel.js';
import { vultrApiFor, type VultrApi, type VultrRecord, type VultrSettings } from './api.js';

/** Requests in flight at once: Vultr has no batch call for records, and limits bursts. */
const PARALLEL = 4;

/** A record of this run at Vultr: the ref journaled for it is `domain/recordId`. */
interface RecordRef {
  readonly domain: string;
  readonly id: string;
}

/**
 * Vultr keeps one record per TXT value, each with its own ID, and has no call that changes several
 * records at once: one create and one delete per value (two requests per name and value, plus one
 * listing of the account's domains per run). The provider creates its records (data quoted, as
 * lego sends it), returns `domain/id` as each one's ref for the crash record, and deletes exactly
 * those. A journaled ref goes only while it is still a TXT record at the name with the value; a
 * record without a ref (the crash came before the IDs were journaled) is found by name and exact
 * value among the domain's records: a dns-01 value is the account's digest of one challenge token.
 */
export class VultrProvider implements DnsProvider {
  readonly name = 'vultr';
  readonly #api: VultrApi;
  /** Refs this instance created, for records that reach deleteRecords without theirs. */
  readonly #created = new Map<string, string>();

  constructor(settings: VultrSettings, context: ProviderContext) {
    this.#api = vultrApiFor(settings, context);
  }

  async createRecords(records: readonly ChallengeRecord[]): Promise<ChallengeRecord[]> {
    // A wildcard and its apex may carry the same value at the same name: one record serves both.
    await inParallel(distinctRecords(records), PARALLEL, async (record) => {
      const domain = await this.#api.domainFor(record.fqdn, record.zone);
      const created = await this.#api.createTxt(domain, record.fqdn, quoteTxt(record.value));
      this.#created.set(recordKey(record), formatRef({ domain, id: created.id }));
    });
    return records.map((record) => ({ ...record, ref: this.#created.get(recordKey(record)) ?? '' }));
  }

  async deleteRecords(records: readonly ChallengeRecord[]): Promise<void> {
    // One listing per domain and cleanup, whatever the number of names to check in it.
    const listings = new Map<string, Promise<VultrRecord[]>>();
    const listed = (domain: string, fqdn: string) => {
      const key = `${domain} ${fqdn}`;
      if (!listings.has(key)) listings.set(key, this.#api.txtRecords(domain, fqdn));
      return listings.get(key) as Promise<VultrRecord[]>;
    };
    const found = await inParallel(distinctRecords(records), PARALLEL, (record) => this.#findOwn(record, listed));
    const targets = [...new Map(found.flat().map((ref) => [formatRef(ref), ref])).values()];
    await inParallel(targets, PARALLEL, ({ domain, id }) => this.#api.deleteRecord(domain, id));
    for (const record of records) this.#created.delete(recordKey(record));
  }

  async #findOwn(
    record: ChallengeRecord,
    listed: (domain: string, fqdn: string) => Promise<VultrRecord[]>,
  ): Promise<RecordRef[]> {
    const created = this.#created.get(recordKey(record));
    const ref = record.ref || created;
    const parsed = ref ? parseRef(ref) : undefined;
    if (parsed && ref === created) return [parsed];
    // A journaled ref (an earlier run's, or a tampered journal's) goes only while it is a TXT
    // record at this name with this value; failing that, the records there with the value go.
    const domain =
      parsed && isInZone(normalizeName(record.fqdn), parsed.domain)
        ? parsed.domain
        : await this.#api.domainFor(record.fqdn, record.zone);
    const mine = (await listed(domain, record.fqdn)).filter((r) => unquoteTxt(r.data) === record.value);
    const exact = parsed ? mine.filter((r) => r.id === parsed.id) : [];
    return (exact.length > 0 ? exact : mine).map((r) => ({ domain, id: r.id }));
  }
}

function formatRef({ domain, id }: RecordRef): string {
  return `${domain}/${id}`;
}

function parseRef(ref: string): RecordRef | undefined {
  const match = /^([a-z0-9.-]+)\/([0-9a-f-]{36})$/.exec(ref);
  return match ? { domain: match[1] as string, id: match[2] as string } : undefined;
}
