import { readFileIfExists, writeFileAtomic } from '../fs/atomic-file.js';

/** Where the encrypted bundle lives between runs. */
export interface StateStore {
  /** One line for logs. */
  readonly description: string;
  /** The largest encrypted bundle it can hold, if it has a limit (GitHub secrets: 48 KB). */
  readonly maxBytes?: number;
  /** The stored bundle (encrypted), or undefined when there is none yet. */
  load(): Promise<string | undefined>;
  save(encrypted: string): Promise<void>;
}

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
}
