import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { vendorProviderScenarios, type VendorProviderFixture } from '../../../../testing/provider-scenarios.js';
import { startTestbed, type Testbed } from '../../../../testing/testbed.js';
import { text } from '../../../../testing/fake-api-kit.js';
import { createHttpClient } from '../../../../net/http.js';
import { silentLogger, systemClock, type Clock, type Logger } from '../../../../runtime.js';
import { errorMessage } from '../../../../runtime.js';
import type { ChallengeRecord, DnsProvider } from '../../../provider.js';
import { startFakeHttpreqApi, type FakeHttpreqApi } from './fake-api.js';
import { definition } from '../index.js';

const USER = 'certwright';
const PASSWORD = 'httpreq-SECRET-password-0123';

function fixtureFor(endpoint: FakeHttpreqApi): VendorProviderFixture {
  return {
    name: 'httpreq',
    inputs: () => ({ 'httpreq-endpoint': endpoint.url, 'httpreq-username': USER }),
    credentialInputs: () => ({ 'httpreq-password': PASSWORD }),
    // lego's variable, so a job that ran lego keeps its secret's name.
    credentialsEnv: () => ({ HTTPREQ_PASSWORD: PASSWORD }),
    secrets: () => [PASSWORD, Buffer.from(`${USER}:${PASSWORD}`).toString('base64')],
    vendorTxt: (fqdn) => endpoint.txt(fqdn),
    seedForeign: (fqdn, value) => endpoint.seedTxt(fqdn, value),
    setMirroring: (on) => endpoint.setMirroring(on),
    throttleWrites(times) {
      const failure = endpoint.throttleNext('present', times, 1);
      return () => failure.served;
    },
    writeCount: () => endpoint.writeCount(),
    // One present and one cleanup per value, whatever the zones.
    writesFor: (_zones, records) => records * 2,
    assertNoUnexpectedRequests: () => endpoint.assertNoUnexpectedRequests(),
  };
}

describe('httpreq provider through a local httpreq backend, validated by Pebble through BIND', () => {
  let bed: Testbed;
  let endpoint: FakeHttpreqApi;
  before(async () => {
    bed = await startTestbed();
    endpoint = await startFakeHttpreqApi({
      basicAuth: { username: USER, password: PASSWORD },
      basePath: '/acme',
      bind: { server: bed.dns, tsig: bed.tsig },
    });
  });
  after(async () => {
    await endpoint?.close();
    await bed?.stop();
  });
  vendorProviderScenarios(() => ({ bed, fixture: fixtureFor(endpoint) }));
});

describe('httpreq provider: settings, backend answers and secrets', () => {
  let endpoint: FakeHttpreqApi;
  before(async () => {
    endpoint = await startFakeHttpreqApi({ basicAuth: { username: USER, password: PASSWORD }, basePath: '/acme/' });
  });
  after(async () => endpoint?.close());

  const http = createHttpClient({ userAgent: 'certwright-test' });
  const provider = (
    values: Record<string, string | undefined>,
    options: { clock?: Clock; logger?: Logger } = {},
  ): Promise<DnsProvider> =>
    definition
      .configure({
        'httpreq-endpoint': endpoint.url,
        'httpreq-username': USER,
        'httpreq-password': PASSWORD,
        ...values,
      })
      .create({ logger: options.logger ?? silentLogger, clock: options.clock ?? systemClock, env: {}, http });
  const record = (fqdn: string, value: string): ChallengeRecord => ({
    domain: fqdn.replace(/^_acme-challenge\./, ''),
    fqdn,
    zone: 'example.test',
    value,
  });

  it('refuses settings with one line that names the input', () => {
    const cases: [Record<string, string | undefined>, string][] = [
      [
        { 'httpreq-endpoint': undefined },
        'httpreq-endpoint: missing; expected the base URL of your httpreq backend, such as https://dns-api.example.com/acme',
      ],
      [
        { 'httpreq-endpoint': 'dns-api.example.com' },
        'httpreq-endpoint: "dns-api.example.com" is not a URL; expected the base URL of your backend, such as https://dns-api.example.com/acme',
      ],
      [
        { 'httpreq-endpoint': 'ftp://dns-api.example.com/x?key=k' },
        'httpreq-endpoint: "ftp://dns-api.example.com/x" is not an http(s) URL; expected such as https://dns-api.example.com/acme',
      ],
      [
        { 'httpreq-endpoint': `https://u:${PASSWORD}@dns-api.example.com` },
        'httpreq-endpoint: the URL carries credentials; pass them as httpreq-username and httpreq-password instead',
      ],
      [
        { 'httpreq-password': undefined },
        'httpreq-password: missing; httpreq-username was given, and basic authentication needs both (or set CERTWRIGHT_HTTPREQ_PASSWORD)',
      ],
      [
        { 'httpreq-username': undefined },
        'httpreq-username: missing; httpreq-password was given, and basic authentication needs both',
      ],
      [
        { 'httpreq-username': 'a:b' },
        'httpreq-username: "a:b" contains ":", which basic authentication cannot carry in a user name',
      ],
      [{ 'httpreq-timeout': '0' }, 'httpreq-timeout: "0" is out of range; expected whole seconds from 1 to 600'],
    ];
    for (const [values, message] of cases) {
      assert.throws(
        () =>
          definition.configure({
            'httpreq-endpoint': 'https://dns-api.example.com/acme',
            'httpreq-username': USER,
            'httpreq-password': PASSWORD,
            ...values,
          }),
        { message },
      );
    }
    const configured = definition.configure({
      'httpreq-endpoint': 'https://dns-api.example.com/acme/?key=query-secret',
      'httpreq-username': USER,
      'httpreq-password': PASSWORD,
    });
    assert.equal(configured.description, 'httpreq (https://dns-api.example.com/acme, basic auth as certwright)');
  });

  it("sends lego's request: POST <endpoint>/present and /cleanup, JSON {fqdn with its dot, value}, basic auth", async () => {
    const p = await provider({});
    const before = endpoint.vendor.requests.length;
    const fqdn = '_acme-challenge.shape.example.test';
    await p.createRecords([
      record(fqdn, 'value-1'),
      { ...record(fqdn, 'value-2'), domain: '*.shape.example.test' },
      record(fqdn, 'value-1'),
    ]);
    assert.deepEqual(endpoint.txt(fqdn), ['value-1', 'value-2'], 'a repeated value is sent once');
    await p.deleteRecords([record(fqdn, 'value-1'), record(fqdn, 'value-2')]);
    const sent = endpoint.vendor.requests.slice(before);
    assert.deepEqual(sent.map((r) => `${r.path} ${r.body}`).sort(), [
      `/acme/cleanup {"fqdn":"${fqdn}.","value":"value-1"}`,
      `/acme/cleanup {"fqdn":"${fqdn}.","value":"value-2"}`,
      `/acme/present {"fqdn":"${fqdn}.","value":"value-1"}`,
      `/acme/present {"fqdn":"${fqdn}.","value":"value-2"}`,
    ]);
    for (const r of sent) {
      assert.equal(r.headers.authorization, `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`);
      assert.equal(r.headers['content-type'], 'application/json');
    }
    endpoint.assertNoUnexpectedRequests();
  });

  it('a wrong password fails with one clear line that never shows it', async () => {
    const wrong = 'a-wrong-password-9876';
    const error = await (
      await provider({ 'httpreq-password': wrong })
    )
      .createRecords([record('_acme-challenge.wrong.example.test', 'v')])
      .then(
        () => assert.fail('the backend accepted a wrong password'),
        (e: unknown) => e,
      );
    assert.equal(
      errorMessage(error),
      `httpreq: present _acme-challenge.wrong.example.test. (for wrong.example.test) at ${endpoint.url.replace(/\/$/, '')}/present: HTTP 401 Unauthorized: Unauthorized; the backend refused httpreq-username and httpreq-password`,
    );
    assert.ok(!errorMessage(error).includes(wrong) && !errorMessage(error).includes(PASSWORD));
    assert.deepEqual(endpoint.txt('_acme-challenge.wrong.example.test'), []);
  });

  it('another status fails with the status and a bounded body, the password and the query key cut out', async () => {
    const fqdn = '_acme-challenge.broken.example.test';
    endpoint.failNext('present', text(500, `database error: auth ${USER}:${PASSWORD} query-key=${'x'.repeat(300)}`));
    const p = await provider({ 'httpreq-endpoint': `${endpoint.url}?key=the-query-key` });
    const message = await p.createRecords([record(fqdn, 'v')]).then(
      () => '',
      (e: unknown) => errorMessage(e),
    );
    assert.match(
      message,
      new RegExp(
        `^httpreq: present ${fqdn.replace(/\./g, '\\.')}\\. \\(for broken\\.example\\.test\\) at http://127\\.0\\.0\\.1:\\d+/acme/present: HTTP 500 Internal Server Error: database error: auth certwright:\\*\\*\\* query-key=x+…$`,
      ),
    );
    assert.ok(message.length < 400, 'the body is cut');
    assert.ok(!message.includes(PASSWORD) && !message.includes('the-query-key'));
    // lego puts the query after the path too.
    assert.equal(endpoint.vendor.requests.at(-1)?.query.get('key'), 'the-query-key');
  });

  it('retries 429 as Retry-After says and 503 with backoff; gives up on a wait over a minute', async () => {
    const slept: number[] = [];
    const clock: Clock = {
      now: () => Date.now(),
      sleep: (ms) => {
        slept.push(ms);
        return Promise.resolve();
      },
    };
    const p = await provider({}, { clock });
    const fqdn = '_acme-challenge.retry.example.test';
    endpoint.throttleNext('present', 1, 7);
    endpoint.failNext('present', text(503, 'busy'), 2);
    await p.createRecords([record(fqdn, 'v')]);
    // Retry-After exactly; then the vendor kit's backoff, jittered between half and all of 1 s, then of 2 s.
    assert.equal(slept.length, 3);
    assert.equal(slept[0], 7000);
    assert.ok(
      (slept[1] ?? 0) >= 500 && (slept[1] ?? 0) <= 1000 && (slept[2] ?? 0) >= 1000 && (slept[2] ?? 0) <= 2000,
      slept.join(', '),
    );
    assert.deepEqual(endpoint.txt(fqdn), ['v']);
    endpoint.throttleNext('cleanup', 1, 600);
    await assert.rejects(p.deleteRecords([record(fqdn, 'v')]), /: HTTP 429 Too Many Requests: Too Many Requests$/);
    await p.deleteRecords([record(fqdn, 'v')]);
    assert.deepEqual(endpoint.txt(fqdn), []);
  });

  it('a backend that does not answer in httpreq-timeout fails the request, naming the limit', async () => {
    endpoint.stallNext('present', 1, 3_000);
    const started = Date.now();
    await assert.rejects(
      (await provider({ 'httpreq-timeout': '1' })).createRecords([record('_acme-challenge.slow.example.test', 'v')]),
      {
        message:
          /^httpreq: present _acme-challenge\.slow\.example\.test\. \(for slow\.example\.test\) at http:\/\/127\.0\.0\.1:\d+\/acme\/present: no answer within 1 s \(httpreq-timeout\)$/,
      },
    );
    assert.ok(Date.now() - started < 2_500);
  });

  it('cleanup sends every value even when some fail, then reports the first failure', async () => {
    const fqdn = '_acme-challenge.partial.example.test';
    const p = await provider({});
    await p.createRecords([record(fqdn, 'v1'), record(fqdn, 'v2'), record(fqdn, 'v3')]);
    endpoint.failNext('cleanup', text(500, 'flaky'));
    await assert.rejects(
      p.deleteRecords([record(fqdn, 'v1'), record(fqdn, 'v2'), record(fqdn, 'v3')]),
      /HTTP 500 Internal Server Error: flaky$/,
    );
    assert.equal(endpoint.txt(fqdn).length, 1, 'the other two went');
    await p.deleteRecords([record(fqdn, 'v1'), record(fqdn, 'v2'), record(fqdn, 'v3')]);
    assert.deepEqual(endpoint.txt(fqdn), []);
  });

  it('refuses plain http when a password or a query key would cross the network; loopback and https are fine', () => {
    const configure = (endpoint: string, auth = true) =>
      definition.configure({
        'httpreq-endpoint': endpoint,
        ...(auth ? { 'httpreq-username': USER, 'httpreq-password': PASSWORD } : {}),
      });
    assert.throws(() => configure('http://dns-api.example.com/acme'), {
      message:
        'httpreq-endpoint: http://dns-api.example.com/acme is plain http, so the basic authentication password would cross the network readable; use https (plain http only for a loopback address such as 127.0.0.1)',
    });
    assert.throws(() => configure('http://dns-api.example.com/acme?key=query-secret', false), {
      message:
        'httpreq-endpoint: http://dns-api.example.com/acme is plain http, so the key in its query would cross the network readable; use https (plain http only for a loopback address such as 127.0.0.1)',
    });
    for (const fine of [
      'http://127.0.0.1:1/acme',
      'http://[::1]:1/acme',
      'http://localhost:1/acme',
      'https://dns-api.example.com/acme',
    ])
      assert.ok(configure(fine));
    assert.ok(configure('http://dns-api.example.com/acme', false), 'nothing secret travels without auth or a query');
  });
});
