import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { stringify } from 'yaml';
import { deployScenarios, type DeployTargetFixture } from '../../../testing/deploy-scenarios.js';
import { makeTlsCertificate, startTestbed, type Testbed } from '../../../testing/testbed.js';
import { startFakeKubernetesApi, status, type FakeKubernetesApi } from './fake-api.js';

const EXEC_TOKEN = 'k8s-aws-v1.SCENARIO-EXEC-TOKEN-SECRET';

/** An exec credential plugin as `aws eks get-token` is one; it says the token on stderr too, which no output may show. */
const PLUGIN = `#!/bin/sh
echo "get-token: issued $TOKEN" >&2
printf '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"%s"}}\\n' "$TOKEN"
`;

describe('kubernetes through the CLI and the Action, with an exec credential plugin, against the local API server', () => {
  let bed: Testbed;
  let api: FakeKubernetesApi;
  let kubeconfig: string;
  before(async () => {
    bed = await startTestbed();
    const dir = await mkdtemp(join(tmpdir(), 'certwright-k8s-scenarios-'));
    const tls = await makeTlsCertificate(dir);
    api = await startFakeKubernetesApi({
      tls: { certPem: await readFile(tls.certFile, 'utf8'), keyPem: await readFile(tls.keyFile, 'utf8') },
      namespaces: ['ingress'],
      tokens: {
        [EXEC_TOKEN]: { user: 'deployer', rules: [{ namespace: 'ingress', verbs: ['get', 'create', 'update'] }] },
      },
    });
    await writeFile(join(dir, 'get-token'), PLUGIN);
    await chmod(join(dir, 'get-token'), 0o755);
    kubeconfig = join(dir, 'kubeconfig');
    const config = {
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'eks',
      clusters: [
        {
          name: 'eks',
          cluster: { server: api.url, 'certificate-authority-data': Buffer.from(tls.caPem).toString('base64') },
        },
      ],
      users: [
        {
          name: 'eks',
          user: {
            exec: {
              apiVersion: 'client.authentication.k8s.io/v1beta1',
              command: join(dir, 'get-token'),
              args: ['eks', 'get-token'],
              env: [{ name: 'TOKEN', value: EXEC_TOKEN }],
            },
          },
        },
      ],
      contexts: [{ name: 'eks', context: { cluster: 'eks', user: 'eks' } }],
    };
    await writeFile(kubeconfig, stringify(config));
  });
  after(async () => {
    await api?.close();
    await bed?.stop();
  });

  const fixture = (): DeployTargetFixture => ({
    name: 'kubernetes',
    settings: (place) => ({ 'kubernetes-secret': `ingress/${place}` }),
    stepInputs: () => ({}),
    credentialsEnv: () => ({ KUBECONFIG: kubeconfig }),
    held: (place) => {
      const secret = api.secret('ingress', place);
      const serial = (secret?.metadata.annotations as Record<string, string> | undefined)?.['certwright.dev/serial'];
      return secret && serial ? { id: `ingress/${place}`, serial } : undefined;
    },
    requestCount: () => api.vendor.requests.length,
    failOnce: () =>
      void api.vendor.failNext(
        'GET /api/v1/namespaces/:namespace/secrets/:name',
        status(403, 'Forbidden', 'secrets is forbidden: scripted refusal'),
      ),
    secrets: () => [EXEC_TOKEN],
    renewal: 'same-id',
  });
  deployScenarios(() => ({ bed, fixture: fixture() }));
});
