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
import { dnsimpleErrors, startFakeDnsimpleApi, type FakeDnsimpleApi, type FakeDnsimpleApiOptions } from './fake-api.js';
import { definition } from '../index.js';

const ACCOUNT = 1385;
const OTHER_ACCOUNT = 2490;
const TOKEN = 'dnsimple-account-token-SECRET-0123456789';
const USER_TOKEN = 'dnsimple-user-token-SECRET-000000000000';
const OTHER_TOKEN = 'dnsimple-other-account-token-0000000000';
const ZONES = ['example.test', 'other.test', 'delegated.test'];
const zoneOf = (fqdn: string) => ZONES.find((zone) => fqdn === zone || fqdn.endsWith(`.${zone}`)) ?? '';

function endpointOptions(
  bed: Testbed | undefined,
  extra: Partial<FakeDnsimpleApiOptions> = {},
): FakeDnsimpleApiOptions {
  return {
    accounts: [
      { id: ACCOUNT, zones: ZONES },
      { id: OTHER_ACCOUNT, zones: ['elsewhere.test'] },
    ],
    tokens: [
      { token: TOKEN, account: ACCOUNT },
      { token: USER_TOKEN, accounts: [ACCOUNT] },
      { token: OTHER_TOKEN, account: OTHER_ACCOUNT },
    ],
    ...(bed ? { bind: { server: bed.dns, tsig: bed.tsig } } : {}),
    maxPerPage: 2,
    ...extra,
  };
}

function fixtureFor(dns: FakeDnsimpleApi): VendorProviderFixture {
  const writes = () =>
    dns.vendor.requests.filter(
      (r) => r.status < 300 && (r.method === 'POST' || r.method === 'DELETE') && /\/zones\//.test(r.path),
    ).length;
  return {
    name: 'dnsimple',
    inputs: () => ({ 'dnsimple-api-url': dns.url }),
    credentialInputs: () => ({ 'dnsimple-oauth-token': TOKEN }),
    credentialsEnv: () => ({ DNSIMPLE_OAUTH_TOKEN: TOKEN }),
    secrets: () => [TOKEN],
    vendorTxt: (fqdn) => dns.txt(fqdn),
    seedForeign: async (fqdn, value) => void (await dns.seedTxt(zoneOf(fqdn), fqdn, value)),
    setMirroring: (on) => dns.setMirroring(on),
    throttleWrites(times) {
      const failure = dns.vendor.failNext(
        'POST /v2/:account/zones/:zone/batch',
        dnsimpleErrors.rateLimited(Math.floor(Date.now() / 1000) + 1),
        times,
      );
      return () => failure.served;
    },
    writeCount: writes,
    // One batch per zone to create the records, one to delete them, however many names.
    writesFor: (zones) => zones * 2,
    refPattern: /^[a-z0-9.-]+\/\d+$/,
    // certwright writes the value as is; DNSimple's UI and other tools write TXT content quoted.
    foreignForm: {
      seed: async (fqdn) => void (await dns.seedTxt(zoneOf(fqdn), fqdn, '"v=foreign1 quoted by another tool"')),
      raw: (fqdn) =>
        dns
          .records(zoneOf(fqdn))
          .filter((r) => r.type === 'TXT' && `${r.name}.${zoneOf(fqdn)}` === fqdn)
          .map((r) => [r.id, r.content]),
    },
    assertNoUnexpectedRequests: () => dns.assertNoUnexpectedRequests(),
  };
}

describe('dnsimple provider through the local DNSimple API, validated by Pebble through BIND', () => {
  let bed: Testbed;
  let dns: FakeDnsimpleApi;
  before(async () => {
    bed = await startTestbed();
    dns = await startFakeDnsimpleApi(endpointOptions(bed));
  });
  after(async () => {
    await dns?.close();
    await bed?.stop();
  });
  vendorProviderScenarios(() => ({ bed, fixture: fixtureFor(dns) }));
  foreignFormScenario(() => ({ bed, fixture: fixtureFor(dns) }));
});

describe('dnsimple provider: accounts, tokens, batches and DNSimple answers', () => {
  let dns: FakeDnsimpleApi;
  before(async () => {
    dns = await startFakeDnsimpleApi(endpointOptions(undefined));
  });
  after(async () => dns?.close());

  const provider = (
    values: Record<string, string>,
    options: { clock?: Clock; env?: Record<string, string>; api?: FakeDnsimpleApi } = {},
  ): Promise<DnsProvider> =>
    definition
      .configure(
        withEnvFallbacks(
          {
            ...(options.env?.DNSIMPLE_BASE_URL ? {} : { 'dnsimple-api-url': (options.api ?? dns).url }),
            'dnsimple-oauth-token': TOKEN,
            ...values,
          },
          definition.options,
          options.env ?? {},
        ).raw,
      )
      // A run of its own each time: the account cache and clock are the run's.
      .create({
        logger: silentLogger,
        clock: options.clock ?? systemClock,
        env: options.env ?? {},
        http: createHttpClient({ userAgent: 'certwright-test' }),
      });
  const record = (fqdn: string, value: string): ChallengeRecord => ({
    domain: fqdn.replace(/^_acme-challenge\./, ''),
    fqdn,
    zone: zoneOf(fqdn),
    value,
  });
  const posts = (api: FakeDnsimpleApi, path: RegExp) =>
    api.vendor.requests.filter((r) => r.method === 'POST' && path.test(r.path)).length;

  it('one batch per zone creates every value (the apex too), the refs name zone and ID, one batch deletes them', async () => {
    const p = await provider({}, { env: { DNSIMPLE_BASE_URL: dns.url } });
    const before = posts(dns, /\/batch$/);
    const created =
      (await p.createRecords([
        record('_acme-challenge.a.example.test', 'v-a'),
        record('_acme-challenge.a.example.test', 'v-a'),
        record('_acme-challenge.a.example.test', 'v-a2'),
        record('_acme-challenge.b.example.test', 'v-b'),
        { ...record('other.test', 'v-apex'), zone: 'other.test' },
      ])) ?? [];
    assert.equal(posts(dns, /\/batch$/) - before, 2, 'one batch for each of the two zones');
    assert.deepEqual(
      dns.records('other.test').map((r) => [r.name, r.content, r.ttl]),
      [['', 'v-apex', 60]],
    );
    for (const r of created) assert.match(r.ref ?? '', /^(example|other)\.test\/\d+$/);
    await p.deleteRecords(created);
    assert.deepEqual(dns.records('example.test'), []);
    assert.equal(posts(dns, /\/batch$/) - before, 4);
    assert.ok(
      dns.vendor.requests.some((r) => r.path === '/v2/whoami'),
      'the account came from whoami',
    );
    dns.assertNoUnexpectedRequests();
  });

  it('without the batch call, one request per record, and dnsimple-account-id skips whoami', async () => {
    const old = await startFakeDnsimpleApi({ ...endpointOptions(undefined), batch: false });
    try {
      const p = await provider({ 'dnsimple-account-id': String(ACCOUNT) }, { api: old });
      const names = ['one', 'two', 'three'].map((n) => record(`_acme-challenge.${n}.example.test`, `v-${n}`));
      const created = (await p.createRecords(names)) ?? [];
      assert.equal(posts(old, /\/records$/), 3);
      await p.deleteRecords(created);
      assert.equal(old.vendor.requests.filter((r) => r.method === 'DELETE').length, 3);
      assert.deepEqual(old.records('example.test'), []);
      assert.ok(!old.vendor.requests.some((r) => r.path === '/v2/whoami'));
      old.assertNoUnexpectedRequests();
    } finally {
      await old.close();
    }
  });

  it('says which token or account to fix, in one line without the token', async () => {
    const cases: [Record<string, string>, string, string][] = [
      [
        { 'dnsimple-oauth-token': USER_TOKEN },
        '_acme-challenge.user.example.test',
        'dnsimple: dnsimple-oauth-token is a user token, which names no account; set dnsimple-account-id to the account that holds the zones, or use an account access token',
      ],
      [
        { 'dnsimple-oauth-token': 'dnsimple-revoked-token-00000000000000000' },
        '_acme-challenge.revoked.example.test',
        'dnsimple: reading the account of the token (/v2/whoami): 401 Authentication failed; DNSimple does not accept dnsimple-oauth-token (unknown, revoked, or for the other of production and sandbox: check dnsimple-api-url); create an account access token',
      ],
      [
        { 'dnsimple-oauth-token': OTHER_TOKEN, 'dnsimple-account-id': String(ACCOUNT) },
        '_acme-challenge.other.example.test',
        `dnsimple: creating 1 TXT record(s) in zone example.test: 404 Account \`${ACCOUNT}\` not found; the token has no access to account ${ACCOUNT}; check dnsimple-account-id, or use a token of that account`,
      ],
      [
        { 'dnsimple-oauth-token': OTHER_TOKEN },
        '_acme-challenge.nozone.example.test',
        "dnsimple: creating 1 TXT record(s) in zone example.test: 404 Zone `example.test` not found; example.test is not a zone of the token's account; check the zone and dnsimple-account-id",
      ],
    ];
    for (const [values, fqdn, message] of cases) {
      await assert.rejects((await provider(values)).createRecords([record(fqdn, 'v')]), { message });
      assert.ok(!message.includes('SECRET'));
    }
    // A user token with the account ID works.
    const p = await provider({ 'dnsimple-oauth-token': USER_TOKEN, 'dnsimple-account-id': String(ACCOUNT) });
    await p.deleteRecords((await p.createRecords([record('_acme-challenge.user.example.test', 'v-user')])) ?? []);
    assert.deepEqual(dns.txt('_acme-challenge.user.example.test'), []);
  });

  it('an identical record already there counts as created, and is deleted by its ID', async () => {
    const fqdn = '_acme-challenge.dup.example.test';
    const existing = await dns.seedTxt('example.test', fqdn, 'v-dup');
    const p = await provider({});
    const created =
      (await p.createRecords([record(fqdn, 'v-dup'), record('_acme-challenge.new.example.test', 'v-new')])) ?? [];
    assert.equal(created[0]?.ref, `example.test/${existing}`);
    await p.deleteRecords(created);
    assert.deepEqual(dns.txt(fqdn), []);
    assert.deepEqual(dns.txt('_acme-challenge.new.example.test'), []);
    dns.assertNoUnexpectedRequests();
  });

  it('a journaled ID is deleted only while it is a TXT record at the name with the value: a tampered journal deletes nothing foreign', async () => {
    const fqdn = '_acme-challenge.journal.example.test';
    const elsewhere = await dns.seedTxt('example.test', 'www.example.test', 'keep-me');
    const sameName = await dns.seedTxt('example.test', fqdn, 'foreign-value');
    const created = (await (await provider({})).createRecords([record(fqdn, 'ours')])) ?? [];
    await (
      await provider({})
    ).deleteRecords([
      ...created,
      { ...record(fqdn, 'ours'), ref: `example.test/${elsewhere}` },
      { ...record(fqdn, 'other'), ref: `example.test/${sameName}` },
    ]);
    assert.deepEqual(dns.txt('www.example.test'), ['keep-me']);
    assert.deepEqual(dns.txt(fqdn), ['foreign-value']);
    dns.assertNoUnexpectedRequests();
  });

  it("after a crash that lost the IDs, cleanup finds the run's records by value across pages, and only those; a second cleanup deletes nothing", async () => {
    const fqdn = '_acme-challenge.paged.example.test';
    for (const value of ['"foreign-1"', 'foreign-2', 'foreign-3']) await dns.seedTxt('example.test', fqdn, value);
    const created = (await (await provider({})).createRecords([record(fqdn, 'ours-1'), record(fqdn, 'ours-2')])) ?? [];
    await (await provider({})).deleteRecords([record(fqdn, 'ours-1'), record(fqdn, 'ours-2')]);
    assert.deepEqual(dns.txt(fqdn).sort(), ['foreign-1', 'foreign-2', 'foreign-3']);
    const writes = dns.vendor.requests.filter((r) => r.method !== 'GET').length;
    await (await provider({})).deleteRecords(created);
    assert.equal(dns.vendor.requests.filter((r) => r.method !== 'GET').length, writes, 'nothing left to delete');
    dns.assertNoUnexpectedRequests();
  });

  it('waits until X-RateLimit-Reset on 429, and gives up on a wait longer than a minute', async () => {
    const slept: number[] = [];
    const clock: Clock = {
      now: () => Date.now(),
      sleep: (ms) => {
        slept.push(ms);
        return Promise.resolve();
      },
    };
    dns.rateLimitNext(1, 7);
    const p = await provider({ 'dnsimple-account-id': String(ACCOUNT) }, { clock });
    const created = await p.createRecords([record('_acme-challenge.limited.example.test', 'v')]);
    assert.equal(slept.length, 1);
    assert.ok((slept[0] ?? 0) > 5000 && (slept[0] ?? 0) <= 7000, `waited ${slept[0]} ms`);
    await p.deleteRecords(created ?? []);
    dns.rateLimitNext(1, 3600);
    await assert.rejects(
      p.createRecords([record('_acme-challenge.limited.example.test', 'w')]),
      /: 429 API rate limit exceeded \(2400 requests per hour\); the rate limit is spent; rerun later/,
    );
  });
});
