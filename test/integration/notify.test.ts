import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli, bedFlags } from '../../src/testing/cli.js';
import { bedInputs } from '../../src/testing/engine.js';
import { runActionStep, visibleLog } from '../../src/testing/runner.js';
import { startTestbed, type Testbed } from '../../src/testing/testbed.js';
import { WebhookReceiver } from '../../src/testing/webhook-receiver.js';

const main = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
const HMAC_KEY = 'the json webhook signing key';
const SECRET_PARTS = ['slack-secret-token', 'json-secret-path', 'hc-secret-uuid', 'discord-secret-token', HMAC_KEY];

describe('notify and heartbeat: real runs against Pebble + BIND', () => {
  let bed: Testbed;
  let home: string;
  const receiver = new WebhookReceiver();
  let base = '';
  before(async () => {
    [bed, base, home] = await Promise.all([
      startTestbed(),
      receiver.start(),
      mkdtemp(join(tmpdir(), 'certwright-notify-')),
    ]);
  });
  after(async () => {
    await Promise.all([bed?.stop(), receiver.stop()]);
  });
  beforeEach(() => {
    receiver.requests.length = 0;
  });

  const bedRunFor = (tsigSecret = bed.tsig.secret) => ({
    args: [...bedFlags(bed), '--propagation-interval', '0.1'],
    env: {
      CERTWRIGHT_RFC2136_TSIG_SECRET: tsigSecret,
      CERTWRIGHT_STATE_KEY: 'a notify test passphrase',
      XDG_CONFIG_HOME: join(home, 'config'),
      GITHUB_SERVER_URL: 'https://github.example',
      GITHUB_REPOSITORY: 'octo/certs',
      GITHUB_RUN_ID: '77',
    },
  });

  it('dist/cli.js: a renewed run tells Slack and a signed JSON webhook once each, and beats; a down receiver only warns', async () => {
    const bedRun = bedRunFor();
    const store = ['--store', `file:${join(home, 'renewed.jwe')}`, '--output-dir', join(home, 'out')];
    const notify = [
      '--notify',
      `slack+${base}/services/T0/B0/slack-secret-token`,
      '--notify',
      `${base}/hooks/json-secret-path`,
      '--notify-on',
      'renewed,failure',
    ];
    const env = {
      ...bedRun.env,
      CERTWRIGHT_NOTIFY_SECRET: HMAC_KEY,
      CERTWRIGHT_HEARTBEAT_URL: `${base}/ping/hc-secret-uuid`,
    };
    const run = await runCli(['renew', '-d', 'notified.example.test', ...bedRun.args, ...store, ...notify], env);
    assert.equal(run.code, 0, run.stderr);
    const slack = receiver.to('/services/');
    assert.equal(slack.length, 1, 'one Slack message for the run');
    const payload = JSON.parse(slack[0]!.body) as { text: string; blocks: unknown[] };
    assert.equal(
      payload.text,
      'certwright: 1 renewed in octo/certs: https://github.example/octo/certs/actions/runs/77',
    );
    assert.match(JSON.stringify(payload.blocks), /notified\.example\.test\*: renewed; \d+ days left .*next renewal 20/);
    const json = receiver.to('/hooks/');
    assert.equal(json.length, 1);
    assert.equal(
      json[0]!.headers['x-certwright-signature'],
      `sha256=${createHmac('sha256', HMAC_KEY).update(json[0]!.body).digest('hex')}`,
    );
    const body = JSON.parse(json[0]!.body) as { event: string; certificates: { name: string; status: string }[] };
    assert.equal(body.event, 'renewed');
    assert.deepEqual(
      body.certificates.map((c) => [c.name, c.status]),
      [['notified.example.test', 'issued']],
    );
    assert.deepEqual(
      receiver.to('/ping/').map((r) => [r.method, r.url]),
      [['POST', '/ping/hc-secret-uuid']],
      'the heartbeat: success form',
    );

    // Not due, nothing to tell: no message; the heartbeat's receiver is down: a warning, the exit code unchanged.
    receiver.requests.length = 0;
    const down = new WebhookReceiver();
    const downBase = await down.start();
    await down.stop();
    const quiet = await runCli(['renew', '-d', 'notified.example.test', ...bedRun.args, ...store, ...notify], {
      ...env,
      CERTWRIGHT_HEARTBEAT_URL: `${downBase}/ping/hc-secret-uuid`,
    });
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.equal(receiver.requests.length, 0, 'a run without a wanted event sends no message');
    assert.match(
      quiet.stderr,
      /^warning: heartbeat: healthchecks at 127\.0\.0\.1:\d+: no answer from http:\/\/127\.0\.0\.1:\d+: .*; the run's result stands$/m,
    );
    for (const secret of SECRET_PARTS.slice(0, 3)) {
      assert.ok(![run.stderr, run.stdout, quiet.stderr, quiet.stdout].join('\n').includes(secret), `${secret} leaked`);
      assert.ok(!slack[0]!.body.includes(secret) && !json[0]!.body.includes(secret), `${secret} in a payload`);
    }
  });

  it('dist/cli.js: a failed renewal tells Slack (failure, expiring not asked) and calls the heartbeat failure form', async () => {
    const bedRun = bedRunFor('d3JvbmcgdHNpZyBzZWNyZXQgZm9yIHRoZSB0ZXN0IQ==');
    const run = await runCli(
      [
        'renew',
        '-d',
        'refused.example.test',
        ...bedRun.args,
        '--store',
        `file:${join(home, 'failed.jwe')}`,
        '--output-dir',
        join(home, 'out'),
        '--propagation-timeout',
        '5',
        '--notify',
        `slack+${base}/services/T0/B0/slack-secret-token`,
        '--heartbeat-url',
        `${base}/ping/hc-secret-uuid`,
      ],
      bedRun.env,
    );
    assert.equal(run.code, 1, 'the renewal failed: the exit code says so, whatever the notification did');
    const slack = receiver.to('/services/');
    assert.equal(slack.length, 1);
    const payload = JSON.parse(slack[0]!.body) as { text: string; blocks: { text?: { text: string } }[] };
    assert.match(payload.text, /^certwright: 1 failed in octo\/certs: /);
    assert.match(
      payload.blocks[1]?.text?.text ?? '',
      /^\*refused\.example\.test\*: failed; no certificate in place; the next run tries again; /,
    );
    assert.deepEqual(
      receiver.to('/ping/').map((r) => [r.method, r.url]),
      [['POST', '/ping/hc-secret-uuid/fail']],
    );
    assert.ok(!`${run.stderr}${run.stdout}`.includes('slack-secret-token'));
  });

  it('dist/cli.js: a run that fails as a whole (a bad setting) tells Slack and calls the heartbeat failure form', async () => {
    const bedRun = bedRunFor();
    const run = await runCli(
      [
        'renew',
        '-d',
        'whole.example.test',
        ...bedRun.args,
        '--max-new-orders',
        '0',
        '--notify',
        `slack+${base}/services/T0/B0/slack-secret-token`,
        '--heartbeat-url',
        `${base}/beat/generic-secret`,
      ],
      bedRun.env,
    );
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^certwright: max-new-orders: "0" is not a count/m);
    const payload = JSON.parse(receiver.to('/services/')[0]?.body ?? '{}') as {
      blocks?: { text?: { text: string } }[];
    };
    assert.match(payload.blocks?.[1]?.text?.text ?? '', /^\*The run failed:\* max-new-orders: "0" is not a count/);
    assert.deepEqual(
      receiver.to('/beat/').map((r) => [r.method, r.url]),
      [['GET', '/beat/generic-secret?status=fail']],
    );
  });

  it('dist/main.js (the Action): a new certificate tells Discord once; the URL is masked', async () => {
    const url = `discord+${base}/api/webhooks/1/discord-secret-token`;
    const step = await runActionStep(
      main,
      bedInputs(bed, ['action-notified.example.test'], { notify: url, 'notify-on': 'renewed' }),
      {},
      undefined,
      { GITHUB_SERVER_URL: 'https://github.example', GITHUB_REPOSITORY: 'octo/certs', GITHUB_RUN_ID: '78' },
    );
    assert.equal(step.code, 0, step.output);
    const discord = receiver.to('/api/webhooks/');
    assert.equal(discord.length, 1);
    const payload = JSON.parse(discord[0]!.body) as {
      content: string;
      embeds: { url: string; fields: { name: string }[] }[];
    };
    assert.equal(
      payload.content,
      'certwright: 1 renewed in octo/certs: <https://github.example/octo/certs/actions/runs/78>',
    );
    assert.deepEqual(
      payload.embeds[0]?.fields.map((f) => f.name),
      ['action-notified.example.test'],
    );
    assert.ok(step.output.includes(`::add-mask::${url.slice('discord+'.length)}`), 'each URL is masked');
    assert.ok(!visibleLog(step.output).includes('discord-secret-token'), 'no secret in the log');
  });
});
