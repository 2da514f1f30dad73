import assert from 'node:assert/strict';
import { withEnvFallbacks } from '../../../../options/option.js';
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
import { ovhErrors, startFakeOvhApi, type FakeOvhApi, type FakeOvhApiOptions } from './fake-api.js';
import { definition } from '../index.js';

const AK = 'certwrightAppKey01';
const AS = 'certwright-application-SECRET-0123456789';
const CK = 'certwright-consumer-KEY-0123456789abcdef';
const CK_EXAMPLE_ONLY = 'consumer-key-example-test-only-00000000';
const CK_READ_ONLY = 'consumer-key-read-only-000000000000000000';
const CK_ALL_ZONES = 'consumer-key-every-zone-0000000000000000';
const ZONES = ['example.test', 'other.test', 'delegated.test'];
const zoneOf = (fqdn: string) => ZONES.find((zone) => fqdn === zone || fqdn.endsWith(`.${zone}`)) ?? '';
const rulesFor = (zone: string) =>
  (['GET', 'POST', 'DELETE'] as const).map((method) => ({ method, path: `/domain/zone/${zone}/*` }));

function endpointOptions(bed: Testbed | undefined, extra: Partial<FakeOvhApiOptions> = {}): FakeOvhApiOptions {
  return {
    zones: ZONES,
    applications: [{ applicationKey: AK, applicationSecret: AS }],
    consumerKeys: [
      { consumerKey: CK, applicationKey: AK, rules: ZONES.flatMap(rulesFor) },
      { consumerKey: CK_EXAMPLE_ONLY, applicationKey: AK, rules: rulesFor('example.test') },
      { consumerKey: CK_READ_ONLY, applicationKey: AK, rules: [{ method: 'GET', path: '/domain/zone/*' }] },
      { consumerKey: CK_ALL_ZONES, applicationKey: AK, rules: rulesFor('*') },
    ],
    ...(bed ? { bind: { server: bed.dns, tsig: bed.tsig } } : {}),
    ...extra,
  };
}

function fixtureFor(ovh: FakeOvhApi): VendorProviderFixture {
  const writes = () =>
    ovh.vendor.requests.filter(
      (r) => r.status === 200 && (r.method === 'POST' || r.method === 'DELETE') && /\/domain\/zone\//.test(r.path),
    ).length;
  return {
    name: 'ovh',
    inputs: () => ({ 'ovh-endpoint': ovh.url }),
    credentialInputs: () => ({ 'ovh-application-key': AK, 'ovh-application-secret': AS, 'ovh-consumer-key': CK }),
    credentialsEnv: () => ({ OVH_APPLICATION_KEY: AK, OVH_APPLICATION_SECRET: AS, OVH_CONSUMER_KEY: CK }),
    secrets: () => [AK, AS, CK],
    vendorTxt: (fqdn) => ovh.txt(fqdn),
    seedForeign: async (fqdn, value) => void (await ovh.seedTxt(zoneOf(fqdn), fqdn, value)),
    setMirroring: (on) => ovh.setMirroring(on),
    throttleWrites(times) {
      const failure = ovh.vendor.failNext('POST /1.0/domain/zone/:zone/record', ovhErrors.rateLimited(1), times);
      return () => failure.served;
    },
    writeCount: writes,
    // No batch call: a create and a delete per value, and one refresh per zone after each.
    writesFor: (zones, records) => records * 2 + zones * 2,
    refPattern: /^[a-z0-9.-]+\/\d+$/,
    // certwright writes the value as is; other tools (the OVH control panel, Terraform) write it quoted.
    foreignForm: {
      seed: async (fqdn) => void (await ovh.seedTxt(zoneOf(fqdn), fqdn, '"v=foreign1 quoted by another tool"')),
      raw: (fqdn) =>
        ovh
          .records(zoneOf(fqdn))
          .filter((r) => r.fieldType === 'TXT' && `${r.subDomain}.${r.zone}` === fqdn)
          .map((r) => [r.id, r.target]),
    },
    assertNoUnexpectedRequests: () => ovh.assertNoUnexpectedRequests(),
  };
}

describe('ovh provider through the local OVH API, validated by Pebble through BIND', () => {
  let bed: Testbed;
  let ovh: FakeOvhApi;
  before(async () => {
    bed = await startTestbed();
    // OVH's clock is off this machine's by more than it accepts: every signed request needs /auth/time.
    ovh = await startFakeOvhApi(endpointOptions(bed, { clockSkewSeconds: 1234 }));
  });
  after(async () => {
    await ovh?.close();
    await bed?.stop();
  });
  vendorProviderScenarios(() => ({ bed, fixture: fixtureFor(ovh) }));
  foreignFormScenario(() => ({ bed, fixture: fixtureFor(ovh) }));
});

describe('ovh provider: keys, rules, refreshes and OVH answers', () => {
  let ovh: FakeOvhApi;
  before(async () => {
    ovh = await startFakeOvhApi(endpointOptions(undefined, { clockSkewSeconds: -900 }));
  });
  after(async () => ovh?.close());

  const http = createHttpClient({ userAgent: 'certwright-test' });
  const provider = (
    values: Record<string, string>,
    clock: Clock = systemClock,
    env: Record<string, string> = {},
  ): Promise<DnsProvider> =>
    definition
      .configure({
        'ovh-endpoint': ovh.url,
        'ovh-application-key': AK,
        'ovh-application-secret': AS,
        'ovh-consumer-key': CK,
        ...values,
      })
      .create({ logger: silentLogger, clock, env, http });
  const record = (fqdn: string, value: string): ChallengeRecord => ({
    domain: fqdn.replace(/^_acme-challenge\./, ''),
    fqdn,
    zone: zoneOf(fqdn),
    value,
  });

  it('creates one record per value and refreshes each zone once per order, then deletes by ID and refreshes again', async () => {
    const before = { example: ovh.refreshes('example.test'), other: ovh.refreshes('other.test') };
    const p = await provider({});
    const records = [
      record('_acme-challenge.a.example.test', 'v-a'),
      record('_acme-challenge.b.example.test', 'v-b'),
      record('_acme-challenge.b.example.test', 'v-b'),
      record('_acme-challenge.c.example.test', 'v-c'),
      record('_acme-challenge.other.test', 'v-apex'),
    ];
    const created = await p.createRecords(records);
    assert.equal(ovh.refreshes('example.test') - before.example, 1, 'one refresh for example.test');
    assert.equal(ovh.refreshes('other.test') - before.other, 1, 'one refresh for other.test');
    assert.equal(ovh.records('example.test').length, 3, 'the wildcard and apex value is one record');
    assert.deepEqual(
      ovh.records('other.test').map((r) => [r.subDomain, r.target, r.ttl]),
      [['_acme-challenge', 'v-apex', 60]],
    );
    for (const r of created ?? []) assert.match(r.ref ?? '', /^(example|other)\.test\/\d+$/);
    await p.deleteRecords(created ?? []);
    assert.equal(ovh.records('example.test').length, 0);
    assert.equal(ovh.refreshes('example.test') - before.example, 2);
    ovh.assertNoUnexpectedRequests();
  });

  it('reads the endpoint from OVH_ENDPOINT when ovh-endpoint is not given, and refuses an unknown name', async () => {
    const values = { 'ovh-application-key': AK, 'ovh-application-secret': AS, 'ovh-consumer-key': CK };
    const withEnv = (env: Record<string, string>) => withEnvFallbacks(values, definition.options, env).raw;
    const p = await definition
      .configure(withEnv({ OVH_ENDPOINT: ovh.url }))
      .create({ logger: silentLogger, clock: systemClock, env: {}, http });
    const created = await p.createRecords([record('_acme-challenge.env.example.test', 'v-env')]);
    await p.deleteRecords(created ?? []);
    assert.deepEqual(ovh.txt('_acme-challenge.env.example.test'), []);
    assert.equal(definition.configure({ ...values, 'ovh-endpoint': 'ovh-ca' }).description, 'ovh (ovh-ca)');
    assert.equal(definition.configure(withEnv({ OVH_ENDPOINT: 'ovh-us' })).description, 'ovh (ovh-us)');
    assert.equal(definition.configure(values).description, 'ovh (ovh-eu)');
    assert.throws(() => definition.configure({ ...values, 'ovh-endpoint': 'ovh-fr' }), {
      message:
        'ovh-endpoint: "ovh-fr" is neither an endpoint name (ovh-eu, ovh-ca, ovh-us, kimsufi-eu, kimsufi-ca, soyoustart-eu, soyoustart-ca) nor a URL',
    });
    // Refused when configured, before anything is sent.
    assert.throws(
      () => definition.configure(withEnv({ OVH_ENDPOINT: 'http://api.ovh.example/1.0' })),
      /ovh-endpoint: .*http/,
    );
  });

  it('says which key, secret or rule to fix, in one line without any secret', async () => {
    const cases: [Record<string, string>, string, RegExp][] = [
      [
        { 'ovh-consumer-key': CK_READ_ONLY },
        '_acme-challenge.ro.example.test',
        /^ovh: creating TXT _acme-challenge\.ro\.example\.test in zone example\.test: 403 NOT_GRANTED_CALL This call has not been granted; the consumer key's rules do not allow POST \/domain\/zone\/example\.test\/record; request a consumer key with GET, POST and DELETE on \/domain\/zone\/example\.test\/\*$/,
      ],
      [
        { 'ovh-consumer-key': CK_EXAMPLE_ONLY },
        '_acme-challenge.scoped.other.test',
        /^ovh: creating TXT .* in zone other\.test: 403 NOT_GRANTED_CALL /,
      ],
      [
        { 'ovh-application-secret': 'not-the-application-secret' },
        '_acme-challenge.sig.example.test',
        /: 400 INVALID_SIGNATURE Invalid signature; OVH refused the signature: check ovh-application-secret/,
      ],
      [
        { 'ovh-application-key': 'unknownAppKey0001' },
        '_acme-challenge.ak.example.test',
        /: 403 INVALID_KEY This application key is invalid; OVH does not know ovh-application-key at this endpoint/,
      ],
      [
        { 'ovh-consumer-key': 'revoked-consumer-key-000000000000000000' },
        '_acme-challenge.ck.example.test',
        /: 403 INVALID_CREDENTIAL This credential is not valid; ovh-consumer-key is unknown, expired, revoked/,
      ],
    ];
    for (const [values, fqdn, expected] of cases) {
      const error = await (await provider(values)).createRecords([record(fqdn, 'v')]).then(
        () => assert.fail(`${fqdn}: created`),
        (e: unknown) => e as Error,
      );
      assert.match(error.message, expected);
      assert.doesNotMatch(error.message, /\n/);
      for (const secret of [AS, CK, CK_READ_ONLY, CK_EXAMPLE_ONLY, 'not-the-application-secret'])
        assert.ok(!error.message.includes(secret), `${fqdn}: no secret in the error`);
    }
    assert.deepEqual(ovh.txt('_acme-challenge.ro.example.test'), []);
  });

  it('names a zone the account does not hold', async () => {
    await assert.rejects(
      (await provider({ 'ovh-consumer-key': CK_ALL_ZONES })).createRecords([
        { ...record('_acme-challenge.x.elsewhere.test', 'v'), zone: 'elsewhere.test' },
      ]),
      {
        message:
          'ovh: creating TXT _acme-challenge.x.elsewhere.test in zone elsewhere.test: 404 Client::NotFound This service does not exist; elsewhere.test is not a DNS zone of this OVH account at this endpoint; check the zone and ovh-endpoint',
      },
    );
  });

  it('a journaled ID is deleted only while it is a TXT record at the name with the value: a tampered journal deletes nothing foreign', async () => {
    const fqdn = '_acme-challenge.journal.example.test';
    const elsewhere = await ovh.seedTxt('example.test', 'www.example.test', 'keep-me');
    const sameName = await ovh.seedTxt('example.test', fqdn, 'foreign-value');
    const created = (await (await provider({})).createRecords([record(fqdn, 'ours')])) ?? [];
    await (
      await provider({})
    ).deleteRecords([
      ...created,
      { ...record(fqdn, 'ours'), ref: `example.test/${elsewhere}` },
      { ...record(fqdn, 'other'), ref: `example.test/${sameName}` },
    ]);
    assert.deepEqual(ovh.txt('www.example.test'), ['keep-me']);
    assert.deepEqual(ovh.txt(fqdn), ['foreign-value']);
    ovh.assertNoUnexpectedRequests();
  });

  it("after a crash that lost the IDs, cleanup finds the run's records by value, and only those", async () => {
    const fqdn = '_acme-challenge.lost.example.test';
    await ovh.seedTxt('example.test', fqdn, '"foreign-1"');
    await ovh.seedTxt('example.test', fqdn, 'foreign-2');
    await (await provider({})).createRecords([record(fqdn, 'ours-1'), record(fqdn, 'ours-2')]);
    await (await provider({})).deleteRecords([record(fqdn, 'ours-1'), record(fqdn, 'ours-2')]);
    assert.deepEqual(ovh.txt(fqdn).sort(), ['foreign-1', 'foreign-2']);
    ovh.assertNoUnexpectedRequests();
  });

  it('waits as retry-after says on 429, and never repeats a create after a 5xx', async () => {
    const slept: number[] = [];
    const clock: Clock = {
      now: () => Date.now(),
      sleep: (ms) => {
        slept.push(ms);
        return Promise.resolve();
      },
    };
    ovh.vendor.failNext('POST /1.0/domain/zone/:zone/record', ovhErrors.rateLimited(7));
    // A run of its own (its own HTTP client), so the API it uses has this clock.
    const p = await definition
      .configure({
        'ovh-endpoint': ovh.url,
        'ovh-application-key': AK,
        'ovh-application-secret': AS,
        'ovh-consumer-key': CK,
      })
      .create({ logger: silentLogger, clock, env: {}, http: createHttpClient({ userAgent: 'certwright-test' }) });
    const created = await p.createRecords([record('_acme-challenge.limited.example.test', 'v')]);
    assert.deepEqual(slept, [7000]);
    await p.deleteRecords(created ?? []);
    const posts = () => ovh.vendor.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/record')).length;
    const before = posts();
    ovh.vendor.failNext('POST /1.0/domain/zone/:zone/record', {
      status: 500,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ class: 'Server::InternalServerError', message: 'Internal server error' }),
    });
    await assert.rejects(
      p.createRecords([record('_acme-challenge.lost.example.test', 'w')]),
      /: 500 Server::InternalServerError/,
    );
    assert.equal(posts() - before, 1, 'one create only');
  });
});
