/**
 * Config files say what they mean, secrets stay masked, and nothing goes over plain http off this
 * machine: each attack or mistake through `node dist/cli.js` (and the Action's bundle), with a
 * tripwire for the CA that counts every request that reaches it.
 */
import assert from 'node:assert/strict';
import { access, mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../src/testing/cli.js';
import { runActionStep, visibleLog } from '../../src/testing/runner.js';
import { startTestbed, type Testbed } from '../../src/testing/testbed.js';

const main = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

/** A server that answers nothing useful and counts what reaches it: as the CA's URL, or as every request's proxy. */
async function startTripwire(): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let count = 0;
  const server: Server = createServer((req, res) => {
    count++;
    res.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => count,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe('config files and secrets through node dist/cli.js, before anything is sent', () => {
  let tripwire: Awaited<ReturnType<typeof startTripwire>>;
  let home: string;
  before(async () => {
    tripwire = await startTripwire();
    home = await mkdtemp(join(tmpdir(), 'certwright-trust-'));
  });
  after(() => tripwire?.close());

  /** Every request the CLI makes goes to the tripwire: the ACME server is it, and so is the proxy for any other URL. */
  const env = () => ({
    XDG_CONFIG_HOME: join(home, 'config'),
    HTTP_PROXY: tripwire.url,
    HTTPS_PROXY: tripwire.url,
    CERTWRIGHT_RFC2136_TSIG_SECRET: 'c2VjcmV0',
    CERTWRIGHT_STATE_KEY: 'a passphrase for the trust state',
  });
  const renew = (config: string, ...extra: string[]) =>
    runCli(
      [
        'renew',
        '--config',
        config,
        '--server',
        `${tripwire.url}/dir`,
        '--agree-tos',
        '--dns',
        'rfc2136',
        '--rfc2136-server',
        '127.0.0.1:53',
        '--rfc2136-tsig-key',
        'k',
        '--store',
        `file:${join(home, 'state.jwe')}`,
        ...extra,
      ],
      env(),
    );
  const configFile = async (name: string, yaml: string) => {
    const path = join(home, name);
    await writeFile(path, yaml);
    return path;
  };

  const keyErrors: [string, string, string][] = [
    [
      'top level',
      'concurency: 2\ncertificates: [{domains: [a.example.test]}]\n',
      'unknown key "concurency"; did you mean "concurrency"?',
    ],
    [
      'certificate entry',
      'certificates:\n  - domains: [a.example.test]\n  - domains: [b.example.test]\n  - domians: [c.example.test]\n',
      'certificates[2]: unknown key "domians"; did you mean "domains"?',
    ],
    [
      'zone',
      'certificates:\n  - domains: [a.example.test]\n    zones:\n      example.test: { dns-provider: exec, exec-auth-hok: ./auth.sh }\n',
      'certificates[0].zones.example.test: unknown key "exec-auth-hok"; did you mean "exec-auth-hook"?',
    ],
    [
      'top level (a run secret)',
      'state-key: a passphrase kept in git\ncertificates: [{domains: [a.example.test]}]\n',
      'state-key: not read from a config file: a secret does not belong in a file kept in a repository; pass it as the state-key input from a secret (CLI: the CERTWRIGHT_STATE_KEY variable)',
    ],
    [
      'certificate entry (a run-wide key)',
      'certificates: [{domains: [a.example.test], max-new-orders: 5}]\n',
      "certificates[0]: max-new-orders applies to the whole run (it is the order budget of the run's ACME account); set it at the top level of the file",
    ],
  ];
  for (const [level, yaml, line] of keyErrors) {
    it(`refuses a bad key at the ${level} in one line naming it, and asks the CA nothing`, async () => {
      const config = await configFile(`keys-${level.replace(/\W+/g, '-')}.yml`, yaml);
      const before = tripwire.requests();
      const run = await renew(config);
      assert.equal(run.code, 1, run.stderr);
      assert.equal(run.stderr, `certwright: config: ${config}: ${line}\n`);
      assert.equal(run.stdout, '');
      assert.equal(tripwire.requests(), before, 'no request reached the CA (or anything else)');
      assert.equal(await exists(join(home, 'state.jwe')), false, 'no state was written');
    });
  }

  it('refuses a plain http ACME server, from the file or a flag, before any request', async () => {
    const config = await configFile(
      'http-server.yml',
      'server: http://acme.example/dir\ncertificates: [{domains: [a.example.test]}]\n',
    );
    const before = tripwire.requests();
    const fromFile = await runCli(
      ['renew', '--config', config, '--dns', 'rfc2136', '--rfc2136-server', '127.0.0.1:53', '--rfc2136-tsig-key', 'k'],
      env(),
    );
    assert.equal(fromFile.code, 1);
    assert.equal(
      fromFile.stderr,
      `certwright: config: ${config}: certificates[0]: server: http://acme.example/dir is plain http, which ACME does not allow (RFC 8555 §6.1: anyone on the path could change what the CA answers); use https (plain http only for a loopback test server such as 127.0.0.1)\n`,
    );
    const fromFlag = await runCli(
      [
        'certonly',
        '-d',
        'a.example.test',
        '--server',
        'http://acme.example/dir',
        '--dns',
        'rfc2136',
        '--rfc2136-server',
        '127.0.0.1:53',
        '--rfc2136-tsig-key',
        'k',
      ],
      env(),
    );
    assert.equal(fromFlag.code, 1);
    assert.match(
      fromFlag.stderr,
      /^certwright: server: http:\/\/acme\.example\/dir is plain http, which ACME does not allow .*; use https .*\n$/,
    );
    assert.equal(tripwire.requests(), before, 'nothing was sent: not to the server, not through the proxy');
  });

  it('refuses a plain http provider API URL that would carry the token, before any request', async () => {
    const before = tripwire.requests();
    const run = await runCli(
      [
        'certonly',
        '-d',
        'a.example.test',
        '--server',
        `${tripwire.url}/dir`,
        '--dns',
        'cloudflare',
        '--cloudflare-api-url',
        'http://api.cloudflare.example/client/v4',
      ],
      { ...env(), CLOUDFLARE_API_TOKEN: 'cf-token-that-must-stay-home' },
    );
    assert.equal(run.code, 1);
    assert.equal(
      run.stderr,
      "certwright: cloudflare-api-url: http://api.cloudflare.example/client/v4 is plain http, so the provider's credentials would cross the network readable; use https (plain http only for a loopback address such as 127.0.0.1)\n",
    );
    assert.equal(tripwire.requests(), before);
  });

  it('refuses a plain http github-api-url for the secret store, which would carry the token, before any request', async () => {
    const before = tripwire.requests();
    const run = await runCli(
      [
        'renew',
        '-d',
        'a.example.test',
        '--server',
        `${tripwire.url}/dir`,
        '--dns',
        'exec',
        '--exec-auth-hook',
        'true',
        '--store',
        'secret:CERTWRIGHT_STATE',
        '--github-repository',
        'o/r',
        '--github-api-url',
        'http://ghes.example/api/v3',
      ],
      { ...env(), GITHUB_TOKEN: 'ghp_token-that-must-stay-home', CERTWRIGHT_STATE_KEY: 'a passphrase for this test' },
    );
    assert.equal(run.code, 1, run.stderr);
    assert.match(
      run.stderr,
      /^certwright: github-api-url: http:\/\/ghes\.example\/api\/v3 is plain http, so the GitHub token would cross the network readable; use https/m,
    );
    assert.equal(tripwire.requests(), before);
  });

  it('masks a secret of the config file in the error that quotes it', async () => {
    // A token pasted into the zone-ID field too: the error quotes the field's value.
    const token = 'cf-token-from-the-config-file-0123456789';
    const config = await configFile(
      'pasted.yml',
      `cloudflare-api-token: ${token}\ncertificates:\n  - domains: [a.example.test]\n    dns-provider: cloudflare\n    cloudflare-zone-id: ${token}\n`,
    );
    const run = await renew(config);
    assert.equal(run.code, 1);
    assert.equal(
      run.stderr,
      `certwright: config: ${config}: certificates[0]: cloudflare-zone-id: "***" is not a zone ID; expected one such as 023e105f4ecef8ad9ca31a8372d0c353\n`,
    );
    assert.ok(!`${run.stdout}${run.stderr}`.includes(token));
  });

  it('redacts a usage error that quotes secret flags', async () => {
    const run = await runCli(
      [
        'certonly',
        '-d',
        'a.example.test',
        '--rfc2136-tsig-secret',
        'first-tsig-secret',
        '--rfc2136-tsig-secret',
        'second-tsig-secret',
      ],
      env(),
    );
    assert.equal(run.code, 2);
    assert.equal(run.stderr, 'certwright: --rfc2136-tsig-secret was given 2 times ("***", "***"); give it once\n');
  });

  it('the Action masks a secret of the config file before anything prints it (node dist/main.js)', async () => {
    const token = 'cf-token-from-the-config-file-for-the-action';
    const config = await configFile(
      'action.yml',
      `cloudflare-api-token: ${token}\ncertificates:\n  - domains: [a.example.test]\n    dns-provider: cloudflare\n    cloudflare-zone-id: ${token}\n`,
    );
    const run = await runActionStep(main, { config, server: `${tripwire.url}/dir`, 'agree-tos': 'true' });
    assert.equal(run.code, 1, run.output);
    const lines = run.output.split('\n');
    const mask = lines.indexOf(`::add-mask::${token}`);
    const error = lines.findIndex((line) => line.startsWith('::error::') && line.includes('cloudflare-zone-id'));
    assert.ok(mask >= 0 && error > mask, `the runner is told to mask the token before the error line:\n${run.output}`);
    assert.ok(
      !visibleLog(run.output)
        .split('\n')
        .some((line) => line.startsWith('::add-mask::')),
      'visibleLog drops the mask commands',
    );
  });
});

describe('config files against Pebble (node dist/cli.js)', () => {
  let bed: Testbed;
  let home: string;
  before(async () => {
    bed = await startTestbed();
    home = await mkdtemp(join(tmpdir(), 'certwright-trust-bed-'));
  });
  after(async () => {
    await bed?.stop();
  });

  const bedFlags = (state: string) => [
    '--server',
    bed.directoryUrl,
    '--server-ca-file',
    bed.serverCaFile,
    '--agree-tos',
    '-m',
    'ops@example.test',
    '--rfc2136-server',
    `127.0.0.1:${bed.dns.port}`,
    '--rfc2136-tsig-key',
    bed.tsig.name,
    '--nameservers',
    `127.0.0.1:${bed.dns.port}`,
    '--propagation-interval',
    '0.1',
    '--store',
    `file:${state}`,
    '--output-dir',
    join(home, 'out'),
  ];
  const env = () => ({
    CERTWRIGHT_RFC2136_TSIG_SECRET: bed.tsig.secret,
    CERTWRIGHT_STATE_KEY: 'a passphrase for the trust state',
    XDG_CONFIG_HOME: join(home, 'config'),
  });

  it('honours max-new-orders from the file, over the command line', async () => {
    const config = join(home, 'budget.yml');
    await writeFile(
      config,
      'max-new-orders: 1\ndns-provider: rfc2136\ncertificates:\n  - domains: [budget1.example.test]\n  - domains: [budget2.example.test]\n',
    );
    const run = await runCli(
      ['renew', '--config', config, '--max-new-orders', '250', ...bedFlags(join(home, 'budget.jwe'))],
      env(),
    );
    assert.equal(run.code, 0, run.stderr);
    const actions = run.stdout
      .trim()
      .split('\n')
      .map((line) => line.split(/\s+/)[1]);
    assert.deepEqual(actions.sort(), ['deferred', 'issued'], run.stdout);
    assert.match(run.stderr, /max-new-orders \(1 new orders per account in 3 hours\) is spent/);
  });

  it('masks what a credentials file holds, when a failing hook prints it', async () => {
    const password = 'acme-dns-password-in-a-credentials-file';
    const credentials = join(home, 'acmedns.json');
    await writeFile(
      credentials,
      `${JSON.stringify({ 'leak.example.test': { username: 'leak-user', password, fulldomain: 'x.auth.example.test', subdomain: 'x' } })}\n`,
    );
    const config = join(home, 'leak.yml');
    // The hook dumps the credentials file it can read into its error output, as a debugging hook might.
    await writeFile(
      config,
      `acme-dns-credentials-file: ${credentials}\ncertificates:\n  - domains: [leak.example.test]\n    dns-provider: exec\n    exec-auth-hook: cat ${credentials} >&2; exit 3\n`,
    );
    const run = await runCli(['renew', '--config', config, '-v', ...bedFlags(join(home, 'leak.jwe'))], env());
    assert.equal(run.code, 1, run.stderr);
    // The file as a whole is a secret value, and so is each secret field in it.
    assert.match(
      run.stdout,
      /^leak\.example\.test +FAILED +exec: auth hook for leak\.example\.test exited with 3: \*\*\*$/m,
    );
    assert.ok(!`${run.stdout}${run.stderr}`.includes(password), 'the password is never printed');
    assert.match(
      run.stderr,
      /^leak\.example\.test: exec: auth hook for leak\.example\.test: \*\*\*$/m,
      'the verbose hook output is redacted too',
    );
  });
});
