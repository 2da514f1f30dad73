import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { STATE_KEY } from '../../../../testing/engine.js';
import {
  foreignFormScenario,
  vendorInputs,
  vendorProviderScenarios,
  type VendorProviderFixture,
} from '../../../../testing/provider-scenarios.js';
import { startTestbed, type Testbed } from '../../../../testing/testbed.js';
import { verifyCertificate } from '../../../../testing/verify.js';
import { createHttpClient } from '../../../../net/http.js';
import { silentLogger, systemClock, type Clock } from '../../../../runtime.js';
import type { ChallengeRecord, DnsProvider } from '../../../provider.js';
import {
  AZURE_ROLES,
  createOidcIssuer,
  startFakeAzureApi,
  type FakeAzureApi,
  type FakeAzureApiOptions,
  type OidcIssuer,
} from './fake-api.js';
import { definition } from '../index.js';

const TENANT = '8d3f1c2a-5b6e-4f70-9a81-2c3d4e5f6a7b';
const SUB = '0b1f6471-1bf0-4dda-aec3-111122223333';
/** The app azure/login and the federated token file sign in as: finds zones in the subscription, DNS Zone Contributor on both groups. */
const WORKLOAD = 'aaaaaaaa-0000-4000-8000-000000000001';
const READER = 'aaaaaaaa-0000-4000-8000-000000000002';
const ZONE_ONLY = 'aaaaaaaa-0000-4000-8000-000000000003';
/** A service principal with a client secret, and the managed identity of the machine: the same roles as WORKLOAD. */
const SERVICE_PRINCIPAL = 'aaaaaaaa-0000-4000-8000-000000000004';
const MANAGED_IDENTITY = 'aaaaaaaa-0000-4000-8000-000000000005';
const CLIENT_SECRET = 'azure-client-secret-SECRET~0123456789';
const SUBJECT = 'repo:certwright/certwright:environment:dns';
const GROUPS: Record<string, string> = { 'example.test': 'dns', 'other.test': 'dns', 'delegated.test': 'Delegated-RG' };
const zoneId = (zone: string, group = GROUPS[zone] ?? '') =>
  `/subscriptions/${SUB}/resourceGroups/${group}/providers/Microsoft.Network/dnszones/${zone}`;
const zoneOf = (fqdn: string) => Object.keys(GROUPS).find((zone) => fqdn.endsWith(`.${zone}`)) ?? '';
const REF =
  /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/dnszones\/[^/]+\/TXT\/[^/]+$/;
const dist = (file: string) => fileURLToPath(new URL(`../../../../../dist/${file}`, import.meta.url));

function endpointOptions(issuer: OidcIssuer, bed: Testbed | undefined): FakeAzureApiOptions {
  const dnsRoles = [
    { scope: `/subscriptions/${SUB}`, actions: ['Microsoft.Network/dnsZones/read'] },
    ...['dns', 'Delegated-RG', 'twin-a', 'twin-b'].map((group) => ({
      scope: `/subscriptions/${SUB}/resourceGroups/${group}`,
      actions: AZURE_ROLES.dnsZoneContributor,
    })),
  ];
  return {
    tenantId: TENANT,
    subscriptions: [SUB],
    zones: [
      ...Object.entries(GROUPS).map(([name, resourceGroup]) => ({ subscriptionId: SUB, resourceGroup, name })),
      { subscriptionId: SUB, resourceGroup: 'twin-a', name: 'twin.test', mirror: false },
      { subscriptionId: SUB, resourceGroup: 'twin-b', name: 'twin.test', mirror: false },
    ],
    apps: [
      {
        clientId: WORKLOAD,
        objectId: 'bbbbbbbb-0000-4000-8000-000000000001',
        federated: [{ issuer: issuer.issuer, subject: SUBJECT }],
        roles: dnsRoles,
      },
      { clientId: SERVICE_PRINCIPAL, clientSecret: CLIENT_SECRET, roles: dnsRoles },
      { clientId: MANAGED_IDENTITY, roles: dnsRoles },
      { clientId: READER, roles: [{ scope: `/subscriptions/${SUB}`, actions: AZURE_ROLES.reader }] },
      { clientId: ZONE_ONLY, roles: [{ scope: zoneId('example.test'), actions: AZURE_ROLES.dnsZoneContributor }] },
    ],
    issuers: [issuer],
    managedIdentity: MANAGED_IDENTITY,
    ...(bed ? { bind: { server: bed.dns, tsig: bed.tsig } } : {}),
    maxPerPage: 2,
  };
}

function useEnv(values: Record<string, string | undefined>): () => void {
  const saved = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  const set = (entries: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(entries)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  set(values);
  return () => set(saved);
}

/** What DefaultAzureCredential would otherwise pick up from this machine. */
const NO_AZURE_ENV = Object.fromEntries(
  [
    'AZURE_CLIENT_ID',
    'AZURE_TENANT_ID',
    'AZURE_CLIENT_SECRET',
    'AZURE_FEDERATED_TOKEN_FILE',
    'AZURE_AUTHORITY_HOST',
    'AZURE_SUBSCRIPTION_ID',
    'AZURE_TOKEN_CREDENTIALS',
    'IDENTITY_ENDPOINT',
    'MSI_ENDPOINT',
  ].map((name) => [name, undefined]),
);

/**
 * A signed-in Azure CLI, as azure/login leaves one: an `az` on PATH that answers
 * `az account get-access-token --resource <the endpoint>` with a token Entra ID issued to the app.
 */
class AzureCliSession {
  private constructor(
    readonly dir: string,
    private readonly ep: FakeAzureApi,
  ) {}

  static async start(ep: FakeAzureApi): Promise<AzureCliSession> {
    const dir = await mkdtemp(join(tmpdir(), 'certwright-az-'));
    const script = [
      '#!/bin/sh',
      '# A logged-in Azure CLI: only `az account get-access-token --output json --resource R`.',
      `echo "$*" >> "${dir}/calls"`,
      'case "$1 $2" in "account get-access-token") ;; *) echo "ERROR: unexpected az $*" >&2; exit 2 ;; esac',
      'resource=""',
      'while [ $# -gt 0 ]; do if [ "$1" = "--resource" ]; then resource="$2"; fi; shift; done',
      `if [ "$resource" != "${ep.apiUrl}" ]; then echo "ERROR: AADSTS500011: The resource principal named $resource was not found in the tenant." >&2; exit 1; fi`,
      `cat "${dir}/token.json"`,
      '',
    ].join('\n');
    await writeFile(join(dir, 'az'), script);
    await chmod(join(dir, 'az'), 0o755);
    await writeFile(join(dir, 'calls'), '');
    const session = new AzureCliSession(dir, ep);
    await session.signIn(WORKLOAD);
    return session;
  }

  /** `az login` as `clientId`; `lifetimeSeconds` below zero gives an expired token. */
  async signIn(clientId: string, lifetimeSeconds = 3600): Promise<void> {
    const { accessToken, expiresOn } = await this.ep.mintToken(clientId, this.ep.apiUrl, lifetimeSeconds);
    const expires = new Date(expiresOn * 1000).toISOString().replace('T', ' ').replace('Z', '000');
    await writeFile(
      join(this.dir, 'token.json'),
      JSON.stringify({
        accessToken,
        expiresOn: expires,
        expires_on: expiresOn,
        subscription: SUB,
        tenant: TENANT,
        tokenType: 'Bearer',
      }),
    );
  }

  async calls(): Promise<number> {
    return (await readFile(join(this.dir, 'calls'), 'utf8')).split('\n').filter((line) => line !== '').length;
  }
}

/** Workload identity as AKS (or a workflow writing GitHub's OIDC token to a file) sets it up, for the Action and CLI processes. */
async function workloadEnv(
  ep: FakeAzureApi,
  issuer: OidcIssuer,
  subject = SUBJECT,
): Promise<{ env: Record<string, string>; assertion: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'certwright-azure-wi-'));
  const assertion = await issuer.sign({
    sub: subject,
    aud: 'api://AzureADTokenExchange',
    exp: Math.floor(Date.now() / 1000) + 1800,
  });
  await writeFile(join(dir, 'azure-identity-token'), assertion);
  return {
    assertion,
    env: {
      AZURE_CLIENT_ID: WORKLOAD,
      AZURE_TENANT_ID: TENANT,
      AZURE_FEDERATED_TOKEN_FILE: join(dir, 'azure-identity-token'),
      AZURE_AUTHORITY_HOST: ep.authorityHost,
      // The local Entra ID's certificate; Node reads this when it starts.
      NODE_EXTRA_CA_CERTS: ep.caFile,
    },
  };
}

function fixtureFor(
  ep: FakeAzureApi,
  workload: { env: Record<string, string>; assertion: string },
  originalPath: string,
): VendorProviderFixture {
  const txtWrite = (r: FakeAzureApi['arm']['requests'][number]) =>
    (r.method === 'PUT' || r.method === 'DELETE') && r.path.includes('/TXT/');
  return {
    name: 'azure',
    inputs: () => ({ 'azure-api-url': ep.apiUrl, 'azure-subscription-id': SUB }),
    // In this process: the Azure CLI session on PATH (azure/login's way).
    credentialInputs: () => ({}),
    // The Action and the CLI: workload identity from a federated token file, no az on PATH.
    credentialsEnv: () => ({ ...workload.env, PATH: originalPath }),
    secrets: () => [...ep.issued.map((t) => t.token), workload.assertion, CLIENT_SECRET],
    vendorTxt: (fqdn) => ep.txt(fqdn),
    seedForeign: (fqdn, value) => ep.seedTxt(fqdn, [value]),
    // Azure keeps a TXT record as a list of strings: another tool may have split its value in two.
    foreignForm: {
      seed: (fqdn) => ep.seedTxt(fqdn, [['v=foreign1 split', ' by another tool']]),
      raw: (fqdn) => ep.recordSet(fqdn)?.records,
    },
    setMirroring: (on) => ep.setMirroring(on),
    throttleWrites(times) {
      const failure = ep.throttleWrites(times, 1);
      return () => failure.served;
    },
    writeCount: () => ep.arm.requests.filter((r) => txtWrite(r) && r.status < 300).length,
    // One conditional write per name to create, one to clean up: Resource Manager has no batch for record sets.
    writesFor: (_zones, records) => records * 2,
    refPattern: REF,
    assertNoUnexpectedRequests: () => ep.assertNoUnexpectedRequests(),
  };
}

/** Runs `certwright certonly` (dist/cli.js) as a separate process with `env`. */
async function runCli(
  bed: Testbed,
  fixture: VendorProviderFixture,
  domains: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string; out: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'certwright-azure-cli-'));
  const raw = vendorInputs(bed, fixture, domains, {
    'output-dir': join(dir, 'out'),
    store: `file:${join(dir, 'state.jwe')}`,
  });
  const args = [
    'certonly',
    ...Object.entries(raw).flatMap(([k, v]) =>
      v === undefined ? [] : k === 'agree-tos' ? ['--agree-tos'] : [`--${k}`, v],
    ),
  ];
  const child = spawn(process.execPath, [dist('cli.js'), ...args], {
    env: { CERTWRIGHT_STATE_KEY: STATE_KEY, XDG_CONFIG_HOME: join(dir, 'config'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, output, out: join(dir, 'out') };
}

describe('azure provider through the local Azure DNS and Entra ID, validated by Pebble through BIND', () => {
  let bed: Testbed;
  let ep: FakeAzureApi;
  let issuer: OidcIssuer;
  let az: AzureCliSession;
  let workload: Awaited<ReturnType<typeof workloadEnv>>;
  let restore: () => void;
  const originalPath = process.env.PATH ?? '';
  before(async () => {
    bed = await startTestbed();
    issuer = await createOidcIssuer();
    ep = await startFakeAzureApi(endpointOptions(issuer, bed));
    az = await AzureCliSession.start(ep);
    workload = await workloadEnv(ep, issuer);
    restore = useEnv({ ...NO_AZURE_ENV, PATH: `${az.dir}:${originalPath}` });
  });
  after(async () => {
    restore?.();
    await ep?.close();
    await bed?.stop();
  });
  vendorProviderScenarios(() => ({ bed, fixture: fixtureFor(ep, workload, originalPath) }));
  foreignFormScenario(() => ({ bed, fixture: fixtureFor(ep, workload, originalPath) }));

  it('workload identity: the CLI trades the federated token for an Entra ID token, and Resource Manager sees only that token', async () => {
    const fixture = fixtureFor(ep, workload, originalPath);
    const [issuedBefore, requestsBefore, entraBefore] = [
      ep.issued.length,
      ep.arm.requests.length,
      ep.entra.requests.length,
    ];
    const domains = ['workload.example.test'];
    const run = await runCli(bed, fixture, domains, { ...workload.env, PATH: originalPath });
    assert.equal(run.code, 0, run.output);
    const files = join(run.out, 'workload.example.test');
    const at = (name: string) => join(files, name);
    await verifyCertificate(
      bed,
      {
        dir: files,
        cert: at('cert.pem'),
        chain: at('chain.pem'),
        fullchain: at('fullchain.pem'),
        privkey: at('privkey.pem'),
      },
      domains,
    );
    const issued = ep.issued.slice(issuedBefore);
    assert.deepEqual(
      issued.map((t) => [t.clientId, t.audience, t.grant]),
      [[WORKLOAD, `${ep.apiUrl}/`, 'client_assertion']],
      'one token, by the federated assertion, for this Resource Manager',
    );
    assert.deepEqual(
      ep.entra.requests.slice(entraBefore).map((r) => `${r.method} ${r.path} ${r.status}`),
      [`GET /${TENANT}/v2.0/.well-known/openid-configuration 200`, `POST /${TENANT}/oauth2/v2.0/token 200`],
    );
    assert.equal(
      new URLSearchParams(ep.entra.requests.at(-1)?.body).get('client_assertion'),
      workload.assertion,
      'the token file went to Entra ID as the client assertion',
    );
    const calls = ep.arm.requests.slice(requestsBefore);
    assert.ok(calls.length >= 3, 'list, read, write and clean up');
    assert.ok(
      calls.every((r) => r.headers.authorization === `Bearer ${issued[0]?.token}`),
      'every Resource Manager call carried the issued token',
    );
    for (const secret of fixture.secrets())
      assert.ok(!run.output.includes(secret), 'no token or assertion in the output');
    fixture.assertNoUnexpectedRequests();
  });

  it("workload identity with a subject the app does not trust: one line with Entra ID's AADSTS code and what to fix, no token anywhere", async () => {
    const stranger = await workloadEnv(ep, issuer, 'repo:someone/else:ref:refs/heads/main');
    const fixture = fixtureFor(ep, stranger, originalPath);
    const before = ep.arm.requests.length;
    const run = await runCli(bed, fixture, ['stranger.example.test'], { ...stranger.env, PATH: originalPath });
    assert.notEqual(run.code, 0);
    assert.match(
      run.output,
      /azure: Microsoft Entra ID refused to issue a token \(AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:someone\/else:ref:refs\/heads\/main'\. Check your federated identity credential Subject, Audience and Issuer against the presented assertion\. https:\/\/learn\.microsoft\.com\/entra\/workload-id\/workload-identity-federation\); the app's federated credential must match the token exactly/,
    );
    assert.ok(
      !/Trace ID|Correlation ID/.test(run.output),
      `the AADSTS description without its trace lines:\n${run.output}`,
    );
    assert.equal(ep.arm.requests.length, before, 'Resource Manager was never called');
    for (const secret of fixture.secrets())
      assert.ok(!run.output.includes(secret), 'no token or assertion in the output');
  });

  it('a service principal (AZURE_CLIENT_SECRET) and a managed identity (the instance metadata service) sign the CLI in as well', async () => {
    const fixture = fixtureFor(ep, workload, originalPath);
    const ways: [string, Record<string, string>, string, string][] = [
      [
        'service principal',
        {
          AZURE_CLIENT_ID: SERVICE_PRINCIPAL,
          AZURE_TENANT_ID: TENANT,
          AZURE_CLIENT_SECRET: CLIENT_SECRET,
          AZURE_AUTHORITY_HOST: ep.authorityHost,
          NODE_EXTRA_CA_CERTS: ep.caFile,
        },
        SERVICE_PRINCIPAL,
        'client_secret',
      ],
      // IMDS is at 169.254.169.254 on an Azure VM; AZURE_POD_IDENTITY_AUTHORITY_HOST moves it, as pod identity does.
      ['managed identity', { AZURE_POD_IDENTITY_AUTHORITY_HOST: ep.imdsUrl }, MANAGED_IDENTITY, 'managed_identity'],
    ];
    for (const [what, env, clientId, grant] of ways) {
      const issuedBefore = ep.issued.length;
      const run = await runCli(bed, fixture, [`${grant.replace('_', '-')}.example.test`], {
        ...env,
        PATH: originalPath,
      });
      assert.equal(run.code, 0, `${what}: ${run.output}`);
      assert.deepEqual(
        ep.issued.slice(issuedBefore).map((t) => [t.clientId, t.grant]),
        [[clientId, grant]],
        what,
      );
      for (const secret of fixture.secrets())
        assert.ok(!run.output.includes(secret), `${what}: no secret or token in the output`);
    }
    fixture.assertNoUnexpectedRequests();
  });
});

describe('azure provider: zones, ETags, roles and Azure answers', () => {
  let ep: FakeAzureApi;
  let az: AzureCliSession;
  let restore: () => void;
  before(async () => {
    ep = await startFakeAzureApi(endpointOptions(await createOidcIssuer(), undefined));
    az = await AzureCliSession.start(ep);
    restore = useEnv({ ...NO_AZURE_ENV, PATH: `${az.dir}:${process.env.PATH ?? ''}` });
  });
  after(async () => {
    restore?.();
    await ep?.close();
  });

  // Each provider gets its own HTTP client: a run of its own, with its own token and zone list.
  const provider = (
    values: Record<string, string> = {},
    clock: Clock = systemClock,
    env: Record<string, string> = {},
  ): Promise<DnsProvider> =>
    definition
      .configure({ 'azure-api-url': ep.apiUrl, 'azure-subscription-id': SUB, ...values })
      .create({ logger: silentLogger, clock, env, http: createHttpClient({ userAgent: 'certwright-test' }) });
  const record = (fqdn: string, value: string, zone = zoneOf(fqdn)): ChallengeRecord => ({
    domain: fqdn.replace(/^_acme-challenge\./, ''),
    fqdn,
    zone,
    value,
  });
  const lists = () => ep.arm.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/dnszones')).length;

  it("finds each zone's resource group by listing the subscription once per run, page by page; cleanup from refs needs no lookup", async () => {
    const records = [
      record('_acme-challenge.find.example.test', 'v1'),
      record('cname-target.delegated.test', 'v2'),
      record('_acme-challenge.find.example.test', 'v3'),
    ];
    const [listsBefore, callsBefore] = [lists(), await az.calls()];
    const p = await provider();
    const created = (await p.createRecords(records)) ?? [];
    await p.createRecords([record('_acme-challenge.again.other.test', 'v4')]);
    assert.equal(lists() - listsBefore, 3, 'five zones, two per page: three pages, once for the run');
    assert.equal((await az.calls()) - callsBefore, 1, 'one token for the run');
    assert.deepEqual(
      created.map((r) => r.ref),
      [
        `${zoneId('example.test')}/TXT/_acme-challenge.find`,
        `${zoneId('delegated.test')}/TXT/cname-target`,
        `${zoneId('example.test')}/TXT/_acme-challenge.find`,
      ],
    );
    assert.deepEqual(
      ep.txt('_acme-challenge.find.example.test'),
      ['v1', 'v3'],
      'wildcard and apex: one set, one write',
    );
    // A later run (the post step) with the journaled records: straight to the record sets.
    const listsNow = lists();
    await (await provider()).deleteRecords(created);
    assert.equal(lists(), listsNow, 'no zone lookup');
    assert.deepEqual([ep.txt('_acme-challenge.find.example.test'), ep.txt('cname-target.delegated.test')], [[], []]);
    await (await provider()).deleteRecords([record('_acme-challenge.again.other.test', 'v4')]);
    ep.assertNoUnexpectedRequests();
  });

  it("a journaled ref that names another name's record set is not used: the record's own set is found and only it changes", async () => {
    const own = '_acme-challenge.tamper.example.test';
    const victim = '_acme-challenge.victim.example.test';
    await (await provider()).createRecords([record(own, 'same-value'), record(victim, 'same-value')]);
    // A tampered journal entry: the record of `own`, with a ref to the set at `victim`.
    await (
      await provider()
    ).deleteRecords([{ ...record(own, 'same-value'), ref: `${zoneId('example.test')}/TXT/_acme-challenge.victim` }]);
    assert.deepEqual([ep.txt(own), ep.txt(victim)], [[], ['same-value']]);
    await (await provider()).deleteRecords([record(victim, 'same-value')]);
    ep.assertNoUnexpectedRequests();
  });

  it('refuses two zones of one name, naming both groups; azure-resource-group or azure-zone picks one', async () => {
    const twin = record('_acme-challenge.twin.test', 'v-twin', 'twin.test');
    await assert.rejects((await provider()).createRecords([twin]), {
      message: `azure: 2 DNS zones named twin.test in subscription ${SUB} (resource groups twin-a, twin-b); set azure-resource-group, or azure-zone to the zone's resource ID, to pick the one the domain is delegated to`,
    });
    await (await provider({ 'azure-resource-group': 'twin-b' })).createRecords([twin]);
    assert.deepEqual(ep.recordSet('_acme-challenge.twin.test', 'twin-b')?.records, [{ value: ['v-twin'] }]);
    assert.equal(ep.recordSet('_acme-challenge.twin.test', 'twin-a'), undefined);
    const byId = await provider({ 'azure-zone': `twin.test=${zoneId('twin.test', 'twin-b')}` });
    const listsBefore = lists();
    await byId.deleteRecords([twin]);
    assert.equal(lists(), listsBefore, 'a zone resource ID needs no lookup');
    assert.equal(ep.recordSet('_acme-challenge.twin.test', 'twin-b'), undefined);
  });

  it('a writer that comes between the read and the write gets 412, and every value survives', async () => {
    const fqdn = '_acme-challenge.race.example.test';
    await ep.seedTxt(fqdn, ['foreign']);
    const refused = () => ep.arm.requests.filter((r) => r.status === 412).length;
    const before = refused();
    ep.afterNextRead(fqdn, () => ep.seedTxt(fqdn, ['sneaky-1']));
    const p = await provider();
    await p.createRecords([record(fqdn, 'ours')]);
    assert.equal(refused() - before, 1, 'the PUT with the stale ETag was refused');
    assert.deepEqual(ep.txt(fqdn).sort(), ['foreign', 'ours', 'sneaky-1']);
    ep.afterNextRead(fqdn, () => ep.seedTxt(fqdn, ['sneaky-2']));
    await p.deleteRecords([record(fqdn, 'ours')]);
    assert.equal(refused() - before, 2, 'so was the cleanup PUT');
    assert.deepEqual(ep.txt(fqdn).sort(), ['foreign', 'sneaky-1', 'sneaky-2']);
    ep.assertNoUnexpectedRequests();
  });

  it('two runs at once at one name (no shared lock): If-None-Match and If-Match keep both values', async () => {
    const fqdn = '_acme-challenge.together.example.test';
    const [a, b] = await Promise.all([provider(), provider()]);
    await Promise.all([a.createRecords([record(fqdn, 'from-a')]), b.createRecords([record(fqdn, 'from-b')])]);
    assert.deepEqual(ep.txt(fqdn).sort(), ['from-a', 'from-b']);
    await Promise.all([a.deleteRecords([record(fqdn, 'from-a')]), b.deleteRecords([record(fqdn, 'from-b')])]);
    assert.equal(ep.recordSet(fqdn), undefined, 'the last value out deleted the set');
  });

  it("keeps an existing set's TTL, metadata and foreign records exactly; a new set gets azure-ttl", async () => {
    const fqdn = '_acme-challenge.keep.example.test';
    const long = 'k'.repeat(300);
    await ep.seedTxt(fqdn, ['short']);
    // A foreign record of two strings and metadata, written as another tool would.
    const set = ep.recordSet(fqdn);
    await fetch(
      `${ep.apiUrl}${zoneId('example.test')}/TXT/_acme-challenge.keep?api-version=2018-05-01`.replace(
        '/dnszones/',
        '/dnsZones/',
      ),
      {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${(await ep.mintToken(WORKLOAD, ep.apiUrl)).accessToken}`,
          'content-type': 'application/json',
          'if-match': set?.etag ?? '',
        },
        body: JSON.stringify({
          properties: {
            TTL: 3600,
            metadata: { owner: 'dkim' },
            TXTRecords: [{ value: ['short'] }, { value: [long.slice(0, 255), long.slice(255)] }],
          },
        }),
      },
    );
    const p = await provider({ 'azure-ttl': '120' });
    await p.createRecords([record(fqdn, 'ours')]);
    const merged = ep.recordSet(fqdn);
    assert.equal(merged?.ttl, 3600);
    assert.deepEqual(merged?.metadata, { owner: 'dkim' });
    assert.deepEqual(merged?.records, [
      { value: ['short'] },
      { value: [long.slice(0, 255), long.slice(255)] },
      { value: ['ours'] },
    ]);
    await p.deleteRecords([record(fqdn, 'ours')]);
    assert.deepEqual(ep.recordSet(fqdn)?.records, [
      { value: ['short'] },
      { value: [long.slice(0, 255), long.slice(255)] },
    ]);
    await p.createRecords([record('_acme-challenge.fresh.example.test', 'x'.repeat(300))]);
    assert.deepEqual(ep.recordSet('_acme-challenge.fresh.example.test'), {
      ...ep.recordSet('_acme-challenge.fresh.example.test'),
      ttl: 120,
      records: [{ value: ['x'.repeat(255), 'x'.repeat(45)] }],
    });
    await p.deleteRecords([record('_acme-challenge.fresh.example.test', 'x'.repeat(300))]);
    ep.assertNoUnexpectedRequests();
  });

  it('says which role is missing: a zone-only role cannot list, a Reader cannot write', async () => {
    await az.signIn(ZONE_ONLY);
    try {
      await assert.rejects((await provider()).createRecords([record('_acme-challenge.scoped.example.test', 'v')]), {
        message: `azure: listing the DNS zones of subscription ${SUB}: AuthorizationFailed: The client '${ZONE_ONLY}' with object id '${ZONE_ONLY}' does not have authorization to perform action 'Microsoft.Network/dnsZones/read' over scope '/subscriptions/${SUB}' or the scope is invalid. If access was recently granted, please refresh your credentials.; listing needs Microsoft.Network/dnsZones/read on the subscription (Reader, or the custom role in the azure section of docs/providers.md); or set azure-resource-group to go straight to the zone`,
      });
      const scoped = await provider({ 'azure-resource-group': 'dns' });
      await scoped.createRecords([record('_acme-challenge.scoped.example.test', 'v')]);
      await scoped.deleteRecords([record('_acme-challenge.scoped.example.test', 'v')]);
      await assert.rejects(scoped.createRecords([record('_acme-challenge.scoped.other.test', 'v')]), {
        message:
          /^azure: reading TXT _acme-challenge\.scoped\.other\.test in zone other\.test \(resource group dns\): AuthorizationFailed: .*; give the identity "DNS Zone Contributor" on the zone, or a custom role with Microsoft\.Network\/dnsZones\/TXT\/read, write and delete and Microsoft\.Network\/dnsZones\/read \(see the azure section of docs\/providers\.md\)$/,
      });
      await az.signIn(READER);
      await assert.rejects((await provider()).createRecords([record('_acme-challenge.reader.example.test', 'v')]), {
        message:
          /^azure: writing TXT _acme-challenge\.reader\.example\.test in zone example\.test \(resource group dns\): AuthorizationFailed: The client '.*' does not have authorization to perform action 'Microsoft\.Network\/dnsZones\/TXT\/write' over scope '.*'.*; give the identity "DNS Zone Contributor" on the zone/,
      });
    } finally {
      await az.signIn(WORKLOAD);
    }
  });

  it('names the group or zone that is not there', async () => {
    await az.signIn(READER);
    try {
      await assert.rejects(
        (await provider({ 'azure-resource-group': 'nope' })).createRecords([
          record('_acme-challenge.x.example.test', 'v'),
        ]),
        {
          message: `azure: reading TXT _acme-challenge.x.example.test in zone example.test (resource group nope): ResourceGroupNotFound: Resource group 'nope' could not be found.; no resource group nope in subscription ${SUB}; check azure-resource-group and azure-zone`,
        },
      );
    } finally {
      await az.signIn(WORKLOAD);
    }
    await assert.rejects(
      (await provider({ 'azure-resource-group': 'dns' })).createRecords([
        record('_acme-challenge.x.missing.test', 'v', 'missing.test'),
      ]),
      {
        message:
          "azure: reading TXT _acme-challenge.x.missing.test in zone missing.test (resource group dns): ParentResourceNotFound: Can not perform requested operation on nested resource. Parent resource 'missing.test' not found.; no DNS zone missing.test in resource group dns; check azure-resource-group and azure-zone, or leave azure-resource-group out to find the zone by name",
      },
    );
    await assert.rejects(
      (await provider()).createRecords([record('_acme-challenge.x.missing.test', 'v', 'missing.test')]),
      {
        message: `azure: no DNS zone named missing.test in subscription ${SUB}; create it there, or check azure-subscription-id (a private DNS zone cannot answer ACME challenges)`,
      },
    );
  });

  it('waits as Retry-After says on 429, backs off on 5xx, and gives up on a wait longer than a minute', async () => {
    const slept: number[] = [];
    const clock: Clock = {
      now: () => Date.now(),
      sleep: (ms) => {
        slept.push(ms);
        return Promise.resolve();
      },
    };
    const p = await provider({ 'azure-resource-group': 'dns' }, clock);
    ep.throttleWrites(1, 7);
    ep.arm.failNext(
      ep.routes.getTxt,
      {
        status: 503,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ error: { code: 'ServiceUnavailable', message: 'busy' } }),
      },
      2,
    );
    await p.createRecords([record('_acme-challenge.limited.example.test', 'v')]);
    assert.equal(slept.length, 3);
    assert.ok(
      slept.slice(0, 2).every((ms) => ms >= 250 && ms <= 1000),
      `backoff ${slept.join(',')}`,
    );
    assert.equal(slept[2], 7000, 'Retry-After: 7');
    ep.throttleWrites(1, 600);
    await assert.rejects(p.createRecords([record('_acme-challenge.limited.example.test', 'w')]), {
      message: new RegExp(
        `^azure: writing TXT _acme-challenge\\.limited\\.example\\.test in zone example\\.test \\(resource group dns\\): SubscriptionRequestsThrottled: Number of 'write' requests for subscription '${SUB}'`,
      ),
    });
    await p.deleteRecords([record('_acme-challenge.limited.example.test', 'v')]);
  });

  it('a token Resource Manager refuses is fetched again once, then the error says what to check, without the token', async () => {
    await az.signIn(WORKLOAD, -120);
    try {
      const callsBefore = await az.calls();
      const error = await (
        await provider({ 'azure-resource-group': 'dns' })
      )
        .createRecords([record('_acme-challenge.expired.example.test', 'v')])
        .then(
          () => assert.fail('expected a refusal'),
          (e: Error) => e,
        );
      assert.match(
        error.message,
        /^azure: reading TXT _acme-challenge\.expired\.example\.test in zone example\.test \(resource group dns\): ExpiredAuthenticationToken \(after 2 attempts\): The access token expiry UTC time '.*' is earlier than current UTC time '.*'\.; Resource Manager refused the token; check the sign-in step before this one \(azure\/login\)$/,
      );
      assert.equal((await az.calls()) - callsBefore, 2, 'asked the Azure CLI again after the 401');
      assert.ok(ep.issued.every((t) => !error.message.includes(t.token)));
    } finally {
      await az.signIn(WORKLOAD);
    }
  });

  it('without any credentials, says how to sign in', async () => {
    const back = useEnv({ PATH: '/usr/bin:/bin' });
    try {
      await assert.rejects((await provider()).createRecords([record('_acme-challenge.nobody.example.test', 'v')]), {
        message:
          'azure: no Azure credentials found; in GitHub Actions run azure/login with client-id, tenant-id and subscription-id (OIDC, with permissions: id-token: write) before this step, or set AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_FEDERATED_TOKEN_FILE (workload identity) or AZURE_CLIENT_SECRET (a service principal); on an Azure VM a managed identity is used',
      });
    } finally {
      back();
    }
  });

  it('takes the subscription from AZURE_SUBSCRIPTION_ID, and says so when there is none', async () => {
    const run = (env: Record<string, string>) =>
      definition.configure({ 'azure-api-url': ep.apiUrl, 'azure-resource-group': 'dns' }).create({
        logger: silentLogger,
        clock: systemClock,
        env,
        http: createHttpClient({ userAgent: 'certwright-test' }),
      });
    await assert.rejects(run({}), {
      message:
        'azure-subscription-id: missing; expected the ID of the subscription that holds the DNS zone (or set AZURE_SUBSCRIPTION_ID)',
    });
    await assert.rejects(run({ AZURE_SUBSCRIPTION_ID: 'my-sub' }), {
      message:
        'azure-subscription-id: "my-sub" (from AZURE_SUBSCRIPTION_ID) is not a subscription ID; expected a GUID such as 00000000-0000-0000-0000-000000000000',
    });
    const p = await run({ AZURE_SUBSCRIPTION_ID: SUB });
    await p.createRecords([record('_acme-challenge.envsub.example.test', 'v')]);
    await p.deleteRecords([record('_acme-challenge.envsub.example.test', 'v')]);
    assert.deepEqual(ep.txt('_acme-challenge.envsub.example.test'), []);
  });
});

describe('azure provider: options', () => {
  const cases: [string, Record<string, string>, string][] = [
    [
      'subscription',
      { 'azure-subscription-id': 'prod' },
      'azure-subscription-id: "prod" is not a subscription ID; expected a GUID such as 00000000-0000-0000-0000-000000000000',
    ],
    [
      'group',
      { 'azure-resource-group': 'dns.' },
      `azure-resource-group: "dns." is not a resource group name; expected up to 90 letters, digits, '-', '_', '.', '(' or ')', not ending in '.'`,
    ],
    [
      'zone name',
      { 'azure-zone': 'example..com' },
      'azure-zone: "example..com" is not a zone name (it has an empty label (two dots in a row, or a leading dot)); expected one such as example.com, or a zone resource ID',
    ],
    [
      'zone ID',
      { 'azure-zone': '/subscriptions/x/resourceGroups/dns/example.com' },
      'azure-zone: "/subscriptions/x/resourceGroups/dns/example.com" is not a DNS zone resource ID; expected /subscriptions/<ID>/resourceGroups/<group>/providers/Microsoft.Network/dnszones/<zone>',
    ],
    [
      'zone ID subscription',
      { 'azure-zone': '/subscriptions/prod/resourceGroups/dns/providers/Microsoft.Network/dnszones/example.com' },
      'azure-zone: "/subscriptions/prod/resourceGroups/dns/providers/Microsoft.Network/dnszones/example.com" names the subscription "prod", which is not a GUID',
    ],
    [
      'pairs',
      { 'azure-zone': 'example.com' + ',x' },
      'azure-zone: "example.com" is not zone=ID; give one ID alone, or zone=ID pairs such as example.com=example.com',
    ],
    ['ttl', { 'azure-ttl': '0' }, 'azure-ttl: "0" is out of range; expected whole seconds from 1 to 2147483647'],
    [
      'url',
      { 'azure-api-url': 'management.azure.com' },
      'azure-api-url: "management.azure.com" is not a URL; expected one such as https://management.azure.com',
    ],
  ];
  for (const [what, values, message] of cases) {
    it(`refuses a bad ${what} with one line naming the input`, () => {
      assert.throws(() => definition.configure(values), { message });
    });
  }

  it('describes the configuration without secrets', () => {
    assert.equal(definition.configure({}).description, 'azure (zones found by name)');
    assert.equal(
      definition.configure({ 'azure-resource-group': 'dns' }).description,
      'azure (zones found by name in resource group dns)',
    );
    assert.equal(
      definition.configure({
        'azure-zone': zoneId('example.test'),
        'azure-api-url': 'https://management.usgovcloudapi.net',
      }).description,
      `azure (zone ${zoneId('example.test')}, at https://management.usgovcloudapi.net)`,
    );
  });
});
