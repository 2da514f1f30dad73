/**
 * One lock, one holder: processes racing over a state lock left by a killed run. First many
 * child processes over the lock itself, then concurrent `renew` runs of the CLI (`dist/cli.js`)
 * against Pebble + BIND on one file store.
 */
import assert from 'node:assert/strict';
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { parseStateKey } from '../../src/state/encryption.js';
import { FileStore } from '../../src/store/file/file-store.js';
import { loadState } from '../../src/state/persist.js';
import { bedInputs, STATE_KEY } from '../../src/testing/engine.js';
import { startTestbed, type Testbed } from '../../src/testing/testbed.js';

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
/** The lock under test; LOCK_SOURCE points the children at another implementation (to see this test fail on the old one). */
const lockSource = process.env.LOCK_SOURCE ?? fileURLToPath(new URL('../../src/fs/lock-file.ts', import.meta.url));

const PROCESSES = 8;
const ROUNDS = 30;
/** Locks raced for at once in each round, each from its own stale lock. */
const LOCKS_PER_ROUND = 3;

/**
 * A child: for each round, waits for the go, then tries each lock once (timeout 0: a stale lock
 * is taken over, a live one is given up on), and while holding logs enter and exit to the
 * lock's log, holding long enough for every other process's attempt to overlap.
 */
const CHILD = `
import { appendFileSync } from 'node:fs';
const { acquireLockFile } = await import(process.env.LOCK_MODULE);
const [id, dir, rounds, locks] = process.argv.slice(2);
const go = new Map();
process.on('message', (round) => go.get(round)?.());
for (let round = 0; round < Number(rounds); round++) {
  const started = new Promise((resolve) => go.set(round, resolve));
  process.send(round);
  await started;
  await Promise.all(Array.from({ length: Number(locks) }, async (_, i) => {
    const path = dir + '/round-' + round + '-' + i + '.lock';
    let release;
    try {
      release = await acquireLockFile(path, { what: 'race', timeoutMs: 0 });
    } catch (error) {
      if (/is locked by/.test(error.message)) return;
      throw error;
    }
    appendFileSync(path + '.log', 'enter ' + id + '\\n');
    await new Promise((resolve) => setTimeout(resolve, 30));
    appendFileSync(path + '.log', 'exit ' + id + '\\n');
    await release();
  }));
}
process.send('done');
`;

/** The PID of a process that has exited: what a killed run leaves in its lock. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid;
}

/** A lock left by a killed run: this version's folder, or an earlier version's plain file. */
async function staleLock(path: string, form: 'folder' | 'file'): Promise<void> {
  const holder = { pid: deadPid(), host: hostname(), since: new Date(0).toISOString() };
  if (form === 'file') return writeFile(path, JSON.stringify(holder));
  const token = randomBytes(16).toString('hex');
  await mkdir(path);
  await writeFile(join(path, `holder-${token}.json`), JSON.stringify({ ...holder, token }));
}

/** Who held the lock at once, from its log: [] when every enter was followed by its own exit. */
function overlaps(log: string): string[] {
  const problems: string[] = [];
  let inside: string | undefined;
  for (const line of log.trim().split('\n')) {
    const [event, id] = line.split(' ');
    if (event === 'enter') {
      if (inside !== undefined) problems.push(`${id} entered while ${inside} held the lock`);
      inside = id;
    } else {
      if (inside !== id) problems.push(`${id} left while ${inside ?? 'nobody'} held the lock`);
      inside = undefined;
    }
  }
  return problems;
}

describe('state lock: one holder at a time', () => {
  it(`${PROCESSES} processes, ${ROUNDS} rounds of ${LOCKS_PER_ROUND} stale locks each (a killed run's folder or an earlier version's file): never two holders`, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'certwright-lock-race-'));
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < LOCKS_PER_ROUND; i++)
        await staleLock(join(dir, `round-${round}-${i}.lock`), (round + i) % 2 === 0 ? 'folder' : 'file');
    }
    const script = join(dir, 'child.mjs');
    await writeFile(script, CHILD);
    // Bundled once, so eight children start in milliseconds rather than through tsx each.
    const lockModule = join(dir, 'lock.mjs');
    await build({
      entryPoints: [lockSource],
      outfile: lockModule,
      bundle: true,
      platform: 'node',
      format: 'esm',
      logLevel: 'error',
    });
    const children: ChildProcess[] = [];
    const ready = new Map<number, number>();
    let done = 0;
    const finished = new Promise<void>((resolve, reject) => {
      for (let id = 0; id < PROCESSES; id++) {
        const child = fork(script, [String(id), dir, String(ROUNDS), String(LOCKS_PER_ROUND)], {
          execArgv: [],
          env: { ...process.env, LOCK_MODULE: lockModule },
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        });
        children.push(child);
        child.on('exit', (code) => (code === 0 ? undefined : reject(new Error(`child ${id} exited with ${code}`))));
        child.on('message', (message) => {
          if (message === 'done') return void (++done === PROCESSES && resolve());
          const round = message as number;
          ready.set(round, (ready.get(round) ?? 0) + 1);
          // All at the start line: then they race.
          if (ready.get(round) === PROCESSES) for (const c of children) c.send(round);
        });
      }
    });
    try {
      await finished;
    } finally {
      for (const child of children) if (child.exitCode === null) child.kill();
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < LOCKS_PER_ROUND; i++) {
        const path = join(dir, `round-${round}-${i}.lock`);
        const log = await readFile(`${path}.log`, 'utf8');
        assert.deepEqual(overlaps(log), [], `round ${round}, lock ${i}:\n${log}`);
        assert.ok(
          (log.match(/^enter /gm)?.length ?? 0) >= 1,
          `round ${round}, lock ${i}: the stale lock was taken over`,
        );
        await assert.rejects(access(path), { code: 'ENOENT' }, 'the last holder released it');
      }
    }
  });
});

describe('state lock through the CLI: concurrent renews from a stale lock (Pebble and BIND)', () => {
  let bed: Testbed;
  let dir: string;
  before(async () => {
    bed = await startTestbed();
    dir = await mkdtemp(join(tmpdir(), 'certwright-lock-cli-'));
  });
  after(async () => {
    await bed?.stop();
  });

  function renew(statePath: string, domain: string): Promise<{ code: number | null; output: string }> {
    const raw = { ...bedInputs(bed, [domain]), store: `file:${statePath}`, 'output-dir': join(dir, 'out') };
    const args = [
      'renew',
      ...Object.entries(raw).flatMap(([k, v]) =>
        v === undefined ? [] : k === 'agree-tos' ? ['--agree-tos'] : [`--${k}`, v],
      ),
    ];
    const child = spawn(process.execPath, [cli, ...args], {
      env: { PATH: process.env.PATH, XDG_CONFIG_HOME: join(dir, 'config'), CERTWRIGHT_STATE_KEY: STATE_KEY },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
  }

  it('4 renew runs at once on one state file, starting from a killed run’s lock, 2 rounds: every lineage is kept', async () => {
    for (const [round, form] of (['folder', 'file'] as const).entries()) {
      const statePath = join(dir, `shared-${round}.jwe`);
      await staleLock(`${statePath}.lock`, form);
      const names = ['a', 'b', 'c', 'd'].map((who) => `lock-${who}${round}.example.test`);
      const runs = await Promise.all(names.map((name) => renew(statePath, name)));
      for (const run of runs) assert.equal(run.code, 0, run.output);
      const state = await loadState(new FileStore(statePath), parseStateKey(STATE_KEY));
      assert.deepEqual(Object.keys(state.lineages).sort(), names, `round ${round} (${form})`);
      await assert.rejects(access(`${statePath}.lock`), { code: 'ENOENT' }, 'the lock is gone after the runs');
    }
  });
});
