/**
 * The Azure stand-in, driven by the real @azure/identity credentials where they are involved:
 * proof that MSAL and the local Entra ID understand each other (OpenID configuration, client
 * credentials with a federated assertion or a secret), and that the local Resource Manager
 * enforces what Azure enforces, with Azure's wording. The last suite mirrors writes into a real
 * test bed's BIND.
 */
import assert from 'node:assert/strict';
import https from 'node:https';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ClientSecretCredential, WorkloadIdentityCredential } from '@azure/identity';
import { startTestbed, type Testbed } from '../../../../testing/testbed.js';
import {
  AZURE_ROLES,
  createOidcIssuer,
  startFakeAzureApi,
  type FakeAzureApi,
  type FakeAzureApiOptions,
  type OidcIssuer,
} from './fake-api.js';

const TENANT = '8d3f1c2a-5b6e-4f70-9a81-2c3d4e5f6a7b';
const SUB = '0b1f6471-1bf0-4dda-aec3-111122223333';
const OTHER_SUB = '0b1f6471-1bf0-4dda-aec3-444455556666';
const WORKLOAD = 'aaaaaaaa-0000-4000-8000-000000000001';
const SECRET_APP = 'aaaaaaaa-0000-4000-8000-000000000002';
const ZONE_ONLY = 'aaaaaaaa-0000-4000-8000-000000000003';
const SECRET = 'local-client-secret-SECRET~0123456789';
const SUBJECT = 'repo:certwright/certwright:environment:dns';
const ZONE_ID = `/subscriptions/${SUB}/resourceGroups/dns/providers/Microsoft.Network/dnszones/example.test`;
const SET = `/subscriptions/${SUB}/resourceGroups/dns/providers/Microsoft.Network/dnsZones/example.test/TXT`;

function endpointOptions(issuer: OidcIssuer, extra: Partial<FakeAzureApiOptions> = {}): FakeAzureApiOptions {
  return {
    tenantId: TENANT,
    subscriptions: [SUB, OTHER_SUB],
    zones: [
      { subscriptionId: SUB, resourceGroup: 'dns', name: 'example.test' },
      { subscriptionId: SUB, resourceGroup: 'dns', name: 'other.test' },
      { subscriptionId: SUB, resourceGroup: 'Delegated-RG', name: 'delegated.test' },
    ],
    apps: [
      {
        clientId: WORKLOAD,
        objectId: 'bbbbbbbb-0000-4000-8000-000000000001',
        federated: [{ issuer: issuer.issuer, subject: SUBJECT }],
        roles: [
          { scope: `/subscriptions/${SUB}`, actions: ['Microsoft.Network/dnsZones/read'] },
          { scope: `/subscriptions/${SUB}/resourceGroups/dns`, actions: AZURE_ROLES.dnsZoneContributor },
        ],
      },
      {
        clientId: SECRET_APP,
        clientSecret: SECRET,
        roles: [{ scope: `/subscriptions/${SUB}`, actions: AZURE_ROLES.reader }],
      },
      { clientId: ZONE_ONLY, roles: [{ scope: ZONE_ID, actions: AZURE_ROLES.dnsZoneContributor }] },
    ],
    issuers: [issuer],
    ...extra,
  };
}

/** A POST of a form to Entra ID, trusting the endpoint's CA only. */
function postForm(
  ep: FakeAzureApi,
  path: string,
  form: Record<string, string>,
): Promise<{ status: number; body: Record<string, any> }> {
  return new Promise((resolve, reject) => {
    const request = https.request(
      `${ep.authorityHost}${path}`,
      { method: 'POST', ca: ep.caPem, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as Record<string, any> }),
        );
      },
    );
    request.on('error', reject);
    request.end(new URLSearchParams(form).toString());
  });
}

async function arm(
  ep: FakeAzureApi,
  method: string,
  path: string,
  options: { token?: string | null; headers?: Record<string, string>; body?: unknown; apiVersion?: string | null } = {},
) {
  const version = options.apiVersion === undefined ? '2018-05-01' : options.apiVersion;
  const url = `${ep.apiUrl}${path}${version === null ? '' : `?api-version=${version}`}`;
  const token = options.token === undefined ? (await ep.mintToken(WORKLOAD, ep.apiUrl)).accessToken : options.token;
  const response = await fetch(url, {
    method,
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    ...(options.body === undefined
      ? {}
      : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text ? JSON.parse(text) : undefined) as Record<string, any>,
  };
}

const txtBody = (values: string[], ttl = 60) => ({
  properties: { TTL: ttl, TXTRecords: values.map((v) => ({ value: [v] })) },
});

describe('azure endpoint: Entra ID', () => {
  let issuer: OidcIssuer;
  let ep: FakeAzureApi;
  let dir: string;
  before(async () => {
    issuer = await createOidcIssuer();
    ep = await startFakeAzureApi(endpointOptions(issuer));
    dir = await mkdtemp(join(tmpdir(), 'certwright-azure-endpoint-'));
  });
  after(async () => ep?.close());

  const workload = async (
    claims: Partial<{ sub: string; aud: string; exp: number; nbf: number }> = {},
    signer: OidcIssuer = issuer,
  ) => {
    const file = join(dir, `token-${Math.random().toString(36).slice(2)}`);
    await writeFile(file, await signer.sign({ sub: SUBJECT, aud: 'api://AzureADTokenExchange', ...claims }));
    // The pipeline option tlsOptions trusts the endpoint's CA in this process; the provider's runs use NODE_EXTRA_CA_CERTS.
    return new WorkloadIdentityCredential({
      tenantId: TENANT,
      clientId: WORKLOAD,
      tokenFilePath: file,
      authorityHost: ep.authorityHost,
      disableInstanceDiscovery: true,
      tlsOptions: { ca: ep.caPem },
    });
  };

  it('issues a token to the real WorkloadIdentityCredential: OpenID configuration, then client credentials with the federated assertion', async () => {
    const before = ep.entra.requests.length;
    const token = await (await workload()).getToken(`${ep.apiUrl}/.default`);
    assert.ok(token.expiresOnTimestamp > Date.now() + 50 * 60_000, 'an hour, as Entra ID gives');
    const calls = ep.entra.requests.slice(before).map((r) => `${r.method} ${r.path} ${r.status}`);
    assert.deepEqual(calls, [
      `GET /${TENANT}/v2.0/.well-known/openid-configuration 200`,
      `POST /${TENANT}/oauth2/v2.0/token 200`,
    ]);
    const form = new URLSearchParams(ep.entra.requests.at(-1)?.body);
    assert.deepEqual(
      [form.get('grant_type'), form.get('client_id'), form.get('scope'), form.get('client_assertion_type')],
      [
        'client_credentials',
        WORKLOAD,
        `${ep.apiUrl}/.default`,
        'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      ],
    );
    assert.deepEqual(ep.issued.at(-1), {
      token: token.token,
      clientId: WORKLOAD,
      audience: `${ep.apiUrl}/`,
      grant: 'client_assertion',
    });
    assert.equal(
      (await arm(ep, 'GET', `/subscriptions/${SUB}/providers/Microsoft.Network/dnszones`, { token: token.token }))
        .status,
      200,
      'Resource Manager takes it',
    );
    ep.assertNoUnexpectedRequests();
  });

  it("refuses an assertion that does not match the app's federated credential, with Entra ID's codes", async () => {
    const other = await createOidcIssuer('https://issuer.other.test');
    const forger = { ...(await createOidcIssuer()), jwks: issuer.jwks };
    const cases: [string, () => Promise<WorkloadIdentityCredential>, RegExp][] = [
      [
        'subject',
        () => workload({ sub: 'repo:certwright/certwright:ref:refs/heads/feature' }),
        /AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:certwright\/certwright:ref:refs\/heads\/feature'/,
      ],
      [
        'audience',
        () => workload({ aud: 'api://SomethingElse' }),
        /AADSTS700212: No matching federated identity record found for presented assertion audience 'api:\/\/SomethingElse'/,
      ],
      [
        'issuer',
        () => workload({}, other),
        /AADSTS700211: No matching federated identity record found for presented assertion issuer 'https:\/\/issuer\.other\.test'/,
      ],
      ['signature', () => workload({}, forger), /AADSTS50013: Assertion failed signature validation/],
      [
        'lifetime',
        () => workload({ exp: Math.floor(Date.now() / 1000) - 60, nbf: Math.floor(Date.now() / 1000) - 700 }),
        /AADSTS700024: Client assertion is not within its valid time range/,
      ],
    ];
    for (const [what, credential, expected] of cases) {
      await assert.rejects((await credential()).getToken(`${ep.apiUrl}/.default`), (error: Error) => {
        assert.match(error.message, expected, what);
        return true;
      });
    }
  });

  it("serves the machine's managed identity at the instance metadata service, only with the Metadata header", async () => {
    const mi = await startFakeAzureApi(endpointOptions(issuer, { managedIdentity: SECRET_APP }));
    try {
      const url = `${mi.imdsUrl}/metadata/identity/oauth2/token?api-version=2019-08-01&resource=${encodeURIComponent(mi.apiUrl)}`;
      const refused = await fetch(url);
      assert.deepEqual(
        [refused.status, await refused.json()],
        [400, { error: 'invalid_request', error_description: 'Required metadata header not specified' }],
      );
      const answer = await fetch(url, { headers: { metadata: 'true' } });
      const body = (await answer.json()) as Record<string, string>;
      assert.equal(answer.status, 200);
      assert.deepEqual(
        [body.client_id, body.resource, body.token_type, typeof body.expires_on],
        [SECRET_APP, `${mi.apiUrl}/`, 'Bearer', 'string'],
      );
      assert.equal(
        (
          await arm(mi, 'GET', `/subscriptions/${SUB}/providers/Microsoft.Network/dnszones`, {
            token: body.access_token ?? '',
          })
        ).status,
        200,
      );
      const other = await fetch(`${url}&client_id=aaaaaaaa-0000-4000-8000-00000000ffff`, {
        headers: { metadata: 'true' },
      });
      assert.equal(other.status, 400, 'a user-assigned identity the machine does not have');
      assert.deepEqual(
        mi.malformed.map((m) => m.problem),
        ['no Metadata: true header'],
      );
    } finally {
      await mi.close();
    }
  });

  it('client secrets, unknown clients, tenants and resources get the AADSTS answers', async () => {
    const secret = new ClientSecretCredential(TENANT, SECRET_APP, SECRET, {
      authorityHost: ep.authorityHost,
      disableInstanceDiscovery: true,
      tlsOptions: { ca: ep.caPem },
    });
    assert.ok((await secret.getToken(`${ep.apiUrl}/.default`)).token);
    assert.equal(ep.issued.at(-1)?.grant, 'client_secret');
    const form = {
      grant_type: 'client_credentials',
      client_id: SECRET_APP,
      client_secret: SECRET,
      scope: `${ep.apiUrl}/.default`,
    };
    const cases: [string, string, Record<string, string>, number, string, RegExp][] = [
      [
        'wrong secret',
        `/${TENANT}/oauth2/v2.0/token`,
        { ...form, client_secret: 'nope' },
        401,
        'invalid_client',
        /^AADSTS7000215: Invalid client secret provided\./,
      ],
      [
        'unknown client',
        `/${TENANT}/oauth2/v2.0/token`,
        { ...form, client_id: 'aaaaaaaa-0000-4000-8000-00000000ffff' },
        400,
        'unauthorized_client',
        /^AADSTS700016: Application with identifier 'aaaaaaaa-0000-4000-8000-00000000ffff' was not found in the directory/,
      ],
      [
        'unknown resource',
        `/${TENANT}/oauth2/v2.0/token`,
        { ...form, scope: 'https://vault.example.test/.default' },
        400,
        'invalid_resource',
        /^AADSTS500011: The resource principal named https:\/\/vault\.example\.test was not found/,
      ],
      [
        'unknown tenant',
        '/00000000-0000-0000-0000-000000000000/oauth2/v2.0/token',
        form,
        400,
        'invalid_tenant',
        /^AADSTS90002: Tenant '00000000-0000-0000-0000-000000000000' not found\./,
      ],
    ];
    for (const [what, path, body, status, error, description] of cases) {
      const answer = await postForm(ep, path, body);
      assert.equal(answer.status, status, what);
      assert.equal(answer.body.error, error, what);
      assert.match(answer.body.error_description, description, what);
      assert.match(
        answer.body.error_description,
        /\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: [0-9a-f-]{36}\r\nTimestamp: /,
        what,
      );
      assert.ok(Array.isArray(answer.body.error_codes), what);
    }
  });
});

describe('azure endpoint: Resource Manager', () => {
  let issuer: OidcIssuer;
  let ep: FakeAzureApi;
  before(async () => {
    issuer = await createOidcIssuer();
    ep = await startFakeAzureApi(endpointOptions(issuer, { maxPerPage: 2 }));
  });
  after(async () => ep?.close());

  it('refuses missing, malformed, forged, expired and wrong-audience tokens as Resource Manager does', async () => {
    const path = `/subscriptions/${SUB}/providers/Microsoft.Network/dnszones`;
    const forged = await (
      await createOidcIssuer(`https://sts.windows.net/${TENANT}/`)
    ).sign({ sub: 'x', aud: `${ep.apiUrl}/` });
    const cases: [string, string | null, Record<string, string>, number, string, string | RegExp][] = [
      [
        'no header',
        null,
        {},
        401,
        'AuthenticationFailed',
        "Authentication failed. The 'Authorization' header is missing.",
      ],
      [
        'not Bearer',
        null,
        { authorization: 'Basic abc' },
        401,
        'AuthenticationFailed',
        "Authentication failed. The 'Authorization' header is provided in an invalid format.",
      ],
      ['forged', forged, {}, 401, 'InvalidAuthenticationToken', 'The access token is invalid.'],
      [
        'expired',
        (await ep.mintToken(WORKLOAD, ep.apiUrl, -60)).accessToken,
        {},
        401,
        'ExpiredAuthenticationToken',
        /^The access token expiry UTC time '\d+\/\d+\/\d{4} \d+:\d\d:\d\d [AP]M' is earlier than current UTC time '/,
      ],
      [
        'another cloud',
        (await ep.mintToken(WORKLOAD, 'https://management.azure.com')).accessToken,
        {},
        401,
        'InvalidAuthenticationTokenAudience',
        `The 'EvolvedSecurityTokenService' access token has been obtained for wrong audience or resource 'https://management.azure.com/'. It should exactly match with one of the allowed audiences '${ep.apiUrl}/','${ep.apiUrl}'.`,
      ],
    ];
    for (const [what, token, headers, status, code, message] of cases) {
      const answer = await arm(ep, 'GET', path, { token, headers });
      assert.equal(answer.status, status, what);
      assert.equal(answer.body.error.code, code, what);
      if (typeof message === 'string') assert.equal(answer.body.error.message, message, what);
      else assert.match(answer.body.error.message, message, what);
      assert.match(
        answer.headers.get('www-authenticate') ?? '',
        /^Bearer authorization_uri=".*", error="invalid_token"/,
        what,
      );
    }
  });

  it('requires api-version', async () => {
    const before = ep.malformed.length;
    const path = `${SET}/_acme-challenge`;
    assert.deepEqual((await arm(ep, 'GET', path, { apiVersion: null })).body, {
      error: {
        code: 'MissingApiVersionParameter',
        message: 'The api-version query parameter (?api-version=) is required for all requests.',
      },
    });
    const wrong = await arm(ep, 'GET', path, { apiVersion: '2099-01-01' });
    assert.equal(wrong.status, 400);
    assert.match(
      wrong.body.error.message,
      /^The api-version '2099-01-01' is invalid\. The supported versions are '.*2018-05-01/,
    );
    assert.deepEqual(
      ep.malformed.slice(before).map((m) => m.problem),
      ['no api-version', 'api-version 2099-01-01'],
    );
  });

  it('checks role assignments by scope: AuthorizationFailed names the client, the action and the scope', async () => {
    const zoneOnly = (await ep.mintToken(ZONE_ONLY, ep.apiUrl)).accessToken;
    const list = await arm(ep, 'GET', `/subscriptions/${SUB}/providers/Microsoft.Network/dnszones`, {
      token: zoneOnly,
    });
    assert.equal(list.status, 403);
    assert.deepEqual(list.body.error, {
      code: 'AuthorizationFailed',
      message: `The client '${ZONE_ONLY}' with object id '${ZONE_ONLY}' does not have authorization to perform action 'Microsoft.Network/dnsZones/read' over scope '/subscriptions/${SUB}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    });
    assert.equal(
      (
        await arm(ep, 'PUT', `${SET}/_acme-challenge.scoped`, {
          token: zoneOnly,
          body: txtBody(['v']),
          headers: { 'if-none-match': '*' },
        })
      ).status,
      201,
      'DNS Zone Contributor on the zone writes in it',
    );
    const elsewhere = await arm(
      ep,
      'PUT',
      `/subscriptions/${SUB}/resourceGroups/dns/providers/Microsoft.Network/dnsZones/other.test/TXT/x`,
      { token: zoneOnly, body: txtBody(['v']) },
    );
    assert.equal(elsewhere.status, 403);
    assert.match(
      elsewhere.body.error.message,
      /'Microsoft\.Network\/dnsZones\/TXT\/write' over scope '\/subscriptions\/.*\/dnszones\/other\.test\/TXT\/x'/,
    );
    const reader = (await ep.mintToken(SECRET_APP, ep.apiUrl)).accessToken;
    assert.equal(
      (await arm(ep, 'GET', `${SET}/_acme-challenge.scoped`, { token: reader })).status,
      200,
      'Reader reads',
    );
    assert.equal(
      (await arm(ep, 'DELETE', `${SET}/_acme-challenge.scoped`, { token: reader })).status,
      403,
      'Reader cannot delete',
    );
  });

  it('answers 404 for a subscription, group, zone or record set that is not there, each in its own words (after the role check)', async () => {
    // Reader on the whole subscription: Resource Manager checks roles by the path before it looks.
    const reader = (await ep.mintToken(SECRET_APP, ep.apiUrl)).accessToken;
    const cases: [string, string, unknown][] = [
      [
        'subscription',
        `/subscriptions/0b1f6471-1bf0-4dda-aec3-999999999999/providers/Microsoft.Network/dnszones`,
        {
          error: {
            code: 'SubscriptionNotFound',
            message: "The subscription '0b1f6471-1bf0-4dda-aec3-999999999999' could not be found.",
          },
        },
      ],
      [
        'group',
        `/subscriptions/${SUB}/resourceGroups/nope/providers/Microsoft.Network/dnsZones/example.test/TXT/x`,
        { error: { code: 'ResourceGroupNotFound', message: "Resource group 'nope' could not be found." } },
      ],
      [
        'zone',
        `/subscriptions/${SUB}/resourceGroups/dns/providers/Microsoft.Network/dnsZones/nope.test/TXT/x`,
        {
          error: {
            code: 'ParentResourceNotFound',
            message: "Can not perform requested operation on nested resource. Parent resource 'nope.test' not found.",
          },
        },
      ],
      [
        'record set',
        `${SET}/_acme-challenge.none`,
        {
          code: 'NotFound',
          message: `The resource record '_acme-challenge.none' does not exist in resource group 'dns' of subscription '${SUB}'.`,
        },
      ],
    ];
    for (const [what, path, body] of cases) {
      const answer = await arm(ep, 'GET', path, { token: reader });
      assert.equal(answer.status, 404, what);
      assert.deepEqual(answer.body, body, what);
    }
  });

  it('lists zones page by page with nextLink, IDs as Azure spells them', async () => {
    const first = await arm(ep, 'GET', `/subscriptions/${SUB}/providers/Microsoft.Network/dnszones`);
    assert.deepEqual(
      first.body.value.map((z: { id: string }) => z.id),
      [ZONE_ID, `/subscriptions/${SUB}/resourceGroups/dns/providers/Microsoft.Network/dnszones/other.test`],
    );
    assert.equal(first.body.value[0].properties.zoneType, 'Public');
    const next = new URL(first.body.nextLink as string);
    const second = await arm(ep, 'GET', `${next.pathname}${next.search}`, { apiVersion: null });
    assert.deepEqual(
      second.body.value.map((z: { name: string }) => z.name),
      ['delegated.test'],
    );
    assert.equal(second.body.nextLink, undefined);
  });

  it('enforces ETags: If-None-Match: * creates only, a stale If-Match gets 412 PreconditionFailed with the current ETag', async () => {
    const path = `${SET}/_acme-challenge.etag`;
    const created = await arm(ep, 'PUT', path, { body: txtBody(['one']), headers: { 'if-none-match': '*' } });
    assert.equal(created.status, 201);
    const etag = created.body.etag as string;
    assert.equal(created.headers.get('etag'), etag);
    assert.deepEqual(created.body.properties.TXTRecords, [{ value: ['one'] }]);
    assert.equal(created.body.properties.fqdn, '_acme-challenge.etag.example.test.');
    assert.deepEqual((await arm(ep, 'PUT', path, { body: txtBody(['two']), headers: { 'if-none-match': '*' } })).body, {
      code: 'PreconditionFailed',
      message: "The condition '*' in the If-None-Match header was satisfied.",
    });
    const updated = await arm(ep, 'PUT', path, { body: txtBody(['one', 'two']), headers: { 'if-match': etag } });
    assert.equal(updated.status, 200);
    assert.notEqual(updated.body.etag, etag, 'every write makes a new ETag');
    const stale = await arm(ep, 'PUT', path, { body: txtBody(['three']), headers: { 'if-match': etag } });
    assert.equal(stale.status, 412);
    assert.deepEqual(stale.body, {
      code: 'PreconditionFailed',
      message: `The condition '${etag}' in the If-Match header was not satisfied. The current was '${updated.body.etag}'.`,
    });
    assert.equal((await arm(ep, 'DELETE', path, { headers: { 'if-match': etag } })).status, 412);
    assert.equal((await arm(ep, 'DELETE', path, { headers: { 'if-match': updated.body.etag } })).status, 200);
    assert.equal((await arm(ep, 'DELETE', path)).status, 204, 'deleting what is not there is fine');
    assert.equal(
      (await arm(ep, 'PUT', path, { body: txtBody(['x']), headers: { 'if-match': '*' } })).status,
      412,
      'If-Match: * needs a set',
    );
  });

  it("refuses record sets Azure would not store, and lists the provider's mistakes", async () => {
    const before = ep.malformed.length;
    const path = `${SET}/_acme-challenge.shape`;
    const cases: [string, unknown, number, string][] = [
      ['no TTL', { properties: { TXTRecords: [{ value: ['a'] }] } }, 400, 'BadRequest'],
      [
        'A records in a TXT set',
        { properties: { TTL: 60, TXTRecords: [{ value: ['a'] }], ARecords: [{ ipv4Address: '192.0.2.1' }] } },
        400,
        'BadRequest',
      ],
      ['a string over 1024', txtBody(['x'.repeat(1025)]), 400, 'BadRequest'],
      ['21 records', txtBody(Array.from({ length: 21 }, (_, i) => `v${i}`)), 400, 'BadRequest'],
      ['value not an array', { properties: { TTL: 60, TXTRecords: [{ value: 'a' }] } }, 400, 'BadRequest'],
      ['not JSON', '{"properties":', 400, 'InvalidRequestContent'],
    ];
    for (const [what, body, status, code] of cases) {
      const answer = await arm(ep, 'PUT', path, { body });
      assert.equal(answer.status, status, what);
      assert.equal(answer.body.code ?? answer.body.error?.code, code, what);
    }
    assert.equal(
      (await arm(ep, 'PUT', path, { body: txtBody(['a']), headers: { 'content-type': 'text/plain' } })).status,
      415,
    );
    assert.equal(ep.malformed.length - before, cases.length + 1);
    assert.equal((await arm(ep, 'GET', path)).status, 404, 'nothing was stored');
  });

  it('throttles writes on request: 429 SubscriptionRequestsThrottled with Retry-After', async () => {
    const failure = ep.throttleWrites(1, 3);
    const answer = await arm(ep, 'PUT', `${SET}/_acme-challenge.throttled`, { body: txtBody(['v']) });
    assert.equal(answer.status, 429);
    assert.equal(answer.headers.get('retry-after'), '3');
    assert.equal(answer.body.error.code, 'SubscriptionRequestsThrottled');
    assert.match(
      answer.body.error.message,
      /^Number of 'write' requests for subscription '.*' exceeded\. Please try again after '3' seconds/,
    );
    assert.equal(failure.served, 1);
    assert.equal((await arm(ep, 'PUT', `${SET}/_acme-challenge.throttled`, { body: txtBody(['v']) })).status, 201);
  });
});

describe('azure endpoint: mirrored into BIND', () => {
  let bed: Testbed;
  let ep: FakeAzureApi;
  before(async () => {
    bed = await startTestbed();
    ep = await startFakeAzureApi({
      ...endpointOptions(await createOidcIssuer()),
      bind: { server: bed.dns, tsig: bed.tsig },
    });
  });
  after(async () => {
    await ep?.close();
    await bed?.stop();
  });

  it('serves what the record set holds, through every write and delete', async () => {
    const fqdn = '_acme-challenge.mirror.example.test';
    await ep.seedTxt(fqdn, ['foreign']);
    assert.deepEqual(await bed.txt(fqdn), ['foreign']);
    const read = await arm(ep, 'GET', `${SET}/_acme-challenge.mirror`);
    const long = 'y'.repeat(300);
    const written = await arm(ep, 'PUT', `${SET}/_acme-challenge.mirror`, {
      body: {
        properties: {
          TTL: 3600,
          TXTRecords: [
            ...read.body.properties.TXTRecords,
            { value: ['ours'] },
            { value: [long.slice(0, 255), long.slice(255)] },
          ],
        },
      },
      headers: { 'if-match': read.body.etag },
    });
    assert.equal(written.status, 200);
    assert.deepEqual((await bed.txt(fqdn)).sort(), ['foreign', 'ours', long]);
    await arm(ep, 'PUT', `${SET}/_acme-challenge.mirror`, {
      body: txtBody(['foreign']),
      headers: { 'if-match': written.body.etag },
    });
    assert.deepEqual(await bed.txt(fqdn), ['foreign']);
    await arm(ep, 'DELETE', `${SET}/_acme-challenge.mirror`);
    assert.deepEqual(await bed.txt(fqdn), []);
    ep.assertNoUnexpectedRequests();
  });
});
