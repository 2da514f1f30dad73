import type { ChallengeRecord, DnsProvider, ProviderContext } from '../../provider.js';
import { groupByZone, inParallel, settleAll } from '../../../vendor/parallel.js';
import { distinctRecords, OwnRecords, ZONE_RECORD_REFS, type ZoneRecordRef } from '../records.js';
import { unquoteTxt } from '../txt.js';
import { ovhApiFor, type OvhApi, type OvhSettings } from './api.js';

/** Requests in flight at once: OVH has no batch call, and asks for fair use (about 60 requests a minute per key). */
const PARALLEL = 4;

/**
 * OVH keeps one record per TXT value, each with a numeric ID, and publishes a zone's changes only
 * when asked (`POST /domain/zone/{zone}/refresh`). So the provider creates one record per value,
 * then refreshes each zone once; returns `zone/id` as each record's ref for the crash record; and
 * deletes exactly those IDs, then refreshes each zone once more. A journaled ID is deleted only
 * while OVH still holds a TXT record with it at the record's name and value. A record without a
 * ref (the crash came before the IDs were journaled) is found by name and exact value: a dns-01
 * value is the account's digest of one challenge token, so no one else's record carries it.
 */
export class OvhProvider implements DnsProvider {
  readonly name = 'ovh';
  readonly #api: OvhApi;
  /** The ref journaled for a record of this run is `zone/id`. */
  readonly #own = new OwnRecords(ZONE_RECORD_REFS);

  constructor(settings: OvhSettings, context: ProviderContext) {
    this.#api = ovhApiFor(settings, context);
  }

  async createRecords(records: readonly ChallengeRecord[]): Promise<ChallengeRecord[]> {
    // A wildcard and its apex may carry the same value at the same name: one record serves both.
    const unique = distinctRecords(records);
    const zones = unique.map((record) => zoneName(record.zone));
    await settleAll(
      groupByZone(unique, zones, (zone) => zone).map(async ({ zone, items }) => {
        let created = 0;
        const creates = inParallel(items, PARALLEL, async (record) => {
          const { id } = await this.#api.createTxt(zone, subDomainOf(record.fqdn, zone), record.value);
          this.#own.created(record, { zone, id });
          created += 1;
        });
        const failed = await creates.then(
          () => undefined,
          (error: unknown) => ({ error }),
        );
        // What was created is published even when another create failed, and the first failure is the one thrown.
        if (created > 0) {
          try {
            await this.#api.refresh(zone);
          } catch (error) {
            throw failed ? failed.error : error;
          }
        }
        if (failed) throw failed.error;
      }),
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
      byZone.map(async ({ zone, items }) => {
        const deleted = await inParallel(items, PARALLEL, ({ id }) => this.#api.deleteRecord(zone, id));
        if (deleted.some(Boolean)) await this.#api.refresh(zone);
      }),
    );
    this.#own.forget(records);
  }

  /** The records at a record's name carrying its value: in the journaled ref's zone, if any. */
  async #atName(record: ChallengeRecord, journaled: ZoneRecordRef | undefined): Promise<ZoneRecordRef[]> {
    const zone = journaled?.zone ?? zoneName(record.zone);
    const subDomain = subDomainOf(record.fqdn, zone);
    const ids = await this.#api.txtIds(zone, subDomain);
    const held = await inParallel(ids, PARALLEL, (id) => this.#api.record(zone, id));
    return held
      .filter((r) => r !== undefined)
      .filter((r) => r.fieldType === 'TXT' && r.subDomain === subDomain && unquoteTxt(r.target) === record.value)
      .map((r) => ({ zone, id: r.id }));
  }
}

function zoneName(zone: string): string {
  return zone.toLowerCase().replace(/\.$/, '');
}

/** The name relative to the zone, as OVH's `subDomain` takes it: `''` for the apex. */
function subDomainOf(fqdn: string, zone: string): string {
  const name = fqdn.toLowerCase().replace(/\.$/, '');
  if (name === zone) return '';
  if (!name.endsWith(`.${zone}`)) throw new Error(`ovh: ${fqdn} is not in zone ${zone}`);
  return name.slice(0, -(zone.length + 1));
}
