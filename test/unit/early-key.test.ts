/**
 * The state's passphrase key started by the start script's loader, before anything else loads
 * (src/state/early-key.ts): for which inputs it starts, that a run takes it only when it is for
 * the same passphrase, salt and iterations, and that a real CLI run derives once, from there.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  derivePassphraseKey,
  deriveStateKeyEarly,
  passphraseDerivationOf,
  takeEarlyStateKey,
} from '../../src/state/early-key.js';
import { encryptState, parseStateKey } from '../../src/state/encryption.js';
import { emptyBundle } from '../../src/state/bundle.js';
import { saveState } from '../../src/state/persist.js';
import { FileStore } from '../../src/store/file/file-store.js';
import { fileStoreKind } from '../../src/store/file/index.js';
import { storeKinds } from '../../src/store/kinds.js';

const PASSPHRASE = 'a passphrase for the early key';
const dist = fileURLToPath(new URL('../../dist/', import.meta.url));

/** A bundle of PASSPHRASE, with its salt and iterations. */
async function bundle(passphrase = PASSPHRASE) {
  const text = await encryptState('{}', parseStateKey(passphrase));
  const derivation = passphraseDerivationOf(text);
  assert.ok(derivation);
  return { text, ...derivation };
}

/** What deriveStateKeyEarly started for PASSPHRASE and `b`'s salt, taken (so the next case starts clean). */
function started(b: { salt: string; iterations: number }, passphrase = PASSPHRASE) {
  return takeEarlyStateKey(passphrase, b.salt, b.iterations);
}

describe('the state key derived before the start script loads', () => {
  it("the CLI's renew with --store file:, or with its default file, and CERTWRIGHT_STATE_KEY", async () => {
    const b = await bundle();
    const dir = await mkdtemp(join(tmpdir(), 'certwright-early-'));
    const path = join(dir, 'state.jwe');
    await writeFile(path, b.text);
    deriveStateKeyEarly(['node', 'cli.js', 'renew', '--store', `file:${path}`], { CERTWRIGHT_STATE_KEY: PASSPHRASE });
    const key = started(b);
    assert.ok(key, 'started');
    assert.deepEqual(await key, await derivePassphraseKey(PASSPHRASE, b.salt, b.iterations));
    assert.equal(started(b), undefined, 'given out once');

    deriveStateKeyEarly(['node', 'cli.js', 'renew', `--store=file:${path}`], { CERTWRIGHT_STATE_KEY: PASSPHRASE });
    assert.ok(started(b), '--store=VALUE');

    const config = join(dir, 'config');
    await mkdir(join(config, 'certwright'), { recursive: true });
    await writeFile(join(config, 'certwright', 'state.jwe'), b.text);
    deriveStateKeyEarly(['node', 'cli.js', '-q', 'renew'], {
      CERTWRIGHT_STATE_KEY: PASSPHRASE,
      XDG_CONFIG_HOME: config,
    });
    assert.ok(started(b), 'the default state file');
  });

  it("the Action's secret store, from the state input or CERTWRIGHT_STATE, and its file store", async () => {
    const b = await bundle();
    const action = { INPUT_STORE: 'secret:CERTWRIGHT_STATE', 'INPUT_STATE-KEY': PASSPHRASE };
    deriveStateKeyEarly(['node', '/home/runner/work/_actions/o/certwright/v1/dist/main.js'], {
      ...action,
      INPUT_STATE: b.text,
    });
    assert.ok(started(b), 'the state input');
    deriveStateKeyEarly(['node', 'main.js'], { ...action, CERTWRIGHT_STATE: b.text });
    assert.ok(started(b), 'CERTWRIGHT_STATE');
    const path = join(await mkdtemp(join(tmpdir(), 'certwright-early-')), 'state.jwe');
    await writeFile(path, b.text);
    deriveStateKeyEarly(['node', 'main.js'], { INPUT_STORE: `file:${path}`, CERTWRIGHT_STATE_KEY: PASSPHRASE });
    assert.ok(started(b), 'a file store, the key from CERTWRIGHT_STATE_KEY');
  });

  it('starts nothing when the run would not use it: another command, a reset, a raw key, a shard, no bundle', async () => {
    const b = await bundle();
    const path = join(await mkdtemp(join(tmpdir(), 'certwright-early-')), 'state.jwe');
    await writeFile(path, b.text);
    const key = { CERTWRIGHT_STATE_KEY: PASSPHRASE };
    const cases: [string[], Record<string, string>][] = [
      [['certonly', '--store', `file:${path}`], key],
      [['renew', '--store', `file:${path}`, '--state-reset'], key],
      [
        ['renew', '--store', `file:${path}`],
        { CERTWRIGHT_STATE_KEY: 'cwk1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
      ],
      [['renew', '--store', `file:${path}`], { CERTWRIGHT_STATE_KEY: 'too short' }],
      [['renew', '--store', `file:${path.replace('state', '{shard}')}`], key],
      [['renew', '--store', `file:${path}.missing`], key],
      [['renew', '--store', 'artifact:certwright-state'], key],
      [
        [],
        { INPUT_STORE: 'secret:S', 'INPUT_STATE-KEY': PASSPHRASE, INPUT_STATE: b.text, 'INPUT_STATE-RESET': 'True' },
      ],
      [[], { INPUT_STORE: 'secret:S', 'INPUT_STATE-KEY': PASSPHRASE, INPUT_STATE: 'not a bundle' }],
    ];
    for (const [args, env] of cases) {
      deriveStateKeyEarly(['node', args.length ? 'cli.js' : 'main.js', ...args], env);
      assert.equal(started(b), undefined, JSON.stringify([args, env]));
    }
    // The Action's post step never opens the state, nor does another entry.
    for (const entry of ['/a/dist/post.js', '/a/dist/release.js', 'domain.js']) {
      deriveStateKeyEarly(['node', entry], {
        INPUT_STORE: 'secret:S',
        'INPUT_STATE-KEY': PASSPHRASE,
        INPUT_STATE: b.text,
      });
      assert.equal(started(b), undefined, entry);
    }
  });

  it('a run takes the early key only for the same passphrase, salt and iterations', async () => {
    const b = await bundle();
    const other = await bundle();
    deriveStateKeyEarly(['node', 'main.js'], {
      INPUT_STORE: 'secret:S',
      'INPUT_STATE-KEY': PASSPHRASE,
      INPUT_STATE: b.text,
    });
    assert.equal(takeEarlyStateKey(`${PASSPHRASE}!`, b.salt, b.iterations), undefined, 'another passphrase');
    assert.equal(takeEarlyStateKey(PASSPHRASE, other.salt, b.iterations), undefined, 'another salt');
    assert.equal(takeEarlyStateKey(PASSPHRASE, b.salt, b.iterations + 1), undefined, 'other iterations');
    assert.ok(started(b));
  });

  it("the secret store's bundle is its state input, read early unless the state starts over", async () => {
    const secret = storeKinds({ github: () => Promise.reject(new Error('not here')) }).find((k) => k.kind === 'secret');
    assert.ok(secret);
    const values = { 'github-token': 't', 'github-repository': 'o/r', state: ' the bundle ' };
    const peekOf = (v: Record<string, string>) => Object.getOwnPropertyDescriptor(secret.configure('S', v), 'peek');
    assert.equal(await (peekOf(values)?.value as () => Promise<string>)(), 'the bundle');
    assert.equal(peekOf({ ...values, 'state-reset': 'true' }), undefined);
    assert.equal(peekOf({ ...values, state: '' }), undefined);
    assert.ok(Object.getOwnPropertyDescriptor(fileStoreKind.configure('/x', {}), 'peek'), 'the file store peeks too');
  });

  it('a CLI renew derives the key once, started by the loader before the start script', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'certwright-early-'));
    await saveState(new FileStore(join(dir, 'state.jwe')), parseStateKey(PASSPHRASE), emptyBundle());
    const hook = join(dir, 'hook.cjs');
    await writeFile(
      hook,
      "const stacks = [];\nrequire('node:async_hooks').createHook({ init(id, type) { if (type === 'PBKDF2REQUEST') " +
        'stacks.push(new Error().stack); } }).enable();\n' +
        "process.on('exit', () => require('node:fs').writeFileSync(process.env.HOOK_OUT, JSON.stringify(stacks)));\n",
    );
    const out = join(dir, 'stacks.json');
    const run = spawnSync(
      process.execPath,
      [
        '-r',
        hook,
        join(dist, 'cli.js'),
        'renew',
        ...['-d', 'early.example.test', '--agree-tos', '-m', 'ops@example.test'],
        ...['--server', 'https://127.0.0.1:9/dir', '--dns', 'rfc2136', '--rfc2136-server', '127.0.0.1:9'],
        ...['--rfc2136-tsig-key', 'k', '--store', `file:${join(dir, 'state.jwe')}`, '--output-dir', join(dir, 'out')],
      ],
      {
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          HOME: dir,
          XDG_CONFIG_HOME: join(dir, 'config'),
          CERTWRIGHT_CODE_CACHE: 'off',
          CERTWRIGHT_STATE_KEY: PASSPHRASE,
          CERTWRIGHT_RFC2136_TSIG_SECRET: 'c2VjcmV0',
          HOOK_OUT: out,
        },
      },
    );
    // The CA is not there: the run fails, after it has read the state.
    assert.match(run.stderr + run.stdout, /cannot reach the ACME directory at https:\/\/127\.0\.0\.1:9\/dir/);
    const stacks = JSON.parse(await readFile(out, 'utf8')) as string[];
    assert.equal(stacks.length, 1, stacks.join('\n\n'));
    assert.match(stacks[0] ?? '', /deriveStateKeyEarly/);
    assert.doesNotMatch(stacks[0] ?? '', /start-body/, 'started before the start script');
  });
});
