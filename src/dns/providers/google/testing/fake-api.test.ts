/**
 * The Cloud DNS stand-in on its own, driven with plain fetch: that it enforces what Google
 * enforces, with Google's statuses, reasons and wording, and, in the last suite, that accepted
 * changes reach a real test bed's BIND. That google-auth-library and it understand each other,
 * for every kind of credentials, is shown in google.test.ts.
 */
import assert from 'node:assert/strict';
import { createSign, generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startTestbed, type Testbed } from '../../../../testing/testbed.js';
import {
  DNS_ADMIN_PERMISSIONS,
  GOOGLE_TOKEN_AUDIENCE,
  startFakeGoogleApi,
  type FakeGoogleApi,
  type FakeGoogleApiOptions,
} from './fake-api.js';

const PROJECT = 'certwright-test';
const AUDIENCE =
  '//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/github/providers/certwright';
const ADMIN =
  'principal://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/github/subject/admin';
const ZONE_ONLY =
  'principal://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/github/subject/zone-only';
const CREATE_ONLY =
  'principal://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/github/subject/create-only';
const SA = 'dns@certwright-test.iam.gserviceaccount.com';
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const CLOUD_PLATFORM = 'https://www.googleapis.com/auth/cloud-platform';

const OPTIONS: FakeGoogleApiOptions = {
  project: PROJECT,
  zones: [
    { name: 'example-test', dnsName: 'example.test.' },
    { name: 'example-test-private', dnsName: 'example.test', visibility: 'private' },
    { name: 'other-test', dnsName: 'other.test' },
  ],
  principals: [
    { name: ADMIN },
    { name: ZONE_ONLY, zones: ['other-test'] },
    { name: CREATE_ONLY, permissions: DNS_ADMIN_PERMISSIONS.filter((p) => p !== 'dns.resourceRecordSets.update') },
    { name: `serviceAccount:${SA}` },
  ],
  workloadIdentity: {
    audience: AUDIENCE,
    subjects: { 'oidc-admin': ADMIN, 'oidc-zone-only': ZONE_ONLY, 'oidc-create-only': CREATE_ONLY },
  },
  serviceAccounts: [
    { email: SA, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), impersonators: [ADMIN] },
  ],
  metadata: { serviceAccount: SA, project: PROJECT },
};

async function withFakeApi(
  options: Partial<FakeGoogleApiOptions>,
  test: (gcp: FakeGoogleApi) => Promise<void>,
): Promise<void> {
  const gcp = await startFakeGoogleApi({ ...OPTIONS, ...options });
  try {
    await test(gcp);
  } finally {
    await gcp.close();
  }
}

async function call(
  url: string,
  init: {
    method?: string;
    token?: string;
    body?: unknown;
    form?: Record<string, string>;
    headers?: Record<string, string>;
  } = {},
) {
  const headers: Record<string, string> = {
    ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    ...init.headers,
  };
  let body: string | undefined;
  if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  } else if (init.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
  }
  const response = await fetch(url, {
    method: init.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

/** A token for `subject` through STS, as an external account gets one. */
async function exchange(gcp: FakeGoogleApi, subject: string, scope = CLOUD_PLATFORM): Promise<string> {
  const { status, json } = await call(gcp.stsUrl, {
    form: {
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      audience: AUDIENCE,
      scope,
      requested_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      subject_token: subject,
      subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
    },
  });
  assert.equal(status, 200, JSON.stringify(json));
  return json.access_token as string;
}

function signedJwt(claims: Record<string, unknown>, key = privateKey): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${part({ alg: 'RS256', typ: 'JWT', kid: 'k1' })}.${part(claims)}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(key).toString('base64url')}`;
}

const googleError = (
  code: number,
  reason: string,
  message: string,
  status: string,
  extra: Record<string, string> = {},
) => ({
  error: { code, message, errors: [{ message, domain: 'global', reason, ...extra }], status },
});
const txtSet = (name: string, rrdatas: string[], ttl = 60) => ({ name, type: 'TXT', ttl, rrdatas });

describe('google endpoint: tokens', () => {
  it('STS exchanges a known subject token for the configured audience, and refuses the rest as Google does', async () => {
    await withFakeApi({}, async (gcp) => {
      const base = {
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        audience: AUDIENCE,
        scope: CLOUD_PLATFORM,
        requested_token_type: 'urn:ietf:params:oauth:token-type:access_token',
        subject_token: 'oidc-admin',
        subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
      };
      const ok = await call(gcp.stsUrl, { form: base });
      assert.equal(ok.status, 200);
      assert.deepEqual(Object.keys(ok.json).sort(), ['access_token', 'expires_in', 'issued_token_type', 'token_type']);
      assert.match(ok.json.access_token, /^ya29\./);
      const cases: [Record<string, string>, string][] = [
        [{ audience: AUDIENCE.replace('certwright', 'other') }, 'invalid_target'],
        [{ subject_token: 'someone-else' }, 'invalid_grant'],
        [{ subject_token_type: 'urn:ietf:params:oauth:token-type:saml2' }, 'invalid_request'],
        [{ grant_type: 'client_credentials' }, 'unsupported_grant_type'],
      ];
      for (const [change, error] of cases) {
        const refused = await call(gcp.stsUrl, { form: { ...base, ...change } });
        assert.deepEqual([refused.status, refused.json.error], [400, error], JSON.stringify(change));
      }
      assert.deepEqual(
        gcp.grants.map((g) => g.granted),
        [true, false, false, false, false],
      );
      assert.deepEqual(
        gcp.malformed.map((m) => m.problem),
        ['subject_token_type', 'not a token exchange'],
        'a wrong audience or subject is a refusal, not a client bug',
      );
    });
  });

  it('the JWT-bearer grant checks the signature, the audience and the lifetime', async () => {
    await withFakeApi({}, async (gcp) => {
      const now = Math.floor(Date.now() / 1000);
      const claims = { iss: SA, scope: CLOUD_PLATFORM, aud: GOOGLE_TOKEN_AUDIENCE, iat: now, exp: now + 3600 };
      const grant = (assertion: string) =>
        call(gcp.tokenUrl, { form: { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion } });
      const ok = await grant(signedJwt(claims));
      assert.deepEqual([ok.status, ok.json.token_type, ok.json.expires_in], [200, 'Bearer', 3599]);
      const refusals: [string, string][] = [
        [signedJwt(claims, other.privateKey), 'Invalid JWT Signature.'],
        [signedJwt({ ...claims, aud: gcp.tokenUrl }), 'Invalid JWT: Failed audience check.'],
        [
          signedJwt({ ...claims, exp: now + 7200 }),
          'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.',
        ],
        [
          signedJwt({ ...claims, iss: 'nobody@certwright-test.iam.gserviceaccount.com' }),
          'Invalid grant: account not found',
        ],
      ];
      for (const [assertion, description] of refusals)
        assert.deepEqual((await grant(assertion)).json, { error: 'invalid_grant', error_description: description });
      const dns = await call(`${gcp.apiUrl}/projects/${PROJECT}/managedZones`, { token: ok.json.access_token });
      assert.equal(dns.status, 200, 'the token works for Cloud DNS');
    });
  });

  it('impersonation needs a token of a principal allowed on the service account', async () => {
    await withFakeApi({}, async (gcp) => {
      const url = gcp.impersonationUrl(SA);
      const allowed = await call(url, {
        token: await exchange(gcp, 'oidc-admin'),
        body: { scope: [CLOUD_PLATFORM], lifetime: '3600s' },
      });
      assert.equal(allowed.status, 200);
      assert.match(allowed.json.expireTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const refused = await call(url, {
        token: await exchange(gcp, 'oidc-zone-only'),
        body: { scope: [CLOUD_PLATFORM] },
      });
      assert.deepEqual(
        [refused.status, refused.json.error.message],
        [403, "Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist)."],
      );
      assert.deepEqual(
        gcp.grants.filter((g) => g.kind === 'impersonation').map((g) => g.granted),
        [true, false],
      );
    });
  });

  it('the metadata server wants Metadata-Flavor: Google, and answers with it', async () => {
    await withFakeApi({}, async (gcp) => {
      const base = `http://${gcp.metadataHost}/computeMetadata/v1`;
      assert.equal((await call(`${base}/instance/service-accounts/default/token`)).status, 403);
      const token = await call(`${base}/instance/service-accounts/default/token?scopes=${CLOUD_PLATFORM}`, {
        headers: { 'metadata-flavor': 'Google' },
      });
      assert.deepEqual(
        [token.status, token.headers.get('metadata-flavor'), token.json.token_type],
        [200, 'Google', 'Bearer'],
      );
      assert.equal(
        (await call(`${base}/project/project-id`, { headers: { 'metadata-flavor': 'Google' } })).text,
        PROJECT,
      );
      assert.deepEqual(
        gcp.malformed.map((m) => m.problem),
        ['no Metadata-Flavor header'],
      );
    });
  });
});

describe('google endpoint: Cloud DNS authentication and permissions', () => {
  it('answers 401 without a token or with an unknown one, and 403 for a scope or permission it lacks', async () => {
    await withFakeApi({}, async (gcp) => {
      const zones = `${gcp.apiUrl}/projects/${PROJECT}/managedZones`;
      const none = await call(zones);
      assert.equal(none.status, 401);
      assert.equal(none.json.error.errors[0].reason, 'required');
      const unknown = await call(zones, { token: 'ya29.unknown' });
      assert.deepEqual(
        [unknown.status, unknown.json.error.errors[0].reason, unknown.json.error.status],
        [401, 'authError', 'UNAUTHENTICATED'],
      );
      assert.match(unknown.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
      const narrow = await call(zones, {
        token: await exchange(gcp, 'oidc-admin', 'https://www.googleapis.com/auth/userinfo.email'),
      });
      assert.deepEqual(
        narrow.json,
        googleError(
          403,
          'insufficientPermissions',
          'Request had insufficient authentication scopes.',
          'PERMISSION_DENIED',
        ),
      );
      // A grant on one zone: no project-wide listing, that zone only.
      const zoneOnly = await exchange(gcp, 'oidc-zone-only');
      assert.deepEqual(
        (await call(zones, { token: zoneOnly })).json,
        googleError(403, 'forbidden', 'Forbidden', 'PERMISSION_DENIED'),
      );
      assert.equal((await call(`${zones}/other-test/rrsets`, { token: zoneOnly })).status, 200);
      assert.equal((await call(`${zones}/example-test/rrsets`, { token: zoneOnly })).status, 403);
      assert.equal(
        (await call(`${gcp.apiUrl}/projects/someone-else/managedZones`, { token: await exchange(gcp, 'oidc-admin') }))
          .status,
        403,
        'a project it has nothing in',
      );
      assert.deepEqual(
        gcp.malformed.map((m) => m.problem),
        ['no Authorization header'],
      );
    });
  });

  it('changes.create needs resourceRecordSets.create, .update or .delete for each set, as Cloud DNS checks', async () => {
    await withFakeApi({}, async (gcp) => {
      const changes = `${gcp.apiUrl}/projects/${PROJECT}/managedZones/example-test/changes`;
      const token = await exchange(gcp, 'oidc-create-only');
      const set = txtSet('_acme-challenge.perm.example.test.', ['"v1"']);
      assert.equal((await call(changes, { token, body: { additions: [set] } })).status, 200, 'create');
      const replace = await call(changes, {
        token,
        body: { deletions: [set], additions: [{ ...set, rrdatas: ['"v1"', '"v2"'] }] },
      });
      assert.deepEqual(
        [replace.status, replace.json.error.errors[0].reason],
        [403, 'forbidden'],
        'replacing a set is an update',
      );
      assert.equal((await call(changes, { token, body: { deletions: [set] } })).status, 200, 'delete');
    });
  });
});

describe('google endpoint: zones and record sets', () => {
  it('lists zones filtered by DNS name and paged, public and private, and record sets by name and type', async () => {
    await withFakeApi({ maxPageSize: 1 }, async (gcp) => {
      const token = await exchange(gcp, 'oidc-admin');
      const zones = `${gcp.apiUrl}/projects/${PROJECT}/managedZones`;
      const first = await call(`${zones}?dnsName=example.test.`, { token });
      assert.deepEqual(
        first.json.managedZones.map((z: any) => [z.name, z.dnsName, z.visibility]),
        [['example-test', 'example.test.', 'public']],
      );
      assert.equal(first.json.kind, 'dns#managedZonesListResponse');
      const second = await call(`${zones}?dnsName=example.test.&pageToken=${first.json.nextPageToken}`, { token });
      assert.deepEqual(
        second.json.managedZones.map((z: any) => [z.name, z.visibility]),
        [['example-test-private', 'private']],
      );
      assert.equal(second.json.nextPageToken, undefined);
      assert.equal((await call(`${zones}?pageToken=bogus`, { token })).status, 400);

      await gcp.seedTxt('example-test', '_acme-challenge.www.example.test', ['a', 'b'], 120);
      const sets = `${zones}/example-test/rrsets`;
      const txt = await call(`${sets}?name=_acme-challenge.www.example.test.&type=TXT`, { token });
      assert.deepEqual(txt.json, {
        kind: 'dns#resourceRecordSetsListResponse',
        rrsets: [
          {
            kind: 'dns#resourceRecordSet',
            name: '_acme-challenge.www.example.test.',
            type: 'TXT',
            ttl: 120,
            rrdatas: ['"a"', '"b"'],
            signatureRrdatas: [],
          },
        ],
      });
      const byId = await call(
        `${zones}/${(await call(`${zones}/example-test`, { token })).json.id}/rrsets?name=example.test.&type=SOA`,
        { token },
      );
      assert.equal(byId.json.rrsets[0].type, 'SOA', 'a zone is addressed by name or ID');
      assert.equal((await call(`${sets}?type=TXT`, { token })).status, 400, 'type needs a name');
      assert.equal(
        (await call(`${sets}?name=_acme-challenge.www.example.test&type=TXT`, { token })).status,
        400,
        'a relative name',
      );
      assert.deepEqual(
        (await call(`${zones}/no-such-zone/rrsets`, { token })).json,
        googleError(
          404,
          'notFound',
          "The 'parameters.managedZone' resource named 'no-such-zone' does not exist.",
          'NOT_FOUND',
        ),
      );
      assert.deepEqual(
        gcp.malformed.map((m) => m.problem),
        [
          'a page token this endpoint did not give',
          'type without name',
          'name "_acme-challenge.www.example.test" is not absolute',
        ],
      );
    });
  });
});

describe('google endpoint: changes', () => {
  it('applies a change all or nothing: deletions must match exactly and exist, additions must not exist', async () => {
    await withFakeApi({ pendingPolls: 2 }, async (gcp) => {
      const token = await exchange(gcp, 'oidc-admin');
      const changes = `${gcp.apiUrl}/projects/${PROJECT}/managedZones/example-test/changes`;
      const name = '_acme-challenge.cas.example.test.';
      const created = await call(changes, {
        token,
        body: { kind: 'dns#change', additions: [txtSet(name, ['"one"', '"two"'])] },
      });
      assert.equal(created.status, 200);
      assert.deepEqual([created.json.kind, created.json.id, created.json.status], ['dns#change', '1', 'pending']);
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await call(`${changes}/1`, { token })).json.status);
      assert.deepEqual(statuses, ['pending', 'pending', 'done']);

      const again = await call(changes, { token, body: { additions: [txtSet(name, ['"three"'])] } });
      assert.deepEqual(
        again.json,
        googleError(
          409,
          'alreadyExists',
          `The resource 'entity.change.additions[0]' named '${name} (TXT)' already exists`,
          'ALREADY_EXISTS',
        ),
      );
      const stale = await call(changes, {
        token,
        body: { deletions: [txtSet(name, ['"one"'])], additions: [txtSet(name, ['"one"', '"three"'])] },
      });
      assert.deepEqual(
        stale.json,
        googleError(
          412,
          'conditionNotMet',
          "Precondition not met for 'entity.change.deletions[0]'",
          'FAILED_PRECONDITION',
        ),
      );
      const otherTtl = await call(changes, { token, body: { deletions: [txtSet(name, ['"one"', '"two"'], 300)] } });
      assert.equal(otherTtl.status, 412, 'the TTL is part of the match');
      const gone = await call(changes, {
        token,
        body: {
          deletions: [txtSet('_acme-challenge.gone.example.test.', ['"x"'])],
          additions: [txtSet('_acme-challenge.new.example.test.', ['"y"'])],
        },
      });
      assert.deepEqual(
        gone.json.error.message,
        "The 'entity.change.deletions[0]' resource named '_acme-challenge.gone.example.test. (TXT)' does not exist.",
      );
      assert.deepEqual(gcp.txt('_acme-challenge.new.example.test'), [], 'the refused change added nothing');

      const swapped = await call(changes, {
        token,
        body: {
          deletions: [txtSet(name, ['"two"', '"one"'])],
          additions: [txtSet(name, ['"one"', '"two"', '"three"'])],
        },
      });
      assert.equal(swapped.status, 200, 'rrdatas match in any order');
      assert.equal(swapped.json.id, '2');
      assert.deepEqual(gcp.txt(name), ['one', 'two', 'three']);
      assert.deepEqual(gcp.malformed, [], 'races are answered, not counted as client bugs');
    });
  });

  it('refuses malformed changes as Cloud DNS does, and counts them as client bugs', async () => {
    await withFakeApi({}, async (gcp) => {
      const token = await exchange(gcp, 'oidc-admin');
      const changes = `${gcp.apiUrl}/projects/${PROJECT}/managedZones/example-test/changes`;
      const cases: [unknown, number, string, string][] = [
        [
          { additions: [txtSet('_acme-challenge.x.example.test.', ['"unclosed'])] },
          400,
          'invalid',
          `Invalid value for 'entity.change.additions[0].rrdata[0]': '"unclosed'`,
        ],
        [
          { additions: [txtSet('_acme-challenge.x.example.test', ['"v"'])] },
          400,
          'invalid',
          "Invalid value for 'entity.change.additions[0].name': '_acme-challenge.x.example.test'",
        ],
        [
          { additions: [txtSet('_acme-challenge.x.other.test.', ['"v"'])] },
          400,
          'invalid',
          "Invalid value for 'entity.change.additions[0].name': '_acme-challenge.x.other.test.'",
        ],
        [
          { additions: [txtSet('_acme-challenge.x.example.test.', ['"v"', '"v"'])] },
          400,
          'invalid',
          "The resource record set 'entity.change.additions[0]' is invalid because it contains duplicate records.",
        ],
        [
          { additions: [txtSet('_acme-challenge.x.example.test.', [`"${'a'.repeat(256)}"`])] },
          400,
          'invalid',
          `Invalid value for 'entity.change.additions[0].rrdata[0]': '"${'a'.repeat(256)}"'`,
        ],
        [
          { additions: [{ name: '_acme-challenge.x.example.test.', type: 'TXT', rrdatas: ['"v"'] }] },
          400,
          'required',
          "The 'entity.change.additions[0].ttl' parameter is required but was missing.",
        ],
        [
          { additions: [], deletions: [] },
          400,
          'required',
          "The 'entity.change' parameter is required but was missing.",
        ],
      ];
      for (const [body, status, reason, message] of cases) {
        const { json } = await call(changes, { token, body });
        assert.deepEqual(
          [json.error.code, json.error.errors[0].reason, json.error.message],
          [status, reason, message],
          JSON.stringify(body),
        );
      }
      assert.equal(
        (
          await call(changes, {
            token,
            body: { additions: [txtSet('_acme-challenge.ok.example.test.', ['"a" "b"', `"${'c'.repeat(255)}" "d"`])] },
          })
        ).status,
        200,
        'several strings, each up to 255 bytes',
      );
      assert.equal(gcp.malformed.length, cases.length);
      assert.throws(
        () => gcp.assertNoUnexpectedRequests(),
        /malformed POST \/dns\/v1\/projects\/certwright-test\/managedZones\/example-test\/changes: TXT rrdata "\\"unclosed": a quote is not closed/,
      );
      // Unquoted data, as lego, gcloud and Terraform write it, is stored as written; words are strings.
      const unquoted = txtSet('_acme-challenge.unquoted.example.test.', ['unquoted', 'v=spf1 -all', '"mixed" form']);
      assert.equal((await call(changes, { token, body: { additions: [unquoted] } })).status, 200);
      assert.deepEqual(gcp.rrset('example-test', '_acme-challenge.unquoted.example.test')?.rrdatas, [
        'unquoted',
        'v=spf1 -all',
        '"mixed" form',
      ]);
      assert.deepEqual(gcp.txt('_acme-challenge.unquoted.example.test'), ['unquoted', 'v=spf1-all', 'mixedform']);
      assert.equal(gcp.malformed.length, cases.length, 'unquoted data is no client bug');
    });
  });

  it('scripts 429 rateLimitExceeded, and runs a hook before the next change (another writer)', async () => {
    await withFakeApi({}, async (gcp) => {
      const token = await exchange(gcp, 'oidc-admin');
      const changes = `${gcp.apiUrl}/projects/${PROJECT}/managedZones/example-test/changes`;
      const throttled = gcp.throttleNext(1);
      const limited = await call(changes, {
        token,
        body: { additions: [txtSet('_acme-challenge.t.example.test.', ['"v"'])] },
      });
      assert.deepEqual(
        [limited.status, limited.json.error.errors[0].reason, limited.json.error.status, throttled.served],
        [429, 'rateLimitExceeded', 'RESOURCE_EXHAUSTED', 1],
      );
      gcp.beforeNextChange(() => gcp.seedTxt('example-test', '_acme-challenge.t.example.test', ['theirs']));
      const raced = await call(changes, {
        token,
        body: { additions: [txtSet('_acme-challenge.t.example.test.', ['"v"'])] },
      });
      assert.equal(raced.status, 409);
      assert.deepEqual(gcp.txt('_acme-challenge.t.example.test'), ['theirs']);
    });
  });
});

describe('google endpoint: mirrored into BIND', () => {
  let bed: Testbed;
  before(async () => {
    bed = await startTestbed();
  });
  after(async () => bed?.stop());

  it('writes accepted TXT changes of the public zone into BIND, and nothing of the private one', async () => {
    await withFakeApi({ bind: { server: bed.dns, tsig: bed.tsig } }, async (gcp) => {
      const token = await exchange(gcp, 'oidc-admin');
      const zone = (name: string) => `${gcp.apiUrl}/projects/${PROJECT}/managedZones/${name}/changes`;
      const name = '_acme-challenge.mirror.example.test.';
      await gcp.seedTxt('example-test', name, ['foreign']);
      const set = { name, type: 'TXT', ttl: 300, rrdatas: ['"foreign"'] };
      assert.equal(
        (
          await call(zone('example-test'), {
            token,
            body: { deletions: [set], additions: [{ ...set, rrdatas: ['"foreign"', '"ours"'] }] },
          })
        ).status,
        200,
      );
      assert.equal(
        (await call(zone('example-test-private'), { token, body: { additions: [txtSet(name, ['"private"'])] } }))
          .status,
        200,
      );
      assert.deepEqual((await bed.txt(name.slice(0, -1))).sort(), ['foreign', 'ours']);
      gcp.setMirroring(false);
      assert.equal(
        (
          await call(zone('example-test'), {
            token,
            body: { deletions: [{ ...set, rrdatas: ['"foreign"', '"ours"'] }], additions: [set] },
          })
        ).status,
        200,
      );
      assert.deepEqual(
        (await bed.txt(name.slice(0, -1))).sort(),
        ['foreign', 'ours'],
        'with mirroring off, BIND keeps what it had',
      );
      gcp.setMirroring(true);
      assert.equal((await call(zone('example-test'), { token, body: { deletions: [set] } })).status, 200);
      assert.deepEqual(
        await bed.txt(name.slice(0, -1)),
        ['ours'],
        'mirroring resumes from the difference of each change',
      );
      gcp.assertNoUnexpectedRequests();
    });
  });
});
