import type { ChallengeRecord, DnsProvider, ProviderContext } from '../../provider.js';
import { groupByZone, inParallel, settleAll } from '../../../vendor/parallel.js';
import { distinctRecords, OwnRecords, ZONE_RECORD_REFS, type ZoneRecordRef } from '../records.js';
import { unquoteTxt } from '../txt.js';
import { DnsimpleError, dnsimpleApiFor, type DnsimpleApi, type DnsimpleSettings } from './api.js';

/** Single requests in flight at once, when the batch call cannot be used. */
const PARALLEL = 4;
/** Records per batch request. */
const BATCH_SIZE = 100;

/**
 * DNSimple keeps one record per TXT value, each with a numeric ID. The provider creates all
 * records of a zone in one batch change (`POST /zones/{zone}/batch`, all or nothing), returns
 * `zone/id` as each record's ref for the crash record, and deletes exactly those IDs in one batch
 * per zone. Where DNSimple refuses the batch (an identical record already there, one already
 * gone, or a plan or API without it), the records go one by one, where neither is an error: an
 * identical record at the name is this run's (a dns-01 value is the account's digest of one
 * challenge). A journaled ID is deleted only while DNSimple still holds a TXT record with it at
 * the record's name and value; a record without a ref is found by name and exact value.
 */
export class DnsimpleProvider implements DnsProvider {
  readonly name = 'dnsimple';
  readonly #api: DnsimpleApi;
  /** The ref journaled for a record of this run is `zone/id`. */
  readonly #own = new OwnRecords(ZONE_RECORD_REFS);

  constructor(settings: DnsimpleSettings, context: ProviderContext) {
    this.#api = dnsimpleApiFor(settings, context);
  }

  async createRecords(records: readonly ChallengeRecord[]): Promise<ChallengeRecord[]> {
    // A wildcard and its apex may carry the same value at the same name: one record serves both.
    const unique = distinctRecords(records);
    const zones = unique.map((record) => zoneName(record.zone));
    await settleAll(
      groupByZone(unique, zones, (zone) => zone).map(({ zone, items }) => this.#createInZone(zone, items)),
    );
    return this.#own.withRefs(records);
  }

  async deleteRecords(records: readonly ChallengeRecord[]): Promise<void> {
    const targets = await this.#own.toDelete(records, PARALLEL, (record, journaled) => this.#atName(record, journaled));
    const byZone = groupByZone(
      targets,
      targets.map((target) => target.zone),
      (zone) => zone,
    );
    await settleAll(
      byZone.map(({ zone, items }) =>
        this.#deleteInZone(
          zone,
          items.map((item) => item.id),
        ),
      ),
    );
    this.#own.forget(records);
  }

  async #createInZone(zone: string, records: readonly ChallengeRecord[]): Promise<void> {
    for (const chunk of chunks(records, BATCH_SIZE)) {
      try {
        const created = await this.#api.batch(zone, {
          creates: chunk.map((record) => ({ name: nameIn(record.fqdn, zone), content: record.value })),
        });
        chunk.forEach((record, i) => this.#remember(record, zone, created[i]?.id));
      } catch (error) {
        if (!batchRefused(error)) throw error;
        await inParallel(chunk, PARALLEL, (record) => this.#createOne(zone, record));
      }
    }
  }

  async #createOne(zone: string, record: ChallengeRecord): Promise<void> {
    const name = nameIn(record.fqdn, zone);
    try {
      this.#remember(record, zone, (await this.#api.createTxt(zone, name, record.value)).id);
    } catch (error) {
      if (!(error instanceof DnsimpleError && error.duplicate)) throw error;
      // Already there (an earlier attempt of this order): that record is this run's.
      const existing = (await this.#api.txtRecords(zone, name)).find((r) => unquoteTxt(r.content) === record.value);
      if (!existing) throw error;
      this.#remember(record, zone, existing.id);
    }
  }

  #remember(record: ChallengeRecord, zone: string, id: number | undefined): void {
    if (id === undefined)
      throw new Error(`dnsimple: creating TXT ${record.fqdn} in zone ${zone}: the answer carries no record ID`);
    this.#own.created(record, { zone, id });
  }

  async #deleteInZone(zone: string, ids: readonly number[]): Promise<void> {
    for (const chunk of chunks(ids, BATCH_SIZE)) {
      try {
        await this.#api.batch(zone, { deletes: chunk });
      } catch (error) {
        // One of them is gone already (a cleanup that ran before): the rest go one by one.
        if (!batchRefused(error)) throw error;
        await inParallel(chunk, PARALLEL, (id) => this.#api.deleteRecord(zone, id));
      }
    }
  }

  /** The records at a record's name carrying its value: in the journaled ref's zone, if any. */
  async #atName(record: ChallengeRecord, journaled: ZoneRecordRef | undefined): Promise<ZoneRecordRef[]> {
    const zone = journaled?.zone ?? zoneName(record.zone);
    return (await this.#api.txtRecords(zone, nameIn(record.fqdn, zone)))
      .filter((r) => unquoteTxt(r.content) === record.value)
      .map((r) => ({ zone, id: r.id }));
  }
}

/**
 * A batch DNSimple would not apply as a whole: a validation failure (a record already there or
 * already gone), or no batch call for this account (402, or 404 without a zone or account named).
 */
function batchRefused(error: unknown): boolean {
  if (!(error instanceof DnsimpleError)) return false;
  if (error.status === 400 || error.status === 402) return true;
  return error.status === 404 && !/zone|account/i.test(error.detail);
}

function zoneName(zone: string): string {
  return zone.toLowerCase().replace(/\.$/, '');
}

/** The name relative to the zone, as DNSimple's records take it: `''` for the apex. */
function nameIn(fqdn: string, zone: string): string {
  const name = fqdn.toLowerCase().replace(/\.$/, '');
  if (name === zone) return '';
  if (!name.endsWith(`.${zone}`)) throw new Error(`dnsimple: ${fqdn} is not in zone ${zone}`);
  return name.slice(0, -(zone.length + 1));
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}
