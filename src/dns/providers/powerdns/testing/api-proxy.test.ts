/**
 * What the provider relies on in the real PowerDNS API (pdns_server 4.7 from Debian), and what the
 * proxy in front of it adds. These pin the vendor's behaviour: if a PowerDNS upgrade changes one,
 * this file says which.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startPowerDns, type PowerDns } from '../../../../testing/powerdns.js';
import { startPowerDnsProxy, type PowerDnsProxy } from './api-proxy.js';

const ZONE = `$TTL 60
@ IN SOA ns1.example.test. hostmaster.example.test. 1 60 60 3600 60
@ IN NS ns1.example.test.
ns1 IN A 127.0.0.1
`;
const ZONE_PATH = '/api/v1/servers/localhost/zones/example.test.';

function send(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers, agent: false }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text }));
    });
    request.on('error', reject);
    request.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

const txt = (name: string, records: { content: string; disabled: boolean }[]) => ({
  rrsets: [{ name, type: 'TXT', ttl: 60, changetype: 'REPLACE', records }],
});

describe('the PowerDNS API (real pdns_server) and the proxy in front of it', () => {
  let dir: string;
  let pdns: PowerDns;
  let proxy: PowerDnsProxy;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'certwright-pdns-api-'));
    pdns = await startPowerDns(dir, { zones: [{ name: 'example.test', text: ZONE }] });
    proxy = await startPowerDnsProxy(pdns);
  });
  after(async () => {
    await proxy?.close();
    await pdns?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('refuses a wrong or missing X-API-Key with 401 and a plain-text body', async () => {
    for (const headers of [{ 'x-api-key': 'wrong' }, {}]) {
      const answer = await send(`${proxy.url}${ZONE_PATH}`, 'GET', headers);
      assert.equal(answer.status, 401);
      assert.equal(answer.text, 'Unauthorized');
    }
    assert.deepEqual(
      proxy.refused.splice(0).map((r) => r.status),
      [401, 401],
    );
  });

  it('refuses TXT content that is not quoted, with 422 and a JSON error', async () => {
    const answer = await pdns.api(
      'PATCH',
      ZONE_PATH,
      txt('_acme-challenge.q.example.test.', [{ content: 'bare', disabled: false }]),
    );
    assert.equal(answer.status, 422);
    assert.match((answer.body as { error: string }).error, /^Record _acme-challenge\.q\.example\.test\.\/TXT 'bare': /);
  });

  it('REPLACE sets the whole RRset; a read filtered by rrset_name leaves disabled records out, a whole-zone read has them', async () => {
    const name = '_acme-challenge.filter.example.test.';
    const written = await pdns.api(
      'PATCH',
      ZONE_PATH,
      txt(name, [
        { content: '"served"', disabled: false },
        { content: '"held"', disabled: true },
      ]),
    );
    assert.equal(written.status, 204);
    type Zone = { rrsets: { name: string; type: string; records: { content: string; disabled: boolean }[] }[] };
    const filtered = (await pdns.api('GET', `${ZONE_PATH}?rrset_name=${name}&rrset_type=TXT`)).body as Zone;
    assert.deepEqual(filtered.rrsets.find((set) => set.name === name)?.records, [
      { content: '"served"', disabled: false },
    ]);
    const whole = (await pdns.api('GET', ZONE_PATH)).body as Zone;
    assert.deepEqual(
      whole.rrsets
        .find((set) => set.name === name && set.type === 'TXT')
        ?.records.map((r) => r.content)
        .sort(),
      ['"held"', '"served"'],
    );
    assert.equal((await pdns.api('PATCH', ZONE_PATH, txt(name, [{ content: '"only"', disabled: false }]))).status, 204);
    assert.deepEqual(
      pdns.records(name).map((r) => r.content),
      ['"only"'],
      'REPLACE dropped the values it did not list',
    );
  });

  it('answers an unknown server id or path with 404 Not Found; the proxy records a path the provider never uses', async () => {
    const key = { 'x-api-key': pdns.apiKey };
    const server = await send(`${proxy.url}/api/v1/servers/ns9/zones`, 'GET', key);
    assert.deepEqual([server.status, server.text], [404, 'Not Found']);
    proxy.refused.splice(0);
    const unknown = await send(`${proxy.url}/api/v1/servers/localhost/statistics`, 'GET', key);
    assert.deepEqual([unknown.status, unknown.text], [404, 'Not Found']);
    assert.throws(
      () => proxy.vendor.assertNoUnexpectedRequests(),
      /no route for GET \/api\/v1\/servers\/localhost\/statistics/,
    );
    (proxy.vendor.unmatched as unknown[]).splice(0);
  });

  it('throttles scripted PATCHes with 429 and retry-after before they reach pdns, then forwards', async () => {
    const name = '_acme-challenge.throttled.example.test.';
    const failure = proxy.throttleWrites(1, 3);
    const headers = { 'x-api-key': pdns.apiKey, 'content-type': 'application/json' };
    const body = txt(name, [{ content: '"v"', disabled: false }]);
    const throttled = await send(`${proxy.url}${ZONE_PATH}`, 'PATCH', headers, body);
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers['retry-after'], '3');
    assert.deepEqual(pdns.records(name), [], 'the throttled write never reached pdns');
    assert.equal((await send(`${proxy.url}${ZONE_PATH}`, 'PATCH', headers, body)).status, 204);
    assert.equal(failure.served, 1);
    assert.deepEqual(
      pdns.records(name).map((r) => r.content),
      ['"v"'],
    );
  });

  it('in hidden mode stores the records a write adds disabled, and keeps those already there as they are', async () => {
    const name = '_acme-challenge.hidden.example.test.';
    await pdns.api('PATCH', ZONE_PATH, txt(name, [{ content: '"theirs"', disabled: false }]));
    proxy.setHidden(true);
    try {
      const headers = { 'x-api-key': pdns.apiKey, 'content-type': 'application/json' };
      const body = txt(name, [
        { content: '"theirs"', disabled: false },
        { content: '"ours"', disabled: false },
      ]);
      assert.equal((await send(`${proxy.url}${ZONE_PATH}`, 'PATCH', headers, body)).status, 204);
    } finally {
      proxy.setHidden(false);
    }
    assert.deepEqual(
      pdns.records(name).map((r) => [r.content, r.disabled]),
      [
        ['"ours"', true],
        ['"theirs"', false],
      ],
    );
    proxy.assertNoUnexpectedRequests();
  });
});
