import { after, before, describe } from 'node:test';
import { deployScenarios, type DeployTargetFixture } from '../../../testing/deploy-scenarios.js';
import { startTestbed, type Testbed } from '../../../testing/testbed.js';
import { startFakeVault, vaultErrors, type FakeVault } from './fake-api.js';

const REQUEST_TOKEN = 'actions-id-token-request-SCENARIO-SECRET';
const VAULT_TOKEN = 'hvs.SCENARIO-TOKEN-SECRET-0123456789';
const AUDIENCE = 'https://vault.example.com';

// The scenarios log in as a workflow would: the job's OIDC token (ACTIONS_ID_TOKEN_REQUEST_*,
// which the front ends hand deploy targets but never hooks) traded at the JWT auth method.

describe('vault through the CLI and the Action, logged in with the job OIDC token, against the local Vault', () => {
  let bed: Testbed;
  let vault: FakeVault;
  before(async () => {
    bed = await startTestbed();
    vault = await startFakeVault({
      mounts: ['secret'],
      tokens: { [VAULT_TOKEN]: ['secret/data/certs/'] },
      roles: {
        'certwright-deploy': {
          boundAudiences: [AUDIENCE],
          boundClaims: { repository: 'certwright/app' },
          writes: ['secret/data/certs/'],
        },
      },
      job: { repository: 'certwright/app', ref: 'refs/heads/main', requestToken: REQUEST_TOKEN },
    });
  });
  after(async () => {
    await vault?.close();
    await bed?.stop();
  });

  const fixture = (): DeployTargetFixture => ({
    name: 'vault',
    settings: (place) => ({
      'vault-path': `secret/certs/${place}`,
      'vault-role': 'certwright-deploy',
      'vault-oidc-audience': AUDIENCE,
    }),
    stepInputs: () => ({}),
    credentialsEnv: () => ({
      VAULT_ADDR: vault.url,
      ACTIONS_ID_TOKEN_REQUEST_URL: vault.oidcRequestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
    }),
    held: (place) => {
      const latest = vault.versions(`secret/certs/${place}`).at(-1);
      return latest && { id: `secret/certs/${place}@${latest.version}`, serial: latest.data.serial ?? '' };
    },
    requestCount: () => vault.vendor.requests.length + vault.oidc.requests.length,
    failOnce: () => void vault.failWrites(vaultErrors.denied(), 1),
    secrets: () => [VAULT_TOKEN, REQUEST_TOKEN, ...vault.issuedTokens()],
    renewal: 'new-id',
  });
  deployScenarios(() => ({ bed, fixture: fixture() }));
});
