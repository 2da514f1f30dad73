import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../harness/cli.js';
import { keyMaterialLines } from '../harness/runner.js';
import { startTestbed, type Testbed } from '../harness/testbed.js';
import { verifyIssued } from '../harness/verify.js';



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

  const bedFlags = () => [
    '--server', bed.directoryUrl, '--server-ca-file', bed.serverCaFile, '--agree-tos', '-m', 'ops@example.test',
    '--dns', 'rfc2136', '--rfc2136-server', `127.0.0.1:${bed.dns.port}`, '--rfc2136-tsig-key', bed.tsig.name,
    '--nameservers', `127.0.0.1:${bed.dns.port}`,
  ];

  it('issues with certbot-style flags, prints the certificate, keeps the secret off argv', async () => {
    const out = join(home, 'out');
    const domains = ['cli.example.test', '*.cli.example.test', 'cli.other.test'];
    const run = await runCli(['certonly', ...domains.flatMap((d) => ['-d', d]), ...bedFlags(), '--output-dir', out, '-v'], {
      CERTWRIGHT_RFC2136_TSIG_SECRET: bed.tsig.secret,
      XDG_CONFIG_HOME: join(home, 'config'),
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Successfully received certificate\.$/m);
    assert.match(run.stdout, /^Names: {5}cli\.example\.test, \*\.cli\.example\.test, cli\.other\.test$/m);
    assert.match(run.stdout, /^Issuer: {4}CN=Pebble Intermediate CA [0-9a-f]+$/m);
    assert.match(run.stdout, /^Expires: {3}\d{4}-\d\d-\d\dT[\d:.]+Z \(\d+ days\)$/m);
    const dir = join(out, 'cli.example.test');
    assert.match(run.stdout, new RegExp(`^Key: {7}${dir}/privkey\\.pem$`, 'm'));
    await verifyIssued(bed, { dir, cert: join(dir, 'cert.pem'), chain: join(dir, 'chain.pem'), fullchain: join(dir, 'fullchain.pem'), privkey: join(dir, 'privkey.pem') }, domains);
    const key = await readFile(join(dir, 'privkey.pem'), 'utf8');
    for (const line of keyMaterialLines(key)) assert.ok(!`${run.stdout}${run.stderr}`.includes(line), 'no key material in the output, even with -v');
    assert.ok(!`${run.stdout}${run.stderr}`.includes(bed.tsig.secret), 'no TSIG secret in the output');
    const accountKey = await readFile(join(home, 'config', 'certwright', 'accounts'), 'utf8').catch((e: NodeJS.ErrnoException) => e.code);
    assert.equal(accountKey, 'EISDIR', 'the account key is kept under XDG_CONFIG_HOME/certwright/accounts');
  });

  it('prints JSON with --json', async () => {
    const out = join(home, 'json');
    const run = await runCli(['certonly', '-d', 'json.example.test', ...bedFlags(), '--output-dir', out, '--json', '-q'], {
      CERTWRIGHT_RFC2136_TSIG_SECRET: bed.tsig.secret,
      XDG_CONFIG_HOME: join(home, 'config'),
    });
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout) as { domains: string[]; paths: { fullchain: string } };
    assert.deepEqual(result.domains, ['json.example.test']);
    assert.equal(result.paths.fullchain, join(out, 'json.example.test', 'fullchain.pem'));
  });

  const badInputs: [string, string[], RegExp][] = [
    ['an invalid name', ['-d', 'foo..example.test'], /^certwright: domains: "foo\.\.example\.test" is not a valid certificate name: it has an empty label \(two dots in a row, or a leading dot\)\n$/],
    ['a duplicate name', ['-d', 'a.example.test', '-d', 'A.example.test.'], /^certwright: domains: "a\.example\.test" is listed twice; list each name once\n$/],
    ['no name', ['--dns', 'rfc2136'], /^certwright: domains: empty; expected at least one name, such as example\.com, \*\.example\.com\n$/],
    ['an unknown provider', ['-d', 'a.example.test', '--dns', 'route66'], /^certwright: dns-provider: "route66" is not a known provider; expected one of cloudflare, exec, rfc2136, route53\n$/],
    ['a bad server address', ['-d', 'a.example.test', '--dns', 'rfc2136', '--rfc2136-server', '127.0.0.1:99999', '--rfc2136-tsig-key', 'k', '--rfc2136-tsig-secret', 'AAAA'], /^certwright: rfc2136-server: "127\.0\.0\.1:99999" is not a server address; expected host, host:port or \[ipv6\]:port, such as 127\.0\.0\.1:5353\n$/],
  ];
  for (const [what, args, message] of badInputs) {
    it(`rejects ${what} with one line naming the input`, async () => {
      const run = await runCli(['certonly', ...args], { XDG_CONFIG_HOME: join(home, 'config') });
      assert.equal(run.code, 1);
      assert.match(run.stderr, message);
    });
  }

  it('renew, certificates, revoke and delete work on one state file', async () => {
    const state = join(home, 'lineage-state.jwe');
    const env = { CERTWRIGHT_RFC2136_TSIG_SECRET: bed.tsig.secret, CERTWRIGHT_STATE_KEY: 'a cli passphrase for the state', XDG_CONFIG_HOME: join(home, 'config') };
    const flags = ['--store', `file:${state}`, '--output-dir', join(home, 'lineages')];
    const first = await runCli(['renew', '-d', 'life.example.test', ...bedFlags(), ...flags], env);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^Successfully received certificate\.$/m);
    const second = await runCli(['renew', '-d', 'life.example.test', ...bedFlags(), ...flags], env);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /^Not due for renewal: not due until \d{4}-\d\d-\d\dT[\d:.]+Z \(a third of its lifetime left\)\.$/m);
    const quiet = await runCli(['renew', '-q', '-d', 'life.example.test', ...bedFlags(), ...flags], env);
    assert.deepEqual([quiet.code, quiet.stdout, quiet.stderr], [0, '', ''], 'renew -q prints nothing on success (cron mails output)');
    const listed = await runCli(['certificates', ...flags], env);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /^Certificate Name: life\.example\.test\n {2}Domains: life\.example\.test\n {2}Expiry Date: .*\(VALID: \d+ days\)\n {2}Next Renewal: /m);
    const revoked = await runCli(['revoke', '--cert-name', 'life.example.test', '--reason', 'superseded', '--server-ca-file', bed.serverCaFile, ...flags], env);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.match(revoked.stdout, /^Revoked certificate [0-9a-f]+ \(superseded\)\.$/m);
    const badReason = await runCli(['revoke', '--cert-name', 'life.example.test', '--reason', 'bored', ...flags], env);
    assert.equal(badReason.code, 1);
    assert.match(badReason.stderr, /^certwright: reason: "bored" is not a revocation reason; expected one of unspecified, keycompromise, affiliationchanged, superseded, cessationofoperation\n$/);
    const deleted = await runCli(['delete', '--cert-name', 'life.example.test', ...flags], env);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.equal((await runCli(['certificates', ...flags], env)).stdout, 'No certificates in the state.\n');
    const missing = await runCli(['delete', '--cert-name', 'nope', ...flags], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^certwright: cert-name: no certificate named "nope" in the state; see certwright certificates\n$/);
  });

  it('verify-release --help prints the help and exits 0', async () => {
    const help = await runCli(['verify-release', '--help'], {});
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /certwright verify-release --package NAME --version V --tarball FILE/);
  });

  it('rejects an unknown flag as a usage error (exit 2)', async () => {
    const run = await runCli(['certonly', '--domian', 'x.example.test']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^certwright: Unknown option '--domian'.*; see certwright --help\n$/);
  });

  it('a single-valued flag given twice is a usage error; list inputs join', async () => {
    const run = await runCli(['certonly', '-d', 'a.example.test', '--output-dir', 'A', '--output-dir', 'B']);
    assert.equal(run.code, 2);
    assert.equal(run.stderr, 'certwright: --output-dir was given 2 times ("A", "B"); give it once\n');
    const joined = await runCli(['certonly', '-d', 'a.example.test', '-d', 'b..example.test']);
    assert.match(joined.stderr, /domains: "b\.\.example\.test" is not a valid certificate name/, 'the -d values were joined and checked');
  });
});
