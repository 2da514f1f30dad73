import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic-file.js';
import type { CertificateFiles } from '../crypto/certificate.js';

export interface WrittenPaths {
  readonly dir: string;
  readonly cert: string;
  readonly chain: string;
  readonly fullchain: string;
  readonly privkey: string;
}

/** Whether `path` holds exactly `content` with `mode` (then rewriting it would change nothing). */
async function holds(path: string, content: string, mode: number): Promise<boolean> {
  try {
    const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    return text === content && (info.mode & 0o777) === mode;
  } catch {
    return false;
  }
}

/**
 * Writes certbot's four files into `dir`: the private key 0600, the rest 0644. With
 * `unlessSame`, files that already hold that content are left alone (a no-op check of many
 * certificates rewrites nothing, and their times keep saying when they changed).
 */
export async function writeCertificateFiles(dir: string, files: CertificateFiles, options: { unlessSame?: boolean } = {}): Promise<WrittenPaths> {
  const paths: WrittenPaths = {
    dir,
    cert: join(dir, 'cert.pem'),
    chain: join(dir, 'chain.pem'),
    fullchain: join(dir, 'fullchain.pem'),
    privkey: join(dir, 'privkey.pem'),
  };
  const write = async (path: string, content: string, mode: number) => {
    if (!(options.unlessSame && (await holds(path, content, mode)))) await writeFileAtomic(path, content, mode);
  };
  await write(paths.privkey, files.privkey, 0o600); // first: it creates the folder 0700
  await Promise.all([write(paths.cert, files.cert, 0o644), write(paths.chain, files.chain, 0o644), write(paths.fullchain, files.fullchain, 0o644)]);
  return paths;
}
