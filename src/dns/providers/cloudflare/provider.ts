import type { ChallengeRecord, DnsProvider, ProviderContext } from '../../provider.js';
import { quoteTxt, unquoteTxt } from '../txt.js';
import { distinctRecords, recordKey } from '../records.js';
import { CloudflareError, cloudflareApiFor, type CloudflareApi, type CloudflareSettings, type ZoneRef } from './api.js';
import { groupByZone, inParallel, settleAll } from '../../../vendor/parallel.js';

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
    const unique = distinctRecords(records);
    const zones = await Promise.all(unique.map((record) => this.#api.zoneFor(record.fqdn, record.zone)));
    await settleAll(
      groupByZone(unique, zones, (zone) => zone.id).map(({ zone, items }) => this.#createInZone(zone, items)),
    );
    return records.map((record) => ({ ...record, ref: this.#created.get(recordKey(record)) ?? '' }));
  }

  async deleteRecords(records: readonly ChallengeRecord[]): Promise<void> {
    const targets = await inParallel(distinctRecords(records), PARALLEL, (record) => this.#findOwn(record));
    const byZone = groupByZone(
      targets,
      targets.map((target) => target.zoneId),
      (zoneId) => zoneId,
    );
    await settleAll(
      byZone.map(({ zone, items }) =>
        this.#deleteInZone(
          zone,
          items.flatMap((target) => target.ids),
        ),
      ),
    );
    for (const record of records) this.#created.delete(recordKey(record));
  }

  async #createInZone(zone: ZoneRef, records: readonly ChallengeRecord[]): Promise<void> {
    for (const chunk of chunks(records, BATCH_SIZE)) {
      try {
        const created = await this.#api.batch(zone, {
          posts: chunk.map((r) => ({ fqdn: r.fqdn, content: quoteTxt(r.value) })),
        });
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
      const existing = (await this.#api.txtRecords(zone, record.fqdn)).find(
        (r) => unquoteTxt(r.content) === record.value,
      );
      if (!existing) throw error;
      this.#remember(record, zone, existing.id);
    }
  }

  #remember(record: ChallengeRecord, zone: ZoneRef, id: string | undefined): void {
    if (!id)
      throw new Error(
        `cloudflare: creating TXT ${record.fqdn} in zone ${zone.name} (${zone.id}): the answer carries no record ID`,
      );
    this.#created.set(recordKey(record), `${zone.id}/${id}`);
  }

  /** The zone and IDs of a record of this run: its ref, else the records at its name that carry its value. */
  async #findOwn(record: ChallengeRecord): Promise<{ zoneId: string; ids: string[] }> {
    const created = this.#created.get(recordKey(record));
    const ref = record.ref || created;
    if (ref) {
      const [zoneId = '', id = ''] = ref.split('/');
      if (ref === created) return { zoneId, ids: [id] };
      // A journaled ref (an earlier run's, or a tampered journal's): an ID alone could name any
      // record of the zone, so it goes only while it is a TXT record at this name with this value;
      // failing that, the records there with the value go, as for a record without a ref.
      const mine = (await this.#api.txtRecords({ id: zoneId, name: record.zone }, record.fqdn)).filter(
        (r) => unquoteTxt(r.content) === record.value,
      );
      const exact = mine.filter((r) => r.id === id);
      return { zoneId, ids: (exact.length > 0 ? exact : mine).map((r) => r.id) };
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
        await inParallel(chunk, PARALLEL, (id) =>
          this.#api.deleteRecord(zoneId, id, `TXT record ${id} in zone ${zoneId}`),
        );
      }
    }
  }
}

function isDuplicate(error: unknown): boolean {
  return error instanceof CloudflareError && DUPLICATE_CODES.some((code) => error.codes.includes(code));
}

/** An API without the batch endpoint (an older or partial implementation): no route for it. */
function batchUnavailable(error: unknown): boolean {
  return (
    error instanceof CloudflareError &&
    (error.codes.includes(7000) || (error.status === 404 && error.codes.length === 0) || error.status === 405)
  );
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}
