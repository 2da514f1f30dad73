/**
 * The local ACM answers as ACM does, driven by the real SDK: signatures checked, regions kept
 * apart by the signature's scope, import rules and error shapes as ACM's.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ACMClient,
  AddTagsToCertificateCommand,
  DescribeCertificateCommand,
  ImportCertificateCommand,
  ListCertificatesCommand,
} from '@aws-sdk/client-acm';
import { startTestCa, type TestCa } from './certificates.js';
import { startFakeAcmApi, type FakeAcmApi } from './fake-api.js';

const USER = { accessKeyId: 'AKIAACMFAKETEST00001', secretAccessKey: 'fake-acm-secret-SECRET/0123456789abcdef' };

describe('fake ACM API', () => {
  let acm: FakeAcmApi;
  let ca: TestCa;
  before(async () => {
    acm = await startFakeAcmApi({
      credentials: [USER, { ...USER, accessKeyId: 'AKIAACMFAKEDENIED001', deny: ['ImportCertificate'] }],
      pageSize: 2,
    });
    ca = startTestCa();
  });
  after(() => acm?.close());

  const client = (region: string, credentials: { accessKeyId: string; secretAccessKey: string } = USER) =>
    new ACMClient({ region, endpoint: acm.url, credentials, maxAttempts: 1 });
  const pem = (certificate: { certPem: string; chainPem: string; keyPem: string }) => ({
    Certificate: Buffer.from(certificate.certPem),
    CertificateChain: Buffer.from(certificate.chainPem),
    PrivateKey: Buffer.from(certificate.keyPem),
  });
  const rejection = async (promise: Promise<unknown>): Promise<{ name: string; message: string }> => {
    try {
      await promise;
    } catch (error) {
      return error as { name: string; message: string };
    }
    return assert.fail('the call succeeded');
  };

  it('imports, describes and re-imports into the same ARN, keeping what each ARN holds', async () => {
    const first = ca.issue('one.example.test');
    const { CertificateArn: arn = '' } = await client('us-east-1').send(
      new ImportCertificateCommand({ ...pem(first), Tags: [{ Key: 'team', Value: 'web' }] }),
    );
    assert.match(arn, /^arn:aws:acm:us-east-1:123456789012:certificate\//);
    const second = ca.issue('one.example.test');
    await client('us-east-1').send(new ImportCertificateCommand({ ...pem(second), CertificateArn: arn }));
    const { Certificate: described } = await client('us-east-1').send(
      new DescribeCertificateCommand({ CertificateArn: arn }),
    );
    assert.equal(described?.Serial?.replace(/:/g, ''), second.serial);
    assert.equal(described?.Type, 'IMPORTED');
    assert.equal(described?.DomainName, 'one.example.test');
    assert.ok(described?.NotAfter instanceof Date);
    assert.deepEqual(
      acm.certificate(arn)?.imports.map((i) => i.serial.replace(/:/g, '')),
      [first.serial, second.serial],
    );
    assert.equal(acm.certificate(arn)?.tags.get('team'), 'web');
    acm.assertNoUnexpectedRequests();
  });

  it('keeps regions apart by the signature scope: an ARN of another region is not found', async () => {
    const { CertificateArn: arn = '' } = await client('eu-west-1').send(
      new ImportCertificateCommand(pem(ca.issue('eu.example.test'))),
    );
    const error = await rejection(client('us-east-1').send(new DescribeCertificateCommand({ CertificateArn: arn })));
    assert.equal(error.name, 'ResourceNotFoundException');
    assert.equal(acm.certificate(arn)?.region, 'eu-west-1');
  });

  it('refuses tags on a re-import, a key of another certificate and a chain out of order with ValidationException', async () => {
    const certificate = ca.issue('rules.example.test');
    const { CertificateArn: arn = '' } = await client('us-east-1').send(new ImportCertificateCommand(pem(certificate)));
    const tagged = await rejection(
      client('us-east-1').send(
        new ImportCertificateCommand({ ...pem(certificate), CertificateArn: arn, Tags: [{ Key: 'a', Value: 'b' }] }),
      ),
    );
    assert.deepEqual(
      [tagged.name, tagged.message],
      ['ValidationException', 'Tags cannot be applied when reimporting a certificate.'],
    );
    const mismatch = await rejection(
      client('us-east-1').send(
        new ImportCertificateCommand(pem({ ...certificate, keyPem: ca.issue('x.example.test').keyPem })),
      ),
    );
    assert.deepEqual(
      [mismatch.name, mismatch.message],
      ['ValidationException', 'The private key does not match the public key in the certificate.'],
    );
    const [intermediate = '', root = ''] =
      ca.chainPem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/g) ?? [];
    const order = await rejection(
      client('us-east-1').send(new ImportCertificateCommand(pem({ ...certificate, chainPem: root + intermediate }))),
    );
    assert.equal(order.name, 'ValidationException');
    const rsa1536 = await rejection(
      client('us-east-1').send(new ImportCertificateCommand(pem(ca.issue('r.example.test', { keyType: 'rsa-1536' })))),
    );
    assert.deepEqual([rsa1536.name, rsa1536.message], ['ValidationException', 'The private key is not supported.']);
    const badTag = await rejection(
      client('us-east-1').send(
        new AddTagsToCertificateCommand({ CertificateArn: arn, Tags: [{ Key: 'aws:x', Value: '1' }] }),
      ),
    );
    assert.equal(badTag.name, 'InvalidTagException');
  });

  it('checks SigV4: a wrong secret, an unknown key, a denied action and an unsigned request', async () => {
    const certificate = ca.issue('auth.example.test');
    const wrong = await rejection(
      client('us-east-1', { ...USER, secretAccessKey: 'wrong' }).send(new ImportCertificateCommand(pem(certificate))),
    );
    assert.equal(wrong.name, 'InvalidSignatureException');
    const unknown = await rejection(
      client('us-east-1', { accessKeyId: 'AKIAUNKNOWNUNKNOWN01', secretAccessKey: 'x' }).send(
        new ImportCertificateCommand(pem(certificate)),
      ),
    );
    assert.equal(unknown.name, 'UnrecognizedClientException');
    const denied = await rejection(
      client('us-east-1', { accessKeyId: 'AKIAACMFAKEDENIED001', secretAccessKey: USER.secretAccessKey }).send(
        new ImportCertificateCommand(pem(certificate)),
      ),
    );
    assert.equal(denied.name, 'AccessDeniedException');
    const unsigned = await fetch(`${acm.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'CertificateManager.ListCertificates' },
      body: '{}',
    });
    assert.equal(unsigned.status, 403);
    assert.equal(((await unsigned.json()) as { __type: string }).__type, 'MissingAuthenticationTokenException');
  });

  it('answers scripted throttling as ThrottlingException, then serves the call', async () => {
    acm.throttleNext(1, 'ListCertificates');
    const throttled = await rejection(client('us-east-1').send(new ListCertificatesCommand({})));
    assert.deepEqual([throttled.name, throttled.message], ['ThrottlingException', 'Rate exceeded']);
    await client('us-east-1').send(new ListCertificatesCommand({}));
  });

  it('lists RSA 2048 keys only unless asked for other key types, a page at a time', async () => {
    const region = 'ca-central-1';
    await client(region).send(new ImportCertificateCommand(pem(ca.issue('l1.example.test'))));
    await client(region).send(new ImportCertificateCommand(pem(ca.issue('l2.example.test', { keyType: 'rsa-2048' }))));
    await client(region).send(new ImportCertificateCommand(pem(ca.issue('l3.example.test'))));
    const plain = await client(region).send(new ListCertificatesCommand({}));
    assert.deepEqual(
      plain.CertificateSummaryList?.map((s) => s.DomainName),
      ['l2.example.test'],
    );
    const first = await client(region).send(
      new ListCertificatesCommand({ Includes: { keyTypes: ['EC_prime256v1', 'RSA_2048'] } }),
    );
    assert.equal(first.CertificateSummaryList?.length, 2);
    assert.ok(first.NextToken);
    const next = await client(region).send(
      new ListCertificatesCommand({
        Includes: { keyTypes: ['EC_prime256v1', 'RSA_2048'] },
        NextToken: first.NextToken,
      }),
    );
    assert.deepEqual(
      next.CertificateSummaryList?.map((s) => s.DomainName),
      ['l3.example.test'],
    );
    assert.equal(next.NextToken, undefined);
  });
});
