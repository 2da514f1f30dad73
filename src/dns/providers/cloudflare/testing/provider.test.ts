import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  foreignFormScenario,
  vendorProviderScenarios,
  type VendorProviderFixture,
} from '../../../../testing/provider-scenarios.js';
import { startTestbed, type Testbed } from '../../../../testing/testbed.js';
import { silentLogger, systemClock, type Clock } from '../../../../runtime.js';
import { createHttpClient } from '../../../../net/http.js';
import type { ChallengeRecord, DnsProvider } from '../../../provider.js';
import {
  cloudflareErrors,
  startFakeCloudflareApi,
  type FakeCloudflareApi,
  type FakeCloudflareApiOptions,
} from './fake-api.js';
import { definition } from '../index.js';

const ZONE_IDS: Record<string, string> = {
  'example.test': '023e105f4ecef8ad9ca31a8372d0c353',
  'other.test': 'f1d2d2f924e986ac86fdf7b36c94bcdf',
  'delegated.test': '9a0364b9e99bb480dd25e1f0284c8555',
};
const TWIN_A = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1';
const TWIN_B = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2';
/** Cloudflare API tokens are 40 characters. */
const token = (label: string) => label.padEnd(40, '0');
const EDIT = token('certwright-edit-token-SECRET');
const READ_ONLY = token('read-only');
const OTHER_ONLY = token('edit-other-zone-only');

const zoneOf = (fqdn: string) => Object.keys(ZONE_IDS).find((zone) => fqdn.endsWith(`.${zone}`)) ?? '';

function endpointOptions(bed: Testbed | undefined): FakeCloudflareApiOptions {
  return {
    zones: [
      ...Object.entries(ZONE_IDS).map(([name, id]) => ({ id, name })),
      { id: TWIN_A, name: 'twin.test', mirror: false },
      { id: TWIN_B, name: 'twin.test', mirror: false },
    ],
    tokens: [
      { token: EDIT, zones: 'all', dnsEdit: true },
      { token: READ_ONLY, zones: 'all' },
      { token: OTHER_ONLY, zones: [ZONE_IDS['other.test'] as string], dnsEdit: true },
    ],
    ...(bed ? { bind: { server: bed.dns, tsig: bed.tsig } } : {}),
    maxPerPage: 2,
  };
}

function fixtureFor(cf: FakeCloudflareApi): VendorProviderFixture {
  const writes = () =>
    cf.vendor.requests.filter(
      (r) => r.status === 200 && /dns_records/.test(r.path) && (r.method === 'POST' || r.method === 'DELETE'),
    ).length;
  return {
    name: 'cloudflare',
    inputs: () => ({ 'cloudflare-api-url': cf.url }),
    credentialInputs: () => ({ 'cloudflare-api-token': EDIT }),
    credentialsEnv: () => ({ CLOUDFLARE_API_TOKEN: EDIT }),
    secrets: () => [EDIT],
    vendorTxt: (fqdn) => cf.txt(fqdn),
    seedForeign: async (fqdn, value) => void (await cf.seedTxt(ZONE_IDS[zoneOf(fqdn)] as string, fqdn, `"${value}"`)),
    setMirroring: (on) => cf.setMirroring(on),
    throttleWrites(times) {
      const failure = cf.vendor.failNext(
        'POST /client/v4/zones/:zone_id/dns_records/batch',
        cloudflareErrors.rateLimited(1),
        times,
      );
      return () => failure.served;
    },
    writeCount: writes,
    // One batch per zone to create the records, one to delete them, however many names.
    writesFor: (zones) => zones * 2,
    refPattern: /^[0-9a-f]{32}\/[0-9a-f]{32}$/,
    // Cloudflare takes TXT content unquoted too (it quotes it itself); lego and Terraform send it so.
    foreignForm: {
      seed: async (fqdn) =>
        void (await cf.seedTxt(ZONE_IDS[zoneOf(fqdn)] as string, fqdn, 'v=foreign1 unquoted by another tool')),
      raw: (fqdn) =>
        cf
          .records(ZONE_IDS[zoneOf(fqdn)] as string)
          .filter((r) => r.type === 'TXT' && r.name === fqdn)
          .map((r) => [r.id, r.content]),
    },
    assertNoUnexpectedRequests: () => cf.assertNoUnexpectedRequests(),
  };
}

describe('cloudflare provider through the local Cloudflare API, validated by Pebble through BIND', () => {
  let bed: Testbed;
  let cf: FakeCloudflareApi;
  before(async () => {
    bed = await startTestbed();
    cf = await startFakeCloudflareApi(endpointOptions(bed));
  });
  after(async () => {
    await cf?.close();
    await bed?.stop();
  });
  vendorProviderScenarios(() => ({ bed, fixture: fixtureFor(cf) }));
  foreignFormScenario(() => ({ bed, fixture: fixtureFor(cf) }));
});

describe('cloudflare provider: zones, tokens and Cloudflare answers', () => {
  let cf: FakeCloudflareApi;
  before(async () => {
    cf = await startFakeCloudflareApi(endpointOptions(undefined));
  });
  after(async () => cf?.close());

  const http = createHttpClient({ userAgent: 'certwright-test' });
  const provider = (values: Record<string, string>, clock: Clock = systemClock): Promise<DnsProvider> =>
    definition
      .configure({ 'cloudflare-api-url': cf.url, 'cloudflare-api-token': EDIT, ...values })
      .create({ logger: silentLogger, clock, env: {}, http });
  const record = (fqdn: string, value: string, zone = zoneOf(fqdn)): ChallengeRecord => ({
    domain: fqdn.replace(/^_acme-challenge\./, ''),
    fqdn,
    zone,
    value,
  });

  it('refuses two zones of one name, listing both IDs; cloudflare-zone-id picks one', async () => {
    const twin = record('_acme-challenge.twin.test', 'v-twin', 'twin.test');
    await assert.rejects((await provider({})).createRecords([twin]), {
      message: `cloudflare: 2 zones named twin.test are visible to the token (${TWIN_A} (account certwright test account), ${TWIN_B} (account certwright test account)); set cloudflare-zone-id: twin.test=<ID> to pick one`,
    });
    const picked = await provider({ 'cloudflare-zone-id': `twin.test=${TWIN_B}` });
    const created = await picked.createRecords([twin]);
    assert.match(
      created?.[0]?.ref ?? '',
      new RegExp(`^${TWIN_B}/[0-9a-f]{32}$`),
      'the ref names the zone and the record',
    );
    assert.deepEqual(
      cf.records(TWIN_B).map((r) => r.content),
      ['"v-twin"'],
      'content is quoted',
    );
    await picked.deleteRecords(created ?? []);
    assert.deepEqual(cf.records(TWIN_B), []);
    const deletes = cf.vendor.requests.filter((r) => r.method === 'DELETE' || /batch/.test(r.path)).length;
    await picked.deleteRecords(created ?? []);
    assert.equal(
      cf.vendor.requests.filter((r) => r.method === 'DELETE' || /batch/.test(r.path)).length,
      deletes,
      'a second cleanup finds the record gone and sends no delete',
    );
  });

  it('says which permission a token lacks', async () => {
    await assert.rejects(
      (await provider({ 'cloudflare-api-token': READ_ONLY })).createRecords([
        record('_acme-challenge.ro.example.test', 'v'),
      ]),
      {
        message:
          /^cloudflare: creating TXT _acme-challenge\.ro\.example\.test in zone example\.test \(023e105f4ecef8ad9ca31a8372d0c353\): 10000 Authentication error; the token lacks DNS:Edit on this zone; edit the token: Zone → DNS → Edit/,
      },
    );
    await assert.rejects(
      (await provider({ 'cloudflare-api-token': OTHER_ONLY })).createRecords([
        record('_acme-challenge.scoped.example.test', 'v'),
      ]),
      {
        message:
          'cloudflare: no zone named example.test is visible to the token; give it Zone → Zone → Read on the zone, or set cloudflare-zone-id: example.test=<ID>',
      },
    );
    await assert.rejects(
      (await provider({ 'cloudflare-api-token': token('revoked') })).createRecords([
        record('_acme-challenge.revoked.example.test', 'v'),
      ]),
      {
        message:
          /: 9109 Invalid access token; Cloudflare does not accept cloudflare-api-token \(unknown, expired, revoked or IP-filtered\); create a new API token$/,
      },
    );
  });

  it('an identical record already there counts as created (81057 and 81058), and is deleted by its ID', async () => {
    for (const duplicateCode of [81057, 81058] as const) {
      const old = await startFakeCloudflareApi({ ...endpointOptions(undefined), duplicateCode });
      try {
        const fqdn = '_acme-challenge.dup.example.test';
        const existing = await old.seedTxt(ZONE_IDS['example.test'] as string, fqdn, '"v-dup"');
        const p = await definition
          .configure({ 'cloudflare-api-url': old.url, 'cloudflare-api-token': EDIT })
          .create({ logger: silentLogger, clock: systemClock, env: {}, http });
        const created = await p.createRecords([record(fqdn, 'v-dup')]);
        assert.equal(created?.[0]?.ref, `${ZONE_IDS['example.test']}/${existing}`);
        assert.ok(
          old.vendor.requests.some((r) => r.method === 'POST' && r.status === 400),
          `the create was answered ${duplicateCode}`,
        );
        await p.deleteRecords(created ?? []);
        assert.deepEqual(old.txt(fqdn), []);
        old.assertNoUnexpectedRequests();
      } finally {
        await old.close();
      }
    }
  });

  it('a journaled ID is deleted only while it is a TXT record at the name with the value: a tampered journal deletes nothing foreign', async () => {
    const zone = ZONE_IDS['example.test'] as string;
    const fqdn = '_acme-challenge.journal.example.test';
    const elsewhere = await cf.seedTxt(zone, 'www.example.test', '"keep-me"');
    const sameName = await cf.seedTxt(zone, fqdn, '"foreign-value"');
    const created = (await (await provider({})).createRecords([record(fqdn, 'ours')])) ?? [];
    // A new run reads the journal: one honest entry, two that point at records that are not its own.
    await (
      await provider({})
    ).deleteRecords([
      ...created,
      { ...record(fqdn, 'ours'), ref: `${zone}/${elsewhere}` },
      { ...record(fqdn, 'other'), ref: `${zone}/${sameName}` },
    ]);
    assert.deepEqual(cf.txt('www.example.test'), ['keep-me']);
    assert.deepEqual(cf.txt(fqdn), ['foreign-value'], "the run's own record went, by its journaled ID");
    cf.assertNoUnexpectedRequests();
  });

  it("after a crash that lost the IDs, cleanup finds the run's records by value across pages, and only those", async () => {
    const fqdn = '_acme-challenge.paged.example.test';
    for (const value of ['foreign-1', 'foreign-2', 'foreign-3'])
      await cf.seedTxt(ZONE_IDS['example.test'] as string, fqdn, `"${value}"`);
    await (await provider({})).createRecords([record(fqdn, 'ours-1'), record(fqdn, 'ours-2')]);
    // A new run: a fresh provider, and records without refs (journaled before they were created).
    await (await provider({})).deleteRecords([record(fqdn, 'ours-1'), record(fqdn, 'ours-2')]);
    assert.deepEqual(cf.txt(fqdn).sort(), ['foreign-1', 'foreign-2', 'foreign-3']);
    cf.assertNoUnexpectedRequests();
  });

  it('waits as retry-after says on 429, and gives up on a wait longer than a minute', async () => {
    const slept: number[] = [];
    const clock: Clock = {
      now: () => Date.now(),
      sleep: (ms) => {
        slept.push(ms);
        return Promise.resolve();
      },
    };
    cf.rateLimitNext(1, 7);
    const p = await provider({ 'cloudflare-zone-id': ZONE_IDS['example.test'] as string }, clock);
    const created = await p.createRecords([record('_acme-challenge.limited.example.test', 'v')]);
    assert.deepEqual(slept, [7000]);
    await p.deleteRecords(created ?? []);
    cf.rateLimitNext(1, 600);
    await assert.rejects(
      p.createRecords([record('_acme-challenge.limited.example.test', 'w')]),
      /: 971 Please wait and consider throttling your request speed/,
    );
  });
});
