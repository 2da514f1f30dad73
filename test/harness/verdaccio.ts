/** A real Verdaccio on a free loopback port, with anonymous publish and no uplinks; stopped by PID. */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from '../../src/testing/testbed.js';

const run = promisify(execFile);
const verdaccioBin = fileURLToPath(new URL('../../node_modules/verdaccio/bin/verdaccio', import.meta.url));

export interface Registry {
  readonly url: string;
  readonly pid: number;
  /** An .npmrc that points npm at this registry with a token line. */
  readonly npmrc: string;
  readonly dir: string;
  /** The environment npm needs to use this registry (its .npmrc and a private cache). */
  readonly env: NodeJS.ProcessEnv;
  /** `npm pack` a package folder; returns the .tgz path. */
  pack(packageDir: string): Promise<string>;
  /** `npm publish` a .tgz, optionally under a dist-tag. */
  publish(tarball: string, tag?: string): Promise<void>;
  stop(): Promise<void>;
}

function ping(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    http
      .get(`${url}/-/ping`, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      })
      .on('error', () => resolve(false));
  });
}

export async function startRegistry(): Promise<Registry> {
  const dir = await mkdtemp(join(tmpdir(), 'certwright-verdaccio-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  await mkdir(join(dir, 'storage'));
  await writeFile(
    join(dir, 'config.yaml'),
    `storage: ${join(dir, 'storage')}
auth:
  htpasswd:
    file: ${join(dir, 'htpasswd')}
uplinks: {}
packages:
  '**':
    access: $all
    publish: $anonymous
    unpublish: $anonymous
server:
  keepAliveTimeout: 1
log: { type: stdout, format: pretty, level: error }
`,
  );
  const npmrc = join(dir, '.npmrc');
  await writeFile(npmrc, `registry=${url}/\n//127.0.0.1:${port}/:_authToken=local-test-token\n`);
  const child: ChildProcess = spawn(
    process.execPath,
    [verdaccioBin, '--config', join(dir, 'config.yaml'), '--listen', `127.0.0.1:${port}`],
    { stdio: 'ignore' },
  );
  const deadline = Date.now() + 30_000;
  while (!(await ping(url))) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`verdaccio did not start (exit ${child.exitCode})`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const npmEnv = {
    ...process.env,
    npm_config_userconfig: npmrc,
    npm_config_cache: join(dir, 'npm-cache'),
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
  };
  return {
    url,
    pid: child.pid ?? 0,
    npmrc,
    dir,
    env: npmEnv,
    async pack(packageDir) {
      const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', packageDir], {
        cwd: packageDir,
        env: npmEnv,
      });
      const [info] = JSON.parse(stdout) as { filename: string }[];
      return join(packageDir, info?.filename ?? '');
    },
    async publish(tarball, tag) {
      await run('npm', ['publish', tarball, '--registry', `${url}/`, ...(tag ? ['--tag', tag] : [])], { env: npmEnv });
    },
    async stop() {
      if (child.exitCode === null && child.pid) {
        const exited = new Promise((r) => child.once('exit', r));
        process.kill(child.pid, 'SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Writes a small package folder. */
export async function makePackage(
  root: string,
  name: string,
  version: string,
  files: Record<string, string>,
): Promise<string> {
  const dir = join(root, `${name.replace(/[@/]/g, '_')}-${version}`);
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({ name, version, main: 'index.js', license: 'MIT' }, null, 2),
  );
  for (const [path, content] of Object.entries(files)) await writeFile(join(dir, path), content);
  return dir;
}
