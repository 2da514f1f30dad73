import assert from 'node:assert/strict';
import { access, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { splitPemCertificates } from '../../src/crypto/pem.js';
import { startAriFront, type AriFront } from '../harness/ari-front.js';
import { runCli, bedFlags } from '../../src/testing/cli.js';
import { startTestbed, type Testbed } from '../../src/testing/testbed.js';

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/**
 * A CA (or anything between it and the client) that answers an order with another certificate:
 * the CLI must not write it next to a key it does not belong to.
 */
describe('the issued certificate is checked against the order before it is written (node dist/cli.js)', () => {
  let bed: Testbed;
  let front: AriFront;
  let home: string;
  before(async () => {
    bed = await startTestbed();
    front = await startAriFront(bed);
    home = await mkdtemp(join(tmpdir(), 'certwright-issued-'));
  });
  after(async () => {
    await front?.close();
    await bed?.stop();
  });

  const certonly = (domain: string, out: string) =>
    runCli(['certonly', '-d', domain, ...bedFlags(bed, front.directoryUrl), '--output-dir', out], {
      CERTWRIGHT_RFC2136_TSIG_SECRET: bed.tsig.secret,
      XDG_CONFIG_HOME: join(home, 'config'),
    });

  it('refuses another certificate (other names, other key) and a chain whose issuer did not sign the leaf, writing nothing', async () => {
    const out = join(home, 'out');
    const first = await certonly('honest.example.test', out);
    assert.equal(first.code, 0, first.stderr);
    const honestChain = await readFile(join(out, 'honest.example.test', 'fullchain.pem'), 'utf8');

    front.setCertificateRewrite(() => honestChain);
    try {
      const swapped = await certonly('victim.example.test', out);
      assert.equal(swapped.code, 1, swapped.stderr);
      const line = swapped.stderr.split('\n').find((l) => l.includes('is not the one ordered'));
      assert.ok(line, swapped.stderr);
      assert.match(line, /its public key is not the CSR's/);
      assert.match(line, /it lacks victim\.example\.test/);
      assert.match(line, /it names honest\.example\.test, not asked for/);
      assert.equal(
        await exists(join(out, 'victim.example.test', 'fullchain.pem')),
        false,
        'nothing written for the refused certificate',
      );
      assert.equal(await exists(join(out, 'victim.example.test', 'privkey.pem')), false);

      // The right leaf, but an issuer that did not sign it: the leaf itself stands in as its own issuer.
      front.setCertificateRewrite((pem) => {
        const [leaf = ''] = splitPemCertificates(pem);
        return leaf + leaf;
      });
      const broken = await certonly('chain.example.test', out);
      assert.equal(broken.code, 1, broken.stderr);
      assert.match(broken.stderr, /certificate 1 of the chain is not issued by certificate 2/);
      assert.equal(await exists(join(out, 'chain.example.test', 'fullchain.pem')), false);
    } finally {
      front.setCertificateRewrite(undefined);
    }

    const honest = await certonly('victim.example.test', out);
    assert.equal(honest.code, 0, `the same order goes through once the CA answers honestly: ${honest.stderr}`);
  });
});
