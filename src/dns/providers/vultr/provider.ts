import type { ChallengeRecord, DnsProvider, ProviderContext } from '../../provider.js';
import { isInZone, normalizeName } from '../../names.js';
import { distinctRecords, OwnRecords } from '../records.js';
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
  readonly #own = new OwnRecords<RecordRef>({
    format: ({ domain, id }) => `${domain}/${id}`,
    parse: (text) => {
      const match = /^([a-z0-9.-]+)\/([0-9a-f-]{36})$/.exec(text);
      return match ? { domain: match[1] as string, id: match[2] as string } : undefined;
    },
    // The domain is where the records were listed: the journaled one only while the name is in it.
    same: (a, b) => a.id === b.id,
  });

  constructor(settings: VultrSettings, context: ProviderContext) {
    this.#api = vultrApiFor(settings, context);
  }

  async createRecords(records: readonly ChallengeRecord[]): Promise<ChallengeRecord[]> {
    // A wildcard and its apex may carry the same value at the same name: one record serves both.
    await inParallel(distinctRecords(records), PARALLEL, async (record) => {
      const domain = await this.#api.domainFor(record.fqdn, record.zone);
      const created = await this.#api.createTxt(domain, record.fqdn, quoteTxt(record.value));
      this.#own.created(record, { domain, id: created.id });
    });
    return this.#own.withRefs(records);
  }

  async deleteRecords(records: readonly ChallengeRecord[]): Promise<void> {
    // One listing per domain and cleanup, whatever the number of names to check in it.
    const listings = new Map<string, Promise<VultrRecord[]>>();
    const listed = (domain: string, fqdn: string) => {
      const key = `${domain} ${fqdn}`;
      if (!listings.has(key)) listings.set(key, this.#api.txtRecords(domain, fqdn));
      return listings.get(key) as Promise<VultrRecord[]>;
    };
    const targets = await this.#own.toDelete(records, PARALLEL, async (record, journaled) => {
      const domain =
        journaled && isInZone(normalizeName(record.fqdn), journaled.domain)
          ? journaled.domain
          : await this.#api.domainFor(record.fqdn, record.zone);
      return (await listed(domain, record.fqdn))
        .filter((r) => unquoteTxt(r.data) === record.value)
        .map((r) => ({ domain, id: r.id }));
    });
    await inParallel(targets, PARALLEL, ({ domain, id }) => this.#api.deleteRecord(domain, id));
    this.#own.forget(records);
  }
}
