import { emptyBundle, type StateBundle } from './bundle.js';
import type { StateKey } from './encryption.js';
import type { StateStore } from './state-store.js';
import { loadStateText, saveState } from './persist.js';

/**
 * One run's view of the state: loaded once, changed in memory by each lineage, and written
 * whole, one write at a time, so lineages renewed side by side never overwrite each other.
 * Another process may write the same store meanwhile (two cron jobs): each save takes the
 * store's lock, and if the stored bundle changed since this run last read or wrote it, this
 * run's own changes (lineages, accounts, records in flight) are merged into it, so neither
 * run loses what the other wrote.
 */
export class StateSession {
  private writes: Promise<unknown> = Promise.resolve();
  /** A write that has not started yet. */
  private queued: Promise<void> | undefined;
  /** The bundle as last read from or written to the store, and its encrypted text. */
  private base: StateBundle;
  private baseText: string | undefined;

  private constructor(
    private readonly store: StateStore | undefined,
    private readonly key: StateKey | undefined,
    private current: StateBundle,
    baseText: string | undefined,
    /** Never write (dry run). */
    private readonly readOnly: boolean,
    private readonly onSecret: ((value: string) => void) | undefined,
  ) {
    this.base = current;
    this.baseText = baseText;
  }

  /** `onSecret` is told each encrypted bundle before it is written (the Action masks it). */
  static async open(
    store: StateStore,
    key: StateKey,
    options: { readOnly?: boolean; onSecret?: (value: string) => void } = {},
  ): Promise<StateSession> {
    const { bundle, encrypted, legacyKey } = await loadStateText(store, key);
    const session = new StateSession(store, key, bundle, encrypted, options.readOnly ?? false, options.onSecret);
    // Opened with a passphrase read as a raw key (the old rule): the run's save writes it again, the passphrase
    // stretched.
    if (legacyKey) session.update((b) => ({ ...b }));
    return session;
  }

  /** A state that lives only for this run and is never written: runs without a store (certonly). */
  static inMemory(): StateSession {
    return new StateSession(undefined, undefined, emptyBundle(), undefined, true, undefined);
  }

  /** Whether this state outlives the run. */
  get persistent(): boolean {
    return this.store !== undefined;
  }

  get bundle(): StateBundle {
    return this.current;
  }

  update(change: (bundle: StateBundle) => StateBundle): void {
    this.current = change(this.current);
  }

  /** Whether the bundle changed since it was last read or written. */
  get changed(): boolean {
    return this.current !== this.base;
  }

  /**
   * Writes the bundle as it is now, after any write already under way. Saves asked for while
   * a write waits to start share it: sixteen certificates finishing together cost one write.
   */
  save(): Promise<void> {
    const { store, key } = this;
    if (this.readOnly || !store || !key) return Promise.resolve();
    if (this.queued) return this.queued;
    const next = this.writes
      .catch(() => undefined)
      .then(async () => {
        this.queued = undefined; // changes from now on need a write of their own
        // A store that others may write meanwhile has a lock; one without (a secret, an artifact) has nothing newer to
        // read.
        const release = await store.lock?.();
        try {
          if (release) {
            const text = await store.load();
            if (text !== this.baseText)
              this.current = mergeChanges((await loadStateText(store, key, text)).bundle, this.base, this.current);
          }
          // Changes made while this write is under way are not in it: they stay unsaved.
          const written = this.current;
          this.baseText = await saveState(store, key, written, this.onSecret);
          this.base = written;
        } finally {
          await release?.();
        }
      });
    this.queued = next;
    this.writes = next;
    return next;
  }

  /** Waits for the last write, then lets the store finish (an artifact uploads once, here). */
  async close(): Promise<void> {
    await this.writes.catch(() => undefined);
    if (!this.readOnly) await this.store?.close?.();
  }
}

/** The keys whose entries differ (by identity: the session changes bundles immutably) between two records. */
function applyRecordChanges<T>(
  into: Readonly<Record<string, T>>,
  base: Readonly<Record<string, T>>,
  mine: Readonly<Record<string, T>>,
): Record<string, T> {
  const out: Record<string, T> = { ...into };
  for (const [name, entry] of Object.entries(mine)) if (base[name] !== entry) out[name] = entry;
  for (const name of Object.keys(base)) if (!(name in mine)) delete out[name];
  return out;
}

/** `stored` (written by another process) with this run's changes since `base` applied on top. */
function mergeChanges(stored: StateBundle, base: StateBundle, mine: StateBundle): StateBundle {
  const key = (entry: StateBundle['pendingCleanup'][number]) =>
    JSON.stringify([entry.certName, entry.createdAt, entry.records.map((r) => [r.fqdn, r.value])]);
  const removed = new Set(base.pendingCleanup.filter((e) => !mine.pendingCleanup.includes(e)).map(key));
  const added = mine.pendingCleanup.filter((e) => !base.pendingCleanup.includes(e));
  return {
    ...stored,
    accounts: applyRecordChanges(stored.accounts, base.accounts, mine.accounts),
    lineages: applyRecordChanges(stored.lineages, base.lineages, mine.lineages),
    pendingCleanup: [...stored.pendingCleanup.filter((e) => !removed.has(key(e))), ...added],
    orders: mergeOrders(stored.orders ?? {}, base.orders ?? {}, mine.orders ?? {}),
  };
}

/** The other run's order times plus the ones this run added since `base`: each counts against the account's budget. */
function mergeOrders(
  stored: Readonly<Record<string, readonly number[]>>,
  base: Readonly<Record<string, readonly number[]>>,
  mine: Readonly<Record<string, readonly number[]>>,
): Record<string, number[]> {
  const out: Record<string, number[]> = Object.fromEntries(
    Object.entries(stored).map(([url, times]) => [url, [...times]]),
  );
  for (const [url, times] of Object.entries(mine)) {
    const before = [...(base[url] ?? [])];
    const added = times.filter((t) => {
      const at = before.indexOf(t);
      if (at < 0) return true;
      before.splice(at, 1);
      return false;
    });
    out[url] = [...(out[url] ?? []), ...added];
  }
  return out;
}
