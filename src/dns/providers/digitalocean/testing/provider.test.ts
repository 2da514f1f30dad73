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
import {
  digitaloceanErrors,
  startFakeDigitalOceanApi,
  type FakeDigitalOceanApi,
  type FakeDigitalOceanApiOptions,
} from './fake-api.js';
import { definition } from '../index.js';

const DOMAINS = ['example.test', 'other.test', 'delegated.test'];
/** DigitalOcean personal access tokens: `dop_v1_` and 64 hex digits. */
const token = (label: string): string => `dop_v1_${createHash('sha256').update(label).digest('hex')}`;
const EDIT = token('certwright-read-update-SECRET');
const READ_ONLY = token('read-only');
const UPDATE_ONLY = token('update-without-read');

const domainOf = (fqdn: string) => DOMAINS.find((domain) => fqdn === domain || fqdn.endsWith(`.${domain}`)) ?? '';

function endpointOptions(
  bed: Testbed | undefined,
  extra: Partial<FakeDigitalOceanApiOptions> = {},
): FakeDigitalOceanApiOptions {
  return {
    domains: [...DOMAINS.map((name) => ({ name })), { name: 'unmirrored.test', mirror: false }],
    tokens: [
      { token: EDIT, scopes: ['domain:read', 'domain:update'] },
      { token: READ_ONLY, scopes: ['domain:read'] },
      { token: UPDATE_ONLY, scopes: ['domain:update'] },
    ],
    ...(bed ? { bind: { server: bed.dns, tsig: bed.tsig } } : {}),
    maxPerPage: 2,
    ...extra,
  };
}

function fixtureFor(d: FakeDigitalOceanApi): VendorProviderFixture {
  const writes = () =>
    d.vendor.requests.filter(
      (r) => (r.method === 'POST' && r.status === 201) || (r.method === 'DELETE' && r.status === 204),
    ).length;
  return {
    name: 'digitalocean',
    inputs: () => ({ 'digitalocean-api-url': d.url }),
    credentialInputs: () => ({ 'digitalocean-token': EDIT }),
    credentialsEnv: () => ({ DIGITALOCEAN_ACCESS_TOKEN: EDIT }),
    secrets: () => [EDIT],
    vendorTxt: (fqdn) => d.txt(fqdn),
    seedForeign: async (fqdn, value) => void (await d.seedTxt(domainOf(fqdn), fqdn, value)),
    setMirroring: (on) => d.setMirroring(on),
    throttleWrites(times) {
      const failure = d.vendor.failNext(
        'POST /v2/domains/:domain/records',
        digitaloceanErrors.rateLimited(1, Math.floor(Date.now() / 1000) + 1),
        times,
      );
      return () => failure.served;
    },
    writeCount: writes,
    // No batch call: one create and one delete per value, however many zones.
    writesFor: (_zones, records) => records * 2,
    refPattern: /^[a-z0-9.-]+\/\d+$/,
    // DigitalOcean keeps TXT data as sent: another tool may have sent it quoted, in two strings.
    foreignForm: {
      seed: async (fqdn) => void (await d.seedTxt(domainOf(fqdn), fqdn, '"v=foreign1" "quoted by another tool"')),
      raw: (fqdn) =>
        d
          .records(domainOf(fqdn))
          .filter((r) => r.type === 'TXT' && `${r.name}.${domainOf(fqdn)}` === fqdn)
          .map((r) => [r.id, r.data]),
    },
    assertNoUnexpectedRequests: () => d.assertNoUnexpectedRequests(),
  };
}

function providerFor(
  d: FakeDigitalOceanApi,
  values: Record<string, string> = {},
  clock: Clock = systemClock,
  logger: Logger = silentLogger,
): Promise<DnsProvider> {
  // An HTTP client of its own, as a run has: the per-run caches (domains, rate-limit budget) are keyed by it.
  const http = createHttpClient({ userAgent: 'certwright-test' });
  return definition
    .configure({ 'digitalocean-api-url': d.url, 'digitalocean-token': EDIT, ...values })
    .create({ logger, clock, env: {}, http });
}

/** A clock whose sleeps return at once and move its time on, so a wait the provider takes is seen as past. */
function fastClock(start = Date.now()): Clock & { slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: (ms) => {
      slept.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

const record = (fqdn: string, value: string, zone = domainOf(fqdn)): ChallengeRecord => ({
  domain: fqdn.replace(/^_acme-challenge\./, ''),
  fqdn,
  zone,
  value,
});

describe('digitalocean provider through the local DigitalOcean API, validated by Pebble through BIND', () => {
  let bed: Testbed;
  let d: FakeDigitalOceanApi;
  before(async () => {
    bed = await startTestbed();
    d = await startFakeDigitalOceanApi(endpointOptions(bed));
  });
  after(async () => {
    await d?.close();
    await bed?.stop();
  });
  vendorProviderScenarios(() => ({ bed, fixture: fixtureFor(d) }));
  foreignFormScenario(() => ({ bed, fixture: fixtureFor(d) }));

  it("deletes exactly the run's record IDs: an identical foreign record at the same name survives, and DNS still serves its value", async () => {
    const fqdn = '_acme-challenge.twin-value.example.test';
    const foreign = await d.seedTxt('example.test', fqdn, 'shared-value');
    const provider = await providerFor(d);
    const created = (await provider.createRecords([record(fqdn, 'shared-value')])) ?? [];
    const ref = created[0]?.ref ?? '';
    assert.match(ref, /^example\.test\/\d+$/);
    assert.notEqual(ref, `example.test/${foreign}`, 'a record of its own, beside the identical one');
    assert.deepEqual(d.txt(fqdn), ['shared-value', 'shared-value']);
    await provider.deleteRecords(created);
    assert.deepEqual(
      d
        .records('example.test')
        .filter((r) => r.name === '_acme-challenge.twin-value')
        .map((r) => r.id),
      [foreign],
      'the foreign record, by its ID',
    );
    assert.deepEqual(await bed.txt(fqdn), ['shared-value']);
    d.assertNoUnexpectedRequests();
  });
});

describe('digitalocean provider: domains, tokens and DigitalOcean answers', () => {
  let d: FakeDigitalOceanApi;
  before(async () => {
    d = await startFakeDigitalOceanApi(endpointOptions(undefined));
  });
  after(async () => d?.close());

  it('finds the domain among pages of domains, also for a subzone of one, and sends the name relative to it', async () => {
    const provider = await providerFor(d);
    const records = [
      record('_acme-challenge.www.other.test', 'v-other'),
      record('_acme-challenge.a.sub.example.test', 'v-sub', 'sub.example.test'),
    ];
    const created = (await provider.createRecords(records)) ?? [];
    assert.deepEqual(
      created.map((r) => r.ref?.split('/')[0]),
      ['other.test', 'example.test'],
    );
    assert.deepEqual(
      d.records('example.test').map((r) => [r.name, r.data, r.ttl]),
      [['_acme-challenge.a.sub', 'v-sub', 30]],
    );
    const listings = d.vendor.requests.filter((r) => r.path === '/v2/domains');
    assert.deepEqual(
      listings.map((r) => r.query.get('page')),
      [null, '2'],
      'one listing for the run, every page of it',
    );
    await provider.deleteRecords(created);
    assert.deepEqual([...d.records('example.test'), ...d.records('other.test')], []);
    d.assertNoUnexpectedRequests();
  });

  it('with digitalocean-domain, lists nothing: a token with domain:update alone creates and deletes', async () => {
    const before = d.vendor.requests.length;
    const provider = await providerFor(d, {
      'digitalocean-token': UPDATE_ONLY,
      'digitalocean-domain': 'example.test, sub.other.test=other.test',
    });
    const created =
      (await provider.createRecords([
        record('_acme-challenge.given.example.test', 'v1'),
        record('_acme-challenge.x.sub.other.test', 'v2', 'sub.other.test'),
      ])) ?? [];
    assert.deepEqual(
      created.map((r) => r.ref?.split('/')[0]),
      ['example.test', 'other.test'],
    );
    await provider.deleteRecords(created);
    assert.deepEqual(
      d.vendor.requests
        .slice(before)
        .map((r) => `${r.method} ${r.status}`)
        .sort(),
      ['DELETE 204', 'DELETE 204', 'POST 201', 'POST 201'],
    );
    await assert.rejects(provider.createRecords([record('_acme-challenge.www.delegated.test', 'v3')]), {
      message:
        'digitalocean: no domain in digitalocean-domain (example.test,sub.other.test=other.test) holds _acme-challenge.www.delegated.test; add the DigitalOcean domain of zone delegated.test to it',
    });
  });

  it('says what is wrong with the token, and never shows it', async () => {
    const revoked = token('revoked');
    const lines: string[] = [];
    const logger: Logger = { info: (m) => lines.push(m), warn: (m) => lines.push(m), debug: (m) => lines.push(m) };
    const cases: [Record<string, string>, ChallengeRecord, string][] = [
      [
        { 'digitalocean-token': revoked },
        record('_acme-challenge.revoked.example.test', 'v'),
        'digitalocean: listing the domains: 401 Unable to authenticate you; the token is invalid or expired; generate a new personal access token and update digitalocean-token',
      ],
      [
        { 'digitalocean-token': READ_ONLY },
        record('_acme-challenge.ro.example.test', 'v'),
        'digitalocean: creating TXT _acme-challenge.ro.example.test in domain example.test: 403 You do not have access for the attempted action; the token lacks the scope domain:update (or domain:create); generate a token with the custom scopes domain:read and domain:update',
      ],
      [
        { 'digitalocean-token': UPDATE_ONLY },
        record('_acme-challenge.noread.example.test', 'v'),
        'digitalocean: listing the domains: 403 You do not have access for the attempted action; the token lacks the scope domain:read; add it, or name the domain in digitalocean-domain',
      ],
      [
        {},
        record('_acme-challenge.x.unknown.test', 'v', 'unknown.test'),
        "digitalocean: no domain of the token's team holds _acme-challenge.x.unknown.test (zone unknown.test; 4 domain(s) visible); add unknown.test under Networking → Domains, use a token of the team that has it, or set digitalocean-domain",
      ],
      [
        { 'digitalocean-domain': 'gone.test' },
        record('_acme-challenge.gone.test', 'v', 'gone.test'),
        "digitalocean: creating TXT _acme-challenge.gone.test in domain gone.test: 404 The resource you were accessing could not be found; DigitalOcean has no domain gone.test in the token's team; check digitalocean-domain, or add the domain under Networking → Domains",
      ],
    ];
    for (const [values, challenge, message] of cases) {
      const error = await (await providerFor(d, values, systemClock, logger)).createRecords([challenge]).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      assert.equal(error?.message, message);
      assert.ok(!error?.message.includes('dop_v1_'));
    }
    assert.ok(lines.length > 0 && lines.every((line) => !line.includes('dop_v1_')), 'no token in the debug lines');
  });

  it('configure refuses bad options with one line naming the input', () => {
    const cases: [Record<string, string>, string][] = [
      [
        { 'digitalocean-token': '' },
        'digitalocean-token: missing; expected a DigitalOcean personal access token with domain:read and domain:update (or set DIGITALOCEAN_ACCESS_TOKEN)',
      ],
      [
        { 'digitalocean-token': `${EDIT} x` },
        'digitalocean-token: contains whitespace; paste the token exactly as DigitalOcean showed it',
      ],
      [
        { 'digitalocean-token': `dor_v1_${'0'.repeat(64)}` },
        'digitalocean-token: is an OAuth refresh token (dor_v1_…), which the API does not accept; generate a personal access token (dop_v1_…)',
      ],
      [{ 'digitalocean-ttl': '29' }, 'digitalocean-ttl: "29" is out of range; expected whole seconds from 30 to 86400'],
      [
        { 'digitalocean-domain': 'example.test, *.example.org' },
        'digitalocean-domain: "*.example.org" is not a domain name (a wildcard is no domain); expected domains such as example.com, example.org, or zone=domain pairs such as sub.example.com=example.com',
      ],
      [
        { 'digitalocean-domain': 'example.test, Example.test.' },
        'digitalocean-domain: domain example.test is listed twice',
      ],
      [
        { 'digitalocean-domain': 'example.test=sub.example.test' },
        'digitalocean-domain: "example.test=sub.example.test": zone example.test is not inside domain sub.example.test; a record can only go to a domain that holds its name',
      ],
      [
        { 'digitalocean-domain': 'a.example.test=example.test,a.example.test=example.test' },
        'digitalocean-domain: zone a.example.test is listed twice; give each zone one domain',
      ],
      [
        { 'digitalocean-api-url': 'ftp://example.test' },
        'digitalocean-api-url: "ftp://example.test" is not an http(s) URL; expected one such as https://api.digitalocean.com',
      ],
    ];
    for (const [values, message] of cases) {
      assert.throws(() => definition.configure({ 'digitalocean-token': EDIT, ...values }), { message });
    }
    assert.equal(
      definition.configure({ 'digitalocean-token': EDIT }).description,
      'digitalocean (domains found by listing)',
    );
    assert.equal(
      definition.configure({
        'digitalocean-token': EDIT,
        'digitalocean-domain': 'Example.test',
        'digitalocean-api-url': 'http://127.0.0.1:1/v2/',
      }).description,
      'digitalocean (domain example.test, at http://127.0.0.1:1)',
    );
  });

  it('a journaled ID is deleted only while it is a TXT record at the name with the value: a tampered journal deletes nothing foreign', async () => {
    const fqdn = '_acme-challenge.journal.example.test';
    const elsewhere = await d.seedTxt('example.test', 'www.example.test', 'keep-me');
    const sameName = await d.seedTxt('example.test', fqdn, 'foreign-value');
    const created = (await (await providerFor(d)).createRecords([record(fqdn, 'ours')])) ?? [];
    // A new run reads the journal: one honest entry, two that point at records that are not its own.
    await (
      await providerFor(d)
    ).deleteRecords([
      ...created,
      { ...record(fqdn, 'ours'), ref: `example.test/${elsewhere}` },
      { ...record(fqdn, 'other'), ref: `example.test/${sameName}` },
    ]);
    assert.deepEqual(d.txt('www.example.test'), ['keep-me']);
    assert.deepEqual(d.txt(fqdn), ['foreign-value'], "the run's own record went, by its journaled ID");
    assert.ok(
      !d.vendor.requests.some(
        (r) => r.method === 'DELETE' && (r.path.endsWith(`/${elsewhere}`) || r.path.endsWith(`/${sameName}`)),
      ),
      'no DELETE was sent for a foreign ID',
    );
    d.assertNoUnexpectedRequests();
  });

  it("after a crash that lost the IDs, cleanup finds the run's records by name and value across pages, and only those", async () => {
    const fqdn = '_acme-challenge.paged.example.test';
    for (const value of ['foreign-1', 'foreign-2', 'foreign-3']) await d.seedTxt('example.test', fqdn, value);
    await (await providerFor(d)).createRecords([record(fqdn, 'ours-1'), record(fqdn, 'ours-2')]);
    // A new run: a fresh provider, and records without refs (journaled before they were created).
    await (
      await providerFor(d)
    ).deleteRecords([record(fqdn, 'ours-1'), record(fqdn, 'ours-2'), record(fqdn, 'never-created')]);
    assert.deepEqual(d.txt(fqdn).sort(), ['foreign-1', 'foreign-2', 'foreign-3']);
    const pages = d.vendor.requests.filter(
      (r) => r.method === 'GET' && r.path === '/v2/domains/example.test/records' && r.query.get('name') === fqdn,
    );
    assert.ok(
      pages.some((r) => r.query.get('page') === '3'),
      'five records, two to a page: three pages',
    );
    d.assertNoUnexpectedRequests();
  });

  it('a create whose answer is lost is not repeated into a duplicate: the record made is found and journaled', async () => {
    const fqdn = '_acme-challenge.lost.example.test';
    const lost = d.loseCreateAnswers(1);
    const provider = await providerFor(d);
    const created = (await provider.createRecords([record(fqdn, 'v-lost')])) ?? [];
    assert.equal(lost.served, 1);
    const ids = d
      .records('example.test')
      .filter((r) => r.name === '_acme-challenge.lost')
      .map((r) => r.id);
    assert.equal(ids.length, 1, 'one record, not two');
    assert.equal(created[0]?.ref, `example.test/${ids[0]}`);

    // A 500 that did not create anything: the create is repeated.
    d.vendor.failNext('POST /v2/domains/:domain/records', digitaloceanErrors.serverError());
    const again = (await provider.createRecords([record(fqdn, 'v-again')])) ?? [];
    assert.deepEqual(d.txt(fqdn).sort(), ['v-again', 'v-lost']);
    await provider.deleteRecords([...created, ...again]);
    assert.deepEqual(d.txt(fqdn), []);
    d.assertNoUnexpectedRequests();
  });

  it('waits as retry-after says on 429, and gives up on a wait longer than a minute', async () => {
    const clock = fastClock();
    const provider = await providerFor(d, { 'digitalocean-domain': 'example.test' }, clock);
    d.vendor.failNext(
      'POST /v2/domains/:domain/records',
      digitaloceanErrors.rateLimited(7, Math.floor(clock.now() / 1000) + 7),
    );
    const created = (await provider.createRecords([record('_acme-challenge.limited.example.test', 'v')])) ?? [];
    assert.deepEqual(clock.slept, [7000], 'the reset has passed by then: no second wait');
    await provider.deleteRecords(created);
    d.vendor.failNext(
      'POST /v2/domains/:domain/records',
      digitaloceanErrors.rateLimited(600, Math.floor(clock.now() / 1000) + 600),
    );
    await assert.rejects(provider.createRecords([record('_acme-challenge.limited.example.test', 'w')]), {
      message:
        /^digitalocean: creating TXT _acme-challenge\.limited\.example\.test in domain example\.test: 429 API Rate limit exceeded; the token's rate limit \(5,000 requests an hour, 250 a minute\) is used up until \d{4}-\d\d-\d\dT[\d:.]+Z; spread the certificates over more runs or shards$/,
    });
  });
});

describe('digitalocean provider: the rate-limit headers', () => {
  it('slow the run down before the budget is spent: no 429 where an unpaced run would get them', async () => {
    // One virtual clock for the endpoint's windows and the provider's pauses: the test takes no real time.
    const clock = fastClock(Date.UTC(2030, 0, 1));
    const { slept } = clock;
    const d = await startFakeDigitalOceanApi(
      endpointOptions(undefined, {
        rateLimit: { perHour: 5000, perMinute: 6 },
        now: () => clock.now(),
        maxPerPage: 200,
      }),
    );
    try {
      const start = clock.now();
      const provider = await providerFor(d, {}, clock);
      const records = [1, 2, 3, 4, 5].map((i) => record(`_acme-challenge.paced${i}.example.test`, `v${i}`));
      const created = (await provider.createRecords(records)) ?? [];
      await provider.deleteRecords(created);
      assert.deepEqual(d.txt('_acme-challenge.paced1.example.test'), []);
      assert.equal(d.vendor.requests.length, 11, 'one listing, five creates, five deletes');
      assert.equal(d.rateLimited(), 0, 'never throttled');
      assert.ok(slept.length >= 5, `paused before most requests: ${slept.join(', ')}`);
      const took = clock.now() - start;
      assert.ok(took >= 60_000, `eleven requests at six a minute take over a minute; took ${took} ms`);
      d.assertNoUnexpectedRequests();
    } finally {
      await d.close();
    }
  });
});
