/**
 * Where the encrypted bundle lives between runs, as the state needs it: read it, write it, and (where the
 * place allows) lock it for a read-merge-write. The kinds of place (a file, a secret, an
 * artifact) are src/store's business; the state module knows only this.
 */
export interface StateStore {
  /** One line for logs. */
  readonly description: string;
  /** The largest encrypted bundle it can hold, if it has a limit (GitHub secrets: 48 KB). */
  readonly maxBytes?: number;
  /** The stored bundle (encrypted), or undefined when there is none yet. */
  load(): Promise<string | undefined>;
  save(encrypted: string): Promise<void>;
  /** Called once when the run is over, after the last save (an artifact uploads here). */
  close?(): Promise<void>;
  /**
   * Holds off every other process's writes until the returned release is called, for a
   * read-merge-write (a file store: an advisory lock file beside it).
   */
  lock?(): Promise<() => Promise<void>>;
  /**
   * Throws a one-line error if the store could not be written, checked before anything is
   * asked of a CA (a file store: its folder is writable).
   */
  preflight?(): Promise<void>;
}
