import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startFakeCloudflareApi, type FakeCloudflareApi } from '../dns/providers/cloudflare/testing/fake-api.js';
import {
  describeLivePlan,
  liveOptionValues,
  livePropagationSeconds,
  LIVE_PROVIDERS,
  liveSecrets,
  maskingWriter,
  planLiveRun,
  unmetRequirements,
  type Environment,
} from './live.js';
import { startTestbed, type Testbed } from './testbed.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** `npm run test:live ARGS` with only PATH and `env` in its environment. */
function runLive(args: string[], env: Environment): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/test-live.ts', ...args], {
      cwd: root,
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('live tests: which variables a provider needs (src/testing/live.ts)', () => {
  const cases: [string, Environment, string[]][] = [
    ['route53', {}, ['the zone to write test records in', 'AWS credentials']],
    ['route53', { CERTWRIGHT_LIVE_ROUTE53_ZONE: 'example.com', AWS_ACCESS_KEY_ID: 'AKIA' }, ['AWS credentials']],
    ['route53', { CERTWRIGHT_LIVE_ROUTE53_ZONE: 'example.com', AWS_PROFILE: 'dns' }, []],
    ['route53', { CERTWRIGHT_LIVE_ROUTE53_ZONE: '  ', AWS_PROFILE: 'dns' }, ['the zone to write test records in']],
    ['cloudflare', { CERTWRIGHT_LIVE_CLOUDFLARE_ZONE: 'example.com' }, ['cloudflare-api-token']],
    ['cloudflare', { CERTWRIGHT_LIVE_CLOUDFLARE_ZONE: 'example.com', CLOUDFLARE_API_TOKEN: 't' }, []],
    ['cloudflare', { CERTWRIGHT_LIVE_CLOUDFLARE_ZONE: 'example.com', CERTWRIGHT_CLOUDFLARE_API_TOKEN: 't' }, []],
    ['google', { CERTWRIGHT_LIVE_GOOGLE_ZONE: 'example.com', GOOGLE_APPLICATION_CREDENTIALS: '/k.json' }, []],
    [
      'azure',
      {
        CERTWRIGHT_LIVE_AZURE_ZONE: 'example.com',
        AZURE_SUBSCRIPTION_ID: 's',
        AZURE_TENANT_ID: 't',
        AZURE_CLIENT_ID: 'c',
      },
      ['Azure credentials (DefaultAzureCredential)'],
    ],
    [
      'azure',
      {
        CERTWRIGHT_LIVE_AZURE_ZONE: 'example.com',
        CERTWRIGHT_AZURE_SUBSCRIPTION_ID: 's',
        AZURE_TENANT_ID: 't',
        AZURE_CLIENT_ID: 'c',
        AZURE_FEDERATED_TOKEN_FILE: '/token',
      },
      [],
    ],
    ['digitalocean', { CERTWRIGHT_LIVE_DIGITALOCEAN_ZONE: 'example.com', DIGITALOCEAN_TOKEN: 't' }, []],
    ['httpreq', { CERTWRIGHT_LIVE_HTTPREQ_ZONE: 'example.com' }, ['httpreq-endpoint']],
    ['powerdns', { CERTWRIGHT_LIVE_POWERDNS_ZONE: 'example.com', PDNS_API_KEY: 'k' }, ['powerdns-api-url']],
  ];
  for (const [provider, env, unmet] of cases) {
    it(`${provider} with ${Object.keys(env).join(', ') || 'nothing'} set lacks ${unmet.join(', ') || 'nothing'}`, () => {
      assert.deepEqual(
        unmetRequirements(provider, env).map((requirement) => requirement.what),
        unmet,
      );
    });
  }

  it('the report says which providers run and every variable a skipped one needs', () => {
    const plan = planLiveRun(['route53', 'cloudflare'], {
      CERTWRIGHT_LIVE_CLOUDFLARE_ZONE: 'example.com',
      CLOUDFLARE_API_TOKEN: 't',
    });
    assert.deepEqual(describeLivePlan(plan), [
      'cloudflare: runs against the live vendor in CERTWRIGHT_LIVE_CLOUDFLARE_ZONE',
      'route53: not run; it needs',
      '  the zone to write test records in: CERTWRIGHT_LIVE_ROUTE53_ZONE',
      '  AWS credentials: AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN',
    ]);
  });

  it("option values come from CERTWRIGHT_<OPTION> or the vendor's own variable", () => {
    assert.deepEqual(
      liveOptionValues('cloudflare', { CLOUDFLARE_API_TOKEN: ' token ', CERTWRIGHT_CLOUDFLARE_ZONE_ID: 'abc' }),
      { 'cloudflare-api-token': 'token', 'cloudflare-zone-id': 'abc' },
    );
  });

  it('a propagation timeout that is not a whole number of seconds is refused in one line', () => {
    assert.equal(livePropagationSeconds({}), 600);
    assert.throws(
      () => livePropagationSeconds({ CERTWRIGHT_LIVE_PROPAGATION_TIMEOUT: '5m' }),
      /^Error: live: CERTWRIGHT_LIVE_PROPAGATION_TIMEOUT: "5m" is not a whole number of seconds; expected one such as 600$/,
    );
  });

  it('credentials in the environment are masked in what the run prints, even split across chunks', () => {
    const secrets = liveSecrets({ CLOUDFLARE_API_TOKEN: 'cf-token-0123', AWS_SECRET_ACCESS_KEY: 'aws/secret+key' });
    const written: string[] = [];
    const writer = maskingWriter(secrets, (text) => written.push(text));
    writer.push('token cf-tok');
    writer.push('en-0123 and aws/secret+key\nlast aws/sec');
    writer.push('ret+key');
    writer.end();
    assert.equal(written.join(''), 'token *** and ***\nlast ***');
  });

  it('without any variable, npm run test:live says what each provider needs and exits 0 having run nothing', async () => {
    const run = await runLive([], {});
    assert.equal(run.code, 0, run.output);
    for (const provider of LIVE_PROVIDERS)
      assert.match(run.output, new RegExp(`^test:live: ${provider}: not run; it needs$`, 'm'));
    assert.match(run.output, /ran nothing, checked nothing \(exit 0 is not a pass of any live test\)/);
    assert.doesNotMatch(run.output, /# tests|ℹ tests/, 'no test runner was started');
  });

  it('a provider without live tests is refused', async () => {
    const run = await runLive(['acme-dns'], {});
    assert.equal(run.code, 2);
    assert.equal(run.output, `test:live: no live tests for acme-dns; they exist for ${LIVE_PROVIDERS.join(', ')}\n`);
  });
});

describe('npm run test:live runs the provider contract where the variables are set (here: the local Cloudflare)', () => {
  const TOKEN = 'live-runner-token-SECRET'.padEnd(40, '0');
  let bed: Testbed;
  let cloudflare: FakeCloudflareApi;
  before(async () => {
    bed = await startTestbed();
    cloudflare = await startFakeCloudflareApi({
      zones: [{ id: '023e105f4ecef8ad9ca31a8372d0c353', name: 'example.test' }],
      tokens: [{ token: TOKEN, zones: 'all', dnsEdit: true }],
      bind: { server: bed.dns, tsig: bed.tsig },
    });
  });
  after(async () => {
    await cloudflare?.close();
    await bed?.stop();
  });

  it('the contract passes through the runner, and the token never shows', async () => {
    const run = await runLive(['cloudflare'], {
      CERTWRIGHT_LIVE_CLOUDFLARE_ZONE: 'example.test',
      CLOUDFLARE_API_TOKEN: TOKEN,
      CERTWRIGHT_CLOUDFLARE_API_URL: cloudflare.url,
      CERTWRIGHT_LIVE_NAMESERVERS: `127.0.0.1:${bed.dns.port}`,
      CERTWRIGHT_LIVE_PROPAGATION_TIMEOUT: '10',
    });
    assert.equal(run.code, 0, run.output);
    assert.match(run.output, /^test:live: running the provider contract against cloudflare$/m);
    assert.match(run.output, /pass 5\b/, run.output);
    assert.match(run.output, /fail 0\b/, run.output);
    assert.ok(!run.output.includes(TOKEN), 'the token never shows');
    cloudflare.assertNoUnexpectedRequests();
    const zone = '023e105f4ecef8ad9ca31a8372d0c353';
    assert.ok(
      cloudflare.vendor.requests.some((request) => request.method === 'POST' && request.path.includes(zone)),
      'the runner wrote through the API',
    );
    assert.deepEqual(cloudflare.records(zone), [], 'and cleaned up after itself');
  });
});
