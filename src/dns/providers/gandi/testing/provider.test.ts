import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  foreignFormScenario,
  vendorProviderScenarios,
  type VendorProviderFixture,
} from '../../../../testing/provider-scenarios.js';
import { startTestbed, type Testbed } from '../../../../testing/testbed.js';
import { captureLogger } from '../../../../testing/engine.js';
import { silentLogger, systemClock, type Clock } from '../../../../runtime.js';
import { createHttpClient } from '../../../../net/http.js';
import type { ChallengeRecord, DnsProvider } from '../../../provider.js';
import { gandiErrors, startFakeGandiApi, type FakeGandiApi, type FakeGandiApiOptions } from './fake-api.js';
import { definition } from '../index.js';

const DOMAINS = ['example.test', 'other.test', 'delegated.test'];
const PAT = 'certwright-gandi-pat-SECRET-0123456789abcdef';
const NO_DNS = 'gandi-pat-without-technical-configurations';
const OTHER_ONLY = 'gandi-pat-for-other-test-only';

const zoneOf = (fqdn: string) => DOMAINS.find((zone) => fqdn === zone || fqdn.endsWith(`.${zone}`)) ?? '';

function endpointOptions(bed: Testbed | undefined): FakeGandiApiOptions {
  return {
    domains: DOMAINS.map((fqdn) => ({ fqdn })),
    tokens: [
      { token: PAT, domains: 'all' },
      { token: NO_DNS, domains: 'all', manageDns: false },
      { token: OTHER_ONLY, domains: ['other.test'] },
    ],
    ...(bed ? { bind: { server: bed.dns, tsig: bed.tsig } } : {}),
    maxPerPage: 2,
  };
}

function fixtureFor(gandi: FakeGandiApi): VendorProviderFixture {
  const writes = () =>
    gandi.vendor.requests.filter((r) => (r.method === 'PUT' || r.method === 'DELETE') && r.status < 300).length;
  return {
    name: 'gandi',
    inputs: () => ({ 'gandi-api-url': gandi.url }),
    credentialInputs: () => ({ 'gandi-personal-access-token': PAT }),
    credentialsEnv: () => ({ GANDIV5_PERSONAL_ACCESS_TOKEN: PAT }),
    secrets: () => [PAT],
    vendorTxt: (fqdn) => gandi.txt(fqdn),
    seedForeign: (fqdn, value) => gandi.seedTxt(fqdn, [`"${value}"`]),
    setMirroring: (on) => gandi.setMirroring(on),
    throttleWrites(times) {
      const failure = gandi.vendor.failNext(
        'PUT /v5/livedns/domains/:fqdn/records/:name/TXT',
        gandiErrors.rateLimited(1),
        times,
      );
      return () => failure.served;
    },
    writeCount: writes,
    // No batch across names: one PUT per name to create, one PUT or DELETE per name to clean up.
    writesFor: (_zones, records) => records * 2,
    // lego writes TXT values unquoted; LiveDNS keeps them so.
    foreignForm: {
      seed: (fqdn) => gandi.seedTxt(fqdn, ['v=foreign1 unquoted by another tool']),
      raw: (fqdn) => gandi.rrset(fqdn),
    },
    assertNoUnexpectedRequests: () => gandi.assertNoUnexpectedRequests(),
  };
}

describe('gandi provider through the local LiveDNS API, validated by Pebble through BIND', () => {
  let bed: Testbed;
  let gandi: FakeGandiApi;
  before(async () => {
    bed = await startTestbed();
    gandi = await startFakeGandiApi(endpointOptions(bed));
  });
  after(async () => {
    await gandi?.close();
    await bed?.stop();
  });
  vendorProviderScenarios(() => ({ bed, fixture: fixtureFor(gandi) }));
  foreignFormScenario(() => ({ bed, fixture: fixtureFor(gandi) }));
});

describe('gandi provider: record sets, tokens and LiveDNS answers', () => {
  let gandi: FakeGandiApi;
  before(async () => {
    gandi = await startFakeGandiApi(endpointOptions(undefined));
  });
  after(async () => gandi?.close());

  const http = createHttpClient({ userAgent: 'certwright-test' });
  const provider = (values: Record<string, string> = {}): Promise<DnsProvider> =>
    definition
      .configure({ 'gandi-api-url': gandi.url, 'gandi-personal-access-token': PAT, ...values })
      .create({ logger: silentLogger, clock: systemClock, env: {}, http });
  const record = (fqdn: string, value: string): ChallengeRecord => ({
    domain: fqdn.replace(/^_acme-challenge\./, ''),
    fqdn,
    zone: zoneOf(fqdn),
    value,
  });

  it('merges into the set another tool wrote, keeping its values, form and TTL, and puts it back as it was', async () => {
    const fqdn = '_acme-challenge.merge.example.test';
    await gandi.seedTxt(fqdn, ['unquoted foreign', '"quoted foreign"'], 1800);
    const before = gandi.rrset(fqdn);
    const p = await provider();
    const records = [record(fqdn, 'ours-1'), record(fqdn, 'ours-2'), record(fqdn, 'ours-1')];
    await p.createRecords(records);
    assert.deepEqual(gandi.rrset(fqdn), {
      ttl: 1800,
      values: ['unquoted foreign', '"quoted foreign"', '"ours-1"', '"ours-2"'],
    });
    const puts = gandi.vendor.requests.filter((r) => r.method === 'PUT' && r.path.includes('merge')).length;
    assert.equal(puts, 1, 'one write for the name, however many values');
    await p.deleteRecords(records);
    assert.deepEqual(gandi.rrset(fqdn), before);
    assert.ok(
      !gandi.vendor.requests.some((r) => r.method === 'DELETE' && r.path.includes('merge')),
      'a set with foreign values is written back, never deleted',
    );
    gandi.assertNoUnexpectedRequests();
  });

  it('deletes a set it emptied, creates a new one with gandi-ttl, and a second cleanup sends no write', async () => {
    const fqdn = '_acme-challenge.fresh.example.test';
    const p = await provider({ 'gandi-ttl': '600' });
    await p.createRecords([record(fqdn, 'v-fresh')]);
    assert.deepEqual(gandi.rrset(fqdn), { ttl: 600, values: ['"v-fresh"'] });
    await p.deleteRecords([record(fqdn, 'v-fresh')]);
    assert.equal(gandi.rrset(fqdn), undefined);
    const writes = gandi.vendor.requests.filter((r) => r.method !== 'GET').length;
    await (await provider()).deleteRecords([record(fqdn, 'v-fresh')]);
    assert.equal(gandi.vendor.requests.filter((r) => r.method !== 'GET').length, writes);
    gandi.assertNoUnexpectedRequests();
  });

  it("a set another writer replaced between certwright's write and its check is merged and written again", async () => {
    const fqdn = '_acme-challenge.race.example.test';
    gandi.raceNextWrite(fqdn, ['"the other writer"']);
    const p = await provider();
    await p.createRecords([record(fqdn, 'ours')]);
    assert.deepEqual(gandi.txt(fqdn), ['the other writer', 'ours']);
    assert.equal(gandi.vendor.requests.filter((r) => r.method === 'PUT' && r.path.includes('race')).length, 2);
    await p.deleteRecords([record(fqdn, 'ours')]);
    assert.deepEqual(gandi.txt(fqdn), ['the other writer']);
    gandi.assertNoUnexpectedRequests();
  });

  it('says which permission or input to fix, in one line, without the token', async () => {
    const attempt = async (token: string, fqdn: string) => {
      const error = await (
        await provider({ 'gandi-personal-access-token': token })
      )
        .createRecords([record(fqdn, 'v')])
        .then(
          () => assert.fail('created'),
          (e: Error) => e,
        );
      assert.doesNotMatch(error.message, /\n/);
      assert.ok(!error.message.includes(token), 'the token is not in the message');
      return error.message;
    };
    assert.match(
      await attempt(NO_DNS, '_acme-challenge.ro.example.test'),
      /^gandi: creating TXT _acme-challenge\.ro\.example\.test in example\.test: 403 Access was denied to this resource\.; the personal access token may not manage example\.test; edit it: .*"Manage domain name technical configurations"$/,
    );
    assert.match(
      await attempt(OTHER_ONLY, '_acme-challenge.scoped.example.test'),
      /^gandi: reading TXT _acme-challenge\.scoped\.example\.test: 403 .*may not manage example\.test/,
    );
    assert.match(
      await attempt('revoked-personal-access-token', '_acme-challenge.revoked.example.test'),
      /: 401 The server could not verify .*; Gandi does not accept gandi-personal-access-token \(unknown, expired or revoked\); create a new personal access token$/,
    );
    const notHere = await (
      await provider()
    )
      .createRecords([{ ...record('_acme-challenge.x.elsewhere.test', 'v'), zone: 'elsewhere.test' }])
      .then(
        () => assert.fail('created'),
        (e: Error) => e.message,
      );
    assert.match(
      notHere,
      /^gandi: .*404 The resource could not be found\.; elsewhere\.test is not a LiveDNS domain of the token's organization/,
    );
    assert.throws(
      () => definition.configure({ 'gandi-personal-access-token': `Bearer ${PAT}` }),
      /^Error: gandi-personal-access-token: contains whitespace; paste the token exactly as Gandi showed it, without "Bearer"$/,
    );
    assert.throws(() => definition.configure({ 'gandi-personal-access-token': PAT, 'gandi-ttl': '60' }), {
      message: 'gandi-ttl: "60" is out of range; expected whole seconds from 300 to 2592000',
    });
  });

  it('waits as Retry-After says on 429, logs no token, and gives up on a wait longer than a minute', async () => {
    const slept: number[] = [];
    const clock: Clock = {
      now: () => Date.now(),
      sleep: (ms) => {
        slept.push(ms);
        return Promise.resolve();
      },
    };
    const logger = captureLogger();
    gandi.rateLimitNext(1, 7);
    // A run of its own (its own HTTP client), so the API it shares across certificates uses this clock.
    const p = await definition
      .configure({ 'gandi-api-url': gandi.url, 'gandi-personal-access-token': PAT })
      .create({ logger, clock, env: {}, http: createHttpClient({ userAgent: 'certwright-test' }) });
    await p.createRecords([record('_acme-challenge.limited.example.test', 'v')]);
    assert.deepEqual(slept, [7000]);
    assert.ok(!logger.lines.join('\n').includes(PAT));
    await p.deleteRecords([record('_acme-challenge.limited.example.test', 'v')]);
    gandi.rateLimitNext(1, 600);
    await assert.rejects(
      p.createRecords([record('_acme-challenge.limited.example.test', 'w')]),
      /^Error: gandi: reading TXT _acme-challenge\.limited\.example\.test: 429 Too Many Requests/,
    );
  });
});
