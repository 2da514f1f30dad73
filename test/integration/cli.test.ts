import assert from 'node:assert/strict';
import { PROVIDERS } from '../../src/dns/providers/index.js';
import { access, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { summarizeCertificate } from '../../src/crypto/certificate.js';
import { parseStateKey } from '../../src/state/encryption.js';
import { FileStore } from '../../src/store/file/file-store.js';
import { loadState, saveState } from '../../src/state/persist.js';
import { runCli, bedFlags } from '../../src/testing/cli.js';
import { keyMaterialLines } from '../../src/testing/runner.js';
import { startTestbed, type Testbed } from '../../src/testing/testbed.js';
import { verifyIssued } from '../../src/testing/verify.js';

describe('certwright certonly (node dist/cli.js)', () => {
  let bed: Testbed;
  let home: string;
  before(async () => {
    bed = await startTestbed();
    home = await mkdtemp(join(tmpdir(), 'certwright-home-'));
  });
  after(async () => {
    await bed?.stop();
  });

  it('issues with certbot-style flags, prints the certificate, keeps the secret off argv', async () => {
    const out = join(home, 'out');
    const domains = ['cli.example.test', '*.cli.example.test', 'cli.other.test'];
    const run = await runCli(
      ['certonly', ...domains.flatMap((d) => ['-d', d]), ...bedFlags(bed), '--output-dir', out, '-v'],
      {
        CERTWRIGHT_RFC2136_TSIG_SECRET: bed.tsig.secret,
        XDG_CONFIG_HOME: join(home, 'config'),
      },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Successfully received certificate\.$/m);
    assert.match(run.stdout, /^Names: {5}cli\.example\.test, \*\.cli\.example\.test, cli\.other\.test$/m);
    assert.match(run.stdout, /^Issuer: {4}CN=Pebble Intermediate CA [0-9a-f]+$/m);
    assert.match(run.stdout, /^Expires: {3}\d{4}-\d\d-\d\dT[\d:.]+Z \(\d+ days\)$/m);
    const dir = join(out, 'cli.example.test');
    assert.match(run.stdout, new RegExp(`^Key: {7}${dir}/privkey\\.pem$`, 'm'));
    await verifyIssued(
      bed,
      {
        dir,
        cert: join(dir, 'cert.pem'),
        chain: join(dir, 'chain.pem'),
        fullchain: join(dir, 'fullchain.pem'),
        privkey: join(dir, 'privkey.pem'),
      },
      domains,
    );
    const key = await readFile(join(dir, 'privkey.pem'), 'utf8');
    for (const line of keyMaterialLines(key))
      assert.ok(!`${run.stdout}${run.stderr}`.includes(line), 'no key material in the output, even with -v');
    assert.ok(!`${run.stdout}${run.stderr}`.includes(bed.tsig.secret), 'no TSIG secret in the output');
    const accountKey = await readFile(join(home, 'config', 'certwright', 'accounts'), 'utf8').catch(
      (e: NodeJS.ErrnoException) => e.code,
    );
    assert.equal(accountKey, 'EISDIR', 'the account key is kept under XDG_CONFIG_HOME/certwright/accounts');
  });

  it("prints JSON with --json; certbot's --domain and -n are accepted", async () => {
    const out = join(home, 'json');
    const run = await runCli(
      ['certonly', '--domain', 'json.example.test', '-n', ...bedFlags(bed), '--output-dir', out, '--json', '-q'],
      {
        CERTWRIGHT_RFC2136_TSIG_SECRET: bed.tsig.secret,
        XDG_CONFIG_HOME: join(home, 'config'),
      },
    );
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout) as { domains: string[]; paths: { fullchain: string } };
    assert.deepEqual(result.domains, ['json.example.test']);
    assert.equal(result.paths.fullchain, join(out, 'json.example.test', 'fullchain.pem'));
  });

  const badInputs: [string, string[], RegExp][] = [
    [
      'an invalid name',
      ['-d', 'foo..example.test'],
      /^certwright: domains: "foo\.\.example\.test" is not a valid certificate name: it has an empty label \(two dots in a row, or a leading dot\)\n$/,
    ],
    [
      'a duplicate name',
      ['-d', 'a.example.test', '-d', 'A.example.test.'],
      /^certwright: domains: "a\.example\.test" is listed twice; list each name once\n$/,
    ],
    [
      'no name',
      ['--dns', 'rfc2136'],
      /^certwright: domains: empty; expected at least one name, such as example\.com, \*\.example\.com\n$/,
    ],
    [
      'an unknown provider',
      ['-d', 'a.example.test', '--dns', 'route66'],
      new RegExp(
        `^certwright: dns-provider: "route66" is not a known provider; expected one of ${PROVIDERS.map((p) => p.name).join(', ')}\\n$`,
      ),
    ],
    [
      'a bad server address',
      [
        '-d',
        'a.example.test',
        '--dns',
        'rfc2136',
        '--rfc2136-server',
        '127.0.0.1:99999',
        '--rfc2136-tsig-key',
        'k',
        '--rfc2136-tsig-secret',
        'AAAA',
      ],
      /^certwright: rfc2136-server: "127\.0\.0\.1:99999" is not a server address; expected host, host:port or \[ipv6\]:port, such as 127\.0\.0\.1:5353\n$/,
    ],
  ];
  for (const [what, args, message] of badInputs) {
    it(`rejects ${what} with one line naming the input`, async () => {
      const run = await runCli(['certonly', ...args], { XDG_CONFIG_HOME: join(home, 'config') });
      assert.equal(run.code, 1);
      assert.match(run.stderr, message);
    });
  }

  const stateEnv = () => ({
    CERTWRIGHT_RFC2136_TSIG_SECRET: bed.tsig.secret,
    CERTWRIGHT_STATE_KEY: 'a cli passphrase for the state',
    XDG_CONFIG_HOME: join(home, 'config'),
  });

  it('renew, certificates and revoke work on one state file; a revoked certificate is replaced by the next renew', async () => {
    const state = join(home, 'lineage-state.jwe');
    const env = stateEnv();
    const out = join(home, 'lineages');
    const flags = ['--store', `file:${state}`, '--output-dir', out];
    const first = await runCli(['renew', '-d', 'life.example.test', ...bedFlags(bed), ...flags], env);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^Successfully received certificate\.$/m);
    const second = await runCli(['renew', '-d', 'life.example.test', ...bedFlags(bed), ...flags], env);
    assert.equal(second.code, 0, second.stderr);
    assert.match(
      second.stdout,
      /^Not due for renewal: not due until \d{4}-\d\d-\d\dT[\d:.]+Z \(a third of its lifetime left\)\.$/m,
    );
    const quiet = await runCli(['renew', '-q', '-d', 'life.example.test', ...bedFlags(bed), ...flags], env);
    assert.deepEqual(
      [quiet.code, quiet.stdout, quiet.stderr],
      [0, '', ''],
      'renew -q prints nothing on success (cron mails output)',
    );
    const close = await runCli(
      ['renew', '-q', '-d', 'life.example.test', ...bedFlags(bed), ...flags, '--warn-days', '100000'],
      env,
    );
    assert.equal(close.code, 0, close.stderr);
    assert.equal(close.stdout, '');
    assert.match(
      close.stderr,
      /^warning: life\.example\.test expires in \d+ days \(\d{4}-\d\d-\d\dT[\d:.]+Z\)\n$/,
      'within warn-days: one warning, even with -q',
    );
    const listed = await runCli(['certificates', ...flags], env);
    assert.equal(listed.code, 0, listed.stderr);
    const dir = join(out, 'life.example.test');
    const listing = new RegExp(
      '^Certificate Name: life\\.example\\.test\n {2}Serial Number: ([0-9a-f]+)\n {2}Key Type: ECDSA P-256\n {2}Domains: life\\.example\\.test\n' +
        ' {2}Expiry Date: \\S+ \\(VALID: \\d+ days\\)\n {2}Next Renewal: \\S+\n' +
        ` {2}Certificate Path: ${dir}/fullchain\\.pem\n {2}Cert Only Path: ${dir}/cert\\.pem\n {2}Private Key Path: ${dir}/privkey\\.pem\n$`,
    );
    const serial = listing.exec(listed.stdout)?.[1];
    assert.ok(serial, listed.stdout);

    const revoked = await runCli(
      [
        'revoke',
        '--cert-name',
        'life.example.test',
        '--reason',
        'superseded',
        '--server-ca-file',
        bed.serverCaFile,
        ...flags,
      ],
      env,
    );
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.equal(
      revoked.stdout,
      `Revoked certificate ${serial} (superseded).\nThe next certwright renew of life.example.test replaces it.\n`,
    );
    const shown = await runCli(['certificates', ...flags], env);
    assert.match(
      shown.stdout,
      /^ {2}Expiry Date: \S+ \(INVALID: REVOKED\)\n {2}Next Renewal: \S+ \(due: the next renew replaces it, as it was revoked\)$/m,
    );
    const json = JSON.parse((await runCli(['certificates', '--json', ...flags], env)).stdout) as {
      status: string;
      revoked: { reason: string };
    }[];
    assert.deepEqual([json[0]?.status, json[0]?.revoked.reason], ['revoked', 'superseded']);
    const again = await runCli(
      ['revoke', '--cert-name', 'life.example.test', '--server-ca-file', bed.serverCaFile, ...flags],
      env,
    );
    assert.equal(again.code, 1);
    assert.match(
      again.stderr,
      /^certwright: cert-name: life\.example\.test was already revoked \(superseded\) at \S+; certwright renew replaces it, certwright delete removes it from the state\n$/,
    );
    const badReason = await runCli(['revoke', '--cert-name', 'life.example.test', '--reason', 'bored', ...flags], env);
    assert.equal(badReason.code, 1);
    assert.match(
      badReason.stderr,
      /^certwright: reason: "bored" is not a revocation reason; expected one of unspecified, keycompromise, affiliationchanged, superseded, cessationofoperation\n$/,
    );

    const revokedKey = await readFile(join(dir, 'privkey.pem'), 'utf8');
    const renewed = await runCli(
      ['renew', '-d', 'life.example.test', ...bedFlags(bed), ...flags, '--reuse-key', '--json'],
      env,
    );
    assert.equal(renewed.code, 0, renewed.stderr);
    const result = JSON.parse(renewed.stdout) as { action: string; reason: string; serial: string };
    assert.equal(result.action, 'renewed');
    assert.match(result.reason, /^the certificate was revoked \(superseded\) at /);
    assert.notEqual(result.serial, serial, 'a new certificate replaced the revoked one');
    assert.equal(
      summarizeCertificate(await readFile(join(dir, 'fullchain.pem'), 'utf8')).serial,
      result.serial,
      'the new certificate is in the files',
    );
    assert.notEqual(
      await readFile(join(dir, 'privkey.pem'), 'utf8'),
      revokedKey,
      'a revoked certificate key is not reused, even with --reuse-key',
    );
    const relisted = (await runCli(['certificates', ...flags], env)).stdout;
    assert.ok(relisted.includes(`  Serial Number: ${result.serial}\n`), relisted);
    assert.match(relisted, /\(VALID: \d+ days\)\n {2}Next Renewal: \S+\n/, 'valid again, and not due');

    const dropped = await runCli(
      [
        'revoke',
        '--cert-name',
        'life.example.test',
        '--delete-after-revoke',
        '--server-ca-file',
        bed.serverCaFile,
        ...flags,
      ],
      env,
    );
    assert.equal(dropped.code, 0, dropped.stderr);
    assert.equal(
      dropped.stdout,
      `Revoked certificate ${result.serial} (unspecified).\nDeleted life.example.test from the state; its files are left in ${dir}.\n`,
    );
    await access(join(dir, 'privkey.pem'));
    assert.equal((await runCli(['certificates', ...flags], env)).stdout, 'No certificates in the state.\n');
    const missing = await runCli(['delete', '--cert-name', 'nope', ...flags], env);
    assert.equal(missing.code, 1);
    assert.match(
      missing.stderr,
      /^certwright: cert-name: no certificate named "nope" in the state; see certwright certificates\n$/,
    );
  });

  it('certificates says INVALID: EXPIRED for an expired certificate; delete leaves its files', async () => {
    const state = join(home, 'expired-state.jwe');
    const env = stateEnv();
    const out = join(home, 'expired');
    const flags = ['--store', `file:${state}`, '--output-dir', out];
    const issued = await runCli(
      ['renew', '-d', 'old.example.test', '--key-type', 'rsa', ...bedFlags(bed), ...flags],
      env,
    );
    assert.equal(issued.code, 0, issued.stderr);
    // Back-date it in the state: what the listing reads.
    const store = new FileStore(state);
    const key = parseStateKey(env.CERTWRIGHT_STATE_KEY);
    const bundle = await loadState(store, key);
    const lineage = bundle.lineages['old.example.test'];
    assert.ok(lineage);
    const history = lineage.history.map((h) => ({
      ...h,
      notBefore: '2020-01-01T00:00:00.000Z',
      notAfter: '2020-03-31T00:00:00.000Z',
    }));
    await saveState(store, key, { ...bundle, lineages: { 'old.example.test': { ...lineage, history } } });
    const listed = await runCli(['certificates', '--cert-name', 'old.example.test', ...flags], env);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /^ {2}Key Type: RSA 2048$/m);
    assert.match(
      listed.stdout,
      /^ {2}Expiry Date: 2020-03-31T00:00:00\.000Z \(INVALID: EXPIRED\)\n {2}Next Renewal: 2020-\S+ \(due: the next renew replaces it\)$/m,
    );
    assert.equal(
      (await runCli(['certificates', '--cert-name', 'other', ...flags], env)).stdout,
      'No certificate named other in the state.\n',
    );
    const deleted = await runCli(['delete', '--cert-name', 'old.example.test', ...flags], env);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.equal(
      deleted.stdout,
      `Deleted old.example.test from the state; its files are left in ${join(out, 'old.example.test')}.\n`,
    );
    await access(join(out, 'old.example.test', 'fullchain.pem'));
  });

  it("--staging and --test-cert mean Let's Encrypt's staging server; refused next to --server of another CA", async () => {
    const refused = await runCli(['certonly', '--test-cert', '-d', 'staging.example.test', ...bedFlags(bed)], {
      XDG_CONFIG_HOME: join(home, 'config'),
    });
    assert.equal(refused.code, 2);
    assert.equal(
      refused.stderr,
      `certwright: --staging (--test-cert) means Let's Encrypt's staging server, but --server names ${bed.directoryUrl}; give one of them (certwright help certonly)\n`,
    );
    // Through a proxy that is not there, so nothing leaves this machine: the error names the server it tried.
    const args = [
      'certonly',
      '--staging',
      '-d',
      'staging.example.test',
      '--dns',
      'rfc2136',
      '--rfc2136-server',
      `127.0.0.1:${bed.dns.port}`,
      '--rfc2136-tsig-key',
      bed.tsig.name,
      '--output-dir',
      join(home, 'staging'),
    ];
    const mapped = await runCli(args, { ...stateEnv(), HTTPS_PROXY: 'http://127.0.0.1:1' });
    assert.equal(mapped.code, 1);
    assert.match(
      mapped.stderr,
      /^certwright: acme: cannot reach the ACME directory at https:\/\/acme-staging-v02\.api\.letsencrypt\.org\/directory: proxy: /m,
    );
  });

  it('help COMMAND and COMMAND --help show that command within COLUMNS; --help and help the overview', async () => {
    for (const args of [
      ['help', 'renew'],
      ['renew', '--help'],
    ]) {
      const run = await runCli(args, { COLUMNS: '60' });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^certwright renew: /);
      assert.match(run.stdout, /^Renewal options:$/m);
      assert.match(run.stdout, /^Provider rfc2136: /m);
      assert.deepEqual(
        run.stdout.split('\n').filter((line) => line.length > 60),
        [],
        `${args.join(' ')}: no line over 60 columns`,
      );
    }
    for (const args of [['--help'], ['help']]) {
      const run = await runCli(args);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^ {2}renew +Issue if missing/m);
      assert.match(run.stdout, /"certwright help COMMAND"/);
      assert.doesNotMatch(run.stdout, /--rfc2136/);
    }
  });

  it('verify-release --help prints its own help and exits 0', async () => {
    const help = await runCli(['verify-release', '--help'], { COLUMNS: '200' });
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /certwright verify-release --package NAME --version V --tarball FILE/);
    assert.doesNotMatch(help.stdout, /Provider|--domains/);
  });

  it('an unknown flag or command is one line with the nearest known one (exit 2)', async () => {
    const run = await runCli(['renew', '--domian', 'x.example.test']);
    assert.deepEqual(
      [run.code, run.stderr],
      [2, 'certwright: unknown option --domian; did you mean --domain? (certwright help renew)\n'],
    );
    const command = await runCli(['renwe']);
    assert.deepEqual(
      [command.code, command.stderr],
      [2, 'certwright: unknown command renwe; did you mean renew? (certwright help)\n'],
    );
    const verify = await runCli(['verify-release', '--pakage', 'x']);
    assert.deepEqual(
      [verify.code, verify.stderr],
      [2, 'certwright: unknown option --pakage; did you mean --package? (certwright help verify-release)\n'],
    );
  });

  it('a single-valued flag given twice is a usage error; list inputs join', async () => {
    const run = await runCli(['certonly', '-d', 'a.example.test', '--output-dir', 'A', '--output-dir', 'B']);
    assert.equal(run.code, 2);
    assert.equal(run.stderr, 'certwright: --output-dir was given 2 times ("A", "B"); give it once\n');
    const joined = await runCli(['certonly', '-d', 'a.example.test', '-d', 'b..example.test']);
    assert.match(
      joined.stderr,
      /domains: "b\.\.example\.test" is not a valid certificate name/,
      'the -d values were joined and checked',
    );
  });
});
