import type { ChallengeRecord, DnsProvider, ProviderContext } from '../../provider.js';
import { quoteTxt, unquoteTxt } from '../txt.js';
import { CloudflareError, cloudflareApiFor, type CloudflareApi, type CloudflareSettings, type ZoneRef } from './api.js';
import { inParallel, settle } from '../parallel.js';

/** Codes Cloudflare answers a create with when an identical record exists (81058 today, 81057 before). */
const DUPLICATE_CODES = [81057, 81058];
/** Operations in one batch: the Free plan's limit. */
const BATCH_SIZE = 200;
/** Single requests in flight at once, when a batch cannot be used. */
const PARALLEL = 8;

/**
 * Cloudflare keeps one record per TXT value, each with its own ID, so no record set is ever
 * rewritten: the provider creates its records, returns their IDs as refs (zone/record) for the
 * crash record, and deletes exactly those. All records of a zone go in one batch request
 * (`dns_records/batch`, one transaction); if Cloudflare refuses the batch because a record is
 * already there or already gone, they go one by one, where that is not an error. A record
 * without a ref (the crash came before the IDs were journaled) is found by name and exact
 * value: a dns-01 value is the account's digest of one challenge token, so no one else's
 * record carries it.
 */
export class CloudflareProvider implements DnsProvider {
  readonly name = 'cloudflare';
  readonly #api: CloudflareApi;
  /** Refs this instance created, for records that reach deleteRecords without theirs. */
  readonly #created = new Map<string, string>();

  constructor(settings: CloudflareSettings, context: ProviderContext) {
    this.#api = cloudflareApiFor(settings, context);
  }

  async createRecords(records: readonly ChallengeRecord[]): Promise<ChallengeRecord[]> {
    // A wildcard and its apex may carry the same value at the same name: one record serves both.
    const unique = uniqueRecords(records);
    const zones = await Promise.all(unique.map((record) => this.#api.zoneFor(record.fqdn, record.zone)));
    await forEachZone(unique, zones, (zone, batch) => this.#createInZone(zone, batch));
    return records.map((record) => ({ ...record, ref: this.#created.get(recordKey(record)) ?? '' }));
  }

  async deleteRecords(records: readonly ChallengeRecord[]): Promise<void> {
    const targets = await inParallel(uniqueRecords(records), PARALLEL, (record) => this.#findOwn(record));
    const byZone = new Map<string, string[]>();
    for (const { zoneId, ids } of targets) byZone.set(zoneId, [...(byZone.get(zoneId) ?? []), ...ids]);
    await settle([...byZone].map(([zoneId, ids]) => this.#deleteInZone(zoneId, ids)));
    for (const record of records) this.#created.delete(recordKey(record));
  }

  async #createInZone(zone: ZoneRef, records: readonly ChallengeRecord[]): Promise<void> {
    for (const chunk of chunks(records, BATCH_SIZE)) {
      try {
        const created = await this.#api.batch(zone, { posts: chunk.map((r) => ({ fqdn: r.fqdn, content: quoteTxt(r.value) })) });
        chunk.forEach((record, i) => this.#remember(record, zone, created[i]?.id));
      } catch (error) {
        if (!isDuplicate(error) && !batchUnavailable(error)) throw error;
        await inParallel(chunk, PARALLEL, (record) => this.#createOne(zone, record));
      }
    }
  }

  async #createOne(zone: ZoneRef, record: ChallengeRecord): Promise<void> {
    try {
      this.#remember(record, zone, (await this.#api.createTxt(zone, record.fqdn, quoteTxt(record.value))).id);
    } catch (error) {
      if (!isDuplicate(error)) throw error;
      // Already there (an earlier attempt of this order): that record is this run's.
      const existing = (await this.#api.txtRecords(zone, record.fqdn)).find((r) => unquoteTxt(r.content) === record.value);
      if (!existing) throw error;
      this.#remember(record, zone, existing.id);
    }
  }

  #remember(record: ChallengeRecord, zone: ZoneRef, id: string | undefined): void {
    if (!id) throw new Error(`cloudflare: creating TXT ${record.fqdn} in zone ${zone.name} (${zone.id}): the answer carries no record ID`);
    this.#created.set(recordKey(record), `${zone.id}/${id}`);
  }

  /** The zone and IDs of a record of this run: its ref, else the records at its name that carry its value. */
  async #findOwn(record: ChallengeRecord): Promise<{ zoneId: string; ids: string[] }> {
    const ref = record.ref || this.#created.get(recordKey(record));
    if (ref) {
      const [zoneId = '', id = ''] = ref.split('/');
      return { zoneId, ids: [id] };
    }
    const zone = await this.#api.zoneFor(record.fqdn, record.zone);
    const mine = (await this.#api.txtRecords(zone, record.fqdn)).filter((r) => unquoteTxt(r.content) === record.value);
    return { zoneId: zone.id, ids: mine.map((r) => r.id) };
  }

  async #deleteInZone(zoneId: string, ids: readonly string[]): Promise<void> {
    // Cleanup may run from a crash record alone, without the zone's name: the ID names it.
    const zone = { id: zoneId, name: zoneId };
    for (const chunk of chunks([...new Set(ids)], BATCH_SIZE)) {
      try {
        await this.#api.batch(zone, { deletes: chunk });
      } catch (error) {
        // One of them is gone already (a cleanup that ran before): the rest go one by one.
        if (!(error instanceof CloudflareError && error.codes.includes(81044)) && !batchUnavailable(error)) throw error;
        await inParallel(chunk, PARALLEL, (id) => this.#api.deleteRecord(zoneId, id, `TXT record ${id} in zone ${zoneId}`));
      }
    }
  }
}

function recordKey(record: ChallengeRecord): string {
  return `${record.fqdn.toLowerCase()} ${record.value}`;
}

function uniqueRecords(records: readonly ChallengeRecord[]): ChallengeRecord[] {
  return [...new Map(records.map((record) => [recordKey(record), record])).values()];
}

function isDuplicate(error: unknown): boolean {
  return error instanceof CloudflareError && DUPLICATE_CODES.some((code) => error.codes.includes(code));
}

/** An API without the batch endpoint (an older or partial implementation): no route for it. */
function batchUnavailable(error: unknown): boolean {
  return error instanceof CloudflareError && (error.codes.includes(7000) || (error.status === 404 && error.codes.length === 0) || error.status === 405);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

async function forEachZone(records: readonly ChallengeRecord[], zones: readonly ZoneRef[], work: (zone: ZoneRef, records: ChallengeRecord[]) => Promise<void>): Promise<void> {
  const byZone = new Map<string, { zone: ZoneRef; records: ChallengeRecord[] }>();
  records.forEach((record, i) => {
    const zone = zones[i] as ZoneRef;
    const group = byZone.get(zone.id) ?? { zone, records: [] };
    group.records.push(record);
    byZone.set(zone.id, group);
  });
  await settle([...byZone.values()].map(({ zone, records: batch }) => work(zone, batch)));
}
