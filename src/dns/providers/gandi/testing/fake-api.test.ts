import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeGandiApi, type FakeGandiApi } from './fake-api.js';

const PAT = 'fake-gandi-pat-0123456789';
const KEY = 'deprecated-api-key-0123';
const NO_DNS = 'fake-gandi-pat-read-only';
const SCOPED = 'fake-gandi-pat-b-test-only';

describe('fake Gandi LiveDNS v5 API', () => {
  let gandi: FakeGandiApi;
  before(async () => {
    gandi = await startFakeGandiApi({
      domains: [{ fqdn: 'a.test' }, { fqdn: 'b.test' }, { fqdn: 'c.test' }],
      tokens: [
        { token: PAT, domains: 'all' },
        { token: KEY, apiKey: true, domains: 'all' },
        { token: NO_DNS, domains: 'all', manageDns: false },
        { token: SCOPED, domains: ['b.test'] },
      ],
      maxPerPage: 2,
    });
  });
  after(async () => gandi?.close());

  const call = async (method: string, path: string, auth: string | undefined, body?: unknown) => {
    const response = await fetch(`${gandi.url}${path}`, {
      method,
      headers: {
        ...(auth ? { authorization: auth } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text ? (JSON.parse(text) as unknown) : undefined,
    };
  };
  const bearer = `Bearer ${PAT}`;

  it('refuses missing, unknown and mis-schemed credentials with 401 in Gandi’s error shape', async () => {
    for (const auth of [undefined, 'Bearer unknown-token', `Apikey ${PAT}`, `Bearer ${KEY}`, PAT]) {
      const answer = await call('GET', '/domains/a.test/records/x/TXT', auth);
      assert.equal(answer.status, 401, String(auth));
      assert.deepEqual(Object.keys(answer.body as object).sort(), ['cause', 'code', 'message', 'object']);
      assert.equal((answer.body as { object: string }).object, 'HTTPUnauthorized');
    }
    assert.equal(
      (await call('GET', '/domains/a.test', `Apikey ${KEY}`)).status,
      200,
      'the deprecated scheme still works',
    );
  });

  it('answers 403 for a domain outside the token or a write without technical configurations, 404 for others', async () => {
    assert.equal((await call('GET', '/domains/a.test/records/x/TXT', `Bearer ${SCOPED}`)).status, 403);
    const put = await call('PUT', '/domains/a.test/records/x/TXT', `Bearer ${NO_DNS}`, { rrset_values: ['"v"'] });
    assert.deepEqual(put, {
      status: 403,
      headers: put.headers,
      body: { code: 403, message: 'Access was denied to this resource.', object: 'HTTPForbidden', cause: 'Forbidden' },
    });
    assert.equal((await call('GET', '/domains/nowhere.test/records/x/TXT', bearer)).status, 404);
    const unknown = await call('POST', '/domains/a.test/snapshots/x', bearer);
    assert.equal(unknown.status, 404);
    assert.equal((unknown.body as { object: string }).object, 'HTTPNotFound');
    assert.equal(gandi.vendor.unmatched.length, 1, 'an unknown route is recorded');
    (gandi.vendor.unmatched as unknown[]).length = 0;
  });

  it('writes whole TXT sets, keeps values as written, and deletes them', async () => {
    assert.equal((await call('GET', '/domains/a.test/records/_acme-challenge/TXT', bearer)).status, 404);
    const put = await call('PUT', '/domains/a.test/records/_acme-challenge/TXT', bearer, {
      rrset_ttl: 300,
      rrset_values: ['"one"', 'two unquoted'],
    });
    assert.deepEqual([put.status, put.body], [201, { message: 'DNS Record Created' }]);
    const got = await call('GET', '/domains/a.test/records/_acme-challenge/TXT', bearer);
    assert.deepEqual(got.body, {
      rrset_name: '_acme-challenge',
      rrset_type: 'TXT',
      rrset_ttl: 300,
      rrset_values: ['"one"', 'two unquoted'],
      rrset_href: 'https://api.gandi.net/v5/livedns/domains/a.test/records/_acme-challenge/TXT',
    });
    assert.deepEqual(gandi.txt('_acme-challenge.a.test'), ['one', 'two unquoted']);
    assert.equal((await call('DELETE', '/domains/a.test/records/_acme-challenge/TXT', bearer)).status, 204);
    assert.equal((await call('DELETE', '/domains/a.test/records/_acme-challenge/TXT', bearer)).status, 404);
    gandi.assertNoUnexpectedRequests();
  });

  it('refuses what LiveDNS refuses with 400 and the field, and records it as malformed', async () => {
    const cases: [unknown, string][] = [
      [{ rrset_ttl: 60, rrset_values: ['"v"'] }, 'rrset_ttl'],
      [{ rrset_values: [] }, 'rrset_values'],
      [{ rrset_values: ['x'.repeat(256)] }, 'rrset_values'],
      [{ rrset_values: ['"v"', 'v'] }, 'rrset_values'],
    ];
    for (const [body, field] of cases) {
      const answer = await call('PUT', '/domains/a.test/records/bad/TXT', bearer, body);
      assert.equal(answer.status, 400);
      assert.equal((answer.body as { errors: { name: string }[] }).errors[0]?.name, field);
    }
    assert.equal(gandi.malformed.length, cases.length);
    assert.throws(() => gandi.assertNoUnexpectedRequests(), /malformed PUT/);
    (gandi.malformed as unknown[]).length = 0;
  });

  it('pages the domain list with page, per_page and Total-Count', async () => {
    const first = await call('GET', '/domains?per_page=10', bearer);
    assert.equal(first.headers.get('total-count'), '3');
    assert.deepEqual(
      (first.body as { fqdn: string }[]).map((d) => d.fqdn),
      ['a.test', 'b.test'],
    );
    const second = await call('GET', '/domains?page=2&per_page=10', bearer);
    assert.deepEqual(
      (second.body as { fqdn: string }[]).map((d) => d.fqdn),
      ['c.test'],
    );
    const scoped = await call('GET', '/domains', `Bearer ${SCOPED}`);
    assert.deepEqual(
      (scoped.body as { fqdn: string }[]).map((d) => d.fqdn),
      ['b.test'],
    );
  });

  it('throttles scripted requests with 429 and Retry-After, before authentication', async () => {
    const limit = gandi.rateLimitNext(2, 3);
    for (const auth of [undefined, bearer]) {
      const answer = await call('GET', '/domains/a.test', auth);
      assert.equal(answer.status, 429);
      assert.equal(answer.headers.get('retry-after'), '3');
      assert.equal((answer.body as { object: string }).object, 'HTTPTooManyRequests');
    }
    assert.equal(limit.served, 2);
    assert.equal((await call('GET', '/domains/a.test', bearer)).status, 200);
  });

  it('a raced write leaves what the other writer put', async () => {
    gandi.raceNextWrite('race.c.test', ['"theirs"']);
    await call('PUT', '/domains/c.test/records/race/TXT', bearer, { rrset_values: ['"ours"'] });
    assert.deepEqual(gandi.txt('race.c.test'), ['theirs']);
  });
});
