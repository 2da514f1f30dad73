import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, rename, rm, rmdir, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { makeFolder } from './atomic-file.js';

export interface LockOptions {
  /** How long to wait for another holder before failing; default 60 s. */
  readonly timeoutMs?: number;
  /** Names the thing locked in the timeout message. */
  readonly what: string;
}

interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
  /** Random, one per acquisition: names the holder's file, so only its owner or a takeover of it can remove it. */
  readonly token?: string;
}

/** `holder-<token>.json`: the one file in a held lock folder. */
const HOLDER_FILE = /^holder-[0-9a-f]{32}\.json$/;
const holderFile = (token: string): string => `holder-${token}.json`;
/** `<lock>.<token>.new`: a lock folder being prepared, renamed onto the lock path to take it. */
const stagingPath = (path: string, token: string): string => `${path}.${token}.new`;
/** Codes of operations that lost a race, or that hit what another process put there: look again. */
const RACED = new Set(['ENOENT', 'ENOTEMPTY', 'EEXIST', 'ENOTDIR', 'EISDIR', 'EPERM']);

/** Whether a process with this PID runs on this host. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(path: string): Promise<Holder | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Holder;
  } catch {
    return undefined;
  }
}

/** A holder on this host whose process is gone (killed): its lock may be taken over. */
function isStale(holder: Holder | undefined): boolean {
  return holder !== undefined && holder.host === hostname() && !processAlive(holder.pid);
}

const ignoreRaces = (error: NodeJS.ErrnoException): void => {
  if (!RACED.has(error.code ?? '')) throw error;
};

/**
 * An advisory lock, one holder at a time: the folder `path` holding one file named by the
 * holder's random token (PID, host and start time inside). Waits (bounded) while another
 * process holds it; takes over a lock whose holder on this host is gone (killed). Returns the
 * release.
 *
 * Every step is one atomic operation that cannot undo another process's work:
 * - taking: a folder prepared beside the lock, holder file inside, is renamed onto `path`, which
 *   succeeds only while `path` is absent or an empty folder (never over a held one);
 * - taking over: the stale holder's file is unlinked by its own name; a later unlink by a process
 *   that saw the same stale holder finds nothing, and cannot touch the new holder's file;
 * - releasing: the holder unlinks its own file, then removes the folder only if it is empty.
 * A lock file of earlier versions (a plain file at `path`) is removed only when its holder is
 * gone; unlink of a folder (a lock taken since) fails, so that removal cannot hit a new lock either.
 */
export async function acquireLockFile(path: string, options: LockOptions): Promise<() => Promise<void>> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const started = Date.now();
  await makeFolder(dirname(path), { private: true });
  const me: Holder = {
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    token: randomBytes(16).toString('hex'),
  };
  const token = me.token as string;
  const staging = await stageLock(path, me);
  try {
    for (let wait = 20; ; wait = Math.min(wait * 2, 500)) {
      if (await installLock(staging, path)) {
        await removeAbandonedStaging(path);
        return () => releaseLock(path, token);
      }
      const holder = await clearIfStale(path);
      if (holder === 'cleared') continue;
      if (Date.now() - started >= timeoutMs) {
        const who = holder ? `process ${holder.pid} on ${holder.host} (since ${holder.since})` : 'another process';
        throw new Error(
          `${options.what} is locked by ${who} for more than ${Math.round(timeoutMs / 1000)} s; ` +
            `if no certwright is running, delete ${path}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** The lock folder this process would install: `<path>.<token>.new/holder-<token>.json`. */
async function stageLock(path: string, me: Holder): Promise<string> {
  const staging = stagingPath(path, me.token as string);
  await mkdir(staging, { mode: 0o700 });
  await writeFile(join(staging, holderFile(me.token as string)), JSON.stringify(me), { mode: 0o600 });
  return staging;
}

/** Renames the staged folder onto `path`: true when this process holds the lock now. */
async function installLock(staging: string, path: string): Promise<boolean> {
  try {
    await rename(staging, path);
    return true;
  } catch (error) {
    ignoreRaces(error as NodeJS.ErrnoException);
    return false;
  }
}

/**
 * Looks at the lock that stopped the install: removes it if its holder is gone ('cleared': try
 * again), or returns who holds it (undefined when that cannot be read).
 */
async function clearIfStale(path: string): Promise<Holder | 'cleared' | undefined> {
  const entry = await lstat(path).catch((error: NodeJS.ErrnoException) =>
    error.code === 'ENOENT' ? undefined : Promise.reject(error),
  );
  if (entry === undefined) return 'cleared';
  if (entry.isFile()) {
    // An earlier version's lock file.
    const holder = await readHolder(path);
    if (!isStale(holder)) return holder;
    await unlink(path).catch(ignoreRaces);
    return 'cleared';
  }
  if (!entry.isDirectory())
    throw new Error(`lock: ${path} is neither a lock folder nor a lock file; remove it if no certwright is running`);
  const names = (await readdir(path).catch(() => [] as string[])).filter((name) => HOLDER_FILE.test(name));
  if (names.length === 0) {
    // Released or taken over a moment ago; rmdir removes it only while it is still empty.
    await rmdir(path).catch(ignoreRaces);
    return 'cleared';
  }
  let live: Holder | undefined;
  for (const name of names) {
    const holder = await readHolder(join(path, name));
    if (!isStale(holder)) {
      live ??= holder;
      continue;
    }
    await unlink(join(path, name)).catch(ignoreRaces);
  }
  return live ?? 'cleared';
}

/** Removes this holder's own file, then the folder if nothing else is in it. */
async function releaseLock(path: string, token: string): Promise<void> {
  await rm(join(path, holderFile(token)), { force: true });
  await rmdir(path).catch(ignoreRaces);
}

/** Staging folders of processes killed while taking the lock: clutter beside the state, nothing more. */
async function removeAbandonedStaging(path: string): Promise<void> {
  const prefix = `${basename(path)}.`;
  const names = await readdir(dirname(path)).catch(() => [] as string[]);
  for (const name of names) {
    const token =
      name.startsWith(prefix) && name.endsWith('.new') ? name.slice(prefix.length, -'.new'.length) : undefined;
    if (token === undefined || !/^[0-9a-f]{32}$/.test(token)) continue;
    const staging = join(dirname(path), name);
    if (isStale(await readHolder(join(staging, holderFile(token)))))
      await rm(staging, { recursive: true, force: true });
  }
}
