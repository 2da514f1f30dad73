import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { httpsGet, makeTlsCertificate, startTestbed, type Testbed } from './testbed.js';
import {
  checkBody,
  checkContentType,
  checkHeader,
  checkJsonBody,
  checkQuery,
  json,
  route,
  startFakeApi,
  text,
  xml,
  type FakeApi,
  type FakeApiRequest,
} from './fake-api-kit.js';
import { applyTxtToBind } from '../dns/providers/testing/bind-mirror.js';

/** Starts an endpoint for one test and closes it afterwards, even when the test fails. */
async function withFakeApi(
  options: Parameters<typeof startFakeApi>[0],
  test: (endpoint: FakeApi) => Promise<void>,
): Promise<void> {
  const endpoint = await startFakeApi(options);
  try {
    await test(endpoint);
  } finally {
    await endpoint.close();
  }
}

async function call(url: string, init?: RequestInit): Promise<{ status: number; body: string; headers: Headers }> {
  const response = await fetch(url, init);
  return { status: response.status, body: await response.text(), headers: response.headers };
}

describe('vendor endpoint routes', () => {
  it('passes decoded path parameters to an async handler and records the request', async () => {
    const routes = [
      route('GET /zones/:zone/records/:id', async (req) => {
        await new Promise((r) => setTimeout(r, 5));
        return json(200, { zone: req.params.zone, id: req.params.id });
      }),
    ];
    await withFakeApi({ name: 'test', routes }, async (endpoint) => {
      const reply = await call(`${endpoint.url}/zones/example.test/records/r%201?page=2`);
      assert.equal(reply.status, 200);
      assert.equal(reply.headers.get('content-type'), 'application/json');
      assert.deepEqual(JSON.parse(reply.body), { zone: 'example.test', id: 'r 1' });
      assert.equal(endpoint.requests.length, 1);
      const [recorded] = endpoint.requests;
      assert.equal(recorded?.method, 'GET');
      assert.equal(recorded?.path, '/zones/example.test/records/r%201');
      assert.equal(recorded?.query.get('page'), '2');
      assert.equal(recorded?.route, 'GET /zones/:zone/records/:id');
      assert.equal(recorded?.status, 200);
      assert.deepEqual(recorded?.params, { zone: 'example.test', id: 'r 1' });
      endpoint.assertNoUnexpectedRequests();
    });
  });

  it('answers 404 naming the method and path for requests no route matches, and records them', async () => {
    const routes = [route('GET /zones/:zone', () => json(200, {}))];
    await withFakeApi({ name: 'cloudflare', routes }, async (endpoint) => {
      const wrongPath = await call(`${endpoint.url}/zones/a/records`);
      const wrongMethod = await call(`${endpoint.url}/zones/a`, { method: 'DELETE' });
      const emptyParam = await call(`${endpoint.url}/zones/`);
      assert.equal(wrongPath.status, 404);
      assert.equal(wrongPath.body, 'cloudflare endpoint: no route for GET /zones/a/records');
      assert.equal(wrongMethod.status, 404);
      assert.equal(wrongMethod.body, 'cloudflare endpoint: no route for DELETE /zones/a');
      assert.equal(emptyParam.status, 404);
      assert.deepEqual(
        endpoint.unmatched.map((r) => `${r.method} ${r.path} ${r.status}`),
        ['GET /zones/a/records 404', 'DELETE /zones/a 404', 'GET /zones/ 404'],
      );
      assert.throws(
        () => endpoint.assertNoUnexpectedRequests(),
        /cloudflare endpoint: unexpected requests:\n {2}no route for GET \/zones\/a\/records\n/,
      );
    });
  });

  it("answers a request no route matches in the vendor's own error shape when the fake gives one, and still records it", async () => {
    const routes = [route('GET /zones/:zone', () => json(200, {}))];
    const unknownRoute = (request: FakeApiRequest) =>
      json(404, { success: false, errors: [{ code: 7000, message: `No route for that URI (${request.path})` }] });
    await withFakeApi({ name: 'cloudflare', routes, unknownRoute }, async (endpoint) => {
      const answer = await call(`${endpoint.url}/zones/a/nowhere`);
      assert.equal(answer.status, 404);
      assert.deepEqual(JSON.parse(answer.body), {
        success: false,
        errors: [{ code: 7000, message: 'No route for that URI (/zones/a/nowhere)' }],
      });
      assert.deepEqual(
        endpoint.unmatched.map((r) => r.path),
        ['/zones/a/nowhere'],
      );
      assert.throws(() => endpoint.assertNoUnexpectedRequests(), /no route for GET \/zones\/a\/nowhere/);
    });
  });

  it('rejects a route pattern that is not METHOD /path', async () => {
    await assert.rejects(startFakeApi({ name: 'test', routes: [route('get zones', () => json(200, {}))] }), {
      message: 'vendor endpoint: route "get zones" is not "METHOD /path", such as "GET /zones/:id"',
    });
  });

  it('answers 500 and records a handler that throws', async () => {
    const routes = [
      route('GET /boom', () => {
        throw new Error('no such zone in the test state');
      }),
    ];
    await withFakeApi({ name: 'test', routes }, async (endpoint) => {
      const reply = await call(`${endpoint.url}/boom`);
      assert.equal(reply.status, 500);
      assert.deepEqual(
        endpoint.checkFailures.map((f) => f.message),
        ['GET /boom: handler threw: no such zone in the test state'],
      );
    });
  });
});

describe('vendor endpoint request checks', () => {
  it('a strict query check catches an unexpected parameter, answers 400 and records it', async () => {
    const routes = [
      route('GET /client/v4/zones', () => json(200, { result: [] }), checkQuery({ name: 'example.com' }).strict()),
      route('GET /loose', () => json(200, {}), checkQuery({ name: /^ex/ })),
    ];
    await withFakeApi({ name: 'cloudflare', routes }, async (endpoint) => {
      assert.equal((await call(`${endpoint.url}/client/v4/zones?name=example.com`)).status, 200);
      assert.equal(
        (await call(`${endpoint.url}/loose?name=example.com&page=2`)).status,
        200,
        'a non-strict check allows other parameters',
      );
      endpoint.assertNoUnexpectedRequests();

      const extra = await call(`${endpoint.url}/client/v4/zones?name=example.com&page=2&per_page=5`);
      assert.equal(extra.status, 400);
      assert.equal(
        extra.body,
        'cloudflare endpoint: GET /client/v4/zones: unexpected query parameters: page, per_page',
      );
      const missing = await call(`${endpoint.url}/client/v4/zones`);
      assert.equal(missing.status, 400);
      const repeated = await call(`${endpoint.url}/loose?name=ex1&name=ex2`);
      assert.equal(repeated.status, 400);
      assert.deepEqual(
        endpoint.checkFailures.map((f) => f.message),
        [
          'GET /client/v4/zones: unexpected query parameters: page, per_page',
          'GET /client/v4/zones: query parameter "name": expected "example.com", got none',
          'GET /loose: query parameter "name": expected /^ex/, got "ex1", "ex2"',
        ],
      );
      assert.deepEqual(
        endpoint.requests.map((r) => r.status),
        [200, 200, 400, 400, 400],
      );
      assert.throws(() => endpoint.assertNoUnexpectedRequests(), /unexpected query parameters: page, per_page/);
    });
  });

  it('checks headers, content type and JSON body, and reports each mismatch', async () => {
    const created: unknown[] = [];
    const routes = [
      route(
        'POST /zones/:zone/dns_records',
        (req) => {
          created.push(JSON.parse(req.body));
          return json(200, { success: true });
        },
        checkHeader('authorization', /^Bearer /),
        checkHeader('X-Client', 'certwright'),
        checkContentType('application/json'),
        checkJsonBody({ type: 'TXT', name: '_acme-challenge.example.com', content: 'v1' }),
      ),
    ];
    const good = {
      method: 'POST',
      headers: {
        authorization: 'Bearer t',
        'x-client': 'certwright',
        'content-type': 'application/json; charset=utf-8',
      },
      body: JSON.stringify({ type: 'TXT', name: '_acme-challenge.example.com', content: 'v1' }),
    };
    const table: [string, RequestInit, string][] = [
      [
        'missing auth',
        { ...good, headers: { ...good.headers, authorization: '' } },
        'header "authorization": expected /^Bearer /, got ""',
      ],
      [
        'wrong exact header',
        { ...good, headers: { ...good.headers, 'x-client': 'lego' } },
        'header "X-Client": expected "certwright", got "lego"',
      ],
      [
        'wrong content type',
        { ...good, headers: { ...good.headers, 'content-type': 'text/plain' } },
        'content type: expected "application/json", got "text/plain"',
      ],
      [
        'different JSON',
        { ...good, body: JSON.stringify({ type: 'TXT', name: '_acme-challenge.example.com', content: 'v2' }) },
        'JSON body: expected {"type":"TXT","name":"_acme-challenge.example.com","content":"v1"}, got {"type":"TXT","name":"_acme-challenge.example.com","content":"v2"}',
      ],
      ['not JSON', { ...good, body: 'type=TXT' }, 'body is not JSON: "type=TXT"'],
    ];
    await withFakeApi({ name: 'cloudflare', routes }, async (endpoint) => {
      assert.equal((await call(`${endpoint.url}/zones/z1/dns_records`, good)).status, 200);
      assert.equal(created.length, 1);
      for (const [what, init, message] of table) {
        const reply = await call(`${endpoint.url}/zones/z1/dns_records`, init);
        assert.equal(reply.status, 400, what);
        assert.equal(reply.body, `cloudflare endpoint: POST /zones/z1/dns_records: ${message}`, what);
      }
      assert.equal(created.length, 1, 'the handler never sees a request that failed a check');
      assert.deepEqual(
        endpoint.checkFailures.map((f) => f.message),
        table.map(([, , message]) => `POST /zones/z1/dns_records: ${message}`),
      );
    });
  });

  it('accepts predicates for JSON and raw bodies (false or a throwing assert fails the check)', async () => {
    const routes = [
      route(
        'PATCH /json',
        () => json(200, {}),
        checkJsonBody((body: unknown) => assert.equal((body as { ttl?: number }).ttl, 60)),
      ),
      route('POST /rrset', () => xml(200, '<ok/>'), checkBody(/<Action>UPSERT<\/Action>/)),
      route(
        'POST /raw',
        () => text(200, 'ok'),
        checkBody((body) => body.startsWith('v=')),
      ),
    ];
    await withFakeApi({ name: 'test', routes }, async (endpoint) => {
      const send = (path: string, body: string) =>
        call(`${endpoint.url}${path}`, { method: path === '/json' ? 'PATCH' : 'POST', body });
      assert.equal((await send('/json', '{"ttl":60}')).status, 200);
      assert.equal((await send('/rrset', '<Change><Action>UPSERT</Action></Change>')).status, 200);
      assert.equal((await send('/raw', 'v=1')).status, 200);
      endpoint.assertNoUnexpectedRequests();

      assert.equal((await send('/json', '{"ttl":300}')).status, 400);
      assert.equal((await send('/rrset', '<Change><Action>CREATE</Action></Change>')).status, 400);
      assert.equal((await send('/raw', 'x=1')).status, 400);
      const [jsonFailure, xmlFailure, rawFailure] = endpoint.checkFailures.map((f) => f.message);
      assert.match(
        jsonFailure ?? '',
        /^PATCH \/json: JSON body rejected: Expected values to be strictly equal:[^]*300 !== 60/,
      );
      assert.equal(
        xmlFailure,
        'POST /rrset: body: expected /<Action>UPSERT<\\/Action>/, got "<Change><Action>CREATE</Action></Change>"',
      );
      assert.equal(rawFailure, 'POST /raw: body rejected: x=1');
    });
  });
});

describe('vendor endpoint authentication', () => {
  it('runs the auth hook before routing and answers with its reply', async () => {
    let handled = 0;
    const auth = (req: FakeApiRequest) =>
      req.headers['x-auth-key'] === 'secret'
        ? undefined
        : json(403, { success: false, errors: [{ code: 9103, message: 'Unknown X-Auth-Key or X-Auth-Email' }] });
    const routes = [route('GET /zones', () => (handled++, json(200, { result: [] })))];
    await withFakeApi({ name: 'cloudflare', auth, routes }, async (endpoint) => {
      const rejected = await call(`${endpoint.url}/zones`, { headers: { 'x-auth-key': 'wrong' } });
      assert.equal(rejected.status, 403);
      assert.deepEqual(JSON.parse(rejected.body), {
        success: false,
        errors: [{ code: 9103, message: 'Unknown X-Auth-Key or X-Auth-Email' }],
      });
      const unknownPath = await call(`${endpoint.url}/no/such/path`);
      assert.equal(unknownPath.status, 403, 'authentication comes before routing');
      assert.equal(handled, 0);

      assert.equal((await call(`${endpoint.url}/zones`, { headers: { 'x-auth-key': 'secret' } })).status, 200);
      assert.equal(handled, 1);
      assert.deepEqual(
        endpoint.requests.map((r) => r.status),
        [403, 403, 200],
      );
      assert.equal(endpoint.unmatched.length, 0);
    });
  });
});

describe('vendor endpoint scripted failures', () => {
  it('serves two 429s with Retry-After, then normal handling resumes', async () => {
    let handled = 0;
    const routes = [
      route('POST /zones/:id/rrset', () => (handled++, json(200, { id: 'change-1' })), checkJsonBody({ value: 'v' })),
    ];
    await withFakeApi({ name: 'test', routes }, async (endpoint) => {
      const throttling = endpoint.failNext(
        'POST /zones/:id/rrset',
        json(429, { error: 'rate limited' }, { 'retry-after': '1' }),
        2,
      );
      const post = (body = '{"value":"v"}') => call(`${endpoint.url}/zones/z1/rrset`, { method: 'POST', body });

      const badRequest = await post('{"value":"wrong"}');
      assert.equal(badRequest.status, 400, 'checks run before scripted failures');
      assert.equal(throttling.remaining, 2, 'a request that fails its checks does not spend a scripted failure');

      const replies = [await post(), await post(), await post()];
      assert.deepEqual(
        replies.map((r) => r.status),
        [429, 429, 200],
      );
      assert.deepEqual(
        replies.map((r) => r.headers.get('retry-after')),
        ['1', '1', null],
      );
      assert.deepEqual(JSON.parse(replies[0]?.body ?? ''), { error: 'rate limited' });
      assert.equal(throttling.served, 2);
      assert.equal(throttling.remaining, 0);
      assert.equal(handled, 1);
    });
  });

  it('queues scripted failures in order (AWS-style throttling, then a 5xx)', async () => {
    const routes = [
      route('POST /2013-04-01/hostedzone/:id/rrset', () => xml(200, '<ChangeResourceRecordSetsResponse/>')),
    ];
    const throttled = xml(
      400,
      '<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>',
    );
    await withFakeApi({ name: 'route53', routes }, async (endpoint) => {
      const first = endpoint.failNext('POST /2013-04-01/hostedzone/:id/rrset', throttled);
      const second = endpoint.failNext('POST /2013-04-01/hostedzone/:id/rrset', text(503, 'Service Unavailable'));
      const post = () => call(`${endpoint.url}/2013-04-01/hostedzone/Z1/rrset`, { method: 'POST', body: '<x/>' });
      const replies = [await post(), await post(), await post()];
      assert.deepEqual(
        replies.map((r) => r.status),
        [400, 503, 200],
      );
      assert.match(replies[0]?.body ?? '', /<Code>Throttling<\/Code>/);
      assert.deepEqual([first.served, second.served], [1, 1]);
    });
  });

  it('refuses to script a failure for a route that does not exist', async () => {
    await withFakeApi({ name: 'route53', routes: [route('GET /a', () => json(200, {}))] }, (endpoint) => {
      assert.throws(() => endpoint.failNext('GET /b', text(500, '')), {
        message: 'route53 endpoint: failNext("GET /b"): no such route; routes are "GET /a"',
      });
      assert.throws(() => endpoint.failNext('GET /a', text(500, ''), 0), {
        message: 'route53 endpoint: failNext times: expected a positive integer, got 0',
      });
      return Promise.resolve();
    });
  });
});

/** The test bed's TLS material (a CA and a 127.0.0.1 leaf), as PEM. */
async function tlsMaterial(): Promise<{ certPem: string; keyPem: string; caPem: string }> {
  const made = await makeTlsCertificate(await mkdtemp(join(tmpdir(), 'certwright-vendor-tls-')));
  return {
    certPem: await readFile(made.certFile, 'utf8'),
    keyPem: await readFile(made.keyFile, 'utf8'),
    caPem: made.caPem,
  };
}

describe('vendor endpoint transport', () => {
  it('serves HTTPS with the given certificate', async () => {
    const { caPem, ...tls } = await tlsMaterial();
    await withFakeApi(
      { name: 'azure', tls, routes: [route('GET /subscriptions/:id', (req) => json(200, { id: req.params.id }))] },
      async (endpoint) => {
        assert.match(endpoint.url, /^https:\/\/127\.0\.0\.1:\d+$/);
        const reply = await httpsGet(`${endpoint.url}/subscriptions/s1`, caPem);
        assert.equal(reply.status, 200);
        assert.deepEqual(JSON.parse(reply.body), { id: 's1' });
        const other = await tlsMaterial();
        await assert.rejects(
          httpsGet(`${endpoint.url}/subscriptions/s1`, other.caPem),
          { code: 'CERT_SIGNATURE_FAILURE' },
          'another CA of the same name does not vouch for it',
        );
      },
    );
  });

  it('close() returns promptly and drops keep-alive and in-flight connections', { timeout: 5_000 }, async () => {
    let arrived: () => void = () => undefined;
    const hanging = new Promise<void>((resolve) => (arrived = resolve));
    const routes = [
      route('GET /', () => json(200, {})),
      route('GET /hang', () => (arrived(), new Promise<never>(() => undefined))),
    ];
    const endpoint = await startFakeApi({ name: 'test', routes });
    const idle = await fetch(`${endpoint.url}/`);
    assert.equal(idle.headers.get('connection'), 'keep-alive');
    await idle.text();
    const inFlight = fetch(`${endpoint.url}/hang`);
    await hanging;
    const started = Date.now();
    await endpoint.close();
    assert.ok(Date.now() - started < 1_000, `close took ${Date.now() - started} ms`);
    await assert.rejects(inFlight, TypeError);
    await assert.rejects(fetch(`${endpoint.url}/`), TypeError);
  });
});

describe('applyTxtToBind', () => {
  let bed: Testbed;
  before(async () => {
    bed = await startTestbed();
  });
  after(async () => {
    await bed?.stop();
  });

  it('adds and removes TXT values on the test bed BIND', async () => {
    const name = '_acme-challenge.vendor.example.test';
    await applyTxtToBind(bed.dns, bed.tsig, {
      add: [
        { fqdn: name, value: 'first' },
        { fqdn: `${name}.`, value: 'with "quotes"', ttl: 30 },
      ],
    });
    assert.deepEqual((await bed.txt(name)).sort(), ['first', 'with "quotes"']);

    await applyTxtToBind(bed.dns, bed.tsig512, {
      remove: [{ fqdn: name, value: 'first' }],
      add: [{ fqdn: '_acme-challenge.other.test', value: 'elsewhere' }],
    });
    assert.deepEqual(await bed.txt(name), ['with "quotes"']);
    assert.deepEqual(await bed.txt('_acme-challenge.other.test'), ['elsewhere'], 'one change may span zones');

    await applyTxtToBind(bed.dns, bed.tsig, {
      remove: [{ fqdn: name }, { fqdn: '_acme-challenge.other.test', value: 'elsewhere' }],
    });
    assert.deepEqual(await bed.txt(name), []);
    assert.deepEqual(await bed.txt('_acme-challenge.other.test'), []);
  });

  it('fails with nsupdate output when BIND refuses the key', async () => {
    const wrongKey = { ...bed.tsig, secret: randomBytes(32).toString('base64') };
    await assert.rejects(
      applyTxtToBind(bed.dns, wrongKey, { add: [{ fqdn: '_acme-challenge.example.test', value: 'x' }] }),
      /^Error: applyTxtToBind: nsupdate exited with [1-9]/,
    );
    assert.deepEqual(await bed.txt('_acme-challenge.example.test'), []);
  });
});
