import { readFileIfExists, writeFileAtomic } from '../fs/atomic-file.js';
import { acquireLockFile } from '../fs/lock-file.js';
import type { StateStore, StoreDefinition } from './store.js';

/** A file, written atomically (temp file, fsync, rename) with mode 0600. */
export class FileStore implements StateStore {
  readonly description: string;

  constructor(private readonly path: string) {
    this.description = `file ${path}`;
  }

  load(): Promise<string | undefined> {
    return readFileIfExists(this.path);
  }

  save(encrypted: string): Promise<void> {
    return writeFileAtomic(this.path, encrypted, 0o600);
  }

  /** `PATH.lock` beside the file, held only while a save reads, merges and writes. */
  lock(): Promise<() => Promise<void>> {
    return acquireLockFile(`${this.path}.lock`, { what: `state file ${this.path}` });
  }
}

/** `store: file:PATH`. */
export const fileStoreKind: StoreDefinition = {
  kind: 'file',
  forms: ['file:PATH'],
  configure: (path) => ({ kind: 'file', description: `file ${path}`, open: async () => new FileStore(path) }),
};
