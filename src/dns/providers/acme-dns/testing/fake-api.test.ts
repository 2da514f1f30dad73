import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestbed, type Testbed } from '../../../../testing/testbed.js';
import {
  startFakeAcmeDnsApi,
  type AcmeDnsAccountRecord,
  type FakeAcmeDnsApi,
  type FakeAcmeDnsApiOptions,
} from './fake-api.js';

const VALUE_A = 'A'.repeat(43);
const VALUE_B = 'b_-'.repeat(14) + 'B';
const VALUE_C = '0123456789'.repeat(4) + 'abc';

async function withFakeApi(
  options: Partial<FakeAcmeDnsApiOptions>,
  test: (endpoint: FakeAcmeDnsApi) => Promise<void>,
): Promise<void> {
  const endpoint = await startFakeAcmeDnsApi({ domain: 'auth.test', ...options });
  try {
    await test(endpoint);
  } finally {
    await endpoint.close();
  }
}

async function post(endpoint: FakeAcmeDnsApi, path: string, body?: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${endpoint.url}${path}`, {
    method: 'POST',
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

function update(
  endpoint: FakeAcmeDnsApi,
  account: AcmeDnsAccountRecord,
  txt: string,
  overrides: { user?: string; key?: string; subdomain?: string; headers?: Record<string, string> } = {},
) {
  return post(endpoint, '/update', JSON.stringify({ subdomain: overrides.subdomain ?? account.subdomain, txt }), {
    'X-Api-User': overrides.user ?? account.username,
    'X-Api-Key': overrides.key ?? account.password,
    ...overrides.headers,
  });
}

describe('acme-dns endpoint: register', () => {
  it('answers 201 with a UUID username, a 40-character password and a fulldomain in its zone', async () => {
    await withFakeApi({}, async (endpoint) => {
      const { status, body } = await post(endpoint, '/register');
      assert.equal(status, 201);
      assert.deepEqual(Object.keys(body ?? {}), ['username', 'password', 'fulldomain', 'subdomain', 'allowfrom']);
      assert.match(String(body?.username), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.match(String(body?.password), /^[A-Za-z0-9_-]{40}$/);
      assert.equal(body?.fulldomain, `${String(body?.subdomain)}.auth.test`);
      assert.deepEqual(body?.allowfrom, []);

      endpoint.nextSubdomains('cname-target');
      const limited = await post(
        endpoint,
        '/register',
        JSON.stringify({ allowfrom: ['192.168.100.1/24', '[2002:c0a8:2a00::0]/40'] }),
      );
      assert.deepEqual(
        [limited.status, limited.body?.fulldomain, limited.body?.allowfrom],
        [201, 'cname-target.auth.test', ['192.168.100.1/24', '2002:c0a8:2a00::0/40']],
      );
      endpoint.assertNoUnexpectedRequests();
    });
  });

  it('refuses a body that is not JSON and a network that is not CIDR, as acme-dns does', async () => {
    await withFakeApi({}, async (endpoint) => {
      assert.deepEqual(await post(endpoint, '/register', JSON.stringify({ allowfrom: ['10.0.0.1'] })), {
        status: 400,
        body: { error: 'invalid_allowfrom_cidr' },
      });
      assert.deepEqual(await post(endpoint, '/register', JSON.stringify({ allowfrom: ['10.0.0.0/33'] })), {
        status: 400,
        body: { error: 'invalid_allowfrom_cidr' },
      });
      assert.deepEqual(await post(endpoint, '/register', '{"allowfrom": ['), {
        status: 400,
        body: { error: 'malformed_json_payload' },
      });
      assert.equal(endpoint.accounts().length, 0);
      assert.throws(
        () => endpoint.assertNoUnexpectedRequests(),
        /malformed POST \/register: register body is not JSON/,
      );
    });
  });

  it('has no /register with registration disabled', async () => {
    await withFakeApi({ disableRegistration: true }, async (endpoint) => {
      assert.equal((await fetch(`${endpoint.url}/register`, { method: 'POST' })).status, 404);
      assert.equal((await fetch(`${endpoint.url}/health`)).status, 200);
    });
  });
});

describe('acme-dns endpoint: update', () => {
  it('keeps the two most recent values of a subdomain', async () => {
    await withFakeApi({}, async (endpoint) => {
      const account = endpoint.register();
      assert.deepEqual(endpoint.txt(account.fulldomain), [], 'a new account serves nothing (two empty values)');
      assert.deepEqual(await update(endpoint, account, VALUE_A), { status: 200, body: { txt: VALUE_A } });
      assert.deepEqual(endpoint.txt(account.fulldomain), [VALUE_A]);
      await update(endpoint, account, VALUE_B);
      assert.deepEqual(endpoint.txt(`${account.fulldomain.toUpperCase()}.`), [VALUE_A, VALUE_B]);
      await update(endpoint, account, VALUE_C);
      assert.deepEqual(endpoint.txt(account.fulldomain), [VALUE_B, VALUE_C], 'the oldest went');
      assert.equal(endpoint.updateCount(), 3);
      endpoint.assertNoUnexpectedRequests();
    });
  });

  it('refuses wrong credentials and another subdomain with 401 forbidden; a value other than 43 characters with 400 bad_txt', async () => {
    await withFakeApi({}, async (endpoint) => {
      const account = endpoint.register();
      const other = endpoint.register();
      const forbidden = { status: 401, body: { error: 'forbidden' } };
      assert.deepEqual(
        await update(endpoint, account, VALUE_A, { key: other.password }),
        forbidden,
        "another account's password",
      );
      assert.deepEqual(
        await update(endpoint, account, VALUE_A, { key: 'short' }),
        forbidden,
        'a key that is not 40 characters',
      );
      assert.deepEqual(
        await update(endpoint, account, VALUE_A, { user: 'not-a-uuid' }),
        forbidden,
        'a username that is not a UUID',
      );
      assert.deepEqual(
        await update(endpoint, account, VALUE_A, { subdomain: other.subdomain }),
        forbidden,
        'another subdomain',
      );
      assert.deepEqual(
        await update(endpoint, account, VALUE_A.toLowerCase(), { user: account.username.toUpperCase() }),
        { status: 200, body: { txt: VALUE_A.toLowerCase() } },
        'the username is a UUID in any case',
      );
      assert.deepEqual(endpoint.malformed, []);
      assert.deepEqual(await update(endpoint, account, 'x'.repeat(42)), { status: 400, body: { error: 'bad_txt' } });
      assert.deepEqual(await update(endpoint, account, `${'x'.repeat(42)}=`), {
        status: 400,
        body: { error: 'bad_txt' },
      });
      assert.deepEqual(endpoint.txt(other.fulldomain), []);
      assert.throws(
        () => endpoint.assertNoUnexpectedRequests(),
        /malformed POST \/update: txt "x{42}" is not 43 characters of base64url/,
      );
    });
  });

  it('takes field names in any case, as Go decodes JSON', async () => {
    await withFakeApi({}, async (endpoint) => {
      const account = endpoint.register();
      const legacy = await post(endpoint, '/update', JSON.stringify({ SubDomain: account.subdomain, Txt: VALUE_A }), {
        'X-Api-User': account.username,
        'X-Api-Key': account.password,
      });
      assert.equal(legacy.status, 200);
      assert.deepEqual(endpoint.txt(account.fulldomain), [VALUE_A]);
    });
  });

  it("enforces the account's allowfrom networks: the peer's address, or the proxy header acme-dns is told to read", async () => {
    await withFakeApi({}, async (endpoint) => {
      const elsewhere = endpoint.register(['10.1.0.0/16']);
      const local = endpoint.register(['10.1.0.0/16', '127.0.0.0/8']);
      assert.equal((await update(endpoint, elsewhere, VALUE_A)).status, 401);
      assert.equal(
        (await update(endpoint, elsewhere, VALUE_A, { headers: { 'X-Forwarded-For': '10.1.2.3' } })).status,
        401,
        'the header counts only when acme-dns is told to read it',
      );
      assert.equal((await update(endpoint, local, VALUE_A)).status, 200);
    });
    await withFakeApi({ clientAddressHeader: 'X-Forwarded-For' }, async (endpoint) => {
      const account = endpoint.register(['10.1.0.0/16']);
      const open = endpoint.register();
      assert.equal((await update(endpoint, account, VALUE_A)).status, 401, 'no header: no address');
      assert.equal(
        (await update(endpoint, account, VALUE_A, { headers: { 'X-Forwarded-For': '192.0.2.1, 10.1.2.3' } })).status,
        200,
      );
      assert.equal((await update(endpoint, open, VALUE_A)).status, 200, 'an account without allowfrom is open');
    });
  });
});

describe('acme-dns endpoint: serving its subdomains in the test bed BIND', () => {
  let bed: Testbed;
  before(async () => {
    bed = await startTestbed();
  });
  after(async () => {
    await bed?.stop();
  });

  it('BIND serves the two values acme-dns keeps, and stops serving the one an update replaced', async () => {
    await withFakeApi({ domain: 'delegated.test', bind: { server: bed.dns, tsig: bed.tsig } }, async (endpoint) => {
      endpoint.nextSubdomains('mirror-check');
      const account = endpoint.register();
      assert.equal(account.fulldomain, 'mirror-check.delegated.test');
      await update(endpoint, account, VALUE_A);
      assert.deepEqual(await bed.txt(account.fulldomain), [VALUE_A]);
      await update(endpoint, account, VALUE_B);
      assert.deepEqual((await bed.txt(account.fulldomain)).sort(), [VALUE_A, VALUE_B].sort());
      await update(endpoint, account, VALUE_C);
      assert.deepEqual((await bed.txt(account.fulldomain)).sort(), [VALUE_B, VALUE_C].sort());
      endpoint.setMirroring(false);
      await update(endpoint, account, VALUE_A);
      assert.deepEqual((await bed.txt(account.fulldomain)).sort(), [VALUE_B, VALUE_C].sort(), 'not mirrored');
      endpoint.assertNoUnexpectedRequests();
    });
  });
});
