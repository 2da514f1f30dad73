import type { ChallengeRecord, DnsProvider, ProviderContext } from '../../provider.js';
import { distinctRecords, recordKey } from '../records.js';
import { unquoteTxt } from '../txt.js';
import { inParallel } from '../../../vendor/parallel.js';
import { linodeApiFor, type LinodeApi, type LinodeSettings } from './api.js';

/** Requests in flight at once: Linode has no batch call for records. */
const PARALLEL = 4;

/** A record of this run at Linode: the ref journaled for it is `domainId/recordId`. */
interface RecordRef {
  readonly domainId: number;
  readonly id: number;
}

/**
 * Linode keeps one record per TXT value, each with a numeric ID, and has no call that changes
 * several records at once: one create and one delete per value (two requests per name and value,
 * plus one domain lookup per zone and run). The provider never reads or rewrites what is there:
 * it creates its records, returns `domainId/recordId` as each one's ref for the crash record, and
 * deletes exactly those. A journaled ref goes only while it is still a TXT record at the name
 * with the value; a record without a ref (the crash came before the IDs were journaled) is found
 * by name and exact value: a dns-01 value is the account's digest of one challenge token.
 */
export class LinodeProvider implements DnsProvider {
  readonly name = 'linode';
  readonly #api: LinodeApi;
  /** Refs this instance created, for records that reach deleteRecords without theirs. */
  readonly #created = new Map<string, string>();

  constructor(settings: LinodeSettings, context: ProviderContext) {
    this.#api = linodeApiFor(settings, context);
  }

  async createRecords(records: readonly ChallengeRecord[]): Promise<ChallengeRecord[]> {
    // A wildcard and its apex may carry the same value at the same name: one record serves both.
    await inParallel(distinctRecords(records), PARALLEL, async (record) => {
      const domain = await this.#api.domainFor(record.zone);
      const created = await this.#api.createTxt(domain, record.fqdn, record.value);
      this.#created.set(recordKey(record), formatRef({ domainId: domain.id, id: created.id }));
    });
    return records.map((record) => ({ ...record, ref: this.#created.get(recordKey(record)) ?? '' }));
  }

  async deleteRecords(records: readonly ChallengeRecord[]): Promise<void> {
    const found = await inParallel(distinctRecords(records), PARALLEL, (record) => this.#findOwn(record));
    const targets = [...new Map(found.flat().map((ref) => [formatRef(ref), ref])).values()];
    await inParallel(targets, PARALLEL, ({ domainId, id }) => this.#api.deleteRecord(domainId, id));
    for (const record of records) this.#created.delete(recordKey(record));
  }

  /** The records of this run for one name and value. */
  async #findOwn(record: ChallengeRecord): Promise<RecordRef[]> {
    const created = this.#created.get(recordKey(record));
    const ref = record.ref || created;
    const parsed = ref ? parseRef(ref) : undefined;
    if (parsed && ref === created) return [parsed];
    // A journaled ref (an earlier run's, or a tampered journal's): an ID alone could name any
    // record of the account, so it goes only while it is a TXT record at this name with this
    // value; failing that, the records there with the value go, as for a record without a ref.
    const domain = await this.#api.domainFor(record.zone);
    const mine = (await this.#api.txtRecords(domain, record.fqdn)).filter((r) => sameValue(r.target, record.value));
    const exact = parsed ? mine.filter((r) => r.id === parsed.id && domain.id === parsed.domainId) : [];
    return (exact.length > 0 ? exact : mine).map((r) => ({ domainId: domain.id, id: r.id }));
  }
}

function formatRef({ domainId, id }: RecordRef): string {
  return `${domainId}/${id}`;
}

function parseRef(ref: string): RecordRef | undefined {
  const match = /^(\d{1,15})\/(\d{1,15})$/.exec(ref);
  return match ? { domainId: Number(match[1]), id: Number(match[2]) } : undefined;
}

/** Linode keeps TXT targets as sent; another tool may have sent one quoted. */
function sameValue(target: string, value: string): boolean {
  return target === value || unquoteTxt(target) === value;
}
