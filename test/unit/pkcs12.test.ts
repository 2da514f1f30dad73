import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, createPrivateKey, randomBytes, webcrypto, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { parseConfigFile } from '../../src/config/file.js';
import {
  CORE_INPUTS,
  parseCertificateRequest,
  secretValues,
  withEnvFallbacks,
  type RawInputs,
} from '../../src/config/inputs.js';
import { parseRunPlan } from '../../src/config/plan.js';
import type { CertificateFiles } from '../../src/crypto/certificate.js';
import { generateCertificateKey, type KeyType } from '../../src/crypto/keys.js';
import { splitPemCertificates } from '../../src/crypto/pem.js';
import { buildPfx, pfxHolds, type PfxSettings } from '../../src/crypto/pkcs12.js';
import { loadX509 } from '../../src/crypto/x509.js';
import { writeCertificateFiles } from '../../src/issue/files.js';

const PASSWORD = 'a PFX password';

/** A leaf of `keyType` under an intermediate under a root, as certbot's files. */
async function makeChain(keyType: KeyType): Promise<CertificateFiles> {
  const x509 = await loadX509();
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const notBefore = new Date(Date.now() - 3_600_000);
  const notAfter = new Date(Date.now() + 86_400_000);
  const ca = [
    new x509.BasicConstraintsExtension(true, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true),
  ];
  const rootKeys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const root = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomBytes(8).toString('hex'),
    name: 'CN=PFX Test Root',
    notBefore,
    notAfter,
    keys: rootKeys,
    signingAlgorithm: alg,
    extensions: ca,
  });
  const intermediateKeys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const intermediate = await x509.X509CertificateGenerator.create({
    serialNumber: randomBytes(8).toString('hex'),
    subject: 'CN=PFX Test Intermediate',
    issuer: root.subject,
    notBefore,
    notAfter,
    publicKey: intermediateKeys.publicKey,
    signingKey: rootKeys.privateKey,
    signingAlgorithm: alg,
    extensions: ca,
  });
  const key = await generateCertificateKey(keyType);
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: randomBytes(8).toString('hex'),
    subject: 'CN=pfx.example.test',
    issuer: intermediate.subject,
    notBefore,
    notAfter,
    publicKey: await webcrypto.subtle.importKey(
      'spki',
      key.keys.publicKey.export({ type: 'spki', format: 'der' }),
      keyType.startsWith('rsa')
        ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }
        : { name: 'ECDSA', namedCurve: keyType === 'ecdsa-p384' ? 'P-384' : 'P-256' },
      true,
      ['verify'],
    ),
    signingKey: intermediateKeys.privateKey,
    signingAlgorithm: alg,
    extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'pfx.example.test' }])],
  });
  const [cert, chain] = [leaf.toString('pem') + '\n', `${intermediate.toString('pem')}\n${root.toString('pem')}\n`];
  return { cert, chain, fullchain: cert + chain, privkey: key.privateKeyPem };
}

/** `openssl pkcs12 -info -nodes` on a PFX file, as a user checks one. */
function opensslInfo(path: string, password: string): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync('openssl', ['pkcs12', '-info', '-in', path, '-passin', `pass:${password}`, '-nodes'], {
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

async function writePfx(der: Uint8Array): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'certwright-pfx-')), 'cert.pfx');
  await writeFile(path, der);
  return path;
}

const fingerprints = (pem: string) =>
  splitPemCertificates(pem).map((block) => new X509Certificate(block).fingerprint256);

/** What OpenSSL 3 prints for each mode (MAC, encrypted certificates, shrouded key). */
const EXPECTED_ALGORITHMS = {
  modern: [
    'MAC: sha256, Iteration 2048',
    'PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256',
    'Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256',
  ],
  legacy: [
    'MAC: sha1, Iteration 2048',
    'PKCS7 Encrypted data: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048',
    'Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048',
  ],
};

describe('PKCS#12 (cert.pfx), opened with openssl', () => {
  const cases: { mode: 'modern' | 'legacy'; keyType: KeyType }[] = [
    { mode: 'modern', keyType: 'ecdsa-p256' },
    { mode: 'modern', keyType: 'rsa-2048' },
    { mode: 'legacy', keyType: 'rsa-2048' },
    { mode: 'legacy', keyType: 'ecdsa-p384' },
  ];
  for (const { mode, keyType } of cases) {
    it(`${mode} with an ${keyType} key: opens with its password (OpenSSL 3 without -legacy), holds the key and the whole chain`, async () => {
      const files = await makeChain(keyType);
      const path = await writePfx(
        await buildPfx(files, { password: PASSWORD, friendlyName: 'pfx.example.test', legacy: mode === 'legacy' }),
      );
      const info = opensslInfo(path, PASSWORD);
      assert.equal(info.status, 0, info.stderr);
      const lines = `${info.stdout}${info.stderr}`.split('\n').map((line) => line.trim());
      for (const expected of EXPECTED_ALGORITHMS[mode])
        assert.ok(lines.includes(expected), `openssl reports "${expected}"\n${info.stderr}`);
      assert.deepEqual(
        fingerprints(info.stdout),
        fingerprints(files.fullchain),
        'leaf, intermediate and root, in order',
      );
      const [keyPem] = info.stdout.match(/-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----\n/) ?? [];
      const key = (pem: string) => createPrivateKey(pem).export({ type: 'pkcs8', format: 'der' });
      assert.deepEqual(key(keyPem ?? ''), key(files.privkey), 'the private key');
      // friendlyName and localKeyID on the key and on the leaf alone; localKeyID is the leaf's SHA-1.
      const leafDigest = createHash('sha1')
        .update(new X509Certificate(files.cert).raw)
        .digest('hex')
        .toUpperCase()
        .match(/../g)
        ?.join(' ');
      assert.equal(lines.filter((line) => line === 'friendlyName: pfx.example.test').length, 2);
      assert.equal(lines.filter((line) => line === `localKeyID: ${leafDigest}`).length, 2);
    });
  }

  it('does not open with another password', async () => {
    const files = await makeChain('ecdsa-p256');
    for (const legacy of [false, true]) {
      const path = await writePfx(await buildPfx(files, { password: PASSWORD, friendlyName: 'x', legacy }));
      const info = opensslInfo(path, 'not the password');
      assert.notEqual(info.status, 0);
      assert.match(info.stderr, /Mac verify error/);
    }
  });

  it('takes a password beyond ASCII as OpenSSL does (UTF-8 for PBES2, BMPString for the MAC and 3DES)', async () => {
    const files = await makeChain('ecdsa-p256');
    for (const legacy of [false, true]) {
      const path = await writePfx(await buildPfx(files, { password: 'pässwörd €', friendlyName: 'x', legacy }));
      const run = spawnSync('openssl', ['pkcs12', '-in', path, '-passin', 'env:PFX_PASSWORD', '-nodes'], {
        encoding: 'utf8',
        env: { ...process.env, PFX_PASSWORD: 'pässwörd €', LC_ALL: 'C.UTF-8' },
      });
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /-----BEGIN PRIVATE KEY-----/);
    }
  });
});

describe('pfxHolds', () => {
  let files: CertificateFiles;
  let der: Uint8Array;
  const settings: PfxSettings = { password: PASSWORD, friendlyName: 'pfx.example.test', legacy: false };
  before(async () => {
    files = await makeChain('ecdsa-p256');
    der = await buildPfx(files, settings);
  });

  it('is true for the same key, chain, password and mode', async () => {
    assert.equal(await pfxHolds(der, files, settings), true);
    assert.equal(
      await pfxHolds(await buildPfx(files, { ...settings, legacy: true }), files, { ...settings, legacy: true }),
      true,
    );
  });

  it('is false when anything a user relies on differs', async () => {
    const other = await makeChain('ecdsa-p256');
    assert.equal(await pfxHolds(der, files, { ...settings, password: 'another password' }), false, 'password');
    assert.equal(await pfxHolds(der, files, { ...settings, legacy: true }), false, 'mode');
    assert.equal(
      await pfxHolds(der, { ...files, chain: splitPemCertificates(files.chain)[0] ?? '' }, settings),
      false,
      'chain',
    );
    assert.equal(await pfxHolds(der, { ...files, cert: other.cert }, settings), false, 'certificate');
    assert.equal(await pfxHolds(der, { ...files, privkey: other.privkey }, settings), false, 'key');
    assert.equal(await pfxHolds(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x03]), files, settings), false, 'not a PFX');
  });
});

describe('writeCertificateFiles with pfx', () => {
  const settings: PfxSettings = { password: PASSWORD, friendlyName: 'pfx.example.test', legacy: false };

  it('writes cert.pfx 0600 beside the PEM files, and nothing without pfx', async () => {
    const files = await makeChain('ecdsa-p256');
    const dir = join(await mkdtemp(join(tmpdir(), 'certwright-files-')), 'pfx.example.test');
    const paths = await writeCertificateFiles(dir, files, { pfx: settings });
    assert.equal(paths.pfx, join(dir, 'cert.pfx'));
    assert.equal((await stat(join(dir, 'cert.pfx'))).mode & 0o777, 0o600);
    assert.equal(opensslInfo(join(dir, 'cert.pfx'), PASSWORD).status, 0);
    const without = await writeCertificateFiles(join(dir, '..', 'plain'), files);
    assert.equal(without.pfx, undefined);
    await assert.rejects(stat(join(dir, '..', 'plain', 'cert.pfx')), { code: 'ENOENT' });
  });

  it('with unlessSame, keeps a cert.pfx that holds the same, and rewrites it when the certificate, password or mode changes', async () => {
    const files = await makeChain('ecdsa-p256');
    const dir = join(await mkdtemp(join(tmpdir(), 'certwright-files-')), 'pfx.example.test');
    const pfx = join(dir, 'cert.pfx');
    await writeCertificateFiles(dir, files, { pfx: settings });
    const first = await readFile(pfx);
    await writeCertificateFiles(dir, files, { unlessSame: true, pfx: settings });
    assert.deepEqual(await readFile(pfx), first, 'unchanged: not rewritten (new salts would change its bytes)');
    await writeCertificateFiles(dir, files, { pfx: settings });
    assert.notDeepEqual(await readFile(pfx), first, 'without unlessSame it is written anew, like the PEM files');

    await writeCertificateFiles(dir, files, { unlessSame: true, pfx: { ...settings, password: 'a new password' } });
    assert.equal(opensslInfo(pfx, 'a new password').status, 0, 'a new password takes effect on the next run');
    await writeCertificateFiles(dir, files, {
      unlessSame: true,
      pfx: { ...settings, password: 'a new password', legacy: true },
    });
    assert.match(opensslInfo(pfx, 'a new password').stderr, /^MAC: sha1, Iteration 2048$/m, 'so does pfx-legacy');
    const renewed = await makeChain('ecdsa-p256');
    await writeCertificateFiles(dir, renewed, {
      unlessSame: true,
      pfx: { ...settings, password: 'a new password', legacy: true },
    });
    assert.deepEqual(
      fingerprints(opensslInfo(pfx, 'a new password').stdout),
      fingerprints(renewed.fullchain),
      'a new certificate',
    );
  });
});

describe('pfx inputs', () => {
  const valid: RawInputs = {
    domains: 'example.com',
    'dns-provider': 'rfc2136',
    'rfc2136-server': '127.0.0.1:53',
    'rfc2136-tsig-key': 'k',
    'rfc2136-tsig-secret': 'c2VjcmV0',
  };

  it('are part of the certificate request, named after the certificate', () => {
    assert.equal(parseCertificateRequest(valid).pfx, undefined);
    assert.equal(
      parseCertificateRequest({ ...valid, 'pfx-password': PASSWORD, 'pfx-legacy': 'true' }).pfx,
      undefined,
      'password and mode alone write no PFX',
    );
    assert.deepEqual(
      parseCertificateRequest({ ...valid, pfx: 'true', 'pfx-password': PASSWORD, 'cert-name': 'iis' }).pfx,
      { password: PASSWORD, friendlyName: 'iis', legacy: false },
    );
    assert.deepEqual(
      parseCertificateRequest({ ...valid, pfx: 'yes', 'pfx-password': PASSWORD, 'pfx-legacy': '1' }).pfx,
      { password: PASSWORD, friendlyName: 'example.com', legacy: true },
    );
  });

  const errors: [string, RawInputs, string][] = [
    [
      'pfx without a password',
      { pfx: 'true' },
      'pfx-password: missing; expected the password for cert.pfx (or set CERTWRIGHT_PFX_PASSWORD): pfx is on, and many Windows and Java tools refuse a PFX without one',
    ],
    [
      'pfx with an empty password',
      { pfx: 'true', 'pfx-password': '  ' },
      'pfx-password: missing; expected the password for cert.pfx (or set CERTWRIGHT_PFX_PASSWORD): pfx is on, and many Windows and Java tools refuse a PFX without one',
    ],
    ['a bad pfx', { pfx: 'on' }, 'pfx: "on" is not a boolean; expected true or false'],
    [
      'a bad pfx-legacy, even without pfx',
      { 'pfx-legacy': 'old' },
      'pfx-legacy: "old" is not a boolean; expected true or false',
    ],
  ];
  for (const [what, change, message] of errors) {
    it(`rejects ${what}`, () => {
      assert.throws(() => parseCertificateRequest({ ...valid, ...change }), { message });
    });
  }

  it('fail the run plan, which both front ends make before anything is sent to the CA', async () => {
    await assert.rejects(parseRunPlan({ ...valid, 'agree-tos': 'true', pfx: 'true' }, { storeKinds: [] }), {
      message: /^pfx-password: missing; /,
    });
  });

  it('pfx-password is a secret, read from CERTWRIGHT_PFX_PASSWORD', () => {
    const { raw, filled } = withEnvFallbacks({ pfx: 'true' }, CORE_INPUTS, { CERTWRIGHT_PFX_PASSWORD: PASSWORD });
    assert.deepEqual(filled, ['pfx-password']);
    assert.deepEqual(secretValues(raw, CORE_INPUTS), [PASSWORD]);
  });

  it('may be set per certificate in a config file', async () => {
    const file = await parseConfigFile(
      `pfx-password: ${PASSWORD}
certificates:
  - cert-name: iis
    domains: [iis.example.com]
    pfx: true
  - cert-name: old-iis
    domains: [old.example.com]
    pfx: true
    pfx-legacy: true
    pfx-password: another one
  - domains: [nginx.example.com]
`,
      'c.yml',
      valid,
    );
    assert.deepEqual(
      file.certificates.map((c) => c.request.pfx),
      [
        { password: PASSWORD, friendlyName: 'iis', legacy: false },
        { password: 'another one', friendlyName: 'old-iis', legacy: true },
        undefined,
      ],
    );
    await assert.rejects(parseConfigFile('certificates: [{domains: a.example.com, pfx: true}]', 'c.yml', valid), {
      message: /^config: c\.yml: certificates\[0\]: pfx-password: missing; /,
    });
  });
});
