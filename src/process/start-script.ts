/**
 * Runs the code every certwright process loads at start (dist/chunks/start-body.cjs, the merged
 * start chunk as a script) with V8's code cache.
 *
 * Compiling that half a megabyte of JavaScript, and then each function the first time it runs,
 * is a good part of a short run's time (12 ms and more on Node 20, which has no compile cache for
 * ES modules). So the build turns the start chunk into a script (scripts/start-script.mjs) and
 * this loader compiles it with `vm.Script`, handing V8 the cache that an earlier run of the same
 * code on the same Node left behind; the first run writes that cache as it exits. V8 checks a
 * cache against its own version, flags and the source's length and rejects what does not fit;
 * the file name carries a hash of the code and the Node version and architecture.
 *
 * A code cache is code: it is read only from a private folder (0700, this user's, not a link)
 * under the user's cache home, from a file of this user that nobody else may write, and written
 * there the same way; otherwise, or with CERTWRIGHT_CODE_CACHE=off, the script is compiled
 * without one. Every failure falls back to compiling: the cache only ever saves time.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { releaseYoungGeneration } from './young-generation.js';

/** The script's own `exports` object, as a CommonJS module has one. */
export type ScriptExports = Record<string, unknown>;

/**
 * What became of the cache: `used`; `written` at exit (there was none, or V8 rejected it);
 * `untrusted` (the folder or file is not private: neither read nor written); `off`.
 */
export type CodeCacheUse = 'used' | 'written' | 'untrusted' | 'off';

const FULL_RUN = Symbol.for('certwright.start-script.full-run');

/**
 * Says this process does a run's real work (orders, renews, checks certificates). The code a
 * cache holds is what the run that wrote it had compiled by its exit: a cache left by
 * `--version` or `--help` would hold little. So two are kept: one written by any run, and one
 * written by a full run, which a later full run writes when it found only the first.
 */
export function markFullRun(): void {
  (globalThis as Record<symbol, unknown>)[FULL_RUN] = true;
}

/**
 * The folder of the code cache, or undefined when there is none to use: turned off, or no home
 * to put it in (a container's user without a passwd entry and no HOME; `home` throws then).
 */
export function codeCacheFolder(env: NodeJS.ProcessEnv = process.env, home = homedir): string | undefined {
  if (env.CERTWRIGHT_CODE_CACHE === 'off' || env.CERTWRIGHT_CODE_CACHE === '0') return undefined;
  if (env.XDG_CACHE_HOME?.startsWith('/')) return join(env.XDG_CACHE_HOME, 'certwright');
  try {
    const base = env.HOME?.startsWith('/') ? env.HOME : home();
    return base.startsWith('/') ? join(base, '.cache', 'certwright') : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `folder` is this user's, 0700 and not a link; creates it (and its parents) 0700 when missing. */
function privateFolder(folder: string, create: boolean): boolean {
  const uid = process.getuid?.();
  if (uid === undefined) return false;
  try {
    const info = lstatSync(folder);
    return info.isDirectory() && info.uid === uid && (info.mode & 0o077) === 0;
  } catch (error) {
    if (!create || (error as NodeJS.ErrnoException).code !== 'ENOENT') return false;
    try {
      mkdirSync(folder, { recursive: true, mode: 0o700 });
    } catch {
      return false;
    }
    return privateFolder(folder, false);
  }
}

/** The cache file's content, if it is a regular file of this user that nobody else may write. */
function readCache(path: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    const info = fstatSync(fd);
    if (!info.isFile() || info.uid !== process.getuid?.() || (info.mode & 0o022) !== 0) return undefined;
    const data = Buffer.allocUnsafe(info.size);
    return readSync(fd, data, 0, info.size, 0) === info.size ? data : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Caches of other builds or Node versions unused this long are removed when a cache is written. */
const STALE_MS = 7 * 86_400_000;

/**
 * Writes the cache by rename (0600), and removes caches not used for a week (other builds, other
 * Node versions; two builds used side by side keep theirs).
 */
function writeCache(folder: string, name: string, data: Buffer): void {
  if (!privateFolder(folder, true)) return;
  const path = join(folder, name);
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, data, { mode: 0o600, flag: 'wx' });
    renameSync(temp, path);
  } catch {
    try {
      unlinkSync(temp);
    } catch {
      // never written
    }
    return;
  }
  for (const other of readdirSync(folder)) {
    if (!/^start-.*\.v8$/.test(other) || other === name) continue;
    try {
      const otherPath = join(folder, other);
      const info = lstatSync(otherPath);
      if (Date.now() - Math.max(info.atimeMs, info.mtimeMs) > STALE_MS) unlinkSync(otherPath);
    } catch {
      // gone meanwhile
    }
  }
}

/**
 * Compiles and runs the start script at `url` (whose content hash the build gives as `hash`),
 * with the code cache when there is a usable one, and returns its exports. A process that
 * found no cache, or one V8 rejected, leaves a new one when it exits, and so does a full run
 * (markFullRun) that found only the cache of a lighter one.
 */
export function runStartScript(
  url: URL,
  hash: string,
  env: NodeJS.ProcessEnv = process.env,
): { exports: ScriptExports; cache: CodeCacheUse } {
  const filename = fileURLToPath(url);
  // ASCII (the build makes it so): Latin-1 is a plain copy, where UTF-8 would be decoded.
  const source = readFileSync(filename, 'latin1');
  const folder = codeCacheFolder(env);
  const name = `start-${hash}-${process.version}-${process.arch}`;
  let cache: CodeCacheUse = 'off';
  let script: vm.Script | undefined;
  let used: 'full' | 'any' | undefined;
  if (folder) {
    const trusted = privateFolder(folder, false) || !existsSync(folder);
    cache = trusted ? 'written' : 'untrusted';
    for (const [kind, file] of trusted
      ? ([
          ['full', `${name}-run.v8`],
          ['any', `${name}.v8`],
        ] as const)
      : []) {
      const cachedData = readCache(join(folder, file));
      if (!cachedData) continue;
      script = new vm.Script(source, { filename, cachedData });
      if (!script.cachedDataRejected) {
        [cache, used] = ['used', kind];
        break;
      }
    }
  }
  // A cache V8 rejected still left a compiled script.
  const compiled = script ?? new vm.Script(source, { filename });
  if (folder && cache !== 'untrusted') {
    // At exit, so the functions this run compiled are in it too.
    process.once('exit', () => {
      const full = (globalThis as Record<symbol, unknown>)[FULL_RUN] === true;
      if (full ? used === 'full' : used !== undefined) return;
      try {
        // V8 stamps the cache with its flags: as a fresh process has them, or the next one rejects it.
        releaseYoungGeneration();
        writeCache(folder, `${name}${full ? '-run' : ''}.v8`, compiled.createCachedData());
      } catch {
        // a cache only saves time; the run's exit code is what counts
      }
    });
  }
  const module = { exports: {} as ScriptExports };
  const start = compiled.runInThisContext() as (
    exports: ScriptExports,
    require: NodeJS.Require,
    module: { exports: ScriptExports },
    url: string,
    load: (specifier: string) => Promise<unknown>,
  ) => void;
  // import() of the later chunks goes through the loader: a script compiled by vm has no module loader of its own.
  start(module.exports, createRequire(url), module, url.href, (specifier) => import(new URL(specifier, url).href));
  return { exports: module.exports, cache };
}
