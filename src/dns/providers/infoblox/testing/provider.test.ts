import assert from 'node:assert/strict';
import { withEnvFallbacks } from '../../../../options/option.js';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createHttpClient } from '../../../../net/http.js';
import { silentLogger, systemClock, type Clock, type Logger } from '../../../../runtime.js';
import {
  foreignFormScenario,
  vendorProviderScenarios,
  type VendorProviderFixture,
} from '../../../../testing/provider-scenarios.js';
import { makeServerCertificate, startTestbed, type Testbed } from '../../../../testing/testbed.js';
import type { ChallengeRecord } from '../../../provider.js';
import type { InfobloxProvider } from '../provider.js';
import { definition } from '../index.js';
import { infobloxErrors, startFakeInfobloxApi, type FakeInfobloxApi, type FakeInfobloxApiOptions } from './fake-api.js';

const EDIT = { username: 'certwright-acme', password: 'grid-SECRET-pass-7f3a9c' };
const READ_ONLY = { username: 'auditor', password: 'auditor-SECRET-pass-1b2c' };
const OTHER_ONLY = { username: 'other-zone-admin', password: 'other-SECRET-pass-9d8e' };
const ZONES = ['example.test', 'other.test', 'delegated.test'];

const zoneOf = (fqdn: string) => ZONES.find((zone) => fqdn.endsWith(`.${zone}`)) ?? '';

function endpointOptions(bed: Testbed | undefined): FakeInfobloxApiOptions {
  return {
    zones: [...ZONES.map((fqdn) => ({ fqdn })), { fqdn: 'example.test', view: 'external', mirror: false }],
    users: [
      { ...EDIT, zones: 'all', write: true },
      { ...READ_ONLY, zones: 'all' },
      { ...OTHER_ONLY, zones: ['other.test'], write: true },
    ],
    ...(bed ? { bind: { server: bed.dns, tsig: bed.tsig } } : {}),
    maxPageSize: 2,
  };
}

function fixtureFor(ib: FakeInfobloxApi): VendorProviderFixture {
  const writes = () =>
    ib.vendor.requests.filter(
      (r) =>
        (r.status === 200 || r.status === 201) &&
        (r.method === 'DELETE' || (r.method === 'POST' && /\/(record:txt|request)$/.test(r.path))),
    ).length;
  return {
    name: 'infoblox',
    inputs: () => ({ 'infoblox-host': ib.host, 'infoblox-port': String(ib.port), 'infoblox-ca-file': ib.caFile }),
    credentialInputs: () => ({ 'infoblox-username': EDIT.username, 'infoblox-password': EDIT.password }),
    credentialsEnv: () => ({ INFOBLOX_USERNAME: EDIT.username, INFOBLOX_PASSWORD: EDIT.password }),
    secrets: () => [EDIT.password, Buffer.from(`${EDIT.username}:${EDIT.password}`).toString('base64')],
    vendorTxt: (fqdn) => ib.txt(fqdn),
    seedForeign: async (fqdn, value) => void (await ib.seedTxt(fqdn, value)),
    setMirroring: (on) => ib.setMirroring(on),
    throttleWrites(times) {
      const failure = ib.vendor.failNext('POST /wapi/:version/record:txt', infobloxErrors.rateLimited(1), times);
      return () => failure.served;
    },
    writeCount: writes,
    // One write per zone to create its records (one record, or one multiple-object request), one to delete them.
    writesFor: (zones) => zones * 2,
    refPattern: /^record:txt\/[A-Za-z0-9_-]+:[a-z0-9_.-]+\/default$/,
    // Another tool's TXT data: several quoted strings with spaces, as the Grid Manager UI takes it.
    foreignForm: {
      seed: async (fqdn) => void (await ib.seedTxt(fqdn, '"v=foreign1 written by another tool" "second string"')),
      raw: (fqdn) =>
        ib
          .records()
          .filter((r) => r.name === fqdn)
          .map((r) => [r._ref, r.text]),
    },
    assertNoUnexpectedRequests: () => ib.assertNoUnexpectedRequests(),
  };
}

describe('infoblox provider through the local WAPI (HTTPS, private CA), validated by Pebble through BIND', () => {
  let bed: Testbed;
  let ib: FakeInfobloxApi;
  before(async () => {
    bed = await startTestbed();
    ib = await startFakeInfobloxApi(endpointOptions(bed));
  });
  after(async () => {
    await ib?.close();
    await bed?.stop();
  });
  vendorProviderScenarios(() => ({ bed, fixture: fixtureFor(ib) }));
  foreignFormScenario(() => ({ bed, fixture: fixtureFor(ib) }));
});

describe('infoblox provider: trust, views, permissions and WAPI answers', () => {
  let ib: FakeInfobloxApi;
  before(async () => {
    ib = await startFakeInfobloxApi(endpointOptions(undefined));
  });
  after(async () => ib?.close());

  const http = createHttpClient({ userAgent: 'certwright-test' });
  const values = (extra: Record<string, string> = {}) => ({
    'infoblox-host': ib.host,
    'infoblox-port': String(ib.port),
    'infoblox-ca-file': ib.caFile,
    'infoblox-username': EDIT.username,
    'infoblox-password': EDIT.password,
    ...extra,
  });
  // The definition's factory gives a DnsProvider; this one is the infoblox provider, whose creates return refs.
  const provider = (extra: Record<string, string> = {}): Promise<InfobloxProvider> =>
    definition
      .configure(values(extra))
      .create({ logger: silentLogger, clock: systemClock, env: {}, http }) as Promise<InfobloxProvider>;
  const record = (fqdn: string, value: string): ChallengeRecord => ({
    domain: fqdn.replace(/^_acme-challenge\./, ''),
    fqdn,
    zone: zoneOf(fqdn),
    value,
  });
  const noSecret = (error: Error) => {
    assert.ok(!error.message.includes(EDIT.password) && !error.message.includes(READ_ONLY.password), error.message);
    return true;
  };

  it('without infoblox-ca-file the connection is refused for the certificate, with one line naming the option', async () => {
    const p = await provider({ 'infoblox-ca-file': '' });
    await assert.rejects(p.createRecords([record('_acme-challenge.trust.example.test', 'v')]), (error: Error) => {
      assert.equal(
        error.message,
        `infoblox: finding zone example.test in DNS view default: the Grid Manager at https://127.0.0.1:${ib.port} ` +
          'presented a certificate this run does not trust (UNABLE_TO_VERIFY_LEAF_SIGNATURE); set infoblox-ca-file to ' +
          "the PEM of the CA that signed it (the appliance's self-signed or your private CA)",
      );
      return true;
    });
    assert.deepEqual(ib.txt('_acme-challenge.trust.example.test'), []);
  });

  it('a CA file with another CA, an unreadable one and one without a certificate each fail naming infoblox-ca-file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'certwright-infoblox-ca-'));
    const other = join(dir, 'other-ca.pem');
    await writeFile(other, (await makeServerCertificate('CN=some other CA', 'CN=localhost', 1)).caPem);
    const p = await provider({ 'infoblox-ca-file': other });
    await assert.rejects(p.createRecords([record('_acme-challenge.trust.example.test', 'v')]), {
      message: new RegExp(
        `\\(UNABLE_TO_VERIFY_LEAF_SIGNATURE\\); infoblox-ca-file \\(${other.replace(/[.]/g, '\\.')}\\) does not hold the CA`,
      ),
    });
    const missing = join(dir, 'missing.pem');
    await assert.rejects(provider({ 'infoblox-ca-file': missing }), {
      message: `infoblox-ca-file: cannot read ${missing}; expected a PEM file with the CA that signed the Grid Manager's certificate`,
    });
    const garbage = join(dir, 'garbage.pem');
    await writeFile(garbage, 'not a certificate\n');
    await assert.rejects(provider({ 'infoblox-ca-file': garbage }), {
      message: `infoblox-ca-file: ${garbage} holds no valid PEM certificate; expected the CA's certificate in PEM`,
    });
  });

  it('lego variables give what the inputs do not, and INFOBLOX_SSL_VERIFY=false is refused with a warning, never honoured', async () => {
    const warnings: string[] = [];
    const logger: Logger = { ...silentLogger, warn: (line) => warnings.push(line) };
    const env = {
      INFOBLOX_HOST: `${ib.host}:${ib.port}`,
      INFOBLOX_USERNAME: EDIT.username,
      INFOBLOX_PASSWORD: EDIT.password,
      INFOBLOX_DNS_VIEW: 'default',
      INFOBLOX_WAPI_VERSION: '2.12',
      INFOBLOX_CA_CERTIFICATE: ib.caFile,
      INFOBLOX_SSL_VERIFY: 'false',
    };
    const fromEnv = (variables: Record<string, string>) => withEnvFallbacks({}, definition.options, variables).raw;
    const p = (await definition
      .configure(fromEnv(env))
      .create({ logger, clock: systemClock, env, http })) as InfobloxProvider;
    const fqdn = '_acme-challenge.lego-env.example.test';
    const created = await p.createRecords([record(fqdn, 'v-env')]);
    assert.deepEqual(ib.txt(fqdn), ['v-env']);
    assert.ok(
      ib.vendor.requests.some((r) => r.path.startsWith('/wapi/v2.12/')),
      'INFOBLOX_WAPI_VERSION is used',
    );
    await p.deleteRecords(created);
    assert.deepEqual(ib.txt(fqdn), []);
    assert.deepEqual(warnings, [
      'infoblox: INFOBLOX_SSL_VERIFY asks not to verify the Grid Manager certificate; certwright always verifies it: ' +
        'set infoblox-ca-file to the PEM of its CA instead',
    ]);
    // Without the CA, the same variables still verify, and fail.
    const { INFOBLOX_CA_CERTIFICATE: _ca, ...withoutCa } = env;
    const unverified = await definition
      .configure(fromEnv(withoutCa))
      .create({ logger, clock: systemClock, env: withoutCa, http });
    await assert.rejects(
      unverified.createRecords([record(fqdn, 'v-env')]),
      /does not trust \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/,
    );
  });

  it('refuses bad settings with one line naming the input, before any request', () => {
    const cases: [Record<string, string>, string][] = [
      [
        { 'infoblox-host': 'http://gm.example.com' },
        'infoblox-host: "http://gm.example.com" is plain http; the WAPI is served over https only',
      ],
      [
        { 'infoblox-host': 'gm.example.com/wapi/v2.11' },
        'infoblox-host: "gm.example.com/wapi/v2.11" is not a host name; expected',
      ],
      [{ 'infoblox-port': '70000' }, 'infoblox-port: "70000" is not a port; expected a number from 1 to 65535'],
      [
        { 'infoblox-wapi-version': '1.4' },
        'infoblox-wapi-version: "1.4" is not a WAPI version; expected 2.x, such as 2.11',
      ],
      [{ 'infoblox-username': 'a:b' }, 'infoblox-username: contains ":"'],
      [{ 'infoblox-ttl': 'soon' }, 'infoblox-ttl: "soon" is out of range'],
    ];
    const before = ib.vendor.requests.length;
    for (const [extra, message] of cases)
      assert.throws(
        () => definition.configure(values(extra)),
        (error: Error) => error.message.startsWith(message),
        message,
      );
    assert.throws(() => definition.configure({ 'infoblox-host': 'gm.example.com', 'infoblox-username': 'u' }), {
      message: "infoblox-password: missing; expected the WAPI user's password (or set INFOBLOX_PASSWORD)",
    });
    assert.throws(
      () => definition.configure(withEnvFallbacks({}, definition.options, { INFOBLOX_HOST: 'http://x' }).raw),
      { message: 'infoblox-host: "http://x" is plain http; the WAPI is served over https only' },
    );
    assert.equal(ib.vendor.requests.length, before);
  });

  it('says which permission or credential is wrong, without the password', async () => {
    await assert.rejects(
      (
        await provider({ 'infoblox-username': READ_ONLY.username, 'infoblox-password': READ_ONLY.password })
      ).createRecords([record('_acme-challenge.ro.example.test', 'v')]),
      (error: Error) =>
        noSecret(error) &&
        /^infoblox: creating TXT _acme-challenge\.ro\.example\.test in DNS view default: Client\.Ibap\.Auth: Write permission denied .*; auditor's admin group lacks Read\/Write permission on the zone's TXT records in DNS view default/.test(
          error.message,
        ),
    );
    await assert.rejects(
      (
        await provider({ 'infoblox-username': OTHER_ONLY.username, 'infoblox-password': OTHER_ONLY.password })
      ).createRecords([record('_acme-challenge.scoped.example.test', 'v')]),
      {
        message:
          "infoblox: no authoritative zone example.test in DNS view default is visible to other-zone-admin; check infoblox-view, or give the user's admin group read permission on the zone",
      },
    );
    await assert.rejects(
      (await provider({ 'infoblox-password': 'not-the-password' })).createRecords([
        record('_acme-challenge.pw.example.test', 'v'),
      ]),
      (error: Error) =>
        !error.message.includes('not-the-password') &&
        error.message.startsWith(
          'infoblox: finding zone example.test in DNS view default: HTTP 401 Authorization Required; the Grid Manager does not accept infoblox-username and infoblox-password',
        ),
    );
    await assert.rejects(
      (await provider({ 'infoblox-view': 'nosuch' })).createRecords([record('_acme-challenge.v.example.test', 'v')]),
      {
        message:
          'infoblox: finding zone example.test in DNS view nosuch: Client.Ibap.Data.NotFound: View nosuch not found; check infoblox-view: "nosuch" is not a DNS view of this grid',
      },
    );
    await assert.rejects(
      (await provider({ 'infoblox-wapi-version': '2.99' })).createRecords([
        record('_acme-challenge.v.example.test', 'v'),
      ]),
      {
        message: /Unsupported WAPI version: v2\.99; check infoblox-wapi-version \(2\.99\)/,
      },
    );
  });

  it('writes into the DNS view infoblox-view names, and nowhere else', async () => {
    const fqdn = '_acme-challenge.views.example.test';
    const p = await provider({ 'infoblox-view': 'external' });
    const created = await p.createRecords([record(fqdn, 'v-external')]);
    assert.match(created[0]?.ref ?? '', /\/external$/);
    assert.deepEqual(
      ib
        .records()
        .filter((r) => r.name === fqdn)
        .map((r) => [r.view, r.text, r.ttl, r.use_ttl, r.comment]),
      [['external', 'v-external', 60, true, 'certwright dns-01 challenge']],
    );
    await p.deleteRecords(created);
    assert.deepEqual(ib.txt(fqdn), []);
  });

  it('several names of a zone go in one multiple-object request; one already there (an earlier attempt) counts as created', async () => {
    const names = ['a', 'b', 'c'].map((n) => `_acme-challenge.${n}.batch.example.test`);
    const earlier = await ib.seedTxt(names[1] as string, 'v-b');
    const p = await provider();
    const before = ib.vendor.requests.length;
    const created = await p.createRecords(names.map((fqdn, i) => record(fqdn, `v-${'abc'[i]}`)));
    const sent = ib.vendor.requests
      .slice(before)
      .map((r) => `${r.method} ${r.path.replace(/^\/wapi\/v[\d.]+\//, '')} ${r.status}`);
    assert.equal(sent.filter((line) => line === 'POST request 400').length, 1, 'the batch was refused as a whole');
    assert.equal(created[1]?.ref, earlier, 'the record already there is taken as this run’s');
    for (const [i, fqdn] of names.entries()) assert.deepEqual(ib.txt(fqdn), [`v-${'abc'[i]}`]);
    const deletes = ib.vendor.requests.length;
    await p.deleteRecords(created);
    assert.deepEqual(
      ib.vendor.requests.slice(deletes).map((r) => `${r.method} ${r.path.replace(/^\/wapi\/v[\d.]+\//, '')}`),
      ['POST request'],
      'the three go in one request',
    );
    for (const fqdn of names) assert.deepEqual(ib.txt(fqdn), []);
    ib.assertNoUnexpectedRequests();
  });

  it('a batch the grid did not roll back (a record there in the middle): the records it made are found, and all go', async () => {
    const partial = await startFakeInfobloxApi({ ...endpointOptions(undefined), atomicRequests: false });
    try {
      const names = ['a', 'b', 'c'].map((n) => `_acme-challenge.${n}.partial.example.test`);
      await partial.seedTxt(names[1] as string, 'v-b');
      const p = (await definition
        .configure({ ...values(), 'infoblox-port': String(partial.port), 'infoblox-ca-file': partial.caFile })
        .create({ logger: silentLogger, clock: systemClock, env: {}, http })) as InfobloxProvider;
      const created = await p.createRecords(names.map((fqdn, i) => record(fqdn, `v-${'abc'[i]}`)));
      assert.equal(new Set(created.map((r) => r.ref)).size, 3, 'a reference for each, the one made by the batch too');
      for (const [i, fqdn] of names.entries()) assert.deepEqual(partial.txt(fqdn), [`v-${'abc'[i]}`]);
      await partial.seedTxt(names[2] as string, 'foreign');
      // Another cleanup (a post step) took the middle one: the batch fails on it after deleting the first, the rest go.
      const other = await definition
        .configure({ ...values(), 'infoblox-port': String(partial.port), 'infoblox-ca-file': partial.caFile })
        .create({ logger: silentLogger, clock: systemClock, env: {}, http: createHttpClient({ userAgent: 'other' }) });
      await other.deleteRecords(created.slice(1, 2));
      await p.deleteRecords(created);
      assert.deepEqual(
        names.map((fqdn) => partial.txt(fqdn)),
        [[], [], ['foreign']],
      );
      partial.assertNoUnexpectedRequests();
    } finally {
      await partial.close();
    }
  });

  it('a journaled reference is deleted only while it is a TXT record at the name with the value: a tampered journal deletes nothing foreign', async () => {
    const fqdn = '_acme-challenge.journal.example.test';
    const elsewhere = await ib.seedTxt('www.example.test', 'keep-me');
    const sameName = await ib.seedTxt(fqdn, 'foreign-value');
    const otherView = await ib.seedTxt(fqdn, 'ours', 'external');
    const created = await (await provider()).createRecords([record(fqdn, 'ours')]);
    await (
      await provider()
    ).deleteRecords([
      ...created,
      { ...record(fqdn, 'ours'), ref: elsewhere },
      { ...record(fqdn, 'other'), ref: sameName },
      { ...record(fqdn, 'ours'), ref: otherView },
    ]);
    assert.deepEqual(ib.txt('www.example.test'), ['keep-me']);
    assert.deepEqual(
      ib
        .records()
        .filter((r) => r.name === fqdn)
        .map((r) => [r.view, r.text]),
      [
        ['default', 'foreign-value'],
        ['external', 'ours'],
      ],
      "the run's own record went, by its journaled reference; the same value in another view stays",
    );
    ib.assertNoUnexpectedRequests();
  });

  it("after a crash that lost the references, cleanup finds the run's records by value across pages, and only those", async () => {
    const fqdn = '_acme-challenge.paged.example.test';
    for (const value of ['foreign-1', 'foreign-2', 'foreign-3']) await ib.seedTxt(fqdn, value);
    await (await provider()).createRecords([record(fqdn, 'ours-1'), record(fqdn, 'ours-2')]);
    await (await provider()).deleteRecords([record(fqdn, 'ours-1'), record(fqdn, 'ours-2')]);
    assert.deepEqual(ib.txt(fqdn).sort(), ['foreign-1', 'foreign-2', 'foreign-3']);
    assert.ok(
      ib.vendor.requests.some((r) => r.query.has('_page_id')),
      'the listing was paged',
    );
    ib.assertNoUnexpectedRequests();
  });

  it('waits as retry-after says on 429, and gives up on a wait longer than a minute', async () => {
    const slept: number[] = [];
    const clock: Clock = {
      now: () => Date.now(),
      sleep: (ms) => {
        slept.push(ms);
        return Promise.resolve();
      },
    };
    // A run of its own (its own HTTP client): the API of a run keeps the clock it was made with.
    const p = (await definition.configure(values()).create({
      logger: silentLogger,
      clock,
      env: {},
      http: createHttpClient({ userAgent: 'certwright-test' }),
    })) as InfobloxProvider;
    ib.rateLimitNext(1, 7);
    const created = await p.createRecords([record('_acme-challenge.limited.example.test', 'v')]);
    assert.deepEqual(slept, [7000]);
    await p.deleteRecords(created);
    ib.rateLimitNext(1, 600);
    await assert.rejects(
      p.createRecords([record('_acme-challenge.limited.example.test', 'w')]),
      /HTTP 429 429 Too Many Requests/,
    );
  });
});
