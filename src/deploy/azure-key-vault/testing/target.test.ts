import assert from 'node:assert/strict';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { captureLogger, type CapturedLog } from '../../../testing/engine.js';
import { createHttpClient } from '../../../net/http.js';
import type { Clock } from '../../../runtime.js';
import type { DeployContext, DeployedRecord, IssuedCertificate } from '../../target.js';
import { testCertificate } from '../../testing/test-certificate.js';
import { definition } from '../index.js';
import { KEY_VAULT_RESOURCE, KEY_VAULT_ROLES, startFakeKeyVault, type FakeKeyVault } from './fake-api.js';

const TENANT = '8d3f1c2a-5b6e-4f70-9a81-2c3d4e5f6a7b';
/** Key Vault Certificates Officer on the vault. */
const OFFICER = 'cccccccc-0000-4000-8000-000000000001';
/** A custom role with the import data action alone. */
const IMPORTER = 'cccccccc-0000-4000-8000-000000000002';
const READER = 'cccccccc-0000-4000-8000-000000000003';

/** What DefaultAzureCredential would otherwise pick up from this machine. */
const NO_AZURE_ENV = [
  'AZURE_CLIENT_ID',
  'AZURE_TENANT_ID',
  'AZURE_CLIENT_SECRET',
  'AZURE_FEDERATED_TOKEN_FILE',
  'AZURE_AUTHORITY_HOST',
  'AZURE_TOKEN_CREDENTIALS',
  'IDENTITY_ENDPOINT',
  'MSI_ENDPOINT',
];

/**
 * A signed-in Azure CLI, as azure/login leaves one: `az account get-access-token --resource R`
 * answers with a token the local Entra ID issued to the app signed in, for that resource.
 */
async function signedInAzureCli(vault: FakeKeyVault): Promise<{ dir: string; signIn: (app: string) => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'certwright-kv-az-'));
  const script = [
    '#!/bin/sh',
    'case "$1 $2" in "account get-access-token") ;; *) echo "ERROR: unexpected az $*" >&2; exit 2 ;; esac',
    'resource=""',
    'while [ $# -gt 0 ]; do if [ "$1" = "--resource" ]; then resource="$2"; fi; shift; done',
    `if [ "$resource" != "${KEY_VAULT_RESOURCE}" ]; then echo "ERROR: AADSTS500011: The resource principal named $resource was not found in the tenant." >&2; exit 1; fi`,
    `cat "${dir}/token.json"`,
    '',
  ].join('\n');
  await writeFile(join(dir, 'az'), script);
  await chmod(join(dir, 'az'), 0o755);
  const signIn = async (app: string) => {
    const { accessToken, expiresOn } = await vault.azure.mintToken(app, KEY_VAULT_RESOURCE);
    const expires = new Date(expiresOn * 1000).toISOString().replace('T', ' ').replace('Z', '000');
    await writeFile(
      join(dir, 'token.json'),
      JSON.stringify({ accessToken, expiresOn: expires, expires_on: expiresOn, tenant: TENANT, tokenType: 'Bearer' }),
    );
  };
  await signIn(OFFICER);
  return { dir, signIn };
}

/** A clock that notes the waits asked for and lets time pass at once. */
function instantClock(): Clock & { waits: number[] } {
  let now = Date.now();
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    sleep: (ms) => {
      waits.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

describe('azure-key-vault target against the local Key Vault and Entra ID', () => {
  let vault: FakeKeyVault;
  let az: Awaited<ReturnType<typeof signedInAzureCli>>;
  const saved = { ...process.env };

  before(async () => {
    vault = await startFakeKeyVault({
      tenantId: TENANT,
      vaultName: 'certwright-test',
      apps: [
        { clientId: OFFICER, dataActions: KEY_VAULT_ROLES.certificatesOfficer },
        { clientId: IMPORTER, dataActions: KEY_VAULT_ROLES.importOnly },
        { clientId: READER, dataActions: KEY_VAULT_ROLES.reader },
      ],
    });
    az = await signedInAzureCli(vault);
    for (const name of NO_AZURE_ENV) delete process.env[name];
    process.env.PATH = `${az.dir}:${saved.PATH ?? ''}`;
  });
  after(async () => {
    process.env.PATH = saved.PATH;
    await vault?.close();
  });

  /** A fresh context per deploy: a new run, so a new token from the signed-in CLI. */
  function context(): { context: DeployContext; logger: CapturedLog; clock: ReturnType<typeof instantClock> } {
    const logger = captureLogger();
    const clock = instantClock();
    return {
      context: { logger, clock, env: process.env, http: createHttpClient({ userAgent: 'certwright-test' }) },
      logger,
      clock,
    };
  }

  async function deploy(
    values: Record<string, string>,
    certificate: IssuedCertificate,
    previous?: DeployedRecord,
    run = context(),
  ): Promise<DeployedRecord> {
    const target = await definition.configure({ 'azure-key-vault-url': vault.vaultUrl, ...values }).create(run.context);
    return target.deploy(certificate, previous);
  }

  /** Every secret a test handles: tokens issued, and the key's lines. */
  function secretsOf(certificate: IssuedCertificate): string[] {
    const keyLines = certificate.keyPem.split('\n').filter((line) => line.length > 16 && !line.startsWith('-----'));
    return [...vault.azure.issued.map((t) => t.token), ...keyLines];
  }

  it('first deploy: a new certificate named after cert-name, its version ID recorded, the key and chain in it', async () => {
    const certificate = await testCertificate({ name: 'www.example.test', domains: ['www.example.test'] });
    const run = context();
    const record = await deploy({ 'azure-key-vault-tags': 'env=prod, owner=certwright' }, certificate, undefined, run);
    const latest = vault.latest('www-example-test');
    assert.ok(latest, 'Key Vault holds a certificate named www-example-test');
    assert.equal(record.id, `${vault.vaultUrl}/certificates/www-example-test/${latest.version}`);
    assert.equal(record.serial, certificate.serial);
    assert.deepEqual(record.details, {
      vault: vault.vaultUrl,
      certificate: 'www-example-test',
      version: latest.version,
      'secret-id': `${vault.vaultUrl}/secrets/www-example-test`,
    });
    assert.equal(latest.serial, certificate.serial);
    assert.equal(latest.keyPem, certificate.keyPem, 'the key went in, as Key Vault opened the PFX');
    assert.deepEqual(
      latest.certificates.map((pem) => pem.trim()),
      [certificate.certPem, certificate.chainPem].map((pem) => pem.trim()),
      'the leaf, then its issuer',
    );
    assert.equal(latest.contentType, 'application/x-pkcs12');
    assert.deepEqual(latest.tags, { env: 'prod', owner: 'certwright' });
    assert.equal(latest.clientId, OFFICER);
    const imports = vault.vault.requests.filter((r) => r.route === vault.importRoute);
    assert.equal(imports.length, 1, 'one request');
    for (const secret of secretsOf(certificate))
      assert.ok(!run.logger.lines.join('\n').includes(secret), 'no key or token in the log');
    vault.assertNoUnexpectedRequests();
  });

  it('renewal: a new version of the same certificate, the latest one holding the new serial', async () => {
    const first = await testCertificate({ name: 'renew.example.test', domains: ['renew.example.test'], key: 'rsa' });
    const named = { 'azure-key-vault-certificate': 'shop-tls' };
    const before = await deploy(named, first);
    const second = await testCertificate({ name: 'renew.example.test', domains: ['renew.example.test'] });
    const after = await deploy(named, second, before);
    const versions = vault.versions('shop-tls');
    assert.equal(versions.length, 2, 'two versions of one certificate');
    assert.equal(vault.latest('shop-tls')?.serial, second.serial, 'the latest version is the renewed one');
    assert.equal(versions[0]?.serial, first.serial);
    assert.match(after.id, new RegExp(`^${vault.vaultUrl}/certificates/shop-tls/[0-9a-f]{32}$`));
    assert.notEqual(after.id, before.id);
    assert.equal(after.details?.['secret-id'], before.details?.['secret-id'], 'the versionless reference stays');
    vault.assertNoUnexpectedRequests();
  });

  it('renewal without a name goes into the certificate the last deploy used in this vault', async () => {
    const first = await testCertificate({ name: 'api.example.test', domains: ['api.example.test'] });
    const previous = await deploy({ 'azure-key-vault-certificate': 'api-v1' }, first);
    const renewed = await testCertificate({ name: 'api.example.test', domains: ['api.example.test'] });
    const record = await deploy({}, renewed, previous);
    assert.equal(record.details?.certificate, 'api-v1');
    assert.deepEqual(
      vault.versions('api-v1').map((v) => v.serial),
      [first.serial, renewed.serial],
    );
    assert.equal(vault.latest('api-example-test'), undefined, 'no certificate named after cert-name');
  });

  it('the import data action alone is enough (least privilege)', async () => {
    await az.signIn(IMPORTER);
    try {
      const certificate = await testCertificate({ name: 'least.example.test', domains: ['least.example.test'] });
      const record = await deploy({}, certificate);
      assert.equal(vault.latest('least-example-test')?.clientId, IMPORTER);
      assert.equal(record.serial, certificate.serial);
    } finally {
      await az.signIn(OFFICER);
    }
  });

  it("a refusal is one line with Key Vault's code and the role to grant, and no key or token", async () => {
    await az.signIn(READER);
    const certificate = await testCertificate({ name: 'denied.example.test', domains: ['denied.example.test'] });
    try {
      await assert.rejects(deploy({}, certificate), (error: Error) => {
        assert.match(
          error.message,
          /^azure-key-vault: importing certificate denied-example-test into http:\/\/127\.0\.0\.1:\d+: Forbidden \(ForbiddenByRbac\): Caller is not authorized to perform action on resource; give the identity the role "Key Vault Certificates Officer" on the vault, or a custom role with the data action Microsoft\.KeyVault\/vaults\/certificates\/import\/action/,
        );
        assert.ok(!error.message.includes('\n'), 'one line');
        for (const secret of secretsOf(certificate)) assert.ok(!error.message.includes(secret), 'no secret');
        return true;
      });
      assert.equal(vault.latest('denied-example-test'), undefined);
    } finally {
      await az.signIn(OFFICER);
    }
  });

  it('a name deleted but recoverable: Conflict, and what to do about it', async () => {
    vault.softDelete('gone-example-test');
    const certificate = await testCertificate({ name: 'gone.example.test', domains: ['gone.example.test'] });
    await rejectsWith(
      deploy({}, certificate),
      /^azure-key-vault: importing certificate gone-example-test into \S+: Conflict \(ObjectIsDeletedButRecoverable\): Certificate gone-example-test is currently in a deleted but recoverable state, .* can only be recovered or purged; a deleted certificate of that name is kept for recovery: recover it \(az keyvault certificate recover\) or purge it, or set azure-key-vault-certificate to another name$/,
    );
  });

  it("429 Throttled is retried after Key Vault's Retry-After", async () => {
    const certificate = await testCertificate({ name: 'busy.example.test', domains: ['busy.example.test'] });
    const failure = vault.throttleImports(2, 3);
    const run = context();
    const record = await deploy({}, certificate, undefined, run);
    assert.equal(failure.served, 2, 'both throttled answers were met');
    assert.deepEqual(run.clock.waits, [3000, 3000], 'each retry waited as Retry-After said');
    assert.equal(vault.versions('busy-example-test').length, 1, 'one version in the end');
    assert.equal(record.serial, certificate.serial);
    assert.ok(run.logger.lines.some((line) => /HTTP 429 Throttled; retrying in 3000 ms/.test(line)));
  });

  it('throttled past the attempts: one line that says how many tries', async () => {
    const certificate = await testCertificate({ name: 'jam.example.test', domains: ['jam.example.test'] });
    const failure = vault.throttleImports(6, 1);
    await rejectsWith(
      deploy({}, certificate),
      /^azure-key-vault: importing certificate jam-example-test into \S+: Throttled \(after 6 attempts\): Request was not processed because too many requests were received\. Reason: A generic throttling rule was hit$/,
    );
    assert.equal(failure.remaining, 0);
  });

  it('a token for another resource: Unauthorized in one line, with the sign-in advice', async () => {
    const { accessToken, expiresOn } = await vault.azure.mintToken(OFFICER, 'https://management.azure.com');
    await writeFile(
      join(az.dir, 'token.json'),
      JSON.stringify({ accessToken, expiresOn: new Date(expiresOn * 1000).toISOString(), expires_on: expiresOn }),
    );
    const certificate = await testCertificate({ name: 'aud.example.test', domains: ['aud.example.test'] });
    try {
      await assert.rejects(deploy({}, certificate), (error: Error) => {
        assert.match(
          error.message,
          /: Unauthorized \(after 2 attempts\): AKV10022: Invalid audience\. Expected https:\/\/vault\.azure\.net, found: https:\/\/management\.azure\.com\/; Key Vault refused the token; check the sign-in step/,
        );
        assert.ok(!error.message.includes(accessToken), 'not the token');
        return true;
      });
    } finally {
      await az.signIn(OFFICER);
    }
  });

  it('settings: one-line errors naming the option, before anything is sent', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{}, /^azure-key-vault-url: missing; expected the vault URL/],
      [
        { 'azure-key-vault-url': 'http://vault.example.com' },
        /^azure-key-vault-url: http:\/\/vault\.example\.com is plain http/,
      ],
      [{ 'azure-key-vault-url': 'https://v.vault.azure.net/certificates' }, /^azure-key-vault-url: .* has a path/],
      [{ 'azure-key-vault-url': 'ab' }, /^azure-key-vault-url: "ab" is not a vault name/],
      [
        { 'azure-key-vault-url': 'my-vault', 'azure-key-vault-certificate': 'www.example.com' },
        /^azure-key-vault-certificate: "www\.example\.com" is not a Key Vault certificate name; expected 1 to 127 letters, digits and dashes/,
      ],
      [
        { 'azure-key-vault-url': 'my-vault', 'azure-key-vault-tags': 'novalue' },
        /^azure-key-vault-tags: "novalue" is not a tag/,
      ],
    ];
    for (const [values, expected] of cases)
      assert.throws(
        () => definition.configure(values),
        (error: Error) => expected.test(error.message),
      );
    const configured = definition.configure({
      'azure-key-vault-url': 'My-Vault',
      'azure-key-vault-certificate': 'web',
    });
    assert.equal(configured.key, 'azure-key-vault:my-vault.vault.azure.net/web');
    assert.equal(configured.description, 'azure-key-vault (certificate web in https://my-vault.vault.azure.net)');
    assert.equal(
      definition.configure({ 'azure-key-vault-url': 'https://kv.vault.azure.cn/' }).key,
      'azure-key-vault:kv.vault.azure.cn',
    );
  });
});

/** Rejects with an error whose message matches `expected`. */
async function rejectsWith(promise: Promise<unknown>, expected: RegExp): Promise<void> {
  await assert.rejects(promise, (error: Error) => {
    assert.match(error.message, expected);
    return true;
  });
}
