import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import semver from 'semver';
import { run, type Exec } from '../exec.js';
import { versionOfTag } from '../npm.js';
import {
  runSmoke,
  sha256SumsLine,
  type ReleaseConfig,
  type ReleasePackage,
  type StepContext,
  type StepResult,
} from './shared.js';

interface PackageJson {
  readonly name?: string;
  readonly version?: string;
  readonly private?: boolean;
}

async function readPackageJson(dir: string): Promise<PackageJson> {
  const file = join(dir, 'package.json');
  const text = await readFile(file, 'utf8').catch((cause: unknown) => {
    throw new Error(`packages: no package.json in ${dir}; expected a package folder`, { cause });
  });
  try {
    return JSON.parse(text) as PackageJson;
  } catch (cause) {
    throw new Error(`packages: ${file} is not JSON`, { cause });
  }
}

/** The tag is a semver version tag, and every package of the release carries that version. */
export async function npmPackages(config: ReleaseConfig): Promise<{ version: string; packages: ReleasePackage[] }> {
  const version = versionOfTag(config.tag);
  if (!semver.valid(version))
    throw new Error(`tag: "${config.tag}" is not a semver version tag; expected v1.2.3 or v1.2.3-rc.1`);
  const packages = await Promise.all(
    config.packages.map(async (dir) => {
      const pkg = await readPackageJson(dir);
      if (!pkg.name) throw new Error(`packages: ${join(dir, 'package.json')} has no name`);
      if (pkg.private)
        throw new Error(
          `packages: ${pkg.name} (${dir}) is private; ` +
            'npm publish refuses it: remove it from packages or drop "private"',
        );
      if (pkg.version !== version)
        throw new Error(
          `tag: ${config.tag} does not match ${join(dir, 'package.json')} version ${pkg.version ?? '(none)'}; ` +
            `every package of the release carries the tag's version`,
        );
      return { name: pkg.name, version, dir, files: [] };
    }),
  );
  return { version, packages };
}

function registryArgs(config: ReleaseConfig): string[] {
  return config.registry ? ['--registry', config.registry] : [];
}

/** npm reads NODE_AUTH_TOKEN through the .npmrc actions/setup-node writes; a given token goes there. */
function tokenEnv(config: ReleaseConfig): Record<string, string> {
  return config.token ? { NODE_AUTH_TOKEN: config.token } : {};
}

/** `npm pack` each package into out-dir, and a SHA256SUMS beside the tarballs. */
async function pack(config: ReleaseConfig, exec: Exec, packages: ReleasePackage[]): Promise<ReleasePackage[]> {
  const out = resolve(config.outDir);
  await mkdir(out, { recursive: true });
  const packed: ReleasePackage[] = [];
  for (const pkg of packages) {
    const stdout = await run(exec, `pack ${pkg.name}`, 'npm', ['pack', '--json', '--pack-destination', out], {
      cwd: pkg.dir,
      silent: true,
    });
    const [entry] = JSON.parse(stdout) as { filename: string }[];
    if (!entry) throw new Error(`pack ${pkg.name}: npm pack printed no file`);
    packed.push({ ...pkg, files: [join(out, basename(entry.filename))] });
  }
  const lines = await Promise.all(packed.flatMap((p) => p.files).map(sha256SumsLine));
  await writeFile(join(out, 'SHA256SUMS'), lines.join(''));
  return packed;
}

/** The tarballs pack wrote, found again by name and version (a later job of the workflow). */
async function packedTarballs(config: ReleaseConfig, packages: ReleasePackage[]): Promise<ReleasePackage[]> {
  const out = resolve(config.outDir);
  return Promise.all(
    packages.map(async (pkg) => {
      const file = join(out, `${pkg.name.replace(/^@/, '').replace('/', '-')}-${pkg.version}.tgz`);
      await readFile(file).catch((cause: unknown) => {
        throw new Error(
          `out-dir: no ${basename(file)} in ${out}; run the pack step first (or pass the out-dir it used)`,
          { cause },
        );
      });
      return { ...pkg, files: [file] };
    }),
  );
}

/** Whether npm publish should add provenance: asked, or `auto` where the job can get an OIDC token. */
function wantsProvenance(config: ReleaseConfig, env: Readonly<Record<string, string | undefined>>): boolean {
  return config.provenance === 'auto' ? Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL) : config.provenance;
}

/**
 * Installs every package of the release from the registry (not from the tarballs: what is
 * tested is what the registry serves) into an empty folder, checks their versions and runs
 * the smoke command there.
 */
async function installTest(config: ReleaseConfig, context: StepContext, packages: ReleasePackage[]): Promise<void> {
  const { exec, log } = context;
  const dir = await mkdtemp(join(tmpdir(), 'certwright-install-test-'));
  await run(exec, 'install-test', 'npm', ['init', '-y'], { cwd: dir, silent: true });
  const specs = packages.map((p) => `${p.name}@${p.version}`);
  await run(exec, 'install-test', 'npm', ['install', '--no-audit', '--no-fund', ...registryArgs(config), ...specs], {
    cwd: dir,
    env: tokenEnv(config),
  });
  for (const pkg of packages) {
    const installed = (await readPackageJson(join(dir, 'node_modules', pkg.name)).catch(() => ({}))) as PackageJson;
    if (installed.version !== pkg.version)
      throw new Error(
        `install-test: npm installed ${pkg.name}@${installed.version ?? '(nothing)'}, not ${pkg.version}`,
      );
  }
  log(`install-test: ${specs.join(', ')} installed from ${config.registry ?? "npm's registry"} into ${dir}`);
  if (config.smoke)
    await runSmoke(context, config.smoke, {
      cwd: dir,
      bin: join(dir, 'node_modules', '.bin'),
      env: { RELEASE_VERSION: packages[0]?.version },
    });
}

/** One step of the npm release: check, pack, publish (under the staging tag), install-test, promote. */
export async function npmStep(config: ReleaseConfig, context: StepContext): Promise<StepResult> {
  const { exec, log } = context;
  const { version, packages } = await npmPackages(config);
  switch (config.step) {
    case 'check':
      log(`check: ${config.tag} is ${version}, the version of ${packages.map((p) => p.name).join(', ')}`);
      return { version, packages };
    case 'pack': {
      const packed = await pack(config, exec, packages);
      log(`pack: ${packed.flatMap((p) => p.files).join(', ')} and SHA256SUMS`);
      return { version, packages: packed };
    }
    case 'publish': {
      const packed = await packedTarballs(config, packages);
      const provenance = wantsProvenance(config, context.env) ? ['--provenance'] : [];
      for (const pkg of packed) {
        // Under the staging dist-tag: nobody installs it by default until it is verified and promoted.
        await run(
          exec,
          `publish ${pkg.name}`,
          'npm',
          [
            'publish',
            pkg.files[0] as string,
            '--tag',
            config.stagingTag,
            '--access',
            'public',
            ...provenance,
            ...registryArgs(config),
          ],
          { env: tokenEnv(config) },
        );
      }
      log(`publish: ${packed.map((p) => `${p.name}@${version}`).join(', ')} under the dist-tag ${config.stagingTag}`);
      return { version, packages: packed };
    }
    case 'install-test':
      await installTest(config, context, packages);
      return { version, packages };
    case 'promote':
      for (const pkg of packages) {
        await run(
          exec,
          `promote ${pkg.name}`,
          'npm',
          ['dist-tag', 'add', `${pkg.name}@${version}`, 'latest', ...registryArgs(config)],
          { env: tokenEnv(config) },
        );
        // The staging tag has done its job; a failure to remove it loses nothing.
        const removed = await exec('npm', ['dist-tag', 'rm', pkg.name, config.stagingTag, ...registryArgs(config)], {
          env: tokenEnv(config),
          silent: true,
        });
        if (removed.code !== 0)
          log(
            `promote: the dist-tag ${config.stagingTag} of ${pkg.name} stays ` +
              `(npm dist-tag rm exited with ${removed.code})`,
          );
      }
      log(`promote: ${packages.map((p) => `${p.name}@${version}`).join(', ')} is latest`);
      return { version, packages };
    default:
      throw new Error(`step: "${config.step}" is not an npm release step`);
  }
}
