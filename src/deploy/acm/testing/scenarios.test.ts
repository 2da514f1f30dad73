import { after, before, describe } from 'node:test';
import { deployScenarios, type DeployTargetFixture } from '../../../testing/deploy-scenarios.js';
import { startTestbed, type Testbed } from '../../../testing/testbed.js';
import { startFakeAcmApi, type FakeAcmApi } from './fake-api.js';

const USER = { accessKeyId: 'AKIACERTWRIGHTACM002', secretAccessKey: 'acm-scenario-secret-key-SECRET/0123456789abcd' };

describe('acm through the CLI and the Action, against the local ACM', () => {
  let bed: Testbed;
  let acm: FakeAcmApi;
  before(async () => {
    [bed, acm] = await Promise.all([startTestbed(), startFakeAcmApi({ credentials: [USER] })]);
  });
  after(async () => {
    await acm?.close();
    await bed?.stop();
  });

  /**
   * ACM names a certificate by its ARN only: each place is told apart by a tag set on its first
   * import, and two places of one certificate (`pair-b`) by their region, as the target keys them.
   */
  const regionOf = (place: string) => (place.endsWith('-b') ? 'us-east-1' : 'eu-west-1');
  const fixture = (): DeployTargetFixture => ({
    name: 'acm',
    settings: (place) => ({ 'acm-regions': regionOf(place), 'acm-tags': `place=${place}` }),
    stepInputs: () => ({ 'acm-endpoint': acm.url }),
    credentialsEnv: () => ({
      AWS_ACCESS_KEY_ID: USER.accessKeyId,
      AWS_SECRET_ACCESS_KEY: USER.secretAccessKey,
      AWS_EC2_METADATA_DISABLED: 'true',
    }),
    held: (place) => {
      const held = acm.certificates(regionOf(place)).find((c) => c.tags.get('place') === place);
      return held && { id: held.arn, serial: held.serial.toLowerCase().replace(/:/g, '') };
    },
    requestCount: () => acm.vendor.requests.length,
    failOnce: () =>
      void acm.vendor.failNext('POST /', {
        status: 400,
        headers: { 'content-type': 'application/x-amz-json-1.1' },
        body: JSON.stringify({ __type: 'ValidationException', message: 'Scripted refusal.' }),
      }),
    secrets: () => [USER.secretAccessKey],
    renewal: 'same-id',
  });
  deployScenarios(() => ({ bed, fixture: fixture() }));
});
