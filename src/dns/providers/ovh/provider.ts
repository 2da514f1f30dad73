import type { ChallengeRecord, DnsProvider, ProviderContext } from '../../provider.js';
import { groupByZone, inParallel, settleAll } from '../../../vendor/parallel.js';
import { distinctRecords, recordKey } from '../records.js';
import { unquoteTxt } from '../txt.js';
import { ovhApiFor, type OvhApi, type OvhSettings } from './api.js';

/** Requests in flight at once: OVH has no batch call, and asks for fair use (about 60 requests a minute per key). */
const PARALLEL = 4;

/** A record of this run at OVH: the ref journaled for it is `zone/id`. */
interface RecordRef {
  readonly zone: string;
  readonly id: number;
}

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
  /** Refs this instance created, for records that reach deleteRecords without theirs. */
  readonly #created = new Map<string, string>();

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
          this.#created.set(recordKey(record), formatRef({ zone, id }));
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
    return records.map((record) => ({ ...record, ref: this.#created.get(recordKey(record)) ?? '' }));
  }

  async deleteRecords(records: readonly ChallengeRecord[]): Promise<void> {
    const found = await inParallel(distinctRecords(records), PARALLEL, (record) => this.#findOwn(record));
    const targets = [...new Map(found.flat().map((ref) => [formatRef(ref), ref])).values()];
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
    for (const record of records) this.#created.delete(recordKey(record));
  }

  /** The records of this run for one name and value: its ref, else those at the name carrying the value. */
  async #findOwn(record: ChallengeRecord): Promise<RecordRef[]> {
    const created = this.#created.get(recordKey(record));
    const given = record.ref || created;
    const ref = parseRef(given ?? '');
    if (ref && given === created) return [ref];
    const zone = ref?.zone ?? zoneName(record.zone);
    const subDomain = subDomainOf(record.fqdn, zone);
    const ids = await this.#api.txtIds(zone, subDomain);
    const held = await inParallel(ids, PARALLEL, (id) => this.#api.record(zone, id));
    const mine = held
      .filter((r) => r !== undefined)
      .filter((r) => r.fieldType === 'TXT' && r.subDomain === subDomain && unquoteTxt(r.target) === record.value)
      .map((r) => ({ zone, id: r.id }));
    // A journaled ref (an earlier run's, or a tampered journal's) goes only while it is one of them.
    const exact = ref ? mine.filter((r) => r.id === ref.id) : [];
    return exact.length > 0 ? exact : mine;
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

function formatRef({ zone, id }: RecordRef): string {
  return `${zone}/${id}`;
}

function parseRef(ref: string): RecordRef | undefined {
  const match = /^([a-z0-9.-]+)\/(\d{1,15})$/.exec(ref);
  return match ? { zone: match[1] as string, id: Number(match[2]) } : undefined;
}
