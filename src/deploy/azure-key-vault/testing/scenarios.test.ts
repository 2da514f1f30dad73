import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { deployScenarios, type DeployTargetFixture } from '../../../testing/deploy-scenarios.js';
import { startTestbed, type Testbed } from '../../../testing/testbed.js';
import { KEY_VAULT_RESOURCE, KEY_VAULT_ROLES, startFakeKeyVault, type FakeKeyVault } from './fake-api.js';

const TENANT = '8d3f1c2a-5b6e-4f70-9a81-2c3d4e5f6a7b';
const APP = 'cccccccc-0000-4000-8000-00000000000a';

/** An `az` on PATH signed in as azure/login leaves it, answering with a token for Key Vault. */
async function azureCliDir(vault: FakeKeyVault): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'certwright-kv-scenarios-'));
  const { accessToken, expiresOn } = await vault.azure.mintToken(APP, KEY_VAULT_RESOURCE);
  const token = { accessToken, expiresOn: new Date(expiresOn * 1000).toISOString(), expires_on: expiresOn };
  await writeFile(join(dir, 'token.json'), JSON.stringify(token));
  const script = [
    '#!/bin/sh',
    'case "$1 $2" in "account get-access-token") ;; *) echo "ERROR: unexpected az $*" >&2; exit 2 ;; esac',
    `cat "${dir}/token.json"`,
    '',
  ].join('\n');
  await writeFile(join(dir, 'az'), script);
  await chmod(join(dir, 'az'), 0o755);
  return dir;
}

describe('azure-key-vault through the CLI and the Action, against the local Key Vault', () => {
  let bed: Testbed;
  let vault: FakeKeyVault;
  let azDir: string;
  before(async () => {
    bed = await startTestbed();
    vault = await startFakeKeyVault({
      tenantId: TENANT,
      vaultName: 'certwright-test',
      apps: [{ clientId: APP, dataActions: KEY_VAULT_ROLES.importOnly }],
    });
    azDir = await azureCliDir(vault);
  });
  after(async () => {
    await vault?.close();
    await bed?.stop();
  });

  const fixture = (): DeployTargetFixture => ({
    name: 'azure-key-vault',
    settings: (place) => ({ 'azure-key-vault-url': vault.vaultUrl, 'azure-key-vault-certificate': place }),
    stepInputs: () => ({}),
    credentialsEnv: () => ({
      PATH: `${azDir}:${process.env.PATH ?? ''}`,
      AZURE_CLIENT_ID: '',
      AZURE_TENANT_ID: '',
      AZURE_FEDERATED_TOKEN_FILE: '',
    }),
    held: (place) => {
      const latest = vault.latest(place);
      return latest && { id: latest.id, serial: latest.serial };
    },
    requestCount: () => vault.vault.requests.length,
    failOnce: () =>
      void vault.vault.failNext(vault.importRoute, {
        status: 400,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ error: { code: 'BadParameter', message: 'Scripted refusal.' } }),
      }),
    secrets: () => vault.azure.issued.map((t) => t.token),
    renewal: 'new-id',
  });
  deployScenarios(() => ({ bed, fixture: fixture() }));
});
