import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

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
 * Creates `dir` and its missing parents. With `private`, every folder it creates is 0700
 * whatever the umask (folders that hold keys); folders that exist are left as they are.
 */
export async function makeFolder(dir: string, options: { private: boolean }): Promise<void> {
  const first = await mkdir(dir, { recursive: true, mode: options.private ? 0o700 : 0o777 });
  if (first === undefined || !options.private) return;
  // mkdir returns the first folder it created: chmod it and each one below it, down to dir.
  const parts = relative(first, dir).split(sep).filter(Boolean);
  let path = first;
  await chmod(path, 0o700);
  for (const part of parts) await chmod((path = join(path, part)), 0o700);
}

/**
 * Writes a file so readers see the old or the new content, never half: a temp file created
 * with the final mode, fsynced, then renamed over the target. Missing folders are created,
 * 0700 when the file is private (no group or other bits).
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array, mode: number): Promise<void> {
  await makeFolder(dirname(path), { private: (mode & 0o077) === 0 });
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(content);
    await handle.chmod(mode); // the umask may have narrowed or widened what open() set
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temp, path);
}

/** Why a folder cannot be written, as the end of a sentence naming it; undefined when it can. */
export async function folderProblem(dir: string, options: { private: boolean }): Promise<string | undefined> {
  try {
    await makeFolder(dir, options);
    const probe = join(dir, `.certwright-probe-${randomBytes(6).toString('hex')}`);
    await (await open(probe, 'wx', 0o600)).close();
    await rm(probe, { force: true });
    return undefined;
  } catch (error) {
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
}
