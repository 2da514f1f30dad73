/**
 * The powerdns provider against the real PowerDNS Authoritative Server (Debian's pdns-server,
 * SQLite backend) serving the test bed's zones in place of its BIND: the bed's resolver forwards
 * to pdns_server, so Pebble validates through what PowerDNS serves. No fake API: a thin proxy
 * (api-proxy.ts) in front of the real API only adds scripted 429s and a record of the requests.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createHttpClient } from '../../../../net/http.js';
import { silentLogger, systemClock } from '../../../../runtime.js';
import { startPowerDns, type PowerDns } from '../../../../testing/powerdns.js';
import {
  foreignFormScenario,
  vendorProviderScenarios,
  type VendorProviderFixture,
} from '../../../../testing/provider-scenarios.js';
import { startTestbed, type Testbed } from '../../../../testing/testbed.js';
import type { ChallengeRecord, DnsProvider } from '../../../provider.js';
import { unquoteTxt } from '../../txt.js';
import { definition } from '../index.js';
import { startPowerDnsProxy, type PowerDnsProxy } from './api-proxy.js';

const ZONES = ['example.test', 'other.test', 'delegated.test'];
const zoneOf = (fqdn: string) => ZONES.find((zone) => fqdn === zone || fqdn.endsWith(`.${zone}`)) ?? '';

/** Sets the TXT RRset at `fqdn` through the real API (as another tool would), bypassing the proxy. */
async function replaceTxt(
  pdns: PowerDns,
  fqdn: string,
  records: { content: string; disabled: boolean }[],
  ttl = 60,
  comments?: { content: string; account: string }[],
): Promise<void> {
  const answer = await pdns.api('PATCH', `/api/v1/servers/localhost/zones/${zoneOf(fqdn)}.`, {
    rrsets: [{ name: `${fqdn}.`, type: 'TXT', ttl, changetype: 'REPLACE', records, ...(comments ? { comments } : {}) }],
  });
  assert.equal(answer.status, 204, JSON.stringify(answer.body));
}

/** Adds one value beside what is there, as another tool that reads first would. */
async function seed(pdns: PowerDns, fqdn: string, value: string): Promise<void> {
  const held = pdns.records(fqdn).map(({ content, disabled }) => ({ content, disabled }));
  await replaceTxt(pdns, fqdn, [...held, { content: `"${value}"`, disabled: false }]);
}

/** What the vendor holds at a name, exactly: content, TTL and whether served. */
const raw = (pdns: PowerDns, fqdn: string) => pdns.records(fqdn).map((r) => [r.content, r.ttl, r.disabled]);

function fixtureFor(pdns: PowerDns, proxy: PowerDnsProxy): VendorProviderFixture {
  return {
    name: 'powerdns',
    inputs: () => ({ 'powerdns-api-url': proxy.url }),
    credentialInputs: () => ({ 'powerdns-api-key': pdns.apiKey }),
    credentialsEnv: () => ({ PDNS_API_KEY: pdns.apiKey }),
    secrets: () => [pdns.apiKey],
    vendorTxt: (fqdn) => pdns.records(fqdn).map((r) => unquoteTxt(r.content)),
    seedForeign: (fqdn, value) => seed(pdns, fqdn, value),
    // Off: PowerDNS holds the run's values disabled, so DNS never serves them.
    setMirroring: (on) => proxy.setHidden(!on),
    throttleWrites(times) {
      const failure = proxy.throttleWrites(times);
      return () => failure.served;
    },
    writeCount: () => proxy.writes(),
    // One PATCH per zone to add the values, one to remove them, however many names.
    writesFor: (zones) => zones * 2,
    // Another tool's forms: several strings in one record, escapes, a record kept disabled, a longer TTL.
    foreignForm: {
      seed: (fqdn) =>
        replaceTxt(
          pdns,
          fqdn,
          [
            { content: '"v=foreign1" "a second string"', disabled: false },
            { content: '"semi;colon \\"quoted\\" caf\\195\\169"', disabled: false },
            { content: '"held but not served"', disabled: true },
          ],
          300,
        ),
      raw: (fqdn) => raw(pdns, fqdn),
    },
    assertNoUnexpectedRequests: () => proxy.assertNoUnexpectedRequests(),
  };
}

describe('powerdns provider against the real pdns_server, validated by Pebble through it', () => {
  let bed: Testbed;
  let pdns: PowerDns;
  let proxy: PowerDnsProxy;
  before(async () => {
    bed = await startTestbed({
      authoritative: async (dir, zones) => (pdns = await startPowerDns(dir, { zones })),
    });
    proxy = await startPowerDnsProxy(pdns);
  });
  after(async () => {
    await proxy?.close();
    await bed?.stop();
  });

  it('the bed asks pdns_server: its answers are what PowerDNS holds', async () => {
    assert.equal(bed.dns.port, pdns.dns.port);
    await seed(pdns, '_acme-challenge.bed.example.test', 'served-by-pdns');
    assert.deepEqual(await bed.txt('_acme-challenge.bed.example.test'), ['served-by-pdns']);
    assert.deepEqual(
      pdns.records('_acme-challenge.cname.example.test', 'CNAME')[0]?.content,
      'cname-target.delegated.test',
    );
  });

  vendorProviderScenarios(() => ({ bed, fixture: fixtureFor(pdns, proxy) }));
  foreignFormScenario(() => ({ bed, fixture: fixtureFor(pdns, proxy) }));

  const http = createHttpClient({ userAgent: 'certwright-test' });
  const provider = (values: Record<string, string> = {}): Promise<DnsProvider> =>
    definition
      .configure({ 'powerdns-api-url': proxy.url, 'powerdns-api-key': pdns.apiKey, ...values })
      .create({ logger: silentLogger, clock: systemClock, env: {}, http });
  const record = (fqdn: string, value: string): ChallengeRecord => ({
    domain: fqdn.replace(/^_acme-challenge\./, ''),
    fqdn,
    zone: zoneOf(fqdn),
    value,
  });

  it('a disabled foreign record at the name survives create and cleanup (pdns 4.7 hides it from a filtered read), and so does the RRset comment', async () => {
    const fqdn = '_acme-challenge.disabled.example.test';
    await replaceTxt(
      pdns,
      fqdn,
      [
        { content: '"foreign-served"', disabled: false },
        { content: '"foreign-disabled"', disabled: true },
      ],
      120,
      [{ content: 'kept by the mail team', account: 'mail' }],
    );
    const comments = async () => {
      const zone = (await pdns.api('GET', '/api/v1/servers/localhost/zones/example.test.')).body as {
        rrsets: { name: string; type: string; comments: { content: string }[] }[];
      };
      return zone.rrsets.find((set) => set.name === `${fqdn}.` && set.type === 'TXT')?.comments.map((c) => c.content);
    };
    const before = raw(pdns, fqdn);
    const p = await provider();
    await p.createRecords([record(fqdn, 'ours-1'), record(fqdn, 'ours-2')]);
    assert.deepEqual((await bed.txt(fqdn)).sort(), ['foreign-served', 'ours-1', 'ours-2']);
    assert.deepEqual(
      raw(pdns, fqdn).filter(([content]) => !String(content).startsWith('"ours')),
      before,
      'the foreign records, the disabled one included, and the TTL are as they were',
    );
    assert.deepEqual(await comments(), ['kept by the mail team']);
    await p.deleteRecords([record(fqdn, 'ours-1'), record(fqdn, 'ours-2')]);
    assert.deepEqual(raw(pdns, fqdn), before);
    assert.deepEqual(await comments(), ['kept by the mail team']);
    proxy.assertNoUnexpectedRequests();
  });

  it('another writer replacing the RRset right after the PATCH: the read-back sees the value gone and writes again', async () => {
    const fqdn = '_acme-challenge.crossed.example.test';
    await seed(pdns, fqdn, 'theirs');
    const writes = proxy.writes();
    // A tool that read the RRset before certwright wrote it puts back what it read.
    proxy.afterNextWrite(() => replaceTxt(pdns, fqdn, [{ content: '"theirs"', disabled: false }]));
    const p = await provider();
    await p.createRecords([record(fqdn, 'ours')]);
    assert.equal(proxy.writes() - writes, 2, 'the first PATCH, then one more after the read-back');
    assert.deepEqual((await bed.txt(fqdn)).sort(), ['ours', 'theirs']);
    await p.deleteRecords([record(fqdn, 'ours')]);
    assert.deepEqual(await bed.txt(fqdn), ['theirs']);
    proxy.assertNoUnexpectedRequests();
  });

  it('cleanup of values that are gone sends no write', async () => {
    const fqdn = '_acme-challenge.gone.example.test';
    await seed(pdns, fqdn, 'theirs');
    const writes = proxy.writes();
    await (await provider()).deleteRecords([record(fqdn, 'never-written')]);
    assert.equal(proxy.writes(), writes);
    assert.deepEqual(await bed.txt(fqdn), ['theirs']);
  });

  it('a wrong key, server id or zone fails with one line naming the input, and no key in it', async () => {
    const cases: [Record<string, string>, string, RegExp][] = [
      [
        { 'powerdns-api-key': 'not-the-server-key' },
        '_acme-challenge.key.example.test',
        /^powerdns: finding zone example\.test: HTTP 401 Unauthorized; PowerDNS does not accept powerdns-api-key: set it to the server's api-key setting$/,
      ],
      [
        { 'powerdns-server-id': 'ns9' },
        '_acme-challenge.server.example.test',
        /^powerdns: finding zone example\.test: HTTP 404 Not Found; no such server or zone: check powerdns-server-id \("ns9", localhost on an Authoritative Server\) and powerdns-api-url \(the origin, without \/api\/v1\)$/,
      ],
      [
        {},
        '_acme-challenge.www.absent.test',
        new RegExp(
          `^powerdns: no zone absent\\.test on server localhost at ${proxy.url.replace(/\./g, '\\.')}; create the zone in PowerDNS, or check powerdns-api-url and powerdns-server-id$`,
        ),
      ],
    ];
    for (const [values, fqdn, message] of cases) {
      const r = { ...record(fqdn, 'v'), zone: fqdn.endsWith('absent.test') ? 'absent.test' : zoneOf(fqdn) };
      await assert.rejects((await provider(values)).createRecords([r]), (error: Error) => {
        assert.match(error.message, message);
        assert.ok(!error.message.includes(pdns.apiKey));
        return true;
      });
    }
    // Every refusal came from pdns_server itself; nothing else was refused.
    assert.deepEqual(
      proxy.refused.map((r) => r.status),
      [401, 404],
    );
    proxy.refused.splice(0);
    proxy.vendor.assertNoUnexpectedRequests();
  });

  it('the inputs are checked before anything is sent', () => {
    const configure = (values: Record<string, string>) => () =>
      definition.configure({ 'powerdns-api-url': 'https://pdns.example.com:8081', 'powerdns-api-key': 'k', ...values });
    assert.throws(configure({ 'powerdns-api-key': '' }), {
      message:
        "powerdns-api-key: missing; expected the PowerDNS API key, the server's api-key setting (or set PDNS_API_KEY)",
    });
    assert.throws(configure({ 'powerdns-api-url': 'http://pdns.example.com:8081' }), {
      message: /^powerdns-api-url: http:\/\/pdns\.example\.com:8081 is plain http/,
    });
    assert.throws(configure({ 'powerdns-server-id': 'a/b' }), {
      message: 'powerdns-server-id: "a/b" is not a server id; expected one such as localhost',
    });
    assert.throws(configure({ 'powerdns-ttl': '0' }), { message: /^powerdns-ttl: "0" is out of range/ });
    assert.equal(
      definition.configure({ 'powerdns-api-url': 'https://pdns.example.com:8081/api/v1/', 'powerdns-api-key': 'k' })
        .description,
      'powerdns (server localhost at https://pdns.example.com:8081)',
    );
  });
});
