import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeDesecApi, type FakeDesecApi } from './fake-api.js';

const TOKEN = 'fake-desec-token-0123';
const SCOPED = 'fake-desec-token-scoped';

describe('fake deSEC v1 API', () => {
  let desec: FakeDesecApi;
  before(async () => {
    desec = await startFakeDesecApi({
      domains: [{ name: 'a.test' }, { name: 'b.test', minimumTtl: 60 }],
      tokens: [
        { token: TOKEN },
        {
          token: SCOPED,
          policies: [
            { domain: null, subname: null, type: null, write: false },
            { domain: 'a.test', subname: '_acme-challenge', type: 'TXT', write: true },
          ],
        },
      ],
      pageSize: 2,
      writeRates: [{ count: 100, seconds: 1 }],
    });
  });
  after(async () => desec?.close());

  const call = async (method: string, path: string, auth: string | undefined, body?: unknown) => {
    const response = await fetch(`${desec.url}${path}`, {
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
  const auth = `Token ${TOKEN}`;

  it('refuses missing, other-scheme and unknown tokens with 401 and a detail', async () => {
    assert.deepEqual((await call('GET', '/domains/a.test/', undefined)).body, {
      detail: 'Authentication credentials were not provided.',
    });
    assert.equal((await call('GET', '/domains/a.test/', `Bearer ${TOKEN}`)).status, 401);
    const unknown = await call('GET', '/domains/a.test/', 'Token nope');
    assert.deepEqual([unknown.status, unknown.body], [401, { detail: 'Invalid token.' }]);
  });

  it('answers 404 {"detail": "Not found."} for a domain outside the account and for unknown paths', async () => {
    assert.deepEqual((await call('GET', '/domains/c.test/rrsets/', auth)).body, { detail: 'Not found.' });
    const unknown = await call('DELETE', '/domains/a.test/', auth);
    assert.deepEqual([unknown.status, unknown.body], [404, { detail: 'Not found.' }]);
    assert.equal(desec.vendor.unmatched.length, 1);
    (desec.vendor.unmatched as unknown[]).length = 0;
  });

  it('applies a bulk PATCH atomically: creates, changes and deletes sets, and answers with the sets that remain', async () => {
    const created = await call('PATCH', '/domains/b.test/rrsets/', auth, [
      { subname: 'x', type: 'TXT', ttl: 60, records: ['"one"'] },
      { subname: 'y', type: 'TXT', ttl: 120, records: ['"two" "parts"'] },
    ]);
    assert.equal(created.status, 200);
    assert.deepEqual(
      (created.body as { name: string }[]).map((s) => s.name),
      ['x.b.test.', 'y.b.test.'],
    );
    const changed = await call('PATCH', '/domains/b.test/rrsets/', auth, [
      { subname: 'x', type: 'TXT', records: [] },
      { subname: 'y', type: 'TXT', records: ['"two" "parts"', '"three"'] },
    ]);
    assert.deepEqual(
      (changed.body as { subname: string; ttl: number; records: string[] }[]).map((s) => [s.subname, s.ttl, s.records]),
      [['y', 120, ['"two" "parts"', '"three"']]],
    );
    assert.equal(desec.rrset('x.b.test'), undefined);
    assert.deepEqual(desec.txt('y.b.test'), ['twoparts', 'three']);
    desec.assertNoUnexpectedRequests();
  });

  it('answers stage-one errors as a list, one object per set, and changes nothing', async () => {
    const answer = await call('PATCH', '/domains/a.test/rrsets/', auth, [
      { subname: 'ok', type: 'TXT', ttl: 3600, records: ['"fine"'] },
      { subname: 'low', type: 'TXT', ttl: 60, records: ['"v"'] },
      { subname: 'bare', type: 'TXT', ttl: 3600, records: ['unquoted'] },
      { subname: 'new', type: 'TXT', records: ['"v"'] },
      { subname: 'ok', type: 'TXT', ttl: 3600, records: ['"again"'] },
    ]);
    assert.equal(answer.status, 400);
    const errors = answer.body as Record<string, string[]>[];
    assert.deepEqual(errors[0], {});
    assert.deepEqual(errors[1], { ttl: ['Ensure this value is greater than or equal to 3600.'] });
    assert.match(errors[2]?.records?.[0] ?? '', /must be quoted/);
    assert.deepEqual(errors[3], { ttl: ['This field is required for new RRsets.'] });
    assert.match(errors[4]?.non_field_errors?.[0] ?? '', /position\(s\) 0/);
    assert.equal(desec.rrset('ok.a.test'), undefined, 'nothing was applied');
    assert.throws(() => desec.assertNoUnexpectedRequests(), /malformed PATCH/);
    (desec.malformed as unknown[]).length = 0;
  });

  it('checks token policies on every set of a write, most specific first, and refuses the whole request', async () => {
    const scoped = `Token ${SCOPED}`;
    const mixed = await call('PATCH', '/domains/a.test/rrsets/', scoped, [
      { subname: '_acme-challenge', type: 'TXT', ttl: 3600, records: ['"v"'] },
      { subname: '_acme-challenge.www', type: 'TXT', ttl: 3600, records: ['"v"'] },
    ]);
    assert.deepEqual(
      [mixed.status, mixed.body],
      [403, { detail: 'You do not have permission to perform this action.' }],
    );
    assert.equal(desec.rrset('_acme-challenge.a.test'), undefined);
    const allowed = await call('PATCH', '/domains/a.test/rrsets/', scoped, [
      { subname: '_acme-challenge', type: 'TXT', ttl: 3600, records: ['"v"'] },
    ]);
    assert.equal(allowed.status, 200);
    assert.equal(
      (await call('GET', '/domains/a.test/rrsets/_acme-challenge/TXT/', scoped)).status,
      200,
      'reads are never restricted',
    );
  });

  it('pages lists by cursor: 400 without one when more than a page matches, then Link rel="next"', async () => {
    await call(
      'PATCH',
      '/domains/a.test/rrsets/',
      auth,
      ['p1', 'p2', 'p3'].map((subname) => ({ subname, type: 'TXT', ttl: 3600, records: [`"${subname}"`] })),
    );
    const refused = await call('GET', '/domains/a.test/rrsets/?type=TXT', auth);
    assert.equal(refused.status, 400);
    assert.match((refused.body as { detail: string }).detail, /^Pagination required/);
    const seen: string[] = [];
    let next: string | undefined = `${desec.url}/domains/a.test/rrsets/?type=TXT&cursor=`;
    for (let pages = 0; next && pages < 5; pages++) {
      const response: Response = await fetch(next, { headers: { authorization: auth } });
      seen.push(...((await response.json()) as { subname: string }[]).map((s) => s.subname));
      next = /<([^>]*)>; rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
    }
    assert.deepEqual(seen.sort(), ['_acme-challenge', 'p1', 'p2', 'p3']);
  });

  it('throttles writes per domain with 429, Retry-After and deSEC’s detail', async () => {
    const strict = await startFakeDesecApi({
      domains: [{ name: 'a.test' }],
      tokens: [{ token: TOKEN }],
      writeRates: [{ count: 1, seconds: 60 }],
    });
    try {
      const patch = () =>
        fetch(`${strict.url}/domains/a.test/rrsets/`, {
          method: 'PATCH',
          headers: { authorization: auth, 'content-type': 'application/json' },
          body: JSON.stringify([{ subname: 'x', type: 'TXT', ttl: 3600, records: ['"v"'] }]),
        });
      assert.equal((await patch()).status, 200);
      const throttled = await patch();
      assert.equal(throttled.status, 429);
      assert.equal(throttled.headers.get('retry-after'), '60');
      assert.deepEqual(await throttled.json(), { detail: 'Request was throttled. Expected available in 60 seconds.' });
      const scripted = strict.rateLimitNext(1, 5);
      assert.equal((await fetch(`${strict.url}/domains/a.test/`)).status, 429, 'scripted, before authentication');
      assert.equal(scripted.served, 1);
    } finally {
      await strict.close();
    }
  });
});
