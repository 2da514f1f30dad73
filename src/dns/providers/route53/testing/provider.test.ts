import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  foreignFormScenario,
  vendorProviderScenarios,
  type VendorProviderFixture,
} from '../../../../testing/provider-scenarios.js';
import { startTestbed, type Testbed } from '../../../../testing/testbed.js';
import { createHttpClient } from '../../../../net/http.js';
import { silentLogger, systemClock } from '../../../../runtime.js';
import type { ChallengeRecord, DnsProvider } from '../../../provider.js';
import { startFakeRoute53Api, type FakeRoute53Api, type FakeRoute53ApiOptions } from './fake-api.js';
import { definition } from '../index.js';

const ZONE_IDS: Record<string, string> = {
  'example.test': 'Z1EXAMPLEPUBLIC',
  'other.test': 'Z2OTHER',
  'delegated.test': 'Z3DELEGATED',
};
const PRIVATE_EXAMPLE = 'Z9EXAMPLEPRIVATE';
const TWINS = ['Z7TWINFIRST', 'Z8TWINSECOND'];
const USER = { accessKeyId: 'AKIACERTWRIGHTTEST01', secretAccessKey: 'route53-test-secret-key-SECRET/0123456789' };
const DENIED = {
  accessKeyId: 'AKIACERTWRIGHTDENIED',
  secretAccessKey: 'denied-secret-key-SECRET/0123456789abcd',
  deny: ['route53:ChangeResourceRecordSets'],
};
const ROLE = { arn: 'arn:aws:iam::123456789012:role/central-dns', externalId: 'external-id-SECRET' };

const zoneOf = (fqdn: string) => Object.keys(ZONE_IDS).find((zone) => fqdn.endsWith(`.${zone}`)) ?? '';

function endpointOptions(bed: Testbed | undefined): FakeRoute53ApiOptions {
  return {
    zones: [
      ...Object.entries(ZONE_IDS).map(([name, id]) => ({ id, name, mirror: true })),
      // A private zone of the same name is never the one a public certificate needs.
      { id: PRIVATE_EXAMPLE, name: 'example.test', private: true, mirror: false },
      ...TWINS.map((id) => ({ id, name: 'twin.test', mirror: false })),
    ],
    credentials: [USER, DENIED],
    roles: [ROLE],
    ...(bed ? { bind: { server: bed.dns, tsig: bed.tsig } } : {}),
  };
}

/** AWS credentials as configure-aws-credentials leaves them; the SDK reads them from the process environment. */
const awsEnv = (r53: FakeRoute53Api, keys: { accessKeyId: string; secretAccessKey: string } = USER) => ({
  AWS_ACCESS_KEY_ID: keys.accessKeyId,
  AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_ENDPOINT_URL_STS: r53.url,
});

function useEnv(values: Record<string, string>): () => void {
  const saved = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  Object.assign(process.env, values);
  return () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

function fixtureFor(r53: FakeRoute53Api): VendorProviderFixture {
  const throttled = () =>
    r53.vendor.requests.filter((r) => r.status === 400 && r.method === 'POST' && r.path.endsWith('/rrset')).length;
  return {
    name: 'route53',
    inputs: () => ({ 'route53-endpoint': r53.url }),
    credentialInputs: () => ({}),
    credentialsEnv: () => awsEnv(r53),
    secrets: () => [USER.secretAccessKey],
    vendorTxt: (fqdn) => r53.txt(ZONE_IDS[zoneOf(fqdn)] as string, fqdn),
    seedForeign: (fqdn, value) => r53.seedTxt(ZONE_IDS[zoneOf(fqdn)] as string, fqdn, [value]),
    // Route 53 wants quotes, but takes several strings and escapes: another tool's SPF-style data.
    foreignForm: {
      seed: (fqdn) =>
        r53.seedTxtRdata(ZONE_IDS[zoneOf(fqdn)] as string, fqdn, [
          '"v=foreign1 include:_spf.example.test" "~all"',
          '"say \\"hi\\" \\059"',
        ]),
      raw: (fqdn) => r53.txtRdata(ZONE_IDS[zoneOf(fqdn)] as string, fqdn),
    },
    setMirroring: (on) => r53.setMirroring(on),
    throttleWrites(times) {
      const before = throttled();
      r53.throttleNext(times, 'ChangeResourceRecordSets');
      return () => throttled() - before;
    },
    writeCount: () => r53.changeRequests().length,
    // One batch per hosted zone to create, one to clean up, however many names.
    writesFor: (zones) => zones * 2,
    assertNoUnexpectedRequests: () => r53.assertNoUnexpectedRequests(),
  };
}

describe('route53 provider through the local Route 53, validated by Pebble through BIND', () => {
  let bed: Testbed;
  let r53: FakeRoute53Api;
  let restore: () => void;
  before(async () => {
    bed = await startTestbed();
    r53 = await startFakeRoute53Api(endpointOptions(bed));
    restore = useEnv(awsEnv(r53));
  });
  after(async () => {
    restore?.();
    await r53?.close();
    await bed?.stop();
  });
  vendorProviderScenarios(() => ({ bed, fixture: fixtureFor(r53) }));
  foreignFormScenario(() => ({ bed, fixture: fixtureFor(r53) }));
});

describe('route53 provider: zones, credentials and Route 53 answers', () => {
  let r53: FakeRoute53Api;
  let restore: () => void;
  before(async () => {
    r53 = await startFakeRoute53Api({ ...endpointOptions(undefined), pendingPolls: 2 });
    restore = useEnv(awsEnv(r53));
  });
  after(async () => {
    restore?.();
    await r53?.close();
  });

  // Each test gets its own HTTP client: a run of its own, with its own SDK client and zone cache.
  const provider = (values: Record<string, string> = {}): Promise<DnsProvider> =>
    definition.configure({ 'route53-endpoint': r53.url, ...values }).create({
      logger: silentLogger,
      clock: systemClock,
      env: process.env,
      http: createHttpClient({ userAgent: 'certwright-test' }),
    });
  const record = (fqdn: string, value: string, zone = zoneOf(fqdn)): ChallengeRecord => ({
    domain: fqdn.replace(/^_acme-challenge\./, ''),
    fqdn,
    zone,
    value,
  });

  it('refuses two public zones of one name, listing both IDs; route53-hosted-zone-id picks one', async () => {
    const twin = record('_acme-challenge.twin.test', 'v-twin', 'twin.test');
    await assert.rejects((await provider()).createRecords([twin]), {
      message: `route53: 2 public hosted zones are named twin.test (${TWINS.join(', ')}); set route53-hosted-zone-id: twin.test=<ID> to pick the one the domain is delegated to`,
    });
    const picked = await provider({ 'route53-hosted-zone-id': `twin.test=${TWINS[1]}` });
    await picked.createRecords([twin]);
    assert.deepEqual(r53.txt(TWINS[1] as string, twin.fqdn), ['v-twin']);
    assert.deepEqual(r53.txt(TWINS[0] as string, twin.fqdn), []);
    await picked.deleteRecords([twin]);
    assert.deepEqual(r53.txt(TWINS[1] as string, twin.fqdn), []);
  });

  it('public by default, the private zone of the same name when asked', async () => {
    const r = record('_acme-challenge.private.example.test', 'v-private');
    const p = await provider({ 'route53-private-zone': 'true' });
    const lookups = () => r53.vendor.requests.filter((q) => q.path === '/2013-04-01/hostedzonesbyname').length;
    const before = lookups();
    await p.createRecords([r]);
    await p.createRecords([record('_acme-challenge.private2.example.test', 'v-private')]);
    assert.equal(lookups() - before, 1, 'the zone is looked up once per run');
    await p.deleteRecords([record('_acme-challenge.private2.example.test', 'v-private')]);
    assert.deepEqual(r53.txt(PRIVATE_EXAMPLE, r.fqdn), ['v-private']);
    assert.deepEqual(r53.txt(ZONE_IDS['example.test'] as string, r.fqdn), []);
    await p.deleteRecords([r]);
    await assert.rejects(
      (await provider({ 'route53-private-zone': 'true' })).createRecords([record('_acme-challenge.x.other.test', 'v')]),
      {
        message:
          'route53: no private hosted zone named other.test is visible to these credentials; there is a public one (Z2OTHER): set route53-private-zone: false',
      },
    );
  });

  it('one batch for a whole order in a zone, values de-duplicated, INSYNC awaited, throttling and PriorRequestNotComplete survived', async () => {
    const before = r53.changeRequests().length;
    r53.throttleNext(1, 'ChangeResourceRecordSets');
    r53.priorRequestNotCompleteNext(1);
    // A wildcard and its apex may carry the same value: Route 53 refuses a set that lists it twice.
    const records = [
      record('_acme-challenge.batch.example.test', 'same'),
      record('_acme-challenge.batch.example.test', 'same'),
      record('_acme-challenge.b2.example.test', 'other'),
    ];
    const p = await provider({ 'route53-hosted-zone-id': ZONE_IDS['example.test'] as string });
    await p.createRecords(records);
    const batches = r53.changeRequests().slice(before);
    assert.equal(batches.length, 1, 'one ChangeResourceRecordSets for the zone');
    assert.deepEqual(batches[0]?.changes.map((c) => [c.action, c.name.replace(/\.$/, ''), c.values]).sort(), [
      ['CREATE', '_acme-challenge.b2.example.test', ['"other"']],
      ['CREATE', '_acme-challenge.batch.example.test', ['"same"']],
    ]);
    const polls = r53.vendor.requests.filter(
      (r) => r.method === 'GET' && r.path.startsWith('/2013-04-01/change/'),
    ).length;
    assert.ok(polls >= 3, `GetChange polled until INSYNC (PENDING twice first), ${polls} calls`);
    await p.deleteRecords(records);
    assert.deepEqual(r53.txt(ZONE_IDS['example.test'] as string, '_acme-challenge.batch.example.test'), []);
    r53.assertNoUnexpectedRequests();
  });

  it('two writers at once at one name: the compare-and-swap loses neither value', async () => {
    const fqdn = '_acme-challenge.race.example.test';
    await r53.seedTxt(ZONE_IDS['example.test'] as string, fqdn, ['foreign']);
    const refusedBefore = r53.vendor.requests.filter((r) => r.status === 400).length;
    // Two runs (two HTTP clients, so two SDK clients and no shared lock) read the same set and write at once.
    const [a, b] = await Promise.all([
      provider({ 'route53-wait-insync': 'false' }),
      provider({ 'route53-wait-insync': 'false' }),
    ]);
    await Promise.all([a.createRecords([record(fqdn, 'from-a')]), b.createRecords([record(fqdn, 'from-b')])]);
    assert.deepEqual(r53.txt(ZONE_IDS['example.test'] as string, fqdn).sort(), ['foreign', 'from-a', 'from-b']);
    assert.ok(
      r53.vendor.requests.filter((r) => r.status === 400).length > refusedBefore,
      'Route 53 refused the stale batch, which was rebuilt',
    );
    await Promise.all([a.deleteRecords([record(fqdn, 'from-a')]), b.deleteRecords([record(fqdn, 'from-b')])]);
    assert.deepEqual(r53.txt(ZONE_IDS['example.test'] as string, fqdn), ['foreign']);
  });

  it('AccessDenied explains the least-privilege policy instead of dumping the SDK message', async () => {
    const back = useEnv({ AWS_ACCESS_KEY_ID: DENIED.accessKeyId, AWS_SECRET_ACCESS_KEY: DENIED.secretAccessKey });
    try {
      await assert.rejects((await provider()).createRecords([record('_acme-challenge.denied.example.test', 'v')]), {
        message:
          'route53: ChangeResourceRecordSets for _acme-challenge.denied.example.test in zone example.test (Z1EXAMPLEPUBLIC) was denied (AccessDenied): the credentials need route53:ListHostedZonesByName, route53:ListResourceRecordSets, route53:ChangeResourceRecordSets, route53:GetChange on the hosted zone; see the least-privilege policy in the route53 section of docs/providers.md',
      });
    } finally {
      back();
    }
  });

  it('missing or wrong credentials say what to do', async () => {
    const back = useEnv({ AWS_SECRET_ACCESS_KEY: 'not-the-secret' });
    try {
      await assert.rejects((await provider()).createRecords([record('_acme-challenge.bad.example.test', 'v')]), {
        message:
          /^route53: ListHostedZonesByName for zone example\.test: AWS refused the credentials \(SignatureDoesNotMatch\); check the credentials step before this one/,
      });
    } finally {
      back();
    }
    const gone = useEnv({
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_CONFIG_FILE: '/nonexistent',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    });
    try {
      await assert.rejects((await provider()).createRecords([record('_acme-challenge.none.example.test', 'v')]), {
        message:
          /^route53: no AWS credentials found \(.*\); in GitHub Actions run aws-actions\/configure-aws-credentials with role-to-assume \(OIDC\) before this step/,
      });
    } finally {
      gone();
    }
  });

  it('assumes route53-assume-role-arn with its external ID, chained from the base credentials', async () => {
    const r = record('_acme-challenge.central.example.test', 'v-central');
    const p = await provider({ 'route53-assume-role-arn': ROLE.arn, 'route53-external-id': ROLE.externalId });
    await p.createRecords([r]);
    await p.deleteRecords([r]);
    const call = r53.assumedRoles.at(-1);
    assert.deepEqual(
      [call?.arn, call?.externalId, call?.sessionName, call?.granted],
      [ROLE.arn, ROLE.externalId, 'certwright', true],
    );
    assert.ok(
      r53.vendor.requests.some(
        (q) => q.path.includes('/rrset') && typeof q.headers['x-amz-security-token'] === 'string',
      ),
      'Route 53 was called with the role session',
    );
    await assert.rejects(
      (await provider({ 'route53-assume-role-arn': ROLE.arn, 'route53-external-id': 'wrong' })).createRecords([r]),
      {
        message:
          /\(AccessDenied\) \(to assume arn:aws:iam::123456789012:role\/central-dns, the base credentials need sts:AssumeRole, and its trust policy must allow them with this external ID\)/,
      },
    );
  });
});
