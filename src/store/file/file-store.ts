import { closeSync, constants, openSync, readSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { dirname } from 'node:path';
import { folderProblem, readFileIfExists, writeFileAtomic } from '../../fs/atomic-file.js';
import { acquireLockFile } from '../../fs/lock-file.js';
import type { StateStore } from '../../state/state-store.js';

/** A file, written atomically (temp file, fsync, rename) with mode 0600. */
/**
 * The first 4 KiB of the file at `path` (a bundle's header is far shorter), or undefined when it
 * cannot be read. Read synchronously (one small read, never a FIFO's wait: O_NONBLOCK), so what
 * starts from it (the passphrase's key derivation) is on the thread pool before the run's next
 * synchronous work, such as parsing a large config file, holds the event loop.
 */
export function peekFile(path: string): Promise<string | undefined> {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    const buffer = Buffer.alloc(4096);
    const bytesRead = readSync(fd, buffer, 0, 4096, 0);
    return Promise.resolve(buffer.subarray(0, bytesRead).toString('utf8'));
  } catch {
    return Promise.resolve(undefined);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

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
