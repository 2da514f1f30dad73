import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { dirname } from 'node:path';
import { folderProblem, readFileIfExists, writeFileAtomic } from '../../fs/atomic-file.js';
import { acquireLockFile } from '../../fs/lock-file.js';
import type { StateStore } from '../../state/state-store.js';

/** A file, written atomically (temp file, fsync, rename) with mode 0600. */
export class FileStore implements StateStore {
  readonly description: string;

  constructor(private readonly path: string) {
    this.description = `file ${path}`;
  }

  load(): Promise<string | undefined> {
    return readFileIfExists(this.path).catch((error: NodeJS.ErrnoException) => {
      const why =
        error.code === 'EISDIR'
          ? 'is a folder; file:PATH names the state file itself'
          : error.code === 'ENOTDIR'
            ? 'lies under a file, not a folder'
            : `cannot be read (${error.code ?? error.message}), and a new state is not written over one that could ` +
              `not be loaded; fix its mode or owner, or set state-reset: true to start over`;
      throw new Error(`store: ${this.path} ${why}`, { cause: error });
    });
  }

  save(encrypted: string): Promise<void> {
    return writeFileAtomic(this.path, encrypted, 0o600);
  }

  async preflight(): Promise<void> {
    const problem = await folderProblem(dirname(this.path), { private: true });
    if (problem) throw new Error(`store: the folder of ${this.path} ${problem}`);
    await access(this.path, constants.W_OK).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT')
        throw new Error(
          `store: ${this.path} is not writable (${error.code}); fix its mode or owner, or choose another file:PATH`,
        );
    });
  }

  /** `PATH.lock` beside the file, held only while a save reads, merges and writes. */
  lock(): Promise<() => Promise<void>> {
    return acquireLockFile(`${this.path}.lock`, { what: `state file ${this.path}` });
  }
}
