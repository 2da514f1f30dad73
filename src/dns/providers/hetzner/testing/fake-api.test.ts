import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestbed, type Testbed } from '../../../../testing/testbed.js';
import { startFakeHetznerApi, type FakeHetznerApi, type FakeHetznerApiOptions } from './fake-api.js';

const token = (label: string) => label.replace(/[^A-Za-z0-9]/g, '').padEnd(64, 'x');
const RW = token('readwrite');
const RO = token('readonly');
const OTHER_PROJECT = token('otherproject');
const OPTIONS: FakeHetznerApiOptions = {
  zones: [
    { id: 1, name: 'example.test' },
    { id: 2, name: 'other.test' },
    { id: 3, name: 'secondary.test', mode: 'secondary' },
  ],
  tokens: [
    { token: RW, permission: 'read_write' },
    { token: RO, permission: 'read' },
    { token: OTHER_PROJECT, permission: 'read_write', zones: ['other.test'] },
  ],
};

async function withFake(options: Partial<FakeHetznerApiOptions>, test: (api: FakeHetznerApi) => Promise<void>) {
  const api = await startFakeHetznerApi({ ...OPTIONS, ...options });
  try {
    await test(api);
  } finally {
    await api.close();
  }
}

async function call(
  api: FakeHetznerApi,
  method: string,
  path: string,
  { bearer = RW, body }: { bearer?: string; body?: unknown } = {},
) {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: {
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
}

const add = (api: FakeHetznerApi, zone: string, name: string, values: string[], bearer = RW) =>
  call(api, 'POST', `/zones/${zone}/rrsets/${encodeURIComponent(name)}/TXT/actions/add_records`, {
    bearer,
    body: { ttl: 60, records: values.map((value) => ({ value })) },
  });
const remove = (api: FakeHetznerApi, zone: string, name: string, values: string[]) =>
  call(api, 'POST', `/zones/${zone}/rrsets/${encodeURIComponent(name)}/TXT/actions/remove_records`, {
    body: { records: values.map((value) => ({ value })) },
  });

describe('hetzner endpoint', () => {
  it('refuses a missing or unknown token (401), writes with a read-only one (403 token_readonly), zones of another project (404)', async () => {
    await withFake({}, async (api) => {
      const unknown = await call(api, 'GET', '/zones', { bearer: token('revoked') });
      assert.deepEqual(
        [unknown.status, unknown.body],
        [401, { error: { code: 'unauthorized', message: 'unable to authenticate', details: {} } }],
      );
      assert.equal((await call(api, 'GET', '/zones', { bearer: '' })).status, 401);
      const readOnly = await add(api, 'example.test', '_acme-challenge', ['"v"'], RO);
      assert.deepEqual([readOnly.status, readOnly.body.error.code], [403, 'token_readonly']);
      const elsewhere = await add(api, 'example.test', '_acme-challenge', ['"v"'], OTHER_PROJECT);
      assert.deepEqual(
        [elsewhere.status, elsewhere.body.error],
        [404, { code: 'not_found', message: 'zone not found', details: {} }],
      );
      assert.deepEqual(api.txt('_acme-challenge.example.test'), []);
      assert.deepEqual(
        api.malformed.map((m) => m.problem),
        ['no "Authorization: Bearer" header'],
      );
    });
  });

  it('pages zones and RRSets with page, per_page and meta.pagination; zones go by ID or name', async () => {
    await withFake({ maxPerPage: 2 }, async (api) => {
      const first = await call(api, 'GET', '/zones?per_page=50');
      assert.deepEqual(
        first.body.zones.map((z: { name: string }) => z.name),
        ['example.test', 'other.test'],
      );
      assert.deepEqual(first.body.meta.pagination, {
        page: 1,
        per_page: 2,
        previous_page: null,
        next_page: 2,
        last_page: 2,
        total_entries: 3,
      });
      assert.deepEqual(
        (await call(api, 'GET', '/zones?page=2')).body.zones.map((z: { id: number }) => z.id),
        [3],
      );
      assert.equal((await call(api, 'GET', '/zones/1')).body.zone.name, 'example.test');
      assert.equal((await call(api, 'GET', '/zones/Example.test')).body.zone.id, 1);
      for (const name of ['a', 'b', 'c']) await api.seedTxt(`${name}.example.test`, '"x"');
      const rrsets = await call(api, 'GET', '/zones/example.test/rrsets?type=TXT&page=2');
      assert.deepEqual(
        rrsets.body.rrsets.map((r: { id: string }) => r.id),
        ['c/TXT'],
      );
    });
  });

  it('adds values to an RRSet and removes exactly the named ones; each write is an action that runs until polled', async () => {
    await withFake({}, async (api) => {
      await api.seedTxt('_acme-challenge.www.example.test', '"v=foreign" "two strings"');
      const added = await add(api, 'example.test', '_acme-challenge.www', ['"ours-1"', '"ours-2"']);
      assert.deepEqual(
        [added.status, added.body.action.status, added.body.action.command],
        [201, 'running', 'add_rrset_records'],
      );
      const polled = await call(api, 'GET', `/actions/${added.body.action.id}`);
      assert.equal(polled.body.action.status, 'running');
      assert.equal((await call(api, 'GET', `/actions/${added.body.action.id}`)).body.action.status, 'success');
      assert.deepEqual(api.txt('_acme-challenge.www.example.test'), ['v=foreigntwo strings', 'ours-1', 'ours-2']);
      await remove(api, 'example.test', '_acme-challenge.www', ['"ours-1"', '"ours-2"', '"never-there"']);
      assert.deepEqual(
        api.rrset('example.test', '_acme-challenge.www')?.records.map((r) => r.value),
        ['"v=foreign" "two strings"'],
      );
      assert.equal(
        (await call(api, 'GET', '/zones/example.test/rrsets/gone/TXT')).body.error.message,
        'rrset not found',
      );
      const unquoted = await add(api, 'example.test', 'x', ['unquoted']);
      assert.deepEqual([unquoted.status, unquoted.body.error.code], [400, 'invalid_input']);
      const secondary = await add(api, 'secondary.test', 'x', ['"v"']);
      assert.deepEqual([secondary.status, secondary.body.error.code], [422, 'incorrect_zone_mode']);
      const noRoute = await call(api, 'GET', '/dns/zones');
      assert.deepEqual([noRoute.status, noRoute.body.error.code], [404, 'not_found']);
      api.failActionsNext(1);
      const failing = await add(api, 'example.test', 'y', ['"v"']);
      await call(api, 'GET', `/actions/${failing.body.action.id}`);
      assert.deepEqual((await call(api, 'GET', `/actions/${failing.body.action.id}`)).body.action.error, {
        code: 'action_failed',
        message: 'Action failed',
      });
      assert.deepEqual(api.txt('y.example.test'), [], 'a failed action changed nothing');
      assert.throws(() => api.assertNoUnexpectedRequests(), /malformed POST .*records\[0\]\.value "unquoted"/);
    });
  });

  it('throttles with 429 rate_limit_exceeded and RateLimit-Reset, without Retry-After', async () => {
    await withFake({}, async (api) => {
      const limit = api.rateLimitNext(1, 5);
      const throttled = await call(api, 'GET', '/zones');
      assert.deepEqual(
        [throttled.status, throttled.body.error.code, throttled.headers.get('retry-after')],
        [429, 'rate_limit_exceeded', null],
      );
      assert.ok(Number(throttled.headers.get('ratelimit-reset')) * 1000 > Date.now());
      assert.equal(limit.served, 1);
      assert.equal((await call(api, 'GET', '/zones')).status, 200);
    });
  });
});

describe('hetzner endpoint: mirroring into the test bed BIND', () => {
  let bed: Testbed;
  before(async () => {
    bed = await startTestbed();
  });
  after(async () => bed?.stop());

  it('added values show up in BIND, and a removal takes exactly those', async () => {
    await withFake({ bind: { server: bed.dns, tsig: bed.tsig } }, async (api) => {
      const name = '_acme-challenge.mirror.example.test';
      await api.seedTxt(name, '"foreign-value"');
      await add(api, 'example.test', '_acme-challenge.mirror', ['"ours"']);
      assert.deepEqual((await bed.txt(name)).sort(), ['foreign-value', 'ours']);
      await remove(api, 'example.test', '_acme-challenge.mirror', ['"ours"']);
      assert.deepEqual(await bed.txt(name), ['foreign-value']);
      api.assertNoUnexpectedRequests();
    });
  });
});
