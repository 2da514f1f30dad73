import { emptyBundle, type StateBundle } from './bundle.js';
import type { StateKey } from './encryption.js';
import type { StateStore } from './store.js';
import { loadState, saveState } from './state.js';

/**
 * One run's view of the state: loaded once, changed in memory by each lineage, and written
 * whole, one write at a time, so lineages renewed side by side never overwrite each other.
 */
export class StateSession {
  private writes: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly store: StateStore | undefined,
    private readonly key: StateKey | undefined,
    private current: StateBundle,
    /** Never write (dry run). */
    private readonly readOnly: boolean,
    private readonly onSecret: ((value: string) => void) | undefined,
  ) {}

  /** `onSecret` is told each encrypted bundle before it is written (the Action masks it). */
  static async open(store: StateStore, key: StateKey, options: { readOnly?: boolean; onSecret?: (value: string) => void } = {}): Promise<StateSession> {
    return new StateSession(store, key, await loadState(store, key), options.readOnly ?? false, options.onSecret);
  }

  /** A state that lives only for this run and is never written: runs without a store (certonly). */
  static inMemory(): StateSession {
    return new StateSession(undefined, undefined, emptyBundle(), true, undefined);
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

  /** Writes the bundle as it is now, after any write already under way. */
  save(): Promise<void> {
    const { store, key } = this;
    if (this.readOnly || !store || !key) return Promise.resolve();
    const next = this.writes.catch(() => undefined).then(async () => {
      await saveState(store, key, this.current, this.onSecret);
    });
    this.writes = next;
    return next;
  }

  /** Waits for the last write, then lets the store finish (an artifact uploads once, here). */
  async close(): Promise<void> {
    await this.writes.catch(() => undefined);
    if (!this.readOnly) await this.store?.close?.();
  }
}
