import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { captureLogger, type CapturedLog } from '../../../testing/engine.js';
import { createHttpClient } from '../../../net/http.js';
import type { Clock } from '../../../runtime.js';
import type { DeployContext, DeployedRecord, IssuedCertificate } from '../../target.js';
import { testCertificate } from '../../testing/test-certificate.js';
import { definition } from '../index.js';
import { CERTIFICATE_MANAGER_EDITOR, startFakeCertificateManager, type FakeCertificateManager } from './fake-api.js';

const PROJECT = 'certwright-test';
const AUDIENCE =
  '//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/github/providers/certwright';
const POOL =
  'principal://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/github/subject';
const EDITOR = `${POOL}/repo:certwright/app:ref:refs/heads/main`;
const LEAST = `${POOL}/repo:certwright/least`;
const VIEWER = `${POOL}/repo:certwright/viewer`;
/** The OIDC tokens GitHub hands the workflow, one per identity (what STS trades). */
const OIDC = {
  editor: 'oidc-token-SECRET-editor',
  least: 'oidc-token-SECRET-least',
  viewer: 'oidc-token-SECRET-viewer',
};

/** A clock that notes the waits asked for and lets time pass at once. */
function instantClock(): Clock & { waits: number[] } {
  let now = Date.now();
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    sleep: (ms) => {
      waits.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

/** The external_account file google-github-actions/auth writes, with the OIDC token in a file. */
async function credentialsFor(cm: FakeCertificateManager, subjectToken: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'certwright-gcm-'));
  await writeFile(join(dir, 'token'), subjectToken);
  const path = join(dir, 'credentials.json');
  const file = {
    type: 'external_account',
    audience: AUDIENCE,
    subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
    token_url: cm.google.stsUrl,
    credential_source: { file: join(dir, 'token') },
  };
  await writeFile(path, JSON.stringify(file), { mode: 0o600 });
  return path;
}

describe('google-certificate-manager target against the local Certificate Manager and STS', () => {
  let cm: FakeCertificateManager;
  const files: Record<keyof typeof OIDC, string> = { editor: '', least: '', viewer: '' };

  before(async () => {
    cm = await startFakeCertificateManager({
      google: {
        project: PROJECT,
        principals: [{ name: EDITOR }, { name: LEAST }, { name: VIEWER }],
        workloadIdentity: {
          audience: AUDIENCE,
          subjects: { [OIDC.editor]: EDITOR, [OIDC.least]: LEAST, [OIDC.viewer]: VIEWER },
        },
      },
      permissions: {
        [EDITOR]: CERTIFICATE_MANAGER_EDITOR,
        [LEAST]: [
          'certificatemanager.certs.create',
          'certificatemanager.certs.update',
          'certificatemanager.operations.get',
        ],
        [VIEWER]: ['certificatemanager.certs.get', 'certificatemanager.operations.get'],
      },
      pendingPolls: 2,
    });
    for (const who of Object.keys(OIDC) as (keyof typeof OIDC)[]) files[who] = await credentialsFor(cm, OIDC[who]);
  });
  after(() => cm?.close());

  function context(who: keyof typeof OIDC = 'editor') {
    const logger: CapturedLog = captureLogger();
    const clock = instantClock();
    const env = { GOOGLE_APPLICATION_CREDENTIALS: files[who], GOOGLE_CLOUD_PROJECT: PROJECT };
    const run: DeployContext = { logger, clock, env, http: createHttpClient({ userAgent: 'certwright-test' }) };
    return { context: run, logger, clock };
  }

  async function deploy(
    values: Record<string, string>,
    certificate: IssuedCertificate,
    previous?: DeployedRecord,
    run = context(),
  ): Promise<DeployedRecord> {
    const configured = definition.configure({ 'google-certificate-manager-api-url': cm.apiUrl, ...values });
    return (await configured.create(run.context)).deploy(certificate, previous);
  }

  function secretsOf(certificate: IssuedCertificate): string[] {
    const keyLines = certificate.keyPem.split('\n').filter((line) => line.length > 16 && !line.startsWith('-----'));
    return [...cm.google.issuedTokens(), ...Object.values(OIDC), ...keyLines];
  }

  it("first deploy: a self-managed certificate created in the credentials' project, its resource name recorded", async () => {
    const certificate = await testCertificate({ name: 'www.example.test', domains: ['www.example.test'] });
    const run = context();
    const record = await deploy({}, certificate, undefined, run);
    const name = `projects/${PROJECT}/locations/global/certificates/www-example-test`;
    assert.equal(record.id, name);
    assert.equal(record.serial, certificate.serial);
    assert.deepEqual(record.details, { project: PROJECT, location: 'global', certificate: 'www-example-test' });
    const stored = cm.certificate(name);
    assert.equal(stored?.serial, certificate.serial);
    assert.equal(stored?.pemCertificate, certificate.certPem + certificate.chainPem, 'the full chain');
    assert.equal(stored?.pemPrivateKey, certificate.keyPem);
    assert.deepEqual(stored?.sanDnsnames, ['www.example.test']);
    const calls = cm.api.requests.map((r) => `${r.route ?? ''} ${r.status}`);
    const poll = `${cm.routes.operation} 200`;
    assert.deepEqual(calls, [`${cm.routes.create} 200`, poll, poll, poll], 'created, then polled until done');
    assert.equal(run.clock.waits.length, 2, 'a pause between polls');
    for (const secret of secretsOf(certificate))
      assert.ok(!run.logger.lines.join('\n').includes(secret), 'no key or token in the log');
    cm.assertNoUnexpectedRequests();
  });

  it('renewal: the same certificate updated in place (PATCH updateMask=selfManaged), same resource name', async () => {
    const values = {
      'google-certificate-manager-certificate': 'shop',
      'google-certificate-manager-location': 'europe-west1',
    };
    const first = await testCertificate({ name: 'shop.example.test', domains: ['shop.example.test'], key: 'rsa' });
    const before = await deploy(values, first);
    const second = await testCertificate({ name: 'shop.example.test', domains: ['shop.example.test'] });
    const after = await deploy(values, second, before);
    assert.equal(after.id, before.id);
    assert.equal(after.id, `projects/${PROJECT}/locations/europe-west1/certificates/shop`);
    const stored = cm.certificate(after.id);
    assert.equal(stored?.serial, second.serial);
    assert.equal(stored?.writes, 2, 'created once, updated once');
    const patch = cm.api.requests.find((r) => r.route === cm.routes.patch && r.path.endsWith('/certificates/shop'));
    assert.equal(patch?.query.get('updateMask'), 'selfManaged');
    cm.assertNoUnexpectedRequests();
  });

  it('a first deploy onto an ID that exists (ALREADY_EXISTS) updates it; a renewal of one deleted since (NOT_FOUND) creates it', async () => {
    const values = { 'google-certificate-manager-certificate': 'adopted' };
    const name = `projects/${PROJECT}/locations/global/certificates/adopted`;
    await deploy(values, await testCertificate({ name: 'a.example.test', domains: ['a.example.test'] }));
    const again = await testCertificate({ name: 'a.example.test', domains: ['a.example.test'] });
    const record = await deploy(values, again);
    assert.equal(cm.certificate(name)?.serial, again.serial);
    assert.equal(cm.certificate(name)?.writes, 2);
    cm.remove(name);
    const renewed = await testCertificate({ name: 'a.example.test', domains: ['a.example.test'] });
    await deploy(values, renewed, record);
    assert.equal(cm.certificate(name)?.serial, renewed.serial);
    assert.equal(cm.certificate(name)?.writes, 1, 'created anew');
  });

  it('the three permissions of the least-privilege role are enough', async () => {
    const certificate = await testCertificate({ name: 'least.example.test', domains: ['least.example.test'] });
    const first = await deploy({}, certificate, undefined, context('least'));
    const renewed = await testCertificate({ name: 'least.example.test', domains: ['least.example.test'] });
    const record = await deploy({}, renewed, first, context('least'));
    assert.equal(cm.certificate(record.id)?.serial, renewed.serial);
  });

  it('PERMISSION_DENIED: one line with the permission and the role to grant, no key or token', async () => {
    const certificate = await testCertificate({ name: 'denied.example.test', domains: ['denied.example.test'] });
    await assert.rejects(deploy({}, certificate, undefined, context('viewer')), (error: Error) => {
      assert.equal(
        error.message,
        `google-certificate-manager: creating certificate projects/${PROJECT}/locations/global/certificates/denied-example-test: ` +
          `PERMISSION_DENIED: Permission 'certificatemanager.certs.create' denied on 'projects/${PROJECT}/locations/global/certificates/denied-example-test'; ` +
          'give the identity roles/certificatemanager.editor on the project, or a custom role with ' +
          'certificatemanager.certs.create, certificatemanager.certs.update, certificatemanager.operations.get; ' +
          'check google-certificate-manager-project too',
      );
      for (const secret of secretsOf(certificate)) assert.ok(!error.message.includes(secret), 'no secret');
      return true;
    });
  });

  it('an operation that ends in an error: its google.rpc.Status in one line', async () => {
    cm.failNextOperation({ code: 3, message: 'Certificate chain is invalid.' });
    const certificate = await testCertificate({ name: 'bad.example.test', domains: ['bad.example.test'] });
    await assert.rejects(deploy({}, certificate), (error: Error) => {
      assert.match(
        error.message,
        /^google-certificate-manager: projects\/certwright-test\/locations\/global\/certificates\/bad-example-test: projects\/certwright-test\/locations\/global\/operations\/operation-\S+ failed: INVALID_ARGUMENT: Certificate chain is invalid; Certificate Manager takes RSA/,
      );
      return true;
    });
  });

  it('429 RESOURCE_EXHAUSTED is retried (after Retry-After when given, else with backoff)', async () => {
    const certificate = await testCertificate({ name: 'busy.example.test', domains: ['busy.example.test'] });
    const withWait = cm.throttleNext(1, cm.routes.create, 2);
    const withoutWait = cm.throttleNext(1, cm.routes.create);
    const run = context();
    const record = await deploy({}, certificate, undefined, run);
    assert.equal(withWait.served + withoutWait.served, 2);
    assert.equal(run.clock.waits[0], 2000, 'the first retry waited as Retry-After said');
    assert.ok((run.clock.waits[1] ?? 0) > 0 && (run.clock.waits[1] ?? 0) <= 1000, 'the second backed off');
    assert.equal(cm.certificate(record.id)?.serial, certificate.serial);
    assert.ok(run.logger.lines.some((line) => /creating certificate .*: HTTP 429; retrying/.test(line)));
  });

  it('settings: one-line errors naming the option', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [
        { 'google-certificate-manager-certificate': 'Www.Example' },
        /^google-certificate-manager-certificate: "Www\.Example" is not a certificate ID/,
      ],
      [
        { 'google-certificate-manager-location': 'Europe West' },
        /^google-certificate-manager-location: "Europe West" is not a location/,
      ],
      [{ 'google-certificate-manager-project': 'x' }, /^google-certificate-manager-project: "x" is not a project ID/],
      [
        { 'google-certificate-manager-api-url': 'http://cm.example.com' },
        /^google-certificate-manager-api-url: http:\/\/cm\.example\.com is plain http/,
      ],
    ];
    for (const [values, expected] of cases)
      assert.throws(
        () => definition.configure(values),
        (error: Error) => expected.test(error.message),
      );
    const configured = definition.configure({
      'google-certificate-manager-project': 'my-project',
      'google-certificate-manager-certificate': 'web',
    });
    assert.equal(configured.key, 'google-certificate-manager:my-project/global/web');
  });
});
