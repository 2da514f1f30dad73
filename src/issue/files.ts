import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CertificateFiles } from '../crypto/certificate.js';

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
 * Writes a file so readers see the old or the new content, never half: a temp file created
 * with the final mode, fsynced, then renamed over the target.
 */
export async function writeFileAtomic(path: string, content: string, mode: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
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

export interface WrittenPaths {
  readonly dir: string;
  readonly cert: string;
  readonly chain: string;
  readonly fullchain: string;
  readonly privkey: string;
}

/** Writes certbot's four files into `dir`: the private key 0600, the rest 0644. */
export async function writeCertificateFiles(dir: string, files: CertificateFiles): Promise<WrittenPaths> {
  const paths: WrittenPaths = {
    dir,
    cert: join(dir, 'cert.pem'),
    chain: join(dir, 'chain.pem'),
    fullchain: join(dir, 'fullchain.pem'),
    privkey: join(dir, 'privkey.pem'),
  };
  await writeFileAtomic(paths.privkey, files.privkey, 0o600);
  await Promise.all([
    writeFileAtomic(paths.cert, files.cert, 0o644),
    writeFileAtomic(paths.chain, files.chain, 0o644),
    writeFileAtomic(paths.fullchain, files.fullchain, 0o644),
  ]);
  return paths;
}
