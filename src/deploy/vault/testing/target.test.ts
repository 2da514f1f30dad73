import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createHttpClient } from '../../../net/http.js';
import { systemClock, USER_AGENT, type Logger } from '../../../runtime.js';
import type { DeployContext, IssuedCertificate } from '../../target.js';
import { definition, parseKvPath } from '../index.js';
import { startFakeVault, vaultErrors, type FakeVault } from './fake-api.js';

const STATIC_TOKEN = 'hvs.STATIC-TOKEN-SECRET-0123456789';
const NARROW_TOKEN = 'hvs.NARROW-TOKEN-SECRET-0123456789';
const REQUEST_TOKEN = 'actions-id-token-request-SECRET';
const KEY_MARKER = 'PRIVATE-KEY-MATERIAL-SECRET';

function certificate(serial: string): IssuedCertificate {
  return {
    name: 'example.test',
    domains: ['example.test', '*.example.test'],
    certPem: `-----BEGIN CERTIFICATE-----\nLEAF${serial}\n-----END CERTIFICATE-----\n`,
    chainPem: '-----BEGIN CERTIFICATE-----\nINTERMEDIATE\n-----END CERTIFICATE-----\n',
    keyPem: `-----BEGIN PRIVATE KEY-----\n${KEY_MARKER}${serial}\n-----END PRIVATE KEY-----\n`,
    serial,
    notAfter: new Date('2030-01-01T00:00:00Z'),
  };
}

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(`info: ${m}`),
    warn: (m) => lines.push(`warn: ${m}`),
    debug: (m) => lines.push(`debug: ${m}`),
  };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => assert.fail('expected a failure'),
    (error: unknown) => error as Error,
  );
}

describe('vault target against the fake Vault and GitHub OIDC service', () => {
  let vault: FakeVault;
  before(async () => {
    vault = await startFakeVault({
      mounts: ['secret'],
      tokens: { [STATIC_TOKEN]: ['secret/data/certs/'], [NARROW_TOKEN]: ['secret/data/other/'] },
      roles: {
        'certwright-deploy': {
          boundAudiences: ['https://vault.example.com'],
          boundClaims: { repository: 'certwright/app', ref: 'refs/heads/main' },
          writes: ['secret/data/certs/'],
        },
        'other-repo': {
          boundAudiences: ['https://vault.example.com'],
          boundClaims: { repository: 'certwright/elsewhere' },
          writes: ['secret/data/certs/'],
        },
      },
      job: { repository: 'certwright/app', ref: 'refs/heads/main', requestToken: REQUEST_TOKEN },
    });
  });
  after(() => vault.close());

  function context(logger: Logger, env: Record<string, string> = {}): DeployContext {
    return {
      logger,
      clock: systemClock,
      env: {
        VAULT_ADDR: vault.url,
        ACTIONS_ID_TOKEN_REQUEST_URL: vault.oidcRequestUrl,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
        ...env,
      },
      http: createHttpClient({ userAgent: USER_AGENT }),
    };
  }
  const oidcValues = (path: string) => ({
    'vault-path': path,
    'vault-role': 'certwright-deploy',
    'vault-oidc-audience': 'https://vault.example.com',
  });

  it('first deploy logs in with the job OIDC token (JWT role), writes KV v2 and revokes the login token', async () => {
    const logger = recordingLogger();
    const target = await definition.configure(oidcValues('secret/certs/example.test')).create(context(logger));
    const record = await target.deploy(certificate('0a01'), undefined);
    assert.equal(record.id, 'secret/certs/example.test@1');
    assert.equal(record.details?.version, '1');
    const [written] = vault.versions('secret/certs/example.test');
    const cert = certificate('0a01');
    assert.deepEqual(written?.data, {
      certificate: cert.certPem,
      private_key: cert.keyPem,
      chain: cert.chainPem,
      fullchain: `${cert.certPem}${cert.chainPem}`,
      serial: '0a01',
      not_after: '2030-01-01T00:00:00.000Z',
      domains: 'example.test,*.example.test',
      certificate_name: 'example.test',
    });
    const steps = [...vault.oidc.requests, ...vault.vendor.requests].map((r) => `${r.method} ${r.path} ${r.status}`);
    assert.deepEqual(steps, [
      'GET /_apis/distributedtask/hubs/build/plans/plan/jobs/job/idtoken 200',
      'POST /v1/auth/jwt/login 200',
      'POST /v1/secret/data/certs/example.test 200',
      'POST /v1/auth/token/revoke-self 204',
    ]);
    assert.equal(vault.oidc.requests[0]?.query.get('audience'), 'https://vault.example.com');
    assert.equal(vault.liveLoginTokens(), 0);
    assert.match(logger.lines.join('\n'), /wrote secret\/certs\/example.test version 1/);
    assert.doesNotMatch(logger.lines.join('\n'), /PRIVATE-KEY|hvs\.|SECRET/);
  });

  it('a renewal adds a version to the same path; a token works instead of OIDC, with the namespace header', async () => {
    const values = { 'vault-path': 'secret/certs/renewed', 'vault-token': STATIC_TOKEN };
    const target = await definition
      .configure(values)
      .create(context(recordingLogger(), { VAULT_NAMESPACE: 'admin/team' }));
    const first = await target.deploy(certificate('0b01'), undefined);
    const second = await target.deploy(certificate('0b02'), first);
    assert.equal(first.id, 'secret/certs/renewed@1');
    assert.equal(second.id, 'secret/certs/renewed@2');
    assert.deepEqual(
      vault.versions('secret/certs/renewed').map((v) => v.data.serial),
      ['0b01', '0b02'],
    );
    const writes = vault.vendor.requests.filter((r) => r.path === '/v1/secret/data/certs/renewed');
    assert.ok(
      writes.every(
        (r) => r.headers['x-vault-namespace'] === 'admin/team' && r.headers['x-vault-token'] === STATIC_TOKEN,
      ),
    );
  });

  it('rate limits (429) and a sealed node (503) are retried', async () => {
    const logger = recordingLogger();
    const target = await definition.configure(oidcValues('secret/certs/throttled')).create(context(logger));
    const scripted = vault.failWrites(vaultErrors.rateLimited('secret/data/certs/throttled'), 1);
    const sealed = vault.failWrites(vaultErrors.sealed(), 1);
    const record = await target.deploy(certificate('0c01'), undefined);
    assert.equal(record.id, 'secret/certs/throttled@1');
    assert.equal(scripted.served + sealed.served, 2);
    assert.match(logger.lines.join('\n'), /writing secret\/certs\/throttled: HTTP 429; retrying/);
  });

  it('vendor errors are one line with the fix, and never show a token or the key', async () => {
    const denied = await failure(
      definition
        .configure({ 'vault-path': 'secret/certs/denied', 'vault-token': NARROW_TOKEN })
        .create(context(recordingLogger()))
        .then((t) => t.deploy(certificate('0d01'), undefined)),
    );
    assert.equal(
      denied.message,
      'vault: writing secret/certs/denied: 403: permission denied (the token\'s policy needs create and update on "secret/data/certs/denied")',
    );
    const claims = await failure(
      definition
        .configure({ ...oidcValues('secret/certs/x'), 'vault-role': 'other-repo' })
        .create(context(recordingLogger()))
        .then((t) => t.deploy(certificate('0d02'), undefined)),
    );
    assert.match(
      claims.message,
      /^vault: logging in as JWT role "other-repo" at auth\/jwt: 400: error validating claims: claim "repository" does not match any associated bound claim values \(check the role's bound_audiences/,
    );
    const audience = await failure(
      definition
        .configure({ ...oidcValues('secret/certs/x'), 'vault-oidc-audience': 'sigstore' })
        .create(context(recordingLogger()))
        .then((t) => t.deploy(certificate('0d03'), undefined)),
    );
    assert.match(audience.message, /400: error validating token: invalid audience \(aud\) claim/);
    const noOidc = await failure(
      definition
        .configure(oidcValues('secret/certs/x'))
        .create(context(recordingLogger(), { ACTIONS_ID_TOKEN_REQUEST_URL: '' }))
        .then((t) => t.deploy(certificate('0d04'), undefined)),
    );
    assert.match(noOidc.message, /give the job `permissions: id-token: write`, or set vault-token$/);
    const badRequestToken = await failure(
      definition
        .configure(oidcValues('secret/certs/x'))
        .create(context(recordingLogger(), { ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'wrong-SECRET' }))
        .then((t) => t.deploy(certificate('0d05'), undefined)),
    );
    assert.match(badRequestToken.message, /^vault: asking GitHub for the job's OIDC token: 401: Unauthorized$/);
    for (const error of [denied, claims, audience, noOidc, badRequestToken])
      for (const secret of [NARROW_TOKEN, REQUEST_TOKEN, KEY_MARKER, 'hvs.', 'eyJ'])
        assert.ok(!error.message.includes(secret));
  });

  it('a forged OIDC token is refused by the login (the fake checks the signature)', async () => {
    const answer = await fetch(`${vault.url}/v1/auth/jwt/login`, {
      method: 'POST',
      body: JSON.stringify({ role: 'certwright-deploy', jwt: vault.forgedJwt() }),
    });
    assert.equal(answer.status, 400);
    assert.deepEqual(await answer.json(), { errors: ['error validating token: failed to verify id token signature'] });
  });

  it('validates its options before anything is sent', () => {
    const cases: [Record<string, string>, string][] = [
      [{ 'vault-token': 't' }, 'vault-path: missing; expected mount/path, such as secret/certs/example.com'],
      [
        { 'vault-path': 'secret', 'vault-token': 't' },
        'vault-path: "secret" has no path after the mount; expected mount/path of a KV v2 engine, such as secret/certs/example.com',
      ],
      [
        { 'vault-path': 'secret/data/certs/x', 'vault-token': 't' },
        'vault-path: "secret/data/certs/x" names the API\'s data/ segment; give the secret\'s path without it, expected mount/path of a KV v2 engine, such as secret/certs/example.com',
      ],
      [
        { 'vault-path': 'secret/certs/x' },
        "vault-role: missing; expected the JWT auth role to log in as with the job's OIDC token, or set vault-token (VAULT_TOKEN)",
      ],
      [
        { 'vault-path': 'secret/certs/x', 'vault-token': 't', 'vault-addr': 'http://vault.example.com:8200' },
        "vault-addr: http://vault.example.com:8200 is plain http, so the provider's credentials would cross the network readable; use https (plain http only for a loopback address such as 127.0.0.1)",
      ],
    ];
    for (const [values, message] of cases) assert.throws(() => definition.configure(values), { message });
    assert.deepEqual(parseKvPath('kv/team/app/cert'), { mount: 'kv', path: 'team/app/cert' });
    const configured = definition.configure({
      'vault-path': 'secret/certs/a',
      'vault-role': 'r',
      'vault-namespace': 'ns1',
    });
    assert.equal(configured.key, 'vault:ns1:secret/certs/a');
  });

  it('VAULT_ADDR is checked as vault-addr is', async () => {
    const target = await definition
      .configure({ 'vault-path': 'secret/certs/x', 'vault-token': STATIC_TOKEN })
      .create(context(recordingLogger(), { VAULT_ADDR: 'http://vault.example.com' }));
    await assert.rejects(
      target.deploy(certificate('0e01'), undefined),
      /^Error: vault-addr \(VAULT_ADDR\): http:\/\/vault.example.com is plain http/,
    );
  });
});
