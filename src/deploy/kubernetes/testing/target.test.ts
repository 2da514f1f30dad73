import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { chmod, mkdtemp, readFile, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { createHttpClient } from '../../../net/http.js';
import { systemClock, USER_AGENT, type Logger } from '../../../runtime.js';
import { makeTlsCertificate } from '../../../testing/testbed.js';
import type { DeployContext, IssuedCertificate } from '../../target.js';
import { definition, parseSecretRef } from '../index.js';
import { KubernetesTarget, type KubernetesSettings } from '../target.js';
import { startFakeKubernetesApi, type FakeKubernetesApi } from './fake-api.js';

const EXEC_TOKEN = 'k8s-aws-v1.EXEC-TOKEN-SECRET-0123456789';
const STATIC_TOKEN = 'static-token-SECRET-abcdef';
const SA_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.service-account-SECRET';
const READ_ONLY_TOKEN = 'read-only-token-SECRET';
const KEY_MARKER = 'PRIVATE-KEY-MATERIAL-SECRET';

function certificate(serial: string): IssuedCertificate {
  return {
    name: 'example.test',
    domains: ['example.test', '*.example.test'],
    certPem: `-----BEGIN CERTIFICATE-----\nLEAF${serial}\n-----END CERTIFICATE-----\n`,
    chainPem: '-----BEGIN CERTIFICATE-----\nINTERMEDIATE\n-----END CERTIFICATE-----\n',
    keyPem: `-----BEGIN PRIVATE KEY-----\n${KEY_MARKER}${serial}\n-----END PRIVATE KEY-----\n`,
    serial,
    notAfter: new Date('2030-01-01T00:00:00Z'),
  };
}

/** A logger that keeps every line, to show what never reaches it. */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(`info: ${m}`),
    warn: (m) => lines.push(`warn: ${m}`),
    debug: (m) => lines.push(`debug: ${m}`),
  };
}

/**
 * A kubeconfig exec credential plugin, as `aws eks get-token` is one: it counts its runs, keeps
 * what it was given (args, KUBERNETES_EXEC_INFO, which variables it saw), chatters on stderr with
 * the token in it, and prints an ExecCredential. The first STALE_RUNS runs print a token the
 * API server refuses (an expired one).
 */
const PLUGIN = `#!/bin/sh
dir="$PLUGIN_STATE"
n=$(cat "$dir/count" 2>/dev/null || echo 0); n=$((n+1)); echo "$n" > "$dir/count"
printf '%s' "$KUBERNETES_EXEC_INFO" > "$dir/exec-info"
printf '%s\\n' "$@" > "$dir/args"
env | cut -d= -f1 | sort > "$dir/env-names"
echo "plugin: fetched token $TOKEN for the cluster" >&2
if [ -n "$FAIL" ]; then echo "plugin: failing, token was $TOKEN" >&2; exit 3; fi
token="$TOKEN"; if [ "$n" -le "\${STALE_RUNS:-0}" ]; then token="expired-token"; fi
printf '{"apiVersion":"client.authentication.k8s.io/%s","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"%s"}}\\n' "\${VERSION:-v1}" "$token" "$EXPIRES"
`;

describe('kubernetes target against the fake API server', () => {
  let dir: string;
  let api: FakeKubernetesApi;
  let caPem: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'certwright-k8s-'));
    const tls = await makeTlsCertificate(dir);
    caPem = tls.caPem;
    api = await startFakeKubernetesApi({
      tls: { certPem: await readFile(tls.certFile, 'utf8'), keyPem: await readFile(tls.keyFile, 'utf8') },
      namespaces: ['ingress', 'prod', 'other'],
      tokens: {
        [EXEC_TOKEN]: {
          user: 'arn:aws:iam::123:role/deployer',
          rules: [
            { namespace: 'ingress', verbs: ['get', 'create', 'update'] },
            { namespace: 'prod', verbs: ['get', 'update'], resourceNames: ['web-tls'] },
            { namespace: 'prod', verbs: ['create'] },
          ],
        },
        [STATIC_TOKEN]: { user: 'ci', rules: [{ namespace: 'ingress', verbs: ['get', 'create', 'update'] }] },
        [SA_TOKEN]: {
          user: 'system:serviceaccount:ingress:certwright',
          rules: [{ namespace: 'ingress', verbs: ['get', 'create', 'update'] }],
        },
        [READ_ONLY_TOKEN]: { user: 'reader', rules: [{ namespace: 'ingress', verbs: ['get'] }] },
      },
    });
  });
  after(() => api.close());

  let cases = 0;
  /** A fresh folder with the plugin and a kubeconfig whose user runs it; `user` replaces that user. */
  async function kubeconfig(
    options: {
      pluginEnv?: Record<string, string>;
      user?: Record<string, unknown>;
      cluster?: Record<string, unknown>;
    } = {},
  ): Promise<{ path: string; state: string }> {
    const home = join(dir, `case-${++cases}`);
    const state = join(home, 'state');
    await mkdir(state, { recursive: true });
    await writeFile(join(home, 'get-token.sh'), PLUGIN);
    await chmod(join(home, 'get-token.sh'), 0o755);
    const expires = new Date(Date.now() + 3_600_000).toISOString();
    const user = options.user ?? {
      exec: {
        apiVersion: 'client.authentication.k8s.io/v1',
        // Relative to the kubeconfig's folder, as kubectl resolves it.
        command: './get-token.sh',
        args: ['eks', 'get-token', '--cluster-name', 'prod'],
        env: Object.entries({ PLUGIN_STATE: state, TOKEN: EXEC_TOKEN, EXPIRES: expires, ...options.pluginEnv }).map(
          ([name, value]) => ({ name, value }),
        ),
        provideClusterInfo: true,
        interactiveMode: 'Never',
      },
    };
    const config = {
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'eks-prod',
      clusters: [
        {
          name: 'arn:aws:eks:us-east-1:123:cluster/prod',
          cluster: {
            server: api.url,
            'certificate-authority-data': Buffer.from(caPem).toString('base64'),
            ...options.cluster,
          },
        },
      ],
      users: [{ name: 'eks-user', user }],
      contexts: [
        { name: 'eks-prod', context: { cluster: 'arn:aws:eks:us-east-1:123:cluster/prod', user: 'eks-user' } },
      ],
    };
    const path = join(home, 'config');
    await writeFile(path, stringify(config));
    return { path, state };
  }

  function deployContext(logger: Logger, env: Record<string, string> = {}): DeployContext {
    return {
      logger,
      clock: systemClock,
      env: { PATH: process.env.PATH, HOME: dir, ...env },
      http: createHttpClient({ userAgent: USER_AGENT }),
    };
  }

  async function targetFor(values: Record<string, string>, context: DeployContext) {
    return definition.configure(values).create(context);
  }

  it('first deploy through an exec credential plugin creates the kubernetes.io/tls Secret; the plugin output never reaches the log', async () => {
    const { path, state } = await kubeconfig();
    const logger = recordingLogger();
    const env = { KUBECONFIG: path, AWS_PROFILE: 'deployer', ACTIONS_RUNTIME_TOKEN: 'runner-token' };
    const target = await targetFor({ 'kubernetes-secret': 'ingress/web-tls' }, deployContext(logger, env));
    const record = await target.deploy(certificate('0a01'), undefined);

    const stored = api.secret('ingress', 'web-tls');
    assert.ok(stored);
    assert.equal(stored.type, 'kubernetes.io/tls');
    const decoded = (key: string) => Buffer.from(stored.data[key] ?? '', 'base64').toString();
    assert.equal(decoded('tls.crt'), `${certificate('0a01').certPem}${certificate('0a01').chainPem}`);
    assert.equal(decoded('tls.key'), certificate('0a01').keyPem);
    assert.equal(stored.data['ca.crt'], undefined);
    assert.deepEqual(stored.metadata.labels, { 'app.kubernetes.io/managed-by': 'certwright' });
    assert.deepEqual(stored.metadata.annotations, {
      'certwright.dev/certificate-name': 'example.test',
      'certwright.dev/domains': 'example.test,*.example.test',
      'certwright.dev/serial': '0a01',
      'certwright.dev/not-after': '2030-01-01T00:00:00.000Z',
    });
    assert.equal(record.id, 'ingress/web-tls');
    assert.equal(record.serial, '0a01');
    assert.equal(record.details?.resourceVersion, stored.metadata.resourceVersion);

    // The plugin ran once, with its args, its env on top of the job's, and the cluster it serves.
    assert.equal((await readFile(join(state, 'count'), 'utf8')).trim(), '1');
    assert.equal(await readFile(join(state, 'args'), 'utf8'), 'eks\nget-token\n--cluster-name\nprod\n');
    const envNames = (await readFile(join(state, 'env-names'), 'utf8')).split('\n');
    assert.ok(envNames.includes('AWS_PROFILE') && envNames.includes('TOKEN'));
    assert.ok(!envNames.includes('ACTIONS_RUNTIME_TOKEN'), 'the runner token stays away from the plugin');
    const info = JSON.parse(await readFile(join(state, 'exec-info'), 'utf8')) as {
      apiVersion: string;
      spec: { interactive: boolean; cluster: { server: string } };
    };
    assert.equal(info.apiVersion, 'client.authentication.k8s.io/v1');
    assert.equal(info.spec.interactive, false);
    assert.equal(info.spec.cluster.server, api.url);

    const log = logger.lines.join('\n');
    assert.match(log, /created Secret ingress\/web-tls \(resourceVersion \d+\) through context eks-prod/);
    assert.doesNotMatch(log, /EXEC-TOKEN|plugin: fetched|PRIVATE-KEY/);
    const authorizations = api.vendor.requests.map((r) => r.headers.authorization);
    assert.ok(authorizations.every((value) => value === `Bearer ${EXEC_TOKEN}`));
    api.vendor.assertNoUnexpectedRequests();
  });

  it('a renewal updates the same Secret with the resourceVersion it read, keeping what others added; the plugin runs once per credential', async () => {
    const { path, state } = await kubeconfig();
    const context = deployContext(recordingLogger(), { KUBECONFIG: path });
    const target = await targetFor(
      { 'kubernetes-secret': 'ingress/renewed', 'kubernetes-include-ca': 'true' },
      context,
    );
    const first = await target.deploy(certificate('0b01'), undefined);
    const uid = api.secret('ingress', 'renewed')?.metadata.uid;
    // Another tool adds a label and a data key in between.
    const current = api.secret('ingress', 'renewed');
    assert.ok(current);
    current.metadata.labels = { ...(current.metadata.labels as object), team: 'web' };
    current.data['extra'] = Buffer.from('kept').toString('base64');

    const before = api.vendor.requests.length;
    const second = await target.deploy(certificate('0b02'), first);
    const stored = api.secret('ingress', 'renewed');
    assert.ok(stored);
    assert.equal(stored.metadata.uid, uid);
    assert.notEqual(second.details?.resourceVersion, first.details?.resourceVersion);
    assert.equal(second.id, first.id);
    assert.equal(Buffer.from(stored.data['ca.crt'] ?? '', 'base64').toString(), certificate('0b02').chainPem);
    assert.equal(Buffer.from(stored.data['tls.key'] ?? '', 'base64').toString(), certificate('0b02').keyPem);
    assert.equal(stored.data['extra'], Buffer.from('kept').toString('base64'));
    assert.equal((stored.metadata.labels as Record<string, string>).team, 'web');
    assert.equal((stored.metadata.annotations as Record<string, string>)['certwright.dev/serial'], '0b02');
    const renewal = api.vendor.requests.slice(before).map((r) => `${r.method} ${r.status}`);
    assert.deepEqual(renewal, ['GET 200', 'PUT 200']);
    const put = api.vendor.requests.at(-1);
    assert.equal(
      (JSON.parse(put?.body ?? '{}') as { metadata: { resourceVersion: string } }).metadata.resourceVersion,
      first.details?.resourceVersion,
    );
    // The credential (valid for an hour) served both deploys.
    assert.equal((await readFile(join(state, 'count'), 'utf8')).trim(), '1');
    api.vendor.assertNoUnexpectedRequests();
  });

  it('an expired token (401) runs the plugin again once; an expirationTimestamp in the past is not reused', async () => {
    const { path, state } = await kubeconfig({ pluginEnv: { STALE_RUNS: '1' } });
    const target = await targetFor(
      { 'kubernetes-secret': 'ingress/refreshed' },
      deployContext(recordingLogger(), { KUBECONFIG: path }),
    );
    await target.deploy(certificate('0c01'), undefined);
    assert.equal((await readFile(join(state, 'count'), 'utf8')).trim(), '2');
    assert.ok(api.secret('ingress', 'refreshed'));

    const expired = await kubeconfig({ pluginEnv: { EXPIRES: new Date(Date.now() - 1000).toISOString() } });
    const again = await targetFor(
      { 'kubernetes-secret': 'ingress/short-lived' },
      deployContext(recordingLogger(), { KUBECONFIG: expired.path }),
    );
    await again.deploy(certificate('0c02'), undefined);
    // GET and POST each asked for a credential: the expired one was not kept.
    assert.equal((await readFile(join(expired.state, 'count'), 'utf8')).trim(), '2');
  });

  it('a write that races another is read again and done on the fresh resourceVersion (409 Conflict)', async () => {
    const { path } = await kubeconfig();
    const target = await targetFor(
      { 'kubernetes-secret': 'ingress/raced' },
      deployContext(recordingLogger(), { KUBECONFIG: path }),
    );
    await target.deploy(certificate('0d01'), undefined);
    api.raceNextRead();
    const before = api.vendor.requests.length;
    const record = await target.deploy(certificate('0d02'), undefined);
    const statuses = api.vendor.requests.slice(before).map((r) => `${r.method} ${r.status}`);
    assert.deepEqual(statuses, ['GET 200', 'PUT 409', 'GET 200', 'PUT 200']);
    const stored = api.secret('ingress', 'raced');
    assert.equal(record.details?.resourceVersion, stored?.metadata.resourceVersion);
    assert.equal((stored?.metadata.labels as Record<string, string>).raced, 'yes');
  });

  it('throttling (429 with Retry-After) is retried', async () => {
    const { path } = await kubeconfig();
    const logger = recordingLogger();
    const target = await targetFor(
      { 'kubernetes-secret': 'ingress/throttled' },
      deployContext(logger, { KUBECONFIG: path }),
    );
    const [get] = api.throttleNext(2, 0);
    await target.deploy(certificate('0e01'), undefined);
    assert.equal(get?.served, 2);
    assert.ok(api.secret('ingress', 'throttled'));
    assert.match(logger.lines.join('\n'), /reading Secret ingress\/throttled: HTTP 429; retrying/);
    api.vendor.assertNoUnexpectedRequests();
  });

  it("RBAC refusals are one line with the API server's message and the fix, and no credential or key", async () => {
    const { path } = await kubeconfig();
    const target = await targetFor(
      { 'kubernetes-secret': 'other/web-tls' },
      deployContext(recordingLogger(), { KUBECONFIG: path }),
    );
    const error = await target.deploy(certificate('0f01'), undefined).then(
      () => assert.fail('expected a refusal'),
      (e: unknown) => e as Error,
    );
    assert.equal(
      error.message,
      'kubernetes: reading Secret other/web-tls: 403 Forbidden: secrets "web-tls" is forbidden: User "arn:aws:iam::123:role/deployer" ' +
        'cannot get resource "secrets" in API group "" in the namespace "other" ' +
        "(grant get, create and update on secrets in this namespace: see the kubernetes target's least-privilege Role)",
    );

    // resourceNames limits update: another Secret in prod can be created but not updated.
    const prod = await targetFor(
      { 'kubernetes-secret': 'prod/web-tls' },
      deployContext(recordingLogger(), { KUBECONFIG: path }),
    );
    await prod.deploy(certificate('0f02'), undefined);
    await prod.deploy(certificate('0f03'), undefined);
    api.seed('prod', { name: 'api-tls', type: 'kubernetes.io/tls', data: { 'tls.crt': 'eA==', 'tls.key': 'eA==' } });
    const narrow = await targetFor(
      { 'kubernetes-secret': 'prod/api-tls' },
      deployContext(recordingLogger(), { KUBECONFIG: path }),
    );
    await assert.rejects(
      narrow.deploy(certificate('0f04'), undefined),
      /403 Forbidden: secrets "api-tls" is forbidden: .* cannot get/,
    );

    const reader = await kubeconfig({ user: { token: READ_ONLY_TOKEN } });
    const readOnly = await targetFor(
      { 'kubernetes-secret': 'ingress/ro' },
      deployContext(recordingLogger(), { KUBECONFIG: reader.path }),
    );
    const refused = await readOnly.deploy(certificate('0f05'), undefined).then(
      () => assert.fail('expected a refusal'),
      (e: unknown) => e as Error,
    );
    assert.match(
      refused.message,
      /^kubernetes: creating Secret ingress\/ro: 403 Forbidden: secrets is forbidden: User "reader" cannot create/,
    );
    for (const secret of [EXEC_TOKEN, READ_ONLY_TOKEN, KEY_MARKER]) {
      assert.ok(!error.message.includes(secret) && !refused.message.includes(secret));
    }

    const wrong = await kubeconfig({ user: { token: 'not-a-known-token-SECRET' } });
    const unknown = await targetFor(
      { 'kubernetes-secret': 'ingress/x' },
      deployContext(recordingLogger(), { KUBECONFIG: wrong.path }),
    );
    const unauthorized = await unknown.deploy(certificate('0f06'), undefined).then(
      () => assert.fail('expected a refusal'),
      (e: unknown) => e as Error,
    );
    assert.match(
      unauthorized.message,
      /^kubernetes: reading Secret ingress\/x: 401 Unauthorized: Unauthorized \(the credential was refused/,
    );
    assert.ok(!unauthorized.message.includes('not-a-known-token'));
  });

  it('a failing plugin is named with its exit code; its stderr (which held the token) is not shown', async () => {
    const { path } = await kubeconfig({ pluginEnv: { FAIL: '1' } });
    const logger = recordingLogger();
    const target = await targetFor(
      { 'kubernetes-secret': 'ingress/failing' },
      deployContext(logger, { KUBECONFIG: path }),
    );
    const error = await target.deploy(certificate('1001'), undefined).then(
      () => assert.fail('expected a failure'),
      (e: unknown) => e as Error,
    );
    assert.match(
      error.message,
      /^kubernetes: the credential plugin ".*get-token.sh" of user "eks-user" exited with code 3 \(its output is not shown/,
    );
    assert.ok(!error.message.includes(EXEC_TOKEN) && !logger.lines.join('\n').includes(EXEC_TOKEN));
    assert.doesNotMatch(error.message, /plugin: failing/);

    const wrongVersion = await kubeconfig({ pluginEnv: { VERSION: 'v1beta1' } });
    const mismatch = await targetFor(
      { 'kubernetes-secret': 'ingress/failing' },
      deployContext(logger, { KUBECONFIG: wrongVersion.path }),
    );
    await assert.rejects(
      mismatch.deploy(certificate('1002'), undefined),
      /printed ExecCredential client.authentication.k8s.io\/v1beta1, expected an ExecCredential of client.authentication.k8s.io\/v1$/,
    );
  });

  it('a static token user, and the in-cluster service account, work too', async () => {
    const { path } = await kubeconfig({ user: { token: STATIC_TOKEN } });
    const target = await targetFor(
      { 'kubernetes-secret': 'ingress/static', 'kubernetes-kubeconfig': path },
      deployContext(recordingLogger()),
    );
    assert.equal((await target.deploy(certificate('1101'), undefined)).id, 'ingress/static');

    const serviceAccountDir = join(dir, 'serviceaccount');
    await mkdir(serviceAccountDir, { recursive: true });
    await writeFile(join(serviceAccountDir, 'token'), `${SA_TOKEN}\n`);
    await writeFile(join(serviceAccountDir, 'ca.crt'), caPem);
    await writeFile(join(serviceAccountDir, 'namespace'), 'ingress');
    const port = new URL(api.url).port;
    const settings: KubernetesSettings = {
      namespace: 'ingress',
      name: 'in-cluster',
      includeCa: false,
      serviceAccountDir,
    };
    // HOME has no .kube/config and KUBECONFIG is unset: the pod's own service account is used.
    const logger = recordingLogger();
    const inPod = new KubernetesTarget(
      settings,
      deployContext(logger, {
        HOME: join(dir, 'no-home'),
        KUBERNETES_SERVICE_HOST: '127.0.0.1',
        KUBERNETES_SERVICE_PORT: port,
      }),
    );
    await inPod.deploy(certificate('1102'));
    assert.ok(api.secret('ingress', 'in-cluster'));
    assert.match(logger.lines.join('\n'), /through in-cluster service account/);
    assert.equal(api.vendor.requests.at(-1)?.headers.authorization, `Bearer ${SA_TOKEN}`);
  });

  it('a client certificate user (client-certificate-data, as aks-set-context writes for admin) is presented over mutual TLS', async () => {
    // The API server asks for a client certificate and takes only the one the kubeconfig holds.
    const tls = await makeTlsCertificate(await mkdtemp(join(tmpdir(), 'certwright-k8s-mtls-')));
    const [certPem, keyPem] = await Promise.all([readFile(tls.certFile, 'utf8'), readFile(tls.keyFile, 'utf8')]);
    const expected = new X509Certificate(certPem).fingerprint256;
    const seen: string[] = [];
    const server = https.createServer(
      { cert: certPem, key: keyPem, requestCert: true, rejectUnauthorized: false },
      (req, res) => {
        const peer = (req.socket as TLSSocket).getPeerCertificate();
        seen.push(`${req.method} ${peer.fingerprint256 === expected ? 'client certificate' : 'none'}`);
        if (peer.fingerprint256 !== expected)
          return res.writeHead(401).end('{"kind":"Status","reason":"Unauthorized"}');
        if (req.method === 'GET')
          return res.writeHead(404).end('{"kind":"Status","reason":"NotFound","message":"not found"}');
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString()));
        req.on('end', () =>
          res
            .writeHead(201)
            .end(JSON.stringify({ ...(JSON.parse(body) as object), metadata: { name: 'mtls', resourceVersion: '7' } })),
        );
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const user = {
        'client-certificate-data': Buffer.from(certPem).toString('base64'),
        'client-key-data': Buffer.from(keyPem).toString('base64'),
      };
      const { path } = await kubeconfig({
        user,
        cluster: {
          server: `https://127.0.0.1:${port}`,
          'certificate-authority-data': Buffer.from(tls.caPem).toString('base64'),
        },
      });
      const logger = recordingLogger();
      const target = await targetFor(
        { 'kubernetes-secret': 'ingress/mtls' },
        deployContext(logger, { KUBECONFIG: path }),
      );
      const record = await target.deploy(certificate('1301'), undefined);
      assert.deepEqual([record.id, record.details?.resourceVersion], ['ingress/mtls', '7']);
      assert.deepEqual(seen, ['GET client certificate', 'POST client certificate']);
      assert.doesNotMatch(logger.lines.join('\n'), /PRIVATE KEY/);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses what it must not do, in one line naming the fix', async () => {
    const context = (path: string) => deployContext(recordingLogger(), { KUBECONFIG: path });
    const insecure = await kubeconfig({ cluster: { 'insecure-skip-tls-verify': true } });
    await assert.rejects(
      (await targetFor({ 'kubernetes-secret': 'ingress/a' }, context(insecure.path))).deploy(
        certificate('1201'),
        undefined,
      ),
      /^Error: kubernetes: cluster ".*" sets insecure-skip-tls-verify; .* give the cluster certificate-authority-data instead$/,
    );
    const { path } = await kubeconfig();
    await assert.rejects(
      (await targetFor({ 'kubernetes-secret': 'ingress/a', 'kubernetes-context': 'gke' }, context(path))).deploy(
        certificate('1202'),
        undefined,
      ),
      /has no context "gke"; set kubernetes-context to one of: eks-prod$/,
    );
    api.seed('ingress', { name: 'opaque', data: { password: 'eA==' } });
    await assert.rejects(
      (await targetFor({ 'kubernetes-secret': 'ingress/opaque' }, context(path))).deploy(
        certificate('1203'),
        undefined,
      ),
      /^Error: kubernetes: Secret ingress\/opaque exists with type Opaque; a Secret's type cannot change/,
    );
    api.seed('ingress', {
      name: 'cm',
      type: 'kubernetes.io/tls',
      data: { 'tls.crt': 'eA==', 'tls.key': 'eA==' },
      labels: { 'app.kubernetes.io/managed-by': 'cert-manager' },
    });
    await assert.rejects(
      (await targetFor({ 'kubernetes-secret': 'ingress/cm' }, context(path))).deploy(certificate('1204'), undefined),
      /is managed by cert-manager .* certwright does not overwrite it/,
    );
    const legacy = await kubeconfig({ user: { 'auth-provider': { name: 'gcp' } } });
    await assert.rejects(
      (await targetFor({ 'kubernetes-secret': 'ingress/a' }, context(legacy.path))).deploy(
        certificate('1205'),
        undefined,
      ),
      /uses the auth-provider "gcp", which kubectl no longer has/,
    );
    await assert.rejects(
      (
        await targetFor(
          { 'kubernetes-secret': 'ingress/a' },
          deployContext(recordingLogger(), { HOME: join(dir, 'nowhere') }),
        )
      ).deploy(certificate('1206'), undefined),
      /^Error: kubernetes: no kubeconfig .* run your cloud's set-context step first/,
    );
  });

  it('validates kubernetes-secret before anything is sent', () => {
    const cases: [string, string][] = [
      [
        'web-tls',
        'kubernetes-secret: "web-tls" is not namespace/name; expected namespace/name, such as ingress/example-com-tls',
      ],
      [
        'a/b/c',
        'kubernetes-secret: "a/b/c" is not namespace/name; expected namespace/name, such as ingress/example-com-tls',
      ],
      [
        'Prod/web',
        'kubernetes-secret: "Prod" is not a namespace name (lower-case letters, digits, -); expected namespace/name, such as ingress/example-com-tls',
      ],
      [
        'prod/web_tls',
        'kubernetes-secret: "web_tls" is not a Secret name (lower-case letters, digits, - and .); expected namespace/name, such as ingress/example-com-tls',
      ],
    ];
    for (const [text, message] of cases) assert.throws(() => parseSecretRef(text), { message });
    assert.throws(() => definition.configure({}), {
      message: 'kubernetes-secret: missing; expected namespace/name, such as ingress/web-tls',
    });
    const configured = definition.configure({ 'kubernetes-secret': 'prod/web.tls', 'kubernetes-context': 'gke_p_z_c' });
    assert.equal(configured.key, 'kubernetes:gke_p_z_c/prod/web.tls');
    assert.equal(configured.description, 'kubernetes (Secret prod/web.tls, context gke_p_z_c)');
  });
});
