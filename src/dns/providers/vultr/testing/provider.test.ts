import assert from 'node:assert/strict';
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
import { startFakeVultrApi, vultrErrors, type FakeVultrApi, type FakeVultrApiOptions } from './fake-api.js';
import { definition } from '../index.js';

const DOMAINS = ['example.test', 'other.test', 'delegated.test'];
const key = (label: string) =>
  label
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .padEnd(36, '0');
const EDIT = key('CERTWRIGHTVULTRSECRET');
const NO_DNS = key('billing');
const OTHER_IP = key('elsewhere');

const zoneOf = (fqdn: string) => DOMAINS.find((zone) => fqdn === zone || fqdn.endsWith(`.${zone}`)) ?? '';

function endpointOptions(bed: Testbed | undefined): FakeVultrApiOptions {
  return {
    domains: DOMAINS.map((domain) => ({ domain })),
    keys: [{ key: EDIT }, { key: NO_DNS, dns: false }, { key: OTHER_IP, ipRefused: true }],
    ...(bed ? { bind: { server: bed.dns, tsig: bed.tsig } } : {}),
    maxPerPage: 2,
  };
}

function fixtureFor(api: FakeVultrApi): VendorProviderFixture {
  return {
    name: 'vultr',
    inputs: () => ({ 'vultr-api-url': api.url }),
    credentialInputs: () => ({ 'vultr-api-key': EDIT }),
    credentialsEnv: () => ({ VULTR_API_KEY: EDIT }),
    secrets: () => [EDIT],
    vendorTxt: (fqdn) => api.txt(fqdn),
    seedForeign: async (fqdn, value) => void (await api.seedTxt(zoneOf(fqdn), fqdn, `"${value}"`)),
    setMirroring: (on) => api.setMirroring(on),
    throttleWrites(times) {
      const failure = api.vendor.failNext('POST /v2/domains/:domain/records', vultrErrors.rateLimited(429, 1), times);
      return () => failure.served;
    },
    writeCount: () =>
      api.vendor.requests.filter(
        (r) => (r.method === 'POST' && r.status === 201) || (r.method === 'DELETE' && r.status === 204),
      ).length,
    // No batch call: one create and one delete per value, however many zones.
    writesFor: (_zones, records) => records * 2,
    refPattern: /^[a-z0-9.-]+\/[0-9a-f-]{36}$/,
    // Vultr keeps TXT data as sent: other tools send it unquoted.
    foreignForm: {
      seed: async (fqdn) => void (await api.seedTxt(zoneOf(fqdn), fqdn, 'v=foreign1 unquoted by another tool')),
      raw: (fqdn) =>
        api
          .records(zoneOf(fqdn))
          .filter((r) => r.type === 'TXT' && `${r.name}.${zoneOf(fqdn)}` === fqdn)
          .map((r) => [r.id, r.data]),
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

describe('vultr provider through the local Vultr API, validated by Pebble through BIND', () => {
  let bed: Testbed;
  let api: FakeVultrApi;
  before(async () => {
    bed = await startTestbed();
    api = await startFakeVultrApi(endpointOptions(bed));
  });
  after(async () => {
    await api?.close();
    await bed?.stop();
  });
  vendorProviderScenarios(() => ({ bed, fixture: fixtureFor(api) }));
  foreignFormScenario(() => ({ bed, fixture: fixtureFor(api) }));
});

describe('vultr provider: domains, keys and Vultr answers', () => {
  let api: FakeVultrApi;
  before(async () => {
    api = await startFakeVultrApi(endpointOptions(undefined));
  });
  after(async () => api?.close());

  const provider = (
    values: Record<string, string> = {},
    clock: Clock = systemClock,
    logger: Logger = silentLogger,
  ): Promise<DnsProvider> =>
    definition
      .configure({ 'vultr-api-url': api.url, 'vultr-api-key': EDIT, ...values })
      .create({ logger, clock, env: {}, http: createHttpClient({ userAgent: 'certwright-test' }) });

  it('finds the domain across cursor pages, also for a subzone, sends the name relative and the data quoted', async () => {
    const created =
      (await (
        await provider()
      ).createRecords([
        record('_acme-challenge.www.other.test', 'v-other'),
        record('_acme-challenge.a.sub.example.test', 'v-sub', 'sub.example.test'),
      ])) ?? [];
    assert.deepEqual(
      created.map((r) => r.ref?.split('/')[0]),
      ['other.test', 'example.test'],
    );
    assert.deepEqual(
      api.records('example.test').map((r) => [r.name, r.data, r.ttl]),
      [['_acme-challenge.a.sub', '"v-sub"', 120]],
    );
    assert.ok(api.vendor.requests.some((r) => r.path === '/v2/domains' && r.query.get('cursor') !== null));
    await (await provider()).deleteRecords(created);
    assert.deepEqual([...api.records('example.test'), ...api.records('other.test')], []);
    api.assertNoUnexpectedRequests();
  });

  it('says what is wrong with the key in one line, and never shows it', async () => {
    const lines: string[] = [];
    const logger: Logger = { info: (m) => lines.push(m), warn: (m) => lines.push(m), debug: (m) => lines.push(m) };
    const cases: [Record<string, string>, ChallengeRecord, string][] = [
      [
        { 'vultr-api-key': key('revoked') },
        record('_acme-challenge.revoked.example.test', 'v'),
        'vultr: listing the domains: 401 Invalid API token; Vultr does not accept vultr-api-key (unknown, regenerated or the API is disabled); copy the key again',
      ],
      [
        { 'vultr-api-key': OTHER_IP },
        record('_acme-challenge.ip.example.test', 'v'),
        "vultr: listing the domains: 401 Unauthorized IP address: 127.0.0.1; the key's Access Control list does not allow this runner's address; add the runner's addresses (or 0.0.0.0/0 and ::/0 for hosted runners) under Account → API",
      ],
      [
        { 'vultr-api-key': NO_DNS },
        record('_acme-challenge.nodns.example.test', 'v'),
        "vultr: listing the domains: 403 Unauthorized: this user lacks the permission dns; the key's user lacks the Manage DNS permission; grant it under Account → Users",
      ],
      [
        {},
        record('_acme-challenge.x.unknown.test', 'v', 'unknown.test'),
        'vultr: no domain of the account holds _acme-challenge.x.unknown.test (zone unknown.test; 3 domain(s) visible); add unknown.test under Network → DNS, or use a key of the account that has it',
      ],
    ];
    for (const [values, challenge, message] of cases) {
      const error = await (await provider(values, systemClock, logger)).createRecords([challenge]).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      assert.equal(error?.message, message);
    }
    assert.ok(lines.every((line) => !line.includes(EDIT) && !line.includes(OTHER_IP) && !line.includes(NO_DNS)));
  });

  it('configure refuses bad options with one line naming the input', () => {
    const cases: [Record<string, string>, string][] = [
      [{ 'vultr-api-key': '' }, 'vultr-api-key: missing; expected a Vultr API key (or set VULTR_API_KEY)'],
      [
        { 'vultr-api-key': `${EDIT} x` },
        'vultr-api-key: contains whitespace; paste the key exactly as Vultr showed it',
      ],
      [{ 'vultr-ttl': '10' }, 'vultr-ttl: "10" is out of range; expected whole seconds from 30 to 86400'],
    ];
    for (const [values, message] of cases)
      assert.throws(() => definition.configure({ 'vultr-api-key': EDIT, ...values }), { message });
  });

  it('a journaled ID is deleted only while it is a TXT record at the name with the value: a tampered journal deletes nothing foreign', async () => {
    const fqdn = '_acme-challenge.journal.example.test';
    const elsewhere = await api.seedTxt('example.test', 'www.example.test', 'keep-me');
    const sameName = await api.seedTxt('example.test', fqdn, '"foreign-value"');
    const created = (await (await provider()).createRecords([record(fqdn, 'ours')])) ?? [];
    await (
      await provider()
    ).deleteRecords([
      ...created,
      { ...record(fqdn, 'ours'), ref: `example.test/${elsewhere}` },
      { ...record(fqdn, 'other'), ref: `example.test/${sameName}` },
      { ...record(fqdn, 'other'), ref: `other.test/${sameName}` },
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
    for (const value of ['foreign-1', 'foreign-2', 'foreign-3']) await api.seedTxt('example.test', fqdn, value);
    await (await provider()).createRecords([record(fqdn, 'ours-1'), record(fqdn, 'ours-2')]);
    await (
      await provider()
    ).deleteRecords([record(fqdn, 'ours-1'), record(fqdn, 'ours-2'), record(fqdn, 'never-created')]);
    assert.deepEqual(api.txt(fqdn).sort(), ['foreign-1', 'foreign-2', 'foreign-3']);
    api.assertNoUnexpectedRequests();
  });

  it('retries 429 after retry-after and 503 with backoff; a create that failed with 500 is not repeated', async () => {
    const slept: number[] = [];
    const clock: Clock = {
      now: () => Date.now(),
      sleep: (ms) => {
        slept.push(ms);
        return Promise.resolve();
      },
    };
    const p = await provider({}, clock);
    api.vendor.failNext('POST /v2/domains/:domain/records', vultrErrors.rateLimited(429, 7));
    api.vendor.failNext('POST /v2/domains/:domain/records', vultrErrors.rateLimited(503));
    const created = await p.createRecords([record('_acme-challenge.limited.example.test', 'v')]);
    assert.equal(slept[0], 7000);
    assert.equal(slept.length, 2, 'then a backoff for the 503');
    await p.deleteRecords(created ?? []);
    api.vendor.failNext('POST /v2/domains/:domain/records', vultrErrors.serverError());
    await assert.rejects(p.createRecords([record('_acme-challenge.limited.example.test', 'x')]), {
      message:
        /^vultr: creating TXT _acme-challenge\.limited\.example\.test in domain example\.test: 500 Internal server error; see https:\/\/www\.vultr\.com\/api\/$/,
    });
    assert.deepEqual(api.txt('_acme-challenge.limited.example.test'), []);
  });
});
