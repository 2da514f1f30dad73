import type { Change } from '@aws-sdk/client-route-53';
import { normalizeName } from '../../names.js';
import type { ChallengeRecord, DnsProvider, ProviderContext } from '../../provider.js';
import { quoteTxt, unquoteTxt } from '../txt.js';
import { route53ApiFor, type HostedZoneRef, type Route53Api, type Route53Settings, type TxtSet } from './api.js';

/** How often a change batch is rebuilt from a fresh read when someone else changed a set meanwhile. */
const CONFLICT_ATTEMPTS = 4;

interface ZoneBatch {
  readonly zone: HostedZoneRef;
  readonly records: ChallengeRecord[];
}

/**
 * Route 53 keeps all TXT values of a name in one record set that others share (a wildcard and
 * its apex, other tools, verification tokens). Every write is a compare-and-swap in one
 * transactional batch per hosted zone: DELETE the set exactly as read and CREATE it with the
 * run's values added or removed. If anyone changed the set in between, Route 53 refuses the
 * whole batch, and it is rebuilt from a fresh read: no value written by anyone else is lost.
 */
export class Route53Provider implements DnsProvider {
  readonly name = 'route53';
  readonly #api: Route53Api;
  readonly #settings: Route53Settings;

  constructor(settings: Route53Settings, context: ProviderContext) {
    this.#settings = settings;
    this.#api = route53ApiFor(settings, context);
  }

  async createRecords(records: readonly ChallengeRecord[]): Promise<void> {
    const batches = await this.#byHostedZone(records);
    const changeIds = await settleAll(batches.map((batch) => this.#rewrite(batch, 'add')));
    const pending = changeIds.filter((id): id is string => id !== undefined);
    if (this.#settings.waitInsync && pending.length > 0) await this.#api.waitInsync(pending);
  }

  async deleteRecords(records: readonly ChallengeRecord[]): Promise<void> {
    const batches = await this.#byHostedZone(records);
    await settleAll(batches.map((batch) => this.#rewrite(batch, 'remove')));
  }

  async #byHostedZone(records: readonly ChallengeRecord[]): Promise<ZoneBatch[]> {
    const batches = new Map<string, ZoneBatch>();
    const zones = await Promise.all(records.map((record) => this.#api.hostedZoneFor(record)));
    records.forEach((record, i) => {
      const zone = zones[i] as HostedZoneRef;
      const batch = batches.get(zone.id) ?? { zone, records: [] };
      batch.records.push(record);
      batches.set(zone.id, batch);
    });
    return [...batches.values()];
  }

  /** Adds or removes the run's values at every name of one hosted zone; returns the change ID, if anything changed. */
  async #rewrite({ zone, records }: ZoneBatch, mode: 'add' | 'remove'): Promise<string | undefined> {
    const names = new Map<string, Set<string>>();
    for (const record of records) {
      const fqdn = normalizeName(record.fqdn);
      names.set(fqdn, (names.get(fqdn) ?? new Set()).add(record.value));
    }
    return this.#api.locks.run(zone.id, async () => {
      for (let attempt = 1; ; attempt++) {
        const current = await Promise.all([...names.keys()].map((fqdn) => this.#api.readTxt(zone, fqdn)));
        const changes = [...names].flatMap(([fqdn, values], i) => swapChanges(fqdn, current[i], values, mode, this.#settings.ttl));
        if (changes.length === 0) return undefined;
        try {
          return await this.#api.change(zone, changes);
        } catch (error) {
          if (attempt >= CONFLICT_ATTEMPTS || !isConflict(error)) throw error;
        }
      }
    });
  }
}

/**
 * The changes that turn the set as read into the set with `values` added or removed: a DELETE
 * of exactly what was read (Route 53 refuses it if the set changed since) and a CREATE of the
 * result. None when the set already is as wanted.
 */
export function swapChanges(fqdn: string, current: TxtSet | undefined, values: ReadonlySet<string>, mode: 'add' | 'remove', ttl: number): Change[] {
  const existing = current?.values ?? [];
  const present = new Set(existing.map(unquoteTxt));
  let next: string[];
  if (mode === 'add') {
    const missing = [...values].filter((value) => !present.has(value));
    if (missing.length === 0) return [];
    next = [...existing, ...missing.map(quoteTxt)];
  } else {
    next = existing.filter((rdata) => !values.has(unquoteTxt(rdata)));
    if (next.length === existing.length) return [];
  }
  // A value listed twice is refused by Route 53; keep the first spelling of each.
  const seen = new Set<string>();
  next = next.filter((rdata) => !seen.has(unquoteTxt(rdata)) && seen.add(unquoteTxt(rdata)));
  const set = (rdatas: readonly string[], setTtl: number) => ({ Name: fqdn, Type: 'TXT' as const, TTL: setTtl, ResourceRecords: rdatas.map((Value) => ({ Value })) });
  const changes: Change[] = [];
  if (current) changes.push({ Action: 'DELETE', ResourceRecordSet: set(current.values, current.ttl) });
  if (next.length > 0) changes.push({ Action: 'CREATE', ResourceRecordSet: set(next, current?.ttl ?? ttl) });
  return changes;
}

/** Route 53's answer when a set changed between the read and the batch: rebuild and retry. */
function isConflict(error: unknown): boolean {
  const cause = (error as { cause?: { name?: string; message?: string; messages?: string[] } }).cause;
  if (cause?.name !== 'InvalidChangeBatch') return false;
  const text = [cause.message ?? '', ...(cause.messages ?? [])].join(' ');
  return /already exists|not found|do not match/i.test(text);
}

/** Runs every task to the end and throws the first failure, so one zone's error never strands another's changes. */
async function settleAll<T>(tasks: readonly Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(tasks);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}
