import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { codeCacheFolder } from '../../src/process/start-script.js';

const loader = new URL('../../src/process/start-script.ts', import.meta.url).href;
const youngGeneration = new URL('../../src/process/young-generation.ts', import.meta.url).href;
const CACHE = `start-h1-${process.version}-${process.arch}.v8`;

/** A start script and a runner for it, in a fresh folder; `run` starts a new process each time. */
async function fixture() {
  const dir = await mkdtemp(join(tmpdir(), 'certwright-start-script-'));
  const body = join(dir, 'body.cjs');
  await writeFile(
    body,
    '(function (exports, require, module, url, load) {\n' +
      "  exports.name = require('node:path').basename(new URL(url).pathname);\n" +
      '  exports.sum = [1, 2, 3].reduce((a, b) => a + b, 0);\n' +
      "  if (process.env.FULL_RUN) globalThis[Symbol.for('certwright.start-script.full-run')] = true;\n" +
      '})\n',
  );
  const runner = join(dir, 'runner.mjs');
  await writeFile(
    runner,
    `import { runStartScript } from ${JSON.stringify(loader)};\n` +
      `const { exports, cache } = runStartScript(new URL(${JSON.stringify(pathToFileURL(body).href)}), 'h1');\n` +
      // A run over many certificates changes a V8 flag after the script ran (young-generation.ts).
      `if (process.env.HOLD) (await import(${JSON.stringify(youngGeneration)})).holdYoungGeneration();\n` +
      'console.log(JSON.stringify({ cache, ...exports }));\n',
  );
  const cacheHome = join(dir, 'cache');
  const run = (env: Record<string, string> = {}) => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', runner], {
      env: { PATH: process.env.PATH, HOME: dir, XDG_CACHE_HOME: cacheHome, ...env },
      encoding: 'utf8',
    });
    assert.equal(child.status, 0, child.stderr);
    return JSON.parse(child.stdout) as { cache: string; name: string; sum: number };
  };
  return { dir, folder: join(cacheHome, 'certwright'), run };
}

describe('the start script and its code cache', () => {
  it('the first run writes the cache (0600 in a 0700 folder) as it exits; the next run uses it', async () => {
    const { folder, run } = await fixture();
    assert.deepEqual(run(), { cache: 'written', name: 'body.cjs', sum: 6 });
    assert.equal((await stat(folder)).mode & 0o777, 0o700);
    assert.equal((await stat(join(folder, CACHE))).mode & 0o777, 0o600);
    assert.deepEqual(run(), { cache: 'used', name: 'body.cjs', sum: 6 });
  });

  it('a full run that found only the cache of a lighter run (--version) leaves its own, which full runs use', async () => {
    const { folder, run } = await fixture();
    assert.equal(run().cache, 'written');
    assert.equal(run({ FULL_RUN: '1' }).cache, 'used', 'the light cache is used meanwhile');
    assert.deepEqual((await readdir(folder)).sort(), [CACHE, CACHE.replace('.v8', '-run.v8')].sort());
    const full = await readFile(join(folder, CACHE.replace('.v8', '-run.v8')));
    assert.equal(run({ FULL_RUN: '1' }).cache, 'used');
    assert.equal(run().cache, 'used');
    assert.deepEqual(await readFile(join(folder, CACHE.replace('.v8', '-run.v8'))), full, 'not written again');
  });

  it('a run that held the young generation (a V8 flag) leaves a cache the next process, with default flags, uses', async () => {
    const { folder, run } = await fixture();
    assert.equal(run({ HOLD: '1', FULL_RUN: '1' }).cache, 'written');
    const written = await readFile(join(folder, CACHE.replace('.v8', '-run.v8')));
    // V8 rejects a cache stamped with other flags: this run would then find none it can use, and write it again.
    assert.equal(run({ FULL_RUN: '1' }).cache, 'used');
    assert.deepEqual(await readFile(join(folder, CACHE.replace('.v8', '-run.v8'))), written, 'not written again');
  });

  it('a cache V8 rejects (damaged, or of another build) is replaced; caches unused for a week are removed', async () => {
    const { folder, run } = await fixture();
    await mkdir(folder, { recursive: true, mode: 0o700 });
    await writeFile(join(folder, CACHE), Buffer.alloc(4096, 7), { mode: 0o600 });
    const stale = join(folder, `start-old-${process.version}-${process.arch}.v8`);
    const recent = join(folder, `start-other-${process.version}-${process.arch}.v8`);
    await writeFile(stale, 'stale', { mode: 0o600 });
    await writeFile(recent, 'another build, used today', { mode: 0o600 });
    const eightDaysAgo = new Date(Date.now() - 8 * 86_400_000);
    await utimes(stale, eightDaysAgo, eightDaysAgo);
    assert.deepEqual(run(), { cache: 'written', name: 'body.cjs', sum: 6 });
    assert.deepEqual(
      (await readdir(folder)).sort(),
      [CACHE, `start-other-${process.version}-${process.arch}.v8`].sort(),
    );
    assert.notDeepEqual(await readFile(join(folder, CACHE)), Buffer.alloc(4096, 7));
    assert.equal(run().cache, 'used');
  });

  it('never reads or writes a cache others could write: a folder open to others, a link, a file others may write', async () => {
    const open = await fixture();
    await mkdir(open.folder, { recursive: true, mode: 0o700 });
    await chmod(open.folder, 0o777);
    await writeFile(join(open.folder, CACHE), 'planted', { mode: 0o600 });
    assert.deepEqual(open.run(), { cache: 'untrusted', name: 'body.cjs', sum: 6 });
    assert.equal(await readFile(join(open.folder, CACHE), 'utf8'), 'planted', 'not replaced either');

    const linked = await fixture();
    const elsewhere = join(linked.dir, 'elsewhere');
    await mkdir(elsewhere, { mode: 0o700 });
    await mkdir(join(linked.dir, 'cache'), { mode: 0o700 });
    await symlink(elsewhere, linked.folder);
    assert.equal(linked.run().cache, 'untrusted');
    assert.deepEqual(await readdir(elsewhere), [], 'nothing written through the link');

    const writable = await fixture();
    writable.run();
    await chmod(join(writable.folder, CACHE), 0o666);
    assert.equal(writable.run().cache, 'written', 'a cache file others may write is not read, but replaced');
    assert.equal((await stat(join(writable.folder, CACHE))).mode & 0o777, 0o600);
  });

  it('CERTWRIGHT_CODE_CACHE=off compiles without a cache and writes none', async () => {
    const { dir, run } = await fixture();
    assert.deepEqual(run({ CERTWRIGHT_CODE_CACHE: 'off' }), { cache: 'off', name: 'body.cjs', sum: 6 });
    assert.deepEqual(await readdir(dir), ['body.cjs', 'runner.mjs']);
  });

  it('lives under XDG_CACHE_HOME when it is an absolute path, else under ~/.cache, else nowhere', () => {
    assert.equal(codeCacheFolder({ XDG_CACHE_HOME: '/var/cache/u', HOME: '/home/u' }), '/var/cache/u/certwright');
    assert.equal(codeCacheFolder({ XDG_CACHE_HOME: 'relative', HOME: '/home/u' }), '/home/u/.cache/certwright');
    assert.equal(codeCacheFolder({ CERTWRIGHT_CODE_CACHE: 'off', HOME: '/home/u' }), undefined);
    const noPasswdEntry = () => {
      throw new Error('ENOENT: no such file or directory, uv_os_homedir');
    };
    assert.equal(codeCacheFolder({}, noPasswdEntry), undefined, 'no home at all: no cache, and no crash');
    assert.equal(
      codeCacheFolder({ HOME: 'relative' }, () => '/home/u'),
      '/home/u/.cache/certwright',
    );
  });
});
