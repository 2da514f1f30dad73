import assert from 'node:assert/strict';
import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { captureLogger, issueOnBed } from '../../src/testing/engine.js';
import { startTestbed, type Testbed } from '../../src/testing/testbed.js';
import { verifyIssued } from '../../src/testing/verify.js';

describe('issuance over rfc2136 against Pebble (5 % badNonce) and BIND', () => {
  let bed: Testbed;
  before(async () => {
    bed = await startTestbed();
  });
  after(async () => {
    await bed?.stop();
  });

  const cases: { title: string; domains: string[]; keyType?: string; tsig512?: boolean }[] = [
    { title: 'one name', domains: ['one.example.test'] },
    { title: 'ten names', domains: Array.from({ length: 10 }, (_, i) => `host${i}.example.test`) },
    { title: 'a wildcard and its apex (two values on one TXT name)', domains: ['*.example.test', 'example.test'] },
    { title: 'names in two zones', domains: ['www.example.test', 'www.other.test', 'other.test'] },
    { title: 'a name whose _acme-challenge is a CNAME into another zone', domains: ['cname.example.test'] },
    {
      title: 'all of it with an RSA 2048 key',
      domains: ['*.other.test', 'other.test', 'cname2.example.test', 'rsa.example.test'],
      keyType: 'rsa-2048',
    },
    {
      title: 'ECDSA P-384 with an hmac-sha512 TSIG key',
      domains: ['p384.example.test', '*.p384.other.test'],
      keyType: 'ecdsa-p384',
      tsig512: true,
    },
    {
      title: 'RSA 3072 via certbot-style key-type rsa + rsa-key-size',
      domains: ['rsa3072.example.test'],
      keyType: 'rsa',
    },
  ];
  for (const { title, domains, keyType, tsig512 } of cases) {
    it(`issues for ${title}`, async () => {
      const extra: Record<string, string> = {};
      if (keyType) extra['key-type'] = keyType;
      if (keyType === 'rsa') extra['rsa-key-size'] = '3072';
      if (tsig512)
        Object.assign(extra, {
          'rfc2136-tsig-key': bed.tsig512.name,
          'rfc2136-tsig-secret': bed.tsig512.secret,
          'rfc2136-tsig-algorithm': 'hmac-sha512',
        });
      const logger = captureLogger();
      const result = await issueOnBed(bed, domains, extra, logger);
      const leaf = await verifyIssued(bed, result.paths, domains);
      for (const domain of domains.filter((d) => d.startsWith('cname'))) {
        const target = domain === 'cname.example.test' ? 'cname-target.delegated.test' : 'cname2-target.delegated.test';
        assert.ok(
          logger.lines.some(
            (line) =>
              line.startsWith('debug: ') && line.endsWith(`: dns: ${domain} -> TXT ${target} in zone delegated.test`),
          ),
          `${domain} follows its CNAME into delegated.test`,
        );
      }
      const expectedKey = { 'rsa-2048': ['rsa', 2048], rsa: ['rsa', 3072], 'ecdsa-p384': ['ec', 'secp384r1'] }[
        keyType ?? ''
      ] ?? ['ec', 'prime256v1'];
      const details = leaf.publicKey.asymmetricKeyDetails;
      assert.equal(leaf.publicKey.asymmetricKeyType, expectedKey[0]);
      assert.equal(details?.modulusLength ?? details?.namedCurve, expectedKey[1]);
      assert.deepEqual([...result.summary.domains].sort(), [...domains].sort());
    });
  }

  it('keeps one account across runs with account-key-file', async () => {
    const keyFile = join(await mkdtemp(join(tmpdir(), 'certwright-acct-')), 'account.pem');
    const accountOf = async (name: string) => {
      const logger = captureLogger();
      await issueOnBed(bed, [name], { 'account-key-file': keyFile }, logger);
      return logger.lines.find((line) => line.startsWith('debug: acme: account '))?.split(' ')[3];
    };
    const first = await accountOf('acct1.example.test');
    assert.match(first ?? '', /^https:\/\/127\.0\.0\.1:\d+\//);
    assert.equal(await accountOf('acct2.example.test'), first);
    assert.equal((await stat(keyFile)).mode & 0o777, 0o600);
  });
});
