import { hostname } from 'node:os';
import { open, readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
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
}

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

/**
 * An advisory lock: the file `path`, created exclusively, holding the holder's PID, host and
 * start time. Waits (bounded) while another process holds it; takes over a lock whose holder
 * on this host is gone (killed). Returns the release.
 */
export async function acquireLockFile(path: string, options: LockOptions): Promise<() => Promise<void>> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const started = Date.now();
  await makeFolder(dirname(path), { private: true });
  for (let wait = 20; ; wait = Math.min(wait * 2, 500)) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() } satisfies Holder));
      await handle.close();
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readHolder(path);
    if (holder && holder.host === hostname() && !processAlive(holder.pid)) {
      await rm(path, { force: true });
      continue;
    }
    if (Date.now() - started >= timeoutMs) {
      const who = holder ? `process ${holder.pid} on ${holder.host} (since ${holder.since})` : 'another process';
      throw new Error(`${options.what} is locked by ${who} for more than ${Math.round(timeoutMs / 1000)} s; if no certwright is running, delete ${path}`);
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
