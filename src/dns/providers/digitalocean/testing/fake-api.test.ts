import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startTestbed, type Testbed } from '../../../../testing/testbed.js';
import { startFakeDigitalOceanApi, type FakeDigitalOceanApi, type FakeDigitalOceanApiOptions } from './fake-api.js';

/** DigitalOcean personal access tokens: `dop_v1_` and 64 hex digits. */
const token = (label: string): string => `dop_v1_${createHash('sha256').update(label).digest('hex')}`;
const UPDATE = token('read-update');
const READ_ONLY = token('read-only');
const CREATE_ONLY = token('create-only');
const FULL = token('full');

const OPTIONS: FakeDigitalOceanApiOptions = {
  domains: [{ name: 'example.test' }, { name: 'other.test' }, { name: 'delegated.test' }],
  tokens: [
    { token: UPDATE, scopes: ['domain:read', 'domain:update'] },
    { token: READ_ONLY, scopes: 'read' },
    { token: CREATE_ONLY, scopes: ['domain:create'] },
    { token: FULL, scopes: 'full' },
  ],
};

async function withFakeApi(
  options: Partial<FakeDigitalOceanApiOptions>,
  test: (d: FakeDigitalOceanApi) => Promise<void>,
): Promise<void> {
  const endpoint = await startFakeDigitalOceanApi({ ...OPTIONS, ...options });
  try {
    await test(endpoint);
  } finally {
    await endpoint.close();
  }
}

async function call(
  d: FakeDigitalOceanApi,
  method: string,
  path: string,
  { bearer = UPDATE, body }: { bearer?: string; body?: unknown } = {},
) {
  const response = await fetch(`${d.url}${path}`, {
    method,
    headers: {
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text ? JSON.parse(text) : undefined) as Record<string, any>,
  };
}

const createTxt = (d: FakeDigitalOceanApi, name: string, data: string, extra: object = {}, bearer = UPDATE) =>
  call(d, 'POST', '/v2/domains/example.test/records', { bearer, body: { type: 'TXT', name, data, ttl: 30, ...extra } });

/** The body without its per-request `request_id`. */
function errorOf(body: Record<string, any>) {
  assert.match(body.request_id, /^[0-9a-f-]{36}$/);
  return { id: body.id, message: body.message };
}

describe('digitalocean endpoint: tokens and scopes', () => {
  it('answers 401 for a missing or unknown token and 403 for a missing scope', async () => {
    await withFakeApi({}, async (d) => {
      const unauthorized = { id: 'unauthorized', message: 'Unable to authenticate you' };
      const forbidden = { id: 'forbidden', message: 'You do not have access for the attempted action.' };
      const cases: [string, () => ReturnType<typeof call>, number, object][] = [
        ['no header', () => call(d, 'GET', '/v2/domains', { bearer: '' }), 401, unauthorized],
        ['unknown token', () => call(d, 'GET', '/v2/domains', { bearer: token('revoked') }), 401, unauthorized],
        ['read-only creates', () => createTxt(d, '_acme-challenge', 'v', {}, READ_ONLY), 403, forbidden],
        [
          'create-only lists',
          () => call(d, 'GET', '/v2/domains/example.test/records', { bearer: CREATE_ONLY }),
          403,
          forbidden,
        ],
        [
          'create-only deletes',
          () => call(d, 'DELETE', '/v2/domains/example.test/records/1', { bearer: CREATE_ONLY }),
          403,
          forbidden,
        ],
      ];
      for (const [label, request, status, error] of cases) {
        const answer = await request();
        assert.deepEqual([answer.status, errorOf(answer.body)], [status, error], label);
      }
      assert.equal(
        (await createTxt(d, '_acme-challenge.c', 'v', {}, CREATE_ONLY)).status,
        201,
        'domain:create creates records',
      );
      assert.equal(
        (await createTxt(d, '_acme-challenge.f', 'v', {}, FULL)).status,
        201,
        'a full-access token does everything',
      );
      assert.deepEqual(
        d.malformed.map((m) => m.problem),
        ['no "Authorization: Bearer <token>" header'],
      );
    });
  });

  it('rejects options a real account could not have', async () => {
    await assert.rejects(
      startFakeDigitalOceanApi({ ...OPTIONS, tokens: [{ token: 'not-a-token', scopes: 'full' }] }),
      /token "not-a-token" is not shaped like a DigitalOcean token/,
    );
  });
});

describe('digitalocean endpoint: domains and records', () => {
  it('lists domains and records page by page with links.pages and meta.total', async () => {
    await withFakeApi({ maxPerPage: 2 }, async (d) => {
      const domains = await call(d, 'GET', '/v2/domains?per_page=200');
      assert.deepEqual(
        domains.body.domains.map((x: { name: string }) => x.name),
        ['delegated.test', 'example.test'],
      );
      assert.deepEqual(domains.body.links, {
        pages: { next: `${d.url}/v2/domains?per_page=200&page=2`, last: `${d.url}/v2/domains?per_page=200&page=2` },
      });
      assert.deepEqual(domains.body.meta, { total: 3 });
      const second = await call(d, 'GET', '/v2/domains?per_page=200&page=2');
      assert.deepEqual(
        second.body.domains.map((x: { name: string }) => x.name),
        ['other.test'],
      );
      assert.deepEqual(second.body.links, {
        pages: { first: `${d.url}/v2/domains?per_page=200&page=1`, prev: `${d.url}/v2/domains?per_page=200&page=1` },
      });
      assert.match(second.body.domains[0].zone_file, /^\$ORIGIN other\.test\.\n/);
      assert.deepEqual(
        [
          (await call(d, 'GET', '/v2/domains/other.test')).body.domain.name,
          (await call(d, 'GET', '/v2/domains/none.test')).status,
        ],
        ['other.test', 404],
      );

      const name = '_acme-challenge.page.example.test';
      for (const value of ['v1', 'v2', 'v3']) await d.seedTxt('example.test', name, value);
      await d.seedTxt('example.test', 'elsewhere.example.test', 'v1');
      const list = (query: string) => call(d, 'GET', `/v2/domains/example.test/records?${query}`);
      const first = await list(`type=TXT&name=${name}`);
      assert.deepEqual(
        first.body.domain_records.map((r: { data: string }) => r.data),
        ['v1', 'v2'],
      );
      assert.deepEqual([first.body.meta, Object.keys(first.body.links.pages)], [{ total: 3 }, ['next', 'last']]);
      assert.deepEqual(
        (await list(`type=TXT&name=${name}&page=2`)).body.domain_records.map((r: { data: string }) => r.data),
        ['v3'],
      );
      assert.deepEqual(
        (await list(`name=${name.toUpperCase()}.`)).body.meta,
        { total: 3 },
        'the name filter ignores case and a trailing dot',
      );
      assert.deepEqual((await list('type=A')).body, { domain_records: [], links: {}, meta: { total: 0 } });
      d.assertNoUnexpectedRequests();

      assert.deepEqual(
        (await list('name=_acme-challenge.page')).body.meta,
        { total: 0 },
        'a relative name matches nothing',
      );
      assert.throws(() => d.assertNoUnexpectedRequests(), /name filter "_acme-challenge\.page" is not fully qualified/);
    });
  });

  it('creates records with numeric IDs and relative names, keeps identical ones apart, deletes with 204 and answers 404 after', async () => {
    await withFakeApi({}, async (d) => {
      const created = await createTxt(d, '_acme-challenge.www', 'token-1');
      assert.equal(created.status, 201);
      assert.deepEqual(created.body, {
        domain_record: {
          id: created.body.domain_record.id,
          type: 'TXT',
          name: '_acme-challenge.www',
          data: 'token-1',
          priority: null,
          port: null,
          ttl: 30,
          weight: null,
          flags: null,
          tag: null,
        },
      });
      assert.ok(Number.isSafeInteger(created.body.domain_record.id));
      const twin = await createTxt(d, '_acme-challenge.www.example.test.', 'token-1');
      assert.equal(
        twin.body.domain_record.name,
        '_acme-challenge.www',
        'a fully qualified name (trailing dot) is stored relative',
      );
      assert.notEqual(
        twin.body.domain_record.id,
        created.body.domain_record.id,
        'an identical record gets an ID of its own',
      );
      assert.equal((await createTxt(d, '@', 'apex')).body.domain_record.name, '@');
      assert.equal(
        (
          await call(d, 'POST', '/v2/domains/example.test/records', {
            body: { type: 'TXT', name: 'default-ttl', data: 'x' },
          })
        ).body.domain_record.ttl,
        1800,
      );
      assert.deepEqual(d.txt('_acme-challenge.www.example.test'), ['token-1', 'token-1']);

      const path = `/v2/domains/example.test/records/${created.body.domain_record.id}`;
      assert.equal((await call(d, 'GET', path)).body.domain_record.data, 'token-1');
      const deleted = await call(d, 'DELETE', path);
      assert.deepEqual([deleted.status, deleted.body], [204, undefined]);
      assert.ok(deleted.headers.get('ratelimit-remaining'), 'a 204 carries the rate-limit headers too');
      const again = await call(d, 'DELETE', path);
      assert.deepEqual(
        [again.status, errorOf(again.body)],
        [404, { id: 'not_found', message: 'The resource you were accessing could not be found.' }],
      );
      assert.equal((await call(d, 'GET', '/v2/domains/unknown.test/records')).status, 404);
      assert.deepEqual(d.txt('_acme-challenge.www.example.test'), ['token-1'], 'the twin stays');
      d.assertNoUnexpectedRequests();
    });
  });

  it('refuses invalid records with 422 and lists them as malformed', async () => {
    await withFakeApi({}, async (d) => {
      const cases: [() => ReturnType<typeof call>, number, string][] = [
        [() => createTxt(d, '_acme-challenge', 'v', { ttl: 29 }), 422, 'record ttl must be greater than 30'],
        [() => createTxt(d, '*.wild', 'v'), 422, 'Name is not a valid TXT record name'],
        [() => createTxt(d, '_acme-challenge.example.org.', 'v'), 422, 'Name must be within example.test'],
        [() => createTxt(d, '_acme-challenge', ''), 422, 'Data is required'],
        [
          () => call(d, 'POST', '/v2/domains/example.test/records', { body: { name: 'x', data: 'y' } }),
          422,
          'Type is not a valid record type',
        ],
        [
          () => call(d, 'POST', '/v2/domains/example.test/records', { body: '{"type":' }),
          400,
          'unable to parse the request body as JSON',
        ],
      ];
      for (const [request, status, message] of cases) {
        const answer = await request();
        assert.deepEqual([answer.status, answer.body.message], [status, message]);
      }
      assert.equal(d.malformed.length, cases.length);
      assert.equal((await createTxt(d, '_acme-challenge', 'v', { ttl: 30 })).status, 201, 'a TTL of 30 is accepted');
      assert.equal(d.records('example.test').length, 1);
    });
  });
});

describe('digitalocean endpoint: rate limit', () => {
  it('sends ratelimit-* headers from sliding windows and answers 429 with retry-after when the minute is used up', async () => {
    let now = Date.UTC(2030, 0, 1);
    await withFakeApi({ rateLimit: { perHour: 100, perMinute: 3 }, now: () => now }, async (d) => {
      const headers = async () => {
        const answer = await call(d, 'GET', '/v2/domains');
        return [
          answer.status,
          answer.headers.get('ratelimit-limit'),
          answer.headers.get('ratelimit-remaining'),
          answer.headers.get('ratelimit-reset'),
          answer.headers.get('retry-after'),
        ];
      };
      const reset = String(now / 1000 + 60);
      assert.deepEqual(await headers(), [200, '100', '2', reset, null]);
      now += 10_000;
      assert.deepEqual(await headers(), [200, '100', '1', reset, null]);
      assert.deepEqual(await headers(), [200, '100', '0', reset, null]);
      const limited = await call(d, 'GET', '/v2/domains');
      assert.deepEqual(
        [
          limited.status,
          limited.headers.get('retry-after'),
          limited.headers.get('ratelimit-remaining'),
          errorOf(limited.body),
        ],
        [429, '50', '0', { id: 'too_many_requests', message: 'API Rate limit exceeded.' }],
      );
      assert.equal(d.rateLimited(), 1);
      now += 50_000;
      assert.equal((await call(d, 'GET', '/v2/domains')).status, 200, 'the oldest request has left the minute');
    });
  });

  it('answers 429 without retry-after when the hour is used up', async () => {
    const now = Date.UTC(2030, 0, 1);
    await withFakeApi({ rateLimit: { perHour: 1, perMinute: 250 }, now: () => now }, async (d) => {
      assert.equal((await call(d, 'GET', '/v2/domains')).status, 200);
      const limited = await call(d, 'GET', '/v2/domains');
      assert.deepEqual(
        [limited.status, limited.headers.get('retry-after'), limited.headers.get('ratelimit-reset')],
        [429, null, String(now / 1000 + 3600)],
      );
    });
  });
});

describe('digitalocean endpoint: mirroring into the test bed BIND', () => {
  let bed: Testbed;
  before(async () => {
    bed = await startTestbed();
  });
  after(async () => {
    await bed?.stop();
  });

  it('BIND serves a value while any record carries it, and the others stay', async () => {
    await withFakeApi({ bind: { server: bed.dns, tsig: bed.tsig } }, async (d) => {
      const name = '_acme-challenge.mirror.example.test';
      await d.seedTxt('example.test', name, 'foreign-value');
      const first = await createTxt(d, '_acme-challenge.mirror', 'challenge-value');
      const second = await createTxt(d, '_acme-challenge.mirror', 'challenge-value');
      assert.deepEqual((await bed.txt(name)).sort(), ['challenge-value', 'foreign-value']);
      assert.equal(
        (await call(d, 'DELETE', `/v2/domains/example.test/records/${first.body.domain_record.id}`)).status,
        204,
      );
      assert.deepEqual(
        (await bed.txt(name)).sort(),
        ['challenge-value', 'foreign-value'],
        'the identical record still stands',
      );
      assert.equal(
        (await call(d, 'DELETE', `/v2/domains/example.test/records/${second.body.domain_record.id}`)).status,
        204,
      );
      assert.deepEqual(await bed.txt(name), ['foreign-value']);
      assert.deepEqual(d.txt(name), ['foreign-value']);
      d.assertNoUnexpectedRequests();
    });
  });
});
