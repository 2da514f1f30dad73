import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestbed, type Testbed } from '../../../../testing/testbed.js';
import { startFakeCloudflareApi, type FakeCloudflareApi, type FakeCloudflareApiOptions } from './fake-api.js';

const EXAMPLE = '023e105f4ecef8ad9ca31a8372d0c353';
const OTHER = 'f1d2d2f924e986ac86fdf7b36c94bcdf';
const PENDING = '9a0364b9e99bb480dd25e1f0284c8555';
/** Cloudflare API tokens are 40 characters of A-Z a-z 0-9 _ -. */
const token = (label: string): string => label.padEnd(40, '0');
const EDIT_ALL = token('edit-all');
const READ_ONLY = token('read-only');
const OTHER_ONLY = token('edit-other-only');
const NO_ZONE_READ = token('no-zone-read');

const ZONES: FakeCloudflareApiOptions['zones'] = [
  { id: OTHER, name: 'other.test' },
  { id: EXAMPLE, name: 'example.test' },
  { id: PENDING, name: 'delegated.test', status: 'pending' },
];
const TOKENS: FakeCloudflareApiOptions['tokens'] = [
  { token: EDIT_ALL, zones: 'all', dnsEdit: true },
  { token: READ_ONLY, zones: 'all' },
  { token: OTHER_ONLY, zones: [OTHER], dnsEdit: true },
  { token: NO_ZONE_READ, zones: 'all', zoneRead: false, dnsEdit: true },
];

async function withFakeApi(
  options: Partial<FakeCloudflareApiOptions>,
  test: (cf: FakeCloudflareApi) => Promise<void>,
): Promise<void> {
  const cf = await startFakeCloudflareApi({ zones: ZONES, tokens: TOKENS, ...options });
  try {
    await test(cf);
  } finally {
    await cf.close();
  }
}

interface Call {
  readonly token?: string;
  readonly headers?: Record<string, string>;
  /** Sent as JSON with `content-type: application/json` unless `headers` says otherwise. */
  readonly body?: unknown;
}

async function call(
  cf: FakeCloudflareApi,
  method: string,
  path: string,
  { token: bearer = EDIT_ALL, headers = {}, body }: Call = {},
) {
  const response = await fetch(`${cf.url}${path}`, {
    method,
    headers: {
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
}

function refused(errors: unknown[]) {
  return { success: false, errors, messages: [], result: null };
}

const createTxt = (cf: FakeCloudflareApi, name: string, content: string, extra: object = {}) =>
  call(cf, 'POST', `/zones/${EXAMPLE}/dns_records`, { body: { type: 'TXT', name, content, ttl: 120, ...extra } });

describe('cloudflare endpoint: credentials', () => {
  it('refuses each kind of bad credential with the status and error Cloudflare sends', async () => {
    await withFakeApi({}, async (cf) => {
      // One at a time, so `malformed` lists them in this order.
      const cases: [string, () => ReturnType<typeof call>, number, unknown[]][] = [
        [
          'no header',
          () => call(cf, 'GET', '/zones', { token: '' }),
          400,
          [{ code: 9106, message: 'Missing X-Auth-Key, X-Auth-Email or Authorization headers' }],
        ],
        [
          'not Bearer',
          () => call(cf, 'GET', '/zones', { token: '', headers: { authorization: `Basic ${EDIT_ALL}` } }),
          400,
          [
            {
              code: 6003,
              message: 'Invalid request headers',
              error_chain: [{ code: 6111, message: 'Invalid format for Authorization header' }],
            },
          ],
        ],
        [
          'a Global API Key as a token',
          () => call(cf, 'GET', '/zones', { token: 'c2547eb745079dac9320b638f5e225cf483cc' }),
          400,
          [
            {
              code: 6003,
              message: 'Invalid request headers',
              error_chain: [{ code: 6111, message: 'Invalid format for Authorization header' }],
            },
          ],
        ],
        [
          'key headers',
          () => call(cf, 'GET', '/zones', { token: '', headers: { 'x-auth-key': 'k', 'x-auth-email': 'a@b.test' } }),
          403,
          [{ code: 9103, message: 'Unknown X-Auth-Key or X-Auth-Email' }],
        ],
        [
          'unknown token',
          () => call(cf, 'GET', '/zones', { token: token('revoked') }),
          403,
          [{ code: 9109, message: 'Invalid access token' }],
        ],
        [
          'unknown token, verify',
          () => call(cf, 'GET', '/user/tokens/verify', { token: token('revoked') }),
          401,
          [{ code: 1000, message: 'Invalid API Token' }],
        ],
        [
          'zone outside the token',
          () => call(cf, 'GET', `/zones/${EXAMPLE}/dns_records`, { token: OTHER_ONLY }),
          403,
          [{ code: 9109, message: 'Unauthorized to access requested resource' }],
        ],
        [
          'no Zone:Read',
          () => call(cf, 'GET', `/zones/${EXAMPLE}`, { token: NO_ZONE_READ }),
          403,
          [{ code: 9109, message: 'Unauthorized to access requested resource' }],
        ],
        [
          'write without DNS:Edit',
          () =>
            call(cf, 'POST', `/zones/${EXAMPLE}/dns_records`, {
              token: READ_ONLY,
              body: { type: 'TXT', name: 'x', content: 'y' },
            }),
          403,
          [{ code: 10000, message: 'Authentication error' }],
        ],
        [
          'zone name for an id',
          () => call(cf, 'GET', '/zones/example.test/dns_records'),
          400,
          [
            {
              code: 7003,
              message:
                'Could not route to /client/v4/zones/example.test/dns_records, perhaps your object identifier is invalid?',
            },
            { code: 7000, message: 'No route for that URI' },
          ],
        ],
      ];
      for (const [label, reply, status, errors] of cases) {
        const { status: actual, body } = await reply();
        assert.equal(actual, status, label);
        assert.deepEqual(body, refused(errors), label);
      }
      const verified = await call(cf, 'GET', '/user/tokens/verify', { token: READ_ONLY });
      assert.equal(verified.body.result.status, 'active');
      assert.deepEqual(
        cf.malformed.map((m) => m.problem.split(':')[0]),
        [
          'no Authorization header',
          'Authorization is not "Bearer <token>"',
          'Authorization is not "Bearer <token>"',
          'zone id "example.test" is not 32 hex characters',
        ],
      );
      assert.throws(
        () => cf.assertNoUnexpectedRequests(),
        /^Error: cloudflare endpoint: unexpected requests:\n {2}malformed GET \/client\/v4\/zones: no Authorization header\n/,
      );
    });
  });

  it('rejects options a real account could not have', async () => {
    await assert.rejects(
      startFakeCloudflareApi({ zones: [{ id: 'example.test', name: 'example.test' }], tokens: [] }),
      /zone id "example.test" is not 32 lower-case hex/,
    );
    await assert.rejects(
      startFakeCloudflareApi({ zones: ZONES, tokens: [{ token: 'short', zones: 'all' }] }),
      /token "short" is not shaped like a Cloudflare API token/,
    );
  });
});

describe('cloudflare endpoint: zones', () => {
  it('lists only the zones the token can read, filtered and paged, and shows one', async () => {
    await withFakeApi({ maxPerPage: 2 }, async (cf) => {
      const names = (body: Record<string, any>) => (body.result as { name: string }[]).map((z) => z.name);
      const all = await call(cf, 'GET', '/zones');
      assert.deepEqual(names(all.body), ['delegated.test', 'example.test'], 'sorted by name, two to a page');
      assert.deepEqual(all.body.result_info, { page: 1, per_page: 2, count: 2, total_count: 3, total_pages: 2 });
      assert.deepEqual(names((await call(cf, 'GET', '/zones?page=2&per_page=50')).body), ['other.test']);
      assert.deepEqual(names((await call(cf, 'GET', '/zones', { token: OTHER_ONLY })).body), ['other.test']);
      assert.deepEqual(names((await call(cf, 'GET', '/zones?name=Example.test')).body), ['example.test']);
      assert.deepEqual(names((await call(cf, 'GET', '/zones?status=active&per_page=5')).body), [
        'example.test',
        'other.test',
      ]);
      const none = await call(cf, 'GET', '/zones?name=_acme-challenge.example.test');
      assert.deepEqual(none.body, {
        result: [],
        success: true,
        errors: [],
        messages: [],
        result_info: { page: 1, per_page: 2, count: 0, total_count: 0, total_pages: 0 },
      });
      assert.deepEqual(names((await call(cf, 'GET', '/zones', { token: NO_ZONE_READ })).body), []);

      const one = await call(cf, 'GET', `/zones/${EXAMPLE}`, { token: READ_ONLY });
      assert.equal(one.status, 200);
      assert.deepEqual(
        [one.body.result.id, one.body.result.name, one.body.result.status, one.body.result.permissions],
        [EXAMPLE, 'example.test', 'active', ['#zone:read', '#dns_records:read']],
      );
      cf.assertNoUnexpectedRequests();
    });
  });
});

describe('cloudflare endpoint: DNS records', () => {
  it('pages record lists by the capped per_page and filters by type, name and content', async () => {
    await withFakeApi({ maxPerPage: 2 }, async (cf) => {
      const name = '_acme-challenge.page.example.test';
      for (const value of ['v1', 'v2', 'v3', 'v4', 'v5']) await cf.seedTxt(EXAMPLE, name, `"${value}"`);
      await cf.seedTxt(EXAMPLE, 'elsewhere.example.test', 'v1');
      const list = (query: string) => call(cf, 'GET', `/zones/${EXAMPLE}/dns_records?${query}`, { token: READ_ONLY });
      const pages = await Promise.all(
        [1, 2, 3, 4].map((page) => list(`type=TXT&name=${name}&per_page=100&page=${page}`)),
      );
      assert.deepEqual(
        pages.map((p) => (p.body.result as { content: string }[]).map((r) => r.content)),
        [['"v1"', '"v2"'], ['"v3"', '"v4"'], ['"v5"'], []],
      );
      assert.deepEqual(
        pages.map((p) => p.body.result_info),
        [1, 2, 3, 4].map((page) => ({
          page,
          per_page: 2,
          count: page < 3 ? 2 : page === 3 ? 1 : 0,
          total_count: 5,
          total_pages: 3,
        })),
      );
      assert.deepEqual((await list(`name.exact=${name.toUpperCase()}.&content="v4"`)).body.result_info.total_count, 1);
      assert.deepEqual(
        (await list('content=v1')).body.result.map((r: { name: string }) => r.name),
        ['elsewhere.example.test'],
        'content matches as stored',
      );
      assert.deepEqual((await list('type=A')).body.result_info, {
        page: 1,
        per_page: 2,
        count: 0,
        total_count: 0,
        total_pages: 1,
      });
      cf.assertNoUnexpectedRequests();
    });
  });

  it('creates, refuses an identical record (81058), deletes, and answers 81044 for a record that is gone', async () => {
    await withFakeApi({}, async (cf) => {
      const name = '_acme-challenge.www.example.test';
      const created = await createTxt(cf, name, '"token-1"', { comment: 'certwright' });
      assert.equal(created.status, 200);
      const { id, created_on, modified_on, ...record } = created.body.result;
      assert.match(id, /^[0-9a-f]{32}$/);
      assert.ok(created_on && modified_on);
      assert.deepEqual(record, {
        zone_id: EXAMPLE,
        zone_name: 'example.test',
        name,
        type: 'TXT',
        content: '"token-1"',
        proxiable: false,
        proxied: false,
        ttl: 120,
        settings: {},
        meta: {},
        comment: 'certwright',
        tags: [],
      });
      const duplicate = await createTxt(cf, name.toUpperCase(), 'token-1');
      assert.equal(duplicate.status, 400);
      assert.deepEqual(
        duplicate.body,
        refused([{ code: 81058, message: 'An identical record already exists.' }]),
        'quoted and unquoted are the same value',
      );
      assert.equal(
        (await createTxt(cf, '_acme-challenge.www', 'token-2', { ttl: 1 })).body.result.name,
        name,
        'a relative name is in the zone',
      );
      assert.equal(
        (await createTxt(cf, '_acme-challenge.other.test', 'x')).body.result.name,
        '_acme-challenge.other.test.example.test',
        'a name outside the zone gets the zone appended',
      );
      assert.deepEqual(cf.txt(`${name}.`), ['token-1', 'token-2']);

      const path = `/zones/${EXAMPLE}/dns_records/${id}`;
      assert.deepEqual((await call(cf, 'GET', path, { token: READ_ONLY })).body.result.content, '"token-1"');
      assert.deepEqual(
        (await call(cf, 'DELETE', path, { token: READ_ONLY })).body,
        refused([{ code: 10000, message: 'Authentication error' }]),
      );
      const deleted = await call(cf, 'DELETE', path);
      assert.deepEqual(
        [deleted.status, deleted.body],
        [200, { result: { id }, success: true, errors: [], messages: [] }],
      );
      const again = await call(cf, 'DELETE', path);
      assert.deepEqual(
        [again.status, again.body],
        [404, refused([{ code: 81044, message: 'Record does not exist.' }])],
      );
      assert.deepEqual(cf.txt(name), ['token-2']);
      cf.assertNoUnexpectedRequests();
    });
  });

  it('batches deletes and posts in one transaction: any failure changes nothing', async () => {
    await withFakeApi({}, async (cf) => {
      const batch = (body: unknown) => call(cf, 'POST', `/zones/${EXAMPLE}/dns_records/batch`, { body });
      const txt = (name: string, content: string) => ({ type: 'TXT', name, content, ttl: 60 });
      const first = await batch({ posts: [txt('a.example.test', '"one"'), txt('a.example.test', '"two"')] });
      assert.equal(first.status, 200);
      const ids = (first.body.result.posts as { id: string }[]).map((r) => r.id);
      assert.deepEqual(cf.txt('a.example.test'), ['one', 'two']);
      const duplicate = await batch({ deletes: [{ id: ids[0] }], posts: [txt('a.example.test', 'two')] });
      assert.deepEqual([duplicate.status, duplicate.body.errors[0].code], [400, 81058]);
      assert.deepEqual(cf.txt('a.example.test'), ['one', 'two'], 'the delete in the refused batch did not happen');
      const gone = await batch({ deletes: [{ id: ids[0] }, { id: 'f'.repeat(32) }] });
      assert.deepEqual([gone.status, gone.body.errors[0].code], [404, 81044]);
      assert.deepEqual(cf.txt('a.example.test'), ['one', 'two']);
      const both = await batch({ deletes: ids.map((id) => ({ id })) });
      assert.deepEqual(
        (both.body.result.deletes as { id: string }[]).map((r) => r.id),
        ids,
      );
      assert.deepEqual(cf.txt('a.example.test'), []);
      cf.assertNoUnexpectedRequests();
    });
  });

  it('answers malformed create requests as Cloudflare does and lists them as unexpected', async () => {
    await withFakeApi({ duplicateCode: 81057 }, async (cf) => {
      const cases: [() => ReturnType<typeof call>, unknown[]][] = [
        [
          () =>
            call(cf, 'POST', `/zones/${EXAMPLE}/dns_records`, {
              body: { type: 'TXT', name: 'a', content: 'b' },
              headers: { 'content-type': 'text/plain;charset=UTF-8' },
            }),
          [{ code: 9207, message: 'Content-type must be application/json.' }],
        ],
        [
          () => call(cf, 'POST', `/zones/${EXAMPLE}/dns_records`, { body: '{"type":' }),
          [{ code: 6007, message: 'Malformed JSON in request body' }],
        ],
        [
          () => call(cf, 'POST', `/zones/${EXAMPLE}/dns_records`, { body: {} }),
          [{ code: 9000, message: 'DNS name is invalid.' }],
        ],
        [
          () => createTxt(cf, 'a', 'b', { ttl: 30 }),
          [
            {
              code: 1004,
              message: 'DNS Validation Error',
              error_chain: [{ code: 9021, message: 'TTL must be between 60 and 86400 seconds, or 1 for Automatic.' }],
            },
          ],
        ],
        [
          () => createTxt(cf, 'a', 'b', { proxied: true }),
          [{ code: 9004, message: 'This record type cannot be proxied.' }],
        ],
        [() => createTxt(cf, 'a', ''), [{ code: 1004, message: 'DNS Validation Error' }]],
      ];
      for (const [reply, errors] of cases) {
        const { status, body } = await reply();
        assert.deepEqual([status, body], [400, refused(errors)]);
      }
      assert.equal(cf.malformed.length, cases.length);
      assert.throws(
        () => cf.assertNoUnexpectedRequests(),
        /malformed POST \/client\/v4\/zones\/023e\w+\/dns_records: ttl 30 is not 1 or 60\.\.86400/,
      );

      await createTxt(cf, 'a', 'b');
      assert.deepEqual(
        (await createTxt(cf, 'a', '"b"')).body,
        refused([{ code: 81057, message: 'Record already exists.' }]),
        'the older duplicate code',
      );
    });
  });

  it('throttles the next requests with 429, code 971 and Retry-After', async () => {
    await withFakeApi({}, async (cf) => {
      const limit = cf.rateLimitNext(2, 7);
      for (const path of ['/zones', `/zones/${EXAMPLE}/dns_records`]) {
        const throttled = await call(cf, 'GET', path, { token: token('anyone') });
        assert.deepEqual(
          [throttled.status, throttled.headers.get('retry-after'), throttled.body],
          [429, '7', refused([{ code: 971, message: 'Please wait and consider throttling your request speed' }])],
        );
      }
      assert.deepEqual(limit, { served: 2, remaining: 0, retryAfter: 7 });
      assert.equal((await call(cf, 'GET', '/zones')).status, 200);
    });
  });
});

describe('cloudflare endpoint: mirroring into the test bed BIND', () => {
  let bed: Testbed;
  before(async () => {
    bed = await startTestbed();
  });
  after(async () => {
    await bed?.stop();
  });

  it('a created TXT shows up in BIND, and a delete removes exactly that value', async () => {
    await withFakeApi({ bind: { server: bed.dns, tsig: bed.tsig } }, async (cf) => {
      const name = '_acme-challenge.mirror.example.test';
      await cf.seedTxt(EXAMPLE, name, 'foreign-value');
      const created = await createTxt(cf, name, '"challenge-value"');
      assert.deepEqual((await bed.txt(name)).sort(), ['challenge-value', 'foreign-value']);

      assert.equal((await call(cf, 'DELETE', `/zones/${EXAMPLE}/dns_records/${created.body.result.id}`)).status, 200);
      assert.deepEqual(await bed.txt(name), ['foreign-value']);
      assert.deepEqual(cf.txt(name), ['foreign-value']);
      cf.assertNoUnexpectedRequests();
    });
  });
});
