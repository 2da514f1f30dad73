import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createHttpClient, type HttpClient } from '../../../net/http.js';
import { makeTlsCertificate } from '../../../testing/testbed.js';
import { startFakeKubernetesApi, type FakeKubernetesApi } from './fake-api.js';

const TOKEN = 'fake-api-test-token';

/** The fields of a `Status` or a Secret the tests read. */
interface StatusOrSecret {
  kind: string;
  reason: string;
  code: number;
  message: string;
  metadata: { resourceVersion: string; uid: string };
}

describe('fake Kubernetes API server', () => {
  let api: FakeKubernetesApi;
  let http: HttpClient;
  before(async () => {
    const tls = await makeTlsCertificate(await mkdtemp(join(tmpdir(), 'certwright-k8s-fake-')));
    api = await startFakeKubernetesApi({
      tls: { certPem: await readFile(tls.certFile, 'utf8'), keyPem: await readFile(tls.keyFile, 'utf8') },
      namespaces: ['ns'],
      tokens: { [TOKEN]: { user: 'u', rules: [{ namespace: 'ns', verbs: ['get', 'create', 'update'] }] } },
    });
    http = createHttpClient({ userAgent: 'test', extraCaPem: tls.caPem });
  });
  after(() => api.close());

  const send = async (method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, token = TOKEN) => {
    const answer = await http({
      method,
      url: `${api.url}${path}`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: answer.status, json: JSON.parse(answer.body.toString()) as StatusOrSecret };
  };
  const secret = (extra: Record<string, unknown> = {}) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'kubernetes.io/tls',
    metadata: { name: 's', ...extra },
    data: { 'tls.crt': 'eA==', 'tls.key': 'eA==' },
  });

  it('answers Status objects for 401, 404, 422, 409 as the API server does', async () => {
    const unauthorized = await send('GET', '/api/v1/namespaces/ns/secrets/s', undefined, 'wrong');
    assert.equal(unauthorized.status, 401);
    assert.deepEqual(
      [unauthorized.json.kind, unauthorized.json.reason, unauthorized.json.code],
      ['Status', 'Unauthorized', 401],
    );
    assert.equal((await send('GET', '/api/v1/namespaces/ns/secrets/s')).json.reason, 'NotFound');
    const invalid = await send('POST', '/api/v1/namespaces/ns/secrets', { ...secret(), data: { 'tls.crt': 'eA==' } });
    assert.equal(invalid.status, 422);
    assert.match(invalid.json.message, /data\[tls.key\]: Required value/);
    const created = await send('POST', '/api/v1/namespaces/ns/secrets', secret());
    assert.equal(created.status, 201);
    assert.equal((await send('POST', '/api/v1/namespaces/ns/secrets', secret())).json.reason, 'AlreadyExists');
    const stale = await send('PUT', '/api/v1/namespaces/ns/secrets/s', secret({ resourceVersion: '1' }));
    assert.equal(stale.status, 409);
    assert.equal(stale.json.reason, 'Conflict');
    const fresh = await send(
      'PUT',
      '/api/v1/namespaces/ns/secrets/s',
      secret({ resourceVersion: created.json.metadata.resourceVersion }),
    );
    assert.equal(fresh.status, 200);
    assert.notEqual(fresh.json.metadata.resourceVersion, created.json.metadata.resourceVersion);
    assert.equal(fresh.json.metadata.uid, created.json.metadata.uid);
  });

  it("forbids what the token's rules do not allow, and throttles on request", async () => {
    const forbidden = await send('GET', '/api/v1/namespaces/other/secrets/s');
    assert.equal(forbidden.status, 403);
    assert.equal(
      forbidden.json.message,
      'secrets "s" is forbidden: User "u" cannot get resource "secrets" in API group "" in the namespace "other"',
    );
    api.throttleNext(1, 2);
    const answer = await http({
      method: 'GET',
      url: `${api.url}/api/v1/namespaces/ns/secrets/s`,
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    assert.equal(answer.status, 429);
    assert.equal(answer.headers['retry-after'], '2');
  });
});
