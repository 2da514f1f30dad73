import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { definition } from '../index.js';
import type { IssuedCertificate } from '../../target.js';
import { createHttpClient } from '../../../net/http.js';
import { silentLogger, systemClock } from '../../../runtime.js';
import { deployScenarios, type DeployTargetFixture } from '../../../testing/deploy-scenarios.js';
import { startGithubApi, type GithubApi } from '../../../testing/github-api.js';
import { startTestbed, type Testbed } from '../../../testing/testbed.js';
import { makeTlsCertificate } from '../../../testing/testbed.js';
import { pfxHolds } from '../../../crypto/pkcs12.js';

const TOKEN = 'github_pat_11DEPLOYTARGET0123456789_secretwriter';
const OTHER_TOKEN = 'github_pat_11NOTTHISONE0000000000_reader';

/** The secret-name prefix of a place: its name in capitals. */
const prefixOf = (place: string) => `${place.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_TLS`;

function fixtureFor(api: () => GithubApi): DeployTargetFixture {
  return {
    name: 'github-secret',
    settings: (place) => ({ 'github-secret-name': prefixOf(place), 'github-secret-repository': 'acme/web' }),
    stepInputs: () => ({ 'github-api-url': api().url }),
    credentialsEnv: () => ({ CERTWRIGHT_GITHUB_SECRET_TOKEN: TOKEN }),
    held(place) {
      const prefix = prefixOf(place);
      const fullchain = api().secrets.get(`/repos/acme/web/actions/secrets/${prefix}_FULLCHAIN`);
      if (!fullchain) return undefined;
      return {
        id: `${prefix}_FULLCHAIN,${prefix}_PRIVKEY`,
        serial: new X509Certificate(fullchain).serialNumber.toLowerCase(),
      };
    },
    requestCount: () => api().requests.length,
    failOnce: () => api().failSecretWrites(1, '/repos/acme/web/'),
    secrets: () => [TOKEN],
    renewal: 'same-id',
  };
}

/** A certificate as the engine hands it to a target, from a throwaway CA-signed leaf. */
async function sampleCertificate(): Promise<IssuedCertificate> {
  const tls = await makeTlsCertificate(await mkdtemp(join(tmpdir(), 'certwright-github-secret-')));
  const certPem = await readFile(tls.certFile, 'utf8');
  const leaf = new X509Certificate(certPem);
  return {
    name: 'deploy.example.test',
    domains: ['localhost'],
    certPem,
    chainPem: tls.caPem,
    keyPem: await readFile(tls.keyFile, 'utf8'),
    serial: leaf.serialNumber.toLowerCase(),
    notAfter: new Date(leaf.validTo),
  };
}

function deployer(values: Record<string, string>, logger = silentLogger) {
  return definition.configure(values).create({
    logger,
    clock: systemClock,
    env: {},
    http: createHttpClient({ userAgent: 'certwright-test' }),
  });
}

describe('github-secret deploy target against the local GitHub API', () => {
  let api: GithubApi;
  before(async () => {
    api = await startGithubApi({ token: TOKEN, readOnlyToken: OTHER_TOKEN });
  });
  after(async () => api?.close());

  it('writes PREFIX_FULLCHAIN and PREFIX_PRIVKEY sealed, and a renewal writes the same names', async () => {
    const certificate = await sampleCertificate();
    const values = {
      'github-secret-name': 'WEB',
      'github-secret-repository': 'acme/web',
      'github-token': TOKEN,
      'github-api-url': api.url,
    };
    const record = await (await deployer(values)).deploy(certificate, undefined);
    assert.equal(record.id, 'WEB_FULLCHAIN,WEB_PRIVKEY');
    assert.equal(record.serial, certificate.serial);
    assert.equal(
      api.secrets.get('/repos/acme/web/actions/secrets/WEB_FULLCHAIN'),
      certificate.certPem + certificate.chainPem,
    );
    assert.equal(api.secrets.get('/repos/acme/web/actions/secrets/WEB_PRIVKEY'), certificate.keyPem);
    const again = await (await deployer(values)).deploy(await sampleCertificate(), record);
    assert.equal(again.id, record.id);
  });

  it('an environment secret, and a PFX under its password instead of the PEMs', async () => {
    const certificate = await sampleCertificate();
    const record = await (
      await deployer({
        'github-secret-name': 'environments/production/SHOP',
        'github-secret-format': 'pfx',
        'github-secret-pfx-password': 'correct horse battery',
        'github-repository': 'acme/shop',
        'github-secret-token': TOKEN,
        'github-api-url': api.url,
      })
    ).deploy(certificate, undefined);
    assert.equal(record.id, 'SHOP_PFX');
    const pfx = api.secrets.get('/repos/acme/shop/environments/production/secrets/SHOP_PFX');
    assert.ok(pfx);
    const files = { privkey: certificate.keyPem, cert: certificate.certPem, chain: certificate.chainPem };
    const settings = { password: 'correct horse battery', friendlyName: certificate.name, legacy: false };
    assert.ok(await pfxHolds(Buffer.from(pfx, 'base64'), files, settings), 'the PFX holds the key and the chain');
  });

  it('an organisation secret keeps the audience it had; a new one is readable by github-repository alone', async () => {
    api.audiences.set('/orgs/acme/actions/secrets/ORG_FULLCHAIN', { visibility: 'all', selectedRepositoryIds: [] });
    api.secrets.set('/orgs/acme/actions/secrets/ORG_FULLCHAIN', 'old');
    api.updatedAt.set('/orgs/acme/actions/secrets/ORG_FULLCHAIN', '2025-01-01T00:00:00Z');
    const values = {
      'github-secret-name': 'orgs/acme/ORG',
      'github-repository': 'acme/web',
      'github-token': TOKEN,
      'github-api-url': api.url,
    };
    await (await deployer(values)).deploy(await sampleCertificate(), undefined);
    assert.equal(api.audiences.get('/orgs/acme/actions/secrets/ORG_FULLCHAIN')?.visibility, 'all', 'kept');
    assert.deepEqual(api.audiences.get('/orgs/acme/actions/secrets/ORG_PRIVKEY'), {
      visibility: 'selected',
      selectedRepositoryIds: [api.repositoryId],
    });
  });

  it('a refused token is one line naming the secret and what the token needs, without the token or the key', async () => {
    const certificate = await sampleCertificate();
    const values = {
      'github-secret-name': 'WEB',
      'github-secret-repository': 'acme/web',
      'github-token': OTHER_TOKEN,
      'github-api-url': api.url,
    };
    const error = await (await deployer(values)).deploy(certificate, undefined).then(
      () => assert.fail('a read-only token cannot write'),
      (e: unknown) => e as Error,
    );
    assert.match(
      error.message,
      /^github-secret: cannot write the repository secret WEB_FULLCHAIN of acme\/web \(HTTP 403/,
    );
    assert.match(error.message, /github-secret-token/);
    assert.ok(
      !error.message.includes(OTHER_TOKEN) && !error.message.includes(certificate.keyPem.split('\n')[1] ?? 'x'),
    );
    assert.ok(!error.message.includes('\n'));
  });

  for (const [values, message] of [
    [{}, 'github-secret-name: missing; expected PREFIX, environments/ENV/PREFIX, orgs/ORG/PREFIX, such as TLS'],
    [
      { 'github-secret-name': 'GITHUB_TLS', 'github-repository': 'a/b', 'github-token': 't' },
      'github-secret-name: "GITHUB_TLS" is not a usable secret name; expected letters, digits and underscores, not starting with a digit or GITHUB_',
    ],
    [
      { 'github-secret-name': 'teams/x/TLS', 'github-repository': 'a/b', 'github-token': 't' },
      'github-secret-name: "teams/x/TLS" is not a secret; expected PREFIX, environments/ENV/PREFIX, orgs/ORG/PREFIX',
    ],
    [
      { 'github-secret-name': 'TLS', 'github-token': 't' },
      'github-repository: "" is not owner/repo; it names the repository whose secrets the github-secret target writes (or set github-secret-repository)',
    ],
    [
      { 'github-secret-name': 'TLS', 'github-repository': 'a/b' },
      'github-secret-token: missing; expected a token that may write the secrets (a fine-grained PAT or GitHub App token with "Secrets: Read and write"), or set github-token',
    ],
    [
      { 'github-secret-name': 'TLS', 'github-repository': 'a/b', 'github-token': 't', 'github-secret-format': 'jks' },
      'github-secret-format: "jks" is not a format; expected pem or pfx',
    ],
    [
      { 'github-secret-name': 'TLS', 'github-repository': 'a/b', 'github-token': 't', 'github-secret-format': 'pfx' },
      'github-secret-pfx-password: missing; expected the password of the PFX (or set CERTWRIGHT_GITHUB_SECRET_PFX_PASSWORD): github-secret-format is pfx',
    ],
  ] as const) {
    it(`refuses ${JSON.stringify(values)} before anything is sent`, () => {
      assert.throws(() => definition.configure(values), { message });
    });
  }
});

describe('github-secret through the shared deploy scenarios (dist/cli.js, dist/main.js, Pebble, BIND)', () => {
  let bed: Testbed;
  let api: GithubApi;
  before(async () => {
    [bed, api] = await Promise.all([startTestbed(), startGithubApi({ token: TOKEN })]);
  });
  after(async () => Promise.all([bed?.stop(), api?.close()]));
  deployScenarios(() => ({ bed, fixture: fixtureFor(() => api) }));
});
