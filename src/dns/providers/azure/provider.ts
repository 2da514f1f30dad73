import type { ChallengeRecord, DnsProvider, ProviderContext } from '../../provider.js';
import { azureApiFor, isPreconditionFailed, type AzureApi, type AzureSettings, type TxtRecord, type TxtSet } from './api.js';
import { describeSet, parseRecordSetId, recordSetId, relativeName, type RecordSetRef } from './names.js';

/** How often one name is read and merged anew when someone else changed its set meanwhile. */
const CONFLICT_ATTEMPTS = 5;
/** Record sets written at once (Resource Manager has no batch for record sets). */
const PARALLEL = 8;
/** Azure keeps a TXT value as character strings; a longer one is split as Azure's own tools do. */
const STRING_LENGTH = 255;

interface SetChange {
  readonly set: RecordSetRef;
  readonly values: Set<string>;
}

/**
 * Azure keeps all TXT values of a name in one record set that others share (a wildcard and its
 * apex, other tools, verification tokens). Every write is a compare-and-swap on the set's ETag:
 * read the set, add or remove the run's values, PUT it back with `If-Match` (`If-None-Match: *`
 * when there was none; a DELETE with `If-Match` when nothing else is left). If anyone changed the
 * set in between, Azure answers 412 and the name is read and merged anew, so no value written by
 * anyone else is lost. Azure DNS applies a write before it answers: nothing to wait for. The
 * record set's resource ID is each record's ref, so cleanup after a crash needs no zone lookup.
 */
export class AzureProvider implements DnsProvider {
  readonly name = 'azure';
  readonly #api: AzureApi;
  readonly #settings: AzureSettings;
  readonly #context: ProviderContext;

  constructor(settings: AzureSettings, context: ProviderContext) {
    this.#settings = settings;
    this.#context = context;
    this.#api = azureApiFor(settings, context);
  }

  async createRecords(records: readonly ChallengeRecord[]): Promise<ChallengeRecord[]> {
    const sets = await Promise.all(records.map((record) => this.#setOf(record, false)));
    await this.#applyAll(records, sets, 'add');
    return records.map((record, i) => ({ ...record, ref: recordSetId(sets[i] as RecordSetRef) }));
  }

  async deleteRecords(records: readonly ChallengeRecord[]): Promise<void> {
    const sets = await Promise.all(records.map((record) => this.#setOf(record, true)));
    await this.#applyAll(records, sets, 'remove');
  }

  /** The record set of a record: from its ref (a record set ID) when cleaning up, else its zone and name. */
  async #setOf(record: ChallengeRecord, fromRef: boolean): Promise<RecordSetRef> {
    const journaled = fromRef && record.ref ? parseRecordSetId(record.ref) : undefined;
    if (journaled) return journaled;
    const zone = await this.#api.zoneFor(record);
    return { zone, name: relativeName(record.fqdn, zone.name) };
  }

  async #applyAll(records: readonly ChallengeRecord[], sets: readonly RecordSetRef[], mode: 'add' | 'remove'): Promise<void> {
    const changes = new Map<string, SetChange>();
    records.forEach((record, i) => {
      const set = sets[i] as RecordSetRef;
      const key = recordSetId(set).toLowerCase();
      const change = changes.get(key) ?? { set, values: new Set<string>() };
      change.values.add(record.value);
      changes.set(key, change);
    });
    await inParallel([...changes], PARALLEL, ([key, change]) => this.#api.locks.run(key, () => this.#apply(change, mode)));
  }

  /** Adds or removes the values at one name, read-merge-write on the set's ETag until no one interferes. */
  async #apply({ set, values }: SetChange, mode: 'add' | 'remove'): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.#api.readTxt(set);
      const next = mergedRecords(current, values, mode);
      if (next === undefined) return;
      try {
        if (current && next.length === 0) await this.#api.deleteTxt(set, current.etag);
        else {
          const content = { ttl: current?.ttl ?? this.#settings.ttl, records: next, ...(current?.metadata ? { metadata: current.metadata } : {}) };
          await this.#api.writeTxt(set, content, current ? { ifMatch: current.etag } : { ifNoneMatch: '*' });
        }
        return;
      } catch (error) {
        if (!isPreconditionFailed(error) || attempt >= CONFLICT_ATTEMPTS) throw error;
        this.#context.logger.debug(`azure: ${describeSet(set)} changed while certwright wrote it (412); reading it again`);
      }
    }
  }
}

/** A record's value: its character strings joined. */
function valueOf(record: TxtRecord): string {
  return record.value.join('');
}

/**
 * The set's records with `values` added (each as one record, split into 255-character strings) or
 * removed; other records stay exactly as read. Undefined when the set already is as wanted.
 */
export function mergedRecords(current: TxtSet | undefined, values: ReadonlySet<string>, mode: 'add' | 'remove'): TxtRecord[] | undefined {
  const existing = current?.records ?? [];
  if (mode === 'add') {
    const present = new Set(existing.map(valueOf));
    const missing = [...values].filter((value) => !present.has(value));
    if (missing.length === 0) return undefined;
    return [...existing, ...missing.map((value) => ({ value: value.match(new RegExp(`[^]{1,${STRING_LENGTH}}`, 'g')) ?? [''] }))];
  }
  const kept = existing.filter((record) => !values.has(valueOf(record)));
  return kept.length === existing.length ? undefined : kept;
}

/** `work` on every item, at most `limit` at a time; all run to the end, the first failure is thrown. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const failures: unknown[] = [];
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) await work(items[i] as T).catch((error: unknown) => void failures.push(error));
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failures.length > 0) throw failures[0];
}
