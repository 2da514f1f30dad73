/**
 * Issue 18, points 8, 9 and part of 13, attacked through the bundles: keys are never written
 * through a link or into a folder others control; a temp key or an empty certificate folder
 * never stays behind; renewal hooks end at exec-timeout; hooks get none of the runner's file
 * commands or tokens; cleanup after a crash deletes only records shaped like certwright's own.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/testing/cli.js';
import { bedInputs, journalFolder } from '../../src/testing/engine.js';
import { execHookInputs } from '../../src/dns/providers/exec/testing/nsupdate-hooks.js';
import { runActionStep } from '../../src/testing/runner.js';
import { startTestbed, type Testbed } from '../../src/testing/testbed.js';

const main = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
const post = fileURLToPath(new URL('../../dist/post.js', import.meta.url));

/** A value shaped like a dns-01 key authorization digest (43 base64url characters). */
const digest = () => randomBytes(32).toString('base64url');

/** Whether `pid` runs (a zombie waiting for its reaper counts as ended). */
async function alive(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  return stat !== undefined && !/^\d+ \(.*\) Z /.test(stat);
}

/** A PID no process has now: a child that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn('true');
  await new Promise((resolve) => child.on('close', resolve));
  return child.pid as number;
}

describe('keys, hooks and cleanup cannot be turned against the run (dist/cli.js, dist/main.js, dist/post.js)', () => {
  let bed: Testbed;
  let home: string;
  before(async () => {
    bed = await startTestbed();
    home = await mkdtemp(join(tmpdir(), 'certwright-trust-'));
  });
  after(async () => {
    await bed?.stop();
    if (home) await rm(home, { recursive: true, force: true });
  });

  const caFlags = () => [
    '--server',
    bed.directoryUrl,
    '--server-ca-file',
    bed.serverCaFile,
    '--agree-tos',
    '-m',
    'ops@example.test',
    '--nameservers',
    `127.0.0.1:${bed.dns.port}`,
    '--propagation-interval',
    '0.1',
  ];
  const rfc2136Flags = () => [
    '--dns',
    'rfc2136',
    '--rfc2136-server',
    `127.0.0.1:${bed.dns.port}`,
    '--rfc2136-tsig-key',
    bed.tsig.name,
  ];
  const cliFlags = () => [...caFlags(), ...rfc2136Flags()];
  /** `certwright certonly -d NAME` against the bed (rfc2136 unless `dns` names other flags), with its own config home unless one is given. */
  const certonly = async (
    name: string,
    outputDir: string,
    extra: string[] = [],
    config = join(home, `config-${name}`),
    dns = rfc2136Flags(),
  ) =>
    runCli(['certonly', '-d', name, ...caFlags(), ...dns, '--output-dir', outputDir, ...extra], {
      CERTWRIGHT_RFC2136_TSIG_SECRET: bed.tsig.secret,
      XDG_CONFIG_HOME: config,
    });
  /** Adds (or deletes) TXT values on the bed's BIND with nsupdate, as another tool of the zone's owner would. */
  const nsupdate = (action: 'add' | 'delete', records: readonly [string, string][]) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn('nsupdate', ['-y', `hmac-sha256:${bed.tsig.name}:${bed.tsig.secret}`], {
        stdio: ['pipe', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`nsupdate: ${stderr}`))));
      // One update per record: the records may lie in different zones.
      const updates = records.map(
        ([name, value]) => `update ${action} ${name}. ${action === 'add' ? '60 ' : ''}IN TXT "${value}"\nsend\n`,
      );
      child.stdin.end(`server 127.0.0.1 ${bed.dns.port}\n${updates.join('')}`);
    });

  describe('keys are never written through a link (point 8)', () => {
    it('output-dir/<cert-name> that is a link to another folder is refused in one line before the CA is asked; the target stays empty', async () => {
      const out = join(home, 'linked-out');
      const target = await mkdtemp(join(tmpdir(), 'certwright-link-target-'));
      await mkdir(out);
      await symlink(target, join(out, 'linked.example.test'));
      const run = await certonly('linked.example.test', out);
      assert.equal(run.code, 1, run.stderr);
      assert.match(
        run.stderr,
        /^certwright: output-dir: \S+\/linked\.example\.test is a symbolic link; certwright never writes keys through a link: name the real folder, or remove the link$/m,
      );
      assert.doesNotMatch(run.stderr, /ordering/, 'refused before an order');
      assert.deepEqual(await readdir(target), [], 'nothing was written in the link target');
      await rm(target, { recursive: true });
    });

    it('a privkey.pem that is a link is replaced, its target untouched; an existing 0755 key folder ends 0700', async () => {
      const out = join(home, 'key-link-out');
      const dir = join(out, 'keylink.example.test');
      await mkdir(dir, { recursive: true });
      await chmod(dir, 0o755);
      const victim = join(home, 'victim.txt');
      await writeFile(victim, 'not a key: must stay as it is\n');
      await symlink(victim, join(dir, 'privkey.pem'));
      const run = await certonly('keylink.example.test', out);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(await readFile(victim, 'utf8'), 'not a key: must stay as it is\n', 'the link target is untouched');
      const key = await lstat(join(dir, 'privkey.pem'));
      assert.ok(key.isFile(), 'privkey.pem is now a file of its own, not the link');
      assert.equal(key.mode & 0o777, 0o600);
      assert.match(await readFile(join(dir, 'privkey.pem'), 'utf8'), /^-----BEGIN PRIVATE KEY-----/);
      assert.equal((await stat(dir)).mode & 0o777, 0o700, 'the key folder that existed as 0755 is 0700 now');
    });

    it('a key folder writable by every user, owned by another user, or in a folder others may rename it from, is refused in one line', async () => {
      const cases: [string, (dir: string) => Promise<void>, RegExp][] = [
        [
          'world-writable',
          (dir) => chmod(dir, 0o777),
          /is writable by every user, who could plant links in it; use a private folder, or chmod 700 it$/m,
        ],
        [
          'foreign-owner',
          (dir) => chown(dir, 65534, 65534),
          /is owned by another user \(uid 65534\), who could read or replace the keys; use a folder of this user \(uid 0\), or chown it$/m,
        ],
        [
          'open-parent',
          (dir) => chmod(join(dir, '..'), 0o777),
          /lies in \S+, which every user may write without the sticky bit, so anyone could swap it for a link; use another folder, or chmod o-w it$/m,
        ],
      ];
      for (const [name, spoil, message] of cases) {
        const out = join(home, `unsafe-${name}`);
        const dir = join(out, `${name}.example.test`);
        await mkdir(dir, { recursive: true, mode: 0o700 });
        await spoil(dir);
        const run = await certonly(`${name}.example.test`, out);
        assert.equal(run.code, 1, `${name}: ${run.stderr}`);
        assert.match(
          run.stderr,
          new RegExp(
            `^certwright: output-dir: ${dir.replace(/[.]/g, '\\.')} ${message.source.replace(/^\^/, '')}`,
            'm',
          ),
          name,
        );
        assert.deepEqual(await readdir(dir), [], `${name}: nothing written`);
      }
    });

    it("the state file's folder, the account key's folder or the config home that is a link is refused; nothing is written through it", async () => {
      const target = await mkdtemp(join(tmpdir(), 'certwright-link-target-'));
      const link = join(home, 'state-link');
      await symlink(target, link);
      const out = join(home, 'state-link-out');
      const stateRun = await runCli(
        [
          'renew',
          '-d',
          'statelink.example.test',
          ...cliFlags(),
          '--output-dir',
          out,
          '--store',
          `file:${link}/state.jwe`,
        ],
        {
          CERTWRIGHT_RFC2136_TSIG_SECRET: bed.tsig.secret,
          CERTWRIGHT_STATE_KEY: 'a passphrase for the linked state',
          XDG_CONFIG_HOME: join(home, 'config-statelink'),
        },
      );
      assert.equal(stateRun.code, 1, stateRun.stderr);
      assert.match(
        stateRun.stderr,
        /^certwright: store: the folder of \S+\/state-link\/state\.jwe is a symbolic link; certwright never writes keys through a link/m,
      );

      const accountRun = await certonly('acctlink.example.test', out, ['--account-key-file', `${link}/account.pem`]);
      assert.equal(accountRun.code, 1, accountRun.stderr);
      assert.match(
        accountRun.stderr,
        /^certwright: account-key-file: cannot keep the new account key in \S+\/state-link\/account\.pem: \S+\/state-link is a symbolic link; certwright never writes keys through a link/m,
      );

      // The CLI's config home holds the state, the account keys and the records journal.
      const config = join(home, 'config-home-link');
      await mkdir(config, { mode: 0o700 });
      await symlink(target, join(config, 'certwright'));
      const homeRun = await runCli(['renew', '-d', 'homelink.example.test', ...cliFlags(), '--output-dir', out], {
        CERTWRIGHT_RFC2136_TSIG_SECRET: bed.tsig.secret,
        CERTWRIGHT_STATE_KEY: 'a passphrase for the linked state',
        XDG_CONFIG_HOME: config,
      });
      assert.equal(homeRun.code, 1, homeRun.stderr);
      assert.match(homeRun.stderr, /is a symbolic link; certwright never writes keys through a link/);
      assert.deepEqual(await readdir(target), [], 'nothing was written in the link target');
      await rm(target, { recursive: true });
    });
  });

  describe('nothing stays behind, and renewal hooks end (point 13)', () => {
    it('a key write that fails mid-way leaves no temp file', async () => {
      const out = join(home, 'failing-write');
      const dir = join(out, 'failwrite.example.test');
      // privkey.pem is a folder: the temp file is written, then the rename over it fails.
      await mkdir(join(dir, 'privkey.pem'), { recursive: true, mode: 0o700 });
      const run = await certonly('failwrite.example.test', out);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /could not be written to \S+failwrite\.example\.test .*it is kept in (\S+) \(0700\)/);
      assert.deepEqual((await readdir(dir)).sort(), ['privkey.pem'], 'no temp key file next to it');
      const rescue = /it is kept in (\S+) \(0700\)/.exec(run.stderr)?.[1] as string;
      assert.ok(
        (await readdir(rescue)).every((name) => !name.endsWith('.tmp')),
        'no temp file in the rescue folder either',
      );
      await rm(rescue, { recursive: true });
    });

    it('a run that fails validation leaves no output-dir/<cert-name> folder', async () => {
      const out = join(home, 'failed-validation');
      const hooks = execHookInputs(bed, join(home, 'wrong-hooks.log'), 'wrong-');
      const exec = [
        '--dns',
        'exec',
        '--exec-auth-hook',
        hooks['exec-auth-hook'] as string,
        '--exec-cleanup-hook',
        hooks['exec-cleanup-hook'] as string,
        '--propagation',
        'skip',
      ];
      const run = await certonly('novalid.example.test', out, [], undefined, exec);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /validation of novalid\.example\.test failed/);
      await assert.rejects(stat(join(out, 'novalid.example.test')), { code: 'ENOENT' }, 'no empty certificate folder');
      await assert.rejects(stat(out), { code: 'ENOENT' }, 'nor the output folder the check created');
    });

    it('a pre-hook that hangs is ended at exec-timeout with everything it started', async () => {
      const pidFile = join(home, 'hanging-hook.pid');
      const started = Date.now();
      const run = await certonly('hang.example.test', join(home, 'hang-out'), [
        '--pre-hook',
        `sleep 300 & echo $! > ${pidFile}; wait`,
        '--exec-timeout',
        '1',
      ]);
      assert.equal(run.code, 1, run.stderr);
      assert.ok(Date.now() - started < 30_000, 'the run did not wait for the hook');
      assert.match(
        run.stderr,
        /^certwright: pre-hook: "sleep 300 & echo \$! > \S+; wait" ran over exec-timeout \(1 s\) and was stopped with everything it started; raise exec-timeout if it needs longer$/m,
      );
      const pid = Number(await readFile(pidFile, 'utf8'));
      assert.equal(await alive(pid), false, 'the sleep the hook started is gone too');
    });

    it('nothing is asked of the CA before the pre-hook ran: the hook may put the way to it in place (here its CA file)', async () => {
      const caFile = join(home, 'ca-from-pre-hook.pem');
      const run = await runCli(
        [
          'certonly',
          '-d',
          'prehook-ca.example.test',
          ...caFlags().map((flag) => (flag === bed.serverCaFile ? caFile : flag)),
          ...rfc2136Flags(),
          '--output-dir',
          join(home, 'prehook-ca-out'),
          '--pre-hook',
          `cp ${bed.serverCaFile} ${caFile}`,
        ],
        { CERTWRIGHT_RFC2136_TSIG_SECRET: bed.tsig.secret, XDG_CONFIG_HOME: join(home, 'config-prehook-ca') },
      );
      assert.equal(run.code, 0, run.stderr);
    });

    it('an output folder that cannot be written fails before anything is sent to the CA', async () => {
      let connections = 0;
      const ca = createServer((socket) => {
        connections++;
        socket.destroy();
      });
      await new Promise<void>((resolve) => ca.listen(0, '127.0.0.1', resolve));
      const { port } = ca.address() as AddressInfo;
      try {
        const file = join(home, 'a-file-not-a-folder');
        await writeFile(file, '');
        const run = await runCli(
          [
            'certonly',
            '-d',
            'nofolder.example.test',
            ...caFlags().map((flag) => (flag === bed.directoryUrl ? `https://127.0.0.1:${port}/dir` : flag)),
            ...rfc2136Flags(),
            '--output-dir',
            join(file, 'out'),
          ],
          { CERTWRIGHT_RFC2136_TSIG_SECRET: bed.tsig.secret, XDG_CONFIG_HOME: join(home, 'config-nofolder') },
        );
        assert.equal(run.code, 1, run.stderr);
        assert.match(run.stderr, /^certwright: output-dir: .* is a file, or lies under one/m);
        assert.equal(connections, 0, 'no connection to the CA');
      } finally {
        ca.close();
      }
    });
  });

  describe('hooks get no runner channels, and cleanup deletes only what certwright wrote (point 9)', () => {
    it('hooks find no GITHUB_STATE/ENV/OUTPUT/PATH or ACTIONS_* tokens: they plant no outputs, environment or post-step work', async () => {
      const runner = await mkdtemp(join(tmpdir(), 'certwright-runner-files-'));
      const files = { GITHUB_ENV: join(runner, 'env'), GITHUB_PATH: join(runner, 'path') };
      await Promise.all(Object.values(files).map((f) => writeFile(f, '')));
      const tokens = {
        ACTIONS_RUNTIME_TOKEN: 'runtime-token-value',
        ACTIONS_RUNTIME_URL: 'http://127.0.0.1:9/runtime/',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'id-token-request-value',
        ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/oidc',
        ACTIONS_CACHE_URL: 'http://127.0.0.1:9/cache/',
        ACTIONS_RESULTS_URL: 'http://127.0.0.1:9/results/',
      };
      const victim = '_acme-challenge.victim.example.test';
      const victimValue = digest();
      await nsupdate('add', [[victim, victimValue]]);
      const planted = JSON.stringify([
        {
          certName: 'plant.example.test',
          records: [{ domain: 'plant.example.test', fqdn: victim, zone: 'example.test', value: victimValue }],
        },
      ]);
      // Each hook dumps its environment, then appends to every runner file it can find.
      const script = join(runner, 'plant.sh');
      await writeFile(
        script,
        [
          `env > "${runner}/env-$1"`,
          'for f in "${GITHUB_STATE:-}" "${GITHUB_ENV:-}" "${GITHUB_OUTPUT:-}" "${GITHUB_PATH:-}" "${GITHUB_STEP_SUMMARY:-}"; do',
          `  if [ -n "$f" ]; then printf '%s\\n' 'pending-records<<EOF' '${planted}' EOF 'planted<<EOF' yes EOF PLANTED=yes /tmp/planted >> "$f"; fi`,
          'done',
          '',
        ].join('\n'),
      );
      const hooks = execHookInputs(bed, join(runner, 'hooks.log'));
      const inputs = bedInputs(bed, ['plant.example.test'], {
        ...hooks,
        'exec-auth-hook': `${hooks['exec-auth-hook']} && sh ${script} auth`,
        'pre-hook': `sh ${script} pre`,
        'deploy-hook': `sh ${script} deploy`,
        'post-hook': `sh ${script} post`,
      });
      const run = await runActionStep(main, inputs, {}, undefined, { ...files, ...tokens });
      assert.equal(run.code, 0, run.output);
      for (const hook of ['auth', 'pre', 'deploy', 'post']) {
        const env = await readFile(join(runner, `env-${hook}`), 'utf8');
        for (const name of [
          'GITHUB_STATE',
          'GITHUB_ENV',
          'GITHUB_OUTPUT',
          'GITHUB_PATH',
          'GITHUB_STEP_SUMMARY',
          ...Object.keys(tokens),
        ]) {
          assert.doesNotMatch(env, new RegExp(`^${name}=`, 'm'), `the ${hook} hook does not get ${name}`);
        }
        for (const value of Object.values(tokens))
          assert.ok(!env.includes(value), `no token value reaches the ${hook} hook`);
      }
      assert.deepEqual(run.state, { 'pending-records': '[]' }, 'the step state holds only what certwright saved');
      assert.equal(run.outputs.planted, undefined, 'no output planted');
      assert.doesNotMatch(run.summary, /planted|pending-records/, 'nothing planted in the job summary');
      for (const file of Object.values(files)) assert.equal(await readFile(file, 'utf8'), '', `${file} is unchanged`);

      const cleaned = await runActionStep(post, inputs, run.state);
      assert.equal(cleaned.code, 0, cleaned.output);
      assert.doesNotMatch(cleaned.output, /Removing/, 'the post step has nothing to remove');
      assert.deepEqual(
        await bed.txt(victim),
        [victimValue],
        'the record the hook tried to have removed is still there',
      );
      await nsupdate('delete', [[victim, victimValue]]);
      await rm(runner, { recursive: true });
    });

    it("the post step removes only records shaped like the certificate's own, only their values, and warns about the rest", async () => {
      const name = 'trust.example.test';
      const ours = digest();
      const foreign = ['google-site-verification=keep-me', digest()];
      const www = digest();
      const outside = digest();
      await nsupdate('add', [
        [`_acme-challenge.${name}`, ours],
        ...foreign.map((v): [string, string] => [`_acme-challenge.${name}`, v]),
        [`_acme-challenge.${name}`, 'not-a-digest'],
        ['www.example.test', www],
        ['_acme-challenge.victim.other.test', outside],
      ]);
      const record = (fields: Record<string, string>) => ({
        domain: name,
        fqdn: `_acme-challenge.${name}`,
        zone: 'example.test',
        value: ours,
        ...fields,
      });
      const tampered = [
        record({ fqdn: 'www.example.test', value: www, type: 'A' }),
        record({ fqdn: 'www.example.test', value: www }),
        record({ fqdn: '_acme-challenge.victim.other.test', zone: 'other.test', value: outside }),
        record({
          domain: 'victim.other.test',
          fqdn: '_acme-challenge.victim.other.test',
          zone: 'other.test',
          value: outside,
        }),
        record({ value: 'not-a-digest' }),
        record({ fqdn: `_acme-challenge.${name}\nupdate delete example.test`, value: digest() }),
      ];
      const pending = JSON.stringify([{ certName: name, records: [record({}), ...tampered] }]);
      const cleaned = await runActionStep(post, bedInputs(bed, [name]), { 'pending-records': pending });
      assert.equal(cleaned.code, 0, cleaned.output);
      assert.match(cleaned.output, /Removing 1 TXT record\(s\) of trust\.example\.test left by the main step/);
      const warnings = cleaned.output
        .split('\n')
        .filter((l) => l.startsWith('::warning::post: not removing a record noted for trust.example.test'));
      assert.equal(warnings.length, tampered.length, cleaned.output);
      assert.match(
        warnings[0] ?? '',
        /\("www\.example\.test"\): its type is "A", not TXT; it does not look like one certwright wrote, so check it and remove it by hand if it is stale$/,
      );
      assert.match(
        warnings[1] ?? '',
        /: it is neither _acme-challenge\.trust\.example\.test nor where its CNAMEs lead;/,
      );
      assert.match(warnings[3] ?? '', /: "victim\.other\.test" is not a name of this certificate;/);
      assert.match(warnings[4] ?? '', /: its value is not a key authorization digest \(43 base64url characters\);/);
      assert.match(
        warnings[5] ?? '',
        /\("_acme-challenge\.trust\.example\.test\\nupdate delete example\.test"\): its name is not a host name;/,
      );
      assert.deepEqual(
        (await bed.txt(`_acme-challenge.${name}`)).sort(),
        [...foreign, 'not-a-digest'].sort(),
        'only our value is gone; foreign values stay',
      );
      assert.deepEqual(await bed.txt('www.example.test'), [www], 'a TXT at a name that is not a challenge name stays');
      assert.deepEqual(
        await bed.txt('_acme-challenge.victim.other.test'),
        [outside],
        "another name's challenge record stays",
      );
      await nsupdate('delete', [
        ...foreign.map((v): [string, string] => [`_acme-challenge.${name}`, v]),
        [`_acme-challenge.${name}`, 'not-a-digest'],
        ['www.example.test', www],
        ['_acme-challenge.victim.other.test', outside],
      ]);
    });

    it("the next CLI run removes a left-behind journal entry only where it is shaped like the certificate's own", async () => {
      const name = 'journal.example.test';
      const config = join(home, 'config-journal');
      await mkdir(join(config, 'certwright'), { recursive: true, mode: 0o700 });
      const stale = digest();
      const www = digest();
      const foreign = 'v=foreign-tool-keep-me';
      await nsupdate('add', [
        [`_acme-challenge.${name}`, stale],
        [`_acme-challenge.${name}`, foreign],
        ['www.example.test', www],
      ]);
      const entry = {
        certName: name,
        provider: 'rfc2136',
        createdAt: new Date(Date.now() - 60_000).toISOString(),
        pid: await deadPid(),
        host: hostname(),
        records: [
          { domain: name, fqdn: `_acme-challenge.${name}`, zone: 'example.test', value: stale },
          { domain: name, fqdn: 'www.example.test', zone: 'example.test', value: www, type: 'A' },
        ],
      };
      // In the single file earlier versions kept: this run adopts it into the journal's folder first.
      await writeFile(join(config, 'certwright', 'records-in-flight.json'), JSON.stringify({ entries: [entry] }), {
        mode: 0o600,
      });
      const run = await certonly(name, join(home, 'journal-out'), [], config);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /^journal\.example\.test: removing 1 TXT record\(s\) left by an interrupted run at /m);
      assert.match(
        run.stderr,
        /^warning: journal\.example\.test: not removing a record noted for journal\.example\.test \("www\.example\.test"\): its type is "A", not TXT;/m,
      );
      assert.deepEqual(await bed.txt('www.example.test'), [www], 'the tampered entry did not delete the record');
      assert.deepEqual(
        await bed.txt(`_acme-challenge.${name}`),
        [foreign],
        'the stale value and this run’s are gone; the foreign value stays',
      );
      await assert.rejects(
        stat(join(config, 'certwright', 'records-in-flight.json')),
        { code: 'ENOENT' },
        'the single file of earlier versions is gone',
      );
      assert.deepEqual(await readdir(journalFolder(config)), [], 'the journal is emptied');
      await nsupdate('delete', [
        [`_acme-challenge.${name}`, foreign],
        ['www.example.test', www],
      ]);
    });
  });
});
