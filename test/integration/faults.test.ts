/**
 * Faults an operator meets: hooks that hang or print their environment, and runs stopped with
 * Ctrl-C or by a cancelled job, each through the real CLI (`dist/cli.js`) against Pebble + BIND.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { acquireLockFile } from '../../src/fs/lock-file.js';
import { parseStateKey } from '../../src/state/encryption.js';
import { FileStore } from '../../src/store/file/file-store.js';
import { loadState } from '../../src/state/persist.js';
import { bedInputs, journalEntries, journalFolder, STATE_KEY } from '../../src/testing/engine.js';
import { execHookInputs } from '../../src/dns/providers/exec/testing/nsupdate-hooks.js';
import { startTestbed, type Testbed } from '../../src/testing/testbed.js';
import { assertNoChallengeRecords, challengeNames } from '../../src/testing/verify.js';
import { until } from '../../src/testing/wait.js';

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

interface Run {
  readonly code: number | null;
  readonly output: string;
  /** Milliseconds from `signalAt` (or the start) to the exit. */
  readonly ms: number;
}

/** The CLI's config folder (account keys, records journal) for these tests. */
let configHome = '';

/** The CLI with inputs as flags; `onStart` may signal it. With `umask`, it runs under that umask. */
function runCli(
  command: string,
  raw: Record<string, string | undefined>,
  env: NodeJS.ProcessEnv,
  onStart?: (pid: number, mark: () => void) => void,
  umask?: string,
): Promise<Run> {
  const args = [
    command,
    ...Object.entries(raw).flatMap(([k, v]) =>
      v === undefined ? [] : k === 'agree-tos' ? ['--agree-tos'] : [`--${k}`, v],
    ),
  ];
  const argv = umask
    ? (['/bin/sh', ['-c', `umask ${umask}; exec "$0" "$@"`, process.execPath, cli, ...args]] as const)
    : ([process.execPath, [cli, ...args]] as const);
  const child = spawn(argv[0], argv[1], {
    env: { PATH: process.env.PATH, XDG_CONFIG_HOME: configHome, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  let from = Date.now();
  onStart?.(child.pid as number, () => (from = Date.now()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output, ms: Date.now() - from })));
}

/** Processes whose command line holds `marker`. */
function processesWith(marker: string): string[] {
  const ps = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return ps.stdout.split('\n').filter((line) => line.includes(marker) && !line.includes('ps -eo'));
}

describe('faults: hooks and stop signals (the CLI against Pebble and BIND)', () => {
  let bed: Testbed;
  let dir: string;
  /** What Pebble, BIND and the resolver printed. */
  let bedLog = '';
  before(async () => {
    bed = await startTestbed({ log: (line) => (bedLog += line) });
    dir = await mkdtemp(join(tmpdir(), 'certwright-faults-'));
    configHome = join(dir, 'config');
  });
  after(async () => {
    await bed?.stop();
  });

  it('a hook that hangs (sleep in a script it calls) is stopped with everything it started at exec-timeout', async () => {
    const marker = `certwright-hang-${process.pid}`;
    const script = join(dir, 'hang.sh');
    // The shell starts a child that starts sleep: killing the shell alone would leave both.
    await writeFile(script, `#!/bin/sh\nsh -c 'sleep 300; echo ${marker}' &\nwait\n`);
    const raw = {
      ...bedInputs(bed, ['hang.example.test']),
      'dns-provider': 'exec',
      'exec-auth-hook': `sh ${script} ${marker}`,
      'exec-timeout': '2',
      'output-dir': join(dir, 'hang'),
    };
    for (const name of Object.keys(raw))
      if (name.startsWith('rfc2136-')) delete (raw as Record<string, string | undefined>)[name];
    const run = await runCli('certonly', raw, {});
    assert.equal(run.code, 1, run.output);
    assert.ok(run.ms < 5_000, `the run ended ${run.ms} ms after it started`);
    assert.match(
      run.output,
      /exec: auth hook for hang\.example\.test ran over exec-timeout \(2 s\) and was stopped with everything it started/,
    );
    await until(
      'no process of the hook is left',
      () => Promise.resolve(processesWith(marker).length === 0 && processesWith('sleep 300').length === 0),
      3_000,
    );
  });

  it('a hook that prints its whole environment shows no secret: the TSIG secret, the state key and tokens never reach it', async () => {
    const log = join(dir, 'env-hooks.log');
    const hooks = execHookInputs(bed, log);
    const envDump = join(dir, 'env.txt');
    const raw = {
      ...bedInputs(bed, ['env.example.test']),
      ...hooks,
      'exec-auth-hook': `env > ${envDump}; env; ${hooks['exec-auth-hook']}`,
      'rfc2136-tsig-secret': undefined,
      store: `file:${join(dir, 'env-state.jwe')}`,
      'output-dir': join(dir, 'env-out'),
    };
    const token = 'cloudflare-token-that-must-stay-hidden-0000';
    const run = await runCli('renew', raw, {
      CERTWRIGHT_STATE_KEY: STATE_KEY,
      CERTWRIGHT_RFC2136_TSIG_SECRET: bed.tsig.secret,
      CLOUDFLARE_API_TOKEN: token,
    });
    assert.equal(run.code, 0, run.output);
    const seen = await readFile(envDump, 'utf8');
    assert.match(seen, /CERTBOT_VALIDATION=/, 'the hook got its own variables');
    for (const secret of [bed.tsig.secret, STATE_KEY, token]) {
      assert.ok(!seen.includes(secret), 'a secret reached the hook');
      assert.ok(!run.output.includes(secret), 'a secret reached the output');
    }
  });

  for (const [command, signal, code] of [
    ['certonly', 'SIGINT', 130],
    ['renew', 'SIGTERM', 143],
  ] as const) {
    it(`${command} stopped with ${signal} during a slow auth hook: exit ${code} within 5 s, no record left`, async () => {
      const domains = [`stop-${command}.example.test`, `stop-${command}.other.test`];
      const hooks = execHookInputs(bed, join(dir, `stop-${command}.log`));
      // The last challenge's hook publishes its record, then hangs.
      const slow = {
        ...hooks,
        'exec-auth-hook': `${hooks['exec-auth-hook']} && if [ "$CERTBOT_REMAINING_CHALLENGES" = 0 ]; then sleep 300; fi`,
      };
      const raw = {
        ...bedInputs(bed, domains, slow),
        'output-dir': join(dir, `stop-${command}`),
        ...(command === 'renew' ? { store: `file:${join(dir, 'stop-state.jwe')}` } : {}),
      };
      const names = challengeNames(domains);
      const run = await runCli(command, raw, { CERTWRIGHT_STATE_KEY: STATE_KEY }, (pid, mark) => {
        void until('both records are published', async () =>
          (await Promise.all(names.map((n) => bed.txt(n)))).every((values) => values.length === 1),
        ).then(() => {
          mark();
          process.kill(pid, signal);
        });
      });
      assert.equal(run.code, code, run.output);
      assert.ok(run.ms < 5_000, `exited ${run.ms} ms after ${signal}`);
      assert.match(run.output, new RegExp(`Received ${signal}: stopping, and removing the TXT records in flight`));
      await assertNoChallengeRecords(bed, domains);
    });
  }

  it('certonly killed with SIGKILL while its record is published: the next certonly removes it (records journal)', async () => {
    const domains = ['killed.example.test'];
    const [name] = challengeNames(domains) as [string];
    const hooks = execHookInputs(bed, join(dir, 'killed.log'));
    const raw = { ...bedInputs(bed, domains, hooks), 'output-dir': join(dir, 'killed') };
    const hang = 'sleep 301';
    const killed = await runCli(
      'certonly',
      { ...raw, 'exec-auth-hook': `${hooks['exec-auth-hook']} && ${hang}` },
      {},
      (pid) => {
        void until('the record is published', async () => (await bed.txt(name)).length === 1).then(() =>
          process.kill(pid, 'SIGKILL'),
        );
      },
    );
    for (const line of processesWith(hang)) process.kill(Number(line.trim().split(/\s+/)[0]), 'SIGKILL'); // SIGKILL orphans the hook
    assert.equal(killed.code, null, killed.output);
    assert.equal((await bed.txt(name)).length, 1, 'the killed run left its record');
    const journaled = await journalEntries(configHome);
    assert.deepEqual(
      journaled.map((e) => e.certName),
      ['killed.example.test'],
      'one file, for the killed run',
    );

    const next = await runCli('certonly', raw, {});
    assert.equal(next.code, 0, next.output);
    assert.match(next.output, /killed\.example\.test: removing 1 TXT record\(s\) left by an interrupted run/);
    await assertNoChallengeRecords(bed, domains);
    assert.deepEqual(await readdir(journalFolder(configHome)), [], "the killed run's file is removed");
  });

  it('a cleanup that hangs is bounded (10 s): the certificate is kept, the record stays noted and the next run removes it', async () => {
    const domains = ['slow-cleanup.example.test'];
    const [name] = challengeNames(domains) as [string];
    const hooks = execHookInputs(bed, join(dir, 'slow-cleanup.log'));
    const raw = { ...bedInputs(bed, domains, hooks), 'output-dir': join(dir, 'slow-cleanup'), 'exec-timeout': '120' };
    const hang = 'sleep 302';
    const run = await runCli('certonly', { ...raw, 'exec-cleanup-hook': hang }, {});
    assert.equal(run.code, 0, run.output);
    assert.ok(run.ms < 15_000, `the run took ${run.ms} ms`);
    assert.match(
      run.output,
      /exec: could not remove TXT records at _acme-challenge\.slow-cleanup\.example\.test: not removed within 10 s; they stay noted/,
    );
    assert.deepEqual(processesWith(hang), [], 'the hanging hook was ended with the run');
    assert.equal((await bed.txt(name)).length, 1);
    const next = await runCli('certonly', raw, {});
    assert.equal(next.code, 0, next.output);
    await assertNoChallengeRecords(bed, domains);
  });

  it('a record creation that fails (wrong TSIG secret) ends without warning about records that were never created', async () => {
    const raw = {
      ...bedInputs(bed, ['badkey.example.test']),
      'rfc2136-tsig-secret': Buffer.alloc(32, 7).toString('base64'),
      'output-dir': join(dir, 'badkey'),
    };
    const run = await runCli('certonly', raw, {});
    assert.equal(run.code, 1, run.output);
    assert.match(run.output, /rfc2136/i);
    assert.doesNotMatch(run.output, /could not remove/);
  });

  it('an output folder that cannot be written fails before any order is created, naming output-dir', async () => {
    const file = join(dir, 'not-a-folder');
    await writeFile(file, 'x');
    const orders = () => (bedLog.match(/Added order "/g) ?? []).length;
    const before = orders();
    const run = await runCli('certonly', { ...bedInputs(bed, ['unwritable.example.test']), 'output-dir': file }, {});
    assert.equal(run.code, 1, run.output);
    assert.equal(
      run.output.trim(),
      `certwright: output-dir: ${file}/unwritable.example.test is a file, or lies under one, not a folder; choose a folder`,
    );
    assert.equal(orders(), before, 'no order was created');
    const fine = await runCli(
      'certonly',
      { ...bedInputs(bed, ['unwritable.example.test']), 'output-dir': join(dir, 'writable') },
      {},
    );
    assert.equal(fine.code, 0, fine.output);
    assert.equal(orders(), before + 1, 'the order count moves when an order is created');
  });

  it('folders that hold keys are created 0700 and keys 0600 even under umask 000', async () => {
    const out = join(dir, 'umask', 'certs');
    const home = join(dir, 'umask-config');
    const run = await runCli(
      'certonly',
      { ...bedInputs(bed, ['umask.example.test']), 'output-dir': out, 'account-key-file': undefined },
      { XDG_CONFIG_HOME: home },
      undefined,
      '000',
    );
    assert.equal(run.code, 0, run.output);
    const mode = async (path: string) => ((await stat(path)).mode & 0o777).toString(8);
    assert.equal(await mode(join(out, 'umask.example.test')), '700');
    assert.equal(await mode(out), '700');
    assert.equal(await mode(join(out, 'umask.example.test', 'privkey.pem')), '600');
    assert.equal(await mode(join(home, 'certwright', 'accounts')), '700');
    assert.equal(await mode(join(home, 'certwright')), '700');
  });

  it('two renew processes at once on one state file, 10 rounds: both certificates are kept every time', async () => {
    for (let round = 0; round < 10; round++) {
      const statePath = join(dir, `shared-${round}.jwe`);
      const runs = ['a', 'b'].map((who) =>
        runCli(
          'renew',
          {
            ...bedInputs(bed, [`race-${who}${round}.example.test`]),
            store: `file:${statePath}`,
            'output-dir': join(dir, 'race'),
          },
          { CERTWRIGHT_STATE_KEY: STATE_KEY },
        ),
      );
      for (const run of await Promise.all(runs)) assert.equal(run.code, 0, run.output);
      const state = await loadState(new FileStore(statePath), parseStateKey(STATE_KEY));
      assert.deepEqual(
        Object.keys(state.lineages).sort(),
        [`race-a${round}.example.test`, `race-b${round}.example.test`],
        `round ${round}`,
      );
    }
  });

  it('a state lock held too long fails naming the holder', async () => {
    const path = join(dir, 'held.jwe.lock');
    const release = await acquireLockFile(path, { what: 'state file held.jwe' });
    try {
      await assert.rejects(acquireLockFile(path, { what: 'state file held.jwe', timeoutMs: 200 }), {
        message: new RegExp(
          `^state file held\\.jwe is locked by process ${process.pid} on \\S+ \\(since \\d{4}-[^)]+\\) for more than 0 s; if no certwright is running, delete ${path.replace(/[.]/g, '\\.')}$`,
        ),
      });
    } finally {
      await release();
    }
    await writeFile(path, JSON.stringify({ pid: 999_999, host: (await import('node:os')).hostname(), since: 'then' }));
    await (
      await acquireLockFile(path, { what: 'x', timeoutMs: 200 })
    )();
  });
});
