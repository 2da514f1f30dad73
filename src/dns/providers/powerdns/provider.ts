import type { ChallengeRecord, DnsProvider, ProviderContext } from '../../provider.js';
import { normalizeName } from '../../names.js';
import { quoteTxt, unquoteTxt } from '../txt.js';
import { distinctRecords } from '../records.js';
import { groupByZone, settleAll } from '../../../vendor/parallel.js';
import { callWithRetries, DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../../vendor/retry.js';
import {
  powerDnsApiFor,
  type PowerDnsApi,
  type PowerDnsSettings,
  type RRset,
  type RRsetChange,
  type ZoneRef,
} from './api.js';

/** How often a change is rebuilt from a fresh read when the read-back shows it did not hold. */
const CHANGE_ATTEMPTS: RetryPolicy = { ...DEFAULT_RETRY_POLICY, attempts: 5 };

type Mode = 'add' | 'remove';

/** The read-back after a PATCH does not show the change: someone else rewrote the RRset meanwhile. */
class ChangeNotHeld extends Error {}

/**
 * PowerDNS keeps all TXT values of a name in one RRset, and a PATCH with changetype REPLACE sets
 * the RRset to exactly the records it lists. So every change reads the zone's RRsets, merges the
 * run's values in (or takes them out) keeping every other record as it is (its content, its
 * `disabled` flag, the RRset's TTL and comments), and writes all names of the zone in one PATCH.
 * PowerDNS has no conditional write: the provider reads the zone again after the PATCH and, when
 * its change is not there (another writer's REPLACE crossed it), reads and writes again. Within a
 * run, changes to one zone go one at a time.
 *
 * PowerDNS has no record IDs, so no ref is journaled: cleanup after a crash removes exactly the
 * values of the crash record at their names, which no one else's record carries (a dns-01 value
 * is the account's digest of one challenge token).
 */
export class PowerDnsProvider implements DnsProvider {
  readonly name = 'powerdns';
  readonly #api: PowerDnsApi;
  readonly #settings: PowerDnsSettings;
  readonly #context: ProviderContext;

  constructor(settings: PowerDnsSettings, context: ProviderContext) {
    this.#settings = settings;
    this.#context = context;
    this.#api = powerDnsApiFor(settings, context);
  }

  async createRecords(records: readonly ChallengeRecord[]): Promise<void> {
    await this.#inEachZone(records, 'add');
  }

  async deleteRecords(records: readonly ChallengeRecord[]): Promise<void> {
    await this.#inEachZone(records, 'remove');
  }

  async #inEachZone(records: readonly ChallengeRecord[], mode: Mode): Promise<void> {
    const unique = distinctRecords(records);
    const zones = await Promise.all(unique.map((record) => this.#api.zoneFor(record.zone)));
    await settleAll(
      groupByZone(unique, zones, (zone) => zone.id).map(({ zone, items }) => this.#rewrite(zone, items, mode)),
    );
  }

  /** One PATCH for every name of the zone, read back; rebuilt from a fresh read when it did not hold. */
  #rewrite(zone: ZoneRef, records: readonly ChallengeRecord[], mode: Mode): Promise<void> {
    const wanted = new Map<string, Set<string>>();
    for (const record of records) {
      const name = normalizeName(record.fqdn);
      wanted.set(name, (wanted.get(name) ?? new Set()).add(record.value));
    }
    const change = async () => {
      const changes = mergedChanges(wanted, await this.#api.txtSets(zone), mode, this.#settings.ttl);
      if (changes.length === 0) return;
      await this.#api.patch(zone, changes);
      const missing = notHeld(wanted, await this.#api.txtSets(zone), mode);
      if (missing.length > 0)
        throw new ChangeNotHeld(
          `powerdns: ${mode === 'add' ? 'writing' : 'removing'} TXT in zone ${zone.name}: ` +
            `the zone read back ${mode === 'add' ? 'lacks' : 'still holds'} ${missing.join(', ')}, ` +
            'as another writer keeps replacing the RRset',
        );
    };
    const crossed = (error: unknown) =>
      error instanceof ChangeNotHeld
        ? { why: 'the change did not hold; reading the zone again', afterMs: 0 }
        : undefined;
    return this.#api.locks.run(zone.id, () =>
      callWithRetries(this.#context, CHANGE_ATTEMPTS, `powerdns: zone ${zone.name}`, change, crossed, (error, note) =>
        error instanceof ChangeNotHeld ? new Error(`${error.message}${note}`) : (error as Error),
      ),
    );
  }
}

/**
 * The PATCH entries that turn each RRset as read into the RRset with the run's values added or
 * removed: REPLACE with every record that is not the run's kept as read (disabled ones included)
 * and the RRset's TTL kept; DELETE for an RRset left empty; nothing for a name already as wanted.
 */
export function mergedChanges(
  wanted: ReadonlyMap<string, ReadonlySet<string>>,
  current: ReadonlyMap<string, RRset>,
  mode: Mode,
  ttl: number,
): RRsetChange[] {
  const changes: RRsetChange[] = [];
  for (const [name, values] of wanted) {
    const set = current.get(name);
    const existing = set?.records ?? [];
    const held = new Set(existing.map((record) => unquoteTxt(record.content)));
    const absolute = set?.name ?? `${name}.`;
    if (mode === 'add') {
      const missing = [...values].filter((value) => !held.has(value));
      if (missing.length === 0) continue;
      const records = [
        ...existing.map(({ content, disabled }) => ({ content, disabled })),
        ...missing.map((value) => ({ content: quoteTxt(value), disabled: false })),
      ];
      changes.push({ name: absolute, type: 'TXT', ttl: set?.ttl ?? ttl, changetype: 'REPLACE', records });
      continue;
    }
    const kept = existing.filter((record) => !values.has(unquoteTxt(record.content)));
    if (kept.length === existing.length) continue;
    changes.push(
      kept.length === 0
        ? { name: absolute, type: 'TXT', changetype: 'DELETE' }
        : {
            name: absolute,
            type: 'TXT',
            ttl: set?.ttl ?? ttl,
            changetype: 'REPLACE',
            records: kept.map(({ content, disabled }) => ({ content, disabled })),
          },
    );
  }
  return changes;
}

/** `name "value"` for each wanted value the zone as read back does not hold (add) or still holds (remove). */
function notHeld(wanted: ReadonlyMap<string, ReadonlySet<string>>, after: ReadonlyMap<string, RRset>, mode: Mode) {
  return [...wanted].flatMap(([name, values]) => {
    const held = new Set((after.get(name)?.records ?? []).map((record) => unquoteTxt(record.content)));
    return [...values].filter((value) => held.has(value) !== (mode === 'add')).map((value) => `${name} "${value}"`);
  });
}
