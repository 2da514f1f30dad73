import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createHttpClient } from '../../../net/http.js';
import { errorMessage, type Clock, type Logger } from '../../../runtime.js';
import type { DeployedRecord, DeployTarget, IssuedCertificate } from '../../target.js';
import { definition } from '../index.js';
import { startTestCa, type TestCa } from './certificates.js';
import { startFakeAcmApi, type FakeAcmApi } from './fake-api.js';

const USER = { accessKeyId: 'AKIACERTWRIGHTACM001', secretAccessKey: 'acm-test-secret-key-SECRET/0123456789abcdef' };
const WRONG_SECRET = 'not-the-right-secret-SECRET/0123456789abcdef';
const REGIONS = ['eu-west-1', 'us-east-1'];
/** Retries wait on this clock: the tests do not sleep through backoff. */
const instantClock: Clock = { now: () => Date.now(), sleep: () => Promise.resolve() };

function useEnv(values: Record<string, string | undefined>): () => void {
  const saved = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  const apply = (entries: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(entries)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(values);
  return () => apply(saved);
}

const awsEnv = (secretAccessKey = USER.secretAccessKey) => ({
  AWS_ACCESS_KEY_ID: USER.accessKeyId,
  AWS_SECRET_ACCESS_KEY: secretAccessKey,
  AWS_SESSION_TOKEN: undefined,
  AWS_PROFILE: undefined,
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_REGION: undefined,
  AWS_DEFAULT_REGION: undefined,
});

/** A logger that keeps every line, to check that no key reaches one. */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(m), debug: (m) => lines.push(m) };
}

describe('acm target against the local ACM', () => {
  let acm: FakeAcmApi;
  let ca: TestCa;
  let restore: () => void;
  let logger: ReturnType<typeof recordingLogger>;
  before(async () => {
    acm = await startFakeAcmApi({ credentials: [USER] });
    ca = startTestCa();
    restore = useEnv(awsEnv());
  });
  after(async () => {
    restore?.();
    await acm?.close();
  });

  const target = (values: Record<string, string> = {}): Promise<DeployTarget> => {
    logger = recordingLogger();
    return definition.configure({ 'acm-endpoint': acm.url, 'acm-regions': REGIONS.join(','), ...values }).create({
      logger,
      clock: instantClock,
      env: process.env,
      http: createHttpClient({ userAgent: 'certwright-test' }),
    });
  };
  /** The error a deploy fails with, as the user's one line shows it (causes included). */
  const failure = async (promise: Promise<unknown>): Promise<string> => {
    try {
      await promise;
    } catch (error) {
      return errorMessage(error);
    }
    return assert.fail('the deploy succeeded');
  };
  const assertNoKey = (certificate: IssuedCertificate, text: string) => {
    const keyBody = certificate.keyPem.split('\n')[1] ?? '';
    assert.ok(!text.includes(keyBody), 'the private key is in the output');
    assert.ok(!text.includes('PRIVATE KEY'), 'a PEM key block is in the output');
  };

  let first: DeployedRecord;
  let firstCertificate: IssuedCertificate;

  it('first deploy to two regions: a certificate per region holding the chain, tagged; the ARNs recorded per region', async () => {
    firstCertificate = ca.issue('www.example.test');
    first = await (await target({ 'acm-tags': 'team=web,env=prod' })).deploy(firstCertificate, undefined);
    assert.equal(first.serial, firstCertificate.serial);
    assert.deepEqual(Object.keys(first.details ?? {}).sort(), REGIONS);
    for (const region of REGIONS) {
      const arn = first.details?.[region] ?? '';
      assert.match(arn, new RegExp(`^arn:aws:acm:${region}:123456789012:certificate/[0-9a-f-]{36}$`));
      const held = acm.certificate(arn);
      assert.equal(held?.region, region);
      assert.equal(held?.serial.replace(/:/g, ''), firstCertificate.serial);
      assert.equal(held?.chainPem, ca.chainPem);
      assert.equal(held?.keyAlgorithm, 'EC_prime256v1');
      assert.deepEqual(
        [...(held?.tags ?? [])],
        [
          ['team', 'web'],
          ['env', 'prod'],
        ],
      );
    }
    assert.equal(first.id, REGIONS.map((region) => first.details?.[region]).join(','));
    // A first deploy looks for a copy an earlier, failed run left, then imports: one import per region.
    assert.deepEqual(
      acm
        .calls('ImportCertificate')
        .map((c) => c.region)
        .sort(),
      REGIONS,
    );
    assertNoKey(firstCertificate, logger.lines.join('\n'));
    acm.assertNoUnexpectedRequests();
  });

  it('a renewal re-imports into the same ARNs: ARNs unchanged, serial new, no new certificate, tags kept', async () => {
    const before = acm.certificates().length;
    const renewed = ca.issue('www.example.test');
    const record = await (await target({ 'acm-tags': 'team=web,env=prod' })).deploy(renewed, first);
    assert.deepEqual(record.details, first.details);
    assert.equal(record.id, first.id);
    assert.equal(record.serial, renewed.serial);
    assert.notEqual(renewed.serial, firstCertificate.serial);
    assert.equal(acm.certificates().length, before);
    for (const region of REGIONS) {
      const held = acm.certificate(first.details?.[region] ?? '');
      assert.equal(held?.serial.replace(/:/g, ''), renewed.serial);
      assert.deepEqual(
        held?.imports.map((i) => i.serial.replace(/:/g, '')),
        [firstCertificate.serial, renewed.serial],
      );
      assert.equal(held?.tags.get('team'), 'web');
    }
    acm.assertNoUnexpectedRequests();
  });

  it('adopts an existing ARN: the first deploy re-imports into it (no new certificate) and tags it', async () => {
    const existing = acm.seed('us-east-1', { certPem: ca.issue('api.example.test').certPem, chainPem: ca.chainPem });
    const count = acm.certificates('us-east-1').length;
    const certificate = ca.issue('api.example.test');
    const configured = definition.configure({
      'acm-endpoint': acm.url,
      'acm-certificate-arn': existing,
      'acm-tags': 'owner=certwright',
    });
    assert.equal(configured.key, `acm:us-east-1:${existing.replace(/^.*\//, '')}`);
    const record = await (
      await target({ 'acm-regions': '', 'acm-certificate-arn': existing, 'acm-tags': 'owner=certwright' })
    ).deploy(certificate, undefined);
    assert.equal(record.id, existing);
    assert.deepEqual(record.details, { 'us-east-1': existing });
    assert.equal(acm.certificates('us-east-1').length, count);
    assert.equal(acm.certificate(existing)?.serial.replace(/:/g, ''), certificate.serial);
    assert.equal(acm.certificate(existing)?.tags.get('owner'), 'certwright');
    acm.assertNoUnexpectedRequests();
  });

  it('refuses to adopt a certificate ACM issued itself, naming acm-certificate-arn', async () => {
    const amazonIssued = acm.seed('us-east-1', {
      certPem: ca.issue('old.example.test').certPem,
      type: 'AMAZON_ISSUED',
    });
    const message = await failure(
      (await target({ 'acm-regions': 'us-east-1', 'acm-certificate-arn': amazonIssued })).deploy(
        ca.issue('old.example.test'),
        undefined,
      ),
    );
    assert.match(
      message,
      /^acm: acm-certificate-arn arn:\S+ is an AMAZON_ISSUED certificate; ACM re-imports only into certificates that were imported/,
    );
  });

  it('refuses, before any call, keys and chains ACM would refuse, in one line naming the fix and never the key', async () => {
    const deployer = await target();
    const calls = acm.vendor.requests.length;
    const good = ca.issue('rules.example.test');
    const [intermediate = '', root = ''] =
      ca.chainPem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/g) ?? [];
    const cases: [string, IssuedCertificate, RegExp][] = [
      [
        'RSA 1536',
        ca.issue('rsa.example.test', { keyType: 'rsa-1536' }),
        /^acm: the certificate's key is RSA 1536 bits; ACM imports RSA 1024, 2048, 3072 or 4096 bits, or ECDSA P-256, P-384 or P-521 keys: set key-type to ecdsa-p256 or rsa-2048$/,
      ],
      [
        'Ed25519',
        ca.issue('ed.example.test', { keyType: 'ed25519' }),
        /^acm: the certificate's key is ed25519; ACM imports .*: set key-type to ecdsa-p256 or rsa-2048$/,
      ],
      [
        'an encrypted key',
        { ...good, keyPem: '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n' },
        /^acm: the private key is encrypted; ACM imports unencrypted keys only/,
      ],
      [
        'a key of another certificate',
        { ...good, keyPem: ca.issue('other.example.test').keyPem },
        /^acm: the private key does not belong to the certificate/,
      ],
      [
        'the chain upside down',
        { ...good, chainPem: root + intermediate },
        /^acm: the chain is out of order: certificate 1 of the chain \(CN=ACM Test Root\) did not issue the certificate; ACM wants the leaf's issuer first/,
      ],
      [
        'the full chain as the chain',
        { ...good, chainPem: good.certPem + ca.chainPem },
        /^acm: the chain holds the certificate itself; ACM wants the intermediates only \(chain\.pem, not fullchain\.pem\)$/,
      ],
      ['no chain', { ...good, chainPem: '' }, /^acm: the chain is empty; ACM needs the intermediates/],
      [
        'the full chain as the certificate',
        { ...good, certPem: good.certPem + ca.chainPem },
        /^acm: the certificate holds 3 certificates; ACM imports one/,
      ],
      ['a certificate not yet valid', ca.issue('late.example.test', { days: 1 }), /./],
    ];
    // The last case: move the clock past the certificate's end instead of waiting for it.
    const lateClock: Clock = { now: () => Date.now() + 3 * 86_400_000, sleep: () => Promise.resolve() };
    for (const [what, certificate, expected] of cases) {
      const deployerFor = what.startsWith('a certificate not yet')
        ? await definition.configure({ 'acm-endpoint': acm.url, 'acm-regions': 'us-east-1' }).create({
            logger,
            clock: lateClock,
            env: process.env,
            http: createHttpClient({ userAgent: 'certwright-test' }),
          })
        : deployer;
      const message = await failure(deployerFor.deploy(certificate, undefined));
      if (what.startsWith('a certificate not yet'))
        assert.match(
          message,
          /^acm: the certificate is valid from .* not now; ACM imports only a current certificate$/,
          what,
        );
      else assert.match(message, expected, what);
      assert.ok(!message.includes('\n'), `${what}: one line`);
      assertNoKey(certificate, message);
    }
    assert.equal(acm.vendor.requests.length, calls, 'nothing was sent to ACM');
  });

  it('retries ThrottlingException and then imports', async () => {
    acm.throttleNext(2, 'ImportCertificate');
    const before = acm.calls('ImportCertificate').length;
    const record = await (
      await target({ 'acm-regions': 'us-east-1' })
    ).deploy(ca.issue('busy.example.test'), undefined);
    const calls = acm.calls('ImportCertificate').slice(before);
    assert.deepEqual(
      calls.map((c) => c.status),
      [400, 400, 200],
    );
    assert.equal(acm.certificate(record.id)?.region, 'us-east-1');
    assert.ok(logger.lines.some((line) => /ThrottlingException; retrying/.test(line)));
  });

  it('a wrong secret key: one line naming the credential problem, without the secret or the key', async () => {
    const back = useEnv({ AWS_SECRET_ACCESS_KEY: WRONG_SECRET });
    try {
      const certificate = ca.issue('denied.example.test');
      const message = await failure((await target({ 'acm-regions': 'us-east-1' })).deploy(certificate, undefined));
      assert.match(
        message,
        /^acm: ListCertificates for us-east-1 in us-east-1: AWS refused the credentials \(InvalidSignatureException\); check the credentials step before this one/,
      );
      assert.ok(!message.includes(WRONG_SECRET) && !message.includes(USER.secretAccessKey));
      assert.ok(!message.includes('\n'));
      assertNoKey(certificate, message + logger.lines.join('\n'));
    } finally {
      back();
    }
  });

  it('a retry after one region failed finds the copy the failed run imported instead of importing twice', async () => {
    // eu-west-1 is at its quota, so the deploy fails there after us-east-1 imported.
    const limited = await startFakeAcmApi({ credentials: [USER], importLimit: 1 });
    try {
      const blocker = limited.seed('eu-west-1', {
        certPem: ca.issue('blocker.example.test').certPem,
        chainPem: ca.chainPem,
      });
      const certificate = ca.issue('retry.example.test');
      const make = () =>
        definition.configure({ 'acm-endpoint': limited.url, 'acm-regions': REGIONS.join(',') }).create({
          logger: recordingLogger(),
          clock: instantClock,
          env: process.env,
          http: createHttpClient({ userAgent: 'certwright-test' }),
        });
      const message = await failure((await make()).deploy(certificate, undefined));
      assert.match(
        message,
        /^acm: ImportCertificate for a new certificate in eu-west-1 in eu-west-1: LimitExceededException: .*; delete unused imported certificates or ask AWS for a higher ACM quota$/,
      );
      assert.equal(limited.certificates('us-east-1').length, 1);
      limited.remove(blocker);
      const record = await (await make()).deploy(certificate, undefined);
      assert.equal(limited.certificates('us-east-1').length, 1, 'us-east-1 kept the one certificate');
      assert.equal(record.details?.['us-east-1'], limited.certificates('us-east-1')[0]?.arn);
      assert.equal(
        limited.certificate(record.details?.['eu-west-1'] ?? '')?.serial.replace(/:/g, ''),
        certificate.serial,
      );
      limited.assertNoUnexpectedRequests();
    } finally {
      await limited.close();
    }
  });

  it('a recorded certificate deleted meanwhile gets a new one, with a warning naming the old ARN', async () => {
    const certificate = ca.issue('gone.example.test');
    const record = await (await target({ 'acm-regions': 'us-east-1' })).deploy(certificate, undefined);
    acm.remove(record.id);
    const renewed = await (await target({ 'acm-regions': 'us-east-1' })).deploy(ca.issue('gone.example.test'), record);
    assert.notEqual(renewed.id, record.id);
    assert.ok(acm.certificate(renewed.id));
    assert.ok(logger.lines.some((line) => line.includes(`${record.id} no longer exists`)));
  });

  it('without acm-regions, deploys to AWS_REGION; with neither, says what to set', async () => {
    const back = useEnv({ AWS_REGION: 'ap-southeast-2' });
    try {
      const record = await (await target({ 'acm-regions': '' })).deploy(ca.issue('env.example.test'), undefined);
      assert.match(record.id, /^arn:aws:acm:ap-southeast-2:/);
    } finally {
      back();
    }
    await assert.rejects(target({ 'acm-regions': '' }), {
      message:
        'acm-regions: not set, and neither is AWS_REGION or AWS_DEFAULT_REGION; set acm-regions (us-east-1 for CloudFront) or aws-region in aws-actions/configure-aws-credentials',
    });
  });
});

describe('acm options', () => {
  const arn = 'arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012';
  const cases: [Record<string, string>, string][] = [
    [
      { 'acm-regions': 'us-east-1,Europe' },
      'acm-regions: "Europe" is not an AWS region; expected regions such as us-east-1, eu-west-1',
    ],
    [
      { 'acm-certificate-arn': 'arn:aws:iam::123456789012:role/x' },
      'acm-certificate-arn: "arn:aws:iam::123456789012:role/x" is not an ACM certificate ARN; expected one such as arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012',
    ],
    [
      { 'acm-regions': 'eu-west-1', 'acm-certificate-arn': arn },
      `acm-certificate-arn: ${arn} is in us-east-1, which acm-regions (eu-west-1) does not list; add us-east-1 to acm-regions or drop the ARN`,
    ],
    [
      { 'acm-certificate-arn': `${arn},${arn.replace('/1234', '/2234')}` },
      `acm-certificate-arn: two certificates in us-east-1 (${arn}, ${arn.replace('/1234', '/2234')}); give at most one per region`,
    ],
    [{ 'acm-tags': 'team' }, 'acm-tags: "team" is not key=value; expected pairs such as team=web,env=prod'],
    [
      { 'acm-tags': 'aws:owner=me' },
      'acm-tags: "aws:owner" starts with aws:, which AWS keeps for itself; pick another key',
    ],
    [{ 'acm-tags': 'a=1,a=2' }, 'acm-tags: the key "a" is given twice; give each key once'],
    [
      { 'acm-tags': 'a=b!' },
      'acm-tags: "a=b!" breaks ACM\'s tag rules; keys up to 128 and values up to 256 characters, of letters, digits, spaces and _ . : / = + - @',
    ],
    [
      { 'acm-endpoint': 'http://acm.example.test' },
      "acm-endpoint: http://acm.example.test is plain http, so the provider's credentials would cross the network readable; use https (plain http only for a loopback address such as 127.0.0.1)",
    ],
  ];
  for (const [values, message] of cases)
    it(`refuses ${JSON.stringify(values)}`, () => assert.throws(() => definition.configure(values), { message }));

  it('keys the state by the sorted regions, and says where it deploys', () => {
    const configured = definition.configure({ 'acm-regions': 'us-east-1, eu-west-1 us-east-1' });
    assert.equal(configured.key, 'acm:eu-west-1,us-east-1');
    assert.equal(configured.description, 'acm (eu-west-1, us-east-1)');
    assert.equal(definition.configure({}).key, 'acm:AWS_REGION');
  });
});
