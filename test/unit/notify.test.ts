import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { CertificateSummary } from '../../src/crypto/certificate.js';
import { discordPayload } from '../../src/notify/discord.js';
import { heartbeatCall, heartbeatTarget } from '../../src/notify/heartbeat.js';
import { parseNotifySettings } from '../../src/notify/options.js';
import { buildReport, reportFor, type RunReport } from '../../src/notify/report.js';
import { reportRun } from '../../src/notify/send.js';
import { slackPayload } from '../../src/notify/slack.js';
import { notifyTarget } from '../../src/notify/targets.js';
import { teamsPayload } from '../../src/notify/teams.js';
import { signature, webhookRequest } from '../../src/notify/webhook.js';
import type { CertificateResult } from '../../src/renewal/run.js';
import type { Clock, Logger } from '../../src/runtime.js';
import { WebhookReceiver } from '../../src/testing/webhook-receiver.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2027, 2, 1, 4, 17);
const ACTIONS_ENV = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'octo/certs',
  GITHUB_RUN_ID: '4242',
};
const HMAC_KEY = 'a webhook signing key';

function summary(name: string, daysLeft: number, lifetimeDays = 90): CertificateSummary {
  const notAfter = new Date(NOW + daysLeft * DAY + 3_600_000);
  return {
    subject: `CN=${name}`,
    domains: [name],
    issuer: 'CN=Pebble',
    notBefore: new Date(notAfter.getTime() - lifetimeDays * DAY),
    notAfter,
    serial: '01',
  };
}

/** A run of four certificates: one renewed, one failed (4 days left), one deferred, one quiet. */
function runResults(): CertificateResult[] {
  return [
    {
      name: 'renewed.example.test',
      outcome: {
        action: 'renewed',
        reason: 'due since …',
        summary: summary('renewed.example.test', 89),
        renewAt: new Date(NOW + 60 * DAY),
        elapsedMs: 1000,
      },
    },
    {
      name: 'failed.example.test',
      error: new Error('acme: unauthorized <@everyone> & more'),
      current: summary('failed.example.test', 4),
    },
    { name: 'deferred.example.test', deferred: 'max-new-orders is spent', requested: ['deferred.example.test'] },
    {
      name: 'quiet.example.test',
      outcome: { action: 'not-due', reason: 'not due', summary: summary('quiet.example.test', 70), elapsedMs: 1 },
    },
  ];
}

function fullReport(): RunReport {
  return buildReport({ results: runResults(), now: NOW, warnDays: 7, env: ACTIONS_ENV });
}

describe('notify: which kind a URL is', () => {
  const table: [string, string][] = [
    ['https://hooks.slack.com/services/T0/B0/xyz', 'slack'],
    ['https://prod-12.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?sig=s', 'teams'],
    ['https://default1234.12.environment.api.powerplatform.com/powerautomate/automations/direct/x', 'teams'],
    ['https://contoso.webhook.office.com/webhookb2/abc', 'teams'],
    ['https://discord.com/api/webhooks/123/token', 'discord'],
    ['https://discord.com/channels/1/2', 'json'],
    ['https://hooks.example.com/certwright', 'json'],
    ['slack+https://chat.internal.example/hooks/abc', 'slack'],
    ['teams+https://flows.internal.example/x', 'teams'],
    ['json+https://hooks.slack.com/services/T/B/x', 'json'],
    ['http://127.0.0.1:8080/hook', 'json'],
  ];
  for (const [url, kind] of table)
    it(`${url} -> ${kind}`, () => {
      const target = notifyTarget(url);
      assert.equal(target.kind, kind);
      assert.ok(!target.url.includes('+https'), 'the prefix is not part of the URL posted to');
    });

  const refused: [string, RegExp][] = [
    [
      'http://hooks.example.com/secret-path',
      /^notify: the URL at hooks\.example\.com is plain http, .*127\.0\.0\.1\)$/,
    ],
    ['matrix+https://m.example/secret-path', /^notify: "matrix\+" is not a kind; expected one of slack\+, teams\+/],
    ['https://user:pw@hooks.example.com/secret-path', /^notify: the URL at hooks\.example\.com carries credentials/],
    ['not a url secret-path', /^notify: a value is not a URL \(not shown: it is a secret\)/],
  ];
  for (const [url, message] of refused)
    it(`refuses ${url.split('/')[0]}… in one line that shows no path`, () => {
      assert.throws(
        () => parseNotifySettings({ notify: url }),
        (error: Error) => message.test(error.message) && !error.message.includes('secret-path'),
      );
    });
});

describe('notify: settings', () => {
  it('notify-on defaults to failure, expiring and deploy-failure; a wrong event is one line', () => {
    assert.deepEqual([...parseNotifySettings({}).events], ['failure', 'expiring', 'deploy-failure']);
    assert.deepEqual([...parseNotifySettings({ 'notify-on': 'renewed, Failure' }).events], ['renewed', 'failure']);
    assert.throws(
      () => parseNotifySettings({ 'notify-on': 'renewed,expired' }),
      new Error(
        'notify-on: "expired" is not an event; expected some of failure, renewed, deferred, expiring, deploy-failure',
      ),
    );
  });

  it('a JSON webhook needs notify-secret; each URL of a list is told to the masker', () => {
    assert.throws(
      () => parseNotifySettings({ notify: 'https://hooks.example.com/abc' }),
      /^Error: notify-secret: missing; the JSON webhook at hooks\.example\.com is signed with it/,
    );
    const masked: string[] = [];
    const urls = ['https://hooks.slack.com/services/T/B/one', 'https://discord.com/api/webhooks/1/two'];
    const settings = parseNotifySettings(
      { notify: urls.join(',\n'), 'heartbeat-url': 'https://hc-ping.com/uuid' },
      (s) => masked.push(s),
    );
    assert.deepEqual(masked, [...urls, 'https://hc-ping.com/uuid']);
    assert.deepEqual(
      settings.targets.map((t) => t.kind),
      ['slack', 'discord'],
    );
  });
});

describe('notify: masking', () => {
  it('a prefixed URL is masked as given and as posted', () => {
    const masked: string[] = [];
    parseNotifySettings(
      { notify: 'slack+https://chat.example/hooks/abc', 'heartbeat-url': 'cronitor+https://beat.example/p/k/m' },
      (s) => masked.push(s),
    );
    assert.deepEqual(masked, [
      'slack+https://chat.example/hooks/abc',
      'https://chat.example/hooks/abc',
      'cronitor+https://beat.example/p/k/m',
      'https://beat.example/p/k/m',
    ]);
  });
});

describe('notify: heartbeat forms', () => {
  const call = (url: string, ok: boolean) => heartbeatCall(heartbeatTarget(url), ok, 'certwright: 1 failed');
  it('healthchecks.io: the URL on success, /fail on failure, the line as the body', () => {
    assert.deepEqual(call('https://hc-ping.com/0b1c-uuid', true), {
      method: 'POST',
      url: 'https://hc-ping.com/0b1c-uuid',
      body: 'certwright: 1 failed',
    });
    assert.equal(call('https://hc-ping.com/0b1c-uuid/?rid=1', false).url, 'https://hc-ping.com/0b1c-uuid/fail?rid=1');
    assert.equal(heartbeatTarget('https://hc.example.org/ping/abc-def').kind, 'healthchecks', 'self-hosted');
  });
  it('Cronitor: state=complete or state=fail, with the message', () => {
    assert.equal(
      call('https://cronitor.link/p/KEY/renew-certs', true).url,
      'https://cronitor.link/p/KEY/renew-certs?state=complete&message=certwright%3A+1+failed',
    );
    assert.match(call('https://cronitor.link/p/KEY/renew-certs', false).url, /\?state=fail&/);
  });
  it('Uptime Kuma push: status=up or status=down, with msg; its own parameters replaced', () => {
    const url = 'https://kuma.example.org/api/push/Tok3n?status=up&msg=OK&ping=';
    assert.equal(
      call(url, false).url,
      'https://kuma.example.org/api/push/Tok3n?status=down&msg=certwright%3A+1+failed&ping=',
    );
    assert.match(call(url, true).url, /\?status=up&msg=certwright/);
  });
  it('anything else: GET on success, ?status=fail on failure; a prefix forces the kind', () => {
    assert.deepEqual(call('https://beat.example.org/x?k=1', true), {
      method: 'GET',
      url: 'https://beat.example.org/x?k=1',
    });
    assert.equal(call('https://beat.example.org/x?k=1', false).url, 'https://beat.example.org/x?k=1&status=fail');
    assert.equal(heartbeatTarget('uptime-kuma+https://status.example.org/push/x').kind, 'uptime-kuma');
  });
});

describe('notify: the run report', () => {
  it('groups the certificates that have an event, with days left and the next renewal', () => {
    const report = fullReport();
    assert.deepEqual(report.events, ['failure', 'renewed', 'deferred', 'expiring']);
    assert.deepEqual(
      report.certificates.map((c) => [c.name, c.events, c.daysLeft, c.renewAt]),
      [
        ['renewed.example.test', ['renewed'], 89, new Date(NOW + 60 * DAY).toISOString()],
        ['failed.example.test', ['failure', 'expiring'], 4, undefined],
        ['deferred.example.test', ['deferred'], undefined, undefined],
      ],
    );
    assert.equal(report.total, 4);
    assert.equal(report.run.url, 'https://github.com/octo/certs/actions/runs/4242');
  });

  it('each receiver gets only the events it asked for; none: no message', () => {
    const report = fullReport();
    const wanted = reportFor(report, new Set(['failure', 'deploy-failure']));
    assert.deepEqual(
      wanted?.certificates.map((c) => [c.name, c.events]),
      [['failed.example.test', ['failure']]],
    );
    assert.equal(reportFor(report, new Set(['deploy-failure'])), undefined);
  });

  it('a deploy target that failed is a deploy-failure event', () => {
    const [renewed] = runResults();
    const withDeploy: CertificateResult = {
      ...renewed!,
      deployments: [{ target: 'acm', key: 'k', description: 'acm', action: 'failed', error: new Error('denied') }],
    };
    const report = buildReport({ results: [withDeploy], now: NOW, warnDays: 7, env: {} });
    assert.deepEqual(report.certificates[0]?.events, ['renewed', 'deploy-failure']);
    assert.equal(report.certificates[0]?.problem, 'deploy to acm failed: denied');
    assert.deepEqual(report.run, {}, 'outside Actions: no link');
  });
});

describe('notify: payload shapes', () => {
  it('Slack: text and blocks (header, a section per certificate, the run link), mrkdwn escaped', () => {
    const payload = slackPayload(fullReport()) as { text: string; blocks: { type: string; text?: { text: string } }[] };
    assert.match(payload.text, /^certwright: 1 failed, 1 renewed, 1 deferred, 1 expiring in octo\/certs: https:/);
    assert.deepEqual(
      payload.blocks.map((b) => b.type),
      ['header', 'section', 'section', 'section', 'context'],
    );
    assert.match(payload.blocks[2]?.text?.text ?? '', /^\*failed\.example\.test\*: failed, expiring; 4 days left/);
    assert.match(payload.blocks[2]?.text?.text ?? '', /&lt;@everyone&gt; &amp; more/);
    assert.match(
      JSON.stringify(payload.blocks[4]),
      /<https:\/\/github\.com\/octo\/certs\/actions\/runs\/4242\|View the run>/,
    );
  });

  it('Teams: a message with one Adaptive Card (a fact per certificate, an action opening the run)', () => {
    const payload = teamsPayload(fullReport()) as {
      type: string;
      attachments: { contentType: string; content: Record<string, unknown> }[];
    };
    assert.equal(payload.type, 'message');
    assert.equal(payload.attachments.length, 1);
    const card = payload.attachments[0]!;
    assert.equal(card.contentType, 'application/vnd.microsoft.card.adaptive');
    assert.equal(card.content.type, 'AdaptiveCard');
    const facts = (card.content.body as { type: string; facts?: { title: string }[] }[]).find(
      (b) => b.type === 'FactSet',
    );
    assert.deepEqual(
      facts?.facts?.map((f) => f.title),
      ['renewed.example.test', 'failed.example.test', 'deferred.example.test'],
    );
    assert.deepEqual(card.content.actions, [
      { type: 'Action.OpenUrl', title: 'Open the run', url: 'https://github.com/octo/certs/actions/runs/4242' },
    ]);
  });

  it('Discord: content and one embed (a field per certificate, red on failure), no mentions', () => {
    const payload = discordPayload(fullReport()) as {
      content: string;
      embeds: { url: string; color: number; fields: { name: string; value: string }[] }[];
      allowed_mentions: unknown;
    };
    assert.match(payload.content, /^certwright: 1 failed/);
    assert.equal(payload.embeds.length, 1);
    assert.equal(payload.embeds[0]?.url, 'https://github.com/octo/certs/actions/runs/4242');
    assert.equal(payload.embeds[0]?.color, 0xd73a49);
    assert.match(
      payload.embeds[0]?.fields[0]?.value ?? '',
      /^renewed; 89 days left \(until .*\); next renewal 2027-04-30/,
    );
    assert.deepEqual(payload.allowed_mentions, { parse: [] });
  });

  it('Discord: more than 24 certificates end in one "more" field', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ name: `c${i}.example.test`, error: new Error('x') }));
    const payload = discordPayload(buildReport({ results: many, now: NOW, warnDays: 7, env: {} })) as {
      embeds: { fields: { name: string; value: string }[] }[];
    };
    assert.equal(payload.embeds[0]?.fields.length, 25);
    assert.equal(payload.embeds[0]?.fields[24]?.value, '…and 6 more certificate(s)');
  });

  it('JSON webhook: {event, events, run, certificates}, signed over the exact body, timestamp covered', () => {
    const { body, headers } = webhookRequest(fullReport(), HMAC_KEY);
    const parsed = JSON.parse(body) as Record<string, unknown>;
    assert.equal(parsed.event, 'failure');
    assert.deepEqual(parsed.events, ['failure', 'renewed', 'deferred', 'expiring']);
    assert.equal((parsed.run as { url: string }).url, 'https://github.com/octo/certs/actions/runs/4242');
    assert.equal((parsed.certificates as unknown[]).length, 3);
    const expected = `sha256=${createHmac('sha256', HMAC_KEY).update(body).digest('hex')}`;
    assert.equal(headers['x-certwright-signature'], expected);
    assert.equal(headers['x-certwright-timestamp'], String(parsed.sentAt));
    assert.notEqual(signature(body.replace('failure', 'renewed'), HMAC_KEY), expected, 'a changed body fails');
  });
});

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => void lines.push(`info: ${m}`),
    warn: (m) => void lines.push(`warn: ${m}`),
    debug: (m) => void lines.push(`debug: ${m}`),
  };
}

const fastClock: Clock = { now: () => Date.now(), sleep: () => Promise.resolve() };

describe('notify: sending to local receivers', () => {
  const receiver = new WebhookReceiver();
  let base = '';
  before(async () => {
    base = await receiver.start();
  });
  after(() => receiver.stop());
  beforeEach(() => {
    receiver.requests.length = 0;
    receiver.statuses = [];
  });

  const urls = () => ({
    slack: `slack+${base}/services/T0/B0/slack-secret-token`,
    teams: `teams+${base}/workflows/teams-secret-sig`,
    discord: `discord+${base}/api/webhooks/1/discord-secret-token`,
    json: `${base}/hooks/json-secret-path`,
  });

  it('one message per run and receiver, each in its shape; the JSON one verifies; no secret in a payload or a log', async () => {
    const logger = recordingLogger();
    const all = urls();
    const settings = parseNotifySettings({
      notify: Object.values(all).join(','),
      'notify-on': 'failure,renewed,deferred,expiring',
      'notify-secret': HMAC_KEY,
    });
    await reportRun(
      settings,
      { results: runResults(), now: NOW, warnDays: 7, env: ACTIONS_ENV },
      { logger, clock: fastClock, env: {} },
    );
    const byPath = (part: string) => receiver.requests.filter((r) => r.url.includes(part));
    assert.equal(receiver.requests.length, 4, 'one POST per receiver');
    const slack = JSON.parse(byPath('/services/')[0]!.body) as Record<string, unknown>;
    assert.deepEqual(Object.keys(slack).sort(), ['blocks', 'text']);
    const teams = JSON.parse(byPath('/workflows/')[0]!.body) as { attachments: { contentType: string }[] };
    assert.equal(teams.attachments[0]?.contentType, 'application/vnd.microsoft.card.adaptive');
    const discord = JSON.parse(byPath('/api/webhooks/')[0]!.body) as Record<string, unknown>;
    assert.ok('content' in discord && 'embeds' in discord);
    const json = byPath('/hooks/')[0]!;
    assert.equal(json.headers['content-type'], 'application/json');
    assert.equal(
      json.headers['x-certwright-signature'],
      `sha256=${createHmac('sha256', HMAC_KEY).update(json.body).digest('hex')}`,
    );
    const everything = [...receiver.requests.map((r) => r.body), ...logger.lines].join('\n');
    for (const secret of [
      'slack-secret-token',
      'teams-secret-sig',
      'discord-secret-token',
      'json-secret-path',
      HMAC_KEY,
    ])
      assert.ok(!everything.includes(secret), `${secret} leaked`);
    assert.ok(
      logger.lines.includes(
        `info: notify: Slack webhook at ${new URL(base).host}: told (failure, renewed, deferred, expiring)`,
      ),
    );
  });

  it('a run without an event a receiver wants sends it nothing; the heartbeat is called on success', async () => {
    const settings = parseNotifySettings({ notify: urls().slack, 'heartbeat-url': `${base}/ping/hc-uuid` });
    const quiet = runResults().slice(3);
    await reportRun(
      settings,
      { results: quiet, now: NOW, warnDays: 7, env: {} },
      { logger: recordingLogger(), clock: fastClock, env: {} },
    );
    assert.deepEqual(
      receiver.requests.map((r) => [r.method, r.url, r.body]),
      [['POST', '/ping/hc-uuid', 'certwright: 1 certificate(s), nothing to report']],
    );
  });

  for (const [kind, path, expected] of [
    ['healthchecks', '/ping/hc-uuid', ['POST', '/ping/hc-uuid/fail']],
    [
      'cronitor',
      '/p/KEY/renew',
      ['GET', '/p/KEY/renew?state=fail&message=certwright%3A+the+run+failed%3A+state%3A+cannot+decrypt'],
    ],
    [
      'uptime-kuma',
      '/api/push/tok',
      ['GET', '/api/push/tok?status=down&msg=certwright%3A+the+run+failed%3A+state%3A+cannot+decrypt'],
    ],
    ['generic', '/beat', ['GET', '/beat?status=fail']],
  ] as const) {
    it(`heartbeat ${kind}: a failed run calls its failure form, a good one its success form`, async () => {
      const settings = parseNotifySettings({ 'heartbeat-url': `${kind}+${base}${path}` });
      const tools = { logger: recordingLogger(), clock: fastClock, env: {} };
      await reportRun(
        settings,
        { results: [], now: NOW, warnDays: 7, env: {}, runError: new Error('state: cannot decrypt') },
        tools,
      );
      await reportRun(settings, { results: runResults().slice(3), now: NOW, warnDays: 7, env: {} }, tools);
      assert.deepEqual([receiver.requests[0]?.method, receiver.requests[0]?.url], expected);
      const success = receiver.requests[1]!;
      assert.ok(!/fail|down/.test(success.url), success.url);
      assert.equal(receiver.requests.length, 2);
    });
  }

  it('429 and 5xx are retried through the vendor kit; a receiver that keeps failing is a warning naming kind and host', async () => {
    receiver.statuses = [429, 503];
    const logger = recordingLogger();
    const settings = parseNotifySettings({ notify: urls().discord });
    await reportRun(
      settings,
      { results: runResults(), now: NOW, warnDays: 7, env: {} },
      { logger, clock: fastClock, env: {} },
    );
    assert.equal(receiver.requests.length, 3, 'two retries, then delivered');
    receiver.requests.length = 0;
    receiver.statuses = [500, 500, 500];
    await reportRun(
      settings,
      { results: runResults(), now: NOW, warnDays: 7, env: {} },
      { logger, clock: fastClock, env: {} },
    );
    assert.equal(receiver.requests.length, 3);
    const warning = logger.lines.find((l) => l.startsWith('warn:'));
    assert.match(
      warning ?? '',
      /^warn: notify: Discord webhook at 127\.0\.0\.1:\d+: answered HTTP 500 \(after 3 attempts\); the run's result stands$/,
    );
  });

  it('a failed deploy target makes the heartbeat a failure, though every certificate is fine', async () => {
    const [renewed] = runResults();
    const results: CertificateResult[] = [
      {
        ...renewed!,
        deployments: [{ target: 'vault', key: 'k', description: 'vault', action: 'failed', error: new Error('403') }],
      },
    ];
    const settings = parseNotifySettings({ 'heartbeat-url': `${base}/beat` });
    await reportRun(
      settings,
      { results, now: NOW, warnDays: 7, env: {} },
      { logger: recordingLogger(), clock: fastClock, env: {} },
    );
    assert.deepEqual(
      receiver.requests.map((r) => r.url),
      ['/beat?status=fail'],
    );
  });

  it('a receiver that is down: a warning without its path, and reportRun resolves', async () => {
    const down = new WebhookReceiver();
    const downBase = await down.start();
    await down.stop();
    const logger = recordingLogger();
    const settings = parseNotifySettings({
      notify: `slack+${downBase}/services/T/B/down-secret`,
      'heartbeat-url': `${downBase}/beat-secret`,
    });
    const report = await reportRun(
      settings,
      { results: runResults(), now: NOW, warnDays: 7, env: {} },
      { logger, clock: fastClock, env: {} },
    );
    assert.deepEqual(report?.events, ['failure', 'renewed', 'deferred', 'expiring']);
    const warnings = logger.lines.filter((l) => l.startsWith('warn:'));
    assert.equal(warnings.length, 2, logger.lines.join('\n'));
    assert.match(
      warnings[0] ?? '',
      /^warn: notify: Slack webhook at 127\.0\.0\.1:\d+: no answer from http:\/\/127\.0\.0\.1:\d+: connect ECONNREFUSED .*; the run's result stands$/,
    );
    assert.match(warnings[1] ?? '', /^warn: heartbeat: generic at 127\.0\.0\.1:\d+: /);
    assert.ok(!logger.lines.join('\n').includes('secret'), logger.lines.join('\n'));
  });
});
