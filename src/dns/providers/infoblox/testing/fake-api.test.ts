import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createHttpClient, type HttpClient, type HttpMethod } from '../../../../net/http.js';
import { startFakeInfobloxApi, type FakeInfobloxApi, type FakeInfobloxApiOptions } from './fake-api.js';

const ADMIN = { username: 'certwright', password: 'grid-SECRET-password' };
const READER = { username: 'reader', password: 'reader-password' };
const OTHER = { username: 'other-zone', password: 'other-password' };

const OPTIONS: FakeInfobloxApiOptions = {
  zones: [{ fqdn: 'example.test' }, { fqdn: 'other.test' }, { fqdn: 'example.test', view: 'external' }],
  users: [
    { ...ADMIN, zones: 'all', write: true },
    { ...READER, zones: 'all' },
    { ...OTHER, zones: ['other.test'], write: true },
  ],
  maxPageSize: 2,
};

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: any;
}

describe('infoblox endpoint', () => {
  let ib: FakeInfobloxApi;
  let http: HttpClient;
  beforeEach(async () => {
    ib = await startFakeInfobloxApi(OPTIONS);
    http = createHttpClient({ userAgent: 'certwright-test', extraCaPem: ib.caPem });
  });
  afterEach(async () => ib?.close());

  async function call(
    method: HttpMethod,
    path: string,
    {
      user = ADMIN,
      body,
      version = '2.11',
    }: { user?: { username: string; password: string } | null; body?: unknown; version?: string } = {},
  ): Promise<Answer> {
    const response = await http({
      method,
      url: `https://${ib.host}:${ib.port}/wapi/v${version}/${path}`,
      headers: {
        ...(user
          ? { authorization: `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}` }
          : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = response.body.toString('utf8');
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // the web server's HTML pages
    }
    return { status: response.status, headers: response.headers, body: parsed };
  }

  const txt = (name: string, text: string, extra: object = {}) => ({
    name,
    text,
    view: 'default',
    ttl: 60,
    use_ttl: true,
    ...extra,
  });

  it('serves HTTPS with a private CA only: a client without it is refused the connection', async () => {
    const plain = createHttpClient({ userAgent: 'certwright-test' });
    await assert.rejects(
      plain({ method: 'GET', url: `https://${ib.host}:${ib.port}/wapi/v2.11/zone_auth` }),
      (error: Error & { code?: string }) => {
        assert.equal(
          error.code,
          'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
          'the server sends its leaf alone, signed by a CA the client lacks',
        );
        return true;
      },
    );
  });

  it('refuses missing and wrong credentials with the web server 401 page and a Basic challenge', async () => {
    for (const user of [null, { username: ADMIN.username, password: 'wrong' }, { username: 'nobody', password: 'x' }]) {
      const answer = await call('GET', 'zone_auth', { user });
      assert.equal(answer.status, 401);
      assert.match(String(answer.body), /401 Authorization Required/);
      assert.equal(answer.headers['www-authenticate'], 'Basic realm="InfoBlox ONE Platform"');
    }
  });

  it('answers unknown objects, arguments, fields and versions in WAPI error shape', async () => {
    assert.deepEqual((await call('GET', 'record:txtx')).body, {
      Error: 'AdmConProtoError: Unknown object type (record:txtx)',
      code: 'Client.Ibap.Proto',
      text: 'Unknown object type (record:txtx)',
    });
    assert.equal((await call('GET', 'record:txt?nmae=x')).body.text, "Unknown argument/field: 'nmae'");
    assert.equal(
      (await call('GET', 'record:txt?_return_fields=name,secret')).body.text,
      "Unknown argument/field: 'secret'",
    );
    assert.equal(
      (await call('POST', 'record:txt', { body: { ...txt('a.example.test', 'v'), type: 'TXT' } })).body.text,
      "Unknown argument/field: 'type'",
    );
    const version = await call('GET', 'zone_auth', { version: '9.9' });
    assert.equal(version.status, 400);
    assert.equal(version.body.code, 'Client.Ibap.Proto');
    assert.deepEqual(
      ib.malformed.map((m) => m.problem),
      ['search argument nmae', 'return field secret', 'field type'],
      'the bad requests are noted; a wrong version is a setting, not a client bug',
    );
    assert.throws(() => ib.assertNoUnexpectedRequests(), /no route for GET \/wapi\/v2\.11\/record:txtx/);
  });

  it('finds zones per view, and only those the user has permissions on', async () => {
    const zones = await call('GET', 'zone_auth?fqdn=example.test&view=default&_return_fields=fqdn,view');
    assert.equal(zones.status, 200);
    assert.deepEqual(
      (zones.body as { fqdn: string; view: string }[]).map((z) => [z.fqdn, z.view]),
      [['example.test', 'default']],
    );
    assert.match(
      (zones.body as { _ref: string }[])[0]?._ref ?? '',
      /^zone_auth\/[A-Za-z0-9_-]+:example\.test\/default$/,
    );
    assert.deepEqual((await call('GET', 'zone_auth?fqdn=example.test', { user: OTHER })).body, []);
    assert.deepEqual((await call('GET', 'zone_auth?view=nosuch')).body, {
      Error: 'AdmConDataNotFoundError: View nosuch not found',
      code: 'Client.Ibap.Data.NotFound',
      text: 'View nosuch not found',
    });
  });

  it("creates TXT records by the zone's rules: a duplicate, a name without a parent zone, a read-only user", async () => {
    const created = await call('POST', 'record:txt?_return_fields=name,text,view', {
      body: txt('_acme-challenge.rules.example.test', 'v1'),
    });
    assert.equal(created.status, 201);
    assert.match(created.body._ref, /^record:txt\/[A-Za-z0-9_-]+:_acme-challenge\.rules\.example\.test\/default$/);
    assert.equal(created.body.text, 'v1');
    const plain = await call('POST', 'record:txt', { body: txt('_acme-challenge.rules.example.test', 'v2') });
    assert.match(plain.body, /^record:txt\//, 'without _return_fields the reference alone comes back');
    const duplicate = await call('POST', 'record:txt', { body: txt('_acme-challenge.rules.example.test', 'v1') });
    assert.deepEqual(
      [duplicate.status, duplicate.body.code, duplicate.body.text],
      [400, 'Client.Ibap.Data.Conflict', "The record '_acme-challenge.rules.example.test' already exists."],
    );
    const orphan = await call('POST', 'record:txt', { body: txt('x.nozone.test', 'v') });
    assert.equal(orphan.body.text, 'The action is not allowed. A parent was not found.');
    const readOnly = await call('POST', 'record:txt', { user: READER, body: txt('y.example.test', 'v') });
    assert.deepEqual([readOnly.status, readOnly.body.code], [403, 'Client.Ibap.Auth']);
    const outside = await call('POST', 'record:txt', { user: OTHER, body: txt('z.example.test', 'v') });
    assert.equal(outside.body.text, 'The action is not allowed. A parent was not found.', 'a zone the user cannot see');
    assert.deepEqual(ib.txt('_acme-challenge.rules.example.test'), ['v1', 'v2']);
    for (const ref of [created.body._ref as string, plain.body as string]) {
      const deleted = await call('DELETE', ref);
      assert.deepEqual([deleted.status, deleted.body], [200, ref]);
    }
    const again = await call('DELETE', created.body._ref as string);
    assert.deepEqual([again.status, again.body.code], [404, 'Client.Ibap.Data.NotFound']);
    ib.assertNoUnexpectedRequests();
  });

  it('pages a search only with _return_as_object, and refuses a result set larger than _max_results', async () => {
    for (const value of ['p1', 'p2', 'p3', 'p4', 'p5']) await ib.seedTxt('_acme-challenge.paged.example.test', value);
    const refused = await call('GET', 'record:txt?name=_acme-challenge.paged.example.test&_paging=1&_max_results=2');
    assert.equal(refused.body.text, '_return_as_object needs to be enabled for paging requests.');
    assert.deepEqual(ib.malformed.at(-1)?.problem, 'paging without _return_as_object=1');
    const texts: string[] = [];
    let page = await call(
      'GET',
      'record:txt?name=_acme-challenge.paged.example.test&view=default&_paging=1&_max_results=1000&_return_as_object=1',
    );
    texts.push(...(page.body.result as { text: string }[]).map((r) => r.text));
    let pages = 1;
    while (page.body.next_page_id) {
      page = await call('GET', `record:txt?_page_id=${encodeURIComponent(page.body.next_page_id as string)}`);
      texts.push(...(page.body.result as { text: string }[]).map((r) => r.text));
      pages++;
    }
    assert.deepEqual(texts, ['p1', 'p2', 'p3', 'p4', 'p5']);
    assert.equal(pages, 3, 'maxPageSize 2 caps the pages');
    const tooLarge = await call('GET', 'record:txt?name=_acme-challenge.paged.example.test&_max_results=3');
    assert.equal(tooLarge.body.text, 'Result set too large (> 3)');
  });

  it('runs a multiple-object request as one transaction: one refused operation changes nothing', async () => {
    const name = '_acme-challenge.batch.example.test';
    const ok = await call('POST', 'request', {
      body: ['b1', 'b2'].map((value) => ({
        method: 'POST',
        object: 'record:txt',
        data: txt(name, value),
        args: { _return_fields: 'name,text,view' },
      })),
    });
    assert.equal(ok.status, 200);
    const refs = (ok.body as { _ref: string }[]).map((r) => r._ref);
    assert.equal(refs.length, 2);
    const failed = await call('POST', 'request', {
      body: [
        { method: 'POST', object: 'record:txt', data: txt(name, 'b3') },
        { method: 'POST', object: 'record:txt', data: txt(name, 'b1') },
      ],
    });
    assert.equal(failed.body.code, 'Client.Ibap.Data.Conflict');
    assert.deepEqual(ib.txt(name).sort(), ['b1', 'b2'], 'b3 was not kept');
    const gone = await call('POST', 'request', {
      body: [
        { method: 'DELETE', object: refs[0] },
        { method: 'DELETE', object: `${refs[1]}x` },
      ],
    });
    assert.equal(gone.status, 404);
    assert.deepEqual(ib.txt(name).sort(), ['b1', 'b2'], 'the first delete was rolled back');
    const deleted = await call('POST', 'request', { body: refs.map((ref) => ({ method: 'DELETE', object: ref })) });
    assert.deepEqual(deleted.body, refs);
    assert.deepEqual(ib.txt(name), []);
    ib.assertNoUnexpectedRequests();
  });

  it('throttles with 429 and retry-after before authentication', async () => {
    const limit = ib.rateLimitNext(2, 3);
    for (const user of [ADMIN, null]) {
      const answer = await call('GET', 'zone_auth', { user });
      assert.deepEqual([answer.status, answer.headers['retry-after']], [429, '3']);
    }
    assert.deepEqual([limit.served, limit.remaining], [2, 0]);
    assert.equal((await call('GET', 'zone_auth')).status, 200);
  });
});
