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
