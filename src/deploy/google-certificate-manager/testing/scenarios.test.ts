import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { deployScenarios, type DeployTargetFixture } from '../../../testing/deploy-scenarios.js';
import { startTestbed, type Testbed } from '../../../testing/testbed.js';
import { CERTIFICATE_MANAGER_EDITOR, startFakeCertificateManager, type FakeCertificateManager } from './fake-api.js';

const PROJECT = 'certwright-test';
const AUDIENCE =
  '//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/github/providers/certwright';
const PRINCIPAL =
  'principal://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/github/subject/repo:certwright/app';
const OIDC = 'oidc-token-SECRET-scenarios';

describe('google-certificate-manager through the CLI and the Action, against the local Certificate Manager', () => {
  let bed: Testbed;
  let cm: FakeCertificateManager;
  let credentials: string;
  before(async () => {
    bed = await startTestbed();
    cm = await startFakeCertificateManager({
      google: {
        project: PROJECT,
        principals: [{ name: PRINCIPAL }],
        workloadIdentity: { audience: AUDIENCE, subjects: { [OIDC]: PRINCIPAL } },
      },
      permissions: { [PRINCIPAL]: CERTIFICATE_MANAGER_EDITOR },
    });
    const dir = await mkdtemp(join(tmpdir(), 'certwright-gcm-scenarios-'));
    await writeFile(join(dir, 'token'), OIDC);
    credentials = join(dir, 'credentials.json');
    const file = {
      type: 'external_account',
      audience: AUDIENCE,
      subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
      token_url: cm.google.stsUrl,
      credential_source: { file: join(dir, 'token') },
    };
    await writeFile(credentials, JSON.stringify(file), { mode: 0o600 });
  });
  after(async () => {
    await cm?.close();
    await bed?.stop();
  });

  const nameOf = (place: string) => `projects/${PROJECT}/locations/global/certificates/${place}`;
  const fixture = (): DeployTargetFixture => ({
    name: 'google-certificate-manager',
    settings: (place) => ({ 'google-certificate-manager-certificate': place }),
    stepInputs: () => ({ 'google-certificate-manager-api-url': cm.apiUrl }),
    credentialsEnv: () => ({ GOOGLE_APPLICATION_CREDENTIALS: credentials, GOOGLE_CLOUD_PROJECT: PROJECT }),
    held: (place) => {
      const held = cm.certificate(nameOf(place));
      return held && { id: held.name, serial: held.serial };
    },
    requestCount: () => cm.api.requests.length,
    // The next create or update ends in an operation error: nothing stored, whichever call it is.
    failOnce: () => cm.failNextOperation({ code: 3, message: 'Scripted refusal' }),
    secrets: () => [...cm.google.issuedTokens(), OIDC],
    renewal: 'same-id',
  });
  deployScenarios(() => ({ bed, fixture: fixture() }));
});
