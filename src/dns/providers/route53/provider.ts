import type { Change } from '@aws-sdk/client-route-53';
import { normalizeName } from '../../names.js';
import type { ChallengeRecord, DnsProvider, ProviderContext } from '../../provider.js';
import { quoteTxt, unquoteTxt } from '../txt.js';
import { route53ApiFor, type HostedZoneRef, type Route53Api, type Route53Settings, type TxtSet } from './api.js';
import { groupByZone, inParallel, settleAll, type ZoneGroup } from '../../../vendor/parallel.js';
import { callWithRetries, DEFAULT_RETRY_POLICY, type RetryPolicy, type RunTools } from '../../../vendor/retry.js';

/** How often a change batch is rebuilt from a fresh read when someone else changed a set meanwhile. */
const CONFLICT_RETRIES: RetryPolicy = { ...DEFAULT_RETRY_POLICY, attempts: 4 };
/** Record-set reads in flight at once. */
const READ_PARALLEL = 4;

type ZoneBatch = ZoneGroup<HostedZoneRef, ChallengeRecord>;

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
  readonly #run: RunTools;

  constructor(settings: Route53Settings, context: ProviderContext) {
    this.#settings = settings;
    this.#run = context;
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
    const zones = await Promise.all(records.map((record) => this.#api.hostedZoneFor(record)));
    return groupByZone(records, zones, (zone) => zone.id);
  }

  /**
   * Adds or removes the run's values at every name of one hosted zone; returns the change ID, if
   * anything changed. The first batch assumes the sets are as this run expects them (none yet
   * when adding; exactly its own values when removing), so an order costs one request per zone.
   * If Route 53 refuses it because a set is not so, every set is read and the batch rebuilt.
   */
  async #rewrite({ zone, items: records }: ZoneBatch, mode: 'add' | 'remove'): Promise<string | undefined> {
    const names = new Map<string, Set<string>>();
    for (const record of records) {
      const fqdn = normalizeName(record.fqdn);
      names.set(fqdn, (names.get(fqdn) ?? new Set()).add(record.value));
    }
    const swap = async (attempt: number) => {
      const current =
        attempt === 1
          ? [...names].map(([fqdn, values]) => this.#expected(fqdn, values, mode))
          : await this.#readAll(zone, [...names.keys()]);
      const changes = [...names].flatMap(([fqdn, values], i) =>
        swapChanges(fqdn, current[i], values, mode, this.#settings.ttl),
      );
      if (changes.length === 0) return undefined;
      const id = await this.#api.change(zone, changes);
      this.#remember(changes);
      return id;
    };
    const conflict = (error: unknown) =>
      isConflict(error) ? { why: 'a record set is not as assumed; reading it', afterMs: 0 } : undefined;
    const what = `route53: zone ${zone.name} (${zone.id})`;
    return this.#api.locks.run(zone.id, () =>
      callWithRetries(this.#run, CONFLICT_RETRIES, what, swap, conflict, (error) => error as Error),
    );
  }

  /**
   * What a set should hold if no one else touched it: what this run last wrote, else none (adding) or its own values
   * (removing).
   */
  #expected(fqdn: string, values: ReadonlySet<string>, mode: 'add' | 'remove'): TxtSet | undefined {
    const written = this.#api.written.get(fqdn);
    if (written || mode === 'add') return written ?? undefined;
    return { ttl: this.#settings.ttl, values: [...values].map(quoteTxt) };
  }

  #remember(changes: readonly Change[]): void {
    for (const change of changes) {
      const set = change.ResourceRecordSet;
      if (!set?.Name) continue;
      if (change.Action === 'DELETE') this.#api.written.delete(set.Name);
      else
        this.#api.written.set(set.Name, {
          ttl: set.TTL ?? this.#settings.ttl,
          values: (set.ResourceRecords ?? []).map((r) => r.Value ?? ''),
        });
    }
  }

  /** Reads every set, a few at a time: Route 53 allows five requests a second per account. */
  #readAll(zone: HostedZoneRef, fqdns: readonly string[]): Promise<(TxtSet | undefined)[]> {
    return inParallel(fqdns, READ_PARALLEL, (fqdn) => this.#api.readTxt(zone, fqdn));
  }
}

/**
 * The changes that turn the set as read into the set with `values` added or removed: a DELETE
 * of exactly what was read (Route 53 refuses it if the set changed since) and a CREATE of the
 * result. None when the set already is as wanted.
 */
export function swapChanges(
  fqdn: string,
  current: TxtSet | undefined,
  values: ReadonlySet<string>,
  mode: 'add' | 'remove',
  ttl: number,
): Change[] {
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
  const set = (rdatas: readonly string[], setTtl: number) => ({
    Name: fqdn,
    Type: 'TXT' as const,
    TTL: setTtl,
    ResourceRecords: rdatas.map((Value) => ({ Value })),
  });
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
