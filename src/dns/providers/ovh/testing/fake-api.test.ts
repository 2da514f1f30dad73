import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ovhSignature } from '../api.js';
import { startFakeOvhApi, type FakeOvhApi } from './fake-api.js';

const AK = 'fakeTestAppKey001';
const AS = 'fake-test-application-secret-000000000';
const OTHER_AK = 'otherAppKey000001';
const CK = 'fake-test-consumer-key-00000000000000000';
const CK_OTHER_APP = 'consumer-key-of-other-app-0000000000000';
const CK_GET_ONLY = 'consumer-key-get-only-00000000000000000';
const SKEW = 600;

async function call(
  ovh: FakeOvhApi,
  method: string,
  path: string,
  options: {
    body?: unknown;
    ak?: string;
    as?: string;
    ck?: string;
    timestamp?: number;
    headers?: Record<string, string>;
  } = {},
) {
  const url = `${ovh.url}${path}`;
  const body = options.body === undefined ? '' : JSON.stringify(options.body);
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000) + SKEW;
  const ck = options.ck ?? CK;
  const response = await fetch(url, {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      'x-ovh-application': options.ak ?? AK,
      'x-ovh-consumer': ck,
      'x-ovh-timestamp': String(timestamp),
      'x-ovh-signature': ovhSignature(options.as ?? AS, ck, method, url, body, timestamp),
      ...options.headers,
    },
    ...(body ? { body } : {}),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

describe('ovh endpoint', () => {
  let ovh: FakeOvhApi;
  before(async () => {
    ovh = await startFakeOvhApi({
      zones: ['example.test', 'other.test'],
      applications: [
        { applicationKey: AK, applicationSecret: AS },
        { applicationKey: OTHER_AK, applicationSecret: 'other-secret-0000000000000000000000' },
      ],
      consumerKeys: [
        {
          consumerKey: CK,
          applicationKey: AK,
          rules: [
            { method: 'GET', path: '/domain/zone/*' },
            { method: 'POST', path: '/domain/zone/example.test/*' },
            { method: 'DELETE', path: '/domain/zone/example.test/*' },
          ],
        },
        { consumerKey: CK_OTHER_APP, applicationKey: OTHER_AK, rules: [{ method: 'GET', path: '/*' }] },
        {
          consumerKey: CK_GET_ONLY,
          applicationKey: AK,
          rules: [{ method: 'GET', path: '/domain/zone/example.test/*' }],
        },
      ],
      clockSkewSeconds: SKEW,
    });
  });
  after(async () => ovh?.close());

  it('tells its own time without authentication, off this machine by the skew', async () => {
    const response = await fetch(`${ovh.url}/auth/time`);
    const server = (await response.json()) as number;
    assert.ok(Math.abs(server - Math.floor(Date.now() / 1000) - SKEW) <= 1);
  });

  it('checks the key, the timestamp, the signature, the consumer key and its rules, in OVH error shapes', async () => {
    const auth = (status: number, errorCode: string, message: string) => ({
      status,
      body: {
        errorCode,
        httpCode: `${status} ${{ 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden' }[status]}`,
        message,
      },
    });
    const path = '/domain/zone/example.test/record';
    const cases: [string, Promise<{ status: number; body: unknown }>, { status: number; body: unknown }][] = [
      [
        'unknown application',
        call(ovh, 'GET', path, { ak: 'unknownAppKey0001' }),
        auth(403, 'INVALID_KEY', 'This application key is invalid'),
      ],
      [
        'local clock',
        call(ovh, 'GET', path, { timestamp: Math.floor(Date.now() / 1000) }),
        auth(400, 'QUERY_TIME_OUT', 'Query out of time'),
      ],
      [
        'wrong secret',
        call(ovh, 'GET', path, { as: 'wrong-secret' }),
        auth(400, 'INVALID_SIGNATURE', 'Invalid signature'),
      ],
      [
        'unknown consumer key',
        call(ovh, 'GET', path, { ck: 'revoked-consumer-key' }),
        auth(403, 'INVALID_CREDENTIAL', 'This credential is not valid'),
      ],
      [
        'consumer key of another application',
        call(ovh, 'GET', path, { ck: CK_OTHER_APP }),
        auth(403, 'INVALID_CREDENTIAL', 'This credential is not valid'),
      ],
      [
        'POST outside the rules',
        call(ovh, 'POST', '/domain/zone/other.test/refresh'),
        auth(403, 'NOT_GRANTED_CALL', 'This call has not been granted'),
      ],
      [
        'POST with a GET-only key',
        call(ovh, 'POST', '/domain/zone/example.test/refresh', { ck: CK_GET_ONLY }),
        auth(403, 'NOT_GRANTED_CALL', 'This call has not been granted'),
      ],
      [
        'a zone the account lacks',
        call(ovh, 'GET', '/domain/zone/nowhere.test/record'),
        { status: 404, body: { class: 'Client::NotFound', message: 'This service does not exist' } },
      ],
      [
        'a record that is gone',
        call(ovh, 'DELETE', '/domain/zone/example.test/record/42'),
        { status: 404, body: { class: 'Client::NotFound', message: 'The requested object (id = 42) does not exist' } },
      ],
      [
        'an unknown path',
        call(ovh, 'GET', '/domain/zone/example.test/records'),
        { status: 404, body: { class: 'Client::NotFound', message: 'Got an invalid (or empty) URL' } },
      ],
    ];
    for (const [label, reply, expected] of cases) {
      const { status, body } = await reply;
      assert.deepEqual({ status, body }, expected, label);
    }
    const signedElsewhere = await fetch(`${ovh.url}${path}?fieldType=TXT`, {
      headers: (() => {
        const ts = Math.floor(Date.now() / 1000) + SKEW;
        // Signed for the URL without its query: OVH signs the full URL.
        return {
          'x-ovh-application': AK,
          'x-ovh-consumer': CK,
          'x-ovh-timestamp': String(ts),
          'x-ovh-signature': ovhSignature(AS, CK, 'GET', `${ovh.url}${path}`, '', ts),
        };
      })(),
    });
    assert.equal(signedElsewhere.status, 400);
    const unsigned = await fetch(`${ovh.url}${path}`);
    assert.deepEqual(
      [unsigned.status, await unsigned.json()],
      [401, { errorCode: 'NOT_AUTHENTICATED', httpCode: '401 Unauthorized', message: 'You must login first' }],
    );
    assert.throws(
      () => ovh.assertNoUnexpectedRequests(),
      /no route for GET \/1\.0\/domain\/zone\/example\.test\/records\n {2}malformed GET .*: no X-Ovh-Application header/,
    );
  });

  it('creates, lists by type and sub-domain (IDs only, no paging), reads and deletes records; publishes only on refresh', async () => {
    const created = await call(ovh, 'POST', '/domain/zone/example.test/record', {
      body: { fieldType: 'TXT', subDomain: '_acme-challenge.www', target: 'abc', ttl: 60 },
    });
    assert.equal(created.status, 200);
    const record = created.body as { id: number; zone: string; subDomain: string; target: string };
    assert.deepEqual([record.zone, record.subDomain, record.target], ['example.test', '_acme-challenge.www', 'abc']);
    const twin = await call(ovh, 'POST', '/domain/zone/example.test/record', {
      body: { fieldType: 'TXT', subDomain: '_acme-challenge.www', target: 'abc', ttl: 60 },
    });
    assert.notEqual((twin.body as { id: number }).id, record.id, 'OVH keeps identical records side by side');
    const listed = await call(
      ovh,
      'GET',
      '/domain/zone/example.test/record?fieldType=TXT&subDomain=_acme-challenge.www',
    );
    assert.deepEqual(listed.body, [record.id, (twin.body as { id: number }).id]);
    assert.deepEqual(
      (await call(ovh, 'GET', '/domain/zone/example.test/record?fieldType=A&subDomain=_acme-challenge.www')).body,
      [],
    );
    assert.deepEqual((await call(ovh, 'GET', `/domain/zone/example.test/record/${record.id}`)).body, {
      ...record,
      fieldType: 'TXT',
      ttl: 60,
    });
    const refreshes = ovh.refreshes('example.test');
    assert.equal((await call(ovh, 'POST', '/domain/zone/example.test/refresh')).status, 200);
    assert.equal(ovh.refreshes('example.test'), refreshes + 1);
    assert.equal((await call(ovh, 'DELETE', `/domain/zone/example.test/record/${record.id}`)).body, null);
    assert.deepEqual(ovh.txt('_acme-challenge.www.example.test'), ['abc']);
    const bad = await call(ovh, 'POST', '/domain/zone/example.test/record', {
      body: { fieldType: 'TXT', subDomain: 'x y', target: 'v' },
    });
    assert.deepEqual([bad.status, (bad.body as { class: string }).class], [400, 'Client::BadRequest']);
  });
});
