import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestbed, type Testbed } from '../../../../testing/testbed.js';
import { startFakeVultrApi, type FakeVultrApi, type FakeVultrApiOptions } from './fake-api.js';

const key = (label: string) =>
  label
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .padEnd(36, '0');
const FULL = key('full');
const NO_DNS = key('billing-only');
const OTHER_IP = key('other-ip');
const OPTIONS: FakeVultrApiOptions = {
  domains: [{ domain: 'example.test' }, { domain: 'other.test' }, { domain: 'third.test' }],
  keys: [{ key: FULL }, { key: NO_DNS, dns: false }, { key: OTHER_IP, ipRefused: true }],
};

async function withFake(options: Partial<FakeVultrApiOptions>, test: (api: FakeVultrApi) => Promise<void>) {
  const api = await startFakeVultrApi({ ...OPTIONS, ...options });
  try {
    await test(api);
  } finally {
    await api.close();
  }
}

async function call(
  api: FakeVultrApi,
  method: string,
  path: string,
  { bearer = FULL, body }: { bearer?: string; body?: unknown } = {},
) {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: {
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text ? JSON.parse(text) : undefined) as Record<string, any>,
  };
}

describe('vultr endpoint', () => {
  it('refuses a missing or unknown key, a key from an address its ACL leaves out, and a user without Manage DNS', async () => {
    await withFake({}, async (api) => {
      const cases: [string, number, string][] = [
        ['', 401, 'Invalid API token.'],
        [key('revoked'), 401, 'Invalid API token.'],
        [OTHER_IP, 401, 'Unauthorized IP address: 127.0.0.1'],
        [NO_DNS, 403, 'Unauthorized: this user lacks the permission dns'],
      ];
      for (const [bearer, status, error] of cases) {
        const answer = await call(api, 'GET', '/domains', { bearer });
        assert.deepEqual([answer.status, answer.body], [status, { error, status }]);
      }
      assert.deepEqual(
        api.malformed.map((m) => m.problem),
        ['no "Authorization: Bearer" header'],
      );
    });
  });

  it('pages by cursor: per_page, meta.links.next until it is empty', async () => {
    await withFake({ maxPerPage: 2 }, async (api) => {
      const first = await call(api, 'GET', '/domains?per_page=500');
      assert.deepEqual(
        first.body.domains.map((d: { domain: string }) => d.domain),
        ['example.test', 'other.test'],
      );
      assert.equal(first.body.meta.total, 3);
      const next = first.body.meta.links.next as string;
      assert.notEqual(next, '');
      const second = await call(api, 'GET', `/domains?per_page=500&cursor=${encodeURIComponent(next)}`);
      assert.deepEqual(
        second.body.domains.map((d: { domain: string }) => d.domain),
        ['third.test'],
      );
      assert.equal(second.body.meta.links.next, '');
      const bad = await call(api, 'GET', '/domains?cursor=bm9wZQ');
      assert.deepEqual([bad.status, bad.body.error], [400, 'Invalid cursor.']);
      assert.throws(() => api.assertNoUnexpectedRequests(), /malformed GET \/v2\/domains: cursor bm9wZQ/);
    });
  });

  it('creates (201 with the record and a UUID), refuses invalid records, deletes (204), and 404s what is gone', async () => {
    await withFake({}, async (api) => {
      const created = await call(api, 'POST', '/domains/example.test/records', {
        body: { name: '_acme-challenge.www', type: 'TXT', data: '"v1"', ttl: 120, priority: 0 },
      });
      assert.equal(created.status, 201);
      assert.match(created.body.record.id, /^[0-9a-f-]{36}$/);
      assert.deepEqual(api.txt('_acme-challenge.www.example.test'), ['v1']);
      const fqdnName = await call(api, 'POST', '/domains/example.test/records', {
        body: { name: '_acme-challenge.www.example.test.', type: 'TXT', data: 'x' },
      });
      assert.deepEqual([fqdnName.status, fqdnName.body.error], [400, 'Invalid record name.']);
      const lowTtl = await call(api, 'POST', '/domains/example.test/records', {
        body: { name: 'x', type: 'TXT', data: 'x', ttl: 5 },
      });
      assert.deepEqual([lowTtl.status, lowTtl.body.error], [400, 'Invalid TTL.']);
      const missing = await call(api, 'POST', '/domains/nowhere.test/records', {
        body: { name: 'x', type: 'TXT', data: 'x' },
      });
      assert.deepEqual([missing.status, missing.body], [404, { error: 'Domain not found.', status: 404 }]);
      const path = `/domains/example.test/records/${created.body.record.id}`;
      assert.equal((await call(api, 'DELETE', path)).status, 204);
      assert.deepEqual((await call(api, 'DELETE', path)).body, { error: 'Record not found.', status: 404 });
      assert.deepEqual((await call(api, 'GET', '/dns')).body, { error: 'Invalid API route.', status: 404 });
      assert.equal(api.malformed.length, 2);
    });
  });

  it('throttles with 429 (and retry-after when scripted so) or 503', async () => {
    await withFake({}, async (api) => {
      const limit = api.rateLimitNext(1, 429, 2);
      const throttled = await call(api, 'GET', '/domains');
      assert.deepEqual([throttled.status, throttled.headers.get('retry-after')], [429, '2']);
      api.rateLimitNext(1, 503);
      const old = await call(api, 'GET', '/domains');
      assert.deepEqual([old.status, old.headers.get('retry-after'), old.body.status], [503, null, 503]);
      assert.equal(limit.served, 1);
      assert.equal((await call(api, 'GET', '/domains')).status, 200);
    });
  });
});

describe('vultr endpoint: mirroring into the test bed BIND', () => {
  let bed: Testbed;
  before(async () => {
    bed = await startTestbed();
  });
  after(async () => bed?.stop());

  it('a created TXT shows up in BIND, and a delete removes exactly that value', async () => {
    await withFake({ bind: { server: bed.dns, tsig: bed.tsig } }, async (api) => {
      const name = '_acme-challenge.mirror.example.test';
      await api.seedTxt('example.test', name, 'foreign-value');
      const created = await call(api, 'POST', '/domains/example.test/records', {
        body: { name: '_acme-challenge.mirror', type: 'TXT', data: '"ours"', ttl: 120 },
      });
      assert.deepEqual((await bed.txt(name)).sort(), ['foreign-value', 'ours']);
      await call(api, 'DELETE', `/domains/example.test/records/${created.body.record.id}`);
      assert.deepEqual(await bed.txt(name), ['foreign-value']);
      api.assertNoUnexpectedRequests();
    });
  });
});
