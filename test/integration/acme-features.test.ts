import assert from 'node:assert/strict';
import { createPrivateKey, randomBytes, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import https from 'node:https';
import { describe, it } from 'node:test';
import { revokeCertificate } from '../../src/acme/certificate.js';
import { createHttpClient } from '../../src/net/http.js';
import { accountKeyFrom } from '../../src/acme/jws.js';
import { AcmeTransport } from '../../src/acme/transport.js';
import { ensureAccount, generateAccountKey } from '../../src/issue/account.js';
import { silentLogger, systemClock } from '../../src/runtime.js';
import { captureLogger, issueOnBed } from '../../src/testing/engine.js';
import { startTestbed, type Testbed } from '../../src/testing/testbed.js';
import { verifyIssued } from '../../src/testing/verify.js';

function commonName(pem: string): string {
  return /CN=([^\n]+)/.exec(new X509Certificate(pem).subject)?.[1] ?? '';
}

function managementGet(bed: Testbed, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    https
      .get(`${bed.managementUrl}${path}`, { ca: bed.serverCaPem }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

async function withBed(
  options: Parameters<typeof startTestbed>[0],
  body: (bed: Testbed) => Promise<void>,
): Promise<void> {
  const bed = await startTestbed(options);
  try {
    await body(bed);
  } finally {
    await bed.stop();
  }
}

describe('ACME features against Pebble', () => {
  it('downloads alternate chains and picks the one whose root has the preferred-chain name', () =>
    withBed({ pebbleEnv: { PEBBLE_ALTERNATE_ROOTS: '1', PEBBLE_CHAIN_LENGTH: '3' } }, async (bed) => {
      const alternateRoot = commonName(await bed.root(1));
      const preferred = await issueOnBed(bed, ['chain.example.test'], { 'preferred-chain': alternateRoot });
      await verifyIssued(bed, preferred.paths, ['chain.example.test'], 1);
      const fallback = await issueOnBed(bed, ['chain2.example.test'], { 'preferred-chain': 'No Such Root' });
      await verifyIssued(bed, fallback.paths, ['chain2.example.test'], 0);
    }));

  it('registers with External Account Binding, and says what is missing without it', () => {
    const hmacKey = randomBytes(32).toString('base64url');
    return withBed({ eabKeys: { 'kid-1': hmacKey } }, async (bed) => {
      await assert.rejects(
        issueOnBed(bed, ['eab.example.test']),
        /^Error: acme: this CA requires External Account Binding; pass eab-kid and eab-hmac-key from your CA account$/,
      );
      await assert.rejects(
        issueOnBed(bed, ['eab.example.test'], {
          'eab-kid': 'kid-1',
          'eab-hmac-key': randomBytes(32).toString('base64url'),
        }),
        /acme: newAccount: unauthorized: /,
      );
      const result = await issueOnBed(bed, ['eab.example.test'], { 'eab-kid': 'kid-1', 'eab-hmac-key': hmacKey });
      await verifyIssued(bed, result.paths, ['eab.example.test']);
    });
  });

  it('revokes a certificate with a reason', () =>
    withBed({}, async (bed) => {
      const keyFile = join(await mkdtemp(join(tmpdir(), 'certwright-acct-')), 'account.pem');
      const result = await issueOnBed(bed, ['revoke.example.test'], { 'account-key-file': keyFile });
      const status = async () =>
        JSON.parse(await managementGet(bed, `/cert-status-by-serial/${result.summary.serial}`)) as { Status: string };
      assert.equal((await status()).Status, 'Valid');
      // Revocation by a different account than the one that ordered must be refused...
      const http = createHttpClient({ userAgent: 'certwright-test', extraCaPem: bed.serverCaPem });
      const stranger = new AcmeTransport({
        http,
        directoryUrl: bed.directoryUrl,
        accountKey: await accountKeyFrom(generateAccountKey()),
        clock: systemClock,
        logger: silentLogger,
      });
      await ensureAccount(stranger, { emails: [], agreeTos: true }, true);
      const pem = await readFile(result.paths.cert, 'utf8');
      await assert.rejects(revokeCertificate(stranger, pem, 4), /acme: revokeCert: unauthorized: /);
      assert.equal((await status()).Status, 'Valid');
      // ...and done by the account that ordered it.
      const owner = new AcmeTransport({
        http,
        directoryUrl: bed.directoryUrl,
        accountKey: await accountKeyFrom(createPrivateKey(await readFile(keyFile))),
        clock: systemClock,
        logger: silentLogger,
      });
      await ensureAccount(owner, { emails: [], agreeTos: false }, false);
      await revokeCertificate(owner, pem, 4);
      assert.equal((await status()).Status, 'Revoked');
      await assert.rejects(revokeCertificate(owner, pem, 4), /acme: revokeCert: alreadyRevoked: /);
    }));

  it('issues 50 of 50 five-name certificates with half of all nonces rejected (badNonce retried while its budget lasts)', () =>
    withBed({ pebbleEnv: { PEBBLE_WFE_NONCEREJECT: '50' } }, async (bed) => {
      const failures: string[] = [];
      const log = captureLogger();
      let next = 0;
      let issued = 0;
      const worker = async () => {
        for (let i = next++; i < 50; i = next++) {
          const domains = [
            `n${i}.example.test`,
            `a.n${i}.example.test`,
            `b.n${i}.example.test`,
            `n${i}.other.test`,
            `*.n${i}.other.test`,
          ];
          try {
            const result = await issueOnBed(bed, domains, {}, log);
            if (i % 10 === 0) await verifyIssued(bed, result.paths, domains);
            issued++;
          } catch (error) {
            failures.push(`${domains[0]}: ${(error as Error).message}`);
          }
        }
      };
      await Promise.all(Array.from({ length: 5 }, worker));
      assert.deepEqual(failures, []);
      assert.equal(issued, 50);
      const retries = log.lines.filter((l) => /badNonce.*retrying/.test(l)).length;
      assert.ok(retries > 200, `Pebble rejected nonces (${retries} badNonce retries)`);
    }));
});
