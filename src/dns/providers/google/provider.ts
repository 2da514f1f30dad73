import type { ChallengeRecord, DnsProvider, ProviderContext } from '../../provider.js';
import { normalizeName } from '../../names.js';
import { quoteTxt, unquoteTxt } from '../txt.js';
import {
  CloudDnsError,
  cloudDnsApiFor,
  describeZone,
  zoneKey,
  type Change,
  type CloudDnsApi,
  type GoogleSettings,
  type ManagedZoneRef,
  type ResourceRecordSet,
} from './api.js';
import { groupByZone, inParallel, settleAll, type ZoneGroup } from '../../../vendor/parallel.js';
import { callWithRetries, DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../../vendor/retry.js';

/** How often a change is rebuilt from a fresh read when someone else changed a set meanwhile. */
const CONFLICT_RETRIES: RetryPolicy = { ...DEFAULT_RETRY_POLICY, attempts: 5 };
/** Record-set reads in flight at once, per zone. */
const READ_PARALLEL = 8;

type ZoneBatch = ZoneGroup<ManagedZoneRef, ChallengeRecord>;

/**
 * Cloud DNS keeps all TXT values of a name in one record set, shared with whoever else writes
 * there, and replaces sets whole. Every write is therefore a compare-and-swap: one
 * `changes.create` per managed zone that deletes each set exactly as read and adds it back with
 * the run's values merged in (or removed; an emptied set is only deleted). Cloud DNS applies a
 * change all or nothing and refuses it if a deletion no longer matches (412 conditionNotMet), an
 * added set appeared (409 alreadyExists) or a deleted one went (404): the provider then reads
 * again and rebuilds the change, so no value written by anyone else is lost.
 *
 * Records come back with a ref, the zone's resource name (`projects/P/managedZones/Z`), which the
 * engine journals: cleanup after a crash goes to that zone without discovery.
 */
export class GoogleProvider implements DnsProvider {
  readonly name = 'google';
  readonly #api: CloudDnsApi;
  readonly #settings: GoogleSettings;
  readonly #context: ProviderContext;

  constructor(settings: GoogleSettings, context: ProviderContext) {
    this.#settings = settings;
    this.#context = context;
    this.#api = cloudDnsApiFor(settings, context);
  }

  async createRecords(records: readonly ChallengeRecord[]): Promise<ChallengeRecord[]> {
    const { batches, zones } = await this.#byManagedZone(records);
    const changes = await settleAll(batches.map((batch) => this.#rewrite(batch, 'add')));
    await this.#api.waitDone(
      changes.filter(
        (c): c is { zone: ManagedZoneRef; id: string; status: string } => c !== undefined && c.status !== 'done',
      ),
    );
    return records.map((record, i) => ({ ...record, ref: zoneKey(zones[i] as ManagedZoneRef) }));
  }

  /** Removes the run's values; the change is not awaited to `done`: nothing waits on a removal. */
  async deleteRecords(records: readonly ChallengeRecord[]): Promise<void> {
    const { batches } = await this.#byManagedZone(records);
    await settleAll(batches.map((batch) => this.#rewrite(batch, 'remove')));
  }

  async #byManagedZone(
    records: readonly ChallengeRecord[],
  ): Promise<{ batches: ZoneBatch[]; zones: ManagedZoneRef[] }> {
    const zones = await Promise.all(records.map((record) => this.#api.zoneFor(record)));
    const batches = groupByZone(records, zones, zoneKey);
    return { batches, zones };
  }

  /**
   * Adds or removes the run's values at every name of one managed zone in one change; returns the
   * change, if anything changed. A set this run wrote last is taken as it left it (so cleanup
   * costs no read); any other is read first. When Cloud DNS refuses the change because a set is
   * not as assumed, every set is read again and the change rebuilt.
   */
  async #rewrite(
    { zone, items: records }: ZoneBatch,
    mode: 'add' | 'remove',
  ): Promise<{ zone: ManagedZoneRef; id: string; status: string } | undefined> {
    const names = new Map<string, Set<string>>();
    for (const record of records) {
      const fqdn = `${normalizeName(record.fqdn)}.`;
      names.set(fqdn, (names.get(fqdn) ?? new Set()).add(record.value));
    }
    const swap = async (attempt: number) => {
      const current = await this.#current(zone, [...names.keys()], attempt === 1);
      const change = mergedChange(
        [...names].map(([fqdn, values], i) => ({ fqdn, values, current: current[i] })),
        mode,
        this.#settings.ttl,
      );
      if (change.additions.length === 0 && change.deletions.length === 0) return undefined;
      const result = await this.#api.createChange(zone, change);
      this.#remember(zone, change);
      return { zone, ...result };
    };
    const conflict = (error: unknown) =>
      isConflict(error)
        ? { why: `changed since it was read (${(error as CloudDnsError).reason}); reading it again`, afterMs: 0 }
        : undefined;
    const what = `google: ${describeZone(zone)}`;
    return this.#api.locks.run(zoneKey(zone), () =>
      callWithRetries(this.#context, CONFLICT_RETRIES, what, swap, conflict, (error) => error as Error),
    );
  }

  /** The sets at `fqdns`: as this run last wrote them when `trustWritten` and it did, else read, a few at a time. */
  async #current(
    zone: ManagedZoneRef,
    fqdns: readonly string[],
    trustWritten: boolean,
  ): Promise<(ResourceRecordSet | undefined)[]> {
    const sets = new Array<ResourceRecordSet | undefined>(fqdns.length);
    const toRead = fqdns
      .map((fqdn, i) => ({ fqdn, i }))
      .filter(({ fqdn, i }) => {
        const key = writtenKey(zone, fqdn);
        if (!trustWritten || !this.#api.written.has(key)) return true;
        sets[i] = this.#api.written.get(key);
        return false;
      });
    await inParallel(toRead, READ_PARALLEL, async ({ fqdn, i }) => (sets[i] = await this.#api.readTxt(zone, fqdn)));
    return sets;
  }

  #remember(zone: ManagedZoneRef, change: Change): void {
    for (const set of change.deletions) this.#api.written.set(writtenKey(zone, set.name), undefined);
    for (const set of change.additions) this.#api.written.set(writtenKey(zone, set.name), set);
  }
}

function writtenKey(zone: ManagedZoneRef, fqdn: string): string {
  return `${zoneKey(zone)} ${normalizeName(fqdn)}`;
}

/**
 * The change that turns each set as read into the set with the run's values added or removed:
 * a deletion of exactly what was read (Cloud DNS refuses the change if the set changed since) and
 * an addition of the result, which keeps the set's TTL and every value that is not the run's.
 * Nothing for a set that already is as wanted.
 */
export function mergedChange(
  sets: readonly { fqdn: string; values: ReadonlySet<string>; current: ResourceRecordSet | undefined }[],
  mode: 'add' | 'remove',
  ttl: number,
): Change {
  const additions: ResourceRecordSet[] = [];
  const deletions: ResourceRecordSet[] = [];
  for (const { fqdn, values, current } of sets) {
    const existing = current?.rrdatas ?? [];
    const present = new Set(existing.map(unquoteTxt));
    let next: string[];
    if (mode === 'add') {
      const missing = [...values].filter((value) => !present.has(value));
      if (missing.length === 0) continue;
      next = [...existing, ...missing.map(quoteTxt)];
    } else {
      next = existing.filter((rdata) => !values.has(unquoteTxt(rdata)));
      if (next.length === existing.length) continue;
    }
    // Cloud DNS refuses a set that lists a value twice; keep the first spelling of each.
    const seen = new Set<string>();
    next = next.filter((rdata) => !seen.has(unquoteTxt(rdata)) && seen.add(unquoteTxt(rdata)));
    if (current) deletions.push({ name: current.name, type: 'TXT', ttl: current.ttl, rrdatas: current.rrdatas });
    if (next.length > 0)
      additions.push({ name: current?.name ?? fqdn, type: 'TXT', ttl: current?.ttl ?? ttl, rrdatas: next });
  }
  return { additions, deletions };
}

/** Cloud DNS's answers when a set changed between the read and the change: read again and rebuild. */
function isConflict(error: unknown): boolean {
  if (!(error instanceof CloudDnsError)) return false;
  if (error.status === 412 || error.reason === 'conditionNotMet') return true;
  if (error.status === 409 || error.reason === 'alreadyExists') return true;
  // A set deleted meanwhile: "The 'entity.change.deletions[0]' resource named '... (TXT)' does not exist."
  return error.status === 404 && /entity\.change\.deletions/.test(error.detail);
}
