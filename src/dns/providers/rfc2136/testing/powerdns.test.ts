/**
 * rfc2136 against a second server implementation: the real PowerDNS Authoritative Server with
 * `dnsupdate=yes` and a TSIG key allowed on example.test only. PowerDNS answers every TSIG
 * failure with an unsigned REFUSED, so the error must name every likely cause itself.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { silentLogger, systemClock } from '../../../../runtime.js';
import { startPowerDns, type PowerDns } from '../../../../testing/powerdns.js';
import type { TsigCredentials } from '../../../../testing/testbed.js';
import { query, txtValues } from '../../../wire.js';
import type { ChallengeRecord } from '../../../provider.js';
import { definition } from '../index.js';

const ZONE_TEXT = (zone: string) => `$TTL 60
@ IN SOA ns1.${zone}. hostmaster.${zone}. 1 60 60 3600 60
@ IN NS ns1.${zone}.
ns1 IN A 127.0.0.1
`;

describe('rfc2136 against PowerDNS (pdns-server, dnsupdate with TSIG)', () => {
  let dir: string;
  let pdns: PowerDns;
  const key: TsigCredentials = {
    name: 'certwright-key',
    algorithm: 'hmac-sha256',
    secret: randomBytes(32).toString('base64'),
  };
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'certwright-pdns-'));
    pdns = await startPowerDns(dir, {
      zones: ['example.test', 'other.test'].map((name) => ({ name, text: ZONE_TEXT(name) })),
      dnsUpdate: { key, zones: ['example.test'] },
    });
    // other.test takes UPDATEs from another key only.
    pdns.pdnsutil('set-meta', 'other.test', 'TSIG-ALLOW-DNSUPDATE', 'someone-else');
  });
  after(async () => {
    await pdns?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const provider = (values: Record<string, string> = {}) =>
    definition
      .configure({
        'rfc2136-server': `127.0.0.1:${pdns.dns.port}`,
        'rfc2136-tsig-key': key.name,
        'rfc2136-tsig-secret': key.secret,
        ...values,
      })
      .create({
        logger: silentLogger,
        clock: systemClock,
        env: {},
        http: () => Promise.reject(new Error('rfc2136 makes no HTTP requests')),
      });
  const record = (fqdn: string, value: string, zone = 'example.test'): ChallengeRecord => ({
    domain: fqdn.replace(/^_acme-challenge\./, ''),
    fqdn,
    zone,
    value,
  });
  const served = async (name: string) =>
    txtValues((await query(pdns.dns, name, 'TXT', { timeoutMs: 1_000 })).answers, name);

  it('with the right key: adds beside a foreign value, verifies the signed answers, removes only its own', async () => {
    const name = '_acme-challenge.pdns.example.test';
    const seeded = await pdns.api('PATCH', '/api/v1/servers/localhost/zones/example.test.', {
      rrsets: [
        {
          name: `${name}.`,
          type: 'TXT',
          ttl: 60,
          changetype: 'REPLACE',
          records: [{ content: '"foreign"', disabled: false }],
        },
      ],
    });
    assert.equal(seeded.status, 204);
    const p = await provider();
    await p.createRecords([record(name, 'ours-1'), record(name, 'ours-2')]);
    assert.deepEqual((await served(name)).sort(), ['foreign', 'ours-1', 'ours-2']);
    await p.deleteRecords([record(name, 'ours-1'), record(name, 'ours-2')]);
    assert.deepEqual(await served(name), ['foreign']);
  });

  const causes = (zone: string, keyName: string, algorithm: string) =>
    new RegExp(
      `^rfc2136: 127\\.0\\.0\\.1:\\d+ \\(rfc2136-server\\) answered REFUSED to the UPDATE of zone ${zone.replace(/\./g, '\\.')} ` +
        `without signing the answer: it did not accept key ${keyName}; check that rfc2136-tsig-key \\(${keyName}\\), ` +
        `rfc2136-tsig-algorithm \\(${algorithm}\\) and rfc2136-tsig-secret match a key the server has, and that this key ` +
        `may update TXT records in zone ${zone.replace(/\./g, '\\.')} \\(BIND: update-policy; PowerDNS: the zone's ` +
        'TSIG-ALLOW-DNSUPDATE metadata and allow-dnsupdate-from\\)$',
    );

  for (const [label, values, zone, keyName, algorithm] of [
    [
      'a wrong secret',
      { 'rfc2136-tsig-secret': randomBytes(32).toString('base64') },
      'example.test',
      key.name,
      'hmac-sha256',
    ],
    [
      'a key name the server does not have',
      { 'rfc2136-tsig-key': 'no-such-key' },
      'example.test',
      'no-such-key',
      'hmac-sha256',
    ],
    ['the wrong algorithm', { 'rfc2136-tsig-algorithm': 'hmac-sha512' }, 'example.test', key.name, 'hmac-sha512'],
  ] as const) {
    it(`${label}: PowerDNS's unsigned REFUSED becomes one line naming every likely cause, and nothing is written`, async () => {
      const name = `_acme-challenge.refused.${zone}`;
      const p = await provider(values);
      await assert.rejects(p.createRecords([record(name, 'never', zone)]), (error: Error) => {
        assert.match(error.message, causes(zone, keyName, algorithm));
        assert.ok(!error.message.includes(key.secret), 'the secret is not in the message');
        return true;
      });
      assert.deepEqual(await served(name), []);
      assert.deepEqual(pdns.records(name), []);
    });
  }

  it('a key the zone does not allow: the signed REFUSED says the key may not update the zone', async () => {
    const name = '_acme-challenge.refused.other.test';
    await assert.rejects((await provider()).createRecords([record(name, 'never', 'other.test')]), {
      message: new RegExp(
        '^rfc2136: 127\\.0\\.0\\.1:\\d+ \\(rfc2136-server\\) answered REFUSED to the UPDATE of zone other\\.test; ' +
          "check that key certwright-key may update TXT records there \\(BIND: update-policy; PowerDNS: the zone's " +
          'TSIG-ALLOW-DNSUPDATE metadata\\)$',
      ),
    });
    assert.deepEqual(pdns.records(name), []);
  });
});
