import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  constants,
  fchmodSync,
  fsync,
  lstatSync,
  mkdirSync,
  openSync,
  renameSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { promisify } from 'node:util';

/** Reads a file, or undefined when it does not exist. */
export async function readFileIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * A folder that must not hold keys as it is (a link, another user's, writable by others).
 * `problem` ends a sentence that starts with the folder's path; the message is that sentence.
 */
export class UnsafeFolderError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path} ${problem}`);
  }
}

/** S_ISVTX: in a folder with it (as /tmp), only an entry's owner may rename or remove it. */
const STICKY_BIT = 0o1000;

const FIX_LINK = 'certwright never writes keys through a link: name the real folder, or remove the link';

/**
 * Refuses a private folder that others could swap or fill: a symbolic link, not a folder,
 * owned by another user, writable by others, or inside a folder where others may rename it
 * away (writable by others without the sticky bit, as /tmp has). Otherwise narrows it to 0700.
 */
function secureExistingFolder(dir: string): void {
  const info = lstatSync(dir);
  if (info.isSymbolicLink()) throw new UnsafeFolderError(dir, `is a symbolic link; ${FIX_LINK}`);
  if (!info.isDirectory()) throw Object.assign(new Error(`${dir} is not a folder`), { code: 'ENOTDIR', path: dir });
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid) {
    throw new UnsafeFolderError(
      dir,
      `is owned by another user (uid ${info.uid}), who could read or replace the keys; ` +
        `use a folder of this user (uid ${uid}), or chown it`,
    );
  }
  if (info.mode & 0o002)
    throw new UnsafeFolderError(
      dir,
      'is writable by every user, who could plant links in it; use a private folder, or chmod 700 it',
    );
  const parent = statSync(dirname(dir));
  if (parent.mode & 0o002 && !(parent.mode & STICKY_BIT)) {
    throw new UnsafeFolderError(
      dir,
      `lies in ${dirname(dir)}, which every user may write without the sticky bit, ` +
        'so anyone could swap it for a link; use another folder, or chmod o-w it',
    );
  }
  if (info.mode & 0o077) chmodSync(dir, 0o700);
}

/**
 * Whether `dir` already is what secureExistingFolder makes of it: this user's folder, 0700, not
 * a link, in a parent others may not write without the sticky bit. Two system calls; anything
 * else (or any doubt) takes the full path, which creates, narrows or refuses the folder with its
 * reason.
 */
function privateAsIs(dir: string): boolean {
  try {
    const info = lstatSync(dir);
    if (!info.isDirectory() || info.mode & 0o077 || info.uid !== process.getuid?.()) return false;
    const parent = statSync(dirname(dir));
    return !(parent.mode & 0o002) || (parent.mode & STICKY_BIT) !== 0;
  } catch {
    return false;
  }
}

/**
 * Creates `dir` and its missing parents; returns the first folder it created, if any. With
 * `private` (folders that hold keys), every folder it creates is 0700 whatever the umask, and
 * `dir` itself must be safe to hold keys (see secureExistingFolder) and ends up 0700.
 *
 * Synchronous system calls on purpose (the promise only keeps the callers' shape): a handful of
 * metadata calls on a local folder cost microseconds each, where each thread-pool round trip
 * costs the main thread more than the call itself, and the first run's output folder is made
 * (and probed, see folderProblem) on the way to the CA's first request.
 */
export function makeFolder(dir: string, options: { private: boolean }): Promise<string | undefined> {
  return settled(() => makeFolderNow(dir, options));
}

/** `run`'s value as a promise, or what it threw (a system call's error) as a rejected one. */
function settled<T>(run: () => T): Promise<T> {
  return new Promise((resolve) => resolve(run()));
}

function makeFolderNow(dir: string, options: { private: boolean }): string | undefined {
  if (!options.private) return mkdirSync(dir, { recursive: true });
  if (privateAsIs(dir)) return undefined;
  // A link at `dir` is refused before mkdir, which would follow it.
  let existing;
  try {
    existing = lstatSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (existing?.isSymbolicLink()) throw new UnsafeFolderError(dir, `is a symbolic link; ${FIX_LINK}`);
  const first = mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (first !== undefined) {
    // mkdir returns the first folder it created: chmod it and each one below it, down to dir.
    let path = first;
    chmodSync(path, 0o700);
    for (const part of relative(first, dir).split(sep).filter(Boolean)) chmodSync((path = join(path, part)), 0o700);
  }
  secureExistingFolder(dir);
  return first;
}

/** Removes the folders makeFolder created (`first` down to `dir`), as long as they are empty. */
function removeCreatedFolders(dir: string, first: string | undefined): void {
  if (first === undefined) return;
  for (let path = dir; ; path = dirname(path)) {
    try {
      rmdirSync(path);
    } catch {
      return; // not empty any more (another run wrote there meanwhile): keep it and its parents
    }
    if (path === first || dirname(path) === path) return;
  }
}

/** Creates a new file for writing and returns its descriptor; never follows a link, never opens one that exists. */
function createNew(path: string, mode: number): number {
  return openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
}

/** How a file is written: `sync: false` leaves out the fsync (see writeFileAtomic). */
export interface WriteOptions {
  readonly sync?: boolean;
}

/**
 * Writes a file so readers see the old or the new content, never half: a temp file created
 * with the final mode, fsynced, then renamed over the target (replacing a link there, never
 * writing through it). Missing folders are created; a private file's folder is checked and
 * made 0700 (makeFolder). The temp file never outlives a failure. With `sync: false` the content
 * is not forced to disk first: still atomic for every reader, and kept when the process dies
 * (the kernel holds it), but a machine that loses power may lose it.
 */
export async function writeFileAtomic(
  path: string,
  content: string | Uint8Array,
  mode: number,
  options: WriteOptions = {},
): Promise<void> {
  await (await stageFile(path, content, mode, options)).commit();
}

/** A file written (and fsynced, unless `sync: false`) beside its target, not in place yet. */
export interface StagedFile {
  /** Renames it over the target; removes the temp file if that fails. */
  commit(): Promise<void>;
  /** Removes the temp file. */
  abandon(): Promise<void>;
}

const fsyncOnPool = promisify(fsync);

/**
 * writeFileAtomic up to the rename: several files can be written (and fsynced) at once and then
 * put in place in the order their readers need.
 *
 * Only the fsync, which waits for the disk, goes to the thread pool. Creating, writing and
 * renaming a small file are synchronous calls into the page cache, microseconds each, where a
 * thread-pool round trip per step (six for a file) cost the main thread more than the calls and
 * kept a run's last files, and its new account key, that many turns of the event loop away.
 */
export async function stageFile(
  path: string,
  content: string | Uint8Array,
  mode: number,
  options: WriteOptions = {},
): Promise<StagedFile> {
  makeFolderNow(dirname(path), { private: (mode & 0o077) === 0 });
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const abandon = () => rm(temp, { force: true });
  const fd = createNew(temp, mode);
  try {
    try {
      writeFileSync(fd, content);
      fchmodSync(fd, mode); // the umask may have narrowed or widened what open() set
      if (options.sync !== false) await fsyncOnPool(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    await abandon();
    throw error;
  }
  return {
    commit: async () => {
      try {
        renameSync(temp, path);
      } catch (error) {
        await abandon();
        throw error;
      }
    },
    abandon,
  };
}

/**
 * Why a folder cannot be written, as the end of a sentence naming it; undefined when it can.
 * Folders it had to create for the check are removed again (a run that gets no certificate
 * leaves no empty folder behind); a private folder that exists is checked and made 0700.
 */
export function folderProblem(dir: string, options: { private: boolean }): Promise<string | undefined> {
  return settled(() => folderProblemNow(dir, options));
}

/** folderProblem, in synchronous system calls (see makeFolder for why). */
function folderProblemNow(dir: string, options: { private: boolean }): string | undefined {
  let created: string | undefined;
  try {
    created = makeFolderNow(dir, options);
    const probe = join(dir, `.certwright-probe-${randomBytes(6).toString('hex')}`);
    closeSync(createNew(probe, 0o600));
    unlinkSync(probe);
    return undefined;
  } catch (error) {
    return problemSentence(dir, error);
  } finally {
    removeCreatedFolders(dir, created);
  }
}

/** An error from makeFolder or a write in `dir`, as the end of a sentence naming `dir`. */
function problemSentence(dir: string, error: unknown): string {
  if (error instanceof UnsafeFolderError)
    return error.path === dir ? error.problem : `cannot be used: ${error.message}`;
  const { code, path } = error as NodeJS.ErrnoException;
  const where = path && path !== dir && !path.includes('.certwright-probe-') ? ` (${path})` : '';
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `is not writable by this user${where}; choose a folder it may write, or change the folder's owner or mode`;
    case 'ENOTDIR':
    case 'EEXIST':
      return `is a file, or lies under one${where}, not a folder; choose a folder`;
    case 'EROFS':
      return `is on a read-only file system${where}; choose a writable folder`;
    case 'ENOSPC':
      return `is on a full disk${where}; free some space`;
    default:
      return `cannot be written: ${(error as Error).message}`;
  }
}
