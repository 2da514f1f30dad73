import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeDnsimpleApi, type FakeDnsimpleApi } from './fake-api.js';

const TOKEN = 'account-token-000000000000000000000000';
const USER = 'user-token-0000000000000000000000000000';

async function call(
  api: FakeDnsimpleApi,
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
) {
  const token = options.token ?? TOKEN;
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

describe('dnsimple endpoint', () => {
  let api: FakeDnsimpleApi;
  before(async () => {
    api = await startFakeDnsimpleApi({
      accounts: [
        { id: 1385, zones: ['example.test'] },
        { id: 2490, zones: ['other.test'] },
      ],
      tokens: [
        { token: TOKEN, account: 1385 },
        { token: USER, accounts: [1385, 2490] },
      ],
      maxPerPage: 2,
    });
  });
  after(async () => api?.close());

  it('whoami names the account of an account token, and none for a user token', async () => {
    assert.equal((await call(api, 'GET', '/v2/whoami')).body.data.account.id, 1385);
    assert.deepEqual((await call(api, 'GET', '/v2/whoami', { token: USER })).body.data.account, null);
  });

  it('refuses what DNSimple refuses, in its error shape, with rate-limit headers', async () => {
    const cases: [string, Promise<{ status: number; body: unknown }>, number, unknown][] = [
      ['no token', call(api, 'GET', '/v2/whoami', { token: '' }), 401, { message: 'Authentication failed' }],
      [
        'unknown token',
        call(api, 'GET', '/v2/whoami', { token: 'revoked' }),
        401,
        { message: 'Authentication failed' },
      ],
      [
        "another account's zone",
        call(api, 'GET', '/v2/2490/zones/other.test/records'),
        404,
        { message: 'Account `2490` not found' },
      ],
      [
        'a zone the account lacks',
        call(api, 'GET', '/v2/1385/zones/other.test/records'),
        404,
        { message: 'Zone `other.test` not found' },
      ],
      [
        'a record that is gone',
        call(api, 'DELETE', '/v2/1385/zones/example.test/records/9'),
        404,
        { message: 'Record `9` not found' },
      ],
      ['an unknown path', call(api, 'GET', '/v2/1385/domains/example.test/recordz'), 404, { message: 'Not found' }],
      [
        'a TTL below 60',
        call(api, 'POST', '/v2/1385/zones/example.test/records', {
          body: { name: 'x', type: 'TXT', content: 'v', ttl: 30 },
        }),
        400,
        { message: 'Validation failed', errors: { ttl: ['must be greater than or equal to 60'] } },
      ],
    ];
    for (const [label, reply, status, body] of cases) {
      const answer = await reply;
      assert.deepEqual({ status: answer.status, body: answer.body }, { status, body }, label);
    }
    const answered = await call(api, 'GET', '/v2/whoami');
    assert.equal(answered.headers.get('x-ratelimit-limit'), '2400');
    assert.match(answered.headers.get('x-ratelimit-reset') ?? '', /^\d{10}$/);
    api.rateLimitNext(1, 30);
    const limited = await call(api, 'GET', '/v2/whoami');
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('x-ratelimit-reset')) - Date.now() / 1000 > 25);
    assert.throws(
      () => api.assertNoUnexpectedRequests(),
      /no route for GET \/v2\/1385\/domains[^]*malformed GET \/v2\/whoami: no Authorization header[^]*malformed POST .*ttl/,
    );
  });

  it('creates (refusing an identical record), lists by name and type page by page, batches all or nothing', async () => {
    const base = '/v2/1385/zones/example.test';
    for (const content of ['a', 'b', 'c'])
      assert.equal(
        (
          await call(api, 'POST', `${base}/records`, {
            body: { name: '_acme-challenge', type: 'TXT', content, ttl: 60 },
          })
        ).status,
        201,
      );
    const dup = await call(api, 'POST', `${base}/records`, {
      body: { name: '_acme-challenge', type: 'TXT', content: 'a', ttl: 60 },
    });
    assert.deepEqual(dup.body, { message: 'Validation failed', errors: { base: ['Zone record already exists'] } });
    const page1 = await call(api, 'GET', `${base}/records?name=_acme-challenge&type=TXT&per_page=100`);
    assert.deepEqual(page1.body.pagination, { current_page: 1, per_page: 2, total_entries: 3, total_pages: 2 });
    const page2 = await call(api, 'GET', `${base}/records?name=_acme-challenge&type=TXT&page=2`);
    assert.deepEqual(
      page2.body.data.map((r: { content: string }) => r.content),
      ['c'],
    );
    const ids = [...page1.body.data, ...page2.body.data].map((r: { id: number }) => r.id);
    const refused = await call(api, 'POST', `${base}/batch`, {
      body: { creates: [{ name: 'x', type: 'TXT', content: 'new', ttl: 60 }], deletes: [{ id: ids[0] }, { id: 1 }] },
    });
    assert.equal(refused.status, 400);
    assert.equal(api.records('example.test').length, 3, 'nothing of a refused batch happened');
    const done = await call(api, 'POST', `${base}/batch`, {
      body: { creates: [{ name: 'x', type: 'TXT', content: 'new', ttl: 60 }], deletes: ids.map((id) => ({ id })) },
    });
    assert.equal(done.status, 200);
    assert.deepEqual(
      done.body.data.deletes,
      ids.map((id) => ({ id })),
    );
    assert.deepEqual(
      api.records('example.test').map((r) => [r.name, r.content]),
      [['x', 'new']],
    );
  });
});
