/**
 * The Route 53 stand-in, driven by the real AWS SDK: proof that the SDK and the endpoint
 * understand each other (paths, SigV4, XML, STS) and that it enforces what AWS enforces, with
 * AWS's wording. The last suite mirrors writes into a real test bed's BIND.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  ListHostedZonesByNameCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
  type Change,
  type ChangeAction,
  type ResourceRecordSet,
} from '@aws-sdk/client-route-53';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { startTestbed, type Testbed } from '../../../../testing/testbed.js';
import { startFakeRoute53Api, type FakeRoute53Api, type FakeRoute53ApiOptions } from './fake-api.js';

const USER = { accessKeyId: 'AKIACERTWRIGHTTEST01', secretAccessKey: 'the-secret-of-the-test-user' };
const READ_ONLY = {
  accessKeyId: 'AKIACERTWRIGHTREADER',
  secretAccessKey: 'reader-secret',
  userName: 'reader',
  deny: ['route53:ChangeResourceRecordSets'],
};
const ROLE = { arn: 'arn:aws:iam::123456789012:role/certwright-dns', externalId: 'ext-42' };
/** Sorted as AWS sorts them: test.alpha, test.example (three, by ID), test.example.sub, test.other. */
const ZONES = [
  { id: 'Z05OTHER', name: 'other.test' },
  /** A second, non-delegated zone of the same name: real DNS never sees it. */
  { id: 'Z02EXAMPLE2', name: 'example.test', mirror: false },
  { id: 'Z01EXAMPLE1', name: 'Example.Test.' },
  { id: 'Z03PRIVATE', name: 'example.test', private: true },
  { id: 'Z04SUB', name: 'sub.example.test' },
  { id: 'Z00ALPHA', name: 'alpha.test' },
];

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/** A client that does not retry, so each scripted failure is seen. */
function client(url: string, credentials: Credentials = USER): Route53Client {
  return new Route53Client({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
}

/** For assert.rejects: the SDK error for an AWS error code, HTTP status and (if given) message. */
function awsError(code: string, status: number, message?: string): (error: unknown) => boolean {
  return (error) => {
    const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
    assert.deepEqual(
      [e.name, e.$metadata?.httpStatusCode, message === undefined ? undefined : e.message],
      [code, status, message],
    );
    return true;
  };
}

function txtSet(name: string, values: readonly string[], ttl = 60): ResourceRecordSet {
  return { Name: name, Type: 'TXT', TTL: ttl, ResourceRecords: values.map((Value) => ({ Value })) };
}

function change(action: ChangeAction, set: ResourceRecordSet): Change {
  return { Action: action, ResourceRecordSet: set };
}

function submit(route53: Route53Client, zoneId: string, changes: Change[]) {
  return route53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: changes } }));
}

/** Starts an endpoint for one test and closes it afterwards; no request may have gone astray. */
async function withFakeApi(
  test: (endpoint: FakeRoute53Api) => Promise<void>,
  extra: Partial<FakeRoute53ApiOptions> = {},
): Promise<void> {
  const endpoint = await startFakeRoute53Api({ zones: ZONES, credentials: [USER, READ_ONLY], roles: [ROLE], ...extra });
  try {
    await test(endpoint);
    endpoint.assertNoUnexpectedRequests();
  } finally {
    await endpoint.close();
  }
}

describe('Route 53 endpoint and the AWS SDK', () => {
  it('lists zones by name from dnsname on, in reversed-label order, paging by name and ID', () =>
    withFakeApi(async ({ url, vendor }) => {
      const route53 = client(url);
      const first = await route53.send(new ListHostedZonesByNameCommand({ DNSName: 'example.test', MaxItems: 2 }));
      assert.deepEqual(
        first.HostedZones?.map((z) => [z.Id, z.Name, z.Config?.PrivateZone]),
        [
          ['/hostedzone/Z01EXAMPLE1', 'example.test.', false],
          ['/hostedzone/Z02EXAMPLE2', 'example.test.', false],
        ],
      );
      assert.deepEqual(
        [first.DNSName, first.IsTruncated, first.NextDNSName, first.NextHostedZoneId, first.MaxItems],
        ['example.test', true, 'example.test.', 'Z03PRIVATE', 2],
      );
      const second = await route53.send(
        new ListHostedZonesByNameCommand({
          DNSName: first.NextDNSName,
          HostedZoneId: first.NextHostedZoneId,
          MaxItems: 2,
        }),
      );
      assert.deepEqual(
        second.HostedZones?.map((z) => [z.Id, z.Name, z.Config?.PrivateZone]),
        [
          ['/hostedzone/Z03PRIVATE', 'example.test.', true],
          ['/hostedzone/Z04SUB', 'sub.example.test.', false],
        ],
        'zones after the name asked for come too: a client must filter by exact name',
      );
      assert.equal(second.NextDNSName, 'other.test.');
      const all = await route53.send(new ListHostedZonesByNameCommand({}));
      assert.deepEqual(
        all.HostedZones?.map((z) => z.Name),
        ['alpha.test.', 'example.test.', 'example.test.', 'example.test.', 'sub.example.test.', 'other.test.'],
      );
      assert.equal(all.IsTruncated, false);
      assert.equal(vendor.requests[0]?.path, '/2013-04-01/hostedzonesbyname');
    }));

  it('upserts a TXT set, lists it, and reports the change PENDING, then INSYNC', () =>
    withFakeApi(async (endpoint) => {
      const route53 = client(endpoint.url);
      const name = '_acme-challenge.www.example.test';
      const { ChangeInfo } = await submit(route53, '/hostedzone/Z01EXAMPLE1', [
        change('UPSERT', txtSet(name, ['"token-1"', '"token-2"'])),
      ]);
      assert.match(ChangeInfo?.Id ?? '', /^\/change\/C[A-Z0-9]{13}$/);
      assert.equal(ChangeInfo?.Status, 'PENDING');
      assert.ok(ChangeInfo?.SubmittedAt instanceof Date);
      assert.equal(
        endpoint.vendor.requests.at(-1)?.path,
        '/2013-04-01/hostedzone/Z01EXAMPLE1/rrset',
        'the SDK strips /hostedzone/ and sends no trailing slash',
      );
      assert.deepEqual(endpoint.txt('Z01EXAMPLE1', name), ['token-1', 'token-2']);
      assert.deepEqual(
        endpoint.changeRequests().map((b) => [b.zoneId, b.changes.map((c) => [c.action, c.name, c.ttl, c.values])]),
        [['Z01EXAMPLE1', [['UPSERT', '_acme-challenge.www.example.test.', 60, ['"token-1"', '"token-2"']]]]],
      );

      const status = async () => (await route53.send(new GetChangeCommand({ Id: ChangeInfo?.Id }))).ChangeInfo?.Status;
      assert.deepEqual([await status(), await status()], ['PENDING', 'INSYNC']);

      const listed = await route53.send(
        new ListResourceRecordSetsCommand({
          HostedZoneId: 'Z01EXAMPLE1',
          StartRecordName: name,
          StartRecordType: 'TXT',
          MaxItems: 1,
        }),
      );
      assert.deepEqual(listed.ResourceRecordSets, [
        { Name: `${name}.`, Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: '"token-1"' }, { Value: '"token-2"' }] },
      ]);
      assert.equal(listed.IsTruncated, false);
      assert.deepEqual(endpoint.txt('Z02EXAMPLE2', name), [], 'the same name in another zone is untouched');
    }));

  it('lists record sets in AWS order from name and type on, with \\052 for * and paging', () =>
    withFakeApi(async (endpoint) => {
      await endpoint.seedTxt('Z01EXAMPLE1', '*.example.test', ['wild']);
      await endpoint.seedTxt('Z01EXAMPLE1', '_acme-challenge.example.test', ['say "hi"', 'x'.repeat(300)]);
      const route53 = client(endpoint.url);
      const page = await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: 'Z01EXAMPLE1', MaxItems: 2 }));
      assert.deepEqual(
        page.ResourceRecordSets?.map((s) => [s.Name, s.Type]),
        [
          ['example.test.', 'NS'],
          ['example.test.', 'SOA'],
        ],
      );
      assert.deepEqual(
        [page.IsTruncated, page.NextRecordName, page.NextRecordType, page.MaxItems],
        [true, '\\052.example.test.', 'TXT', 2],
      );
      const rest = await route53.send(
        new ListResourceRecordSetsCommand({
          HostedZoneId: 'Z01EXAMPLE1',
          StartRecordName: page.NextRecordName,
          StartRecordType: page.NextRecordType,
        }),
      );
      assert.deepEqual(
        rest.ResourceRecordSets?.map((s) => [s.Name, s.ResourceRecords?.map((r) => r.Value?.slice(0, 20))]),
        [
          ['\\052.example.test.', ['"wild"']],
          ['_acme-challenge.example.test.', ['"say \\"hi\\""', `"${'x'.repeat(19)}`]],
        ],
      );
      assert.equal(rest.IsTruncated, false);
      assert.deepEqual(
        endpoint.txt('Z01EXAMPLE1', '_ACME-challenge.example.test.'),
        ['say "hi"', 'x'.repeat(300)],
        'unquoted, strings joined, names case-insensitive',
      );
    }));

  it('rejects invalid batches all or nothing, with the code and wording of AWS', () =>
    withFakeApi(async (endpoint) => {
      const route53 = client(endpoint.url);
      const name = '_acme-challenge.example.test';
      await submit(route53, 'Z01EXAMPLE1', [change('CREATE', txtSet(name, ['"a"', '"b"']))]);
      const set = `[name='${name}.', type='TXT']`;
      const table: [string, Change[], string][] = [
        [
          'CREATE of an existing set',
          [change('CREATE', txtSet(name, ['"c"']))],
          `Tried to create resource record set ${set} but it already exists`,
        ],
        [
          'DELETE with another TTL',
          [change('DELETE', txtSet(name, ['"a"', '"b"'], 300))],
          `Tried to delete resource record set ${set} but the values provided do not match the current values`,
        ],
        [
          'DELETE of some values only',
          [change('DELETE', txtSet(name, ['"a"']))],
          `Tried to delete resource record set ${set} but the values provided do not match the current values`,
        ],
        [
          'DELETE of a missing set',
          [change('DELETE', txtSet(`x.${name}`, ['"a"']))],
          `Tried to delete resource record set [name='x.${name}.', type='TXT'] but it was not found`,
        ],
        [
          'unquoted TXT value',
          [change('UPSERT', txtSet(name, ['token']))],
          "Invalid Resource Record: 'FATAL problem: InvalidCharacterString (Value should be enclosed in quotation marks) encountered with 'token''",
        ],
        [
          'TXT string over 255',
          [change('UPSERT', txtSet(name, [`"${'x'.repeat(256)}"`]))],
          `Invalid Resource Record: 'FATAL problem: CharacterStringTooLong (Value is too long) encountered with '"${'x'.repeat(256)}"''`,
        ],
        ['duplicate values', [change('UPSERT', txtSet(name, ['"a"', '"a"']))], `Duplicate Resource Record: '"a"'`],
        [
          'a name outside the zone',
          [change('UPSERT', txtSet('_acme-challenge.other.test', ['"a"']))],
          'RRSet with DNS name _acme-challenge.other.test. is not permitted in zone example.test.',
        ],
        [
          'two changes to one set',
          [change('UPSERT', txtSet(name, ['"c"'])), change('UPSERT', txtSet(name, ['"d"']))],
          `The request contains an invalid set of changes for a resource record set 'TXT ${name}.'`,
        ],
        [
          'a valid change beside an invalid one',
          [change('UPSERT', txtSet(`new.${name}`, ['"n"'])), change('CREATE', txtSet(name, ['"c"']))],
          `Tried to create resource record set ${set} but it already exists`,
        ],
      ];
      for (const [what, changes, message] of table) {
        await assert.rejects(
          submit(route53, 'Z01EXAMPLE1', changes),
          awsError('InvalidChangeBatch', 400, `[${message}]`),
          what,
        );
      }
      assert.deepEqual(endpoint.txt('Z01EXAMPLE1', name), ['a', 'b'], 'no rejected batch changed anything');
      assert.deepEqual(endpoint.txt('Z01EXAMPLE1', `new.${name}`), []);
      assert.equal(endpoint.changeRequests().length, 1);

      await submit(route53, 'Z01EXAMPLE1', [
        change('DELETE', txtSet(name, ['"b"', '"a"'])),
        change('CREATE', txtSet(name, ['"c"'])),
      ]);
      assert.deepEqual(
        endpoint.txt('Z01EXAMPLE1', name),
        ['c'],
        'DELETE then CREATE of one set in a batch replaces it, as AWS documents',
      );
      await submit(route53, 'Z01EXAMPLE1', [change('DELETE', txtSet(name.toUpperCase(), ['"c"']))]);
      assert.deepEqual(endpoint.txt('Z01EXAMPLE1', name), []);
    }));

  it('answers InvalidInput for a malformed change and 404 for an unknown zone or change', () =>
    withFakeApi(async ({ url }) => {
      const route53 = client(url);
      await assert.rejects(
        submit(route53, 'Z01EXAMPLE1', [
          { Action: 'UPSERT', ResourceRecordSet: { Name: 'a.example.test', Type: 'TXT' } },
        ]),
        {
          name: 'InvalidInput',
          message:
            'Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found none in Change with [Action=UPSERT, Name=a.example.test, Type=TXT, SetIdentifier=null]',
        },
      );
      await assert.rejects(submit(route53, 'ZNOPE', [change('UPSERT', txtSet('a.example.test', ['"a"']))]), {
        name: 'NoSuchHostedZone',
        message: 'No hosted zone found with ID: ZNOPE',
      });
      await assert.rejects(
        route53.send(new GetChangeCommand({ Id: 'CNOPE' })),
        awsError('NoSuchChange', 404, 'A change with the specified change ID does not exist.'),
      );
    }));

  it('checks SigV4: unknown key, wrong secret, and denied actions, with AWS codes', () =>
    withFakeApi(async ({ url, vendor }) => {
      const list = new ListHostedZonesByNameCommand({ DNSName: 'example.test' });
      await assert.rejects(client(url, { ...USER, accessKeyId: 'AKIAUNKNOWN' }).send(list), {
        name: 'InvalidClientTokenId',
        message: 'The security token included in the request is invalid.',
      });
      await assert.rejects(
        client(url, { ...USER, secretAccessKey: 'wrong' }).send(list),
        awsError(
          'SignatureDoesNotMatch',
          403,
          'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
        ),
      );
      await assert.rejects(
        client(url, { ...USER, sessionToken: 'not-issued' }).send(list),
        { name: 'InvalidClientTokenId' },
        'a session token with long-term keys',
      );
      const reader = client(url, READ_ONLY);
      assert.equal((await reader.send(list)).HostedZones?.length, 5, 'the reader may list');
      await assert.rejects(submit(reader, 'Z01EXAMPLE1', [change('UPSERT', txtSet('a.example.test', ['"a"']))]), {
        name: 'AccessDenied',
        message:
          'User: arn:aws:iam::123456789012:user/reader is not authorized to perform: route53:ChangeResourceRecordSets on resource: arn:aws:route53:::hostedzone/Z01EXAMPLE1 because no identity-based policy allows the route53:ChangeResourceRecordSets action',
      });
      const signedFor = new Route53Client({ endpoint: url, region: 'eu-west-1', credentials: USER, maxAttempts: 1 });
      assert.ok((await signedFor.send(list)).HostedZones, 'any region in the scope is accepted');
      assert.deepEqual(
        vendor.requests.map((r) => r.status),
        [403, 403, 403, 200, 403, 200],
      );
    }));

  it('serves scripted Throttling and PriorRequestNotComplete, which the SDK retries by itself', () =>
    withFakeApi(async (endpoint) => {
      const upsert = [change('UPSERT', txtSet('a.example.test', ['"a"']))];
      endpoint.throttleNext();
      await assert.rejects(
        submit(client(endpoint.url), 'Z01EXAMPLE1', upsert),
        awsError('Throttling', 400, 'Rate exceeded'),
      );
      endpoint.priorRequestNotCompleteNext();
      await assert.rejects(submit(client(endpoint.url), 'Z01EXAMPLE1', upsert), { name: 'PriorRequestNotComplete' });
      endpoint.throttleNext(1, 'ListHostedZonesByName');
      await assert.rejects(client(endpoint.url).send(new ListHostedZonesByNameCommand({})), { name: 'Throttling' });
      assert.equal(endpoint.changeRequests().length, 0);

      endpoint.throttleNext();
      const retrying = new Route53Client({
        endpoint: endpoint.url,
        region: 'us-east-1',
        credentials: USER,
        maxAttempts: 2,
      });
      await submit(retrying, 'Z01EXAMPLE1', upsert);
      assert.deepEqual(
        endpoint.vendor.requests.slice(-2).map((r) => r.status),
        [400, 200],
      );
      assert.deepEqual(endpoint.txt('Z01EXAMPLE1', 'a.example.test'), ['a']);
    }));

  it('assumes a role over STS (awsQuery POST /) and accepts the temporary keys with their session token until they expire', () => {
    let clockOffsetMs = 0;
    return withFakeApi(
      async (endpoint) => {
        const assumed = (externalId: string) =>
          new Route53Client({
            endpoint: endpoint.url,
            region: 'us-east-1',
            maxAttempts: 1,
            credentials: fromTemporaryCredentials({
              masterCredentials: USER,
              params: { RoleArn: ROLE.arn, RoleSessionName: 'certwright', ExternalId: externalId },
              clientConfig: { endpoint: endpoint.url, region: 'us-east-1', maxAttempts: 1 },
            }),
          });
        const withRole = assumed('ext-42');
        const zones = await withRole.send(new ListHostedZonesByNameCommand({ DNSName: 'other.test' }));
        assert.equal(zones.HostedZones?.[0]?.Name, 'other.test.');
        const [sts, route53] = endpoint.vendor.requests;
        assert.deepEqual(
          [sts?.method, sts?.path, sts?.headers['content-type']],
          ['POST', '/', 'application/x-www-form-urlencoded'],
        );
        assert.match(
          sts?.body ?? '',
          /^Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fcertwright-dns&RoleSessionName=certwright&ExternalId=ext-42$/,
        );
        assert.match(
          String(sts?.headers.authorization),
          /Credential=AKIACERTWRIGHTTEST01\/\d{8}\/us-east-1\/sts\/aws4_request/,
        );
        assert.match(
          String(route53?.headers.authorization),
          /Credential=ASIA[A-Z2-7]{16}\/\d{8}\/us-east-1\/route53\/aws4_request/,
        );
        assert.ok(route53?.headers['x-amz-security-token'], 'the session token goes along');

        await assert.rejects(assumed('wrong').send(new ListHostedZonesByNameCommand({})), {
          name: 'AccessDenied',
          message: `User: arn:aws:iam::123456789012:user/certwright-test is not authorized to perform: sts:AssumeRole on resource: ${ROLE.arn}`,
        });
        assert.deepEqual(
          endpoint.assumedRoles.map((c) => [c.arn, c.externalId, c.sessionName, c.granted]),
          [
            [ROLE.arn, 'ext-42', 'certwright', true],
            [ROLE.arn, 'wrong', 'certwright', false],
          ],
        );

        clockOffsetMs = 3_601_000;
        await assert.rejects(
          withRole.send(new ListHostedZonesByNameCommand({})),
          awsError('ExpiredToken', 403, 'The security token included in the request is expired'),
        );
      },
      { clock: () => new Date(Date.now() + clockOffsetMs) },
    );
  });

  it('can answer an invalid batch in the documented <InvalidChangeBatch> shape, which this SDK reports as Unknown', () =>
    withFakeApi(
      async ({ url }) => {
        await assert.rejects(
          submit(client(url), 'Z01EXAMPLE1', [change('DELETE', txtSet('a.example.test', ['"a"']))]),
          awsError('Unknown', 400),
        );
      },
      { invalidChangeBatchShape: 'InvalidChangeBatch' },
    ));
});

describe('Route 53 endpoint mirroring into BIND', () => {
  let bed: Testbed;
  let endpoint: FakeRoute53Api;
  before(async () => {
    bed = await startTestbed();
    endpoint = await startFakeRoute53Api({
      zones: ZONES,
      credentials: [USER],
      bind: { server: bed.dns, tsig: bed.tsig },
    });
  });
  after(async () => {
    await endpoint?.close();
    await bed?.stop();
  });

  it('an UPSERT shows up in BIND and a DELETE removes it; only the first public zone of a name mirrors', async () => {
    const route53 = client(endpoint.url);
    const name = '_acme-challenge.mirror.example.test';
    await submit(route53, 'Z01EXAMPLE1', [change('UPSERT', txtSet(name, ['"v1"', '"v2"']))]);
    assert.deepEqual((await bed.txt(name)).sort(), ['v1', 'v2']);
    await submit(route53, 'Z01EXAMPLE1', [change('UPSERT', txtSet(name, ['"v2"', '"v3"']))]);
    assert.deepEqual((await bed.txt(name)).sort(), ['v2', 'v3'], 'an UPSERT replaces the whole set');

    const shadow = '_acme-challenge.shadow.example.test';
    await submit(route53, 'Z02EXAMPLE2', [change('UPSERT', txtSet(shadow, ['"s"']))]);
    await submit(route53, 'Z03PRIVATE', [change('UPSERT', txtSet(shadow, ['"p"']))]);
    assert.deepEqual(await bed.txt(shadow), [], 'the second same-name zone and the private zone are not delegated');

    await endpoint.seedTxt('Z05OTHER', '_acme-challenge.other.test', ['foreign']);
    assert.deepEqual(await bed.txt('_acme-challenge.other.test'), ['foreign']);

    await submit(route53, 'Z01EXAMPLE1', [change('DELETE', txtSet(name, ['"v2"', '"v3"']))]);
    assert.deepEqual(await bed.txt(name), []);
    endpoint.assertNoUnexpectedRequests();
  });
});
