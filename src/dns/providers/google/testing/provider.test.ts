import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { after, before, describe, it } from 'node:test';
import {
  foreignFormScenario,
  vendorProviderScenarios,
  type VendorProviderFixture,
} from '../../../../testing/provider-scenarios.js';
import { startTestbed, type Testbed } from '../../../../testing/testbed.js';
import { json, route, startFakeApi, text, type FakeApi } from '../../../../testing/fake-api-kit.js';
import { createHttpClient, type HttpClient } from '../../../../net/http.js';
import { errorMessage, silentLogger, systemClock, type Logger } from '../../../../runtime.js';
import type { ChallengeRecord, DnsProvider } from '../../../provider.js';
import {
  GOOGLE_TOKEN_AUDIENCE,
  startFakeGoogleApi,
  type FakeGoogleApi,
  type FakeGoogleApiOptions,
} from './fake-api.js';
import { definition } from '../index.js';

const PROJECT = 'certwright-test';
/** A second project, named only by a service-account key. */
const KEY_PROJECT = 'certwright-keys';
const ZONES: Record<string, string> = {
  'example.test': 'example-test',
  'other.test': 'other-test',
  'delegated.test': 'delegated-test',
};
const AUDIENCE =
  '//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/github/providers/certwright';
const POOL =
  'principal://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/github/subject';
/** The federated identity of the repository's workflow, granted on the project directly. */
const FEDERATED = `${POOL}/repo:certwright/app:ref:refs/heads/main`;
const READER = `${POOL}/repo:certwright/reader`;
const NO_UPDATE = `${POOL}/repo:certwright/no-update`;
const SERVICE_ACCOUNT = 'dns-writer@certwright-test.iam.gserviceaccount.com';
const KEY_ACCOUNT = 'dns-key@certwright-keys.iam.gserviceaccount.com';
/** The OIDC tokens GitHub hands the workflow (JWT-shaped), one per identity. */
const jwtLike = (subject: string) =>
  `eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.${Buffer.from(JSON.stringify({ sub: subject, aud: AUDIENCE })).toString('base64url')}.SECRET-signature-${subject.length}`;
const OIDC = {
  main: jwtLike('repo:certwright/app:ref:refs/heads/main'),
  reader: jwtLike('repo:certwright/reader'),
  noUpdate: jwtLike('repo:certwright/no-update'),
};
/** ACTIONS_ID_TOKEN_REQUEST_TOKEN: the runner's token for asking GitHub for an OIDC token. */
const REQUEST_TOKEN = 'actions-id-token-request-token-SECRET';
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_KEY_PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

const zoneOf = (fqdn: string) => Object.keys(ZONES).find((zone) => fqdn.endsWith(`.${zone}`)) ?? '';

function endpointOptions(bed: Testbed | undefined, extra: Partial<FakeGoogleApiOptions> = {}): FakeGoogleApiOptions {
  return {
    project: PROJECT,
    zones: [
      ...Object.entries(ZONES).map(([dnsName, name]) => ({ name, dnsName })),
      // A private zone of the same name is never the one a public certificate needs.
      { name: 'example-test-internal', dnsName: 'example.test', visibility: 'private' },
      { name: 'internal-test', dnsName: 'internal.test', visibility: 'private' },
      { name: 'twin-a', dnsName: 'twin.test', mirror: false },
      { name: 'twin-b', dnsName: 'twin.test', mirror: false },
      { name: 'keys-example-test', dnsName: 'example.test', project: KEY_PROJECT, mirror: false },
    ],
    principals: [
      { name: FEDERATED },
      { name: `serviceAccount:${SERVICE_ACCOUNT}` },
      { name: `serviceAccount:${KEY_ACCOUNT}` },
      { name: READER, permissions: ['dns.managedZones.list', 'dns.resourceRecordSets.list'] },
      {
        name: NO_UPDATE,
        permissions: [
          'dns.managedZones.list',
          'dns.resourceRecordSets.list',
          'dns.changes.create',
          'dns.changes.get',
          'dns.resourceRecordSets.create',
          'dns.resourceRecordSets.delete',
        ],
      },
    ],
    workloadIdentity: {
      audience: AUDIENCE,
      subjects: { [OIDC.main]: FEDERATED, [OIDC.reader]: READER, [OIDC.noUpdate]: NO_UPDATE },
    },
    serviceAccounts: [
      { email: SERVICE_ACCOUNT, impersonators: [FEDERATED] },
      { email: KEY_ACCOUNT, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() },
    ],
    metadata: { serviceAccount: SERVICE_ACCOUNT, project: PROJECT },
    ...(bed ? { bind: { server: bed.dns, tsig: bed.tsig } } : {}),
    ...extra,
  };
}

/** GitHub's OIDC token service (ACTIONS_ID_TOKEN_REQUEST_URL), as google-github-actions/auth's credentials file calls it. */
async function startGitHubOidc(): Promise<FakeApi> {
  return startFakeApi({
    name: 'github-oidc',
    auth: (request) =>
      request.headers.authorization === `Bearer ${REQUEST_TOKEN}` ? undefined : text(401, 'Unauthorized'),
    routes: [
      route('GET /_apis/distributedtask/hubs/build/plans/plan/jobs/job/idtoken', (request) =>
        request.query.get('audience') === `https:${AUDIENCE}`
          ? json(200, { count: 1, value: OIDC.main })
          : json(400, { message: 'audience mismatch' }),
      ),
    ],
  });
}

/** Writes a credentials file as google-github-actions/auth does, and returns its path. */
async function credentialsFile(content: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'certwright-gcp-'));
  const path = join(dir, 'credentials.json');
  await writeFile(path, JSON.stringify(content, null, 2), { mode: 0o600 });
  return path;
}

/** The external_account file of Workload Identity Federation with a URL-sourced token (GitHub Actions). */
function wifFromUrl(gcp: FakeGoogleApi, oidc: FakeApi, impersonate?: string): Record<string, unknown> {
  return {
    type: 'external_account',
    audience: AUDIENCE,
    subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
    token_url: gcp.stsUrl,
    credential_source: {
      url: `${oidc.url}/_apis/distributedtask/hubs/build/plans/plan/jobs/job/idtoken?api-version=2.0&audience=${encodeURIComponent(`https:${AUDIENCE}`)}`,
      headers: { Authorization: `Bearer ${REQUEST_TOKEN}` },
      format: { type: 'json', subject_token_field_name: 'value' },
    },
    ...(impersonate ? { service_account_impersonation_url: gcp.impersonationUrl(impersonate) } : {}),
  };
}

/** The same with the token in a file (a CI system that writes it to disk). */
async function wifFromFile(gcp: FakeGoogleApi, subjectToken: string): Promise<string> {
  const tokenFile = await credentialsFile({});
  await writeFile(tokenFile, subjectToken);
  return credentialsFile({
    type: 'external_account',
    audience: AUDIENCE,
    subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
    token_url: gcp.stsUrl,
    credential_source: { file: tokenFile },
  });
}

function useEnv(values: Record<string, string | undefined>): () => void {
  const saved = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  const apply = (entries: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(entries)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(values);
  return () => apply(saved);
}

function fixtureFor(gcp: FakeGoogleApi, env: () => Record<string, string>): VendorProviderFixture {
  return {
    name: 'google',
    inputs: () => ({ 'google-api-url': gcp.apiUrl }),
    // In this process the credentials come from the environment (set in before()), as google-github-actions/auth leaves them.
    credentialInputs: () => ({}),
    credentialsEnv: env,
    secrets: () => [REQUEST_TOKEN, OIDC.main, ...gcp.issuedTokens()],
    vendorTxt: (fqdn) => gcp.txt(fqdn),
    seedForeign: (fqdn, value) => gcp.seedTxt(ZONES[zoneOf(fqdn)] as string, fqdn, [value]),
    setMirroring: (on) => gcp.setMirroring(on),
    throttleWrites(times) {
      const failure = gcp.throttleNext(times, 'changes.create');
      return () => failure.served;
    },
    writeCount: () => gcp.changes().length,
    // One change per managed zone to create, one to clean up, however many names.
    writesFor: (zones) => zones * 2,
    // Cloud DNS stores TXT data unquoted as lego, gcloud and Terraform write it (words become strings).
    foreignForm: {
      seed: (fqdn) => gcp.seedTxtRdata(ZONES[zoneOf(fqdn)] as string, fqdn, ['v=foreign1', 'unquoted by another tool']),
      raw: (fqdn) => gcp.rrset(ZONES[zoneOf(fqdn)] as string, fqdn),
    },
    refPattern: new RegExp(`^projects/${PROJECT}/managedZones/(${Object.values(ZONES).join('|')})$`),
    assertNoUnexpectedRequests: () => gcp.assertNoUnexpectedRequests(),
  };
}

describe('google provider through the local Cloud DNS, validated by Pebble through BIND', () => {
  let bed: Testbed;
  let gcp: FakeGoogleApi;
  let oidc: FakeApi;
  let env: Record<string, string>;
  let restore: () => void;
  before(async () => {
    [bed, oidc] = await Promise.all([startTestbed(), startGitHubOidc()]);
    // Changes are done at the first poll, so createRecords returns (and its refs are journaled) as soon as the change is applied.
    gcp = await startFakeGoogleApi(endpointOptions(bed, { pendingPolls: 0 }));
    env = {
      GOOGLE_APPLICATION_CREDENTIALS: await credentialsFile(wifFromUrl(gcp, oidc)),
      GOOGLE_CLOUD_PROJECT: PROJECT,
    };
    restore = useEnv(env);
  });
  after(async () => {
    restore?.();
    await Promise.all([gcp?.close(), oidc?.close()]);
    await bed?.stop();
  });
  vendorProviderScenarios(() => ({ bed, fixture: fixtureFor(gcp, () => env) }));
  foreignFormScenario(() => ({ bed, fixture: fixtureFor(gcp, () => env) }));
});

describe('google provider: credentials, zones and Cloud DNS answers', () => {
  let gcp: FakeGoogleApi;
  let oidc: FakeApi;
  let restore: () => void;
  let emptyConfig: string;
  before(async () => {
    [gcp, oidc] = await Promise.all([
      startFakeGoogleApi(endpointOptions(undefined, { maxPageSize: 1 })),
      startGitHubOidc(),
    ]);
    emptyConfig = await mkdtemp(join(tmpdir(), 'certwright-gcloud-'));
    // No gcloud configuration and no metadata server unless a test says so: only what a test gives counts.
    restore = useEnv({
      GOOGLE_APPLICATION_CREDENTIALS: await credentialsFile(wifFromUrl(gcp, oidc)),
      GOOGLE_CLOUD_PROJECT: PROJECT,
      GCLOUD_PROJECT: undefined,
      CLOUDSDK_CONFIG: emptyConfig,
      METADATA_SERVER_DETECTION: 'none',
      GCE_METADATA_HOST: undefined,
    });
  });
  after(async () => {
    restore?.();
    await Promise.all([gcp?.close(), oidc?.close()]);
  });

  /** A provider of a new run (its own HTTP client, so its own token and caches). */
  const provider = (
    values: Record<string, string> = {},
    options: { env?: Record<string, string>; logger?: Logger; http?: HttpClient } = {},
  ): Promise<DnsProvider> =>
    definition.configure({ 'google-api-url': gcp.apiUrl, ...values }).create({
      logger: options.logger ?? silentLogger,
      clock: systemClock,
      env: options.env ?? {},
      http: options.http ?? createHttpClient({ userAgent: 'certwright-test' }),
    });
  const record = (fqdn: string, value: string, zone = zoneOf(fqdn)): ChallengeRecord => ({
    domain: fqdn.replace(/^_acme-challenge\./, ''),
    fqdn,
    zone,
    value,
  });
  const dnsRequests = () => gcp.vendor.requests.filter((r) => r.path.startsWith('/dns/v1/'));

  it('Workload Identity Federation with a file-sourced subject token: the API is called with the token STS exchanged it for', async () => {
    const back = useEnv({ GOOGLE_APPLICATION_CREDENTIALS: await wifFromFile(gcp, OIDC.main) });
    try {
      const before = { grants: gcp.grants.length, requests: dnsRequests().length };
      const r = record('_acme-challenge.wif-file.example.test', 'v-wif-file');
      const base = createHttpClient({ userAgent: 'certwright-test' });
      const seen: string[] = [];
      const p = await provider(
        {},
        { http: (request) => (seen.push(`${request.method} ${request.url}`), base(request)) },
      );
      const created = await p.createRecords([r]);
      assert.equal(created?.[0]?.ref, `projects/${PROJECT}/managedZones/example-test`);
      assert.deepEqual(gcp.txt(r.fqdn), ['v-wif-file']);
      await p.deleteRecords(created ?? []);
      assert.deepEqual(gcp.txt(r.fqdn), []);
      const grants = gcp.grants.slice(before.grants);
      assert.deepEqual(grants, [{ kind: 'sts', principal: FEDERATED, granted: true }], 'one exchange for the run');
      const bearers = new Set(
        dnsRequests()
          .slice(before.requests)
          .map((q) => q.headers.authorization),
      );
      assert.equal(bearers.size, 1, 'every call carries the one exchanged token');
      assert.ok(gcp.issuedTokens().some((t) => bearers.has(`Bearer ${t}`)));
      assert.deepEqual(
        gcp
          .changes()
          .slice(-2)
          .map((c) => c.principal),
        [FEDERATED, FEDERATED],
      );
      assert.deepEqual(
        seen.filter((line) => !line.includes('/dns/v1/')),
        [`POST ${gcp.stsUrl}`],
        "the token exchange went over the run's HTTP client",
      );
    } finally {
      back();
    }
    gcp.assertNoUnexpectedRequests();
  });

  it('Workload Identity Federation as google-github-actions/auth sets it up: the OIDC token from the URL, then impersonation of a service account', async () => {
    const back = useEnv({
      GOOGLE_APPLICATION_CREDENTIALS: await credentialsFile(wifFromUrl(gcp, oidc, SERVICE_ACCOUNT)),
    });
    try {
      const before = gcp.grants.length;
      const r = record('_acme-challenge.impersonated.example.test', 'v-sa');
      const p = await provider();
      await p.createRecords([r]);
      await p.deleteRecords([r]);
      assert.deepEqual(
        gcp.grants.slice(before).map((g) => [g.kind, g.principal, g.granted]),
        [
          ['sts', FEDERATED, true],
          ['impersonation', `serviceAccount:${SERVICE_ACCOUNT}`, true],
        ],
      );
      assert.equal(gcp.changes().at(-1)?.principal, `serviceAccount:${SERVICE_ACCOUNT}`);
      assert.ok(
        oidc.requests.some((q) => q.status === 200),
        "GitHub's token URL was asked, with the request token",
      );
    } finally {
      back();
    }
  });

  it("a service-account key: the JWT-bearer grant, signed with the key; the project is the key file's", async () => {
    const keyFile = await credentialsFile({
      type: 'service_account',
      project_id: KEY_PROJECT,
      private_key_id: 'a1b2c3',
      private_key: PRIVATE_KEY_PEM,
      client_email: KEY_ACCOUNT,
      client_id: '123456789',
      token_uri: GOOGLE_TOKEN_AUDIENCE,
    });
    // google-auth-library always posts the JWT to oauth2.googleapis.com: the run's HTTP client takes it to the endpoint.
    const base = createHttpClient({ userAgent: 'certwright-test' });
    const http: HttpClient = (request) =>
      base(request.url === GOOGLE_TOKEN_AUDIENCE ? { ...request, url: gcp.tokenUrl } : request);
    const back = useEnv({ GOOGLE_CLOUD_PROJECT: undefined });
    try {
      const r = record('_acme-challenge.key.example.test', 'v-key');
      // The file is named in the run's environment (context.env), as the Action and the CLI pass it.
      const p = await provider({}, { env: { GOOGLE_APPLICATION_CREDENTIALS: keyFile }, http });
      const created = await p.createRecords([r]);
      assert.equal(created?.[0]?.ref, `projects/${KEY_PROJECT}/managedZones/keys-example-test`);
      assert.deepEqual(gcp.txt(r.fqdn, 'keys-example-test'), ['v-key']);
      assert.deepEqual(gcp.txt(r.fqdn), [], 'nothing in the other project');
      await p.deleteRecords(created ?? []);
      assert.deepEqual(gcp.grants.at(-1), {
        kind: 'jwt-bearer',
        principal: `serviceAccount:${KEY_ACCOUNT}`,
        granted: true,
      });
    } finally {
      back();
    }
  });

  it('the metadata server: its token, and its project', async () => {
    const back = useEnv({
      GOOGLE_APPLICATION_CREDENTIALS: undefined,
      GOOGLE_CLOUD_PROJECT: undefined,
      METADATA_SERVER_DETECTION: 'assume-present',
      GCE_METADATA_HOST: gcp.metadataHost,
    });
    try {
      const r = record('_acme-challenge.metadata.example.test', 'v-metadata');
      const p = await provider();
      await p.createRecords([r]);
      assert.deepEqual(gcp.txt(r.fqdn), ['v-metadata']);
      await p.deleteRecords([r]);
      assert.equal(gcp.grants.at(-1)?.kind, 'metadata');
      assert.equal(gcp.changes().at(-1)?.principal, `serviceAccount:${SERVICE_ACCOUNT}`);
    } finally {
      back();
    }
  });

  it('no credentials, or credentials STS refuses, say what to do', async () => {
    const none = useEnv({ GOOGLE_APPLICATION_CREDENTIALS: undefined });
    try {
      await assert.rejects((await provider()).createRecords([record('_acme-challenge.none.example.test', 'v')]), {
        message:
          'google: no Google credentials found; in GitHub Actions run google-github-actions/auth (Workload Identity Federation, with permissions: id-token: write) before this step, or set GOOGLE_APPLICATION_CREDENTIALS to a credentials file',
      });
    } finally {
      none();
    }
    await assert.rejects(
      (await provider({}, { env: { GOOGLE_APPLICATION_CREDENTIALS: '/nonexistent/credentials.json' } })).createRecords([
        record('_acme-challenge.gone.example.test', 'v'),
      ]),
      {
        message:
          /^google: cannot load the credentials from GOOGLE_APPLICATION_CREDENTIALS \(\/nonexistent\/credentials\.json\): .*no such file/,
      },
    );
    const notAllowed = useEnv({
      GOOGLE_APPLICATION_CREDENTIALS: await credentialsFile(wifFromUrl(gcp, oidc, KEY_ACCOUNT)),
    });
    try {
      await assert.rejects((await provider()).createRecords([record('_acme-challenge.sa.example.test', 'v')]), {
        message: new RegExp(
          `^google: getting an access token with Workload Identity Federation as ${KEY_ACCOUNT.replace(/\./g, '\\.')}: .*; the federated identity needs roles/iam\\.workloadIdentityUser on the service account named in the auth step$`,
        ),
      });
    } finally {
      notAllowed();
    }
    const wrong = useEnv({
      GOOGLE_APPLICATION_CREDENTIALS: await credentialsFile({
        ...wifFromUrl(gcp, oidc),
        audience: AUDIENCE.replace('certwright', 'elsewhere'),
      }),
    });
    try {
      await assert.rejects((await provider()).createRecords([record('_acme-challenge.wrong.example.test', 'v')]), {
        message:
          /^google: getting an access token with Workload Identity Federation: .*invalid_target.*; check the auth step's workload_identity_provider, the provider's audience and attribute condition, and permissions: id-token: write$/,
      });
    } finally {
      wrong();
    }
  });

  it('finds the zone by name once per run: public by default, a private zone only when asked', async () => {
    const lookups = () =>
      gcp.vendor.requests.filter(
        (q) => q.route?.endsWith('/managedZones') && q.status === 200 && !q.query.has('pageToken'),
      ).length;
    const p = await provider();
    const before = lookups();
    await p.createRecords([record('_acme-challenge.a.example.test', 'v-a')]);
    await p.createRecords([record('_acme-challenge.b.example.test', 'v-b')]);
    assert.equal(lookups() - before, 1, 'one managedZones.list (dnsName=example.test.) for the run');
    assert.deepEqual(
      [gcp.txt('_acme-challenge.a.example.test'), gcp.rrset('example-test-internal', '_acme-challenge.a.example.test')],
      [['v-a'], undefined],
    );
    await p.deleteRecords([
      record('_acme-challenge.a.example.test', 'v-a'),
      record('_acme-challenge.b.example.test', 'v-b'),
    ]);

    const internal = record('_acme-challenge.app.internal.test', 'v-internal', 'internal.test');
    await assert.rejects((await provider()).createRecords([internal]), {
      message: `google: no public managed zone for internal.test in project ${PROJECT} is visible to these credentials; there is a private one (internal-test): set google-private-zones: true if the CA resolves through it`,
    });
    const withPrivate = await provider({ 'google-private-zones': 'true' });
    await withPrivate.createRecords([internal]);
    assert.deepEqual(gcp.txt(internal.fqdn, 'internal-test'), ['v-internal']);
    await withPrivate.deleteRecords([internal]);
    await assert.rejects(withPrivate.createRecords([record('_acme-challenge.split.example.test', 'v')]), {
      message: `google: 2 managed zones for example.test in project ${PROJECT} (example-test (public), example-test-internal (private)); set google-managed-zone: example.test=<name> to pick the one the domain is delegated to`,
    });
  });

  it('refuses two public zones of one name, naming both; google-managed-zone picks one and needs no listing', async () => {
    const twin = record('_acme-challenge.twin.test', 'v-twin', 'twin.test');
    await assert.rejects((await provider()).createRecords([twin]), {
      message: `google: 2 managed zones for twin.test in project ${PROJECT} (twin-a (public), twin-b (public)); set google-managed-zone: twin.test=<name> to pick the one the domain is delegated to`,
    });
    const lists = () => gcp.vendor.requests.filter((q) => q.route?.endsWith('/managedZones')).length;
    const before = lists();
    const picked = await provider({ 'google-managed-zone': 'twin.test=twin-b' });
    const created = await picked.createRecords([twin]);
    assert.equal(created?.[0]?.ref, `projects/${PROJECT}/managedZones/twin-b`);
    assert.deepEqual([gcp.txt(twin.fqdn, 'twin-b'), gcp.txt(twin.fqdn, 'twin-a')], [['v-twin'], []]);
    await picked.deleteRecords([twin]);
    assert.equal(lists(), before, 'no managedZones.list');
  });

  it('one change per zone for a whole order, values de-duplicated and merged, done awaited, throttling survived', async () => {
    const fqdn = '_acme-challenge.batch.example.test';
    await gcp.seedTxt('example-test', fqdn, ['foreign'], 120);
    const before = { changes: gcp.changes().length, requests: gcp.vendor.requests.length };
    gcp.throttleNext(1, 'resourceRecordSets.list');
    gcp.throttleNext(2, 'changes.create');
    // A wildcard and its apex may carry the same value: Cloud DNS refuses a set that lists it twice.
    const records = [
      record(fqdn, 'same'),
      record(fqdn, 'same'),
      record(fqdn, 'second'),
      record('_acme-challenge.b2.example.test', 'other'),
    ];
    const p = await provider({ 'google-managed-zone': 'example-test' });
    await p.createRecords(records);
    const [change, ...more] = gcp.changes().slice(before.changes);
    assert.equal(more.length, 0, 'one changes.create for the zone');
    assert.deepEqual(
      change?.deletions,
      [{ name: `${fqdn}.`, type: 'TXT', ttl: 120, rrdatas: ['"foreign"'] }],
      'the set exactly as read',
    );
    assert.deepEqual(change?.additions.map((s) => [s.name, s.ttl, s.rrdatas]).sort(), [
      ['_acme-challenge.b2.example.test.', 60, ['"other"']],
      [`${fqdn}.`, 120, ['"foreign"', '"same"', '"second"']],
    ]);
    const requests = gcp.vendor.requests.slice(before.requests);
    assert.ok(
      requests.filter((q) => q.route?.endsWith('/changes/:id')).length >= 2,
      'changes.get polled until done (pending first)',
    );
    assert.equal(requests.filter((q) => q.status === 429).length, 3, 'three 429s, retried');
    await p.deleteRecords(records);
    assert.deepEqual(gcp.txt(fqdn), ['foreign']);
    assert.deepEqual(gcp.txt('_acme-challenge.b2.example.test'), []);
    assert.equal(
      gcp.changes().length - before.changes,
      2,
      'one change to clean up, with no read: the run knows what it wrote',
    );
    gcp.assertNoUnexpectedRequests();
  });

  it('a writer between the read and the change (412 conditionNotMet, 409 alreadyExists): read again, and every value survives', async () => {
    const fqdn = '_acme-challenge.race.example.test';
    await gcp.seedTxt('example-test', fqdn, ['foreign']);
    gcp.beforeNextChange(() => gcp.seedTxt('example-test', fqdn, ['foreign', 'concurrent']));
    const refusals = () => gcp.vendor.requests.filter((q) => q.status === 412 || q.status === 409).length;
    const before = refusals();
    const p = await provider();
    await p.createRecords([record(fqdn, 'ours')]);
    assert.deepEqual(gcp.txt(fqdn).sort(), ['concurrent', 'foreign', 'ours']);
    gcp.beforeNextChange(() => gcp.seedTxt('example-test', fqdn, ['foreign', 'concurrent', 'ours', 'late']));
    await p.deleteRecords([record(fqdn, 'ours')]);
    assert.deepEqual(gcp.txt(fqdn).sort(), ['concurrent', 'foreign', 'late']);

    const fresh = '_acme-challenge.race2.example.test';
    gcp.beforeNextChange(() => gcp.seedTxt('example-test', fresh, ['first']));
    await p.createRecords([record(fresh, 'ours')]);
    assert.deepEqual(gcp.txt(fresh).sort(), ['first', 'ours']);
    await p.deleteRecords([record(fresh, 'ours')]);
    assert.deepEqual(gcp.txt(fresh), ['first']);
    assert.equal(refusals() - before, 3, 'Cloud DNS refused the stale changes (412, 412, 409), which were rebuilt');

    // Two runs at once at one name (no shared lock): the compare-and-swap loses neither value.
    const [a, b] = await Promise.all([provider(), provider()]);
    await Promise.all([a.createRecords([record(fqdn, 'from-a')]), b.createRecords([record(fqdn, 'from-b')])]);
    assert.deepEqual(gcp.txt(fqdn).sort(), ['concurrent', 'foreign', 'from-a', 'from-b', 'late']);
    await Promise.all([a.deleteRecords([record(fqdn, 'from-a')]), b.deleteRecords([record(fqdn, 'from-b')])]);
    assert.deepEqual(gcp.txt(fqdn).sort(), ['concurrent', 'foreign', 'late']);
    gcp.assertNoUnexpectedRequests();
  });

  it('403 names the operation, the zone and the reason, with the least-privilege role', async () => {
    const hint =
      'the credentials need roles/dns.admin, or a custom role with dns.managedZones.list, dns.resourceRecordSets.list, dns.changes.create, dns.changes.get, dns.resourceRecordSets.create, dns.resourceRecordSets.update, dns.resourceRecordSets.delete, on the project or the managed zone; see the google section of docs/providers.md';
    const reader = useEnv({ GOOGLE_APPLICATION_CREDENTIALS: await wifFromFile(gcp, OIDC.reader) });
    try {
      await assert.rejects((await provider()).createRecords([record('_acme-challenge.denied.example.test', 'v')]), {
        message: `google: changes.create for _acme-challenge.denied.example.test. in managed zone example-test (example.test, project ${PROJECT}): forbidden (403: Forbidden); ${hint}`,
      });
    } finally {
      reader();
    }
    // Allowed to create a set, not to replace one: the merge into a foreign set is an update.
    const fqdn = '_acme-challenge.no-update.example.test';
    await gcp.seedTxt('example-test', fqdn, ['foreign']);
    const noUpdate = useEnv({ GOOGLE_APPLICATION_CREDENTIALS: await wifFromFile(gcp, OIDC.noUpdate) });
    try {
      await assert.rejects((await provider()).createRecords([record(fqdn, 'v')]), {
        message: new RegExp(
          `^google: changes\\.create for ${fqdn.replace(/\./g, '\\.')}\\. in managed zone example-test .*: forbidden \\(403: Forbidden\\); the credentials need`,
        ),
      });
    } finally {
      noUpdate();
    }
    await assert.rejects(
      (await provider({ 'google-managed-zone': 'no-such-zone' })).createRecords([
        record('_acme-challenge.x.example.test', 'v'),
      ]),
      {
        message: `google: resourceRecordSets.list for TXT _acme-challenge.x.example.test. in managed zone no-such-zone (example.test, project ${PROJECT}): notFound (404: The 'parameters.managedZone' resource named 'no-such-zone' does not exist.); check google-managed-zone (no-such-zone) and google-project`,
      },
    );
  });

  it('cleanup after a crash goes to the zone its ref names, and a record without one is found by name', async () => {
    const fqdn = '_acme-challenge.crashed.twin.test';
    const first = await provider({ 'google-managed-zone': 'twin-a' });
    const [created] = (await first.createRecords([record(fqdn, 'v-crash', 'twin.test')])) ?? [];
    assert.equal(created?.ref, `projects/${PROJECT}/managedZones/twin-a`);
    // A new run with no zone option: twin.test is ambiguous by name, but the ref says where.
    await (await provider()).deleteRecords([created]);
    assert.deepEqual(gcp.txt(fqdn, 'twin-a'), []);
    const plain = record('_acme-challenge.crashed.example.test', 'v-crash');
    await (await provider()).createRecords([plain]);
    await (await provider()).deleteRecords([plain]);
    assert.deepEqual(gcp.txt(plain.fqdn), []);
  });

  it('no token, key or subject token ever reaches a log line or an error', async () => {
    const lines: string[] = [];
    const logger: Logger = { info: (m) => lines.push(m), warn: (m) => lines.push(m), debug: (m) => lines.push(m) };
    gcp.throttleNext(1, 'changes.create');
    const p = await provider({}, { logger });
    const r = record('_acme-challenge.quiet.example.test', 'v-quiet');
    await p.createRecords([r]);
    await p.deleteRecords([r]);
    const errors: string[] = [];
    for (const token of [OIDC.reader, 'not-a-token']) {
      const back = useEnv({ GOOGLE_APPLICATION_CREDENTIALS: await wifFromFile(gcp, token) });
      try {
        await (await provider({}, { logger })).createRecords([record('_acme-challenge.quiet2.example.test', 'v')]);
      } catch (error) {
        // The whole error, causes and all, as a debugger or a careless log line would print it.
        errors.push(errorMessage(error), inspect(error, { depth: 8 }));
      } finally {
        back();
      }
    }
    assert.equal(errors.length, 4);
    assert.ok(
      lines.some((line) => /429 rateLimitExceeded; retrying/.test(line)),
      lines.join('\n'),
    );
    const output = [...lines, ...errors].join('\n');
    for (const secret of [
      REQUEST_TOKEN,
      OIDC.main,
      OIDC.reader,
      PRIVATE_KEY_PEM.split('\n')[1] as string,
      ...gcp.issuedTokens(),
    ]) {
      assert.ok(!output.includes(secret), `a secret appears in the output: ${secret.slice(0, 12)}…`);
    }
  });
});

describe('google provider options', () => {
  const configure = (values: Record<string, string>) => definition.configure(values);
  it('parses and describes the options, refusing bad values with the fix', () => {
    assert.equal(configure({}).description, 'google (public zones found by name)');
    assert.equal(
      configure({
        'google-project': 'my-dns-project',
        'google-managed-zone': 'example.com=example-com, example.org=4096',
        'google-api-url': 'http://127.0.0.1:9/dns/v1/',
      }).description,
      'google (managed zone example.com=example-com,example.org=4096, project my-dns-project, at http://127.0.0.1:9/dns/v1)',
    );
    assert.equal(
      configure({ 'google-private-zones': 'true' }).description,
      'google (public and private zones found by name)',
    );
    const cases: [Record<string, string>, string][] = [
      [
        { 'google-project': 'My Project' },
        'google-project: "My Project" is not a project ID; expected one such as my-dns-project (the ID, not the display name)',
      ],
      [
        { 'google-project': 'abc' },
        'google-project: "abc" is not a project ID; expected one such as my-dns-project (the ID, not the display name)',
      ],
      [
        { 'google-managed-zone': 'example.com' },
        'google-managed-zone: "example.com" is not a zone ID; expected one such as example-com',
      ],
      [
        { 'google-managed-zone': 'example.com=Example_Com' },
        'google-managed-zone: "Example_Com" is not a zone ID; expected one such as example-com',
      ],
      [{ 'google-ttl': '0' }, 'google-ttl: "0" is out of range; expected whole seconds from 1 to 86400'],
      [{ 'google-private-zones': 'maybe' }, 'google-private-zones: "maybe" is not a boolean; expected true or false'],
      [
        { 'google-api-url': 'dns.googleapis.com' },
        'google-api-url: "dns.googleapis.com" is not a URL; expected one such as https://dns.googleapis.com/dns/v1',
      ],
    ];
    for (const [values, message] of cases) assert.throws(() => configure(values), { message }, JSON.stringify(values));
    assert.doesNotThrow(() => configure({ 'google-project': 'example.com:my-project' }));
  });
});
