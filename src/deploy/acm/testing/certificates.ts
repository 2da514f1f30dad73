/**
 * Certificates for the acm tests, made with openssl as a user's CA would: a root, an
 * intermediate, and leaves of any key type (ACM's and others it refuses), so the import rules
 * are exercised on real PEM without an ACME round trip.
 */
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IssuedCertificate } from '../../target.js';

/** openssl genpkey arguments of a key type. */
const KEY_ARGS: Record<string, string[]> = {
  'ecdsa-p256': ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
  'ecdsa-p384': ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'],
  'rsa-2048': ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
  'rsa-1536': ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1536'],
  ed25519: ['-algorithm', 'ED25519'],
};
export type TestKeyType = keyof typeof KEY_ARGS;

export interface TestCa {
  readonly dir: string;
  /** The intermediate then the root, as chain.pem holds them. */
  readonly chainPem: string;
  issue(name: string, options?: { keyType?: TestKeyType; days?: number }): IssuedCertificate;
}

function openssl(dir: string, args: string[]): void {
  const run = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`openssl ${args[0]}: ${run.stderr}`);
}

function newKey(dir: string, file: string, keyType: TestKeyType): void {
  openssl(dir, ['genpkey', ...(KEY_ARGS[keyType] ?? []), '-out', file]);
}

/** A root and an intermediate in a temporary folder. */
export function startTestCa(): TestCa {
  const dir = mkdtempSync(join(tmpdir(), 'certwright-acm-ca-'));
  writeFileSync(join(dir, 'ca.ext'), 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n');
  newKey(dir, 'root.key', 'ecdsa-p256');
  openssl(dir, [
    'req',
    '-x509',
    '-new',
    '-key',
    'root.key',
    '-subj',
    '/CN=ACM Test Root',
    '-days',
    '30',
    '-out',
    'root.pem',
  ]);
  newKey(dir, 'int.key', 'ecdsa-p256');
  openssl(dir, ['req', '-new', '-key', 'int.key', '-subj', '/CN=ACM Test Intermediate', '-out', 'int.csr']);
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    'int.csr',
    '-CA',
    'root.pem',
    '-CAkey',
    'root.key',
    '-days',
    '30',
    '-extfile',
    'ca.ext',
    '-out',
    'int.pem',
  ]);
  const chainPem = readFileSync(join(dir, 'int.pem'), 'utf8') + readFileSync(join(dir, 'root.pem'), 'utf8');
  let count = 0;
  return {
    dir,
    chainPem,
    issue(name, { keyType = 'ecdsa-p256', days = 20 } = {}) {
      count += 1;
      const base = `leaf-${count}`;
      newKey(dir, `${base}.key`, keyType);
      writeFileSync(join(dir, `${base}.ext`), `subjectAltName=DNS:${name}\nextendedKeyUsage=serverAuth\n`);
      openssl(dir, ['req', '-new', '-key', `${base}.key`, '-subj', `/CN=${name}`, '-out', `${base}.csr`]);
      openssl(dir, [
        'x509',
        '-req',
        '-in',
        `${base}.csr`,
        '-CA',
        'int.pem',
        '-CAkey',
        'int.key',
        '-days',
        String(days),
        '-extfile',
        `${base}.ext`,
        '-out',
        `${base}.pem`,
      ]);
      const certPem = readFileSync(join(dir, `${base}.pem`), 'utf8');
      const leaf = new X509Certificate(certPem);
      return {
        name,
        domains: [name],
        certPem,
        chainPem,
        keyPem: readFileSync(join(dir, `${base}.key`), 'utf8'),
        serial: leaf.serialNumber.toLowerCase(),
        notAfter: new Date(leaf.validTo),
      };
    },
  };
}
