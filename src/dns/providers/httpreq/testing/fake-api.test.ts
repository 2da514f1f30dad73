import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestbed, type Testbed } from '../../../../testing/testbed.js';
import { text } from '../../../../testing/fake-api-kit.js';
import { startFakeHttpreqApi, type FakeHttpreqApi, type FakeHttpreqApiOptions } from './fake-api.js';

const AUTH = { username: 'certwright', password: 'a backend password' };
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

async function withFakeApi(
  options: FakeHttpreqApiOptions,
  test: (endpoint: FakeHttpreqApi) => Promise<void>,
): Promise<void> {
  const endpoint = await startFakeHttpreqApi(options);
  try {
    await test(endpoint);
  } finally {
    await endpoint.close();
  }
}

async function send(
  endpoint: FakeHttpreqApi,
  action: string,
  body: unknown,
  headers: Record<string, string> = { authorization: basic(AUTH.username, AUTH.password) },
) {
  const response = await fetch(`${endpoint.url}/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

describe('httpreq endpoint', () => {
  it('checks basic authentication and answers 401 with a challenge', async () => {
    await withFakeApi({ basicAuth: AUTH, basePath: '/acme' }, async (endpoint) => {
      assert.match(endpoint.url, /^http:\/\/127\.0\.0\.1:\d+\/acme$/);
      const message = { fqdn: '_acme-challenge.a.example.test.', value: 'v1' };
      for (const headers of [
        {},
        { authorization: basic(AUTH.username, 'wrong') },
        { authorization: 'Bearer x' },
      ] as Record<string, string>[]) {
        const refused = await send(endpoint, 'present', message, headers);
        assert.deepEqual(
          [refused.status, refused.headers.get('www-authenticate'), refused.body],
          [401, 'Basic realm="httpreq"', 'Unauthorized'],
        );
      }
      assert.deepEqual(endpoint.txt('_acme-challenge.a.example.test'), []);
      assert.equal((await send(endpoint, 'present', message)).status, 200);
      assert.deepEqual(endpoint.txt('_acme-challenge.a.example.test.'), ['v1']);
      endpoint.assertNoUnexpectedRequests();
    });
  });

  it('adds on present (once), removes exactly the value given on cleanup, and answers 200 for one already gone', async () => {
    await withFakeApi({}, async (endpoint) => {
      const name = '_acme-challenge.b.example.test.';
      await endpoint.seedTxt(name, 'foreign');
      for (const value of ['v1', 'v2', 'v1'])
        assert.equal((await send(endpoint, 'present', { fqdn: name, value }, {})).status, 200);
      assert.deepEqual(endpoint.txt(name), ['foreign', 'v1', 'v2']);
      assert.equal((await send(endpoint, 'cleanup', { fqdn: name, value: 'v1' }, {})).status, 200);
      assert.equal((await send(endpoint, 'cleanup', { fqdn: name, value: 'v1' }, {})).status, 200);
      assert.deepEqual(endpoint.txt(name), ['foreign', 'v2']);
      assert.equal(endpoint.writeCount(), 5);
      endpoint.assertNoUnexpectedRequests();
    });
  });

  it('refuses bodies lego would not send, and lists them as unexpected', async () => {
    await withFakeApi({}, async (endpoint) => {
      const cases: [unknown, Record<string, string>, RegExp][] = [
        [{ fqdn: '_acme-challenge.c.example.test', value: 'v' }, {}, /not a name with a trailing dot/],
        [{ fqdn: '_acme-challenge.c.example.test.', value: '' }, {}, /not a non-empty string/],
        [{ domain: 'c.example.test', token: 't', keyAuth: 'k' }, {}, /fqdn undefined/],
        ['{"fqdn":', {}, /body is not JSON/],
        [
          { fqdn: '_acme-challenge.c.example.test.', value: 'v' },
          { 'content-type': 'text/plain' },
          /content type "text\/plain"/,
        ],
      ];
      for (const [body, headers, problem] of cases) {
        const answer = await send(endpoint, 'present', body, headers);
        assert.equal(answer.status, 400);
        assert.match(answer.body, problem);
      }
      assert.equal(endpoint.malformed.length, cases.length);
      assert.throws(
        () => endpoint.assertNoUnexpectedRequests(),
        /malformed POST \/present: fqdn "_acme-challenge\.c\.example\.test" is not a name with a trailing dot/,
      );
    });
  });

  it('serves scripted failures, throttling and slow answers', async () => {
    await withFakeApi({}, async (endpoint) => {
      const message = { fqdn: '_acme-challenge.d.example.test.', value: 'v' };
      const failure = endpoint.failNext('present', text(500, 'backend down'));
      assert.deepEqual(await send(endpoint, 'present', message, {}).then((r) => [r.status, r.body]), [
        500,
        'backend down',
      ]);
      assert.deepEqual([failure.served, failure.remaining], [1, 0]);
      endpoint.throttleNext('cleanup', 1, 3);
      const throttled = await send(endpoint, 'cleanup', message, {});
      assert.deepEqual([throttled.status, throttled.headers.get('retry-after')], [429, '3']);
      endpoint.stallNext('present', 1, 300);
      const started = Date.now();
      assert.equal((await send(endpoint, 'present', message, {})).status, 200);
      assert.ok(Date.now() - started >= 290, 'answered late');
      assert.deepEqual(endpoint.txt(message.fqdn), ['v']);
    });
  });
});

describe('httpreq endpoint: mirroring into the test bed BIND', () => {
  let bed: Testbed;
  before(async () => {
    bed = await startTestbed();
  });
  after(async () => {
    await bed?.stop();
  });

  it('present shows up in BIND; cleanup removes that value and keeps a foreign one', async () => {
    await withFakeApi({ bind: { server: bed.dns, tsig: bed.tsig } }, async (endpoint) => {
      const name = '_acme-challenge.mirror.example.test';
      await endpoint.seedTxt(name, 'foreign-value');
      await send(endpoint, 'present', { fqdn: `${name}.`, value: 'challenge-value' }, {});
      assert.deepEqual((await bed.txt(name)).sort(), ['challenge-value', 'foreign-value']);
      await send(endpoint, 'cleanup', { fqdn: `${name}.`, value: 'challenge-value' }, {});
      assert.deepEqual(await bed.txt(name), ['foreign-value']);
      endpoint.assertNoUnexpectedRequests();
    });
  });
});
