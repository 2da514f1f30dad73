import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeFolder, stageFile, writeFileAtomic } from '../fs/atomic-file.js';
import type { CertificateFiles } from '../crypto/certificate.js';
import { buildPfx, pfxHolds, type PfxSettings } from '../crypto/pkcs12.js';

export interface WrittenPaths {
  readonly dir: string;
  readonly cert: string;
  readonly chain: string;
  readonly fullchain: string;
  readonly privkey: string;
  /** cert.pfx (0600): the key and full chain in PKCS#12; only when the request asks for it. */
  readonly pfx?: string;
}

/**
 * Whether `path` is a file (not a link) holding exactly `content` with `mode`: then rewriting it
 * would change nothing. A link never counts, so it is replaced. Synchronous on purpose: a no-op
 * check of 1,000 certificates asks this 4,000 times of small files in the page cache, where each
 * promise-based call costs a thread-pool round trip several times the read itself.
 */
function holds(path: string, content: string, mode: number): boolean {
  let fd: number | undefined;
  try {
    // O_NOFOLLOW: a link fails to open (and is replaced); O_NONBLOCK: a FIFO does not hang the run.
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    const info = fstatSync(fd);
    const expected = Buffer.from(content);
    if (!info.isFile() || (info.mode & 0o777) !== mode || info.size !== expected.length) return false;
    const found = Buffer.allocUnsafe(expected.length + 1); // one byte more: a file that grew meanwhile differs
    return (
      readSync(fd, found, 0, found.length, 0) === expected.length && expected.equals(found.subarray(0, expected.length))
    );
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Whether `path` is a 0600 PFX that opens with the settings and holds exactly these files' key and chain. */
async function holdsPfx(path: string, files: CertificateFiles, settings: PfxSettings): Promise<boolean> {
  try {
    const [der, info] = await Promise.all([readFile(path), lstat(path)]);
    return info.isFile() && (info.mode & 0o777) === 0o600 && (await pfxHolds(der, files, settings));
  } catch {
    return false;
  }
}

/**
 * Writes certbot's four files into `dir`: the private key 0600, the rest 0644; with `pfx`,
 * also cert.pfx (0600) of the key and full chain. With `unlessSame`, files that already hold
 * that content are left alone (a no-op check of many certificates rewrites nothing, and their
 * times keep saying when they changed); cert.pfx counts as the same when it opens with the
 * password, in the mode asked for, and holds this key and chain. `dir` is checked first, even
 * when nothing is rewritten: never a link, another user's or writable by others; made 0700.
 * Files are written by rename, so a link in place of one is replaced, never written through.
 */
export async function writeCertificateFiles(
  dir: string,
  files: CertificateFiles,
  options: { unlessSame?: boolean; pfx?: PfxSettings | undefined } = {},
): Promise<WrittenPaths> {
  const paths: WrittenPaths = {
    dir,
    cert: join(dir, 'cert.pem'),
    chain: join(dir, 'chain.pem'),
    fullchain: join(dir, 'fullchain.pem'),
    privkey: join(dir, 'privkey.pem'),
  };
  await makeFolder(dir, { private: true });
  const wanted: [string, string, number][] = [
    [paths.privkey, files.privkey, 0o600],
    [paths.cert, files.cert, 0o644],
    [paths.chain, files.chain, 0o644],
    [paths.fullchain, files.fullchain, 0o644],
  ];
  const changed = wanted.filter(([path, content, mode]) => !(options.unlessSame && holds(path, content, mode)));
  // Written and fsynced together; the key goes in place first, so a certificate never stands
  // beside an older key, then the rest.
  const staged = await Promise.allSettled(changed.map(([path, content, mode]) => stageFile(path, content, mode)));
  const ready = staged.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = staged.find((s) => s.status === 'rejected');
  if (failed) {
    await Promise.all(ready.map((file) => file.abandon()));
    throw failed.reason;
  }
  const key = changed[0]?.[0] === paths.privkey ? ready.shift() : undefined;
  try {
    await key?.commit();
  } catch (error) {
    await Promise.all(ready.map((file) => file.abandon()));
    throw error;
  }
  await Promise.all(ready.map((file) => file.commit()));
  if (!options.pfx) return paths;
  const pfx = join(dir, 'cert.pfx');
  if (!(options.unlessSame && (await holdsPfx(pfx, files, options.pfx))))
    await writeFileAtomic(pfx, await buildPfx(files, options.pfx), 0o600);
  return { ...paths, pfx };
}
