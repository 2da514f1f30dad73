import type { ChallengeRecord, DnsProvider, ProviderContext } from '../../provider.js';
import {
  azureApiFor,
  isPreconditionFailed,
  type AzureApi,
  type AzureSettings,
  type TxtRecord,
  type TxtSet,
} from './api.js';
import { describeSet, parseRecordSetId, recordSetFqdn, recordSetId, relativeName, type RecordSetRef } from './names.js';
import { groupByZone, inParallel } from '../../../vendor/parallel.js';
import { callWithRetries, DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../../vendor/retry.js';

/** How often one name is read and merged anew when someone else changed its set meanwhile. */
const CONFLICT_RETRIES: RetryPolicy = { ...DEFAULT_RETRY_POLICY, attempts: 5 };
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
    // A journaled set counts only where it is the record's own name (a tampered ref names another set).
    if (journaled && recordSetFqdn(journaled).toLowerCase() === record.fqdn.toLowerCase().replace(/\.$/, ''))
      return journaled;
    const zone = await this.#api.zoneFor(record);
    return { zone, name: relativeName(record.fqdn, zone.name) };
  }

  async #applyAll(
    records: readonly ChallengeRecord[],
    sets: readonly RecordSetRef[],
    mode: 'add' | 'remove',
  ): Promise<void> {
    const setKey = (set: RecordSetRef) => recordSetId(set).toLowerCase();
    const changes = groupByZone(records, sets, setKey).map(({ zone: set, items }) => ({
      set,
      values: new Set(items.map((record) => record.value)),
    }));
    await inParallel(changes, PARALLEL, (change) =>
      this.#api.locks.run(setKey(change.set), () => this.#apply(change, mode)),
    );
  }

  /** Adds or removes the values at one name, read-merge-write on the set's ETag until no one interferes. */
  async #apply({ set, values }: SetChange, mode: 'add' | 'remove'): Promise<void> {
    const swap = async () => {
      const current = await this.#api.readTxt(set);
      const next = mergedRecords(current, values, mode);
      if (next === undefined) return;
      if (current && next.length === 0) return this.#api.deleteTxt(set, current.etag);
      const content = {
        ttl: current?.ttl ?? this.#settings.ttl,
        records: next,
        ...(current?.metadata ? { metadata: current.metadata } : {}),
      };
      await this.#api.writeTxt(set, content, current ? { ifMatch: current.etag } : { ifNoneMatch: '*' });
    };
    const conflict = (error: unknown) =>
      isPreconditionFailed(error)
        ? { why: 'changed while certwright wrote it (412); reading it again', afterMs: 0 }
        : undefined;
    await callWithRetries(
      this.#context,
      CONFLICT_RETRIES,
      `azure: ${describeSet(set)}`,
      swap,
      conflict,
      (error) => error as Error,
    );
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
export function mergedRecords(
  current: TxtSet | undefined,
  values: ReadonlySet<string>,
  mode: 'add' | 'remove',
): TxtRecord[] | undefined {
  const existing = current?.records ?? [];
  if (mode === 'add') {
    const present = new Set(existing.map(valueOf));
    const missing = [...values].filter((value) => !present.has(value));
    if (missing.length === 0) return undefined;
    return [
      ...existing,
      ...missing.map((value) => ({ value: value.match(new RegExp(`[^]{1,${STRING_LENGTH}}`, 'g')) ?? [''] })),
    ];
  }
  const kept = existing.filter((record) => !values.has(valueOf(record)));
  return kept.length === existing.length ? undefined : kept;
}
