import assert from 'node:assert/strict';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { splitPemCertificates } from '../crypto/pem.js';
import type { WrittenPaths } from '../issue/files.js';
import { challengeRecordName } from '../dns/names.js';
import { DELEGATED_TARGET, DELEGATED_TARGET_2, type Testbed } from './testbed.js';

/**
 * Checks what a user relies on: the chain verifies up to Pebble's current root, the SANs are
 * exactly the names asked for, the key matches, privkey.pem is 0600, and no TXT is left.
 */
export async function verifyIssued(
  bed: Testbed,
  paths: WrittenPaths,
  domains: readonly string[],
  rootIndex = 0,
): Promise<X509Certificate> {
  const leaf = await verifyCertificate(bed, paths, domains, rootIndex);
  await assertNoChallengeRecords(bed, domains);
  return leaf;
}

/** verifyIssued without the TXT check: chain, SANs, key match and key file mode. */
export async function verifyCertificate(
  bed: Testbed,
  paths: WrittenPaths,
  domains: readonly string[],
  rootIndex = 0,
): Promise<X509Certificate> {
  const [cert, chain, fullchain, privkey] = await Promise.all(
    [paths.cert, paths.chain, paths.fullchain, paths.privkey].map((p) => readFile(p, 'utf8')),
  );
  const leaf = new X509Certificate(cert ?? '');
  const issuers = splitPemCertificates(chain ?? '').map((pem) => new X509Certificate(pem));
  assert.equal(fullchain, `${cert}${chain}`, 'fullchain.pem is cert.pem followed by chain.pem');
  const root = new X509Certificate(await bed.root(rootIndex));
  const path = [leaf, ...issuers, root];
  for (let i = 0; i + 1 < path.length; i++) {
    const child = path[i] as X509Certificate;
    const parent = path[i + 1] as X509Certificate;
    assert.ok(child.checkIssued(parent), `${child.subject} is issued by ${parent.subject}`);
    assert.ok(child.verify(parent.publicKey), `signature of ${child.subject} verifies with ${parent.subject}`);
  }
  const sans = (leaf.subjectAltName ?? '')
    .split(', ')
    .map((s) => s.replace(/^DNS:/, ''))
    .sort();
  assert.deepEqual(sans, [...domains].sort());
  assert.ok(leaf.checkPrivateKey(createPrivateKey(privkey ?? '')), 'privkey.pem matches the certificate');
  assert.equal((await stat(paths.privkey)).mode & 0o777, 0o600, 'privkey.pem is 0600');
  return leaf;
}

/** Where the bed puts each domain's TXT record (following its one CNAME). */
export function challengeNames(domains: readonly string[]): string[] {
  const delegated: Record<string, string> = {
    'cname.example.test': DELEGATED_TARGET,
    'cname2.example.test': DELEGATED_TARGET_2,
  };
  return [...new Set(domains.map((d) => delegated[d] ?? challengeRecordName(d)))];
}

export async function assertNoChallengeRecords(bed: Testbed, domains: readonly string[]): Promise<void> {
  for (const name of challengeNames(domains)) {
    assert.deepEqual(await bed.txt(name), [], `no TXT left at ${name}`);
  }
}
