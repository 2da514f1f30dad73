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
import { hetznerErrors, startFakeHetznerApi, type FakeHetznerApi, type FakeHetznerApiOptions } from './fake-api.js';
import { definition } from '../index.js';

const ZONES = ['example.test', 'other.test', 'delegated.test'];
const token = (label: string) => label.replace(/[^A-Za-z0-9]/g, '').padEnd(64, 'x');
const EDIT = token('certwrightHetznerSECRET');
const READ_ONLY = token('readonly');
const OTHER_PROJECT = token('otherproject');

const zoneOf = (fqdn: string) => ZONES.find((zone) => fqdn === zone || fqdn.endsWith(`.${zone}`)) ?? '';

function endpointOptions(bed: Testbed | undefined): FakeHetznerApiOptions {
  return {
    zones: [
      ...ZONES.map((name, i) => ({ id: 1000 + i, name })),
      { id: 2000, name: 'secondary.test', mode: 'secondary' as const, mirror: false },
    ],
    tokens: [
      { token: EDIT, permission: 'read_write' },
      { token: READ_ONLY, permission: 'read' },
      { token: OTHER_PROJECT, permission: 'read_write', zones: ['other.test'] },
    ],
    ...(bed ? { bind: { server: bed.dns, tsig: bed.tsig } } : {}),
    maxPerPage: 2,
  };
}

const isWrite = (path: string) => /\/actions\/(add|remove)_records$/.test(path);

function fixtureFor(api: FakeHetznerApi): VendorProviderFixture {
  return {
    name: 'hetzner',
    inputs: () => ({ 'hetzner-api-url': api.url }),
    credentialInputs: () => ({ 'hetzner-api-token': EDIT }),
    credentialsEnv: () => ({ HETZNER_API_TOKEN: EDIT }),
    secrets: () => [EDIT],
    vendorTxt: (fqdn) => api.txt(fqdn),
    seedForeign: (fqdn, value) => api.seedTxt(fqdn, `"${value}"`),
    setMirroring: (on) => api.setMirroring(on),
    throttleWrites(times) {
      const failure = api.vendor.failNext(
        'POST /v1/zones/:zone/rrsets/:name/:type/actions/add_records',
        hetznerErrors.rateLimited(Math.floor(Date.now() / 1000) + 1),
        times,
      );
      return () => failure.served;
    },
    writeCount: () =>
      api.vendor.requests.filter((r) => r.method === 'POST' && isWrite(r.path) && r.status === 201).length,
    // One add and one remove per name (here one name per zone); no call spans several names.
    writesFor: (zones) => zones * 2,
    // Hetzner holds TXT data as quoted strings: another tool may have split a value into several.
    foreignForm: {
      seed: (fqdn) => api.seedTxt(fqdn, '"v=foreign1" "split by another tool"'),
      raw: (fqdn) => {
        const zone = zoneOf(fqdn);
        return api
          .rrset(zone, fqdn.slice(0, -(zone.length + 1)))
          ?.records.filter((r) => r.value.startsWith('"v=foreign1"'));
      },
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

describe('hetzner provider through the local Hetzner Cloud API, validated by Pebble through BIND', () => {
  let bed: Testbed;
  let api: FakeHetznerApi;
  before(async () => {
    bed = await startTestbed();
    api = await startFakeHetznerApi(endpointOptions(bed));
  });
  after(async () => {
    await api?.close();
    await bed?.stop();
  });
  vendorProviderScenarios(() => ({ bed, fixture: fixtureFor(api) }));
  foreignFormScenario(() => ({ bed, fixture: fixtureFor(api) }));
});

describe('hetzner provider: RRSets, tokens and Hetzner answers', () => {
  let api: FakeHetznerApi;
  before(async () => {
    api = await startFakeHetznerApi(endpointOptions(undefined));
  });
  after(async () => api?.close());

  const provider = (
    values: Record<string, string> = {},
    clock: Clock = systemClock,
    logger: Logger = silentLogger,
  ): Promise<DnsProvider> =>
    definition
      .configure({ 'hetzner-api-url': api.url, 'hetzner-api-token': EDIT, ...values })
      .create({ logger, clock, env: {}, http: createHttpClient({ userAgent: 'certwright-test' }) });

  it('a wildcard and its apex go in one add_records, a foreign value at the name stays, cleanup removes only ours', async () => {
    const fqdn = '_acme-challenge.www.example.test';
    await api.seedTxt(fqdn, '"foreign-value"');
    const before = api.vendor.requests.length;
    const p = await provider();
    await p.createRecords([record(fqdn, 'wild'), record(fqdn, 'apex'), record('_acme-challenge.example.test', 'top')]);
    const writes = api.vendor.requests.slice(before).filter((r) => r.method === 'POST');
    assert.deepEqual(
      writes.map((r) => decodeURIComponent(r.path)),
      [
        '/v1/zones/example.test/rrsets/_acme-challenge.www/TXT/actions/add_records',
        '/v1/zones/example.test/rrsets/_acme-challenge/TXT/actions/add_records',
      ],
    );
    assert.deepEqual(JSON.parse(writes[0]?.body ?? '{}'), {
      ttl: 60,
      records: [
        { value: '"wild"', comment: 'certwright dns-01 challenge' },
        { value: '"apex"', comment: 'certwright dns-01 challenge' },
      ],
    });
    assert.ok(
      api.vendor.requests.slice(before).some((r) => r.path.startsWith('/v1/actions/')),
      'the actions were waited for',
    );
    await p.deleteRecords([record(fqdn, 'wild'), record(fqdn, 'apex'), record('_acme-challenge.example.test', 'top')]);
    assert.deepEqual(api.txt(fqdn), ['foreign-value']);
    assert.equal(api.rrset('example.test', '_acme-challenge'), undefined, 'an RRSet left empty is gone');
    const again = api.vendor.requests.length;
    await p.deleteRecords([record(fqdn, 'wild')]);
    assert.deepEqual(
      api.vendor.requests.slice(again).map((r) => r.method),
      ['GET'],
      'a second cleanup finds nothing of its own and writes nothing',
    );
    api.assertNoUnexpectedRequests();
  });

  it('a value longer than 255 characters goes as several quoted strings and comes off again', async () => {
    const fqdn = '_acme-challenge.long.example.test';
    const long = 'a'.repeat(300);
    const p = await provider();
    await p.createRecords([record(fqdn, long)]);
    assert.deepEqual(
      api.rrset('example.test', '_acme-challenge.long')?.records.map((r) => r.value),
      [`"${'a'.repeat(255)}" "${'a'.repeat(45)}"`],
    );
    await p.deleteRecords([record(fqdn, long)]);
    assert.deepEqual(api.txt(fqdn), []);
    api.assertNoUnexpectedRequests();
  });

  it('says what is wrong with the token or the zone in one line, and never shows the token', async () => {
    const lines: string[] = [];
    const logger: Logger = { info: (m) => lines.push(m), warn: (m) => lines.push(m), debug: (m) => lines.push(m) };
    const cases: [Record<string, string>, ChallengeRecord, string][] = [
      [
        { 'hetzner-api-token': token('revoked') },
        record('_acme-challenge.revoked.example.test', 'v'),
        'hetzner: adding 1 TXT value(s) at _acme-challenge.revoked.example.test: 401 unauthorized unable to authenticate; Hetzner does not accept hetzner-api-token (unknown, deleted, or a token of the old DNS Console); create an API token in the Hetzner Console: the project → Security → API tokens, with Read & Write',
      ],
      [
        { 'hetzner-api-token': READ_ONLY },
        record('_acme-challenge.ro.example.test', 'v'),
        'hetzner: adding 1 TXT value(s) at _acme-challenge.ro.example.test: 403 token_readonly The token you are using is only allowed to perform GET requests; hetzner-api-token is read-only; create a token with Read & Write in the project that holds the zone',
      ],
      [
        { 'hetzner-api-token': OTHER_PROJECT },
        record('_acme-challenge.elsewhere.example.test', 'v'),
        'hetzner: adding 1 TXT value(s) at _acme-challenge.elsewhere.example.test: 404 not_found zone not found; zone example.test is not in the project of hetzner-api-token; use a token of the project that holds it, or migrate the zone from the old DNS Console to the Hetzner Console',
      ],
      [
        {},
        record('_acme-challenge.secondary.test', 'v', 'secondary.test'),
        "hetzner: adding 1 TXT value(s) at _acme-challenge.secondary.test: 422 incorrect_zone_mode This operation is not supported for this Zone's mode.; zone secondary.test is a secondary zone at Hetzner; create the records on its primary nameserver",
      ],
    ];
    for (const [values, challenge, message] of cases) {
      const error = await (await provider(values, systemClock, logger)).createRecords([challenge]).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      assert.equal(error?.message, message);
    }
    assert.ok(lines.every((line) => !line.includes(EDIT) && !line.includes(READ_ONLY)));
    api.failActionsNext(1);
    await assert.rejects((await provider()).createRecords([record('_acme-challenge.failed.example.test', 'v')]), {
      message:
        /^hetzner: adding 1 TXT value\(s\) at _acme-challenge\.failed\.example\.test: action \d+ failed: action_failed Action failed$/,
    });
  });

  it('configure refuses bad options with one line naming the input', () => {
    const cases: [Record<string, string>, string][] = [
      [
        { 'hetzner-api-token': '' },
        'hetzner-api-token: missing; expected a Hetzner Cloud API token with Read & Write of the project holding the zone (or set HETZNER_API_TOKEN)',
      ],
      [{ 'hetzner-ttl': '30' }, 'hetzner-ttl: "30" is out of range; expected whole seconds from 60 to 86400'],
      [
        { 'hetzner-api-url': 'https://dns.hetzner.com/api/v1' },
        'hetzner-api-url: https://dns.hetzner.com/api/v1 is the old DNS Console API, which Hetzner retired; leave hetzner-api-url unset (the Cloud API) and migrate the zone to the Hetzner Console',
      ],
    ];
    for (const [values, message] of cases)
      assert.throws(() => definition.configure({ 'hetzner-api-token': EDIT, ...values }), { message });
  });

  it('waits until RateLimit-Reset on 429 (Hetzner sends no Retry-After), and through a locked zone', async () => {
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
    api.vendor.failNext('POST /v1/zones/:zone/rrsets/:name/:type/actions/add_records', hetznerErrors.locked());
    await p.createRecords([record('_acme-challenge.limited.example.test', 'v')]);
    assert.ok((slept[0] ?? 0) > 5000 && (slept[0] ?? 0) <= 7000, `waited for the reset: ${slept.join(', ')}`);
    assert.ok(slept.length >= 2, 'and backed off once for the lock');
    assert.deepEqual(api.txt('_acme-challenge.limited.example.test'), ['v']);
    await p.deleteRecords([record('_acme-challenge.limited.example.test', 'v')]);
    assert.deepEqual(api.txt('_acme-challenge.limited.example.test'), []);
  });
});
