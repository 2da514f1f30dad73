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
import { desecErrors, startFakeDesecApi, type FakeDesecApi, type FakeDesecApiOptions } from './fake-api.js';
import { definition } from '../index.js';

const DOMAINS = ['example.test', 'other.test', 'delegated.test'];
const TOKEN = 'certwright-desec-token-SECRET-0123';
/** Restricted like the docs say: no writes by default, TXT at one challenge name of example.test. */
const SCOPED = 'desec-token-scoped-to-one-name';
const toEnv = (token: string) => ({ DESEC_TOKEN: token });

const zoneOf = (fqdn: string) => DOMAINS.find((zone) => fqdn === zone || fqdn.endsWith(`.${zone}`)) ?? '';

function endpointOptions(bed: Testbed | undefined, extra: Partial<FakeDesecApiOptions> = {}): FakeDesecApiOptions {
  return {
    domains: DOMAINS.map((name) => ({ name, minimumTtl: name === 'other.test' ? 60 : 3600 })),
    tokens: [
      { token: TOKEN },
      {
        token: SCOPED,
        policies: [
          { domain: null, subname: null, type: null, write: false },
          { domain: 'example.test', subname: '_acme-challenge.allowed', type: 'TXT', write: true },
        ],
      },
    ],
    ...(bed ? { bind: { server: bed.dns, tsig: bed.tsig } } : {}),
    pageSize: 2,
    ...extra,
  };
}

function fixtureFor(desec: FakeDesecApi): VendorProviderFixture {
  const writes = () => desec.vendor.requests.filter((r) => r.method === 'PATCH' && r.status === 200).length;
  return {
    name: 'desec',
    inputs: () => ({ 'desec-api-url': desec.url }),
    credentialInputs: () => ({ 'desec-token': TOKEN }),
    credentialsEnv: () => toEnv(TOKEN),
    secrets: () => [TOKEN],
    vendorTxt: (fqdn) => desec.txt(fqdn),
    seedForeign: (fqdn, value) => desec.seedTxt(fqdn, [`"${value}"`]),
    setMirroring: (on) => desec.setMirroring(on),
    throttleWrites(times) {
      const failure = desec.vendor.failNext('PATCH /api/v1/domains/:name/rrsets/', desecErrors.throttled(1), times);
      return () => failure.served;
    },
    writeCount: writes,
    // One bulk PATCH per domain to create, one to clean up, however many names.
    writesFor: (zones) => zones * 2,
    // Several character-strings in one record, as octoDNS or a zone file import writes a long TXT.
    foreignForm: {
      seed: (fqdn) => desec.seedTxt(fqdn, ['"v=foreign1" "written as two strings"']),
      raw: (fqdn) => desec.rrset(fqdn),
    },
    assertNoUnexpectedRequests: () => desec.assertNoUnexpectedRequests(),
  };
}

describe('desec provider through the local deSEC API, validated by Pebble through BIND', () => {
  let bed: Testbed;
  let desec: FakeDesecApi;
  before(async () => {
    bed = await startTestbed();
    desec = await startFakeDesecApi(endpointOptions(bed));
  });
  after(async () => {
    await desec?.close();
    await bed?.stop();
  });
  vendorProviderScenarios(() => ({ bed, fixture: fixtureFor(desec) }));
  foreignFormScenario(() => ({ bed, fixture: fixtureFor(desec) }));
});

describe('desec provider: record sets, tokens, TTLs and rate limits', () => {
  let desec: FakeDesecApi;
  before(async () => {
    desec = await startFakeDesecApi(endpointOptions(undefined));
  });
  after(async () => desec?.close());

  const http = createHttpClient({ userAgent: 'certwright-test' });
  const provider = (values: Record<string, string> = {}): Promise<DnsProvider> =>
    definition
      .configure({ 'desec-api-url': desec.url, 'desec-token': TOKEN, ...values })
      .create({ logger: silentLogger, clock: systemClock, env: {}, http });
  const record = (fqdn: string, value: string): ChallengeRecord => ({
    domain: fqdn.replace(/^_acme-challenge\./, ''),
    fqdn,
    zone: zoneOf(fqdn),
    value,
  });
  const patches = () => desec.vendor.requests.filter((r) => r.method === 'PATCH');

  it('sends one bulk PATCH per domain for many names, keeps foreign records and TTLs, reads the list page by page', async () => {
    const names = Array.from({ length: 5 }, (_, i) => `_acme-challenge.bulk${i}.example.test`);
    await desec.seedTxt(names[0] as string, ['"foreign" "two strings"'], 7200);
    const before = patches().length;
    const p = await provider();
    const records = names.flatMap((fqdn) => [record(fqdn, `a-${fqdn}`), record(fqdn, `b-${fqdn}`)]);
    await p.createRecords(records);
    assert.equal(patches().length - before, 1, 'one PATCH for five names');
    assert.deepEqual(desec.rrset(names[0] as string), {
      subname: '_acme-challenge.bulk0',
      type: 'TXT',
      ttl: 7200,
      records: ['"foreign" "two strings"', `"a-${names[0]}"`, `"b-${names[0]}"`],
    });
    assert.equal(desec.rrset(names[1] as string)?.ttl, 3600, "a new set gets the domain's minimum TTL");
    await (await provider()).deleteRecords(records);
    assert.ok(
      desec.vendor.requests.some((r) => r.method === 'GET' && /cursor=[^&]+/.test(r.query.toString())),
      'the TXT list (five sets, two a page) was followed to its next pages',
    );
    assert.equal(patches().length - before, 2);
    assert.deepEqual(desec.txt(names[0] as string), ['foreigntwo strings']);
    for (const fqdn of names.slice(1)) assert.equal(desec.rrset(fqdn), undefined, 'an emptied set is deleted');
    desec.assertNoUnexpectedRequests();
  });

  it('refuses a desec-ttl under the domain minimum in one line; takes a lower minimum where the domain has it', async () => {
    await assert.rejects(
      (await provider({ 'desec-ttl': '300' })).createRecords([record('_acme-challenge.t.example.test', 'v')]),
      {
        message:
          'desec-ttl: 300 is below the minimum TTL of example.test (3600); set desec-ttl to 3600 or more, or leave it unset',
      },
    );
    const fqdn = '_acme-challenge.t.other.test';
    const p = await provider();
    await p.createRecords([record(fqdn, 'v')]);
    assert.equal(desec.rrset(fqdn)?.ttl, 60);
    await p.deleteRecords([record(fqdn, 'v')]);
    desec.assertNoUnexpectedRequests();
  });

  it('a token whose policies do not cover a name fails in one line naming the policy to add; a covered name works', async () => {
    const scoped = await provider({ 'desec-token': SCOPED });
    const error = await scoped.createRecords([record('_acme-challenge.denied.example.test', 'v')]).then(
      () => assert.fail('created'),
      (e: Error) => e.message,
    );
    assert.equal(
      error,
      'desec: creating TXT _acme-challenge.denied.example.test: 403 You do not have permission to perform this action.; ' +
        "the token's policies do not let it write TXT at _acme-challenge.denied.example.test in example.test; " +
        'add a policy with perm_write for domain example.test, each subname and type TXT',
    );
    await scoped.createRecords([record('_acme-challenge.allowed.example.test', 'v')]);
    assert.deepEqual(desec.txt('_acme-challenge.allowed.example.test'), ['v']);
    await scoped.deleteRecords([record('_acme-challenge.allowed.example.test', 'v')]);
    const unknown = await (
      await provider({ 'desec-token': 'revoked-token-0123' })
    )
      .createRecords([record('_acme-challenge.r.example.test', 'v')])
      .then(
        () => assert.fail('created'),
        (e: Error) => e.message,
      );
    assert.match(
      unknown,
      /^desec: reading domain example\.test: 401 Invalid token\.; deSEC does not accept desec-token/,
    );
    assert.ok(!unknown.includes('revoked-token-0123'));
    const elsewhere = await (
      await provider()
    )
      .createRecords([{ ...record('_acme-challenge.x.elsewhere.test', 'v'), zone: 'elsewhere.test' }])
      .then(
        () => assert.fail('created'),
        (e: Error) => e.message,
      );
    assert.equal(
      elsewhere,
      "desec: reading domain elsewhere.test: 404 Not found.; elsewhere.test is not a domain of the token's deSEC account",
    );
  });

  it('copes with the per-domain write limit: waits Retry-After, spaces its own writes, fails fast on an hourly limit', async () => {
    const limited = await startFakeDesecApi(
      endpointOptions(undefined, {
        writeRates: [
          { count: 2, seconds: 1 },
          { count: 3, seconds: 3600 },
        ],
      }),
    );
    try {
      // The run's clock, really sleeping (the stand-in's limits run on real time), with each sleep noted.
      const slept: number[] = [];
      const clock: Clock = {
        now: () => Date.now(),
        sleep: (ms) => {
          slept.push(ms);
          return systemClock.sleep(ms);
        },
      };
      const logger = captureLogger();
      const p = await definition
        .configure({ 'desec-api-url': limited.url, 'desec-token': TOKEN })
        .create({ logger, clock, env: toEnv(TOKEN), http: createHttpClient({ userAgent: 'certwright-test' }) });
      const fqdn = '_acme-challenge.paced.example.test';
      await p.createRecords([record(fqdn, 'one')]);
      await p.deleteRecords([record(fqdn, 'one')]);
      assert.ok(slept.length >= 1 && slept.every((ms) => ms <= 500), `its own writes were spaced: ${slept.join(', ')}`);
      limited.rateLimitNext(1, 2);
      slept.length = 0;
      await p.createRecords([record(fqdn, 'two')]);
      assert.ok(slept.includes(2000), `waited as Retry-After said: ${slept.join(', ')}`);
      // The hourly window is spent (three writes): deSEC asks for about an hour, certwright stops at once.
      const error = await p.deleteRecords([record(fqdn, 'two')]).then(
        () => assert.fail('deleted'),
        (e: Error) => e.message,
      );
      assert.match(
        error,
        /^desec: deleting TXT _acme-challenge\.paced\.example\.test: 429 Request was throttled\. Expected available in \d+ seconds\.; deSEC's rate limit is spent for longer than certwright waits/,
      );
      assert.ok(!logger.lines.join('\n').includes(TOKEN));
      limited.assertNoUnexpectedRequests();
    } finally {
      await limited.close();
    }
  });
});
