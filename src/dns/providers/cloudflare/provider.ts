import type { ChallengeRecord, DnsProvider, ProviderContext } from '../../provider.js';
import { quoteTxt, unquoteTxt } from '../txt.js';
import { CloudflareError, cloudflareApiFor, type CloudflareApi, type CloudflareSettings, type ZoneRef } from './api.js';

/** Codes Cloudflare answers a create with when an identical record exists (81058 today, 81057 before). */
const DUPLICATE_CODES = [81057, 81058];
/** Requests in flight at once: one order's records go out together without bursting past the rate limit. */
const PARALLEL = 8;

/**
 * Cloudflare keeps one record per TXT value, each with its own ID, so no record set is ever
 * rewritten: the provider creates its records, returns their IDs as refs (zone/record) for the
 * crash record, and deletes exactly those. A record without a ref (the crash came before the
 * IDs were journaled) is found by name and exact value: a dns-01 value is the account's
 * digest of one challenge token, so no one else's record can carry it.
 */
export class CloudflareProvider implements DnsProvider {
  readonly name = 'cloudflare';
  readonly #api: CloudflareApi;
  /** IDs this instance created, for records that reach deleteRecords without their refs. */
  readonly #created = new Map<string, string>();

  constructor(settings: CloudflareSettings, context: ProviderContext) {
    this.#api = cloudflareApiFor(settings, context);
  }

  async createRecords(records: readonly ChallengeRecord[]): Promise<ChallengeRecord[]> {
    // A wildcard and its apex may carry the same value at the same name: one record serves both.
    const unique = new Map<string, ChallengeRecord>();
    for (const record of records) unique.set(recordKey(record), record);
    const refs = new Map<string, string>();
    await inBatches([...unique], PARALLEL, async ([key, record]) => {
      refs.set(key, await this.#create(record));
    });
    return records.map((record) => ({ ...record, ref: refs.get(recordKey(record)) ?? '' }));
  }

  async deleteRecords(records: readonly ChallengeRecord[]): Promise<void> {
    const unique = new Map<string, ChallengeRecord>();
    for (const record of records) unique.set(recordKey(record), record);
    await inBatches([...unique.values()], PARALLEL, (record) => this.#delete(record));
  }

  async #create(record: ChallengeRecord): Promise<string> {
    const zone = await this.#api.zoneFor(record.fqdn, record.zone);
    let id: string;
    try {
      id = (await this.#api.createTxt(zone, record.fqdn, quoteTxt(record.value))).id;
    } catch (error) {
      if (!(error instanceof CloudflareError) || !DUPLICATE_CODES.some((code) => error.codes.includes(code))) throw error;
      // Already there (an earlier attempt, or the apex beside its wildcard): take that record as ours.
      const existing = (await this.#api.txtRecords(zone, record.fqdn)).find((r) => unquoteTxt(r.content) === record.value);
      if (!existing) throw error;
      id = existing.id;
    }
    const ref = `${zone.id}/${id}`;
    this.#created.set(recordKey(record), ref);
    return ref;
  }

  async #delete(record: ChallengeRecord): Promise<void> {
    const ref = record.ref || this.#created.get(recordKey(record));
    const what = `TXT ${record.fqdn}`;
    if (ref) {
      const [zoneId = '', recordId = ''] = ref.split('/');
      await this.#api.deleteRecord(zoneId, recordId, `${what} (record ${recordId})`);
    } else {
      const zone: ZoneRef = await this.#api.zoneFor(record.fqdn, record.zone);
      const mine = (await this.#api.txtRecords(zone, record.fqdn)).filter((r) => unquoteTxt(r.content) === record.value);
      for (const found of mine) await this.#api.deleteRecord(zone.id, found.id, `${what} (record ${found.id})`);
    }
    this.#created.delete(recordKey(record));
  }
}

function recordKey(record: ChallengeRecord): string {
  return `${record.fqdn.toLowerCase()} ${record.value}`;
}

/** Runs `work` on every item, at most `limit` at a time; all run, the first failure is thrown. */
async function inBatches<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const errors: unknown[] = [];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
      await work(item).catch((error: unknown) => void errors.push(error));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (errors.length > 0) throw errors[0];
}
