import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeVault, type FakeVault } from './fake-api.js';

/** The fields of Vault's answers the tests read. */
interface VaultAnswer {
  auth: { client_token: string };
  data: { version: number };
  errors?: string[];
}

describe('fake Vault and GitHub OIDC service', () => {
  let vault: FakeVault;
  before(async () => {
    vault = await startFakeVault({
      mounts: ['secret'],
      tokens: { 'hvs.writer': ['secret/data/certs/'] },
      roles: { r: { boundAudiences: ['aud'], boundClaims: { repository: 'o/r' }, writes: ['secret/data/certs/'] } },
      job: { repository: 'o/r', ref: 'refs/heads/main', requestToken: 'request-token' },
    });
  });
  after(() => vault.close());

  const post = async (path: string, body: unknown, token?: string) => {
    const answer = await fetch(`${vault.url}/v1/${path}`, {
      method: 'POST',
      headers: token ? { 'x-vault-token': token } : {},
      body: JSON.stringify(body),
    });
    return { status: answer.status, json: (await answer.json()) as VaultAnswer };
  };

  it('signs OIDC tokens only for the runner request token, and Vault logs them in by role', async () => {
    assert.equal((await fetch(`${vault.oidcRequestUrl}&audience=aud`)).status, 401);
    const oidc = await fetch(`${vault.oidcRequestUrl}&audience=aud`, {
      headers: { authorization: 'Bearer request-token' },
    });
    const { value } = (await oidc.json()) as { value: string };
    const claims = JSON.parse(Buffer.from(value.split('.')[1] ?? '', 'base64url').toString()) as Record<
      string,
      unknown
    >;
    assert.deepEqual(
      [claims.iss, claims.aud, claims.repository],
      ['https://token.actions.githubusercontent.com', 'aud', 'o/r'],
    );
    const login = await post('auth/jwt/login', { role: 'r', jwt: value });
    assert.equal(login.status, 200);
    assert.match(login.json.auth.client_token, /^hvs\./);
    assert.deepEqual((await post('auth/jwt/login', { role: 'nope', jwt: value })).json, {
      errors: ['role "nope" could not be found'],
    });
  });

  it('keeps KV v2 versions and refuses tokens without the path', async () => {
    assert.equal((await post('secret/data/certs/a', { data: { x: '1' } }, 'hvs.writer')).json.data.version, 1);
    assert.equal((await post('secret/data/certs/a', { data: { x: '2' } }, 'hvs.writer')).json.data.version, 2);
    assert.deepEqual(
      vault.versions('secret/certs/a').map((v) => v.data.x),
      ['1', '2'],
    );
    const denied = await post('secret/data/other/a', { data: {} }, 'hvs.writer');
    assert.deepEqual([denied.status, denied.json], [403, { errors: ['permission denied'] }]);
    assert.equal((await post('secret/data/certs/a', { data: {} })).status, 403);
  });
});
