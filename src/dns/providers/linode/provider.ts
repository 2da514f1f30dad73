import type { ChallengeRecord, DnsProvider, ProviderContext } from '../../provider.js';
import { distinctRecords, OwnRecords } from '../records.js';
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
  readonly #own = new OwnRecords<RecordRef>({
    format: ({ domainId, id }) => `${domainId}/${id}`,
    parse: (text) => {
      const match = /^(\d{1,15})\/(\d{1,15})$/.exec(text);
      return match ? { domainId: Number(match[1]), id: Number(match[2]) } : undefined;
    },
    same: (a, b) => a.domainId === b.domainId && a.id === b.id,
  });

  constructor(settings: LinodeSettings, context: ProviderContext) {
    this.#api = linodeApiFor(settings, context);
  }

  async createRecords(records: readonly ChallengeRecord[]): Promise<ChallengeRecord[]> {
    // A wildcard and its apex may carry the same value at the same name: one record serves both.
    await inParallel(distinctRecords(records), PARALLEL, async (record) => {
      const domain = await this.#api.domainFor(record.zone);
      const created = await this.#api.createTxt(domain, record.fqdn, record.value);
      this.#own.created(record, { domainId: domain.id, id: created.id });
    });
    return this.#own.withRefs(records);
  }

  async deleteRecords(records: readonly ChallengeRecord[]): Promise<void> {
    const targets = await this.#own.toDelete(records, PARALLEL, async (record) => {
      const domain = await this.#api.domainFor(record.zone);
      return (await this.#api.txtRecords(domain, record.fqdn))
        .filter((r) => sameValue(r.target, record.value))
        .map((r) => ({ domainId: domain.id, id: r.id }));
    });
    await inParallel(targets, PARALLEL, ({ domainId, id }) => this.#api.deleteRecord(domainId, id));
    this.#own.forget(records);
  }
}

/** Linode keeps TXT targets as sent; another tool may have sent one quoted. */
function sameValue(target: string, value: string): boolean {
  return target === value || unquoteTxt(target) === value;
}
