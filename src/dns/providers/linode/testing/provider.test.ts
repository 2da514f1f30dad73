import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  foreignFormScenario,
  vendorProviderScenarios,
  type VendorProviderFixture,
} from '../../../../testing/provider-scenarios.js';
import { startTestbed, type Testbed } from '../../../../testing/testbed.js';
import { createHttpClient } from '../../../../net/http.js';
import { silentLogger, systemClock, type Clock, type Logger } from '../../../../runtime.js';
import type { ChallengeRecord, DnsProvider } from '../../../provider.js';
import { linodeErrors, startFakeLinodeApi, type FakeLinodeApi, type FakeLinodeApiOptions } from './fake-api.js';
import { definition } from '../index.js';

const DOMAIN_IDS: Record<string, number> = { 'example.test': 101, 'other.test': 102, 'delegated.test': 103 };
const token = (label: string) => createHash('sha256').update(label).digest('hex');
const EDIT = token('certwright-linode-SECRET');
const READ_ONLY = token('read-only');
const NO_DOMAINS = token('linodes-only');

const zoneOf = (fqdn: string) =>
  Object.keys(DOMAIN_IDS).find((zone) => fqdn === zone || fqdn.endsWith(`.${zone}`)) ?? '';

function endpointOptions(bed: Testbed | undefined): FakeLinodeApiOptions {
  return {
    domains: [
      ...Object.entries(DOMAIN_IDS).map(([domain, id]) => ({ id, domain })),
      { id: 104, domain: 'secondary.test', type: 'slave' as const, mirror: false },
    ],
    tokens: [
      { token: EDIT, domains: 'read_write' },
      { token: READ_ONLY, domains: 'read_only' },
      { token: NO_DOMAINS, domains: 'none' },
    ],
    ...(bed ? { bind: { server: bed.dns, tsig: bed.tsig } } : {}),
    maxPageSize: 2,
  };
}

function fixtureFor(api: FakeLinodeApi): VendorProviderFixture {
  return {
    name: 'linode',
    inputs: () => ({ 'linode-api-url': api.url }),
    credentialInputs: () => ({ 'linode-token': EDIT }),
    credentialsEnv: () => ({ LINODE_TOKEN: EDIT }),
    secrets: () => [EDIT],
    vendorTxt: (fqdn) => api.txt(fqdn),
    seedForeign: async (fqdn, value) => void (await api.seedTxt(DOMAIN_IDS[zoneOf(fqdn)] as number, fqdn, value)),
    setMirroring: (on) => api.setMirroring(on),
    throttleWrites(times) {
      const failure = api.vendor.failNext('POST /v4/domains/:domain_id/records', linodeErrors.rateLimited(1), times);
      return () => failure.served;
    },
    writeCount: () =>
      api.vendor.requests.filter((r) => (r.method === 'POST' || r.method === 'DELETE') && r.status === 200).length,
    // No batch call: one create and one delete per value, however many zones.
    writesFor: (_zones, records) => records * 2,
    refPattern: /^\d+\/\d+$/,
    // Linode keeps a TXT target as sent: another tool may have sent it quoted.
    foreignForm: {
      seed: async (fqdn) =>
        void (await api.seedTxt(DOMAIN_IDS[zoneOf(fqdn)] as number, fqdn, '"v=foreign1 quoted by another tool"')),
      raw: (fqdn) =>
        api
          .records(DOMAIN_IDS[zoneOf(fqdn)] as number)
          .filter((r) => r.type === 'TXT' && `${r.name}.${zoneOf(fqdn)}` === fqdn)
          .map((r) => [r.id, r.target]),
    },
    assertNoUnexpectedRequests: () => api.assertNoUnexpectedRequests(),
  };
}

const record = (fqdn: string, value: string, zone = zoneOf(fqdn)): ChallengeRecord => ({
  domain: fqdn.replace(/^_acme-challenge\./, ''),
  fqdn,
  zone,
  value,
});

describe('linode provider through the local Linode API, validated by Pebble through BIND', () => {
  let bed: Testbed;
  let api: FakeLinodeApi;
  before(async () => {
    bed = await startTestbed();
    api = await startFakeLinodeApi(endpointOptions(bed));
  });
  after(async () => {
    await api?.close();
    await bed?.stop();
  });
  vendorProviderScenarios(() => ({ bed, fixture: fixtureFor(api) }));
  foreignFormScenario(() => ({ bed, fixture: fixtureFor(api) }));
});

describe('linode provider: domains, tokens and Linode answers', () => {
  let api: FakeLinodeApi;
  before(async () => {
    api = await startFakeLinodeApi(endpointOptions(undefined));
  });
  after(async () => api?.close());

  const provider = (
    values: Record<string, string> = {},
    clock: Clock = systemClock,
    logger: Logger = silentLogger,
  ): Promise<DnsProvider> =>
    definition
      .configure({ 'linode-api-url': api.url, 'linode-token': EDIT, ...values })
      .create({ logger, clock, env: {}, http: createHttpClient({ userAgent: 'certwright-test' }) });

  it('finds the domain by X-Filter, sends the name relative to it, and deletes by the journaled ID', async () => {
    const fqdn = '_acme-challenge.www.other.test';
    const created = (await (await provider()).createRecords([record(fqdn, 'v1')])) ?? [];
    assert.match(created[0]?.ref ?? '', /^102\/\d+$/);
    assert.deepEqual(
      api.records(102).map((r) => [r.name, r.target, r.ttl_sec]),
      [['_acme-challenge.www', 'v1', 300]],
    );
    const lookup = api.vendor.requests.find((r) => r.path === '/v4/domains');
    assert.equal(lookup?.headers['x-filter'], '{"domain":"other.test"}');
    await (await provider()).deleteRecords(created);
    assert.deepEqual(api.records(102), []);
    api.assertNoUnexpectedRequests();
  });

  it('says which scope a token lacks or that Linode does not know it, in one line without the token', async () => {
    const lines: string[] = [];
    const logger: Logger = { info: (m) => lines.push(m), warn: (m) => lines.push(m), debug: (m) => lines.push(m) };
    const cases: [Record<string, string>, ChallengeRecord, string | RegExp][] = [
      [
        { 'linode-token': READ_ONLY },
        record('_acme-challenge.ro.example.test', 'v'),
        'linode: creating TXT _acme-challenge.ro.example.test in domain example.test (101): 401 Your OAuth token is not authorized to use this endpoint.; linode-token lacks the scope Domains: Read/Write; create a personal access token with Domains set to Read/Write',
      ],
      [
        { 'linode-token': NO_DOMAINS },
        record('_acme-challenge.none.example.test', 'v'),
        /^linode: finding domain example\.test: 401 .*; linode-token lacks the scope Domains \(Read Only or Read\/Write\)/,
      ],
      [
        { 'linode-token': token('revoked') },
        record('_acme-challenge.revoked.example.test', 'v'),
        'linode: finding domain example.test: 401 Invalid Token; Linode does not accept linode-token (unknown, expired or revoked); create a new personal access token',
      ],
      [
        {},
        record('_acme-challenge.x.unknown.test', 'v', 'unknown.test'),
        'linode: no domain unknown.test is visible to linode-token; add it in Cloud Manager → Domains, or use a token of the account that has it',
      ],
      [
        {},
        record('_acme-challenge.secondary.test', 'v', 'secondary.test'),
        /^linode: domain secondary\.test \(104\) is a secondary \(slave\) domain/,
      ],
    ];
    for (const [values, challenge, message] of cases) {
      const error = await (await provider(values, systemClock, logger)).createRecords([challenge]).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      if (typeof message === 'string') assert.equal(error?.message, message);
      else assert.match(error?.message ?? '', message);
      assert.ok(!error?.message.includes(EDIT) && !error?.message.includes(READ_ONLY));
    }
    assert.ok(lines.every((line) => !line.includes(EDIT) && !line.includes(READ_ONLY)));
  });

  it('configure refuses bad options with one line naming the input', () => {
    const cases: [Record<string, string>, string][] = [
      [
        { 'linode-token': '' },
        'linode-token: missing; expected a Linode personal access token with Domains: Read/Write (or set LINODE_TOKEN)',
      ],
      [
        { 'linode-token': `${EDIT} x` },
        'linode-token: contains whitespace; paste the token exactly as Linode showed it',
      ],
      [{ 'linode-ttl': '60' }, 'linode-ttl: "60" is out of range; expected whole seconds from 300 to 604800'],
      [
        { 'linode-api-url': 'http://api.linode.example/v4' },
        "linode-api-url: http://api.linode.example/v4 is plain http, so the provider's credentials would cross the network readable; use https (plain http only for a loopback address such as 127.0.0.1)",
      ],
    ];
    for (const [values, message] of cases)
      assert.throws(() => definition.configure({ 'linode-token': EDIT, ...values }), { message });
  });

  it('a journaled ID is deleted only while it is a TXT record at the name with the value: a tampered journal deletes nothing foreign', async () => {
    const fqdn = '_acme-challenge.journal.example.test';
    const elsewhere = await api.seedTxt(101, 'www.example.test', 'keep-me');
    const sameName = await api.seedTxt(101, fqdn, 'foreign-value');
    const created = (await (await provider()).createRecords([record(fqdn, 'ours')])) ?? [];
    await (
      await provider()
    ).deleteRecords([
      ...created,
      { ...record(fqdn, 'ours'), ref: `101/${elsewhere}` },
      { ...record(fqdn, 'other'), ref: `101/${sameName}` },
    ]);
    assert.deepEqual(api.txt('www.example.test'), ['keep-me']);
    assert.deepEqual(api.txt(fqdn), ['foreign-value']);
    assert.ok(
      !api.vendor.requests.some(
        (r) => r.method === 'DELETE' && (r.path.endsWith(`/${elsewhere}`) || r.path.endsWith(`/${sameName}`)),
      ),
      'no DELETE was sent for a foreign ID',
    );
    api.assertNoUnexpectedRequests();
  });

  it("after a crash that lost the IDs, cleanup finds the run's records by name and value across pages, and only those", async () => {
    const fqdn = '_acme-challenge.paged.example.test';
    for (const value of ['foreign-1', 'foreign-2', 'foreign-3']) await api.seedTxt(101, fqdn, value);
    await (await provider()).createRecords([record(fqdn, 'ours-1'), record(fqdn, 'ours-2')]);
    await (await provider()).deleteRecords([record(fqdn, 'ours-1'), record(fqdn, 'ours-2'), record(fqdn, 'never')]);
    assert.deepEqual(api.txt(fqdn).sort(), ['foreign-1', 'foreign-2', 'foreign-3']);
    assert.ok(
      api.vendor.requests.some((r) => r.path === '/v4/domains/101/records' && r.query.get('page') === '3'),
      'five records, two to a page: three pages',
    );
    api.assertNoUnexpectedRequests();
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
    const p = await provider({}, clock);
    api.rateLimitNext(1, 7);
    const created = await p.createRecords([record('_acme-challenge.limited.example.test', 'v')]);
    assert.deepEqual(slept, [7000]);
    await p.deleteRecords(created ?? []);
    api.vendor.failNext('POST /v4/domains/:domain_id/records', linodeErrors.rateLimited(600));
    await assert.rejects(p.createRecords([record('_acme-challenge.limited.example.test', 'w')]), {
      message: /: 429 Too Many Requests; Linode's rate limit for the token is used up/,
    });
    api.vendor.failNext('POST /v4/domains/:domain_id/records', linodeErrors.serverError());
    await assert.rejects(p.createRecords([record('_acme-challenge.limited.example.test', 'x')]), {
      message: /: 500 Please try again/,
    });
    assert.deepEqual(
      api.txt('_acme-challenge.limited.example.test'),
      [],
      'a create that failed with 500 is not repeated',
    );
  });
});
