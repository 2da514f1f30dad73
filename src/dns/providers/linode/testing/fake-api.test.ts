import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startTestbed, type Testbed } from '../../../../testing/testbed.js';
import { startFakeLinodeApi, type FakeLinodeApi, type FakeLinodeApiOptions } from './fake-api.js';

const token = (label: string) => createHash('sha256').update(label).digest('hex');
const RW = token('read-write');
const RO = token('read-only');
const NONE = token('linodes-only');
const OPTIONS: FakeLinodeApiOptions = {
  domains: [
    { id: 11, domain: 'example.test' },
    { id: 12, domain: 'other.test' },
    { id: 13, domain: 'secondary.test', type: 'slave' },
  ],
  tokens: [
    { token: RW, domains: 'read_write' },
    { token: RO, domains: 'read_only' },
    { token: NONE, domains: 'none' },
  ],
};

async function withFake(options: Partial<FakeLinodeApiOptions>, test: (api: FakeLinodeApi) => Promise<void>) {
  const api = await startFakeLinodeApi({ ...OPTIONS, ...options });
  try {
    await test(api);
  } finally {
    await api.close();
  }
}

async function call(
  api: FakeLinodeApi,
  method: string,
  path: string,
  { bearer = RW, body, filter }: { bearer?: string; body?: unknown; filter?: unknown } = {},
) {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: {
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...(filter === undefined ? {} : { 'x-filter': JSON.stringify(filter) }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
}

describe('linode endpoint', () => {
  it('refuses a missing or unknown token (401 Invalid Token) and a token without the Domains scope', async () => {
    await withFake({}, async (api) => {
      assert.deepEqual(await call(api, 'GET', '/domains', { bearer: '' }).then((r) => [r.status, r.body]), [
        401,
        { errors: [{ reason: 'Invalid Token' }] },
      ]);
      assert.equal((await call(api, 'GET', '/domains', { bearer: token('revoked') })).status, 401);
      const scopeless = await call(api, 'GET', '/domains', { bearer: NONE });
      assert.deepEqual(scopeless.body, {
        errors: [{ reason: 'Your OAuth token is not authorized to use this endpoint.' }],
      });
      const readOnlyWrite = await call(api, 'POST', '/domains/11/records', {
        bearer: RO,
        body: { type: 'TXT', name: 'x', target: 'y' },
      });
      assert.equal(readOnlyWrite.status, 401);
      assert.equal(api.txt('x.example.test').length, 0);
      assert.deepEqual(
        api.malformed.map((m) => m.problem),
        ['no "Authorization: Bearer" header'],
      );
    });
  });

  it('filters with X-Filter and pages with page, pages and results', async () => {
    await withFake({ maxPageSize: 2 }, async (api) => {
      const all = await call(api, 'GET', '/domains?page_size=500');
      assert.deepEqual([all.body.page, all.body.pages, all.body.results], [1, 2, 3]);
      assert.deepEqual(
        (await call(api, 'GET', '/domains?page=2&page_size=500')).body.data.map((d: { domain: string }) => d.domain),
        ['secondary.test'],
      );
      const one = await call(api, 'GET', '/domains', { filter: { domain: 'other.test' } });
      assert.deepEqual(
        one.body.data.map((d: { id: number }) => d.id),
        [12],
      );
      for (const value of ['a', 'b', 'c']) await api.seedTxt(11, '_acme-challenge.p.example.test', value);
      await api.seedTxt(11, 'elsewhere.example.test', 'a');
      const pages = await Promise.all(
        [1, 2].map((page) =>
          call(api, 'GET', `/domains/11/records?page=${page}&page_size=500`, {
            filter: { type: 'TXT', name: '_acme-challenge.p' },
          }),
        ),
      );
      assert.deepEqual(
        pages.map((p) => p.body.data.map((r: { target: string }) => r.target)),
        [['a', 'b'], ['c']],
      );
      const badFilter = await call(api, 'GET', '/domains/11/records', { filter: { ttl_sec: 300 } });
      assert.deepEqual(
        [badFilter.status, badFilter.body],
        [400, { errors: [{ reason: 'Cannot filter on ttl_sec', field: 'X-Filter' }] }],
      );
      assert.throws(
        () => api.assertNoUnexpectedRequests(),
        /malformed GET \/v4\/domains\/11\/records: filter on ttl_sec/,
      );
    });
  });

  it('creates records relative to the domain with ttl_sec rounded up, keeps identical ones apart, deletes by ID', async () => {
    await withFake({}, async (api) => {
      const create = (body: unknown, path = '/domains/11/records') => call(api, 'POST', path, { body });
      const first = await create({ type: 'TXT', name: '_acme-challenge.www.example.test', target: 'v', ttl_sec: 301 });
      assert.deepEqual([first.status, first.body.name, first.body.ttl_sec], [200, '_acme-challenge.www', 3600]);
      const twin = await create({ type: 'TXT', name: '_acme-challenge.www', target: 'v' });
      assert.notEqual(twin.body.id, first.body.id);
      assert.deepEqual(api.txt('_acme-challenge.www.example.test'), ['v', 'v']);
      const slave = await create({ type: 'TXT', name: 'x', target: 'v' }, '/domains/13/records');
      assert.deepEqual([slave.status, slave.body.errors[0].reason], [400, 'Cannot create records on a slave domain']);
      const bad = await create({ type: 'TXT', name: 'x' });
      assert.deepEqual(bad.body, { errors: [{ reason: 'target is required', field: 'target' }] });
      assert.deepEqual((await call(api, 'DELETE', `/domains/11/records/${first.body.id}`)).status, 200);
      const again = await call(api, 'DELETE', `/domains/11/records/${first.body.id}`);
      assert.deepEqual([again.status, again.body], [404, { errors: [{ reason: 'Not found' }] }]);
      assert.deepEqual(api.txt('_acme-challenge.www.example.test'), ['v']);
      const unknown = await call(api, 'GET', '/domains/11/zone-file/x');
      assert.deepEqual([unknown.status, unknown.body], [404, { errors: [{ reason: 'Not found' }] }]);
    });
  });

  it('throttles the next requests with 429 and retry-after', async () => {
    await withFake({}, async (api) => {
      const limit = api.rateLimitNext(2, 3);
      for (let i = 0; i < 2; i++) {
        const throttled = await call(api, 'GET', '/domains');
        assert.deepEqual(
          [throttled.status, throttled.headers.get('retry-after'), throttled.body],
          [429, '3', { errors: [{ reason: 'Too Many Requests' }] }],
        );
      }
      assert.equal(limit.served, 2);
      assert.equal((await call(api, 'GET', '/domains')).status, 200);
    });
  });
});

describe('linode endpoint: mirroring into the test bed BIND', () => {
  let bed: Testbed;
  before(async () => {
    bed = await startTestbed();
  });
  after(async () => bed?.stop());

  it('a created TXT shows up in BIND, and a delete removes exactly that value', async () => {
    await withFake({ bind: { server: bed.dns, tsig: bed.tsig } }, async (api) => {
      const name = '_acme-challenge.mirror.example.test';
      await api.seedTxt(11, name, 'foreign-value');
      const created = await call(api, 'POST', '/domains/11/records', { body: { type: 'TXT', name, target: 'ours' } });
      assert.deepEqual((await bed.txt(name)).sort(), ['foreign-value', 'ours']);
      await call(api, 'DELETE', `/domains/11/records/${created.body.id}`);
      assert.deepEqual(await bed.txt(name), ['foreign-value']);
      api.assertNoUnexpectedRequests();
    });
  });
});
