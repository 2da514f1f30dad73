import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { splitPemCertificates } from '../../src/crypto/pem.js';
import type { WrittenPaths } from '../../src/issue/files.js';
import { issueOnBed, renewOnBed } from '../../src/testing/engine.js';
import { startTestbed, type Testbed } from '../../src/testing/testbed.js';
import { verifyIssued } from '../../src/testing/verify.js';

const PASSWORD = 'an IIS import password';

/** `openssl pkcs12 -info -nodes` on cert.pfx, as a user checks it before importing. */
function opensslInfo(path: string, password: string): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync('openssl', ['pkcs12', '-info', '-in', path, '-passin', `pass:${password}`, '-nodes'], {
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** cert.pfx is 0600, opens with the password, and holds privkey.pem and fullchain.pem. */
async function verifyPfx(paths: WrittenPaths, password: string): Promise<string> {
  assert.equal(paths.pfx, join(paths.dir, 'cert.pfx'));
  assert.equal((await stat(paths.pfx)).mode & 0o777, 0o600, 'cert.pfx is 0600');
  const info = opensslInfo(paths.pfx, password);
  assert.equal(info.status, 0, info.stderr);
  const fingerprints = (pem: string) =>
    splitPemCertificates(pem).map((block) => new X509Certificate(block).fingerprint256);
  assert.deepEqual(
    fingerprints(info.stdout),
    fingerprints(await readFile(paths.fullchain, 'utf8')),
    'the certificate and its intermediates, in order',
  );
  const [keyPem] = info.stdout.match(/-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----\n/) ?? [];
  const der = (pem: string) => createPrivateKey(pem).export({ type: 'pkcs8', format: 'der' });
  assert.deepEqual(der(keyPem ?? ''), der(await readFile(paths.privkey, 'utf8')), 'the key of privkey.pem');
  assert.notEqual(opensslInfo(paths.pfx, 'not the password').status, 0, 'another password does not open it');
  return info.stderr;
}

describe('cert.pfx for a certificate issued by Pebble', () => {
  let bed: Testbed;
  before(async () => {
    bed = await startTestbed();
  });
  after(async () => {
    await bed?.stop();
  });

  it('certonly with pfx writes cert.pfx (0600) of privkey.pem and fullchain.pem', async () => {
    const domains = ['pfx.example.test', '*.pfx.example.test'];
    const result = await issueOnBed(bed, domains, { pfx: 'true', 'pfx-password': PASSWORD });
    await verifyIssued(bed, result.paths, domains);
    const info = await verifyPfx(result.paths, PASSWORD);
    assert.match(info, /^MAC: sha256, Iteration 2048$/m);
    assert.match(info, /^Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256$/m);
  });

  it('renew keeps cert.pfx while nothing changes, and rewrites it for pfx-legacy and for a new certificate', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'certwright-pfx-'));
    const options = { statePath: join(dir, 'state.jwe'), outputDir: join(dir, 'out') };
    const domains = ['pfx-renew.example.test'];
    const pfx = { pfx: 'true', 'pfx-password': PASSWORD };
    const first = await renewOnBed(bed, domains, { ...options, extra: pfx });
    assert.equal(first.action, 'issued');
    await verifyPfx(first.paths!, PASSWORD);
    const written = await readFile(first.paths!.pfx!);

    const second = await renewOnBed(bed, domains, { ...options, extra: pfx });
    assert.equal(second.action, 'not-due');
    assert.deepEqual(await readFile(second.paths!.pfx!), written, 'not rewritten (new salts would change its bytes)');

    const legacy = await renewOnBed(bed, domains, { ...options, extra: { ...pfx, 'pfx-legacy': 'true' } });
    assert.equal(legacy.action, 'not-due');
    assert.match(
      await verifyPfx(legacy.paths!, PASSWORD),
      /^Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048$/m,
      'rewritten in the legacy mode',
    );

    const renewed = await renewOnBed(bed, domains, {
      ...options,
      extra: { ...pfx, 'pfx-legacy': 'true', 'force-renewal': 'true' },
    });
    assert.equal(renewed.action, 'renewed');
    assert.notEqual(renewed.summary.serial, first.summary.serial);
    await verifyPfx(renewed.paths!, PASSWORD);
  });
});
