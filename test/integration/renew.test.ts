import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadState } from '../../src/state/persist.js';
import { FileStore } from '../../src/store/file/file-store.js';
import { parseStateKey } from '../../src/state/encryption.js';
import { bedInputs, journalEntries, renewOnBed, STATE_KEY } from '../../src/testing/engine.js';
import { execHookInputs } from '../../src/dns/providers/exec/testing/nsupdate-hooks.js';
import { startTestbed, type Testbed } from '../../src/testing/testbed.js';
import { assertNoChallengeRecords, challengeNames, verifyIssued } from '../../src/testing/verify.js';

const DAY = 86_400_000;
const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

async function workdir(): Promise<{ statePath: string; outputDir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'certwright-renew-'));
  return { statePath: join(dir, 'state.jwe'), outputDir: join(dir, 'out') };
}

const stateOf = (statePath: string) => loadState(new FileStore(statePath), parseStateKey(STATE_KEY));

describe('renew: one idempotent step against Pebble + BIND', () => {
  let bed: Testbed;
  before(async () => {
    // No authorization reuse: a forced renewal must prove control again, as after 30 days at a real CA.
    bed = await startTestbed({ pebbleEnv: { PEBBLE_AUTHZREUSE: '0' } });
  });
  after(async () => {
    await bed?.stop();
  });

  it('issues once, then does nothing until due, then renews; a changed name list re-issues', async () => {
    const dir = await workdir();
    const domains = ['renew.example.test', '*.renew.example.test'];
    const first = await renewOnBed(bed, domains, dir);
    assert.equal(first.action, 'issued');
    await verifyIssued(bed, first.paths!, domains);

    const second = await renewOnBed(bed, domains, dir);
    assert.equal(second.action, 'not-due');
    assert.match(second.reason, /^not due until \d{4}-.*Z \(a third of its lifetime left\)$/);
    assert.equal(second.summary.serial, first.summary.serial);
    assert.equal(
      await readFile(second.paths!.cert, 'utf8'),
      await readFile(first.paths!.cert, 'utf8'),
      'files are written from the state',
    );

    const third = await renewOnBed(bed, domains, { ...dir, now: (second.renewAt?.getTime() ?? 0) + 1 });
    assert.equal(third.action, 'renewed');
    assert.match(third.reason, /^due since /);
    assert.notEqual(third.summary.serial, first.summary.serial);
    await verifyIssued(bed, third.paths!, domains);

    const changed = [...domains, 'extra.renew.example.test'];
    const fourth = await renewOnBed(bed, changed, dir);
    assert.equal(fourth.action, 'renewed');
    assert.equal(
      fourth.reason,
      'the names changed (renew.example.test, *.renew.example.test -> renew.example.test, *.renew.example.test, extra.renew.example.test)',
    );
    await verifyIssued(bed, fourth.paths!, changed);
    const state = await stateOf(dir.statePath);
    assert.deepEqual(
      state.lineages['renew.example.test']?.history.map((h) => h.serial),
      [first, third, fourth].map((o) => o.summary.serial),
    );
    assert.equal(Object.keys(state.accounts).length, 1, 'one account, kept in the state');
  });

  it('a point before the next scheduled run renews now; renew-before-days overrides', async () => {
    const dir = await workdir();
    const first = await renewOnBed(bed, ['sched.example.test'], dir);
    const renewAt = (await renewOnBed(bed, ['sched.example.test'], dir)).renewAt?.getTime() ?? 0;
    const waiting = await renewOnBed(bed, ['sched.example.test'], {
      ...dir,
      now: renewAt - 2 * DAY,
      extra: { 'next-run': new Date(renewAt - DAY).toISOString() },
    });
    assert.equal(waiting.action, 'not-due');
    const early = await renewOnBed(bed, ['sched.example.test'], {
      ...dir,
      now: renewAt - 2 * DAY,
      extra: { 'next-run': new Date(renewAt + DAY).toISOString() },
    });
    assert.equal(early.action, 'renewed');
    assert.match(early.reason, /before the next scheduled run/);
    const byDays = await renewOnBed(bed, ['sched.example.test'], {
      ...dir,
      extra: { 'renew-before-days': String(5 * 366) },
    });
    assert.equal(byDays.action, 'renewed', 'Pebble certificates live 5 years: 1830 days before expiry is now');
    assert.notEqual(byDays.summary.serial, first.summary.serial);
  });

  it('--force-renewal, --reuse-key, and --dry-run that saves nothing', async () => {
    const dir = await workdir();
    const first = await renewOnBed(bed, ['force.example.test'], dir);
    const firstKey = await readFile(first.paths!.privkey, 'utf8');
    const reused = await renewOnBed(bed, ['force.example.test'], {
      ...dir,
      extra: { 'force-renewal': 'true', 'reuse-key': 'true' },
    });
    assert.equal(reused.action, 'renewed');
    assert.equal(reused.reason, 'renewal forced');
    assert.notEqual(reused.summary.serial, first.summary.serial);
    assert.equal(await readFile(reused.paths!.privkey, 'utf8'), firstKey, 'the key is kept');
    const fresh = await renewOnBed(bed, ['force.example.test'], { ...dir, extra: { 'force-renewal': 'true' } });
    assert.notEqual(await readFile(fresh.paths!.privkey, 'utf8'), firstKey, 'a new key by default');
    const before = await readFile(dir.statePath, 'utf8');
    const dry = await renewOnBed(bed, ['force.example.test'], { ...dir, extra: { 'dry-run': 'true' } });
    assert.equal(dry.action, 'dry-run');
    assert.equal(dry.paths, undefined);
    assert.equal(await readFile(dir.statePath, 'utf8'), before, 'a dry run writes nothing');
  });

  it('runs pre, post and deploy hooks with certbot’s variables', async () => {
    const dir = await workdir();
    const log = join(dir.outputDir, '..', 'hooks.log');
    const hooks = {
      'pre-hook': `echo pre >> ${log}`,
      'post-hook': `echo post >> ${log}`,
      'deploy-hook': `echo "deploy $RENEWED_LINEAGE $RENEWED_DOMAINS" >> ${log}`,
    };
    await renewOnBed(bed, ['hooks.example.test', 'www.hooks.example.test'], { ...dir, extra: hooks });
    await renewOnBed(bed, ['hooks.example.test', 'www.hooks.example.test'], { ...dir, extra: hooks });
    assert.deepEqual(
      (await readFile(log, 'utf8')).trim().split('\n'),
      ['pre', `deploy ${join(dir.outputDir, 'hooks.example.test')} hooks.example.test www.hooks.example.test`, 'post'],
      'hooks run around an actual attempt only, not on a run with nothing due',
    );
  });

  it('a failed renewal keeps the working certificate and state', async () => {
    const dir = await workdir();
    const first = await renewOnBed(bed, ['keep.example.test'], dir);
    const before = await stateOf(dir.statePath);
    await assert.rejects(
      renewOnBed(bed, ['keep.example.test'], {
        ...dir,
        extra: {
          'force-renewal': 'true',
          ...execHookInputs(bed, join(dir.outputDir, 'h.log'), 'wrong-'),
          propagation: 'skip',
        },
      }),
      /validation of keep\.example\.test failed: unauthorized/,
    );
    const after = await stateOf(dir.statePath);
    assert.deepEqual(
      { ...after, orders: undefined },
      { ...before, orders: undefined },
      'the lineage and account are as they were',
    );
    const count = (s: typeof before) => Object.values(s.orders ?? {}).flat().length;
    assert.equal(count(after), count(before) + 1, 'the failed order counts against the order budget, as at the CA');
    assert.equal((await readFile(first.paths!.cert, 'utf8')).length > 0, true);
    await assertNoChallengeRecords(bed, ['keep.example.test']);
  });

  it('renews a YAML list of certificates in one run, one of them over two providers, and survives one failing', async () => {
    const dir = await workdir();
    const hooks = execHookInputs(bed, join(dir.outputDir, '..', 'hooks.log'));
    const yaml = `concurrency: 2
certificates:
  - domains: [plain.example.test, '*.plain.example.test']
  - cert-name: mixed
    domains: [mixed.example.test, mixed.other.test]
    zones:
      other.test:
        dns-provider: exec
        exec-auth-hook: ${JSON.stringify(hooks['exec-auth-hook'])}
        exec-cleanup-hook: ${JSON.stringify(hooks['exec-cleanup-hook'])}
  - cert-name: broken
    domains: [broken.example.test]
    rfc2136-tsig-secret: ${Buffer.alloc(32, 9).toString('base64')}
`;
    const configPath = join(dir.outputDir, '..', 'certwright.yml');
    await writeFile(configPath, yaml);
    const raw = bedInputs(bed, [], {
      store: `file:${dir.statePath}`,
      'output-dir': dir.outputDir,
      config: configPath,
      domains: undefined,
      'rfc2136-tsig-secret': undefined,
    });
    const args = [
      'renew',
      ...Object.entries(raw).flatMap(([k, v]) =>
        v === undefined ? [] : k === 'agree-tos' ? ['--agree-tos'] : [`--${k}`, v],
      ),
    ];
    const env = {
      PATH: process.env.PATH,
      CERTWRIGHT_STATE_KEY: STATE_KEY,
      CERTWRIGHT_RFC2136_TSIG_SECRET: bed.tsig.secret,
    };
    const run = (): Promise<{ code: number | null; stdout: string }> =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, [cli, ...args], { env, stdio: ['ignore', 'pipe', 'ignore'] });
        let stdout = '';
        child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
        child.on('close', (code) => resolve({ code, stdout }));
      });
    const first = await run();
    assert.equal(first.code, 1, 'a failed certificate fails the run');
    assert.match(first.stdout, /^plain\.example\.test +issued +expires /m);
    assert.match(first.stdout, /^mixed +issued +expires /m);
    assert.match(first.stdout, /^broken +FAILED +rfc2136: .*BADSIG/m);
    await verifyIssued(
      bed,
      {
        dir: '',
        cert: join(dir.outputDir, 'mixed', 'cert.pem'),
        chain: join(dir.outputDir, 'mixed', 'chain.pem'),
        fullchain: join(dir.outputDir, 'mixed', 'fullchain.pem'),
        privkey: join(dir.outputDir, 'mixed', 'privkey.pem'),
      },
      ['mixed.example.test', 'mixed.other.test'],
    );
    assert.match(
      await readFile(join(dir.outputDir, '..', 'hooks.log'), 'utf8'),
      /^auth domain=mixed\.other\.test /m,
      'other.test went through the exec provider',
    );
    const state = await stateOf(dir.statePath);
    assert.deepEqual(Object.keys(state.lineages).sort(), ['mixed', 'plain.example.test']);
    const second = await run();
    assert.match(second.stdout, /^plain\.example\.test +not-due +expires /m);
    assert.match(second.stdout, /^mixed +not-due +expires /m);
  });

  it('records left by a killed run are removed by the next run (CLI: noted in its records journal, not in the state)', async () => {
    const dir = await workdir();
    const domains = ['crash-a.example.test', 'crash-b.other.test'];
    const hooks = execHookInputs(bed, join(dir.outputDir, '..', 'hooks.log'));
    const crashing = {
      ...hooks,
      'exec-auth-hook': `${hooks['exec-auth-hook']} && if [ "$CERTBOT_REMAINING_CHALLENGES" = 0 ]; then kill -9 $PPID; fi`,
    };
    const env = {
      PATH: process.env.PATH,
      CERTWRIGHT_STATE_KEY: STATE_KEY,
      XDG_CONFIG_HOME: join(dir.outputDir, '..', 'config'),
    };
    const renew = (inputs: Record<string, string>) =>
      new Promise<{ signal: NodeJS.Signals | null; code: number | null; output: string }>((resolve) => {
        const raw = bedInputs(bed, domains, { ...inputs, store: `file:${dir.statePath}`, 'output-dir': dir.outputDir });
        const args = [
          'renew',
          ...Object.entries(raw).flatMap(([k, v]) =>
            v === undefined ? [] : k === 'agree-tos' ? ['--agree-tos'] : [`--${k}`, v],
          ),
        ];
        const child = spawn(process.execPath, [cli, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', (c: Buffer) => (output += c.toString()));
        child.stderr.on('data', (c: Buffer) => (output += c.toString()));
        child.on('close', (code, signal) => resolve({ code, signal, output }));
      });
    const killed = await renew(crashing);
    assert.equal(killed.signal, 'SIGKILL');
    for (const name of challengeNames(domains)) assert.equal((await bed.txt(name)).length, 1, `${name} left behind`);
    const journal = await journalEntries(env.XDG_CONFIG_HOME);
    assert.deepEqual(
      journal.map((e) => [e.certName, e.records.length]),
      [['crash-a.example.test', 2]],
      'the records were noted before they were created',
    );
    const next = await renew(hooks);
    assert.equal(next.code, 0, next.output);
    assert.match(
      next.output,
      /crash-a\.example\.test: removing 2 TXT record\(s\) left by an interrupted run at \d{4}-/,
    );
    const certDir = join(dir.outputDir, 'crash-a.example.test');
    const paths = {
      dir: certDir,
      cert: join(certDir, 'cert.pem'),
      chain: join(certDir, 'chain.pem'),
      fullchain: join(certDir, 'fullchain.pem'),
      privkey: join(certDir, 'privkey.pem'),
    };
    await verifyIssued(bed, paths, domains);
    assert.deepEqual((await stateOf(dir.statePath)).pendingCleanup, []);
  });
});
